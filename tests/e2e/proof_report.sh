#!/usr/bin/env bash
# The proofreading report, folio check --proof (issue 15): the manuscript's
# typographic inconsistencies, each at its file:line:col, and their counts.
#   - tests/proof/book.xml holds each kind once: the report must be exactly
#     this (every note and the summary line);
#   - the atlas (tests/samples/atlas), whose README lists its deliberate
#     inconsistencies: exactly those, at their places;
#   - the report changes nothing: the same book builds to the same PDF with
#     and without a check --proof before it; and --proof belongs to check.
set -u
source "$(dirname "$0")/lib.bash"

expect_proof() { # name, manuscript, layout, expected (lines with "proof")
  local name=$1 ms=$2 lay=$3 want=$4
  "$FOLIO" check --proof -l "$lay" "$ms" 2>"$TMP/log" >/dev/null
  local rc=$?
  grep "proof" "$TMP/log" >"$TMP/got"
  printf '%s\n' "$want" >"$TMP/want"
  diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"
  local same=$?
  if [ $rc -eq 0 ] && [ $same -eq 0 ]; then ok "$name"
  else notok "$name (exit $rc)"; sed 's/^/      /' "$TMP/diff" | head -30; fi
}

expect_proof "every kind of inconsistency, at its place" tests/proof/book.xml layout/print.xml "$(cat <<'TXT'
tests/proof/book.xml:7:37: note: proof: a spaced hyphen in a title ("Una prueba - con guion espaciad"): a range takes a hyphen or an en dash, without spaces
tests/proof/book.xml:8:72: note: proof: a hyphen used as a minus sign ("mperatura bajó a -3,5 grados en julio"); the book has a minus sign (−) 0 times
tests/proof/book.xml:12:7: note: proof: a range with an en dash (" toneladas; la de 1965–1966, 2120 toneladas y"), where the book has a range with a hyphen 2 times ("El invierno de 1961-1962 fue el más frío")
tests/proof/book.xml:12:18: note: proof: a four-digit number without a thousands point ("a de 1965–1966, 2120 toneladas y un al"), where the book has a four-digit number with a thousands point 3 times ("ez años— dejó 1.250 toneladas; la ant")
tests/proof/book.xml:12:47: note: proof: a % without a space ("das y un alza del 9%.[n]"), where the book has a % after a space 2 times ("ecios subieron un 12 % en 1962 y un 14 %")
tests/proof/book.xml:12:64: note: proof: N° (not N.º) ("Decreto N° 44."), where the book has N.º 2 times ("das, y el Decreto N.º 12 y la Ley N.º ")
tests/proof/book.xml:13:18: note: proof: a hyphen used as a raya ("El puerto -según los registro"); the book has a raya (—) 2 times
tests/proof/book.xml:14:18: note: proof: a note call before the punctuation ("º 15 lo confirmaron[n]."), where the book has a note call after the punctuation 2 times ("3,5 grados en julio.[n] ")
folio: proofreading report: 8 inconsistencies listed: hyphens as rayas 1 (rayas 2); hyphens as minus signs 1 (minus signs 0); ranges 1 (with a hyphen 2, with an en dash 1); % 1 (spaced 2, unspaced 1); $ 0 (spaced 2, unspaced 0); N° and N.º 1 (N.º 2, N° 1); spaced hyphens in titles 1; note calls 1 (after the punctuation 2, before it 1); four-digit numbers 1 (with a point 3, without 1)
folio: check tests/proof/book.xml: 1 page, no errors, 0 warnings
TXT
)"

expect_proof "the atlas: its deliberate inconsistencies, at their places" tests/samples/atlas/book.xml "$PRINT_CMYK" "$(cat <<'TXT'
tests/samples/atlas/chapters/01-tierra.xml:100:89: note: proof: a % without a space ("ebrero, menos del 4%. Esa irregularida"), where the book has a % after a space 3 times ("í solos más del 35 % de la lluvia del ")
tests/samples/atlas/chapters/01-tierra.xml:122:48: note: proof: a four-digit number without a thousands point ("lén (1931-1960); 1640 mm en los cerros "), where the book has a four-digit number with a thousands point 50 times ("3.180 km², de los cual")
tests/samples/atlas/chapters/02-caminos.xml:45:66: note: proof: N° (not N.º) ("La ley N° 3.512, de 1919, a"), where the book has N.º 2 times (" 1967, con la Ley N.º 16.640. La Hacien")
tests/samples/atlas/chapters/02-caminos.xml:131:79: note: proof: a spaced hyphen in a title (" aislamiento (1947 - 1962)"): a range takes a hyphen or an en dash, without spaces
tests/samples/atlas/chapters/03-cooperativa.xml:66:41: note: proof: a $ without a space ("l precio pasó de $0,42 a $ 3,65 por l"), where the book has a $ before a space 1 time (" pasó de $0,42 a $ 3,65 por litro, mie")
tests/samples/atlas/chapters/03-cooperativa.xml:66:49: note: proof: a $ before a space (" pasó de $0,42 a $ 3,65 por litro, mie"), where the book has a $ without a space 1 time ("l precio pasó de $0,42 a $ 3,65 por l")
tests/samples/atlas/chapters/05-ciudad.xml:25:29: note: proof: a note call before the punctuation ("anización colectiva[n]."), where the book has a note call after the punctuation 21 times ("s y a los gráficos.[n]")
tests/samples/atlas/chapters/05-ciudad.xml:29:26: note: proof: a hyphen used as a raya ("La ciudad antigua -el centro y el barr"); the book has a raya (—) 2 times
tests/samples/atlas/chapters/06-red.xml:31:82: note: proof: a % without a space (" contra apenas el 52,9% de los rurales. E"), where the book has a % after a space 3 times ("í solos más del 35 % de la lluvia del ")
tests/samples/atlas/back/apendice.xml:78:48: note: proof: a range with an en dash ("ión de Quillén (1929–1961) y anuarios de la"), where the book has a range with a hyphen 7 times ("7 mm en Quillén (1931-1960); 1640 mm en los ")
folio: proofreading report: 10 inconsistencies listed: hyphens as rayas 1 (rayas 2); hyphens as minus signs 0 (minus signs 1); ranges 1 (with a hyphen 7, with an en dash 1); % 2 (spaced 3, unspaced 2); $ 2 (spaced 1, unspaced 1); N° and N.º 1 (N.º 2, N° 1); spaced hyphens in titles 1; note calls 1 (after the punctuation 21, before it 1); four-digit numbers 1 (with a point 50, without 1)
TXT
)"

"$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/a.pdf" tests/proof/book.xml 2>/dev/null
"$FOLIO" check --proof -l "$PRINT_CMYK" tests/proof/book.xml 2>/dev/null
"$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/b.pdf" tests/proof/book.xml 2>/dev/null
check "the report changes nothing (the same PDF before and after it)" cmp -s "$TMP/a.pdf" "$TMP/b.pdf"
"$FOLIO" build --proof -o "$TMP/c.pdf" tests/proof/book.xml >/dev/null 2>&1
check "--proof is an option of check, not of build" test $? -eq 2
finish
