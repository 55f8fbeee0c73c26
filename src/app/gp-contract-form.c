/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-contract-form.c: the 采购合同备案 stage form (DOMAIN.md §1.5): the supplier from the cached
 * 供应商库 with its 统一社会信用代码 checked, the amount with its uppercase, the items, the dates with
 * the publication (2 工作日) and filing (7 工作日) deadlines, and supplements (≤ 10%).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gp-app-labels.h"
#include "gp-calendar.h"
#include "gp-contract-form.h"
#include "gp-form-fields.h"
#include "gp-ids.h"
#include "gp-money.h"

struct _GpContractForm
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget           *box;
  AdwEntryRow         *number_row;
  AdwEntryRow         *title_row;
  AdwEntryRow         *amount_row;
  AdwActionRow        *uppercase_row;
  AdwEntryRow         *period_row;
  AdwEntryRow         *place_row;
  AdwEntryRow         *security_row;
  AdwEntryRow         *criteria_row;
  AdwEntryRow         *document_row;
  AdwEntryRow         *supplier_row;
  AdwEntryRow         *uscc_row;
  AdwComboRow         *size_row;
  GtkListBox          *suggestions;
  AdwPreferencesGroup *items_group;
  AdwEntryRow         *signed_row;
  AdwActionRow        *publish_deadline_row;
  AdwActionRow        *file_deadline_row;
  AdwActionRow        *published_row;
  AdwActionRow        *filed_row;
  AdwActionRow        *approval_row;
  AdwPreferencesGroup *supplements_group;
  GtkLabel            *other_label;

  /* Owned references */
  GpFormFields        *fields;
  GPtrArray           *items;        /* AdwExpanderRow */
  GPtrArray           *supplements;  /* AdwExpanderRow */
  GpStore             *store;
  GCancellable        *cancellable;
  char                *contract_id;
  GDate                today;

  GtkLabel            *amount_hint;
  GtkLabel            *signed_hint;
  guint                index;        /* the contract's index in the record */
  guint                n_items;
  guint                n_supplements;
  gboolean             loading;
};

static void gp_contract_form_stage_form_init (GpStageFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpContractForm, gp_contract_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_STAGE_FORM, gp_contract_form_stage_form_init))

static const char * const item_keys[] = { "name", "spec", "unit", "quantity_milli", "unit_price", NULL };
static const char * const supplement_keys[] = { "number", "amount", "signed_on", "description", NULL };

static void gp_contract_form_store (GpStageForm *form, GpProject *project);

static void
emit_changed (GpContractForm *self)
{
  if (!self->loading)
    gp_stage_form_emit_changed (GP_STAGE_FORM (self));
}

/* ------------------------------------------------------------------------------------------------
 * Lines
 */

static void lines_changed_cb (GpContractForm *self);

static char *
path_of (GpContractForm *self,
         const char     *member)
{
  return g_strdup_printf ("contracts[%u].%s", self->index, member);
}

static AdwExpanderRow *
add_item (GpContractForm *self,
          guint           index,
          const GpItem   *item)
{
  const char *titles[] = { _("Name"), _("Specification"), _("Unit"), _("Quantity"), _("Unit Price (yuan)"), NULL };
  g_autofree char *member = g_strdup_printf ("items[%u]", index);
  g_autofree char *path = path_of (self, member);
  g_autofree char *title = g_strdup_printf (_("Item %u"), index + 1);
  AdwExpanderRow *line = gp_form_line_add (self->items_group, self->items, title, item_keys, titles,
                                           self->fields, path, G_CALLBACK (lines_changed_cb), self);

  if (item != NULL)
    {
      g_autofree char *quantity = item->quantity_milli % 1000 == 0
                                  ? g_strdup_printf ("%" G_GINT64_FORMAT, item->quantity_milli / 1000)
                                  : g_strdup_printf ("%.3f", item->quantity_milli / 1000.0);
      g_autofree char *price = gp_form_money_text (item->unit_price);
      g_autofree char *total = gp_money_format (item->total);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", item->name != NULL ? item->name : "", total);

      gp_form_set_text (gp_form_line_get (line, "name"), item->name);
      gp_form_set_text (gp_form_line_get (line, "spec"), item->spec);
      gp_form_set_text (gp_form_line_get (line, "unit"), item->unit);
      gp_form_set_text (gp_form_line_get (line, "quantity_milli"), item->quantity_milli > 0 ? quantity : "");
      gp_form_set_text (gp_form_line_get (line, "unit_price"), price);
      adw_expander_row_set_subtitle (line, subtitle);
    }
  return line;
}

static AdwExpanderRow *
add_supplement (GpContractForm     *self,
                guint               index,
                const GpSupplement *s)
{
  const char *titles[] = {
    /* Translators: 补充合同编号 */
    _("Supplement Number"),
    /* Translators: 补充金额（元） */
    _("Amount (yuan)"),
    /* Translators: 签订日期（年-月-日） */
    _("Signed On (YYYY-MM-DD)"),
    /* Translators: 补充内容 */
    _("What It Adds"),
    NULL };
  g_autofree char *member = g_strdup_printf ("supplements[%u]", index);
  g_autofree char *path = path_of (self, member);
  /* Translators: the title of a supplementary contract line, 补充合同 %u. */
  g_autofree char *title = g_strdup_printf (_("Supplement %u"), index + 1);
  AdwExpanderRow *line = gp_form_line_add (self->supplements_group, self->supplements, title, supplement_keys,
                                           titles, self->fields, path, G_CALLBACK (lines_changed_cb), self);

  if (s != NULL)
    {
      g_autofree char *amount = gp_form_money_text (s->amount);
      g_autofree char *date = gp_form_date_text (&s->signed_on, FALSE);
      g_autofree char *hint = gp_form_money_hint (s->amount);

      gp_form_set_text (gp_form_line_get (line, "number"), s->number);
      gp_form_set_text (gp_form_line_get (line, "amount"), amount);
      gp_form_set_text (gp_form_line_get (line, "signed_on"), date);
      gp_form_set_text (gp_form_line_get (line, "description"), s->description);
      adw_expander_row_set_subtitle (line, hint);
    }
  return line;
}

static void
load_lines (GpContractForm   *self,
            const GpContract *c)
{
  g_autofree char *items_prefix = path_of (self, "items");
  g_autofree char *supplements_prefix = path_of (self, "supplements");

  gp_form_lines_clear (self->items_group, self->items, self->fields, items_prefix);
  gp_form_lines_clear (self->supplements_group, self->supplements, self->fields, supplements_prefix);
  for (guint i = 0; i < c->items->len; i++)
    add_item (self, i, g_ptr_array_index (c->items, i));
  for (guint i = 0; i < c->supplements->len; i++)
    add_supplement (self, i, g_ptr_array_index (c->supplements, i));
  self->n_items = c->items->len;
  self->n_supplements = c->supplements->len;
}

static void
lines_changed_cb (GpContractForm *self)
{
  if (self->loading)
    return;
  if (self->items->len < self->n_items || self->supplements->len < self->n_supplements)
    {
      g_autoptr(GpProject) scratch = gp_project_new_draft ("440000");
      GpContract *c;

      self->index = 0;
      gp_contract_form_store (GP_STAGE_FORM (self), scratch);
      c = g_ptr_array_index (scratch->contracts, 0);
      self->loading = TRUE;
      load_lines (self, c);
      self->loading = FALSE;
    }
  emit_changed (self);
}

static void
add_item_cb (GpContractForm *self)
{
  adw_expander_row_set_expanded (add_item (self, self->items->len, NULL), TRUE);
  self->n_items = self->items->len;
  emit_changed (self);
}

static void
add_supplement_cb (GpContractForm *self)
{
  adw_expander_row_set_expanded (add_supplement (self, self->supplements->len, NULL), TRUE);
  self->n_supplements = self->supplements->len;
  emit_changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * The supplier from the 供应商库
 */

static void
suppliers_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GpContractForm) self = user_data;
  g_autoptr(GPtrArray) entries = gp_store_query_registry_finish (GP_STORE (object), result, NULL);
  GtkWidget *child;

  if (entries == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions))) != NULL)
    gtk_list_box_remove (self->suggestions, child);

  for (guint i = 0; i < entries->len; i++)
    {
      GpRegistryEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) node = json_from_string (e->json, NULL);
      JsonObject *o = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *size = o != NULL ? json_object_get_string_member_with_default (o, "size", NULL) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GpEnterpriseSize s = GP_ENTERPRISE_SIZE_UNSET;

      if (g_strcmp0 (e->name, gtk_editable_get_text (GTK_EDITABLE (self->supplier_row))) == 0)
        continue;  /* Already picked. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), e->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), e->code != NULL ? e->code : "");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      if (size != NULL)
        gp_enterprise_size_from_string (size, &s);
      g_object_set_data_full (G_OBJECT (row), "gp-name", g_strdup (e->name), g_free);
      g_object_set_data_full (G_OBJECT (row), "gp-uscc", g_strdup (e->code), g_free);
      g_object_set_data (G_OBJECT (row), "gp-size", GINT_TO_POINTER (s));
      gtk_list_box_append (self->suggestions, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions),
                          gtk_widget_get_first_child (GTK_WIDGET (self->suggestions)) != NULL);
}

/* The size of a supplier the record names without one, from the 供应商库 cache. */
static void
size_found_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GpContractForm) self = user_data;
  g_autoptr(GPtrArray) entries = gp_store_query_registry_finish (GP_STORE (object), result, NULL);
  const char *uscc;

  if (entries == NULL || g_cancellable_is_cancelled (self->cancellable) ||
      adw_combo_row_get_selected (self->size_row) != GP_ENTERPRISE_SIZE_UNSET)
    return;
  uscc = gtk_editable_get_text (GTK_EDITABLE (self->uscc_row));
  for (guint i = 0; i < entries->len; i++)
    {
      GpRegistryEntry *e = g_ptr_array_index (entries, i);
      g_autoptr(JsonNode) node = NULL;
      GpEnterpriseSize size = GP_ENTERPRISE_SIZE_UNSET;

      if (g_strcmp0 (e->code, uscc) != 0)
        continue;
      node = json_from_string (e->json, NULL);
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          gp_enterprise_size_from_string (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                                     "size", ""), &size) &&
          size != GP_ENTERPRISE_SIZE_UNSET && gtk_widget_get_sensitive (self->box))
        {
          adw_combo_row_set_selected (self->size_row, size);
          emit_changed (self);
        }
      return;
    }
}

static void
look_up_size (GpContractForm *self)
{
  const char *uscc = gtk_editable_get_text (GTK_EDITABLE (self->uscc_row));

  if (self->store == NULL || uscc[0] == '\0' ||
      adw_combo_row_get_selected (self->size_row) != GP_ENTERPRISE_SIZE_UNSET)
    return;
  gp_store_query_registry_async (self->store, "supplier", uscc, 8, self->cancellable,
                                 size_found_cb, g_object_ref (self));
}

static void
supplier_changed_cb (GpContractForm *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->supplier_row));

  emit_changed (self);
  if (self->loading || self->store == NULL || g_utf8_strlen (text, -1) < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->suggestions), FALSE);
      return;
    }
  gp_store_query_registry_async (self->store, "supplier", text, 8, self->cancellable,
                                 suppliers_found_cb, g_object_ref (self));
}

static void
supplier_picked_cb (GpContractForm *self,
                    GtkListBoxRow  *row)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  gp_form_set_text (self->supplier_row, g_object_get_data (G_OBJECT (row), "gp-name"));
  gp_form_set_text (self->uscc_row, g_object_get_data (G_OBJECT (row), "gp-uscc"));
  adw_combo_row_set_selected (self->size_row, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "gp-size")));
  self->loading = was_loading;
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions), FALSE);
  emit_changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * Readings: the amount in words, the deadlines
 */

static void
set_deadline (GpContractForm *self,
              AdwActionRow   *row,
              const GDate    *signed_on,
              guint           workdays,
              const GDate    *done,
              const char     *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GDate due;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (!gp_date_is_set (signed_on))
    {
      /* Translators: a deadline that starts with the signing, 签订后计算. */
      adw_action_row_set_subtitle (row, _("Counted from the signing date"));
      return;
    }
  if (!gp_calendar_add_working_days (gp_calendar_get_default (), signed_on, workdays, &due, &error))
    {
      /* Translators: 工作日历缺少该时段的数据，无法计算期限. */
      adw_action_row_set_subtitle (row, _("The working-day calendar has no data for this period"));
      return;
    }
  {
    g_autofree char *date = gp_form_format_date (&due);
    int left = g_date_days_between (&self->today, &due);

    if (gp_date_is_set (done))
      /* Translators: a deadline met: 须于 %s 前（%s）· 已完成. */
      text = g_strdup_printf (_("By %s (%s) · done"), date, source);
    else if (left < 0)
      {
        /* Translators: a deadline missed: 须于 %s 前（%s）· 已逾期. */
        text = g_strdup_printf (_("By %s (%s) · overdue"), date, source);
        gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      }
    else
      {
        /* Translators: a deadline ahead: 须于 %s 前（%s）. */
        text = g_strdup_printf (_("By %s (%s)"), date, source);
        if (left <= 2)
          gtk_widget_add_css_class (GTK_WIDGET (row), "warning");
      }
  }
  adw_action_row_set_subtitle (row, text);
}

static void
update_readings (GpContractForm *self)
{
  g_autofree char *message = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *amount_path = path_of (self, "amount");
  g_autofree char *signed_path = path_of (self, "signed_on");
  g_autofree char *uscc_path = path_of (self, "supplier.uscc");
  g_autofree char *uscc = gp_form_dup_text (self->uscc_row);
  g_autoptr(GError) error = NULL;
  gint64 amount = 0;
  GDate signed_on;

  if (gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), &amount, &message))
    {
      hint = gp_form_money_hint (amount);
      upper = amount > 0 ? gp_money_format_uppercase (amount, NULL) : NULL;
    }
  gtk_label_set_text (self->amount_hint, hint != NULL ? hint : "");
  adw_action_row_set_subtitle (self->uppercase_row, upper != NULL ? upper : "—");
  gp_form_fields_set_local (self->fields, amount_path, message);

  if (uscc != NULL && !gp_uscc_validate (uscc, &error))
    gp_form_fields_set_local (self->fields, uscc_path, error->message);
  else
    gp_form_fields_set_local (self->fields, uscc_path, NULL);

  g_clear_pointer (&hint, g_free);
  if (gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->signed_row)), FALSE, &signed_on))
    {
      gp_form_fields_set_local (self->fields, signed_path, NULL);
      if (gp_date_is_set (&signed_on))
        hint = gp_form_format_date (&signed_on);
    }
  else
    gp_form_fields_set_local (self->fields, signed_path, _("Type the date as 2026-11-28."));
  gtk_label_set_text (self->signed_hint, hint != NULL ? hint : "");
}

static void
field_changed_cb (GpContractForm *self)
{
  update_readings (self);
  emit_changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * GpStageForm
 */

static GpStage
gp_contract_form_get_stage (GpStageForm *form)
{
  return GP_STAGE_CONTRACT;
}

/* Where the filing stands: filed, sent and awaiting the finance department, or sent back. */
static char *
describe_filing (const GpContract *c)
{
  if (!gp_date_is_set (&c->filed_on) && gp_date_is_set (&c->filing_submitted))
    {
      g_autofree char *date = gp_form_format_date (&c->filing_submitted);

      /* Translators: 已于 %s 报送，等待财政部门备案. */
      return g_strdup_printf (_("Sent on %s, awaiting the finance department"), date);
    }
  if (!gp_date_is_set (&c->filed_on) && c->filing_return_reason != NULL)
    /* Translators: 退回：%s (the finance department's reason). */
    return g_strdup_printf (_("Returned: %s"), c->filing_return_reason);
  return gp_form_format_date (&c->filed_on);
}

static void
gp_contract_form_load (GpStageForm              *form,
                       const GpProject          *project,
                       const GpStageFormContext *context)
{
  GpContractForm *self = GP_CONTRACT_FORM (form);
  g_autoptr(GpContract) empty = gp_contract_new ();
  const GpContract *c = project->contracts->len > 0
                        ? g_ptr_array_index (project->contracts, project->contracts->len - 1) : empty;
  g_autofree char *amount = gp_form_money_text (c->amount);
  g_autofree char *security = c->performance_security > 0 ? gp_form_money_text (c->performance_security) : g_strdup ("");
  g_autofree char *signed_on = gp_form_date_text (&c->signed_on, FALSE);
  g_autofree char *published = gp_form_format_date (&c->published_on);
  g_autofree char *filed = describe_filing (c);
  g_autofree char *approval = gp_form_describe_approval (&c->approval);
  g_autofree char *criteria = NULL;
  const GpParty *award = NULL;

  if (context->today != NULL)
    self->today = *context->today;
  self->index = project->contracts->len > 0 ? project->contracts->len - 1 : 0;
  g_free (self->contract_id);
  self->contract_id = g_strdup (c->id);

  /* A new contract starts from the award (or the e-mall order): same supplier, same amount. */
  if (project->contracts->len == 0 && project->execution != NULL)
    {
      if (project->execution->entrusted != NULL)
        award = &project->execution->entrusted->awarded_supplier;
      else if (project->execution->mall != NULL)
        award = &project->execution->mall->supplier;
      if (project->execution->entrusted != NULL && project->execution->entrusted->awarded_amount > 0)
        {
          g_free (amount);
          amount = gp_form_money_text (project->execution->entrusted->awarded_amount);
        }
    }

  self->loading = TRUE;
  gp_form_set_text (self->number_row, c->number);
  gp_form_set_text (self->title_row, c->title != NULL ? c->title : gp_project_get_name (project));
  gp_form_set_text (self->amount_row, amount);
  gp_form_set_text (self->period_row, c->performance_period);
  gp_form_set_text (self->place_row, c->performance_place);
  gp_form_set_text (self->security_row, security);
  {
    g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
    g_auto(GStrv) v = NULL;

    for (guint i = 0; i < c->acceptance_criteria->len; i++)
      g_strv_builder_add (b, g_ptr_array_index (c->acceptance_criteria, i));
    v = g_strv_builder_end (b);
    criteria = g_strjoinv ("、", v);
  }
  gp_form_set_text (self->criteria_row, criteria);
  gp_form_set_text (self->document_row, c->document_sha256);
  gp_form_set_text (self->supplier_row, award != NULL ? award->name : c->supplier.name);
  gp_form_set_text (self->uscc_row, award != NULL ? award->uscc : c->supplier.uscc);
  adw_combo_row_set_selected (self->size_row, award != NULL ? award->size : c->supplier.size);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions), FALSE);
  gp_form_set_text (self->signed_row, signed_on);
  load_lines (self, c);
  set_deadline (self, self->publish_deadline_row, &c->signed_on, 2, &c->published_on,
                /* Translators: the legal source of the 2-working-day rule, 实施条例 第50条. */
                _("Implementing Regulations, Article 50"));
  set_deadline (self, self->file_deadline_row, &c->signed_on, 7, &c->filed_on,
                /* Translators: the legal source of the 7-working-day rule, 政府采购法 第47条. */
                _("Government Procurement Law, Article 47"));
  adw_action_row_set_subtitle (self->published_row, published);
  adw_action_row_set_subtitle (self->filed_row, filed);
  adw_action_row_set_subtitle (self->approval_row, approval);
  gtk_widget_set_sensitive (self->box, context->editable);
  update_readings (self);
  self->loading = FALSE;
  look_up_size (self);
}

static gboolean
parse_quantity (const char *text,
                gint64     *out)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  *out = 0;
  if (*s == '\0')
    return TRUE;
  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || v < 0 || v > 1e9)
    return FALSE;
  *out = (gint64) (v * 1000 + 0.5);
  return TRUE;
}

static void
gp_contract_form_store (GpStageForm *form,
                        GpProject   *project)
{
  GpContractForm *self = GP_CONTRACT_FORM (form);
  GpContract *c;
  gint64 fen = 0;
  g_auto(GStrv) criteria = NULL;

  if (project->contracts->len == 0)
    {
      c = gp_contract_new ();
      c->id = self->contract_id != NULL ? g_strdup (self->contract_id) : gp_uuid_new ();
      if (self->contract_id == NULL)
        self->contract_id = g_strdup (c->id);
      g_ptr_array_add (project->contracts, c);
    }
  c = g_ptr_array_index (project->contracts, project->contracts->len - 1);

#define SET(field, row) G_STMT_START { g_free (c->field); c->field = gp_form_dup_text (row); } G_STMT_END
  SET (number, self->number_row);
  SET (title, self->title_row);
  SET (performance_period, self->period_row);
  SET (performance_place, self->place_row);
  SET (document_sha256, self->document_row);
  SET (supplier.name, self->supplier_row);
  SET (supplier.uscc, self->uscc_row);
#undef SET
  c->supplier.size = (GpEnterpriseSize) adw_combo_row_get_selected (self->size_row);
  if (gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), &fen, NULL))
    c->amount = fen;
  if (gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (self->security_row)), &fen, NULL))
    c->performance_security = fen > 0 ? fen : GP_MONEY_UNSET;
  gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->signed_row)), FALSE, &c->signed_on);

  g_ptr_array_set_size (c->acceptance_criteria, 0);
  criteria = g_regex_split_simple ("[、,，;；]", gtk_editable_get_text (GTK_EDITABLE (self->criteria_row)), 0, 0);
  for (guint i = 0; criteria[i] != NULL; i++)
    {
      g_strstrip (criteria[i]);
      if (*criteria[i] != '\0')
        g_ptr_array_add (c->acceptance_criteria, g_strdup (criteria[i]));
    }

  g_ptr_array_set_size (c->items, 0);
  for (guint i = 0; i < self->items->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->items, i);
      GpItem *item = gp_item_new ();

      item->name = gp_form_dup_text (gp_form_line_get (line, "name"));
      item->spec = gp_form_dup_text (gp_form_line_get (line, "spec"));
      item->unit = gp_form_dup_text (gp_form_line_get (line, "unit"));
      parse_quantity (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "quantity_milli"))), &item->quantity_milli);
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "unit_price"))), &item->unit_price, NULL);
      item->total = item->quantity_milli / 1000 * item->unit_price + (item->quantity_milli % 1000) * item->unit_price / 1000;
      g_ptr_array_add (c->items, item);
    }

  g_ptr_array_set_size (c->supplements, 0);
  for (guint i = 0; i < self->supplements->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->supplements, i);
      GpSupplement *s = gp_supplement_new ();

      s->number = gp_form_dup_text (gp_form_line_get (line, "number"));
      s->description = gp_form_dup_text (gp_form_line_get (line, "description"));
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "amount"))), &s->amount, NULL);
      gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "signed_on"))), FALSE, &s->signed_on);
      g_ptr_array_add (c->supplements, s);
    }
}

static void
gp_contract_form_show_problems (GpStageForm *form,
                                GPtrArray   *problems)
{
  GpContractForm *self = GP_CONTRACT_FORM (form);
  static const char * const prefixes[] = { "contracts", NULL };

  gp_form_fields_show (self->fields, problems, prefixes, self->other_label);
  g_object_set_data (G_OBJECT (self), "gp-first-problem", gp_form_fields_get_first (self->fields));
}

static void
gp_contract_form_stage_form_init (GpStageFormInterface *iface)
{
  iface->get_stage = gp_contract_form_get_stage;
  iface->load = gp_contract_form_load;
  iface->store = gp_contract_form_store;
  iface->show_problems = gp_contract_form_show_problems;
}

void
gp_contract_form_set_store (GpContractForm *self,
                            GpStore        *store)
{
  g_return_if_fail (GP_IS_CONTRACT_FORM (self));

  g_set_object (&self->store, store);
}

static void
register_fields (GpContractForm *self)
{
  static const struct { const char *member; gsize offset; } rows[] = {
    { "number", G_STRUCT_OFFSET (GpContractForm, number_row) },
    { "title", G_STRUCT_OFFSET (GpContractForm, title_row) },
    { "amount", G_STRUCT_OFFSET (GpContractForm, amount_row) },
    { "performance_period", G_STRUCT_OFFSET (GpContractForm, period_row) },
    { "performance_place", G_STRUCT_OFFSET (GpContractForm, place_row) },
    { "performance_security", G_STRUCT_OFFSET (GpContractForm, security_row) },
    { "acceptance_criteria", G_STRUCT_OFFSET (GpContractForm, criteria_row) },
    { "document_sha256", G_STRUCT_OFFSET (GpContractForm, document_row) },
    { "supplier.name", G_STRUCT_OFFSET (GpContractForm, supplier_row) },
    { "supplier.uscc", G_STRUCT_OFFSET (GpContractForm, uscc_row) },
    { "supplier.size", G_STRUCT_OFFSET (GpContractForm, size_row) },
    { "signed_on", G_STRUCT_OFFSET (GpContractForm, signed_row) },
    { "published_on", G_STRUCT_OFFSET (GpContractForm, publish_deadline_row) },
    { "filed_on", G_STRUCT_OFFSET (GpContractForm, file_deadline_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = path_of (self, rows[i].member);

      gp_form_fields_add (self->fields, G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset), path);
    }
}

static void
gp_contract_form_dispose (GObject *object)
{
  GpContractForm *self = GP_CONTRACT_FORM (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_CONTRACT_FORM);
  g_clear_pointer (&self->fields, gp_form_fields_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->supplements, g_ptr_array_unref);
  g_clear_pointer (&self->contract_id, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gp_contract_form_parent_class)->dispose (object);
}

static void
gp_contract_form_class_init (GpContractFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_contract_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-contract-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GpContractForm, name)
  BIND (box);
  BIND (number_row);
  BIND (title_row);
  BIND (amount_row);
  BIND (uppercase_row);
  BIND (period_row);
  BIND (place_row);
  BIND (security_row);
  BIND (criteria_row);
  BIND (document_row);
  BIND (supplier_row);
  BIND (uscc_row);
  BIND (size_row);
  BIND (suggestions);
  BIND (items_group);
  BIND (signed_row);
  BIND (publish_deadline_row);
  BIND (file_deadline_row);
  BIND (published_row);
  BIND (filed_row);
  BIND (approval_row);
  BIND (supplements_group);
  BIND (other_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, supplier_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, supplier_picked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_item_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_supplement_cb);
}

static void
gp_contract_form_init (GpContractForm *self)
{
  self->loading = TRUE;
  self->fields = gp_form_fields_new ();
  self->items = g_ptr_array_new ();
  self->supplements = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gp_date_get_today (&self->today);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->amount_hint = gp_form_add_hint (self->amount_row);
  self->signed_hint = gp_form_add_hint (self->signed_row);
  register_fields (self);
  self->loading = FALSE;
}
