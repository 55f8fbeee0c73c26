/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-ids.c: identifiers: 统一社会信用代码, 行政区划, 预算编码, 品目, project codes and UUIDs.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gp-error.h"
#include "gp-ids.h"

/* ---------------------------------------------------------------------------------------------
 * 统一社会信用代码 (GB 32100-2015; DOMAIN.md §1.8)
 */

#define USCC_LENGTH 18

/* The 31 symbols, in the order of their values: no I, O, S, V, Z. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Weight of position i is 3^i mod 31. */
static const guint uscc_weights[USCC_LENGTH - 1] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

/* The value of @c in the alphabet, or -1. */
static int
uscc_value (char c)
{
  const char *hit;

  if (c == '\0')
    return -1;
  hit = strchr (uscc_alphabet, c);

  return hit != NULL ? (int) (hit - uscc_alphabet) : -1;
}

/* Whether @c may stand at 0-based @position (before the check character): positions 3–8 (1-based)
 * are the region code, digits only; the others take any symbol of the alphabet. */
static gboolean
uscc_char_allowed (char  c,
                   guint position)
{
  if (position >= 2 && position <= 7)
    return g_ascii_isdigit (c);

  return uscc_value (c) >= 0;
}

static char
uscc_check_for (const char *first17)
{
  guint sum = 0;

  for (guint i = 0; i < USCC_LENGTH - 1; i++)
    sum += (guint) uscc_value (first17[i]) * uscc_weights[i];

  return uscc_alphabet[(31 - sum % 31) % 31];
}

/**
 * gp_uscc_compute_check:
 * @first17: the first 17 characters of a 统一社会信用代码
 *
 * Computes the check character (position 18) of GB 32100-2015: c = (31 − Σ value_i × 3^i mod 31)
 * mod 31, written with the code's alphabet. Tests and the demo seeder use it to make valid codes.
 *
 * Returns: the check character, or 0 if @first17 is not 17 characters of the alphabet (with digits
 *   at positions 3–8)
 */
char
gp_uscc_compute_check (const char *first17)
{
  if (first17 == NULL || strlen (first17) != USCC_LENGTH - 1)
    return 0;

  for (guint i = 0; i < USCC_LENGTH - 1; i++)
    {
      if (!uscc_char_allowed (first17[i], i))
        return 0;
    }

  return uscc_check_for (first17);
}

/**
 * gp_uscc_validate:
 * @code: a 统一社会信用代码, exactly as entered (no spaces, capital letters)
 * @error: return location for a #GError
 *
 * Checks a unified social credit code against GB 32100-2015: 18 characters of the alphabet
 * `0123456789ABCDEFGHJKLMNPQRTUWXY`, digits at positions 3–8 (the region code), and the check
 * character at position 18. The messages say which of the three is wrong.
 *
 * Errors: %GP_CORE_ERROR_INVALID.
 *
 * Returns: %TRUE if @code is valid
 */
gboolean
gp_uscc_validate (const char  *code,
                  GError     **error)
{
  glong length;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (code, -1, NULL))
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The unified social credit code is not valid text"));
      return FALSE;
    }

  length = g_utf8_strlen (code, -1);
  if (length != USCC_LENGTH)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("A unified social credit code has 18 characters, but this one has %ld"),
                   length);
      return FALSE;
    }

  /* Every character is now one byte unless one of them is not ASCII. */
  for (guint i = 0; i < USCC_LENGTH; i++)
    {
      const char *p = g_utf8_offset_to_pointer (code, i);
      gboolean allowed = i < USCC_LENGTH - 1 ? uscc_char_allowed (*p, i) : uscc_value (*p) >= 0;

      if (!allowed)
        {
          g_autofree char *shown = g_strndup (p, g_utf8_next_char (p) - p);

          if (i >= 2 && i <= 7)
            g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                         _("Character %u of the unified social credit code, “%s”, must be a digit "
                           "(positions 3 to 8 are the region code)"),
                         i + 1, shown);
          else
            g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                         _("Character %u of the unified social credit code, “%s”, is not allowed; "
                           "only digits and the capital letters A–Y except I, O, S, V are used"),
                         i + 1, shown);
          return FALSE;
        }
    }

  if (uscc_check_for (code) != code[USCC_LENGTH - 1])
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The check character of the unified social credit code is wrong; "
                             "look for a typing error"));
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * 行政区划 (GB/T 2260)
 */

/* The first two digits of the province-level divisions of GB/T 2260. */
static const char * const province_prefixes[] = {
  "11", "12", "13", "14", "15",                   /* 北京 天津 河北 山西 内蒙古 */
  "21", "22", "23",                               /* 辽宁 吉林 黑龙江 */
  "31", "32", "33", "34", "35", "36", "37",       /* 上海 江苏 浙江 安徽 福建 江西 山东 */
  "41", "42", "43", "44", "45", "46",             /* 河南 湖北 湖南 广东 广西 海南 */
  "50", "51", "52", "53", "54",                   /* 重庆 四川 贵州 云南 西藏 */
  "61", "62", "63", "64", "65",                   /* 陕西 甘肃 青海 宁夏 新疆 */
  "71", "81", "82",                               /* 台湾 香港 澳门 */
};

static gboolean
region_code_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (province_prefixes); i++)
    {
      if (strncmp (code, province_prefixes[i], 2) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * gp_region_code_validate:
 * @code: a 行政区划 code
 * @error: return location for a #GError
 *
 * Checks that @code is six ASCII digits starting with a province of GB/T 2260 (11 北京 … 65 新疆,
 * 71, 81, 82). Whether the code names a division that exists today is a question for the region
 * registry, not for this function.
 *
 * Errors: %GP_CORE_ERROR_INVALID.
 *
 * Returns: %TRUE if @code is valid
 */
gboolean
gp_region_code_validate (const char  *code,
                         GError     **error)
{
  gsize length;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  length = strlen (code);
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        {
          g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                               _("A region code has digits only"));
          return FALSE;
        }
    }

  if (length != 6)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("A region code has 6 digits, but this one has %u"), (guint) length);
      return FALSE;
    }

  if (!region_code_is_valid (code))
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("The region code “%s” does not start with the code of a province"), code);
      return FALSE;
    }

  return TRUE;
}

/**
 * gp_region_code_level:
 * @code: a valid 行政区划 code
 *
 * The level of @code: %GP_REGION_LEVEL_PROVINCE for xx0000, %GP_REGION_LEVEL_CITY for xxxx00,
 * %GP_REGION_LEVEL_COUNTY otherwise.
 *
 * One exception: xx00yy (yy ≠ 00) is not a GB/T 2260 division but the code platforms use for the
 * province's own units (省本级; gdgpo sends regionCode=440001, DOMAIN.md §1.3 [C1]). It is at
 * province level, so it is %GP_REGION_LEVEL_PROVINCE; its parent is the province.
 *
 * Returns: the level
 */
GpRegionLevel
gp_region_code_level (const char *code)
{
  g_return_val_if_fail (region_code_is_valid (code), GP_REGION_LEVEL_COUNTY);

  if (code[2] == '0' && code[3] == '0')
    return GP_REGION_LEVEL_PROVINCE;
  if (code[4] == '0' && code[5] == '0')
    return GP_REGION_LEVEL_CITY;

  return GP_REGION_LEVEL_COUNTY;
}

/**
 * gp_region_code_parent:
 * @code: a valid 行政区划 code
 *
 * The division directly above @code: a county's city (440106 → 440100), a city's province
 * (440100 → 440000), a 省本级 code's province (440001 → 440000), nothing for a province.
 *
 * Returns: (transfer full) (nullable): the parent code, or %NULL for a province
 */
char *
gp_region_code_parent (const char *code)
{
  g_return_val_if_fail (region_code_is_valid (code), NULL);

  if (strcmp (code + 2, "0000") == 0)
    return NULL;

  if (gp_region_code_level (code) == GP_REGION_LEVEL_COUNTY)
    return g_strdup_printf ("%.4s00", code);

  /* A city, or a 省本级 code. */
  return g_strdup_printf ("%.2s0000", code);
}

/**
 * gp_region_code_contains:
 * @ancestor: a 行政区划 code
 * @code: a 行政区划 code
 *
 * Whether @code lies within @ancestor: a province contains its cities, counties and 省本级 code, a
 * city its counties, and every code contains itself. Invalid codes contain nothing and lie nowhere.
 *
 * Returns: %TRUE if @ancestor contains @code
 */
gboolean
gp_region_code_contains (const char *ancestor,
                         const char *code)
{
  if (!region_code_is_valid (ancestor) || !region_code_is_valid (code))
    return FALSE;

  if (strcmp (ancestor, code) == 0)
    return TRUE;

  /* A 省本级 code (xx00yy) is a leaf, like a county. */
  if (strcmp (ancestor + 2, "0000") == 0)
    return strncmp (ancestor, code, 2) == 0;

  if (gp_region_code_level (ancestor) == GP_REGION_LEVEL_CITY)
    return strncmp (ancestor, code, 4) == 0;

  return FALSE;
}

/**
 * gp_region_code_on_platform:
 * @code: a 行政区划 code
 *
 * Whether @code is served by the Guangdong platform: Guangdong is 44xxxx, except Shenzhen (4403xx),
 * which runs its own procurement platform. Other provinces and invalid codes are not on it.
 *
 * Returns: %TRUE if the Guangdong platform serves @code
 */
gboolean
gp_region_code_on_platform (const char *code)
{
  if (!region_code_is_valid (code))
    return FALSE;

  return strncmp (code, "44", 2) == 0 && strncmp (code, "4403", 4) != 0;
}

/* ---------------------------------------------------------------------------------------------
 * 预算编码, 品目, 项目编号
 */

#define BUDGET_CODE_MAX 64
#define PROJECT_CODE_MAX 64

/**
 * gp_budget_code_validate:
 * @code: a 预算编码 (budget unit code)
 * @error: return location for a #GError
 *
 * Checks a budget code as an opaque string of 1 to 64 ASCII digits. Its real format is not
 * confirmed (DOMAIN.md §1.8: one scheme uses three-digit segments per level), so no length or
 * segment rule is applied. It doubles as the initial password of purchaser accounts.
 *
 * Errors: %GP_CORE_ERROR_INVALID.
 *
 * Returns: %TRUE if @code is valid
 */
gboolean
gp_budget_code_validate (const char  *code,
                         GError     **error)
{
  gsize length;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  length = strlen (code);
  if (length == 0)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The budget code is empty"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        {
          g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                               _("A budget code has digits only"));
          return FALSE;
        }
    }

  if (length > BUDGET_CODE_MAX)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("A budget code has at most %d digits"), BUDGET_CODE_MAX);
      return FALSE;
    }

  return TRUE;
}

/**
 * gp_catalog_code_validate:
 * @code: a 品目 code of the procurement catalogue
 * @error: return location for a #GError
 *
 * Checks the shape of a catalogue code: A (货物, goods), B (工程, works) or C (服务, services)
 * followed by 2 to 12 digits, e.g. A01, A010101, A02010104 (DOMAIN.md §1.8). Whether the code is in
 * the current catalogue is a question for the catalogue data, which is versioned.
 *
 * Errors: %GP_CORE_ERROR_INVALID.
 *
 * Returns: %TRUE if @code is valid
 */
gboolean
gp_catalog_code_validate (const char  *code,
                          GError     **error)
{
  gsize n_digits;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (code[0] != 'A' && code[0] != 'B' && code[0] != 'C')
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("A catalogue code starts with A (goods), B (works) or C (services)"));
      return FALSE;
    }

  n_digits = strlen (code + 1);
  for (gsize i = 1; i <= n_digits; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        {
          g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                               _("A catalogue code has only digits after its first letter"));
          return FALSE;
        }
    }

  if (n_digits < 2 || n_digits > 12)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("A catalogue code has 2 to 12 digits after its first letter"));
      return FALSE;
    }

  return TRUE;
}

/**
 * gp_catalog_code_kind:
 * @code: a valid 品目 code
 *
 * Returns: the kind named by the first letter of @code
 */
GpCatalogKind
gp_catalog_code_kind (const char *code)
{
  g_return_val_if_fail (code != NULL && (code[0] == 'A' || code[0] == 'B' || code[0] == 'C'),
                        GP_CATALOG_KIND_GOODS);

  switch (code[0])
    {
    case 'A':
      return GP_CATALOG_KIND_GOODS;
    case 'B':
      return GP_CATALOG_KIND_WORKS;
    default:
      return GP_CATALOG_KIND_SERVICES;
    }
}

/**
 * gp_project_code_validate:
 * @code: a 项目编号 (project code)
 * @error: return location for a #GError
 *
 * Checks a project code: 1 to 64 ASCII letters, digits and hyphens, e.g. "ZS-2026-0012". The
 * platform's own format is not public (it is only seen as `openTenderCode`, DOMAIN.md §1.4 [C1]), so
 * this is our choice: wide enough for the codes agencies print, narrow enough to be safe in file
 * names, URLs and search.
 *
 * Errors: %GP_CORE_ERROR_INVALID.
 *
 * Returns: %TRUE if @code is valid
 */
gboolean
gp_project_code_validate (const char  *code,
                          GError     **error)
{
  gsize length;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  length = strlen (code);
  if (length == 0)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The project code is empty"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (code[i]) && code[i] != '-')
        {
          g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                               _("A project code has only letters, digits and hyphens (-)"));
          return FALSE;
        }
    }

  if (length > PROJECT_CODE_MAX)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("A project code has at most %d characters"), PROJECT_CODE_MAX);
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------------------------------------
 * UUIDs
 */

/**
 * gp_uuid_new:
 *
 * Makes a random (version 4) UUID for a new record, in the canonical lowercase form, so a record
 * made offline needs no server to get its identity (DESIGN.md §3).
 *
 * Returns: (transfer full): the UUID, e.g. "0f8e5f5a-1c1e-4d4e-9d0b-3b5d1a1f2c3d"
 */
char *
gp_uuid_new (void)
{
  return g_uuid_string_random ();
}

/**
 * gp_uuid_validate:
 * @s: (nullable): a string
 *
 * Whether @s is a UUID in the canonical form that gp_uuid_new() makes: 8-4-4-4-12 lowercase hex
 * digits. Uppercase is refused so that one record cannot have two spellings of its id.
 *
 * Returns: %TRUE if @s is a canonical UUID
 */
gboolean
gp_uuid_validate (const char *s)
{
  if (s == NULL || !g_uuid_string_is_valid (s))
    return FALSE;

  for (const char *p = s; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}
