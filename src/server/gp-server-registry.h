/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-registry.h: the five registries: import from CSV or JSON, and their routes.
 */
#pragma once

#include "gp-server-store.h"

G_BEGIN_DECLS

typedef struct {
  guint created;
  guint updated;
  guint unchanged;
} GpRegistryStats;

gboolean gp_registry_kind_is_valid   (const char       *kind);
gboolean gp_server_import_registry   (GpServerStore    *store,
                                      const char       *kind,
                                      const char       *path,
                                      GpRegistryStats  *stats,
                                      GError          **error);

G_END_DECLS
