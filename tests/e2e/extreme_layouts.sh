#!/usr/bin/env bash
# Extreme but valid layouts (tests/layouts/*.xml): 48 pt body text, a 60 x 80 mm
# page, a 2 pt grid, no hyphenation or microtypography, table lines 300 pt
# apart (which once made the page builder loop forever). Each build must end
# within a minute with a sound PDF - or, where the layout really cannot hold
# the book, with the error that says why.
set -u
source "$(dirname "$0")/lib.bash"
for layout in tests/layouts/*.xml; do
  for book in tests/samples/ensayo/book.xml tests/samples/features/book.xml; do
    name="$(basename "$layout") + $book"
    rm -f "$TMP/out.pdf"
    timeout 60 "$FOLIO" build -l "$layout" -o "$TMP/out.pdf" "$book" >"$TMP/log" 2>&1
    rc=$?
    if [ "$layout" = tests/layouts/tiny-page.xml ] && [ "$book" = tests/samples/features/book.xml ]; then
      # its 70 mm of absolute column widths cannot fit a 50 mm measure
      if [ $rc -eq 1 ] && grep -q "error: the table's absolute column widths (70.0mm) are wider than the measure (50.0mm)" "$TMP/log"; then
        ok "$name: refused with the reason"
      else
        notok "$name: exit $rc"; tail -3 "$TMP/log"
      fi
      continue
    fi
    if [ $rc -eq 0 ] && qpdf --check "$TMP/out.pdf" >/dev/null 2>&1; then
      ok "$name"
    else
      notok "$name: exit $rc"; grep -v 'no text yet' "$TMP/log" | tail -3
    fi
  done
done
finish
