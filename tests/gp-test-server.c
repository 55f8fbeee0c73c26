/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-server.c: start the real gpcloud-server on a free loopback port for a test, and talk to it.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "gp-test-server.h"

struct _GpTestServer
{
  char            **env;
  char             *config_path;
  char             *tmp_dir;
  char             *data_dir;
  char             *base_url;
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  SoupSession      *session;
};

/**
 * gp_test_server_binary:
 *
 * Returns: the gpcloud-server under test, from $GPCLOUD_SERVER (set by tests/meson.build)
 */
const char *
gp_test_server_binary (void)
{
  const char *path = g_getenv ("GPCLOUD_SERVER");

  g_assert_nonnull (path);
  return path;
}

static void
remove_tree (const char *path)
{
  GDir *dir;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      const char *name;

      dir = g_dir_open (path, 0, NULL);
      if (dir != NULL)
        {
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (path, name, NULL);

              remove_tree (child);
            }
          g_dir_close (dir);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/**
 * gp_test_server_new:
 * @error: return location for a #GError
 *
 * Makes a temporary directory for a server (its data directory is `data` inside it, not yet
 * created), without starting one.
 */
GpTestServer *
gp_test_server_new (GError **error)
{
  GpTestServer *ts = g_new0 (GpTestServer, 1);

  ts->tmp_dir = g_dir_make_tmp ("gp-test-server-XXXXXX", error);
  if (ts->tmp_dir == NULL)
    {
      g_free (ts);
      return NULL;
    }
  ts->data_dir = g_build_filename (ts->tmp_dir, "data", NULL);
  ts->session = soup_session_new_with_options ("timeout", 60, NULL);

  return ts;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * gp_test_server_launch:
 * @ts: a test server, not running
 * @extra_args: (nullable): more arguments, %NULL-terminated
 * @error: return location for a #GError
 *
 * Spawns `gpcloud-server --listen 127.0.0.1:0 --data-dir DIR EXTRA…` and waits for its
 * `listening on URL` line.
 */
gboolean
gp_test_server_launch (GpTestServer  *ts,
                       const char    *extra_args[],
                       GError       **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *line = NULL;
  GInputStream *out;

  g_assert_null (ts->process);

  g_ptr_array_add (argv, (char *) gp_test_server_binary ());
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, ts->data_dir);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (ts->env != NULL)
    g_subprocess_launcher_set_environ (launcher, ts->env);
  /* If the test aborts, the server must not outlive it (and keep the test's stderr open). */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  ts->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, error);
  if (ts->process == NULL)
    return FALSE;

  out = g_subprocess_get_stdout_pipe (ts->process);
  ts->stdout_lines = g_data_input_stream_new (out);

  while ((line = g_data_input_stream_read_line_utf8 (ts->stdout_lines, NULL, NULL, error)) != NULL)
    {
      if (g_str_has_prefix (line, "listening on "))
        {
          ts->base_url = g_strdup (line + strlen ("listening on "));
          return TRUE;
        }
      g_clear_pointer (&line, g_free);
    }

  if (error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "gpcloud-server exited without saying where it listens");
  g_subprocess_wait (ts->process, NULL, NULL);
  g_clear_object (&ts->stdout_lines);
  g_clear_object (&ts->process);
  return FALSE;
}

/**
 * gp_test_server_start:
 * @extra_args: (nullable): more arguments, %NULL-terminated
 * @error: return location for a #GError
 *
 * gp_test_server_new() and gp_test_server_launch() in one.
 */
GpTestServer *
gp_test_server_start (const char  *extra_args[],
                      GError     **error)
{
  GpTestServer *ts = gp_test_server_new (error);

  if (ts == NULL)
    return NULL;

  if (!gp_test_server_launch (ts, extra_args, error))
    {
      remove_tree (ts->tmp_dir);
      g_clear_object (&ts->session);
      g_free (ts->tmp_dir);
      g_free (ts->data_dir);
      g_free (ts);
      return NULL;
    }

  return ts;
}

const char *
gp_test_server_get_base_url (GpTestServer *ts)
{
  return ts->base_url;
}

const char *
gp_test_server_get_data_dir (GpTestServer *ts)
{
  return ts->data_dir;
}

const char *
gp_test_server_get_tmp_dir (GpTestServer *ts)
{
  return ts->tmp_dir;
}

/**
 * gp_test_server_kill:
 * @ts: a running test server
 * @signum: the signal to send
 *
 * Sends @signum and waits for the process to end.
 *
 * Returns: the wait status, as g_subprocess_get_status()
 */
int
gp_test_server_kill (GpTestServer *ts,
                     int           signum)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (ts->process);

  g_subprocess_send_signal (ts->process, signum);
  g_subprocess_wait (ts->process, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_status (ts->process);

  g_clear_object (&ts->stdout_lines);
  g_clear_object (&ts->process);
  g_clear_pointer (&ts->base_url, g_free);

  return status;
}

/**
 * gp_test_server_stop:
 * @ts: (transfer full): a test server
 *
 * If it runs, sends SIGTERM and asserts the process exits with status 0. Then removes the temporary
 * directory and frees @ts.
 */
void
gp_test_server_stop (GpTestServer *ts)
{
  if (ts == NULL)
    return;

  if (ts->process != NULL)
    {
      int status = gp_test_server_kill (ts, SIGTERM);

      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  soup_session_abort (ts->session);
  g_clear_object (&ts->session);
  remove_tree (ts->tmp_dir);
  g_free (ts->tmp_dir);
  g_free (ts->data_dir);
  g_free (ts->base_url);
  g_free (ts->config_path);
  g_strfreev (ts->env);
  g_free (ts);
}

/**
 * gp_test_server_setenv:
 * @ts: a test server, not running
 * @name: a variable
 * @value: its value for the server's next launch
 */
void
gp_test_server_setenv (GpTestServer *ts,
                       const char   *name,
                       const char   *value)
{
  if (ts->env == NULL)
    ts->env = g_get_environ ();
  ts->env = g_environ_setenv (ts->env, name, value, TRUE);
}

/**
 * gp_test_server_run_tool:
 * @ts: a test server
 * @args: the arguments after the program name; `--data-dir DIR` is appended
 * @out_stdout: (out) (optional): what it printed
 * @out_stderr: (out) (optional): its diagnostics
 * @exit_status: (out): its exit status
 * @error: return location for a #GError
 *
 * Runs gpcloud-server as a command (import-units, …) on this server's data directory.
 */
gboolean
gp_test_server_run_tool (GpTestServer  *ts,
                         const char    *args[],
                         char         **out_stdout,
                         char         **out_stderr,
                         int           *exit_status,
                         GError       **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (char *) gp_test_server_binary ());
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, (char *) "--data-dir");
  g_ptr_array_add (argv, ts->data_dir);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (proc == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, error))
    return FALSE;

  *exit_status = g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return TRUE;
}

/**
 * gp_test_server_write_file:
 * @ts: a test server
 * @name: a file name
 * @contents: the text
 *
 * Returns: (transfer full): the path of a new file in the temporary directory
 */
char *
gp_test_server_write_file (GpTestServer *ts,
                           const char   *name,
                           const char   *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (ts->tmp_dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/**
 * gp_test_server_request:
 * @ts: a running test server
 * @method: "GET", "POST", …
 * @path: the path and query, e.g. "/api/v1/health"
 * @token: (nullable): a bearer token
 * @content_type: (nullable): the body's type
 * @body: (nullable): the body
 * @body_len: its length, or -1 for a string
 * @extra_headers: (nullable): name, value, name, value, …, %NULL
 *
 * Sends one request with a real SoupSession over loopback and reads the whole answer.
 *
 * Returns: (transfer full): the response; the test fails on a transport error
 */
GpTestResponse *
gp_test_server_request (GpTestServer *ts,
                        const char   *method,
                        const char   *path,
                        const char   *token,
                        const char   *content_type,
                        const char   *body,
                        gssize        body_len,
                        const char   *extra_headers[])
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GpTestResponse *resp;
  const char *type;

  g_assert_nonnull (ts->base_url);

  uri = g_strconcat (ts->base_url, path, NULL);
  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);

  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }

  for (guint i = 0; extra_headers != NULL && extra_headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  extra_headers[i], extra_headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_len < 0 ? strlen (body) : (gsize) body_len);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }

  resp = g_new0 (GpTestResponse, 1);
  resp->body = soup_session_send_and_read (ts->session, msg, NULL, &error);
  g_assert_no_error (error);
  resp->status = soup_message_get_status (msg);
  resp->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  type = soup_message_headers_get_content_type (resp->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0 && g_bytes_get_size (resp->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (resp->body, &len);

      json_parser_load_from_data (parser, data, (gssize) len, &error);
      g_assert_no_error (error);
      resp->json = json_parser_steal_root (parser);
    }

  return resp;
}

GpTestResponse *
gp_test_server_get (GpTestServer *ts,
                    const char   *path,
                    const char   *token)
{
  return gp_test_server_request (ts, "GET", path, token, NULL, NULL, 0, NULL);
}

GpTestResponse *
gp_test_server_send_json (GpTestServer *ts,
                          const char   *method,
                          const char   *path,
                          const char   *token,
                          const char   *json)
{
  return gp_test_server_request (ts, method, path, token, "application/json", json, -1, NULL);
}

void
gp_test_response_free (GpTestResponse *resp)
{
  if (resp == NULL)
    return;

  g_clear_pointer (&resp->headers, soup_message_headers_unref);
  g_clear_pointer (&resp->body, g_bytes_unref);
  g_clear_pointer (&resp->json, json_node_unref);
  g_free (resp);
}

/**
 * gp_test_response_lookup:
 * @resp: a response
 * @dotted_path: members separated by dots, e.g. "error.code"; array indexes as numbers
 *
 * Returns: (transfer none) (nullable): the node, or %NULL if absent
 */
JsonNode *
gp_test_response_lookup (GpTestResponse *resp,
                         const char     *dotted_path)
{
  g_auto(GStrv) parts = g_strsplit (dotted_path, ".", -1);
  JsonNode *node = resp->json;

  for (guint i = 0; node != NULL && parts[i] != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *obj = json_node_get_object (node);

          node = json_object_has_member (obj, parts[i]) ? json_object_get_member (obj, parts[i]) : NULL;
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *arr = json_node_get_array (node);
          guint64 index;

          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXUINT, &index, NULL) ||
              index >= json_array_get_length (arr))
            return NULL;
          node = json_array_get_element (arr, (guint) index);
        }
      else
        return NULL;
    }

  return node;
}

const char *
gp_test_response_get_string (GpTestResponse *resp,
                             const char     *dotted_path)
{
  JsonNode *node = gp_test_response_lookup (resp, dotted_path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
gp_test_response_get_int (GpTestResponse *resp,
                          const char     *dotted_path)
{
  JsonNode *node = gp_test_response_lookup (resp, dotted_path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_int (node);
}

const char *
gp_test_response_get_error_code (GpTestResponse *resp)
{
  return gp_test_response_get_string (resp, "error.code");
}

/**
 * gp_test_server_start_with_units:
 * @config_text: (nullable): the configuration file's text; %NULL for GP_TEST_FAST_HASH_CONFIG. Keep
 *   GP_TEST_FAST_HASH_CONFIG's keys in it, or imports and sign-ins take seconds.
 * @error: return location for a #GError
 *
 * Writes the configuration, imports GP_TEST_UNITS_CSV with `import-units` and starts the server
 * with `--config`.
 */
GpTestServer *
gp_test_server_start_with_units (const char  *config_text,
                                 GError     **error)
{
  GpTestServer *ts = gp_test_server_new (error);
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  const char *import_args[] = { "import-units", NULL, "--config", NULL, NULL };
  const char *args[] = { "--config", NULL, NULL };
  int status = -1;

  if (ts == NULL)
    return NULL;

  ts->config_path = gp_test_server_write_file (ts, "server.conf",
                                               config_text != NULL ? config_text : GP_TEST_FAST_HASH_CONFIG);
  csv = gp_test_server_write_file (ts, "units.csv", GP_TEST_UNITS_CSV);
  import_args[1] = csv;
  import_args[3] = ts->config_path;
  if (!gp_test_server_run_tool (ts, import_args, NULL, &err, &status, error))
    return NULL;
  if (status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "import-units failed: %s", err);
      return NULL;
    }

  args[1] = ts->config_path;
  if (!gp_test_server_launch (ts, args, error))
    return NULL;

  return ts;
}

const char *
gp_test_server_get_config_path (GpTestServer *ts)
{
  return ts->config_path;
}

/**
 * gp_test_server_budget_code_of:
 * @login: a login of GP_TEST_UNITS_CSV
 *
 * Returns: its unit's budget code, the initial password
 */
const char *
gp_test_server_budget_code_of (const char *login)
{
  static const char *const table[][2] = {
    { "zsjy", "442000101" }, { "zswj", "442000102" }, { "thjy", "440106201" },
    { "zscz", "442000900" }, { "gzcz", "440100900" }, { "gdczt", "440000900" },
    { "dl01", "440000501" }, { "admin", "440000999" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (table[i][0], login) == 0)
      return table[i][1];

  g_assert_not_reached ();
}

/**
 * gp_test_server_login:
 *
 * Signs in and asserts 201.
 *
 * Returns: (transfer full): the token
 */
char *
gp_test_server_login (GpTestServer *ts,
                      const char   *login,
                      const char   *password)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GpTestResponse) resp = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, login);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);

  resp = gp_test_server_send_json (ts, "POST", "/api/v1/session", NULL, body);
  g_assert_cmpuint (resp->status, ==, 201);
  g_assert_nonnull (gp_test_response_get_string (resp, "token"));
  return g_strdup (gp_test_response_get_string (resp, "token"));
}

/**
 * gp_test_server_login_ready:
 *
 * Signs in with the initial password, changes it to GP_TEST_PASSWORD (if not done yet) and returns
 * a token that may use every endpoint its role allows.
 *
 * Returns: (transfer full): the token
 */
char *
gp_test_server_login_ready (GpTestServer *ts,
                            const char   *login)
{
  g_autoptr(GpTestResponse) resp = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token = NULL;
  const char *code = gp_test_server_budget_code_of (login);

  body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}", login, code);
  resp = gp_test_server_send_json (ts, "POST", "/api/v1/session", NULL, body);
  if (resp->status == 401)
    return gp_test_server_login (ts, login, GP_TEST_PASSWORD);

  g_assert_cmpuint (resp->status, ==, 201);
  token = g_strdup (gp_test_response_get_string (resp, "token"));
  g_clear_pointer (&resp, gp_test_response_free);
  g_free (body);

  body = g_strdup_printf ("{\"current_password\":\"%s\",\"new_password\":\"%s\"}", code, GP_TEST_PASSWORD);
  resp = gp_test_server_send_json (ts, "POST", "/api/v1/session/password", token, body);
  g_assert_cmpuint (resp->status, ==, 200);
  return g_steal_pointer (&token);
}
