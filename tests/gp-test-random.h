/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-random.h: random project records for the codec and OCDS tests, walking the field tables.
 */
#pragma once

#include <string.h>

#include "gp-codec.h"
#include "gp-money.h"
#include "gp-project.h"
#include "gp-project-private.h"

/* Characters a string may be made of: ASCII, quotes, escapes, controls, CJK and 4-byte UTF-8. */
static const char *const gp_test_alphabet[] = {
  "a", "Z", "0", " ", "-", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f", "\r", "\b", "\f", "<", "&", "'",
  "采", "购", "项", "目", "合", "同", "验", "收", "。", "，", "¥", "é", "😀", "𠀀",
};

typedef struct {
  gboolean full;  /* set every optional value */
  guint    max_array;
} GpTestRandom;

static char *
gp_test_random_string (guint min_chars,
                       guint max_chars)
{
  GString *s = g_string_new (NULL);
  guint n;

  /* Now and then hit the limit exactly. */
  if (g_test_rand_int_range (0, 40) == 0)
    n = max_chars;
  else
    n = (guint) g_test_rand_int_range ((gint) min_chars, (gint) MIN (max_chars, 24) + 1);

  for (guint i = 0; i < n; i++)
    g_string_append (s, gp_test_alphabet[g_test_rand_int_range (0, G_N_ELEMENTS (gp_test_alphabet))]);

  return g_string_free (s, FALSE);
}

static gint64
gp_test_random_int64 (gint64 min,
                      gint64 max)
{
  switch (g_test_rand_int_range (0, 6))
    {
    case 0:
      return min;
    case 1:
      return max;
    case 2:
      return min + (gint64) g_test_rand_int_range (0, 100) % (max - min + 1);
    default:
      {
        guint64 span = (guint64) (max - min);
        guint64 r = ((guint64) g_test_rand_int () << 32) ^ (guint64) g_test_rand_int ();

        return span == G_MAXUINT64 ? (gint64) r : min + (gint64) (r % (span + 1));
      }
    }
}

static void
gp_test_random_date (GDate   *date,
                     gboolean month_only)
{
  guint y = (guint) g_test_rand_int_range (GP_CODEC_MIN_YEAR, GP_CODEC_MAX_YEAR + 1);
  guint m = (guint) g_test_rand_int_range (1, 13);
  guint d = month_only ? 1 : (guint) g_test_rand_int_range (1, g_date_get_days_in_month (m, y) + 1);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gint64
gp_test_random_datetime (void)
{
  /* 1990-01-01 … 2199-12-31 (UTC, away from the edges so any zone stays in range) */
  gint64 lo = G_GINT64_CONSTANT (631152000) + 86400;
  gint64 hi = G_GINT64_CONSTANT (7258118400) - 86400;
  gint64 secs = gp_test_random_int64 (lo, hi);
  gint64 usec = g_test_rand_bit () ? g_test_rand_int_range (0, 1000000) : 0;

  return secs * G_USEC_PER_SEC + usec;
}

static void gp_test_random_struct (GpTestRandom       *r,
                                   const GpStructDesc *desc,
                                   gpointer            mem,
                                   guint               depth);

static gboolean
gp_test_random_set (GpTestRandom      *r,
                    const GpFieldDesc *field)
{
  if (field->flags & GP_FIELD_REQUIRED)
    return TRUE;
  return r->full || g_test_rand_int_range (0, 4) != 0;
}

static void
gp_test_random_field (GpTestRandom      *r,
                      const GpFieldDesc *field,
                      gpointer           at,
                      guint              depth)
{
  switch (field->kind)
    {
    case GP_FIELD_STRING:
      if (gp_test_random_set (r, field))
        *(char **) at = gp_test_random_string ((guint) field->min, (guint) field->max);
      break;

    case GP_FIELD_UUID:
      *(char **) at = g_uuid_string_random ();
      break;

    case GP_FIELD_INT64:
    case GP_FIELD_MONEY:
      *(gint64 *) at = gp_test_random_int64 (field->min, field->max);
      break;

    case GP_FIELD_MONEY_OPT:
      if (gp_test_random_set (r, field))
        *(gint64 *) at = gp_test_random_int64 (0, GP_MONEY_MAX);
      break;

    case GP_FIELD_UINT:
      *(guint *) at = (guint) gp_test_random_int64 (field->min, field->max);
      break;

    case GP_FIELD_INT:
      *(gint *) at = (gint) gp_test_random_int64 (field->min, field->max);
      break;

    case GP_FIELD_BOOL:
      *(gboolean *) at = g_test_rand_bit ();
      break;

    case GP_FIELD_ENUM:
      *(int *) at = g_test_rand_int_range (0, (gint32) field->enum_desc->n_values);
      break;

    case GP_FIELD_DATE:
    case GP_FIELD_MONTH:
      if (gp_test_random_set (r, field))
        gp_test_random_date (at, field->kind == GP_FIELD_MONTH);
      break;

    case GP_FIELD_DATETIME:
      if (gp_test_random_set (r, field))
        *(gint64 *) at = gp_test_random_datetime ();
      break;

    case GP_FIELD_STRUCT:
      gp_test_random_struct (r, field->struct_desc, at, depth + 1);
      break;

    case GP_FIELD_STRUCT_PTR:
      if (gp_test_random_set (r, field))
        {
          gpointer mem = gp_struct_new (field->struct_desc);

          gp_test_random_struct (r, field->struct_desc, mem, depth + 1);
          *(gpointer *) at = mem;
        }
      break;

    case GP_FIELD_ARRAY:
    case GP_FIELD_STRV:
      {
        GPtrArray *array = *(GPtrArray **) at;
        guint n = (guint) g_test_rand_int_range (r->full ? 1 : 0, (gint) r->max_array + 1);

        for (guint i = 0; i < n; i++)
          {
            if (field->kind == GP_FIELD_STRV)
              {
                g_ptr_array_add (array, gp_test_random_string (0, (guint) field->max));
              }
            else
              {
                gpointer mem = gp_struct_new (field->struct_desc);

                gp_test_random_struct (r, field->struct_desc, mem, depth + 1);
                g_ptr_array_add (array, mem);
              }
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
gp_test_random_struct (GpTestRandom       *r,
                       const GpStructDesc *desc,
                       gpointer            mem,
                       guint               depth)
{
  for (guint i = 0; i < desc->n_fields; i++)
    gp_test_random_field (r, &desc->fields[i], GP_FIELD_AT (mem, &desc->fields[i]), depth);
}

/* A random project; @full fills every optional value and makes every array non-empty. */
static GpProject *
gp_test_random_project (gboolean full)
{
  GpTestRandom r = { full, 3 };
  GpProject *project = gp_project_new ();

  gp_test_random_struct (&r, &gp_project_desc, project, 0);

  /* The one cross-field rule of the wire: execution carries the branch its kind names. */
  if (project->execution != NULL)
    {
      GpExecution *e = project->execution;

      if (e->mall == NULL && e->entrusted == NULL)
        {
          e->kind = GP_EXECUTION_KIND_MALL;
          e->mall = gp_mall_order_new ();
        }
      else if (e->mall != NULL && e->entrusted != NULL)
        {
          if (g_test_rand_bit ())
            g_clear_pointer (&e->mall, gp_mall_order_free);
          else
            g_clear_pointer (&e->entrusted, gp_entrusted_procurement_free);
        }
      e->kind = e->mall != NULL ? GP_EXECUTION_KIND_MALL : GP_EXECUTION_KIND_ENTRUSTED;
    }

  return project;
}
