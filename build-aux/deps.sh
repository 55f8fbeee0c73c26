#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs every Debian package gpcloud needs to build, run and test. Idempotent: installs only what
# is missing, and uses sudo when not run as root.
set -euo pipefail

packages=(
  # build
  build-essential meson ninja-build pkg-config gettext libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libsqlite3-dev libsodium-dev
  # run
  glib-networking gnome-keyring fonts-wqy-microhei
  # validate data/ and flatpak/
  desktop-file-utils appstream flatpak-builder
  # headless tests: X server, session bus, keyring, UI automation, screenshots
  xvfb xauth dbus dbus-x11 libsecret-tools at-spi2-core python3-pyatspi xdotool imagemagick
  # the print-out checked as text and rendered (pdftotext, pdftoppm)
  poppler-utils
  # the OCDS schema check and the fuzzer (clang's libFuzzer runtime)
  python3-jsonschema clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
