#!/usr/bin/env bash
# Pages end on their last baseline (issue #5): builds tests/samples/fill,
# whose second page ends a line short unless the page builder has a
# paragraph set a line tighter, and checks with the trace that
#   - no page is marked "short" (a page that does not end a chapter and
#     leaves whole grid lines empty at its foot),
#   - pages 1 and 2 end on the same baseline as the fullest page.
set -u
source "$(dirname "$0")/lib.bash"

if ! "$FOLIO" build tests/samples/fill/book.xml -o "$TMP/fill.pdf" --trace "$TMP/fill.trace" 2>"$TMP/log"; then
  notok "build tests/samples/fill"; cat "$TMP/log"
else
  if grep -q '^page .* short ' "$TMP/fill.trace"; then notok "fill: pages marked short: $(grep '^page .* short ' "$TMP/fill.trace" | tr '\n' ';')"
  else ok "fill: no page short"; fi
  # the last body baseline (10.5 pt text) of each page, from the trace
  awk '/^page /{p=$2} /^  text / && $5 == "10.50" { if ($3 > last[p]) last[p] = $3 }
       END { for (p in last) print p, last[p] }' "$TMP/fill.trace" | sort -n >"$TMP/last"
  bottom=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$TMP/last")
  npages=$(grep -c '^page ' "$TMP/fill.trace")
  [ "$npages" -ge 3 ] && ok "fill: $npages pages" || notok "fill: $npages pages, expected at least 3"
  for p in 1 2; do
    y=$(awk -v p=$p '$1 == p { print $2 }' "$TMP/last")
    if [ "$y" = "$bottom" ]; then ok "fill: page $p ends on the last baseline ($y)"
    else notok "fill: page $p ends at $y, the last baseline is $bottom"; fi
  done
fi

finish
