/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-sync-engine.c: the app's sync engine against the real gpcloud-server on loopback, with the real
 * keyring of the test session (build-aux/test-session.sh) and real SQLite stores.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gp-sync-engine.h"
#include "gp-sync-error.h"
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
  guint id = g_timeout_add_seconds (60, timeout_cb, &timed_out);

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

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-sync-engine-XXXXXX", NULL);
  int ret;

  /* Stores go to a throw-away data folder, whoever runs the test. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/engine/first-sign-in-forces-password-change-then-syncs (粤财采购函〔2020〕59号)",
                   test_first_sign_in_forces_password_change_then_syncs);
  g_test_add_func ("/sync/engine/wrong-password-and-lockout-are-explained",
                   test_wrong_password_and_lockout_are_explained);
  g_test_add_func ("/sync/engine/unreachable-server-is-offline-error",
                   test_unreachable_server_is_offline_error);
  g_test_add_func ("/sync/engine/resume-uses-keyring-and-works-offline",
                   test_resume_uses_keyring_and_works_offline);

  ret = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);
    (void) system (cmd);
  }

  return ret;
}
