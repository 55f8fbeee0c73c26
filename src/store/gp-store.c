/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-store.c: GpStore, the local offline store: one thread owns the SQLite connection and runs the jobs
 * the async API queues (Epiphany's history service pattern); results come back as GTask completions.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "gp-codec.h"
#include "gp-store-private.h"
#include "gp-store-schema.h"

#include "gp-deadlines.h"

G_DEFINE_QUARK (gp-store-error-quark, gp_store_error)

/* ------------------------------------------------------------------------------------------------
 * Boxed records
 */

GpStoredProject *
gp_stored_project_copy (const GpStoredProject *self)
{
  GpStoredProject *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (GpStoredProject, 1);
  *copy = *self;
  copy->project = self->project ? gp_project_copy (self->project) : NULL;
  copy->conflict = self->conflict ? gp_project_copy (self->conflict) : NULL;
  return copy;
}

void
gp_stored_project_free (GpStoredProject *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->project, gp_project_free);
  g_clear_pointer (&self->conflict, gp_project_free);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (GpStoredProject, gp_stored_project, gp_stored_project_copy, gp_stored_project_free)

GpOutboxEntry *
gp_outbox_entry_copy (const GpOutboxEntry *self)
{
  GpOutboxEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (GpOutboxEntry, 1);
  *copy = *self;
  copy->project_id = g_strdup (self->project_id);
  copy->action = g_strdup (self->action);
  copy->payload_json = g_strdup (self->payload_json);
  copy->idempotency_key = g_strdup (self->idempotency_key);
  copy->problems_json = g_strdup (self->problems_json);
  return copy;
}

void
gp_outbox_entry_free (GpOutboxEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->project_id);
  g_free (self->action);
  g_free (self->payload_json);
  g_free (self->idempotency_key);
  g_free (self->problems_json);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (GpOutboxEntry, gp_outbox_entry, gp_outbox_entry_copy, gp_outbox_entry_free)

GpRegistryEntry *
gp_registry_entry_new (const char *id,
                       const char *name,
                       const char *code,
                       const char *json)
{
  GpRegistryEntry *self = g_new0 (GpRegistryEntry, 1);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->code = g_strdup (code);
  self->json = g_strdup (json);
  return self;
}

GpRegistryEntry *
gp_registry_entry_copy (const GpRegistryEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return gp_registry_entry_new (self->id, self->name, self->code, self->json);
}

void
gp_registry_entry_free (GpRegistryEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->code);
  g_free (self->json);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (GpRegistryEntry, gp_registry_entry, gp_registry_entry_copy, gp_registry_entry_free)

GpStoreQuery *
gp_store_query_new (void)
{
  GpStoreQuery *self = g_new0 (GpStoreQuery, 1);

  self->stage = -1;
  self->state = -1;
  self->sort = GP_STORE_SORT_UPDATED;
  self->descending = TRUE;
  return self;
}

GpStoreQuery *
gp_store_query_copy (const GpStoreQuery *self)
{
  GpStoreQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (GpStoreQuery, 1);
  *copy = *self;
  copy->text = g_strdup (self->text);
  return copy;
}

void
gp_store_query_free (GpStoreQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self);
}

gboolean
gp_store_query_equal (const GpStoreQuery *a,
                      const GpStoreQuery *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->text, b->text) == 0 &&
         a->stage == b->stage &&
         a->state == b->state &&
         a->year == b->year &&
         a->sort == b->sort &&
         !a->descending == !b->descending;
}

G_DEFINE_BOXED_TYPE (GpStoreQuery, gp_store_query, gp_store_query_copy, gp_store_query_free)

void
gp_store_page_set_free (GpStorePageSet *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_free (self);
}

/* ------------------------------------------------------------------------------------------------
 * The worker: one thread, one connection, a queue of jobs
 */

typedef struct _Worker Worker;

typedef gboolean (*OpFunc) (Worker          *w,
                            gpointer         data,
                            gpointer        *result,
                            GDestroyNotify  *result_free,
                            GError         **error);

struct _Worker {
  gatomicrefcount  ref;
  GAsyncQueue     *queue;
  GThread         *thread;
  GMainContext    *context;     /* where projects-changed is emitted */
  GWeakRef         store;
  gint             notify_pending;

  /* Only touched on the worker thread. */
  GpDb            *db;
  GCancellable    *current;     /* the running job's, read by the progress handler */
  gboolean         changed;     /* the running job changed the projects table */
  gint64           total_cache; /* listed rows, or -1 when unknown */

  /* The rows of projects the running job changed (rid → RowChange): the search tables and the
   * listed-row counter follow them just before its COMMIT (rows_flush()). */
  GHashTable      *touched;
};

typedef struct {
  OpFunc          func;
  gpointer        data;
  GDestroyNotify  data_free;
  GTask          *task;         /* async callers */
  GCancellable   *cancellable;
  gboolean        quit;

  /* Synchronous callers wait on this. */
  gboolean        sync;
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
  gboolean        ok;
  gpointer        result;
  GDestroyNotify  result_free;
  GError         *error;
} Job;

struct _GpStore {
  GObject   parent_instance;

  char     *path;
  Worker   *worker;
  gboolean  shut_down;
};

G_DEFINE_FINAL_TYPE (GpStore, gp_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROJECTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Worker *
worker_ref (Worker *w)
{
  g_atomic_ref_count_inc (&w->ref);
  return w;
}

static void
worker_unref (Worker *w)
{
  if (!g_atomic_ref_count_dec (&w->ref))
    return;

  g_assert (w->db == NULL);
  g_clear_pointer (&w->touched, g_hash_table_unref);
  g_async_queue_unref (w->queue);
  g_main_context_unref (w->context);
  g_weak_ref_clear (&w->store);
  g_free (w);
}

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_clear_object (&job->task);
  g_clear_object (&job->cancellable);
  if (job->result_free != NULL && job->result != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  if (job->sync)
    {
      g_mutex_clear (&job->mutex);
      g_cond_clear (&job->cond);
    }
  g_free (job);
}

static int
progress_cb (void *user_data)
{
  Worker *w = user_data;

  /* Non-zero interrupts the running statement (SQLITE_INTERRUPT). */
  return w->current != NULL && g_cancellable_is_cancelled (w->current);
}

static gboolean
notify_changed_cb (gpointer user_data)
{
  Worker *w = user_data;
  g_autoptr(GpStore) store = NULL;

  g_atomic_int_set (&w->notify_pending, 0);
  store = g_weak_ref_get (&w->store);
  if (store != NULL)
    g_signal_emit (store, signals[PROJECTS_CHANGED], 0);

  return G_SOURCE_REMOVE;
}

static void
worker_run_job (Worker *w,
                Job    *job)
{
  gpointer result = NULL;
  GDestroyNotify result_free = NULL;
  GError *error = NULL;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    ok = FALSE;
  else
    {
      w->current = job->cancellable;
      w->changed = FALSE;
      ok = job->func (w, job->data, &result, &result_free, &error);
      w->current = NULL;

      if (w->db != NULL && gp_db_get_transaction_depth (w->db) > 0)
        {
          g_critical ("A store job left a transaction open; rolling back");
          while (gp_db_get_transaction_depth (w->db) > 0)
            gp_db_rollback (w->db, NULL);
        }
      if (w->touched != NULL && g_hash_table_size (w->touched) > 0)
        {
          g_critical ("A store job changed projects without bringing search and count up to date");
          g_hash_table_remove_all (w->touched);
        }

      if (!ok && job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable))
        {
          g_clear_error (&error);
          g_cancellable_set_error_if_cancelled (job->cancellable, &error);
        }

      if (w->changed)
        {
          w->total_cache = -1;
          if (g_atomic_int_compare_and_exchange (&w->notify_pending, 0, 1))
            g_main_context_invoke_full (w->context, G_PRIORITY_DEFAULT, notify_changed_cb,
                                        worker_ref (w), (GDestroyNotify) worker_unref);
        }
    }

  g_assert (ok || error != NULL);

  if (job->sync)
    {
      g_mutex_lock (&job->mutex);
      job->ok = ok;
      job->result = result;
      job->result_free = result_free;
      job->error = error;
      job->done = TRUE;
      g_cond_signal (&job->cond);
      g_mutex_unlock (&job->mutex);
      /* The waiting caller frees the job. */
    }
  else
    {
      if (ok)
        g_task_return_pointer (job->task, result, result_free);
      else
        g_task_return_error (job->task, error);
      job_free (job);
    }
}

static gpointer
worker_main (gpointer user_data)
{
  Worker *w = user_data;

  for (;;)
    {
      Job *job = g_async_queue_pop (w->queue);

      if (job->quit)
        {
          if (w->db != NULL)
            {
              g_autoptr(GError) error = NULL;

              /* Keeps the planner's statistics fresh; cheap when nothing changed. */
              gp_db_exec (w->db, "PRAGMA optimize", NULL);
              if (!gp_db_close (w->db, &error))
                g_warning ("Closing the store failed: %s", error->message);
              g_clear_object (&w->db);
            }
          if (job->sync)
            {
              g_mutex_lock (&job->mutex);
              job->ok = TRUE;
              job->done = TRUE;
              g_cond_signal (&job->cond);
              g_mutex_unlock (&job->mutex);
            }
          else
            job_free (job);
          break;
        }

      worker_run_job (w, job);
    }

  worker_unref (w);
  return NULL;
}

static Job *
job_new (OpFunc         func,
         gpointer       data,
         GDestroyNotify data_free,
         GCancellable  *cancellable)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return job;
}

/* Runs @job on the worker and waits; returns the result, owned by the caller. */
static gboolean
job_run_sync (Worker   *w,
              Job      *job,
              gpointer *out_result,
              GError  **error)
{
  gboolean ok;

  job->sync = TRUE;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  if (g_thread_self () == w->thread)
    {
      /* Already on the owner thread (a job calling back into the API): run inline. */
      worker_run_job (w, job);
    }
  else
    {
      g_async_queue_push (w->queue, job);
      g_mutex_lock (&job->mutex);
      while (!job->done)
        g_cond_wait (&job->cond, &job->mutex);
      g_mutex_unlock (&job->mutex);
    }

  ok = job->ok;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else if (out_result != NULL)
    {
      *out_result = g_steal_pointer (&job->result);
      job->result_free = NULL;
    }

  job_free (job);
  return ok;
}

static void
store_queue (GpStore             *self,
             gpointer             source_tag,
             OpFunc               func,
             gpointer             data,
             GDestroyNotify       data_free,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job *job;

  g_task_set_source_tag (task, source_tag);

  if (self->shut_down)
    {
      if (data_free != NULL && data != NULL)
        data_free (data);
      g_task_return_new_error (task, GP_STORE_ERROR, GP_STORE_ERROR_CLOSED,
                               _("The local store is closed"));
      return;
    }

  job = job_new (func, data, data_free, cancellable);
  job->task = g_steal_pointer (&task);
  g_async_queue_push (self->worker->queue, job);
}

static gboolean
store_run_sync (GpStore       *self,
                OpFunc         func,
                gpointer       data,
                GDestroyNotify data_free,
                GCancellable  *cancellable,
                gpointer      *out_result,
                GError       **error)
{
  if (self->shut_down)
    {
      if (data_free != NULL && data != NULL)
        data_free (data);
      g_set_error_literal (error, GP_STORE_ERROR, GP_STORE_ERROR_CLOSED,
                           _("The local store is closed"));
      return FALSE;
    }

  return job_run_sync (self->worker, job_new (func, data, data_free, cancellable), out_result, error);
}

static gpointer
finish_pointer (GpStore       *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (GP_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
finish_ok (GpStore       *self,
           GAsyncResult  *result,
           gpointer       source_tag,
           gpointer      *out_result,
           GError       **error)
{
  GError *local_error = NULL;
  gpointer value;

  g_return_val_if_fail (GP_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (out_result != NULL)
    *out_result = value;
  return TRUE;
}

static gint64 *
int64_box (gint64 value)
{
  gint64 *box = g_new (gint64, 1);

  *box = value;
  return box;
}

static gint64
int64_unbox (gpointer box)
{
  gint64 value = box ? *(gint64 *) box : 0;

  g_free (box);
  return value;
}

/* ------------------------------------------------------------------------------------------------
 * Helpers on the worker thread
 */

static gboolean
bind_param_index (GpDbStmt   *stmt,
                  const char *name,
                  int        *index)
{
  *index = sqlite3_bind_parameter_index (stmt, name);
  return *index > 0;
}

static void
bind_named_text (GpDbStmt   *stmt,
                 const char *name,
                 const char *value)
{
  int index;

  if (bind_param_index (stmt, name, &index))
    gp_db_bind_text (stmt, index, value);
}

static void
bind_named_int64 (GpDbStmt   *stmt,
                  const char *name,
                  gint64      value)
{
  int index;

  if (bind_param_index (stmt, name, &index))
    gp_db_bind_int64 (stmt, index, value);
}

static gboolean
rollback_and_fail (Worker *w)
{
  gp_db_rollback (w->db, NULL);
  if (w->touched != NULL)
    g_hash_table_remove_all (w->touched);
  return FALSE;
}

/* The columns beside the JSON (DESIGN.md §3). */
typedef struct {
  const char *name;
  const char *code;
  char       *summary;
  const char *stage;
  const char *state;
  gint64      year;
  gint64      budget;
  gint64      contract;
  char       *next_deadline;
} IndexColumns;

static void
index_columns_clear (IndexColumns *c)
{
  g_clear_pointer (&c->summary, g_free);
  g_clear_pointer (&c->next_deadline, g_free);
}

static int
year_of_datetime (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;

  /* Procurement years follow China Standard Time. */
  dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC + 8 * 3600);
  return dt != NULL ? g_date_time_get_year (dt) : 0;
}

#define MAX_SUMMARY_CHARS 2000

/* The earliest legal deadline still open (overdue ones included), as "YYYY-MM-DD", or NULL.
 * Terminal and legacy projects have none to show. */
static void
local_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

/* @today and @calendar: what a whole feed page is computed against, or NULL (now, the default). */
static char *
next_deadline (const GpProject *p,
               const GDate     *today,
               GpCalendar      *calendar)
{
  g_autoptr(GPtrArray) deadlines = NULL;
  const GDate *earliest = NULL;
  GDate now;

  if (gp_project_state_is_terminal (p->status))
    return NULL;

  if (today == NULL)
    {
      local_today (&now);
      today = &now;
      calendar = gp_calendar_get_default ();
    }

  deadlines = gp_project_deadlines (p, calendar, today, NULL);
  if (deadlines == NULL)
    return NULL;

  for (guint i = 0; i < deadlines->len; i++)
    {
      const GpDeadline *d = g_ptr_array_index (deadlines, i);

      if (d->state == GP_DEADLINE_CALENDAR_MISSING || !g_date_valid (&d->due))
        continue;
      if (earliest == NULL || g_date_compare (&d->due, earliest) < 0)
        earliest = &d->due;
    }

  return earliest != NULL ? gp_codec_format_date (earliest) : NULL;
}

static void
index_columns_init (IndexColumns    *c,
                    const GpProject *p,
                    const GDate     *today,
                    GpCalendar      *calendar)
{
  GString *summary = g_string_new (NULL);

  memset (c, 0, sizeof *c);

  c->name = gp_project_get_name (p);
  if (c->name == NULL)
    c->name = "";

  if (p->execution != NULL && p->execution->entrusted != NULL &&
      p->execution->entrusted->project_code != NULL)
    c->code = p->execution->entrusted->project_code;
  else if (p->plan != NULL && p->plan->filing_ref != NULL)
    c->code = p->plan->filing_ref;
  else if (p->execution != NULL && p->execution->mall != NULL &&
           p->execution->mall->order_no != NULL)
    c->code = p->execution->mall->order_no;
  else
    c->code = "";

  if (p->intention != NULL && p->intention->summary != NULL)
    g_string_append (summary, p->intention->summary);
  if (p->plan != NULL && p->plan->content != NULL)
    {
      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      g_string_append (summary, p->plan->content);
    }
  if (g_utf8_strlen (summary->str, -1) > MAX_SUMMARY_CHARS)
    {
      const char *end = g_utf8_offset_to_pointer (summary->str, MAX_SUMMARY_CHARS);

      g_string_truncate (summary, end - summary->str);
    }
  c->summary = g_string_free (summary, FALSE);

  c->stage = gp_stage_to_string (p->stage);
  c->state = gp_project_state_to_string (p->status);
  if (c->stage == NULL)
    c->stage = "";
  if (c->state == NULL)
    c->state = "";

  if (p->intention != NULL && gp_date_is_set (&p->intention->expected_month))
    c->year = g_date_get_year (&p->intention->expected_month);
  else if (p->plan != NULL && gp_date_is_set (&p->plan->planned_start))
    c->year = g_date_get_year (&p->plan->planned_start);
  else if (p->created != 0)
    c->year = year_of_datetime (p->created);

  if (p->plan != NULL && p->plan->total > 0)
    c->budget = p->plan->total;
  else if (p->intention != NULL)
    c->budget = MAX (p->intention->budget, 0);

  for (guint i = 0; i < p->contracts->len; i++)
    {
      const GpContract *contract = g_ptr_array_index (p->contracts, i);

      if (contract->amount > 0 && c->contract <= G_MAXINT64 - contract->amount)
        c->contract += contract->amount;
    }

  c->next_deadline = next_deadline (p, today, calendar);
}

/* What a row carries besides the record. */
typedef struct {
  GpSyncState  sync_state;
  gint64       base_rev;
  gint64       local_version;
  gint64       saved_at;
  char        *conflict_json;
  gint64       rid;          /* set by read_meta(), and so are the row's search text: */
  char        *name;
  char        *code;
  char        *summary;
} RowMeta;

static void
row_meta_clear (RowMeta *m)
{
  g_clear_pointer (&m->conflict_json, g_free);
  g_clear_pointer (&m->name, g_free);
  g_clear_pointer (&m->code, g_free);
  g_clear_pointer (&m->summary, g_free);
}

/* Reads the meta of @id; *found says whether there is a row. */
static gboolean
read_meta (Worker     *w,
           const char *id,
           RowMeta    *meta,
           gboolean   *found,
           GError    **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;

  memset (meta, 0, sizeof *meta);
  *found = FALSE;

  stmt = gp_db_prepare (w->db,
                        "SELECT sync_state, base_rev, local_version, local_saved_at, conflict_json, rid, "
                        "name, code, summary FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, id);

  if (!gp_db_step_row (stmt, error))
    return error == NULL || *error == NULL;

  *found = TRUE;
  meta->sync_state = (GpSyncState) gp_db_column_get_int64 (stmt, 0);
  meta->base_rev = gp_db_column_get_int64 (stmt, 1);
  meta->local_version = gp_db_column_get_int64 (stmt, 2);
  meta->saved_at = gp_db_column_get_int64 (stmt, 3);
  meta->conflict_json = gp_db_column_dup_text (stmt, 4);
  meta->rid = gp_db_column_get_int64 (stmt, 5);
  meta->name = gp_db_column_dup_text (stmt, 6);
  meta->code = gp_db_column_dup_text (stmt, 7);
  meta->summary = gp_db_column_dup_text (stmt, 8);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Search tables and the listed-row counter, kept by the store (schema 4; no triggers). A trigger on
 * projects made every INSERT or UPDATE open a statement journal, and FTS5 writes its pending terms
 * to disk at the end of every such statement once it is part of the transaction: one index segment
 * per row. Now each writer notes the rows it changes (rows_note()), and just before the COMMIT of its
 * job rows_flush() writes each changed row's old text out of both search tables and its new text
 * in, by single-row statements (no statement journal), and moves the counter by the difference in
 * listed rows: one segment per job, nothing stale once it commits, nothing at all if it rolls back.
 * Rows whose text did not change are left alone in the search tables.
 */

/* A row of projects as the job found it and as it leaves it. */
typedef struct {
  gboolean  existed;        /* FALSE: inserted by this job */
  gboolean  was_listed;
  char     *old_name;
  char     *old_code;
  char     *old_summary;
  gboolean  exists;         /* FALSE: deleted by this job */
  gboolean  listed;
  char     *name;
  char     *code;
  char     *summary;
  char     *grams;          /* gp_grams() of the new text if known, or NULL */
} RowChange;

static void
row_change_free (RowChange *c)
{
  g_free (c->old_name);
  g_free (c->old_code);
  g_free (c->old_summary);
  g_free (c->name);
  g_free (c->code);
  g_free (c->summary);
  g_free (c->grams);
  g_free (c);
}

/* Notes that row @rid, which was @before (read_meta() of this job, or NULL for a row it inserted),
 * is now @name, @code, @summary and @listed, or gone (!@exists). Only the first note of a row in a
 * job records how it was. @summary and @grams (the new text's grams, if already known) are taken. */
static void
rows_note (Worker        *w,
           gint64         rid,
           const RowMeta *before,
           gboolean       exists,
           const char    *name,
           const char    *code,
           char          *summary,
           char          *grams,
           gboolean       listed)
{
  RowChange *c;

  g_assert (rid > 0);

  c = g_hash_table_lookup (w->touched, &rid);
  if (c == NULL)
    {
      c = g_new0 (RowChange, 1);
      if (before != NULL)
        {
          c->existed = TRUE;
          c->was_listed = before->sync_state != GP_SYNC_STATE_DELETED;
          c->old_name = g_strdup (before->name);
          c->old_code = g_strdup (before->code);
          c->old_summary = g_strdup (before->summary);
        }
      g_hash_table_insert (w->touched, g_memdup2 (&rid, sizeof rid), c);
    }

  g_clear_pointer (&c->name, g_free);
  g_clear_pointer (&c->code, g_free);
  g_clear_pointer (&c->summary, g_free);
  g_clear_pointer (&c->grams, g_free);
  c->exists = exists;
  c->listed = exists && listed;
  if (exists)
    {
      c->name = g_strdup (name);
      c->code = g_strdup (code);
      c->summary = summary;
      c->grams = grams;
    }
  else
    {
      g_free (summary);
      g_free (grams);
    }
}

static int
compare_rid (gconstpointer a,
             gconstpointer b)
{
  gint64 x = **(const gint64 * const *) a, y = **(const gint64 * const *) b;

  return x < y ? -1 : x > y;
}

/* One row of the search tables: the 'delete' of a text (@insert FALSE) or its insert. @known_grams
 * are its grams if already worked out, else they are made in @grams. */
static gboolean
search_write (Worker      *w,
              gint64       rid,
              const char  *name,
              const char  *code,
              const char  *summary,
              gboolean     insert,
              const char  *known_grams,
              GString     *grams,
              GError     **error)
{
  const char *texts[3] = { name, code, summary };
  g_autoptr(GpDbStmt) fts = NULL;
  g_autoptr(GpDbStmt) gram = NULL;

  if (insert)
    fts = gp_db_prepare (w->db, "INSERT INTO projects_fts (rowid, name, code, summary) "
                                "VALUES (?1, ?2, ?3, ?4)", error);
  else
    fts = gp_db_prepare (w->db, "INSERT INTO projects_fts (projects_fts, rowid, name, code, summary) "
                                "VALUES ('delete', ?1, ?2, ?3, ?4)", error);
  if (fts == NULL)
    return FALSE;
  gp_db_bind_int64 (fts, 1, rid);
  gp_db_bind_text (fts, 2, name);
  gp_db_bind_text (fts, 3, code);
  gp_db_bind_text (fts, 4, summary);
  if (!gp_db_step_done (fts, error))
    return FALSE;

  /* What gp_grams (name, code, summary) gives. */
  if (known_grams == NULL)
    {
      g_string_truncate (grams, 0);
      gp_store_search_grams_append (grams, texts, 3);
      known_grams = grams->str;
    }

  if (insert)
    gram = gp_db_prepare (w->db, "INSERT INTO projects_grams (rowid, grams) VALUES (?1, ?2)", error);
  else
    gram = gp_db_prepare (w->db, "INSERT INTO projects_grams (projects_grams, rowid, grams) "
                                 "VALUES ('delete', ?1, ?2)", error);
  if (gram == NULL)
    return FALSE;
  gp_db_bind_int64 (gram, 1, rid);
  gp_db_bind_text (gram, 2, known_grams);
  return gp_db_step_done (gram, error);
}

/* Brings the search tables and the counter up to date with every row noted in this job. Called in
 * the job's transaction, before its COMMIT (commit_rows()). */
static gboolean
rows_flush (Worker  *w,
            GError **error)
{
  g_autoptr(GPtrArray) rids = NULL;
  g_autoptr(GString) grams = NULL;
  GHashTableIter iter;
  gpointer key;
  gint64 listed = 0;

  if (g_hash_table_size (w->touched) == 0)
    return TRUE;

  grams = g_string_sized_new (1024);
  rids = g_ptr_array_sized_new (g_hash_table_size (w->touched));
  g_hash_table_iter_init (&iter, w->touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (rids, key);
  g_ptr_array_sort (rids, compare_rid);

  for (guint i = 0; i < rids->len; i++)
    {
      gint64 rid = *(gint64 *) g_ptr_array_index (rids, i);
      const RowChange *c = g_hash_table_lookup (w->touched, &rid);

      listed += (gint64) c->listed - (gint64) (c->existed && c->was_listed);

      if (c->existed && c->exists &&
          g_strcmp0 (c->old_name, c->name) == 0 &&
          g_strcmp0 (c->old_code, c->code) == 0 &&
          g_strcmp0 (c->old_summary, c->summary) == 0)
        continue;

      if (c->existed &&
          !search_write (w, rid, c->old_name, c->old_code, c->old_summary, FALSE, NULL, grams, error))
        return FALSE;
      if (c->exists &&
          !search_write (w, rid, c->name, c->code, c->summary, TRUE, c->grams, grams, error))
        return FALSE;
    }

  if (listed != 0)
    {
      g_autoptr(GpDbStmt) stmt = NULL;

      stmt = gp_db_prepare (w->db, "UPDATE projects_count SET listed = listed + ?", error);
      if (stmt == NULL)
        return FALSE;
      gp_db_bind_int64 (stmt, 1, listed);
      if (!gp_db_step_done (stmt, error))
        return FALSE;
    }

  g_hash_table_remove_all (w->touched);
  return TRUE;
}

/* The COMMIT of a job that changed projects. On failure the caller rolls back (rollback_and_fail()). */
static gboolean
commit_rows (Worker  *w,
             GError **error)
{
  return rows_flush (w, error) && gp_db_commit (w->db, error);
}

/* What a project of a feed page needs besides itself, worked out on the caller's thread when the
 * page is queued (feed_page_new()), so that the store's thread, which is what an initial sync
 * waits for, only writes. */
typedef struct {
  char         *json;
  IndexColumns  columns;   /* name and code borrowed from the project */
  char         *grams;     /* gp_grams() of the columns' text */
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  if (prepared == NULL)
    return;
  g_free (prepared->json);
  index_columns_clear (&prepared->columns);
  g_free (prepared->grams);
  g_free (prepared);
}

static Prepared *
prepared_new (const GpProject *project,
              const GDate     *today,
              GpCalendar      *calendar)
{
  Prepared *prepared = g_new0 (Prepared, 1);
  const char *texts[3];
  GString *grams = g_string_sized_new (512);

  prepared->json = gp_project_to_json_string (project, NULL);
  index_columns_init (&prepared->columns, project, today, calendar);
  texts[0] = prepared->columns.name;
  texts[1] = prepared->columns.code;
  texts[2] = prepared->columns.summary;
  gp_store_search_grams_append (grams, texts, 3);
  prepared->grams = g_string_free (grams, FALSE);
  return prepared;
}

/* Writes @project (as @json) and @meta into the row of project->id, inserting it if !@exists.
 * @prepared: its JSON, index columns and grams if already worked out (a feed page), or NULL. */
static gboolean
write_row (Worker          *w,
           const GpProject *project,
           const char      *json,
           const Prepared  *prepared,
           const RowMeta   *meta,
           gboolean         exists,
           GError         **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;
  IndexColumns own = { NULL, };
  const IndexColumns *c;
  gboolean ok;

  g_assert (!exists || meta->rid > 0);

  if (exists)
    stmt = gp_db_prepare (w->db,
                          "UPDATE projects SET name = ?1, code = ?2, summary = ?3, stage = ?4, "
                          "state = ?5, year = ?6, budget_fen = ?7, contract_fen = ?8, "
                          "next_deadline = ?9, updated = ?10, rev = ?11, json = ?12, "
                          "sync_state = ?13, base_rev = ?14, local_version = ?15, "
                          "local_saved_at = ?16, conflict_json = ?17 WHERE rid = ?18", error);
  else
    stmt = gp_db_prepare (w->db,
                          "INSERT INTO projects (name, code, summary, stage, state, year, budget_fen, "
                          "contract_fen, next_deadline, updated, rev, json, sync_state, base_rev, "
                          "local_version, local_saved_at, conflict_json, id) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                          "?15, ?16, ?17, ?18)", error);
  if (stmt == NULL)
    return FALSE;

  if (prepared != NULL)
    {
      c = &prepared->columns;
      json = prepared->json;
    }
  else
    {
      index_columns_init (&own, project, NULL, NULL);
      c = &own;
    }
  gp_db_bind_text (stmt, 1, c->name);
  gp_db_bind_text (stmt, 2, c->code);
  gp_db_bind_text (stmt, 3, c->summary);
  gp_db_bind_text (stmt, 4, c->stage);
  gp_db_bind_text (stmt, 5, c->state);
  gp_db_bind_int64 (stmt, 6, c->year);
  gp_db_bind_int64 (stmt, 7, c->budget);
  gp_db_bind_int64 (stmt, 8, c->contract);
  gp_db_bind_text (stmt, 9, c->next_deadline);
  gp_db_bind_int64 (stmt, 10, project->updated);
  gp_db_bind_int64 (stmt, 11, project->rev);
  gp_db_bind_text (stmt, 12, json);
  gp_db_bind_int64 (stmt, 13, meta->sync_state);
  gp_db_bind_int64 (stmt, 14, meta->base_rev);
  gp_db_bind_int64 (stmt, 15, meta->local_version);
  gp_db_bind_int64 (stmt, 16, meta->saved_at);
  gp_db_bind_text (stmt, 17, meta->conflict_json);
  if (exists)
    gp_db_bind_int64 (stmt, 18, meta->rid);
  else
    gp_db_bind_text (stmt, 18, project->id);

  ok = gp_db_step_done (stmt, error);
  if (ok)
    {
      w->changed = TRUE;
      rows_note (w, exists ? meta->rid : gp_db_last_insert_rowid (w->db), exists ? meta : NULL,
                 TRUE, c->name, c->code, g_strdup (c->summary),
                 prepared != NULL ? g_strdup (prepared->grams) : NULL,
                 meta->sync_state != GP_SYNC_STATE_DELETED);
    }
  index_columns_clear (&own);
  return ok;
}

/* Deletes the row that read_meta() found as @meta. */
static gboolean
delete_row (Worker        *w,
            const RowMeta *meta,
            GError       **error)
{
  g_autoptr(GpDbStmt) stmt = gp_db_prepare (w->db, "DELETE FROM projects WHERE rid = ?", error);

  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, meta->rid);
  if (!gp_db_step_done (stmt, error))
    return FALSE;
  w->changed = TRUE;
  rows_note (w, meta->rid, meta, FALSE, NULL, NULL, NULL, NULL, FALSE);
  return TRUE;
}

static gboolean
set_conflict (Worker     *w,
              const char *id,
              const char *conflict_json,
              GError    **error)
{
  g_autoptr(GpDbStmt) stmt = gp_db_prepare (w->db,
                                            "UPDATE projects SET conflict_json = ? WHERE id = ?",
                                            error);

  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, conflict_json);
  gp_db_bind_text (stmt, 2, id);
  if (!gp_db_step_done (stmt, error))
    return FALSE;
  w->changed = TRUE;
  return TRUE;
}

static GpProject *
decode_stored (const char  *json,
               const char  *id,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GpProject *project;

  project = gp_project_from_json_string (json, -1, &local_error);
  if (project == NULL)
    g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_CORRUPT_RECORD,
                 _("The saved copy of project %s cannot be read: %s"), id, local_error->message);
  return project;
}

static gboolean
check_project (const GpProject  *project,
               GError          **error)
{
  if (project == NULL || project->id == NULL || *project->id == '\0' ||
      !g_utf8_validate (project->id, -1, NULL))
    {
      g_set_error_literal (error, GP_STORE_ERROR, GP_STORE_ERROR_INVALID,
                           _("A project without an id cannot be saved"));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Operations (run on the worker)
 */

static gboolean
op_open (Worker          *w,
         gpointer         data,
         gpointer        *result,
         GDestroyNotify  *result_free,
         GError         **error)
{
  const char *path = data;
  g_autoptr(GpDb) db = NULL;

  db = gp_db_open (path, error);
  if (db == NULL)
    return FALSE;

  if (!gp_store_search_register (db, NULL, error))
    return FALSE;

  /* A bigger page cache for list scans; sorts in memory. Not mmap: it would count in RSS. */
  if (!gp_db_exec (db, "PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY;", error))
    return FALSE;

  if (!gp_db_migrate (db, gp_store_migrations, G_N_ELEMENTS (gp_store_migrations), error))
    return FALSE;

  /* A commit that takes the WAL past 1,000 frames no longer copies it into the file itself: an
   * initial sync's pages wait for the store's thread, and the checkpoints are ~8 % of it. */
  gp_db_checkpoint_in_background (db, 1000);

  sqlite3_progress_handler (gp_db_get_handle (db), 1000, progress_cb, w);
  w->db = g_steal_pointer (&db);
  w->total_cache = -1;
  return TRUE;
}

static gboolean
op_save (Worker          *w,
         gpointer         data,
         gpointer        *result,
         GDestroyNotify  *result_free,
         GError         **error)
{
  GpProject *project = data;
  g_autofree char *json = NULL;
  RowMeta meta;
  gboolean found;

  if (!check_project (project, error))
    return FALSE;

  json = gp_project_to_json_string (project, NULL);

  if (!gp_db_begin (w->db, error))
    return FALSE;

  if (!read_meta (w, project->id, &meta, &found, error))
    return rollback_and_fail (w);

  if (!found)
    {
      meta.sync_state = GP_SYNC_STATE_CREATED;
      meta.base_rev = project->rev;
    }
  else
    {
      switch (meta.sync_state)
        {
        case GP_SYNC_STATE_SYNCED:
        case GP_SYNC_STATE_DELETED:
          meta.sync_state = GP_SYNC_STATE_MODIFIED;
          break;
        case GP_SYNC_STATE_CREATED:
        case GP_SYNC_STATE_MODIFIED:
          break;
        default:
          meta.sync_state = GP_SYNC_STATE_MODIFIED;
          break;
        }
    }
  meta.local_version++;
  meta.saved_at = g_get_real_time ();

  if (!write_row (w, project, json, NULL, &meta, found, error) || !commit_rows (w, error))
    {
      row_meta_clear (&meta);
      return rollback_and_fail (w);
    }

  *result = int64_box (meta.local_version);
  *result_free = g_free;
  row_meta_clear (&meta);
  return TRUE;
}

static gboolean
op_load (Worker          *w,
         gpointer         data,
         gpointer        *result,
         GDestroyNotify  *result_free,
         GError         **error)
{
  const char *id = data;
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GpStoredProject) stored = NULL;
  const char *conflict;

  stmt = gp_db_prepare (w->db,
                        "SELECT json, sync_state, base_rev, local_version, local_saved_at, "
                        "conflict_json FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, id);

  if (!gp_db_step_row (stmt, error))
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND,
                   _("Project %s is not in the local store"), id);
      return FALSE;
    }

  stored = g_new0 (GpStoredProject, 1);
  stored->project = decode_stored (gp_db_column_get_text (stmt, 0), id, error);
  if (stored->project == NULL)
    return FALSE;
  stored->sync_state = (GpSyncState) gp_db_column_get_int64 (stmt, 1);
  stored->base_rev = gp_db_column_get_int64 (stmt, 2);
  stored->local_version = gp_db_column_get_int64 (stmt, 3);
  stored->saved_at = gp_db_column_get_int64 (stmt, 4);

  conflict = gp_db_column_get_text (stmt, 5);
  if (conflict != NULL && strcmp (conflict, "null") == 0)
    stored->conflict_deleted = TRUE;
  else if (conflict != NULL)
    {
      stored->conflict = decode_stored (conflict, id, error);
      if (stored->conflict == NULL)
        return FALSE;
    }

  *result = g_steal_pointer (&stored);
  *result_free = (GDestroyNotify) gp_stored_project_free;
  return TRUE;
}

static gboolean
op_delete (Worker          *w,
           gpointer         data,
           gpointer        *result,
           GDestroyNotify  *result_free,
           GError         **error)
{
  const char *id = data;
  RowMeta meta;
  gboolean found;
  gboolean ok = TRUE;

  if (!gp_db_begin (w->db, error))
    return FALSE;

  if (!read_meta (w, id, &meta, &found, error))
    return rollback_and_fail (w);

  if (!found)
    {
      g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND,
                   _("Project %s is not in the local store"), id);
      return rollback_and_fail (w);
    }

  if (meta.sync_state == GP_SYNC_STATE_CREATED)
    ok = delete_row (w, &meta, error);
  else if (meta.sync_state != GP_SYNC_STATE_DELETED)
    {
      g_autoptr(GpDbStmt) stmt = NULL;

      stmt = gp_db_prepare (w->db,
                            "UPDATE projects SET sync_state = 3, local_version = local_version + 1, "
                            "local_saved_at = ? WHERE rid = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          gp_db_bind_int64 (stmt, 1, g_get_real_time ());
          gp_db_bind_int64 (stmt, 2, meta.rid);
          ok = gp_db_step_done (stmt, error);
          w->changed = TRUE;
        }
      /* The text stays searchable (as before); the row is no longer listed. */
      if (ok)
        rows_note (w, meta.rid, &meta, TRUE, meta.name, meta.code, g_strdup (meta.summary), NULL, FALSE);
    }

  if (!ok || !commit_rows (w, error))
    {
      row_meta_clear (&meta);
      return rollback_and_fail (w);
    }
  row_meta_clear (&meta);

  return TRUE;
}

static gboolean
op_list_changes (Worker          *w,
                 gpointer         data,
                 gpointer        *result,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_stored_project_free);
  g_autoptr(GError) local_error = NULL;

  stmt = gp_db_prepare (w->db,
                        "SELECT id, json, sync_state, base_rev, local_version, local_saved_at, "
                        "conflict_json FROM projects WHERE sync_state <> 0 ORDER BY local_saved_at",
                        error);
  if (stmt == NULL)
    return FALSE;

  while (gp_db_step_row (stmt, &local_error))
    {
      const char *id = gp_db_column_get_text (stmt, 0);
      const char *conflict = gp_db_column_get_text (stmt, 6);
      g_autoptr(GpStoredProject) stored = g_new0 (GpStoredProject, 1);

      stored->project = decode_stored (gp_db_column_get_text (stmt, 1), id, error);
      if (stored->project == NULL)
        return FALSE;
      stored->sync_state = (GpSyncState) gp_db_column_get_int64 (stmt, 2);
      stored->base_rev = gp_db_column_get_int64 (stmt, 3);
      stored->local_version = gp_db_column_get_int64 (stmt, 4);
      stored->saved_at = gp_db_column_get_int64 (stmt, 5);
      if (conflict != NULL && strcmp (conflict, "null") == 0)
        stored->conflict_deleted = TRUE;
      else if (conflict != NULL)
        {
          stored->conflict = decode_stored (conflict, id, error);
          if (stored->conflict == NULL)
            return FALSE;
        }
      g_ptr_array_add (list, g_steal_pointer (&stored));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = g_steal_pointer (&list);
  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

typedef struct {
  char   *id;
  gint64  pushed_version;
  gint64  new_rev;
} MarkPushed;

static void
mark_pushed_free (MarkPushed *m)
{
  g_free (m->id);
  g_free (m);
}

static gboolean
op_mark_pushed (Worker          *w,
                gpointer         data,
                gpointer        *result,
                GDestroyNotify  *result_free,
                GError         **error)
{
  MarkPushed *m = data;
  RowMeta meta;
  gboolean found;
  gboolean ok;

  if (!gp_db_begin (w->db, error))
    return FALSE;

  if (!read_meta (w, m->id, &meta, &found, error))
    return rollback_and_fail (w);

  if (!found)
    {
      g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND,
                   _("Project %s is not in the local store"), m->id);
      return rollback_and_fail (w);
    }

  if (meta.sync_state == GP_SYNC_STATE_DELETED && meta.local_version == m->pushed_version)
    ok = delete_row (w, &meta, error);
  else
    {
      g_autoptr(GpDbStmt) stmt = NULL;
      g_autoptr(GpProject) project = NULL;
      g_autofree char *json = NULL;

      stmt = gp_db_prepare (w->db, "SELECT json FROM projects WHERE id = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          gp_db_bind_text (stmt, 1, m->id);
          ok = gp_db_step_row (stmt, error);
          if (ok)
            project = decode_stored (gp_db_column_get_text (stmt, 0), m->id, error);
          g_clear_pointer (&stmt, gp_db_stmt_release);
          ok = project != NULL;
        }

      if (ok)
        {
          project->rev = m->new_rev;
          json = gp_project_to_json_string (project, NULL);
          meta.base_rev = m->new_rev;
          if (meta.local_version == m->pushed_version)
            meta.sync_state = GP_SYNC_STATE_SYNCED;
          else if (meta.sync_state == GP_SYNC_STATE_CREATED)
            meta.sync_state = GP_SYNC_STATE_MODIFIED;
          ok = write_row (w, project, json, NULL, &meta, TRUE, error);
        }
    }
  row_meta_clear (&meta);

  if (!ok || !commit_rows (w, error))
    return rollback_and_fail (w);
  return TRUE;
}

typedef struct {
  char *project_id;
  char *action;
  char *payload_json;
} Enqueue;

static void
enqueue_free (Enqueue *e)
{
  g_free (e->project_id);
  g_free (e->action);
  g_free (e->payload_json);
  g_free (e);
}

static gboolean
op_enqueue (Worker          *w,
            gpointer         data,
            gpointer        *result,
            GDestroyNotify  *result_free,
            GError         **error)
{
  Enqueue *e = data;
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autofree char *key = g_uuid_string_random ();

  stmt = gp_db_prepare (w->db,
                        "INSERT INTO outbox (project_id, action, payload_json, idempotency_key, "
                        "state, created) VALUES (?, ?, ?, ?, 0, ?)", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, e->project_id);
  gp_db_bind_text (stmt, 2, e->action);
  gp_db_bind_text (stmt, 3, e->payload_json);
  gp_db_bind_text (stmt, 4, key);
  gp_db_bind_int64 (stmt, 5, g_get_real_time ());
  if (!gp_db_step_done (stmt, error))
    return FALSE;

  *result = int64_box (gp_db_last_insert_rowid (w->db));
  *result_free = g_free;
  return TRUE;
}

static gboolean
op_list_outbox (Worker          *w,
                gpointer         data,
                gpointer        *result,
                GDestroyNotify  *result_free,
                GError         **error)
{
  gboolean include_sent = GPOINTER_TO_INT (data);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_outbox_entry_free);
  g_autoptr(GError) local_error = NULL;

  stmt = gp_db_prepare (w->db,
                        "SELECT seq, project_id, action, payload_json, idempotency_key, state, "
                        "problems_json, created FROM outbox WHERE ?1 OR state <> 1 ORDER BY seq",
                        error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, include_sent);

  while (gp_db_step_row (stmt, &local_error))
    {
      GpOutboxEntry *e = g_new0 (GpOutboxEntry, 1);

      e->seq = gp_db_column_get_int64 (stmt, 0);
      e->project_id = gp_db_column_dup_text (stmt, 1);
      e->action = gp_db_column_dup_text (stmt, 2);
      e->payload_json = gp_db_column_dup_text (stmt, 3);
      e->idempotency_key = gp_db_column_dup_text (stmt, 4);
      e->state = (GpOutboxState) gp_db_column_get_int64 (stmt, 5);
      e->problems_json = gp_db_column_dup_text (stmt, 6);
      e->created = gp_db_column_get_int64 (stmt, 7);
      g_ptr_array_add (list, e);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = g_steal_pointer (&list);
  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

typedef struct {
  gint64         seq;
  GpOutboxState  state;
  char          *problems_json;
} MarkAction;

static void
mark_action_free (MarkAction *m)
{
  g_free (m->problems_json);
  g_free (m);
}

static gboolean
op_mark_action (Worker          *w,
                gpointer         data,
                gpointer        *result,
                GDestroyNotify  *result_free,
                GError         **error)
{
  MarkAction *m = data;
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (w->db, "UPDATE outbox SET state = ?, problems_json = ? WHERE seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_int64 (stmt, 1, m->state);
  gp_db_bind_text (stmt, 2, m->problems_json);
  gp_db_bind_int64 (stmt, 3, m->seq);
  if (!gp_db_step_done (stmt, error))
    return FALSE;

  if (gp_db_changes (w->db) == 0)
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, m->seq);

      /* Translators: %s is the number of a queued action. */
      g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND,
                   _("Queued action %s does not exist"), seq);
      return FALSE;
    }
  return TRUE;
}

static gboolean
put_cursor (Worker      *w,
            const char  *stream,
            const char  *cursor,
            GError     **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (w->db,
                        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, stream);
  gp_db_bind_text (stmt, 2, cursor);
  return gp_db_step_done (stmt, error);
}

typedef struct {
  char       *stream;
  GPtrArray  *projects;
  GPtrArray  *prepared;   /* Prepared, one for each project */
  GStrv       deletions;
  char       *cursor;
} FeedPage;

static void
feed_page_free (FeedPage *f)
{
  g_free (f->stream);
  g_clear_pointer (&f->projects, g_ptr_array_unref);
  g_clear_pointer (&f->prepared, g_ptr_array_unref);
  g_strfreev (f->deletions);
  g_free (f->cursor);
  g_free (f);
}

/* Applies one server version; *conflict is set when it went into the conflict slot. */
static gboolean
apply_server_project (Worker           *w,
                      const GpProject  *server,
                      const Prepared   *prepared,
                      gboolean         *conflict,
                      GError          **error)
{
  const char *json;
  RowMeta meta;
  gboolean found;
  gboolean ok = TRUE;

  *conflict = FALSE;

  if (!check_project (server, error))
    {
      g_prefix_error (error, "%s", _("The server sent a damaged page: "));
      return FALSE;
    }

  if (!read_meta (w, server->id, &meta, &found, error))
    return FALSE;

  json = prepared->json;

  if (!found)
    {
      meta.sync_state = GP_SYNC_STATE_SYNCED;
      meta.base_rev = server->rev;
      meta.saved_at = g_get_real_time ();
      ok = write_row (w, server, json, prepared, &meta, FALSE, error);
    }
  else if (meta.sync_state == GP_SYNC_STATE_SYNCED)
    {
      /* An older revision than ours (a replayed page) changes nothing. */
      if (server->rev >= meta.base_rev)
        {
          meta.base_rev = server->rev;
          g_clear_pointer (&meta.conflict_json, g_free);
          ok = write_row (w, server, json, prepared, &meta, TRUE, error);
        }
    }
  else if (server->rev != meta.base_rev || meta.base_rev == 0)
    {
      g_autoptr(GpDbStmt) stmt = NULL;
      g_autoptr(GpProject) local = NULL;

      /* Changed on both sides. If the local draft is what the server now has (our own push,
       * echoed back before we recorded it), it is simply in sync. */
      stmt = gp_db_prepare (w->db, "SELECT json FROM projects WHERE id = ?", error);
      ok = stmt != NULL;
      if (ok)
        {
          gp_db_bind_text (stmt, 1, server->id);
          if (gp_db_step_row (stmt, error))
            local = gp_project_from_json_string (gp_db_column_get_text (stmt, 0), -1, NULL);
          g_clear_pointer (&stmt, gp_db_stmt_release);
        }

      if (ok && local != NULL && meta.sync_state != GP_SYNC_STATE_DELETED)
        {
          local->rev = server->rev;
          if (gp_project_equal (local, server))
            {
              meta.sync_state = GP_SYNC_STATE_SYNCED;
              meta.base_rev = server->rev;
              g_clear_pointer (&meta.conflict_json, g_free);
              ok = write_row (w, server, json, prepared, &meta, TRUE, error);
              row_meta_clear (&meta);
              return ok;
            }
        }

      if (ok)
        {
          ok = set_conflict (w, server->id, json, error);
          *conflict = TRUE;
        }
    }

  row_meta_clear (&meta);
  return ok;
}

static gboolean
apply_server_deletion (Worker      *w,
                       const char  *id,
                       gboolean    *conflict,
                       GError     **error)
{
  RowMeta meta;
  gboolean found;
  gboolean ok = TRUE;

  *conflict = FALSE;

  if (!read_meta (w, id, &meta, &found, error))
    return FALSE;

  if (!found)
    return TRUE;

  switch (meta.sync_state)
    {
    case GP_SYNC_STATE_SYNCED:
    case GP_SYNC_STATE_DELETED:
      ok = delete_row (w, &meta, error);
      break;
    case GP_SYNC_STATE_CREATED:
    case GP_SYNC_STATE_MODIFIED:
    default:
      ok = set_conflict (w, id, "null", error);
      *conflict = TRUE;
      break;
    }

  row_meta_clear (&meta);
  return ok;
}

static gboolean
apply_feed_page (Worker          *w,
                 FeedPage        *f,
                 gpointer        *result,
                 GDestroyNotify  *result_free,
                 GError         **error)
{
  gint64 n_conflicts = 0;

  if (!gp_db_begin (w->db, error))
    return FALSE;

  for (guint i = 0; i < f->projects->len; i++)
    {
      gboolean conflict;

      if (!apply_server_project (w, g_ptr_array_index (f->projects, i),
                                 g_ptr_array_index (f->prepared, i), &conflict, error))
        return rollback_and_fail (w);
      n_conflicts += conflict;
    }

  for (guint i = 0; f->deletions != NULL && f->deletions[i] != NULL; i++)
    {
      gboolean conflict;

      if (!apply_server_deletion (w, f->deletions[i], &conflict, error))
        return rollback_and_fail (w);
      n_conflicts += conflict;
    }

  if (!put_cursor (w, f->stream, f->cursor, error) || !commit_rows (w, error))
    {
      w->changed = FALSE; /* nothing was kept */
      return rollback_and_fail (w);
    }

  *result = int64_box (n_conflicts);
  *result_free = g_free;
  return TRUE;
}

static gboolean
op_apply_feed_page (Worker          *w,
                    gpointer         data,
                    gpointer        *result,
                    GDestroyNotify  *result_free,
                    GError         **error)
{
  return apply_feed_page (w, data, result, result_free, error);
}

static gboolean
op_get_cursor (Worker          *w,
               gpointer         data,
               gpointer        *result,
               GDestroyNotify  *result_free,
               GError         **error)
{
  g_autoptr(GpDbStmt) stmt = NULL;

  stmt = gp_db_prepare (w->db, "SELECT value FROM sync_state WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, data);

  if (gp_db_step_row (stmt, error))
    {
      *result = gp_db_column_dup_text (stmt, 0);
      *result_free = g_free;
      return TRUE;
    }
  return error == NULL || *error == NULL;
}

typedef struct {
  char      *id;
  GpProject *resolution;
} Resolve;

static void
resolve_free (Resolve *r)
{
  g_free (r->id);
  g_clear_pointer (&r->resolution, gp_project_free);
  g_free (r);
}

static gboolean
op_resolve (Worker          *w,
            gpointer         data,
            gpointer        *result,
            GDestroyNotify  *result_free,
            GError         **error)
{
  Resolve *r = data;
  RowMeta meta;
  gboolean found;
  gboolean server_deleted;
  g_autoptr(GpProject) server = NULL;
  gboolean ok;

  if (!gp_db_begin (w->db, error))
    return FALSE;

  if (!read_meta (w, r->id, &meta, &found, error))
    return rollback_and_fail (w);

  if (!found || meta.conflict_json == NULL)
    {
      if (!found)
        g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND,
                     _("Project %s is not in the local store"), r->id);
      else
        g_set_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NO_CONFLICT,
                     _("Project %s has no conflict to resolve"), r->id);
      row_meta_clear (&meta);
      return rollback_and_fail (w);
    }

  server_deleted = strcmp (meta.conflict_json, "null") == 0;
  if (!server_deleted)
    {
      server = decode_stored (meta.conflict_json, r->id, error);
      if (server == NULL)
        {
          row_meta_clear (&meta);
          return rollback_and_fail (w);
        }
    }

  if (r->resolution == NULL && server_deleted)
    ok = delete_row (w, &meta, error);
  else if (r->resolution == NULL)
    {
      RowMeta m = { GP_SYNC_STATE_SYNCED, server->rev, meta.local_version + 1,
                    g_get_real_time (), NULL, meta.rid, meta.name, meta.code, meta.summary };

      ok = write_row (w, server, meta.conflict_json, NULL, &m, TRUE, error);
    }
  else
    {
      g_autofree char *json = NULL;
      RowMeta m = { GP_SYNC_STATE_MODIFIED, 0, meta.local_version + 1, g_get_real_time (), NULL,
                    meta.rid, meta.name, meta.code, meta.summary };

      if (server_deleted)
        {
          m.sync_state = GP_SYNC_STATE_CREATED;
          r->resolution->rev = 0;
        }
      else
        {
          m.base_rev = server->rev;
          r->resolution->rev = server->rev;
        }
      json = gp_project_to_json_string (r->resolution, NULL);
      ok = write_row (w, r->resolution, json, NULL, &m, TRUE, error);
    }
  row_meta_clear (&meta);

  if (!ok || !commit_rows (w, error))
    return rollback_and_fail (w);
  return TRUE;
}

typedef struct {
  char      *kind;
  GPtrArray *entries;
  GStrv      deletions;
  char      *cursor;
} RegistryPage;

static void
registry_page_free (RegistryPage *r)
{
  g_free (r->kind);
  g_clear_pointer (&r->entries, g_ptr_array_unref);
  g_strfreev (r->deletions);
  g_free (r->cursor);
  g_free (r);
}

static gboolean
op_apply_registry_page (Worker          *w,
                        gpointer         data,
                        gpointer        *result,
                        GDestroyNotify  *result_free,
                        GError         **error)
{
  RegistryPage *r = data;
  g_autofree char *stream = g_strconcat ("registry/", r->kind, NULL);

  if (!gp_db_begin (w->db, error))
    return FALSE;

  for (guint i = 0; i < r->entries->len; i++)
    {
      const GpRegistryEntry *e = g_ptr_array_index (r->entries, i);
      g_autoptr(GpDbStmt) stmt = NULL;

      if (e->id == NULL || e->json == NULL)
        {
          g_set_error_literal (error, GP_STORE_ERROR, GP_STORE_ERROR_INVALID,
                               _("The server sent a registry entry without an id"));
          return rollback_and_fail (w);
        }

      stmt = gp_db_prepare (w->db,
                            "INSERT INTO registry (kind, id, name, code, json) VALUES (?, ?, ?, ?, ?) "
                            "ON CONFLICT (kind, id) DO UPDATE SET name = excluded.name, "
                            "code = excluded.code, json = excluded.json", error);
      if (stmt == NULL)
        return rollback_and_fail (w);
      gp_db_bind_text (stmt, 1, r->kind);
      gp_db_bind_text (stmt, 2, e->id);
      gp_db_bind_text (stmt, 3, e->name ? e->name : "");
      gp_db_bind_text (stmt, 4, e->code ? e->code : "");
      gp_db_bind_text (stmt, 5, e->json);
      if (!gp_db_step_done (stmt, error))
        return rollback_and_fail (w);
    }

  for (guint i = 0; r->deletions != NULL && r->deletions[i] != NULL; i++)
    {
      g_autoptr(GpDbStmt) stmt = NULL;

      stmt = gp_db_prepare (w->db, "DELETE FROM registry WHERE kind = ? AND id = ?", error);
      if (stmt == NULL)
        return rollback_and_fail (w);
      gp_db_bind_text (stmt, 1, r->kind);
      gp_db_bind_text (stmt, 2, r->deletions[i]);
      if (!gp_db_step_done (stmt, error))
        return rollback_and_fail (w);
    }

  if (!put_cursor (w, stream, r->cursor, error) || !gp_db_commit (w->db, error))
    return rollback_and_fail (w);

  return TRUE;
}

typedef struct {
  char  *kind;
  char  *text;
  guint  limit;
} RegistryQuery;

static void
registry_query_free (RegistryQuery *q)
{
  g_free (q->kind);
  g_free (q->text);
  g_free (q);
}

static gboolean
op_query_registry (Worker          *w,
                   gpointer         data,
                   gpointer        *result,
                   GDestroyNotify  *result_free,
                   GError         **error)
{
  RegistryQuery *q = data;
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_registry_entry_free);
  g_autoptr(GError) local_error = NULL;

  stmt = gp_db_prepare (w->db,
                        "SELECT id, name, code, json FROM registry WHERE kind = ?1 AND "
                        "(?2 = '' OR instr (name, ?2) > 0 OR substr (code, 1, length (?2)) = ?2) "
                        "ORDER BY name LIMIT ?3", error);
  if (stmt == NULL)
    return FALSE;
  gp_db_bind_text (stmt, 1, q->kind);
  gp_db_bind_text (stmt, 2, q->text ? q->text : "");
  gp_db_bind_int64 (stmt, 3, q->limit);

  while (gp_db_step_row (stmt, &local_error))
    g_ptr_array_add (list, gp_registry_entry_new (gp_db_column_get_text (stmt, 0),
                                                  gp_db_column_get_text (stmt, 1),
                                                  gp_db_column_get_text (stmt, 2),
                                                  gp_db_column_get_text (stmt, 3)));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = g_steal_pointer (&list);
  *result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

static gboolean
op_flush (Worker          *w,
          gpointer         data,
          gpointer        *result,
          GDestroyNotify  *result_free,
          GError         **error)
{
  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Lists and search
 *
 * A page is "rows [offset, offset + limit) of the listed projects matching the filter, in sort
 * order". Which plan is fastest depends on how many rows match, so the count comes first (it is
 * cheap: an index range or an FTS doclist) and picks one of three plans:
 *
 *   drive  — few matches: read just those rows and sort them (temp B-tree).
 *   set    — many: walk the sort index, keeping rows whose rowid is in the materialised match set.
 *   probe  — most rows match: walk the sort index and ask the FTS index about each row (a
 *            page needs ~limit / density probes, and no set is built).
 */

typedef struct {
  char       *trigram;   /* FTS5 query for projects_fts, or NULL */
  char       *gram;      /* FTS5 query for projects_grams, or NULL */
  char       *trigram_words;  /* the same words for gp_search_match(), '\n' separated, or NULL */
  char       *gram_words;
  const char *stage;     /* wire names, or NULL */
  const char *state;
  int         year;
  GpStoreSort sort;
  gboolean    descending;
} Filter;

static void
filter_init (Filter             *f,
             const GpStoreQuery *q)
{
  memset (f, 0, sizeof *f);
  gp_store_search_split (q->text, &f->trigram, &f->gram, &f->trigram_words, &f->gram_words);
  if (q->stage >= 0)
    f->stage = gp_stage_to_string ((GpStage) q->stage);
  if (q->state >= 0)
    f->state = gp_project_state_to_string ((GpProjectState) q->state);
  f->year = q->year;
  f->sort = q->sort;
  f->descending = q->descending;
}

static void
filter_clear (Filter *f)
{
  g_clear_pointer (&f->trigram, g_free);
  g_clear_pointer (&f->gram, g_free);
  g_clear_pointer (&f->trigram_words, g_free);
  g_clear_pointer (&f->gram_words, g_free);
}

static gboolean
filter_has_text (const Filter *f)
{
  return f->trigram != NULL || f->gram != NULL;
}

static gboolean
filter_has_columns (const Filter *f)
{
  return f->stage != NULL || f->state != NULL || f->year != 0;
}

static void
append_matchset (GString      *sql,
                 const Filter *f)
{
  if (f->trigram != NULL)
    g_string_append (sql, "SELECT rowid FROM projects_fts WHERE projects_fts MATCH :tri");
  if (f->trigram != NULL && f->gram != NULL)
    g_string_append (sql, " INTERSECT ");
  if (f->gram != NULL)
    g_string_append (sql, "SELECT rowid FROM projects_grams WHERE projects_grams MATCH :gram");
}

/* Per-row tests: gp_search_match() on the row's own columns (~3 µs with the row at hand), and
 * where it cannot be sure (-1: letters with case beyond ASCII) the FTS indexes (~30 µs a row). */
static void
append_probes (GString      *sql,
               const Filter *f)
{
  g_string_append (sql, " AND CASE gp_search_match (p.name, p.code, p.summary, :triw, :gramw) "
                        "WHEN 1 THEN 1 WHEN 0 THEN 0 ELSE (1");
  if (f->trigram != NULL)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM projects_fts (:tri) t WHERE t.rowid = p.rid)");
  if (f->gram != NULL)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM projects_grams (:gram) g WHERE g.rowid = p.rid)");
  g_string_append (sql, ") END");
}

static void
append_column_filters (GString      *sql,
                       const Filter *f)
{
  if (f->stage != NULL)
    g_string_append (sql, " AND p.stage = :stage");
  if (f->state != NULL)
    g_string_append (sql, " AND p.state = :state");
  if (f->year != 0)
    g_string_append (sql, " AND p.year = :year");
}

static void
bind_filter (GpDbStmt     *stmt,
             const Filter *f)
{
  bind_named_text (stmt, ":tri", f->trigram);
  bind_named_text (stmt, ":gram", f->gram);
  bind_named_text (stmt, ":triw", f->trigram_words);
  bind_named_text (stmt, ":gramw", f->gram_words);
  bind_named_text (stmt, ":stage", f->stage);
  bind_named_text (stmt, ":state", f->state);
  bind_named_int64 (stmt, ":year", f->year);
}

static gboolean
scalar_query (Worker        *w,
              const char    *sql,
              const Filter  *f,
              gint64        *out,
              GError       **error)
{
  g_autoptr(GpDbStmt) stmt = gp_db_prepare (w->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (f != NULL)
    bind_filter (stmt, f);
  if (!gp_db_step_row (stmt, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No result");
      return FALSE;
    }
  *out = gp_db_column_get_int64 (stmt, 0);
  return TRUE;
}

/* Listed (not tombstoned) rows in the store. */
static gboolean
count_total (Worker  *w,
             gint64  *out,
             GError **error)
{
  if (w->total_cache < 0 &&
      !scalar_query (w, "SELECT listed FROM projects_count",
                     NULL, &w->total_cache, error))
    return FALSE;
  *out = w->total_cache;
  return TRUE;
}

/* Where a text search stops counting on the first pass (gp_store_load_pages_async()): a word of one
 * index token (1–3 characters) costs ~0.1 µs a match to count, a phrase of trigrams (4+ characters)
 * ~0.7 µs. Below the cap the count is exact and the cheapest plan is chosen; above it the first page
 * walks the sort index (density ≥ cap / rows). */
#define COUNT_CAP         40000
#define COUNT_CAP_TOKENS 100000

/* Counts the rows of @f. With @cap > 0 a text-only search stops counting FTS matches at @cap: *exact
 * is then FALSE and *out a lower bound (counting a million matches takes 100–600 ms, reading 20,000
 * takes a few). */
static gboolean
count_filter (Worker        *w,
              const Filter  *f,
              gint64         cap,
              gint64        *out,
              gboolean      *exact,
              GError       **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  *exact = TRUE;
  if (!filter_has_text (f) && !filter_has_columns (f))
    return count_total (w, out, error);

  if (cap > 0 && filter_has_text (f) && !filter_has_columns (f))
    {
      g_autoptr(GpDbStmt) stmt = NULL;
      gint64 matches, tombstones;
      gboolean phrase = FALSE;

      if (f->trigram_words != NULL)
        {
          g_auto(GStrv) words = g_strsplit (f->trigram_words, "\n", -1);

          for (guint i = 0; words[i] != NULL; i++)
            phrase |= g_utf8_strlen (words[i], -1) > 3;
        }
      if (!phrase)
        cap = MAX (cap, COUNT_CAP_TOKENS);

      g_string_append (sql, "SELECT (SELECT count(*) FROM (");
      append_matchset (sql, f);
      g_string_append (sql, " LIMIT :cap)), (SELECT count(*) FROM projects p INDEXED BY projects_changed "
                            "WHERE p.sync_state <> 0 AND p.sync_state = 3");
      append_probes (sql, f);
      g_string_append (sql, ")");

      stmt = gp_db_prepare (w->db, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      bind_filter (stmt, f);
      bind_named_int64 (stmt, ":cap", cap);
      if (!gp_db_step_row (stmt, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, GP_DB_ERROR, GP_DB_ERROR_FAILED, "No result");
          return FALSE;
        }
      matches = gp_db_column_get_int64 (stmt, 0);
      tombstones = gp_db_column_get_int64 (stmt, 1);
      *exact = matches < cap;
      *out = MAX (matches - tombstones, 0);
      return TRUE;
    }

  if (!filter_has_text (f))
    {
      g_string_append (sql, "SELECT count(*) FROM projects p WHERE p.sync_state <> 3");
      append_column_filters (sql, f);
    }
  else if (!filter_has_columns (f))
    {
      /* The FTS doclists count fast; tombstones (few) are subtracted. */
      g_string_append (sql, "SELECT (SELECT count(*) FROM (");
      append_matchset (sql, f);
      g_string_append (sql, ")) - (SELECT count(*) FROM projects p INDEXED BY projects_changed "
                            "WHERE p.sync_state <> 0 AND p.sync_state = 3");
      append_probes (sql, f);
      g_string_append (sql, ")");
    }
  else
    {
      g_string_append (sql, "SELECT count(*) FROM (");
      append_matchset (sql, f);
      g_string_append (sql, ") m CROSS JOIN projects p ON p.rid = m.rowid WHERE p.sync_state <> 3");
      append_column_filters (sql, f);
    }

  return scalar_query (w, sql->str, f, out, error);
}

static const char *
sort_column (GpStoreSort sort)
{
  switch (sort)
    {
    case GP_STORE_SORT_NAME:          return "name";
    case GP_STORE_SORT_CODE:          return "code";
    case GP_STORE_SORT_STAGE:         return "stage";
    case GP_STORE_SORT_STATE:         return "state";
    case GP_STORE_SORT_BUDGET:        return "budget_fen";
    case GP_STORE_SORT_NEXT_DEADLINE: return "next_deadline";
    case GP_STORE_SORT_UPDATED:
    default:                          return "updated";
    }
}

static const char *
sort_index (GpStoreSort sort)
{
  switch (sort)
    {
    case GP_STORE_SORT_NAME:          return "projects_by_name";
    case GP_STORE_SORT_CODE:          return "projects_by_code";
    case GP_STORE_SORT_STAGE:         return "projects_by_stage";
    case GP_STORE_SORT_STATE:         return "projects_by_state";
    case GP_STORE_SORT_BUDGET:        return "projects_by_budget";
    case GP_STORE_SORT_NEXT_DEADLINE: return "projects_by_deadline";
    case GP_STORE_SORT_UPDATED:
    default:                          return "projects_by_updated";
    }
}

typedef enum {
  PLAN_DRIVE,
  PLAN_SET,
  PLAN_PROBE,
} Plan;

/* Rough costs in µs per row, measured by tests/bench/bench-store.c at 1M rows (see the docs). */
#define COST_DRIVE_ROW  3.0   /* fetch a matching row by rowid and sort it */
#define COST_SET_ROW    0.2   /* put a match into the ephemeral set */
#define COST_SCAN_ROW   0.5   /* walk one sort-index entry and test set membership */
#define COST_PROBE_ROW  30.0  /* ask the FTS index about one rowid */
#define COST_MATCH_ROW  3.0   /* fetch the row and test it with gp_search_match() */


static Plan
choose_plan (const Filter *f,
             gint64        count,
             gint64        total,
             guint         offset,
             guint         limit)
{
  double density = total > 0 ? (double) MAX (count, 1) / (double) total : 1.0;
  double scanned = MIN ((double) (offset + limit) / density, (double) total);
  double drive = count * COST_DRIVE_ROW;
  double set = count * COST_SET_ROW + scanned * COST_SCAN_ROW;
  double probe = scanned * ((gp_store_search_words_are_plain (f->trigram_words) &&
                             gp_store_search_words_are_plain (f->gram_words)
                             ? COST_MATCH_ROW : COST_PROBE_ROW) + COST_SCAN_ROW);

  if (!filter_has_text (f))
    return drive <= scanned * COST_DRIVE_ROW ? PLAN_DRIVE : PLAN_SET;
  if (drive <= set && drive <= probe)
    return PLAN_DRIVE;
  return set <= probe ? PLAN_SET : PLAN_PROBE;
}

static char *
build_page_sql (const Filter *f,
                Plan          plan)
{
  GString *sql = g_string_new ("SELECT " GP_PROJECT_ROW_COLUMNS " FROM ");
  const char *dir = f->descending ? "DESC" : "ASC";

  if (filter_has_text (f) && plan == PLAN_DRIVE)
    {
      g_string_append (sql, "(");
      append_matchset (sql, f);
      g_string_append (sql, ") m CROSS JOIN projects p ON p.rid = m.rowid WHERE p.sync_state <> 3");
    }
  else if (plan == PLAN_DRIVE)
    {
      /* Few rows pass the column filters: read them by their own index, then sort. */
      const char *index = f->state ? "projects_by_state"
                        : f->stage ? "projects_by_stage"
                        : "projects_by_year";

      g_string_append_printf (sql, "projects p INDEXED BY %s WHERE p.sync_state <> 3", index);
    }
  else
    {
      g_string_append_printf (sql, "projects p INDEXED BY %s WHERE p.sync_state <> 3",
                              sort_index (f->sort));
      if (plan == PLAN_SET && filter_has_text (f))
        {
          g_string_append (sql, " AND p.rid IN (");
          append_matchset (sql, f);
          g_string_append (sql, ")");
        }
      else if (plan == PLAN_PROBE)
        append_probes (sql, f);
    }

  append_column_filters (sql, f);
  g_string_append_printf (sql, " ORDER BY p.%s %s, p.rid %s LIMIT :limit OFFSET :offset",
                          sort_column (f->sort), dir, dir);
  return g_string_free (sql, FALSE);
}

static GPtrArray *
load_page (Worker        *w,
           const Filter  *f,
           gint64         count,
           gboolean       exact,
           guint          offset,
           guint          limit,
           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GpDbStmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sql = NULL;
  gint64 total;
  Plan plan;

  if (limit == 0 || offset >= count)
    return g_steal_pointer (&rows);

  if (!count_total (w, &total, error))
    return NULL;

  if (!exact)
    plan = PLAN_PROBE;  /* at least the cap of matches: dense enough to walk the sort index */
  else
    plan = (filter_has_text (f) || filter_has_columns (f))
           ? choose_plan (f, count, total, offset, limit) : PLAN_SET;
  sql = build_page_sql (f, plan);

  stmt = gp_db_prepare (w->db, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_filter (stmt, f);
  bind_named_int64 (stmt, ":limit", limit);
  bind_named_int64 (stmt, ":offset", offset);

  while (gp_db_step_row (stmt, &local_error))
    g_ptr_array_add (rows, gp_project_row_new_from_stmt (stmt));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

typedef struct {
  GpStoreQuery *query;
  guint         known_count;
  guint         count_cap;    /* 0: count exactly; else see gp_store_load_pages_async() */
  guint         base_offset;  /* added to every page's offset */
  guint        *pages;
  guint         n_pages;
  guint         page_size;
} LoadPages;

static void
load_pages_free (LoadPages *l)
{
  gp_store_query_free (l->query);
  g_free (l->pages);
  g_free (l);
}

static gboolean
op_load_pages (Worker          *w,
               gpointer         data,
               gpointer        *result,
               GDestroyNotify  *result_free,
               GError         **error)
{
  LoadPages *l = data;
  g_autoptr(GpStorePageSet) set = g_new0 (GpStorePageSet, 1);
  gint64 start = g_get_monotonic_time ();
  gint64 count, total;
  gboolean exact = TRUE;
  Filter f;

  filter_init (&f, l->query);

  /* One read transaction, so the count and the pages agree. */
  if (!gp_db_exec (w->db, "BEGIN", error))
    {
      filter_clear (&f);
      return FALSE;
    }

  if (l->known_count != G_MAXUINT)
    {
      count = l->known_count;
      exact = l->count_cap == 0;
    }
  else if (!count_filter (w, &f, l->count_cap, &count, &exact, error))
    goto fail;

  if (!count_total (w, &total, error))
    goto fail;

  set->count = (guint) CLAMP (count, 0, G_MAXUINT - 1);
  set->count_exact = exact;
  set->total = (guint) CLAMP (total, 0, G_MAXUINT - 1);
  set->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < l->n_pages; i++)
    {
      guint64 offset = (guint64) l->base_offset + (guint64) l->pages[i] * l->page_size;
      GPtrArray *rows;

      rows = load_page (w, &f, count, exact, offset > G_MAXUINT ? G_MAXUINT : (guint) offset,
                        l->page_size, error);
      if (rows == NULL)
        goto fail;
      g_ptr_array_add (set->pages, rows);
    }

  gp_db_exec (w->db, "COMMIT", NULL);
  filter_clear (&f);
  set->elapsed_us = g_get_monotonic_time () - start;
  *result = g_steal_pointer (&set);
  *result_free = (GDestroyNotify) gp_store_page_set_free;
  return TRUE;

fail:
  gp_db_exec (w->db, "ROLLBACK", NULL);
  filter_clear (&f);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------
 * GObject
 */

static void
gp_store_dispose (GObject *object)
{
  GpStore *self = (GpStore *) object;

  gp_store_shutdown (self);

  G_OBJECT_CLASS (gp_store_parent_class)->dispose (object);
}

static void
gp_store_finalize (GObject *object)
{
  GpStore *self = (GpStore *) object;

  g_free (self->path);

  G_OBJECT_CLASS (gp_store_parent_class)->finalize (object);
}

static void
gp_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  GpStore *self = GP_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  GpStore *self = GP_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_store_class_init (GpStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gp_store_dispose;
  object_class->finalize = gp_store_finalize;
  object_class->get_property = gp_store_get_property;
  object_class->set_property = gp_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GpStore::projects-changed:
   *
   * Emitted on the thread-default main context of the store's creator after a job changed the
   * projects table (coalesced: one emission may cover several changes).
   */
  signals[PROJECTS_CHANGED] =
    g_signal_new ("projects-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
gp_store_init (GpStore *self)
{
}

/* ------------------------------------------------------------------------------------------------
 * Public API
 */

static void
append_safe_name (GString    *out,
                  const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.')
    g_string_append_c (out, '_');

  /* Injective: every byte outside [A-Za-z0-9.-] (including '_' itself) becomes _XX. */
  for (const guchar *p = (const guchar *) (name ? name : ""); *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '-')
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "_%02x", *p);
    }
}

char *
gp_store_build_path (const char *server_host,
                     const char *account)
{
  g_autoptr(GString) host = g_string_new (NULL);
  g_autoptr(GString) file = g_string_new (NULL);

  g_return_val_if_fail (server_host != NULL, NULL);
  g_return_val_if_fail (account != NULL, NULL);

  append_safe_name (host, server_host);
  append_safe_name (file, account);
  g_string_append (file, ".db");

  return g_build_filename (g_get_user_data_dir (), "gpcloud", host->str, file->str, NULL);
}

GpStore *
gp_store_new (const char  *path,
              GError     **error)
{
  g_autoptr(GpStore) self = NULL;
  g_autofree char *dir = NULL;
  Worker *w;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strcmp (path, ":memory:") != 0)
    {
      dir = g_path_get_dirname (path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("Cannot create the folder “%s”: %s"), dir, g_strerror (errsv));
          return NULL;
        }
    }

  self = g_object_new (GP_TYPE_STORE, "path", path, NULL);

  w = g_new0 (Worker, 1);
  w->touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                      (GDestroyNotify) row_change_free);
  g_atomic_ref_count_init (&w->ref);
  w->queue = g_async_queue_new ();
  w->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&w->store, self);
  w->total_cache = -1;
  self->worker = w;
  w->thread = g_thread_new ("gp-store", worker_main, worker_ref (w));

  if (!store_run_sync (self, op_open, g_strdup (path), g_free, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

GpStore *
gp_store_new_for_account (const char  *server_host,
                          const char  *account,
                          GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (server_host != NULL, NULL);
  g_return_val_if_fail (account != NULL, NULL);

  path = gp_store_build_path (server_host, account);
  return gp_store_new (path, error);
}

const char *
gp_store_get_path (GpStore *self)
{
  g_return_val_if_fail (GP_IS_STORE (self), NULL);

  return self->path;
}

void
gp_store_shutdown (GpStore *self)
{
  Worker *w;
  Job *job;

  g_return_if_fail (GP_IS_STORE (self));

  if (self->shut_down || self->worker == NULL)
    return;

  self->shut_down = TRUE;
  w = g_steal_pointer (&self->worker);

  job = g_new0 (Job, 1);
  job->quit = TRUE;

  if (g_thread_self () == w->thread)
    {
      /* The last reference went away on the store's own thread (a job's GTask was the last owner):
       * the worker closes the database and exits after the current job, freeing the quit job. */
      g_async_queue_push (w->queue, job);
      g_thread_unref (w->thread);
      worker_unref (w);
      return;
    }

  job->sync = TRUE;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  g_async_queue_push (w->queue, job);
  g_thread_join (w->thread);
  job_free (job);
  worker_unref (w);
}

void
gp_store_save_project_async (GpStore             *self,
                             const GpProject     *project,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (project != NULL);

  store_queue (self, gp_store_save_project_async, op_save,
               gp_project_copy (project), (GDestroyNotify) gp_project_free,
               cancellable, callback, user_data);
}

gboolean
gp_store_save_project_finish (GpStore       *self,
                              GAsyncResult  *result,
                              gint64        *out_version,
                              GError       **error)
{
  gpointer box = NULL;

  if (!finish_ok (self, result, gp_store_save_project_async, &box, error))
    return FALSE;
  if (out_version != NULL)
    *out_version = int64_unbox (box);
  else
    g_free (box);
  return TRUE;
}

gboolean
gp_store_save_project_sync (GpStore          *self,
                            const GpProject  *project,
                            gint64           *out_version,
                            GCancellable     *cancellable,
                            GError          **error)
{
  gpointer box = NULL;

  g_return_val_if_fail (GP_IS_STORE (self), FALSE);
  g_return_val_if_fail (project != NULL, FALSE);

  if (!store_run_sync (self, op_save, gp_project_copy (project), (GDestroyNotify) gp_project_free,
                       cancellable, &box, error))
    return FALSE;
  if (out_version != NULL)
    *out_version = int64_unbox (box);
  else
    g_free (box);
  return TRUE;
}

void
gp_store_load_project_async (GpStore             *self,
                             const char          *id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (id != NULL);

  store_queue (self, gp_store_load_project_async, op_load, g_strdup (id), g_free,
               cancellable, callback, user_data);
}

GpStoredProject *
gp_store_load_project_finish (GpStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, gp_store_load_project_async, error);
}

GpStoredProject *
gp_store_load_project_sync (GpStore       *self,
                            const char    *id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  gpointer stored = NULL;

  g_return_val_if_fail (GP_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!store_run_sync (self, op_load, g_strdup (id), g_free, cancellable, &stored, error))
    return NULL;
  return stored;
}

void
gp_store_delete_project_async (GpStore             *self,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (id != NULL);

  store_queue (self, gp_store_delete_project_async, op_delete, g_strdup (id), g_free,
               cancellable, callback, user_data);
}

gboolean
gp_store_delete_project_finish (GpStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_ok (self, result, gp_store_delete_project_async, NULL, error);
}

void
gp_store_list_changes_async (GpStore             *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));

  store_queue (self, gp_store_list_changes_async, op_list_changes, NULL, NULL,
               cancellable, callback, user_data);
}

GPtrArray *
gp_store_list_changes_finish (GpStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, gp_store_list_changes_async, error);
}

void
gp_store_mark_pushed_async (GpStore             *self,
                            const char          *id,
                            gint64               pushed_version,
                            gint64               new_rev,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  MarkPushed *m;

  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (id != NULL);

  m = g_new0 (MarkPushed, 1);
  m->id = g_strdup (id);
  m->pushed_version = pushed_version;
  m->new_rev = new_rev;
  store_queue (self, gp_store_mark_pushed_async, op_mark_pushed, m,
               (GDestroyNotify) mark_pushed_free, cancellable, callback, user_data);
}

gboolean
gp_store_mark_pushed_finish (GpStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_ok (self, result, gp_store_mark_pushed_async, NULL, error);
}

void
gp_store_enqueue_action_async (GpStore             *self,
                               const char          *project_id,
                               const char          *action,
                               const char          *payload_json,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Enqueue *e;

  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (action != NULL);

  e = g_new0 (Enqueue, 1);
  e->project_id = g_strdup (project_id);
  e->action = g_strdup (action);
  e->payload_json = g_strdup (payload_json);
  store_queue (self, gp_store_enqueue_action_async, op_enqueue, e, (GDestroyNotify) enqueue_free,
               cancellable, callback, user_data);
}

gboolean
gp_store_enqueue_action_finish (GpStore       *self,
                                GAsyncResult  *result,
                                gint64        *out_seq,
                                GError       **error)
{
  gpointer box = NULL;

  if (!finish_ok (self, result, gp_store_enqueue_action_async, &box, error))
    return FALSE;
  if (out_seq != NULL)
    *out_seq = int64_unbox (box);
  else
    g_free (box);
  return TRUE;
}

void
gp_store_list_outbox_async (GpStore             *self,
                            gboolean             include_sent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));

  store_queue (self, gp_store_list_outbox_async, op_list_outbox,
               GINT_TO_POINTER (!!include_sent), NULL, cancellable, callback, user_data);
}

GPtrArray *
gp_store_list_outbox_finish (GpStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_pointer (self, result, gp_store_list_outbox_async, error);
}

void
gp_store_mark_action_async (GpStore             *self,
                            gint64               seq,
                            GpOutboxState        state,
                            const char          *problems_json,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  MarkAction *m;

  g_return_if_fail (GP_IS_STORE (self));

  m = g_new0 (MarkAction, 1);
  m->seq = seq;
  m->state = state;
  m->problems_json = g_strdup (problems_json);
  store_queue (self, gp_store_mark_action_async, op_mark_action, m,
               (GDestroyNotify) mark_action_free, cancellable, callback, user_data);
}

gboolean
gp_store_mark_action_finish (GpStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_ok (self, result, gp_store_mark_action_async, NULL, error);
}

static FeedPage *
feed_page_new (const char         *stream,
               GPtrArray          *projects,
               const char * const *deletions,
               const char         *next_cursor)
{
  FeedPage *f = g_new0 (FeedPage, 1);
  GpCalendar *calendar = gp_calendar_get_default ();
  GDate today;

  f->stream = g_strdup (stream);
  /* Not copied (a deep copy of every project of every page): the caller leaves them alone until the
   * answer. NULL entries are kept: the worker refuses them (and so the page). */
  f->projects = projects != NULL ? g_ptr_array_ref (projects) : g_ptr_array_new ();

  /* On the caller's thread: each project's JSON, index columns and grams, "today" and the calendar
   * for the next deadline once for the page. */
  local_today (&today);
  f->prepared = g_ptr_array_new_full (f->projects->len, (GDestroyNotify) prepared_free);
  for (guint i = 0; i < f->projects->len; i++)
    {
      const GpProject *p = g_ptr_array_index (f->projects, i);

      g_ptr_array_add (f->prepared, p != NULL && p->id != NULL ? prepared_new (p, &today, calendar) : NULL);
    }

  f->deletions = g_strdupv ((char **) deletions);
  f->cursor = g_strdup (next_cursor);
  return f;
}

void
gp_store_apply_feed_page_async (GpStore             *self,
                                const char          *stream,
                                GPtrArray           *projects,
                                const char * const  *deletions,
                                const char          *next_cursor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (stream != NULL);
  g_return_if_fail (next_cursor != NULL);

  store_queue (self, gp_store_apply_feed_page_async, op_apply_feed_page,
               feed_page_new (stream, projects, deletions, next_cursor),
               (GDestroyNotify) feed_page_free, cancellable, callback, user_data);
}

gboolean
gp_store_apply_feed_page_finish (GpStore       *self,
                                 GAsyncResult  *result,
                                 guint         *out_n_conflicts,
                                 GError       **error)
{
  gpointer box = NULL;

  if (!finish_ok (self, result, gp_store_apply_feed_page_async, &box, error))
    return FALSE;
  if (out_n_conflicts != NULL)
    *out_n_conflicts = (guint) int64_unbox (box);
  else
    g_free (box);
  return TRUE;
}

gboolean
gp_store_apply_feed_page_sync (GpStore             *self,
                               const char          *stream,
                               GPtrArray           *projects,
                               const char * const  *deletions,
                               const char          *next_cursor,
                               guint               *out_n_conflicts,
                               GCancellable        *cancellable,
                               GError             **error)
{
  gpointer box = NULL;

  g_return_val_if_fail (GP_IS_STORE (self), FALSE);
  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (next_cursor != NULL, FALSE);

  if (!store_run_sync (self, op_apply_feed_page,
                       feed_page_new (stream, projects, deletions, next_cursor),
                       (GDestroyNotify) feed_page_free, cancellable, &box, error))
    return FALSE;
  if (out_n_conflicts != NULL)
    *out_n_conflicts = (guint) int64_unbox (box);
  else
    g_free (box);
  return TRUE;
}

void
gp_store_get_cursor_async (GpStore             *self,
                           const char          *stream,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (stream != NULL);

  store_queue (self, gp_store_get_cursor_async, op_get_cursor, g_strdup (stream), g_free,
               cancellable, callback, user_data);
}

char *
gp_store_get_cursor_finish (GpStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, gp_store_get_cursor_async, error);
}

void
gp_store_resolve_conflict_async (GpStore             *self,
                                 const char          *id,
                                 const GpProject     *resolution,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Resolve *r;

  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (resolution == NULL || g_strcmp0 (resolution->id, id) == 0);

  r = g_new0 (Resolve, 1);
  r->id = g_strdup (id);
  r->resolution = resolution ? gp_project_copy (resolution) : NULL;
  store_queue (self, gp_store_resolve_conflict_async, op_resolve, r, (GDestroyNotify) resolve_free,
               cancellable, callback, user_data);
}

gboolean
gp_store_resolve_conflict_finish (GpStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_ok (self, result, gp_store_resolve_conflict_async, NULL, error);
}

void
gp_store_apply_registry_page_async (GpStore             *self,
                                    const char          *kind,
                                    GPtrArray           *entries,
                                    const char * const  *deletions,
                                    const char          *next_cursor,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RegistryPage *r;

  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (next_cursor != NULL);

  r = g_new0 (RegistryPage, 1);
  r->kind = g_strdup (kind);
  r->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_registry_entry_free);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_ptr_array_add (r->entries, gp_registry_entry_copy (g_ptr_array_index (entries, i)));
  r->deletions = g_strdupv ((char **) deletions);
  r->cursor = g_strdup (next_cursor);
  store_queue (self, gp_store_apply_registry_page_async, op_apply_registry_page, r,
               (GDestroyNotify) registry_page_free, cancellable, callback, user_data);
}

gboolean
gp_store_apply_registry_page_finish (GpStore       *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_ok (self, result, gp_store_apply_registry_page_async, NULL, error);
}

void
gp_store_query_registry_async (GpStore             *self,
                               const char          *kind,
                               const char          *text,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RegistryQuery *q;

  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (kind != NULL);

  q = g_new0 (RegistryQuery, 1);
  q->kind = g_strdup (kind);
  q->text = g_strdup (text);
  q->limit = limit;
  store_queue (self, gp_store_query_registry_async, op_query_registry, q,
               (GDestroyNotify) registry_query_free, cancellable, callback, user_data);
}

GPtrArray *
gp_store_query_registry_finish (GpStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, gp_store_query_registry_async, error);
}

static LoadPages *
load_pages_new (const GpStoreQuery *query,
                guint               known_count,
                const guint        *page_indices,
                guint               n_pages,
                guint               page_size)
{
  LoadPages *l = g_new0 (LoadPages, 1);

  l->query = gp_store_query_copy (query);
  l->known_count = known_count;
  l->pages = g_memdup2 (page_indices, sizeof (guint) * n_pages);
  l->n_pages = n_pages;
  l->page_size = page_size;
  return l;
}

void
gp_store_load_pages_async (GpStore             *self,
                           const GpStoreQuery  *query,
                           guint                known_count,
                           gboolean             may_estimate,
                           const guint         *page_indices,
                           guint                n_pages,
                           guint                page_size,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  LoadPages *l;

  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (page_size > 0);

  l = load_pages_new (query, known_count, page_indices, n_pages, page_size);
  l->count_cap = may_estimate ? COUNT_CAP : 0;
  store_queue (self, gp_store_load_pages_async, op_load_pages, l,
               (GDestroyNotify) load_pages_free, cancellable, callback, user_data);
}

GpStorePageSet *
gp_store_load_pages_finish (GpStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_pointer (self, result, gp_store_load_pages_async, error);
}

void
gp_store_count_async (GpStore             *self,
                      const GpStoreQuery  *query,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (query != NULL);

  store_queue (self, gp_store_count_async, op_load_pages,
               load_pages_new (query, G_MAXUINT, NULL, 0, 1),
               (GDestroyNotify) load_pages_free, cancellable, callback, user_data);
}

gboolean
gp_store_count_finish (GpStore       *self,
                       GAsyncResult  *result,
                       guint         *out_count,
                       GError       **error)
{
  g_autoptr(GpStorePageSet) set = NULL;
  gpointer value = NULL;

  if (!finish_ok (self, result, gp_store_count_async, &value, error))
    return FALSE;
  set = value;
  if (out_count != NULL)
    *out_count = set->count;
  return TRUE;
}

static GPtrArray *
page_set_to_rows (GpStorePageSet *set)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < set->pages->len; i++)
    {
      GPtrArray *page = g_ptr_array_index (set->pages, i);

      for (guint j = 0; j < page->len; j++)
        g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (page, j)));
    }
  return rows;
}

/* _query reads rows [offset, offset + limit): page 0 of size @limit, shifted by @offset. */
static LoadPages *
load_range_new (const GpStoreQuery *query,
                guint               offset,
                guint               limit)
{
  guint page = 0;
  LoadPages *l = load_pages_new (query, G_MAXUINT, &page, limit > 0 ? 1 : 0, MAX (limit, 1));

  l->base_offset = offset;
  return l;
}

void
gp_store_query_async (GpStore             *self,
                      const GpStoreQuery  *query,
                      guint                offset,
                      guint                limit,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));
  g_return_if_fail (query != NULL);

  store_queue (self, gp_store_query_async, op_load_pages, load_range_new (query, offset, limit),
               (GDestroyNotify) load_pages_free, cancellable, callback, user_data);
}

GPtrArray *
gp_store_query_finish (GpStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(GpStorePageSet) set = NULL;
  gpointer value = NULL;

  if (!finish_ok (self, result, gp_store_query_async, &value, error))
    return NULL;
  set = value;
  return page_set_to_rows (set);
}

GPtrArray *
gp_store_query_sync (GpStore             *self,
                     const GpStoreQuery  *query,
                     guint                offset,
                     guint                limit,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(GpStorePageSet) set = NULL;
  gpointer value = NULL;

  g_return_val_if_fail (GP_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!store_run_sync (self, op_load_pages, load_range_new (query, offset, limit),
                       (GDestroyNotify) load_pages_free, cancellable, &value, error))
    return NULL;
  set = value;
  return page_set_to_rows (set);
}

void
gp_store_flush_async (GpStore             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (GP_IS_STORE (self));

  store_queue (self, gp_store_flush_async, op_flush, NULL, NULL, cancellable, callback, user_data);
}

gboolean
gp_store_flush_finish (GpStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return finish_ok (self, result, gp_store_flush_async, NULL, error);
}
