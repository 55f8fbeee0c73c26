/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-store.c: the local store at 1,000,000 projects: first page of the list model, search
 * keystrokes (2-character Chinese words included) and resident memory, against the targets of issue 5.
 *
 * Usage: bench-store [--rows N] [--path FILE]
 * The database is generated once (in a child process, so its memory does not count) and reused.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include "gp-codec.h"
#include "gp-project-list-model.h"
#include "gp-store-private.h"

static const char *const cities[] = {
  "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "韶关市", "河源市", "梅州市", "惠州市", "汕尾市",
  "东莞市", "中山市", "江门市", "阳江市", "湛江市", "茂名市", "肇庆市", "清远市", "潮州市", "揭阳市",
  "云浮市",
};
static const char *const units[] = {
  "教育局", "卫生健康局", "公安局", "交通运输局", "人民医院", "第一中学", "财政局", "自然资源局",
  "市场监督管理局", "生态环境局", "住房和城乡建设局", "民政局", "司法局", "文化广电旅游体育局",
  "中心小学", "疾病预防控制中心", "图书馆", "档案馆", "税务局", "应急管理局",
};
static const char *const items[] = {
  "办公设备", "台式计算机", "打印机", "空调", "车辆维修服务", "物业管理服务", "印刷服务",
  "合同审计服务", "医疗设备", "教学设备", "信息化系统运维", "食堂食材", "保安服务", "绿化养护",
  "安防监控设备", "网络设备", "办公家具", "法律顾问服务", "体检服务", "会议服务", "图书", "实验室耗材",
  "消防设施维护", "软件开发", "数据中心运维", "保洁服务", "电梯维保", "课桌椅", "救护车", "警用装备",
};
static const char *const summaries[] = {
  "按照采购需求配置", "含安装调试及培训", "服务期一年", "含三年质保", "分两批交付", "含运输及保险",
  "需提供驻场人员", "采购内容详见需求书", "供应商须具备相应资质", "预留中小企业份额",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* CPU time of the whole process: on a loaded machine wall time says more about the neighbours. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, field);
  if (p == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (field) + 1, NULL, 10);
}

/* ------------------------------------------------------------------------------------------------
 * Generation: one transaction, prepared statements, the same triggers as the app.
 */

static int
generate (const char *path,
          guint       rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpDb) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  g_autoptr(GPtrArray) deferred = NULL;
  double start = now_ms ();

  {
    /* The store makes the schema. */
    g_autoptr(GpStore) store = gp_store_new (path, &error);

    if (store == NULL)
      g_error ("%s", error->message);
  }

  db = gp_db_open (path, &error);
  if (db == NULL || !gp_store_search_register (db, NULL, &error) ||
      !gp_db_exec (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;", &error) ||
      !gp_db_begin (db, &error))
    g_error ("%s", error->message);

  /* Bulk load: the store's own indexes and search triggers are set aside and made again afterwards
   * from their stored SQL (the same definitions, built in one pass instead of row by row). */
  {
    g_autoptr(GpDbStmt) stmt = gp_db_prepare (db,
                                              "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'projects' "
                                              "AND type IN ('index', 'trigger') AND sql IS NOT NULL", &error);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    deferred = g_ptr_array_new_with_free_func (g_free);
    while (stmt != NULL && gp_db_step_row (stmt, &error))
      {
        g_ptr_array_add (names, gp_db_column_dup_text (stmt, 0));
        g_ptr_array_add (deferred, gp_db_column_dup_text (stmt, 1));
      }
    g_clear_pointer (&stmt, gp_db_stmt_release);
    for (guint i = 0; i < names->len; i++)
      {
        /* Names come from sqlite_master of our own schema, not from input. */
        g_autofree char *drop = g_strdup_printf ("DROP %s \"%s\"",
                                                 g_str_has_prefix (deferred->pdata[i], "CREATE TRIGGER")
                                                 ? "TRIGGER" : "INDEX",
                                                 (char *) names->pdata[i]);
        if (!gp_db_exec (db, drop, &error))
          g_error ("%s", error->message);
      }
  }

  for (guint i = 0; i < rows; i++)
    {
      g_autoptr(GpDbStmt) stmt = NULL;
      g_autoptr(GpProject) p = gp_project_new_draft ("440000");
      g_autofree char *json = NULL;
      g_autofree char *code = NULL;
      int year = 2021 + g_rand_int_range (rand, 0, 5);
      const char *item = items[g_rand_int_range (rand, 0, G_N_ELEMENTS (items))];
      gint64 budget = (gint64) g_rand_int_range (rand, 1, 50000) * 10000;
      GpStage stage = (GpStage) g_rand_int_range (rand, 0, 6);
      static const GpProjectState states[] = {
        GP_PROJECT_STATE_INTENT_DRAFT, GP_PROJECT_STATE_PLAN_DRAFT, GP_PROJECT_STATE_NOTICE_PUBLISHED,
        GP_PROJECT_STATE_CONTRACT_SIGNED, GP_PROJECT_STATE_DELIVERED, GP_PROJECT_STATE_PAYING,
      };

      p->stage = stage;
      p->status = states[stage];
      p->rev = 1 + g_rand_int_range (rand, 0, 20);
      p->updated = G_GINT64_CONSTANT (1609459200000000) +
                   (gint64) g_rand_int_range (rand, 0, 150000000) * 1000000;
      p->intention = gp_intention_new ();
      p->intention->name = g_strdup_printf ("%s%s%d年%s采购项目",
                                            cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))],
                                            units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))],
                                            year, item);
      p->intention->summary = g_strdup_printf ("%s，%s",
                                               summaries[g_rand_int_range (rand, 0, G_N_ELEMENTS (summaries))],
                                               summaries[g_rand_int_range (rand, 0, G_N_ELEMENTS (summaries))]);
      p->intention->budget = budget;
      code = g_strdup_printf ("GDZC%d%07u", year, i);
      json = gp_project_to_json_string (p, NULL);

      stmt = gp_db_prepare (db,
                            "INSERT INTO projects (id, name, code, summary, stage, state, year, "
                            "budget_fen, contract_fen, next_deadline, updated, rev, sync_state, base_rev, "
                            "local_version, local_saved_at, json) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, 0, ?, ?)", &error);
      if (stmt == NULL)
        g_error ("%s", error->message);
      gp_db_bind_text (stmt, 1, p->id);
      gp_db_bind_text (stmt, 2, p->intention->name);
      gp_db_bind_text (stmt, 3, code);
      gp_db_bind_text (stmt, 4, p->intention->summary);
      gp_db_bind_text (stmt, 5, gp_stage_to_string (p->stage));
      gp_db_bind_text (stmt, 6, gp_project_state_to_string (p->status));
      gp_db_bind_int64 (stmt, 7, year);
      gp_db_bind_int64 (stmt, 8, budget);
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          g_autofree char *due = g_strdup_printf ("%d-%02d-%02d", year, g_rand_int_range (rand, 1, 13),
                                                  g_rand_int_range (rand, 1, 29));
          gp_db_bind_text (stmt, 9, due);
        }
      gp_db_bind_int64 (stmt, 10, p->updated);
      gp_db_bind_int64 (stmt, 11, p->rev);
      gp_db_bind_int64 (stmt, 12, p->rev);
      gp_db_bind_int64 (stmt, 13, p->updated);
      gp_db_bind_text (stmt, 14, json);
      if (!gp_db_step_done (stmt, &error))
        g_error ("%s", error->message);

      if (i > 0 && i % 100000 == 0)
        g_printerr ("  generated %u rows (%.0f s)\n", i, (now_ms () - start) / 1000);
    }

  g_printerr ("  rows in %.1f s; building indexes and search tables …\n", (now_ms () - start) / 1000);
  for (guint i = 0; i < deferred->len; i++)
    if (!gp_db_exec (db, deferred->pdata[i], &error))
      g_error ("%s", error->message);
  if (!gp_db_exec (db, "INSERT INTO projects_fts (projects_fts) VALUES ('rebuild');"
                       "INSERT INTO projects_grams (rowid, grams) "
                       "  SELECT rid, gp_grams (name, code, summary) FROM projects;"
                       "UPDATE projects_count SET listed = (SELECT count(*) FROM projects);", &error))
    g_error ("%s", error->message);

  if (!gp_db_commit (db, &error) ||
      !gp_db_exec (db, "INSERT INTO projects_fts (projects_fts) VALUES ('optimize');"
                       "INSERT INTO projects_grams (projects_grams) VALUES ('optimize');"
                       "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", &error))
    g_error ("%s", error->message);

  g_printerr ("  generated %u rows in %.1f s\n", rows, (now_ms () - start) / 1000);
  return 0;
}

static guint
count_rows (const char *path)
{
  g_autoptr(GpDb) db = NULL;
  g_autoptr(GpDbStmt) stmt = NULL;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  db = gp_db_open (path, NULL);
  if (db == NULL)
    return 0;
  stmt = gp_db_prepare (db, "SELECT count(*) FROM projects", NULL);
  if (stmt != NULL && gp_db_step_row (stmt, NULL))
    n = (guint) gp_db_column_get_int64 (stmt, 0);
  g_clear_pointer (&stmt, gp_db_stmt_release);
  gp_db_close (db, NULL);
  return n;
}

/* ------------------------------------------------------------------------------------------------
 * Measurements
 */

static void
wait_first_page (GpProjectListModel *model)
{
  for (;;)
    {
      while (gp_project_list_model_get_loading (model))
        g_main_context_iteration (NULL, TRUE);

      if (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
        return;
      {
        g_autoptr(GpProjectRow) row = g_list_model_get_item (G_LIST_MODEL (model), 0);

        if (gp_project_row_get_loaded (row))
          return;
      }
      g_main_context_iteration (NULL, TRUE);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  g_array_sort (values, compare_double);
  index = (guint) MIN (values->len - 1, (guint) (p * (values->len - 1) + 0.999));
  return g_array_index (values, double, index);
}

/* ------------------------------------------------------------------------------------------------
 * Feed apply: what the initial sync asks of the store (bench-sync measures it end to end, with the
 * server). Pages of 500 new projects (like bench-sync's) into an empty store, then pages that
 * update rows already there.
 */

static GpProject *
make_feed_project (guint i)
{
  GpProject *project = gp_project_new_draft ("442000");

  project->rev = 1;
  project->intention = gp_intention_new ();
  project->intention->name = g_strdup_printf ("第%u号办公设备采购项目", i);
  project->intention->summary = g_strdup ("台式计算机、打印机及配套耗材，含三年质保");
  project->intention->budget = 1000000 + (gint64) i * 100;
  g_date_set_dmy (&project->intention->expected_month, 1, G_DATE_MARCH, 2027);
  project->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;
  return project;
}

static int
bench_feed (guint n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gp-bench-feed-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "feed.db", NULL);
  g_autoptr(GpStore) store = NULL;
  g_autoptr(GArray) insert_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) update_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) insert_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) update_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) gp_project_free);
  const guint page_size = 500;
  double total_insert = 0, total_update = 0;

  store = gp_store_new (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (all, make_feed_project (i));

  for (guint pass = 0; pass < 2; pass++)
    for (guint start = 0; start < n; start += page_size)
      {
        g_autoptr(GPtrArray) page = g_ptr_array_new ();
        g_autofree char *cursor = g_strdup_printf ("%u:%u", pass, start);
        double t, c, ms, cms;

        for (guint i = start; i < MIN (n, start + page_size); i++)
          {
            GpProject *p = g_ptr_array_index (all, i);

            if (pass == 1)
              {
                p->rev++;
                g_free (p->intention->summary);
                p->intention->summary = g_strdup_printf ("第%" G_GINT64_FORMAT "次修改：含五年质保", (gint64) p->rev);
              }
            g_ptr_array_add (page, p);
          }

        t = now_ms ();
        c = cpu_ms ();
        if (!gp_store_apply_feed_page_sync (store, "projects", page, NULL, cursor, NULL, NULL, &error))
          g_error ("%s", error->message);
        ms = now_ms () - t;
        cms = cpu_ms () - c;
        g_array_append_val (pass == 0 ? insert_ms : update_ms, ms);
        g_array_append_val (pass == 0 ? insert_cpu : update_cpu, cms);
        if (pass == 0)
          total_insert += ms;
        else
          total_update += ms;
      }

  printf ("\nbench-store --feed: %u projects, pages of %u, into an empty store\n\n", n, page_size);
  printf ("| measure                                   | result      | target    |\n");
  printf ("|-------------------------------------------|-------------|-----------|\n");
  printf ("| new projects: page p50                    | %8.1f ms | < 20 ms   |\n", percentile (insert_ms, 0.5));
  printf ("| new projects: page p50, CPU time          | %8.1f ms | –         |\n", percentile (insert_cpu, 0.5));
  printf ("| new projects: page p95                    | %8.1f ms | –         |\n", percentile (insert_ms, 0.95));
  printf ("| new projects: stored per second           | %8.0f /s | ≥ 20,000  |\n", n / (total_insert / 1000));
  printf ("| updated projects: page p50                | %8.1f ms | –         |\n", percentile (update_ms, 0.5));
  printf ("| updated projects: page p50, CPU time      | %8.1f ms | –         |\n", percentile (update_cpu, 0.5));
  printf ("| updated projects: stored per second       | %8.0f /s | –         |\n", n / (total_update / 1000));

  g_clear_object (&store);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", dir);
  }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GpStore) store = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keystrokes_2 = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 rows = 1000000;
  gboolean generate_only = FALSE;
  gint64 feed = 0;
  double t, open_ms, first_page_ms[3];
  gint64 rss, hwm;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT64, &rows, "Number of projects", "N" },
    { "path", 0, 0, G_OPTION_ARG_FILENAME, &path, "Database file", "FILE" },
    { "feed", 0, 0, G_OPTION_ARG_INT64, &feed, "Only measure applying N new projects as feed pages", "N" },
    { "generate", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &generate_only, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the local store");
  /* Typing: each prefix is a keystroke; 1–2 character Chinese words take the gram path. */
  static const char *const typed[] = {
    "设", "设备", "办", "办公", "办公设", "办公设备",
    "合", "合同", "合同审", "合同审计",
    "医", "医疗", "医疗设", "医疗设备",
    "物", "物业", "物业管", "物业管理",
    "广", "广州", "广州市", "广州市教",
    "打", "打印", "打印机",
    "维", "维修", "维保",
    "G", "GD", "GDZ", "GDZC", "GDZC2023", "GDZC20230",
    "深圳 空调", "救护", "救护车", "保洁", "课桌", "课桌椅",
    "电梯", "图书", "图书馆", "体检", "食材", "软件", "软件开发", "警用", "警用装备",
    "实验", "实验室", "耗材", "消防", "数据", "数据中心",
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (feed > 0)
    return bench_feed ((guint) feed);
  if (path == NULL)
    path = g_build_filename (g_get_tmp_dir (), "gp-bench-store", "bench.db", NULL);

  if (generate_only)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_mkdir_with_parents (dir, 0700);
      return generate (path, (guint) rows);
    }

  if (count_rows (path) != rows)
    {
      g_autofree char *rows_arg = g_strdup_printf ("%" G_GINT64_FORMAT, rows);
      g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
      const char *child_argv[] = { self_exe, "--generate", "--rows", rows_arg, "--path", path, NULL };
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      int status = 0;

      g_printerr ("Generating %" G_GINT64_FORMAT " projects in %s …\n", rows, path);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("Generation failed: %s\n", error->message);
          return 1;
        }
    }

  t = now_ms ();
  store = gp_store_new (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  open_ms = now_ms () - t;

  /* First page of a fresh list model, three orders. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GpStoreQuery) q = gp_store_query_new ();
      g_autoptr(GpProjectListModel) model = NULL;

      q->sort = i == 0 ? GP_STORE_SORT_UPDATED : i == 1 ? GP_STORE_SORT_NAME : GP_STORE_SORT_BUDGET;
      q->descending = i != 1;
      t = now_ms ();
      model = g_object_new (GP_TYPE_PROJECT_LIST_MODEL, "store", store, "query", q, NULL);
      wait_first_page (model);
      first_page_ms[i] = now_ms () - t;
      if (i == 0 && g_list_model_get_n_items (G_LIST_MODEL (model)) != rows)
        g_error ("The model has %u rows", g_list_model_get_n_items (G_LIST_MODEL (model)));
    }

  /* Keystrokes: the model's query changes; done when the count and the first page are in. */
  {
    g_autoptr(GpProjectListModel) model = gp_project_list_model_new (store);

    wait_first_page (model);
    for (guint round = 0; round < 2; round++)
      for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
        {
          g_autoptr(GpStoreQuery) q = gp_store_query_new ();
          double ms;

          q->text = g_strdup (typed[i]);
          t = now_ms ();
          gp_project_list_model_set_query (model, q);
          wait_first_page (model);
          ms = now_ms () - t;
          g_array_append_val (keystrokes, ms);
          if (g_utf8_strlen (typed[i], -1) <= 2 && (guchar) typed[i][0] >= 0x80)
            g_array_append_val (keystrokes_2, ms);
          if (round == 1 && g_getenv ("BENCH_VERBOSE"))
            g_printerr ("  %-12s %7.1f ms  %u rows\n", typed[i], ms,
                        g_list_model_get_n_items (G_LIST_MODEL (model)));
        }
  }

  /* A page deep in the list (why pages are loaded off the main thread). */
  {
    g_autoptr(GpStoreQuery) q = gp_store_query_new ();
    g_autoptr(GPtrArray) page = NULL;
    double deep_ms;

    t = now_ms ();
    page = gp_store_query_sync (store, q, (guint) rows / 2, GP_PROJECT_LIST_MODEL_PAGE_SIZE, NULL, &error);
    deep_ms = now_ms () - t;
    g_assert_no_error (error);

    rss = read_status_kb ("VmRSS:");
    hwm = read_status_kb ("VmHWM:");

    printf ("\nbench-store: %" G_GINT64_FORMAT " projects in %s\n\n", rows, path);
    printf ("| measure                                   | result      | target    |\n");
    printf ("|-------------------------------------------|-------------|-----------|\n");
    printf ("| open store (migrations checked)           | %8.1f ms | –         |\n", open_ms);
    printf ("| first page, by updated desc (count+page)  | %8.1f ms | < 100 ms  |\n", first_page_ms[0]);
    printf ("| first page, by name asc                   | %8.1f ms | < 100 ms  |\n", first_page_ms[1]);
    printf ("| first page, by budget desc                | %8.1f ms | < 100 ms  |\n", first_page_ms[2]);
    printf ("| search keystroke p50 (%3u keystrokes)     | %8.1f ms | –         |\n",
            keystrokes->len, percentile (keystrokes, 0.5));
    printf ("| search keystroke p95                      | %8.1f ms | < 50 ms   |\n",
            percentile (keystrokes, 0.95));
    printf ("| search keystroke max                      | %8.1f ms | –         |\n",
            percentile (keystrokes, 1.0));
    printf ("| 1–2 char Chinese keystroke p95 (%3u)      | %8.1f ms | < 50 ms   |\n",
            keystrokes_2->len, percentile (keystrokes_2, 0.95));
    printf ("| page at row %7u (OFFSET), by updated   | %8.1f ms | –         |\n",
            (guint) rows / 2, deep_ms);
    printf ("| resident memory (VmRSS)                   | %8.1f MB | < 150 MB  |\n", rss / 1024.0);
    printf ("| peak resident memory (VmHWM)              | %8.1f MB | –         |\n", hwm / 1024.0);
  }

  {
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      printf ("| database file                             | %8.1f MB | –         |\n",
              st.st_size / 1048576.0);
  }

  return 0;
}
