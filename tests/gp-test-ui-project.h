/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-ui-project.h: what the project page tests share: a signed-in engine against the real
 * server, a window with the page, typing into its forms, and waiting on the main loop.
 */
#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "gp-app-labels.h"
#include "gp-application.h"
#include "gp-codec.h"
#include "gp-contract-form.h"
#include "gp-credentials.h"
#include "gp-intention-form.h"
#include "gp-payment-form.h"
#include "gp-plan-form.h"
#include "gp-project-page.h"
#include "gp-sync-engine.h"
#include "gp-test-server.h"
#include "gp-validate.h"

#define WAIT_SECONDS 60

typedef gboolean (*Condition) (gpointer data);

static gboolean
tp_timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @condition holds; fails after WAIT_SECONDS. */
static inline void
tp_wait_until (Condition   condition,
               gpointer    data,
               const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, tp_timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

typedef struct {
  GAsyncResult *result;
} TpWait;

static void
tp_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((TpWait *) user_data)->result = g_object_ref (result);
}

static gboolean
tp_has_result (gpointer data)
{
  return ((TpWait *) data)->result != NULL;
}

static inline GpSyncEngine *
tp_sign_in (GpTestServer *ts,
            const char   *login)
{
  g_autoptr(GpCredentials) credentials = gp_credentials_new ();
  GpSyncEngine *engine = gp_sync_engine_new (credentials);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = gp_test_server_login_ready (ts, login);
  TpWait w = { NULL };

  g_assert_nonnull (token);
  gp_sync_engine_set_timeout (engine, 3);
  gp_sync_engine_sign_in_async (engine, gp_test_server_get_base_url (ts), login, GP_TEST_PASSWORD, FALSE,
                                NULL, tp_wait_cb, &w);
  tp_wait_until (tp_has_result, &w, "the sign-in");
  g_assert_nonnull (gp_sync_engine_sign_in_finish (engine, w.result, &error));
  g_assert_no_error (error);
  g_object_unref (w.result);
  return engine;
}

/* A window showing the page of @project_id. */
static inline GpProjectPage *
tp_open_page (GpSyncEngine *engine,
              const char   *project_id,
              GtkWindow   **out_window)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GpProjectPage *page = gp_project_page_new (engine, project_id);

  gtk_window_set_default_size (window, 1100, 720);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  *out_window = window;
  return page;
}

G_GNUC_UNUSED static gboolean
tp_page_loaded (gpointer data)
{
  return gp_project_page_get_project (data) != NULL;
}

static inline gpointer
tp_child (GtkWidget  *widget,
          GType       type,
          const char *name)
{
  gpointer child = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (child);
  return child;
}

static inline void
tp_type (gpointer    editable,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

/* The error line right under a field (the row after it in its list), or NULL when none shows. */
static inline const char *
tp_error_under (gpointer row)
{
  GtkWidget *next = gtk_widget_get_next_sibling (GTK_WIDGET (row));
  GtkWidget *label;

  if (next == NULL || !gtk_widget_get_visible (next))
    return NULL;
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (next));
  if (!GTK_IS_LABEL (label) || !gtk_widget_has_css_class (label, "error"))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

static inline GtkWidget *
tp_page_child (GpProjectPage *page,
               const char    *name)
{
  return tp_child (GTK_WIDGET (page), GP_TYPE_PROJECT_PAGE, name);
}

static inline const char *
tp_button_label (GpProjectPage *page)
{
  return gtk_button_get_label (GTK_BUTTON (tp_page_child (page, "primary_button")));
}

/* Presses the header's primary button and confirms the dialog that asks. */
static inline void
tp_press_and_confirm (GpProjectPage *page,
                      const char    *reason)
{
  AdwMessageDialog *dialog;

  g_object_set_data (G_OBJECT (page), "gp-dialog", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "project.primary", NULL);
  dialog = g_object_get_data (G_OBJECT (page), "gp-dialog");
  g_assert_nonnull (dialog);
  if (reason != NULL)
    tp_type (adw_message_dialog_get_extra_child (dialog), reason);
  adw_message_dialog_response (dialog, "confirm");
}

typedef struct {
  GpProjectPage  *page;
  GpProjectState  state;
} StateWait;

static gboolean
tp_state_is (gpointer data)
{
  StateWait *w = data;
  const GpProject *p = gp_project_page_get_project (w->page);

  return p != NULL && p->status == w->state;
}

static inline void
tp_wait_state (GpProjectPage  *page,
               GpProjectState  state)
{
  StateWait w = { page, state };
  g_autofree char *what = g_strdup_printf ("the state %s", gp_project_state_to_string (state));

  tp_wait_until (tp_state_is, &w, what);
}

static inline void
tp_save_project (GpSyncEngine *engine,
                 GpProject    *project)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gp_store_save_project_sync (gp_sync_engine_get_store (engine), project, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A complete intention of 中山市教育局, saved locally (not yet on the server). */
static inline GpProject *
tp_new_draft (GpSyncEngine *engine)
{
  const GpAccount *a = gp_sync_engine_get_account (engine);
  GpProject *p = gp_project_new_draft (a->region);

  p->purchaser.name = g_strdup (a->unit_name);
  p->purchaser.budget_code = g_strdup (a->budget_code);
  p->purchaser.unit_id = g_strdup (a->unit_id);
  p->intention = gp_intention_new ();
  tp_save_project (engine, p);
  return p;
}

/* The server's JSON of a project, as the API returns it. */
static inline GpProject *
tp_get_project (GpTestServer *ts,
                const char   *token,
                const char   *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/projects/", id, NULL);
  g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  GpProject *p;

  g_assert_cmpuint (resp->status, ==, 200);
  json = g_strndup (g_bytes_get_data (resp->body, NULL), g_bytes_get_size (resp->body));
  p = gp_project_from_json_string (json, -1, &error);
  g_assert_no_error (error);
  return p;
}

static inline void
tp_init (int    *argc,
         char ***argv)
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");
  gp_application_setup_i18n ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
}
