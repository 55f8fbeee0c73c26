/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-window.c: the gpcloud main window. Signed out it shows the sign-in page (and, for the first
 * sign-in, the forced password change); signed in, an AdwLeaflet with the role's sidebar, the account
 * and sync state at its foot, and the pages: 工作台, 采购项目, 基础库, 公告.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-conflict-dialog.h"
#include "gp-notices-page.h"
#include "gp-password-page.h"
#include "gp-project-list-page.h"
#include "gp-project-page.h"
#include "gp-queue-page.h"
#include "gp-registry-page.h"
#include "gp-sign-in-page.h"
#include "gp-sync-indicator.h"
#include "gp-window.h"
#include "gp-workbench-page.h"

/* A sidebar entry: the page it shows, and for the role queues the status the list is filtered by. */
typedef struct {
  const char *page;
  const char *label;
  const char *icon;
  int         state;  /* GpProjectState for a queue, -1 otherwise */
} SidebarEntry;

struct _GpWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkStack          *main_stack;
  GpSignInPage      *sign_in_page;
  GpPasswordPage    *password_page;
  AdwLeaflet        *leaflet;
  GtkListBox        *sidebar_list;
  AdwWindowTitle    *window_title;
  GpSyncIndicator   *sync_indicator;
  GtkLabel          *account_label;
  GtkLabel          *sync_label;
  GtkStack          *content_stack;
  GpWorkbenchPage   *workbench_page;
  GpProjectListPage *project_list_page;
  GpRegistryPage    *registry_page;
  GpNoticesPage     *notices_page;

  /* Owned references */
  GCancellable *cancellable;
  GpStore      *store;

  /* Borrowed references */
  GpSettings   *settings;
  GpSyncEngine *engine;
};

G_DEFINE_FINAL_TYPE (GpWindow, gp_window, ADW_TYPE_APPLICATION_WINDOW)

static void gp_window_update_server (GpWindow *self);
static void update_badges           (GpWindow *self);

/* ------------------------------------------------------------------------------------------------
 * The sidebar
 */

static GPtrArray *
sidebar_entries (const GpAccount *account)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_free);
  GpRole role = account != NULL ? account->role : GP_ROLE_PURCHASER;

#define ADD(page_, label_, icon_, state_) G_STMT_START { \
    SidebarEntry *e = g_new0 (SidebarEntry, 1); \
    e->page = page_; e->label = label_; e->icon = icon_; e->state = state_; \
    g_ptr_array_add (entries, e); \
  } G_STMT_END

  /* Translators: sidebar entry, 工作台. */
  ADD ("workbench", _("Workbench"), "view-grid-symbolic", -1);

  switch (role)
    {
    case GP_ROLE_SUPERVISOR:
      /* Translators: sidebar entry, 待审核计划备案. */
      ADD ("plan-filings", _("Plans Awaiting Filing"), "mail-inbox-symbolic", GP_PROJECT_STATE_PLAN_SUBMITTED);
      /* Translators: sidebar entry, 待审核合同备案. */
      ADD ("contract-filings", _("Contracts Awaiting Filing"), "mail-inbox-symbolic", GP_PROJECT_STATE_CONTRACT_PUBLISHED);
      /* Translators: sidebar entry, 辖区项目. */
      ADD ("projects", _("Projects in My Region"), "view-list-symbolic", -1);
      break;

    case GP_ROLE_AGENCY:
      /* Translators: sidebar entry, 委托项目. */
      ADD ("entrusted", _("Entrusted Projects"), "view-list-symbolic", -1);
      break;

    case GP_ROLE_SUPPLIER:
      /* Translators: sidebar entry, 订单. */
      ADD ("orders", _("Orders"), "view-list-symbolic", -1);
      /* Translators: sidebar entry, 合同. */
      ADD ("supplier-contracts", _("Contracts"), "view-list-symbolic", -1);
      break;

    case GP_ROLE_PURCHASER:
    case GP_ROLE_ADMIN:
    case GP_ROLE_SYSTEM:
    default:
      /* Translators: sidebar entry, 采购项目. */
      ADD ("projects", _("Procurement Projects"), "view-list-symbolic", -1);
      break;
    }

  if (role != GP_ROLE_SUPPLIER)
    /* Translators: sidebar entry, 基础库. */
    ADD ("registries", _("Registries"), "x-office-address-book-symbolic", -1);
  /* Translators: sidebar entry, 公告. */
  ADD ("notices", _("Public Notices"), "mail-unread-symbolic", -1);

#undef ADD

  return entries;
}

static void
build_sidebar (GpWindow        *self,
               const GpAccount *account)
{
  g_autoptr(GPtrArray) entries = sidebar_entries (account);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list))) != NULL)
    gtk_list_box_remove (self->sidebar_list, child);

  for (guint i = 0; i < entries->len; i++)
    {
      const SidebarEntry *e = g_ptr_array_index (entries, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (e->label);
      GtkWidget *badge = gtk_label_new (NULL);

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (e->icon));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (badge, "dim-label");
      gtk_widget_add_css_class (badge, "numeric");
      gtk_widget_set_visible (badge, FALSE);
      gtk_box_append (GTK_BOX (box), badge);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, e->label, -1);

      g_object_set_data (G_OBJECT (row), "gp-page", (gpointer) e->page);
      g_object_set_data (G_OBJECT (row), "gp-state", GINT_TO_POINTER (e->state));
      g_object_set_data (G_OBJECT (row), "gp-badge", badge);
      gtk_list_box_append (self->sidebar_list, row);
    }
}

static void
set_badge (GtkListBoxRow *row,
           guint          count)
{
  GtkLabel *badge = g_object_get_data (G_OBJECT (row), "gp-badge");
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (badge, text);
  gtk_widget_set_visible (GTK_WIDGET (badge), count > 0);
}

typedef struct {
  GpWindow      *self;
  GtkListBoxRow *row;
} BadgeData;

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BadgeData *data = user_data;
  guint count = 0;

  if (gp_store_count_finish (GP_STORE (object), result, &count, NULL) &&
      !g_cancellable_is_cancelled (data->self->cancellable) &&
      gtk_widget_get_parent (GTK_WIDGET (data->row)) != NULL)
    set_badge (data->row, count);

  g_object_unref (data->row);
  g_object_unref (data->self);
  g_free (data);
}

static void
update_badges (GpWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *page = g_object_get_data (G_OBJECT (child), "gp-page");
      int state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "gp-state"));

      if (g_strcmp0 (page, "workbench") == 0)
        {
          set_badge (GTK_LIST_BOX_ROW (child), gp_workbench_page_get_n_todos (self->workbench_page));
        }
      else if (g_strcmp0 (page, "projects") == 0 && self->store != NULL)
        {
          g_autoptr(GpStoreQuery) query = gp_store_query_new ();
          BadgeData *data = g_new0 (BadgeData, 1);

          query->state = state;
          data->self = g_object_ref (self);
          data->row = g_object_ref (GTK_LIST_BOX_ROW (child));
          gp_store_count_async (self->store, query, self->cancellable, count_cb, data);
        }
    }
}

void
gp_window_show_page (GpWindow   *self,
                     const char *name)
{
  g_return_if_fail (GP_IS_WINDOW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "gp-page"), name) == 0)
      {
        gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (child));
        return;
      }
}

static void
sidebar_row_selected_cb (GpWindow      *self,
                         GtkListBoxRow *row)
{
  const char *page;

  if (row == NULL)
    return;

  page = g_object_get_data (G_OBJECT (row), "gp-page");
  gtk_stack_set_visible_child_name (self->content_stack, page);

  if (g_strcmp0 (page, "notices") == 0)
    gp_notices_page_refresh (self->notices_page);
}

static void
sidebar_row_activated_cb (GpWindow      *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
folded_changed_cb (GpWindow *self)
{
  /* Unfolded, the sidebar always shows where one is. */
  if (!adw_leaflet_get_folded (self->leaflet) && gtk_list_box_get_selected_row (self->sidebar_list) == NULL)
    gp_window_show_page (self, "workbench");
}

/* ------------------------------------------------------------------------------------------------
 * Signing in and out
 */

static void
update_sync_state (GpWindow *self)
{
  g_autofree char *summary = gp_sync_status_describe (self->engine);

  gtk_label_set_text (self->sync_label, summary);
  gp_workbench_page_set_sync_state (self->workbench_page, summary);
}

static void
enter_main (GpWindow *self)
{
  const GpAccount *account = gp_sync_engine_get_account (self->engine);
  GpStore *store = gp_sync_engine_get_store (self->engine);
  g_autofree char *who = NULL;
  const char *duty;

  g_return_if_fail (account != NULL);

  g_set_object (&self->store, store);

  duty = account->role == GP_ROLE_PURCHASER ? gp_duty_get_label (account->duties) : "";
  if (duty == NULL || *duty == '\0')
    duty = gp_role_get_label (account->role);
  who = g_strdup_printf ("%s · %s", account->unit_name != NULL ? account->unit_name : account->login, duty);
  gtk_label_set_text (self->account_label, who);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_label), GTK_ACCESSIBLE_PROPERTY_LABEL, who, -1);

  build_sidebar (self, account);

  gp_project_list_page_set_owner (self->project_list_page, account->region, account->unit_id,
                                  account->unit_name, account->budget_code);
  gp_project_list_page_set_store (self->project_list_page, store);
  gp_workbench_page_set_account (self->workbench_page, account->role, account->duties);
  gp_workbench_page_set_store (self->workbench_page, store);
  gp_registry_page_set_store (self->registry_page, store);
  gp_notices_page_set_engine (self->notices_page, self->engine, account->region);
  gp_queue_pages_install (self->content_stack, self->engine);

  update_sync_state (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  gp_window_show_page (self, "workbench");
  update_badges (self);
}

static void
leave_main (GpWindow *self)
{
  gp_project_list_page_set_store (self->project_list_page, NULL);
  gp_workbench_page_set_store (self->workbench_page, NULL);
  gp_registry_page_set_store (self->registry_page, NULL);
  gp_notices_page_set_engine (self->notices_page, NULL, NULL);
  g_clear_object (&self->store);

  gp_sign_in_page_reset (self->sign_in_page);
  gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
}

static void
signed_in_cb (GpWindow *self)
{
  enter_main (self);
}

static void
password_change_required_cb (GpWindow   *self,
                             const char *password)
{
  gp_password_page_start (self->password_page, self->engine, password);
  gtk_stack_set_visible_child_name (self->main_stack, "password");
}

static void
password_changed_cb (GpWindow *self)
{
  /* Translators: a toast, 密码已修改. */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Password changed")));
  enter_main (self);
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GpWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gp_sync_engine_sign_out_finish (GP_SYNC_ENGINE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Signing out: %s", error->message);

  if (!g_cancellable_is_cancelled (self->cancellable))
    leave_main (self);
}

static void
password_cancelled_cb (GpWindow *self)
{
  gp_sync_engine_sign_out_async (self->engine, FALSE, self->cancellable, signed_out_cb, g_object_ref (self));
}

static void
sign_out_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      GpWindow         *self)
{
  if (g_strcmp0 (response, "sign-out") == 0 || g_strcmp0 (response, "forget") == 0)
    gp_sync_engine_sign_out_async (self->engine, g_strcmp0 (response, "forget") == 0,
                                   self->cancellable, signed_out_cb, g_object_ref (self));
}

void
gp_window_confirm_sign_out (GpWindow *self)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (GP_IS_WINDOW (self));

  if (gp_sync_engine_get_status (self->engine) == GP_SYNC_STATUS_SIGNED_OUT)
    return;

  /* Translators: 退出登录？ */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"),
                                                       /* Translators: 本机的草稿会保留，下次登录后继续同步。 */
                                                       _("Drafts stay on this computer and are synced after the next sign-in.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    /* Translators: 退出并清除保存的密码 */
                                    "forget", _("Sign Out and _Forget Password"),
                                    /* Translators: 退出登录 */
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "sign-out");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
status_changed_cb (GpWindow *self)
{
  update_sync_state (self);

  if (gp_sync_engine_get_status (self->engine) == GP_SYNC_STATUS_SIGNED_OUT &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") == 0)
    leave_main (self);
}

static void
synced_cb (GpWindow *self)
{
  gp_workbench_page_refresh (self->workbench_page);
  update_badges (self);
}

static void
action_failed_cb (GpWindow   *self,
                  const char *project_id,
                  const char *action,
                  const char *problems_json)
{
  g_autofree char *text = NULL;

  /* Translators: a toast, 平台未受理“%s”，请在工作台查看原因. */
  text = g_strdup_printf (_("The platform refused “%s”; the workbench says why"), gp_action_get_label (action));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  gp_workbench_page_refresh (self->workbench_page);
}

/* ------------------------------------------------------------------------------------------------
 * Projects
 */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GpWindow) self = user_data;
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;

  stored = gp_store_load_project_finish (GP_STORE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (stored == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  if (stored->conflict != NULL || stored->conflict_deleted)
    dialog = GTK_WINDOW (gp_conflict_dialog_new (GP_STORE (object), stored));
  else
    {
      /* The project page (issue 7), in place of the main view; its back button returns. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-project", "s", stored->project->id);
      return;
    }

  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_present (dialog);
}

void
gp_window_open_project (GpWindow   *self,
                        const char *id)
{
  g_return_if_fail (GP_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->store == NULL)
    return;

  gp_store_load_project_async (self->store, id, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
open_project_cb (GpWindow   *self,
                 const char *id)
{
  gp_window_open_project (self, id);
}

static void
conflict_cb (GpWindow   *self,
             const char *project_id)
{
  /* Never resolved silently (DESIGN.md §4): the officer chooses, field by field. */
  gp_window_open_project (self, project_id);
}

/* ------------------------------------------------------------------------------------------------
 * Actions
 */

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GpWindow *self = user_data;

  if (gp_sync_engine_get_status (self->engine) != GP_SYNC_STATUS_SIGNED_OUT)
    gp_sync_engine_sync_now (self->engine);
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GpWindow *self = user_data;
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;

  if (g_strcmp0 (page, "registries") == 0)
    {
      gp_registry_page_focus_search (self->registry_page);
      return;
    }

  gp_window_show_page (self, "projects");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gp_project_list_page_focus_search (self->project_list_page);
}

static void
new_project_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GpWindow *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;

  gp_window_show_page (self, "projects");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_activate_action (GTK_WIDGET (self->project_list_page), "project-list.new", NULL);
}

static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GpWindow *self = user_data;
  int index = g_variant_get_int32 (parameter);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, index - 1);

  if (row != NULL)
    {
      gtk_list_box_select_row (self->sidebar_list, row);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

static void
show_sidebar_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GpWindow *self = user_data;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sign_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gp_window_confirm_sign_out (GP_WINDOW (user_data));
}

static void
show_sync_details_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GpWindow *self = user_data;

  gp_sync_indicator_popup (self->sync_indicator);
}

static const GActionEntry win_actions[] = {
  { "sync", sync_action },
  { "search", search_action },
  { "new-project", new_project_action },
  { "show-page", show_page_action, "i" },
  { "show-sidebar", show_sidebar_action },
  { "sign-out", sign_out_action },
  { "show-sync-details", show_sync_details_action },
};

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

GpWindow *
gp_window_new (GpApplication *application)
{
  static const char *sync_accels[] = { "<Control>r", "F5", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  GpWindow *self;
  g_autofree char *last = NULL;

  g_return_val_if_fail (GP_IS_APPLICATION (application), NULL);

  self = g_object_new (GP_TYPE_WINDOW,
                       "application", application,
                       NULL);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.sync", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.new-project", new_accels);
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-page(%d)", i);
      g_autofree char *accel = g_strdup_printf ("<Control>%d", i);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (application), detailed, accels);
    }

  /* The settings and the engine outlive the window: the application owns them. */
  self->settings = gp_application_get_settings (application);
  self->engine = gp_application_get_engine (application);
  gp_settings_restore_window (self->settings, GTK_WINDOW (self));
  g_signal_connect_object (self->settings, "notify::server-url",
                           G_CALLBACK (gp_window_update_server), self,
                           G_CONNECT_SWAPPED);
  gp_window_update_server (self);

  gp_project_page_install_open_action (GTK_APPLICATION_WINDOW (self), self->main_stack, "main", self->engine);
  gp_sign_in_page_setup (self->sign_in_page, self->engine, self->settings);
  gp_sync_indicator_set_engine (self->sync_indicator, self->engine);
  g_signal_connect_object (self->engine, "notify::status", G_CALLBACK (status_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::last-sync", G_CALLBACK (update_sync_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::progress", G_CALLBACK (update_sync_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "synced", G_CALLBACK (synced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "conflict", G_CALLBACK (conflict_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "action-failed", G_CALLBACK (action_failed_cb), self, G_CONNECT_SWAPPED);

  last = g_settings_get_string (gp_settings_get_gsettings (self->settings), "last-account");
  if (gp_sync_engine_get_account (self->engine) != NULL)
    {
      if (gp_sync_engine_get_account (self->engine)->password_change_required)
        password_change_required_cb (self, NULL);
      else
        enter_main (self);
    }
  else if (last != NULL && *last != '\0')
    {
      /* A session kept in the keyring signs in again without a password. */
      gp_sign_in_page_resume (self->sign_in_page, last);
    }

  return self;
}

static void
gp_window_update_server (GpWindow *self)
{
  g_autofree char *url = gp_settings_dup_server_url (self->settings);
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: the subtitle of the main window; %s is the server's host name. */
  subtitle = g_strdup_printf (_("Server: %s"), host != NULL ? host : url);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static gboolean
gp_window_close_request (GtkWindow *window)
{
  GpWindow *self = GP_WINDOW (window);

  if (self->settings != NULL)
    gp_settings_save_window (self->settings, window);

  return GTK_WINDOW_CLASS (gp_window_parent_class)->close_request (window);
}

static void
gp_window_dispose (GObject *object)
{
  GpWindow *self = GP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_window_parent_class)->dispose (object);
}

static void
gp_window_finalize (GObject *object)
{
  GpWindow *self = GP_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gp_window_parent_class)->finalize (object);
}

static void
gp_window_class_init (GpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gp_window_dispose;
  object_class->finalize = gp_window_finalize;
  window_class->close_request = gp_window_close_request;

  g_type_ensure (GP_TYPE_NOTICES_PAGE);
  g_type_ensure (GP_TYPE_PASSWORD_PAGE);
  g_type_ensure (GP_TYPE_PROJECT_LIST_PAGE);
  g_type_ensure (GP_TYPE_REGISTRY_PAGE);
  g_type_ensure (GP_TYPE_SIGN_IN_PAGE);
  g_type_ensure (GP_TYPE_SYNC_INDICATOR);
  g_type_ensure (GP_TYPE_WORKBENCH_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, password_page);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, account_label);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, workbench_page);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, project_list_page);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, registry_page);
  gtk_widget_class_bind_template_child (widget_class, GpWindow, notices_page);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_change_required_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_project_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_badges);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
gp_window_init (GpWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
}
