#!/usr/bin/env bash
# Total fit (issue #5): tests/samples/plan is a manuscript on which breaking
# each page at best fit leaves a page short. With the chapter's
# page breaks planned together (paragraphs a line longer or shorter where
# a trial setting allows it), the trace must show
#   - no page marked "short" (a page that does not end a chapter and leaves
#     whole grid lines empty at its foot),
#   - no club page: each chapter's last page holds at least 5 body lines;
# and, so that the test is known to tell, the same book built with the plan
# turned off (FOLIO_NO_PLAN=1, best fit only) does leave a page short.
set -u
source "$(dirname "$0")/lib.bash"

# body lines (10.5 pt text) per page, and the pages that end a chapter (the
# page before an opener, whose 20 pt title marks it, and the last page)
page_lines() {
  awk '/^page /{p=$2; n=p} /^  text / && $5 == "10.50" { y[p " " $3] = 1 }
       /^  text / && $5 == "20.00" { opener[p] = 1 }
       END { for (k in y) { split(k, a, " "); c[a[1]]++ }
             for (q = 1; q <= n; q++) print q, c[q] + 0, (opener[q + 1] || q == n) ? "end" : "" }' "$1"
}

if ! "$FOLIO" build tests/samples/plan/book.xml -o "$TMP/plan.pdf" --trace "$TMP/plan.trace" 2>"$TMP/log"; then
  notok "build tests/samples/plan"; cat "$TMP/log"
else
  if grep -q '^page .* short ' "$TMP/plan.trace"; then notok "plan: pages marked short: $(grep '^page .* short ' "$TMP/plan.trace" | tr '\n' ';')"
  else ok "plan: no page short ($(grep -c '^page ' "$TMP/plan.trace") pages)"; fi
  page_lines "$TMP/plan.trace" >"$TMP/lines"
  clubs=$(awk '$3 == "end" && $2 < 5 { printf "%s (%d lines) ", $1, $2 }' "$TMP/lines")
  ends=$(awk '$3 == "end"' "$TMP/lines" | wc -l)
  [ "$ends" -ge 2 ] && ok "plan: $ends chapter ends found" || notok "plan: chapter ends found: $ends"
  [ -z "$clubs" ] && ok "plan: no chapter ends on a club page" || notok "plan: club pages: $clubs"
fi

if ! FOLIO_NO_PLAN=1 "$FOLIO" build tests/samples/plan/book.xml -o "$TMP/fit.pdf" --trace "$TMP/fit.trace" 2>"$TMP/log"; then
  notok "build tests/samples/plan at best fit"; cat "$TMP/log"
elif grep -q '^page .* short ' "$TMP/fit.trace"; then ok "best fit alone leaves a page short: $(grep '^page .* short ' "$TMP/fit.trace" | head -1)"
else notok "best fit alone fills every page: the sample no longer shows what the plan adds"; fi
finish
