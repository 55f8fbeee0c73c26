/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-window.h: the gpcloud main window.
 */
#pragma once

#include <adwaita.h>

#include "gp-application.h"

G_BEGIN_DECLS

#define GP_TYPE_WINDOW (gp_window_get_type ())

G_DECLARE_FINAL_TYPE (GpWindow, gp_window, GP, WINDOW, AdwApplicationWindow)

GpWindow   *gp_window_new                (GpApplication *application);
/* Asks whether to sign out, and whether to forget the saved password. */
void        gp_window_confirm_sign_out   (GpWindow      *self);
/* Shows a sidebar page by its name ("workbench", "projects", "registries", "notices"). */
void        gp_window_show_page          (GpWindow      *self,
                                          const char    *name);
/* Opens a project: the conflict dialog when it has one, else its summary. */
void        gp_window_open_project       (GpWindow      *self,
                                          const char    *id);

G_END_DECLS
