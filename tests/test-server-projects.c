/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-server-projects.c: projects over loopback: revisions, idempotency, validation, authorization,
 * actions and notices, and the change feed under concurrent writers.
 */
#include "config.h"

#include <string.h>

#include "gp-test-server.h"

static char *
project_json (const char *id,
              const char *region,
              const char *name)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "rev");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "region");
  json_builder_add_string_value (b, region);
  json_builder_set_member_name (b, "purchaser");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "stage");
  json_builder_add_string_value (b, "intention");
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "intent_draft");
  json_builder_set_member_name (b, "legacy");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "created");
  json_builder_add_string_value (b, "2026-01-05T09:00:00+08:00");
  json_builder_set_member_name (b, "updated");
  json_builder_add_string_value (b, "2026-01-05T09:00:00+08:00");
  json_builder_set_member_name (b, "intention");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "summary");
  json_builder_add_string_value (b, "采购台式计算机50台");
  json_builder_set_member_name (b, "budget");
  json_builder_add_int_value (b, 50000000);
  json_builder_set_member_name (b, "expected_month");
  json_builder_add_string_value (b, "2027-03");
  json_builder_set_member_name (b, "basis");
  json_builder_add_string_value (b, "approved_budget");
  json_builder_set_member_name (b, "exempt");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "approval");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "prepared");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "approved");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "contracts");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "acceptances");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "payments");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static GpTestResponse *
send_with (GpTestServer *ts,
           const char   *method,
           const char   *path,
           const char   *token,
           const char   *body,
           const char   *if_match,
           const char   *idempotency_key)
{
  const char *headers[5] = { NULL, };
  guint n = 0;

  if (if_match != NULL)
    {
      headers[n++] = "If-Match";
      headers[n++] = if_match;
    }
  if (idempotency_key != NULL)
    {
      headers[n++] = "Idempotency-Key";
      headers[n++] = idempotency_key;
    }

  return gp_test_server_request (ts, method, path, token, body != NULL ? "application/json" : NULL,
                                 body, -1, headers);
}

static char *
create_project (GpTestServer *ts,
                const char   *token,
                const char   *name)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = project_json (id, "442000", name);
  g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, body);

  g_assert_cmpuint (resp->status, ==, 201);
  return g_steal_pointer (&id);
}

static gboolean
has_problem (GpTestResponse *resp,
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
test_create_get_update_with_revisions (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *token = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", id);
  g_autofree char *body2 = NULL;

  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");
  body = project_json (id, "442000", "办公设备采购");

  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, body);

    g_assert_cmpuint (resp->status, ==, 201);
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "ETag"), ==, "\"1\"");
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "Location"), ==, path);
    g_assert_cmpint (gp_test_response_get_int (resp, "rev"), ==, 1);
    /* The server fills in the purchaser from the account's unit. */
    g_assert_cmpstr (gp_test_response_get_string (resp, "purchaser.budget_code"), ==, "442000101");
    g_assert_cmpstr (gp_test_response_get_string (resp, "purchaser.name"), ==, "中山市教育局");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, body);

    g_assert_cmpuint (resp->status, ==, 409);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "already-exists");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "ETag"), ==, "\"1\"");
    g_assert_cmpstr (gp_test_response_get_string (resp, "intention.name"), ==, "办公设备采购");
  }

  body2 = project_json (id, "442000", "办公设备采购（更正）");
  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "PUT", path, token, body2, NULL, NULL);

    g_assert_cmpuint (resp->status, ==, 428);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "precondition-required");
  }
  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "PUT", path, token, body2, "\"1\"", NULL);

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "ETag"), ==, "\"2\"");
    g_assert_cmpstr (gp_test_response_get_string (resp, "intention.name"), ==, "办公设备采购（更正）");
  }
  {
    /* A change based on revision 1 is now stale. */
    g_autoptr(GpTestResponse) resp = send_with (ts, "PUT", path, token, body, "\"1\"", NULL);

    g_assert_cmpuint (resp->status, ==, 412);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "stale-revision");
    g_assert_cmpint (gp_test_response_get_int (resp, "error.current_rev"), ==, 2);
  }
  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "PUT", path, token, body, "not-a-number", NULL);

    g_assert_cmpuint (resp->status, ==, 400);
  }

  gp_test_server_stop (ts);
}

static void
test_idempotency_key (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *id2 = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autofree char *body2 = NULL;
  g_autofree char *first_body = NULL;

  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");
  other = gp_test_server_login_ready (ts, "zswj");
  body = project_json (id, "442000", "一次性创建");
  body2 = project_json (id2, "442000", "另一个项目");

  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", "/api/v1/projects", token, body, NULL, "key-1");

    g_assert_cmpuint (resp->status, ==, 201);
    g_assert_null (soup_message_headers_get_one (resp->headers, "Idempotent-Replayed"));
    first_body = g_strndup (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body));
  }
  {
    /* A replay (e.g. after a lost answer) returns the first answer, not 409. */
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", "/api/v1/projects", token, body, NULL, "key-1");
    g_autofree char *text = g_strndup (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body));

    g_assert_cmpuint (resp->status, ==, 201);
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "Idempotent-Replayed"), ==, "true");
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "ETag"), ==, "\"1\"");
    g_assert_cmpstr (text, ==, first_body);
  }
  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", "/api/v1/projects", token, body2, NULL, "key-1");

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "idempotency-key-reused");
  }
  {
    /* Keys belong to their account: another unit's same key is its own. */
    g_autofree char *id3 = g_uuid_string_random ();
    g_autofree char *body3 = project_json (id3, "442000", "卫健局项目");
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", "/api/v1/projects", other, body3, NULL, "key-1");

    g_assert_cmpuint (resp->status, ==, 201);
  }
  {
    const char *bad_key = "key with spaces";
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", "/api/v1/projects", token, body2, NULL, bad_key);

    g_assert_cmpuint (resp->status, ==, 400);
  }
  {
    /* A body refused before the write runs (415, 400) is no answer to keep: the key stays free. */
    g_autofree char *id4 = g_uuid_string_random ();
    g_autofree char *body4 = project_json (id4, "442000", "先发错了");
    g_autofree char *truncated = g_strndup (body4, strlen (body4) / 2);
    const char *headers[] = { "Idempotency-Key", "key-2", NULL };
    g_autoptr(GpTestResponse) wrong_type = gp_test_server_request (ts, "POST", "/api/v1/projects", token,
                                                                   "text/plain", body4, -1, headers);
    g_autoptr(GpTestResponse) malformed = send_with (ts, "POST", "/api/v1/projects", token, truncated, NULL, "key-2");
    g_autoptr(GpTestResponse) created = send_with (ts, "POST", "/api/v1/projects", token, body4, NULL, "key-2");

    g_assert_cmpuint (wrong_type->status, ==, 415);
    g_assert_cmpstr (gp_test_response_get_error_code (wrong_type), ==, "unsupported-media-type");
    g_assert_cmpuint (malformed->status, ==, 400);
    g_assert_cmpstr (gp_test_response_get_error_code (malformed), ==, "malformed-json");
    g_assert_cmpuint (created->status, ==, 201);
    g_assert_null (soup_message_headers_get_one (created->headers, "Idempotent-Replayed"));
  }
  {
    /* Malformed JSON is refused first; a stale revision comes before what the project holds. */
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", id);
    g_autofree char *truncated = g_strndup (body, strlen (body) / 2);
    g_autofree char *unknown = g_strdup_printf ("%.*s,\"is_admin\":true}", (int) strlen (body) - 1, body);
    g_autoptr(GpTestResponse) malformed = send_with (ts, "PUT", path, token, truncated, "\"7\"", "key-3");
    g_autoptr(GpTestResponse) stale = send_with (ts, "PUT", path, token, unknown, "\"7\"", "key-4");
    g_autoptr(GpTestResponse) undecodable = send_with (ts, "PUT", path, token, unknown, "\"1\"", "key-5");

    g_assert_cmpuint (malformed->status, ==, 400);
    g_assert_cmpstr (gp_test_response_get_error_code (malformed), ==, "malformed-json");
    g_assert_cmpuint (stale->status, ==, 412);
    g_assert_cmpuint (undecodable->status, ==, 422);
    g_assert_true (has_problem (undecodable, "decode-error"));
  }

  gp_test_server_stop (ts);
}

static void
test_validation_and_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *token = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autofree char *evil_id = g_uuid_string_random ();
  g_autofree char *evil = NULL;
  g_autofree char *long_name = g_strnfill (100000, 'x');
  g_autofree char *long_body = NULL;

  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");

  /* An incomplete draft is stored (DESIGN.md §4: every edit is saved); what is missing comes back
   * as the problem list of src/core when an action needs it. */
  {
    g_autofree char *bare = g_strdup_printf ("{\"id\":\"%s\",\"rev\":0,\"region\":\"442000\",\"purchaser\":{},"
                                             "\"stage\":\"intention\",\"status\":\"intent_draft\",\"legacy\":false,"
                                             "\"created\":\"2026-01-05T09:00:00+08:00\","
                                             "\"updated\":\"2026-01-05T09:00:00+08:00\","
                                             "\"contracts\":[],\"acceptances\":[],\"payments\":[]}", id);
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, bare);
    g_autofree char *action = g_strdup_printf ("/api/v1/projects/%s/actions/publish_intention", id);
    g_autoptr(GpTestResponse) publish = NULL;

    g_assert_cmpuint (resp->status, ==, 201);

    publish = gp_test_server_send_json (ts, "POST", action, token, "{}");
    g_assert_cmpuint (publish->status, ==, 422);
    g_assert_true (has_problem (publish, "required"));
  }

  body = project_json (id, "442000", "正常项目");
  {
    /* Unknown fields are refused by the strict codec, with the path. */
    g_autofree char *unknown = g_strdup_printf ("%.*s,\"is_admin\":true}", (int) strlen (body) - 1, body);
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, unknown);

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_true (has_problem (resp, "decode-error"));
  }
  {
    g_autofree char *truncated = g_strndup (body, strlen (body) / 2);
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, truncated);

    g_assert_cmpuint (resp->status, ==, 400);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "malformed-json");
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_request (ts, "POST", "/api/v1/projects", token, "text/csv",
                                                             body, -1, NULL);

    g_assert_cmpuint (resp->status, ==, 415);
  }
  {
    /* Another region, another unit's budget code, a published status: all refused. */
    g_autofree char *other_region = project_json (id, "440106", "外区项目");
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, other_region);

    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_true (has_problem (resp, "region-not-yours"));
  }
  {
    g_autofree char *published = project_json (id, "442000", "跳过草稿");
    g_autofree char *tmp = NULL;
    char *at = strstr (published, "intent_draft");
    g_autoptr(GpTestResponse) resp = NULL;

    tmp = g_strdup_printf ("%.*sintent_published%s", (int) (at - published), published, at + strlen ("intent_draft"));
    resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, tmp);
    g_assert_cmpuint (resp->status, ==, 422);
    g_assert_true (has_problem (resp, "new-project-must-be-draft"));
  }

  /* SQL metacharacters are data. */
  evil = project_json (evil_id, "442000", "x'); DROP TABLE project; --\"");
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, evil);
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", evil_id);
    g_autoptr(GpTestResponse) got = NULL;

    g_assert_cmpuint (resp->status, ==, 201);
    got = gp_test_server_get (ts, path, token);
    g_assert_cmpstr (gp_test_response_get_string (got, "intention.name"), ==, "x'); DROP TABLE project; --\"");
  }

  /* A very long string is refused by the codec's limits. */
  long_body = project_json (id, "442000", long_name);
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, long_body);

    g_assert_cmpuint (resp->status, ==, 422);
  }

  /* Ids in the address are data too. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/projects/'%20OR%201=1%20--", token);

    g_assert_cmpuint (resp->status, ==, 404);
  }

  /* Without a token, nothing. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", NULL, body);

    g_assert_cmpuint (resp->status, ==, 401);
  }

  gp_test_server_stop (ts);
}

static void
test_another_unit_cannot_read_or_change (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *owner = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *action = NULL;
  g_autofree char *body = NULL;
  const char *others[] = { "zswj", "thjy", "dl01" };

  g_assert_no_error (error);
  owner = gp_test_server_login_ready (ts, "zsjy");
  id = create_project (ts, owner, "教育局的项目");
  path = g_strdup_printf ("/api/v1/projects/%s", id);
  action = g_strdup_printf ("/api/v1/projects/%s/actions/publish_intention", id);
  body = project_json (id, "442000", "被篡改");

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *token = gp_test_server_login_ready (ts, others[i]);
      g_autoptr(GpTestResponse) get = gp_test_server_get (ts, path, token);
      g_autoptr(GpTestResponse) put = send_with (ts, "PUT", path, token, body, "\"1\"", NULL);
      g_autoptr(GpTestResponse) act = send_with (ts, "POST", action, token, NULL, NULL, NULL);
      g_autoptr(GpTestResponse) del = send_with (ts, "DELETE", path, token, NULL, "\"1\"", NULL);
      g_autoptr(GpTestResponse) feed = gp_test_server_get (ts, "/api/v1/changes", token);

      g_test_message ("as %s", others[i]);
      g_assert_cmpuint (get->status, ==, 404);
      g_assert_cmpuint (put->status, ==, 404);
      g_assert_cmpuint (act->status, ==, 404);
      g_assert_cmpuint (del->status, ==, 404);
      g_assert_cmpuint (feed->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (gp_test_response_lookup (feed, "changes"))), ==, 0);
    }

  /* Still untouched. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, owner);

    g_assert_cmpint (gp_test_response_get_int (resp, "rev"), ==, 1);
    g_assert_cmpstr (gp_test_response_get_string (resp, "intention.name"), ==, "教育局的项目");
  }

  gp_test_server_stop (ts);
}

static guint
count_notices (GpTestServer *ts,
               const char   *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/public/notices%s", query);
  g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, NULL);

  g_assert_cmpuint (resp->status, ==, 200);
  return json_array_get_length (json_node_get_array (gp_test_response_lookup (resp, "notices")));
}

static void
test_supervisors_see_their_region_and_actions_publish_notices (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *owner = NULL;
  g_autofree char *zscz = NULL;
  g_autofree char *gzcz = NULL;
  g_autofree char *gdczt = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *action = NULL;

  g_assert_no_error (error);
  owner = gp_test_server_login_ready (ts, "zsjy");
  zscz = gp_test_server_login_ready (ts, "zscz");
  gzcz = gp_test_server_login_ready (ts, "gzcz");
  gdczt = gp_test_server_login_ready (ts, "gdczt");
  id = create_project (ts, owner, "教学设备采购");
  path = g_strdup_printf ("/api/v1/projects/%s", id);
  action = g_strdup_printf ("/api/v1/projects/%s/actions/publish_intention", id);

  /* A draft is private to its unit. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, zscz);

    g_assert_cmpuint (resp->status, ==, 404);
  }

  /* A supervisor may not publish a purchaser's intention. */
  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", action, owner, NULL, NULL, NULL);
    g_autoptr(GpTestResponse) stale = send_with (ts, "POST", action, owner, NULL, "\"1\"", NULL);

    g_assert_cmpuint (resp->status, ==, 200);
    g_assert_cmpstr (gp_test_response_get_string (resp, "status"), ==, "intent_published");
    g_assert_nonnull (gp_test_response_get_string (resp, "intention.published"));
    g_assert_cmpint (gp_test_response_get_int (resp, "rev"), ==, 2);
    /* Based on revision 1, the same action is stale now. */
    g_assert_cmpuint (stale->status, ==, 412);
  }
  {
    g_autoptr(GpTestResponse) again = send_with (ts, "POST", action, owner, NULL, NULL, NULL);

    g_assert_cmpuint (again->status, ==, 403);
    g_assert_cmpstr (gp_test_response_get_error_code (again), ==, "action-forbidden");
  }

  /* The city's and the province's finance departments see it now; another city's does not. */
  {
    g_autoptr(GpTestResponse) a = gp_test_server_get (ts, path, zscz);
    g_autoptr(GpTestResponse) b = gp_test_server_get (ts, path, gdczt);
    g_autoptr(GpTestResponse) c = gp_test_server_get (ts, path, gzcz);

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpuint (b->status, ==, 200);
    g_assert_cmpuint (c->status, ==, 404);
  }
  /* Supervisors never edit a purchaser's record. */
  {
    g_autofree char *body = project_json (id, "442000", "x");
    g_autoptr(GpTestResponse) resp = send_with (ts, "PUT", path, zscz, body, "\"2\"", NULL);

    g_assert_cmpuint (resp->status, ==, 403);
  }
  {
    g_autofree char *unknown = g_strdup_printf ("/api/v1/projects/%s/actions/teleport", id);
    g_autoptr(GpTestResponse) resp = send_with (ts, "POST", unknown, owner, NULL, NULL, NULL);

    g_assert_cmpuint (resp->status, ==, 404);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "unknown-action");
  }

  /* The 采购意向公开 is on the public portal, without signing in, filtered by region and type. */
  g_assert_cmpuint (count_notices (ts, ""), ==, 1);
  g_assert_cmpuint (count_notices (ts, "?region=442000&type=59"), ==, 1);
  g_assert_cmpuint (count_notices (ts, "?region=440000"), ==, 1);
  g_assert_cmpuint (count_notices (ts, "?region=440100"), ==, 0);
  g_assert_cmpuint (count_notices (ts, "?type=00102"), ==, 0);
  g_assert_cmpuint (count_notices (ts, "?from=2000-01-01&to=2000-12-31"), ==, 0);
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/public/notices?region=44'--", NULL);

    g_assert_cmpuint (resp->status, ==, 400);
  }

  gp_test_server_stop (ts);
}

static void
test_delete_draft_leaves_a_tombstone_in_the_feed (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autofree char *token = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");
  id = create_project (ts, token, "要删除的草稿");
  path = g_strdup_printf ("/api/v1/projects/%s", id);

  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "DELETE", path, token, NULL, NULL, NULL);

    g_assert_cmpuint (resp->status, ==, 428);
  }
  {
    g_autoptr(GpTestResponse) resp = send_with (ts, "DELETE", path, token, NULL, "\"1\"", NULL);

    g_assert_cmpuint (resp->status, ==, 204);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);

    g_assert_cmpuint (resp->status, ==, 404);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/changes?since=0", token);

    g_assert_cmpstr (gp_test_response_get_string (resp, "changes.0.id"), ==, id);
    g_assert_true (json_node_get_boolean (gp_test_response_lookup (resp, "changes.0.deleted")));
    g_assert_true (JSON_NODE_HOLDS_NULL (gp_test_response_lookup (resp, "changes.0.project")));
    g_assert_cmpint (gp_test_response_get_int (resp, "changes.0.rev"), ==, 2);
  }

  gp_test_server_stop (ts);
}

static int writers_done;

typedef struct {
  const char *base_url;
  const char *token;
  GPtrArray  *ids;     /* this writer's projects */
  guint       rounds;
  guint       ok;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(SoupSession) session = soup_session_new ();

  for (guint r = 0; r < w->rounds; r++)
    for (guint i = 0; i < w->ids->len; i++)
      {
        const char *id = g_ptr_array_index (w->ids, i);
        g_autofree char *uri = g_strdup_printf ("%s/api/v1/projects/%s", w->base_url, id);
        g_autofree char *name = g_strdup_printf ("第%u轮", r + 1);
        g_autofree char *body = project_json (id, "442000", name);
        g_autofree char *auth = g_strdup_printf ("Bearer %s", w->token);
        g_autofree char *etag = g_strdup_printf ("\"%u\"", r + 1);
        g_autoptr(SoupMessage) msg = soup_message_new ("PUT", uri);
        g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
        g_autoptr(GBytes) answer = NULL;

        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
        soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", etag);
        soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
        answer = soup_session_send_and_read (session, msg, NULL, NULL);
        if (soup_message_get_status (msg) == 200)
          w->ok++;
      }

  g_atomic_int_inc (&writers_done);
  return NULL;
}

static void
test_feed_pages_without_gaps_or_repeats_under_concurrent_writers (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (NULL, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) last_rev = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *token = NULL;
  g_autofree char *cursor = g_strdup ("0");
  Writer writers[4];
  GThread *threads[4];
  const guint per_writer = 5;
  const guint rounds = 6;
  gboolean more = TRUE;
  guint pages = 0;

  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");

  for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
    {
      writers[w].base_url = gp_test_server_get_base_url (ts);
      writers[w].token = token;
      writers[w].ids = g_ptr_array_new_with_free_func (g_free);
      writers[w].rounds = rounds;
      writers[w].ok = 0;
      for (guint i = 0; i < per_writer; i++)
        g_ptr_array_add (writers[w].ids, create_project (ts, token, "初稿"));
    }

  writers_done = 0;
  for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
    threads[w] = g_thread_new ("writer", writer_thread, &writers[w]);

  /* Page through the feed while they write. */
  while (g_atomic_int_get (&writers_done) < (int) G_N_ELEMENTS (writers))
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s&limit=7", cursor);
      g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);
      JsonArray *changes;

      g_assert_cmpuint (resp->status, ==, 200);
      changes = json_node_get_array (gp_test_response_lookup (resp, "changes"));
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          const char *id = json_object_get_string_member (c, "id");
          gint64 rev = json_object_get_int_member (c, "rev");
          char *key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, id, rev);

          /* Never the same version twice, and versions of a project only go forward. */
          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, key);
          g_assert_cmpint (rev, >, GPOINTER_TO_INT (g_hash_table_lookup (last_rev, id)));
          g_hash_table_insert (last_rev, g_strdup (id), GINT_TO_POINTER ((int) rev));
        }
      g_free (cursor);
      cursor = g_strdup (gp_test_response_get_string (resp, "next"));
      pages++;
    }

  for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
    {
      g_thread_join (threads[w]);
      g_assert_cmpuint (writers[w].ok, ==, rounds * per_writer);
    }

  /* Then drain the feed from the cursor: what was committed at the very end comes now. */
  for (more = TRUE; more; )
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s&limit=50", cursor);
      g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);
      JsonArray *changes = json_node_get_array (gp_test_response_lookup (resp, "changes"));

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          const char *id = json_object_get_string_member (c, "id");
          gint64 rev = json_object_get_int_member (c, "rev");

          char *key = g_strdup_printf ("%s@%" G_GINT64_FORMAT, id, rev);

          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, key);
          g_assert_cmpint (rev, >, GPOINTER_TO_INT (g_hash_table_lookup (last_rev, id)));
          g_hash_table_insert (last_rev, g_strdup (id), GINT_TO_POINTER ((int) rev));
        }
      g_free (cursor);
      cursor = g_strdup (gp_test_response_get_string (resp, "next"));
      more = json_node_get_boolean (gp_test_response_lookup (resp, "more"));
    }

  /* Nothing missed: every project's final revision reached the reader. */
  g_assert_cmpuint (g_hash_table_size (last_rev), ==, G_N_ELEMENTS (writers) * per_writer);
  for (guint w = 0; w < G_N_ELEMENTS (writers); w++)
    {
      for (guint i = 0; i < writers[w].ids->len; i++)
        g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (last_rev, g_ptr_array_index (writers[w].ids, i))),
                         ==, 1 + rounds);
      g_ptr_array_unref (writers[w].ids);
    }
  g_test_message ("%u pages", pages);

  gp_test_server_stop (ts);
}

static void
test_calendar_is_public (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autoptr(GpTestResponse) resp = NULL;

  g_assert_no_error (error);
  resp = gp_test_server_get (ts, "/api/v1/calendar", NULL);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_nonnull (resp->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (resp->json));
  gp_test_server_stop (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/projects/create-get-update-with-revisions", test_create_get_update_with_revisions);
  g_test_add_func ("/server/projects/idempotency-key-replays-the-first-answer", test_idempotency_key);
  g_test_add_func ("/server/projects/validation-and-bad-input", test_validation_and_bad_input);
  g_test_add_func ("/server/projects/another-unit-cannot-read-or-change", test_another_unit_cannot_read_or_change);
  g_test_add_func ("/server/projects/supervisors-see-their-region-and-actions-publish-notices",
                   test_supervisors_see_their_region_and_actions_publish_notices);
  g_test_add_func ("/server/projects/delete-draft-leaves-a-tombstone-in-the-feed",
                   test_delete_draft_leaves_a_tombstone_in_the_feed);
  g_test_add_func ("/server/changes/pages-without-gaps-or-repeats-under-concurrent-writers",
                   test_feed_pages_without_gaps_or_repeats_under_concurrent_writers);
  g_test_add_func ("/server/calendar/is-public", test_calendar_is_public);

  return g_test_run ();
}
