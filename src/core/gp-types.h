/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-types.h: forward declarations and enums shared across src/core.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GpRole:
 * The roles of the platform (DOMAIN.md §5 roles; DESIGN.md §5).
 */
typedef enum {
  GP_ROLE_PURCHASER,  /* 采购人 (PUR) */
  GP_ROLE_AGENCY,     /* 代理机构 / 集中采购机构 (AGY) */
  GP_ROLE_SUPERVISOR, /* 财政监管 (FIN) */
  GP_ROLE_SUPPLIER,   /* 供应商 (SUP) */
  GP_ROLE_ADMIN,      /* platform administrator */
  GP_ROLE_SYSTEM,     /* the platform's own timers and guards (SYS) */
} GpRole;

G_END_DECLS
