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

static const char *const role_names[] = {
  [GP_ROLE_PURCHASER] = "purchaser",
  [GP_ROLE_AGENCY] = "agency",
  [GP_ROLE_SUPERVISOR] = "supervisor",
  [GP_ROLE_SUPPLIER] = "supplier",
  [GP_ROLE_ADMIN] = "admin",
  [GP_ROLE_SYSTEM] = "system",
};

const char *
gp_server_role_to_string (GpRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);

  return role_names[role];
}

/* Accounts never carry the system role, so it is not accepted here. */
gboolean
gp_server_role_from_string (const char *name,
                            GpRole     *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (i != GP_ROLE_SYSTEM && g_strcmp0 (role_names[i], name) == 0)
        {
          *out = (GpRole) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
gp_server_duties_to_string (GpDuty duties)
{
  switch ((int) duties)
    {
    case GP_DUTY_CLERK:
      return "clerk";
    case GP_DUTY_REVIEWER:
      return "reviewer";
    case GP_DUTY_BOTH:
      return "both";
    default:
      return "none";
    }
}

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
