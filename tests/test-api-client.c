/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-api-client.c: the app's HTTP client against the real gpcloud-server on loopback, and against a
 * loopback peer that misbehaves the way a broken proxy or server would.
 */
#include "config.h"

#include <libsoup/soup.h>

#include "gp-api-client.h"
#include "gp-sync-error.h"
#include "gp-test-server.h"

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static GpApiResponse *
call (GpApiClient      *client,
      const char       *method,
      const char       *path,
      JsonNode         *body,
      const GpApiCall  *opts,
      GError          **error)
{
  Wait w = { g_main_loop_new (NULL, FALSE), NULL };
  GpApiResponse *response;

  gp_api_client_call_async (client, method, path, body, opts, NULL, wait_cb, &w);
  g_main_loop_run (w.loop);
  response = gp_api_client_call_finish (client, w.result, error);
  g_object_unref (w.result);
  g_main_loop_unref (w.loop);

  return response;
}

static void
test_health_from_real_server (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autoptr(GpApiClient) client = NULL;
  g_autoptr(GpApiResponse) response = NULL;
  JsonObject *root;

  g_assert_no_error (error);
  client = gp_api_client_new (gp_test_server_get_base_url (ts), &error);
  g_assert_no_error (error);

  response = call (client, "GET", "/api/v1/health", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gp_api_response_check (response, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  root = json_node_get_object (response->body);
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (root, "version"), ==, PACKAGE_VERSION);

  gp_test_server_stop (ts);
}

static void
test_unknown_route_maps_to_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autoptr(GpApiClient) client = gp_api_client_new (gp_test_server_get_base_url (ts), NULL);
  g_autoptr(GpApiResponse) response = NULL;

  response = call (client, "GET", "/api/v1/no-such-thing", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 404);
  g_assert_nonnull (response->error_code);
  g_assert_false (gp_api_response_check (response, &check));
  g_assert_error (check, GP_SYNC_ERROR, GP_SYNC_ERROR_NOT_FOUND);

  gp_test_server_stop (ts);
}

static void
test_stopped_server_is_offline (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autofree char *url = g_strdup (gp_test_server_get_base_url (ts));
  g_autoptr(GpApiClient) client = NULL;
  g_autoptr(GpApiResponse) response = NULL;

  /* The port was the server's: nothing listens there once it is gone. */
  gp_test_server_stop (ts);
  client = gp_api_client_new (url, NULL);
  response = call (client, "GET", "/api/v1/health", NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE);
}

static void
test_plain_http_to_remote_host_is_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpApiClient) client = gp_api_client_new ("http://gpcloud.gd.gov.cn", &error);

  g_assert_null (client);
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_INSECURE);
}

/* A loopback peer for what the real server never does: an HTML error page, a 500 and a
 * Retry-After, a 422 with problems, and silence. */
static void
misbehave_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/api/v1/html"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>login</html>", 18);
    }
  else if (g_str_equal (path, "/api/v1/broken"))
    {
      soup_server_message_set_status (msg, 503, NULL);
      soup_message_headers_replace (headers, "Retry-After", "7");
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "down", 4);
    }
  else if (g_str_equal (path, "/api/v1/truncated"))
    {
      static const char json[] = "{\"projects\": [";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else if (g_str_equal (path, "/api/v1/silent"))
    {
      soup_server_message_pause (msg);
    }
}

static SoupServer *
start_misbehaving_peer (char **out_url)
{
  g_autoptr(GError) error = NULL;
  SoupServer *server = soup_server_new (NULL, NULL);
  GSList *uris;

  soup_server_add_handler (server, NULL, misbehave_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  *out_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return server;
}

static void
test_garbage_and_failures_are_errors_not_crashes (void)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) peer = start_misbehaving_peer (&url);
  g_autoptr(GpApiClient) client = gp_api_client_new (url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GpApiResponse) html = NULL;
  g_autoptr(GpApiResponse) truncated = NULL;
  g_autoptr(GpApiResponse) broken = NULL;
  g_autoptr(GpApiResponse) silent = NULL;

  html = call (client, "GET", "/api/v1/html", NULL, NULL, &error);
  g_assert_null (html);
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);

  truncated = call (client, "GET", "/api/v1/truncated", NULL, NULL, &error);
  g_assert_null (truncated);
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* A 5xx is an answer: the sync engine backs off for Retry-After seconds. */
  broken = call (client, "GET", "/api/v1/broken", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (broken->status, ==, 503);
  g_assert_cmpuint (broken->retry_after, ==, 7);
  g_assert_false (gp_api_response_check (broken, &error));
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_SERVER);
  g_clear_error (&error);

  /* The timeout applies to new connections: use a fresh client. */
  g_clear_object (&client);
  client = gp_api_client_new (url, NULL);
  gp_api_client_set_timeout (client, 1);
  silent = call (client, "GET", "/api/v1/silent", NULL, NULL, &error);
  g_assert_null (silent);
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_TIMEOUT);
}

static void
test_response_check_maps_statuses (void)
{
  static const struct {
    guint status;
    const char *code;
    GpSyncError expected;
  } cases[] = {
    { 401, "unauthorized", GP_SYNC_ERROR_UNAUTHORIZED },
    { 403, "password-change-required", GP_SYNC_ERROR_PASSWORD_CHANGE_REQUIRED },
    { 403, "forbidden", GP_SYNC_ERROR_FORBIDDEN },
    { 412, "stale-revision", GP_SYNC_ERROR_CONFLICT },
    { 428, "if-match-required", GP_SYNC_ERROR_PRECONDITION_REQUIRED },
    { 422, "validation-failed", GP_SYNC_ERROR_INVALID },
    { 413, "too-large", GP_SYNC_ERROR_TOO_LARGE },
    { 423, "account-locked", GP_SYNC_ERROR_LOCKED },
    { 429, "rate-limited", GP_SYNC_ERROR_RATE_LIMITED },
    { 500, NULL, GP_SYNC_ERROR_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GpApiResponse response = { cases[i].status, NULL, NULL, 0, (char *) cases[i].code, NULL };
      g_autoptr(GError) error = NULL;

      g_assert_false (gp_api_response_check (&response, &error));
      g_assert_error (error, GP_SYNC_ERROR, (gint) cases[i].expected);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/api-client/reads-health-from-real-server", test_health_from_real_server);
  g_test_add_func ("/sync/api-client/unknown-route-maps-to-not-found", test_unknown_route_maps_to_not_found);
  g_test_add_func ("/sync/api-client/stopped-server-is-offline", test_stopped_server_is_offline);
  g_test_add_func ("/sync/api-client/plain-http-to-remote-host-is-refused (DESIGN.md §5)", test_plain_http_to_remote_host_is_refused);
  g_test_add_func ("/sync/api-client/garbage-and-failures-are-errors-not-crashes", test_garbage_and_failures_are_errors_not_crashes);
  g_test_add_func ("/sync/api-client/response-check-maps-statuses", test_response_check_maps_statuses);

  return g_test_run ();
}
