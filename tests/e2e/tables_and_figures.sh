#!/usr/bin/env bash
# Tables across pages and floating figures, read back from real PDFs: a
# 150-row table over 3+ pages with its head repeated, a row with a 60-line
# cell broken across pages with nothing clipped, and a figure that floats to
# the next page's top while the text flows on (tests/pdf/check_tables.py).
set -u
folio=${1:?usage: tables_and_figures.sh /path/to/folio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python=/usr/bin/python3
[ -x "$python" ] || python=python3
"$folio" build -o "$tmp/tables.pdf" tests/samples/tables/book.xml 2>/dev/null || { echo "FAIL: build tables"; echo "0 passed, 1 failed"; exit 1; }
"$folio" build -o "$tmp/float.pdf" tests/samples/float/book.xml 2>/dev/null || { echo "FAIL: build float"; echo "0 passed, 1 failed"; exit 1; }
"$python" tests/pdf/check_tables.py "$tmp/tables.pdf" "$tmp/float.pdf"
