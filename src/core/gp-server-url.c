/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-url.c: server address policy: HTTPS anywhere, plain HTTP only to loopback (DESIGN.md §5).
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "gp-error.h"
#include "gp-server-url.h"

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps the brackets of an IPv6 literal out of the host, but be lenient. */
  if (host[0] == '[')
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * gp_server_url_validate:
 * @url: a server base address typed by the user or read from settings
 * @error: return location for a #GError with a message a person can act on
 *
 * Returns: %TRUE when @url is an `https` address, or an `http` address of this computer.
 */
gboolean
gp_server_url_validate (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("Enter the server address, for example https://gpcloud.gd.gov.cn"));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0')
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The server address is not a valid web address"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (host))
        return TRUE;

      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The server address must start with https://; plain http is only allowed to this computer"));
      return FALSE;
    }

  g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                       _("The server address must start with https://"));
  return FALSE;
}

/**
 * gp_server_url_normalize:
 * @url: a valid server address
 *
 * Returns: @url without surrounding spaces and trailing slashes.
 */
char *
gp_server_url_normalize (const char *url)
{
  g_autofree char *copy = NULL;
  gsize len;

  g_return_val_if_fail (url != NULL, NULL);

  copy = g_strstrip (g_strdup (url));
  len = strlen (copy);
  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';

  return g_steal_pointer (&copy);
}
