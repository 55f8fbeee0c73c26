/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-list-model.c: GpProjectListModel, a lazy list of projects. Sorting and filtering happen
 * in SQL; the model keeps a few pages of rows (LRU) and nothing else, so a million projects cost what
 * the rows on screen cost.
 *
 * Pages are loaded on the store's thread, never on the main thread: a page deep in a large filtered
 * list can take tens of milliseconds at 1,000,000 rows (OFFSET walks the index), far above a frame.
 * get_item() on a page not in memory returns a placeholder row (loaded = FALSE) and queues the page;
 * when it arrives the model emits items-changed for it and the view asks again.
 *
 * A search with very many matches (a code prefix in every row, a common character) is first counted
 * only up to a cap, so that the first page is there within a keystroke; n-items is then that lower
 * bound and count-exact FALSE, and a second job counts exactly and extends the list at its end
 * (items-changed after the rows on screen). Another query cancels it.
 */
#include "config.h"

#include "gp-project-list-model.h"
#include "gp-store-private.h"

typedef struct {
  GPtrArray *rows;  /* GpProjectRow* */
  guint64    used;  /* LRU clock */
} Page;

struct _GpProjectListModel {
  GObject        parent_instance;

  /* Owned references */
  GpStore       *store;
  GpStoreQuery  *query;
  GCancellable  *cancellable;
  GCancellable  *count_cancellable;  /* the exact count after an estimate, or NULL */
  GHashTable    *pages;     /* page index → Page* */
  GHashTable    *loading;   /* page indices being loaded in this generation */
  GHashTable    *wanted;    /* page indices asked for during a refresh */

  guint          n_items;
  gboolean       count_exact;
  guint64        generation;
  guint64        clock;
  gulong         changed_id;
  gboolean       refreshing;
  gboolean       refresh_again;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GpProjectListModel, gp_project_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_COUNT_EXACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  GpProjectListModel *self;
  guint64             generation;
  guint              *indices;
  guint               n_indices;
} LoadData;

static void
load_data_free (LoadData *d)
{
  g_object_unref (d->self);
  g_free (d->indices);
  g_free (d);
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->rows);
  g_free (page);
}

#define PAGE_SIZE GP_PROJECT_LIST_MODEL_PAGE_SIZE

static guint
page_len (GpProjectListModel *self,
          guint               index)
{
  guint64 start = (guint64) index * PAGE_SIZE;

  if (start >= self->n_items)
    return 0;
  return (guint) MIN ((guint64) PAGE_SIZE, self->n_items - start);
}

static void
evict_pages (GpProjectListModel *self,
             guint               keep)
{
  while (g_hash_table_size (self->pages) > GP_PROJECT_LIST_MODEL_MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (GPOINTER_TO_UINT (key) != keep && page->used < oldest)
            {
              oldest = page->used;
              oldest_key = key;
            }
        }
      g_hash_table_remove (self->pages, oldest_key);
    }
}

static void refresh (GpProjectListModel *self);

static void
cancel_exact_count (GpProjectListModel *self)
{
  if (self->count_cancellable != NULL)
    {
      g_cancellable_cancel (self->count_cancellable);
      g_clear_object (&self->count_cancellable);
    }
}

static void
exact_count_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadData *d = user_data;
  GpProjectListModel *self = d->self;
  g_autoptr(GpStorePageSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint old_n, new_n, common;

  set = gp_store_load_pages_finish (GP_STORE (source), result, &error);

  if (d->generation != self->generation || self->refreshing || set == NULL)
    {
      if (set == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count the project list: %s", error->message);
      load_data_free (d);
      return;
    }

  g_clear_object (&self->count_cancellable);
  old_n = self->n_items;
  new_n = set->count;
  common = MIN (old_n, new_n);
  self->n_items = new_n;
  self->count_exact = TRUE;
  if (old_n != new_n)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), common, old_n - common, new_n - common);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_EXACT]);
  load_data_free (d);
}

static void
start_exact_count (GpProjectListModel *self)
{
  LoadData *d;

  cancel_exact_count (self);
  self->count_cancellable = g_cancellable_new ();
  d = g_new0 (LoadData, 1);
  d->self = g_object_ref (self);
  d->generation = self->generation;
  gp_store_load_pages_async (self->store, self->query, G_MAXUINT, FALSE, NULL, 0, 1,
                             self->count_cancellable, exact_count_cb, d);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LoadData *d = user_data;
  GpProjectListModel *self = d->self;
  g_autoptr(GpStorePageSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint index = d->indices[0];
  Page *page;
  guint len;

  set = gp_store_load_pages_finish (GP_STORE (source), result, &error);

  if (d->generation != self->generation)
    goto out;

  g_hash_table_remove (self->loading, GUINT_TO_POINTER (index));

  if (set == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot load projects %u–%u: %s",
                   index * PAGE_SIZE, (index + 1) * PAGE_SIZE, error->message);
      goto out;
    }

  page = g_new0 (Page, 1);
  page->rows = g_ptr_array_ref (g_ptr_array_index (set->pages, 0));
  page->used = ++self->clock;
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (index), page);
  evict_pages (self, index);

  len = page_len (self, index);
  if (len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), index * PAGE_SIZE, len, len);

out:
  load_data_free (d);
}

static void
request_page (GpProjectListModel *self,
              guint               index)
{
  LoadData *d;

  if (self->refreshing)
    {
      g_hash_table_add (self->wanted, GUINT_TO_POINTER (index));
      return;
    }

  if (!g_hash_table_add (self->loading, GUINT_TO_POINTER (index)))
    return;

  d = g_new0 (LoadData, 1);
  d->self = g_object_ref (self);
  d->generation = self->generation;
  d->indices = g_new (guint, 1);
  d->indices[0] = index;
  d->n_indices = 1;
  gp_store_load_pages_async (self->store, self->query, self->n_items, !self->count_exact,
                             d->indices, 1, PAGE_SIZE, self->cancellable, page_loaded_cb, d);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The first position in @index whose row differs between @old and @fresh, or G_MAXUINT. */
static guint
first_difference (GPtrArray *old,
                  GPtrArray *fresh,
                  guint     *last)
{
  guint first = G_MAXUINT;
  guint n = MAX (old->len, fresh->len);

  *last = 0;
  for (guint i = 0; i < n; i++)
    {
      if (i >= old->len || i >= fresh->len ||
          !gp_project_row_equal (g_ptr_array_index (old, i), g_ptr_array_index (fresh, i)))
        {
          if (first == G_MAXUINT)
            first = i;
          *last = i;
        }
    }
  return first;
}

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  LoadData *d = user_data;
  GpProjectListModel *self = d->self;
  g_autoptr(GpStorePageSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) old_pages = NULL;
  g_autoptr(GArray) changes = NULL;
  guint old_n, new_n;
  guint prefix = 0;
  gboolean prefix_open = TRUE;

  set = gp_store_load_pages_finish (GP_STORE (source), result, &error);
  self->refreshing = FALSE;

  if (d->generation != self->generation)
    {
      /* The query changed meanwhile: start over with the new one. */
      self->refresh_again = FALSE;
      load_data_free (d);
      refresh (self);
      return;
    }

  if (set == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot load the project list: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      load_data_free (d);
      return;
    }

  old_n = self->n_items;
  new_n = set->count;
  if (self->count_exact != set->count_exact)
    {
      self->count_exact = set->count_exact;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_EXACT]);
    }
  old_pages = g_steal_pointer (&self->pages);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->n_items = new_n;
  changes = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

  for (guint i = 0; i < d->n_indices; i++)
    {
      guint index = d->indices[i];
      GPtrArray *fresh = g_ptr_array_index (set->pages, i);
      Page *old = g_hash_table_lookup (old_pages, GUINT_TO_POINTER (index));
      Page *page = g_new0 (Page, 1);
      guint first, last;

      page->rows = g_ptr_array_ref (fresh);
      page->used = old ? old->used : ++self->clock;
      g_hash_table_replace (self->pages, GUINT_TO_POINTER (index), page);

      if (old != NULL)
        first = first_difference (old->rows, fresh, &last);
      else
        {
          first = 0;
          last = PAGE_SIZE - 1;
        }

      /* The unchanged prefix of the list, as far as the cached pages show it. */
      if (prefix_open)
        {
          if (index * PAGE_SIZE != prefix || old == NULL)
            prefix_open = FALSE;
          else if (first != G_MAXUINT)
            {
              prefix += first;
              prefix_open = FALSE;
            }
          else
            prefix += fresh->len;
          if (fresh->len < PAGE_SIZE)
            prefix_open = FALSE;
        }

      if (first != G_MAXUINT)
        {
          guint range[2] = { index * PAGE_SIZE + first, index * PAGE_SIZE + last };

          g_array_append_vals (changes, range, 1);
        }
    }

  if (old_n != new_n)
    {
      /* Rows were added or removed somewhere after the unchanged prefix. */
      prefix = MIN (prefix, MIN (old_n, new_n));
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix, new_n - prefix);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  else
    {
      for (guint i = 0; i < changes->len; i++)
        {
          guint *range = &g_array_index (changes, guint, i * 2);
          guint first = range[0];
          guint last = MIN (range[1], new_n > 0 ? new_n - 1 : 0);

          if (first < new_n && last >= first)
            g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  load_data_free (d);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh (self);
      return;
    }

  if (!self->count_exact)
    start_exact_count (self);

  /* Pages the view asked for while the count was being made. */
  {
    g_autoptr(GList) wanted = g_hash_table_get_keys (self->wanted);

    g_hash_table_remove_all (self->wanted);
    for (GList *l = wanted; l != NULL; l = l->next)
      {
        guint index = GPOINTER_TO_UINT (l->data);

        if (!g_hash_table_contains (self->pages, l->data) && page_len (self, index) > 0)
          request_page (self, index);
      }
  }
}

static void
refresh (GpProjectListModel *self)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  LoadData *d;
  guint zero = 0;

  if (self->store == NULL)
    return;

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  /* Page loads still in flight belong to the old state, and so does an exact count. */
  g_hash_table_remove_all (self->loading);
  cancel_exact_count (self);

  g_array_append_val (indices, zero);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint index = GPOINTER_TO_UINT (key);

      if (index != 0)
        g_array_append_val (indices, index);
    }
  g_array_sort (indices, compare_uint);

  self->refreshing = TRUE;
  d = g_new0 (LoadData, 1);
  d->self = g_object_ref (self);
  d->generation = self->generation;
  d->n_indices = indices->len;
  d->indices = (guint *) g_array_free (g_steal_pointer (&indices), FALSE);
  gp_store_load_pages_async (self->store, self->query, G_MAXUINT, TRUE, d->indices, d->n_indices,
                             PAGE_SIZE, self->cancellable, refresh_cb, d);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
projects_changed_cb (GpProjectListModel *self,
                     GpStore            *store)
{
  refresh (self);
}

static GType
gp_project_list_model_get_item_type (GListModel *model)
{
  return GP_TYPE_PROJECT_ROW;
}

static guint
gp_project_list_model_get_n_items (GListModel *model)
{
  return GP_PROJECT_LIST_MODEL (model)->n_items;
}

static gpointer
gp_project_list_model_get_item (GListModel *model,
                                guint       position)
{
  GpProjectListModel *self = GP_PROJECT_LIST_MODEL (model);
  guint index;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  index = position / PAGE_SIZE;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      page->used = ++self->clock;
      if (position % PAGE_SIZE < page->rows->len)
        return g_object_ref (g_ptr_array_index (page->rows, position % PAGE_SIZE));
      /* The page is shorter than the count (a change is on its way): a placeholder until then. */
      return gp_project_row_new_placeholder ();
    }

  request_page (self, index);
  return gp_project_row_new_placeholder ();
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gp_project_list_model_get_item_type;
  iface->get_n_items = gp_project_list_model_get_n_items;
  iface->get_item = gp_project_list_model_get_item;
}

static void
gp_project_list_model_set_store (GpProjectListModel *self,
                                 GpStore            *store)
{
  g_assert (self->store == NULL);

  if (store == NULL)
    return;

  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect_object (store, "projects-changed",
                                              G_CALLBACK (projects_changed_cb), self,
                                              G_CONNECT_SWAPPED);
}

static void
gp_project_list_model_constructed (GObject *object)
{
  GpProjectListModel *self = (GpProjectListModel *) object;

  G_OBJECT_CLASS (gp_project_list_model_parent_class)->constructed (object);

  refresh (self);
}

static void
gp_project_list_model_dispose (GObject *object)
{
  GpProjectListModel *self = (GpProjectListModel *) object;

  g_cancellable_cancel (self->cancellable);
  cancel_exact_count (self);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->pages);

  G_OBJECT_CLASS (gp_project_list_model_parent_class)->dispose (object);
}

static void
gp_project_list_model_finalize (GObject *object)
{
  GpProjectListModel *self = (GpProjectListModel *) object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->query, gp_store_query_free);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->loading, g_hash_table_unref);
  g_clear_pointer (&self->wanted, g_hash_table_unref);

  G_OBJECT_CLASS (gp_project_list_model_parent_class)->finalize (object);
}

static void
gp_project_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GpProjectListModel *self = GP_PROJECT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUERY:
      g_value_set_boxed (value, self->query);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->refreshing);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    case PROP_COUNT_EXACT:
      g_value_set_boolean (value, self->count_exact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_project_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GpProjectListModel *self = GP_PROJECT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      gp_project_list_model_set_store (self, g_value_get_object (value));
      break;
    case PROP_QUERY:
      gp_project_list_model_set_query (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_project_list_model_class_init (GpProjectListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gp_project_list_model_constructed;
  object_class->dispose = gp_project_list_model_dispose;
  object_class->finalize = gp_project_list_model_finalize;
  object_class->get_property = gp_project_list_model_get_property;
  object_class->set_property = gp_project_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         GP_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_boxed ("query", NULL, NULL,
                        GP_TYPE_STORE_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GpProjectListModel:count-exact:
   *
   * FALSE while n-items is a lower bound: a search with very many matches was counted up to a cap
   * so that its first page came at once; the exact count follows and extends the list.
   */
  properties[PROP_COUNT_EXACT] =
    g_param_spec_boolean ("count-exact", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gp_project_list_model_init (GpProjectListModel *self)
{
  self->query = gp_store_query_new ();
  self->cancellable = g_cancellable_new ();
  self->count_exact = TRUE;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->loading = g_hash_table_new (NULL, NULL);
  self->wanted = g_hash_table_new (NULL, NULL);
}

GpProjectListModel *
gp_project_list_model_new (GpStore *store)
{
  g_return_val_if_fail (GP_IS_STORE (store), NULL);

  return g_object_new (GP_TYPE_PROJECT_LIST_MODEL, "store", store, NULL);
}

GpStore *
gp_project_list_model_get_store (GpProjectListModel *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_MODEL (self), NULL);

  return self->store;
}

const GpStoreQuery *
gp_project_list_model_get_query (GpProjectListModel *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_MODEL (self), NULL);

  return self->query;
}

void
gp_project_list_model_set_query (GpProjectListModel *self,
                                 const GpStoreQuery *query)
{
  g_autoptr(GpStoreQuery) fresh = NULL;

  g_return_if_fail (GP_IS_PROJECT_LIST_MODEL (self));

  fresh = query ? gp_store_query_copy (query) : gp_store_query_new ();
  if (gp_store_query_equal (self->query, fresh))
    return;

  gp_store_query_free (self->query);
  self->query = g_steal_pointer (&fresh);

  /* Another order or filter: nothing cached is valid any more. */
  self->generation++;
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->loading);
  g_hash_table_remove_all (self->wanted);

  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

gboolean
gp_project_list_model_get_count_exact (GpProjectListModel *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_MODEL (self), TRUE);

  return self->count_exact;
}

gboolean
gp_project_list_model_get_loading (GpProjectListModel *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_MODEL (self), FALSE);

  return self->refreshing;
}

void
gp_project_list_model_refresh (GpProjectListModel *self)
{
  g_return_if_fail (GP_IS_PROJECT_LIST_MODEL (self));

  refresh (self);
}

guint
gp_project_list_model_get_n_cached_pages (GpProjectListModel *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}
