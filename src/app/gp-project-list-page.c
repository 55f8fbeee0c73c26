/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-list-page.c: 采购项目: a GtkColumnView over the lazy GpProjectListModel; search as you
 * type, stage, status and year filters, and column sorting all become one GpStoreQuery run in SQL.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-codec.h"
#include "gp-money.h"
#include "gp-project-list-model.h"
#include "gp-project-list-page.h"

#define FIRST_YEAR 2021

typedef enum {
  COLUMN_NAME,
  COLUMN_CODE,
  COLUMN_STAGE,
  COLUMN_STATE,
  COLUMN_BUDGET,
  COLUMN_DEADLINE,
  N_COLUMNS
} Column;

static const GpStoreSort column_sorts[N_COLUMNS] = {
  GP_STORE_SORT_NAME,
  GP_STORE_SORT_CODE,
  GP_STORE_SORT_STAGE,
  GP_STORE_SORT_STATE,
  GP_STORE_SORT_BUDGET,
  GP_STORE_SORT_NEXT_DEADLINE,
};

struct _GpProjectListPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkSearchEntry *search_entry;
  GtkDropDown    *stage_dropdown;
  GtkDropDown    *state_dropdown;
  GtkDropDown    *year_dropdown;
  GtkLabel       *count_label;
  GtkStack       *content_stack;
  GtkColumnView  *column_view;

  /* Owned references */
  GpStore            *store;
  GpProjectListModel *model;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  GObject            *probe_a;
  GObject            *probe_b;
  char               *region;
  char               *unit_id;
  char               *unit_name;
  char               *budget_code;

  int       probed_column;
  gboolean  folded;
};

enum {
  PROP_0,
  PROP_FOLDED,
  PROP_STORE,
  N_PROPS
};

enum {
  OPEN_PROJECT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GpProjectListPage, gp_project_list_page, ADW_TYPE_BIN)

GtkWidget *
gp_project_list_page_new (void)
{
  return g_object_new (GP_TYPE_PROJECT_LIST_PAGE, NULL);
}

/* ------------------------------------------------------------------------------------------------
 * The query
 */

static int
selected_year (GpProjectListPage *self)
{
  guint pos = gtk_drop_down_get_selected (self->year_dropdown);
  GDate today;

  if (pos == 0 || pos == GTK_INVALID_LIST_POSITION)
    return 0;

  /* Years run from next year down to FIRST_YEAR. */
  gp_date_get_today (&today);
  return g_date_get_year (&today) + 1 - (int) (pos - 1);
}

/* GTK 4.8 has no getter for the column view's primary sort column: each column's sorter notes
 * that it was asked, and the sign of the answer tells the direction. */
static int
probe_compare_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GpProjectListPage *self = g_object_get_data (G_OBJECT (user_data), "gp-page");

  self->probed_column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "gp-column"));
  return GTK_ORDERING_SMALLER;
}

static void
update_query (GpProjectListPage *self)
{
  g_autoptr(GpStoreQuery) query = gp_store_query_new ();
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  guint stage = gtk_drop_down_get_selected (self->stage_dropdown);
  guint state = gtk_drop_down_get_selected (self->state_dropdown);

  if (self->model == NULL)
    return;

  query->text = *text != '\0' ? g_steal_pointer (&text) : NULL;
  query->stage = stage > 0 && stage != GTK_INVALID_LIST_POSITION ? (int) stage - 1 : -1;
  query->state = state > 0 && state != GTK_INVALID_LIST_POSITION ? (int) state - 1 : -1;
  query->year = selected_year (self);

  self->probed_column = -1;
  if (sorter != NULL)
    {
      GtkOrdering order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);

      if (self->probed_column >= 0 && self->probed_column < N_COLUMNS)
        {
          query->sort = column_sorts[self->probed_column];
          query->descending = order == GTK_ORDERING_LARGER;
        }
    }

  gp_project_list_model_set_query (self->model, query);
}

static void
update_count (GpProjectListPage *self)
{
  const GpStoreQuery *query;
  guint n;
  gboolean filtered;
  g_autofree char *text = NULL;

  if (self->model == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  query = gp_project_list_model_get_query (self->model);
  filtered = query->text != NULL || query->stage >= 0 || query->state >= 0 || query->year != 0;

  /* Translators: the number of projects in the list, 共 %u 项. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u project", "%u projects", n), n);
  gtk_label_set_text (self->count_label, text);

  if (gp_project_list_model_get_loading (self->model) && n == 0)
    return;

  if (n > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    gtk_stack_set_visible_child_name (self->content_stack, filtered ? "no-results" : "empty");
}

static void
search_changed_cb (GpProjectListPage *self)
{
  update_query (self);
}

static void
filter_changed_cb (GpProjectListPage *self)
{
  update_query (self);
}

static void
sorter_changed_cb (GpProjectListPage *self)
{
  update_query (self);
}

/* ------------------------------------------------------------------------------------------------
 * Cells
 */

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_BUDGET ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_BUDGET || column == COLUMN_DEADLINE || column == COLUMN_CODE)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_NAME)
    gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  GpProjectRow *row = gtk_list_item_get_item (item);
  g_autofree char *owned = NULL;
  const char *text = "";

  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");

  if (row == NULL || !gp_project_row_get_loaded (row))
    {
      gtk_label_set_text (label, "");
      return;
    }

  switch (column)
    {
    case COLUMN_NAME:
      text = gp_project_row_get_name (row);
      if (text == NULL || *text == '\0')
        text = _("Untitled Procurement Project");
      break;

    case COLUMN_CODE:
      text = gp_project_row_get_code (row);
      break;

    case COLUMN_STAGE:
      text = gp_stage_get_label (gp_project_row_get_stage (row));
      break;

    case COLUMN_STATE:
      text = gp_project_row_get_has_conflict (row)
        /* Translators: the status column of a project changed here and on the server, 有冲突. */
        ? _("Conflict")
        : gp_project_state_get_label (gp_project_row_get_state (row));
      if (gp_project_row_get_has_conflict (row))
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      break;

    case COLUMN_BUDGET:
      if (gp_project_row_get_budget (row) > 0)
        text = owned = gp_money_format_wan (gp_project_row_get_budget (row));
      break;

    case COLUMN_DEADLINE:
      {
        const char *iso = gp_project_row_get_next_deadline (row);
        GDate due, today;

        if (iso != NULL && gp_codec_parse_date (iso, &due))
          {
            int days;

            gp_date_get_today (&today);
            days = g_date_days_between (&today, &due);
            text = owned = gp_format_list_date (&due, &today);
            if (days < 0)
              gtk_widget_add_css_class (GTK_WIDGET (label), "error");
            else if (days <= 2)
              gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
          }
      }
      break;

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (label, text != NULL ? text : "");
}

static void
add_column (GpProjectListPage *self,
            Column             column,
            const char        *title,
            gboolean           expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  GObject *token = g_object_new (G_TYPE_OBJECT, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (column));

  /* The token carries the page and the column into the probe (the sorter holds it). */
  g_object_set_data (token, "gp-page", self);
  g_object_set_data (token, "gp-column", GINT_TO_POINTER (column));
  sorter = gtk_custom_sorter_new (probe_compare_cb, token, g_object_unref);

  col = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_sorter (col, GTK_SORTER (sorter));
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_append_column (self->column_view, col);
}

/* ------------------------------------------------------------------------------------------------
 * Actions
 */

static void
column_view_activate_cb (GpProjectListPage *self,
                         guint              position)
{
  g_autoptr(GpProjectRow) row = NULL;

  if (self->model == NULL)
    return;

  row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (row != NULL && gp_project_row_get_loaded (row))
    g_signal_emit (self, signals[OPEN_PROJECT], 0, gp_project_row_get_id (row));
}

typedef struct {
  GpProjectListPage *self;
  char              *id;
} NewProject;

static void
new_project_saved_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  NewProject *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!gp_store_save_project_finish (GP_STORE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not save the new project: %s", error->message);
    }
  else if (!g_cancellable_is_cancelled (data->self->cancellable))
    {
      g_signal_emit (data->self, signals[OPEN_PROJECT], 0, data->id);
    }

  g_object_unref (data->self);
  g_free (data->id);
  g_free (data);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GpProjectListPage *self = GP_PROJECT_LIST_PAGE (widget);
  g_autoptr(GpProject) project = NULL;
  NewProject *data;

  if (self->store == NULL)
    return;

  project = gp_project_new_draft (self->region != NULL ? self->region : "");
  project->purchaser.unit_id = g_strdup (self->unit_id);
  project->purchaser.name = g_strdup (self->unit_name);
  project->purchaser.budget_code = g_strdup (self->budget_code);
  project->intention = gp_intention_new ();
  /* Translators: the name a new project starts with, 未命名采购项目. */
  project->intention->name = g_strdup (_("Untitled Procurement Project"));

  data = g_new0 (NewProject, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (project->id);
  gp_store_save_project_async (self->store, project, self->cancellable, new_project_saved_cb, data);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gp_project_list_page_focus_search (GP_PROJECT_LIST_PAGE (widget));
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

GpStore *
gp_project_list_page_get_store (GpProjectListPage *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_PAGE (self), NULL);

  return self->store;
}

GListModel *
gp_project_list_page_get_model (GpProjectListPage *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_PAGE (self), NULL);

  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

void
gp_project_list_page_set_store (GpProjectListPage *self,
                                GpStore           *store)
{
  g_return_if_fail (GP_IS_PROJECT_LIST_PAGE (self));
  g_return_if_fail (store == NULL || GP_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      self->model = gp_project_list_model_new (store);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
      update_query (self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project-list.new", store != NULL);
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
gp_project_list_page_set_owner (GpProjectListPage *self,
                                const char        *region,
                                const char        *unit_id,
                                const char        *unit_name,
                                const char        *budget_code)
{
  g_return_if_fail (GP_IS_PROJECT_LIST_PAGE (self));

  g_free (self->region);
  self->region = g_strdup (region);
  g_free (self->unit_id);
  self->unit_id = g_strdup (unit_id);
  g_free (self->unit_name);
  self->unit_name = g_strdup (unit_name);
  g_free (self->budget_code);
  self->budget_code = g_strdup (budget_code);
}

void
gp_project_list_page_focus_search (GpProjectListPage *self)
{
  g_return_if_fail (GP_IS_PROJECT_LIST_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
fill_filters (GpProjectListPage *self)
{
  g_autoptr(GtkStringList) stages = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);
  GDate today;

  /* Translators: the first entry of the stage filter, 全部阶段. */
  gtk_string_list_append (stages, _("All Stages"));
  for (int s = GP_STAGE_INTENTION; s <= GP_STAGE_PAYMENT; s++)
    gtk_string_list_append (stages, gp_stage_get_label (s));

  /* Translators: the first entry of the status filter, 全部状态. */
  gtk_string_list_append (states, _("All Statuses"));
  for (int s = 0; s < GP_PROJECT_STATE_N_STATES; s++)
    gtk_string_list_append (states, gp_project_state_get_label (s));

  /* Translators: the first entry of the year filter, 全部年度. */
  gtk_string_list_append (years, _("All Years"));
  gp_date_get_today (&today);
  for (int y = g_date_get_year (&today) + 1; y >= FIRST_YEAR; y--)
    {
      /* Translators: a procurement year in the year filter, %d年度. */
      g_autofree char *label = g_strdup_printf (_("%d"), y);

      gtk_string_list_append (years, label);
    }

  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (stages));
  gtk_drop_down_set_model (self->state_dropdown, G_LIST_MODEL (states));
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (years));
}

static void
gp_project_list_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GpProjectListPage *self = GP_PROJECT_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_project_list_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GpProjectListPage *self = GP_PROJECT_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_STORE:
      gp_project_list_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_project_list_page_dispose (GObject *object)
{
  GpProjectListPage *self = GP_PROJECT_LIST_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_project_list_page_parent_class)->dispose (object);
}

static void
gp_project_list_page_finalize (GObject *object)
{
  GpProjectListPage *self = GP_PROJECT_LIST_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_free (self->region);
  g_free (self->unit_id);
  g_free (self->unit_name);
  g_free (self->budget_code);

  G_OBJECT_CLASS (gp_project_list_page_parent_class)->finalize (object);
}

static void
gp_project_list_page_class_init (GpProjectListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_project_list_page_dispose;
  object_class->finalize = gp_project_list_page_finalize;
  object_class->get_property = gp_project_list_page_get_property;
  object_class->set_property = gp_project_list_page_set_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GP_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GpProjectListPage::open-project:
   * @id: the project's id
   *
   * The officer activated a row, or a new project was created.
   */
  signals[OPEN_PROJECT] =
    g_signal_new ("open-project",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-project-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GpProjectListPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "project-list.new", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "project-list.search", NULL, search_action);
}

static void
gp_project_list_page_init (GpProjectListPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  self->probed_column = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_filters (self);

  /* Translators: column titles of the project list: 项目名称, 编号, 阶段, 状态, 预算(万元), 下一期限. */
  add_column (self, COLUMN_NAME, _("Project Name"), TRUE);
  add_column (self, COLUMN_CODE, _("Code"), FALSE);
  add_column (self, COLUMN_STAGE, _("Stage"), FALSE);
  add_column (self, COLUMN_STATE, _("Status"), FALSE);
  add_column (self, COLUMN_BUDGET, _("Budget (10k CNY)"), FALSE);
  add_column (self, COLUMN_DEADLINE, _("Next Deadline"), FALSE);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project-list.new", FALSE);
  update_count (self);
}
