#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The demo: installs what is missing, builds, starts gpcloud-server on loopback with demo data in a
# throw-away data directory, and opens gpcloud pointed at it, in Chinese. Closing the app stops the
# server. Settings go to a throw-away keyfile, so your own settings are untouched.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/build-aux/deps.sh"
if [ -f build/build.ninja ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
meson compile -C build >/dev/null

demo=$(mktemp -d -t gpcloud-demo.XXXXXX)
server_pid=
cleanup () {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$demo"
}
trap cleanup EXIT INT TERM

server=build/src/server/gpcloud-server

# Demo data when the server knows how to make it (gpcloud-server seed-demo); otherwise it starts empty.
if "$server" --help 2>/dev/null | grep -q 'seed-demo'; then
  "$server" seed-demo --data-dir "$demo/server"
else
  echo "demo: this server has no demo data yet; starting it empty"
fi

mkfifo "$demo/server.out"
"$server" --listen 127.0.0.1:0 --data-dir "$demo/server" >"$demo/server.out" &
server_pid=$!
read -r line <"$demo/server.out"
url=${line#listening on }
echo "demo: gpcloud-server is at $url (data in $demo/server)"
cat "$demo/server.out" >/dev/null &

mkdir -p "$demo/config/glib-2.0/settings"
printf "[org/gpcloud/GpCloud]\nserver-url='%s'\n" "$url" >"$demo/config/glib-2.0/settings/keyfile"

LANGUAGE=${LANGUAGE:-zh_CN} \
GSETTINGS_BACKEND=keyfile \
XDG_CONFIG_HOME="$demo/config" \
GSETTINGS_SCHEMA_DIR="$top/build/data" \
GPCLOUD_LOCALEDIR="$top/build/po" \
GPCLOUD_DATA_DIR="$top/data" \
  build/src/app/gpcloud "$@"
