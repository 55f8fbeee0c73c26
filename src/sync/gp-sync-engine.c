/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sync-engine.c: sign-in, and the sync of the local store with the server (DESIGN.md §4).
 *
 * Sign-in, the password change and sign-out run on the main thread through an async GpApiClient.
 * A sync cycle runs on a worker thread of its own with a private GMainContext: it calls the
 * async APIs of the store and of its own API client and waits for each answer on that context, so
 * the cycle reads as the sequence it is:
 *
 *   1. push the projects changed here (If-Match of the base revision, an Idempotency-Key),
 *   2. send the outbox in order (each action with the key it was queued with),
 *   3. pull the change feed page by page (each page and its cursor in one store transaction),
 *   4. refresh the registry caches the same way.
 *
 * The main thread sees the cycle through the properties and signals, updated from the worker with
 * g_main_context_invoke(). A failed cycle is retried with exponential backoff and jitter, never
 * sooner than the server's Retry-After; GNetworkMonitor says when to stop trying and when to
 * start again. Nothing is dropped: what could not be sent stays in the store for the next cycle.
 */
#include "config.h"

#define G_LOG_DOMAIN "gpcloud-sync"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gp-api-client.h"
#include "gp-codec.h"
#include "gp-feed-page.h"
#include "gp-role.h"
#include "gp-sync-engine.h"
#include "gp-sync-enums.h"
#include "gp-sync-error.h"
#include "gp-validate.h"

#define FEED_STREAM        "projects"
#define FEED_PAGE_SIZE     1000
#define REGISTRY_PAGE_SIZE 500
#define BACKOFF_MIN_SECONDS 2
#define BACKOFF_MAX_SECONDS 300

/* The five registries (DESIGN.md §1) by their names in the API. */
static const char *const registry_kinds[] = { "purchaser", "expert", "agency", "supplier", "product" };

struct _GpSyncEngine
{
  GObject parent_instance;

  /* Owned references */
  GpCredentials   *credentials;
  GpApiClient     *client;
  GpStore         *store;
  GpAccount       *account;
  GCancellable    *cancellable;     /* everything of the current session */
  GNetworkMonitor *monitor;
  GMainContext    *main_context;

  char            *server_url;
  char            *token;
  char            *error_message;
  GpSyncStatus     status;
  double           progress;
  gint64           last_sync;
  guint            pending_actions;
  guint            interval;        /* minutes */
  guint            timeout;         /* seconds one request may take; 0 = the client's default */

  guint            periodic_id;
  guint            retry_id;
  guint            retry_delay;     /* seconds the scheduled retry waits */
  guint            backoff;         /* seconds of the next retry */
  gulong           network_handler;

  guint            running : 1;
  guint            again : 1;       /* sync_now() while running: run once more */
  guint            network_lost : 1; /* the monitor said the network went, and not yet that it is back */
};

enum {
  PROP_0,
  PROP_STATUS,
  PROP_PROGRESS,
  PROP_LAST_SYNC,
  PROP_ERROR_MESSAGE,
  PROP_PENDING_ACTIONS,
  PROP_ACCOUNT,
  PROP_SERVER_URL,
  PROP_STORE,
  PROP_INTERVAL,
  N_PROPS
};

enum {
  CONFLICT,
  ACTION_FAILED,
  SYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GpSyncEngine, gp_sync_engine, G_TYPE_OBJECT)

static void gp_sync_engine_schedule_periodic (GpSyncEngine *self);

/* ------------------------------------------------------------------------------------------------
 * GpAccount
 */

G_DEFINE_BOXED_TYPE (GpAccount, gp_account, gp_account_copy, gp_account_free)

GpAccount *
gp_account_copy (const GpAccount *self)
{
  GpAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (GpAccount, 1);
  copy->login = g_strdup (self->login);
  copy->role = self->role;
  copy->duties = self->duties;
  copy->unit_id = g_strdup (self->unit_id);
  copy->unit_name = g_strdup (self->unit_name);
  copy->budget_code = g_strdup (self->budget_code);
  copy->region = g_strdup (self->region);
  copy->password_change_required = self->password_change_required;

  return copy;
}

void
gp_account_free (GpAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->login);
  g_free (self->unit_id);
  g_free (self->unit_name);
  g_free (self->budget_code);
  g_free (self->region);
  g_free (self);
}

static const char *
object_get_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
object_get_object (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static gboolean
object_get_bool (JsonObject *object,
                 const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gint64
object_get_int (JsonObject *object,
                const char *member,
                gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

/* The "account" object of the session API (docs/api.md). */
static GpAccount *
account_from_json (JsonObject  *object,
                   GError     **error)
{
  g_autoptr(GpAccount) account = g_new0 (GpAccount, 1);
  JsonObject *unit = object_get_object (object, "unit");
  const char *login = object_get_string (object, "login");

  if (login == NULL || !gp_role_from_string (object_get_string (object, "role"), &account->role))
    {
      g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL,
                           _("The server gave an answer this version of the app does not understand."));
      return NULL;
    }

  if (!gp_duty_from_string (object_get_string (object, "duties"), &account->duties))
    account->duties = GP_DUTY_NONE;

  account->login = g_strdup (login);
  account->unit_id = g_strdup (object_get_string (unit, "id"));
  account->unit_name = g_strdup (object_get_string (unit, "name"));
  account->budget_code = g_strdup (object_get_string (unit, "budget_code"));
  account->region = g_strdup (object_get_string (unit, "region"));
  account->password_change_required = object_get_bool (object, "password_change_required");

  return g_steal_pointer (&account);
}

static JsonNode *
account_to_json (const GpAccount *account)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, account->login);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, gp_role_to_string (account->role));
  json_builder_set_member_name (b, "duties");
  json_builder_add_string_value (b, gp_duty_to_string (account->duties));
  json_builder_set_member_name (b, "unit");
  json_builder_begin_object (b);
#define OPT(name, value) if ((value) != NULL) { json_builder_set_member_name (b, name); json_builder_add_string_value (b, value); }
  OPT ("id", account->unit_id)
  OPT ("name", account->unit_name)
  OPT ("budget_code", account->budget_code)
  OPT ("region", account->region)
#undef OPT
  json_builder_end_object (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------------------------------
 * State the main thread sees
 */

static void
set_status (GpSyncEngine *self,
            GpSyncStatus  status,
            const char   *error_message)
{
  if (g_strcmp0 (self->error_message, error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }

  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

static void
set_progress (GpSyncEngine *self,
              double        progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
}

static void
set_pending_actions (GpSyncEngine *self,
                     guint         pending)
{
  if (self->pending_actions != pending)
    {
      self->pending_actions = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_ACTIONS]);
    }
}

static char *
server_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup ("server");

  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s_%d", g_uri_get_host (uri), g_uri_get_port (uri));

  return g_strdup (g_uri_get_host (uri));
}

/* The account's description is kept beside its store (it holds nothing secret), so the app can
 * show who is signed in when it starts offline. */
static char *
account_cache_path (const char *server_url,
                    const char *login)
{
  g_autofree char *host = server_host (server_url);
  g_autofree char *store_path = gp_store_build_path (host, login);

  return g_strconcat (store_path, ".account.json", NULL);
}

static void
save_account_cache (GpSyncEngine *self)
{
  g_autoptr(JsonNode) node = account_to_json (self->account);
  g_autofree char *text = json_to_string (node, TRUE);
  g_autofree char *path = account_cache_path (self->server_url, self->account->login);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text, -1, &error))
    g_debug ("Cannot keep the account's description: %s", error->message);
}

static GpAccount *
load_account_cache (const char *server_url,
                    const char *login)
{
  g_autofree char *path = account_cache_path (server_url, login);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return account_from_json (json_node_get_object (json_parser_get_root (parser)), NULL);
}

/* ------------------------------------------------------------------------------------------------
 * The sync cycle, on its own thread
 */

typedef struct {
  GpSyncEngine *engine;       /* for progress reports only, through the main context */
  GpStore      *store;
  char         *base_url;
  char         *token;
  GMainContext *context;      /* the worker's */
  guint         timeout;
  GCancellable *cancellable;

  /* Results for the main thread. */
  GPtrArray    *conflicts;    /* project ids */
  GPtrArray    *failures;     /* FailedAction */
  guint         pending;
  guint         retry_after;
  gboolean      pending_known;
  gint64        clock_offset; /* the server's clock against ours, when clock_known */
  gboolean      clock_known;
} SyncRun;

typedef struct {
  char *project_id;
  char *action;
  char *problems_json;
} FailedAction;

static void
failed_action_free (FailedAction *failed)
{
  g_free (failed->project_id);
  g_free (failed->action);
  g_free (failed->problems_json);
  g_free (failed);
}

static void
sync_run_free (SyncRun *run)
{
  g_clear_object (&run->engine);
  g_clear_object (&run->store);
  g_free (run->base_url);
  if (run->token != NULL)
    memset (run->token, 0, strlen (run->token));
  g_free (run->token);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->conflicts, g_ptr_array_unref);
  g_clear_pointer (&run->failures, g_ptr_array_unref);
  g_free (run);
}

typedef struct {
  GAsyncResult *result;
} Pending;

static void
pending_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Pending *p = data;

  p->result = g_object_ref (result);
}

/* Runs the worker's context until the call that was given pending_cb has answered. */
static GAsyncResult *
await (SyncRun *run,
       Pending *p)
{
  while (p->result == NULL)
    g_main_context_iteration (run->context, TRUE);

  return p->result;
}

typedef struct {
  GpSyncEngine *engine;
  double        progress;
} ProgressReport;

static gboolean
report_progress_cb (gpointer data)
{
  ProgressReport *report = data;

  if (report->engine->status == GP_SYNC_STATUS_SYNCING)
    set_progress (report->engine, report->progress);

  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_object_unref (report->engine);
  g_free (report);
}

static void
report_progress (SyncRun *run,
                 double   progress)
{
  ProgressReport *report = g_new0 (ProgressReport, 1);

  report->engine = g_object_ref (run->engine);
  report->progress = progress;
  g_main_context_invoke_full (run->engine->main_context, G_PRIORITY_DEFAULT,
                              report_progress_cb, report, progress_report_free);
}

static GpApiResponse *
run_call (SyncRun         *run,
          GpApiClient     *client,
          const char      *method,
          const char      *path,
          JsonNode        *body,
          const GpApiCall *call,
          GError         **error)
{
  Pending p = { NULL };
  GpApiResponse *response;

  gp_api_client_call_async (client, method, path, body, call, run->cancellable, pending_cb, &p);
  response = gp_api_client_call_finish (client, await (run, &p), error);
  g_object_unref (p.result);

  return response;
}

/* A failed answer that ends the cycle (the next one retries), as opposed to one that concerns a
 * single project or action. */
static gboolean
response_is_fatal (const GpApiResponse *response)
{
  return response->status == SOUP_STATUS_UNAUTHORIZED ||
         response->status == 429 ||
         response->status >= 500 ||
         (response->status == SOUP_STATUS_FORBIDDEN &&
          g_strcmp0 (response->error_code, "password-change-required") == 0);
}

static gboolean
fail_cycle (SyncRun              *run,
            const GpApiResponse  *response,
            GError              **error)
{
  run->retry_after = MAX (run->retry_after, response->retry_after);

  return gp_api_response_check (response, error);
}

static char *
problems_json_of (const GpApiResponse *response)
{
  JsonObject *root;
  JsonObject *err;
  JsonNode *problems;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) out = NULL;

  if (response->body == NULL || !JSON_NODE_HOLDS_OBJECT (response->body))
    return NULL;

  root = json_node_get_object (response->body);
  err = object_get_object (root, "error");
  problems = err != NULL ? json_object_get_member (err, "problems") : NULL;

  /* Kept as the {"problems": […]} document gp_problems_from_json() reads. */
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "problems");
  if (problems != NULL && JSON_NODE_HOLDS_ARRAY (problems))
    json_builder_add_value (b, json_node_copy (problems));
  else
    {
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, "");
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, response->error_code != NULL ? response->error_code : "refused");
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, response->error_message != NULL ? response->error_message : "");
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, "");
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  out = json_builder_get_root (b);

  return json_to_string (out, FALSE);
}

static gint64
revision_of (const GpApiResponse *response)
{
  JsonObject *root;
  gint64 rev;

  if (response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body))
    {
      root = json_node_get_object (response->body);
      rev = object_get_int (root, "rev", 0);
      if (rev > 0)
        return rev;
      rev = object_get_int (object_get_object (root, "project"), "rev", 0);
      if (rev > 0)
        return rev;
    }

  if (response->etag != NULL)
    {
      g_autofree char *bare = g_strdup (response->etag);
      guint64 value;

      g_strdelimit (bare, "\"W/", ' ');
      g_strstrip (bare);
      if (g_ascii_string_to_unsigned (bare, 10, 1, G_MAXINT64, &value, NULL))
        return (gint64) value;
    }

  return 0;
}

/* 1. Push: each project changed here goes up with the revision it was based on. */
static gboolean
run_push (SyncRun      *run,
          GpApiClient  *client,
          GError      **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  Pending p = { NULL };

  gp_store_list_changes_async (run->store, run->cancellable, pending_cb, &p);
  changes = gp_store_list_changes_finish (run->store, await (run, &p), error);
  g_clear_object (&p.result);
  if (changes == NULL)
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      GpStoredProject *stored = g_ptr_array_index (changes, i);
      g_autoptr(GpApiResponse) response = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *path = NULL;
      g_autofree char *if_match = NULL;
      g_autofree char *key = NULL;
      g_autofree char *escaped = g_uri_escape_string (stored->project->id, NULL, FALSE);
      GpApiCall call = { NULL, NULL, FALSE };
      const char *method;

      /* The key names this exact version: resent after a crash, the server applies it once. */
      key = g_strdup_printf ("push-%s-%" G_GINT64_FORMAT, stored->project->id, stored->local_version);
      call.idempotency_key = key;

      switch (stored->sync_state)
        {
        case GP_SYNC_STATE_CREATED:
          method = "POST";
          path = g_strdup ("/api/v1/projects");
          body = gp_project_to_json (stored->project);
          break;

        case GP_SYNC_STATE_MODIFIED:
          method = "PUT";
          path = g_strdup_printf ("/api/v1/projects/%s", escaped);
          body = gp_project_to_json (stored->project);
          if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", stored->base_rev);
          call.if_match = if_match;
          break;

        case GP_SYNC_STATE_DELETED:
          method = "DELETE";
          path = g_strdup_printf ("/api/v1/projects/%s", escaped);
          if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", stored->base_rev);
          call.if_match = if_match;
          break;

        case GP_SYNC_STATE_SYNCED:
        default:
          continue;
        }

      /* A project already in conflict waits for the officer's choice. */
      if (stored->conflict != NULL || stored->conflict_deleted)
        continue;

      response = run_call (run, client, method, path, body, &call, error);
      if (response == NULL)
        return FALSE;

      if (response->status >= 200 && response->status < 300)
        {
          gint64 rev = revision_of (response);

          if (rev == 0 && stored->sync_state != GP_SYNC_STATE_DELETED)
            {
              g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL,
                                   _("The server gave an answer this version of the app does not understand."));
              return FALSE;
            }

          gp_store_mark_pushed_async (run->store, stored->project->id, stored->local_version, rev,
                                      run->cancellable, pending_cb, &p);
          if (!gp_store_mark_pushed_finish (run->store, await (run, &p), error))
            {
              g_clear_object (&p.result);
              return FALSE;
            }
          g_clear_object (&p.result);
        }
      else if (response->status == SOUP_STATUS_PRECONDITION_FAILED ||
               response->status == SOUP_STATUS_CONFLICT)
        {
          /* Someone else changed it first. The pull below brings their version, and the store keeps
           * both side by side (never resolved silently: DESIGN.md §4). */
          g_ptr_array_add (run->conflicts, g_strdup (stored->project->id));
        }
      else if (response_is_fatal (response))
        {
          return fail_cycle (run, response, error);
        }
      else
        {
          /* Refused (422, 403, 404…): the draft stays as it is, with the reason for the officer. */
          FailedAction *failed = g_new0 (FailedAction, 1);

          failed->project_id = g_strdup (stored->project->id);
          failed->action = g_strdup ("save");
          failed->problems_json = problems_json_of (response);
          g_ptr_array_add (run->failures, failed);
        }

      report_progress (run, 0.25 * (i + 1) / changes->len);
    }

  return TRUE;
}

/* 2. The outbox, in order. After a refusal in this cycle, later actions of the same project wait:
 * they were queued on the assumption that the refused one would pass. A refusal of an earlier cycle
 * blocks nothing: the officer has seen it and may queue the step again (with the reason it lacked,
 * say), and the server checks every action against the project's state anyway. */
static gboolean
run_outbox (SyncRun      *run,
            GpApiClient  *client,
            GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) blocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Pending p = { NULL };
  guint pending = 0;

  gp_store_list_outbox_async (run->store, FALSE, run->cancellable, pending_cb, &p);
  entries = gp_store_list_outbox_finish (run->store, await (run, &p), error);
  g_clear_object (&p.result);
  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      GpOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GpApiResponse) response = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autofree char *escaped_id = NULL;
      g_autofree char *escaped_action = NULL;
      g_autofree char *path = NULL;
      g_autofree char *problems = NULL;
      GpApiCall call = { NULL, entry->idempotency_key, FALSE };
      GpOutboxState state;

      if (entry->state != GP_OUTBOX_STATE_PENDING)
        continue;
      if (g_hash_table_contains (blocked, entry->project_id))
        {
          pending++;
          continue;
        }

      if (entry->payload_json != NULL)
        {
          body = json_from_string (entry->payload_json, NULL);
          if (body == NULL)
            body = json_node_init_object (json_node_alloc (), json_object_new ());
        }
      else
        body = json_node_init_object (json_node_alloc (), json_object_new ());

      escaped_id = g_uri_escape_string (entry->project_id, NULL, FALSE);
      escaped_action = g_uri_escape_string (entry->action, NULL, FALSE);
      path = g_strdup_printf ("/api/v1/projects/%s/actions/%s", escaped_id, escaped_action);

      response = run_call (run, client, "POST", path, body, &call, error);
      if (response == NULL)
        return FALSE;

      if (response->status >= 200 && response->status < 300)
        state = GP_OUTBOX_STATE_SENT;
      else if (response_is_fatal (response))
        return fail_cycle (run, response, error);
      else
        {
          FailedAction *failed = g_new0 (FailedAction, 1);

          state = GP_OUTBOX_STATE_FAILED;
          problems = problems_json_of (response);
          failed->project_id = g_strdup (entry->project_id);
          failed->action = g_strdup (entry->action);
          failed->problems_json = g_strdup (problems);
          g_ptr_array_add (run->failures, failed);
          g_hash_table_add (blocked, g_strdup (entry->project_id));
        }

      gp_store_mark_action_async (run->store, entry->seq, state, problems, run->cancellable, pending_cb, &p);
      if (!gp_store_mark_action_finish (run->store, await (run, &p), error))
        {
          g_clear_object (&p.result);
          return FALSE;
        }
      g_clear_object (&p.result);

      report_progress (run, 0.25 + 0.25 * (i + 1) / entries->len);
    }

  run->pending = pending;
  run->pending_known = TRUE;

  return TRUE;
}

static char *
get_cursor (SyncRun     *run,
            const char  *stream,
            GError     **error)
{
  Pending p = { NULL };
  g_autoptr(GError) local_error = NULL;
  char *cursor;

  gp_store_get_cursor_async (run->store, stream, run->cancellable, pending_cb, &p);
  cursor = gp_store_get_cursor_finish (run->store, await (run, &p), &local_error);
  g_clear_object (&p.result);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return cursor;
}

static char *
feed_path (const char *base,
           const char *cursor,
           guint       limit)
{
  g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;

  if (escaped != NULL)
    return g_strdup_printf ("%s?since=%s&limit=%u", base, escaped, limit);

  return g_strdup_printf ("%s?limit=%u", base, limit);
}

static gboolean
protocol_error (GError **error)
{
  g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL,
                       _("The server gave an answer this version of the app does not understand."));
  return FALSE;
}

/* A page of a paged stream on its way from the server to the store. */
typedef struct {
  GPtrArray *items;      /* GpProject (the feed) or GpRegistryEntry (a registry) */
  GPtrArray *deletions;  /* ids, NULL-terminated */
  char      *next;
  gboolean   more;
  Pending    pending;    /* the store's answer */
} Page;

static Page *
page_new (GDestroyNotify item_free)
{
  Page *page = g_new0 (Page, 1);

  page->items = g_ptr_array_new_with_free_func (item_free);
  page->deletions = g_ptr_array_new_with_free_func (g_free);
  return page;
}

static void
page_free (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->deletions, g_ptr_array_unref);
  g_free (page->next);
  g_clear_object (&page->pending.result);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* How one paged stream of the API goes into the store: `GET base?since=CURSOR&limit=N` answers
 * `{MEMBER: [{"id", "deleted", …}], "next", "more"}` (docs/api.md). */
typedef struct {
  const char *stream;      /* the store's cursor */
  const char *base;
  guint       page_size;
  gboolean    missing_ok;  /* a 404 ends the walk quietly (a server without that stream) */
  gboolean    raw;         /* decode() reads the answer's text, not a JSON tree */

  /* On the engine's thread: the answer into @page (its items, deletions, next and more). */
  gboolean  (*decode) (SyncRun        *run,
                       GpApiResponse  *response,
                       Page           *page,
                       gpointer        data,
                       GError        **error);
  /* Queues @page on the store, which must write it and its cursor in one transaction and answer
   * through page->pending. */
  void      (*start)  (SyncRun        *run,
                       Page           *page,
                       gpointer        data);
  /* Takes the store's answer. */
  gboolean  (*finish) (SyncRun        *run,
                       Page           *page,
                       gpointer        data,
                       GError        **error);
} PageStream;

/* Waits for the store's answer about @page. */
static gboolean
page_wait (SyncRun          *run,
           const PageStream *s,
           Page             *page,
           gpointer          data,
           GError          **error)
{
  await (run, &page->pending);
  return s->finish (run, page, data, error);
}

/* Walks a paged stream from its stored cursor to its end. While the store writes page k, page k + 1
 * is fetched and decoded; page k + 1 goes to the store only once page k is in, so pages and their
 * cursors are stored in order, and nothing after a page that failed. Returns FALSE with @error on
 * any failure. */
static gboolean
walk_pages (SyncRun          *run,
            GpApiClient      *client,
            const PageStream *s,
            gpointer          data,
            GError          **error)
{
  g_autofree char *cursor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Page) applying = NULL;   /* in the store */
  GpApiCall call = { NULL, NULL, s->raw };
  gboolean ok = TRUE;
  gboolean more = TRUE;

  cursor = get_cursor (run, s->stream, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  while (more)
    {
      g_autofree char *path = feed_path (s->base, cursor, s->page_size);
      g_autoptr(GpApiResponse) response = NULL;
      g_autoptr(Page) page = NULL;

      response = run_call (run, client, "GET", path, NULL, &call, &local_error);
      if (response == NULL)
        {
          ok = FALSE;
          break;
        }
      if (s->missing_ok && response->status == SOUP_STATUS_NOT_FOUND)
        break;
      if (!gp_api_response_check (response, NULL))
        {
          ok = fail_cycle (run, response, &local_error);
          break;
        }

      page = page_new (NULL);
      if (!s->decode (run, response, page, data, &local_error))
        {
          ok = FALSE;
          break;
        }
      g_clear_pointer (&response, gp_api_response_free);

      if (applying != NULL)
        {
          if (!page_wait (run, s, applying, data, &local_error))
            {
              ok = FALSE;
              g_clear_pointer (&applying, page_free);
              break;
            }
          g_clear_pointer (&applying, page_free);
        }

      s->start (run, page, data);
      g_free (cursor);
      cursor = g_strdup (page->next);
      more = page->more;
      applying = g_steal_pointer (&page);
    }

  /* The page in the store is waited for whatever happened since: its callback writes into it. */
  if (applying != NULL && !page_wait (run, s, applying, data, ok ? &local_error : NULL))
    ok = FALSE;

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

typedef struct {
  guint pages;
} FeedProgress;

/* A page of the change feed, read from its text: each project through the codec's strict text
 * decoder, without a JSON tree of the page. */
static gboolean
decode_feed_page (SyncRun        *run,
                  GpApiResponse  *response,
                  Page           *page,
                  gpointer        data,
                  GError        **error)
{
  g_autoptr(GpFeedPage) feed = NULL;
  g_autoptr(GError) parse_error = NULL;
  gsize len = 0;
  const char *text;

  if (response->raw == NULL)
    return protocol_error (error);
  text = g_bytes_get_data (response->raw, &len);
  feed = gp_feed_page_parse (text, len, "changes", &parse_error);
  if (feed == NULL)
    {
      g_debug ("%s", parse_error->message);
      return protocol_error (error);
    }

  g_ptr_array_set_free_func (page->items, (GDestroyNotify) gp_project_free);
  for (guint i = 0; i < feed->items->len; i++)
    {
      GpFeedItem *item = &g_array_index (feed->items, GpFeedItem, i);
      g_autoptr(GError) decode_error = NULL;
      GpProject *project;

      if (item->deleted)
        {
          g_ptr_array_add (page->deletions, g_steal_pointer (&item->id));
          continue;
        }
      if (item->project == NULL)
        return protocol_error (error);

      /* A project the app cannot represent is never half-applied. */
      project = gp_project_from_json_string (item->project, (gssize) item->project_len, &decode_error);
      if (project == NULL)
        {
          g_set_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL,
                       _("The server sent a project this version of the app cannot read: %s"),
                       decode_error->message);
          return FALSE;
        }
      g_ptr_array_add (page->items, project);
    }
  g_ptr_array_add (page->deletions, NULL);

  page->next = g_steal_pointer (&feed->next);
  page->more = feed->more;
  return TRUE;
}

static void
start_feed_page (SyncRun  *run,
                 Page     *page,
                 gpointer  data)
{
  gp_store_apply_feed_page_async (run->store, FEED_STREAM, page->items,
                                  (const char * const *) page->deletions->pdata, page->next,
                                  run->cancellable, pending_cb, &page->pending);
}

static gboolean
finish_feed_page (SyncRun   *run,
                  Page      *page,
                  gpointer   data,
                  GError   **error)
{
  FeedProgress *progress = data;
  guint n_conflicts = 0;
  Pending p = { NULL };

  if (!gp_store_apply_feed_page_finish (run->store, page->pending.result, &n_conflicts, error))
    return FALSE;

  /* Which of them the store put in conflict (both sides changed). */
  for (guint i = 0; n_conflicts > 0 && i < page->items->len; i++)
    {
      GpProject *project = g_ptr_array_index (page->items, i);
      g_autoptr(GpStoredProject) stored = NULL;

      gp_store_load_project_async (run->store, project->id, run->cancellable, pending_cb, &p);
      stored = gp_store_load_project_finish (run->store, await (run, &p), NULL);
      g_clear_object (&p.result);
      if (stored != NULL && stored->conflict != NULL &&
          !g_ptr_array_find_with_equal_func (run->conflicts, project->id, g_str_equal, NULL))
        g_ptr_array_add (run->conflicts, g_strdup (project->id));
    }

  progress->pages++;
  report_progress (run, 0.5 + 0.4 * (1.0 - 1.0 / (progress->pages + 1)));

  return TRUE;
}

/* 3. Pull the change feed: every page with its cursor in one store transaction. */
static gboolean
run_pull (SyncRun      *run,
          GpApiClient  *client,
          GError      **error)
{
  static const PageStream feed = {
    FEED_STREAM, "/api/v1/changes", FEED_PAGE_SIZE, FALSE, TRUE,
    decode_feed_page, start_feed_page, finish_feed_page,
  };
  FeedProgress progress = { 0 };

  return walk_pages (run, client, &feed, &progress, error);
}

/* A page of a registry: kept as the server's JSON with its name and code beside it. */
static gboolean
decode_registry_page (SyncRun        *run,
                      GpApiResponse  *response,
                      Page           *page,
                      gpointer        data,
                      GError        **error)
{
  JsonObject *root;
  JsonNode *items;
  JsonArray *array;
  const char *next;

  if (response->body == NULL || !JSON_NODE_HOLDS_OBJECT (response->body))
    return protocol_error (error);
  root = json_node_get_object (response->body);
  items = json_object_get_member (root, "entries");
  next = object_get_string (root, "next");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items) || next == NULL)
    return protocol_error (error);

  g_ptr_array_set_free_func (page->items, (GDestroyNotify) gp_registry_entry_free);
  array = json_node_get_array (items);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *entry;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (item) ||
          (id = object_get_string (json_node_get_object (item), "id")) == NULL)
        return protocol_error (error);
      entry = json_node_get_object (item);

      if (object_get_bool (entry, "deleted"))
        g_ptr_array_add (page->deletions, g_strdup (id));
      else
        {
          g_autofree char *json = json_to_string (item, FALSE);

          g_ptr_array_add (page->items, gp_registry_entry_new (id,
                                                               object_get_string (entry, "name"),
                                                               object_get_string (entry, "code"),
                                                               json));
        }
    }
  g_ptr_array_add (page->deletions, NULL);

  page->next = g_strdup (next);
  page->more = object_get_bool (root, "more");
  return TRUE;
}

static void
start_registry_page (SyncRun  *run,
                     Page     *page,
                     gpointer  data)
{
  gp_store_apply_registry_page_async (run->store, data, page->items,
                                      (const char * const *) page->deletions->pdata, page->next,
                                      run->cancellable, pending_cb, &page->pending);
}

static gboolean
finish_registry_page (SyncRun   *run,
                      Page      *page,
                      gpointer   data,
                      GError   **error)
{
  return gp_store_apply_registry_page_finish (run->store, page->pending.result, error);
}

/* 4. The registry caches, the same way. A server without a registry endpoint (404) is skipped. */
static gboolean
run_registries (SyncRun      *run,
                GpApiClient  *client,
                GError      **error)
{
  for (guint k = 0; k < G_N_ELEMENTS (registry_kinds); k++)
    {
      g_autofree char *stream = g_strconcat ("registry/", registry_kinds[k], NULL);
      g_autofree char *base = g_strconcat ("/api/v1/registries/", registry_kinds[k], NULL);
      const PageStream registry = {
        stream, base, REGISTRY_PAGE_SIZE, TRUE, FALSE,
        decode_registry_page, start_registry_page, finish_registry_page,
      };

      if (!walk_pages (run, client, &registry, (gpointer) registry_kinds[k], error))
        return FALSE;

      report_progress (run, 0.9 + 0.1 * (k + 1) / G_N_ELEMENTS (registry_kinds));
    }

  return TRUE;
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SyncRun *run = task_data;
  g_autoptr(GpApiClient) client = NULL;
  g_autoptr(GError) error = NULL;

  run->context = g_main_context_new ();
  g_main_context_push_thread_default (run->context);

  client = gp_api_client_new (run->base_url, &error);
  if (client != NULL)
    {
      gp_api_client_set_token (client, run->token);
      if (run->timeout > 0)
        gp_api_client_set_timeout (client, run->timeout);

      if (run_push (run, client, &error) &&
          run_outbox (run, client, &error) &&
          run_pull (run, client, &error) &&
          run_registries (run, client, &error))
        report_progress (run, 1.0);
    }

  if (client != NULL)
    run->clock_known = gp_api_client_get_clock_offset (client, &run->clock_offset);

  /* Let the calls' last callbacks run before the context goes. */
  g_clear_object (&client);
  while (g_main_context_iteration (run->context, FALSE))
    ;
  g_main_context_pop_thread_default (run->context);
  g_clear_pointer (&run->context, g_main_context_unref);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------------------------------
 * Scheduling on the main thread
 */

static void gp_sync_engine_start_cycle (GpSyncEngine *self);

static gboolean
retry_cb (gpointer data)
{
  GpSyncEngine *self = data;

  self->retry_id = 0;
  gp_sync_engine_start_cycle (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GpSyncEngine *self,
                guint         retry_after)
{
  guint delay;

  /* Exponential backoff with jitter (±25 %), never sooner than the server asked. */
  self->backoff = self->backoff == 0 ? BACKOFF_MIN_SECONDS : MIN (self->backoff * 2, BACKOFF_MAX_SECONDS);
  delay = self->backoff * 3 / 4 + (guint) g_random_int_range (0, (gint) (self->backoff / 2 + 1));
  delay = MAX (delay, retry_after);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_seconds (delay, retry_cb, self);
  self->retry_delay = delay;
}

/**
 * gp_sync_engine_get_retry_delay:
 * @self: a #GpSyncEngine
 *
 * After a failed cycle the engine tries again by itself: the seconds it waits (exponential backoff
 * from 2 s to 5 min with ±25 % jitter, never sooner than the server's Retry-After).
 *
 * Returns: the delay of the scheduled retry, or 0 when none is scheduled
 */
guint
gp_sync_engine_get_retry_delay (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), 0);

  return self->retry_id != 0 ? self->retry_delay : 0;
}

static void
refresh_pending_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GpSyncEngine) self = data;
  g_autoptr(GPtrArray) entries = gp_store_list_outbox_finish (GP_STORE (object), result, NULL);
  guint pending = 0;

  if (entries == NULL)
    return;

  for (guint i = 0; i < entries->len; i++)
    if (((GpOutboxEntry *) g_ptr_array_index (entries, i))->state == GP_OUTBOX_STATE_PENDING)
      pending++;

  set_pending_actions (self, pending);
}

static void
refresh_pending (GpSyncEngine *self)
{
  if (self->store != NULL)
    gp_store_list_outbox_async (self->store, FALSE, self->cancellable, refresh_pending_cb, g_object_ref (self));
}

static void
cycle_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  GpSyncEngine *self = GP_SYNC_ENGINE (object);
  SyncRun *run = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (run->clock_known && self->client != NULL)
    gp_api_client_set_clock_offset (self->client, run->clock_offset);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->status == GP_SYNC_STATUS_SIGNED_OUT ||
          g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (self->network_lost)
        {
          /* The network went while the cycle ran: no retries until it is back (network_changed_cb). */
          set_status (self, GP_SYNC_STATUS_OFFLINE, _("This computer is offline. Work goes on; it will be sent when the network is back."));
        }
      else
        {
          /* Signed out by the server, or the password must change: retrying cannot help. The
           * retry is scheduled before the status says what happened, so both come together. */
          if (!g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED) &&
              !g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PASSWORD_CHANGE_REQUIRED))
            schedule_retry (self, run->retry_after);

          if (g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE) ||
              g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_TIMEOUT))
            set_status (self, GP_SYNC_STATUS_OFFLINE, error->message);
          else
            set_status (self, GP_SYNC_STATUS_ERROR, error->message);
        }
    }
  else
    {
      self->backoff = 0;
      self->last_sync = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
      set_status (self, GP_SYNC_STATUS_IDLE, NULL);
    }

  set_progress (self, 0.0);

  if (run->pending_known)
    set_pending_actions (self, run->pending);
  else
    refresh_pending (self);

  for (guint i = 0; i < run->conflicts->len; i++)
    g_signal_emit (self, signals[CONFLICT], 0, g_ptr_array_index (run->conflicts, i));

  for (guint i = 0; i < run->failures->len; i++)
    {
      FailedAction *failed = g_ptr_array_index (run->failures, i);

      g_signal_emit (self, signals[ACTION_FAILED], 0, failed->project_id, failed->action, failed->problems_json);
    }

  g_signal_emit (self, signals[SYNCED], 0);

  if (self->again && self->status == GP_SYNC_STATUS_IDLE)
    {
      self->again = FALSE;
      gp_sync_engine_start_cycle (self);
    }
}

static gboolean
can_sync (GpSyncEngine *self)
{
  return self->store != NULL &&
         self->token != NULL &&
         self->account != NULL &&
         !self->account->password_change_required;
}

static void
gp_sync_engine_start_cycle (GpSyncEngine *self)
{
  g_autoptr(GTask) task = NULL;
  SyncRun *run;

  if (!can_sync (self))
    return;

  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->running = TRUE;
  self->again = FALSE;
  set_status (self, GP_SYNC_STATUS_SYNCING, NULL);
  set_progress (self, 0.0);

  run = g_new0 (SyncRun, 1);
  run->engine = g_object_ref (self);
  run->store = g_object_ref (self->store);
  run->base_url = g_strdup (self->server_url);
  run->timeout = self->timeout;
  run->token = g_strdup (self->token);
  run->cancellable = g_object_ref (self->cancellable);
  run->conflicts = g_ptr_array_new_with_free_func (g_free);
  run->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) failed_action_free);

  task = g_task_new (self, self->cancellable, cycle_done_cb, NULL);
  g_task_set_source_tag (task, gp_sync_engine_start_cycle);
  g_task_set_task_data (task, run, (GDestroyNotify) sync_run_free);
  g_task_run_in_thread (task, sync_thread);
}

/**
 * gp_sync_engine_sync_now:
 *
 * Starts a sync cycle now (the manual sync action, or after an edit), or right after the running one.
 */
void
gp_sync_engine_sync_now (GpSyncEngine *self)
{
  g_return_if_fail (GP_IS_SYNC_ENGINE (self));

  self->backoff = 0;
  gp_sync_engine_start_cycle (self);
}

static gboolean
periodic_cb (gpointer data)
{
  GpSyncEngine *self = data;

  gp_sync_engine_start_cycle (self);

  return G_SOURCE_CONTINUE;
}

static void
gp_sync_engine_schedule_periodic (GpSyncEngine *self)
{
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  if (self->store != NULL && self->interval > 0)
    self->periodic_id = g_timeout_add_seconds (self->interval * 60, periodic_cb, self);
}

void
gp_sync_engine_set_interval (GpSyncEngine *self,
                             guint         minutes)
{
  g_return_if_fail (GP_IS_SYNC_ENGINE (self));
  g_return_if_fail (minutes > 0);

  if (self->interval == minutes)
    return;

  self->interval = minutes;
  gp_sync_engine_schedule_periodic (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * gp_sync_engine_set_timeout:
 * @seconds: how long one request may take before the server counts as unreachable
 */
void
gp_sync_engine_set_timeout (GpSyncEngine *self,
                            guint         seconds)
{
  g_return_if_fail (GP_IS_SYNC_ENGINE (self));

  self->timeout = seconds;
  if (self->client != NULL && seconds > 0)
    gp_api_client_set_timeout (self->client, seconds);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    GpSyncEngine    *self)
{
  self->network_lost = !available;

  if (self->store == NULL)
    return;

  if (!available)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      if (!self->running)
        set_status (self, GP_SYNC_STATUS_OFFLINE, _("This computer is offline. Work goes on; it will be sent when the network is back."));
    }
  else if (self->status == GP_SYNC_STATUS_OFFLINE || self->status == GP_SYNC_STATUS_ERROR)
    {
      gp_sync_engine_sync_now (self);
    }
}

/* ------------------------------------------------------------------------------------------------
 * Signing in and out, on the main thread
 */

static gboolean
open_session (GpSyncEngine  *self,
              const char    *server_url,
              GpApiClient   *client,
              GpAccount     *account,
              const char    *token,
              GError       **error)
{
  g_autofree char *host = server_host (server_url);
  g_autoptr(GpStore) store = NULL;

  /* The account's own database (DESIGN.md §4); opening it is quick and done once per sign-in. */
  store = gp_store_new_for_account (host, account->login, error);
  if (store == NULL)
    return FALSE;

  g_set_object (&self->client, client);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->account, gp_account_free);
  self->account = gp_account_copy (account);
  g_free (self->server_url);
  self->server_url = g_strdup (gp_api_client_get_base_url (client));
  gp_api_client_set_token (self->client, token);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    g_set_object (&self->cancellable, g_cancellable_new ());

  save_account_cache (self);
  gp_sync_engine_schedule_periodic (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);

  refresh_pending (self);

  return TRUE;
}

typedef struct {
  GpApiClient *client;
  char        *server_url;
  char        *login;
  char        *password;
  char        *new_password;
  gboolean     remember;
  GpAccount   *account;
  char        *token;
} SignIn;

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
sign_in_free (SignIn *data)
{
  g_clear_object (&data->client);
  g_free (data->server_url);
  g_free (data->login);
  wipe (data->password);
  wipe (data->new_password);
  wipe (data->token);
  g_clear_pointer (&data->account, gp_account_free);
  g_free (data);
}

static char *
format_local_time (const char *iso)
{
  g_autoptr(GDateTime) when = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;

  if (local == NULL)
    return NULL;

  return g_date_time_format (local, "%H:%M");
}

/* The sign-in refusals, said the way an officer needs them (issue 6: attempts left, locked until). */
static void
sign_in_error (GpApiResponse  *response,
               GError        **error)
{
  JsonObject *err = NULL;

  if (response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body))
    err = object_get_object (json_node_get_object (response->body), "error");

  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      gint64 left = object_get_int (err, "attempts_left", -1);

      if (left > 0)
        g_set_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The account or the password is wrong. %d attempt is left before the account is locked.",
                                  "The account or the password is wrong. %d attempts are left before the account is locked.",
                                  (gulong) left),
                     (int) left);
      else
        g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED,
                             _("The account or the password is wrong."));
      return;
    }

  if (g_strcmp0 (response->error_code, "account-locked") == 0)
    {
      g_autofree char *until = format_local_time (object_get_string (err, "locked_until"));

      if (until != NULL)
        /* Translators: %s is a time of day, e.g. 10:45. */
        g_set_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_LOCKED,
                     _("Too many failed sign-ins: the account is locked until %s."), until);
      else
        g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_LOCKED,
                             _("The account is locked after too many failed sign-ins. Try again later."));
      return;
    }

  /* A success status this call does not expect is still not an answer the app understands. */
  if (gp_api_response_check (response, error))
    protocol_error (error);
}

static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  /* Memory-only when the keyring cannot be used: GpCredentials:keyring-error says why. */
  gp_credentials_store_finish (GP_CREDENTIALS (object), result, NULL, NULL);
}

static void
keep_secret (GpSyncEngine *self,
             const char   *kind,
             const char   *secret)
{
  gp_credentials_store_async (self->credentials, self->server_url, self->account->login, kind, secret,
                              NULL, store_secret_cb, NULL);
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GpSyncEngine *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(GpApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  const char *token;

  response = gp_api_client_call_finish (GP_API_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->status != SOUP_STATUS_CREATED && response->status != SOUP_STATUS_OK)
    {
      sign_in_error (response, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body) ?
         json_node_get_object (response->body) : NULL;
  token = object_get_string (root, "token");
  data->account = account_from_json (object_get_object (root, "account"), &error);
  if (data->account == NULL || token == NULL)
    {
      if (error == NULL)
        protocol_error (&error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!open_session (self, data->server_url, data->client, data->account, token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  keep_secret (self, GP_CREDENTIAL_TOKEN, token);
  if (data->remember)
    keep_secret (self, GP_CREDENTIAL_PASSWORD, data->password);

  if (self->account->password_change_required)
    set_status (self, GP_SYNC_STATUS_IDLE, NULL);
  else
    gp_sync_engine_sync_now (self);

  g_task_return_pointer (task, self->account, NULL);
}

void
gp_sync_engine_sign_in_async (GpSyncEngine        *self,
                              const char          *server_url,
                              const char          *login,
                              const char          *password,
                              gboolean             remember_password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  SignIn *data;

  g_return_if_fail (GP_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_sync_engine_sign_in_async);

  data = g_new0 (SignIn, 1);
  data->server_url = g_strdup (server_url);
  data->login = g_strdup (login);
  data->password = g_strdup (password);
  data->remember = remember_password;
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);

  data->client = gp_api_client_new (server_url, &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, login);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  gp_api_client_call_async (data->client, "POST", "/api/v1/session", body, NULL, cancellable,
                            sign_in_cb, g_steal_pointer (&task));
}

/**
 * gp_sync_engine_sign_in_finish:
 *
 * Returns: (transfer none): the signed-in account; check its password_change_required.
 */
const GpAccount *
gp_sync_engine_sign_in_finish (GpSyncEngine  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
resume_offline (GTask        *task,
                GpSyncEngine *self,
                SignIn       *data,
                const char   *reason)
{
  g_autoptr(GpAccount) cached = load_account_cache (data->server_url, data->login);
  g_autoptr(GError) error = NULL;

  if (cached == NULL)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE, "%s", reason);
      return;
    }

  if (!open_session (self, data->server_url, data->client, cached, data->token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_status (self, GP_SYNC_STATUS_OFFLINE, reason);
  schedule_retry (self, 0);
  g_task_return_pointer (task, self->account, NULL);
}

static void
resume_whoami_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GpSyncEngine *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(GpApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = gp_api_client_call_finish (GP_API_CLIENT (object), result, &error);
  if (response == NULL)
    {
      if (g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE) ||
          g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_TIMEOUT))
        resume_offline (task, self, data, error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!gp_api_response_check (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->account = response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body) ?
                  account_from_json (object_get_object (json_node_get_object (response->body), "account"), &error) :
                  NULL;
  if (data->account == NULL)
    {
      if (error == NULL)
        protocol_error (&error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!open_session (self, data->server_url, data->client, data->account, data->token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->account->password_change_required)
    set_status (self, GP_SYNC_STATUS_IDLE, NULL);
  else
    gp_sync_engine_sync_now (self);

  g_task_return_pointer (task, self->account, NULL);
}

static void
resume_lookup_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->token = gp_credentials_lookup_finish (GP_CREDENTIALS (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->token == NULL)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED, "%s",
                               _("You are not signed in, or your session has ended. Sign in again."));
      return;
    }

  gp_api_client_set_token (data->client, data->token);
  gp_api_client_call_async (data->client, "GET", "/api/v1/session", NULL, NULL,
                            g_task_get_cancellable (task), resume_whoami_cb, g_object_ref (task));
}

void
gp_sync_engine_resume_async (GpSyncEngine        *self,
                             const char          *server_url,
                             const char          *login,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  SignIn *data;

  g_return_if_fail (GP_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && login != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_sync_engine_resume_async);

  data = g_new0 (SignIn, 1);
  data->login = g_strdup (login);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);

  data->client = gp_api_client_new (server_url, &error);
  if (data->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->server_url = g_strdup (gp_api_client_get_base_url (data->client));

  gp_credentials_lookup_async (self->credentials, data->server_url, login, GP_CREDENTIAL_TOKEN,
                               cancellable, resume_lookup_cb, g_steal_pointer (&task));
}

const GpAccount *
gp_sync_engine_resume_finish (GpSyncEngine  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  GPtrArray *problems;
  char      *new_password;
} ChangePassword;

static void
change_password_free (ChangePassword *data)
{
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  wipe (data->new_password);
  g_free (data);
}

typedef struct {
  GpSyncEngine *engine;
  char         *new_password;
} Remembered;

static void
remembered_free (Remembered *data)
{
  g_object_unref (data->engine);
  wipe (data->new_password);
  g_free (data);
}

static void
had_password_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Remembered *data = user_data;
  g_autofree char *old = gp_credentials_lookup_finish (GP_CREDENTIALS (object), result, NULL);

  /* The keyring keeps the password only if the officer asked for that before. */
  if (old != NULL && data->engine->account != NULL)
    keep_secret (data->engine, GP_CREDENTIAL_PASSWORD, data->new_password);
  if (old != NULL)
    memset (old, 0, strlen (old));

  remembered_free (data);
}

static void
change_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GpSyncEngine *self = g_task_get_source_object (task);
  ChangePassword *data = g_task_get_task_data (task);
  g_autoptr(GpApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GpAccount) account = NULL;

  response = gp_api_client_call_finish (GP_API_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->status == SOUP_STATUS_UNPROCESSABLE_ENTITY)
    {
      g_autofree char *json = problems_json_of (response);
      g_autoptr(JsonNode) node = json_from_string (json, NULL);

      data->problems = node != NULL ? gp_problems_from_json (node, NULL) : NULL;
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_INVALID, "%s",
                               _("The new password does not follow the password rules."));
      return;
    }

  if (response->status == SOUP_STATUS_FORBIDDEN && g_strcmp0 (response->error_code, "wrong-password") == 0)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED, "%s",
                               _("The current password is wrong."));
      return;
    }

  if (response->status != SOUP_STATUS_OK)
    {
      sign_in_error (response, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body))
    account = account_from_json (object_get_object (json_node_get_object (response->body), "account"), NULL);

  if (self->account != NULL)
    {
      if (account != NULL)
        {
          gp_account_free (self->account);
          self->account = g_steal_pointer (&account);
        }
      Remembered *remembered = g_new0 (Remembered, 1);

      self->account->password_change_required = FALSE;
      save_account_cache (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);

      /* Update a remembered password, if there is one. */
      remembered->engine = g_object_ref (self);
      remembered->new_password = g_steal_pointer (&data->new_password);
      gp_credentials_lookup_async (self->credentials, self->server_url, self->account->login,
                                   GP_CREDENTIAL_PASSWORD, NULL, had_password_cb, remembered);
    }

  g_task_return_boolean (task, TRUE);

  /* The first sync may start now that the account is out of the initial password. */
  gp_sync_engine_sync_now (self);
}

void
gp_sync_engine_change_password_async (GpSyncEngine        *self,
                                      const char          *old_password,
                                      const char          *new_password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  ChangePassword *data;

  g_return_if_fail (GP_IS_SYNC_ENGINE (self));
  g_return_if_fail (old_password != NULL && new_password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_sync_engine_change_password_async);

  if (self->client == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED, "%s",
                               _("You are not signed in, or your session has ended. Sign in again."));
      return;
    }

  data = g_new0 (ChangePassword, 1);
  data->new_password = g_strdup (new_password);
  g_task_set_task_data (task, data, (GDestroyNotify) change_password_free);

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "current_password");
  json_builder_add_string_value (b, old_password);
  json_builder_set_member_name (b, "new_password");
  json_builder_add_string_value (b, new_password);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  gp_api_client_call_async (self->client, "POST", "/api/v1/session/password", body, NULL, cancellable,
                            change_password_cb, g_steal_pointer (&task));
}

gboolean
gp_sync_engine_change_password_finish (GpSyncEngine  *self,
                                       GAsyncResult  *result,
                                       GPtrArray    **out_problems,
                                       GError       **error)
{
  ChangePassword *data;

  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_problems != NULL)
    *out_problems = data != NULL && data->problems != NULL ? g_ptr_array_ref (data->problems) : NULL;

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
close_session (GpSyncEngine *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->backoff = 0;

  if (self->store != NULL)
    {
      gp_store_shutdown (self->store);
      g_clear_object (&self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }

  g_clear_pointer (&self->account, gp_account_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  g_clear_object (&self->client);

  set_pending_actions (self, 0);
  set_progress (self, 0.0);
  set_status (self, GP_SYNC_STATUS_SIGNED_OUT, NULL);
}

static void
sign_out_clear_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!gp_credentials_clear_finish (GP_CREDENTIALS (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

typedef struct {
  char    *server_url;
  char    *login;
  gboolean forget;
} SignOut;

static void
sign_out_free (SignOut *data)
{
  g_free (data->server_url);
  g_free (data->login);
  g_free (data);
}

static void
sign_out_logout_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GpSyncEngine *self = g_task_get_source_object (task);
  SignOut *data = g_task_get_task_data (task);
  g_autoptr(GpApiResponse) response = NULL;

  /* Best effort: offline, the token simply expires on the server. */
  response = gp_api_client_call_finish (GP_API_CLIENT (object), result, NULL);

  if (data->forget && data->login != NULL)
    gp_credentials_clear_async (self->credentials, data->server_url, data->login, NULL,
                                sign_out_clear_cb, g_object_ref (task));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * gp_sync_engine_sign_out_async:
 * @forget_credentials: also forget the token and a remembered password in the keyring
 *
 * Ends the session on the server (when it can be reached) and here. Drafts stay on this computer.
 */
void
gp_sync_engine_sign_out_async (GpSyncEngine        *self,
                               gboolean             forget_credentials,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GpApiClient) client = NULL;
  SignOut *data;

  g_return_if_fail (GP_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_sync_engine_sign_out_async);

  data = g_new0 (SignOut, 1);
  data->server_url = g_strdup (self->server_url);
  data->login = self->account != NULL ? g_strdup (self->account->login) : NULL;
  data->forget = forget_credentials;
  g_task_set_task_data (task, data, (GDestroyNotify) sign_out_free);

  client = self->client != NULL ? g_object_ref (self->client) : NULL;
  close_session (self);

  if (client == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  gp_api_client_call_async (client, "DELETE", "/api/v1/session", NULL, NULL, cancellable,
                            sign_out_logout_cb, g_steal_pointer (&task));
  /* The client still holds the token for this last call; it goes with the call. */
}

gboolean
gp_sync_engine_sign_out_finish (GpSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
queue_action_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GpSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!gp_store_enqueue_action_finish (GP_STORE (object), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_pending_actions (self, self->pending_actions + 1);
  g_task_return_boolean (task, TRUE);

  if (self->status != GP_SYNC_STATUS_OFFLINE)
    gp_sync_engine_sync_now (self);
}

void
gp_sync_engine_queue_action_async (GpSyncEngine        *self,
                                   const char          *project_id,
                                   const char          *action,
                                   const char          *payload_json,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GP_IS_SYNC_ENGINE (self));
  g_return_if_fail (project_id != NULL && action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_sync_engine_queue_action_async);

  if (self->store == NULL)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED, "%s",
                               _("You are not signed in, or your session has ended. Sign in again."));
      return;
    }

  gp_store_enqueue_action_async (self->store, project_id, action, payload_json, cancellable,
                                 queue_action_cb, g_steal_pointer (&task));
}

gboolean
gp_sync_engine_queue_action_finish (GpSyncEngine  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
notices_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GpApiResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *notices = NULL;

  response = gp_api_client_call_finish (GP_API_CLIENT (object), result, &error);
  if (response == NULL || !gp_api_response_check (response, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body))
    notices = json_object_get_member (json_node_get_object (response->body), "notices");

  if (notices == NULL || !JSON_NODE_HOLDS_ARRAY (notices))
    {
      protocol_error (&error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, json_array_ref (json_node_get_array (notices)), (GDestroyNotify) json_array_unref);
}

void
gp_sync_engine_fetch_notices_async (GpSyncEngine        *self,
                                    const char          *type,
                                    const char          *region,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) path = g_string_new ("/api/v1/public/notices");
  char sep = '?';

  g_return_if_fail (GP_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_sync_engine_fetch_notices_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED, "%s",
                               _("You are not signed in, or your session has ended. Sign in again."));
      return;
    }

#define ADD_PARAM(name, value) \
  G_STMT_START { \
    g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE); \
    g_string_append_printf (path, "%c%s=%s", sep, name, escaped); \
    sep = '&'; \
  } G_STMT_END
  if (limit > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", limit);

      ADD_PARAM ("limit", text);
    }
  if (type != NULL && *type != '\0')
    ADD_PARAM ("type", type);
  if (region != NULL && *region != '\0')
    ADD_PARAM ("region", region);
#undef ADD_PARAM

  gp_api_client_call_async (self->client, "GET", path->str, NULL, NULL, cancellable,
                            notices_cb, g_steal_pointer (&task));
}

/**
 * gp_sync_engine_fetch_notices_finish:
 *
 * Returns: (transfer full): the notices
 */
JsonArray *
gp_sync_engine_fetch_notices_finish (GpSyncEngine  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------------
 * Getters and GObject
 */

GpSyncEngine *
gp_sync_engine_new (GpCredentials *credentials)
{
  GpSyncEngine *self;

  g_return_val_if_fail (GP_IS_CREDENTIALS (credentials), NULL);

  self = g_object_new (GP_TYPE_SYNC_ENGINE, NULL);
  self->credentials = g_object_ref (credentials);

  return self;
}

GpSyncStatus
gp_sync_engine_get_status (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), GP_SYNC_STATUS_SIGNED_OUT);
  return self->status;
}

double
gp_sync_engine_get_progress (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), 0.0);
  return self->progress;
}

gint64
gp_sync_engine_get_last_sync (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), 0);
  return self->last_sync;
}

const char *
gp_sync_engine_get_error_message (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  return self->error_message;
}

guint
gp_sync_engine_get_pending_actions (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), 0);
  return self->pending_actions;
}

const GpAccount *
gp_sync_engine_get_account (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  return self->account;
}

const char *
gp_sync_engine_get_server_url (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  return self->server_url;
}

GpStore *
gp_sync_engine_get_store (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

/**
 * gp_sync_engine_get_official_time:
 * @self: a #GpSyncEngine
 *
 * The time lifecycle rules are checked by: the server's clock as of its last answer, so an officer
 * whose computer's clock is wrong sees the deadlines the server will apply.
 *
 * Returns: microseconds since the Unix epoch
 */
gint64
gp_sync_engine_get_official_time (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), g_get_real_time ());
  return gp_api_client_get_official_time (self->client);
}

GpCredentials *
gp_sync_engine_get_credentials (GpSyncEngine *self)
{
  g_return_val_if_fail (GP_IS_SYNC_ENGINE (self), NULL);
  return self->credentials;
}

static void
gp_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GpSyncEngine *self = GP_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_PENDING_ACTIONS:
      g_value_set_uint (value, self->pending_actions);
      break;

    case PROP_ACCOUNT:
      g_value_set_boxed (value, self->account);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GpSyncEngine *self = GP_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      gp_sync_engine_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_sync_engine_dispose (GObject *object)
{
  GpSyncEngine *self = GP_SYNC_ENGINE (object);

  if (self->network_handler != 0)
    g_clear_signal_handler (&self->network_handler, self->monitor);
  close_session (self);
  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (gp_sync_engine_parent_class)->dispose (object);
}

static void
gp_sync_engine_finalize (GObject *object)
{
  GpSyncEngine *self = GP_SYNC_ENGINE (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->main_context, g_main_context_unref);

  G_OBJECT_CLASS (gp_sync_engine_parent_class)->finalize (object);
}

static void
gp_sync_engine_class_init (GpSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gp_sync_engine_dispose;
  object_class->finalize = gp_sync_engine_finalize;
  object_class->get_property = gp_sync_engine_get_property;
  object_class->set_property = gp_sync_engine_set_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       GP_TYPE_SYNC_STATUS, GP_SYNC_STATUS_SIGNED_OUT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PENDING_ACTIONS] =
    g_param_spec_uint ("pending-actions", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT] =
    g_param_spec_boxed ("account", NULL, NULL,
                        GP_TYPE_ACCOUNT,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GP_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       1, 1440, 5,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ACTION_FAILED] =
    g_signal_new ("action-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gp_sync_engine_init (GpSyncEngine *self)
{
  self->interval = 5;
  self->status = GP_SYNC_STATUS_SIGNED_OUT;
  self->main_context = g_main_context_ref_thread_default ();
  self->monitor = g_network_monitor_get_default ();
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);
}
