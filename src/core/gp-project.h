/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project.h: the procurement project record (DESIGN.md §3): states, stages and one section per stage.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * Conventions of every struct in this file (plain C structs, owned by their parent):
 *
 * - Strings are UTF-8 `char *`; %NULL means "not filled in yet" and is distinct from "".
 * - Money is #gint64 分 (fen), 0 … %GP_MONEY_MAX. Fields documented as "optional money" use
 *   %GP_MONEY_UNSET (-1) for "none".
 * - Dates (`GDate`) are calendar dates; an invalid (cleared) GDate means "not set". Month fields
 *   hold day 1 of the month. Datetimes (`gint64`) are microseconds since the Unix epoch, UTC;
 *   0 means "not set".
 * - Arrays are #GPtrArray owning their elements (free func set); never %NULL.
 * - Sections that have not started are %NULL pointers (intention, plan, execution).
 * - Every enum below has a wire name per value (lower snake case) and _to_string/_from_string.
 *
 * Each struct has _new() (empty, arrays allocated, dates cleared, optional money unset),
 * _copy() (deep) and _free() (%NULL-safe), and a g_autoptr() cleanup.
 */

#define GP_MONEY_UNSET G_GINT64_CONSTANT (-1)

/**
 * GpProjectState:
 * The state of a project (DOMAIN.md §5). The wire name is the lower snake case of the value
 * name ("intent_draft", …).
 */
typedef enum {
  GP_PROJECT_STATE_INTENT_DRAFT,
  GP_PROJECT_STATE_INTENT_PUBLISHED,
  GP_PROJECT_STATE_PLAN_DRAFT,
  GP_PROJECT_STATE_PLAN_SUBMITTED,
  GP_PROJECT_STATE_PLAN_FILED,
  GP_PROJECT_STATE_MALL_ORDERING,
  GP_PROJECT_STATE_MALL_ORDER_CONFIRMED,
  GP_PROJECT_STATE_ENTRUSTED,
  GP_PROJECT_STATE_DOCS_CONFIRMED,
  GP_PROJECT_STATE_NOTICE_PUBLISHED,
  GP_PROJECT_STATE_BID_CLOSED,
  GP_PROJECT_STATE_EVALUATED,
  GP_PROJECT_STATE_RESULT_CONFIRMED,
  GP_PROJECT_STATE_AWARDED,
  GP_PROJECT_STATE_CHALLENGED,
  GP_PROJECT_STATE_CONTRACT_SIGNED,
  GP_PROJECT_STATE_CONTRACT_PUBLISHED,
  GP_PROJECT_STATE_CONTRACT_FILED,
  GP_PROJECT_STATE_IN_PERFORMANCE,
  GP_PROJECT_STATE_DELIVERED,
  GP_PROJECT_STATE_ACCEPTED,
  GP_PROJECT_STATE_ACCEPTANCE_FAILED,
  GP_PROJECT_STATE_PAYING,
  GP_PROJECT_STATE_PAID,
  GP_PROJECT_STATE_CLOSED,
  GP_PROJECT_STATE_FAILED,      /* 废标 */
  GP_PROJECT_STATE_TERMINATED,  /* 终止 */
  GP_PROJECT_STATE_LEGACY,      /* begun before 2021-01-01; read-only */
} GpProjectState;

#define GP_PROJECT_STATE_N_STATES (GP_PROJECT_STATE_LEGACY + 1)

/**
 * GpStage:
 * The six stages of the platform's chain.
 */
typedef enum {
  GP_STAGE_INTENTION,   /* 采购意向公开 "intention" */
  GP_STAGE_PLAN,        /* 采购计划备案 "plan" */
  GP_STAGE_EXECUTION,   /* 采购执行 "execution" */
  GP_STAGE_CONTRACT,    /* 采购合同备案 "contract" */
  GP_STAGE_ACCEPTANCE,  /* 履约验收 "acceptance" */
  GP_STAGE_PAYMENT,     /* 合同支付 "payment" */
} GpStage;

/* 公开依据 (intention). */
typedef enum {
  GP_DISCLOSURE_BASIS_UNSET,
  GP_DISCLOSURE_BASIS_SECOND_SUBMISSION,  /* 二上预算 "second_submission" */
  GP_DISCLOSURE_BASIS_APPROVED_BUDGET,    /* 批复预算 "approved_budget" */
  GP_DISCLOSURE_BASIS_ADDED_IN_EXECUTION, /* 执行中新增 "added_in_execution" */
} GpDisclosureBasis;

/* 预算资金类型 (plan). */
typedef enum {
  GP_FUNDING_TYPE_UNSET,
  GP_FUNDING_TYPE_FISCAL_INDEX,     /* 财政性资金-当年资金指标 "fiscal_index" */
  GP_FUNDING_TYPE_FISCAL_NON_INDEX, /* 财政性资金-非指标资金 "fiscal_non_index" */
  GP_FUNDING_TYPE_NON_FISCAL,       /* 非财政性资金 "non_fiscal" */
} GpFundingType;

/* 采购方式 (DOMAIN.md §1.4). */
typedef enum {
  GP_PROCUREMENT_METHOD_UNSET,
  GP_PROCUREMENT_METHOD_OPEN_TENDER,              /* 公开招标 */
  GP_PROCUREMENT_METHOD_INVITED_TENDER,           /* 邀请招标 */
  GP_PROCUREMENT_METHOD_COMPETITIVE_NEGOTIATION,  /* 竞争性谈判 */
  GP_PROCUREMENT_METHOD_COMPETITIVE_CONSULTATION, /* 竞争性磋商 */
  GP_PROCUREMENT_METHOD_REQUEST_FOR_QUOTATION,    /* 询价 */
  GP_PROCUREMENT_METHOD_SINGLE_SOURCE,            /* 单一来源 */
  GP_PROCUREMENT_METHOD_FRAMEWORK_AGREEMENT,      /* 框架协议采购 */
  GP_PROCUREMENT_METHOD_MALL_DIRECT,              /* 电子卖场 网上直购/直接订购 */
  GP_PROCUREMENT_METHOD_MALL_BIDDING,             /* 电子卖场 网上竞价 */
  GP_PROCUREMENT_METHOD_MALL_REVERSE_AUCTION,     /* 电子卖场 电子反拍 */
  GP_PROCUREMENT_METHOD_MALL_DESIGNATED,          /* 电子卖场 定点采购 */
  GP_PROCUREMENT_METHOD_MALL_GROUP_BUY,           /* 电子卖场 团购 */
} GpProcurementMethod;

/* 采购性质/品目类别 A/B/C. */
typedef enum {
  GP_PROCUREMENT_NATURE_UNSET,
  GP_PROCUREMENT_NATURE_GOODS,    /* A 货物 */
  GP_PROCUREMENT_NATURE_WORKS,    /* B 工程 */
  GP_PROCUREMENT_NATURE_SERVICES, /* C 服务 */
} GpProcurementNature;

/* 组织形式. */
typedef enum {
  GP_ORGANISATION_FORM_UNSET,
  GP_ORGANISATION_FORM_SELF,           /* 分散采购 自行采购 "self" */
  GP_ORGANISATION_FORM_ENTRUSTED,      /* 分散采购 委托代理 "entrusted" */
  GP_ORGANISATION_FORM_CENTRAL_AGENCY, /* 集中采购 集中采购机构 "central_agency" */
} GpOrganisationForm;

/* 企业规模 (中小企业声明, 财库〔2020〕46号). */
typedef enum {
  GP_ENTERPRISE_SIZE_UNSET,
  GP_ENTERPRISE_SIZE_LARGE,  /* 大 */
  GP_ENTERPRISE_SIZE_MEDIUM, /* 中 */
  GP_ENTERPRISE_SIZE_SMALL,  /* 小 */
  GP_ENTERPRISE_SIZE_MICRO,  /* 微 */
} GpEnterpriseSize;

/* Which branch of 采购执行 the project took. */
typedef enum {
  GP_EXECUTION_KIND_MALL,      /* 电子卖场 order "mall" */
  GP_EXECUTION_KIND_ENTRUSTED, /* project procurement through an agency "entrusted" */
} GpExecutionKind;

/* The state of an e-mall order. */
typedef enum {
  GP_MALL_ORDER_STATUS_DRAFT,     /* in the cart, not submitted */
  GP_MALL_ORDER_STATUS_SUBMITTED, /* 提交订单 */
  GP_MALL_ORDER_STATUS_CONFIRMED, /* the supplier confirmed */
  GP_MALL_ORDER_STATUS_SHIPPED,   /* the supplier shipped */
  GP_MALL_ORDER_STATUS_DELIVERED, /* the supplier confirmed delivery (starts the 45-day clock) */
  GP_MALL_ORDER_STATUS_RECEIVED,  /* the purchaser confirmed receipt */
  GP_MALL_ORDER_STATUS_CANCELLED,
} GpMallOrderStatus;

/* 发票类型. */
typedef enum {
  GP_INVOICE_KIND_UNSET,
  GP_INVOICE_KIND_NORMAL,  /* 增值税普通发票 */
  GP_INVOICE_KIND_SPECIAL, /* 增值税专用发票 */
} GpInvoiceKind;

/* 验收结论. */
typedef enum {
  GP_ACCEPTANCE_CONCLUSION_PENDING,
  GP_ACCEPTANCE_CONCLUSION_PASS, /* 合格 */
  GP_ACCEPTANCE_CONCLUSION_FAIL, /* 不合格 */
} GpAcceptanceConclusion;

/* 支付条件: what starts the payment clock (L3 第10条). */
typedef enum {
  GP_PAYMENT_TRIGGER_UNSET,
  GP_PAYMENT_TRIGGER_DELIVERY,   /* 交付 */
  GP_PAYMENT_TRIGGER_ACCEPTANCE, /* 验收合格 */
  GP_PAYMENT_TRIGGER_DATE,       /* an agreed date */
} GpPaymentTrigger;

/* 资金来源 of a payment. */
typedef enum {
  GP_FUNDING_ROUTE_UNSET,
  GP_FUNDING_ROUTE_TREASURY,  /* 国库集中支付 */
  GP_FUNDING_ROUTE_OWN_FUNDS, /* 单位自有资金 */
} GpFundingRoute;

/* Wire names. _to_string returns a static string (never %NULL for a valid value);
 * _from_string returns %FALSE for an unknown name and leaves @out untouched. */
#define GP_DECLARE_ENUM_WIRE(TypeName, type_name) \
  const char *gp_##type_name##_to_string   (TypeName    value); \
  gboolean    gp_##type_name##_from_string (const char *name, \
                                            TypeName   *out);

GP_DECLARE_ENUM_WIRE (GpProjectState, project_state)
GP_DECLARE_ENUM_WIRE (GpStage, stage)
GP_DECLARE_ENUM_WIRE (GpDisclosureBasis, disclosure_basis)
GP_DECLARE_ENUM_WIRE (GpFundingType, funding_type)
GP_DECLARE_ENUM_WIRE (GpProcurementMethod, procurement_method)
GP_DECLARE_ENUM_WIRE (GpProcurementNature, procurement_nature)
GP_DECLARE_ENUM_WIRE (GpOrganisationForm, organisation_form)
GP_DECLARE_ENUM_WIRE (GpEnterpriseSize, enterprise_size)
GP_DECLARE_ENUM_WIRE (GpExecutionKind, execution_kind)
GP_DECLARE_ENUM_WIRE (GpMallOrderStatus, mall_order_status)
GP_DECLARE_ENUM_WIRE (GpInvoiceKind, invoice_kind)
GP_DECLARE_ENUM_WIRE (GpAcceptanceConclusion, acceptance_conclusion)
GP_DECLARE_ENUM_WIRE (GpPaymentTrigger, payment_trigger)
GP_DECLARE_ENUM_WIRE (GpFundingRoute, funding_route)

/**
 * gp_project_state_get_stage:
 * The stage a state belongs to. CHALLENGED, FAILED and TERMINATED return
 * %GP_STAGE_EXECUTION and LEGACY returns %GP_STAGE_INTENTION; for those four the record's own
 * `stage` field is the truth (see gp_project_state_fixes_stage()).
 */
GpStage  gp_project_state_get_stage   (GpProjectState state);
/* %FALSE for CHALLENGED, FAILED, TERMINATED and LEGACY, which can occur in more than one stage. */
gboolean gp_project_state_fixes_stage (GpProjectState state);
/* %TRUE for CLOSED, FAILED, TERMINATED and LEGACY. */
gboolean gp_project_state_is_terminal (GpProjectState state);

/* ------------------------------------------------------------------------------------------------
 * Building blocks
 */

/* A unit's internal approval of a document before it goes out (DOMAIN.md §7): 经办 prepares,
 * 审核 approves. The two may be the same account. */
typedef struct {
  gboolean prepared;     /* 经办 done */
  char    *prepared_by;  /* account name of the 经办 */
  gint64   prepared_at;  /* datetime */
  gboolean approved;     /* 审核 done */
  char    *approved_by;  /* account name of the 审核 */
  gint64   approved_at;  /* datetime */
} GpApproval;

/* A company or agency: 名称 + 统一社会信用代码 + 企业规模. */
typedef struct {
  char            *name;
  char            *uscc;
  GpEnterpriseSize size;
} GpParty;

/* The purchaser (采购人, a budget unit). */
typedef struct {
  char *unit_id;        /* the unit's id in 采购人库 */
  char *name;
  char *budget_code;    /* 预算编码 / 单位财政编码: opaque digits */
  char *address;
  char *contact_name;
  char *contact_phone;
} GpPurchaser;

/* A line of goods, works or services (plan 品目 items, e-mall order lines, contract 主要标的). */
typedef struct {
  char  *catalog_code;    /* 品目 code, e.g. A02010104 */
  char  *name;
  char  *spec;            /* 规格型号 / 技术和服务要求 summary */
  char  *unit;            /* 单位 (台, 项, …) */
  gint64 quantity_milli;  /* 数量 × 1000 (0 … 10^12) */
  gint64 unit_price;      /* 单价, fen */
  gint64 total;           /* 总价, fen */
} GpItem;

/* 预算指标 line (plan). */
typedef struct {
  char  *index_code;   /* 预算指标 id in 预算执行系统 */
  char  *description;
  gint64 amount;       /* fen used by this plan */
} GpBudgetLine;

/* ------------------------------------------------------------------------------------------------
 * Stage sections
 */

/* §1.2 采购意向公开. */
typedef struct {
  char             *name;              /* 采购项目名称 */
  char             *summary;           /* 采购需求概况 */
  gint64            budget;            /* 预算金额, fen */
  GDate             expected_month;    /* 预计采购时间 (year-month; day 1) */
  char             *remarks;           /* 备注 */
  GpDisclosureBasis basis;             /* 公开依据 */
  gboolean          exempt;            /* 免于公开 (unforeseeable urgent need) */
  char             *exemption_reason;  /* 免于公开理由 */
  gint64            published;         /* 发布日期, datetime stamped by the server */
  GpApproval        approval;
} GpIntention;

/* §1.3 采购计划备案. */
typedef struct {
  char               *name;                 /* 计划名称 */
  char               *finance_division;     /* 归口财政内部机构 */
  char               *content;              /* 采购内容 */
  char               *entry_mode;           /* 填写方式 (platform code) */
  GpFundingType       funding_type;         /* 预算资金类型 */
  char               *funding_note;         /* 资金来源说明 / 资金承诺函 reference */
  GPtrArray          *budget_lines;         /* GpBudgetLine*: 预算指标 */
  GPtrArray          *items;                /* GpItem*: 采购目录(品目) lines */
  gint64              total;                /* 总价, fen */
  GpProcurementMethod method;               /* 采购方式 */
  char               *method_rationale;     /* why a method other than public tender */
  char               *method_approval_ref;  /* FIN approval for that method (L2 第23条) */
  GpProcurementNature nature;               /* 货物 / 工程 / 服务 */
  GpOrganisationForm  organisation_form;    /* 组织形式 */
  gboolean            sme_reserved;         /* 是否预留中小企业份额 */
  gboolean            public_service;       /* 向社会公众提供的公共服务项目 (实施条例 第45条) */
  guint               sme_share_bp;         /* 预留比例 in basis points, 0 … 10000 */
  gint64              sme_reserved_amount;  /* 预留金额, fen */
  char               *intention_ref;        /* 关联采购意向: the published intention notice id */
  GDate               planned_start;        /* 计划采购开始日期 */
  gint64              submitted;            /* datetime sent to finance */
  gint64              filed;                /* datetime 备案 */
  char               *filing_ref;           /* 备案号 */
  char               *return_reason;        /* 退回理由 */
  GpApproval          approval;
} GpPlan;

/* Consignee (收货人) of an e-mall order. */
typedef struct {
  char *name;
  char *phone;
  char *address;
} GpConsignee;

/* Invoice details (发票信息) of an e-mall order. */
typedef struct {
  GpInvoiceKind kind;
  char         *title;   /* 发票抬头 */
  char         *tax_id;  /* 纳税人识别号 (usually the USCC) */
  char         *number;  /* 发票号 once issued */
} GpInvoice;

/* §1.4 / §7 e-mall purchase (直接订购, 竞价, …). */
typedef struct {
  char             *order_no;
  GPtrArray        *items;          /* GpItem* */
  gint64            total;          /* fen */
  GpConsignee       consignee;
  GpInvoice         invoice;
  GpParty           supplier;
  GpMallOrderStatus status;
  gint64            ordered;        /* datetime submitted */
  gint64            confirmed;      /* datetime confirmed by the supplier */
  gint64            delivered;      /* datetime delivery confirmed by the supplier */
  gint64            received;       /* datetime receipt confirmed by the purchaser */
  guint             rating;         /* 0 = not rated, 1 … 5 */
  char             *rating_comment;
  GpApproval        approval;
} GpMallOrder;

/* A 更正公告. */
typedef struct {
  GDate  published;
  char  *description;
  gint64 new_bid_deadline; /* datetime, 0 if the deadline did not move */
} GpCorrection;

/* A bid (投标/响应文件) received. */
typedef struct {
  GpParty  supplier;
  gint64   price;      /* 投标报价, fen */
  gint64   submitted;  /* datetime */
  gboolean valid;     /* qualified and responsive */
  guint    rank;       /* 0 = not ranked; 1 = first candidate */
} GpBid;

/* §1.4 project procurement through an agency (委托代理 / 集中采购机构). */
typedef struct {
  GpParty    agency;
  char      *project_code;         /* 项目编号 */
  GDate      entrusted;            /* the agency accepted the entrustment */
  GDate      docs_confirmed;       /* the purchaser confirmed the 采购文件 */
  GDate      notice_published;     /* 采购公告 published */
  GDate      docs_from;            /* 获取采购文件 from … */
  GDate      docs_until;           /* … until */
  gint64     bid_deadline;         /* datetime 投标(响应)截止时间 */
  gint64     opening;              /* datetime 开标时间 */
  gint64     price_cap;            /* optional money 最高限价 */
  gint64     bid_security;         /* optional money 投标保证金 */
  gboolean   joint_bids;           /* 是否接受联合体 */
  char      *qualifications;       /* 供应商资格要求 */
  char      *performance_period;   /* 合同履行期限 */
  GPtrArray *corrections;          /* GpCorrection* */
  GPtrArray *bids;                 /* GpBid* */
  GDate      evaluated;            /* 评审 done */
  GDate      report_sent;          /* 评审报告 sent to the purchaser */
  GDate      result_confirmed;     /* the purchaser confirmed the result */
  char      *evaluation_summary;   /* evaluation result */
  gboolean   failed;               /* 废标 */
  char      *failure_reason;
  GDate      award_notice;         /* 中标(成交)结果公告 date */
  GpParty    awarded_supplier;
  gint64     awarded_amount;       /* fen */
} GpEntrustedProcurement;

/* §1.4 采购执行: exactly one of @mall and @entrusted is set, the one @kind names. */
typedef struct {
  GpExecutionKind         kind;
  GpMallOrder            *mall;
  GpEntrustedProcurement *entrusted;
} GpExecution;

/* 补充合同 (L1 第49条: total ≤ 10%). */
typedef struct {
  char  *number;
  gint64 amount;       /* fen */
  GDate  signed_on;
  char  *description;
} GpSupplement;

/* §1.5 采购合同. */
typedef struct {
  char        *id;                    /* stable id inside the project, referenced by acceptances and payments */
  char        *number;                /* 合同编号 */
  char        *title;                 /* 合同名称 */
  GpParty      supplier;              /* 乙方 */
  gint64       amount;                /* 合同金额, fen */
  GPtrArray   *items;                 /* GpItem*: 主要标的 */
  char        *performance_period;    /* 履约期限 */
  char        *performance_place;     /* 履约地点 */
  GDate        signed_on;             /* 签订日期 */
  GDate        published_on;          /* 公告日期 */
  GDate        filing_submitted;      /* 报送备案日期: sent to the finance department */
  GDate        filed_on;              /* 备案日期 */
  char        *filing_return_reason;  /* 退回理由 of the last filing sent back */
  GPtrArray   *supplements;           /* GpSupplement* */
  gint64       performance_security;  /* optional money 履约保证金 */
  GPtrArray   *acceptance_criteria;   /* char*: names of the technical/service/safety standards */
  char        *document_sha256;       /* the signed contract file (合同附件) */
  GpApproval   approval;
} GpContract;

/* A member of an acceptance team. */
typedef struct {
  char    *name;
  char    *role;        /* e.g. 组长, 专家, 使用人 */
  gboolean has_signed;  /* signed the 验收书 */
} GpTeamMember;

/* One row of 逐项履约情况. */
typedef struct {
  char    *criterion;
  char    *required;
  char    *actual;
  gboolean passed;
} GpCriterionResult;

/* §1.6 履约验收. */
typedef struct {
  char                  *id;
  char                  *contract_id;          /* GpContract.id */
  char                  *plan;                 /* 验收方案 */
  GPtrArray             *team;                 /* GpTeamMember* */
  char                  *third_party;          /* 第三方/检测机构参与情况 */
  GPtrArray             *results;              /* GpCriterionResult* */
  GpAcceptanceConclusion conclusion;
  char                  *issues;               /* 存在问题和改进意见 */
  char                  *team_opinion;         /* 验收小组意见 */
  char                  *purchaser_opinion;    /* 采购人意见 */
  gboolean               supplier_confirmed;   /* 供应商确认 */
  char                  *recipients_opinion;   /* 服务对象意见 */
  GDate                  date;                 /* 验收日期 */
  GpApproval             approval;
} GpAcceptance;

/* §1.7 合同支付: one instalment. */
typedef struct {
  char            *id;
  char            *contract_id;         /* GpContract.id */
  guint            instalment;          /* 支付期次, 1 … 1000 */
  gint64           amount;              /* fen */
  GpPaymentTrigger trigger;
  GDate            trigger_date;        /* 交付日期 / 验收合格日期 / agreed date */
  GDate            due;                 /* 应付截止日 */
  GDate            paid;                /* 支付日期 */
  GpFundingRoute   funding_route;
  char            *voucher;             /* 支付凭证: sha256 of the uploaded 电子回单, or its number */
  char            *invoice_no;
  gint             late_interest_ppm;   /* agreed late interest, parts per million per year
                                         * (e.g. LPR 3.45% = 34500); -1 = none agreed (0.05%/日) */
  GpApproval       approval;
} GpPayment;

/* ------------------------------------------------------------------------------------------------
 * The record
 */

typedef struct {
  char          *id;          /* UUID, lower case, made by whoever creates the project */
  gint64         rev;         /* server revision; 0 = never synced */
  char          *region;      /* 行政区划 (GB/T 2260), e.g. "440000" */
  GpPurchaser    purchaser;
  GpStage        stage;
  GpProjectState status;
  gboolean       legacy;      /* begun before 2021-01-01 (finishes in the old system) */
  gint64         created;     /* datetime */
  gint64         updated;     /* datetime */

  GpIntention   *intention;   /* NULL until started */
  GpPlan        *plan;        /* NULL until started */
  GpExecution   *execution;   /* NULL until started */
  GPtrArray     *contracts;   /* GpContract* */
  GPtrArray     *acceptances; /* GpAcceptance* */
  GPtrArray     *payments;    /* GpPayment* */
} GpProject;

#define GP_TYPE_PROJECT (gp_project_get_type ())
GType gp_project_get_type (void) G_GNUC_CONST;

#define GP_DECLARE_RECORD(TypeName, type_name) \
  G_GNUC_WARN_UNUSED_RESULT TypeName *gp_##type_name##_new  (void); \
  G_GNUC_WARN_UNUSED_RESULT TypeName *gp_##type_name##_copy (const TypeName *self); \
  void                                gp_##type_name##_free (TypeName *self); \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, gp_##type_name##_free)

GP_DECLARE_RECORD (GpProject, project)
GP_DECLARE_RECORD (GpItem, item)
GP_DECLARE_RECORD (GpBudgetLine, budget_line)
GP_DECLARE_RECORD (GpIntention, intention)
GP_DECLARE_RECORD (GpPlan, plan)
GP_DECLARE_RECORD (GpMallOrder, mall_order)
GP_DECLARE_RECORD (GpCorrection, correction)
GP_DECLARE_RECORD (GpBid, bid)
GP_DECLARE_RECORD (GpEntrustedProcurement, entrusted_procurement)
GP_DECLARE_RECORD (GpExecution, execution)
GP_DECLARE_RECORD (GpSupplement, supplement)
GP_DECLARE_RECORD (GpContract, contract)
GP_DECLARE_RECORD (GpTeamMember, team_member)
GP_DECLARE_RECORD (GpCriterionResult, criterion_result)
GP_DECLARE_RECORD (GpAcceptance, acceptance)
GP_DECLARE_RECORD (GpPayment, payment)

/* A new project in INTENT_DRAFT with a fresh UUID, created = updated = now. */
G_GNUC_WARN_UNUSED_RESULT
GpProject  *gp_project_new_draft   (const char       *region);

/* Deep equality of every field (NULL == NULL; NULL != ""). */
gboolean    gp_project_equal       (const GpProject  *a,
                                    const GpProject  *b);

/* The name to show: the plan's name, else the intention's, else NULL (borrowed). */
const char *gp_project_get_name    (const GpProject  *self);

/* The contract with that id, or NULL (borrowed). */
GpContract *gp_project_find_contract (const GpProject *self,
                                      const char      *contract_id);
/* The acceptance or payment with that id, or NULL (borrowed). */
GpAcceptance *gp_project_find_acceptance (const GpProject *self,
                                          const char      *acceptance_id);
GpPayment   *gp_project_find_payment    (const GpProject *self,
                                         const char      *payment_id);

/* Helpers for the conventions above. */
gboolean    gp_datetime_is_set     (gint64            usec);
gboolean    gp_date_is_set         (const GDate      *date);

G_END_DECLS
