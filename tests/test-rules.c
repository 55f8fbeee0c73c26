/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-rules.c: configurable values per region and year, their file format and its strictness.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "gp-error.h"
#include "gp-money.h"
#include "gp-rules.h"

#define WAN(n) ((gint64)(n) * GP_MONEY_FEN_PER_WAN)

static char *
rules_path (void)
{
  const char *dir = g_getenv ("GPCLOUD_DATA_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "rules", "guangdong.ini", NULL);
}

static void
assert_date (const GDate *date,
             int          y,
             int          m,
             int          d)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_year (date), ==, y);
  g_assert_cmpint (g_date_get_month (date), ==, m);
  g_assert_cmpint (g_date_get_day (date), ==, d);
}

static void
assert_values_equal (const GpRuleValues *a,
                     const GpRuleValues *b)
{
  g_assert_cmpint (a->procurement_limit, ==, b->procurement_limit);
  g_assert_cmpint (a->public_tender_goods, ==, b->public_tender_goods);
  g_assert_cmpint (a->public_tender_services, ==, b->public_tender_services);
  g_assert_cmpint (a->public_tender_works, ==, b->public_tender_works);
  g_assert_cmpint (a->mall_ceiling_goods, ==, b->mall_ceiling_goods);
  g_assert_cmpint (a->mall_ceiling_services, ==, b->mall_ceiling_services);
  g_assert_cmpint (a->mall_ceiling_works, ==, b->mall_ceiling_works);
  g_assert_cmpint (a->sme_reserve_goods_services, ==, b->sme_reserve_goods_services);
  g_assert_cmpint (a->sme_reserve_works, ==, b->sme_reserve_works);
  g_assert_cmpuint (a->sme_reserve_percent, ==, b->sme_reserve_percent);
  g_assert_cmpuint (a->sme_small_micro_percent, ==, b->sme_small_micro_percent);
  g_assert_cmpuint (a->intention_lead_days, ==, b->intention_lead_days);
  g_assert_cmpint (g_date_compare (&a->intention_required_from, &b->intention_required_from), ==, 0);
  g_assert_cmpint (a->intention_required_for_mall, ==, b->intention_required_for_mall);
  g_assert_cmpint (g_date_compare (&a->legacy_cutoff, &b->legacy_cutoff), ==, 0);
  g_assert_cmpuint (a->mall_voucher_days, ==, b->mall_voucher_days);
  g_assert_cmpint (g_date_compare (&a->mall_voucher_from, &b->mall_voucher_from), ==, 0);
}

/* [P10] 100万; 财库〔2020〕46号 200万/400万; 财库〔2020〕10号 30 日; 粤财采购函〔2020〕59号 2021-01-01. */
static void
test_defaults_follow_sources (void)
{
  g_autoptr(GpRules) rules = gp_rules_new_default ();
  GpRuleValues v;

  gp_rules_lookup (rules, "440104", 2024, &v);
  g_assert_cmpstr (gp_rules_get_name (rules), ==, "guangdong");
  g_assert_cmpint (v.procurement_limit, ==, WAN (100));
  g_assert_cmpint (v.public_tender_goods, ==, WAN (400));
  g_assert_cmpint (v.public_tender_services, ==, WAN (400));
  g_assert_cmpint (v.public_tender_works, ==, WAN (400));
  g_assert_cmpint (v.mall_ceiling_goods, ==, WAN (400));
  g_assert_cmpint (v.sme_reserve_goods_services, ==, WAN (200));
  g_assert_cmpint (v.sme_reserve_works, ==, WAN (400));
  g_assert_cmpuint (v.sme_reserve_percent, ==, 30);
  g_assert_cmpuint (v.sme_small_micro_percent, ==, 60);
  g_assert_cmpuint (v.intention_lead_days, ==, 30);
  g_assert_false (v.intention_required_for_mall);
  assert_date (&v.intention_required_from, 2022, 1, 1);
  assert_date (&v.legacy_cutoff, 2021, 1, 1);
  g_assert_cmpuint (v.mall_voucher_days, ==, 45);
  assert_date (&v.mall_voucher_from, 2025, 1, 1);
}

/* 财库〔2020〕10号: provincial units (省本级 440001) from 2021, others from 2022. */
static void
test_provincial_units_publish_intentions_from_2021 (void)
{
  g_autoptr(GpRules) rules = gp_rules_new_default ();
  GpRuleValues v;

  gp_rules_lookup (rules, "440001", 2021, &v);
  assert_date (&v.intention_required_from, 2021, 1, 1);
  gp_rules_lookup (rules, "440100", 2021, &v);
  assert_date (&v.intention_required_from, 2022, 1, 1);
  gp_rules_lookup (rules, NULL, 2021, &v);
  assert_date (&v.intention_required_from, 2022, 1, 1);
}

/* The shipped file and the built-in values agree everywhere we look. */
static void
test_shipped_file_equals_builtin (void)
{
  g_autofree char *path = rules_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GpRules) file = gp_rules_new_from_file (path, &error);
  g_autoptr(GpRules) builtin = gp_rules_new_default ();
  const char *regions[] = { NULL, "440000", "440001", "440100", "440104", "441302", "445381" };
  const int years[] = { 2018, 2021, 2022, 2025, 2030 };

  g_assert_no_error (error);
  g_assert_cmpstr (gp_rules_get_name (file), ==, "guangdong");
  for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
    for (guint y = 0; y < G_N_ELEMENTS (years); y++)
      {
        GpRuleValues a, b;

        gp_rules_lookup (file, regions[r], years[y], &a);
        gp_rules_lookup (builtin, regions[r], years[y], &b);
        assert_values_equal (&a, &b);
      }
}

static const char overrides[] =
  "[rules]\nname = test\n"
  "[defaults]\n"
  "procurement-limit-wan = 100\n"
  "public-tender-goods-wan = 400\npublic-tender-services-wan = 400\npublic-tender-works-wan = 400\n"
  "mall-ceiling-goods-wan = 400\nmall-ceiling-services-wan = 400\nmall-ceiling-works-wan = 400\n"
  "sme-reserve-goods-services-wan = 200\nsme-reserve-works-wan = 400\n"
  "sme-reserve-percent = 30\nsme-small-micro-percent = 60\n"
  "intention-lead-days = 30\nintention-required-from = 2022-01-01\n"
  "intention-required-for-mall = false\nlegacy-cutoff = 2021-01-01\n"
  "mall-voucher-days = 45\nmall-voucher-from = 2025-01-01\n"
  "[from 2025]\npublic-tender-goods-wan = 500\n"
  "[region 4401]\nmall-ceiling-goods-wan = 0.5\n"
  "[region 440104 from 2026]\npublic-tender-goods-wan = 600.25\n"
  "[region 44 from 2027]\nmall-ceiling-goods-wan = 300\nintention-required-for-mall = true\n";

/* Year groups apply from their year on; longer region prefixes win over shorter ones. */
static void
test_region_and_year_overrides (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpRules) rules = gp_rules_new_from_data (overrides, -1, &error);
  GpRuleValues v;

  g_assert_no_error (error);
  gp_rules_lookup (rules, "440104", 2024, &v);
  g_assert_cmpint (v.public_tender_goods, ==, WAN (400));
  g_assert_cmpint (v.mall_ceiling_goods, ==, 500000);  /* 0.5 万元 = 5000元 */

  gp_rules_lookup (rules, "440104", 2025, &v);
  g_assert_cmpint (v.public_tender_goods, ==, WAN (500));
  gp_rules_lookup (rules, "440104", 2026, &v);
  g_assert_cmpint (v.public_tender_goods, ==, 600250000);
  gp_rules_lookup (rules, "440105", 2026, &v);
  g_assert_cmpint (v.public_tender_goods, ==, WAN (500));

  /* [region 44 from 2027] is broader than [region 4401]: Guangzhou keeps its own ceiling. */
  gp_rules_lookup (rules, "440104", 2027, &v);
  g_assert_cmpint (v.mall_ceiling_goods, ==, 500000);
  g_assert_true (v.intention_required_for_mall);
  gp_rules_lookup (rules, "441302", 2027, &v);
  g_assert_cmpint (v.mall_ceiling_goods, ==, WAN (300));
  gp_rules_lookup (rules, "450100", 2027, &v);
  g_assert_cmpint (v.mall_ceiling_goods, ==, WAN (400));
}

typedef struct {
  const char *path;
  const char *find;
  const char *replace;
} BadCase;

static const BadCase bad_cases[] = {
  { "/core/rules/unknown-key-is-refused", "sme-reserve-percent = 30", "sme-reserve-pct = 30" },
  { "/core/rules/unknown-group-is-refused", "[from 2025]", "[since 2025]" },
  { "/core/rules/short-region-prefix-is-refused", "[region 4401]", "[region 4]" },
  { "/core/rules/amount-with-7-decimals-is-refused", "= 0.5\n", "= 0.1234567\n" },
  { "/core/rules/negative-amount-is-refused", "procurement-limit-wan = 100", "procurement-limit-wan = -100" },
  { "/core/rules/bad-date-is-refused", "legacy-cutoff = 2021-01-01", "legacy-cutoff = 2021-02-30" },
  { "/core/rules/bad-boolean-is-refused", "= false", "= no" },
  { "/core/rules/missing-default-is-refused", "mall-voucher-days = 45\n", "" },
  { "/core/rules/not-a-key-file-is-refused", "[rules]", "rules]" },
};

static void
test_bad_case (gconstpointer data)
{
  const BadCase *tc = data;
  g_autoptr(GString) text = g_string_new (overrides);
  g_autoptr(GError) error = NULL;
  g_autoptr(GpRules) rules = NULL;

  g_assert_cmpuint (g_string_replace (text, tc->find, tc->replace, 1), ==, 1);
  rules = gp_rules_new_from_data (text->str, -1, &error);
  g_assert_null (rules);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
}

static void
test_load_default_reads_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpRules) rules = gp_rules_load_default (&error);

  g_assert_no_error (error);
  g_assert_cmpstr (gp_rules_get_name (rules), ==, "guangdong");
}

static void
test_missing_file_is_an_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpRules) rules = gp_rules_new_from_file ("/nonexistent/rules.ini", &error);

  g_assert_null (rules);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rules/defaults-follow-sources ([P10] 财库〔2020〕46号 财库〔2020〕10号)",
                   test_defaults_follow_sources);
  g_test_add_func ("/core/rules/provincial-units-publish-intentions-from-2021 (财库〔2020〕10号)",
                   test_provincial_units_publish_intentions_from_2021);
  g_test_add_func ("/core/rules/shipped-file-equals-builtin", test_shipped_file_equals_builtin);
  g_test_add_func ("/core/rules/region-and-year-overrides", test_region_and_year_overrides);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    g_test_add_data_func (bad_cases[i].path, &bad_cases[i], test_bad_case);
  g_test_add_func ("/core/rules/load-default-reads-data-dir", test_load_default_reads_data_dir);
  g_test_add_func ("/core/rules/missing-file-is-an-error", test_missing_file_is_an_error);

  return g_test_run ();
}
