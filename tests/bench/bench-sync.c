/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-sync.c: the initial sync of N projects (default 100,000) from a local gpcloud-server.
 * Target (README): at least 20,000 projects/s for the pull. Not a test: it prints numbers.
 *
 *   build/tests/bench/bench-sync [N [RUNS]]
 *
 * It starts the real server on loopback in a throw-away folder, imports a unit, creates N projects
 * through the API (not timed), then times RUNS (default 1) fresh clients' first syncs, one after the
 * other: every page of the change feed decoded by the strict codec and written to the client's SQLite
 * store with its cursor. Besides the wall time it prints the CPU time of this process (the engine's
 * and the store's threads) and of the server during the sync, since the machine may be shared.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gp-codec.h"
#include "gp-sync-engine.h"
#include "gp-test-server.h"

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
synced_cb (GpSyncEngine *engine,
           gboolean     *done)
{
  *done = TRUE;
}

/* CPU seconds (user + system) this process has used. */
static double
self_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of a /proc stat file, in seconds, or 0. */
static double
stat_cpu (const char *stat_path,
          char      **out_comm)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *open_paren, *after;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return 0;
  /* The fields after the command name in parentheses: utime and stime are 14th and 15th. */
  open_paren = strchr (stat, '(');
  after = strrchr (stat, ')');
  if (open_paren == NULL || after == NULL || after < open_paren)
    return 0;
  if (out_comm != NULL)
    *out_comm = g_strndup (open_paren + 1, after - open_paren - 1);
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) <= 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

/* CPU seconds of this process's threads named @comm. */
static double
threads_cpu (const char *comm)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  double total = 0;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *name = NULL;
      double cpu = stat_cpu (path, &name);

      if (g_strcmp0 (name, comm) == 0)
        total += cpu;
    }

  return total;
}

/* CPU seconds the server (our only child process still running) has used, or 0 if unknown. */
static double
children_cpu (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/task/%d/children", getpid (), getpid ());
  g_autofree char *list = NULL;
  g_auto(GStrv) pids = NULL;
  double total = 0;

  if (!g_file_get_contents (path, &list, NULL, NULL))
    return 0;

  pids = g_strsplit (g_strstrip (list), " ", -1);
  for (guint i = 0; pids[i] != NULL; i++)
    {
      g_autofree char *stat_path = g_strdup_printf ("/proc/%s/stat", pids[i]);

      if (pids[i][0] != '\0')
        total += stat_cpu (stat_path, NULL);
    }

  return total;
}

static void
remove_tree (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);

  if (system (cmd) != 0)
    g_printerr ("could not remove %s\n", path);
}

/* One fresh client's first sync; returns its wall time in seconds. */
static double
sync_once (GpTestServer *ts,
           const char   *data_home,
           guint         n,
           double       *out_cpu,
           double       *out_store_cpu,
           double       *out_server_cpu)
{
  g_autofree char *app_data = g_build_filename (data_home, "gpcloud", NULL);
  g_autoptr(GpCredentials) credentials = gp_credentials_new ();
  g_autoptr(GpSyncEngine) engine = gp_sync_engine_new (credentials);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  gboolean done = FALSE;
  gint64 start, end;
  double cpu, server_cpu;

  g_signal_connect (engine, "synced", G_CALLBACK (synced_cb), &done);

  gp_sync_engine_sign_in_async (engine, gp_test_server_get_base_url (ts), "zsjy", GP_TEST_PASSWORD, FALSE,
                                NULL, wait_cb, &result);
  start = g_get_monotonic_time ();
  cpu = self_cpu ();
  server_cpu = children_cpu ();
  g_assert_nonnull (gp_sync_engine_sign_in_finish (engine, wait_for (&result), &error));
  g_assert_no_error (error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  *out_cpu = self_cpu () - cpu;
  *out_server_cpu = children_cpu () - server_cpu;
  /* The store's thread lives as long as the engine's session: all of its time is this sync's. */
  *out_store_cpu = threads_cpu ("gp-store");

  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  {
    g_autoptr(GpStoreQuery) query = gp_store_query_new ();
    GpStore *store = gp_sync_engine_get_store (engine);
    guint count = 0;

    g_clear_object (&result);
    gp_store_count_async (store, query, NULL, wait_cb, &result);
    g_assert_true (gp_store_count_finish (store, wait_for (&result), &count, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count, ==, n);
  }

  g_clear_object (&result);
  g_clear_object (&engine);
  remove_tree (app_data);

  return (double) (end - start) / G_USEC_PER_SEC;
}

static GpProject *
make_project (guint i)
{
  GpProject *project = gp_project_new_draft ("442000");

  project->intention = gp_intention_new ();
  project->intention->name = g_strdup_printf ("第%u号办公设备采购项目", i);
  project->intention->summary = g_strdup ("台式计算机、打印机及配套耗材，含三年质保");
  project->intention->budget = 1000000 + (gint64) i * 100;
  g_date_set_dmy (&project->intention->expected_month, 1, G_DATE_MARCH, 2027);
  project->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;

  return project;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint runs = argc > 2 ? MAX (1, (guint) g_ascii_strtoull (argv[2], NULL, 10)) : 1;
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-bench-sync-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *token = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *url = NULL;
  GpTestServer *ts;

  setlocale (LC_ALL, "");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (g_getenv ("GPCLOUD_SERVER") == NULL)
    g_setenv ("GPCLOUD_SERVER", BENCH_SERVER, TRUE);

  ts = gp_test_server_start_with_units (NULL, &error);
  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");
  bearer = g_strconcat ("Bearer ", token, NULL);
  url = g_strconcat (gp_test_server_get_base_url (ts), "/api/v1/projects", NULL);
  session = soup_session_new_with_options ("timeout", 60, NULL);

  g_print ("creating %u projects through the API…\n", n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GpProject) project = make_project (i);
      g_autofree char *json = gp_project_to_json_string (project, NULL);
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      /* With an Idempotency-Key a request that timed out can simply be sent again. */
      for (guint attempt = 0;; attempt++)
        {
          g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
          g_autoptr(GBytes) answer = NULL;

          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", project->id);
          soup_message_set_request_body_from_bytes (msg, "application/json", body);
          answer = soup_session_send_and_read (session, msg, NULL, &error);
          if (error != NULL && attempt < 3)
            {
              /* A fresh session: a stale kept-alive connection is what usually times out. */
              g_clear_error (&error);
              g_clear_object (&session);
              session = soup_session_new_with_options ("timeout", 60, NULL);
              continue;
            }
          g_assert_no_error (error);
          g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
          break;
        }
    }
  g_clear_object (&session);

  for (guint run = 0; run < runs; run++)
    {
      double cpu, store_cpu, server_cpu;
      double seconds = sync_once (ts, data_home, n, &cpu, &store_cpu, &server_cpu);

      g_print ("initial sync of %u projects: %.2f s, %.0f projects/s (target ≥ 20,000/s); "
               "CPU: client %.2f s (%.1f µs a project, of which the store's thread %.1f µs), "
               "server %.2f s\n",
               n, seconds, n / seconds, cpu, cpu * 1e6 / n, store_cpu * 1e6 / n, server_cpu);
    }

  gp_test_server_stop (ts);
  remove_tree (data_home);

  return 0;
}
