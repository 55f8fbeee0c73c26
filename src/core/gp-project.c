/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project.c: the project record: enum wire names, field tables, new/copy/free/equal.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gp-codec.h"
#include "gp-money.h"
#include "gp-project.h"
#include "gp-project-private.h"

G_STATIC_ASSERT (sizeof (GpProjectState) == sizeof (int));
G_STATIC_ASSERT (sizeof (GpProcurementMethod) == sizeof (int));

/* ------------------------------------------------------------------------------------------------
 * Enums
 */

#define GP_DEFINE_ENUM_WIRE(TypeName, type_name, ...) \
  static const char *const type_name##_names[] = { __VA_ARGS__ }; \
  const GpEnumDesc gp_##type_name##_desc = { type_name##_names, G_N_ELEMENTS (type_name##_names) }; \
  const char * \
  gp_##type_name##_to_string (TypeName value) \
  { \
    if ((guint) value >= G_N_ELEMENTS (type_name##_names)) \
      return NULL; \
    return type_name##_names[value]; \
  } \
  gboolean \
  gp_##type_name##_from_string (const char *name, \
                                TypeName   *out) \
  { \
    g_return_val_if_fail (out != NULL, FALSE); \
    if (name == NULL) \
      return FALSE; \
    for (guint i = 0; i < G_N_ELEMENTS (type_name##_names); i++) \
      { \
        if (strcmp (name, type_name##_names[i]) == 0) \
          { \
            *out = (TypeName) i; \
            return TRUE; \
          } \
      } \
    return FALSE; \
  }

GP_DEFINE_ENUM_WIRE (GpProjectState, project_state,
                     "intent_draft", "intent_published", "plan_draft", "plan_submitted",
                     "plan_filed", "mall_ordering", "mall_order_confirmed", "entrusted",
                     "docs_confirmed", "notice_published", "bid_closed", "evaluated",
                     "result_confirmed", "awarded", "challenged", "contract_signed",
                     "contract_published", "contract_filed", "in_performance", "delivered",
                     "accepted", "acceptance_failed", "paying", "paid", "closed", "failed",
                     "terminated", "legacy")
GP_DEFINE_ENUM_WIRE (GpStage, stage,
                     "intention", "plan", "execution", "contract", "acceptance", "payment")
GP_DEFINE_ENUM_WIRE (GpDisclosureBasis, disclosure_basis,
                     "unset", "second_submission", "approved_budget", "added_in_execution")
GP_DEFINE_ENUM_WIRE (GpFundingType, funding_type,
                     "unset", "fiscal_index", "fiscal_non_index", "non_fiscal")
GP_DEFINE_ENUM_WIRE (GpProcurementMethod, procurement_method,
                     "unset", "open_tender", "invited_tender", "competitive_negotiation",
                     "competitive_consultation", "request_for_quotation", "single_source",
                     "framework_agreement", "mall_direct", "mall_bidding", "mall_reverse_auction",
                     "mall_designated", "mall_group_buy")
GP_DEFINE_ENUM_WIRE (GpProcurementNature, procurement_nature,
                     "unset", "goods", "works", "services")
GP_DEFINE_ENUM_WIRE (GpOrganisationForm, organisation_form,
                     "unset", "self", "entrusted", "central_agency")
GP_DEFINE_ENUM_WIRE (GpEnterpriseSize, enterprise_size,
                     "unset", "large", "medium", "small", "micro")
GP_DEFINE_ENUM_WIRE (GpExecutionKind, execution_kind,
                     "mall", "entrusted")
GP_DEFINE_ENUM_WIRE (GpMallOrderStatus, mall_order_status,
                     "draft", "submitted", "confirmed", "shipped", "delivered", "received",
                     "cancelled")
GP_DEFINE_ENUM_WIRE (GpInvoiceKind, invoice_kind,
                     "unset", "normal", "special")
GP_DEFINE_ENUM_WIRE (GpAcceptanceConclusion, acceptance_conclusion,
                     "pending", "pass", "fail")
GP_DEFINE_ENUM_WIRE (GpPaymentTrigger, payment_trigger,
                     "unset", "delivery", "acceptance", "date")
GP_DEFINE_ENUM_WIRE (GpFundingRoute, funding_route,
                     "unset", "treasury", "own_funds")

G_STATIC_ASSERT (G_N_ELEMENTS (project_state_names) == GP_PROJECT_STATE_N_STATES);
G_STATIC_ASSERT (G_N_ELEMENTS (stage_names) == GP_STAGE_PAYMENT + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (procurement_method_names) == GP_PROCUREMENT_METHOD_MALL_GROUP_BUY + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (enterprise_size_names) == GP_ENTERPRISE_SIZE_MICRO + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (mall_order_status_names) == GP_MALL_ORDER_STATUS_CANCELLED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (funding_route_names) == GP_FUNDING_ROUTE_OWN_FUNDS + 1);

GpStage
gp_project_state_get_stage (GpProjectState state)
{
  switch (state)
    {
    case GP_PROJECT_STATE_INTENT_DRAFT:
    case GP_PROJECT_STATE_INTENT_PUBLISHED:
    case GP_PROJECT_STATE_LEGACY:
      return GP_STAGE_INTENTION;

    case GP_PROJECT_STATE_PLAN_DRAFT:
    case GP_PROJECT_STATE_PLAN_SUBMITTED:
    case GP_PROJECT_STATE_PLAN_FILED:
      return GP_STAGE_PLAN;

    case GP_PROJECT_STATE_MALL_ORDERING:
    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED:
    case GP_PROJECT_STATE_ENTRUSTED:
    case GP_PROJECT_STATE_DOCS_CONFIRMED:
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:
    case GP_PROJECT_STATE_BID_CLOSED:
    case GP_PROJECT_STATE_EVALUATED:
    case GP_PROJECT_STATE_RESULT_CONFIRMED:
    case GP_PROJECT_STATE_AWARDED:
    case GP_PROJECT_STATE_CHALLENGED:
    case GP_PROJECT_STATE_FAILED:
    case GP_PROJECT_STATE_TERMINATED:
      return GP_STAGE_EXECUTION;

    case GP_PROJECT_STATE_CONTRACT_SIGNED:
    case GP_PROJECT_STATE_CONTRACT_PUBLISHED:
    case GP_PROJECT_STATE_CONTRACT_FILED:
      return GP_STAGE_CONTRACT;

    case GP_PROJECT_STATE_IN_PERFORMANCE:
    case GP_PROJECT_STATE_DELIVERED:
    case GP_PROJECT_STATE_ACCEPTED:
    case GP_PROJECT_STATE_ACCEPTANCE_FAILED:
      return GP_STAGE_ACCEPTANCE;

    case GP_PROJECT_STATE_PAYING:
    case GP_PROJECT_STATE_PAID:
    case GP_PROJECT_STATE_CLOSED:
      return GP_STAGE_PAYMENT;

    default:
      g_return_val_if_reached (GP_STAGE_INTENTION);
    }
}

gboolean
gp_project_state_fixes_stage (GpProjectState state)
{
  switch (state)
    {
    case GP_PROJECT_STATE_CHALLENGED:
    case GP_PROJECT_STATE_FAILED:
    case GP_PROJECT_STATE_TERMINATED:
    case GP_PROJECT_STATE_LEGACY:
      return FALSE;

    case GP_PROJECT_STATE_INTENT_DRAFT:
    case GP_PROJECT_STATE_INTENT_PUBLISHED:
    case GP_PROJECT_STATE_PLAN_DRAFT:
    case GP_PROJECT_STATE_PLAN_SUBMITTED:
    case GP_PROJECT_STATE_PLAN_FILED:
    case GP_PROJECT_STATE_MALL_ORDERING:
    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED:
    case GP_PROJECT_STATE_ENTRUSTED:
    case GP_PROJECT_STATE_DOCS_CONFIRMED:
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:
    case GP_PROJECT_STATE_BID_CLOSED:
    case GP_PROJECT_STATE_EVALUATED:
    case GP_PROJECT_STATE_RESULT_CONFIRMED:
    case GP_PROJECT_STATE_AWARDED:
    case GP_PROJECT_STATE_CONTRACT_SIGNED:
    case GP_PROJECT_STATE_CONTRACT_PUBLISHED:
    case GP_PROJECT_STATE_CONTRACT_FILED:
    case GP_PROJECT_STATE_IN_PERFORMANCE:
    case GP_PROJECT_STATE_DELIVERED:
    case GP_PROJECT_STATE_ACCEPTED:
    case GP_PROJECT_STATE_ACCEPTANCE_FAILED:
    case GP_PROJECT_STATE_PAYING:
    case GP_PROJECT_STATE_PAID:
    case GP_PROJECT_STATE_CLOSED:
    default:
      return TRUE;
    }
}

gboolean
gp_project_state_is_terminal (GpProjectState state)
{
  return state == GP_PROJECT_STATE_CLOSED ||
         state == GP_PROJECT_STATE_FAILED ||
         state == GP_PROJECT_STATE_TERMINATED ||
         state == GP_PROJECT_STATE_LEGACY;
}

/* ------------------------------------------------------------------------------------------------
 * Field tables
 */

#define CODE GP_CODEC_MAX_CODE_CHARS
#define NAME GP_CODEC_MAX_NAME_CHARS
#define TEXT GP_CODEC_MAX_TEXT_CHARS
#define ARR  GP_CODEC_MAX_ARRAY
#define REQ  GP_FIELD_REQUIRED

#define F_STR(T, f, w, lim)      { w, GP_FIELD_STRING, offsetof (T, f), 0, 0, lim, NULL, NULL }
#define F_STR_ID(T, f, w)        { w, GP_FIELD_STRING, offsetof (T, f), REQ, 1, CODE, NULL, NULL }
#define F_UUID(T, f, w)          { w, GP_FIELD_UUID, offsetof (T, f), REQ, 0, 36, NULL, NULL }
#define F_INT64(T, f, w, lo, hi) { w, GP_FIELD_INT64, offsetof (T, f), 0, lo, hi, NULL, NULL }
#define F_UINT(T, f, w, lo, hi)  { w, GP_FIELD_UINT, offsetof (T, f), 0, lo, hi, NULL, NULL }
#define F_INT(T, f, w, lo, hi)   { w, GP_FIELD_INT, offsetof (T, f), 0, lo, hi, NULL, NULL }
#define F_MONEY(T, f, w)         { w, GP_FIELD_MONEY, offsetof (T, f), 0, 0, GP_MONEY_MAX, NULL, NULL }
#define F_MONEY_OPT(T, f, w)     { w, GP_FIELD_MONEY_OPT, offsetof (T, f), 0, 0, GP_MONEY_MAX, NULL, NULL }
#define F_BOOL(T, f, w)          { w, GP_FIELD_BOOL, offsetof (T, f), 0, 0, 1, NULL, NULL }
#define F_ENUM(T, f, w, e)       { w, GP_FIELD_ENUM, offsetof (T, f), 0, 0, 0, &gp_##e##_desc, NULL }
#define F_DATE(T, f, w)          { w, GP_FIELD_DATE, offsetof (T, f), 0, 0, 0, NULL, NULL }
#define F_MONTH(T, f, w)         { w, GP_FIELD_MONTH, offsetof (T, f), 0, 0, 0, NULL, NULL }
#define F_DATETIME(T, f, w, fl)  { w, GP_FIELD_DATETIME, offsetof (T, f), fl, 0, 0, NULL, NULL }
#define F_STRUCT(T, f, w, d)     { w, GP_FIELD_STRUCT, offsetof (T, f), 0, 0, 0, NULL, &d }
#define F_PTR(T, f, w, d)        { w, GP_FIELD_STRUCT_PTR, offsetof (T, f), 0, 0, 0, NULL, &d }
#define F_ARRAY(T, f, w, d)      { w, GP_FIELD_ARRAY, offsetof (T, f), 0, 0, ARR, NULL, &d }
#define F_STRV(T, f, w, lim)     { w, GP_FIELD_STRV, offsetof (T, f), 0, 0, lim, NULL, NULL }

#define GP_STRUCT_DESC(name, T, table, free_fn, check_fn) \
  { name, sizeof (T), table, G_N_ELEMENTS (table), (GDestroyNotify) free_fn, check_fn }

static const GpFieldDesc approval_fields[] = {
  F_BOOL (GpApproval, prepared, "prepared"),
  F_STR (GpApproval, prepared_by, "prepared_by", CODE),
  F_DATETIME (GpApproval, prepared_at, "prepared_at", 0),
  F_BOOL (GpApproval, approved, "approved"),
  F_STR (GpApproval, approved_by, "approved_by", CODE),
  F_DATETIME (GpApproval, approved_at, "approved_at", 0),
};
static const GpStructDesc approval_desc = GP_STRUCT_DESC ("approval", GpApproval, approval_fields, NULL, NULL);

static const GpFieldDesc party_fields[] = {
  F_STR (GpParty, name, "name", NAME),
  F_STR (GpParty, uscc, "uscc", CODE),
  F_ENUM (GpParty, size, "size", enterprise_size),
};
static const GpStructDesc party_desc = GP_STRUCT_DESC ("party", GpParty, party_fields, NULL, NULL);

static const GpFieldDesc purchaser_fields[] = {
  F_STR (GpPurchaser, unit_id, "unit_id", CODE),
  F_STR (GpPurchaser, name, "name", NAME),
  F_STR (GpPurchaser, budget_code, "budget_code", CODE),
  F_STR (GpPurchaser, address, "address", NAME),
  F_STR (GpPurchaser, contact_name, "contact_name", NAME),
  F_STR (GpPurchaser, contact_phone, "contact_phone", CODE),
};
static const GpStructDesc purchaser_desc = GP_STRUCT_DESC ("purchaser", GpPurchaser, purchaser_fields, NULL, NULL);

static const GpFieldDesc item_fields[] = {
  F_STR (GpItem, catalog_code, "catalog_code", CODE),
  F_STR (GpItem, name, "name", NAME),
  F_STR (GpItem, spec, "spec", TEXT),
  F_STR (GpItem, unit, "unit", CODE),
  F_INT64 (GpItem, quantity_milli, "quantity_milli", 0, G_GINT64_CONSTANT (1000000000000000)),
  F_MONEY (GpItem, unit_price, "unit_price"),
  F_MONEY (GpItem, total, "total"),
};
static const GpStructDesc item_desc = GP_STRUCT_DESC ("item", GpItem, item_fields, gp_item_free, NULL);

static const GpFieldDesc budget_line_fields[] = {
  F_STR (GpBudgetLine, index_code, "index_code", CODE),
  F_STR (GpBudgetLine, description, "description", NAME),
  F_MONEY (GpBudgetLine, amount, "amount"),
};
static const GpStructDesc budget_line_desc = GP_STRUCT_DESC ("budget_line", GpBudgetLine, budget_line_fields, gp_budget_line_free, NULL);

static const GpFieldDesc intention_fields[] = {
  F_STR (GpIntention, name, "name", NAME),
  F_STR (GpIntention, summary, "summary", TEXT),
  F_MONEY (GpIntention, budget, "budget"),
  F_MONTH (GpIntention, expected_month, "expected_month"),
  F_STR (GpIntention, remarks, "remarks", TEXT),
  F_ENUM (GpIntention, basis, "basis", disclosure_basis),
  F_BOOL (GpIntention, exempt, "exempt"),
  F_STR (GpIntention, exemption_reason, "exemption_reason", TEXT),
  F_DATETIME (GpIntention, published, "published", 0),
  F_STRUCT (GpIntention, approval, "approval", approval_desc),
};
static const GpStructDesc intention_desc = GP_STRUCT_DESC ("intention", GpIntention, intention_fields, gp_intention_free, NULL);

static const GpFieldDesc plan_fields[] = {
  F_STR (GpPlan, name, "name", NAME),
  F_STR (GpPlan, finance_division, "finance_division", NAME),
  F_STR (GpPlan, content, "content", TEXT),
  F_STR (GpPlan, entry_mode, "entry_mode", CODE),
  F_ENUM (GpPlan, funding_type, "funding_type", funding_type),
  F_STR (GpPlan, funding_note, "funding_note", TEXT),
  F_ARRAY (GpPlan, budget_lines, "budget_lines", budget_line_desc),
  F_ARRAY (GpPlan, items, "items", item_desc),
  F_MONEY (GpPlan, total, "total"),
  F_ENUM (GpPlan, method, "method", procurement_method),
  F_STR (GpPlan, method_rationale, "method_rationale", TEXT),
  F_STR (GpPlan, method_approval_ref, "method_approval_ref", CODE),
  F_ENUM (GpPlan, nature, "nature", procurement_nature),
  F_ENUM (GpPlan, organisation_form, "organisation_form", organisation_form),
  F_BOOL (GpPlan, sme_reserved, "sme_reserved"),
  /* Added in 0.2: records stored before it hold no such member. */
  { "public_service", GP_FIELD_BOOL, offsetof (GpPlan, public_service), GP_FIELD_ADDED, 0, 1, NULL, NULL },
  F_UINT (GpPlan, sme_share_bp, "sme_share_bp", 0, 10000),
  F_MONEY (GpPlan, sme_reserved_amount, "sme_reserved_amount"),
  F_STR (GpPlan, intention_ref, "intention_ref", CODE),
  F_DATE (GpPlan, planned_start, "planned_start"),
  F_DATETIME (GpPlan, submitted, "submitted", 0),
  F_DATETIME (GpPlan, filed, "filed", 0),
  F_STR (GpPlan, filing_ref, "filing_ref", CODE),
  F_STR (GpPlan, return_reason, "return_reason", TEXT),
  F_STRUCT (GpPlan, approval, "approval", approval_desc),
};
static const GpStructDesc plan_desc = GP_STRUCT_DESC ("plan", GpPlan, plan_fields, gp_plan_free, NULL);

static const GpFieldDesc consignee_fields[] = {
  F_STR (GpConsignee, name, "name", NAME),
  F_STR (GpConsignee, phone, "phone", CODE),
  F_STR (GpConsignee, address, "address", NAME),
};
static const GpStructDesc consignee_desc = GP_STRUCT_DESC ("consignee", GpConsignee, consignee_fields, NULL, NULL);

static const GpFieldDesc invoice_fields[] = {
  F_ENUM (GpInvoice, kind, "kind", invoice_kind),
  F_STR (GpInvoice, title, "title", NAME),
  F_STR (GpInvoice, tax_id, "tax_id", CODE),
  F_STR (GpInvoice, number, "number", CODE),
};
static const GpStructDesc invoice_desc = GP_STRUCT_DESC ("invoice", GpInvoice, invoice_fields, NULL, NULL);

static const GpFieldDesc mall_order_fields[] = {
  F_STR (GpMallOrder, order_no, "order_no", CODE),
  F_ARRAY (GpMallOrder, items, "items", item_desc),
  F_MONEY (GpMallOrder, total, "total"),
  F_STRUCT (GpMallOrder, consignee, "consignee", consignee_desc),
  F_STRUCT (GpMallOrder, invoice, "invoice", invoice_desc),
  F_STRUCT (GpMallOrder, supplier, "supplier", party_desc),
  F_ENUM (GpMallOrder, status, "status", mall_order_status),
  F_DATETIME (GpMallOrder, ordered, "ordered", 0),
  F_DATETIME (GpMallOrder, confirmed, "confirmed", 0),
  F_DATETIME (GpMallOrder, delivered, "delivered", 0),
  F_DATETIME (GpMallOrder, received, "received", 0),
  F_UINT (GpMallOrder, rating, "rating", 0, 5),
  F_STR (GpMallOrder, rating_comment, "rating_comment", TEXT),
  F_STRUCT (GpMallOrder, approval, "approval", approval_desc),
};
static const GpStructDesc mall_order_desc = GP_STRUCT_DESC ("mall_order", GpMallOrder, mall_order_fields, gp_mall_order_free, NULL);

static const GpFieldDesc correction_fields[] = {
  F_DATE (GpCorrection, published, "published"),
  F_STR (GpCorrection, description, "description", TEXT),
  F_DATETIME (GpCorrection, new_bid_deadline, "new_bid_deadline", 0),
};
static const GpStructDesc correction_desc = GP_STRUCT_DESC ("correction", GpCorrection, correction_fields, gp_correction_free, NULL);

static const GpFieldDesc bid_fields[] = {
  F_STRUCT (GpBid, supplier, "supplier", party_desc),
  F_MONEY (GpBid, price, "price"),
  F_DATETIME (GpBid, submitted, "submitted", 0),
  F_BOOL (GpBid, valid, "valid"),
  F_UINT (GpBid, rank, "rank", 0, ARR),
};
static const GpStructDesc bid_desc = GP_STRUCT_DESC ("bid", GpBid, bid_fields, gp_bid_free, NULL);

static const GpFieldDesc entrusted_fields[] = {
  F_STRUCT (GpEntrustedProcurement, agency, "agency", party_desc),
  F_STR (GpEntrustedProcurement, project_code, "project_code", CODE),
  F_DATE (GpEntrustedProcurement, entrusted, "entrusted"),
  F_DATE (GpEntrustedProcurement, docs_confirmed, "docs_confirmed"),
  F_DATE (GpEntrustedProcurement, notice_published, "notice_published"),
  F_DATE (GpEntrustedProcurement, docs_from, "docs_from"),
  F_DATE (GpEntrustedProcurement, docs_until, "docs_until"),
  F_DATETIME (GpEntrustedProcurement, bid_deadline, "bid_deadline", 0),
  F_DATETIME (GpEntrustedProcurement, opening, "opening", 0),
  F_MONEY_OPT (GpEntrustedProcurement, price_cap, "price_cap"),
  F_MONEY_OPT (GpEntrustedProcurement, bid_security, "bid_security"),
  F_BOOL (GpEntrustedProcurement, joint_bids, "joint_bids"),
  F_STR (GpEntrustedProcurement, qualifications, "qualifications", TEXT),
  F_STR (GpEntrustedProcurement, performance_period, "performance_period", NAME),
  F_ARRAY (GpEntrustedProcurement, corrections, "corrections", correction_desc),
  F_ARRAY (GpEntrustedProcurement, bids, "bids", bid_desc),
  F_DATE (GpEntrustedProcurement, evaluated, "evaluated"),
  F_DATE (GpEntrustedProcurement, report_sent, "report_sent"),
  F_DATE (GpEntrustedProcurement, result_confirmed, "result_confirmed"),
  F_STR (GpEntrustedProcurement, evaluation_summary, "evaluation_summary", TEXT),
  F_BOOL (GpEntrustedProcurement, failed, "failed"),
  F_STR (GpEntrustedProcurement, failure_reason, "failure_reason", TEXT),
  F_DATE (GpEntrustedProcurement, award_notice, "award_notice"),
  F_STRUCT (GpEntrustedProcurement, awarded_supplier, "awarded_supplier", party_desc),
  F_MONEY (GpEntrustedProcurement, awarded_amount, "awarded_amount"),
};
static const GpStructDesc entrusted_desc = GP_STRUCT_DESC ("entrusted", GpEntrustedProcurement, entrusted_fields, gp_entrusted_procurement_free, NULL);

static const char *
execution_check (gconstpointer mem,
                 const char  **problem)
{
  const GpExecution *self = mem;

  switch (self->kind)
    {
    case GP_EXECUTION_KIND_MALL:
      if (self->mall == NULL)
        {
          *problem = N_("required when kind is \"mall\"");
          return "mall";
        }
      if (self->entrusted != NULL)
        {
          *problem = N_("not allowed when kind is \"mall\"");
          return "entrusted";
        }
      return NULL;

    case GP_EXECUTION_KIND_ENTRUSTED:
      if (self->entrusted == NULL)
        {
          *problem = N_("required when kind is \"entrusted\"");
          return "entrusted";
        }
      if (self->mall != NULL)
        {
          *problem = N_("not allowed when kind is \"entrusted\"");
          return "mall";
        }
      return NULL;

    default:
      *problem = N_("unknown value");
      return "kind";
    }
}

static const GpFieldDesc execution_fields[] = {
  F_ENUM (GpExecution, kind, "kind", execution_kind),
  F_PTR (GpExecution, mall, "mall", mall_order_desc),
  F_PTR (GpExecution, entrusted, "entrusted", entrusted_desc),
};
static const GpStructDesc execution_desc = GP_STRUCT_DESC ("execution", GpExecution, execution_fields, gp_execution_free, execution_check);

static const GpFieldDesc supplement_fields[] = {
  F_STR (GpSupplement, number, "number", CODE),
  F_MONEY (GpSupplement, amount, "amount"),
  F_DATE (GpSupplement, signed_on, "signed_on"),
  F_STR (GpSupplement, description, "description", TEXT),
};
static const GpStructDesc supplement_desc = GP_STRUCT_DESC ("supplement", GpSupplement, supplement_fields, gp_supplement_free, NULL);

static const GpFieldDesc contract_fields[] = {
  F_STR_ID (GpContract, id, "id"),
  F_STR (GpContract, number, "number", CODE),
  F_STR (GpContract, title, "title", NAME),
  F_STRUCT (GpContract, supplier, "supplier", party_desc),
  F_MONEY (GpContract, amount, "amount"),
  F_ARRAY (GpContract, items, "items", item_desc),
  F_STR (GpContract, performance_period, "performance_period", NAME),
  F_STR (GpContract, performance_place, "performance_place", NAME),
  F_DATE (GpContract, signed_on, "signed_on"),
  F_DATE (GpContract, published_on, "published_on"),
  F_DATE (GpContract, filing_submitted, "filing_submitted"),
  F_DATE (GpContract, filed_on, "filed_on"),
  F_STR (GpContract, filing_return_reason, "filing_return_reason", TEXT),
  F_ARRAY (GpContract, supplements, "supplements", supplement_desc),
  F_MONEY_OPT (GpContract, performance_security, "performance_security"),
  F_STRV (GpContract, acceptance_criteria, "acceptance_criteria", NAME),
  F_STR (GpContract, document_sha256, "document_sha256", CODE),
  F_STRUCT (GpContract, approval, "approval", approval_desc),
};
static const GpStructDesc contract_desc = GP_STRUCT_DESC ("contract", GpContract, contract_fields, gp_contract_free, NULL);

static const GpFieldDesc team_member_fields[] = {
  F_STR (GpTeamMember, name, "name", NAME),
  F_STR (GpTeamMember, role, "role", NAME),
  F_BOOL (GpTeamMember, has_signed, "has_signed"),
};
static const GpStructDesc team_member_desc = GP_STRUCT_DESC ("team_member", GpTeamMember, team_member_fields, gp_team_member_free, NULL);

static const GpFieldDesc criterion_result_fields[] = {
  F_STR (GpCriterionResult, criterion, "criterion", NAME),
  F_STR (GpCriterionResult, required, "required", TEXT),
  F_STR (GpCriterionResult, actual, "actual", TEXT),
  F_BOOL (GpCriterionResult, passed, "passed"),
};
static const GpStructDesc criterion_result_desc = GP_STRUCT_DESC ("criterion_result", GpCriterionResult, criterion_result_fields, gp_criterion_result_free, NULL);

static const GpFieldDesc acceptance_fields[] = {
  F_STR_ID (GpAcceptance, id, "id"),
  F_STR (GpAcceptance, contract_id, "contract_id", CODE),
  F_STR (GpAcceptance, plan, "plan", TEXT),
  F_ARRAY (GpAcceptance, team, "team", team_member_desc),
  F_STR (GpAcceptance, third_party, "third_party", TEXT),
  F_ARRAY (GpAcceptance, results, "results", criterion_result_desc),
  F_ENUM (GpAcceptance, conclusion, "conclusion", acceptance_conclusion),
  F_STR (GpAcceptance, issues, "issues", TEXT),
  F_STR (GpAcceptance, team_opinion, "team_opinion", TEXT),
  F_STR (GpAcceptance, purchaser_opinion, "purchaser_opinion", TEXT),
  F_BOOL (GpAcceptance, supplier_confirmed, "supplier_confirmed"),
  F_STR (GpAcceptance, recipients_opinion, "recipients_opinion", TEXT),
  F_DATE (GpAcceptance, date, "date"),
  F_STRUCT (GpAcceptance, approval, "approval", approval_desc),
};
static const GpStructDesc acceptance_desc = GP_STRUCT_DESC ("acceptance", GpAcceptance, acceptance_fields, gp_acceptance_free, NULL);

static const GpFieldDesc payment_fields[] = {
  F_STR_ID (GpPayment, id, "id"),
  F_STR (GpPayment, contract_id, "contract_id", CODE),
  F_UINT (GpPayment, instalment, "instalment", 0, ARR),
  F_MONEY (GpPayment, amount, "amount"),
  F_ENUM (GpPayment, trigger, "trigger", payment_trigger),
  F_DATE (GpPayment, trigger_date, "trigger_date"),
  F_DATE (GpPayment, due, "due"),
  F_DATE (GpPayment, paid, "paid"),
  F_ENUM (GpPayment, funding_route, "funding_route", funding_route),
  F_STR (GpPayment, voucher, "voucher", CODE),
  F_STR (GpPayment, invoice_no, "invoice_no", CODE),
  F_INT (GpPayment, late_interest_ppm, "late_interest_ppm", -1, 1000000),
  F_STRUCT (GpPayment, approval, "approval", approval_desc),
};
static const GpStructDesc payment_desc = GP_STRUCT_DESC ("payment", GpPayment, payment_fields, gp_payment_free, NULL);

static const GpFieldDesc project_fields[] = {
  F_UUID (GpProject, id, "id"),
  F_INT64 (GpProject, rev, "rev", 0, G_GINT64_CONSTANT (9007199254740991)),
  { "region", GP_FIELD_STRING, offsetof (GpProject, region), REQ, 0, CODE, NULL, NULL },
  F_STRUCT (GpProject, purchaser, "purchaser", purchaser_desc),
  F_ENUM (GpProject, stage, "stage", stage),
  F_ENUM (GpProject, status, "status", project_state),
  F_BOOL (GpProject, legacy, "legacy"),
  F_DATETIME (GpProject, created, "created", REQ),
  F_DATETIME (GpProject, updated, "updated", REQ),
  F_PTR (GpProject, intention, "intention", intention_desc),
  F_PTR (GpProject, plan, "plan", plan_desc),
  F_PTR (GpProject, execution, "execution", execution_desc),
  F_ARRAY (GpProject, contracts, "contracts", contract_desc),
  F_ARRAY (GpProject, acceptances, "acceptances", acceptance_desc),
  F_ARRAY (GpProject, payments, "payments", payment_desc),
};
const GpStructDesc gp_project_desc = GP_STRUCT_DESC ("project", GpProject, project_fields, gp_project_free, NULL);

/* ------------------------------------------------------------------------------------------------
 * Generic operations over the tables
 */

GPtrArray *
gp_field_new_array (const GpFieldDesc *field)
{
  if (field->kind == GP_FIELD_STRV)
    return g_ptr_array_new_with_free_func (g_free);

  g_assert (field->kind == GP_FIELD_ARRAY);
  return g_ptr_array_new_with_free_func (field->struct_desc->free_func);
}

void
gp_struct_init (const GpStructDesc *desc,
                gpointer            mem)
{
  memset (mem, 0, desc->size);

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const GpFieldDesc *field = &desc->fields[i];
      gpointer at = GP_FIELD_AT (mem, field);

      switch (field->kind)
        {
        case GP_FIELD_MONEY_OPT:
          *(gint64 *) at = GP_MONEY_UNSET;
          break;

        case GP_FIELD_INT:
          /* -1 is "none" where the range allows it (late interest). */
          *(gint *) at = field->min < 0 ? -1 : (gint) field->min;
          break;

        case GP_FIELD_DATE:
        case GP_FIELD_MONTH:
          g_date_clear ((GDate *) at, 1);
          break;

        case GP_FIELD_STRUCT:
          gp_struct_init (field->struct_desc, at);
          break;

        case GP_FIELD_ARRAY:
        case GP_FIELD_STRV:
          *(GPtrArray **) at = gp_field_new_array (field);
          break;

        case GP_FIELD_STRING:
        case GP_FIELD_UUID:
        case GP_FIELD_INT64:
        case GP_FIELD_UINT:
        case GP_FIELD_MONEY:
        case GP_FIELD_BOOL:
        case GP_FIELD_ENUM:
        case GP_FIELD_DATETIME:
        case GP_FIELD_STRUCT_PTR:
        default:
          break;
        }
    }
}

void
gp_struct_clear (const GpStructDesc *desc,
                 gpointer            mem)
{
  for (guint i = 0; i < desc->n_fields; i++)
    {
      const GpFieldDesc *field = &desc->fields[i];
      gpointer at = GP_FIELD_AT (mem, field);

      switch (field->kind)
        {
        case GP_FIELD_STRING:
        case GP_FIELD_UUID:
          g_clear_pointer ((char **) at, g_free);
          break;

        case GP_FIELD_STRUCT:
          gp_struct_clear (field->struct_desc, at);
          break;

        case GP_FIELD_STRUCT_PTR:
          g_clear_pointer ((gpointer *) at, field->struct_desc->free_func);
          break;

        case GP_FIELD_ARRAY:
        case GP_FIELD_STRV:
          g_clear_pointer ((GPtrArray **) at, g_ptr_array_unref);
          break;

        case GP_FIELD_INT64:
        case GP_FIELD_UINT:
        case GP_FIELD_INT:
        case GP_FIELD_MONEY:
        case GP_FIELD_MONEY_OPT:
        case GP_FIELD_BOOL:
        case GP_FIELD_ENUM:
        case GP_FIELD_DATE:
        case GP_FIELD_MONTH:
        case GP_FIELD_DATETIME:
        default:
          break;
        }
    }
}

gpointer
gp_struct_new (const GpStructDesc *desc)
{
  gpointer mem = g_malloc (desc->size);

  gp_struct_init (desc, mem);
  return mem;
}

void
gp_struct_free (const GpStructDesc *desc,
                gpointer            mem)
{
  if (mem == NULL)
    return;

  gp_struct_clear (desc, mem);
  g_free (mem);
}

static gpointer
struct_dup (const GpStructDesc *desc,
            gconstpointer       src)
{
  gpointer dst;

  if (src == NULL)
    return NULL;

  dst = g_malloc (desc->size);
  gp_struct_copy_into (desc, dst, src);
  return dst;
}

/* @dst is uninitialised memory. */
void
gp_struct_copy_into (const GpStructDesc *desc,
                     gpointer            dst,
                     gconstpointer       src)
{
  memcpy (dst, src, desc->size);

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const GpFieldDesc *field = &desc->fields[i];
      gpointer to = GP_FIELD_AT (dst, field);
      gconstpointer from = GP_FIELD_AT (src, field);

      switch (field->kind)
        {
        case GP_FIELD_STRING:
        case GP_FIELD_UUID:
          *(char **) to = g_strdup (*(char * const *) from);
          break;

        case GP_FIELD_STRUCT:
          gp_struct_copy_into (field->struct_desc, to, from);
          break;

        case GP_FIELD_STRUCT_PTR:
          *(gpointer *) to = struct_dup (field->struct_desc, *(gconstpointer const *) from);
          break;

        case GP_FIELD_ARRAY:
        case GP_FIELD_STRV:
          {
            GPtrArray *in = *(GPtrArray * const *) from;
            GPtrArray *out = gp_field_new_array (field);

            g_ptr_array_set_size (out, 0);
            for (guint j = 0; in != NULL && j < in->len; j++)
              {
                if (field->kind == GP_FIELD_STRV)
                  g_ptr_array_add (out, g_strdup (in->pdata[j]));
                else
                  g_ptr_array_add (out, struct_dup (field->struct_desc, in->pdata[j]));
              }
            *(GPtrArray **) to = out;
          }
          break;

        case GP_FIELD_INT64:
        case GP_FIELD_UINT:
        case GP_FIELD_INT:
        case GP_FIELD_MONEY:
        case GP_FIELD_MONEY_OPT:
        case GP_FIELD_BOOL:
        case GP_FIELD_ENUM:
        case GP_FIELD_DATE:
        case GP_FIELD_MONTH:
        case GP_FIELD_DATETIME:
        default:
          break;
        }
    }
}

static gboolean
date_equal (const GDate *a,
            const GDate *b)
{
  gboolean va = g_date_valid (a);
  gboolean vb = g_date_valid (b);

  if (!va || !vb)
    return va == vb;

  return g_date_get_julian (a) == g_date_get_julian (b);
}

gboolean
gp_struct_equal (const GpStructDesc *desc,
                 gconstpointer       a,
                 gconstpointer       b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  for (guint i = 0; i < desc->n_fields; i++)
    {
      const GpFieldDesc *field = &desc->fields[i];
      gconstpointer fa = GP_FIELD_AT (a, field);
      gconstpointer fb = GP_FIELD_AT (b, field);

      switch (field->kind)
        {
        case GP_FIELD_STRING:
        case GP_FIELD_UUID:
          if (g_strcmp0 (*(char * const *) fa, *(char * const *) fb) != 0)
            return FALSE;
          break;

        case GP_FIELD_INT64:
        case GP_FIELD_MONEY:
        case GP_FIELD_MONEY_OPT:
        case GP_FIELD_DATETIME:
          if (*(const gint64 *) fa != *(const gint64 *) fb)
            return FALSE;
          break;

        case GP_FIELD_UINT:
          if (*(const guint *) fa != *(const guint *) fb)
            return FALSE;
          break;

        case GP_FIELD_INT:
        case GP_FIELD_ENUM:
          if (*(const int *) fa != *(const int *) fb)
            return FALSE;
          break;

        case GP_FIELD_BOOL:
          if (!*(const gboolean *) fa != !*(const gboolean *) fb)
            return FALSE;
          break;

        case GP_FIELD_DATE:
        case GP_FIELD_MONTH:
          if (!date_equal (fa, fb))
            return FALSE;
          break;

        case GP_FIELD_STRUCT:
          if (!gp_struct_equal (field->struct_desc, fa, fb))
            return FALSE;
          break;

        case GP_FIELD_STRUCT_PTR:
          if (!gp_struct_equal (field->struct_desc,
                                *(gconstpointer const *) fa, *(gconstpointer const *) fb))
            return FALSE;
          break;

        case GP_FIELD_ARRAY:
        case GP_FIELD_STRV:
          {
            GPtrArray *xa = *(GPtrArray * const *) fa;
            GPtrArray *xb = *(GPtrArray * const *) fb;
            guint la = xa != NULL ? xa->len : 0;
            guint lb = xb != NULL ? xb->len : 0;

            if (la != lb)
              return FALSE;
            for (guint j = 0; j < la; j++)
              {
                if (field->kind == GP_FIELD_STRV)
                  {
                    if (g_strcmp0 (xa->pdata[j], xb->pdata[j]) != 0)
                      return FALSE;
                  }
                else if (!gp_struct_equal (field->struct_desc, xa->pdata[j], xb->pdata[j]))
                  {
                    return FALSE;
                  }
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------------------------------------
 * Public new/copy/free
 */

#define GP_DEFINE_RECORD(TypeName, type_name, desc) \
  TypeName * \
  gp_##type_name##_new (void) \
  { \
    return gp_struct_new (&desc); \
  } \
  TypeName * \
  gp_##type_name##_copy (const TypeName *self) \
  { \
    g_return_val_if_fail (self != NULL, NULL); \
    return struct_dup (&desc, self); \
  } \
  void \
  gp_##type_name##_free (TypeName *self) \
  { \
    gp_struct_free (&desc, self); \
  }

GP_DEFINE_RECORD (GpProject, project, gp_project_desc)
GP_DEFINE_RECORD (GpItem, item, item_desc)
GP_DEFINE_RECORD (GpBudgetLine, budget_line, budget_line_desc)
GP_DEFINE_RECORD (GpIntention, intention, intention_desc)
GP_DEFINE_RECORD (GpPlan, plan, plan_desc)
GP_DEFINE_RECORD (GpMallOrder, mall_order, mall_order_desc)
GP_DEFINE_RECORD (GpCorrection, correction, correction_desc)
GP_DEFINE_RECORD (GpBid, bid, bid_desc)
GP_DEFINE_RECORD (GpEntrustedProcurement, entrusted_procurement, entrusted_desc)
GP_DEFINE_RECORD (GpExecution, execution, execution_desc)
GP_DEFINE_RECORD (GpSupplement, supplement, supplement_desc)
GP_DEFINE_RECORD (GpContract, contract, contract_desc)
GP_DEFINE_RECORD (GpTeamMember, team_member, team_member_desc)
GP_DEFINE_RECORD (GpCriterionResult, criterion_result, criterion_result_desc)
GP_DEFINE_RECORD (GpAcceptance, acceptance, acceptance_desc)
GP_DEFINE_RECORD (GpPayment, payment, payment_desc)

G_DEFINE_BOXED_TYPE (GpProject, gp_project, gp_project_copy, gp_project_free)

GpProject *
gp_project_new_draft (const char *region)
{
  GpProject *self = gp_project_new ();
  gint64 now = g_get_real_time ();

  self->id = g_uuid_string_random ();
  self->region = g_strdup (region);
  self->stage = GP_STAGE_INTENTION;
  self->status = GP_PROJECT_STATE_INTENT_DRAFT;
  self->created = now;
  self->updated = now;

  return self;
}

gboolean
gp_project_equal (const GpProject *a,
                  const GpProject *b)
{
  return gp_struct_equal (&gp_project_desc, a, b);
}

const char *
gp_project_get_name (const GpProject *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->plan != NULL && self->plan->name != NULL && self->plan->name[0] != '\0')
    return self->plan->name;
  if (self->intention != NULL && self->intention->name != NULL && self->intention->name[0] != '\0')
    return self->intention->name;
  return NULL;
}

GpContract *
gp_project_find_contract (const GpProject *self,
                          const char      *contract_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (contract_id == NULL)
    return NULL;

  for (guint i = 0; i < self->contracts->len; i++)
    {
      GpContract *contract = g_ptr_array_index (self->contracts, i);

      if (g_strcmp0 (contract->id, contract_id) == 0)
        return contract;
    }

  return NULL;
}

/* The acceptance with that id, or NULL (borrowed). */
GpAcceptance *
gp_project_find_acceptance (const GpProject *self,
                            const char      *acceptance_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; acceptance_id != NULL && i < self->acceptances->len; i++)
    if (g_strcmp0 (((GpAcceptance *) g_ptr_array_index (self->acceptances, i))->id, acceptance_id) == 0)
      return g_ptr_array_index (self->acceptances, i);
  return NULL;
}

/* The payment with that id, or NULL (borrowed). */
GpPayment *
gp_project_find_payment (const GpProject *self,
                         const char      *payment_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; payment_id != NULL && i < self->payments->len; i++)
    if (g_strcmp0 (((GpPayment *) g_ptr_array_index (self->payments, i))->id, payment_id) == 0)
      return g_ptr_array_index (self->payments, i);
  return NULL;
}

gboolean
gp_datetime_is_set (gint64 usec)
{
  return usec != 0;
}

gboolean
gp_date_is_set (const GDate *date)
{
  return date != NULL && g_date_valid (date);
}
