/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-conflict-dialog.c: a project changed here and on the platform. Both versions are compared as
 * the wire JSON, leaf by leaf; each differing field offers mine and the platform's value, and the
 * merge (the platform's version with the officer's picks) goes to gp_store_resolve_conflict_async().
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gp-app-labels.h"
#include "gp-codec.h"
#include "gp-conflict-dialog.h"
#include "gp-money.h"

/* One step into the JSON: a member name, or an array index when @name is NULL. */
typedef struct {
  char *name;
  guint index;
} Step;

typedef struct {
  GArray         *steps;   /* Step */
  JsonNode       *mine;    /* nullable: absent on this side */
  JsonNode       *theirs;  /* nullable */
  GtkCheckButton *mine_check;
} Field;

static void
step_clear (Step *step)
{
  g_free (step->name);
}

static void
field_free (Field *field)
{
  g_array_unref (field->steps);
  g_clear_pointer (&field->mine, json_node_unref);
  g_clear_pointer (&field->theirs, json_node_unref);
  g_free (field);
}

struct _GpConflictDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkBox    *fields_box;
  GtkLabel  *error_label;
  GtkButton *apply_button;
  AdwWindowTitle *window_title;

  /* Owned references */
  GpStore         *store;
  GpStoredProject *stored;
  GPtrArray       *fields;  /* Field* */
  GCancellable    *cancellable;
};

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (GpConflictDialog, gp_conflict_dialog, ADW_TYPE_WINDOW)

/* ------------------------------------------------------------------------------------------------
 * Comparing
 */

/* Bookkeeping of the record, not the officer's to choose: the platform's values win. */
static gboolean
is_bookkeeping (const char *name)
{
  static const char * const names[] = { "id", "rev", "created", "updated", NULL };

  return g_strv_contains (names, name);
}

static void
diff_nodes (GPtrArray *fields,
            GArray    *steps,
            JsonNode  *mine,
            JsonNode  *theirs)
{
  if (mine != NULL && theirs != NULL &&
      JSON_NODE_HOLDS_OBJECT (mine) && JSON_NODE_HOLDS_OBJECT (theirs))
    {
      JsonObject *a = json_node_get_object (mine);
      JsonObject *b = json_node_get_object (theirs);
      g_autoptr(GList) names = json_object_get_members (a);
      g_autoptr(GList) other = json_object_get_members (b);

      for (GList *l = other; l != NULL; l = l->next)
        if (!json_object_has_member (a, l->data))
          names = g_list_append (names, l->data);

      for (GList *l = names; l != NULL; l = l->next)
        {
          Step step = { g_strdup (l->data), 0 };

          if (steps->len == 0 && is_bookkeeping (l->data))
            {
              g_free (step.name);
              continue;
            }

          g_array_append_val (steps, step);
          diff_nodes (fields, steps,
                      json_object_get_member (a, l->data), json_object_get_member (b, l->data));
          g_array_set_size (steps, steps->len - 1);
        }
      return;
    }

  if (mine != NULL && theirs != NULL &&
      JSON_NODE_HOLDS_ARRAY (mine) && JSON_NODE_HOLDS_ARRAY (theirs) &&
      json_array_get_length (json_node_get_array (mine)) == json_array_get_length (json_node_get_array (theirs)))
    {
      JsonArray *a = json_node_get_array (mine);
      JsonArray *b = json_node_get_array (theirs);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          Step step = { NULL, i };

          g_array_append_val (steps, step);
          diff_nodes (fields, steps, json_array_get_element (a, i), json_array_get_element (b, i));
          g_array_set_size (steps, steps->len - 1);
        }
      return;
    }

  if (mine != NULL && theirs != NULL && json_node_equal (mine, theirs))
    return;
  /* A member missing on one side and null on the other says the same. */
  if ((mine == NULL || JSON_NODE_HOLDS_NULL (mine)) && (theirs == NULL || JSON_NODE_HOLDS_NULL (theirs)))
    return;

  {
    Field *field = g_new0 (Field, 1);

    field->steps = g_array_new (FALSE, TRUE, sizeof (Step));
    g_array_set_clear_func (field->steps, (GDestroyNotify) step_clear);
    for (guint i = 0; i < steps->len; i++)
      {
        Step copy = g_array_index (steps, Step, i);

        copy.name = g_strdup (copy.name);
        g_array_append_val (field->steps, copy);
      }
    field->mine = mine != NULL ? json_node_copy (mine) : NULL;
    field->theirs = theirs != NULL ? json_node_copy (theirs) : NULL;
    g_ptr_array_add (fields, field);
  }
}

/* ------------------------------------------------------------------------------------------------
 * Words for fields and values
 */

static const char *
member_label (const char *name)
{
  static const struct {
    const char *name;
    const char *label;
  } labels[] = {
    /* Translators: field names in the conflict dialog, as on the platform's forms. */
    { "intention", N_("Procurement Intention") },
    { "plan", N_("Procurement Plan") },
    { "execution", N_("Procurement Execution") },
    { "contracts", N_("Contract") },
    { "acceptances", N_("Acceptance") },
    { "payments", N_("Payment") },
    { "purchaser", N_("Purchaser") },
    { "name", N_("Name") },
    { "title", N_("Title") },
    { "summary", N_("Summary of Requirements") },
    { "budget", N_("Budget") },
    { "expected_month", N_("Expected Procurement Month") },
    { "remarks", N_("Remarks") },
    { "basis", N_("Basis of Disclosure") },
    { "content", N_("Procurement Content") },
    { "total", N_("Total") },
    { "method", N_("Procurement Method") },
    { "nature", N_("Procurement Category") },
    { "funding_type", N_("Budget Fund Type") },
    { "finance_division", N_("Finance Division in Charge") },
    { "planned_start", N_("Planned Start") },
    { "number", N_("Number") },
    { "amount", N_("Amount") },
    { "supplier", N_("Supplier") },
    { "uscc", N_("Unified Social Credit Code") },
    { "size", N_("Enterprise Size") },
    { "signed_on", N_("Date Signed") },
    { "performance_period", N_("Performance Period") },
    { "performance_place", N_("Place of Performance") },
    { "items", N_("Items") },
    { "spec", N_("Specification") },
    { "quantity_milli", N_("Quantity") },
    { "unit_price", N_("Unit Price") },
    { "conclusion", N_("Conclusion") },
    { "date", N_("Date") },
    { "paid", N_("Date Paid") },
    { "due", N_("Due Date") },
    { "status", N_("Status") },
    { "stage", N_("Stage") },
    { "address", N_("Address") },
    { "contact_name", N_("Contact") },
    { "contact_phone", N_("Contact Phone") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].name, name) == 0)
      return _(labels[i].label);

  return name;
}

static char *
field_label (const Field *field)
{
  GString *label = g_string_new (NULL);

  for (guint i = 0; i < field->steps->len; i++)
    {
      const Step *step = &g_array_index (field->steps, Step, i);

      if (step->name == NULL)
        {
          /* Translators: the position of an entry in a list, e.g. 合同 第 2 项. */
          g_string_append_printf (label, _(" no. %u"), step->index + 1);
          continue;
        }

      if (label->len > 0)
        g_string_append (label, " · ");
      g_string_append (label, member_label (step->name));
    }

  return g_string_free (label, FALSE);
}

static gboolean
is_money (const char *name)
{
  static const char * const names[] = {
    "budget", "total", "amount", "unit_price", "price", "price_cap", "bid_security",
    "performance_security", "awarded_amount", "sme_reserved_amount", NULL,
  };

  return name != NULL && g_strv_contains (names, name);
}

static char *
value_text (const Field *field,
            JsonNode    *node)
{
  const Step *last = &g_array_index (field->steps, Step, field->steps->len - 1);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    /* Translators: a field with no value, （空）. */
    return g_strdup (_("(empty)"));

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      guint n = json_array_get_length (json_node_get_array (node));

      /* Translators: a list's length in the conflict dialog, %u 项. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    /* Translators: a section present on one side only, 已填写. */
    return g_strdup (_("Filled in"));

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      /* Translators: 是 / 否. */
      return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

    case G_TYPE_INT64:
      if (is_money (last->name))
        return gp_money_format (json_node_get_int (node));
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));

    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        GpProjectState state;
        GpStage stage;

        if (g_strcmp0 (last->name, "status") == 0 && gp_project_state_from_string (text, &state))
          return g_strdup (gp_project_state_get_label (state));
        if (g_strcmp0 (last->name, "stage") == 0 && gp_stage_from_string (text, &stage))
          return g_strdup (gp_stage_get_label (stage));
        return g_strdup (*text != '\0' ? text : _("(empty)"));
      }

    default:
      return g_strdup ("");
    }
}

/* ------------------------------------------------------------------------------------------------
 * Merging
 */

/* Puts @value at @steps inside @root (removing the member when @value is NULL). */
static void
set_at (JsonNode     *root,
        GArray       *steps,
        JsonNode     *value)
{
  JsonNode *node = root;

  for (guint i = 0; i + 1 < steps->len; i++)
    {
      const Step *step = &g_array_index (steps, Step, i);

      if (step->name != NULL)
        node = json_object_get_member (json_node_get_object (node), step->name);
      else
        node = json_array_get_element (json_node_get_array (node), step->index);
      g_return_if_fail (node != NULL);
    }

  {
    const Step *last = &g_array_index (steps, Step, steps->len - 1);

    if (last->name != NULL)
      {
        JsonObject *object = json_node_get_object (node);

        if (value != NULL)
          json_object_set_member (object, last->name, json_node_copy (value));
        else
          json_object_remove_member (object, last->name);
      }
    else
      {
        JsonArray *array = json_node_get_array (node);
        JsonNode *element = json_array_get_element (array, last->index);

        /* Arrays were compared element by element only at equal lengths, so the slot exists. */
        if (value != NULL && JSON_NODE_TYPE (element) == JSON_NODE_TYPE (value) && !JSON_NODE_HOLDS_VALUE (value))
          {
            if (JSON_NODE_HOLDS_OBJECT (value))
              json_node_set_object (element, json_node_get_object (value));
            else if (JSON_NODE_HOLDS_ARRAY (value))
              json_node_set_array (element, json_node_get_array (value));
          }
        else if (value != NULL && JSON_NODE_HOLDS_VALUE (value) && JSON_NODE_HOLDS_VALUE (element))
          {
            GValue v = G_VALUE_INIT;

            json_node_get_value (value, &v);
            json_node_set_value (element, &v);
            g_value_unset (&v);
          }
      }
  }
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GpConflictDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gp_store_resolve_conflict_finish (GP_STORE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), TRUE);
      return;
    }

  g_signal_emit (self, signals[RESOLVED], 0, self->stored->project->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
apply_clicked_cb (GpConflictDialog *self)
{
  g_autoptr(GpProject) merged = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any_mine = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      any_mine |= gtk_check_button_get_active (field->mine_check);
    }

  if (self->stored->conflict_deleted)
    {
      /* Keep mine: it becomes the draft again; otherwise accept the deletion. */
      if (any_mine)
        merged = gp_project_copy (self->stored->project);
    }
  else if (any_mine)
    {
      g_autoptr(JsonNode) root = gp_project_to_json (self->stored->conflict);

      for (guint i = 0; i < self->fields->len; i++)
        {
          Field *field = g_ptr_array_index (self->fields, i);

          if (gtk_check_button_get_active (field->mine_check))
            set_at (root, field->steps, field->mine);
        }

      merged = gp_project_from_json (root, &error);
      if (merged == NULL)
        {
          /* Translators: the merge broke a rule of the record, 所选内容无法合并：%s. */
          g_autofree char *text = g_strdup_printf (_("These choices cannot be combined: %s"), error->message);

          gtk_label_set_text (self->error_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
          return;
        }
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), FALSE);
  gp_store_resolve_conflict_async (self->store, self->stored->project->id, merged,
                                   self->cancellable, resolved_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------------
 * Building
 */

static GtkWidget *
option_row (const char     *value,
            const char     *whose,
            GtkCheckButton *check)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), whose);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (check));
  gtk_widget_set_valign (GTK_WIDGET (check), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, whose,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
  return row;
}

static void
build_fields (GpConflictDialog *self)
{
  g_autoptr(JsonNode) mine = gp_project_to_json (self->stored->project);
  g_autoptr(GArray) steps = g_array_new (FALSE, TRUE, sizeof (Step));

  g_array_set_clear_func (steps, (GDestroyNotify) step_clear);

  if (self->stored->conflict_deleted || self->stored->conflict == NULL)
    {
      /* The platform deleted the project: one choice, the whole project. */
      Field *field = g_new0 (Field, 1);
      Step step = { g_strdup ("name"), 0 };

      field->steps = g_array_new (FALSE, TRUE, sizeof (Step));
      g_array_set_clear_func (field->steps, (GDestroyNotify) step_clear);
      g_array_append_val (field->steps, step);
      g_ptr_array_add (self->fields, field);
    }
  else
    {
      g_autoptr(JsonNode) theirs = gp_project_to_json (self->stored->conflict);

      diff_nodes (self->fields, steps, mine, theirs);
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *mine_check = gtk_check_button_new ();
      GtkWidget *theirs_check = gtk_check_button_new ();
      g_autofree char *label = NULL;
      g_autofree char *mine_text = NULL;
      g_autofree char *theirs_text = NULL;

      if (self->stored->conflict_deleted || self->stored->conflict == NULL)
        {
          const char *name = gp_project_get_name (self->stored->project);

          /* Translators: 平台已删除此项目. */
          label = g_strdup (_("The platform deleted this project"));
          /* Translators: 保留本机的项目：%s. */
          mine_text = g_strdup_printf (_("Keep my project: %s"), name != NULL ? name : "");
          /* Translators: 同意删除. */
          theirs_text = g_strdup (_("Accept the deletion"));
        }
      else
        {
          label = field_label (field);
          mine_text = value_text (field, field->mine);
          theirs_text = value_text (field, field->theirs);
        }

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), label);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (theirs_check), GTK_CHECK_BUTTON (mine_check));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (mine_check), TRUE);
      field->mine_check = GTK_CHECK_BUTTON (mine_check);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 /* Translators: the officer's own value, 本机的修改. */
                                 option_row (mine_text, _("Mine, on this computer"), GTK_CHECK_BUTTON (mine_check)));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 /* Translators: the server's value, 平台上的版本. */
                                 option_row (theirs_text, _("The platform’s"), GTK_CHECK_BUTTON (theirs_check)));
      gtk_box_append (self->fields_box, group);
    }
}

GpConflictDialog *
gp_conflict_dialog_new (GpStore               *store,
                        const GpStoredProject *stored)
{
  GpConflictDialog *self;
  const char *name;

  g_return_val_if_fail (GP_IS_STORE (store), NULL);
  g_return_val_if_fail (stored != NULL && stored->project != NULL, NULL);
  g_return_val_if_fail (stored->conflict != NULL || stored->conflict_deleted, NULL);

  self = g_object_new (GP_TYPE_CONFLICT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->stored = gp_stored_project_copy (stored);

  name = gp_project_get_name (stored->project);
  adw_window_title_set_subtitle (self->window_title, name != NULL ? name : "");
  build_fields (self);

  return self;
}

guint
gp_conflict_dialog_get_n_fields (GpConflictDialog *self)
{
  g_return_val_if_fail (GP_IS_CONFLICT_DIALOG (self), 0);

  return self->fields->len;
}

static void
gp_conflict_dialog_dispose (GObject *object)
{
  GpConflictDialog *self = GP_CONFLICT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GP_TYPE_CONFLICT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gp_conflict_dialog_parent_class)->dispose (object);
}

static void
gp_conflict_dialog_finalize (GObject *object)
{
  GpConflictDialog *self = GP_CONFLICT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->stored, gp_stored_project_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (gp_conflict_dialog_parent_class)->finalize (object);
}

static void
gp_conflict_dialog_class_init (GpConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gp_conflict_dialog_dispose;
  object_class->finalize = gp_conflict_dialog_finalize;

  /**
   * GpConflictDialog::resolved:
   * @id: the project's id
   *
   * The merge was written to the store.
   */
  signals[RESOLVED] =
    g_signal_new ("resolved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/gp-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GpConflictDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, GpConflictDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GpConflictDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, GpConflictDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gp_conflict_dialog_init (GpConflictDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
