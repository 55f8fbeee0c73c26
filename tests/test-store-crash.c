/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-store-crash.c: a child saving drafts is killed with SIGKILL at random moments, over and over;
 * after every kill the database is intact and holds every save the child reported as done.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gp-db.h"
#include "gp-store.h"

#define N_KILLS       220
#define N_PROJECTS    6
#define MAX_DELAY_MS  100

/* ------------------------------------------------------------------------------------------------
 * The child: saves drafts in a loop, printing "id version" only after each save succeeded.
 */

static int
child_main (const char *path)
{
  g_autoptr(GpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);

  store = gp_store_new (path, &error);
  if (store == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < N_PROJECTS; i++)
    {
      GpProject *p = gp_project_new_draft ("440000");

      p->intention = gp_intention_new ();
      p->intention->summary = g_strnfill (200 + g_random_int_range (0, 2000), 'x');
      g_ptr_array_add (projects, p);
    }

  for (guint64 n = 0; ; n++)
    {
      GpProject *p = g_ptr_array_index (projects, n % N_PROJECTS);
      gint64 version = 0;

      g_free (p->intention->name);
      p->intention->name = g_strdup_printf ("崩溃测试草稿 %" G_GUINT64_FORMAT, n);
      p->updated = g_get_real_time ();

      if (!gp_store_save_project_sync (store, p, &version, NULL, &error))
        {
          g_printerr ("child: save failed: %s\n", error->message);
          return 1;
        }

      /* Reported only now that the save is done. */
      printf ("%s %" G_GINT64_FORMAT "\n", p->id, version);
      fflush (stdout);
    }

  return 0;
}

/* ------------------------------------------------------------------------------------------------
 * The parent
 */

typedef struct {
  char *dir;
  char *path;
} Fixture;

static char *
read_all (GInputStream *stream)
{
  GString *out = g_string_new (NULL);
  char buf[8192];
  gssize n;

  while ((n = g_input_stream_read (stream, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (out, buf, n);
  return g_string_free (out, FALSE);
}

/* Parses the complete lines of @output into @reported (id → highest version). */
static guint
parse_reports (const char *output,
               GHashTable *reported)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  guint n = 0;

  /* The last element follows the last newline: a line cut by the kill, or empty. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 2);
      gint64 version;
      gpointer old;

      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      version = g_ascii_strtoll (parts[1], NULL, 10);
      g_assert_cmpint (version, >, 0);
      old = g_hash_table_lookup (reported, parts[0]);
      if (old == NULL || version > *(gint64 *) old)
        {
          gint64 *box = g_new (gint64, 1);

          *box = version;
          g_hash_table_replace (reported, g_strdup (parts[0]), box);
        }
      n++;
    }
  return n;
}

static void
verify (const char *path,
        GHashTable *reported,
        gboolean    through_store)
{
  g_autoptr(GpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Killed before the file was made: then nothing can have been reported. */
      g_assert_cmpuint (g_hash_table_size (reported), ==, 0);
      return;
    }

  db = gp_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gp_db_integrity_check (db, &error));
  g_assert_no_error (error);

  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GpDbStmt) stmt = gp_db_prepare (db, "SELECT local_version FROM projects WHERE id = ?",
                                                &error);

      g_assert_no_error (error);
      gp_db_bind_text (stmt, 1, key);
      if (!gp_db_step_row (stmt, &error))
        g_error ("Save of %s (version %" G_GINT64_FORMAT ") was reported but is lost",
                 (char *) key, *(gint64 *) value);
      g_assert_cmpint (gp_db_column_get_int64 (stmt, 0), >=, *(gint64 *) value);
    }
  gp_db_close (db, NULL);

  if (through_store)
    {
      /* The store itself opens it and every reported draft decodes. */
      g_autoptr(GpStore) store = gp_store_new (path, &error);

      g_assert_no_error (error);
      g_hash_table_iter_init (&iter, reported);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autoptr(GpStoredProject) stored = gp_store_load_project_sync (store, key, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpint (stored->local_version, >=, *(gint64 *) value);
          g_assert_true (g_str_has_prefix (stored->project->intention->name, "崩溃测试草稿"));
        }
    }
}

static void
test_sigkill_loses_no_reported_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *dir = g_dir_make_tmp ("gp-test-store-crash-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "crash.db", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  guint n_reports = 0, n_kills_after_saves = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);

  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *output = NULL;
      guint n;

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_exe, "--child", path, NULL);
      g_assert_no_error (error);

      g_autoptr(GString) first = g_string_new (NULL);
      g_autofree char *rest = NULL;

      /* Random moments: during start-up and migration, mid-save, mid-checkpoint. Two runs in three
       * wait for the child's first reported save, so that the kills land among saves however slow
       * the start-up is (an ASan build starts several times slower). */
      if (i % 3 != 0)
        {
          GInputStream *pipe = g_subprocess_get_stdout_pipe (child);
          char c = 0;

          while (c != '\n' && g_input_stream_read (pipe, &c, 1, NULL, NULL) == 1)
            g_string_append_c (first, c);
        }
      g_usleep (g_random_int_range (1, MAX_DELAY_MS) * 1000);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

      rest = read_all (g_subprocess_get_stdout_pipe (child));
      output = g_strconcat (first->str, rest, NULL);
      n = parse_reports (output, reported);
      n_reports += n;
      n_kills_after_saves += n > 0;

      verify (path, reported, i % 20 == 19);
    }

  g_test_message ("%u kills (%u after reported saves), %u reported saves checked, %u projects, %.1f s",
                  N_KILLS, n_kills_after_saves, n_reports, g_hash_table_size (reported),
                  (g_get_monotonic_time () - start) / 1e6);
  g_print ("# %u kills (%u after reported saves), %u reported saves, %.1f s\n",
           N_KILLS, n_kills_after_saves, n_reports, (g_get_monotonic_time () - start) / 1e6);

  /* Many runs got far enough to save: the kills did land among saves (the others landed in
   * start-up and migration, which is also worth killing). */
  g_assert_cmpuint (n_kills_after_saves, >=, N_KILLS / 3);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);

        g_unlink (p);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--child") == 0)
    return child_main (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/crash/sigkill-loses-no-reported-save", test_sigkill_loses_no_reported_save);

  return g_test_run ();
}
