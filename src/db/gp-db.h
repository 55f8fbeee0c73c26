/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-db.h: a small sqlite3 wrapper shared by the app's store and the server's store.
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define GP_DB_ERROR (gp_db_error_quark ())

/**
 * GpDbError:
 * @GP_DB_ERROR_FAILED: any other SQLite failure (SQLITE_ERROR and the codes not listed here).
 * @GP_DB_ERROR_BUSY: the database is locked by another connection (SQLITE_BUSY, SQLITE_LOCKED).
 * @GP_DB_ERROR_CONSTRAINT: a UNIQUE, CHECK, NOT NULL or FOREIGN KEY constraint failed.
 * @GP_DB_ERROR_CORRUPT: the file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB).
 * @GP_DB_ERROR_READ_ONLY: the database cannot be written (SQLITE_READONLY, SQLITE_PERM).
 * @GP_DB_ERROR_FULL: the disk is full (SQLITE_FULL).
 * @GP_DB_ERROR_CANT_OPEN: the file cannot be opened (SQLITE_CANTOPEN).
 * @GP_DB_ERROR_IO: a disk I/O error (SQLITE_IOERR).
 * @GP_DB_ERROR_INTERRUPTED: the operation was interrupted (SQLITE_INTERRUPT).
 * @GP_DB_ERROR_MISUSE: the API was used wrongly (SQLITE_MISUSE, a closed database, a busy statement).
 * @GP_DB_ERROR_TOO_BIG: a string or blob is too large (SQLITE_TOOBIG).
 * @GP_DB_ERROR_SCHEMA_TOO_NEW: the file was written by a newer program than this one.
 *
 * Error codes of the #GP_DB_ERROR domain. SQLite result codes map onto them by their primary code.
 */
typedef enum {
  GP_DB_ERROR_FAILED,
  GP_DB_ERROR_BUSY,
  GP_DB_ERROR_CONSTRAINT,
  GP_DB_ERROR_CORRUPT,
  GP_DB_ERROR_READ_ONLY,
  GP_DB_ERROR_FULL,
  GP_DB_ERROR_CANT_OPEN,
  GP_DB_ERROR_IO,
  GP_DB_ERROR_INTERRUPTED,
  GP_DB_ERROR_MISUSE,
  GP_DB_ERROR_TOO_BIG,
  GP_DB_ERROR_SCHEMA_TOO_NEW,
} GpDbError;

GQuark gp_db_error_quark (void);

GpDbError gp_db_error_from_sqlite (int rc);

/* A statement handed out by gp_db_prepare(). It is owned by the database's cache: never finalize it.
 * Declare it with g_autoptr(GpDbStmt) so that it is reset (and its bindings cleared) when it goes out of
 * scope; a statement left mid-row would otherwise keep a read transaction open. */
typedef sqlite3_stmt GpDbStmt;

void gp_db_stmt_release (GpDbStmt *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpDbStmt, gp_db_stmt_release)

#define GP_TYPE_DB (gp_db_get_type ())

G_DECLARE_FINAL_TYPE (GpDb, gp_db, GP, DB, GObject)

GpDb       *gp_db_open                 (const char          *path,
                                        GError             **error);
gboolean    gp_db_close                (GpDb                *self,
                                        GError             **error);
void        gp_db_checkpoint_in_background (GpDb             *self,
                                            guint             frames);
gboolean    gp_db_is_open              (GpDb                *self);
const char *gp_db_get_path             (GpDb                *self);
sqlite3    *gp_db_get_handle           (GpDb                *self);

gboolean    gp_db_exec                 (GpDb                *self,
                                        const char          *sql,
                                        GError             **error);
GpDbStmt   *gp_db_prepare              (GpDb                *self,
                                        const char          *sql,
                                        GError             **error);
guint       gp_db_get_cache_size       (GpDb                *self);

void        gp_db_bind_text            (GpDbStmt            *stmt,
                                        int                  index,
                                        const char          *value);
void        gp_db_bind_int64           (GpDbStmt            *stmt,
                                        int                  index,
                                        gint64               value);
void        gp_db_bind_double          (GpDbStmt            *stmt,
                                        int                  index,
                                        double               value);
void        gp_db_bind_blob            (GpDbStmt            *stmt,
                                        int                  index,
                                        const void          *data,
                                        gsize                len);
void        gp_db_bind_null            (GpDbStmt            *stmt,
                                        int                  index);

gboolean    gp_db_step_row             (GpDbStmt            *stmt,
                                        GError             **error);
gboolean    gp_db_step_done            (GpDbStmt            *stmt,
                                        GError             **error);

char       *gp_db_column_dup_text      (GpDbStmt            *stmt,
                                        int                  column) G_GNUC_WARN_UNUSED_RESULT;
const char *gp_db_column_get_text      (GpDbStmt            *stmt,
                                        int                  column);
gint64      gp_db_column_get_int64     (GpDbStmt            *stmt,
                                        int                  column);
gboolean    gp_db_column_is_null       (GpDbStmt            *stmt,
                                        int                  column);

gint64      gp_db_changes              (GpDb                *self);
gint64      gp_db_last_insert_rowid    (GpDb                *self);

gboolean    gp_db_begin                (GpDb                *self,
                                        GError             **error);
gboolean    gp_db_commit               (GpDb                *self,
                                        GError             **error);
gboolean    gp_db_rollback             (GpDb                *self,
                                        GError             **error);
guint       gp_db_get_transaction_depth (GpDb               *self);

gboolean    gp_db_migrate              (GpDb                *self,
                                        const char *const   *migrations,
                                        guint                n_migrations,
                                        GError             **error);
gboolean    gp_db_get_schema_version   (GpDb                *self,
                                        guint               *version,
                                        GError             **error);
gboolean    gp_db_integrity_check      (GpDb                *self,
                                        GError             **error);
char       *gp_db_dup_journal_mode     (GpDb                *self,
                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
