#!/usr/bin/env bash
# Page numbers point where they say: page labels equal the printed folios,
# every contents entry is on the page it names, every chronology "› p. N"
# exists (tests/pdf/check_refs.py), in both editions of the book.
set -u
source "$(dirname "$0")/lib.bash"
for layout in layout/print.xml layout/screen.xml; do
  for book in book/book.xml tests/samples/features/book.xml; do
    # the features sample has colour figures: its print edition needs a CMYK profile
    lay=$layout
    [ "$book" = tests/samples/features/book.xml ] && [ "$layout" = layout/print.xml ] && lay=$PRINT_CMYK
    if "$FOLIO" build -l "$lay" -o "$TMP/out.pdf" "$book" 2>/dev/null &&
       "$FITZ_PYTHON" tests/pdf/check_refs.py "$TMP/out.pdf" >"$TMP/check" 2>&1; then
      ok "$book ($lay): $(tail -1 "$TMP/check")"
    else
      notok "$book ($lay)"; cat "$TMP/check" 2>/dev/null
    fi
  done
done
finish
