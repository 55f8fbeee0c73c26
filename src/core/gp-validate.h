/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-validate.h: field validation of a project, and the problem list shared by the app and the server.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gp-lifecycle.h"
#include "gp-project.h"

G_BEGIN_DECLS

/**
 * GpProblem:
 * @path: where: a JSON path into the project ("contracts[0].amount", "intention.budget"), or ""
 *   for the project as a whole
 * @code: a stable machine code ("contract-amount-differs-from-award")
 * @message: a sentence for the user, translated
 * @source: the legal source ("政府采购法 第46条"), or "" for a plain format rule
 *
 * One thing wrong with a project. Lists of problems are #GPtrArray of #GpProblem with
 * gp_problem_free() as the free function.
 */
typedef struct {
  char *path;
  char *code;
  char *message;
  char *source;
} GpProblem;

#define GP_TYPE_PROBLEM (gp_problem_get_type ())
GType       gp_problem_get_type (void) G_GNUC_CONST;

G_GNUC_WARN_UNUSED_RESULT
GpProblem  *gp_problem_new      (const char      *path,
                                 const char      *code,
                                 const char      *source,
                                 const char      *message);
G_GNUC_WARN_UNUSED_RESULT
GpProblem  *gp_problem_copy     (const GpProblem *problem);
void        gp_problem_free     (GpProblem       *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GpProblem, gp_problem_free)

G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *gp_problems_new     (void);
void        gp_problems_add     (GPtrArray       *problems,
                                 const char      *path,
                                 const char      *code,
                                 const char      *source,
                                 const char      *format,
                                 ...) G_GNUC_PRINTF (5, 6);
gboolean    gp_problem_is_incomplete (const GpProblem *problem);
GPtrArray  *gp_problems_blocking_draft (GPtrArray   *problems);

const GpProblem *gp_problems_find (GPtrArray     *problems,
                                 const char      *code);

G_GNUC_WARN_UNUSED_RESULT
JsonNode   *gp_problems_to_json   (GPtrArray     *problems);
G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *gp_problems_from_json (JsonNode      *node,
                                   GError       **error);

G_GNUC_WARN_UNUSED_RESULT
GPtrArray  *gp_project_validate   (const GpProject       *project,
                                   const GpActionContext *ctx);

G_END_DECLS
