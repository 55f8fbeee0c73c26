/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-plan-form.h: the 采购计划备案 stage form.
 */
#pragma once

#include <adwaita.h>

#include "gp-stage-form.h"
#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_PLAN_FORM (gp_plan_form_get_type ())

G_DECLARE_FINAL_TYPE (GpPlanForm, gp_plan_form, GP, PLAN_FORM, AdwBin)

/* The store whose 商品库 cache the 品目 picker searches (NULL: codes are typed). */
void        gp_plan_form_set_store         (GpPlanForm          *self,
                                            GpStore             *store);
const char *gp_procurement_method_get_label (GpProcurementMethod method);

G_END_DECLS
