/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-validate.c: field validation of a project (every problem at once) and the problem list codec.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gp-error.h"
#include "gp-ids.h"
#include "gp-lifecycle-private.h"
#include "gp-money.h"
#include "gp-validate.h"

/* ------------------------------------------------------------------------------------------------
 * GpProblem
 */

G_DEFINE_BOXED_TYPE (GpProblem, gp_problem, gp_problem_copy, gp_problem_free)

/**
 * gp_problem_new:
 * @path: (nullable): JSON path of the field, %NULL or "" for the whole project
 * @code: the stable machine code
 * @source: (nullable): the legal source
 * @message: the translated message
 *
 * Returns: (transfer full): a new problem
 */
GpProblem *
gp_problem_new (const char *path,
                const char *code,
                const char *source,
                const char *message)
{
  GpProblem *problem;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (GpProblem, 1);
  problem->path = g_strdup (path ? path : "");
  problem->code = g_strdup (code);
  problem->message = g_strdup (message);
  problem->source = g_strdup (source ? source : "");
  return problem;
}

GpProblem *
gp_problem_copy (const GpProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return gp_problem_new (problem->path, problem->code, problem->source, problem->message);
}

void
gp_problem_free (GpProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->path);
  g_free (problem->code);
  g_free (problem->message);
  g_free (problem->source);
  g_free (problem);
}

/**
 * gp_problems_new:
 *
 * Returns: (transfer full) (element-type GpProblem): an empty problem list
 */
GPtrArray *
gp_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)gp_problem_free);
}

/**
 * gp_problems_add:
 * @problems: a problem list
 * @path: (nullable): where
 * @code: the machine code
 * @source: (nullable): the legal source
 * @format: printf-style translated message
 *
 * Appends a problem, unless one with the same @path and @code is already in the list.
 */
void
gp_problems_add (GPtrArray  *problems,
                 const char *path,
                 const char *code,
                 const char *source,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (problems != NULL);
  g_return_if_fail (code != NULL);
  g_return_if_fail (format != NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *old = g_ptr_array_index (problems, i);

      if (g_str_equal (old->code, code) && g_str_equal (old->path, path ? path : ""))
        return;
    }

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, gp_problem_new (path, code, source, message));
}

/**
 * gp_problem_is_incomplete:
 * @problem: a problem found by gp_project_validate()
 *
 * Whether @problem only says that something is not filled in yet: a required field, a missing
 * reason or team, an amount still at zero. A draft may be incomplete while the officer works on it
 * (DESIGN.md §4: every edit is saved at once); what is missing blocks the action that needs it, not
 * saving the draft.
 */
gboolean
gp_problem_is_incomplete (const GpProblem *problem)
{
  g_return_val_if_fail (problem != NULL, FALSE);

  return g_str_equal (problem->code, "required") ||
         g_str_equal (problem->code, "amount-not-positive") ||
         g_str_equal (problem->code, "acceptance-team-not-signed") ||
         g_str_has_suffix (problem->code, "-missing");
}

/**
 * gp_problems_blocking_draft:
 * @problems: (element-type GpProblem): the problems of a project
 *
 * Returns: (transfer full) (element-type GpProblem): those that forbid storing the project even as a
 *   draft: wrong or inconsistent values, as opposed to missing ones
 */
GPtrArray *
gp_problems_blocking_draft (GPtrArray *problems)
{
  GPtrArray *blocking = gp_problems_new ();

  g_return_val_if_fail (problems != NULL, blocking);

  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *problem = g_ptr_array_index (problems, i);

      if (!gp_problem_is_incomplete (problem))
        g_ptr_array_add (blocking, gp_problem_copy (problem));
    }

  return blocking;
}

/**
 * gp_problems_find:
 *
 * Returns: (transfer none) (nullable): the first problem with @code, or %NULL
 */
const GpProblem *
gp_problems_find (GPtrArray  *problems,
                  const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  if (problems == NULL)
    return NULL;
  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->code, code))
        return problem;
    }
  return NULL;
}

/**
 * gp_problems_to_json:
 * @problems: (element-type GpProblem): a problem list
 *
 * The wire form of a problem list, the body of the server's 422 answer:
 * `{"problems": [{"path": …, "code": …, "message": …, "source": …}, …]}`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
gp_problems_to_json (GPtrArray *problems)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (problems != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint i = 0; i < problems->len; i++)
    {
      const GpProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, problem->path);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, problem->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, problem->message);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, problem->source);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

#define MAX_PROBLEMS      1000
#define MAX_PROBLEM_CHARS 2000

static const char *
get_string_member (JsonObject  *object,
                   const char  *name,
                   guint        index,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                   "problems[%u].%s: expected a string", index, name);
      return NULL;
    }
  value = json_node_get_string (node);
  if (!g_utf8_validate (value, -1, NULL) || g_utf8_strlen (value, -1) > MAX_PROBLEM_CHARS)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                   "problems[%u].%s: invalid or too long", index, name);
      return NULL;
    }
  return value;
}

/**
 * gp_problems_from_json:
 * @node: the JSON written by gp_problems_to_json()
 * @error: %GP_CORE_ERROR_DECODE for anything else (unknown keys, wrong types, too many entries)
 *
 * Returns: (transfer full) (nullable) (element-type GpProblem): the list, or %NULL with @error set
 */
GPtrArray *
gp_problems_from_json (JsonNode  *node,
                       GError   **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  JsonObject *root;
  JsonNode *array_node;
  JsonArray *array;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                           "problem list: expected an object");
      return NULL;
    }
  root = json_node_get_object (node);
  if (json_object_get_size (root) != 1 ||
      (array_node = json_object_get_member (root, "problems")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (array_node))
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                           "problems: expected an object with only an array \"problems\"");
      return NULL;
    }
  array = json_node_get_array (array_node);
  if (json_array_get_length (array) > MAX_PROBLEMS)
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                   "problems: more than %u entries", MAX_PROBLEMS);
      return NULL;
    }

  problems = gp_problems_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *path, *code, *message, *source;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                       "problems[%u]: expected an object", i);
          return NULL;
        }
      object = json_node_get_object (element);
      if (json_object_get_size (object) != 4)
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                       "problems[%u]: expected exactly path, code, message and source", i);
          return NULL;
        }
      if ((path = get_string_member (object, "path", i, error)) == NULL ||
          (code = get_string_member (object, "code", i, error)) == NULL ||
          (message = get_string_member (object, "message", i, error)) == NULL ||
          (source = get_string_member (object, "source", i, error)) == NULL)
        return NULL;
      if (code[0] == '\0')
        {
          g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_DECODE,
                       "problems[%u].code: empty", i);
          return NULL;
        }
      g_ptr_array_add (problems, gp_problem_new (path, code, source, message));
    }

  return g_steal_pointer (&problems);
}

/* ------------------------------------------------------------------------------------------------
 * Helpers
 */

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
require_text (GPtrArray  *problems,
              const char *path,
              const char *value,
              const char *label)
{
  if (is_blank (value))
    gp_problems_add (problems, path, "required", NULL,
                     /* Translators: %s is the name of a field, e.g. "project name" */
                     _("Fill in the %s."), label);
}

static void
require_positive (GPtrArray  *problems,
                  const char *path,
                  gint64      amount,
                  const char *label)
{
  if (amount <= 0)
    gp_problems_add (problems, path, "amount-not-positive", NULL,
                     /* Translators: %s is the name of an amount, e.g. "budget" */
                     _("The %s must be more than zero."), label);
}

static void
check_uscc (GPtrArray  *problems,
            const char *path,
            const char *uscc,
            gboolean    required)
{
  g_autoptr(GError) error = NULL;

  if (uscc == NULL || uscc[0] == '\0')
    {
      if (required)
        gp_problems_add (problems, path, "required", SRC_GB32100,
                         _("Fill in the unified social credit code."));
      return;
    }
  if (!gp_uscc_validate (uscc, &error))
    gp_problems_add (problems, path, "uscc-invalid", SRC_GB32100, "%s", error->message);
}

static void
check_party (GPtrArray     *problems,
             const char    *prefix,
             const GpParty *party,
             gboolean       uscc_required)
{
  g_autofree char *name_path = g_strdup_printf ("%s.name", prefix);
  g_autofree char *uscc_path = g_strdup_printf ("%s.uscc", prefix);

  require_text (problems, name_path, party->name, _("name"));
  check_uscc (problems, uscc_path, party->uscc, uscc_required);
}

/* Adds n days (plain arithmetic). */
static void
date_plus (const GDate *start,
           guint        n,
           GDate       *out)
{
  *out = *start;
  g_date_add_days (out, n);
}

gboolean
gp_enterprise_size_is_sme (GpEnterpriseSize size)
{
  switch (size)
    {
    case GP_ENTERPRISE_SIZE_MEDIUM:
    case GP_ENTERPRISE_SIZE_SMALL:
    case GP_ENTERPRISE_SIZE_MICRO:
      return TRUE;
    case GP_ENTERPRISE_SIZE_UNSET:
    case GP_ENTERPRISE_SIZE_LARGE:
    default:
      return FALSE;
    }
}

/**
 * gp_sme_payment_source:
 * @clock_start: (nullable): the day the payment clock starts
 * @which: "term" (30/60 日), "acceptance" (clock from acceptance) or "interest" (0.05%/日)
 *
 * The article of 保障中小企业款项支付条例 for a rule, in the version in force on @clock_start:
 * the 2020 text (国务院令第728号, in force 2020-09-01) or the 2025 revision (国务院令第802号, in
 * force 2025-06-01). The rules themselves did not change: 30 日 from delivery, at most 60 日 when
 * agreed; counted from acceptance when payment depends on it; 0.05%/日 when no rate was agreed.
 */
const char *
gp_sme_payment_source (const GDate *clock_start,
                       const char  *which)
{
  gboolean v2025 = FALSE;

  if (clock_start != NULL && g_date_valid (clock_start))
    {
      GDate in_force;

      g_date_clear (&in_force, 1);
      g_date_set_dmy (&in_force, 1, G_DATE_JUNE, 2025);
      v2025 = g_date_compare (clock_start, &in_force) >= 0;
    }

  if (g_str_equal (which, "term"))
    return v2025 ? SRC_L3_2025 "第9条" : SRC_L3_2020 "第8条";
  if (g_str_equal (which, "acceptance"))
    return v2025 ? SRC_L3_2025 "第10条" : SRC_L3_2020 "第9条";
  if (g_str_equal (which, "interest"))
    return v2025 ? SRC_L3_2025 "第17条" : SRC_L3_2020 "第15条";
  g_return_val_if_reached (NULL);
}

gint64
gp_supplements_total (const GpContract *contract)
{
  gint64 sum = 0;

  for (guint i = 0; i < contract->supplements->len; i++)
    {
      const GpSupplement *s = g_ptr_array_index (contract->supplements, i);

      if (!gp_money_add (sum, s->amount, &sum))
        return GP_MONEY_MAX;
    }
  return sum;
}

/* The amount payable under a contract: the contract plus its supplements. */
gint64
gp_contract_total (const GpContract *contract)
{
  gint64 total;

  if (!gp_money_add (contract->amount, gp_supplements_total (contract), &total))
    return GP_MONEY_MAX;
  return total;
}

/* ------------------------------------------------------------------------------------------------
 * Sections
 */

void
gp_validate_intention_fields (const GpProject       *p,
                              const GpActionContext *ctx,
                              GPtrArray             *problems)
{
  const GpIntention *in = p->intention;

  if (in == NULL)
    {
      gp_problems_add (problems, "intention", "required", SRC_P2,
                       _("Fill in the procurement intention."));
      return;
    }

  require_text (problems, "intention.name", in->name, _("project name"));
  require_text (problems, "intention.summary", in->summary, _("requirement summary"));
  require_positive (problems, "intention.budget", in->budget, _("budget"));
  if (!gp_date_is_set (&in->expected_month))
    gp_problems_add (problems, "intention.expected_month", "required", SRC_P2,
                     _("Fill in the expected procurement month."));
  if (in->exempt && is_blank (in->exemption_reason))
    gp_problems_add (problems, "intention.exemption_reason", "exemption-reason-missing", SRC_P2,
                     _("An intention exempted for an unforeseeable urgent need must give the reason."));
}

static GpCatalogKind
nature_to_kind (GpProcurementNature nature,
                gboolean           *ok)
{
  *ok = TRUE;
  switch (nature)
    {
    case GP_PROCUREMENT_NATURE_GOODS:
      return GP_CATALOG_KIND_GOODS;
    case GP_PROCUREMENT_NATURE_WORKS:
      return GP_CATALOG_KIND_WORKS;
    case GP_PROCUREMENT_NATURE_SERVICES:
      return GP_CATALOG_KIND_SERVICES;
    case GP_PROCUREMENT_NATURE_UNSET:
    default:
      *ok = FALSE;
      return GP_CATALOG_KIND_GOODS;
    }
}

static void
check_items (GPtrArray  *problems,
             const char *prefix,
             GPtrArray  *items,
             gint64      expected_total,
             const char *total_path,
             gboolean    check_nature,
             GpProcurementNature nature)
{
  gint64 sum = 0;
  gboolean nature_ok;
  GpCatalogKind kind = nature_to_kind (nature, &nature_ok);

  for (guint i = 0; i < items->len; i++)
    {
      const GpItem *item = g_ptr_array_index (items, i);
      g_autofree char *name_path = g_strdup_printf ("%s[%u].name", prefix, i);
      g_autofree char *total_item_path = g_strdup_printf ("%s[%u].total", prefix, i);
      g_autofree char *code_path = g_strdup_printf ("%s[%u].catalog_code", prefix, i);

      require_text (problems, name_path, item->name, _("item name"));
      require_positive (problems, total_item_path, item->total, _("item total"));
      if (item->catalog_code != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (!gp_catalog_code_validate (item->catalog_code, &error))
            gp_problems_add (problems, code_path, "catalog-code-invalid", NULL, "%s",
                             error->message);
          else if (check_nature && nature_ok && gp_catalog_code_kind (item->catalog_code) != kind)
            gp_problems_add (problems, code_path, "item-nature-differs", NULL,
                             _("The catalogue code is not of the plan’s kind (goods A, works B, services C)."));
        }
      if (!gp_money_add (sum, item->total, &sum))
        sum = GP_MONEY_MAX;
    }

  if (items->len > 0 && sum != expected_total)
    {
      g_autofree char *a = gp_money_format (sum);
      g_autofree char *b = gp_money_format (expected_total);

      gp_problems_add (problems, total_path, "items-differ-from-total", NULL,
                       _("The items add up to %s but the total is %s."), a, b);
    }
}

void
gp_validate_plan_fields (const GpProject       *p,
                         const GpActionContext *ctx,
                         GPtrArray             *problems)
{
  const GpPlan *plan = p->plan;
  gint64 lines = 0;

  if (plan == NULL)
    {
      gp_problems_add (problems, "plan", "required", SRC_L2 ("第29条"),
                       _("Fill in the procurement plan."));
      return;
    }

  require_text (problems, "plan.name", plan->name, _("plan name"));
  require_text (problems, "plan.content", plan->content, _("procurement content"));
  require_positive (problems, "plan.total", plan->total, _("plan total"));
  if (plan->method == GP_PROCUREMENT_METHOD_UNSET)
    gp_problems_add (problems, "plan.method", "required", NULL,
                     _("Choose the procurement method."));
  if (plan->nature == GP_PROCUREMENT_NATURE_UNSET)
    gp_problems_add (problems, "plan.nature", "required", NULL,
                     _("Choose goods, works or services."));
  if (plan->organisation_form == GP_ORGANISATION_FORM_UNSET)
    gp_problems_add (problems, "plan.organisation_form", "required", SRC_L1 ("第18条"),
                     _("Choose the organisation form."));
  if (!gp_date_is_set (&plan->planned_start))
    gp_problems_add (problems, "plan.planned_start", "required", SRC_P2,
                     _("Fill in the planned start of the procurement."));

  switch (plan->funding_type)
    {
    case GP_FUNDING_TYPE_UNSET:
      gp_problems_add (problems, "plan.funding_type", "required", NULL,
                       _("Choose the funding type."));
      break;
    case GP_FUNDING_TYPE_FISCAL_INDEX:
      for (guint i = 0; i < plan->budget_lines->len; i++)
        {
          const GpBudgetLine *line = g_ptr_array_index (plan->budget_lines, i);
          g_autofree char *code_path = g_strdup_printf ("plan.budget_lines[%u].index_code", i);
          g_autofree char *amount_path = g_strdup_printf ("plan.budget_lines[%u].amount", i);

          require_text (problems, code_path, line->index_code, _("budget index"));
          require_positive (problems, amount_path, line->amount, _("amount from the budget index"));
          if (!gp_money_add (lines, line->amount, &lines))
            lines = GP_MONEY_MAX;
        }
      if (plan->budget_lines->len == 0)
        gp_problems_add (problems, "plan.budget_lines", "budget-index-missing", "[P12]",
                         _("Current-year fiscal funds must name the budget index lines."));
      else if (lines < plan->total)
        gp_problems_add (problems, "plan.total", "plan-exceeds-budget-index", "[P12]",
                         _("The plan total is more than the budget index lines it uses."));
      break;
    case GP_FUNDING_TYPE_FISCAL_NON_INDEX:
    case GP_FUNDING_TYPE_NON_FISCAL:
      if (is_blank (plan->funding_note))
        gp_problems_add (problems, "plan.funding_note", "funding-note-missing", "[P12]",
                         _("Funds outside the budget index need a note on their source or a funding commitment letter."));
      break;
    default:
      break;
    }

  check_items (problems, "plan.items", plan->items, plan->total, "plan.total", TRUE, plan->nature);

  if (plan->sme_share_bp > 10000)
    gp_problems_add (problems, "plan.sme_share_bp", "percent-out-of-range", SRC_P6,
                     _("The reserved share cannot be more than 100%%."));
}

void
gp_validate_mall_fields (const GpProject       *p,
                         const GpActionContext *ctx,
                         GPtrArray             *problems)
{
  const GpMallOrder *order;

  if (p->execution == NULL || p->execution->kind != GP_EXECUTION_KIND_MALL ||
      p->execution->mall == NULL)
    {
      gp_problems_add (problems, "execution.mall", "required", SRC_P9,
                       _("Fill in the e-mall order."));
      return;
    }
  order = p->execution->mall;

  if (order->items->len == 0)
    gp_problems_add (problems, "execution.mall.items", "required", SRC_P9,
                     _("Add the goods or services to order."));
  require_positive (problems, "execution.mall.total", order->total, _("order total"));
  check_items (problems, "execution.mall.items", order->items, order->total,
               "execution.mall.total", FALSE, GP_PROCUREMENT_NATURE_UNSET);
  check_party (problems, "execution.mall.supplier", &order->supplier, FALSE);
  require_text (problems, "execution.mall.consignee.name", order->consignee.name, _("consignee"));
  require_text (problems, "execution.mall.consignee.phone", order->consignee.phone, _("consignee phone"));
  require_text (problems, "execution.mall.consignee.address", order->consignee.address, _("delivery address"));
  if (p->plan != NULL && p->plan->total > 0 && order->total > p->plan->total)
    gp_problems_add (problems, "execution.mall.total", "order-exceeds-plan", SRC_L2 ("第29条"),
                     _("The order total is more than the filed plan."));
}

void
gp_validate_entrusted_fields (const GpProject       *p,
                              const GpActionContext *ctx,
                              GPtrArray             *problems)
{
  const GpEntrustedProcurement *e;
  gint64 budget = p->plan != NULL ? p->plan->total : 0;

  if (p->execution == NULL || p->execution->kind != GP_EXECUTION_KIND_ENTRUSTED ||
      p->execution->entrusted == NULL)
    {
      gp_problems_add (problems, "execution.entrusted", "required", SRC_L1 ("第18条"),
                       _("Fill in the entrusted procurement."));
      return;
    }
  e = p->execution->entrusted;

  if (p->plan == NULL || p->plan->organisation_form != GP_ORGANISATION_FORM_SELF)
    check_party (problems, "execution.entrusted.agency", &e->agency, TRUE);
  if (e->project_code != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!gp_project_code_validate (e->project_code, &error))
        gp_problems_add (problems, "execution.entrusted.project_code", "project-code-invalid",
                         NULL, "%s", error->message);
    }
  if (gp_date_is_set (&e->docs_from) && gp_date_is_set (&e->docs_until) &&
      g_date_compare (&e->docs_until, &e->docs_from) < 0)
    gp_problems_add (problems, "execution.entrusted.docs_until", "date-order", NULL,
                     _("The documents cannot stop being available before they start."));
  if (e->price_cap != GP_MONEY_UNSET && budget > 0 && e->price_cap > budget)
    gp_problems_add (problems, "execution.entrusted.price_cap", "price-cap-over-budget", SRC_L2 ("第30条"),
                     _("The price cap cannot be more than the budget."));
  if (e->bid_security != GP_MONEY_UNSET && budget > 0 &&
      e->bid_security > gp_money_percent_of (budget, 200))
    gp_problems_add (problems, "execution.entrusted.bid_security", "bid-security-over-2-percent",
                     SRC_L2 ("第33条"),
                     _("The bid security cannot be more than 2%% of the budget."));

  for (guint i = 0; i < e->bids->len; i++)
    {
      const GpBid *bid = g_ptr_array_index (e->bids, i);
      g_autofree char *prefix = g_strdup_printf ("execution.entrusted.bids[%u].supplier", i);
      g_autofree char *price_path = g_strdup_printf ("execution.entrusted.bids[%u].price", i);

      check_party (problems, prefix, &bid->supplier, FALSE);
      require_positive (problems, price_path, bid->price, _("bid price"));
    }

  if (gp_date_is_set (&e->award_notice))
    {
      check_party (problems, "execution.entrusted.awarded_supplier", &e->awarded_supplier, TRUE);
      require_positive (problems, "execution.entrusted.awarded_amount", e->awarded_amount,
                        _("award amount"));
    }
}

void
gp_validate_contract_fields (const GpProject       *p,
                             const GpActionContext *ctx,
                             guint                  index,
                             GPtrArray             *problems)
{
  const GpContract *c = g_ptr_array_index (p->contracts, index);
  g_autofree char *pre = g_strdup_printf ("contracts[%u]", index);
  g_autofree char *path = NULL;

#define PATH(field) (g_free (path), path = g_strconcat (pre, ".", field, NULL))

  require_text (problems, PATH ("id"), c->id, _("contract id"));
  require_text (problems, PATH ("number"), c->number, _("contract number"));
  require_text (problems, PATH ("title"), c->title, _("contract title"));
  check_party (problems, PATH ("supplier"), &c->supplier, TRUE);
  /* Small and medium suppliers are paid within 30 日 (保障中小企业款项支付条例 第9条): the size
   * decides the payment terms, so the contract says it. */
  if (c->supplier.size == GP_ENTERPRISE_SIZE_UNSET)
    gp_problems_add (problems, PATH ("supplier.size"), "required", SRC_L3_2025 "第9条",
                     _("Choose the supplier's enterprise size: it decides the payment terms."));
  require_positive (problems, PATH ("amount"), c->amount, _("contract amount"));

  if (gp_date_is_set (&c->signed_on))
    {
      if (gp_date_is_set (&c->published_on) && g_date_compare (&c->published_on, &c->signed_on) < 0)
        gp_problems_add (problems, PATH ("published_on"), "date-before-signing", SRC_L2 ("第50条"),
                         _("A contract cannot be published before it is signed."));
      if (gp_date_is_set (&c->filed_on) && g_date_compare (&c->filed_on, &c->signed_on) < 0)
        gp_problems_add (problems, PATH ("filed_on"), "date-before-signing", SRC_L1 ("第47条"),
                         _("A contract cannot be filed before it is signed."));
    }

  if (c->acceptance_criteria->len == 0)
    gp_problems_add (problems, PATH ("acceptance_criteria"), "contract-criteria-missing",
                     SRC_L2 ("第45条"),
                     _("List the contract’s technical, service and safety standards; acceptance reports on each."));

  if (c->performance_security != GP_MONEY_UNSET && c->amount > 0 &&
      c->performance_security > gp_money_percent_of (c->amount, 1000))
    gp_problems_add (problems, PATH ("performance_security"), "performance-security-over-10-percent",
                     SRC_L2 ("第48条"),
                     _("The performance security cannot be more than 10%% of the contract amount."));

  for (guint i = 0; i < c->supplements->len; i++)
    {
      const GpSupplement *s = g_ptr_array_index (c->supplements, i);
      g_autofree char *spath = g_strdup_printf ("%s.supplements[%u].amount", pre, i);

      require_positive (problems, spath, s->amount, _("supplement amount"));
    }
  if (c->amount > 0 && gp_supplements_total (c) > gp_money_percent_of (c->amount, 1000))
    {
      g_autofree char *total = gp_money_format (gp_supplements_total (c));

      gp_problems_add (problems, PATH ("supplements"), "supplements-exceed-10-percent", SRC_L1 ("第49条"),
                       _("Supplementary contracts total %s, more than 10%% of the original contract."),
                       total);
    }
#undef PATH
}

static const GpContract *
find_contract (const GpProject *p,
               const char      *id)
{
  return id != NULL ? gp_project_find_contract (p, id) : NULL;
}

void
gp_validate_acceptance_fields (const GpProject       *p,
                               const GpActionContext *ctx,
                               guint                  index,
                               GPtrArray             *problems)
{
  const GpAcceptance *a = g_ptr_array_index (p->acceptances, index);
  const GpContract *c = find_contract (p, a->contract_id);
  g_autofree char *pre = g_strdup_printf ("acceptances[%u]", index);
  g_autofree char *path = NULL;
  gboolean any_failed = FALSE;

#define PATH(field) (g_free (path), path = g_strconcat (pre, ".", field, NULL))

  if (c == NULL)
    gp_problems_add (problems, PATH ("contract_id"), "unknown-contract", NULL,
                     _("The acceptance does not name a contract of this project."));

  for (guint i = 0; i < a->results->len; i++)
    {
      const GpCriterionResult *r = g_ptr_array_index (a->results, i);
      g_autofree char *rpath = g_strdup_printf ("%s.results[%u].criterion", pre, i);

      require_text (problems, rpath, r->criterion, _("criterion"));
      if (!r->passed)
        any_failed = TRUE;
    }

  /* 实施条例 第45条: the report states performance for EACH standard of the contract. */
  if (c != NULL)
    for (guint k = 0; k < c->acceptance_criteria->len; k++)
      {
        const char *criterion = g_ptr_array_index (c->acceptance_criteria, k);
        gboolean found = FALSE;

        for (guint i = 0; i < a->results->len && !found; i++)
          {
            const GpCriterionResult *r = g_ptr_array_index (a->results, i);

            found = g_strcmp0 (r->criterion, criterion) == 0;
          }
        if (!found)
          gp_problems_add (problems, PATH ("results"), "acceptance-criterion-missing", SRC_L2 ("第45条"),
                           _("The acceptance report has no result for the standard “%s”."), criterion);
      }

  if (a->conclusion != GP_ACCEPTANCE_CONCLUSION_PENDING)
    {
      /* The accept step stamps the date; afterwards it must be there. */
      if (!gp_date_is_set (&a->date) && p->status != GP_PROJECT_STATE_DELIVERED)
        gp_problems_add (problems, PATH ("date"), "required", NULL,
                         _("Fill in the acceptance date."));
      if (a->team->len == 0)
        gp_problems_add (problems, PATH ("team"), "acceptance-team-missing", SRC_L1 ("第41条"),
                         _("Name the members of the acceptance team."));
      for (guint i = 0; i < a->team->len; i++)
        {
          const GpTeamMember *m = g_ptr_array_index (a->team, i);

          if (!m->has_signed)
            gp_problems_add (problems, PATH ("team"), "acceptance-team-not-signed", SRC_L1 ("第41条"),
                             _("Every member of the acceptance team must sign the acceptance report."));
        }
      /* Services provided to the public ask those served (实施条例 第45条). */
      if (p->plan != NULL && p->plan->public_service &&
          is_blank (a->recipients_opinion))
        gp_problems_add (problems, PATH ("recipients_opinion"), "recipients-opinion-missing", SRC_L2 ("第45条"),
                         _("A service provided to the public needs the opinion of those it serves."));
    }
  if (a->conclusion == GP_ACCEPTANCE_CONCLUSION_PASS && any_failed)
    gp_problems_add (problems, PATH ("conclusion"), "acceptance-passed-with-failed-criterion",
                     SRC_L2 ("第45条"),
                     _("An acceptance with a failed standard cannot conclude “passed”."));
#undef PATH
}

/* The SME payment term: due ≤ clock start + 60 日 even when agreed (30 日 when not agreed). */
void
gp_validate_payment_fields (const GpProject       *p,
                            const GpActionContext *ctx,
                            guint                  index,
                            GPtrArray             *problems)
{
  const GpPayment *pay = g_ptr_array_index (p->payments, index);
  const GpContract *c = find_contract (p, pay->contract_id);
  gboolean is_mall = p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_MALL;
  GpEnterpriseSize size = GP_ENTERPRISE_SIZE_UNSET;
  g_autofree char *pre = g_strdup_printf ("payments[%u]", index);
  g_autofree char *path = NULL;

#define PATH(field) (g_free (path), path = g_strconcat (pre, ".", field, NULL))

  if (c == NULL && !is_mall)
    gp_problems_add (problems, PATH ("contract_id"), "unknown-contract", NULL,
                     _("The payment does not name a contract of this project."));
  require_positive (problems, PATH ("amount"), pay->amount, _("payment amount"));
  if (pay->trigger == GP_PAYMENT_TRIGGER_UNSET)
    gp_problems_add (problems, PATH ("trigger"), "required", gp_sme_payment_source (NULL, "acceptance"),
                     _("Choose what makes the payment due (delivery, acceptance or a date)."));
  else if (!gp_date_is_set (&pay->trigger_date))
    gp_problems_add (problems, PATH ("trigger_date"), "required", NULL,
                     _("Fill in the date of delivery, acceptance or the agreed date."));

  if (c != NULL)
    size = c->supplier.size;
  else if (is_mall && p->execution->mall != NULL)
    size = p->execution->mall->supplier.size;

  if (gp_enterprise_size_is_sme (size) && gp_date_is_set (&pay->trigger_date) &&
      gp_date_is_set (&pay->due) && pay->trigger != GP_PAYMENT_TRIGGER_DATE)
    {
      GDate limit;
      gboolean have_limit = TRUE;

      if (ctx != NULL && ctx->calendar != NULL)
        have_limit = gp_calendar_add_days (ctx->calendar, &pay->trigger_date, 60, &limit, NULL);
      if (ctx == NULL || ctx->calendar == NULL || !have_limit)
        date_plus (&pay->trigger_date, 60, &limit);

      if (g_date_compare (&pay->due, &limit) > 0)
        gp_problems_add (problems, PATH ("due"), "sme-payment-term-over-60-days",
                         gp_sme_payment_source (&pay->trigger_date, "term"),
                         _("A small or medium supplier must be paid within 60 days at most, even when the contract agrees a later date."));
    }
#undef PATH
}

void
gp_validate_payment_totals (const GpProject *p,
                            GPtrArray       *problems)
{
  gboolean is_mall = p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_MALL &&
                     p->execution->mall != NULL;

  if (is_mall)
    {
      gint64 sum = 0;

      for (guint i = 0; i < p->payments->len; i++)
        {
          const GpPayment *pay = g_ptr_array_index (p->payments, i);

          if (!gp_money_add (sum, pay->amount, &sum))
            sum = GP_MONEY_MAX;
        }
      if (sum > p->execution->mall->total)
        gp_problems_add (problems, "payments", "payments-exceed-contract", "DOMAIN.md §1.7",
                         _("The payments add up to more than the order total."));
    }

  for (guint k = 0; k < p->contracts->len; k++)
    {
      const GpContract *c = g_ptr_array_index (p->contracts, k);
      gint64 sum = 0;

      for (guint i = 0; i < p->payments->len; i++)
        {
          const GpPayment *pay = g_ptr_array_index (p->payments, i);

          if (g_strcmp0 (pay->contract_id, c->id) == 0 && !gp_money_add (sum, pay->amount, &sum))
            sum = GP_MONEY_MAX;
        }
      if (sum > gp_contract_total (c))
        {
          g_autofree char *path = g_strdup_printf ("contracts[%u]", k);
          g_autofree char *a = gp_money_format (sum);
          g_autofree char *b = gp_money_format (gp_contract_total (c));

          gp_problems_add (problems, path, "payments-exceed-contract", SRC_L1 ("第49条"),
                           _("The payments add up to %s, more than the contract and its supplements (%s)."),
                           a, b);
        }
    }
}

/* ------------------------------------------------------------------------------------------------
 * The whole project
 */

static gboolean
state_reached (const GpProject *p,
               GpStage          stage)
{
  return p->stage >= stage;
}

/**
 * gp_project_validate:
 * @project: a project
 * @ctx: (nullable): the context (time, calendar, rules) for the stage guards; %NULL checks fields only
 *
 * Checks every field of the sections the project has reached, and the legal guards of the next
 * step on its main path (see %GP_TRANSITION_FORWARD), and returns every problem at once.
 *
 * Returns: (transfer full) (element-type GpProblem): the problems, empty when there are none
 */
GPtrArray *
gp_project_validate (const GpProject       *p,
                     const GpActionContext *ctx)
{
  g_autoptr(GPtrArray) problems = gp_problems_new ();

  g_return_val_if_fail (p != NULL, NULL);

  if (p->region == NULL || p->region[0] == '\0')
    gp_problems_add (problems, "region", "required", SRC_GBT2260,
                     _("Fill in the administrative region."));
  else
    {
      g_autoptr(GError) error = NULL;

      if (!gp_region_code_validate (p->region, &error))
        gp_problems_add (problems, "region", "region-invalid", SRC_GBT2260, "%s", error->message);
      else if (!gp_region_code_on_platform (p->region))
        gp_problems_add (problems, "region", "region-not-on-platform", SRC_P1 " §二",
                         _("This region is not served by the Guangdong platform (Shenzhen and other provinces run their own)."));
    }

  require_text (problems, "purchaser.name", p->purchaser.name, _("purchaser"));

  if (p->intention != NULL || p->stage == GP_STAGE_INTENTION)
    gp_validate_intention_fields (p, ctx, problems);
  if (state_reached (p, GP_STAGE_PLAN))
    gp_validate_plan_fields (p, ctx, problems);
  if (p->execution != NULL)
    {
      if (p->execution->kind == GP_EXECUTION_KIND_MALL)
        gp_validate_mall_fields (p, ctx, problems);
      else
        gp_validate_entrusted_fields (p, ctx, problems);
    }
  for (guint i = 0; i < p->contracts->len; i++)
    gp_validate_contract_fields (p, ctx, i, problems);
  for (guint i = 0; i < p->acceptances->len; i++)
    gp_validate_acceptance_fields (p, ctx, i, problems);
  for (guint i = 0; i < p->payments->len; i++)
    gp_validate_payment_fields (p, ctx, i, problems);
  gp_validate_payment_totals (p, problems);

  /* The guards of the next step on the main path. */
  if (ctx != NULL && !gp_lifecycle_is_read_only (p, ctx->rules))
    {
      guint n;
      const GpTransition *table = gp_lifecycle_get_transitions (&n);

      for (guint i = 0; i < n; i++)
        if ((table[i].flags & GP_TRANSITION_FORWARD) &&
            (table[i].from_states & GP_STATE_BIT (p->status)))
          gp_lifecycle_collect_guards (p, &table[i], GP_ROLE_SYSTEM, ctx, TRUE, problems);
    }

  return g_steal_pointer (&problems);
}
