/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-registry-page.h: 基础库, the five registries from the offline copy.
 */
#pragma once

#include <adwaita.h>

#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_REGISTRY_PAGE (gp_registry_page_get_type ())

G_DECLARE_FINAL_TYPE (GpRegistryPage, gp_registry_page, GP, REGISTRY_PAGE, AdwBin)

/* At most this many entries are listed; searching narrows them down. */
#define GP_REGISTRY_PAGE_LIMIT 200

GtkWidget  *gp_registry_page_new          (void);
void        gp_registry_page_set_store    (GpRegistryPage *self,
                                           GpStore        *store);
/* "purchaser", "expert", "agency", "supplier" or "product". */
void        gp_registry_page_set_kind     (GpRegistryPage *self,
                                           const char     *kind);
const char *gp_registry_page_get_kind     (GpRegistryPage *self);
void        gp_registry_page_refresh      (GpRegistryPage *self);
void        gp_registry_page_focus_search (GpRegistryPage *self);

G_END_DECLS
