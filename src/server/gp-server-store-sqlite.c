/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-store-sqlite.c: the server store on one SQLite file (the default backend).
 */
#include "config.h"

#include "gp-db.h"
#include "gp-server-config.h"
#include "gp-server-store-sqlite.h"

struct _GpServerStoreSqlite
{
  GObject parent_instance;

  /* Owned references */
  GpDb *db;
};

static void store_iface_init (GpServerStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpServerStoreSqlite, gp_server_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GP_TYPE_SERVER_STORE, store_iface_init))

/* The schema, one step per entry; entry i takes the file from version i to i + 1. Never edit a
 * step once released: add a new one. */
static const char *const migrations[] = {
  /* 1: units, accounts, sessions and the append-only audit log. */
  "CREATE TABLE unit ("
  "  id INTEGER PRIMARY KEY,"
  "  budget_code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  region TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('purchaser', 'agency', 'supervisor', 'supplier', 'admin')),"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE account ("
  "  id INTEGER PRIMARY KEY,"
  "  unit_id INTEGER NOT NULL REFERENCES unit (id),"
  "  login TEXT NOT NULL UNIQUE,"
  "  password_hash TEXT NOT NULL,"
  "  must_change_password INTEGER NOT NULL DEFAULT 1,"
  "  duties TEXT NOT NULL DEFAULT 'prepare,approve',"
  "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
  "  locked_until INTEGER NOT NULL DEFAULT 0,"
  "  password_changed_at INTEGER,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX account_unit ON account (unit_id);"
  "CREATE TABLE session ("
  "  token_hash BLOB PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  last_used_at INTEGER NOT NULL,"
  "  address TEXT"
  ");"
  "CREATE INDEX session_account ON session (account_id);"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  account TEXT,"
  "  address TEXT,"
  "  action TEXT NOT NULL,"
  "  object TEXT,"
  "  outcome TEXT NOT NULL,"
  "  detail TEXT"
  ");"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",
};

guint
gp_server_store_sqlite_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

static gboolean
gp_server_store_sqlite_get_schema_version (GpServerStore  *store,
                                           guint          *version,
                                           GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);

  return gp_db_get_schema_version (self->db, version, error);
}

static gboolean
gp_server_store_sqlite_check (GpServerStore  *store,
                              GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  /* A cheap check for every health probe: the file answers a query on its schema. The full
   * integrity check is O(size) and belongs to maintenance. */
  stmt = gp_db_prepare (self->db, "SELECT count(*) FROM sqlite_schema", error);
  if (stmt == NULL)
    return FALSE;
  if (!gp_db_step_row (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GP_SERVER_ERROR, GP_SERVER_ERROR_STORE, "No answer from the database");
      return FALSE;
    }
  return TRUE;
}

static void
gp_server_store_sqlite_close (GpServerStore *store)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);

  if (self->db != NULL)
    gp_db_close (self->db, NULL);
}

static void
store_iface_init (GpServerStoreInterface *iface)
{
  iface->get_schema_version = gp_server_store_sqlite_get_schema_version;
  iface->check = gp_server_store_sqlite_check;
  iface->close = gp_server_store_sqlite_close;
}

static void
gp_server_store_sqlite_finalize (GObject *object)
{
  GpServerStoreSqlite *self = (GpServerStoreSqlite *)object;

  g_clear_object (&self->db);

  G_OBJECT_CLASS (gp_server_store_sqlite_parent_class)->finalize (object);
}

static void
gp_server_store_sqlite_class_init (GpServerStoreSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gp_server_store_sqlite_finalize;
}

static void
gp_server_store_sqlite_init (GpServerStoreSqlite *self)
{
}

/**
 * gp_server_store_sqlite_new:
 * @path: the database file
 * @error: return location for a #GError
 *
 * Opens @path and brings its schema up to date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
GpServerStore *
gp_server_store_sqlite_new (const char  *path,
                            GError     **error)
{
  g_autoptr(GpServerStoreSqlite) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GP_TYPE_SERVER_STORE_SQLITE, NULL);
  self->db = gp_db_open (path, error);
  if (self->db == NULL)
    return NULL;

  if (!gp_db_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  return GP_SERVER_STORE (g_steal_pointer (&self));
}
