/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-rules.c: configurable procurement values, loaded from a key file with region and year overrides.
 *
 * The file format (see data/rules/guangdong.ini):
 *
 *   [rules]                       name = guangdong
 *   [defaults]                    every value, the base of every lookup
 *   [from 2025]                   values in force from 2025 on, in every region
 *   [region 4401]                 values for regions whose 行政区划 code starts with 4401
 *   [region 4401 from 2025]       the same, from 2025 on
 *
 * A lookup applies [defaults], then the year groups whose year is at most the year asked for (oldest
 * first), then the matching region groups from the shortest prefix to the longest, each followed by
 * its own year groups. Unknown groups and keys are errors, so a typo never silently leaves a default
 * in force.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "gp-error.h"
#include "gp-rules.h"

typedef enum {
  KIND_WAN,   /* an amount in 万元, stored in 分 */
  KIND_UINT,
  KIND_DATE,  /* YYYY-MM-DD */
  KIND_BOOL,
} ValueKind;

typedef struct {
  const char *key;
  ValueKind   kind;
  gsize       offset;
} RuleKey;

static const RuleKey rule_keys[] = {
  { "procurement-limit-wan",          KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, procurement_limit) },
  { "public-tender-goods-wan",        KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, public_tender_goods) },
  { "public-tender-services-wan",     KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, public_tender_services) },
  { "public-tender-works-wan",        KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, public_tender_works) },
  { "mall-ceiling-goods-wan",         KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, mall_ceiling_goods) },
  { "mall-ceiling-services-wan",      KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, mall_ceiling_services) },
  { "mall-ceiling-works-wan",         KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, mall_ceiling_works) },
  { "sme-reserve-goods-services-wan", KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, sme_reserve_goods_services) },
  { "sme-reserve-works-wan",          KIND_WAN,  G_STRUCT_OFFSET (GpRuleValues, sme_reserve_works) },
  { "sme-reserve-percent",            KIND_UINT, G_STRUCT_OFFSET (GpRuleValues, sme_reserve_percent) },
  { "sme-small-micro-percent",        KIND_UINT, G_STRUCT_OFFSET (GpRuleValues, sme_small_micro_percent) },
  { "intention-lead-days",            KIND_UINT, G_STRUCT_OFFSET (GpRuleValues, intention_lead_days) },
  { "intention-required-from",        KIND_DATE, G_STRUCT_OFFSET (GpRuleValues, intention_required_from) },
  { "intention-required-for-mall",    KIND_BOOL, G_STRUCT_OFFSET (GpRuleValues, intention_required_for_mall) },
  { "legacy-cutoff",                  KIND_DATE, G_STRUCT_OFFSET (GpRuleValues, legacy_cutoff) },
  { "mall-voucher-days",              KIND_UINT, G_STRUCT_OFFSET (GpRuleValues, mall_voucher_days) },
  { "mall-voucher-from",              KIND_DATE, G_STRUCT_OFFSET (GpRuleValues, mall_voucher_from) },
};

/* One group of the file: the values it sets, and where it applies. */
typedef struct {
  char         *region;     /* a 行政区划 prefix, or NULL for every region */
  int           from_year;  /* 0 for every year */
  guint64       set_mask;   /* bit i set when rule_keys[i] is given */
  GpRuleValues  values;
} Layer;

struct _GpRules
{
  GObject    parent_instance;

  char      *name;
  GpRuleValues defaults;
  GPtrArray *layers;  /* of Layer, sorted by (region length, from_year) */
};

G_DEFINE_FINAL_TYPE (GpRules, gp_rules, G_TYPE_OBJECT)

G_STATIC_ASSERT (G_N_ELEMENTS (rule_keys) < 64);

static void
layer_free (Layer *layer)
{
  g_free (layer->region);
  g_free (layer);
}

static void
gp_rules_finalize (GObject *object)
{
  GpRules *self = (GpRules *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->layers, g_ptr_array_unref);

  G_OBJECT_CLASS (gp_rules_parent_class)->finalize (object);
}

static void
gp_rules_class_init (GpRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gp_rules_finalize;
}

static void
gp_rules_init (GpRules *self)
{
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify)layer_free);
}

/* The built-in values: the same as data/rules/guangdong.ini (a test checks that they agree). */
static void
set_builtin_defaults (GpRuleValues *v)
{
  memset (v, 0, sizeof *v);

  /* [P10] 广东 采购限额标准 100万元 from 2018-01-01. */
  v->procurement_limit = 100 * G_GINT64_CONSTANT (1000000);
  /* 政府采购法 第27条: set by the province. 400万元 is unconfirmed (DOMAIN.md §1.8). */
  v->public_tender_goods = 400 * G_GINT64_CONSTANT (1000000);
  v->public_tender_services = 400 * G_GINT64_CONSTANT (1000000);
  /* 必须招标的工程项目规定 (国家发展改革委令第16号) 第5条: 施工 400万元 (recalled; check). */
  v->public_tender_works = 400 * G_GINT64_CONSTANT (1000000);
  /* [P9] the e-mall serves purchases below the public-tender threshold; own limits unconfirmed. */
  v->mall_ceiling_goods = v->public_tender_goods;
  v->mall_ceiling_services = v->public_tender_services;
  v->mall_ceiling_works = v->public_tender_works;
  /* [P6] 财库〔2020〕46号. */
  v->sme_reserve_goods_services = 200 * G_GINT64_CONSTANT (1000000);
  v->sme_reserve_works = 400 * G_GINT64_CONSTANT (1000000);
  v->sme_reserve_percent = 30;
  v->sme_small_micro_percent = 60;
  /* [P2] 财库〔2020〕10号. */
  v->intention_lead_days = 30;
  g_date_set_dmy (&v->intention_required_from, 1, G_DATE_JANUARY, 2022);
  v->intention_required_for_mall = FALSE;
  /* [P1] 粤财采购函〔2020〕59号 §四. */
  g_date_set_dmy (&v->legacy_cutoff, 1, G_DATE_JANUARY, 2021);
  /* [P8] 45 days, from 2025-01-01. */
  v->mall_voucher_days = 45;
  g_date_set_dmy (&v->mall_voucher_from, 1, G_DATE_JANUARY, 2025);
}

static Layer *
layer_new (const char *region,
           int         from_year)
{
  Layer *layer = g_new0 (Layer, 1);

  layer->region = g_strdup (region);
  layer->from_year = from_year;
  return layer;
}

static int
layer_compare (gconstpointer a,
               gconstpointer b)
{
  const Layer *la = *(const Layer * const *)a;
  const Layer *lb = *(const Layer * const *)b;
  gsize len_a = la->region ? strlen (la->region) : 0;
  gsize len_b = lb->region ? strlen (lb->region) : 0;

  if (len_a != len_b)
    return len_a < len_b ? -1 : 1;
  if (la->from_year != lb->from_year)
    return la->from_year < lb->from_year ? -1 : 1;
  return g_strcmp0 (la->region, lb->region);
}

static void
add_builtin_layers (GpRules *self)
{
  Layer *layer;

  /* [P2] 财库〔2020〕10号: provincial units publish intentions for projects from 2021-01-01. */
  layer = layer_new ("440001", 0);
  g_date_set_dmy (&layer->values.intention_required_from, 1, G_DATE_JANUARY, 2021);
  for (guint i = 0; i < G_N_ELEMENTS (rule_keys); i++)
    if (g_str_equal (rule_keys[i].key, "intention-required-from"))
      layer->set_mask |= G_GUINT64_CONSTANT (1) << i;
  g_ptr_array_add (self->layers, layer);
}

/**
 * gp_rules_new_default:
 *
 * Returns: (transfer full): the built-in Guangdong values, the same as `data/rules/guangdong.ini`.
 */
GpRules *
gp_rules_new_default (void)
{
  GpRules *self = g_object_new (GP_TYPE_RULES, NULL);

  self->name = g_strdup ("guangdong");
  set_builtin_defaults (&self->defaults);
  add_builtin_layers (self);
  g_ptr_array_sort (self->layers, layer_compare);
  return self;
}

/* Parses "400", "0.5" or "100.25" 万元 into 分 exactly (at most 6 decimals: 1 分 = 0.000001 万元). */
static gboolean
parse_wan (const char *text,
           gint64     *out_fen,
           GError    **error)
{
  const char *p = text;
  gint64 whole = 0;
  gint64 frac = 0;
  guint n_frac = 0;
  guint n_whole = 0;

  for (; g_ascii_isdigit (*p); p++, n_whole++)
    {
      if (n_whole >= 9)
        goto fail;
      whole = whole * 10 + (*p - '0');
    }
  if (n_whole == 0)
    goto fail;
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, n_frac++)
        {
          if (n_frac >= 6)
            goto fail;
          frac = frac * 10 + (*p - '0');
        }
      if (n_frac == 0)
        goto fail;
    }
  if (*p != '\0')
    goto fail;

  for (guint i = n_frac; i < 6; i++)
    frac *= 10;
  *out_fen = whole * G_GINT64_CONSTANT (1000000) + frac;
  return TRUE;

fail:
  g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
               _("“%s” is not an amount in 万元"), text);
  return FALSE;
}

static gboolean
parse_date (const char *text,
            GDate      *out,
            GError    **error)
{
  guint y, m, d;
  char tail;

  if (strlen (text) == 10 &&
      sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
      text[4] == '-' && text[7] == '-' &&
      g_date_valid_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y))
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
      return TRUE;
    }

  g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
               _("“%s” is not a date (YYYY-MM-DD)"), text);
  return FALSE;
}

static gboolean
parse_value (const RuleKey *rk,
             const char    *text,
             GpRuleValues  *values,
             GError       **error)
{
  gpointer field = G_STRUCT_MEMBER_P (values, rk->offset);

  switch (rk->kind)
    {
    case KIND_WAN:
      return parse_wan (text, (gint64 *)field, error);

    case KIND_UINT:
      {
        guint64 n;

        if (!g_ascii_string_to_unsigned (text, 10, 0, 3650, &n, error))
          return FALSE;
        *(guint *)field = (guint)n;
        return TRUE;
      }

    case KIND_DATE:
      return parse_date (text, (GDate *)field, error);

    case KIND_BOOL:
      if (g_str_equal (text, "true"))
        *(gboolean *)field = TRUE;
      else if (g_str_equal (text, "false"))
        *(gboolean *)field = FALSE;
      else
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                       _("“%s” is not true or false"), text);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_region_prefix (const char *s)
{
  gsize len = strlen (s);

  if (len < 2 || len > 6)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
parse_year (const char *s,
            int        *out)
{
  guint64 n;

  if (strlen (s) != 4 || !g_ascii_string_to_unsigned (s, 10, 1990, 2200, &n, NULL))
    return FALSE;
  *out = (int)n;
  return TRUE;
}

/* "defaults", "from 2025", "region 4401", "region 4401 from 2025". */
static gboolean
parse_group_name (const char  *group,
                  char       **out_region,
                  int         *out_year,
                  gboolean    *out_is_defaults)
{
  g_auto(GStrv) words = g_strsplit (group, " ", -1);
  guint n = g_strv_length (words);

  *out_region = NULL;
  *out_year = 0;
  *out_is_defaults = FALSE;

  if (n == 1 && g_str_equal (words[0], "defaults"))
    {
      *out_is_defaults = TRUE;
      return TRUE;
    }
  if (n == 2 && g_str_equal (words[0], "from"))
    return parse_year (words[1], out_year);
  if ((n == 2 || n == 4) && g_str_equal (words[0], "region") && is_region_prefix (words[1]))
    {
      if (n == 4 && !(g_str_equal (words[2], "from") && parse_year (words[3], out_year)))
        return FALSE;
      *out_region = g_strdup (words[1]);
      return TRUE;
    }
  return FALSE;
}

static gboolean
load_group (GKeyFile     *kf,
            const char   *group,
            GpRuleValues *values,
            guint64      *set_mask,
            GError      **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, group, NULL, error);

  if (keys == NULL)
    return FALSE;

  for (guint k = 0; keys[k] != NULL; k++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;
      guint i;

      for (i = 0; i < G_N_ELEMENTS (rule_keys); i++)
        if (g_str_equal (rule_keys[i].key, keys[k]))
          break;
      if (i == G_N_ELEMENTS (rule_keys))
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                       _("Unknown key “%s” in group [%s] of the rules"), keys[k], group);
          return FALSE;
        }

      text = g_key_file_get_value (kf, group, keys[k], NULL);
      g_strstrip (text);
      if (!parse_value (&rule_keys[i], text, values, &local_error))
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                       _("Key “%s” in group [%s] of the rules: %s"),
                       keys[k], group, local_error->message);
          return FALSE;
        }
      *set_mask |= G_GUINT64_CONSTANT (1) << i;
    }
  return TRUE;
}

/**
 * gp_rules_new_from_data:
 * @data: the key file text
 * @length: its length, or -1 when NUL-terminated
 * @error: %GP_CORE_ERROR_INVALID for an unknown group or key, a bad value or a missing default
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error set.
 */
GpRules *
gp_rules_new_from_data (const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GpRules) self = NULL;
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 default_mask = 0;
  gboolean have_defaults = FALSE;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("The rules file cannot be read: %s"), local_error->message);
      return NULL;
    }

  self = g_object_new (GP_TYPE_RULES, NULL);
  memset (&self->defaults, 0, sizeof self->defaults);

  groups = g_key_file_get_groups (kf, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_autofree char *region = NULL;
      int year;
      gboolean is_defaults;

      if (g_str_equal (groups[g], "rules"))
        {
          g_auto(GStrv) keys = g_key_file_get_keys (kf, groups[g], NULL, NULL);

          for (guint k = 0; keys != NULL && keys[k] != NULL; k++)
            if (!g_str_equal (keys[k], "name"))
              {
                g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                             _("Unknown key “%s” in group [%s] of the rules"), keys[k], groups[g]);
                return NULL;
              }
          g_free (self->name);
          self->name = g_key_file_get_string (kf, groups[g], "name", NULL);
          continue;
        }

      if (!parse_group_name (groups[g], &region, &year, &is_defaults))
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                       _("Unknown group [%s] in the rules"), groups[g]);
          return NULL;
        }

      if (is_defaults)
        {
          if (!load_group (kf, groups[g], &self->defaults, &default_mask, error))
            return NULL;
          have_defaults = TRUE;
        }
      else
        {
          Layer *layer = layer_new (region, year);

          g_ptr_array_add (self->layers, layer);
          if (!load_group (kf, groups[g], &layer->values, &layer->set_mask, error))
            return NULL;
        }
    }

  if (!have_defaults || default_mask != (G_GUINT64_CONSTANT (1) << G_N_ELEMENTS (rule_keys)) - 1)
    {
      for (guint i = 0; i < G_N_ELEMENTS (rule_keys); i++)
        if (!(default_mask & (G_GUINT64_CONSTANT (1) << i)))
          {
            g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                         _("The rules give no default for “%s” in group [defaults]"),
                         rule_keys[i].key);
            return NULL;
          }
    }

  if (self->name == NULL)
    self->name = g_strdup ("unnamed");
  g_ptr_array_sort (self->layers, layer_compare);
  return g_steal_pointer (&self);
}

/**
 * gp_rules_new_from_file:
 * @path: a key file such as `data/rules/guangdong.ini`
 * @error: a #GFileError or %GP_CORE_ERROR_INVALID
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error set.
 */
GpRules *
gp_rules_new_from_file (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return gp_rules_new_from_data (contents, (gssize)length, error);
}

/**
 * gp_rules_dup_default_path:
 *
 * Where the shipped rules live: `$GPCLOUD_DATA_DIR/rules/guangdong.ini` when that variable is
 * set and not empty (tests), otherwise `PKGDATADIR/rules/guangdong.ini`.
 *
 * Returns: (transfer full): the file name
 */
char *
gp_rules_dup_default_path (void)
{
  const char *data_dir = g_getenv ("GPCLOUD_DATA_DIR");

  if (data_dir == NULL || data_dir[0] == '\0')
    data_dir = PKGDATADIR;
  return g_build_filename (data_dir, "rules", "guangdong.ini", NULL);
}

/**
 * gp_rules_load_default:
 * @error: see gp_rules_new_from_file()
 *
 * Returns: (transfer full) (nullable): the rules from gp_rules_dup_default_path()
 */
GpRules *
gp_rules_load_default (GError **error)
{
  g_autofree char *path = gp_rules_dup_default_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gp_rules_new_from_file (path, error);
}

static void
apply_layer (const Layer  *layer,
             GpRuleValues *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_keys); i++)
    {
      const RuleKey *rk = &rule_keys[i];
      gconstpointer src;
      gpointer dst;
      gsize size = 0;

      if (!(layer->set_mask & (G_GUINT64_CONSTANT (1) << i)))
        continue;

      src = G_STRUCT_MEMBER_P (&layer->values, rk->offset);
      dst = G_STRUCT_MEMBER_P (out, rk->offset);
      switch (rk->kind)
        {
        case KIND_WAN:  size = sizeof (gint64); break;
        case KIND_UINT: size = sizeof (guint); break;
        case KIND_DATE: size = sizeof (GDate); break;
        case KIND_BOOL: size = sizeof (gboolean); break;
        default: g_assert_not_reached ();
        }
      memcpy (dst, src, size);
    }
}

/**
 * gp_rules_lookup:
 * @rules: the rules
 * @region: (nullable): the project's 行政区划 code (e.g. "440104"), or %NULL for the defaults
 * @year: the year the values are wanted for (the year the procurement starts)
 * @out_values: (out caller-allocates): the values in force
 *
 * Fills @out_values with the values in force in @region in @year.
 */
void
gp_rules_lookup (GpRules      *rules,
                 const char   *region,
                 int           year,
                 GpRuleValues *out_values)
{
  g_return_if_fail (GP_IS_RULES (rules));
  g_return_if_fail (out_values != NULL);

  *out_values = rules->defaults;

  /* Layers are sorted by prefix length, then year: region-independent years first. */
  for (guint i = 0; i < rules->layers->len; i++)
    {
      const Layer *layer = g_ptr_array_index (rules->layers, i);

      if (layer->from_year > year)
        continue;
      if (layer->region != NULL &&
          (region == NULL || !g_str_has_prefix (region, layer->region)))
        continue;
      apply_layer (layer, out_values);
    }
}

/**
 * gp_rules_get_name:
 *
 * Returns: the name given in the file's [rules] group ("guangdong" for the built-in rules).
 */
const char *
gp_rules_get_name (GpRules *rules)
{
  g_return_val_if_fail (GP_IS_RULES (rules), NULL);

  return rules->name;
}
