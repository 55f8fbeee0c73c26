/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-settings.h: the app's settings, wrapped so tests run on the memory GSettings backend.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GP_TYPE_SETTINGS (gp_settings_get_type ())

G_DECLARE_FINAL_TYPE (GpSettings, gp_settings, GP, SETTINGS, GObject)

GpSettings *gp_settings_new               (void);
GSettings  *gp_settings_get_gsettings     (GpSettings *self);
char       *gp_settings_dup_server_url    (GpSettings *self) G_GNUC_WARN_UNUSED_RESULT;
void        gp_settings_set_server_url    (GpSettings *self,
                                           const char *server_url);
guint       gp_settings_get_sync_interval (GpSettings *self);
void        gp_settings_set_sync_interval (GpSettings *self,
                                           guint       minutes);
void        gp_settings_restore_window    (GpSettings *self,
                                           GtkWindow  *window);
void        gp_settings_save_window       (GpSettings *self,
                                           GtkWindow  *window);

G_END_DECLS
