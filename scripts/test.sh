#!/usr/bin/env bash
# test.sh - build folio (if needed) and run every test twice: in build/
# (RelWithDebInfo), then in build-asan/ built with AddressSanitizer and
# UndefinedBehaviorSanitizer (FOLIO_SANITIZE=ON). Works from any directory;
# exits non-zero if the build or any test fails. After each ctest, the
# book and every tests/samples/*/book.xml are typeset with that build's
# folio (in both layouts), so that the sanitizers watch the whole pipeline,
# and every broken manuscript of tests/bad is run and must be refused
# without a sanitizer report (the ctest rounds also run tests/e2e's bad and
# hostile inputs, and tests/fuzz/regressions, with each build). The first
# round also runs the book and the broken manuscripts under valgrind.
# BUILD_DIR / ASAN_BUILD_DIR override build/ and build-asan/;
# SKIP_ASAN=1 runs only the first round; SKIP_VALGRIND=1 skips valgrind.
# The fuzzers are not run here: scripts/fuzz.sh (CI runs it after this).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
ASAN_BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
JOBS=$(nproc 2>/dev/null || echo 2)
export CTEST_OUTPUT_ON_FAILURE=1

# smoke DIR: typeset the book and the samples with DIR/folio into a scratch folder
smoke() {
    local dir=$1 scratch log n=0
    scratch=$(mktemp -d)
    log=$scratch/log
    for ms in book/book.xml tests/samples/*/book.xml; do
        # samples may have colour figures: their print edition (PDF/X) needs a CMYK profile
        local print=layout/print.xml
        [ "$ms" = book/book.xml ] || print=tests/layouts/print-cmyk.xml
        for lay in $print layout/screen.xml; do
            n=$((n + 1))
            if ! "$dir"/folio build -l "$lay" -o "$scratch/$n.pdf" "$ms" 2>"$log"; then
                grep -v 'has no text yet' "$log" >&2 || true
                echo "test.sh: $dir/folio build -l $lay $ms failed" >&2
                rm -rf "$scratch"
                return 1
            fi
        done
    done
    rm -rf "$scratch"
    echo "smoke: $n builds (book and samples, print and screen) with $dir/folio: ok"
}

# bad_smoke DIR: every broken manuscript of tests/bad with DIR/folio: refused
# (exit 1), and no sanitizer report (under ASan + UBSan, a sanitizer error
# changes the exit status too; the grep makes the cause plain)
bad_smoke() {
    local dir=$1 scratch n=0 rc
    scratch=$(mktemp -d)
    for ms in tests/bad/*/book.xml; do
        n=$((n + 1))
        rc=0
        "$dir"/folio build -o "$scratch/out.pdf" "$ms" >/dev/null 2>"$scratch/log" || rc=$?
        if [ "$rc" -ne 1 ] || grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$scratch/log"; then
            cat "$scratch/log" >&2
            echo "test.sh: $dir/folio build $ms: exit $rc (1 wanted), or a sanitizer report" >&2
            rm -rf "$scratch"
            return 1
        fi
    done
    rm -rf "$scratch"
    echo "bad inputs: $n broken manuscripts refused by $dir/folio, no sanitizer report: ok"
}

# valgrind_book DIR: the book and every broken manuscript under valgrind
# (memcheck): no error, no leak (skipped when valgrind is not installed)
valgrind_book() {
    local dir=$1 scratch ms n=0
    command -v valgrind >/dev/null || { echo "valgrind: not installed, skipped"; return 0; }
    scratch=$(mktemp -d)
    for ms in book/book.xml tests/bad/*/book.xml; do
        n=$((n + 1))
        valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
            "$dir"/folio build -o "$scratch/out.pdf" "$ms" >/dev/null 2>"$scratch/log" || true
        if grep -q '^==[0-9]*==' "$scratch/log"; then
            grep '^==[0-9]*==' "$scratch/log" | head -30 >&2
            echo "test.sh: valgrind reports errors on $dir/folio build $ms" >&2
            rm -rf "$scratch"
            return 1
        fi
    done
    rm -rf "$scratch"
    echo "valgrind: the book and $((n - 1)) broken manuscripts with $dir/folio: 0 errors, no leaks"
}

build() { # dir, extra cmake args...
    local dir=$1
    shift
    cmake -S . -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS" -- --no-print-directory >/dev/null
}

echo "== tests ($BUILD_DIR)"
build "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" -DFOLIO_SANITIZE=OFF
(cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
smoke "$BUILD_DIR"
bad_smoke "$BUILD_DIR"
[ "${SKIP_VALGRIND:-0}" = 1 ] || valgrind_book "$BUILD_DIR"

if [ "${SKIP_ASAN:-0}" != 1 ]; then
    echo "== tests under ASan+UBSan ($ASAN_BUILD_DIR)"
    # Debug (-O0): at -O2 GCC's -Walloc-size-larger-than (an error under -Werror)
    # fires falsely with the sanitizers on; -O0 also gives the clearest stacks
    build "$ASAN_BUILD_DIR" -DCMAKE_BUILD_TYPE=Debug -DFOLIO_SANITIZE=ON
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    # libhyphen's own leak for two-level dictionaries (German): tests/lsan.supp
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
    (cd "$ASAN_BUILD_DIR" && ctest --output-on-failure -j "$JOBS")
    smoke "$ASAN_BUILD_DIR"
    bad_smoke "$ASAN_BUILD_DIR"
fi
