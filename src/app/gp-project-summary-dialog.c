/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-summary-dialog.c: a read-only summary of one project: what it is, where it stands,
 * its legal deadlines and whether this computer's copy is on the platform yet. The full project
 * page with its stage forms replaces it (issue 7).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-deadlines.h"
#include "gp-money.h"
#include "gp-project-summary-dialog.h"

struct _GpProjectSummaryDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *overview_group;
  AdwPreferencesGroup *deadlines_group;
};

G_DEFINE_FINAL_TYPE (GpProjectSummaryDialog, gp_project_summary_dialog, ADW_TYPE_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         const char          *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL && *value != '\0' ? value : _("(empty)"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_add_css_class (label, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (row, css_class);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_add (group, row);
}

static const char *
sync_state_label (const GpStoredProject *stored)
{
  if (stored->conflict != NULL || stored->conflict_deleted)
    /* Translators: 本机和平台的版本有冲突. */
    return _("Changed here and on the platform");

  switch (stored->sync_state)
    {
    /* Translators: 已同步. */
    case GP_SYNC_STATE_SYNCED:   return _("Synced with the platform");
    /* Translators: 仅在本机，尚未发送. */
    case GP_SYNC_STATE_CREATED:  return _("Only on this computer, not sent yet");
    /* Translators: 本机有未发送的修改. */
    case GP_SYNC_STATE_MODIFIED: return _("Changed on this computer, not sent yet");
    /* Translators: 已删除，等待发送. */
    case GP_SYNC_STATE_DELETED:  return _("Deleted, waiting to be sent");
    default:                     return "";
    }
}

GpProjectSummaryDialog *
gp_project_summary_dialog_new (const GpStoredProject *stored)
{
  GpProjectSummaryDialog *self;
  const GpProject *p;
  g_autoptr(GPtrArray) deadlines = NULL;
  g_autofree char *budget = NULL;
  const char *name;
  const char *code = NULL;
  gint64 budget_fen = 0;
  GDate today;

  g_return_val_if_fail (stored != NULL && stored->project != NULL, NULL);

  self = g_object_new (GP_TYPE_PROJECT_SUMMARY_DIALOG, NULL);
  p = stored->project;
  name = gp_project_get_name (p);
  if (name == NULL || *name == '\0')
    name = _("Untitled Procurement Project");

  if (p->execution != NULL && p->execution->entrusted != NULL)
    code = p->execution->entrusted->project_code;
  if (p->plan != NULL && p->plan->total > 0)
    budget_fen = p->plan->total;
  else if (p->intention != NULL)
    budget_fen = p->intention->budget;
  if (budget_fen > 0)
    {
      g_autofree char *yuan = gp_money_format (budget_fen);
      g_autofree char *wan = gp_money_format_wan_with_unit (budget_fen);

      budget = g_strdup_printf ("%s（%s）", yuan, wan);
    }

  adw_window_title_set_subtitle (self->window_title, name);

  /* Translators: rows of the project summary: 项目名称, 项目编号, 采购人, 阶段, 状态, 预算金额, 本机副本. */
  add_row (self->overview_group, _("Project Name"), name, NULL);
  add_row (self->overview_group, _("Project Code"), code, NULL);
  add_row (self->overview_group, _("Purchaser"), p->purchaser.name, NULL);
  add_row (self->overview_group, _("Stage"), gp_stage_get_label (p->stage), NULL);
  add_row (self->overview_group, _("Status"), gp_project_state_get_label (p->status), NULL);
  add_row (self->overview_group, _("Budget"), budget, NULL);
  add_row (self->overview_group, _("Copy on This Computer"), sync_state_label (stored),
           stored->conflict != NULL || stored->conflict_deleted ? "error" : NULL);

  gp_date_get_today (&today);
  deadlines = gp_project_deadlines (p, gp_calendar_get_default (), &today, NULL);
  for (guint i = 0; deadlines != NULL && i < deadlines->len; i++)
    {
      const GpDeadline *d = g_ptr_array_index (deadlines, i);
      g_autofree char *left = gp_format_deadline_left (d, gp_calendar_get_default (), &today);
      g_autofree char *due = g_date_valid (&d->due) ? gp_format_form_date (&d->due) : NULL;
      g_autofree char *value = due != NULL ? g_strdup_printf ("%s · %s", due, left) : g_strdup (left);

      add_row (self->deadlines_group, d->what, value,
               d->state == GP_DEADLINE_OVERDUE ? "error" : d->days_left <= 2 ? "warning" : NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group), TRUE);
    }

  return self;
}

static void
gp_project_summary_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GP_TYPE_PROJECT_SUMMARY_DIALOG);

  G_OBJECT_CLASS (gp_project_summary_dialog_parent_class)->dispose (object);
}

static void
gp_project_summary_dialog_class_init (GpProjectSummaryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_project_summary_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-project-summary-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GpProjectSummaryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GpProjectSummaryDialog, overview_group);
  gtk_widget_class_bind_template_child (widget_class, GpProjectSummaryDialog, deadlines_group);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gp_project_summary_dialog_init (GpProjectSummaryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
