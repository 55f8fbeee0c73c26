/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-autosave.c: GpAutosave, which debounces edits into saves: GP_AUTOSAVE_DEFAULT_DELAY_MS after the
 * last keystroke, and at most GP_AUTOSAVE_MAX_WAIT_MS after the first unsaved one.
 */
#include "config.h"

#include "gp-autosave.h"

struct _GpAutosave {
  GObject     parent_instance;

  /* Owned references */
  GpStore    *store;
  GHashTable *waiting;      /* id → GpProject*: edits not yet handed to the store */

  guint       delay_ms;
  guint       timeout_id;
  gint64      first_edit;   /* monotonic µs of the oldest waiting edit, 0 if none */
  guint       in_flight;    /* saves handed to the store, not yet done */
  gboolean    pending;
};

G_DEFINE_FINAL_TYPE (GpAutosave, gp_autosave, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DELAY,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_pending (GpAutosave *self)
{
  gboolean pending = g_hash_table_size (self->waiting) > 0 || self->in_flight > 0;

  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

typedef struct {
  GpAutosave *self;
  char       *id;
} SaveData;

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveData *d = user_data;
  g_autoptr(GpAutosave) self = d->self;
  g_autofree char *id = d->id;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  g_free (d);

  self->in_flight--;

  if (gp_store_save_project_finish (GP_STORE (source), result, &version, &error))
    g_signal_emit (self, signals[SAVED], 0, id, version);
  else
    {
      g_warning ("Autosave of project %s failed: %s", id, error->message);
      g_signal_emit (self, signals[FAILED], 0, id, error);
    }

  update_pending (self);
}

/* Hands every waiting edit to the store (its thread writes them in order). */
static void
save_waiting (GpAutosave *self)
{
  GHashTableIter iter;
  gpointer value;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->first_edit = 0;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const GpProject *project = value;
      SaveData *d = g_new0 (SaveData, 1);

      d->self = g_object_ref (self);
      d->id = g_strdup (project->id);
      self->in_flight++;
      gp_store_save_project_async (self->store, project, NULL, save_cb, d);
    }
  g_hash_table_remove_all (self->waiting);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GpAutosave *self = user_data;

  self->timeout_id = 0;
  save_waiting (self);
  return G_SOURCE_REMOVE;
}

void
gp_autosave_changed (GpAutosave      *self,
                     const GpProject *project)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due;

  g_return_if_fail (GP_IS_AUTOSAVE (self));
  g_return_if_fail (project != NULL && project->id != NULL);

  g_hash_table_replace (self->waiting, g_strdup (project->id), gp_project_copy (project));

  if (self->first_edit == 0)
    self->first_edit = now;

  due = MIN (now + (gint64) self->delay_ms * 1000, self->first_edit + GP_AUTOSAVE_MAX_WAIT_MS * 1000);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MAX (0, (due - now) / 1000),
                                         timeout_cb, self, NULL);

  update_pending (self);
}

static void
flush_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (gp_store_flush_finish (GP_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gp_autosave_flush_async (GpAutosave          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GP_IS_AUTOSAVE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_autosave_flush_async);

  save_waiting (self);
  /* The store runs jobs in order: when this one is done, so are the saves before it. */
  gp_store_flush_async (self->store, cancellable, flush_cb, g_steal_pointer (&task));
}

gboolean
gp_autosave_flush_finish (GpAutosave    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (GP_IS_AUTOSAVE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
gp_autosave_flush_sync (GpAutosave  *self,
                        GError     **error)
{
  GHashTableIter iter;
  gpointer value;
  gboolean ok = TRUE;

  g_return_val_if_fail (GP_IS_AUTOSAVE (self), FALSE);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->first_edit = 0;

  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(GError) local_error = NULL;
      const GpProject *project = value;
      gint64 version = 0;

      if (gp_store_save_project_sync (self->store, project, &version, NULL, &local_error))
        g_signal_emit (self, signals[SAVED], 0, project->id, version);
      else
        {
          g_signal_emit (self, signals[FAILED], 0, project->id, local_error);
          if (ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
    }
  g_hash_table_remove_all (self->waiting);
  update_pending (self);

  return ok;
}

static void
gp_autosave_dispose (GObject *object)
{
  GpAutosave *self = (GpAutosave *) object;

  /* Closing must not lose an edit that was typed: write what is waiting. */
  if (self->store != NULL && g_hash_table_size (self->waiting) > 0)
    gp_autosave_flush_sync (self, NULL);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_autosave_parent_class)->dispose (object);
}

static void
gp_autosave_finalize (GObject *object)
{
  GpAutosave *self = (GpAutosave *) object;

  g_clear_pointer (&self->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (gp_autosave_parent_class)->finalize (object);
}

static void
gp_autosave_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GpAutosave *self = GP_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_DELAY:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_PENDING:
      g_value_set_boolean (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_autosave_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GpAutosave *self = GP_AUTOSAVE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_DELAY:
      gp_autosave_set_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_autosave_class_init (GpAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gp_autosave_dispose;
  object_class->finalize = gp_autosave_finalize;
  object_class->get_property = gp_autosave_get_property;
  object_class->set_property = gp_autosave_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GP_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELAY] =
    g_param_spec_uint ("delay", NULL, NULL,
                       0, GP_AUTOSAVE_MAX_WAIT_MS, GP_AUTOSAVE_DEFAULT_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_boolean ("pending", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GpAutosave::saved:
   * @id: the project's id
   * @version: its new local version
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  /**
   * GpAutosave::failed:
   * @id: the project's id
   * @error: why (the edit is not on disk: show it where the officer is looking)
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
gp_autosave_init (GpAutosave *self)
{
  self->delay_ms = GP_AUTOSAVE_DEFAULT_DELAY_MS;
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) gp_project_free);
}

GpAutosave *
gp_autosave_new (GpStore *store)
{
  g_return_val_if_fail (GP_IS_STORE (store), NULL);

  return g_object_new (GP_TYPE_AUTOSAVE, "store", store, NULL);
}

GpStore *
gp_autosave_get_store (GpAutosave *self)
{
  g_return_val_if_fail (GP_IS_AUTOSAVE (self), NULL);

  return self->store;
}

guint
gp_autosave_get_delay (GpAutosave *self)
{
  g_return_val_if_fail (GP_IS_AUTOSAVE (self), 0);

  return self->delay_ms;
}

void
gp_autosave_set_delay (GpAutosave *self,
                       guint       delay_ms)
{
  g_return_if_fail (GP_IS_AUTOSAVE (self));

  delay_ms = MIN (delay_ms, GP_AUTOSAVE_MAX_WAIT_MS);
  if (delay_ms == self->delay_ms)
    return;
  self->delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

gboolean
gp_autosave_get_pending (GpAutosave *self)
{
  g_return_val_if_fail (GP_IS_AUTOSAVE (self), FALSE);

  return self->pending;
}
