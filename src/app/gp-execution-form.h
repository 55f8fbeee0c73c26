/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-execution-form.h: the 采购执行 stage form: the e-mall order or the entrusted procurement.
 */
#pragma once

#include <adwaita.h>

#include "gp-stage-form.h"
#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_EXECUTION_FORM (gp_execution_form_get_type ())

G_DECLARE_FINAL_TYPE (GpExecutionForm, gp_execution_form, GP, EXECUTION_FORM, GtkWidget)

GpExecutionForm *gp_execution_form_new            (void);
/* The store whose registry caches (商品库, 供应商库, 代理机构库) the form reads. Without one, the
 * form takes the signed-in account's store from the application when it is shown. */
void             gp_execution_form_set_store      (GpExecutionForm *self,
                                                   GpStore         *store);
GpStore         *gp_execution_form_get_store      (GpExecutionForm *self);
/* "mall", "entrusted" or "none": which path the form shows. */
const char      *gp_execution_form_get_path       (GpExecutionForm *self);
/* Searches the 商品库 cache (as typing in the search field does). */
void             gp_execution_form_search_products (GpExecutionForm *self,
                                                    const char      *text);
/* The number of products the last search shows, and of lines in the cart. */
guint            gp_execution_form_get_n_products (GpExecutionForm *self);
guint            gp_execution_form_get_n_cart_lines (GpExecutionForm *self);
/* Puts the @index-th product of the search result into the cart (as its 加入购物车 button does). */
void             gp_execution_form_add_product_to_cart (GpExecutionForm *self,
                                                        guint            index);
/* The text of the earliest allowed bid deadline, or "" when not computed. */
const char      *gp_execution_form_get_min_deadline_text (GpExecutionForm *self);
/* What the bids summary says ("有效投标 2 家 …"). */
const char      *gp_execution_form_get_bids_summary (GpExecutionForm *self);
gboolean         gp_execution_form_get_bids_too_few (GpExecutionForm *self);
void             gp_execution_form_add_bid          (GpExecutionForm *self,
                                                     const char      *name,
                                                     const char      *uscc,
                                                     const char      *price,
                                                     gboolean         valid,
                                                     guint            rank);

G_END_DECLS
