/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-sync-error.h: the error domain of src/sync: what went wrong between the app and the server.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GP_SYNC_ERROR (gp_sync_error_quark ())

/**
 * GpSyncError:
 * @GP_SYNC_ERROR_OFFLINE: the server cannot be reached (no network, refused, DNS).
 * @GP_SYNC_ERROR_TIMEOUT: the server did not answer in time.
 * @GP_SYNC_ERROR_TLS: the server's certificate could not be verified.
 * @GP_SYNC_ERROR_INSECURE: plain HTTP to a computer other than this one.
 * @GP_SYNC_ERROR_UNAUTHORIZED: not signed in, wrong password, or the session ended (401).
 * @GP_SYNC_ERROR_PASSWORD_CHANGE_REQUIRED: the initial password must be changed first (403).
 * @GP_SYNC_ERROR_LOCKED: the account is locked after failed sign-ins (423 or 429).
 * @GP_SYNC_ERROR_FORBIDDEN: the account may not do this (403).
 * @GP_SYNC_ERROR_NOT_FOUND: the object does not exist or is not visible to the account (404).
 * @GP_SYNC_ERROR_CONFLICT: someone else changed it first (409 or 412).
 * @GP_SYNC_ERROR_PRECONDITION_REQUIRED: a change was sent without its base revision (428).
 * @GP_SYNC_ERROR_INVALID: the server refused the content; see the field problems (400 or 422).
 * @GP_SYNC_ERROR_TOO_LARGE: the request is over the server's size limit (413).
 * @GP_SYNC_ERROR_RATE_LIMITED: too many requests; try again later (429).
 * @GP_SYNC_ERROR_SERVER: the server failed (5xx).
 * @GP_SYNC_ERROR_PROTOCOL: the answer was not what the API promises (garbage, wrong type).
 * @GP_SYNC_ERROR_CANCELLED: the operation was cancelled.
 */
typedef enum {
  GP_SYNC_ERROR_OFFLINE,
  GP_SYNC_ERROR_TIMEOUT,
  GP_SYNC_ERROR_TLS,
  GP_SYNC_ERROR_INSECURE,
  GP_SYNC_ERROR_UNAUTHORIZED,
  GP_SYNC_ERROR_PASSWORD_CHANGE_REQUIRED,
  GP_SYNC_ERROR_LOCKED,
  GP_SYNC_ERROR_FORBIDDEN,
  GP_SYNC_ERROR_NOT_FOUND,
  GP_SYNC_ERROR_CONFLICT,
  GP_SYNC_ERROR_PRECONDITION_REQUIRED,
  GP_SYNC_ERROR_INVALID,
  GP_SYNC_ERROR_TOO_LARGE,
  GP_SYNC_ERROR_RATE_LIMITED,
  GP_SYNC_ERROR_SERVER,
  GP_SYNC_ERROR_PROTOCOL,
  GP_SYNC_ERROR_CANCELLED,
} GpSyncError;

GQuark gp_sync_error_quark (void);

G_END_DECLS
