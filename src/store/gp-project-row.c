/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-row.c: GpProjectRow, one immutable row of a project list, built from a SQLite row.
 */
#include "config.h"

#include "gp-store-private.h"

struct _GpProjectRow {
  GObject         parent_instance;

  gboolean        loaded;
  char           *id;
  char           *name;
  char           *code;
  GpStage         stage;
  GpProjectState  state;
  gint64          budget;
  gint64          contract_amount;
  char           *next_deadline;
  gint64          updated;
  GpSyncState     sync_state;
  gboolean        has_conflict;
};

G_DEFINE_FINAL_TYPE (GpProjectRow, gp_project_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_ID,
  PROP_NAME,
  PROP_CODE,
  PROP_STAGE,
  PROP_STATE,
  PROP_BUDGET,
  PROP_CONTRACT_AMOUNT,
  PROP_NEXT_DEADLINE,
  PROP_UPDATED,
  PROP_SYNC_STATE,
  PROP_HAS_CONFLICT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gp_project_row_finalize (GObject *object)
{
  GpProjectRow *self = (GpProjectRow *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->code);
  g_free (self->next_deadline);

  G_OBJECT_CLASS (gp_project_row_parent_class)->finalize (object);
}

static void
gp_project_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GpProjectRow *self = GP_PROJECT_ROW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_STAGE:
      g_value_set_int (value, self->stage);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_BUDGET:
      g_value_set_int64 (value, self->budget);
      break;
    case PROP_CONTRACT_AMOUNT:
      g_value_set_int64 (value, self->contract_amount);
      break;
    case PROP_NEXT_DEADLINE:
      g_value_set_string (value, self->next_deadline);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    case PROP_SYNC_STATE:
      g_value_set_enum (value, self->sync_state);
      break;
    case PROP_HAS_CONFLICT:
      g_value_set_boolean (value, self->has_conflict);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gp_project_row_class_init (GpProjectRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gp_project_row_finalize;
  object_class->get_property = gp_project_row_get_property;

  /* Rows are immutable: a changed project is a new row (items-changed), so nothing notifies. */
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_STAGE] = g_param_spec_int ("stage", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_BUDGET] = g_param_spec_int64 ("budget", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONTRACT_AMOUNT] =
    g_param_spec_int64 ("contract-amount", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NEXT_DEADLINE] = g_param_spec_string ("next-deadline", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SYNC_STATE] =
    g_param_spec_enum ("sync-state", NULL, NULL, GP_TYPE_SYNC_STATE, GP_SYNC_STATE_SYNCED, flags);
  properties[PROP_HAS_CONFLICT] = g_param_spec_boolean ("has-conflict", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gp_project_row_init (GpProjectRow *self)
{
}

GpProjectRow *
gp_project_row_new_placeholder (void)
{
  return g_object_new (GP_TYPE_PROJECT_ROW, NULL);
}

GpProjectRow *
gp_project_row_new_from_stmt (GpDbStmt *stmt)
{
  GpProjectRow *self = g_object_new (GP_TYPE_PROJECT_ROW, NULL);
  GpStage stage = GP_STAGE_INTENTION;
  GpProjectState state = GP_PROJECT_STATE_INTENT_DRAFT;
  const char *text;

  self->loaded = TRUE;
  self->id = gp_db_column_dup_text (stmt, 0);
  self->name = gp_db_column_dup_text (stmt, 1);
  self->code = gp_db_column_dup_text (stmt, 2);
  text = gp_db_column_get_text (stmt, 3);
  if (text != NULL)
    gp_stage_from_string (text, &stage);
  self->stage = stage;
  text = gp_db_column_get_text (stmt, 4);
  if (text != NULL)
    gp_project_state_from_string (text, &state);
  self->state = state;
  self->budget = gp_db_column_get_int64 (stmt, 5);
  self->contract_amount = gp_db_column_get_int64 (stmt, 6);
  self->next_deadline = gp_db_column_dup_text (stmt, 7);
  self->updated = gp_db_column_get_int64 (stmt, 8);
  self->sync_state = (GpSyncState) CLAMP (gp_db_column_get_int64 (stmt, 9),
                                          GP_SYNC_STATE_SYNCED, GP_SYNC_STATE_DELETED);
  self->has_conflict = gp_db_column_get_int64 (stmt, 10) != 0;
  return self;
}

gboolean
gp_project_row_get_loaded (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), FALSE);
  return self->loaded;
}

const char *
gp_project_row_get_id (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), NULL);
  return self->id;
}

const char *
gp_project_row_get_name (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), NULL);
  return self->name;
}

const char *
gp_project_row_get_code (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), NULL);
  return self->code;
}

GpStage
gp_project_row_get_stage (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), GP_STAGE_INTENTION);
  return self->stage;
}

GpProjectState
gp_project_row_get_state (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), GP_PROJECT_STATE_INTENT_DRAFT);
  return self->state;
}

gint64
gp_project_row_get_budget (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), 0);
  return self->budget;
}

gint64
gp_project_row_get_contract_amount (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), 0);
  return self->contract_amount;
}

const char *
gp_project_row_get_next_deadline (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), NULL);
  return self->next_deadline;
}

gint64
gp_project_row_get_updated (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), 0);
  return self->updated;
}

GpSyncState
gp_project_row_get_sync_state (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), GP_SYNC_STATE_SYNCED);
  return self->sync_state;
}

gboolean
gp_project_row_get_has_conflict (GpProjectRow *self)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (self), FALSE);
  return self->has_conflict;
}

gboolean
gp_project_row_equal (GpProjectRow *a,
                      GpProjectRow *b)
{
  g_return_val_if_fail (GP_IS_PROJECT_ROW (a), FALSE);
  g_return_val_if_fail (GP_IS_PROJECT_ROW (b), FALSE);

  return a->loaded == b->loaded &&
         g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->code, b->code) == 0 &&
         a->stage == b->stage &&
         a->state == b->state &&
         a->budget == b->budget &&
         a->contract_amount == b->contract_amount &&
         g_strcmp0 (a->next_deadline, b->next_deadline) == 0 &&
         a->updated == b->updated &&
         a->sync_state == b->sync_state &&
         a->has_conflict == b->has_conflict;
}
