#!/usr/bin/env bash
# test.sh - build folio (if needed) and run every test twice: in build/
# (RelWithDebInfo), then in build-asan/ built with AddressSanitizer and
# UndefinedBehaviorSanitizer (FOLIO_SANITIZE=ON). Works from any directory;
# exits non-zero if the build or any test fails.
# BUILD_DIR / ASAN_BUILD_DIR override build/ and build-asan/;
# SKIP_ASAN=1 runs only the first round.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
ASAN_BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
JOBS=$(nproc 2>/dev/null || echo 2)
export CTEST_OUTPUT_ON_FAILURE=1

build() { # dir, extra cmake args...
    local dir=$1
    shift
    cmake -S . -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS" -- --no-print-directory >/dev/null
}

echo "== tests ($BUILD_DIR)"
build "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" -DFOLIO_SANITIZE=OFF
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")

if [ "${SKIP_ASAN:-0}" != 1 ]; then
    echo "== tests under ASan+UBSan ($ASAN_BUILD_DIR)"
    build "$ASAN_BUILD_DIR" -DCMAKE_BUILD_TYPE=Debug -DFOLIO_SANITIZE=ON
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    (cd "$ASAN_BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
fi
