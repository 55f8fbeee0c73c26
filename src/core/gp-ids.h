/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-ids.h: identifiers: 统一社会信用代码, 行政区划, 预算编码, 品目, project codes and UUIDs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GpRegionLevel:
 * @GP_REGION_LEVEL_PROVINCE: a province (省级, xx0000), or a platform's 省本级 code (xx00yy)
 * @GP_REGION_LEVEL_CITY: a prefecture-level city (市级, xxxx00)
 * @GP_REGION_LEVEL_COUNTY: a county or district (县级)
 *
 * The level of a 行政区划 code (GB/T 2260).
 */
typedef enum {
  GP_REGION_LEVEL_PROVINCE,
  GP_REGION_LEVEL_CITY,
  GP_REGION_LEVEL_COUNTY,
} GpRegionLevel;

/**
 * GpCatalogKind:
 * @GP_CATALOG_KIND_GOODS: A, 货物
 * @GP_CATALOG_KIND_WORKS: B, 工程
 * @GP_CATALOG_KIND_SERVICES: C, 服务
 *
 * The nature of a 品目 (procurement catalogue) code, from its first letter.
 */
typedef enum {
  GP_CATALOG_KIND_GOODS,
  GP_CATALOG_KIND_WORKS,
  GP_CATALOG_KIND_SERVICES,
} GpCatalogKind;

/* 统一社会信用代码 (GB 32100-2015) */
gboolean       gp_uscc_validate             (const char  *code,
                                             GError     **error);
char           gp_uscc_compute_check        (const char  *first17);

/* 行政区划 (GB/T 2260) */
gboolean       gp_region_code_validate      (const char  *code,
                                             GError     **error);
GpRegionLevel  gp_region_code_level         (const char  *code);
G_GNUC_WARN_UNUSED_RESULT
char          *gp_region_code_parent        (const char  *code);
gboolean       gp_region_code_contains      (const char  *ancestor,
                                             const char  *code);
gboolean       gp_region_code_on_platform   (const char  *code);

/* 预算编码 */
gboolean       gp_budget_code_validate      (const char  *code,
                                             GError     **error);

/* 品目分类目录 */
gboolean       gp_catalog_code_validate     (const char  *code,
                                             GError     **error);
GpCatalogKind  gp_catalog_code_kind         (const char  *code);

/* 项目编号 */
gboolean       gp_project_code_validate     (const char  *code,
                                             GError     **error);

/* Record identifiers */
G_GNUC_WARN_UNUSED_RESULT
char          *gp_uuid_new                  (void);
gboolean       gp_uuid_validate             (const char  *s);

G_END_DECLS
