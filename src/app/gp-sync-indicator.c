/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sync-indicator.c: the sync state at a glance (synced, syncing with progress, offline, error),
 * and in its popover the last sync time, the error, the actions still waiting and 立即同步.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-sync-indicator.h"

struct _GpSyncIndicator
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkMenuButton  *button;
  GtkStack       *icon_stack;
  GtkImage       *icon;
  GtkSpinner     *spinner;
  GtkPopover     *popover;
  GtkLabel       *status_label;
  GtkLabel       *detail_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *pending_title;
  GtkListBox     *pending_list;

  /* Owned references */
  GpSyncEngine *engine;
  GCancellable *cancellable;
  char         *summary;
};

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GpSyncIndicator, gp_sync_indicator, ADW_TYPE_BIN)

GtkWidget *
gp_sync_indicator_new (void)
{
  return g_object_new (GP_TYPE_SYNC_INDICATOR, NULL);
}

char *
gp_sync_status_describe (GpSyncEngine *engine)
{
  GpSyncStatus status = engine != NULL ? gp_sync_engine_get_status (engine) : GP_SYNC_STATUS_SIGNED_OUT;

  switch (status)
    {
    case GP_SYNC_STATUS_IDLE:
      {
        gint64 last = gp_sync_engine_get_last_sync (engine);
        g_autofree char *when = last > 0 ? gp_format_time_of_day (last) : NULL;

        if (when != NULL)
          /* Translators: the sync state with the time of the last sync, ● 已同步 %s. */
          return g_strdup_printf (_("● Synced %s"), when);
        /* Translators: ● 已同步. */
        return g_strdup (_("● Synced"));
      }

    case GP_SYNC_STATUS_SYNCING:
      /* Translators: the sync state with its progress, ◌ 正在同步 %d%%. */
      return g_strdup_printf (_("◌ Syncing %d%%"), (int) (gp_sync_engine_get_progress (engine) * 100 + 0.5));

    case GP_SYNC_STATUS_OFFLINE:
      /* Translators: ○ 离线. */
      return g_strdup (_("○ Offline"));

    case GP_SYNC_STATUS_ERROR:
      /* Translators: ⚠ 同步出错. */
      return g_strdup (_("⚠ Sync error"));

    case GP_SYNC_STATUS_SIGNED_OUT:
    default:
      /* Translators: 未登录. */
      return g_strdup (_("Not signed in"));
    }
}

static void
outbox_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GpSyncIndicator) self = user_data;
  g_autoptr(GPtrArray) outbox = NULL;
  GtkWidget *child;
  guint n = 0;

  outbox = gp_store_list_outbox_finish (GP_STORE (object), result, NULL);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pending_list))) != NULL)
    gtk_list_box_remove (self->pending_list, child);

  for (guint i = 0; outbox != NULL && i < outbox->len; i++)
    {
      const GpOutboxEntry *entry = g_ptr_array_index (outbox, i);
      GtkWidget *row;

      if (entry->state == GP_OUTBOX_STATE_SENT)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gp_action_get_label (entry->action));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   entry->state == GP_OUTBOX_STATE_FAILED
                                   /* Translators: 平台未受理. */
                                   ? _("Refused by the platform")
                                   /* Translators: 待发送. */
                                   : _("Waiting to be sent"));
      if (entry->state == GP_OUTBOX_STATE_FAILED)
        gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->pending_list, row);
      n++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->pending_title), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_list), n > 0);
}

static void
update (GpSyncIndicator *self)
{
  GpSyncStatus status = self->engine != NULL ? gp_sync_engine_get_status (self->engine) : GP_SYNC_STATUS_SIGNED_OUT;
  g_autofree char *summary = gp_sync_status_describe (self->engine);
  g_autofree char *detail = NULL;
  const char *icon_name = "emblem-synchronizing-symbolic";
  const char *error_message = self->engine != NULL ? gp_sync_engine_get_error_message (self->engine) : NULL;
  gint64 last = self->engine != NULL ? gp_sync_engine_get_last_sync (self->engine) : 0;
  guint pending = self->engine != NULL ? gp_sync_engine_get_pending_actions (self->engine) : 0;
  GString *text = g_string_new (NULL);

  switch (status)
    {
    case GP_SYNC_STATUS_IDLE:
      icon_name = "emblem-ok-symbolic";
      break;
    case GP_SYNC_STATUS_OFFLINE:
      icon_name = "network-offline-symbolic";
      break;
    case GP_SYNC_STATUS_ERROR:
      icon_name = "dialog-warning-symbolic";
      break;
    case GP_SYNC_STATUS_SYNCING:
    case GP_SYNC_STATUS_SIGNED_OUT:
    default:
      break;
    }

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_stack_set_visible_child_name (self->icon_stack, status == GP_SYNC_STATUS_SYNCING ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, status == GP_SYNC_STATUS_SYNCING);
  gtk_label_set_text (self->status_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, summary, -1);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), status == GP_SYNC_STATUS_SYNCING);
  if (status == GP_SYNC_STATUS_SYNCING)
    gtk_progress_bar_set_fraction (self->progress_bar, gp_sync_engine_get_progress (self->engine));

  if ((status == GP_SYNC_STATUS_ERROR || status == GP_SYNC_STATUS_OFFLINE) && error_message != NULL)
    g_string_append (text, error_message);
  if ((status == GP_SYNC_STATUS_ERROR || status == GP_SYNC_STATUS_OFFLINE) &&
      gp_sync_engine_get_retry_delay (self->engine) > 0)
    {
      g_autofree char *when = gp_format_time_of_day (g_get_real_time () +
                                                     (gint64) gp_sync_engine_get_retry_delay (self->engine) * G_USEC_PER_SEC);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: 将于 %s 自动重试（也可以点“立即同步”）. */
      g_string_append_printf (text, _("Trying again by itself at %s"), when);
    }
  if (last > 0)
    {
      g_autofree char *when = gp_format_time_of_day (last);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: 上次同步：%s. */
      g_string_append_printf (text, _("Last synced: %s"), when);
    }
  else if (status != GP_SYNC_STATUS_SIGNED_OUT)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: 尚未同步. */
      g_string_append (text, _("Not synced yet"));
    }
  if (pending > 0)
    {
      g_string_append_c (text, '\n');
      /* Translators: %u 项操作待发送. */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u action waiting to be sent",
                                                 "%u actions waiting to be sent", pending), pending);
    }
  detail = g_string_free (text, FALSE);
  gtk_label_set_text (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), *detail != '\0');

  if (g_strcmp0 (self->summary, summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

static void
popover_show_cb (GpSyncIndicator *self)
{
  GpStore *store = self->engine != NULL ? gp_sync_engine_get_store (self->engine) : NULL;

  update (self);
  if (store != NULL)
    gp_store_list_outbox_async (store, FALSE, self->cancellable, outbox_cb, g_object_ref (self));
}

void
gp_sync_indicator_set_engine (GpSyncIndicator *self,
                              GpSyncEngine    *engine)
{
  g_return_if_fail (GP_IS_SYNC_INDICATOR (self));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      static const char * const notifications[] = {
        "notify::status", "notify::progress", "notify::last-sync", "notify::error-message",
        "notify::pending-actions",
      };

      for (guint i = 0; i < G_N_ELEMENTS (notifications); i++)
        g_signal_connect_object (engine, notifications[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  update (self);
}

void
gp_sync_indicator_popup (GpSyncIndicator *self)
{
  g_return_if_fail (GP_IS_SYNC_INDICATOR (self));

  gtk_menu_button_popup (self->button);
}

const char *
gp_sync_indicator_get_summary (GpSyncIndicator *self)
{
  g_return_val_if_fail (GP_IS_SYNC_INDICATOR (self), NULL);

  return self->summary;
}

static void
gp_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GpSyncIndicator *self = GP_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_sync_indicator_dispose (GObject *object)
{
  GpSyncIndicator *self = GP_SYNC_INDICATOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);

  G_OBJECT_CLASS (gp_sync_indicator_parent_class)->dispose (object);
}

static void
gp_sync_indicator_finalize (GObject *object)
{
  GpSyncIndicator *self = GP_SYNC_INDICATOR (object);

  g_clear_object (&self->cancellable);
  g_free (self->summary);

  G_OBJECT_CLASS (gp_sync_indicator_parent_class)->finalize (object);
}

static void
gp_sync_indicator_class_init (GpSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_sync_indicator_dispose;
  object_class->finalize = gp_sync_indicator_finalize;
  object_class->get_property = gp_sync_indicator_get_property;

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, pending_title);
  gtk_widget_class_bind_template_child (widget_class, GpSyncIndicator, pending_list);
}

static void
gp_sync_indicator_init (GpSyncIndicator *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  update (self);
}
