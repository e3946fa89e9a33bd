#!/usr/bin/env bash
# index_languages.sh - the index is sorted and grouped by the book's language
# (ICU collation), or by the locale the layout names.
#
# tests/samples/index-en is an English manuscript (xml:lang="en"). Its index,
# read back with pdftotext, must have
#   - the headings 0-9 A C E N T V Z: no Ñ heading in English;
#   - the entries in English order: numbers by value before A (3D before
#     12-point), Æthelred as AE between Adams and Alcuin, École as E between
#     Eastman and Edison, Ñuñoa as N between Newton and Nuremberg, The Times
#     filed by its sort key ("Times", after Tiffany), de Vinne under V (its
#     <ix sort>);
# and the same manuscript built with a layout whose <index collation="es"
# symbols="Números"/> names Spanish must have an Ñ heading after N, with
# Ñuñoa after Nuremberg, and "Números" as the first heading.
#
#   bash tests/e2e/index_languages.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"

SAMPLE=tests/samples/index-en/book.xml

# index_is PDF SYMBOLS HEADINGS ENTRY...: from the heading SYMBOLS on, the
# headings (lines of one or two capital letters, or SYMBOLS) are HEADINGS
# (space-separated) and every ENTRY occurs, in the order given
index_is() {
    # the text in reading order, the index's two columns one after the other
    "$FITZ_PYTHON" -c '
import sys, fitz
for page in fitz.open(sys.argv[1]):
    mid = page.rect.width / 2
    ls = []
    for b in page.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            t = "".join(s["text"] for s in l["spans"]).strip()
            if t:
                ls.append((l["bbox"][0] >= mid, round(l["bbox"][1], 1), t))
    # one column on pages of running text: the columns only where both hold lines
    two = any(c for c, _, _ in ls) and any(not c for c, _, _ in ls)
    for c, y, t in sorted(ls, key=lambda k: (k[0] if two else 0, k[1])):
        print(t)' "$1" | python3 -c '
import re, sys
sym, headings, entries = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
lig = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
text = sys.stdin.read()
for k, v in lig.items(): text = text.replace(k, v)
lines = [l.strip() for l in text.splitlines()]
if sym not in lines:
    print("      no heading", sym, "in the PDF"); sys.exit(1)
lines = lines[lines.index(sym):]
got = [l for l in lines if l == sym or (1 <= len(l) <= 2 and l.isalpha() and l.isupper())]
ok = True
if got != headings:
    print("      headings:", " ".join(got), "expected:", " ".join(headings)); ok = False
flat = re.sub(r"\s+", " ", " ".join(lines))
at = -1
for e in entries:
    i = flat.find(e, at + 1)
    if i < 0:
        print("      entry", repr(e), "missing, or not after the one before it"); ok = False; break
    at = i
sys.exit(0 if ok else 1)' "$2" "$3" "${@:4}"
}

ORDER_EN=("3D printing" "12-point type" "Adams" "Æthelred" "Alcuin" "Caxton, William" "Charlemagne"
    "Chaucer" "Eastman, George" "École des Beaux-Arts" "Edison, Thomas" "Newton, Isaac" "Ñuñoa"
    "Nuremberg" "Thomson" "Tiffany" "The Times" "de Vinne, Theodore Low" "Zola, Émile")

if "$FOLIO" build -o "$TMP/en.pdf" "$SAMPLE" 2>"$TMP/en.err"; then
    ok "index-en: folio build exits 0"
    check "index-en: English headings (no Ñ), digits and symbols first" \
        index_is "$TMP/en.pdf" "0-9" "0-9 A C E N T V Z" "${ORDER_EN[@]}"
else
    notok "index-en: folio build exits 0"
    sed 's/^/      /' "$TMP/en.err"
fi

# the layout names another locale (and the symbols heading): Spanish, where
# ñ is a letter after n
sed -e "s|\"\\.\\./fonts/|\"$PWD/fonts/|g" \
    -e "s|exceptions=\"hyphenation-es.txt\"|exceptions=\"$PWD/layout/hyphenation-es.txt\"|" \
    -e 's|<index symbols="0-9"/>|<index collation="es" symbols="Números"/>|' \
    layout/print.xml >"$TMP/es-index.xml"
check "the test layout names Spanish" grep -q 'collation="es"' "$TMP/es-index.xml"
if "$FOLIO" build -l "$TMP/es-index.xml" -o "$TMP/es.pdf" "$SAMPLE" 2>"$TMP/es.err"; then
    ok "index-en with <index collation=\"es\">: folio build exits 0"
    check "index-en with <index collation=\"es\">: an Ñ heading after N, Números first" \
        index_is "$TMP/es.pdf" "Números" "Números A C E N Ñ T V Z" "3D printing" "12-point type" \
        "Newton, Isaac" "Nuremberg" "Ñuñoa" "Thomson"
else
    notok "index-en with <index collation=\"es\">: folio build exits 0"
    sed 's/^/      /' "$TMP/es.err"
fi

# a locale ICU has no collation for: a warning at the layout's attribute,
# exactly, and the index still printed (in CLDR's root order)
sed -e 's|collation="es"|collation="xx"|' "$TMP/es-index.xml" >"$TMP/xx-index.xml"
line=$(grep -n 'collation="xx"' "$TMP/xx-index.xml" | cut -d: -f1)
col=$(($(grep 'collation="xx"' "$TMP/xx-index.xml" | sed 's/collation=.*//' | wc -c)))
want="$TMP/xx-index.xml:$line:$col: warning: index: ICU has no collation for the language \"xx\"; the index is sorted in Unicode's default order (CLDR root), with headings from each entry's first letter"
if "$FOLIO" build -l "$TMP/xx-index.xml" -o "$TMP/xx.pdf" "$SAMPLE" 2>"$TMP/xx.err"; then
    ok "index-en with <index collation=\"xx\">: folio build exits 0"
    if grep -qxF "$want" "$TMP/xx.err"; then ok "collation=\"xx\": the exact warning at the attribute"
    else notok "collation=\"xx\": the exact warning at the attribute"; echo "      want: $want"; sed 's/^/      got:  /' "$TMP/xx.err"; fi
    check "collation=\"xx\": root order, first letters as headings" \
        index_is "$TMP/xx.pdf" "Números" "Números A C E N T V Z" "Newton, Isaac" "Ñuñoa" "Nuremberg"
else
    notok "index-en with <index collation=\"xx\">: folio build exits 0"
    sed 's/^/      /' "$TMP/xx.err"
fi
finish
