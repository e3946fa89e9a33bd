#!/usr/bin/env bash
# bench.sh - the benchmark (not a test): builds folio (build/, RelWithDebInfo)
# and prints a short table, each figure the median of paired runs
# (tests/bench/bench.py says how they are paired):
#   - the book against Typst 0.14 setting the same text (time, peak RSS);
#     Typst is npm's @myriaddreamin/typst-ts-node-compiler 0.7, installed
#     into build/bench-cache/typst on first use (skipped, with a message,
#     without npm or the network);
#   - the book's body repeated 12 and 60 times (~790 and ~3,900 pages):
#     time, peak RSS, the load stage, and how time grows from one to the other;
#   - folio watch: a one-word edit in a chapter to a new PDF, against a cold build.
# Takes some minutes (x60 is built three times). Options go to bench.py:
#   scripts/bench.sh                       # all of it
#   scripts/bench.sh --only book --runs 20 # the book against Typst, 20 pairs
#   scripts/bench.sh --no-typst            # without Typst
# The paragraph benchmark (µs per paragraph, lines per second, the median
# build and its PDF-writing share) is folio-bench:
#   scripts/bench.sh paragraphs [-n N] [-l LAYOUT] [MANUSCRIPT]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
if [ "${1:-}" = paragraphs ]; then
    shift
    cmake --build "$BUILD_DIR" -j "$(nproc 2>/dev/null || echo 2)" --target folio-bench -- --no-print-directory >/dev/null
    exec "$BUILD_DIR"/folio-bench "$@"
fi
cmake --build "$BUILD_DIR" -j "$(nproc 2>/dev/null || echo 2)" --target folio -- --no-print-directory >/dev/null
exec python3 tests/bench/bench.py "$BUILD_DIR"/folio --typst-dir "$BUILD_DIR/bench-cache/typst" "$@"
