/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-window.c: the main window opens, in Chinese under LANGUAGE=zh_CN, with its actions.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gp-application.h"
#include "gp-preferences-window.h"
#include "gp-window.h"

/* One application per test program: a second one could not export its D-Bus object. */
static GpApplication *app;

static GtkWindow *
open_main_window (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);

  return window;
}

static void
test_window_title_is_chinese (void)
{
  GtkWindow *window = open_main_window ();

  g_assert_true (GP_IS_WINDOW (window));
  /* The app's name as the officer sees it (po/zh_CN.po). */
  g_assert_cmpstr (gtk_window_get_title (window), ==, "政府采购云");

  gtk_window_destroy (window);
}

static void
test_window_restores_size_and_shows_server (void)
{
  GpSettings *settings = gp_application_get_settings (app);
  GSettings *gsettings = gp_settings_get_gsettings (settings);
  GtkWindow *window;
  AdwWindowTitle *title;
  int width, height;

  g_settings_set_int (gsettings, "window-width", 900);
  g_settings_set_int (gsettings, "window-height", 650);
  gp_settings_set_server_url (settings, "https://gpcloud.zs.gov.cn");

  window = open_main_window ();
  gtk_window_get_default_size (window, &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 650);

  title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (window), GP_TYPE_WINDOW, "window_title"));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "服务器：gpcloud.zs.gov.cn");

  /* A changed address shows at once. */
  gp_settings_set_server_url (settings, "http://127.0.0.1:8080");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "服务器：127.0.0.1");

  gtk_window_destroy (window);
}

static void
test_window_has_app_actions (void)
{
  GtkWindow *window = open_main_window ();
  g_auto(GStrv) accels = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (accels[0], ==, "<Control>q");

  /* The shortcuts window comes from the resource base path (gtk/help-overlay.ui). */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  gtk_window_destroy (window);
}

static void
test_preferences_refuse_plain_http_to_remote_server (void)
{
  g_autoptr(GpSettings) settings = gp_settings_new ();
  GpPreferencesWindow *prefs = gp_preferences_window_new (settings);
  g_autofree char *before = gp_settings_dup_server_url (settings);
  g_autofree char *after = NULL;
  g_autofree char *saved = NULL;
  AdwEntryRow *row;
  GtkWidget *label;

  row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (prefs), GP_TYPE_PREFERENCES_WINDOW, "server_row"));
  label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs), GP_TYPE_PREFERENCES_WINDOW, "server_error_label"));

  /* Plain HTTP to another computer would send passwords in the clear (DESIGN.md §5). */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://gpcloud.example.cn");
  g_signal_emit_by_name (row, "apply");
  after = gp_settings_dup_server_url (settings);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "服务器地址"));

  /* Loopback is allowed over HTTP, and a trailing slash is dropped. */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://127.0.0.1:8080/");
  g_signal_emit_by_name (row, "apply");
  saved = gp_settings_dup_server_url (settings);
  g_assert_cmpstr (saved, ==, "http://127.0.0.1:8080");
  g_assert_false (gtk_widget_get_visible (label));

  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/window/title-is-chinese", test_window_title_is_chinese);
  g_test_add_func ("/ui/window/restores-size-and-shows-server", test_window_restores_size_and_shows_server);
  g_test_add_func ("/ui/window/has-about-preferences-quit-and-shortcuts", test_window_has_app_actions);
  g_test_add_func ("/ui/preferences/refuse-plain-http-to-remote-server", test_preferences_refuse_plain_http_to_remote_server);

  app = gp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;

    g_application_register (G_APPLICATION (app), NULL, &error);
    g_assert_no_error (error);
  }

  ret = g_test_run ();
  g_clear_object (&app);

  return ret;
}
