/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-server-auth.c: importing units, signing in, the initial password, lockout, expiry, audit.
 */
#include "config.h"

#include <string.h>

#include "gp-db.h"
#include "gp-test-server.h"

static char *
login_body (const char *login,
            const char *password)
{
  return g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
}

static GpTestResponse *
try_login (GpTestServer *ts,
           const char   *login,
           const char   *password)
{
  g_autofree char *body = login_body (login, password);

  return gp_test_server_send_json (ts, "POST", "/api/v1/session", NULL, body);
}

static GpDb *
open_server_db (GpTestServer *ts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (gp_test_server_get_data_dir (ts), "gpcloud-server.db", NULL);
  GpDb *db = gp_db_open (path, &error);

  g_assert_no_error (error);
  return db;
}

static gboolean
response_has_problem (GpTestResponse *resp,
                      const char     *code)
{
  JsonNode *node = gp_test_response_lookup (resp, "error.problems");
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  arr = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (arr, i), "code"), code) == 0)
      return TRUE;
  return FALSE;
}

static void
test_import_creates_units_and_accounts_once (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "fast.conf", GP_TEST_FAST_HASH_CONFIG);
  g_autofree char *csv = gp_test_server_write_file (ts, "units.csv", GP_TEST_UNITS_CSV);
  const char *args[] = { "import-units", csv, "--config", conf, NULL };
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, &out, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "units: 8 new, 0 existing; accounts: 8 new, 0 existing"));

  g_assert_true (gp_test_server_run_tool (ts, args, &out2, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out2, "units: 0 new, 8 existing; accounts: 0 new, 8 existing"));

  /* The initial password is only an Argon2id hash: the budget code appears nowhere in clear. */
  {
    g_autoptr(GpDb) db = open_server_db (ts);
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "SELECT password_hash, must_change_password FROM account"
                                                  " WHERE login = ?1", &error);

    gp_db_bind_text (stmt, 1, "zsjy");
    g_assert_true (gp_db_step_row (stmt, &error));
    g_assert_true (g_str_has_prefix (gp_db_column_get_text (stmt, 0), "$argon2id$"));
    g_assert_null (strstr (gp_db_column_get_text (stmt, 0), "442000101"));
    g_assert_cmpint (gp_db_column_get_int64 (stmt, 1), ==, 1);
  }

  gp_test_server_stop (ts);
}

static void
test_import_with_bad_rows_imports_nothing (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "fast.conf", GP_TEST_FAST_HASH_CONFIG);
  g_autofree char *csv = gp_test_server_write_file (ts, "units.csv",
                                                    "预算编码,单位名称,区划,角色,账号\n"
                                                    "442000101,中山市教育局,442000,采购人,zsjy\n"
                                                    "44200X,坏单位,442000,purchaser,bad1\n"
                                                    "442000103,无区划,99,purchaser,bad2\n"
                                                    "442000104,坏角色,442000,king,bad3\n"
                                                    "442000105,\"带,逗号\"\"的单位\",442000,purchaser,\n");
  const char *args[] = { "import-units", csv, "--config", conf, NULL };
  const char *start_args[] = { "--config", conf, NULL };
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, NULL, &err, &status, &error));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "nothing was imported"));
  g_assert_nonnull (strstr (err, "row 3"));
  g_assert_nonnull (strstr (err, "row 4"));
  g_assert_nonnull (strstr (err, "row 5"));
  g_assert_nonnull (strstr (err, "row 6: “account” is empty"));

  /* The valid first row was not imported either. */
  g_assert_true (gp_test_server_launch (ts, start_args, &error));
  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "zsjy", "442000101");

    g_assert_cmpuint (resp->status, ==, 401);
  }

  /* A missing column is named. */
  {
    g_autofree char *csv2 = gp_test_server_write_file (ts, "short.csv", "name,region\nx,442000\n");
    const char *args2[] = { "import-units", csv2, "--config", conf, NULL };
    g_autofree char *err2 = NULL;

    g_assert_true (gp_test_server_run_tool (ts, args2, NULL, &err2, &status, &error));
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err2, "budget_code"));
  }

  gp_test_server_stop (ts);
}

static void
test_import_follows_the_region_account_naming_rule (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "fast.conf", GP_TEST_FAST_HASH_CONFIG);
  g_autofree char *conf2 = gp_test_server_write_file (ts, "zs.conf", GP_TEST_FAST_HASH_CONFIG
                                                      "two-account-regions=4420\n");
  g_autofree char *csv = gp_test_server_write_file (ts, "units.csv",
                                                    "name,budget_code,region,role,account\n"
                                                    "汕头市金平区教育局,204,440511,purchaser,\n"
                                                    "惠州市惠城区教育局,302,441302,purchaser,\n"
                                                    "中山市教育局,101,442000,purchaser,zsjy\n");
  g_autofree char *bad = gp_test_server_write_file (ts, "bad.csv",
                                                    "name,budget_code,region,role,account\n"
                                                    "惠州市教育局,300,441300,purchaser,\n");
  g_autofree char *zs = gp_test_server_write_file (ts, "zs.csv",
                                                   "name,budget_code,region,role,account\n"
                                                   "中山市卫生健康局,102,442000,purchaser,\n");
  const char *args[] = { "import-units", csv, "--config", conf, NULL };
  const char *bad_args[] = { "import-units", bad, "--config", conf, NULL };
  const char *zs_args[] = { "import-units", zs, "--config", conf2, NULL };
  const char *start[] = { "--config", conf, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  /* 汕头 and 惠州's districts: two accounts per unit, …001 审核 and …002 经办. */
  g_assert_true (gp_test_server_run_tool (ts, args, &out, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "accounts: 5 new"));

  /* 惠州市本级 keeps one account, which the file must name. */
  g_assert_true (gp_test_server_run_tool (ts, bad_args, NULL, &err, &status, &error));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "“account” is empty"));

  /* The rule is configuration. */
  g_clear_pointer (&out, g_free);
  g_assert_true (gp_test_server_run_tool (ts, zs_args, &out, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "accounts: 2 new"));

  g_assert_true (gp_test_server_launch (ts, start, &error));
  {
    g_autoptr(GpTestResponse) reviewer = try_login (ts, "440511204001", "204");
    g_autoptr(GpTestResponse) clerk = try_login (ts, "440511204002", "204");
    g_autoptr(GpTestResponse) zs_clerk = try_login (ts, "442000102002", "102");

    g_assert_cmpuint (reviewer->status, ==, 201);
    g_assert_cmpstr (gp_test_response_get_string (reviewer, "account.duties"), ==, "reviewer");
    g_assert_cmpuint (clerk->status, ==, 201);
    g_assert_cmpstr (gp_test_response_get_string (clerk, "account.duties"), ==, "clerk");
    g_assert_cmpuint (zs_clerk->status, ==, 201);
  }
  gp_test_server_stop (ts);
}

static void
test_initial_password_allows_only_password_change (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autoptr(GpTestResponse) resp = NULL;
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  resp = try_login (ts, "zsjy", "442000101");
  g_assert_cmpuint (resp->status, ==, 201);
  g_assert_true (json_node_get_boolean (gp_test_response_lookup (resp, "account.password_change_required")));
  g_assert_cmpstr (gp_test_response_get_string (resp, "account.role"), ==, "purchaser");
  g_assert_cmpstr (gp_test_response_get_string (resp, "account.unit.budget_code"), ==, "442000101");
  token = g_strdup (gp_test_response_get_string (resp, "token"));
  /* 256 random bits, base64url without padding. */
  g_assert_cmpuint (strlen (token), ==, 43);
  g_clear_pointer (&resp, gp_test_response_free);

  /* Everything else is refused with a code that says why. */
  resp = gp_test_server_get (ts, "/api/v1/audit", token);
  g_assert_cmpuint (resp->status, ==, 403);
  g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "password-change-required");
  g_clear_pointer (&resp, gp_test_response_free);

  /* Who am I and sign out stay open. */
  resp = gp_test_server_get (ts, "/api/v1/session", token);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_cmpstr (gp_test_response_get_string (resp, "account.login"), ==, "zsjy");
  g_clear_pointer (&resp, gp_test_response_free);

  /* Changing the password lifts the restriction on this very session. */
  resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", token,
                                   "{\"current_password\":\"442000101\",\"new_password\":\"Zs-Jy-2024!\"}");
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_false (json_node_get_boolean (gp_test_response_lookup (resp, "account.password_change_required")));
  g_clear_pointer (&resp, gp_test_response_free);

  /* Now a normal session: the audit log is refused for its role, not for the password. */
  resp = gp_test_server_get (ts, "/api/v1/audit", token);
  g_assert_cmpuint (resp->status, ==, 403);
  g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "forbidden");
  g_clear_pointer (&resp, gp_test_response_free);

  /* The budget code no longer signs in; the new password does, unrestricted. */
  resp = try_login (ts, "zsjy", "442000101");
  g_assert_cmpuint (resp->status, ==, 401);
  g_clear_pointer (&resp, gp_test_response_free);
  resp = try_login (ts, "zsjy", "Zs-Jy-2024!");
  g_assert_cmpuint (resp->status, ==, 201);
  g_assert_false (json_node_get_boolean (gp_test_response_lookup (resp, "account.password_change_required")));

  gp_test_server_stop (ts);
}

static void
test_new_password_follows_policy (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG "password-min-length=10\n", &error);
  g_autofree char *token = NULL;
  struct {
    const char *password;
    const char *problem;
  } cases[] = {
    { "442000101", "password-equals-budget-code" },
    { "zsjy", "password-too-short" },
    { "ZSJY", "password-equals-account" },
    { "Abc-12", "password-too-short" },
    { "abcdefghijkl", "password-too-simple" },
  };

  g_assert_no_error (error);
  token = gp_test_server_login (ts, "zsjy", "442000101");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"current_password\":\"442000101\",\"new_password\":\"%s\"}",
                                               cases[i].password);
      g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password",
                                                                 token, body);

      g_assert_cmpuint (resp->status, ==, 422);
      g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "password-policy");
      g_assert_true (response_has_problem (resp, cases[i].problem));
    }

  /* A wrong current password is refused. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", token,
                                                               "{\"current_password\":\"nope\",\"new_password\":\"Good-Pass-2024\"}");

    g_assert_cmpuint (resp->status, ==, 403);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "wrong-password");
  }

  gp_test_server_stop (ts);
}

static void
test_password_change_ends_other_sessions (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  first = gp_test_server_login (ts, "zswj", "442000102");
  second = gp_test_server_login (ts, "zswj", "442000102");
  g_assert_cmpstr (first, !=, second);

  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", first,
                                                               "{\"current_password\":\"442000102\",\"new_password\":\"Zs-Wj-2024!\"}");
    g_assert_cmpuint (resp->status, ==, 200);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", second);

    g_assert_cmpuint (resp->status, ==, 401);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "invalid-token");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", first);

    g_assert_cmpuint (resp->status, ==, 200);
  }

  gp_test_server_stop (ts);
}

static void
test_lockout_says_when_it_ends (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG
                                                      "lockout-attempts=3\nlockout-seconds=2\n", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GpTestResponse) resp = try_login (ts, "thjy", "wrong");

      g_assert_cmpuint (resp->status, ==, 401);
      g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "invalid-credentials");
    }

  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "thjy", "wrong");
    g_autoptr(GDateTime) until = NULL;

    g_assert_cmpuint (resp->status, ==, 423);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "account-locked");
    until = g_date_time_new_from_iso8601 (gp_test_response_get_string (resp, "error.locked_until"), NULL);
    g_assert_nonnull (until);
    g_assert_cmpint (g_date_time_to_unix (until), >, g_get_real_time () / G_USEC_PER_SEC);
    g_assert_nonnull (soup_message_headers_get_one (resp->headers, "Retry-After"));
  }

  /* Even the right password is refused while locked. */
  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "thjy", "440106201");

    g_assert_cmpuint (resp->status, ==, 423);
  }

  /* Another account is not affected. */
  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "zsjy", "442000101");

    g_assert_cmpuint (resp->status, ==, 201);
  }

  g_usleep (2500 * 1000);
  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "thjy", "440106201");

    g_assert_cmpuint (resp->status, ==, 201);
  }

  gp_test_server_stop (ts);
}

typedef struct {
  const char *base_url;
  guint       status;
} Attempt;

static gpointer
wrong_login_thread (gpointer data)
{
  Attempt *a = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (a->base_url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  static const char text[] = "{\"login\":\"zswj\",\"password\":\"guess\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) answer = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  a->status = soup_message_get_status (msg);
  return NULL;
}

static void
test_concurrent_failures_all_count (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG "lockout-attempts=5\n", &error);
  Attempt attempts[8];
  GThread *threads[8];
  guint locked = 0;

  g_assert_no_error (error);
  /* Eight wrong passwords at once: the password checks run in parallel, the counting does not,
   * so the fifth locks the account whatever the order. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      attempts[i].base_url = gp_test_server_get_base_url (ts);
      attempts[i].status = 0;
      threads[i] = g_thread_new ("login", wrong_login_thread, &attempts[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (attempts[i].status == 401 || attempts[i].status == 423);
      locked += attempts[i].status == 423;
    }
  g_assert_cmpuint (locked, ==, 4);

  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "zswj", "442000102");

    g_assert_cmpuint (resp->status, ==, 423);
  }
  gp_test_server_stop (ts);
}

static void
test_rate_limit_per_address (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG "login-rate-per-minute=5\n",
                                                      &error);

  g_assert_no_error (error);
  /* Different unknown accounts, so the lockout plays no part. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *login = g_strdup_printf ("nobody%u", i);
      g_autoptr(GpTestResponse) resp = try_login (ts, login, "x");

      g_assert_cmpuint (resp->status, ==, 401);
    }
  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "zsjy", "442000101");

    g_assert_cmpuint (resp->status, ==, 429);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "rate-limited");
    g_assert_nonnull (soup_message_headers_get_one (resp->headers, "Retry-After"));
  }
  gp_test_server_stop (ts);
}

static void
test_forged_and_missing_tokens_are_refused (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  const char *forged[] = {
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",   /* right shape, unknown */
    "short",
    "' OR 1=1; --                               ",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", forged[i]);

      g_assert_cmpuint (resp->status, ==, 401);
      g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "invalid-token");
    }

  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", NULL);

    g_assert_cmpuint (resp->status, ==, 401);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "unauthenticated");
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "WWW-Authenticate"), ==, "Bearer");
  }
  {
    const char *headers[] = { "Authorization", "Basic enNqeTo0NDIwMDAxMDE=", NULL };
    g_autoptr(GpTestResponse) resp = gp_test_server_request (ts, "GET", "/api/v1/session", NULL, NULL, NULL, 0,
                                                             headers);

    g_assert_cmpuint (resp->status, ==, 401);
  }

  gp_test_server_stop (ts);
}

static void
test_idle_and_absolute_expiry (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG
                                                      "idle-seconds=2\nabsolute-seconds=4\n", &error);
  g_autofree char *idle = NULL;
  g_autofree char *busy = NULL;

  g_assert_no_error (error);
  idle = gp_test_server_login (ts, "zsjy", "442000101");
  busy = gp_test_server_login (ts, "zswj", "442000102");

  /* The busy session stays alive past the idle limit by being used… */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GpTestResponse) resp = NULL;

      g_usleep (1100 * 1000);
      resp = gp_test_server_get (ts, "/api/v1/session", busy);
      g_assert_cmpuint (resp->status, ==, 200);
    }

  /* …while the idle one has expired. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", idle);

    g_assert_cmpuint (resp->status, ==, 401);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "session-expired");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", idle);

    g_assert_cmpuint (resp->status, ==, 401);
  }

  /* The absolute limit ends even a busy session. */
  g_usleep (2200 * 1000);
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", busy);

    g_assert_cmpuint (resp->status, ==, 401);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "session-expired");
  }

  gp_test_server_stop (ts);
}

static void
test_logout_ends_the_session (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  token = gp_test_server_login (ts, "zsjy", "442000101");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_request (ts, "DELETE", "/api/v1/session", token,
                                                             NULL, NULL, 0, NULL);

    g_assert_cmpuint (resp->status, ==, 204);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/session", token);

    g_assert_cmpuint (resp->status, ==, 401);
  }
  gp_test_server_stop (ts);
}

static void
test_bad_login_input (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *long_login = g_strnfill (100000, 'a');
  g_autofree char *long_body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"x\"}", long_login);
  struct {
    const char *content_type;
    const char *body;
    guint status;
    const char *code;
  } cases[] = {
    { "application/json", "{\"login\":\"zsjy\",", 400, "malformed-json" },
    { "application/json", "[\"zsjy\",\"442000101\"]", 400, "malformed-json" },
    { "application/json", "", 400, "malformed-json" },
    { "application/json", "\xff\xfe{}", 400, "malformed-json" },
    { "text/plain", "{\"login\":\"zsjy\",\"password\":\"442000101\"}", 415, "unsupported-media-type" },
    { "application/x-www-form-urlencoded", "login=zsjy&password=442000101", 415, "unsupported-media-type" },
    { "application/json", "{\"login\":\"zsjy\",\"password\":\"442000101\",\"admin\":true}", 400, "invalid-request" },
    { "application/json", "{\"login\":\"zsjy\",\"password\":442000101}", 400, "invalid-request" },
    { "application/json", "{\"login\":null,\"password\":\"x\"}", 400, "invalid-request" },
    { "application/json", "{\"login\":\"zsjy' OR '1'='1\",\"password\":\"' OR '1'='1\"}", 401, "invalid-credentials" },
    { "application/json", "{\"login\":\"zsjy\\u0000\",\"password\":\"442000101\"}", 400, "malformed-json" },
    { "application/json", "{\"login\":\"zsjy\\\\u0000\",\"password\":\"442000101\"}", 401, "invalid-credentials" },
    { "application/json", long_body, 401, "invalid-credentials" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GpTestResponse) resp = gp_test_server_request (ts, "POST", "/api/v1/session", NULL,
                                                               cases[i].content_type, cases[i].body, -1, NULL);

      g_test_message ("case %u: %s", i, cases[i].code);
      g_assert_cmpuint (resp->status, ==, cases[i].status);
      g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, cases[i].code);
    }

  /* The account still works after all that. */
  {
    g_autoptr(GpTestResponse) resp = try_login (ts, "zsjy", "442000101");

    g_assert_cmpuint (resp->status, ==, 201);
  }
  gp_test_server_stop (ts);
}

static void
test_audit_log_records_logins_and_is_append_only (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autoptr(GpTestResponse) resp = NULL;
  g_autofree char *admin = NULL;
  gboolean saw_wrong = FALSE, saw_ok = FALSE, saw_import = FALSE;
  JsonArray *entries;

  g_assert_no_error (error);
  g_clear_pointer (&resp, gp_test_response_free);
  resp = try_login (ts, "zsjy", "bad");
  g_assert_cmpuint (resp->status, ==, 401);
  g_clear_pointer (&resp, gp_test_response_free);

  admin = gp_test_server_login_ready (ts, "admin");
  resp = gp_test_server_get (ts, "/api/v1/audit?limit=1000", admin);
  g_assert_cmpuint (resp->status, ==, 200);
  entries = json_node_get_array (gp_test_response_lookup (resp, "entries"));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      const char *action = json_object_get_string_member (e, "action");
      const char *outcome = json_object_get_string_member (e, "outcome");

      if (g_strcmp0 (action, "import-units") == 0 && g_strcmp0 (outcome, "ok") == 0)
        saw_import = TRUE;
      if (g_strcmp0 (action, "login") != 0)
        continue;
      g_assert_cmpstr (json_object_get_string_member (e, "address"), ==, "127.0.0.1");
      g_assert_nonnull (json_object_get_string_member (e, "at"));
      if (g_strcmp0 (json_object_get_string_member (e, "account"), "zsjy") == 0 &&
          g_strcmp0 (outcome, "wrong-password") == 0)
        saw_wrong = TRUE;
      if (g_strcmp0 (json_object_get_string_member (e, "account"), "admin") == 0 &&
          g_strcmp0 (outcome, "ok") == 0)
        saw_ok = TRUE;
    }
  g_assert_true (saw_import);
  g_assert_true (saw_wrong);
  g_assert_true (saw_ok);

  /* Not even the database owner can rewrite history through SQL. */
  {
    g_autoptr(GpDb) db = open_server_db (ts);

    g_assert_false (gp_db_exec (db, "UPDATE audit_log SET outcome = 'ok'", &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "append-only"));
    g_clear_error (&error);
    g_assert_false (gp_db_exec (db, "DELETE FROM audit_log", &error));
    g_assert_nonnull (strstr (error->message, "append-only"));
  }

  gp_test_server_stop (ts);
}

static void
test_admin_unlocks_and_resets_accounts (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG "lockout-attempts=2\n", &error);
  g_autofree char *admin = NULL;
  g_autofree char *purchaser = NULL;
  g_autofree char *victim = NULL;

  g_assert_no_error (error);
  admin = gp_test_server_login_ready (ts, "admin");
  purchaser = gp_test_server_login_ready (ts, "zsjy");
  victim = gp_test_server_login_ready (ts, "thjy");

  /* thjy locks itself out. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GpTestResponse) resp = try_login (ts, "thjy", "wrong");

      g_assert_cmpuint (resp->status, ==, i == 0 ? 401 : 423);
    }

  /* Only an administrator sees and manages accounts. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/accounts", purchaser);

    g_assert_cmpuint (resp->status, ==, 403);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/accounts/thjy/unlock",
                                                               purchaser, "{}");

    g_assert_cmpuint (resp->status, ==, 403);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/accounts?limit=1000", admin);
    JsonArray *accounts = json_node_get_array (gp_test_response_lookup (resp, "accounts"));
    gboolean found = FALSE;

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (accounts), ==, 8);
    for (guint i = 0; i < json_array_get_length (accounts); i++)
      {
        JsonObject *a = json_array_get_object_element (accounts, i);

        if (g_strcmp0 (json_object_get_string_member (a, "login"), "thjy") == 0)
          {
            found = TRUE;
            g_assert_nonnull (json_object_get_string_member (a, "locked_until"));
          }
        /* Never a password hash. */
        g_assert_false (json_object_has_member (a, "password_hash"));
      }
    g_assert_true (found);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/accounts/thjy/unlock", admin, "{}");
    g_autoptr(GpTestResponse) login = try_login (ts, "thjy", GP_TEST_PASSWORD);

    g_assert_cmpuint (resp->status, ==, 204);
    g_assert_cmpuint (login->status, ==, 201);
  }

  /* A reset goes back to the budget code, ends the sessions and requires a new password. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/accounts/thjy/reset-password",
                                                               admin, "{}");
    g_autoptr(GpTestResponse) old_session = gp_test_server_get (ts, "/api/v1/session", victim);
    g_autoptr(GpTestResponse) old_password = try_login (ts, "thjy", GP_TEST_PASSWORD);
    g_autoptr(GpTestResponse) initial = try_login (ts, "thjy", "440106201");

    g_assert_cmpuint (resp->status, ==, 204);
    g_assert_cmpuint (old_session->status, ==, 401);
    g_assert_cmpuint (old_password->status, ==, 401);
    g_assert_cmpuint (initial->status, ==, 201);
    g_assert_true (json_node_get_boolean (gp_test_response_lookup (initial, "account.password_change_required")));
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/accounts/nobody/unlock", admin, "{}");

    g_assert_cmpuint (resp->status, ==, 404);
  }

  gp_test_server_stop (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/import/creates-units-and-accounts-once", test_import_creates_units_and_accounts_once);
  g_test_add_func ("/server/import/bad-rows-import-nothing-and-are-listed", test_import_with_bad_rows_imports_nothing);
  g_test_add_func ("/server/import/follows-the-region-account-naming-rule",
                   test_import_follows_the_region_account_naming_rule);
  g_test_add_func ("/server/auth/initial-password-allows-only-password-change",
                   test_initial_password_allows_only_password_change);
  g_test_add_func ("/server/auth/new-password-follows-policy", test_new_password_follows_policy);
  g_test_add_func ("/server/auth/password-change-ends-other-sessions", test_password_change_ends_other_sessions);
  g_test_add_func ("/server/auth/lockout-says-when-it-ends", test_lockout_says_when_it_ends);
  g_test_add_func ("/server/auth/login-is-rate-limited-per-address", test_rate_limit_per_address);
  g_test_add_func ("/server/auth/concurrent-failures-all-count", test_concurrent_failures_all_count);
  g_test_add_func ("/server/auth/forged-and-missing-tokens-are-refused", test_forged_and_missing_tokens_are_refused);
  g_test_add_func ("/server/auth/idle-and-absolute-expiry", test_idle_and_absolute_expiry);
  g_test_add_func ("/server/auth/logout-ends-the-session", test_logout_ends_the_session);
  g_test_add_func ("/server/auth/bad-login-input-is-refused", test_bad_login_input);
  g_test_add_func ("/server/audit/records-logins-and-is-append-only", test_audit_log_records_logins_and_is_append_only);
  g_test_add_func ("/server/accounts/admin-unlocks-and-resets-accounts", test_admin_unlocks_and_resets_accounts);

  return g_test_run ();
}
