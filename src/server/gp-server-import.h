/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-import.h: `gpcloud-server import-units FILE.csv`: units and their accounts from the old system.
 */
#pragma once

#include "gp-server-config.h"
#include "gp-server-store.h"

G_BEGIN_DECLS

typedef struct {
  guint units_created;
  guint units_existing;
  guint accounts_created;
  guint accounts_existing;
} GpImportStats;

GPtrArray *gp_csv_parse          (const char      *text,
                                  gsize            len,
                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean   gp_server_import_units (GpServerStore   *store,
                                   GpServerConfig  *config,
                                   const char      *path,
                                   gint64           now,
                                   GpImportStats   *stats,
                                   GError         **error);

G_END_DECLS
