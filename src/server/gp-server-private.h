/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-private.h: what the route files of GpServer share with gp-server.c.
 */
#pragma once

#include <libsoup/soup.h>

#include "gp-project.h"
#include "gp-server.h"
#include "gp-server-auth.h"
#include "gp-server-request.h"
#include "gp-server-store.h"

G_BEGIN_DECLS

typedef void (*GpRouteFunc) (GpServer  *self,
                             GpRequest *req);

typedef enum {
  GP_ROUTE_AUTH_NONE            = 0,      /* public: no session needed */
  GP_ROUTE_AUTH_SESSION         = 1 << 0, /* needs a session with a changed password */
  GP_ROUTE_AUTH_INITIAL_ALLOWED = 1 << 1, /* also open to a session from the initial password */
  GP_ROUTE_JSON_BODY            = 1 << 2, /* reads a JSON object body (415/400 otherwise) */
  GP_ROUTE_IDEMPOTENT           = 1 << 3, /* honours Idempotency-Key (needs a session) */
  GP_ROUTE_PROJECT_BODY         = 1 << 4, /* the body is a project, decoded by a worker thread */
} GpRouteFlags;

struct _GpServer
{
  GObject parent_instance;

  /* Owned references */
  GpServerConfig *config;
  GpServerStore  *store;
  SoupServer     *soup;
  GPtrArray      *routes;
  GMainLoop      *loop;
  char           *base_url;
  GpRateLimiter  *login_limiter;
  char           *dummy_hash;   /* verified against for unknown logins, so timing tells nothing */
  guint           purge_id;

  /* Group commit: the writes that arrived since the last flush, run in one transaction. */
  GQueue          batch;        /* of GpBatchItem */
  guint           batch_id;     /* the source that flushes it */

  /* Writes are decoded by worker threads before they join the batch; the main loop (@context)
   * alone touches the messages and the database. */
  GMainContext   *context;
  GThreadPool    *decoders;
  GMutex          decoded_lock;
  GQueue          decoded;      /* of GpBatchItem, back from the workers; under decoded_lock */
  guint           decoded_id;   /* the source that takes them; under decoded_lock */

  /* The connections' sockets, to close those the client closed while idle (see reap_cb). */
  GHashTable     *sockets;      /* GSocket → GINT (requests in progress) */
  guint           reap_id;
};

void gp_server_add_route (GpServer     *self,
                          const char   *method,
                          const char   *pattern,
                          GpRouteFlags  flags,
                          GpRouteFunc   func);

gint64 gp_server_now (GpServer *self);
gint64 gp_server_official_time (GpServer *self);

void gp_project_parties (const GpProject  *project,
                         const char      **agency_uscc,
                         const char      **supplier_uscc);

void gp_server_audit (GpServer   *self,
                      GpRequest  *req,
                      const char *account,
                      const char *action,
                      const char *object,
                      const char *outcome,
                      const char *detail);

void gp_server_respond_internal_error (GpServer     *self,
                                       GpRequest    *req,
                                       const GError *error);

char *gp_server_format_time (gint64 seconds) G_GNUC_WARN_UNUSED_RESULT;

void gp_server_add_health_routes  (GpServer *self);
void gp_server_add_session_routes (GpServer *self);
void gp_server_add_project_routes (GpServer *self);
void gp_server_add_registry_routes (GpServer *self);

G_END_DECLS
