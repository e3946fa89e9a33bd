#!/usr/bin/env bash
# Page numbers point where they say: page labels equal the printed folios,
# every contents entry is on the page it names, every chronology "› p. N"
# exists (tests/pdf/check_refs.py), in both editions of the book.
set -u
folio=${1:?usage: page_references.sh /path/to/folio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python=/usr/bin/python3
[ -x "$python" ] || python=python3
pass=0 fail=0
for layout in layout/print.xml layout/screen.xml; do
  for book in book/book.xml tests/samples/features/book.xml; do
    if "$folio" build -l "$layout" -o "$tmp/out.pdf" "$book" 2>/dev/null &&
       "$python" tests/pdf/check_refs.py "$tmp/out.pdf" >"$tmp/check" 2>&1; then
      echo "ok: $book ($layout): $(tail -1 "$tmp/check")"; pass=$((pass + 1))
    else
      echo "FAIL: $book ($layout)"; cat "$tmp/check" 2>/dev/null; fail=$((fail + 1))
    fi
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
