/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-server-types.h: the records the server store hands to the routes (accounts, sessions, audit).
 */
#pragma once

#include "gp-role.h"

#include <glib.h>

#include "gp-lifecycle.h"
#include "gp-types.h"

G_BEGIN_DECLS

/* Times in this file are seconds since the Unix epoch (server clock). */

typedef struct {
  char   *name;
  char   *budget_code;  /* 预算编码 / 单位财政编码 */
  char   *region;       /* 行政区划 */
  GpRole  role;
  char   *uscc;         /* 统一社会信用代码 of an agency or supplier; NULL otherwise */
} GpUnitRecord;

typedef struct {
  gint64   id;
  char    *login;
  char    *password_hash;       /* Argon2id, libsodium crypto_pwhash_str format */
  gboolean must_change_password;
  GpDuty   duties;
  guint    failed_attempts;
  gint64   locked_until;
  gint64   unit_id;
  char    *unit_name;
  char    *budget_code;
  char    *region;
  GpRole   role;
  char    *uscc;          /* the unit's 统一社会信用代码, or NULL */
} GpAccount;

typedef struct {
  GpAccount *account;
  gint64     created_at;
  gint64     last_used_at;
} GpSession;

typedef struct {
  gint64  id;
  gint64  at;
  char   *account;   /* login, or NULL when unknown */
  char   *address;
  char   *action;    /* "login", "logout", "password-change", "project-update", … */
  char   *object;    /* what it was about, e.g. a project id; may be NULL */
  char   *outcome;   /* "ok", "denied", "locked", "invalid", … */
  char   *detail;    /* may be NULL */
} GpAuditEntry;

void         gp_unit_record_free (GpUnitRecord *unit);
void         gp_account_free     (GpAccount    *account);
void         gp_session_free     (GpSession    *session);
void         gp_audit_entry_free (GpAuditEntry *entry);

gboolean     gp_server_duties_from_string (const char *name,
                                           GpDuty     *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpUnitRecord, gp_unit_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpAccount, gp_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpSession, gp_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpAuditEntry, gp_audit_entry_free)

G_END_DECLS
