/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-app-labels.h: the words the app shows for stages, states, roles and dates, translated.
 */
#pragma once

#include <glib.h>

#include "gp-calendar.h"
#include "gp-deadlines.h"
#include "gp-lifecycle.h"
#include "gp-project.h"
#include "gp-types.h"

G_BEGIN_DECLS

/* The five registries of the platform, in the order the app shows them. */
#define GP_N_REGISTRIES 5

const char *gp_stage_get_label          (GpStage         stage);
const char *gp_project_state_get_label  (GpProjectState  state);
const char *gp_role_get_label           (GpRole          role);
const char *gp_duty_get_label           (GpDuty          duty);
const char *gp_action_get_label         (const char     *action);
const char *gp_registry_kind_at         (guint           index);
const char *gp_registry_get_label       (const char     *kind);

char       *gp_format_list_date         (const GDate    *date,
                                         const GDate    *today) G_GNUC_WARN_UNUSED_RESULT;
char       *gp_format_form_date         (const GDate    *date) G_GNUC_WARN_UNUSED_RESULT;
char       *gp_format_time_of_day       (gint64          usec) G_GNUC_WARN_UNUSED_RESULT;
char       *gp_format_deadline_left     (const GpDeadline *deadline,
                                         GpCalendar     *calendar,
                                         const GDate    *today) G_GNUC_WARN_UNUSED_RESULT;
void        gp_date_get_today           (GDate          *out);

G_END_DECLS
