/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-proxy.h: a loopback HTTP relay in front of the real server, for the failures a network and
 * a dying server cause: a request that reached the server but whose answer never came back, a 500,
 * garbage, silence.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  GP_TEST_PROXY_PASS,          /* relay faithfully */
  GP_TEST_PROXY_DROP_ANSWER,   /* relay the request, then close without the answer (server "died") */
  GP_TEST_PROXY_ANSWER_500,    /* answer 500 itself */
  GP_TEST_PROXY_ANSWER_GARBAGE,/* answer 200 with an HTML page */
  GP_TEST_PROXY_SILENCE,       /* read the request and never answer */
  GP_TEST_PROXY_ANSWER_503,    /* answer 503 with Retry-After: 30 itself (a server in maintenance) */
} GpTestProxyMode;

typedef struct _GpTestProxy GpTestProxy;

GpTestProxy *gp_test_proxy_new          (const char      *upstream_url);
const char  *gp_test_proxy_get_url      (GpTestProxy     *proxy);
/* The mode for requests whose method and path start match (NULL matches any); others pass. */
void         gp_test_proxy_set_mode     (GpTestProxy     *proxy,
                                         GpTestProxyMode  mode,
                                         const char      *method,
                                         const char      *path_prefix,
                                         guint            times);
guint        gp_test_proxy_get_hits     (GpTestProxy     *proxy);
void         gp_test_proxy_free         (GpTestProxy     *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpTestProxy, gp_test_proxy_free)

G_END_DECLS
