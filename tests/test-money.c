/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-money.c: amounts in 分: parsing, display, contract uppercase and checked arithmetic.
 */
#include "config.h"

#include <locale.h>

#include "gp-error.h"
#include "gp-money.h"

typedef struct {
  const char *text;
  gint64      fen;
} ParseCase;

typedef struct {
  const char *text;
  int         code;
} RejectCase;

typedef struct {
  gint64      fen;
  const char *expected;
} FormatCase;

static void
log_case (const char *text)
{
  g_autofree char *escaped = g_utf8_validate (text, -1, NULL) ? NULL : g_strescape (text, NULL);

  g_test_message ("parsing “%s”", escaped != NULL ? escaped : text);
}

static void
test_parse_accepts (gconstpointer data)
{
  const ParseCase *cases = data;

  for (const ParseCase *c = cases; c->text != NULL; c++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;
      gboolean ok;

      log_case (c->text);
      ok = gp_money_parse (c->text, &fen, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (fen, ==, c->fen);
    }
}

static void
test_parse_rejects (gconstpointer data)
{
  const RejectCase *cases = data;

  for (const RejectCase *c = cases; c->text != NULL; c++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = 12345;
      gboolean ok;

      log_case (c->text);
      ok = gp_money_parse (c->text, &fen, &error);
      g_assert_false (ok);
      g_assert_error (error, GP_CORE_ERROR, c->code);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      /* A failed parse leaves the output alone. */
      g_assert_cmpint (fen, ==, 12345);
    }
}

/* Plain 元 amounts with and without separators, currency sign and unit. */
static const ParseCase plain_cases[] = {
  { "1234.5", 123450 },
  { "1,234.56", 123456 },
  { "¥1,234.56", 123456 },
  { "￥1,234.56", 123456 },
  { "¥ 1,234.56", 123456 },
  { "100元", 10000 },
  { "100 元", 10000 },
  { "0", 0 },
  { "0.01", 1 },
  { "007", 700 },
  { "1,000,000", 100000000 },
  { "  42  ", 4200 },
  { "\t42\n", 4200 },
  { NULL, 0 },
};

/* 万 and 万元: up to six decimals, which still make whole 分. */
static const ParseCase wan_cases[] = {
  { "12.3万", 12300000 },
  { "12.3万元", 12300000 },
  { "48.6 万元", 48600000 },
  { "12.345678万", 12345678 },
  { "0.000001万", 1 },
  { "1,200万", 1200000000 },
  { NULL, 0 },
};

/* What a Chinese input method produces: full-width digits, comma, point, sign and space. */
static const ParseCase full_width_cases[] = {
  { "１２３４．５", 123450 },
  { "１，２３４．５６", 123456 },
  { "￥１２３４", 123400 },
  { "\xe3\x80\x80" "８８万元" "\xe3\x80\x80", 88000000 },
  { NULL, 0 },
};

/* GP_MONEY_MAX = 10^15 分 = 10^13 元 is the largest amount accepted. */
static const ParseCase limit_cases[] = {
  { "10000000000000", G_GINT64_CONSTANT (1000000000000000) },
  { "10,000,000,000,000.00", G_GINT64_CONSTANT (1000000000000000) },
  { "1000000000万", G_GINT64_CONSTANT (1000000000000000) },
  { "9999999999999.99", G_GINT64_CONSTANT (999999999999999) },
  { NULL, 0 },
};

static const RejectCase decimals_cases[] = {
  { "1.234", GP_CORE_ERROR_INVALID },
  { "0.001", GP_CORE_ERROR_INVALID },
  { "1.234元", GP_CORE_ERROR_INVALID },
  { "12.3456789万", GP_CORE_ERROR_INVALID },
  { NULL, 0 },
};

static const RejectCase negative_cases[] = {
  { "-5", GP_CORE_ERROR_INVALID },
  { "-¥1,234.56", GP_CORE_ERROR_INVALID },
  { "¥-5", GP_CORE_ERROR_INVALID },
  { "－５", GP_CORE_ERROR_INVALID },
  { "−12.3万", GP_CORE_ERROR_INVALID },
  { NULL, 0 },
};

static const RejectCase overflow_cases[] = {
  { "10000000000000.01", GP_CORE_ERROR_OVERFLOW },
  { "10000000000001", GP_CORE_ERROR_OVERFLOW },
  { "1000000000.000001万", GP_CORE_ERROR_OVERFLOW },
  { "99999999999999999999999999", GP_CORE_ERROR_OVERFLOW },
  { "18446744073709551617", GP_CORE_ERROR_OVERFLOW },
  { NULL, 0 },
};

static const RejectCase garbage_cases[] = {
  { "", GP_CORE_ERROR_INVALID },
  { "   ", GP_CORE_ERROR_INVALID },
  { "abc", GP_CORE_ERROR_INVALID },
  { "12abc", GP_CORE_ERROR_INVALID },
  { "1.2.3", GP_CORE_ERROR_INVALID },
  { "12.", GP_CORE_ERROR_INVALID },
  { ".5", GP_CORE_ERROR_INVALID },
  { "1,23", GP_CORE_ERROR_INVALID },
  { "12,3456", GP_CORE_ERROR_INVALID },
  { "1234,567", GP_CORE_ERROR_INVALID },
  { ",123", GP_CORE_ERROR_INVALID },
  { "1,234.5,6", GP_CORE_ERROR_INVALID },
  { "1 234", GP_CORE_ERROR_INVALID },
  { "万", GP_CORE_ERROR_INVALID },
  { "¥", GP_CORE_ERROR_INVALID },
  { "12万万", GP_CORE_ERROR_INVALID },
  { "12元万", GP_CORE_ERROR_INVALID },
  { "12元元", GP_CORE_ERROR_INVALID },
  { "1e5", GP_CORE_ERROR_INVALID },
  { "+5", GP_CORE_ERROR_INVALID },
  { "0x10", GP_CORE_ERROR_INVALID },
  { "5¥", GP_CORE_ERROR_INVALID },
  { "--5", GP_CORE_ERROR_INVALID },
  { "十二万", GP_CORE_ERROR_INVALID },
  { "\xff\xfe", GP_CORE_ERROR_INVALID },
  { NULL, 0 },
};

static void
test_parse_null_output_validates (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gp_money_parse ("12.3万", NULL, NULL));
  g_assert_false (gp_money_parse ("12.3.4", NULL, &error));
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID);
}

static void
test_format (gconstpointer data)
{
  const struct {
    char *(*func) (gint64 fen);
    const FormatCase *cases;
  } *table = data;

  for (const FormatCase *c = table->cases; c->expected != NULL; c++)
    {
      g_autofree char *text = table->func (c->fen);

      g_assert_cmpstr (text, ==, c->expected);
    }
}

static const FormatCase yuan_cases[] = {
  { 0, "¥0.00" },
  { 5, "¥0.05" },
  { 99, "¥0.99" },
  { 100, "¥1.00" },
  { 123456, "¥1,234.56" },
  { 12345678, "¥123,456.78" },
  { 100000000, "¥1,000,000.00" },
  { G_GINT64_CONSTANT (1000000000000000), "¥10,000,000,000,000.00" },
  { -123456, "-¥1,234.56" },
  { -5, "-¥0.05" },
  { G_MININT64, "-¥92,233,720,368,547,758.08" },
  { 0, NULL },
};

static const FormatCase wan_format_cases[] = {
  { 48600000, "48.60" },
  { 48604999, "48.60" },
  { 48605000, "48.61" },
  { 0, "0.00" },
  { 4999, "0.00" },
  { 5000, "0.01" },
  { 1000000, "1.00" },
  { G_GINT64_CONSTANT (1234567890000), "1234567.89" },
  { -48605000, "-48.61" },
  { -4000, "0.00" },
  { 0, NULL },
};

static const FormatCase wan_unit_cases[] = {
  { 48600000, "48.60万元" },
  { 12300000, "12.30万元" },
  { 0, "0.00万元" },
  { 0, NULL },
};

static const struct {
  char *(*func) (gint64 fen);
  const FormatCase *cases;
} format_yuan = { gp_money_format, yuan_cases },
  format_wan = { gp_money_format_wan, wan_format_cases },
  format_wan_unit = { gp_money_format_wan_with_unit, wan_unit_cases };

static void
test_uppercase (gconstpointer data)
{
  const FormatCase *cases = data;

  for (const FormatCase *c = cases; c->expected != NULL; c++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = gp_money_format_uppercase (c->fen, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, c->expected);
    }
}

/* The examples of 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》, in the
 * first of the forms it allows. */
static const FormatCase uppercase_regulation_cases[] = {
  { 140950, "壹仟肆佰零玖元伍角" },
  { 600714, "陆仟零柒元壹角肆分" },
  { 168032, "壹仟陆佰捌拾元零叁角贰分" },
  { 32504, "叁佰贰拾伍元零肆分" },
  { 10700053, "壹拾万柒仟元零伍角叁分" },
  { 0, NULL },
};

static const FormatCase uppercase_cases[] = {
  { 1234567, "壹万贰仟叁佰肆拾伍元陆角柒分" },
  { 48600000, "肆拾捌万陆仟元整" },
  { 0, "零元整" },
  { 10005, "壹佰元零伍分" },
  { 100000030, "壹佰万元零叁角" },
  { 1000, "壹拾元整" },
  { 1050, "壹拾元零伍角" },
  { 1100, "壹拾壹元整" },
  { 11000, "壹佰壹拾元整" },
  { 50, "伍角" },
  { 5, "伍分" },
  { 35, "叁角伍分" },
  { 1010100, "壹万零壹佰零壹元整" },
  { 100010000, "壹佰万零壹佰元整" },
  { 1000000, "壹万元整" },
  { G_GINT64_CONSTANT (10000000000), "壹亿元整" },
  { G_GINT64_CONSTANT (10000000100), "壹亿零壹元整" },
  { G_GINT64_CONSTANT (10500000000), "壹亿零伍佰万元整" },
  { G_GINT64_CONSTANT (10050000000), "壹亿零伍拾万元整" },
  { G_GINT64_CONSTANT (15000000000), "壹亿伍仟万元整" },
  { G_GINT64_CONSTANT (100010000000000), "壹万零壹亿元整" },
  { G_GINT64_CONSTANT (1000000000000000), "壹拾万亿元整" },
  { G_GINT64_CONSTANT (999999999999999), "玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
  { 0, NULL },
};

static void
test_uppercase_rejects (void)
{
  g_autoptr(GError) negative = NULL;
  g_autoptr(GError) too_large = NULL;

  g_assert_null (gp_money_format_uppercase (-1, &negative));
  g_assert_error (negative, GP_CORE_ERROR, GP_CORE_ERROR_INVALID);

  g_assert_null (gp_money_format_uppercase (G_GINT64_CONSTANT (1000000000000001), &too_large));
  g_assert_error (too_large, GP_CORE_ERROR, GP_CORE_ERROR_OVERFLOW);
}

static void
test_add (void)
{
  gint64 sum = 7;

  g_assert_true (gp_money_add (1, 2, &sum));
  g_assert_cmpint (sum, ==, 3);
  g_assert_true (gp_money_add (-5, 3, &sum));
  g_assert_cmpint (sum, ==, -2);
  g_assert_true (gp_money_add (GP_MONEY_MAX - 1, 1, &sum));
  g_assert_cmpint (sum, ==, GP_MONEY_MAX);

  sum = 7;
  g_assert_false (gp_money_add (GP_MONEY_MAX, 1, &sum));
  g_assert_false (gp_money_add (-GP_MONEY_MAX, -1, &sum));
  g_assert_false (gp_money_add (G_MAXINT64, 0, &sum));
  g_assert_false (gp_money_add (G_MAXINT64, G_MAXINT64, &sum));
  g_assert_cmpint (sum, ==, 7);
}

static void
test_percent_of (void)
{
  /* 2% bid security on a 48.6万元 budget (政府采购法实施条例 第33条). */
  g_assert_cmpint (gp_money_percent_of (48600000, 200), ==, 972000);
  /* 30% SME reserve (财库〔2020〕46号). */
  g_assert_cmpint (gp_money_percent_of (100000000, 3000), ==, 30000000);
  g_assert_cmpint (gp_money_percent_of (12345, 10000), ==, 12345);
  g_assert_cmpint (gp_money_percent_of (0, 5000), ==, 0);
  /* Half a 分 rounds up; less rounds down; negative amounts round symmetrically. */
  g_assert_cmpint (gp_money_percent_of (1, 5000), ==, 1);
  g_assert_cmpint (gp_money_percent_of (1, 4999), ==, 0);
  g_assert_cmpint (gp_money_percent_of (333, 3333), ==, 111);
  g_assert_cmpint (gp_money_percent_of (-1, 5000), ==, -1);
  g_assert_cmpint (gp_money_percent_of (GP_MONEY_MAX, 1000000), ==, GP_MONEY_MAX * 100);
}

static void
test_format_parses_back (void)
{
  static const gint64 amounts[] = { 0, 1, 99, 123456, 48600000, G_GINT64_CONSTANT (1000000000000000) };

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *text = gp_money_format (amounts[i]);
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_assert_true (gp_money_parse (text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, amounts[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* So that test names and messages in Chinese print as UTF-8. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/core/money/parses-yuan-with-separators-sign-and-unit", plain_cases,
                        test_parse_accepts);
  g_test_add_data_func ("/core/money/parses-wan-suffix-up-to-six-decimals", wan_cases,
                        test_parse_accepts);
  g_test_add_data_func ("/core/money/parses-full-width-input", full_width_cases,
                        test_parse_accepts);
  g_test_add_data_func ("/core/money/accepts-amounts-up-to-the-limit", limit_cases,
                        test_parse_accepts);
  g_test_add_func ("/core/money/validates-without-output", test_parse_null_output_validates);
  g_test_add_data_func ("/core/money/rejects-fractions-of-a-fen", decimals_cases,
                        test_parse_rejects);
  g_test_add_data_func ("/core/money/rejects-negative-amounts", negative_cases,
                        test_parse_rejects);
  g_test_add_data_func ("/core/money/rejects-amounts-above-the-limit-as-overflow", overflow_cases,
                        test_parse_rejects);
  g_test_add_data_func ("/core/money/rejects-empty-and-garbage-text", garbage_cases,
                        test_parse_rejects);
  g_test_add_data_func ("/core/money/formats-yuan-with-thousands-separators", &format_yuan,
                        test_format);
  g_test_add_data_func ("/core/money/formats-wan-rounded-half-up", &format_wan, test_format);
  g_test_add_data_func ("/core/money/formats-wan-with-unit", &format_wan_unit, test_format);
  g_test_add_func ("/core/money/formatted-amount-parses-back", test_format_parses_back);
  g_test_add_data_func ("/core/money/uppercase-follows-the-examples-of-the-rules "
                        "(支付结算办法 附件一)", uppercase_regulation_cases, test_uppercase);
  g_test_add_data_func ("/core/money/uppercase-writes-zero-gaps-wan-yi-and-zheng", uppercase_cases,
                        test_uppercase);
  g_test_add_func ("/core/money/uppercase-rejects-negative-and-too-large", test_uppercase_rejects);
  g_test_add_func ("/core/money/add-refuses-sums-beyond-the-limit", test_add);
  g_test_add_func ("/core/money/percent-of-rounds-half-up-to-the-fen", test_percent_of);

  return g_test_run ();
}
