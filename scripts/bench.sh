#!/usr/bin/env bash
# bench.sh - build folio-bench (build/, RelWithDebInfo) and run it from the
# repository root. Arguments go to folio-bench: [-n N] [-l LAYOUT] [MANUSCRIPT]
#   scripts/bench.sh                 # the book, print layout, 20 rounds
#   scripts/bench.sh -n 50 -l layout/screen.xml
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc 2>/dev/null || echo 2)" --target folio-bench -- --no-print-directory >/dev/null
exec "$BUILD_DIR"/folio-bench "$@"
