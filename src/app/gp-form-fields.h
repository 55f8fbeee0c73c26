/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-form-fields.h: what the stage forms share: problems shown under their field, money and dates.
 */
#pragma once

#include <adwaita.h>

#include "gp-project.h"

G_BEGIN_DECLS

typedef struct _GpFormFields GpFormFields;

GpFormFields *gp_form_fields_new          (void);
void          gp_form_fields_free         (GpFormFields *self);
/* @row (a row of a boxed list) is the field at the JSON path @path; its error line goes right under it. */
void          gp_form_fields_add          (GpFormFields *self,
                                           GtkWidget    *row,
                                           const char   *path);
/* Forgets the fields whose path starts with @prefix (their rows are being rebuilt). */
void          gp_form_fields_forget       (GpFormFields *self,
                                           const char   *prefix);
/* A problem the form itself finds (an amount it cannot read); %NULL @message clears it. */
void          gp_form_fields_set_local    (GpFormFields *self,
                                           const char   *path,
                                           const char   *message);
/* Marks the fields with the problems under @prefixes (NULL-terminated); the others under the
 * prefixes go to @other (hidden when there are none). Returns how many problems are shown. */
guint         gp_form_fields_show         (GpFormFields       *self,
                                           GPtrArray          *problems,
                                           const char * const *prefixes,
                                           GtkLabel           *other);
/* The first field with a problem, in the order the fields were added, or %NULL. */
GtkWidget    *gp_form_fields_get_first    (GpFormFields *self);
/* The message shown under the field at @path, or %NULL (for tests and the print-out). */
const char   *gp_form_fields_get_message  (GpFormFields *self,
                                           const char   *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpFormFields, gp_form_fields_free)

/* Money typed by the officer: TRUE with *out_fen set; empty text gives 0 and TRUE. */
gboolean      gp_form_parse_money         (const char   *text,
                                           gint64       *out_fen,
                                           char        **out_message);
/* "¥486,000.00 · 48.60万元" (empty for 0). */
char         *gp_form_money_hint          (gint64        fen) G_GNUC_WARN_UNUSED_RESULT;
/* The text of an amount in an entry ("486000.00"; "" for 0 or unset). */
char         *gp_form_money_text          (gint64        fen) G_GNUC_WARN_UNUSED_RESULT;
/* Dates typed as 2026-11-28, 2026/11/28 or 2026年11月28日; months as 2026-11 or 2026年11月. Empty
 * text clears @out and returns TRUE. */
gboolean      gp_form_parse_date          (const char   *text,
                                           gboolean      month_only,
                                           GDate        *out);
char         *gp_form_date_text           (const GDate  *date,
                                           gboolean      month_only) G_GNUC_WARN_UNUSED_RESULT;
/* A dim label at the end of an entry row, for the reading of what was typed. */
GtkLabel     *gp_form_add_hint            (AdwEntryRow  *row);
/* The text of an entry row, NULL when blank (the record's "not filled in"). */
char         *gp_form_dup_text            (AdwEntryRow  *row) G_GNUC_WARN_UNUSED_RESULT;
void          gp_form_set_text            (AdwEntryRow  *row,
                                           const char   *text);
/* Whether @path is @field or one of its members ("a.b" is under "a", so is "a[0]"). */
gboolean      gp_form_path_is_under       (const char   *path,
                                           const char   *field);

G_END_DECLS

G_BEGIN_DECLS
/* "经办 zsjy 已准备 · 审核 待审核": the unit's internal approval of a document (DOMAIN.md §7). */
char         *gp_form_describe_approval   (const GpApproval *approval) G_GNUC_WARN_UNUSED_RESULT;
/* A datetime as a form shows it (2026年11月28日 10:42), or "—" when unset. */
char         *gp_form_format_datetime     (gint64            usec) G_GNUC_WARN_UNUSED_RESULT;
/* A date as a form shows it, or "—" when unset. */
char         *gp_form_format_date         (const GDate      *date) G_GNUC_WARN_UNUSED_RESULT;
/* A month as a form shows it (2026年12月), or "—" when unset: the day of @date is not shown. */
char         *gp_form_format_month        (const GDate      *date) G_GNUC_WARN_UNUSED_RESULT;
G_END_DECLS

G_BEGIN_DECLS
/* Table rows (plan lines, contract items, payments) as expander rows of entry rows in @group.
 * @keys and @titles are NULL-terminated and alike; each entry row is the field "@path.<key>".
 * The remove button removes the line from @lines and @group, then calls @changed (@data). */
AdwExpanderRow *gp_form_line_add          (AdwPreferencesGroup *group,
                                           GPtrArray           *lines,
                                           const char          *title,
                                           const char * const  *keys,
                                           const char * const  *titles,
                                           GpFormFields        *fields,
                                           const char          *path,
                                           GCallback            changed,
                                           gpointer             data);
AdwEntryRow    *gp_form_line_get          (AdwExpanderRow      *line,
                                           const char          *key);
void            gp_form_lines_clear       (AdwPreferencesGroup *group,
                                           GPtrArray           *lines,
                                           GpFormFields        *fields,
                                           const char          *path_prefix);
G_END_DECLS
