/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-offline-stage-edit.c: a stage form edited on the project page while the server is down
 * (the train in the tunnel): the edit is saved on this computer at once and its mark shown, the
 * client says it is offline, and when the server is back on the same address the next sync sends
 * the edit: the server holds it and the project is synced again.
 */
#include "config.h"

#include <signal.h>

#include "gp-test-ui-stages.h"

static GpTestServer *server;

static gboolean
engine_offline (gpointer engine)
{
  return gp_sync_engine_get_status (engine) == GP_SYNC_STATUS_OFFLINE;
}

typedef struct {
  GpSyncEngine *engine;
  const char   *id;
} Synced;

static gboolean
project_synced (gpointer data)
{
  Synced *s = data;
  g_autoptr(GpStoredProject) stored =
    gp_store_load_project_sync (gp_sync_engine_get_store (s->engine), s->id, NULL, NULL);

  return gp_sync_engine_get_status (s->engine) == GP_SYNC_STATUS_IDLE &&
         stored != NULL && stored->sync_state == GP_SYNC_STATE_SYNCED;
}

static void
test_stage_edited_offline_then_synced (void)
{
  const char *edited = "中山市教育局多媒体教室设备采购项目";
  g_autofree char *url = g_strdup (gp_test_server_get_base_url (server));
  g_autofree char *listen = g_strdup (url + strlen ("http://"));
  const char *relaunch[] = { "--config", gp_test_server_get_config_path (server), "--listen", listen, NULL };
  g_autoptr(GpSyncEngine) engine = tp_sign_in (server, "zsjy");
  g_autoptr(GpProject) draft = tp_new_draft (engine);
  g_autoptr(GpProject) held = NULL;
  g_autoptr(GError) error = NULL;
  Synced synced = { engine, draft->id };
  GtkWindow *window;
  GpProjectPage *page;
  GtkWidget *form;

  /* The draft is on the server first. */
  g_free (draft->intention->name);
  draft->intention->name = g_strdup ("中山市教育局教学设备采购项目");
  tp_save_project (engine, draft);
  gp_flow_sync (engine);
  tp_wait_until (project_synced, &synced, "the draft on the server");

  page = tp_open_page (engine, draft->id, &window);
  tp_wait_until (tp_page_loaded, page, "the project");
  form = st_form (page, GP_STAGE_INTENTION);

  /* The server goes away; the officer edits the name. */
  gp_test_server_kill (server, SIGKILL);
  gtk_label_set_text (GTK_LABEL (tp_page_child (page, "autosave_label")), "");
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row"), edited);
  tp_wait_until (st_autosaved, page, "the autosave mark");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (tp_page_child (page, "autosave_label"))), "已保存在本机"));
  st_wait_syncing (engine, engine_offline, engine, "the offline status");
  {
    g_autoptr(GpProject) local = gp_flow_load (engine, draft->id);

    g_assert_cmpstr (local->intention->name, ==, edited);
  }

  /* Back on the same address: the next sync sends the edit. */
  g_assert_true (gp_test_server_launch (server, relaunch, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gp_test_server_get_base_url (server), ==, url);
  st_wait_syncing (engine, project_synced, &synced, "the edit synced");
  held = st_server_project (server, "zsjy", draft->id);
  g_assert_cmpstr (held->intention->name, ==, edited);
  g_assert_cmpstr (gp_project_page_get_project (page)->intention->name, ==, edited);
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (tp_page_child (page, "window_title"))), ==, edited);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-offline-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tp_init (&argc, &argv);

  server = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/offline-stage-edit/edited-offline-then-synced", test_stage_edited_offline_then_synced);
  ret = g_test_run ();

  gp_test_server_stop (server);
  return ret;
}
