/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-config.h: gpcloud-server's settings, from defaults, a GKeyFile and command-line flags.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GP_SERVER_ERROR (gp_server_error_quark ())

/**
 * GpServerError:
 * @GP_SERVER_ERROR_CONFIG: the configuration file or a flag is invalid.
 * @GP_SERVER_ERROR_LISTEN: the listening address is invalid or cannot be bound.
 * @GP_SERVER_ERROR_STORE: the server store cannot be opened or migrated.
 * @GP_SERVER_ERROR_IMPORT: an import file is invalid.
 */
typedef enum {
  GP_SERVER_ERROR_CONFIG,
  GP_SERVER_ERROR_LISTEN,
  GP_SERVER_ERROR_STORE,
  GP_SERVER_ERROR_IMPORT,
} GpServerError;

GQuark gp_server_error_quark (void);

#define GP_SERVER_DEFAULT_LISTEN "127.0.0.1:8080"
#define GP_SERVER_DEFAULT_MAX_BODY_BYTES (10 * 1024 * 1024)
#define GP_SERVER_DATABASE_NAME "gpcloud-server.db"

typedef struct {
  /* [server] */
  char   *listen;
  char   *data_dir;
  char   *tls_certificate;
  char   *tls_key;
  gint64  max_body_bytes;
  gboolean allow_insecure_http;   /* plain HTTP on a non-loopback address (behind a TLS proxy) */

  /* [accounts] */
  guint   lockout_attempts;
  gint64  lockout_seconds;        /* lockout-minutes, or lockout-seconds */
  gint64  idle_seconds;           /* idle-minutes, or idle-seconds */
  gint64  absolute_seconds;       /* absolute-hours, or absolute-seconds */
  guint   password_min_length;
  guint   password_min_classes;   /* of lower, upper, digit, other */
  guint   login_rate_per_minute;  /* login attempts per client address */
  guint64 password_hash_ops;      /* Argon2id opslimit */
  gsize   password_hash_mem;      /* Argon2id memlimit in bytes */
  char  **two_account_regions;    /* region prefixes, "-CODE" to exclude one code (DOMAIN.md §7) */

  /* [testing] */
  char   *clock_file;             /* the official clock runs this file's seconds ahead (training, tests) */
} GpServerConfig;

GpServerConfig *gp_server_config_new       (void);
void            gp_server_config_free      (GpServerConfig  *config);
gboolean        gp_server_config_load_file (GpServerConfig  *config,
                                            const char      *path,
                                            GError         **error);
gboolean        gp_server_config_validate  (GpServerConfig  *config,
                                            GError         **error);
char           *gp_server_config_dup_database_path (GpServerConfig *config) G_GNUC_WARN_UNUSED_RESULT;
gboolean        gp_server_config_has_two_accounts  (GpServerConfig *config,
                                                    const char     *region);
gboolean        gp_server_parse_listen     (const char      *listen,
                                            char           **host,
                                            guint16         *port,
                                            GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpServerConfig, gp_server_config_free)

G_END_DECLS
