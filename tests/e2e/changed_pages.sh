#!/usr/bin/env bash
# Regenerating an edition reports which pages changed: a rebuild of the same
# input changes none; an edit on one page of the essay changes that page (and
# only pages from there on, if the text reflows).
set -u
source "$(dirname "$0")/lib.bash"
cp -r tests/samples/ensayo "$TMP/book"
"$FOLIO" build -o "$TMP/out.pdf" "$TMP/book/book.xml" 2>"$TMP/log1" || notok "first build"
grep -q "pages changed" "$TMP/log1" && notok "a first build reports no change" || ok "a first build reports nothing"
[ -s "$TMP/out.pdf.pages" ] && ok "page fingerprints kept beside the PDF" || notok "no $TMP/out.pdf.pages"
"$FOLIO" build -v -o "$TMP/out.pdf" "$TMP/book/book.xml" 2>"$TMP/log2" || notok "second build"
grep -q "no page changed" "$TMP/log2" && ok "the same input: no page changed" || { notok "the same input"; cat "$TMP/log2"; }
# add a word to the last paragraph of the book: early pages must stay as they were
f=$(ls "$TMP"/book/chapters/*.xml | tail -1)
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
i = s.rindex("</p>")
open(p, "w", encoding="utf-8").write(s[:i] + " Fin." + s[i:])
PY
"$FOLIO" build -o "$TMP/out.pdf" "$TMP/book/book.xml" 2>"$TMP/log3" || notok "third build"
line=$(grep "pages changed" "$TMP/log3")
if [ -n "$line" ]; then
  first=$(echo "$line" | sed -E 's/.*changed: ([0-9]+).*/\1/')
  if [ "$first" -gt 3 ]; then ok "an edit at the end: $line"; else notok "an edit changed early pages: $line"; fi
else
  notok "an edit was not reported"; cat "$TMP/log3"
fi
finish
