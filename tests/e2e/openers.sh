#!/usr/bin/env bash
# Chapter openers start their text on one grid line (layout opener-text):
# a chapter with a one-line title, one with a title of two lines and a
# preface with no label must put their first body line on the same
# baseline, their titles standing flush bottom above it; with the option
# off (layout without opener-text) the text follows the title block, and
# the two-line title pushes it a grid line or more lower.
set -u
source "$(dirname "$0")/lib.bash"

P='<p>La historia institucional del Servicio de Cooperación Técnica se remonta a los años cuarenta, cuando el Estado chileno asumió un papel activo en el fomento de la producción nacional.</p>'
cat >"$TMP/book.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<book xml:lang="es">
  <meta><title>Aperturas</title><publisher>folio</publisher><edition number="1" date="2025-01-01"/></meta>
  <front><preface id="pr" title="Prólogo">$P</preface></front>
  <body>
    <chapter id="c1" label="Capítulo 1" title="Corto" period="1910-1919">$P</chapter>
    <chapter id="c2" label="Capítulo 2" title="Un título de capítulo bastante largo, que ocupa dos líneas en la página" period="1920-1929">$P</chapter>
  </body>
</book>
XML

# the first 10.5 pt line of each page that has a 20 pt title: "page y"
first_text() {
  awk '/^page /{p=$2} /^  text / && $5 == "20.00" { opener[p] = 1 }
       /^  text / && $5 == "10.50" && !(p in first) { first[p] = $3 }
       END { for (p in opener) if (p in first) print p, first[p] }' "$1" | sort -n
}

if ! "$FOLIO" build "$TMP/book.xml" -o "$TMP/o.pdf" --trace "$TMP/o.trace" 2>"$TMP/log"; then
  notok "build the openers sample"; cat "$TMP/log"
else
  first_text "$TMP/o.trace" >"$TMP/first"
  n=$(wc -l <"$TMP/first"); distinct=$(cut -d' ' -f2 "$TMP/first" | sort -u | wc -l)
  [ "$n" -eq 3 ] && ok "3 openers found" || notok "openers found: $n, expected 3"
  [ "$distinct" -eq 1 ] && ok "openers: the text starts on one baseline ($(head -1 "$TMP/first" | cut -d' ' -f2))" \
    || notok "openers: text starts differ: $(tr '\n' ';' <"$TMP/first")"
  # the two-line title really is two lines (or the test proves nothing)
  lines=$(awk '/^page /{p=$2} /^  text / && $5 == "20.00" { y[p " " $3] = 1 }
               END { for (k in y) { split(k, a, " "); c[a[1]]++ } m = 0; for (q in c) if (c[q] > m) m = c[q]; print m }' "$TMP/o.trace")
  [ "$lines" -ge 2 ] && ok "a title of $lines lines" || notok "no two-line title ($lines)"
fi

# without the option: the text follows the title block
# (a copy of the print layout beside links to the fonts it names)
mkdir -p "$TMP/lay/layout" && ln -s "$PWD/fonts" "$TMP/lay/fonts" && cp layout/hyphenation-es.txt "$TMP/lay/layout/"
sed 's/ opener-text="[0-9]*"//' layout/print.xml >"$TMP/lay/layout/off.xml"
if ! "$FOLIO" build -l "$TMP/lay/layout/off.xml" "$TMP/book.xml" -o "$TMP/f.pdf" --trace "$TMP/f.trace" 2>"$TMP/log"; then
  notok "build without opener-text"; cat "$TMP/log"
else
  first_text "$TMP/f.trace" >"$TMP/first"
  distinct=$(cut -d' ' -f2 "$TMP/first" | sort -u | wc -l)
  [ "$distinct" -ge 2 ] && ok "without opener-text the text follows the title ($distinct depths)" \
    || notok "without opener-text all openers start alike: $(tr '\n' ';' <"$TMP/first")"
fi
finish
