/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-test-proxy.c: a loopback HTTP/1.1 relay with injected failures, one request per connection.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "gp-test-proxy.h"

struct _GpTestProxy {
  GSocketService  *service;
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  char            *url;
  char            *upstream_host;
  guint16          upstream_port;

  GMutex           lock;
  GpTestProxyMode  mode;
  char            *method;
  char            *path_prefix;
  guint            times;
  guint            hits;
};

/* Reads one HTTP message (headers and a Content-Length body) from @stream. */
static GByteArray *
read_message (GInputStream *stream,
              char        **out_first_line)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  gssize header_end = -1;
  gsize content_length = 0;
  guint8 chunk[8192];

  while (header_end < 0)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, NULL, NULL);
      const char *found;

      if (n <= 0)
        return NULL;
      g_byte_array_append (buf, chunk, (guint) n);
      found = g_strstr_len ((const char *) buf->data, (gssize) buf->len, "\r\n\r\n");
      if (found != NULL)
        header_end = found - (const char *) buf->data + 4;
    }

  {
    g_autofree char *headers = g_strndup ((const char *) buf->data, (gsize) header_end);
    g_auto(GStrv) lines = g_strsplit (headers, "\r\n", -1);

    if (out_first_line != NULL)
      *out_first_line = g_strdup (lines[0]);
    for (guint i = 1; lines[i] != NULL; i++)
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        content_length = (gsize) g_ascii_strtoull (lines[i] + 15, NULL, 10);
  }

  while (buf->len < (gsize) header_end + content_length)
    {
      gssize n = g_input_stream_read (stream, chunk, sizeof chunk, NULL, NULL);

      if (n <= 0)
        return NULL;
      g_byte_array_append (buf, chunk, (guint) n);
    }

  return g_steal_pointer (&buf);
}

/* Makes the relayed request close its connection, so each connection carries one exchange. */
static GBytes *
with_connection_close (GByteArray *message)
{
  const char *data = (const char *) message->data;
  const char *end = g_strstr_len (data, (gssize) message->len, "\r\n\r\n");
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *headers = g_strndup (data, (gsize) (end - data));
  g_auto(GStrv) lines = g_strsplit (headers, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], "Connection:", 11) == 0)
        continue;
      g_string_append (out, lines[i]);
      g_string_append (out, "\r\n");
    }
  g_string_append (out, "Connection: close\r\n\r\n");
  g_string_append_len (out, end + 4, (gssize) (message->len - (gsize) (end + 4 - data)));

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
incoming_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source,
             gpointer                data)
{
  GpTestProxy *proxy = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) request = NULL;
  g_autoptr(GByteArray) answer = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GBytes) relayed = NULL;
  g_autofree char *first = NULL;
  g_auto(GStrv) parts = NULL;
  GpTestProxyMode mode = GP_TEST_PROXY_PASS;

  request = read_message (in, &first);
  if (request == NULL)
    return TRUE;

  parts = g_strsplit (first, " ", 3);
  g_mutex_lock (&proxy->lock);
  if (proxy->times > 0 && parts[0] != NULL && parts[1] != NULL &&
      (proxy->method == NULL || g_str_equal (proxy->method, parts[0])) &&
      (proxy->path_prefix == NULL || g_str_has_prefix (parts[1], proxy->path_prefix)))
    {
      mode = proxy->mode;
      proxy->times--;
      proxy->hits++;
    }
  g_mutex_unlock (&proxy->lock);

  switch (mode)
    {
    case GP_TEST_PROXY_ANSWER_500:
      {
        static const char text[] = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                                   "Content-Length: 4\r\nConnection: close\r\n\r\noops";

        g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
        return TRUE;
      }

    case GP_TEST_PROXY_ANSWER_503:
      {
        static const char text[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                   "Retry-After: 30\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                                   "maintenance";

        g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
        return TRUE;
      }

    case GP_TEST_PROXY_ANSWER_GARBAGE:
      {
        static const char text[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                   "Content-Length: 19\r\nConnection: close\r\n\r\n<html>portal</html>";

        g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
        return TRUE;
      }

    case GP_TEST_PROXY_SILENCE:
      {
        guint8 byte;

        /* Until the client gives up and closes. */
        g_input_stream_read (in, &byte, 1, NULL, NULL);
        return TRUE;
      }

    case GP_TEST_PROXY_PASS:
    case GP_TEST_PROXY_DROP_ANSWER:
    default:
      break;
    }

  client = g_socket_client_new ();
  upstream = g_socket_client_connect_to_host (client, proxy->upstream_host, proxy->upstream_port, NULL, NULL);
  if (upstream == NULL)
    return TRUE;   /* the server is gone: the client sees the connection close */

  relayed = with_connection_close (request);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
                                  g_bytes_get_data (relayed, NULL), g_bytes_get_size (relayed),
                                  NULL, NULL, NULL))
    return TRUE;

  answer = read_message (g_io_stream_get_input_stream (G_IO_STREAM (upstream)), NULL);
  if (answer == NULL || mode == GP_TEST_PROXY_DROP_ANSWER)
    return TRUE;   /* the request was applied; its answer is lost */

  g_output_stream_write_all (out, answer->data, answer->len, NULL, NULL, NULL);

  return TRUE;
}

static gpointer
proxy_thread (gpointer data)
{
  GpTestProxy *proxy = data;

  g_main_context_push_thread_default (proxy->context);
  g_main_loop_run (proxy->loop);
  g_main_context_pop_thread_default (proxy->context);

  return NULL;
}

GpTestProxy *
gp_test_proxy_new (const char *upstream_url)
{
  GpTestProxy *proxy = g_new0 (GpTestProxy, 1);
  g_autoptr(GUri) uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  g_assert_nonnull (uri);
  g_mutex_init (&proxy->lock);
  proxy->upstream_host = g_strdup (g_uri_get_host (uri));
  proxy->upstream_port = (guint16) g_uri_get_port (uri);
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);

  g_main_context_push_thread_default (proxy->context);
  proxy->service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "run", G_CALLBACK (incoming_cb), proxy);
  g_socket_service_start (proxy->service);
  g_main_context_pop_thread_default (proxy->context);

  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  proxy->thread = g_thread_new ("gp-test-proxy", proxy_thread, proxy);

  return proxy;
}

const char *
gp_test_proxy_get_url (GpTestProxy *proxy)
{
  return proxy->url;
}

void
gp_test_proxy_set_mode (GpTestProxy     *proxy,
                        GpTestProxyMode  mode,
                        const char      *method,
                        const char      *path_prefix,
                        guint            times)
{
  g_mutex_lock (&proxy->lock);
  proxy->mode = mode;
  g_free (proxy->method);
  proxy->method = g_strdup (method);
  g_free (proxy->path_prefix);
  proxy->path_prefix = g_strdup (path_prefix);
  proxy->times = times;
  proxy->hits = 0;
  g_mutex_unlock (&proxy->lock);
}

guint
gp_test_proxy_get_hits (GpTestProxy *proxy)
{
  guint hits;

  g_mutex_lock (&proxy->lock);
  hits = proxy->hits;
  g_mutex_unlock (&proxy->lock);

  return hits;
}

void
gp_test_proxy_free (GpTestProxy *proxy)
{
  if (proxy == NULL)
    return;

  g_main_loop_quit (proxy->loop);
  g_thread_join (proxy->thread);

  /* Closing the listener completes its pending accept on the proxy's context: run it, so the
   * accept's sources are freed too. */
  g_main_context_push_thread_default (proxy->context);
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  while (g_main_context_iteration (proxy->context, FALSE))
    ;
  g_main_context_pop_thread_default (proxy->context);
  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_free (proxy->url);
  g_free (proxy->upstream_host);
  g_free (proxy->method);
  g_free (proxy->path_prefix);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}
