/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sign-in-page.c: signing in through the sync engine. The engine words the refusals (attempts
 * left, locked until HH:MM, unreachable); this page shows them above the button and, when the server
 * cannot be reached, offers to go on offline with the session and drafts kept on this computer.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-server-url.h"
#include "gp-sign-in-page.h"
#include "gp-sync-error.h"

struct _GpSignInPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwEntryRow         *account_row;
  AdwPasswordEntryRow *password_row;
  GtkSwitch           *remember_switch;
  AdwExpanderRow      *more_row;
  AdwEntryRow         *server_row;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkButton           *offline_button;
  GtkButton           *sign_in_button;
  GtkSpinner          *spinner;

  /* Owned references */
  GpSyncEngine *engine;
  GpSettings   *settings;
  GCancellable *cancellable;
  char         *password;  /* while signing in: handed on for the forced change */
};

enum {
  SIGNED_IN,
  PASSWORD_CHANGE_REQUIRED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GpSignInPage, gp_sign_in_page, ADW_TYPE_BIN)

GtkWidget *
gp_sign_in_page_new (void)
{
  return g_object_new (GP_TYPE_SIGN_IN_PAGE, NULL);
}

static void
show_error (GpSignInPage *self,
            const char   *message,
            gboolean      offer_offline)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_button), offer_offline);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
set_busy (GpSignInPage *self,
          gboolean      busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->offline_button), !busy);
}

static char *
dup_server_url (GpSignInPage  *self,
                GError       **error)
{
  g_autofree char *url = gp_server_url_normalize (gtk_editable_get_text (GTK_EDITABLE (self->server_row)));

  if (!gp_server_url_validate (url, error))
    return NULL;
  return g_steal_pointer (&url);
}

static void
remember_account (GpSignInPage *self,
                  const char   *url)
{
  const GpAccount *account = gp_sync_engine_get_account (self->engine);

  if (url != NULL)
    gp_settings_set_server_url (self->settings, url);
  if (account != NULL)
    g_settings_set_string (gp_settings_get_gsettings (self->settings), "last-account", account->login);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GpSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_steal_pointer (&self->password);
  const GpAccount *account;

  account = gp_sync_engine_sign_in_finish (GP_SYNC_ENGINE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_busy (self, FALSE);

  if (account == NULL)
    {
      gboolean offline = g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_OFFLINE) ||
                         g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_TIMEOUT);

      if (offline)
        {
          /* Translators: 无法连接服务器 · 您可以离线继续处理本机的草稿. */
          g_autofree char *text = g_strdup_printf ("%s\n%s", error->message,
                                                   _("You can go on offline with the drafts kept on this computer."));

          show_error (self, text, TRUE);
        }
      else
        {
          show_error (self, error->message, FALSE);
        }

      if (g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_UNAUTHORIZED))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  remember_account (self, gp_sync_engine_get_server_url (GP_SYNC_ENGINE (object)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL, FALSE);

  if (account->password_change_required)
    g_signal_emit (self, signals[PASSWORD_CHANGE_REQUIRED], 0, password);
  else
    g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
sign_in_cb (GpSignInPage *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->account_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  if (self->engine == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;

  if (*login == '\0')
    {
      /* Translators: 请输入账号. */
      show_error (self, _("Enter your account."), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->account_row));
      return;
    }
  if (*password == '\0')
    {
      /* Translators: 请输入密码（首次登录的初始密码为单位预算编码）. */
      show_error (self, _("Enter your password. The first time, it is your unit’s budget code."), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  url = dup_server_url (self, &error);
  if (url == NULL)
    {
      adw_expander_row_set_expanded (self->more_row, TRUE);
      show_error (self, error->message, FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  set_busy (self, TRUE);
  g_free (self->password);
  self->password = g_strdup (password);
  gp_sync_engine_sign_in_async (self->engine, url, login, password,
                                gtk_switch_get_active (self->remember_switch),
                                self->cancellable, signed_in_cb, g_object_ref (self));
}

static void
account_activated_cb (GpSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GpSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  const GpAccount *account;

  account = gp_sync_engine_resume_finish (GP_SYNC_ENGINE (object), result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  set_busy (self, FALSE);
  if (account == NULL)
    {
      show_error (self, error->message, FALSE);
      return;
    }

  remember_account (self, NULL);
  show_error (self, NULL, FALSE);
  if (account->password_change_required)
    g_signal_emit (self, signals[PASSWORD_CHANGE_REQUIRED], 0, NULL);
  else
    g_signal_emit (self, signals[SIGNED_IN], 0);
}

void
gp_sign_in_page_resume (GpSignInPage *self,
                        const char   *login)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GP_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (login != NULL);

  url = dup_server_url (self, &error);
  if (url == NULL || self->engine == NULL)
    return;

  set_busy (self, TRUE);
  gp_sync_engine_resume_async (self->engine, url, login, self->cancellable, resumed_cb, g_object_ref (self));
}

static void
offline_cb (GpSignInPage *self)
{
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->account_row));

  /* The engine goes on offline when this computer has the account's session and store. */
  gp_sign_in_page_resume (self, login);
}

void
gp_sign_in_page_reset (GpSignInPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *last = NULL;

  g_return_if_fail (GP_IS_SIGN_IN_PAGE (self));

  if (self->settings != NULL)
    {
      url = gp_settings_dup_server_url (self->settings);
      last = g_settings_get_string (gp_settings_get_gsettings (self->settings), "last-account");
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
      adw_expander_row_set_subtitle (self->more_row, url);
      if (*gtk_editable_get_text (GTK_EDITABLE (self->account_row)) == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->account_row), last);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self, NULL, FALSE);
  set_busy (self, FALSE);
}

void
gp_sign_in_page_setup (GpSignInPage *self,
                       GpSyncEngine *engine,
                       GpSettings   *settings)
{
  g_return_if_fail (GP_IS_SIGN_IN_PAGE (self));

  g_set_object (&self->engine, engine);
  g_set_object (&self->settings, settings);
  gp_sign_in_page_reset (self);
}

static void
gp_sign_in_page_dispose (GObject *object)
{
  GpSignInPage *self = GP_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gp_sign_in_page_parent_class)->dispose (object);
}

static void
gp_sign_in_page_finalize (GObject *object)
{
  GpSignInPage *self = GP_SIGN_IN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->password, g_free);

  G_OBJECT_CLASS (gp_sign_in_page_parent_class)->finalize (object);
}

static void
gp_sign_in_page_class_init (GpSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_sign_in_page_dispose;
  object_class->finalize = gp_sign_in_page_finalize;

  /**
   * GpSignInPage::signed-in:
   *
   * The engine has a session (online, or offline from this computer's copy).
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * GpSignInPage::password-change-required:
   * @password: (nullable): the password just typed (the initial one)
   *
   * The session can do nothing but change the initial password (粤财采购函〔2020〕59号).
   */
  signals[PASSWORD_CHANGE_REQUIRED] =
    g_signal_new ("password-change-required",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, more_row);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, offline_button);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, GpSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, offline_cb);
}

static void
gp_sign_in_page_init (GpSignInPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
