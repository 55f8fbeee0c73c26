/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-row.h: one lightweight, immutable row of a project list.
 */
#pragma once

#include <glib-object.h>

#include "gp-project.h"
#include "gp-store-types.h"

G_BEGIN_DECLS

#define GP_TYPE_PROJECT_ROW (gp_project_row_get_type ())

G_DECLARE_FINAL_TYPE (GpProjectRow, gp_project_row, GP, PROJECT_ROW, GObject)

/* A row not loaded yet (a list shows it as a placeholder until items-changed replaces it). */
gboolean        gp_project_row_get_loaded        (GpProjectRow *self);
const char     *gp_project_row_get_id            (GpProjectRow *self);
const char     *gp_project_row_get_name          (GpProjectRow *self);
const char     *gp_project_row_get_code          (GpProjectRow *self);
GpStage         gp_project_row_get_stage         (GpProjectRow *self);
GpProjectState  gp_project_row_get_state         (GpProjectRow *self);
/* fen; 0 when not filled in */
gint64          gp_project_row_get_budget        (GpProjectRow *self);
gint64          gp_project_row_get_contract_amount (GpProjectRow *self);
/* "YYYY-MM-DD", or NULL when no legal deadline is running */
const char     *gp_project_row_get_next_deadline (GpProjectRow *self);
gint64          gp_project_row_get_updated       (GpProjectRow *self);
GpSyncState     gp_project_row_get_sync_state    (GpProjectRow *self);
gboolean        gp_project_row_get_has_conflict  (GpProjectRow *self);

/* Equal in every shown field (used to emit items-changed only for rows that changed). */
gboolean        gp_project_row_equal             (GpProjectRow *a,
                                                  GpProjectRow *b);

G_END_DECLS
