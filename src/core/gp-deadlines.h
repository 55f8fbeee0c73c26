/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-deadlines.h: the legal deadlines of a project still ahead or overdue.
 */
#pragma once

#include <glib-object.h>

#include "gp-calendar.h"
#include "gp-project.h"
#include "gp-rules.h"

G_BEGIN_DECLS

/**
 * GpDeadlineState:
 * @GP_DEADLINE_AHEAD: the due date is after today
 * @GP_DEADLINE_DUE_TODAY: the due date is today
 * @GP_DEADLINE_OVERDUE: the due date has passed
 * @GP_DEADLINE_CALENDAR_MISSING: the working-day calendar has no data for the period, so the due
 *   date is unknown (never guessed)
 */
typedef enum {
  GP_DEADLINE_AHEAD,
  GP_DEADLINE_DUE_TODAY,
  GP_DEADLINE_OVERDUE,
  GP_DEADLINE_CALENDAR_MISSING,
} GpDeadlineState;

/**
 * GpDeadline:
 * @what: what must be done, translated
 * @action: the lifecycle action it applies to ("file_contract", …)
 * @path: the field it is about ("contracts[0].filed_on"), or ""
 * @source: the legal source
 * @due: the last day (cleared when @state is %GP_DEADLINE_CALENDAR_MISSING)
 * @surely: with %GP_DEADLINE_CALENDAR_MISSING, the start + n 日: a step by that day is in time by
 *   any calendar (cleared otherwise, and for minimum lead times)
 * @state: ahead, due today, overdue or calendar missing
 * @days_left: calendar days from today to @due (negative when overdue; 0 when unknown)
 * @working_days: the period is counted in 工作日
 * @late_interest: for overdue SME payments, the late interest to date in 分 (else 0)
 */
typedef struct {
  char           *what;
  char           *action;
  char           *path;
  char           *source;
  GDate           due;
  GDate           surely;
  GpDeadlineState state;
  gint            days_left;
  gboolean        working_days;
  gint64          late_interest;
} GpDeadline;

#define GP_TYPE_DEADLINE (gp_deadline_get_type ())
GType       gp_deadline_get_type (void) G_GNUC_CONST;
G_GNUC_WARN_UNUSED_RESULT
GpDeadline *gp_deadline_copy     (const GpDeadline *deadline);
void        gp_deadline_free     (GpDeadline       *deadline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpDeadline, gp_deadline_free)

G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *gp_project_deadlines (const GpProject *project,
                                  GpCalendar      *calendar,
                                  const GDate     *today,
                                  GError         **error);
G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *gp_project_deadlines_with_rules (const GpProject *project,
                                             GpCalendar      *calendar,
                                             GpRules         *rules,
                                             const GDate     *today,
                                             GError         **error);

G_END_DECLS
