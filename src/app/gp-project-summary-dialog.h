/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-summary-dialog.h: a read-only summary of one project.
 */
#pragma once

#include <adwaita.h>

#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_PROJECT_SUMMARY_DIALOG (gp_project_summary_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GpProjectSummaryDialog, gp_project_summary_dialog, GP, PROJECT_SUMMARY_DIALOG, AdwWindow)

GpProjectSummaryDialog *gp_project_summary_dialog_new (const GpStoredProject *stored);

G_END_DECLS
