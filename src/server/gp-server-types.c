/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-types.c: the records the server store hands to the routes (accounts, sessions, audit).
 */
#include "config.h"

#include "gp-server-types.h"

void
gp_unit_record_free (GpUnitRecord *unit)
{
  if (unit == NULL)
    return;
  g_free (unit->name);
  g_free (unit->budget_code);
  g_free (unit->region);
  g_free (unit->uscc);
  g_free (unit);
}

void
gp_account_free (GpAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->login);
  g_free (account->password_hash);
  g_free (account->unit_name);
  g_free (account->budget_code);
  g_free (account->region);
  g_free (account->uscc);
  g_free (account);
}

void
gp_session_free (GpSession *session)
{
  if (session == NULL)
    return;
  gp_account_free (session->account);
  g_free (session);
}

void
gp_audit_entry_free (GpAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->account);
  g_free (entry->address);
  g_free (entry->action);
  g_free (entry->object);
  g_free (entry->outcome);
  g_free (entry->detail);
  g_free (entry);
}

/* Role and duty wire names are src/core's (gp-role.h). This also reads the import file's spellings
 * of a duty: 经办, 审核, and empty for an account that holds both. */
gboolean
gp_server_duties_from_string (const char *name,
                              GpDuty     *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (name, "clerk") == 0 || g_strcmp0 (name, "经办") == 0)
    *out = GP_DUTY_CLERK;
  else if (g_strcmp0 (name, "reviewer") == 0 || g_strcmp0 (name, "审核") == 0)
    *out = GP_DUTY_REVIEWER;
  else if (g_strcmp0 (name, "both") == 0 || name == NULL || name[0] == '\0')
    *out = GP_DUTY_BOTH;
  else if (g_strcmp0 (name, "none") == 0)
    *out = GP_DUTY_NONE;
  else
    return FALSE;
  return TRUE;
}
