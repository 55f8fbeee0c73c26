/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-ocds.c: export of a project as an OCDS 1.1.5 release package (mapping of DOMAIN.md §3.1).
 */
#include "config.h"

#include <string.h>

#include "gp-codec.h"
#include "gp-money.h"
#include "gp-ocds.h"

typedef struct {
  const GpProject *project;
  JsonArray       *parties;       /* owned by the release */
  GHashTable      *party_by_id;   /* id → JsonObject (borrowed) */
  char            *buyer_id;
} Export;

/* ------------------------------------------------------------------------------------------------
 * Small helpers
 */

/* Text for publication: C0 control characters other than tab and newlines become spaces (they
 * have no place in a notice, and json-glib 1.6 writes U+001F unescaped). */
static char *
clean_dup (const char *s)
{
  char *copy = g_strdup (s);

  for (char *p = copy; p != NULL && *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        *p = ' ';
    }
  return copy;
}

static void
set_text (JsonObject *obj,
          const char *key,
          const char *s)
{
  g_autofree char *copy = NULL;

  if (s == NULL || s[0] == '\0')
    return;

  copy = clean_dup (s);
  json_object_set_string_member (obj, key, copy);
}

static JsonObject *
value_object (gint64 fen)
{
  JsonObject *value = json_object_new ();

  if (fen % GP_MONEY_FEN_PER_YUAN == 0)
    json_object_set_int_member (value, "amount", fen / GP_MONEY_FEN_PER_YUAN);
  else
    json_object_set_double_member (value, "amount", (double) fen / GP_MONEY_FEN_PER_YUAN);
  json_object_set_string_member (value, "currency", "CNY");
  return value;
}

/* A calendar date as an OCDS date-time: the start of that day in China Standard Time. */
static void
set_date (JsonObject  *obj,
          const char  *key,
          const GDate *date)
{
  g_autofree char *day = NULL;
  g_autofree char *stamp = NULL;

  if (date == NULL || !g_date_valid (date))
    return;

  day = gp_codec_format_date (date);
  stamp = g_strconcat (day, "T00:00:00+08:00", NULL);
  json_object_set_string_member (obj, key, stamp);
}

static void
set_datetime (JsonObject *obj,
              const char *key,
              gint64      usec)
{
  g_autofree char *stamp = NULL;

  if (usec == 0)
    return;

  stamp = gp_codec_format_datetime (usec);
  json_object_set_string_member (obj, key, stamp);
}

static gboolean
has_text (const char *s)
{
  return s != NULL && s[0] != '\0';
}

static void
add_role (JsonObject *party,
          const char *role)
{
  JsonArray *roles = json_object_get_array_member (party, "roles");

  for (guint i = 0; i < json_array_get_length (roles); i++)
    if (g_strcmp0 (json_array_get_string_element (roles, i), role) == 0)
      return;
  json_array_add_string_element (roles, role);
}

/* Adds (or merges into) a party and returns a reference to it, or NULL if it has no name. */
static JsonObject *
add_party (Export        *ex,
           const GpParty *party,
           const char    *role)
{
  g_autofree char *id = NULL;
  JsonObject *obj;
  JsonObject *ref;

  if (!has_text (party->name) && !has_text (party->uscc))
    return NULL;

  if (has_text (party->uscc))
    {
      g_autofree char *uscc = clean_dup (party->uscc);

      id = g_strconcat ("CN-SCC-", uscc, NULL);
    }
  else
    {
      g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, party->name, -1);

      id = g_strdup_printf ("GP-NAME-%.16s", sum);
    }

  obj = g_hash_table_lookup (ex->party_by_id, id);
  if (obj == NULL)
    {
      obj = json_object_new ();
      json_object_set_string_member (obj, "id", id);
      set_text (obj, "name", party->name);
      if (has_text (party->uscc))
        {
          JsonObject *identifier = json_object_new ();

          json_object_set_string_member (identifier, "scheme", "CN-SCC");
          set_text (identifier, "id", party->uscc);
          set_text (identifier, "legalName", party->name);
          json_object_set_object_member (obj, "identifier", identifier);
        }
      if (party->size != GP_ENTERPRISE_SIZE_UNSET)
        {
          JsonObject *details = json_object_new ();
          const char *scale = "sme";

          /* partyScale extension codes */
          if (party->size == GP_ENTERPRISE_SIZE_LARGE)
            scale = "large";
          else if (party->size == GP_ENTERPRISE_SIZE_MICRO)
            scale = "micro";
          json_object_set_string_member (details, "scale", scale);
          json_object_set_object_member (obj, "details", details);
        }
      json_object_set_array_member (obj, "roles", json_array_new ());
      json_array_add_object_element (ex->parties, obj);
      g_hash_table_insert (ex->party_by_id, g_strdup (id), obj);
    }
  add_role (obj, role);

  ref = json_object_new ();
  json_object_set_string_member (ref, "id", id);
  if (json_object_has_member (obj, "name"))
    json_object_set_string_member (ref, "name", json_object_get_string_member (obj, "name"));
  return ref;
}

static JsonObject *
buyer_reference (Export *ex)
{
  JsonObject *ref = json_object_new ();

  json_object_set_string_member (ref, "id", ex->buyer_id);
  set_text (ref, "name", ex->project->purchaser.name);
  return ref;
}

static void
add_buyer (Export *ex)
{
  const GpPurchaser *p = &ex->project->purchaser;
  JsonObject *obj = json_object_new ();
  const char *key = has_text (p->unit_id) ? p->unit_id : p->budget_code;

  if (has_text (key))
    {
      g_autofree char *clean = clean_dup (key);

      ex->buyer_id = g_strconcat ("CN-UNIT-", clean, NULL);
    }
  else
    {
      ex->buyer_id = g_strdup ("CN-UNIT-unknown");
    }

  json_object_set_string_member (obj, "id", ex->buyer_id);
  set_text (obj, "name", p->name);
  if (has_text (p->address))
    {
      JsonObject *address = json_object_new ();

      set_text (address, "streetAddress", p->address);
      json_object_set_string_member (address, "countryName", "中国");
      json_object_set_object_member (obj, "address", address);
    }
  if (has_text (p->contact_name) || has_text (p->contact_phone))
    {
      JsonObject *contact = json_object_new ();

      set_text (contact, "name", p->contact_name);
      set_text (contact, "telephone", p->contact_phone);
      json_object_set_object_member (obj, "contactPoint", contact);
    }
  json_object_set_array_member (obj, "roles", json_array_new ());
  add_role (obj, "buyer");
  json_array_add_object_element (ex->parties, obj);
  g_hash_table_insert (ex->party_by_id, g_strdup (ex->buyer_id), obj);
}

static JsonArray *
items_array (GPtrArray  *items,
             const char *prefix)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      const GpItem *item = g_ptr_array_index (items, i);
      JsonObject *obj = json_object_new ();
      g_autofree char *id = g_strdup_printf ("%s%u", prefix, i + 1);
      g_autofree char *description = NULL;

      json_object_set_string_member (obj, "id", id);
      if (has_text (item->spec))
        description = g_strdup_printf ("%s (%s)", item->name != NULL ? item->name : "", item->spec);
      set_text (obj, "description", description != NULL ? description : item->name);
      if (has_text (item->catalog_code))
        {
          JsonObject *classification = json_object_new ();

          /* 政府采购品目分类目录 */
          json_object_set_string_member (classification, "scheme", "CN-ZFCGPMML");
          set_text (classification, "id", item->catalog_code);
          set_text (classification, "description", item->name);
          json_object_set_object_member (obj, "classification", classification);
        }
      if (item->quantity_milli % 1000 == 0)
        json_object_set_int_member (obj, "quantity", item->quantity_milli / 1000);
      else
        json_object_set_double_member (obj, "quantity", item->quantity_milli / 1000.0);
      {
        JsonObject *unit = json_object_new ();

        set_text (unit, "name", item->unit);
        json_object_set_object_member (unit, "value", value_object (item->unit_price));
        json_object_set_object_member (obj, "unit", unit);
      }
      json_array_add_object_element (array, obj);
    }

  return array;
}

static JsonObject *
milestone (const char *id,
           const char *title,
           const char *type,
           const char *status)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "id", id);
  set_text (obj, "title", title);
  json_object_set_string_member (obj, "type", type);
  json_object_set_string_member (obj, "status", status);
  return obj;
}

/* ------------------------------------------------------------------------------------------------
 * Mapping of states and methods
 */

static const char *
method_code (GpProcurementMethod method)
{
  switch (method)
    {
    case GP_PROCUREMENT_METHOD_OPEN_TENDER:
      return "open";
    case GP_PROCUREMENT_METHOD_INVITED_TENDER:
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT:
      return "selective";
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION:
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION:
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION:
    case GP_PROCUREMENT_METHOD_MALL_BIDDING:
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION:
      return "limited";
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE:
    case GP_PROCUREMENT_METHOD_MALL_DIRECT:
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED:
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY:
      return "direct";
    case GP_PROCUREMENT_METHOD_UNSET:
    default:
      return NULL;
    }
}

static const char *
method_details (GpProcurementMethod method)
{
  switch (method)
    {
    case GP_PROCUREMENT_METHOD_OPEN_TENDER: return "公开招标";
    case GP_PROCUREMENT_METHOD_INVITED_TENDER: return "邀请招标";
    case GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION: return "竞争性谈判";
    case GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION: return "竞争性磋商";
    case GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION: return "询价";
    case GP_PROCUREMENT_METHOD_SINGLE_SOURCE: return "单一来源";
    case GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT: return "框架协议采购";
    case GP_PROCUREMENT_METHOD_MALL_DIRECT: return "电子卖场 直接订购";
    case GP_PROCUREMENT_METHOD_MALL_BIDDING: return "电子卖场 网上竞价";
    case GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION: return "电子卖场 电子反拍";
    case GP_PROCUREMENT_METHOD_MALL_DESIGNATED: return "电子卖场 定点采购";
    case GP_PROCUREMENT_METHOD_MALL_GROUP_BUY: return "电子卖场 团购";
    case GP_PROCUREMENT_METHOD_UNSET:
    default:
      return NULL;
    }
}

static const char *
tender_status (GpProjectState state)
{
  switch (state)
    {
    case GP_PROJECT_STATE_INTENT_DRAFT:
    case GP_PROJECT_STATE_INTENT_PUBLISHED:
    case GP_PROJECT_STATE_PLAN_DRAFT:
    case GP_PROJECT_STATE_PLAN_SUBMITTED:
    case GP_PROJECT_STATE_PLAN_FILED:
    case GP_PROJECT_STATE_ENTRUSTED:
    case GP_PROJECT_STATE_DOCS_CONFIRMED:
      return "planned";

    case GP_PROJECT_STATE_MALL_ORDERING:
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:
    case GP_PROJECT_STATE_BID_CLOSED:
    case GP_PROJECT_STATE_EVALUATED:
    case GP_PROJECT_STATE_CHALLENGED:
      return "active";

    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED:
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
      return "complete";

    case GP_PROJECT_STATE_FAILED:
      return "unsuccessful";

    case GP_PROJECT_STATE_TERMINATED:
      return "cancelled";

    case GP_PROJECT_STATE_LEGACY:
    default:
      return NULL;
    }
}

static const char *
category_code (GpProcurementNature nature)
{
  switch (nature)
    {
    case GP_PROCUREMENT_NATURE_GOODS:
      return "goods";
    case GP_PROCUREMENT_NATURE_WORKS:
      return "works";
    case GP_PROCUREMENT_NATURE_SERVICES:
      return "services";
    case GP_PROCUREMENT_NATURE_UNSET:
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------------------------------------
 * Sections
 */

static JsonObject *
build_planning (Export *ex)
{
  const GpProject *p = ex->project;
  JsonObject *planning = json_object_new ();
  JsonObject *budget = json_object_new ();
  JsonArray *milestones = json_array_new ();
  gint64 amount = p->plan != NULL ? p->plan->total : p->intention->budget;

  if (p->intention != NULL)
    set_text (planning, "rationale", p->intention->summary);

  set_text (budget, "id", p->purchaser.budget_code);
  if (p->plan != NULL && p->plan->budget_lines->len > 0)
    {
      g_autoptr(GString) lines = g_string_new (NULL);

      for (guint i = 0; i < p->plan->budget_lines->len; i++)
        {
          const GpBudgetLine *line = g_ptr_array_index (p->plan->budget_lines, i);
          g_autofree char *money = gp_money_format (line->amount);

          g_string_append_printf (lines, "%s%s %s", i > 0 ? "; " : "",
                                  line->index_code != NULL ? line->index_code : "", money);
        }
      set_text (budget, "description", lines->str);
    }
  json_object_set_object_member (budget, "amount", value_object (amount));
  set_text (budget, "project", gp_project_get_name (p));
  json_object_set_object_member (planning, "budget", budget);

  if (p->intention != NULL)
    {
      JsonObject *m = milestone ("intention", "采购意向公开", "preProcurement",
                                 p->intention->published != 0 ? "met" : "scheduled");

      set_datetime (m, "dateMet", p->intention->published);
      json_array_add_object_element (milestones, m);
    }
  if (p->plan != NULL)
    {
      JsonObject *m = milestone ("plan-filing", "采购计划备案", "approval",
                                 p->plan->filed != 0 ? "met" : "scheduled");

      set_datetime (m, "dateMet", p->plan->filed);
      set_text (m, "code", p->plan->filing_ref);
      set_date (m, "dueDate", &p->plan->planned_start);
      json_array_add_object_element (milestones, m);
    }
  json_object_set_array_member (planning, "milestones", milestones);

  return planning;
}

static JsonObject *
build_tender (Export *ex)
{
  const GpProject *p = ex->project;
  const GpEntrustedProcurement *e = NULL;
  JsonObject *tender = json_object_new ();
  const char *status = tender_status (p->status);

  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_ENTRUSTED)
    e = p->execution->entrusted;

  set_text (tender, "id", e != NULL && has_text (e->project_code) ? e->project_code : p->id);
  if (!json_object_has_member (tender, "id"))
    json_object_set_string_member (tender, "id", "unknown");
  set_text (tender, "title", gp_project_get_name (p));
  if (p->plan != NULL)
    set_text (tender, "description", p->plan->content);
  else if (p->intention != NULL)
    set_text (tender, "description", p->intention->summary);
  if (status != NULL)
    json_object_set_string_member (tender, "status", status);

  if (e != NULL)
    {
      JsonObject *ref = add_party (ex, &e->agency, "procuringEntity");

      if (ref != NULL)
        json_object_set_object_member (tender, "procuringEntity", ref);
    }
  else
    {
      JsonObject *buyer = g_hash_table_lookup (ex->party_by_id, ex->buyer_id);

      add_role (buyer, "procuringEntity");
      json_object_set_object_member (tender, "procuringEntity", buyer_reference (ex));
    }

  if (p->plan != NULL)
    {
      const char *code = method_code (p->plan->method);
      const char *category = category_code (p->plan->nature);

      json_object_set_array_member (tender, "items", items_array (p->plan->items, "plan-item-"));
      json_object_set_object_member (tender, "value", value_object (p->plan->total));
      if (code != NULL)
        json_object_set_string_member (tender, "procurementMethod", code);
      if (method_details (p->plan->method) != NULL)
        json_object_set_string_member (tender, "procurementMethodDetails",
                                       method_details (p->plan->method));
      set_text (tender, "procurementMethodRationale", p->plan->method_rationale);
      if (category != NULL)
        json_object_set_string_member (tender, "mainProcurementCategory", category);
    }
  else if (p->intention != NULL)
    {
      json_object_set_object_member (tender, "value", value_object (p->intention->budget));
    }

  if (e != NULL)
    {
      JsonObject *period = json_object_new ();
      JsonArray *tenderers = json_array_new ();
      JsonArray *amendments = json_array_new ();

      set_date (period, "startDate", &e->docs_from);
      set_datetime (period, "endDate", e->bid_deadline);
      json_object_set_object_member (tender, "tenderPeriod", period);
      set_text (tender, "eligibilityCriteria", e->qualifications);
      json_object_set_int_member (tender, "numberOfTenderers", e->bids->len);

      for (guint i = 0; i < e->bids->len; i++)
        {
          const GpBid *bid = g_ptr_array_index (e->bids, i);
          JsonObject *ref = add_party (ex, &bid->supplier, "tenderer");
          gboolean dup = FALSE;

          if (ref == NULL)
            continue;
          /* tenderers is a set */
          for (guint j = 0; j < json_array_get_length (tenderers); j++)
            if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (tenderers, j), "id"),
                           json_object_get_string_member (ref, "id")) == 0)
              dup = TRUE;
          if (dup)
            json_object_unref (ref);
          else
            json_array_add_object_element (tenderers, ref);
        }
      json_object_set_array_member (tender, "tenderers", tenderers);

      for (guint i = 0; i < e->corrections->len; i++)
        {
          const GpCorrection *c = g_ptr_array_index (e->corrections, i);
          JsonObject *amendment = json_object_new ();
          g_autofree char *id = g_strdup_printf ("correction-%u", i + 1);

          json_object_set_string_member (amendment, "id", id);
          set_date (amendment, "date", &c->published);
          set_text (amendment, "description", c->description);
          set_text (amendment, "rationale", "更正公告");
          json_array_add_object_element (amendments, amendment);
        }
      json_object_set_array_member (tender, "amendments", amendments);

      if (g_date_valid (&e->award_notice))
        {
          JsonObject *award_period = json_object_new ();

          set_date (award_period, "endDate", &e->award_notice);
          json_object_set_object_member (tender, "awardPeriod", award_period);
        }
    }

  return tender;
}

static gboolean
is_awarded (GpProjectState state)
{
  switch (state)
    {
    case GP_PROJECT_STATE_MALL_ORDER_CONFIRMED:
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
    case GP_PROJECT_STATE_LEGACY:
      return TRUE;

    case GP_PROJECT_STATE_INTENT_DRAFT:
    case GP_PROJECT_STATE_INTENT_PUBLISHED:
    case GP_PROJECT_STATE_PLAN_DRAFT:
    case GP_PROJECT_STATE_PLAN_SUBMITTED:
    case GP_PROJECT_STATE_PLAN_FILED:
    case GP_PROJECT_STATE_MALL_ORDERING:
    case GP_PROJECT_STATE_ENTRUSTED:
    case GP_PROJECT_STATE_DOCS_CONFIRMED:
    case GP_PROJECT_STATE_NOTICE_PUBLISHED:
    case GP_PROJECT_STATE_BID_CLOSED:
    case GP_PROJECT_STATE_EVALUATED:
    case GP_PROJECT_STATE_RESULT_CONFIRMED:
    case GP_PROJECT_STATE_CHALLENGED:
    case GP_PROJECT_STATE_FAILED:
    case GP_PROJECT_STATE_TERMINATED:
    default:
      return FALSE;
    }
}

/* The award, from the entrusted result or the e-mall order, or NULL when there is none yet. */
static JsonObject *
build_award (Export *ex)
{
  const GpProject *p = ex->project;
  const GpParty *supplier = NULL;
  JsonObject *award;
  JsonObject *ref;
  JsonArray *suppliers;
  gint64 amount = 0;

  if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_ENTRUSTED &&
      (g_date_valid (&p->execution->entrusted->award_notice) || p->execution->entrusted->awarded_amount > 0))
    {
      const GpEntrustedProcurement *e = p->execution->entrusted;

      award = json_object_new ();
      set_date (award, "date", &e->award_notice);
      supplier = &e->awarded_supplier;
      amount = e->awarded_amount;
    }
  else if (p->execution != NULL && p->execution->kind == GP_EXECUTION_KIND_MALL &&
           p->execution->mall->status != GP_MALL_ORDER_STATUS_DRAFT)
    {
      const GpMallOrder *m = p->execution->mall;

      award = json_object_new ();
      set_datetime (award, "date", m->confirmed);
      supplier = &m->supplier;
      amount = m->total;
      if (m->items->len > 0)
        json_object_set_array_member (award, "items", items_array (m->items, "order-item-"));
    }
  else if (p->contracts->len > 0)
    {
      const GpContract *c = g_ptr_array_index (p->contracts, 0);

      award = json_object_new ();
      supplier = &c->supplier;
      amount = c->amount;
    }
  else
    {
      return NULL;
    }

  json_object_set_string_member (award, "id", "award-1");
  json_object_set_string_member (award, "title", "中标(成交)结果");
  if (p->status == GP_PROJECT_STATE_TERMINATED || p->status == GP_PROJECT_STATE_FAILED)
    json_object_set_string_member (award, "status", "cancelled");
  else
    json_object_set_string_member (award, "status", is_awarded (p->status) ? "active" : "pending");
  json_object_set_object_member (award, "value", value_object (amount));

  suppliers = json_array_new ();
  ref = add_party (ex, supplier, "supplier");
  if (ref != NULL)
    json_array_add_object_element (suppliers, ref);
  json_object_set_array_member (award, "suppliers", suppliers);

  return award;
}

static JsonObject *
build_contract (Export           *ex,
                const GpContract *c)
{
  const GpProject *p = ex->project;
  JsonObject *obj = json_object_new ();
  JsonArray *milestones = json_array_new ();
  JsonArray *amendments = json_array_new ();
  JsonArray *documents = json_array_new ();
  JsonObject *implementation = json_object_new ();
  JsonArray *transactions = json_array_new ();
  JsonArray *impl_milestones = json_array_new ();
  JsonArray *impl_documents = json_array_new ();
  JsonObject *supplier_ref = add_party (ex, &c->supplier, "supplier");
  const char *status;
  g_autoptr(GString) description = g_string_new (NULL);

  set_text (obj, "id", c->id);
  if (!json_object_has_member (obj, "id"))
    json_object_set_string_member (obj, "id", "unknown");
  json_object_set_string_member (obj, "awardID", "award-1");
  set_text (obj, "title", c->title);
  if (has_text (c->number))
    g_string_append_printf (description, "合同编号 %s", c->number);
  if (has_text (c->performance_period))
    g_string_append_printf (description, "%s履约期限 %s", description->len ? "; " : "", c->performance_period);
  if (has_text (c->performance_place))
    g_string_append_printf (description, "%s履约地点 %s", description->len ? "; " : "", c->performance_place);
  set_text (obj, "description", description->str);

  if (p->status == GP_PROJECT_STATE_TERMINATED)
    status = "cancelled";
  else if (p->status == GP_PROJECT_STATE_CLOSED)
    status = "terminated";
  else if (g_date_valid (&c->signed_on))
    status = "active";
  else
    status = "pending";
  json_object_set_string_member (obj, "status", status);
  json_object_set_object_member (obj, "value", value_object (c->amount));
  if (c->items->len > 0)
    {
      g_autofree char *prefix = g_strdup_printf ("%s-item-", json_object_get_string_member (obj, "id"));

      json_object_set_array_member (obj, "items", items_array (c->items, prefix));
    }
  set_date (obj, "dateSigned", &c->signed_on);

  if (g_date_valid (&c->published_on))
    {
      JsonObject *m = milestone ("publication", "合同公告", "reporting", "met");

      set_date (m, "dateMet", &c->published_on);
      json_array_add_object_element (milestones, m);
    }
  if (g_date_valid (&c->filed_on))
    {
      JsonObject *m = milestone ("filing", "合同备案", "approval", "met");

      set_date (m, "dateMet", &c->filed_on);
      json_array_add_object_element (milestones, m);
    }
  json_object_set_array_member (obj, "milestones", milestones);

  for (guint i = 0; i < c->supplements->len; i++)
    {
      const GpSupplement *s = g_ptr_array_index (c->supplements, i);
      JsonObject *amendment = json_object_new ();
      g_autofree char *id = g_strdup_printf ("supplement-%u", i + 1);
      g_autofree char *money = gp_money_format (s->amount);
      g_autofree char *text = g_strdup_printf ("补充合同 %s: %s%s%s",
                                               s->number != NULL ? s->number : "", money,
                                               has_text (s->description) ? "; " : "",
                                               has_text (s->description) ? s->description : "");

      json_object_set_string_member (amendment, "id", id);
      set_date (amendment, "date", &s->signed_on);
      set_text (amendment, "description", text);
      json_array_add_object_element (amendments, amendment);
    }
  json_object_set_array_member (obj, "amendments", amendments);

  if (has_text (c->document_sha256))
    {
      JsonObject *doc = json_object_new ();

      json_object_set_string_member (doc, "id", "contract-signed");
      json_object_set_string_member (doc, "documentType", "contractSigned");
      json_object_set_string_member (doc, "title", "合同文本");
      set_text (doc, "description", c->document_sha256);
      json_array_add_object_element (documents, doc);
    }
  json_object_set_array_member (obj, "documents", documents);

  /* 履约验收 → implementation milestones; 支付 → transactions (paid) or payment milestones (due). */
  for (guint i = 0; i < p->acceptances->len; i++)
    {
      const GpAcceptance *a = g_ptr_array_index (p->acceptances, i);
      g_autofree char *id = NULL;
      const char *mstatus = "scheduled";
      JsonObject *m;

      if (g_strcmp0 (a->contract_id, c->id) != 0)
        continue;
      if (a->conclusion == GP_ACCEPTANCE_CONCLUSION_PASS)
        mstatus = "met";
      else if (a->conclusion == GP_ACCEPTANCE_CONCLUSION_FAIL)
        mstatus = "notMet";

      id = g_strdup_printf ("acceptance-%u", i + 1);
      m = milestone (id, "履约验收", "assessment", mstatus);
      set_text (m, "code", a->id);
      set_text (m, "description", a->team_opinion);
      if (a->conclusion != GP_ACCEPTANCE_CONCLUSION_PENDING)
        set_date (m, "dateMet", &a->date);
      else
        set_date (m, "dueDate", &a->date);
      json_array_add_object_element (impl_milestones, m);

      if (a->conclusion == GP_ACCEPTANCE_CONCLUSION_PASS)
        {
          JsonObject *doc = json_object_new ();
          g_autofree char *doc_id = g_strdup_printf ("acceptance-%u-certificate", i + 1);

          json_object_set_string_member (doc, "id", doc_id);
          json_object_set_string_member (doc, "documentType", "completionCertificate");
          json_object_set_string_member (doc, "title", "验收书");
          json_array_add_object_element (impl_documents, doc);
        }
    }

  for (guint i = 0; i < p->payments->len; i++)
    {
      const GpPayment *pay = g_ptr_array_index (p->payments, i);
      g_autofree char *id = g_strdup_printf ("payment-%u", i + 1);

      if (g_strcmp0 (pay->contract_id, c->id) != 0)
        continue;

      if (g_date_valid (&pay->paid))
        {
          JsonObject *t = json_object_new ();

          json_object_set_string_member (t, "id", id);
          set_date (t, "date", &pay->paid);
          json_object_set_object_member (t, "value", value_object (pay->amount));
          json_object_set_object_member (t, "payer", buyer_reference (ex));
          if (supplier_ref != NULL)
            json_object_set_object_member (t, "payee", json_object_ref (supplier_ref));
          json_array_add_object_element (transactions, t);
        }
      else
        {
          JsonObject *m = milestone (id, "合同支付", "payment", "scheduled");
          g_autofree char *text = g_strdup_printf ("第 %u 期", pay->instalment);

          set_text (m, "description", text);
          set_date (m, "dueDate", &pay->due);
          json_array_add_object_element (impl_milestones, m);
        }
    }

  json_object_set_array_member (implementation, "transactions", transactions);
  json_object_set_array_member (implementation, "milestones", impl_milestones);
  json_object_set_array_member (implementation, "documents", impl_documents);
  json_object_set_object_member (obj, "implementation", implementation);

  if (supplier_ref != NULL)
    json_object_unref (supplier_ref);

  return obj;
}

/* ------------------------------------------------------------------------------------------------
 * Public
 */

char *
gp_ocds_ocid (const GpProject *project)
{
  g_return_val_if_fail (project != NULL, NULL);

  return g_strconcat (GP_OCDS_PREFIX "-", project->id != NULL ? project->id : "unknown", NULL);
}

JsonNode *
gp_ocds_release (const GpProject *project)
{
  Export ex = { project, NULL, NULL, NULL };
  JsonObject *release;
  JsonArray *tags;
  JsonObject *award = NULL;
  JsonNode *node;
  g_autofree char *ocid = NULL;
  g_autofree char *id = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (project != NULL, NULL);

  ocid = gp_ocds_ocid (project);
  id = g_strdup_printf ("%s-%" G_GINT64_FORMAT, ocid, project->rev);
  date = gp_codec_format_datetime (project->updated != 0 ? project->updated : project->created);

  release = json_object_new ();
  ex.parties = json_array_new ();
  ex.party_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  json_object_set_string_member (release, "ocid", ocid);
  json_object_set_string_member (release, "id", id);
  json_object_set_string_member (release, "date", date);
  tags = json_array_new ();
  json_object_set_string_member (release, "initiationType", "tender");
  json_object_set_string_member (release, "language", "zh");

  add_buyer (&ex);
  json_object_set_object_member (release, "buyer", buyer_reference (&ex));

  if (project->intention != NULL || project->plan != NULL)
    {
      json_object_set_object_member (release, "planning", build_planning (&ex));
      json_array_add_string_element (tags, "planning");
    }

  json_object_set_object_member (release, "tender", build_tender (&ex));
  if (project->execution != NULL)
    {
      json_array_add_string_element (tags, "tender");
      if (project->status == GP_PROJECT_STATE_TERMINATED)
        json_array_add_string_element (tags, "tenderCancellation");
    }

  award = build_award (&ex);
  if (award != NULL)
    {
      JsonArray *awards = json_array_new ();

      json_array_add_object_element (awards, award);
      json_object_set_array_member (release, "awards", awards);
      json_array_add_string_element (tags, "award");
    }

  if (project->contracts->len > 0)
    {
      JsonArray *contracts = json_array_new ();

      for (guint i = 0; i < project->contracts->len; i++)
        json_array_add_object_element (contracts,
                                       build_contract (&ex, g_ptr_array_index (project->contracts, i)));
      json_object_set_array_member (release, "contracts", contracts);
      json_array_add_string_element (tags, "contract");
      if (project->acceptances->len > 0 || project->payments->len > 0)
        json_array_add_string_element (tags, "implementation");
    }

  if (json_array_get_length (tags) == 0)
    json_array_add_string_element (tags, "planning");
  json_object_set_array_member (release, "tag", tags);
  json_object_set_array_member (release, "parties", ex.parties);

  g_hash_table_unref (ex.party_by_id);
  g_free (ex.buyer_id);

  node = json_node_alloc ();
  json_node_init_object (node, release);
  json_object_unref (release);
  return node;
}

JsonNode *
gp_ocds_release_package (const GpProject *project,
                         const char      *publisher_name,
                         const char      *published_date_iso)
{
  JsonObject *package;
  JsonObject *publisher;
  JsonArray *releases;
  JsonNode *node;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (project != NULL, NULL);
  g_return_val_if_fail (publisher_name != NULL, NULL);
  g_return_val_if_fail (published_date_iso != NULL, NULL);

  package = json_object_new ();
  uri = g_strconcat ("urn:uuid:", project->id != NULL ? project->id : "00000000-0000-0000-0000-000000000000", NULL);
  json_object_set_string_member (package, "uri", uri);
  json_object_set_string_member (package, "version", "1.1");
  json_object_set_string_member (package, "publishedDate", published_date_iso);
  publisher = json_object_new ();
  set_text (publisher, "name", publisher_name);
  json_object_set_object_member (package, "publisher", publisher);
  releases = json_array_new ();
  json_array_add_element (releases, gp_ocds_release (project));
  json_object_set_array_member (package, "releases", releases);

  node = json_node_alloc ();
  json_node_init_object (node, package);
  json_object_unref (package);
  return node;
}
