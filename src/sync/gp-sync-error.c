/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sync-error.c: the error domain of src/sync.
 */
#include "config.h"

#include "gp-sync-error.h"

G_DEFINE_QUARK (gp-sync-error-quark, gp_sync_error)
