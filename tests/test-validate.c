/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-validate.c: field validation returns every problem at once; the problem list's JSON form.
 */
#include "config.h"

#include <locale.h>

#include "gp-test-lifecycle-fixtures.h"

static void
assert_problem (GPtrArray  *problems,
                const char *path,
                const char *code)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *pr = g_ptr_array_index (problems, i);

      if (g_str_equal (pr->code, code) && g_str_equal (pr->path, path))
        {
          g_assert_cmpstr (pr->message, !=, "");
          return;
        }
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *pr = g_ptr_array_index (problems, i);

      g_test_message ("problem %s at %s: %s", pr->code, pr->path, pr->message);
    }
  g_error ("expected %s at %s", code, path);
}

static void
assert_no_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *pr = g_ptr_array_index (problems, i);

      g_test_message ("problem %s at %s: %s", pr->code, pr->path, pr->message);
    }
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A complete record at each state validates clean. */
static void
test_complete_project_has_no_problems (void)
{
  const GpProjectState states[] = {
    GP_PROJECT_STATE_INTENT_DRAFT, GP_PROJECT_STATE_PLAN_DRAFT, GP_PROJECT_STATE_PLAN_FILED,
    GP_PROJECT_STATE_DOCS_CONFIRMED, GP_PROJECT_STATE_EVALUATED, GP_PROJECT_STATE_AWARDED,
    GP_PROJECT_STATE_CONTRACT_FILED, GP_PROJECT_STATE_DELIVERED, GP_PROJECT_STATE_PAID,
  };
  const char *days[] = {
    "2024-03-01", "2024-03-10", "2024-03-20", "2024-04-08", "2024-05-02", "2024-05-20",
    "2024-06-01", "2024-07-01", "2024-07-20",
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(GpProject) p = fx_project (states[i]);
      GpActionContext ctx = fx_ctx (days[i]);
      g_autoptr(GPtrArray) problems = gp_project_validate (p, &ctx);

      g_test_message ("state %s", gp_project_state_to_string (states[i]));
      assert_no_problems (problems);
    }
}

/* Every problem at once, each at its own path. */
static void
test_every_problem_is_reported_at_once (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  g_autoptr(GPtrArray) problems = NULL;

  g_clear_pointer (&p->intention->name, g_free);
  p->intention->budget = 0;
  g_clear_pointer (&p->plan->content, g_free);
  p->plan->method = GP_PROCUREMENT_METHOD_UNSET;
  p->plan->total = -5;
  g_date_clear (&p->plan->planned_start, 1);

  problems = gp_project_validate (p, NULL);
  assert_problem (problems, "intention.name", "required");
  assert_problem (problems, "intention.budget", "amount-not-positive");
  assert_problem (problems, "plan.content", "required");
  assert_problem (problems, "plan.method", "required");
  assert_problem (problems, "plan.total", "amount-not-positive");
  assert_problem (problems, "plan.planned_start", "required");
  g_assert_cmpuint (problems->len, >=, 6);
}

typedef struct {
  const char *path;
  const char *region;
  const char *code;
} RegionCase;

static const RegionCase region_cases[] = {
  { "/core/validate/guangzhou-region-is-accepted (GB/T 2260)", "440104", NULL },
  { "/core/validate/malformed-region-is-refused (GB/T 2260)", "44010", "region-invalid" },
  { "/core/validate/shenzhen-is-not-on-the-platform (粤财采购函〔2020〕59号)", "440305", "region-not-on-platform" },
  { "/core/validate/missing-region-is-refused (GB/T 2260)", "", "required" },
};

static void
test_region_case (gconstpointer data)
{
  const RegionCase *tc = data;
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  g_autoptr(GPtrArray) problems = NULL;

  g_free (p->region);
  p->region = g_strdup (tc->region);
  problems = gp_project_validate (p, NULL);
  if (tc->code == NULL)
    assert_no_problems (problems);
  else
    assert_problem (problems, "region", tc->code);
}

/* GB 32100-2015 check digit, via gp_uscc_validate(). */
static void
test_uscc_check_digit (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_AWARDED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  g_autoptr(GPtrArray) ok = gp_project_validate (p, NULL);
  g_autoptr(GPtrArray) bad = NULL;
  char last;

  assert_no_problems (ok);
  last = c->supplier.uscc[17];
  c->supplier.uscc[17] = last == '0' ? '1' : '0';
  bad = gp_project_validate (p, NULL);
  assert_problem (bad, "contracts[0].supplier.uscc", "uscc-invalid");
}

typedef struct {
  const char *path;
  gint64      security;
  const char *code;
} SecurityCase;

/* 实施条例 第33条: bid security ≤ 2% of the 500万 budget. */
static const SecurityCase security_cases[] = {
  { "/core/validate/bid-security-of-2-percent-is-accepted (实施条例第33条)", WAN (10), NULL },
  { "/core/validate/bid-security-over-2-percent-is-refused (实施条例第33条)", WAN (10) + 1, "bid-security-over-2-percent" },
};

static void
test_security_case (gconstpointer data)
{
  const SecurityCase *tc = data;
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ENTRUSTED);
  g_autoptr(GPtrArray) problems = NULL;

  p->execution->entrusted->bid_security = tc->security;
  problems = gp_project_validate (p, NULL);
  if (tc->code == NULL)
    assert_no_problems (problems);
  else
    assert_problem (problems, "execution.entrusted.bid_security", tc->code);
}

static void
test_price_cap_within_budget (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ENTRUSTED);
  g_autoptr(GPtrArray) ok = NULL;
  g_autoptr(GPtrArray) bad = NULL;

  p->execution->entrusted->price_cap = WAN (500);
  ok = gp_project_validate (p, NULL);
  assert_no_problems (ok);
  p->execution->entrusted->price_cap = WAN (500) + 1;
  bad = gp_project_validate (p, NULL);
  assert_problem (bad, "execution.entrusted.price_cap", "price-cap-over-budget");
}

/* [P12]: current-year fiscal funds name index lines that cover the plan. */
static void
test_plan_within_budget_index (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  g_autoptr(GPtrArray) bad = NULL;
  g_autoptr(GPtrArray) note = NULL;

  ((GpBudgetLine *)g_ptr_array_index (p->plan->budget_lines, 0))->amount = WAN (499);
  bad = gp_project_validate (p, NULL);
  assert_problem (bad, "plan.total", "plan-exceeds-budget-index");

  p->plan->funding_type = GP_FUNDING_TYPE_NON_FISCAL;
  note = gp_project_validate (p, NULL);
  assert_problem (note, "plan.funding_note", "funding-note-missing");
}

static void
test_items_add_up_and_match_nature (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_PLAN_DRAFT);
  g_autoptr(GPtrArray) problems = NULL;
  GpItem *item = gp_item_new ();

  item->name = g_strdup ("办公楼维修");
  item->catalog_code = g_strdup ("B07");
  item->total = WAN (400);
  g_ptr_array_add (p->plan->items, item);
  problems = gp_project_validate (p, NULL);
  assert_problem (problems, "plan.total", "items-differ-from-total");
  assert_problem (problems, "plan.items[0].catalog_code", "item-nature-differs");
}

static void
test_exemption_needs_reason (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_INTENT_DRAFT);
  g_autoptr(GPtrArray) problems = NULL;

  p->intention->exempt = TRUE;
  problems = gp_project_validate (p, NULL);
  assert_problem (problems, "intention.exemption_reason", "exemption-reason-missing");
}

static void
test_contract_dates_and_criteria (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_CONTRACT_FILED);
  GpContract *c = g_ptr_array_index (p->contracts, 0);
  g_autoptr(GPtrArray) problems = NULL;

  c->filed_on = fx_date ("2024-05-19");
  g_ptr_array_set_size (c->acceptance_criteria, 0);
  problems = gp_project_validate (p, NULL);
  assert_problem (problems, "contracts[0].filed_on", "date-before-signing");
  assert_problem (problems, "contracts[0].acceptance_criteria", "contract-criteria-missing");
}

static void
test_supplements_over_10_percent (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_IN_PERFORMANCE);
  GpSupplement *s = gp_supplement_new ();
  g_autoptr(GPtrArray) problems = NULL;

  s->amount = WAN (48) + 1;
  g_ptr_array_add (((GpContract *)g_ptr_array_index (p->contracts, 0))->supplements, s);
  problems = gp_project_validate (p, NULL);
  assert_problem (problems, "contracts[0].supplements", "supplements-exceed-10-percent");
}

static void
test_payment_needs_trigger_and_contract (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_ACCEPTED);
  GpPayment *pay = g_ptr_array_index (p->payments, 0);
  g_autoptr(GPtrArray) problems = NULL;

  pay->trigger = GP_PAYMENT_TRIGGER_UNSET;
  g_free (pay->contract_id);
  pay->contract_id = g_strdup ("nope");
  problems = gp_project_validate (p, NULL);
  assert_problem (problems, "payments[0].trigger", "required");
  assert_problem (problems, "payments[0].contract_id", "unknown-contract");
}

/* The guards of the next step are part of validation: the app shows them before the server refuses. */
static void
test_stage_guards_are_included (void)
{
  g_autoptr(GpProject) p = fx_project (GP_PROJECT_STATE_AWARDED);
  GpActionContext ctx = fx_ctx ("2024-05-20");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) fields_only = NULL;

  ((GpContract *)g_ptr_array_index (p->contracts, 0))->amount = WAN (470);
  problems = gp_project_validate (p, &ctx);
  assert_problem (problems, "contracts[0].amount", "contract-amount-differs-from-award");
  fields_only = gp_project_validate (p, NULL);
  g_assert_null (gp_problems_find (fields_only, "contract-amount-differs-from-award"));
}

static void
test_problems_json_round_trip (void)
{
  g_autoptr(GPtrArray) problems = gp_problems_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  gp_problems_add (problems, "contracts[0].amount", "contract-amount-differs-from-award",
                   "政府采购法 第46条", "合同金额与中标金额不一致 “%s”", "¥1");
  gp_problems_add (problems, NULL, "reason-required", NULL, "Give the reason.");
  /* The same path and code is reported once. */
  gp_problems_add (problems, NULL, "reason-required", NULL, "Again.");
  g_assert_cmpuint (problems->len, ==, 2);

  node = gp_problems_to_json (problems);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"code\":\"contract-amount-differs-from-award\""));
  back = gp_problems_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const GpProblem *a = g_ptr_array_index (problems, i);
      const GpProblem *b = g_ptr_array_index (back, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpstr (a->source, ==, b->source);
    }
}

static const char *bad_json[] = {
  "[]",
  "{}",
  "{\"problems\": {}}",
  "{\"problems\": [], \"extra\": 1}",
  "{\"problems\": [1]}",
  "{\"problems\": [{\"path\": \"\", \"code\": \"x\", \"message\": \"m\"}]}",
  "{\"problems\": [{\"path\": \"\", \"code\": \"x\", \"message\": \"m\", \"source\": 3}]}",
  "{\"problems\": [{\"path\": \"\", \"code\": \"\", \"message\": \"m\", \"source\": \"\"}]}",
  "{\"problems\": [{\"path\": \"\", \"code\": \"x\", \"message\": \"m\", \"origin\": \"\"}]}",
};

static void
test_problems_json_is_strict (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_json); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad_json[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = gp_problems_from_json (node, &error);

      g_assert_null (problems);
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
    }
}

/* DESIGN.md §4: a draft may be incomplete; only wrong values keep it from being stored. */
static void
test_missing_values_do_not_block_a_draft (void)
{
  g_autoptr(GpProject) project = gp_project_new_draft ("442000");
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) blocking = NULL;

  project->purchaser.name = g_strdup ("中山市教育局");
  project->intention = gp_intention_new ();
  all = gp_project_validate (project, NULL);
  g_assert_nonnull (gp_problems_find (all, "required"));
  blocking = gp_problems_blocking_draft (all);
  g_assert_cmpuint (blocking->len, ==, 0);
  g_clear_pointer (&all, g_ptr_array_unref);
  g_clear_pointer (&blocking, g_ptr_array_unref);

  /* A region outside the platform is wrong, not missing. */
  g_free (project->region);
  project->region = g_strdup ("440305");
  all = gp_project_validate (project, NULL);
  blocking = gp_problems_blocking_draft (all);
  g_assert_cmpuint (blocking->len, ==, 1);
  g_assert_cmpstr (((GpProblem *) g_ptr_array_index (blocking, 0))->code, ==, "region-not-on-platform");
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  fx_init (&argc, &argv);

  g_test_add_func ("/core/validate/complete-project-has-no-problems", test_complete_project_has_no_problems);
  g_test_add_func ("/core/validate/every-problem-is-reported-at-once", test_every_problem_is_reported_at_once);
  for (guint i = 0; i < G_N_ELEMENTS (region_cases); i++)
    g_test_add_data_func (region_cases[i].path, &region_cases[i], test_region_case);
  g_test_add_func ("/core/validate/uscc-with-wrong-check-digit-is-refused (GB 32100-2015)", test_uscc_check_digit);
  for (guint i = 0; i < G_N_ELEMENTS (security_cases); i++)
    g_test_add_data_func (security_cases[i].path, &security_cases[i], test_security_case);
  g_test_add_func ("/core/validate/price-cap-over-budget-is-refused (实施条例第30条)", test_price_cap_within_budget);
  g_test_add_func ("/core/validate/plan-over-budget-index-is-refused ([P12])", test_plan_within_budget_index);
  g_test_add_func ("/core/validate/items-add-up-and-match-nature ([P12])", test_items_add_up_and_match_nature);
  g_test_add_func ("/core/validate/exemption-needs-reason (财库〔2020〕10号)", test_exemption_needs_reason);
  g_test_add_func ("/core/validate/contract-dates-and-criteria (实施条例第45条 政府采购法第47条)",
                   test_contract_dates_and_criteria);
  g_test_add_func ("/core/validate/supplements-over-10-percent-are-refused (政府采购法第49条)",
                   test_supplements_over_10_percent);
  g_test_add_func ("/core/validate/payment-needs-trigger-and-contract (保障中小企业款项支付条例)",
                   test_payment_needs_trigger_and_contract);
  g_test_add_func ("/core/validate/stage-guards-are-included ([P18])", test_stage_guards_are_included);
  g_test_add_func ("/core/validate/problems-json-round-trip", test_problems_json_round_trip);
  g_test_add_func ("/core/validate/problems-json-is-strict", test_problems_json_is_strict);
  g_test_add_func ("/core/validate/missing-values-do-not-block-a-draft (DESIGN.md §4)",
                   test_missing_values_do_not_block_a_draft);

  ret = g_test_run ();
  g_clear_object (&fx_rules);
  g_clear_object (&fx_calendar);
  return ret;
}
