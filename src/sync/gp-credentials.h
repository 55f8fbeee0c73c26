/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-credentials.h: the session token and, if asked, the password, kept in the system keyring.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a stored secret is. The values are the "kind" attribute in the keyring. */
#define GP_CREDENTIAL_TOKEN    "token"
#define GP_CREDENTIAL_PASSWORD "password"

#define GP_TYPE_CREDENTIALS (gp_credentials_get_type ())

G_DECLARE_FINAL_TYPE (GpCredentials, gp_credentials, GP, CREDENTIALS, GObject)

GpCredentials *gp_credentials_new                 (void);
void           gp_credentials_set_timeout         (GpCredentials        *self,
                                                   guint                 seconds);
gboolean       gp_credentials_get_keyring_available (GpCredentials      *self);
const char    *gp_credentials_get_keyring_error   (GpCredentials        *self);

void           gp_credentials_store_async         (GpCredentials        *self,
                                                   const char           *server,
                                                   const char           *account,
                                                   const char           *kind,
                                                   const char           *secret,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       gp_credentials_store_finish        (GpCredentials        *self,
                                                   GAsyncResult         *result,
                                                   gboolean             *out_in_keyring,
                                                   GError              **error);
void           gp_credentials_lookup_async        (GpCredentials        *self,
                                                   const char           *server,
                                                   const char           *account,
                                                   const char           *kind,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char          *gp_credentials_lookup_finish       (GpCredentials        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void           gp_credentials_clear_async         (GpCredentials        *self,
                                                   const char           *server,
                                                   const char           *account,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean       gp_credentials_clear_finish        (GpCredentials        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
