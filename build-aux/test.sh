#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The whole suite, headless: installs what is missing, builds, runs every test under Xvfb inside a
# throw-away D-Bus session with an unlocked gnome-keyring, then an ASan+UBSan build running every
# non-UI suite, then the decoder fuzzer for a bounded time. Ends with "N passed, M failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/build-aux/deps.sh" || exit 1

status=0

configure () {
  local dir=$1 out; shift
  if [ -f "$dir/build.ninja" ]; then
    out=$(meson setup --reconfigure "$dir" "$@" 2>&1) || { echo "$out"; return 1; }
  else
    out=$(meson setup "$dir" "$@" 2>&1) || { echo "$out"; return 1; }
  fi
}

logs=()

in_session () {
  dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' "$top/build-aux/test-session.sh" "$@"
}

run_suite () {
  local dir=$1; shift
  logs+=("$dir/meson-logs/testlog.json")
  in_session meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || status=1
}

echo "== build (gcc, debugoptimized)"
configure build || exit 1
meson compile -C build || exit 1
run_suite build --no-suite e2e

# The end-to-end purchase drives the real app through AT-SPI with timeouts; on a loaded machine a
# first attempt can time out, so it gets one more. Only the last attempt counts, and a failure of
# both fails the run.
echo "== end to end (AT-SPI)"
if ! in_session meson test -C build --print-errorlogs --suite e2e --logbase e2e-first; then
  echo "e2e: the first attempt failed (log: build/meson-logs/e2e-first.txt); trying once more"
  in_session meson test -C build --print-errorlogs --suite e2e --logbase e2e || status=1
  logs+=("build/meson-logs/e2e.json")
else
  logs+=("build/meson-logs/e2e-first.json")
fi

echo "== build (ASan + UBSan), every suite but ui"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:fast_unwind_on_malloc=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$top/build-aux/lsan.supp:print_suppressions=0
configure build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dui_tests=false -Dbuildtype=debug || exit 1
meson compile -C build-asan || exit 1
run_suite build-asan --no-suite ui --no-suite e2e --timeout-multiplier 3
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

if [ -f tests/fuzz/meson.build ] && command -v clang >/dev/null; then
  echo "== fuzz the JSON decoder (libFuzzer, ${GPCLOUD_FUZZ_SECONDS:-60} s)"
  CC=clang configure build-fuzz -Dfuzzing=true -Dui_tests=false -Dbuildtype=debug || exit 1
  meson compile -C build-fuzz fuzz-codec || exit 1
  work=$(mktemp -d)
  cp tests/fuzz/corpus/codec/* "$work/"
  if ! ./build-fuzz/tests/fuzz/fuzz-codec -max_total_time="${GPCLOUD_FUZZ_SECONDS:-60}" \
         -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$top/build-fuzz/" "$work" 2>build-fuzz/fuzz.log; then
    tail -n 60 build-fuzz/fuzz.log
    echo "fuzz-codec found a failure; the input is in build-fuzz/"
    status=1
  else
    grep -E '^Done|#[0-9]+.*DONE' build-fuzz/fuzz.log | tail -n 1
  fi
  rm -rf "$work"
fi

# Meson's own counts over both runs, read from its test logs.
/usr/bin/python3 - "${logs[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        failed += 1   # a suite that left no log did not run
        continue
    for line in lines:
        result = json.loads(line).get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY

exit $status
