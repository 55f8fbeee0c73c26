/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-private.h: field tables describing every record struct, shared by copy/free/equal and the codec.
 */
#pragma once

#include <stddef.h>

#include "gp-project.h"

G_BEGIN_DECLS

/*
 * Every struct of gp-project.h is described once by a GpStructDesc: its fields in wire order,
 * with their wire name, C offset, kind and limits. Copy, free, equality, the JSON codec and the
 * tests' random generator all walk these tables, so a field added to a struct and its table is
 * handled everywhere.
 *
 * Wire presence: kinds that have an "unset" value (STRING, DATE, MONTH, DATETIME, MONEY_OPT,
 * STRUCT_PTR) are omitted when unset and may be absent or null on input, unless the field has
 * GP_FIELD_REQUIRED. All other kinds are always written and must be present.
 */

typedef enum {
  GP_FIELD_STRING,      /* char *; max = limit in characters; min = 1 means non-empty */
  GP_FIELD_UUID,        /* char *, a lower-case UUID */
  GP_FIELD_INT64,       /* gint64 in [min, max] */
  GP_FIELD_UINT,        /* guint in [min, max] */
  GP_FIELD_INT,         /* gint in [min, max] */
  GP_FIELD_MONEY,       /* gint64 fen, 0 … GP_MONEY_MAX */
  GP_FIELD_MONEY_OPT,   /* gint64 fen, or GP_MONEY_UNSET (omitted) */
  GP_FIELD_BOOL,        /* gboolean */
  GP_FIELD_ENUM,        /* an enum (int-sized), by wire name */
  GP_FIELD_DATE,        /* GDate, "YYYY-MM-DD" */
  GP_FIELD_MONTH,       /* GDate (day 1), "YYYY-MM" */
  GP_FIELD_DATETIME,    /* gint64 µs since the epoch, ISO 8601 with zone; 0 = unset */
  GP_FIELD_STRUCT,      /* an embedded struct */
  GP_FIELD_STRUCT_PTR,  /* a pointer to a struct, NULL = unset */
  GP_FIELD_ARRAY,       /* GPtrArray * of struct pointers; max = limit */
  GP_FIELD_STRV,        /* GPtrArray * of char *; max = element limit in characters */
} GpFieldKind;

typedef enum {
  GP_FIELD_FLAGS_NONE = 0,
  GP_FIELD_REQUIRED   = 1 << 0,
  GP_FIELD_ADDED      = 1 << 1,  /* added after records were stored: absent means false/zero */
} GpFieldFlags;

typedef struct {
  const char *const *names;
  guint              n_values;
} GpEnumDesc;

typedef struct _GpStructDesc GpStructDesc;

typedef struct {
  const char         *name;
  GpFieldKind         kind;
  guint               offset;
  GpFieldFlags        flags;
  gint64              min;
  gint64              max;
  const GpEnumDesc   *enum_desc;
  const GpStructDesc *struct_desc;
} GpFieldDesc;

struct _GpStructDesc {
  const char        *name;
  gsize              size;
  const GpFieldDesc *fields;
  guint              n_fields;
  GDestroyNotify     free_func;
  /* Cross-field structural rule, or NULL. Returns NULL if fine, else the wire name of the
   * offending field and sets @problem to an untranslated description. */
  const char      *(*check) (gconstpointer self,
                             const char  **problem);
};

#define GP_FIELD_AT(base, field) ((gpointer) (((guint8 *) (base)) + (field)->offset))

extern const GpStructDesc gp_project_desc;

/* Enum tables, indexed by value. */
extern const GpEnumDesc gp_project_state_desc;
extern const GpEnumDesc gp_stage_desc;

void     gp_struct_init      (const GpStructDesc *desc,
                              gpointer            mem);
void     gp_struct_clear     (const GpStructDesc *desc,
                              gpointer            mem);
gpointer gp_struct_new       (const GpStructDesc *desc);
void     gp_struct_free      (const GpStructDesc *desc,
                              gpointer            mem);
void     gp_struct_copy_into (const GpStructDesc *desc,
                              gpointer            dst,
                              gconstpointer       src);
gboolean gp_struct_equal     (const GpStructDesc *desc,
                              gconstpointer       a,
                              gconstpointer       b);
GPtrArray *gp_field_new_array (const GpFieldDesc *field);

G_END_DECLS
