/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-acceptance-form.h: the 履约验收 stage form: team, a result per contract criterion, conclusion.
 */
#pragma once

#include <adwaita.h>

#include "gp-stage-form.h"

G_BEGIN_DECLS

#define GP_TYPE_ACCEPTANCE_FORM (gp_acceptance_form_get_type ())

G_DECLARE_FINAL_TYPE (GpAcceptanceForm, gp_acceptance_form, GP, ACCEPTANCE_FORM, GtkWidget)

GpAcceptanceForm *gp_acceptance_form_new              (void);
/* "report" (an acceptance report for a contract), "mall" (an e-mall order: confirming receipt is
 * the acceptance) or "none" (no contract yet). */
const char       *gp_acceptance_form_get_mode         (GpAcceptanceForm *self);
/* The criteria rows shown (one per standard of the contract). */
guint             gp_acceptance_form_get_n_criteria   (GpAcceptanceForm *self);
/* Whether the service recipients' opinion is asked for (public services, 实施条例 第45条). */
gboolean          gp_acceptance_form_get_recipients_required (GpAcceptanceForm *self);
/* Adds a member to the team (as the 添加成员 button does, then typing the name). */
void              gp_acceptance_form_add_member       (GpAcceptanceForm *self,
                                                       const char       *name,
                                                       const char       *role,
                                                       gboolean          has_signed);
/* Records the result of the @index-th criterion. */
void              gp_acceptance_form_set_result       (GpAcceptanceForm *self,
                                                       guint             index,
                                                       const char       *actual,
                                                       gboolean          passed);

G_END_DECLS
