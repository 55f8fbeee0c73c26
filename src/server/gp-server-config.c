/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-config.c: gpcloud-server's settings, from defaults, a GKeyFile and command-line flags.
 */
#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "gp-server-config.h"

G_DEFINE_QUARK (gp-server-error-quark, gp_server_error)

GpServerConfig *
gp_server_config_new (void)
{
  GpServerConfig *config = g_new0 (GpServerConfig, 1);

  config->listen = g_strdup (GP_SERVER_DEFAULT_LISTEN);
  config->data_dir = g_strdup (".");
  config->max_body_bytes = GP_SERVER_DEFAULT_MAX_BODY_BYTES;
  config->lockout_attempts = 5;
  config->lockout_seconds = 15 * 60;
  config->idle_seconds = 30 * 60;
  config->absolute_seconds = 12 * 3600;
  config->password_min_length = 8;
  config->password_min_classes = 3;
  config->login_rate_per_minute = 30;
  config->password_hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  config->password_hash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  /* 汕头, 韶关, 阳江, 江门, 云浮 with their counties, and the counties of 惠州 but not 惠州市本级
   * (DOMAIN.md §7, from the platform's purchaser account rules). */
  config->two_account_regions = g_strsplit ("4405;4402;4417;4407;4453;4413;-441300", ";", -1);

  return config;
}

void
gp_server_config_free (GpServerConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->listen);
  g_free (config->data_dir);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_free (config->clock_file);
  g_strfreev (config->two_account_regions);
  g_free (config);
}

static gboolean
read_string (GKeyFile    *kf,
             const char  *group,
             const char  *key,
             char       **out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = g_key_file_get_string (kf, group, key, &local_error);

  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) ||
          g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_free (*out);
  *out = g_steal_pointer (&value);
  return TRUE;
}

static gboolean
read_uint64 (GKeyFile    *kf,
             const char  *group,
             const char  *key,
             guint64      min,
             guint64      max,
             guint64     *out,
             GError     **error)
{
  g_autofree char *text = NULL;
  guint64 value;

  if (!read_string (kf, group, key, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  g_strstrip (text);
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
                   "[%s] %s must be a whole number from %" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT ", not “%s”",
                   group, key, min, max, text);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* A duration in [accounts], in minutes or hours (@key), or in seconds (@seconds_key, which wins;
 * meant for tests and drills). */
static gboolean
read_duration (GKeyFile    *kf,
               const char  *key,
               guint64      unit,
               const char  *seconds_key,
               gint64      *out,
               GError     **error)
{
  guint64 value = G_MAXUINT64;

  if (!read_uint64 (kf, "accounts", key, 1, 10 * 365 * 24 * 3600 / unit, &value, error))
    return FALSE;
  if (value != G_MAXUINT64)
    *out = (gint64) (value * unit);

  value = G_MAXUINT64;
  if (!read_uint64 (kf, "accounts", seconds_key, 1, 10 * 365 * 24 * 3600, &value, error))
    return FALSE;
  if (value != G_MAXUINT64)
    *out = (gint64) value;

  return TRUE;
}

#define READ_UINT(group, key, min, max, field)                                   \
  G_STMT_START {                                                                 \
    guint64 v_ = config->field;                                                  \
    if (!read_uint64 (kf, group, key, min, max, &v_, error))                     \
      return FALSE;                                                              \
    config->field = v_;                                                          \
  } G_STMT_END

/**
 * gp_server_config_load_file:
 * @config: the settings to update
 * @path: a GKeyFile with [server] and [accounts] groups
 * @error: return location for a #GError
 *
 * Reads @path over @config. Keys not in the file keep their current value.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_server_config_load_file (GpServerConfig  *config,
                            const char      *path,
                            GError         **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
                   "Cannot read the configuration file “%s”: %s", path, local_error->message);
      return FALSE;
    }

  if (!read_string (kf, "server", "listen", &config->listen, error) ||
      !read_string (kf, "server", "data-dir", &config->data_dir, error) ||
      !read_string (kf, "server", "tls-certificate", &config->tls_certificate, error) ||
      !read_string (kf, "server", "tls-key", &config->tls_key, error) ||
      !read_string (kf, "testing", "clock-file", &config->clock_file, error))
    return FALSE;

  READ_UINT ("server", "max-body-bytes", 1024, G_MAXINT32, max_body_bytes);

  {
    g_autofree char *text = NULL;

    if (!read_string (kf, "server", "allow-insecure-http", &text, error))
      return FALSE;
    if (text != NULL)
      {
        g_strstrip (text);
        if (g_strcmp0 (text, "true") == 0)
          config->allow_insecure_http = TRUE;
        else if (g_strcmp0 (text, "false") == 0)
          config->allow_insecure_http = FALSE;
        else
          {
            g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
                         "[server] allow-insecure-http must be true or false, not “%s”", text);
            return FALSE;
          }
      }
  }
  READ_UINT ("accounts", "lockout-attempts", 1, 1000, lockout_attempts);
  if (!read_duration (kf, "lockout-minutes", 60, "lockout-seconds", &config->lockout_seconds, error) ||
      !read_duration (kf, "idle-minutes", 60, "idle-seconds", &config->idle_seconds, error) ||
      !read_duration (kf, "absolute-hours", 3600, "absolute-seconds", &config->absolute_seconds, error))
    return FALSE;
  READ_UINT ("accounts", "password-min-length", 6, 128, password_min_length);
  READ_UINT ("accounts", "password-min-classes", 1, 4, password_min_classes);
  READ_UINT ("accounts", "login-rate-per-minute", 1, 100000, login_rate_per_minute);
  READ_UINT ("accounts", "password-hash-ops", crypto_pwhash_OPSLIMIT_MIN,
             crypto_pwhash_OPSLIMIT_SENSITIVE, password_hash_ops);
  READ_UINT ("accounts", "password-hash-mem", crypto_pwhash_MEMLIMIT_MIN,
             crypto_pwhash_MEMLIMIT_SENSITIVE, password_hash_mem);

  {
    g_autofree char *text = NULL;

    if (!read_string (kf, "accounts", "two-account-regions", &text, error))
      return FALSE;
    if (text != NULL)
      {
        g_auto(GStrv) parts = g_strsplit (text, ";", -1);
        g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

        for (guint i = 0; parts[i] != NULL; i++)
          {
            const char *entry = g_strstrip (parts[i]);
            const char *digits = entry[0] == '-' ? entry + 1 : entry;
            gsize len = strlen (digits);

            if (entry[0] == '\0')
              continue;
            for (gsize k = 0; k < len; k++)
              if (!g_ascii_isdigit (digits[k]))
                len = 0;
            if (len == 0 || len > 6)
              {
                g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
                             "[accounts] two-account-regions: “%s” is not a region code prefix", entry);
                return FALSE;
              }
            g_ptr_array_add (list, g_strdup (entry));
          }
        g_ptr_array_add (list, NULL);
        g_strfreev (config->two_account_regions);
        config->two_account_regions = (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
      }
  }

  return gp_server_config_validate (config, error);
}

#undef READ_UINT

/**
 * gp_server_config_has_two_accounts:
 * @config: the settings
 * @region: a unit's region code
 *
 * Whether purchaser units of @region get two accounts, 区划编码 + 财政编码 + 001 (审核) and + 002
 * (经办), rather than one holding both duties (DOMAIN.md §7).
 */
gboolean
gp_server_config_has_two_accounts (GpServerConfig *config,
                                   const char     *region)
{
  gboolean match = FALSE;

  g_return_val_if_fail (config != NULL, FALSE);

  if (region == NULL || config->two_account_regions == NULL)
    return FALSE;

  for (guint i = 0; config->two_account_regions[i] != NULL; i++)
    {
      const char *entry = config->two_account_regions[i];

      if (entry[0] == '-' && strcmp (entry + 1, region) == 0)
        return FALSE;
      if (entry[0] != '-' && g_str_has_prefix (region, entry))
        match = TRUE;
    }

  return match;
}

/**
 * gp_server_parse_listen:
 * @listen: "ADDR:PORT", with an IPv6 address in brackets ("[::1]:8080")
 * @host: (out) (optional): the address part
 * @port: (out) (optional): the port, 0 for any free one
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @listen names a numeric IP address and a port
 */
gboolean
gp_server_parse_listen (const char  *listen,
                        char       **host,
                        guint16     *port,
                        GError     **error)
{
  g_autofree char *addr = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  guint64 value;

  g_return_val_if_fail (listen != NULL, FALSE);

  colon = strrchr (listen, ':');
  if (colon == NULL || colon == listen)
    goto invalid;

  if (listen[0] == '[')
    {
      if (colon[-1] != ']')
        goto invalid;
      addr = g_strndup (listen + 1, colon - listen - 2);
    }
  else
    addr = g_strndup (listen, colon - listen);

  inet = g_inet_address_new_from_string (addr);
  if (inet == NULL)
    goto invalid;

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL))
    goto invalid;

  if (host != NULL)
    *host = g_steal_pointer (&addr);
  if (port != NULL)
    *port = (guint16) value;
  return TRUE;

invalid:
  g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
               "Invalid listening address “%s”: expected ADDR:PORT, e.g. 127.0.0.1:8080", listen);
  return FALSE;
}

gboolean
gp_server_config_validate (GpServerConfig  *config,
                           GError         **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (!gp_server_parse_listen (config->listen, NULL, NULL, error))
    return FALSE;

  if (config->data_dir == NULL || config->data_dir[0] == '\0')
    {
      g_set_error_literal (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
                           "The data directory must not be empty");
      return FALSE;
    }

  if ((config->tls_certificate == NULL) != (config->tls_key == NULL))
    {
      g_set_error_literal (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG,
                           "tls-certificate and tls-key must be given together");
      return FALSE;
    }

  return TRUE;
}

char *
gp_server_config_dup_database_path (GpServerConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_build_filename (config->data_dir, GP_SERVER_DATABASE_NAME, NULL);
}
