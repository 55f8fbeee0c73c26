/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-codec.c: libFuzzer target for the strict JSON wire codec (and, on success, the OCDS export).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gp-codec.h"
#include "gp-core.h"
#include "gp-ocds.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
die (const char *what,
     const char *detail)
{
  fprintf (stderr, "fuzz-codec: %s%s%s\n", what, detail != NULL ? ": " : "", detail != NULL ? detail : "");
  abort ();
}

static gboolean
is_syntax_error (const GError *error)
{
  return g_str_has_prefix (error->message, "$: not valid JSON") ||
         g_str_has_prefix (error->message, "$: invalid UTF-8") ||
         g_str_has_prefix (error->message, "$: larger than");
}

/* The same text through json-glib and gp_project_from_json(): the two decoders must agree. */
static GpProject *
decode_via_json_glib (const char *text,
                      gsize       len,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, text, (gssize) len, error))
    return NULL;
  return gp_project_from_json (json_parser_get_root (parser), error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other_error = NULL;
  g_autoptr(GpProject) project = NULL;
  g_autoptr(GpProject) other = NULL;

  project = gp_project_from_json_string ((const char *) data, (gssize) size, &error);

  if (project == NULL)
    {
      if (error == NULL || !g_error_matches (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE))
        die ("failure without a decode error", error != NULL ? error->message : NULL);
      /* The strict scan and the typed decoder must agree on what is JSON. */
      if (g_str_has_suffix (error->message, ": malformed JSON"))
        die ("the decoder found a syntax error the scan let through", error->message);
      if (!is_syntax_error (error))
        {
          /* Valid strict JSON refused for its content: the node decoder refuses it too. */
          other = decode_via_json_glib ((const char *) data, size, &other_error);
          if (other != NULL)
            die ("the JsonNode decoder accepted what the text decoder refused", error->message);
        }
      return 0;
    }

  if (error != NULL)
    die ("a project and an error", error->message);

  /* Decode → encode → decode is the identity, on both paths. */
  {
    gsize len = 0;
    g_autofree char *json = gp_project_to_json_string (project, &len);
    g_autoptr(GpProject) again = gp_project_from_json_string (json, (gssize) len, &other_error);
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GpProject) from_node = NULL;
    g_autoptr(GpProject) copy = NULL;

    if (again == NULL)
      die ("the encoder wrote what the decoder refuses", other_error->message);
    if (!gp_project_equal (project, again))
      die ("decode(encode(p)) differs from p", json);

    node = gp_project_to_json (project);
    from_node = gp_project_from_json (node, &other_error);
    if (from_node == NULL || !gp_project_equal (project, from_node))
      die ("the JsonNode round trip differs", other_error != NULL ? other_error->message : json);

    copy = gp_project_copy (project);
    if (!gp_project_equal (project, copy))
      die ("a copy differs", NULL);
  }

  /* The json-glib route over the original text agrees. */
  other = decode_via_json_glib ((const char *) data, size, &other_error);
  if (other == NULL)
    die ("the JsonNode decoder refused what the text decoder accepted",
         other_error != NULL ? other_error->message : NULL);
  if (!gp_project_equal (project, other))
    die ("the two decoders disagree", NULL);

  /* The OCDS export takes any decodable project. */
  {
    g_autoptr(JsonNode) package = gp_ocds_release_package (project, "fuzz", "2024-01-01T00:00:00Z");

    if (package == NULL || !JSON_NODE_HOLDS_OBJECT (package))
      die ("no OCDS package", NULL);
  }

  return 0;
}
