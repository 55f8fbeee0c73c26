/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-registry-page.c: 基础库: browse and search the five registries (采购人库, 评审专家库, 代理机构库,
 * 供应商库, 商品库) in the store's offline copy.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-registry-page.h"

struct _GpRegistryPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkBox         *kind_box;
  GtkStack       *content_stack;
  GtkListBox     *list_box;
  GtkLabel       *more_label;

  /* Owned references */
  GpStore      *store;
  GCancellable *cancellable;  /* the page's life */
  GCancellable *query_cancellable;  /* the query in flight */

  GtkToggleButton *kind_buttons[GP_N_REGISTRIES];
  const char      *kind;
  gboolean         folded;
};

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GpRegistryPage, gp_registry_page, ADW_TYPE_BIN)

GtkWidget *
gp_registry_page_new (void)
{
  return g_object_new (GP_TYPE_REGISTRY_PAGE, NULL);
}

static void
clear_rows (GpRegistryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GpRegistryPage) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  entries = gp_store_query_registry_finish (GP_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return;

  clear_rows (self);
  if (entries == NULL)
    {
      g_warning ("Could not read the registry: %s", error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const GpRegistryEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->name != NULL ? entry->name : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->code != NULL ? entry->code : "");
      gtk_list_box_append (self->list_box, row);
    }

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (entries->len == 0)
    gtk_stack_set_visible_child_name (self->content_stack, *text != '\0' ? "no-results" : "empty");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  if (entries->len >= GP_REGISTRY_PAGE_LIMIT)
    {
      g_autofree char *more = NULL;

      /* Translators: below a registry list that was cut short: 仅显示前 %u 项，请输入名称或编码缩小范围。 */
      more = g_strdup_printf (_("Only the first %u entries are shown. Type a name or code to narrow them down."),
                              GP_REGISTRY_PAGE_LIMIT);
      gtk_label_set_text (self->more_label, more);
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
    }
}

void
gp_registry_page_refresh (GpRegistryPage *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GP_IS_REGISTRY_PAGE (self));

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  if (self->store == NULL)
    {
      clear_rows (self);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  self->query_cancellable = g_cancellable_new ();
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  gp_store_query_registry_async (self->store, self->kind, text, GP_REGISTRY_PAGE_LIMIT,
                                 self->query_cancellable, query_done_cb, g_object_ref (self));
}

static void
search_changed_cb (GpRegistryPage *self)
{
  gp_registry_page_refresh (self);
}

static void
kind_toggled_cb (GtkToggleButton *button,
                 GpRegistryPage  *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < GP_N_REGISTRIES; i++)
    if (self->kind_buttons[i] == button)
      {
        self->kind = gp_registry_kind_at (i);
        gp_registry_page_refresh (self);
      }
}

void
gp_registry_page_set_store (GpRegistryPage *self,
                            GpStore        *store)
{
  g_return_if_fail (GP_IS_REGISTRY_PAGE (self));

  if (g_set_object (&self->store, store))
    gp_registry_page_refresh (self);
}

void
gp_registry_page_set_kind (GpRegistryPage *self,
                           const char     *kind)
{
  g_return_if_fail (GP_IS_REGISTRY_PAGE (self));

  for (guint i = 0; i < GP_N_REGISTRIES; i++)
    if (g_strcmp0 (gp_registry_kind_at (i), kind) == 0)
      gtk_toggle_button_set_active (self->kind_buttons[i], TRUE);
}

const char *
gp_registry_page_get_kind (GpRegistryPage *self)
{
  g_return_val_if_fail (GP_IS_REGISTRY_PAGE (self), NULL);

  return self->kind;
}

void
gp_registry_page_focus_search (GpRegistryPage *self)
{
  g_return_if_fail (GP_IS_REGISTRY_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
gp_registry_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GpRegistryPage *self = GP_REGISTRY_PAGE (object);

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
gp_registry_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GpRegistryPage *self = GP_REGISTRY_PAGE (object);

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
gp_registry_page_dispose (GObject *object)
{
  GpRegistryPage *self = GP_REGISTRY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->query_cancellable);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_registry_page_parent_class)->dispose (object);
}

static void
gp_registry_page_finalize (GObject *object)
{
  GpRegistryPage *self = GP_REGISTRY_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->query_cancellable);

  G_OBJECT_CLASS (gp_registry_page_parent_class)->finalize (object);
}

static void
gp_registry_page_class_init (GpRegistryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_registry_page_dispose;
  object_class->finalize = gp_registry_page_finalize;
  object_class->get_property = gp_registry_page_get_property;
  object_class->set_property = gp_registry_page_set_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-registry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpRegistryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GpRegistryPage, kind_box);
  gtk_widget_class_bind_template_child (widget_class, GpRegistryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GpRegistryPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, GpRegistryPage, more_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
gp_registry_page_init (GpRegistryPage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The five registries as one group of toggle buttons, in the platform's order. */
  for (guint i = 0; i < GP_N_REGISTRIES; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (gp_registry_get_label (gp_registry_kind_at (i)));

      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->kind_buttons[0]);
      g_signal_connect (button, "toggled", G_CALLBACK (kind_toggled_cb), self);
      gtk_box_append (self->kind_box, button);
      self->kind_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }

  self->kind = gp_registry_kind_at (0);
  gtk_toggle_button_set_active (self->kind_buttons[0], TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}
