/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-db.c: the sqlite3 wrapper on temporary files (migrations, errors, WAL, transactions).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gp-db.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gp-test-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static const char *const migrations[] = {
  "CREATE TABLE unit (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);",
  "CREATE TABLE project (id INTEGER PRIMARY KEY,"
  "  unit_id INTEGER NOT NULL REFERENCES unit (id),"
  "  name TEXT NOT NULL);"
  "INSERT INTO unit (code, name) VALUES ('000', 'seed');",
};

static gint64
count_rows (GpDb       *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_true (gp_db_step_row (stmt, &error));
  g_assert_no_error (error);
  return gp_db_column_get_int64 (stmt, 0);
}

static void
test_migrations_apply_once (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint version = 99;

  {
    g_autoptr(GpDb) db = gp_db_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_true (gp_db_get_schema_version (db, &version, &error));
    g_assert_cmpuint (version, ==, 0);

    g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
    g_assert_no_error (error);
    g_assert_true (gp_db_get_schema_version (db, &version, &error));
    g_assert_cmpuint (version, ==, 2);
    g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 1);

    /* Running them again on the same connection changes nothing. */
    g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 1);
  }

  /* Nor after reopening the file. */
  {
    g_autoptr(GpDb) db = gp_db_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
    g_assert_no_error (error);
    g_assert_true (gp_db_get_schema_version (db, &version, &error));
    g_assert_cmpuint (version, ==, 2);
    g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 1);
  }
}

static void
test_migrations_apply_only_new_ones (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);
  guint version = 0;

  g_assert_no_error (error);
  g_assert_true (gp_db_migrate (db, migrations, 1, &error));
  g_assert_no_error (error);
  g_assert_true (gp_db_get_schema_version (db, &version, &error));
  g_assert_cmpuint (version, ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 0);

  g_assert_true (gp_db_migrate (db, migrations, 2, &error));
  g_assert_no_error (error);
  g_assert_true (gp_db_get_schema_version (db, &version, &error));
  g_assert_cmpuint (version, ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 1);
}

static void
test_failing_migration_rolls_back (Fixture       *f,
                                   gconstpointer  data)
{
  static const char *const broken[] = {
    "CREATE TABLE a (x INTEGER);",
    "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1); THIS IS NOT SQL;",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);
  guint version = 0;

  g_assert_no_error (error);
  g_assert_false (gp_db_migrate (db, broken, G_N_ELEMENTS (broken), &error));
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "schema version 2"));
  g_clear_error (&error);

  g_assert_true (gp_db_get_schema_version (db, &version, &error));
  g_assert_cmpuint (version, ==, 1);
  g_assert_cmpuint (gp_db_get_transaction_depth (db), ==, 0);
  /* Neither the table nor the row of the failed migration survive. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'b'"), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM a"), ==, 0);
}

static void
test_newer_schema_is_refused (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (gp_db_migrate (db, migrations, 2, &error));
  g_assert_false (gp_db_migrate (db, migrations, 1, &error));
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_SCHEMA_TOO_NEW);
}

static void
test_constraint_error_maps_to_domain (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));

  /* UNIQUE */
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "INSERT INTO unit (code, name) VALUES (?1, ?2)", &error);

    g_assert_no_error (error);
    gp_db_bind_text (stmt, 1, "000");
    gp_db_bind_text (stmt, 2, "duplicate");
    g_assert_false (gp_db_step_done (stmt, &error));
    g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "UNIQUE"));
    g_clear_error (&error);
  }

  /* FOREIGN KEY: only fails because the wrapper turns foreign keys on. */
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "INSERT INTO project (unit_id, name) VALUES (?1, ?2)", &error);

    g_assert_no_error (error);
    gp_db_bind_int64 (stmt, 1, 4242);
    gp_db_bind_text (stmt, 2, "orphan");
    g_assert_false (gp_db_step_done (stmt, &error));
    g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
    g_clear_error (&error);
  }

  /* NOT NULL through a NULL text binding. */
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "INSERT INTO unit (code, name) VALUES (?1, ?2)", &error);

    g_assert_no_error (error);
    gp_db_bind_text (stmt, 1, "001");
    gp_db_bind_text (stmt, 2, NULL);
    g_assert_false (gp_db_step_done (stmt, &error));
    g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_CONSTRAINT);
  }
}

static void
test_wal_is_on (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);
  g_autofree char *mode = NULL;

  g_assert_no_error (error);
  mode = gp_db_dup_journal_mode (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (count_rows (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count_rows (db, "PRAGMA synchronous"), ==, 1); /* NORMAL */
  g_assert_cmpint (count_rows (db, "PRAGMA busy_timeout"), >, 0);
}

static void
test_memory_database_opens (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (":memory:", &error);

  g_assert_no_error (error);
  g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 1);
}

static void
test_statements_are_cached (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (":memory:", &error);
  GpDbStmt *first;
  GpDbStmt *second;
  guint before;

  g_assert_no_error (error);
  before = gp_db_get_cache_size (db);
  first = gp_db_prepare (db, "SELECT ?1 + 1", &error);
  g_assert_no_error (error);
  gp_db_bind_int64 (first, 1, 41);
  g_assert_true (gp_db_step_row (first, &error));
  g_assert_cmpint (gp_db_column_get_int64 (first, 0), ==, 42);
  gp_db_stmt_release (first);

  second = gp_db_prepare (db, "SELECT ?1 + 1", &error);
  g_assert_no_error (error);
  g_assert_true (first == second);
  g_assert_cmpuint (gp_db_get_cache_size (db), ==, before + 1);
  /* The bindings were cleared: NULL + 1 is NULL. */
  g_assert_true (gp_db_step_row (second, &error));
  g_assert_true (gp_db_column_is_null (second, 0));

  /* Using the same statement twice at once is refused, not silently reset. */
  g_assert_null (gp_db_prepare (db, "SELECT ?1 + 1", &error));
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_MISUSE);
  gp_db_stmt_release (second);
}

static void
test_bound_text_is_stored_verbatim (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (":memory:", &error);
  const char *evil = "x'); DROP TABLE unit; --\"采购\"";

  g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "INSERT INTO unit (code, name) VALUES (?1, ?2)", &error);

    gp_db_bind_text (stmt, 1, "evil");
    gp_db_bind_text (stmt, 2, evil);
    g_assert_true (gp_db_step_done (stmt, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "SELECT name FROM unit WHERE code = ?1", &error);

    gp_db_bind_text (stmt, 1, "evil");
    g_assert_true (gp_db_step_row (stmt, &error));
    g_assert_cmpstr (gp_db_column_get_text (stmt, 0), ==, evil);
  }
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM unit"), ==, 2);
}

static void
test_transactions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (":memory:", &error);

  g_assert_true (gp_db_exec (db, "CREATE TABLE t (x INTEGER)", &error));

  g_assert_true (gp_db_begin (db, &error));
  g_assert_true (gp_db_exec (db, "INSERT INTO t VALUES (1)", &error));
  g_assert_true (gp_db_rollback (db, &error));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM t"), ==, 0);

  /* A nested rollback undoes only the inner part. */
  g_assert_true (gp_db_begin (db, &error));
  g_assert_true (gp_db_exec (db, "INSERT INTO t VALUES (1)", &error));
  g_assert_true (gp_db_begin (db, &error));
  g_assert_cmpuint (gp_db_get_transaction_depth (db), ==, 2);
  g_assert_true (gp_db_exec (db, "INSERT INTO t VALUES (2)", &error));
  g_assert_true (gp_db_rollback (db, &error));
  g_assert_true (gp_db_begin (db, &error));
  g_assert_true (gp_db_exec (db, "INSERT INTO t VALUES (3)", &error));
  g_assert_true (gp_db_commit (db, &error));
  g_assert_true (gp_db_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gp_db_get_transaction_depth (db), ==, 0);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM t"), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT sum(x) FROM t"), ==, 4);
}

static void
test_second_writer_gets_busy (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) a = gp_db_open (f->path, &error);
  g_autoptr(GpDb) b = gp_db_open (f->path, &error);

  g_assert_no_error (error);
  sqlite3_busy_timeout (gp_db_get_handle (b), 10);
  g_assert_true (gp_db_begin (a, &error));
  g_assert_false (gp_db_begin (b, &error));
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_BUSY);
  g_assert_cmpuint (gp_db_get_transaction_depth (b), ==, 0);
  g_assert_true (gp_db_rollback (a, NULL));
}

static void
test_garbage_file_is_corrupt (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (f->path, garbage, -1, &error));
  db = gp_db_open (f->path, &error);
  g_assert_null (db);
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_CORRUPT);
}

static void
test_missing_directory_cannot_open (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no", "such", "dir.db", NULL);
  g_autoptr(GpDb) db = gp_db_open (path, &error);

  g_assert_null (db);
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_CANT_OPEN);
}

static void
test_integrity_check_passes (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);

  g_assert_true (gp_db_migrate (db, migrations, G_N_ELEMENTS (migrations), &error));
  g_assert_true (gp_db_integrity_check (db, &error));
  g_assert_no_error (error);

  /* A foreign key broken behind the wrapper's back is found. */
  g_assert_true (gp_db_exec (db, "PRAGMA foreign_keys=OFF;"
                                 "INSERT INTO project (unit_id, name) VALUES (777, 'orphan');"
                                 "PRAGMA foreign_keys=ON;", &error));
  g_assert_false (gp_db_integrity_check (db, &error));
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_CORRUPT);
}

/* Frames in the WAL not yet copied into the database file, read from the WAL index (the -shm file,
 * https://www.sqlite.org/walformat.html): its header's mxFrame (offset 16) less the checkpoint's
 * nBackfill (offset 96). Only looks; a checkpoint from here would do the work itself. */
static gint64
wal_frames_left (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  guint32 max_frame, backfill;

  g_assert_true (g_file_get_contents (shm, &data, &len, NULL));
  g_assert_cmpuint (len, >=, 136);
  memcpy (&max_frame, data + 16, sizeof max_frame);
  memcpy (&backfill, data + 96, sizeof backfill);
  return (gint64) max_frame - (gint64) backfill;
}

/* With background checkpoints the writer's commits leave the WAL to another thread, which empties it
 * while the writer is idle; nothing committed is lost, and the WAL starts over. */
static void
test_background_checkpoints (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (f->path, &error);
  g_autofree char *blob = g_strnfill (3000, 'x');
  gint64 deadline;

  g_assert_no_error (error);
  g_assert_true (gp_db_exec (db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", &error));
  gp_db_checkpoint_in_background (db, 64);

  /* About 100 frames: past the threshold, far below where the writer would checkpoint itself. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "INSERT INTO t (v) VALUES (?)", &error);

      g_assert_no_error (error);
      gp_db_bind_text (stmt, 1, blob);
      g_assert_true (gp_db_step_done (stmt, &error));
    }

  /* The other thread copies them into the file. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (wal_frames_left (f->path) > 0 && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  g_assert_cmpint (wal_frames_left (f->path), ==, 0);

  g_assert_true (gp_db_close (db, &error));
  g_clear_object (&db);
  db = gp_db_open (f->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "SELECT count(*), sum(length(v)) FROM t", &error);

    g_assert_true (gp_db_step_row (stmt, &error));
    g_assert_cmpint (gp_db_column_get_int64 (stmt, 0), ==, 100);
    g_assert_cmpint (gp_db_column_get_int64 (stmt, 1), ==, 300000);
  }
}

static void
test_closed_database_refuses_work (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = gp_db_open (":memory:", &error);

  g_assert_true (gp_db_close (db, &error));
  g_assert_true (gp_db_close (db, &error));
  g_assert_false (gp_db_is_open (db));
  g_assert_false (gp_db_exec (db, "SELECT 1", &error));
  g_assert_error (error, GP_DB_ERROR, GP_DB_ERROR_MISUSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/db/migrate/applies-each-migration-once", test_migrations_apply_once);
  ADD ("/db/migrate/applies-only-the-new-ones", test_migrations_apply_only_new_ones);
  ADD ("/db/migrate/failing-migration-rolls-back-and-keeps-version", test_failing_migration_rolls_back);
  ADD ("/db/migrate/refuses-a-newer-schema", test_newer_schema_is_refused);
  ADD ("/db/error/constraint-maps-to-domain", test_constraint_error_maps_to_domain);
  ADD ("/db/error/second-writer-gets-busy", test_second_writer_gets_busy);
  ADD ("/db/error/garbage-file-is-corrupt", test_garbage_file_is_corrupt);
  ADD ("/db/error/missing-directory-cannot-open", test_missing_directory_cannot_open);
  ADD ("/db/open/wal-foreign-keys-and-synchronous-are-on", test_wal_is_on);
  ADD ("/db/integrity-check/finds-broken-foreign-keys", test_integrity_check_passes);
  ADD ("/db/wal/checkpoints-in-the-background-lose-nothing", test_background_checkpoints);
#undef ADD
  g_test_add_func ("/db/open/memory-database-works", test_memory_database_opens);
  g_test_add_func ("/db/prepare/statements-are-cached-and-reset", test_statements_are_cached);
  g_test_add_func ("/db/prepare/bound-text-is-stored-verbatim", test_bound_text_is_stored_verbatim);
  g_test_add_func ("/db/transaction/nested-rollback-undoes-only-inner-part", test_transactions);
  g_test_add_func ("/db/close/closed-database-refuses-work", test_closed_database_refuses_work);

  return g_test_run ();
}
