/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-db.c: a small sqlite3 wrapper shared by the app's store and the server's store.
 *
 * A GpDb is one SQLite connection, used by one thread at a time (the store's owner thread, or the
 * server's main loop). It holds a cache of prepared statements keyed by their SQL text, counts nested
 * transactions (the outer one BEGIN IMMEDIATE, inner ones SAVEPOINTs) and applies numbered migrations
 * tracked in PRAGMA user_version.
 */
#include "config.h"

#include "gp-db.h"

#define GP_DB_BUSY_TIMEOUT_MS 5000

/* A thread with a connection of its own that copies the WAL into the database file while the
 * owner of the GpDb goes on writing (gp_db_checkpoint_in_background()). */
typedef struct {
  GThread  *thread;
  char     *path;
  GMutex    lock;
  GCond     cond;
  guint     threshold;   /* frames in the WAL that start a checkpoint */
  guint     frames;      /* in the WAL after the last commit; 0 once handed to the thread */
  gboolean  stopping;
} Checkpointer;

struct _GpDb
{
  GObject parent_instance;

  /* Owned references */
  sqlite3      *handle;
  char         *path;
  GHashTable   *stmt_cache; /* SQL text → sqlite3_stmt */
  Checkpointer *checkpointer;

  guint         transaction_depth;
};

G_DEFINE_FINAL_TYPE (GpDb, gp_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (gp-db-error-quark, gp_db_error)

GpDbError
gp_db_error_from_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GP_DB_ERROR_BUSY;
    case SQLITE_CONSTRAINT:
      return GP_DB_ERROR_CONSTRAINT;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GP_DB_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return GP_DB_ERROR_READ_ONLY;
    case SQLITE_FULL:
      return GP_DB_ERROR_FULL;
    case SQLITE_CANTOPEN:
      return GP_DB_ERROR_CANT_OPEN;
    case SQLITE_IOERR:
      return GP_DB_ERROR_IO;
    case SQLITE_INTERRUPT:
      return GP_DB_ERROR_INTERRUPTED;
    case SQLITE_MISUSE:
      return GP_DB_ERROR_MISUSE;
    case SQLITE_TOOBIG:
      return GP_DB_ERROR_TOO_BIG;
    default:
      return GP_DB_ERROR_FAILED;
    }
}

static void
set_error_from_handle (GError  **error,
                       sqlite3  *handle,
                       int       rc,
                       const char *context)
{
  const char *msg = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);
  int code = rc;

  if (handle != NULL && (sqlite3_extended_errcode (handle) & 0xff) == (rc & 0xff))
    code = sqlite3_extended_errcode (handle);

  if (context != NULL)
    g_set_error (error, GP_DB_ERROR, gp_db_error_from_sqlite (code),
                 "%s: %s (SQLite code %d)", context, msg, code);
  else
    g_set_error (error, GP_DB_ERROR, gp_db_error_from_sqlite (code),
                 "%s (SQLite code %d)", msg, code);
}

static gboolean
check_open (GpDb    *self,
            GError **error)
{
  if (self->handle == NULL)
    {
      g_set_error_literal (error, GP_DB_ERROR, GP_DB_ERROR_MISUSE, "The database is closed");
      return FALSE;
    }
  return TRUE;
}

static void
gp_db_finalize (GObject *object)
{
  GpDb *self = (GpDb *)object;

  if (self->handle != NULL)
    gp_db_close (self, NULL);

  g_clear_pointer (&self->stmt_cache, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (gp_db_parent_class)->finalize (object);
}

static void
gp_db_class_init (GpDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gp_db_finalize;
}

static void
gp_db_init (GpDb *self)
{
  self->stmt_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/**
 * gp_db_open:
 * @path: a file name, or ":memory:"
 * @error: return location for a #GP_DB_ERROR
 *
 * Opens (creating if needed) the database at @path with foreign keys on, WAL journaling (file
 * databases only), synchronous=NORMAL and a busy timeout.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
GpDb *
gp_db_open (const char  *path,
            GError     **error)
{
  static gsize memstatus_once = 0;
  g_autoptr(GpDb) self = NULL;
  g_autofree char *mode = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Before SQLite's first use in the process: no global memory statistics, whose mutex every
   * allocation of every connection took (a few per cent of a feed page). If something else
   * initialised SQLite first, this is refused and changes nothing. */
  if (g_once_init_enter (&memstatus_once))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&memstatus_once, 1);
    }

  self = g_object_new (GP_TYPE_DB, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *context = g_strdup_printf ("Cannot open database “%s”", path);

      set_error_from_handle (error, self->handle, rc, context);
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, GP_DB_BUSY_TIMEOUT_MS);

  /* Reading a damaged or foreign file fails here, at the first statement. */
  mode = gp_db_dup_journal_mode (self, error);
  if (mode == NULL)
    return NULL;

  if (g_strcmp0 (path, ":memory:") != 0 && g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_autoptr(GpDbStmt) stmt = gp_db_prepare (self, "PRAGMA journal_mode=WAL", error);

      if (stmt == NULL || !gp_db_step_row (stmt, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, GP_DB_ERROR, GP_DB_ERROR_FAILED,
                                 "Cannot switch the database to WAL mode");
          return NULL;
        }
    }

  if (!gp_db_exec (self,
                   "PRAGMA foreign_keys=ON;"
                   "PRAGMA synchronous=NORMAL;",
                   error))
    return NULL;

  return g_steal_pointer (&self);
}

static gpointer
checkpointer_main (gpointer data)
{
  Checkpointer *c = data;
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (c->path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (handle, 1000);
      /* Until a connection has read the file it does not know it is in WAL mode, and its
       * checkpoints do nothing. */
      rc = sqlite3_exec (handle, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    g_warning ("The background checkpoints of “%s” cannot start: %s", c->path,
               handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));

  g_mutex_lock (&c->lock);
  while (!c->stopping)
    {
      if (c->frames < c->threshold)
        {
          g_cond_wait (&c->cond, &c->lock);
          continue;
        }
      c->frames = 0;
      g_mutex_unlock (&c->lock);

      /* PASSIVE waits for nobody: the writer goes on appending, and starts the WAL over at its next
       * transaction once all of it is in the database file. */
      if (rc == SQLITE_OK)
        {
          int ck = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

          if (ck != SQLITE_OK && ck != SQLITE_BUSY)
            g_warning ("A background checkpoint of “%s” failed: %s", c->path, sqlite3_errmsg (handle));
        }

      g_mutex_lock (&c->lock);
    }
  g_mutex_unlock (&c->lock);

  sqlite3_close_v2 (handle);
  return NULL;
}

/* After every commit on the owner's thread, with the number of frames now in the WAL. */
static int
wal_hook_cb (void       *data,
             sqlite3    *handle,
             const char *db_name,
             int         frames)
{
  Checkpointer *c = data;

  /* The thread cannot keep up (or cannot checkpoint at all): the writer does it, as SQLite would. */
  if ((guint) frames >= c->threshold * 8)
    {
      sqlite3_wal_checkpoint_v2 (handle, db_name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }

  if ((guint) frames >= c->threshold)
    {
      g_mutex_lock (&c->lock);
      c->frames = (guint) frames;
      g_cond_signal (&c->cond);
      g_mutex_unlock (&c->lock);
    }
  return SQLITE_OK;
}

static void
checkpointer_stop (GpDb *self)
{
  Checkpointer *c = g_steal_pointer (&self->checkpointer);

  if (c == NULL)
    return;

  if (self->handle != NULL)
    sqlite3_wal_hook (self->handle, NULL, NULL);

  g_mutex_lock (&c->lock);
  c->stopping = TRUE;
  g_cond_signal (&c->cond);
  g_mutex_unlock (&c->lock);
  g_thread_join (c->thread);

  g_mutex_clear (&c->lock);
  g_cond_clear (&c->cond);
  g_free (c->path);
  g_free (c);
}

/**
 * gp_db_checkpoint_in_background:
 * @self: a #GpDb of a file in WAL mode
 * @frames: how many frames in the WAL start a checkpoint (SQLite's own default is 1000)
 *
 * Moves the WAL checkpoints off the connection's thread: instead of the commit that takes the WAL
 * past @frames copying it into the database file (and syncing both), a thread with a connection of
 * its own does, while the owner goes on. If the WAL still grows to 8 × @frames, the committing
 * thread checkpoints after all. Stopped by gp_db_close(). Durability is unchanged: a checkpoint only
 * moves what is already committed in the WAL.
 */
void
gp_db_checkpoint_in_background (GpDb  *self,
                                guint  frames)
{
  Checkpointer *c;

  g_return_if_fail (GP_IS_DB (self));
  g_return_if_fail (self->handle != NULL);
  g_return_if_fail (frames > 0);

  if (self->checkpointer != NULL || g_strcmp0 (self->path, ":memory:") == 0)
    return;

  c = g_new0 (Checkpointer, 1);
  c->path = g_strdup (self->path);
  c->threshold = frames;
  g_mutex_init (&c->lock);
  g_cond_init (&c->cond);
  c->thread = g_thread_new ("gp-checkpoint", checkpointer_main, c);
  self->checkpointer = c;

  /* Replaces SQLite's automatic checkpoints (themselves a WAL hook). */
  sqlite3_wal_hook (self->handle, wal_hook_cb, c);
}

/**
 * gp_db_close:
 * @self: a #GpDb
 * @error: return location for a #GP_DB_ERROR
 *
 * Finalizes the cached statements and closes the connection. Any open transaction is rolled back.
 * Closing twice is harmless.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_db_close (GpDb    *self,
             GError **error)
{
  int rc;

  g_return_val_if_fail (GP_IS_DB (self), FALSE);

  if (self->handle == NULL)
    return TRUE;

  checkpointer_stop (self);
  g_hash_table_remove_all (self->stmt_cache);

  if (self->transaction_depth > 0)
    {
      sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      self->transaction_depth = 0;
    }

  rc = sqlite3_close_v2 (self->handle);
  self->handle = NULL;

  if (rc != SQLITE_OK)
    {
      set_error_from_handle (error, NULL, rc, "Cannot close the database");
      return FALSE;
    }

  return TRUE;
}

gboolean
gp_db_is_open (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), FALSE);

  return self->handle != NULL;
}

const char *
gp_db_get_path (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), NULL);

  return self->path;
}

/**
 * gp_db_get_handle:
 * @self: a #GpDb
 *
 * Returns: (transfer none) (nullable): the raw connection, %NULL once closed
 */
sqlite3 *
gp_db_get_handle (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), NULL);

  return self->handle;
}

/**
 * gp_db_exec:
 * @self: a #GpDb
 * @sql: one or more SQL statements without parameters
 * @error: return location for a #GP_DB_ERROR
 *
 * Runs @sql, e.g. a schema migration. Never pass values in @sql: use gp_db_prepare() and bind them.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_db_exec (GpDb        *self,
            const char  *sql,
            GError     **error)
{
  char *errmsg = NULL;
  int rc;

  g_return_val_if_fail (GP_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, &errmsg);
  if (rc != SQLITE_OK)
    {
      int code = sqlite3_extended_errcode (self->handle);

      if ((code & 0xff) != (rc & 0xff))
        code = rc;
      g_set_error (error, GP_DB_ERROR, gp_db_error_from_sqlite (code),
                   "%s (SQLite code %d)", errmsg != NULL ? errmsg : sqlite3_errstr (rc), code);
      sqlite3_free (errmsg);
      return FALSE;
    }

  return TRUE;
}

/**
 * gp_db_prepare:
 * @self: a #GpDb
 * @sql: one SQL statement, with `?` or `?NNN` parameters
 * @error: return location for a #GP_DB_ERROR
 *
 * Returns the cached statement for @sql, preparing it the first time. The statement is reset and its
 * bindings cleared. It belongs to the cache: hold it in a g_autoptr(GpDbStmt) so that it is reset when
 * done, and never finalize it. The same SQL text cannot be in use twice at once.
 *
 * Returns: (transfer none): the statement, or %NULL with @error set
 */
GpDbStmt *
gp_db_prepare (GpDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt;
  const char *tail = NULL;
  int rc;

  g_return_val_if_fail (GP_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  stmt = g_hash_table_lookup (self->stmt_cache, sql);
  if (stmt != NULL)
    {
      if (sqlite3_stmt_busy (stmt))
        {
          g_set_error (error, GP_DB_ERROR, GP_DB_ERROR_MISUSE,
                       "Statement already in use: %s", sql);
          return NULL;
        }
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK)
    {
      set_error_from_handle (error, self->handle, rc, NULL);
      return NULL;
    }

  if (stmt == NULL)
    {
      g_set_error (error, GP_DB_ERROR, GP_DB_ERROR_MISUSE, "Empty SQL statement");
      return NULL;
    }

  if (tail != NULL && *tail != '\0')
    {
      while (g_ascii_isspace (*tail) || *tail == ';')
        tail++;
      if (*tail != '\0')
        {
          sqlite3_finalize (stmt);
          g_set_error (error, GP_DB_ERROR, GP_DB_ERROR_MISUSE,
                       "More than one statement passed to gp_db_prepare(): %s", sql);
          return NULL;
        }
    }

  g_hash_table_insert (self->stmt_cache, g_strdup (sql), stmt);

  return stmt;
}

guint
gp_db_get_cache_size (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), 0);

  return g_hash_table_size (self->stmt_cache);
}

/**
 * gp_db_stmt_release:
 * @stmt: (nullable): a statement from gp_db_prepare()
 *
 * Resets @stmt and clears its bindings, handing it back to the cache.
 */
void
gp_db_stmt_release (GpDbStmt *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
check_bind (GpDbStmt *stmt,
            int       rc,
            int       index)
{
  if G_UNLIKELY (rc != SQLITE_OK)
    g_critical ("Cannot bind parameter %d of “%s”: %s",
                index, sqlite3_sql (stmt), sqlite3_errstr (rc));
}

/**
 * gp_db_bind_text:
 * @stmt: a statement
 * @index: the 1-based parameter index
 * @value: (nullable): the text, copied; %NULL binds SQL NULL
 */
void
gp_db_bind_text (GpDbStmt   *stmt,
                 int         index,
                 const char *value)
{
  g_return_if_fail (stmt != NULL);

  if (value == NULL)
    check_bind (stmt, sqlite3_bind_null (stmt, index), index);
  else
    check_bind (stmt, sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT), index);
}

void
gp_db_bind_int64 (GpDbStmt *stmt,
                  int       index,
                  gint64    value)
{
  g_return_if_fail (stmt != NULL);

  check_bind (stmt, sqlite3_bind_int64 (stmt, index, value), index);
}

void
gp_db_bind_double (GpDbStmt *stmt,
                   int       index,
                   double    value)
{
  g_return_if_fail (stmt != NULL);

  check_bind (stmt, sqlite3_bind_double (stmt, index, value), index);
}

void
gp_db_bind_blob (GpDbStmt   *stmt,
                 int         index,
                 const void *data,
                 gsize       len)
{
  g_return_if_fail (stmt != NULL);
  g_return_if_fail (len <= G_MAXINT);

  if (data == NULL)
    check_bind (stmt, sqlite3_bind_null (stmt, index), index);
  else
    check_bind (stmt, sqlite3_bind_blob (stmt, index, data, (int) len, SQLITE_TRANSIENT), index);
}

void
gp_db_bind_null (GpDbStmt *stmt,
                 int       index)
{
  g_return_if_fail (stmt != NULL);

  check_bind (stmt, sqlite3_bind_null (stmt, index), index);
}

/**
 * gp_db_step_row:
 * @stmt: a statement
 * @error: return location for a #GP_DB_ERROR
 *
 * Steps @stmt. Use it as `while (gp_db_step_row (stmt, &error)) { … } if (error != NULL) …`.
 * When the statement ends or fails it is reset.
 *
 * Returns: %TRUE if a row is available, %FALSE when done or on error
 */
gboolean
gp_db_step_row (GpDbStmt  *stmt,
                GError   **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc != SQLITE_DONE)
    set_error_from_handle (error, sqlite3_db_handle (stmt), rc, NULL);

  sqlite3_reset (stmt);
  return FALSE;
}

/**
 * gp_db_step_done:
 * @stmt: a statement that returns no rows (INSERT, UPDATE, DELETE)
 * @error: return location for a #GP_DB_ERROR
 *
 * Runs @stmt to completion and resets it.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_db_step_done (GpDbStmt  *stmt,
                 GError   **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);

  if (rc != SQLITE_DONE)
    {
      set_error_from_handle (error, sqlite3_db_handle (stmt), rc, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

char *
gp_db_column_dup_text (GpDbStmt *stmt,
                       int       column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

const char *
gp_db_column_get_text (GpDbStmt *stmt,
                       int       column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  return (const char *) sqlite3_column_text (stmt, column);
}

gint64
gp_db_column_get_int64 (GpDbStmt *stmt,
                        int       column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  return sqlite3_column_int64 (stmt, column);
}

gboolean
gp_db_column_is_null (GpDbStmt *stmt,
                      int       column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);

  return sqlite3_column_type (stmt, column) == SQLITE_NULL;
}

gint64
gp_db_changes (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), 0);
  g_return_val_if_fail (self->handle != NULL, 0);

  return sqlite3_changes64 (self->handle);
}

gint64
gp_db_last_insert_rowid (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), 0);
  g_return_val_if_fail (self->handle != NULL, 0);

  return sqlite3_last_insert_rowid (self->handle);
}

/* Runs one statement that returns no rows through the statement cache: transaction control runs for
 * every write (a group commit takes a savepoint per request), and sqlite3_exec() would parse it
 * each time. */
static gboolean
exec_cached (GpDb        *self,
             const char  *sql,
             GError     **error)
{
  GpDbStmt *stmt = gp_db_prepare (self, sql, error);

  return stmt != NULL && gp_db_step_done (stmt, error);
}

/**
 * gp_db_begin:
 * @self: a #GpDb
 * @error: return location for a #GP_DB_ERROR
 *
 * Starts a transaction: BEGIN IMMEDIATE at the outer level (so the write lock is taken at once and a
 * concurrent writer waits up to the busy timeout rather than failing at commit), a SAVEPOINT inside
 * another transaction. Pair every successful call with gp_db_commit() or gp_db_rollback().
 *
 * Returns: %TRUE on success
 */
gboolean
gp_db_begin (GpDb    *self,
             GError **error)
{
  g_return_val_if_fail (GP_IS_DB (self), FALSE);

  if (!check_open (self, error))
    return FALSE;

  if (self->transaction_depth == 0)
    {
      if (!exec_cached (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      char sql[64];

      g_snprintf (sql, sizeof sql, "SAVEPOINT gp_sp_%u", self->transaction_depth);
      if (!exec_cached (self, sql, error))
        return FALSE;
    }

  self->transaction_depth++;
  return TRUE;
}

gboolean
gp_db_commit (GpDb    *self,
              GError **error)
{
  g_return_val_if_fail (GP_IS_DB (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (!check_open (self, error))
    return FALSE;

  if (self->transaction_depth == 1)
    {
      /* A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open: the caller rolls back. */
      if (!exec_cached (self, "COMMIT", error))
        return FALSE;
    }
  else
    {
      char sql[64];

      g_snprintf (sql, sizeof sql, "RELEASE gp_sp_%u", self->transaction_depth - 1);
      if (!exec_cached (self, sql, error))
        return FALSE;
    }

  self->transaction_depth--;
  return TRUE;
}

gboolean
gp_db_rollback (GpDb    *self,
                GError **error)
{
  gboolean ret;

  g_return_val_if_fail (GP_IS_DB (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (!check_open (self, error))
    return FALSE;

  if (self->transaction_depth == 1)
    {
      /* SQLite may already have rolled back on its own (e.g. after SQLITE_FULL). */
      if (sqlite3_get_autocommit (self->handle))
        ret = TRUE;
      else
        ret = exec_cached (self, "ROLLBACK", error);
    }
  else
    {
      char sql[64];

      g_snprintf (sql, sizeof sql, "ROLLBACK TO gp_sp_%u", self->transaction_depth - 1);
      ret = exec_cached (self, sql, error);
      g_snprintf (sql, sizeof sql, "RELEASE gp_sp_%u", self->transaction_depth - 1);
      ret = ret && exec_cached (self, sql, error);
    }

  self->transaction_depth--;
  return ret;
}

guint
gp_db_get_transaction_depth (GpDb *self)
{
  g_return_val_if_fail (GP_IS_DB (self), 0);

  return self->transaction_depth;
}

/**
 * gp_db_get_schema_version:
 * @self: a #GpDb
 * @version: (out): the value of PRAGMA user_version
 * @error: return location for a #GP_DB_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
gp_db_get_schema_version (GpDb     *self,
                          guint    *version,
                          GError  **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;
  gint64 value;

  g_return_val_if_fail (GP_IS_DB (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  stmt = gp_db_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;

  if (!gp_db_step_row (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No schema version");
      return FALSE;
    }

  value = sqlite3_column_int64 (stmt, 0);
  *version = (guint) CLAMP (value, 0, G_MAXUINT);
  return TRUE;
}

/**
 * gp_db_migrate:
 * @self: a #GpDb
 * @migrations: (array length=n_migrations): SQL scripts; @migrations[i] takes the schema from
 *   version i to version i + 1
 * @n_migrations: the number of scripts, i.e. the newest schema version
 * @error: return location for a #GP_DB_ERROR
 *
 * Applies the migrations the file has not seen yet, each in its own transaction together with the
 * new PRAGMA user_version. A failing migration is rolled back and leaves the version where the last
 * successful one put it. A file newer than @n_migrations is refused with
 * %GP_DB_ERROR_SCHEMA_TOO_NEW.
 *
 * Returns: %TRUE when the schema is at version @n_migrations
 */
gboolean
gp_db_migrate (GpDb              *self,
               const char *const *migrations,
               guint              n_migrations,
               GError           **error)
{
  guint version = 0;

  g_return_val_if_fail (GP_IS_DB (self), FALSE);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, FALSE);
  g_return_val_if_fail (self->transaction_depth == 0, FALSE);

  if (!gp_db_get_schema_version (self, &version, error))
    return FALSE;

  if (version > n_migrations)
    {
      g_set_error (error, GP_DB_ERROR, GP_DB_ERROR_SCHEMA_TOO_NEW,
                   "The database “%s” has schema version %u, newer than this program’s %u",
                   self->path, version, n_migrations);
      return FALSE;
    }

  for (guint i = version; i < n_migrations; i++)
    {
      g_autoptr(GError) local_error = NULL;
      /* PRAGMA takes no bound parameters; the value is our own loop counter. */
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      g_return_val_if_fail (migrations[i] != NULL, FALSE);

      if (!gp_db_begin (self, error))
        return FALSE;

      if (!gp_db_exec (self, migrations[i], &local_error) ||
          !gp_db_exec (self, set_version, &local_error) ||
          !gp_db_commit (self, &local_error))
        {
          gp_db_rollback (self, NULL);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Migration to schema version %u failed: ", i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * gp_db_integrity_check:
 * @self: a #GpDb
 * @error: return location for a #GP_DB_ERROR
 *
 * Runs PRAGMA integrity_check and PRAGMA foreign_key_check.
 *
 * Returns: %TRUE when the database is sound, else %FALSE with %GP_DB_ERROR_CORRUPT (or the error that
 *   stopped the check)
 */
gboolean
gp_db_integrity_check (GpDb    *self,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);

  g_return_val_if_fail (GP_IS_DB (self), FALSE);

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self, "PRAGMA integrity_check", error);

    if (stmt == NULL)
      return FALSE;

    while (gp_db_step_row (stmt, &local_error))
      {
        const char *line = gp_db_column_get_text (stmt, 0);

        if (g_strcmp0 (line, "ok") != 0)
          g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
      }
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (self, "PRAGMA foreign_key_check", error);

    if (stmt == NULL)
      return FALSE;

    while (gp_db_step_row (stmt, &local_error))
      g_string_append_printf (problems, "%sforeign key violation in table %s, row %" G_GINT64_FORMAT,
                              problems->len ? "; " : "",
                              gp_db_column_get_text (stmt, 0),
                              gp_db_column_get_int64 (stmt, 1));
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }

  if (problems->len > 0)
    {
      g_set_error (error, GP_DB_ERROR, GP_DB_ERROR_CORRUPT,
                   "The database “%s” failed its integrity check: %s", self->path, problems->str);
      return FALSE;
    }

  return TRUE;
}

/**
 * gp_db_dup_journal_mode:
 * @self: a #GpDb
 * @error: return location for a #GP_DB_ERROR
 *
 * Returns: (transfer full): the journal mode in lower case ("wal", "memory", …), or %NULL on error
 */
char *
gp_db_dup_journal_mode (GpDb    *self,
                        GError **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;

  g_return_val_if_fail (GP_IS_DB (self), NULL);

  stmt = gp_db_prepare (self, "PRAGMA journal_mode", error);
  if (stmt == NULL)
    return NULL;

  if (!gp_db_step_row (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No journal mode");
      return NULL;
    }

  return g_ascii_strdown (gp_db_column_get_text (stmt, 0), -1);
}
