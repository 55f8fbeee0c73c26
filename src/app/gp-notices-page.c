/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-notices-page.c: 公告. The public notices (GET /api/v1/public/notices) are read through the sync
 * layer's API client, filtered by notice type and region on the server. They are not kept offline:
 * without the network the page says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-sync-engine.h"
#include "gp-sync-error.h"
#include "gp-app-labels.h"
#include "gp-codec.h"
#include "gp-lifecycle.h"
#include "gp-notices-page.h"

#define NOTICES_LIMIT 100

struct _GpNoticesPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkDropDown    *type_dropdown;
  GtkCheckButton *region_check;
  GtkStack       *content_stack;
  GtkListBox     *list_box;
  GtkSpinner     *spinner;
  AdwStatusPage  *empty_page;

  /* Owned references */
  GpSyncEngine *engine;
  GCancellable *cancellable;
  GCancellable *load_cancellable;
  GPtrArray    *type_codes;  /* char*, parallel to the dropdown after its first entry */
  char         *region;

  gboolean folded;
};

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GpNoticesPage, gp_notices_page, ADW_TYPE_BIN)

GtkWidget *
gp_notices_page_new (void)
{
  return g_object_new (GP_TYPE_NOTICES_PAGE, NULL);
}

static void
show_status (GpNoticesPage *self,
             const char    *title,
             const char    *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GpNoticesPage) self = user_data;
  g_autoptr(JsonArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  notices = gp_sync_engine_fetch_notices_finish (GP_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, GP_SYNC_ERROR, GP_SYNC_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  if (notices == NULL)
    {
      /* Translators: 无法获取公告. */
      show_status (self, _("Notices Cannot Be Loaded"), error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; notices != NULL && i < json_array_get_length (notices); i++)
    {
      JsonNode *node = json_array_get_element (notices, i);
      JsonObject *notice;
      const char *title, *type_name, *purchaser, *published;
      GString *subtitle;
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      notice = json_node_get_object (node);
      title = json_object_get_string_member_with_default (notice, "title", "");
      type_name = json_object_get_string_member_with_default (notice, "type_name", "");
      purchaser = json_object_get_string_member_with_default (notice, "purchaser", "");
      published = json_object_get_string_member_with_default (notice, "published", NULL);

      subtitle = g_string_new (type_name);
      if (*purchaser != '\0')
        g_string_append_printf (subtitle, " · %s", purchaser);
      if (published != NULL)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (published, NULL);
          g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;

          if (local != NULL)
            {
              GDate date;
              g_autofree char *text = NULL;

              g_date_clear (&date, 1);
              g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                              g_date_time_get_year (local));
              text = gp_format_list_date (&date, NULL);
              g_string_append_printf (subtitle, " · %s", text);
            }
        }

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      g_string_free (subtitle, TRUE);
      gtk_list_box_append (self->list_box, row);
    }

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (notices == NULL || json_array_get_length (notices) == 0)
    /* Translators: 暂无公告 / 平台尚未发布符合条件的公告. */
    show_status (self, _("No Notices"), _("The platform has published no notice that matches."));
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");
}

void
gp_notices_page_refresh (GpNoticesPage *self)
{
  const char *type_code = NULL;
  const char *region = NULL;
  guint type;

  g_return_if_fail (GP_IS_NOTICES_PAGE (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->engine == NULL || gp_sync_engine_get_account (self->engine) == NULL)
    {
      /* Translators: 未登录. */
      show_status (self, _("No Notices"), NULL);
      return;
    }

  type = gtk_drop_down_get_selected (self->type_dropdown);
  if (type > 0 && type != GTK_INVALID_LIST_POSITION && type - 1 < self->type_codes->len)
    type_code = self->type_codes->pdata[type - 1];
  if (gtk_check_button_get_active (self->region_check))
    region = self->region;

  self->load_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  gp_sync_engine_fetch_notices_async (self->engine, type_code, region, NOTICES_LIMIT, self->load_cancellable,
                                      loaded_cb, g_object_ref (self));
}

/**
 * gp_notices_page_set_engine:
 * @engine: (nullable): the sync engine the notices come through; %NULL when signed out
 * @region: (nullable): the account's region, for the "my region" filter
 */
void
gp_notices_page_set_engine (GpNoticesPage *self,
                            GpSyncEngine  *engine,
                            const char    *region)
{
  g_return_if_fail (GP_IS_NOTICES_PAGE (self));

  g_set_object (&self->engine, engine);
  g_free (self->region);
  self->region = g_strdup (region);

  gp_notices_page_refresh (self);
}

static void
fill_types (GpNoticesPage *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  guint n = 0;
  const GpTransition *transitions = gp_lifecycle_get_transitions (&n);

  /* Translators: the first entry of the notice type filter, 全部类型. */
  gtk_string_list_append (types, _("All Types"));
  for (guint i = 0; i < n; i++)
    {
      const GpTransition *t = &transitions[i];
      gboolean seen = FALSE;

      if (t->notice_code == NULL || t->notice_name == NULL)
        continue;
      for (guint j = 0; j < self->type_codes->len && !seen; j++)
        seen = g_strcmp0 (self->type_codes->pdata[j], t->notice_code) == 0;
      if (seen)
        continue;

      g_ptr_array_add (self->type_codes, g_strdup (t->notice_code));
      /* The official names of the notices (采购公告, 合同公告, …) are shown as the platform writes them. */
      gtk_string_list_append (types, t->notice_name);
    }

  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));
}

static void
gp_notices_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GpNoticesPage *self = GP_NOTICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_notices_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GpNoticesPage *self = GP_NOTICES_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_notices_page_dispose (GObject *object)
{
  GpNoticesPage *self = GP_NOTICES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (gp_notices_page_parent_class)->dispose (object);
}

static void
gp_notices_page_finalize (GObject *object)
{
  GpNoticesPage *self = GP_NOTICES_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->type_codes, g_ptr_array_unref);
  g_free (self->region);

  G_OBJECT_CLASS (gp_notices_page_parent_class)->finalize (object);
}

static void
gp_notices_page_class_init (GpNoticesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_notices_page_dispose;
  object_class->finalize = gp_notices_page_finalize;
  object_class->get_property = gp_notices_page_get_property;
  object_class->set_property = gp_notices_page_set_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-notices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpNoticesPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GpNoticesPage, region_check);
  gtk_widget_class_bind_template_child (widget_class, GpNoticesPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GpNoticesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, GpNoticesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, GpNoticesPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, gp_notices_page_refresh);
}

static void
gp_notices_page_init (GpNoticesPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->type_codes = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_types (self);
  show_status (self, _("No Notices"), NULL);
}
