#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command inside a throw-away desktop session: its own HOME and runtime dir, and a real
# gnome-keyring unlocked with a throw-away password on the session bus. Call it under
# dbus-run-session (and xvfb-run for a display), as build-aux/test.sh does.
set -euo pipefail

session=$(mktemp -d -t gpcloud-session.XXXXXX)
cleanup () {
  # Only a real pid: "kill 0" would end the whole process group.
  if [ -n "${GNOME_KEYRING_PID:-}" ] && [ "$GNOME_KEYRING_PID" -gt 1 ] 2>/dev/null; then
    kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  fi
  rm -rf "$session"
}
trap cleanup EXIT
mkdir -p "$session/home" "$session/runtime"
chmod 700 "$session/runtime"
export HOME="$session/home" XDG_RUNTIME_DIR="$session/runtime"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v gnome-keyring-daemon >/dev/null; then
  eval "$(printf 'test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID
fi

"$@"
