/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-server-health.c: gpcloud-server starts, answers its health route, and stops cleanly.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "gp-test-server.h"

static void
test_health_answers_ok (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autoptr(GpTestResponse) resp = NULL;
  g_autofree char *db_path = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gp_test_server_get_base_url (ts), "http://127.0.0.1:"));

  resp = gp_test_server_get (ts, "/api/v1/health", NULL);
  g_assert_cmpuint (resp->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (resp->headers, NULL), ==, "application/json");
  g_assert_cmpstr (gp_test_response_get_string (resp, "status"), ==, "ok");
  g_assert_cmpstr (gp_test_response_get_string (resp, "version"), ==, "0.1.0");
  g_assert_cmpstr (gp_test_response_get_string (resp, "database.status"), ==, "ok");
  g_assert_cmpint (gp_test_response_get_int (resp, "database.schema_version"), >=, 1);

  /* The data directory was created with the database in it. */
  db_path = g_build_filename (gp_test_server_get_data_dir (ts), "gpcloud-server.db", NULL);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  gp_test_server_stop (ts);
}

static void
test_version_prints_name_and_version (void)
{
  const char *argv[] = { gp_test_server_binary (), "--version", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "gpcloud-server 0.1.0\n");
}

static void
test_help_lists_options (void)
{
  const char *argv[] = { gp_test_server_binary (), "--help", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "--listen"));
  g_assert_nonnull (strstr (out, "--data-dir"));
  g_assert_nonnull (strstr (out, "--config"));
}

static void
test_bad_listen_address_fails (void)
{
  const char *argv[] = { gp_test_server_binary (), "--listen", "not-an-address", "--data-dir", "/nonexistent", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "not-an-address"));
}

static void
test_sigterm_exits_cleanly (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  int status;

  g_assert_no_error (error);
  status = gp_test_server_kill (ts, SIGTERM);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* The database survives a restart on the same directory. */
  g_assert_true (gp_test_server_launch (ts, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/health", NULL);

    g_assert_cmpuint (resp->status, ==, 200);
  }

  status = gp_test_server_kill (ts, SIGINT);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  gp_test_server_stop (ts);
}

static void
test_unknown_route_is_404_json (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);

  g_assert_no_error (error);
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/no-such-thing", NULL);

    g_assert_cmpuint (resp->status, ==, 404);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "not-found");
    g_assert_nonnull (gp_test_response_get_string (resp, "error.message"));
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/health/../../etc/passwd", NULL);

    g_assert_cmpuint (resp->status, ==, 404);
  }
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_send_json (ts, "DELETE", "/api/v1/health", NULL, "{}");

    g_assert_cmpuint (resp->status, ==, 405);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "method-not-allowed");
    g_assert_cmpstr (soup_message_headers_get_one (resp->headers, "Allow"), ==, "GET");
  }
  gp_test_server_stop (ts);
}

static void
test_port_zero_gives_distinct_ports (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *a = gp_test_server_start (NULL, &error);
  GpTestServer *b;

  g_assert_no_error (error);
  b = gp_test_server_start (NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (gp_test_server_get_base_url (a), !=, gp_test_server_get_base_url (b));
  g_assert_false (g_str_has_suffix (gp_test_server_get_base_url (a), ":0"));
  {
    g_autoptr(GpTestResponse) ra = gp_test_server_get (a, "/api/v1/health", NULL);
    g_autoptr(GpTestResponse) rb = gp_test_server_get (b, "/api/v1/health", NULL);

    g_assert_cmpuint (ra->status, ==, 200);
    g_assert_cmpuint (rb->status, ==, 200);
  }

  gp_test_server_stop (a);
  gp_test_server_stop (b);
}

/* Sends raw bytes and returns the status line of the answer. */
static char *
raw_request (GpTestServer *ts,
             const char   *request,
             gsize         body_len)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (gp_test_server_get_base_url (ts), G_URI_FLAGS_NONE, NULL);
  char *line;

  conn = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  if (body_len > 0)
    {
      g_autofree char *body = g_malloc (body_len);

      memset (body, ' ', body_len);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                 body, body_len, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (conn)));
  line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);
  g_assert_no_error (error);
  return line;
}

static void
test_oversized_body_is_413 (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autofree char *line = NULL;
  g_autofree char *big = NULL;

  g_assert_no_error (error);

  /* A plain client sends all of its 11 MB; the server refuses on the headers and drops the body. */
  line = raw_request (ts,
                      "POST /api/v1/session HTTP/1.1\r\n"
                      "Host: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\n"
                      "Content-Length: 11534336\r\n"
                      "\r\n", 11534336);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "HTTP/1.1 413"));
  g_clear_pointer (&line, g_free);

  /* A chunked body has no length to check up front: 411. */
  line = raw_request (ts,
                      "POST /api/v1/session HTTP/1.1\r\n"
                      "Host: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\n"
                      "\r\n"
                      "2\r\n{}\r\n0\r\n\r\n", 0);
  g_assert_true (g_str_has_prefix (line, "HTTP/1.1 411"));

  /* A real client sending a real 11 MB body with Expect: 100-continue gets the JSON error. */
  {
    const char *headers[] = { "Expect", "100-continue", NULL };
    g_autoptr(GpTestResponse) resp = NULL;
    gsize size = 11 * 1024 * 1024;

    big = g_malloc (size);
    memset (big, ' ', size);
    resp = gp_test_server_request (ts, "POST", "/api/v1/session", NULL, "application/json",
                                   big, (gssize) size, headers);
    g_assert_cmpuint (resp->status, ==, 413);
    g_assert_cmpstr (gp_test_response_get_error_code (resp), ==, "payload-too-large");
  }

  /* The server still serves. */
  {
    g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, "/api/v1/health", NULL);

    g_assert_cmpuint (resp->status, ==, 200);
  }

  gp_test_server_stop (ts);
}

static void
test_config_file_is_read_and_flags_override (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = NULL;
  g_autofree char *text = NULL;
  const char *args[] = { "--config", NULL, NULL };

  g_assert_no_error (error);
  /* The file asks for a port that the --listen flag of the helper overrides. */
  text = g_strdup_printf ("[server]\nlisten=127.0.0.1:1\nmax-body-bytes=2048\n"
                          "[accounts]\nlockout-attempts=3\n");
  conf = gp_test_server_write_file (ts, "server.conf", text);
  args[1] = conf;
  g_assert_true (gp_test_server_launch (ts, args, &error));
  g_assert_no_error (error);
  g_assert_false (g_str_has_suffix (gp_test_server_get_base_url (ts), ":1"));

  /* max-body-bytes from the file applies. */
  {
    g_autofree char *body = g_strnfill (4096, ' ');
    const char *headers[] = { "Expect", "100-continue", NULL };
    g_autoptr(GpTestResponse) resp = gp_test_server_request (ts, "POST", "/api/v1/session", NULL,
                                                             "application/json", body, -1, headers);

    g_assert_cmpuint (resp->status, ==, 413);
  }

  gp_test_server_stop (ts);
}

static void
test_invalid_config_file_fails (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = gp_test_server_write_file (ts, "bad.conf", "[accounts]\nlockout-attempts=many\n");
  const char *args[] = { "--config", conf, "--listen", "127.0.0.1:0", NULL };
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, NULL, &err, &status, &error));
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "lockout-attempts"));
  gp_test_server_stop (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/health/answers-ok-with-version-and-schema", test_health_answers_ok);
  g_test_add_func ("/server/cli/version-prints-name-and-version", test_version_prints_name_and_version);
  g_test_add_func ("/server/cli/help-lists-the-options", test_help_lists_options);
  g_test_add_func ("/server/cli/bad-listen-address-fails-with-status-2", test_bad_listen_address_fails);
  g_test_add_func ("/server/cli/config-file-is-read-and-flags-override-it", test_config_file_is_read_and_flags_override);
  g_test_add_func ("/server/cli/invalid-config-file-fails", test_invalid_config_file_fails);
  g_test_add_func ("/server/lifecycle/sigterm-and-sigint-exit-cleanly", test_sigterm_exits_cleanly);
  g_test_add_func ("/server/routes/unknown-route-is-404-json", test_unknown_route_is_404_json);
  g_test_add_func ("/server/listen/port-zero-gives-distinct-free-ports", test_port_zero_gives_distinct_ports);
  g_test_add_func ("/server/limits/oversized-body-is-413", test_oversized_body_is_413);

  return g_test_run ();
}
