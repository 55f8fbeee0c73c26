/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-server.h: start the real gpcloud-server on a free loopback port for a test, and talk to it.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _GpTestServer GpTestServer;

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;  /* NULL unless the body is JSON */
} GpTestResponse;

GpTestServer   *gp_test_server_new           (GError            **error);
gboolean        gp_test_server_launch        (GpTestServer       *ts,
                                              const char         *extra_args[],
                                              GError            **error);
GpTestServer   *gp_test_server_start         (const char         *extra_args[],
                                              GError            **error);
void            gp_test_server_setenv        (GpTestServer       *ts,
                                              const char         *name,
                                              const char         *value);
const char     *gp_test_server_get_base_url  (GpTestServer       *ts);
const char     *gp_test_server_get_data_dir  (GpTestServer       *ts);
const char     *gp_test_server_get_tmp_dir   (GpTestServer       *ts);
int             gp_test_server_kill          (GpTestServer       *ts,
                                              int                 signum);
void            gp_test_server_stop          (GpTestServer       *ts);
gboolean        gp_test_server_run_tool      (GpTestServer       *ts,
                                              const char         *args[],
                                              char              **out_stdout,
                                              char              **out_stderr,
                                              int                *exit_status,
                                              GError            **error);
char           *gp_test_server_write_file    (GpTestServer       *ts,
                                              const char         *name,
                                              const char         *contents);

const char     *gp_test_server_binary        (void);

/* The standard test province, imported by gp_test_server_start_with_units(). Logins and their
 * units' budget codes (= initial passwords):
 *   zsjy  purchaser 中山市教育局 442000101 (region 442000, 中山市)
 *   zswj  purchaser 中山市卫生健康局 442000102 (442000)
 *   thjy  purchaser 广州市天河区教育局 440106201 (440106)
 *   zscz  supervisor 中山市财政局 442000900 (442000)
 *   gzcz  supervisor 广州市财政局 440100900 (440100)
 *   gdczt supervisor 广东省财政厅 440000900 (440000)
 *   dl01  agency 广东粤信招标代理有限公司 440000501 (440000)
 *   admin admin 广东省政府采购平台 440000999 (440000)
 * gp_test_server_login_ready() changes the initial password to GP_TEST_PASSWORD. */
#define GP_TEST_UNITS_CSV \
  "name,budget_code,region,role,account,duties\n" \
  "中山市教育局,442000101,442000,purchaser,zsjy,both\n" \
  "中山市卫生健康局,442000102,442000,purchaser,zswj,both\n" \
  "广州市天河区教育局,440106201,440106,purchaser,thjy,both\n" \
  "中山市财政局,442000900,442000,supervisor,zscz,\n" \
  "广州市财政局,440100900,440100,supervisor,gzcz,\n" \
  "广东省财政厅,440000900,440000,supervisor,gdczt,\n" \
  "广东粤信招标代理有限公司,440000501,440000,agency,dl01,\n" \
  "广东省政府采购平台,440000999,440000,admin,admin,\n"

#define GP_TEST_PASSWORD "Test-pass-2024"

/* [accounts] settings that make Argon2id cheap enough for tests. */
#define GP_TEST_FAST_HASH_CONFIG "[accounts]\npassword-hash-ops=1\npassword-hash-mem=8192\n"

GpTestServer   *gp_test_server_start_with_units (const char   *config_text,
                                                 GError      **error);
const char     *gp_test_server_get_config_path  (GpTestServer *ts);
const char     *gp_test_server_budget_code_of   (const char   *login);
char           *gp_test_server_login            (GpTestServer *ts,
                                                 const char   *login,
                                                 const char   *password);
char           *gp_test_server_login_ready      (GpTestServer *ts,
                                                 const char   *login);

GpTestResponse *gp_test_server_request       (GpTestServer       *ts,
                                              const char         *method,
                                              const char         *path,
                                              const char         *token,
                                              const char         *content_type,
                                              const char         *body,
                                              gssize              body_len,
                                              const char         *extra_headers[]);
GpTestResponse *gp_test_server_get           (GpTestServer       *ts,
                                              const char         *path,
                                              const char         *token);
GpTestResponse *gp_test_server_send_json     (GpTestServer       *ts,
                                              const char         *method,
                                              const char         *path,
                                              const char         *token,
                                              const char         *json);
void            gp_test_response_free        (GpTestResponse     *resp);
const char     *gp_test_response_get_string  (GpTestResponse     *resp,
                                              const char         *dotted_path);
gint64          gp_test_response_get_int     (GpTestResponse     *resp,
                                              const char         *dotted_path);
const char     *gp_test_response_get_error_code (GpTestResponse  *resp);
JsonNode       *gp_test_response_lookup      (GpTestResponse     *resp,
                                              const char         *dotted_path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpTestResponse, gp_test_response_free)

G_END_DECLS
