#!/usr/bin/env bash
# Pages end on their last baseline (issue #5): builds tests/samples/fill,
# whose second page ends a line short unless the page builder has a
# paragraph set a line tighter, and checks with the trace that
#   - no page is marked "short" (a page that does not end a chapter and
#     leaves whole grid lines empty at its foot),
#   - pages 1 and 2 end on the same baseline as the fullest page.
set -u
folio=${1:?usage: page_fill.sh /path/to/folio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
no() { echo "FAIL: $1"; fail=$((fail + 1)); }

if ! "$folio" build tests/samples/fill/book.xml -o "$tmp/fill.pdf" --trace "$tmp/fill.trace" 2>"$tmp/log"; then
  no "build tests/samples/fill"; cat "$tmp/log"
else
  if grep -q '^page .* short ' "$tmp/fill.trace"; then no "fill: pages marked short: $(grep '^page .* short ' "$tmp/fill.trace" | tr '\n' ';')"
  else ok "fill: no page short"; fi
  # the last body baseline (10.5 pt text) of each page, from the trace
  awk '/^page /{p=$2} /^  text / && $5 == "10.50" { if ($3 > last[p]) last[p] = $3 }
       END { for (p in last) print p, last[p] }' "$tmp/fill.trace" | sort -n >"$tmp/last"
  bottom=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$tmp/last")
  npages=$(grep -c '^page ' "$tmp/fill.trace")
  [ "$npages" -ge 3 ] && ok "fill: $npages pages" || no "fill: $npages pages, expected at least 3"
  for p in 1 2; do
    y=$(awk -v p=$p '$1 == p { print $2 }' "$tmp/last")
    if [ "$y" = "$bottom" ]; then ok "fill: page $p ends on the last baseline ($y)"
    else no "fill: page $p ends at $y, the last baseline is $bottom"; fi
  done
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
