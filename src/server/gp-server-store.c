/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-store.c: the one interface between the server's routes and its storage backend.
 */
#include "config.h"

#include "gp-server-store.h"

G_DEFINE_INTERFACE (GpServerStore, gp_server_store, G_TYPE_OBJECT)

static void
gp_server_store_default_init (GpServerStoreInterface *iface)
{
}

gboolean
gp_server_store_get_schema_version (GpServerStore  *self,
                                    guint          *version,
                                    GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->get_schema_version (self, version, error);
}

gboolean
gp_server_store_check (GpServerStore  *self,
                       GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->check (self, error);
}

void
gp_server_store_close (GpServerStore *self)
{
  g_return_if_fail (GP_IS_SERVER_STORE (self));

  GP_SERVER_STORE_GET_IFACE (self)->close (self);
}
