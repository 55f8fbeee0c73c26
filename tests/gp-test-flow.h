/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-flow.h: shared steps of the lifecycle UI tests (issue 7b): a server with a supplier and an
 * agency linked by their 统一社会信用代码 and small registries, engines signed in per account, and
 * a project walked to a state through the HTTP API.
 */
#pragma once

#include "gp-sync-engine.h"
#include "gp-test-server.h"

G_BEGIN_DECLS

/* Besides GP_TEST_UNITS_CSV: a supplier (gys01) and an agency (dl02) linked to their projects by
 * their 统一社会信用代码, which are also in the registries below. */
#define GP_FLOW_SUPPLIER_LOGIN  "gys01"
#define GP_FLOW_SUPPLIER_CODE   "442000801"
#define GP_FLOW_SUPPLIER_NAME   "中山市博文电脑有限公司"
#define GP_FLOW_AGENCY_LOGIN    "dl02"
#define GP_FLOW_AGENCY_CODE     "440000502"
#define GP_FLOW_AGENCY_NAME     "广东粤信招标代理有限公司"
/* Two more accounts of 中山市教育局 (zsjy's unit): one with the 经办 duty only, one with the 审核
 * duty only (DOMAIN.md §7). */
#define GP_FLOW_CLERK_LOGIN     "zsjy-jb"
#define GP_FLOW_REVIEWER_LOGIN  "zsjy-sh"

GpTestServer *gp_flow_server_start      (void);
const char   *gp_flow_supplier_uscc     (void);
const char   *gp_flow_agency_uscc       (void);
const char   *gp_flow_initial_password  (const char   *login);

/* Moves the server's official clock @days ahead of the real one. */
void          gp_flow_set_clock_days    (GpTestServer *ts,
                                         guint         days);

/* Iterates the main loop until @condition holds; fails after 60 s. */
void          gp_flow_wait_until        (gboolean    (*condition) (gpointer data),
                                         gpointer      data,
                                         const char   *what);
/* An engine signed in (password changed on first use) and synced once. */
GpSyncEngine *gp_flow_engine            (GpTestServer *ts,
                                         const char   *login);
/* Runs one sync cycle to its end. */
void          gp_flow_sync              (GpSyncEngine *engine);
void          gp_flow_queue             (GpSyncEngine *engine,
                                         const char   *project_id,
                                         const char   *action,
                                         const char   *payload_json);
GpProject    *gp_flow_load              (GpSyncEngine *engine,
                                         const char   *project_id);
void          gp_flow_save              (GpSyncEngine *engine,
                                         GpProject    *project);

/* Through the API as zsjy: a new project with a plan of @method and @form, submitted for filing.
 * Returns its id. */
char         *gp_flow_submitted_plan    (GpTestServer        *ts,
                                         const char          *name,
                                         GpProcurementMethod  method,
                                         GpOrganisationForm   form,
                                         gint64               budget);
/* POSTs an action as @login; asserts the status. */
void          gp_flow_api_action        (GpTestServer *ts,
                                         const char   *login,
                                         const char   *project_id,
                                         const char   *action,
                                         const char   *body,
                                         guint         expected_status);

G_END_DECLS
