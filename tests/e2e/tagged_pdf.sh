#!/usr/bin/env bash
# tagged_pdf.sh - the screen edition is a tagged PDF a screen reader can
# follow, read back by poppler's structure reader (pdfinfo -struct,
# -struct-text) and PyMuPDF (tests/pdf/check_tags.py):
#   - the book: Document, Sect, H1-H3, P, L/LI/Lbl/LBody, Table/THead/TBody/
#     TR/TH/TD, Note, TOC/TOCI, Link present; the structure's text holds the
#     manuscript's words in order (>= 99 %); the running head (the book's
#     title) is an artifact, not text; /MarkInfo, /Lang, XMP, DisplayDocTitle;
#     every link lands on the page its text names;
#   - the atlas sample: Part, Figure (with /Alt), Caption, BlockQuote, TFoot,
#     BibEntry, table cells with RowSpan/ColSpan, lists in cells;
#   - a figure moved to the next page by a float: its page reference names
#     the page where it is printed;
#   - list labels come before their items in the content (pdftotext -raw);
#   - the print edition (PDF/X-1a, PDF 1.3) is not tagged.
#
#   bash tests/e2e/tagged_pdf.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"
P=$FITZ_PYTHON

if "$FOLIO" build -l layout/screen.xml -o "$TMP/book.pdf" book/book.xml 2>/dev/null; then
    check "book: tagged (pdfinfo says so)" grep -q "^Tagged: *yes" <(pdfinfo "$TMP/book.pdf")
    check "book: structure, words in order, artifacts, links" "$P" tests/pdf/check_tags.py "$TMP/book.pdf" book/book.xml \
        --roles Document,Sect,H1,H2,H3,P,L,LI,Lbl,LBody,Table,THead,TBody,TR,TH,TD,Note,TOC,TOCI,Link,BlockQuote,Caption \
        --artifact "Servicio de Cooperación Técnica 1952 - 2025" --links --lang es-CL
    # list labels in reading order: "4. capacitación…", never a label alone on a line after its text
    check "book: list labels read before their items (pdftotext -raw)" \
        test "$(pdftotext -raw "$TMP/book.pdf" - | grep -c -E '^([0-9]+\.|•|[a-z]\))$')" -eq 0
else
    notok "book: folio build -l layout/screen.xml exits 0"
fi

if "$FOLIO" build -l layout/screen.xml -o "$TMP/atlas.pdf" tests/samples/atlas/book.xml 2>/dev/null; then
    check "atlas: parts, figures with /Alt, captions, quotes, table feet, bibliography, links" \
        "$P" tests/pdf/check_tags.py "$TMP/atlas.pdf" tests/samples/atlas/book.xml \
        --roles Part,Sect,H1,H2,H3,Figure,Caption,BlockQuote,Table,THead,TBody,TFoot,TR,TH,TD,L,LI,LBody,Note,BibEntry,Link \
        --min-words 0.99 --links
    check "atlas: table cells span rows and columns" grep -q "/RowSpan\|/ColSpan" <(pdfinfo -struct "$TMP/atlas.pdf")
    # fig-puerto has no alt: a warning, and its caption is said instead
    "$FOLIO" check -l layout/screen.xml tests/samples/atlas/book.xml 2>"$TMP/check.err" >/dev/null
    want='tests/samples/atlas/chapters/02-caminos.xml:28:5: warning: this figure has no alt text: a screen reader will say its caption instead; describe the image in alt="…"'
    if grep -qxF "$want" "$TMP/check.err"; then ok "atlas: the figure without alt is warned of, at its place"
    else notok "atlas: wanted the warning: $want"; grep "alt text" "$TMP/check.err"; fi
    check "atlas: that figure's /Alt is its caption" "$P" -c '
import re, sys, fitz
d = fitz.open(sys.argv[1])
alts = []
for x in range(1, d.xref_length()):
    o = d.xref_object(x, compressed=True)
    if "/S/Figure" in o and "/Alt" in o:
        alts.append(d.xref_get_key(x, "Alt")[1])
print(alts)
sys.exit(0 if any(a.startswith("Figura 3. ") for a in alts) and any(a.startswith("Mapa del valle") for a in alts) else 1)' "$TMP/atlas.pdf"
else
    notok "atlas: folio build -l layout/screen.xml exits 0"
fi

# a floated figure's page reference gives the page it is printed on
if "$FOLIO" build -l layout/screen.xml -o "$TMP/float.pdf" tests/samples/float/book.xml 2>/dev/null; then
    check "float: the figure's \"p. N\" names the page it floated to" "$P" -c '
import re, sys, fitz
d = fitz.open(sys.argv[1])
fig = [p.number for p in d if "Figura 1." in p.get_text()]
before = [p.number for p in d if "Este párrafo sigue a la figura" in p.get_text()]
said = [m for p in d for m in re.findall(r"está en la p\. ([0-9]+)", p.get_text().replace("\n", " "))]
ok = fig and before and said and fig[0] != before[0] and said[0] == d[fig[0]].get_label()
print("figure on page", [d[i].get_label() for i in fig], "paragraph after it on", [d[i].get_label() for i in before], "text says", said)
sys.exit(0 if ok else 1)' "$TMP/float.pdf"
else
    notok "float: folio build -l layout/screen.xml exits 0"
fi

if "$FOLIO" build -o "$TMP/print.pdf" book/book.xml 2>/dev/null; then
    check "print (PDF/X-1a): not tagged" grep -q "^Tagged: *no" <(pdfinfo "$TMP/print.pdf")
else
    notok "print: folio build exits 0"
fi
finish
