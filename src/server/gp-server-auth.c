/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-auth.c: passwords (Argon2id), session tokens, the password policy and login rate limits.
 */
#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include "gp-server-auth.h"
#include "gp-validate.h"

gboolean
gp_auth_init (void)
{
  return sodium_init () >= 0;
}

/**
 * gp_auth_hash_password:
 * @config: the settings with the Argon2id cost
 * @password: the password
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the Argon2id hash in libsodium's string format (parameters included)
 */
char *
gp_auth_hash_password (GpServerConfig  *config,
                       const char      *password,
                       GError         **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             config->password_hash_ops, config->password_hash_mem,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           "Not enough memory to hash the password");
      return NULL;
    }

  return g_strdup (hash);
}

gboolean
gp_auth_verify_password (const char *hash,
                         const char *password)
{
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (strlen (hash) >= crypto_pwhash_STRBYTES)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/**
 * gp_auth_new_token:
 * @hash: (out): the hash to store
 *
 * Makes a random 256-bit token. Only its hash is kept on the server.
 *
 * Returns: (transfer full): the token for the client (base64url, 43 characters)
 */
char *
gp_auth_new_token (guint8 hash[GP_TOKEN_HASH_LEN])
{
  guint8 raw[32];
  char text[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);
  gp_auth_hash_token (text, hash);

  return g_strdup (text);
}

/**
 * gp_auth_hash_token:
 * @token: a token from a client
 * @hash: (out): its BLAKE2b-256 hash
 *
 * Returns: %FALSE if @token cannot be one of ours (wrong length or alphabet)
 */
gboolean
gp_auth_hash_token (const char *token,
                    guint8      hash[GP_TOKEN_HASH_LEN])
{
  gsize len;

  memset (hash, 0, GP_TOKEN_HASH_LEN);
  if (token == NULL)
    return FALSE;

  len = strlen (token);
  if (len != 43)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (token[i]) && token[i] != '-' && token[i] != '_')
      return FALSE;

  crypto_generichash (hash, GP_TOKEN_HASH_LEN, (const guint8 *) token, len, NULL, 0);
  return TRUE;
}

/**
 * gp_auth_check_password_policy:
 * @config: the policy
 * @password: the new password
 * @login: the account name, which the password must not be
 * @budget_code: the unit's 预算编码 (the initial password), which the password must not be
 *
 * Returns: (transfer full): the problems (#GpProblem), empty when the password is acceptable
 */
GPtrArray *
gp_auth_check_password_policy (GpServerConfig *config,
                               const char     *password,
                               const char     *login,
                               const char     *budget_code)
{
  GPtrArray *problems = gp_problems_new ();
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;
  guint classes;
  glong chars;

  if (!g_utf8_validate (password, -1, NULL))
    {
      gp_problems_add (problems, "new_password", "password-invalid-text", "",
                       "The password is not valid text");
      return problems;
    }

  chars = g_utf8_strlen (password, -1);
  if (chars < (glong) config->password_min_length)
    gp_problems_add (problems, "new_password", "password-too-short", "",
                     "The password needs at least %u characters", config->password_min_length);
  if (chars > 256)
    gp_problems_add (problems, "new_password", "password-too-long", "",
                     "The password may have at most 256 characters");

  for (const char *p = password; *p != '\0'; p++)
    {
      if (g_ascii_islower (*p))
        lower = TRUE;
      else if (g_ascii_isupper (*p))
        upper = TRUE;
      else if (g_ascii_isdigit (*p))
        digit = TRUE;
      else
        other = TRUE;
    }
  classes = lower + upper + digit + other;
  if (classes < config->password_min_classes)
    gp_problems_add (problems, "new_password", "password-too-simple", "",
                     "The password needs at least %u of: lower-case letters, upper-case letters, "
                     "digits, other characters", config->password_min_classes);

  if (budget_code != NULL && g_strcmp0 (password, budget_code) == 0)
    gp_problems_add (problems, "new_password", "password-equals-budget-code", "粤财采购函〔2020〕59号 三",
                     "The password must not be the unit’s budget code (the initial password)");
  if (login != NULL && g_ascii_strcasecmp (password, login) == 0)
    gp_problems_add (problems, "new_password", "password-equals-account", "",
                     "The password must not be the account name");

  return problems;
}

struct _GpRateLimiter
{
  guint       per_minute;
  GHashTable *windows;  /* key → GArray of gint64 times within the last minute */
  gint64      last_sweep;
};

GpRateLimiter *
gp_rate_limiter_new (guint per_minute)
{
  GpRateLimiter *limiter = g_new0 (GpRateLimiter, 1);

  limiter->per_minute = per_minute;
  limiter->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_array_unref);
  return limiter;
}

void
gp_rate_limiter_free (GpRateLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->windows);
  g_free (limiter);
}

static void
drop_old (GArray *times,
          gint64  now)
{
  guint keep = 0;

  while (keep < times->len && g_array_index (times, gint64, keep) <= now - 60)
    keep++;
  if (keep > 0)
    g_array_remove_range (times, 0, keep);
}

/**
 * gp_rate_limiter_allow:
 * @limiter: a limiter
 * @key: e.g. a client address
 * @now: the time in seconds
 * @retry_after: (out): seconds to wait when refused
 *
 * Counts one attempt for @key in a sliding window of 60 seconds.
 *
 * Returns: %FALSE when @key has used up its attempts
 */
gboolean
gp_rate_limiter_allow (GpRateLimiter *limiter,
                       const char    *key,
                       gint64         now,
                       gint64        *retry_after)
{
  GArray *times;

  /* Forget quiet keys now and then, so the table cannot grow without bound. */
  if (now - limiter->last_sweep > 60)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, limiter->windows);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          drop_old (value, now);
          if (((GArray *) value)->len == 0)
            g_hash_table_iter_remove (&iter);
        }
      limiter->last_sweep = now;
    }

  times = g_hash_table_lookup (limiter->windows, key);
  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (limiter->windows, g_strdup (key), times);
    }
  drop_old (times, now);

  if (times->len >= limiter->per_minute)
    {
      *retry_after = MAX (1, g_array_index (times, gint64, 0) + 60 - now);
      return FALSE;
    }

  g_array_append_val (times, now);
  return TRUE;
}
