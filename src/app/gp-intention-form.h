/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-intention-form.h: the 采购意向公开 stage form.
 */
#pragma once

#include <adwaita.h>

#include "gp-stage-form.h"

G_BEGIN_DECLS

#define GP_TYPE_INTENTION_FORM (gp_intention_form_get_type ())

G_DECLARE_FINAL_TYPE (GpIntentionForm, gp_intention_form, GP, INTENTION_FORM, AdwBin)

G_END_DECLS
