/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-conflict-dialog.h: resolve a sync conflict field by field.
 */
#pragma once

#include <adwaita.h>

#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_CONFLICT_DIALOG (gp_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GpConflictDialog, gp_conflict_dialog, GP, CONFLICT_DIALOG, AdwWindow)

/* @stored must carry a conflict (a server version, or the server's deletion). */
GpConflictDialog *gp_conflict_dialog_new          (GpStore               *store,
                                                   const GpStoredProject *stored);
/* The number of fields that differ (each one a choice). */
guint             gp_conflict_dialog_get_n_fields (GpConflictDialog      *self);

G_END_DECLS
