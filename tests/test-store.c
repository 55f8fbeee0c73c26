/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-store.c: the local store on temporary databases: drafts, sync states, outbox, feed pages and
 * cursors, conflicts, both search paths, the lazy list model and autosave.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gp-autosave.h"
#include "gp-codec.h"
#include "gp-db.h"
#include "gp-project-list-model.h"
#include "gp-store.h"
#include "gp-store-private.h"
#include "gp-store-schema.h"

typedef struct {
  char    *dir;
  char    *path;
  GpStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gp-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "account.db", NULL);
  f->store = gp_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

/* Joins the store's thread and lets the completions still queued on the main context run, so that
 * no GTask keeps the store alive. */
static void
store_close (GpStore *store)
{
  gp_store_shutdown (store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  store_close (f->store);
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A draft with a name, a summary and optionally a code (the agency's project code). */
static GpProject *
make_project (const char *name,
              const char *summary,
              const char *code)
{
  GpProject *p = gp_project_new_draft ("440000");

  p->intention = gp_intention_new ();
  p->intention->name = g_strdup (name);
  p->intention->summary = g_strdup (summary);
  p->intention->budget = 1000000;
  if (code != NULL)
    {
      p->execution = gp_execution_new ();
      p->execution->kind = GP_EXECUTION_KIND_ENTRUSTED;
      p->execution->entrusted = gp_entrusted_procurement_new ();
      p->execution->entrusted->project_code = g_strdup (code);
    }
  return p;
}

/* Main-loop helpers: async results land on the test's default context. */
static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static gint64
save (GpStore         *store,
      const GpProject *p)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version = 0;

  gp_store_save_project_async (store, p, NULL, result_cb, &result);
  gp_store_save_project_finish (store, wait_result (&result), &version, &error);
  g_assert_no_error (error);
  return version;
}

static GpStoredProject *
load (GpStore    *store,
      const char *id,
      GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gp_store_load_project_async (store, id, NULL, result_cb, &result);
  return gp_store_load_project_finish (store, wait_result (&result), error);
}

static void
mark_pushed (GpStore    *store,
             const char *id,
             gint64      version,
             gint64      rev)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gp_store_mark_pushed_async (store, id, version, rev, NULL, result_cb, &result);
  gp_store_mark_pushed_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
}

static char *
get_cursor (GpStore    *store,
            const char *stream)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *cursor;

  gp_store_get_cursor_async (store, stream, NULL, result_cb, &result);
  cursor = gp_store_get_cursor_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  return cursor;
}

static GPtrArray *
query (GpStore    *store,
       const char *text)
{
  g_autoptr(GpStoreQuery) q = gp_store_query_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  q->text = g_strdup (text);
  rows = gp_store_query_sync (store, q, 0, 1000, NULL, &error);
  g_assert_no_error (error);
  return rows;
}

static guint
count (GpStore            *store,
       const GpStoreQuery *q)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  gp_store_count_async (store, q, NULL, result_cb, &result);
  gp_store_count_finish (store, wait_result (&result), &n, &error);
  g_assert_no_error (error);
  return n;
}

static gboolean
rows_contain (GPtrArray  *rows,
              const char *id)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (gp_project_row_get_id (g_ptr_array_index (rows, i)), id) == 0)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------------------------------ */

static void
test_path_sanitises_names (void)
{
  g_autofree char *a = gp_store_build_path ("gp.example.cn:8443", "../../etc/passwd");
  g_autofree char *b = gp_store_build_path ("gp.example.cn", "张三");
  g_autofree char *c = gp_store_build_path ("gp.example.cn", "a_2f");
  g_autofree char *d = gp_store_build_path ("gp.example.cn", "a/");
  g_autofree char *base = g_build_filename (g_get_user_data_dir (), "gpcloud", NULL);
  g_autofree char *dir = g_path_get_dirname (a);
  g_autofree char *parent = g_path_get_dirname (dir);

  g_assert_cmpstr (parent, ==, base);
  g_assert_null (strstr (a, "/../"));
  g_assert_true (g_str_has_suffix (a, ".db"));
  g_assert_true (g_str_has_prefix (b, base));
  g_assert_null (strchr (strrchr (b, '/'), 0xe5)); /* no raw UTF-8 in the file name */
  /* Distinct accounts never share a file. */
  g_assert_cmpstr (c, !=, d);
}

static void
test_save_load_round_trip (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GpProject) p = make_project ("办公设备采购", "采购台式计算机 20 台", "GDZC-2024-001");
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 version;

  version = save (f->store, p);
  g_assert_cmpint (version, ==, 1);

  stored = load (f->store, p->id, &error);
  g_assert_no_error (error);
  g_assert_true (gp_project_equal (stored->project, p));
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_CREATED);
  g_assert_cmpint (stored->local_version, ==, 1);
  g_assert_null (stored->conflict);

  /* Unknown ids and ids made of SQL are just not there. */
  g_clear_pointer (&stored, gp_stored_project_free);
  stored = load (f->store, "x' OR '1'='1", &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
  g_assert_null (stored);
}

static void
test_sync_states (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GpProject) p = make_project ("车辆维修服务", NULL, NULL);
  g_autoptr(GpProject) q = make_project ("草稿", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GpStoredProject *stored;
  gint64 v;

  v = save (f->store, p);
  stored = load (f->store, p->id, NULL);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_CREATED);
  gp_stored_project_free (stored);

  /* The server accepts the creation as rev 1. */
  mark_pushed (f->store, p->id, v, 1);
  stored = load (f->store, p->id, NULL);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_SYNCED);
  g_assert_cmpint (stored->base_rev, ==, 1);
  g_assert_cmpint (stored->project->rev, ==, 1);
  gp_stored_project_free (stored);

  /* An edit. */
  g_free (p->intention->name);
  p->intention->name = g_strdup ("车辆维修服务（修改）");
  p->rev = 1;
  v = save (f->store, p);
  stored = load (f->store, p->id, NULL);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_MODIFIED);
  gp_stored_project_free (stored);

  /* Pushed, but edited again before the answer came: still modified, now based on rev 2. */
  save (f->store, p);
  mark_pushed (f->store, p->id, v, 2);
  stored = load (f->store, p->id, NULL);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_MODIFIED);
  g_assert_cmpint (stored->base_rev, ==, 2);
  v = stored->local_version;
  gp_stored_project_free (stored);
  mark_pushed (f->store, p->id, v, 3);
  stored = load (f->store, p->id, NULL);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_SYNCED);
  gp_stored_project_free (stored);

  /* Deleted: a tombstone, listed for push but not in lists, then gone once pushed. */
  gp_store_delete_project_async (f->store, p->id, NULL, result_cb, &result);
  gp_store_delete_project_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  stored = load (f->store, p->id, NULL);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_DELETED);
  v = stored->local_version;
  gp_stored_project_free (stored);
  {
    g_autoptr(GPtrArray) rows = query (f->store, NULL);
    g_autoptr(GPtrArray) changes = NULL;

    g_assert_false (rows_contain (rows, p->id));
    gp_store_list_changes_async (f->store, NULL, result_cb, &result);
    changes = gp_store_list_changes_finish (f->store, wait_result (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_cmpuint (changes->len, ==, 1);
    g_assert_cmpint (((GpStoredProject *) changes->pdata[0])->sync_state, ==, GP_SYNC_STATE_DELETED);
  }
  mark_pushed (f->store, p->id, v, 4);
  stored = load (f->store, p->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A draft never pushed just disappears. */
  save (f->store, q);
  gp_store_delete_project_async (f->store, q->id, NULL, result_cb, &result);
  gp_store_delete_project_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);
  stored = load (f->store, q->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
}

static gint64
enqueue (GpStore    *store,
         const char *project_id,
         const char *action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq = 0;

  gp_store_enqueue_action_async (store, project_id, action, "{\"x\":1}", NULL, result_cb, &result);
  gp_store_enqueue_action_finish (store, wait_result (&result), &seq, &error);
  g_assert_no_error (error);
  return seq;
}

static GPtrArray *
list_outbox (GpStore  *store,
             gboolean  include_sent)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  gp_store_list_outbox_async (store, include_sent, NULL, result_cb, &result);
  list = gp_store_list_outbox_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  return list;
}

static void
mark_action (GpStore       *store,
             gint64         seq,
             GpOutboxState  state,
             const char    *problems,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gp_store_mark_action_async (store, seq, state, problems, NULL, result_cb, &result);
  gp_store_mark_action_finish (store, wait_result (&result), error);
}

static void
test_outbox_order_and_states (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  gint64 s1, s2, s3;
  GpOutboxEntry *e;

  s1 = enqueue (f->store, "p1", "publish_intention");
  s2 = enqueue (f->store, "p1", "submit_plan");
  s3 = enqueue (f->store, "p2", "file_contract");
  g_assert_cmpint (s1, <, s2);
  g_assert_cmpint (s2, <, s3);

  mark_action (f->store, s1, GP_OUTBOX_STATE_SENT, NULL, &error);
  g_assert_no_error (error);
  mark_action (f->store, s2, GP_OUTBOX_STATE_FAILED, "[{\"path\":\"plan.total\"}]", &error);
  g_assert_no_error (error);
  mark_action (f->store, 9999, GP_OUTBOX_STATE_SENT, NULL, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);

  open = list_outbox (f->store, FALSE);
  g_assert_cmpuint (open->len, ==, 2);
  e = open->pdata[0];
  g_assert_cmpint (e->seq, ==, s2);
  g_assert_cmpint (e->state, ==, GP_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (e->problems_json, ==, "[{\"path\":\"plan.total\"}]");
  g_assert_cmpstr (e->action, ==, "submit_plan");
  e = open->pdata[1];
  g_assert_cmpint (e->seq, ==, s3);
  g_assert_cmpint (e->state, ==, GP_OUTBOX_STATE_PENDING);
  g_assert_cmpstr (e->payload_json, ==, "{\"x\":1}");

  all = list_outbox (f->store, TRUE);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (((GpOutboxEntry *) all->pdata[0])->seq, ==, s1);
  /* Every action has its own idempotency key. */
  g_assert_cmpstr (((GpOutboxEntry *) all->pdata[0])->idempotency_key, !=,
                   ((GpOutboxEntry *) all->pdata[1])->idempotency_key);
  g_assert_true (g_uuid_string_is_valid (((GpOutboxEntry *) all->pdata[2])->idempotency_key));
}

static GpProject *
server_copy (const GpProject *p,
             gint64           rev)
{
  GpProject *copy = gp_project_copy (p);

  copy->rev = rev;
  return copy;
}

static gboolean
apply_page (GpStore             *store,
            GPtrArray           *projects,
            const char * const  *deletions,
            const char          *cursor,
            guint               *n_conflicts,
            GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gp_store_apply_feed_page_async (store, "projects", projects, deletions, cursor, NULL,
                                  result_cb, &result);
  return gp_store_apply_feed_page_finish (store, wait_result (&result), n_conflicts, error);
}

static void
test_feed_page_and_cursor_are_one_transaction (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  g_autoptr(GpProject) a = make_project ("A 项目", NULL, NULL);
  g_autoptr(GpProject) b = make_project ("B 项目", NULL, NULL);
  g_autoptr(GpProject) c = make_project ("C 项目", NULL, NULL);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  const char *deletions[] = { NULL, NULL };
  GpProject *broken;
  guint n_conflicts = 99;

  g_assert_null (get_cursor (f->store, "projects"));

  g_ptr_array_add (page, server_copy (a, 1));
  g_ptr_array_add (page, server_copy (b, 1));
  g_assert_true (apply_page (f->store, page, NULL, "c1", &n_conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_conflicts, ==, 0);
  cursor = get_cursor (f->store, "projects");
  g_assert_cmpstr (cursor, ==, "c1");
  stored = load (f->store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_SYNCED);
  g_assert_cmpint (stored->base_rev, ==, 1);
  g_clear_pointer (&stored, gp_stored_project_free);

  /* A page that fails in the middle (its second project is damaged, after C and the deletion of
   * A were written): neither C, nor the deletion, nor the cursor are kept. */
  g_ptr_array_add (bad, server_copy (c, 1));
  broken = server_copy (b, 2);
  g_clear_pointer (&broken->id, g_free);
  g_ptr_array_add (bad, broken);
  deletions[0] = a->id;
  g_assert_false (apply_page (f->store, bad, deletions, "c2", NULL, &error));
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&cursor, g_free);
  cursor = get_cursor (f->store, "projects");
  g_assert_cmpstr (cursor, ==, "c1");
  stored = load (f->store, c->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  stored = load (f->store, a->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, gp_stored_project_free);

  /* The same page without the damage goes through, deletion included. */
  g_ptr_array_remove_index (bad, 1);
  g_assert_true (apply_page (f->store, bad, deletions, "c2", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&cursor, g_free);
  cursor = get_cursor (f->store, "projects");
  g_assert_cmpstr (cursor, ==, "c2");
  stored = load (f->store, a->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  stored = load (f->store, c->id, &error);
  g_assert_no_error (error);
}

static void
resolve (GpStore         *store,
         const char      *id,
         const GpProject *resolution,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  gp_store_resolve_conflict_async (store, id, resolution, NULL, result_cb, &result);
  gp_store_resolve_conflict_finish (store, wait_result (&result), error);
}

static void
test_conflict_keeps_both_versions (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  g_autoptr(GpProject) a = make_project ("原名称", NULL, NULL);
  g_autoptr(GpProject) local = NULL;
  g_autoptr(GpProject) theirs = NULL;
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;
  const char *deletions[] = { NULL, NULL };
  guint n_conflicts = 0;

  g_ptr_array_add (page, server_copy (a, 1));
  g_assert_true (apply_page (f->store, page, NULL, "c1", NULL, &error));

  /* Edited here… */
  local = server_copy (a, 1);
  g_free (local->intention->name);
  local->intention->name = g_strdup ("本地修改");
  save (f->store, local);

  /* …and there. */
  theirs = server_copy (a, 2);
  g_free (theirs->intention->name);
  theirs->intention->name = g_strdup ("服务器修改");
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, gp_project_copy (theirs));
  g_assert_true (apply_page (f->store, page, NULL, "c2", &n_conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_conflicts, ==, 1);

  stored = load (f->store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_MODIFIED);
  g_assert_cmpstr (stored->project->intention->name, ==, "本地修改");
  g_assert_nonnull (stored->conflict);
  g_assert_cmpstr (stored->conflict->intention->name, ==, "服务器修改");
  g_assert_cmpint (stored->conflict->rev, ==, 2);
  g_clear_pointer (&stored, gp_stored_project_free);

  /* The officer merges: the result is a modified draft based on the server's revision. */
  g_free (local->intention->name);
  local->intention->name = g_strdup ("合并后的名称");
  resolve (f->store, a->id, local, &error);
  g_assert_no_error (error);
  stored = load (f->store, a->id, &error);
  g_assert_cmpint (stored->sync_state, ==, GP_SYNC_STATE_MODIFIED);
  g_assert_cmpint (stored->base_rev, ==, 2);
  g_assert_null (stored->conflict);
  g_assert_cmpstr (stored->project->intention->name, ==, "合并后的名称");
  g_clear_pointer (&stored, gp_stored_project_free);

  resolve (f->store, a->id, NULL, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NO_CONFLICT);
  g_clear_error (&error);

  /* Deleted on the server while edited here: kept, with the deletion in the slot; taking the
   * server's side removes it. */
  deletions[0] = a->id;
  g_assert_true (apply_page (f->store, NULL, deletions, "c3", &n_conflicts, &error));
  g_assert_cmpuint (n_conflicts, ==, 1);
  stored = load (f->store, a->id, &error);
  g_assert_no_error (error);
  g_assert_true (stored->conflict_deleted);
  g_assert_cmpstr (stored->project->intention->name, ==, "合并后的名称");
  g_clear_pointer (&stored, gp_stored_project_free);
  resolve (f->store, a->id, NULL, &error);
  g_assert_no_error (error);
  stored = load (f->store, a->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
}

typedef struct {
  char *office;   /* 办公设备采购 */
  char *contract; /* 合同管理服务 */
  char *car;      /* 车辆维修 */
  char *coded;    /* code A02010104 */
} SearchSet;

static void
add_search_set (GpStore   *store,
                SearchSet *s)
{
  g_autoptr(GpProject) a = make_project ("办公设备采购项目", "台式计算机与打印机", NULL);
  g_autoptr(GpProject) b = make_project ("合同管理服务", "法律顾问", NULL);
  g_autoptr(GpProject) c = make_project ("公务车辆维修", "定点维修保养", NULL);
  g_autoptr(GpProject) d = make_project ("绿化养护", "道路绿化", "A02010104");

  save (store, a);
  save (store, b);
  save (store, c);
  save (store, d);
  s->office = g_strdup (a->id);
  s->contract = g_strdup (b->id);
  s->car = g_strdup (c->id);
  s->coded = g_strdup (d->id);
}

static void
search_set_clear (SearchSet *s)
{
  g_free (s->office);
  g_free (s->contract);
  g_free (s->car);
  g_free (s->coded);
}

static void
assert_finds_only (GpStore    *store,
                   const char *text,
                   const char *id)
{
  g_autoptr(GPtrArray) rows = query (store, text);
  g_autoptr(GpStoreQuery) q = gp_store_query_new ();

  q->text = g_strdup (text);
  if (rows->len != 1 || !rows_contain (rows, id))
    g_error ("“%s” found %u rows", text, rows->len);
  g_assert_cmpuint (count (store, q), ==, 1);
}

static void
test_search_three_or_more_characters (Fixture       *f,
                                      gconstpointer  data)
{
  SearchSet s;

  add_search_set (f->store, &s);

  assert_finds_only (f->store, "办公设备", s.office);
  assert_finds_only (f->store, "设备采购", s.office);
  assert_finds_only (f->store, "打印机", s.office);  /* in the summary */
  assert_finds_only (f->store, "合同管理", s.contract);
  assert_finds_only (f->store, "a0201", s.coded);    /* codes, any case */
  assert_finds_only (f->store, "车辆维 修保养", s.car); /* every word must match */

  {
    g_autoptr(GPtrArray) rows = query (f->store, "不存在的项目");

    g_assert_cmpuint (rows->len, ==, 0);
  }

  search_set_clear (&s);
}

static void
test_search_one_and_two_characters (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  SearchSet s;

  add_search_set (f->store, &s);

  assert_finds_only (f->store, "设备", s.office);
  assert_finds_only (f->store, "合同", s.contract);
  assert_finds_only (f->store, "车", s.car);
  assert_finds_only (f->store, "养护", s.coded);
  assert_finds_only (f->store, "A0", s.coded);
  assert_finds_only (f->store, "设备 打印机", s.office); /* both paths in one query */

  /* 维修 is in two projects' texts only once each: the car repair. */
  rows = query (f->store, "维修");
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* 务 occurs in 服务 and 公务. */
  rows = query (f->store, "务");
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (rows_contain (rows, s.contract));
  g_assert_true (rows_contain (rows, s.car));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Characters that are not in one word do not match across words. */
  rows = query (f->store, "目合");
  g_assert_cmpuint (rows->len, ==, 0);

  search_set_clear (&s);
}

/* ------------------------------------------------------------------------------------------------
 * Feed pages maintain the search tables themselves (the triggers stand aside during a page): the
 * results after pages of inserts, renames, deletions, repeats and conflicts, and after a page that
 * failed, must be what a plain substring search over the rows finds.
 */

typedef struct {
  char *name;
  char *summary;
  char *code;
} Texts;

static void
texts_free (Texts *t)
{
  g_free (t->name);
  g_free (t->summary);
  g_free (t->code);
  g_free (t);
}

static void
expect_texts (GHashTable      *expected,
              const GpProject *p)
{
  Texts *t = g_new0 (Texts, 1);

  t->name = g_strdup (p->intention->name);
  t->summary = g_strdup (p->intention->summary);
  t->code = p->execution ? g_strdup (p->execution->entrusted->project_code) : NULL;
  g_hash_table_replace (expected, g_strdup (p->id), t);
}

/* What the store must find: every word a case-insensitive substring of the name, code or summary
 * (the words here are letters and digits, where both search paths mean just that). */
static gboolean
texts_match (const Texts *t,
             const char  *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (words[i], -1);
      const char *fields[] = { t->name, t->summary, t->code };
      gboolean found = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (fields) && !found; j++)
        {
          g_autofree char *field = fields[j] ? g_utf8_strdown (fields[j], -1) : NULL;

          found = field != NULL && strstr (field, word) != NULL;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static void
assert_search_equals_scan (GpStore    *store,
                           GHashTable *expected)
{
  const char *queries[] = {
    "设备", "合同", "车", "服务", "a0", "A02", "办公设备", "维修", "项目", "第1", "1", "gd", "gdzc",
    "新", "新名称", "保养 车", "设备 gdzc", "改名", "不存在",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) rows = query (store, queries[i]);
      g_autoptr(GpStoreQuery) q = gp_store_query_new ();
      GHashTableIter iter;
      gpointer key, value;
      guint n = 0;

      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (texts_match (value, queries[i]))
          {
            if (!rows_contain (rows, key))
              g_error ("“%s” does not find %s", queries[i], (char *) key);
            n++;
          }
      if (rows->len != n)
        g_error ("“%s” finds %u rows, a scan %u", queries[i], rows->len, n);
      q->text = g_strdup (queries[i]);
      g_assert_cmpuint (count (store, q), ==, n);
    }
}

/* The number of projects the list shows (the store's counter) is @n. */
static void
assert_listed (GpStore *store,
               guint    n)
{
  g_autoptr(GpStoreQuery) all_rows = gp_store_query_new ();

  g_assert_cmpuint (count (store, all_rows), ==, n);
}

static void
delete_project (GpStore    *store,
                const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  gp_store_delete_project_async (store, id, NULL, result_cb, &result);
  gp_store_delete_project_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
}

static GpProject *
make_numbered (guint i)
{
  static const char *const items[] = { "办公设备", "合同审计服务", "公务车辆维修", "绿化养护", "软件开发" };
  g_autofree char *name = g_strdup_printf ("第%u号%s项目", i, items[i % G_N_ELEMENTS (items)]);
  g_autofree char *code = g_strdup_printf ("GDZC%04u", i);

  return make_project (name, i % 3 == 0 ? "定点保养" : "含安装调试", i % 4 == 0 ? "A0201" : code);
}

static void
test_feed_page_search_matches_rows (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) texts_free);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  g_autoptr(GPtrArray) deletions = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GpProject) local = NULL;
  g_autoptr(GpProject) fresh = NULL;
  GpProject *p, *broken;
  guint n_conflicts = 0;

  /* Page 1: new rows into an empty store. */
  for (guint i = 0; i < 60; i++)
    {
      g_ptr_array_add (all, make_numbered (i));
      g_ptr_array_add (page, server_copy (g_ptr_array_index (all, i), 1));
      expect_texts (expected, g_ptr_array_index (all, i));
    }
  g_assert_true (apply_page (f->store, page, NULL, "p1", NULL, &error));
  g_assert_no_error (error);
  assert_search_equals_scan (f->store, expected);

  /* A local edit of row 7, so that the server's change to it becomes a conflict. */
  local = gp_project_copy (g_ptr_array_index (all, 7));
  local->rev = 1;
  g_free (local->intention->name);
  local->intention->name = g_strdup ("本地改名的设备项目");
  save (f->store, local);
  expect_texts (expected, local);

  /* Page 2: renames, a rename to the same text, one row twice, deletions, the conflict, new rows. */
  g_ptr_array_set_size (page, 0);
  for (guint i = 0; i < 20; i++)
    {
      p = server_copy (g_ptr_array_index (all, i), 2);
      if (i != 3)
        {
          g_free (p->intention->name);
          p->intention->name = g_strdup_printf ("新名称%u车辆保养", i);
        }
      g_ptr_array_add (page, p);
      if (i != 7)
        expect_texts (expected, p);
    }
  p = server_copy (g_ptr_array_index (all, 5), 3);
  g_free (p->intention->name);
  p->intention->name = g_strdup ("再次改名的合同");
  g_ptr_array_add (page, p);
  expect_texts (expected, p);
  for (guint i = 40; i < 50; i++)
    {
      g_ptr_array_add (deletions, ((GpProject *) g_ptr_array_index (all, i))->id);
      g_hash_table_remove (expected, ((GpProject *) g_ptr_array_index (all, i))->id);
    }
  g_ptr_array_add (deletions, NULL);
  for (guint i = 60; i < 70; i++)
    {
      g_ptr_array_add (all, make_numbered (i));
      g_ptr_array_add (page, server_copy (g_ptr_array_index (all, i), 1));
      expect_texts (expected, g_ptr_array_index (all, i));
    }
  g_assert_true (apply_page (f->store, page, (const char * const *) deletions->pdata, "p2",
                             &n_conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_conflicts, ==, 1);
  assert_search_equals_scan (f->store, expected);

  /* Page 3 fails at its last project, after a rename and a new row: nothing of it is kept, in the
   * rows or in the search tables. */
  g_ptr_array_set_size (page, 0);
  p = server_copy (g_ptr_array_index (all, 30), 5);
  g_free (p->intention->name);
  p->intention->name = g_strdup ("不该留下的改名");
  g_ptr_array_add (page, p);
  fresh = make_project ("不该留下的新项目", NULL, NULL);
  g_ptr_array_add (page, server_copy (fresh, 1));
  broken = server_copy (g_ptr_array_index (all, 31), 5);
  g_clear_pointer (&broken->id, g_free);
  g_ptr_array_add (page, broken);
  g_assert_false (apply_page (f->store, page, NULL, "p3", NULL, &error));
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_search_equals_scan (f->store, expected);
  {
    g_autoptr(GPtrArray) rows = query (f->store, "不该留下");

    g_assert_cmpuint (rows->len, ==, 0);
  }

  /* After the pages, a plain save keeps the search tables again. */
  p = gp_project_copy (g_ptr_array_index (all, 55));
  g_free (p->intention->name);
  p->intention->name = g_strdup ("保存后改名的车辆");
  save (f->store, p);
  expect_texts (expected, p);
  gp_project_free (p);
  assert_search_equals_scan (f->store, expected);
  assert_listed (f->store, g_hash_table_size (expected));

  /* So does every other local change, and the counter of listed rows follows each: a new project,
   * a synced one deleted here (a tombstone: still in the table, no longer listed or found), its
   * deletion confirmed by the server (the row goes), a new project deleted before it was ever sent,
   * and the conflict resolved with the server's version. */
  {
    g_autoptr(GpProject) created = make_project ("本地新建的绿化项目", NULL, NULL);
    g_autoptr(GpProject) scratch = make_project ("草稿后删除的印刷项目", NULL, NULL);
    g_autoptr(GpProject) theirs = gp_project_copy (g_ptr_array_index (all, 7));
    const char *gone = ((GpProject *) g_ptr_array_index (all, 50))->id;

    save (f->store, created);
    expect_texts (expected, created);
    assert_search_equals_scan (f->store, expected);
    assert_listed (f->store, g_hash_table_size (expected));

    delete_project (f->store, gone);
    g_hash_table_remove (expected, gone);
    assert_search_equals_scan (f->store, expected);
    assert_listed (f->store, g_hash_table_size (expected));
    mark_pushed (f->store, gone, 1, 2);
    g_assert_null (load (f->store, gone, &error));
    g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    assert_search_equals_scan (f->store, expected);
    assert_listed (f->store, g_hash_table_size (expected));

    save (f->store, scratch);
    assert_listed (f->store, g_hash_table_size (expected) + 1);
    delete_project (f->store, scratch->id);
    assert_search_equals_scan (f->store, expected);
    assert_listed (f->store, g_hash_table_size (expected));

    resolve (f->store, local->id, NULL, &error);
    g_assert_no_error (error);
    g_free (theirs->intention->name);
    theirs->intention->name = g_strdup ("新名称7车辆保养");
    expect_texts (expected, theirs);
    assert_search_equals_scan (f->store, expected);
    assert_listed (f->store, g_hash_table_size (expected));
  }

  /* The FTS index agrees with its content table, and the listed-row counter with the rows. */
  store_close (f->store);
  {
    g_autoptr(GpDb) db = gp_db_open (f->path, &error);
    g_autoptr(GpDbStmt) stmt = NULL;

    g_assert_no_error (error);
    g_assert_true (gp_store_search_register (db, NULL, &error));
    g_assert_true (gp_db_exec (db, "INSERT INTO projects_fts (projects_fts) VALUES ('integrity-check');"
                                   "INSERT INTO projects_grams (projects_grams) VALUES ('integrity-check');",
                               &error));
    g_assert_no_error (error);
    stmt = gp_db_prepare (db, "SELECT (SELECT listed FROM projects_count), count(*) FROM projects "
                              "WHERE sync_state <> 3", &error);
    g_assert_no_error (error);
    g_assert_true (gp_db_step_row (stmt, &error));
    g_assert_cmpint (gp_db_column_get_int64 (stmt, 0), ==, gp_db_column_get_int64 (stmt, 1));
    g_assert_cmpint (gp_db_column_get_int64 (stmt, 1), ==, g_hash_table_size (expected));
    g_clear_pointer (&stmt, gp_db_stmt_release);
    gp_db_close (db, NULL);
  }
  g_clear_object (&f->store);
  f->store = gp_store_new (f->path, &error);
  g_assert_no_error (error);
}

/* A database of schema 3 (search and counter kept by triggers) opened by this version: search finds
 * what it found, the counter counts what it counted, and both keep up with changes after. */
static void
test_schema_3_database_keeps_search_and_count (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) texts_free);
  g_autofree char *path = g_build_filename (f->dir, "schema-3.db", NULL);
  g_autoptr(GpStore) store = NULL;
  g_autoptr(GpProject) fresh = make_project ("迁移后新建的设备", NULL, NULL);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GpDb) db = gp_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (gp_store_search_register (db, NULL, &error));
    g_assert_true (gp_db_migrate (db, gp_store_migrations, 3, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < 40; i++)
      {
        g_autoptr(GpProject) p = make_numbered (i);
        g_autofree char *json = gp_project_to_json_string (p, NULL);
        g_autoptr(GpDbStmt) stmt = NULL;
        gboolean tombstone = i % 10 == 9;

        stmt = gp_db_prepare (db, "INSERT INTO projects (id, name, code, summary, sync_state, json) "
                                  "VALUES (?, ?, ?, ?, ?, ?)", &error);
        g_assert_no_error (error);
        gp_db_bind_text (stmt, 1, p->id);
        gp_db_bind_text (stmt, 2, p->intention->name);
        gp_db_bind_text (stmt, 3, p->execution->entrusted->project_code);
        gp_db_bind_text (stmt, 4, p->intention->summary);
        gp_db_bind_int64 (stmt, 5, tombstone ? 3 : 0);
        gp_db_bind_text (stmt, 6, json);
        g_assert_true (gp_db_step_done (stmt, &error));
        if (!tombstone)
          expect_texts (expected, p);
      }
    g_assert_true (gp_db_close (db, &error));
  }

  store = gp_store_new (path, &error);
  g_assert_no_error (error);
  assert_search_equals_scan (store, expected);
  assert_listed (store, g_hash_table_size (expected));

  save (store, fresh);
  expect_texts (expected, fresh);
  assert_search_equals_scan (store, expected);
  assert_listed (store, g_hash_table_size (expected));
  store_close (store);

  {
    g_autoptr(GpDb) db = gp_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (gp_store_search_register (db, NULL, &error));
    g_assert_true (gp_db_exec (db, "INSERT INTO projects_fts (projects_fts) VALUES ('integrity-check');"
                                   "INSERT INTO projects_grams (projects_grams) VALUES ('integrity-check');",
                               &error));
    g_assert_no_error (error);
    gp_db_close (db, NULL);
  }
}

static void
test_search_metacharacters_are_text (Fixture       *f,
                                     gconstpointer  data)
{
  const char *queries[] = {
    "\"", "'", "*", "\"\"\"", "OR", "NOT 设备", "a AND b", "(", ")", "设备\"", "'; DROP TABLE projects; --",
    "NEAR(a b)", "^", "名称:x", "%", "_", "\\", "  ", "\t设备\n",
  };
  SearchSet s;

  add_search_set (f->store, &s);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) rows = query (f->store, queries[i]);

      g_assert_nonnull (rows);
    }

  /* The table is still there. */
  assert_finds_only (f->store, "设备", s.office);
  search_set_clear (&s);
}

/* ------------------------------------------------------------------------------------------------
 * The list model
 */

typedef struct {
  guint n_signals;
  guint last_position;
  guint last_removed;
  guint last_added;
} ChangeLog;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  log->n_signals++;
  log->last_position = position;
  log->last_removed = removed;
  log->last_added = added;
}

static void
wait_loaded (GpProjectListModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* Pending store notifications first, then the refresh they cause. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (gp_project_list_model_get_loading (model))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The row at @position, waiting for its page if needed. */
static GpProjectRow *
get_row (GpProjectListModel *model,
         guint               position)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      GpProjectRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_nonnull (row);
      if (gp_project_row_get_loaded (row))
        return row;
      g_object_unref (row);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static GPtrArray *
make_projects (guint n)
{
  GPtrArray *page = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  static const char *const words[] = { "办公设备", "合同服务", "车辆维修", "印刷", "物业管理" };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %05u", words[i % G_N_ELEMENTS (words)], i);
      GpProject *p = make_project (name, NULL, NULL);

      p->rev = 1;
      p->updated = G_GINT64_CONSTANT (1700000000000000) + (gint64) i * G_USEC_PER_SEC;
      p->intention->budget = (gint64) ((i * 7919) % 1000) * 100;
      if (i % 3 == 0)
        p->stage = GP_STAGE_PLAN;
      g_ptr_array_add (page, p);
    }
  return page;
}

static void
test_list_model_pages_sorts_filters (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GPtrArray) projects = make_projects (450);
  g_autoptr(GpProjectListModel) model = NULL;
  g_autoptr(GpStoreQuery) q = gp_store_query_new ();
  g_autoptr(GpProject) extra = make_project ("新增 设备", NULL, NULL);
  g_autoptr(GError) error = NULL;
  ChangeLog log = { 0 };
  GpProjectRow *row;

  g_assert_true (apply_page (f->store, projects, NULL, "c", NULL, &error));

  model = gp_project_list_model_new (f->store);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 450);
  g_assert_cmpuint (log.n_signals, >=, 1);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (model)), ==, GP_TYPE_PROJECT_ROW);

  /* Newest first by default. */
  row = get_row (model, 0);
  g_assert_cmpstr (gp_project_row_get_id (row), ==, ((GpProject *) projects->pdata[449])->id);
  g_object_unref (row);
  row = get_row (model, 449);
  g_assert_cmpstr (gp_project_row_get_id (row), ==, ((GpProject *) projects->pdata[0])->id);
  g_object_unref (row);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 450));

  /* By budget, ascending: each row's budget ≥ the previous one. */
  q->sort = GP_STORE_SORT_BUDGET;
  q->descending = FALSE;
  gp_project_list_model_set_query (model, q);
  wait_loaded (model);
  {
    gint64 prev = -1;

    for (guint i = 0; i < 450; i++)
      {
        row = get_row (model, i);
        g_assert_cmpint (gp_project_row_get_budget (row), >=, prev);
        prev = gp_project_row_get_budget (row);
        g_object_unref (row);
      }
  }

  /* Filter by stage: every third project is in the plan stage. */
  q->stage = GP_STAGE_PLAN;
  gp_project_list_model_set_query (model, q);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 150);
  row = get_row (model, 149);
  g_assert_cmpint (gp_project_row_get_stage (row), ==, GP_STAGE_PLAN);
  g_object_unref (row);

  /* Text and stage together. */
  q->text = g_strdup ("设备");
  gp_project_list_model_set_query (model, q);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);

  /* A new matching project shows up with items-changed (it is not in the plan stage: drop that
   * filter first). */
  q->stage = -1;
  gp_project_list_model_set_query (model, q);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 90);
  log.n_signals = 0;
  save (f->store, extra);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 91);
  g_assert_cmpuint (log.n_signals, >=, 1);
  g_assert_cmpuint (log.last_added - log.last_removed, ==, 1);

  /* An edit that keeps the count changes just that row. */
  g_free (extra->intention->name);
  extra->intention->name = g_strdup ("新增 设备（改）");
  log.n_signals = 0;
  save (f->store, extra);
  wait_loaded (model);
  g_assert_cmpuint (log.n_signals, ==, 1);
  g_assert_cmpuint (log.last_removed, ==, 1);
  g_assert_cmpuint (log.last_added, ==, 1);
  row = get_row (model, log.last_position);
  g_assert_cmpstr (gp_project_row_get_name (row), ==, "新增 设备（改）");
  g_object_unref (row);

  g_signal_handlers_disconnect_by_data (model, &log);
  g_assert_finalize_object (g_steal_pointer (&model));
}

static void
test_list_model_pages_through_10000 (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GPtrArray) projects = make_projects (10000);
  g_autoptr(GpProjectListModel) model = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  gint64 prev = G_MAXINT64;

  g_assert_true (apply_page (f->store, projects, NULL, "c", NULL, &error));
  g_assert_no_error (error);

  model = gp_project_list_model_new (f->store);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);

  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(GpProjectRow) row = get_row (model, i);

      g_assert_cmpint (gp_project_row_get_updated (row), <, prev);
      prev = gp_project_row_get_updated (row);
      g_assert_true (g_hash_table_add (seen, g_strdup (gp_project_row_get_id (row))));
      /* Only a few pages stay in memory. */
      g_assert_cmpuint (gp_project_list_model_get_n_cached_pages (model), <=,
                        GP_PROJECT_LIST_MODEL_MAX_PAGES);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10000);

  g_assert_finalize_object (g_steal_pointer (&model));
}

/* ------------------------------------------------------------------------------------------------
 * Autosave
 */

static void
saved_cb (GpAutosave *autosave,
          const char *id,
          gint64      version,
          guint      *n_saved)
{
  (*n_saved)++;
}

static void
test_autosave_debounces_and_flushes (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GpAutosave) autosave = gp_autosave_new (f->store);
  g_autoptr(GpProject) p = make_project ("自动保存", NULL, NULL);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start, deadline;
  guint n_saved = 0;

  g_signal_connect (autosave, "saved", G_CALLBACK (saved_cb), &n_saved);

  /* Typing without pause for 1.5 s: saved within a second of the first keystroke. */
  start = g_get_monotonic_time ();
  while (n_saved == 0)
    {
      g_autofree char *name = g_strdup_printf ("自动保存 %" G_GINT64_FORMAT, g_get_monotonic_time ());

      g_free (p->intention->name);
      p->intention->name = g_steal_pointer (&name);
      gp_autosave_changed (autosave, p);
      g_assert_true (gp_autosave_get_pending (autosave));
      g_usleep (20000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);
    }

  /* A burst of edits makes one save of the last one. */
  n_saved = 0;
  for (guint i = 0; i < 10; i++)
    {
      g_free (p->intention->name);
      p->intention->name = g_strdup_printf ("版本 %u", i);
      gp_autosave_changed (autosave, p);
    }
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gp_autosave_get_pending (autosave) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gp_autosave_get_pending (autosave));
  g_assert_cmpuint (n_saved, ==, 1);
  stored = load (f->store, p->id, &error);
  g_assert_cmpstr (stored->project->intention->name, ==, "版本 9");
  g_clear_pointer (&stored, gp_stored_project_free);

  /* Closing the window: flush writes what is waiting at once. */
  g_free (p->intention->name);
  p->intention->name = g_strdup ("关闭前");
  gp_autosave_changed (autosave, p);
  gp_autosave_flush_async (autosave, NULL, result_cb, &result);
  gp_autosave_flush_finish (autosave, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result); /* the task holds the autosave */
  stored = load (f->store, p->id, &error);
  g_assert_cmpstr (stored->project->intention->name, ==, "关闭前");
  g_clear_pointer (&stored, gp_stored_project_free);

  /* Dropping the autosave with an edit waiting saves it too. */
  g_free (p->intention->name);
  p->intention->name = g_strdup ("最后一次");
  gp_autosave_changed (autosave, p);
  g_signal_handlers_disconnect_by_data (autosave, &n_saved);
  g_assert_finalize_object (g_steal_pointer (&autosave));
  stored = load (f->store, p->id, &error);
  g_assert_cmpstr (stored->project->intention->name, ==, "最后一次");
}

static void
test_reopen_keeps_data_and_schema (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GpProject) p = make_project ("重开", NULL, NULL);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;

  save (f->store, p);
  store_close (f->store);
  g_assert_finalize_object (f->store);

  db = gp_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (gp_db_integrity_check (db, &error));
  mode = gp_db_dup_journal_mode (db, &error);
  g_assert_cmpstr (mode, ==, "wal");
  gp_db_close (db, NULL);

  f->store = gp_store_new (f->path, &error);
  g_assert_no_error (error);
  stored = load (f->store, p->id, &error);
  g_assert_no_error (error);
  g_assert_true (gp_project_equal (stored->project, p));

  /* After shutdown, calls fail cleanly. */
  gp_store_shutdown (f->store);
  g_clear_pointer (&stored, gp_stored_project_free);
  stored = load (f->store, p->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_CLOSED);
}

static void
test_registry_page_and_cursor (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_registry_entry_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  g_ptr_array_add (entries, gp_registry_entry_new ("s1", "广州某某科技有限公司", "91440101MA5ABCDE1X", "{}"));
  g_ptr_array_add (entries, gp_registry_entry_new ("s2", "深圳某某设备有限公司", "91440300MA5ABCDE2Y", "{}"));
  gp_store_apply_registry_page_async (f->store, "supplier", entries, NULL, "r1", NULL,
                                      result_cb, &result);
  gp_store_apply_registry_page_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  cursor = get_cursor (f->store, "registry/supplier");
  g_assert_cmpstr (cursor, ==, "r1");

  gp_store_query_registry_async (f->store, "supplier", "设备", 10, NULL, result_cb, &result);
  found = gp_store_query_registry_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((GpRegistryEntry *) found->pdata[0])->id, ==, "s2");
  g_clear_object (&result);
  g_clear_pointer (&found, g_ptr_array_unref);

  gp_store_query_registry_async (f->store, "supplier", "91440101", 10, NULL, result_cb, &result);
  found = gp_store_query_registry_finish (f->store, wait_result (&result), &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((GpRegistryEntry *) found->pdata[0])->id, ==, "s1");
}

static void
test_cancelled_call_does_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GpProject) p = make_project ("取消", NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  gp_store_save_project_async (f->store, p, cancellable, result_cb, &result);
  g_assert_false (gp_store_save_project_finish (f->store, wait_result (&result), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  stored = load (f->store, p->id, &error);
  g_assert_error (error, GP_STORE_ERROR, GP_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/store/path/sanitises-server-and-account-names", test_path_sanitises_names);
  ADD ("/store/project/save-and-load-round-trip-through-the-codec", test_save_load_round_trip);
  ADD ("/store/project/sync-states-created-modified-synced-deleted", test_sync_states);
  ADD ("/store/project/cancelled-save-writes-nothing", test_cancelled_call_does_nothing);
  ADD ("/store/project/reopen-keeps-data-and-wal", test_reopen_keeps_data_and_schema);
  ADD ("/store/outbox/keeps-order-and-states", test_outbox_order_and_states);
  ADD ("/store/feed/page-and-cursor-are-one-transaction", test_feed_page_and_cursor_are_one_transaction);
  ADD ("/store/feed/conflict-keeps-both-versions", test_conflict_keeps_both_versions);
  ADD ("/store/feed/search-after-pages-matches-the-rows", test_feed_page_search_matches_rows);
  ADD ("/store/search/schema-3-database-keeps-search-and-count", test_schema_3_database_keeps_search_and_count);
  ADD ("/store/registry/page-and-cursor-then-lookup", test_registry_page_and_cursor);
  ADD ("/store/search/three-or-more-characters-use-trigrams", test_search_three_or_more_characters);
  ADD ("/store/search/one-and-two-characters-find-chinese-words", test_search_one_and_two_characters);
  ADD ("/store/search/query-metacharacters-are-plain-text", test_search_metacharacters_are_text);
  ADD ("/store/list-model/pages-sorts-filters-and-signals-changes", test_list_model_pages_sorts_filters);
  ADD ("/store/list-model/pages-through-10000-projects", test_list_model_pages_through_10000);
  ADD ("/store/autosave/saves-within-a-second-and-on-close", test_autosave_debounces_and_flushes);

  return g_test_run ();
}
