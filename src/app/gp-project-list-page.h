/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-list-page.h: 采购项目, the project list with search, filters and sorting.
 */
#pragma once

#include <adwaita.h>

#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_PROJECT_LIST_PAGE (gp_project_list_page_get_type ())

G_DECLARE_FINAL_TYPE (GpProjectListPage, gp_project_list_page, GP, PROJECT_LIST_PAGE, AdwBin)

GtkWidget *gp_project_list_page_new          (void);
GpStore   *gp_project_list_page_get_store    (GpProjectListPage *self);
void       gp_project_list_page_set_store    (GpProjectListPage *self,
                                              GpStore           *store);
/* Who new projects belong to: the signed-in account's region and unit. */
void       gp_project_list_page_set_owner    (GpProjectListPage *self,
                                              const char        *region,
                                              const char        *unit_id,
                                              const char        *unit_name,
                                              const char        *budget_code);
void       gp_project_list_page_focus_search (GpProjectListPage *self);
/* The list's model (a GpProjectListModel), or NULL without a store. */
GListModel *gp_project_list_page_get_model   (GpProjectListPage *self);

G_END_DECLS
