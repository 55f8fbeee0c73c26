/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-store.h: the app's local offline store: drafts, sync state, outbox, feed cursors, registries, search.
 */
#pragma once

#include <gio/gio.h>

#include "gp-project.h"
#include "gp-store-types.h"
#include "gp-store-enums.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------------------------------
 * Records handed out by the store (plain boxed structs; the caller owns them)
 */

/**
 * GpStoredProject:
 * @project: the local version (the draft the officer sees)
 * @sync_state: its offline state
 * @base_rev: the server revision the local version is based on (0 = never on the server)
 * @local_version: bumped by every local save; gp_store_mark_pushed_async() compares it
 * @saved_at: when it was last saved locally (µs since the epoch, UTC)
 * @conflict: (nullable): the server's version when both sides changed it
 * @conflict_deleted: the server deleted the project while it was changed here
 */
typedef struct {
  GpProject   *project;
  GpSyncState  sync_state;
  gint64       base_rev;
  gint64       local_version;
  gint64       saved_at;
  GpProject   *conflict;
  gboolean     conflict_deleted;
} GpStoredProject;

#define GP_TYPE_STORED_PROJECT (gp_stored_project_get_type ())
GType            gp_stored_project_get_type (void) G_GNUC_CONST;
GpStoredProject *gp_stored_project_copy     (const GpStoredProject *self);
void             gp_stored_project_free     (GpStoredProject       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpStoredProject, gp_stored_project_free)

/**
 * GpOutboxEntry:
 * A queued action (DESIGN.md §4): applied by the server in @seq order.
 */
typedef struct {
  gint64        seq;
  char         *project_id;
  char         *action;           /* e.g. "publish_intention" */
  char         *payload_json;     /* nullable */
  char         *idempotency_key;  /* a UUID made when queued; resent with every retry */
  GpOutboxState state;
  char         *problems_json;    /* nullable: the server's field errors when FAILED */
  gint64        created;          /* µs since the epoch, UTC */
} GpOutboxEntry;

#define GP_TYPE_OUTBOX_ENTRY (gp_outbox_entry_get_type ())
GType          gp_outbox_entry_get_type (void) G_GNUC_CONST;
GpOutboxEntry *gp_outbox_entry_copy     (const GpOutboxEntry *self);
void           gp_outbox_entry_free     (GpOutboxEntry       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpOutboxEntry, gp_outbox_entry_free)

/**
 * GpRegistryEntry:
 * One cached row of a registry (采购人库, 供应商库, …), kept as the server's JSON with its name and code
 * beside it for lookups.
 */
typedef struct {
  char *id;
  char *name;
  char *code;
  char *json;
} GpRegistryEntry;

#define GP_TYPE_REGISTRY_ENTRY (gp_registry_entry_get_type ())
GType            gp_registry_entry_get_type (void) G_GNUC_CONST;
GpRegistryEntry *gp_registry_entry_new      (const char            *id,
                                             const char            *name,
                                             const char            *code,
                                             const char            *json);
GpRegistryEntry *gp_registry_entry_copy     (const GpRegistryEntry *self);
void             gp_registry_entry_free     (GpRegistryEntry       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpRegistryEntry, gp_registry_entry_free)

/**
 * GpStoreQuery:
 * @text: (nullable): words to search for (whitespace separated, all must match); 1–2 characters per
 *   word use the character index, 3 and more the trigram index
 * @stage: a #GpStage, or -1 for any
 * @state: a #GpProjectState, or -1 for any
 * @year: the procurement year (of the intention's expected month, else the plan's start, else
 *   the creation date), or 0 for any
 * @sort: the sort column
 * @descending: sort direction
 *
 * What a project list shows. Deleted (tombstoned) projects are never listed.
 */
typedef struct {
  char        *text;
  int          stage;
  int          state;
  int          year;
  GpStoreSort  sort;
  gboolean     descending;
} GpStoreQuery;

#define GP_TYPE_STORE_QUERY (gp_store_query_get_type ())
GType         gp_store_query_get_type (void) G_GNUC_CONST;
/* Everything, newest first. */
GpStoreQuery *gp_store_query_new      (void);
GpStoreQuery *gp_store_query_copy     (const GpStoreQuery *self);
void          gp_store_query_free     (GpStoreQuery       *self);
gboolean      gp_store_query_equal    (const GpStoreQuery *a,
                                       const GpStoreQuery *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpStoreQuery, gp_store_query_free)

/* ------------------------------------------------------------------------------------------------
 * The store
 */

#define GP_TYPE_STORE (gp_store_get_type ())

G_DECLARE_FINAL_TYPE (GpStore, gp_store, GP, STORE, GObject)

/* <user data dir>/gpcloud/<server-host>/<account>.db, each name made safe for a file name. */
char       *gp_store_build_path                (const char          *server_host,
                                                const char          *account) G_GNUC_WARN_UNUSED_RESULT;

/* Opens (creating and migrating) the database at @path on the store's own thread; blocks until done.
 * Also creates the parent folders. */
GpStore    *gp_store_new                       (const char          *path,
                                                GError             **error);
GpStore    *gp_store_new_for_account           (const char          *server_host,
                                                const char          *account,
                                                GError             **error);
const char *gp_store_get_path                  (GpStore             *self);
/* Finishes the queued work and closes the database; later calls fail with GP_STORE_ERROR_CLOSED.
 * Dispose does the same. */
void        gp_store_shutdown                  (GpStore             *self);

/* Drafts. A save makes a new row CREATED, a SYNCED row MODIFIED; *out_version is the row's new
 * local_version. Saving also clears nothing: a conflict stays until resolved. */
void        gp_store_save_project_async        (GpStore             *self,
                                                const GpProject     *project,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_save_project_finish       (GpStore             *self,
                                                GAsyncResult        *result,
                                                gint64              *out_version,
                                                GError             **error);
gboolean    gp_store_save_project_sync         (GpStore             *self,
                                                const GpProject     *project,
                                                gint64              *out_version,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* GP_STORE_ERROR_NOT_FOUND when there is no row (tombstones are found, with sync_state DELETED). */
void             gp_store_load_project_async   (GpStore             *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GpStoredProject *gp_store_load_project_finish  (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
GpStoredProject *gp_store_load_project_sync    (GpStore             *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* A CREATED row disappears; any other becomes a DELETED tombstone until pushed. */
void        gp_store_delete_project_async      (GpStore             *self,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_delete_project_finish     (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Push support for src/sync. The rows to push: CREATED, MODIFIED and DELETED, oldest save first;
 * a GPtrArray of GpStoredProject. */
void        gp_store_list_changes_async        (GpStore             *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *gp_store_list_changes_finish       (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* The server accepted @pushed_version of @id as revision @new_rev. The row becomes SYNCED unless it
 * was saved again meanwhile (then it stays MODIFIED, now based on @new_rev); a pushed tombstone is
 * removed. */
void        gp_store_mark_pushed_async         (GpStore             *self,
                                                const char          *id,
                                                gint64               pushed_version,
                                                gint64               new_rev,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_mark_pushed_finish        (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Outbox. *out_seq is the new entry's sequence number. */
void        gp_store_enqueue_action_async      (GpStore             *self,
                                                const char          *project_id,
                                                const char          *action,
                                                const char          *payload_json,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_enqueue_action_finish     (GpStore             *self,
                                                GAsyncResult        *result,
                                                gint64              *out_seq,
                                                GError             **error);
/* A GPtrArray of GpOutboxEntry in seq order; @include_sent adds those already applied. */
void        gp_store_list_outbox_async         (GpStore             *self,
                                                gboolean             include_sent,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *gp_store_list_outbox_finish        (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void        gp_store_mark_action_async         (GpStore             *self,
                                                gint64               seq,
                                                GpOutboxState        state,
                                                const char          *problems_json,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_mark_action_finish        (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Pull. Applies one page of the feed @stream and stores @next_cursor, all in one transaction: on
 * any error nothing of the page and not the cursor is kept. @projects: GpProject* (the server's
 * versions), read by the store's thread until the call has answered (it takes a reference to the
 * array, no copy: change neither until then); @deletions: ids the server deleted. A project changed
 * on both sides keeps the local draft and gets the server's version (or its deletion) in the
 * conflict slot. */
void        gp_store_apply_feed_page_async     (GpStore             *self,
                                                const char          *stream,
                                                GPtrArray           *projects,
                                                const char * const  *deletions,
                                                const char          *next_cursor,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_apply_feed_page_finish    (GpStore             *self,
                                                GAsyncResult        *result,
                                                guint               *out_n_conflicts,
                                                GError             **error);
gboolean    gp_store_apply_feed_page_sync      (GpStore             *self,
                                                const char          *stream,
                                                GPtrArray           *projects,
                                                const char * const  *deletions,
                                                const char          *next_cursor,
                                                guint               *out_n_conflicts,
                                                GCancellable        *cancellable,
                                                GError             **error);
/* The stored cursor of @stream (a feed, or "registry/<kind>"), or NULL if none yet. */
void        gp_store_get_cursor_async          (GpStore             *self,
                                                const char          *stream,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char       *gp_store_get_cursor_finish         (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Conflicts. @resolution NULL takes the server's version (or its deletion); otherwise @resolution
 * (the officer's per-field merge) becomes the draft, MODIFIED and based on the server's revision. */
void        gp_store_resolve_conflict_async    (GpStore             *self,
                                                const char          *id,
                                                const GpProject     *resolution,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_resolve_conflict_finish   (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Registry caches: @kind names the registry ("purchaser", "supplier", "agency", "expert", "product").
 * The page and the cursor "registry/<kind>" are written in one transaction. */
void        gp_store_apply_registry_page_async (GpStore             *self,
                                                const char          *kind,
                                                GPtrArray           *entries,
                                                const char * const  *deletions,
                                                const char          *next_cursor,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_apply_registry_page_finish (GpStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Entries of @kind whose code starts with @text or whose name contains it, by name; at most @limit. */
void        gp_store_query_registry_async      (GpStore             *self,
                                                const char          *kind,
                                                const char          *text,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *gp_store_query_registry_finish     (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Lists and search. _count gives the number of rows @query matches; _query a page of GpProjectRow. */
void        gp_store_count_async               (GpStore             *self,
                                                const GpStoreQuery  *query,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_count_finish              (GpStore             *self,
                                                GAsyncResult        *result,
                                                guint               *out_count,
                                                GError             **error);
void        gp_store_query_async               (GpStore             *self,
                                                const GpStoreQuery  *query,
                                                guint                offset,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray  *gp_store_query_finish              (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);
GPtrArray  *gp_store_query_sync                (GpStore             *self,
                                                const GpStoreQuery  *query,
                                                guint                offset,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* Waits until everything queued before this call is done (for window close and tests). */
void        gp_store_flush_async               (GpStore             *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    gp_store_flush_finish              (GpStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
