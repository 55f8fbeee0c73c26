/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-routes-projects.c: projects, lifecycle actions, the change feed, notices and the calendar.
 */
#include "config.h"

#include <string.h>

#include "gp-calendar.h"
#include "gp-codec.h"
#include "gp-error.h"
#include "gp-ids.h"
#include "gp-lifecycle.h"
#include "gp-server-private.h"
#include "gp-validate.h"

#define FEED_DEFAULT_LIMIT 100
#define FEED_MAX_LIMIT     1000

/* The prefix of the region codes a region contains: a province "440000" → "44", a city "442000" →
 * "4420", a county or a 省本级 code → itself. */
static char *
region_prefix (const char *region)
{
  if (region == NULL || strlen (region) != 6)
    return g_strdup (region);
  if (strcmp (region + 2, "0000") == 0)
    return g_strndup (region, 2);
  if (strcmp (region + 4, "00") == 0 && strncmp (region + 2, "00", 2) != 0)
    return g_strndup (region, 4);
  return g_strdup (region);
}

/* Fills @vis with what @account may read; @prefix_out keeps the region prefix alive. */
static void
visibility_for (GpAccount     *account,
                GpVisibility  *vis,
                char         **prefix_out)
{
  memset (vis, 0, sizeof *vis);
  *prefix_out = NULL;

  switch (account->role)
    {
    case GP_ROLE_ADMIN:
      /* The platform's administrator sees every region, but drafts stay private to their unit. */
      vis->exclude_drafts = TRUE;
      break;

    case GP_ROLE_PURCHASER:
      vis->unit_id = account->unit_id;
      break;

    case GP_ROLE_SUPERVISOR:
      /* A finance department sees its region and below, but not a unit's private drafts. */
      *prefix_out = region_prefix (account->region);
      vis->region_prefix = *prefix_out;
      vis->exclude_drafts = TRUE;
      break;

    case GP_ROLE_AGENCY:
      /* An agency sees the projects entrusted to it (by its 统一社会信用代码). */
      if (account->uscc != NULL)
        {
          vis->agency_uscc = account->uscc;
          vis->exclude_drafts = TRUE;
        }
      else
        vis->unit_id = -1;
      break;

    case GP_ROLE_SUPPLIER:
      /* A supplier sees the orders and contracts it supplies. */
      if (account->uscc != NULL)
        {
          vis->supplier_uscc = account->uscc;
          vis->exclude_drafts = TRUE;
        }
      else
        vis->unit_id = -1;
      break;

    case GP_ROLE_SYSTEM:
    default:
      vis->unit_id = -1;
      break;
    }
}

/**
 * gp_project_parties:
 * @project: a project
 * @agency_uscc: (out) (transfer none) (nullable): the entrusted agency's code
 * @supplier_uscc: (out) (transfer none) (nullable): the supplier's code (e-mall order, award or
 *   first contract)
 *
 * The parties other than the purchaser that take part in @project, for authorization.
 */
void
gp_project_parties (const GpProject  *project,
                    const char      **agency_uscc,
                    const char      **supplier_uscc)
{
  *agency_uscc = NULL;
  *supplier_uscc = NULL;

  if (project->execution != NULL && project->execution->entrusted != NULL)
    {
      *agency_uscc = project->execution->entrusted->agency.uscc;
      *supplier_uscc = project->execution->entrusted->awarded_supplier.uscc;
    }
  if (project->execution != NULL && project->execution->mall != NULL)
    *supplier_uscc = project->execution->mall->supplier.uscc;
  if (project->contracts->len > 0)
    {
      GpContract *contract = g_ptr_array_index (project->contracts, 0);

      if (contract->supplier.uscc != NULL)
        *supplier_uscc = contract->supplier.uscc;
    }
}

static gboolean
can_see (GpAccount       *account,
         GpStoredProject *project)
{
  g_autofree char *prefix = NULL;
  GpVisibility vis;

  visibility_for (account, &vis, &prefix);
  if (vis.all)
    return TRUE;
  if (vis.unit_id != 0 && vis.unit_id != project->unit_id)
    return FALSE;
  if (vis.region_prefix != NULL && !g_str_has_prefix (project->region, vis.region_prefix))
    return FALSE;
  if (vis.exclude_drafts && g_strcmp0 (project->status, "intent_draft") == 0)
    return FALSE;
  if (vis.agency_uscc != NULL && g_strcmp0 (vis.agency_uscc, project->agency_uscc) != 0)
    return FALSE;
  if (vis.supplier_uscc != NULL && g_strcmp0 (vis.supplier_uscc, project->supplier_uscc) != 0)
    return FALSE;
  return TRUE;
}

/* Purchaser accounts with the 经办 duty prepare and edit their unit's projects. */
static gboolean
can_edit (GpAccount       *account,
          GpStoredProject *project)
{
  return account->role == GP_ROLE_PURCHASER &&
         (account->duties & GP_DUTY_CLERK) != 0 &&
         (project == NULL || project->unit_id == account->unit_id);
}

/* The entrusted agency records the execution (bids, evaluation, award) while the procurement is in
 * its hands (gp_lifecycle_agency_records(); 政府采购法 第18条). */
static gboolean
agency_records (GpAccount       *account,
                GpStoredProject *project)
{
  GpProjectState state;

  return account->role == GP_ROLE_AGENCY && account->uscc != NULL &&
         g_strcmp0 (account->uscc, project->agency_uscc) == 0 &&
         gp_project_state_from_string (project->status, &state) &&
         gp_lifecycle_agency_records (state);
}

/* Parses If-Match: "3", W/"3" or 3. Returns -1 when absent, -2 when malformed. */
static gint64
parse_if_match (GpRequest *req)
{
  const char *value = gp_request_get_header (req, "If-Match");
  g_autofree char *text = NULL;
  guint64 rev;

  if (value == NULL)
    return -1;

  text = g_strstrip (g_strdup (value));
  if (g_str_has_prefix (text, "W/"))
    memmove (text, text + 2, strlen (text + 2) + 1);
  if (text[0] == '"' && strlen (text) >= 2 && text[strlen (text) - 1] == '"')
    {
      text[strlen (text) - 1] = '\0';
      memmove (text, text + 1, strlen (text));
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &rev, NULL))
    return -2;
  return (gint64) rev;
}

static void
set_etag (GpRequest *req,
          gint64     rev)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
}

static void
respond_project_text (GpRequest  *req,
                      guint       status,
                      const char *json,
                      gint64      rev)
{
  set_etag (req, rev);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Cache-Control", "no-store");
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_not_found (GpRequest  *req,
                   const char *id)
{
  gp_request_respond_error (req, SOUP_STATUS_NOT_FOUND, "not-found",
                            "There is no project %.64s that you may see", id);
}

/* Loads a project the caller may see. Answers 404 (also for another unit's project, so that
 * its existence does not leak) or 500 and returns NULL otherwise. */
static GpStoredProject *
load_visible (GpServer  *self,
              GpRequest *req,
              const char *id)
{
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = gp_server_store_get_project (self->store, id, &error);
  if (error != NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return NULL;
    }
  if (stored == NULL || stored->deleted || !can_see (gp_request_get_account (req), stored))
    {
      respond_not_found (req, id);
      return NULL;
    }
  return g_steal_pointer (&stored);
}

static void
respond_one_problem (GpRequest  *req,
                     guint       status,
                     const char *error_code,
                     const char *path,
                     const char *code,
                     const char *message)
{
  g_autoptr(GPtrArray) problems = gp_problems_new ();

  gp_problems_add (problems, path, code, "", "%s", message);
  gp_request_respond_problems (req, status, error_code, message, problems);
}

/* The project in the body, with the id of the address; NULL when answered. */
static GpProject *
parse_project (GpRequest  *req,
               const char *path_id)
{
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GError) error = NULL;

  /* A worker thread has usually decoded it already (GP_ROUTE_PROJECT_BODY). */
  if (req->project != NULL || req->project_error != NULL)
    {
      project = g_steal_pointer (&req->project);
      error = g_steal_pointer (&req->project_error);
    }
  else
    project = gp_project_from_json (req->body, &error);
  if (project == NULL)
    {
      g_autofree char *path = NULL;
      const char *colon = strchr (error->message, ':');

      if (colon != NULL)
        path = g_strndup (error->message, colon - error->message);
      respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project",
                           path != NULL && strchr (path, ' ') == NULL ? path : "", "decode-error",
                           error->message);
      return NULL;
    }

  if (path_id != NULL && g_strcmp0 (project->id, path_id) != 0)
    {
      respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project", "id", "id-mismatch",
                           "The project id differs from the one in the address");
      return NULL;
    }
  if (!gp_uuid_validate (project->id))
    {
      respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project", "id", "invalid-id",
                           "A project id is a UUID");
      return NULL;
    }
  return g_steal_pointer (&project);
}

/* A draft may be incomplete (DESIGN.md §4: every edit is saved at once); what is missing blocks
 * the action that needs it (gp_lifecycle_check), not saving. Wrong values are refused here. */
static gboolean
check_values (GpRequest *req,
              GpProject *project)
{
  g_autoptr(GPtrArray) all = gp_project_validate (project, NULL);
  g_autoptr(GPtrArray) problems = gp_problems_blocking_draft (all);

  if (problems->len == 0)
    return TRUE;
  gp_request_respond_problems (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation-failed",
                               "The project has problems; see the list", problems);
  return FALSE;
}

/* Decodes and checks a project sent by a purchaser. Answers 422 and returns NULL when it is not
 * acceptable. */
static GpProject *
decode_project (GpServer        *self,
                GpRequest       *req,
                const char      *path_id,
                GpStoredProject *stored)
{
  GpAccount *account = gp_request_get_account (req);
  g_autoptr(GpProject) project = parse_project (req, path_id);
  g_autoptr(GpProject) old = NULL;

  if (project == NULL)
    return NULL;

  /* The purchaser is the caller's unit; the server is the authority on it. */
  if (g_strcmp0 (project->region, account->region) != 0)
    {
      respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project", "region",
                           "region-not-yours", "A project belongs to the region of its purchaser");
      return NULL;
    }
  if (project->purchaser.budget_code != NULL &&
      g_strcmp0 (project->purchaser.budget_code, account->budget_code) != 0)
    {
      respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project",
                           "purchaser.budget_code", "purchaser-not-yours",
                           "A purchaser can only create projects of its own unit");
      return NULL;
    }
  if (project->purchaser.budget_code == NULL)
    project->purchaser.budget_code = g_strdup (account->budget_code);
  if (project->purchaser.name == NULL)
    project->purchaser.name = g_strdup (account->unit_name);

  /* The state moves only through actions. */
  if (stored != NULL)
    {
      if (g_strcmp0 (gp_project_state_to_string (project->status), stored->status) != 0 ||
          g_strcmp0 (gp_stage_to_string (project->stage), stored->stage) != 0)
        {
          respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project", "status",
                               "status-changes-through-actions",
                               "The status and stage change only through actions");
          return NULL;
        }
    }
  else if (project->status != GP_PROJECT_STATE_INTENT_DRAFT || project->stage != GP_STAGE_INTENTION)
    {
      respond_one_problem (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-project", "status",
                           "new-project-must-be-draft", "A new project starts as an intention draft");
      return NULL;
    }

  if (gp_lifecycle_is_read_only (project, NULL))
    {
      gp_request_respond_error (req, SOUP_STATUS_CONFLICT, "read-only",
                                "This project is read-only (legacy)");
      return NULL;
    }

  /* Official steps, their times and the 审核's approvals are the actions' to write. */
  old = stored != NULL ? gp_project_from_json_string (stored->json, -1, NULL) : NULL;
  if (stored != NULL && old == NULL)
    {
      gp_request_respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal-error",
                                "The stored project cannot be read");
      return NULL;
    }
  gp_lifecycle_keep_stamps (project, old);

  if (!check_values (req, project))
    return NULL;

  /* An edit keeps the creation time. */
  if (old != NULL)
    project->created = old->created;

  return g_steal_pointer (&project);
}

static gboolean
same_party (const GpParty *a,
            const GpParty *b)
{
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->uscc, b->uscc) == 0 && a->size == b->size;
}

/* An agency's edit: its client sends the whole project, and only `execution.entrusted` may differ
 * from the stored one, the agency itself excepted (the purchaser chose it). */
static GpProject *
decode_agency_edit (GpServer        *self,
                    GpRequest       *req,
                    const char      *path_id,
                    GpStoredProject *stored)
{
  g_autoptr(GpProject) sent = parse_project (req, path_id);
  g_autoptr(GpProject) old = NULL;
  g_autoptr(GpProject) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rest_json = NULL;
  g_autofree char *old_json = NULL;
  GpEntrustedProcurement *mine;

  if (sent == NULL)
    return NULL;
  old = gp_project_from_json_string (stored->json, -1, &error);
  if (old == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return NULL;
    }

  mine = old->execution != NULL ? old->execution->entrusted : NULL;
  if (mine == NULL || sent->execution == NULL || sent->execution->entrusted == NULL ||
      !same_party (&mine->agency, &sent->execution->entrusted->agency))
    {
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "agency-edits-execution-only",
                                "An agency records the execution of a procurement entrusted to it; "
                                "the choice of agency is the purchaser’s");
      return NULL;
    }

  /* Put the stored execution back into what was sent: the rest must be exactly what is stored. */
  rest = gp_project_copy (sent);
  g_clear_pointer (&rest->execution->entrusted, gp_entrusted_procurement_free);
  rest->execution->entrusted = gp_entrusted_procurement_copy (mine);
  rest->rev = old->rev;
  rest->created = old->created;
  rest->updated = old->updated;
  rest_json = gp_project_to_json_string (rest, NULL);
  old_json = gp_project_to_json_string (old, NULL);
  if (g_strcmp0 (rest_json, old_json) != 0)
    {
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "agency-edits-execution-only",
                                "An agency changes only the execution of a procurement entrusted to it "
                                "(notice dates, bids, evaluation, award), nothing else of the project");
      return NULL;
    }

  gp_lifecycle_keep_stamps (sent, old);
  if (!check_values (req, sent))
    return NULL;

  sent->created = old->created;
  return g_steal_pointer (&sent);
}

/* Stores @project as the next revision after @stored (NULL for a new one) and answers with it. */
static void
save_and_respond (GpServer        *self,
                  GpRequest       *req,
                  GpProject       *project,
                  GpStoredProject *stored,
                  guint            status,
                  const char      *audit_action)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  GpStoredProject row = { NULL, };
  gint64 now_usec = g_get_real_time ();

  project->rev = stored != NULL ? stored->rev + 1 : 1;
  project->updated = now_usec;
  if (stored == NULL && project->created == 0)
    project->created = now_usec;

  json = gp_project_to_json_string (project, NULL);

  row.id = project->id;
  row.rev = project->rev;
  row.unit_id = stored != NULL ? stored->unit_id : gp_request_get_account (req)->unit_id;
  row.region = project->region;
  row.status = (char *) gp_project_state_to_string (project->status);
  row.stage = (char *) gp_stage_to_string (project->stage);
  row.name = (char *) gp_project_get_name (project);
  row.updated = now_usec / G_USEC_PER_SEC;
  row.deleted = FALSE;
  row.json = json;
  gp_project_parties (project, (const char **) &row.agency_uscc, (const char **) &row.supplier_uscc);

  if (!gp_server_store_put_project (self->store, &row, &error))
    {
      gp_server_store_rollback (self->store);
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  /* The audit entry commits with the change: one write, and never one without the other. */
  gp_server_audit (self, req, gp_request_get_account (req)->login, audit_action, project->id, "ok", NULL);

  if (!gp_server_store_commit (self->store, &error))
    {
      gp_server_store_rollback (self->store);
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  if (status == SOUP_STATUS_CREATED)
    {
      g_autofree char *location = g_strdup_printf ("/api/v1/projects/%s", project->id);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Location", location);
    }
  respond_project_text (req, status, json, project->rev);
}

static void
create_project_cb (GpServer  *self,
                   GpRequest *req)
{
  GpAccount *account = gp_request_get_account (req);
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GpStoredProject) existing = NULL;
  g_autoptr(GError) error = NULL;

  if (!can_edit (account, NULL))
    {
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                                "Only a purchaser’s clerk (经办) creates projects");
      return;
    }

  project = decode_project (self, req, NULL, NULL);
  if (project == NULL)
    return;

  if (!gp_server_store_begin (self->store, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  existing = gp_server_store_get_project (self->store, project->id, &error);
  if (error != NULL || existing != NULL)
    {
      gp_server_store_rollback (self->store);
      if (error != NULL)
        gp_server_respond_internal_error (self, req, error);
      else
        gp_request_respond_error (req, SOUP_STATUS_CONFLICT, "already-exists",
                                  "A project with this id exists; update it with PUT and If-Match");
      return;
    }

  save_and_respond (self, req, project, NULL, SOUP_STATUS_CREATED, "project-create");
}

static void
update_project_cb (GpServer  *self,
                   GpRequest *req)
{
  const char *id = gp_request_get_param (req, 0);
  GpAccount *account = gp_request_get_account (req);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gint64 if_match = parse_if_match (req);
  gboolean as_agency;

  if (if_match == -1)
    {
      gp_request_respond_error (req, 428, "precondition-required",
                                "Send If-Match with the revision the change is based on");
      return;
    }
  if (if_match == -2)
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "If-Match must be a revision number, e.g. \"3\"");
      return;
    }

  if (!gp_server_store_begin (self->store, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  stored = load_visible (self, req, id);
  if (stored == NULL)
    {
      gp_server_store_rollback (self->store);
      return;
    }

  as_agency = !can_edit (account, stored) && agency_records (account, stored);
  if (!can_edit (account, stored) && !as_agency)
    {
      gp_server_store_rollback (self->store);
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                                "Only the purchaser’s clerk (经办) edits this project, and the entrusted "
                                "agency its execution until the award");
      return;
    }

  if (if_match != stored->rev)
    {
      g_autoptr(JsonObject) extra = json_object_new ();

      gp_server_store_rollback (self->store);
      json_object_set_int_member (extra, "current_rev", stored->rev);
      set_etag (req, stored->rev);
      gp_request_respond_error_with (req, SOUP_STATUS_PRECONDITION_FAILED, "stale-revision",
                                     "Someone changed the project first; fetch it and merge", extra);
      return;
    }

  project = as_agency ? decode_agency_edit (self, req, id, stored) : decode_project (self, req, id, stored);
  if (project == NULL)
    {
      gp_server_store_rollback (self->store);
      return;
    }

  save_and_respond (self, req, project, stored, SOUP_STATUS_OK, "project-update");
}

static void
get_project_cb (GpServer  *self,
                GpRequest *req)
{
  g_autoptr(GpStoredProject) stored = load_visible (self, req, gp_request_get_param (req, 0));

  if (stored == NULL)
    return;

  respond_project_text (req, SOUP_STATUS_OK, stored->json, stored->rev);
}

static void
delete_project_cb (GpServer  *self,
                   GpRequest *req)
{
  const char *id = gp_request_get_param (req, 0);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 if_match = parse_if_match (req);

  if (if_match < 0)
    {
      gp_request_respond_error (req, if_match == -1 ? 428 : SOUP_STATUS_BAD_REQUEST,
                                if_match == -1 ? "precondition-required" : "invalid-request",
                                "Send If-Match with the revision you delete");
      return;
    }

  if (!gp_server_store_begin (self->store, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  stored = load_visible (self, req, id);
  if (stored == NULL)
    {
      gp_server_store_rollback (self->store);
      return;
    }

  if (!can_edit (gp_request_get_account (req), stored) || g_strcmp0 (stored->status, "intent_draft") != 0)
    {
      gp_server_store_rollback (self->store);
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                                "Only the purchaser’s clerk deletes a project, and only while it is a draft");
      return;
    }

  if (if_match != stored->rev)
    {
      gp_server_store_rollback (self->store);
      set_etag (req, stored->rev);
      gp_request_respond_error (req, SOUP_STATUS_PRECONDITION_FAILED, "stale-revision",
                                "Someone changed the project first");
      return;
    }

  stored->rev++;
  stored->deleted = TRUE;
  stored->updated = gp_server_now (self);
  if (!gp_server_store_put_project (self->store, stored, &error))
    {
      gp_server_store_rollback (self->store);
      gp_server_respond_internal_error (self, req, error);
      return;
    }
  gp_server_audit (self, req, gp_request_get_account (req)->login, "project-delete", id, "ok", NULL);
  if (!gp_server_store_commit (self->store, &error))
    {
      gp_server_store_rollback (self->store);
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  gp_request_respond_no_content (req);
}

static void
action_cb (GpServer  *self,
           GpRequest *req)
{
  const char *id = gp_request_get_param (req, 0);
  const char *action = gp_request_get_param (req, 1);
  GpAccount *account = gp_request_get_account (req);
  g_autoptr(GpStoredProject) stored = NULL;
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit_action = g_strdup_printf ("action:%.64s", action);
  const GpTransition *transition = gp_lifecycle_find (action);
  GpActionContext ctx = { 0, };
  gint64 if_match = parse_if_match (req);
  JsonObject *body = NULL;
  goffset body_len = soup_server_message_get_request_body (req->msg)->length;
  const char *notice_name = NULL;
  const char *notice_code;

  if (body_len > 0)
    {
      static const char *const allowed[] = { "reason", "target_id", NULL };
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      body = gp_request_read_json_object (req);
      if (body == NULL)
        return;
      json_object_iter_init (&iter, body);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (!g_strv_contains (allowed, name) || !JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_STRING ||
              g_utf8_strlen (json_node_get_string (value), -1) > 2000)
            {
              gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                        "An action body may only have the strings “reason” and “target_id”");
              return;
            }
        }
    }

  if (transition == NULL)
    {
      gp_request_respond_error (req, SOUP_STATUS_NOT_FOUND, "unknown-action",
                                "There is no action “%.64s”", action);
      return;
    }
  if (if_match == -2)
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "If-Match must be a revision number");
      return;
    }

  if (!gp_server_store_begin (self->store, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  stored = load_visible (self, req, id);
  if (stored == NULL)
    {
      gp_server_store_rollback (self->store);
      return;
    }

  if (if_match >= 0 && if_match != stored->rev)
    {
      gp_server_store_rollback (self->store);
      set_etag (req, stored->rev);
      gp_request_respond_error (req, SOUP_STATUS_PRECONDITION_FAILED, "stale-revision",
                                "Someone changed the project first");
      return;
    }

  /* Higher finance departments see and supervise; the same level takes the steps. */
  if (!gp_lifecycle_acts_in_region (account->role, account->region, stored->region))
    {
      gp_server_store_rollback (self->store);
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "action-forbidden",
                                "Only the finance department of the project’s own region takes this step");
      return;
    }

  /* Purchasers act only on their own unit's projects (readable ones are exactly those). */
  project = gp_project_from_json_string (stored->json, -1, &error);
  if (project == NULL)
    {
      gp_server_store_rollback (self->store);
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  ctx.now = gp_server_official_time (self);
  ctx.calendar = gp_calendar_get_default ();
  ctx.rules = NULL;
  ctx.duties = account->role == GP_ROLE_PURCHASER ? account->duties : GP_DUTY_NONE;
  ctx.account = account->login;
  ctx.target_id = body != NULL && json_object_has_member (body, "target_id")
                  ? json_object_get_string_member (body, "target_id") : NULL;
  ctx.reason = body != NULL && json_object_has_member (body, "reason")
               ? json_object_get_string_member (body, "reason") : NULL;

  if (!gp_lifecycle_apply (project, action, account->role, &ctx, &problems, &error))
    {
      gp_server_store_rollback (self->store);
      gp_server_audit (self, req, account->login, audit_action, id, "refused", error->message);

      if (g_error_matches (error, GP_CORE_ERROR, GP_CORE_ERROR_GUARD) && problems != NULL && problems->len > 0)
        gp_request_respond_problems (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "guard-failed",
                                     error->message, problems);
      else if (g_error_matches (error, GP_CORE_ERROR, GP_CORE_ERROR_FORBIDDEN))
        gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "action-forbidden", "%s", error->message);
      else if (g_error_matches (error, GP_CORE_ERROR, GP_CORE_ERROR_READ_ONLY))
        gp_request_respond_error (req, SOUP_STATUS_CONFLICT, "read-only", "%s", error->message);
      else
        gp_request_respond_error (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "action-refused", "%s", error->message);
      return;
    }

  /* The notice the law requires for this step, on the public portal. */
  notice_code = gp_lifecycle_notice_for (transition, project, &notice_name);
  if (notice_code != NULL)
    {
      GpNotice notice = {
        .project_id = project->id,
        .code = (char *) notice_code,
        .type_name = (char *) (notice_name != NULL ? notice_name : notice_code),
        .region = project->region,
        .title = (char *) (gp_project_get_name (project) != NULL ? gp_project_get_name (project) : project->id),
        .purchaser = project->purchaser.name,
        .published = ctx.now / G_USEC_PER_SEC,
      };

      if (!gp_server_store_add_notice (self->store, &notice, &error))
        {
          gp_server_store_rollback (self->store);
          gp_server_respond_internal_error (self, req, error);
          return;
        }
    }

  save_and_respond (self, req, project, stored, SOUP_STATUS_OK, audit_action);
}

/* Appends @text as a JSON string literal. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
changes_cb (GpServer  *self,
            GpRequest *req)
{
  GpAccount *account = gp_request_get_account (req);
  const char *since_text = gp_request_get_query (req, "since");
  const char *limit_text = gp_request_get_query (req, "limit");
  g_autoptr(GString) body = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  guint64 since = 0;
  guint64 limit = FEED_DEFAULT_LIMIT;
  GpVisibility vis;
  gsize len;

  if ((since_text != NULL && since_text[0] != '\0' &&
       !g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXINT64, &since, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, FEED_MAX_LIMIT, &limit, NULL)))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "since must be a cursor from an earlier page and limit from 1 to %d",
                                FEED_MAX_LIMIT);
      return;
    }

  visibility_for (account, &vis, &prefix);
  rows = gp_server_store_list_changes (self->store, &vis, (gint64) since, (guint) limit + 1, &error);
  if (rows == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  /* The stored documents are already the wire JSON: splice them in as text rather than parse
   * and print each one again (this is the hot path of every sync). */
  body = g_string_sized_new (1024 + rows->len * 1024);
  g_string_append (body, "{\"changes\":[");
  for (guint i = 0; i < rows->len && i < limit; i++)
    {
      GpStoredProject *p = g_ptr_array_index (rows, i);

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, "{\"id\":");
      append_json_string (body, p->id);
      g_string_append_printf (body, ",\"rev\":%" G_GINT64_FORMAT ",\"deleted\":%s,\"project\":%s}",
                              p->rev, p->deleted ? "true" : "false",
                              p->deleted || p->json == NULL ? "null" : p->json);
      since = (guint64) p->seq;
    }
  g_string_append_printf (body, "],\"next\":\"%" G_GUINT64_FORMAT "\",\"more\":%s}",
                          since, rows->len > limit ? "true" : "false");

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Cache-Control", "no-store");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  len = body->len;
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&body), FALSE), len);
}

static void
public_notices_cb (GpServer  *self,
                   GpRequest *req)
{
  const char *region = gp_request_get_query (req, "region");
  const char *type = gp_request_get_query (req, "type");
  const char *from = gp_request_get_query (req, "from");
  const char *to = gp_request_get_query (req, "to");
  const char *after = gp_request_get_query (req, "after");
  const char *limit_text = gp_request_get_query (req, "limit");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  GpNoticeQuery query = { NULL, };
  guint64 after_id = 0;
  guint64 limit = 50;
  gint64 last = 0;

  if (region != NULL && !gp_region_code_validate (region, NULL))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "region must be a 6-digit region code");
      return;
    }
  if (type != NULL && (strlen (type) == 0 || strlen (type) > 16))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request", "type is a notice type code");
      return;
    }
  if ((after != NULL && !g_ascii_string_to_unsigned (after, 10, 0, G_MAXINT64, &after_id, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 500, &limit, NULL)))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "after must be a notice id and limit from 1 to 500");
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? from : to;
      GDate date;

      if (text == NULL)
        continue;
      if (!gp_codec_parse_date (text, &date))
        {
          gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                    "from and to are dates, YYYY-MM-DD");
          return;
        }
      {
        /* Dates are China time (UTC+8); "to" includes its whole day. */
        g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
        g_autoptr(GDateTime) dt = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                                                   g_date_get_day (&date), 0, 0, 0);
        gint64 t = g_date_time_to_unix (dt);

        if (i == 0)
          query.from = t;
        else
          query.to = t + 24 * 3600;
      }
    }

  prefix = region_prefix (region);
  query.region_prefix = prefix;
  query.code = type;
  query.after_id = (gint64) after_id;
  query.limit = (guint) limit;

  rows = gp_server_store_list_notices (self->store, &query, &error);
  if (rows == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "notices");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      GpNotice *n = g_ptr_array_index (rows, i);
      g_autofree char *published = gp_server_format_time (n->published);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, n->id);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, n->code);
      json_builder_set_member_name (b, "type_name");
      json_builder_add_string_value (b, n->type_name);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, n->region);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, n->title);
      json_builder_set_member_name (b, "purchaser");
      if (n->purchaser != NULL)
        json_builder_add_string_value (b, n->purchaser);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "project_id");
      json_builder_add_string_value (b, n->project_id);
      json_builder_set_member_name (b, "published");
      json_builder_add_string_value (b, published);
      json_builder_end_object (b);
      last = n->id;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next");
  json_builder_add_int_value (b, rows->len > 0 ? last : (gint64) after_id);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_OK, b);
}

static void
calendar_cb (GpServer  *self,
             GpRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GpCalendar) loaded = NULL;
  GpCalendar *calendar = gp_calendar_get_default ();
  GBytes *bytes;
  gsize len = 0;
  const char *data;

  if (calendar == NULL)
    {
      loaded = gp_calendar_load_default (&error);
      if (loaded == NULL)
        {
          g_warning ("No calendar data: %s", error->message);
          gp_request_respond_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "calendar-unavailable",
                                    "The working-day calendar is not installed on the server");
          return;
        }
      calendar = loaded;
    }

  bytes = gp_calendar_get_bytes (calendar);
  data = g_bytes_get_data (bytes, &len);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Cache-Control",
                                "public, max-age=3600");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, data, len);
}

void
gp_server_add_project_routes (GpServer *self)
{
  gp_server_add_route (self, "POST", "/api/v1/projects",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_JSON_BODY | GP_ROUTE_IDEMPOTENT | GP_ROUTE_PROJECT_BODY,
                       create_project_cb);
  gp_server_add_route (self, "GET", "/api/v1/projects/{id}", GP_ROUTE_AUTH_SESSION, get_project_cb);
  gp_server_add_route (self, "PUT", "/api/v1/projects/{id}",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_JSON_BODY | GP_ROUTE_IDEMPOTENT | GP_ROUTE_PROJECT_BODY,
                       update_project_cb);
  gp_server_add_route (self, "DELETE", "/api/v1/projects/{id}",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_IDEMPOTENT, delete_project_cb);
  gp_server_add_route (self, "POST", "/api/v1/projects/{id}/actions/{action}",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_IDEMPOTENT, action_cb);
  gp_server_add_route (self, "GET", "/api/v1/changes", GP_ROUTE_AUTH_SESSION, changes_cb);
  gp_server_add_route (self, "GET", "/api/v1/public/notices", GP_ROUTE_AUTH_NONE, public_notices_cb);
  gp_server_add_route (self, "GET", "/api/v1/calendar", GP_ROUTE_AUTH_NONE, calendar_cb);
}
