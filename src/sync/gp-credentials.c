/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-credentials.c: secrets in the keyring through libsecret, with a timeout and an in-memory fallback.
 *
 * One static schema; its attributes (server, account, kind) name the secret and hold nothing secret
 * (DESIGN.md §5). Every keyring call is async and its answer bounded by a timeout, because one setup
 * hangs forever (no session bus but a DISPLAY: TOOLCHAIN-NOTES.md). When the keyring cannot be used the
 * secret is kept in this process's memory only, and the object says so through its properties; it
 * never falls back to a file, SQLite or GSettings.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "gp-credentials.h"

#define DEFAULT_TIMEOUT_SECONDS 5

static const SecretSchema gp_credentials_schema = {
  "org.gpcloud.GpCloud.Credentials",
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

struct _GpCredentials
{
  GObject parent_instance;

  GHashTable *memory;          /* "server\037account\037kind" → secret */
  char       *keyring_error;   /* why the keyring is not used, or NULL */
  guint       timeout_seconds;
  guint       keyring_available : 1;
};

enum {
  PROP_0,
  PROP_KEYRING_AVAILABLE,
  PROP_KEYRING_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GpCredentials, gp_credentials, G_TYPE_OBJECT)

/* One keyring call. Its GTask is answered once: by libsecret's callback, or by the timeout, which
 * answers "keyring unavailable" and leaves the call to finish in the background. libsecret's call is
 * never cancelled by the timeout: cancelling it can make libsecret answer its own task twice, and on a
 * desktop it would close the prompt that is unlocking the keyring. Only the caller's cancellable
 * reaches libsecret. */
typedef enum {
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
} OpKind;

typedef struct {
  GTask  *task;
  OpKind  kind;
  char   *server;
  char   *account;
  char   *secret_kind;
  guint   timeout_id;
  guint   answered : 1;
} Op;

static void
wipe_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_clear_object (&op->task);
  g_free (op->server);
  g_free (op->account);
  g_free (op->secret_kind);
  g_free (op);
}

static char *
memory_key (const char *server,
            const char *account,
            const char *kind)
{
  return g_strjoin ("\037", server, account, kind, NULL);
}

static void
gp_credentials_mark_unavailable (GpCredentials *self,
                                 const char    *reason)
{
  gboolean was_available = self->keyring_available;

  g_free (self->keyring_error);
  self->keyring_error = g_strdup (reason);
  self->keyring_available = FALSE;

  if (was_available)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_AVAILABLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_ERROR]);
}

/* Answers the caller as if the keyring were not there: the secret stays in memory only. */
static void
op_answer_without_keyring (Op *op)
{
  op->answered = TRUE;
  switch (op->kind)
    {
    case OP_STORE:
      g_task_return_boolean (op->task, FALSE);
      break;

    case OP_LOOKUP:
      g_task_return_pointer (op->task, NULL, NULL);
      break;

    case OP_CLEAR:
    default:
      g_task_return_boolean (op->task, TRUE);
      break;
    }
}

static gboolean
op_timeout_cb (gpointer data)
{
  Op *op = data;

  op->timeout_id = 0;
  if (!op->answered)
    {
      gp_credentials_mark_unavailable (g_task_get_source_object (op->task),
                                       _("The system keyring did not answer in time"));
      op_answer_without_keyring (op);
    }

  return G_SOURCE_REMOVE;
}

static Op *
op_new (GpCredentials *self,
        GTask         *task,
        OpKind         kind,
        const char    *server,
        const char    *account,
        const char    *secret_kind)
{
  Op *op = g_new0 (Op, 1);

  op->task = g_object_ref (task);
  op->kind = kind;
  op->server = g_strdup (server);
  op->account = g_strdup (account);
  op->secret_kind = g_strdup (secret_kind);
  op->timeout_id = g_timeout_add_seconds (self->timeout_seconds, op_timeout_cb, op);

  return op;
}

/* libsecret answered. Returns FALSE when the caller already has its answer (after a timeout), and
 * frees nothing: the caller of this function frees @op. */
static gboolean
op_finish_failed (Op           *op,
                  const GError *error)
{
  GpCredentials *self = g_task_get_source_object (op->task);
  g_autofree char *reason = NULL;

  if (op->answered)
    return FALSE;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      op->answered = TRUE;
      g_task_return_error (op->task, g_error_copy (error));
      return TRUE;
    }

  if (error != NULL)
    /* Translators: %s is the technical reason from the keyring service. */
    reason = g_strdup_printf (_("The system keyring cannot be used: %s"), error->message);
  else
    reason = g_strdup (_("The system keyring did not keep the secret"));

  gp_credentials_mark_unavailable (self, reason);
  op_answer_without_keyring (op);

  return TRUE;
}

GpCredentials *
gp_credentials_new (void)
{
  return g_object_new (GP_TYPE_CREDENTIALS, NULL);
}

/**
 * gp_credentials_set_timeout:
 * @seconds: the longest time one keyring call may take before the keyring counts as unusable
 */
void
gp_credentials_set_timeout (GpCredentials *self,
                            guint          seconds)
{
  g_return_if_fail (GP_IS_CREDENTIALS (self));
  g_return_if_fail (seconds > 0);

  self->timeout_seconds = seconds;
}

/**
 * gp_credentials_get_keyring_available:
 *
 * Returns: %FALSE once a keyring call failed; secrets are then kept in memory only.
 */
gboolean
gp_credentials_get_keyring_available (GpCredentials *self)
{
  g_return_val_if_fail (GP_IS_CREDENTIALS (self), FALSE);

  return self->keyring_available;
}

/**
 * gp_credentials_get_keyring_error:
 *
 * Returns: (nullable): why the keyring is not used, in words for the user.
 */
const char *
gp_credentials_get_keyring_error (GpCredentials *self)
{
  g_return_val_if_fail (GP_IS_CREDENTIALS (self), NULL);

  return self->keyring_error;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      if (!op->answered)
        {
          op->answered = TRUE;
          g_task_return_boolean (op->task, TRUE);
        }
    }
  else
    op_finish_failed (op, error);

  op_free (op);
}

/**
 * gp_credentials_store_async:
 * @server: the server's base address
 * @account: the account name
 * @kind: %GP_CREDENTIAL_TOKEN or %GP_CREDENTIAL_PASSWORD
 * @secret: the secret itself
 *
 * Keeps @secret for this process at once, and in the keyring when it can be used.
 */
void
gp_credentials_store_async (GpCredentials       *self,
                            const char          *server,
                            const char          *account,
                            const char          *kind,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (GP_IS_CREDENTIALS (self));
  g_return_if_fail (server != NULL && account != NULL && kind != NULL && secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_credentials_store_async);

  g_hash_table_replace (self->memory, memory_key (server, account, kind), g_strdup (secret));

  if (!self->keyring_available)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  /* Translators: the label of a secret in the keyring; %s are the account and the server. */
  label = g_strdup_printf (_("Procurement Cloud: %s at %s"), account, server);
  secret_password_store (&gp_credentials_schema, SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         store_cb, op_new (self, task, OP_STORE, server, account, kind),
                         "server", server, "account", account, "kind", kind,
                         NULL);
}

/**
 * gp_credentials_store_finish:
 * @out_in_keyring: (out) (optional): whether the secret reached the keyring (else memory only)
 *
 * Returns: %TRUE unless the caller cancelled.
 */
gboolean
gp_credentials_store_finish (GpCredentials  *self,
                             GAsyncResult   *result,
                             gboolean       *out_in_keyring,
                             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean in_keyring;

  g_return_val_if_fail (GP_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  in_keyring = g_task_propagate_boolean (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (out_in_keyring != NULL)
    *out_in_keyring = in_keyring;

  return TRUE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Op *op = user_data;
  GpCredentials *self = g_task_get_source_object (op->task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error == NULL)
    {
      if (secret != NULL)
        g_hash_table_replace (self->memory, memory_key (op->server, op->account, op->secret_kind), g_strdup (secret));
      if (!op->answered)
        {
          op->answered = TRUE;
          g_task_return_pointer (op->task, secret, wipe_free);
        }
      else
        wipe_free (secret);
    }
  else
    op_finish_failed (op, error);

  op_free (op);
}

/**
 * gp_credentials_lookup_async:
 *
 * Finds a secret: first what this process already holds, then the keyring.
 */
void
gp_credentials_lookup_async (GpCredentials       *self,
                             const char          *server,
                             const char          *account,
                             const char          *kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  const char *held;

  g_return_if_fail (GP_IS_CREDENTIALS (self));
  g_return_if_fail (server != NULL && account != NULL && kind != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_credentials_lookup_async);

  key = memory_key (server, account, kind);
  held = g_hash_table_lookup (self->memory, key);
  if (held != NULL || !self->keyring_available)
    {
      g_task_return_pointer (task, g_strdup (held), wipe_free);
      return;
    }

  secret_password_lookup (&gp_credentials_schema, cancellable, lookup_cb,
                          op_new (self, task, OP_LOOKUP, server, account, kind),
                          "server", server, "account", account, "kind", kind,
                          NULL);
}

/**
 * gp_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL when none is kept. Free it with care: it is
 *   a secret.
 */
char *
gp_credentials_lookup_finish (GpCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (GP_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    op_finish_failed (op, error);
  else if (!op->answered)
    {
      op->answered = TRUE;
      g_task_return_boolean (op->task, TRUE);
    }

  op_free (op);
}

/**
 * gp_credentials_clear_async:
 *
 * Forgets every secret of @account at @server, in memory and in the keyring (signing out).
 */
void
gp_credentials_clear_async (GpCredentials       *self,
                            const char          *server,
                            const char          *account,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  static const char *kinds[] = { GP_CREDENTIAL_TOKEN, GP_CREDENTIAL_PASSWORD };

  g_return_if_fail (GP_IS_CREDENTIALS (self));
  g_return_if_fail (server != NULL && account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gp_credentials_clear_async);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *key = memory_key (server, account, kinds[i]);

      g_hash_table_remove (self->memory, key);
    }

  if (!self->keyring_available)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Without "kind", every secret of the account at the server matches. */
  secret_password_clear (&gp_credentials_schema, cancellable, clear_cb,
                         op_new (self, task, OP_CLEAR, server, account, NULL),
                         "server", server, "account", account,
                         NULL);
}

gboolean
gp_credentials_clear_finish (GpCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (GP_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gp_credentials_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GpCredentials *self = GP_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_KEYRING_AVAILABLE:
      g_value_set_boolean (value, self->keyring_available);
      break;

    case PROP_KEYRING_ERROR:
      g_value_set_string (value, self->keyring_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_credentials_finalize (GObject *object)
{
  GpCredentials *self = GP_CREDENTIALS (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);
  g_clear_pointer (&self->keyring_error, g_free);

  G_OBJECT_CLASS (gp_credentials_parent_class)->finalize (object);
}

static void
gp_credentials_class_init (GpCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gp_credentials_finalize;
  object_class->get_property = gp_credentials_get_property;

  properties[PROP_KEYRING_AVAILABLE] =
    g_param_spec_boolean ("keyring-available", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KEYRING_ERROR] =
    g_param_spec_string ("keyring-error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gp_credentials_init (GpCredentials *self)
{
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
  self->keyring_available = TRUE;
}
