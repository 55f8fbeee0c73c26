/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-request.c: one HTTP request on its way through the router, and the JSON answers.
 */
#include "config.h"

#include <string.h>

#include "gp-codec.h"
#include "gp-server-request.h"
#include "gp-validate.h"

GpRequest *
gp_request_new (GpServer          *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query)
{
  GpRequest *req = g_new0 (GpRequest, 1);

  req->server = server;
  req->msg = msg;
  req->method = soup_server_message_get_method (msg);
  req->path = g_strdup (path);
  req->query = query != NULL ? g_hash_table_ref (query) : NULL;
  req->params = g_ptr_array_new_with_free_func (g_free);
  req->address = g_strdup (soup_server_message_get_remote_host (msg));
  if (req->address == NULL)
    req->address = g_strdup ("unknown");

  return req;
}

void
gp_request_free (GpRequest *req)
{
  if (req == NULL)
    return;

  if (req->paused)
    g_object_unref (req->msg);
  g_free (req->path);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->params, g_ptr_array_unref);
  g_clear_pointer (&req->body, json_node_unref);
  g_free (req->address);
  g_clear_pointer (&req->session, gp_session_free);
  g_clear_pointer (&req->body_bytes, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->if_match);
  g_free (req->body_message);
  g_free (req->fingerprint);
  g_clear_pointer (&req->project, gp_project_free);
  g_clear_error (&req->project_error);
  g_free (req);
}

/**
 * gp_request_pause:
 * @req: the request a route is handling
 *
 * Keeps the request open after the route returns, for work done in another thread. The route
 * takes ownership of @req and must call gp_request_resume() once it has answered.
 *
 * Returns: (transfer full): @req
 */
GpRequest *
gp_request_pause (GpRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (!req->paused, NULL);

  req->paused = TRUE;
  g_object_ref (req->msg);
  soup_server_message_pause (req->msg);
  return req;
}

/**
 * gp_request_resume:
 * @req: (transfer full): a paused request, answered
 *
 * Sends the answer and frees @req.
 */
void
gp_request_resume (GpRequest *req)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (req->paused);

  soup_server_message_unpause (req->msg);
  gp_request_free (req);
}

const char *
gp_request_get_param (GpRequest *req,
                      guint      index)
{
  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (index < req->params->len, NULL);

  return g_ptr_array_index (req->params, index);
}

const char *
gp_request_get_query (GpRequest  *req,
                      const char *name)
{
  g_return_val_if_fail (req != NULL, NULL);

  if (req->query == NULL)
    return NULL;
  return g_hash_table_lookup (req->query, name);
}

const char *
gp_request_get_header (GpRequest  *req,
                       const char *name)
{
  g_return_val_if_fail (req != NULL, NULL);

  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static void
set_json_body (SoupServerMessage *msg,
               guint              status,
               char              *text,
               gsize              len)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, len);
}

void
gp_request_respond_json (GpRequest *req,
                         guint      status,
                         JsonNode  *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *text;

  g_return_if_fail (req != NULL);
  g_return_if_fail (node != NULL);

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  set_json_body (req->msg, status, text, len);
}

void
gp_request_respond_builder (GpRequest   *req,
                            guint        status,
                            JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  gp_request_respond_json (req, status, root);
}

/**
 * gp_message_respond_error:
 * @msg: a message
 * @status: the HTTP status
 * @code: a machine-readable code, e.g. "not-found"
 * @message: a sentence for a person
 *
 * Answers `{"error":{"code":…,"message":…}}`.
 */
static void
message_respond_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *message,
                       JsonObject        *extra);

void
gp_message_respond_error (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message)
{
  message_respond_error (msg, status, code, message, NULL);
}

/**
 * gp_request_respond_error_with:
 * @req: a request
 * @status: the HTTP status
 * @code: a machine-readable code
 * @message: a sentence for a person
 * @extra: (nullable): more members for the error object (e.g. "problems", "locked_until")
 */
void
gp_request_respond_error_with (GpRequest  *req,
                               guint       status,
                               const char *code,
                               const char *message,
                               JsonObject *extra)
{
  g_return_if_fail (req != NULL);

  message_respond_error (req->msg, status, code, message, extra);
}

/**
 * gp_request_respond_problems:
 * @req: a request
 * @status: the HTTP status, usually 422
 * @code: a machine-readable code
 * @message: a sentence for a person
 * @problems: (element-type GpProblem): the problem list from src/core
 *
 * Answers `{"error":{"code":…,"message":…,"problems":[{"path","code","message","source"},…]}}`.
 */
void
gp_request_respond_problems (GpRequest  *req,
                             guint       status,
                             const char *code,
                             const char *message,
                             GPtrArray  *problems)
{
  g_autoptr(JsonNode) node = gp_problems_to_json (problems);

  gp_request_respond_error_with (req, status, code, message, json_node_get_object (node));
}

/**
 * gp_request_get_account:
 * @req: an authenticated request
 *
 * Returns: (transfer none): the caller's account
 */
GpAccount *
gp_request_get_account (GpRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (req->session != NULL, NULL);

  return req->session->account;
}

static void
message_respond_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *message,
                       JsonObject        *extra)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &name, &value))
        {
          json_builder_set_member_name (b, name);
          json_builder_add_value (b, json_node_copy (value));
        }
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  set_json_body (msg, status, text, len);
}

void
gp_request_respond_error (GpRequest  *req,
                          guint       status,
                          const char *code,
                          const char *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (req != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  gp_message_respond_error (req->msg, status, code, message);
}

void
gp_request_respond_no_content (GpRequest *req)
{
  g_return_if_fail (req != NULL);

  soup_server_message_set_status (req->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Parses @bytes, sent as @content_type, as a JSON object. Otherwise returns %NULL with the answer
 * to give: @status 415 (not JSON) or 400 (malformed JSON, or not an object), @code and @message.
 * Touches nothing shared: the worker threads call it. */
static JsonNode *
parse_json_object (const char   *content_type,
                   GBytes       *bytes,
                   guint        *status,
                   const char  **code,
                   char        **message)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gconstpointer data;
  gsize len = 0;

  *status = SOUP_STATUS_BAD_REQUEST;
  *code = "malformed-json";

  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      *status = SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE;
      *code = "unsupported-media-type";
      *message = g_strdup ("The request body must be application/json");
      return NULL;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      *message = g_strdup ("The request body is empty; a JSON object is expected");
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL) || memchr (data, '\0', len) != NULL)
    {
      *message = g_strdup ("The request body is not valid UTF-8 text");
      return NULL;
    }

  /* json-glib hands strings out NUL-terminated, so an escaped U+0000 would silently cut a value
   * short ("zsjy\u0000…" reading as "zsjy"). Refuse it. */
  for (gsize i = 0; i + 1 < len; i++)
    {
      const char *c = (const char *) data + i;

      if (*c != '\\')
        continue;
      if (c[1] == 'u' && i + 5 < len && strncmp (c + 2, "0000", 4) == 0)
        {
          *message = g_strdup ("The request body contains a NUL character (\\u0000)");
          return NULL;
        }
      i++;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      *message = g_strdup_printf ("The request body is not valid JSON: %s", error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *message = g_strdup ("The request body must be a JSON object");
      return NULL;
    }

  *status = 0;
  *code = NULL;
  return json_parser_steal_root (parser);
}

/**
 * gp_request_prepare_body:
 * @req: a request, on the main loop
 *
 * Copies what gp_request_decode_body() reads from the message: the body, its media type and
 * If-Match. Harmless when done already.
 */
void
gp_request_prepare_body (GpRequest *req)
{
  SoupMessageHeaders *headers;

  g_return_if_fail (req != NULL);

  if (req->body_bytes != NULL)
    return;

  headers = soup_server_message_get_request_headers (req->msg);
  req->body_bytes = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  req->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  req->if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
}

static char *
compute_fingerprint (GpRequest *req)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 0;
  const guchar *data = g_bytes_get_data (req->body_bytes, &len);

  g_checksum_update (sum, (const guchar *) req->method, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) req->path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) (req->if_match != NULL ? req->if_match : ""), -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  if (len > 0)
    g_checksum_update (sum, data, len);

  return g_strdup (g_checksum_get_string (sum));
}

/**
 * gp_request_decode_body:
 * @req: a paused request after gp_request_prepare_body(), owned by the caller's thread
 * @json: parse the body as a JSON object (what gp_request_read_json_object() would answer on
 *   failure is kept for the main loop to send)
 * @project: decode that object as a project (what parse_project() would refuse is kept too)
 * @fingerprint: compute the Idempotency-Key fingerprint
 *
 * The CPU work of a write that depends on nothing but the request, done by a worker thread. It
 * reads only the copies made by gp_request_prepare_body(), never the message.
 */
void
gp_request_decode_body (GpRequest *req,
                        gboolean   json,
                        gboolean   project,
                        gboolean   fingerprint)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (req->body_bytes != NULL);

  if (json && req->body == NULL && req->body_status == 0)
    req->body = parse_json_object (req->content_type, req->body_bytes,
                                   &req->body_status, &req->body_code, &req->body_message);

  if (project && req->body != NULL && req->project == NULL && req->project_error == NULL)
    req->project = gp_project_from_json (req->body, &req->project_error);

  if (fingerprint && req->fingerprint == NULL)
    req->fingerprint = compute_fingerprint (req);
}

/**
 * gp_request_dup_fingerprint:
 * @req: a request
 *
 * Returns: (transfer full): the SHA-256 of the method, path, If-Match and body, in hex
 */
char *
gp_request_dup_fingerprint (GpRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);

  if (req->fingerprint == NULL)
    {
      gp_request_prepare_body (req);
      req->fingerprint = compute_fingerprint (req);
    }
  return g_strdup (req->fingerprint);
}

/**
 * gp_request_read_json_object:
 * @req: a request
 *
 * Parses the request body as a JSON object. On failure it answers 415 (not JSON), 400 (malformed
 * JSON, or not an object) and returns %NULL.
 *
 * Returns: (transfer none) (nullable): the object, owned by @req
 */
JsonObject *
gp_request_read_json_object (GpRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);

  if (req->body == NULL && req->body_status == 0)
    {
      gp_request_prepare_body (req);
      req->body = parse_json_object (req->content_type, req->body_bytes,
                                     &req->body_status, &req->body_code, &req->body_message);
    }

  if (req->body == NULL)
    {
      gp_request_respond_error (req, req->body_status, req->body_code, "%s", req->body_message);
      return NULL;
    }
  return json_node_get_object (req->body);
}
