/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-store-types.h: forward declarations and the enums of src/store.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GpStore              GpStore;
typedef struct _GpAutosave           GpAutosave;
typedef struct _GpProjectRow         GpProjectRow;
typedef struct _GpProjectListModel   GpProjectListModel;

/**
 * GpSyncState:
 * @GP_SYNC_STATE_SYNCED: the row is the server's version (at `base_rev`).
 * @GP_SYNC_STATE_CREATED: made here and never accepted by the server.
 * @GP_SYNC_STATE_MODIFIED: changed here since `base_rev`.
 * @GP_SYNC_STATE_DELETED: deleted here; a tombstone until the server accepts the deletion.
 *
 * The offline state of one project row (the values are stored in the database: never renumber).
 */
typedef enum {
  GP_SYNC_STATE_SYNCED = 0,
  GP_SYNC_STATE_CREATED = 1,
  GP_SYNC_STATE_MODIFIED = 2,
  GP_SYNC_STATE_DELETED = 3,
} GpSyncState;

/**
 * GpOutboxState:
 * @GP_OUTBOX_STATE_PENDING: queued, not yet accepted by the server.
 * @GP_OUTBOX_STATE_SENT: the server applied it.
 * @GP_OUTBOX_STATE_FAILED: the server refused it; `problems_json` holds the field errors.
 *
 * The state of a queued action (stored in the database: never renumber).
 */
typedef enum {
  GP_OUTBOX_STATE_PENDING = 0,
  GP_OUTBOX_STATE_SENT = 1,
  GP_OUTBOX_STATE_FAILED = 2,
} GpOutboxState;

/**
 * GpStoreSort:
 * The columns a project list can be sorted by. Ties are broken by insertion order.
 */
typedef enum {
  GP_STORE_SORT_UPDATED,
  GP_STORE_SORT_NAME,
  GP_STORE_SORT_CODE,
  GP_STORE_SORT_STAGE,
  GP_STORE_SORT_STATE,
  GP_STORE_SORT_BUDGET,
  GP_STORE_SORT_NEXT_DEADLINE,
} GpStoreSort;

#define GP_STORE_ERROR (gp_store_error_quark ())

/**
 * GpStoreError:
 * @GP_STORE_ERROR_NOT_FOUND: no project (or action) with that id.
 * @GP_STORE_ERROR_INVALID: the caller passed a record the store cannot keep (e.g. no id).
 * @GP_STORE_ERROR_CORRUPT_RECORD: a stored record no longer decodes.
 * @GP_STORE_ERROR_CLOSED: the store has been shut down.
 * @GP_STORE_ERROR_NO_CONFLICT: resolve was asked for a project without a conflict.
 *
 * Errors of the store's own; SQLite failures come as #GP_DB_ERROR.
 */
typedef enum {
  GP_STORE_ERROR_NOT_FOUND,
  GP_STORE_ERROR_INVALID,
  GP_STORE_ERROR_CORRUPT_RECORD,
  GP_STORE_ERROR_CLOSED,
  GP_STORE_ERROR_NO_CONFLICT,
} GpStoreError;

GQuark gp_store_error_quark (void);

G_END_DECLS
