/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-app-labels.c: the words the app shows for stages, states, roles and dates, translated.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"

const char *
gp_stage_get_label (GpStage stage)
{
  switch (stage)
    {
    /* Translators: the official name of the stage, 采购意向公开. */
    case GP_STAGE_INTENTION:  return _("Procurement Intention");
    /* Translators: the official name of the stage, 采购计划备案. */
    case GP_STAGE_PLAN:       return _("Procurement Plan Filing");
    /* Translators: the official name of the stage, 采购执行. */
    case GP_STAGE_EXECUTION:  return _("Procurement Execution");
    /* Translators: the official name of the stage, 采购合同备案. */
    case GP_STAGE_CONTRACT:   return _("Contract Filing");
    /* Translators: the official name of the stage, 履约验收. */
    case GP_STAGE_ACCEPTANCE: return _("Performance Acceptance");
    /* Translators: the official name of the stage, 合同支付. */
    case GP_STAGE_PAYMENT:    return _("Contract Payment");
    default:                  return "";
    }
}

const char *
gp_project_state_get_label (GpProjectState state)
{
  switch (state)
    {
    /* Translators: a project's status: 意向草稿. */
    case GP_PROJECT_STATE_INTENT_DRAFT:         return _("Intention Draft");
    /* Translators: a project's status: 意向已公开. */
    case GP_PROJECT_STATE_INTENT_PUBLISHED:     return _("Intention Published");
    /* Translators: a project's status: 计划草稿. */
    case GP_PROJECT_STATE_PLAN_DRAFT:           return _("Plan Draft");
    /* Translators: a project's status: 待备案 (submitted to the finance bureau). */
    case GP_PROJECT_STATE_PLAN_SUBMITTED:       return _("Awaiting Filing");
    /* Translators: a project's status: 计划已备案. */
    case GP_PROJECT_STATE_PLAN_FILED:           return _("Plan Filed");
    /* Translators: a project's status: 下单中 (e-mall). */
    case GP_PROJECT_STATE_MALL_ORDERING:        return _("Ordering");
    /* Translators: a project's status: 订单已确认. */
    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED: return _("Order Confirmed");
    /* Translators: a project's status: 已委托 (to an agency). */
    case GP_PROJECT_STATE_ENTRUSTED:            return _("Entrusted");
    /* Translators: a project's status: 采购文件已确认. */
    case GP_PROJECT_STATE_DOCS_CONFIRMED:       return _("Documents Confirmed");
    /* Translators: a project's status: 采购公告已发布. */
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:     return _("Notice Published");
    /* Translators: a project's status: 已截标. */
    case GP_PROJECT_STATE_BID_CLOSED:           return _("Bidding Closed");
    /* Translators: a project's status: 已评审. */
    case GP_PROJECT_STATE_EVALUATED:            return _("Evaluated");
    /* Translators: a project's status: 结果已确认. */
    case GP_PROJECT_STATE_RESULT_CONFIRMED:     return _("Result Confirmed");
    /* Translators: a project's status: 已成交 (中标/成交). */
    case GP_PROJECT_STATE_AWARDED:              return _("Awarded");
    /* Translators: a project's status: 质疑处理中. */
    case GP_PROJECT_STATE_CHALLENGED:           return _("Challenged");
    /* Translators: a project's status: 合同已签订. */
    case GP_PROJECT_STATE_CONTRACT_SIGNED:      return _("Contract Signed");
    /* Translators: a project's status: 合同已公告. */
    case GP_PROJECT_STATE_CONTRACT_PUBLISHED:   return _("Contract Published");
    /* Translators: a project's status: 合同已备案. */
    case GP_PROJECT_STATE_CONTRACT_FILED:       return _("Contract Filed");
    /* Translators: a project's status: 履约中. */
    case GP_PROJECT_STATE_IN_PERFORMANCE:       return _("In Performance");
    /* Translators: a project's status: 已交付. */
    case GP_PROJECT_STATE_DELIVERED:            return _("Delivered");
    /* Translators: a project's status: 验收合格. */
    case GP_PROJECT_STATE_ACCEPTED:             return _("Accepted");
    /* Translators: a project's status: 验收不合格. */
    case GP_PROJECT_STATE_ACCEPTANCE_FAILED:    return _("Acceptance Failed");
    /* Translators: a project's status: 支付中. */
    case GP_PROJECT_STATE_PAYING:               return _("Paying");
    /* Translators: a project's status: 已支付. */
    case GP_PROJECT_STATE_PAID:                 return _("Paid");
    /* Translators: a project's status: 已完结. */
    case GP_PROJECT_STATE_CLOSED:               return _("Closed");
    /* Translators: a project's status: 废标. */
    case GP_PROJECT_STATE_FAILED:               return _("Failed Tender");
    /* Translators: a project's status: 已终止. */
    case GP_PROJECT_STATE_TERMINATED:           return _("Terminated");
    /* Translators: a project's status: 旧系统项目 (begun before 2021, read-only). */
    case GP_PROJECT_STATE_LEGACY:               return _("Legacy");
    default:                                    return "";
    }
}

const char *
gp_role_get_label (GpRole role)
{
  switch (role)
    {
    /* Translators: a role: 采购人. */
    case GP_ROLE_PURCHASER:  return _("Purchaser");
    /* Translators: a role: 代理机构. */
    case GP_ROLE_AGENCY:     return _("Procurement Agency");
    /* Translators: a role: 财政监管. */
    case GP_ROLE_SUPERVISOR: return _("Finance Supervision");
    /* Translators: a role: 供应商. */
    case GP_ROLE_SUPPLIER:   return _("Supplier");
    /* Translators: a role: 平台管理员. */
    case GP_ROLE_ADMIN:      return _("Administrator");
    case GP_ROLE_SYSTEM:
    default:                 return "";
    }
}

const char *
gp_duty_get_label (GpDuty duty)
{
  switch ((int) duty)
    {
    /* Translators: a purchaser account's duty: 经办. */
    case GP_DUTY_CLERK:    return _("Clerk");
    /* Translators: a purchaser account's duty: 审核. */
    case GP_DUTY_REVIEWER: return _("Reviewer");
    /* Translators: an account holding both duties: 经办、审核. */
    case GP_DUTY_BOTH:     return _("Clerk and Reviewer");
    default:               return "";
    }
}

/* The name of a lifecycle action ("publish_intention" → 发布采购意向); the action's own name when
 * unknown. */
const char *
gp_action_get_label (const char *action)
{
  static const struct {
    const char *action;
    const char *label;
  } labels[] = {
    /* Translators: a lifecycle action, 确认验收. */
    { "accept", N_("Confirm Acceptance") },
    /* Translators: a lifecycle action, 接受委托. */
    { "accept_entrustment", N_("Accept Entrustment") },
    /* Translators: a lifecycle action, 签订补充合同. */
    { "amend_contract", N_("Sign a Supplementary Contract") },
    /* Translators: a lifecycle action, 审核通过. */
    { "approve_internal", N_("Approve") },
    /* Translators: a lifecycle action, 发布中标（成交）结果. */
    { "award", N_("Publish the Award") },
    /* Translators: a lifecycle action, 提出质疑. */
    { "challenge", N_("File a Challenge") },
    /* Translators: a lifecycle action, 完结项目. */
    { "close", N_("Close the Project") },
    /* Translators: a lifecycle action, 截止投标. */
    { "close_bids", N_("Close Bidding") },
    /* Translators: a lifecycle action, 确认交付. */
    { "confirm_delivery", N_("Confirm Delivery") },
    /* Translators: a lifecycle action, 确认采购文件. */
    { "confirm_documents", N_("Confirm the Procurement Documents") },
    /* Translators: a lifecycle action, 确认订单. */
    { "confirm_mall_order", N_("Confirm the Order") },
    /* Translators: a lifecycle action, 确认采购结果. */
    { "confirm_result", N_("Confirm the Result") },
    /* Translators: a lifecycle action, 发布更正公告. */
    { "correct_notice", N_("Publish a Correction") },
    /* Translators: a lifecycle action, 委托代理机构. */
    { "entrust", N_("Entrust an Agency") },
    /* Translators: a lifecycle action, 废标. */
    { "fail_tender", N_("Declare a Failed Tender") },
    /* Translators: a lifecycle action, 合同备案. */
    { "file_contract", N_("File the Contract") },
    /* Translators: a lifecycle action, 计划备案. */
    { "file_plan", N_("File the Plan") },
    /* Translators: a lifecycle action, 发布合同公告. */
    { "publish_contract", N_("Publish the Contract") },
    /* Translators: a lifecycle action, 发布采购意向. */
    { "publish_intention", N_("Publish the Intention") },
    /* Translators: a lifecycle action, 发布采购公告. */
    { "publish_notice", N_("Publish the Procurement Notice") },
    /* Translators: a lifecycle action, 登记评审结果. */
    { "record_evaluation", N_("Record the Evaluation") },
    /* Translators: a lifecycle action, 登记支付. */
    { "record_payment", N_("Record a Payment") },
    /* Translators: a lifecycle action, 验收不合格. */
    { "reject_acceptance", N_("Fail the Acceptance") },
    /* Translators: a lifecycle action, 答复质疑. */
    { "resolve_challenge", N_("Answer the Challenge") },
    /* Translators: a lifecycle action, 恢复履约. */
    { "resume_performance", N_("Resume Performance") },
    /* Translators: a lifecycle action, 重新采购. */
    { "retender", N_("Procure Again") },
    /* Translators: a lifecycle action, 退回合同备案. */
    { "return_contract_filing", N_("Return the Contract Filing") },
    /* Translators: a lifecycle action, 退回采购计划. */
    { "return_plan", N_("Return the Plan") },
    /* Translators: a lifecycle action, 签订合同. */
    { "sign_contract", N_("Sign the Contract") },
    /* Translators: a lifecycle action, 电子卖场下单. */
    { "start_mall_order", N_("Start an E-Mall Order") },
    /* Translators: a lifecycle action, 开始履约. */
    { "start_performance", N_("Start Performance") },
    /* Translators: a lifecycle action, 编制采购计划. */
    { "start_plan", N_("Start the Plan") },
    /* Translators: a lifecycle action, 提交合同备案. */
    { "submit_contract_filing", N_("Submit for Contract Filing") },
    /* Translators: a lifecycle action, 提交订单. */
    { "submit_mall_order", N_("Submit the Order") },
    /* Translators: a lifecycle action, 提交计划备案. */
    { "submit_plan", N_("Submit for Plan Filing") },
    /* Translators: a lifecycle action, 终止项目. */
    { "terminate", N_("Terminate the Project") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].action, action) == 0)
      return _(labels[i].label);

  return action != NULL ? action : "";
}

static const char * const registry_kinds[GP_N_REGISTRIES] = {
  "purchaser", "expert", "agency", "supplier", "product",
};

/* The registry kinds ("purchaser", …) in the platform's order; NULL past the end. */
const char *
gp_registry_kind_at (guint index)
{
  return index < GP_N_REGISTRIES ? registry_kinds[index] : NULL;
}

const char *
gp_registry_get_label (const char *kind)
{
  /* Translators: the registry 采购人库. */
  if (g_strcmp0 (kind, "purchaser") == 0) return _("Purchasers");
  /* Translators: the registry 评审专家库. */
  if (g_strcmp0 (kind, "expert") == 0)    return _("Evaluation Experts");
  /* Translators: the registry 代理机构库. */
  if (g_strcmp0 (kind, "agency") == 0)    return _("Procurement Agencies");
  /* Translators: the registry 供应商库. */
  if (g_strcmp0 (kind, "supplier") == 0)  return _("Suppliers");
  /* Translators: the registry 商品库. */
  if (g_strcmp0 (kind, "product") == 0)   return _("Products");
  return "";
}

static GDateTime *
date_time_from_date (const GDate *date)
{
  return g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                g_date_get_day (date), 0, 0, 0);
}

void
gp_date_get_today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/**
 * gp_format_list_date:
 * @date: a valid date
 * @today: (nullable): today, or %NULL for the real today
 *
 * A date as lists show it: day and month within the current year (11月30日), with the year otherwise.
 */
char *
gp_format_list_date (const GDate *date,
                     const GDate *today)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate real_today;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (today == NULL)
    {
      gp_date_get_today (&real_today);
      today = &real_today;
    }

  dt = date_time_from_date (date);
  if (g_date_get_year (date) == g_date_get_year (today))
    /* Translators: a date in a list within the current year, as a g_date_time_format() format
     * string; in Chinese "%-m月%-d日". */
    return g_date_time_format (dt, _("%b %-d"));

  /* Translators: a date in a list in another year, as a g_date_time_format() format string; in
   * Chinese "%Y年%-m月%-d日". */
  return g_date_time_format (dt, _("%b %-d, %Y"));
}

/* A date as forms show it: 2026年11月30日. */
char *
gp_format_form_date (const GDate *date)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  dt = date_time_from_date (date);
  /* Translators: a full date, as a g_date_time_format() format string; in Chinese
   * "%Y年%-m月%-d日". */
  return g_date_time_format (dt, _("%B %-d, %Y"));
}

/* "10:42" for a time today; with the date before it otherwise. */
char *
gp_format_time_of_day (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (dt == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (dt) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    return g_date_time_format (dt, "%H:%M");

  /* Translators: a date and time that is not today, as a g_date_time_format() format string; in
   * Chinese "%-m月%-d日 %H:%M". */
  return g_date_time_format (dt, _("%b %-d %H:%M"));
}

/* Working days after @from up to and including @to, or -1 when the calendar cannot tell. */
static int
count_working_days (GpCalendar  *calendar,
                    const GDate *from,
                    const GDate *to)
{
  GDate day = *from;
  int n = 0;

  while (g_date_compare (&day, to) < 0)
    {
      gboolean working = FALSE;

      g_date_add_days (&day, 1);
      if (!gp_calendar_is_working_day (calendar, &day, &working, NULL))
        return -1;
      if (working)
        n++;
    }

  return n;
}

/**
 * gp_format_deadline_left:
 * @deadline: a deadline
 * @calendar: (nullable): the working-day calendar
 * @today: today
 *
 * How much time is left, in the law's own unit: "还剩 2 个工作日", "还剩 5 天", "今天到期",
 * "已逾期 3 天".
 */
char *
gp_format_deadline_left (const GpDeadline *deadline,
                         GpCalendar       *calendar,
                         const GDate      *today)
{
  int n;

  g_return_val_if_fail (deadline != NULL, NULL);

  switch (deadline->state)
    {
    case GP_DEADLINE_DUE_TODAY:
      /* Translators: a legal deadline: 今天到期. */
      return g_strdup (_("Due today"));

    case GP_DEADLINE_OVERDUE:
      n = -deadline->days_left;
      /* Translators: a legal deadline that has passed: 已逾期 %d 天. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue by %d day", "Overdue by %d days", n), n);

    case GP_DEADLINE_CALENDAR_MISSING:
      /* Translators: the holiday calendar does not cover the period: 期限无法计算（缺少节假日数据）. */
      return g_strdup (_("Deadline unknown (holiday calendar missing)"));

    case GP_DEADLINE_AHEAD:
    default:
      if (deadline->working_days && calendar != NULL && today != NULL &&
          (n = count_working_days (calendar, today, &deadline->due)) >= 0)
        /* Translators: 还剩 %d 个工作日. */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left", "%d working days left", n), n);

      n = deadline->days_left;
      /* Translators: 还剩 %d 天. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", n), n);
    }
}
