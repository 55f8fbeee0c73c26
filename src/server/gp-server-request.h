/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-request.h: one HTTP request on its way through the router, and the JSON answers.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "gp-project.h"
#include "gp-server-types.h"

G_BEGIN_DECLS

typedef struct _GpServer GpServer;

typedef struct {
  /* Borrowed references (the message is owned while paused) */
  GpServer          *server;
  SoupServerMessage *msg;
  const char        *method;

  /* Owned */
  char              *path;
  GHashTable        *query;     /* may be NULL */
  gboolean           paused;

  GPtrArray         *params;    /* the {captures} of the route's pattern, unescaped */
  char              *address;   /* the client's IP address */
  JsonNode          *body;      /* the parsed JSON body, once read */

  /* The caller, once authenticated. */
  GpSession         *session;
  guint8             token_hash[32];

  /* A write's body, prepared by a worker thread while the main loop runs transactions (see
   * gp_request_decode_body()). The worker never touches @msg: it reads these copies. */
  GBytes            *body_bytes;    /* flattened on the main loop */
  char              *content_type;
  char              *if_match;
  guint              body_status;   /* 400 or 415 when the body was refused, else 0 */
  const char        *body_code;
  char              *body_message;
  char              *fingerprint;   /* of a request with an Idempotency-Key */
  GpProject         *project;       /* the body decoded as a project, or NULL with project_error */
  GError            *project_error;
} GpRequest;

GpRequest  *gp_request_new                 (GpServer          *server,
                                            SoupServerMessage *msg,
                                            const char        *path,
                                            GHashTable        *query);
void        gp_request_free                (GpRequest         *req);
GpRequest  *gp_request_pause               (GpRequest         *req);
void        gp_request_resume              (GpRequest         *req);
const char *gp_request_get_param           (GpRequest         *req,
                                            guint              index);
const char *gp_request_get_query           (GpRequest         *req,
                                            const char        *name);
const char *gp_request_get_header          (GpRequest         *req,
                                            const char        *name);

void        gp_request_respond_json        (GpRequest         *req,
                                            guint              status,
                                            JsonNode          *node);
void        gp_request_respond_builder     (GpRequest         *req,
                                            guint              status,
                                            JsonBuilder       *builder);
void        gp_request_respond_error       (GpRequest         *req,
                                            guint              status,
                                            const char        *code,
                                            const char        *format,
                                            ...) G_GNUC_PRINTF (4, 5);
void        gp_request_respond_no_content  (GpRequest         *req);
void        gp_request_respond_error_with  (GpRequest         *req,
                                            guint              status,
                                            const char        *code,
                                            const char        *message,
                                            JsonObject        *extra);
void        gp_request_respond_problems    (GpRequest         *req,
                                            guint              status,
                                            const char        *code,
                                            const char        *message,
                                            GPtrArray         *problems);
GpAccount  *gp_request_get_account         (GpRequest         *req);

JsonObject *gp_request_read_json_object    (GpRequest         *req);

void        gp_request_prepare_body        (GpRequest         *req);
void        gp_request_decode_body         (GpRequest         *req,
                                            gboolean           json,
                                            gboolean           project,
                                            gboolean           fingerprint);
char       *gp_request_dup_fingerprint     (GpRequest         *req) G_GNUC_WARN_UNUSED_RESULT;

void        gp_message_respond_error       (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *code,
                                            const char        *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpRequest, gp_request_free)

G_END_DECLS
