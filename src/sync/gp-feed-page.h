/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-feed-page.h: reads a page of the change feed from its JSON text without building a JSON tree.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GpFeedItem:
 * @id: the project's id
 * @deleted: whether the item says `"deleted": true`
 * @project: (nullable): the JSON text of the item's `project` member, pointing into the page's
 *   text (not NUL-terminated), or %NULL when the item has none
 * @project_len: its length in bytes
 */
typedef struct {
  char       *id;
  gboolean    deleted;
  const char *project;
  gsize       project_len;
} GpFeedItem;

/**
 * GpFeedPage:
 * @items: (element-type GpFeedItem): the items of the page, in order
 * @next: the cursor after this page
 * @more: whether the server has more after @next
 */
typedef struct {
  GArray   *items;
  char     *next;
  gboolean  more;
} GpFeedPage;

void        gp_feed_page_free  (GpFeedPage  *page);
GpFeedPage *gp_feed_page_parse (const char  *data,
                                gsize        len,
                                const char  *member,
                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpFeedPage, gp_feed_page_free)

G_END_DECLS
