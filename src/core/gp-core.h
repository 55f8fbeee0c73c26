/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-core.h: the one header to include for src/core, and its version.
 */
#pragma once

#include "gp-types.h"
#include "gp-error.h"
#include "gp-core-enums.h"

G_BEGIN_DECLS

const char *gp_core_get_version (void);

G_END_DECLS
