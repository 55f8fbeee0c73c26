/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-deadlines.c: the legal deadlines of a project, in 日 and 工作日, and their states.
 */
#include "config.h"

#include <locale.h>

#include "gp-deadlines.h"
#include "gp-test-lifecycle-fixtures.h"

static GPtrArray *
deadlines_on (const GpProject *p,
              const char      *today_iso,
              GpCalendar      *calendar)
{
  GDate today = fx_date (today_iso);
  g_autoptr(GError) error = NULL;
  GPtrArray *list = gp_project_deadlines (p, calendar, &today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    {
      const GpDeadline *d = g_ptr_array_index (list, i);
      g_autofree char *due = fx_iso (&d->due);

      g_test_message ("%s %s due %s (%d days, state %d) [%s]", d->action, d->path, due,
                      d->days_left, d->state, d->source);
    }
  return list;
}

static const GpDeadline *
find (GPtrArray  *list,
      const char *action)
{
  for (guint i = 0; i < list->len; i++)
    {
      const GpDeadline *d = g_ptr_array_index (list, i);

      if (g_str_equal (d->action, action))
        return d;
    }
  g_error ("no deadline for %s", action);
  return NULL;
}

static gboolean
has (GPtrArray  *list,
     const char *action)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((GpDeadline *)g_ptr_array_index (list, i))->action, action))
      return TRUE;
  return FALSE;
}

static void
assert_due (const GpDeadline *d,
            const char       *iso)
{
  g_autofree char *due = fx_iso (&d->due);

  g_assert_cmpstr (due, ==, iso);
}

/* 政府采购法 第47条 / 实施条例 第50条 around National Day 2024 (调休 09-29 and 10-12). */
static void
test_contract_publish_and_file_in_working_days (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_SIGNED);
  g_autoptr(GPtrArray) list = NULL;
  const GpDeadline *publish, *file;

  ((GpContract *)g_ptr_array_index (p->contracts, 0))->signed_on = fx_date ("2024-09-27");
  list = deadlines_on (p, "2024-09-30", fx_calendar);
  publish = find (list, "publish_contract");
  file = find (list, "submit_contract_filing");

  /* Sunday 09-29 is a working day: the 2nd working day is Monday 09-30. */
  assert_due (publish, "2024-09-30");
  g_assert_cmpint (publish->state, ==, GP_DEADLINE_DUE_TODAY);
  g_assert_true (publish->working_days);
  g_assert_cmpstr (publish->source, ==, "政府采购法实施条例 第50条");
  g_assert_cmpstr (publish->path, ==, "contracts[0].published_on");
  /* 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, Saturday 10-12. */
  assert_due (file, "2024-10-12");
  g_assert_cmpint (file->state, ==, GP_DEADLINE_AHEAD);
  g_assert_cmpint (file->days_left, ==, 12);
  g_assert_cmpstr (file->source, ==, "政府采购法 第47条");
}

static void
test_overdue_filing (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  g_autoptr(GPtrArray) list = deadlines_on (p, "2024-06-03", fx_calendar);
  const GpDeadline *file = find (list, "submit_contract_filing");

  assert_due (file, "2024-05-29");
  g_assert_cmpint (file->state, ==, GP_DEADLINE_OVERDUE);
  g_assert_cmpint (file->days_left, ==, -5);
  /* Published already: no publication deadline. */
  g_assert_false (has (list, "publish_contract"));
}

/* 政府采购法 第46条 in 日, with 民法典 第203条: 09-01 + 30 = 10-01, a holiday, so 10-08. */
static void
test_signing_deadline_moves_past_holiday (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_AWARDED);
  g_autoptr(GPtrArray) list = NULL;
  const GpDeadline *sign, *challenge;

  p->execution->entrusted->award_notice = fx_date ("2024-09-01");
  list = deadlines_on (p, "2024-09-02", fx_calendar);
  sign = find (list, "sign_contract");
  assert_due (sign, "2024-10-08");
  g_assert_false (sign->working_days);
  g_assert_cmpstr (sign->source, ==, "政府采购法 第46条");
  challenge = find (list, "challenge");
  assert_due (challenge, "2024-09-10");
}

static void
test_result_and_award_deadlines (void)
{
  g_autoptr(GpProject) evaluated = fx_project (GP_PROJECT_STATE_EVALUATED);
  g_autoptr(GpProject) confirmed = fx_project (GP_PROJECT_STATE_RESULT_CONFIRMED);
  g_autoptr(GPtrArray) a = deadlines_on (evaluated, "2024-05-06", fx_calendar);
  g_autoptr(GPtrArray) b = deadlines_on (confirmed, "2024-05-06", fx_calendar);

  /* Report 04-30; May Day 05-01…05-05: the 5th working day is 05-10. */
  assert_due (find (a, "confirm_result"), "2024-05-10");
  /* Confirmed 05-06: 2 working days → 05-08. */
  assert_due (find (b, "award"), "2024-05-08");
}

/* 财库〔2020〕10号: publish 30 日 before the expected month. */
static void
test_intention_publish_by (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  g_autoptr(GPtrArray) list = deadlines_on (p, "2024-02-20", fx_calendar);
  g_autoptr(GpProject) small = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  g_autoptr(GPtrArray) none = NULL;

  assert_due (find (list, "publish_intention"), "2024-03-02");
  /* Below the 采购限额标准 there is no intention to publish [P10]. */
  small->intention->budget = WAN (50);
  none = deadlines_on (small, "2024-02-20", fx_calendar);
  g_assert_false (has (none, "publish_intention"));
}

/* 保障中小企业款项支付条例: 30 日 from acceptance, then 0.05% a day. */
static void
test_sme_payment_overdue_with_interest (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  g_autoptr(GPtrArray) ahead = NULL;
  g_autoptr(GPtrArray) late = NULL;
  const GpDeadline *d;

  pay->amount = WAN (100);
  ahead = deadlines_on (p, "2024-07-10", fx_calendar);
  d = find (ahead, "record_payment");
  /* 07-01 + 30 = 07-31 (a Wednesday). */
  assert_due (d, "2024-07-31");
  g_assert_cmpint (d->state, ==, GP_DEADLINE_AHEAD);
  g_assert_cmpint (d->late_interest, ==, 0);
  g_assert_cmpstr (d->source, ==, "保障中小企业款项支付条例(2020) 第9条");

  late = deadlines_on (p, "2024-08-10", fx_calendar);
  d = find (late, "record_payment");
  g_assert_cmpint (d->state, ==, GP_DEADLINE_OVERDUE);
  g_assert_cmpint (d->days_left, ==, -10);
  g_assert_cmpint (d->late_interest, ==, 500000);  /* 100万 × 0.05% × 10 = 5000元 */
  g_assert_nonnull (strstr (d->source, "第15条"));
}

static void
test_agreed_due_date_and_large_supplier (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  g_autoptr(GPtrArray) agreed = NULL;
  g_autoptr(GPtrArray) large = NULL;

  pay->due = fx_date ("2024-08-20");
  agreed = deadlines_on (p, "2024-07-10", fx_calendar);
  assert_due (find (agreed, "record_payment"), "2024-08-20");

  g_date_clear (&pay->due, 1);
  ((GpContract *)g_ptr_array_index (p->contracts, 0))->supplier.size = GP_ENTERPRISE_SIZE_LARGE;
  large = deadlines_on (p, "2024-07-10", fx_calendar);
  g_assert_false (has (large, "record_payment"));
}

/* 2025 revision in force from 2025-06-01: same rule, new article numbers. */
static void
test_sme_source_follows_regulation_version (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  g_autoptr(GPtrArray) list = NULL;

  pay->trigger = GP_PAYMENT_TRIGGER_DELIVERY;
  pay->trigger_date = fx_date ("2025-07-01");
  list = deadlines_on (p, "2025-07-02", fx_calendar);
  g_assert_cmpstr (find (list, "record_payment")->source, ==, "保障中小企业款项支付条例(2025) 第9条");
}

/* [P8]: 45 days after the supplier confirms delivery, from 2025. */
static void
test_mall_voucher_deadline (void)
{
  g_autoptr(GpProject) p2024 = fx_mall_project (GP_PROJECT_STATE_DELIVERED);
  g_autoptr(GpProject) p2025 = fx_mall_project (GP_PROJECT_STATE_DELIVERED);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gboolean voucher = FALSE;

  before = deadlines_on (p2024, "2024-04-01", fx_calendar);
  for (guint i = 0; i < before->len; i++)
    voucher |= g_str_equal (((GpDeadline *)g_ptr_array_index (before, i))->source, "广东电子卖场支付凭证规则 [P8]");
  g_assert_false (voucher);
  /* The micro supplier is still owed payment within 30 日 of delivery. */
  g_assert_true (has (before, "record_payment"));

  p2025->execution->mall->delivered = fx_usec ("2025-03-03");
  after = deadlines_on (p2025, "2025-03-10", fx_calendar);
  for (guint i = 0; i < after->len; i++)
    {
      const GpDeadline *d = g_ptr_array_index (after, i);

      if (g_str_equal (d->source, "广东电子卖场支付凭证规则 [P8]"))
        {
          assert_due (d, "2025-04-17");
          voucher = TRUE;
        }
    }
  g_assert_true (voucher);
}

/* Beyond the calendar's years, or without a calendar: flagged, never guessed. */
static void
test_missing_calendar_is_flagged (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_SIGNED);
  g_autoptr(GPtrArray) beyond = NULL;
  g_autoptr(GPtrArray) without = NULL;
  const GpDeadline *d;

  ((GpContract *)g_ptr_array_index (p->contracts, 0))->signed_on = fx_date ("2031-12-29");
  beyond = deadlines_on (p, "2031-12-30", fx_calendar);
  d = find (beyond, "submit_contract_filing");
  g_assert_cmpint (d->state, ==, GP_DEADLINE_CALENDAR_MISSING);
  g_assert_false (g_date_valid (&d->due));
  /* What is certain: sent within 7 日 of signing, it is within the 7 工作日 whatever the holidays. */
  g_assert_true (g_date_valid (&d->surely));
  g_assert_cmpint (g_date_get_year (&d->surely), ==, 2032);
  g_assert_cmpint (g_date_get_month (&d->surely), ==, 1);
  g_assert_cmpint (g_date_get_day (&d->surely), ==, 5);

  ((GpContract *)g_ptr_array_index (p->contracts, 0))->signed_on = fx_date ("2024-05-20");
  without = deadlines_on (p, "2024-05-21", NULL);
  d = find (without, "publish_contract");
  g_assert_cmpint (d->state, ==, GP_DEADLINE_CALENDAR_MISSING);
}

static void
test_finished_and_legacy_projects_have_none (void)
{
  g_autoptr(GpProject) closed = fx_project (GP_PROJECT_STATE_CLOSED);
  g_autoptr(GpProject) legacy = fx_project (GP_PROJECT_STATE_CONTRACT_SIGNED);
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;

  a = deadlines_on (closed, "2024-07-20", fx_calendar);
  g_assert_cmpuint (a->len, ==, 0);
  legacy->created = fx_usec ("2020-11-01");
  b = deadlines_on (legacy, "2024-05-21", fx_calendar);
  g_assert_cmpuint (b->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  fx_init (&argc, &argv);

  g_test_add_func ("/core/deadlines/contract-publish-and-file-count-working-days (政府采购法第47条 实施条例第50条)",
                   test_contract_publish_and_file_in_working_days);
  g_test_add_func ("/core/deadlines/late-filing-is-overdue (政府采购法第47条)", test_overdue_filing);
  g_test_add_func ("/core/deadlines/signing-deadline-moves-past-holiday (政府采购法第46条 民法典第203条)",
                   test_signing_deadline_moves_past_holiday);
  g_test_add_func ("/core/deadlines/result-and-award-in-working-days (实施条例第43条)",
                   test_result_and_award_deadlines);
  g_test_add_func ("/core/deadlines/intention-publish-by (财库〔2020〕10号)", test_intention_publish_by);
  g_test_add_func ("/core/deadlines/sme-payment-overdue-owes-interest (保障中小企业款项支付条例)",
                   test_sme_payment_overdue_with_interest);
  g_test_add_func ("/core/deadlines/agreed-due-date-and-large-supplier (实施条例第51条)",
                   test_agreed_due_date_and_large_supplier);
  g_test_add_func ("/core/deadlines/sme-source-follows-regulation-version (保障中小企业款项支付条例2025)",
                   test_sme_source_follows_regulation_version);
  g_test_add_func ("/core/deadlines/mall-voucher-within-45-days-from-2025 ([P8])", test_mall_voucher_deadline);
  g_test_add_func ("/core/deadlines/missing-calendar-is-flagged (民法典第201条)", test_missing_calendar_is_flagged);
  g_test_add_func ("/core/deadlines/finished-and-legacy-projects-have-none (粤财采购函〔2020〕59号)",
                   test_finished_and_legacy_projects_have_none);

  ret = g_test_run ();
  g_clear_object (&fx_rules);
  g_clear_object (&fx_calendar);
  return ret;
}
