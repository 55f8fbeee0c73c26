/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-list-model.h: a lazy GListModel of GpProjectRow backed by pages of the local store.
 */
#pragma once

#include <gio/gio.h>

#include "gp-store.h"
#include "gp-project-row.h"

G_BEGIN_DECLS

#define GP_PROJECT_LIST_MODEL_PAGE_SIZE 200
#define GP_PROJECT_LIST_MODEL_MAX_PAGES 8

#define GP_TYPE_PROJECT_LIST_MODEL (gp_project_list_model_get_type ())

G_DECLARE_FINAL_TYPE (GpProjectListModel, gp_project_list_model, GP, PROJECT_LIST_MODEL, GObject)

/* Starts empty; the count and the first page arrive from the store's thread (items-changed). */
GpProjectListModel *gp_project_list_model_new        (GpStore            *store);
GpStore            *gp_project_list_model_get_store  (GpProjectListModel *self);
const GpStoreQuery *gp_project_list_model_get_query  (GpProjectListModel *self);
void                gp_project_list_model_set_query  (GpProjectListModel *self,
                                                      const GpStoreQuery *query);
/* TRUE while the count (and the pages on screen) are being reloaded. */
gboolean            gp_project_list_model_get_loading (GpProjectListModel *self);
/* FALSE while n-items is a lower bound (a search with very many matches); see "count-exact". */
gboolean            gp_project_list_model_get_count_exact (GpProjectListModel *self);
void                gp_project_list_model_refresh    (GpProjectListModel *self);
/* Pages held in memory (at most GP_PROJECT_LIST_MODEL_MAX_PAGES). */
guint               gp_project_list_model_get_n_cached_pages (GpProjectListModel *self);

G_END_DECLS
