/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-entrusted-to-paid.c: an entrusted open tender from the intention to the last payment, on
 * the project pages of the purchaser (zsjy) and the agency (dl02, linked by its 统一社会信用代码),
 * with the finance department (zscz) filing the plan and the contract and the supplier (gys01)
 * delivering from their own clients. The server's official clock is moved past the 20 日 of the
 * notice ([testing] clock-file; 政府采购法 第35条) after closing the bids too early is refused; the
 * apps take the official time from the server's Date header, so the contract is signed, published
 * and filed in time by that clock, after one return with a reason. The agency accepts the
 * entrustment, publishes the notice and records the bids, the evaluation and the award on its own
 * page (政府采购法 第18条), and may not change anything else of the project.
 */
#include "config.h"

#include "gp-deadlines.h"
#include "gp-ids.h"
#include "gp-test-ui-stages.h"

static GpTestServer *server;
static GpSyncEngine *purchaser;
static GpSyncEngine *supervisor;
static GpSyncEngine *agency;

#define EXEC(name)     tp_child (form, GP_TYPE_EXECUTION_FORM, name)
#define CONTRACT(name) tp_child (form, GP_TYPE_CONTRACT_FORM, name)
#define ACCEPT(name)   tp_child (form, GP_TYPE_ACCEPTANCE_FORM, name)

/* How far the official clock moves: past the 20 日 of the notice. */
#define CLOCK_DAYS 21

/* A 统一社会信用代码 from its first 17 characters. */
static char *
uscc_of (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, gp_uscc_compute_check (first17));
}

/* The official date @days from now (the server's clock, as @engine last heard it), as typed. */
static char *
official_date_text (GpSyncEngine *engine,
                    int           days)
{
  GDate d;

  gp_date_from_usec_china (gp_sync_engine_get_official_time (engine), &d);
  g_date_add_days (&d, (guint) days);
  return gp_form_date_text (&d, FALSE);
}

typedef struct {
  GpProjectPage *page;
  gboolean       timed_out;
} Complete;

static gboolean
complete_timed_out_cb (gpointer data)
{
  ((Complete *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits until the page says nothing is missing for its action; fails with what it says. */
static void
wait_complete (GpProjectPage *page,
               const char    *what)
{
  Complete c = { page, FALSE };
  guint id = g_timeout_add_seconds (30, complete_timed_out_cb, &c);

  while (!st_status_empty (page) && !c.timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (c.timed_out)
    {
      const GpProject *p = gp_project_page_get_project (page);
      const char *action = gp_project_page_get_primary_action (page);
      GpActionContext ctx = { 0, };
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GPtrArray) guard = NULL;
      GString *list = g_string_new (NULL);

      ctx.now = gp_sync_engine_get_official_time (purchaser);
      ctx.calendar = gp_calendar_get_default ();
      ctx.duties = GP_DUTY_CLERK | GP_DUTY_REVIEWER;
      found = gp_project_validate (p, &ctx);
      if (action != NULL)
        gp_lifecycle_check (p, action, GP_ROLE_PURCHASER, &ctx, &guard, NULL);
      for (guint i = 0; i < found->len; i++)
        g_string_append_printf (list, " %s:%s", ((GpProblem *) g_ptr_array_index (found, i))->path,
                                ((GpProblem *) g_ptr_array_index (found, i))->code);
      for (guint i = 0; guard != NULL && i < guard->len; i++)
        g_string_append_printf (list, " %s:%s", ((GpProblem *) g_ptr_array_index (guard, i))->path,
                                ((GpProblem *) g_ptr_array_index (guard, i))->code);
      g_error ("Waiting for %s, the page still says: %s (%s)", what, st_status_text (page), list->str);
    }
  g_source_remove (id);
}

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
filing_sent (gpointer page)
{
  const GpProject *p = gp_project_page_get_project (page);

  return p != NULL && p->contracts->len > 0 &&
         gp_date_is_set (&((GpContract *) g_ptr_array_index (p->contracts, 0))->filing_submitted);
}

static gboolean
filing_returned (gpointer page)
{
  const GpProject *p = gp_project_page_get_project (page);

  return p != NULL && p->contracts->len > 0 &&
         ((GpContract *) g_ptr_array_index (p->contracts, 0))->filing_return_reason != NULL;
}

static gboolean
supervisor_sees_filing (gpointer id)
{
  g_autoptr(GpProject) p = gp_flow_load (supervisor, id);

  return p != NULL && p->contracts->len > 0 &&
         gp_date_is_set (&((GpContract *) g_ptr_array_index (p->contracts, 0))->filing_submitted);
}

static gboolean
not_waiting (gpointer page)
{
  return !g_str_has_prefix (st_status_text (page), "待发送");
}

static void
test_open_tender_from_intention_to_paid (void)
{
  const char * const execution_current[] = { "✓", "✓", "●", "○", "○", "○" };
  const StPlanTyped typed = {
    .name = "中山市教育局校园网络设备公开招标",
    .summary = "全市中小学校园网络核心交换机、接入交换机及无线接入设备更新，委托代理机构公开招标。",
    .budget = "6000000",
    .content = "校园网络设备一批（核心交换机、接入交换机、无线AP）",
    .item = "校园网络设备", .spec = "核心交换机2台、接入交换机120台、无线AP 600台", .unit = "批",
    .quantity = "1", .unit_price = "6000000",
    .method = GP_PROCUREMENT_METHOD_OPEN_TENDER, .form = GP_ORGANISATION_FORM_ENTRUSTED,
  };
  g_autoptr(GpProject) draft = tp_new_draft (purchaser);
  const char *id = draft->id;
  g_autofree char *docs_from = st_date_text (0);
  g_autofree char *docs_until = st_date_text (7);
  g_autofree char *deadline = st_date_text (20);
  g_autofree char *uscc2 = NULL;
  g_autofree char *uscc3 = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GpProject) held = NULL;
  GpSyncEngine *supplier = NULL;
  Failed failed = { NULL, NULL };
  GtkWindow *window, *awindow;
  GpProjectPage *page, *apage;
  gpointer form, aform;

  /* 1. 采购意向 and 2. 采购计划 typed on the page: 600万 of goods, an open tender through an agency. */
  page = tp_open_page (purchaser, id, &window);
  tp_wait_until (tp_page_loaded, page, "the project");
  st_intention_and_plan (page, &typed);
  g_assert_cmpint (gp_project_page_get_project (page)->plan->total, ==, 600000000);

  /* The finance department files the plan from its own client. */
  st_wait_engine_state (supervisor, id, GP_PROJECT_STATE_PLAN_SUBMITTED);
  gp_flow_queue (supervisor, id, "file_plan", NULL);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_PLAN_FILED);

  /* 3. 采购执行: the purchaser picks the agency from the 代理机构库 and entrusts it. */
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

  /* The agency accepts on its own project page. */
  st_wait_engine_state (agency, id, GP_PROJECT_STATE_PLAN_FILED);
  apage = tp_open_page (agency, id, &awindow);
  tp_wait_until (tp_page_loaded, apage, "the agency's project page");
  g_assert_cmpstr (tp_button_label (apage), ==, gp_action_get_label ("accept_entrustment"));
  tp_press_and_confirm (apage, NULL);
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_ENTRUSTED);
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

  /* The agency publishes the notice on its page. */
  g_signal_connect (agency, "action-failed", G_CALLBACK (action_failed_cb), &failed);
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_DOCS_CONFIRMED);
  st_wait_syncing (agency, dates_in_record, apage, "the notice dates on the agency's client");
  g_assert_cmpstr (tp_button_label (apage), ==, gp_action_get_label ("publish_notice"));
  wait_complete (apage, "the notice ready to publish");
  tp_press_and_confirm (apage, NULL);
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_NOTICE_PUBLISHED);
  if (failed.action != NULL)
    g_error ("%s refused: %s", failed.action, failed.problems);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_NOTICE_PUBLISHED);

  /* Closing the bids now: the agency's page says it is too early, before asking the platform … */
  g_assert_cmpstr (tp_button_label (apage), ==, gp_action_get_label ("close_bids"));
  g_assert_false (st_status_empty (apage));
  gtk_window_destroy (awindow);

  /* … and the platform refuses it by its clock, on the agency's client and through the API. */
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
  g_signal_handlers_disconnect_by_func (agency, action_failed_cb, &failed);
  g_free (failed.action);
  g_free (failed.problems);

  held = st_server_project (server, "zsjy", id);
  g_assert_cmpint (held->status, ==, GP_PROJECT_STATE_NOTICE_PUBLISHED);
  g_assert_cmpstr (held->execution->entrusted->agency.uscc, ==, gp_flow_agency_uscc ());
  g_assert_true (gp_date_is_set (&held->execution->entrusted->notice_published));
  g_clear_pointer (&held, gp_project_free);

  /* Three weeks later by the official clock; the agency's app learns it from the next answer. */
  gp_flow_set_clock_days (server, CLOCK_DAYS);
  gp_flow_sync (agency);
  gp_flow_sync (purchaser);
  g_assert_cmpint (gp_sync_engine_get_official_time (agency) - g_get_real_time (), >=,
                   ((gint64) CLOCK_DAYS * 86400 - 5) * G_USEC_PER_SEC);

  /* The agency closes the bids on its own page and records them there. */
  apage = tp_open_page (agency, id, &awindow);
  tp_wait_until (tp_page_loaded, apage, "the agency's project page");
  g_assert_cmpstr (tp_button_label (apage), ==, gp_action_get_label ("close_bids"));
  tp_press_and_confirm (apage, NULL);
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_BID_CLOSED);

  aform = st_form (apage, GP_STAGE_EXECUTION);
  gp_project_page_show_stage (apage, GP_STAGE_EXECUTION);
  /* The agency cannot choose another agency; the purchaser's page cannot record bids. */
  g_assert_false (gtk_widget_get_sensitive (tp_child (aform, GP_TYPE_EXECUTION_FORM, "agency_row")));
  g_assert_true (gtk_widget_get_visible (tp_child (aform, GP_TYPE_EXECUTION_FORM, "add_bid_button")));
  g_assert_false (gtk_widget_get_visible (EXEC ("add_bid_button")));

  uscc2 = uscc_of ("91442000MA4W56781");
  uscc3 = uscc_of ("91440101MA5C00421");
  gp_execution_form_add_bid (aform, GP_FLOW_SUPPLIER_NAME, gp_flow_supplier_uscc (), "5650000", TRUE, 1);
  gp_execution_form_add_bid (aform, "中山市联创信息技术有限公司", uscc2, "5780000", TRUE, 2);
  gp_execution_form_add_bid (aform, "广州市华南网络工程有限公司", uscc3, "5890000", TRUE, 3);
  tp_type (tp_child (aform, GP_TYPE_EXECUTION_FORM, "evaluation_row"),
           "综合评分法，评标委员会5人（专家4人、采购人代表1人），推荐中山市博文电脑有限公司为第一中标候选人");
  g_assert_false (gp_execution_form_get_bids_too_few (aform));
  /* Each bid, collapsed, says who bid what and its rank. */
  {
    GtkWidget *bids = tp_child (aform, GP_TYPE_EXECUTION_FORM, "bids_list");
    AdwExpanderRow *first = ADW_EXPANDER_ROW (gtk_widget_get_first_child (bids));

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, GP_FLOW_SUPPLIER_NAME);
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (first), "¥5,650,000.00"));
  }
  g_assert_cmpstr (tp_button_label (apage), ==, gp_action_get_label ("record_evaluation"));
  wait_complete (apage, "three ranked bids");
  tp_press_and_confirm (apage, NULL);
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_EVALUATED);

  /* The bids are on the server, recorded by the agency. */
  held = st_server_project (server, "zsjy", id);
  g_assert_cmpuint (held->execution->entrusted->bids->len, ==, 3);
  g_assert_true (gp_date_is_set (&held->execution->entrusted->evaluated));
  g_clear_pointer (&held, gp_project_free);

  /* The agency may record the execution, nothing else: a renamed project is refused. */
  {
    g_autoptr(GpProject) edit = st_server_project (server, GP_FLOW_AGENCY_LOGIN, id);
    g_autoptr(GpTestResponse) resp = NULL;

    g_free (edit->plan->name);
    edit->plan->name = g_strdup ("代理机构改名的项目");
    resp = st_put_project_as (server, GP_FLOW_AGENCY_LOGIN, edit);
    g_assert_cmpuint (resp->status, ==, 403);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "agency-edits-execution-only");
  }

  /* The purchaser confirms the result (政府采购法实施条例 第43条). */
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_EVALUATED);
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("confirm_result"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_RESULT_CONFIRMED);

  /* The agency publishes the award with the first candidate's price. */
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_RESULT_CONFIRMED);
  gp_project_page_show_stage (apage, GP_STAGE_EXECUTION);
  tp_type (tp_child (aform, GP_TYPE_EXECUTION_FORM, "award_supplier_row"), GP_FLOW_SUPPLIER_NAME);
  tp_type (tp_child (aform, GP_TYPE_EXECUTION_FORM, "award_uscc_row"), gp_flow_supplier_uscc ());
  tp_type (tp_child (aform, GP_TYPE_EXECUTION_FORM, "award_amount_row"), "5650000");
  g_assert_cmpstr (tp_button_label (apage), ==, gp_action_get_label ("award"));
  wait_complete (apage, "the award");
  tp_press_and_confirm (apage, NULL);
  st_wait_page_state (apage, agency, GP_PROJECT_STATE_AWARDED);
  /* After the award the execution is closed to the agency too. */
  g_assert_false (gtk_widget_get_visible (tp_child (aform, GP_TYPE_EXECUTION_FORM, "add_bid_button")));
  gtk_window_destroy (awindow);

  /* The contract, signed today by the official clock: it starts from the award. */
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_AWARDED);
  /* The stepper gives the purchaser's own next deadline, signing within 30 日 of the notice
   * (政府采购法 第46条), not the suppliers' 7 工作日 to challenge the award. */
  {
    g_autoptr(GPtrArray) deadlines = NULL;
    g_autofree char *want = NULL;
    GDate day;

    gp_date_from_usec_china (gp_sync_engine_get_official_time (purchaser), &day);
    deadlines = gp_project_deadlines (gp_project_page_get_project (page), gp_calendar_get_default (), &day, NULL);
    for (guint i = 0; i < deadlines->len; i++)
      {
        const GpDeadline *d = g_ptr_array_index (deadlines, i);

        /* In December the 30 日 may run into a year whose holidays are not published yet: then
         * the page says until when the step is surely in time. */
        if (g_strcmp0 (d->action, "sign_contract") == 0 && d->state == GP_DEADLINE_CALENDAR_MISSING)
          {
            g_autofree char *date = gp_format_list_date (&d->surely, &day);

            want = g_strdup_printf (_("In time until %s"), date);
          }
        else if (g_strcmp0 (d->action, "sign_contract") == 0)
          {
            g_autofree char *date = gp_format_list_date (&d->due, &day);

            want = g_strdup_printf (_("Due %s"), date);
          }
      }
    g_assert_nonnull (want);
    g_assert_cmpstr (st_step_subtitle (page, GP_STAGE_EXECUTION), ==, want);
  }
  gp_project_page_show_stage (page, GP_STAGE_CONTRACT);
  form = st_form (page, GP_STAGE_CONTRACT);
  g_assert_cmpstr (gtk_editable_get_text (CONTRACT ("supplier_row")), ==, GP_FLOW_SUPPLIER_NAME);
  g_assert_cmpstr (gtk_editable_get_text (CONTRACT ("uscc_row")), ==, gp_flow_supplier_uscc ());
  today = official_date_text (purchaser, 0);
  tp_type (CONTRACT ("number_row"), "ZSJY-HT-2026-018");
  tp_type (CONTRACT ("title_row"), "中山市教育局校园网络设备采购合同");
  tp_type (CONTRACT ("period_row"), "合同签订后60日内交货并完成安装调试");
  tp_type (CONTRACT ("place_row"), "中山市教育局指定学校");
  tp_type (CONTRACT ("criteria_row"), "设备型号及参数符合采购文件；安装调试完成并通过联网测试");
  tp_type (CONTRACT ("signed_row"), today);
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("sign_contract"));
  wait_complete (page, "a complete contract");
  /* The award named the supplier; its size (for the SME payment terms) comes from the 供应商库. */
  g_assert_cmpuint (adw_combo_row_get_selected (CONTRACT ("size_row")), ==, GP_ENTERPRISE_SIZE_SMALL);
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_CONTRACT_SIGNED);

  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("publish_contract"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("submit_contract_filing"));
  tp_press_and_confirm (page, NULL);
  st_wait_syncing (purchaser, not_waiting, page, "the contract filing sent");
  tp_wait_until (filing_sent, page, "the filing date in the record");
  /* Sent once: the page no longer offers it, and says it awaits the finance department ([P18]). */
  g_assert_cmpstr (gp_project_page_get_primary_action (page), !=, "submit_contract_filing");
  {
    g_autofree char *date = gp_form_format_date (&((GpContract *) g_ptr_array_index (
                              gp_project_page_get_project (page)->contracts, 0))->filing_submitted);
    g_autofree char *want = g_strdup_printf (_("Sent on %s, awaiting the finance department"), date);

    g_assert_cmpstr (adw_action_row_get_subtitle (CONTRACT ("filed_row")), ==, want);
  }

  /* The finance department sends it back with a reason from its own client; the purchaser's page
   * shows the reason and offers to send it again ([P18]). */
  st_wait_engine_state (supervisor, id, GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  gp_flow_queue (supervisor, id, "return_contract_filing", "{\"reason\":\"请补充合同附件扫描件后重新报送\"}");
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  st_wait_syncing (purchaser, filing_returned, page, "the returned filing on the purchaser's page");
  {
    g_autofree char *want = g_strdup_printf (_("Returned: %s"), "请补充合同附件扫描件后重新报送");

    g_assert_cmpstr (adw_action_row_get_subtitle (CONTRACT ("filed_row")), ==, want);
  }
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("submit_contract_filing"));
  tp_press_and_confirm (page, NULL);
  tp_wait_until (filing_sent, page, "the filing sent again");

  /* Sent again, it is filed (政府采购法 第47条). */
  st_wait_syncing (supervisor, supervisor_sees_filing, (gpointer) id, "the filing on the supervisor's client");
  gp_flow_queue (supervisor, id, "file_contract", NULL);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_CONTRACT_FILED);

  /* Performance, and the supplier delivers from its own client. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("start_performance"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_IN_PERFORMANCE);
  supplier = gp_flow_engine (server, GP_FLOW_SUPPLIER_LOGIN);
  st_wait_engine_state (supplier, id, GP_PROJECT_STATE_IN_PERFORMANCE);
  gp_flow_queue (supplier, id, "confirm_delivery", NULL);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_DELIVERED);

  /* The acceptance report: a team of three, every criterion checked, passed (实施条例 第45条). */
  gp_project_page_show_stage (page, GP_STAGE_ACCEPTANCE);
  form = st_form (page, GP_STAGE_ACCEPTANCE);
  g_assert_cmpuint (gp_acceptance_form_get_n_criteria (form), ==, 2);
  /* Network equipment for schools is not a service to the public: no recipients' opinion. */
  g_assert_false (gp_acceptance_form_get_recipients_required (form));
  gp_acceptance_form_add_member (form, "陈建国", "采购人代表", TRUE);
  gp_acceptance_form_add_member (form, "林晓燕", "技术专家", TRUE);
  gp_acceptance_form_add_member (form, "黄志强", "使用单位代表", TRUE);
  gp_acceptance_form_set_result (form, 0, "型号、参数与投标文件一致", TRUE);
  gp_acceptance_form_set_result (form, 1, "已完成安装调试，联网测试通过", TRUE);
  adw_combo_row_set_selected (ACCEPT ("conclusion_row"), GP_ACCEPTANCE_CONCLUSION_PASS);
  tp_type (ACCEPT ("date_row"), today);
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("accept"));
  wait_complete (page, "a complete acceptance report");
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_ACCEPTED);

  /* One payment of the whole contract after the acceptance. */
  gp_project_page_show_stage (page, GP_STAGE_PAYMENT);
  form = st_form (page, GP_STAGE_PAYMENT);
  st_click_group_add (tp_child (form, GP_TYPE_PAYMENT_FORM, "payments_group"));
  {
    AdwExpanderRow *line = st_last_line (tp_child (form, GP_TYPE_PAYMENT_FORM, "payments_group"));

    tp_type (gp_form_line_get (line, "amount"), "5650000");
    adw_combo_row_set_selected (st_combo_titled (GTK_WIDGET (line), _("Payment Trigger")), GP_PAYMENT_TRIGGER_ACCEPTANCE);
    tp_type (gp_form_line_get (line, "trigger_date"), today);
    tp_type (gp_form_line_get (line, "voucher"), "ZSJY-ZF-2026-018-01");
    tp_type (gp_form_line_get (line, "invoice_no"), "44200026121100018888");
  }
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("record_payment"));
  wait_complete (page, "a complete payment");
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_PAID);

  /* What the server holds: the agency's award, the contract filed in time, paid in full. */
  held = st_server_project (server, "zsjy", id);
  g_assert_cmpint (held->status, ==, GP_PROJECT_STATE_PAID);
  g_assert_cmpint (held->execution->entrusted->awarded_amount, ==, 565000000);
  g_assert_cmpuint (held->contracts->len, ==, 1);
  g_assert_cmpint (((GpContract *) g_ptr_array_index (held->contracts, 0))->amount, ==, 565000000);
  g_assert_true (gp_date_is_set (&((GpContract *) g_ptr_array_index (held->contracts, 0))->filed_on));
  g_assert_cmpuint (held->payments->len, ==, 1);
  g_assert_cmpuint (held->acceptances->len, ==, 1);

  g_clear_object (&supplier);
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

  g_test_add_func ("/ui/entrusted-to-paid/open-tender-from-intention-to-paid",
                   test_open_tender_from_intention_to_paid);
  ret = g_test_run ();

  g_clear_object (&agency);
  g_clear_object (&supervisor);
  g_clear_object (&purchaser);
  gp_test_server_stop (server);
  return ret;
}
