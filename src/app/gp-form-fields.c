/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-form-fields.c: problems shown under their field, and the money and date entries of the stage forms.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gp-app-labels.h"
#include "gp-form-fields.h"
#include "gp-money.h"
#include "gp-validate.h"

typedef struct {
  char      *path;
  GtkWidget *row;        /* borrowed: the form owns its rows */
  GtkWidget *error_row;  /* borrowed */
  GtkLabel  *label;
  char      *local;      /* the form's own complaint */
  char      *shown;
} Field;

struct _GpFormFields
{
  GPtrArray *fields;
  GtkWidget *first;
};

static void
field_free (Field *f)
{
  g_free (f->path);
  g_free (f->local);
  g_free (f->shown);
  g_free (f);
}

GpFormFields *
gp_form_fields_new (void)
{
  GpFormFields *self = g_new0 (GpFormFields, 1);

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  return self;
}

void
gp_form_fields_free (GpFormFields *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->fields);
  g_free (self);
}

void
gp_form_fields_add (GpFormFields *self,
                    GtkWidget    *row,
                    const char   *path)
{
  Field *f = g_new0 (Field, 1);
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *label = gtk_label_new (NULL);

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  f->path = g_strdup (path);
  f->row = row;
  f->error_row = adw_preferences_row_new ();
  f->label = GTK_LABEL (label);
  gtk_label_set_wrap (f->label, TRUE);
  gtk_label_set_xalign (f->label, 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (f->error_row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (f->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (f->error_row), FALSE);
  gtk_widget_set_can_focus (f->error_row, FALSE);
  gtk_widget_set_visible (f->error_row, FALSE);
  if (GTK_IS_LIST_BOX (list))
    gtk_list_box_insert (GTK_LIST_BOX (list), f->error_row,
                         gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
  g_ptr_array_add (self->fields, f);
}

void
gp_form_fields_forget (GpFormFields *self,
                       const char   *prefix)
{
  for (guint i = self->fields->len; i > 0; i--)
    {
      Field *f = g_ptr_array_index (self->fields, i - 1);

      if (g_str_has_prefix (f->path, prefix))
        {
          if (self->first == f->row)
            self->first = NULL;
          g_ptr_array_remove_index (self->fields, i - 1);
        }
    }
}

static Field *
find_field (GpFormFields *self,
            const char   *path)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (g_str_equal (f->path, path))
        return f;
    }
  return NULL;
}

void
gp_form_fields_set_local (GpFormFields *self,
                          const char   *path,
                          const char   *message)
{
  Field *f = find_field (self, path);

  if (f == NULL)
    return;
  g_free (f->local);
  f->local = g_strdup (message);
}

gboolean
gp_form_path_is_under (const char *path,
                       const char *field)
{
  gsize n = strlen (field);

  return strncmp (path, field, n) == 0 && (path[n] == '\0' || path[n] == '.' || path[n] == '[');
}

static void
mark (Field      *f,
      const char *message)
{
  g_free (f->shown);
  f->shown = g_strdup (message);
  gtk_label_set_text (f->label, message != NULL ? message : "");
  gtk_widget_set_visible (f->error_row, message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (f->row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (f->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (f->row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (f->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

guint
gp_form_fields_show (GpFormFields       *self,
                     GPtrArray          *problems,
                     const char * const *prefixes,
                     GtkLabel           *other)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_full (self->fields->len, g_free);
  g_autoptr(GString) rest = g_string_new (NULL);
  guint shown = 0;

  g_ptr_array_set_size (messages, self->fields->len);
  self->first = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);

      if (f->local != NULL)
        {
          g_ptr_array_index (messages, i) = g_strdup (f->local);
          shown++;
        }
    }

  for (guint k = 0; problems != NULL && k < problems->len; k++)
    {
      const GpProblem *p = g_ptr_array_index (problems, k);
      gboolean mine = FALSE;
      int best = -1;
      gsize best_len = 0;

      for (guint j = 0; prefixes[j] != NULL; j++)
        if (gp_form_path_is_under (p->path, prefixes[j]))
          mine = TRUE;
      if (!mine)
        continue;

      for (guint i = 0; i < self->fields->len; i++)
        {
          Field *f = g_ptr_array_index (self->fields, i);

          if (gp_form_path_is_under (p->path, f->path) && strlen (f->path) >= best_len)
            {
              best = (int) i;
              best_len = strlen (f->path);
            }
        }

      shown++;
      if (best < 0)
        {
          if (rest->len > 0)
            g_string_append_c (rest, '\n');
          g_string_append (rest, p->message);
        }
      else if (g_ptr_array_index (messages, best) == NULL)
        g_ptr_array_index (messages, best) = g_strdup (p->message);
      else
        {
          char *both = g_strconcat (g_ptr_array_index (messages, best), "\n", p->message, NULL);

          g_free (g_ptr_array_index (messages, best));
          g_ptr_array_index (messages, best) = both;
        }
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *f = g_ptr_array_index (self->fields, i);
      const char *message = g_ptr_array_index (messages, i);

      mark (f, message);
      if (message != NULL && self->first == NULL)
        self->first = f->row;
    }

  if (other != NULL)
    {
      gtk_label_set_text (other, rest->str);
      gtk_widget_set_visible (GTK_WIDGET (other), rest->len > 0);
      if (rest->len > 0 && self->first == NULL)
        self->first = GTK_WIDGET (other);
    }

  return shown;
}

GtkWidget *
gp_form_fields_get_first (GpFormFields *self)
{
  return self->first;
}

const char *
gp_form_fields_get_message (GpFormFields *self,
                            const char   *path)
{
  Field *f = find_field (self, path);

  return f != NULL ? f->shown : NULL;
}

/* ------------------------------------------------------------------------------------------------
 * Money and dates
 */

gboolean
gp_form_parse_money (const char  *text,
                     gint64      *out_fen,
                     char       **out_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  *out_fen = 0;
  if (*stripped == '\0')
    return TRUE;
  if (gp_money_parse (stripped, out_fen, &error))
    return TRUE;
  if (out_message != NULL)
    /* Translators: under a money field, 请输入金额，例如 486000 或 48.6万. */
    *out_message = g_strdup (_("Type an amount, for example 486000 or 48.6万."));
  return FALSE;
}

char *
gp_form_money_hint (gint64 fen)
{
  g_autofree char *yuan = NULL;
  g_autofree char *wan = NULL;

  if (fen <= 0)
    return g_strdup ("");
  yuan = gp_money_format (fen);
  wan = gp_money_format_wan_with_unit (fen);
  return g_strdup_printf ("%s · %s", yuan, wan);
}

char *
gp_form_money_text (gint64 fen)
{
  if (fen <= 0)
    return g_strdup ("");
  if (fen % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, fen / 100);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

gboolean
gp_form_parse_date (const char *text,
                    gboolean    month_only,
                    GDate      *out)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  unsigned int y = 0, m = 0, d = 1;
  int n;

  g_date_clear (out, 1);
  if (*s == '\0')
    return TRUE;

  for (char *c = s; *c != '\0'; c++)
    if (*c == '/' || *c == '.')
      *c = '-';

  if (month_only)
    {
      if (sscanf (s, "%4u-%2u%n", &y, &m, &n) != 2 && sscanf (s, "%4u年%2u月%n", &y, &m, &n) != 2)
        return FALSE;
    }
  else if (sscanf (s, "%4u-%2u-%2u%n", &y, &m, &d, &n) != 3 &&
           sscanf (s, "%4u年%2u月%2u日%n", &y, &m, &d, &n) != 3)
    return FALSE;

  if (s[n] != '\0' && !g_str_equal (s + n, "日") && !g_str_equal (s + n, "月"))
    return FALSE;
  if (y < 1900 || y > 2999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

char *
gp_form_date_text (const GDate *date,
                   gboolean     month_only)
{
  if (!gp_date_is_set (date))
    return g_strdup ("");
  if (month_only)
    return g_strdup_printf ("%04u-%02u", g_date_get_year (date), g_date_get_month (date));
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

GtkLabel *
gp_form_add_hint (AdwEntryRow *row)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  adw_entry_row_add_suffix (row, label);
  return GTK_LABEL (label);
}

char *
gp_form_dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
gp_form_set_text (AdwEntryRow *row,
                  const char  *text)
{
  const char *now = gtk_editable_get_text (GTK_EDITABLE (row));

  if (g_strcmp0 (now, text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

char *
gp_form_describe_approval (const GpApproval *approval)
{
  if (approval->approved)
    /* Translators: the unit's internal approval: 已由 %s 审核通过. */
    return g_strdup_printf (_("Approved by %s"), approval->approved_by != NULL ? approval->approved_by : "—");
  if (approval->prepared)
    /* Translators: the unit's internal approval: %s 已提交，待审核. */
    return g_strdup_printf (_("Prepared by %s, waiting for the reviewer"),
                            approval->prepared_by != NULL ? approval->prepared_by : "—");
  /* Translators: the unit's internal approval: 尚未提交审核. */
  return g_strdup (_("Not submitted for approval yet"));
}

char *
gp_form_format_datetime (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (!gp_datetime_is_set (usec))
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  local = g_date_time_to_local (utc);
  /* Translators: a date and time in a form, strftime format: %Y年%-m月%-d日 %H:%M. */
  return g_date_time_format (local, _("%B %-d, %Y %H:%M"));
}

char *
gp_form_format_date (const GDate *date)
{
  if (!gp_date_is_set (date))
    return g_strdup ("—");
  return gp_format_form_date (date);
}

char *
gp_form_format_month (const GDate *date)
{
  g_autoptr(GDateTime) dt = NULL;

  if (!gp_date_is_set (date))
    return g_strdup ("—");
  dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), 1, 0, 0, 0);
  /* Translators: a year and month in a form (预计采购时间), as a g_date_time_format() format
   * string; in Chinese "%Y年%-m月". */
  return g_date_time_format (dt, _("%B %Y"));
}

/* ------------------------------------------------------------------------------------------------
 * Table rows
 */

typedef struct {
  AdwPreferencesGroup *group;
  GPtrArray           *lines;
  GCallback            changed;
  gpointer             data;
} LineRemove;

static void
line_remove_clicked_cb (GtkButton *button,
                        gpointer   user_data)
{
  LineRemove *lr = user_data;
  GtkWidget *line = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW);

  if (line == NULL)
    return;
  g_ptr_array_remove (lr->lines, line);
  adw_preferences_group_remove (lr->group, line);
  ((void (*) (gpointer)) lr->changed) (lr->data);
}

AdwExpanderRow *
gp_form_line_add (AdwPreferencesGroup *group,
                  GPtrArray           *lines,
                  const char          *title,
                  const char * const  *keys,
                  const char * const  *titles,
                  GpFormFields        *fields,
                  const char          *path,
                  GCallback            changed,
                  gpointer             data)
{
  AdwExpanderRow *line = ADW_EXPANDER_ROW (adw_expander_row_new ());
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  LineRemove *lr = g_new0 (LineRemove, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), title);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  /* Translators: the tooltip of the button that removes a line of a table, 删除此行. */
  gtk_widget_set_tooltip_text (remove, _("Remove This Line"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove This Line"), -1);
  lr->group = group;
  lr->lines = lines;
  lr->changed = changed;
  lr->data = data;
  g_signal_connect_data (remove, "clicked", G_CALLBACK (line_remove_clicked_cb), lr,
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_expander_row_add_action (line, remove);
  adw_preferences_group_add (group, GTK_WIDGET (line));
  g_ptr_array_add (lines, line);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *field_path = g_strconcat (path, ".", keys[i], NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), titles[i]);
      adw_expander_row_add_row (line, row);
      g_object_set_data (G_OBJECT (line), keys[i], row);
      g_signal_connect_swapped (row, "changed", changed, data);
      if (fields != NULL)
        gp_form_fields_add (fields, row, field_path);
    }

  return line;
}

AdwEntryRow *
gp_form_line_get (AdwExpanderRow *line,
                  const char     *key)
{
  return g_object_get_data (G_OBJECT (line), key);
}

void
gp_form_lines_clear (AdwPreferencesGroup *group,
                     GPtrArray           *lines,
                     GpFormFields        *fields,
                     const char          *path_prefix)
{
  while (lines->len > 0)
    {
      GtkWidget *line = g_ptr_array_steal_index (lines, lines->len - 1);

      adw_preferences_group_remove (group, line);
    }
  if (fields != NULL)
    gp_form_fields_forget (fields, path_prefix);
}
