/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-payment-form.h: the 合同支付 stage form.
 */
#pragma once

#include <adwaita.h>

#include "gp-stage-form.h"

G_BEGIN_DECLS

#define GP_TYPE_PAYMENT_FORM (gp_payment_form_get_type ())

G_DECLARE_FINAL_TYPE (GpPaymentForm, gp_payment_form, GP, PAYMENT_FORM, AdwBin)

G_END_DECLS
