/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-execution-form.c: the 采购执行 stage form. The e-mall path (DOMAIN.md §7): search the 商品库
 * cache, a cart, consignee and invoice, an online bid's winner, then receipt and the rating of the
 * supplier; or the entrusted path (DOMAIN.md §1.4): the agency from the 代理机构库 cache, the notice
 * dates with the legal minimum from documents to deadline computed, the bids received (too few
 * valid bids mean 废标), the evaluation and the award. The plan's method and organisation form, or
 * the record's execution kind, decide which path shows.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gp-app-labels.h"
#include "gp-application.h"
#include "gp-calendar.h"
#include "gp-execution-form.h"
#include "gp-form-fields.h"
#include "gp-money.h"
#include "gp-validate.h"

#define MAX_PRODUCTS 50

/* A product of the 商品库 as the search shows it. */
typedef struct {
  char  *sku;
  char  *name;
  char  *catalog_code;
  char  *spec;
  char  *unit;
  char  *supplier_uscc;
  gint64 price;
} Product;

static void
product_free (Product *p)
{
  g_free (p->sku);
  g_free (p->name);
  g_free (p->catalog_code);
  g_free (p->spec);
  g_free (p->unit);
  g_free (p->supplier_uscc);
  g_free (p);
}

/* A party of a registry (供应商库, 代理机构库) for the combo rows. */
typedef struct {
  char            *name;
  char            *uscc;
  GpEnterpriseSize size;
} Party;

static void
party_free (Party *p)
{
  g_free (p->name);
  g_free (p->uscc);
  g_free (p);
}

/* The widgets of one received bid. */
typedef struct {
  GtkWidget *row;
  GtkWidget *name_row;
  GtkWidget *uscc_row;
  GtkWidget *price_row;
  GtkWidget *valid_switch;
  GtkWidget *rank_spin;
  gint64     submitted;
} BidRow;

struct _GpExecutionForm
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack             *path_stack;
  AdwPreferencesGroup  *status_group;
  AdwActionRow         *status_row;
  AdwActionRow         *dates_row;
  AdwPreferencesGroup  *catalog_group;
  GtkSearchEntry       *product_search;
  GtkListBox           *product_list;
  AdwPreferencesGroup  *cart_group;
  GtkListBox           *cart_list;
  GtkLabel             *cart_problems;
  AdwPreferencesGroup  *bidding_group;
  AdwComboRow          *bid_supplier_row;
  AdwEntryRow          *bid_total_row;
  AdwPreferencesGroup  *consignee_group;
  GtkButton            *consignee_delete_button;
  AdwEntryRow          *consignee_name_row;
  AdwEntryRow          *consignee_phone_row;
  AdwEntryRow          *consignee_address_row;
  GtkLabel             *consignee_problems;
  AdwPreferencesGroup  *invoice_group;
  AdwComboRow          *invoice_kind_row;
  AdwEntryRow          *invoice_title_row;
  AdwEntryRow          *invoice_tax_id_row;
  AdwPreferencesGroup  *receipt_group;
  GtkSpinButton        *rating_spin;
  AdwEntryRow          *rating_comment_row;
  AdwComboRow          *agency_row;
  AdwEntryRow          *project_code_row;
  AdwActionRow         *entrusted_status_row;
  GtkLabel             *agency_problems;
  AdwEntryRow          *docs_from_row;
  AdwEntryRow          *docs_until_row;
  AdwEntryRow          *bid_deadline_row;
  AdwActionRow         *min_deadline_row;
  GtkLabel             *notice_problems;
  GtkButton            *add_bid_button;
  GtkListBox           *bids_list;
  GtkLabel             *bids_summary_label;
  AdwEntryRow          *evaluation_row;
  AdwEntryRow          *award_supplier_row;
  AdwEntryRow          *award_uscc_row;
  AdwEntryRow          *award_amount_row;
  AdwActionRow         *award_notice_row;
  GtkLabel             *award_problems;

  GtkLabel             *cart_total_label;  /* in cart_list, while it lives */

  /* Owned references */
  GCancellable         *cancellable;
  GpStore              *store;
  GpProject            *project;        /* the last loaded project (a copy) */
  GPtrArray            *products;       /* Product*: the search result */
  GPtrArray            *cart;           /* GpItem*: the order lines */
  GPtrArray            *bids;           /* BidRow* */
  GPtrArray            *agencies;       /* Party*: the agency combo's entries */
  GPtrArray            *suppliers;      /* Party*: the bidding combo's entries */
  GpParty               supplier;       /* the order's supplier */
  char                 *min_deadline_text;
  char                 *bids_summary;

  GpStageFormContext    context;
  GDate                 today;
  gboolean              loading;
  gboolean              bids_too_few;
  const char           *path;
};

static void gp_execution_form_stage_form_init (GpStageFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpExecutionForm, gp_execution_form, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_STAGE_FORM, gp_execution_form_stage_form_init))

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void rebuild_cart          (GpExecutionForm *self);
static void update_min_deadline   (GpExecutionForm *self);
static void update_bids_summary   (GpExecutionForm *self);
static void load_registry_combos  (GpExecutionForm *self);

/* ------------------------------------------------------------------------------------------------
 * Helpers
 */

static void
changed (GpExecutionForm *self)
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
set_date_text (gpointer     editable,
               const GDate *date)
{
  /* As the officer types it (2026-12-01), so that gp_form_parse_date() reads it back in any locale. */
  g_autofree char *text = gp_date_is_set (date) ? gp_form_date_text (date, FALSE) : NULL;

  set_text (editable, text);
}

/* A date row that does not parse gets the error style. */
static void
read_date (gpointer  row,
           GDate    *out)
{
  g_autofree char *text = dup_text (row);

  if (!gp_form_parse_date (text, FALSE, out))
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

/* The deadline is a datetime: the day at 09:30 China time (UTC+8). */
static gint64
date_to_deadline (const GDate *date)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = NULL;

  if (!gp_date_is_set (date))
    return 0;
  dt = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                        9, 30, 0);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static char *
format_datetime (gint64 usec)
{
  GDate date;

  if (!gp_datetime_is_set (usec))
    return NULL;
  gp_date_from_usec_china (usec, &date);
  return gp_format_form_date (&date);
}

static gboolean
read_money (gpointer  row,
            gint64   *out)
{
  g_autofree char *text = dup_text (row);

  *out = 0;
  if (text == NULL)
    return TRUE;
  if (!gp_money_parse (text, out, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return FALSE;
    }
  return TRUE;
}

static void
set_money_text (gpointer editable,
                gint64   fen)
{
  g_autofree char *text = NULL;

  if (fen > 0)
    text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
  set_text (editable, text);
}

static void
copy_party (GpParty       *dst,
            const GpParty *src)
{
  g_free (dst->name);
  g_free (dst->uscc);
  dst->name = g_strdup (src->name);
  dst->uscc = g_strdup (src->uscc);
  dst->size = src->size;
}

static gboolean
method_is_mall (GpProcurementMethod method)
{
  switch (method)
    {
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:
      return TRUE;
    case GP_PROCUREMENT_METHOD_UNSET:
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION:
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:
    default:
      return FALSE;
    }
}

static GpProcurementMethod
project_method (GpExecutionForm *self)
{
  return self->project != NULL && self->project->plan != NULL ? self->project->plan->method
                                                               : GP_PROCUREMENT_METHOD_UNSET;
}

static const char *
mall_status_label (GpMallOrderStatus status)
{
  switch (status)
    {
    /* Translators: e-mall order states: 未提交, 已提交，待供应商确认, 供应商已确认, 已发货, 已送达，待确认收货, 已确认收货, 已取消. */
    case GP_MALL_ORDER_STATUS_DRAFT:     return _("Not submitted");
    case GP_MALL_ORDER_STATUS_SUBMITTED: return _("Submitted, awaiting the supplier’s confirmation");
    case GP_MALL_ORDER_STATUS_CONFIRMED: return _("Confirmed by the supplier");
    case GP_MALL_ORDER_STATUS_SHIPPED:   return _("Shipped");
    case GP_MALL_ORDER_STATUS_DELIVERED: return _("Delivered, awaiting your confirmation of receipt");
    case GP_MALL_ORDER_STATUS_RECEIVED:  return _("Receipt confirmed");
    case GP_MALL_ORDER_STATUS_CANCELLED: return _("Cancelled");
    default:                             return "";
    }
}

/* ------------------------------------------------------------------------------------------------
 * The store
 */

static void
ensure_store (GpExecutionForm *self)
{
  GtkRoot *root;
  GtkApplication *app;

  if (self->store != NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  if (GP_IS_APPLICATION (app))
    {
      GpStore *store = gp_sync_engine_get_store (gp_application_get_engine (GP_APPLICATION (app)));

      if (store != NULL)
        gp_execution_form_set_store (self, store);
    }
}

static JsonObject *
parse_object (JsonParser      *parser,
              GpRegistryEntry *entry)
{
  JsonNode *root;

  if (entry->json == NULL || !json_parser_load_from_data (parser, entry->json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* ------------------------------------------------------------------------------------------------
 * The 商品库 and the cart
 */

static void
add_to_cart_clicked_cb (GtkButton       *button,
                        GpExecutionForm *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "gp-index"));

  gp_execution_form_add_product_to_cart (self, index);
}

static void
show_products (GpExecutionForm *self)
{
  GtkWidget *child;
  gboolean editable = self->context.editable &&
                      (self->project == NULL || self->project->execution == NULL ||
                       self->project->execution->mall == NULL ||
                       self->project->execution->mall->status == GP_MALL_ORDER_STATUS_DRAFT);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->product_list))) != NULL)
    gtk_list_box_remove (self->product_list, child);

  for (guint i = 0; i < self->products->len; i++)
    {
      const Product *p = g_ptr_array_index (self->products, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *price = gtk_label_new (NULL);
      GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
      g_autofree char *money = gp_money_format (p->price);
      g_autofree char *subtitle = NULL;
      g_autofree char *add_label = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* Translators: a product's subtitle: its catalogue code and specification. */
      subtitle = g_strdup_printf (_("%s · %s"), p->catalog_code != NULL ? p->catalog_code : "",
                                  p->spec != NULL ? p->spec : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_label_set_text (GTK_LABEL (price), money);
      gtk_widget_add_css_class (price, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), price);

      /* Translators: the accessible name of a product's button, 加入购物车：%s. */
      add_label = g_strdup_printf (_("Add to cart: %s"), p->name);
      gtk_widget_set_tooltip_text (button, _("Add to Cart"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_sensitive (button, editable);
      g_object_set_data (G_OBJECT (button), "gp-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (add_to_cart_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->product_list, row);
    }

  if (self->products->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      /* Translators: 商品库中没有找到商品（请先同步）. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No goods found (sync to refresh the catalogue)"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->product_list, row);
    }
}

static void
products_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GpExecutionForm) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  entries = gp_store_query_registry_finish (GP_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (self->cancellable))
    return;

  g_ptr_array_set_size (self->products, 0);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GpRegistryEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *obj = parse_object (parser, entry);
      Product *p;

      if (obj == NULL)
        continue;
      p = g_new0 (Product, 1);
      p->sku = g_strdup (entry->code);
      p->name = g_strdup (entry->name);
      p->catalog_code = g_strdup (json_object_get_string_member_with_default (obj, "catalog_code", NULL));
      p->spec = g_strdup (json_object_get_string_member_with_default (obj, "spec", NULL));
      p->unit = g_strdup (json_object_get_string_member_with_default (obj, "unit", NULL));
      p->supplier_uscc = g_strdup (json_object_get_string_member_with_default (obj, "supplier_uscc", NULL));
      p->price = json_object_get_int_member_with_default (obj, "price", 0);
      g_ptr_array_add (self->products, p);
    }
  show_products (self);
}

void
gp_execution_form_search_products (GpExecutionForm *self,
                                   const char      *text)
{
  g_return_if_fail (GP_IS_EXECUTION_FORM (self));

  ensure_store (self);
  if (self->store == NULL)
    return;
  gp_store_query_registry_async (self->store, "product", text != NULL ? text : "", MAX_PRODUCTS,
                                 self->cancellable, products_cb, g_object_ref (self));
}

static void
product_search_changed_cb (GpExecutionForm *self)
{
  gp_execution_form_search_products (self, gtk_editable_get_text (GTK_EDITABLE (self->product_search)));
}

static void
supplier_name_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GpExecutionForm) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  entries = gp_store_query_registry_finish (GP_STORE (object), result, NULL);
  if (entries == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  for (guint i = 0; i < entries->len; i++)
    {
      GpRegistryEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *obj;

      if (g_strcmp0 (entry->code, self->supplier.uscc) != 0)
        continue;
      g_free (self->supplier.name);
      self->supplier.name = g_strdup (entry->name);
      obj = parse_object (parser, entry);
      if (obj != NULL)
        gp_enterprise_size_from_string (json_object_get_string_member_with_default (obj, "size", ""),
                                        &self->supplier.size);
      rebuild_cart (self);
      changed (self);
      break;
    }
}

void
gp_execution_form_add_product_to_cart (GpExecutionForm *self,
                                       guint            index)
{
  const Product *p;
  GpItem *item = NULL;

  g_return_if_fail (GP_IS_EXECUTION_FORM (self));
  g_return_if_fail (index < self->products->len);

  p = g_ptr_array_index (self->products, index);

  /* One order is placed with one supplier. */
  if (self->cart->len > 0 && self->supplier.uscc != NULL && p->supplier_uscc != NULL &&
      g_strcmp0 (self->supplier.uscc, p->supplier_uscc) != 0)
    {
      /* Translators: 一个订单只能向一家供应商订购；请为其他供应商的商品另建项目。 */
      gtk_label_set_text (self->cart_problems,
                          _("One order is placed with one supplier; buy the goods of another supplier in another project."));
      gtk_widget_set_visible (GTK_WIDGET (self->cart_problems), TRUE);
      return;
    }

  for (guint i = 0; i < self->cart->len; i++)
    {
      GpItem *line = g_ptr_array_index (self->cart, i);

      if (g_strcmp0 (line->name, p->name) == 0 && g_strcmp0 (line->spec, p->spec) == 0 &&
          line->unit_price == p->price)
        item = line;
    }
  if (item == NULL)
    {
      item = gp_item_new ();
      item->catalog_code = g_strdup (p->catalog_code);
      item->name = g_strdup (p->name);
      item->spec = g_strdup (p->spec);
      item->unit = g_strdup (p->unit);
      item->unit_price = p->price;
      g_ptr_array_add (self->cart, item);
    }
  item->quantity_milli += 1000;
  item->total = item->unit_price * (item->quantity_milli / 1000);

  if (self->supplier.uscc == NULL && p->supplier_uscc != NULL)
    {
      self->supplier.uscc = g_strdup (p->supplier_uscc);
      if (self->store != NULL)
        gp_store_query_registry_async (self->store, "supplier", p->supplier_uscc, 5,
                                       self->cancellable, supplier_name_cb, g_object_ref (self));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->cart_problems), FALSE);
  rebuild_cart (self);
  changed (self);
}

static gint64
cart_total (GpExecutionForm *self)
{
  gint64 sum = 0;

  for (guint i = 0; i < self->cart->len; i++)
    {
      const GpItem *item = g_ptr_array_index (self->cart, i);

      gp_money_add (sum, item->total, &sum);
    }
  return sum;
}

static void
quantity_changed_cb (GtkSpinButton   *spin,
                     GpExecutionForm *self)
{
  GpItem *item = g_object_get_data (G_OBJECT (spin), "gp-item");
  gint64 quantity = gtk_spin_button_get_value_as_int (spin);

  if (self->loading || item == NULL || quantity * 1000 == item->quantity_milli)
    return;
  item->quantity_milli = quantity * 1000;
  item->total = item->unit_price * quantity;
  /* Updated in place: rebuilding the cart from here would destroy the spin button inside its own
   * signal (and take the focus from the officer typing in it). */
  {
    GtkLabel *line_total = g_object_get_data (G_OBJECT (spin), "gp-line-total");
    g_autofree char *money = gp_money_format (item->total);

    gtk_label_set_text (line_total, money);
  }
  if (self->cart_total_label != NULL)
    {
      g_autofree char *money = gp_money_format (cart_total (self));

      gtk_label_set_text (self->cart_total_label, money);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->cart_total_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, money, -1);
    }
  changed (self);
}

static void
remove_line_cb (GtkButton       *button,
                GpExecutionForm *self)
{
  GpItem *item = g_object_get_data (G_OBJECT (button), "gp-item");

  g_ptr_array_remove (self->cart, item);
  if (self->cart->len == 0)
    {
      g_clear_pointer (&self->supplier.name, g_free);
      g_clear_pointer (&self->supplier.uscc, g_free);
      self->supplier.size = GP_ENTERPRISE_SIZE_UNSET;
    }
  rebuild_cart (self);
  changed (self);
}

static gboolean
order_is_draft (GpExecutionForm *self)
{
  return self->project == NULL || self->project->execution == NULL ||
         self->project->execution->mall == NULL ||
         self->project->execution->mall->status == GP_MALL_ORDER_STATUS_DRAFT;
}

static void
rebuild_cart (GpExecutionForm *self)
{
  GtkWidget *child;
  gboolean editable = self->context.editable && order_is_draft (self);
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  self->cart_total_label = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cart_list))) != NULL)
    gtk_list_box_remove (self->cart_list, child);

  for (guint i = 0; i < self->cart->len; i++)
    {
      GpItem *item = g_ptr_array_index (self->cart, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 99999, 1);
      GtkWidget *total = gtk_label_new (NULL);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *price = gp_money_format (item->unit_price);
      g_autofree char *line_total = gp_money_format (item->total);
      g_autofree char *subtitle = NULL;
      g_autofree char *qty_label = NULL;
      g_autofree char *remove_label = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* Translators: a cart line's subtitle: unit price per unit, e.g. "¥4,999.00 / 台". */
      subtitle = g_strdup_printf (_("%s / %s"), price, item->unit != NULL ? item->unit : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) (item->quantity_milli / 1000));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (spin, editable);
      /* Translators: the accessible name of a cart line's quantity, 数量：%s. */
      qty_label = g_strdup_printf (_("Quantity: %s"), item->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, qty_label, -1);
      g_object_set_data (G_OBJECT (spin), "gp-item", item);
      g_signal_connect (spin, "value-changed", G_CALLBACK (quantity_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);

      gtk_label_set_text (GTK_LABEL (total), line_total);
      g_object_set_data (G_OBJECT (spin), "gp-line-total", total);
      gtk_widget_add_css_class (total, "numeric");
      gtk_label_set_width_chars (GTK_LABEL (total), 12);
      gtk_label_set_xalign (GTK_LABEL (total), 1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), total);

      /* Translators: the accessible name of a cart line's remove button, 删除：%s. */
      remove_label = g_strdup_printf (_("Remove: %s"), item->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      gtk_widget_set_tooltip_text (remove, _("Remove from the cart"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_sensitive (remove, editable);
      g_object_set_data (G_OBJECT (remove), "gp-item", item);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_line_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->cart_list, row);
    }

  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *total = gtk_label_new (NULL);
    g_autofree char *money = gp_money_format (cart_total (self));
    g_autofree char *supplier = NULL;

    if (self->cart->len == 0)
      {
        /* Translators: 购物车是空的：在上方的商品库中选择商品. */
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The cart is empty: choose goods in the catalogue above"));
        gtk_widget_add_css_class (row, "dim-label");
      }
    else
      {
        /* Translators: the cart's total row, 合计. */
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Total"));
        /* Translators: 供应商：%s. */
        supplier = g_strdup_printf (_("Supplier: %s"),
                                    self->supplier.name != NULL ? self->supplier.name
                                    : self->supplier.uscc != NULL ? self->supplier.uscc : "");
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), supplier);
        gtk_label_set_text (GTK_LABEL (total), money);
        gtk_widget_add_css_class (total, "numeric");
        gtk_widget_add_css_class (total, "heading");
        gtk_accessible_update_property (GTK_ACCESSIBLE (total), GTK_ACCESSIBLE_PROPERTY_LABEL, money, -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), total);
        self->cart_total_label = GTK_LABEL (total);
      }
    gtk_list_box_append (self->cart_list, row);
  }
  self->loading = was_loading;
}

static void
consignee_delete_cb (GpExecutionForm *self)
{
  set_text (self->consignee_name_row, NULL);
  set_text (self->consignee_phone_row, NULL);
  set_text (self->consignee_address_row, NULL);
  changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * Registries: agencies and suppliers for the combo rows
 */

static void
fill_combo (AdwComboRow *row,
            GPtrArray   *parties,
            const char  *selected_uscc,
            const char  *selected_name)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected = 0;
  gboolean sensitive;

  /* Translators: the first entry of a registry combo, 未选择. */
  gtk_string_list_append (list, _("Not chosen"));
  for (guint i = 0; i < parties->len; i++)
    {
      const Party *p = g_ptr_array_index (parties, i);

      gtk_string_list_append (list, p->name);
      if ((selected_uscc != NULL && g_strcmp0 (p->uscc, selected_uscc) == 0) ||
          (selected_uscc == NULL && selected_name != NULL && g_strcmp0 (p->name, selected_name) == 0))
        selected = i + 1;
    }
  /* A new model makes the row sensitive again when it has items; who may choose is decided at load. */
  sensitive = gtk_widget_get_sensitive (GTK_WIDGET (row));
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (row), sensitive);
}

static void
fill_parties (GPtrArray *parties,
              GPtrArray *entries,
              const char *keep_name,
              const char *keep_uscc)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gboolean kept = keep_name == NULL;

  g_ptr_array_set_size (parties, 0);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      GpRegistryEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *obj = parse_object (parser, entry);
      Party *p = g_new0 (Party, 1);

      p->name = g_strdup (entry->name);
      p->uscc = g_strdup (entry->code);
      if (obj != NULL)
        gp_enterprise_size_from_string (json_object_get_string_member_with_default (obj, "size", ""), &p->size);
      if (g_strcmp0 (p->uscc, keep_uscc) == 0)
        kept = TRUE;
      g_ptr_array_add (parties, p);
    }
  /* The recorded party stays choosable even when the cache no longer lists it. */
  if (!kept)
    {
      Party *p = g_new0 (Party, 1);

      p->name = g_strdup (keep_name);
      p->uscc = g_strdup (keep_uscc);
      g_ptr_array_add (parties, p);
    }
}

static void
agencies_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GpExecutionForm) self = user_data;
  g_autoptr(GPtrArray) entries = gp_store_query_registry_finish (GP_STORE (object), result, NULL);
  const GpEntrustedProcurement *e;
  gboolean was_loading = self->loading;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  e = self->project != NULL && self->project->execution != NULL ? self->project->execution->entrusted : NULL;
  fill_parties (self->agencies, entries, e ? e->agency.name : NULL, e ? e->agency.uscc : NULL);
  self->loading = TRUE;
  fill_combo (self->agency_row, self->agencies, e ? e->agency.uscc : NULL, e ? e->agency.name : NULL);
  self->loading = was_loading;
}

static void
suppliers_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GpExecutionForm) self = user_data;
  g_autoptr(GPtrArray) entries = gp_store_query_registry_finish (GP_STORE (object), result, NULL);
  gboolean was_loading = self->loading;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  fill_parties (self->suppliers, entries, self->supplier.name, self->supplier.uscc);
  self->loading = TRUE;
  fill_combo (self->bid_supplier_row, self->suppliers, self->supplier.uscc, self->supplier.name);
  self->loading = was_loading;
}

static void
load_registry_combos (GpExecutionForm *self)
{
  if (self->store == NULL)
    {
      ensure_store (self);  /* gp_execution_form_set_store() loads them when it finds one */
      return;
    }
  if (g_strcmp0 (self->path, "entrusted") == 0)
    gp_store_query_registry_async (self->store, "agency", "", 500, self->cancellable,
                                   agencies_cb, g_object_ref (self));
  else if (project_method (self) == GP_PROCUREMENT_METHOD_MALL_BIDDING)
    gp_store_query_registry_async (self->store, "supplier", "", 500, self->cancellable,
                                   suppliers_cb, g_object_ref (self));
}

static void
agency_selected_cb (GpExecutionForm *self)
{
  changed (self);
}

static void
bid_supplier_selected_cb (GpExecutionForm *self)
{
  guint selected = adw_combo_row_get_selected (self->bid_supplier_row);

  if (self->loading)
    return;
  if (selected >= 1 && selected <= self->suppliers->len)
    {
      const Party *p = g_ptr_array_index (self->suppliers, selected - 1);

      g_free (self->supplier.name);
      g_free (self->supplier.uscc);
      self->supplier.name = g_strdup (p->name);
      self->supplier.uscc = g_strdup (p->uscc);
      self->supplier.size = p->size;
      rebuild_cart (self);
    }
  changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * The entrusted path: deadlines and bids
 */

static void
update_min_deadline (GpExecutionForm *self)
{
  GpProcurementMethod method = project_method (self);
  g_autofree char *from_text = dup_text (self->docs_from_row);
  g_autofree char *deadline_text = dup_text (self->bid_deadline_row);
  g_autofree char *date = NULL;
  GDate from, min, deadline;
  const char *rule = NULL;
  guint n = 0;
  gboolean working = FALSE;

  g_clear_pointer (&self->min_deadline_text, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self->bid_deadline_row), "warning");

  switch (method)
    {
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:
      n = 20;
      /* Translators: the legal minimum, 自招标文件发出之日起不少于 20 日（政府采购法 第35条）. */
      rule = _("at least 20 days from the documents (Government Procurement Law, art. 35)");
      break;
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION:
      n = 10;
      /* Translators: 自磋商文件发出之日起不少于 10 日（财库〔2014〕214号 第10条）. */
      rule = _("at least 10 days from the documents (Caiku [2014] No. 214, art. 10)");
      break;
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:
      n = 3;
      working = TRUE;
      /* Translators: 自文件发出之日起不少于 3 个工作日（财政部令第74号）. */
      rule = _("at least 3 working days from the documents (MOF Order No. 74)");
      break;
    case GP_PROCUREMENT_METHOD_UNSET:
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:
    default:
      break;
    }

  if (rule == NULL)
    {
      /* Translators: 此采购方式没有法定的最短等标期. */
      adw_action_row_set_subtitle (self->min_deadline_row, _("This method has no legal minimum period before the deadline"));
      self->min_deadline_text = g_strdup ("");
      return;
    }

  if (!gp_form_parse_date (from_text, FALSE, &from) || !gp_date_is_set (&from))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the rule; 填写文件发出日期后计算（%s）. */
      text = g_strdup_printf (_("Computed once the documents date is filled in (%s)"), rule);
      adw_action_row_set_subtitle (self->min_deadline_row, text);
      self->min_deadline_text = g_strdup ("");
      return;
    }

  if (working)
    {
      GpCalendar *calendar = gp_calendar_get_default ();

      if (calendar == NULL || !gp_calendar_add_working_days (calendar, &from, n, &min, NULL))
        {
          /* Translators: 缺少节假日数据，无法计算工作日. */
          adw_action_row_set_subtitle (self->min_deadline_row,
                                       _("The holiday calendar has no data for these dates; working days cannot be counted"));
          self->min_deadline_text = g_strdup ("");
          return;
        }
    }
  else
    {
      min = from;
      g_date_add_days (&min, n);
    }

  date = gp_format_form_date (&min);
  /* Translators: the earliest deadline and its rule: 2026年12月21日 或更晚（%s）. */
  self->min_deadline_text = g_strdup_printf (_("%s or later (%s)"), date, rule);
  adw_action_row_set_subtitle (self->min_deadline_row, self->min_deadline_text);

  if (gp_form_parse_date (deadline_text, FALSE, &deadline) && gp_date_is_set (&deadline) &&
      g_date_compare (&deadline, &min) < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->bid_deadline_row), "warning");
}

static guint
min_valid_bids (GpExecutionForm *self)
{
  return project_method (self) == GP_PROCUREMENT_METHOD_SINGLE_SOURCE ? 1 : 3;
}

static void
update_bids_summary (GpExecutionForm *self)
{
  guint valid = 0;
  guint needed = min_valid_bids (self);

  for (guint i = 0; i < self->bids->len; i++)
    {
      BidRow *b = g_ptr_array_index (self->bids, i);

      if (gtk_switch_get_active (GTK_SWITCH (b->valid_switch)))
        valid++;
    }

  g_clear_pointer (&self->bids_summary, g_free);
  self->bids_too_few = self->bids->len > 0 && valid < needed;
  if (self->bids->len == 0)
    /* Translators: 尚未登记投标（响应）文件. */
    self->bids_summary = g_strdup (_("No bids recorded yet."));
  else if (self->bids_too_few)
    /* Translators: 有效投标 %u 家，不足 %u 家：本次采购应予废标并重新组织采购（政府采购法 第36条）. */
    self->bids_summary = g_strdup_printf (_("%u valid bids, fewer than %u: the procurement fails (废标) and is procured again (Government Procurement Law, art. 36)."),
                                          valid, needed);
  else
    /* Translators: 有效投标 %u 家. */
    self->bids_summary = g_strdup_printf (ngettext ("%u valid bid.", "%u valid bids.", valid), valid);

  gtk_label_set_text (self->bids_summary_label, self->bids_summary);
  if (self->bids_too_few)
    gtk_widget_add_css_class (GTK_WIDGET (self->bids_summary_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bids_summary_label), "error");
}

static void
bid_changed_cb (GpExecutionForm *self)
{
  if (self->loading)
    return;
  update_bids_summary (self);
  changed (self);
}

/* Who records the bids, the evaluation and the award: the agency the procurement is entrusted to
 * (政府采购法 第18条), or the purchaser's clerk when the unit runs it itself (自行采购). */
static gboolean
records_execution (GpExecutionForm *self)
{
  const GpPlan *plan = self->project != NULL ? self->project->plan : NULL;

  if (!self->context.editable)
    return FALSE;
  if (self->context.role == GP_ROLE_AGENCY)
    return TRUE;
  return self->context.role == GP_ROLE_PURCHASER && plan != NULL &&
         plan->organisation_form == GP_ORGANISATION_FORM_SELF;
}

static void remove_bid_cb (GtkButton *button, GpExecutionForm *self);

/* A collapsed bid says what it holds: its price, and whether it is valid or its rank. */
static void
update_bid_summary (BidRow *b)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint rank = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (b->rank_spin));
  g_autofree char *text = NULL;
  gint64 price = 0;

  if (gp_money_parse (gtk_editable_get_text (GTK_EDITABLE (b->price_row)), &price, NULL) && price > 0)
    g_ptr_array_add (parts, gp_money_format (price));
  if (!gtk_switch_get_active (GTK_SWITCH (b->valid_switch)))
    /* Translators: a bid's summary, 无效投标. */
    g_ptr_array_add (parts, g_strdup (_("not valid")));
  else if (rank > 0)
    /* Translators: a bid's summary, 第 %u 名. */
    g_ptr_array_add (parts, g_strdup_printf (_("ranked %u"), rank));
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (b->row), text);
}

static void
bid_summary_cb (BidRow *b)
{
  update_bid_summary (b);
}

/* A bid's row is titled by its supplier as the name is typed ("投标 %u" until then). */
static void
bid_name_changed_cb (GtkEditable *name,
                     GtkWidget   *row)
{
  const char *text = gtk_editable_get_text (name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 text[0] != '\0' ? text : g_object_get_data (G_OBJECT (row), "gp-untitled"));
}

static BidRow *
add_bid_row (GpExecutionForm *self,
             const GpBid     *bid)
{
  BidRow *b = g_new0 (BidRow, 1);
  GtkWidget *valid_row = adw_action_row_new ();
  GtkWidget *rank_row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  guint n = self->bids->len + 1;
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  gboolean editable = records_execution (self);

  b->row = adw_expander_row_new ();
  /* Translators: a bid's expander title, 投标 %u. */
  title = g_strdup_printf (_("Bid %u"), n);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (b->row), bid != NULL && bid->supplier.name ? bid->supplier.name : title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (b->row), FALSE);
  g_object_set_data_full (G_OBJECT (b->row), "gp-untitled", g_strdup (title), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (b->row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

#define ENTRY(field, text, fmt) G_STMT_START { \
    g_autofree char *acc = g_strdup_printf (fmt, n); \
    b->field = adw_entry_row_new (); \
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (b->field), text); \
    gtk_accessible_update_property (GTK_ACCESSIBLE (b->field), GTK_ACCESSIBLE_PROPERTY_LABEL, acc, -1); \
    gtk_widget_set_sensitive (b->field, editable); \
    g_signal_connect_swapped (b->field, "changed", G_CALLBACK (bid_changed_cb), self); \
    adw_expander_row_add_row (ADW_EXPANDER_ROW (b->row), b->field); \
  } G_STMT_END

  /* Translators: the fields of a bid and their accessible names ("投标 %u 供应商名称", …). */
  ENTRY (name_row, _("Supplier name"), _("Bid %u supplier name"));
  ENTRY (uscc_row, _("Unified social credit code"), _("Bid %u unified social credit code"));
  ENTRY (price_row, _("Bid price (yuan)"), _("Bid %u price"));
#undef ENTRY
  g_signal_connect (b->name_row, "changed", G_CALLBACK (bid_name_changed_cb), b->row);
  g_signal_connect_swapped (b->price_row, "changed", G_CALLBACK (bid_summary_cb), b);

  b->valid_switch = gtk_switch_new ();
  gtk_widget_set_valign (b->valid_switch, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (b->valid_switch, editable);
  /* Translators: 合格且响应（有效投标）. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (valid_row), _("Qualified and responsive (valid)"));
  label = g_strdup_printf (_("Bid %u is valid"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (b->valid_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (valid_row), b->valid_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (valid_row), b->valid_switch);
  g_signal_connect_swapped (b->valid_switch, "notify::active", G_CALLBACK (bid_changed_cb), self);
  g_signal_connect_swapped (b->valid_switch, "notify::active", G_CALLBACK (bid_summary_cb), b);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (b->row), valid_row);

  b->rank_spin = gtk_spin_button_new_with_range (0, 99, 1);
  gtk_widget_set_valign (b->rank_spin, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (b->rank_spin, editable);
  /* Translators: 排名（0 表示未排名）. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rank_row), _("Rank (0 = not ranked)"));
  g_free (label);
  label = g_strdup_printf (_("Bid %u rank"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (b->rank_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (rank_row), b->rank_spin);
  g_signal_connect_swapped (b->rank_spin, "value-changed", G_CALLBACK (bid_changed_cb), self);
  g_signal_connect_swapped (b->rank_spin, "value-changed", G_CALLBACK (bid_summary_cb), b);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (b->row), rank_row);

  g_free (label);
  /* Translators: 删除投标 %u. */
  label = g_strdup_printf (_("Remove bid %u"), n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_tooltip_text (remove, label);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_visible (remove, editable);
  g_object_set_data (G_OBJECT (remove), "gp-bid", b);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_bid_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (b->row), remove);

  if (bid != NULL)
    {
      set_text (b->name_row, bid->supplier.name);
      set_text (b->uscc_row, bid->supplier.uscc);
      set_money_text (b->price_row, bid->price);
      gtk_switch_set_active (GTK_SWITCH (b->valid_switch), bid->valid);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (b->rank_spin), bid->rank);
      b->submitted = bid->submitted;
    }
  else
    gtk_switch_set_active (GTK_SWITCH (b->valid_switch), TRUE);
  update_bid_summary (b);

  gtk_list_box_append (self->bids_list, b->row);
  g_ptr_array_add (self->bids, b);
  return b;
}

static void
remove_bid_cb (GtkButton       *button,
               GpExecutionForm *self)
{
  BidRow *b = g_object_get_data (G_OBJECT (button), "gp-bid");

  gtk_list_box_remove (self->bids_list, b->row);
  g_ptr_array_remove (self->bids, b);
  update_bids_summary (self);
  changed (self);
}

static void
add_bid_cb (GpExecutionForm *self)
{
  BidRow *b = add_bid_row (self, NULL);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (b->row), TRUE);
  gtk_widget_grab_focus (b->name_row);
  update_bids_summary (self);
  changed (self);
}

static void
clear_bids (GpExecutionForm *self)
{
  for (guint i = 0; i < self->bids->len; i++)
    {
      BidRow *b = g_ptr_array_index (self->bids, i);

      gtk_list_box_remove (self->bids_list, b->row);
    }
  g_ptr_array_set_size (self->bids, 0);
}

static void
dates_changed_cb (GpExecutionForm *self)
{
  if (self->loading)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->docs_from_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->docs_until_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->bid_deadline_row), "error");
  update_min_deadline (self);
  changed (self);
}

static void
field_changed_cb (GpExecutionForm *self)
{
  changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * GpStageForm
 */

static GpStage
gp_execution_form_get_stage (GpStageForm *form)
{
  return GP_STAGE_EXECUTION;
}

static const char *
choose_path (const GpProject *project)
{
  if (project->execution != NULL)
    return project->execution->kind == GP_EXECUTION_KIND_MALL ? "mall" : "entrusted";
  if (project->plan == NULL || project->plan->method == GP_PROCUREMENT_METHOD_UNSET)
    return "none";
  if (method_is_mall (project->plan->method))
    return "mall";
  return "entrusted";
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
load_mall (GpExecutionForm  *self,
           const GpProject  *project)
{
  const GpMallOrder *order = project->execution != NULL ? project->execution->mall : NULL;
  GpMallOrderStatus status = order != NULL ? order->status : GP_MALL_ORDER_STATUS_DRAFT;
  gboolean draft = status == GP_MALL_ORDER_STATUS_DRAFT;
  gboolean editable = self->context.editable && self->context.role == GP_ROLE_PURCHASER;
  gboolean bidding = project_method (self) == GP_PROCUREMENT_METHOD_MALL_BIDDING;
  gboolean rate = status == GP_MALL_ORDER_STATUS_DELIVERED || status == GP_MALL_ORDER_STATUS_RECEIVED;
  GString *history = g_string_new (NULL);

  g_ptr_array_set_size (self->cart, 0);
  g_clear_pointer (&self->supplier.name, g_free);
  g_clear_pointer (&self->supplier.uscc, g_free);
  self->supplier.size = GP_ENTERPRISE_SIZE_UNSET;

  if (order != NULL)
    {
      for (guint i = 0; i < order->items->len; i++)
        g_ptr_array_add (self->cart, gp_item_copy (g_ptr_array_index (order->items, i)));
      copy_party (&self->supplier, &order->supplier);
    }

  adw_action_row_set_subtitle (self->status_row, mall_status_label (status));

#define STEP(when, label) G_STMT_START { \
    g_autofree char *d = format_datetime (when); \
    if (d != NULL) \
      g_string_append_printf (history, "%s%s %s", history->len > 0 ? " · " : "", label, d); \
  } G_STMT_END
  if (order != NULL)
    {
      /* Translators: the steps of an order: 提交, 确认, 送达, 收货. */
      STEP (order->ordered, _("submitted"));
      STEP (order->confirmed, _("confirmed"));
      STEP (order->delivered, _("delivered"));
      STEP (order->received, _("received"));
    }
#undef STEP
  adw_action_row_set_subtitle (self->dates_row, history->str);
  gtk_widget_set_visible (GTK_WIDGET (self->dates_row), history->len > 0);
  g_string_free (history, TRUE);

  gtk_widget_set_visible (GTK_WIDGET (self->catalog_group), draft && editable);
  gtk_widget_set_visible (GTK_WIDGET (self->bidding_group), bidding);
  set_editable (GTK_WIDGET (self->bid_supplier_row), editable && draft);
  set_editable (GTK_WIDGET (self->bid_total_row), editable && draft);
  set_money_text (self->bid_total_row, bidding && order != NULL ? order->total : 0);

  set_text (self->consignee_name_row, order ? order->consignee.name : NULL);
  set_text (self->consignee_phone_row, order ? order->consignee.phone : NULL);
  set_text (self->consignee_address_row, order ? order->consignee.address : NULL);
  set_editable (GTK_WIDGET (self->consignee_name_row), editable && draft);
  set_editable (GTK_WIDGET (self->consignee_phone_row), editable && draft);
  set_editable (GTK_WIDGET (self->consignee_address_row), editable && draft);
  gtk_widget_set_visible (GTK_WIDGET (self->consignee_delete_button), editable && draft);

  adw_combo_row_set_selected (self->invoice_kind_row, order ? (guint) order->invoice.kind : 0);
  set_text (self->invoice_title_row, order ? order->invoice.title : NULL);
  set_text (self->invoice_tax_id_row, order ? order->invoice.tax_id : NULL);
  set_editable (GTK_WIDGET (self->invoice_kind_row), editable && draft);
  set_editable (GTK_WIDGET (self->invoice_title_row), editable && draft);
  set_editable (GTK_WIDGET (self->invoice_tax_id_row), editable && draft);

  gtk_widget_set_visible (GTK_WIDGET (self->receipt_group), rate);
  gtk_spin_button_set_value (self->rating_spin, order ? order->rating : 0);
  set_text (self->rating_comment_row, order ? order->rating_comment : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rating_spin), self->context.role == GP_ROLE_PURCHASER && rate);
  set_editable (GTK_WIDGET (self->rating_comment_row), self->context.role == GP_ROLE_PURCHASER && rate);

  rebuild_cart (self);
  if (draft && editable)
    gp_execution_form_search_products (self, gtk_editable_get_text (GTK_EDITABLE (self->product_search)));
}

static void
load_entrusted (GpExecutionForm *self,
                const GpProject *project)
{
  const GpEntrustedProcurement *e = project->execution != NULL ? project->execution->entrusted : NULL;
  gboolean editable = self->context.editable;
  gboolean records = records_execution (self);
  GString *progress = g_string_new (NULL);
  g_autofree char *deadline = NULL;
  g_autofree char *notice = NULL;

  set_text (self->project_code_row, e ? e->project_code : NULL);
  set_date_text (self->docs_from_row, e ? &e->docs_from : NULL);
  set_date_text (self->docs_until_row, e ? &e->docs_until : NULL);
  if (e != NULL && gp_datetime_is_set (e->bid_deadline))
    {
      GDate day;

      gp_date_from_usec_china (e->bid_deadline, &day);
      deadline = gp_form_date_text (&day, FALSE);
    }
  set_text (self->bid_deadline_row, deadline);
  set_text (self->evaluation_row, e ? e->evaluation_summary : NULL);
  set_text (self->award_supplier_row, e ? e->awarded_supplier.name : NULL);
  set_text (self->award_uscc_row, e ? e->awarded_supplier.uscc : NULL);
  set_money_text (self->award_amount_row, e ? e->awarded_amount : 0);

  if (e != NULL && gp_date_is_set (&e->award_notice))
    {
      g_autofree char *date = gp_format_form_date (&e->award_notice);
      g_autofree char *amount = gp_money_format (e->awarded_amount);

      /* Translators: 中标(成交)结果公告 on a date, with the amount. */
      notice = g_strdup_printf (_("Published on %s · %s"), date, amount);
    }
  /* Translators: 尚未发布. */
  adw_action_row_set_subtitle (self->award_notice_row, notice != NULL ? notice : _("Not published yet"));

#define STEP(date, label) G_STMT_START { \
    if (e != NULL && gp_date_is_set (&e->date)) \
      { \
        g_autofree char *d = gp_format_form_date (&e->date); \
        g_string_append_printf (progress, "%s%s %s", progress->len > 0 ? " · " : "", label, d); \
      } \
  } G_STMT_END
  /* Translators: the steps of an entrusted procurement: 受托, 文件确认, 公告发布, 评审, 结果确认. */
  STEP (entrusted, _("entrusted"));
  STEP (docs_confirmed, _("documents confirmed"));
  STEP (notice_published, _("notice published"));
  STEP (evaluated, _("evaluated"));
  STEP (result_confirmed, _("result confirmed"));
  /* Translators: 中标(成交)结果公告 published on a date. */
  STEP (award_notice, _("awarded"));
#undef STEP
  if (e != NULL && e->failed)
    /* Translators: 废标：%s. */
    g_string_append_printf (progress, "%s%s", progress->len > 0 ? " · " : "",
                            e->failure_reason ? e->failure_reason : _("failed"));
  /* Translators: 尚未委托. */
  adw_action_row_set_subtitle (self->entrusted_status_row, progress->len > 0 ? progress->str : _("Not entrusted yet"));
  g_string_free (progress, TRUE);

  clear_bids (self);
  for (guint i = 0; e != NULL && i < e->bids->len; i++)
    add_bid_row (self, g_ptr_array_index (e->bids, i));

  /* The purchaser chooses the agency until it accepts; the notice dates are either side's. */
  set_editable (GTK_WIDGET (self->agency_row), editable && self->context.role == GP_ROLE_PURCHASER &&
                                               project->status == GP_PROJECT_STATE_PLAN_FILED);
  set_editable (GTK_WIDGET (self->project_code_row), editable);
  set_editable (GTK_WIDGET (self->docs_from_row), editable);
  set_editable (GTK_WIDGET (self->docs_until_row), editable);
  set_editable (GTK_WIDGET (self->bid_deadline_row), editable);
  set_editable (GTK_WIDGET (self->evaluation_row), records);
  set_editable (GTK_WIDGET (self->award_supplier_row), records);
  set_editable (GTK_WIDGET (self->award_uscc_row), records);
  set_editable (GTK_WIDGET (self->award_amount_row), records);
  gtk_widget_set_visible (GTK_WIDGET (self->add_bid_button), records);

  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    fill_parties (self->agencies, none, e ? e->agency.name : NULL, e ? e->agency.uscc : NULL);
    fill_combo (self->agency_row, self->agencies, e ? e->agency.uscc : NULL, e ? e->agency.name : NULL);
  }

  update_min_deadline (self);
  update_bids_summary (self);
}

static void
gp_execution_form_load (GpStageForm              *form,
                        const GpProject          *project,
                        const GpStageFormContext *context)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (form);

  self->loading = TRUE;
  g_clear_pointer (&self->project, gp_project_free);
  self->project = gp_project_copy (project);
  self->context = *context;
  if (context->today != NULL && g_date_valid (context->today))
    self->today = *context->today;
  else
    gp_date_get_today (&self->today);
  self->context.today = &self->today;

  self->path = choose_path (project);
  gtk_stack_set_visible_child_name (self->path_stack, self->path);
  if (g_str_equal (self->path, "mall"))
    load_mall (self, project);
  else if (g_str_equal (self->path, "entrusted"))
    load_entrusted (self, project);
  load_registry_combos (self);

  self->loading = FALSE;
}

static void
store_mall (GpExecutionForm *self,
            GpProject       *project)
{
  GpMallOrder *order;

  if (project->execution == NULL)
    project->execution = gp_execution_new ();
  project->execution->kind = GP_EXECUTION_KIND_MALL;
  g_clear_pointer (&project->execution->entrusted, gp_entrusted_procurement_free);
  if (project->execution->mall == NULL)
    project->execution->mall = gp_mall_order_new ();
  order = project->execution->mall;

  if (order->status == GP_MALL_ORDER_STATUS_DRAFT)
    {
      g_ptr_array_set_size (order->items, 0);
      for (guint i = 0; i < self->cart->len; i++)
        g_ptr_array_add (order->items, gp_item_copy (g_ptr_array_index (self->cart, i)));
      order->total = cart_total (self);
      if (project_method (self) == GP_PROCUREMENT_METHOD_MALL_BIDDING)
        {
          gint64 won = 0;

          if (read_money (self->bid_total_row, &won) && won > 0)
            order->total = won;
        }
      copy_party (&order->supplier, &self->supplier);

      g_free (order->consignee.name);
      order->consignee.name = dup_text (self->consignee_name_row);
      g_free (order->consignee.phone);
      order->consignee.phone = dup_text (self->consignee_phone_row);
      g_free (order->consignee.address);
      order->consignee.address = dup_text (self->consignee_address_row);

      order->invoice.kind = (GpInvoiceKind) adw_combo_row_get_selected (self->invoice_kind_row);
      g_free (order->invoice.title);
      order->invoice.title = dup_text (self->invoice_title_row);
      g_free (order->invoice.tax_id);
      order->invoice.tax_id = dup_text (self->invoice_tax_id_row);
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->receipt_group)))
    {
      order->rating = (guint) gtk_spin_button_get_value_as_int (self->rating_spin);
      g_free (order->rating_comment);
      order->rating_comment = dup_text (self->rating_comment_row);
    }
}

static void
store_entrusted (GpExecutionForm *self,
                 GpProject       *project)
{
  GpEntrustedProcurement *e;
  guint agency = adw_combo_row_get_selected (self->agency_row);
  g_autofree char *award_name = dup_text (self->award_supplier_row);
  GDate deadline;

  if (project->execution == NULL)
    project->execution = gp_execution_new ();
  project->execution->kind = GP_EXECUTION_KIND_ENTRUSTED;
  g_clear_pointer (&project->execution->mall, gp_mall_order_free);
  if (project->execution->entrusted == NULL)
    project->execution->entrusted = gp_entrusted_procurement_new ();
  e = project->execution->entrusted;

  if (agency >= 1 && agency <= self->agencies->len)
    {
      const Party *p = g_ptr_array_index (self->agencies, agency - 1);

      g_free (e->agency.name);
      g_free (e->agency.uscc);
      e->agency.name = g_strdup (p->name);
      e->agency.uscc = g_strdup (p->uscc);
    }
  else
    {
      g_clear_pointer (&e->agency.name, g_free);
      g_clear_pointer (&e->agency.uscc, g_free);
    }

  g_free (e->project_code);
  e->project_code = dup_text (self->project_code_row);
  read_date (self->docs_from_row, &e->docs_from);
  read_date (self->docs_until_row, &e->docs_until);
  read_date (self->bid_deadline_row, &deadline);
  e->bid_deadline = date_to_deadline (&deadline);
  g_free (e->evaluation_summary);
  e->evaluation_summary = dup_text (self->evaluation_row);

  g_ptr_array_set_size (e->bids, 0);
  for (guint i = 0; i < self->bids->len; i++)
    {
      BidRow *b = g_ptr_array_index (self->bids, i);
      GpBid *bid = gp_bid_new ();

      bid->supplier.name = dup_text (b->name_row);
      bid->supplier.uscc = dup_text (b->uscc_row);
      read_money (b->price_row, &bid->price);
      bid->valid = gtk_switch_get_active (GTK_SWITCH (b->valid_switch));
      bid->rank = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (b->rank_spin));
      bid->submitted = b->submitted;
      g_ptr_array_add (e->bids, bid);
    }

  g_free (e->awarded_supplier.name);
  e->awarded_supplier.name = g_steal_pointer (&award_name);
  g_free (e->awarded_supplier.uscc);
  e->awarded_supplier.uscc = dup_text (self->award_uscc_row);
  read_money (self->award_amount_row, &e->awarded_amount);
}

static void
gp_execution_form_store (GpStageForm *form,
                         GpProject   *project)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (form);

  if (g_strcmp0 (self->path, "mall") == 0)
    store_mall (self, project);
  else if (g_strcmp0 (self->path, "entrusted") == 0)
    store_entrusted (self, project);
}

typedef struct {
  const char *prefix;
  GtkWidget  *widget;
} FieldMap;

static void
gp_string_free_all (GString *string)
{
  g_string_free (string, TRUE);
}

static void
gp_execution_form_show_problems (GpStageForm *form,
                                 GPtrArray   *problems)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (form);
  const FieldMap fields[] = {
    { "execution.mall.consignee.name", GTK_WIDGET (self->consignee_name_row) },
    { "execution.mall.consignee.phone", GTK_WIDGET (self->consignee_phone_row) },
    { "execution.mall.consignee.address", GTK_WIDGET (self->consignee_address_row) },
    { "execution.mall.invoice", GTK_WIDGET (self->invoice_title_row) },
    { "execution.entrusted.agency", GTK_WIDGET (self->agency_row) },
    { "execution.entrusted.project_code", GTK_WIDGET (self->project_code_row) },
    { "execution.entrusted.docs_from", GTK_WIDGET (self->docs_from_row) },
    { "execution.entrusted.docs_until", GTK_WIDGET (self->docs_until_row) },
    { "execution.entrusted.bid_deadline", GTK_WIDGET (self->bid_deadline_row) },
    { "execution.entrusted.evaluation_summary", GTK_WIDGET (self->evaluation_row) },
    { "execution.entrusted.awarded_supplier.uscc", GTK_WIDGET (self->award_uscc_row) },
    { "execution.entrusted.awarded_supplier", GTK_WIDGET (self->award_supplier_row) },
    { "execution.entrusted.awarded_amount", GTK_WIDGET (self->award_amount_row) },
  };
  /* Each group lists the messages of its fields below it (UI.md: the message under the field). */
  const struct {
    const char *prefix;
    GtkLabel   *label;
  } groups[] = {
    { "execution.mall.consignee", self->consignee_problems },
    { "execution.mall", self->cart_problems },
    { "execution.entrusted.docs", self->notice_problems },
    { "execution.entrusted.bid_deadline", self->notice_problems },
    { "execution.entrusted.corrections", self->notice_problems },
    { "execution.entrusted.bids", self->award_problems },
    { "execution.entrusted.award", self->award_problems },
    { "execution.entrusted", self->agency_problems },
    { "execution", self->cart_problems },
  };
  GtkLabel *labels[] = { self->consignee_problems, self->cart_problems, self->notice_problems,
                         self->award_problems, self->agency_problems };
  g_autoptr(GHashTable) texts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) gp_string_free_all);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_remove_css_class (fields[i].widget, "error");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_hash_table_insert (texts, labels[i], g_string_new (NULL));

  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *problem = g_ptr_array_index (problems, i);

      if (!g_str_has_prefix (problem->path, "execution"))
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        if (g_str_has_prefix (problem->path, fields[f].prefix))
          {
            gtk_widget_add_css_class (fields[f].widget, "error");
            break;
          }
      for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
        if (g_str_has_prefix (problem->path, groups[g].prefix))
          {
            GString *text = g_hash_table_lookup (texts, groups[g].label);

            if (strstr (text->str, problem->message) == NULL)
              g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", problem->message);
            break;
          }
    }

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      GString *text = g_hash_table_lookup (texts, labels[i]);

      gtk_label_set_text (labels[i], text->str);
      gtk_widget_set_visible (GTK_WIDGET (labels[i]), text->len > 0);
    }
}

static void
gp_execution_form_stage_form_init (GpStageFormInterface *iface)
{
  iface->get_stage = gp_execution_form_get_stage;
  iface->load = gp_execution_form_load;
  iface->store = gp_execution_form_store;
  iface->show_problems = gp_execution_form_show_problems;
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

GpExecutionForm *
gp_execution_form_new (void)
{
  return g_object_new (GP_TYPE_EXECUTION_FORM, NULL);
}

void
gp_execution_form_set_store (GpExecutionForm *self,
                             GpStore         *store)
{
  g_return_if_fail (GP_IS_EXECUTION_FORM (self));
  g_return_if_fail (store == NULL || GP_IS_STORE (store));

  if (g_set_object (&self->store, store))
    {
      /* A project already shown gets its registry choices now. */
      if (self->project != NULL)
        load_registry_combos (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }
}

GpStore *
gp_execution_form_get_store (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), NULL);

  return self->store;
}

const char *
gp_execution_form_get_path (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), NULL);

  return self->path;
}

guint
gp_execution_form_get_n_products (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), 0);

  return self->products->len;
}

guint
gp_execution_form_get_n_cart_lines (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), 0);

  return self->cart->len;
}

const char *
gp_execution_form_get_min_deadline_text (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), NULL);

  return self->min_deadline_text != NULL ? self->min_deadline_text : "";
}

const char *
gp_execution_form_get_bids_summary (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), NULL);

  return self->bids_summary != NULL ? self->bids_summary : "";
}

/**
 * gp_execution_form_add_bid:
 * @self: a #GpExecutionForm
 * @name: the bidder's name
 * @uscc: its 统一社会信用代码
 * @price: the bid price, as typed (yuan)
 * @valid: whether the bid is qualified and responsive
 * @rank: the evaluation rank, 0 for none
 *
 * Adds a received bid as the officer would: a new row from the add button, then its fields typed
 * in. The form checks and stores it like any edit.
 */
void
gp_execution_form_add_bid (GpExecutionForm *self,
                           const char      *name,
                           const char      *uscc,
                           const char      *price,
                           gboolean         valid,
                           guint            rank)
{
  BidRow *b;

  g_return_if_fail (GP_IS_EXECUTION_FORM (self));

  add_bid_cb (self);
  b = g_ptr_array_index (self->bids, self->bids->len - 1);
  gtk_editable_set_text (GTK_EDITABLE (b->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (b->uscc_row), uscc);
  gtk_editable_set_text (GTK_EDITABLE (b->price_row), price);
  gtk_switch_set_active (GTK_SWITCH (b->valid_switch), valid);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (b->rank_spin), rank);
}

gboolean
gp_execution_form_get_bids_too_few (GpExecutionForm *self)
{
  g_return_val_if_fail (GP_IS_EXECUTION_FORM (self), FALSE);

  return self->bids_too_few;
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
gp_execution_form_map (GtkWidget *widget)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (widget);
  gboolean had_store = self->store != NULL;

  GTK_WIDGET_CLASS (gp_execution_form_parent_class)->map (widget);

  /* Shown inside the app: the registries come from the signed-in account's store. */
  ensure_store (self);
  if (!had_store && self->store != NULL && self->project != NULL)
    {
      if (g_strcmp0 (self->path, "mall") == 0 && order_is_draft (self))
        gp_execution_form_search_products (self, gtk_editable_get_text (GTK_EDITABLE (self->product_search)));
      load_registry_combos (self);
    }
}

static void
gp_execution_form_dispose (GObject *object)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_EXECUTION_FORM);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_execution_form_parent_class)->dispose (object);
}

static void
gp_execution_form_finalize (GObject *object)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->project, gp_project_free);
  g_clear_pointer (&self->products, g_ptr_array_unref);
  g_clear_pointer (&self->cart, g_ptr_array_unref);
  g_clear_pointer (&self->bids, g_ptr_array_unref);
  g_clear_pointer (&self->agencies, g_ptr_array_unref);
  g_clear_pointer (&self->suppliers, g_ptr_array_unref);
  g_free (self->supplier.name);
  g_free (self->supplier.uscc);
  g_free (self->min_deadline_text);
  g_free (self->bids_summary);

  G_OBJECT_CLASS (gp_execution_form_parent_class)->finalize (object);
}

static void
gp_execution_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_execution_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GpExecutionForm *self = GP_EXECUTION_FORM (object);

  switch (prop_id)
    {
    case PROP_STORE:
      gp_execution_form_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_execution_form_class_init (GpExecutionFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_execution_form_dispose;
  object_class->finalize = gp_execution_form_finalize;
  object_class->get_property = gp_execution_form_get_property;
  object_class->set_property = gp_execution_form_set_property;
  widget_class->map = gp_execution_form_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GP_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-execution-form.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* 采购执行. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GpExecutionForm, name)
  BIND (path_stack);
  BIND (status_group);
  BIND (status_row);
  BIND (dates_row);
  BIND (catalog_group);
  BIND (product_search);
  BIND (product_list);
  BIND (cart_group);
  BIND (cart_list);
  BIND (cart_problems);
  BIND (bidding_group);
  BIND (bid_supplier_row);
  BIND (bid_total_row);
  BIND (consignee_group);
  BIND (consignee_delete_button);
  BIND (consignee_name_row);
  BIND (consignee_phone_row);
  BIND (consignee_address_row);
  BIND (consignee_problems);
  BIND (invoice_group);
  BIND (invoice_kind_row);
  BIND (invoice_title_row);
  BIND (invoice_tax_id_row);
  BIND (receipt_group);
  BIND (rating_spin);
  BIND (rating_comment_row);
  BIND (agency_row);
  BIND (project_code_row);
  BIND (entrusted_status_row);
  BIND (agency_problems);
  BIND (docs_from_row);
  BIND (docs_until_row);
  BIND (bid_deadline_row);
  BIND (min_deadline_row);
  BIND (notice_problems);
  BIND (add_bid_button);
  BIND (bids_list);
  BIND (bids_summary_label);
  BIND (evaluation_row);
  BIND (award_supplier_row);
  BIND (award_uscc_row);
  BIND (award_amount_row);
  BIND (award_notice_row);
  BIND (award_problems);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, product_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, consignee_delete_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_bid_cb);
}

static void
gp_execution_form_init (GpExecutionForm *self)
{
  self->cancellable = g_cancellable_new ();
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify) product_free);
  self->cart = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_item_free);
  self->bids = g_ptr_array_new_with_free_func (g_free);
  self->agencies = g_ptr_array_new_with_free_func ((GDestroyNotify) party_free);
  self->suppliers = g_ptr_array_new_with_free_func ((GDestroyNotify) party_free);
  self->path = "none";

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->consignee_name_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->consignee_phone_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->consignee_address_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->invoice_kind_row, "notify::selected", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->invoice_title_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->invoice_tax_id_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->bid_supplier_row, "notify::selected", G_CALLBACK (bid_supplier_selected_cb), self);
  g_signal_connect_swapped (self->bid_total_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->rating_spin, "value-changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->rating_comment_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->agency_row, "notify::selected", G_CALLBACK (agency_selected_cb), self);
  g_signal_connect_swapped (self->project_code_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->docs_from_row, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->docs_until_row, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->bid_deadline_row, "changed", G_CALLBACK (dates_changed_cb), self);
  g_signal_connect_swapped (self->evaluation_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->award_supplier_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->award_uscc_row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->award_amount_row, "changed", G_CALLBACK (field_changed_cb), self);
}
