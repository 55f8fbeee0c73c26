/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-credentials.c: secrets in a real gnome-keyring (inside dbus-run-session), and without one.
 */
#include "config.h"

#include <libsecret/secret.h>

#include "gp-credentials.h"

#define SERVER "https://gpcloud.test.invalid"

typedef struct {
  GMainLoop *loop;
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
wait_for (Wait *w)
{
  g_main_loop_run (w->loop);
  return w->result;
}

#define WAIT_INIT { g_main_loop_new (NULL, FALSE), NULL }

static void
wait_clear (Wait *w)
{
  g_clear_object (&w->result);
}

static gboolean
store (GpCredentials *creds,
       const char    *account,
       const char    *kind,
       const char    *secret)
{
  Wait w = WAIT_INIT;
  g_autoptr(GError) error = NULL;
  gboolean in_keyring = FALSE;

  gp_credentials_store_async (creds, SERVER, account, kind, secret, NULL, wait_cb, &w);
  g_assert_true (gp_credentials_store_finish (creds, wait_for (&w), &in_keyring, &error));
  g_assert_no_error (error);
  wait_clear (&w);
  g_main_loop_unref (w.loop);

  return in_keyring;
}

static char *
lookup (GpCredentials *creds,
        const char    *account,
        const char    *kind)
{
  Wait w = WAIT_INIT;
  g_autoptr(GError) error = NULL;
  char *secret;

  gp_credentials_lookup_async (creds, SERVER, account, kind, NULL, wait_cb, &w);
  secret = gp_credentials_lookup_finish (creds, wait_for (&w), &error);
  g_assert_no_error (error);
  wait_clear (&w);
  g_main_loop_unref (w.loop);

  return secret;
}

static void
clear (GpCredentials *creds,
       const char    *account)
{
  Wait w = WAIT_INIT;
  g_autoptr(GError) error = NULL;

  gp_credentials_clear_async (creds, SERVER, account, NULL, wait_cb, &w);
  g_assert_true (gp_credentials_clear_finish (creds, wait_for (&w), &error));
  g_assert_no_error (error);
  wait_clear (&w);
  g_main_loop_unref (w.loop);
}

static gboolean
have_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a session bus with gnome-keyring (run under build-aux/test.sh)");
      return FALSE;
    }
  return TRUE;
}

static void
test_keyring_keeps_token_across_processes (void)
{
  g_autoptr(GpCredentials) first = gp_credentials_new ();
  g_autoptr(GpCredentials) second = gp_credentials_new ();
  g_autofree char *found = NULL;
  g_autofree char *after_clear = NULL;

  if (!have_session_bus ())
    return;

  g_assert_true (store (first, "44200001001", GP_CREDENTIAL_TOKEN, "tok-secret-1"));
  g_assert_true (gp_credentials_get_keyring_available (first));

  /* A fresh object holds nothing in memory: the token comes from gnome-keyring. */
  found = lookup (second, "44200001001", GP_CREDENTIAL_TOKEN);
  g_assert_cmpstr (found, ==, "tok-secret-1");

  /* Signing out forgets the account's secrets everywhere. */
  clear (first, "44200001001");
  g_clear_object (&second);
  second = gp_credentials_new ();
  after_clear = lookup (second, "44200001001", GP_CREDENTIAL_TOKEN);
  g_assert_null (after_clear);
}

static void
test_keyring_attributes_hold_nothing_secret (void)
{
  g_autoptr(GpCredentials) creds = gp_credentials_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) query = NULL;
  GList *items;
  guint n = 0;

  if (!have_session_bus ())
    return;

  g_assert_true (store (creds, "44200001002", GP_CREDENTIAL_PASSWORD, "Pa55-word-secret"));

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (gpointer) "account", (gpointer) "44200001002");
  items = secret_service_search_sync (NULL, NULL, query,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                      NULL, &error);
  g_assert_no_error (error);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attrs = secret_item_get_attributes (l->data);
      g_autoptr(SecretValue) value = secret_item_get_secret (l->data);
      g_autofree char *label = secret_item_get_label (l->data);
      GHashTableIter iter;
      gpointer key, val;

      g_hash_table_iter_init (&iter, attrs);
      while (g_hash_table_iter_next (&iter, &key, &val))
        {
          g_assert_null (strstr (val, "Pa55-word-secret"));
          g_assert_true (g_str_equal (key, "server") || g_str_equal (key, "account") ||
                         g_str_equal (key, "kind") || g_str_equal (key, "xdg:schema"));
        }
      g_assert_null (strstr (label, "Pa55-word-secret"));
      g_assert_nonnull (value);
      g_assert_cmpstr (secret_value_get_text (value), ==, "Pa55-word-secret");
      n++;
    }
  g_list_free_full (items, g_object_unref);
  g_assert_cmpuint (n, ==, 1);

  clear (creds, "44200001002");
}

static void
test_no_keyring_keeps_secret_in_memory_only (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GpCredentials) creds = NULL;
      g_autoptr(GpCredentials) other = NULL;
      g_autofree char *held = NULL;
      g_autofree char *elsewhere = NULL;

      /* No reachable session bus and no display: libsecret fails (it must not hang). */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gpcloud-test-bus", TRUE);
      g_unsetenv ("DISPLAY");

      creds = gp_credentials_new ();
      gp_credentials_set_timeout (creds, 3);
      g_assert_false (store (creds, "44200001003", GP_CREDENTIAL_TOKEN, "memory-only"));
      g_assert_false (gp_credentials_get_keyring_available (creds));
      g_assert_nonnull (gp_credentials_get_keyring_error (creds));
      g_assert_cmpstr (gp_credentials_get_keyring_error (creds), !=, "");

      /* This process still has it, so the officer stays signed in until the app closes... */
      held = lookup (creds, "44200001003", GP_CREDENTIAL_TOKEN);
      g_assert_cmpstr (held, ==, "memory-only");

      /* ...but nothing was written anywhere else. */
      other = gp_credentials_new ();
      gp_credentials_set_timeout (other, 3);
      elsewhere = lookup (other, "44200001003", GP_CREDENTIAL_TOKEN);
      g_assert_null (elsewhere);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/credentials/keyring-keeps-token-across-processes", test_keyring_keeps_token_across_processes);
  g_test_add_func ("/sync/credentials/keyring-attributes-hold-nothing-secret", test_keyring_attributes_hold_nothing_secret);
  g_test_add_func ("/sync/credentials/no-keyring-keeps-secret-in-memory-only", test_no_keyring_keeps_secret_in_memory_only);

  return g_test_run ();
}
