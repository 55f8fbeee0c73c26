/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-store-search.c: the two search paths: FTS5 trigram words (3+ characters) and the 1–2 character
 * gram index (设备, 合同), with the gp_grams() SQL function that feeds the latter.
 */
#include "config.h"

#include <string.h>

#include "gp-store-private.h"

/* Only the start of long texts goes into the gram index (a 10,000 character summary would otherwise
 * cost 20,000 postings). Trigram search covers the rest of the summary. */
#define MAX_GRAM_CHARS 1000

/* The grams already written, as code points (one: c; two: c1 << 21 | c2, which is larger than any
 * single one as c1 is a letter or digit), in an open-addressing set: no allocation per gram. */
typedef struct {
  guint64  stack[512];
  guint64 *slots;
  gsize    mask;
  gsize    used;
} GramSet;

static void
gram_set_init (GramSet *set)
{
  set->slots = set->stack;
  set->mask = G_N_ELEMENTS (set->stack) - 1;
  set->used = 0;
  memset (set->stack, 0, sizeof set->stack);
}

static void
gram_set_clear (GramSet *set)
{
  if (set->slots != set->stack)
    g_free (set->slots);
}

static inline gsize
gram_hash (guint64 key)
{
  key *= G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  return (gsize) (key >> 32);
}

/* Keys are stored + 1, so that 0 marks a free slot. Returns TRUE if @key was not there yet. */
static gboolean
gram_set_add (GramSet *set,
              guint64  key)
{
  gsize i;

  key++;
  if ((set->used + 1) * 2 > set->mask + 1)
    {
      gsize old_size = set->mask + 1;
      guint64 *old = set->slots;

      set->mask = old_size * 2 - 1;
      set->slots = g_new0 (guint64, old_size * 2);
      set->used = 0;
      for (gsize j = 0; j < old_size; j++)
        if (old[j] != 0)
          {
            for (i = gram_hash (old[j]) & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
              ;
            set->slots[i] = old[j];
            set->used++;
          }
      if (old != set->stack)
        g_free (old);
    }

  for (i = gram_hash (key) & set->mask; set->slots[i] != 0; i = (i + 1) & set->mask)
    if (set->slots[i] == key)
      return FALSE;
  set->slots[i] = key;
  set->used++;
  return TRUE;
}

void
gp_store_search_grams_append (GString            *out,
                              const char * const *texts,
                              guint               n_texts)
{
  GramSet seen;

  gram_set_init (&seen);

  for (guint i = 0; i < n_texts; i++)
    {
      const char *p = texts[i];
      gunichar prev = 0;
      char prev_utf8[8];
      gsize prev_len = 0;
      guint n = 0;

      if (p == NULL)
        continue;

      for (; *p != '\0' && n < MAX_GRAM_CHARS; p = g_utf8_next_char (p), n++)
        {
          gunichar c;
          char cur[8];
          gsize cur_len;

          if ((guchar) *p < 0x80)
            c = (guchar) *p;
          else
            {
              c = g_utf8_get_char_validated (p, -1);
              if (c == (gunichar) -1 || c == (gunichar) -2)
                break;
            }

          if (c < 0x80 ? !g_ascii_isalnum (c) : !g_unichar_isalnum (c))
            {
              prev_len = 0;
              continue;
            }

          c = c < 0x80 ? (gunichar) g_ascii_tolower (c) : g_unichar_tolower (c);
          cur_len = g_unichar_to_utf8 (c, cur);
          if (gram_set_add (&seen, c))
            {
              if (out->len > 0)
                g_string_append_c (out, ' ');
              g_string_append_len (out, cur, cur_len);
            }

          if (prev_len > 0 && gram_set_add (&seen, (guint64) prev << 21 | c))
            {
              g_string_append_c (out, ' ');
              g_string_append_len (out, prev_utf8, prev_len);
              g_string_append_len (out, cur, cur_len);
            }

          memcpy (prev_utf8, cur, cur_len);
          prev_len = cur_len;
          prev = c;
        }
    }

  gram_set_clear (&seen);
}

char *
gp_store_search_grams (const char * const *texts,
                       guint               n_texts)
{
  GString *out = g_string_new (NULL);

  gp_store_search_grams_append (out, texts, n_texts);
  return g_string_free (out, FALSE);
}

static void
grams_func (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  const char *texts[8];
  guint n = 0;
  char *grams;

  for (int i = 0; i < argc && n < G_N_ELEMENTS (texts); i++)
    {
      if (sqlite3_value_type (argv[i]) == SQLITE_TEXT)
        texts[n++] = (const char *) sqlite3_value_text (argv[i]);
    }

  grams = gp_store_search_grams (texts, n);
  sqlite3_result_text (context, grams, -1, g_free);
}

/* gp_search_live(): whether the search triggers maintain the search tables (1), or the store does it
 * itself for the statement's transaction (0, while it applies a feed page). */
static void
search_live_func (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  const gboolean *deferred = sqlite3_user_data (context);

  sqlite3_result_int (context, deferred == NULL || !*deferred);
}

/* ------------------------------------------------------------------------------------------------
 * gp_search_match (name, code, summary, trigram_words, gram_words): does a row match, decided from
 * its own columns (a few µs) instead of one FTS5 query per row (~30 µs)? Words are separated by
 * '\n'. Answers 1 or 0 where the answer is certainly the one the FTS tables give, and -1 where it
 * might not be (the caller then asks them): that is when a word or the row's text has a character
 * with case other than ASCII, whose folding by FTS5 and by GLib could differ. Characters without
 * case (Chinese, digits, punctuation) are what both leave alone, ASCII letters both lower-case.
 */

static inline gboolean
char_is_plain (gunichar c)
{
  return c < 0x80 || (g_unichar_tolower (c) == c && g_unichar_toupper (c) == c);
}

static gboolean
text_is_plain (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if ((guchar) *p >= 0x80 && !char_is_plain (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
gp_store_search_words_are_plain (const char *words)
{
  return text_is_plain (words);
}

/* Case-insensitive (ASCII) substring test, as the trigram index answers for plain text. */
static gboolean
contains_folded (const char *haystack,
                 const char *needle,
                 gsize       needle_len)
{
  if (haystack == NULL)
    return FALSE;
  for (const char *h = haystack; *h != '\0'; h++)
    {
      gsize i;

      for (i = 0; i < needle_len && h[i] != '\0' &&
                  g_ascii_tolower (h[i]) == g_ascii_tolower (needle[i]); i++)
        ;
      if (i == needle_len)
        return TRUE;
    }
  return FALSE;
}

/* Does @gram (one or two letters/digits, lower case) occur among the grams of @texts, exactly as
 * gp_store_search_grams() would list them? */
static gboolean
has_gram (const char * const *texts,
          guint               n_texts,
          const char         *gram)
{
  gunichar want[2];
  guint n_want = 0;

  for (const char *p = gram; *p != '\0' && n_want < 2; p = g_utf8_next_char (p))
    want[n_want++] = g_utf8_get_char (p);

  for (guint i = 0; i < n_texts; i++)
    {
      gunichar prev = 0;
      gboolean have_prev = FALSE;
      guint n = 0;

      if (texts[i] == NULL)
        continue;
      for (const char *p = texts[i]; *p != '\0' && n < MAX_GRAM_CHARS; p = g_utf8_next_char (p), n++)
        {
          gunichar c;

          if ((guchar) *p < 0x80)
            c = (guchar) *p;
          else
            {
              c = g_utf8_get_char_validated (p, -1);
              if (c == (gunichar) -1 || c == (gunichar) -2)
                break;
            }
          if (c < 0x80 ? !g_ascii_isalnum (c) : !g_unichar_isalnum (c))
            {
              have_prev = FALSE;
              continue;
            }
          c = c < 0x80 ? (gunichar) g_ascii_tolower (c) : g_unichar_tolower (c);
          if (n_want == 1 ? c == want[0] : (have_prev && prev == want[0] && c == want[1]))
            return TRUE;
          prev = c;
          have_prev = TRUE;
        }
    }
  return FALSE;
}

static void
match_func (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  const char *texts[3];
  const char *words[2];

  for (int i = 0; i < 3; i++)
    texts[i] = sqlite3_value_type (argv[i]) == SQLITE_TEXT ? (const char *) sqlite3_value_text (argv[i]) : NULL;
  for (int i = 0; i < 2; i++)
    words[i] = sqlite3_value_type (argv[3 + i]) == SQLITE_TEXT ? (const char *) sqlite3_value_text (argv[3 + i]) : NULL;

  if (!text_is_plain (words[0]) || !text_is_plain (words[1]) ||
      !text_is_plain (texts[0]) || !text_is_plain (texts[1]) || !text_is_plain (texts[2]))
    {
      sqlite3_result_int (context, -1);
      return;
    }

  for (int k = 0; k < 2; k++)
    {
      const char *w = words[k];

      while (w != NULL && *w != '\0')
        {
          const char *end = strchr (w, '\n');
          gsize len = end ? (gsize) (end - w) : strlen (w);
          gboolean found;

          if (k == 0)
            found = contains_folded (texts[0], w, len) || contains_folded (texts[1], w, len) ||
                    contains_folded (texts[2], w, len);
          else
            {
              char gram[16];

              if (len >= sizeof gram)
                {
                  sqlite3_result_int (context, -1);
                  return;
                }
              memcpy (gram, w, len);
              gram[len] = '\0';
              found = has_gram (texts, 3, gram);
            }
          if (!found)
            {
              sqlite3_result_int (context, 0);
              return;
            }
          w = end ? end + 1 : NULL;
        }
    }

  sqlite3_result_int (context, 1);
}

gboolean
gp_store_search_register (GpDb           *db,
                          const gboolean *deferred,
                          GError        **error)
{
  int rc;

  rc = sqlite3_create_function_v2 (gp_db_get_handle (db), "gp_grams", -1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   NULL, grams_func, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (gp_db_get_handle (db), "gp_search_match", 5,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                     NULL, match_func, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (gp_db_get_handle (db), "gp_search_live", 0,
                                     SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                     (void *) deferred, search_live_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GP_DB_ERROR, gp_db_error_from_sqlite (rc),
                   "Cannot register the search functions: %s", sqlite3_errstr (rc));
      return FALSE;
    }

  return TRUE;
}

/* An FTS5 string literal: the word in double quotes, inner quotes doubled. */
static void
append_fts_string (GString    *out,
                   const char *word)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_c (out, '"');
  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_word (GString    *out,
             const char *word)
{
  if (out->len > 0)
    g_string_append_c (out, '\n');
  g_string_append (out, word);
}

void
gp_store_search_split (const char  *text,
                       char       **out_trigram_match,
                       char       **out_gram_match,
                       char       **out_trigram_words,
                       char       **out_gram_words)
{
  g_autoptr(GString) trigram = g_string_new (NULL);
  g_autoptr(GString) gram = g_string_new (NULL);
  g_autoptr(GString) trigram_words = g_string_new (NULL);
  g_autoptr(GString) gram_words = g_string_new (NULL);
  const char *p = text;

  *out_trigram_match = NULL;
  *out_gram_match = NULL;
  *out_trigram_words = NULL;
  *out_gram_words = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;

  while (*p != '\0')
    {
      const char *start;
      g_autofree char *word = NULL;
      glong n_chars;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      word = g_strndup (start, p - start);
      n_chars = g_utf8_strlen (word, -1);

      if (n_chars >= 3)
        {
          append_fts_string (trigram, word);
          append_word (trigram_words, word);  /* no '\n' in it: that is a space */
        }
      else
        {
          /* The same normalisation as gp_grams(): letters and digits only, lower case. */
          const char *texts[1] = { word };
          g_autofree char *grams = gp_store_search_grams (texts, 1);
          const char *longest = grams;
          char *space;

          /* For "设备" the grams are "设 备 设备": the last one is the whole word. */
          space = strrchr (grams, ' ');
          if (space != NULL)
            longest = space + 1;
          if (*longest != '\0')
            {
              append_fts_string (gram, longest);
              append_word (gram_words, longest);
            }
        }
    }

  if (trigram->len > 0)
    *out_trigram_match = g_strdup (trigram->str);
  if (gram->len > 0)
    *out_gram_match = g_strdup (gram->str);
  if (trigram_words->len > 0)
    *out_trigram_words = g_strdup (trigram_words->str);
  if (gram_words->len > 0)
    *out_gram_words = g_strdup (gram_words->str);
}
