/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ocds.c: OCDS 1.1.5 export: the mapping, and packages validated against the release schema.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <string.h>

#include "gp-core.h"
#include "gp-ocds.h"
#include "gp-test-random.h"

#define PUBLISHER "广东省财政厅"
#define PUBLISHED "2024-10-08T10:00:00+08:00"

static GpProject *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  GpProject *p = gp_project_from_json_string (json, -1, &error);

  g_assert_no_error (error);
  return p;
}

/* A whole project procured through an agency, paid in part. */
static const char entrusted_json[] =
  "{\"id\":\"0b6b7a4e-6b5e-4c8a-9a51-3f0c2f1d9e10\",\"rev\":7,\"region\":\"440000\","
  "\"purchaser\":{\"unit_id\":\"u-001\",\"name\":\"广东省某某局\",\"budget_code\":\"001002\","
    "\"address\":\"广州市越秀区\",\"contact_name\":\"李四\",\"contact_phone\":\"020-12345678\"},"
  "\"stage\":\"payment\",\"status\":\"paying\",\"legacy\":false,"
  "\"created\":\"2024-03-01T09:30:00+08:00\",\"updated\":\"2024-10-01T10:00:00+08:00\","
  "\"intention\":{\"name\":\"办公设备采购\",\"summary\":\"台式计算机 100 台\",\"budget\":100000000,"
    "\"expected_month\":\"2024-05\",\"basis\":\"approved_budget\",\"exempt\":false,"
    "\"published\":\"2024-03-05T09:00:00+08:00\",\"approval\":{\"prepared\":true,\"approved\":true}},"
  "\"plan\":{\"name\":\"办公设备采购计划\",\"content\":\"台式计算机\",\"funding_type\":\"fiscal_index\","
    "\"budget_lines\":[{\"index_code\":\"ZB-2024-1\",\"amount\":100000000}],"
    "\"items\":[{\"catalog_code\":\"A02010105\",\"name\":\"台式计算机\",\"spec\":\"i5/16G\",\"unit\":\"台\","
      "\"quantity_milli\":100000,\"unit_price\":990000,\"total\":99000000}],"
    "\"total\":99000000,\"method\":\"open_tender\",\"nature\":\"goods\","
    "\"organisation_form\":\"central_agency\",\"sme_reserved\":true,\"sme_share_bp\":3000,"
    "\"sme_reserved_amount\":29700000,\"filed\":\"2024-05-10T15:00:00+08:00\",\"filing_ref\":\"BA-1\","
    "\"approval\":{\"prepared\":true,\"approved\":true}},"
  "\"execution\":{\"kind\":\"entrusted\",\"entrusted\":{"
    "\"agency\":{\"name\":\"广东省政府采购中心\",\"uscc\":\"12440000MB2C91234X\",\"size\":\"unset\"},"
    "\"project_code\":\"GDZC2024-001\",\"docs_from\":\"2024-06-01\","
    "\"bid_deadline\":\"2024-06-25T09:30:00+08:00\",\"joint_bids\":false,"
    "\"corrections\":[{\"published\":\"2024-06-05\",\"description\":\"更正技术参数\"}],"
    "\"bids\":["
      "{\"supplier\":{\"name\":\"甲科技有限公司\",\"uscc\":\"91440101MA59AAAA1X\",\"size\":\"small\"},\"price\":95000000,\"valid\":true,\"rank\":1},"
      "{\"supplier\":{\"name\":\"乙科技有限公司\",\"uscc\":\"91440101MA59BBBB1X\",\"size\":\"large\"},\"price\":97000000,\"valid\":true,\"rank\":2},"
      "{\"supplier\":{\"name\":\"丙科技有限公司\",\"size\":\"micro\"},\"price\":98000000,\"valid\":true,\"rank\":3}],"
    "\"failed\":false,\"award_notice\":\"2024-07-02\","
    "\"awarded_supplier\":{\"name\":\"甲科技有限公司\",\"uscc\":\"91440101MA59AAAA1X\",\"size\":\"small\"},"
    "\"awarded_amount\":95000000}},"
  "\"contracts\":[{\"id\":\"c1\",\"number\":\"HT-2024-001\",\"title\":\"台式计算机采购合同\","
    "\"supplier\":{\"name\":\"甲科技有限公司\",\"uscc\":\"91440101MA59AAAA1X\",\"size\":\"small\"},"
    "\"amount\":95000050,\"items\":[{\"name\":\"台式计算机\",\"quantity_milli\":100500,\"unit_price\":950000,\"total\":95000050}],"
    "\"signed_on\":\"2024-07-20\",\"published_on\":\"2024-07-22\",\"filed_on\":\"2024-07-25\","
    "\"supplements\":[{\"number\":\"BC-1\",\"amount\":5000000,\"signed_on\":\"2024-08-01\"}],"
    "\"performance_security\":4750000,\"acceptance_criteria\":[\"性能\"],\"document_sha256\":\"ab12\","
    "\"approval\":{\"prepared\":true,\"approved\":true}}],"
  "\"acceptances\":[{\"id\":\"a1\",\"contract_id\":\"c1\",\"team\":[{\"name\":\"张三\",\"has_signed\":true}],"
    "\"results\":[{\"criterion\":\"性能\",\"passed\":true}],\"conclusion\":\"pass\","
    "\"supplier_confirmed\":true,\"date\":\"2024-09-01\",\"approval\":{\"prepared\":true,\"approved\":true}}],"
  "\"payments\":["
    "{\"id\":\"p1\",\"contract_id\":\"c1\",\"instalment\":1,\"amount\":50000000,\"trigger\":\"acceptance\","
      "\"due\":\"2024-10-01\",\"paid\":\"2024-09-20\",\"funding_route\":\"treasury\",\"late_interest_ppm\":-1,"
      "\"approval\":{\"prepared\":true,\"approved\":true}},"
    "{\"id\":\"p2\",\"contract_id\":\"c1\",\"instalment\":2,\"amount\":45000050,\"trigger\":\"date\","
      "\"due\":\"2024-12-01\",\"funding_route\":\"treasury\",\"late_interest_ppm\":34500,"
      "\"approval\":{\"prepared\":true,\"approved\":false}}]}";

/* An e-mall direct purchase, confirmed. */
static const char mall_json[] =
  "{\"id\":\"5d7c7c1e-2f7b-4a7e-8a43-0f6c9b1d2e33\",\"rev\":1,\"region\":\"440100\","
  "\"purchaser\":{\"name\":\"广州市某某中学\",\"budget_code\":\"123001\"},"
  "\"stage\":\"execution\",\"status\":\"mall_order_confirmed\",\"legacy\":false,"
  "\"created\":\"2024-03-01T09:30:00+08:00\",\"updated\":\"2024-03-09T09:30:00Z\","
  "\"plan\":{\"name\":\"打印纸\",\"funding_type\":\"non_fiscal\",\"budget_lines\":[],\"items\":[],"
    "\"total\":120000,\"method\":\"mall_direct\",\"nature\":\"goods\",\"organisation_form\":\"self\","
    "\"sme_reserved\":false,\"sme_share_bp\":0,\"sme_reserved_amount\":0,"
    "\"approval\":{\"prepared\":true,\"approved\":true}},"
  "\"execution\":{\"kind\":\"mall\",\"mall\":{\"order_no\":\"DD001\","
    "\"items\":[{\"name\":\"A4 打印纸\",\"unit\":\"箱\",\"quantity_milli\":10000,\"unit_price\":12000,\"total\":120000}],"
    "\"total\":120000,\"consignee\":{\"name\":\"王五\"},\"invoice\":{\"kind\":\"normal\"},"
    "\"supplier\":{\"name\":\"丁文具店\",\"size\":\"micro\"},\"status\":\"confirmed\","
    "\"confirmed\":\"2024-03-08T10:00:00+08:00\",\"rating\":0,\"approval\":{\"prepared\":true,\"approved\":true}}},"
  "\"contracts\":[],\"acceptances\":[],\"payments\":[]}";

static JsonObject *
release_of (JsonNode *package)
{
  JsonArray *releases = json_object_get_array_member (json_node_get_object (package), "releases");

  g_assert_cmpuint (json_array_get_length (releases), ==, 1);
  return json_array_get_object_element (releases, 0);
}

static gboolean
has_tag (JsonObject *release,
         const char *tag)
{
  JsonArray *tags = json_object_get_array_member (release, "tag");

  for (guint i = 0; i < json_array_get_length (tags); i++)
    if (g_strcmp0 (json_array_get_string_element (tags, i), tag) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
find_party (JsonObject *release,
            const char *id)
{
  JsonArray *parties = json_object_get_array_member (release, "parties");

  for (guint i = 0; i < json_array_get_length (parties); i++)
    {
      JsonObject *party = json_array_get_object_element (parties, i);

      if (g_strcmp0 (json_object_get_string_member (party, "id"), id) == 0)
        return party;
    }
  return NULL;
}

static void
test_maps_entrusted_project (void)
{
  g_autoptr(GpProject) p = load (entrusted_json);
  g_autoptr(JsonNode) package = gp_ocds_release_package (p, PUBLISHER, PUBLISHED);
  JsonObject *pkg = json_node_get_object (package);
  JsonObject *release = release_of (package);
  JsonObject *tender = json_object_get_object_member (release, "tender");
  JsonObject *contract;
  JsonObject *implementation;
  JsonObject *party;
  JsonArray *awards;

  g_assert_cmpstr (json_object_get_string_member (pkg, "version"), ==, "1.1");
  g_assert_cmpstr (json_object_get_string_member (pkg, "publishedDate"), ==, PUBLISHED);
  g_assert_cmpstr (json_object_get_string_member (release, "ocid"), ==,
                   GP_OCDS_PREFIX "-0b6b7a4e-6b5e-4c8a-9a51-3f0c2f1d9e10");
  g_assert_cmpstr (json_object_get_string_member (release, "date"), ==, "2024-10-01T10:00:00+08:00");
  g_assert_true (has_tag (release, "planning"));
  g_assert_true (has_tag (release, "tender"));
  g_assert_true (has_tag (release, "award"));
  g_assert_true (has_tag (release, "contract"));
  g_assert_true (has_tag (release, "implementation"));

  /* 公开招标 → open, with the Chinese method kept in the details. */
  g_assert_cmpstr (json_object_get_string_member (tender, "procurementMethod"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (tender, "procurementMethodDetails"), ==, "公开招标");
  g_assert_cmpstr (json_object_get_string_member (tender, "id"), ==, "GDZC2024-001");
  g_assert_cmpstr (json_object_get_string_member (tender, "status"), ==, "complete");
  g_assert_cmpstr (json_object_get_string_member (tender, "mainProcurementCategory"), ==, "goods");
  g_assert_cmpint (json_object_get_int_member (tender, "numberOfTenderers"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tender, "amendments")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (tender, "value"), "amount"), ==, 990000);

  /* The SME flag as partyScale; USCC as CN-SCC; roles merged. */
  party = find_party (release, "CN-SCC-91440101MA59AAAA1X");
  g_assert_nonnull (party);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (party, "details"), "scale"), ==, "sme");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (party, "identifier"), "scheme"), ==, "CN-SCC");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (party, "roles")), ==, 2);
  party = find_party (release, "CN-SCC-91440101MA59BBBB1X");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (party, "details"), "scale"), ==, "large");
  g_assert_nonnull (find_party (release, "CN-UNIT-u-001"));

  awards = json_object_get_array_member (release, "awards");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (awards, 0), "status"), ==, "active");

  contract = json_array_get_object_element (json_object_get_array_member (release, "contracts"), 0);
  g_assert_cmpstr (json_object_get_string_member (contract, "awardID"), ==, "award-1");
  g_assert_cmpstr (json_object_get_string_member (contract, "dateSigned"), ==, "2024-07-20T00:00:00+08:00");
  /* 950000.50 元 */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (contract, "value"), "amount"),
                                  950000.50, 1e-6);
  implementation = json_object_get_object_member (contract, "implementation");
  /* p1 paid → a transaction; p2 due → a payment milestone; a1 → an assessment milestone. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (implementation, "transactions")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (implementation, "milestones")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (implementation, "documents")), ==, 1);
}

static void
test_maps_mall_purchase (void)
{
  g_autoptr(GpProject) p = load (mall_json);
  g_autoptr(JsonNode) package = gp_ocds_release_package (p, PUBLISHER, PUBLISHED);
  JsonObject *release = release_of (package);
  JsonObject *tender = json_object_get_object_member (release, "tender");
  JsonObject *buyer = find_party (release, "CN-UNIT-123001");

  g_assert_cmpstr (json_object_get_string_member (tender, "procurementMethod"), ==, "direct");
  g_assert_cmpstr (json_object_get_string_member (tender, "procurementMethodDetails"), ==, "电子卖场 直接订购");
  g_assert_true (has_tag (release, "award"));
  g_assert_false (has_tag (release, "contract"));
  g_assert_false (json_object_has_member (release, "contracts"));
  /* The buyer procures itself. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (buyer, "roles")), ==, 2);
}

static void
test_maps_draft (void)
{
  g_autoptr(GpProject) p = gp_project_new_draft ("440000");
  g_autoptr(JsonNode) release = gp_ocds_release (p);
  JsonObject *obj = json_node_get_object (release);

  g_assert_true (has_tag (obj, "planning"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "tender"), "status"),
                   ==, "planned");
  g_assert_false (json_object_has_member (obj, "awards"));
}

/* ------------------------------------------------------------------------------------------------
 * Validation against the schema, by tests/validate-ocds.py
 */

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || value[0] == '\0')
    g_error ("%s is not set: run this test through meson test", name);
  return value;
}

static void
write_package (const char *dir,
               const char *name,
               JsonNode   *package,
               GPtrArray  *files)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, package);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
  g_ptr_array_add (files, path);
}

static int
run_validator (GPtrArray *files,
               char     **out_text)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) require_env ("GP_OCDS_PYTHON"));
  g_ptr_array_add (argv, (gpointer) require_env ("GP_OCDS_VALIDATOR"));
  g_ptr_array_add (argv, (gpointer) require_env ("GP_OCDS_SCHEMA"));
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (argv, files->pdata[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (out_text != NULL)
    *out_text = g_strconcat (out, err, NULL);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
remove_files (const char *dir,
              GPtrArray  *files)
{
  for (guint i = 0; i < files->len; i++)
    g_unlink (files->pdata[i]);
  g_rmdir (dir);
}

static void
test_packages_validate_against_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gp-ocds-XXXXXX", &error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *report = NULL;
  const char *fixed[] = { entrusted_json, mall_json };
  guint n_random = g_test_thorough () ? 200 : 40;
  int rc;

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autoptr(GpProject) p = load (fixed[i]);
      g_autoptr(JsonNode) package = gp_ocds_release_package (p, PUBLISHER, PUBLISHED);
      g_autofree char *name = g_strdup_printf ("fixed-%u.json", i);

      write_package (dir, name, package, files);
    }

  /* Every state, and random records that fill every field (odd ones) or some (even ones). */
  for (guint i = 0; i < GP_PROJECT_STATE_N_STATES + n_random; i++)
    {
      g_autoptr(GpProject) p = gp_test_random_project (i % 2 == 1);
      g_autoptr(JsonNode) package = NULL;
      g_autofree char *name = g_strdup_printf ("random-%03u.json", i);

      if (i < GP_PROJECT_STATE_N_STATES)
        p->status = (GpProjectState) i;
      package = gp_ocds_release_package (p, PUBLISHER, PUBLISHED);
      write_package (dir, name, package, files);
    }

  rc = run_validator (files, &report);
  if (rc != 0)
    {
      g_auto(GStrv) lines = g_strsplit (report, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (!g_str_has_prefix (lines[i], "valid "))
          g_test_message ("%s", lines[i]);
      g_test_message ("the packages are kept in %s", dir);
    }
  g_assert_cmpint (rc, ==, 0);
  g_test_message ("%u packages valid", files->len);
  remove_files (dir, files);
}

/* The validator itself can fail: a package without an ocid and with a bad status is refused. */
static void
test_validator_rejects_invalid_package (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gp-ocds-XXXXXX", &error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GpProject) p = load (entrusted_json);
  g_autoptr(JsonNode) package = gp_ocds_release_package (p, PUBLISHER, PUBLISHED);
  g_autoptr(JsonNode) package2 = gp_ocds_release_package (p, PUBLISHER, PUBLISHED);
  g_autofree char *report = NULL;
  JsonObject *release = release_of (package);
  JsonObject *tender = json_object_get_object_member (release, "tender");

  g_assert_no_error (error);
  json_object_remove_member (release, "ocid");
  json_object_set_string_member (tender, "status", "finished");
  write_package (dir, "broken-release.json", package, files);

  json_object_set_string_member (json_node_get_object (package2), "version", "1.0");
  write_package (dir, "broken-package.json", package2, files);

  g_assert_cmpint (run_validator (files, &report), ==, 1);
  g_assert_nonnull (strstr (report, "'ocid' is a required property"));
  g_assert_nonnull (strstr (report, "'finished' is not one of"));
  g_assert_nonnull (strstr (report, "package.version"));
  g_assert_nonnull (strstr (report, "2 invalid"));
  remove_files (dir, files);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ocds/maps-entrusted-project", test_maps_entrusted_project);
  g_test_add_func ("/core/ocds/maps-mall-purchase", test_maps_mall_purchase);
  g_test_add_func ("/core/ocds/maps-draft", test_maps_draft);
  g_test_add_func ("/core/ocds/packages-validate-against-release-schema", test_packages_validate_against_schema);
  g_test_add_func ("/core/ocds/validator-rejects-invalid-package", test_validator_rejects_invalid_package);

  return g_test_run ();
}
