/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ids.c: 统一社会信用代码, 行政区划, 预算编码, 品目, project codes and UUIDs.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "gp-core-enums.h"
#include "gp-error.h"
#include "gp-ids.h"

typedef gboolean (*ValidateFunc) (const char *code, GError **error);

typedef struct {
  ValidateFunc        func;
  const char * const *codes;
  const char         *message_part; /* for rejections: what the message must mention, or NULL */
} ValidateTable;

static void
test_accepts (gconstpointer data)
{
  const ValidateTable *table = data;

  for (const char * const *code = table->codes; *code != NULL; code++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("accepting “%s”", *code);
      g_assert_true (table->func (*code, &error));
      g_assert_no_error (error);
    }
}

static void
test_rejects (gconstpointer data)
{
  const ValidateTable *table = data;

  for (const char * const *code = table->codes; *code != NULL; code++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("rejecting “%s”", *code);
      g_assert_false (table->func (*code, &error));
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID);
      if (table->message_part != NULL)
        g_assert_nonnull (strstr (error->message, table->message_part));
    }
}

/* ---------------------------------------------------------------------------------------------
 * 统一社会信用代码 (GB 32100-2015)
 */

/* Published codes of well-known organisations; their check characters agree with the standard. */
static const char * const uscc_valid[] = {
  "91350100M000100Y43",
  "914403001922038216",
  "91440300708461136T",
  "91330100799655058B",
  "91110000802100433B",
  NULL,
};

static const char * const uscc_wrong_check[] = {
  "91350100M000100Y44",
  "91350100M000100Y4A",
  "914403001922038217",
  "91440300708461136U",
  /* Two neighbouring characters swapped. */
  "91350100M000010Y43",
  NULL,
};

static const char * const uscc_wrong_length[] = {
  "",
  "91350100M000100Y4",
  "91350100M000100Y433",
  "91350100M000100Y43 ",
  NULL,
};

static const char * const uscc_bad_character[] = {
  "91350100M00010OY43", /* O is not in the alphabet */
  "91350100I000100Y43", /* nor I */
  "91350100S000100Y43", /* nor S */
  "91350100V000100Y4Z", /* nor V or Z */
  "91350100m000100Y43", /* lowercase */
  "91350100M000100Y4中",
  "91350100M-00100Y43",
  NULL,
};

static const char * const uscc_region_not_digits[] = {
  "9135A100M000100Y43",
  NULL,
};

static const ValidateTable uscc_valid_table = { gp_uscc_validate, uscc_valid, NULL };
static const ValidateTable uscc_check_table = { gp_uscc_validate, uscc_wrong_check, "check character" };
static const ValidateTable uscc_length_table = { gp_uscc_validate, uscc_wrong_length, "18 characters" };
static const ValidateTable uscc_character_table = { gp_uscc_validate, uscc_bad_character, "not allowed" };
static const ValidateTable uscc_region_table = { gp_uscc_validate, uscc_region_not_digits, "must be a digit" };

static void
test_uscc_compute_check (void)
{
  /* Bodies with letters in the subject identifier and every registering authority of the
   * standard's first position. */
  static const char * const bodies[] = {
    "91440101MA59ABCDE",
    "11440000007000001",
    "12440000455858750",
    "51440000MJ0000001",
    "Y1440000000000001",
    "N2440106UWXY12345",
  };

  g_assert_cmpint (gp_uscc_compute_check ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (gp_uscc_compute_check ("91440300708461136"), ==, 'T');

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      char code[19];
      char check = gp_uscc_compute_check (bodies[i]);

      g_assert_cmpint (check, !=, 0);
      g_snprintf (code, sizeof code, "%s%c", bodies[i], check);
      g_assert_true (gp_uscc_validate (code, NULL));

      /* Every other check character is refused. */
      for (const char *c = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *c != '\0'; c++)
        {
          if (*c == check)
            continue;
          code[17] = *c;
          g_assert_false (gp_uscc_validate (code, NULL));
        }
    }

  /* Bad input gives 0, so a caller cannot make a valid-looking code from garbage. */
  g_assert_cmpint (gp_uscc_compute_check (NULL), ==, 0);
  g_assert_cmpint (gp_uscc_compute_check (""), ==, 0);
  g_assert_cmpint (gp_uscc_compute_check ("91350100M000100Y"), ==, 0);
  g_assert_cmpint (gp_uscc_compute_check ("91350100M000100Y43"), ==, 0);
  g_assert_cmpint (gp_uscc_compute_check ("91350100M00010OY4"), ==, 0);
  g_assert_cmpint (gp_uscc_compute_check ("9135A100M000100Y4"), ==, 0);
}

/* ---------------------------------------------------------------------------------------------
 * 行政区划 (GB/T 2260)
 */

static const char * const region_valid[] = {
  "440000", "440100", "440106", "440001", "440300", "440305", "110000", "110101", "650000",
  "820000", NULL,
};

static const char * const region_invalid_length[] = { "", "44010", "4401000", NULL };
static const char * const region_invalid_digits[] = { "44a100", "４４０１００", " 44010", NULL };

static const ValidateTable region_valid_table = { gp_region_code_validate, region_valid, NULL };
static const ValidateTable region_length_table = { gp_region_code_validate, region_invalid_length, "6 digits" };
static const ValidateTable region_digits_table = { gp_region_code_validate, region_invalid_digits, "digits only" };

static void
test_region_rejects_unknown_province (void)
{
  static const char * const codes[] = { "990000", "000000", "190000", "720000", NULL };

  for (const char * const *code = codes; *code != NULL; code++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (gp_region_code_validate (*code, &error));
      g_assert_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "province"));
    }
}

static void
test_region_level (void)
{
  static const struct {
    const char *code;
    GpRegionLevel level;
  } cases[] = {
    { "440000", GP_REGION_LEVEL_PROVINCE },
    { "110000", GP_REGION_LEVEL_PROVINCE },
    { "440001", GP_REGION_LEVEL_PROVINCE },
    { "440100", GP_REGION_LEVEL_CITY },
    { "440300", GP_REGION_LEVEL_CITY },
    { "440106", GP_REGION_LEVEL_COUNTY },
    { "110101", GP_REGION_LEVEL_COUNTY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (gp_region_code_level (cases[i].code), ==, cases[i].level);
}

static void
test_region_parent (void)
{
  static const struct {
    const char *code;
    const char *parent;
  } cases[] = {
    { "440106", "440100" },
    { "440305", "440300" },
    { "440100", "440000" },
    { "440001", "440000" },
    { "440000", NULL },
    { "110000", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parent = gp_region_code_parent (cases[i].code);

      g_assert_cmpstr (parent, ==, cases[i].parent);
    }
}

static void
test_region_contains (void)
{
  static const struct {
    const char *ancestor;
    const char *code;
    gboolean contains;
  } cases[] = {
    { "440000", "440106", TRUE },
    { "440000", "440100", TRUE },
    { "440000", "440001", TRUE },
    { "440000", "440000", TRUE },
    { "440100", "440106", TRUE },
    { "440100", "440100", TRUE },
    { "440106", "440106", TRUE },
    { "440100", "440306", FALSE },
    { "440100", "440000", FALSE },
    { "440106", "440100", FALSE },
    { "440106", "440107", FALSE },
    { "450000", "440100", FALSE },
    { "440001", "440100", FALSE },
    { "440001", "440002", FALSE },
    { "990000", "990100", FALSE },
    { "440000", "44010", FALSE },
    { "", "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s contains %s?", cases[i].ancestor, cases[i].code);
      g_assert_cmpint (gp_region_code_contains (cases[i].ancestor, cases[i].code), ==,
                       cases[i].contains);
    }
}

static void
test_region_on_platform (void)
{
  static const struct {
    const char *code;
    gboolean on_platform;
  } cases[] = {
    { "440000", TRUE },
    { "440001", TRUE },
    { "440100", TRUE },
    { "440106", TRUE },
    { "440400", TRUE },
    { "441900", TRUE },
    { "440300", FALSE }, /* Shenzhen runs its own platform */
    { "440305", FALSE },
    { "450000", FALSE },
    { "110000", FALSE },
    { "810000", FALSE },
    { "44", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s on the platform?", cases[i].code);
      g_assert_cmpint (gp_region_code_on_platform (cases[i].code), ==, cases[i].on_platform);
    }
}

static void
test_enums_are_registered (void)
{
  g_autoptr(GEnumClass) levels = g_type_class_ref (GP_TYPE_REGION_LEVEL);
  g_autoptr(GEnumClass) kinds = g_type_class_ref (GP_TYPE_CATALOG_KIND);

  g_assert_cmpint (levels->n_values, ==, 3);
  g_assert_cmpstr (g_enum_get_value (levels, GP_REGION_LEVEL_CITY)->value_nick, ==, "city");
  g_assert_cmpint (kinds->n_values, ==, 3);
  g_assert_cmpstr (g_enum_get_value (kinds, GP_CATALOG_KIND_SERVICES)->value_nick, ==, "services");
}

/* ---------------------------------------------------------------------------------------------
 * 预算编码, 品目, 项目编号
 */

#define DIGITS_64 "1234567890123456789012345678901234567890123456789012345678901234"
#define ALNUM_64 "ZS-2026-0012-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY"

static const char * const budget_valid[] = { "001002", "1", "0", "440000123001", DIGITS_64, NULL };
static const char * const budget_invalid[] = { "", "00a", "12 3", "-12", "１２", DIGITS_64 "5", NULL };

static const ValidateTable budget_valid_table = { gp_budget_code_validate, budget_valid, NULL };
static const ValidateTable budget_invalid_table = { gp_budget_code_validate, budget_invalid, NULL };

static const char * const catalog_valid[] = {
  "A01", "A0101", "A010101", "A02010104", "A01010000", "B01", "C0101", "A123456789012", NULL,
};
static const char * const catalog_invalid[] = {
  "", "A", "A1", "D01", "a01", "A01X", "A-01", "A1234567890123", "01", "Ａ01", NULL,
};

static const ValidateTable catalog_valid_table = { gp_catalog_code_validate, catalog_valid, NULL };
static const ValidateTable catalog_invalid_table = { gp_catalog_code_validate, catalog_invalid, NULL };

static void
test_catalog_kind (void)
{
  g_assert_cmpint (gp_catalog_code_kind ("A02010104"), ==, GP_CATALOG_KIND_GOODS);
  g_assert_cmpint (gp_catalog_code_kind ("B01"), ==, GP_CATALOG_KIND_WORKS);
  g_assert_cmpint (gp_catalog_code_kind ("C0101"), ==, GP_CATALOG_KIND_SERVICES);
}

static const char * const project_valid[] = {
  "ZS-2026-0012", "A", "GPCGD222117FG222J", "0724-2341GDG11502", ALNUM_64, NULL,
};
static const char * const project_invalid[] = {
  "", "ZS 2026", "ZS_2026", "ZS/2026", "项目1", "ZS-2026\n", ALNUM_64 "Z", NULL,
};

static const ValidateTable project_valid_table = { gp_project_code_validate, project_valid, NULL };
static const ValidateTable project_invalid_table = { gp_project_code_validate, project_invalid, NULL };

/* ---------------------------------------------------------------------------------------------
 * UUIDs
 */

static void
test_uuid (void)
{
  g_autofree char *a = gp_uuid_new ();
  g_autofree char *b = gp_uuid_new ();
  g_autofree char *upper = NULL;

  g_assert_true (gp_uuid_validate (a));
  g_assert_true (gp_uuid_validate (b));
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpint (strlen (a), ==, 36);

  upper = g_ascii_strup (a, -1);
  if (strcmp (upper, a) != 0)
    g_assert_false (gp_uuid_validate (upper));
  g_assert_false (gp_uuid_validate ("0F8E5F5A-1C1E-4D4E-9D0B-3B5D1A1F2C3D"));
  g_assert_true (gp_uuid_validate ("0f8e5f5a-1c1e-4d4e-9d0b-3b5d1a1f2c3d"));
  g_assert_false (gp_uuid_validate (NULL));
  g_assert_false (gp_uuid_validate (""));
  g_assert_false (gp_uuid_validate ("not-a-uuid"));
  g_assert_false (gp_uuid_validate ("0f8e5f5a1c1e4d4e9d0b3b5d1a1f2c3d"));
  g_assert_false (gp_uuid_validate ("0f8e5f5a-1c1e-4d4e-9d0b-3b5d1a1f2c3g"));
  g_assert_false (gp_uuid_validate ("0f8e5f5a-1c1e-4d4e-9d0b-3b5d1a1f2c3d0"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/core/uscc/accepts-published-codes (GB 32100-2015)",
                        &uscc_valid_table, test_accepts);
  g_test_add_data_func ("/core/uscc/rejects-wrong-check-character (GB 32100-2015)",
                        &uscc_check_table, test_rejects);
  g_test_add_data_func ("/core/uscc/rejects-wrong-length-and-says-so (GB 32100-2015)",
                        &uscc_length_table, test_rejects);
  g_test_add_data_func ("/core/uscc/rejects-characters-outside-the-alphabet (GB 32100-2015)",
                        &uscc_character_table, test_rejects);
  g_test_add_data_func ("/core/uscc/rejects-letters-in-the-region-code (GB 32100-2015)",
                        &uscc_region_table, test_rejects);
  g_test_add_func ("/core/uscc/computes-the-check-character-of-any-body (GB 32100-2015)",
                   test_uscc_compute_check);

  g_test_add_data_func ("/core/region/accepts-six-digits-of-a-province (GB/T 2260)",
                        &region_valid_table, test_accepts);
  g_test_add_data_func ("/core/region/rejects-wrong-length (GB/T 2260)",
                        &region_length_table, test_rejects);
  g_test_add_data_func ("/core/region/rejects-non-digits (GB/T 2260)",
                        &region_digits_table, test_rejects);
  g_test_add_func ("/core/region/rejects-unknown-province (GB/T 2260)",
                   test_region_rejects_unknown_province);
  g_test_add_func ("/core/region/level-from-trailing-zeros-and-sheng-benji-is-province",
                   test_region_level);
  g_test_add_func ("/core/region/parent-of-county-is-city-of-city-is-province",
                   test_region_parent);
  g_test_add_func ("/core/region/province-contains-its-cities-and-counties-only",
                   test_region_contains);
  g_test_add_func ("/core/region/guangdong-except-shenzhen-is-on-the-platform",
                   test_region_on_platform);
  g_test_add_func ("/core/ids/enums-are-registered-types", test_enums_are_registered);

  g_test_add_data_func ("/core/budget-code/accepts-any-number-of-digits (DOMAIN.md 1.8)",
                        &budget_valid_table, test_accepts);
  g_test_add_data_func ("/core/budget-code/rejects-empty-non-digits-and-over-64 (DOMAIN.md 1.8)",
                        &budget_invalid_table, test_rejects);

  g_test_add_data_func ("/core/catalog/accepts-letter-and-2-to-12-digits (DOMAIN.md 1.8)",
                        &catalog_valid_table, test_accepts);
  g_test_add_data_func ("/core/catalog/rejects-other-letters-and-lengths (DOMAIN.md 1.8)",
                        &catalog_invalid_table, test_rejects);
  g_test_add_func ("/core/catalog/kind-from-first-letter-goods-works-services", test_catalog_kind);

  g_test_add_data_func ("/core/project-code/accepts-letters-digits-hyphens-up-to-64",
                        &project_valid_table, test_accepts);
  g_test_add_data_func ("/core/project-code/rejects-empty-spaces-symbols-and-over-64",
                        &project_invalid_table, test_rejects);

  g_test_add_func ("/core/uuid/new-ids-are-canonical-lowercase-and-distinct", test_uuid);

  return g_test_run ();
}
