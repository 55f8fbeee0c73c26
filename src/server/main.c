/* SPDX-License-Identifier: GPL-3.0-or-later
 * main.c: gpcloud-server's command line; it parses options and runs a GpServer.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "gp-server.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GpServerConfig) config = NULL;
  g_autoptr(GpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *config_file = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      "Listen on ADDR:PORT (default " GP_SERVER_DEFAULT_LISTEN "; port 0 picks a free port)", "ADDR:PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Keep the database (" GP_SERVER_DATABASE_NAME ") in DIR, created if missing", "DIR" },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &config_file,
      "Read settings from FILE ([server] and [accounts] groups); flags override it", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  context = g_option_context_new ("[import-units FILE.csv | import-registry KIND FILE | seed-demo] - the central platform of Guangdong government procurement");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Serves the gpcloud API over HTTP. Prints “listening on URL” once ready;\n"
                                "SIGTERM or SIGINT stop it cleanly.\n"
                                "\n"
                                "Commands:\n"
                                "  import-units FILE.csv   Import units and accounts (header: name,budget_code,\n"
                                "                          region,role,account[,duties]); each new account's\n"
                                "                          first password is its unit's budget code.\n"
                                "  import-registry KIND FILE\n"
                                "                          Import a registry (purchaser, expert, agency,\n"
                                "                          supplier, product) from CSV or a JSON array.\n"
                                "  seed-demo               Fill the data directory with a demo province and\n"
                                "                          print its logins.");

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gpcloud-server: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("gpcloud-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc > 1 && g_strcmp0 (argv[1], "import-units") != 0 && g_strcmp0 (argv[1], "import-registry") != 0 &&
      g_strcmp0 (argv[1], "seed-demo") != 0)
    {
      g_printerr ("gpcloud-server: unknown command “%s”; see --help\n", argv[1]);
      return 2;
    }

  if (argc > 1 && g_strcmp0 (argv[1], "import-units") == 0 && argc != 3)
    {
      g_printerr ("gpcloud-server: usage: gpcloud-server import-units FILE.csv [--data-dir DIR] [--config FILE]\n");
      return 2;
    }

  if (argc > 1 && g_strcmp0 (argv[1], "seed-demo") == 0 && argc != 2)
    {
      g_printerr ("gpcloud-server: usage: gpcloud-server seed-demo [--data-dir DIR] [--config FILE]\n");
      return 2;
    }

  if (argc > 1 && g_strcmp0 (argv[1], "import-registry") == 0 && argc != 4)
    {
      g_printerr ("gpcloud-server: usage: gpcloud-server import-registry KIND FILE [--data-dir DIR]\n"
                  "  KIND: purchaser, expert, agency, supplier or product; FILE: CSV or a JSON array\n");
      return 2;
    }

  config = gp_server_config_new ();
  if (config_file != NULL && !gp_server_config_load_file (config, config_file, &error))
    {
      g_printerr ("gpcloud-server: %s\n", error->message);
      return 2;
    }

  if (listen != NULL)
    {
      g_free (config->listen);
      config->listen = g_steal_pointer (&listen);
    }
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }

  if (!gp_server_config_validate (config, &error))
    {
      g_printerr ("gpcloud-server: %s\n", error->message);
      return 2;
    }

  server = gp_server_new (g_steal_pointer (&config));

  if (argc == 2)
    return gp_server_seed_demo_data (server);
  if (argc == 3)
    return gp_server_import_units_file (server, argv[2]);
  if (argc == 4)
    return gp_server_import_registry_file (server, argv[2], argv[3]);

  return gp_server_run (server);
}
