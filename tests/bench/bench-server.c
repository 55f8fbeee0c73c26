/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-server.c: gpcloud-server under load on loopback. Not a test: it prints numbers.
 * Targets (README, issue 4): the change feed serves at least 20,000 projects/s to one client;
 * 50 concurrent writers on 2 cores with a p99 write latency under 20 ms.
 *
 *   build/tests/bench/bench-server [N [WRITERS [REQUESTS [PACE_MS]]]]
 *
 * It starts the real server on loopback in a throw-away folder and imports the test units, then
 *   (a) creates N projects (default 20,000) through the API (not timed; each with an
 *       Idempotency-Key and sent again on a timeout) and times one client reading the whole
 *       change feed, 1000 at a time;
 *   (b) runs WRITERS threads (default 50), each with its own HTTP session and its own projects:
 *       it creates 2, then updates them with If-Match (REQUESTS writes in all, default 200),
 *       every write with an Idempotency-Key. It records the latency of every request. By default
 *       each writer sends its next write as soon as it has the answer (a closed loop: the hardest
 *       case). With PACE_MS each writer starts a write every PACE_MS milliseconds (at once if it is
 *       late), so 50 writers at 50 ms offer 1000 writes/s.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gp-codec.h"
#include "gp-ids.h"
#include "gp-test-server.h"

#define FEED_PAGE           1000
#define PROJECTS_PER_WRITER 2
#define CREATE_THREADS      4

typedef struct {
  const char *base_url;
  const char *bearer;
} Target;

static GpProject *
make_project (guint       i,
              const char *what)
{
  GpProject *project = gp_project_new_draft ("442000");

  project->intention = gp_intention_new ();
  project->intention->name = g_strdup_printf ("第%u号%s采购项目", i, what);
  project->intention->summary = g_strdup ("台式计算机、打印机及配套耗材，含三年质保");
  project->intention->budget = 1000000 + (gint64) i * 100;
  g_date_set_dmy (&project->intention->expected_month, 1, G_DATE_MARCH, 2027);
  project->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;

  return project;
}

/* Sends one write; on a transport error (a timeout) sends it again with the same key. Returns the
 * status and fills @etag_rev with the revision of the answer's ETag. */
static guint
send_write (SoupSession *session,
            const Target *target,
            const char  *method,
            const char  *uri,
            const char  *if_match,
            const char  *key,
            const char  *json,
            gint64      *etag_rev,
            gint64      *usec)
{
  g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;
      SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
      gint64 start;

      soup_message_headers_replace (headers, "Authorization", target->bearer);
      soup_message_headers_replace (headers, "Idempotency-Key", key);
      if (if_match != NULL)
        soup_message_headers_replace (headers, "If-Match", if_match);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);

      start = g_get_monotonic_time ();
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      if (usec != NULL)
        *usec = g_get_monotonic_time () - start;

      if (error != NULL)
        {
          if (attempt < 5)
            {
              g_printerr ("  %s %s: %s; sending it again\n", method, uri, error->message);
              continue;
            }
          g_error ("%s %s: %s", method, uri, error->message);
        }

      if (etag_rev != NULL)
        {
          const char *etag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");

          *etag_rev = etag != NULL ? g_ascii_strtoll (etag + (etag[0] == '"'), NULL, 10) : 0;
        }
      return soup_message_get_status (msg);
    }
}

/* ---- (a) the change feed ---- */

typedef struct {
  const Target *target;
  guint         first;
  guint         count;
} Creator;

static gpointer
creator_thread (gpointer data)
{
  Creator *c = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *uri = g_strconcat (c->target->base_url, "/api/v1/projects", NULL);

  for (guint i = c->first; i < c->first + c->count; i++)
    {
      g_autoptr(GpProject) project = make_project (i, "办公设备");
      g_autofree char *json = gp_project_to_json_string (project, NULL);
      guint status = send_write (session, c->target, "POST", uri, NULL, project->id, json, NULL, NULL);

      if (status != 201)
        g_error ("POST /api/v1/projects: status %u", status);
    }
  return NULL;
}

/* The feed's own pages end with "next":"N","more":BOOL}. Read them from the tail rather than parse
 * the page while the clock runs: the clock times the server, the pages are checked afterwards. */
static gboolean
page_tail (GBytes  *page,
           char   **next,
           gboolean *more)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (page, &len);
  const char *tail = data + (len > 200 ? len - 200 : 0);
  g_autofree char *text = g_strndup (tail, data + len - tail);
  const char *n = strstr (text, "\"next\":\"");
  const char *end;

  if (n == NULL)
    return FALSE;
  n += strlen ("\"next\":\"");
  end = strchr (n, '"');
  if (end == NULL)
    return FALSE;
  *next = g_strndup (n, end - n);
  *more = strstr (end, "\"more\":true") != NULL;
  return TRUE;
}

static double
bench_feed (const Target *target,
            guint         n)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) parsers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = g_strdup ("0");
  gboolean more = TRUE;
  gint64 start, end;
  gsize bytes = 0;
  double seconds;

  start = g_get_monotonic_time ();
  while (more)
    {
      g_autofree char *uri = g_strdup_printf ("%s/api/v1/changes?since=%s&limit=%d",
                                              target->base_url, cursor, FEED_PAGE);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
      g_autoptr(GError) error = NULL;
      GBytes *page;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", target->bearer);
      page = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      if (soup_message_get_status (msg) != 200)
        g_error ("GET /api/v1/changes: status %u", soup_message_get_status (msg));
      g_ptr_array_add (pages, page);
      bytes += g_bytes_get_size (page);
      g_free (cursor);
      if (!page_tail (page, &cursor, &more))
        g_error ("A change feed page without next/more");
    }
  end = g_get_monotonic_time ();

  /* Now check what was read: every project once. */
  for (guint i = 0; i < pages->len; i++)
    {
      JsonParser *parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      GBytes *page = g_ptr_array_index (pages, i);
      JsonArray *changes;

      g_ptr_array_add (parsers, parser);
      if (!json_parser_load_from_data (parser, g_bytes_get_data (page, NULL), g_bytes_get_size (page), &error))
        g_error ("A change feed page is not JSON: %s", error->message);
      changes = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "changes");
      for (guint j = 0; j < json_array_get_length (changes); j++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (changes, j), "id");

          if (!g_hash_table_add (ids, (gpointer) id))
            g_error ("Project %s came twice", id);
        }
    }
  if (g_hash_table_size (ids) != n)
    g_error ("The feed had %u projects, not %u", g_hash_table_size (ids), n);

  seconds = (end - start) / (double) G_USEC_PER_SEC;
  g_print ("  read %u projects in %u pages (%.1f MB) in %.2f s\n",
           n, pages->len, bytes / 1e6, seconds);
  return n / seconds;
}

/* ---- (b) concurrent writers ---- */

static GMutex gate_lock;
static GCond  gate_cond;
static gboolean gate_open;

typedef struct {
  const Target *target;
  guint         index;
  guint         requests;
  guint         pace_ms;   /* 0: closed loop */
  guint         n_writers;
  gint64       *latencies; /* µs, one per request */
  guint         done;
  guint         failed;
  gint64        finished;  /* monotonic µs */
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *create_uri = g_strconcat (w->target->base_url, "/api/v1/projects", NULL);
  GpProject *projects[PROJECTS_PER_WRITER] = { NULL, };
  char *uris[PROJECTS_PER_WRITER] = { NULL, };
  gint64 revs[PROJECTS_PER_WRITER] = { 0, };
  gint64 start;

  for (guint p = 0; p < PROJECTS_PER_WRITER; p++)
    {
      projects[p] = make_project (w->index * PROJECTS_PER_WRITER + p, "并发写入");
      uris[p] = g_strdup_printf ("%s/api/v1/projects/%s", w->target->base_url, projects[p]->id);
    }

  /* Connect before the start so the clock does not time the TCP handshakes. */
  {
    g_autofree char *uri = g_strconcat (w->target->base_url, "/api/v1/health", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
    g_autoptr(GBytes) answer = soup_session_send_and_read (session, msg, NULL, NULL);
  }

  g_mutex_lock (&gate_lock);
  while (!gate_open)
    g_cond_wait (&gate_cond, &gate_lock);
  g_mutex_unlock (&gate_lock);
  start = g_get_monotonic_time ();

  for (guint r = 0; r < w->requests; r++)
    {
      guint p = r % PROJECTS_PER_WRITER;
      g_autofree char *key = gp_uuid_new ();
      g_autofree char *json = NULL;
      g_autofree char *if_match = NULL;
      gint64 rev = 0;
      guint status;

      if (w->pace_ms > 0)
        {
          /* Spread the writers over the first period, then one write per period each. */
          gint64 due = start + (gint64) w->pace_ms * 1000 * r
                       + (gint64) w->pace_ms * 1000 * w->index / w->n_writers;
          gint64 now = g_get_monotonic_time ();

          if (due > now)
            g_usleep (due - now);
        }

      if (r < PROJECTS_PER_WRITER)
        {
          json = gp_project_to_json_string (projects[p], NULL);
          status = send_write (session, w->target, "POST", create_uri, NULL, key, json, &rev,
                               &w->latencies[r]);
          if (status != 201)
            w->failed++;
        }
      else
        {
          g_free (projects[p]->intention->name);
          projects[p]->intention->name = g_strdup_printf ("第%u号并发写入采购项目（第%u次修改）",
                                                          w->index * PROJECTS_PER_WRITER + p, r);
          projects[p]->intention->budget += 100;
          json = gp_project_to_json_string (projects[p], NULL);
          if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", revs[p]);
          status = send_write (session, w->target, "PUT", uris[p], if_match, key, json, &rev,
                               &w->latencies[r]);
          if (status != 200)
            w->failed++;
        }
      if (rev > 0)
        revs[p] = rev;
      w->done++;
    }
  w->finished = g_get_monotonic_time ();

  for (guint p = 0; p < PROJECTS_PER_WRITER; p++)
    {
      gp_project_free (projects[p]);
      g_free (uris[p]);
    }
  return NULL;
}

/* CPU seconds used so far by the server (the only child of this process). */
static double
server_cpu_seconds (void)
{
  g_autofree char *children = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *paren;

  path = g_strdup_printf ("/proc/self/task/%d/children", getpid ());
  if (!g_file_get_contents (path, &children, NULL, NULL) || children[0] == '\0')
    return 0;
  g_free (path);
  path = g_strdup_printf ("/proc/%" G_GUINT64_FORMAT "/stat", g_ascii_strtoull (children, NULL, 10));
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (paren = strrchr (stat, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (paren + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (const gint64 *sorted,
               gsize         n,
               double        p)
{
  gsize i = (gsize) (p / 100.0 * n + 0.5);

  if (i > 0)
    i--;
  if (i >= n)
    i = n - 1;
  return sorted[i] / 1000.0;
}

typedef struct {
  double p50, p95, p99, max, writes_per_second;
  double server_cpu_ms;   /* server CPU time per write */
  guint  failed;
} WriteResult;

static WriteResult
bench_writers (const Target *target,
               guint         n_writers,
               guint         requests,
               guint         pace_ms)
{
  g_autofree Writer *writers = g_new0 (Writer, n_writers);
  g_autofree GThread **threads = g_new0 (GThread *, n_writers);
  g_autofree gint64 *all = g_new0 (gint64, (gsize) n_writers * requests);
  WriteResult result = { 0, };
  gint64 start, end = 0;
  gsize n = 0;
  double cpu;

  gate_open = FALSE;
  for (guint w = 0; w < n_writers; w++)
    {
      writers[w].target = target;
      writers[w].index = w;
      writers[w].requests = requests;
      writers[w].pace_ms = pace_ms;
      writers[w].n_writers = n_writers;
      writers[w].latencies = g_new0 (gint64, requests);
      threads[w] = g_thread_new ("writer", writer_thread, &writers[w]);
    }

  /* Let them connect, then open the gate. */
  g_usleep (G_USEC_PER_SEC / 2);
  g_mutex_lock (&gate_lock);
  gate_open = TRUE;
  cpu = server_cpu_seconds ();
  start = g_get_monotonic_time ();
  g_cond_broadcast (&gate_cond);
  g_mutex_unlock (&gate_lock);

  for (guint w = 0; w < n_writers; w++)
    {
      g_thread_join (threads[w]);
      end = MAX (end, writers[w].finished);
      memcpy (all + n, writers[w].latencies, writers[w].done * sizeof (gint64));
      n += writers[w].done;
      result.failed += writers[w].failed;
      g_free (writers[w].latencies);
    }

  result.server_cpu_ms = (server_cpu_seconds () - cpu) * 1000.0 / n;

  qsort (all, n, sizeof (gint64), compare_gint64);
  result.p50 = percentile_ms (all, n, 50);
  result.p95 = percentile_ms (all, n, 95);
  result.p99 = percentile_ms (all, n, 99);
  result.max = all[n - 1] / 1000.0;
  result.writes_per_second = n / ((end - start) / (double) G_USEC_PER_SEC);

  g_print ("  %zu writes by %u writers in %.2f s, %u not 200/201\n",
           n, n_writers, (end - start) / (double) G_USEC_PER_SEC, result.failed);
  return result;
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return -1;
  return g_ascii_strtod (text, NULL);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20000;
  guint n_writers = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 50;
  guint requests = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 200;
  guint pace_ms = argc > 4 ? (guint) g_ascii_strtoull (argv[4], NULL, 10) : 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *bearer = NULL;
  GThread *creators[CREATE_THREADS];
  Creator creator_args[CREATE_THREADS];
  GpTestServer *ts;
  Target target;
  WriteResult wr;
  double feed_rate;
  double load_before, load_after;

  setlocale (LC_ALL, "");
  if (n == 0 || n_writers == 0 || requests <= PROJECTS_PER_WRITER)
    {
      g_printerr ("usage: bench-server [N [WRITERS [REQUESTS > %d [PACE_MS]]]]\n", PROJECTS_PER_WRITER);
      return 2;
    }
  if (g_getenv ("GPCLOUD_SERVER") == NULL)
    g_setenv ("GPCLOUD_SERVER", BENCH_SERVER, TRUE);

  ts = gp_test_server_start_with_units (NULL, &error);
  g_assert_no_error (error);
  token = gp_test_server_login_ready (ts, "zsjy");
  bearer = g_strconcat ("Bearer ", token, NULL);
  target.base_url = gp_test_server_get_base_url (ts);
  target.bearer = bearer;
  load_before = load_average ();

  g_print ("(a) creating %u projects through the API (%d clients, not timed)…\n", n, CREATE_THREADS);
  for (guint t = 0; t < CREATE_THREADS; t++)
    {
      creator_args[t].target = &target;
      creator_args[t].first = n / CREATE_THREADS * t;
      creator_args[t].count = t + 1 < CREATE_THREADS ? n / CREATE_THREADS : n - n / CREATE_THREADS * t;
      creators[t] = g_thread_new ("creator", creator_thread, &creator_args[t]);
    }
  for (guint t = 0; t < CREATE_THREADS; t++)
    g_thread_join (creators[t]);

  g_print ("    one client reads the change feed, %d at a time…\n", FEED_PAGE);
  feed_rate = bench_feed (&target, n);

  g_print ("(b) %u concurrent writers, %u writes each (%d creates, then PUT with If-Match), %s…\n",
           n_writers, requests, PROJECTS_PER_WRITER, pace_ms > 0 ? "paced" : "back to back");
  if (pace_ms > 0)
    g_print ("    each writer starts a write every %u ms: %.0f writes/s offered\n",
             pace_ms, n_writers * 1000.0 / pace_ms);
  wr = bench_writers (&target, n_writers, requests, pace_ms);
  load_after = load_average ();

  gp_test_server_stop (ts);

  g_print ("\n"
           "| measure                          |       result | target       |    |\n"
           "|----------------------------------|--------------|--------------|----|\n");
  g_print ("| change feed, one client          | %7.0f pr/s | ≥ 20,000/s   | %s |\n",
           feed_rate, feed_rate >= 20000 ? "ok" : "NO");
  g_print ("| %2u writers: p50                  | %9.1f ms |              |    |\n", n_writers, wr.p50);
  g_print ("| %2u writers: p95                  | %9.1f ms |              |    |\n", n_writers, wr.p95);
  g_print ("| %2u writers: p99                  | %9.1f ms | < 20 ms      | %s |\n", n_writers, wr.p99,
           wr.p99 < 20 ? "ok" : "NO");
  g_print ("| %2u writers: max                  | %9.1f ms |              |    |\n", n_writers, wr.max);
  g_print ("| %2u writers: throughput           | %7.0f w/s  |              |    |\n", n_writers,
           wr.writes_per_second);
  g_print ("| %2u writers: server CPU per write | %9.2f ms |              |    |\n", n_writers,
           wr.server_cpu_ms);
  g_print ("load average (1 min) %.2f before, %.2f after, on %u CPUs\n",
           load_before, load_after, g_get_num_processors ());

  return wr.failed == 0 ? 0 : 1;
}
