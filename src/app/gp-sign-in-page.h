/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sign-in-page.h: sign-in: server address, account, password and remember me.
 */
#pragma once

#include <adwaita.h>

#include "gp-settings.h"
#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_SIGN_IN_PAGE (gp_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (GpSignInPage, gp_sign_in_page, GP, SIGN_IN_PAGE, AdwBin)

GtkWidget *gp_sign_in_page_new        (void);
void       gp_sign_in_page_setup      (GpSignInPage *self,
                                       GpSyncEngine *engine,
                                       GpSettings   *settings);
/* Clears the password and errors and fills in the last account. */
void       gp_sign_in_page_reset      (GpSignInPage *self);
/* Signs in again with the keyring's token (a running session), showing progress. */
void       gp_sign_in_page_resume     (GpSignInPage *self,
                                       const char   *login);

G_END_DECLS
