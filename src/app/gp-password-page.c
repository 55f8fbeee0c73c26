/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-password-page.c: 设置新密码. The first sign-in with the unit's 预算编码 leads here
 * (粤财采购函〔2020〕59号); the policy is shown as a checklist that turns green as the officer types,
 * and the server's own verdict (GpProblem list) is shown if it still refuses.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-password-page.h"
#include "gp-sync-error.h"
#include "gp-validate.h"

typedef enum {
  RULE_LENGTH,
  RULE_CLASSES,
  RULE_NOT_BUDGET_CODE,
  RULE_NOT_ACCOUNT,
  RULE_MATCH,
  N_RULES
} Rule;

struct _GpPasswordPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwHeaderBar        *header_bar;
  GtkButton           *cancel_button;
  GtkLabel            *reason_label;
  AdwPasswordEntryRow *current_row;
  AdwPasswordEntryRow *new_row;
  AdwPasswordEntryRow *confirm_row;
  GtkListBox          *policy_list;
  GtkLabel            *error_label;
  GtkButton           *change_button;

  /* Owned references */
  GpSyncEngine *engine;
  GCancellable *cancellable;
  char         *current_password;

  GtkWidget *rule_rows[N_RULES];
  GtkImage  *rule_icons[N_RULES];
  gboolean   met[N_RULES];
};

enum {
  DONE,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GpPasswordPage, gp_password_page, ADW_TYPE_BIN)

GtkWidget *
gp_password_page_new (void)
{
  return g_object_new (GP_TYPE_PASSWORD_PAGE, NULL);
}

static void
check_rules (GpPasswordPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  const GpAccount *account = self->engine != NULL ? gp_sync_engine_get_account (self->engine) : NULL;
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE;

  for (const char *p = password; *p != '\0'; p++)
    {
      if (g_ascii_islower (*p))
        lower = TRUE;
      else if (g_ascii_isupper (*p))
        upper = TRUE;
      else if (g_ascii_isdigit (*p))
        digit = TRUE;
      else
        other = TRUE;
    }

  self->met[RULE_LENGTH] = g_utf8_strlen (password, -1) >= GP_PASSWORD_MIN_LENGTH;
  self->met[RULE_CLASSES] = lower + upper + digit + other >= GP_PASSWORD_MIN_CLASSES;
  self->met[RULE_NOT_BUDGET_CODE] = *password != '\0' &&
    (account == NULL || g_strcmp0 (password, account->budget_code) != 0);
  self->met[RULE_NOT_ACCOUNT] = *password != '\0' &&
    (account == NULL || account->login == NULL || g_ascii_strcasecmp (password, account->login) != 0);
  self->met[RULE_MATCH] = *password != '\0' && g_strcmp0 (password, confirm) == 0;

  for (guint i = 0; i < N_RULES; i++)
    {
      gtk_image_set_from_icon_name (self->rule_icons[i],
                                    self->met[i] ? "object-select-symbolic" : "radio-symbolic");
      if (self->met[i])
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->rule_icons[i]), "success");
          gtk_widget_remove_css_class (GTK_WIDGET (self->rule_icons[i]), "dim-label");
        }
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (self->rule_icons[i]), "success");
          gtk_widget_add_css_class (GTK_WIDGET (self->rule_icons[i]), "dim-label");
        }
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->rule_rows[i]),
                                   GTK_ACCESSIBLE_STATE_CHECKED,
                                   self->met[i] ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
    }
}

static void
changed_cb (GpPasswordPage *self)
{
  check_rules (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

guint
gp_password_page_get_n_met (GpPasswordPage *self)
{
  guint n = 0;

  g_return_val_if_fail (GP_IS_PASSWORD_PAGE (self), 0);

  for (guint i = 0; i < N_RULES; i++)
    n += self->met[i];
  return n;
}

guint
gp_password_page_get_n_rules (GpPasswordPage *self)
{
  return N_RULES;
}

static void
show_error (GpPasswordPage *self,
            const char     *text)
{
  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
changed_password_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GpPasswordPage) self = user_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  if (!gp_sync_engine_change_password_finish (GP_SYNC_ENGINE (object), result, &problems, &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;

      gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), TRUE);
      if (problems != NULL && problems->len > 0)
        {
          GString *text = g_string_new (error->message);

          for (guint i = 0; i < problems->len; i++)
            {
              const GpProblem *problem = g_ptr_array_index (problems, i);

              g_string_append_printf (text, "\n%s", problem->message);
            }
          show_error (self, text->str);
          g_string_free (text, TRUE);
        }
      else
        {
          show_error (self, error->message);
        }
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), TRUE);
  g_signal_emit (self, signals[DONE], 0);
}

static void
change_cb (GpPasswordPage *self)
{
  const char *current = self->current_password;
  guint missing = 0;

  if (self->engine == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->change_button)))
    return;

  check_rules (self);
  for (guint i = 0; i < N_RULES; i++)
    missing += !self->met[i];

  if (missing > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: 新密码还有 %u 项要求未满足. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The new password does not meet %u rule yet.",
                                           "The new password does not meet %u rules yet.", missing), missing);
      show_error (self, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
      return;
    }

  if (current == NULL)
    current = gtk_editable_get_text (GTK_EDITABLE (self->current_row));
  if (current == NULL || *current == '\0')
    {
      /* Translators: 请输入当前密码. */
      show_error (self, _("Enter your current password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
  gp_sync_engine_change_password_async (self->engine, current,
                                        gtk_editable_get_text (GTK_EDITABLE (self->new_row)),
                                        self->cancellable, changed_password_cb, g_object_ref (self));
}

static void
cancel_cb (GpPasswordPage *self)
{
  g_signal_emit (self, signals[CANCELLED], 0);
}

void
gp_password_page_start (GpPasswordPage *self,
                        GpSyncEngine   *engine,
                        const char     *current_password)
{
  g_return_if_fail (GP_IS_PASSWORD_PAGE (self));
  g_return_if_fail (GP_IS_SYNC_ENGINE (engine));

  g_set_object (&self->engine, engine);
  g_free (self->current_password);
  self->current_password = g_strdup (current_password);

  /* Without the password just typed (a resumed session, or a later change), ask for it. */
  gtk_widget_set_visible (GTK_WIDGET (self->current_row), current_password == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  check_rules (self);

  if (gp_sync_engine_get_account (engine) != NULL &&
      !gp_sync_engine_get_account (engine)->password_change_required)
    {
      /* Translators: the reason shown for a voluntary change, 新密码立即生效. */
      gtk_label_set_text (self->reason_label, _("The new password takes effect at once."));
    }
}

static void
add_rule (GpPasswordPage *self,
          Rule            rule,
          const char     *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_list_box_append (self->policy_list, row);
  self->rule_rows[rule] = row;
  self->rule_icons[rule] = GTK_IMAGE (icon);
}

static void
gp_password_page_dispose (GObject *object)
{
  GpPasswordPage *self = GP_PASSWORD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (gp_password_page_parent_class)->dispose (object);
}

static void
gp_password_page_finalize (GObject *object)
{
  GpPasswordPage *self = GP_PASSWORD_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->current_password, g_free);

  G_OBJECT_CLASS (gp_password_page_parent_class)->finalize (object);
}

static void
gp_password_page_class_init (GpPasswordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_password_page_dispose;
  object_class->finalize = gp_password_page_finalize;

  /**
   * GpPasswordPage::done:
   *
   * The server accepted the new password.
   */
  signals[DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GpPasswordPage::cancelled:
   *
   * The officer gave up (for the forced change: back to the sign-in page).
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-password-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, current_row);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, new_row);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, policy_list);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, GpPasswordPage, change_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
}

static void
gp_password_page_init (GpPasswordPage *self)
{
  g_autofree char *length = NULL;
  g_autofree char *classes = NULL;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Translators: a password rule, 至少 %d 个字符. */
  length = g_strdup_printf (_("At least %d characters"), GP_PASSWORD_MIN_LENGTH);
  /* Translators: a password rule, 至少包含小写字母、大写字母、数字、其他字符中的 %d 类. */
  classes = g_strdup_printf (_("At least %d of: lower-case letters, upper-case letters, digits, other characters"),
                             GP_PASSWORD_MIN_CLASSES);
  add_rule (self, RULE_LENGTH, length);
  add_rule (self, RULE_CLASSES, classes);
  /* Translators: a password rule, 不得与预算编码（初始密码）相同. */
  add_rule (self, RULE_NOT_BUDGET_CODE, _("Not the unit’s budget code (the initial password)"));
  /* Translators: a password rule, 不得与账号相同. */
  add_rule (self, RULE_NOT_ACCOUNT, _("Not the account name"));
  /* Translators: a password rule, 两次输入一致. */
  add_rule (self, RULE_MATCH, _("Both entries are the same"));

  check_rules (self);
}
