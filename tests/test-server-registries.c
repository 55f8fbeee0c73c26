/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-server-registries.c: the five registries: import, the since-cursor feed, search and paging.
 */
#include "config.h"

#include <string.h>

#include "gp-ids.h"
#include "gp-test-server.h"

static char *
uscc (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, gp_uscc_compute_check (first17));
}

static int
import (GpTestServer *ts,
        const char   *kind,
        const char   *name,
        const char   *contents,
        char        **out,
        char        **err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = gp_test_server_write_file (ts, name, contents);
  const char *args[] = { "import-registry", kind, path, NULL };
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, out, err, &status, &error));
  g_assert_no_error (error);
  return status;
}

static JsonArray *
entries_of (GpTestResponse *resp)
{
  JsonNode *node = gp_test_response_lookup (resp, "entries");

  g_assert_nonnull (node);
  return json_node_get_array (node);
}

static void
test_suppliers_import_feed_and_search (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *a = uscc ("91442000MA4W1234X");
  g_autofree char *b = uscc ("91440101MA5C0000Y");
  g_autofree char *c = uscc ("91440106MA9X7777K");
  g_autofree char *csv = NULL;
  g_autofree char *csv2 = NULL;
  g_autofree char *out = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;

  g_assert_no_error (error);
  csv = g_strdup_printf ("统一社会信用代码,名称,企业规模,诚信状态,区划\n"
                         "%s,中山市电脑有限公司,小,正常,442000\n"
                         "%s,广州办公设备有限公司,medium,normal,440100\n"
                         "%s,天河打印服务部,微,失信,440106\n", a, b, c);
  g_assert_cmpint (import (ts, "supplier", "suppliers.csv", csv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 new"));

  token = gp_test_server_login_ready (ts, "zsjy");

  /* The whole registry in pages of two, then nothing more. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier?limit=2", token);
    JsonObject *first;

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (entries_of (resp)), ==, 2);
    g_assert_true (json_node_get_boolean (gp_test_response_lookup (resp, "more")));
    first = json_array_get_object_element (entries_of (resp), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, a);
    g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, a);
    g_assert_cmpstr (json_object_get_string_member (first, "size"), ==, "small");
    g_assert_cmpstr (json_object_get_string_member (first, "credit"), ==, "normal");
    g_assert_false (json_object_get_boolean_member (first, "deleted"));
    cursor = g_strdup (gp_test_response_get_string (resp, "next"));
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/registries/supplier?since=%s&limit=2", cursor);
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);

    g_assert_cmpuint (json_array_get_length (entries_of (resp)), ==, 1);
    g_assert_false (json_node_get_boolean (gp_test_response_lookup (resp, "more")));
    g_assert_cmpstr (gp_test_response_get_string (resp, "entries.0.size"), ==, "micro");
    g_assert_cmpstr (gp_test_response_get_string (resp, "entries.0.credit"), ==, "dishonest");
    g_free (cursor);
    cursor = g_strdup (gp_test_response_get_string (resp, "next"));
  }

  /* Importing the same file again changes nothing, so the feed has nothing new. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (import (ts, "supplier", "suppliers.csv", csv, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "3 unchanged"));
  /* A changed entry comes again, after the cursor. */
  csv2 = g_strdup_printf ("uscc,name,size,credit\n%s,天河打印服务部,微,正常\n", c);
  g_assert_cmpint (import (ts, "supplier", "fix.csv", csv2, NULL, NULL), ==, 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/registries/supplier?since=%s", cursor);
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);

    g_assert_cmpuint (json_array_get_length (entries_of (resp)), ==, 1);
    g_assert_cmpstr (gp_test_response_get_string (resp, "entries.0.id"), ==, c);
    g_assert_cmpstr (gp_test_response_get_string (resp, "entries.0.credit"), ==, "normal");
  }

  /* Search finds two-character Chinese words, and codes. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier/search?q=%E7%94%B5%E8%84%91",
                                                         token); /* 电脑 */

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 1);
    g_assert_cmpstr (gp_test_response_get_string (resp, "entries.0.name"), ==, "中山市电脑有限公司");
  }
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/registries/supplier/search?q=%s", b);
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);

    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 1);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier/search?limit=2&offset=2",
                                                         token);

    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 3);
    g_assert_cmpuint (json_array_get_length (entries_of (resp)), ==, 1);
  }
  {
    /* SQL metacharacters are only text. */
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier/search?q=%27%25%20OR%201%3D1",
                                                         token);

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 0);
  }

  gp_test_server_stop (ts);
}

static void
test_invalid_entries_import_nothing (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *good = uscc ("91442000MA4W1234X");
  g_autofree char *bad = g_strdup (good);
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  bad[17] = bad[17] == '1' ? '2' : '1';  /* wrong check digit */
  csv = g_strdup_printf ("uscc,name,size,credit\n"
                         "%s,好公司,small,normal\n"
                         "%s,坏代码公司,small,normal\n"
                         "%s,没有规模,huge,normal\n", good, bad, good);
  g_assert_cmpint (import (ts, "supplier", "bad.csv", csv, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "nothing was imported"));
  g_assert_nonnull (strstr (err, "entry 2"));
  g_assert_nonnull (strstr (err, "entry 3"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (import (ts, "vendors", "bad.csv", csv, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Unknown registry"));

  token = gp_test_server_login_ready (ts, "zsjy");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier", token);

    g_assert_cmpuint (json_array_get_length (entries_of (resp)), ==, 0);
  }
  gp_test_server_stop (ts);
}

static void
test_products_and_experts_from_json (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *sup = uscc ("91442000MA4W1234X");
  g_autofree char *products = NULL;
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  products = g_strdup_printf ("[{\"sku\":\"P-0001\",\"name\":\"台式计算机\",\"catalog_code\":\"A02010104\","
                              "\"price\":\"4999.00\",\"supplier_uscc\":\"%s\",\"spec\":\"i5/16G/512G\",\"unit\":\"台\"},"
                              " {\"sku\":\"P-0002\",\"name\":\"激光打印机\",\"catalog_code\":\"A02021001\","
                              "\"price\":1200,\"supplier_uscc\":\"%s\"}]", sup, sup);
  g_assert_cmpint (import (ts, "product", "products.json", products, NULL, NULL), ==, 0);
  g_assert_cmpint (import (ts, "expert", "experts.json",
                           "[{\"expert_id\":\"E440001\",\"name\":\"张三\",\"specialty\":\"计算机设备\",\"region\":\"440000\"}]",
                           NULL, NULL), ==, 0);

  token = gp_test_server_login_ready (ts, "zsjy");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/product", token);

    g_assert_cmpuint (json_array_get_length (entries_of (resp)), ==, 2);
    g_assert_cmpint (gp_test_response_get_int (resp, "entries.0.price"), ==, 499900);
    g_assert_cmpint (gp_test_response_get_int (resp, "entries.1.price"), ==, 120000);
    g_assert_cmpstr (gp_test_response_get_string (resp, "entries.0.catalog_code"), ==, "A02010104");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/expert/search?q=%E5%BC%A0", token);

    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 1); /* 张: one character */
  }
  gp_test_server_stop (ts);
}

static void
test_registries_need_a_full_session (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *initial = NULL;
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier", NULL);

    g_assert_cmpuint (resp->status, ==, 401);
  }
  initial = gp_test_server_login (ts, "zswj", "442000102");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier", initial);

    g_assert_cmpuint (resp->status, ==, 403);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "password-change-required");
  }
  token = gp_test_server_login_ready (ts, "zsjy");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/people", token);

    g_assert_cmpuint (resp->status, ==, 404);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier?since=abc", token);

    g_assert_cmpuint (resp->status, ==, 400);
  }
  gp_test_server_stop (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/registries/suppliers-import-feed-and-search", test_suppliers_import_feed_and_search);
  g_test_add_func ("/server/registries/invalid-entries-import-nothing", test_invalid_entries_import_nothing);
  g_test_add_func ("/server/registries/products-and-experts-from-json", test_products_and_experts_from_json);
  g_test_add_func ("/server/registries/need-a-full-session", test_registries_need_a_full_session);

  return g_test_run ();
}
