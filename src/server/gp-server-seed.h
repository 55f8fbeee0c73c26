/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-seed.h: `gpcloud-server seed-demo`: a realistic demo province for trying gpcloud out.
 */
#pragma once

#include "gp-server-config.h"
#include "gp-server-store.h"

G_BEGIN_DECLS

gboolean gp_server_seed_demo (GpServerStore   *store,
                              GpServerConfig  *config,
                              const char      *tmp_dir,
                              GString         *report,
                              GError         **error);

G_END_DECLS
