#!/usr/bin/env bash
# reproducible.sh - the same input gives the same bytes.
#
# Builds the features sample twice (same SOURCE_DATE_EPOCH, different output
# paths) and compares the PDFs with cmp; does the same for the --trace file;
# then builds once more from another working directory with the manuscript
# given by an absolute path, which must not change a byte either.
#
#   bash tests/e2e/reproducible.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"

m=tests/samples/features/book.xml
"$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/a.pdf" --trace "$TMP/a.trace" "$m" 2>/dev/null
check "first build exits 0" test $? -eq 0
sleep 1
"$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/b.pdf" --trace "$TMP/b.trace" "$m" 2>/dev/null
check "second build exits 0" test $? -eq 0
check "the two PDFs are byte-identical" cmp "$TMP/a.pdf" "$TMP/b.pdf"
check "the two traces are byte-identical" cmp "$TMP/a.trace" "$TMP/b.trace"
root=$PWD
(cd "$TMP" && "$FOLIO" build -l "$root/$PRINT_CMYK" -o "$TMP/c.pdf" "$root/$m" 2>/dev/null)
check "a build from another directory exits 0" test $? -eq 0
check "... and is byte-identical too" cmp "$TMP/a.pdf" "$TMP/c.pdf"
"$FOLIO" build -o "$TMP/e1.pdf" tests/samples/ensayo/book.xml 2>/dev/null &&
    "$FOLIO" build -o "$TMP/e2.pdf" tests/samples/ensayo/book.xml 2>/dev/null
check "ensayo: two builds are byte-identical" cmp "$TMP/e1.pdf" "$TMP/e2.pdf"
finish
