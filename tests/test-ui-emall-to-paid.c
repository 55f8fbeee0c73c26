/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-emall-to-paid.c: an e-mall purchase from the intention to the last payment on the project
 * page against the real gpcloud-server: the intention and the plan typed into their forms and sent
 * from the header button, the plan filed by the finance department on its own client (zscz), the
 * order put together in the execution form, confirmed and delivered by the supplier on its client
 * (gys01), receipt confirmed, the payment typed into the payment form, and the project closed. At
 * each step: the stepper, the header button and what the server holds.
 */
#include "config.h"

#include "gp-test-ui-stages.h"

static GpTestServer *server;
static GpSyncEngine *purchaser;
static GpSyncEngine *supervisor;

#define INTENTION(name) tp_child (form, GP_TYPE_INTENTION_FORM, name)
#define PLAN(name)      tp_child (form, GP_TYPE_PLAN_FORM, name)
#define EXEC(name)      tp_child (form, GP_TYPE_EXECUTION_FORM, name)

static gboolean
products_found (gpointer form)
{
  return gp_execution_form_get_n_products (form) > 0;
}

static GtkSpinButton *
find_spin (GtkWidget *root)
{
  if (GTK_IS_SPIN_BUTTON (root))
    return GTK_SPIN_BUTTON (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkSpinButton *in = find_spin (c);

      if (in != NULL)
        return in;
    }
  return NULL;
}

/* Whether a label under @root reads @text. */
static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (label_shown (c, text))
      return TRUE;
  return FALSE;
}

static gboolean
cart_has_supplier (gpointer data)
{
  const GpProject *p = gp_project_page_get_project (data);

  return p != NULL && p->execution != NULL && p->execution->mall != NULL &&
         g_strcmp0 (p->execution->mall->supplier.uscc, gp_flow_supplier_uscc ()) == 0;
}

static gboolean
order_submitted (gpointer data)
{
  const GpProject *p = gp_project_page_get_project (data);

  return p != NULL && p->execution != NULL && p->execution->mall != NULL &&
         p->execution->mall->status == GP_MALL_ORDER_STATUS_SUBMITTED;
}

/* The text of the item selected in a combo row. */
static const char *
selected_label (gpointer row)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  return GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

/* Everything a row shows: its labels and any text field in it, one after the other. */
static void
append_shown_text (GtkWidget *widget,
                   GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT (widget))
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    append_shown_text (c, out);
}

static char *
shown_text (gpointer widget)
{
  GString *out = g_string_new (NULL);

  append_shown_text (GTK_WIDGET (widget), out);
  return g_string_free (out, FALSE);
}

static void
test_emall_purchase_from_intention_to_paid (void)
{
  const char * const plan_current[] = { "✓", "●", "○", "○", "○", "○" };
  const char * const execution_current[] = { "✓", "✓", "●", "○", "○", "○" };
  const char * const paid[] = { "✓", "✓", "✓", "✓", "✓", "●" };
  const char * const all_done[] = { "✓", "✓", "✓", "✓", "✓", "✓" };
  const char *name = "中山市教育局办公电脑电子卖场采购";
  const StPlanTyped typed = {
    .name = name,
    .summary = "采购台式计算机2台，用于教研室日常办公，通过广东省政府采购网上商城直接订购。",
    .budget = "10000",
    .content = "台式计算机2台（i5/16G/512G SSD）",
    .item = "台式计算机", .spec = "i5/16G/512G SSD", .unit = "台", .quantity = "2", .unit_price = "4999",
    .method = GP_PROCUREMENT_METHOD_MALL_DIRECT, .form = GP_ORGANISATION_FORM_SELF,
  };
  g_autoptr(GpProject) draft = tp_new_draft (purchaser);
  g_autoptr(GpSyncEngine) supplier = NULL;
  g_autoptr(GpProject) held = NULL;
  g_autofree char *today = st_date_text (0);
  g_autofree char *linked = NULL;
  GtkWindow *window;
  GpProjectPage *page = tp_open_page (purchaser, draft->id, &window);
  gpointer form;

  tp_wait_until (tp_page_loaded, page, "the project");

  /* 1. 采购意向 typed, checked, published; 2. 采购计划 with the e-mall method, sent for filing. */
  st_intention_and_plan (page, &typed);
  g_assert_cmpint (gp_project_page_get_project (page)->plan->total, ==, 999800);

  /* The finance department files it from its own client. */
  st_wait_engine_state (supervisor, draft->id, GP_PROJECT_STATE_PLAN_SUBMITTED);
  gp_flow_queue (supervisor, draft->id, "file_plan", NULL);
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_PLAN_FILED);
  /* Filed, the plan stays the current stage until the order begins. */
  st_assert_stepper (page, plan_current);

  /* 3. 采购执行: the order from the 商品库 with consignee and invoice. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("start_mall_order"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_MALL_ORDERING);
  st_assert_stepper (page, execution_current);
  form = st_form (page, GP_STAGE_EXECUTION);
  gp_execution_form_set_store (form, gp_sync_engine_get_store (purchaser));
  gp_project_page_show_stage (page, GP_STAGE_EXECUTION);
  g_assert_cmpstr (gp_execution_form_get_path (form), ==, "mall");
  tp_type (EXEC ("product_search"), "计算");
  gp_execution_form_search_products (form, "计算");
  tp_wait_until (products_found, form, "the computer in the catalogue");
  gp_execution_form_add_product_to_cart (form, 0);
  gp_execution_form_add_product_to_cart (form, 0);
  tp_wait_until (cart_has_supplier, page, "the supplier of the cart");
  /* The officer changes a line's quantity in its spin button: the line and the total follow, and
   * the button lives on (the cart is not rebuilt under it). */
  {
    GtkWidget *line = gtk_widget_get_first_child (GTK_WIDGET (EXEC ("cart_list")));
    GtkSpinButton *spin = find_spin (line);

    g_assert_nonnull (spin);
    gtk_spin_button_set_value (spin, 3);
    g_assert_true (label_shown (line, "¥14,997.00"));
    g_assert_true (label_shown (GTK_WIDGET (EXEC ("cart_list")), "¥14,997.00"));
    gtk_spin_button_set_value (spin, 2);
    g_assert_true (label_shown (line, "¥9,998.00"));
    g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 2);
  }
  tp_type (EXEC ("consignee_name_row"), "李老师");
  tp_type (EXEC ("consignee_phone_row"), "0760-88888888");
  tp_type (EXEC ("consignee_address_row"), "中山市东区松苑路1号 教研室");
  adw_combo_row_set_selected (EXEC ("invoice_kind_row"), GP_INVOICE_KIND_NORMAL);
  tp_type (EXEC ("invoice_title_row"), "中山市教育局");
  tp_wait_until (st_status_empty, page, "a complete order");
  g_assert_cmpint (gp_project_page_get_project (page)->execution->mall->total, ==, 999800);
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("submit_mall_order"));
  tp_press_and_confirm (page, NULL);
  tp_wait_until (order_submitted, page, "the submitted order");

  /* The supplier confirms the order and the delivery on its own project page. */
  supplier = gp_flow_engine (server, GP_FLOW_SUPPLIER_LOGIN);
  st_wait_engine_state (supplier, draft->id, GP_PROJECT_STATE_MALL_ORDERING);
  {
    GtkWindow *swindow;
    GpProjectPage *spage = tp_open_page (supplier, draft->id, &swindow);

    tp_wait_until (tp_page_loaded, spage, "the supplier's project page");
    g_assert_cmpstr (tp_button_label (spage), ==, gp_action_get_label ("confirm_mall_order"));
    /* Nothing for the supplier to fix: a submitted order is not a problem of the record. */
    g_assert_cmpstr (st_status_text (spage), ==, "");
    tp_press_and_confirm (spage, NULL);
    st_wait_page_state (spage, supplier, GP_PROJECT_STATE_MALL_ORDER_CONFIRMED);
    g_assert_cmpstr (tp_button_label (spage), ==, gp_action_get_label ("confirm_delivery"));
    tp_press_and_confirm (spage, NULL);
    st_wait_page_state (spage, supplier, GP_PROJECT_STATE_DELIVERED);
    /* The purchaser's steps are not the supplier's: nothing more to press. */
    g_assert_false (gtk_widget_get_visible (tp_page_child (spage, "primary_button")) &&
                    g_strcmp0 (gp_project_page_get_primary_action (spage), "accept") == 0);
    gtk_window_destroy (swindow);
  }

  /* 4. 履约验收: the purchaser sees the delivery, rates the supplier, confirms receipt. */
  st_wait_page_state (page, purchaser, GP_PROJECT_STATE_DELIVERED);
  g_assert_cmpstr (adw_action_row_get_subtitle (EXEC ("status_row")), ==,
                   _("Delivered, awaiting your confirmation of receipt"));
  gtk_spin_button_set_value (EXEC ("rating_spin"), 5);
  tp_type (EXEC ("rating_comment_row"), "送货及时，安装调试规范");
  tp_wait_until (st_autosaved, page, "the autosave mark");
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("accept"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_ACCEPTED);

  /* 5. 合同支付: one instalment of the whole order, typed into the payment form. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("record_payment"));
  gp_project_page_show_stage (page, GP_STAGE_PAYMENT);
  form = st_form (page, GP_STAGE_PAYMENT);
  st_click_group_add (tp_child (form, GP_TYPE_PAYMENT_FORM, "payments_group"));
  {
    AdwExpanderRow *line = st_last_line (tp_child (form, GP_TYPE_PAYMENT_FORM, "payments_group"));

    tp_type (gp_form_line_get (line, "amount"), "9998");
    adw_combo_row_set_selected (st_combo_titled (GTK_WIDGET (line), _("Payment Trigger")), GP_PAYMENT_TRIGGER_DELIVERY);
    adw_combo_row_set_selected (st_combo_titled (GTK_WIDGET (line), _("Funding Route")), GP_FUNDING_ROUTE_OWN_FUNDS);
    tp_type (gp_form_line_get (line, "trigger_date"), today);
    tp_type (gp_form_line_get (line, "voucher"), "ZSJY-ZF-2026-1130-001");
    tp_type (gp_form_line_get (line, "invoice_no"), "44200026113000012345");
    g_assert_null (tp_error_under (gp_form_line_get (line, "amount")));

    /* Collapsed, the instalment says its amount, when it falls due and by which day. */
    {
      const char *summary = adw_expander_row_get_subtitle (line);

      g_assert_true (g_str_has_prefix (summary, "¥9,998.00 · "));
      g_assert_nonnull (strstr (summary, _("after delivery")));
      g_assert_null (strstr (summary, "—"));
    }
    /* 累计支付 is what was paid, not what the instalments plan: nothing yet. */
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (tp_child (form, GP_TYPE_PAYMENT_FORM, "total_row")),
                                     "¥0.00"));

    /* The officer fills in the day the money went out; it is recorded as it is, not refused. */
    tp_type (gp_form_line_get (line, "paid"), today);
    g_assert_null (tp_error_under (gp_form_line_get (line, "paid")));
    g_assert_cmpstr (adw_action_row_get_subtitle (tp_child (form, GP_TYPE_PAYMENT_FORM, "total_row")), ==,
                     "¥9,998.00");
  }
  tp_wait_until (st_status_empty, page, "a complete payment");
  g_assert_false (gtk_widget_get_visible (tp_child (form, GP_TYPE_PAYMENT_FORM, "other_label")));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_PAID);
  st_assert_stepper (page, paid);
  /* Nothing is owed any more. */
  g_assert_cmpstr (adw_action_row_get_subtitle (tp_child (st_form (page, GP_STAGE_PAYMENT), GP_TYPE_PAYMENT_FORM,
                                                          "paid_row")), ==, "¥0.00");

  /* Paid in full: the project closes. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("close"));
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_CLOSED);
  st_assert_stepper (page, all_done);
  /* Every stage done says when: the order confirmed stands for the contract, the receipt for
   * the acceptance. */
  for (guint s = 0; s < 6; s++)
    {
      g_autofree char *line = g_strstrip (g_strdup (st_step_subtitle (page, s)));

      g_assert_cmpstr (line, !=, "");
    }

  /* What the server holds. */
  held = st_server_project (server, "zsjy", draft->id);
  g_assert_cmpint (held->status, ==, GP_PROJECT_STATE_CLOSED);
  g_assert_true (gp_datetime_is_set (held->intention->published));
  g_assert_true (gp_datetime_is_set (held->plan->filed));
  g_assert_cmpint (held->plan->method, ==, GP_PROCUREMENT_METHOD_MALL_DIRECT);
  g_assert_cmpint (held->execution->mall->status, ==, GP_MALL_ORDER_STATUS_RECEIVED);
  g_assert_cmpint (held->execution->mall->total, ==, 999800);
  g_assert_cmpuint (held->execution->mall->rating, ==, 5);
  g_assert_cmpuint (held->payments->len, ==, 1);
  g_assert_cmpint (((GpPayment *) g_ptr_array_index (held->payments, 0))->amount, ==, 999800);
  g_assert_true (gp_date_is_set (&((GpPayment *) g_ptr_array_index (held->payments, 0))->paid));
  {
    g_autofree char *held_paid = gp_form_date_text (&((GpPayment *) g_ptr_array_index (held->payments, 0))->paid, FALSE);

    g_assert_cmpstr (held_paid, ==, today);
  }
  g_assert_cmpuint (held->contracts->len, ==, 0);  /* An e-mall order needs no contract filing. */
  gtk_window_destroy (window);

  /* Opened afresh, the plan shows the method the record holds and names the linked intention:
   * this project's own, by its name, never by an id. */
  page = tp_open_page (purchaser, draft->id, &window);
  tp_wait_until (tp_page_loaded, page, "the project opened again");
  form = st_form (page, GP_STAGE_PLAN);
  g_assert_cmpstr (selected_label (PLAN ("method_row")), ==,
                   gp_procurement_method_get_label (GP_PROCUREMENT_METHOD_MALL_DIRECT));
  linked = shown_text (PLAN ("intention_ref_row"));
  g_assert_null (strstr (linked, draft->id));
  g_assert_nonnull (strstr (linked, name));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-emall-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tp_init (&argc, &argv);

  server = gp_flow_server_start ();
  purchaser = gp_flow_engine (server, "zsjy");
  supervisor = gp_flow_engine (server, "zscz");

  g_test_add_func ("/ui/emall-to-paid/intention-plan-order-delivery-receipt-payment",
                   test_emall_purchase_from_intention_to_paid);
  ret = g_test_run ();

  g_clear_object (&supervisor);
  g_clear_object (&purchaser);
  gp_test_server_stop (server);
  return ret;
}
