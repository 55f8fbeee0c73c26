/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-application.h: the gpcloud AdwApplication.
 */
#pragma once

#include <adwaita.h>

#include "gp-settings.h"
#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_APPLICATION (gp_application_get_type ())

G_DECLARE_FINAL_TYPE (GpApplication, gp_application, GP, APPLICATION, AdwApplication)

GpApplication *gp_application_new          (void);
GpSettings    *gp_application_get_settings (GpApplication *self);
GpSyncEngine  *gp_application_get_engine   (GpApplication *self);
void           gp_application_setup_i18n   (void);

G_END_DECLS
