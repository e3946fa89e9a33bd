#!/usr/bin/env bash
# setup.sh - from a fresh clone to the typeset book, in one command:
# installs the Debian packages, builds folio into build/ (RelWithDebInfo),
# and typesets the book in its two editions, beside the manuscript:
#   book/out/<slug>.pdf          print (layout/print.xml)
#   book/out/<slug>-screen.pdf   screen (layout/screen.xml)
# Works from any directory; exits non-zero on the first failure.
# BUILD_DIR overrides build/ (relative to the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=$(nproc 2>/dev/null || echo 2)

scripts/install-deps.sh

cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" -- --no-print-directory >/dev/null

# the slug of the book's title, as folio names its default output
"$BUILD_DIR"/folio build -v book/book.xml 2>"$BUILD_DIR"/print.log || { cat "$BUILD_DIR"/print.log >&2; exit 1; }
print_pdf=$(sed -n 's/^folio: wrote \(.*\) ([0-9]* pages.*/\1/p' "$BUILD_DIR"/print.log | tail -n 1)
[ -n "$print_pdf" ] && [ -f "$print_pdf" ] || { cat "$BUILD_DIR"/print.log >&2; echo "setup.sh: the print PDF was not written" >&2; exit 1; }
screen_pdf=${print_pdf%.pdf}-screen.pdf
"$BUILD_DIR"/folio build -l layout/screen.xml -o "$screen_pdf" book/book.xml 2>"$BUILD_DIR"/screen.log \
    || { cat "$BUILD_DIR"/screen.log >&2; exit 1; }

root=$(pwd)
warnings=$(cat "$BUILD_DIR"/print.log "$BUILD_DIR"/screen.log | grep -c ': warning: ' || true)
echo "folio: built $root/$BUILD_DIR/folio"
echo "book (print):  $root/$print_pdf"
echo "book (screen): $root/$screen_pdf"
if [ "$warnings" -gt 0 ]; then
    echo "($warnings warnings; see $BUILD_DIR/print.log and $BUILD_DIR/screen.log)"
fi
