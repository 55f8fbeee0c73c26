/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-calendar.c: the working-day calendar (法定节假日 and 调休) and legal period arithmetic.
 *
 * The calendar is data, not rules (DOMAIN.md §1.9): each year's rest days and switched working
 * days come from the State Council's notice 国务院办公厅关于XXXX年部分节假日安排的通知, shipped as
 * data/calendar/cn-holidays.json and updated by the server. A date outside the years of the data
 * is an error, never a guess.
 *
 * The file:
 *
 *   {"format": 1, "version": "2026.1",
 *    "years": [{"year": 2020, "source": "国办发明电〔2019〕16号",
 *               "holidays": ["2020-01-01", …], "workdays": ["2020-01-19", …]}, …]}
 *
 * - "holidays" lists every day of each holiday span (weekdays and weekend days alike);
 * - "workdays" lists the weekend days switched to working days (调休上班);
 * - years ascend with no gap, and no year appears twice;
 * - a year's dates lie in that year, or in the December before it, because a notice may reach
 *   back (2023's 元旦 began on 2022-12-31; 2012's notice made 2011-12-31 a working day);
 * - no date appears twice, and a working day must be a Saturday or a Sunday;
 * - members other than these are refused.
 *
 * A GpCalendar never changes after it is made, so one instance can be shared between threads.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gp-calendar.h"
#include "gp-error.h"

/* Values of the days table. */
enum {
  DAY_HOLIDAY = 1,
  DAY_WORKDAY = 2,
};

/* Years the data may name at all. */
#define YEAR_MIN 1949
#define YEAR_MAX 2999

struct _GpCalendar
{
  GObject parent_instance;

  /* Owned references */
  GBytes     *bytes;
  char       *version;
  GPtrArray  *sources;  /* char *, indexed by year - first_year */
  GHashTable *days;     /* julian day → DAY_HOLIDAY or DAY_WORKDAY */

  int first_year;
  int last_year;
};

G_DEFINE_FINAL_TYPE (GpCalendar, gp_calendar, G_TYPE_OBJECT)

static void
gp_calendar_finalize (GObject *object)
{
  GpCalendar *self = (GpCalendar *) object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_hash_table_unref);

  G_OBJECT_CLASS (gp_calendar_parent_class)->finalize (object);
}

static void
gp_calendar_class_init (GpCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gp_calendar_finalize;
}

static void
gp_calendar_init (GpCalendar *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_free);
  self->days = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/* ---------------------------------------------------------------------------------------------
 * Decoding
 */

static gboolean G_GNUC_PRINTF (2, 3)
decode_error (GError     **error,
              const char  *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (GP_CORE_ERROR, GP_CORE_ERROR_DECODE, format, args));
  va_end (args);

  return FALSE;
}

/* Refuses members of @object that are not in the NULL-terminated @allowed. */
static gboolean
check_members (JsonObject         *object,
               const char * const *allowed,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        return decode_error (error, _("Calendar data: unknown member “%s”"), (const char *) l->data);
    }

  return TRUE;
}

/* The integer member @name of @object, which must be present. */
static gboolean
get_int_member (JsonObject  *object,
                const char  *name,
                gint64      *out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return decode_error (error, _("Calendar data: “%s” must be an integer"), name);

  *out = json_node_get_int (node);
  return TRUE;
}

/* The non-empty string member @name of @object, which must be present. */
static gboolean
get_string_member (JsonObject  *object,
                   const char  *name,
                   const char **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || json_node_get_string (node)[0] == '\0')
    return decode_error (error, _("Calendar data: “%s” must be a non-empty string"), name);

  *out = json_node_get_string (node);
  return TRUE;
}

/* Parses exactly "YYYY-MM-DD". */
static gboolean
parse_iso_date (const char *text,
                GDate      *out)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

static gboolean
load_days (GpCalendar  *self,
           JsonObject  *entry,
           const char  *name,
           int          year,
           int          kind,
           GError     **error)
{
  JsonNode *node = json_object_get_member (entry, name);
  JsonArray *array;
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return decode_error (error, _("Calendar data: “%s” of year %d must be an array"), name, year);

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;
      GDate date;
      int date_year;
      gpointer key;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return decode_error (error, _("Calendar data: “%s” of year %d must hold date strings"),
                             name, year);

      text = json_node_get_string (element);
      if (!parse_iso_date (text, &date))
        return decode_error (error, _("Calendar data: “%s” in year %d is not a date (YYYY-MM-DD)"),
                             text, year);

      date_year = g_date_get_year (&date);
      if (date_year != year && !(date_year == year - 1 && g_date_get_month (&date) == G_DATE_DECEMBER))
        return decode_error (error, _("Calendar data: %s is listed under year %d"), text, year);

      if (kind == DAY_WORKDAY)
        {
          GDateWeekday weekday = g_date_get_weekday (&date);

          if (weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY)
            return decode_error (error, _("Calendar data: working day %s is not a weekend day"), text);
        }

      key = GUINT_TO_POINTER (g_date_get_julian (&date));
      if (g_hash_table_contains (self->days, key))
        return decode_error (error, _("Calendar data: %s appears twice"), text);
      g_hash_table_insert (self->days, key, GINT_TO_POINTER (kind));
    }

  return TRUE;
}

static gboolean
load_root (GpCalendar  *self,
           JsonNode    *root,
           GError     **error)
{
  static const char * const root_members[] = { "format", "version", "years", NULL };
  static const char * const year_members[] = { "year", "source", "holidays", "workdays", NULL };
  JsonObject *object;
  JsonNode *years_node;
  JsonArray *years;
  const char *version;
  gint64 format;
  guint n_years;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return decode_error (error, _("Calendar data: the document must be a JSON object"));

  object = json_node_get_object (root);
  if (!check_members (object, root_members, error))
    return FALSE;

  if (!get_int_member (object, "format", &format, error))
    return FALSE;
  if (format != GP_CALENDAR_FORMAT)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, format);

      return decode_error (error, _("Calendar data: format %s is not supported; update the "
                                    "application"), shown);
    }

  if (!get_string_member (object, "version", &version, error))
    return FALSE;

  years_node = json_object_get_member (object, "years");
  if (years_node == NULL || !JSON_NODE_HOLDS_ARRAY (years_node))
    return decode_error (error, _("Calendar data: “years” must be an array"));
  years = json_node_get_array (years_node);
  n_years = json_array_get_length (years);
  if (n_years == 0)
    return decode_error (error, _("Calendar data: “years” is empty"));

  for (guint i = 0; i < n_years; i++)
    {
      JsonNode *entry_node = json_array_get_element (years, i);
      JsonObject *entry;
      const char *source;
      gint64 year;

      if (!JSON_NODE_HOLDS_OBJECT (entry_node))
        return decode_error (error, _("Calendar data: each element of “years” must be an object"));
      entry = json_node_get_object (entry_node);

      if (!get_int_member (entry, "year", &year, error))
        return FALSE;
      if (year < YEAR_MIN || year > YEAR_MAX)
        {
          g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, year);

          return decode_error (error, _("Calendar data: year %s is out of range"), shown);
        }

      if (i > 0)
        {
          if (year <= self->last_year)
            {
              if (year >= self->first_year)
                return decode_error (error, _("Calendar data: year %d appears twice"), (int) year);
              return decode_error (error, _("Calendar data: years must be in ascending order"));
            }
          if (year != self->last_year + 1)
            return decode_error (error, _("Calendar data: year %d is missing"), self->last_year + 1);
        }
      else
        {
          self->first_year = (int) year;
        }
      self->last_year = (int) year;

      if (!check_members (entry, year_members, error))
        return FALSE;
      if (!get_string_member (entry, "source", &source, error))
        return FALSE;
      if (!load_days (self, entry, "holidays", (int) year, DAY_HOLIDAY, error))
        return FALSE;
      if (!load_days (self, entry, "workdays", (int) year, DAY_WORKDAY, error))
        return FALSE;

      g_ptr_array_add (self->sources, g_strdup (source));
    }

  self->version = g_strdup (version);

  return TRUE;
}

/**
 * gp_calendar_new_from_bytes:
 * @bytes: the calendar data (the JSON document described at the top of this file)
 * @error: return location for a #GError
 *
 * Decodes calendar data strictly: anything unexpected (bad JSON, unknown members, a bad date, a
 * year twice or missing, a date twice, a switched working day that is not a weekend day) is a
 * %GP_CORE_ERROR_DECODE error. The calendar keeps @bytes for gp_calendar_get_bytes().
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL on error
 */
GpCalendar *
gp_calendar_new_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(GpCalendar) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size == 0 || size > G_MAXSSIZE || !g_utf8_validate_len (data, size, NULL))
    {
      decode_error (error, _("Calendar data: the file is empty or not UTF-8 text"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &json_error))
    {
      decode_error (error, _("Calendar data: not valid JSON: %s"), json_error->message);
      return NULL;
    }

  self = g_object_new (GP_TYPE_CALENDAR, NULL);
  if (!load_root (self, json_parser_get_root (parser), error))
    return NULL;

  self->bytes = g_bytes_ref (bytes);

  return g_steal_pointer (&self);
}

/**
 * gp_calendar_new_from_file:
 * @path: a file name
 * @error: return location for a #GError
 *
 * Reads and decodes a calendar file. A file that cannot be read is a #G_FILE_ERROR; a file that
 * does not decode is %GP_CORE_ERROR_DECODE.
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL on error
 */
GpCalendar *
gp_calendar_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (contents, length);

  return gp_calendar_new_from_bytes (bytes, error);
}

/**
 * gp_calendar_dup_default_path:
 *
 * Where the default calendar lives: `$GPCLOUD_DATA_DIR/calendar/cn-holidays.json` when that
 * variable is set and not empty (tests point it at the source tree's data folder), otherwise
 * `PKGDATADIR/calendar/cn-holidays.json`.
 *
 * Returns: (transfer full): the file name
 */
char *
gp_calendar_dup_default_path (void)
{
  const char *data_dir = g_getenv ("GPCLOUD_DATA_DIR");

  if (data_dir == NULL || data_dir[0] == '\0')
    data_dir = PKGDATADIR;

  return g_build_filename (data_dir, "calendar", "cn-holidays.json", NULL);
}

/**
 * gp_calendar_load_default:
 * @error: return location for a #GError
 *
 * Loads a new calendar from gp_calendar_dup_default_path(). Use this where a failure must be
 * shown to the user; it never logs.
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL on error
 */
GpCalendar *
gp_calendar_load_default (GError **error)
{
  g_autofree char *path = gp_calendar_dup_default_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gp_calendar_new_from_file (path, error);
}

/**
 * gp_calendar_get_default:
 *
 * The calendar shared by the whole process, loaded on first use with gp_calendar_load_default().
 * When loading fails this returns %NULL without logging, and tries again on the next call; call
 * gp_calendar_load_default() to learn why.
 *
 * Returns: (transfer none) (nullable): the shared calendar, or %NULL
 */
GpCalendar *
gp_calendar_get_default (void)
{
  static GMutex lock;
  static GpCalendar *instance;
  GpCalendar *result;

  g_mutex_lock (&lock);
  if (instance == NULL)
    instance = gp_calendar_load_default (NULL);
  result = instance;
  g_mutex_unlock (&lock);

  return result;
}

/* ---------------------------------------------------------------------------------------------
 * Queries
 */

/**
 * gp_calendar_get_version:
 * @self: a #GpCalendar
 *
 * Returns: the version of the data, e.g. "2026.1"
 */
const char *
gp_calendar_get_version (GpCalendar *self)
{
  g_return_val_if_fail (GP_IS_CALENDAR (self), NULL);

  return self->version;
}

/**
 * gp_calendar_get_first_year:
 * @self: a #GpCalendar
 *
 * Returns: the first year the data covers
 */
int
gp_calendar_get_first_year (GpCalendar *self)
{
  g_return_val_if_fail (GP_IS_CALENDAR (self), 0);

  return self->first_year;
}

/**
 * gp_calendar_get_last_year:
 * @self: a #GpCalendar
 *
 * Returns: the last year the data covers
 */
int
gp_calendar_get_last_year (GpCalendar *self)
{
  g_return_val_if_fail (GP_IS_CALENDAR (self), 0);

  return self->last_year;
}

/**
 * gp_calendar_get_source:
 * @self: a #GpCalendar
 * @year: a year
 *
 * Returns: (nullable): the notice the year's data comes from, e.g. "国办发明电〔2023〕7号", or
 *   %NULL for a year outside the data
 */
const char *
gp_calendar_get_source (GpCalendar *self,
                        int         year)
{
  g_return_val_if_fail (GP_IS_CALENDAR (self), NULL);

  if (year < self->first_year || year > self->last_year)
    return NULL;

  return g_ptr_array_index (self->sources, year - self->first_year);
}

/**
 * gp_calendar_get_bytes:
 * @self: a #GpCalendar
 *
 * The data the calendar was made from, byte for byte, e.g. for the server to send at
 * GET /api/v1/calendar.
 *
 * Returns: (transfer none): the data
 */
GBytes *
gp_calendar_get_bytes (GpCalendar *self)
{
  g_return_val_if_fail (GP_IS_CALENDAR (self), NULL);

  return self->bytes;
}

/**
 * gp_calendar_covers:
 * @self: a #GpCalendar
 * @date: a valid date
 *
 * Returns: %TRUE if @date lies in a year of the data
 */
gboolean
gp_calendar_covers (GpCalendar  *self,
                    const GDate *date)
{
  int year;

  g_return_val_if_fail (GP_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  year = g_date_get_year (date);

  return year >= self->first_year && year <= self->last_year;
}

static gboolean
check_covered (GpCalendar   *self,
               const GDate  *date,
               GError      **error)
{
  if (gp_calendar_covers (self, date))
    return TRUE;

  g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE,
               _("The holiday calendar covers %d to %d, so it cannot tell whether %04d-%02d-%02d is a "
                 "working day; update the calendar data"),
               self->first_year, self->last_year, (int) g_date_get_year (date),
               (int) g_date_get_month (date), (int) g_date_get_day (date));
  return FALSE;
}

static gboolean
is_working (GpCalendar  *self,
            const GDate *date)
{
  gpointer kind = g_hash_table_lookup (self->days, GUINT_TO_POINTER (g_date_get_julian (date)));
  GDateWeekday weekday;

  if (GPOINTER_TO_INT (kind) == DAY_HOLIDAY)
    return FALSE;
  if (GPOINTER_TO_INT (kind) == DAY_WORKDAY)
    return TRUE;

  weekday = g_date_get_weekday (date);

  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY;
}

/**
 * gp_calendar_is_working_day:
 * @self: a #GpCalendar
 * @date: a valid date
 * @out_is_working: (out): whether @date is a working day
 * @error: return location for a #GError
 *
 * Tells whether @date is a working day (工作日): a weekday that is not in a holiday span, or a
 * weekend day switched to a working day (调休上班).
 *
 * Errors: %GP_CORE_ERROR_OUT_OF_RANGE for a date outside the years of the data.
 *
 * Returns: %TRUE if the calendar knows the answer
 */
gboolean
gp_calendar_is_working_day (GpCalendar   *self,
                            const GDate  *date,
                            gboolean     *out_is_working,
                            GError      **error)
{
  g_return_val_if_fail (GP_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (out_is_working != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_covered (self, date, error))
    return FALSE;

  *out_is_working = is_working (self, date);
  return TRUE;
}

/**
 * gp_calendar_add_working_days:
 * @self: a #GpCalendar
 * @start: the day of the event that starts the period
 * @n: the length of the period in 工作日
 * @out: (out caller-allocates): the last day of the period
 * @error: return location for a #GError
 *
 * Computes the last day of a period of @n working days (工作日). The period starts the day after
 * the event (民法典 第201条), so the result is the @n-th working day after @start; @n = 0 gives
 * @start itself. For periods in calendar days (日) use gp_calendar_add_days().
 *
 * Errors: %GP_CORE_ERROR_OUT_OF_RANGE if the period reaches a year outside the data. @out is only
 * written on success.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_calendar_add_working_days (GpCalendar   *self,
                              const GDate  *start,
                              guint         n,
                              GDate        *out,
                              GError      **error)
{
  GDate day;
  guint counted = 0;

  g_return_val_if_fail (GP_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  day = *start;
  while (counted < n)
    {
      g_date_add_days (&day, 1);
      if (!check_covered (self, &day, error))
        return FALSE;
      if (is_working (self, &day))
        counted++;
    }

  *out = day;
  return TRUE;
}

/**
 * gp_calendar_add_days:
 * @self: a #GpCalendar
 * @start: the day of the event that starts the period
 * @n: the length of the period in 日 (calendar days)
 * @out: (out caller-allocates): the last day of the period
 * @error: return location for a #GError
 *
 * Computes the last day of a period of @n calendar days (日). The period starts the day after the
 * event (民法典 第201条), so its last day is @start + @n; when that day is a rest day (a weekend or
 * a holiday), the period ends on the next working day instead (民法典 第203条). @n = 0 gives @start
 * itself. For periods in 工作日 use gp_calendar_add_working_days().
 *
 * Errors: %GP_CORE_ERROR_OUT_OF_RANGE if the period reaches a year outside the data. @out is only
 * written on success.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_calendar_add_days (GpCalendar   *self,
                      const GDate  *start,
                      guint         n,
                      GDate        *out,
                      GError      **error)
{
  GDate day;
  GDate last_covered;

  g_return_val_if_fail (GP_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n == 0)
    {
      *out = *start;
      return TRUE;
    }

  /* Check the range before adding, so a huge @n cannot overflow the date. */
  g_date_clear (&last_covered, 1);
  g_date_set_dmy (&last_covered, 31, G_DATE_DECEMBER, (GDateYear) self->last_year);
  if ((guint64) g_date_get_julian (start) + n > g_date_get_julian (&last_covered))
    {
      day = last_covered;
      g_date_add_days (&day, 1);
      return check_covered (self, &day, error);
    }

  day = *start;
  g_date_add_days (&day, n);
  if (!check_covered (self, &day, error))
    return FALSE;

  while (!is_working (self, &day))
    {
      g_date_add_days (&day, 1);
      if (!check_covered (self, &day, error))
        return FALSE;
    }

  *out = day;
  return TRUE;
}
