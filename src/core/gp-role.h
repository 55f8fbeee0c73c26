/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-role.h: the wire names of roles and purchaser duties, shared by the server and the app.
 */
#pragma once

#include "gp-lifecycle.h"
#include "gp-types.h"

G_BEGIN_DECLS

const char *gp_role_to_string   (GpRole      role);
gboolean    gp_role_from_string (const char *name,
                                 GpRole     *out);
const char *gp_duty_to_string   (GpDuty      duty);
gboolean    gp_duty_from_string (const char *name,
                                 GpDuty     *out);

G_END_DECLS
