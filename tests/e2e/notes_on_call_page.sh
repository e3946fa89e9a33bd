#!/usr/bin/env bash
# Every footnote starts on the page of its call: builds the essay sample (real
# note texts, several per page, one note longer than a page) and the book
# (173 pending notes), reads the PDFs back and checks each call's page
# against its note's page (tests/pdf/check_notes.py).
set -u
folio=${1:?usage: notes_on_call_page.sh /path/to/folio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python=/usr/bin/python3
[ -x "$python" ] || python=python3
pass=0 fail=0
for book in tests/samples/ensayo/book.xml book/book.xml; do
  if ! "$folio" build -o "$tmp/out.pdf" "$book" 2>"$tmp/log"; then
    echo "FAIL: folio build $book"; tail -3 "$tmp/log"; fail=$((fail + 1)); continue
  fi
  if "$python" tests/pdf/check_notes.py "$tmp/out.pdf" >"$tmp/check" 2>&1; then
    echo "ok: $book: $(tail -1 "$tmp/check")"; pass=$((pass + 1))
  else
    echo "FAIL: $book:"; cat "$tmp/check"; fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
