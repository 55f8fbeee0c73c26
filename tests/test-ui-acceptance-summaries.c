/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-acceptance-summaries.c: the 履约验收 form's collapsed rows say what is inside them: each
 * member of the acceptance team with their role and whether they signed, each standard of the
 * contract with its result, as loaded and as the officer types.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gp-acceptance-form.h"
#include "gp-app-labels.h"
#include "gp-application.h"

/* The expander rows of the form, in order. */
static void
collect_expanders (GtkWidget *widget,
                   GPtrArray *out)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_expanders (c, out);
}

static AdwExpanderRow *
expander_titled (GtkWidget  *root,
                 const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_expanders (root, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  g_error ("No expander row titled “%s”", title);
  return NULL;
}

/* The first entry row and the first shown switch inside @line. */
static void
parts_of (GtkWidget  *line,
          GtkWidget **entry,
          GtkWidget **sw)
{
  if (ADW_IS_ENTRY_ROW (line) && *entry == NULL)
    *entry = line;
  /* Not the expander's own enable switch, which it keeps hidden. */
  if (GTK_IS_SWITCH (line) && gtk_widget_get_visible (line) && *sw == NULL)
    *sw = line;
  for (GtkWidget *c = gtk_widget_get_first_child (line); c != NULL; c = gtk_widget_get_next_sibling (c))
    parts_of (c, entry, sw);
}

static GpProject *
contracted_project (void)
{
  GpProject *p = gp_project_new_draft ("442000");
  GpContract *c = gp_contract_new ();
  GpAcceptance *a = gp_acceptance_new ();
  GpTeamMember *m = gp_team_member_new ();
  GpCriterionResult *r = gp_criterion_result_new ();

  c->id = g_strdup ("c1");
  c->number = g_strdup ("ZS-HT-2026-031");
  c->title = g_strdup ("学生课桌椅采购合同");
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("桌面尺寸 1200×600mm"));
  g_ptr_array_add (c->acceptance_criteria, g_strdup ("甲醛释放量 ≤0.05mg/m³"));
  g_ptr_array_add (p->contracts, c);

  a->id = g_strdup ("a1");
  a->contract_id = g_strdup ("c1");
  m->name = g_strdup ("李明");
  m->role = g_strdup ("组长");
  m->has_signed = TRUE;
  g_ptr_array_add (a->team, m);
  r->criterion = g_strdup ("桌面尺寸 1200×600mm");
  r->actual = g_strdup ("抽检10张，均为1200×600mm");
  r->passed = TRUE;
  g_ptr_array_add (a->results, r);
  g_ptr_array_add (p->acceptances, a);
  return p;
}

static void
test_collapsed_rows_say_what_they_hold (void)
{
  g_autoptr(GpProject) project = contracted_project ();
  GpAcceptanceForm *form = gp_acceptance_form_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GpStageFormContext ctx = { GP_ROLE_PURCHASER, GP_DUTY_BOTH, TRUE, NULL };
  g_autofree char *signed_summary = g_strdup_printf ("组长 · %s", _("Signed"));
  g_autofree char *met_summary = g_strdup_printf ("%s · 抽检10张，均为1200×600mm", _("Met"));
  AdwExpanderRow *row;
  GtkWidget *entry = NULL, *sw = NULL;

  gtk_window_set_child (window, GTK_WIDGET (form));
  gtk_window_present (window);
  gp_stage_form_load (GP_STAGE_FORM (form), project, &ctx);
  g_assert_cmpstr (gp_acceptance_form_get_mode (form), ==, "report");

  /* Loaded: the member by name, role and signature; each standard by its result. */
  row = expander_titled (GTK_WIDGET (form), "李明");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, signed_summary);
  row = expander_titled (GTK_WIDGET (form), "桌面尺寸 1200×600mm");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, met_summary);
  row = expander_titled (GTK_WIDGET (form), "甲醛释放量 ≤0.05mg/m³");
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, _("Not filled in"));

  /* Typed: the summary follows. */
  parts_of (GTK_WIDGET (row), &entry, &sw);
  gtk_editable_set_text (GTK_EDITABLE (entry), "检测报告 0.02mg/m³");
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  {
    g_autofree char *want = g_strdup_printf ("%s · 检测报告 0.02mg/m³", _("Met"));

    g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, want);
  }

  gp_acceptance_form_add_member (form, "王芳", "专家", FALSE);
  row = expander_titled (GTK_WIDGET (form), "王芳");
  {
    g_autofree char *want = g_strdup_printf ("专家 · %s", _("Not signed yet"));

    g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, want);
  }

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/acceptance/collapsed-rows-say-what-they-hold", test_collapsed_rows_say_what_they_hold);
  return g_test_run ();
}
