/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-print-pdf.c: the current stage's filing form saved as PDF from the project page
 * (gp_project_page_export_pdf(), the print layout) and read back with pdftotext: the unit, the
 * project's number and name, every field label of the stage, and the signature and seal lines.
 */
#include "config.h"

#include "gp-test-ui-stages.h"

static GpTestServer *server;

/* The titles of the visible rows and groups of a form, as the print-out lists them. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

      if (title != NULL && *title != '\0')
        g_ptr_array_add (out, g_strdup (title));
      if (!ADW_IS_EXPANDER_ROW (widget))
        return;
      /* A switched-off expander (免于公开: 否) has nothing under it to print. */
      if (adw_expander_row_get_show_enable_switch (ADW_EXPANDER_ROW (widget)) &&
          !adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (widget)))
        return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

/* pdftotext joins wrapped lines differently: compare without white space. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static void
test_intention_filing_form_as_pdf (void)
{
  g_autoptr(GpSyncEngine) engine = tp_sign_in (server, "zsjy");
  g_autoptr(GpProject) draft = tp_new_draft (engine);
  g_autofree char *dir = g_dir_make_tmp ("gpcloud-pdf-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "intention.pdf", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GpProjectPage *page;
  GtkWidget *form;
  gsize length = 0;

  draft->intention->name = g_strdup ("中山市教育局办公设备采购项目");
  draft->intention->summary = g_strdup ("采购台式计算机60台、激光打印机10台，用于局机关日常办公。");
  draft->intention->budget = 48600000;
  draft->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;
  {
    GDate d;

    gp_date_get_today (&d);
    g_date_add_months (&d, 3);
    g_date_set_day (&d, 1);
    draft->intention->expected_month = d;
  }
  tp_save_project (engine, draft);

  page = tp_open_page (engine, draft->id, &window);
  tp_wait_until (tp_page_loaded, page, "the project");
  form = st_form (page, GP_STAGE_INTENTION);
  collect_labels (form, labels);
  g_assert_cmpuint (labels->len, >=, 6);

  g_assert_true (gp_project_page_export_pdf (page, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils, build-aux/deps.sh) is not installed: the text is not checked");
      gtk_window_destroy (window);
      return;
    }

  {
    const char *argv[] = { pdftotext, "-enc", "UTF-8", pdf, "-", NULL };
    g_autofree char *out = NULL;
    g_autofree char *flat = NULL;
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    flat = squeeze (out);
    g_test_message ("%s", out);
    g_assert_nonnull (strstr (flat, "中山市教育局"));
    g_assert_nonnull (strstr (flat, "442000101"));
    g_assert_nonnull (strstr (flat, "中山市教育局办公设备采购项目"));
    g_assert_nonnull (strstr (flat, draft->id));
    for (guint i = 0; i < labels->len; i++)
      {
        g_autofree char *label = squeeze (g_ptr_array_index (labels, i));

        if (strstr (flat, label) == NULL)
          g_error ("The field “%s” is not in the PDF", (const char *) g_ptr_array_index (labels, i));
      }
    g_assert_nonnull (strstr (flat, "经办人"));
    g_assert_nonnull (strstr (flat, "审核人"));
    g_assert_nonnull (strstr (flat, "盖章"));
  }

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-pdf-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tp_init (&argc, &argv);

  server = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ui/print-pdf/intention-filing-form", test_intention_filing_form_as_pdf);
  ret = g_test_run ();

  gp_test_server_stop (server);
  return ret;
}
