/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-deadlines.c: the legal deadlines of a project still ahead or overdue, for lists and reminders.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gp-deadlines.h"
#include "gp-error.h"
#include "gp-lifecycle-private.h"
#include "gp-money.h"

G_DEFINE_BOXED_TYPE (GpDeadline, gp_deadline, gp_deadline_copy, gp_deadline_free)

GpDeadline *
gp_deadline_copy (const GpDeadline *d)
{
  GpDeadline *copy;

  g_return_val_if_fail (d != NULL, NULL);

  copy = g_new0 (GpDeadline, 1);
  *copy = *d;
  copy->what = g_strdup (d->what);
  copy->action = g_strdup (d->action);
  copy->path = g_strdup (d->path);
  copy->source = g_strdup (d->source);
  return copy;
}

void
gp_deadline_free (GpDeadline *d)
{
  if (d == NULL)
    return;
  g_free (d->what);
  g_free (d->action);
  g_free (d->path);
  g_free (d->source);
  g_free (d);
}

typedef enum {
  PERIOD_PLAIN,     /* plain date arithmetic (a minimum lead time or a platform rule) */
  PERIOD_DAYS,      /* 日, with 民法典 第203条 (a last day on a rest day moves on) */
  PERIOD_WORKDAYS,  /* 工作日 */
} PeriodKind;

typedef struct {
  GpCalendar  *calendar;
  const GDate *today;
  GPtrArray   *list;
} Collector;

/* Adds a deadline that ends @n days after @start (or before it when @before). */
static gboolean
add_deadline (Collector   *col,
              const GDate *start,
              guint        n,
              PeriodKind   kind,
              gboolean     before,
              const char  *action,
              const char  *path,
              const char  *source,
              const char  *what,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GpDeadline *d = g_new0 (GpDeadline, 1);
  gboolean ok = TRUE;

  d->what = g_strdup (what);
  d->action = g_strdup (action);
  d->path = g_strdup (path ? path : "");
  d->source = g_strdup (source);
  d->working_days = kind == PERIOD_WORKDAYS;
  g_date_clear (&d->due, 1);
  g_date_clear (&d->surely, 1);

  switch (kind)
    {
    case PERIOD_PLAIN:
      d->due = *start;
      if (before)
        g_date_subtract_days (&d->due, n);
      else
        g_date_add_days (&d->due, n);
      break;
    case PERIOD_DAYS:
    case PERIOD_WORKDAYS:
      if (col->calendar == NULL)
        ok = FALSE;
      else if (kind == PERIOD_DAYS)
        ok = gp_calendar_add_days (col->calendar, start, n, &d->due, &local_error);
      else
        ok = gp_calendar_add_working_days (col->calendar, start, n, &d->due, &local_error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      if (local_error != NULL && !g_error_matches (local_error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE))
        {
          gp_deadline_free (d);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* No data for these years (or no calendar): say so, never guess. What is certain is that a
       * step within n 日 is in time (n 工作日 ≥ n 日; a holiday only moves an end later). */
      g_date_clear (&d->due, 1);
      if (!before)
        {
          d->surely = *start;
          g_date_add_days (&d->surely, n);
        }
      d->state = GP_DEADLINE_CALENDAR_MISSING;
      d->days_left = 0;
      g_ptr_array_add (col->list, d);
      return TRUE;
    }

  d->days_left = g_date_days_between (col->today, &d->due);
  if (d->days_left > 0)
    d->state = GP_DEADLINE_AHEAD;
  else if (d->days_left == 0)
    d->state = GP_DEADLINE_DUE_TODAY;
  else
    d->state = GP_DEADLINE_OVERDUE;
  g_ptr_array_add (col->list, d);
  return TRUE;
}

static gint64
paid_against (const GpProject *p,
              const char      *contract_id,
              gboolean         any_contract)
{
  gint64 sum = 0;

  for (guint i = 0; i < p->payments->len; i++)
    {
      const GpPayment *pay = g_ptr_array_index (p->payments, i);

      if (!gp_date_is_set (&pay->paid))
        continue;
      if (any_contract || g_strcmp0 (pay->contract_id, contract_id) == 0)
        gp_money_add (sum, pay->amount, &sum);
    }
  return sum;
}

static gboolean
has_unpaid_record (const GpProject *p,
                   const char      *contract_id,
                   gboolean         any_contract)
{
  for (guint i = 0; i < p->payments->len; i++)
    {
      const GpPayment *pay = g_ptr_array_index (p->payments, i);

      if (!gp_date_is_set (&pay->paid) &&
          (any_contract || g_strcmp0 (pay->contract_id, contract_id) == 0))
        return TRUE;
    }
  return FALSE;
}

static GpEnterpriseSize
payment_supplier_size (const GpProject *p,
                       const GpPayment *pay)
{
  const GpContract *c = pay->contract_id ? gp_project_find_contract (p, pay->contract_id) : NULL;

  if (c != NULL)
    return c->supplier.size;
  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_MALL && p->execution->mall)
    return p->execution->mall->supplier.size;
  return GP_ENTERPRISE_SIZE_UNSET;
}

static gboolean
collect_payments (const GpProject *p,
                  Collector       *col,
                  GpRuleValues    *rv,
                  GError         **error)
{
  const GpMallOrder *order = NULL;

  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_MALL)
    order = p->execution->mall;

  /* Each recorded, unpaid instalment. */
  for (guint i = 0; i < p->payments->len; i++)
    {
      const GpPayment *pay = g_ptr_array_index (p->payments, i);
      g_autofree char *path = g_strdup_printf ("payments[%u].paid", i);
      gboolean sme = gp_enterprise_size_is_sme (payment_supplier_size (p, pay));
      GpDeadline *d;

      if (gp_date_is_set (&pay->paid))
        continue;

      if (gp_date_is_set (&pay->due))
        {
          if (!add_deadline (col, &pay->due, 0, PERIOD_PLAIN, FALSE, "record_payment", path,
                             sme ? gp_sme_payment_source (&pay->trigger_date, "term")
                                 : SRC_L2 ("第51条"),
                             _("Pay the instalment by the agreed due date"), error))
            return FALSE;
        }
      else if (sme && gp_date_is_set (&pay->trigger_date) && pay->trigger != GP_PAYMENT_TRIGGER_DATE)
        {
          /* 30 日 from delivery, or from acceptance when payment depends on it. */
          if (!add_deadline (col, &pay->trigger_date, 30, PERIOD_DAYS, FALSE, "record_payment", path,
                             pay->trigger == GP_PAYMENT_TRIGGER_ACCEPTANCE
                               ? gp_sme_payment_source (&pay->trigger_date, "acceptance")
                               : gp_sme_payment_source (&pay->trigger_date, "term"),
                             _("Pay the small or medium supplier within 30 days"), error))
            return FALSE;
        }
      else
        continue;

      d = g_ptr_array_index (col->list, col->list->len - 1);
      if (sme && d->state == GP_DEADLINE_OVERDUE)
        {
          d->late_interest = gp_sme_late_interest (pay->amount, (guint)-d->days_left,
                                                   pay->late_interest_ppm);
          g_free (d->source);
          d->source = g_strdup_printf ("%s; %s", gp_sme_payment_source (&pay->trigger_date, "term"),
                                       gp_sme_payment_source (&pay->trigger_date, "interest"));
        }
    }

  /* An e-mall order delivered and not fully paid. */
  if (order != NULL && gp_datetime_is_set (order->delivered) &&
      paid_against (p, NULL, TRUE) < order->total)
    {
      GDate delivered;

      gp_date_from_usec_china (order->delivered, &delivered);
      /* [P8] 45 days to upload the payment voucher (plain days: a platform rule, not a statute). */
      if (g_date_compare (&delivered, &rv->mall_voucher_from) >= 0 &&
          !add_deadline (col, &delivered, rv->mall_voucher_days, PERIOD_PLAIN, FALSE,
                         "record_payment", "payments", SRC_P8,
                         _("Upload the payment voucher in the e-mall"), error))
        return FALSE;
      if (gp_enterprise_size_is_sme (order->supplier.size) && !has_unpaid_record (p, NULL, TRUE) &&
          !add_deadline (col, &delivered, 30, PERIOD_DAYS, FALSE, "record_payment", "payments",
                         gp_sme_payment_source (&delivered, "term"),
                         _("Pay the small or medium supplier within 30 days of delivery"), error))
        return FALSE;
    }

  /* A contract accepted, owed to an SME, with no instalment recorded: 30 日 from acceptance. */
  for (guint i = 0; i < p->acceptances->len; i++)
    {
      const GpAcceptance *a = g_ptr_array_index (p->acceptances, i);
      const GpContract *c = a->contract_id ? gp_project_find_contract (p, a->contract_id) : NULL;

      if (c == NULL || a->conclusion != GP_ACCEPTANCE_CONCLUSION_PASS || !gp_date_is_set (&a->date) ||
          !gp_enterprise_size_is_sme (c->supplier.size) || has_unpaid_record (p, c->id, FALSE) ||
          paid_against (p, c->id, FALSE) >= gp_contract_total (c))
        continue;
      if (!add_deadline (col, &a->date, 30, PERIOD_DAYS, FALSE, "record_payment", "payments",
                         gp_sme_payment_source (&a->date, "acceptance"),
                         _("Pay the small or medium supplier within 30 days of acceptance"), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * gp_project_deadlines_with_rules:
 * @project: a project
 * @calendar: (nullable): the working-day calendar; without it, deadlines counted with it are
 *   flagged %GP_DEADLINE_CALENDAR_MISSING
 * @rules: (nullable): the rules (intention lead time, e-mall voucher rule); %NULL for the defaults
 * @today: today's date (China time)
 * @error: any calendar error other than %GP_CORE_ERROR_OUT_OF_RANGE
 *
 * The legal deadlines of @project still ahead or overdue: publishing the intention, confirming
 * the result (5 工作日) and the award notice (2 工作日, 实施条例 第43条), the challenge window
 * (7 工作日, 政府采购法 第52条), signing (30 日, 第46条), publishing (2 工作日, 实施条例 第50条)
 * and filing (7 工作日, 第47条) each contract, paying each instalment (SME: 30 日, 保障中小企业款项
 * 支付条例), and the e-mall payment voucher (45 days [P8]).
 *
 * Returns: (transfer full) (element-type GpDeadline) (nullable): the deadlines, or %NULL with @error
 */
GPtrArray *
gp_project_deadlines_with_rules (const GpProject *p,
                                 GpCalendar      *calendar,
                                 GpRules         *rules,
                                 const GDate     *today,
                                 GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)gp_deadline_free);
  g_autoptr(GpRules) own_rules = NULL;
  const GpEntrustedProcurement *e = NULL;
  GpRuleValues rv;
  Collector col;
  int year;

  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (calendar == NULL || GP_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (gp_lifecycle_is_read_only (p, rules) || gp_project_state_is_terminal (p->status))
    return g_steal_pointer (&list);

  if (rules == NULL)
    rules = own_rules = gp_rules_new_default ();
  year = g_date_get_year (today);
  if (p->plan != NULL && gp_date_is_set (&p->plan->planned_start))
    year = g_date_get_year (&p->plan->planned_start);
  gp_rules_lookup (rules, p->region, year, &rv);

  col.calendar = calendar;
  col.today = today;
  col.list = list;

  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_ENTRUSTED)
    e = p->execution->entrusted;

  switch (p->status)
    {
    case GP_PROJECT_STATE_INTENT_DRAFT:
      /* 财库〔2020〕10号: publish ≥ 30 日 before the expected month begins. */
      if (p->intention != NULL && gp_date_is_set (&p->intention->expected_month) &&
          !p->intention->exempt && gp_lifecycle_is_government_procurement (p, rules) &&
          g_date_compare (&p->intention->expected_month, &rv.intention_required_from) >= 0 &&
          !add_deadline (&col, &p->intention->expected_month, rv.intention_lead_days, PERIOD_PLAIN,
                         TRUE, "publish_intention", "intention.published", SRC_P2,
                         _("Publish the procurement intention 30 days before the expected month"),
                         error))
        return NULL;
      break;

    case GP_PROJECT_STATE_EVALUATED:
      if (e != NULL && gp_date_is_set (&e->report_sent) &&
          !add_deadline (&col, &e->report_sent, 5, PERIOD_WORKDAYS, FALSE, "confirm_result",
                         "execution.entrusted.result_confirmed", SRC_L2 ("第43条"),
                         _("Confirm the winning supplier from the evaluation report"), error))
        return NULL;
      break;

    case GP_PROJECT_STATE_RESULT_CONFIRMED:
      if (e != NULL && gp_date_is_set (&e->result_confirmed) &&
          !add_deadline (&col, &e->result_confirmed, 2, PERIOD_WORKDAYS, FALSE, "award",
                         "execution.entrusted.award_notice", SRC_L2 ("第43条"),
                         _("Send the award notice and publish the result"), error))
        return NULL;
      break;

    case GP_PROJECT_STATE_AWARDED:
      if (e != NULL && gp_date_is_set (&e->award_notice))
        {
          if (!add_deadline (&col, &e->award_notice, 7, PERIOD_WORKDAYS, FALSE, "challenge", "",
                             SRC_L1 ("第52条"),
                             _("Suppliers may challenge the result until this day"), error) ||
              !add_deadline (&col, &e->award_notice, 30, PERIOD_DAYS, FALSE, "sign_contract",
                             "contracts", SRC_L1 ("第46条"),
                             _("Sign the contract within 30 days of the award notice"), error))
            return NULL;
        }
      break;

    case GP_PROJECT_STATE_INTENT_PUBLISHED:
    case GP_PROJECT_STATE_PLAN_DRAFT:
    case GP_PROJECT_STATE_PLAN_SUBMITTED:
    case GP_PROJECT_STATE_PLAN_FILED:
    case GP_PROJECT_STATE_MALL_ORDERING:
    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED:
    case GP_PROJECT_STATE_ENTRUSTED:
    case GP_PROJECT_STATE_DOCS_CONFIRMED:
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:
    case GP_PROJECT_STATE_BID_CLOSED:
    case GP_PROJECT_STATE_CHALLENGED:
    case GP_PROJECT_STATE_CONTRACT_SIGNED:
    case GP_PROJECT_STATE_CONTRACT_PUBLISHED:
    case GP_PROJECT_STATE_CONTRACT_FILED:
    case GP_PROJECT_STATE_IN_PERFORMANCE:
    case GP_PROJECT_STATE_DELIVERED:
    case GP_PROJECT_STATE_ACCEPTED:
    case GP_PROJECT_STATE_ACCEPTANCE_FAILED:
    case GP_PROJECT_STATE_PAYING:
    case GP_PROJECT_STATE_PAID:
    case GP_PROJECT_STATE_CLOSED:
    case GP_PROJECT_STATE_FAILED:
    case GP_PROJECT_STATE_TERMINATED:
    case GP_PROJECT_STATE_LEGACY:
    default:
      break;
    }

  /* Every signed contract not yet published or filed. */
  for (guint i = 0; i < p->contracts->len; i++)
    {
      const GpContract *c = g_ptr_array_index (p->contracts, i);
      g_autofree char *pub_path = g_strdup_printf ("contracts[%u].published_on", i);
      g_autofree char *file_path = g_strdup_printf ("contracts[%u].filed_on", i);

      if (!gp_date_is_set (&c->signed_on))
        continue;
      if (!gp_date_is_set (&c->published_on) &&
          !add_deadline (&col, &c->signed_on, 2, PERIOD_WORKDAYS, FALSE, "publish_contract",
                         pub_path, SRC_L2 ("第50条"),
                         _("Publish the contract within 2 working days of signing"), error))
        return NULL;
      if (!gp_date_is_set (&c->filed_on) &&
          !add_deadline (&col, &c->signed_on, 7, PERIOD_WORKDAYS, FALSE, "submit_contract_filing",
                         file_path, SRC_L1 ("第47条"),
                         _("File the contract within 7 working days of signing"), error))
        return NULL;
    }

  if (!collect_payments (p, &col, &rv, error))
    return NULL;

  return g_steal_pointer (&list);
}

/**
 * gp_project_deadlines:
 * @project: a project
 * @calendar: (nullable): the working-day calendar
 * @today: today's date (China time)
 * @error: see gp_project_deadlines_with_rules()
 *
 * gp_project_deadlines_with_rules() with the built-in rules.
 *
 * Returns: (transfer full) (element-type GpDeadline) (nullable): the deadlines
 */
GPtrArray *
gp_project_deadlines (const GpProject *p,
                      GpCalendar      *calendar,
                      const GDate     *today,
                      GError         **error)
{
  return gp_project_deadlines_with_rules (p, calendar, NULL, today, error);
}
