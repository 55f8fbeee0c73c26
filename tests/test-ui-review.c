/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-review.c: the supervisor's queue of plans awaiting filing, on a second client in the same
 * process (zscz, its own store) against the real server: a return without a reason is refused on
 * the page, a return with one reaches the purchaser's client with its reason, and the resubmitted
 * plan is filed; the supplier's order queue confirms an e-mall order.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gp-application.h"
#include "gp-project-page.h"
#include "gp-queue-page.h"
#include "gp-test-flow.h"

static GpTestServer *server;
static GpSyncEngine *purchaser;
static GpSyncEngine *supervisor;

static gpointer
qchild (gpointer    page,
        const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), GP_TYPE_QUEUE_PAGE, name);
}

static gboolean
queue_has_n (gpointer data)
{
  GpQueuePage *page = data;

  return !gp_queue_page_get_loading (page) &&
         gp_queue_page_get_n_items (page) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (page), "want"));
}

static void
wait_queue (GpQueuePage *page,
            guint        n)
{
  g_object_set_data (G_OBJECT (page), "want", GUINT_TO_POINTER (n));
  gp_queue_page_refresh (page);
  gp_flow_wait_until (queue_has_n, page, "the queue");
}

static GpProjectState wanted_state;

static gboolean
project_state_is (gpointer data)
{
  GpSyncEngine *engine = data;
  g_autoptr(GpStoredProject) stored =
    gp_store_load_project_sync (gp_sync_engine_get_store (engine), g_object_get_data (G_OBJECT (engine), "id"), NULL, NULL);

  if (stored != NULL && stored->project->status == wanted_state)
    return TRUE;
  gp_sync_engine_sync_now (engine);
  g_main_context_iteration (NULL, FALSE);
  return FALSE;
}

static void
wait_for_state (GpSyncEngine   *engine,
                const char     *id,
                GpProjectState  state)
{
  g_object_set_data_full (G_OBJECT (engine), "id", g_strdup (id), g_free);
  wanted_state = state;
  gp_flow_wait_until (project_state_is, engine, gp_project_state_to_string (state));
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static void
remember_opened (GSimpleAction  *action,
                 GVariant       *parameter,
                 char          **out)
{
  g_free (*out);
  *out = g_variant_dup_string (parameter, NULL);
}

static GtkWindow *
show_in_window (GtkWidget *page)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  return window;
}

static void
test_supervisor_returns_with_reason_then_files_the_plan (void)
{
  const char *name = "中山市教育局学生课桌椅采购";
  const char *reason = "预算指标与批复不符，请核对后重新提交";
  g_autofree char *id = gp_flow_submitted_plan (server, name, GP_PROCUREMENT_METHOD_MALL_DIRECT,
                                                GP_ORGANISATION_FORM_SELF, 3000000);
  GpQueuePage *page = gp_queue_page_new (GP_QUEUE_PLAN_FILINGS);
  GtkWindow *window = show_in_window (GTK_WIDGET (page));

  /* The plan is in the supervisor's queue after a sync of the second client. */
  gp_flow_sync (supervisor);
  gp_queue_page_set_engine (page, supervisor);
  wait_queue (page, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (qchild (page, "stack")), ==, "list");
  gp_queue_page_open (page, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (qchild (page, "stack")), ==, "review");
  g_assert_cmpstr (adw_preferences_group_get_title (qchild (page, "summary_group")), ==, name);
  /* The review leads to the whole project page: the window's win.open-project gets its id. */
  {
    g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) open = g_simple_action_new ("open-project", G_VARIANT_TYPE_STRING);
    g_autofree char *opened = NULL;

    g_signal_connect (open, "activate", G_CALLBACK (remember_opened), &opened);
    g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (open));
    gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (win));
    g_signal_emit_by_name (qchild (page, "open_button"), "clicked");
    g_assert_cmpstr (opened, ==, id);
    gtk_widget_insert_action_group (GTK_WIDGET (window), "win", NULL);
  }
  g_assert_true (gtk_widget_get_visible (qchild (page, "reason_row")));

  /* 退回 without a reason: refused on the page, nothing queued. */
  g_signal_emit_by_name (qchild (page, "secondary_button"), "clicked");
  g_assert_true (gtk_widget_get_visible (qchild (page, "decision_label")));
  g_assert_true (gtk_widget_has_css_class (qchild (page, "reason_row"), "error"));
  g_assert_cmpuint (gp_sync_engine_get_pending_actions (supervisor), ==, 0);

  /* With the reason: queued, sent, and the purchaser's client shows it. */
  gtk_editable_set_text (GTK_EDITABLE (qchild (page, "reason_row")), reason);
  g_signal_emit_by_name (qchild (page, "secondary_button"), "clicked");
  gp_flow_wait_until (label_visible, qchild (page, "decision_label"), "the queued mark");
  wait_for_state (supervisor, id, GP_PROJECT_STATE_PLAN_DRAFT);
  wait_queue (page, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (qchild (page, "stack")), ==, "empty");

  wait_for_state (purchaser, id, GP_PROJECT_STATE_PLAN_DRAFT);
  {
    g_autoptr(GpProject) seen = gp_flow_load (purchaser, id);

    g_assert_cmpstr (seen->plan->return_reason, ==, reason);
  }

  /* Resubmitted, it comes back into the queue and is filed. */
  gp_flow_api_action (server, "zsjy", id, "submit_plan", NULL, 200);
  wait_for_state (supervisor, id, GP_PROJECT_STATE_PLAN_SUBMITTED);
  wait_queue (page, 1);
  gp_queue_page_open (page, 0);
  g_signal_emit_by_name (qchild (page, "primary_button"), "clicked");
  wait_for_state (purchaser, id, GP_PROJECT_STATE_PLAN_FILED);
  {
    g_autoptr(GpProject) seen = gp_flow_load (purchaser, id);

    g_assert_true (seen->plan->filed > 0);
    g_assert_null (seen->plan->return_reason);
  }

  gtk_window_destroy (window);
}

static gboolean
page_loaded (gpointer page)
{
  return gp_project_page_get_project (page) != NULL;
}

/* 实施条例 第29条: a plan is filed with the finance department of its own level. The province's
 * sees a city unit's submitted plan, but neither its queue nor the project page offers to file it. */
static void
test_province_sees_a_city_plan_but_does_not_file_it (void)
{
  g_autofree char *id = gp_flow_submitted_plan (server, "中山市教育局图书馆书架采购", GP_PROCUREMENT_METHOD_MALL_DIRECT,
                                                GP_ORGANISATION_FORM_SELF, 2000000);
  g_autoptr(GpSyncEngine) province = gp_flow_engine (server, "gdczt");
  GpQueuePage *queue = gp_queue_page_new (GP_QUEUE_PLAN_FILINGS);
  GtkWindow *window = show_in_window (GTK_WIDGET (queue));
  GtkWindow *page_window;
  GpProjectPage *page;

  wait_for_state (province, id, GP_PROJECT_STATE_PLAN_SUBMITTED);
  gp_queue_page_set_engine (queue, province);
  wait_queue (queue, 0);

  page = gp_project_page_new (province, id);
  page_window = show_in_window (GTK_WIDGET (page));
  gp_flow_wait_until (page_loaded, page, "the project on the province's client");
  g_assert_null (gp_project_page_get_primary_action (page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                     GP_TYPE_PROJECT_PAGE,
                                                                                     "primary_button"))));

  /* The city's own finance department files it. */
  gp_flow_api_action (server, "zscz", id, "file_plan", NULL, 200);
  gtk_window_destroy (page_window);
  gtk_window_destroy (window);
}

static void
test_supplier_confirms_the_order_in_its_queue (void)
{
  g_autofree char *id = gp_flow_submitted_plan (server, "中山市教育局复印纸电子卖场采购",
                                                GP_PROCUREMENT_METHOD_MALL_DIRECT,
                                                GP_ORGANISATION_FORM_SELF, 500000);
  g_autoptr(GpSyncEngine) supplier = NULL;
  g_autoptr(GpProject) project = NULL;
  GpQueuePage *page = gp_queue_page_new (GP_QUEUE_ORDERS);
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  GpItem *item;

  gp_flow_api_action (server, "zscz", id, "file_plan", NULL, 200);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_PLAN_FILED);
  gp_flow_queue (purchaser, id, "start_mall_order", NULL);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_MALL_ORDERING);

  /* The order as the execution form writes it (test-ui-execution drives the form itself). */
  project = gp_flow_load (purchaser, id);
  item = gp_item_new ();
  item->catalog_code = g_strdup ("A05040101");
  item->name = g_strdup ("复印纸");
  item->spec = g_strdup ("A4 70g 500张");
  item->unit = g_strdup ("包");
  item->quantity_milli = 40000;
  item->unit_price = 2500;
  item->total = 100000;
  g_ptr_array_add (project->execution->mall->items, item);
  project->execution->mall->total = 100000;
  project->execution->mall->supplier.name = g_strdup (GP_FLOW_SUPPLIER_NAME);
  project->execution->mall->supplier.uscc = g_strdup (gp_flow_supplier_uscc ());
  project->execution->mall->consignee.name = g_strdup ("李老师");
  project->execution->mall->consignee.phone = g_strdup ("0760-88888888");
  project->execution->mall->consignee.address = g_strdup ("中山市东区松苑路1号");
  gp_flow_save (purchaser, project);
  gp_flow_sync (purchaser);
  gp_flow_queue (purchaser, id, "submit_mall_order", NULL);
  gp_flow_sync (purchaser);

  supplier = gp_flow_engine (server, GP_FLOW_SUPPLIER_LOGIN);
  gp_queue_page_set_engine (page, supplier);
  wait_queue (page, 1);
  gp_queue_page_open (page, 0);
  g_assert_cmpstr (gtk_button_get_label (qchild (page, "primary_button")), ==, _("_Confirm the Order"));
  g_assert_false (gtk_widget_get_visible (qchild (page, "reason_row")));
  g_signal_emit_by_name (qchild (page, "primary_button"), "clicked");
  wait_for_state (supplier, id, GP_PROJECT_STATE_MALL_ORDER_CONFIRMED);
  wait_queue (page, 1);
  gp_queue_page_open (page, 0);
  g_assert_cmpstr (gtk_button_get_label (qchild (page, "primary_button")), ==, _("Confirm _Delivery"));
  g_signal_emit_by_name (qchild (page, "primary_button"), "clicked");
  wait_for_state (purchaser, id, GP_PROJECT_STATE_DELIVERED);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-review-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = gp_flow_server_start ();
  purchaser = gp_flow_engine (server, "zsjy");
  supervisor = gp_flow_engine (server, "zscz");

  g_test_add_func ("/ui/review/supervisor-returns-a-plan-with-a-reason-then-files-it",
                   test_supervisor_returns_with_reason_then_files_the_plan);
  g_test_add_func ("/ui/review/province-sees-a-city-plan-but-does-not-file-it (实施条例第29条)",
                   test_province_sees_a_city_plan_but_does_not_file_it);
  g_test_add_func ("/ui/review/supplier-confirms-order-and-delivery-in-its-queue",
                   test_supplier_confirms_the_order_in_its_queue);
  ret = g_test_run ();

  g_clear_object (&supervisor);
  g_clear_object (&purchaser);
  gp_test_server_stop (server);
  return ret;
}
