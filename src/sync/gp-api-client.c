/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-api-client.c: the HTTP client of the gpcloud API: base address policy, timeouts, JSON, and HTTP
 * failures mapped to GP_SYNC_ERROR with messages an officer can act on.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gp-api-client.h"
#include "gp-server-url.h"
#include "gp-sync-error.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define MAX_RESPONSE_BYTES (64 * 1024 * 1024)

struct _GpApiClient
{
  GObject parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *token;
  gint64       clock_offset;  /* the server's Date minus this computer's clock, µs */
  gboolean     clock_known;   /* a Date header came */
};

G_DEFINE_FINAL_TYPE (GpApiClient, gp_api_client, G_TYPE_OBJECT)

void
gp_api_response_free (GpApiResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->raw, g_bytes_unref);
  g_free (response->etag);
  g_free (response->error_code);
  g_free (response->error_message);
  g_free (response);
}

/**
 * gp_api_response_check:
 * @response: an answer of the server
 *
 * Maps a failed answer (not 2xx) to a #GP_SYNC_ERROR whose message says what to do next.
 *
 * Returns: %TRUE when @response is a success.
 */
gboolean
gp_api_response_check (const GpApiResponse  *response,
                       GError              **error)
{
  GpSyncError code;
  const char *message;

  g_return_val_if_fail (response != NULL, FALSE);

  if (response->status >= 200 && response->status < 300)
    return TRUE;

  switch (response->status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = GP_SYNC_ERROR_UNAUTHORIZED;
      message = _("You are not signed in, or your session has ended. Sign in again.");
      break;

    case SOUP_STATUS_FORBIDDEN:
      if (g_strcmp0 (response->error_code, "password-change-required") == 0)
        {
          code = GP_SYNC_ERROR_PASSWORD_CHANGE_REQUIRED;
          message = _("Change the initial password before you continue.");
        }
      else
        {
          code = GP_SYNC_ERROR_FORBIDDEN;
          message = _("Your account may not do this.");
        }
      break;

    case SOUP_STATUS_NOT_FOUND:
      code = GP_SYNC_ERROR_NOT_FOUND;
      message = _("The server does not know this item, or it is not visible to your account.");
      break;

    case SOUP_STATUS_CONFLICT:
    case SOUP_STATUS_PRECONDITION_FAILED:
      code = GP_SYNC_ERROR_CONFLICT;
      message = _("Someone else changed this on the server first. Both versions are kept; choose what to keep.");
      break;

    case 428: /* Precondition Required */
      code = GP_SYNC_ERROR_PRECONDITION_REQUIRED;
      message = _("The change was sent without the version it was based on.");
      break;

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      code = GP_SYNC_ERROR_INVALID;
      message = _("The server refused the content. Correct the marked fields and try again.");
      break;

    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      code = GP_SYNC_ERROR_TOO_LARGE;
      message = _("This is too large for the server to accept.");
      break;

    case SOUP_STATUS_LOCKED:
      code = GP_SYNC_ERROR_LOCKED;
      message = _("The account is locked after too many failed sign-ins. Try again later.");
      break;

    case 429: /* Too Many Requests */
      if (g_strcmp0 (response->error_code, "account-locked") == 0)
        {
          code = GP_SYNC_ERROR_LOCKED;
          message = _("The account is locked after too many failed sign-ins. Try again later.");
        }
      else
        {
          code = GP_SYNC_ERROR_RATE_LIMITED;
          message = _("The server is busy. It will be tried again shortly.");
        }
      break;

    default:
      if (response->status >= 500)
        {
          code = GP_SYNC_ERROR_SERVER;
          message = _("The server had a problem. Your work is kept on this computer and will be sent later.");
        }
      else
        {
          code = GP_SYNC_ERROR_PROTOCOL;
          message = _("The server gave an answer this version of the app does not understand.");
        }
      break;
    }

  g_set_error_literal (error, GP_SYNC_ERROR, code, message);

  return FALSE;
}

static gboolean
map_transport_error (const GError  *in,
                     GError       **error)
{
  if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_CANCELLED, _("Cancelled"));
  else if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_TIMEOUT,
                         _("The server did not answer in time. It will be tried again later."));
  else if (in->domain == G_TLS_ERROR)
    g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_TLS,
                         _("The server's certificate could not be verified, so nothing was sent. Ask your administrator."));
  else if (in->domain == G_IO_ERROR || in->domain == G_RESOLVER_ERROR)
    g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE,
                         _("Cannot reach the server. You can keep working offline; drafts are saved on this computer."));
  else
    g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL,
                         _("The server gave an answer this version of the app does not understand."));

  return FALSE;
}

/**
 * gp_api_client_new:
 * @base_url: the server's base address: `https://…`, or `http://` to this computer only
 *
 * Returns: (transfer full) (nullable): a client, or %NULL with %GP_SYNC_ERROR_INSECURE
 */
GpApiClient *
gp_api_client_new (const char  *base_url,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GpApiClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (!gp_server_url_validate (base_url, &local_error))
    {
      g_set_error_literal (error, GP_SYNC_ERROR, GP_SYNC_ERROR_INSECURE, local_error->message);
      return NULL;
    }

  self = g_object_new (GP_TYPE_API_CLIENT, NULL);
  self->base_url = gp_server_url_normalize (base_url);

  return self;
}

const char *
gp_api_client_get_base_url (GpApiClient *self)
{
  g_return_val_if_fail (GP_IS_API_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * gp_api_client_set_token:
 * @token: (nullable): the session token sent as a bearer token, or %NULL to sign out
 */
void
gp_api_client_set_token (GpApiClient *self,
                         const char  *token)
{
  g_return_if_fail (GP_IS_API_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

/* The server is the authority on time (deadlines, stamps): its Date header against this computer's
 * clock. Date has a one-second resolution and the answer took some time to arrive, so differences
 * within two seconds are noise and count as none. */
static void
note_server_date (GpApiClient *self,
                  const char  *value)
{
  g_autoptr(GDateTime) when = value != NULL ? soup_date_time_new_from_http_string (value) : NULL;
  gint64 offset;

  if (when == NULL)
    return;
  offset = g_date_time_to_unix (when) * G_USEC_PER_SEC - g_get_real_time ();
  self->clock_offset = ABS (offset) <= 2 * G_USEC_PER_SEC ? 0 : offset;
  self->clock_known = TRUE;
}

/**
 * gp_api_client_get_clock_offset:
 * @self: a #GpApiClient
 * @offset: (out): the server's clock minus this computer's, in microseconds
 *
 * Returns: %TRUE if an answer told the server's time
 */
gboolean
gp_api_client_get_clock_offset (GpApiClient *self,
                                gint64      *offset)
{
  g_return_val_if_fail (GP_IS_API_CLIENT (self), FALSE);

  *offset = self->clock_offset;
  return self->clock_known;
}

/**
 * gp_api_client_set_clock_offset:
 * @self: a #GpApiClient
 * @offset: the server's clock minus this computer's, in microseconds
 *
 * Takes over what another client of the same server learnt (the sync cycle runs its own).
 */
void
gp_api_client_set_clock_offset (GpApiClient *self,
                                gint64       offset)
{
  g_return_if_fail (GP_IS_API_CLIENT (self));

  self->clock_offset = offset;
  self->clock_known = TRUE;
}

/**
 * gp_api_client_get_official_time:
 * @self: a #GpApiClient
 *
 * The server's clock as of its last answer (its Date header), which lifecycle deadlines are measured
 * by: this computer's clock when none came yet or they agree within two seconds.
 *
 * Returns: microseconds since the Unix epoch
 */
gint64
gp_api_client_get_official_time (GpApiClient *self)
{
  g_return_val_if_fail (GP_IS_API_CLIENT (self), g_get_real_time ());

  return g_get_real_time () + self->clock_offset;
}

void
gp_api_client_set_timeout (GpApiClient *self,
                           guint        seconds)
{
  g_return_if_fail (GP_IS_API_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

static guint
parse_retry_after (const char *value)
{
  guint64 seconds;
  g_autoptr(GDateTime) when = NULL;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return (guint) seconds;

  /* An HTTP date. */
  when = soup_date_time_new_from_http_string (value);
  if (when != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span = g_date_time_difference (when, now);

      return span > 0 ? (guint) MIN (span / G_TIME_SPAN_SECOND, 24 * 3600) : 0;
    }

  return 0;
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  gboolean raw = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (msg), "gp-raw"));
  g_autoptr(GpApiResponse) response = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) mapped = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  gsize len = 0;
  const char *data;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      map_transport_error (error, &mapped);
      g_task_return_error (task, g_steal_pointer (&mapped));
      return;
    }

  headers = soup_message_get_response_headers (msg);
  note_server_date (g_task_get_source_object (task), soup_message_headers_get_one (headers, "Date"));
  response = g_new0 (GpApiResponse, 1);
  response->status = soup_message_get_status (msg);
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  response->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));

  data = g_bytes_get_data (bytes, &len);
  content_type = soup_message_headers_get_content_type (headers, NULL);

  if (raw && len > 0 && response->status >= 200 && response->status < 300)
    {
      /* Checked by whoever reads it; only the media type is ours to check. */
      if (g_strcmp0 (content_type, "application/json") != 0)
        {
          g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL, "%s",
                                   _("The server gave an answer this version of the app does not understand."));
          return;
        }
      response->raw = g_steal_pointer (&bytes);
    }
  else if (len > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (g_strcmp0 (content_type, "application/json") != 0 ||
          !g_utf8_validate (data, (gssize) len, NULL) ||
          !json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
          json_parser_get_root (parser) == NULL)
        {
          /* A proxy's HTML page or a broken server: never guess at its meaning. */
          if (response->status >= 500)
            {
              g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) gp_api_response_free);
              return;
            }
          g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL, "%s",
                                   _("The server gave an answer this version of the app does not understand."));
          return;
        }

      response->body = json_node_ref (json_parser_get_root (parser));
    }

  if (response->body != NULL && JSON_NODE_HOLDS_OBJECT (response->body))
    {
      JsonObject *root = json_node_get_object (response->body);
      JsonNode *err = json_object_get_member (root, "error");

      if (err != NULL && JSON_NODE_HOLDS_OBJECT (err))
        {
          JsonObject *eo = json_node_get_object (err);
          JsonNode *code = json_object_get_member (eo, "code");
          JsonNode *message = json_object_get_member (eo, "message");

          if (code != NULL && json_node_get_value_type (code) == G_TYPE_STRING)
            response->error_code = g_strdup (json_node_get_string (code));
          if (message != NULL && json_node_get_value_type (message) == G_TYPE_STRING)
            response->error_message = g_strdup (json_node_get_string (message));
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) gp_api_response_free);
}

/**
 * gp_api_client_call_async:
 * @method: "GET", "POST", "PUT", "PATCH" or "DELETE"
 * @path: the path below the base address, starting with "/api/v1/"
 * @body: (nullable): the JSON body
 * @call: (nullable): If-Match and Idempotency-Key
 *
 * Sends one request. Requests are flagged idempotent (so libsoup may reuse a kept-alive connection and
 * retry them) only when they are reads or carry an idempotency key.
 */
void
gp_api_client_call_async (GpApiClient         *self,
                          const char          *method,
                          const char          *path,
                          JsonNode            *body,
                          const GpApiCall     *call,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;

  g_return_if_fail (GP_IS_API_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_api_client_call_async);

  url = g_strconcat (self->base_url, path, NULL);
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL, "%s",
                               _("The server address is not a valid web address"));
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      memset (bearer, 0, strlen (bearer));
    }

  if (call != NULL && call->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", call->if_match);
  if (call != NULL && call->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", call->idempotency_key);

  if (g_str_equal (method, "GET") || (call != NULL && call->idempotency_key != NULL))
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  if (call != NULL && call->raw)
    g_object_set_data (G_OBJECT (msg), "gp-raw", GINT_TO_POINTER (TRUE));

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    call_cb, g_steal_pointer (&task));
}

/**
 * gp_api_client_call_finish:
 *
 * Returns: (transfer full): the answer, whatever its HTTP status (see gp_api_response_check()), or
 *   %NULL with a #GP_SYNC_ERROR when no usable answer came (offline, timeout, TLS, garbage).
 */
GpApiResponse *
gp_api_client_call_finish (GpApiClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (GP_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
gp_api_client_finalize (GObject *object)
{
  GpApiClient *self = GP_API_CLIENT (object);

  gp_api_client_set_token (self, NULL);
  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (gp_api_client_parent_class)->finalize (object);
}

static void
gp_api_client_class_init (GpApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gp_api_client_finalize;
}

static void
gp_api_client_init (GpApiClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("gpcloud/%s ", PACKAGE_VERSION);

  /* TLS certificates are verified against the system's trust store; nothing here accepts a bad one. */
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 "max-conns-per-host", 4,
                                                 NULL);
}
