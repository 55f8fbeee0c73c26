/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-lifecycle.c: the state machine, its roles and duties, and every legal guard (pass and fail).
 */
#include "config.h"

#include <locale.h>

#include "gp-test-lifecycle-fixtures.h"

/* ---------------------------------------------------------------------------------------------
 * The table
 */

static void
test_table_is_consistent (void)
{
  guint n;
  const GpTransition *table = gp_lifecycle_get_transitions (&n);

  g_assert_cmpuint (n, >=, 30);
  for (guint i = 0; i < n; i++)
    {
      const GpTransition *t = &table[i];

      g_assert_true (gp_lifecycle_find (t->action) == t);
      g_assert_cmpuint (t->from_states, !=, 0);
      g_assert_cmpuint (t->roles, !=, 0);
      g_assert_nonnull (t->source);
      g_assert_cmpstr (t->source, !=, "");
      /* Nothing ever leaves LEGACY or a terminal state. */
      g_assert_false (t->from_states & GP_STATE_BIT (GP_PROJECT_STATE_LEGACY));
      g_assert_false (t->from_states & GP_STATE_BIT (GP_PROJECT_STATE_CLOSED));
      g_assert_false (t->from_states & GP_STATE_BIT (GP_PROJECT_STATE_TERMINATED));
      g_assert_false (t->roles & GP_ROLE_BIT (GP_ROLE_ADMIN));
      for (guint j = i + 1; j < n; j++)
        g_assert_cmpstr (t->action, !=, table[j].action);
    }
  g_assert_null (gp_lifecycle_find ("bribe_evaluator"));
}

static void
test_unknown_action_is_invalid (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-01");

  fx_assert_forbidden (p, "bribe_evaluator", GP_ROLE_PURCHASER, &ctx, GP_CORE_ERROR_INVALID);
}

/* DOMAIN.md §5 row by row: the main path applies from intention to closing. */
static void
test_main_path_reaches_closed (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx;
  GpContract *c;
  GpAcceptance *a;
  GpPayment *pay;
  const char *names[] = { "性能", "安全" };
  g_autoptr(GpProject) template = fx_project (GP_PROJECT_STATE_NOTICE_PUBLISHED);

  ctx = fx_ctx ("2024-03-01");
  fx_assert_ok (p, "publish_intention", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_INTENT_PUBLISHED);
  g_assert_cmpint (p->intention->published, ==, ctx.now);

  ctx = fx_ctx ("2024-03-05");
  fx_assert_ok (p, "start_plan", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->stage, ==, GP_STAGE_PLAN);
  g_assert_cmpstr (p->plan->name, ==, "办公设备采购");
  gp_plan_free (p->plan);
  p->plan = gp_plan_copy (template->plan);
  p->plan->submitted = p->plan->filed = 0;
  fx_assert_ok (p, "submit_plan", GP_ROLE_PURCHASER, &ctx);
  g_assert_true (p->plan->approval.approved);
  fx_assert_ok (p, "file_plan", GP_ROLE_SUPERVISOR, &ctx);
  g_assert_cmpint (p->plan->filed, ==, ctx.now);

  p->execution = gp_execution_copy (template->execution);
  g_date_clear (&p->execution->entrusted->docs_confirmed, 1);
  g_date_clear (&p->execution->entrusted->notice_published, 1);
  fx_assert_ok (p, "entrust", GP_ROLE_PURCHASER, &ctx);
  fx_assert_ok (p, "accept_entrustment", GP_ROLE_AGENCY, &ctx);
  ctx = fx_ctx ("2024-04-01");
  fx_assert_ok (p, "confirm_documents", GP_ROLE_PURCHASER, &ctx);
  ctx = fx_ctx ("2024-04-08");
  fx_assert_ok (p, "publish_notice", GP_ROLE_AGENCY, &ctx);
  g_assert_cmpint (p->stage, ==, GP_STAGE_EXECUTION);

  ctx = fx_ctx ("2024-04-30");
  fx_assert_ok (p, "close_bids", GP_ROLE_SYSTEM, &ctx);
  g_ptr_array_add (p->execution->entrusted->bids, fx_bid ("甲公司", "91440101MA59AAAA1", WAN (480), 1));
  g_ptr_array_add (p->execution->entrusted->bids, fx_bid ("乙公司", "91440101MA59BBBB2", WAN (490), 2));
  g_ptr_array_add (p->execution->entrusted->bids, fx_bid ("丙公司", "91440101MA59CCCC3", WAN (495), 3));
  fx_assert_ok (p, "record_evaluation", GP_ROLE_AGENCY, &ctx);
  ctx = fx_ctx ("2024-05-06");
  fx_assert_ok (p, "confirm_result", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->execution->entrusted->awarded_amount, ==, WAN (480));
  ctx = fx_ctx ("2024-05-07");
  fx_assert_ok (p, "award", GP_ROLE_AGENCY, &ctx);

  c = gp_contract_new ();
  c->id = g_strdup ("c1");
  c->number = g_strdup ("HT-1");
  c->title = g_strdup ("合同");
  fx_party (&c->supplier, "甲公司", "91440101MA59AAAA1", GP_ENTERPRISE_SIZE_SMALL);
  c->amount = WAN (480);
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("性能"));
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("安全"));
  g_ptr_array_add (p->contracts, c);
  ctx = fx_ctx ("2024-05-20");
  fx_assert_ok (p, "sign_contract", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (g_date_get_day (&c->signed_on), ==, 20);
  fx_assert_ok (p, "publish_contract", GP_ROLE_PURCHASER, &ctx);
  fx_assert_ok (p, "submit_contract_filing", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  ctx = fx_ctx ("2024-05-24");
  fx_assert_ok (p, "file_contract", GP_ROLE_SUPERVISOR, &ctx);
  g_assert_cmpint (p->stage, ==, GP_STAGE_CONTRACT);
  fx_assert_ok (p, "start_performance", GP_ROLE_SUPPLIER, &ctx);
  ctx = fx_ctx ("2024-06-20");
  fx_assert_ok (p, "confirm_delivery", GP_ROLE_SUPPLIER, &ctx);

  a = gp_acceptance_new ();
  a->id = g_strdup ("a1");
  a->contract_id = g_strdup ("c1");
  {
    GpTeamMember *m = gp_team_member_new ();

    m->name = g_strdup ("张三");
    m->has_signed = TRUE;
    g_ptr_array_add (a->team, m);
  }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GpCriterionResult *r = gp_criterion_result_new ();

      r->criterion = g_strdup (names[i]);
      r->passed = TRUE;
      g_ptr_array_add (a->results, r);
    }
  a->conclusion = GP_ACCEPTANCE_CONCLUSION_PASS;
  g_ptr_array_add (p->acceptances, a);
  ctx = fx_ctx ("2024-07-01");
  fx_assert_ok (p, "accept", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->stage, ==, GP_STAGE_ACCEPTANCE);
  g_assert_true (g_date_valid (&a->date));

  pay = gp_payment_new ();
  pay->id = g_strdup ("p1");
  pay->contract_id = g_strdup ("c1");
  pay->instalment = 1;
  pay->amount = WAN (200);
  pay->trigger = GP_PAYMENT_TRIGGER_ACCEPTANCE;
  pay->trigger_date = a->date;
  pay->late_interest_ppm = -1;
  g_ptr_array_add (p->payments, pay);
  fx_assert_ok (p, "record_payment", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_PAYING);

  pay = gp_payment_copy (pay);
  g_free (pay->id);
  pay->id = g_strdup ("p2");
  pay->instalment = 2;
  pay->amount = WAN (280);
  g_date_clear (&pay->paid, 1);
  pay->approval.approved = FALSE;
  g_ptr_array_add (p->payments, pay);
  ctx = fx_ctx ("2024-07-10");
  fx_assert_ok (p, "record_payment", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_PAID);
  fx_assert_ok (p, "close", GP_ROLE_SYSTEM, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_CLOSED);
  g_assert_cmpint (p->updated, ==, ctx.now);
}

/* ---------------------------------------------------------------------------------------------
 * Roles, duties, states, legacy
 */

static void
test_supplier_cannot_file_plan (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_SUBMITTED);
  GpActionContext ctx = fx_ctx ("2024-03-12");

  fx_assert_forbidden (p, "file_plan", GP_ROLE_SUPPLIER, &ctx, GP_CORE_ERROR_FORBIDDEN);
  fx_assert_forbidden (p, "file_plan", GP_ROLE_PURCHASER, &ctx, GP_CORE_ERROR_FORBIDDEN);
  fx_assert_forbidden (p, "file_plan", GP_ROLE_ADMIN, &ctx, GP_CORE_ERROR_FORBIDDEN);
  fx_assert_ok (p, "file_plan", GP_ROLE_SUPERVISOR, &ctx);
}

static void
test_contract_cannot_be_signed_before_award (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_RESULT_CONFIRMED);
  GpActionContext ctx = fx_ctx ("2024-05-06");

  fx_assert_forbidden (p, "sign_contract", GP_ROLE_PURCHASER, &ctx, GP_CORE_ERROR_FORBIDDEN);
}

static void
test_legacy_project_is_read_only (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_SUBMITTED);
  g_autoptr(GPtrArray) actions = NULL;
  GpActionContext ctx = fx_ctx ("2021-03-12");

  p->created = fx_usec ("2020-12-31");
  g_assert_true (gp_lifecycle_is_read_only (p, NULL));
  fx_assert_forbidden (p, "file_plan", GP_ROLE_SUPERVISOR, &ctx, GP_CORE_ERROR_READ_ONLY);
  actions = gp_lifecycle_available_actions (p, GP_ROLE_SUPERVISOR, GP_DUTY_NONE);
  g_assert_cmpuint (actions->len, ==, 0);

  p->created = fx_usec ("2021-01-01");
  g_assert_false (gp_lifecycle_is_read_only (p, NULL));
  fx_assert_ok (p, "file_plan", GP_ROLE_SUPERVISOR, &ctx);

  p->legacy = TRUE;
  fx_assert_forbidden (p, "approve_internal", GP_ROLE_PURCHASER, &ctx, GP_CORE_ERROR_READ_ONLY);
}

/* DOMAIN.md §7: 经办 prepares, 审核 approves before the document goes out. */
static void
test_clerk_needs_reviewer_approval (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext clerk = fx_ctx ("2024-03-01");
  GpActionContext reviewer = fx_ctx ("2024-03-01");

  clerk.duties = GP_DUTY_CLERK;
  clerk.account = "clerk-002";
  reviewer.duties = GP_DUTY_REVIEWER;
  reviewer.account = "reviewer-001";

  fx_assert_guard (p, "publish_intention", GP_ROLE_PURCHASER, &clerk, "internal-approval-missing");
  fx_assert_forbidden (p, "approve_internal", GP_ROLE_PURCHASER, &clerk, GP_CORE_ERROR_FORBIDDEN);
  fx_assert_ok (p, "approve_internal", GP_ROLE_PURCHASER, &reviewer);
  g_assert_true (p->intention->approval.approved);
  g_assert_cmpstr (p->intention->approval.approved_by, ==, "reviewer-001");
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_INTENT_DRAFT);
  fx_assert_ok (p, "publish_intention", GP_ROLE_PURCHASER, &clerk);
}

static void
test_reviewer_cannot_prepare (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_PUBLISHED);
  GpActionContext reviewer = fx_ctx ("2024-03-05");

  reviewer.duties = GP_DUTY_REVIEWER;
  fx_assert_forbidden (p, "start_plan", GP_ROLE_PURCHASER, &reviewer, GP_CORE_ERROR_FORBIDDEN);
  reviewer.duties = GP_DUTY_CLERK;
  fx_assert_ok (p, "start_plan", GP_ROLE_PURCHASER, &reviewer);
}

/* 政府采购法 第18条: a self-procuring purchaser takes the agency's steps itself. */
static void
test_self_procuring_purchaser_publishes_notice (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DOCS_CONFIRMED);
  GpActionContext ctx = fx_ctx ("2024-04-08");

  fx_assert_forbidden (p, "publish_notice", GP_ROLE_PURCHASER, &ctx, GP_CORE_ERROR_FORBIDDEN);
  p->plan->organisation_form = GP_ORGANISATION_FORM_SELF;
  fx_assert_ok (p, "publish_notice", GP_ROLE_PURCHASER, &ctx);
}

static void
test_available_actions_follow_role_and_state (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  g_autoptr(GPtrArray) pur = gp_lifecycle_available_actions (p, GP_ROLE_PURCHASER, GP_DUTY_BOTH);
  g_autoptr(GPtrArray) sup = gp_lifecycle_available_actions (p, GP_ROLE_SUPPLIER, GP_DUTY_NONE);
  gboolean submit = FALSE, file = FALSE;

  for (guint i = 0; i < pur->len; i++)
    {
      const GpTransition *t = g_ptr_array_index (pur, i);

      submit |= g_str_equal (t->action, "submit_plan");
      file |= g_str_equal (t->action, "file_plan");
    }
  g_assert_true (submit);
  g_assert_false (file);
  g_assert_cmpuint (sup->len, ==, 0);
}

static void
test_notice_codes (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DOCS_CONFIRMED);
  const char *name = NULL;

  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("publish_intention"), p, &name), ==, "59");
  g_assert_cmpstr (name, ==, "采购意向公开");
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("file_plan"), p, NULL), ==, "001101");
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("publish_notice"), p, NULL), ==, "00101");
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("award"), p, NULL), ==, "00102");
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("publish_contract"), p, NULL), ==, "001054");
  /* No 终止公告 before a notice was published. */
  g_assert_null (gp_lifecycle_notice_for (gp_lifecycle_find ("terminate"), p, NULL));
  g_assert_null (gp_lifecycle_notice_for (gp_lifecycle_find ("submit_plan"), p, NULL));
  p->plan->method = GP_PROCUREMENT_METHOD_SINGLE_SOURCE;
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("publish_notice"), p, NULL), ==, "001051");
  p->execution->entrusted->notice_published = fx_date ("2024-04-08");
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("terminate"), p, NULL), ==, "001004");
  /* The 验收公告 only for services provided to the public (实施条例 第45条). */
  g_assert_null (gp_lifecycle_notice_for (gp_lifecycle_find ("accept"), p, NULL));
  p->plan->public_service = TRUE;
  g_assert_cmpstr (gp_lifecycle_notice_for (gp_lifecycle_find ("accept"), p, NULL), ==, "001009");
}

/* 实施条例 第45条: the acceptance of a service to the public asks those it serves. */
static void
test_public_service_acceptance_asks_the_recipients (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DELIVERED);
  GpAcceptance *a = g_ptr_array_index (p->acceptances, 0);
  GpActionContext ctx = fx_ctx ("2024-06-25");

  g_assert_true (gp_lifecycle_check (p, "accept", GP_ROLE_PURCHASER, &ctx, NULL, NULL));
  p->plan->public_service = TRUE;
  fx_assert_guard (p, "accept", GP_ROLE_PURCHASER, &ctx, "recipients-opinion-missing");
  a->recipients_opinion = g_strdup ("抽样回访学生家长30户，满意率96%");
  fx_assert_ok (p, "accept", GP_ROLE_PURCHASER, &ctx);
}

static void
test_return_needs_a_reason (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_SUBMITTED);
  GpActionContext ctx = fx_ctx ("2024-03-12");

  fx_assert_guard (p, "return_plan", GP_ROLE_SUPERVISOR, &ctx, "reason-required");
  ctx.reason = "预算指标不符";
  fx_assert_ok (p, "return_plan", GP_ROLE_SUPERVISOR, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_PLAN_DRAFT);
  g_assert_cmpstr (p->plan->return_reason, ==, "预算指标不符");
}

/* ---------------------------------------------------------------------------------------------
 * 采购意向 (财库〔2020〕10号)
 */

typedef struct {
  const char *path;
  const char *today;
  const char *expected_month;
  gboolean    exempt;
  const char *reason;
  const char *code;  /* NULL: accepted */
} IntentionCase;

static const IntentionCase intention_cases[] = {
  { "/core/lifecycle/intention-published-30-days-ahead-is-accepted (财库〔2020〕10号)",
    "2024-03-01", "2024-03-01", FALSE, NULL, NULL },
  { "/core/lifecycle/intention-published-late-is-refused (财库〔2020〕10号)",
    "2024-03-02", "2024-03-01", FALSE, NULL, "intention-lead-time-too-short" },
  { "/core/lifecycle/late-intention-with-urgent-exemption-is-accepted (财库〔2020〕10号)",
    "2024-03-20", "2024-04-01", TRUE, "防汛抢险急需", NULL },
  { "/core/lifecycle/urgent-exemption-without-reason-is-refused (财库〔2020〕10号)",
    "2024-03-20", "2024-04-01", TRUE, "", "exemption-reason-missing" },
};

static void
test_intention_case (gconstpointer data)
{
  const IntentionCase *tc = data;
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx = fx_ctx (tc->today);

  /* Expected month March 2024: its last day 03-31 is 30 日 after 03-01. */
  p->intention->expected_month = fx_date (tc->expected_month);
  p->intention->exempt = tc->exempt;
  p->intention->exemption_reason = g_strdup (tc->reason);
  if (tc->code == NULL)
    fx_assert_ok (p, "publish_intention", GP_ROLE_PURCHASER, &ctx);
  else
    fx_assert_guard (p, "publish_intention", GP_ROLE_PURCHASER, &ctx, tc->code);
}

static void
test_intention_needs_positive_budget (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-01");

  p->intention->budget = 0;
  fx_assert_guard (p, "publish_intention", GP_ROLE_PURCHASER, &ctx, "amount-not-positive");
}

static void
test_plan_without_intention_is_refused (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-01");

  fx_assert_guard (p, "start_plan", GP_ROLE_PURCHASER, &ctx, "intention-not-published");
  /* The urgent exemption with its reason skips publication. */
  p->intention->exempt = TRUE;
  p->intention->exemption_reason = g_strdup ("突发公共卫生事件");
  fx_assert_ok (p, "start_plan", GP_ROLE_PURCHASER, &ctx);
}

/* [P10]: below the 采购限额标准 it is not government procurement; no intention is required. */
static void
test_below_procurement_limit_needs_no_intention (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-01");

  p->intention->budget = WAN (99);
  g_assert_false (gp_lifecycle_is_government_procurement (p, NULL));
  fx_assert_ok (p, "start_plan", GP_ROLE_PURCHASER, &ctx);
}

/* 财库〔2020〕10号 rollout: below provincial level from 2022-01-01; 省本级 (440001) from 2021. */
static void
test_intention_rollout_per_region (void)
{
  g_autoptr(GpProject) county = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  g_autoptr(GpProject) province = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  GpActionContext ctx = fx_ctx ("2021-06-01");

  county->created = province->created = fx_usec ("2021-05-01");
  county->intention->expected_month = fx_date ("2021-08-01");
  province->intention->expected_month = fx_date ("2021-08-01");
  g_free (province->region);
  province->region = g_strdup ("440001");

  fx_assert_ok (county, "start_plan", GP_ROLE_PURCHASER, &ctx);
  fx_assert_guard (province, "start_plan", GP_ROLE_PURCHASER, &ctx, "intention-not-published");
}

static void
test_planned_start_after_intention (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-10");

  /* Published 2024-03-01: the procurement may start on 03-31. */
  p->plan->planned_start = fx_date ("2024-03-31");
  fx_assert_ok (p, "submit_plan", GP_ROLE_PURCHASER, &ctx);

  g_clear_pointer (&p, gp_project_free);
  p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  p->plan->planned_start = fx_date ("2024-03-30");
  fx_assert_guard (p, "submit_plan", GP_ROLE_PURCHASER, &ctx, "intention-lead-time-too-short");
}

/* ---------------------------------------------------------------------------------------------
 * Method and amount (政府采购法 第27条, 实施条例 第23条/第25条, [P9], [P10])
 */

typedef struct {
  const char         *path;
  gint64              total;
  GpProcurementMethod method;
  GpProcurementNature nature;
  const char         *approval;
  const char         *code;
} MethodCase;

static const MethodCase method_cases[] = {
  { "/core/lifecycle/public-tender-at-threshold-is-accepted (政府采购法第27条)",
    WAN (400), GP_PROCUREMENT_METHOD_OPEN_TENDER, GP_PROCUREMENT_NATURE_GOODS, NULL, NULL },
  { "/core/lifecycle/negotiation-at-threshold-is-refused (政府采购法第27条)",
    WAN (400), GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION, GP_PROCUREMENT_NATURE_GOODS, NULL,
    "public-tender-required" },
  { "/core/lifecycle/negotiation-at-threshold-with-approval-is-accepted (实施条例第23条)",
    WAN (400), GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION, GP_PROCUREMENT_NATURE_GOODS,
    "粤财采〔2024〕1号", NULL },
  { "/core/lifecycle/quotation-below-threshold-is-accepted (政府采购法第27条)",
    WAN (399), GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION, GP_PROCUREMENT_NATURE_SERVICES, NULL, NULL },
  { "/core/lifecycle/single-source-services-at-threshold-is-refused (政府采购法第27条)",
    WAN (450), GP_PROCUREMENT_METHOD_SINGLE_SOURCE, GP_PROCUREMENT_NATURE_SERVICES, NULL,
    "public-tender-required" },
  { "/core/lifecycle/works-at-tender-threshold-by-negotiation-is-refused (招标投标法; 必须招标的工程项目规定第5条)",
    WAN (400), GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION, GP_PROCUREMENT_NATURE_WORKS, NULL,
    "public-tender-required" },
  { "/core/lifecycle/works-below-threshold-by-quotation-is-refused (实施条例第25条)",
    WAN (300), GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION, GP_PROCUREMENT_NATURE_WORKS, NULL,
    "method-not-allowed-for-works" },
  { "/core/lifecycle/works-below-threshold-by-negotiation-is-accepted (实施条例第25条)",
    WAN (300), GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION, GP_PROCUREMENT_NATURE_WORKS, NULL, NULL },
  { "/core/lifecycle/below-procurement-limit-any-method-is-accepted ([P10] 广东采购限额标准)",
    WAN (99), GP_PROCUREMENT_METHOD_SINGLE_SOURCE, GP_PROCUREMENT_NATURE_WORKS, NULL, NULL },
  { "/core/lifecycle/e-mall-below-ceiling-is-accepted ([P9] 粤财采购〔2020〕26号)",
    WAN (399), GP_PROCUREMENT_METHOD_MALL_DIRECT, GP_PROCUREMENT_NATURE_GOODS, NULL, NULL },
  { "/core/lifecycle/e-mall-at-tender-threshold-is-refused ([P9] 粤财采购〔2020〕26号)",
    WAN (400), GP_PROCUREMENT_METHOD_MALL_BIDDING, GP_PROCUREMENT_NATURE_GOODS, "批文", "mall-over-ceiling" },
};

static void
test_method_case (gconstpointer data)
{
  const MethodCase *tc = data;
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-10");

  p->intention->budget = tc->total;
  p->plan->total = tc->total;
  ((GpBudgetLine *)g_ptr_array_index (p->plan->budget_lines, 0))->amount = tc->total;
  p->plan->method = tc->method;
  p->plan->nature = tc->nature;
  p->plan->method_approval_ref = g_strdup (tc->approval);
  p->plan->sme_reserved = FALSE;
  if (tc->code == NULL)
    fx_assert_ok (p, "submit_plan", GP_ROLE_PURCHASER, &ctx);
  else
    fx_assert_guard (p, "submit_plan", GP_ROLE_PURCHASER, &ctx, tc->code);
}

/* 财库〔2020〕46号: above 200万 (goods) a reserve is at least 30% of the budget. */
static void
test_sme_reserve_share (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  GpActionContext ctx = fx_ctx ("2024-03-10");

  p->plan->sme_share_bp = 2999;
  fx_assert_guard (p, "submit_plan", GP_ROLE_PURCHASER, &ctx, "sme-reserve-share-too-low");
  p->plan->sme_share_bp = 3000;
  fx_assert_ok (p, "submit_plan", GP_ROLE_PURCHASER, &ctx);
}

static void
test_filing_checks_method_again (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_SUBMITTED);
  GpActionContext ctx = fx_ctx ("2024-03-12");

  p->plan->method = GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION;
  fx_assert_guard (p, "file_plan", GP_ROLE_SUPERVISOR, &ctx, "public-tender-required");
}

static void
test_mall_order_flow (void)
{
  g_autoptr(GpProject) p = fx_mall_project (GP_PROJECT_STATE_PLAN_FILED);
  g_autoptr(GpProject) order = fx_mall_project (GP_PROJECT_STATE_MALL_ORDERING);
  GpActionContext ctx = fx_ctx ("2024-03-20");

  fx_assert_ok (p, "start_mall_order", GP_ROLE_PURCHASER, &ctx);
  g_assert_nonnull (p->execution->mall);
  /* The supplier confirms only a submitted order. */
  fx_assert_guard (order, "confirm_mall_order", GP_ROLE_SUPPLIER, &ctx, "order-not-submitted");
  fx_assert_ok (order, "submit_mall_order", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (order->execution->mall->status, ==, GP_MALL_ORDER_STATUS_SUBMITTED);
  fx_assert_ok (order, "confirm_mall_order", GP_ROLE_SUPPLIER, &ctx);
  fx_assert_ok (order, "confirm_delivery", GP_ROLE_SUPPLIER, &ctx);
  g_assert_cmpint (order->execution->mall->delivered, ==, ctx.now);
  fx_assert_ok (order, "accept", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (order->execution->mall->status, ==, GP_MALL_ORDER_STATUS_RECEIVED);
}

static void
test_tender_plan_cannot_use_mall (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_FILED);
  GpActionContext ctx = fx_ctx ("2024-03-20");

  fx_assert_guard (p, "start_mall_order", GP_ROLE_PURCHASER, &ctx, "method-not-mall");
}

/* ---------------------------------------------------------------------------------------------
 * Notice periods
 */

typedef struct {
  const char         *path;
  GpProcurementMethod method;
  const char         *docs_from;
  const char         *docs_until;
  const char         *deadline;
  const char         *code;
} NoticeCase;

static const NoticeCase notice_cases[] = {
  { "/core/lifecycle/tender-deadline-20-days-after-documents-is-accepted (政府采购法第35条)",
    GP_PROCUREMENT_METHOD_OPEN_TENDER, "2024-04-08", "2024-04-15", "2024-04-28", NULL },
  { "/core/lifecycle/tender-deadline-19-days-after-documents-is-refused (政府采购法第35条)",
    GP_PROCUREMENT_METHOD_OPEN_TENDER, "2024-04-08", "2024-04-15", "2024-04-27", "tender-period-too-short" },
  { "/core/lifecycle/documents-available-5-working-days-is-accepted (实施条例第31条)",
    GP_PROCUREMENT_METHOD_OPEN_TENDER, "2024-04-08", "2024-04-15", "2024-04-30", NULL },
  { "/core/lifecycle/documents-available-4-working-days-is-refused (实施条例第31条)",
    GP_PROCUREMENT_METHOD_OPEN_TENDER, "2024-04-08", "2024-04-12", "2024-04-30", "docs-period-too-short" },
  { "/core/lifecycle/consultation-deadline-10-days-is-accepted (财库〔2014〕214号第10条)",
    GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION, "2024-04-08", "2024-04-15", "2024-04-18", NULL },
  { "/core/lifecycle/consultation-deadline-9-days-is-refused (财库〔2014〕214号第10条)",
    GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION, "2024-04-08", "2024-04-15", "2024-04-17",
    "consultation-period-too-short" },
  /* Friday 04-12: the 3rd working day after it is Wednesday 04-17. */
  { "/core/lifecycle/negotiation-deadline-3-working-days-is-accepted (财政部令第74号第29条)",
    GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION, "2024-04-12", "2024-04-15", "2024-04-17", NULL },
  { "/core/lifecycle/negotiation-deadline-over-a-weekend-is-refused (财政部令第74号第29条)",
    GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION, "2024-04-12", "2024-04-15", "2024-04-16",
    "negotiation-period-too-short" },
  { "/core/lifecycle/quotation-deadline-2-working-days-is-refused (财政部令第74号第45条)",
    GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION, "2024-04-08", "2024-04-15", "2024-04-10",
    "negotiation-period-too-short" },
  { "/core/lifecycle/single-source-publicity-5-working-days-is-accepted (实施条例第38条)",
    GP_PROCUREMENT_METHOD_SINGLE_SOURCE, "2024-04-08", "2024-04-15", "2024-04-30", NULL },
  { "/core/lifecycle/single-source-publicity-4-working-days-is-refused (实施条例第38条)",
    GP_PROCUREMENT_METHOD_SINGLE_SOURCE, "2024-04-08", "2024-04-12", "2024-04-30",
    "single-source-publicity-too-short" },
};

static void
test_notice_case (gconstpointer data)
{
  const NoticeCase *tc = data;
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DOCS_CONFIRMED);
  GpEntrustedProcurement *e = p->execution->entrusted;
  GpActionContext ctx = fx_ctx (tc->docs_from);

  p->plan->method = tc->method;
  p->plan->method_approval_ref = g_strdup ("批文");
  e->docs_from = fx_date (tc->docs_from);
  e->docs_until = fx_date (tc->docs_until);
  e->bid_deadline = fx_usec (tc->deadline);
  if (tc->code == NULL)
    fx_assert_ok (p, "publish_notice", GP_ROLE_AGENCY, &ctx);
  else
    fx_assert_guard (p, "publish_notice", GP_ROLE_AGENCY, &ctx, tc->code);
}

/* 实施条例 第31条: a change ≥ 15 日 before the deadline, else the deadline moves. */
static void
test_correction_close_to_deadline (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_NOTICE_PUBLISHED);
  GpCorrection *c = gp_correction_new ();
  GpActionContext ctx = fx_ctx ("2024-04-16");

  c->description = g_strdup ("技术参数修改");
  g_ptr_array_add (p->execution->entrusted->corrections, c);
  /* Deadline 04-30 is 14 days after 04-16. */
  fx_assert_guard (p, "correct_notice", GP_ROLE_AGENCY, &ctx, "correction-too-close-to-deadline");
  c->new_bid_deadline = fx_usec ("2024-05-01");
  fx_assert_ok (p, "correct_notice", GP_ROLE_AGENCY, &ctx);
  g_assert_cmpint (p->execution->entrusted->bid_deadline, ==, fx_usec ("2024-05-01"));
  g_assert_true (g_date_valid (&c->published));
}

static void
test_bids_close_at_deadline (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_NOTICE_PUBLISHED);
  GpActionContext ctx = fx_ctx ("2024-04-29");

  fx_assert_guard (p, "close_bids", GP_ROLE_SYSTEM, &ctx, "bid-deadline-not-reached");
  ctx = fx_ctx ("2024-04-30");
  fx_assert_ok (p, "close_bids", GP_ROLE_SYSTEM, &ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Evaluation (政府采购法 第36条)
 */

static void
test_three_valid_bids (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_BID_CLOSED);
  GpActionContext ctx = fx_ctx ("2024-04-30");
  GpBid *third = g_ptr_array_index (p->execution->entrusted->bids, 2);

  third->valid = FALSE;
  fx_assert_guard (p, "record_evaluation", GP_ROLE_AGENCY, &ctx, "too-few-valid-bids");
  /* The agency declares 废标 with the reason instead. */
  ctx.reason = "有效投标不足三家";
  fx_assert_ok (p, "fail_tender", GP_ROLE_AGENCY, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_FAILED);
  g_assert_true (p->execution->entrusted->failed);
  /* 第37条: tender again. */
  fx_assert_ok (p, "retender", GP_ROLE_AGENCY, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_ENTRUSTED);
  g_assert_cmpuint (p->execution->entrusted->bids->len, ==, 0);

  g_clear_pointer (&p, gp_project_free);
  p = fx_project (GP_PROJECT_STATE_BID_CLOSED);
  ctx.reason = NULL;
  fx_assert_ok (p, "record_evaluation", GP_ROLE_AGENCY, &ctx);
}

static void
test_all_bids_over_budget (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_BID_CLOSED);
  GpActionContext ctx = fx_ctx ("2024-04-30");

  for (guint i = 0; i < p->execution->entrusted->bids->len; i++)
    ((GpBid *)g_ptr_array_index (p->execution->entrusted->bids, i))->price = WAN (501);
  fx_assert_guard (p, "record_evaluation", GP_ROLE_AGENCY, &ctx, "all-bids-over-budget");
}

/* 政府采购法 第52条: 7 工作日 from the result notice: 05-07 → 05-15 (Saturday 05-11 is a working day). */
static void
test_challenge_window (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_AWARDED);
  GpActionContext ctx = fx_ctx ("2024-05-16");

  ctx.reason = "评分不公";
  fx_assert_guard (p, "challenge", GP_ROLE_SUPPLIER, &ctx, "challenge-period-over");
  ctx = fx_ctx ("2024-05-15");
  ctx.reason = "评分不公";
  fx_assert_ok (p, "challenge", GP_ROLE_SUPPLIER, &ctx);
  fx_assert_forbidden (p, "sign_contract", GP_ROLE_PURCHASER, &ctx, GP_CORE_ERROR_FORBIDDEN);
  ctx.reason = "质疑不成立";
  fx_assert_ok (p, "resolve_challenge", GP_ROLE_SUPERVISOR, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_AWARDED);
}

/* ---------------------------------------------------------------------------------------------
 * Contracts
 */

typedef struct {
  const char *path;
  const char *action;
  const char *state_hint;  /* unused: documentation */
  const char *today;
  const char *signed_on;
  const char *code;
} ContractDateCase;

static const ContractDateCase contract_date_cases[] = {
  /* Award notice 2024-05-07: + 30 日 = 06-06. */
  { "/core/lifecycle/contract-signed-30-days-after-award-is-accepted (政府采购法第46条)",
    "sign_contract", "AWARDED", "2024-06-06", NULL, NULL },
  { "/core/lifecycle/contract-signed-31-days-after-award-is-refused (政府采购法第46条)",
    "sign_contract", "AWARDED", "2024-06-07", NULL, "contract-signed-late" },
  /* Signed Monday 05-20: 2 工作日 = 05-22. */
  { "/core/lifecycle/contract-published-2-working-days-after-signing-is-accepted (实施条例第50条)",
    "publish_contract", "CONTRACT_SIGNED", "2024-05-22", "2024-05-20", NULL },
  { "/core/lifecycle/contract-published-late-is-refused (实施条例第50条)",
    "publish_contract", "CONTRACT_SIGNED", "2024-05-23", "2024-05-20", "contract-published-late" },
  /* 7 工作日 after 05-20 = 05-29. */
  { "/core/lifecycle/contract-filed-7-working-days-after-signing-is-accepted (政府采购法第47条)",
    "file_contract", "CONTRACT_PUBLISHED", "2024-05-29", "2024-05-20", NULL },
  { "/core/lifecycle/contract-filed-late-is-refused (政府采购法第47条)",
    "file_contract", "CONTRACT_PUBLISHED", "2024-05-30", "2024-05-20", "contract-filed-late" },
  { "/core/lifecycle/contract-submitted-for-filing-late-is-refused (政府采购法第47条)",
    "submit_contract_filing", "CONTRACT_PUBLISHED", "2024-05-30", "2024-05-20", "contract-filed-late" },
  /* National Day 2024: Sunday 09-29 and Saturday 10-12 are working days (调休). Signed Friday
   * 09-27, the 7th working day is Saturday 10-12. */
  { "/core/lifecycle/contract-filed-on-a-swapped-saturday-is-accepted (政府采购法第47条)",
    "file_contract", "CONTRACT_PUBLISHED", "2024-10-12", "2024-09-27", NULL },
  { "/core/lifecycle/contract-filed-after-national-day-swap-is-refused (政府采购法第47条)",
    "file_contract", "CONTRACT_PUBLISHED", "2024-10-14", "2024-09-27", "contract-filed-late" },
};

static void
test_contract_date_case (gconstpointer data)
{
  const ContractDateCase *tc = data;
  GpProjectState state = g_str_equal (tc->action, "sign_contract") ? GP_PROJECT_STATE_AWARDED
                       : g_str_equal (tc->action, "publish_contract") ? GP_PROJECT_STATE_CONTRACT_SIGNED
                       : GP_PROJECT_STATE_CONTRACT_PUBLISHED;
  GpRole role = g_str_equal (tc->action, "file_contract") ? GP_ROLE_SUPERVISOR : GP_ROLE_PURCHASER;
  g_autoptr(GpProject) p = fx_project (state);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpActionContext ctx = fx_ctx (tc->today);

  if (tc->signed_on != NULL)
    {
      c->signed_on = fx_date (tc->signed_on);
      if (g_date_valid (&c->published_on))
        c->published_on = c->signed_on;
    }
  /* The finance department files what the purchaser sent ([P18]), here on the day of the case. */
  if (role == GP_ROLE_SUPERVISOR)
    c->filing_submitted = fx_date (tc->today);
  if (tc->code == NULL)
    fx_assert_ok (p, tc->action, role, &ctx);
  else
    {
      fx_assert_guard (p, tc->action, role, &ctx, tc->code);
      /* A written explanation of the delay lets the step through (kept in the audit log). */
      ctx.reason = "合同双方盖章流程延误";
      fx_assert_ok (p, tc->action, role, &ctx);
    }
}

static void
test_contract_amount_equals_award (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_AWARDED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpActionContext ctx = fx_ctx ("2024-05-20");

  c->amount = WAN (480) + 1;
  fx_assert_guard (p, "sign_contract", GP_ROLE_PURCHASER, &ctx, "contract-amount-differs-from-award");
  c->amount = WAN (480);
  fx_party (&c->supplier, "乙公司", "91440101MA59BBBB2", GP_ENTERPRISE_SIZE_SMALL);
  fx_assert_guard (p, "sign_contract", GP_ROLE_PURCHASER, &ctx, "contract-supplier-differs-from-award");
  fx_party (&c->supplier, "甲公司", "91440101MA59AAAA1", GP_ENTERPRISE_SIZE_SMALL);
  fx_assert_ok (p, "sign_contract", GP_ROLE_PURCHASER, &ctx);
}

static void
test_filing_checks_award_amount (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  GpActionContext ctx = fx_ctx ("2024-05-24");

  ((GpContract *)g_ptr_array_index (p->contracts, 0))->amount = WAN (470);
  ((GpContract *)g_ptr_array_index (p->contracts, 0))->filing_submitted = fx_date ("2024-05-22");
  fx_assert_guard (p, "file_contract", GP_ROLE_SUPERVISOR, &ctx, "contract-amount-differs-from-award");
}

/* 实施条例 第29条, 政府采购法 第47条: filed with the finance department of the same level. */
static void
test_finance_department_acts_in_its_own_region (void)
{
  g_assert_true (gp_lifecycle_acts_in_region (GP_ROLE_SUPERVISOR, "442000", "442000"));
  g_assert_false (gp_lifecycle_acts_in_region (GP_ROLE_SUPERVISOR, "440000", "442000"));
  g_assert_false (gp_lifecycle_acts_in_region (GP_ROLE_SUPERVISOR, "440100", "440106"));
  /* Other roles are bound by what they may see, not by the region. */
  g_assert_true (gp_lifecycle_acts_in_region (GP_ROLE_AGENCY, "440000", "442000"));
  g_assert_true (gp_lifecycle_acts_in_region (GP_ROLE_PURCHASER, "442000", "442000"));
}

/* A client's edit cannot write what only actions write: an approval, a filing, a notice date
 * (DOMAIN.md §7; DESIGN.md §4). Its content is kept. */
static void
test_edits_keep_the_official_stamps (void)
{
  g_autoptr(GpProject) stored = fx_project (GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  g_autoptr(GpProject) edited = gp_project_copy (stored);
  g_autoptr(GpProject) fresh = gp_project_copy (stored);
  GpContract *c = g_ptr_array_index (edited->contracts, 0);

  g_free (edited->plan->name);
  edited->plan->name = g_strdup ("改过名字的计划");
  g_assert_cmpint (stored->plan->filed, >, 0);
  edited->plan->filed = stored->plan->filed + (gint64) G_USEC_PER_SEC * 86400;
  edited->plan->approval.approved = !stored->plan->approval.approved;
  c->filed_on = fx_date ("2024-05-23");
  g_date_clear (&c->published_on, 1);
  g_date_clear (&edited->execution->entrusted->award_notice, 1);
  c->performance_place = g_strdup ("学校仓库");

  gp_lifecycle_keep_stamps (edited, stored);
  g_assert_cmpstr (edited->plan->name, ==, "改过名字的计划");
  g_assert_cmpstr (c->performance_place, ==, "学校仓库");
  g_assert_cmpint (edited->plan->filed, ==, stored->plan->filed);
  g_assert_cmpint (edited->plan->approval.approved, ==, stored->plan->approval.approved);
  g_assert_false (gp_date_is_set (&c->filed_on));
  g_assert_cmpint (g_date_get_day (&c->published_on), ==, 21);
  g_assert_true (gp_date_is_set (&edited->execution->entrusted->award_notice));

  /* A new project has none: they are cleared. */
  gp_lifecycle_keep_stamps (fresh, NULL);
  g_assert_cmpint (fresh->plan->filed, ==, 0);
  g_assert_false (fresh->plan->approval.approved);
  g_assert_false (gp_date_is_set (&((GpContract *) g_ptr_array_index (fresh->contracts, 0))->published_on));
}

/* The purchaser sends the contract for filing once; the finance department files or returns only
 * what was sent, and a return (with its reason) lets it be sent again ([P18]; 政府采购法 第47条). */
static void
test_contract_filing_is_sent_once_and_returned_with_a_reason (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_PUBLISHED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpActionContext ctx = fx_ctx ("2024-05-22");
  g_autoptr(GPtrArray) offered = NULL;

  fx_assert_guard (p, "file_contract", GP_ROLE_SUPERVISOR, &ctx, "filing-not-submitted");
  fx_assert_guard (p, "return_contract_filing", GP_ROLE_SUPERVISOR, &ctx, "filing-not-submitted");
  fx_assert_ok (p, "submit_contract_filing", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (g_date_get_day (&c->filing_submitted), ==, 22);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_CONTRACT_PUBLISHED);

  /* Sent: not offered again, and refused if asked. */
  offered = gp_lifecycle_available_actions (p, GP_ROLE_PURCHASER, GP_DUTY_BOTH);
  for (guint i = 0; i < offered->len; i++)
    g_assert_cmpstr (((GpTransition *) g_ptr_array_index (offered, i))->action, !=, "submit_contract_filing");
  fx_assert_guard (p, "submit_contract_filing", GP_ROLE_PURCHASER, &ctx, "filing-already-submitted");

  ctx.reason = "合同金额大写有误，请更正后重新报送";
  fx_assert_ok (p, "return_contract_filing", GP_ROLE_SUPERVISOR, &ctx);
  g_assert_false (gp_date_is_set (&c->filing_submitted));
  g_assert_cmpstr (c->filing_return_reason, ==, "合同金额大写有误，请更正后重新报送");
  ctx.reason = NULL;
  fx_assert_ok (p, "submit_contract_filing", GP_ROLE_PURCHASER, &ctx);
  g_assert_null (c->filing_return_reason);
  /* Sent in time, filed by the finance department later: not late (政府采购法 第47条 is the
   * purchaser's period). */
  ctx = fx_ctx ("2024-06-20");
  fx_assert_ok (p, "file_contract", GP_ROLE_SUPERVISOR, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_CONTRACT_FILED);
}

/* 实施条例 第48条: performance security ≤ 10%. */
static void
test_performance_security (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_AWARDED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpActionContext ctx = fx_ctx ("2024-05-20");

  c->performance_security = WAN (48) + 1;
  fx_assert_guard (p, "sign_contract", GP_ROLE_PURCHASER, &ctx, "performance-security-over-10-percent");
  c->performance_security = WAN (48);
  fx_assert_ok (p, "sign_contract", GP_ROLE_PURCHASER, &ctx);
}

/* 政府采购法 第49条: all supplements ≤ 10% of the original contract. */
static void
test_supplements_limit (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_IN_PERFORMANCE);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpSupplement *s1 = gp_supplement_new ();
  GpSupplement *s2 = gp_supplement_new ();
  GpActionContext ctx = fx_ctx ("2024-06-10");

  s1->number = g_strdup ("BC-1");
  s1->amount = WAN (30);
  s1->signed_on = fx_date ("2024-06-01");
  s2->number = g_strdup ("BC-2");
  s2->amount = WAN (18);
  s2->signed_on = fx_date ("2024-06-10");
  g_ptr_array_add (c->supplements, s1);
  g_ptr_array_add (c->supplements, s2);
  fx_assert_ok (p, "amend_contract", GP_ROLE_PURCHASER, &ctx);  /* exactly 10% */
  s2->amount += 1;
  fx_assert_guard (p, "amend_contract", GP_ROLE_PURCHASER, &ctx, "supplements-exceed-10-percent");
}

/* ---------------------------------------------------------------------------------------------
 * Acceptance (实施条例 第45条, 政府采购法 第41条)
 */

static void
test_acceptance_reports_every_criterion (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DELIVERED);
  GpAcceptance *a = g_ptr_array_index (p->acceptances, 0);
  GpActionContext ctx = fx_ctx ("2024-07-01");

  g_ptr_array_remove_index (a->results, 1);
  fx_assert_guard (p, "accept", GP_ROLE_PURCHASER, &ctx, "acceptance-criterion-missing");

  g_clear_pointer (&p, gp_project_free);
  p = fx_project (GP_PROJECT_STATE_DELIVERED);
  fx_assert_ok (p, "accept", GP_ROLE_PURCHASER, &ctx);
}

static void
test_acceptance_team_signs (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DELIVERED);
  GpAcceptance *a = g_ptr_array_index (p->acceptances, 0);
  GpActionContext ctx = fx_ctx ("2024-07-01");

  ((GpTeamMember *)g_ptr_array_index (a->team, 0))->has_signed = FALSE;
  fx_assert_guard (p, "accept", GP_ROLE_PURCHASER, &ctx, "acceptance-team-not-signed");
}

static void
test_failed_acceptance_returns_to_performance (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_DELIVERED);
  GpAcceptance *a = g_ptr_array_index (p->acceptances, 0);
  GpActionContext ctx = fx_ctx ("2024-07-01");

  ((GpCriterionResult *)g_ptr_array_index (a->results, 1))->passed = FALSE;
  fx_assert_guard (p, "accept", GP_ROLE_PURCHASER, &ctx, "acceptance-passed-with-failed-criterion");
  a->conclusion = GP_ACCEPTANCE_CONCLUSION_FAIL;
  fx_assert_guard (p, "accept", GP_ROLE_PURCHASER, &ctx, "acceptance-not-passed");
  fx_assert_ok (p, "reject_acceptance", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_ACCEPTANCE_FAILED);
  fx_assert_ok (p, "resume_performance", GP_ROLE_SUPPLIER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_IN_PERFORMANCE);
}

/* ---------------------------------------------------------------------------------------------
 * Payments
 */

static void
test_payments_never_exceed_contract (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpSupplement *s = gp_supplement_new ();
  GpActionContext ctx = fx_ctx ("2024-07-10");

  pay->amount = WAN (480) + 1;
  fx_assert_guard (p, "record_payment", GP_ROLE_PURCHASER, &ctx, "payments-exceed-contract");
  /* A supplement raises what may be paid. */
  s->number = g_strdup ("BC-1");
  s->amount = 1;
  s->signed_on = fx_date ("2024-06-01");
  g_ptr_array_add (c->supplements, s);
  fx_assert_ok (p, "record_payment", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_PAID);
}

/* The officer typed the date the money went out: that instalment is the one recorded, with its
 * date kept (DOMAIN.md §1.7: 支付日期 is a field of the instalment). */
static void
test_payment_with_typed_date_is_recorded (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  GpActionContext ctx = fx_ctx ("2024-07-10");
  GDate typed = fx_date ("2024-07-08");

  pay->paid = typed;
  fx_assert_ok (p, "record_payment", GP_ROLE_PURCHASER, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_PAID);
  g_assert_cmpint (g_date_compare (&pay->paid, &typed), ==, 0);
}

/* With no instalment at all there is nothing to record. */
static void
test_payment_missing_is_refused (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpActionContext ctx = fx_ctx ("2024-07-10");

  g_ptr_array_set_size (p->payments, 0);
  fx_assert_guard (p, "record_payment", GP_ROLE_PURCHASER, &ctx, "payment-missing");
}

typedef struct {
  const char      *path;
  GpEnterpriseSize size;
  const char      *trigger;
  const char      *due;
  const char      *code;
} SmeCase;

static const SmeCase sme_cases[] = {
  { "/core/lifecycle/sme-payment-term-of-60-days-is-accepted (保障中小企业款项支付条例2020第8条)",
    GP_ENTERPRISE_SIZE_SMALL, "2024-07-01", "2024-08-30", NULL },
  { "/core/lifecycle/sme-payment-term-of-61-days-is-refused (保障中小企业款项支付条例2020第8条)",
    GP_ENTERPRISE_SIZE_SMALL, "2024-07-01", "2024-08-31", "sme-payment-term-over-60-days" },
  { "/core/lifecycle/sme-payment-term-over-60-days-is-refused-under-2025-text (保障中小企业款项支付条例2025第9条)",
    GP_ENTERPRISE_SIZE_MICRO, "2025-07-01", "2025-09-02", "sme-payment-term-over-60-days" },
  /* 07-01 + 60 日 = Saturday 08-30, so the last day moves to Monday 09-01 (民法典 第203条). */
  { "/core/lifecycle/sme-payment-term-ending-on-a-weekend-moves-to-monday (民法典第203条)",
    GP_ENTERPRISE_SIZE_MICRO, "2025-07-01", "2025-09-01", NULL },
  { "/core/lifecycle/large-supplier-payment-term-is-the-contracts (保障中小企业款项支付条例第3条)",
    GP_ENTERPRISE_SIZE_LARGE, "2024-07-01", "2024-10-31", NULL },
};

static void
test_sme_case (gconstpointer data)
{
  const SmeCase *tc = data;
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  GpActionContext ctx = fx_ctx ("2024-07-10");
  const GpProblem *problem;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  ((GpContract *)g_ptr_array_index (p->contracts, 0))->supplier.size = tc->size;
  pay->trigger_date = fx_date (tc->trigger);
  pay->due = fx_date (tc->due);
  if (tc->code == NULL)
    {
      fx_assert_ok (p, "record_payment", GP_ROLE_PURCHASER, &ctx);
      return;
    }
  fx_assert_guard (p, "record_payment", GP_ROLE_PURCHASER, &ctx, tc->code);
  /* The problem names the version of the regulation in force. */
  gp_lifecycle_check (p, "record_payment", GP_ROLE_PURCHASER, &ctx, &problems, &error);
  problem = gp_problems_find (problems, tc->code);
  g_assert_nonnull (problem);
  g_assert_true (strstr (problem->source, g_str_has_prefix (tc->trigger, "2025") ? "(2025) 第9条" : "(2020) 第8条"));
}

static void
test_late_interest (void)
{
  /* 0.05% per day, 10 days on 100万元 = 5000元. */
  g_assert_cmpint (gp_sme_late_interest (WAN (100), 10, -1), ==, 500000);
  /* Agreed 3.45% a year for a year. */
  g_assert_cmpint (gp_sme_late_interest (WAN (100), 365, 34500), ==, 3450000);
  g_assert_cmpint (gp_sme_late_interest (WAN (100), 0, -1), ==, 0);
  /* No overflow at the largest amount. */
  g_assert_cmpint (gp_sme_late_interest (GP_MONEY_MAX, 36500, -1), >, 0);
}

static void
test_close_needs_full_payment (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PAID);
  GpActionContext ctx = fx_ctx ("2024-07-20");

  ((GpPayment *)g_ptr_array_index (p->payments, 0))->amount = WAN (400);
  fx_assert_guard (p, "close", GP_ROLE_SYSTEM, &ctx, "payments-incomplete");
  ((GpPayment *)g_ptr_array_index (p->payments, 0))->amount = WAN (480);
  fx_assert_ok (p, "close", GP_ROLE_SYSTEM, &ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Calendar and termination
 */

static void
test_missing_calendar_is_never_guessed (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_SIGNED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpActionContext ctx = fx_ctx ("2024-05-21");

  /* Published 4 日 after signing: within 2 工作日 or not depends on the calendar. */
  c->signed_on = fx_date ("2024-05-17");
  ctx.calendar = NULL;
  fx_assert_guard (p, "publish_contract", GP_ROLE_PURCHASER, &ctx, "calendar-data-missing");

  /* Years beyond the data. */
  ctx = fx_ctx ("2024-05-21");
  c->signed_on = fx_date ("2031-12-26");
  ctx.now = fx_usec ("2031-12-30");
  fx_assert_guard (p, "publish_contract", GP_ROLE_PURCHASER, &ctx, "calendar-data-missing");
}

/* Within n 日 of the start a step is in time by any calendar (n 工作日 ≥ n 日, holidays only
 * lengthen a period), so a year whose holidays are not yet published does not hold it up: the
 * December case, contracts signed and filed into a new year (政府采购法 第46条, 第47条). */
static void
test_step_within_n_days_needs_no_calendar (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_SIGNED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  GpActionContext ctx = fx_ctx ("2031-12-30");

  c->signed_on = fx_date ("2031-12-29");
  g_assert_true (gp_lifecycle_check (p, "publish_contract", GP_ROLE_PURCHASER, &ctx, NULL, NULL));
  ctx.calendar = NULL;
  g_assert_true (gp_lifecycle_check (p, "publish_contract", GP_ROLE_PURCHASER, &ctx, NULL, NULL));
  /* The day after those 2 日 needs the calendar again. */
  ctx.now = fx_usec ("2031-12-31");
  ctx.calendar = fx_calendar;
  g_assert_true (gp_lifecycle_check (p, "publish_contract", GP_ROLE_PURCHASER, &ctx, NULL, NULL));
  ctx.now = fx_usec ("2032-01-01");
  fx_assert_guard (p, "publish_contract", GP_ROLE_PURCHASER, &ctx, "calendar-data-missing");
}

static void
test_terminate_before_award_only (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_NOTICE_PUBLISHED);
  g_autoptr(GpProject) awarded = fx_project (GP_PROJECT_STATE_AWARDED);
  GpActionContext ctx = fx_ctx ("2024-04-20");

  fx_assert_guard (p, "terminate", GP_ROLE_AGENCY, &ctx, "reason-required");
  ctx.reason = "采购任务取消";
  fx_assert_forbidden (awarded, "terminate", GP_ROLE_AGENCY, &ctx, GP_CORE_ERROR_FORBIDDEN);
  fx_assert_ok (p, "terminate", GP_ROLE_AGENCY, &ctx);
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_TERMINATED);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  fx_init (&argc, &argv);

  g_test_add_func ("/core/lifecycle/table-is-consistent", test_table_is_consistent);
  g_test_add_func ("/core/lifecycle/unknown-action-is-invalid", test_unknown_action_is_invalid);
  g_test_add_func ("/core/lifecycle/main-path-reaches-closed (DOMAIN.md §5)", test_main_path_reaches_closed);
  g_test_add_func ("/core/lifecycle/supplier-cannot-file-plan (实施条例第29条)", test_supplier_cannot_file_plan);
  g_test_add_func ("/core/lifecycle/contract-cannot-be-signed-before-award (DOMAIN.md §5)",
                   test_contract_cannot_be_signed_before_award);
  g_test_add_func ("/core/lifecycle/legacy-project-is-read-only (粤财采购函〔2020〕59号)",
                   test_legacy_project_is_read_only);
  g_test_add_func ("/core/lifecycle/clerk-needs-reviewer-approval (DOMAIN.md §7)",
                   test_clerk_needs_reviewer_approval);
  g_test_add_func ("/core/lifecycle/reviewer-cannot-prepare (DOMAIN.md §7)", test_reviewer_cannot_prepare);
  g_test_add_func ("/core/lifecycle/self-procuring-purchaser-publishes-notice (政府采购法第18条)",
                   test_self_procuring_purchaser_publishes_notice);
  g_test_add_func ("/core/lifecycle/available-actions-follow-role-and-state",
                   test_available_actions_follow_role_and_state);
  g_test_add_func ("/core/lifecycle/notice-codes-follow-method (DOMAIN.md §2.1)", test_notice_codes);
  g_test_add_func ("/core/lifecycle/public-service-acceptance-asks-the-recipients (实施条例第45条)",
                   test_public_service_acceptance_asks_the_recipients);
  g_test_add_func ("/core/lifecycle/return-needs-a-reason (实施条例第29条)", test_return_needs_a_reason);

  for (guint i = 0; i < G_N_ELEMENTS (intention_cases); i++)
    g_test_add_data_func (intention_cases[i].path, &intention_cases[i], test_intention_case);
  g_test_add_func ("/core/lifecycle/intention-without-budget-is-refused (财库〔2020〕10号)",
                   test_intention_needs_positive_budget);
  g_test_add_func ("/core/lifecycle/plan-without-published-intention-is-refused (财库〔2020〕10号)",
                   test_plan_without_intention_is_refused);
  g_test_add_func ("/core/lifecycle/below-procurement-limit-needs-no-intention ([P10])",
                   test_below_procurement_limit_needs_no_intention);
  g_test_add_func ("/core/lifecycle/intention-rollout-follows-region (财库〔2020〕10号)",
                   test_intention_rollout_per_region);
  g_test_add_func ("/core/lifecycle/planned-start-30-days-after-intention (财库〔2020〕10号)",
                   test_planned_start_after_intention);

  for (guint i = 0; i < G_N_ELEMENTS (method_cases); i++)
    g_test_add_data_func (method_cases[i].path, &method_cases[i], test_method_case);
  g_test_add_func ("/core/lifecycle/sme-reserve-below-30-percent-is-refused (财库〔2020〕46号)",
                   test_sme_reserve_share);
  g_test_add_func ("/core/lifecycle/filing-checks-method-again (实施条例第23条)", test_filing_checks_method_again);
  g_test_add_func ("/core/lifecycle/mall-order-is-submitted-confirmed-delivered ([P9])", test_mall_order_flow);
  g_test_add_func ("/core/lifecycle/tender-plan-cannot-use-mall ([P9])", test_tender_plan_cannot_use_mall);

  for (guint i = 0; i < G_N_ELEMENTS (notice_cases); i++)
    g_test_add_data_func (notice_cases[i].path, &notice_cases[i], test_notice_case);
  g_test_add_func ("/core/lifecycle/correction-within-15-days-must-move-deadline (实施条例第31条)",
                   test_correction_close_to_deadline);
  g_test_add_func ("/core/lifecycle/bids-close-at-deadline (政府采购法第35条)", test_bids_close_at_deadline);
  g_test_add_func ("/core/lifecycle/fewer-than-3-valid-bids-fails-tender (政府采购法第36条)",
                   test_three_valid_bids);
  g_test_add_func ("/core/lifecycle/all-bids-over-budget-fails-tender (政府采购法第36条)",
                   test_all_bids_over_budget);
  g_test_add_func ("/core/lifecycle/challenge-within-7-working-days (政府采购法第52条)", test_challenge_window);

  for (guint i = 0; i < G_N_ELEMENTS (contract_date_cases); i++)
    g_test_add_data_func (contract_date_cases[i].path, &contract_date_cases[i], test_contract_date_case);
  g_test_add_func ("/core/lifecycle/contract-amount-differs-from-award-is-refused ([P18] 政府采购法第46条)",
                   test_contract_amount_equals_award);
  g_test_add_func ("/core/lifecycle/filing-refuses-amount-differing-from-award ([P18])",
                   test_filing_checks_award_amount);
  g_test_add_func ("/core/lifecycle/contract-filing-is-sent-once-and-returned-with-a-reason ([P18])",
                   test_contract_filing_is_sent_once_and_returned_with_a_reason);
  g_test_add_func ("/core/lifecycle/edits-keep-the-official-stamps (DOMAIN.md §7)",
                   test_edits_keep_the_official_stamps);
  g_test_add_func ("/core/lifecycle/finance-department-acts-in-its-own-region (实施条例第29条)",
                   test_finance_department_acts_in_its_own_region);
  g_test_add_func ("/core/lifecycle/performance-security-over-10-percent-is-refused (实施条例第48条)",
                   test_performance_security);
  g_test_add_func ("/core/lifecycle/supplements-over-10-percent-are-refused (政府采购法第49条)",
                   test_supplements_limit);
  g_test_add_func ("/core/lifecycle/acceptance-reports-every-criterion (实施条例第45条)",
                   test_acceptance_reports_every_criterion);
  g_test_add_func ("/core/lifecycle/acceptance-team-must-sign (政府采购法第41条)", test_acceptance_team_signs);
  g_test_add_func ("/core/lifecycle/failed-acceptance-returns-to-performance (实施条例第45条)",
                   test_failed_acceptance_returns_to_performance);
  g_test_add_func ("/core/lifecycle/payments-never-exceed-contract-and-supplements (政府采购法第49条)",
                   test_payments_never_exceed_contract);
  g_test_add_func ("/core/lifecycle/payment-with-a-typed-payment-date-is-recorded (DOMAIN.md §1.7)",
                   test_payment_with_typed_date_is_recorded);
  g_test_add_func ("/core/lifecycle/record-payment-without-an-instalment-is-refused (实施条例第51条)",
                   test_payment_missing_is_refused);
  for (guint i = 0; i < G_N_ELEMENTS (sme_cases); i++)
    g_test_add_data_func (sme_cases[i].path, &sme_cases[i], test_sme_case);
  g_test_add_func ("/core/lifecycle/late-interest-is-0.05-percent-a-day-unless-agreed (保障中小企业款项支付条例2025第17条)",
                   test_late_interest);
  g_test_add_func ("/core/lifecycle/close-needs-full-payment (DOMAIN.md §5)", test_close_needs_full_payment);
  g_test_add_func ("/core/lifecycle/missing-calendar-is-never-guessed (民法典第201条)",
                   test_missing_calendar_is_never_guessed);
  g_test_add_func ("/core/lifecycle/step-within-n-days-needs-no-calendar (政府采购法第46条,第47条)",
                   test_step_within_n_days_needs_no_calendar);
  g_test_add_func ("/core/lifecycle/terminate-only-before-award (政府采购法第36条)",
                   test_terminate_before_award_only);

  ret = g_test_run ();
  g_clear_object (&fx_rules);
  g_clear_object (&fx_calendar);
  return ret;
}
