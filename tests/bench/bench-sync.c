/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-sync.c: the initial sync of N projects (default 100,000) from a local gpcloud-server.
 * Target (README): at least 20,000 projects/s for the pull. Not a test: it prints numbers.
 *
 *   build/tests/bench/bench-sync [N]
 *
 * It starts the real server on loopback in a throw-away folder, imports a unit, creates N projects
 * through the API (not timed), then times a fresh client's first sync: every page of the change feed
 * decoded by the strict codec and written to the client's SQLite store with its cursor.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>

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
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-bench-sync-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GpCredentials) credentials = NULL;
  g_autoptr(GpSyncEngine) engine = NULL;
  g_autofree char *token = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *result = NULL;
  GpTestServer *ts;
  gboolean done = FALSE;
  gint64 start, end;
  double seconds;

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

  credentials = gp_credentials_new ();
  engine = gp_sync_engine_new (credentials);
  g_signal_connect (engine, "synced", G_CALLBACK (synced_cb), &done);

  gp_sync_engine_sign_in_async (engine, gp_test_server_get_base_url (ts), "zsjy", GP_TEST_PASSWORD, FALSE,
                                NULL, wait_cb, &result);
  start = g_get_monotonic_time ();
  g_assert_nonnull (gp_sync_engine_sign_in_finish (engine, wait_for (&result), &error));
  g_assert_no_error (error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();

  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  seconds = (double) (end - start) / G_USEC_PER_SEC;
  g_print ("initial sync of %u projects: %.2f s, %.0f projects/s (target ≥ 20,000/s)\n",
           n, seconds, n / seconds);

  g_clear_object (&result);
  gp_test_server_stop (ts);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", data_home);
  }

  return 0;
}
