/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-password-page.h: change the password, with the policy checked as the officer types.
 */
#pragma once

#include <adwaita.h>

#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_PASSWORD_PAGE (gp_password_page_get_type ())

G_DECLARE_FINAL_TYPE (GpPasswordPage, gp_password_page, GP, PASSWORD_PAGE, AdwBin)

/* The server's default policy (gpcloud-server [accounts]); the server checks again. */
#define GP_PASSWORD_MIN_LENGTH  8
#define GP_PASSWORD_MIN_CLASSES 3

GtkWidget *gp_password_page_new   (void);
/* @current_password: the password just used to sign in (the forced change), or NULL to ask for it. */
void       gp_password_page_start (GpPasswordPage *self,
                                   GpSyncEngine   *engine,
                                   const char     *current_password);
/* How many policy rules the new password meets / has. */
guint      gp_password_page_get_n_met   (GpPasswordPage *self);
guint      gp_password_page_get_n_rules (GpPasswordPage *self);

G_END_DECLS
