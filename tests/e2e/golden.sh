#!/usr/bin/env bash
# Golden traces: each tests/golden/<case>/book.xml is built with --trace and its
# page model compared line by line with expected.trace (the trace backend is
# the regression oracle, as SILE's debug outputter). A deliberate change is
# recorded with tests/golden/update.sh.
set -u
folio=${1:?usage: golden.sh /path/to/folio}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for d in tests/golden/*/; do
  case=$(basename "$d")
  if ! "$folio" build -o "$tmp/out.pdf" --trace "$tmp/trace" "$d/book.xml" 2>"$tmp/log"; then
    echo "FAIL: $case: folio build failed"; tail -3 "$tmp/log"; fail=$((fail + 1)); continue
  fi
  if diff -u "$d/expected.trace" "$tmp/trace" >"$tmp/diff"; then
    echo "ok: $case"; pass=$((pass + 1))
  else
    echo "FAIL: $case: the page model changed:"; head -20 "$tmp/diff"; fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
