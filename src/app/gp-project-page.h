/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-project-page.h: a project: stepper, stage forms, actions, autosave, print and OCDS export.
 */
#pragma once

#include <adwaita.h>

#include "gp-sync-engine.h"

G_BEGIN_DECLS

#define GP_TYPE_PROJECT_PAGE (gp_project_page_get_type ())

G_DECLARE_FINAL_TYPE (GpProjectPage, gp_project_page, GP, PROJECT_PAGE, AdwBin)

GpProjectPage *gp_project_page_new                 (GpSyncEngine   *engine,
                                                    const char     *project_id);
const char    *gp_project_page_get_project_id      (GpProjectPage  *self);
/* The project as the page shows it now (NULL until loaded). */
const GpProject *gp_project_page_get_project       (GpProjectPage  *self);
/* Shows a stage's form. */
void           gp_project_page_show_stage          (GpProjectPage  *self,
                                                    GpStage         stage);
/* The form of a stage (a GpStageForm, or the "not available yet" status page). */
GtkWidget     *gp_project_page_get_form            (GpProjectPage  *self,
                                                    GpStage         stage);
/* The primary action the header button takes (NULL when none). */
const char    *gp_project_page_get_primary_action  (GpProjectPage  *self);
/* Saves the visible stage's form as a filing form in a PDF file (the print layout). */
gboolean       gp_project_page_export_pdf          (GpProjectPage  *self,
                                                    const char     *path,
                                                    GError        **error);

/* Adds the "open-project" action (string parameter: the project id) to @window: it shows the
 * project's page as the "project" child of @host (replacing the previous one); its back button
 * returns to @return_to. */
void           gp_project_page_install_open_action (GtkApplicationWindow *window,
                                                    GtkStack             *host,
                                                    const char           *return_to,
                                                    GpSyncEngine         *engine);

G_END_DECLS
