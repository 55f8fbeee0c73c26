/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sync-engine.h: sign-in, and the sync of the local store with the server (DESIGN.md §4).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gp-credentials.h"
#include "gp-lifecycle.h"
#include "gp-store.h"
#include "gp-types.h"

G_BEGIN_DECLS

/**
 * GpSyncStatus:
 * @GP_SYNC_STATUS_SIGNED_OUT: nobody is signed in
 * @GP_SYNC_STATUS_IDLE: signed in; everything was sent and received at the last sync
 * @GP_SYNC_STATUS_SYNCING: a sync is running (see #GpSyncEngine:progress)
 * @GP_SYNC_STATUS_OFFLINE: the server cannot be reached; work goes on locally
 * @GP_SYNC_STATUS_ERROR: the last sync failed (see #GpSyncEngine:error-message); it will be retried
 *
 * What the header indicator shows.
 */
typedef enum {
  GP_SYNC_STATUS_SIGNED_OUT,
  GP_SYNC_STATUS_IDLE,
  GP_SYNC_STATUS_SYNCING,
  GP_SYNC_STATUS_OFFLINE,
  GP_SYNC_STATUS_ERROR,
} GpSyncStatus;

/**
 * GpAccount:
 * Who is signed in, as the server describes the account.
 */
typedef struct {
  char     *login;
  GpRole    role;
  GpDuty    duties;
  char     *unit_id;
  char     *unit_name;
  char     *budget_code;
  char     *region;
  gboolean  password_change_required;
} GpAccount;

#define GP_TYPE_ACCOUNT (gp_account_get_type ())
GType      gp_account_get_type (void) G_GNUC_CONST;
GpAccount *gp_account_copy     (const GpAccount *self);
void       gp_account_free     (GpAccount       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpAccount, gp_account_free)

/*
 * GpSyncEngine properties (all notify, read-only unless said): "status" (GpSyncStatus), "progress"
 * (double 0…1 while SYNCING), "last-sync" (gint64 µs since the epoch of the last complete sync, 0 =
 * never), "error-message" (string or NULL), "pending-actions" (guint: outbox entries not yet sent),
 * "account" (GpAccount boxed, NULL when signed out), "server-url", "store" (GpStore, NULL when signed
 * out), "interval" (guint minutes, read-write).
 *
 * Signals:
 * - "conflict" (const char *project_id): a pull found the project changed on both sides; the store
 *   keeps both versions (GpStoredProject.conflict) until resolved.
 * - "action-failed" (const char *project_id, const char *action, const char *problems_json): the
 *   server refused a queued action (422); the outbox entry is FAILED with the problems.
 * - "synced": a sync cycle finished (successfully or not); lists may refresh.
 */

#define GP_TYPE_SYNC_ENGINE (gp_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (GpSyncEngine, gp_sync_engine, GP, SYNC_ENGINE, GObject)

GpSyncEngine    *gp_sync_engine_new                 (GpCredentials        *credentials);

/* Signing in. Errors are GP_SYNC_ERROR with a message for the user: UNAUTHORIZED says how many
 * attempts are left, LOCKED until when, OFFLINE that the server cannot be reached. */
void             gp_sync_engine_sign_in_async       (GpSyncEngine         *self,
                                                     const char           *server_url,
                                                     const char           *login,
                                                     const char           *password,
                                                     gboolean              remember_password,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
const GpAccount *gp_sync_engine_sign_in_finish      (GpSyncEngine         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* Signs in again with the token kept in the keyring; when the server cannot be reached but this
 * computer has the account's store, continues offline (status OFFLINE). */
void             gp_sync_engine_resume_async        (GpSyncEngine         *self,
                                                     const char           *server_url,
                                                     const char           *login,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
const GpAccount *gp_sync_engine_resume_finish       (GpSyncEngine         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* The forced change of the initial password (粤财采购函〔2020〕59号), and later changes. On
 * GP_SYNC_ERROR_INVALID, *out_problems holds the policy's complaints (GpProblem). */
void             gp_sync_engine_change_password_async (GpSyncEngine       *self,
                                                     const char           *old_password,
                                                     const char           *new_password,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         gp_sync_engine_change_password_finish (GpSyncEngine      *self,
                                                     GAsyncResult         *result,
                                                     GPtrArray           **out_problems,
                                                     GError              **error);
void             gp_sync_engine_sign_out_async      (GpSyncEngine         *self,
                                                     gboolean              forget_credentials,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         gp_sync_engine_sign_out_finish     (GpSyncEngine         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Syncing: push changed projects, send the outbox in order, pull the feed and the registries. */
void             gp_sync_engine_sync_now            (GpSyncEngine         *self);
void             gp_sync_engine_set_interval        (GpSyncEngine         *self,
                                                     guint                 minutes);
void             gp_sync_engine_set_timeout         (GpSyncEngine         *self,
                                                     guint                 seconds);
/* Queues a lifecycle action (DESIGN.md §4) and starts a sync when online. */
void             gp_sync_engine_queue_action_async  (GpSyncEngine         *self,
                                                     const char           *project_id,
                                                     const char           *action,
                                                     const char           *payload_json,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         gp_sync_engine_queue_action_finish (GpSyncEngine         *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* The platform's public notices (公告), newest first: a JsonArray of notice objects (docs/api.md).
 * @type and @region filter them (NULL: all). Read from the server each time; errors are GP_SYNC_ERROR. */
void             gp_sync_engine_fetch_notices_async (GpSyncEngine         *self,
                                                     const char           *type,
                                                     const char           *region,
                                                     guint                 limit,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonArray       *gp_sync_engine_fetch_notices_finish (GpSyncEngine        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

GpSyncStatus     gp_sync_engine_get_status          (GpSyncEngine         *self);
double           gp_sync_engine_get_progress        (GpSyncEngine         *self);
gint64           gp_sync_engine_get_last_sync       (GpSyncEngine         *self);
const char      *gp_sync_engine_get_error_message   (GpSyncEngine         *self);
guint            gp_sync_engine_get_pending_actions (GpSyncEngine         *self);
const GpAccount *gp_sync_engine_get_account         (GpSyncEngine         *self);
const char      *gp_sync_engine_get_server_url      (GpSyncEngine         *self);
GpStore         *gp_sync_engine_get_store           (GpSyncEngine         *self);
GpCredentials   *gp_sync_engine_get_credentials     (GpSyncEngine         *self);
gint64           gp_sync_engine_get_official_time   (GpSyncEngine         *self);
guint            gp_sync_engine_get_retry_delay     (GpSyncEngine         *self);

G_END_DECLS
