/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-sync-engine.c: the app's sync engine against the real gpcloud-server on loopback, with the real
 * keyring of the test session (build-aux/test-session.sh) and real SQLite stores.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include <libsoup/soup.h>

#include "gp-codec.h"
#include "gp-feed-page.h"
#include "gp-sync-engine.h"
#include "gp-sync-error.h"
#include "gp-test-proxy.h"
#include "gp-test-server.h"
#include "gp-validate.h"

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

static GAsyncResult *
wait_run (Wait *w)
{
  g_main_loop_run (w->loop);
  return w->result;
}

static void
wait_clear (Wait *w)
{
  g_clear_object (&w->result);
  g_clear_pointer (&w->loop, g_main_loop_unref);
}

#define WAIT_INIT { g_main_loop_new (NULL, FALSE), NULL }

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
synced_cb (GpSyncEngine *engine,
           guint        *count)
{
  (*count)++;
}

/* Waits for the next finished sync cycle. */
static void
wait_for_cycle (GpSyncEngine *engine)
{
  guint count = 0;
  gboolean timed_out = FALSE;
  gulong handler = g_signal_connect (engine, "synced", G_CALLBACK (synced_cb), &count);
  guint id = g_timeout_add_seconds (240, timeout_cb, &timed_out);

  while (count == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
  g_signal_handler_disconnect (engine, handler);
}

static const GpAccount *
sign_in (GpSyncEngine  *engine,
         GpTestServer  *ts,
         const char    *login,
         const char    *password,
         GError       **error)
{
  Wait w = WAIT_INIT;
  const GpAccount *account;

  gp_sync_engine_sign_in_async (engine, gp_test_server_get_base_url (ts), login, password, FALSE,
                                NULL, wait_cb, &w);
  account = gp_sync_engine_sign_in_finish (engine, wait_run (&w), error);
  wait_clear (&w);

  return account;
}

static gboolean
change_password (GpSyncEngine  *engine,
                 const char    *old_password,
                 const char    *new_password,
                 GPtrArray    **problems,
                 GError       **error)
{
  Wait w = WAIT_INIT;
  gboolean ok;

  gp_sync_engine_change_password_async (engine, old_password, new_password, NULL, wait_cb, &w);
  ok = gp_sync_engine_change_password_finish (engine, wait_run (&w), problems, error);
  wait_clear (&w);

  return ok;
}

static void
sign_out (GpSyncEngine *engine,
          gboolean      forget)
{
  Wait w = WAIT_INIT;
  g_autoptr(GError) error = NULL;

  gp_sync_engine_sign_out_async (engine, forget, NULL, wait_cb, &w);
  g_assert_true (gp_sync_engine_sign_out_finish (engine, wait_run (&w), &error));
  g_assert_no_error (error);
  wait_clear (&w);
}

static GpSyncEngine *
new_engine (void)
{
  g_autoptr(GpCredentials) credentials = gp_credentials_new ();

  return gp_sync_engine_new (credentials);
}

static void
test_first_sign_in_forces_password_change_then_syncs (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpSyncEngine) engine = new_engine ();
  g_autoptr(GPtrArray) problems = NULL;
  const GpAccount *account;

  g_assert_no_error (error);

  /* The first password is the unit's 预算编码 (粤财采购函〔2020〕59号 §三). */
  account = sign_in (engine, ts, "zsjy", gp_test_server_budget_code_of ("zsjy"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_true (account->password_change_required);
  g_assert_cmpint (account->role, ==, GP_ROLE_PURCHASER);
  g_assert_cmpstr (account->unit_name, ==, "中山市教育局");
  g_assert_nonnull (gp_sync_engine_get_store (engine));

  /* Nothing syncs before the password is changed. */
  gp_sync_engine_sync_now (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), !=, GP_SYNC_STATUS_SYNCING);

  /* The new password may not be the 预算编码 itself. */
  g_assert_false (change_password (engine, gp_test_server_budget_code_of ("zsjy"),
                                   gp_test_server_budget_code_of ("zsjy"), &problems, &error));
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_INVALID);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >, 0);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_assert_true (change_password (engine, gp_test_server_budget_code_of ("zsjy"), GP_TEST_PASSWORD,
                                  &problems, &error));
  g_assert_no_error (error);
  g_assert_false (gp_sync_engine_get_account (engine)->password_change_required);

  /* The first sync starts by itself and completes. */
  wait_for_cycle (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  g_assert_cmpint (gp_sync_engine_get_last_sync (engine), >, 0);
  g_assert_null (gp_sync_engine_get_error_message (engine));

  sign_out (engine, TRUE);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_SIGNED_OUT);
  g_assert_null (gp_sync_engine_get_store (engine));
  gp_test_server_stop (ts);
}

static void
test_wrong_password_and_lockout_are_explained (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strconcat (GP_TEST_FAST_HASH_CONFIG, "lockout-attempts=2\nlockout-minutes=15\n", NULL);
  GpTestServer *ts = gp_test_server_start_with_units (config, &error);
  g_autoptr(GpSyncEngine) engine = new_engine ();

  g_assert_no_error (error);

  g_assert_null (sign_in (engine, ts, "zswj", "not-the-password", &error));
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  /* The second failure locks the account (configured: 2); the message says until when (HH:MM). */
  g_assert_null (sign_in (engine, ts, "zswj", "still-not-it", &error));
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_LOCKED);
  g_assert_true (g_regex_match_simple ("[0-2][0-9]:[0-5][0-9]", error->message, 0, 0));
  g_clear_error (&error);

  /* Even the right password waits for the lock to end. */
  g_assert_null (sign_in (engine, ts, "zswj", gp_test_server_budget_code_of ("zswj"), &error));
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_LOCKED);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_SIGNED_OUT);

  gp_test_server_stop (ts);
}

static void
test_unreachable_server_is_offline_error (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start (NULL, &error);
  g_autofree char *url = g_strdup (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) engine = new_engine ();
  Wait w = WAIT_INIT;

  gp_test_server_stop (ts);
  gp_sync_engine_sign_in_async (engine, url, "zsjy", "whatever", FALSE, NULL, wait_cb, &w);
  g_assert_null (gp_sync_engine_sign_in_finish (engine, wait_run (&w), &error));
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE);
  wait_clear (&w);
}

static void
test_resume_uses_keyring_and_works_offline (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autofree char *url = g_strdup (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) first = new_engine ();
  g_autoptr(GpSyncEngine) second = NULL;
  g_autoptr(GpSyncEngine) third = NULL;
  const GpAccount *account;
  Wait w = WAIT_INIT;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      gp_test_server_stop (ts);
      g_test_skip ("needs the test session's keyring (build-aux/test.sh)");
      return;
    }

  g_assert_nonnull (sign_in (first, ts, "thjy", gp_test_server_budget_code_of ("thjy"), &error));
  g_assert_true (change_password (first, gp_test_server_budget_code_of ("thjy"), GP_TEST_PASSWORD, NULL, &error));
  wait_for_cycle (first);
  g_clear_object (&first);   /* the app closes; the token stays in the keyring */

  /* The next start signs in again with the kept token, without a password. */
  second = new_engine ();
  gp_sync_engine_resume_async (second, url, "thjy", NULL, wait_cb, &w);
  account = gp_sync_engine_resume_finish (second, wait_run (&w), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->login, ==, "thjy");
  g_assert_false (account->password_change_required);
  wait_clear (&w);
  wait_for_cycle (second);
  g_assert_cmpint (gp_sync_engine_get_status (second), ==, GP_SYNC_STATUS_IDLE);
  g_clear_object (&second);

  /* On a train: the server is gone, the officer still gets the drafts. */
  gp_test_server_stop (ts);
  third = new_engine ();
  w = (Wait) WAIT_INIT;
  gp_sync_engine_resume_async (third, url, "thjy", NULL, wait_cb, &w);
  account = gp_sync_engine_resume_finish (third, wait_run (&w), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->unit_name, ==, "广州市天河区教育局");
  g_assert_cmpint (gp_sync_engine_get_status (third), ==, GP_SYNC_STATUS_OFFLINE);
  g_assert_nonnull (gp_sync_engine_get_store (third));
  g_assert_nonnull (gp_sync_engine_get_error_message (third));
  wait_clear (&w);

  sign_out (third, TRUE);
}

/* ------------------------------------------------------------------------------------------------
 * Projects: push, pull, conflicts and failures
 */

/* A second account of 中山市教育局 (a unit may have two: DOMAIN.md §7), so that two clients with
 * their own stores can edit the unit's projects. */
static void
add_second_clerk (GpTestServer *ts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = gp_test_server_write_file (ts, "second.csv",
                                                    "name,budget_code,region,role,account,duties\n"
                                                    "中山市教育局,442000101,442000,purchaser,zsjy2,both\n");
  const char *args[] = { "import-units", csv, "--config", gp_test_server_get_config_path (ts), NULL };
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

/* Signs in with the 预算编码, changes it, and waits for the first sync. */
static GpSyncEngine *
ready_engine (GpTestServer *ts,
              const char   *url,
              const char   *login,
              const char   *budget_code)
{
  GpSyncEngine *engine = new_engine ();
  g_autoptr(GError) error = NULL;
  Wait w = WAIT_INIT;

  gp_sync_engine_sign_in_async (engine, url != NULL ? url : gp_test_server_get_base_url (ts),
                                login, budget_code, FALSE, NULL, wait_cb, &w);
  g_assert_nonnull (gp_sync_engine_sign_in_finish (engine, wait_run (&w), &error));
  g_assert_no_error (error);
  wait_clear (&w);
  g_assert_true (change_password (engine, budget_code, GP_TEST_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  wait_for_cycle (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);

  return engine;
}

static GpProject *
new_intention (const char *name)
{
  GpProject *project = gp_project_new_draft ("442000");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  project->intention = gp_intention_new ();
  project->intention->name = g_strdup (name);
  project->intention->summary = g_strdup ("台式计算机 40 台，激光打印机 10 台");
  project->intention->budget = 48600000;   /* ¥486,000.00 */
  g_date_set_dmy (&project->intention->expected_month, 1,
                  (GDateMonth) (((g_date_time_get_month (now) + 2) % 12) + 1),
                  (GDateYear) (g_date_time_get_year (now) + (g_date_time_get_month (now) >= 10 ? 1 : 0)));
  project->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;

  return project;
}

static void
save (GpSyncEngine    *engine,
      const GpProject *project)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gp_store_save_project_sync (gp_sync_engine_get_store (engine), project, NULL, NULL, &error));
  g_assert_no_error (error);
}

static GpStoredProject *
load (GpSyncEngine *engine,
      const char   *id)
{
  g_autoptr(GError) error = NULL;
  GpStoredProject *stored = gp_store_load_project_sync (gp_sync_engine_get_store (engine), id, NULL, &error);

  g_assert_no_error (error);
  return stored;
}

static void
sync_and_wait (GpSyncEngine *engine)
{
  guint count = 0;
  gboolean timed_out = FALSE;
  gulong handler = g_signal_connect (engine, "synced", G_CALLBACK (synced_cb), &count);
  guint id = g_timeout_add_seconds (240, timeout_cb, &timed_out);

  gp_sync_engine_sync_now (engine);
  while (count == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
  g_signal_handler_disconnect (engine, handler);
}

static gint64
server_rev (GpTestServer *ts,
            const char   *token,
            const char   *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", id);
  g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);

  g_assert_cmpuint (resp->status, ==, 200);
  return gp_test_response_get_int (resp, "rev");
}

static void
test_offline_edit_is_pushed_when_back (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autofree char *url = g_strdup (gp_test_server_get_base_url (ts));
  g_autofree char *listen = g_strdup (url + strlen ("http://"));
  const char *relaunch[] = { "--config", gp_test_server_get_config_path (ts), "--listen", listen, NULL };
  g_autoptr(GpSyncEngine) engine = ready_engine (ts, NULL, "zsjy", gp_test_server_budget_code_of ("zsjy"));
  g_autoptr(GpProject) project = new_intention ("办公设备采购项目");
  g_autoptr(GpStoredProject) stored = NULL;
  g_autofree char *token = NULL;

  /* The train enters a tunnel: the server is unreachable while the officer types. */
  gp_test_server_kill (ts, SIGKILL);
  save (engine, project);
  sync_and_wait (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_OFFLINE);
  stored = load (engine, project->id);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_CREATED);
  g_clear_pointer (&stored, gp_stored_project_free);

  /* Back online: the draft goes up and comes back as the server's revision 1. */
  g_assert_true (gp_test_server_launch (ts, relaunch, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gp_test_server_get_base_url (ts), ==, url);
  sync_and_wait (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  stored = load (engine, project->id);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_SYNCED);
  g_assert_cmpint (stored->base_rev, ==, 1);

  token = gp_test_server_login (ts, "zsjy", GP_TEST_PASSWORD);
  g_assert_cmpint (server_rev (ts, token, project->id), ==, 1);

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

static void
conflict_cb (GpSyncEngine *engine,
             const char   *project_id,
             char        **out)
{
  g_free (*out);
  *out = g_strdup (project_id);
}

static void
test_two_clients_editing_one_project_keep_both_versions (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpSyncEngine) mine = NULL;
  g_autoptr(GpSyncEngine) theirs = NULL;
  g_autoptr(GpProject) project = new_intention ("校园安防监控采购项目");
  g_autoptr(GpStoredProject) on_mine = NULL;
  g_autoptr(GpStoredProject) on_theirs = NULL;
  g_autofree char *conflicted = NULL;

  add_second_clerk (ts);
  mine = ready_engine (ts, NULL, "zsjy", gp_test_server_budget_code_of ("zsjy"));
  theirs = ready_engine (ts, NULL, "zsjy2", gp_test_server_budget_code_of ("zsjy"));
  g_signal_connect (mine, "conflict", G_CALLBACK (conflict_cb), &conflicted);

  save (mine, project);
  sync_and_wait (mine);
  sync_and_wait (theirs);
  on_theirs = load (theirs, project->id);
  g_assert_cmpint (on_theirs->sync_state, ==, GP_SYNC_STATE_SYNCED);

  /* Both change the budget, the colleague first. */
  on_theirs->project->intention->budget = 50000000;
  save (theirs, on_theirs->project);
  sync_and_wait (theirs);

  on_mine = load (mine, project->id);
  on_mine->project->intention->budget = 45000000;
  save (mine, on_mine->project);
  g_clear_pointer (&on_mine, gp_stored_project_free);
  sync_and_wait (mine);

  /* Never resolved silently (DESIGN.md §4): my draft stays, theirs sits beside it. */
  g_assert_cmpstr (conflicted, ==, project->id);
  on_mine = load (mine, project->id);
  g_assert_cmpint (on_mine->sync_state, ==, GP_SYNC_STATE_MODIFIED);
  g_assert_cmpint (on_mine->project->intention->budget, ==, 45000000);
  g_assert_nonnull (on_mine->conflict);
  g_assert_cmpint (on_mine->conflict->intention->budget, ==, 50000000);

  sign_out (mine, TRUE);
  sign_out (theirs, TRUE);
  gp_test_server_stop (ts);
}

static void
test_lost_answer_is_retried_and_applied_once (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpTestProxy) proxy = gp_test_proxy_new (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) engine = ready_engine (ts, gp_test_proxy_get_url (proxy), "zsjy",
                                                 gp_test_server_budget_code_of ("zsjy"));
  g_autoptr(GpProject) project = new_intention ("食堂食材配送服务项目");
  g_autoptr(GpStoredProject) stored = NULL;
  g_autofree char *token = NULL;

  save (engine, project);
  sync_and_wait (engine);
  stored = load (engine, project->id);
  g_assert_cmpint (stored->base_rev, ==, 1);

  /* The change reaches the server, which applies it; then the answer is lost on the way back, as if
   * the server died right after its commit. */
  stored->project->intention->budget = 30000000;
  save (engine, stored->project);
  g_clear_pointer (&stored, gp_stored_project_free);
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_DROP_ANSWER, "PUT", "/api/v1/projects/", 1);

  for (guint i = 0; i < 3; i++)
    {
      sync_and_wait (engine);
      if (gp_sync_engine_get_status (engine) == GP_SYNC_STATUS_IDLE)
        break;
    }
  g_assert_cmpuint (gp_test_proxy_get_hits (proxy), ==, 1);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);

  /* The retry carried the same Idempotency-Key: applied once (revision 2, not a conflict). */
  stored = load (engine, project->id);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_SYNCED);
  g_assert_cmpint (stored->base_rev, ==, 2);
  g_assert_null (stored->conflict);
  token = gp_test_server_login (ts, "zsjy", GP_TEST_PASSWORD);
  g_assert_cmpint (server_rev (ts, token, project->id), ==, 2);

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

static GpOutboxEntry *
only_outbox_entry (GpSyncEngine *engine)
{
  Wait w = WAIT_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GpStore *store = gp_sync_engine_get_store (engine);

  gp_store_list_outbox_async (store, TRUE, NULL, wait_cb, &w);
  entries = gp_store_list_outbox_finish (store, wait_run (&w), &error);
  g_assert_no_error (error);
  wait_clear (&w);
  g_assert_cmpuint (entries->len, ==, 1);

  return gp_outbox_entry_copy (g_ptr_array_index (entries, 0));
}

static void
test_server_failures_leave_the_outbox_intact (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpTestProxy) proxy = gp_test_proxy_new (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) engine = ready_engine (ts, gp_test_proxy_get_url (proxy), "zsjy",
                                                 gp_test_server_budget_code_of ("zsjy"));
  g_autoptr(GpProject) project = new_intention ("图书馆图书采购项目");
  g_autoptr(GpOutboxEntry) entry = NULL;
  g_autoptr(GpStoredProject) stored = NULL;
  static const struct {
    GpTestProxyMode mode;
    GpSyncStatus    status;
  } failures[] = {
    { GP_TEST_PROXY_ANSWER_500, GP_SYNC_STATUS_ERROR },
    { GP_TEST_PROXY_ANSWER_GARBAGE, GP_SYNC_STATUS_ERROR },
    { GP_TEST_PROXY_SILENCE, GP_SYNC_STATUS_OFFLINE },
  };
  Wait w = WAIT_INIT;

  /* A silent server counts as unreachable after 3 s. */
  gp_sync_engine_set_timeout (engine, 3);
  save (engine, project);
  sync_and_wait (engine);

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      gp_test_proxy_set_mode (proxy, failures[i].mode, "POST", "/api/v1/projects/", G_MAXUINT);

      if (i == 0)
        {
          /* 发布采购意向, queued as an action (DESIGN.md §4). */
          gp_sync_engine_queue_action_async (engine, project->id, "publish_intention", NULL, NULL, wait_cb, &w);
          g_assert_true (gp_sync_engine_queue_action_finish (engine, wait_run (&w), &error));
          g_assert_no_error (error);
          wait_clear (&w);
          wait_for_cycle (engine);
        }
      else
        sync_and_wait (engine);

      g_assert_cmpint (gp_sync_engine_get_status (engine), ==, failures[i].status);
      g_assert_nonnull (gp_sync_engine_get_error_message (engine));
      g_assert_cmpuint (gp_sync_engine_get_pending_actions (engine), ==, 1);
      entry = only_outbox_entry (engine);
      g_assert_cmpint (entry->state, ==, GP_OUTBOX_STATE_PENDING);
      g_clear_pointer (&entry, gp_outbox_entry_free);
    }

  /* The server answers again: the action is applied, and the project comes back published. */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_PASS, NULL, NULL, 0);
  sync_and_wait (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  g_assert_cmpuint (gp_sync_engine_get_pending_actions (engine), ==, 0);
  entry = only_outbox_entry (engine);
  g_assert_cmpint (entry->state, ==, GP_OUTBOX_STATE_SENT);
  stored = load (engine, project->id);
  g_assert_cmpint (stored->project->status, ==, GP_PROJECT_STATE_INTENT_PUBLISHED);

  /* Publishing put the 采购意向公开 notice (type 59) on the portal. */
  {
    g_autoptr(JsonArray) notices = NULL;
    gboolean found = FALSE;

    w = (Wait) WAIT_INIT;
    gp_sync_engine_fetch_notices_async (engine, "59", "442000", 50, NULL, wait_cb, &w);
    notices = gp_sync_engine_fetch_notices_finish (engine, wait_run (&w), &error);
    g_assert_no_error (error);
    wait_clear (&w);
    for (guint i = 0; i < json_array_get_length (notices); i++)
      {
        JsonObject *notice = json_array_get_object_element (notices, i);

        found |= g_strcmp0 (json_object_get_string_member_with_default (notice, "project_id", ""), project->id) == 0;
      }
    g_assert_true (found);
  }

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

/* A failed cycle is tried again by itself, after 2, 4, 8 … s with ±25 % jitter, never sooner than
 * the server's Retry-After; a cycle that succeeds ends the backoff, and so does the officer's own
 * 同步 (DESIGN.md §4). The retries here are the engine's own: the test only waits for them. */
static void
test_backoff_grows_with_jitter_and_honours_retry_after (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpTestProxy) proxy = gp_test_proxy_new (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) engine = ready_engine (ts, gp_test_proxy_get_url (proxy), "zsjy",
                                                 gp_test_server_budget_code_of ("zsjy"));
  static const struct {
    guint low, high;
  } expected[] = { { 1, 2 }, { 3, 5 }, { 6, 10 } };

  g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), ==, 0);

  /* The server fails: the first cycle is asked for, the next ones come by themselves, each twice
   * as far. */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_ANSWER_500, "GET", "/api/v1/changes", G_MAXUINT);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (i == 0)
        sync_and_wait (engine);
      else
        wait_for_cycle (engine);
      g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_ERROR);
      g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), >=, expected[i].low);
      g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), <=, expected[i].high);
    }

  /* In maintenance the server says when to come back (503, Retry-After: 30): not sooner, though
   * the backoff alone would be 12 to 20 s now. */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_ANSWER_503, "GET", "/api/v1/changes", G_MAXUINT);
  wait_for_cycle (engine);
  g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), ==, 30);

  /* Back: the officer's 同步 succeeds, nothing is scheduled, and a new failure starts at 2 s. */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_PASS, NULL, NULL, 0);
  sync_and_wait (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), ==, 0);
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_ANSWER_500, "GET", "/api/v1/changes", G_MAXUINT);
  sync_and_wait (engine);
  g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), >=, 1);
  g_assert_cmpuint (gp_sync_engine_get_retry_delay (engine), <=, 2);

  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_PASS, NULL, NULL, 0);
  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

static void
failed_cb (GpSyncEngine *engine,
           const char   *project_id,
           const char   *action,
           const char   *problems_json,
           char        **out)
{
  g_free (*out);
  *out = g_strdup (problems_json);
}

static void
queue (GpSyncEngine *engine,
       const char   *project_id,
       const char   *action)
{
  Wait w = WAIT_INIT;
  g_autoptr(GError) error = NULL;

  gp_sync_engine_queue_action_async (engine, project_id, action, NULL, NULL, wait_cb, &w);
  g_assert_true (gp_sync_engine_queue_action_finish (engine, wait_run (&w), &error));
  g_assert_no_error (error);
  wait_clear (&w);
}

static void
test_refused_action_can_be_queued_again (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpSyncEngine) engine = ready_engine (ts, NULL, "zsjy", gp_test_server_budget_code_of ("zsjy"));
  g_autoptr(GpProject) project = new_intention ("会议室音视频设备采购项目");
  g_autoptr(GpStoredProject) stored = NULL;
  g_autofree char *problems = NULL;

  g_signal_connect (engine, "action-failed", G_CALLBACK (failed_cb), &problems);

  /* 发布采购意向 without the requirement summary: the server refuses it with the field's problem. */
  g_clear_pointer (&project->intention->summary, g_free);
  save (engine, project);
  queue (engine, project->id, "publish_intention");
  wait_for_cycle (engine);
  g_assert_nonnull (problems);
  g_assert_nonnull (strstr (problems, "intention.summary"));
  g_assert_cmpuint (gp_sync_engine_get_pending_actions (engine), ==, 0);

  /* The officer fills it in and publishes again: the old refusal does not hold the new one back. */
  project->intention->summary = g_strdup ("会议室音视频设备一套，含安装调试");
  save (engine, project);
  queue (engine, project->id, "publish_intention");
  wait_for_cycle (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  g_assert_cmpuint (gp_sync_engine_get_pending_actions (engine), ==, 0);
  stored = load (engine, project->id);
  g_assert_cmpint (stored->project->status, ==, GP_PROJECT_STATE_INTENT_PUBLISHED);

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

static void
test_ten_thousand_projects_are_paged (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL;
  g_autofree char *bearer = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GpSyncEngine) engine = NULL;
  g_autoptr(GpStoreQuery) query = gp_store_query_new ();
  guint count = 0;
  Wait w = WAIT_INIT;

  add_second_clerk (ts);
  token = gp_test_server_login_ready (ts, "zsjy");
  bearer = g_strconcat ("Bearer ", token, NULL);
  url = g_strconcat (gp_test_server_get_base_url (ts), "/api/v1/projects", NULL);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("第%u号办公用品采购项目", i);
      g_autoptr(GpProject) project = new_intention (name);
      g_autofree char *json = gp_project_to_json_string (project, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
      g_autoptr(GBytes) answer = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    }

  /* A colleague's first sync brings all of them, page by page. */
  engine = ready_engine (ts, NULL, "zsjy2", gp_test_server_budget_code_of ("zsjy"));
  gp_store_count_async (gp_sync_engine_get_store (engine), query, NULL, wait_cb, &w);
  g_assert_true (gp_store_count_finish (gp_sync_engine_get_store (engine), wait_run (&w), &count, &error));
  g_assert_no_error (error);
  wait_clear (&w);
  g_assert_cmpuint (count, ==, 10000);

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

/* ------------------------------------------------------------------------------------------------
 * A network monitor the test switches on and off, registered as GIO's default implementation
 * before anything asks for one (main()).
 */

#define GP_TYPE_TEST_MONITOR (gp_test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (GpTestMonitor, gp_test_monitor, GP, TEST_MONITOR, GObject)

struct _GpTestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void gp_test_monitor_iface_init (GNetworkMonitorInterface *iface);
static void gp_test_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpTestMonitor, gp_test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, gp_test_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, gp_test_monitor_iface_init))

static gboolean
gp_test_monitor_can_reach (GNetworkMonitor     *monitor,
                           GSocketConnectable  *connectable,
                           GCancellable        *cancellable,
                           GError             **error)
{
  if (GP_TEST_MONITOR (monitor)->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "Network unreachable");
  return FALSE;
}

static void
gp_test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = gp_test_monitor_can_reach;
}

static gboolean
gp_test_monitor_initable_init_cb (GInitable     *initable,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  return TRUE;
}

static void
gp_test_monitor_initable_init (GInitableIface *iface)
{
  iface->init = gp_test_monitor_initable_init_cb;
}

static void
gp_test_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GpTestMonitor *self = GP_TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_test_monitor_class_init (GpTestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gp_test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
gp_test_monitor_init (GpTestMonitor *self)
{
  self->available = TRUE;
}

static void
set_network_available (gboolean available)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  GpTestMonitor *self;

  g_assert_true (GP_IS_TEST_MONITOR (monitor));
  self = GP_TEST_MONITOR (monitor);
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify (G_OBJECT (monitor), "network-available");
  g_signal_emit_by_name (monitor, "network-changed", available);
}

/* Runs the main context for @seconds. */
static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      gboolean timed_out = FALSE;

      g_timeout_add (50, timeout_cb, &timed_out);
      while (!timed_out)
        g_main_context_iteration (NULL, TRUE);
    }
}

/* Runs the main context until @engine's status is @status, for at most 10 s. */
static void
wait_for_status (GpSyncEngine *engine,
                 GpSyncStatus  status)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (gp_sync_engine_get_status (engine) != status && g_get_monotonic_time () < end)
    run_for (0.05);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, status);
}

/* When the computer loses the network the engine says so and stops trying, even with a retry of a
 * failed cycle pending; when the network is back it syncs at once. */
static void
test_network_loss_goes_offline_and_back (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpTestProxy) proxy = gp_test_proxy_new (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) engine = NULL;
  g_autoptr(GpProject) project = new_intention ("断网期间编辑的办公设备项目");
  g_autoptr(GpStoredProject) stored = NULL;
  guint hits;

  engine = ready_engine (ts, gp_test_proxy_get_url (proxy), "zsjy", gp_test_server_budget_code_of ("zsjy"));

  /* A cycle fails (the server answers 500), so a retry is due within about 2 s … */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_ANSWER_500, NULL, NULL, 1000);
  sync_and_wait (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_ERROR);
  hits = gp_test_proxy_get_hits (proxy);
  g_assert_cmpuint (hits, >=, 1);

  /* … but the network goes: offline, and not one request for 4 s. */
  set_network_available (FALSE);
  wait_for_status (engine, GP_SYNC_STATUS_OFFLINE);
  g_assert_nonnull (gp_sync_engine_get_error_message (engine));
  save (engine, project);
  hits = gp_test_proxy_get_hits (proxy);
  run_for (4);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_OFFLINE);
  g_assert_cmpuint (gp_test_proxy_get_hits (proxy), ==, hits);

  /* The network and the server are back: the engine syncs by itself and the edit goes up. */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_PASS, NULL, NULL, 0);
  set_network_available (TRUE);
  wait_for_status (engine, GP_SYNC_STATUS_IDLE);
  stored = load (engine, project->id);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_SYNCED);
  g_assert_cmpint (stored->base_rev, ==, 1);

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

/* Creates @n projects of the unit of @login through the API. */
static void
create_projects (GpTestServer *ts,
                 const char   *login,
                 guint         first,
                 guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = gp_test_server_login (ts, login, GP_TEST_PASSWORD);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *url = g_strconcat (gp_test_server_get_base_url (ts), "/api/v1/projects", NULL);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = g_strdup_printf ("第%u号办公用品采购项目", i);
      g_autoptr(GpProject) project = new_intention (name);
      g_autofree char *json = gp_project_to_json_string (project, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
      g_autoptr(GBytes) answer = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    }
}

static guint
count_projects (GpSyncEngine *engine,
                const char   *text)
{
  g_autoptr(GpStoreQuery) query = gp_store_query_new ();
  g_autoptr(GError) error = NULL;
  GpStore *store = gp_sync_engine_get_store (engine);
  guint count = 0;
  Wait w = WAIT_INIT;

  query->text = g_strdup (text);
  gp_store_count_async (store, query, NULL, wait_cb, &w);
  g_assert_true (gp_store_count_finish (store, wait_run (&w), &count, &error));
  g_assert_no_error (error);
  wait_clear (&w);

  return count;
}

/* The engine fetches page k + 1 while the store writes page k. When the fetch of a later page fails,
 * the pages before it are kept with their cursor, and the next cycle goes on from there: nothing
 * lost, nothing twice. */
static void
test_failed_page_keeps_the_pages_before_it (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_autoptr(GpTestProxy) proxy = gp_test_proxy_new (gp_test_server_get_base_url (ts));
  g_autoptr(GpSyncEngine) engine = new_engine ();
  g_autofree char *cursor = NULL;
  Wait w = WAIT_INIT;

  add_second_clerk (ts);
  g_free (gp_test_server_login_ready (ts, "zsjy"));
  create_projects (ts, "zsjy", 0, 2500);

  /* The colleague's first sync: the first page (no cursor yet) comes, the second fails. */
  gp_test_proxy_set_mode (proxy, GP_TEST_PROXY_ANSWER_500, "GET", "/api/v1/changes?since=", 1);
  gp_sync_engine_sign_in_async (engine, gp_test_proxy_get_url (proxy), "zsjy2",
                                gp_test_server_budget_code_of ("zsjy"), FALSE, NULL, wait_cb, &w);
  g_assert_nonnull (gp_sync_engine_sign_in_finish (engine, wait_run (&w), &error));
  g_assert_no_error (error);
  wait_clear (&w);
  g_assert_true (change_password (engine, gp_test_server_budget_code_of ("zsjy"), GP_TEST_PASSWORD,
                                  NULL, &error));
  g_assert_no_error (error);
  wait_for_cycle (engine);

  g_assert_cmpuint (gp_test_proxy_get_hits (proxy), ==, 1);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_ERROR);
  g_assert_cmpuint (count_projects (engine, NULL), ==, 1000);
  w = (Wait) WAIT_INIT;
  gp_store_get_cursor_async (gp_sync_engine_get_store (engine), "projects", NULL, wait_cb, &w);
  cursor = gp_store_get_cursor_finish (gp_sync_engine_get_store (engine), wait_run (&w), &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);
  wait_clear (&w);

  /* The next cycle brings the rest, once each, and search finds them. */
  sync_and_wait (engine);
  g_assert_cmpint (gp_sync_engine_get_status (engine), ==, GP_SYNC_STATUS_IDLE);
  g_assert_cmpuint (count_projects (engine, NULL), ==, 2500);
  g_assert_cmpuint (count_projects (engine, "第2499号"), ==, 1);
  g_assert_cmpuint (count_projects (engine, "办公用品"), ==, 2500);

  sign_out (engine, TRUE);
  gp_test_server_stop (ts);
}

/* The change feed is read from its text: a page's items, ids with escapes, unknown members skipped,
 * and anything that is not strictly such a page refused, so that it is never half-applied. */
static void
test_feed_page_reader (void)
{
  const char *good =
    " {\"other\": {\"a\": [-1.5e+3, 0, true, null]},"
    "  \"changes\": [{\"id\": \"a\\u00e9\\\"b\", \"rev\": 3, \"deleted\": false,"
    "                 \"project\": {\"x\": [1, {\"y\": \"}]\\\"\"}], \"z\": null}},"
    "                {\"deleted\": true, \"project\": null, \"extra\": [[[]]], \"id\": \"d\"}],"
    "  \"next\": \"42\", \"more\": true} ";
  const char *bad[] = {
    "",
    "[]",
    "{\"changes\": [], \"more\": false}",                                  /* no next */
    "{\"changes\": [], \"next\": 42}",                                     /* next not a string */
    "{\"next\": \"1\"}",                                                   /* no items */
    "{\"changes\": [{\"rev\": 1}], \"next\": \"1\"}",                     /* an item without an id */
    "{\"changes\": [1], \"next\": \"1\"}",
    "{\"changes\": [], \"next\": \"1\"} x",                                /* data after the page */
    "{\"changes\": [], \"next\": \"1\",}",
    "{\"changes\": [{\"id\": \"a\", \"project\": {\"x\": 01}}], \"next\": \"1\"}",
    "{\"changes\": [{\"id\": \"a\\x\"}], \"next\": \"1\"}",              /* bad escape */
    "{\"changes\": [{\"id\": \"\\ud800\"}], \"next\": \"1\"}",           /* lone surrogate */
    "{\"changes\": [{\"id\": \"a\tb\"}], \"next\": \"1\"}",               /* control character */
    "{\"changes\": [{\"id\": \"\xff\"}], \"next\": \"1\"}",               /* not UTF-8 */
    "{\"changes\": [{\"id\": \"a\", \"project\": {\"x\": \"", /* unterminated */
    "{'changes': [], 'next': '1'}",
    "{\"changes\": [] /* */, \"next\": \"1\"}",
  };
  g_autoptr(GpFeedPage) page = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"changes\": [{\"id\": \"a\", \"project\": ");
  g_autoptr(GError) error = NULL;
  const GpFeedItem *item;

  page = gp_feed_page_parse (good, strlen (good), "changes", &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_cmpuint (page->items->len, ==, 2);
  item = &g_array_index (page->items, GpFeedItem, 0);
  g_assert_cmpstr (item->id, ==, "a\u00e9\"b");
  g_assert_false (item->deleted);
  g_assert_cmpmem (item->project, item->project_len, "{\"x\": [1, {\"y\": \"}]\\\"\"}], \"z\": null}", 36);
  item = &g_array_index (page->items, GpFeedItem, 1);
  g_assert_cmpstr (item->id, ==, "d");
  g_assert_true (item->deleted);
  g_assert_cmpmem (item->project, item->project_len, "null", 4);
  g_assert_cmpstr (page->next, ==, "42");
  g_assert_true (page->more);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GpFeedPage) refused = gp_feed_page_parse (bad[i], strlen (bad[i]), "changes", &error);

      if (refused != NULL)
        g_error ("accepted as a page: %s", bad[i]);
      g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  /* Nesting is bounded. */
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}], \"next\": \"1\"}");
  g_clear_pointer (&page, gp_feed_page_free);
  page = gp_feed_page_parse (deep->str, deep->len, "changes", &error);
  g_assert_null (page);
  g_assert_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-sync-engine-XXXXXX", NULL);
  int ret;

  /* Stores go to a throw-away data folder, whoever runs the test. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* The network monitor is the test's (before anything asks for the default one). */
  g_io_extension_point_register (G_NETWORK_MONITOR_EXTENSION_POINT_NAME);
  g_io_extension_point_implement (G_NETWORK_MONITOR_EXTENSION_POINT_NAME, GP_TYPE_TEST_MONITOR,
                                  "gpcloud-test", 1000);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/engine/first-sign-in-forces-password-change-then-syncs (粤财采购函〔2020〕59号)",
                   test_first_sign_in_forces_password_change_then_syncs);
  g_test_add_func ("/sync/engine/wrong-password-and-lockout-are-explained",
                   test_wrong_password_and_lockout_are_explained);
  g_test_add_func ("/sync/engine/unreachable-server-is-offline-error",
                   test_unreachable_server_is_offline_error);
  g_test_add_func ("/sync/engine/resume-uses-keyring-and-works-offline",
                   test_resume_uses_keyring_and_works_offline);
  g_test_add_func ("/sync/engine/offline-edit-is-pushed-when-back",
                   test_offline_edit_is_pushed_when_back);
  g_test_add_func ("/sync/engine/two-clients-editing-one-project-keep-both-versions (DESIGN.md §4)",
                   test_two_clients_editing_one_project_keep_both_versions);
  g_test_add_func ("/sync/engine/lost-answer-is-retried-and-applied-once",
                   test_lost_answer_is_retried_and_applied_once);
  g_test_add_func ("/sync/engine/backoff-grows-with-jitter-and-honours-retry-after",
                   test_backoff_grows_with_jitter_and_honours_retry_after);
  g_test_add_func ("/sync/engine/server-failures-leave-the-outbox-intact",
                   test_server_failures_leave_the_outbox_intact);
  g_test_add_func ("/sync/engine/refused-action-can-be-queued-again",
                   test_refused_action_can_be_queued_again);
  g_test_add_func ("/sync/engine/ten-thousand-projects-are-paged",
                   test_ten_thousand_projects_are_paged);
  g_test_add_func ("/sync/engine/network-loss-goes-offline-and-back",
                   test_network_loss_goes_offline_and_back);
  g_test_add_func ("/sync/engine/failed-page-keeps-the-pages-before-it",
                   test_failed_page_keeps_the_pages_before_it);
  g_test_add_func ("/sync/feed-page/reads-items-and-refuses-what-is-not-a-page",
                   test_feed_page_reader);

  ret = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);
    (void) system (cmd);
  }

  return ret;
}
