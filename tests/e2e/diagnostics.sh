#!/usr/bin/env bash
# diagnostics.sh - problems for people and tools.
#
# - Every stage in one run: tests/diag/all-stages has a schema error (a
#   mistyped value), an element out of its place, a mistyped reference and
#   a missing image named from a chapter file: all four, exactly, in plain
#   words, with "did you mean", the image looked for beside the chapter.
# - --diagnostic-format=json: a JSON array on stdout with file, line, column,
#   severity and message, for a broken chapter (tests/bad/error-in-chapter).
# - Warnings: an unknown paragraph class and an index term that matches
#   nothing (tests/diag/warnings), with the nearest style's name.
# - `check` ends with a summary line, on a clean book and on a broken one.
# - Messages never show a regular expression or libxml2's own words.
source "$(dirname "$0")/lib.bash"
D=tests/diag
"$FOLIO" check "$D/all-stages/book.xml" 2>"$TMP/err"
check "all stages: exit 1" test $? -eq 1
want="$D/all-stages/chapters/01.xml:6:11: error: attribute type=\"bulet\" of <list> is not one of: bullet, number, alpha (did you mean \"bullet\"?)
$D/all-stages/chapters/01.xml:4:3: error: <p> is not in its place in <chapter>: it may not come after <section> (see the order in docs/manuscript.md)
$D/all-stages/chapters/01.xml:7:21: error: cannot read the image \"img/missing.png\" (looked for $D/all-stages/chapters/img/missing.png, beside the file that names it)
$D/all-stages/chapters/01.xml:3:46: error: reference to \"intr\", which no element has as id (did you mean \"intro\"?)"
got=$(grep ': error: ' "$TMP/err")
if [ "$got" = "$want" ]; then ok "all stages: schema, order, image and reference errors in one run, exactly"
else notok "all stages: exact errors"; echo "      wanted:"; echo "$want" | sed 's/^/        /'; echo "      got:"; sed 's/^/        /' "$TMP/err"; fi
check "all stages: the summary line" grep -qx "folio: check $D/all-stages/book.xml: 4 errors, 0 warnings" "$TMP/err"

# JSON
"$FOLIO" check --diagnostic-format=json tests/bad/error-in-chapter/book.xml >"$TMP/out.json" 2>"$TMP/err"
check "json: exit 1" test $? -eq 1
check "json: an array with the chapter's error, its file, line and column" python3 - "$TMP/out.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
want = {"file": "tests/bad/error-in-chapter/chapters/01.xml", "line": 5, "column": 9, "severity": "error",
        "message": "attribute type=\"roman\" of <list> is not one of: bullet, number, alpha"}
ok = isinstance(items, list) and items == [want]
if not ok: print("      got:", items)
sys.exit(0 if ok else 1)
PY
check "json: nothing but the array on stdout, the summary on stderr" \
    sh -c "head -c1 '$TMP/out.json' | grep -q '\[' && grep -q '^folio: check' '$TMP/err'"
"$FOLIO" check --diagnostic-format=json tests/samples/ensayo/book.xml >"$TMP/out.json" 2>/dev/null
check "json on a clean book: exit 0, a valid array" python3 -c "import json,sys; sys.exit(0 if isinstance(json.load(open('$TMP/out.json')), list) else 1)"
"$FOLIO" check --diagnostic-format=xml tests/samples/ensayo/book.xml >/dev/null 2>&1
check "an unknown diagnostic format is a usage error" test $? -eq 2

# warnings
"$FOLIO" build -o "$TMP/w.pdf" "$D/warnings/book.xml" 2>"$TMP/err"
check "warnings: the book builds" test $? -eq 0
want="$D/warnings/book.xml:6:7: warning: paragraph class \"leed\" is not a style of the layout (print): the paragraph is set in the text's style (did you mean \"lead\"?)
$D/warnings/index.xml:4:3: warning: index term \"kerning\" matches nothing in the running text: it will not be in the index"
got=$(grep ': warning: ' "$TMP/err")
if [ "$got" = "$want" ]; then ok "warnings: unknown class and an index term that matches nothing"
else notok "warnings: exact"; echo "      wanted:"; echo "$want" | sed 's/^/        /'; echo "      got:"; sed 's/^/        /' "$TMP/err"; fi

# check's summary on a clean book
"$FOLIO" check "$D/warnings/book.xml" 2>"$TMP/err"
check "check: a summary line on a book without errors" grep -qx "folio: check $D/warnings/book.xml: 1 page, no errors, 2 warnings" "$TMP/err"

# plain words: no regex, no libxml2 phrasing, even for what only libxml2 sees
mkdir -p "$TMP/plain"
cat >"$TMP/plain/book.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<book xml:lang="en">
  <meta><publisher>P</publisher><title>T</title><edition number="1"/></meta>
  <body><chapter id="c" title="C"><table id="t" title="T"><col width="3x"/><tbody><row><cell>1</cell></row></tbody></table></chapter></body>
</book>
XML
"$FOLIO" check "$TMP/plain/book.xml" 2>"$TMP/err"
check "plain words: a width's form in words" grep -q 'is not a proportional width such as 3\* or 1.5\*, or a length such as 40mm' "$TMP/err"
check "plain words: an element out of order" grep -q '<publisher> is not in its place in <meta>: it may not come first' "$TMP/err"
if grep -E -q '\[0-9\]|Expecting|Relax-NG|failed to validate|extra content|Did not expect' "$TMP/err"; then
    notok "plain words: no regex nor libxml2's own words"; sed 's/^/      /' "$TMP/err"
else ok "plain words: no regex nor libxml2's own words"; fi
finish
