/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-contract-form.h: the 采购合同备案 stage form.
 */
#pragma once

#include <adwaita.h>

#include "gp-stage-form.h"
#include "gp-store.h"

G_BEGIN_DECLS

#define GP_TYPE_CONTRACT_FORM (gp_contract_form_get_type ())

G_DECLARE_FINAL_TYPE (GpContractForm, gp_contract_form, GP, CONTRACT_FORM, AdwBin)

/* The store whose 供应商库 cache the supplier field searches. */
void gp_contract_form_set_store (GpContractForm *self,
                                 GpStore        *store);

G_END_DECLS
