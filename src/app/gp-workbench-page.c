/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-workbench-page.c: 工作台. A worker thread scans the store (through its blocking API, never on
 * the main thread) for legal deadlines due soon or overdue (computed by src/core), drafts, returned
 * documents, documents waiting for the reviewer and conflicts; the outbox gives the actions not sent.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-codec.h"
#include "gp-deadlines.h"
#include "gp-project-row.h"
#include "gp-validate.h"
#include "gp-workbench-page.h"

/* How much of the store the scan reads (rows, newest first), and how many projects it opens. */
#define SCAN_PAGE     200
#define SCAN_MAX_ROWS 5000
#define MAX_OPENED    60

typedef enum {
  SEVERITY_NORMAL,
  SEVERITY_WARNING,
  SEVERITY_ERROR,
} Severity;

typedef enum {
  TODO_CONFLICT,
  TODO_RETURNED,
  TODO_REVIEW,
  TODO_DRAFT,
} TodoKind;

typedef struct {
  char     *project_id;
  char     *title;
  char     *subtitle;
  Severity  severity;
  int       order;  /* due date (julian) or to-do kind */
} WorkItem;

static void
work_item_free (WorkItem *item)
{
  g_free (item->project_id);
  g_free (item->title);
  g_free (item->subtitle);
  g_free (item);
}

static WorkItem *
work_item_new (const char *project_id,
               char       *title,
               char       *subtitle,
               Severity    severity,
               int         order)
{
  WorkItem *item = g_new0 (WorkItem, 1);

  item->project_id = g_strdup (project_id);
  item->title = title;
  item->subtitle = subtitle;
  item->severity = severity;
  item->order = order;
  return item;
}

static int
work_item_compare (gconstpointer a,
                   gconstpointer b)
{
  const WorkItem *x = *(WorkItem **) a;
  const WorkItem *y = *(WorkItem **) b;

  return x->order - y->order;
}

typedef struct {
  GpStore    *store;
  GpDuty      duties;
  GDate       today;
  GPtrArray  *deadlines;  /* WorkItem* */
  GPtrArray  *todos;      /* WorkItem* */
  GHashTable *names;      /* project id → name */
} Scan;

static void
scan_clear (Scan *scan)
{
  g_clear_object (&scan->store);
  g_clear_pointer (&scan->deadlines, g_ptr_array_unref);
  g_clear_pointer (&scan->todos, g_ptr_array_unref);
  g_clear_pointer (&scan->names, g_hash_table_unref);
}

/* A scan is shared by its task and, once done, the page: reference counted. */
static void
scan_free (Scan *scan)
{
  g_atomic_rc_box_release_full (scan, (GDestroyNotify) scan_clear);
}

struct _GpWorkbenchPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkStack             *content_stack;
  AdwPreferencesGroup  *deadlines_group;
  AdwPreferencesGroup  *todo_group;
  AdwPreferencesGroup  *pending_group;

  /* Owned references */
  GpStore      *store;
  GCancellable *cancellable;       /* the page's life */
  GCancellable *scan_cancellable;  /* the refresh in flight */
  GPtrArray    *rows;              /* the rows added to the groups */
  Scan         *scan;              /* the last scan, while its outbox is read */

  GpRole   role;
  GpDuty   duties;
  guint    refresh_source;
  guint    n_todos;
  gboolean loading;
  gboolean folded;
};

enum {
  PROP_0,
  PROP_FOLDED,
  PROP_LOADING,
  N_PROPS
};

enum {
  OPEN_PROJECT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GpWorkbenchPage, gp_workbench_page, ADW_TYPE_BIN)

GtkWidget *
gp_workbench_page_new (void)
{
  return g_object_new (GP_TYPE_WORKBENCH_PAGE, NULL);
}

/* ------------------------------------------------------------------------------------------------
 * The scan (worker thread)
 */

static const char *
name_or_untitled (const char *name)
{
  return name != NULL && *name != '\0' ? name : _("Untitled Procurement Project");
}

static void
add_deadlines (Scan            *scan,
               const GpProject *project)
{
  g_autoptr(GPtrArray) deadlines = NULL;
  GpCalendar *calendar = gp_calendar_get_default ();
  const char *name = name_or_untitled (gp_project_get_name (project));

  deadlines = gp_project_deadlines (project, calendar, &scan->today, NULL);
  if (deadlines == NULL)
    return;

  for (guint i = 0; i < deadlines->len; i++)
    {
      const GpDeadline *d = g_ptr_array_index (deadlines, i);
      g_autofree char *left = NULL;
      g_autofree char *due = NULL;
      Severity severity = SEVERITY_NORMAL;
      GString *subtitle;

      if (d->state == GP_DEADLINE_CALENDAR_MISSING || !g_date_valid (&d->due))
        continue;
      if (d->state == GP_DEADLINE_AHEAD && d->days_left > GP_WORKBENCH_HORIZON_DAYS)
        continue;

      if (d->state == GP_DEADLINE_OVERDUE)
        severity = SEVERITY_ERROR;
      else if (d->days_left <= 2)
        severity = SEVERITY_WARNING;

      left = gp_format_deadline_left (d, calendar, &scan->today);
      due = gp_format_list_date (&d->due, &scan->today);

      subtitle = g_string_new (name);
      g_string_append (subtitle, " · ");
      /* Translators: a deadline's date in the workbench, %s到期 (e.g. 12月3日到期). */
      g_string_append_printf (subtitle, _("due %s"), due);
      if (d->source != NULL && *d->source != '\0')
        g_string_append_printf (subtitle, " · %s", d->source);

      g_ptr_array_add (scan->deadlines,
                       work_item_new (project->id,
                                      g_strdup_printf ("%s %s", d->what, left),
                                      g_string_free (subtitle, FALSE),
                                      severity,
                                      (int) g_date_get_julian (&d->due)));
    }
}

static void
add_todo (Scan            *scan,
          const GpProject *project)
{
  const char *name = name_or_untitled (gp_project_get_name (project));
  const GpApproval *approval = NULL;

  if (project->status == GP_PROJECT_STATE_PLAN_DRAFT && project->plan != NULL)
    {
      approval = &project->plan->approval;
      if (project->plan->return_reason != NULL && *project->plan->return_reason != '\0')
        {
          g_ptr_array_add (scan->todos,
                           work_item_new (project->id, g_strdup (name),
                                          /* Translators: a plan the finance bureau sent back, 已退回：%s. */
                                          g_strdup_printf (_("Returned: %s"), project->plan->return_reason),
                                          SEVERITY_WARNING, TODO_RETURNED));
          return;
        }
    }
  else if (project->status == GP_PROJECT_STATE_INTENT_DRAFT && project->intention != NULL)
    {
      approval = &project->intention->approval;
    }

  if (approval != NULL && approval->prepared && !approval->approved)
    {
      if (scan->duties & GP_DUTY_REVIEWER)
        g_ptr_array_add (scan->todos,
                         work_item_new (project->id, g_strdup (name),
                                        /* Translators: 等待您审核. */
                                        g_strdup (_("Waiting for your review")),
                                        SEVERITY_NORMAL, TODO_REVIEW));
      return;
    }

  g_ptr_array_add (scan->todos,
                   work_item_new (project->id, g_strdup (name),
                                  /* Translators: %s is a stage, 采购意向公开草稿，尚未提交. */
                                  g_strdup_printf (_("%s draft, not submitted yet"),
                                                   gp_stage_get_label (project->stage)),
                                  SEVERITY_NORMAL, TODO_DRAFT));
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;
  g_autoptr(GpStoreQuery) query = gp_store_query_new ();
  g_autoptr(GPtrArray) deadline_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) draft_ids = g_ptr_array_new_with_free_func (g_free);
  GDate horizon = scan->today;

  g_date_add_days (&horizon, GP_WORKBENCH_HORIZON_DAYS);
  query->sort = GP_STORE_SORT_UPDATED;
  query->descending = TRUE;

  for (guint offset = 0; offset < SCAN_MAX_ROWS; offset += SCAN_PAGE)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;

      rows = gp_store_query_sync (scan->store, query, offset, SCAN_PAGE, cancellable, &error);
      if (rows == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      for (guint i = 0; i < rows->len; i++)
        {
          GpProjectRow *row = g_ptr_array_index (rows, i);
          const char *id = gp_project_row_get_id (row);
          const char *iso = gp_project_row_get_next_deadline (row);
          GpProjectState state = gp_project_row_get_state (row);
          GDate due;

          g_hash_table_insert (scan->names, g_strdup (id),
                               g_strdup (name_or_untitled (gp_project_row_get_name (row))));

          if (gp_project_row_get_has_conflict (row))
            g_ptr_array_add (scan->todos,
                             work_item_new (id, g_strdup (name_or_untitled (gp_project_row_get_name (row))),
                                            /* Translators: 本机和平台都修改了此项目，请选择保留哪些内容. */
                                            g_strdup (_("Changed here and on the platform: choose what to keep")),
                                            SEVERITY_ERROR, TODO_CONFLICT));
          else if ((state == GP_PROJECT_STATE_INTENT_DRAFT || state == GP_PROJECT_STATE_PLAN_DRAFT) &&
                   draft_ids->len < MAX_OPENED)
            g_ptr_array_add (draft_ids, g_strdup (id));

          if (iso != NULL && gp_codec_parse_date (iso, &due) && g_date_compare (&due, &horizon) <= 0 &&
              deadline_ids->len < MAX_OPENED)
            g_ptr_array_add (deadline_ids, g_strdup (id));
        }

      if (rows->len < SCAN_PAGE)
        break;
    }

  for (guint i = 0; i < deadline_ids->len + draft_ids->len; i++)
    {
      gboolean is_deadline = i < deadline_ids->len;
      const char *id = is_deadline ? deadline_ids->pdata[i] : draft_ids->pdata[i - deadline_ids->len];
      g_autoptr(GpStoredProject) stored = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      stored = gp_store_load_project_sync (scan->store, id, cancellable, NULL);
      if (stored == NULL || stored->project == NULL)
        continue;

      if (is_deadline)
        add_deadlines (scan, stored->project);
      else
        add_todo (scan, stored->project);
    }

  g_ptr_array_sort (scan->deadlines, work_item_compare);
  g_ptr_array_sort (scan->todos, work_item_compare);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------------------------------
 * Showing it
 */

static void
row_activated_cb (AdwActionRow    *row,
                  GpWorkbenchPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "gp-project-id");

  if (id != NULL)
    g_signal_emit (self, signals[OPEN_PROJECT], 0, id);
}

static void
add_row (GpWorkbenchPage     *self,
         AdwPreferencesGroup *group,
         const char          *project_id,
         const char          *title,
         const char          *subtitle,
         Severity             severity)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (severity == SEVERITY_ERROR)
    gtk_widget_add_css_class (row, "error");
  else if (severity == SEVERITY_WARNING)
    gtk_widget_add_css_class (row, "warning");

  if (project_id != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "gp-project-id", g_strdup (project_id), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);
    }

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, g_object_ref (row));
}

static void
clear_rows (GpWorkbenchPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
set_loading (GpWorkbenchPage *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static char *
describe_failure (const char *problems_json)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (problems_json != NULL)
    node = json_from_string (problems_json, NULL);
  if (node != NULL)
    problems = gp_problems_from_json (node, NULL);

  if (problems != NULL && problems->len > 0)
    {
      const GpProblem *problem = g_ptr_array_index (problems, 0);

      /* Translators: a queued action the platform refused, 平台未受理：%s. */
      return g_strdup_printf (_("Refused by the platform: %s"), problem->message);
    }

  /* Translators: 平台未受理. */
  return g_strdup (_("Refused by the platform"));
}

static void
show_scan (GpWorkbenchPage *self,
           Scan            *scan,
           GPtrArray       *outbox)
{
  guint n_pending = 0;

  clear_rows (self);

  for (guint i = 0; i < scan->deadlines->len; i++)
    {
      const WorkItem *item = g_ptr_array_index (scan->deadlines, i);

      add_row (self, self->deadlines_group, item->project_id, item->title, item->subtitle, item->severity);
    }

  for (guint i = 0; i < scan->todos->len; i++)
    {
      const WorkItem *item = g_ptr_array_index (scan->todos, i);

      add_row (self, self->todo_group, item->project_id, item->title, item->subtitle, item->severity);
    }

  for (guint i = 0; outbox != NULL && i < outbox->len; i++)
    {
      const GpOutboxEntry *entry = g_ptr_array_index (outbox, i);
      const char *name = g_hash_table_lookup (scan->names, entry->project_id);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      if (entry->state == GP_OUTBOX_STATE_SENT)
        continue;

      if (name != NULL)
        title = g_strdup_printf ("%s · %s", gp_action_get_label (entry->action), name);
      else
        title = g_strdup (gp_action_get_label (entry->action));

      if (entry->state == GP_OUTBOX_STATE_FAILED)
        subtitle = describe_failure (entry->problems_json);
      else
        /* Translators: a queued action: 待发送，联网后自动提交. */
        subtitle = g_strdup (_("Waiting to be sent; it goes out when the platform can be reached"));

      add_row (self, self->pending_group, entry->project_id, title, subtitle,
               entry->state == GP_OUTBOX_STATE_FAILED ? SEVERITY_ERROR : SEVERITY_NORMAL);
      n_pending++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->deadlines_group), scan->deadlines->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->todo_group), scan->todos->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), n_pending > 0);

  self->n_todos = scan->todos->len;
  gtk_stack_set_visible_child_name (self->content_stack,
                                    scan->deadlines->len + scan->todos->len + n_pending > 0 ? "groups" : "empty");
}

static void
outbox_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GpWorkbenchPage) self = user_data;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;

  outbox = gp_store_list_outbox_finish (GP_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->scan == NULL)
    return;
  if (error != NULL)
    g_warning ("Could not read the outbox: %s", error->message);

  show_scan (self, self->scan, outbox);
  g_clear_pointer (&self->scan, scan_free);
  set_loading (self, FALSE);
}

static void
scan_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GpWorkbenchPage *self = GP_WORKBENCH_PAGE (object);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not read the workbench: %s", error->message);
          set_loading (self, FALSE);
        }
      return;
    }

  /* The page keeps the scan's results until the outbox arrives. */
  g_clear_pointer (&self->scan, scan_free);
  self->scan = g_atomic_rc_box_acquire (g_task_get_task_data (task));

  gp_store_list_outbox_async (self->scan->store, FALSE, self->scan_cancellable,
                              outbox_done_cb, g_object_ref (self));
}

void
gp_workbench_page_refresh (GpWorkbenchPage *self)
{
  g_autoptr(GTask) task = NULL;
  Scan *scan;

  g_return_if_fail (GP_IS_WORKBENCH_PAGE (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_pointer (&self->scan, scan_free);

  if (self->store == NULL)
    {
      clear_rows (self);
      self->n_todos = 0;
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      set_loading (self, FALSE);
      return;
    }

  set_loading (self, TRUE);
  self->scan_cancellable = g_cancellable_new ();

  scan = g_atomic_rc_box_new0 (Scan);
  scan->store = g_object_ref (self->store);
  scan->duties = self->duties;
  gp_date_get_today (&scan->today);
  scan->deadlines = g_ptr_array_new_with_free_func ((GDestroyNotify) work_item_free);
  scan->todos = g_ptr_array_new_with_free_func ((GDestroyNotify) work_item_free);
  scan->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  task = g_task_new (self, self->scan_cancellable, scan_done_cb, NULL);
  g_task_set_source_tag (task, gp_workbench_page_refresh);
  g_task_set_task_data (task, scan, (GDestroyNotify) scan_free);
  g_task_run_in_thread (task, scan_thread);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  GpWorkbenchPage *self = user_data;

  self->refresh_source = 0;
  gp_workbench_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
projects_changed_cb (GpWorkbenchPage *self)
{
  /* Coalesce bursts of saves (autosave, a sync page) into one scan. */
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (300, refresh_timeout_cb, self);
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

void
gp_workbench_page_set_store (GpWorkbenchPage *self,
                             GpStore         *store)
{
  g_return_if_fail (GP_IS_WORKBENCH_PAGE (self));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "projects-changed", G_CALLBACK (projects_changed_cb), self,
                             G_CONNECT_SWAPPED);

  gp_workbench_page_refresh (self);
}

void
gp_workbench_page_set_account (GpWorkbenchPage *self,
                               GpRole           role,
                               GpDuty           duties)
{
  g_return_if_fail (GP_IS_WORKBENCH_PAGE (self));

  self->role = role;
  self->duties = duties;
}

void
gp_workbench_page_set_sync_state (GpWorkbenchPage *self,
                                  const char      *text)
{
  g_return_if_fail (GP_IS_WORKBENCH_PAGE (self));

  adw_preferences_group_set_description (self->pending_group, text);
}

gboolean
gp_workbench_page_get_loading (GpWorkbenchPage *self)
{
  g_return_val_if_fail (GP_IS_WORKBENCH_PAGE (self), FALSE);

  return self->loading;
}

guint
gp_workbench_page_get_n_todos (GpWorkbenchPage *self)
{
  g_return_val_if_fail (GP_IS_WORKBENCH_PAGE (self), 0);

  return self->n_todos;
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
gp_workbench_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GpWorkbenchPage *self = GP_WORKBENCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_workbench_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GpWorkbenchPage *self = GP_WORKBENCH_PAGE (object);

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
gp_workbench_page_dispose (GObject *object)
{
  GpWorkbenchPage *self = GP_WORKBENCH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  /* AdwBin unparents its child itself; gtk_widget_dispose_template() would do it twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_pointer (&self->scan, scan_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_workbench_page_parent_class)->dispose (object);
}

static void
gp_workbench_page_finalize (GObject *object)
{
  GpWorkbenchPage *self = GP_WORKBENCH_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->scan_cancellable);

  G_OBJECT_CLASS (gp_workbench_page_parent_class)->finalize (object);
}

static void
gp_workbench_page_class_init (GpWorkbenchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_workbench_page_dispose;
  object_class->finalize = gp_workbench_page_finalize;
  object_class->get_property = gp_workbench_page_get_property;
  object_class->set_property = gp_workbench_page_set_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GpWorkbenchPage::open-project:
   * @id: the project's id
   *
   * The officer activated an entry.
   */
  signals[OPEN_PROJECT] =
    g_signal_new ("open-project",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-workbench-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GpWorkbenchPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, GpWorkbenchPage, deadlines_group);
  gtk_widget_class_bind_template_child (widget_class, GpWorkbenchPage, todo_group);
  gtk_widget_class_bind_template_child (widget_class, GpWorkbenchPage, pending_group);
}

static void
gp_workbench_page_init (GpWorkbenchPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->duties = GP_DUTY_BOTH;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}
