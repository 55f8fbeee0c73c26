/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-registry.c: the five registries: import from CSV or JSON, and their routes.
 *
 * Kinds and their fields (CSV header names in English or Chinese; * required):
 *   purchaser (采购人库): name* 名称, budget_code* 预算编码, region* 区划, contact 联系人, phone 电话
 *   expert (评审专家库): expert_id* 专家编号, name* 姓名, specialty* 评审专业, region* 区划
 *   agency (代理机构库): uscc* 统一社会信用代码, name* 名称, region* 区划
 *   supplier (供应商库): uscc* 统一社会信用代码, name* 名称, size* 企业规模 (large/medium/small/micro or
 *     大/中/小/微), credit* 诚信状态 (normal/dishonest or 正常/失信), region 区划
 *   product (商品库): sku* 商品编号, name* 名称, catalog_code* 品目, price* 价格 (元, e.g. 4999.00),
 *     supplier_uscc* 供应商统一社会信用代码, spec 规格型号, unit 单位
 * Each entry's id is its code (budget_code, expert_id, uscc, sku). An entry travels as
 * {"id", "name", "code", …its fields…}; money as integer fen ("price").
 */
#include "config.h"

#include <string.h>

#include "gp-ids.h"
#include "gp-money.h"
#include "gp-project.h"
#include "gp-server-config.h"
#include "gp-server-import.h"
#include "gp-server-private.h"
#include "gp-server-registry.h"

#define MAX_REPORTED_PROBLEMS 20

typedef enum {
  FIELD_TEXT,
  FIELD_REGION,
  FIELD_BUDGET_CODE,
  FIELD_USCC,
  FIELD_CATALOG,
  FIELD_SIZE,
  FIELD_CREDIT,
  FIELD_MONEY,
} FieldType;

typedef struct {
  const char *key;
  const char *alias;
  FieldType   type;
  gboolean    required;
} Field;

typedef struct {
  const char  *kind;
  const char  *code_key;
  Field        fields[8];
} KindSpec;

static const KindSpec kinds[] = {
  { "purchaser", "budget_code", {
      { "name", "名称", FIELD_TEXT, TRUE },
      { "budget_code", "预算编码", FIELD_BUDGET_CODE, TRUE },
      { "region", "区划", FIELD_REGION, TRUE },
      { "contact", "联系人", FIELD_TEXT, FALSE },
      { "phone", "电话", FIELD_TEXT, FALSE },
      { NULL } } },
  { "expert", "expert_id", {
      { "expert_id", "专家编号", FIELD_TEXT, TRUE },
      { "name", "姓名", FIELD_TEXT, TRUE },
      { "specialty", "评审专业", FIELD_TEXT, TRUE },
      { "region", "区划", FIELD_REGION, TRUE },
      { NULL } } },
  { "agency", "uscc", {
      { "uscc", "统一社会信用代码", FIELD_USCC, TRUE },
      { "name", "名称", FIELD_TEXT, TRUE },
      { "region", "区划", FIELD_REGION, TRUE },
      { NULL } } },
  { "supplier", "uscc", {
      { "uscc", "统一社会信用代码", FIELD_USCC, TRUE },
      { "name", "名称", FIELD_TEXT, TRUE },
      { "size", "企业规模", FIELD_SIZE, TRUE },
      { "credit", "诚信状态", FIELD_CREDIT, TRUE },
      { "region", "区划", FIELD_REGION, FALSE },
      { NULL } } },
  { "product", "sku", {
      { "sku", "商品编号", FIELD_TEXT, TRUE },
      { "name", "名称", FIELD_TEXT, TRUE },
      { "catalog_code", "品目", FIELD_CATALOG, TRUE },
      { "price", "价格", FIELD_MONEY, TRUE },
      { "supplier_uscc", "供应商统一社会信用代码", FIELD_USCC, TRUE },
      { "spec", "规格型号", FIELD_TEXT, FALSE },
      { "unit", "单位", FIELD_TEXT, FALSE },
      { NULL } } },
};

static const KindSpec *
find_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return &kinds[i];
  return NULL;
}

gboolean
gp_registry_kind_is_valid (const char *kind)
{
  return find_kind (kind) != NULL;
}

/* Checks and normalizes one value into @out. Returns an error message or NULL. */
static char *
check_field (const Field *field,
             const char  *value,
             JsonObject  *out)
{
  g_autoptr(GError) error = NULL;

  if (value == NULL || value[0] == '\0')
    return field->required ? g_strdup_printf ("“%s” is empty", field->key) : NULL;

  if (g_utf8_strlen (value, -1) > 200)
    return g_strdup_printf ("“%s” is longer than 200 characters", field->key);

  switch (field->type)
    {
    case FIELD_TEXT:
      json_object_set_string_member (out, field->key, value);
      return NULL;

    case FIELD_REGION:
      if (!gp_region_code_validate (value, &error))
        return g_strdup_printf ("%s “%s”: %s", field->key, value, error->message);
      json_object_set_string_member (out, field->key, value);
      return NULL;

    case FIELD_BUDGET_CODE:
      if (!gp_budget_code_validate (value, &error))
        return g_strdup_printf ("%s “%s”: %s", field->key, value, error->message);
      json_object_set_string_member (out, field->key, value);
      return NULL;

    case FIELD_USCC:
      if (!gp_uscc_validate (value, &error))
        return g_strdup_printf ("%s “%s”: %s", field->key, value, error->message);
      json_object_set_string_member (out, field->key, value);
      return NULL;

    case FIELD_CATALOG:
      if (!gp_catalog_code_validate (value, &error))
        return g_strdup_printf ("%s “%s”: %s", field->key, value, error->message);
      json_object_set_string_member (out, field->key, value);
      return NULL;

    case FIELD_SIZE:
      {
        static const char *const chinese[] = { "", "大", "中", "小", "微" };
        GpEnterpriseSize size = GP_ENTERPRISE_SIZE_UNSET;

        for (guint i = 1; i < G_N_ELEMENTS (chinese); i++)
          if (strcmp (value, chinese[i]) == 0)
            size = (GpEnterpriseSize) i;
        if (size == GP_ENTERPRISE_SIZE_UNSET &&
            (!gp_enterprise_size_from_string (value, &size) || size == GP_ENTERPRISE_SIZE_UNSET))
          return g_strdup_printf ("size “%s” is not one of large, medium, small, micro (大/中/小/微)", value);
        json_object_set_string_member (out, field->key, gp_enterprise_size_to_string (size));
        return NULL;
      }

    case FIELD_CREDIT:
      if (strcmp (value, "normal") == 0 || strcmp (value, "正常") == 0)
        json_object_set_string_member (out, field->key, "normal");
      else if (strcmp (value, "dishonest") == 0 || strcmp (value, "失信") == 0)
        json_object_set_string_member (out, field->key, "dishonest");
      else
        return g_strdup_printf ("credit “%s” is not normal or dishonest (正常/失信)", value);
      return NULL;

    case FIELD_MONEY:
      {
        gint64 fen = 0;

        if (!gp_money_parse (value, &fen, &error))
          return g_strdup_printf ("%s “%s”: %s", field->key, value, error->message);
        json_object_set_int_member (out, field->key, fen);
        return NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Reads the file into a list of rows, each a GHashTable of key → string value. */
static GPtrArray *
read_rows (const KindSpec  *spec,
           const char      *path,
           GError         **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *p;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT, "Cannot read “%s”: %s", path,
                   local_error->message);
      return NULL;
    }

  for (p = text; p < text + len && g_ascii_isspace (*p); p++)
    ;

  if (p < text + len && *p == '[')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *arr;

      if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
        {
          g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT, "%s: not valid JSON: %s", path,
                       local_error->message);
          return NULL;
        }
      arr = json_node_get_array (json_parser_get_root (parser));
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *node = json_array_get_element (arr, i);
          GHashTable *row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          g_ptr_array_add (out, row);
          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                           "%s: element %u is not an object", path, i);
              return NULL;
            }
          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &value))
            {
              if (!JSON_NODE_HOLDS_VALUE (value))
                continue;
              if (json_node_get_value_type (value) == G_TYPE_STRING)
                g_hash_table_insert (row, g_strdup (name), g_strdup (json_node_get_string (value)));
              else if (json_node_get_value_type (value) == G_TYPE_INT64)
                g_hash_table_insert (row, g_strdup (name),
                                     g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value)));
              else if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
                {
                  char buf[G_ASCII_DTOSTR_BUF_SIZE];

                  g_hash_table_insert (row, g_strdup (name),
                                       g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (value))));
                }
            }
        }
      return g_steal_pointer (&out);
    }

  {
    g_autoptr(GPtrArray) rows = gp_csv_parse (text, len, error);
    char **header;

    if (rows == NULL)
      return NULL;
    if (rows->len == 0)
      {
        g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT, "%s: the file is empty", path);
        return NULL;
      }
    header = g_ptr_array_index (rows, 0);
    for (guint r = 1; r < rows->len; r++)
      {
        char **fields = g_ptr_array_index (rows, r);
        GHashTable *row = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

        for (guint c = 0; header[c] != NULL && fields[c] != NULL; c++)
          {
            g_autofree char *h = g_strstrip (g_strdup (header[c]));
            const char *key = h;

            for (guint f = 0; spec->fields[f].key != NULL; f++)
              if (g_strcmp0 (h, spec->fields[f].alias) == 0)
                key = spec->fields[f].key;
            g_hash_table_insert (row, g_strdup (key), g_strstrip (g_strdup (fields[c])));
          }
        g_ptr_array_add (out, row);
      }
  }

  return g_steal_pointer (&out);
}

/**
 * gp_server_import_registry:
 * @store: the server store
 * @kind: "purchaser", "expert", "agency", "supplier" or "product"
 * @path: a CSV file with a header row, or a JSON array of objects
 * @stats: (out): what changed
 * @error: return location for a #GError
 *
 * Imports @path whole or not at all. Entries are keyed by their code; an entry that exists is
 * updated (and moves to the end of the registry feed) only when it changed.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_server_import_registry (GpServerStore    *store,
                           const char       *kind,
                           const char       *path,
                           GpRegistryStats  *stats,
                           GError          **error)
{
  const KindSpec *spec = find_kind (kind);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  guint n_problems = 0;

  memset (stats, 0, sizeof *stats);

  if (spec == NULL)
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                   "Unknown registry “%s”: expected purchaser, expert, agency, supplier or product", kind);
      return FALSE;
    }

  rows = read_rows (spec, path, error);
  if (rows == NULL)
    return FALSE;

  if (!gp_server_store_begin (store, error))
    return FALSE;

  for (guint r = 0; r < rows->len && local_error == NULL; r++)
    {
      GHashTable *row = g_ptr_array_index (rows, r);
      g_autoptr(JsonObject) obj = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;
      GpRegistryRecord record = { NULL, };
      gboolean created = FALSE;
      gboolean row_ok = TRUE;
      const char *code;

      for (guint f = 0; spec->fields[f].key != NULL; f++)
        {
          g_autofree char *message = check_field (&spec->fields[f],
                                                  g_hash_table_lookup (row, spec->fields[f].key), obj);

          if (message != NULL)
            {
              n_problems++;
              if (n_problems <= MAX_REPORTED_PROBLEMS)
                g_string_append_printf (problems, "\n  entry %u: %s", r + 1, message);
              row_ok = FALSE;
            }
        }
      if (!row_ok || n_problems > 0)
        continue;

      code = json_object_get_string_member (obj, spec->code_key);
      json_object_set_string_member (obj, "id", code);
      json_object_set_string_member (obj, "code", code);
      node = json_node_init_object (json_node_alloc (), obj);
      json = json_to_string (node, FALSE);

      record.kind = (char *) kind;
      record.id = (char *) code;
      record.code = (char *) code;
      record.name = (char *) json_object_get_string_member (obj, "name");
      record.json = json;
      if (!gp_server_store_put_registry (store, &record, &created, &local_error))
        break;
      if (created)
        stats->created++;
      else if (record.seq != 0)
        stats->updated++;
      else
        stats->unchanged++;
    }

  if (local_error == NULL && n_problems > 0)
    {
      if (n_problems > MAX_REPORTED_PROBLEMS)
        g_string_append_printf (problems, "\n  … and %u more", n_problems - MAX_REPORTED_PROBLEMS);
      g_set_error (&local_error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                   "%s: nothing was imported; %u problem(s):%s", path, n_problems, problems->str);
    }

  if (local_error == NULL)
    gp_server_store_commit (store, &local_error);

  if (local_error != NULL)
    {
      gp_server_store_rollback (store);
      memset (stats, 0, sizeof *stats);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
add_entry (JsonBuilder      *b,
           GpRegistryRecord *record)
{
  g_autoptr(JsonNode) node = record->deleted ? NULL : json_from_string (record->json, NULL);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_boolean_member (json_node_get_object (node), "deleted", FALSE);
      json_builder_add_value (b, g_steal_pointer (&node));
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, record->id);
  json_builder_set_member_name (b, "deleted");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_end_object (b);
}

static gboolean
check_kind (GpRequest *req)
{
  if (!gp_registry_kind_is_valid (gp_request_get_param (req, 0)))
    {
      gp_request_respond_error (req, SOUP_STATUS_NOT_FOUND, "not-found",
                                "There is no registry “%.32s”", gp_request_get_param (req, 0));
      return FALSE;
    }
  return TRUE;
}

static void
registry_feed_cb (GpServer  *self,
                  GpRequest *req)
{
  const char *since_text = gp_request_get_query (req, "since");
  const char *limit_text = gp_request_get_query (req, "limit");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  guint64 since = 0;
  guint64 limit = 500;

  if (!check_kind (req))
    return;

  if ((since_text != NULL && since_text[0] != '\0' &&
       !g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXINT64, &since, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 1000, &limit, NULL)))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "since must be a cursor from an earlier page and limit from 1 to 1000");
      return;
    }

  rows = gp_server_store_list_registry (self->store, gp_request_get_param (req, 0), (gint64) since,
                                        (guint) limit + 1, &error);
  if (rows == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len && i < limit; i++)
    {
      GpRegistryRecord *r = g_ptr_array_index (rows, i);

      add_entry (b, r);
      since = (guint64) r->seq;
    }
  json_builder_end_array (b);
  next = g_strdup_printf ("%" G_GUINT64_FORMAT, since);
  json_builder_set_member_name (b, "next");
  json_builder_add_string_value (b, next);
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, rows->len > limit);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_OK, b);
}

static void
registry_search_cb (GpServer  *self,
                    GpRequest *req)
{
  const char *q = gp_request_get_query (req, "q");
  const char *offset_text = gp_request_get_query (req, "offset");
  const char *limit_text = gp_request_get_query (req, "limit");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint64 offset = 0;
  guint64 limit = 50;
  guint total = 0;

  if (!check_kind (req))
    return;

  if ((q != NULL && g_utf8_strlen (q, -1) > 100) ||
      (offset_text != NULL && !g_ascii_string_to_unsigned (offset_text, 10, 0, 1000000, &offset, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 200, &limit, NULL)))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "q has at most 100 characters, offset is a number and limit from 1 to 200");
      return;
    }

  rows = gp_server_store_search_registry (self->store, gp_request_get_param (req, 0),
                                          q != NULL && q[0] != '\0' ? q : NULL,
                                          (guint) offset, (guint) limit, &total, &error);
  if (rows == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    add_entry (b, g_ptr_array_index (rows, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "offset");
  json_builder_add_int_value (b, (gint64) offset);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_OK, b);
}

void
gp_server_add_registry_routes (GpServer *self)
{
  gp_server_add_route (self, "GET", "/api/v1/registries/{kind}", GP_ROUTE_AUTH_SESSION, registry_feed_cb);
  gp_server_add_route (self, "GET", "/api/v1/registries/{kind}/search", GP_ROUTE_AUTH_SESSION,
                       registry_search_cb);
}
