/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-calendar.c: the working-day calendar, its data file, and periods in 日 and 工作日.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "gp-calendar.h"
#include "gp-error.h"

static GpCalendar *calendar;

/* Parses "YYYY-MM-DD" for the tables below. */
static GDate
date_from (const char *iso)
{
  GDate date;
  unsigned int y, m, d;

  g_assert_cmpint (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_assert_true (g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);

  return date;
}

static char *
iso_from (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", (int) g_date_get_year (date),
                          (int) g_date_get_month (date), (int) g_date_get_day (date));
}

static gboolean
working (const char *iso)
{
  g_autoptr(GError) error = NULL;
  GDate date = date_from (iso);
  gboolean is_working = FALSE;

  g_assert_true (gp_calendar_is_working_day (calendar, &date, &is_working, &error));
  g_assert_no_error (error);

  return is_working;
}

typedef struct {
  const char *date;
  gboolean    working;
} DayCase;

static void
test_days (gconstpointer data)
{
  const DayCase *cases = data;

  for (const DayCase *c = cases; c->date != NULL; c++)
    {
      g_test_message ("%s should be a %s", c->date, c->working ? "working day" : "rest day");
      g_assert_cmpint (working (c->date), ==, c->working);
    }
}

/* 国办发明电〔2023〕7号: 春节 2月10日至17日放假调休，共8天；2月4日（星期日）、2月18日（星期日）
 * 上班；除夕 2月9日 is a working day on which leave is only encouraged. */
static const DayCase spring_festival_2024[] = {
  { "2024-02-04", TRUE },
  { "2024-02-08", TRUE },
  { "2024-02-09", TRUE },
  { "2024-02-10", FALSE },
  { "2024-02-12", FALSE },
  { "2024-02-16", FALSE },
  { "2024-02-17", FALSE },
  { "2024-02-18", TRUE },
  { "2024-02-19", TRUE },
  { NULL, FALSE },
};

/* Weekend days switched to working days (调休上班), next to ordinary weekends. */
static const DayCase switched_weekends[] = {
  { "2024-05-11", TRUE },  /* Saturday, 国办发明电〔2023〕7号 劳动节 */
  { "2024-10-12", TRUE },  /* Saturday, 国庆节 */
  { "2024-09-29", TRUE },  /* Sunday, 国庆节 */
  { "2025-02-08", TRUE },  /* Saturday, 国办发明电〔2024〕12号 春节 */
  { "2026-02-28", TRUE },  /* Saturday, 国办发明电〔2025〕7号 春节 */
  { "2026-01-04", TRUE },  /* Sunday, 元旦 */
  { "2024-05-18", FALSE }, /* an ordinary Saturday */
  { "2024-05-12", FALSE }, /* an ordinary Sunday */
  { "2024-05-13", TRUE },  /* an ordinary Monday */
  { NULL, FALSE },
};

/* 国办发明电〔2020〕1号 extended the 2020 Spring Festival to 2月2日, so the Saturday 2月1日 that
 * 国办发明电〔2019〕16号 had made a working day became a rest day. */
static const DayCase spring_festival_2020_extension[] = {
  { "2020-01-19", TRUE },
  { "2020-01-30", FALSE },
  { "2020-01-31", FALSE },
  { "2020-02-01", FALSE },
  { "2020-02-02", FALSE },
  { "2020-02-03", TRUE },
  { NULL, FALSE },
};

/* 国务院令第795号 added 除夕 and 5月2日 from 2025 (国办发明电〔2024〕12号). */
static const DayCase new_holidays_2025[] = {
  { "2025-01-26", TRUE },
  { "2025-01-27", TRUE },
  { "2025-01-28", FALSE },
  { "2025-02-04", FALSE },
  { "2025-02-05", TRUE },
  { "2025-05-02", FALSE },
  { "2025-05-05", FALSE },
  { "2025-05-06", TRUE },
  { NULL, FALSE },
};

static void
test_default_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpCalendar) loaded = gp_calendar_load_default (&error);
  g_autofree char *path = gp_calendar_dup_default_path ();
  g_autofree char *contents = NULL;
  gsize length;
  GBytes *bytes;

  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_true (g_str_has_prefix (path, g_getenv ("GPCLOUD_DATA_DIR")));

  g_assert_cmpstr (gp_calendar_get_version (loaded), ==, "2026.1");
  g_assert_cmpint (gp_calendar_get_first_year (loaded), ==, 2020);
  g_assert_cmpint (gp_calendar_get_last_year (loaded), ==, 2026);
  g_assert_cmpstr (gp_calendar_get_source (loaded, 2024), ==, "国办发明电〔2023〕7号");
  g_assert_cmpstr (gp_calendar_get_source (loaded, 2021), ==, "国办发明电〔2020〕27号");
  g_assert_nonnull (strstr (gp_calendar_get_source (loaded, 2020), "国办发明电〔2020〕1号"));
  g_assert_null (gp_calendar_get_source (loaded, 2019));
  g_assert_null (gp_calendar_get_source (loaded, 2027));

  /* The bytes are the file, byte for byte, for the server to serve. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = gp_calendar_get_bytes (loaded);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), contents, length);

  /* The shared instance is loaded once. */
  g_assert_nonnull (gp_calendar_get_default ());
  g_assert_true (gp_calendar_get_default () == gp_calendar_get_default ());
}

/* Every year gives exactly the statutory number of days off on weekdays, net of the weekend days
 * worked: 11 until 2024 (全国年节及纪念日放假办法, 2013), 13 from 2025 (国务院令第795号). 2020 has
 * 2 more: the extension of 国办发明电〔2020〕1号 (31 January and the Saturday 1 February). */
static void
test_statutory_day_count (void)
{
  static const struct {
    int year;
    int days;
  } expected[] = {
    { 2020, 13 }, { 2021, 11 }, { 2022, 11 }, { 2023, 11 }, { 2024, 11 }, { 2025, 13 }, { 2026, 13 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GDate day;
      int weekday_rest = 0;
      int weekend_work = 0;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, 1, G_DATE_JANUARY, (GDateYear) expected[i].year);
      while (g_date_get_year (&day) == expected[i].year)
        {
          GDateWeekday weekday = g_date_get_weekday (&day);
          gboolean weekend = weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
          gboolean is_working;

          g_assert_true (gp_calendar_is_working_day (calendar, &day, &is_working, NULL));
          if (!weekend && !is_working)
            weekday_rest++;
          if (weekend && is_working)
            weekend_work++;
          g_date_add_days (&day, 1);
        }

      g_test_message ("%d: %d weekdays off, %d weekend days worked", expected[i].year,
                      weekday_rest, weekend_work);
      g_assert_cmpint (weekday_rest - weekend_work, ==, expected[i].days);
    }
}

typedef struct {
  const char *start;
  guint       n;
  const char *end;
} PeriodCase;

static void
test_working_day_periods (gconstpointer data)
{
  const PeriodCase *cases = data;

  for (const PeriodCase *c = cases; c->start != NULL; c++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *end = NULL;
      GDate start = date_from (c->start);
      GDate out;

      g_assert_true (gp_calendar_add_working_days (calendar, &start, c->n, &out, &error));
      g_assert_no_error (error);
      end = iso_from (&out);
      g_test_message ("%s + %u 工作日 = %s", c->start, c->n, end);
      g_assert_cmpstr (end, ==, c->end);
    }
}

static void
test_day_periods (gconstpointer data)
{
  const PeriodCase *cases = data;

  for (const PeriodCase *c = cases; c->start != NULL; c++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *end = NULL;
      GDate start = date_from (c->start);
      GDate out;

      g_assert_true (gp_calendar_add_days (calendar, &start, c->n, &out, &error));
      g_assert_no_error (error);
      end = iso_from (&out);
      g_test_message ("%s + %u 日 = %s", c->start, c->n, end);
      g_assert_cmpstr (end, ==, c->end);
    }
}

/* 民法典 第201条: the period starts the day after the event. */
static const PeriodCase working_days_start_after[] = {
  { "2024-03-04", 1, "2024-03-05" }, /* Monday → Tuesday */
  { "2024-03-08", 1, "2024-03-11" }, /* Friday → Monday */
  { "2024-03-09", 1, "2024-03-11" }, /* an event on a Saturday */
  { "2024-03-04", 5, "2024-03-11" },
  { "2024-03-04", 0, "2024-03-04" },
  { NULL, 0, NULL },
};

/* A 7-工作日 deadline (e.g. 质疑, 政府采购法 第52条) across 国庆 2024: 9月29日 (Sunday) and 10月12日
 * (Saturday) are worked, 10月1日–7日 are off. */
static const PeriodCase working_days_across_holidays[] = {
  { "2024-09-27", 7, "2024-10-12" },
  { "2024-09-30", 2, "2024-10-09" },
  /* 5 工作日 across the 2024 Spring Festival. */
  { "2024-02-07", 5, "2024-02-20" },
  /* 2 工作日 across the 2020 extension: 2月1日 is no longer worked. */
  { "2020-01-17", 2, "2020-01-20" },
  { "2020-01-23", 1, "2020-02-03" },
  /* Into the next year of the data. */
  { "2024-12-30", 3, "2025-01-03" },
  { NULL, 0, NULL },
};

/* 民法典 第203条: a last day on a rest day moves to the next working day. */
static const PeriodCase calendar_days[] = {
  { "2024-09-10", 20, "2024-09-30" }, /* ends on a Monday */
  { "2024-09-11", 20, "2024-10-08" }, /* ends on 10月1日 → after 国庆 */
  { "2024-03-01", 15, "2024-03-18" }, /* ends on a Saturday → Monday */
  { "2024-10-02", 10, "2024-10-12" }, /* ends on a worked Saturday: stays */
  { "2024-01-20", 20, "2024-02-09" }, /* ends on 除夕 2024, a working day */
  { "2024-01-21", 20, "2024-02-18" }, /* ends in 春节 → the worked Sunday after it */
  { "2024-03-04", 0, "2024-03-04" },
  { NULL, 0, NULL },
};

static void
test_days_and_working_days_differ (void)
{
  GDate start = date_from ("2024-09-27");
  GDate by_days;
  GDate by_working_days;
  g_autofree char *days_text = NULL;
  g_autofree char *working_text = NULL;

  g_assert_true (gp_calendar_add_days (calendar, &start, 7, &by_days, NULL));
  g_assert_true (gp_calendar_add_working_days (calendar, &start, 7, &by_working_days, NULL));
  days_text = iso_from (&by_days);
  working_text = iso_from (&by_working_days);

  /* 7 日 ends on 10月4日, a holiday, so it moves to 10月8日; 7 工作日 ends on 10月12日. */
  g_assert_cmpstr (days_text, ==, "2024-10-08");
  g_assert_cmpstr (working_text, ==, "2024-10-12");
}

static void
test_out_of_range (void)
{
  static const char * const outside[] = { "2027-01-04", "2019-12-31", "2030-06-01", "1990-01-01" };
  GDate sentinel = date_from ("2000-01-01");

  for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date = date_from (outside[i]);
      gboolean is_working = 42;

      g_assert_false (gp_calendar_covers (calendar, &date));
      g_assert_false (gp_calendar_is_working_day (calendar, &date, &is_working, &error));
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE);
      g_assert_cmpint (is_working, ==, 42);
    }

  /* A period that runs past the data fails rather than guessing, and leaves @out alone. */
  {
    g_autoptr(GError) error = NULL;
    GDate start = date_from ("2026-12-25");
    GDate out = sentinel;

    g_assert_false (gp_calendar_add_working_days (calendar, &start, 10, &out, &error));
    g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE);
    g_assert_cmpint (g_date_compare (&out, &sentinel), ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;
    GDate start = date_from ("2026-12-01");
    GDate out = sentinel;

    g_assert_false (gp_calendar_add_days (calendar, &start, 60, &out, &error));
    g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE);
    g_assert_cmpint (g_date_compare (&out, &sentinel), ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;
    GDate start = date_from ("2024-01-01");
    GDate out = sentinel;

    g_assert_false (gp_calendar_add_days (calendar, &start, G_MAXUINT, &out, &error));
    g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE);
  }
  {
    g_autoptr(GError) error = NULL;
    GDate start = date_from ("2024-01-01");
    GDate out = sentinel;

    g_assert_false (gp_calendar_add_working_days (calendar, &start, G_MAXUINT, &out, &error));
    g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_OUT_OF_RANGE);
  }
  /* The last day of the data is still answered. */
  {
    g_autoptr(GError) error = NULL;
    GDate start = date_from ("2026-12-21");
    GDate out;

    g_assert_true (gp_calendar_add_working_days (calendar, &start, 8, &out, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_date_get_day (&out), ==, 31);
  }
}

/* ---------------------------------------------------------------------------------------------
 * Strict decoding
 */

static GpCalendar *
decode (const char  *json,
        GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return gp_calendar_new_from_bytes (bytes, error);
}

#define YEAR_2024 \
  "{\"year\":2024,\"source\":\"国办发明电〔2023〕7号\"," \
  "\"holidays\":[\"2023-12-30\",\"2023-12-31\",\"2024-01-01\"],\"workdays\":[\"2024-02-04\"]}"
#define YEAR_2025 \
  "{\"year\":2025,\"source\":\"国办发明电〔2024〕12号\"," \
  "\"holidays\":[\"2025-01-01\"],\"workdays\":[\"2025-01-26\"]}"
#define DOC(years) "{\"format\":1,\"version\":\"t.1\",\"years\":[" years "]}"

static void
test_decode_accepts_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpCalendar) small = decode (DOC (YEAR_2024 "," YEAR_2025), &error);
  GDate date = date_from ("2023-12-29");
  gboolean is_working;

  g_assert_no_error (error);
  g_assert_nonnull (small);
  g_assert_cmpstr (gp_calendar_get_version (small), ==, "t.1");
  g_assert_cmpint (gp_calendar_get_first_year (small), ==, 2024);
  g_assert_cmpint (gp_calendar_get_last_year (small), ==, 2025);

  /* A notice's days in the previous December are read, but that year stays outside the data. */
  g_assert_false (gp_calendar_is_working_day (small, &date, &is_working, NULL));
  date = date_from ("2024-02-04");
  g_assert_true (gp_calendar_is_working_day (small, &date, &is_working, NULL));
  g_assert_true (is_working);
}

static const char * const bad_documents[] = {
  "",
  "not json",
  "[]",
  "null",
  "{}",
  "{\"format\":1,\"version\":\"t.1\",\"years\":[" YEAR_2024 "]",
  DOC (YEAR_2024) "garbage",
  "{\"format\":2,\"version\":\"t.1\",\"years\":[" YEAR_2024 "]}",
  "{\"format\":\"1\",\"version\":\"t.1\",\"years\":[" YEAR_2024 "]}",
  "{\"format\":1.0,\"version\":\"t.1\",\"years\":[" YEAR_2024 "]}",
  "{\"format\":1,\"version\":\"\",\"years\":[" YEAR_2024 "]}",
  "{\"format\":1,\"years\":[" YEAR_2024 "]}",
  "{\"format\":1,\"version\":\"t.1\",\"years\":[]}",
  "{\"format\":1,\"version\":\"t.1\",\"years\":{}}",
  "{\"format\":1,\"version\":\"t.1\",\"extra\":true,\"years\":[" YEAR_2024 "]}",
  /* The same year twice, a year missing, years out of order. */
  DOC (YEAR_2024 "," YEAR_2024),
  DOC ("{\"year\":2023,\"source\":\"s\",\"holidays\":[],\"workdays\":[]}," YEAR_2025),
  DOC (YEAR_2025 "," YEAR_2024),
  /* Bad years. */
  DOC ("{\"year\":\"2024\",\"source\":\"s\",\"holidays\":[],\"workdays\":[]}"),
  DOC ("{\"year\":2024.5,\"source\":\"s\",\"holidays\":[],\"workdays\":[]}"),
  DOC ("{\"year\":99999,\"source\":\"s\",\"holidays\":[],\"workdays\":[]}"),
  DOC ("{\"source\":\"s\",\"holidays\":[],\"workdays\":[]}"),
  /* Bad members of a year. */
  DOC ("{\"year\":2024,\"source\":\"\",\"holidays\":[],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"holidays\":[],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":\"2024-01-01\",\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[20240101],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[],\"workdays\":[],\"note\":\"x\"}"),
  /* Bad dates. */
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2024-02-30\"],\"workdays\":[]}"),
  DOC ("{\"year\":2023,\"source\":\"s\",\"holidays\":[\"2023-02-29\"],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2024-2-3\"],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2024/02/03\"],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2024-02-03T00:00\"],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"\"],\"workdays\":[]}"),
  /* A date under the wrong year (only the previous December may appear). */
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2025-01-01\"],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2023-11-30\"],\"workdays\":[]}"),
  /* A switched working day that is a weekday. */
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[],\"workdays\":[\"2024-03-04\"]}"),
  /* A date twice, or both a holiday and a working day. */
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2024-01-01\",\"2024-01-01\"],\"workdays\":[]}"),
  DOC ("{\"year\":2024,\"source\":\"s\",\"holidays\":[\"2024-02-04\"],\"workdays\":[\"2024-02-04\"]}"),
  DOC (YEAR_2024 ",{\"year\":2025,\"source\":\"s\",\"holidays\":[\"2024-12-31\"],\"workdays\":[]}"
       ",{\"year\":2026,\"source\":\"s\",\"holidays\":[\"2025-12-31\",\"2025-12-31\"],\"workdays\":[]}"),
  NULL,
};

static void
test_decode_rejects (void)
{
  for (guint i = 0; bad_documents[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GpCalendar) bad = NULL;

      g_test_message ("document %u: %s", i, bad_documents[i]);
      bad = decode (bad_documents[i], &error);
      g_assert_null (bad);
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
    }
}

static void
test_decode_rejects_invalid_utf8 (void)
{
  static const char data[] = "{\"format\":1,\"version\":\"\xff\",\"years\":[]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GpCalendar) bad = gp_calendar_new_from_bytes (bytes, &error);

  g_assert_null (bad);
  g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpCalendar) missing = gp_calendar_new_from_file ("/nonexistent/cn-holidays.json", &error);

  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_load_default_reports_a_missing_data_dir (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GpCalendar) none = NULL;

      g_setenv ("GPCLOUD_DATA_DIR", "/nonexistent", TRUE);
      none = gp_calendar_load_default (&error);
      g_assert_null (none);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      g_assert_null (gp_calendar_get_default ());
      return;
    }

  /* In a child, so that the environment and the shared instance of this process stay as they are;
   * fatal-criticals and the empty stderr check make sure the failure path logs nothing. */
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("GPCLOUD_DATA_DIR") == NULL)
    {
      g_autofree char *data_dir = g_build_filename (g_getenv ("GPCLOUD_SOURCE_DIR") != NULL
                                                    ? g_getenv ("GPCLOUD_SOURCE_DIR") : "..",
                                                    "data", NULL);
      g_setenv ("GPCLOUD_DATA_DIR", data_dir, TRUE);
    }

  calendar = gp_calendar_load_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/core/calendar/default-data-covers-2020-to-2026-with-sources",
                   test_default_data);
  g_test_add_func ("/core/calendar/each-year-has-the-statutory-number-of-days-off "
                   "(国务院令第795号)", test_statutory_day_count);
  g_test_add_data_func ("/core/calendar/spring-festival-2024-is-rest-and-its-sundays-are-worked "
                        "(国办发明电〔2023〕7号)", spring_festival_2024, test_days);
  g_test_add_data_func ("/core/calendar/switched-saturday-is-a-working-day (调休)",
                        switched_weekends, test_days);
  g_test_add_data_func ("/core/calendar/2020-spring-festival-extension-frees-1-february "
                        "(国办发明电〔2020〕1号)", spring_festival_2020_extension, test_days);
  g_test_add_data_func ("/core/calendar/2025-adds-chuxi-and-2-may (国务院令第795号)",
                        new_holidays_2025, test_days);
  g_test_add_data_func ("/core/calendar/working-days-start-the-day-after-the-event (民法典 第201条)",
                        working_days_start_after, test_working_day_periods);
  g_test_add_data_func ("/core/calendar/7-working-days-skip-guoqing-and-count-switched-weekends",
                        working_days_across_holidays, test_working_day_periods);
  g_test_add_data_func ("/core/calendar/days-ending-on-a-rest-day-move-to-the-next-working-day "
                        "(民法典 第203条)", calendar_days, test_day_periods);
  g_test_add_func ("/core/calendar/days-and-working-days-are-never-mixed (DOMAIN.md 1.9)",
                   test_days_and_working_days_differ);
  g_test_add_func ("/core/calendar/dates-outside-the-data-are-out-of-range-not-guessed",
                   test_out_of_range);
  g_test_add_func ("/core/calendar/decodes-previous-december-but-not-as-covered",
                   test_decode_accepts_minimal);
  g_test_add_func ("/core/calendar/rejects-malformed-data-as-decode-error", test_decode_rejects);
  g_test_add_func ("/core/calendar/rejects-invalid-utf8", test_decode_rejects_invalid_utf8);
  g_test_add_func ("/core/calendar/missing-file-is-a-file-error", test_missing_file);
  g_test_add_func ("/core/calendar/default-load-failure-returns-error-without-logging",
                   test_load_default_reports_a_missing_data_dir);

  ret = g_test_run ();
  g_clear_object (&calendar);

  return ret;
}
