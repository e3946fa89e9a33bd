#!/usr/bin/env bash
# cover.sh - the cover (folio cover, folio build --cover), read back by tools
# folio did not write:
#   - a test copy of book/ with an ISBN and a blurb in its meta (made here:
#     book/ itself has no ISBN): build --cover writes the interior and
#     NAME-cover.pdf; the cover's TrimBox is 2 x 170 mm + ceil(pages / 2) x
#     0.1 mm + 1 mm for the interior's page count (pdfinfo), its bleed 5 mm,
#     fold marks at both folds, nothing but background within 5 mm of the
#     trim or a fold (tests/pdf/check_cover.py); the same for the atlas
#     sample, a shorter book, whose cover is narrower;
#   - the barcode, rendered by poppler and by Ghostscript, decodes with zbar
#     to the ISBN's 13 digits;
#   - PDF/X-1a as the interior (check_pdfx.py, check_separations.py), fonts
#     embedded, the same bytes from folio cover and from build --cover;
#   - on heavier paper (0.2 mm a leaf) the spine carries the title, reading
#     top to bottom, or bottom to top when the layout says so, its ink within
#     the spine and 1.6 mm from each fold;
#   - background pictures on front and back: converted to CMYK, a warning
#     when stretched, the barcode still read over the back's picture; in a
#     PDF/X layout without an output profile, an error at front-image;
#   - a book of three pages: the spine is too thin, a note says so (exactly)
#     and the spine has no text;
#   - wrong ISBNs are errors at the <isbn> element (exact lines), for build
#     and cover alike, and no PDF is written; a blurb too long for the back
#     is an error at <blurb>; a layout without <cover> is an error.
#
#   bash tests/e2e/cover.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"
P=$FITZ_PYTHON
ISBN=9789567012343

# pages PDF: its page count
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

# the test copy of the book, with an ISBN and a blurb
mkdir -p "$TMP/copy"
cp -r book "$TMP/copy/book"
python3 - "$TMP/copy/book/book.xml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
edition = '<edition number="1" date="2025-12-01"/>'
assert edition in s
s = s.replace(edition, edition + """
    <isbn>978-956-7012-34-3</isbn>
    <blurb>
      <p>Desde 1952, el Servicio de Cooperación Técnica acompaña a quienes emprenden en Chile:
         artesanos, talleres, cooperativas y pequeñas empresas de todo el país.</p>
      <p>Este libro cuenta setenta y tres años de esa historia, con sus programas, sus cifras
         y sus <em>protagonistas</em>.</p>
    </blurb>""", 1)
open(p, "w", encoding="utf-8").write(s)
EOF
BOOK=$TMP/copy/book/book.xml

# ---- the book: both files, the cover's width from the interior's pages
if "$FOLIO" build --cover -o "$TMP/book.pdf" "$BOOK" 2>"$TMP/err"; then
    n=$(pages "$TMP/book.pdf")
    check "book: build --cover writes the interior and book-cover.pdf" test -s "$TMP/book-cover.pdf"
    check "book: cover width for the interior's $n pages, bleed, fold marks, safe zones" \
        "$P" tests/pdf/check_cover.py "$TMP/book-cover.pdf" "$n"
    check "book: cover PDF/X-1a keys, boxes, no RGB, no annotations, fonts embedded" \
        "$P" tests/pdf/check_pdfx.py "$TMP/book-cover.pdf"
    check "book: cover separations: no rich black, the barcode on the black plate" \
        "$P" tests/pdf/check_separations.py "$TMP/book-cover.pdf"
    check "book: cover fonts embedded and subset" pdf_fonts_ok "$TMP/book-cover.pdf"
    check "book: the cover shows title, subtitle, publisher, blurb and ISBN" pdf_contains "$TMP/book-cover.pdf" \
        "Servicio de Cooperación Técnica 1952 - 2025" "73 años aportando al desarrollo económico de Chile" \
        "SERCOTEC" "Este libro cuenta setenta y tres años" "ISBN 978-956-7012-34-3"
    # the barcode, as a scanner sees a print: rendered by two renderers, read by zbar
    pdftoppm -r 300 -png "$TMP/book-cover.pdf" "$TMP/poppler" 2>/dev/null
    got=$(zbarimg --raw -q "$TMP/poppler-1.png" 2>/dev/null)
    if [ "$got" = "$ISBN" ]; then ok "book: the barcode (pdftoppm, zbarimg) reads $got"
    else notok "book: the barcode (pdftoppm, zbarimg) reads '$got', not $ISBN"; fi
    gs -q -dSAFER -dNOPAUSE -dBATCH -sDEVICE=pnggray -r300 -o "$TMP/gs.png" "$TMP/book-cover.pdf" 2>/dev/null
    got=$(zbarimg --raw -q "$TMP/gs.png" 2>/dev/null)
    if [ "$got" = "$ISBN" ]; then ok "book: the barcode (Ghostscript, zbarimg) reads $got"
    else notok "book: the barcode (Ghostscript, zbarimg) reads '$got', not $ISBN"; fi
    # the same bytes: folio cover, and the same command again
    "$FOLIO" cover -o "$TMP/c1.pdf" "$BOOK" 2>/dev/null
    "$FOLIO" cover -o "$TMP/c2.pdf" "$BOOK" 2>/dev/null
    check "book: folio cover twice gives the same bytes" cmp -s "$TMP/c1.pdf" "$TMP/c2.pdf"
    check "book: folio cover and build --cover give the same bytes" cmp -s "$TMP/c1.pdf" "$TMP/book-cover.pdf"
else
    notok "book: folio build --cover exits 0 ($(grep -v 'has no text yet' "$TMP/err"))"
fi

# folio cover without -o: out/<slug>-cover.pdf, and no interior
(cd "$TMP/copy" && "$FOLIO" cover -l "$OLDPWD/layout/print.xml" book/book.xml 2>/dev/null)
found=$(cd "$TMP/copy" && find . -name '*.pdf' | sort | tr '\n' ' ')
check "folio cover writes out/<slug>-cover.pdf and nothing else (found: $found)" \
    test "$found" = "./out/servicio-de-cooperacion-tecnica-1952-2025-cover.pdf " -o \
    "$found" = "./book/out/servicio-de-cooperacion-tecnica-1952-2025-cover.pdf "

# ---- a shorter book (the atlas sample, 54 pages or so): a narrower cover
if "$FOLIO" build --cover -l "$PRINT_CMYK" -o "$TMP/atlas.pdf" tests/samples/atlas/book.xml 2>/dev/null; then
    na=$(pages "$TMP/atlas.pdf")
    check "atlas: cover width for the interior's $na pages" "$P" tests/pdf/check_cover.py "$TMP/atlas-cover.pdf" "$na"
    if [ -n "${n:-}" ]; then
        check "atlas ($na pages) and book ($n pages): different lengths, different covers" test "$na" -ne "$n"
    fi
    got=$(pdftoppm -r 300 -png "$TMP/atlas-cover.pdf" "$TMP/atlas" 2>/dev/null; zbarimg --raw -q "$TMP/atlas-1.png" 2>/dev/null)
    check "atlas: the barcode reads its ISBN, 9789569999413 ('$got')" test "$got" = 9789569999413
else
    notok "atlas: folio build --cover exits 0"
fi

# ---- heavier paper: a spine wide enough for its title
mkdir -p "$TMP/lay"
ln -s "$PWD/fonts" "$TMP/fonts"
cp layout/print.xml layout/hyphenation-es.txt "$TMP/lay/"
sed 's|caliper="0.1mm"|caliper="0.2mm"|' layout/print.xml >"$TMP/lay/thick.xml"
sed 's|caliper="0.1mm"|caliper="0.2mm"|; s|spine-direction="top-to-bottom"|spine-direction="bottom-to-top"|' \
    layout/print.xml >"$TMP/lay/thick-up.xml"
if "$FOLIO" build --cover -l "$TMP/lay/thick.xml" -o "$TMP/thick.pdf" "$BOOK" 2>/dev/null; then
    nt=$(pages "$TMP/thick.pdf")
    check "0.2 mm paper: the spine's title lies within the spine, reads top to bottom, 1.6 mm from the folds" \
        "$P" tests/pdf/check_cover.py "$TMP/thick-cover.pdf" "$nt" --caliper 0.2 --spine "Servicio de Cooperación"
else
    notok "0.2 mm paper: folio build --cover exits 0"
fi
if "$FOLIO" cover -l "$TMP/lay/thick-up.xml" -o "$TMP/thick-up.pdf" "$BOOK" 2>/dev/null; then
    check "spine-direction=bottom-to-top: the title reads bottom to top, within the spine" \
        "$P" tests/pdf/check_cover.py "$TMP/thick-up.pdf" "${nt:-0}" --caliper 0.2 --spine "Servicio de Cooperación" --up
else
    notok "bottom-to-top: folio cover exits 0"
fi

# ---- background pictures: under the text and the barcode, converted to CMYK
front_img=$PWD/tests/samples/atlas/img/poblacion.png
back_img=$PWD/tests/samples/atlas/img/puerto.jpg
sed "s|<cover |<cover front-image=\"$front_img\" back-image=\"$back_img\" |" layout/print.xml >"$TMP/lay/pictures.xml"
sed 's|<pdf |<pdf output-profile="/usr/share/color/icc/ghostscript/default_cmyk.icc" |' \
    "$TMP/lay/pictures.xml" >"$TMP/lay/pictures-cmyk.xml"
if "$FOLIO" cover -l "$TMP/lay/pictures-cmyk.xml" -o "$TMP/pictures.pdf" "$BOOK" 2>"$TMP/err"; then
    check "pictures: the stretched front picture is a warning at its attribute" \
        grep -q "^$TMP/lay/pictures-cmyk.xml:[0-9]*:[0-9]*: warning: the front image is 560 x 700 pixels and fills 175.0 x 250.0 mm with its bleed: it is stretched by" "$TMP/err"
    check "pictures: both converted to CMYK" "$P" tests/pdf/check_cmyk_images.py "$TMP/pictures.pdf" 2
    check "pictures: PDF/X-1a keys, boxes, no RGB" "$P" tests/pdf/check_pdfx.py "$TMP/pictures.pdf"
    check "pictures: text and barcode keep the safe zones" "$P" tests/pdf/check_cover.py "$TMP/pictures.pdf" "${n:-0}"
    got=$(pdftoppm -r 300 -png "$TMP/pictures.pdf" "$TMP/pictures" 2>/dev/null; zbarimg --raw -q "$TMP/pictures-1.png" 2>/dev/null)
    check "pictures: the barcode, on its plate over the back picture, reads $ISBN ('$got')" test "$got" = "$ISBN"
else
    notok "pictures: folio cover exits 0 ($(grep -v 'has no text yet' "$TMP/err"))"
fi
"$FOLIO" cover -l "$TMP/lay/pictures.xml" -o "$TMP/pictures2.pdf" "$BOOK" 2>"$TMP/err"
rc=$?
read -r pline pcol < <(awk '/<cover / { i = index($0, " front-image=\""); print NR, i + 1; exit }' "$TMP/lay/pictures.xml")
want="$TMP/lay/pictures.xml:$pline:$pcol: error: this image is in colour and the layout is PDF/X-1a:2001: name the output-profile (a CMYK ICC profile of the printing condition) in the layout's <pdf> so that it can be converted"
if [ "$rc" -eq 1 ] && grep -qxF "$want" "$TMP/err" && [ ! -e "$TMP/pictures2.pdf" ]; then
    ok "pictures without an output profile: an error at front-image"
else notok "pictures without an output profile: exit $rc; wanted: $want; got: $(grep -v 'has no text yet' "$TMP/err")"; fi

# ---- a spine too thin for its text: a note, and a blank spine
thin=tests/cover/thin/book.xml
if "$FOLIO" build --cover -o "$TMP/thin.pdf" "$thin" 2>"$TMP/err"; then
    nn=$(pages "$TMP/thin.pdf")
    cline=$(grep -n '<cover ' layout/print.xml | cut -d: -f1)
    spine=$(python3 -c "import math; print('%.2f' % (math.ceil($nn / 2) * 0.1 + 1))")
    want="layout/print.xml:$cline:3: note: the spine is $spine mm wide ($nn pages): too thin for its text, which needs 6.19 mm with its spine-margin; the spine is left blank"
    if grep -qF "$want" "$TMP/err"; then ok "thin spine: the note"; else notok "thin spine: wanted: $want; got: $(cat "$TMP/err")"; fi
    check "thin spine: no text on the spine, the rest in place" "$P" tests/pdf/check_cover.py "$TMP/thin-cover.pdf" "$nn" --no-spine
else
    notok "thin spine: folio build --cover exits 0 ($(cat "$TMP/err"))"
fi

# ---- wrong ISBNs: an error at <isbn>, and nothing written
mkdir -p "$TMP/bad"
good=$TMP/good.pdf
"$FOLIO" cover -o "$good" "$thin" 2>/dev/null
bad_isbn() { # ISBN COMMAND MESSAGE
    local isbn=$1 cmd=$2 msg=$3
    sed "s|978-956-0000-00-2|$isbn|" "$thin" >"$TMP/bad/book.xml"
    cp "$good" "$TMP/bad/out.pdf"
    "$FOLIO" "$cmd" -o "$TMP/bad/out.pdf" "$TMP/bad/book.xml" 2>"$TMP/err"
    local rc=$?
    local want="$TMP/bad/book.xml:11:5: error: wrong ISBN: $msg
folio: 1 error; no PDF written"
    if [ "$rc" -eq 1 ] && [ "$(cat "$TMP/err")" = "$want" ] && cmp -s "$good" "$TMP/bad/out.pdf" &&
        [ ! -e "$TMP/bad/out.pdf.tmp" ] && [ ! -e "$TMP/bad/out-cover.pdf" ]; then
        ok "folio $cmd refuses ISBN $isbn at <isbn>"
    else
        notok "folio $cmd, ISBN $isbn: exit $rc (want 1), wanted:
$want
got:
$(cat "$TMP/err")"
    fi
}
bad_isbn 978-956-0000-00-3 cover 'the check digit of "978-956-0000-00-3" is 3; with these first twelve digits it must be 2'
bad_isbn 978-956-0000-00-3 build 'the check digit of "978-956-0000-00-3" is 3; with these first twelve digits it must be 2'
bad_isbn 0-306-40615-2 cover '"0-306-40615-2" is an ISBN-10: give the ISBN-13, 9780306406157, which the barcode needs'
bad_isbn 978-956-0000-0A-2 cover 'an ISBN holds digits, grouped by hyphens or spaces, and "978-956-0000-0A-2" has "A"'
bad_isbn 978-956-0000-00 cover '"978-956-0000-00" has 12 digits: an ISBN-13 has 13'
bad_isbn 977-956-0000-00-2 cover '"977-956-0000-00-2" begins 977: an ISBN-13 begins 978 or 979'

# ---- a blurb too long for the back: an error at <blurb>
python3 - "$thin" "$TMP/bad/long.xml" <<'EOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
p = "<p>Un cuaderno de <em>pocas</em> páginas: su lomo no da para un título.</p>"
s = s.replace(p, "\n".join([p] * 60), 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
"$FOLIO" cover -o "$TMP/bad/long.pdf" "$TMP/bad/long.xml" 2>"$TMP/err"
rc=$?
check "a blurb too long for the back: exit 1, no PDF" test "$rc" -eq 1 -a ! -e "$TMP/bad/long.pdf"
if grep -q "^$TMP/bad/long.xml:12:5: error: the back-cover text does not fit: it needs [0-9.]* mm and the back has [0-9.]* mm above the barcode" "$TMP/err"
then ok "a blurb too long: the error at <blurb>"; else notok "a blurb too long: got $(cat "$TMP/err")"; fi

# ---- a layout without <cover>
"$FOLIO" cover -l layout/screen.xml -o "$TMP/x.pdf" "$thin" 2>"$TMP/err"
rc=$?
want='layout/screen.xml: error: the layout has no <cover>: a cover needs at least the paper'"'"'s caliper (<cover caliper="0.1mm"/>)'
if [ "$rc" -eq 1 ] && grep -qxF "$want" "$TMP/err" && [ ! -e "$TMP/x.pdf" ]; then ok "no <cover> in the layout: an error"
else notok "no <cover>: exit $rc, got $(cat "$TMP/err")"; fi
finish
