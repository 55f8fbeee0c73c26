/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-flow.c: shared steps of the lifecycle UI tests: the server with linked parties and
 * registries, signed-in engines, and projects walked forward through the HTTP API.
 */
#include "config.h"

#include "gp-codec.h"
#include "gp-ids.h"
#include "gp-test-flow.h"

static char *supplier_uscc;
static char *agency_uscc;

static const char *
uscc_of (char       **slot,
         const char  *first17)
{
  if (*slot == NULL)
    *slot = g_strdup_printf ("%s%c", first17, gp_uscc_compute_check (first17));
  return *slot;
}

const char *
gp_flow_supplier_uscc (void)
{
  return uscc_of (&supplier_uscc, "91442000MA4W1234X");
}

const char *
gp_flow_agency_uscc (void)
{
  return uscc_of (&agency_uscc, "91440000MA4UA0001");
}

const char *
gp_flow_initial_password (const char *login)
{
  if (g_str_equal (login, GP_FLOW_SUPPLIER_LOGIN))
    return GP_FLOW_SUPPLIER_CODE;
  if (g_str_equal (login, GP_FLOW_AGENCY_LOGIN))
    return GP_FLOW_AGENCY_CODE;
  if (g_str_equal (login, GP_FLOW_CLERK_LOGIN) || g_str_equal (login, GP_FLOW_REVIEWER_LOGIN))
    return "442000101";
  return gp_test_server_budget_code_of (login);
}

static void
run_tool (GpTestServer *ts,
          const char   *args[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_assert_true (gp_test_server_run_tool (ts, args, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (status != 0)
    g_error ("%s %s failed: %s", args[0], args[1], err);
}

GpTestServer *
gp_flow_server_start (void)
{
  g_autoptr(GError) error = NULL;
  GpTestServer *ts = gp_test_server_new (&error);
  g_autofree char *conf = NULL;
  g_autofree char *units = NULL;
  g_autofree char *extra = NULL;
  g_autofree char *suppliers = NULL;
  g_autofree char *agencies = NULL;
  g_autofree char *products = NULL;
  g_autofree char *text = NULL;
  const char *launch[] = { "--config", NULL, NULL };

  g_assert_no_error (error);
  /* The official clock can be moved ahead (gp_flow_set_clock_days()); no file, no offset. */
  text = g_strdup_printf (GP_TEST_FAST_HASH_CONFIG "[testing]\nclock-file=%s/official-clock\n",
                          gp_test_server_get_tmp_dir (ts));
  conf = gp_test_server_write_file (ts, "server.conf", text);
  g_clear_pointer (&text, g_free);
  units = gp_test_server_write_file (ts, "units.csv", GP_TEST_UNITS_CSV);
  text = g_strdup_printf ("name,budget_code,region,role,account,duties,uscc\n"
                          GP_FLOW_SUPPLIER_NAME "," GP_FLOW_SUPPLIER_CODE ",442000,supplier," GP_FLOW_SUPPLIER_LOGIN ",,%s\n"
                          GP_FLOW_AGENCY_NAME "," GP_FLOW_AGENCY_CODE ",440000,agency," GP_FLOW_AGENCY_LOGIN ",,%s\n"
                          "中山市教育局,442000101,442000,purchaser," GP_FLOW_CLERK_LOGIN ",clerk,\n"
                          "中山市教育局,442000101,442000,purchaser," GP_FLOW_REVIEWER_LOGIN ",reviewer,\n",
                          gp_flow_supplier_uscc (), gp_flow_agency_uscc ());
  extra = gp_test_server_write_file (ts, "extra-units.csv", text);
  g_free (text);
  text = g_strdup_printf ("uscc,name,size,credit,region\n"
                          "%s," GP_FLOW_SUPPLIER_NAME ",small,normal,442000\n", gp_flow_supplier_uscc ());
  suppliers = gp_test_server_write_file (ts, "suppliers.csv", text);
  g_free (text);
  text = g_strdup_printf ("uscc,name,region\n%s," GP_FLOW_AGENCY_NAME ",440000\n", gp_flow_agency_uscc ());
  agencies = gp_test_server_write_file (ts, "agencies.csv", text);
  g_free (text);
  text = g_strdup_printf ("sku,name,catalog_code,price,supplier_uscc,spec,unit\n"
                          "SKU-0001,台式计算机,A02010104,4999.00,%s,i5/16G/512G SSD,台\n"
                          "SKU-0002,激光打印机,A02021000,1899.00,%s,A4 黑白 30页/分,台\n"
                          "SKU-0003,复印纸,A05040101,25.00,%s,A4 70g 500张,包\n",
                          gp_flow_supplier_uscc (), gp_flow_supplier_uscc (), gp_flow_supplier_uscc ());
  products = gp_test_server_write_file (ts, "products.csv", text);

  {
    const char *a1[] = { "import-units", units, "--config", conf, NULL };
    const char *a2[] = { "import-units", extra, "--config", conf, NULL };
    const char *a3[] = { "import-registry", "supplier", suppliers, NULL };
    const char *a4[] = { "import-registry", "agency", agencies, NULL };
    const char *a5[] = { "import-registry", "product", products, NULL };

    run_tool (ts, a1);
    run_tool (ts, a2);
    run_tool (ts, a3);
    run_tool (ts, a4);
    run_tool (ts, a5);
  }

  launch[1] = conf;
  g_assert_true (gp_test_server_launch (ts, launch, &error));
  g_assert_no_error (error);
  return ts;
}

/**
 * gp_flow_set_clock_days:
 * @ts: a server from gp_flow_server_start()
 * @days: how far ahead of the real clock the official clock runs from now on
 *
 * Moves the server's official clock (guards, stamps, notice dates; its Date header), so a flow can
 * pass a legal period such as the 20 日 of a tender notice ([testing] clock-file).
 */
void
gp_flow_set_clock_days (GpTestServer *ts,
                        guint         days)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", (gint64) days * 86400);
  g_autofree char *path = gp_test_server_write_file (ts, "official-clock", text);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
gp_flow_wait_until (gboolean   (*condition) (gpointer data),
                    gpointer     data,
                    const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

typedef struct {
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
wait_done (gpointer data)
{
  return ((Wait *) data)->result != NULL;
}

static gboolean
counted (gpointer data)
{
  return *(guint *) data > 0;
}

static void
synced_cb (GpSyncEngine *engine,
           guint        *count)
{
  (*count)++;
}

void
gp_flow_sync (GpSyncEngine *engine)
{
  guint count = 0;
  gulong handler = g_signal_connect (engine, "synced", G_CALLBACK (synced_cb), &count);

  gp_sync_engine_sync_now (engine);
  gp_flow_wait_until (counted, &count, "a sync cycle");
  g_signal_handler_disconnect (engine, handler);
  /* A cycle that was already running when asked may have missed the newest change: one more. */
  count = 0;
  handler = g_signal_connect (engine, "synced", G_CALLBACK (synced_cb), &count);
  gp_sync_engine_sync_now (engine);
  gp_flow_wait_until (counted, &count, "a second sync cycle");
  g_signal_handler_disconnect (engine, handler);
}

GpSyncEngine *
gp_flow_engine (GpTestServer *ts,
                const char   *login)
{
  g_autoptr(GpCredentials) credentials = gp_credentials_new ();
  GpSyncEngine *engine = gp_sync_engine_new (credentials);
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };
  const GpAccount *account;

  gp_sync_engine_set_timeout (engine, 5);
  gp_sync_engine_sign_in_async (engine, gp_test_server_get_base_url (ts), login,
                                gp_flow_initial_password (login), FALSE, NULL, wait_cb, &w);
  gp_flow_wait_until (wait_done, &w, "signing in");
  account = gp_sync_engine_sign_in_finish (engine, w.result, &error);
  g_clear_object (&w.result);
  if (account == NULL)
    {
      /* Changed before (an earlier test of the program). */
      g_clear_error (&error);
      gp_sync_engine_sign_in_async (engine, gp_test_server_get_base_url (ts), login,
                                    GP_TEST_PASSWORD, FALSE, NULL, wait_cb, &w);
      gp_flow_wait_until (wait_done, &w, "signing in");
      account = gp_sync_engine_sign_in_finish (engine, w.result, &error);
      g_clear_object (&w.result);
    }
  g_assert_no_error (error);
  g_assert_nonnull (account);

  if (account->password_change_required)
    {
      gp_sync_engine_change_password_async (engine, gp_flow_initial_password (login), GP_TEST_PASSWORD,
                                            NULL, wait_cb, &w);
      gp_flow_wait_until (wait_done, &w, "the password change");
      g_assert_true (gp_sync_engine_change_password_finish (engine, w.result, NULL, &error));
      g_assert_no_error (error);
      g_clear_object (&w.result);
    }
  gp_flow_sync (engine);
  return engine;
}

void
gp_flow_queue (GpSyncEngine *engine,
               const char   *project_id,
               const char   *action,
               const char   *payload_json)
{
  g_autoptr(GError) error = NULL;
  Wait w = { NULL };

  gp_sync_engine_queue_action_async (engine, project_id, action, payload_json, NULL, wait_cb, &w);
  gp_flow_wait_until (wait_done, &w, "queueing an action");
  g_assert_true (gp_sync_engine_queue_action_finish (engine, w.result, &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
}

GpProject *
gp_flow_load (GpSyncEngine *engine,
              const char   *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpStoredProject) stored =
    gp_store_load_project_sync (gp_sync_engine_get_store (engine), project_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return g_steal_pointer (&stored->project);
}

void
gp_flow_save (GpSyncEngine *engine,
              GpProject    *project)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gp_store_save_project_sync (gp_sync_engine_get_store (engine), project, NULL, NULL, &error));
  g_assert_no_error (error);
}

void
gp_flow_api_action (GpTestServer *ts,
                    const char   *login,
                    const char   *project_id,
                    const char   *action,
                    const char   *body,
                    guint         expected_status)
{
  g_autofree char *token = gp_test_server_login (ts, login, GP_TEST_PASSWORD);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/actions/%s", project_id, action);
  g_autoptr(GpTestResponse) resp = NULL;

  g_assert_nonnull (token);
  resp = gp_test_server_send_json (ts, "POST", path, token, body != NULL ? body : "{}");
  if (resp->status != expected_status)
    g_error ("%s: %u, expected %u: %.*s", action, resp->status, expected_status,
             (int) g_bytes_get_size (resp->body), (const char *) g_bytes_get_data (resp->body, NULL));
}

static GpProject *
api_get (GpTestServer *ts,
         const char   *token,
         const char   *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", id);
  g_autoptr(GpTestResponse) resp = gp_test_server_get (ts, path, token);
  g_autoptr(GError) error = NULL;
  GpProject *project;

  g_assert_cmpuint (resp->status, ==, 200);
  project = gp_project_from_json_string (g_bytes_get_data (resp->body, NULL), (gssize) g_bytes_get_size (resp->body), &error);
  g_assert_no_error (error);
  return project;
}

char *
gp_flow_submitted_plan (GpTestServer        *ts,
                        const char          *name,
                        GpProcurementMethod  method,
                        GpOrganisationForm   form,
                        gint64               budget)
{
  g_autofree char *token = NULL;
  g_autoptr(GpProject) project = gp_project_new_draft ("442000");
  g_autoptr(GpTestResponse) resp = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 62);
  GpItem *item;

  /* Signs zsjy in once with the changed password (the first test changes it). */
  token = gp_test_server_login_ready (ts, "zsjy");
  g_assert_nonnull (token);

  project->intention = gp_intention_new ();
  project->intention->name = g_strdup (name);
  project->intention->summary = g_strdup ("办公设备一批，用于日常办公。");
  project->intention->budget = budget;
  project->intention->basis = GP_DISCLOSURE_BASIS_APPROVED_BUDGET;
  g_date_set_dmy (&project->intention->expected_month, 1, (GDateMonth) g_date_time_get_month (later),
                  (GDateYear) g_date_time_get_year (later));
  body = gp_project_to_json_string (project, NULL);
  resp = gp_test_server_send_json (ts, "POST", "/api/v1/projects", token, body);
  g_assert_cmpuint (resp->status, ==, 201);
  g_clear_pointer (&resp, gp_test_response_free);

  gp_flow_api_action (ts, "zsjy", project->id, "publish_intention", NULL, 200);
  gp_flow_api_action (ts, "zsjy", project->id, "start_plan", NULL, 200);

  {
    g_autoptr(GpProject) current = api_get (ts, token, project->id);
    GpPlan *plan = current->plan;

    g_free (plan->name);
    plan->name = g_strdup (name);
    plan->content = g_strdup ("办公设备一批");
    plan->funding_type = GP_FUNDING_TYPE_NON_FISCAL;
    plan->funding_note = g_strdup ("单位自有资金，资金来源说明见附件");
    item = gp_item_new ();
    item->catalog_code = g_strdup ("A02010104");
    item->name = g_strdup ("台式计算机");
    item->unit = g_strdup ("台");
    item->quantity_milli = 1000;
    item->unit_price = budget;
    item->total = budget;
    g_ptr_array_add (plan->items, item);
    plan->total = budget;
    plan->nature = GP_PROCUREMENT_NATURE_GOODS;
    plan->method = method;
    plan->organisation_form = form;
    {
      g_autoptr(GDateTime) start = g_date_time_add_days (now, 40);

      g_date_set_dmy (&plan->planned_start, (GDateDay) g_date_time_get_day_of_month (start),
                      (GDateMonth) g_date_time_get_month (start), (GDateYear) g_date_time_get_year (start));
    }
    g_free (body);
    body = gp_project_to_json_string (current, NULL);
    path = g_strdup_printf ("/api/v1/projects/%s", project->id);
    {
      g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", current->rev);
      const char *extra[] = { "If-Match", if_match, NULL };

      resp = gp_test_server_request (ts, "PUT", path, token, "application/json", body, -1, extra);
    }
    if (resp->status != 200)
      g_error ("PUT plan: %u %.*s", resp->status, (int) g_bytes_get_size (resp->body),
               (const char *) g_bytes_get_data (resp->body, NULL));
  }

  gp_flow_api_action (ts, "zsjy", project->id, "submit_plan", NULL, 200);
  return g_strdup (project->id);
}
