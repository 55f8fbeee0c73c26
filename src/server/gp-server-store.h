/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-store.h: the one interface between the server's routes and its storage backend.
 *
 * The routes only see this interface, so a PostgreSQL backend can follow without touching them.
 * Policy (lockout thresholds, expiry, authorization) lives in the routes; the store keeps data and
 * makes each method one atomic step.
 *
 * Lookups (lookup_account, lookup_session, get_project, get_idempotent) return %NULL without an
 * error when there is no such row, and %NULL with an error when the store failed.
 */
#pragma once

#include <glib-object.h>

#include "gp-server-types.h"

G_BEGIN_DECLS

#define GP_TYPE_SERVER_STORE (gp_server_store_get_type ())

G_DECLARE_INTERFACE (GpServerStore, gp_server_store, GP, SERVER_STORE, GObject)

/**
 * GpStoredProject:
 * A project as the store keeps it: the wire JSON plus the columns used for authorization and
 * lists. @seq is its position in the change feed.
 */
typedef struct {
  char    *id;
  gint64   rev;
  gint64   seq;
  gint64   unit_id;
  char    *region;
  char    *status;
  char    *stage;
  char    *name;
  gint64   updated;
  gboolean deleted;
  char    *json;
  char    *agency_uscc;    /* the entrusted agency, or NULL */
  char    *supplier_uscc;  /* the e-mall or contract supplier, or NULL */
} GpStoredProject;

void gp_stored_project_free (GpStoredProject *project);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpStoredProject, gp_stored_project_free)

/**
 * GpVisibility:
 * Which projects a caller may see: all (@all), or those matching every rule that is set: of
 * @unit_id, whose region starts with @region_prefix, entrusted to @agency_uscc, supplied by
 * @supplier_uscc, and not drafts when @exclude_drafts.
 */
typedef struct {
  gboolean    all;
  gint64      unit_id;        /* 0 = no unit rule */
  const char *region_prefix;  /* NULL = no region rule */
  gboolean    exclude_drafts;
  const char *agency_uscc;    /* NULL = no agency rule */
  const char *supplier_uscc;  /* NULL = no supplier rule */
} GpVisibility;

/**
 * GpNotice:
 * A public notice (公告) the platform published for a project step.
 */
typedef struct {
  gint64  id;
  char   *project_id;
  char   *code;        /* gdgpo noticeType prefix, e.g. "59" 采购意向公开 */
  char   *type_name;   /* its Chinese name */
  char   *region;
  char   *title;
  char   *purchaser;
  gint64  published;   /* seconds */
} GpNotice;

void gp_notice_free (GpNotice *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpNotice, gp_notice_free)

typedef struct {
  const char *region_prefix;  /* NULL = all */
  const char *code;           /* NULL = all types */
  gint64      from;           /* seconds, 0 = open */
  gint64      to;             /* seconds, 0 = open */
  gint64      after_id;       /* paging */
  guint       limit;
} GpNoticeQuery;

/**
 * GpRegistryRecord:
 * One entry of a registry (采购人库 purchaser, 评审专家库 expert, 代理机构库 agency, 供应商库 supplier,
 * 商品库 product). @json is the entry's whole wire object; @seq its position in the registry feed.
 */
typedef struct {
  char    *kind;
  char    *id;
  char    *name;
  char    *code;
  gboolean deleted;
  char    *json;
  gint64   seq;
} GpRegistryRecord;

void gp_registry_record_free (GpRegistryRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpRegistryRecord, gp_registry_record_free)

/**
 * GpIdempotentAnswer:
 * What a write with an Idempotency-Key answered the first time.
 */
typedef struct {
  char  *request_hash;  /* hex SHA-256 of method, path and body */
  guint  status;
  char  *body;
} GpIdempotentAnswer;

void gp_idempotent_answer_free (GpIdempotentAnswer *answer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpIdempotentAnswer, gp_idempotent_answer_free)

struct _GpServerStoreInterface
{
  GTypeInterface parent_iface;

  gboolean (*get_schema_version)   (GpServerStore  *self,
                                    guint          *version,
                                    GError        **error);
  gboolean (*check)                (GpServerStore  *self,
                                    GError        **error);
  void     (*close)                (GpServerStore  *self);

  /* Transactions around several calls (import, project writes). */
  gboolean (*begin)                (GpServerStore  *self,
                                    GError        **error);
  gboolean (*commit)               (GpServerStore  *self,
                                    GError        **error);
  void     (*rollback)             (GpServerStore  *self);

  /* Units and accounts */
  gboolean (*ensure_unit)          (GpServerStore       *self,
                                    const GpUnitRecord  *unit,
                                    gint64               now,
                                    gint64              *unit_id,
                                    gboolean            *created,
                                    GError             **error);
  gboolean (*add_account)          (GpServerStore  *self,
                                    gint64          unit_id,
                                    const char     *login,
                                    const char     *password_hash,
                                    GpDuty          duties,
                                    gint64          now,
                                    gboolean       *created,
                                    GError        **error);
  GpAccount *(*lookup_account)     (GpServerStore  *self,
                                    const char     *login,
                                    GError        **error);
  gboolean (*set_login_failures)   (GpServerStore  *self,
                                    gint64          account_id,
                                    guint           failed_attempts,
                                    gint64          locked_until,
                                    GError        **error);
  GPtrArray *(*list_accounts)      (GpServerStore  *self,
                                    gint64          after_id,
                                    guint           limit,
                                    GError        **error);
  gboolean (*reset_password)       (GpServerStore  *self,
                                    gint64          account_id,
                                    const char     *password_hash,
                                    GError        **error);
  gboolean (*set_password)         (GpServerStore  *self,
                                    gint64          account_id,
                                    const char     *password_hash,
                                    gint64          now,
                                    const guint8   *keep_token_hash,
                                    GError        **error);

  /* Sessions, keyed by the hash of their token (32 bytes) */
  gboolean (*create_session)       (GpServerStore  *self,
                                    const guint8   *token_hash,
                                    gint64          account_id,
                                    gint64          now,
                                    const char     *address,
                                    GError        **error);
  GpSession *(*lookup_session)     (GpServerStore  *self,
                                    const guint8   *token_hash,
                                    GError        **error);
  gboolean (*touch_session)        (GpServerStore  *self,
                                    const guint8   *token_hash,
                                    gint64          now,
                                    GError        **error);
  gboolean (*delete_session)       (GpServerStore  *self,
                                    const guint8   *token_hash,
                                    GError        **error);

  /* The append-only audit log */
  gboolean (*append_audit)         (GpServerStore       *self,
                                    const GpAuditEntry  *entry,
                                    GError             **error);
  GPtrArray *(*list_audit)         (GpServerStore  *self,
                                    gint64          after_id,
                                    guint           limit,
                                    GError        **error);

  /* Projects and the change feed */
  GpStoredProject *(*get_project)  (GpServerStore  *self,
                                    const char     *id,
                                    GError        **error);
  gboolean (*put_project)          (GpServerStore   *self,
                                    GpStoredProject *project,
                                    GError         **error);
  GPtrArray *(*list_changes)       (GpServerStore      *self,
                                    const GpVisibility *visibility,
                                    gint64              since_seq,
                                    guint               limit,
                                    GError            **error);

  /* Idempotency keys */
  GpIdempotentAnswer *(*get_idempotent) (GpServerStore  *self,
                                         gint64          account_id,
                                         const char     *key,
                                         GError        **error);
  gboolean (*put_idempotent)       (GpServerStore            *self,
                                    gint64                    account_id,
                                    const char               *key,
                                    const GpIdempotentAnswer *answer,
                                    gint64                    now,
                                    GError                  **error);
  gboolean (*add_notice)           (GpServerStore  *self,
                                    GpNotice       *notice,
                                    GError        **error);
  GPtrArray *(*list_notices)       (GpServerStore       *self,
                                    const GpNoticeQuery *query,
                                    GError             **error);
  gboolean (*put_registry)         (GpServerStore     *self,
                                    GpRegistryRecord  *record,
                                    gboolean          *created,
                                    GError           **error);
  GPtrArray *(*list_registry)      (GpServerStore  *self,
                                    const char     *kind,
                                    gint64          since_seq,
                                    guint           limit,
                                    GError        **error);
  GPtrArray *(*search_registry)    (GpServerStore  *self,
                                    const char     *kind,
                                    const char     *query,
                                    guint           offset,
                                    guint           limit,
                                    guint          *total,
                                    GError        **error);
  gboolean (*purge)                (GpServerStore  *self,
                                    gint64          idempotency_before,
                                    gint64          sessions_idle_before,
                                    GError        **error);
};

gboolean         gp_server_store_get_schema_version (GpServerStore  *self,
                                                     guint          *version,
                                                     GError        **error);
gboolean         gp_server_store_check              (GpServerStore  *self,
                                                     GError        **error);
void             gp_server_store_close              (GpServerStore  *self);
gboolean         gp_server_store_begin              (GpServerStore  *self,
                                                     GError        **error);
gboolean         gp_server_store_commit             (GpServerStore  *self,
                                                     GError        **error);
void             gp_server_store_rollback           (GpServerStore  *self);
gboolean         gp_server_store_ensure_unit        (GpServerStore       *self,
                                                     const GpUnitRecord  *unit,
                                                     gint64               now,
                                                     gint64              *unit_id,
                                                     gboolean            *created,
                                                     GError             **error);
gboolean         gp_server_store_add_account        (GpServerStore  *self,
                                                     gint64          unit_id,
                                                     const char     *login,
                                                     const char     *password_hash,
                                                     GpDuty          duties,
                                                     gint64          now,
                                                     gboolean       *created,
                                                     GError        **error);
GpAccount       *gp_server_store_lookup_account     (GpServerStore  *self,
                                                     const char     *login,
                                                     GError        **error);
gboolean         gp_server_store_set_login_failures (GpServerStore  *self,
                                                     gint64          account_id,
                                                     guint           failed_attempts,
                                                     gint64          locked_until,
                                                     GError        **error);
GPtrArray       *gp_server_store_list_accounts      (GpServerStore  *self,
                                                     gint64          after_id,
                                                     guint           limit,
                                                     GError        **error);
gboolean         gp_server_store_reset_password     (GpServerStore  *self,
                                                     gint64          account_id,
                                                     const char     *password_hash,
                                                     GError        **error);
gboolean         gp_server_store_set_password       (GpServerStore  *self,
                                                     gint64          account_id,
                                                     const char     *password_hash,
                                                     gint64          now,
                                                     const guint8   *keep_token_hash,
                                                     GError        **error);
gboolean         gp_server_store_create_session     (GpServerStore  *self,
                                                     const guint8   *token_hash,
                                                     gint64          account_id,
                                                     gint64          now,
                                                     const char     *address,
                                                     GError        **error);
GpSession       *gp_server_store_lookup_session     (GpServerStore  *self,
                                                     const guint8   *token_hash,
                                                     GError        **error);
gboolean         gp_server_store_touch_session      (GpServerStore  *self,
                                                     const guint8   *token_hash,
                                                     gint64          now,
                                                     GError        **error);
gboolean         gp_server_store_delete_session     (GpServerStore  *self,
                                                     const guint8   *token_hash,
                                                     GError        **error);
gboolean         gp_server_store_append_audit       (GpServerStore       *self,
                                                     const GpAuditEntry  *entry,
                                                     GError             **error);
GPtrArray       *gp_server_store_list_audit         (GpServerStore  *self,
                                                     gint64          after_id,
                                                     guint           limit,
                                                     GError        **error);
GpStoredProject *gp_server_store_get_project        (GpServerStore  *self,
                                                     const char     *id,
                                                     GError        **error);
gboolean         gp_server_store_put_project        (GpServerStore   *self,
                                                     GpStoredProject *project,
                                                     GError         **error);
GPtrArray       *gp_server_store_list_changes       (GpServerStore      *self,
                                                     const GpVisibility *visibility,
                                                     gint64              since_seq,
                                                     guint               limit,
                                                     GError            **error);
GpIdempotentAnswer *gp_server_store_get_idempotent  (GpServerStore  *self,
                                                     gint64          account_id,
                                                     const char     *key,
                                                     GError        **error);
gboolean         gp_server_store_put_idempotent     (GpServerStore            *self,
                                                     gint64                    account_id,
                                                     const char               *key,
                                                     const GpIdempotentAnswer *answer,
                                                     gint64                    now,
                                                     GError                  **error);
gboolean         gp_server_store_add_notice         (GpServerStore  *self,
                                                     GpNotice       *notice,
                                                     GError        **error);
GPtrArray       *gp_server_store_list_notices       (GpServerStore       *self,
                                                     const GpNoticeQuery *query,
                                                     GError             **error);
gboolean         gp_server_store_put_registry       (GpServerStore     *self,
                                                     GpRegistryRecord  *record,
                                                     gboolean          *created,
                                                     GError           **error);
GPtrArray       *gp_server_store_list_registry      (GpServerStore  *self,
                                                     const char     *kind,
                                                     gint64          since_seq,
                                                     guint           limit,
                                                     GError        **error);
GPtrArray       *gp_server_store_search_registry    (GpServerStore  *self,
                                                     const char     *kind,
                                                     const char     *query,
                                                     guint           offset,
                                                     guint           limit,
                                                     guint          *total,
                                                     GError        **error);
gboolean         gp_server_store_purge              (GpServerStore  *self,
                                                     gint64          idempotency_before,
                                                     gint64          sessions_idle_before,
                                                     GError        **error);

G_END_DECLS
