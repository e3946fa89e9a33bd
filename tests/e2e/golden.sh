#!/usr/bin/env bash
# Golden traces: each tests/golden/<case>/book.xml is built with --trace and its
# page model compared line by line with expected.trace (the trace backend is
# the regression oracle, as SILE's debug outputter). A deliberate change is
# recorded with tests/golden/update.sh.
set -u
source "$(dirname "$0")/lib.bash"
for d in tests/golden/*/; do
  case=$(basename "$d")
  if ! "$FOLIO" build -o "$TMP/out.pdf" --trace "$TMP/trace" "$d/book.xml" 2>"$TMP/log"; then
    notok "$case: folio build failed"; tail -3 "$TMP/log"; continue
  fi
  if diff -u "$d/expected.trace" "$TMP/trace" >"$TMP/diff"; then
    ok "$case"
  else
    notok "$case: the page model changed:"; head -20 "$TMP/diff"
  fi
done
finish
