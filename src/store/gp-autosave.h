/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-autosave.h: debounced saving of edited projects (an edit is on disk within a second).
 */
#pragma once

#include <gio/gio.h>

#include "gp-store.h"

G_BEGIN_DECLS

/* An edit waits this long for the next keystroke… */
#define GP_AUTOSAVE_DEFAULT_DELAY_MS 300
/* …but never longer than this after the first unsaved edit. */
#define GP_AUTOSAVE_MAX_WAIT_MS      1000

#define GP_TYPE_AUTOSAVE (gp_autosave_get_type ())

G_DECLARE_FINAL_TYPE (GpAutosave, gp_autosave, GP, AUTOSAVE, GObject)

GpAutosave *gp_autosave_new          (GpStore             *store);
GpStore    *gp_autosave_get_store    (GpAutosave          *self);
guint       gp_autosave_get_delay    (GpAutosave          *self);
void        gp_autosave_set_delay    (GpAutosave          *self,
                                      guint                delay_ms);
/* TRUE while an edit is not yet saved (waiting or being written). */
gboolean    gp_autosave_get_pending  (GpAutosave          *self);

/* Call after every edit; @project is copied. Later edits of the same id replace earlier ones. */
void        gp_autosave_changed      (GpAutosave          *self,
                                      const GpProject     *project);

/* Saves what is waiting now and completes when everything is on disk (window close). */
void        gp_autosave_flush_async  (GpAutosave          *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean    gp_autosave_flush_finish (GpAutosave          *self,
                                      GAsyncResult        *result,
                                      GError             **error);
/* The same, blocking (for the last window closing while the main loop is ending). */
gboolean    gp_autosave_flush_sync   (GpAutosave          *self,
                                      GError             **error);

G_END_DECLS
