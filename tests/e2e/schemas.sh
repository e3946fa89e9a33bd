#!/usr/bin/env bash
# schemas.sh - the compact-syntax schemas (.rnc) are the XML-syntax ones (.rng).
#
# Each .rnc is what trang makes of its .rng today (so the two cannot drift),
# and both accept and refuse the same manuscripts: every manuscript of the
# repository (book/, the samples, the test books, the bad inputs, each with
# its XIncludes resolved by xmllint), every chapter file on its own, the
# index term lists and the layouts. xmllint validates with the .rng, jing
# with the .rnc. (Java tools: Debian trang and jing, in install-deps.sh.)
source "$(dirname "$0")/lib.bash"
for tool in trang jing xmllint; do
    command -v $tool >/dev/null || { notok "$tool is not installed (scripts/install-deps.sh installs it)"; finish; exit; }
done
for rng in book/schema/manuscript.rng book/schema/index-terms.rng layout/schema/layout.rng; do
    rnc=${rng%.rng}.rnc
    trang -I rng -O rnc "$rng" "$TMP/now.rnc" 2>"$TMP/err"
    check "$rnc is what trang makes of $rng" cmp -s "$TMP/now.rnc" "$rnc"
done
# verdict SCHEMA_RNG FILE [xinclude]: "valid" or "invalid" by xmllint and by jing
same_verdict() {
    local rng=$1 file=$2 flat=$TMP/flat.xml a b
    if [ "${3:-}" = xinclude ]; then
        xmllint --xinclude --nonet "$file" >"$flat" 2>/dev/null || { cp "$file" "$flat"; }
    else
        cp "$file" "$flat"
    fi
    xmllint --noout --relaxng "$rng" "$flat" >/dev/null 2>&1 && a=valid || a=invalid
    jing -c "${rng%.rng}.rnc" "$flat" >/dev/null 2>&1 && b=valid || b=invalid
    if [ "$a" = "$b" ]; then ok "$file: $a for both"; else notok "$file: $a by the .rng, $b by the .rnc"; fi
}
valid=0
for f in book/book.xml tests/samples/*/book.xml tests/lang/english/book.xml tests/diag/*/book.xml tests/bad/*/book.xml; do
    # (not XML the two tools read alike: deep-* nest past libxml2's own 256 levels)
    case $f in tests/bad/external-entity/*|tests/bad/xinclude-outside/*|tests/bad/malformed-xml/*|tests/bad/deep-*) continue ;; esac
    same_verdict book/schema/manuscript.rng "$f" xinclude
done
for f in book/chapters/*.xml book/front/*.xml book/back/*.xml tests/lang/english/chapters/*.xml tests/bad/error-in-chapter/chapters/*.xml; do
    same_verdict book/schema/manuscript.rng "$f"
done
check "a chapter file validates on its own" sh -c "xmllint --noout --relaxng book/schema/manuscript.rng book/chapters/01.xml 2>/dev/null"
for f in book/index.xml tests/samples/features/index.xml tests/lang/english/index.xml; do
    same_verdict book/schema/index-terms.rng "$f"
done
for f in layout/*.xml tests/layouts/*.xml; do
    same_verdict layout/schema/layout.rng "$f"
done
finish
