/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-role.c: the wire names of roles (DOMAIN.md §5) and purchaser duties (DOMAIN.md §7).
 */
#include "config.h"

#include "gp-role.h"

static const char *const role_names[] = {
  [GP_ROLE_PURCHASER] = "purchaser",
  [GP_ROLE_AGENCY] = "agency",
  [GP_ROLE_SUPERVISOR] = "supervisor",
  [GP_ROLE_SUPPLIER] = "supplier",
  [GP_ROLE_ADMIN] = "admin",
  [GP_ROLE_SYSTEM] = "system",
};

static const char *const duty_names[] = {
  [GP_DUTY_NONE] = "none",
  [GP_DUTY_CLERK] = "clerk",
  [GP_DUTY_REVIEWER] = "reviewer",
  [GP_DUTY_BOTH] = "both",
};

const char *
gp_role_to_string (GpRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);

  return role_names[role];
}

/**
 * gp_role_from_string:
 *
 * Returns: %TRUE if @name is a role an account can hold (never "system").
 */
gboolean
gp_role_from_string (const char *name,
                     GpRole     *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (role_names); i++)
    {
      if (i != GP_ROLE_SYSTEM && g_str_equal (role_names[i], name))
        {
          *out = (GpRole) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
gp_duty_to_string (GpDuty duty)
{
  g_return_val_if_fail ((guint) duty < G_N_ELEMENTS (duty_names), NULL);

  return duty_names[duty];
}

gboolean
gp_duty_from_string (const char *name,
                     GpDuty     *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (duty_names); i++)
    {
      if (g_str_equal (duty_names[i], name))
        {
          *out = (GpDuty) i;
          return TRUE;
        }
    }

  return FALSE;
}
