/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-stage-form.h: what the project page asks of each stage's form (issue 7).
 *
 * The project page shows one form per stage (采购意向公开 … 合同支付). A form shows a project's section,
 * writes the officer's edits back into a project, and marks the problems src/core finds on its fields.
 * It emits "changed" on every edit; the page then collects the edits (gp_stage_form_store), validates
 * the project, shows the problems (gp_stage_form_show_problems) and autosaves the draft.
 */
#pragma once

#include <gtk/gtk.h>

#include "gp-lifecycle.h"
#include "gp-project.h"

G_BEGIN_DECLS

#define GP_TYPE_STAGE_FORM (gp_stage_form_get_type ())

G_DECLARE_INTERFACE (GpStageForm, gp_stage_form, GP, STAGE_FORM, GtkWidget)

/**
 * GpStageFormContext:
 * @role: the signed-in account's role
 * @duties: its purchaser duties (经办 / 审核)
 * @editable: whether the stage can still be edited (its stage is current and the project is not legacy)
 * @today: the date deadlines are computed from
 */
typedef struct {
  GpRole       role;
  GpDuty       duties;
  gboolean     editable;
  const GDate *today;
} GpStageFormContext;

struct _GpStageFormInterface
{
  GTypeInterface parent_iface;

  GpStage (*get_stage)     (GpStageForm              *self);
  void    (*load)          (GpStageForm              *self,
                            const GpProject          *project,
                            const GpStageFormContext *context);
  void    (*store)         (GpStageForm              *self,
                            GpProject                *project);
  void    (*show_problems) (GpStageForm              *self,
                            GPtrArray                *problems);
};

GpStage gp_stage_form_get_stage     (GpStageForm              *self);
void    gp_stage_form_load          (GpStageForm              *self,
                                     const GpProject          *project,
                                     const GpStageFormContext *context);
void    gp_stage_form_store         (GpStageForm              *self,
                                     GpProject                *project);
void    gp_stage_form_show_problems (GpStageForm              *self,
                                     GPtrArray                *problems);
void    gp_stage_form_emit_changed  (GpStageForm              *self);

G_END_DECLS
