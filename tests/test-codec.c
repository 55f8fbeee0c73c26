/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-codec.c: the strict JSON wire codec: one passing and one failing case per rule, round trips.
 */
#include "config.h"

#include <string.h>

#include "gp-core.h"
#include "gp-test-random.h"

/* A small valid project touching every section. */
static const char base_json[] =
  "{"
  "\"id\":\"0b6b7a4e-6b5e-4c8a-9a51-3f0c2f1d9e10\","
  "\"rev\":0,"
  "\"region\":\"440000\","
  "\"purchaser\":{\"unit_id\":\"u-001\",\"name\":\"广东省某某局\",\"budget_code\":\"001002\"},"
  "\"stage\":\"payment\","
  "\"status\":\"paying\","
  "\"legacy\":false,"
  "\"created\":\"2024-03-01T09:30:00+08:00\","
  "\"updated\":\"2024-03-02T10:00:00.25Z\","
  "\"intention\":{\"name\":\"办公设备采购\",\"summary\":\"台式计算机 100 台\",\"budget\":100000000,"
    "\"expected_month\":\"2024-05\",\"basis\":\"approved_budget\",\"exempt\":false,"
    "\"approval\":{\"prepared\":true,\"prepared_by\":\"440001001002\",\"approved\":false}},"
  "\"plan\":{\"name\":\"办公设备采购计划\",\"funding_type\":\"fiscal_index\","
    "\"budget_lines\":[{\"index_code\":\"ZB-2024-1\",\"amount\":100000000}],"
    "\"items\":[{\"catalog_code\":\"A02010105\",\"name\":\"台式计算机\",\"unit\":\"台\","
      "\"quantity_milli\":100000,\"unit_price\":990000,\"total\":99000000}],"
    "\"total\":99000000,\"method\":\"open_tender\",\"nature\":\"goods\","
    "\"organisation_form\":\"entrusted\",\"sme_reserved\":true,\"sme_share_bp\":3000,"
    "\"sme_reserved_amount\":29700000,\"planned_start\":\"2024-06-01\","
    "\"approval\":{\"prepared\":true,\"approved\":true}},"
  "\"execution\":{\"kind\":\"entrusted\",\"entrusted\":{"
    "\"agency\":{\"name\":\"广东省政府采购中心\",\"size\":\"unset\"},"
    "\"bid_deadline\":\"2024-07-01T09:30:00+08:00\",\"price_cap\":99000000,\"joint_bids\":false,"
    "\"corrections\":[],"
    "\"bids\":[{\"supplier\":{\"name\":\"某某科技有限公司\",\"uscc\":\"91440101MA59XXXX1X\",\"size\":\"small\"},"
      "\"price\":95000000,\"valid\":true,\"rank\":1}],"
    "\"failed\":false,"
    "\"awarded_supplier\":{\"name\":\"某某科技有限公司\",\"size\":\"small\"},"
    "\"awarded_amount\":95000000}},"
  "\"contracts\":[{\"id\":\"c1\",\"number\":\"HT-2024-001\","
    "\"supplier\":{\"name\":\"某某科技有限公司\",\"size\":\"small\"},\"amount\":95000000,"
    "\"items\":[],\"signed_on\":\"2024-07-20\",\"supplements\":[],"
    "\"acceptance_criteria\":[\"性能\",\"外观\"],"
    "\"approval\":{\"prepared\":true,\"approved\":true}}],"
  "\"acceptances\":[{\"id\":\"a1\",\"contract_id\":\"c1\","
    "\"team\":[{\"name\":\"张三\",\"has_signed\":true}],"
    "\"results\":[{\"criterion\":\"性能\",\"passed\":true}],"
    "\"conclusion\":\"pass\",\"supplier_confirmed\":true,\"date\":\"2024-09-01\","
    "\"approval\":{\"prepared\":true,\"approved\":true}}],"
  "\"payments\":[{\"id\":\"p1\",\"contract_id\":\"c1\",\"instalment\":1,\"amount\":95000000,"
    "\"trigger\":\"acceptance\",\"trigger_date\":\"2024-09-01\",\"due\":\"2024-10-01\","
    "\"funding_route\":\"treasury\",\"late_interest_ppm\":-1,"
    "\"approval\":{\"prepared\":true,\"approved\":false}}]"
  "}";

/* ------------------------------------------------------------------------------------------------
 * Helpers
 */

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Sets (or with @raw == NULL removes) the member at a path like "contracts[0].amount". */
static void
set_at_path (JsonNode   *root,
             const char *path,
             const char *raw)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (parts[i]);
      char *bracket = strchr (name, '[');
      int index = -1;
      JsonObject *obj;

      if (bracket != NULL)
        {
          index = atoi (bracket + 1);
          *bracket = '\0';
        }

      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      obj = json_node_get_object (node);

      if (i == n - 1 && index < 0)
        {
          if (raw == NULL)
            json_object_remove_member (obj, name);
          else
            json_object_set_member (obj, name, parse (raw));
          return;
        }

      node = json_object_get_member (obj, name);
      g_assert_nonnull (node);
      if (index >= 0)
        {
          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          node = json_array_get_element (json_node_get_array (node), (guint) index);
          g_assert_nonnull (node);
        }
    }
}

static GpProject *
decode_with (const char  *path,
             const char  *raw,
             gboolean     remove,
             GError     **error)
{
  g_autoptr(JsonNode) root = parse (base_json);
  g_autofree char *text = NULL;

  /* No value and no removal: the base document as it is. */
  if (path != NULL && (raw != NULL || remove))
    set_at_path (root, path, remove ? NULL : raw);
  text = json_to_string (root, FALSE);
  return gp_project_from_json_string (text, -1, error);
}

static char *
repeat (const char *unit,
        guint       n)
{
  GString *s = g_string_new ("\"");

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static char *
array_of (const char *element,
          guint       n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append (s, element);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------------------------------
 * One rule, one passing and one failing value, at one path
 */

typedef struct {
  const char *test;       /* test path under /core/codec/ */
  const char *path;       /* where to put the value */
  const char *pass;       /* a value that decodes (NULL with pass_remove) */
  gboolean    pass_remove;
  const char *fail;       /* a value that is refused (NULL with fail_remove) */
  gboolean    fail_remove;
  const char *message;    /* the start of the error message */
} RuleCase;

static const RuleCase rule_cases[] = {
  { "rejects-wrong-type", "contracts[0].amount", "95000000", FALSE, "\"95000000\"", FALSE,
    "contracts[0].amount: expected an integer" },
  { "rejects-wrong-type-for-object", "purchaser", "{}", FALSE, "[]", FALSE,
    "purchaser: expected an object" },
  { "rejects-wrong-type-for-array", "payments", "[]", FALSE, "{}", FALSE,
    "payments: expected an array" },
  { "rejects-wrong-type-for-boolean", "legacy", "true", FALSE, "1", FALSE,
    "legacy: expected true or false" },
  { "rejects-unknown-enum-value", "status", "\"plan_draft\"", FALSE, "\"plan_drafted\"", FALSE,
    "status: unknown value" },
  { "rejects-unknown-enum-value-in-array", "payments[0].trigger", "\"delivery\"", FALSE, "\"Delivery\"", FALSE,
    "payments[0].trigger: unknown value" },
  { "rejects-missing-required-field", "contracts[0].amount", NULL, FALSE, NULL, TRUE,
    "contracts[0].amount: missing required field" },
  { "accepts-missing-optional-field", "intention", NULL, TRUE, "7", FALSE,
    "intention: expected an object" },
  { "rejects-missing-id", "id", "\"0b6b7a4e-6b5e-4c8a-9a51-3f0c2f1d9e10\"", FALSE, NULL, TRUE,
    "id: missing required field" },
  { "rejects-null-for-required", "status", NULL, FALSE, "null", FALSE,
    "status: must not be null" },
  { "accepts-null-for-optional", "plan.planned_start", "null", FALSE, "\"\"", FALSE,
    "plan.planned_start: expected a date" },
  { "rejects-unknown-field", "plan.colour", NULL, TRUE, "\"red\"", FALSE,
    "plan.colour: unknown field" },
  { "rejects-unknown-top-level-field", "extra", NULL, TRUE, "1", FALSE,
    "extra: unknown field" },
  { "rejects-bad-uuid", "id", "\"0b6b7a4e-6b5e-4c8a-9a51-3f0c2f1d9e10\"", FALSE,
    "\"0B6B7A4E-6B5E-4C8A-9A51-3F0C2F1D9E10\"", FALSE, "id: expected a lower-case UUID" },
  { "rejects-empty-contract-id", "contracts[0].id", "\"c2\"", FALSE, "\"\"", FALSE,
    "contracts[0].id: must not be empty" },
  { "rejects-negative-money", "plan.total", "0", FALSE, "-1", FALSE,
    "plan.total: out of range" },
  { "rejects-money-over-max", "plan.items[0].unit_price", "1000000000000000", FALSE,
    "1000000000000001", FALSE, "plan.items[0].unit_price: out of range" },
  { "rejects-non-integer-money", "intention.budget", "2", FALSE, "1.5", FALSE,
    "intention.budget: expected an integer" },
  { "rejects-integral-float-money", "intention.budget", "100", FALSE, "1e2", FALSE,
    "intention.budget: expected an integer" },
  { "rejects-negative-optional-money", "execution.entrusted.price_cap", "0", FALSE, "-1", FALSE,
    "execution.entrusted.price_cap: out of range" },
  { "rejects-out-of-range-share", "plan.sme_share_bp", "10000", FALSE, "10001", FALSE,
    "plan.sme_share_bp: out of range" },
  { "rejects-out-of-range-interest", "payments[0].late_interest_ppm", "34500", FALSE, "-2", FALSE,
    "payments[0].late_interest_ppm: out of range" },
  { "rejects-negative-rev", "rev", "9007199254740991", FALSE, "-1", FALSE,
    "rev: out of range" },
  { "rejects-bad-date", "contracts[0].signed_on", "\"2024-02-29\"", FALSE, "\"2023-02-29\"", FALSE,
    "contracts[0].signed_on: expected a date" },
  { "rejects-unpadded-date", "contracts[0].signed_on", "\"2024-02-03\"", FALSE, "\"2024-2-3\"", FALSE,
    "contracts[0].signed_on: expected a date" },
  { "rejects-date-with-time", "acceptances[0].date", "\"2024-09-01\"", FALSE,
    "\"2024-09-01T00:00:00Z\"", FALSE, "acceptances[0].date: expected a date" },
  { "rejects-date-out-of-range", "payments[0].due", "\"2199-12-31\"", FALSE, "\"2200-01-01\"", FALSE,
    "payments[0].due: expected a date" },
  { "rejects-bad-month", "intention.expected_month", "\"2024-12\"", FALSE, "\"2024-13\"", FALSE,
    "intention.expected_month: expected a month" },
  { "rejects-datetime-without-zone", "created", "\"2024-03-01T09:30:00.123456-05:30\"", FALSE,
    "\"2024-03-01T09:30:00\"", FALSE, "created: expected an ISO 8601" },
  { "rejects-bad-datetime", "execution.entrusted.bid_deadline", "\"2024-07-01T23:59:59Z\"", FALSE,
    "\"2024-07-01T24:00:00Z\"", FALSE, "execution.entrusted.bid_deadline: expected an ISO 8601" },
  { "rejects-over-precise-datetime", "updated", "\"2024-03-01T09:30:00.000001Z\"", FALSE,
    "\"2024-03-01T09:30:00.0000001Z\"", FALSE, "updated: expected an ISO 8601" },
  { "rejects-kind-without-branch", "execution.kind", "\"entrusted\"", FALSE, "\"mall\"", FALSE,
    "execution.mall: required when kind is \"mall\"" },
  { "rejects-number-as-string", "region", "\"440000\"", FALSE, "440000", FALSE,
    "region: expected a string" },
  { "rejects-string-in-string-array", "contracts[0].acceptance_criteria", "[]", FALSE, "[\"a\",2]", FALSE,
    "contracts[0].acceptance_criteria[1]: expected a string" },
  { "rejects-rating-out-of-range", "payments[0].instalment", "1000", FALSE, "1001", FALSE,
    "payments[0].instalment: out of range" },
};

static void
test_rule (gconstpointer data)
{
  const RuleCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) ok = NULL;
  g_autoptr(GpProject) bad = NULL;

  ok = decode_with (c->path, c->pass, c->pass_remove, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  bad = decode_with (c->path, c->fail, c->fail_remove, &error);
  g_assert_null (bad);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  if (!g_str_has_prefix (error->message, c->message))
    g_error ("%s: expected a message starting with “%s”, got “%s”", c->test, c->message, error->message);
}

/* ------------------------------------------------------------------------------------------------
 * Rules that need generated values
 */

static void
check_pair (const char *path,
            const char *pass,
            const char *fail,
            const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) ok = decode_with (path, pass, FALSE, &error);
  g_autoptr(GpProject) bad = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ok);
  bad = decode_with (path, fail, FALSE, &error);
  g_assert_null (bad);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  if (!g_str_has_prefix (error->message, message))
    g_error ("expected a message starting with “%s”, got “%s”", message, error->message);
}

static void
test_rejects_over_long_name (void)
{
  /* Characters, not bytes: 200 CJK characters are 600 bytes and fit. */
  g_autofree char *ok = repeat ("采", GP_CODEC_MAX_NAME_CHARS);
  g_autofree char *bad = repeat ("采", GP_CODEC_MAX_NAME_CHARS + 1);

  check_pair ("purchaser.name", ok, bad, "purchaser.name: longer than 200 characters");
}

static void
test_rejects_over_long_text (void)
{
  g_autofree char *ok = repeat ("a", GP_CODEC_MAX_TEXT_CHARS);
  g_autofree char *bad = repeat ("a", GP_CODEC_MAX_TEXT_CHARS + 1);

  check_pair ("intention.summary", ok, bad, "intention.summary: longer than 10000 characters");
}

static void
test_rejects_over_long_code (void)
{
  g_autofree char *ok = repeat ("9", GP_CODEC_MAX_CODE_CHARS);
  g_autofree char *bad = repeat ("9", GP_CODEC_MAX_CODE_CHARS + 1);

  check_pair ("contracts[0].number", ok, bad, "contracts[0].number: longer than 64 characters");
}

static void
test_rejects_over_long_array (void)
{
  g_autofree char *ok = array_of ("\"x\"", GP_CODEC_MAX_ARRAY);
  g_autofree char *bad = array_of ("\"x\"", GP_CODEC_MAX_ARRAY + 1);

  check_pair ("contracts[0].acceptance_criteria", ok, bad,
              "contracts[0].acceptance_criteria: more than 1000 elements");
}

static void
test_rejects_over_long_object_array (void)
{
  const char *bid = "{\"supplier\":{\"size\":\"micro\"},\"price\":1,\"valid\":false,\"rank\":0}";
  g_autofree char *ok = array_of (bid, GP_CODEC_MAX_ARRAY);
  g_autofree char *bad = array_of (bid, GP_CODEC_MAX_ARRAY + 1);

  check_pair ("execution.entrusted.bids", ok, bad, "execution.entrusted.bids: more than 1000 elements");
}

static void
test_rejects_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) ok = NULL;
  g_autoptr(GpProject) bad = NULL;
  g_autoptr(JsonNode) root = parse (base_json);
  g_autofree char *good = g_strdup (base_json);
  char *at = strstr (good, "办公设备采购\"");

  /* In the text: one byte of a 3-byte character replaced. */
  ok = gp_project_from_json_string (good, -1, &error);
  g_assert_no_error (error);
  at[1] = 'x';
  bad = gp_project_from_json_string (good, -1, &error);
  g_assert_null (bad);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  g_assert_true (g_str_has_prefix (error->message, "$: invalid UTF-8"));
  g_clear_error (&error);

  /* In a node built by a caller, which json-glib does not check. */
  json_object_set_string_member (json_node_get_object (root), "region", "44\xff" "00");
  bad = gp_project_from_json (root, &error);
  g_assert_null (bad);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  g_assert_cmpstr (error->message, ==, "region: invalid UTF-8");
}

/* ------------------------------------------------------------------------------------------------
 * Syntax: what json-glib would let through
 */

typedef struct {
  const char *test;
  const char *pass;
  const char *fail;
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
  { "rejects-comments", "{\"rev\": 1}", "{\"rev\": 1 /* c */}" },
  { "rejects-single-quotes", "{\"rev\": 1}", "{'rev': 1}" },
  { "rejects-hex-numbers", "{\"rev\": 16}", "{\"rev\": 0x10}" },
  { "rejects-leading-zeros", "{\"rev\": 0}", "{\"rev\": 01}" },
  { "rejects-trailing-data", "{\"rev\": 1} ", "{\"rev\": 1} {}" },
  { "rejects-trailing-comma", "[1, 2]", "[1, 2,]" },
  { "rejects-duplicate-members", "{\"rev\": 1, \"legacy\": true}", "{\"rev\": 1, \"rev\": 2}" },
  { "rejects-escaped-member-names", "{\"rev\": 1}", "{\"\\u0072ev\": 1}" },
  { "rejects-nul-escape", "{\"a\": \"x\\u0001y\"}", "{\"a\": \"x\\u0000y\"}" },
  { "rejects-lone-surrogate", "{\"a\": \"\\ud83d\\ude00\"}", "{\"a\": \"\\ud83d\"}" },
  { "rejects-raw-control-character", "{\"a\": \"tab\\there\"}", "{\"a\": \"tab\there\"}" },
  { "rejects-huge-integer", "{\"rev\": 9223372036854775807}", "{\"rev\": 9223372036854775808}" },
  { "rejects-huge-negative-integer", "{\"rev\": -9223372036854775808}", "{\"rev\": -9223372036854775809}" },
  { "rejects-integer-that-would-wrap", "{\"rev\": 1}", "{\"rev\": 18446744073709551617}" },
  { "rejects-empty-input", "{}", "" },
  { "rejects-nan", "{\"a\": 1.5e300}", "{\"a\": NaN}" },
};

/* The strict syntax check runs first: the passing text gets past it (and fails later, as a
 * project), the failing one stops at it. */
static void
test_syntax (gconstpointer data)
{
  const SyntaxCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) project = NULL;

  project = gp_project_from_json_string (c->pass, -1, &error);
  g_assert_null (project);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  g_assert_false (g_str_has_prefix (error->message, "$: not valid JSON"));
  g_clear_error (&error);

  project = gp_project_from_json_string (c->fail, -1, &error);
  g_assert_null (project);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  if (!g_str_has_prefix (error->message, "$: not valid JSON"))
    g_error ("%s: got “%s”", c->test, error->message);
}

static void
test_rejects_huge_number_as_money (void)
{
  /* json-glib alone would read 18446744073709551617 as 1 分 and 1e30 as a double. */
  const char *cases[][2] = {
    { "1e30", "contracts[0].amount: expected an integer" },
    { "18446744073709551617", "integer out of range" },
    { "99999999999999999999999999999999", "integer out of range" },
    { "-99999999999999999999", "integer out of range" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) s = g_string_new (base_json);
      g_autofree char *value = g_strconcat ("\"amount\":", cases[i][0], NULL);
      g_autoptr(GpProject) bad = NULL;

      g_assert_cmpuint (g_string_replace (s, "\"amount\":95000000", value, 1), ==, 1);
      bad = gp_project_from_json_string (s->str, -1, &error);
      g_assert_null (bad);
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
      if (strstr (error->message, cases[i][1]) == NULL)
        g_error ("%s: got “%s”", cases[i][0], error->message);
    }
}

static void
test_rejects_truncated (void)
{
  gsize len = strlen (base_json);
  g_autoptr(GpProject) whole = NULL;
  g_autoptr(GError) error = NULL;

  whole = gp_project_from_json_string (base_json, (gssize) len, &error);
  g_assert_no_error (error);

  /* Every proper prefix is refused with an error, never a crash or a project. */
  for (gsize n = 0; n < len; n++)
    {
      g_autoptr(GpProject) part = gp_project_from_json_string (base_json, (gssize) n, &error);

      g_assert_null (part);
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
      g_clear_error (&error);
    }
}

static void
test_rejects_deep_nesting (void)
{
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) project = NULL;

  /* 32 levels pass the syntax check (and then fail as an unknown field). */
  for (guint i = 0; i < GP_CODEC_MAX_DEPTH; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < GP_CODEC_MAX_DEPTH; i++)
    g_string_append_c (ok, ']');
  project = gp_project_from_json_string (ok->str, -1, &error);
  g_assert_null (project);
  g_assert_cmpstr (error->message, ==, "$: expected an object");
  g_clear_error (&error);

  for (guint i = 0; i <= GP_CODEC_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i <= GP_CODEC_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  project = gp_project_from_json_string (deep->str, -1, &error);
  g_assert_null (project);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
  g_clear_error (&error);

  /* A million levels, unbalanced, inside a known field. */
  g_string_append (huge, "{\"contracts\":");
  for (guint i = 0; i < 1000000; i++)
    g_string_append (huge, "[{\"a\":");
  project = gp_project_from_json_string (huge->str, -1, &error);
  g_assert_null (project);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

static void
test_rejects_oversized_input (void)
{
  gsize n = GP_CODEC_MAX_INPUT_BYTES + 1;
  g_autofree char *big = g_malloc (n + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) project = NULL;

  memset (big, ' ', n);
  big[0] = '{';
  big[n - 1] = '}';
  big[n] = '\0';
  project = gp_project_from_json_string (big, (gssize) n, &error);
  g_assert_null (project);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
  g_assert_true (g_str_has_prefix (error->message, "$: larger than"));
}

static void
test_rejects_embedded_nul (void)
{
  const char text[] = "{\"rev\":1}\0{}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) project = gp_project_from_json_string (text, sizeof text - 1, &error);

  g_assert_null (project);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
}

/* ------------------------------------------------------------------------------------------------
 * The wire format itself
 */

static void
test_decodes_base_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) p = gp_project_from_json_string (base_json, -1, &error);
  GpContract *contract;
  GpPayment *payment;
  GDateTime *dt;

  g_assert_no_error (error);
  g_assert_cmpstr (p->id, ==, "0b6b7a4e-6b5e-4c8a-9a51-3f0c2f1d9e10");
  g_assert_cmpint (p->status, ==, GP_PROJECT_STATE_PAYING);
  g_assert_cmpint (p->stage, ==, GP_STAGE_PAYMENT);
  g_assert_cmpstr (p->purchaser.name, ==, "广东省某某局");
  g_assert_null (p->purchaser.address);
  g_assert_cmpint (p->intention->budget, ==, 100000000);
  g_assert_cmpint (g_date_get_month (&p->intention->expected_month), ==, 5);
  g_assert_cmpint (p->plan->method, ==, GP_PROCUREMENT_METHOD_OPEN_TENDER);
  g_assert_cmpint (p->plan->items->len, ==, 1);
  g_assert_cmpint (p->execution->kind, ==, GP_EXECUTION_KIND_ENTRUSTED);
  g_assert_null (p->execution->mall);
  g_assert_cmpint (p->execution->entrusted->price_cap, ==, 99000000);
  g_assert_cmpint (p->execution->entrusted->bid_security, ==, GP_MONEY_UNSET);
  contract = gp_project_find_contract (p, "c1");
  g_assert_nonnull (contract);
  g_assert_cmpint (contract->supplier.size, ==, GP_ENTERPRISE_SIZE_SMALL);
  g_assert_cmpint (contract->performance_security, ==, GP_MONEY_UNSET);
  g_assert_cmpuint (contract->acceptance_criteria->len, ==, 2);
  g_assert_cmpint (g_date_get_day (&contract->signed_on), ==, 20);
  payment = g_ptr_array_index (p->payments, 0);
  g_assert_cmpint (payment->late_interest_ppm, ==, -1);
  g_assert_false (gp_date_is_set (&payment->paid));

  /* 09:30 in +08:00 is 01:30 UTC. */
  dt = g_date_time_new_from_unix_utc (p->created / G_USEC_PER_SEC);
  g_assert_cmpint (g_date_time_get_hour (dt), ==, 1);
  g_assert_cmpint (g_date_time_get_minute (dt), ==, 30);
  g_date_time_unref (dt);
  g_assert_cmpint (p->updated % G_USEC_PER_SEC, ==, 250000);
}

static void
test_encodes_wire_names (void)
{
  g_autoptr(GpProject) p = gp_project_new_draft ("440000");
  g_autofree char *json = NULL;
  GpContract *c = gp_contract_new ();

  p->created = G_GINT64_CONSTANT (1709256600) * G_USEC_PER_SEC; /* 2024-03-01T01:30:00Z */
  p->status = GP_PROJECT_STATE_MALL_ORDER_CONFIRMED;
  c->id = g_strdup ("c1");
  c->amount = 123;
  g_date_set_dmy (&c->signed_on, 2, G_DATE_MARCH, 2024);
  g_ptr_array_add (p->contracts, c);

  json = gp_project_to_json_string (p, NULL);
  g_assert_nonnull (strstr (json, "\"status\":\"mall_order_confirmed\""));
  g_assert_nonnull (strstr (json, "\"created\":\"2024-03-01T09:30:00+08:00\""));
  g_assert_nonnull (strstr (json, "\"signed_on\":\"2024-03-02\""));
  g_assert_nonnull (strstr (json, "\"amount\":123"));
  /* Unset optional values are left out. */
  g_assert_null (strstr (json, "performance_security"));
  g_assert_null (strstr (json, "\"intention\":"));
}

static void
test_enum_wire_names (void)
{
  GpProjectState state;

  for (int i = 0; i < GP_PROJECT_STATE_N_STATES; i++)
    {
      const char *name = gp_project_state_to_string ((GpProjectState) i);

      g_assert_nonnull (name);
      g_assert_true (gp_project_state_from_string (name, &state));
      g_assert_cmpint (state, ==, i);
    }
  g_assert_cmpstr (gp_project_state_to_string (GP_PROJECT_STATE_INTENT_DRAFT), ==, "intent_draft");
  g_assert_cmpstr (gp_project_state_to_string (GP_PROJECT_STATE_ACCEPTANCE_FAILED), ==, "acceptance_failed");
  g_assert_false (gp_project_state_from_string ("INTENT_DRAFT", &state));
  g_assert_cmpint (gp_project_state_get_stage (GP_PROJECT_STATE_CONTRACT_FILED), ==, GP_STAGE_CONTRACT);
  g_assert_cmpint (gp_project_state_get_stage (GP_PROJECT_STATE_PAID), ==, GP_STAGE_PAYMENT);
  g_assert_false (gp_project_state_fixes_stage (GP_PROJECT_STATE_CHALLENGED));
}

/* ------------------------------------------------------------------------------------------------
 * Round trips
 */

static void
test_round_trip_random (void)
{
  guint n = g_test_thorough () ? 10000 : 1000;
  gsize bytes = 0;
  gint64 start, elapsed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GpProject) p = gp_test_random_project (i % 2 == 0);
      g_autoptr(GpProject) copy = gp_project_copy (p);
      g_autoptr(GpProject) back = NULL;
      g_autoptr(GpProject) back_node = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      gsize len;

      g_assert_true (gp_project_equal (p, copy));

      json = gp_project_to_json_string (p, &len);
      bytes += len;
      start = g_get_monotonic_time ();
      back = gp_project_from_json_string (json, (gssize) len, &error);
      elapsed += g_get_monotonic_time () - start;
      if (error != NULL)
        g_error ("project %u: %s\n%s", i, error->message, json);
      if (!gp_project_equal (p, back))
        {
          g_autofree char *again = gp_project_to_json_string (back, NULL);
          g_error ("project %u differs after a round trip:\n%s\n%s", i, json, again);
        }

      node = gp_project_to_json (p);
      back_node = gp_project_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_true (gp_project_equal (p, back_node));

      /* Equality can fail: change one deep value. */
      if (copy->contracts->len > 0)
        {
          GpContract *c = g_ptr_array_index (copy->contracts, 0);

          c->amount = c->amount == 0 ? 1 : c->amount - 1;
          g_assert_false (gp_project_equal (p, copy));
        }
      copy->rev++;
      g_assert_false (gp_project_equal (p, copy));
    }

  g_test_message ("decoded %u projects (%" G_GSIZE_FORMAT " bytes) in %.3f s: %.0f projects/s",
                  n, bytes, elapsed / 1e6, n / (elapsed / 1e6));
}

static void
test_round_trip_typical_speed (void)
{
  /* A typical record (the base document) decoded repeatedly; reported, not asserted (STYLE.md). */
  guint n = 20000;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GpProject) p = gp_project_from_json_string (base_json, -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (p);
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("typical record (%" G_GSIZE_FORMAT " bytes): %.0f decodes/s",
                  strlen (base_json), n / seconds);
}

static void
test_decode_leaves_nothing_behind (void)
{
  /* A failure deep inside returns NULL (checked under ASan/valgrind for leaks). */
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) p = decode_with ("payments[0].approval.approved", "\"yes\"", FALSE, &error);

  g_assert_null (p);
  g_assert_cmpstr (error->message, ==, "payments[0].approval.approved: expected true or false");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/codec/%s", rule_cases[i].test);
      g_test_add_data_func (name, &rule_cases[i], test_rule);
    }
  for (guint i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/core/codec/syntax/%s", syntax_cases[i].test);
      g_test_add_data_func (name, &syntax_cases[i], test_syntax);
    }

  g_test_add_func ("/core/codec/rejects-over-long-name", test_rejects_over_long_name);
  g_test_add_func ("/core/codec/rejects-over-long-text", test_rejects_over_long_text);
  g_test_add_func ("/core/codec/rejects-over-long-code", test_rejects_over_long_code);
  g_test_add_func ("/core/codec/rejects-over-long-array", test_rejects_over_long_array);
  g_test_add_func ("/core/codec/rejects-over-long-object-array", test_rejects_over_long_object_array);
  g_test_add_func ("/core/codec/rejects-invalid-utf8", test_rejects_invalid_utf8);
  g_test_add_func ("/core/codec/rejects-huge-number-as-money", test_rejects_huge_number_as_money);
  g_test_add_func ("/core/codec/rejects-truncated-json", test_rejects_truncated);
  g_test_add_func ("/core/codec/rejects-deep-nesting", test_rejects_deep_nesting);
  g_test_add_func ("/core/codec/rejects-oversized-input", test_rejects_oversized_input);
  g_test_add_func ("/core/codec/rejects-embedded-nul", test_rejects_embedded_nul);
  g_test_add_func ("/core/codec/decodes-base-document", test_decodes_base_document);
  g_test_add_func ("/core/codec/encodes-wire-names", test_encodes_wire_names);
  g_test_add_func ("/core/codec/enum-wire-names-round-trip", test_enum_wire_names);
  g_test_add_func ("/core/codec/failure-returns-nothing", test_decode_leaves_nothing_behind);
  g_test_add_func ("/core/codec/round-trip-random-projects", test_round_trip_random);
  g_test_add_func ("/core/codec/typical-decode-speed", test_round_trip_typical_speed);

  return g_test_run ();
}
