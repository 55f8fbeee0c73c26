/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-seed.c: `gpcloud-server seed-demo`: a realistic demo province for trying gpcloud out.
 *
 * Regions: 广东省 (440000) with 广州市 (天河区, 越秀区), 佛山市 (禅城区), 汕头市 (金平区) and 中山市 (no
 * districts). Units of every role with budget codes; 汕头 units follow the two-account rule of
 * DOMAIN.md §7 (区划 + 财政编码 + 001 审核 / 002 经办). Registries: suppliers with valid 统一社会信用代码,
 * agencies, experts, a goods catalogue, the purchaser list. Projects of 中山市教育局 in every state.
 * Every account's password is its unit's budget code, to be changed at the first sign-in.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gp-codec.h"
#include "gp-ids.h"
#include "gp-server-import.h"
#include "gp-server-registry.h"
#include "gp-server-private.h"
#include "gp-server-seed.h"

static const char units_csv[] =
  "name,budget_code,region,role,account,duties,uscc\n"
  "广东省财政厅,440000900,440000,supervisor,gdczt,\n"
  "广东省教育厅,440000101,440000,purchaser,gdjyt,both\n"
  "广东省卫生健康委员会,440000102,440000,purchaser,gdwjw,both\n"
  "广州市财政局,440100900,440100,supervisor,gzczj,\n"
  "广州市天河区财政局,440106900,440106,supervisor,thczj,\n"
  "广州市天河区教育局,440106201,440106,purchaser,thjyj,both\n"
  "广州市越秀区卫生健康局,440104202,440104,purchaser,yxwjj,both\n"
  "佛山市财政局,440600900,440600,supervisor,fsczj,\n"
  "佛山市禅城区教育局,440604203,440604,purchaser,ccjyj,both\n"
  "汕头市财政局,440500900,440500,supervisor,stczj,\n"
  "汕头市金平区教育局,440511204,440511,purchaser,,\n"
  "中山市财政局,442000900,442000,supervisor,zsczj,\n"
  "中山市教育局,442000101,442000,purchaser,zsjyj,both\n"
  "中山市卫生健康局,442000102,442000,purchaser,zswjj,both\n"
  "广东省政府采购中心,440000500,440000,agency,gdcgzx,,12440000MB2C00001P\n"
  "广东粤信招标代理有限公司,440000501,440000,agency,yxzb,,91440000MA4UA00011\n"
  "中山市博文电脑有限公司,442000801,442000,supplier,bwdn,,91442000MA4W1234X1\n"
  "广东省政府采购平台管理员,440000999,440000,admin,admin,\n";

/* First 17 characters of the demo companies' 统一社会信用代码; the check digit is computed. */
static const struct {
  const char *first17;
  const char *name;
  const char *size;
  const char *credit;
  const char *region;
} suppliers[] = {
  { "91442000MA4W1234X", "中山市博文电脑有限公司", "small", "normal", "442000" },
  { "91440101MA5C0000Y", "广州南方办公设备有限公司", "medium", "normal", "440100" },
  { "91440106MA9X7777K", "广州天河图文打印服务部", "micro", "normal", "440106" },
  { "91440600MA51AB12C", "佛山市禅城家具制造有限公司", "small", "normal", "440604" },
  { "91440500MA4U8888D", "汕头市金平物业服务有限公司", "medium", "normal", "440511" },
  { "91440000617400001", "广东华南电子信息集团有限公司", "large", "normal", "440000" },
  { "91442000MA4X0001E", "中山市明辉医疗器械有限公司", "small", "dishonest", "442000" },
};

static const struct {
  const char *first17;
  const char *name;
  const char *region;
} agencies[] = {
  { "12440000MB2C00001", "广东省政府采购中心", "440000" },
  { "91440000MA4UA0001", "广东粤信招标代理有限公司", "440000" },
  { "91442000MA4UB0002", "中山市公信招标有限公司", "442000" },
};

static const char experts_csv[] =
  "expert_id,name,specialty,region\n"
  "E4400001,陈志远,计算机设备,440000\n"
  "E4400002,林晓燕,医疗设备,440000\n"
  "E4401001,黄伟明,物业管理服务,440100\n"
  "E4420001,梁嘉欣,教学仪器,442000\n"
  "E4420002,何俊杰,办公家具,442000\n"
  "E4405001,郑丽华,工程造价,440500\n";

static const struct {
  const char *sku;
  const char *name;
  const char *catalog;
  const char *price;
  guint       supplier;
  const char *spec;
  const char *unit;
} products[] = {
  { "P-0001", "台式计算机", "A02010104", "4999.00", 0, "国产CPU/16G/512G SSD/23.8英寸", "台" },
  { "P-0002", "便携式计算机", "A02010108", "5999.00", 0, "14英寸/16G/512G", "台" },
  { "P-0003", "激光打印机", "A02021001", "1680.00", 1, "A4黑白/双面/网络", "台" },
  { "P-0004", "复印纸", "A090101", "26.50", 1, "A4 70g 500张/包", "包" },
  { "P-0005", "办公桌", "A060205", "1280.00", 3, "1400×700×750mm", "张" },
  { "P-0006", "办公椅", "A060299", "560.00", 3, "网布/可升降", "把" },
  { "P-0007", "投影仪", "A02020601", "3899.00", 5, "4000流明/1080P", "台" },
};

static char *
uscc_of (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, gp_uscc_compute_check (first17));
}

static gboolean
import_text (GpServerStore  *store,
             const char     *tmp_dir,
             const char     *kind,
             const char     *text,
             GError        **error)
{
  g_autofree char *path = g_build_filename (tmp_dir, "seed.csv", NULL);
  GpRegistryStats stats;
  gboolean ok;

  if (!g_file_set_contents (path, text, -1, error))
    return FALSE;
  ok = gp_server_import_registry (store, kind, path, &stats, error);
  g_unlink (path);
  return ok;
}

static void
set_date (GDate *date,
          int    year,
          int    month,
          int    day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* The day of each state's last step, counted from the project's creation: a demo project reached
 * its state two days ago, so what is current is current and what is done is in the past. */
static guint
last_step_day (GpProjectState state)
{
  static const guint days[GP_PROJECT_STATE_N_STATES] = {
    [GP_PROJECT_STATE_INTENT_DRAFT] = 0,         [GP_PROJECT_STATE_INTENT_PUBLISHED] = 2,
    [GP_PROJECT_STATE_PLAN_DRAFT] = 10,          [GP_PROJECT_STATE_PLAN_SUBMITTED] = 40,
    [GP_PROJECT_STATE_PLAN_FILED] = 42,          [GP_PROJECT_STATE_MALL_ORDERING] = 44,
    [GP_PROJECT_STATE_MALL_ORDER_CONFIRMED] = 46, [GP_PROJECT_STATE_ENTRUSTED] = 45,
    [GP_PROJECT_STATE_DOCS_CONFIRMED] = 47,      [GP_PROJECT_STATE_NOTICE_PUBLISHED] = 50,
    [GP_PROJECT_STATE_BID_CLOSED] = 71,          [GP_PROJECT_STATE_EVALUATED] = 72,
    [GP_PROJECT_STATE_RESULT_CONFIRMED] = 74,    [GP_PROJECT_STATE_AWARDED] = 75,
    [GP_PROJECT_STATE_CHALLENGED] = 77,          [GP_PROJECT_STATE_CONTRACT_SIGNED] = 80,
    [GP_PROJECT_STATE_CONTRACT_PUBLISHED] = 82,  [GP_PROJECT_STATE_CONTRACT_FILED] = 84,
    [GP_PROJECT_STATE_IN_PERFORMANCE] = 85,      [GP_PROJECT_STATE_DELIVERED] = 100,
    [GP_PROJECT_STATE_ACCEPTED] = 103,           [GP_PROJECT_STATE_ACCEPTANCE_FAILED] = 103,
    [GP_PROJECT_STATE_PAYING] = 110,             [GP_PROJECT_STATE_PAID] = 115,
    [GP_PROJECT_STATE_CLOSED] = 116,             [GP_PROJECT_STATE_FAILED] = 72,
    [GP_PROJECT_STATE_TERMINATED] = 50,          [GP_PROJECT_STATE_LEGACY] = 120,
  };

  return days[state];
}

/* Whether a project in @state went through @step (both on the entrusted or the contract path). */
static gboolean
reached (GpProjectState state,
         GpProjectState step)
{
  if (state == GP_PROJECT_STATE_FAILED)
    return step <= GP_PROJECT_STATE_EVALUATED;
  if (state == GP_PROJECT_STATE_TERMINATED)
    return step <= GP_PROJECT_STATE_NOTICE_PUBLISHED;
  if (state == GP_PROJECT_STATE_LEGACY)
    return FALSE;
  return state >= step && state <= GP_PROJECT_STATE_CLOSED;
}

static void
day_of (gint64  created,
        guint   n,
        GDate  *out)
{
  gp_date_from_usec_china (created + (gint64) n * 24 * 3600 * G_USEC_PER_SEC, out);
}

/* One lot of @subject for @budget. */
static GpItem *
demo_item (const char *subject,
           gint64      budget)
{
  GpItem *item = gp_item_new ();

  item->catalog_code = g_strdup ("A02010104");
  item->name = g_strdup (subject);
  item->unit = g_strdup ("批");
  item->quantity_milli = 1000;
  item->unit_price = budget;
  item->total = budget;
  return item;
}

static GpBid *
demo_bid (const char *name,
          const char *uscc,
          gint64      price,
          guint       rank,
          gint64      submitted)
{
  GpBid *bid = gp_bid_new ();

  bid->supplier.name = g_strdup (name);
  bid->supplier.uscc = g_strdup (uscc);
  bid->supplier.size = GP_ENTERPRISE_SIZE_SMALL;
  bid->price = price;
  bid->valid = TRUE;
  bid->rank = rank;
  bid->submitted = submitted;
  return bid;
}

/* The agency's steps up to @state: dates, three bids, the evaluation and the award. */
static void
demo_entrusted_steps (GpProject      *p,
                      GpProjectState  state,
                      const char     *supplier_uscc)
{
  GpEntrustedProcurement *e = p->execution->entrusted;
  gint64 budget = p->plan->total;
  gint64 awarded = budget - budget / 20;
  g_autofree char *second = uscc_of (suppliers[1].first17);
  g_autofree char *third = uscc_of (suppliers[5].first17);

  if (reached (state, GP_PROJECT_STATE_ENTRUSTED))
    day_of (p->created, 45, &e->entrusted);
  if (reached (state, GP_PROJECT_STATE_DOCS_CONFIRMED))
    {
      /* The agency plans the notice's dates with the documents. */
      day_of (p->created, 47, &e->docs_confirmed);
      day_of (p->created, 50, &e->docs_from);
      day_of (p->created, 57, &e->docs_until);
      /* 政府采购法 第35条: at least 20 日 from the documents to the bids. */
      e->bid_deadline = p->created + (gint64) 71 * 24 * 3600 * G_USEC_PER_SEC;
    }
  if (reached (state, GP_PROJECT_STATE_NOTICE_PUBLISHED))
    {
      day_of (p->created, 50, &e->notice_published);
      day_of (p->created, 50, &e->docs_from);
      day_of (p->created, 57, &e->docs_until);
      /* 政府采购法 第35条: at least 20 日 from the documents to the bids. */
      e->bid_deadline = p->created + (gint64) 71 * 24 * 3600 * G_USEC_PER_SEC;
    }
  if (reached (state, GP_PROJECT_STATE_BID_CLOSED))
    {
      e->opening = e->bid_deadline;
      g_ptr_array_add (e->bids, demo_bid ("中山市博文电脑有限公司", supplier_uscc, awarded,
                                          reached (state, GP_PROJECT_STATE_EVALUATED) ? 1 : 0,
                                          e->bid_deadline - (gint64) 3600 * G_USEC_PER_SEC));
      g_ptr_array_add (e->bids, demo_bid (suppliers[1].name, second,
                                          budget - budget / 40, reached (state, GP_PROJECT_STATE_EVALUATED) ? 2 : 0,
                                          e->bid_deadline - (gint64) 5 * 3600 * G_USEC_PER_SEC));
      g_ptr_array_add (e->bids, demo_bid (suppliers[5].name, third,
                                          budget - budget / 100, reached (state, GP_PROJECT_STATE_EVALUATED) ? 3 : 0,
                                          e->bid_deadline - (gint64) 26 * 3600 * G_USEC_PER_SEC));
    }
  if (reached (state, GP_PROJECT_STATE_EVALUATED))
    {
      day_of (p->created, 72, &e->evaluated);
      e->report_sent = e->evaluated;
      e->evaluation_summary = g_strdup ("综合评分法：评标委员会5人（专家4人、采购人代表1人），"
                                        "推荐中山市博文电脑有限公司为第一中标候选人");
    }
  if (state == GP_PROJECT_STATE_FAILED)
    {
      e->failed = TRUE;
      e->failure_reason = g_strdup ("有效投标不足三家，依法废标");
    }
  if (reached (state, GP_PROJECT_STATE_RESULT_CONFIRMED))
    {
      day_of (p->created, 74, &e->result_confirmed);
      e->awarded_supplier.name = g_strdup ("中山市博文电脑有限公司");
      e->awarded_supplier.uscc = g_strdup (supplier_uscc);
      e->awarded_supplier.size = GP_ENTERPRISE_SIZE_SMALL;
      e->awarded_amount = awarded;
    }
  if (reached (state, GP_PROJECT_STATE_AWARDED))
    day_of (p->created, 75, &e->award_notice);
}

/* The acceptance report and the payments up to @state, against @contract. */
static void
demo_acceptance_and_payments (GpProject       *p,
                              GpProjectState   state,
                              const GpContract *contract)
{
  static const char *const members[][2] = {
    { "陈建国", "组长" }, { "林晓燕", "技术专家" }, { "黄志强", "使用单位代表" },
  };
  guint n_paid;

  if (reached (state, GP_PROJECT_STATE_ACCEPTED) || state == GP_PROJECT_STATE_ACCEPTANCE_FAILED)
    {
      GpAcceptance *a = gp_acceptance_new ();
      gboolean passed = state != GP_PROJECT_STATE_ACCEPTANCE_FAILED;

      a->id = g_strdup ("a1");
      a->contract_id = g_strdup (contract->id);
      a->plan = g_strdup ("按合同约定的技术参数逐项核对，抽检通电运行");
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        {
          GpTeamMember *m = gp_team_member_new ();

          m->name = g_strdup (members[i][0]);
          m->role = g_strdup (members[i][1]);
          m->has_signed = TRUE;
          g_ptr_array_add (a->team, m);
        }
      for (guint i = 0; i < contract->acceptance_criteria->len; i++)
        {
          GpCriterionResult *r = gp_criterion_result_new ();

          r->criterion = g_strdup (g_ptr_array_index (contract->acceptance_criteria, i));
          r->actual = g_strdup (passed || i == 0 ? "符合" : "两台设备无法开机，待供应商更换");
          r->passed = passed || i == 0;
          g_ptr_array_add (a->results, r);
        }
      a->conclusion = passed ? GP_ACCEPTANCE_CONCLUSION_PASS : GP_ACCEPTANCE_CONCLUSION_FAIL;
      a->team_opinion = g_strdup (passed ? "同意验收合格" : "部分设备不合格，不予通过");
      a->purchaser_opinion = g_strdup (passed ? "同意" : "请供应商限期更换后重新验收");
      a->supplier_confirmed = TRUE;
      day_of (p->created, 103, &a->date);
      a->approval.prepared = TRUE;
      a->approval.approved = TRUE;
      g_ptr_array_add (p->acceptances, a);
    }

  n_paid = reached (state, GP_PROJECT_STATE_PAID) ? 2 : reached (state, GP_PROJECT_STATE_PAYING) ? 1 : 0;
  for (guint i = 0; i < n_paid; i++)
    {
      GpPayment *pay = gp_payment_new ();
      gint64 half = contract->amount / 2;

      pay->id = g_strdup_printf ("pay%u", i + 1);
      pay->contract_id = g_strdup (contract->id);
      pay->instalment = i + 1;
      pay->amount = i == 0 ? half : contract->amount - half;
      pay->trigger = GP_PAYMENT_TRIGGER_ACCEPTANCE;
      day_of (p->created, 103, &pay->trigger_date);
      day_of (p->created, 103 + 30, &pay->due);
      day_of (p->created, i == 0 ? 110 : 115, &pay->paid);
      pay->funding_route = GP_FUNDING_ROUTE_TREASURY;
      pay->voucher = g_strdup_printf ("ZSJY-ZF-2026-%03u-%02u", (guint) state, i + 1);
      pay->approval.prepared = TRUE;
      pay->approval.approved = TRUE;
      g_ptr_array_add (p->payments, pay);
    }
}

static GpProject *
demo_project (GpProjectState  state,
              guint           index,
              gint64          now_usec,
              const char     *agency_uscc,
              const char     *supplier_uscc)
{
  static const char *const subjects[] = {
    "教学用台式计算机", "多媒体教室投影设备", "学生课桌椅", "校园物业管理服务", "图书馆图书",
    "实验室教学仪器", "办公用复印纸", "校园网络设备", "食堂厨房设备", "校车租赁服务",
  };
  GpProject *p = gp_project_new_draft ("442000");
  const char *subject = subjects[index % G_N_ELEMENTS (subjects)];
  gint64 budget = (gint64) (200000 + 137000 * index) * 100;
  gint64 day = G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC;

  p->purchaser.name = g_strdup ("中山市教育局");
  p->purchaser.budget_code = g_strdup ("442000101");
  p->purchaser.address = g_strdup ("中山市东区松苑路1号");
  p->purchaser.contact_name = g_strdup ("李主任");
  p->purchaser.contact_phone = g_strdup ("0760-88888888");
  p->status = state;
  p->stage = gp_project_state_fixes_stage (state) ? gp_project_state_get_stage (state) : GP_STAGE_EXECUTION;
  p->legacy = state == GP_PROJECT_STATE_LEGACY;
  if (p->legacy)
    p->stage = GP_STAGE_CONTRACT;
  p->created = now_usec - (gint64) (last_step_day (state) + 2) * day;
  p->updated = now_usec - 2 * day;

  p->intention = gp_intention_new ();
  p->intention->name = g_strdup_printf ("中山市教育局2026年%s采购项目", subject);
  p->intention->summary = g_strdup_printf ("采购%s一批，用于全市中小学教学及办公。", subject);
  p->intention->budget = budget;
  /* Published at least 30 日 before the purchase begins (粤财采购函〔2020〕59号; the rules). */
  {
    GDate expected;

    day_of (p->created, 75, &expected);
    set_date (&p->intention->expected_month, g_date_get_year (&expected), g_date_get_month (&expected), 1);
  }
  p->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;
  if (state != GP_PROJECT_STATE_INTENT_DRAFT)
    p->intention->published = p->created + 2 * day;

  if (state >= GP_PROJECT_STATE_PLAN_DRAFT)
    {
      p->plan = gp_plan_new ();
      p->plan->name = g_strdup (p->intention->name);
      p->plan->content = g_strdup (p->intention->summary);
      p->plan->funding_type = GP_FUNDING_TYPE_FISCAL_INDEX;
      g_ptr_array_add (p->plan->items, demo_item (subject, budget));
      {
        GpBudgetLine *line = gp_budget_line_new ();

        line->index_code = g_strdup_printf ("ZS2026-JY-%04u", index + 1);
        line->description = g_strdup ("2026年教育专项资金");
        line->amount = budget;
        g_ptr_array_add (p->plan->budget_lines, line);
      }
      p->plan->total = budget;
      p->plan->nature = GP_PROCUREMENT_NATURE_GOODS;
      if (state == GP_PROJECT_STATE_MALL_ORDERING || state == GP_PROJECT_STATE_MALL_ORDER_CONFIRMED)
        {
          p->plan->method = GP_PROCUREMENT_METHOD_MALL_DIRECT;
          p->plan->organisation_form = GP_ORGANISATION_FORM_SELF;
        }
      else
        {
          p->plan->method = GP_PROCUREMENT_METHOD_OPEN_TENDER;
          p->plan->organisation_form = GP_ORGANISATION_FORM_ENTRUSTED;
        }
      set_date (&p->plan->planned_start, 2026, 3, 1);
      if (state >= GP_PROJECT_STATE_PLAN_SUBMITTED)
        p->plan->submitted = p->created + 40 * day;
      if (state >= GP_PROJECT_STATE_PLAN_FILED)
        {
          p->plan->filed = p->created + 42 * day;
          p->plan->filing_ref = g_strdup_printf ("粤中财采备〔2026〕%03u号", index + 1);
        }
    }

  if (state >= GP_PROJECT_STATE_MALL_ORDERING && state != GP_PROJECT_STATE_LEGACY)
    {
      p->execution = gp_execution_new ();
      if (state == GP_PROJECT_STATE_MALL_ORDERING || state == GP_PROJECT_STATE_MALL_ORDER_CONFIRMED)
        {
          p->execution->kind = GP_EXECUTION_KIND_MALL;
          p->execution->mall = gp_mall_order_new ();
          p->execution->mall->order_no = g_strdup_printf ("DD2026%06u", index);
          p->execution->mall->total = budget;
          p->execution->mall->supplier.name = g_strdup ("中山市博文电脑有限公司");
          p->execution->mall->supplier.uscc = g_strdup (supplier_uscc);
          p->execution->mall->supplier.size = GP_ENTERPRISE_SIZE_SMALL;
          g_ptr_array_add (p->execution->mall->items, demo_item (subject, budget));
          p->execution->mall->consignee.name = g_strdup ("李老师");
          p->execution->mall->consignee.phone = g_strdup ("0760-88888888");
          p->execution->mall->consignee.address = g_strdup ("中山市东区松苑路1号 教研室");
          p->execution->mall->invoice.kind = GP_INVOICE_KIND_NORMAL;
          p->execution->mall->invoice.title = g_strdup ("中山市教育局");
          p->execution->mall->ordered = p->created + 44 * day;
          if (state == GP_PROJECT_STATE_MALL_ORDER_CONFIRMED)
            p->execution->mall->confirmed = p->created + 46 * day;
          p->execution->mall->approval.prepared = TRUE;
          p->execution->mall->approval.approved = TRUE;
          p->execution->mall->status = state == GP_PROJECT_STATE_MALL_ORDERING
                                       ? GP_MALL_ORDER_STATUS_SUBMITTED : GP_MALL_ORDER_STATUS_CONFIRMED;
        }
      else
        {
          p->execution->kind = GP_EXECUTION_KIND_ENTRUSTED;
          p->execution->entrusted = gp_entrusted_procurement_new ();
          p->execution->entrusted->agency.name = g_strdup ("广东粤信招标代理有限公司");
          p->execution->entrusted->agency.uscc = g_strdup (agency_uscc);
          p->execution->entrusted->agency.size = GP_ENTERPRISE_SIZE_SMALL;
          p->execution->entrusted->project_code = g_strdup_printf ("YXZB2026-%04u", index + 1);
          demo_entrusted_steps (p, state, supplier_uscc);
        }
    }

  if ((state >= GP_PROJECT_STATE_CONTRACT_SIGNED && state <= GP_PROJECT_STATE_CLOSED) ||
      state == GP_PROJECT_STATE_LEGACY)
    {
      GpContract *c = gp_contract_new ();

      c->id = g_strdup ("c1");
      c->number = g_strdup_printf ("ZSJY-HT-2026-%03u", index + 1);
      c->title = g_strdup_printf ("%s采购合同", subject);
      c->supplier.name = g_strdup ("中山市博文电脑有限公司");
      c->supplier.uscc = g_strdup (supplier_uscc);
      c->supplier.size = GP_ENTERPRISE_SIZE_SMALL;
      c->amount = budget - budget / 20;
      c->performance_period = g_strdup ("合同签订后30日内交货并完成安装调试");
      c->performance_place = g_strdup ("中山市教育局指定学校");
      g_ptr_array_add (c->acceptance_criteria, g_strdup ("货物型号及技术参数符合采购文件"));
      g_ptr_array_add (c->acceptance_criteria, g_strdup ("安装调试完成并正常运行"));
      if (state == GP_PROJECT_STATE_LEGACY)
        set_date (&c->signed_on, 2020, 11, 10);
      else
        day_of (p->created, 80, &c->signed_on);
      if (reached (state, GP_PROJECT_STATE_CONTRACT_PUBLISHED))
        {
          day_of (p->created, 81, &c->published_on);
          /* Sent for filing: in the finance department's queue, or filed. */
          day_of (p->created, 82, &c->filing_submitted);
        }
      if (reached (state, GP_PROJECT_STATE_CONTRACT_FILED))
        day_of (p->created, 84, &c->filed_on);
      g_ptr_array_add (p->contracts, c);
      demo_acceptance_and_payments (p, state, c);
    }

  return p;
}

/**
 * gp_server_seed_demo:
 * @store: the server store
 * @config: the settings (the password hash cost)
 * @tmp_dir: a directory for scratch files
 * @report: (out): what was made, and the demo logins
 * @error: return location for a #GError
 *
 * Fills an empty store with the demo province. Accounts and registries are merged into what is
 * there; projects are added only to a store without projects.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_server_seed_demo (GpServerStore   *store,
                     GpServerConfig  *config,
                     const char      *tmp_dir,
                     GString         *report,
                     GError         **error)
{
  g_autofree char *units_path = g_build_filename (tmp_dir, "seed-units.csv", NULL);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *agency_uscc = uscc_of (agencies[1].first17);
  g_autofree char *supplier_uscc = uscc_of (suppliers[0].first17);
  GpVisibility all = { .all = TRUE };
  GpImportStats stats;
  gint64 now = g_get_real_time ();
  guint n_projects = 0;

  if (!g_file_set_contents (units_path, units_csv, -1, error))
    return FALSE;
  if (!gp_server_import_units (store, config, units_path, now / G_USEC_PER_SEC, &stats, error))
    return FALSE;
  g_unlink (units_path);

  /* 采购人库 from the purchaser units. */
  g_string_assign (csv, "name,budget_code,region\n");
  for (const char *line = strchr (units_csv, '\n') + 1; *line != '\0'; line = strchr (line, '\n') + 1)
    {
      g_auto(GStrv) f = g_strsplit (line, ",", 6);
      g_autofree char *key = NULL;

      if (g_strv_length (f) >= 5 && g_strcmp0 (f[3], "purchaser") == 0)
        {
          key = g_strdup_printf ("%s,%s,%s\n", f[0], f[1], f[2]);
          if (strstr (csv->str, key) == NULL)
            g_string_append (csv, key);
        }
    }
  if (!import_text (store, tmp_dir, "purchaser", csv->str, error))
    return FALSE;

  g_string_assign (csv, "uscc,name,size,credit,region\n");
  for (guint i = 0; i < G_N_ELEMENTS (suppliers); i++)
    {
      g_autofree char *code = uscc_of (suppliers[i].first17);

      g_string_append_printf (csv, "%s,%s,%s,%s,%s\n", code, suppliers[i].name, suppliers[i].size,
                              suppliers[i].credit, suppliers[i].region);
    }
  if (!import_text (store, tmp_dir, "supplier", csv->str, error))
    return FALSE;

  g_string_assign (csv, "uscc,name,region\n");
  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    {
      g_autofree char *code = uscc_of (agencies[i].first17);

      g_string_append_printf (csv, "%s,%s,%s\n", code, agencies[i].name, agencies[i].region);
    }
  if (!import_text (store, tmp_dir, "agency", csv->str, error))
    return FALSE;

  if (!import_text (store, tmp_dir, "expert", experts_csv, error))
    return FALSE;

  g_string_assign (csv, "sku,name,catalog_code,price,supplier_uscc,spec,unit\n");
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autofree char *code = uscc_of (suppliers[products[i].supplier].first17);

      g_string_append_printf (csv, "%s,%s,%s,%s,%s,%s,%s\n", products[i].sku, products[i].name,
                              products[i].catalog, products[i].price, code, products[i].spec, products[i].unit);
    }
  if (!import_text (store, tmp_dir, "product", csv->str, error))
    return FALSE;

  /* Projects: one of 中山市教育局 in every state, unless there are projects already. */
  existing = gp_server_store_list_changes (store, &all, 0, 1, error);
  if (existing == NULL)
    return FALSE;

  if (existing->len == 0)
    {
      g_autoptr(GpAccount) owner = gp_server_store_lookup_account (store, "zsjyj", error);

      if (owner == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT, "The demo purchaser is missing");
          return FALSE;
        }

      if (!gp_server_store_begin (store, error))
        return FALSE;

      for (guint s = 0; s < GP_PROJECT_STATE_N_STATES; s++)
        {
          g_autoptr(GpProject) p = demo_project ((GpProjectState) s, s, now, agency_uscc, supplier_uscc);
          g_autofree char *json = NULL;
          GpStoredProject row = { NULL, };

          p->rev = 1;
          json = gp_project_to_json_string (p, NULL);
          row.id = p->id;
          row.rev = 1;
          row.unit_id = owner->unit_id;
          row.region = p->region;
          row.status = (char *) gp_project_state_to_string (p->status);
          row.stage = (char *) gp_stage_to_string (p->stage);
          row.name = (char *) gp_project_get_name (p);
          row.updated = p->updated / G_USEC_PER_SEC;
          row.json = json;
          gp_project_parties (p, (const char **) &row.agency_uscc, (const char **) &row.supplier_uscc);
          if (!gp_server_store_put_project (store, &row, error))
            {
              gp_server_store_rollback (store);
              return FALSE;
            }

          if (p->intention->published != 0)
            {
              GpNotice notice = {
                .project_id = p->id,
                .code = (char *) "59",
                .type_name = (char *) "采购意向公开",
                .region = p->region,
                .title = p->intention->name,
                .purchaser = p->purchaser.name,
                .published = p->intention->published / G_USEC_PER_SEC,
              };

              if (!gp_server_store_add_notice (store, &notice, error))
                {
                  gp_server_store_rollback (store);
                  return FALSE;
                }
            }
          n_projects++;
        }

      if (!gp_server_store_commit (store, error))
        {
          gp_server_store_rollback (store);
          return FALSE;
        }
    }

  g_string_append_printf (report,
                          "seeded the demo province: accounts %u new (%u existing), %u projects\n"
                          "Demo logins (the password is the budget code; change it at the first sign-in):\n",
                          stats.accounts_created, stats.accounts_existing, n_projects);
  for (const char *line = strchr (units_csv, '\n') + 1; *line != '\0'; line = strchr (line, '\n') + 1)
    {
      g_auto(GStrv) f = g_strsplit (line, ",", 6);

      if (g_strv_length (f) >= 5 && f[4][0] != '\0')
        g_string_append_printf (report, "  %-20s %-10s %-10s %s\n", f[4], f[3], f[1], f[0]);
      else if (g_strv_length (f) >= 5)
        {
          g_string_append_printf (report, "  %s%s001 %-10s %-10s %s (审核)\n", f[2], f[1], f[3], f[1], f[0]);
          g_string_append_printf (report, "  %s%s002 %-10s %-10s %s (经办)\n", f[2], f[1], f[3], f[1], f[0]);
        }
    }

  return TRUE;
}
