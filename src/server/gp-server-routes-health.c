/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-routes-health.c: GET /api/v1/health, for probes and for the app's connection check.
 */
#include "config.h"

#include "gp-server-private.h"

static void
health_cb (GpServer  *self,
           GpRequest *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) error = NULL;
  guint version = 0;
  gboolean ok;

  ok = self->store != NULL &&
       gp_server_store_check (self->store, &error) &&
       gp_server_store_get_schema_version (self->store, &version, &error);

  if (!ok)
    g_warning ("Health check: the database failed: %s", error ? error->message : "not open");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, ok ? "ok" : "error");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "database");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, ok ? "ok" : "error");
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, version);
  json_builder_end_object (b);
  json_builder_end_object (b);

  gp_request_respond_builder (req, ok ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, b);
}

void
gp_server_add_health_routes (GpServer *self)
{
  gp_server_add_route (self, "GET", "/api/v1/health", GP_ROUTE_AUTH_NONE, health_cb);
}
