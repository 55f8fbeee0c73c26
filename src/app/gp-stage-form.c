/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-stage-form.c: the interface of the project page's stage forms.
 */
#include "config.h"

#include "gp-stage-form.h"

G_DEFINE_INTERFACE (GpStageForm, gp_stage_form, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gp_stage_form_default_init (GpStageFormInterface *iface)
{
  /**
   * GpStageForm::changed:
   *
   * The officer edited a field of the form.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

GpStage
gp_stage_form_get_stage (GpStageForm *self)
{
  g_return_val_if_fail (GP_IS_STAGE_FORM (self), GP_STAGE_INTENTION);

  return GP_STAGE_FORM_GET_IFACE (self)->get_stage (self);
}

/**
 * gp_stage_form_load:
 * @project: the project to show; the form keeps no pointer to it
 * @context: who looks at it, and whether it can be edited
 */
void
gp_stage_form_load (GpStageForm              *self,
                    const GpProject          *project,
                    const GpStageFormContext *context)
{
  g_return_if_fail (GP_IS_STAGE_FORM (self));
  g_return_if_fail (project != NULL);
  g_return_if_fail (context != NULL);

  GP_STAGE_FORM_GET_IFACE (self)->load (self, project, context);
}

/**
 * gp_stage_form_store:
 * @project: the project to write the form's values into (its section is created if missing)
 */
void
gp_stage_form_store (GpStageForm *self,
                     GpProject   *project)
{
  g_return_if_fail (GP_IS_STAGE_FORM (self));
  g_return_if_fail (project != NULL);

  GP_STAGE_FORM_GET_IFACE (self)->store (self, project);
}

/**
 * gp_stage_form_show_problems:
 * @problems: (element-type GpProblem): every problem of the project; the form marks those whose path
 *   belongs to its fields and clears the marks of fields that have none
 */
void
gp_stage_form_show_problems (GpStageForm *self,
                             GPtrArray   *problems)
{
  g_return_if_fail (GP_IS_STAGE_FORM (self));
  g_return_if_fail (problems != NULL);

  GP_STAGE_FORM_GET_IFACE (self)->show_problems (self, problems);
}

void
gp_stage_form_emit_changed (GpStageForm *self)
{
  g_return_if_fail (GP_IS_STAGE_FORM (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
