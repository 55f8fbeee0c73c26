#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the translations: POTFILES.in sorted and covering every file with translatable strings,
# and po/zh_CN.po (merged with the current strings) without untranslated or fuzzy messages.
set -euo pipefail

top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$tmp/listed"
if ! LC_ALL=C sort -c "$tmp/listed" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)"
  fail=1
fi

while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists a missing file: $f"; fail=1; }
done < "$tmp/listed"

# Every file that marks strings for translation must be listed.
{
  git ls-files --cached --others --exclude-standard -- 'src/*.c' 'src/**/*.c' 2>/dev/null |
    xargs -r grep -l -E '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(' || true
  git ls-files --cached --others --exclude-standard -- 'ui/*.ui' 'ui/**/*.ui' 2>/dev/null |
    xargs -r grep -l 'translatable="yes"' || true
  git ls-files --cached --others --exclude-standard -- 'data/*.desktop.in' 'data/*.metainfo.xml.in' 'data/*.gschema.xml' 2>/dev/null || true
} | LC_ALL=C sort -u > "$tmp/marked"

missing=$(LC_ALL=C comm -23 "$tmp/marked" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"
  echo "$missing" | sed 's/^/  /'
  fail=1
fi

# Extract the current strings and merge them into a copy of each translation, so a string added
# to the code but not to the .po counts as untranslated.
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from="$tmp/listed" --output="$tmp/gpcloud.pot" --package-name=gpcloud 2>"$tmp/xgettext.log" || {
    cat "$tmp/xgettext.log"; exit 1; }

for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/$lang.po" "po/$lang.po" "$tmp/gpcloud.pot"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1) || stats="$stats (msgfmt --check failed)"
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*|*failed*)
      echo "po/$lang.po is incomplete; the missing messages:"
      msgattrib --untranslated "$tmp/$lang.po" | grep -A1 '^msgid' | head -n 40 || true
      fail=1 ;;
  esac
done

exit $fail
