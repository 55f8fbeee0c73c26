/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-page.c: a project (UI.md, "A project"): the header with its name, code and unit, the
 * stepper across the six stages with dates and the next legal deadline, one form per stage, the
 * primary action of the stage (confirmed, queued through the sync engine, its verdict shown), the
 * unit's internal approval, the autosave mark, and print / PDF / OCDS export.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gp-app-labels.h"
#include "gp-autosave.h"
#include "gp-contract-form.h"
#include "gp-deadlines.h"
#include "gp-execution-form.h"
#include "gp-form-fields.h"
#include "gp-intention-form.h"
#include "gp-money.h"
#include "gp-ocds.h"
#include "gp-payment-form.h"
#include "gp-plan-form.h"
#include "gp-project-page.h"
#include "gp-stage-form.h"
#include "gp-validate.h"

#define N_STAGES 6

struct _GpProjectPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *primary_button;
  GtkWidget       *approve_button;
  GtkWidget       *menu_button;
  GtkBox          *stepper;
  GtkStack        *stack;
  GtkLabel        *status_label;
  GtkLabel        *autosave_label;

  /* Owned references */
  GpSyncEngine    *engine;
  GpStore         *store;
  GpAutosave      *autosave;
  GCancellable    *cancellable;
  char            *project_id;
  GpProject       *project;
  GPtrArray       *problems;         /* GpProblem: what src/core finds now */
  GPtrArray       *server_problems;  /* GpProblem: the server's last refusal */
  char            *pending_action;   /* queued, verdict not yet known */
  char            *return_to;

  /* Borrowed references */
  GtkWidget       *forms[N_STAGES];
  GtkToggleButton *steps[N_STAGES];
  GtkLabel        *step_titles[N_STAGES];
  GtkLabel        *step_subtitles[N_STAGES];
  const GpTransition *primary;
  gboolean         primary_is_review;  /* a 经办 sends the document to the 审核 */
  gboolean         loading;
  gboolean         shown_once;
  GpStage          followed_stage;  /* the current stage last shown by itself */
};

G_DEFINE_FINAL_TYPE (GpProjectPage, gp_project_page, ADW_TYPE_BIN)

static void refresh (GpProjectPage *self);

/* ------------------------------------------------------------------------------------------------
 * Who looks, and what they may do
 */

static GpRole
role_of (GpProjectPage *self)
{
  const GpAccount *a = gp_sync_engine_get_account (self->engine);

  return a != NULL ? a->role : GP_ROLE_PURCHASER;
}

static GpDuty
duties_of (GpProjectPage *self)
{
  const GpAccount *a = gp_sync_engine_get_account (self->engine);

  return a != NULL && a->role == GP_ROLE_PURCHASER ? a->duties : GP_DUTY_NONE;
}

/* The steps this account may take on the project (a finance department: on its own region's only). */
static GPtrArray *
available_actions (GpProjectPage *self)
{
  const GpAccount *a = gp_sync_engine_get_account (self->engine);

  if (a != NULL && !gp_lifecycle_acts_in_region (a->role, a->region, self->project->region))
    return g_ptr_array_new ();
  return gp_lifecycle_available_actions (self->project, role_of (self), duties_of (self));
}

/* The day deadlines count from: the server's, which the law's periods are checked by. */
static void
official_today (GpProjectPage *self,
                GDate         *today)
{
  gp_date_from_usec_china (gp_sync_engine_get_official_time (self->engine), today);
}

static void
action_context (GpProjectPage   *self,
                GpActionContext *ctx)
{
  const GpAccount *a = gp_sync_engine_get_account (self->engine);

  memset (ctx, 0, sizeof *ctx);
  ctx->now = gp_sync_engine_get_official_time (self->engine);
  ctx->calendar = gp_calendar_get_default ();
  ctx->duties = duties_of (self);
  ctx->account = a != NULL ? a->login : NULL;
}

/* The unit's approval of the document an action sends out (DOMAIN.md §7). */
static GpApproval *
approval_of (GpProject  *p,
             const char *action)
{
  if (g_str_equal (action, "publish_intention"))
    return p->intention != NULL ? &p->intention->approval : NULL;
  if (g_str_equal (action, "submit_plan"))
    return p->plan != NULL ? &p->plan->approval : NULL;
  if (g_str_equal (action, "submit_mall_order"))
    return p->execution != NULL && p->execution->mall != NULL ? &p->execution->mall->approval : NULL;
  if ((g_str_equal (action, "publish_contract") || g_str_equal (action, "submit_contract_filing")) &&
      p->contracts->len > 0)
    return &((GpContract *) g_ptr_array_index (p->contracts, p->contracts->len - 1))->approval;
  if ((g_str_equal (action, "accept") || g_str_equal (action, "reject_acceptance")) && p->acceptances->len > 0)
    return &((GpAcceptance *) g_ptr_array_index (p->acceptances, p->acceptances->len - 1))->approval;
  if (g_str_equal (action, "record_payment") && p->payments->len > 0)
    return &((GpPayment *) g_ptr_array_index (p->payments, p->payments->len - 1))->approval;
  return NULL;
}

/* The stage an action's work belongs to. */
static GpStage
stage_of_transition (const GpProject    *p,
                     const GpTransition *t)
{
  if (t->flags & GP_TRANSITION_STAYS)
    return p->stage;
  return gp_project_state_get_stage (t->to_state);
}

/* Whether @t fits the filed plan: not an e-mall step for a tender, nor the entrustment of a purchase
 * the unit makes itself (its guard finds fault with the plan's method or organisation form). */
static gboolean
fits_the_plan (GpProjectPage      *self,
               const GpTransition *t)
{
  g_autoptr(GPtrArray) problems = NULL;
  GpActionContext ctx;

  action_context (self, &ctx);
  gp_lifecycle_check (self->project, t->action, role_of (self), &ctx, &problems, NULL);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const GpProblem *p = g_ptr_array_index (problems, i);

      if (g_str_equal (p->path, "plan.method") || g_str_equal (p->path, "plan.organisation_form"))
        return FALSE;
    }
  return TRUE;
}

static void
choose_primary (GpProjectPage *self)
{
  g_autoptr(GPtrArray) actions = NULL;
  const GpTransition *forward = NULL, *first = NULL;

  self->primary = NULL;
  self->primary_is_review = FALSE;
  if (self->project == NULL)
    return;

  actions = available_actions (self);
  for (guint i = 0; i < actions->len; i++)
    {
      const GpTransition *t = g_ptr_array_index (actions, i);

      if (g_str_equal (t->action, "approve_internal") || (t->flags & GP_TRANSITION_NEEDS_REASON))
        continue;
      if (first == NULL && ((t->flags & GP_TRANSITION_FORWARD) || fits_the_plan (self, t)))
        first = t;
      if (forward == NULL && (t->flags & GP_TRANSITION_FORWARD))
        forward = t;
    }
  self->primary = forward != NULL ? forward : first;

  /* A 经办 without the 审核 duty sends the document to the unit's reviewer first. */
  if (self->primary != NULL && (self->primary->flags & GP_TRANSITION_NEEDS_APPROVAL) &&
      role_of (self) == GP_ROLE_PURCHASER && (duties_of (self) & GP_DUTY_REVIEWER) == 0)
    {
      GpApproval *approval = approval_of (self->project, self->primary->action);

      if (approval != NULL && !approval->approved)
        self->primary_is_review = TRUE;
    }
}

static gboolean
can_approve (GpProjectPage *self)
{
  g_autoptr(GPtrArray) actions = NULL;

  if (self->project == NULL || (duties_of (self) & GP_DUTY_REVIEWER) == 0 ||
      (duties_of (self) & GP_DUTY_CLERK) != 0)
    return FALSE;  /* Holding both duties, approving is implicit. */
  actions = available_actions (self);
  for (guint i = 0; i < actions->len; i++)
    if (g_str_equal (((GpTransition *) g_ptr_array_index (actions, i))->action, "approve_internal"))
      {
        GpActionContext ctx;

        action_context (self, &ctx);
        return gp_lifecycle_check (self->project, "approve_internal", role_of (self), &ctx, NULL, NULL);
      }
  return FALSE;
}

static gboolean
stage_editable (GpProjectPage *self,
                GpStage        stage)
{
  g_autoptr(GPtrArray) actions = NULL;

  if (self->project == NULL || self->project->legacy || gp_project_state_is_terminal (self->project->status) ||
      self->pending_action != NULL)
    return FALSE;
  /* The entrusted agency records the execution until the award. */
  if (role_of (self) == GP_ROLE_AGENCY)
    return stage == GP_STAGE_EXECUTION && gp_lifecycle_agency_records (self->project->status);
  if (role_of (self) != GP_ROLE_PURCHASER || (duties_of (self) & GP_DUTY_CLERK) == 0)
    return FALSE;
  if (stage == self->project->stage)
    return TRUE;
  actions = available_actions (self);
  for (guint i = 0; i < actions->len; i++)
    {
      const GpTransition *t = g_ptr_array_index (actions, i);

      if (!(t->flags & GP_TRANSITION_STAYS) && stage_of_transition (self->project, t) == stage)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------
 * Problems
 */

static void
add_unique (GPtrArray       *to,
            const GpProblem *p)
{
  for (guint i = 0; i < to->len; i++)
    {
      const GpProblem *q = g_ptr_array_index (to, i);

      if (g_str_equal (q->path, p->path) && g_str_equal (q->code, p->code))
        return;
    }
  g_ptr_array_add (to, gp_problem_copy (p));
}

static gboolean
problem_blocks (const GpProblem *p,
                gboolean         review)
{
  /* A 经办 sending for review is not held up by the missing review itself. */
  return !(review && g_str_equal (p->code, "internal-approval-missing"));
}

static guint
count_blocking (GpProjectPage *self)
{
  guint n = 0;

  for (guint i = 0; i < self->problems->len; i++)
    if (problem_blocks (g_ptr_array_index (self->problems, i), self->primary_is_review))
      n++;
  return n;
}

static void
validate (GpProjectPage *self)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) guard = NULL;
  GpActionContext ctx;

  g_ptr_array_set_size (self->problems, 0);
  if (self->project == NULL)
    return;

  action_context (self, &ctx);
  found = gp_project_validate (self->project, &ctx);
  for (guint i = 0; i < found->len; i++)
    add_unique (self->problems, g_ptr_array_index (found, i));
  if (self->primary != NULL)
    {
      gp_lifecycle_check (self->project, self->primary->action, role_of (self), &ctx, &guard, NULL);
      for (guint i = 0; guard != NULL && i < guard->len; i++)
        add_unique (self->problems, g_ptr_array_index (guard, i));
    }
  for (guint i = 0; i < self->server_problems->len; i++)
    add_unique (self->problems, g_ptr_array_index (self->server_problems, i));

  for (guint s = 0; s < N_STAGES; s++)
    if (GP_IS_STAGE_FORM (self->forms[s]))
      gp_stage_form_show_problems (GP_STAGE_FORM (self->forms[s]), self->problems);
}

/* ------------------------------------------------------------------------------------------------
 * The stepper
 */

static const char *
stage_name (GpStage stage)
{
  return gp_stage_to_string (stage);
}

/* When a stage was done: the date the record keeps for it. */
static gboolean
stage_done_on (const GpProject *p,
               GpStage          stage,
               GDate           *out)
{
  g_date_clear (out, 1);
  switch (stage)
    {
    case GP_STAGE_INTENTION:
      if (p->intention != NULL && gp_datetime_is_set (p->intention->published))
        gp_date_from_usec_china (p->intention->published, out);
      break;
    case GP_STAGE_PLAN:
      if (p->plan != NULL && gp_datetime_is_set (p->plan->filed))
        gp_date_from_usec_china (p->plan->filed, out);
      break;
    case GP_STAGE_EXECUTION:
      if (p->execution != NULL && p->execution->entrusted != NULL)
        *out = p->execution->entrusted->award_notice;
      else if (p->execution != NULL && p->execution->mall != NULL && gp_datetime_is_set (p->execution->mall->confirmed))
        gp_date_from_usec_china (p->execution->mall->confirmed, out);
      break;
    case GP_STAGE_CONTRACT:
      if (p->contracts->len > 0)
        *out = ((GpContract *) g_ptr_array_index (p->contracts, p->contracts->len - 1))->filed_on;
      /* An e-mall order confirmed by the supplier stands for the contract (DOMAIN.md §7). */
      else if (p->execution != NULL && p->execution->mall != NULL && gp_datetime_is_set (p->execution->mall->confirmed))
        gp_date_from_usec_china (p->execution->mall->confirmed, out);
      break;
    case GP_STAGE_ACCEPTANCE:
      if (p->acceptances->len > 0)
        *out = ((GpAcceptance *) g_ptr_array_index (p->acceptances, p->acceptances->len - 1))->date;
      /* E-mall: the purchaser's confirmation of receipt. */
      else if (p->execution != NULL && p->execution->mall != NULL && gp_datetime_is_set (p->execution->mall->received))
        gp_date_from_usec_china (p->execution->mall->received, out);
      break;
    case GP_STAGE_PAYMENT:
      for (guint i = 0; i < p->payments->len; i++)
        {
          GpPayment *pay = g_ptr_array_index (p->payments, i);

          if (gp_date_is_set (&pay->paid) && (!gp_date_is_set (out) || g_date_compare (&pay->paid, out) > 0))
            *out = pay->paid;
        }
      break;
    default:
      break;
    }
  return gp_date_is_set (out);
}

static void
step_toggled_cb (GtkToggleButton *button,
                 GpProjectPage   *self)
{
  if (gtk_toggle_button_get_active (button))
    gtk_stack_set_visible_child_name (self->stack, g_object_get_data (G_OBJECT (button), "gp-stage"));
}

static void
build_stepper (GpProjectPage *self)
{
  for (guint s = 0; s < N_STAGES; s++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (NULL);
      GtkWidget *subtitle = gtk_label_new (NULL);

      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_widget_add_css_class (subtitle, "numeric");
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), subtitle);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      if (s > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->steps[0]);
      g_object_set_data (G_OBJECT (button), "gp-stage", (gpointer) stage_name (s));
      g_signal_connect (button, "toggled", G_CALLBACK (step_toggled_cb), self);
      gtk_box_append (self->stepper, button);
      self->steps[s] = GTK_TOGGLE_BUTTON (button);
      self->step_titles[s] = GTK_LABEL (title);
      self->step_subtitles[s] = GTK_LABEL (subtitle);
    }
}

static gboolean
transition_in (GPtrArray  *transitions,
               const char *action)
{
  for (guint i = 0; i < transitions->len; i++)
    if (g_str_equal (((GpTransition *) g_ptr_array_index (transitions, i))->action, action))
      return TRUE;
  return FALSE;
}

static void
update_stepper (GpProjectPage *self)
{
  g_autoptr(GPtrArray) deadlines = NULL;
  GDate today;

  official_today (self, &today);
  deadlines = gp_project_deadlines (self->project, gp_calendar_get_default (), &today, NULL);

  for (guint s = 0; s < N_STAGES; s++)
    {
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *a11y = NULL;
      const char *mark;
      GDate done;
      GtkWidget *sub = GTK_WIDGET (self->step_subtitles[s]);

      gtk_widget_remove_css_class (sub, "warning");
      gtk_widget_remove_css_class (sub, "error");
      gtk_widget_remove_css_class (sub, "dim-label");

      if (s < self->project->stage || gp_project_state_is_terminal (self->project->status))
        mark = "✓";
      else if (s == self->project->stage)
        mark = "●";
      else
        mark = "○";
      title = g_strdup_printf ("%s %s", mark, gp_stage_get_label (s));
      gtk_label_set_text (self->step_titles[s], title);

      if ((s < self->project->stage || gp_project_state_is_terminal (self->project->status)) &&
          stage_done_on (self->project, s, &done))
        subtitle = gp_format_list_date (&done, &today);
      else if (s == self->project->stage && deadlines != NULL && deadlines->len > 0)
        {
          const GpDeadline *d = NULL;
          g_autoptr(GPtrArray) mine = available_actions (self);
          gboolean any_mine = FALSE;

          /* The next deadline of a step that can be taken now (one already met is history), this
           * account's own if it has one: the purchaser's 30 日 to sign, not the suppliers' 7 工作日
           * to challenge the same award. */
          for (guint i = 0; i < deadlines->len && !any_mine; i++)
            any_mine = ((GpDeadline *) g_ptr_array_index (deadlines, i))->action != NULL &&
                       transition_in (mine, ((GpDeadline *) g_ptr_array_index (deadlines, i))->action);
          for (guint i = 0; i < deadlines->len; i++)
            {
              const GpDeadline *e = g_ptr_array_index (deadlines, i);
              const GpTransition *t = e->action != NULL ? gp_lifecycle_find (e->action) : NULL;

              if (t != NULL && !(t->from_states & GP_STATE_BIT (self->project->status)))
                continue;
              if (any_mine && (e->action == NULL || !transition_in (mine, e->action)))
                continue;
              if (d == NULL ||
                  (e->state != GP_DEADLINE_CALENDAR_MISSING &&
                   (d->state == GP_DEADLINE_CALENDAR_MISSING || g_date_compare (&e->due, &d->due) < 0)))
                d = e;
            }
          if (d != NULL && d->state == GP_DEADLINE_CALENDAR_MISSING && g_date_valid (&d->surely))
            {
              g_autofree char *date = gp_format_list_date (&d->surely, &today);

              /* Translators: the stepper's deadline when next year's holidays are not published:
               * %s 前办理不逾期. */
              subtitle = g_strdup_printf (_("In time until %s"), date);
              gtk_widget_set_tooltip_text (GTK_WIDGET (self->steps[s]), d->what);
            }
          else if (d != NULL && d->state != GP_DEADLINE_CALENDAR_MISSING)
            {
              g_autofree char *date = gp_format_list_date (&d->due, &today);

              /* Translators: the stepper's next deadline, 期限 %s. */
              subtitle = g_strdup_printf (_("Due %s"), date);
              if (d->state == GP_DEADLINE_OVERDUE)
                gtk_widget_add_css_class (sub, "error");
              else if (d->days_left <= 2)
                gtk_widget_add_css_class (sub, "warning");
              gtk_widget_set_tooltip_text (GTK_WIDGET (self->steps[s]), d->what);
            }
        }
      if (subtitle == NULL)
        gtk_widget_add_css_class (sub, "dim-label");
      gtk_label_set_text (self->step_subtitles[s], subtitle != NULL ? subtitle : " ");

      a11y = g_strdup_printf ("%s %s", title, subtitle != NULL ? subtitle : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->steps[s]), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
    }
}

/* ------------------------------------------------------------------------------------------------
 * The forms
 */

static GpStageFormContext
form_context (GpProjectPage *self,
              GpStage        stage,
              GDate         *today)
{
  GpStageFormContext context = { 0, };

  official_today (self, today);
  context.role = role_of (self);
  context.duties = duties_of (self);
  context.editable = stage_editable (self, stage);
  context.today = today;
  return context;
}

static void
load_forms (GpProjectPage *self)
{
  self->loading = TRUE;
  for (guint s = 0; s < N_STAGES; s++)
    if (GP_IS_STAGE_FORM (self->forms[s]))
      {
        GDate today;
        GpStageFormContext context = form_context (self, s, &today);

        gp_stage_form_load (GP_STAGE_FORM (self->forms[s]), self->project, &context);
      }
  self->loading = FALSE;
}

static void
form_changed_cb (GpStageForm   *form,
                 GpProjectPage *self)
{
  g_autoptr(GpProject) edited = NULL;

  if (self->loading || self->project == NULL)
    return;

  edited = gp_project_copy (self->project);
  gp_stage_form_store (form, edited);
  edited->updated = g_get_real_time ();
  g_clear_pointer (&self->project, gp_project_free);
  self->project = g_steal_pointer (&edited);
  g_ptr_array_set_size (self->server_problems, 0);

  gp_autosave_changed (self->autosave, self->project);
  refresh (self);
}

static GtkWidget *
missing_form (GpStage stage)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "document-edit-symbolic");
  /* Translators: a stage whose form is not in this build yet, 此阶段的表单尚未提供. */
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("This Stage’s Form Is Not Available Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), gp_stage_get_label (stage));
  return page;
}

/* The execution and acceptance forms come from another part of the app: found by type name, so
 * the page builds whether or not they are there yet. */
static GType
form_type (GpStage stage)
{
  g_autoptr(GtkBuilder) builder = NULL;
  const char *name = NULL;
  GType type;

  switch (stage)
    {
    case GP_STAGE_INTENTION:  return GP_TYPE_INTENTION_FORM;
    case GP_STAGE_PLAN:       return GP_TYPE_PLAN_FORM;
    case GP_STAGE_CONTRACT:   return GP_TYPE_CONTRACT_FORM;
    case GP_STAGE_PAYMENT:    return GP_TYPE_PAYMENT_FORM;
    case GP_STAGE_EXECUTION:  name = "GpExecutionForm"; break;
    case GP_STAGE_ACCEPTANCE: name = "GpAcceptanceForm"; break;
    default:                  return G_TYPE_INVALID;
    }

  type = g_type_from_name (name);
  if (type == G_TYPE_INVALID)
    {
      /* Calls gp_execution_form_get_type () when the program exports it. */
      builder = gtk_builder_new ();
      type = gtk_builder_get_type_from_name (builder, name);
    }
  if (type == G_TYPE_INVALID || !g_type_is_a (type, GTK_TYPE_WIDGET) || !g_type_is_a (type, GP_TYPE_STAGE_FORM))
    return G_TYPE_INVALID;
  return type;
}

static void
build_forms (GpProjectPage *self)
{
  for (guint s = 0; s < N_STAGES; s++)
    {
      GType type = form_type (s);
      GtkWidget *form = type != G_TYPE_INVALID ? g_object_new (type, NULL) : missing_form (s);
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      if (GP_IS_PLAN_FORM (form))
        gp_plan_form_set_store (GP_PLAN_FORM (form), self->store);
      if (GP_IS_CONTRACT_FORM (form))
        gp_contract_form_set_store (GP_CONTRACT_FORM (form), self->store);
      if (GP_IS_EXECUTION_FORM (form))
        gp_execution_form_set_store (GP_EXECUTION_FORM (form), self->store);
      if (GP_IS_STAGE_FORM (form))
        g_signal_connect_object (form, "changed", G_CALLBACK (form_changed_cb), self, 0);

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), form);
      gtk_stack_add_titled (self->stack, scrolled, stage_name (s), gp_stage_get_label (s));
      self->forms[s] = form;
    }
}

/* ------------------------------------------------------------------------------------------------
 * The header and the footer
 */

static void
update_actions_menu (GpProjectPage *self)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (self->menu_button));
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_autoptr(GPtrArray) actions = NULL;

  g_menu_remove_all (G_MENU (section));
  if (self->project == NULL)
    return;
  actions = available_actions (self);
  for (guint i = 0; i < actions->len; i++)
    {
      const GpTransition *t = g_ptr_array_index (actions, i);
      g_autofree char *detailed = NULL;

      if (t == self->primary || g_str_equal (t->action, "approve_internal"))
        continue;
      detailed = g_strdup_printf ("project.run('%s')", t->action);
      g_menu_append (G_MENU (section), gp_action_get_label (t->action), detailed);
    }
}

static void
refresh (GpProjectPage *self)
{
  g_autofree char *subtitle = NULL;
  const char *code = NULL;
  guint blocking;

  if (self->project == NULL)
    return;

  choose_primary (self);
  validate (self);
  update_stepper (self);
  update_actions_menu (self);

  if (self->project->execution != NULL && self->project->execution->entrusted != NULL)
    code = self->project->execution->entrusted->project_code;
  if (code == NULL && self->project->plan != NULL)
    code = self->project->plan->filing_ref;
  subtitle = g_strdup_printf ("%s · %s", code != NULL ? code : gp_project_state_get_label (self->project->status),
                              self->project->purchaser.name != NULL ? self->project->purchaser.name : "");
  adw_window_title_set_title (self->window_title, gp_project_get_name (self->project) != NULL
                                                  ? gp_project_get_name (self->project)
                                                  /* Translators: a project without a name yet, 未命名项目. */
                                                  : _("Untitled Project"));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_widget_set_visible (self->primary_button, self->primary != NULL);
  if (self->primary != NULL)
    {
      const char *label = self->primary_is_review
                          /* Translators: the 经办 sends the document to the unit's 审核, 提交审核. */
                          ? _("Submit for Approval") : gp_action_get_label (self->primary->action);

      gtk_button_set_label (GTK_BUTTON (self->primary_button), label);
      gtk_widget_set_sensitive (self->primary_button, self->pending_action == NULL);
    }
  gtk_widget_set_visible (self->approve_button, can_approve (self));
  gtk_button_set_label (GTK_BUTTON (self->approve_button), gp_action_get_label ("approve_internal"));

  blocking = count_blocking (self);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  if (self->pending_action != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: the pending mark of a queued action, 待发送：%s（等待平台处理）. */
      text = g_strdup_printf (_("Waiting to be sent: %s"), gp_action_get_label (self->pending_action));
      gtk_label_set_text (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  else if (self->primary != NULL && blocking > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: what the action still needs, 还有 %u 项需要填写. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item still needs attention",
                                           "%u items still need attention", blocking), blocking);
      gtk_label_set_text (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    gtk_label_set_text (self->status_label, "");
}

static void
saved_cb (GpProjectPage *self,
          const char    *id)
{
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (id, self->project_id) != 0)
    return;
  time = gp_format_time_of_day (g_get_real_time ());
  /* Translators: the autosave mark, 已保存在本机 %s. */
  text = g_strdup_printf (_("Saved on this computer %s"), time);
  gtk_label_set_text (self->autosave_label, text);
}

static void
toast (GpProjectPage *self,
       const char    *text)
{
  AdwToast *t = adw_toast_new (text);

  /* The latest news replaces what is showing: a queue of toasts would tell of steps long past. */
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* ------------------------------------------------------------------------------------------------
 * Loading
 */

/* The stage the officer works on now: the one the next main step acts in. */
static GpStage
current_stage (GpProjectPage *self)
{
  GpStage stage = self->project->stage;

  if (self->primary != NULL)
    stage = stage_of_transition (self->project, self->primary);
  return stage;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GpProjectPage) self = user_data;
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = gp_store_load_project_finish (GP_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (stored == NULL)
    {
      toast (self, error->message);
      return;
    }
  /* Typed while the store was read: the draft on screen is the newest, and goes to the store
   * within a second; the next sync brings the rest. Never overwrite what the officer typed. */
  if (self->project != NULL && gp_autosave_get_pending (self->autosave))
    return;

  g_clear_pointer (&self->project, gp_project_free);
  self->project = g_steal_pointer (&stored->project);
  if (self->forms[0] == NULL)
    build_forms (self);
  load_forms (self);
  refresh (self);
  if (stored->saved_at > 0 && gtk_label_get_text (self->autosave_label)[0] == '\0')
    {
      g_autofree char *time = gp_format_time_of_day (stored->saved_at);
      g_autofree char *text = g_strdup_printf (_("Saved on this computer %s"), time);

      gtk_label_set_text (self->autosave_label, text);
    }
  /* Open on the current stage, and follow the project when an action moves it on; an officer
   * looking back at an earlier stage stays there while nothing moves. */
  if (!self->shown_once || current_stage (self) != self->followed_stage)
    {
      self->shown_once = TRUE;
      self->followed_stage = current_stage (self);
      gp_project_page_show_stage (self, self->followed_stage);
    }
}

static void
reload (GpProjectPage *self)
{
  if (self->store != NULL)
    gp_store_load_project_async (self->store, self->project_id, self->cancellable, loaded_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------------
 * The verdict of the server
 */

static void
outbox_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GpProjectPage) self = user_data;
  g_autoptr(GPtrArray) entries = gp_store_list_outbox_finish (GP_STORE (object), result, NULL);
  GpOutboxEntry *mine = NULL;

  if (entries == NULL || g_cancellable_is_cancelled (self->cancellable) || self->pending_action == NULL)
    return;
  for (guint i = 0; i < entries->len; i++)
    {
      GpOutboxEntry *e = g_ptr_array_index (entries, i);

      if (g_strcmp0 (e->project_id, self->project_id) == 0 && g_strcmp0 (e->action, self->pending_action) == 0)
        mine = e;
    }
  if (mine != NULL && mine->state == GP_OUTBOX_STATE_SENT)
    {
      g_autofree char *text = NULL;

      /* Translators: a toast, 平台已受理：%s. */
      text = g_strdup_printf (_("The platform accepted: %s"), gp_action_get_label (self->pending_action));
      g_clear_pointer (&self->pending_action, g_free);
      toast (self, text);
    }
  else if (mine != NULL && mine->state == GP_OUTBOX_STATE_FAILED)
    g_clear_pointer (&self->pending_action, g_free);
  reload (self);
}

static void
synced_cb (GpProjectPage *self)
{
  if (gp_autosave_get_pending (self->autosave))
    return;  /* The officer is typing: the draft on screen is the newest. */
  if (self->pending_action != NULL)
    gp_store_list_outbox_async (self->store, TRUE, self->cancellable, outbox_cb, g_object_ref (self));
  else
    reload (self);
}

static void
action_failed_cb (GpProjectPage *self,
                  const char    *project_id,
                  const char    *action,
                  const char    *problems_json)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (project_id, self->project_id) != 0)
    return;

  node = problems_json != NULL ? json_from_string (problems_json, NULL) : NULL;
  problems = node != NULL ? gp_problems_from_json (node, NULL) : NULL;
  g_ptr_array_set_size (self->server_problems, 0);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_ptr_array_add (self->server_problems, gp_problem_copy (g_ptr_array_index (problems, i)));
  if (g_strcmp0 (action, self->pending_action) == 0)
    g_clear_pointer (&self->pending_action, g_free);

  /* Translators: a toast, 平台未受理“%s”，原因见表单中标出的字段. */
  text = g_strdup_printf (_("The platform refused “%s”; the form shows why"),
                          g_strcmp0 (action, "save") == 0
                          /* Translators: the push of an edited draft, 保存草稿. */
                          ? _("Save the Draft") : gp_action_get_label (action));
  toast (self, text);
  load_forms (self);
  refresh (self);
}

/* ------------------------------------------------------------------------------------------------
 * Actions
 */

typedef struct {
  GpProjectPage *self;
  char          *action;
  char          *payload;
} QueueData;

static void
queue_data_free (QueueData *d)
{
  g_object_unref (d->self);
  g_free (d->action);
  g_free (d->payload);
  g_free (d);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  QueueData *d = user_data;
  g_autoptr(GError) error = NULL;

  if (!gp_sync_engine_queue_action_finish (GP_SYNC_ENGINE (object), result, &error) &&
      !g_cancellable_is_cancelled (d->self->cancellable))
    {
      g_clear_pointer (&d->self->pending_action, g_free);
      toast (d->self, error->message);
      refresh (d->self);
    }
  queue_data_free (d);
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  QueueData *d = user_data;
  g_autoptr(GError) error = NULL;

  gp_autosave_flush_finish (GP_AUTOSAVE (object), result, &error);
  if (g_cancellable_is_cancelled (d->self->cancellable))
    {
      queue_data_free (d);
      return;
    }
  gp_sync_engine_queue_action_async (d->self->engine, d->self->project_id, d->action, d->payload,
                                     d->self->cancellable, queued_cb, d);
}

/* Sends @action through the outbox (it waits there while offline): the draft first, then the action. */
static void
queue_action (GpProjectPage *self,
              const char    *action,
              const char    *reason)
{
  QueueData *d = g_new0 (QueueData, 1);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  if (reason != NULL && *reason != '\0')
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  d->self = g_object_ref (self);
  d->action = g_strdup (action);
  d->payload = json_to_string (root, FALSE);
  g_free (self->pending_action);
  self->pending_action = g_strdup (action);
  g_ptr_array_set_size (self->server_problems, 0);
  load_forms (self);
  refresh (self);
  gp_autosave_flush_async (self->autosave, self->cancellable, flushed_cb, d);
}

/* What the confirmation says will become public or binding. */
static char *
consequence (GpProjectPage      *self,
             const GpTransition *t)
{
  const char *notice_name = NULL;
  const char *notice = gp_lifecycle_notice_for (t, self->project, &notice_name);

  if (notice != NULL)
    /* Translators: in the confirmation of an action, 将在政府采购网公开发布《%s》，发布后不能撤回。 */
    return g_strdup_printf (_("The “%s” will be published on the government procurement portal; it cannot be withdrawn."),
                            notice_name != NULL ? notice_name : notice);
  if (g_str_equal (t->action, "submit_plan") || g_str_equal (t->action, "submit_contract_filing"))
    /* Translators: 将提交财政部门备案，审核期间不能修改。 */
    return g_strdup (_("It goes to the finance department for filing and cannot be edited while under review."));
  if (g_str_equal (t->action, "record_payment"))
    /* Translators: 支付记录将作为合同履行的正式记录。 */
    return g_strdup (_("The payment becomes part of the contract’s official record."));
  /* Translators: 此操作将记录在项目档案中，不能撤回。 */
  return g_strdup (_("The step is recorded in the project’s file and cannot be undone."));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GpProjectPage    *self)
{
  const char *action = g_object_get_data (G_OBJECT (dialog), "gp-action");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "gp-reason");

  if (g_strcmp0 (response, "confirm") != 0)
    return;
  queue_action (self, action, reason != NULL ? gtk_editable_get_text (reason) : NULL);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "confirm", *text != '\0');
}

static void
confirm (GpProjectPage      *self,
         const GpTransition *t,
         gboolean            needs_reason)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = consequence (self, t);
  AdwMessageDialog *dialog;

  /* Translators: the confirmation of an action, %s？ */
  heading = g_strdup_printf (_("%s?"), gp_action_get_label (t->action));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", gp_action_get_label (t->action), NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "confirm");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "gp-action", g_strdup (t->action), g_free);
  if (needs_reason)
    {
      GtkWidget *entry = gtk_entry_new ();

      /* Translators: the reason a late or special step needs, 请说明原因（将记入审计日志）. */
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Explain why (kept in the audit log)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Explain why (kept in the audit log)"), -1);
      adw_message_dialog_set_extra_child (dialog, entry);
      adw_message_dialog_set_response_enabled (dialog, "confirm", FALSE);
      g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
      g_object_set_data (G_OBJECT (dialog), "gp-reason", entry);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  g_object_set_data (G_OBJECT (self), "gp-dialog", dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
only_late_problems (GpProjectPage *self)
{
  guint late = 0;

  for (guint i = 0; i < self->problems->len; i++)
    {
      const GpProblem *p = g_ptr_array_index (self->problems, i);

      if (!problem_blocks (p, self->primary_is_review))
        continue;
      if (!g_str_has_suffix (p->code, "-late"))
        return FALSE;
      late++;
    }
  return late > 0;
}

static void
scroll_to_first_problem (GpProjectPage *self)
{
  for (guint s = 0; s < N_STAGES; s++)
    {
      GtkWidget *first = GP_IS_STAGE_FORM (self->forms[s])
                         ? g_object_get_data (G_OBJECT (self->forms[s]), "gp-first-problem") : NULL;

      if (first != NULL)
        {
          gp_project_page_show_stage (self, s);
          gtk_widget_grab_focus (first);
          return;
        }
    }
}

static void
send_for_review (GpProjectPage *self)
{
  GpApproval *approval = approval_of (self->project, self->primary->action);
  const GpAccount *a = gp_sync_engine_get_account (self->engine);

  if (approval == NULL)
    return;
  approval->prepared = TRUE;
  g_free (approval->prepared_by);
  approval->prepared_by = g_strdup (a != NULL ? a->login : NULL);
  approval->prepared_at = g_get_real_time ();
  gp_autosave_changed (self->autosave, self->project);
  gp_sync_engine_sync_now (self->engine);
  /* Translators: a toast, 已提交本单位审核. */
  toast (self, _("Sent to the unit’s reviewer"));
  load_forms (self);
  refresh (self);
}

static void
primary_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  GpProjectPage *self = GP_PROJECT_PAGE (widget);
  guint blocking;

  if (self->primary == NULL || self->pending_action != NULL)
    return;

  blocking = count_blocking (self);
  if (blocking > 0 && !only_late_problems (self))
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item still needs attention",
                                                            "%u items still need attention", blocking), blocking);

      scroll_to_first_problem (self);
      toast (self, text);
      return;
    }
  if (self->primary_is_review)
    {
      send_for_review (self);
      return;
    }
  confirm (self, self->primary, blocking > 0 || (self->primary->flags & GP_TRANSITION_NEEDS_REASON));
}

static void
run_action (GtkWidget  *widget,
            const char *name,
            GVariant   *parameter)
{
  GpProjectPage *self = GP_PROJECT_PAGE (widget);
  const GpTransition *t = gp_lifecycle_find (g_variant_get_string (parameter, NULL));

  if (t != NULL && self->project != NULL && self->pending_action == NULL)
    confirm (self, t, (t->flags & GP_TRANSITION_NEEDS_REASON) != 0);
}

static void
approve_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  GpProjectPage *self = GP_PROJECT_PAGE (widget);

  if (self->project != NULL && self->pending_action == NULL)
    confirm (self, gp_lifecycle_find ("approve_internal"), FALSE);
}

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  GpProjectPage *self = GP_PROJECT_PAGE (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  gp_autosave_flush_async (self->autosave, NULL, NULL, NULL);
  if (GTK_IS_STACK (parent) && self->return_to != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (parent), self->return_to);
}

static void
save_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  GpProjectPage *self = GP_PROJECT_PAGE (widget);

  if (self->project != NULL)
    {
      gp_autosave_changed (self->autosave, self->project);
      gp_autosave_flush_async (self->autosave, self->cancellable, NULL, NULL);
    }
}

static void
show_stage_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  int stage = g_variant_get_int32 (parameter);

  if (stage >= 0 && stage < N_STAGES)
    gp_project_page_show_stage (GP_PROJECT_PAGE (widget), stage);
}

/* ------------------------------------------------------------------------------------------------
 * Print and export
 */

typedef struct {
  char     *label;
  char     *value;
} PrintField;

static void
print_field_free (PrintField *f)
{
  g_free (f->label);
  g_free (f->value);
  g_free (f);
}

/* Every field of a form as label and value, walking its rows in order. */
static void
collect_fields (GtkWidget *widget,
                GPtrArray *out)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      const char *title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget));

      if (title != NULL && *title != '\0')
        {
          PrintField *f = g_new0 (PrintField, 1);

          f->label = g_strdup (title);
          g_ptr_array_add (out, f);
        }
    }

  if (ADW_IS_PREFERENCES_ROW (widget) && !ADW_IS_EXPANDER_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      PrintField *f;

      if (title == NULL || *title == '\0')
        return;
      f = g_new0 (PrintField, 1);
      f->label = g_strdup (title);
      if (ADW_IS_ENTRY_ROW (widget))
        f->value = g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
      else if (ADW_IS_COMBO_ROW (widget))
        {
          GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (widget));

          f->value = g_strdup (GTK_IS_STRING_OBJECT (item) && adw_combo_row_get_selected (ADW_COMBO_ROW (widget)) > 0
                               ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : "");
        }
      else if (ADW_IS_ACTION_ROW (widget))
        f->value = g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
      g_ptr_array_add (out, f);
      return;
    }

  if (ADW_IS_EXPANDER_ROW (widget))
    {
      PrintField *f = g_new0 (PrintField, 1);

      f->label = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
      if (adw_expander_row_get_show_enable_switch (ADW_EXPANDER_ROW (widget)))
        f->value = g_strdup (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (widget))
                             /* Translators: a yes/no field in the print-out, 是 / 否. */
                             ? _("Yes") : _("No"));
      g_ptr_array_add (out, f);
      if (!adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (widget)))
        return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_fields (child, out);
}

typedef struct {
  GpProjectPage *self;
  GPtrArray     *fields;
  GpStage        stage;
  int            first_field_of_page[64];
  int            n_pages;
} PrintJob;

static PangoLayout *
text_layout (GtkPrintContext *context,
             const char      *text,
             int              size,
             gboolean         bold,
             double           width)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Draws (or, with @cr NULL, measures) one page from field @from; returns the next field. */
static int
lay_out_page (PrintJob        *job,
              GtkPrintContext *context,
              cairo_t         *cr,
              int              from,
              gboolean         first)
{
  GpProject *p = job->self->project;
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double y = 0, label_w = width * 0.32;
  int i = from;

  if (first)
    {
      g_autofree char *title = NULL;
      g_autofree char *head = NULL;
      g_autoptr(PangoLayout) t = NULL;
      g_autoptr(PangoLayout) h = NULL;

      /* Translators: the title of the printed filing form, %s is the stage: 采购合同备案表. */
      title = g_strdup_printf (_("%s — Filing Form"), gp_stage_get_label (job->stage));
      t = text_layout (context, title, 16, TRUE, width);
      pango_layout_set_alignment (t, PANGO_ALIGN_CENTER);
      if (cr != NULL)
        {
          cairo_move_to (cr, 0, y);
          pango_cairo_show_layout (cr, t);
        }
      y += layout_height (t) + 12;
      /* Translators: the head of the printed form: 采购单位：%s\n预算编码：%s\n项目名称：%s\n项目编号：%s. */
      head = g_strdup_printf (_("Purchaser: %s\nBudget code: %s\nProject: %s\nProject number: %s"),
                              p->purchaser.name != NULL ? p->purchaser.name : "—",
                              p->purchaser.budget_code != NULL ? p->purchaser.budget_code : "—",
                              gp_project_get_name (p) != NULL ? gp_project_get_name (p) : "—",
                              p->execution != NULL && p->execution->entrusted != NULL &&
                              p->execution->entrusted->project_code != NULL
                              ? p->execution->entrusted->project_code : p->id);
      h = text_layout (context, head, 10, FALSE, width);
      if (cr != NULL)
        {
          cairo_move_to (cr, 0, y);
          pango_cairo_show_layout (cr, h);
        }
      y += layout_height (h) + 12;
    }

  for (; i < (int) job->fields->len; i++)
    {
      PrintField *f = g_ptr_array_index (job->fields, i);
      g_autoptr(PangoLayout) l = text_layout (context, f->label, 10, f->value == NULL, f->value == NULL ? width : label_w - 8);
      g_autoptr(PangoLayout) v = f->value != NULL ? text_layout (context, *f->value != '\0' ? f->value : "—", 10, FALSE, width - label_w) : NULL;
      double row_h = MAX (layout_height (l), v != NULL ? layout_height (v) : 0) + 8;

      if (y + row_h > height - 110)
        break;
      if (cr != NULL)
        {
          cairo_move_to (cr, 0, y + 4);
          pango_cairo_show_layout (cr, l);
          if (v != NULL)
            {
              cairo_move_to (cr, label_w, y + 4);
              pango_cairo_show_layout (cr, v);
            }
          cairo_set_line_width (cr, 0.5);
          cairo_move_to (cr, 0, y + row_h);
          cairo_line_to (cr, width, y + row_h);
          cairo_stroke (cr);
        }
      y += row_h;
    }

  if (i >= (int) job->fields->len && cr != NULL)
    {
      g_autoptr(PangoLayout) sign = NULL;
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *printed = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *text = NULL;

      /* Translators: the signature and seal lines of the printed form: 经办人（签字）……审核人（签字）……采购单位（盖章）……日期：……打印日期：%s. */
      text = g_strdup_printf (_("Clerk (signature): ____________    Reviewer (signature): ____________\n\nPurchaser (seal): ____________    Date: ______ year ___ month ___ day\n\nPrinted on %s"), printed);
      sign = text_layout (context, text, 10, FALSE, width);
      cairo_move_to (cr, 0, height - 100);
      pango_cairo_show_layout (cr, sign);
    }
  return i;
}

static void
begin_print_cb (GtkPrintOperation *op,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  int from = 0;

  job->n_pages = 0;
  do
    {
      job->first_field_of_page[job->n_pages] = from;
      from = lay_out_page (job, context, NULL, from, job->n_pages == 0);
      job->n_pages++;
    }
  while (from < (int) job->fields->len && job->n_pages < (int) G_N_ELEMENTS (job->first_field_of_page));
  gtk_print_operation_set_n_pages (op, job->n_pages);
}

static void
draw_page_cb (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  lay_out_page (job, context, gtk_print_context_get_cairo_context (context),
                job->first_field_of_page[page], page == 0);
}

static GpStage
visible_stage (GpProjectPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GpStage stage = GP_STAGE_INTENTION;

  if (name != NULL)
    gp_stage_from_string (name, &stage);
  return stage;
}

static GtkPrintOperationResult
run_print (GpProjectPage           *self,
           GtkPrintOperationAction  action,
           const char              *export_path,
           GError                 **error)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  PrintJob job = { 0, };
  GtkPrintOperationResult result;

  job.self = self;
  job.stage = visible_stage (self);
  job.fields = g_ptr_array_new_with_free_func ((GDestroyNotify) print_field_free);
  collect_fields (self->forms[job.stage], job.fields);

  gtk_print_operation_set_job_name (op, gp_project_get_name (self->project) != NULL ? gp_project_get_name (self->project) : "gpcloud");
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (op, export_path);
  g_signal_connect (op, "begin-print", G_CALLBACK (begin_print_cb), &job);
  g_signal_connect (op, "draw-page", G_CALLBACK (draw_page_cb), &job);
  result = gtk_print_operation_run (op, action, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), error);
  g_ptr_array_unref (job.fields);
  return result;
}

gboolean
gp_project_page_export_pdf (GpProjectPage  *self,
                            const char     *path,
                            GError        **error)
{
  g_return_val_if_fail (GP_IS_PROJECT_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->project == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "The project is not loaded yet");
      return FALSE;
    }
  return run_print (self, GTK_PRINT_OPERATION_ACTION_EXPORT, path, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  GpProjectPage *self = GP_PROJECT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->project != NULL &&
      run_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast (self, error->message);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GpProjectPage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind = g_object_get_data (G_OBJECT (chooser), "gp-kind");

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_str_equal (kind, "pdf"))
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && gp_project_page_export_pdf (self, path, &error))
        /* Translators: a toast, 已导出为 PDF. */
        toast (self, _("Exported as PDF"));
      else if (error != NULL)
        toast (self, error->message);
    }
  else if (file != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *iso = g_date_time_format_iso8601 (now);
      g_autoptr(JsonNode) package = gp_ocds_release_package (self->project, self->project->purchaser.name, iso);
      char *json = json_to_string (package, TRUE);
      g_autoptr(GBytes) bytes = g_bytes_new_take (json, strlen (json));

      /* The file is small (one release): written asynchronously, never blocking the main loop. */
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->cancellable, NULL, NULL);
      /* Translators: a toast, 已导出 OCDS 数据. */
      toast (self, _("Exported as OCDS"));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_with_chooser (GpProjectPage *self,
                     const char    *kind)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->project == NULL)
    return;
  chooser = gtk_file_chooser_native_new (g_str_equal (kind, "pdf")
                                         /* Translators: the title of the save dialog, 导出为 PDF. */
                                         ? _("Export as PDF")
                                         /* Translators: the title of the save dialog, 导出 OCDS. */
                                         : _("Export as OCDS"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
  name = g_strdup_printf ("%s.%s", gp_project_get_name (self->project) != NULL ? gp_project_get_name (self->project)
                                                                                : self->project->id,
                          g_str_equal (kind, "pdf") ? "pdf" : "json");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "gp-kind", g_strdup (kind), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *parameter)
{
  export_with_chooser (GP_PROJECT_PAGE (widget), "pdf");
}

static void
export_ocds_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  export_with_chooser (GP_PROJECT_PAGE (widget), "ocds");
}

/* ------------------------------------------------------------------------------------------------
 * Public
 */

GpProjectPage *
gp_project_page_new (GpSyncEngine *engine,
                     const char   *project_id)
{
  GpProjectPage *self;

  g_return_val_if_fail (GP_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);

  self = g_object_new (GP_TYPE_PROJECT_PAGE, NULL);
  self->engine = g_object_ref (engine);
  self->project_id = g_strdup (project_id);
  self->store = gp_sync_engine_get_store (engine) != NULL ? g_object_ref (gp_sync_engine_get_store (engine)) : NULL;
  if (self->store != NULL)
    {
      self->autosave = gp_autosave_new (self->store);
      g_signal_connect_object (self->autosave, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (engine, "synced", G_CALLBACK (synced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "action-failed", G_CALLBACK (action_failed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
  return self;
}

const char *
gp_project_page_get_project_id (GpProjectPage *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_PAGE (self), NULL);

  return self->project_id;
}

const GpProject *
gp_project_page_get_project (GpProjectPage *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_PAGE (self), NULL);

  return self->project;
}

void
gp_project_page_show_stage (GpProjectPage *self,
                            GpStage        stage)
{
  g_return_if_fail (GP_IS_PROJECT_PAGE (self));
  g_return_if_fail (stage < N_STAGES);

  gtk_toggle_button_set_active (self->steps[stage], TRUE);
  gtk_stack_set_visible_child_name (self->stack, stage_name (stage));
}

GtkWidget *
gp_project_page_get_form (GpProjectPage *self,
                          GpStage        stage)
{
  g_return_val_if_fail (GP_IS_PROJECT_PAGE (self), NULL);
  g_return_val_if_fail (stage < N_STAGES, NULL);

  return self->forms[stage];
}

const char *
gp_project_page_get_primary_action (GpProjectPage *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_PAGE (self), NULL);

  return self->primary != NULL ? self->primary->action : NULL;
}

typedef struct {
  GtkStack     *host;
  char         *return_to;
  GpSyncEngine *engine;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *d = data;

  g_free (d->return_to);
  g_free (d);
}

static void
open_project_activated_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           OpenData      *d)
{
  GtkWidget *old = gtk_stack_get_child_by_name (d->host, "project");
  GpProjectPage *page = gp_project_page_new (d->engine, g_variant_get_string (parameter, NULL));

  if (old != NULL)
    gtk_stack_remove (d->host, old);
  page->return_to = g_strdup (d->return_to);
  gtk_stack_add_named (d->host, GTK_WIDGET (page), "project");
  gtk_stack_set_visible_child (d->host, GTK_WIDGET (page));
}

void
gp_project_page_install_open_action (GtkApplicationWindow *window,
                                     GtkStack             *host,
                                     const char           *return_to,
                                     GpSyncEngine         *engine)
{
  GSimpleAction *action = g_simple_action_new ("open-project", G_VARIANT_TYPE_STRING);
  OpenData *d = g_new0 (OpenData, 1);

  g_return_if_fail (GTK_IS_APPLICATION_WINDOW (window));
  g_return_if_fail (GTK_IS_STACK (host));

  d->host = host;
  d->return_to = g_strdup (return_to);
  d->engine = engine;
  g_signal_connect_data (action, "activate", G_CALLBACK (open_project_activated_cb), d,
                         (GClosureNotify) (void (*) (void)) open_data_free, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
  g_object_unref (action);
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
gp_project_page_dispose (GObject *object)
{
  GpProjectPage *self = GP_PROJECT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->autosave != NULL)
    /* What is typed is kept: the flush holds its own reference until the store has it. */
    gp_autosave_flush_async (self->autosave, NULL, NULL, NULL);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  /* The bin's child is a template child: let the bin drop it first, then the template. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_PROJECT_PAGE);
  g_clear_object (&self->autosave);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (gp_project_page_parent_class)->dispose (object);
}

static void
gp_project_page_finalize (GObject *object)
{
  GpProjectPage *self = GP_PROJECT_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->project, gp_project_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->server_problems, g_ptr_array_unref);
  g_clear_pointer (&self->pending_action, g_free);
  g_clear_pointer (&self->return_to, g_free);

  G_OBJECT_CLASS (gp_project_page_parent_class)->finalize (object);
}

static void
gp_project_page_class_init (GpProjectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_project_page_dispose;
  object_class->finalize = gp_project_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-project-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, primary_button);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, approve_button);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, stepper);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GpProjectPage, autosave_label);

  gtk_widget_class_install_action (widget_class, "project.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "project.primary", NULL, primary_action);
  gtk_widget_class_install_action (widget_class, "project.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "project.run", "s", run_action);
  gtk_widget_class_install_action (widget_class, "project.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "project.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "project.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "project.export-ocds", NULL, export_ocds_action);
  gtk_widget_class_install_action (widget_class, "project.show-stage", "i", show_stage_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "project.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "project.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "project.primary", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "project.back", NULL);
  for (int s = 0; s < N_STAGES; s++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + s, GDK_ALT_MASK, "project.show-stage", "i", s);
}

static void
gp_project_page_init (GpProjectPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_problem_free);
  self->server_problems = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_problem_free);
  self->return_to = g_strdup ("main");

  gtk_widget_init_template (GTK_WIDGET (self));
  build_stepper (self);
}
