/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-calendar.h: the working-day calendar (法定节假日 and 调休) and legal period arithmetic.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GP_TYPE_CALENDAR (gp_calendar_get_type ())

G_DECLARE_FINAL_TYPE (GpCalendar, gp_calendar, GP, CALENDAR, GObject)

/* The only data format this code reads (the "format" member of the file). */
#define GP_CALENDAR_FORMAT 1

G_GNUC_WARN_UNUSED_RESULT
GpCalendar *gp_calendar_new_from_bytes   (GBytes       *bytes,
                                          GError      **error);
G_GNUC_WARN_UNUSED_RESULT
GpCalendar *gp_calendar_new_from_file    (const char   *path,
                                          GError      **error);
G_GNUC_WARN_UNUSED_RESULT
GpCalendar *gp_calendar_load_default     (GError      **error);
GpCalendar *gp_calendar_get_default      (void);
G_GNUC_WARN_UNUSED_RESULT
char       *gp_calendar_dup_default_path (void);

const char *gp_calendar_get_version      (GpCalendar   *self);
int         gp_calendar_get_first_year   (GpCalendar   *self);
int         gp_calendar_get_last_year    (GpCalendar   *self);
const char *gp_calendar_get_source       (GpCalendar   *self,
                                          int           year);
GBytes     *gp_calendar_get_bytes        (GpCalendar   *self);
gboolean    gp_calendar_covers           (GpCalendar   *self,
                                          const GDate  *date);

gboolean    gp_calendar_is_working_day   (GpCalendar   *self,
                                          const GDate  *date,
                                          gboolean     *out_is_working,
                                          GError      **error);
gboolean    gp_calendar_add_working_days (GpCalendar   *self,
                                          const GDate  *start,
                                          guint         n,
                                          GDate        *out,
                                          GError      **error);
gboolean    gp_calendar_add_days         (GpCalendar   *self,
                                          const GDate  *start,
                                          guint         n,
                                          GDate        *out,
                                          GError      **error);

G_END_DECLS
