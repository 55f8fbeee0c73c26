/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-guard-violations.c: two legal guards on the project page and on the real server:
 * (a) a contract signed more than 7 工作日 ago (政府采购法 第47条): the contract form says so under
 * its filing deadline, the header still offers 提交合同备案 and asks for the reason, and the server
 * refuses the step without one, its problem shown on the field; (b) payments over the contract
 * amount: the payment form says so under the amount, and the server refuses to hold the payment
 * and then to record it.
 */
#include "config.h"

#include "gp-ids.h"
#include "gp-test-ui-stages.h"

static GpTestServer *server;
static GpSyncEngine *purchaser;

#define CONTRACT_AMOUNT 49800000  /* ¥498,000.00 */

static void
api_action (const char *login,
            const char *id,
            const char *action,
            const char *reason)
{
  g_autoptr(GpTestResponse) resp = st_post_action (server, login, id, action, reason);

  if (resp->status != 200)
    g_error ("%s: %u %.*s", action, resp->status, (int) g_bytes_get_size (resp->body),
             (const char *) g_bytes_get_data (resp->body, NULL));
}

static void
api_put (GpProject *p)
{
  g_autoptr(GpTestResponse) resp = st_put_project (server, p);

  if (resp->status != 200)
    g_error ("PUT: %u %.*s", resp->status, (int) g_bytes_get_size (resp->body),
             (const char *) g_bytes_get_data (resp->body, NULL));
}

/* A single-source purchase the unit runs itself (自行采购), walked through the API to the award:
 * the bid deadline of a single source is not bound to a minimum period, so real time suffices. */
static char *
awarded_single_source (void)
{
  g_autofree char *id = gp_flow_submitted_plan (server, "中山市教育局教学仪器单一来源采购",
                                                GP_PROCUREMENT_METHOD_SINGLE_SOURCE,
                                                GP_ORGANISATION_FORM_SELF, CONTRACT_AMOUNT + 200000);
  GpProject *p;
  GpBid *bid;

  api_action ("zscz", id, "file_plan", NULL);
  api_action ("zsjy", id, "accept_entrustment", NULL);
  api_action ("zsjy", id, "confirm_documents", NULL);

  p = st_server_project (server, "zsjy", id);
  gp_date_get_today (&p->execution->entrusted->docs_from);
  p->execution->entrusted->docs_until = p->execution->entrusted->docs_from;
  p->execution->entrusted->bid_deadline = g_get_real_time () - 120 * G_USEC_PER_SEC;
  api_put (p);
  gp_project_free (p);
  api_action ("zsjy", id, "publish_notice", NULL);
  api_action ("zsjy", id, "close_bids", NULL);

  p = st_server_project (server, "zsjy", id);
  bid = gp_bid_new ();
  bid->supplier.name = g_strdup (GP_FLOW_SUPPLIER_NAME);
  bid->supplier.uscc = g_strdup (gp_flow_supplier_uscc ());
  bid->supplier.size = GP_ENTERPRISE_SIZE_SMALL;
  bid->price = CONTRACT_AMOUNT;
  bid->valid = TRUE;
  bid->rank = 1;
  g_ptr_array_add (p->execution->entrusted->bids, bid);
  api_put (p);
  gp_project_free (p);
  api_action ("zsjy", id, "record_evaluation", NULL);
  api_action ("zsjy", id, "confirm_result", NULL);
  api_action ("zsjy", id, "award", NULL);
  return g_steal_pointer (&id);
}

static gboolean
server_problem_shown (gpointer data)
{
  GpProjectPage *page = data;
  GtkWidget *form = gp_project_page_get_form (page, GP_STAGE_CONTRACT);

  return tp_error_under (tp_child (form, GP_TYPE_CONTRACT_FORM, "file_deadline_row")) != NULL &&
         st_status_text (page)[0] != '\0' && !g_str_has_prefix (st_status_text (page), "待发送");
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
failed_with (gpointer data)
{
  Failed *f = data;

  return f->action != NULL && f->problems != NULL && strstr (f->problems, (const char *) g_object_get_data (G_OBJECT (purchaser), "want")) != NULL;
}

static void
test_contract_filed_late_and_payment_over_the_contract (void)
{
  g_autofree char *id = awarded_single_source ();
  g_autofree char *signed_text = NULL;
  g_autofree char *contract_id = gp_uuid_new ();
  g_autoptr(GpProject) held = NULL;
  Failed failed = { NULL, NULL };
  gulong handler;
  GtkWindow *window;
  GpProjectPage *page;
  GtkWidget *form;
  GDate signed_on;
  GpProject *p;
  GpContract *c;

  /* The contract was signed 20 日 ago: more than 7 工作日. */
  gp_date_get_today (&signed_on);
  g_date_subtract_days (&signed_on, 20);
  signed_text = gp_form_date_text (&signed_on, FALSE);
  p = st_server_project (server, "zsjy", id);
  c = gp_contract_new ();
  c->id = g_strdup (contract_id);
  c->number = g_strdup ("ZSJY-HT-2026-031");
  c->title = g_strdup ("中山市教育局教学仪器采购合同");
  c->supplier.name = g_strdup (GP_FLOW_SUPPLIER_NAME);
  c->supplier.uscc = g_strdup (gp_flow_supplier_uscc ());
  c->supplier.size = GP_ENTERPRISE_SIZE_SMALL;
  c->amount = CONTRACT_AMOUNT;
  c->signed_on = signed_on;
  c->performance_period = g_strdup ("合同签订后30日内交付");
  c->performance_place = g_strdup ("中山市教育局");
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("技术参数符合采购文件要求"));
  g_ptr_array_add (p->contracts, c);
  api_put (p);
  gp_project_free (p);
  api_action ("zsjy", id, "sign_contract", NULL);
  /* Published late too: that needs its reason. */
  api_action ("zsjy", id, "publish_contract", "合同双方盖章文本迟至本月下旬送达");

  /* (a) The page: the filing deadline is marked on its field, the button names the step. */
  st_wait_engine_state (purchaser, id, GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  page = tp_open_page (purchaser, id, &window);
  tp_wait_until (tp_page_loaded, page, "the project");
  form = gp_project_page_get_form (page, GP_STAGE_CONTRACT);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (tp_page_child (page, "stack"))), ==, "contract");
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("submit_contract_filing"));
  {
    const char *message = tp_error_under (tp_child (form, GP_TYPE_CONTRACT_FORM, "file_deadline_row"));

    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "7"));
    g_assert_true (gtk_widget_has_css_class (tp_child (form, GP_TYPE_CONTRACT_FORM, "file_deadline_row"), "error"));
  }
  g_assert_true (g_str_has_prefix (st_status_text (page), "还有 1 项"));

  /* The header asks for the reason: the dialog cannot be confirmed without one. */
  g_object_set_data (G_OBJECT (page), "gp-dialog", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "project.primary", NULL);
  {
    AdwMessageDialog *dialog = g_object_get_data (G_OBJECT (page), "gp-dialog");

    g_assert_nonnull (dialog);
    g_assert_nonnull (adw_message_dialog_get_extra_child (dialog));
    g_assert_false (adw_message_dialog_get_response_enabled (dialog, "confirm"));
    adw_message_dialog_response (dialog, "cancel");
  }

  /* Sent without a reason through the engine: the server refuses, the page shows its problem. */
  g_object_set_data (G_OBJECT (purchaser), "want", (gpointer) "contract-filed-late");
  handler = g_signal_connect (purchaser, "action-failed", G_CALLBACK (action_failed_cb), &failed);
  gp_flow_queue (purchaser, id, "submit_contract_filing", NULL);
  tp_wait_until (failed_with, &failed, "the refusal of the late filing");
  g_assert_cmpstr (failed.action, ==, "submit_contract_filing");
  g_assert_nonnull (strstr (failed.problems, "contracts[0].filed_on"));
  tp_wait_until (server_problem_shown, page, "the server's problem on the field");
  {
    g_autoptr(GpTestResponse) resp = st_post_action (server, "zsjy", id, "submit_contract_filing", NULL);

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "guard-failed");
    g_assert_true (st_response_has_problem (resp, "contract-filed-late", "contracts[0].filed_on"));
  }

  /* With the reason the filing goes in. (Not through this client: its outbox holds the refused
   * action, which blocks every later action of the project; see the report.) */
  api_action ("zsjy", id, "submit_contract_filing", "合同文本盖章流转延误，已补办");
  {
    g_autoptr(GpTestResponse) resp = st_post_action (server, "zscz", id, "file_contract", NULL);

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_true (st_response_has_problem (resp, "contract-filed-late", NULL));
  }
  api_action ("zscz", id, "file_contract", "采购人已说明逾期原因，予以备案");
  api_action ("zsjy", id, "start_performance", NULL);
  api_action ("zsjy", id, "confirm_delivery", NULL);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_DELIVERED);

  /* (b) Two instalments adding up to more than the contract: the form says so under the amount. */
  gp_project_page_show_stage (page, GP_STAGE_PAYMENT);
  form = gp_project_page_get_form (page, GP_STAGE_PAYMENT);
  st_click_group_add (tp_child (form, GP_TYPE_PAYMENT_FORM, "payments_group"));
  {
    AdwExpanderRow *line = st_last_line (tp_child (form, GP_TYPE_PAYMENT_FORM, "payments_group"));
    g_autofree char *today = st_date_text (0);
    const char *message;

    adw_combo_row_set_selected (st_combo_titled (GTK_WIDGET (line), _("Payment Trigger")), GP_PAYMENT_TRIGGER_DELIVERY);
    tp_type (gp_form_line_get (line, "trigger_date"), today);
    tp_type (gp_form_line_get (line, "amount"), "498000");
    g_assert_null (tp_error_under (gp_form_line_get (line, "amount")));
    tp_type (gp_form_line_get (line, "amount"), "500000");
    message = tp_error_under (gp_form_line_get (line, "amount"));
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "498,000.00"));
    g_assert_true (g_str_has_prefix (st_status_text (page), "还有"));
  }

  /* The draft with it goes up and is refused: the server never holds an over-payment … */
  g_object_set_data (G_OBJECT (purchaser), "want", (gpointer) "payments-exceed-contract");
  st_wait_syncing (purchaser, failed_with, &failed, "the refusal of the over-payment");
  g_assert_cmpstr (failed.action, ==, "save");
  {
    g_autoptr(GpProject) edit = st_server_project (server, "zsjy", id);
    g_autoptr(GpTestResponse) put = NULL;
    g_autoptr(GpTestResponse) resp = NULL;
    GpPayment *pay = gp_payment_new ();

    pay->id = gp_uuid_new ();
    pay->contract_id = g_strdup (contract_id);
    pay->instalment = 1;
    pay->amount = CONTRACT_AMOUNT + 200000;
    pay->trigger = GP_PAYMENT_TRIGGER_DELIVERY;
    gp_date_get_today (&pay->trigger_date);
    pay->late_interest_ppm = -1;
    g_ptr_array_add (edit->payments, pay);
    put = st_put_project (server, edit);
    g_assert_cmpuint (put->status, ==, 422);
    g_assert_cmpstr (gp_test_response_get_error_code (put), ==, "validation-failed");
    g_assert_true (st_response_has_problem (put, "payments-exceed-contract", "contracts[0]"));

    /* … and 登记支付 is refused with 422. */
    resp = st_post_action (server, "zsjy", id, "record_payment", NULL);
    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "guard-failed");
  }
  held = st_server_project (server, "zsjy", id);
  g_assert_cmpint (held->status, ==, GP_PROJECT_STATE_DELIVERED);
  g_assert_cmpuint (held->payments->len, ==, 0);

  g_signal_handler_disconnect (purchaser, handler);
  g_free (failed.action);
  g_free (failed.problems);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-guards-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tp_init (&argc, &argv);

  server = gp_flow_server_start ();
  purchaser = gp_flow_engine (server, "zsjy");

  g_test_add_func ("/ui/guard-violations/contract-filed-late-and-payment-over-the-contract",
                   test_contract_filed_late_and_payment_over_the_contract);
  ret = g_test_run ();

  g_clear_object (&purchaser);
  gp_test_server_stop (server);
  return ret;
}
