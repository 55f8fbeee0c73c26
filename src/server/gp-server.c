/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server.c: GpServer, gpcloud-server's HTTP front: listening, routing, start and stop.
 */
#include "config.h"

#include <gio/gnetworking.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include "gp-db.h"
#include "gp-server-import.h"
#include "gp-server-registry.h"
#include "gp-server-seed.h"
#include "gp-server-private.h"
#include "gp-server-store-sqlite.h"

typedef struct {
  char         *method;
  char        **segments; /* the pattern split on '/'; "{name}" captures one segment */
  GpRouteFlags  flags;
  GpRouteFunc   func;
} GpRoute;

G_DEFINE_FINAL_TYPE (GpServer, gp_server, G_TYPE_OBJECT)

static void
gp_route_free (gpointer data)
{
  GpRoute *route = data;

  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

static void
gp_server_dispose (GObject *object)
{
  GpServer *self = (GpServer *)object;

  gp_server_stop (self);

  G_OBJECT_CLASS (gp_server_parent_class)->dispose (object);
}

static void
gp_server_finalize (GObject *object)
{
  GpServer *self = (GpServer *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->config, gp_server_config_free);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->login_limiter, gp_rate_limiter_free);
  g_clear_pointer (&self->dummy_hash, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->decoded_lock);

  G_OBJECT_CLASS (gp_server_parent_class)->finalize (object);
}

static void
gp_server_class_init (GpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gp_server_dispose;
  object_class->finalize = gp_server_finalize;
}

static void
gp_server_init (GpServer *self)
{
  self->routes = g_ptr_array_new_with_free_func (gp_route_free);
  g_mutex_init (&self->decoded_lock);
}

/**
 * gp_server_new:
 * @config: (transfer full): the settings
 *
 * Returns: (transfer full): a server, not yet listening
 */
GpServer *
gp_server_new (GpServerConfig *config)
{
  GpServer *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (GP_TYPE_SERVER, NULL);
  self->config = config;

  self->login_limiter = gp_rate_limiter_new (config->login_rate_per_minute);

  gp_server_add_health_routes (self);
  gp_server_add_session_routes (self);
  gp_server_add_project_routes (self);
  gp_server_add_registry_routes (self);

  return self;
}

GpServerConfig *
gp_server_get_config (GpServer *self)
{
  g_return_val_if_fail (GP_IS_SERVER (self), NULL);

  return self->config;
}

void
gp_server_add_route (GpServer     *self,
                     const char   *method,
                     const char   *pattern,
                     GpRouteFlags  flags,
                     GpRouteFunc   func)
{
  GpRoute *route;

  g_return_if_fail (GP_IS_SERVER (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (pattern != NULL && pattern[0] == '/');
  g_return_if_fail (func != NULL);

  route = g_new0 (GpRoute, 1);
  route->method = g_strdup (method);
  route->segments = g_strsplit (pattern + 1, "/", -1);
  route->flags = flags;
  route->func = func;
  g_ptr_array_add (self->routes, route);
}

static gboolean
route_match (GpRoute     *route,
             char *const *segments,
             GPtrArray   *params)
{
  guint i;

  for (i = 0; route->segments[i] != NULL; i++)
    {
      const char *want = route->segments[i];

      if (segments[i] == NULL)
        return FALSE;

      if (want[0] == '{')
        {
          char *value = g_uri_unescape_string (segments[i], NULL);

          if (value == NULL || value[0] == '\0')
            {
              g_free (value);
              return FALSE;
            }
          if (params != NULL)
            g_ptr_array_add (params, value);
          else
            g_free (value);
        }
      else if (strcmp (want, segments[i]) != 0)
        return FALSE;
    }

  return segments[i] == NULL;
}

gint64
gp_server_now (GpServer *self)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * gp_server_official_time:
 * @self: a #GpServer
 *
 * The official clock: what lifecycle guards compare with and what action stamps and notice dates
 * record (the server is the authority on time; clients learn it from the Date header). It is the
 * real clock, unless [testing] clock-file names a file holding a number of seconds: then it runs
 * that far ahead, re-read on every call, so a training server or a test can take a procurement past
 * its legal periods. A missing file means no offset. Sessions, lockouts, audit times and revision
 * stamps always keep the real clock.
 *
 * Returns: microseconds since the Unix epoch
 */
gint64
gp_server_official_time (GpServer *self)
{
  gint64 now = g_get_real_time ();
  g_autofree char *text = NULL;
  gint64 offset = 0;

  if (self->config->clock_file == NULL ||
      !g_file_get_contents (self->config->clock_file, &text, NULL, NULL))
    return now;
  if (!g_ascii_string_to_signed (g_strstrip (text), 10, -100 * 366 * 86400LL, 100 * 366 * 86400LL,
                                 &offset, NULL))
    {
      g_warning ("Ignoring the clock file %s: it must hold a number of seconds", self->config->clock_file);
      return now;
    }
  return now + offset * G_USEC_PER_SEC;
}

/**
 * gp_server_format_time:
 * @seconds: seconds since the Unix epoch
 *
 * Returns: (transfer full): ISO 8601 in UTC, e.g. "2024-03-01T01:30:00Z"
 */
char *
gp_server_format_time (gint64 seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

/**
 * gp_server_audit:
 * @self: a #GpServer
 * @req: (nullable): the request, for the client address
 * @account: (nullable): who
 * @action: what, e.g. "login"
 * @object: (nullable): on what
 * @outcome: "ok", "denied", …
 * @detail: (nullable): more
 *
 * Appends one entry to the audit log. A failure to write it is logged, never shown to the client.
 */
void
gp_server_audit (GpServer   *self,
                 GpRequest  *req,
                 const char *account,
                 const char *action,
                 const char *object,
                 const char *outcome,
                 const char *detail)
{
  g_autoptr(GError) error = NULL;
  GpAuditEntry entry = {
    .at = gp_server_now (self),
    .account = (char *) account,
    .address = req != NULL ? req->address : NULL,
    .action = (char *) action,
    .object = (char *) object,
    .outcome = (char *) outcome,
    .detail = (char *) detail,
  };

  if (self->store == NULL)
    return;

  if (!gp_server_store_append_audit (self->store, &entry, &error))
    g_warning ("Cannot write the audit log (%s %s %s): %s",
               action, account ? account : "-", outcome, error->message);
}

void
gp_server_respond_internal_error (GpServer     *self,
                                  GpRequest    *req,
                                  const GError *error)
{
  if (g_error_matches (error, GP_DB_ERROR, GP_DB_ERROR_BUSY))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", "1");
      gp_request_respond_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy",
                                "The server is busy; try again shortly");
      return;
    }

  g_warning ("%s %s: %s", req->method, req->path, error ? error->message : "unknown error");
  gp_request_respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal-error",
                            "The server could not complete the request");
}

static gboolean
authenticate (GpServer     *self,
              GpRequest    *req,
              GpRouteFlags  flags)
{
  g_autoptr(GError) error = NULL;
  const char *auth = gp_request_get_header (req, "Authorization");
  GpSession *session;
  gint64 now;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "WWW-Authenticate", "Bearer");
      gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthenticated",
                                "Sign in first: send Authorization: Bearer TOKEN");
      return FALSE;
    }

  if (!gp_auth_hash_token (auth + 7, req->token_hash))
    {
      gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid-token",
                                "The session token is not valid; sign in again");
      return FALSE;
    }

  session = gp_server_store_lookup_session (self->store, req->token_hash, &error);
  if (error != NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return FALSE;
    }
  if (session == NULL)
    {
      gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid-token",
                                "The session token is not valid; sign in again");
      return FALSE;
    }
  req->session = session;

  now = gp_server_now (self);
  if (now - session->last_used_at > self->config->idle_seconds ||
      now - session->created_at > self->config->absolute_seconds)
    {
      gp_server_store_delete_session (self->store, req->token_hash, NULL);
      gp_server_audit (self, req, session->account->login, "session-expire", NULL, "expired", NULL);
      gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "session-expired",
                                "The session has expired; sign in again");
      return FALSE;
    }

  /* Times have a resolution of a second: write at most once a second per session. */
  if (now != session->last_used_at &&
      !gp_server_store_touch_session (self->store, req->token_hash, now, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return FALSE;
    }

  if (session->account->must_change_password && (flags & GP_ROUTE_AUTH_INITIAL_ALLOWED) == 0)
    {
      gp_server_audit (self, req, session->account->login, "access", req->path, "denied",
                       "password-change-required");
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "password-change-required",
                                "This session was opened with the initial password: change the "
                                "password first (POST /api/v1/session/password)");
      return FALSE;
    }

  return TRUE;
}

/* Runs @route once per Idempotency-Key: a replay with the same request gets the first answer,
 * the same key with another request gets 422. Keys belong to the account that sent them. */
static void
run_idempotent (GpServer  *self,
                GpRequest *req,
                GpRoute   *route)
{
  const char *key = gp_request_get_header (req, "Idempotency-Key");
  g_autoptr(GpIdempotentAnswer) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  gint64 account_id = gp_request_get_account (req)->id;
  gsize key_len = strlen (key);
  guint status;

  if (key_len == 0 || key_len > 200)
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-idempotency-key",
                                "An Idempotency-Key has 1 to 200 characters");
      return;
    }
  for (gsize i = 0; i < key_len; i++)
    if (key[i] < 0x21 || key[i] > 0x7e)
      {
        gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-idempotency-key",
                                  "An Idempotency-Key has printable ASCII characters only");
        return;
      }

  fingerprint = gp_request_dup_fingerprint (req);
  stored = gp_server_store_get_idempotent (self->store, account_id, key, &error);
  if (error != NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  if (stored != NULL)
    {
      if (g_strcmp0 (stored->request_hash, fingerprint) != 0)
        {
          gp_request_respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                                    "This Idempotency-Key was used for another request");
          return;
        }

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Idempotent-Replayed", "true");
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Cache-Control", "no-store");
      soup_server_message_set_status (req->msg, stored->status, NULL);
      if (stored->body != NULL && stored->body[0] != '\0')
        {
          g_autoptr(JsonNode) node = json_from_string (stored->body, NULL);

          /* The revision travels in the ETag too; give it back with the body. */
          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
              json_object_has_member (json_node_get_object (node), "rev") &&
              json_object_get_int_member (json_node_get_object (node), "rev") > 0)
            {
              g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                                       json_object_get_int_member (json_node_get_object (node), "rev"));

              soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
            }
          soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                            SOUP_MEMORY_COPY, stored->body, strlen (stored->body));
        }
      return;
    }

  route->func (self, req);

  /* Keep final answers; not those that depend on the moment (auth, busy, server errors). */
  status = soup_server_message_get_status (req->msg);
  if (status < 500 && status != 401 && status != 403 && status != 429)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (req->msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      GpIdempotentAnswer answer = {
        .request_hash = fingerprint,
        .status = status,
        .body = text,
      };

      if (!gp_server_store_put_idempotent (self->store, account_id, key, &answer,
                                           gp_server_now (self), &error))
        g_warning ("Cannot keep the answer for an Idempotency-Key: %s", error->message);
    }
}

static void
run_route (GpServer  *self,
           GpRequest *req,
           GpRoute   *route)
{
  if ((route->flags & GP_ROUTE_IDEMPOTENT) != 0 && req->session != NULL &&
      gp_request_get_header (req, "Idempotency-Key") != NULL)
    run_idempotent (self, req, route);
  else
    route->func (self, req);
}

typedef struct {
  GpRequest *req;   /* owned, paused */
  GpRoute   *route;
  gboolean   has_key;
} GpBatchItem;

/* At most this many writes share a transaction, so that reads are not held up for long. */
#define GP_BATCH_MAX 64

/* Group commit. Writes that arrive while the main loop is busy (decoding, validating, committing
 * the previous group) are queued by handle_request_cb(); this runs them in order in one
 * transaction, each inside its own savepoint (the routes' own begin/commit/rollback nest), and
 * answers them all once it is committed. Each write keeps its project row, feed entry, audit
 * entry and Idempotency-Key answer together; feed positions are taken in the order the writes run,
 * which is the commit order. An answer is never sent before its write is durable in the WAL. */
static gboolean
flush_batch_cb (gpointer user_data)
{
  GpServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GQueue items = G_QUEUE_INIT;
  GpBatchItem *item;

  self->batch_id = 0;
  while (items.length < GP_BATCH_MAX && (item = g_queue_pop_head (&self->batch)) != NULL)
    g_queue_push_tail (&items, item);
  if (self->batch.length > 0)
    self->batch_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_batch_cb, self, NULL);

  if (self->store == NULL || !gp_server_store_begin (self->store, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, GP_SERVER_ERROR, GP_SERVER_ERROR_STORE, "The server is stopping");
      for (GList *l = items.head; l != NULL; l = l->next)
        gp_server_respond_internal_error (self, ((GpBatchItem *) l->data)->req, error);
    }
  else
    {
      for (GList *l = items.head; l != NULL; l = l->next)
        {
          item = l->data;
          run_route (self, item->req, item->route);
        }

      if (!gp_server_store_commit (self->store, &error))
        {
          gp_server_store_rollback (self->store);
          for (GList *l = items.head; l != NULL; l = l->next)
            {
              GpRequest *req = ((GpBatchItem *) l->data)->req;
              SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

              /* Nothing of the group is stored: no answer may say otherwise. */
              soup_message_headers_remove (headers, "ETag");
              soup_message_headers_remove (headers, "Location");
              soup_message_headers_remove (headers, "Idempotent-Replayed");
              gp_server_respond_internal_error (self, req, error);
            }
        }
    }

  while ((item = g_queue_pop_head (&items)) != NULL)
    {
      gp_request_resume (item->req);
      g_free (item);
    }

  return G_SOURCE_REMOVE;
}

/* The part of a write that needs neither the database nor the message: parsing and decoding the
 * body and the Idempotency-Key fingerprint. Runs in a worker thread, which owns the item until
 * decode_worker_cb() hands it back to the main loop (or on the main loop when there is no pool). */
static void
decode_item (GpBatchItem *item)
{
  GpRequest *req = item->req;

  gp_request_decode_body (req,
                          (item->route->flags & GP_ROUTE_JSON_BODY) != 0,
                          (item->route->flags & GP_ROUTE_PROJECT_BODY) != 0,
                          req->session != NULL && item->has_key);
}

/* On the main loop: a decoded write whose body was refused is answered now (as it would have been
 * before it was queued); the others join the next group commit. */
static void
queue_decoded (GpServer    *self,
               GpBatchItem *item)
{
  if (item->req->body_status != 0)
    {
      gp_request_read_json_object (item->req);
      gp_request_resume (item->req);
      g_free (item);
      return;
    }

  g_queue_push_tail (&self->batch, item);
  if (self->batch_id == 0)
    self->batch_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_batch_cb, self, NULL);
}

/* Takes the writes the workers have decoded. */
static void
take_decoded (GpServer *self)
{
  GQueue ready = G_QUEUE_INIT;
  GpBatchItem *item;

  g_mutex_lock (&self->decoded_lock);
  ready = self->decoded;
  g_queue_init (&self->decoded);
  if (self->decoded_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->decoded_id);

      /* Not from within its own dispatch: the source is being removed then. */
      if (source != NULL && !g_source_is_destroyed (source) && g_main_current_source () != source)
        g_source_destroy (source);
      self->decoded_id = 0;
    }
  g_mutex_unlock (&self->decoded_lock);

  while ((item = g_queue_pop_head (&ready)) != NULL)
    queue_decoded (self, item);
}

static gboolean
decoded_cb (gpointer user_data)
{
  take_decoded (user_data);
  return G_SOURCE_REMOVE;
}

static void
decode_worker_cb (gpointer data,
                  gpointer user_data)
{
  GpServer *self = user_data;
  GpBatchItem *item = data;

  decode_item (item);

  /* Back to the main loop, which alone answers messages; one wake-up for all that are ready. */
  g_mutex_lock (&self->decoded_lock);
  g_queue_push_tail (&self->decoded, item);
  if (self->decoded_id == 0)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, decoded_cb, self, NULL);
      self->decoded_id = g_source_attach (source, self->context);
    }
  g_mutex_unlock (&self->decoded_lock);
}

static void
handle_request_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  GpServer *self = user_data;
  g_autoptr(GpRequest) req = gp_request_new (self, msg, path, query);
  g_auto(GStrv) segments = NULL;
  g_autoptr(GString) allowed = NULL;
  GpRoute *found = NULL;

  /* A status set earlier (e.g. 413 on the headers) is final. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  /* Clients take the official time from Date (libsoup's own is the real clock). */
  if (self->config->clock_file != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (gp_server_official_time (self) / G_USEC_PER_SEC);
      g_autofree char *date = soup_date_time_to_string (when, SOUP_DATE_HTTP);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Date", date);
    }

  segments = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);

  for (guint i = 0; i < self->routes->len; i++)
    {
      GpRoute *route = g_ptr_array_index (self->routes, i);

      if (!route_match (route, segments, NULL))
        continue;

      if (strcmp (route->method, req->method) == 0 ||
          (strcmp (route->method, "GET") == 0 && strcmp (req->method, "HEAD") == 0))
        {
          found = route;
          break;
        }

      if (allowed == NULL)
        allowed = g_string_new (route->method);
      else
        g_string_append_printf (allowed, ", %s", route->method);
    }

  if (found == NULL)
    {
      if (allowed != NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", allowed->str);
          gp_request_respond_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed",
                                    "%s is not allowed on %s; allowed: %s",
                                    req->method, path, allowed->str);
        }
      else
        gp_request_respond_error (req, SOUP_STATUS_NOT_FOUND, "not-found",
                                  "There is no resource at %s", path);
      return;
    }

  route_match (found, segments, req->params);

  if ((found->flags & GP_ROUTE_AUTH_SESSION) != 0 && !authenticate (self, req, found->flags))
    return;

  /* Writes are decoded by the worker threads, then go into the next group commit; they are
   * answered once it is committed. */
  if ((found->flags & GP_ROUTE_IDEMPOTENT) != 0 && self->store != NULL)
    {
      GpBatchItem *item = g_new0 (GpBatchItem, 1);

      gp_request_prepare_body (req);
      item->route = found;
      item->has_key = gp_request_get_header (req, "Idempotency-Key") != NULL;
      item->req = gp_request_pause (g_steal_pointer (&req));
      if (self->decoders == NULL || !g_thread_pool_push (self->decoders, item, NULL))
        {
          decode_item (item);
          queue_decoded (self, item);
        }
      return;
    }

  if ((found->flags & GP_ROUTE_JSON_BODY) != 0 && gp_request_read_json_object (req) == NULL)
    return;

  run_route (self, req, found);

  /* A route that paused the request owns it now. */
  if (req->paused)
    g_steal_pointer (&req);
}

/* One structured log record per answered request (journald fields; shown on stderr with
 * G_MESSAGES_DEBUG=gpcloud-server). Never the body, the token or a password. */
static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri != NULL ? g_uri_get_path (uri) : "";
  const char *address = soup_server_message_get_remote_host (msg);
  g_autofree char *status = g_strdup_printf ("%u", soup_server_message_get_status (msg));

  /* MESSAGE, with its format and arguments, must come last. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                    "GPCLOUD_METHOD", soup_server_message_get_method (msg),
                    "GPCLOUD_PATH", path,
                    "GPCLOUD_STATUS", status,
                    "GPCLOUD_ADDRESS", address != NULL ? address : "-",
                    "MESSAGE", "%s %s %s %s", address != NULL ? address : "-",
                    soup_server_message_get_method (msg), path, status);
}

/* libsoup 3.2 (Debian 12) never notices that a client closed a keep-alive connection between two
 * requests: the socket stays in CLOSE-WAIT for good, and a server whose clients do not reuse
 * connections runs out of file descriptors (at 20,000 connections here) and stops accepting
 * (fixed in libsoup 3.3, commit d20c6601). So the server keeps track of its connections' sockets
 * and, once a second, closes those with no request in progress whose client has closed them. */
static void
socket_busy_add (GpServer          *self,
                 SoupServerMessage *msg,
                 int                delta)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  int busy;

  if (socket == NULL || self->sockets == NULL)
    return;
  busy = GPOINTER_TO_INT (g_hash_table_lookup (self->sockets, socket)) + delta;
  /* For a key already there, insert unrefs the key passed in and keeps the one it has. */
  g_hash_table_insert (self->sockets, g_object_ref (socket), GINT_TO_POINTER (MAX (busy, 0)));
}

static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  GpServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *text = NULL;

  /* A request is in progress on this connection until request-finished or request-aborted. */
  socket_busy_add (self, msg, 1);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CHUNKED:
      gp_message_respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "length-required",
                                "Send the request body with a Content-Length");
      return;

    case SOUP_ENCODING_CONTENT_LENGTH:
      if (soup_message_headers_get_content_length (headers) > self->config->max_body_bytes)
        {
          text = g_strdup_printf ("The request body is larger than the limit of %" G_GINT64_FORMAT " bytes",
                                  self->config->max_body_bytes);
          gp_message_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", text);
          /* A client that did not ask "Expect: 100-continue" sends the body anyway; libsoup reads
           * it before answering, so drop it as it arrives instead of keeping it in memory. */
          soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Connection", "close");
        }
      return;

    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    default:
      return;
    }
}

static gboolean
reap_cb (gpointer user_data)
{
  GpServer *self = user_data;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GSocket *socket = key;
      char byte;
      gssize n;

      if (g_socket_is_closed (socket))
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (GPOINTER_TO_INT (value) > 0)
        continue;

      /* 0 is the end of the stream: the client is gone. */
      n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
        {
          g_socket_close (socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  return G_SOURCE_CONTINUE;
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  GpServer *self = user_data;

  socket_busy_add (self, msg, 0);
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (got_headers_cb), user_data, 0);
}

static void
request_done_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  socket_busy_add (user_data, msg, -1);
}

#define IDEMPOTENCY_KEEP_SECONDS (31 * 24 * 3600)
#define GP_SERVER_LISTEN_BACKLOG 1024

static gboolean
purge_cb (gpointer user_data)
{
  GpServer *self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 now = gp_server_now (self);

  /* Idempotency keys are kept at least 30 days; sessions idle past their limit go. */
  if (self->store != NULL &&
      !gp_server_store_purge (self->store, now - IDEMPOTENCY_KEEP_SECONDS,
                              now - self->config->idle_seconds, &error))
    g_warning ("Cannot purge old keys and sessions: %s", error->message);

  return G_SOURCE_CONTINUE;
}

static GSocket *
listen_socket_new (GSocketAddress  *address,
                   GError         **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);

  if (socket == NULL)
    return NULL;

  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);

  /* Accepted connections inherit TCP_NODELAY on Linux: an answer written as headers then body
   * must not wait for the client's delayed ACK (up to 40 ms). */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_socket_set_listen_backlog (socket, GP_SERVER_LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static gboolean
open_store (GpServer  *self,
            GError   **error)
{
  g_autofree char *db_path = NULL;

  if (g_mkdir_with_parents (self->config->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the data directory “%s”: %s",
                   self->config->data_dir, g_strerror (saved_errno));
      return FALSE;
    }

  db_path = gp_server_config_dup_database_path (self->config);
  self->store = gp_server_store_sqlite_new (db_path, error);
  return self->store != NULL;
}

/**
 * gp_server_import_units_file:
 * @self: a #GpServer, not started
 * @path: a CSV file of units and accounts
 *
 * The `import-units` command: imports @path into the data directory and prints a summary.
 *
 * Returns: the process exit status
 */
int
gp_server_import_units_file (GpServer   *self,
                             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  GpImportStats stats;

  g_return_val_if_fail (GP_IS_SERVER (self), 1);
  g_return_val_if_fail (self->store == NULL, 1);

  if (!gp_auth_init ())
    {
      g_printerr ("gpcloud-server: cannot initialise libsodium\n");
      return 1;
    }

  if (!open_store (self, &error) ||
      !gp_server_import_units (self->store, self->config, path, gp_server_now (self), &stats, &error))
    {
      gp_server_audit (self, NULL, NULL, "import-units", path, "failed", error->message);
      g_printerr ("gpcloud-server: %s\n", error->message);
      gp_server_stop (self);
      return 1;
    }

  detail = g_strdup_printf ("units: %u new, %u existing; accounts: %u new, %u existing",
                            stats.units_created, stats.units_existing,
                            stats.accounts_created, stats.accounts_existing);
  gp_server_audit (self, NULL, NULL, "import-units", path, "ok", detail);
  g_print ("imported %s\n", detail);
  gp_server_stop (self);
  return 0;
}

/**
 * gp_server_import_registry_file:
 * @self: a #GpServer, not started
 * @kind: the registry
 * @path: a CSV or JSON file
 *
 * The `import-registry` command.
 *
 * Returns: the process exit status
 */
int
gp_server_import_registry_file (GpServer   *self,
                                const char *kind,
                                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *object = NULL;
  GpRegistryStats stats;

  g_return_val_if_fail (GP_IS_SERVER (self), 1);
  g_return_val_if_fail (self->store == NULL, 1);

  object = g_strdup_printf ("%s:%s", kind, path);
  if (!open_store (self, &error) ||
      !gp_server_import_registry (self->store, kind, path, &stats, &error))
    {
      gp_server_audit (self, NULL, NULL, "import-registry", object, "failed", error->message);
      g_printerr ("gpcloud-server: %s\n", error->message);
      gp_server_stop (self);
      return 1;
    }

  detail = g_strdup_printf ("%s entries: %u new, %u updated, %u unchanged",
                            kind, stats.created, stats.updated, stats.unchanged);
  gp_server_audit (self, NULL, NULL, "import-registry", object, "ok", detail);
  g_print ("imported %s\n", detail);
  gp_server_stop (self);
  return 0;
}

/**
 * gp_server_seed_demo_data:
 * @self: a #GpServer, not started
 *
 * The `seed-demo` command.
 *
 * Returns: the process exit status
 */
int
gp_server_seed_demo_data (GpServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (GP_IS_SERVER (self), 1);
  g_return_val_if_fail (self->store == NULL, 1);

  if (!gp_auth_init () || !open_store (self, &error) ||
      (tmp = g_dir_make_tmp ("gpcloud-seed-XXXXXX", &error)) == NULL ||
      !gp_server_seed_demo (self->store, self->config, tmp, report, &error))
    {
      g_printerr ("gpcloud-server: seed-demo: %s\n", error != NULL ? error->message : "cannot initialise");
      if (tmp != NULL)
        g_rmdir (tmp);
      gp_server_stop (self);
      return 1;
    }

  g_rmdir (tmp);
  gp_server_audit (self, NULL, NULL, "seed-demo", NULL, "ok", NULL);
  g_print ("%s", report->str);
  gp_server_stop (self);
  return 0;
}

/**
 * gp_server_start:
 * @self: a #GpServer
 * @error: return location for a #GError
 *
 * Creates the data directory, opens the store and starts listening.
 *
 * Returns: %TRUE when listening
 */
gboolean
gp_server_start (GpServer  *self,
                 GError   **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *host = NULL;
  g_autofree char *host_text = NULL;
  SoupServerListenOptions options = 0;
  GSList *uris;
  guint16 port = 0;
  int bound_port;

  g_return_val_if_fail (GP_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (!gp_server_config_validate (self->config, error) ||
      !gp_server_parse_listen (self->config->listen, &host, &port, error))
    return FALSE;

  address = g_inet_socket_address_new_from_string (host, port);
  if (address == NULL)
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_LISTEN,
                   "Invalid listening address “%s”", self->config->listen);
      return FALSE;
    }

  /* Passwords and tokens never cross a network in clear (DESIGN.md §5). */
  if (self->config->tls_certificate == NULL && !self->config->allow_insecure_http &&
      !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))))
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_LISTEN,
                   "Refusing plain HTTP on %s, which is not a loopback address: set [server] "
                   "tls-certificate and tls-key, or allow-insecure-http=true behind a TLS proxy",
                   self->config->listen);
      return FALSE;
    }

  if (!open_store (self, error))
    return FALSE;
  gp_server_store_sqlite_start_checkpointer (self->store);

  if (self->config->clock_file != NULL)
    g_warning ("The official clock runs ahead by the seconds in %s ([testing] clock-file): "
               "for training and tests only", self->config->clock_file);

  if (!gp_auth_init ())
    {
      g_set_error_literal (error, GP_SERVER_ERROR, GP_SERVER_ERROR_CONFIG, "Cannot initialise libsodium");
      return FALSE;
    }
  self->dummy_hash = gp_auth_hash_password (self->config, "gpcloud-no-such-account", error);
  if (self->dummy_hash == NULL)
    return FALSE;

  purge_cb (self);
  self->purge_id = g_timeout_add_seconds (3600, purge_cb, self);

  if (self->config->tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (self->config->tls_certificate,
                                                      self->config->tls_key, error);
      if (certificate == NULL)
        return FALSE;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  self->soup = soup_server_new ("server-header", "gpcloud-server/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (request_started_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (request_done_cb), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (request_done_cb), self, 0);
  self->sockets = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->reap_id = g_timeout_add_seconds (1, reap_cb, self);
  soup_server_add_handler (self->soup, NULL, handle_request_cb, self, NULL);

  /* Decoding a write takes about a third of its CPU time: the workers do it while the main loop
   * runs the group commit. */
  self->context = g_main_context_ref_thread_default ();
  self->decoders = g_thread_pool_new (decode_worker_cb, self, CLAMP ((int) g_get_num_processors (), 1, 4),
                                      FALSE, NULL);

  /* soup_server_listen() would listen with GIO's backlog of 10, so a burst of clients (fifty app
   * instances syncing at once) overflows the accept queue and sees connection resets. Make the
   * listening socket here, with a deep backlog, and hand it over. */
  listener = listen_socket_new (address, error);
  if (listener == NULL || !soup_server_listen_socket (self->soup, listener, options, error))
    {
      g_prefix_error (error, "Cannot listen on %s: ", self->config->listen);
      return FALSE;
    }

  uris = soup_server_get_uris (self->soup);
  bound_port = uris != NULL ? g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  host_text = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
  g_free (self->base_url);
  self->base_url = g_strdup_printf ("%s://%s:%d",
                                    certificate != NULL ? "https" : "http",
                                    host_text, bound_port);
  return TRUE;
}

/**
 * gp_server_get_base_url:
 * @self: a #GpServer
 *
 * Returns: (nullable): "http://ADDR:PORT" once listening
 */
const char *
gp_server_get_base_url (GpServer *self)
{
  g_return_val_if_fail (GP_IS_SERVER (self), NULL);

  return self->base_url;
}

/**
 * gp_server_stop:
 * @self: a #GpServer
 *
 * Stops listening, drops open connections and closes the store. Harmless when not started.
 */
void
gp_server_stop (GpServer *self)
{
  g_return_if_fail (GP_IS_SERVER (self));

  /* Writes still being decoded or queued are stored, and answered while their connections are
   * open. */
  if (self->decoders != NULL)
    g_thread_pool_free (g_steal_pointer (&self->decoders), FALSE, TRUE);
  if (self->context != NULL)
    take_decoded (self);
  while (self->batch.length > 0)
    flush_batch_cb (self);
  g_clear_handle_id (&self->batch_id, g_source_remove);

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_clear_handle_id (&self->reap_id, g_source_remove);
  g_clear_pointer (&self->sockets, g_hash_table_unref);

  g_clear_handle_id (&self->purge_id, g_source_remove);

  if (self->store != NULL)
    {
      gp_server_store_close (self->store);
      g_clear_object (&self->store);
    }
}

/* Logs go to the journal when stderr is connected to it, else to stderr: never to stdout, which
 * carries only the "listening on" line. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  const char *domain = NULL;
  g_autofree char *line = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
      domain = fields[i].value;

  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  if (g_log_writer_is_journald (fileno (stderr)) &&
      g_log_writer_journald (level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;

  line = g_log_writer_format_fields (level, fields, n_fields, g_log_writer_supports_color (fileno (stderr)));
  fprintf (stderr, "%s\n", line);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
quit_cb (gpointer user_data)
{
  GpServer *self = user_data;

  g_message ("Stopping on signal");
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
  return G_SOURCE_CONTINUE;
}

/**
 * gp_server_run:
 * @self: a #GpServer
 *
 * Starts the server, prints `listening on URL` on stdout, serves until SIGTERM or SIGINT, then stops
 * cleanly.
 *
 * Returns: the process exit status
 */
int
gp_server_run (GpServer *self)
{
  g_autoptr(GError) error = NULL;
  guint term_id;
  guint int_id;

  g_return_val_if_fail (GP_IS_SERVER (self), 1);

  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  /* Catch the signals before anything can be told that we listen. */
  self->loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, self);
  int_id = g_unix_signal_add (SIGINT, quit_cb, self);

  if (!gp_server_start (self, &error))
    {
      g_printerr ("gpcloud-server: %s\n", error->message);
      g_source_remove (term_id);
      g_source_remove (int_id);
      return 1;
    }

  g_print ("listening on %s\n", self->base_url);
  fflush (stdout);

  g_main_loop_run (self->loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  gp_server_stop (self);

  return 0;
}
