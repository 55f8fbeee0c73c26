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
