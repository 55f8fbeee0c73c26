/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-window.h: the gpcloud main window.
 */
#pragma once

#include <adwaita.h>

#include "gp-application.h"

G_BEGIN_DECLS

#define GP_TYPE_WINDOW (gp_window_get_type ())

G_DECLARE_FINAL_TYPE (GpWindow, gp_window, GP, WINDOW, AdwApplicationWindow)

GpWindow *gp_window_new (GpApplication *application);

G_END_DECLS
