/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-app.c: the app as the officer sees it, against the real gpcloud-server on loopback: first
 * sign-in through the forced password change to the workbench, search by a two-character Chinese
 * word, going offline and back in the sync indicator, and a conflict resolved in its dialog.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>

#include "gp-application.h"
#include "gp-codec.h"
#include "gp-conflict-dialog.h"
#include "gp-password-page.h"
#include "gp-project-list-model.h"
#include "gp-project-list-page.h"
#include "gp-project-row.h"
#include "gp-sign-in-page.h"
#include "gp-sync-indicator.h"
#include "gp-test-server.h"
#include "gp-window.h"

/* One application and one server for the program; the tests run in order, as one working day. */
static GpApplication *app;
static GpTestServer  *server;
static GpWindow      *window;

#define WAIT_SECONDS 60

typedef gboolean (*Condition) (gpointer data);

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @condition holds; fails the test after WAIT_SECONDS. */
static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static gpointer
tchild (gpointer    widget,
        GType       type,
        const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static gpointer
child (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), GP_TYPE_WINDOW, name);
}

static gboolean
main_stack_is (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (child ("main_stack")), data) == 0;
}

static gboolean
sync_label_starts_with (gpointer data)
{
  return g_str_has_prefix (gtk_label_get_text (child ("sync_label")), data);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* The "● Synced" mark, whatever the language (the prefix before the time). */
static char *
synced_prefix (void)
{
  return g_strdup (_("● Synced"));
}

/* ------------------------------------------------------------------------------------------------ */

static void
test_first_sign_in_through_password_change_to_workbench (void)
{
  GtkWidget *sign_in = child ("sign_in_page");
  GtkWidget *password_page = child ("password_page");
  g_autofree char *synced = synced_prefix ();
  GtkListBoxRow *first;
  GtkLabel *error_label;

  g_assert_true (main_stack_is ("sign-in"));

  /* A wrong password is said above the button (with the attempts left when few remain). */
  type_into (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "account_row"), "zsjy");
  type_into (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "password_row"), "wrong-password");
  click (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "sign_in_button"));
  error_label = GTK_LABEL (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "error_label"));
  {
    GtkRevealer *revealer = GTK_REVEALER (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "error_revealer"));

    while (!gtk_revealer_get_reveal_child (revealer))
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_true (g_str_has_prefix (gtk_label_get_text (error_label), _("The account or the password is wrong.")));
  g_assert_true (main_stack_is ("sign-in"));

  /* The first password is the unit's 预算编码: it leads straight to 设置新密码. */
  type_into (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "password_row"),
             gp_test_server_budget_code_of ("zsjy"));
  click (tchild (sign_in, GP_TYPE_SIGN_IN_PAGE, "sign_in_button"));
  wait_until (main_stack_is, "password", "the password change page");
  g_assert_cmpstr (gtk_label_get_text (tchild (password_page, GP_TYPE_PASSWORD_PAGE, "reason_label")),
                   ==, _("The initial password must be changed at the first sign-in."));

  /* The checklist follows the typing: the budget code itself meets few rules. */
  type_into (tchild (password_page, GP_TYPE_PASSWORD_PAGE, "new_row"),
             gp_test_server_budget_code_of ("zsjy"));
  g_assert_cmpuint (gp_password_page_get_n_met (GP_PASSWORD_PAGE (password_page)), <,
                    gp_password_page_get_n_rules (GP_PASSWORD_PAGE (password_page)));
  type_into (tchild (password_page, GP_TYPE_PASSWORD_PAGE, "new_row"), GP_TEST_PASSWORD);
  type_into (tchild (password_page, GP_TYPE_PASSWORD_PAGE, "confirm_row"), GP_TEST_PASSWORD);
  g_assert_cmpuint (gp_password_page_get_n_met (GP_PASSWORD_PAGE (password_page)), ==,
                    gp_password_page_get_n_rules (GP_PASSWORD_PAGE (password_page)));
  click (tchild (password_page, GP_TYPE_PASSWORD_PAGE, "change_button"));

  /* The workbench, the unit at the foot of the sidebar, and the first sync done. */
  wait_until (main_stack_is, "main", "the main window");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child ("content_stack")), ==, "workbench");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child ("account_label")), "中山市教育局 · "));
  first = gtk_list_box_get_row_at_index (child ("sidebar_list"), 0);
  g_assert_true (gtk_list_box_row_is_selected (first));
  wait_until (sync_label_starts_with, synced, "the first sync");
  g_assert_true (g_str_has_prefix (gp_sync_indicator_get_summary (child ("sync_indicator")), synced));
}

/* ------------------------------------------------------------------------------------------------ */

static char *
create_project_on_server (const char *name,
                          gint64      budget)
{
  g_autofree char *token = gp_test_server_login (server, "zsjy", GP_TEST_PASSWORD);
  g_autoptr(GpProject) project = gp_project_new_draft ("442000");
  g_autofree char *body = NULL;
  g_autoptr(GpTestResponse) resp = NULL;

  project->intention = gp_intention_new ();
  project->intention->name = g_strdup (name);
  project->intention->summary = g_strdup ("台式计算机 40 台");
  project->intention->budget = budget;
  project->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    /* Two months ahead, as an intention is published before the purchase. */
    g_date_set_dmy (&project->intention->expected_month, 1,
                    (GDateMonth) (((g_date_time_get_month (now) + 2) % 12) + 1),
                    (GDateYear) (g_date_time_get_year (now) + (g_date_time_get_month (now) >= 10 ? 1 : 0)));
  }
  body = gp_project_to_json_string (project, NULL);
  resp = gp_test_server_send_json (server, "POST", "/api/v1/projects", token, body);
  g_assert_cmpuint (resp->status, ==, 201);

  return g_strdup (project->id);
}

static gboolean
model_has_n (gpointer data)
{
  GListModel *model = gp_project_list_page_get_model (child ("project_list_page"));

  return model != NULL && g_list_model_get_n_items (model) == GPOINTER_TO_UINT (data) &&
         !gp_project_list_model_get_loading (GP_PROJECT_LIST_MODEL (model));
}

static char *
count_text (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u project", "%u projects", n), n);
}

static char *office_id;

static void
test_search_finds_project_by_two_character_word (void)
{
  GtkWidget *page = child ("project_list_page");
  GtkWidget *search = tchild (page, GP_TYPE_PROJECT_LIST_PAGE, "search_entry");
  GtkLabel *count = tchild (page, GP_TYPE_PROJECT_LIST_PAGE, "count_label");
  g_autofree char *three = count_text (3);
  g_autofree char *one = count_text (1);
  g_autoptr(GpProjectRow) row = NULL;
  g_autofree char *a = NULL, *b = NULL;
  g_autofree char *synced = synced_prefix ();

  office_id = create_project_on_server ("办公设备采购项目", 48600000);
  a = create_project_on_server ("校园安防监控采购项目", 120000000);
  b = create_project_on_server ("食堂餐饮服务采购", 30000000);

  /* Ctrl+R pulls them; Ctrl+F goes to the project list and its search. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child ("content_stack")), ==, "projects");
  wait_until (model_has_n, GUINT_TO_POINTER (3), "three projects in the list");
  g_assert_cmpstr (gtk_label_get_text (count), ==, three);

  /* 设备: two characters, which the trigram index cannot find. */
  type_into (search, "设备");
  wait_until (model_has_n, GUINT_TO_POINTER (1), "one search result");
  g_assert_cmpstr (gtk_label_get_text (count), ==, one);
  row = g_list_model_get_item (gp_project_list_page_get_model (GP_PROJECT_LIST_PAGE (page)), 0);
  g_assert_cmpstr (gp_project_row_get_name (row), ==, "办公设备采购项目");

  type_into (search, "");
  wait_until (model_has_n, GUINT_TO_POINTER (3), "the whole list again");
  wait_until (sync_label_starts_with, synced, "the sync to finish");
}

/* ------------------------------------------------------------------------------------------------ */

static void
test_offline_and_back_shows_in_indicator (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup (gp_test_server_get_base_url (server));
  g_autofree char *listen = g_strdup (url + strlen ("http://"));
  const char *relaunch[] = { "--config", gp_test_server_get_config_path (server), "--listen", listen, NULL };
  g_autofree char *offline = g_strdup (_("○ Offline"));
  g_autofree char *synced = synced_prefix ();

  gp_test_server_kill (server, SIGKILL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  wait_until (sync_label_starts_with, offline, "the offline state");
  g_assert_cmpstr (gp_sync_indicator_get_summary (child ("sync_indicator")), ==, offline);
  /* The details say when the app tries again by itself. */
  {
    GtkLabel *detail = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (child ("sync_indicator")),
                                                                 GP_TYPE_SYNC_INDICATOR, "detail_label"));
    g_auto(GStrv) parts = g_strsplit (_("Trying again by itself at %s"), "%s", 2);

    g_assert_nonnull (strstr (gtk_label_get_text (detail), parts[0]));
    g_assert_nonnull (strstr (gtk_label_get_text (detail), parts[1]));
  }

  g_assert_true (gp_test_server_launch (server, relaunch, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  wait_until (sync_label_starts_with, synced, "the synced state");
  g_assert_true (g_str_has_prefix (gp_sync_indicator_get_summary (child ("sync_indicator")), synced));
}

/* ------------------------------------------------------------------------------------------------ */

static GpConflictDialog *
find_conflict_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GP_IS_CONFLICT_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return GP_CONFLICT_DIALOG (w);
    }
  return NULL;
}

static gboolean
conflict_dialog_shown (gpointer data)
{
  return find_conflict_dialog () != NULL;
}

static gboolean
conflict_dialog_gone (gpointer data)
{
  return find_conflict_dialog () == NULL;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static gboolean
project_has_no_conflict (gpointer data)
{
  GpStore *store = gp_sync_engine_get_store (gp_application_get_engine (app));
  g_autoptr(GpStoredProject) stored = gp_store_load_project_sync (store, data, NULL, NULL);

  return stored != NULL && stored->conflict == NULL;
}

static void
test_conflict_is_resolved_through_dialog (void)
{
  GpSyncEngine *engine = gp_application_get_engine (app);
  GpStore *store = gp_sync_engine_get_store (engine);
  g_autofree char *token = gp_test_server_login (server, "zsjy", GP_TEST_PASSWORD);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", office_id);
  g_autoptr(GpTestResponse) got = gp_test_server_get (server, path, token);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GpProject) theirs = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GpConflictDialog *dialog;
  gboolean found_budget = FALSE;
  g_autofree char *etag = NULL;

  /* A colleague changes the budget on the platform… */
  g_assert_cmpuint (got->status, ==, 200);
  theirs = gp_project_from_json (got->json, &error);
  g_assert_no_error (error);
  theirs->intention->budget = 50000000;
  {
    g_autofree char *body = gp_project_to_json_string (theirs, NULL);
    g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", theirs->rev);
    const char *headers[] = { "If-Match", if_match, NULL };
    g_autoptr(GpTestResponse) put = gp_test_server_request (server, "PUT", path, token, "application/json",
                                                            body, -1, headers);

    g_assert_cmpuint (put->status, ==, 200);
  }

  /* …while the officer changed it here (the project page comes with issue 7: the store stands in). */
  stored = gp_store_load_project_sync (store, office_id, NULL, &error);
  g_assert_no_error (error);
  stored->project->intention->budget = 45000000;
  g_assert_true (gp_store_save_project_sync (store, stored->project, NULL, NULL, &error));
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (window), "sync", NULL);
  wait_until (conflict_dialog_shown, NULL, "the conflict dialog");
  dialog = find_conflict_dialog ();

  /* The budget is offered: mine (¥450,000.00) against the platform's (¥500,000.00). */
  g_assert_cmpuint (gp_conflict_dialog_get_n_fields (dialog), >=, 1);
  collect (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, groups);
  collect (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 2 * gp_conflict_dialog_get_n_fields (dialog));
  for (guint i = 0; i < groups->len; i++)
    {
      const char *title = adw_preferences_group_get_title (groups->pdata[i]);

      if (strstr (title, _("Budget")) != NULL)
        {
          g_autoptr(GPtrArray) rows = g_ptr_array_new ();

          collect (groups->pdata[i], ADW_TYPE_ACTION_ROW, rows);
          g_assert_cmpuint (rows->len, ==, 2);
          g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "¥450,000.00");
          g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, "¥500,000.00");
          found_budget = TRUE;
        }
    }
  g_assert_true (found_budget);

  /* The officer takes the platform's value for every field. */
  for (guint i = 1; i < checks->len; i += 2)
    gtk_check_button_set_active (checks->pdata[i], TRUE);
  click (tchild (dialog, GP_TYPE_CONFLICT_DIALOG, "apply_button"));
  wait_until (conflict_dialog_gone, NULL, "the dialog to close");
  wait_until (project_has_no_conflict, office_id, "the conflict to be resolved");

  g_clear_pointer (&stored, gp_stored_project_free);
  stored = gp_store_load_project_sync (store, office_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->project->intention->budget, ==, 50000000);
  g_assert_null (stored->conflict);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/app/first-sign-in-goes-through-password-change-to-workbench",
                   test_first_sign_in_through_password_change_to_workbench);
  g_test_add_func ("/ui/app/search-finds-project-by-two-character-chinese-word",
                   test_search_finds_project_by_two_character_word);
  g_test_add_func ("/ui/app/going-offline-and-back-shows-in-sync-indicator",
                   test_offline_and_back_shows_in_indicator);
  g_test_add_func ("/ui/app/conflict-is-resolved-field-by-field-in-dialog",
                   test_conflict_is_resolved_through_dialog);

  server = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_assert_no_error (error);

  app = gp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  gp_settings_set_server_url (gp_application_get_settings (app), gp_test_server_get_base_url (server));
  gp_sync_engine_set_timeout (gp_application_get_engine (app), 3);

  g_application_activate (G_APPLICATION (app));
  window = GP_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&office_id, g_free);
  gp_test_server_stop (server);
  g_clear_object (&app);

  return ret;
}
