/* SPDX-License-Identifier: GPL-3.0-or-later
 * main.c: sets up translations and runs the gpcloud application.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GpApplication) app = NULL;

  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();

  app = gp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
