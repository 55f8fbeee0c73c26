/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-feed-page.c: reads a page of the change feed from its JSON text without building a JSON tree.
 *
 * A page is `{MEMBER: [{"id": "…", "deleted": false, "project": {…}, …}, …], "next": "…",
 * "more": true}` (docs/api.md). Building a json-glib tree of it and decoding the tree cost more
 * than everything else in an initial sync on the engine's side; here the envelope is read strictly
 * (RFC 8259 syntax, no comments, no trailing data, bounded nesting) and each project is left as
 * the span of text it came in, for the codec's own text decoder (gp_project_from_json_string()),
 * which checks it as strictly as ever. Members this version does not know are skipped.
 */
#include "config.h"

#include <string.h>

#include "gp-feed-page.h"
#include "gp-sync-error.h"

#define MAX_DEPTH 64

typedef struct {
  const char *p;
  const char *end;
  const char *problem;
} Reader;

static gboolean
fail (Reader     *r,
      const char *problem)
{
  if (r->problem == NULL)
    r->problem = problem;
  return FALSE;
}

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
expect (Reader *r,
        char    c)
{
  skip_ws (r);
  if (r->p >= r->end || *r->p != c)
    return fail (r, "unexpected character");
  r->p++;
  return TRUE;
}

/* Skips `,` and answers TRUE if there is one, or answers FALSE before @close. */
static gboolean
next_element (Reader   *r,
              char      close,
              gboolean  first,
              gboolean *done)
{
  skip_ws (r);
  *done = FALSE;
  if (r->p < r->end && *r->p == close)
    {
      r->p++;
      *done = TRUE;
      return TRUE;
    }
  if (first)
    return TRUE;
  if (r->p < r->end && *r->p == ',')
    {
      r->p++;
      return TRUE;
    }
  return fail (r, "expected , or the end of a list");
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *out)
{
  *out = 0;
  if (r->end - r->p < 4)
    return fail (r, "short \\u escape");
  for (guint i = 0; i < 4; i++)
    {
      int v = hex_value (r->p[i]);

      if (v < 0)
        return fail (r, "bad \\u escape");
      *out = (*out << 4) | (gunichar) v;
    }
  r->p += 4;
  return TRUE;
}

/* Reads a string (the reader is at its opening quote). With @out, its decoded value is appended;
 * without, it is only checked. Bytes other than escapes are copied as they are: the caller
 * validates UTF-8 where it keeps a value. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  skip_ws (r);
  if (r->p >= r->end || *r->p != '"')
    return fail (r, "expected a string");
  r->p++;

  while (r->p < r->end)
    {
      const char *run = r->p;
      guchar c;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (out != NULL)
        g_string_append_len (out, run, r->p - run);
      if (r->p >= r->end)
        break;

      c = (guchar) *r->p++;
      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return fail (r, "control character in a string");

      /* A backslash. */
      if (r->p >= r->end)
        break;
      c = (guchar) *r->p++;
      switch (c)
        {
        case '"': case '\\': case '/':
          if (out != NULL)
            g_string_append_c (out, (char) c);
          break;
        case 'b': if (out != NULL) g_string_append_c (out, '\b'); break;
        case 'f': if (out != NULL) g_string_append_c (out, '\f'); break;
        case 'n': if (out != NULL) g_string_append_c (out, '\n'); break;
        case 'r': if (out != NULL) g_string_append_c (out, '\r'); break;
        case 't': if (out != NULL) g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar u, low;

            if (!read_hex4 (r, &u))
              return FALSE;
            if (u >= 0xdc00 && u <= 0xdfff)
              return fail (r, "lone low surrogate");
            if (u >= 0xd800 && u <= 0xdbff)
              {
                if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                  return fail (r, "lone high surrogate");
                r->p += 2;
                if (!read_hex4 (r, &low))
                  return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                  return fail (r, "bad surrogate pair");
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            if (u == 0)
              return fail (r, "NUL in a string");
            if (out != NULL)
              g_string_append_unichar (out, u);
          }
          break;
        default:
          return fail (r, "bad escape");
        }
    }

  return fail (r, "unterminated string");
}

/* A string value as a new UTF-8 string, or NULL. */
static char *
dup_string (Reader *r)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (!read_string (r, s))
    return NULL;
  if (!g_utf8_validate_len (s->str, s->len, NULL))
    {
      fail (r, "invalid UTF-8");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Reads an object key and the colon after it; *@which is its index in @keys (NULL-terminated), or
 * -1. Keys are compared as decoded text. */
static gboolean
read_key (Reader            *r,
          const char * const keys[],
          int               *which)
{
  g_autoptr(GString) key = g_string_sized_new (16);

  *which = -1;
  if (!read_string (r, key))
    return FALSE;
  for (int i = 0; keys[i] != NULL; i++)
    if (strlen (keys[i]) == key->len && memcmp (keys[i], key->str, key->len) == 0)
      {
        *which = i;
        break;
      }
  return expect (r, ':');
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return fail (r, "unexpected word");
  r->p += n;
  return TRUE;
}

static gboolean
skip_digits (Reader *r)
{
  const char *start = r->p;

  while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
    r->p++;
  return r->p > start || fail (r, "expected a digit");
}

static gboolean
skip_number (Reader *r)
{
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p < r->end && *r->p == '0')
    r->p++;
  else if (!skip_digits (r))
    return FALSE;
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      if (!skip_digits (r))
        return FALSE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!skip_digits (r))
        return FALSE;
    }
  return TRUE;
}

/* Skips any JSON value. */
static gboolean
skip_value (Reader *r,
            guint   depth)
{
  gboolean done = FALSE;

  skip_ws (r);
  if (r->p >= r->end)
    return fail (r, "expected a value");
  if (depth > MAX_DEPTH)
    return fail (r, "nested too deeply");

  switch (*r->p)
    {
    case '"':
      return read_string (r, NULL);
    case 't':
      return read_literal (r, "true");
    case 'f':
      return read_literal (r, "false");
    case 'n':
      return read_literal (r, "null");
    case '[':
      r->p++;
      for (gboolean first = TRUE;; first = FALSE)
        {
          if (!next_element (r, ']', first, &done))
            return FALSE;
          if (done)
            return TRUE;
          if (!skip_value (r, depth + 1))
            return FALSE;
        }
    case '{':
      r->p++;
      for (gboolean first = TRUE;; first = FALSE)
        {
          if (!next_element (r, '}', first, &done))
            return FALSE;
          if (done)
            return TRUE;
          if (!read_string (r, NULL) || !expect (r, ':') || !skip_value (r, depth + 1))
            return FALSE;
        }
    default:
      if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
        return skip_number (r);
      return fail (r, "expected a value");
    }
}

/* A boolean value; anything else counts as FALSE (and is skipped), as a missing member does. */
static gboolean
read_flag (Reader   *r,
           gboolean *out)
{
  skip_ws (r);
  *out = FALSE;
  if (r->p < r->end && *r->p == 't')
    {
      *out = TRUE;
      return read_literal (r, "true");
    }
  return skip_value (r, 1);
}

static void
feed_item_clear (gpointer data)
{
  GpFeedItem *item = data;

  g_clear_pointer (&item->id, g_free);
}

static gboolean
read_item (Reader     *r,
           GpFeedItem *item)
{
  static const char * const keys[] = { "id", "deleted", "project", NULL };
  gboolean done = FALSE;

  if (!expect (r, '{'))
    return FALSE;

  for (gboolean first = TRUE;; first = FALSE)
    {
      int which;

      if (!next_element (r, '}', first, &done))
        return FALSE;
      if (done)
        break;
      if (!read_key (r, keys, &which))
        return FALSE;

      skip_ws (r);
      switch (which)
        {
        case 0:
          g_clear_pointer (&item->id, g_free);
          if (r->p < r->end && *r->p == '"')
            {
              item->id = dup_string (r);
              if (item->id == NULL)
                return FALSE;
            }
          else if (!skip_value (r, 2))
            return FALSE;
          break;
        case 1:
          if (!read_flag (r, &item->deleted))
            return FALSE;
          break;
        case 2:
          item->project = r->p;
          if (!skip_value (r, 2))
            return FALSE;
          item->project_len = r->p - item->project;
          break;
        default:
          if (!skip_value (r, 2))
            return FALSE;
          break;
        }
    }

  if (item->id == NULL)
    return fail (r, "an item without an id");
  return TRUE;
}

void
gp_feed_page_free (GpFeedPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->items, g_array_unref);
  g_free (page->next);
  g_free (page);
}

/**
 * gp_feed_page_parse:
 * @data: the page's JSON text
 * @len: its length in bytes
 * @member: the name of the list of items ("changes")
 *
 * Returns: (transfer full) (nullable): the page, whose items point into @data, or %NULL with a
 *   %GP_SYNC_ERROR_PROTOCOL error when the text is not such a page
 */
GpFeedPage *
gp_feed_page_parse (const char  *data,
                    gsize        len,
                    const char  *member,
                    GError     **error)
{
  const char * const keys[] = { member, "next", "more", NULL };
  g_autoptr(GpFeedPage) page = g_new0 (GpFeedPage, 1);
  Reader r = { data, data + len, NULL };
  gboolean have_items = FALSE;
  gboolean done = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  page->items = g_array_new (FALSE, TRUE, sizeof (GpFeedItem));
  g_array_set_clear_func (page->items, feed_item_clear);

  if (!expect (&r, '{'))
    goto failed;

  for (gboolean first = TRUE;; first = FALSE)
    {
      int which;

      if (!next_element (&r, '}', first, &done))
        goto failed;
      if (done)
        break;
      if (!read_key (&r, keys, &which))
        goto failed;

      skip_ws (&r);
      switch (which)
        {
        case 0:
          /* A repeated member replaces the first, as in a JSON tree. */
          g_array_set_size (page->items, 0);
          if (!expect (&r, '['))
            goto failed;
          have_items = TRUE;
          for (gboolean first_item = TRUE;; first_item = FALSE)
            {
              GpFeedItem item = { NULL, };

              if (!next_element (&r, ']', first_item, &done))
                goto failed;
              if (done)
                break;
              if (!read_item (&r, &item))
                {
                  feed_item_clear (&item);
                  goto failed;
                }
              g_array_append_val (page->items, item);
            }
          break;
        case 1:
          g_clear_pointer (&page->next, g_free);
          if (r.p < r.end && *r.p == '"')
            {
              page->next = dup_string (&r);
              if (page->next == NULL)
                goto failed;
            }
          else if (!skip_value (&r, 1))
            goto failed;
          break;
        case 2:
          if (!read_flag (&r, &page->more))
            goto failed;
          break;
        default:
          if (!skip_value (&r, 1))
            goto failed;
          break;
        }
    }

  skip_ws (&r);
  if (r.p != r.end)
    fail (&r, "data after the page");
  else if (!have_items)
    fail (&r, "no list of items");
  else if (page->next == NULL)
    fail (&r, "no next cursor");
  else
    return g_steal_pointer (&page);

failed:
  g_set_error (error, GP_SYNC_ERROR, GP_SYNC_ERROR_PROTOCOL, "feed page, byte %" G_GSIZE_FORMAT ": %s",
               (gsize) (r.p - data), r.problem != NULL ? r.problem : "malformed");
  return NULL;
}
