/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-execution.c: the 采购执行 and 履约验收 forms against the real gpcloud-server: an e-mall
 * purchase from the 商品库 through the cart, consignee and invoice, the supplier's confirmation and
 * delivery from a second client, then receipt and the supplier's rating; and an entrusted tender's
 * execution: the agency from the 代理机构库, the 20-day minimum computed from the documents date,
 * too few bids announced as 废标, and the agency receiving the entrustment on its own client.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gp-acceptance-form.h"
#include "gp-app-labels.h"
#include "gp-application.h"
#include "gp-execution-form.h"
#include "gp-form-fields.h"
#include "gp-test-flow.h"
#include "gp-validate.h"

static GpTestServer *server;
static GpSyncEngine *purchaser;

static gpointer
tchild (gpointer    widget,
        GType       type,
        const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

#define EXEC(form, name) tchild (form, GP_TYPE_EXECUTION_FORM, name)

static GtkWindow *
show_in_window (GtkWidget *form)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, form);
  gtk_window_present (window);
  return window;
}

static void
load_form (gpointer         form,
           const GpProject *project,
           GpRole           role,
           gboolean         editable)
{
  GDate today;
  GpStageFormContext ctx = { role, role == GP_ROLE_PURCHASER ? GP_DUTY_BOTH : GP_DUTY_NONE, editable, &today };

  gp_date_get_today (&today);
  gp_stage_form_load (GP_STAGE_FORM (form), project, &ctx);
}

static gboolean
n_products_is (gpointer data)
{
  GpExecutionForm *form = data;

  return gp_execution_form_get_n_products (form) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (form), "want"));
}

static gboolean
cart_names_supplier (gpointer data)
{
  GtkListBox *cart = EXEC (data, "cart_list");
  guint n = 0;

  /* The total row (last) names the supplier found in the 供应商库 cache. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (cart)); row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  if (n == 0)
    return FALSE;
  {
    GtkListBoxRow *last = gtk_list_box_get_row_at_index (cart, (int) n - 1);
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (last));

    return subtitle != NULL && strstr (subtitle, GP_FLOW_SUPPLIER_NAME) != NULL;
  }
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

static guint
count_problems (GPtrArray  *problems,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (g_str_has_prefix (((GpProblem *) g_ptr_array_index (problems, i))->path, prefix))
      n++;
  return n;
}

/* ------------------------------------------------------------------------------------------------ */

static void
test_mall_purchase_through_the_form (void)
{
  g_autofree char *id = gp_flow_submitted_plan (server, "中山市教育局办公电脑电子卖场采购",
                                                GP_PROCUREMENT_METHOD_MALL_DIRECT,
                                                GP_ORGANISATION_FORM_SELF, 2000000);
  g_autoptr(GpSyncEngine) supplier = NULL;
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GpExecutionForm *form;
  GtkWindow *window;

  /* The finance department files the plan; the order begins. */
  g_free (gp_test_server_login_ready (server, "zscz"));
  gp_flow_api_action (server, "zscz", id, "file_plan", NULL, 200);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_PLAN_FILED);
  gp_flow_queue (purchaser, id, "start_mall_order", NULL);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_MALL_ORDERING);

  project = gp_flow_load (purchaser, id);
  form = gp_execution_form_new ();
  gp_execution_form_set_store (form, gp_sync_engine_get_store (purchaser));
  window = show_in_window (GTK_WIDGET (form));
  load_form (form, project, GP_ROLE_PURCHASER, TRUE);
  g_assert_cmpstr (gp_execution_form_get_path (form), ==, "mall");
  g_assert_cmpstr (adw_action_row_get_subtitle (EXEC (form, "status_row")), ==, _("Not submitted"));

  /* 商品库: a two-character search finds the computer; it goes into the cart twice. */
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "product_search")), "计算");
  gp_execution_form_search_products (form, "计算");
  g_object_set_data (G_OBJECT (form), "want", GUINT_TO_POINTER (1));
  gp_flow_wait_until (n_products_is, form, "the computer in the catalogue");
  gp_execution_form_add_product_to_cart (form, 0);
  gp_execution_form_add_product_to_cart (form, 0);
  g_assert_cmpuint (gp_execution_form_get_n_cart_lines (form), ==, 1);
  gp_flow_wait_until (cart_names_supplier, form, "the supplier's name in the cart");

  /* Consignee and invoice. */
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "consignee_name_row")), "李老师");
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "consignee_phone_row")), "0760-88888888");
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "consignee_address_row")), "中山市东区松苑路1号");
  adw_combo_row_set_selected (EXEC (form, "invoice_kind_row"), 1);
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "invoice_title_row")), "中山市教育局");

  gp_stage_form_store (GP_STAGE_FORM (form), project);
  g_assert_cmpint (project->execution->mall->total, ==, 999800);
  g_assert_cmpstr (project->execution->mall->supplier.uscc, ==, gp_flow_supplier_uscc ());
  g_assert_cmpstr (project->execution->mall->supplier.name, ==, GP_FLOW_SUPPLIER_NAME);
  problems = gp_project_validate (project, NULL);
  g_assert_cmpuint (count_problems (problems, "execution"), ==, 0);

  /* A missing phone shows on its field. */
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "consignee_phone_row")), "");
  {
    g_autoptr(GpProject) copy = gp_project_copy (project);
    g_autoptr(GPtrArray) missing = NULL;

    gp_stage_form_store (GP_STAGE_FORM (form), copy);
    missing = gp_project_validate (copy, NULL);
    gp_stage_form_show_problems (GP_STAGE_FORM (form), missing);
    g_assert_true (gtk_widget_has_css_class (EXEC (form, "consignee_phone_row"), "error"));
    g_assert_true (gtk_widget_get_visible (EXEC (form, "consignee_problems")));
  }
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "consignee_phone_row")), "0760-88888888");
  gp_stage_form_show_problems (GP_STAGE_FORM (form), problems);
  g_assert_false (gtk_widget_has_css_class (EXEC (form, "consignee_phone_row"), "error"));

  /* Saved, synced, and the order submitted (提交订单). */
  gp_flow_save (purchaser, project);
  gp_flow_sync (purchaser);
  gp_flow_queue (purchaser, id, "submit_mall_order", NULL);
  gp_flow_sync (purchaser);

  /* The supplier, on its own client, confirms the order and the delivery. */
  supplier = gp_flow_engine (server, GP_FLOW_SUPPLIER_LOGIN);
  wait_for_state (supplier, id, GP_PROJECT_STATE_MALL_ORDERING);
  {
    g_autoptr(GpProject) seen = gp_flow_load (supplier, id);

    g_assert_cmpint (seen->execution->mall->status, ==, GP_MALL_ORDER_STATUS_SUBMITTED);
  }
  gp_flow_queue (supplier, id, "confirm_mall_order", NULL);
  wait_for_state (supplier, id, GP_PROJECT_STATE_MALL_ORDER_CONFIRMED);
  gp_flow_queue (supplier, id, "confirm_delivery", NULL);
  wait_for_state (supplier, id, GP_PROJECT_STATE_DELIVERED);

  /* The purchaser sees the delivery, rates the supplier and confirms receipt. */
  wait_for_state (purchaser, id, GP_PROJECT_STATE_DELIVERED);
  g_clear_pointer (&project, gp_project_free);
  project = gp_flow_load (purchaser, id);
  load_form (form, project, GP_ROLE_PURCHASER, TRUE);
  g_assert_cmpstr (adw_action_row_get_subtitle (EXEC (form, "status_row")), ==,
                   _("Delivered, awaiting your confirmation of receipt"));
  g_assert_true (gtk_widget_get_visible (EXEC (form, "receipt_group")));
  g_assert_false (gtk_widget_get_visible (EXEC (form, "catalog_group")));
  gtk_spin_button_set_value (EXEC (form, "rating_spin"), 5);
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "rating_comment_row")), "送货及时，安装规范");
  gp_stage_form_store (GP_STAGE_FORM (form), project);
  gp_flow_save (purchaser, project);
  gp_flow_sync (purchaser);
  gp_flow_queue (purchaser, id, "accept", NULL);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_ACCEPTED);

  g_clear_pointer (&project, gp_project_free);
  project = gp_flow_load (purchaser, id);
  g_assert_cmpint (project->execution->mall->status, ==, GP_MALL_ORDER_STATUS_RECEIVED);
  g_assert_cmpuint (project->execution->mall->rating, ==, 5);
  load_form (form, project, GP_ROLE_PURCHASER, FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (EXEC (form, "status_row")), ==, _("Receipt confirmed"));

  /* The acceptance stage says that receipt was the acceptance. */
  {
    GpAcceptanceForm *acceptance = gp_acceptance_form_new ();
    GtkWindow *w2 = show_in_window (GTK_WIDGET (acceptance));

    load_form (acceptance, project, GP_ROLE_PURCHASER, FALSE);
    g_assert_cmpstr (gp_acceptance_form_get_mode (acceptance), ==, "mall");
    gtk_window_destroy (w2);
  }

  gtk_window_destroy (window);
}

static gboolean
agency_combo_filled (gpointer data)
{
  AdwComboRow *row = EXEC (data, "agency_row");
  GListModel *model = adw_combo_row_get_model (row);

  return model != NULL && g_list_model_get_n_items (model) == 2;
}

static void
test_entrusted_tender_execution (void)
{
  g_autofree char *id = gp_flow_submitted_plan (server, "中山市教育局校园网络设备公开招标",
                                                GP_PROCUREMENT_METHOD_OPEN_TENDER,
                                                GP_ORGANISATION_FORM_ENTRUSTED, 600000000);
  g_autoptr(GpSyncEngine) agency = NULL;
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *docs = NULL;
  g_autofree char *earliest = NULL;
  GpExecutionForm *form;
  GtkWindow *window;
  GDate from, min;

  g_free (gp_test_server_login_ready (server, "zscz"));
  gp_flow_api_action (server, "zscz", id, "file_plan", NULL, 200);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_PLAN_FILED);

  project = gp_flow_load (purchaser, id);
  form = gp_execution_form_new ();
  gp_execution_form_set_store (form, gp_sync_engine_get_store (purchaser));
  window = show_in_window (GTK_WIDGET (form));
  load_form (form, project, GP_ROLE_PURCHASER, TRUE);
  g_assert_cmpstr (gp_execution_form_get_path (form), ==, "entrusted");

  /* The agency comes from the 代理机构库 cache. */
  gp_flow_wait_until (agency_combo_filled, form, "the agency registry");
  adw_combo_row_set_selected (EXEC (form, "agency_row"), 1);

  /* The documents go out tomorrow: the deadline is 20 日 later at the earliest (第35条). */
  gp_date_get_today (&from);
  g_date_add_days (&from, 1);
  /* Typed as in every form's date rows: 2026-12-01. */
  docs = gp_form_date_text (&from, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "docs_from_row")), docs);
  min = from;
  g_date_add_days (&min, 20);
  earliest = gp_format_form_date (&min);
  g_assert_nonnull (strstr (gp_execution_form_get_min_deadline_text (form), earliest));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (EXEC (form, "min_deadline_row")), earliest));

  /* A deadline earlier than that is marked. */
  {
    GDate early = from;
    g_autofree char *text = NULL;

    g_date_add_days (&early, 10);
    text = gp_form_date_text (&early, FALSE);
    gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "bid_deadline_row")), text);
    g_assert_true (gtk_widget_has_css_class (EXEC (form, "bid_deadline_row"), "warning"));
  }
  {
    g_autofree char *typed = gp_form_date_text (&min, FALSE);

    gtk_editable_set_text (GTK_EDITABLE (EXEC (form, "bid_deadline_row")), typed);
  }
  g_assert_false (gtk_widget_has_css_class (EXEC (form, "bid_deadline_row"), "warning"));

  /* Two valid bids are too few: 废标 is said under the list; a third makes it a tender. */
  g_signal_emit_by_name (EXEC (form, "add_bid_button"), "clicked");
  g_signal_emit_by_name (EXEC (form, "add_bid_button"), "clicked");
  g_assert_true (gp_execution_form_get_bids_too_few (form));
  g_assert_nonnull (strstr (gtk_label_get_text (EXEC (form, "bids_summary_label")), "3"));
  g_assert_true (gtk_widget_has_css_class (EXEC (form, "bids_summary_label"), "error"));
  g_signal_emit_by_name (EXEC (form, "add_bid_button"), "clicked");
  g_assert_false (gp_execution_form_get_bids_too_few (form));

  gp_stage_form_store (GP_STAGE_FORM (form), project);
  g_assert_cmpint (project->execution->kind, ==, GP_EXECUTION_KIND_ENTRUSTED);
  g_assert_cmpstr (project->execution->entrusted->agency.uscc, ==, gp_flow_agency_uscc ());
  g_assert_cmpuint (project->execution->entrusted->bids->len, ==, 3);

  /* Unnamed bids are problems on the bids; drop them before the entrustment goes out. */
  problems = gp_project_validate (project, NULL);
  gp_stage_form_show_problems (GP_STAGE_FORM (form), problems);
  g_assert_true (gtk_widget_get_visible (EXEC (form, "award_problems")));
  g_ptr_array_set_size (project->execution->entrusted->bids, 0);
  project->execution->entrusted->bid_deadline = 0;
  g_date_clear (&project->execution->entrusted->docs_from, 1);

  /* Entrusted, and the agency receives it on its own client. */
  gp_flow_save (purchaser, project);
  gp_flow_sync (purchaser);
  gp_flow_queue (purchaser, id, "entrust", NULL);
  gp_flow_sync (purchaser);
  agency = gp_flow_engine (server, GP_FLOW_AGENCY_LOGIN);
  wait_for_state (agency, id, GP_PROJECT_STATE_PLAN_FILED);
  gp_flow_queue (agency, id, "accept_entrustment", NULL);
  wait_for_state (agency, id, GP_PROJECT_STATE_ENTRUSTED);
  wait_for_state (purchaser, id, GP_PROJECT_STATE_ENTRUSTED);

  g_clear_pointer (&project, gp_project_free);
  project = gp_flow_load (purchaser, id);
  load_form (form, project, GP_ROLE_PURCHASER, TRUE);
  g_assert_cmpstr (adw_action_row_get_subtitle (EXEC (form, "entrusted_status_row")), !=, _("Not entrusted yet"));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-execution-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  server = gp_flow_server_start ();
  purchaser = gp_flow_engine (server, "zsjy");

  g_test_add_func ("/ui/execution/mall-purchase-from-the-catalogue-to-receipt-and-rating",
                   test_mall_purchase_through_the_form);
  g_test_add_func ("/ui/execution/entrusted-tender-agency-deadline-bids-and-entrustment",
                   test_entrusted_tender_execution);
  ret = g_test_run ();

  g_clear_object (&purchaser);
  gp_test_server_stop (server);
  return ret;
}
