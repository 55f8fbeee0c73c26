/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-auth.h: passwords (Argon2id), session tokens, the password policy and login rate limits.
 */
#pragma once

#include <glib.h>

#include "gp-server-config.h"

G_BEGIN_DECLS

#define GP_TOKEN_HASH_LEN 32

gboolean   gp_auth_init                 (void);
char      *gp_auth_hash_password        (GpServerConfig *config,
                                         const char     *password,
                                         GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean   gp_auth_verify_password      (const char     *hash,
                                         const char     *password);
char      *gp_auth_new_token            (guint8          hash[GP_TOKEN_HASH_LEN]) G_GNUC_WARN_UNUSED_RESULT;
gboolean   gp_auth_hash_token           (const char     *token,
                                         guint8          hash[GP_TOKEN_HASH_LEN]);
GPtrArray *gp_auth_check_password_policy (GpServerConfig *config,
                                          const char     *password,
                                          const char     *login,
                                          const char     *budget_code) G_GNUC_WARN_UNUSED_RESULT;

typedef struct _GpRateLimiter GpRateLimiter;

GpRateLimiter *gp_rate_limiter_new      (guint           per_minute);
void           gp_rate_limiter_free     (GpRateLimiter  *limiter);
gboolean       gp_rate_limiter_allow    (GpRateLimiter  *limiter,
                                         const char     *key,
                                         gint64          now,
                                         gint64         *retry_after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpRateLimiter, gp_rate_limiter_free)

G_END_DECLS
