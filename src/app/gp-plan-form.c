/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-plan-form.c: the 采购计划备案 stage form (DOMAIN.md §1.3): funding and budget lines, 品目 lines
 * with a picker over the cached 商品库, the methods the amount allows (asked of src/core), the
 * organisation form, the SME reservation and the linked intention.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gp-app-labels.h"
#include "gp-form-fields.h"
#include "gp-ids.h"
#include "gp-money.h"
#include "gp-plan-form.h"
#include "gp-validate.h"

struct _GpPlanForm
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget           *box;
  AdwEntryRow         *name_row;
  AdwEntryRow         *division_row;
  AdwEntryRow         *content_row;
  AdwEntryRow         *entry_mode_row;
  AdwComboRow         *nature_row;
  AdwEntryRow         *start_row;
  AdwActionRow        *intention_ref_row;
  AdwPreferencesGroup *funding_group;
  AdwComboRow         *funding_type_row;
  AdwEntryRow         *funding_note_row;
  AdwPreferencesGroup *items_group;
  AdwActionRow        *total_row;
  AdwComboRow         *method_row;
  AdwEntryRow         *rationale_row;
  AdwEntryRow         *approval_ref_row;
  AdwComboRow         *organisation_row;
  AdwExpanderRow      *sme_row;
  AdwActionRow        *public_service_row;
  GtkSwitch           *public_service_switch;
  AdwEntryRow         *sme_share_row;
  AdwEntryRow         *sme_amount_row;
  AdwActionRow        *submitted_row;
  AdwActionRow        *filed_row;
  AdwActionRow        *return_row;
  AdwActionRow        *approval_row;
  GtkLabel            *other_label;

  /* Owned references */
  GpFormFields        *fields;
  GPtrArray           *budget_lines;  /* AdwExpanderRow (borrowed from the group) */
  GPtrArray           *items;         /* AdwExpanderRow */
  GArray              *methods;       /* GpProcurementMethod offered in method_row */
  GpProject           *project;       /* what was loaded, for the allowed methods */
  GpStore             *store;
  GCancellable        *cancellable;
  GCancellable        *link_cancellable;  /* the look-up of another project's intention */
  char                *intention_ref;     /* 关联采购意向 as loaded (an id, never shown) */

  GtkLabel            *start_hint;
  GtkLabel            *sme_hint;
  guint                n_budget_lines;  /* the lines as last numbered */
  guint                n_items;
  gboolean             loading;
};

static void gp_plan_form_stage_form_init (GpStageFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpPlanForm, gp_plan_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_STAGE_FORM, gp_plan_form_stage_form_init))

static const char * const budget_keys[] = { "index_code", "description", "amount", NULL };
static const char * const item_keys[] = { "catalog_code", "name", "spec", "unit", "quantity_milli", "unit_price", NULL };

const char *
gp_procurement_method_get_label (GpProcurementMethod method)
{
  switch (method)
    {
    /* Translators: 公开招标 */
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:              return _("Public Tender");
    /* Translators: 邀请招标 */
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:           return _("Invited Tender");
    /* Translators: 竞争性谈判 */
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:  return _("Competitive Negotiation");
    /* Translators: 竞争性磋商 */
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION: return _("Competitive Consultation");
    /* Translators: 询价 */
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:    return _("Request for Quotation");
    /* Translators: 单一来源 */
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:            return _("Single Source");
    /* Translators: 框架协议采购 */
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:      return _("Framework Agreement");
    /* Translators: 电子卖场 直接订购 */
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:              return _("E-Mall Direct Order");
    /* Translators: 电子卖场 网上竞价 */
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:             return _("E-Mall Online Bidding");
    /* Translators: 电子卖场 电子反拍 */
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:     return _("E-Mall Reverse Auction");
    /* Translators: 电子卖场 定点采购 */
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:          return _("E-Mall Designated Supplier");
    /* Translators: 电子卖场 团购 */
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:           return _("E-Mall Group Purchase");
    case GP_PROCUREMENT_METHOD_UNSET:
    default:                                             return _("Choose…");
    }
}

/* ------------------------------------------------------------------------------------------------
 * The methods the amount allows: each is tried against src/core's submit_plan guard.
 */

static gboolean
method_allowed (const GpProject     *project,
                GpProcurementMethod  method)
{
  g_autoptr(GpProject) copy = gp_project_copy (project);
  g_autoptr(GPtrArray) problems = NULL;
  GpActionContext ctx = { 0, };

  if (copy->plan == NULL)
    copy->plan = gp_plan_new ();
  copy->plan->method = method;
  if (copy->plan->nature == GP_PROCUREMENT_NATURE_UNSET)
    copy->plan->nature = GP_PROCUREMENT_NATURE_GOODS;
  copy->status = GP_PROJECT_STATE_PLAN_DRAFT;
  copy->stage = GP_STAGE_PLAN;
  ctx.now = g_get_real_time ();
  ctx.calendar = gp_calendar_get_default ();
  ctx.duties = GP_DUTY_BOTH;

  gp_lifecycle_check (copy, "submit_plan", GP_ROLE_PURCHASER, &ctx, &problems, NULL);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const GpProblem *p = g_ptr_array_index (problems, i);

      if (g_str_equal (p->path, "plan.method") && !g_str_equal (p->code, "required"))
        return FALSE;
    }
  return TRUE;
}

static void
update_methods (GpPlanForm *self,
                GpProcurementMethod current)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GArray) methods = g_array_new (FALSE, FALSE, sizeof (GpProcurementMethod));
  gboolean was_loading = self->loading;
  guint selected = 0;

  for (GpProcurementMethod m = GP_PROCUREMENT_METHOD_UNSET; m <= GP_PROCUREMENT_METHOD_MALL_GROUP_BUY; m++)
    if (m == GP_PROCUREMENT_METHOD_UNSET || m == current || self->project == NULL ||
        method_allowed (self->project, m))
      {
        if (m == current)
          selected = methods->len;
        g_array_append_val (methods, m);
        gtk_string_list_append (model, gp_procurement_method_get_label (m));
      }

  self->loading = TRUE;
  /* The same list: only the method the record names is selected (a form loading a project). */
  if (self->methods != NULL && self->methods->len == methods->len &&
      memcmp (self->methods->data, methods->data, methods->len * sizeof (GpProcurementMethod)) == 0)
    {
      if (adw_combo_row_get_selected (self->method_row) != selected)
        adw_combo_row_set_selected (self->method_row, selected);
      self->loading = was_loading;
      return;
    }

  g_clear_pointer (&self->methods, g_array_unref);
  self->methods = g_steal_pointer (&methods);
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->method_row, selected);
  self->loading = was_loading;
}

static GpProcurementMethod
selected_method (GpPlanForm *self)
{
  guint i = adw_combo_row_get_selected (self->method_row);

  if (self->methods == NULL || i >= self->methods->len)
    return GP_PROCUREMENT_METHOD_UNSET;
  return g_array_index (self->methods, GpProcurementMethod, i);
}

/* ------------------------------------------------------------------------------------------------
 * The linked intention, said by its name and publication date: never by its id.
 */

static char *
describe_intention (const GpIntention *in,
                    gboolean           own)
{
  g_autofree char *published = NULL;
  const char *name;

  if (in == NULL)
    /* Translators: 关联采购意向 when none is linked. */
    return g_strdup (_("None linked"));
  if (own && in->exempt)
    /* Translators: 关联采购意向: 本项目的采购意向免于公开. */
    return g_strdup (_("None: this project’s intention is exempt from disclosure"));
  if (gp_datetime_is_set (in->published))
    {
      GDate day;

      gp_date_from_usec_china (in->published, &day);
      published = gp_format_form_date (&day);
    }
  name = in->name != NULL ? in->name : "";
  if (own && published != NULL)
    /* Translators: 关联采购意向: 本项目的采购意向 · %s（意向名称） · %s（日期）公开. */
    return g_strdup_printf (_("This project’s intention · %s · published %s"), name, published);
  if (own)
    /* Translators: 关联采购意向: 本项目的采购意向（尚未公开）. */
    return g_strdup (_("This project’s intention (not published yet)"));
  if (published != NULL)
    /* Translators: 关联采购意向 of another project: %s（意向名称） · %s（日期）公开. */
    return g_strdup_printf (_("%s · published %s"), name, published);
  return g_strdup (name);
}

static void
linked_project_loaded_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GpPlanForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GpStoredProject) stored = gp_store_load_project_finish (GP_STORE (object), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stored != NULL && stored->project != NULL && stored->project->intention != NULL)
    text = describe_intention (stored->project->intention, FALSE);
  else
    /* Translators: 关联采购意向: 其他项目的采购意向（本机没有该项目）. */
    text = g_strdup (_("Another project’s intention (that project is not on this computer)"));
  adw_action_row_set_subtitle (self->intention_ref_row, text);
}

static void
show_intention_link (GpPlanForm      *self,
                     const GpProject *project)
{
  gboolean own = self->intention_ref == NULL || g_strcmp0 (self->intention_ref, project->id) == 0;
  g_autofree char *text = NULL;

  g_cancellable_cancel (self->link_cancellable);
  g_clear_object (&self->link_cancellable);
  if (own)
    text = describe_intention (project->intention, TRUE);
  else if (self->store != NULL)
    {
      self->link_cancellable = g_cancellable_new ();
      gp_store_load_project_async (self->store, self->intention_ref, self->link_cancellable,
                                   linked_project_loaded_cb, g_object_ref (self));
      /* Translators: 关联采购意向 while it is looked up: 正在查找…. */
      text = g_strdup (_("Looking it up…"));
    }
  else
    text = g_strdup (_("Another project’s intention (that project is not on this computer)"));
  adw_action_row_set_subtitle (self->intention_ref_row, text);
}

/* ------------------------------------------------------------------------------------------------
 * Lines
 */

static void line_changed_cb (GpPlanForm *self);
static void gp_plan_form_store (GpStageForm *form, GpProject *project);

static gboolean
parse_quantity (const char *text,
                gint64     *out_milli)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double v;

  *out_milli = 0;
  if (*s == '\0')
    return TRUE;
  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || v < 0 || v > 1e9)
    return FALSE;
  *out_milli = (gint64) (v * 1000 + 0.5);
  return TRUE;
}

static char *
quantity_text (gint64 milli)
{
  if (milli <= 0)
    return g_strdup ("");
  if (milli % 1000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, milli / 1000);
  return g_strdup_printf ("%.3f", milli / 1000.0);
}

/* The 品目 picker over the cached 商品库. */
static void
picked_cb (GtkListBox    *list,
           GtkListBoxRow *row,
           gpointer       user_data)
{
  AdwExpanderRow *line = user_data;
  const char *code = g_object_get_data (G_OBJECT (row), "gp-code");
  const char *name = g_object_get_data (G_OBJECT (row), "gp-name");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  gp_form_set_text (gp_form_line_get (line, "catalog_code"), code);
  if (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "name")))[0] == '\0')
    gp_form_set_text (gp_form_line_get (line, "name"), name);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
catalogue_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkListBox) list = user_data;
  g_autoptr(GPtrArray) entries = gp_store_query_registry_finish (GP_STORE (object), result, NULL);
  GtkWidget *child;

  if (entries == NULL || gtk_widget_get_root (GTK_WIDGET (list)) == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; i < entries->len; i++)
    {
      GpRegistryEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) node = json_from_string (e->json, NULL);
      JsonObject *o = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = o != NULL ? json_object_get_string_member_with_default (o, "catalog_code", NULL) : NULL;
      g_autofree char *text = NULL;
      GtkWidget *row, *label;

      if (code == NULL)
        code = e->code;
      text = g_strdup_printf ("%s  %s", code != NULL ? code : "", e->name != NULL ? e->name : "");
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "gp-code", g_strdup (code), g_free);
      g_object_set_data_full (G_OBJECT (row), "gp-name", g_strdup (e->name), g_free);
      gtk_list_box_append (list, row);
    }
}

static void
catalogue_search_cb (GtkSearchEntry *entry,
                     GtkListBox     *list)
{
  GpPlanForm *self = g_object_get_data (G_OBJECT (list), "gp-form");

  if (self->store == NULL)
    return;
  gp_store_query_registry_async (self->store, "product", gtk_editable_get_text (GTK_EDITABLE (entry)), 30,
                                 self->cancellable, catalogue_found_cb, g_object_ref (list));
}

static void
add_picker (GpPlanForm     *self,
            AdwExpanderRow *line)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "edit-find-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: the button beside the 品目 code, 从商品库选择. */
  gtk_widget_set_tooltip_text (button, _("Choose from the Product Catalogue"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose from the Product Catalogue"), -1);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_widget_set_size_request (scrolled, 360, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_object_set_data (G_OBJECT (list), "gp-form", self);
  g_signal_connect (search, "search-changed", G_CALLBACK (catalogue_search_cb), list);
  g_signal_connect (list, "row-activated", G_CALLBACK (picked_cb), line);
  gtk_widget_set_sensitive (button, self->store != NULL);
  adw_entry_row_add_suffix (gp_form_line_get (line, "catalog_code"), button);
}

static AdwExpanderRow *
add_budget_line (GpPlanForm         *self,
                 guint               index,
                 const GpBudgetLine *bl)
{
  const char *titles[] = {
    /* Translators: 预算指标编号 */
    _("Budget Index Code"),
    /* Translators: 指标说明 */
    _("Description"),
    /* Translators: 使用金额（元） */
    _("Amount Used (yuan)"),
    NULL };
  g_autofree char *path = g_strdup_printf ("plan.budget_lines[%u]", index);
  /* Translators: the title of a budget line, 预算指标 %u. */
  g_autofree char *title = g_strdup_printf (_("Budget Line %u"), index + 1);
  AdwExpanderRow *line = gp_form_line_add (self->funding_group, self->budget_lines, title, budget_keys, titles,
                                           self->fields, path, G_CALLBACK (line_changed_cb), self);

  if (bl != NULL)
    {
      g_autofree char *amount = gp_form_money_text (bl->amount);
      g_autofree char *hint = gp_form_money_hint (bl->amount);

      gp_form_set_text (gp_form_line_get (line, "index_code"), bl->index_code);
      gp_form_set_text (gp_form_line_get (line, "description"), bl->description);
      gp_form_set_text (gp_form_line_get (line, "amount"), amount);
      adw_expander_row_set_subtitle (line, hint);
    }
  return line;
}

static AdwExpanderRow *
add_item (GpPlanForm   *self,
          guint         index,
          const GpItem *item)
{
  const char *titles[] = {
    /* Translators: 品目编码 */
    _("Catalogue Code"),
    /* Translators: 名称 */
    _("Name"),
    /* Translators: 规格型号／技术和服务要求 */
    _("Specification"),
    /* Translators: 单位 */
    _("Unit"),
    /* Translators: 数量 */
    _("Quantity"),
    /* Translators: 单价（元） */
    _("Unit Price (yuan)"),
    NULL };
  g_autofree char *path = g_strdup_printf ("plan.items[%u]", index);
  /* Translators: the title of a catalogue line, 品目 %u. */
  g_autofree char *title = g_strdup_printf (_("Item %u"), index + 1);
  AdwExpanderRow *line = gp_form_line_add (self->items_group, self->items, title, item_keys, titles,
                                           self->fields, path, G_CALLBACK (line_changed_cb), self);

  add_picker (self, line);
  if (item != NULL)
    {
      g_autofree char *quantity = quantity_text (item->quantity_milli);
      g_autofree char *price = gp_form_money_text (item->unit_price);
      g_autofree char *subtitle = NULL;
      g_autofree char *total = gp_money_format (item->total);

      gp_form_set_text (gp_form_line_get (line, "catalog_code"), item->catalog_code);
      gp_form_set_text (gp_form_line_get (line, "name"), item->name);
      gp_form_set_text (gp_form_line_get (line, "spec"), item->spec);
      gp_form_set_text (gp_form_line_get (line, "unit"), item->unit);
      gp_form_set_text (gp_form_line_get (line, "quantity_milli"), quantity);
      gp_form_set_text (gp_form_line_get (line, "unit_price"), price);
      subtitle = g_strdup_printf ("%s · %s", item->name != NULL ? item->name : "", total);
      adw_expander_row_set_subtitle (line, subtitle);
    }
  return line;
}

static void
load_lines (GpPlanForm   *self,
            const GpPlan *plan)
{
  gp_form_lines_clear (self->funding_group, self->budget_lines, self->fields, "plan.budget_lines");
  gp_form_lines_clear (self->items_group, self->items, self->fields, "plan.items");
  for (guint i = 0; i < plan->budget_lines->len; i++)
    add_budget_line (self, i, g_ptr_array_index (plan->budget_lines, i));
  for (guint i = 0; i < plan->items->len; i++)
    add_item (self, i, g_ptr_array_index (plan->items, i));
  self->n_budget_lines = plan->budget_lines->len;
  self->n_items = plan->items->len;
}

static void
emit_changed (GpPlanForm *self)
{
  if (!self->loading)
    gp_stage_form_emit_changed (GP_STAGE_FORM (self));
}

/* A line was added, removed or edited: renumber the lines (their paths) and re-read the totals. */
static void
relayout (GpPlanForm *self)
{
  g_autoptr(GpProject) scratch = gp_project_new_draft ("440000");
  gboolean was_loading = self->loading;

  gp_plan_form_store (GP_STAGE_FORM (self), scratch);
  self->loading = TRUE;
  load_lines (self, scratch->plan);
  self->loading = was_loading;
}

static void
line_changed_cb (GpPlanForm *self)
{
  if (self->loading)
    return;
  if (self->budget_lines->len < self->n_budget_lines || self->items->len < self->n_items)
    relayout (self);
  emit_changed (self);
}

static void
add_budget_line_cb (GpPlanForm *self)
{
  AdwExpanderRow *line = add_budget_line (self, self->budget_lines->len, NULL);

  self->n_budget_lines = self->budget_lines->len;
  adw_expander_row_set_expanded (line, TRUE);
  emit_changed (self);
}

static void
add_item_cb (GpPlanForm *self)
{
  AdwExpanderRow *line = add_item (self, self->items->len, NULL);

  self->n_items = self->items->len;
  adw_expander_row_set_expanded (line, TRUE);
  emit_changed (self);
}

static void
update_hints (GpPlanForm *self)
{
  GDate start;
  g_autofree char *hint = NULL;
  g_autofree char *message = NULL;
  gint64 amount = 0;

  if (gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), FALSE, &start))
    {
      gp_form_fields_set_local (self->fields, "plan.planned_start", NULL);
      hint = gp_date_is_set (&start) ? gp_form_format_date (&start) : NULL;
    }
  else
    /* Translators: under a date field, 请按“2026-11-28”的格式填写日期. */
    gp_form_fields_set_local (self->fields, "plan.planned_start", _("Type the date as 2026-11-28."));
  gtk_label_set_text (self->start_hint, hint != NULL ? hint : "");

  g_clear_pointer (&hint, g_free);
  if (gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->sme_amount_row)), &amount, &message))
    hint = gp_form_money_hint (amount);
  gp_form_fields_set_local (self->fields, "plan.sme_reserved_amount", message);
  gtk_label_set_text (self->sme_hint, hint != NULL ? hint : "");
}

static void
field_changed_cb (GpPlanForm *self)
{
  update_hints (self);
  emit_changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * GpStageForm
 */

static GpStage
gp_plan_form_get_stage (GpStageForm *form)
{
  return GP_STAGE_PLAN;
}

static void
gp_plan_form_load (GpStageForm              *form,
                   const GpProject          *project,
                   const GpStageFormContext *context)
{
  GpPlanForm *self = GP_PLAN_FORM (form);
  g_autoptr(GpPlan) empty = gp_plan_new ();
  const GpPlan *plan = project->plan != NULL ? project->plan : empty;
  g_autofree char *start = gp_form_date_text (&plan->planned_start, FALSE);
  g_autofree char *share = plan->sme_share_bp > 0 ? g_strdup_printf ("%g", plan->sme_share_bp / 100.0) : g_strdup ("");
  g_autofree char *sme_amount = gp_form_money_text (plan->sme_reserved_amount);
  g_autofree char *submitted = gp_form_format_datetime (plan->submitted);
  g_autofree char *filed = gp_form_format_datetime (plan->filed);
  g_autofree char *approval = gp_form_describe_approval (&plan->approval);
  g_autofree char *total = gp_form_money_hint (plan->total);
  const char *intention_ref = plan->intention_ref;

  g_clear_pointer (&self->project, gp_project_free);
  self->project = gp_project_copy (project);

  self->loading = TRUE;
  gp_form_set_text (self->name_row, plan->name != NULL ? plan->name :
                                    project->intention != NULL ? project->intention->name : NULL);
  gp_form_set_text (self->division_row, plan->finance_division);
  gp_form_set_text (self->content_row, plan->content != NULL ? plan->content :
                                       project->intention != NULL ? project->intention->summary : NULL);
  gp_form_set_text (self->entry_mode_row, plan->entry_mode);
  adw_combo_row_set_selected (self->nature_row, plan->nature);
  gp_form_set_text (self->start_row, start);
  /* The link to the intention: the published intention of this project unless another is named. */
  if (intention_ref == NULL && project->intention != NULL && gp_datetime_is_set (project->intention->published))
    intention_ref = project->id;
  g_free (self->intention_ref);
  self->intention_ref = g_strdup (intention_ref);
  show_intention_link (self, project);
  adw_combo_row_set_selected (self->funding_type_row, plan->funding_type);
  gp_form_set_text (self->funding_note_row, plan->funding_note);
  load_lines (self, plan);
  adw_action_row_set_subtitle (self->total_row, *total != '\0' ? total : "—");
  update_methods (self, plan->method);
  gp_form_set_text (self->rationale_row, plan->method_rationale);
  gp_form_set_text (self->approval_ref_row, plan->method_approval_ref);
  adw_combo_row_set_selected (self->organisation_row, plan->organisation_form);
  gtk_switch_set_active (self->public_service_switch, plan->public_service);
  adw_expander_row_set_enable_expansion (self->sme_row, plan->sme_reserved);
  adw_expander_row_set_expanded (self->sme_row, plan->sme_reserved);
  gp_form_set_text (self->sme_share_row, share);
  gp_form_set_text (self->sme_amount_row, sme_amount);
  adw_action_row_set_subtitle (self->submitted_row, submitted);
  if (plan->filing_ref != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s · %s", filed, plan->filing_ref);
      adw_action_row_set_subtitle (self->filed_row, both);
    }
  else
    adw_action_row_set_subtitle (self->filed_row, filed);
  adw_action_row_set_subtitle (self->return_row, plan->return_reason != NULL ? plan->return_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->return_row), plan->return_reason != NULL);
  adw_action_row_set_subtitle (self->approval_row, approval);
  gtk_widget_set_sensitive (self->box, context->editable);
  update_hints (self);
  self->loading = FALSE;
}

static char *
line_text (AdwExpanderRow *line,
           const char     *key)
{
  return gp_form_dup_text (gp_form_line_get (line, key));
}

static void
gp_plan_form_store (GpStageForm *form,
                    GpProject   *project)
{
  GpPlanForm *self = GP_PLAN_FORM (form);
  GpPlan *plan;
  gint64 amount = 0, total = 0;
  double share = 0;

  if (project->plan == NULL)
    project->plan = gp_plan_new ();
  plan = project->plan;

#define SET(field, row) G_STMT_START { g_free (plan->field); plan->field = gp_form_dup_text (row); } G_STMT_END
  SET (name, self->name_row);
  SET (finance_division, self->division_row);
  SET (content, self->content_row);
  SET (entry_mode, self->entry_mode_row);
  SET (funding_note, self->funding_note_row);
  SET (method_rationale, self->rationale_row);
  SET (method_approval_ref, self->approval_ref_row);
#undef SET
  g_free (plan->intention_ref);
  plan->intention_ref = g_strdup (self->intention_ref);
  plan->nature = (GpProcurementNature) adw_combo_row_get_selected (self->nature_row);
  gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->start_row)), FALSE, &plan->planned_start);
  plan->funding_type = (GpFundingType) adw_combo_row_get_selected (self->funding_type_row);
  plan->method = selected_method (self);
  plan->organisation_form = (GpOrganisationForm) adw_combo_row_get_selected (self->organisation_row);
  plan->public_service = gtk_switch_get_active (self->public_service_switch);
  plan->sme_reserved = adw_expander_row_get_enable_expansion (self->sme_row);
  share = g_ascii_strtod (gtk_editable_get_text (GTK_EDITABLE (self->sme_share_row)), NULL);
  plan->sme_share_bp = plan->sme_reserved && share > 0 && share <= 100 ? (guint) (share * 100 + 0.5) : 0;
  if (plan->sme_reserved &&
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->sme_amount_row)), &amount, NULL))
    plan->sme_reserved_amount = amount;
  else if (!plan->sme_reserved)
    plan->sme_reserved_amount = 0;

  g_ptr_array_set_size (plan->budget_lines, 0);
  for (guint i = 0; i < self->budget_lines->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->budget_lines, i);
      GpBudgetLine *bl = gp_budget_line_new ();

      bl->index_code = line_text (line, "index_code");
      bl->description = line_text (line, "description");
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "amount"))), &bl->amount, NULL);
      g_ptr_array_add (plan->budget_lines, bl);
    }

  g_ptr_array_set_size (plan->items, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->items, i);
      GpItem *item = gp_item_new ();

      item->catalog_code = line_text (line, "catalog_code");
      item->name = line_text (line, "name");
      item->spec = line_text (line, "spec");
      item->unit = line_text (line, "unit");
      parse_quantity (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "quantity_milli"))),
                      &item->quantity_milli);
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "unit_price"))),
                           &item->unit_price, NULL);
      item->total = item->quantity_milli / 1000 * item->unit_price +
                    (item->quantity_milli % 1000) * item->unit_price / 1000;
      gp_money_add (total, item->total, &total);
      g_ptr_array_add (plan->items, item);
    }
  plan->total = total;
}

/* Local checks of the lines: amounts, quantities and 品目 codes the officer typed. */
static void
check_lines (GpPlanForm *self)
{
  for (guint i = 0; i < self->budget_lines->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->budget_lines, i);
      g_autofree char *path = g_strdup_printf ("plan.budget_lines[%u].amount", i);
      g_autofree char *message = NULL;
      gint64 fen;

      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "amount"))), &fen, &message);
      gp_form_fields_set_local (self->fields, path, message);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->items, i);
      g_autofree char *code = line_text (line, "catalog_code");
      g_autofree char *path = g_strdup_printf ("plan.items[%u].catalog_code", i);
      g_autofree char *price_path = g_strdup_printf ("plan.items[%u].unit_price", i);
      g_autofree char *quantity_path = g_strdup_printf ("plan.items[%u].quantity_milli", i);
      g_autofree char *message = NULL;
      g_autoptr(GError) error = NULL;
      gint64 value;

      if (code != NULL && !gp_catalog_code_validate (code, &error))
        gp_form_fields_set_local (self->fields, path, error->message);
      else
        gp_form_fields_set_local (self->fields, path, NULL);
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "unit_price"))), &value, &message);
      gp_form_fields_set_local (self->fields, price_path, message);
      gp_form_fields_set_local (self->fields, quantity_path,
                                parse_quantity (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "quantity_milli"))), &value)
                                /* Translators: under the quantity of a line, 请输入数量，例如 20 或 2.5. */
                                ? NULL : _("Type a quantity, for example 20 or 2.5."));
    }
}

static void
gp_plan_form_show_problems (GpStageForm *form,
                            GPtrArray   *problems)
{
  GpPlanForm *self = GP_PLAN_FORM (form);
  static const char * const prefixes[] = { "plan", NULL };
  g_autoptr(GpProject) scratch = NULL;
  g_autofree char *total = NULL;

  /* Renumber the lines when one was removed, re-read the total and the methods it allows. */
  if (self->project != NULL)
    {
      scratch = gp_project_copy (self->project);
      gp_plan_form_store (form, scratch);
      g_clear_pointer (&self->project, gp_project_free);
      self->project = g_steal_pointer (&scratch);
      total = gp_form_money_hint (self->project->plan->total);
      adw_action_row_set_subtitle (self->total_row, *total != '\0' ? total : "—");
      for (guint i = 0; i < self->items->len; i++)
        {
          GpItem *item = g_ptr_array_index (self->project->plan->items, i);
          g_autofree char *sum = gp_money_format (item->total);
          g_autofree char *subtitle = g_strdup_printf ("%s · %s", item->name != NULL ? item->name : "", sum);

          adw_expander_row_set_subtitle (g_ptr_array_index (self->items, i), subtitle);
        }
      update_methods (self, self->project->plan->method);
    }

  check_lines (self);
  gp_form_fields_show (self->fields, problems, prefixes, self->other_label);
  g_object_set_data (G_OBJECT (self), "gp-first-problem", gp_form_fields_get_first (self->fields));
}

static void
gp_plan_form_stage_form_init (GpStageFormInterface *iface)
{
  iface->get_stage = gp_plan_form_get_stage;
  iface->load = gp_plan_form_load;
  iface->store = gp_plan_form_store;
  iface->show_problems = gp_plan_form_show_problems;
}

void
gp_plan_form_set_store (GpPlanForm *self,
                        GpStore    *store)
{
  g_return_if_fail (GP_IS_PLAN_FORM (self));

  g_set_object (&self->store, store);
}

static void
gp_plan_form_dispose (GObject *object)
{
  GpPlanForm *self = GP_PLAN_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->link_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_PLAN_FORM);
  g_clear_pointer (&self->fields, gp_form_fields_free);
  g_clear_pointer (&self->budget_lines, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->methods, g_array_unref);
  g_clear_pointer (&self->project, gp_project_free);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->link_cancellable);
  g_clear_pointer (&self->intention_ref, g_free);

  G_OBJECT_CLASS (gp_plan_form_parent_class)->dispose (object);
}

static void
gp_plan_form_class_init (GpPlanFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_plan_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-plan-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GpPlanForm, name)
  BIND (box);
  BIND (name_row);
  BIND (division_row);
  BIND (content_row);
  BIND (entry_mode_row);
  BIND (nature_row);
  BIND (start_row);
  BIND (intention_ref_row);
  BIND (funding_group);
  BIND (funding_type_row);
  BIND (funding_note_row);
  BIND (items_group);
  BIND (total_row);
  BIND (method_row);
  BIND (rationale_row);
  BIND (approval_ref_row);
  BIND (organisation_row);
  BIND (sme_row);
  BIND (public_service_row);
  BIND (public_service_switch);
  BIND (sme_share_row);
  BIND (sme_amount_row);
  BIND (submitted_row);
  BIND (filed_row);
  BIND (return_row);
  BIND (approval_row);
  BIND (other_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_budget_line_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_item_cb);
}

static void
gp_plan_form_init (GpPlanForm *self)
{
  self->loading = TRUE;
  self->fields = gp_form_fields_new ();
  self->budget_lines = g_ptr_array_new ();
  self->items = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->start_hint = gp_form_add_hint (self->start_row);
  self->sme_hint = gp_form_add_hint (self->sme_amount_row);
  update_methods (self, GP_PROCUREMENT_METHOD_UNSET);
  gp_form_fields_add (self->fields, GTK_WIDGET (self->name_row), "plan.name");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->division_row), "plan.finance_division");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->content_row), "plan.content");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->entry_mode_row), "plan.entry_mode");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->nature_row), "plan.nature");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->start_row), "plan.planned_start");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->intention_ref_row), "plan.intention_ref");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->funding_type_row), "plan.funding_type");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->funding_note_row), "plan.funding_note");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->total_row), "plan.total");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->method_row), "plan.method");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->rationale_row), "plan.method_rationale");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->approval_ref_row), "plan.method_approval_ref");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->organisation_row), "plan.organisation_form");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->sme_row), "plan.sme_reserved");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->sme_share_row), "plan.sme_share_bp");
  gp_form_fields_add (self->fields, GTK_WIDGET (self->sme_amount_row), "plan.sme_reserved_amount");
  self->loading = FALSE;
}
