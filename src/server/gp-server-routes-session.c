/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-routes-session.c: sign in, sign out, password change and the audit log (DESIGN.md §5).
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "gp-server-private.h"
#include "gp-validate.h"

/* Reads a string member; answers 400 and returns NULL when it is missing or not a string. */
static const char *
require_string (GpRequest  *req,
                JsonObject *obj,
                const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "“%s” must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

/* Refuses members other than @allowed with 400. */
static gboolean
only_members (GpRequest         *req,
              JsonObject        *obj,
              const char *const *allowed)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      if (!g_strv_contains (allowed, name))
        {
          gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                    "Unknown member “%.64s”", name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_account_members (JsonBuilder *b,
                     GpAccount   *account)
{
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, account->login);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, gp_role_to_string (account->role));
  json_builder_set_member_name (b, "duties");
  json_builder_add_string_value (b, gp_duty_to_string (account->duties));
  json_builder_set_member_name (b, "unit");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, account->unit_name);
  json_builder_set_member_name (b, "budget_code");
  json_builder_add_string_value (b, account->budget_code);
  json_builder_set_member_name (b, "region");
  json_builder_add_string_value (b, account->region);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "password_change_required");
  json_builder_add_boolean_value (b, account->must_change_password);
}

static void
respond_locked (GpServer  *self,
                GpRequest *req,
                gint64     locked_until)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autofree char *until = gp_server_format_time (locked_until);
  g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            MAX (1, locked_until - gp_server_now (self)));
  g_autofree char *message = g_strdup_printf ("Too many failed sign-ins: the account is locked until %s", until);

  json_object_set_string_member (extra, "locked_until", until);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", retry);
  gp_request_respond_error_with (req, 423, "account-locked", message, extra);
}

/* Counts a failed password for @account. Returns TRUE if that locked it. */
static gboolean
register_failure (GpServer  *self,
                  GpAccount *account,
                  gint64    *locked_until)
{
  g_autoptr(GError) error = NULL;
  guint attempts = account->failed_attempts + 1;
  gint64 until = 0;

  if (attempts >= self->config->lockout_attempts)
    {
      until = gp_server_now (self) + self->config->lockout_seconds;
      attempts = 0;
    }

  if (!gp_server_store_set_login_failures (self->store, account->id, attempts, until, &error))
    g_warning ("Cannot count a failed sign-in of %s: %s", account->login, error->message);

  *locked_until = until;
  return until != 0;
}

/* Argon2id takes tens of milliseconds and megabytes by design: it runs in a worker thread while
 * the request is paused, so one sign-in never stalls everyone else's requests. The database is
 * touched only on the main thread, before and after. */
typedef struct {
  GpServer  *server;        /* owned */
  GpRequest *req;           /* owned, paused */
  char      *login;
  char      *hash;          /* to verify against */
  char      *password;      /* wiped on free */
  char      *new_password;  /* to hash, or NULL; wiped on free */
  gboolean   known;         /* the account exists */
  gboolean   skip_verify;   /* only hash new_password */
  gboolean   verified;
  char      *new_hash;
} PasswordJob;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    {
      sodium_memzero (secret, strlen (secret));
      g_free (secret);
    }
}

static void
password_job_free (PasswordJob *job)
{
  g_clear_object (&job->server);
  g_free (job->login);
  g_free (job->hash);
  wipe_free (job->password);
  wipe_free (job->new_password);
  g_free (job->new_hash);
  g_free (job);
}

static void
password_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PasswordJob *job = task_data;

  job->verified = job->skip_verify || gp_auth_verify_password (job->hash, job->password);
  if (job->verified && job->new_password != NULL)
    job->new_hash = gp_auth_hash_password (job->server->config, job->new_password, NULL);

  g_task_return_boolean (task, TRUE);
}

static void
run_password_job (PasswordJob         *job,
                  GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, job);

  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, password_thread);
}

static void
finish_login (GpServer  *self,
              GpRequest *req,
              GpAccount *account)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires = NULL;
  guint8 token_hash[GP_TOKEN_HASH_LEN];
  gint64 now = gp_server_now (self);

  if ((account->failed_attempts != 0 || account->locked_until != 0) &&
      !gp_server_store_set_login_failures (self->store, account->id, 0, 0, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  token = gp_auth_new_token (token_hash);
  if (!gp_server_store_create_session (self->store, token_hash, account->id, now, req->address, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }
  sodium_memzero (token_hash, sizeof token_hash);

  gp_server_audit (self, req, account->login, "login", NULL, "ok",
                   account->must_change_password ? "initial password" : NULL);

  expires = gp_server_format_time (now + self->config->absolute_seconds);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires);
  json_builder_set_member_name (b, "idle_timeout_seconds");
  json_builder_add_int_value (b, self->config->idle_seconds);
  json_builder_set_member_name (b, "account");
  json_builder_begin_object (b);
  add_account_members (b, account);
  json_builder_end_object (b);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_CREATED, b);
}

static void
login_verified_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PasswordJob *job = user_data;
  GpServer *self = job->server;
  GpRequest *req = job->req;
  g_autoptr(GpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gint64 locked_until = 0;

  /* The server stopped meanwhile: nobody to answer. */
  if (self->store == NULL)
    goto out;

  if (!job->known)
    {
      gp_server_audit (self, req, job->login, "login", NULL, "unknown-account", NULL);
      gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid-credentials",
                                "The account or the password is wrong");
      goto out;
    }

  /* Read the account again: other sign-ins may have counted failures meanwhile. */
  account = gp_server_store_lookup_account (self->store, job->login, &error);
  if (error != NULL)
    gp_server_respond_internal_error (self, req, error);
  else if (account == NULL)
    gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid-credentials",
                              "The account or the password is wrong");
  else if (account->locked_until > gp_server_now (self))
    {
      gp_server_audit (self, req, account->login, "login", NULL, "locked", NULL);
      respond_locked (self, req, account->locked_until);
    }
  else if (!job->verified)
    {
      if (register_failure (self, account, &locked_until))
        {
          gp_server_audit (self, req, account->login, "login", NULL, "locked", "lockout started");
          respond_locked (self, req, locked_until);
        }
      else
        {
          gp_server_audit (self, req, account->login, "login", NULL, "wrong-password", NULL);
          gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid-credentials",
                                    "The account or the password is wrong");
        }
    }
  else
    finish_login (self, req, account);

out:
  gp_request_resume (req);
  password_job_free (job);
}

static void
login_cb (GpServer  *self,
          GpRequest *req)
{
  static const char *const allowed[] = { "login", "password", NULL };
  JsonObject *body = gp_request_read_json_object (req);
  g_autoptr(GpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  PasswordJob *job;
  const char *login;
  const char *password;
  gint64 retry_after = 0;
  gint64 now = gp_server_now (self);

  if (!gp_rate_limiter_allow (self->login_limiter, req->address, now, &retry_after))
    {
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);

      gp_server_audit (self, req, NULL, "login", NULL, "rate-limited", NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", retry);
      gp_request_respond_error (req, 429, "rate-limited",
                                "Too many sign-in attempts from this address; retry in %" G_GINT64_FORMAT " seconds",
                                retry_after);
      return;
    }

  if (!only_members (req, body, allowed) ||
      (login = require_string (req, body, "login")) == NULL ||
      (password = require_string (req, body, "password")) == NULL)
    return;

  if (login[0] == '\0' || strlen (login) > 128 || strlen (password) > 1024)
    {
      gp_request_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid-credentials",
                                "The account or the password is wrong");
      return;
    }

  account = gp_server_store_lookup_account (self->store, login, &error);
  if (error != NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  if (account != NULL && account->locked_until > now)
    {
      gp_server_audit (self, req, account->login, "login", NULL, "locked", NULL);
      respond_locked (self, req, account->locked_until);
      return;
    }

  /* An unknown account costs the same work and gets the same answer as a wrong password, so
   * accounts cannot be probed. */
  job = g_new0 (PasswordJob, 1);
  job->server = g_object_ref (self);
  job->login = g_strdup (login);
  job->known = account != NULL;
  job->hash = g_strdup (account != NULL ? account->password_hash : self->dummy_hash);
  job->password = g_strdup (password);
  job->req = gp_request_pause (req);
  run_password_job (job, login_verified_cb);
}

static void
whoami_cb (GpServer  *self,
           GpRequest *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *expires = gp_server_format_time (req->session->created_at + self->config->absolute_seconds);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires);
  json_builder_set_member_name (b, "idle_timeout_seconds");
  json_builder_add_int_value (b, self->config->idle_seconds);
  json_builder_set_member_name (b, "account");
  json_builder_begin_object (b);
  add_account_members (b, gp_request_get_account (req));
  json_builder_end_object (b);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_OK, b);
}

static void
logout_cb (GpServer  *self,
           GpRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!gp_server_store_delete_session (self->store, req->token_hash, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  gp_server_audit (self, req, gp_request_get_account (req)->login, "logout", NULL, "ok", NULL);
  gp_request_respond_no_content (req);
}

static void
password_changed_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PasswordJob *job = user_data;
  GpServer *self = job->server;
  GpRequest *req = job->req;
  g_autoptr(GpAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gint64 locked_until = 0;

  if (self->store == NULL)
    goto out;

  account = gp_server_store_lookup_account (self->store, job->login, &error);
  if (account == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      goto out;
    }

  if (!job->verified)
    {
      if (register_failure (self, account, &locked_until))
        {
          /* A stolen token must not become a way around the lockout. */
          gp_server_store_delete_session (self->store, req->token_hash, NULL);
          gp_server_audit (self, req, account->login, "password-change", NULL, "locked", NULL);
          respond_locked (self, req, locked_until);
        }
      else
        {
          gp_server_audit (self, req, account->login, "password-change", NULL, "wrong-password", NULL);
          gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "wrong-password",
                                    "The current password is wrong");
        }
      goto out;
    }

  if (job->new_hash == NULL ||
      !gp_server_store_set_password (self->store, account->id, job->new_hash, gp_server_now (self),
                                     req->token_hash, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      goto out;
    }

  gp_server_audit (self, req, account->login, "password-change", NULL, "ok", "other sessions ended");

  gp_request_get_account (req)->must_change_password = FALSE;
  whoami_cb (self, req);

out:
  gp_request_resume (req);
  password_job_free (job);
}

static void
change_password_cb (GpServer  *self,
                    GpRequest *req)
{
  static const char *const allowed[] = { "current_password", "new_password", NULL };
  JsonObject *body = gp_request_read_json_object (req);
  GpAccount *account = gp_request_get_account (req);
  g_autoptr(GPtrArray) problems = NULL;
  PasswordJob *job;
  const char *current;
  const char *new_password;

  if (!only_members (req, body, allowed) ||
      (current = require_string (req, body, "current_password")) == NULL ||
      (new_password = require_string (req, body, "new_password")) == NULL)
    return;

  if (strlen (current) > 1024)
    {
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "wrong-password", "The current password is wrong");
      return;
    }

  problems = gp_auth_check_password_policy (self->config, new_password, account->login, account->budget_code);
  if (problems->len == 0 && g_strcmp0 (current, new_password) == 0)
    gp_problems_add (problems, "new_password", "password-unchanged", "",
                     "The new password must differ from the current one");
  if (problems->len > 0)
    {
      gp_server_audit (self, req, account->login, "password-change", NULL, "rejected",
                       ((GpProblem *) g_ptr_array_index (problems, 0))->code);
      gp_request_respond_problems (req, SOUP_STATUS_UNPROCESSABLE_ENTITY, "password-policy",
                                   "The new password does not follow the password policy", problems);
      return;
    }

  job = g_new0 (PasswordJob, 1);
  job->server = g_object_ref (self);
  job->login = g_strdup (account->login);
  job->known = TRUE;
  job->hash = g_strdup (account->password_hash);
  job->password = g_strdup (current);
  job->new_password = g_strdup (new_password);
  job->req = gp_request_pause (req);
  run_password_job (job, password_changed_cb);
}

static void
audit_cb (GpServer  *self,
          GpRequest *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *after_text = gp_request_get_query (req, "after");
  const char *limit_text = gp_request_get_query (req, "limit");
  guint64 after = 0;
  guint64 limit = 100;

  if (gp_request_get_account (req)->role != GP_ROLE_ADMIN)
    {
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                                "Only administrators may read the audit log");
      return;
    }

  if ((after_text != NULL && !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT64, &after, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 1000, &limit, NULL)))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "after must be a whole number and limit one from 1 to 1000");
      return;
    }

  entries = gp_server_store_list_audit (self->store, (gint64) after, (guint) limit, &error);
  if (entries == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      GpAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *at = gp_server_format_time (e->at);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, e->id);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, at);
#define OPT(name, value) \
      json_builder_set_member_name (b, name); \
      if (value != NULL) json_builder_add_string_value (b, value); else json_builder_add_null_value (b);
      OPT ("account", e->account)
      OPT ("address", e->address)
      OPT ("action", e->action)
      OPT ("object", e->object)
      OPT ("outcome", e->outcome)
      OPT ("detail", e->detail)
#undef OPT
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next");
  json_builder_add_int_value (b, entries->len > 0
                              ? ((GpAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->id
                              : (gint64) after);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_OK, b);
}

static gboolean
require_admin (GpRequest *req)
{
  if (gp_request_get_account (req)->role != GP_ROLE_ADMIN)
    {
      gp_request_respond_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", "Only administrators manage accounts");
      return FALSE;
    }
  return TRUE;
}

static void
accounts_cb (GpServer  *self,
             GpRequest *req)
{
  const char *after_text = gp_request_get_query (req, "after");
  const char *limit_text = gp_request_get_query (req, "limit");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  guint64 after = 0;
  guint64 limit = 100;
  gint64 now = gp_server_now (self);

  if (!require_admin (req))
    return;
  if ((after_text != NULL && !g_ascii_string_to_unsigned (after_text, 10, 0, G_MAXINT64, &after, NULL)) ||
      (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 1000, &limit, NULL)))
    {
      gp_request_respond_error (req, SOUP_STATUS_BAD_REQUEST, "invalid-request",
                                "after must be an account id and limit from 1 to 1000");
      return;
    }

  accounts = gp_server_store_list_accounts (self->store, (gint64) after, (guint) limit, &error);
  if (accounts == NULL)
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  for (guint i = 0; i < accounts->len; i++)
    {
      GpAccount *a = g_ptr_array_index (accounts, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, a->id);
      add_account_members (b, a);
      json_builder_set_member_name (b, "locked_until");
      if (a->locked_until > now)
        {
          g_autofree char *until = gp_server_format_time (a->locked_until);

          json_builder_add_string_value (b, until);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "failed_attempts");
      json_builder_add_int_value (b, a->failed_attempts);
      json_builder_end_object (b);
      after = (guint64) a->id;
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next");
  json_builder_add_int_value (b, (gint64) after);
  json_builder_end_object (b);

  gp_request_respond_builder (req, SOUP_STATUS_OK, b);
}

/* Loads the account named in the path, or answers 404. */
static GpAccount *
load_account (GpServer  *self,
              GpRequest *req)
{
  g_autoptr(GError) error = NULL;
  GpAccount *account = gp_server_store_lookup_account (self->store, gp_request_get_param (req, 0), &error);

  if (error != NULL)
    gp_server_respond_internal_error (self, req, error);
  else if (account == NULL)
    gp_request_respond_error (req, SOUP_STATUS_NOT_FOUND, "not-found", "There is no account “%.64s”",
                              gp_request_get_param (req, 0));
  return account;
}

static void
unlock_cb (GpServer  *self,
           GpRequest *req)
{
  g_autoptr(GpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_admin (req) || (account = load_account (self, req)) == NULL)
    return;

  if (!gp_server_store_set_login_failures (self->store, account->id, 0, 0, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      return;
    }

  gp_server_audit (self, req, gp_request_get_account (req)->login, "account-unlock", account->login, "ok", NULL);
  gp_request_respond_no_content (req);
}

static void
reset_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PasswordJob *job = user_data;
  GpServer *self = job->server;
  GpRequest *req = job->req;
  g_autoptr(GpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    goto out;

  account = gp_server_store_lookup_account (self->store, job->login, &error);
  if (account == NULL || job->new_hash == NULL ||
      !gp_server_store_reset_password (self->store, account->id, job->new_hash, &error))
    {
      gp_server_respond_internal_error (self, req, error);
      goto out;
    }

  gp_server_audit (self, req, gp_request_get_account (req)->login, "account-reset-password", account->login,
                   "ok", "back to the initial password; sessions ended");
  gp_request_respond_no_content (req);

out:
  gp_request_resume (req);
  password_job_free (job);
}

static void
reset_password_cb (GpServer  *self,
                   GpRequest *req)
{
  g_autoptr(GpAccount) account = NULL;
  PasswordJob *job;

  if (!require_admin (req) || (account = load_account (self, req)) == NULL)
    return;

  /* Back to the initial password, the unit's budget code, which must be changed at the next
   * sign-in. The hash is made in the worker thread. */
  job = g_new0 (PasswordJob, 1);
  job->server = g_object_ref (self);
  job->login = g_strdup (account->login);
  job->known = TRUE;
  job->skip_verify = TRUE;
  job->new_password = g_strdup (account->budget_code);
  job->req = gp_request_pause (req);
  run_password_job (job, reset_done_cb);
}

void
gp_server_add_session_routes (GpServer *self)
{
  gp_server_add_route (self, "GET", "/api/v1/accounts", GP_ROUTE_AUTH_SESSION, accounts_cb);
  gp_server_add_route (self, "POST", "/api/v1/accounts/{login}/unlock", GP_ROUTE_AUTH_SESSION, unlock_cb);
  gp_server_add_route (self, "POST", "/api/v1/accounts/{login}/reset-password", GP_ROUTE_AUTH_SESSION,
                       reset_password_cb);
  gp_server_add_route (self, "POST", "/api/v1/session",
                       GP_ROUTE_AUTH_NONE | GP_ROUTE_JSON_BODY, login_cb);
  gp_server_add_route (self, "GET", "/api/v1/session",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_AUTH_INITIAL_ALLOWED, whoami_cb);
  gp_server_add_route (self, "DELETE", "/api/v1/session",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_AUTH_INITIAL_ALLOWED, logout_cb);
  gp_server_add_route (self, "POST", "/api/v1/session/password",
                       GP_ROUTE_AUTH_SESSION | GP_ROUTE_AUTH_INITIAL_ALLOWED | GP_ROUTE_JSON_BODY,
                       change_password_cb);
  gp_server_add_route (self, "GET", "/api/v1/audit", GP_ROUTE_AUTH_SESSION, audit_cb);
}
