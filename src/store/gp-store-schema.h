/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-store-schema.h: the numbered migrations of the local store (documented in README.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* migrations[i] takes the schema from version i to i + 1 (gp_db_migrate()). */
static const char * const gp_store_migrations[] = {
  /* 1: projects with their index columns, sync state and conflict slot; search; outbox; cursors;
   * registry caches. */
  "CREATE TABLE projects ("
  "  rid            INTEGER PRIMARY KEY,"               /* stable rowid, shared with the FTS tables */
  "  id             TEXT NOT NULL UNIQUE,"              /* the project's UUID */
  "  name           TEXT NOT NULL DEFAULT '',"
  "  code           TEXT NOT NULL DEFAULT '',"
  "  summary        TEXT NOT NULL DEFAULT '',"
  "  stage          TEXT NOT NULL DEFAULT '',"          /* wire name */
  "  state          TEXT NOT NULL DEFAULT '',"          /* wire name */
  "  year           INTEGER NOT NULL DEFAULT 0,"
  "  budget_fen     INTEGER NOT NULL DEFAULT 0,"
  "  contract_fen   INTEGER NOT NULL DEFAULT 0,"
  "  next_deadline  TEXT,"                              /* YYYY-MM-DD or NULL */
  "  updated        INTEGER NOT NULL DEFAULT 0,"        /* µs, the record's own 'updated' */
  "  rev            INTEGER NOT NULL DEFAULT 0,"        /* the record's own 'rev' */
  "  sync_state     INTEGER NOT NULL DEFAULT 1 CHECK (sync_state BETWEEN 0 AND 3),"
  "  base_rev       INTEGER NOT NULL DEFAULT 0,"
  "  local_version  INTEGER NOT NULL DEFAULT 0,"
  "  local_saved_at INTEGER NOT NULL DEFAULT 0,"
  "  conflict_json  TEXT,"                              /* the server's version; 'null' = deleted there */
  "  json           TEXT NOT NULL"                      /* last: list scans never read it */
  ");"
  /* Sort indexes leave tombstones out, so a list scan needs no table lookup to skip them. */
  "CREATE INDEX projects_by_updated  ON projects (updated)       WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_name     ON projects (name)          WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_code     ON projects (code)          WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_stage    ON projects (stage)         WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_state    ON projects (state)         WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_budget   ON projects (budget_fen)    WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_deadline ON projects (next_deadline) WHERE sync_state <> 3;"
  "CREATE INDEX projects_by_year     ON projects (year)          WHERE sync_state <> 3;"
  /* What push has to send; small. */
  "CREATE INDEX projects_changed     ON projects (local_saved_at) WHERE sync_state <> 0;"
  /* Words of 3+ characters. */
  "CREATE VIRTUAL TABLE projects_fts USING fts5 ("
  "  name, code, summary, content='projects', content_rowid='rid', tokenize='trigram');"
  /* Words of 1–2 characters: every letter/digit and every adjacent pair, one token each. */
  "CREATE VIRTUAL TABLE projects_grams USING fts5 ("
  "  grams, content='', detail='none', tokenize='unicode61 remove_diacritics 0');"
  "CREATE TRIGGER projects_search_ai AFTER INSERT ON projects BEGIN"
  "  INSERT INTO projects_fts (rowid, name, code, summary)"
  "    VALUES (new.rid, new.name, new.code, new.summary);"
  "  INSERT INTO projects_grams (rowid, grams)"
  "    VALUES (new.rid, gp_grams (new.name, new.code, new.summary));"
  "END;"
  "CREATE TRIGGER projects_search_ad AFTER DELETE ON projects BEGIN"
  "  INSERT INTO projects_fts (projects_fts, rowid, name, code, summary)"
  "    VALUES ('delete', old.rid, old.name, old.code, old.summary);"
  "  INSERT INTO projects_grams (projects_grams, rowid, grams)"
  "    VALUES ('delete', old.rid, gp_grams (old.name, old.code, old.summary));"
  "END;"
  "CREATE TRIGGER projects_search_au AFTER UPDATE OF name, code, summary ON projects"
  "  WHEN old.name IS NOT new.name OR old.code IS NOT new.code OR old.summary IS NOT new.summary"
  "  BEGIN"
  "  INSERT INTO projects_fts (projects_fts, rowid, name, code, summary)"
  "    VALUES ('delete', old.rid, old.name, old.code, old.summary);"
  "  INSERT INTO projects_grams (projects_grams, rowid, grams)"
  "    VALUES ('delete', old.rid, gp_grams (old.name, old.code, old.summary));"
  "  INSERT INTO projects_fts (rowid, name, code, summary)"
  "    VALUES (new.rid, new.name, new.code, new.summary);"
  "  INSERT INTO projects_grams (rowid, grams)"
  "    VALUES (new.rid, gp_grams (new.name, new.code, new.summary));"
  "END;"
  "CREATE TABLE outbox ("
  "  seq             INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  project_id      TEXT NOT NULL,"
  "  action          TEXT NOT NULL,"
  "  payload_json    TEXT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  state           INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 2),"
  "  problems_json   TEXT,"
  "  created         INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_by_state ON outbox (state, seq);"
  /* Feed cursors: one per stream ('projects', 'registry/<kind>'). */
  "CREATE TABLE sync_state ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE registry ("
  "  kind TEXT NOT NULL,"
  "  id   TEXT NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  code TEXT NOT NULL DEFAULT '',"
  "  json TEXT NOT NULL,"
  "  PRIMARY KEY (kind, id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX registry_by_name ON registry (kind, name);"
  "CREATE INDEX registry_by_code ON registry (kind, code);",

  /* 2: the number of listed (not tombstoned) projects, kept by triggers: counting a million rows
   * takes 50–80 ms, reading this row takes none. */
  "CREATE TABLE projects_count (listed INTEGER NOT NULL);"
  "INSERT INTO projects_count (listed) SELECT count(*) FROM projects WHERE sync_state <> 3;"
  "CREATE TRIGGER projects_count_ai AFTER INSERT ON projects BEGIN"
  "  UPDATE projects_count SET listed = listed + (new.sync_state <> 3);"
  "END;"
  "CREATE TRIGGER projects_count_ad AFTER DELETE ON projects BEGIN"
  "  UPDATE projects_count SET listed = listed - (old.sync_state <> 3);"
  "END;"
  "CREATE TRIGGER projects_count_au AFTER UPDATE OF sync_state ON projects"
  "  WHEN (old.sync_state <> 3) IS NOT (new.sync_state <> 3) BEGIN"
  "  UPDATE projects_count SET listed = listed + (new.sync_state <> 3) - (old.sync_state <> 3);"
  "END;",

  /* 3: the search triggers step aside while the store applies a feed page (gp_search_live() is 0 on
   * its connection then): it updates the search tables itself after the page's rows, because FTS5
   * flushes its pending terms at the end of every statement that opens a statement journal (as an
   * INSERT with triggers does), which made every row of a page a new index segment. */
  "DROP TRIGGER projects_search_ai;"
  "DROP TRIGGER projects_search_ad;"
  "DROP TRIGGER projects_search_au;"
  "CREATE TRIGGER projects_search_ai AFTER INSERT ON projects WHEN gp_search_live () BEGIN"
  "  INSERT INTO projects_fts (rowid, name, code, summary)"
  "    VALUES (new.rid, new.name, new.code, new.summary);"
  "  INSERT INTO projects_grams (rowid, grams)"
  "    VALUES (new.rid, gp_grams (new.name, new.code, new.summary));"
  "END;"
  "CREATE TRIGGER projects_search_ad AFTER DELETE ON projects WHEN gp_search_live () BEGIN"
  "  INSERT INTO projects_fts (projects_fts, rowid, name, code, summary)"
  "    VALUES ('delete', old.rid, old.name, old.code, old.summary);"
  "  INSERT INTO projects_grams (projects_grams, rowid, grams)"
  "    VALUES ('delete', old.rid, gp_grams (old.name, old.code, old.summary));"
  "END;"
  "CREATE TRIGGER projects_search_au AFTER UPDATE OF name, code, summary ON projects"
  "  WHEN gp_search_live () AND"
  "       (old.name IS NOT new.name OR old.code IS NOT new.code OR old.summary IS NOT new.summary)"
  "  BEGIN"
  "  INSERT INTO projects_fts (projects_fts, rowid, name, code, summary)"
  "    VALUES ('delete', old.rid, old.name, old.code, old.summary);"
  "  INSERT INTO projects_grams (projects_grams, rowid, grams)"
  "    VALUES ('delete', old.rid, gp_grams (old.name, old.code, old.summary));"
  "  INSERT INTO projects_fts (rowid, name, code, summary)"
  "    VALUES (new.rid, new.name, new.code, new.summary);"
  "  INSERT INTO projects_grams (rowid, grams)"
  "    VALUES (new.rid, gp_grams (new.name, new.code, new.summary));"
  "END;",

  /* 4: no triggers on projects at all: the store keeps the search tables and the listed-row counter
   * itself, in the transaction of each change (rows_flush() in gp-store.c), so that no INSERT or
   * UPDATE of a row opens a statement journal. The search tables without their per-row size table
   * (columnsize=0: nothing here ranks by length), rebuilt from the rows. */
  "DROP TRIGGER projects_search_ai;"
  "DROP TRIGGER projects_search_ad;"
  "DROP TRIGGER projects_search_au;"
  "DROP TRIGGER projects_count_ai;"
  "DROP TRIGGER projects_count_ad;"
  "DROP TRIGGER projects_count_au;"
  "DROP TABLE projects_fts;"
  "DROP TABLE projects_grams;"
  "CREATE VIRTUAL TABLE projects_fts USING fts5 ("
  "  name, code, summary, content='projects', content_rowid='rid', tokenize='trigram',"
  "  columnsize=0);"
  "CREATE VIRTUAL TABLE projects_grams USING fts5 ("
  "  grams, content='', detail='none', tokenize='unicode61 remove_diacritics 0', columnsize=0);"
  "INSERT INTO projects_fts (projects_fts) VALUES ('rebuild');"
  "INSERT INTO projects_grams (rowid, grams) SELECT rid, gp_grams (name, code, summary) FROM projects;"
  "UPDATE projects_count SET listed = (SELECT count(*) FROM projects WHERE sync_state <> 3);",
};

G_END_DECLS
