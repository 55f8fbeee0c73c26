/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-queue-page.h: a role's work queue (待审核计划备案, 待审核合同备案, 委托项目, 订单, 合同) with its review view.
 */
#pragma once

#include <adwaita.h>

#include "gp-sync-engine.h"

G_BEGIN_DECLS

/**
 * GpQueueKind:
 * @GP_QUEUE_PLAN_FILINGS: supervisor: plans submitted for filing (file_plan / return_plan)
 * @GP_QUEUE_CONTRACT_FILINGS: supervisor: published contracts awaiting filing (file_contract /
 *   return_contract_filing)
 * @GP_QUEUE_ENTRUSTED: agency: projects entrusted to it (accept_entrustment, the execution record)
 * @GP_QUEUE_ORDERS: supplier: e-mall orders (confirm_mall_order, confirm_delivery)
 * @GP_QUEUE_CONTRACTS: supplier: contracts (confirm_delivery)
 */
typedef enum {
  GP_QUEUE_PLAN_FILINGS,
  GP_QUEUE_CONTRACT_FILINGS,
  GP_QUEUE_ENTRUSTED,
  GP_QUEUE_ORDERS,
  GP_QUEUE_CONTRACTS,
} GpQueueKind;

#define GP_TYPE_QUEUE_PAGE (gp_queue_page_get_type ())

G_DECLARE_FINAL_TYPE (GpQueuePage, gp_queue_page, GP, QUEUE_PAGE, GtkWidget)

GpQueuePage *gp_queue_page_new         (GpQueueKind   kind);
GpQueueKind  gp_queue_page_get_kind    (GpQueuePage  *self);
/* The signed-in engine (NULL when signed out); the list refreshes after each sync. */
void         gp_queue_page_set_engine  (GpQueuePage  *self,
                                        GpSyncEngine *engine);
void         gp_queue_page_refresh     (GpQueuePage  *self);
/* The projects the list shows, and whether a refresh is running. */
guint        gp_queue_page_get_n_items (GpQueuePage  *self);
gboolean     gp_queue_page_get_loading (GpQueuePage  *self);
/* Opens the review of the @index-th project of the list (as activating its row does). */
void         gp_queue_page_open        (GpQueuePage  *self,
                                        guint         index);
/* The id of the project under review, or NULL on the list. */
const char  *gp_queue_page_get_open_id (GpQueuePage  *self);

/* Adds the role's queue pages to @stack (names "plan-filings", "contract-filings", "entrusted",
 * "orders", "supplier-contracts") if missing, and gives them @engine. For GpWindow. */
void         gp_queue_pages_install    (GtkStack     *stack,
                                        GpSyncEngine *engine);

G_END_DECLS
