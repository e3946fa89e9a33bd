#!/usr/bin/env bash
# Tables across pages and floating figures, read back from real PDFs: a
# 150-row table over 3+ pages with its head repeated, a row with a 60-line
# cell broken across pages with nothing clipped, and a figure that floats to
# the next page's top while the text flows on (tests/pdf/check_tables.py).
set -u
source "$(dirname "$0")/lib.bash"
"$FOLIO" build -o "$TMP/tables.pdf" tests/samples/tables/book.xml 2>/dev/null || { echo "FAIL: build tables"; echo "0 passed, 1 failed"; exit 1; }
"$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/float.pdf" tests/samples/float/book.xml 2>/dev/null || { echo "FAIL: build float"; echo "0 passed, 1 failed"; exit 1; }
"$FITZ_PYTHON" tests/pdf/check_tables.py "$TMP/tables.pdf" "$TMP/float.pdf"
