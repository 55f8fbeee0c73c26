/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-acceptance-form.c: the 履约验收 stage form (DOMAIN.md §1.6): the acceptance team with their
 * signatures, a result for each standard of the contract (实施条例 第45条), the conclusion and
 * opinions, the service recipients' opinion for public services, and the date. An e-mall order
 * is accepted by confirming receipt, which the form says instead.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gp-acceptance-form.h"
#include "gp-form-fields.h"
#include "gp-app-labels.h"
#include "gp-validate.h"

typedef struct {
  GtkWidget *row;
  GtkWidget *name_row;
  GtkWidget *role_row;
  GtkWidget *signed_switch;
  guint      number;  /* 1-based, for the title while the name is empty */
} MemberRow;

typedef struct {
  char      *criterion;
  char      *required;
  GtkWidget *row;
  GtkWidget *actual_row;
  GtkWidget *passed_switch;
} ResultRow;

static void
result_row_free (ResultRow *r)
{
  g_free (r->criterion);
  g_free (r->required);
  g_free (r);
}

struct _GpAcceptanceForm
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack       *mode_stack;
  AdwStatusPage  *mall_page;
  AdwActionRow   *contract_row;
  AdwEntryRow    *date_row;
  AdwEntryRow    *plan_row;
  AdwEntryRow    *third_party_row;
  GtkButton      *add_member_button;
  GtkListBox     *team_list;
  GtkLabel       *team_problems;
  GtkListBox     *results_list;
  GtkLabel       *results_problems;
  AdwComboRow    *conclusion_row;
  AdwEntryRow    *issues_row;
  AdwEntryRow    *team_opinion_row;
  AdwEntryRow    *purchaser_opinion_row;
  AdwEntryRow    *recipients_row;
  GtkSwitch      *supplier_confirmed_switch;
  GtkLabel       *conclusion_problems;

  /* Owned references */
  GPtrArray      *members;  /* MemberRow* */
  GPtrArray      *results;  /* ResultRow* */
  char           *contract_id;
  char           *acceptance_id;

  GpStageFormContext context;
  const char    *mode;
  gboolean       loading;
  gboolean       recipients_required;
};

static void gp_acceptance_form_stage_form_init (GpStageFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpAcceptanceForm, gp_acceptance_form, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_STAGE_FORM, gp_acceptance_form_stage_form_init))

static void
changed (GpAcceptanceForm *self)
{
  if (!self->loading)
    gp_stage_form_emit_changed (GP_STAGE_FORM (self));
}

/* The forms' text rows are AdwEntryRows: the shared helpers of gp-form-fields.c. */
static char *
dup_text (gpointer editable)
{
  return gp_form_dup_text (ADW_ENTRY_ROW (editable));
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gp_form_set_text (ADW_ENTRY_ROW (editable), text);
}

static void
set_editable (GtkWidget *widget,
              gboolean   editable)
{
  if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_editable (GTK_EDITABLE (widget), editable);
  else
    gtk_widget_set_sensitive (widget, editable);
}

static void
field_changed_cb (GpAcceptanceForm *self)
{
  changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * Team
 */

static void remove_member_cb (GtkButton *button, GpAcceptanceForm *self);

/* The member's row, collapsed: the name as its title, "组长 · 已签字" under it. */
static void
update_member_summary (MemberRow *m)
{
  g_autofree char *name = dup_text (m->name_row);
  g_autofree char *role = dup_text (m->role_row);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *signed_text = gtk_switch_get_active (GTK_SWITCH (m->signed_switch))
                            /* Translators: a team member's summary: 已签字. */
                            ? _("Signed")
                            /* Translators: a team member's summary: 未签字. */
                            : _("Not signed yet");

  if (name == NULL)
    /* Translators: a team member's expander title, 成员 %u. */
    title = g_strdup_printf (_("Member %u"), m->number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->row), name != NULL ? name : title);
  subtitle = role != NULL ? g_strdup_printf ("%s · %s", role, signed_text) : g_strdup (signed_text);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (m->row), subtitle);
}

static MemberRow *
add_member_row (GpAcceptanceForm   *self,
                const GpTeamMember *member)
{
  MemberRow *m = g_new0 (MemberRow, 1);
  GtkWidget *signed_row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  guint n = self->members->len + 1;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  gboolean editable = self->context.editable;

  m->row = adw_expander_row_new ();
  m->number = n;
  /* Translators: a team member's expander title, 成员 %u. */
  title = g_strdup_printf (_("Member %u"), n);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (m->row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  m->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->name_row), _("Name"));
  /* Translators: accessible names, 成员 %u 姓名 / 职责 / 已签字. */
  label = g_strdup_printf (_("Member %u name"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->name_row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  set_editable (m->name_row, editable);
  g_signal_connect_swapped (m->name_row, "changed", G_CALLBACK (field_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (m->row), m->name_row);

  m->role_row = adw_entry_row_new ();
  /* Translators: 职责（组长、专家、使用人…）. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->role_row), _("Role (leader, expert, user…)"));
  g_free (label);
  label = g_strdup_printf (_("Member %u role"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->role_row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  set_editable (m->role_row, editable);
  g_signal_connect_swapped (m->role_row, "changed", G_CALLBACK (field_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (m->row), m->role_row);

  m->signed_switch = gtk_switch_new ();
  gtk_widget_set_valign (m->signed_switch, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (m->signed_switch, editable);
  /* Translators: 已在验收书上签字. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (signed_row), _("Signed the acceptance report"));
  g_free (label);
  label = g_strdup_printf (_("Member %u signed"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (m->signed_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (signed_row), m->signed_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (signed_row), m->signed_switch);
  g_signal_connect_swapped (m->signed_switch, "notify::active", G_CALLBACK (field_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (m->row), signed_row);

  g_free (label);
  /* Translators: 删除成员 %u. */
  label = g_strdup_printf (_("Remove member %u"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (remove, label);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_sensitive (remove, editable);
  g_object_set_data (G_OBJECT (remove), "gp-member", m);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_member_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (m->row), remove);

  if (member != NULL)
    {
      set_text (m->name_row, member->name);
      set_text (m->role_row, member->role);
      gtk_switch_set_active (GTK_SWITCH (m->signed_switch), member->has_signed);
    }
  update_member_summary (m);
  g_signal_connect_swapped (m->name_row, "changed", G_CALLBACK (update_member_summary), m);
  g_signal_connect_swapped (m->role_row, "changed", G_CALLBACK (update_member_summary), m);
  g_signal_connect_swapped (m->signed_switch, "notify::active", G_CALLBACK (update_member_summary), m);

  gtk_list_box_append (self->team_list, m->row);
  g_ptr_array_add (self->members, m);
  return m;
}

static void
remove_member_cb (GtkButton        *button,
                  GpAcceptanceForm *self)
{
  MemberRow *m = g_object_get_data (G_OBJECT (button), "gp-member");

  gtk_list_box_remove (self->team_list, m->row);
  g_ptr_array_remove (self->members, m);
  changed (self);
}

static void
add_member_cb (GpAcceptanceForm *self)
{
  MemberRow *m = add_member_row (self, NULL);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (m->row), TRUE);
  gtk_widget_grab_focus (m->name_row);
  changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * Results
 */

/* The standard's row, collapsed: "达标 · 实际情况" under the standard, as the form would store it. */
static void
update_result_summary (ResultRow *r)
{
  g_autofree char *actual = dup_text (r->actual_row);
  gboolean passed = gtk_switch_get_active (GTK_SWITCH (r->passed_switch));
  /* Translators: 合格 / 不合格 / 未填写, a criterion's state. */
  const char *state = passed ? _("Met") : actual != NULL ? _("Not met") : _("Not filled in");
  g_autofree char *subtitle = actual != NULL ? g_strdup_printf ("%s · %s", state, actual) : g_strdup (state);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (r->row), subtitle);
}

static ResultRow *
add_result_row (GpAcceptanceForm        *self,
                const char              *criterion,
                const GpCriterionResult *result)
{
  ResultRow *r = g_new0 (ResultRow, 1);
  GtkWidget *passed_row = adw_action_row_new ();
  g_autofree char *label = NULL;
  gboolean editable = self->context.editable;

  r->criterion = g_strdup (criterion);
  r->required = g_strdup (result != NULL ? result->required : NULL);
  r->row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), criterion);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (r->row), FALSE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (r->row), result == NULL);

  r->actual_row = adw_entry_row_new ();
  /* Translators: 实际履约情况. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->actual_row), _("Actual performance"));
  /* Translators: accessible names, %s is the standard: "实际履约情况：%s", "达标：%s". */
  label = g_strdup_printf (_("Actual performance: %s"), criterion);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->actual_row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  set_editable (r->actual_row, editable);
  g_signal_connect_swapped (r->actual_row, "changed", G_CALLBACK (field_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), r->actual_row);

  r->passed_switch = gtk_switch_new ();
  gtk_widget_set_valign (r->passed_switch, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (r->passed_switch, editable);
  /* Translators: 达到合同标准. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (passed_row), _("Meets the contract’s standard"));
  g_free (label);
  label = g_strdup_printf (_("Met: %s"), criterion);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->passed_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (passed_row), r->passed_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (passed_row), r->passed_switch);
  g_signal_connect_swapped (r->passed_switch, "notify::active", G_CALLBACK (field_changed_cb), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (r->row), passed_row);

  if (result != NULL)
    {
      set_text (r->actual_row, result->actual);
      gtk_switch_set_active (GTK_SWITCH (r->passed_switch), result->passed);
    }
  update_result_summary (r);
  g_signal_connect_swapped (r->actual_row, "changed", G_CALLBACK (update_result_summary), r);
  g_signal_connect_swapped (r->passed_switch, "notify::active", G_CALLBACK (update_result_summary), r);

  gtk_list_box_append (self->results_list, r->row);
  g_ptr_array_add (self->results, r);
  return r;
}

static void
clear_rows (GpAcceptanceForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->team_list))) != NULL)
    gtk_list_box_remove (self->team_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  g_ptr_array_set_size (self->members, 0);
  g_ptr_array_set_size (self->results, 0);
}

/* ------------------------------------------------------------------------------------------------
 * GpStageForm
 */

static GpStage
gp_acceptance_form_get_stage (GpStageForm *form)
{
  return GP_STAGE_ACCEPTANCE;
}

static const GpCriterionResult *
find_result (const GpAcceptance *a,
             const char         *criterion)
{
  for (guint i = 0; a != NULL && i < a->results->len; i++)
    {
      const GpCriterionResult *r = g_ptr_array_index (a->results, i);

      if (g_strcmp0 (r->criterion, criterion) == 0)
        return r;
    }
  return NULL;
}

static void
load_mall (GpAcceptanceForm *self,
           const GpProject  *project)
{
  const GpMallOrder *order = project->execution->mall;
  g_autofree char *text = NULL;

  if (order->status == GP_MALL_ORDER_STATUS_RECEIVED)
    {
      GDate date;
      g_autofree char *day = NULL;

      gp_date_from_usec_china (order->received, &date);
      day = gp_date_is_set (&date) ? gp_format_form_date (&date) : g_strdup ("");
      /* Translators: 已于 %s 确认收货，订单验收完成。 */
      text = g_strdup_printf (_("Receipt was confirmed on %s; the order is accepted."), day);
    }
  else
    /* Translators: 电子卖场订单：供应商确认送达后，在采购执行页确认收货并评价供应商，即完成验收。 */
    text = g_strdup (_("An e-mall order is accepted by confirming receipt once the supplier confirms delivery; rate the supplier on the execution page."));
  adw_status_page_set_description (self->mall_page, text);
}

static void
gp_acceptance_form_load (GpStageForm              *form,
                         const GpProject          *project,
                         const GpStageFormContext *context)
{
  GpAcceptanceForm *self = GP_ACCEPTANCE_FORM (form);
  const GpAcceptance *a = NULL;
  const GpContract *c = NULL;
  gboolean editable = context->editable;
  g_autofree char *contract_text = NULL;

  self->loading = TRUE;
  self->context = *context;
  self->context.today = NULL;
  clear_rows (self);
  g_clear_pointer (&self->contract_id, g_free);
  g_clear_pointer (&self->acceptance_id, g_free);

  if (project->execution != NULL && project->execution->kind == GP_EXECUTION_KIND_MALL &&
      project->execution->mall != NULL && project->contracts->len == 0)
    {
      self->mode = "mall";
      load_mall (self, project);
      gtk_stack_set_visible_child_name (self->mode_stack, self->mode);
      self->loading = FALSE;
      return;
    }

  if (project->acceptances->len > 0)
    {
      a = g_ptr_array_index (project->acceptances, project->acceptances->len - 1);
      c = gp_project_find_contract (project, a->contract_id);
    }
  if (c == NULL && project->contracts->len > 0)
    c = g_ptr_array_index (project->contracts, project->contracts->len - 1);
  if (c == NULL)
    {
      self->mode = "none";
      gtk_stack_set_visible_child_name (self->mode_stack, self->mode);
      self->loading = FALSE;
      return;
    }

  self->mode = "report";
  self->contract_id = g_strdup (c->id);
  self->acceptance_id = g_strdup (a != NULL ? a->id : NULL);

  /* Translators: the contract row: its number and title. */
  contract_text = g_strdup_printf (_("%s · %s"), c->number != NULL ? c->number : "", c->title != NULL ? c->title : "");
  adw_action_row_set_subtitle (self->contract_row, contract_text);

  if (a != NULL && gp_date_is_set (&a->date))
    {
      g_autofree char *date = gp_form_date_text (&a->date, FALSE);

      set_text (self->date_row, date);
    }
  else
    set_text (self->date_row, NULL);
  set_text (self->plan_row, a ? a->plan : NULL);
  set_text (self->third_party_row, a ? a->third_party : NULL);
  for (guint i = 0; a != NULL && i < a->team->len; i++)
    add_member_row (self, g_ptr_array_index (a->team, i));

  for (guint i = 0; i < c->acceptance_criteria->len; i++)
    {
      const char *criterion = g_ptr_array_index (c->acceptance_criteria, i);

      add_result_row (self, criterion, find_result (a, criterion));
    }
  /* Results for standards the contract no longer lists stay visible. */
  for (guint i = 0; a != NULL && i < a->results->len; i++)
    {
      const GpCriterionResult *r = g_ptr_array_index (a->results, i);
      gboolean listed = FALSE;

      for (guint k = 0; k < c->acceptance_criteria->len && !listed; k++)
        listed = g_strcmp0 (g_ptr_array_index (c->acceptance_criteria, k), r->criterion) == 0;
      if (!listed && r->criterion != NULL)
        add_result_row (self, r->criterion, r);
    }
  if (self->results->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      /* Translators: 合同未列出验收标准：请在合同备案页补充. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The contract lists no standards; add them on the contract page"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->results_list, row);
    }

  adw_combo_row_set_selected (self->conclusion_row, a ? (guint) a->conclusion : 0);
  set_text (self->issues_row, a ? a->issues : NULL);
  set_text (self->team_opinion_row, a ? a->team_opinion : NULL);
  set_text (self->purchaser_opinion_row, a ? a->purchaser_opinion : NULL);
  set_text (self->recipients_row, a ? a->recipients_opinion : NULL);
  gtk_switch_set_active (self->supplier_confirmed_switch, a ? a->supplier_confirmed : FALSE);

  /* 实施条例 第45条: services provided to the public ask those they serve. */
  self->recipients_required = project->plan != NULL && project->plan->public_service;
  gtk_widget_set_visible (GTK_WIDGET (self->recipients_row),
                          self->recipients_required || (a != NULL && a->recipients_opinion != NULL));

  set_editable (GTK_WIDGET (self->date_row), editable);
  set_editable (GTK_WIDGET (self->plan_row), editable);
  set_editable (GTK_WIDGET (self->third_party_row), editable);
  set_editable (GTK_WIDGET (self->conclusion_row), editable);
  set_editable (GTK_WIDGET (self->issues_row), editable);
  set_editable (GTK_WIDGET (self->team_opinion_row), editable);
  set_editable (GTK_WIDGET (self->purchaser_opinion_row), editable);
  set_editable (GTK_WIDGET (self->recipients_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->supplier_confirmed_switch), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->add_member_button), editable);

  gtk_stack_set_visible_child_name (self->mode_stack, self->mode);
  self->loading = FALSE;
}

static void
gp_acceptance_form_store (GpStageForm *form,
                          GpProject   *project)
{
  GpAcceptanceForm *self = GP_ACCEPTANCE_FORM (form);
  GpAcceptance *a = NULL;
  g_autofree char *date_text = NULL;

  if (g_strcmp0 (self->mode, "report") != 0)
    return;

  for (guint i = 0; self->acceptance_id != NULL && i < project->acceptances->len; i++)
    {
      GpAcceptance *candidate = g_ptr_array_index (project->acceptances, i);

      if (g_strcmp0 (candidate->id, self->acceptance_id) == 0)
        a = candidate;
    }
  if (a == NULL)
    {
      a = gp_acceptance_new ();
      a->id = self->acceptance_id != NULL ? g_strdup (self->acceptance_id) : g_uuid_string_random ();
      g_ptr_array_add (project->acceptances, a);
      if (self->acceptance_id == NULL)
        self->acceptance_id = g_strdup (a->id);
    }
  g_free (a->contract_id);
  a->contract_id = g_strdup (self->contract_id);

  date_text = dup_text (self->date_row);
  if (!gp_form_parse_date (date_text, FALSE, &a->date))
    gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  g_free (a->plan);
  a->plan = dup_text (self->plan_row);
  g_free (a->third_party);
  a->third_party = dup_text (self->third_party_row);

  g_ptr_array_set_size (a->team, 0);
  for (guint i = 0; i < self->members->len; i++)
    {
      MemberRow *m = g_ptr_array_index (self->members, i);
      GpTeamMember *member = gp_team_member_new ();

      member->name = dup_text (m->name_row);
      member->role = dup_text (m->role_row);
      member->has_signed = gtk_switch_get_active (GTK_SWITCH (m->signed_switch));
      if (member->name == NULL && member->role == NULL)
        {
          gp_team_member_free (member);
          continue;
        }
      g_ptr_array_add (a->team, member);
    }

  g_ptr_array_set_size (a->results, 0);
  for (guint i = 0; i < self->results->len; i++)
    {
      ResultRow *r = g_ptr_array_index (self->results, i);
      GpCriterionResult *result = gp_criterion_result_new ();
      g_autofree char *actual = dup_text (r->actual_row);
      gboolean passed = gtk_switch_get_active (GTK_SWITCH (r->passed_switch));

      /* A standard nobody has looked at yet has no result (validation then names it). */
      if (actual == NULL && !passed)
        {
          gp_criterion_result_free (result);
          continue;
        }
      result->criterion = g_strdup (r->criterion);
      result->required = g_strdup (r->required);
      result->actual = g_steal_pointer (&actual);
      result->passed = passed;
      g_ptr_array_add (a->results, result);
    }

  a->conclusion = (GpAcceptanceConclusion) adw_combo_row_get_selected (self->conclusion_row);
  g_free (a->issues);
  a->issues = dup_text (self->issues_row);
  g_free (a->team_opinion);
  a->team_opinion = dup_text (self->team_opinion_row);
  g_free (a->purchaser_opinion);
  a->purchaser_opinion = dup_text (self->purchaser_opinion_row);
  g_free (a->recipients_opinion);
  a->recipients_opinion = dup_text (self->recipients_row);
  a->supplier_confirmed = gtk_switch_get_active (self->supplier_confirmed_switch);
}

static void
gp_acceptance_form_show_problems (GpStageForm *form,
                                  GPtrArray   *problems)
{
  GpAcceptanceForm *self = GP_ACCEPTANCE_FORM (form);
  g_autoptr(GString) team = g_string_new (NULL);
  g_autoptr(GString) results = g_string_new (NULL);
  g_autoptr(GString) conclusion = g_string_new (NULL);

  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->conclusion_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->recipients_row), "error");

  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *problem = g_ptr_array_index (problems, i);
      const char *field;
      GString *target;

      if (!g_str_has_prefix (problem->path, "acceptances") &&
          !(problem->path[0] == '\0' && g_str_has_prefix (problem->code, "acceptance")))
        continue;
      field = strchr (problem->path, '.');
      field = field != NULL ? field + 1 : "";
      if (g_str_has_prefix (field, "team"))
        target = team;
      else if (g_str_has_prefix (field, "results"))
        target = results;
      else
        {
          target = conclusion;
          if (g_str_has_prefix (field, "date"))
            gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
          else if (g_str_has_prefix (field, "conclusion"))
            gtk_widget_add_css_class (GTK_WIDGET (self->conclusion_row), "error");
          else if (g_str_has_prefix (field, "recipients"))
            gtk_widget_add_css_class (GTK_WIDGET (self->recipients_row), "error");
        }
      if (strstr (target->str, problem->message) == NULL)
        g_string_append_printf (target, "%s%s", target->len > 0 ? "\n" : "", problem->message);
    }

  gtk_label_set_text (self->team_problems, team->str);
  gtk_widget_set_visible (GTK_WIDGET (self->team_problems), team->len > 0);
  gtk_label_set_text (self->results_problems, results->str);
  gtk_widget_set_visible (GTK_WIDGET (self->results_problems), results->len > 0);
  gtk_label_set_text (self->conclusion_problems, conclusion->str);
  gtk_widget_set_visible (GTK_WIDGET (self->conclusion_problems), conclusion->len > 0);
}

static void
gp_acceptance_form_stage_form_init (GpStageFormInterface *iface)
{
  iface->get_stage = gp_acceptance_form_get_stage;
  iface->load = gp_acceptance_form_load;
  iface->store = gp_acceptance_form_store;
  iface->show_problems = gp_acceptance_form_show_problems;
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

GpAcceptanceForm *
gp_acceptance_form_new (void)
{
  return g_object_new (GP_TYPE_ACCEPTANCE_FORM, NULL);
}

const char *
gp_acceptance_form_get_mode (GpAcceptanceForm *self)
{
  g_return_val_if_fail (GP_IS_ACCEPTANCE_FORM (self), NULL);

  return self->mode;
}

guint
gp_acceptance_form_get_n_criteria (GpAcceptanceForm *self)
{
  g_return_val_if_fail (GP_IS_ACCEPTANCE_FORM (self), 0);

  return self->results->len;
}

gboolean
gp_acceptance_form_get_recipients_required (GpAcceptanceForm *self)
{
  g_return_val_if_fail (GP_IS_ACCEPTANCE_FORM (self), FALSE);

  return self->recipients_required;
}

void
gp_acceptance_form_add_member (GpAcceptanceForm *self,
                               const char       *name,
                               const char       *role,
                               gboolean          has_signed)
{
  MemberRow *m;

  g_return_if_fail (GP_IS_ACCEPTANCE_FORM (self));

  m = add_member_row (self, NULL);
  set_text (m->name_row, name);
  set_text (m->role_row, role);
  gtk_switch_set_active (GTK_SWITCH (m->signed_switch), has_signed);
  changed (self);
}

void
gp_acceptance_form_set_result (GpAcceptanceForm *self,
                               guint             index,
                               const char       *actual,
                               gboolean          passed)
{
  ResultRow *r;

  g_return_if_fail (GP_IS_ACCEPTANCE_FORM (self));
  g_return_if_fail (index < self->results->len);

  r = g_ptr_array_index (self->results, index);
  set_text (r->actual_row, actual);
  gtk_switch_set_active (GTK_SWITCH (r->passed_switch), passed);
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
gp_acceptance_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GP_TYPE_ACCEPTANCE_FORM);

  G_OBJECT_CLASS (gp_acceptance_form_parent_class)->dispose (object);
}

static void
gp_acceptance_form_finalize (GObject *object)
{
  GpAcceptanceForm *self = GP_ACCEPTANCE_FORM (object);

  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self->contract_id);
  g_free (self->acceptance_id);

  G_OBJECT_CLASS (gp_acceptance_form_parent_class)->finalize (object);
}

static void
gp_acceptance_form_class_init (GpAcceptanceFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_acceptance_form_dispose;
  object_class->finalize = gp_acceptance_form_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-acceptance-form.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GpAcceptanceForm, name)
  BIND (mode_stack);
  BIND (mall_page);
  BIND (contract_row);
  BIND (date_row);
  BIND (plan_row);
  BIND (third_party_row);
  BIND (add_member_button);
  BIND (team_list);
  BIND (team_problems);
  BIND (results_list);
  BIND (results_problems);
  BIND (conclusion_row);
  BIND (issues_row);
  BIND (team_opinion_row);
  BIND (purchaser_opinion_row);
  BIND (recipients_row);
  BIND (supplier_confirmed_switch);
  BIND (conclusion_problems);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, add_member_cb);
}

static void
gp_acceptance_form_init (GpAcceptanceForm *self)
{
  self->members = g_ptr_array_new_with_free_func (g_free);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_row_free);
  self->mode = "none";

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->plan_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->third_party_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->conclusion_row, "notify::selected", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->issues_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->team_opinion_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->purchaser_opinion_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->recipients_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->supplier_confirmed_switch, "notify::active", G_CALLBACK (field_changed_cb), self);
}
