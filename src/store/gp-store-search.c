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

static void
add_gram (GHashTable *seen,
          GString    *out,
          const char *gram,
          gsize       len)
{
  char *key = g_strndup (gram, len);

  if (g_hash_table_contains (seen, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_add (seen, key);

  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_len (out, gram, len);
}

char *
gp_store_search_grams (const char * const *texts,
                       guint               n_texts)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_texts; i++)
    {
      const char *p = texts[i];
      char prev[8];
      gsize prev_len = 0;
      guint n = 0;

      if (p == NULL)
        continue;

      for (; *p != '\0' && n < MAX_GRAM_CHARS; p = g_utf8_next_char (p), n++)
        {
          gunichar c = g_utf8_get_char_validated (p, -1);
          char cur[8];
          gsize cur_len;

          if (c == (gunichar) -1 || c == (gunichar) -2)
            break;

          if (!g_unichar_isalnum (c))
            {
              prev_len = 0;
              continue;
            }

          cur_len = g_unichar_to_utf8 (g_unichar_tolower (c), cur);
          add_gram (seen, out, cur, cur_len);

          if (prev_len > 0)
            {
              char pair[16];

              memcpy (pair, prev, prev_len);
              memcpy (pair + prev_len, cur, cur_len);
              add_gram (seen, out, pair, prev_len + cur_len);
            }

          memcpy (prev, cur, cur_len);
          prev_len = cur_len;
        }
    }

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

gboolean
gp_store_search_register (GpDb    *db,
                          GError **error)
{
  int rc;

  rc = sqlite3_create_function_v2 (gp_db_get_handle (db), "gp_grams", -1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   NULL, grams_func, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GP_DB_ERROR, gp_db_error_from_sqlite (rc),
                   "Cannot register the search function: %s", sqlite3_errstr (rc));
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

void
gp_store_search_split (const char  *text,
                       char       **out_trigram_match,
                       char       **out_gram_match)
{
  g_autoptr(GString) trigram = g_string_new (NULL);
  g_autoptr(GString) gram = g_string_new (NULL);
  const char *p = text;

  *out_trigram_match = NULL;
  *out_gram_match = NULL;

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
            append_fts_string (gram, longest);
        }
    }

  if (trigram->len > 0)
    *out_trigram_match = g_strdup (trigram->str);
  if (gram->len > 0)
    *out_gram_match = g_strdup (gram->str);
}
