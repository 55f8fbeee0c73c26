/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-workbench-page.h: 工作台: deadlines soon or overdue, to-dos and pending offline actions.
 */
#pragma once

#include <adwaita.h>

#include "gp-store.h"
#include "gp-lifecycle.h"

G_BEGIN_DECLS

#define GP_TYPE_WORKBENCH_PAGE (gp_workbench_page_get_type ())

G_DECLARE_FINAL_TYPE (GpWorkbenchPage, gp_workbench_page, GP, WORKBENCH_PAGE, AdwBin)

/* Deadlines up to this many days ahead are shown. */
#define GP_WORKBENCH_HORIZON_DAYS 14

GtkWidget *gp_workbench_page_new            (void);
void       gp_workbench_page_set_store      (GpWorkbenchPage *self,
                                             GpStore         *store);
void       gp_workbench_page_set_account    (GpWorkbenchPage *self,
                                             GpRole           role,
                                             GpDuty           duties);
/* The sync state in words, shown with the pending actions. */
void       gp_workbench_page_set_sync_state (GpWorkbenchPage *self,
                                             const char      *text);
void       gp_workbench_page_refresh        (GpWorkbenchPage *self);
/* TRUE while a refresh is running (tests wait for FALSE). */
gboolean   gp_workbench_page_get_loading    (GpWorkbenchPage *self);
/* The number of entries of the to-do group (the sidebar shows it as a badge). */
guint      gp_workbench_page_get_n_todos    (GpWorkbenchPage *self);

G_END_DECLS
