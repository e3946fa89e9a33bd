#!/usr/bin/env bash
# build_book.sh - the book itself (book/book.xml) builds into a sound PDF.
#
# Checks: folio build exits 0 and leaves no .tmp; qpdf --check passes; every
# font embedded and subset; pdftotext finds the title, every chapter title of
# book/chapters, book/front and book/back (read from the XML), and a few
# phrases of the running text.
#
#   bash tests/e2e/build_book.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"

pdf=$TMP/book.pdf
if "$FOLIO" build -o "$pdf" book/book.xml 2>"$TMP/err"; then
    ok "book: folio build exits 0"
else
    notok "book: folio build exits 0 (got $?)"
    grep -v ': note: ' "$TMP/err" | head -20 | sed 's/^/      /'
    finish
    exit
fi
check "book: no .tmp file left" test ! -e "$pdf.tmp"
qpdf_ok() { qpdf --check "$1" >"$TMP/qpdf.out" 2>&1 || { sed "s/^/      /" "$TMP/qpdf.out" | head; return 1; }; }
check "book: qpdf --check passes" qpdf_ok "$pdf"
check "book: every font embedded and subset" pdf_fonts_ok "$pdf"

# the chapter titles, from the manuscript
mapfile -t titles < <(python3 -c '
import glob, re, xml.etree.ElementTree as ET
for f in sorted(glob.glob("book/front/*.xml")) + sorted(glob.glob("book/chapters/*.xml")) + sorted(glob.glob("book/back/*.xml")):
    r = ET.parse(f).getroot()
    for c in r.iter("chapter"):
        t = c.get("title")
        if t is None and c.find("title") is not None:
            t = "".join(c.find("title").itertext())
        if t: print(re.sub(r"\s+", " ", t).strip())')
check "book: found chapter titles in the manuscript (${#titles[@]})" test "${#titles[@]}" -ge 5
for t in "${titles[@]}"; do
    check "book: chapter title \"$t\" in the PDF" pdf_contains "$pdf" "$t"
done
check "book: the title page" pdf_contains "$pdf" "Servicio de Cooperación Técnica" "73 años aportando al desarrollo económico de Chile"
check "book: running text" pdf_contains "$pdf" "Corporación de Fomento de la Producción"
finish
