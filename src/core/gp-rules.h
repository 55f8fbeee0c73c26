/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-rules.h: configurable procurement values (thresholds, lead times) per region and year.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GpRuleValues:
 * @procurement_limit: 采购限额标准 in 分. Below it, a purchase outside the 集中采购目录 is not
 *   managed as government procurement [P10]. Guangdong: 100万元 since 2018-01-01.
 * @public_tender_goods: 公开招标数额标准 for goods, in 分 (政府采购法 第27条). Guangdong 400万元 is
 *   **unconfirmed** (DOMAIN.md §1.8).
 * @public_tender_services: the same for services. **Unconfirmed** 400万元.
 * @public_tender_works: the tender threshold for works (工程), in 分: 必须招标的工程项目规定
 *   (国家发展改革委令第16号) 第5条, 施工单项合同估算价 400万元 (政府采购法 第4条 sends works that must
 *   be tendered to the 招标投标法).
 * @mall_ceiling_goods: 电子卖场 purchases must stay strictly below this amount, in 分 [P9]. The
 *   per-procedure limits are **unconfirmed**; the default is the public-tender threshold.
 * @mall_ceiling_services: the same for services.
 * @mall_ceiling_works: the same for works.
 * @sme_reserve_goods_services: 财库〔2020〕46号: goods and services at or below this amount are in
 *   principle reserved wholly for SMEs (200万元) [P6].
 * @sme_reserve_works: the same for works (400万元) [P6].
 * @sme_reserve_percent: above those amounts, the minimum share of the budget reserved for SMEs (30) [P6].
 * @sme_small_micro_percent: the minimum share of the reserve for 小微 firms (60) [P6].
 * @intention_lead_days: 采购意向 published at least this many 日 before the procurement starts (30)
 *   [P2 财库〔2020〕10号].
 * @intention_required_from: projects starting on or after this date need a published intention
 *   (provincial units 2021-01-01, units below 2022-01-01) [P2].
 * @intention_required_for_mall: whether e-mall purchases need an intention (**unconfirmed**; FALSE).
 * @legacy_cutoff: projects begun before this date are legacy and read-only (2021-01-01)
 *   [P1 粤财采购函〔2020〕59号 §四].
 * @mall_voucher_days: days after the supplier confirms delivery within which the payment voucher must
 *   be uploaded for e-mall, batch and framework purchases (45) [P8].
 * @mall_voucher_from: the date the voucher rule applies from (2025-01-01) [P8].
 *
 * The values in force for one region and one year. Amounts are in 分. Values fixed by a statute
 * (20 日 for a tender, 7 工作日 to file a contract, …) are not here but in gp-lifecycle.c, each
 * beside its article.
 */
typedef struct {
  gint64   procurement_limit;
  gint64   public_tender_goods;
  gint64   public_tender_services;
  gint64   public_tender_works;
  gint64   mall_ceiling_goods;
  gint64   mall_ceiling_services;
  gint64   mall_ceiling_works;
  gint64   sme_reserve_goods_services;
  gint64   sme_reserve_works;
  guint    sme_reserve_percent;
  guint    sme_small_micro_percent;
  guint    intention_lead_days;
  GDate    intention_required_from;
  gboolean intention_required_for_mall;
  GDate    legacy_cutoff;
  guint    mall_voucher_days;
  GDate    mall_voucher_from;
} GpRuleValues;

#define GP_TYPE_RULES (gp_rules_get_type ())

G_DECLARE_FINAL_TYPE (GpRules, gp_rules, GP, RULES, GObject)

G_GNUC_WARN_UNUSED_RESULT
GpRules    *gp_rules_new_default   (void);
G_GNUC_WARN_UNUSED_RESULT
GpRules    *gp_rules_new_from_data (const char    *data,
                                    gssize         length,
                                    GError       **error);
G_GNUC_WARN_UNUSED_RESULT
GpRules    *gp_rules_new_from_file (const char    *path,
                                    GError       **error);
G_GNUC_WARN_UNUSED_RESULT
char       *gp_rules_dup_default_path (void);
G_GNUC_WARN_UNUSED_RESULT
GpRules    *gp_rules_load_default  (GError       **error);

void        gp_rules_lookup        (GpRules       *rules,
                                    const char    *region,
                                    int            year,
                                    GpRuleValues  *out_values);

const char *gp_rules_get_name      (GpRules       *rules);

G_END_DECLS
