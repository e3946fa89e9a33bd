#!/usr/bin/env bash
# build_sample.sh - the sample books build into sound PDFs.
#
# Builds tests/samples/features and tests/samples/ensayo, then checks each PDF
# with outside tools: qpdf --check passes; pdffonts lists every font as
# embedded and subset; pdftotext finds accented words, « », —, words printed
# with fi/fl ligatures (U+FB00-FB04 expanded), and the words of the first
# paragraphs of a chapter in order; pdfinfo shows Title, Author and Subject
# in UTF-8; the catalog has /PageLabels, lower-case roman then decimal; every
# page has a /TrimBox (print layout: bleed and crop marks).
#
#   bash tests/e2e/build_sample.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"
HERE=$(dirname "$0")

qpdf_ok() { qpdf --check "$1" >"$TMP/qpdf.out" 2>&1 || { sed "s/^/      /" "$TMP/qpdf.out" | head; return 1; }; }

# pdf_info_is PDF FIELD VALUE: pdfinfo prints FIELD: VALUE (UTF-8)
pdf_info_is() {
    local got
    got=$(pdfinfo -enc UTF-8 "$1" 2>/dev/null | sed -n "s/^$2: *//p")
    [ "$got" = "$3" ] || { echo "      $2 is \"$got\", expected \"$3\""; return 1; }
}

# page_structure_ok PDF: /PageLabels starts /r at page 0, then /D; every
# page has a TrimBox inside its MediaBox
page_structure_ok() {
    qpdf --json "$1" 2>/dev/null | python3 -c '
import json, sys
j = json.load(sys.stdin)
objs = j["qpdf"][1]
root = None
for k, v in objs.items():
    val = v.get("value") if isinstance(v, dict) else None
    if isinstance(val, dict) and val.get("/Type") == "/Catalog":
        root = val
ok = True
labels = root.get("/PageLabels") if root else None
if isinstance(labels, str):
    labels = objs["obj:" + labels]["value"]
nums = labels.get("/Nums", []) if labels else []
styles = [nums[i + 1].get("/S") for i in range(0, len(nums), 2)] if nums else []
if not styles or nums[0] != 0 or styles[0] != "/r" or "/D" not in styles[1:]:
    print("      /PageLabels is", labels, ": expected /r from page 0, then /D"); ok = False
for n, p in enumerate(j["pages"]):
    page = objs["obj:" + p["object"]]["value"]
    tb, mb = page.get("/TrimBox"), page.get("/MediaBox")
    if not tb or not mb or not (tb[0] >= mb[0] and tb[1] >= mb[1] and tb[2] <= mb[2] and tb[3] <= mb[3]):
        print("      page", n + 1, "TrimBox", tb, "MediaBox", mb); ok = False; break
sys.exit(0 if ok else 1)'
}

for s in features ensayo; do
    pdf=$TMP/$s.pdf
    if "$FOLIO" build -l "$PRINT_CMYK" -o "$pdf" "tests/samples/$s/book.xml" 2>"$TMP/$s.err"; then
        ok "$s: folio build exits 0"
    else
        notok "$s: folio build exits 0 (got $?)"
        sed 's/^/      /' "$TMP/$s.err"
        continue
    fi
    check "$s: no .tmp file left" test ! -e "$pdf.tmp"
    check "$s: qpdf --check passes" qpdf_ok "$pdf"
    # <link href> becomes a URI link on its words in the screen edition; the
    # print edition (PDF/X) has no annotations at all
    if [ "$s" = features ]; then
        "$FOLIO" build -l layout/screen.xml -o "$TMP/$s-screen.pdf" "tests/samples/$s/book.xml" 2>/dev/null
        check "$s: <link> is a URI link to https://example.org/muestrario (screen)" \
            "${PYTHON:-/usr/bin/python3}" -c "import fitz,sys; d=fitz.open(sys.argv[1]); sys.exit(0 if any(l.get('uri')=='https://example.org/muestrario' for p in d for l in p.get_links()) else 1)" "$TMP/$s-screen.pdf"
        check "$s: no annotation in the print edition" \
            "${PYTHON:-/usr/bin/python3}" -c "import fitz,sys; d=fitz.open(sys.argv[1]); sys.exit(0 if not any(p.first_annot or p.get_links() for p in d) else 1)" "$pdf"
    fi
    # every font's ToUnicode is a real ToUnicode CMap: poppler reads it without complaint
    check "$s: ToUnicode CMaps read cleanly (no syntax warnings)" \
        test "$(pdftotext "$pdf" /dev/null 2>&1 | grep -c 'Syntax Warning')" -eq 0
    check "$s: every font embedded and subset" pdf_fonts_ok "$pdf"
    check "$s: /PageLabels (r, then D) and a TrimBox on every page" page_structure_ok "$pdf"
    pdf_text "$pdf" >"$TMP/$s.txt"
done

f=$TMP/features.pdf
e=$TMP/ensayo.pdf
if [ -s "$TMP/features.txt" ]; then
    check "features: accented words" pdf_contains "$f" "Introducción" "Cronología" "Apéndice" "párrafo" "Valparaíso" "subíndice"
    check "features: ligature words (fi, fl expanded)" pdf_contains "$f" "oficio" "figuras"
    check "features: quotation marks from the layout" pdf_contains "$f" "“dijo que la imprenta era ‘el arte de las artes’"
    check "features: pdfinfo Title" pdf_info_is "$f" Title "Muestrario de folio"
    check "features: pdfinfo Author (UTF-8)" pdf_info_is "$f" Author "Inés Carrasco Vidal"
    check "features: pdfinfo Subject" pdf_info_is "$f" Subject "Todos los elementos del manuscrito en un solo libro"
    check "features: chapter 1 paragraphs, words in order" \
        python3 "$HERE/words_in_order.py" "$TMP/features.txt" tests/samples/features/chapters/01.xml 3
fi
if [ -s "$TMP/ensayo.txt" ]; then
    check "ensayo: accented words" pdf_contains "$e" "Políglota" "Alcalá" "México" "océano" "Lima"
    check "ensayo: « » and —" pdf_contains "$e" "« »" "—así lo cuentan los testimonios de la época—"
    check "ensayo: ligature words (fi, fl expanded)" pdf_contains "$e" "oficio" "flamencos"
    check "ensayo: pdfinfo Title" pdf_info_is "$e" Title "Tinta y plomo"
    check "ensayo: pdfinfo Author (UTF-8)" pdf_info_is "$e" Author "Ana María Solar"
    check "ensayo: pdfinfo Subject (UTF-8)" pdf_info_is "$e" Subject "Breve historia de la imprenta en el mundo hispánico"
    for c in 01:4 02:1 03:4; do
        check "ensayo: chapter ${c%:*}, ${c#*:} paragraph(s), words in order" \
            python3 "$HERE/words_in_order.py" "$TMP/ensayo.txt" "tests/samples/ensayo/chapters/${c%:*}.xml" "${c#*:}"
    done
fi
finish
