#!/usr/bin/env bash
# folio watch: on a copy of the essay (with its own copy of the print layout),
# started in the background, each step waits for the watch's line (polling
# its log, with a generous timeout: never a timed assertion):
#   - the first build; an edited word (saved atomically: a temporary file
#     renamed over the chapter) is rebuilt into the PDF, the line says which
#     pages changed, and the PDF is byte for byte a cold build's;
#   - broken XML: the error with its file:line:col, the last PDF untouched,
#     the watch still running; the repair rebuilds;
#   - a chapter newly XIncluded is built, and its own saves are followed;
#   - the layout edited (what the watch kept of it is let go: the PDF is a
#     cold build's again) and the hyphenation exceptions it names;
#   - SIGINT ends the watch with status 0 (under ASan: without a leak).
set -u
source "$(dirname "$0")/lib.bash"
cp -r tests/samples/ensayo "$TMP/book"
mkdir "$TMP/book/layout"
cp layout/print.xml layout/hyphenation-es.txt "$TMP/book/layout/"
ln -s "$PWD/fonts" "$TMP/book/fonts"
B=$TMP/book
LOG=$TMP/watch.log
OUT=$TMP/out.pdf

"$FOLIO" watch -o "$OUT" "$B/book.xml" >"$LOG" 2>&1 &
PID=$!
# stop the watch whatever happens to the test
trap 'kill -9 $PID 2>/dev/null; chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# wait_lines N PATTERN: until the log has N lines matching PATTERN (ERE);
# fails after 300 s, or when the watch has ended
wait_lines() {
    local n=$1 pat=$2 i
    for ((i = 0; i < 1500; i++)); do
        [ "$(grep -cE "$pat" "$LOG")" -ge "$n" ] && return 0
        kill -0 $PID 2>/dev/null || { echo "      the watch ended:"; sed 's/^/      /' "$LOG"; return 1; }
        sleep 0.2
    done
    echo "      no line $n matching $pat after 300 s:"
    sed 's/^/      /' "$LOG"
    return 1
}
# save FILE PYTHON-EXPR: as an editor does, a temporary file renamed over FILE;
# the expression turns s (the text) into the new text
save() {
    python3 - "$1" "$2" <<'PY'
import os, sys
p, expr = sys.argv[1], sys.argv[2]
s = open(p, encoding="utf-8").read()
t = eval(expr)
assert t != s, "the edit changes nothing"
open(p + ".swp", "w", encoding="utf-8").write(t)
os.rename(p + ".swp", p)
PY
}
# same_as_cold: the watch's PDF is byte for byte a cold build's of the same input
same_as_cold() {
    "$FOLIO" build -o "$TMP/cold.pdf" "$B/book.xml" 2>/dev/null && cmp -s "$OUT" "$TMP/cold.pdf"
}

BUILT='^folio: [0-9:]{8} (re)?built in [0-9]+ ms'
check "the first build" wait_lines 1 "$BUILT: [0-9]+ pages"
check "it says what it watches" grep -qE '^folio: watching [0-9]+ files for .*out\.pdf \(Ctrl-C stops\)$' "$LOG"
check "the first PDF is written" test -s "$OUT"

# 1. a word edited in a chapter
save "$B/chapters/02.xml" 's.replace("razones muy prosaicas", "razones muy pedestres", 1)'
check "an edited word is rebuilt" wait_lines 2 "$BUILT"
line=$(grep -E "$BUILT" "$LOG" | sed -n 2p)
if [[ $line =~ ^folio:\ [0-9:]{8}\ rebuilt\ in\ [0-9]+\ ms\ after\ a\ change\ to\ .*book/chapters/02\.xml:\ pages\ changed:\ [0-9]+(-[0-9]+)?\ \(of\ [0-9]+\)$ ]]; then
    ok "one line: the time, the file and the pages changed ($line)"
else
    notok "the rebuild's line: $line"
fi
check "the new word is in the PDF" pdf_contains "$OUT" "razones muy pedestres"
check "the rebuilt PDF is a cold build's, byte for byte" same_as_cold
cp "$OUT" "$TMP/good.pdf"

# 2. broken XML: the error at its place, the last PDF kept, the watch goes on
cp "$B/chapters/03.xml" "$TMP/03.xml"
save "$B/chapters/03.xml" 's.replace("<p>", "<p>Un párrafo <em>roto.</p>\n  <p>", 2).replace("<p>Un párrafo <em>roto.</p>\n  <p>", "<p>", 1)'
broken=$(grep -n "roto" "$B/chapters/03.xml" | cut -d: -f1)
check "a broken edit is reported" wait_lines 1 '^folio: [0-9:]{8} 1 error after a change to .*chapters/03\.xml: the last PDF is kept$'
check "with its place and words" grep -qF "book/chapters/03.xml:$broken:28: error: </p> does not close <em>, opened at $broken:19 and never closed" "$LOG"
check "the last PDF is intact" cmp -s "$OUT" "$TMP/good.pdf"
check "the watch goes on" kill -0 $PID
cp "$TMP/03.xml" "$B/chapters/03.xml.swp" && mv "$B/chapters/03.xml.swp" "$B/chapters/03.xml"
check "the repair rebuilds" wait_lines 3 "$BUILT"
check "to the same pages" grep -qE "$BUILT after a change to .*chapters/03\.xml: no page changed \([0-9]+ pages\)$" "$LOG"
check "and the same PDF" cmp -s "$OUT" "$TMP/good.pdf"

# 3. a new chapter: included, built, then its own saves followed
cat >"$B/chapters/04.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<chapter id="cap-4" title="Un capítulo nuevo" label="Capítulo 4">
  <p>Este capítulo llegó después, con una palabra rara: ornitorrinco.</p>
</chapter>
XML
save "$B/book.xml" 's.replace("<xi:include href=\"chapters/03.xml\"/>", "<xi:include href=\"chapters/03.xml\"/>\n    <xi:include href=\"chapters/04.xml\"/>")'
check "a new xi:include is built" wait_lines 4 "$BUILT"
check "with its text" pdf_contains "$OUT" "ornitorrinco"
save "$B/chapters/04.xml" 's.replace("ornitorrinco", "equidna")'
check "and the new file is watched" wait_lines 1 "$BUILT after a change to .*chapters/04\.xml"
check "its edit is in the PDF" pdf_contains "$OUT" "equidna"

# 4. the layout and the files it names
save "$B/layout/print.xml" 's.replace("size=\"10.5pt\" leading=\"14pt\" align=\"justify\" indent=\"1em\"", "size=\"10.5pt\" leading=\"14pt\" align=\"justify\" indent=\"3em\"", 1)'
check "a layout edit rebuilds" wait_lines 1 "$BUILT after a change to .*layout/print\.xml: pages changed"
check "as a cold build with the new layout does" same_as_cold
save "$B/layout/hyphenation-es.txt" 's + "\nor-ni--to\n"'
bad=$(grep -n -- "or-ni--to" "$B/layout/hyphenation-es.txt" | cut -d: -f1)
check "a broken hyphenation exception is reported" wait_lines 1 '^folio: [0-9:]{8} 1 error after a change to .*layout/hyphenation-es\.txt: the last PDF is kept$'
check "at its line" grep -qE "layout/hyphenation-es\.txt:$bad:[0-9]+: error: misplaced '-' in hyphenation exception$" "$LOG"
save "$B/layout/hyphenation-es.txt" 's.replace("or-ni--to", "equi-dna")'
check "its repair rebuilds" wait_lines 1 "$BUILT after a change to .*layout/hyphenation-es\.txt"
check "as a cold build does" same_as_cold

# 5. SIGINT: status 0
kill -INT $PID
status=
for ((i = 0; i < 300; i++)); do
    if ! kill -0 $PID 2>/dev/null; then
        wait $PID
        status=$?
        break
    fi
    sleep 0.2
done
check "SIGINT ends the watch with status 0 (got ${status:-no exit})" test "${status:-x}" = 0
finish
