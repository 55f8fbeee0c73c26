/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-settings.c: the app's settings (window state, server address, sync interval).
 */
#include "config.h"

#include "gp-settings.h"

struct _GpSettings
{
  GObject parent_instance;

  /* Owned references */
  GSettings *settings;
};

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_SYNC_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GpSettings, gp_settings, G_TYPE_OBJECT)

GpSettings *
gp_settings_new (void)
{
  return g_object_new (GP_TYPE_SETTINGS, NULL);
}

GSettings *
gp_settings_get_gsettings (GpSettings *self)
{
  g_return_val_if_fail (GP_IS_SETTINGS (self), NULL);

  return self->settings;
}

char *
gp_settings_dup_server_url (GpSettings *self)
{
  g_return_val_if_fail (GP_IS_SETTINGS (self), NULL);

  return g_settings_get_string (self->settings, "server-url");
}

void
gp_settings_set_server_url (GpSettings *self,
                            const char *server_url)
{
  g_autofree char *old = NULL;

  g_return_if_fail (GP_IS_SETTINGS (self));
  g_return_if_fail (server_url != NULL);

  old = gp_settings_dup_server_url (self);
  if (g_strcmp0 (old, server_url) != 0)
    g_settings_set_string (self->settings, "server-url", server_url);
}

guint
gp_settings_get_sync_interval (GpSettings *self)
{
  g_return_val_if_fail (GP_IS_SETTINGS (self), 0);

  return g_settings_get_uint (self->settings, "sync-interval");
}

void
gp_settings_set_sync_interval (GpSettings *self,
                               guint       minutes)
{
  g_return_if_fail (GP_IS_SETTINGS (self));

  if (gp_settings_get_sync_interval (self) != minutes)
    g_settings_set_uint (self->settings, "sync-interval", minutes);
}

void
gp_settings_restore_window (GpSettings *self,
                            GtkWindow  *window)
{
  g_return_if_fail (GP_IS_SETTINGS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_window_set_default_size (window,
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (window);
}

void
gp_settings_save_window (GpSettings *self,
                         GtkWindow  *window)
{
  int width = 0;
  int height = 0;

  g_return_if_fail (GP_IS_SETTINGS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);
}

static void
gp_settings_changed_cb (GpSettings *self,
                        const char *key,
                        GSettings  *settings)
{
  if (g_strcmp0 (key, "server-url") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  else if (g_strcmp0 (key, "sync-interval") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
}

static void
gp_settings_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GpSettings *self = GP_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_take_string (value, gp_settings_dup_server_url (self));
      break;

    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, gp_settings_get_sync_interval (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_settings_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GpSettings *self = GP_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      gp_settings_set_server_url (self, g_value_get_string (value));
      break;

    case PROP_SYNC_INTERVAL:
      gp_settings_set_sync_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_settings_dispose (GObject *object)
{
  GpSettings *self = GP_SETTINGS (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gp_settings_parent_class)->dispose (object);
}

static void
gp_settings_class_init (GpSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gp_settings_dispose;
  object_class->get_property = gp_settings_get_property;
  object_class->set_property = gp_settings_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL,
                       1, 1440, 5,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gp_settings_init (GpSettings *self)
{
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed",
                           G_CALLBACK (gp_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
