/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-money.h: amounts of money as integer 分 (fen): parsing, display and contract uppercase.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GP_MONEY_MAX:
 *
 * The largest amount src/core accepts, in 分: 10^15 分 = 10^13 元 = 10 万亿元. That is far above any
 * procurement amount and leaves room to add many amounts without overflowing a #gint64 (whose limit
 * is about 9.2 × 10^18). Parsing refuses larger amounts with %GP_CORE_ERROR_OVERFLOW.
 */
#define GP_MONEY_MAX G_GINT64_CONSTANT (1000000000000000)

/* 1 元 = 100 分; 1 万元 = 1 000 000 分. */
#define GP_MONEY_FEN_PER_YUAN G_GINT64_CONSTANT (100)
#define GP_MONEY_FEN_PER_WAN  G_GINT64_CONSTANT (1000000)

gboolean  gp_money_parse                (const char *text,
                                         gint64     *out_fen,
                                         GError    **error);

G_GNUC_WARN_UNUSED_RESULT
char     *gp_money_format               (gint64      fen);
G_GNUC_WARN_UNUSED_RESULT
char     *gp_money_format_wan           (gint64      fen);
G_GNUC_WARN_UNUSED_RESULT
char     *gp_money_format_wan_with_unit (gint64      fen);
G_GNUC_WARN_UNUSED_RESULT
char     *gp_money_format_uppercase     (gint64      fen,
                                         GError    **error);

gint64    gp_money_percent_of           (gint64      fen,
                                         guint       basis_points);
gboolean  gp_money_add                  (gint64      a,
                                         gint64      b,
                                         gint64     *out);

G_END_DECLS
