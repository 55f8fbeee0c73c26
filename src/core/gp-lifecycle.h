/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-lifecycle.h: the project state machine (DOMAIN.md §5): transitions, roles and legal guards.
 */
#pragma once

#include <glib-object.h>

#include "gp-calendar.h"
#include "gp-project.h"
#include "gp-rules.h"
#include "gp-types.h"

G_BEGIN_DECLS

/**
 * GpDuty:
 * @GP_DUTY_NONE: no purchaser duty (accounts of other roles)
 * @GP_DUTY_CLERK: 经办: prepares intentions, plans, orders, contracts, acceptance and payment records
 * @GP_DUTY_REVIEWER: 审核: approves them inside the unit before they go out
 * @GP_DUTY_BOTH: one account holding both duties (DOMAIN.md §7 rules 1 and 3)
 *
 * The duties of a purchaser account (DOMAIN.md §7).
 */
typedef enum {
  GP_DUTY_NONE     = 0,
  GP_DUTY_CLERK    = 1 << 0,
  GP_DUTY_REVIEWER = 1 << 1,
  GP_DUTY_BOTH     = GP_DUTY_CLERK | GP_DUTY_REVIEWER,
} GpDuty;

/**
 * GpActionContext:
 * @now: the official time of the action, µs since the Unix epoch (the server's clock; the app
 *   uses its own clock for an offline check). Dates are taken in China time (UTC+8).
 * @calendar: (nullable): the working-day calendar. Without it, guards that count 工作日 report a
 *   `calendar-data-missing` problem rather than guess.
 * @rules: (nullable): the configurable values; %NULL means gp_rules_new_default().
 * @duties: the purchaser duties of the acting account.
 * @account: (nullable): the acting account's name, stamped into internal approvals.
 * @target_id: (nullable): the contract (or acceptance, payment) an action is about; %NULL means
 *   the last one in the record.
 * @reason: (nullable): the reason an action needs (退回理由, 废标/终止 reason, 质疑 grounds,
 *   or a supervisor's reason for accepting a late step).
 */
typedef struct {
  gint64      now;
  GpCalendar *calendar;
  GpRules    *rules;
  GpDuty      duties;
  const char *account;
  const char *target_id;
  const char *reason;
} GpActionContext;

/**
 * GpTransitionFlags:
 * @GP_TRANSITION_NONE: nothing special
 * @GP_TRANSITION_STAYS: the action records something but leaves the state as it is
 * @GP_TRANSITION_NEEDS_APPROVAL: the document goes out of the unit: it needs the unit's internal
 *   审核 approval first (DOMAIN.md §7), implicit when the account holds both duties
 * @GP_TRANSITION_NEEDS_REASON: the context must carry a non-empty reason
 * @GP_TRANSITION_SELF_PROCUREMENT: an agency step the purchaser may take itself when the plan's
 *   组织形式 is 自行采购 (政府采购法 第18条)
 * @GP_TRANSITION_FORWARD: the main path out of its from-states (used by gp_project_validate())
 * @GP_TRANSITION_NOTICE_CONDITIONAL: the notice is published only in some cases (see
 *   gp_lifecycle_notice_for())
 */
typedef enum {
  GP_TRANSITION_NONE                = 0,
  GP_TRANSITION_STAYS               = 1 << 0,
  GP_TRANSITION_NEEDS_APPROVAL      = 1 << 1,
  GP_TRANSITION_NEEDS_REASON        = 1 << 2,
  GP_TRANSITION_SELF_PROCUREMENT    = 1 << 3,
  GP_TRANSITION_FORWARD             = 1 << 4,
  GP_TRANSITION_NOTICE_CONDITIONAL  = 1 << 5,
} GpTransitionFlags;

#define GP_STATE_BIT(state) (G_GUINT64_CONSTANT (1) << (state))
#define GP_ROLE_BIT(role)   (1u << (role))

/**
 * GpTransition:
 * @action: the action's name on the wire ("publish_intention", …)
 * @from_states: bit mask of GP_STATE_BIT() of the states it may start from
 * @to_state: the state it leads to (ignored with %GP_TRANSITION_STAYS)
 * @roles: bit mask of GP_ROLE_BIT() of the roles that may take it
 * @duty: for purchasers, the duty needed (%GP_DUTY_NONE: any purchaser account)
 * @flags: #GpTransitionFlags
 * @source: the legal source ("政府采购法 第47条", "DOMAIN.md §5 #16")
 * @notice_code: (nullable): the gdgpo noticeType prefix of the public notice it emits (DOMAIN.md §2.1)
 * @notice_name: (nullable): that notice's Chinese name
 *
 * One row of the state machine. The table is static; never free a #GpTransition.
 */
typedef struct {
  const char        *action;
  guint64            from_states;
  GpProjectState     to_state;
  guint              roles;
  GpDuty             duty;
  GpTransitionFlags  flags;
  const char        *source;
  const char        *notice_code;
  const char        *notice_name;
} GpTransition;

const GpTransition *gp_lifecycle_find               (const char            *action);
const GpTransition *gp_lifecycle_get_transitions    (guint                 *n_transitions);

gboolean            gp_lifecycle_check              (const GpProject       *project,
                                                     const char            *action,
                                                     GpRole                 role,
                                                     const GpActionContext *ctx,
                                                     GPtrArray            **problems,
                                                     GError               **error);
gboolean            gp_lifecycle_apply              (GpProject             *project,
                                                     const char            *action,
                                                     GpRole                 role,
                                                     const GpActionContext *ctx,
                                                     GPtrArray            **problems,
                                                     GError               **error);

G_GNUC_WARN_UNUSED_RESULT
GPtrArray          *gp_lifecycle_available_actions  (const GpProject       *project,
                                                     GpRole                 role,
                                                     GpDuty                 duties);

const char         *gp_lifecycle_notice_for         (const GpTransition    *transition,
                                                     const GpProject       *project,
                                                     const char           **out_name);

gboolean            gp_lifecycle_agency_records     (GpProjectState         state);
gboolean            gp_lifecycle_acts_in_region     (GpRole                 role,
                                                     const char            *account_region,
                                                     const char            *project_region);
void                gp_lifecycle_keep_stamps        (GpProject             *edited,
                                                     const GpProject       *stored);
gboolean            gp_lifecycle_is_read_only       (const GpProject       *project,
                                                     GpRules               *rules);
gboolean            gp_lifecycle_is_government_procurement (const GpProject *project,
                                                     GpRules               *rules);

void                gp_date_from_usec_china         (gint64                 usec,
                                                     GDate                 *out);

gint64              gp_sme_late_interest            (gint64                 amount,
                                                     guint                  days_late,
                                                     gint                   agreed_ppm_per_year);
gboolean            gp_enterprise_size_is_sme       (GpEnterpriseSize       size);

G_END_DECLS
