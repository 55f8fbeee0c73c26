/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-payment-form.c: the 合同支付 stage form (DOMAIN.md §1.7): instalments with their trigger, the
 * due date computed from it (30 日 for small and medium suppliers), the SME late-interest warning,
 * the funding route and the voucher.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-calendar.h"
#include "gp-form-fields.h"
#include "gp-ids.h"
#include "gp-money.h"
#include "gp-payment-form.h"
#include "gp-validate.h"

#define SME_PAYMENT_DAYS 30  /* 保障中小企业款项支付条例 第9条: 30 日 from delivery or acceptance */

struct _GpPaymentForm
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkWidget           *box;
  AdwActionRow        *owed_row;
  AdwActionRow        *paid_row;
  AdwActionRow        *supplier_row;
  AdwPreferencesGroup *payments_group;
  AdwActionRow        *total_row;
  GtkLabel            *interest_label;
  GtkLabel            *other_label;

  /* Owned references */
  GpFormFields        *fields;
  GPtrArray           *lines;  /* AdwExpanderRow */
  GpProject           *project;
  GDate                today;
  guint                n_lines;
  gboolean             loading;
};

static void gp_payment_form_stage_form_init (GpStageFormInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpPaymentForm, gp_payment_form, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_STAGE_FORM, gp_payment_form_stage_form_init))

static const char * const keys[] = { "amount", "trigger_date", "due", "paid", "voucher", "invoice_no", "late_interest_ppm", NULL };

static void gp_payment_form_store (GpStageForm *form, GpProject *project);

static void
emit_changed (GpPaymentForm *self)
{
  if (!self->loading)
    gp_stage_form_emit_changed (GP_STAGE_FORM (self));
}

static const GpContract *
owed_contract (const GpProject *p)
{
  return p != NULL && p->contracts->len > 0 ? g_ptr_array_index (p->contracts, p->contracts->len - 1) : NULL;
}

static GpEnterpriseSize
supplier_size (const GpProject *p)
{
  const GpContract *c = owed_contract (p);

  if (c != NULL)
    return c->supplier.size;
  if (p != NULL && p->execution != NULL && p->execution->mall != NULL)
    return p->execution->mall->supplier.size;
  return GP_ENTERPRISE_SIZE_UNSET;
}

static void lines_changed_cb (GpPaymentForm *self);

static GtkWidget *
combo_row (const char         *title,
           const char * const *items)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return row;
}

static AdwExpanderRow *
add_line (GpPaymentForm   *self,
          guint            index,
          const GpPayment *pay)
{
  const char *titles[] = {
    /* Translators: 支付金额（元） */
    _("Amount (yuan)"),
    /* Translators: 交付／验收合格／约定日期（年-月-日） */
    _("Delivery, Acceptance or Agreed Date (YYYY-MM-DD)"),
    /* Translators: 应付截止日（留空则按30日计算） */
    _("Due Date (empty: computed)"),
    /* Translators: 支付日期 */
    _("Paid On"),
    /* Translators: 支付凭证（电子回单号） */
    _("Payment Voucher"),
    /* Translators: 发票号 */
    _("Invoice Number"),
    /* Translators: 约定逾期利率（年利率 %，留空为每日万分之五） */
    /* xgettext:no-c-format */
    _("Agreed Late Interest (% a year; empty: 0.05% a day)"),
    NULL };
  const char *triggers[] = { _("Choose…"),
                             /* Translators: 支付条件：交付 */
                             _("Delivery"),
                             /* Translators: 支付条件：验收合格 */
                             _("Acceptance Passed"),
                             /* Translators: 支付条件：约定日期 */
                             _("Agreed Date"), NULL };
  const char *routes[] = { _("Choose…"),
                           /* Translators: 国库集中支付 */
                           _("Treasury Single Account"),
                           /* Translators: 单位自有资金 */
                           _("The Unit’s Own Funds"), NULL };
  g_autofree char *path = g_strdup_printf ("payments[%u]", index);
  g_autofree char *trigger_path = g_strconcat (path, ".trigger", NULL);
  g_autofree char *route_path = g_strconcat (path, ".funding_route", NULL);
  /* Translators: the title of an instalment, 第 %u 期. */
  g_autofree char *title = g_strdup_printf (_("Instalment %u"), index + 1);
  AdwExpanderRow *line = gp_form_line_add (self->payments_group, self->lines, title, keys, titles,
                                           NULL, path, G_CALLBACK (lines_changed_cb), self);
  GtkWidget *trigger = combo_row (_("Payment Trigger"), triggers);
  GtkWidget *route = combo_row (_("Funding Route"), routes);

  adw_expander_row_add_row (line, trigger);
  adw_expander_row_add_row (line, route);
  g_object_set_data (G_OBJECT (line), "trigger", trigger);
  g_object_set_data (G_OBJECT (line), "funding_route", route);
  g_signal_connect_swapped (trigger, "notify::selected", G_CALLBACK (lines_changed_cb), self);
  g_signal_connect_swapped (route, "notify::selected", G_CALLBACK (lines_changed_cb), self);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *field = g_strconcat (path, ".", keys[i], NULL);

      gp_form_fields_add (self->fields, GTK_WIDGET (gp_form_line_get (line, keys[i])), field);
      if (i == 0)
        {
          gp_form_fields_add (self->fields, trigger, trigger_path);
          gp_form_fields_add (self->fields, route, route_path);
        }
    }

  if (pay != NULL)
    {
      g_autofree char *amount = gp_form_money_text (pay->amount);
      g_autofree char *trigger_date = gp_form_date_text (&pay->trigger_date, FALSE);
      g_autofree char *due = gp_form_date_text (&pay->due, FALSE);
      g_autofree char *paid = gp_form_date_text (&pay->paid, FALSE);
      g_autofree char *interest = pay->late_interest_ppm >= 0 ? g_strdup_printf ("%g", pay->late_interest_ppm / 10000.0)
                                                             : g_strdup ("");

      g_object_set_data_full (G_OBJECT (line), "gp-id", g_strdup (pay->id), g_free);
      gp_form_set_text (gp_form_line_get (line, "amount"), amount);
      gp_form_set_text (gp_form_line_get (line, "trigger_date"), trigger_date);
      gp_form_set_text (gp_form_line_get (line, "due"), due);
      gp_form_set_text (gp_form_line_get (line, "paid"), paid);
      gp_form_set_text (gp_form_line_get (line, "voucher"), pay->voucher);
      gp_form_set_text (gp_form_line_get (line, "invoice_no"), pay->invoice_no);
      gp_form_set_text (gp_form_line_get (line, "late_interest_ppm"), interest);
      adw_combo_row_set_selected (ADW_COMBO_ROW (trigger), pay->trigger);
      adw_combo_row_set_selected (ADW_COMBO_ROW (route), pay->funding_route);
    }
  else
    g_object_set_data_full (G_OBJECT (line), "gp-id", gp_uuid_new (), g_free);
  return line;
}

static void
load_lines (GpPaymentForm   *self,
            const GpProject *project)
{
  gp_form_lines_clear (self->payments_group, self->lines, self->fields, "payments[");
  for (guint i = 0; i < project->payments->len; i++)
    add_line (self, i, g_ptr_array_index (project->payments, i));
  self->n_lines = project->payments->len;
}

/* When an instalment falls due, in a few words for its summary. */
static const char *
trigger_words (GpPaymentTrigger trigger)
{
  switch (trigger)
    {
    /* Translators: an instalment's summary, when it falls due: 交付后. */
    case GP_PAYMENT_TRIGGER_DELIVERY:   return _("after delivery");
    /* Translators: an instalment's summary, when it falls due: 验收合格后. */
    case GP_PAYMENT_TRIGGER_ACCEPTANCE: return _("after acceptance");
    /* Translators: an instalment's summary, when it falls due: 按约定日期. */
    case GP_PAYMENT_TRIGGER_DATE:       return _("on the agreed date");
    case GP_PAYMENT_TRIGGER_UNSET:
    default:                            return NULL;
    }
}

/* "¥120,000.00 · 验收合格后 · 应于 2026年12月20日 前支付", or "… · 已于 … 支付" once paid. */
static char *
describe_instalment (const GpPayment *pay)
{
  g_autofree char *money = gp_money_format (pay->amount);
  const char *when = trigger_words (pay->trigger);
  g_autofree char *head = when != NULL ? g_strdup_printf ("%s · %s", money, when) : g_strdup (money);

  if (gp_date_is_set (&pay->paid))
    {
      g_autofree char *on = gp_form_format_date (&pay->paid);

      /* Translators: an instalment's summary: %s · 已于 %s 支付. */
      return g_strdup_printf (_("%s · paid on %s"), head, on);
    }
  if (gp_date_is_set (&pay->due))
    {
      g_autofree char *due = gp_form_format_date (&pay->due);

      /* Translators: an instalment's summary: %s · 应于 %s 前支付. */
      return g_strdup_printf (_("%s · due by %s"), head, due);
    }
  return g_steal_pointer (&head);
}

/* The readings: each line's due date and amount, the totals and the late-interest warning. */
static void
update_readings (GpPaymentForm   *self,
                 const GpProject *project)
{
  g_autoptr(GString) warning = g_string_new (NULL);
  gint64 sum = 0, paid = 0;
  gboolean sme = gp_enterprise_size_is_sme (supplier_size (project));

  for (guint i = 0; i < project->payments->len && i < self->lines->len; i++)
    {
      const GpPayment *pay = g_ptr_array_index (project->payments, i);
      AdwExpanderRow *line = g_ptr_array_index (self->lines, i);
      g_autofree char *subtitle = describe_instalment (pay);

      gp_money_add (sum, pay->amount, &sum);
      if (gp_date_is_set (&pay->paid))
        gp_money_add (paid, pay->amount, &paid);
      adw_expander_row_set_subtitle (line, subtitle);

      if (sme && gp_date_is_set (&pay->due))
        {
          const GDate *until = gp_date_is_set (&pay->paid) ? &pay->paid : &self->today;
          int late = g_date_days_between (&pay->due, until);

          if (late > 0)
            {
              g_autofree char *interest = gp_money_format (gp_sme_late_interest (pay->amount, (guint) late,
                                                                                   pay->late_interest_ppm));
              if (warning->len > 0)
                g_string_append_c (warning, '\n');
              /* Translators: the late-interest warning: 第 %u 期逾期 %d 天，应向中小企业支付逾期利息约 %s（保障中小企业款项支付条例 第17条）. */
              g_string_append_printf (warning, _("Instalment %u is %d days late: about %s of late interest is owed to the small or medium supplier (Regulations on Ensuring Payments to SMEs, Article 17)."),
                                      i + 1, late, interest);
            }
        }
    }

  {
    const GpContract *c = owed_contract (project);
    gint64 owed = c != NULL ? c->amount : 0;
    g_autofree char *owed_text = NULL;
    g_autofree char *paid_text = gp_money_format (paid);
    g_autofree char *sum_text = gp_money_format (sum);
    g_autofree char *so_far = NULL;

    if (c != NULL)
      for (guint k = 0; k < c->supplements->len; k++)
        gp_money_add (owed, ((GpSupplement *) g_ptr_array_index (c->supplements, k))->amount, &owed);
    else if (project->execution != NULL && project->execution->mall != NULL)
      owed = project->execution->mall->total;
    owed_text = gp_money_format (owed);
    adw_action_row_set_subtitle (self->owed_row, owed_text);
    /* 尚未支付: what the contract (with its supplements) still owes after what was paid. */
    {
      g_autofree char *left = gp_money_format (MAX (owed - paid, 0));

      adw_action_row_set_subtitle (self->paid_row, left);
    }
    /* 累计支付: what was paid (a payment date is set), beside what the instalments plan. */
    if (sum != paid)
      /* Translators: 累计支付 beside the planned total: %s（各期计划合计 %s）. */
      so_far = g_strdup_printf (_("%s (the instalments add up to %s)"), paid_text, sum_text);
    adw_action_row_set_subtitle (self->total_row, so_far != NULL ? so_far : paid_text);
    adw_action_row_set_subtitle (self->supplier_row,
                                 c != NULL && c->supplier.name != NULL ? c->supplier.name :
                                 project->execution != NULL && project->execution->mall != NULL &&
                                 project->execution->mall->supplier.name != NULL
                                 ? project->execution->mall->supplier.name : "—");
  }

  gtk_label_set_text (self->interest_label, warning->str);
  gtk_widget_set_visible (GTK_WIDGET (self->interest_label), warning->len > 0);
}

static void
lines_changed_cb (GpPaymentForm *self)
{
  if (self->loading)
    return;
  if (self->lines->len < self->n_lines && self->project != NULL)
    {
      g_autoptr(GpProject) scratch = gp_project_copy (self->project);

      gp_payment_form_store (GP_STAGE_FORM (self), scratch);
      self->loading = TRUE;
      load_lines (self, scratch);
      self->loading = FALSE;
    }
  emit_changed (self);
}

static void
add_payment_cb (GpPaymentForm *self)
{
  AdwExpanderRow *line = add_line (self, self->lines->len, NULL);

  self->n_lines = self->lines->len;
  adw_expander_row_set_expanded (line, TRUE);
  emit_changed (self);
}

/* ------------------------------------------------------------------------------------------------
 * GpStageForm
 */

static GpStage
gp_payment_form_get_stage (GpStageForm *form)
{
  return GP_STAGE_PAYMENT;
}

static void
gp_payment_form_load (GpStageForm              *form,
                      const GpProject          *project,
                      const GpStageFormContext *context)
{
  GpPaymentForm *self = GP_PAYMENT_FORM (form);

  if (context->today != NULL)
    self->today = *context->today;
  g_clear_pointer (&self->project, gp_project_free);
  self->project = gp_project_copy (project);

  self->loading = TRUE;
  load_lines (self, project);
  update_readings (self, project);
  gtk_widget_set_sensitive (self->box, context->editable);
  self->loading = FALSE;
}

static void
gp_payment_form_store (GpStageForm *form,
                       GpProject   *project)
{
  GpPaymentForm *self = GP_PAYMENT_FORM (form);
  const GpContract *c = owed_contract (project);
  gboolean sme = gp_enterprise_size_is_sme (supplier_size (project));
  g_autoptr(GPtrArray) old = g_ptr_array_ref (project->payments);

  project->payments = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_payment_free);
  for (guint i = 0; i < self->lines->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->lines, i);
      const char *id = g_object_get_data (G_OBJECT (line), "gp-id");
      GpPayment *pay = NULL;
      const char *interest;

      /* Keep what the form does not show (the approval) from the stored instalment. */
      for (guint k = 0; k < old->len && pay == NULL; k++)
        if (g_strcmp0 (((GpPayment *) g_ptr_array_index (old, k))->id, id) == 0)
          pay = gp_payment_copy (g_ptr_array_index (old, k));
      if (pay == NULL)
        {
          pay = gp_payment_new ();
          pay->id = g_strdup (id);
          pay->late_interest_ppm = -1;
        }
      if (pay->contract_id == NULL && c != NULL)
        pay->contract_id = g_strdup (c->id);
      pay->instalment = i + 1;
      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "amount"))), &pay->amount, NULL);
      pay->trigger = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (line), "trigger"));
      pay->funding_route = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (line), "funding_route"));
      gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "trigger_date"))), FALSE, &pay->trigger_date);
      gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "due"))), FALSE, &pay->due);
      gp_form_parse_date (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "paid"))), FALSE, &pay->paid);
      /* The due date computed from the trigger when the contract does not fix another. */
      if (!gp_date_is_set (&pay->due) && gp_date_is_set (&pay->trigger_date) && pay->trigger != GP_PAYMENT_TRIGGER_DATE)
        {
          pay->due = pay->trigger_date;
          g_date_add_days (&pay->due, sme ? SME_PAYMENT_DAYS : SME_PAYMENT_DAYS * 2);
        }
      else if (!gp_date_is_set (&pay->due) && pay->trigger == GP_PAYMENT_TRIGGER_DATE)
        pay->due = pay->trigger_date;
      g_free (pay->voucher);
      pay->voucher = gp_form_dup_text (gp_form_line_get (line, "voucher"));
      g_free (pay->invoice_no);
      pay->invoice_no = gp_form_dup_text (gp_form_line_get (line, "invoice_no"));
      interest = gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "late_interest_ppm")));
      pay->late_interest_ppm = *interest != '\0' ? (gint) (g_ascii_strtod (interest, NULL) * 10000 + 0.5) : -1;
      g_ptr_array_add (project->payments, pay);
    }
}

static void
gp_payment_form_show_problems (GpStageForm *form,
                               GPtrArray   *problems)
{
  GpPaymentForm *self = GP_PAYMENT_FORM (form);
  static const char * const prefixes[] = { "payments", NULL };
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_problem_free);

  /* The local readings of what was typed. */
  if (self->project != NULL)
    {
      g_autoptr(GpProject) scratch = gp_project_copy (self->project);

      gp_payment_form_store (form, scratch);
      update_readings (self, scratch);
    }
  for (guint i = 0; i < self->lines->len; i++)
    {
      AdwExpanderRow *line = g_ptr_array_index (self->lines, i);
      g_autofree char *path = g_strdup_printf ("payments[%u].amount", i);
      g_autofree char *message = NULL;
      gint64 fen;

      gp_form_parse_money (gtk_editable_get_text (GTK_EDITABLE (gp_form_line_get (line, "amount"))), &fen, &message);
      gp_form_fields_set_local (self->fields, path, message);
    }

  /* "The payments add up to more than the contract" is about the contract; it shows on the last
   * instalment's amount, where the officer typed it. */
  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *p = g_ptr_array_index (problems, i);

      if (g_str_equal (p->code, "payments-exceed-contract") && self->lines->len > 0)
        {
          g_autofree char *path = g_strdup_printf ("payments[%u].amount", self->lines->len - 1);

          g_ptr_array_add (mine, gp_problem_new (path, p->code, p->source, p->message));
        }
      else
        g_ptr_array_add (mine, gp_problem_copy (p));
    }

  gp_form_fields_show (self->fields, mine, prefixes, self->other_label);
  g_object_set_data (G_OBJECT (self), "gp-first-problem", gp_form_fields_get_first (self->fields));
}

static void
gp_payment_form_stage_form_init (GpStageFormInterface *iface)
{
  iface->get_stage = gp_payment_form_get_stage;
  iface->load = gp_payment_form_load;
  iface->store = gp_payment_form_store;
  iface->show_problems = gp_payment_form_show_problems;
}

static void
gp_payment_form_dispose (GObject *object)
{
  GpPaymentForm *self = GP_PAYMENT_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_PAYMENT_FORM);
  g_clear_pointer (&self->fields, gp_form_fields_free);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->project, gp_project_free);

  G_OBJECT_CLASS (gp_payment_form_parent_class)->dispose (object);
}

static void
gp_payment_form_class_init (GpPaymentFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_payment_form_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-payment-form.ui");
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, box);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, owed_row);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, paid_row);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, supplier_row);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, payments_group);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, total_row);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, interest_label);
  gtk_widget_class_bind_template_child (widget_class, GpPaymentForm, other_label);
  gtk_widget_class_bind_template_callback (widget_class, add_payment_cb);
}

static void
gp_payment_form_init (GpPaymentForm *self)
{
  self->fields = gp_form_fields_new ();
  self->lines = g_ptr_array_new ();
  gp_date_get_today (&self->today);
  gtk_widget_init_template (GTK_WIDGET (self));
}
