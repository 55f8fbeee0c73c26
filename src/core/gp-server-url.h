/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-url.h: which server addresses the app may talk to (DESIGN.md §5).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gp_server_url_validate (const char  *url,
                                 GError     **error);
char    *gp_server_url_normalize (const char *url) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
