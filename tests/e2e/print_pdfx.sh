#!/usr/bin/env bash
# print_pdfx.sh - the print edition is a PDF/X-1a:2001 file a printer accepts,
# read back by tools folio did not write:
#   - the book: PDF/X keys, boxes, no RGB, no annotations, fonts embedded
#     (tests/pdf/check_pdfx.py); Ghostscript separations: no rich black, the
#     text on the black plate (check_separations.py); every word set with a
#     ligature found by pdftotext, no U+FB0x, line-end hyphens as U+00AD
#     (check_search.py);
#   - the atlas sample (colour figures, with a CMYK output profile): the same
#     PDF/X checks, its colour PNGs and JPEG converted to CMYK
#     (check_cmyk_images.py), and <sc>Yo, el Rey</sc> read back as written
#     with its capitals taller than its small capitals (check_smallcaps.py);
#   - without an output profile, a colour figure is an error at the figure;
#   - an RGB colour in a PDF/X layout is an error at its attribute.
#
#   bash tests/e2e/print_pdfx.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"
P=$FITZ_PYTHON

book=$TMP/book.pdf
if "$FOLIO" build -o "$book" book/book.xml 2>/dev/null; then
    check "book: PDF/X-1a keys, boxes, no RGB, no annotations, fonts embedded" "$P" tests/pdf/check_pdfx.py "$book"
    check "book: Ghostscript separations: no rich black, text on the black plate" "$P" tests/pdf/check_separations.py "$book"
    check "book: every ligature word searchable, no U+FB0x, line-end U+00AD" "$P" tests/pdf/check_search.py "$book" book
    check "book: every rule and fill in ink (none white)" "$P" tests/pdf/check_ink.py "$book" 100
else
    notok "book: folio build exits 0"
fi

atlas=$TMP/atlas.pdf
if "$FOLIO" build -l "$PRINT_CMYK" -o "$atlas" tests/samples/atlas/book.xml 2>/dev/null; then
    check "atlas: PDF/X-1a keys, boxes, no RGB, no annotations" "$P" tests/pdf/check_pdfx.py "$atlas"
    check "atlas: separations outside the figures: no rich black" "$P" tests/pdf/check_separations.py "$atlas"
    check "atlas: its 5 colour figures (PNG, JPEG) converted to CMYK" "$P" tests/pdf/check_cmyk_images.py "$atlas" 5
    check "atlas: small capitals keep their capitals (Yo, el Rey)" "$P" tests/pdf/check_smallcaps.py "$atlas" "Yo, el Rey"
else
    notok "atlas: folio build with a CMYK output profile exits 0"
fi

# the screen edition gains the same writer: RGB, links, the same search fidelity
if "$FOLIO" build -l layout/screen.xml -o "$TMP/screen.pdf" book/book.xml 2>/dev/null; then
    check "screen: every ligature word searchable, no U+FB0x, line-end U+00AD" "$P" tests/pdf/check_search.py "$TMP/screen.pdf" book
    check "screen: PDF 1.7 with links" "$P" -c "import fitz,sys; d=fitz.open(sys.argv[1]); sys.exit(0 if d.metadata['format']=='PDF 1.7' and sum(len(p.get_links()) for p in d) > 0 else 1)" "$TMP/screen.pdf"
else
    notok "screen: folio build exits 0"
fi

# the print layout names no output profile: a colour figure cannot be converted
"$FOLIO" build -o "$TMP/x.pdf" tests/samples/float/book.xml 2>"$TMP/err"
rc=$?
check "colour figure without an output profile: exit 1" test "$rc" -eq 1
want="tests/samples/float/book.xml:13:5: error: this figure is in colour and the layout is PDF/X-1a:2001: name the output-profile (a CMYK ICC profile of the printing condition) in the layout's <pdf> so that it can be converted"
if grep -qxF "$want" "$TMP/err"; then ok "colour figure: the error at the figure"; else notok "colour figure: wanted: $want; got: $(cat "$TMP/err")"; fi
check "colour figure: no PDF written" test ! -e "$TMP/x.pdf"

# an RGB colour in a PDF/X layout: refused at its attribute
mkdir -p "$TMP/lay"
ln -s "$PWD/fonts" "$TMP/fonts"
cp layout/print.xml layout/hyphenation-es.txt "$TMP/lay/"
read -r cline ccol < <(awk '/name="chapter-period"/ { i = index($0, " color=\""); print NR, i + 1; exit }' "$TMP/lay/print.xml")
sed -i "${cline}s|color=\"[^\"]*\"|color=\"#1F4E79\"|" "$TMP/lay/print.xml"
"$FOLIO" build -l "$TMP/lay/print.xml" -o "$TMP/y.pdf" tests/samples/ensayo/book.xml 2>"$TMP/err"
rc=$?
check "RGB colour in a PDF/X layout: exit 1" test "$rc" -eq 1
want="$TMP/lay/print.xml:$cline:$ccol: error: an RGB colour in a PDF/X-1a:2001 layout: give it as cmyk(…) or gray(…)"
if grep -qxF "$want" "$TMP/err"; then ok "RGB colour: the error at print.xml:$cline:$ccol"; else notok "RGB colour: wanted: $want; got: $(cat "$TMP/err")"; fi
finish
