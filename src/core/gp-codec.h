/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-codec.h: the strict JSON wire codec of the project record.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gp-project.h"

G_BEGIN_DECLS

/*
 * Wire format: one JSON object per project. Keys are the lower snake case names of the C fields
 * (gp-project.h); enums travel by wire name; money is a JSON integer of 分; dates "YYYY-MM-DD";
 * months "YYYY-MM"; datetimes ISO 8601 with a zone ("2024-03-01T09:30:00+08:00", fractions up to
 * µs); quantities are integer thousandths ("quantity_milli").
 *
 * Optional values (strings, dates, datetimes, optional money, the intention/plan/execution
 * sections) are left out when unset and may be absent or null on input. Everything else
 * (numbers, booleans, enums, arrays, embedded objects) is always written and must be present.
 *
 * Decoding is strict: a wrong type, an unknown key, an unknown enum name, a missing required
 * key, an over-long string, invalid UTF-8, a number out of range, a bad date or an over-long
 * array is a GP_CORE_ERROR_DECODE error whose message starts with the JSON path of the value,
 * e.g. "contracts[0].amount: expected an integer". On error nothing is returned.
 */

/* Limits of the decoder. Lengths count Unicode characters. */
#define GP_CODEC_MAX_CODE_CHARS   64        /* ids, codes, numbers, phone numbers */
#define GP_CODEC_MAX_NAME_CHARS   200       /* names, titles, short descriptions */
#define GP_CODEC_MAX_TEXT_CHARS   10000     /* free text */
#define GP_CODEC_MAX_ARRAY        1000      /* elements of any array */
#define GP_CODEC_MAX_DEPTH        32        /* nesting of arrays and objects in the input */
#define GP_CODEC_MAX_INPUT_BYTES  (16 * 1024 * 1024) /* gp_project_from_json_string() */
#define GP_CODEC_MIN_YEAR         1990
#define GP_CODEC_MAX_YEAR         2199

/* Note: json-glib 1.6's JsonGenerator writes U+001F unescaped; prefer gp_project_to_json_string(). */
G_GNUC_WARN_UNUSED_RESULT
JsonNode  *gp_project_to_json          (const GpProject *project);

G_GNUC_WARN_UNUSED_RESULT
char      *gp_project_to_json_string   (const GpProject *project,
                                        gsize           *len);

G_GNUC_WARN_UNUSED_RESULT
GpProject *gp_project_from_json        (JsonNode        *node,
                                        GError         **error);

/* @len may be -1 for a NUL-terminated string. */
G_GNUC_WARN_UNUSED_RESULT
GpProject *gp_project_from_json_string (const char      *data,
                                        gssize           len,
                                        GError         **error);

/* The wire forms of dates and datetimes, for other codecs (OCDS, the server's index columns).
 * Returned strings are newly allocated; parse functions return FALSE on a malformed value. */
G_GNUC_WARN_UNUSED_RESULT
char      *gp_codec_format_date        (const GDate     *date);
G_GNUC_WARN_UNUSED_RESULT
char      *gp_codec_format_datetime    (gint64           usec);
gboolean   gp_codec_parse_date         (const char      *text,
                                        GDate           *out);
gboolean   gp_codec_parse_datetime     (const char      *text,
                                        gint64          *out_usec);

G_END_DECLS
