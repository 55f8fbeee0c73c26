/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-lifecycle.c: the project state machine (DOMAIN.md §5) with its roles, duties and legal guards.
 *
 * One table row per action: from-states, to-state, roles, purchaser duty, source, notice. Each row
 * has a guard (the legal rules, every failing one reported as a GpProblem) and an apply function
 * (what the action records, with dates stamped from the context's official time).
 *
 * Statutory periods are constants here, each beside its article. Values that the law leaves to the
 * province or that no source confirmed are in GpRules (gp-rules.c, data/rules/guangdong.ini).
 *
 * Deadlines on an act that must still happen (sign, publish, file a contract) refuse the act when
 * it is late unless the context carries a written explanation (ctx->reason, kept by the server's
 * audit log): refusing for ever would leave the contract unpublished or unfiled, which is worse.
 * Minimum periods (20 日 for a tender, 30 日 for an intention) and amounts (10% supplements,
 * contract = award) are never waived.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gp-error.h"
#include "gp-ids.h"
#include "gp-lifecycle-private.h"
#include "gp-money.h"

/* Statutory periods. */
#define TENDER_MIN_DAYS            20  /* 政府采购法 第35条: documents → bid deadline, 日 */
#define TENDER_DOCS_MIN_WORKDAYS    5  /* 实施条例 第31条: documents available, 工作日 */
#define TENDER_CORRECTION_MIN_DAYS 15  /* 实施条例 第31条: clarification ≥ 15 日 before the deadline */
#define CONSULT_MIN_DAYS           10  /* 财库〔2014〕214号 第10条: 磋商 documents → first response, 日 */
#define CONSULT_CORRECTION_MIN_DAYS 5  /* 财库〔2014〕214号 第10条: clarification ≥ 5 日 before */
#define NEGOTIATION_MIN_WORKDAYS    3  /* 财政部令第74号 第29条 (谈判) / 第45条 (询价), 工作日 */
#define SINGLE_SOURCE_MIN_WORKDAYS  5  /* 实施条例 第38条: publicity of the only supplier, 工作日 */
#define MIN_VALID_BIDS              3  /* 政府采购法 第36条, 第38条, 第40条 */
#define CHALLENGE_WORKDAYS          7  /* 政府采购法 第52条 */
#define CONTRACT_SIGN_DAYS         30  /* 政府采购法 第46条 */
#define CONTRACT_PUBLISH_WORKDAYS   2  /* 实施条例 第50条 */
#define CONTRACT_FILE_WORKDAYS      7  /* 政府采购法 第47条 */
#define SUPPLEMENT_MAX_BP        1000  /* 政府采购法 第49条: 10% */

#define S(state) GP_STATE_BIT (GP_PROJECT_STATE_##state)
#define R(role)  GP_ROLE_BIT (GP_ROLE_##role)

#define PRE_AWARD (S (INTENT_DRAFT) | S (INTENT_PUBLISHED) | S (PLAN_DRAFT) | S (PLAN_SUBMITTED) | \
                   S (PLAN_FILED) | S (MALL_ORDERING) | S (ENTRUSTED) | S (DOCS_CONFIRMED) | \
                   S (NOTICE_PUBLISHED) | S (BID_CLOSED) | S (EVALUATED) | S (RESULT_CONFIRMED) | \
                   S (FAILED))
#define AFTER_FILING (S (CONTRACT_FILED) | S (IN_PERFORMANCE) | S (DELIVERED) | S (ACCEPTED) | \
                      S (ACCEPTANCE_FAILED) | S (PAYING))

static const GpTransition transitions[] = {
  /* 1. 采购意向公开 */
  { "publish_intention", S (INTENT_DRAFT), GP_PROJECT_STATE_INTENT_PUBLISHED,
    R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD,
    SRC_P2, "59", "采购意向公开" },
  /* The unit's 审核 approves the pending document (DOMAIN.md §7). */
  { "approve_internal",
    S (INTENT_DRAFT) | S (PLAN_DRAFT) | S (MALL_ORDERING) | S (CONTRACT_SIGNED) |
    S (CONTRACT_PUBLISHED) | S (DELIVERED) | S (ACCEPTED) | S (PAYING),
    GP_PROJECT_STATE_INTENT_DRAFT, R (PURCHASER), GP_DUTY_REVIEWER, GP_TRANSITION_STAYS,
    SRC_DOMAIN7, NULL, NULL },
  /* 2. 采购计划 drafting starts (after the intention, or exempt/not required). */
  { "start_plan", S (INTENT_DRAFT) | S (INTENT_PUBLISHED), GP_PROJECT_STATE_PLAN_DRAFT,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_NONE,
    SRC_L2 ("第29条"), NULL, NULL },
  /* 3. */
  { "submit_plan", S (PLAN_DRAFT), GP_PROJECT_STATE_PLAN_SUBMITTED,
    R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD,
    SRC_L1 ("第27条") "; " SRC_L2 ("第29条") "; " SRC_P2, NULL, NULL },
  /* 4. 备案 by the finance department, or 退回. */
  { "file_plan", S (PLAN_SUBMITTED), GP_PROJECT_STATE_PLAN_FILED,
    R (SUPERVISOR), GP_DUTY_NONE, GP_TRANSITION_FORWARD,
    SRC_L2 ("第29条") "; " SRC_L2 ("第23条"), "001101", "采购计划" },
  { "return_plan", S (PLAN_SUBMITTED), GP_PROJECT_STATE_PLAN_DRAFT,
    R (SUPERVISOR), GP_DUTY_NONE, GP_TRANSITION_NEEDS_REASON,
    SRC_L2 ("第29条"), NULL, NULL },
  /* 5a. 电子卖场 */
  { "start_mall_order", S (PLAN_FILED), GP_PROJECT_STATE_MALL_ORDERING,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_NONE,
    SRC_P9 "; " SRC_P1 " §四", NULL, NULL },
  { "submit_mall_order", S (MALL_ORDERING), GP_PROJECT_STATE_MALL_ORDERING,
    R (PURCHASER), GP_DUTY_NONE,
    GP_TRANSITION_STAYS | GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD,
    SRC_P9, NULL, NULL },
  { "confirm_mall_order", S (MALL_ORDERING), GP_PROJECT_STATE_MALL_ORDER_CONFIRMED,
    R (SUPPLIER), GP_DUTY_NONE, GP_TRANSITION_NONE,
    SRC_P9, NULL, NULL },
  /* 5b. 委托代理 */
  { "entrust", S (PLAN_FILED), GP_PROJECT_STATE_PLAN_FILED,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_STAYS,
    SRC_L1 ("第18条"), NULL, NULL },
  { "accept_entrustment", S (PLAN_FILED), GP_PROJECT_STATE_ENTRUSTED,
    R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_SELF_PROCUREMENT,
    SRC_L1 ("第18条"), NULL, NULL },
  /* 6. */
  { "confirm_documents", S (ENTRUSTED), GP_PROJECT_STATE_DOCS_CONFIRMED,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_FORWARD,
    SRC_L2 ("第30条") "; " SRC_L2 ("第33条"), "001059", "采购需求" },
  /* 7. */
  { "publish_notice", S (DOCS_CONFIRMED), GP_PROJECT_STATE_NOTICE_PUBLISHED,
    R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_SELF_PROCUREMENT | GP_TRANSITION_FORWARD,
    SRC_L1 ("第35条") "; " SRC_L2 ("第31条") "; " SRC_P5_CONSULT "; " SRC_P5_NONTENDER,
    "00101", "采购公告" },
  /* 8. */
  { "correct_notice", S (NOTICE_PUBLISHED), GP_PROJECT_STATE_NOTICE_PUBLISHED,
    R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_STAYS | GP_TRANSITION_SELF_PROCUREMENT,
    SRC_L2 ("第31条") "; " SRC_P5_CONSULT, "00103", "更正公告" },
  /* 9. */
  { "close_bids", S (NOTICE_PUBLISHED), GP_PROJECT_STATE_BID_CLOSED,
    R (SYSTEM) | R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_SELF_PROCUREMENT | GP_TRANSITION_FORWARD,
    SRC_L1 ("第35条"), NULL, NULL },
  /* 10. */
  { "record_evaluation", S (BID_CLOSED), GP_PROJECT_STATE_EVALUATED,
    R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_SELF_PROCUREMENT | GP_TRANSITION_FORWARD,
    SRC_L1 ("第36条") "; " SRC_L2 ("第43条"), NULL, NULL },
  { "fail_tender", S (NOTICE_PUBLISHED) | S (BID_CLOSED) | S (EVALUATED) | S (CHALLENGED),
    GP_PROJECT_STATE_FAILED,
    R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_NEEDS_REASON | GP_TRANSITION_SELF_PROCUREMENT,
    SRC_L1 ("第36条"), "001004", "终止公告" },
  { "retender", S (FAILED), GP_PROJECT_STATE_ENTRUSTED,
    R (AGENCY) | R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_NONE,
    SRC_L1 ("第37条"), NULL, NULL },
  /* 11. */
  { "confirm_result", S (EVALUATED), GP_PROJECT_STATE_RESULT_CONFIRMED,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_FORWARD,
    SRC_L2 ("第43条"), NULL, NULL },
  /* 12. */
  { "award", S (RESULT_CONFIRMED), GP_PROJECT_STATE_AWARDED,
    R (AGENCY), GP_DUTY_NONE, GP_TRANSITION_SELF_PROCUREMENT | GP_TRANSITION_FORWARD,
    SRC_L2 ("第43条"), "00102", "中标(成交)结果公告" },
  /* 13. */
  { "challenge", S (AWARDED), GP_PROJECT_STATE_CHALLENGED,
    R (SUPPLIER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_REASON,
    SRC_L1 ("第52条"), NULL, NULL },
  { "resolve_challenge", S (CHALLENGED), GP_PROJECT_STATE_AWARDED,
    R (SUPERVISOR) | R (AGENCY) | R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_REASON,
    SRC_L1 ("第53条") "; " SRC_L1 ("第56条"), NULL, NULL },
  /* 14. */
  { "sign_contract", S (AWARDED), GP_PROJECT_STATE_CONTRACT_SIGNED,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_FORWARD,
    SRC_L1 ("第46条") "; " SRC_L2 ("第48条") "; " SRC_P18, NULL, NULL },
  /* 15. */
  { "publish_contract", S (CONTRACT_SIGNED), GP_PROJECT_STATE_CONTRACT_PUBLISHED,
    R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD,
    SRC_L2 ("第50条"), "001054", "合同公告" },
  /* 16. */
  { "submit_contract_filing", S (CONTRACT_PUBLISHED), GP_PROJECT_STATE_CONTRACT_PUBLISHED,
    R (PURCHASER), GP_DUTY_NONE,
    GP_TRANSITION_STAYS | GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD,
    SRC_L1 ("第47条") "; " SRC_P18, NULL, NULL },
  { "file_contract", S (CONTRACT_PUBLISHED), GP_PROJECT_STATE_CONTRACT_FILED,
    R (SUPERVISOR), GP_DUTY_NONE, GP_TRANSITION_NONE,
    SRC_L1 ("第47条") "; " SRC_L1 ("第49条") "; " SRC_P18, NULL, NULL },
  { "return_contract_filing", S (CONTRACT_PUBLISHED), GP_PROJECT_STATE_CONTRACT_PUBLISHED,
    R (SUPERVISOR), GP_DUTY_NONE, GP_TRANSITION_STAYS | GP_TRANSITION_NEEDS_REASON,
    SRC_L1 ("第47条"), NULL, NULL },
  /* y. 补充合同 */
  { "amend_contract", AFTER_FILING, GP_PROJECT_STATE_CONTRACT_FILED,
    R (PURCHASER), GP_DUTY_CLERK, GP_TRANSITION_STAYS,
    SRC_L1 ("第49条"), NULL, NULL },
  /* 17. */
  { "start_performance", S (CONTRACT_FILED), GP_PROJECT_STATE_IN_PERFORMANCE,
    R (PURCHASER) | R (SUPPLIER), GP_DUTY_NONE, GP_TRANSITION_FORWARD,
    "DOMAIN.md §5 #17", NULL, NULL },
  { "confirm_delivery", S (IN_PERFORMANCE) | S (MALL_ORDER_CONFIRMED), GP_PROJECT_STATE_DELIVERED,
    R (SUPPLIER) | R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_FORWARD,
    "DOMAIN.md §5 #17; " SRC_P8, NULL, NULL },
  /* 18. */
  { "accept", S (DELIVERED), GP_PROJECT_STATE_ACCEPTED,
    R (PURCHASER), GP_DUTY_NONE,
    GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD | GP_TRANSITION_NOTICE_CONDITIONAL,
    SRC_L1 ("第41条") "; " SRC_L2 ("第45条"), "001009", "验收公告" },
  { "reject_acceptance", S (DELIVERED), GP_PROJECT_STATE_ACCEPTANCE_FAILED,
    R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_APPROVAL,
    SRC_L2 ("第45条"), NULL, NULL },
  { "resume_performance", S (ACCEPTANCE_FAILED), GP_PROJECT_STATE_IN_PERFORMANCE,
    R (PURCHASER) | R (SUPPLIER), GP_DUTY_NONE, GP_TRANSITION_NONE,
    "DOMAIN.md §5 #18", NULL, NULL },
  /* 19. The state becomes PAID when the contract is fully paid. */
  { "record_payment", S (DELIVERED) | S (ACCEPTED) | S (PAYING), GP_PROJECT_STATE_PAYING,
    R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_NEEDS_APPROVAL | GP_TRANSITION_FORWARD,
    SRC_L2 ("第51条") "; " SRC_L3_2025 "第9条", NULL, NULL },
  /* 20. */
  { "close", S (PAID), GP_PROJECT_STATE_CLOSED,
    R (SYSTEM) | R (PURCHASER), GP_DUTY_NONE, GP_TRANSITION_FORWARD,
    "DOMAIN.md §5 #20; " SRC_L1 ("第49条"), NULL, NULL },
  /* x. */
  { "terminate", PRE_AWARD, GP_PROJECT_STATE_TERMINATED,
    R (PURCHASER) | R (AGENCY), GP_DUTY_NONE,
    GP_TRANSITION_NEEDS_REASON | GP_TRANSITION_NOTICE_CONDITIONAL,
    SRC_L1 ("第36条(四)"), "001004", "终止公告" },
};

/* ------------------------------------------------------------------------------------------------
 * Guard state
 */

typedef struct {
  const GpProject       *p;
  const GpTransition    *t;
  const GpActionContext *ctx;
  GpRole                 role;
  GpRuleValues           rv;
  GDate                  today;
  GPtrArray             *problems;
  gboolean               validating; /* called by gp_project_validate() */
} Guard;

static void
add (Guard      *g,
     const char *path,
     const char *code,
     const char *source,
     const char *format,
     ...) G_GNUC_PRINTF (5, 6);

static void
add (Guard      *g,
     const char *path,
     const char *code,
     const char *source,
     const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  gp_problems_add (g->problems, path, code, source, "%s", message);
}

static void
add_late (Guard      *g,
          const char *path,
          const char *code,
          const char *source,
          const char *message)
{
  if (g->ctx->reason != NULL && g->ctx->reason[0] != '\0')
    return;  /* Late, but explained; the server keeps the explanation in its audit log. */
  gp_problems_add (g->problems, path, code, source, "%s", message);
}

void
gp_date_from_usec_china (gint64  usec,
                         GDate  *out)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);

  g_return_if_fail (out != NULL);

  g_date_clear (out, 1);
  if (utc == NULL)
    return;
  local = g_date_time_to_timezone (utc, tz);
  g_date_set_dmy (out, (GDateDay)g_date_time_get_day_of_month (local),
                  (GDateMonth)g_date_time_get_month (local),
                  (GDateYear)g_date_time_get_year (local));
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static char *
format_date (const GDate *d)
{
  char buf[16];

  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", d);
  return g_strdup (buf);
}

/* Last day of a period of @n 日 or 工作日 after @start, from the calendar; reports a problem and
 * returns FALSE when the calendar is missing or has no data for those dates. */
static gboolean
period_end (Guard       *g,
            const GDate *start,
            guint        n,
            gboolean     working_days,
            GDate       *out,
            const char  *path)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g->ctx->calendar == NULL)
    {
      add (g, path, "calendar-data-missing", NULL,
           _("No working-day calendar is loaded, so this legal deadline cannot be checked."));
      return FALSE;
    }
  if (working_days)
    ok = gp_calendar_add_working_days (g->ctx->calendar, start, n, out, &error);
  else
    ok = gp_calendar_add_days (g->ctx->calendar, start, n, out, &error);
  if (!ok)
    {
      add (g, path, "calendar-data-missing", NULL,
           _("The working-day calendar has no data for these dates: %s"), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
date_plus (const GDate *start,
           guint        n,
           GDate       *out)
{
  *out = *start;
  g_date_add_days (out, n);
}

/* Whether @step is after the last day of a period of @n 日 or 工作日 from @start (its last day in
 * @last). A step on or before @start + @n 日 is in time by any calendar: @n 工作日 are never fewer
 * than @n 日, and a holiday only moves a period's end later. Only a later step needs the calendar;
 * without data for its dates it is reported (calendar-data-missing), never guessed. This matters
 * in December, before the State Council publishes the next year's holidays. */
static gboolean
past_deadline (Guard       *g,
               const GDate *start,
               guint        n,
               gboolean     working_days,
               const GDate *step,
               GDate       *last,
               const char  *path)
{
  GDate surely;

  date_plus (start, n, &surely);
  if (g_date_compare (step, &surely) <= 0)
    return FALSE;
  return period_end (g, start, n, working_days, last, path) && g_date_compare (step, last) > 0;
}

static GpEntrustedProcurement *
get_entrusted (const GpProject *p)
{
  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_ENTRUSTED)
    return p->execution->entrusted;
  return NULL;
}

static GpMallOrder *
get_mall (const GpProject *p)
{
  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_MALL)
    return p->execution->mall;
  return NULL;
}

/* The contract an action is about: ctx->target_id, else the last one. */
static GpContract *
target_contract (const GpProject       *p,
                 const GpActionContext *ctx,
                 guint                 *out_index)
{
  for (guint i = p->contracts->len; i > 0; i--)
    {
      GpContract *c = g_ptr_array_index (p->contracts, i - 1);

      if (ctx->target_id == NULL || g_strcmp0 (c->id, ctx->target_id) == 0)
        {
          if (out_index)
            *out_index = i - 1;
          return c;
        }
    }
  /* A target that is an acceptance or payment: its contract. */
  if (ctx->target_id != NULL)
    {
      for (guint i = 0; i < p->acceptances->len; i++)
        {
          GpAcceptance *a = g_ptr_array_index (p->acceptances, i);

          if (g_strcmp0 (a->id, ctx->target_id) == 0)
            {
              GpActionContext sub = *ctx;

              sub.target_id = a->contract_id;
              return a->contract_id ? target_contract (p, &sub, out_index) : NULL;
            }
        }
      for (guint i = 0; i < p->payments->len; i++)
        {
          GpPayment *pay = g_ptr_array_index (p->payments, i);

          if (g_strcmp0 (pay->id, ctx->target_id) == 0)
            {
              GpActionContext sub = *ctx;

              sub.target_id = pay->contract_id;
              return pay->contract_id ? target_contract (p, &sub, out_index) : NULL;
            }
        }
    }
  return NULL;
}

/* The acceptance an action is about: ctx->target_id, else the last one of the target contract. */
static GpAcceptance *
target_acceptance (const GpProject       *p,
                   const GpActionContext *ctx,
                   guint                 *out_index)
{
  const GpContract *c = NULL;

  for (guint i = p->acceptances->len; i > 0; i--)
    {
      GpAcceptance *a = g_ptr_array_index (p->acceptances, i - 1);

      if (ctx->target_id != NULL && g_strcmp0 (a->id, ctx->target_id) == 0)
        {
          *out_index = i - 1;
          return a;
        }
    }
  c = target_contract (p, ctx, NULL);
  for (guint i = p->acceptances->len; i > 0; i--)
    {
      GpAcceptance *a = g_ptr_array_index (p->acceptances, i - 1);

      if (c == NULL || g_strcmp0 (a->contract_id, c->id) == 0)
        {
          *out_index = i - 1;
          return a;
        }
    }
  return NULL;
}

/* The payment an action is about: ctx->target_id, else the last unpaid one, else the last one.
 *
 * The 支付日期 is a field of the instalment that the purchaser fills in (DOMAIN.md §1.7: "支付日期 |
 * payment date | date | Y", the date the money went out, which the late interest is counted to);
 * recording only stamps today when it was left empty. So an instalment whose payment date was
 * typed is still the one being recorded: when every instalment has a date, it is the last one. */
static GpPayment *
target_payment (const GpProject       *p,
                const GpActionContext *ctx,
                guint                 *out_index)
{
  for (guint i = p->payments->len; i > 0; i--)
    {
      GpPayment *pay = g_ptr_array_index (p->payments, i - 1);

      if (ctx->target_id != NULL ? g_strcmp0 (pay->id, ctx->target_id) == 0
                                 : !gp_date_is_set (&pay->paid))
        {
          *out_index = i - 1;
          return pay;
        }
    }
  if (ctx->target_id == NULL && p->payments->len > 0)
    {
      *out_index = p->payments->len - 1;
      return g_ptr_array_index (p->payments, p->payments->len - 1);
    }
  return NULL;
}

static gint64
project_amount (const GpProject *p)
{
  if (p->plan != NULL && p->plan->total > 0)
    return p->plan->total;
  if (p->intention != NULL)
    return p->intention->budget;
  return 0;
}

static GpProcurementNature
project_nature (const GpProject *p)
{
  return p->plan != NULL ? p->plan->nature : GP_PROCUREMENT_NATURE_UNSET;
}

static gint64
tender_threshold (const GpRuleValues *rv,
                  GpProcurementNature nature)
{
  switch (nature)
    {
    case GP_PROCUREMENT_NATURE_WORKS:
      return rv->public_tender_works;
    case GP_PROCUREMENT_NATURE_SERVICES:
      return rv->public_tender_services;
    case GP_PROCUREMENT_NATURE_GOODS:
    case GP_PROCUREMENT_NATURE_UNSET:
    default:
      return rv->public_tender_goods;
    }
}

static gint64
mall_ceiling (const GpRuleValues *rv,
              GpProcurementNature nature)
{
  switch (nature)
    {
    case GP_PROCUREMENT_NATURE_WORKS:
      return rv->mall_ceiling_works;
    case GP_PROCUREMENT_NATURE_SERVICES:
      return rv->mall_ceiling_services;
    case GP_PROCUREMENT_NATURE_GOODS:
    case GP_PROCUREMENT_NATURE_UNSET:
    default:
      return rv->mall_ceiling_goods;
    }
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
project_method (const GpProject *p)
{
  return p->plan != NULL ? p->plan->method : GP_PROCUREMENT_METHOD_UNSET;
}

static GpRules *
default_rules (void)
{
  static GpRules *rules;

  if (g_once_init_enter (&rules))
    g_once_init_leave (&rules, gp_rules_new_default ());
  return rules;
}

static int
rules_year (const GpProject *p,
            const GDate     *today)
{
  if (p->plan != NULL && gp_date_is_set (&p->plan->planned_start))
    return g_date_get_year (&p->plan->planned_start);
  if (p->intention != NULL && gp_date_is_set (&p->intention->expected_month))
    return g_date_get_year (&p->intention->expected_month);
  return g_date_valid (today) ? g_date_get_year (today) : 2021;
}

/**
 * gp_lifecycle_is_government_procurement:
 * @project: a project
 * @rules: (nullable): the rules, %NULL for the defaults
 *
 * Whether the project is managed as government procurement: at or above the 采购限额标准
 * [P10], or bought through a 集中采购机构 (a 集中采购目录 item, 政府采购法 第18条). Below the limit
 * and outside the catalogue it is not government procurement; the platform still lets the unit
 * record it, but the intention, public-tender and SME-reserve rules do not apply (docs/domain.md).
 *
 * Returns: %TRUE if the government-procurement rules apply
 */
gboolean
gp_lifecycle_is_government_procurement (const GpProject *p,
                                        GpRules         *rules)
{
  GpRuleValues rv;
  GDate today;

  g_return_val_if_fail (p != NULL, FALSE);

  g_date_clear (&today, 1);
  gp_rules_lookup (rules ? rules : default_rules (), p->region, rules_year (p, &today), &rv);
  if (p->plan != NULL && p->plan->organisation_form == GP_ORGANISATION_FORM_CENTRAL_AGENCY)
    return TRUE;
  return project_amount (p) >= rv.procurement_limit;
}

/* ------------------------------------------------------------------------------------------------
 * What only actions write
 */

static void
keep_date (GDate       *to,
           const GDate *from)
{
  if (from != NULL)
    *to = *from;
  else
    g_date_clear (to, 1);
}

static void
keep_string (char       **to,
             const char  *from)
{
  if (*to != from)
    {
      g_free (*to);
      *to = g_strdup (from);
    }
}

/* The 审核's approval is the approve_internal action's (or the implicit one of an account with
 * both duties); what the 经办 prepared is the client's own. */
static void
keep_approval (GpApproval       *to,
               const GpApproval *from)
{
  to->approved = from != NULL && from->approved;
  keep_string (&to->approved_by, from != NULL ? from->approved_by : NULL);
  to->approved_at = from != NULL ? from->approved_at : 0;
}

/**
 * gp_lifecycle_keep_stamps:
 * @edited: a project as a client sent it, changed in place
 * @stored: (nullable): the project as the server holds it; %NULL for a new one
 *
 * Puts back into @edited everything only lifecycle actions write, from @stored (or clears it for a
 * new project): publication, submission, filing and award dates, the mall order's status and
 * times, the finance department's reasons and 备案号, and the 审核's approvals (DOMAIN.md §7). A
 * client edits the content of the record; the official steps and their times are the server's
 * (DESIGN.md §4), so an edit can neither forge an approval nor a notice nor undo one.
 */
void
gp_lifecycle_keep_stamps (GpProject       *edited,
                          const GpProject *stored)
{
  g_return_if_fail (edited != NULL);

  if (edited->intention != NULL)
    {
      const GpIntention *from = stored != NULL ? stored->intention : NULL;

      edited->intention->published = from != NULL ? from->published : 0;
      keep_approval (&edited->intention->approval, from != NULL ? &from->approval : NULL);
    }

  if (edited->plan != NULL)
    {
      const GpPlan *from = stored != NULL ? stored->plan : NULL;

      edited->plan->submitted = from != NULL ? from->submitted : 0;
      edited->plan->filed = from != NULL ? from->filed : 0;
      keep_string (&edited->plan->filing_ref, from != NULL ? from->filing_ref : NULL);
      keep_string (&edited->plan->return_reason, from != NULL ? from->return_reason : NULL);
      keep_approval (&edited->plan->approval, from != NULL ? &from->approval : NULL);
    }

  if (edited->execution != NULL && edited->execution->mall != NULL)
    {
      GpMallOrder *to = edited->execution->mall;
      const GpMallOrder *from = stored != NULL && stored->execution != NULL ? stored->execution->mall : NULL;

      to->status = from != NULL ? from->status : GP_MALL_ORDER_STATUS_DRAFT;
      to->ordered = from != NULL ? from->ordered : 0;
      to->confirmed = from != NULL ? from->confirmed : 0;
      to->delivered = from != NULL ? from->delivered : 0;
      to->received = from != NULL ? from->received : 0;
      keep_approval (&to->approval, from != NULL ? &from->approval : NULL);
    }

  if (edited->execution != NULL && edited->execution->entrusted != NULL)
    {
      GpEntrustedProcurement *to = edited->execution->entrusted;
      const GpEntrustedProcurement *from = stored != NULL && stored->execution != NULL
                                           ? stored->execution->entrusted : NULL;

      keep_date (&to->entrusted, from != NULL ? &from->entrusted : NULL);
      keep_date (&to->docs_confirmed, from != NULL ? &from->docs_confirmed : NULL);
      keep_date (&to->notice_published, from != NULL ? &from->notice_published : NULL);
      keep_date (&to->evaluated, from != NULL ? &from->evaluated : NULL);
      keep_date (&to->report_sent, from != NULL ? &from->report_sent : NULL);
      keep_date (&to->result_confirmed, from != NULL ? &from->result_confirmed : NULL);
      keep_date (&to->award_notice, from != NULL ? &from->award_notice : NULL);
      to->failed = from != NULL && from->failed;
      keep_string (&to->failure_reason, from != NULL ? from->failure_reason : NULL);
      /* A correction is published by correct_notice; the ones already out stay as they were. */
      for (guint i = 0; i < to->corrections->len; i++)
        {
          GpCorrection *c = g_ptr_array_index (to->corrections, i);
          const GpCorrection *was = from != NULL && i < from->corrections->len
                                    ? g_ptr_array_index (from->corrections, i) : NULL;

          keep_date (&c->published, was != NULL ? &was->published : NULL);
        }
    }

  for (guint i = 0; i < edited->contracts->len; i++)
    {
      GpContract *to = g_ptr_array_index (edited->contracts, i);
      const GpContract *from = stored != NULL ? gp_project_find_contract (stored, to->id) : NULL;

      keep_date (&to->published_on, from != NULL ? &from->published_on : NULL);
      keep_date (&to->filing_submitted, from != NULL ? &from->filing_submitted : NULL);
      keep_date (&to->filed_on, from != NULL ? &from->filed_on : NULL);
      keep_string (&to->filing_return_reason, from != NULL ? from->filing_return_reason : NULL);
      keep_approval (&to->approval, from != NULL ? &from->approval : NULL);
    }
  for (guint i = 0; i < edited->acceptances->len; i++)
    {
      GpAcceptance *to = g_ptr_array_index (edited->acceptances, i);
      const GpAcceptance *from = stored != NULL ? gp_project_find_acceptance (stored, to->id) : NULL;

      keep_approval (&to->approval, from != NULL ? &from->approval : NULL);
    }
  for (guint i = 0; i < edited->payments->len; i++)
    {
      GpPayment *to = g_ptr_array_index (edited->payments, i);
      const GpPayment *from = stored != NULL ? gp_project_find_payment (stored, to->id) : NULL;

      keep_approval (&to->approval, from != NULL ? &from->approval : NULL);
    }
}

/**
 * gp_lifecycle_acts_in_region:
 * @role: the account's role
 * @account_region: the region of the account's unit
 * @project_region: the project's region
 *
 * Whether an account of @role in @account_region takes lifecycle steps on a project of
 * @project_region. A finance department files or returns plans and contracts, and resolves
 * challenges, only for its own region: the plan and the contract are filed with the finance
 * department of the same level (政府采购法实施条例 第29条, 政府采购法 第47条). The levels above
 * see those projects and supervise them; they do not take their steps. Other roles are bound by
 * what they may see.
 *
 * Returns: %TRUE if the account may take the steps its role allows on the project
 */
gboolean
gp_lifecycle_acts_in_region (GpRole      role,
                             const char *account_region,
                             const char *project_region)
{
  return role != GP_ROLE_SUPERVISOR || g_strcmp0 (account_region, project_region) == 0;
}

/**
 * gp_lifecycle_agency_records:
 * @state: a project's state
 *
 * Whether the entrusted agency records the execution of a project in @state: the notice dates,
 * the bids received, the evaluation and the award (政府采购法 第18条, 政府采购法实施条例 第43条;
 * DOMAIN.md §7). From accepting the entrustment until the award is published; after that the
 * award is what the contract must match ([P18]) and no one changes it.
 *
 * Returns: %TRUE if the agency may change `execution.entrusted` (its own identity excepted)
 */
gboolean
gp_lifecycle_agency_records (GpProjectState state)
{
  return (GP_STATE_BIT (state) & (S (ENTRUSTED) | S (DOCS_CONFIRMED) | S (NOTICE_PUBLISHED) |
                                  S (BID_CLOSED) | S (EVALUATED) | S (RESULT_CONFIRMED) |
                                  S (FAILED))) != 0;
}

/**
 * gp_lifecycle_is_read_only:
 * @project: a project
 * @rules: (nullable): the rules, %NULL for the defaults
 *
 * Legacy projects, begun before 2021-01-01, finish in the old system and are read-only here
 * (粤财采购函〔2020〕59号 §四): the LEGACY state, the legacy flag, or a creation time before the
 * configured cut-off.
 *
 * Returns: %TRUE if no action may change @project
 */
gboolean
gp_lifecycle_is_read_only (const GpProject *p,
                           GpRules         *rules)
{
  GpRuleValues rv;

  g_return_val_if_fail (p != NULL, TRUE);

  if (p->legacy || p->status == GP_PROJECT_STATE_LEGACY)
    return TRUE;
  if (gp_datetime_is_set (p->created))
    {
      GDate created;

      gp_date_from_usec_china (p->created, &created);
      gp_rules_lookup (rules ? rules : default_rules (), p->region, g_date_get_year (&created), &rv);
      if (g_date_valid (&created) && g_date_compare (&created, &rv.legacy_cutoff) < 0)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------
 * Guards
 */

/* 财库〔2020〕10号: does this project need a published intention? */
static gboolean
intention_required (Guard *g)
{
  const GpProject *p = g->p;
  GDate start;

  if (!gp_lifecycle_is_government_procurement (p, g->ctx->rules))
    return FALSE;
  if (method_is_mall (project_method (p)) && !g->rv.intention_required_for_mall)
    return FALSE;
  if (p->plan != NULL && gp_date_is_set (&p->plan->planned_start))
    start = p->plan->planned_start;
  else if (p->intention != NULL && gp_date_is_set (&p->intention->expected_month))
    start = p->intention->expected_month;
  else
    start = g->today;
  return g_date_compare (&start, &g->rv.intention_required_from) >= 0;
}

static gboolean
intention_exempt (const GpProject *p)
{
  return p->intention != NULL && p->intention->exempt && !is_blank (p->intention->exemption_reason);
}

/* 政府采购法 第27条, 实施条例 第23条 and 第25条, [P9]: is the method allowed for the amount? */
static void
check_method (Guard *g)
{
  const GpPlan *plan = g->p->plan;
  gint64 amount = project_amount (g->p);
  gint64 threshold;
  gboolean works;

  if (plan == NULL || plan->method == GP_PROCUREMENT_METHOD_UNSET ||
      plan->nature == GP_PROCUREMENT_NATURE_UNSET)
    return;  /* Reported by the field checks. */

  works = plan->nature == GP_PROCUREMENT_NATURE_WORKS;
  threshold = tender_threshold (&g->rv, plan->nature);

  if (method_is_mall (plan->method))
    {
      gint64 ceiling = mall_ceiling (&g->rv, plan->nature);

      if (amount >= ceiling || amount >= threshold)
        {
          g_autofree char *limit = gp_money_format_wan_with_unit (MIN (ceiling, threshold));

          add (g, "plan.method", "mall-over-ceiling", SRC_P9,
               _("The e-mall is only for purchases below %s; this one needs a project procurement."),
               limit);
        }
      return;
    }

  if (!gp_lifecycle_is_government_procurement (g->p, g->ctx->rules))
    return;  /* Below the 限额标准 [P10]: the procurement-method rules do not apply. */

  if (amount >= threshold && plan->method != GP_PROCUREMENT_METHOD_OPEN_TENDER &&
      is_blank (plan->method_approval_ref))
    {
      g_autofree char *limit = gp_money_format_wan_with_unit (threshold);

      add (g, "plan.method", "public-tender-required",
           works ? SRC_L1 ("第4条") "; 招标投标法; 必须招标的工程项目规定 第5条"
                 : SRC_L1 ("第27条") "; " SRC_L2 ("第23条"),
           _("At or above %s the procurement must be a public tender, unless the finance department approved another method (fill in the approval)."),
           limit);
    }

  /* 实施条例 第25条: works not tendered use 竞争性谈判 or 单一来源 (磋商 added by 财库〔2014〕214号 第3条). */
  if (works && amount < threshold)
    switch (plan->method)
      {
      case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:
      case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:
        add (g, "plan.method", "method-not-allowed-for-works",
             SRC_L2 ("第25条") "; 财库〔2014〕214号 第3条",
             _("Works that are not tendered are bought by competitive negotiation, competitive consultation or single source."));
        break;
      case GP_PROCUREMENT_METHOD_UNSET:
      case GP_PROCUREMENT_METHOD_OPEN_TENDER:
      case GP_PROCUREMENT_METHOD_INVITED_TENDER:
      case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:
      case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION:
      case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:
      case GP_PROCUREMENT_METHOD_MALL_DIRECT:
      case GP_PROCUREMENT_METHOD_MALL_BIDDING:
      case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:
      case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:
      case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:
      default:
        break;
      }
}

/* 财库〔2020〕46号: a reserve above the full-reservation amount is at least 30% of the budget. */
static void
check_sme_reserve (Guard *g)
{
  const GpPlan *plan = g->p->plan;
  gint64 full;

  if (plan == NULL || !plan->sme_reserved)
    return;
  full = plan->nature == GP_PROCUREMENT_NATURE_WORKS ? g->rv.sme_reserve_works
                                                     : g->rv.sme_reserve_goods_services;
  if (plan->total > full && plan->sme_share_bp < g->rv.sme_reserve_percent * 100)
    add (g, "plan.sme_share_bp", "sme-reserve-share-too-low", SRC_P6,
         _("A share reserved for small and medium enterprises must be at least %u%% of the budget."),
         g->rv.sme_reserve_percent);
}

/* 财库〔2020〕10号: planned start ≥ intention published + 30 日. */
static void
check_intention_lead (Guard *g)
{
  const GpProject *p = g->p;
  GDate published, earliest;
  g_autofree char *date = NULL;

  if (p->plan == NULL || !gp_date_is_set (&p->plan->planned_start))
    return;
  if (!intention_required (g) || intention_exempt (p))
    return;
  if (p->intention == NULL || !gp_datetime_is_set (p->intention->published))
    {
      add (g, "intention.published", "intention-not-published", SRC_P2,
           _("Publish the procurement intention first, or record the urgent exemption and its reason."));
      return;
    }
  gp_date_from_usec_china (p->intention->published, &published);
  date_plus (&published, g->rv.intention_lead_days, &earliest);
  if (g_date_compare (&p->plan->planned_start, &earliest) < 0)
    {
      date = format_date (&earliest);
      add (g, "plan.planned_start", "intention-lead-time-too-short", SRC_P2,
           _("The procurement may start %u days after the intention was published, on %s at the earliest."),
           g->rv.intention_lead_days, date);
    }
}

/* DOMAIN.md §7: outgoing documents carry the unit's 审核 approval. */
static GpApproval *
approval_for (const GpProject       *p,
              const char            *action,
              const GpActionContext *ctx)
{
  guint i;

  if (g_str_equal (action, "publish_intention"))
    return p->intention ? &p->intention->approval : NULL;
  if (g_str_equal (action, "submit_plan"))
    return p->plan ? &p->plan->approval : NULL;
  if (g_str_equal (action, "submit_mall_order"))
    return get_mall (p) ? &get_mall (p)->approval : NULL;
  if (g_str_equal (action, "publish_contract") || g_str_equal (action, "submit_contract_filing"))
    {
      GpContract *c = target_contract (p, ctx, NULL);

      return c ? &c->approval : NULL;
    }
  if (g_str_equal (action, "accept") || g_str_equal (action, "reject_acceptance"))
    {
      GpAcceptance *a = target_acceptance (p, ctx, &i);

      return a ? &a->approval : NULL;
    }
  if (g_str_equal (action, "record_payment"))
    {
      GpPayment *pay = target_payment (p, ctx, &i);

      return pay ? &pay->approval : NULL;
    }
  return NULL;
}

/* The document the 审核 approves in the current state. */
static GpApproval *
pending_approval (const GpProject       *p,
                  const GpActionContext *ctx)
{
  guint i;

  switch (p->status)
    {
    case GP_PROJECT_STATE_INTENT_DRAFT:
      return approval_for (p, "publish_intention", ctx);
    case GP_PROJECT_STATE_PLAN_DRAFT:
      return approval_for (p, "submit_plan", ctx);
    case GP_PROJECT_STATE_MALL_ORDERING:
      return approval_for (p, "submit_mall_order", ctx);
    case GP_PROJECT_STATE_CONTRACT_SIGNED:
    case GP_PROJECT_STATE_CONTRACT_PUBLISHED:
      return approval_for (p, "publish_contract", ctx);
    case GP_PROJECT_STATE_DELIVERED:
      {
        /* An acceptance when one is being prepared, else a payment. */
        GpAcceptance *a = target_acceptance (p, ctx, &i);

        if (a != NULL && a->conclusion != GP_ACCEPTANCE_CONCLUSION_PENDING)
          return &a->approval;
        return approval_for (p, "record_payment", ctx);
      }
    case GP_PROJECT_STATE_ACCEPTED:
    case GP_PROJECT_STATE_PAYING:
      return approval_for (p, "record_payment", ctx);
    case GP_PROJECT_STATE_INTENT_PUBLISHED:
    case GP_PROJECT_STATE_PLAN_SUBMITTED:
    case GP_PROJECT_STATE_PLAN_FILED:
    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED:
    case GP_PROJECT_STATE_ENTRUSTED:
    case GP_PROJECT_STATE_DOCS_CONFIRMED:
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:
    case GP_PROJECT_STATE_BID_CLOSED:
    case GP_PROJECT_STATE_EVALUATED:
    case GP_PROJECT_STATE_RESULT_CONFIRMED:
    case GP_PROJECT_STATE_AWARDED:
    case GP_PROJECT_STATE_CHALLENGED:
    case GP_PROJECT_STATE_CONTRACT_FILED:
    case GP_PROJECT_STATE_IN_PERFORMANCE:
    case GP_PROJECT_STATE_ACCEPTANCE_FAILED:
    case GP_PROJECT_STATE_PAID:
    case GP_PROJECT_STATE_CLOSED:
    case GP_PROJECT_STATE_FAILED:
    case GP_PROJECT_STATE_TERMINATED:
    case GP_PROJECT_STATE_LEGACY:
    default:
      return NULL;
    }
}

static void
guard_approval (Guard *g)
{
  GpApproval *approval = approval_for (g->p, g->t->action, g->ctx);

  if (g->role != GP_ROLE_PURCHASER)
    return;
  if ((g->ctx->duties & GP_DUTY_BOTH) == GP_DUTY_BOTH)
    return;  /* One account holds both duties: approving is implicit (stamped on apply). */
  if (approval != NULL && !approval->approved)
    add (g, "", "internal-approval-missing", SRC_DOMAIN7,
         _("The unit’s reviewer (审核) must approve this before it goes out."));
}

static void
guard_publish_intention (Guard *g)
{
  const GpIntention *in = g->p->intention;
  GDate last_day, earliest;

  gp_validate_intention_fields (g->p, g->ctx, g->problems);
  if (in == NULL || !gp_date_is_set (&in->expected_month))
    return;

  /* 财库〔2020〕10号: "原则上不得晚于采购活动开始前30日". The expected time is a month; the
   * procurement must be able to start in it at least 30 日 after today. */
  last_day = in->expected_month;
  g_date_set_day (&last_day, g_date_get_days_in_month (g_date_get_month (&last_day),
                                                       g_date_get_year (&last_day)));
  date_plus (&g->today, g->rv.intention_lead_days, &earliest);
  if (g_date_compare (&last_day, &earliest) < 0 && !intention_exempt (g->p))
    add (g, "intention.expected_month", "intention-lead-time-too-short", SRC_P2,
         _("An intention is published at least %u days before the procurement starts; move the expected month, or record the urgent exemption and its reason."),
         g->rv.intention_lead_days);
}

static void
guard_start_plan (Guard *g)
{
  if (g->p->status != GP_PROJECT_STATE_INTENT_DRAFT)
    return;
  if (intention_exempt (g->p))
    return;
  if (g->p->intention != NULL && g->p->intention->exempt)
    {
      add (g, "intention.exemption_reason", "exemption-reason-missing", SRC_P2,
           _("An intention exempted for an unforeseeable urgent need must give the reason."));
      return;
    }
  if (intention_required (g))
    add (g, "intention", "intention-not-published", SRC_P2,
         _("Publish the procurement intention first, or record the urgent exemption and its reason."));
}

static void
guard_submit_plan (Guard *g)
{
  gp_validate_plan_fields (g->p, g->ctx, g->problems);
  check_method (g);
  check_sme_reserve (g);
  check_intention_lead (g);
}

static void
guard_file_plan (Guard *g)
{
  gp_validate_plan_fields (g->p, g->ctx, g->problems);
  check_method (g);
}

static void
guard_start_mall_order (Guard *g)
{
  if (!method_is_mall (project_method (g->p)))
    add (g, "plan.method", "method-not-mall", SRC_P9,
         _("The filed plan does not use an e-mall procedure."));
  check_method (g);
}

static void
guard_submit_mall_order (Guard *g)
{
  const GpMallOrder *order = get_mall (g->p);
  gint64 ceiling = mall_ceiling (&g->rv, project_nature (g->p));

  gp_validate_mall_fields (g->p, g->ctx, g->problems);
  if (order == NULL)
    return;
  /* A fault of the step, not of the record: a submitted order is what the record should hold. */
  if (order->status != GP_MALL_ORDER_STATUS_DRAFT && !g->validating)
    add (g, "execution.mall.status", "order-already-submitted", NULL,
         _("The order was already submitted."));
  if (order->total >= ceiling)
    {
      g_autofree char *limit = gp_money_format_wan_with_unit (ceiling);

      add (g, "execution.mall.total", "mall-over-ceiling", SRC_P9,
           _("The e-mall is only for purchases below %s; this one needs a project procurement."), limit);
    }
}

static void
guard_confirm_mall_order (Guard *g)
{
  const GpMallOrder *order = get_mall (g->p);

  if (order == NULL || order->status != GP_MALL_ORDER_STATUS_SUBMITTED)
    add (g, "execution.mall.status", "order-not-submitted", NULL,
         _("The purchaser has not submitted the order yet."));
}

static void
guard_entrust (Guard *g)
{
  const GpPlan *plan = g->p->plan;

  if (plan != NULL && plan->organisation_form != GP_ORGANISATION_FORM_ENTRUSTED &&
      plan->organisation_form != GP_ORGANISATION_FORM_CENTRAL_AGENCY)
    add (g, "plan.organisation_form", "organisation-form-not-entrusted", SRC_L1 ("第18条"),
         _("The plan does not entrust the procurement to an agency."));
  if (method_is_mall (project_method (g->p)))
    add (g, "plan.method", "method-is-mall", SRC_P9,
         _("An e-mall purchase is not entrusted to an agency."));
  gp_validate_entrusted_fields (g->p, g->ctx, g->problems);
}

static void
guard_accept_entrustment (Guard *g)
{
  const GpPlan *plan = g->p->plan;
  gboolean self = plan != NULL && plan->organisation_form == GP_ORGANISATION_FORM_SELF;

  if (method_is_mall (project_method (g->p)))
    add (g, "plan.method", "method-is-mall", SRC_P9,
         _("An e-mall purchase is not entrusted to an agency."));
  if (!self && get_entrusted (g->p) == NULL)
    add (g, "execution.entrusted", "required", SRC_L1 ("第18条"),
         _("The purchaser has not entrusted the procurement yet."));
}

static void
guard_confirm_documents (Guard *g)
{
  gp_validate_entrusted_fields (g->p, g->ctx, g->problems);
}

/* 政府采购法 第35条, 实施条例 第31条 and 第38条, 财库〔2014〕214号 第10条, 财政部令第74号. */
static void
guard_publish_notice (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);
  GpProcurementMethod method = project_method (g->p);
  GDate deadline, min_deadline, min_until;
  g_autofree char *date = NULL;

  gp_validate_entrusted_fields (g->p, g->ctx, g->problems);
  if (e == NULL)
    return;

  if (!gp_date_is_set (&e->docs_from))
    {
      add (g, "execution.entrusted.docs_from", "required", SRC_L2 ("第31条"),
           _("Fill in when the procurement documents become available."));
      return;
    }
  if (g_date_compare (&e->docs_from, &g->today) < 0)
    add (g, "execution.entrusted.docs_from", "docs-before-notice", NULL,
         _("The documents cannot become available before the notice is published."));

  switch (method)
    {
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION:
      {
        gboolean tender = method != GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION;
        guint min_days = tender ? TENDER_MIN_DAYS : CONSULT_MIN_DAYS;
        const char *src = tender ? SRC_L1 ("第35条") : SRC_P5_CONSULT;

        /* Documents available ≥ 5 工作日 (实施条例 第31条; 磋商: 214号 第10条). */
        if (!gp_date_is_set (&e->docs_until))
          add (g, "execution.entrusted.docs_until", "required", SRC_L2 ("第31条"),
               _("Fill in until when the procurement documents are available."));
        else if (period_end (g, &e->docs_from, TENDER_DOCS_MIN_WORKDAYS, TRUE, &min_until,
                             "execution.entrusted.docs_until") &&
                 g_date_compare (&e->docs_until, &min_until) < 0)
          {
            date = format_date (&min_until);
            add (g, "execution.entrusted.docs_until", "docs-period-too-short",
                 tender ? SRC_L2 ("第31条") : SRC_P5_CONSULT,
                 _("The documents must be available for at least 5 working days, until %s or later."),
                 date);
          }

        if (!gp_datetime_is_set (e->bid_deadline))
          {
            add (g, "execution.entrusted.bid_deadline", "required", src,
                 _("Fill in the bid deadline."));
            break;
          }
        gp_date_from_usec_china (e->bid_deadline, &deadline);
        date_plus (&e->docs_from, min_days, &min_deadline);
        if (g_date_compare (&deadline, &min_deadline) < 0)
          {
            g_clear_pointer (&date, g_free);
            date = format_date (&min_deadline);
            add (g, "execution.entrusted.bid_deadline",
                 tender ? "tender-period-too-short" : "consultation-period-too-short", src,
                 _("At least %u days must pass from the documents to the deadline; the deadline must be on %s or later."),
                 min_days, date);
          }
        break;
      }

    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:
      if (!gp_datetime_is_set (e->bid_deadline))
        {
          add (g, "execution.entrusted.bid_deadline", "required", SRC_P5_NONTENDER,
               _("Fill in the response deadline."));
          break;
        }
      gp_date_from_usec_china (e->bid_deadline, &deadline);
      if (period_end (g, &e->docs_from, NEGOTIATION_MIN_WORKDAYS, TRUE, &min_deadline,
                      "execution.entrusted.bid_deadline") &&
          g_date_compare (&deadline, &min_deadline) < 0)
        {
          date = format_date (&min_deadline);
          add (g, "execution.entrusted.bid_deadline", "negotiation-period-too-short",
               method == GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION
                 ? SRC_P5_NONTENDER " 第29条" : SRC_P5_NONTENDER " 第45条",
               _("At least 3 working days must pass from the documents to the deadline; the deadline must be on %s or later."),
               date);
        }
      break;

    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:
      /* 实施条例 第38条: at or above the tender threshold, publicise ≥ 5 工作日. */
      if (project_amount (g->p) >= tender_threshold (&g->rv, project_nature (g->p)))
        {
          if (!gp_date_is_set (&e->docs_until))
            add (g, "execution.entrusted.docs_until", "required", SRC_L2 ("第38条"),
                 _("Fill in the end of the single-source publicity."));
          else if (period_end (g, &e->docs_from, SINGLE_SOURCE_MIN_WORKDAYS, TRUE, &min_until,
                               "execution.entrusted.docs_until") &&
                   g_date_compare (&e->docs_until, &min_until) < 0)
            add (g, "execution.entrusted.docs_until", "single-source-publicity-too-short",
                 SRC_L2 ("第38条"),
                 _("The single-source publicity must last at least 5 working days."));
        }
      break;

    case GP_PROCUREMENT_METHOD_UNSET:
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:
    default:
      break;
    }
}

/* 实施条例 第31条: a change ≥ 15 日 before the deadline (磋商: 5 日), else the deadline moves. */
static void
guard_correct_notice (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);
  const GpCorrection *c = NULL;
  GpProcurementMethod method = project_method (g->p);
  gint64 deadline_usec;
  GDate deadline, min_deadline;
  guint min_days;

  if (e != NULL && e->corrections->len > 0)
    c = g_ptr_array_index (e->corrections, e->corrections->len - 1);
  if (c == NULL || gp_date_is_set (&c->published) || is_blank (c->description))
    {
      add (g, "execution.entrusted.corrections", "correction-missing", SRC_L2 ("第31条"),
           _("Add the correction (what changes) before publishing it."));
      return;
    }

  if (method == GP_PROCUREMENT_METHOD_OPEN_TENDER || method == GP_PROCUREMENT_METHOD_INVITED_TENDER)
    min_days = TENDER_CORRECTION_MIN_DAYS;
  else if (method == GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION)
    min_days = CONSULT_CORRECTION_MIN_DAYS;
  else
    return;

  deadline_usec = gp_datetime_is_set (c->new_bid_deadline) ? c->new_bid_deadline : e->bid_deadline;
  if (!gp_datetime_is_set (deadline_usec))
    return;
  gp_date_from_usec_china (deadline_usec, &deadline);
  date_plus (&g->today, min_days, &min_deadline);
  if (g_date_compare (&deadline, &min_deadline) < 0)
    {
      g_autofree char *date = format_date (&min_deadline);

      add (g, "execution.entrusted.corrections", "correction-too-close-to-deadline",
           min_days == TENDER_CORRECTION_MIN_DAYS ? SRC_L2 ("第31条") : SRC_P5_CONSULT,
           _("A change that may affect bids must come at least %u days before the deadline; move the deadline to %s or later."),
           min_days, date);
    }
}

static void
guard_close_bids (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);

  if (e == NULL || !gp_datetime_is_set (e->bid_deadline))
    add (g, "execution.entrusted.bid_deadline", "required", SRC_L1 ("第35条"),
         _("Fill in the bid deadline."));
  /* Waiting for the deadline is the step's condition, not a fault of the record. */
  else if (g->ctx->now < e->bid_deadline && !g->validating)
    add (g, "execution.entrusted.bid_deadline", "bid-deadline-not-reached", SRC_L1 ("第35条"),
         _("Bids cannot be closed before the deadline."));
}

static const GpBid *
first_ranked (const GpEntrustedProcurement *e)
{
  for (guint i = 0; e != NULL && i < e->bids->len; i++)
    {
      const GpBid *bid = g_ptr_array_index (e->bids, i);

      if (bid->valid && bid->rank == 1)
        return bid;
    }
  return NULL;
}

/* 政府采购法 第36条: fewer than 3 valid bids, or every bid over the budget → 废标. */
static void
guard_record_evaluation (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);
  GpProcurementMethod method = project_method (g->p);
  guint valid = 0, over = 0;
  guint min_valid = method == GP_PROCUREMENT_METHOD_SINGLE_SOURCE ? 1 : MIN_VALID_BIDS;
  gint64 budget = project_amount (g->p);
  const char *src;

  if (e == NULL)
    return;
  for (guint i = 0; i < e->bids->len; i++)
    {
      const GpBid *bid = g_ptr_array_index (e->bids, i);

      if (!bid->valid)
        continue;
      valid++;
      if (budget > 0 && bid->price > budget)
        over++;
    }

  switch (method)
    {
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:
      src = SRC_L1 ("第38条");
      break;
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:
      src = SRC_L1 ("第40条");
      break;
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION:
      src = "财库〔2014〕214号";
      break;
    case GP_PROCUREMENT_METHOD_UNSET:
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:
    default:
      src = SRC_L1 ("第36条(一)");
      break;
    }

  if (valid < min_valid)
    add (g, "execution.entrusted.bids", "too-few-valid-bids", src,
         _("Only %u valid bids: at least %u are needed; the procurement fails (废标) and is procured again."),
         valid, min_valid);
  else if (over == valid)
    add (g, "execution.entrusted.bids", "all-bids-over-budget", SRC_L1 ("第36条(三)"),
         _("Every valid bid is above the budget; the procurement fails (废标)."));
  if (first_ranked (e) == NULL)
    add (g, "execution.entrusted.bids", "no-ranked-candidate", SRC_L2 ("第43条"),
         _("Rank the valid bids; the first candidate is missing."));
}

static void
guard_retender (Guard *g)
{
  /* 政府采购法 第37条: another method after 废标 needs approval like any non-tender method. */
  check_method (g);
}

static void
guard_confirm_result (Guard *g)
{
  if (first_ranked (get_entrusted (g->p)) == NULL)
    add (g, "execution.entrusted.bids", "no-ranked-candidate", SRC_L2 ("第43条"),
         _("Rank the valid bids; the first candidate is missing."));
}

static void
guard_award (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);

  if (e == NULL || is_blank (e->awarded_supplier.name) || e->awarded_amount <= 0)
    add (g, "execution.entrusted.awarded_supplier", "award-missing", SRC_L2 ("第43条"),
         _("Fill in the winning supplier and amount."));
}

/* 政府采购法 第52条: a challenge within 7 工作日 of knowing (taken as the award notice). */
static void
guard_challenge (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);
  GDate last;

  if (e == NULL || !gp_date_is_set (&e->award_notice))
    return;
  if (past_deadline (g, &e->award_notice, CHALLENGE_WORKDAYS, TRUE, &g->today, &last, ""))
    {
      g_autofree char *date = format_date (&last);

      add (g, "", "challenge-period-over", SRC_L1 ("第52条"),
           _("A challenge had to be made within 7 working days of the result notice, by %s."), date);
    }
}

/* Amount and supplier equal the award [P18]; 10% supplement cap [L1 第49条]. */
static void
check_contract_against_award (Guard            *g,
                              const GpContract *c,
                              guint             index)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);
  g_autofree char *pre = g_strdup_printf ("contracts[%u]", index);
  g_autofree char *amount_path = g_strconcat (pre, ".amount", NULL);
  g_autofree char *supplier_path = g_strconcat (pre, ".supplier.uscc", NULL);

  if (e == NULL || e->awarded_amount <= 0)
    return;
  if (c->amount != e->awarded_amount)
    {
      g_autofree char *a = gp_money_format (c->amount);
      g_autofree char *b = gp_money_format (e->awarded_amount);

      add (g, amount_path, "contract-amount-differs-from-award", SRC_L1 ("第46条") "; " SRC_P18,
           _("The contract amount %s differs from the award amount %s."), a, b);
    }
  if (e->awarded_supplier.uscc != NULL && c->supplier.uscc != NULL &&
      g_strcmp0 (e->awarded_supplier.uscc, c->supplier.uscc) != 0)
    add (g, supplier_path, "contract-supplier-differs-from-award", SRC_L1 ("第46条") "; " SRC_P18,
         _("The contract is not with the winning supplier."));
}

static GpContract *
require_contract (Guard *g,
                  guint *index)
{
  GpContract *c = target_contract (g->p, g->ctx, index);

  if (c == NULL && !g->validating)
    add (g, "contracts", "contract-missing", SRC_L1 ("第46条"),
         _("Fill in the contract first."));
  return c;
}

/* Date on which a step happens: the recorded date if set (and not in the future), else today. */
static void
step_date (Guard       *g,
           const GDate *recorded,
           const char  *path,
           GDate       *out)
{
  if (gp_date_is_set (recorded))
    {
      if (g_date_compare (recorded, &g->today) > 0)
        add (g, path, "date-in-future", NULL, _("This date is in the future."));
      *out = *recorded;
    }
  else
    *out = g->today;
}

static void
guard_sign_contract (Guard *g)
{
  const GpEntrustedProcurement *e = get_entrusted (g->p);
  guint index;
  GpContract *c = require_contract (g, &index);
  g_autofree char *signed_path = NULL;
  GDate signed_on, last;

  if (c == NULL)
    return;
  gp_validate_contract_fields (g->p, g->ctx, index, g->problems);
  check_contract_against_award (g, c, index);

  signed_path = g_strdup_printf ("contracts[%u].signed_on", index);
  step_date (g, &c->signed_on, signed_path, &signed_on);
  if (e != NULL && gp_date_is_set (&e->award_notice) &&
      past_deadline (g, &e->award_notice, CONTRACT_SIGN_DAYS, FALSE, &signed_on, &last, signed_path))
    add_late (g, signed_path, "contract-signed-late", SRC_L1 ("第46条"),
              _("The contract had to be signed within 30 days of the award notice; explain the delay."));
}

/* The contract's signing date, or a problem. */
static gboolean
contract_signed_on (Guard            *g,
                    const GpContract *c,
                    guint             index,
                    GDate            *out)
{
  if (!gp_date_is_set (&c->signed_on))
    {
      g_autofree char *path = g_strdup_printf ("contracts[%u].signed_on", index);

      add (g, path, "required", SRC_L1 ("第46条"), _("Fill in the signing date."));
      return FALSE;
    }
  *out = c->signed_on;
  return TRUE;
}

static void
guard_publish_contract (Guard *g)
{
  guint index;
  GpContract *c = require_contract (g, &index);
  g_autofree char *path = NULL;
  GDate signed_on, last;

  if (c == NULL || !contract_signed_on (g, c, index, &signed_on))
    return;
  path = g_strdup_printf ("contracts[%u].published_on", index);
  if (past_deadline (g, &signed_on, CONTRACT_PUBLISH_WORKDAYS, TRUE, &g->today, &last, path))
    add_late (g, path, "contract-published-late", SRC_L2 ("第50条"),
              _("The contract had to be published within 2 working days of signing; explain the delay."));
}

static void
check_filing (Guard *g,
              gboolean deadline)
{
  guint index;
  GpContract *c = require_contract (g, &index);
  g_autofree char *path = NULL;
  GDate signed_on, last;

  if (c == NULL)
    return;
  gp_validate_contract_fields (g->p, g->ctx, index, g->problems);
  check_contract_against_award (g, c, index);
  if (!contract_signed_on (g, c, index, &signed_on))
    return;
  path = g_strdup_printf ("contracts[%u].published_on", index);
  if (!gp_date_is_set (&c->published_on))
    add (g, path, "contract-not-published", SRC_L2 ("第50条"),
         _("Publish the contract before filing it."));
  g_free (path);
  path = g_strdup_printf ("contracts[%u].filed_on", index);
  if (deadline &&
      past_deadline (g, &signed_on, CONTRACT_FILE_WORKDAYS, TRUE,
                     /* 第47条 asks the purchaser to send it within the period: measured when sent. */
                     gp_date_is_set (&c->filing_submitted) ? &c->filing_submitted : &g->today, &last, path))
    add_late (g, path, "contract-filed-late", SRC_L1 ("第47条"),
              _("The contract had to be filed within 7 working days of signing; explain the delay."));
}

/* The purchaser sends the contract for filing once; the finance department files it or sends it
 * back (粤财采购函〔2020〕59号 [P18]; 政府采购法 第47条). */
static gboolean
filing_submitted (Guard *g)
{
  guint index;
  GpContract *c = target_contract (g->p, g->ctx, &index);

  return c != NULL && gp_date_is_set (&c->filing_submitted);
}

static void
guard_submit_contract_filing (Guard *g)
{
  if (filing_submitted (g) && !g->validating)
    add (g, "", "filing-already-submitted", SRC_P18,
         _("The contract has been sent for filing; the finance department files it or sends it back."));
  check_filing (g, TRUE);
}

static void
guard_file_contract (Guard *g)
{
  if (!filing_submitted (g) && !g->validating)
    add (g, "", "filing-not-submitted", SRC_P18,
         _("The purchaser has not sent the contract for filing."));
  check_filing (g, TRUE);
}

static void
guard_return_contract_filing (Guard *g)
{
  if (!filing_submitted (g) && !g->validating)
    add (g, "", "filing-not-submitted", SRC_P18,
         _("The purchaser has not sent the contract for filing."));
}

static void
guard_amend_contract (Guard *g)
{
  guint index;
  GpContract *c = require_contract (g, &index);

  if (c != NULL)
    gp_validate_contract_fields (g->p, g->ctx, index, g->problems);
}

static void
guard_accept (Guard *g)
{
  guint index;
  GpAcceptance *a;

  if (get_mall (g->p) != NULL)
    return;  /* E-mall: the purchaser confirms receipt. */
  a = target_acceptance (g->p, g->ctx, &index);
  if (a == NULL)
    {
      if (!g->validating)
        add (g, "acceptances", "acceptance-missing", SRC_L2 ("第45条"),
           _("Fill in the acceptance report first."));
      return;
    }
  gp_validate_acceptance_fields (g->p, g->ctx, index, g->problems);
  if (g_str_equal (g->t->action, "accept") && a->conclusion != GP_ACCEPTANCE_CONCLUSION_PASS)
    {
      g_autofree char *path = g_strdup_printf ("acceptances[%u].conclusion", index);

      add (g, path, "acceptance-not-passed", SRC_L2 ("第45条"),
           _("The acceptance report does not conclude “passed”."));
    }
  if (g_str_equal (g->t->action, "reject_acceptance") &&
      a->conclusion != GP_ACCEPTANCE_CONCLUSION_FAIL)
    {
      g_autofree char *path = g_strdup_printf ("acceptances[%u].conclusion", index);

      add (g, path, "acceptance-not-failed", SRC_L2 ("第45条"),
           _("The acceptance report does not conclude “failed”."));
    }
}

static void
guard_record_payment (Guard *g)
{
  guint index;
  GpPayment *pay = target_payment (g->p, g->ctx, &index);

  if (pay == NULL)
    {
      if (!g->validating)  /* Validation checks what is there; the next record is not a fault. */
        add (g, "payments", "payment-missing", SRC_L2 ("第51条"),
           _("Fill in the payment first."));
      return;
    }
  gp_validate_payment_fields (g->p, g->ctx, index, g->problems);
  gp_validate_payment_totals (g->p, g->problems);
  if (gp_date_is_set (&pay->paid) && g_date_compare (&pay->paid, &g->today) > 0)
    {
      g_autofree char *path = g_strdup_printf ("payments[%u].paid", index);

      add (g, path, "date-in-future", NULL, _("This date is in the future."));
    }
}

/* Σ paid against each contract (or the order) equals what is owed. */
static gboolean
fully_paid (const GpProject *p,
            const GpPayment *extra)
{
  const GpMallOrder *order = get_mall (p);

  if (order != NULL)
    {
      gint64 sum = 0;

      for (guint i = 0; i < p->payments->len; i++)
        {
          const GpPayment *pay = g_ptr_array_index (p->payments, i);

          if (gp_date_is_set (&pay->paid) || pay == extra)
            gp_money_add (sum, pay->amount, &sum);
        }
      return sum >= order->total;
    }

  if (p->contracts->len == 0)
    return FALSE;
  for (guint k = 0; k < p->contracts->len; k++)
    {
      const GpContract *c = g_ptr_array_index (p->contracts, k);
      gint64 sum = 0;

      for (guint i = 0; i < p->payments->len; i++)
        {
          const GpPayment *pay = g_ptr_array_index (p->payments, i);

          if (g_strcmp0 (pay->contract_id, c->id) == 0 &&
              (gp_date_is_set (&pay->paid) || pay == extra))
            gp_money_add (sum, pay->amount, &sum);
        }
      if (sum < gp_contract_total (c))
        return FALSE;
    }
  return TRUE;
}

static void
guard_close (Guard *g)
{
  if (!fully_paid (g->p, NULL))
    add (g, "payments", "payments-incomplete", "DOMAIN.md §5 #20",
         _("The contracts are not fully paid yet."));
  gp_validate_payment_totals (g->p, g->problems);
}

static void
guard_approve_internal (Guard *g)
{
  if (pending_approval (g->p, g->ctx) == NULL)
    add (g, "", "nothing-to-approve", SRC_DOMAIN7, _("There is nothing to approve in this state."));
}

typedef void (*GuardFunc) (Guard *g);

typedef struct {
  const char *action;
  GuardFunc   guard;
} GuardEntry;

static const GuardEntry guards[] = {
  { "publish_intention", guard_publish_intention },
  { "approve_internal", guard_approve_internal },
  { "start_plan", guard_start_plan },
  { "submit_plan", guard_submit_plan },
  { "file_plan", guard_file_plan },
  { "start_mall_order", guard_start_mall_order },
  { "submit_mall_order", guard_submit_mall_order },
  { "confirm_mall_order", guard_confirm_mall_order },
  { "entrust", guard_entrust },
  { "accept_entrustment", guard_accept_entrustment },
  { "confirm_documents", guard_confirm_documents },
  { "publish_notice", guard_publish_notice },
  { "correct_notice", guard_correct_notice },
  { "close_bids", guard_close_bids },
  { "record_evaluation", guard_record_evaluation },
  { "retender", guard_retender },
  { "confirm_result", guard_confirm_result },
  { "award", guard_award },
  { "challenge", guard_challenge },
  { "sign_contract", guard_sign_contract },
  { "publish_contract", guard_publish_contract },
  { "submit_contract_filing", guard_submit_contract_filing },
  { "file_contract", guard_file_contract },
  { "return_contract_filing", guard_return_contract_filing },
  { "amend_contract", guard_amend_contract },
  { "accept", guard_accept },
  { "reject_acceptance", guard_accept },
  { "record_payment", guard_record_payment },
  { "close", guard_close },
};

void
gp_lifecycle_collect_guards (const GpProject       *p,
                             const GpTransition    *t,
                             GpRole                 role,
                             const GpActionContext *ctx,
                             gboolean               validating,
                             GPtrArray             *problems)
{
  Guard g = { 0, };

  g.validating = validating;
  g.p = p;
  g.t = t;
  g.ctx = ctx;
  g.role = role;
  g.problems = problems;
  gp_date_from_usec_china (ctx->now, &g.today);
  gp_rules_lookup (ctx->rules ? ctx->rules : default_rules (), p->region,
                   rules_year (p, &g.today), &g.rv);

  if ((t->flags & GP_TRANSITION_NEEDS_REASON) && is_blank (ctx->reason))
    add (&g, "", "reason-required", t->source, _("Give the reason for this step."));
  if (t->flags & GP_TRANSITION_NEEDS_APPROVAL)
    guard_approval (&g);

  for (guint i = 0; i < G_N_ELEMENTS (guards); i++)
    if (g_str_equal (guards[i].action, t->action))
      {
        guards[i].guard (&g);
        break;
      }
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

/**
 * gp_lifecycle_get_transitions:
 * @n_transitions: (out): the number of rows
 *
 * Returns: (transfer none) (array length=n_transitions): the whole table
 */
const GpTransition *
gp_lifecycle_get_transitions (guint *n_transitions)
{
  g_return_val_if_fail (n_transitions != NULL, NULL);

  *n_transitions = G_N_ELEMENTS (transitions);
  return transitions;
}

/**
 * gp_lifecycle_find:
 * @action: an action name ("publish_intention", …)
 *
 * Returns: (transfer none) (nullable): the transition, or %NULL for an unknown action
 */
const GpTransition *
gp_lifecycle_find (const char *action)
{
  g_return_val_if_fail (action != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (g_str_equal (transitions[i].action, action))
      return &transitions[i];
  return NULL;
}

static gboolean
role_allowed (const GpTransition *t,
              const GpProject    *p,
              GpRole              role,
              GpDuty              duties)
{
  gboolean ok = (t->roles & GP_ROLE_BIT (role)) != 0;

  /* 自行采购: the purchaser takes the agency's steps itself (政府采购法 第18条). */
  if (!ok && role == GP_ROLE_PURCHASER && (t->flags & GP_TRANSITION_SELF_PROCUREMENT) &&
      p->plan != NULL && p->plan->organisation_form == GP_ORGANISATION_FORM_SELF)
    ok = TRUE;
  if (ok && role == GP_ROLE_PURCHASER && t->duty != GP_DUTY_NONE && (duties & t->duty) == 0)
    ok = FALSE;
  return ok;
}

static const char *
role_name (GpRole role)
{
  switch (role)
    {
    case GP_ROLE_PURCHASER:  return _("the purchaser");
    case GP_ROLE_AGENCY:     return _("the agency");
    case GP_ROLE_SUPERVISOR: return _("the finance department");
    case GP_ROLE_SUPPLIER:   return _("a supplier");
    case GP_ROLE_ADMIN:      return _("the administrator");
    case GP_ROLE_SYSTEM:     return _("the platform");
    default:                 return "?";
    }
}

/**
 * gp_lifecycle_check:
 * @project: the project
 * @action: the action's wire name
 * @role: the acting role
 * @ctx: the official time, calendar, rules and duties
 * @problems: (out) (optional) (transfer full) (element-type GpProblem): every failing guard
 *   (empty when the action may go ahead, or when refused for role or state)
 * @error: %GP_CORE_ERROR_INVALID (unknown action), %GP_CORE_ERROR_READ_ONLY (legacy project),
 *   %GP_CORE_ERROR_FORBIDDEN (role, duty or state), %GP_CORE_ERROR_GUARD (a legal guard fails;
 *   see @problems)
 *
 * Returns: %TRUE if @role may take @action on @project now
 */
gboolean
gp_lifecycle_check (const GpProject       *project,
                    const char            *action,
                    GpRole                 role,
                    const GpActionContext *ctx,
                    GPtrArray            **problems,
                    GError               **error)
{
  g_autoptr(GPtrArray) found = gp_problems_new ();
  g_autoptr(GError) local = NULL;
  const GpTransition *t;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;

  t = gp_lifecycle_find (action);
  if (t == NULL)
    {
      g_set_error (&local, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("“%s” is not an action of the procurement lifecycle"), action);
      goto out;
    }

  if (gp_lifecycle_is_read_only (project, ctx->rules))
    {
      g_set_error_literal (&local, GP_CORE_ERROR, GP_CORE_ERROR_READ_ONLY,
                           _("This project began before 2021-01-01 and finishes in the old system; it is read-only (粤财采购函〔2020〕59号)."));
      goto out;
    }

  if (!role_allowed (t, project, role, ctx->duties))
    {
      if ((t->roles & GP_ROLE_BIT (role)) && role == GP_ROLE_PURCHASER)
        g_set_error (&local, GP_CORE_ERROR, GP_CORE_ERROR_FORBIDDEN,
                     t->duty == GP_DUTY_REVIEWER
                       ? _("Only the unit’s reviewer (审核) may take the step “%s”.")
                       : _("Only the unit’s clerk (经办) may take the step “%s”."),
                     action);
      else
        g_set_error (&local, GP_CORE_ERROR, GP_CORE_ERROR_FORBIDDEN,
                     _("%s may not take the step “%s”."), role_name (role), action);
      goto out;
    }

  if (!(t->from_states & GP_STATE_BIT (project->status)))
    {
      g_set_error (&local, GP_CORE_ERROR, GP_CORE_ERROR_FORBIDDEN,
                   _("The step “%s” is not possible in the state “%s”."),
                   action, gp_project_state_to_string (project->status));
      goto out;
    }

  gp_lifecycle_collect_guards (project, t, role, ctx, FALSE, found);
  if (found->len > 0)
    g_set_error (&local, GP_CORE_ERROR, GP_CORE_ERROR_GUARD,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The step “%s” is refused: %u problem.",
                              "The step “%s” is refused: %u problems.", found->len),
                 action, found->len);

out:
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Apply
 */

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
copy_party (GpParty       *dst,
            const GpParty *src)
{
  set_string (&dst->name, src->name);
  set_string (&dst->uscc, src->uscc);
  dst->size = src->size;
}

static void
stamp_approval (GpApproval            *approval,
                const GpActionContext *ctx)
{
  if (!approval->prepared)
    {
      approval->prepared = TRUE;
      set_string (&approval->prepared_by, ctx->account);
      approval->prepared_at = ctx->now;
    }
  approval->approved = TRUE;
  set_string (&approval->approved_by, ctx->account);
  approval->approved_at = ctx->now;
}

static void
apply_action (GpProject             *p,
              const GpTransition    *t,
              GpRole                 role,
              const GpActionContext *ctx)
{
  const char *a = t->action;
  GpEntrustedProcurement *e = get_entrusted (p);
  GpMallOrder *order = get_mall (p);
  GpProjectState to = t->to_state;
  GDate today;
  guint index;

  gp_date_from_usec_china (ctx->now, &today);

  /* The implicit approval of an account holding both duties (DOMAIN.md §7). */
  if ((t->flags & GP_TRANSITION_NEEDS_APPROVAL) && role == GP_ROLE_PURCHASER)
    {
      GpApproval *approval = approval_for (p, a, ctx);

      if (approval != NULL && !approval->approved)
        stamp_approval (approval, ctx);
    }

  if (g_str_equal (a, "publish_intention"))
    p->intention->published = ctx->now;
  else if (g_str_equal (a, "approve_internal"))
    stamp_approval (pending_approval (p, ctx), ctx);
  else if (g_str_equal (a, "start_plan"))
    {
      if (p->plan == NULL)
        {
          p->plan = gp_plan_new ();
          if (p->intention != NULL)
            {
              set_string (&p->plan->name, p->intention->name);
              p->plan->total = p->intention->budget;
            }
        }
    }
  else if (g_str_equal (a, "submit_plan"))
    {
      p->plan->submitted = ctx->now;
      g_clear_pointer (&p->plan->return_reason, g_free);
    }
  else if (g_str_equal (a, "file_plan"))
    p->plan->filed = ctx->now;
  else if (g_str_equal (a, "return_plan"))
    {
      set_string (&p->plan->return_reason, ctx->reason);
      p->plan->submitted = 0;
      p->plan->approval.approved = FALSE;
    }
  else if (g_str_equal (a, "start_mall_order"))
    {
      if (p->execution == NULL)
        p->execution = gp_execution_new ();
      p->execution->kind = GP_EXECUTION_KIND_MALL;
      if (p->execution->mall == NULL)
        p->execution->mall = gp_mall_order_new ();
    }
  else if (g_str_equal (a, "submit_mall_order"))
    {
      order->status = GP_MALL_ORDER_STATUS_SUBMITTED;
      order->ordered = ctx->now;
    }
  else if (g_str_equal (a, "confirm_mall_order"))
    {
      order->status = GP_MALL_ORDER_STATUS_CONFIRMED;
      order->confirmed = ctx->now;
    }
  else if (g_str_equal (a, "accept_entrustment"))
    {
      if (p->execution == NULL)
        p->execution = gp_execution_new ();
      p->execution->kind = GP_EXECUTION_KIND_ENTRUSTED;
      if (p->execution->entrusted == NULL)
        p->execution->entrusted = gp_entrusted_procurement_new ();
      p->execution->entrusted->entrusted = today;
    }
  else if (g_str_equal (a, "confirm_documents"))
    e->docs_confirmed = today;
  else if (g_str_equal (a, "publish_notice"))
    e->notice_published = today;
  else if (g_str_equal (a, "correct_notice"))
    {
      GpCorrection *c = g_ptr_array_index (e->corrections, e->corrections->len - 1);

      c->published = today;
      if (gp_datetime_is_set (c->new_bid_deadline))
        e->bid_deadline = c->new_bid_deadline;
    }
  else if (g_str_equal (a, "close_bids"))
    {
      if (!gp_datetime_is_set (e->opening))
        e->opening = ctx->now;
    }
  else if (g_str_equal (a, "record_evaluation"))
    {
      e->evaluated = today;
      e->report_sent = today;
    }
  else if (g_str_equal (a, "fail_tender"))
    {
      if (e != NULL)
        {
          e->failed = TRUE;
          set_string (&e->failure_reason, ctx->reason);
        }
    }
  else if (g_str_equal (a, "retender"))
    {
      if (e != NULL)
        {
          e->failed = FALSE;
          g_ptr_array_set_size (e->bids, 0);
          g_date_clear (&e->docs_confirmed, 1);
          g_date_clear (&e->notice_published, 1);
          g_date_clear (&e->evaluated, 1);
          g_date_clear (&e->report_sent, 1);
          g_date_clear (&e->result_confirmed, 1);
          g_date_clear (&e->award_notice, 1);
          e->bid_deadline = 0;
          e->opening = 0;
          e->awarded_amount = 0;
        }
    }
  else if (g_str_equal (a, "confirm_result"))
    {
      const GpBid *first = first_ranked (e);

      e->result_confirmed = today;
      if (first != NULL && is_blank (e->awarded_supplier.name))
        {
          copy_party (&e->awarded_supplier, &first->supplier);
          e->awarded_amount = first->price;
        }
    }
  else if (g_str_equal (a, "award"))
    e->award_notice = today;
  else if (g_str_equal (a, "sign_contract"))
    {
      GpContract *c = target_contract (p, ctx, &index);

      if (!gp_date_is_set (&c->signed_on))
        c->signed_on = today;
    }
  else if (g_str_equal (a, "publish_contract"))
    target_contract (p, ctx, &index)->published_on = today;
  else if (g_str_equal (a, "submit_contract_filing"))
    {
      GpContract *c = target_contract (p, ctx, &index);

      c->filing_submitted = today;
      g_clear_pointer (&c->filing_return_reason, g_free);
    }
  else if (g_str_equal (a, "file_contract"))
    target_contract (p, ctx, &index)->filed_on = today;
  else if (g_str_equal (a, "return_contract_filing"))
    {
      GpContract *c = target_contract (p, ctx, &index);

      if (c != NULL)
        {
          c->approval.approved = FALSE;
          g_date_clear (&c->filing_submitted, 1);
          set_string (&c->filing_return_reason, ctx->reason);
        }
    }
  else if (g_str_equal (a, "confirm_delivery"))
    {
      if (order != NULL)
        {
          order->status = GP_MALL_ORDER_STATUS_DELIVERED;
          order->delivered = ctx->now;
        }
    }
  else if (g_str_equal (a, "accept") || g_str_equal (a, "reject_acceptance"))
    {
      if (order != NULL)
        {
          order->status = GP_MALL_ORDER_STATUS_RECEIVED;
          order->received = ctx->now;
        }
      else
        {
          GpAcceptance *acc = target_acceptance (p, ctx, &index);

          if (acc != NULL && !gp_date_is_set (&acc->date))
            acc->date = today;
        }
    }
  else if (g_str_equal (a, "record_payment"))
    {
      GpPayment *pay = target_payment (p, ctx, &index);

      if (!gp_date_is_set (&pay->paid))
        pay->paid = today;
      to = fully_paid (p, NULL) ? GP_PROJECT_STATE_PAID : GP_PROJECT_STATE_PAYING;
    }

  if (!(t->flags & GP_TRANSITION_STAYS))
    {
      p->status = to;
      if (gp_project_state_fixes_stage (to))
        p->stage = gp_project_state_get_stage (to);
    }
  p->updated = ctx->now;
}

/**
 * gp_lifecycle_apply:
 * @project: the project, changed in place on success
 * @action: the action's wire name
 * @role: the acting role
 * @ctx: the official time (stamped into the record), calendar, rules and duties
 * @problems: (out) (optional) (transfer full) (element-type GpProblem): as gp_lifecycle_check()
 * @error: as gp_lifecycle_check()
 *
 * Checks @action and, when allowed, moves @project to the new state and records the step: dates
 * from @ctx->now (intention published, plan submitted and filed, documents confirmed, notice
 * published, award notice, contract signed/published/filed, delivery, acceptance, payment),
 * the internal approval, and the reason where the step has one. Nothing changes on failure.
 *
 * Returns: %TRUE if the action was applied
 */
gboolean
gp_lifecycle_apply (GpProject             *project,
                    const char            *action,
                    GpRole                 role,
                    const GpActionContext *ctx,
                    GPtrArray            **problems,
                    GError               **error)
{
  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gp_lifecycle_check (project, action, role, ctx, problems, error))
    return FALSE;

  apply_action (project, gp_lifecycle_find (action), role, ctx);
  return TRUE;
}

/* A step taken that now waits for another party: not offered again (the contract filing). */
static gboolean
awaits_review (const GpProject    *p,
               const GpTransition *t)
{
  const GpContract *c;

  if (!g_str_equal (t->action, "submit_contract_filing") || p->contracts->len == 0)
    return FALSE;
  c = g_ptr_array_index (p->contracts, p->contracts->len - 1);
  return gp_date_is_set (&c->filing_submitted);
}

/**
 * gp_lifecycle_available_actions:
 * @project: the project
 * @role: the role of the account
 * @duties: the purchaser duties of the account
 *
 * The actions the role may take in the project's state, for the UI's buttons. Guards are not
 * evaluated: a listed action can still be refused with problems (call gp_lifecycle_check()). A
 * step already taken that waits for another party (a contract sent for filing) is not listed.
 *
 * Returns: (transfer container) (element-type GpTransition): the transitions, possibly empty
 */
GPtrArray *
gp_lifecycle_available_actions (const GpProject *project,
                                GpRole           role,
                                GpDuty           duties)
{
  GPtrArray *actions = g_ptr_array_new ();

  g_return_val_if_fail (project != NULL, actions);

  if (gp_lifecycle_is_read_only (project, NULL))
    return actions;
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      const GpTransition *t = &transitions[i];

      if ((t->from_states & GP_STATE_BIT (project->status)) &&
          role_allowed (t, project, role, duties) && !awaits_review (project, t))
        g_ptr_array_add (actions, (gpointer)t);
    }
  return actions;
}

/**
 * gp_lifecycle_notice_for:
 * @transition: a transition
 * @project: the project it is applied to
 * @out_name: (out) (optional) (transfer none): the notice's Chinese name
 *
 * The gdgpo noticeType prefix (DOMAIN.md §2.1) of the public notice the step publishes for this
 * project: the 采购公告 depends on the method (资格预审 for an invited tender, 单一来源公示), a
 * 终止公告 only follows a published notice. The 验收公告 (%GP_TRANSITION_NOTICE_CONDITIONAL) is
 * required for public-service projects only (实施条例 第45条; the plan's public_service).
 *
 * Returns: (nullable): the code, or %NULL when no notice is published
 */
const char *
gp_lifecycle_notice_for (const GpTransition *t,
                         const GpProject    *p,
                         const char        **out_name)
{
  const char *code = t->notice_code;
  const char *name = t->notice_name;

  g_return_val_if_fail (t != NULL && p != NULL, NULL);

  if (g_str_equal (t->action, "publish_notice"))
    {
      if (project_method (p) == GP_PROCUREMENT_METHOD_INVITED_TENDER)
        code = "001052", name = "资格预审公告";
      else if (project_method (p) == GP_PROCUREMENT_METHOD_SINGLE_SOURCE)
        code = "001051", name = "单一来源公示";
    }
  else if (g_str_equal (t->action, "terminate"))
    {
      const GpEntrustedProcurement *e = get_entrusted (p);

      if (e == NULL || !gp_date_is_set (&e->notice_published))
        code = NULL, name = NULL;
    }
  else if (g_str_equal (t->action, "accept"))
    {
      if (p->plan == NULL || !p->plan->public_service)
        code = NULL, name = NULL;
    }

  if (out_name != NULL)
    *out_name = name;
  return code;
}

/**
 * gp_sme_late_interest:
 * @amount: the overdue amount, in 分
 * @days_late: days after the due date
 * @agreed_ppm_per_year: the agreed yearly rate in parts per million, or -1 when none was agreed
 *
 * Late interest owed to a small or medium supplier: the agreed rate (which must be at least the
 * 1-year LPR at signing), or 0.05% per day when none was agreed (保障中小企业款项支付条例 2020
 * 第15条, 2025 第17条). Rounded to the nearest 分.
 *
 * Returns: the interest in 分
 */
gint64
gp_sme_late_interest (gint64 amount,
                      guint  days_late,
                      gint   agreed_ppm_per_year)
{
#ifdef __SIZEOF_INT128__
  __int128 num, den;
#else
  long double num, den;
#endif

  g_return_val_if_fail (amount >= 0 && amount <= GP_MONEY_MAX, 0);

  if (agreed_ppm_per_year < 0)
    {
      num = amount;
      num = num * 5 * days_late;
      den = 10000;
    }
  else
    {
      num = amount;
      num = num * agreed_ppm_per_year * days_late;
      den = (gint64)1000000 * 365;
    }
#ifdef __SIZEOF_INT128__
  return (gint64)((num + den / 2) / den);
#else
  return (gint64)(num / den + 0.5L);
#endif
}
