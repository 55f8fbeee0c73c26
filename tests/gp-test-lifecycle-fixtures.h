/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-lifecycle-fixtures.h: consistent sample projects at any state, for the lifecycle tests.
 */
#pragma once

#include <stdio.h>
#include <string.h>

#include "gp-calendar.h"
#include "gp-codec.h"
#include "gp-error.h"
#include "gp-ids.h"
#include "gp-lifecycle.h"
#include "gp-money.h"
#include "gp-project.h"
#include "gp-rules.h"
#include "gp-validate.h"

#define WAN(n) ((gint64)(n) * GP_MONEY_FEN_PER_WAN)

static GpCalendar *fx_calendar;
static GpRules *fx_rules;

static inline GDate
fx_date (const char *iso)
{
  GDate date;
  unsigned int y, m, d;

  g_assert_cmpint (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
  return date;
}

static inline char *
fx_iso (const GDate *date)
{
  if (!g_date_valid (date))
    return g_strdup ("(unset)");
  return g_strdup_printf ("%04d-%02d-%02d", (int)g_date_get_year (date),
                          (int)g_date_get_month (date), (int)g_date_get_day (date));
}

/* "2024-03-01" → 10:00 China time that day, in µs since the epoch. */
static inline gint64
fx_usec (const char *iso)
{
  g_autofree char *text = g_strdup_printf ("%sT10:00:00+08:00", iso);
  gint64 usec = 0;

  g_assert_true (gp_codec_parse_datetime (text, &usec));
  return usec;
}

static inline char *
fx_uscc (const char *first17)
{
  char *code = g_strdup_printf ("%s%c", first17, gp_uscc_compute_check (first17));

  g_assert_true (gp_uscc_validate (code, NULL));
  return code;
}

static inline void
fx_init (int    *argc,
         char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);
  fx_calendar = gp_calendar_load_default (&error);
  g_assert_no_error (error);
  fx_rules = gp_rules_new_default ();
}

/* A context at 10:00 China time on @iso, for an account holding both purchaser duties. */
static inline GpActionContext
fx_ctx (const char *iso)
{
  GpActionContext ctx = { 0, };

  ctx.now = fx_usec (iso);
  ctx.calendar = fx_calendar;
  ctx.rules = fx_rules;
  ctx.duties = GP_DUTY_BOTH;
  ctx.account = "44010400100002";
  return ctx;
}

static inline void
fx_party (GpParty    *party,
          const char *name,
          const char *first17,
          GpEnterpriseSize size)
{
  g_free (party->name);
  g_free (party->uscc);
  party->name = g_strdup (name);
  party->uscc = fx_uscc (first17);
  party->size = size;
}

static inline GpBid *
fx_bid (const char *name,
        const char *first17,
        gint64      price,
        guint       rank)
{
  GpBid *bid = gp_bid_new ();

  fx_party (&bid->supplier, name, first17, GP_ENTERPRISE_SIZE_SMALL);
  bid->price = price;
  bid->valid = TRUE;
  bid->rank = rank;
  return bid;
}

/*
 * A project procured by open tender through an agency, with everything recorded that exists by
 * @state (a state of the project branch). Timeline (2024, Guangzhou 越秀区 440104):
 *   intention published 03-01 (expected April), plan start 04-08, total 500万 (goods),
 *   documents 04-08…04-15, deadline 04-30, 3 valid bids (480/490/495万), evaluated 04-30,
 *   result confirmed 05-06, award notice 05-07 (480万), contract signed 05-20, published 05-21,
 *   filed 05-24, delivered, accepted 07-01 (two standards), paid 480万 on 07-15.
 */
static inline GpProject *
fx_project (GpProjectState state)
{
  GpProject *p = gp_project_new_draft ("440104");
  GpEntrustedProcurement *e;
  GpContract *c;
  GpBudgetLine *line;

  p->created = fx_usec ("2024-02-01");
  p->updated = p->created;
  p->purchaser.name = g_strdup ("广州市越秀区某局");
  p->purchaser.budget_code = g_strdup ("104001");
  p->status = state;
  p->stage = gp_project_state_get_stage (state);

  p->intention = gp_intention_new ();
  p->intention->name = g_strdup ("办公设备采购");
  p->intention->summary = g_strdup ("台式计算机 200 台");
  p->intention->budget = WAN (500);
  p->intention->expected_month = fx_date ("2024-04-01");
  p->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;
  if (state == GP_PROJECT_STATE_INTENT_DRAFT)
    return p;
  p->intention->published = fx_usec ("2024-03-01");
  if (state == GP_PROJECT_STATE_INTENT_PUBLISHED)
    return p;

  p->plan = gp_plan_new ();
  p->plan->name = g_strdup ("办公设备采购");
  p->plan->content = g_strdup ("台式计算机 200 台");
  p->plan->total = WAN (500);
  p->plan->method = GP_PROCUREMENT_METHOD_OPEN_TENDER;
  p->plan->nature = GP_PROCUREMENT_NATURE_GOODS;
  p->plan->organisation_form = GP_ORGANISATION_FORM_ENTRUSTED;
  p->plan->funding_type = GP_FUNDING_TYPE_FISCAL_INDEX;
  line = gp_budget_line_new ();
  line->index_code = g_strdup ("2024-104-0001");
  line->amount = WAN (500);
  g_ptr_array_add (p->plan->budget_lines, line);
  p->plan->planned_start = fx_date ("2024-04-08");
  p->plan->sme_reserved = TRUE;
  p->plan->sme_share_bp = 3000;
  if (state == GP_PROJECT_STATE_PLAN_DRAFT)
    return p;
  p->plan->submitted = fx_usec ("2024-03-10");
  if (state == GP_PROJECT_STATE_PLAN_SUBMITTED)
    return p;
  p->plan->filed = fx_usec ("2024-03-12");
  if (state == GP_PROJECT_STATE_PLAN_FILED)
    return p;

  p->execution = gp_execution_new ();
  p->execution->kind = GP_EXECUTION_KIND_ENTRUSTED;
  p->execution->entrusted = e = gp_entrusted_procurement_new ();
  fx_party (&e->agency, "广东某招标代理有限公司", "91440101MA59AGENC", GP_ENTERPRISE_SIZE_SMALL);
  e->project_code = g_strdup ("GZ-2024-0012");
  e->entrusted = fx_date ("2024-03-15");
  e->docs_from = fx_date ("2024-04-08");
  e->docs_until = fx_date ("2024-04-15");
  e->bid_deadline = fx_usec ("2024-04-30");
  e->bid_security = WAN (10);
  if (state == GP_PROJECT_STATE_ENTRUSTED)
    return p;
  e->docs_confirmed = fx_date ("2024-04-01");
  if (state == GP_PROJECT_STATE_DOCS_CONFIRMED)
    return p;
  e->notice_published = fx_date ("2024-04-08");
  if (state == GP_PROJECT_STATE_NOTICE_PUBLISHED)
    return p;
  e->opening = e->bid_deadline;
  g_ptr_array_add (e->bids, fx_bid ("甲公司", "91440101MA59AAAA1", WAN (480), 1));
  g_ptr_array_add (e->bids, fx_bid ("乙公司", "91440101MA59BBBB2", WAN (490), 2));
  g_ptr_array_add (e->bids, fx_bid ("丙公司", "91440101MA59CCCC3", WAN (495), 3));
  if (state == GP_PROJECT_STATE_BID_CLOSED)
    return p;
  e->evaluated = fx_date ("2024-04-30");
  e->report_sent = fx_date ("2024-04-30");
  if (state == GP_PROJECT_STATE_EVALUATED)
    return p;
  e->result_confirmed = fx_date ("2024-05-06");
  fx_party (&e->awarded_supplier, "甲公司", "91440101MA59AAAA1", GP_ENTERPRISE_SIZE_SMALL);
  e->awarded_amount = WAN (480);
  if (state == GP_PROJECT_STATE_RESULT_CONFIRMED)
    return p;
  e->award_notice = fx_date ("2024-05-07");

  /* The contract is drafted while AWARDED and signed by sign_contract. */
  c = gp_contract_new ();
  c->id = g_strdup ("c1");
  c->number = g_strdup ("HT-2024-001");
  c->title = g_strdup ("办公设备采购合同");
  fx_party (&c->supplier, "甲公司", "91440101MA59AAAA1", GP_ENTERPRISE_SIZE_SMALL);
  c->amount = WAN (480);
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("性能"));
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("安全"));
  g_ptr_array_add (p->contracts, c);
  if (state == GP_PROJECT_STATE_AWARDED || state == GP_PROJECT_STATE_CHALLENGED)
    return p;
  c->signed_on = fx_date ("2024-05-20");
  if (state == GP_PROJECT_STATE_CONTRACT_SIGNED)
    return p;
  c->published_on = fx_date ("2024-05-21");
  if (state == GP_PROJECT_STATE_CONTRACT_PUBLISHED)
    return p;
  c->filed_on = fx_date ("2024-05-24");
  if (state == GP_PROJECT_STATE_CONTRACT_FILED || state == GP_PROJECT_STATE_IN_PERFORMANCE ||
      state == GP_PROJECT_STATE_DELIVERED)
    {
      if (state == GP_PROJECT_STATE_DELIVERED)
        {
          GpAcceptance *a = gp_acceptance_new ();
          GpTeamMember *m = gp_team_member_new ();
          const char *names[] = { "性能", "安全" };

          a->id = g_strdup ("a1");
          a->contract_id = g_strdup ("c1");
          m->name = g_strdup ("张三");
          m->role = g_strdup ("组长");
          m->has_signed = TRUE;
          g_ptr_array_add (a->team, m);
          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            {
              GpCriterionResult *r = gp_criterion_result_new ();

              r->criterion = g_strdup (names[i]);
              r->required = g_strdup ("符合合同");
              r->actual = g_strdup ("符合");
              r->passed = TRUE;
              g_ptr_array_add (a->results, r);
            }
          a->conclusion = GP_ACCEPTANCE_CONCLUSION_PASS;
          a->date = fx_date ("2024-07-01");
          g_ptr_array_add (p->acceptances, a);
        }
      return p;
    }

  /* ACCEPTED and later: the acceptance and one instalment for the whole amount. */
  {
    GpAcceptance *a = gp_acceptance_new ();
    GpTeamMember *m = gp_team_member_new ();
    GpPayment *pay = gp_payment_new ();
    const char *names[] = { "性能", "安全" };

    a->id = g_strdup ("a1");
    a->contract_id = g_strdup ("c1");
    m->name = g_strdup ("张三");
    m->has_signed = TRUE;
    g_ptr_array_add (a->team, m);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        GpCriterionResult *r = gp_criterion_result_new ();

        r->criterion = g_strdup (names[i]);
        r->passed = TRUE;
        g_ptr_array_add (a->results, r);
      }
    a->conclusion = GP_ACCEPTANCE_CONCLUSION_PASS;
    a->date = fx_date ("2024-07-01");
    g_ptr_array_add (p->acceptances, a);

    pay->id = g_strdup ("p1");
    pay->contract_id = g_strdup ("c1");
    pay->instalment = 1;
    pay->amount = WAN (480);
    pay->trigger = GP_PAYMENT_TRIGGER_ACCEPTANCE;
    pay->trigger_date = fx_date ("2024-07-01");
    pay->funding_route = GP_FUNDING_ROUTE_TREASURY;
    pay->late_interest_ppm = -1;
    if (state == GP_PROJECT_STATE_PAID || state == GP_PROJECT_STATE_CLOSED)
      pay->paid = fx_date ("2024-07-15");
    g_ptr_array_add (p->payments, pay);
  }
  return p;
}

/* An e-mall purchase of 20万 (goods) at @state (PLAN_FILED, MALL_ORDERING, …, DELIVERED). */
static inline GpProject *
fx_mall_project (GpProjectState state)
{
  GpProject *p = fx_project (GP_PROJECT_STATE_PLAN_FILED);
  GpMallOrder *o;
  GpItem *item;

  p->intention->budget = WAN (20);
  p->plan->total = WAN (20);
  p->plan->method = GP_PROCUREMENT_METHOD_MALL_DIRECT;
  p->plan->organisation_form = GP_ORGANISATION_FORM_SELF;
  p->plan->sme_reserved = FALSE;
  ((GpBudgetLine *)g_ptr_array_index (p->plan->budget_lines, 0))->amount = WAN (20);
  p->status = state;
  p->stage = gp_project_state_get_stage (state);
  if (state == GP_PROJECT_STATE_PLAN_FILED)
    return p;

  p->execution = gp_execution_new ();
  p->execution->kind = GP_EXECUTION_KIND_MALL;
  p->execution->mall = o = gp_mall_order_new ();
  o->order_no = g_strdup ("DD-2024-1");
  item = gp_item_new ();
  item->name = g_strdup ("台式计算机");
  item->catalog_code = g_strdup ("A02010105");
  item->quantity_milli = 40000;
  item->unit_price = 500000;
  item->total = WAN (20);
  g_ptr_array_add (o->items, item);
  o->total = WAN (20);
  fx_party (&o->supplier, "丁公司", "91440101MA59DDDD4", GP_ENTERPRISE_SIZE_MICRO);
  o->consignee.name = g_strdup ("李四");
  o->consignee.phone = g_strdup ("020-12345678");
  o->consignee.address = g_strdup ("广州市越秀区某路 1 号");
  if (state == GP_PROJECT_STATE_MALL_ORDERING)
    return p;
  o->status = GP_MALL_ORDER_STATUS_CONFIRMED;
  o->ordered = fx_usec ("2024-03-20");
  o->confirmed = fx_usec ("2024-03-21");
  if (state == GP_PROJECT_STATE_MALL_ORDER_CONFIRMED)
    return p;
  o->status = GP_MALL_ORDER_STATUS_DELIVERED;
  o->delivered = fx_usec ("2024-03-28");
  return p;
}

/* Checks @action and asserts it passes; then applies it. */
static inline void
fx_assert_ok (GpProject             *p,
              const char            *action,
              GpRole                 role,
              const GpActionContext *ctx)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  if (!gp_lifecycle_apply (p, action, role, ctx, &problems, &error))
    {
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        {
          const GpProblem *pr = g_ptr_array_index (problems, i);

          g_test_message ("problem %s at %s: %s [%s]", pr->code, pr->path, pr->message, pr->source);
        }
      g_assert_no_error (error);
    }
}

/* Asserts @action is refused by a guard with @code among the problems (and does not apply). */
static inline void
fx_assert_guard (GpProject             *p,
                 const char            *action,
                 GpRole                 role,
                 const GpActionContext *ctx,
                 const char            *code)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) before = gp_project_copy (p);

  g_assert_false (gp_lifecycle_apply (p, action, role, ctx, &problems, &error));
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_GUARD);
  g_assert_nonnull (problems);
  if (gp_problems_find (problems, code) == NULL)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          const GpProblem *pr = g_ptr_array_index (problems, i);

          g_test_message ("problem %s at %s: %s", pr->code, pr->path, pr->message);
        }
      g_error ("expected problem %s for %s", code, action);
    }
  g_assert_true (gp_project_equal (p, before));
}

static inline void
fx_assert_forbidden (GpProject             *p,
                     const char            *action,
                     GpRole                 role,
                     const GpActionContext *ctx,
                     GpCoreError            code)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (gp_lifecycle_check (p, action, role, ctx, &problems, &error));
  g_assert_error (error, GP_CORE_ERROR, (gint)code);
}
