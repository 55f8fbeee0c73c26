/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-api-client.h: the HTTP client of the gpcloud API (libsoup 3, JSON).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * GpApiResponse:
 * @status: the HTTP status
 * @body: (nullable): the JSON body, if any
 * @etag: (nullable): the ETag header (a project's revision)
 * @retry_after: seconds from the Retry-After header, 0 if none
 * @error_code: (nullable): the machine-readable code of an `{"error":{"code":…}}` answer
 * @error_message: (nullable): the server's message of such an answer
 * @raw: (nullable): the body as it came, instead of @body, for a successful call that asked for it
 */
typedef struct {
  guint     status;
  JsonNode *body;
  char     *etag;
  guint     retry_after;
  char     *error_code;
  char     *error_message;
  GBytes   *raw;
} GpApiResponse;

void     gp_api_response_free  (GpApiResponse *response);
gboolean gp_api_response_check (const GpApiResponse *response,
                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpApiResponse, gp_api_response_free)

/**
 * GpApiCall:
 * @if_match: (nullable): the base revision of a change (If-Match)
 * @idempotency_key: (nullable): the key of a write; makes the request safe to send twice
 * @raw: keep a successful (2xx) JSON answer as text in #GpApiResponse.raw rather than parsing it
 *   (the caller reads it itself); other answers are parsed as usual
 */
typedef struct {
  const char *if_match;
  const char *idempotency_key;
  gboolean    raw;
} GpApiCall;

#define GP_TYPE_API_CLIENT (gp_api_client_get_type ())

G_DECLARE_FINAL_TYPE (GpApiClient, gp_api_client, GP, API_CLIENT, GObject)

GpApiClient   *gp_api_client_new          (const char           *base_url,
                                           GError              **error);
const char    *gp_api_client_get_base_url (GpApiClient          *self);
gint64         gp_api_client_get_official_time (GpApiClient     *self);
gboolean       gp_api_client_get_clock_offset  (GpApiClient     *self,
                                                gint64          *offset);
void           gp_api_client_set_clock_offset  (GpApiClient     *self,
                                                gint64           offset);
void           gp_api_client_set_token    (GpApiClient          *self,
                                           const char           *token);
void           gp_api_client_set_timeout  (GpApiClient          *self,
                                           guint                 seconds);
void           gp_api_client_call_async   (GpApiClient          *self,
                                           const char           *method,
                                           const char           *path,
                                           JsonNode             *body,
                                           const GpApiCall      *call,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GpApiResponse *gp_api_client_call_finish  (GpApiClient          *self,
                                           GAsyncResult         *result,
                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
