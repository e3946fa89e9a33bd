#!/usr/bin/env bash
# languages.sh - xml:lang chooses hyphenation, generated words, quotation marks
# and dates; es and en built in, a layout overrides any word.
#
# The English book tests/lang/english is typeset:
# - with the print layout (found without -l, from the source tree): its
#   generated text is English (Contents, List of Tables, Table 1., Source:,
#   Edition 2, 15 March 2026, the note placeholder, Index, see) and no Spanish
#   word of folio's own is left; the PDF's /Lang is en;
# - with a copy of the print layout made narrow: every line-end break of an
#   English word is a break of the English patterns (tests/lang/hyphen_splits.py),
#   the Latin phrase, whose patterns Debian does not ship, is never broken,
#   and the warning for it is exact;
# - with a layout that overrides English words, quotation marks and the date.
# A Spanish sample prints its date in Spanish; a German book, a language
# without built-in words, is warned about.
source "$(dirname "$0")/lib.bash"
B=tests/lang/english
EN_DIC=/usr/share/hyphen/hyph_en_US.dic

"$FOLIO" build -o "$TMP/en.pdf" "$B/book.xml" 2>"$TMP/log"
check "English book builds with the default layout" test $? -eq 0
check "English generated words" pdf_contains "$TMP/en.pdf" "Contents" "List of Tables" "Table 1. Measures in common use" \
    "Source: Compositors' handbooks" "Edition 2, 15 March 2026" "[note 2: text to come]" "Index" "hyphenation" \
    "breaks, see hyphenation" "The table above, Table 1, is on p. " "chapter 2" "“quotations that contain ‘nested quotations’”"
if pdf_text "$TMP/en.pdf" | grep -E -q "Índice|Tabla|Fuente|Edición|véase|nota [0-9]|texto pendiente|2026-03-15"; then
    notok "no Spanish word of folio's own, no ISO date:"; pdf_text "$TMP/en.pdf" | grep -E "Índice|Tabla|Fuente|Edición|véase|nota [0-9]|texto pendiente|2026-03-15" | sed 's/^/      /'
else
    ok "no Spanish word of folio's own, no ISO date"
fi
lang=$("$FITZ_PYTHON" -c 'import fitz, sys; d = fitz.open(sys.argv[1]); print(d.xref_get_key(d.pdf_catalog(), "Lang")[1])' "$TMP/en.pdf" 2>/dev/null)
check "the PDF's /Lang is the book's language, en (got \"$lang\")" test "$lang" = en
expect='tests/lang/english/chapters/01.xml:21:11: warning: no hyphenation patterns for xml:lang="la" are installed (looked for /usr/share/hyphen/hyph_la*.dic; Debian packages them as hyphen-la): its words are not hyphenated'
check "a language without patterns: one warning, at its xml:lang" test "$(grep 'hyphenation patterns' "$TMP/log")" = "$expect"

# a narrow copy of the print layout, hyphenating from the first pass
mkdir -p "$TMP/narrow/layout"
ln -s "$PWD/fonts" "$TMP/narrow/fonts"
cp layout/print.xml layout/hyphenation-es.txt "$TMP/narrow/layout/"
sed -i 's|width="170mm"|width="105mm"|; s|pretolerance="100"|pretolerance="-1"|; s|inner="20mm" outer="22mm"|inner="12mm" outer="12mm"|' \
    "$TMP/narrow/layout/print.xml"
"$FOLIO" build -l "$TMP/narrow/layout/print.xml" -o "$TMP/narrow.pdf" "$B/book.xml" 2>/dev/null
check "English book builds narrow" test $? -eq 0
check "English words break where the English patterns allow (at least 10 breaks)" \
    "$FITZ_PYTHON" tests/lang/hyphen_splits.py "$TMP/narrow.pdf" "$EN_DIC" "$B"/chapters/*.xml \
    --skip cooperación técnica internacional --never consuetudinem tenacissimam --min 10

# a layout's own words for English
cp "$TMP/narrow/layout/print.xml" "$TMP/narrow/layout/words.xml"
sed -i 's|<index |<labels xml:lang="en" contents="Table of Contents" source="After:" date="{month} {d}, {y}"/>\n  <index |; s|<pdf |<quotes xml:lang="en" open1="«" close1="»"/>\n  <pdf |' \
    "$TMP/narrow/layout/words.xml"
"$FOLIO" build -l "$TMP/narrow/layout/words.xml" -o "$TMP/words.pdf" "$B/book.xml" 2>/dev/null
check "a layout's words build" test $? -eq 0
check "a layout overrides English words, quotes and the date" pdf_contains "$TMP/words.pdf" "Table of Contents" \
    "After: Compositors' handbooks" "March 15, 2026" "«appropriate»" "List of Tables"

# Spanish: the date in words
"$FOLIO" build -o "$TMP/es.pdf" tests/samples/ensayo/book.xml 2>/dev/null
check "a Spanish book prints its date in Spanish" pdf_contains "$TMP/es.pdf" "25 de noviembre de 2025"

# German: hyphenated with the German patterns (ISO 8859-1), words from the layout or English
mkdir -p "$TMP/de"
sed 's/xml:lang="en"/xml:lang="de"/' "$B/book.xml" | sed 's|<xi:include href="chapters/02.xml"/>||; s|chapters/01.xml|01.xml|' >"$TMP/de/book.xml"
cat >"$TMP/de/01.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<chapter id="ch-measure" title="Silbentrennung">
  <p>Die Donaudampfschifffahrtsgesellschaft veröffentlicht regelmäßig Fahrpläne.</p>
  <table id="t-measures" title="Tabelle" source="Quelle"><col/><tbody><row><cell>1</cell></row></tbody></table>
  <p>Siehe <ref to="t-measures"/> und <ref to="ch-measure"/>.</p>
</chapter>
XML
"$FOLIO" build -o "$TMP/de.pdf" "$TMP/de/book.xml" 2>"$TMP/log"
check "a German book builds" test $? -eq 0
check "a language without built-in words is warned about, once" test "$(grep -c 'no words of its own for xml:lang="de"' "$TMP/log")" -eq 1
check "and is never hyphenated by another language's patterns: no hyphenation warning for de" \
    test "$(grep -c 'hyphenation patterns' "$TMP/log")" -eq 0
finish
