/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-application.c: the gpcloud AdwApplication: app actions, about, preferences, --version.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-application.h"
#include "gp-credentials.h"
#include "gp-preferences-window.h"
#include "gp-window.h"

struct _GpApplication
{
  AdwApplication parent_instance;

  /* Owned references */
  GpSettings   *settings;
  GpSyncEngine *engine;
};

G_DEFINE_FINAL_TYPE (GpApplication, gp_application, ADW_TYPE_APPLICATION)

/**
 * gp_application_setup_i18n:
 *
 * Binds the gettext domain. `GPCLOUD_LOCALEDIR` points at a build tree's translations, so the
 * tests and the demo run in Chinese without installing.
 */
void
gp_application_setup_i18n (void)
{
  const char *localedir = g_getenv ("GPCLOUD_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

GpApplication *
gp_application_new (void)
{
  return g_object_new (GP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GpSettings *
gp_application_get_settings (GpApplication *self)
{
  g_return_val_if_fail (GP_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* The sync engine: the one session of this app (DESIGN.md §4), shared by its windows. */
GpSyncEngine *
gp_application_get_engine (GpApplication *self)
{
  g_return_val_if_fail (GP_IS_APPLICATION (self), NULL);

  return self->engine;
}

static void
gp_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GpApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows first so each one saves its state (and, later, its drafts). */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

static void
gp_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GpApplication *self = user_data;
  static const char *developers[] = { "The gpcloud developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Procurement Cloud"),
                        "application-icon", APP_ID,
                        "developer-name", _("The gpcloud developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Prepare, file and track government procurement, online or offline."),
                        "website", "https://gpcloud.org/",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
gp_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  GpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GpPreferencesWindow *prefs;

  prefs = gp_preferences_window_new (self->settings);
  gp_preferences_window_set_engine (prefs, self->engine);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static const GActionEntry app_actions[] = {
  { "quit", gp_application_quit_action },
  { "about", gp_application_about_action },
  { "preferences", gp_application_preferences_action },
};

static int
gp_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("gpcloud %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
gp_application_startup (GApplication *app)
{
  GpApplication *self = GP_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (gp_application_parent_class)->startup (app);

  self->settings = gp_settings_new ();
  {
    g_autoptr(GpCredentials) credentials = gp_credentials_new ();

    self->engine = gp_sync_engine_new (credentials);
    g_settings_bind (gp_settings_get_gsettings (self->settings), "sync-interval",
                     self->engine, "interval", G_SETTINGS_BIND_GET);
  }

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
}

static void
gp_application_activate (GApplication *app)
{
  GpApplication *self = GP_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (gp_window_new (self));

  gtk_window_present (window);
}

static void
gp_application_dispose (GObject *object)
{
  GpApplication *self = GP_APPLICATION (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gp_application_parent_class)->dispose (object);
}

static void
gp_application_class_init (GpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gp_application_dispose;

  app_class->handle_local_options = gp_application_handle_local_options;
  app_class->startup = gp_application_startup;
  app_class->activate = gp_application_activate;
}

static void
gp_application_init (GpApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}
