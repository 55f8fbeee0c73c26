/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-store.c: the one interface between the server's routes and its storage backend.
 */
#include "config.h"

#include "gp-server-store.h"

G_DEFINE_INTERFACE (GpServerStore, gp_server_store, G_TYPE_OBJECT)

static void
gp_server_store_default_init (GpServerStoreInterface *iface)
{
}

void
gp_stored_project_free (GpStoredProject *project)
{
  if (project == NULL)
    return;
  g_free (project->id);
  g_free (project->region);
  g_free (project->status);
  g_free (project->stage);
  g_free (project->name);
  g_free (project->json);
  g_free (project->agency_uscc);
  g_free (project->supplier_uscc);
  g_free (project);
}

void
gp_notice_free (GpNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->project_id);
  g_free (notice->code);
  g_free (notice->type_name);
  g_free (notice->region);
  g_free (notice->title);
  g_free (notice->purchaser);
  g_free (notice);
}

void
gp_registry_record_free (GpRegistryRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->id);
  g_free (record->name);
  g_free (record->code);
  g_free (record->json);
  g_free (record);
}

void
gp_idempotent_answer_free (GpIdempotentAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->request_hash);
  g_free (answer->body);
  g_free (answer);
}

gboolean
gp_server_store_get_schema_version (GpServerStore *self,
                                    guint *version,
                                    GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->get_schema_version (self, version, error);
}

gboolean
gp_server_store_check (GpServerStore *self,
                       GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->check (self, error);
}

void
gp_server_store_close (GpServerStore *self)
{
  g_return_if_fail (GP_IS_SERVER_STORE (self));

  GP_SERVER_STORE_GET_IFACE (self)->close (self);
}

gboolean
gp_server_store_begin (GpServerStore *self,
                       GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->begin (self, error);
}

gboolean
gp_server_store_commit (GpServerStore *self,
                        GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->commit (self, error);
}

void
gp_server_store_rollback (GpServerStore *self)
{
  g_return_if_fail (GP_IS_SERVER_STORE (self));

  GP_SERVER_STORE_GET_IFACE (self)->rollback (self);
}

gboolean
gp_server_store_ensure_unit (GpServerStore *self,
                             const GpUnitRecord *unit,
                             gint64 now,
                             gint64 *unit_id,
                             gboolean *created,
                             GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->ensure_unit (self, unit, now, unit_id, created, error);
}

gboolean
gp_server_store_add_account (GpServerStore *self,
                             gint64 unit_id,
                             const char *login,
                             const char *password_hash,
                             GpDuty duties,
                             gint64 now,
                             gboolean *created,
                             GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->add_account (self, unit_id, login, password_hash, duties, now, created, error);
}

GpAccount *
gp_server_store_lookup_account (GpServerStore *self,
                                const char *login,
                                GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->lookup_account (self, login, error);
}

gboolean
gp_server_store_set_login_failures (GpServerStore *self,
                                    gint64 account_id,
                                    guint failed_attempts,
                                    gint64 locked_until,
                                    GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->set_login_failures (self, account_id, failed_attempts, locked_until, error);
}

GPtrArray *
gp_server_store_list_accounts (GpServerStore  *self,
                               gint64          after_id,
                               guint           limit,
                               GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->list_accounts (self, after_id, limit, error);
}

gboolean
gp_server_store_reset_password (GpServerStore  *self,
                                gint64          account_id,
                                const char     *password_hash,
                                GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->reset_password (self, account_id, password_hash, error);
}

gboolean
gp_server_store_set_password (GpServerStore *self,
                              gint64 account_id,
                              const char *password_hash,
                              gint64 now,
                              const guint8 *keep_token_hash,
                              GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->set_password (self, account_id, password_hash, now, keep_token_hash, error);
}

gboolean
gp_server_store_create_session (GpServerStore *self,
                                const guint8 *token_hash,
                                gint64 account_id,
                                gint64 now,
                                const char *address,
                                GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->create_session (self, token_hash, account_id, now, address, error);
}

GpSession *
gp_server_store_lookup_session (GpServerStore *self,
                                const guint8 *token_hash,
                                GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->lookup_session (self, token_hash, error);
}

gboolean
gp_server_store_touch_session (GpServerStore *self,
                               const guint8 *token_hash,
                               gint64 now,
                               GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->touch_session (self, token_hash, now, error);
}

gboolean
gp_server_store_delete_session (GpServerStore *self,
                                const guint8 *token_hash,
                                GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->delete_session (self, token_hash, error);
}

gboolean
gp_server_store_append_audit (GpServerStore *self,
                              const GpAuditEntry *entry,
                              GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->append_audit (self, entry, error);
}

GPtrArray *
gp_server_store_list_audit (GpServerStore *self,
                            gint64 after_id,
                            guint limit,
                            GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->list_audit (self, after_id, limit, error);
}

GpStoredProject *
gp_server_store_get_project (GpServerStore *self,
                             const char *id,
                             GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->get_project (self, id, error);
}

gboolean
gp_server_store_put_project (GpServerStore *self,
                             GpStoredProject *project,
                             GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->put_project (self, project, error);
}

GPtrArray *
gp_server_store_list_changes (GpServerStore *self,
                              const GpVisibility *visibility,
                              gint64 since_seq,
                              guint limit,
                              GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->list_changes (self, visibility, since_seq, limit, error);
}

GpIdempotentAnswer *
gp_server_store_get_idempotent (GpServerStore *self,
                                gint64 account_id,
                                const char *key,
                                GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->get_idempotent (self, account_id, key, error);
}

gboolean
gp_server_store_put_idempotent (GpServerStore *self,
                                gint64 account_id,
                                const char *key,
                                const GpIdempotentAnswer *answer,
                                gint64 now,
                                GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->put_idempotent (self, account_id, key, answer, now, error);
}

gboolean
gp_server_store_add_notice (GpServerStore  *self,
                            GpNotice       *notice,
                            GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->add_notice (self, notice, error);
}

GPtrArray *
gp_server_store_list_notices (GpServerStore       *self,
                              const GpNoticeQuery *query,
                              GError             **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->list_notices (self, query, error);
}

gboolean
gp_server_store_put_registry (GpServerStore     *self,
                              GpRegistryRecord  *record,
                              gboolean          *created,
                              GError           **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->put_registry (self, record, created, error);
}

GPtrArray *
gp_server_store_list_registry (GpServerStore  *self,
                               const char     *kind,
                               gint64          since_seq,
                               guint           limit,
                               GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->list_registry (self, kind, since_seq, limit, error);
}

GPtrArray *
gp_server_store_search_registry (GpServerStore  *self,
                                 const char     *kind,
                                 const char     *query,
                                 guint           offset,
                                 guint           limit,
                                 guint          *total,
                                 GError        **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), NULL);

  return GP_SERVER_STORE_GET_IFACE (self)->search_registry (self, kind, query, offset, limit, total, error);
}

gboolean
gp_server_store_purge (GpServerStore *self,
                       gint64 idempotency_before,
                       gint64 sessions_idle_before,
                       GError **error)
{
  g_return_val_if_fail (GP_IS_SERVER_STORE (self), FALSE);

  return GP_SERVER_STORE_GET_IFACE (self)->purge (self, idempotency_before, sessions_idle_before, error);
}
