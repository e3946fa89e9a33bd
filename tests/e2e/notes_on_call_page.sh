#!/usr/bin/env bash
# Every footnote starts on the page of its call: builds the essay sample (real
# note texts, several per page, one note longer than a page) and the book
# (173 pending notes), reads the PDFs back and checks each call's page
# against its note's page (tests/pdf/check_notes.py).
set -u
source "$(dirname "$0")/lib.bash"
for book in tests/samples/ensayo/book.xml book/book.xml; do
  if ! "$FOLIO" build -o "$TMP/out.pdf" "$book" 2>"$TMP/log"; then
    notok "folio build $book"; tail -3 "$TMP/log"; continue
  fi
  if "$FITZ_PYTHON" tests/pdf/check_notes.py "$TMP/out.pdf" >"$TMP/check" 2>&1; then
    ok "$book: $(tail -1 "$TMP/check")"
  else
    notok "$book:"; cat "$TMP/check"
  fi
done
finish
