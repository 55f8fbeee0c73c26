/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-queue-page.c: the work queues of the roles other than the purchaser, from the local store:
 * the supervisor's 待审核计划备案 (PLAN_SUBMITTED) and 待审核合同备案 (CONTRACT_PUBLISHED), the agency's
 * 委托项目, the supplier's 订单 and 合同. Opening a project shows its review: what is filed, and the
 * decision (备案 / 退回 with a reason that is required and kept in the action's payload; 接受委托;
 * 确认订单 / 确认送达), queued through the sync engine like every action.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gp-app-labels.h"
#include "gp-execution-form.h"
#include "gp-money.h"
#include "gp-project-row.h"
#include "gp-queue-page.h"

#define MAX_ROWS 500

struct _GpQueuePage
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  AdwPreferencesGroup *list_group;
  GtkListBox          *list;
  GtkBox              *review_box;
  AdwPreferencesGroup *summary_group;
  AdwPreferencesGroup *detail_group;
  AdwPreferencesGroup *decision_group;
  AdwEntryRow         *reason_row;
  GtkLabel            *decision_label;
  GtkButton           *secondary_button;
  GtkButton           *primary_button;
  GtkButton           *open_button;

  /* Owned references */
  GCancellable        *cancellable;
  GpSyncEngine        *engine;
  GPtrArray           *projects;       /* GpProject*: what the list shows */
  GPtrArray           *loading_rows;   /* GpProject* being collected by a refresh */
  GpProject           *open;           /* the project under review */
  GPtrArray           *review_rows;    /* GtkWidget*: rows added to the review groups */
  GtkWidget           *execution_form;

  GpQueueKind          kind;
  guint                generation;
  guint                pending;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (GpQueuePage, gp_queue_page, GTK_TYPE_WIDGET)

static void show_list (GpQueuePage *self);

/* ------------------------------------------------------------------------------------------------
 * What each queue holds and does
 */

static int
queue_state (GpQueueKind kind)
{
  switch (kind)
    {
    case GP_QUEUE_PLAN_FILINGS:     return GP_PROJECT_STATE_PLAN_SUBMITTED;
    case GP_QUEUE_CONTRACT_FILINGS: return GP_PROJECT_STATE_CONTRACT_PUBLISHED;
    case GP_QUEUE_ENTRUSTED:
    case GP_QUEUE_ORDERS:
    case GP_QUEUE_CONTRACTS:
    default:                        return -1;
    }
}

static gboolean
belongs (GpQueueKind      kind,
         const GpProject *p)
{
  switch (kind)
    {
    case GP_QUEUE_PLAN_FILINGS:
      return p->status == GP_PROJECT_STATE_PLAN_SUBMITTED;
    case GP_QUEUE_CONTRACT_FILINGS:
      /* Published contracts the purchaser has sent for filing ([P18]). */
      return p->status == GP_PROJECT_STATE_CONTRACT_PUBLISHED && p->contracts->len > 0 &&
             gp_date_is_set (&((GpContract *) g_ptr_array_index (p->contracts, p->contracts->len - 1))->filing_submitted);
    case GP_QUEUE_ENTRUSTED:
      /* The server shows an agency the projects entrusted to it. */
      return p->execution != NULL && p->execution->entrusted != NULL;
    case GP_QUEUE_ORDERS:
      return p->execution != NULL && p->execution->mall != NULL;
    case GP_QUEUE_CONTRACTS:
      return p->contracts->len > 0;
    default:
      return FALSE;
    }
}

/* A finance department files the plans and contracts of its own region only
 * (gp_lifecycle_acts_in_region()); it sees the regions below but does not file for them. */
static gboolean
takes_the_step (GpQueuePage     *self,
                const GpProject *p)
{
  const GpAccount *a = self->engine != NULL ? gp_sync_engine_get_account (self->engine) : NULL;

  if (self->kind != GP_QUEUE_PLAN_FILINGS && self->kind != GP_QUEUE_CONTRACT_FILINGS)
    return TRUE;
  return a == NULL || gp_lifecycle_acts_in_region (a->role, a->region, p->region);
}

static const char *
empty_text (GpQueueKind kind)
{
  switch (kind)
    {
    /* Translators: empty queues: 没有待审核的计划备案 / 合同备案, 没有委托项目, 没有订单, 没有合同. */
    case GP_QUEUE_PLAN_FILINGS:     return _("No plans are waiting for filing.");
    case GP_QUEUE_CONTRACT_FILINGS: return _("No contracts are waiting for filing.");
    case GP_QUEUE_ENTRUSTED:        return _("No projects are entrusted to your agency.");
    case GP_QUEUE_ORDERS:           return _("No e-mall orders for your company.");
    case GP_QUEUE_CONTRACTS:        return _("No contracts for your company.");
    default:                        return "";
    }
}

static const char *
list_title (GpQueueKind kind)
{
  switch (kind)
    {
    /* Translators: the queues' titles, as in the sidebar: 待审核计划备案, 待审核合同备案, 委托项目, 订单, 合同. */
    case GP_QUEUE_PLAN_FILINGS:     return _("Plans Awaiting Filing");
    case GP_QUEUE_CONTRACT_FILINGS: return _("Contracts Awaiting Filing");
    case GP_QUEUE_ENTRUSTED:        return _("Entrusted Projects");
    case GP_QUEUE_ORDERS:           return _("Orders");
    case GP_QUEUE_CONTRACTS:        return _("Contracts");
    default:                        return "";
    }
}

static const char *
method_label (GpProcurementMethod method)
{
  switch (method)
    {
    /* Translators: 采购方式 names as the law gives them. */
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:              return _("Open tender");
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:           return _("Invited tender");
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:  return _("Competitive negotiation");
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION: return _("Competitive consultation");
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:    return _("Request for quotation");
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:            return _("Single source");
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:      return _("Framework agreement");
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:              return _("E-mall direct order");
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:             return _("E-mall online bidding");
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:     return _("E-mall reverse auction");
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:          return _("E-mall designated procurement");
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:           return _("E-mall group purchase");
    case GP_PROCUREMENT_METHOD_UNSET:
    default:                                             return _("Not chosen");
    }
}

static const char *
form_label (GpOrganisationForm form)
{
  switch (form)
    {
    /* Translators: 组织形式: 自行采购, 委托代理, 集中采购机构. */
    case GP_ORGANISATION_FORM_SELF:           return _("Self-procurement");
    case GP_ORGANISATION_FORM_ENTRUSTED:      return _("Entrusted to an agency");
    case GP_ORGANISATION_FORM_CENTRAL_AGENCY: return _("Central procurement agency");
    case GP_ORGANISATION_FORM_UNSET:
    default:                                  return _("Not chosen");
    }
}

/* ------------------------------------------------------------------------------------------------
 * The list
 */

static void
rebuild_list (GpQueuePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < self->projects->len; i++)
    {
      const GpProject *p = g_ptr_array_index (self->projects, i);
      GtkWidget *row = adw_action_row_new ();
      const char *name = gp_project_get_name (p);
      gint64 amount = p->plan != NULL && p->plan->total > 0 ? p->plan->total
                      : p->intention != NULL ? p->intention->budget : 0;
      g_autofree char *money = gp_money_format_wan_with_unit (amount);
      g_autofree char *subtitle = NULL;

      if (p->contracts->len > 0 && (self->kind == GP_QUEUE_CONTRACT_FILINGS || self->kind == GP_QUEUE_CONTRACTS))
        {
          GpContract *c = g_ptr_array_index (p->contracts, p->contracts->len - 1);

          g_free (money);
          money = gp_money_format (c->amount);
        }
      /* Translators: a queue row's subtitle: purchaser · state · amount. */
      subtitle = g_strdup_printf (_("%s · %s · %s"), p->purchaser.name != NULL ? p->purchaser.name : "",
                                  gp_project_state_get_label (p->status), money);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : p->id);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name != NULL ? name : p->id, -1);
      gtk_list_box_append (self->list, row);
    }

  /* A project that left the queue (filed, returned, confirmed) closes its review. */
  if (self->open != NULL)
    {
      gboolean still = FALSE;

      for (guint i = 0; i < self->projects->len && !still; i++)
        still = g_strcmp0 (((GpProject *) g_ptr_array_index (self->projects, i))->id, self->open->id) == 0;
      if (still || self->kind == GP_QUEUE_ORDERS || self->kind == GP_QUEUE_ENTRUSTED ||
          self->kind == GP_QUEUE_CONTRACTS)
        {
          if (!still)
            show_list (self);
          return;
        }
    }
  show_list (self);
}

static void
finish_refresh (GpQueuePage *self)
{
  g_ptr_array_unref (self->projects);
  self->projects = g_steal_pointer (&self->loading_rows);
  self->loading_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  self->loading = FALSE;
  rebuild_list (self);
}

typedef struct {
  GpQueuePage *self;
  guint        generation;
} LoadData;

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GpQueuePage) self = data->self;
  g_autoptr(GpStoredProject) stored = gp_store_load_project_finish (GP_STORE (object), result, NULL);
  guint generation = data->generation;

  g_free (data);
  if (g_cancellable_is_cancelled (self->cancellable) || generation != self->generation)
    return;
  if (stored != NULL && belongs (self->kind, stored->project) && takes_the_step (self, stored->project))
    g_ptr_array_add (self->loading_rows, g_steal_pointer (&stored->project));
  if (--self->pending == 0)
    finish_refresh (self);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  LoadData *data = user_data;
  g_autoptr(GpQueuePage) self = data->self;
  g_autoptr(GPtrArray) rows = gp_store_query_finish (GP_STORE (object), result, NULL);
  guint generation = data->generation;

  g_free (data);
  if (g_cancellable_is_cancelled (self->cancellable) || generation != self->generation)
    return;

  g_ptr_array_set_size (self->loading_rows, 0);
  self->pending = rows != NULL ? rows->len : 0;
  if (self->pending == 0)
    {
      finish_refresh (self);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      LoadData *load = g_new0 (LoadData, 1);

      load->self = g_object_ref (self);
      load->generation = generation;
      gp_store_load_project_async (GP_STORE (object), gp_project_row_get_id (g_ptr_array_index (rows, i)),
                                   self->cancellable, loaded_cb, load);
    }
}

void
gp_queue_page_refresh (GpQueuePage *self)
{
  g_autoptr(GpStoreQuery) query = gp_store_query_new ();
  GpStore *store;
  LoadData *data;

  g_return_if_fail (GP_IS_QUEUE_PAGE (self));

  store = self->engine != NULL ? gp_sync_engine_get_store (self->engine) : NULL;
  self->generation++;
  if (store == NULL)
    {
      g_ptr_array_set_size (self->projects, 0);
      self->loading = FALSE;
      rebuild_list (self);
      return;
    }

  self->loading = TRUE;
  query->state = queue_state (self->kind);
  /* Oldest first: a queue is worked through in the order it came in. */
  query->descending = FALSE;
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;
  gp_store_query_async (store, query, 0, MAX_ROWS, self->cancellable, query_cb, data);
}

/* ------------------------------------------------------------------------------------------------
 * The review
 */

static void
show_list (GpQueuePage *self)
{
  g_clear_pointer (&self->open, gp_project_free);
  gtk_stack_set_visible_child_name (self->stack, self->projects->len > 0 ? "list" : "empty");
}

static void
back_cb (GpQueuePage *self)
{
  show_list (self);
}

/* The whole project page (the agency records the execution there): the window opens it. */
static void
open_cb (GpQueuePage *self)
{
  if (self->open != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-project", "s", self->open->id);
}

static void
add_review_row (GpQueuePage         *self,
                AdwPreferencesGroup *group,
                const char          *title,
                const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->review_rows, row);
}

static void
clear_review (GpQueuePage *self)
{
  for (guint i = 0; i < self->review_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->review_rows, i);
      GtkWidget *parent = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (parent != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (parent), row);
    }
  g_ptr_array_set_size (self->review_rows, 0);
  if (self->execution_form != NULL)
    {
      gtk_box_remove (self->review_box, self->execution_form);
      self->execution_form = NULL;
    }
}

static char *
date_text (const GDate *date)
{
  return gp_date_is_set (date) ? gp_format_form_date (date) : NULL;
}

static void
setup_decision (GpQueuePage *self)
{
  const GpProject *p = self->open;
  const char *primary = NULL;
  const char *secondary = NULL;
  gboolean reason = FALSE;

  switch (self->kind)
    {
    case GP_QUEUE_PLAN_FILINGS:
    case GP_QUEUE_CONTRACT_FILINGS:
      /* Translators: the supervisor's decisions: 予以备案 / 退回. */
      primary = _("_File");
      secondary = _("_Return");
      reason = TRUE;
      break;
    case GP_QUEUE_ENTRUSTED:
      if (p->status == GP_PROJECT_STATE_PLAN_FILED)
        /* Translators: the agency's 接受委托. */
        primary = _("_Accept the Entrustment");
      break;
    case GP_QUEUE_ORDERS:
      if (p->status == GP_PROJECT_STATE_MALL_ORDERING && p->execution->mall->status == GP_MALL_ORDER_STATUS_SUBMITTED)
        /* Translators: the supplier's 确认订单. */
        primary = _("_Confirm the Order");
      else if (p->status == GP_PROJECT_STATE_MALL_ORDER_CONFIRMED)
        /* Translators: the supplier's 确认送达. */
        primary = _("Confirm _Delivery");
      break;
    case GP_QUEUE_CONTRACTS:
      if (p->status == GP_PROJECT_STATE_IN_PERFORMANCE)
        primary = _("Confirm _Delivery");
      break;
    default:
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->decision_group), primary != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), reason);
  gtk_widget_set_visible (GTK_WIDGET (self->secondary_button), secondary != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->decision_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->primary_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->secondary_button), TRUE);
  if (primary != NULL)
    {
      gtk_button_set_label (self->primary_button, primary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->primary_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_button_get_label (self->primary_button), -1);
    }
  if (secondary != NULL)
    {
      gtk_button_set_label (self->secondary_button, secondary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->secondary_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gtk_button_get_label (self->secondary_button), -1);
    }
}

static void
open_project (GpQueuePage     *self,
              const GpProject *p)
{
  const GpPlan *plan = p->plan;
  g_autofree char *budget = NULL;
  g_autofree char *title = NULL;

  clear_review (self);
  g_clear_pointer (&self->open, gp_project_free);
  self->open = gp_project_copy (p);

  title = g_strdup (gp_project_get_name (p) != NULL ? gp_project_get_name (p) : p->id);
  adw_preferences_group_set_title (self->summary_group, title);
  adw_preferences_group_set_description (self->summary_group, gp_project_state_get_label (p->status));
  /* Translators: review rows: 采购单位, 预算编码. */
  add_review_row (self, self->summary_group, _("Purchaser"), p->purchaser.name);
  add_review_row (self, self->summary_group, _("Budget code"), p->purchaser.budget_code);

  if (plan != NULL)
    {
      g_autofree char *submitted = NULL;

      budget = gp_money_format (plan->total);
      /* Translators: review rows of a plan: 采购内容, 预算金额, 采购方式, 组织形式, 计划采购开始日期, 资金来源说明, 退回理由. */
      add_review_row (self, self->summary_group, _("Content"), plan->content);
      add_review_row (self, self->summary_group, _("Budget"), budget);
      add_review_row (self, self->summary_group, _("Procurement method"), method_label (plan->method));
      add_review_row (self, self->summary_group, _("Organisation form"), form_label (plan->organisation_form));
      submitted = date_text (&plan->planned_start);
      add_review_row (self, self->summary_group, _("Planned start"), submitted);
      if (plan->funding_note != NULL)
        add_review_row (self, self->summary_group, _("Source of funds"), plan->funding_note);
      if (plan->method_rationale != NULL)
        add_review_row (self, self->summary_group, _("Reason for the method"), plan->method_rationale);
      if (plan->return_reason != NULL)
        add_review_row (self, self->summary_group, _("Returned earlier"), plan->return_reason);
    }

  adw_preferences_group_set_title (self->detail_group, NULL);
  if ((self->kind == GP_QUEUE_CONTRACT_FILINGS || self->kind == GP_QUEUE_CONTRACTS) && p->contracts->len > 0)
    {
      const GpContract *c = g_ptr_array_index (p->contracts, p->contracts->len - 1);
      g_autofree char *amount = gp_money_format (c->amount);
      g_autofree char *upper = gp_money_format_uppercase (c->amount, NULL);
      g_autofree char *amount_text = upper != NULL ? g_strdup_printf ("%s（%s）", amount, upper) : g_strdup (amount);
      g_autofree char *signed_on = date_text (&c->signed_on);
      g_autofree char *published_on = date_text (&c->published_on);
      g_autofree char *supplier = g_strdup_printf ("%s  %s", c->supplier.name ? c->supplier.name : "",
                                                   c->supplier.uscc ? c->supplier.uscc : "");
      g_autoptr(GString) criteria = g_string_new (NULL);

      for (guint i = 0; i < c->acceptance_criteria->len; i++)
        g_string_append_printf (criteria, "%s%s", i > 0 ? "；" : "", (char *) g_ptr_array_index (c->acceptance_criteria, i));
      /* Translators: review rows of a contract: 合同信息, 合同编号, 合同名称, 供应商, 合同金额, 签订日期, 公告日期, 验收标准. */
      adw_preferences_group_set_title (self->detail_group, _("Contract"));
      add_review_row (self, self->detail_group, _("Contract number"), c->number);
      add_review_row (self, self->detail_group, _("Contract title"), c->title);
      add_review_row (self, self->detail_group, _("Supplier"), supplier);
      add_review_row (self, self->detail_group, _("Contract amount"), amount_text);
      add_review_row (self, self->detail_group, _("Signed on"), signed_on);
      add_review_row (self, self->detail_group, _("Published on"), published_on);
      add_review_row (self, self->detail_group, _("Acceptance standards"), criteria->str);
    }
  else if (self->kind == GP_QUEUE_ORDERS && p->execution != NULL && p->execution->mall != NULL)
    {
      const GpMallOrder *order = p->execution->mall;
      g_autofree char *total = gp_money_format (order->total);
      g_autofree char *consignee = g_strdup_printf ("%s  %s  %s", order->consignee.name ? order->consignee.name : "",
                                                    order->consignee.phone ? order->consignee.phone : "",
                                                    order->consignee.address ? order->consignee.address : "");

      /* Translators: review rows of an order: 订单, 商品, 订单金额, 收货人, 发票抬头. */
      adw_preferences_group_set_title (self->detail_group, _("Order"));
      for (guint i = 0; i < order->items->len; i++)
        {
          const GpItem *item = g_ptr_array_index (order->items, i);
          g_autofree char *price = gp_money_format (item->total);
          g_autofree char *line = g_strdup_printf ("%s × %" G_GINT64_FORMAT " %s · %s", item->spec ? item->spec : "",
                                                   item->quantity_milli / 1000, item->unit ? item->unit : "", price);

          add_review_row (self, self->detail_group, item->name, line);
        }
      add_review_row (self, self->detail_group, _("Order total"), total);
      add_review_row (self, self->detail_group, _("Consignee"), consignee);
      add_review_row (self, self->detail_group, _("Invoice title"), order->invoice.title);
    }
  else if (self->kind == GP_QUEUE_ENTRUSTED)
    {
      /* The execution as recorded: the agency's view of the entrusted procurement. */
      GDate today;
      GpStageFormContext ctx = { GP_ROLE_AGENCY, GP_DUTY_NONE, FALSE, &today };

      gp_date_get_today (&today);
      self->execution_form = GTK_WIDGET (gp_execution_form_new ());
      gtk_widget_set_size_request (self->execution_form, -1, 520);
      if (self->engine != NULL)
        gp_execution_form_set_store (GP_EXECUTION_FORM (self->execution_form), gp_sync_engine_get_store (self->engine));
      gp_stage_form_load (GP_STAGE_FORM (self->execution_form), p, &ctx);
      gtk_box_insert_child_after (self->review_box, self->execution_form, GTK_WIDGET (self->summary_group));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->detail_group), self->review_rows->len > 0 &&
                          adw_preferences_group_get_title (self->detail_group) != NULL);

  setup_decision (self);
  gtk_stack_set_visible_child_name (self->stack, "review");
}

static void
row_activated_cb (GpQueuePage   *self,
                  GtkListBoxRow *row)
{
  gp_queue_page_open (self, (guint) gtk_list_box_row_get_index (row));
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GpQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gp_sync_engine_queue_action_finish (GP_SYNC_ENGINE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->decision_label, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->decision_label), "error");
          gtk_widget_set_visible (GTK_WIDGET (self->decision_label), TRUE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->primary_button), TRUE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->secondary_button), TRUE);
        }
      return;
    }
  /* Translators: 已提交，待发送：同步后生效。 */
  gtk_label_set_text (self->decision_label, _("Queued; it takes effect when the platform receives it at the next sync."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->decision_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->decision_label), TRUE);
}

static void
take_action (GpQueuePage *self,
             const char  *action,
             const char  *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  if (self->engine == NULL || self->open == NULL)
    return;

  /* The reason is kept in the action's payload (and the server's audit log). */
  json_builder_begin_object (builder);
  if (reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  if ((g_str_equal (action, "file_contract") || g_str_equal (action, "return_contract_filing")) &&
      self->open->contracts->len > 0)
    {
      GpContract *c = g_ptr_array_index (self->open->contracts, self->open->contracts->len - 1);

      if (c->id != NULL)
        {
          json_builder_set_member_name (builder, "target_id");
          json_builder_add_string_value (builder, c->id);
        }
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  payload = json_generator_to_data (generator, NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->primary_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->secondary_button), FALSE);
  gp_sync_engine_queue_action_async (self->engine, self->open->id, action,
                                     g_str_equal (payload, "{}") ? NULL : payload,
                                     self->cancellable, queued_cb, g_object_ref (self));
}

static void
primary_cb (GpQueuePage *self)
{
  const char *action = NULL;

  if (self->open == NULL)
    return;
  switch (self->kind)
    {
    case GP_QUEUE_PLAN_FILINGS:     action = "file_plan"; break;
    case GP_QUEUE_CONTRACT_FILINGS: action = "file_contract"; break;
    case GP_QUEUE_ENTRUSTED:        action = "accept_entrustment"; break;
    case GP_QUEUE_ORDERS:
      action = self->open->status == GP_PROJECT_STATE_MALL_ORDERING ? "confirm_mall_order" : "confirm_delivery";
      break;
    case GP_QUEUE_CONTRACTS:        action = "confirm_delivery"; break;
    default:                        break;
    }
  if (action != NULL)
    take_action (self, action, NULL);
}

static void
secondary_cb (GpQueuePage *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  if (self->open == NULL)
    return;
  if (*reason == '\0')
    {
      /* Translators: 退回须填写理由。 */
      gtk_label_set_text (self->decision_label, _("Give the reason for returning it; the purchaser will see it."));
      gtk_widget_add_css_class (GTK_WIDGET (self->decision_label), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->decision_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->reason_row), "error");
  take_action (self, self->kind == GP_QUEUE_PLAN_FILINGS ? "return_plan" : "return_contract_filing", reason);
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

GpQueuePage *
gp_queue_page_new (GpQueueKind kind)
{
  GpQueuePage *self = g_object_new (GP_TYPE_QUEUE_PAGE, NULL);

  self->kind = kind;
  adw_status_page_set_title (self->empty_page, list_title (kind));
  adw_status_page_set_description (self->empty_page, empty_text (kind));
  adw_preferences_group_set_title (self->list_group, list_title (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, list_title (kind), -1);
  return self;
}

GpQueueKind
gp_queue_page_get_kind (GpQueuePage *self)
{
  g_return_val_if_fail (GP_IS_QUEUE_PAGE (self), GP_QUEUE_PLAN_FILINGS);

  return self->kind;
}

static void
synced_cb (GpQueuePage *self)
{
  gp_queue_page_refresh (self);
}

void
gp_queue_page_set_engine (GpQueuePage  *self,
                          GpSyncEngine *engine)
{
  g_return_if_fail (GP_IS_QUEUE_PAGE (self));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "synced", G_CALLBACK (synced_cb), self, G_CONNECT_SWAPPED);
  show_list (self);
  gp_queue_page_refresh (self);
}

guint
gp_queue_page_get_n_items (GpQueuePage *self)
{
  g_return_val_if_fail (GP_IS_QUEUE_PAGE (self), 0);

  return self->projects->len;
}

gboolean
gp_queue_page_get_loading (GpQueuePage *self)
{
  g_return_val_if_fail (GP_IS_QUEUE_PAGE (self), FALSE);

  return self->loading;
}

void
gp_queue_page_open (GpQueuePage *self,
                    guint        index)
{
  g_return_if_fail (GP_IS_QUEUE_PAGE (self));
  g_return_if_fail (index < self->projects->len);

  open_project (self, g_ptr_array_index (self->projects, index));
}

const char *
gp_queue_page_get_open_id (GpQueuePage *self)
{
  g_return_val_if_fail (GP_IS_QUEUE_PAGE (self), NULL);

  return self->open != NULL ? self->open->id : NULL;
}

void
gp_queue_pages_install (GtkStack     *stack,
                        GpSyncEngine *engine)
{
  static const struct {
    const char  *name;
    GpQueueKind  kind;
  } pages[] = {
    { "plan-filings", GP_QUEUE_PLAN_FILINGS },
    { "contract-filings", GP_QUEUE_CONTRACT_FILINGS },
    { "entrusted", GP_QUEUE_ENTRUSTED },
    { "orders", GP_QUEUE_ORDERS },
    { "supplier-contracts", GP_QUEUE_CONTRACTS },
  };

  g_return_if_fail (GTK_IS_STACK (stack));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (stack, pages[i].name);

      if (page == NULL)
        {
          page = GTK_WIDGET (gp_queue_page_new (pages[i].kind));
          gtk_stack_add_named (stack, page, pages[i].name);
        }
      gp_queue_page_set_engine (GP_QUEUE_PAGE (page), engine);
    }
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
gp_queue_page_dispose (GObject *object)
{
  GpQueuePage *self = GP_QUEUE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_QUEUE_PAGE);

  G_OBJECT_CLASS (gp_queue_page_parent_class)->dispose (object);
}

static void
gp_queue_page_finalize (GObject *object)
{
  GpQueuePage *self = GP_QUEUE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->projects, g_ptr_array_unref);
  g_clear_pointer (&self->loading_rows, g_ptr_array_unref);
  g_clear_pointer (&self->review_rows, g_ptr_array_unref);
  g_clear_pointer (&self->open, gp_project_free);

  G_OBJECT_CLASS (gp_queue_page_parent_class)->finalize (object);
}

static void
gp_queue_page_class_init (GpQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_queue_page_dispose;
  object_class->finalize = gp_queue_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-queue-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GpQueuePage, name)
  BIND (stack);
  BIND (empty_page);
  BIND (list_group);
  BIND (list);
  BIND (review_box);
  BIND (summary_group);
  BIND (detail_group);
  BIND (decision_group);
  BIND (reason_row);
  BIND (decision_label);
  BIND (secondary_button);
  BIND (primary_button);
  BIND (open_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_cb);
  gtk_widget_class_bind_template_callback (widget_class, primary_cb);
  gtk_widget_class_bind_template_callback (widget_class, secondary_cb);
}

static void
gp_queue_page_init (GpQueuePage *self)
{
  self->cancellable = g_cancellable_new ();
  self->projects = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  self->loading_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  self->review_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
