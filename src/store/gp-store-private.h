/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-store-private.h: what the store's own classes share (row construction, page loading, search).
 */
#pragma once

#include "gp-db.h"
#include "gp-project-row.h"
#include "gp-store.h"

G_BEGIN_DECLS

GpProjectRow *gp_project_row_new_placeholder (void);
GpProjectRow *gp_project_row_new_from_stmt   (GpDbStmt *stmt);

/* The columns gp_project_row_new_from_stmt() reads, in order, from table alias p. */
#define GP_PROJECT_ROW_COLUMNS \
  "p.id, p.name, p.code, p.stage, p.state, p.budget_fen, p.contract_fen, p.next_deadline, " \
  "p.updated, p.sync_state, p.conflict_json IS NOT NULL"

/* The result of gp_store_load_pages_async(). */
typedef struct {
  guint      count;       /* rows matching the query (a lower bound if !count_exact) */
  gboolean   count_exact;
  guint      total;       /* listed rows in the store, unfiltered */
  GPtrArray *pages;       /* GPtrArray* of GpProjectRow*, one per requested page index */
  gint64     elapsed_us;  /* time spent on the store's thread */
} GpStorePageSet;

void            gp_store_page_set_free        (GpStorePageSet *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpStorePageSet, gp_store_page_set_free)

/* Counts the rows of @query (unless @known_count is not G_MAXUINT) and loads the pages
 * @page_indices (of @page_size rows each), in one job on the store's thread. With @may_estimate a
 * search with very many matches is counted only up to a cap (count_exact FALSE in the result: ask
 * again without it for the exact count), and a @known_count may be such a lower bound. */
void            gp_store_load_pages_async     (GpStore            *self,
                                               const GpStoreQuery *query,
                                               guint               known_count,
                                               gboolean            may_estimate,
                                               const guint        *page_indices,
                                               guint               n_pages,
                                               guint               page_size,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
GpStorePageSet *gp_store_load_pages_finish    (GpStore            *self,
                                               GAsyncResult       *result,
                                               GError            **error);

/* Search helpers (gp-store-search.c). */
/* Registers gp_grams() and gp_search_live(); the latter answers !*@deferred (always 1 if NULL). */
gboolean        gp_store_search_register      (GpDb               *db,
                                               const gboolean     *deferred,
                                               GError            **error);
/* Splits @text into the two FTS5 query strings; either may come back NULL (no such words). */
/* Also gives the words themselves, '\n' separated, for gp_search_match(). */
void            gp_store_search_split         (const char         *text,
                                               char              **out_trigram_match,
                                               char              **out_gram_match,
                                               char              **out_trigram_words,
                                               char              **out_gram_words);
/* The distinct 1- and 2-character grams of @text, space separated (what gp_grams() computes). */
/* TRUE if @words (NULL allowed) have no letters with case beyond ASCII: gp_search_match() can decide
 * every row for them (the cheap probe). */
gboolean        gp_store_search_words_are_plain (const char       *words);
char           *gp_store_search_grams         (const char * const *texts,
                                               guint               n_texts);
/* The same, appended to @out (after a space if @out is not empty). */
void            gp_store_search_grams_append  (GString            *out,
                                               const char * const *texts,
                                               guint               n_texts);

G_END_DECLS
