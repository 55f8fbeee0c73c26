/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-codec.c: the strict JSON wire codec of the project record, driven by the field tables.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gp-codec.h"
#include "gp-error.h"
#include "gp-money.h"
#include "gp-project-private.h"

/* China Standard Time, the zone datetimes are written in. */
#define GP_CODEC_ZONE_SECONDS (8 * 3600)
#define GP_USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/* ------------------------------------------------------------------------------------------------
 * Calendar arithmetic (proleptic Gregorian, days since 1970-01-01)
 */

static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *out_y,
                 guint  *out_m,
                 guint  *out_d)
{
  gint64 era, y;
  guint doe, yoe, doy, mp, d, m;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (guint) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = (gint64) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  *out_y = y + (m <= 2);
  *out_m = m;
  *out_d = d;
}

static gboolean
parse_digits (const char *p,
              guint       n,
              guint      *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return FALSE;
      v = v * 10 + (guint) (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_ymd (const char *text,
           gboolean    with_day,
           guint      *y,
           guint      *m,
           guint      *d)
{
  if (!parse_digits (text, 4, y) || text[4] != '-' || !parse_digits (text + 5, 2, m))
    return FALSE;
  if (*y < GP_CODEC_MIN_YEAR || *y > GP_CODEC_MAX_YEAR || *m < 1 || *m > 12)
    return FALSE;
  if (!with_day)
    {
      *d = 1;
      return TRUE;
    }
  if (text[7] != '-' || !parse_digits (text + 8, 2, d))
    return FALSE;
  return g_date_valid_dmy ((GDateDay) *d, (GDateMonth) *m, (GDateYear) *y);
}

static gboolean
parse_date_full (const char *text,
                 gboolean    with_day,
                 GDate      *out)
{
  guint y, m, d;
  gsize want = with_day ? 10 : 7;

  if (text == NULL || strnlen (text, want + 1) != want)
    return FALSE;
  if (!parse_ymd (text, with_day, &y, &m, &d))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

gboolean
gp_codec_parse_date (const char *text,
                     GDate      *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  return parse_date_full (text, TRUE, out);
}

char *
gp_codec_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  if (!g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static char *
format_month (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date));
}

/* YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|±HH:MM) */
gboolean
gp_codec_parse_datetime (const char *text,
                         gint64     *out_usec)
{
  guint y, mo, d, h, mi, s, zh, zm;
  gint64 frac = 0;
  gint64 zone = 0;
  gint64 secs;
  const char *p;

  g_return_val_if_fail (out_usec != NULL, FALSE);

  if (text == NULL || strnlen (text, 20) < 20)
    return FALSE;
  if (!parse_ymd (text, TRUE, &y, &mo, &d))
    return FALSE;
  if (text[10] != 'T' ||
      !parse_digits (text + 11, 2, &h) || text[13] != ':' ||
      !parse_digits (text + 14, 2, &mi) || text[16] != ':' ||
      !parse_digits (text + 17, 2, &s))
    return FALSE;
  if (h > 23 || mi > 59 || s > 59)
    return FALSE;

  p = text + 19;
  if (*p == '.')
    {
      guint n = 0;

      p++;
      while (*p >= '0' && *p <= '9')
        {
          if (++n > 6)
            return FALSE;
          frac = frac * 10 + (*p - '0');
          p++;
        }
      if (n == 0)
        return FALSE;
      for (; n < 6; n++)
        frac *= 10;
    }

  if (*p == 'Z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      if (!parse_digits (p + 1, 2, &zh) || p[3] != ':' || !parse_digits (p + 4, 2, &zm))
        return FALSE;
      if (zh > 14 || zm > 59)
        return FALSE;
      zone = (gint64) (zh * 3600 + zm * 60) * (*p == '-' ? -1 : 1);
      p += 6;
    }
  else
    {
      return FALSE;
    }

  if (*p != '\0')
    return FALSE;

  secs = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s - zone;
  *out_usec = secs * GP_USEC_PER_SEC + frac;
  return TRUE;
}

char *
gp_codec_format_datetime (gint64 usec)
{
  gint64 secs, frac, days, rem, y;
  guint m, d;

  /* floor division, so that times before 1970 format correctly */
  secs = usec / GP_USEC_PER_SEC;
  frac = usec % GP_USEC_PER_SEC;
  if (frac < 0)
    {
      frac += GP_USEC_PER_SEC;
      secs -= 1;
    }
  secs += GP_CODEC_ZONE_SECONDS;
  days = secs / 86400;
  rem = secs % 86400;
  if (rem < 0)
    {
      rem += 86400;
      days -= 1;
    }
  civil_from_days (days, &y, &m, &d);

  if (frac != 0)
    return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02u-%02uT%02d:%02d:%02d.%06d+08:00",
                            y, m, d, (int) (rem / 3600), (int) (rem / 60 % 60), (int) (rem % 60),
                            (int) frac);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02u-%02uT%02d:%02d:%02d+08:00",
                          y, m, d, (int) (rem / 3600), (int) (rem / 60 % 60), (int) (rem % 60));
}

/* ------------------------------------------------------------------------------------------------
 * Encoding
 */

static JsonObject *encode_struct (const GpStructDesc *desc,
                                  gconstpointer       mem);

static void
encode_field (JsonObject        *obj,
              const GpFieldDesc *field,
              gconstpointer      at)
{
  switch (field->kind)
    {
    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
      {
        const char *s = *(const char * const *) at;

        if (s != NULL)
          json_object_set_string_member (obj, field->name, s);
      }
      break;

    case GP_FIELD_INT64:
    case GP_FIELD_MONEY:
      json_object_set_int_member (obj, field->name, *(const gint64 *) at);
      break;

    case GP_FIELD_MONEY_OPT:
      if (*(const gint64 *) at != GP_MONEY_UNSET)
        json_object_set_int_member (obj, field->name, *(const gint64 *) at);
      break;

    case GP_FIELD_UINT:
      json_object_set_int_member (obj, field->name, *(const guint *) at);
      break;

    case GP_FIELD_INT:
      json_object_set_int_member (obj, field->name, *(const gint *) at);
      break;

    case GP_FIELD_BOOL:
      json_object_set_boolean_member (obj, field->name, *(const gboolean *) at != FALSE);
      break;

    case GP_FIELD_ENUM:
      {
        guint v = (guint) *(const int *) at;

        g_return_if_fail (v < field->enum_desc->n_values);
        json_object_set_string_member (obj, field->name, field->enum_desc->names[v]);
      }
      break;

    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
      {
        const GDate *date = at;

        if (g_date_valid (date))
          {
            g_autofree char *s = field->kind == GP_FIELD_DATE ? gp_codec_format_date (date)
                                                              : format_month (date);

            json_object_set_string_member (obj, field->name, s);
          }
      }
      break;

    case GP_FIELD_DATETIME:
      {
        gint64 usec = *(const gint64 *) at;

        if (usec != 0)
          {
            g_autofree char *s = gp_codec_format_datetime (usec);

            json_object_set_string_member (obj, field->name, s);
          }
      }
      break;

    case GP_FIELD_STRUCT:
      json_object_set_object_member (obj, field->name, encode_struct (field->struct_desc, at));
      break;

    case GP_FIELD_STRUCT_PTR:
      {
        gconstpointer sub = *(gconstpointer const *) at;

        if (sub != NULL)
          json_object_set_object_member (obj, field->name, encode_struct (field->struct_desc, sub));
      }
      break;

    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
      {
        GPtrArray *in = *(GPtrArray * const *) at;
        guint len = in != NULL ? in->len : 0;
        JsonArray *array = json_array_sized_new (len);

        for (guint i = 0; i < len; i++)
          {
            if (field->kind == GP_FIELD_STRV)
              json_array_add_string_element (array, in->pdata[i] != NULL ? in->pdata[i] : "");
            else
              json_array_add_object_element (array, encode_struct (field->struct_desc, in->pdata[i]));
          }
        json_object_set_array_member (obj, field->name, array);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static JsonObject *
encode_struct (const GpStructDesc *desc,
               gconstpointer       mem)
{
  JsonObject *obj = json_object_new ();

  for (guint i = 0; i < desc->n_fields; i++)
    encode_field (obj, &desc->fields[i], GP_FIELD_AT (mem, &desc->fields[i]));

  return obj;
}

JsonNode *
gp_project_to_json (const GpProject *project)
{
  JsonNode *node;

  g_return_val_if_fail (project != NULL, NULL);

  node = json_node_alloc ();
  json_node_init_object (node, NULL);
  json_node_take_object (node, encode_struct (&gp_project_desc, project));
  return node;
}

/* The text form is written directly rather than through JsonGenerator, which in json-glib 1.6
 * writes U+001F unescaped (invalid JSON). */

static void
write_string (GString    *out,
              const char *s)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = s;

  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      guchar c = (guchar) *s;
      const char *esc = NULL;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, s - run);
      run = s + 1;
      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
      if (esc != NULL)
        {
          g_string_append (out, esc);
        }
      else
        {
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
    }
  g_string_append_len (out, run, s - run);
  g_string_append_c (out, '"');
}

static void
write_int (GString *out,
           gint64   v)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 u = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;

  do
    {
      *--p = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  if (v < 0)
    *--p = '-';
  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void write_struct (GString            *out,
                          const GpStructDesc *desc,
                          gconstpointer       mem);

static void
write_key (GString    *out,
           gboolean   *first,
           const char *name)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
}

static void
write_field (GString           *out,
             gboolean          *first,
             const GpFieldDesc *field,
             gconstpointer      at)
{
  switch (field->kind)
    {
    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
      {
        const char *s = *(const char * const *) at;

        if (s != NULL)
          {
            write_key (out, first, field->name);
            write_string (out, s);
          }
      }
      break;

    case GP_FIELD_INT64:
    case GP_FIELD_MONEY:
      write_key (out, first, field->name);
      write_int (out, *(const gint64 *) at);
      break;

    case GP_FIELD_MONEY_OPT:
      if (*(const gint64 *) at != GP_MONEY_UNSET)
        {
          write_key (out, first, field->name);
          write_int (out, *(const gint64 *) at);
        }
      break;

    case GP_FIELD_UINT:
      write_key (out, first, field->name);
      write_int (out, *(const guint *) at);
      break;

    case GP_FIELD_INT:
      write_key (out, first, field->name);
      write_int (out, *(const gint *) at);
      break;

    case GP_FIELD_BOOL:
      write_key (out, first, field->name);
      g_string_append (out, *(const gboolean *) at ? "true" : "false");
      break;

    case GP_FIELD_ENUM:
      {
        guint v = (guint) *(const int *) at;

        g_return_if_fail (v < field->enum_desc->n_values);
        write_key (out, first, field->name);
        write_string (out, field->enum_desc->names[v]);
      }
      break;

    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
      {
        const GDate *date = at;

        if (g_date_valid (date))
          {
            g_autofree char *s = field->kind == GP_FIELD_DATE ? gp_codec_format_date (date)
                                                              : format_month (date);

            write_key (out, first, field->name);
            write_string (out, s);
          }
      }
      break;

    case GP_FIELD_DATETIME:
      if (*(const gint64 *) at != 0)
        {
          g_autofree char *s = gp_codec_format_datetime (*(const gint64 *) at);

          write_key (out, first, field->name);
          write_string (out, s);
        }
      break;

    case GP_FIELD_STRUCT:
      write_key (out, first, field->name);
      write_struct (out, field->struct_desc, at);
      break;

    case GP_FIELD_STRUCT_PTR:
      if (*(gconstpointer const *) at != NULL)
        {
          write_key (out, first, field->name);
          write_struct (out, field->struct_desc, *(gconstpointer const *) at);
        }
      break;

    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
      {
        GPtrArray *in = *(GPtrArray * const *) at;
        guint len = in != NULL ? in->len : 0;

        write_key (out, first, field->name);
        g_string_append_c (out, '[');
        for (guint i = 0; i < len; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (field->kind == GP_FIELD_STRV)
              write_string (out, in->pdata[i] != NULL ? in->pdata[i] : "");
            else
              write_struct (out, field->struct_desc, in->pdata[i]);
          }
        g_string_append_c (out, ']');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
write_struct (GString            *out,
              const GpStructDesc *desc,
              gconstpointer       mem)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint i = 0; i < desc->n_fields; i++)
    write_field (out, &first, &desc->fields[i], GP_FIELD_AT (mem, &desc->fields[i]));
  g_string_append_c (out, '}');
}

char *
gp_project_to_json_string (const GpProject *project,
                           gsize           *len)
{
  GString *out;

  g_return_val_if_fail (project != NULL, NULL);

  out = g_string_sized_new (4096);
  write_struct (out, &gp_project_desc, project);
  if (len != NULL)
    *len = out->len;
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------------
 * Decoding: the checks on values, shared by the JsonNode decoder and the text decoder
 */

typedef struct {
  GString    *path;
  GError    **error;
  /* text decoder only */
  const char *p;
  const char *end;
  GString    *buf;
  gboolean    utf8_checked;  /* the whole text was validated (escapes only make valid UTF-8) */
} Decoder;

G_GNUC_PRINTF (2, 3)
static gboolean
fail (Decoder    *d,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *problem = NULL;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (d->error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE, "%s: %s",
               d->path->len > 0 ? d->path->str : "$", problem);
  return FALSE;
}

static gboolean
is_optional (const GpFieldDesc *field)
{
  if (field->flags & GP_FIELD_REQUIRED)
    return FALSE;
  if (field->flags & GP_FIELD_ADDED)
    return TRUE;

  switch (field->kind)
    {
    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
    case GP_FIELD_MONEY_OPT:
    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
    case GP_FIELD_DATETIME:
    case GP_FIELD_STRUCT_PTR:
      return TRUE;

    case GP_FIELD_INT64:
    case GP_FIELD_UINT:
    case GP_FIELD_INT:
    case GP_FIELD_MONEY:
    case GP_FIELD_BOOL:
    case GP_FIELD_ENUM:
    case GP_FIELD_STRUCT:
    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
    default:
      return FALSE;
    }
}

static gboolean
is_string_kind (const GpFieldDesc *field)
{
  return field->kind == GP_FIELD_STRING || field->kind == GP_FIELD_UUID ||
         field->kind == GP_FIELD_ENUM || field->kind == GP_FIELD_DATE ||
         field->kind == GP_FIELD_MONTH || field->kind == GP_FIELD_DATETIME;
}

static gboolean
is_int_kind (const GpFieldDesc *field)
{
  return field->kind == GP_FIELD_INT64 || field->kind == GP_FIELD_MONEY ||
         field->kind == GP_FIELD_MONEY_OPT || field->kind == GP_FIELD_UINT ||
         field->kind == GP_FIELD_INT;
}

static const char *
type_problem (const GpFieldDesc *field)
{
  switch (field->kind)
    {
    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
    case GP_FIELD_ENUM:
    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
    case GP_FIELD_DATETIME:
      return _("expected a string");
    case GP_FIELD_INT64:
    case GP_FIELD_UINT:
    case GP_FIELD_INT:
    case GP_FIELD_MONEY:
    case GP_FIELD_MONEY_OPT:
      return _("expected an integer");
    case GP_FIELD_BOOL:
      return _("expected true or false");
    case GP_FIELD_STRUCT:
    case GP_FIELD_STRUCT_PTR:
      return _("expected an object");
    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
      return _("expected an array");
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_lower_uuid (const char *s)
{
  if (!g_uuid_string_is_valid (s))
    return FALSE;
  for (; *s != '\0'; s++)
    if (*s >= 'A' && *s <= 'F')
      return FALSE;
  return TRUE;
}

/* A text value @s of @len bytes (NUL-terminated, no inner NUL) for a field of a string kind,
 * or for an element of a string array (@field NULL, @max_chars the limit). */
static gboolean
store_text (Decoder           *d,
            const GpFieldDesc *field,
            gint64             max_chars,
            const char        *s,
            gsize              len,
            gpointer           at)
{
  GpFieldKind kind = field != NULL ? field->kind : GP_FIELD_STRING;

  if (!d->utf8_checked && !g_utf8_validate_len (s, len, NULL))
    return fail (d, "%s", _("invalid UTF-8"));

  switch (kind)
    {
    case GP_FIELD_STRING:
      if (field != NULL)
        max_chars = field->max;
      if (field != NULL && field->min > 0 && len == 0)
        return fail (d, "%s", _("must not be empty"));
      if (len > (gsize) max_chars && g_utf8_strlen (s, (gssize) len) > max_chars)
        return fail (d, _("longer than %d characters"), (int) max_chars);
      g_free (*(char **) at);
      *(char **) at = g_strndup (s, len);
      return TRUE;

    case GP_FIELD_UUID:
      if (!is_lower_uuid (s))
        return fail (d, "%s", _("expected a lower-case UUID"));
      g_free (*(char **) at);
      *(char **) at = g_strndup (s, len);
      return TRUE;

    case GP_FIELD_ENUM:
      for (guint i = 0; i < field->enum_desc->n_values; i++)
        {
          if (strcmp (s, field->enum_desc->names[i]) == 0)
            {
              *(int *) at = (int) i;
              return TRUE;
            }
        }
      if (g_utf8_strlen (s, (gssize) len) <= 40)
        return fail (d, _("unknown value “%s”"), s);
      return fail (d, "%s", _("unknown value"));

    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
      if (!parse_date_full (s, kind == GP_FIELD_DATE, at))
        {
          if (kind == GP_FIELD_DATE)
            return fail (d, _("expected a date YYYY-MM-DD (%d … %d)"),
                         GP_CODEC_MIN_YEAR, GP_CODEC_MAX_YEAR);
          return fail (d, _("expected a month YYYY-MM (%d … %d)"),
                       GP_CODEC_MIN_YEAR, GP_CODEC_MAX_YEAR);
        }
      return TRUE;

    case GP_FIELD_DATETIME:
      if (!gp_codec_parse_datetime (s, at))
        return fail (d, _("expected an ISO 8601 date and time with a zone (%d … %d)"),
                     GP_CODEC_MIN_YEAR, GP_CODEC_MAX_YEAR);
      return TRUE;

    case GP_FIELD_INT64:
    case GP_FIELD_UINT:
    case GP_FIELD_INT:
    case GP_FIELD_MONEY:
    case GP_FIELD_MONEY_OPT:
    case GP_FIELD_BOOL:
    case GP_FIELD_STRUCT:
    case GP_FIELD_STRUCT_PTR:
    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
store_int (Decoder           *d,
           const GpFieldDesc *field,
           gint64             v,
           gpointer           at)
{
  gint64 min = field->kind == GP_FIELD_MONEY_OPT ? 0 : field->min;
  gint64 max = field->max;

  if (v < min || v > max)
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      /* Translators: the two numbers are the smallest and the largest value allowed. */
      return fail (d, _("out of range (%s … %s)"), lo, hi);
    }

  switch (field->kind)
    {
    case GP_FIELD_INT64:
    case GP_FIELD_MONEY:
    case GP_FIELD_MONEY_OPT:
      *(gint64 *) at = v;
      return TRUE;
    case GP_FIELD_UINT:
      *(guint *) at = (guint) v;
      return TRUE;
    case GP_FIELD_INT:
      *(gint *) at = (gint) v;
      return TRUE;
    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
    case GP_FIELD_BOOL:
    case GP_FIELD_ENUM:
    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
    case GP_FIELD_DATETIME:
    case GP_FIELD_STRUCT:
    case GP_FIELD_STRUCT_PTR:
    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
    default:
      g_assert_not_reached ();
    }
}

static void
path_push (Decoder    *d,
           gsize       base,
           const char *name)
{
  if (base > 0)
    g_string_append_c (d->path, '.');
  g_string_append (d->path, name);
}

static void
path_push_unknown (Decoder    *d,
                   gsize       base,
                   const char *name,
                   gsize       len)
{
  if (base > 0)
    g_string_append_c (d->path, '.');
  if (len <= 40 && g_utf8_validate_len (name, len, NULL))
    g_string_append_len (d->path, name, (gssize) len);
  else
    g_string_append_c (d->path, '?');
}

/* After all members: required ones present, then the struct's own rule. */
static gboolean
finish_struct (Decoder            *d,
               const GpStructDesc *desc,
               gpointer            mem,
               guint64             seen)
{
  gsize base = d->path->len;
  const char *problem = NULL;
  const char *bad_field;

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const GpFieldDesc *field = &desc->fields[i];

      if ((seen & (G_GUINT64_CONSTANT (1) << i)) == 0 && !is_optional (field))
        {
          path_push (d, base, field->name);
          return fail (d, "%s", _("missing required field"));
        }
    }

  if (desc->check != NULL && (bad_field = desc->check (mem, &problem)) != NULL)
    {
      path_push (d, base, bad_field);
      return fail (d, "%s", _(problem));
    }

  return TRUE;
}

static const GpFieldDesc *
find_field (const GpStructDesc *desc,
            const char         *name,
            gsize               len,
            guint              *out_index)
{
  for (guint i = 0; i < desc->n_fields; i++)
    {
      const char *candidate = desc->fields[i].name;

      if (candidate[0] == name[0] && strncmp (candidate, name, len) == 0 && candidate[len] == '\0')
        {
          *out_index = i;
          return &desc->fields[i];
        }
    }
  return NULL;
}

static gboolean
null_allowed (Decoder           *d,
              const GpFieldDesc *field)
{
  if (is_optional (field))
    return TRUE;
  return fail (d, "%s", (field->flags & GP_FIELD_REQUIRED) ? _("required, must not be null")
                                                            : _("must not be null"));
}

/* ------------------------------------------------------------------------------------------------
 * Decoding a JsonNode tree
 */

static gboolean node_decode_struct (Decoder            *d,
                                    const GpStructDesc *desc,
                                    JsonNode           *node,
                                    gpointer            mem);

static gboolean
node_decode_array (Decoder           *d,
                   const GpFieldDesc *field,
                   JsonNode          *node,
                   GPtrArray         *out)
{
  JsonArray *array = json_node_get_array (node);
  guint len = json_array_get_length (array);
  gsize base = d->path->len;

  if (len > GP_CODEC_MAX_ARRAY)
    return fail (d, _("more than %d elements"), GP_CODEC_MAX_ARRAY);

  for (guint i = 0; i < len; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      g_string_append_printf (d->path, "[%u]", i);

      if (field->kind == GP_FIELD_STRV)
        {
          char *s = NULL;
          const char *text;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
            return fail (d, "%s", _("expected a string"));
          text = json_node_get_string (element);
          if (!store_text (d, NULL, field->max, text, strlen (text), &s))
            return FALSE;
          g_ptr_array_add (out, s);
        }
      else
        {
          gpointer mem = gp_struct_new (field->struct_desc);

          if (!node_decode_struct (d, field->struct_desc, element, mem))
            {
              gp_struct_free (field->struct_desc, mem);
              return FALSE;
            }
          g_ptr_array_add (out, mem);
        }

      g_string_truncate (d->path, base);
    }

  return TRUE;
}

/* Decodes a non-null @node into the field at @at, which holds its initial value. */
static gboolean
node_decode_field (Decoder           *d,
                   const GpFieldDesc *field,
                   JsonNode          *node,
                   gpointer           at)
{
  if (is_string_kind (field))
    {
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return fail (d, "%s", type_problem (field));
      s = json_node_get_string (node);
      return store_text (d, field, 0, s, strlen (s), at);
    }

  if (is_int_kind (field))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        return fail (d, "%s", type_problem (field));
      return store_int (d, field, json_node_get_int (node), at);
    }

  switch (field->kind)
    {
    case GP_FIELD_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return fail (d, "%s", type_problem (field));
      *(gboolean *) at = json_node_get_boolean (node);
      return TRUE;

    case GP_FIELD_STRUCT:
      return node_decode_struct (d, field->struct_desc, node, at);

    case GP_FIELD_STRUCT_PTR:
      {
        gpointer mem = gp_struct_new (field->struct_desc);

        if (!node_decode_struct (d, field->struct_desc, node, mem))
          {
            gp_struct_free (field->struct_desc, mem);
            return FALSE;
          }
        g_clear_pointer ((gpointer *) at, field->struct_desc->free_func);
        *(gpointer *) at = mem;
        return TRUE;
      }

    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return fail (d, "%s", type_problem (field));
      return node_decode_array (d, field, node, *(GPtrArray **) at);

    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
    case GP_FIELD_INT64:
    case GP_FIELD_UINT:
    case GP_FIELD_INT:
    case GP_FIELD_MONEY:
    case GP_FIELD_MONEY_OPT:
    case GP_FIELD_ENUM:
    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
    case GP_FIELD_DATETIME:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
node_decode_struct (Decoder            *d,
                    const GpStructDesc *desc,
                    JsonNode           *node,
                    gpointer            mem)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint64 seen = 0;
  gsize base = d->path->len;

  g_assert (desc->n_fields <= 64);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (d, "%s", _("expected an object"));

  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      gsize len = strlen (name);
      guint i = 0;
      const GpFieldDesc *field = len > 0 ? find_field (desc, name, len, &i) : NULL;

      if (field == NULL)
        {
          path_push_unknown (d, base, name, len);
          return fail (d, "%s", _("unknown field"));
        }

      path_push (d, base, field->name);

      if (JSON_NODE_HOLDS_NULL (value))
        {
          if (!null_allowed (d, field))
            return FALSE;
        }
      else if (!node_decode_field (d, field, value, GP_FIELD_AT (mem, field)))
        {
          return FALSE;
        }

      seen |= G_GUINT64_CONSTANT (1) << i;
      g_string_truncate (d->path, base);
    }

  return finish_struct (d, desc, mem, seen);
}

GpProject *
gp_project_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(GString) path = NULL;
  g_autoptr(GpProject) project = NULL;
  Decoder d = { NULL, };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_string_sized_new (64);
  d.path = path;
  d.error = error;

  project = gp_project_new ();
  if (!node_decode_struct (&d, &gp_project_desc, node, project))
    return NULL;

  return g_steal_pointer (&project);
}

/* ------------------------------------------------------------------------------------------------
 * Strict syntax check before json-glib, which accepts comments, single quotes, hex numbers and
 * trailing data, wraps integers that overflow and has no nesting limit.
 */

#define SCAN_MAX_KEYS 64

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  const char *problem;
  const char *problem_at;
} Scan;

static gboolean
scan_fail (Scan       *s,
           const char *problem)
{
  if (s->problem == NULL)
    {
      s->problem = problem;
      s->problem_at = s->p;
    }
  return FALSE;
}

static void
scan_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
scan_hex4 (Scan  *s,
           guint *out)
{
  guint v = 0;

  if (s->end - s->p < 4)
    return scan_fail (s, N_("truncated \\u escape"));
  for (guint i = 0; i < 4; i++)
    {
      char c = s->p[i];

      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= (guint) (c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= (guint) (c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= (guint) (c - 'A' + 10);
      else
        return scan_fail (s, N_("bad \\u escape"));
    }
  s->p += 4;
  *out = v;
  return TRUE;
}

/* At the opening quote. Sets @has_escape when the string has a backslash. */
static gboolean
scan_string (Scan     *s,
             gboolean *has_escape)
{
  *has_escape = FALSE;
  s->p++;

  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p;

      if (c == '"')
        {
          s->p++;
          return TRUE;
        }
      if (c < 0x20)
        return scan_fail (s, N_("control character in a string"));
      if (c != '\\')
        {
          s->p++;
          continue;
        }

      *has_escape = TRUE;
      s->p++;
      if (s->p >= s->end)
        break;
      switch (*s->p)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          s->p++;
          break;

        case 'u':
          {
            guint u, lo;

            s->p++;
            if (!scan_hex4 (s, &u))
              return FALSE;
            if (u == 0)
              return scan_fail (s, N_("\\u0000 in a string"));
            if (u >= 0xDC00 && u <= 0xDFFF)
              return scan_fail (s, N_("unpaired surrogate in a string"));
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                  return scan_fail (s, N_("unpaired surrogate in a string"));
                s->p += 2;
                if (!scan_hex4 (s, &lo))
                  return FALSE;
                if (lo < 0xDC00 || lo > 0xDFFF)
                  return scan_fail (s, N_("unpaired surrogate in a string"));
              }
          }
          break;

        default:
          return scan_fail (s, N_("bad escape in a string"));
        }
    }

  return scan_fail (s, N_("unterminated string"));
}

static gboolean
scan_number (Scan *s)
{
  const char *begin = s->p;
  const char *digits;
  gboolean negative = FALSE;
  gboolean integer = TRUE;
  gsize n;

  if (*s->p == '-')
    {
      negative = TRUE;
      s->p++;
    }
  digits = s->p;
  if (s->p >= s->end || *s->p < '0' || *s->p > '9')
    return scan_fail (s, N_("bad number"));
  if (*s->p == '0')
    {
      s->p++;
      if (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        return scan_fail (s, N_("leading zero in a number"));
    }
  else
    {
      while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    }
  n = (gsize) (s->p - digits);

  if (s->p < s->end && *s->p == '.')
    {
      integer = FALSE;
      s->p++;
      if (s->p >= s->end || *s->p < '0' || *s->p > '9')
        return scan_fail (s, N_("bad number"));
      while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      integer = FALSE;
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (s->p >= s->end || *s->p < '0' || *s->p > '9')
        return scan_fail (s, N_("bad number"));
      while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    }

  /* json-glib wraps integers beyond 64 bits silently: refuse them here. */
  if (integer)
    {
      const char *limit = negative ? "9223372036854775808" : "9223372036854775807";

      if (n > 19 || (n == 19 && memcmp (digits, limit, 19) > 0))
        {
          s->p = begin;
          return scan_fail (s, N_("integer out of range"));
        }
    }

  return TRUE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return scan_fail (s, N_("unexpected character"));
  s->p += n;
  return TRUE;
}

static gboolean scan_value (Scan *s);

static gboolean
scan_object (Scan *s)
{
  struct { const char *p; gsize len; } keys[SCAN_MAX_KEYS];
  guint n_keys = 0;

  s->p++;
  scan_ws (s);
  if (s->p < s->end && *s->p == '}')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      const char *key;
      gboolean has_escape;
      gsize len;

      scan_ws (s);
      if (s->p >= s->end || *s->p != '"')
        return scan_fail (s, N_("expected a member name"));
      key = s->p;
      if (!scan_string (s, &has_escape))
        return FALSE;
      if (has_escape)
        {
          s->p = key;
          return scan_fail (s, N_("escaped characters in a member name"));
        }
      len = (gsize) (s->p - key);
      for (guint i = 0; i < n_keys; i++)
        {
          if (keys[i].len == len && memcmp (keys[i].p, key, len) == 0)
            {
              s->p = key;
              return scan_fail (s, N_("duplicate member name"));
            }
        }
      if (n_keys == SCAN_MAX_KEYS)
        {
          s->p = key;
          return scan_fail (s, N_("too many members in an object"));
        }
      keys[n_keys].p = key;
      keys[n_keys].len = len;
      n_keys++;

      scan_ws (s);
      if (s->p >= s->end || *s->p != ':')
        return scan_fail (s, N_("expected “:”"));
      s->p++;
      if (!scan_value (s))
        return FALSE;
      scan_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (s->p < s->end && *s->p == '}')
        {
          s->p++;
          return TRUE;
        }
      return scan_fail (s, N_("expected “,” or “}”"));
    }
}

static gboolean
scan_array (Scan *s)
{
  s->p++;
  scan_ws (s);
  if (s->p < s->end && *s->p == ']')
    {
      s->p++;
      return TRUE;
    }

  for (;;)
    {
      if (!scan_value (s))
        return FALSE;
      scan_ws (s);
      if (s->p < s->end && *s->p == ',')
        {
          s->p++;
          continue;
        }
      if (s->p < s->end && *s->p == ']')
        {
          s->p++;
          return TRUE;
        }
      return scan_fail (s, N_("expected “,” or “]”"));
    }
}

static gboolean
scan_value (Scan *s)
{
  gboolean has_escape;
  gboolean ok;

  scan_ws (s);
  if (s->p >= s->end)
    return scan_fail (s, N_("unexpected end of data"));

  switch (*s->p)
    {
    case '{':
    case '[':
      if (++s->depth > GP_CODEC_MAX_DEPTH)
        return scan_fail (s, N_("nested too deeply"));
      ok = *s->p == '{' ? scan_object (s) : scan_array (s);
      s->depth--;
      return ok;

    case '"':
      return scan_string (s, &has_escape);

    case 't':
      return scan_literal (s, "true");

    case 'f':
      return scan_literal (s, "false");

    case 'n':
      return scan_literal (s, "null");

    default:
      if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
        return scan_number (s);
      return scan_fail (s, N_("unexpected character"));
    }
}

static gboolean
scan_document (const char  *data,
               gsize        len,
               GError     **error)
{
  Scan s = { data, data, data + len, 0, NULL, NULL };
  guint line = 1, column = 1;

  if (scan_value (&s))
    {
      scan_ws (&s);
      if (s.p == s.end)
        return TRUE;
      scan_fail (&s, N_("data after the end of the document"));
    }

  for (const char *q = data; q < s.problem_at && q < s.end; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *q & 0xC0) != 0x80)
        {
          column++;
        }
    }

  g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
               _("$: not valid JSON at line %u, column %u: %s"), line, column, _(s.problem));
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------
 * Decoding text in one pass, straight into the structs (json-glib's parser is the bottleneck of a
 * sync: about 10,000 small projects per second). The input has passed scan_document(), so it is
 * strict JSON; the checks here still never read past the end.
 */

static void
text_ws (Decoder *d)
{
  while (d->p < d->end && (*d->p == ' ' || *d->p == '\t' || *d->p == '\n' || *d->p == '\r'))
    d->p++;
}

static gboolean
text_expect (Decoder *d,
             char     c)
{
  text_ws (d);
  if (d->p >= d->end || *d->p != c)
    return fail (d, "%s", _("malformed JSON"));
  d->p++;
  return TRUE;
}

static gboolean
text_hex4 (Decoder *d,
           guint   *out)
{
  guint v = 0;

  if (d->end - d->p < 4)
    return fail (d, "%s", _("malformed JSON"));
  for (guint i = 0; i < 4; i++)
    {
      int x = g_ascii_xdigit_value (d->p[i]);

      if (x < 0)
        return fail (d, "%s", _("malformed JSON"));
      v = (v << 4) | (guint) x;
    }
  d->p += 4;
  *out = v;
  return TRUE;
}

/* At a '"': reads the string into d->buf (NUL-terminated). */
static gboolean
text_string (Decoder *d)
{
  const char *run;

  g_string_truncate (d->buf, 0);
  d->p++;
  run = d->p;

  while (d->p < d->end)
    {
      char c = *d->p;

      if (c == '"')
        {
          g_string_append_len (d->buf, run, d->p - run);
          d->p++;
          return TRUE;
        }
      if (c != '\\')
        {
          d->p++;
          continue;
        }

      g_string_append_len (d->buf, run, d->p - run);
      d->p++;
      if (d->p >= d->end)
        break;
      c = *d->p++;
      switch (c)
        {
        case '"': g_string_append_c (d->buf, '"'); break;
        case '\\': g_string_append_c (d->buf, '\\'); break;
        case '/': g_string_append_c (d->buf, '/'); break;
        case 'b': g_string_append_c (d->buf, '\b'); break;
        case 'f': g_string_append_c (d->buf, '\f'); break;
        case 'n': g_string_append_c (d->buf, '\n'); break;
        case 'r': g_string_append_c (d->buf, '\r'); break;
        case 't': g_string_append_c (d->buf, '\t'); break;
        case 'u':
          {
            guint u, lo;

            if (!text_hex4 (d, &u))
              return FALSE;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                if (d->end - d->p < 2 || d->p[0] != '\\' || d->p[1] != 'u')
                  return fail (d, "%s", _("malformed JSON"));
                d->p += 2;
                if (!text_hex4 (d, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                  return fail (d, "%s", _("malformed JSON"));
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
              }
            else if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF))
              {
                return fail (d, "%s", _("malformed JSON"));
              }
            g_string_append_unichar (d->buf, (gunichar) u);
          }
          break;
        default:
          return fail (d, "%s", _("malformed JSON"));
        }
      run = d->p;
    }

  return fail (d, "%s", _("malformed JSON"));
}

/* At '-' or a digit. Sets @is_integer FALSE for a fraction or exponent (and skips it). */
static gboolean
text_number (Decoder  *d,
             gint64   *out,
             gboolean *is_integer)
{
  gboolean negative = FALSE;
  guint64 u = 0;
  guint n = 0;

  if (*d->p == '-')
    {
      negative = TRUE;
      d->p++;
    }
  while (d->p < d->end && *d->p >= '0' && *d->p <= '9')
    {
      if (++n > 19)
        return fail (d, "%s", _("integer out of range"));
      u = u * 10 + (guint64) (*d->p - '0');
      d->p++;
    }
  if (n == 0)
    return fail (d, "%s", _("malformed JSON"));

  *is_integer = TRUE;
  while (d->p < d->end && (*d->p == '.' || *d->p == 'e' || *d->p == 'E' || *d->p == '+' ||
                           *d->p == '-' || (*d->p >= '0' && *d->p <= '9')))
    {
      *is_integer = FALSE;
      d->p++;
    }

  if (negative ? u > (guint64) G_MAXINT64 + 1 : u > (guint64) G_MAXINT64)
    return fail (d, "%s", _("integer out of range"));
  *out = negative ? (gint64) (0 - u) : (gint64) u;
  return TRUE;
}

static gboolean
text_literal (Decoder    *d,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (d->end - d->p) < n || memcmp (d->p, word, n) != 0)
    return fail (d, "%s", _("malformed JSON"));
  d->p += n;
  return TRUE;
}

static gboolean text_struct (Decoder            *d,
                             const GpStructDesc *desc,
                             gpointer            mem);

static gboolean
text_array (Decoder           *d,
            const GpFieldDesc *field,
            GPtrArray         *out)
{
  gsize base = d->path->len;
  guint i = 0;

  d->p++;
  text_ws (d);
  if (d->p < d->end && *d->p == ']')
    {
      d->p++;
      return TRUE;
    }

  for (;; i++)
    {
      if (i >= GP_CODEC_MAX_ARRAY)
        return fail (d, _("more than %d elements"), GP_CODEC_MAX_ARRAY);

      g_string_append_printf (d->path, "[%u]", i);
      text_ws (d);
      if (d->p >= d->end)
        return fail (d, "%s", _("malformed JSON"));

      if (field->kind == GP_FIELD_STRV)
        {
          char *s = NULL;

          if (*d->p != '"')
            return fail (d, "%s", _("expected a string"));
          if (!text_string (d))
            return FALSE;
          if (!store_text (d, NULL, field->max, d->buf->str, d->buf->len, &s))
            return FALSE;
          g_ptr_array_add (out, s);
        }
      else
        {
          gpointer mem;

          if (*d->p != '{')
            return fail (d, "%s", _("expected an object"));
          mem = gp_struct_new (field->struct_desc);
          if (!text_struct (d, field->struct_desc, mem))
            {
              gp_struct_free (field->struct_desc, mem);
              return FALSE;
            }
          g_ptr_array_add (out, mem);
        }
      g_string_truncate (d->path, base);

      text_ws (d);
      if (d->p < d->end && *d->p == ',')
        {
          d->p++;
          continue;
        }
      return text_expect (d, ']');
    }
}

static gboolean
text_field (Decoder           *d,
            const GpFieldDesc *field,
            gpointer           at)
{
  char c;

  text_ws (d);
  if (d->p >= d->end)
    return fail (d, "%s", _("malformed JSON"));
  c = *d->p;

  if (c == 'n')
    {
      if (!text_literal (d, "null"))
        return FALSE;
      return null_allowed (d, field);
    }

  if (is_string_kind (field))
    {
      if (c != '"')
        return fail (d, "%s", type_problem (field));
      if (!text_string (d))
        return FALSE;
      return store_text (d, field, 0, d->buf->str, d->buf->len, at);
    }

  if (is_int_kind (field))
    {
      gint64 v = 0;
      gboolean is_integer = FALSE;

      if (c != '-' && (c < '0' || c > '9'))
        return fail (d, "%s", type_problem (field));
      if (!text_number (d, &v, &is_integer))
        return FALSE;
      if (!is_integer)
        return fail (d, "%s", type_problem (field));
      return store_int (d, field, v, at);
    }

  switch (field->kind)
    {
    case GP_FIELD_BOOL:
      if (c == 't' && text_literal (d, "true"))
        *(gboolean *) at = TRUE;
      else if (c == 'f' && text_literal (d, "false"))
        *(gboolean *) at = FALSE;
      else
        return fail (d, "%s", type_problem (field));
      return TRUE;

    case GP_FIELD_STRUCT:
      if (c != '{')
        return fail (d, "%s", type_problem (field));
      return text_struct (d, field->struct_desc, at);

    case GP_FIELD_STRUCT_PTR:
      {
        gpointer mem;

        if (c != '{')
          return fail (d, "%s", type_problem (field));
        mem = gp_struct_new (field->struct_desc);
        if (!text_struct (d, field->struct_desc, mem))
          {
            gp_struct_free (field->struct_desc, mem);
            return FALSE;
          }
        g_clear_pointer ((gpointer *) at, field->struct_desc->free_func);
        *(gpointer *) at = mem;
        return TRUE;
      }

    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
      if (c != '[')
        return fail (d, "%s", type_problem (field));
      return text_array (d, field, *(GPtrArray **) at);

    case GP_FIELD_STRING:
    case GP_FIELD_UUID:
    case GP_FIELD_INT64:
    case GP_FIELD_UINT:
    case GP_FIELD_INT:
    case GP_FIELD_MONEY:
    case GP_FIELD_MONEY_OPT:
    case GP_FIELD_ENUM:
    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
    case GP_FIELD_DATETIME:
    default:
      g_assert_not_reached ();
    }
}

/* At a '{'. */
static gboolean
text_struct (Decoder            *d,
             const GpStructDesc *desc,
             gpointer            mem)
{
  gsize base = d->path->len;
  guint64 seen = 0;

  g_assert (desc->n_fields <= 64);

  d->p++;
  text_ws (d);
  if (d->p < d->end && *d->p == '}')
    {
      d->p++;
      return finish_struct (d, desc, mem, seen);
    }

  for (;;)
    {
      const GpFieldDesc *field;
      guint i = 0;

      text_ws (d);
      if (d->p >= d->end || *d->p != '"')
        return fail (d, "%s", _("malformed JSON"));
      if (!text_string (d))
        return FALSE;

      field = d->buf->len > 0 ? find_field (desc, d->buf->str, d->buf->len, &i) : NULL;
      if (field == NULL)
        {
          path_push_unknown (d, base, d->buf->str, d->buf->len);
          return fail (d, "%s", _("unknown field"));
        }
      path_push (d, base, field->name);
      if (seen & (G_GUINT64_CONSTANT (1) << i))
        return fail (d, "%s", _("duplicate field"));

      if (!text_expect (d, ':') || !text_field (d, field, GP_FIELD_AT (mem, field)))
        return FALSE;

      seen |= G_GUINT64_CONSTANT (1) << i;
      g_string_truncate (d->path, base);

      text_ws (d);
      if (d->p < d->end && *d->p == ',')
        {
          d->p++;
          continue;
        }
      if (!text_expect (d, '}'))
        return FALSE;
      return finish_struct (d, desc, mem, seen);
    }
}

GpProject *
gp_project_from_json_string (const char  *data,
                             gssize       len,
                             GError     **error)
{
  g_autoptr(GString) path = NULL;
  g_autoptr(GString) buf = NULL;
  g_autoptr(GpProject) project = NULL;
  Decoder d = { NULL, };
  gsize size;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  size = len < 0 ? strlen (data) : (gsize) len;

  if (size > GP_CODEC_MAX_INPUT_BYTES)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                   _("$: larger than %d bytes"), GP_CODEC_MAX_INPUT_BYTES);
      return NULL;
    }

  /* Also refuses NUL bytes inside the data. */
  if (size > 0 && !g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE, _("$: invalid UTF-8"));
      return NULL;
    }

  if (!scan_document (data, size, error))
    return NULL;

  path = g_string_sized_new (64);
  buf = g_string_sized_new (256);
  d.path = path;
  d.error = error;
  d.p = data;
  d.end = data + size;
  d.buf = buf;
  d.utf8_checked = TRUE;

  text_ws (&d);
  if (d.p >= d.end || *d.p != '{')
    {
      fail (&d, "%s", _("expected an object"));
      return NULL;
    }

  project = gp_project_new ();
  if (!text_struct (&d, &gp_project_desc, project))
    return NULL;

  return g_steal_pointer (&project);
}
