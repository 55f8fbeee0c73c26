/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-intention-form.c: the 采购意向公开 stage form (DOMAIN.md §1.2): name, requirement summary,
 * budget, expected month, basis, and the urgent exemption with its reason.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-form-fields.h"
#include "gp-intention-form.h"

struct _GpIntentionForm
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget       *box;
  AdwEntryRow     *name_row;
  AdwEntryRow     *summary_row;
  AdwEntryRow     *budget_row;
  AdwEntryRow     *month_row;
  AdwComboRow     *basis_row;
  AdwEntryRow     *remarks_row;
  AdwExpanderRow  *exempt_row;
  AdwEntryRow     *reason_row;
  AdwActionRow    *published_row;
  AdwActionRow    *approval_row;
  GtkLabel        *other_label;

  GtkLabel        *budget_hint;
  GtkLabel        *month_hint;
  GpFormFields    *fields;
  gboolean         loading;
};

static void gp_intention_form_stage_form_init (GpStageFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpIntentionForm, gp_intention_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_STAGE_FORM, gp_intention_form_stage_form_init))

static void
update_hints (GpIntentionForm *self)
{
  g_autofree char *message = NULL;
  g_autofree char *hint = NULL;
  gint64 budget = 0;
  GDate month;

  if (gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->budget_row)), &budget, &message))
    hint = gp_form_money_hint (budget);
  gtk_label_set_text (self->budget_hint, hint != NULL ? hint : "");
  gp_form_fields_set_local (self->fields, "intention.budget", message);

  g_clear_pointer (&hint, g_free);
  if (gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->month_row)), TRUE, &month))
    {
      gp_form_fields_set_local (self->fields, "intention.expected_month", NULL);
      if (gp_date_is_set (&month))
        hint = gp_form_format_month (&month);
    }
  else
    /* Translators: under the month field, 请按“2026-11”的格式填写年月. */
    gp_form_fields_set_local (self->fields, "intention.expected_month",
                              _("Type the year and month as 2026-11."));
  gtk_label_set_text (self->month_hint, hint != NULL ? hint : "");
}

static void
field_changed_cb (GpIntentionForm *self)
{
  update_hints (self);
  if (!self->loading)
    gp_stage_form_emit_changed (GP_STAGE_FORM (self));
}

static GpStage
gp_intention_form_get_stage (GpStageForm *form)
{
  return GP_STAGE_INTENTION;
}

static void
gp_intention_form_load (GpStageForm              *form,
                        const GpProject          *project,
                        const GpStageFormContext *context)
{
  GpIntentionForm *self = GP_INTENTION_FORM (form);
  g_autoptr(GpIntention) empty = gp_intention_new ();
  const GpIntention *in = project->intention != NULL ? project->intention : empty;
  g_autofree char *budget = gp_form_money_text (in->budget);
  g_autofree char *month = gp_form_date_text (&in->expected_month, TRUE);
  g_autofree char *published = gp_form_format_datetime (in->published);
  g_autofree char *approval = gp_form_describe_approval (&in->approval);

  self->loading = TRUE;
  gp_form_set_text (self->name_row, in->name);
  gp_form_set_text (self->summary_row, in->summary);
  gp_form_set_text (self->budget_row, budget);
  gp_form_set_text (self->month_row, month);
  gp_form_set_text (self->remarks_row, in->remarks);
  adw_combo_row_set_selected (self->basis_row, in->basis);
  adw_expander_row_set_enable_expansion (self->exempt_row, in->exempt);
  adw_expander_row_set_expanded (self->exempt_row, in->exempt);
  gp_form_set_text (self->reason_row, in->exemption_reason);
  adw_action_row_set_subtitle (self->published_row, published);
  adw_action_row_set_subtitle (self->approval_row, approval);
  gtk_widget_set_sensitive (self->box, context->editable);
  update_hints (self);
  self->loading = FALSE;
}

static void
gp_intention_form_store (GpStageForm *form,
                         GpProject   *project)
{
  GpIntentionForm *self = GP_INTENTION_FORM (form);
  GpIntention *in;
  gint64 budget = 0;

  if (project->intention == NULL)
    project->intention = gp_intention_new ();
  in = project->intention;

  g_free (in->name);
  in->name = gp_form_dup_text (self->name_row);
  g_free (in->summary);
  in->summary = gp_form_dup_text (self->summary_row);
  if (gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->budget_row)), &budget, NULL))
    in->budget = budget;
  gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->month_row)), TRUE, &in->expected_month);
  g_free (in->remarks);
  in->remarks = gp_form_dup_text (self->remarks_row);
  in->basis = (GpDisclosureBasis) adw_combo_row_get_selected (self->basis_row);
  in->exempt = adw_expander_row_get_enable_expansion (self->exempt_row);
  g_free (in->exemption_reason);
  in->exemption_reason = in->exempt ? gp_form_dup_text (self->reason_row) : NULL;
}

static void
gp_intention_form_show_problems (GpStageForm *form,
                                 GPtrArray   *problems)
{
  GpIntentionForm *self = GP_INTENTION_FORM (form);
  static const char * const prefixes[] = { "intention", NULL };

  gp_form_fields_show (self->fields, problems, prefixes, self->other_label);
  g_object_set_data (G_OBJECT (self), "gp-first-problem", gp_form_fields_get_first (self->fields));
}

static void
gp_intention_form_stage_form_init (GpStageFormInterface *iface)
{
  iface->get_stage = gp_intention_form_get_stage;
  iface->load = gp_intention_form_load;
  iface->store = gp_intention_form_store;
  iface->show_problems = gp_intention_form_show_problems;
}

static void
gp_intention_form_dispose (GObject *object)
{
  GpIntentionForm *self = GP_INTENTION_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_INTENTION_FORM);
  g_clear_pointer (&self->fields, gp_form_fields_free);

  G_OBJECT_CLASS (gp_intention_form_parent_class)->dispose (object);
}

static void
gp_intention_form_class_init (GpIntentionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_intention_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-intention-form.ui");
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, box);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, name_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, summary_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, budget_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, month_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, basis_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, remarks_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, exempt_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, reason_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, published_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, approval_row);
  gtk_widget_class_bind_template_child (widget_class, GpIntentionForm, other_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
}

static void
gp_intention_form_init (GpIntentionForm *self)
{
  self->loading = TRUE;
  self->fields = gp_form_fields_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->budget_hint = gp_form_add_hint (self->budget_row);
  self->month_hint = gp_form_add_hint (self->month_row);
  gp_form_fields_add (self->fields, GTK_WIDGET (self->name_row), "intention.name");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->summary_row), "intention.summary");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->budget_row), "intention.budget");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->month_row), "intention.expected_month");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->basis_row), "intention.basis");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->remarks_row), "intention.remarks");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->exempt_row), "intention.exempt");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->reason_row), "intention.exemption_reason");
  self->loading = FALSE;
}
