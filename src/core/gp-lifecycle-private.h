/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-lifecycle-private.h: checks shared by gp-lifecycle.c and gp-validate.c.
 */
#pragma once

#include "gp-lifecycle.h"
#include "gp-validate.h"

G_BEGIN_DECLS

/* gp-lifecycle.c: adds the guard problems of @transition (not the role/state checks). */
void gp_lifecycle_collect_guards (const GpProject       *project,
                                  const GpTransition    *transition,
                                  GpRole                 role,
                                  const GpActionContext *ctx,
                                  gboolean               validating,
                                  GPtrArray             *problems);

/* gp-validate.c: field checks of one section; each adds every problem it finds. @ctx may be
 * NULL (then checks that need a calendar count plain days). */
void gp_validate_intention_fields  (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    GPtrArray             *problems);
void gp_validate_plan_fields       (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    GPtrArray             *problems);
void gp_validate_mall_fields       (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    GPtrArray             *problems);
void gp_validate_entrusted_fields  (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    GPtrArray             *problems);
void gp_validate_contract_fields   (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    guint                  index,
                                    GPtrArray             *problems);
void gp_validate_acceptance_fields (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    guint                  index,
                                    GPtrArray             *problems);
void gp_validate_payment_fields    (const GpProject       *project,
                                    const GpActionContext *ctx,
                                    guint                  index,
                                    GPtrArray             *problems);
/* Σ payments of each contract ≤ contract + supplements (mall: ≤ the order total). */
void gp_validate_payment_totals    (const GpProject       *project,
                                    GPtrArray             *problems);

/* Helpers. */
gint64      gp_contract_total          (const GpContract *contract);
gint64      gp_supplements_total       (const GpContract *contract);
const char *gp_sme_payment_source      (const GDate      *clock_start,
                                        const char       *which);

/* Sources, spelled once. */
#define SRC_L1(art)   "政府采购法 " art
#define SRC_L2(art)   "政府采购法实施条例 " art
#define SRC_L3_2020   "保障中小企业款项支付条例(2020) "
#define SRC_L3_2025   "保障中小企业款项支付条例(2025) "
#define SRC_P1        "粤财采购函〔2020〕59号"
#define SRC_P2        "财库〔2020〕10号"
#define SRC_P5_CONSULT "财库〔2014〕214号 第10条"
#define SRC_P5_NONTENDER "财政部令第74号"
#define SRC_P6        "财库〔2020〕46号"
#define SRC_P8        "广东电子卖场支付凭证规则 [P8]"
#define SRC_P9        "粤财采购〔2020〕26号 [P9]"
#define SRC_P10       "广东省采购限额标准 [P10]"
#define SRC_P18       "合同备案审查 [P18]"
#define SRC_DOMAIN7   "DOMAIN.md §7 (经办/审核)"
#define SRC_GB32100   "GB 32100-2015"
#define SRC_GBT2260   "GB/T 2260"

G_END_DECLS
