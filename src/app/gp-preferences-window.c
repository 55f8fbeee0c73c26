/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-preferences-window.c: the preferences: account (change password, sign out), server address (checked
 * before it is saved) and sync interval.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-password-page.h"
#include "gp-preferences-window.h"
#include "gp-window.h"
#include "gp-server-url.h"

struct _GpPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *account_group;
  AdwEntryRow    *server_row;
  GtkLabel       *server_error_label;
  GtkSpinButton  *interval_spin;

  /* Owned references */
  GpSettings   *settings;
  GpSyncEngine *engine;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GpPreferencesWindow, gp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

GpPreferencesWindow *
gp_preferences_window_new (GpSettings *settings)
{
  g_return_val_if_fail (GP_IS_SETTINGS (settings), NULL);

  return g_object_new (GP_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

static void
server_row_apply_cb (GpPreferencesWindow *self,
                     AdwEntryRow         *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *url = gp_server_url_normalize (text);
  g_autoptr(GError) error = NULL;

  if (!gp_server_url_validate (url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_label_set_text (self->server_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), TRUE);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->server_error_label), FALSE);
  gp_settings_set_server_url (self->settings, url);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Server address saved")));
}

static void
password_done_cb (GtkWindow *window)
{
  GtkWindow *prefs = gtk_window_get_transient_for (window);

  if (ADW_IS_PREFERENCES_WINDOW (prefs))
    /* Translators: a toast, 密码已修改. */
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs), adw_toast_new (_("Password changed")));
  gtk_window_destroy (window);
}

static void
change_password_cb (GpPreferencesWindow *self)
{
  GtkWidget *window;
  GtkWidget *page;

  if (self->engine == NULL)
    return;

  window = adw_window_new ();
  page = gp_password_page_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Change Password"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 600);
  adw_window_set_content (ADW_WINDOW (window), page);
  gp_password_page_start (GP_PASSWORD_PAGE (page), self->engine, NULL);
  g_signal_connect_swapped (page, "cancelled", G_CALLBACK (gtk_window_destroy), window);
  g_signal_connect_swapped (page, "done", G_CALLBACK (password_done_cb), window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
sign_out_cb (GpPreferencesWindow *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The main window asks, and whether to forget the saved password. */
  if (GP_IS_WINDOW (parent))
    {
      gtk_window_close (GTK_WINDOW (self));
      gp_window_confirm_sign_out (GP_WINDOW (parent));
    }
}

static void
update_account (GpPreferencesWindow *self)
{
  gboolean signed_in = self->engine != NULL &&
                       gp_sync_engine_get_status (self->engine) != GP_SYNC_STATUS_SIGNED_OUT;

  gtk_widget_set_visible (GTK_WIDGET (self->account_group), signed_in);
}

void
gp_preferences_window_set_engine (GpPreferencesWindow *self,
                                  GpSyncEngine        *engine)
{
  g_return_if_fail (GP_IS_PREFERENCES_WINDOW (self));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "notify::status", G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  update_account (self);
}

static void
gp_preferences_window_constructed (GObject *object)
{
  GpPreferencesWindow *self = GP_PREFERENCES_WINDOW (object);
  g_autofree char *url = NULL;

  G_OBJECT_CLASS (gp_preferences_window_parent_class)->constructed (object);

  url = gp_settings_dup_server_url (self->settings);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);

  g_object_bind_property (self->settings, "sync-interval",
                          gtk_spin_button_get_adjustment (self->interval_spin), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
gp_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GpPreferencesWindow *self = GP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GpPreferencesWindow *self = GP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_preferences_window_dispose (GObject *object)
{
  GpPreferencesWindow *self = GP_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_PREFERENCES_WINDOW);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gp_preferences_window_parent_class)->dispose (object);
}

static void
gp_preferences_window_class_init (GpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gp_preferences_window_constructed;
  object_class->dispose = gp_preferences_window_dispose;
  object_class->get_property = gp_preferences_window_get_property;
  object_class->set_property = gp_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         GP_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GpPreferencesWindow, account_group);
  gtk_widget_class_bind_template_child (widget_class, GpPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, GpPreferencesWindow, server_error_label);
  gtk_widget_class_bind_template_child (widget_class, GpPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_callback (widget_class, server_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_password_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_cb);
}

static void
gp_preferences_window_init (GpPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
