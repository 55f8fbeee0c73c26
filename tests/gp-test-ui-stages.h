/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-ui-stages.h: what the whole-lifecycle UI tests share on top of gp-test-flow and
 * gp-test-ui-project: the project page kept in step with the other clients, the stepper read as
 * the officer sees it, form rows found and typed into, and the server's copy read through the API.
 */
#pragma once

#include "gp-acceptance-form.h"
#include "gp-execution-form.h"
#include "gp-form-fields.h"
#include "gp-test-flow.h"
#include "gp-test-ui-project.h"

/* The form of @stage on @page (the page builds them on load). */
static inline gpointer
st_form (GpProjectPage *page,
         GpStage        stage)
{
  GtkWidget *form = gp_project_page_get_form (page, stage);

  g_assert_true (GP_IS_STAGE_FORM (form));
  return form;
}

/* The stepper's title of @stage ("✓ 采购意向公开"). */
static inline const char *
st_step_title (GpProjectPage *page,
               GpStage        stage)
{
  GtkWidget *step = gtk_widget_get_first_child (tp_page_child (page, "stepper"));

  for (guint i = 0; i < (guint) stage; i++)
    step = gtk_widget_get_next_sibling (step);
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (step)))));
}

/* The line under the stepper's title of @stage (its date or next deadline). */
static inline const char *
st_step_subtitle (GpProjectPage *page,
                  GpStage        stage)
{
  GtkWidget *step = gtk_widget_get_first_child (tp_page_child (page, "stepper"));
  GtkWidget *title;

  for (guint i = 0; i < (guint) stage; i++)
    step = gtk_widget_get_next_sibling (step);
  title = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (step)));
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (title)));
}

/* Asserts the mark of every step: @marks is six characters of ✓ ● ○ as UTF-8 strings. */
static inline void
st_assert_stepper (GpProjectPage      *page,
                   const char * const  marks[6])
{
  for (guint s = 0; s < 6; s++)
    {
      g_autofree char *want = g_strdup_printf ("%s %s", marks[s], gp_stage_get_label (s));

      g_assert_cmpstr (st_step_title (page, s), ==, want);
    }
}

/* Selects the item of @row whose text is @label. */
static inline void
st_select (gpointer    row,
           const char *label)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (GTK_IS_STRING_OBJECT (item) && g_str_equal (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), label))
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          return;
        }
    }
  g_error ("No “%s” in the list", label);
}

/* The last expander row under @root (the line just added to a table). */
static inline AdwExpanderRow *
st_last_line (GtkWidget *root)
{
  AdwExpanderRow *found = NULL;

  if (ADW_IS_EXPANDER_ROW (root))
    found = ADW_EXPANDER_ROW (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      AdwExpanderRow *in = st_last_line (c);

      if (in != NULL)
        found = in;
    }
  return found;
}

/* Clicks the header-suffix button of a preferences group (its "add" button). */
static inline void
st_click_group_add (gpointer group)
{
  GtkWidget *button = NULL;

  g_object_get (group, "header-suffix", &button, NULL);
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  g_object_unref (button);
}

/* The first combo row titled @title under @root. */
static inline gpointer
st_combo_titled (GtkWidget  *root,
                 const char *title)
{
  if (ADW_IS_COMBO_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      gpointer in = st_combo_titled (c, title);

      if (in != NULL)
        return in;
    }
  return NULL;
}

static inline const char *
st_status_text (GpProjectPage *page)
{
  return gtk_label_get_text (GTK_LABEL (tp_page_child (page, "status_label")));
}

static inline gboolean
st_status_empty (gpointer page)
{
  return st_status_text (page)[0] == '\0';
}

static inline gboolean
st_autosaved (gpointer page)
{
  return gtk_label_get_text (GTK_LABEL (tp_page_child (page, "autosave_label")))[0] != '\0';
}

typedef struct {
  GpProjectPage  *page;
  GpSyncEngine   *engine;
  GpProjectState  state;
  gint64          next_sync;
} StPageWait;

static gboolean
st_page_state_is (gpointer data)
{
  StPageWait *w = data;
  const GpProject *p = gp_project_page_get_project (w->page);

  if (p != NULL && p->status == w->state)
    return TRUE;
  /* Another client moved the project: fetch its changes now and then. */
  if (g_get_monotonic_time () > w->next_sync)
    {
      gp_sync_engine_sync_now (w->engine);
      w->next_sync = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
    }
  return FALSE;
}

static gboolean
st_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits until the page shows @state, syncing @engine meanwhile (another client may take the step). */
static inline void
st_wait_page_state (GpProjectPage  *page,
                    GpSyncEngine   *engine,
                    GpProjectState  state)
{
  StPageWait w = { page, engine, state, 0 };
  guint tick = g_timeout_add (100, st_tick_cb, NULL);

  tp_wait_until (st_page_state_is, &w, gp_project_state_to_string (state));
  g_source_remove (tick);
}

typedef struct {
  GpSyncEngine   *engine;
  const char     *id;
  GpProjectState  state;
  gint64          next_sync;
} StEngineWait;

static gboolean
st_engine_state_is (gpointer data)
{
  StEngineWait *w = data;
  g_autoptr(GpStoredProject) stored =
    gp_store_load_project_sync (gp_sync_engine_get_store (w->engine), w->id, NULL, NULL);

  if (stored != NULL && stored->project->status == w->state)
    return TRUE;
  if (g_get_monotonic_time () > w->next_sync)
    {
      gp_sync_engine_sync_now (w->engine);
      w->next_sync = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
    }
  return FALSE;
}

/* Waits until @engine's store holds @id in @state. */
static inline void
st_wait_engine_state (GpSyncEngine   *engine,
                      const char     *id,
                      GpProjectState  state)
{
  StEngineWait w = { engine, id, state, 0 };
  guint tick = g_timeout_add (100, st_tick_cb, NULL);

  tp_wait_until (st_engine_state_is, &w, gp_project_state_to_string (state));
  g_source_remove (tick);
}

/* A session token of @login (kept: the server limits sign-ins). */
static inline const char *
st_token (GpTestServer *ts,
          const char   *login)
{
  static GHashTable *tokens;
  const char *token;

  if (tokens == NULL)
    tokens = g_hash_table_new (g_str_hash, g_str_equal);
  token = g_hash_table_lookup (tokens, login);
  if (token == NULL)
    {
      /* The supplier and the agency are not in GP_TEST_UNITS_CSV: their engines changed the password. */
      char *fresh = g_str_equal (login, GP_FLOW_SUPPLIER_LOGIN) || g_str_equal (login, GP_FLOW_AGENCY_LOGIN)
                    ? gp_test_server_login (ts, login, GP_TEST_PASSWORD)
                    : gp_test_server_login_ready (ts, login);

      g_assert_nonnull (fresh);
      g_hash_table_insert (tokens, g_strdup (login), fresh);
      token = fresh;
    }
  return token;
}

/* The project as the server holds it, read as @login. */
static inline GpProject *
st_server_project (GpTestServer *ts,
                   const char   *login,
                   const char   *id)
{
  return tp_get_project (ts, st_token (ts, login), id);
}

/* POSTs @action as @login with an optional reason; returns the answer. */
static inline GpTestResponse *
st_post_action (GpTestServer *ts,
                const char   *login,
                const char   *id,
                const char   *action,
                const char   *reason)
{
  const char *token = st_token (ts, login);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/actions/%s", id, action);
  g_autofree char *body = NULL;

  if (reason != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      body = json_to_string (root, FALSE);
    }
  return gp_test_server_send_json (ts, "POST", path, token, body != NULL ? body : "{}");
}

/* PUTs @project (based on its rev) as @login; returns the answer. */
static inline GpTestResponse *
st_put_project_as (GpTestServer *ts,
                   const char   *login,
                   GpProject    *project)
{
  const char *token = st_token (ts, login);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", project->id);
  g_autofree char *body = gp_project_to_json_string (project, NULL);
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", project->rev);
  const char *extra[] = { "If-Match", if_match, NULL };

  return gp_test_server_request (ts, "PUT", path, token, "application/json", body, -1, extra);
}

/* PUTs @project (based on its rev) as zsjy; returns the answer. */
static inline GpTestResponse *
st_put_project (GpTestServer *ts,
                GpProject    *project)
{
  return st_put_project_as (ts, "zsjy", project);
}

/* Whether the answer's problems (JSON "problems": [{path, code, …}]) hold @code, optionally at @path. */
static inline gboolean
st_response_has_problem (GpTestResponse *resp,
                         const char     *code,
                         const char     *path)
{
  JsonNode *node = gp_test_response_lookup (resp, "error.problems");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "code", NULL), code) == 0 &&
          (path == NULL || g_strcmp0 (json_object_get_string_member_with_default (o, "path", NULL), path) == 0))
        return TRUE;
    }
  return FALSE;
}

/* "2026-11-30" for today plus @days. */
static inline char *
st_date_text (int days)
{
  GDate d;

  gp_date_get_today (&d);
  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  return gp_form_date_text (&d, FALSE);
}

/* The project of @engine's store after saving @edit in it and syncing it up. */
static inline void
st_save_and_sync (GpSyncEngine *engine,
                  GpProject    *edit)
{
  gp_flow_save (engine, edit);
  gp_flow_sync (engine);
}

typedef struct {
  GpSyncEngine *engine;
  Condition     condition;
  gpointer      data;
  gint64        next_sync;
} StSyncingWait;

static gboolean
st_syncing_cb (gpointer data)
{
  StSyncingWait *w = data;

  if (w->condition (w->data))
    return TRUE;
  if (g_get_monotonic_time () > w->next_sync)
    {
      gp_sync_engine_sync_now (w->engine);
      w->next_sync = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
    }
  return FALSE;
}

/* Waits for @condition, asking @engine to sync now and then as the app's periodic sync would. */
static inline void
st_wait_syncing (GpSyncEngine *engine,
                 Condition     condition,
                 gpointer      data,
                 const char   *what)
{
  StSyncingWait w = { engine, condition, data, 0 };
  guint tick = g_timeout_add (100, st_tick_cb, NULL);

  tp_wait_until (st_syncing_cb, &w, what);
  g_source_remove (tick);
}

/* What an officer types for the first two stages of a new project. */
typedef struct {
  const char          *name;
  const char          *summary;
  const char          *budget;      /* yuan, as typed */
  const char          *content;
  const char          *item;        /* one plan line: */
  const char          *spec;
  const char          *unit;
  const char          *quantity;
  const char          *unit_price;  /* yuan, as typed */
  GpProcurementMethod  method;
  GpOrganisationForm   form;
} StPlanTyped;

/* 1. 采购意向 typed, checked and published, then 2. 采购计划 started, typed and sent for filing,
 * on the page of a new draft, with the stepper following. Returns with the plan submitted. */
static inline void
st_intention_and_plan (GpProjectPage     *page,
                       const StPlanTyped *typed)
{
  const char * const intention_current[] = { "●", "○", "○", "○", "○", "○" };
  const char * const plan_current[] = { "✓", "●", "○", "○", "○", "○" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_months (now, 2);
  g_autofree char *month = g_date_time_format (later, "%Y-%m");
  g_autofree char *start = st_date_text (40);
  gpointer form;

  st_assert_stepper (page, intention_current);
  form = st_form (page, GP_STAGE_INTENTION);
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row"), typed->name);
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "summary_row"), typed->summary);
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "budget_row"), typed->budget);
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row"), month);
  adw_combo_row_set_selected (tp_child (form, GP_TYPE_INTENTION_FORM, "basis_row"),
                              GP_DISCLOSURE_BASIS_APPROVED_BUDGET);
  tp_wait_until (st_status_empty, page, "a complete intention");
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("publish_intention"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_INTENT_PUBLISHED);

  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("start_plan"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_PLAN_DRAFT);
  st_assert_stepper (page, plan_current);
  form = st_form (page, GP_STAGE_PLAN);
  tp_type (tp_child (form, GP_TYPE_PLAN_FORM, "content_row"), typed->content);
  adw_combo_row_set_selected (tp_child (form, GP_TYPE_PLAN_FORM, "nature_row"), GP_PROCUREMENT_NATURE_GOODS);
  tp_type (tp_child (form, GP_TYPE_PLAN_FORM, "start_row"), start);
  adw_combo_row_set_selected (tp_child (form, GP_TYPE_PLAN_FORM, "funding_type_row"), GP_FUNDING_TYPE_NON_FISCAL);
  tp_type (tp_child (form, GP_TYPE_PLAN_FORM, "funding_note_row"), "单位自有资金（事业收入），已列入年度部门预算");
  st_click_group_add (tp_child (form, GP_TYPE_PLAN_FORM, "items_group"));
  {
    AdwExpanderRow *line = st_last_line (tp_child (form, GP_TYPE_PLAN_FORM, "items_group"));

    g_assert_nonnull (line);
    tp_type (gp_form_line_get (line, "catalog_code"), "A02010104");
    tp_type (gp_form_line_get (line, "name"), typed->item);
    tp_type (gp_form_line_get (line, "spec"), typed->spec);
    tp_type (gp_form_line_get (line, "unit"), typed->unit);
    tp_type (gp_form_line_get (line, "quantity_milli"), typed->quantity);
    tp_type (gp_form_line_get (line, "unit_price"), typed->unit_price);
  }
  st_select (tp_child (form, GP_TYPE_PLAN_FORM, "method_row"), gp_procurement_method_get_label (typed->method));
  adw_combo_row_set_selected (tp_child (form, GP_TYPE_PLAN_FORM, "organisation_row"), typed->form);
  tp_wait_until (st_status_empty, page, "a complete plan");
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("submit_plan"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_PLAN_SUBMITTED);
}
