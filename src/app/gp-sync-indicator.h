/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sync-indicator.h: the header sync indicator with a popover of details and pending actions.
 */
#pragma once

#include <adwaita.h>

#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_SYNC_INDICATOR (gp_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (GpSyncIndicator, gp_sync_indicator, GP, SYNC_INDICATOR, AdwBin)

GtkWidget  *gp_sync_indicator_new        (void);
void        gp_sync_indicator_set_engine (GpSyncIndicator *self,
                                          GpSyncEngine    *engine);
void        gp_sync_indicator_popup      (GpSyncIndicator *self);
/* What the indicator says in one line ("● 已同步 10:42", "○ 离线", …). */
const char *gp_sync_indicator_get_summary (GpSyncIndicator *self);

/* The engine's state in one line, for the indicator and the sidebar. */
char       *gp_sync_status_describe      (GpSyncEngine    *engine) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
