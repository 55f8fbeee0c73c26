/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-notices-page.h: 公告, the platform's public notices.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GP_TYPE_NOTICES_PAGE (gp_notices_page_get_type ())

G_DECLARE_FINAL_TYPE (GpNoticesPage, gp_notices_page, GP, NOTICES_PAGE, AdwBin)

GtkWidget *gp_notices_page_new        (void);
/* The platform to ask, and the account's region for "only my region"; NULL url clears the page. */
void       gp_notices_page_set_server (GpNoticesPage *self,
                                       const char    *server_url,
                                       const char    *region);
void       gp_notices_page_refresh    (GpNoticesPage *self);

G_END_DECLS
