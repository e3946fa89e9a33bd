#!/usr/bin/env bash
# Regenerating an edition reports which pages changed: a rebuild of the same
# input changes none; an edit on one page of the essay changes that page (and
# only pages from there on, if the text reflows).
set -u
folio=${1:?usage: changed_pages.sh /path/to/folio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
ko() { echo "FAIL: $1"; fail=$((fail + 1)); }
cp -r tests/samples/ensayo "$tmp/book"
"$folio" build -o "$tmp/out.pdf" "$tmp/book/book.xml" 2>"$tmp/log1" || ko "first build"
grep -q "pages changed" "$tmp/log1" && ko "a first build reports no change" || ok "a first build reports nothing"
[ -s "$tmp/out.pdf.pages" ] && ok "page fingerprints kept beside the PDF" || ko "no $tmp/out.pdf.pages"
"$folio" build -v -o "$tmp/out.pdf" "$tmp/book/book.xml" 2>"$tmp/log2" || ko "second build"
grep -q "no page changed" "$tmp/log2" && ok "the same input: no page changed" || { ko "the same input"; cat "$tmp/log2"; }
# add a word to the last paragraph of the book: early pages must stay as they were
f=$(ls "$tmp"/book/chapters/*.xml | tail -1)
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.rindex("</p>")
open(p, "w", encoding="utf-8").write(s[:i] + " Fin." + s[i:])
PY
"$folio" build -o "$tmp/out.pdf" "$tmp/book/book.xml" 2>"$tmp/log3" || ko "third build"
line=$(grep "pages changed" "$tmp/log3")
if [ -n "$line" ]; then
  first=$(echo "$line" | sed -E 's/.*changed: ([0-9]+).*/\1/')
  if [ "$first" -gt 3 ]; then ok "an edit at the end: $line"; else ko "an edit changed early pages: $line"; fi
else
  ko "an edit was not reported"; cat "$tmp/log3"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
