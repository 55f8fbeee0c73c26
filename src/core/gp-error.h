/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-error.h: the error domain of src/core.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GP_CORE_ERROR (gp_core_error_quark ())

/**
 * GpCoreError:
 * @GP_CORE_ERROR_INVALID: input that does not follow the format (a bad amount, code or date).
 * @GP_CORE_ERROR_OVERFLOW: a number out of range.
 * @GP_CORE_ERROR_OUT_OF_RANGE: a date outside the data we have (e.g. the holiday calendar).
 * @GP_CORE_ERROR_DECODE: wire data that the strict JSON codec refuses.
 * @GP_CORE_ERROR_FORBIDDEN: a transition the role may not make.
 * @GP_CORE_ERROR_GUARD: a transition whose legal guard fails.
 * @GP_CORE_ERROR_READ_ONLY: a legacy record that cannot change.
 */
typedef enum {
  GP_CORE_ERROR_INVALID,
  GP_CORE_ERROR_OVERFLOW,
  GP_CORE_ERROR_OUT_OF_RANGE,
  GP_CORE_ERROR_DECODE,
  GP_CORE_ERROR_FORBIDDEN,
  GP_CORE_ERROR_GUARD,
  GP_CORE_ERROR_READ_ONLY,
} GpCoreError;

GQuark gp_core_error_quark (void);

G_END_DECLS
