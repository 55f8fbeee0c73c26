#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Flatpak manifest: flatpak-builder must parse it (rc 1 on a syntax error) and know every
# property (unknown ones only warn, so fail on that text). The GNOME runtime itself cannot be
# downloaded here, so this is as far as CI can build the Flatpak.
set -euo pipefail
manifest=$1
out=$(flatpak-builder --show-manifest "$manifest" 2>&1) || { echo "$out"; exit 1; }
if grep -q 'Unknown property' <<<"$out"; then
  grep 'Unknown property' <<<"$out"
  exit 1
fi
grep -q '"id" : "org.gpcloud.GpCloud"' <<<"$out" || { echo "manifest has no app id"; exit 1; }
echo "flatpak manifest ok"
