/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-store.h: the one interface between the server's routes and its storage backend.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GP_TYPE_SERVER_STORE (gp_server_store_get_type ())

G_DECLARE_INTERFACE (GpServerStore, gp_server_store, GP, SERVER_STORE, GObject)

struct _GpServerStoreInterface
{
  GTypeInterface parent_iface;

  gboolean (*get_schema_version) (GpServerStore  *self,
                                  guint          *version,
                                  GError        **error);
  gboolean (*check)              (GpServerStore  *self,
                                  GError        **error);
  void     (*close)              (GpServerStore  *self);
};

gboolean gp_server_store_get_schema_version (GpServerStore  *self,
                                             guint          *version,
                                             GError        **error);
gboolean gp_server_store_check              (GpServerStore  *self,
                                             GError        **error);
void     gp_server_store_close              (GpServerStore  *self);

G_END_DECLS
