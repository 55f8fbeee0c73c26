/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-import.c: `gpcloud-server import-units FILE.csv`: units and their accounts from the old system.
 *
 * The CSV has a header row naming its columns, in English or Chinese:
 *   name (单位名称), budget_code (预算编码), region (区划), role (角色), account (账号),
 *   and optionally duties (职责: clerk/经办, reviewer/审核, both) and uscc (统一社会信用代码, for agencies
 *   and suppliers: they see the projects entrusted to them or that they supply).
 * Each new account's first password is its unit's 预算编码 (粤财采购函〔2020〕59号 §三), stored only as an
 * Argon2id hash; the account must change it at its first sign-in. A purchaser row without an
 * account, in a region whose naming rule gives two accounts per unit ([accounts]
 * two-account-regions), gets 区划编码 + 财政编码 + 001 (审核) and + 002 (经办). Accounts that exist keep their
 * password. The file is imported whole or not at all.
 */
#include "config.h"

#include <string.h>

#include "gp-ids.h"
#include "gp-server-auth.h"
#include "gp-server-import.h"

#define MAX_REPORTED_PROBLEMS 20

/**
 * gp_csv_parse:
 * @text: RFC 4180 text (UTF-8; a leading BOM is skipped)
 * @len: its length
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type GStrv): the rows, each a %NULL-terminated array of fields;
 *   blank lines are skipped
 */
GPtrArray *
gp_csv_parse (const char  *text,
              gsize        len,
              GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + len;
  gboolean quoted = FALSE;
  gboolean field_started = FALSE;
  guint line = 1;

  if (!g_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                           "The file is not UTF-8 text (save it as CSV UTF-8)");
      return NULL;
    }

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p <= end)
    {
      char c = p < end ? *p : '\n';
      gboolean at_end = p == end;

      if (quoted)
        {
          if (at_end)
            {
              g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                           "line %u: a quoted field is not closed", line);
              return NULL;
            }
          if (c == '"')
            {
              if (p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else
                quoted = FALSE;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
        }
      else if (c == '"' && field->len == 0 && !field_started)
        {
          quoted = TRUE;
          field_started = TRUE;
        }
      else if (c == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          field_started = FALSE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          if (row->len > 0 || field->len > 0 || field_started)
            {
              g_ptr_array_add (row, g_strdup (field->str));
              g_ptr_array_add (row, NULL);
              g_ptr_array_add (rows, g_ptr_array_steal (row, NULL));
              g_ptr_array_set_free_func (row, g_free);
            }
          g_string_truncate (field, 0);
          field_started = FALSE;
          line++;
        }
      else
        {
          g_string_append_c (field, c);
          field_started = TRUE;
        }

      p++;
    }

  return g_steal_pointer (&rows);
}

enum { COL_NAME, COL_BUDGET_CODE, COL_REGION, COL_ROLE, COL_ACCOUNT, COL_DUTIES, COL_USCC, N_COLS };

static const char *const column_names[N_COLS][3] = {
  { "name", "单位名称", "名称" },
  { "budget_code", "预算编码", "财政编码" },
  { "region", "区划", "行政区划" },
  { "role", "角色", NULL },
  { "account", "账号", "login" },
  { "duties", "职责", NULL },
  { "uscc", "统一社会信用代码", NULL },
};

static gboolean
role_from_text (const char *text,
                GpRole     *out)
{
  static const struct { const char *name; GpRole role; } chinese[] = {
    { "采购人", GP_ROLE_PURCHASER },
    { "代理机构", GP_ROLE_AGENCY },
    { "集中采购机构", GP_ROLE_AGENCY },
    { "财政部门", GP_ROLE_SUPERVISOR },
    { "监管", GP_ROLE_SUPERVISOR },
    { "供应商", GP_ROLE_SUPPLIER },
    { "管理员", GP_ROLE_ADMIN },
  };

  if (gp_role_from_string (text, out))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (chinese); i++)
    if (g_strcmp0 (text, chinese[i].name) == 0)
      {
        *out = chinese[i].role;
        return TRUE;
      }
  return FALSE;
}

static void
add_problem (GString *problems,
             guint   *n_problems,
             guint    line,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (GString    *problems,
             guint      *n_problems,
             guint       line,
             const char *format,
             ...)
{
  va_list args;

  (*n_problems)++;
  if (*n_problems > MAX_REPORTED_PROBLEMS)
    return;

  g_string_append_printf (problems, "\n  row %u: ", line);
  va_start (args, format);
  g_string_append_vprintf (problems, format, args);
  va_end (args);
}

/**
 * gp_server_import_units:
 * @store: the server store
 * @config: the settings (for the password hash cost)
 * @path: the CSV file
 * @now: the time to stamp, in seconds
 * @stats: (out): what was created
 * @error: return location for a #GError
 *
 * Imports @path in one transaction: a file with any invalid row imports nothing, and the error
 * lists the rows.
 *
 * Returns: %TRUE on success
 */
gboolean
gp_server_import_units (GpServerStore   *store,
                        GpServerConfig  *config,
                        const char      *path,
                        gint64           now,
                        GpImportStats   *stats,
                        GError         **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  int columns[N_COLS];
  char **header;
  guint n_problems = 0;
  gsize len = 0;

  g_return_val_if_fail (GP_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  memset (stats, 0, sizeof *stats);

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                   "Cannot read “%s”: %s", path, local_error->message);
      return FALSE;
    }

  rows = gp_csv_parse (text, len, error);
  if (rows == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  if (rows->len == 0)
    {
      g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT, "%s: the file is empty", path);
      return FALSE;
    }

  header = g_ptr_array_index (rows, 0);
  for (guint c = 0; c < N_COLS; c++)
    {
      columns[c] = -1;
      for (guint i = 0; header[i] != NULL; i++)
        {
          g_autofree char *h = g_strstrip (g_ascii_strdown (header[i], -1));

          for (guint k = 0; k < 3 && column_names[c][k] != NULL; k++)
            if (strcmp (h, column_names[c][k]) == 0)
              columns[c] = (int) i;
        }
      if (columns[c] < 0 && c != COL_DUTIES && c != COL_USCC)
        {
          g_set_error (error, GP_SERVER_ERROR, GP_SERVER_ERROR_IMPORT,
                       "%s: the header has no “%s” (%s) column; expected: "
                       "name,budget_code,region,role,account[,duties]",
                       path, column_names[c][0], column_names[c][1]);
          return FALSE;
        }
    }

  if (!gp_server_store_begin (store, error))
    return FALSE;

  for (guint r = 1; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      guint n_fields = g_strv_length (row);
      const char *values[N_COLS] = { NULL, };
      g_autoptr(GError) field_error = NULL;
      g_autofree char *login0 = NULL;
      g_autofree char *login1 = NULL;
      const char *logins[2] = { NULL, NULL };
      GpDuty logins_duties[2] = { GP_DUTY_NONE, GP_DUTY_NONE };
      gboolean generated = FALSE;
      GpUnitRecord unit = { NULL, };
      GpDuty duties = GP_DUTY_BOTH;
      gint64 unit_id = 0;
      gboolean created = FALSE;
      gboolean row_ok = TRUE;

      for (guint c = 0; c < N_COLS; c++)
        {
          if (columns[c] >= 0 && (guint) columns[c] < n_fields)
            values[c] = g_strstrip (row[columns[c]]);
        }

      for (guint c = 0; c < N_COLS; c++)
        {
          if (c != COL_DUTIES && c != COL_USCC && c != COL_ACCOUNT && (values[c] == NULL || values[c][0] == '\0'))
            {
              add_problem (problems, &n_problems, r + 1, "“%s” is empty", column_names[c][0]);
              row_ok = FALSE;
            }
          else if (values[c] != NULL && g_utf8_strlen (values[c], -1) > 200)
            {
              add_problem (problems, &n_problems, r + 1, "“%s” is longer than 200 characters",
                           column_names[c][0]);
              row_ok = FALSE;
            }
        }
      if (!row_ok)
        continue;

      unit.name = (char *) values[COL_NAME];
      unit.budget_code = (char *) values[COL_BUDGET_CODE];
      unit.region = (char *) values[COL_REGION];

      if (!gp_budget_code_validate (unit.budget_code, &field_error))
        {
          add_problem (problems, &n_problems, r + 1, "budget code “%s”: %s", unit.budget_code,
                       field_error->message);
          g_clear_error (&field_error);
          row_ok = FALSE;
        }
      if (!gp_region_code_validate (unit.region, &field_error))
        {
          add_problem (problems, &n_problems, r + 1, "region “%s”: %s", unit.region, field_error->message);
          g_clear_error (&field_error);
          row_ok = FALSE;
        }
      if (!role_from_text (values[COL_ROLE], &unit.role))
        {
          add_problem (problems, &n_problems, r + 1,
                       "role “%s” is not one of purchaser, agency, supervisor, supplier, admin",
                       values[COL_ROLE]);
          row_ok = FALSE;
        }
      if (!gp_server_duties_from_string (values[COL_DUTIES], &duties))
        {
          add_problem (problems, &n_problems, r + 1, "duties “%s” is not one of clerk, reviewer, both",
                       values[COL_DUTIES]);
          row_ok = FALSE;
        }
      if (values[COL_USCC] != NULL && values[COL_USCC][0] != '\0')
        {
          if (!gp_uscc_validate (values[COL_USCC], &field_error))
            {
              add_problem (problems, &n_problems, r + 1, "uscc “%s”: %s", values[COL_USCC], field_error->message);
              g_clear_error (&field_error);
              row_ok = FALSE;
            }
          unit.uscc = (char *) values[COL_USCC];
        }
      if (values[COL_ACCOUNT] != NULL && strlen (values[COL_ACCOUNT]) > 64)
        {
          add_problem (problems, &n_problems, r + 1, "the account name is longer than 64 bytes");
          row_ok = FALSE;
        }
      /* Without an account name, the region's naming rule makes the accounts (DOMAIN.md §7). */
      generated = (values[COL_ACCOUNT] == NULL || values[COL_ACCOUNT][0] == '\0') && row_ok &&
                  unit.role == GP_ROLE_PURCHASER && gp_server_config_has_two_accounts (config, unit.region);
      if (!generated && (values[COL_ACCOUNT] == NULL || values[COL_ACCOUNT][0] == '\0'))
        {
          add_problem (problems, &n_problems, r + 1, "“account” is empty");
          row_ok = FALSE;
        }
      if (!row_ok || n_problems > 0)
        continue;

      if (unit.role != GP_ROLE_PURCHASER)
        duties = GP_DUTY_NONE;

      if (generated)
        {
          logins[0] = login0 = g_strconcat (unit.region, unit.budget_code, "001", NULL);
          logins_duties[0] = GP_DUTY_REVIEWER;
          logins[1] = login1 = g_strconcat (unit.region, unit.budget_code, "002", NULL);
          logins_duties[1] = GP_DUTY_CLERK;
        }
      else
        {
          logins[0] = values[COL_ACCOUNT];
          logins_duties[0] = duties;
        }

      if (!gp_server_store_ensure_unit (store, &unit, now, &unit_id, &created, &local_error))
        break;
      if (created)
        stats->units_created++;
      else
        stats->units_existing++;

      for (guint k = 0; k < G_N_ELEMENTS (logins) && logins[k] != NULL && local_error == NULL; k++)
        {
          g_autoptr(GpAccount) existing = gp_server_store_lookup_account (store, logins[k], &local_error);
          g_autofree char *hash = NULL;

          if (local_error != NULL)
            break;
          if (existing != NULL)
            {
              stats->accounts_existing++;
              continue;
            }

          hash = gp_auth_hash_password (config, unit.budget_code, &local_error);
          if (hash == NULL ||
              !gp_server_store_add_account (store, unit_id, logins[k], hash, logins_duties[k], now,
                                            &created, &local_error))
            break;
          if (created)
            stats->accounts_created++;
          else
            stats->accounts_existing++;
        }
      if (local_error != NULL)
        break;
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
