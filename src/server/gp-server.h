/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server.h: GpServer, gpcloud-server's HTTP front: listening, routing, start and stop.
 */
#pragma once

#include <gio/gio.h>

#include "gp-server-config.h"

G_BEGIN_DECLS

#define GP_TYPE_SERVER (gp_server_get_type ())

G_DECLARE_FINAL_TYPE (GpServer, gp_server, GP, SERVER, GObject)

GpServer   *gp_server_new          (GpServerConfig  *config);
GpServerConfig *gp_server_get_config (GpServer      *self);
gboolean    gp_server_start        (GpServer        *self,
                                    GError         **error);
const char *gp_server_get_base_url (GpServer        *self);
void        gp_server_stop         (GpServer        *self);
int         gp_server_run          (GpServer        *self);
int         gp_server_import_units_file (GpServer   *self,
                                         const char *path);
int         gp_server_seed_demo_data (GpServer *self);
int         gp_server_import_registry_file (GpServer   *self,
                                            const char *kind,
                                            const char *path);

G_END_DECLS
