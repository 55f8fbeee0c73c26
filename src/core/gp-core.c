/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-core.c: version of the domain core.
 */
#include "config.h"

#include "gp-core.h"

const char *
gp_core_get_version (void)
{
  return PACKAGE_VERSION;
}
