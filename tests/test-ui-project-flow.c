/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-project-flow.c: the project page against the real server: an intention typed into its
 * form, its problems shown under the fields as the officer types, published through the header
 * button and its confirmation, and the plan started and filled in.
 */
#include "config.h"

#include "gp-form-fields.h"
#include "gp-test-ui-project.h"

static GpTestServer *server;

static void
expected_month_text (char *buf,
                     gsize size)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_months (now, 3);

  g_snprintf (buf, size, "%04d-%02d", g_date_time_get_year (later), g_date_time_get_month (later));
}

/* The reading beside an entry row (the dim label at its end), or NULL. */
static const char *
hint_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "dim-label") &&
      gtk_widget_has_css_class (widget, "numeric"))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *found = hint_of (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
status_is_empty (gpointer data)
{
  return gtk_label_get_text (GTK_LABEL (tp_page_child (data, "status_label")))[0] == '\0';
}

static gboolean
autosave_shown (gpointer data)
{
  return gtk_label_get_text (GTK_LABEL (tp_page_child (data, "autosave_label")))[0] != '\0';
}

static void
test_intention_is_checked_as_typed_and_published (void)
{
  g_autoptr(GpSyncEngine) engine = tp_sign_in (server, "zsjy");
  g_autoptr(GpProject) draft = tp_new_draft (engine);
  GtkWindow *window;
  GpProjectPage *page = tp_open_page (engine, draft->id, &window);
  GtkWidget *form;
  char month[16];

  tp_wait_until (tp_page_loaded, page, "the project");
  form = gp_project_page_get_form (page, GP_STAGE_INTENTION);
  g_assert_true (GP_IS_INTENTION_FORM (form));

  /* The stepper: the intention is the current stage, the others not yet. */
  {
    GtkWidget *step = gtk_widget_get_first_child (tp_page_child (page, "stepper"));
    GtkWidget *box = gtk_button_get_child (GTK_BUTTON (step));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box))), ==, "● 采购意向公开");
  }

  /* The header button names the step; what is missing is said under each field and counted. */
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("publish_intention"));
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row"), "x");
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row"), "");
  g_assert_nonnull (tp_error_under (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (tp_page_child (page, "status_label"))), "还有"));

  /* A budget the app cannot read is said at once; a good one is read back in 元 and 万元. */
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "budget_row"), "四十万");
  g_assert_nonnull (tp_error_under (tp_child (form, GP_TYPE_INTENTION_FORM, "budget_row")));
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "budget_row"), "48.6万");
  g_assert_null (tp_error_under (tp_child (form, GP_TYPE_INTENTION_FORM, "budget_row")));

  expected_month_text (month, sizeof month);
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row"), "中山市教育局办公设备采购项目");
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "summary_row"), "采购台式计算机60台、激光打印机10台，用于局机关日常办公。");
  tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row"), month);
  adw_combo_row_set_selected (tp_child (form, GP_TYPE_INTENTION_FORM, "basis_row"), GP_DISCLOSURE_BASIS_APPROVED_BUDGET);
  g_assert_null (tp_error_under (tp_child (form, GP_TYPE_INTENTION_FORM, "name_row")));
  g_assert_null (tp_error_under (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row")));

  /* 预计采购时间 is a month (DOMAIN.md §1.2): read back as one, with no day; 2026年12月 is taken too. */
  {
    GDate first;
    g_autofree char *full_date = NULL;
    g_autofree char *year = NULL;
    g_autofree char *chinese = NULL;
    g_autofree char *hint = NULL;

    g_assert_true (gp_form_parse_date (month, TRUE, &first));
    full_date = gp_format_form_date (&first);
    year = g_strdup_printf ("%u", g_date_get_year (&first));
    hint = g_strdup (hint_of (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row")));
    g_assert_nonnull (hint);
    g_assert_cmpstr (hint, !=, full_date);
    g_assert_nonnull (strstr (hint, year));
    g_assert_null (strstr (hint, "日"));
    g_assert_null (strstr (hint, ", "));

    chinese = g_strdup_printf ("%u年%u月", g_date_get_year (&first), g_date_get_month (&first));
    tp_type (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row"), chinese);
    g_assert_null (tp_error_under (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row")));
    g_assert_cmpstr (hint_of (tp_child (form, GP_TYPE_INTENTION_FORM, "month_row")), ==, hint);
    g_assert_cmpint (g_date_compare (&gp_project_page_get_project (page)->intention->expected_month, &first), ==, 0);
  }
  tp_wait_until (status_is_empty, page, "no problem left");

  /* Saved on this computer, then sent: the server publishes the intention. */
  tp_wait_until (autosave_shown, page, "the autosave mark");
  tp_press_and_confirm (page, NULL);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (tp_page_child (page, "status_label"))), "待发送"));
  tp_wait_state (page, GP_PROJECT_STATE_INTENT_PUBLISHED);
  g_assert_true (gp_datetime_is_set (gp_project_page_get_project (page)->intention->published));

  /* Next: the plan. */
  g_assert_cmpstr (gp_project_page_get_primary_action (page), ==, "start_plan");
  tp_press_and_confirm (page, NULL);
  tp_wait_state (page, GP_PROJECT_STATE_PLAN_DRAFT);
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("submit_plan"));
  /* The page follows the project to the stage the officer now works on. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (tp_page_child (page, "stack"))), ==, "plan");

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  tp_init (&argc, &argv);
  g_test_add_func ("/ui/project/intention-is-checked-as-typed-and-published",
                   test_intention_is_checked_as_typed_and_published);

  server = gp_test_server_start_with_units (GP_TEST_FAST_HASH_CONFIG, &error);
  g_assert_no_error (error);
  ret = g_test_run ();
  gp_test_server_stop (server);
  return ret;
}
