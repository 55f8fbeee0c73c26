/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-ocds.h: export of a project as an OCDS 1.1.5 release package (DOMAIN.md §3.1).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gp-project.h"

G_BEGIN_DECLS

/* The ocid prefix. Not registered with the OCDS Helpdesk yet: register one before publishing. */
#define GP_OCDS_PREFIX "ocds-gpc10d"

/* "ocds-gpc10d-<project id>" (newly allocated). */
G_GNUC_WARN_UNUSED_RESULT
char     *gp_ocds_ocid              (const GpProject *project);

/* One release (the project as it is now, tagged with every stage it has reached). */
G_GNUC_WARN_UNUSED_RESULT
JsonNode *gp_ocds_release           (const GpProject *project);

/* A release package {uri, version "1.1", publishedDate, publisher, releases: [one release]}.
 * @published_date_iso is an ISO 8601 date-time with a zone. */
G_GNUC_WARN_UNUSED_RESULT
JsonNode *gp_ocds_release_package   (const GpProject *project,
                                     const char      *publisher_name,
                                     const char      *published_date_iso);

G_END_DECLS
