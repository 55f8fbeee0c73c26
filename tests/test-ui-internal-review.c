/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-ui-internal-review.c: inside the unit (DOMAIN.md §7), with two accounts of 中山市教育局 on
 * their own clients against the real server: the 经办 (clerk duty only) prepares an intention on
 * its page and sends it to the unit's 审核, who cannot publish it; the 审核 (reviewer duty only)
 * cannot edit it but approves it on its page; only then does the 经办's page offer to publish it,
 * and the platform records who prepared and who approved it.
 */
#include "config.h"

#include "gp-test-ui-stages.h"

static GpTestServer *server;
static GpSyncEngine *clerk;
static GpSyncEngine *reviewer;

#define INTENTION(name) tp_child (form, GP_TYPE_INTENTION_FORM, name)

static const GpApproval *
intention_approval (const GpProject *p)
{
  return p != NULL && p->intention != NULL ? &p->intention->approval : NULL;
}

static gboolean
page_prepared (gpointer page)
{
  const GpApproval *a = intention_approval (gp_project_page_get_project (page));

  return a != NULL && a->prepared;
}

static gboolean
page_approved (gpointer page)
{
  const GpApproval *a = intention_approval (gp_project_page_get_project (page));

  return a != NULL && a->approved;
}

static gboolean
prepared_on_server (gpointer id)
{
  g_autoptr(GpProject) held = st_server_project (server, "zsjy", id);

  return intention_approval (held) != NULL && intention_approval (held)->prepared;
}

static void
test_clerk_prepares_reviewer_approves_clerk_publishes (void)
{
  g_autoptr(GpProject) draft = tp_new_draft (clerk);
  g_autoptr(GpProject) held = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_months (now, 2);
  g_autofree char *month = g_date_time_format (later, "%Y-%m");
  const char *id = draft->id;
  GtkWindow *window, *rwindow;
  GpProjectPage *page, *rpage;
  AdwMessageDialog *dialog;
  gpointer form;

  /* The 经办 types the intention; the header sends it for approval, not out of the unit. */
  page = tp_open_page (clerk, id, &window);
  tp_wait_until (tp_page_loaded, page, "the clerk's project page");
  form = st_form (page, GP_STAGE_INTENTION);
  tp_type (INTENTION ("name_row"), "中山市教育局2027年教研室办公家具采购");
  tp_type (INTENTION ("summary_row"), "教研室办公桌椅及文件柜一批，替换使用超过十年的旧家具。");
  tp_type (INTENTION ("budget_row"), "180000");
  tp_type (INTENTION ("month_row"), month);
  adw_combo_row_set_selected (INTENTION ("basis_row"), GP_DISCLOSURE_BASIS_APPROVED_BUDGET);
  tp_wait_until (st_status_empty, page, "a complete intention");
  g_assert_cmpstr (tp_button_label (page), ==, _("Submit for Approval"));
  gtk_widget_activate_action (GTK_WIDGET (page), "project.primary", NULL);
  tp_wait_until (page_prepared, page, "the intention prepared");
  st_wait_syncing (clerk, prepared_on_server, (gpointer) id, "the prepared intention on the server");
  /* The 经办 cannot approve its own work (the approve button is the 审核's). */
  g_assert_false (gtk_widget_get_visible (tp_page_child (page, "approve_button")));

  /* The 审核 sees it on its own client: nothing to edit, an approval to give. */
  rpage = tp_open_page (reviewer, id, &rwindow);
  st_wait_syncing (reviewer, page_prepared, rpage, "the prepared intention on the reviewer's client");
  g_assert_true (gtk_widget_get_visible (tp_page_child (rpage, "approve_button")));
  g_assert_false (gtk_widget_is_sensitive (tp_child (st_form (rpage, GP_STAGE_INTENTION), GP_TYPE_INTENTION_FORM,
                                                     "name_row")));
  g_object_set_data (G_OBJECT (rpage), "gp-dialog", NULL);
  gtk_widget_activate_action (GTK_WIDGET (rpage), "project.approve", NULL);
  dialog = g_object_get_data (G_OBJECT (rpage), "gp-dialog");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "confirm");
  st_wait_syncing (reviewer, page_approved, rpage, "the approval on the reviewer's client");
  gtk_window_destroy (rwindow);

  /* Approved: the 经办's page now offers the publication itself. */
  st_wait_syncing (clerk, page_approved, page, "the approval on the clerk's client");
  g_assert_cmpstr (tp_button_label (page), ==, gp_action_get_label ("publish_intention"));
  tp_press_and_confirm (page, NULL);
  st_wait_page_state (page, clerk, GP_PROJECT_STATE_INTENT_PUBLISHED);

  held = st_server_project (server, "zsjy", id);
  g_assert_cmpint (held->status, ==, GP_PROJECT_STATE_INTENT_PUBLISHED);
  g_assert_cmpstr (held->intention->approval.prepared_by, ==, GP_FLOW_CLERK_LOGIN);
  g_assert_cmpstr (held->intention->approval.approved_by, ==, GP_FLOW_REVIEWER_LOGIN);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("gpcloud-ui-internal-review-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tp_init (&argc, &argv);

  server = gp_flow_server_start ();
  clerk = gp_flow_engine (server, GP_FLOW_CLERK_LOGIN);
  reviewer = gp_flow_engine (server, GP_FLOW_REVIEWER_LOGIN);

  g_test_add_func ("/ui/internal-review/clerk-prepares-reviewer-approves-clerk-publishes (DOMAIN.md §7)",
                   test_clerk_prepares_reviewer_approves_clerk_publishes);
  ret = g_test_run ();

  g_clear_object (&reviewer);
  g_clear_object (&clerk);
  gp_test_server_stop (server);
  return ret;
}
