#!/usr/bin/env bash
# crash_safety.sh - a build killed with SIGKILL at any moment leaves the last
# PDF and its changed-pages report (OUT.pages) intact, and the next build
# removes the temporary files it left.
#
# The test makes a large book (the book's chapters repeated, their ids made
# unique), builds it once (the last good PDF), then builds an edited copy
# (a word added at its end: a different PDF) and kills that build with
# SIGKILL at several moments: early, during layout, when it starts writing
# the PDF (OUT.tmp appears), when it starts writing the report (OUT.pages.tmp
# appears) and just after the PDF is renamed into place. After each kill:
# OUT is byte-identical either to the last good PDF or to the edited book's
# complete PDF, OUT.pages either to the last good report or to the edited
# book's, and never newer than the PDF beside it; qpdf --check passes. A
# report that does not describe the PDF beside it (the kill fell between the
# two renames) is not compared against: the next build says nothing about
# changed pages rather than something wrong. Finally a complete build, and a
# failed one, both remove the stale OUT.tmp and OUT.pages.tmp.
#
#   bash tests/e2e/crash_safety.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"
COPIES=${CRASH_COPIES:-5}

# the large book: front and back once, the body's chapters COPIES times
python3 - "$TMP/big" "$COPIES" <<'PY'
import os, re, shutil, sys
out, copies = sys.argv[1], int(sys.argv[2])
shutil.copytree("book", out, ignore=shutil.ignore_patterns("schema", "errata", "*.md"))
book = open(os.path.join(out, "book.xml"), encoding="utf-8").read()
chapters = re.findall(r'<xi:include href="(chapters/[^"]+)"/>', book)
includes = []
for k in range(1, copies):
    for ch in chapters:
        text = open(os.path.join(out, ch), encoding="utf-8").read()
        # ids and what points at them made unique in each copy
        text = re.sub(r'\b(id|to|rid)="([^"]+)"', lambda m: '%s="%s-%d"' % (m.group(1), m.group(2), k), text)
        name = ch.replace(".xml", "-%d.xml" % k)
        open(os.path.join(out, name), "w", encoding="utf-8").write(text)
        includes.append('    <xi:include href="%s"/>' % name)
book = book.replace("  </body>", "\n".join(includes) + "\n  </body>")
open(os.path.join(out, "book.xml"), "w", encoding="utf-8").write(book)
# the edited copy: a word more at the end of its last chapter
shutil.copytree(out, out + "-edited")
last = os.path.join(out + "-edited", includes[-1].split('"')[1])
text = open(last, encoding="utf-8").read()
i = text.rindex("</p>")
open(last, "w", encoding="utf-8").write(text[:i] + " Fin." + text[i:])
PY

out=$TMP/out/book.pdf
mkdir -p "$TMP/out" "$TMP/ref"
# the edited book's complete PDF and report, for comparison
if ! "$FOLIO" build -o "$TMP/ref/edited.pdf" "$TMP/big-edited/book.xml" 2>"$TMP/log"; then
    notok "the large edited book builds"; tail -3 "$TMP/log"; finish; exit
fi
pages=$(grep -c . "$TMP/ref/edited.pdf.pages")
ok "the large book builds ($((pages - 1)) pages)"
# the last good build, kept aside to restore before each kill
"$FOLIO" build -o "$out" "$TMP/big/book.xml" 2>/dev/null || notok "the large book builds"
cp "$out" "$TMP/ref/good.pdf"
cp "$out.pages" "$TMP/ref/good.pdf.pages"
differ() { ! cmp -s "$1" "$2"; }
check "the two books' PDFs differ" differ "$TMP/ref/good.pdf" "$TMP/ref/edited.pdf"

# kill WHEN: restore the last good build, start the edited build, SIGKILL it
# at WHEN (seconds, or the appearance of a file: pdf.tmp, pages.tmp, or
# "renamed": the PDF replaced), then check what it left
kill_at() {
    local when=$1
    cp "$TMP/ref/good.pdf" "$out"
    cp "$TMP/ref/good.pdf.pages" "$out.pages"
    python3 - "$FOLIO" "$TMP/big-edited/book.xml" "$out" "$when" <<'PY' >"$TMP/kill"
import os, signal, subprocess, sys, time
folio, book, out, when = sys.argv[1:5]
p = subprocess.Popen([folio, "build", "-o", out, book], stderr=subprocess.DEVNULL)
ino = os.stat(out).st_ino
def seen():
    if when == "pdf.tmp": return os.path.exists(out + ".tmp")
    if when == "pages.tmp": return os.path.exists(out + ".pages.tmp")
    if when == "renamed": return os.stat(out).st_ino != ino
    return False
t0 = time.monotonic()
while p.poll() is None:
    if (when[0].isdigit() and time.monotonic() - t0 >= float(when)) or (not when[0].isdigit() and seen()):
        p.send_signal(signal.SIGKILL)
        p.wait()
        print("killed")
        break
    time.sleep(0.0005)
else:
    print("finished")
PY
    local what
    what=$(cat "$TMP/kill")
    local pdf=other rep=other
    cmp -s "$out" "$TMP/ref/good.pdf" && pdf=good
    cmp -s "$out" "$TMP/ref/edited.pdf" && pdf=edited
    cmp -s "$out.pages" "$TMP/ref/good.pdf.pages" && rep=good
    cmp -s "$out.pages" "$TMP/ref/edited.pdf.pages" && rep=edited
    if [ "$pdf" != other ] && [ "$rep" != other ] && ! { [ "$rep" = edited ] && [ "$pdf" = good ]; }; then
        ok "killed at $when ($what): PDF $pdf, report $rep, both whole"
    else
        notok "killed at $when ($what): PDF $pdf, report $rep"
    fi
    check "killed at $when: qpdf --check passes" qpdf --check "$out" >/dev/null 2>&1
}

for when in 0.05 0.5 1.5 renamed pages.tmp pdf.tmp; do kill_at "$when"; done
# the last kill, as the PDF was being written, left its partial OUT.tmp
if grep -q killed "$TMP/kill"; then
    check "the kill while writing the PDF left OUT.tmp (for the next build to remove)" test -e "$out.tmp"
fi

# the state a kill between the two renames leaves: the edited PDF beside the
# old report. The next build must not compare against that report.
cp "$TMP/ref/edited.pdf" "$out"
cp "$TMP/ref/good.pdf.pages" "$out.pages"
touch "$out.pages.tmp"
"$FOLIO" build -v -o "$out" "$TMP/big/book.xml" 2>"$TMP/log"
check "after a kill between the renames: the next build succeeds" test $? -eq 0
no_report() { ! grep -q "pages changed\|no page changed" "$1"; }
check "  and says nothing about changed pages (its report was not the PDF's)" no_report "$TMP/log"
check "  and removes the stale OUT.tmp" test ! -e "$out.tmp"
check "  and the stale OUT.pages.tmp" test ! -e "$out.pages.tmp"
check "  and leaves the PDF and its report" cmp -s "$out" "$TMP/ref/good.pdf"
check "  (the report)" cmp -s "$out.pages" "$TMP/ref/good.pdf.pages"
"$FOLIO" build -v -o "$out" "$TMP/big/book.xml" 2>"$TMP/log"
check "the build after it compares again: no page changed" grep -q "no page changed" "$TMP/log"

# a build that fails still removes what a killed build left, and keeps the PDF
touch "$out.tmp" "$out.pages.tmp"
"$FOLIO" build -o "$out" tests/bad/malformed-xml/book.xml 2>/dev/null
check "a failing build: exit 1" test $? -eq 1
check "  removes the stale OUT.tmp and OUT.pages.tmp" test ! -e "$out.tmp" -a ! -e "$out.pages.tmp"
check "  keeps the last PDF" cmp -s "$out" "$TMP/ref/good.pdf"
finish
