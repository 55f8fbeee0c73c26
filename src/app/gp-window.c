/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-window.c: the gpcloud main window: header bar, primary menu, and the welcome page.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-window.h"

struct _GpWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  AdwStatusPage  *welcome_page;

  /* Borrowed references */
  GpSettings *settings;
};

G_DEFINE_FINAL_TYPE (GpWindow, gp_window, ADW_TYPE_APPLICATION_WINDOW)

static void gp_window_update_server (GpWindow *self);

GpWindow *
gp_window_new (GpApplication *application)
{
  GpWindow *self;

  g_return_val_if_fail (GP_IS_APPLICATION (application), NULL);

  self = g_object_new (GP_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The settings outlive the window: the application owns them. */
  self->settings = gp_application_get_settings (application);
  gp_settings_restore_window (self->settings, GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "notify::server-url",
                           G_CALLBACK (gp_window_update_server), self,
                           G_CONNECT_SWAPPED);
  gp_window_update_server (self);

  return self;
}

static void
gp_window_update_server (GpWindow *self)
{
  g_autofree char *url = gp_settings_dup_server_url (self->settings);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: the subtitle of the main window; %s is the server's host name. */
  subtitle = g_strdup_printf (_("Server: %s"), host != NULL ? host : url);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static gboolean
gp_window_close_request (GtkWindow *window)
{
  GpWindow *self = GP_WINDOW (window);

  if (self->settings != NULL)
    gp_settings_save_window (self->settings, window);

  return GTK_WINDOW_CLASS (gp_window_parent_class)->close_request (window);
}

static void
gp_window_class_init (GpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = gp_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, welcome_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gp_window_init (GpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
