#!/usr/bin/env bash
# fuzz.sh SECONDS - fuzz folio for SECONDS with libFuzzer (ASan + UBSan).
#
# Builds the two harnesses (tests/fuzz/fuzz_manuscript.c: manuscript bytes
# through the whole build; tests/fuzz/fuzz_layout.c: layout bytes) with clang
# in build-fuzz/, makes their seed corpora and dictionaries from book/,
# tests/samples/, tests/bad/, layout/ and tests/layouts/ (tests/fuzz/prepare.py),
# then runs the manuscript harness for two thirds of SECONDS and the layout
# harness for the rest (FUZZ_JOBS=2: both at once, each for SECONDS).
#
# Exits non-zero on any crash, sanitizer report, leak, out-of-memory (more
# than 2 GB), hang (one input running more than 10 s) or broken promise (see
# tests/fuzz/fuzzhelp.h); the input that did it is left in tests/fuzz/crashes/
# (KIND-crash-…, KIND-leak-…, KIND-timeout-…, KIND-oom-…). Replay it with
#   build-fuzz/tests/fuzz_KIND tests/fuzz/crashes/FILE
# and, once fixed, move it to tests/fuzz/regressions/KIND/ (a regression test).
# Prints how many inputs each harness ran. The corpus grows across runs in
# build-fuzz/fuzz/corpus/. FUZZ_BUILD_DIR, FUZZ_CC override the folder and clang.
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:?usage: scripts/fuzz.sh SECONDS}
case $total in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac
dir=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
    for c in clang-14 clang; do command -v "$c" >/dev/null && { cc=$c; break; }; done
fi
[ -n "$cc" ] || { echo "fuzz.sh: clang is needed (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

echo "== building the fuzz harnesses ($cc, $dir)"
cmake -S . -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOLIO_FUZZ=ON >/dev/null
cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_manuscript fuzz_layout -- --no-print-directory >/dev/null
rm -rf "$dir/fuzz/seeds"
python3 tests/fuzz/prepare.py "$dir/fuzz"
mkdir -p tests/fuzz/crashes "$dir/fuzz/corpus/manuscript" "$dir/fuzz/corpus/layout"

# leaks are findings; a report stops the run at once
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run KIND SECONDS: one harness; its log in $dir/fuzz/KIND.log
run() {
    local kind=$1 secs=$2
    "$dir/tests/fuzz_$kind" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -max_len=65536 -dict="$dir/fuzz/$kind.dict" -print_final_stats=1 \
        -artifact_prefix="tests/fuzz/crashes/$kind-" \
        "$dir/fuzz/corpus/$kind" "$dir/fuzz/seeds/$kind" >"$dir/fuzz/$kind.log" 2>&1
}

ms=$((total * 2 / 3)); [ "$ms" -ge 1 ] || ms=1
ls=$((total - ms)); [ "$ls" -ge 1 ] || ls=1
[ "$jobs" -ge 2 ] && { ms=$total; ls=$total; }
echo "== fuzzing: manuscript ${ms}s, layout ${ls}s"
status=0
if [ "$jobs" -ge 2 ]; then
    run manuscript "$ms" & p1=$!
    run layout "$ls" & p2=$!
    wait "$p1" || status=1
    wait "$p2" || status=1
else
    run manuscript "$ms" || status=1
    run layout "$ls" || status=1
fi

for kind in manuscript layout; do
    log=$dir/fuzz/$kind.log
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    corpus=$(ls "$dir/fuzz/corpus/$kind" | wc -l)
    echo "$kind: ${execs:-0} inputs run, corpus of $corpus"
    if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: |fuzz: |Test unit written' "$log"; then
        status=1
        echo "--- $kind: finding (full log: $log)"
        grep -E 'ERROR:|runtime error:|SUMMARY:|fuzz: |Test unit written|^    #[0-9] ' "$log" | head -40
    fi
done
if [ "$status" -ne 0 ]; then
    echo "fuzz.sh: FOUND problems; reproducers in tests/fuzz/crashes/:"
    ls -1 tests/fuzz/crashes/ 2>/dev/null | sed 's/^/  /'
    exit 1
fi
echo "fuzz.sh: nothing found"
