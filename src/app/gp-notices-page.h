/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-notices-page.h: 公告, the platform's public notices.
 */
#pragma once

#include <adwaita.h>

#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_NOTICES_PAGE (gp_notices_page_get_type ())

G_DECLARE_FINAL_TYPE (GpNoticesPage, gp_notices_page, GP, NOTICES_PAGE, AdwBin)

GtkWidget *gp_notices_page_new        (void);
/* The engine the notices come through, and the account's region for "only my region"; NULL clears. */
void       gp_notices_page_set_engine (GpNoticesPage *self,
                                        GpSyncEngine  *engine,
                                        const char    *region);
void       gp_notices_page_refresh    (GpNoticesPage *self);

G_END_DECLS
