/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-server-health.c: gpcloud-server starts, answers its health route, and stops cleanly.
 */
#include "config.h"

#include <glib/gstdio.h>
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

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTlsCertificate *expected = user_data;

  /* Self-signed, so unknown to the system: accept exactly the server's own certificate. */
  return g_tls_certificate_is_same (certificate, expected);
}

static void
test_tls_serves_https (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *cert = g_build_filename (gp_test_server_get_tmp_dir (ts), "cert.pem", NULL);
  g_autofree char *key = g_build_filename (gp_test_server_get_tmp_dir (ts), "key.pem", NULL);
  g_autofree char *conf_text = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GTlsCertificate) expected = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                            "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL };
  const char *args[] = { "--config", NULL, NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) openssl, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("openssl cannot make a test certificate");
      gp_test_server_stop (ts);
      return;
    }

  /* LeakSanitizer crashes at exit in processes that ran GnuTLS threads (a sanitizer fault, not a
   * leak): let the sanitized build check the TLS server for everything but leaks. */
  {
    g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS") != NULL ? g_getenv ("ASAN_OPTIONS") : "",
                                         ":detect_leaks=0", NULL);

    gp_test_server_setenv (ts, "ASAN_OPTIONS", asan);
  }

  conf_text = g_strdup_printf ("[server]\ntls-certificate=%s\ntls-key=%s\n", cert, key);
  conf = gp_test_server_write_file (ts, "tls.conf", conf_text);
  args[1] = conf;
  g_assert_true (gp_test_server_launch (ts, args, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gp_test_server_get_base_url (ts), "https://127.0.0.1:"));

  expected = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  uri = g_strconcat (gp_test_server_get_base_url (ts), "/api/v1/health", NULL);
  msg = soup_message_new ("GET", uri);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), expected);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  /* Without accepting the unknown certificate the client refuses it: it is really TLS. */
  {
    g_autoptr(SoupSession) fresh = soup_session_new ();
    g_autoptr(SoupMessage) plain = soup_message_new ("GET", uri);
    g_autoptr(GBytes) none = soup_session_send_and_read (fresh, plain, NULL, &error);

    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  gp_test_server_stop (ts);
}

static void
test_plain_http_only_on_loopback (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  const char *args[] = { "--listen", "0.0.0.0:0", NULL };
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, NULL, &err, &status, &error));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "Refusing plain HTTP"));
  gp_test_server_stop (ts);
}

static void
test_logs_never_reach_stdout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gp-test-log-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *line = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, gp_test_server_binary (), "--listen", "127.0.0.1:0",
                                      "--data-dir", data, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));

  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *uri = g_strconcat (line + strlen ("listening on "), "/api/v1/health", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  rest = g_data_input_stream_read_upto (out, "", 0, NULL, NULL, NULL);
  /* The access log went to stderr; stdout had only the one line. */
  g_assert_nonnull (strstr (err, "GET /api/v1/health 200"));
  g_assert_true (rest == NULL || rest[0] == '\0');
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  {
    g_autofree char *db = g_build_filename (data, "gpcloud-server.db", NULL);
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (db);
    g_rmdir (data);
    g_rmdir (dir);
  }
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
  g_test_add_func ("/server/tls/serves-https-with-the-configured-certificate", test_tls_serves_https);
  g_test_add_func ("/server/tls/plain-http-only-on-loopback", test_plain_http_only_on_loopback);
  g_test_add_func ("/server/logs/never-reach-stdout", test_logs_never_reach_stdout);

  return g_test_run ();
}
