/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-error.c: the error domain of src/core.
 */
#include "config.h"

#include "gp-error.h"

G_DEFINE_QUARK (gp-core-error-quark, gp_core_error)
