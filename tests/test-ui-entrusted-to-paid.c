/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-entrusted-to-paid.c: an entrusted open tender on the project page against the real
 * server, with the finance department (zscz) and the agency (dl02, linked by its 统一社会信用代码)
 * on their own clients: the plan filed by the supervisor, the agency chosen in the execution form
 * and the procurement entrusted, the entrustment accepted by the agency, the documents confirmed,
 * the notice dates typed into the form (documents today, bid deadline 20 日 later, 政府采购法
 * 第35条) and the notice published by the agency. Closing the bids is where real time stops: the
 * guard compares the bid deadline with the server's clock (close_bids, bid-deadline-not-reached),
 * and publishing the notice requires the documents from today on (publish_notice,
 * docs-before-notice), so the 20 日 cannot be placed in the past. The test asserts that refusal.
 */
#include "config.h"

#include "gp-test-ui-stages.h"

static GpTestServer *server;
static GpSyncEngine *purchaser;
static GpSyncEngine *supervisor;
static GpSyncEngine *agency;

#define EXEC(name) tp_child (form, GP_TYPE_EXECUTION_FORM, name)

static gboolean
agencies_loaded (gpointer form)
{
  GListModel *model = adw_combo_row_get_model (EXEC ("agency_row"));

  return model != NULL && g_list_model_get_n_items (model) >= 2;
}

static gboolean
agency_stored (gpointer page)
{
  const GpProject *p = gp_project_page_get_project (page);

  return p != NULL && p->execution != NULL && p->execution->entrusted != NULL &&
         g_strcmp0 (p->execution->entrusted->agency.uscc, gp_flow_agency_uscc ()) == 0;
}

typedef struct {
  char *action;
  char *problems;
} Failed;

static void
action_failed_cb (GpSyncEngine *engine,
                  const char   *project_id,
                  const char   *action,
                  const char   *problems_json,
                  Failed       *out)
{
  g_free (out->action);
  g_free (out->problems);
  out->action = g_strdup (action);
  out->problems = g_strdup (problems_json);
}

static gboolean
has_failed (gpointer data)
{
  return ((Failed *) data)->action != NULL;
}

static gboolean
dates_in_record (gpointer page)
{
  const GpProject *p = gp_project_page_get_project (page);

  return p != NULL && p->execution != NULL && p->execution->entrusted != NULL &&
         gp_date_is_set (&p->execution->entrusted->docs_from) &&
         gp_datetime_is_set (p->execution->entrusted->bid_deadline);
}

static gboolean
dates_on_server (gpointer id)
{
  g_autoptr(GpProject) held = st_server_project (server, "zsjy", id);

  return gp_date_is_set (&held->execution->entrusted->docs_from) &&
         gp_datetime_is_set (held->execution->entrusted->bid_deadline);
}

static gboolean
not_waiting (gpointer page)
{
  return !g_str_has_prefix (st_status_text (page), "待发送");
}

static void
test_open_tender_until_the_bid_deadline (void)
{
  const char * const execution_current[] = { "✓", "✓", "●", "○", "○", "○" };
  g_autofree char *id = gp_flow_submitted_plan (server, "中山市教育局校园网络设备公开招标",
                                                GP_PROCUREMENT_METHOD_OPEN_TENDER,
                                                GP_ORGANISATION_FORM_ENTRUSTED, 600000000);
  g_autofree char *docs_from = st_date_text (0);
  g_autofree char *docs_until = st_date_text (7);
  g_autofree char *deadline = st_date_text (20);
  g_autoptr(GpProject) held = NULL;
  Failed failed = { NULL, NULL };
  GtkWindow *window;
  GpProjectPage *page;
  gpointer form;

  /* The finance department files the plan from its own client. */
  st_wait_engine_state (supervisor, id, GP_PROJECT_STATE_PLAN_SUBMITTED);
  gp_flow_queue (supervisor, id, "file_plan", NULL);
  st_wait_engine_state (purchaser, id, GP_PROJECT_STATE_PLAN_FILED);

  /* The purchaser picks the agency from the 代理机构库 and entrusts it. */
  page = tp_open_page (purchaser, id, &window);
  tp_wait_until (tp_page_loaded, page, "the project");
  form = st_form (page, GP_STAGE_EXECUTION);
  gp_execution_form_set_store (form, gp_sync_engine_get_store (purchaser));
  gp_project_page_show_stage (page, GP_STAGE_EXECUTION);
  tp_wait_until (agencies_loaded, form, "the agency registry");
  st_select (EXEC ("agency_row"), GP_FLOW_AGENCY_NAME);
  tp_wait_until (agency_stored, page, "the agency in the record");
  tp_wait_until (st_autosaved, page, "the autosave mark");
  /* The header offers the entrustment, not an e-mall order, and nothing is missing. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("entrust"));
  tp_wait_until (st_status_empty, page, "a complete entrustment");
  tp_press_and_confirm (page, NULL);
  st_wait_syncing (purchaser, not_waiting, page, "the entrustment sent");

  /* The agency accepts on its own client. */
  st_wait_engine_state (agency, id, GP_PROJECT_STATE_PLAN_FILED);
  gp_flow_queue (agency, id, "accept_entrustment", NULL);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_ENTRUSTED);
  st_assert_stepper (page, execution_current);

  /* The documents confirmed, then the notice dates typed into the form. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("confirm_documents"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_DOCS_CONFIRMED);
  tp_type (EXEC ("docs_from_row"), docs_from);
  tp_type (EXEC ("docs_until_row"), docs_until);
  tp_type (EXEC ("bid_deadline_row"), deadline);
  g_assert_false (gtk_widget_has_css_class (EXEC ("bid_deadline_row"), "warning"));
  tp_wait_until (dates_in_record, page, "the notice dates in the record");
  /* Ctrl+S: saved on this computer now, then sent up. */
  gtk_label_set_text (GTK_LABEL (tp_page_child (page, "autosave_label")), "");
  gtk_widget_activate_action (GTK_WIDGET (page), "project.save", NULL);
  tp_wait_until (st_autosaved, page, "the autosave mark");
  st_wait_syncing (purchaser, dates_on_server, (gpointer) id, "the notice dates on the server");

  /* The agency publishes the notice. */
  g_signal_connect (agency, "action-failed", G_CALLBACK (action_failed_cb), &failed);
  gp_flow_sync (agency);
  gp_flow_queue (agency, id, "publish_notice", NULL);
  gp_flow_sync (agency);
  if (failed.action != NULL)
    g_error ("%s refused: %s", failed.action, failed.problems);
  st_wait_engine_state (agency, id, GP_PROJECT_STATE_NOTICE_PUBLISHED);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_NOTICE_PUBLISHED);

  /* Closing the bids now: refused by the server's clock, on the agency's client and the API. */
  gp_flow_queue (agency, id, "close_bids", NULL);
  st_wait_syncing (agency, has_failed, &failed, "the refusal to close the bids");
  g_assert_cmpstr (failed.action, ==, "close_bids");
  g_assert_nonnull (strstr (failed.problems, "bid-deadline-not-reached"));
  g_assert_nonnull (strstr (failed.problems, "execution.entrusted.bid_deadline"));
  {
    g_autoptr(GpTestResponse) resp = st_post_action (server, GP_FLOW_AGENCY_LOGIN, id, "close_bids", NULL);

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "guard-failed");
    g_assert_true (st_response_has_problem (resp, "bid-deadline-not-reached", "execution.entrusted.bid_deadline"));
  }

  held = st_server_project (server, "zsjy", id);
  g_assert_cmpint (held->status, ==, GP_PROJECT_STATE_NOTICE_PUBLISHED);
  g_assert_cmpstr (held->execution->entrusted->agency.uscc, ==, gp_flow_agency_uscc ());
  g_assert_true (gp_date_is_set (&held->execution->entrusted->notice_published));
  g_assert_true (gp_datetime_is_set (held->execution->entrusted->bid_deadline));
  g_test_message ("The flow stops at close_bids: the bid deadline (%s) is 20 日 after the documents, "
                  "which cannot start before the notice (today); the rest needs the server's clock past it.",
                  deadline);

  g_signal_handlers_disconnect_by_func (agency, action_failed_cb, &failed);
  g_free (failed.action);
  g_free (failed.problems);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-entrusted-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tp_init (&argc, &argv);

  server = gp_flow_server_start ();
  purchaser = gp_flow_engine (server, "zsjy");
  supervisor = gp_flow_engine (server, "zscz");
  agency = gp_flow_engine (server, GP_FLOW_AGENCY_LOGIN);

  g_test_add_func ("/ui/entrusted-to-paid/open-tender-until-the-bid-deadline",
                   test_open_tender_until_the_bid_deadline);
  ret = g_test_run ();

  g_clear_object (&agency);
  g_clear_object (&supervisor);
  g_clear_object (&purchaser);
  gp_test_server_stop (server);
  return ret;
}
