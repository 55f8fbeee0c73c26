/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-store-sqlite.h: the server store on one SQLite file (the default backend).
 */
#pragma once

#include "gp-server-store.h"

G_BEGIN_DECLS

#define GP_TYPE_SERVER_STORE_SQLITE (gp_server_store_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (GpServerStoreSqlite, gp_server_store_sqlite, GP, SERVER_STORE_SQLITE, GObject)

GpServerStore *gp_server_store_sqlite_new (const char  *path,
                                           GError     **error);

guint gp_server_store_sqlite_get_latest_version (void);

void  gp_server_store_sqlite_start_checkpointer (GpServerStore *store);

G_END_DECLS
