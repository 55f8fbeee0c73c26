/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-server-seed.c: `gpcloud-server seed-demo` makes a demo province the app can sync.
 */
#include "config.h"

#include <string.h>

#include "gp-calendar.h"
#include "gp-codec.h"
#include "gp-lifecycle.h"
#include "gp-validate.h"
#include "gp-test-server.h"

static guint
pull_all (GpTestServer *ts,
          const char   *token,
          GHashTable   *states)
{
  g_autofree char *cursor = g_strdup ("0");
  gboolean more = TRUE;
  guint n = 0;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s&limit=10", cursor);
      g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);
      JsonArray *changes;

      g_assert_cmpuint (resp->status, ==, 200);
      changes = json_node_get_array (gp_test_response_lookup (resp, "changes"));
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonNode *node = json_object_get_member (json_array_get_object_element (changes, i), "project");
          g_autoptr(GError) error = NULL;
          g_autoptr(GpProject) project = gp_project_from_json (node, &error);

          /* The app's strict codec reads every seeded project. */
          g_assert_no_error (error);
          if (states != NULL)
            {
              GpActionContext ctx = { 0, };
              g_autoptr(GPtrArray) problems = NULL;

              g_hash_table_add (states, (gpointer) gp_project_state_to_string (project->status));
              /* A demo record is a true record of its state: its dates in order and before today,
               * every field its steps needed. Only a pending step's work may be missing: after
               * the bids close, the agency has yet to rank them. */
              ctx.now = g_get_real_time ();
              ctx.calendar = gp_calendar_get_default ();
              problems = gp_project_validate (project, &ctx);
              for (guint k = 0; k < problems->len; k++)
                {
                  const GpProblem *p = g_ptr_array_index (problems, k);

                  if (project->status == GP_PROJECT_STATE_BID_CLOSED && g_str_equal (p->code, "no-ranked-candidate"))
                    continue;
                  g_error ("demo project in %s: %s %s", gp_project_state_to_string (project->status),
                           p->path, p->code);
                }
            }
          n++;
        }
      g_free (cursor);
      cursor = g_strdup (gp_test_response_get_string (resp, "next"));
      more = json_node_get_boolean (gp_test_response_lookup (resp, "more"));
    }

  return n;
}

static void
test_seed_demo_makes_a_province (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "fast.conf", GP_TEST_FAST_HASH_CONFIG);
  const char *seed[] = { "seed-demo", "--config", conf, NULL };
  const char *start[] = { "--config", conf, NULL };
  g_autoptr(GHashTable) states = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *purchaser = NULL;
  g_autofree char *supervisor = NULL;
  g_autofree char *other_city = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, seed, &out, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "28 projects"));
  g_assert_nonnull (strstr (out, "zsjyj"));

  /* Seeding again adds nothing. */
  g_assert_true (gp_test_server_run_tool (ts, seed, &out2, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out2, "accounts 0 new"));
  g_assert_nonnull (strstr (out2, "0 projects"));

  g_assert_true (gp_test_server_launch (ts, start, &error));
  g_assert_no_error (error);

  /* Every state, for the unit's own clerk. */
  {
    g_autoptr(GpTestResponse) resp = NULL;
    g_autofree char *body = g_strdup_printf ("{\"login\":\"zsjyj\",\"password\":\"442000101\"}");

    resp = gp_test_server_send_json (ts, "POST", "/api/v1/session", NULL, body);
    g_assert_cmpuint (resp->status, ==, 201);
    purchaser = g_strdup (gp_test_response_get_string (resp, "token"));
    g_clear_pointer (&resp, gp_test_response_free);
    resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", purchaser,
                                     "{\"current_password\":\"442000101\",\"new_password\":\"Demo-pass-2026\"}");
    g_assert_cmpuint (resp->status, ==, 200);
  }
  g_assert_cmpuint (pull_all (ts, purchaser, states), ==, 28);
  g_assert_cmpuint (g_hash_table_size (states), ==, 28);

  /* The city's finance department sees all but the draft; another city's sees none. */
  supervisor = gp_test_server_login (ts, "zsczj", "442000900");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", supervisor,
                                                               "{\"current_password\":\"442000900\",\"new_password\":\"Demo-pass-2026\"}");
    g_assert_cmpuint (resp->status, ==, 200);
  }
  g_assert_cmpuint (pull_all (ts, supervisor, NULL), ==, 27);
  other_city = gp_test_server_login (ts, "fsczj", "440600900");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", other_city,
                                                               "{\"current_password\":\"440600900\",\"new_password\":\"Demo-pass-2026\"}");
    g_assert_cmpuint (resp->status, ==, 200);
  }
  g_assert_cmpuint (pull_all (ts, other_city, NULL), ==, 0);

  /* The agency sees the projects entrusted to it, the supplier those it supplies. */
  {
    g_autofree char *agency = gp_test_server_login (ts, "yxzb", "440000501");
    g_autofree char *supplier = gp_test_server_login (ts, "bwdn", "442000801");
    g_autoptr(GpTestResponse) a = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", agency,
                                                            "{\"current_password\":\"440000501\",\"new_password\":\"Demo-pass-2026\"}");
    g_autoptr(GpTestResponse) b = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", supplier,
                                                            "{\"current_password\":\"442000801\",\"new_password\":\"Demo-pass-2026\"}");
    guint n_agency;
    guint n_supplier;

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpuint (b->status, ==, 200);
    n_agency = pull_all (ts, agency, NULL);
    n_supplier = pull_all (ts, supplier, NULL);
    g_test_message ("agency sees %u, supplier sees %u", n_agency, n_supplier);
    g_assert_cmpuint (n_agency, >, 5);
    g_assert_cmpuint (n_agency, <, 28);
    g_assert_cmpuint (n_supplier, >, 5);
    g_assert_cmpuint (n_supplier, <, 28);
  }

  /* Registries and notices are there. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/supplier/search", purchaser);

    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 7);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/registries/product/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA",
                                                         purchaser); /* 计算机 */

    g_assert_cmpint (gp_test_response_get_int (resp, "total"), ==, 2);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/public/notices?region=442000&limit=500", NULL);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (gp_test_response_lookup (resp, "notices"))), ==, 27);
  }

  gp_test_server_stop (ts);
}

static char *
ready (GpTestServer *ts,
       const char   *login,
       const char   *budget_code)
{
  g_autofree char *token = gp_test_server_login (ts, login, budget_code);
  g_autofree char *body = g_strdup_printf ("{\"current_password\":\"%s\",\"new_password\":\"Demo-pass-2026\"}",
                                           budget_code);
  g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", token, body);

  g_assert_cmpuint (resp->status, ==, 200);
  return g_steal_pointer (&token);
}

static void
test_clerk_prepares_and_reviewer_approves (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "fast.conf", GP_TEST_FAST_HASH_CONFIG);
  const char *seed[] = { "seed-demo", "--config", conf, NULL };
  const char *start[] = { "--config", conf, NULL };
  g_autofree char *clerk = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *publish = NULL;
  g_autofree char *approve = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, seed, NULL, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (gp_test_server_launch (ts, start, &error));

  /* 汕头: two accounts per unit, …001 审核 (reviewer) and …002 经办 (clerk). */
  reviewer = ready (ts, "440511440511204001", "440511204");
  clerk = ready (ts, "440511440511204002", "440511204");

  body = g_strdup_printf ("{\"id\":\"%s\",\"rev\":0,\"region\":\"440511\",\"purchaser\":{},"
                          "\"stage\":\"intention\",\"status\":\"intent_draft\",\"legacy\":false,"
                          "\"created\":\"2026-02-01T09:00:00+08:00\",\"updated\":\"2026-02-01T09:00:00+08:00\","
                          "\"intention\":{\"name\":\"金平区学校课桌椅采购\",\"summary\":\"课桌椅300套\","
                          "\"budget\":36000000,\"expected_month\":\"2027-05\",\"basis\":\"approved_budget\","
                          "\"exempt\":false,\"approval\":{\"prepared\":false,\"approved\":false}},"
                          "\"contracts\":[],\"acceptances\":[],\"payments\":[]}", id);
  path = g_strdup_printf ("/api/v1/projects/%s", id);
  publish = g_strdup_printf ("/api/v1/projects/%s/actions/publish_intention", id);
  approve = g_strdup_printf ("/api/v1/projects/%s/actions/approve_internal", id);

  /* The reviewer does not draft. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", reviewer, body);

    g_assert_cmpuint (resp->status, ==, 403);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", clerk, body);

    g_assert_cmpuint (resp->status, ==, 201);
  }

  /* Nothing leaves the unit before the reviewer approved it. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", publish, clerk, "{}");

    g_assert_cmpuint (resp->status, >=, 403);
    g_assert_cmpuint (resp->status, <=, 422);
    g_assert_cmpuint (resp->status, !=, 404);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", approve, clerk, "{}");

    g_assert_cmpuint (resp->status, ==, 403);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", approve, reviewer, "{}");

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpstr (gp_test_response_get_string (resp, "status"), ==, "intent_draft");
    g_assert_true (json_node_get_boolean (gp_test_response_lookup (resp, "intention.approval.approved")));
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", publish, clerk, "{}");

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpstr (gp_test_response_get_string (resp, "status"), ==, "intent_published");
  }

  gp_test_server_stop (ts);
}

/* The id of the seeded project in @status, read from the feed of @token. */
static char *
find_in_state (GpTestServer *ts,
               const char   *token,
               const char   *status)
{
  g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/changes?limit=1000", token);
  JsonArray *changes = json_node_get_array (gp_test_response_lookup (resp, "changes"));

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *project = json_object_get_object_member (json_array_get_object_element (changes, i), "project");

      if (g_strcmp0 (json_object_get_string_member (project, "status"), status) == 0)
        return g_strdup (json_object_get_string_member (project, "id"));
    }
  g_assert_not_reached ();
}

static void
test_finance_files_or_returns_plans_of_its_region (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "fast.conf", GP_TEST_FAST_HASH_CONFIG);
  const char *seed[] = { "seed-demo", "--config", conf, NULL };
  const char *start[] = { "--config", conf, NULL };
  g_autofree char *city = NULL;
  g_autofree char *other_city = NULL;
  g_autofree char *purchaser = NULL;
  g_autofree char *id = NULL;
  g_autofree char *file = NULL;
  g_autofree char *ret = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, seed, NULL, NULL, &status, &error));
  g_assert_cmpint (status, ==, 0);
  g_assert_true (gp_test_server_launch (ts, start, &error));

  city = ready (ts, "zsczj", "442000900");
  other_city = ready (ts, "gzczj", "440100900");
  purchaser = ready (ts, "zsjyj", "442000101");
  id = find_in_state (ts, city, "plan_submitted");
  file = g_strdup_printf ("/api/v1/projects/%s/actions/file_plan", id);
  ret = g_strdup_printf ("/api/v1/projects/%s/actions/return_plan", id);

  /* Another city's finance department does not even see it; the purchaser may not file it. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", file, other_city, "{}");

    g_assert_cmpuint (resp->status, ==, 404);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", file, purchaser, "{}");

    g_assert_cmpuint (resp->status, ==, 403);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "action-forbidden");
  }
  /* Returning needs a reason (实施条例 第29条). */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", ret, city, "{}");

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "guard-failed");
    g_assert_cmpstr (gp_test_response_get_string (resp, "error.problems.0.code"), ==, "reason-required");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", file, city, "{}");

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpstr (gp_test_response_get_string (resp, "status"), ==, "plan_filed");
    g_assert_nonnull (gp_test_response_get_string (resp, "plan.filed"));
  }

  /* Once filed, it can no longer be returned, reason or not. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", ret, city,
                                                               "{\"reason\":\"预算指标与计划金额不符\"}");

    g_assert_cmpuint (resp->status, ==, 403);
  }

  gp_test_server_stop (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/seed-demo/makes-a-province-the-app-can-sync", test_seed_demo_makes_a_province);
  g_test_add_func ("/server/duties/clerk-prepares-and-reviewer-approves", test_clerk_prepares_and_reviewer_approves);
  g_test_add_func ("/server/supervision/finance-files-or-returns-plans-of-its-region",
                   test_finance_files_or_returns_plans_of_its_region);

  return g_test_run ();
}
