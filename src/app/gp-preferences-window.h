/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-preferences-window.h: the preferences: account, server address and sync interval.
 */
#pragma once

#include <adwaita.h>

#include "gp-settings.h"
#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_PREFERENCES_WINDOW (gp_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GpPreferencesWindow, gp_preferences_window, GP, PREFERENCES_WINDOW, AdwPreferencesWindow)

GpPreferencesWindow *gp_preferences_window_new        (GpSettings          *settings);
/* With a signed-in engine the account group offers 修改密码 and 退出登录. */
void                 gp_preferences_window_set_engine (GpPreferencesWindow *self,
                                                       GpSyncEngine        *engine);

G_END_DECLS
