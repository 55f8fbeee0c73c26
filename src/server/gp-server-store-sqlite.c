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
  char *path;

  /* The checkpointer: a thread with its own connection that copies the WAL back into the database
   * file, so that the writer (the server's main loop) never waits for its fsyncs. */
  GThread *checkpointer;
  GMutex   lock;
  GCond    cond;
  guint    wal_frames;   /* the WAL's size after the last commit; under lock */
  gboolean stopping;     /* under lock */
};

/* Checkpoint once the WAL holds this many pages (SQLite's own default), in the background. If the
 * checkpointer falls far behind, the writer checkpoints itself as SQLite would by default. */
#define CHECKPOINT_FRAMES        1000
#define CHECKPOINT_INLINE_FRAMES 50000

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

  /* 2: projects with their change-feed position, and idempotency keys. */
  "CREATE TABLE project ("
  "  id TEXT PRIMARY KEY,"
  "  rev INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  unit_id INTEGER NOT NULL REFERENCES unit (id),"
  "  region TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  stage TEXT NOT NULL,"
  "  name TEXT,"
  "  updated INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  json TEXT NOT NULL"
  ");"
  "CREATE INDEX project_unit_seq ON project (unit_id, seq);"
  "CREATE INDEX project_region_seq ON project (region, seq);"
  "CREATE TABLE idempotency ("
  "  account_id INTEGER NOT NULL REFERENCES account (id),"
  "  key TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, key)"
  ");"
  "CREATE INDEX idempotency_created ON idempotency (created_at);",

  /* 3: public notices. */
  "CREATE TABLE notice ("
  "  id INTEGER PRIMARY KEY,"
  "  project_id TEXT NOT NULL REFERENCES project (id),"
  "  code TEXT NOT NULL,"
  "  type_name TEXT NOT NULL,"
  "  region TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  purchaser TEXT,"
  "  published INTEGER NOT NULL"
  ");"
  "CREATE INDEX notice_published ON notice (published);",

  /* 4: the five registries, with their own feed positions. */
  "CREATE TABLE registry_entry ("
  "  kind TEXT NOT NULL CHECK (kind IN ('purchaser', 'expert', 'agency', 'supplier', 'product')),"
  "  id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  code TEXT,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  json TEXT NOT NULL,"
  "  PRIMARY KEY (kind, id)"
  ");"
  "CREATE INDEX registry_kind_seq ON registry_entry (kind, seq);",

  /* 5: agencies and suppliers see the projects they take part in. */
  "ALTER TABLE unit ADD COLUMN uscc TEXT;"
  "ALTER TABLE project ADD COLUMN agency_uscc TEXT;"
  "ALTER TABLE project ADD COLUMN supplier_uscc TEXT;"
  "CREATE INDEX project_agency_seq ON project (agency_uscc, seq) WHERE agency_uscc IS NOT NULL;"
  "CREATE INDEX project_supplier_seq ON project (supplier_uscc, seq) WHERE supplier_uscc IS NOT NULL;",
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

static gpointer
checkpointer_thread (gpointer data)
{
  GpServerStoreSqlite *self = data;
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("The checkpointer cannot open the database: %s", sqlite3_errstr (rc));
      sqlite3_close_v2 (handle);
      return NULL;
    }
  sqlite3_busy_timeout (handle, 1000);
  /* A connection learns that the file is in WAL mode when it first reads it; until then (SQLite
   * 3.40) a checkpoint is a no-op that reports -1 frames, and the writer was left to checkpoint
   * 50,000 pages itself, fsyncs and all, in the middle of a commit. */
  rc = sqlite3_exec (handle, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_warning ("The checkpointer cannot read the database: %s", sqlite3_errmsg (handle));

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      int log_frames = 0, done_frames = 0;

      if (self->wal_frames < CHECKPOINT_FRAMES)
        {
          g_cond_wait (&self->cond, &self->lock);
          continue;
        }
      self->wal_frames = 0;
      g_mutex_unlock (&self->lock);

      /* PASSIVE never blocks the writer or the readers; the next writer starts the WAL over once
       * everything in it is in the database file. */
      rc = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &done_frames);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_warning ("Checkpoint failed: %s", sqlite3_errmsg (handle));

      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);

  sqlite3_close_v2 (handle);
  return NULL;
}

static int
wal_hook_cb (void       *data,
             sqlite3    *handle,
             const char *db_name,
             int         frames)
{
  GpServerStoreSqlite *self = data;

  if (frames >= CHECKPOINT_INLINE_FRAMES)
    {
      sqlite3_wal_checkpoint_v2 (handle, db_name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }

  if (frames >= CHECKPOINT_FRAMES)
    {
      g_mutex_lock (&self->lock);
      self->wal_frames = (guint) frames;
      g_cond_signal (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  return SQLITE_OK;
}

/**
 * gp_server_store_sqlite_start_checkpointer:
 * @store: a #GpServerStoreSqlite
 *
 * Moves WAL checkpoints (and their fsyncs) off the connection that writes, to a thread of their
 * own: a commit then only appends to the WAL. For the long-running server; a command that opens
 * the store briefly keeps SQLite's automatic checkpoints.
 */
void
gp_server_store_sqlite_start_checkpointer (GpServerStore *store)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  sqlite3 *handle = gp_db_get_handle (self->db);

  g_return_if_fail (self->checkpointer == NULL);

  if (handle == NULL || g_strcmp0 (self->path, ":memory:") == 0)
    return;

  self->stopping = FALSE;
  self->checkpointer = g_thread_new ("gp-checkpoint", checkpointer_thread, self);
  /* This replaces SQLite's automatic checkpoint (itself a WAL hook). */
  sqlite3_wal_hook (handle, wal_hook_cb, self);
}

static void
stop_checkpointer (GpServerStoreSqlite *self)
{
  sqlite3 *handle;

  if (self->checkpointer == NULL)
    return;

  handle = self->db != NULL ? gp_db_get_handle (self->db) : NULL;
  if (handle != NULL)
    sqlite3_wal_autocheckpoint (handle, 1000);

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->checkpointer, g_thread_join);
}

static void
gp_server_store_sqlite_close (GpServerStore *store)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);

  /* The last connection to close checkpoints and removes the WAL: the writer's. */
  stop_checkpointer (self);
  if (self->db != NULL)
    gp_db_close (self->db, NULL);
}

static gboolean
gp_server_store_sqlite_begin (GpServerStore  *store,
                              GError        **error)
{
  return gp_db_begin (GP_SERVER_STORE_SQLITE (store)->db, error);
}

static gboolean
gp_server_store_sqlite_commit (GpServerStore  *store,
                               GError        **error)
{
  return gp_db_commit (GP_SERVER_STORE_SQLITE (store)->db, error);
}

static void
gp_server_store_sqlite_rollback (GpServerStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!gp_db_rollback (GP_SERVER_STORE_SQLITE (store)->db, &error))
    g_warning ("Rollback failed: %s", error->message);
}

static gboolean
gp_server_store_sqlite_ensure_unit (GpServerStore       *store,
                                    const GpUnitRecord  *unit,
                                    gint64               now,
                                    gint64              *unit_id,
                                    gboolean            *created,
                                    GError             **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "SELECT id FROM unit WHERE budget_code = ?1", error);
    if (stmt == NULL)
      return FALSE;
    gp_db_bind_text (stmt, 1, unit->budget_code);
    if (gp_db_step_row (stmt, &local_error))
      {
        *unit_id = gp_db_column_get_int64 (stmt, 0);
        *created = FALSE;
        return TRUE;
      }
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "INSERT INTO unit (budget_code, name, region, role, created_at, uscc)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
    if (stmt == NULL)
      return FALSE;
    gp_db_bind_text (stmt, 1, unit->budget_code);
    gp_db_bind_text (stmt, 2, unit->name);
    gp_db_bind_text (stmt, 3, unit->region);
    gp_db_bind_text (stmt, 4, gp_role_to_string (unit->role));
    gp_db_bind_int64 (stmt, 5, now);
    gp_db_bind_text (stmt, 6, unit->uscc);
    if (!gp_db_step_done (stmt, error))
      return FALSE;
  }

  *unit_id = gp_db_last_insert_rowid (self->db);
  *created = TRUE;
  return TRUE;
}

static gboolean
gp_server_store_sqlite_add_account (GpServerStore  *store,
                                    gint64          unit_id,
                                    const char     *login,
                                    const char     *password_hash,
                                    GpDuty          duties,
                                    gint64          now,
                                    gboolean       *created,
                                    GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  /* An account that exists keeps its password: importing twice never resets it. */
  stmt = gp_db_prepare (self->db,
                        "INSERT INTO account (unit_id, login, password_hash, duties, created_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (login) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, unit_id);
  gp_db_bind_text (stmt, 2, login);
  gp_db_bind_text (stmt, 3, password_hash);
  gp_db_bind_text (stmt, 4, gp_duty_to_string (duties));
  gp_db_bind_int64 (stmt, 5, now);
  if (!gp_db_step_done (stmt, error))
    return FALSE;

  *created = gp_db_changes (self->db) > 0;
  return TRUE;
}

#define ACCOUNT_COLUMNS \
  "a.id, a.login, a.password_hash, a.must_change_password, a.duties, a.failed_attempts," \
  " a.locked_until, u.id, u.name, u.budget_code, u.region, u.role, u.uscc"

static GpAccount *
account_from_row (GpDbStmt *stmt,
                  int       first)
{
  GpAccount *account = g_new0 (GpAccount, 1);

  account->id = gp_db_column_get_int64 (stmt, first + 0);
  account->login = gp_db_column_dup_text (stmt, first + 1);
  account->password_hash = gp_db_column_dup_text (stmt, first + 2);
  account->must_change_password = gp_db_column_get_int64 (stmt, first + 3) != 0;
  if (!gp_server_duties_from_string (gp_db_column_get_text (stmt, first + 4), &account->duties))
    account->duties = GP_DUTY_NONE;
  account->failed_attempts = (guint) gp_db_column_get_int64 (stmt, first + 5);
  account->locked_until = gp_db_column_get_int64 (stmt, first + 6);
  account->unit_id = gp_db_column_get_int64 (stmt, first + 7);
  account->unit_name = gp_db_column_dup_text (stmt, first + 8);
  account->budget_code = gp_db_column_dup_text (stmt, first + 9);
  account->region = gp_db_column_dup_text (stmt, first + 10);
  if (!gp_role_from_string (gp_db_column_get_text (stmt, first + 11), &account->role))
    account->role = GP_ROLE_SUPPLIER;
  account->uscc = gp_db_column_dup_text (stmt, first + 12);

  return account;
}

static GpAccount *
gp_server_store_sqlite_lookup_account (GpServerStore  *store,
                                       const char     *login,
                                       GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "SELECT " ACCOUNT_COLUMNS " FROM account a JOIN unit u ON u.id = a.unit_id"
                        " WHERE a.login = ?1", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_text (stmt, 1, login);
  if (!gp_db_step_row (stmt, error))
    return NULL;

  return account_from_row (stmt, 0);
}

static gboolean
gp_server_store_sqlite_set_login_failures (GpServerStore  *store,
                                           gint64          account_id,
                                           guint           failed_attempts,
                                           gint64          locked_until,
                                           GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "UPDATE account SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, account_id);
  gp_db_bind_int64 (stmt, 2, failed_attempts);
  gp_db_bind_int64 (stmt, 3, locked_until);
  return gp_db_step_done (stmt, error);
}

static GPtrArray *
gp_server_store_sqlite_list_accounts (GpServerStore  *store,
                                      gint64          after_id,
                                      guint           limit,
                                      GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_account_free);
  g_autoptr(GError) local_error = NULL;

  stmt = gp_db_prepare (self->db,
                        "SELECT " ACCOUNT_COLUMNS " FROM account a JOIN unit u ON u.id = a.unit_id"
                        " WHERE a.id > ?1 ORDER BY a.id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_int64 (stmt, 1, after_id);
  gp_db_bind_int64 (stmt, 2, limit);
  while (gp_db_step_row (stmt, &local_error))
    g_ptr_array_add (rows, account_from_row (stmt, 0));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
gp_server_store_sqlite_reset_password (GpServerStore  *store,
                                       gint64          account_id,
                                       const char     *password_hash,
                                       GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;

  if (!gp_db_begin (self->db, error))
    return FALSE;

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "UPDATE account SET password_hash = ?2, must_change_password = 1,"
                                              " failed_attempts = 0, locked_until = 0 WHERE id = ?1", &local_error);
    if (stmt != NULL)
      {
        gp_db_bind_int64 (stmt, 1, account_id);
        gp_db_bind_text (stmt, 2, password_hash);
        gp_db_step_done (stmt, &local_error);
      }
  }
  if (local_error == NULL)
    {
      g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db, "DELETE FROM session WHERE account_id = ?1", &local_error);

      if (stmt != NULL)
        {
          gp_db_bind_int64 (stmt, 1, account_id);
          gp_db_step_done (stmt, &local_error);
        }
    }
  if (local_error == NULL)
    gp_db_commit (self->db, &local_error);

  if (local_error != NULL)
    {
      gp_db_rollback (self->db, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
gp_server_store_sqlite_set_password (GpServerStore  *store,
                                     gint64          account_id,
                                     const char     *password_hash,
                                     gint64          now,
                                     const guint8   *keep_token_hash,
                                     GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;

  if (!gp_db_begin (self->db, error))
    return FALSE;

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "UPDATE account SET password_hash = ?2, must_change_password = 0,"
                                              " password_changed_at = ?3, failed_attempts = 0, locked_until = 0"
                                              " WHERE id = ?1", &local_error);
    if (stmt != NULL)
      {
        gp_db_bind_int64 (stmt, 1, account_id);
        gp_db_bind_text (stmt, 2, password_hash);
        gp_db_bind_int64 (stmt, 3, now);
        gp_db_step_done (stmt, &local_error);
      }
  }

  if (local_error == NULL)
    {
      g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                                "DELETE FROM session WHERE account_id = ?1"
                                                " AND (?2 IS NULL OR token_hash <> ?2)", &local_error);
      if (stmt != NULL)
        {
          gp_db_bind_int64 (stmt, 1, account_id);
          gp_db_bind_blob (stmt, 2, keep_token_hash, keep_token_hash != NULL ? 32 : 0);
          gp_db_step_done (stmt, &local_error);
        }
    }

  if (local_error == NULL)
    gp_db_commit (self->db, &local_error);

  if (local_error != NULL)
    {
      gp_db_rollback (self->db, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
gp_server_store_sqlite_create_session (GpServerStore  *store,
                                       const guint8   *token_hash,
                                       gint64          account_id,
                                       gint64          now,
                                       const char     *address,
                                       GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "INSERT INTO session (token_hash, account_id, created_at, last_used_at, address)"
                        " VALUES (?1, ?2, ?3, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_blob (stmt, 1, token_hash, 32);
  gp_db_bind_int64 (stmt, 2, account_id);
  gp_db_bind_int64 (stmt, 3, now);
  gp_db_bind_text (stmt, 4, address);
  return gp_db_step_done (stmt, error);
}

static GpSession *
gp_server_store_sqlite_lookup_session (GpServerStore  *store,
                                       const guint8   *token_hash,
                                       GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  GpSession *session;

  stmt = gp_db_prepare (self->db,
                        "SELECT s.created_at, s.last_used_at, " ACCOUNT_COLUMNS
                        " FROM session s JOIN account a ON a.id = s.account_id"
                        " JOIN unit u ON u.id = a.unit_id WHERE s.token_hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_blob (stmt, 1, token_hash, 32);
  if (!gp_db_step_row (stmt, error))
    return NULL;

  session = g_new0 (GpSession, 1);
  session->created_at = gp_db_column_get_int64 (stmt, 0);
  session->last_used_at = gp_db_column_get_int64 (stmt, 1);
  session->account = account_from_row (stmt, 2);
  return session;
}

static gboolean
gp_server_store_sqlite_touch_session (GpServerStore  *store,
                                      const guint8   *token_hash,
                                      gint64          now,
                                      GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db, "UPDATE session SET last_used_at = ?2 WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_blob (stmt, 1, token_hash, 32);
  gp_db_bind_int64 (stmt, 2, now);
  return gp_db_step_done (stmt, error);
}

static gboolean
gp_server_store_sqlite_delete_session (GpServerStore  *store,
                                       const guint8   *token_hash,
                                       GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db, "DELETE FROM session WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_blob (stmt, 1, token_hash, 32);
  return gp_db_step_done (stmt, error);
}

static gboolean
gp_server_store_sqlite_append_audit (GpServerStore       *store,
                                     const GpAuditEntry  *entry,
                                     GError             **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "INSERT INTO audit_log (at, account, address, action, object, outcome, detail)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, entry->at);
  gp_db_bind_text (stmt, 2, entry->account);
  gp_db_bind_text (stmt, 3, entry->address);
  gp_db_bind_text (stmt, 4, entry->action);
  gp_db_bind_text (stmt, 5, entry->object);
  gp_db_bind_text (stmt, 6, entry->outcome);
  gp_db_bind_text (stmt, 7, entry->detail);
  return gp_db_step_done (stmt, error);
}

static GPtrArray *
gp_server_store_sqlite_list_audit (GpServerStore  *store,
                                   gint64          after_id,
                                   guint           limit,
                                   GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_audit_entry_free);
  g_autoptr(GError) local_error = NULL;

  stmt = gp_db_prepare (self->db,
                        "SELECT id, at, account, address, action, object, outcome, detail FROM audit_log"
                        " WHERE id > ?1 ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_int64 (stmt, 1, after_id);
  gp_db_bind_int64 (stmt, 2, limit);

  while (gp_db_step_row (stmt, &local_error))
    {
      GpAuditEntry *entry = g_new0 (GpAuditEntry, 1);

      entry->id = gp_db_column_get_int64 (stmt, 0);
      entry->at = gp_db_column_get_int64 (stmt, 1);
      entry->account = gp_db_column_dup_text (stmt, 2);
      entry->address = gp_db_column_dup_text (stmt, 3);
      entry->action = gp_db_column_dup_text (stmt, 4);
      entry->object = gp_db_column_dup_text (stmt, 5);
      entry->outcome = gp_db_column_dup_text (stmt, 6);
      entry->detail = gp_db_column_dup_text (stmt, 7);
      g_ptr_array_add (entries, entry);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

#define PROJECT_COLUMNS \
  "id, rev, seq, unit_id, region, status, stage, name, updated, deleted, json, agency_uscc, supplier_uscc"

static GpStoredProject *
project_from_row (GpDbStmt *stmt)
{
  GpStoredProject *p = g_new0 (GpStoredProject, 1);

  p->id = gp_db_column_dup_text (stmt, 0);
  p->rev = gp_db_column_get_int64 (stmt, 1);
  p->seq = gp_db_column_get_int64 (stmt, 2);
  p->unit_id = gp_db_column_get_int64 (stmt, 3);
  p->region = gp_db_column_dup_text (stmt, 4);
  p->status = gp_db_column_dup_text (stmt, 5);
  p->stage = gp_db_column_dup_text (stmt, 6);
  p->name = gp_db_column_dup_text (stmt, 7);
  p->updated = gp_db_column_get_int64 (stmt, 8);
  p->deleted = gp_db_column_get_int64 (stmt, 9) != 0;
  p->json = gp_db_column_dup_text (stmt, 10);
  p->agency_uscc = gp_db_column_dup_text (stmt, 11);
  p->supplier_uscc = gp_db_column_dup_text (stmt, 12);
  return p;
}

static GpStoredProject *
gp_server_store_sqlite_get_project (GpServerStore  *store,
                                    const char     *id,
                                    GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db, "SELECT " PROJECT_COLUMNS " FROM project WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_text (stmt, 1, id);
  if (!gp_db_step_row (stmt, error))
    return NULL;
  return project_from_row (stmt);
}

static gboolean
gp_server_store_sqlite_put_project (GpServerStore    *store,
                                    GpStoredProject  *project,
                                    GError          **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Every write takes the next feed position. Writers are serialized by the write lock of the
   * surrounding transaction, so positions grow in commit order. */
  stmt = gp_db_prepare (self->db,
                        "INSERT INTO project (" PROJECT_COLUMNS ")"
                        " VALUES (?1, ?2, (SELECT coalesce (max (seq), 0) + 1 FROM project),"
                        "         ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                        " ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, seq = excluded.seq,"
                        "   unit_id = excluded.unit_id, region = excluded.region, status = excluded.status,"
                        "   stage = excluded.stage, name = excluded.name, updated = excluded.updated,"
                        "   deleted = excluded.deleted, json = excluded.json,"
                        "   agency_uscc = excluded.agency_uscc, supplier_uscc = excluded.supplier_uscc"
                        " RETURNING seq", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, project->id);
  gp_db_bind_int64 (stmt, 2, project->rev);
  gp_db_bind_int64 (stmt, 3, project->unit_id);
  gp_db_bind_text (stmt, 4, project->region);
  gp_db_bind_text (stmt, 5, project->status);
  gp_db_bind_text (stmt, 6, project->stage);
  gp_db_bind_text (stmt, 7, project->name);
  gp_db_bind_int64 (stmt, 8, project->updated);
  gp_db_bind_int64 (stmt, 9, project->deleted);
  gp_db_bind_text (stmt, 10, project->json);
  gp_db_bind_text (stmt, 11, project->agency_uscc);
  gp_db_bind_text (stmt, 12, project->supplier_uscc);

  if (!gp_db_step_row (stmt, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No feed position returned");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  project->seq = gp_db_column_get_int64 (stmt, 0);
  /* Finish the statement so that the write is complete before the caller commits. */
  gp_db_step_row (stmt, NULL);
  return TRUE;
}

static GPtrArray *
gp_server_store_sqlite_list_changes (GpServerStore      *store,
                                     const GpVisibility *visibility,
                                     gint64              since_seq,
                                     guint               limit,
                                     GError            **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_stored_project_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *region_end = NULL;
  const char *sql;

  /* One statement per kind of rule, each with an index that walks the feed in order:
   * (unit_id, seq), (agency_uscc, seq), (supplier_uscc, seq), or seq itself. */
#define FILTERS \
  "   AND (?3 = 0 OR status <> 'intent_draft')" \
  "   AND (?4 IS NULL OR (region >= ?4 AND region < ?5))"
  if (visibility->all)
    sql = "SELECT " PROJECT_COLUMNS " FROM project WHERE seq > ?1 ORDER BY seq LIMIT ?2";
  else if (visibility->unit_id != 0)
    sql = "SELECT " PROJECT_COLUMNS " FROM project WHERE unit_id = ?6 AND seq > ?1" FILTERS
          " ORDER BY seq LIMIT ?2";
  else if (visibility->agency_uscc != NULL)
    sql = "SELECT " PROJECT_COLUMNS " FROM project WHERE agency_uscc = ?7 AND seq > ?1" FILTERS
          " ORDER BY seq LIMIT ?2";
  else if (visibility->supplier_uscc != NULL)
    sql = "SELECT " PROJECT_COLUMNS " FROM project WHERE supplier_uscc = ?8 AND seq > ?1" FILTERS
          " ORDER BY seq LIMIT ?2";
  else
    sql = "SELECT " PROJECT_COLUMNS " FROM project WHERE seq > ?1" FILTERS " ORDER BY seq LIMIT ?2";
#undef FILTERS

  stmt = gp_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;

  /* Region codes are 6 ASCII digits: the prefix "4420" covers ["4420", "4420~"). */
  if (visibility->region_prefix != NULL)
    region_end = g_strconcat (visibility->region_prefix, "~", NULL);

  gp_db_bind_int64 (stmt, 1, since_seq);
  gp_db_bind_int64 (stmt, 2, limit);
  if (!visibility->all)
    {
      gp_db_bind_int64 (stmt, 3, visibility->exclude_drafts);
      gp_db_bind_text (stmt, 4, visibility->region_prefix);
      gp_db_bind_text (stmt, 5, region_end);
      if (visibility->unit_id != 0)
        gp_db_bind_int64 (stmt, 6, visibility->unit_id);
      else if (visibility->agency_uscc != NULL)
        gp_db_bind_text (stmt, 7, visibility->agency_uscc);
      else if (visibility->supplier_uscc != NULL)
        gp_db_bind_text (stmt, 8, visibility->supplier_uscc);
    }

  while (gp_db_step_row (stmt, &local_error))
    g_ptr_array_add (rows, project_from_row (stmt));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static GpIdempotentAnswer *
gp_server_store_sqlite_get_idempotent (GpServerStore  *store,
                                       gint64          account_id,
                                       const char     *key,
                                       GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  GpIdempotentAnswer *answer;

  stmt = gp_db_prepare (self->db,
                        "SELECT request_hash, status, body FROM idempotency WHERE account_id = ?1 AND key = ?2",
                        error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_int64 (stmt, 1, account_id);
  gp_db_bind_text (stmt, 2, key);
  if (!gp_db_step_row (stmt, error))
    return NULL;

  answer = g_new0 (GpIdempotentAnswer, 1);
  answer->request_hash = gp_db_column_dup_text (stmt, 0);
  answer->status = (guint) gp_db_column_get_int64 (stmt, 1);
  answer->body = gp_db_column_dup_text (stmt, 2);
  return answer;
}

static gboolean
gp_server_store_sqlite_put_idempotent (GpServerStore             *store,
                                       gint64                     account_id,
                                       const char                *key,
                                       const GpIdempotentAnswer  *answer,
                                       gint64                     now,
                                       GError                   **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "INSERT INTO idempotency (account_id, key, request_hash, status, body, created_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, account_id);
  gp_db_bind_text (stmt, 2, key);
  gp_db_bind_text (stmt, 3, answer->request_hash);
  gp_db_bind_int64 (stmt, 4, answer->status);
  gp_db_bind_text (stmt, 5, answer->body != NULL ? answer->body : "");
  gp_db_bind_int64 (stmt, 6, now);
  return gp_db_step_done (stmt, error);
}

static gboolean
gp_server_store_sqlite_add_notice (GpServerStore  *store,
                                   GpNotice       *notice,
                                   GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "INSERT INTO notice (project_id, code, type_name, region, title, purchaser, published)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, notice->project_id);
  gp_db_bind_text (stmt, 2, notice->code);
  gp_db_bind_text (stmt, 3, notice->type_name);
  gp_db_bind_text (stmt, 4, notice->region);
  gp_db_bind_text (stmt, 5, notice->title);
  gp_db_bind_text (stmt, 6, notice->purchaser);
  gp_db_bind_int64 (stmt, 7, notice->published);
  if (!gp_db_step_done (stmt, error))
    return FALSE;
  notice->id = gp_db_last_insert_rowid (self->db);
  return TRUE;
}

static GPtrArray *
gp_server_store_sqlite_list_notices (GpServerStore        *store,
                                     const GpNoticeQuery  *query,
                                     GError              **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_notice_free);
  g_autoptr(GError) local_error = NULL;

  stmt = gp_db_prepare (self->db,
                        "SELECT id, project_id, code, type_name, region, title, purchaser, published"
                        " FROM notice WHERE id > ?1"
                        "   AND (?2 IS NULL OR substr (region, 1, length (?2)) = ?2)"
                        "   AND (?3 IS NULL OR code = ?3)"
                        "   AND (?4 = 0 OR published >= ?4)"
                        "   AND (?5 = 0 OR published < ?5)"
                        " ORDER BY id LIMIT ?6", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_int64 (stmt, 1, query->after_id);
  gp_db_bind_text (stmt, 2, query->region_prefix);
  gp_db_bind_text (stmt, 3, query->code);
  gp_db_bind_int64 (stmt, 4, query->from);
  gp_db_bind_int64 (stmt, 5, query->to);
  gp_db_bind_int64 (stmt, 6, query->limit);

  while (gp_db_step_row (stmt, &local_error))
    {
      GpNotice *n = g_new0 (GpNotice, 1);

      n->id = gp_db_column_get_int64 (stmt, 0);
      n->project_id = gp_db_column_dup_text (stmt, 1);
      n->code = gp_db_column_dup_text (stmt, 2);
      n->type_name = gp_db_column_dup_text (stmt, 3);
      n->region = gp_db_column_dup_text (stmt, 4);
      n->title = gp_db_column_dup_text (stmt, 5);
      n->purchaser = gp_db_column_dup_text (stmt, 6);
      n->published = gp_db_column_get_int64 (stmt, 7);
      g_ptr_array_add (rows, n);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
gp_server_store_sqlite_put_registry (GpServerStore     *store,
                                     GpRegistryRecord  *record,
                                     gboolean          *created,
                                     GError           **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "SELECT json FROM registry_entry WHERE kind = ?1 AND id = ?2",
                                              error);
    if (stmt == NULL)
      return FALSE;
    gp_db_bind_text (stmt, 1, record->kind);
    gp_db_bind_text (stmt, 2, record->id);
    if (gp_db_step_row (stmt, &local_error))
      {
        exists = TRUE;
        /* Unchanged entries keep their feed position, so a re-import does not resend them. */
        if (g_strcmp0 (gp_db_column_get_text (stmt, 0), record->json) == 0 && !record->deleted)
          {
            *created = FALSE;
            return TRUE;
          }
      }
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "INSERT INTO registry_entry (kind, id, seq, name, code, deleted, json)"
                                              " VALUES (?1, ?2, (SELECT coalesce (max (seq), 0) + 1 FROM registry_entry),"
                                              "         ?3, ?4, ?5, ?6)"
                                              " ON CONFLICT (kind, id) DO UPDATE SET seq = excluded.seq,"
                                              "   name = excluded.name, code = excluded.code,"
                                              "   deleted = excluded.deleted, json = excluded.json"
                                              " RETURNING seq", error);
    if (stmt == NULL)
      return FALSE;
    gp_db_bind_text (stmt, 1, record->kind);
    gp_db_bind_text (stmt, 2, record->id);
    gp_db_bind_text (stmt, 3, record->name);
    gp_db_bind_text (stmt, 4, record->code);
    gp_db_bind_int64 (stmt, 5, record->deleted);
    gp_db_bind_text (stmt, 6, record->json);
    if (!gp_db_step_row (stmt, &local_error))
      {
        if (local_error == NULL)
          g_set_error_literal (&local_error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No feed position returned");
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
    record->seq = gp_db_column_get_int64 (stmt, 0);
    gp_db_step_row (stmt, NULL);
  }

  *created = !exists;
  return TRUE;
}

static GpRegistryRecord *
registry_from_row (GpDbStmt *stmt)
{
  GpRegistryRecord *r = g_new0 (GpRegistryRecord, 1);

  r->kind = gp_db_column_dup_text (stmt, 0);
  r->id = gp_db_column_dup_text (stmt, 1);
  r->seq = gp_db_column_get_int64 (stmt, 2);
  r->name = gp_db_column_dup_text (stmt, 3);
  r->code = gp_db_column_dup_text (stmt, 4);
  r->deleted = gp_db_column_get_int64 (stmt, 5) != 0;
  r->json = gp_db_column_dup_text (stmt, 6);
  return r;
}

static GPtrArray *
collect_registry (GpDbStmt  *stmt,
                  GError   **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_registry_record_free);
  g_autoptr(GError) local_error = NULL;

  while (gp_db_step_row (stmt, &local_error))
    g_ptr_array_add (rows, registry_from_row (stmt));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static GPtrArray *
gp_server_store_sqlite_list_registry (GpServerStore  *store,
                                      const char     *kind,
                                      gint64          since_seq,
                                      guint           limit,
                                      GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (self->db,
                        "SELECT kind, id, seq, name, code, deleted, json FROM registry_entry"
                        " WHERE kind = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  gp_db_bind_text (stmt, 1, kind);
  gp_db_bind_int64 (stmt, 2, since_seq);
  gp_db_bind_int64 (stmt, 3, limit);
  return collect_registry (stmt, error);
}

static GPtrArray *
gp_server_store_sqlite_search_registry (GpServerStore  *store,
                                        const char     *kind,
                                        const char     *query,
                                        guint           offset,
                                        guint           limit,
                                        guint          *total,
                                        GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);
  g_autoptr(GError) local_error = NULL;

  /* instr() rather than FTS: it finds 1 and 2 character Chinese words too (TOOLCHAIN-NOTES.md). */
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "SELECT count(*) FROM registry_entry WHERE kind = ?1 AND deleted = 0"
                                              " AND (?2 IS NULL OR instr (name, ?2) > 0 OR instr (code, ?2) > 0)",
                                              error);
    if (stmt == NULL)
      return NULL;
    gp_db_bind_text (stmt, 1, kind);
    gp_db_bind_text (stmt, 2, query);
    if (!gp_db_step_row (stmt, &local_error))
      {
        if (local_error == NULL)
          g_set_error_literal (&local_error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No count");
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
    *total = (guint) gp_db_column_get_int64 (stmt, 0);
  }

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db,
                                              "SELECT kind, id, seq, name, code, deleted, json FROM registry_entry"
                                              " WHERE kind = ?1 AND deleted = 0"
                                              " AND (?2 IS NULL OR instr (name, ?2) > 0 OR instr (code, ?2) > 0)"
                                              " ORDER BY name, id LIMIT ?3 OFFSET ?4", error);
    if (stmt == NULL)
      return NULL;
    gp_db_bind_text (stmt, 1, kind);
    gp_db_bind_text (stmt, 2, query);
    gp_db_bind_int64 (stmt, 3, limit);
    gp_db_bind_int64 (stmt, 4, offset);
    return collect_registry (stmt, error);
  }
}

static gboolean
gp_server_store_sqlite_purge (GpServerStore  *store,
                              gint64          idempotency_before,
                              gint64          sessions_idle_before,
                              GError        **error)
{
  GpServerStoreSqlite *self = GP_SERVER_STORE_SQLITE (store);

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db, "DELETE FROM idempotency WHERE created_at < ?1", error);
    if (stmt == NULL)
      return FALSE;
    gp_db_bind_int64 (stmt, 1, idempotency_before);
    if (!gp_db_step_done (stmt, error))
      return FALSE;
  }
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self->db, "DELETE FROM session WHERE last_used_at < ?1", error);
    if (stmt == NULL)
      return FALSE;
    gp_db_bind_int64 (stmt, 1, sessions_idle_before);
    if (!gp_db_step_done (stmt, error))
      return FALSE;
  }
  return TRUE;
}

static void
store_iface_init (GpServerStoreInterface *iface)
{
  iface->get_schema_version = gp_server_store_sqlite_get_schema_version;
  iface->check = gp_server_store_sqlite_check;
  iface->close = gp_server_store_sqlite_close;
  iface->begin = gp_server_store_sqlite_begin;
  iface->commit = gp_server_store_sqlite_commit;
  iface->rollback = gp_server_store_sqlite_rollback;
  iface->ensure_unit = gp_server_store_sqlite_ensure_unit;
  iface->add_account = gp_server_store_sqlite_add_account;
  iface->lookup_account = gp_server_store_sqlite_lookup_account;
  iface->set_login_failures = gp_server_store_sqlite_set_login_failures;
  iface->list_accounts = gp_server_store_sqlite_list_accounts;
  iface->reset_password = gp_server_store_sqlite_reset_password;
  iface->set_password = gp_server_store_sqlite_set_password;
  iface->create_session = gp_server_store_sqlite_create_session;
  iface->lookup_session = gp_server_store_sqlite_lookup_session;
  iface->touch_session = gp_server_store_sqlite_touch_session;
  iface->delete_session = gp_server_store_sqlite_delete_session;
  iface->append_audit = gp_server_store_sqlite_append_audit;
  iface->list_audit = gp_server_store_sqlite_list_audit;
  iface->get_project = gp_server_store_sqlite_get_project;
  iface->put_project = gp_server_store_sqlite_put_project;
  iface->list_changes = gp_server_store_sqlite_list_changes;
  iface->get_idempotent = gp_server_store_sqlite_get_idempotent;
  iface->put_idempotent = gp_server_store_sqlite_put_idempotent;
  iface->add_notice = gp_server_store_sqlite_add_notice;
  iface->list_notices = gp_server_store_sqlite_list_notices;
  iface->put_registry = gp_server_store_sqlite_put_registry;
  iface->list_registry = gp_server_store_sqlite_list_registry;
  iface->search_registry = gp_server_store_sqlite_search_registry;
  iface->purge = gp_server_store_sqlite_purge;
}

static void
gp_server_store_sqlite_finalize (GObject *object)
{
  GpServerStoreSqlite *self = (GpServerStoreSqlite *)object;

  stop_checkpointer (self);
  g_clear_object (&self->db);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

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
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
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
  self->path = g_strdup (path);
  self->db = gp_db_open (path, error);
  if (self->db == NULL)
    return NULL;

  if (!gp_db_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error))
    return NULL;

  return GP_SERVER_STORE (g_steal_pointer (&self));
}
