#!/usr/bin/env bash
# bad_inputs.sh - broken input gives exact diagnostics and never a PDF.
#
# For every folder of tests/bad (see tests/bad/README.md for each defect):
# a good PDF is first put at the output path, then
#   folio build -o OUT.pdf tests/bad/X/book.xml
# must exit 1, print exactly the expected diagnostic lines on stderr
# ("file:line:col: severity: message", paths as given on the command line),
# leave OUT.pdf byte-identical to the good one and leave no .tmp file.
# Then: a layout naming a missing font file (exit 1, at the attribute), an
# unwritable output path (exit 3), usage errors (exit 2), a missing
# manuscript, and `folio check` (exit 0 on a good book, 1 on a bad one,
# writing nothing either way).
#
#   bash tests/e2e/bad_inputs.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"

B=tests/bad
declare -A EXPECT
EXPECT[malformed-xml]="$B/malformed-xml/book.xml:10:63: error: </p> does not close <em>, opened at 10:31 and never closed"
EXPECT[unknown-element]="$B/unknown-element/book.xml:11:7: error: element <paragraph> is not allowed here (in <chapter>)"
EXPECT[chapter-no-title]="$B/chapter-no-title/book.xml:9:5: error: <chapter> has no title: give it a title=\"…\" attribute or a <title> child"
EXPECT[broken-xinclude]="$B/broken-xinclude/book.xml:10:5: error: cannot include \"chapters/02.xml\": No such file or directory"
EXPECT[xinclude-outside]="$B/xinclude-outside/book.xml:10:17: error: XInclude of \"../../../../../../../../etc/passwd\" refused: only files inside the manuscript's folder may be included"
EXPECT[external-entity]="$B/external-entity/book.xml:3:3: error: external entity \"sistema\" is not allowed (it would read \"file:///etc/passwd\")
$B/external-entity/book.xml:13:50: note: \"sistema\" is used here"
EXPECT[missing-char]="$B/missing-char/chapters/01.xml:5:64: error: character U+4E2D is in none of the layout's fonts (NotoSerif-Regular.ttf…)"
EXPECT[error-in-chapter]="$B/error-in-chapter/chapters/01.xml:5:9: error: attribute type=\"roman\" of <list> is not one of: bullet, number, alpha"
EXPECT[several-errors]="$B/several-errors/book.xml:9:5: error: <chapter> has no title: give it a title=\"…\" attribute or a <title> child
$B/several-errors/book.xml:14:10: error: attribute \"style\" is not allowed on <p>
$B/several-errors/book.xml:18:22: error: attribute show=\"number\" of <ref> is not one of: label, page, title"
EXPECT[bad-table-span]="$B/bad-table-span/book.xml:19:34: error: colspan=\"3\" goes past the table's edge (column 2 of 3)"
EXPECT[bad-table-cells]="$B/bad-table-cells/book.xml:19:62: error: more cells than columns: the table has 3 columns"
EXPECT[missing-image]="$B/missing-image/book.xml:11:23: error: cannot read the image \"img/no-existe.png\" (looked for $B/missing-image/img/no-existe.png, beside the file that names it)"
EXPECT[index-range-open]="$B/index-range-open/book.xml:6:31: error: index range rid=\"r1\" starts here but never ends (add <ix range=\"end\" rid=\"r1\"/>)"
EXPECT[damaged-image]="$B/damaged-image/book.xml:11:23: error: the image \"dañada.png\" cannot be used: damaged PNG: a chunk's CRC does not match"
EXPECT[utf16-bom]="$B/utf16-bom/book.xml:1:1: error: this file is UTF-16 (it starts with a UTF-16 byte order mark), but folio manuscripts are UTF-8: save it as UTF-8"
EXPECT[utf16-no-bom]="$B/utf16-no-bom/book.xml:1:1: error: this file is UTF-16 without a byte order mark, but folio manuscripts are UTF-8: save it as UTF-8"
EXPECT[utf16-declared-utf8]="$B/utf16-declared-utf8/book.xml:1:1: error: this file is UTF-16 without a byte order mark, though its XML declaration says UTF-8; folio manuscripts are UTF-8: save it as UTF-8"
EXPECT[latin1]="$B/latin1/book.xml:10:34: error: byte 0xF3 is not UTF-8 (in Latin-1 or Windows-1252 it is \"ó\"): folio manuscripts are UTF-8; save the file as UTF-8"
EXPECT[bare-ampersand]="$B/bare-ampersand/book.xml:10:17: error: a bare '&': write &amp; for an ampersand"
EXPECT[truncated-file]="$B/truncated-file/book.xml:9:5: error: <chapter> is never closed: the file ends before its </chapter>"
EXPECT[deep-lists]="$B/deep-lists/book.xml:10:103: error: lists nest 9 deep here (the outermost opens at 10:7); the limit is 8"
EXPECT[deep-inline]="$B/deep-inline/book.xml:10:394: error: this <em> is nested 101 elements deep; the limit is 100 elements inside one another"
EXPECT[text-in-body]="$B/text-in-body/book.xml:9:5: error: text is not allowed directly inside <body>"
EXPECT[truncated-jpeg]="$B/truncated-jpeg/book.xml:11:23: error: the image \"cortada.jpg\" cannot be used: damaged JPEG: the file is cut short (no end-of-image marker)"

# Known gaps, outside this test's files: the line folio prints today, when it
# differs from the one wanted. Printed as KNOWN, not counted as a failure.
declare -A KNOWN


diag_lines() { grep -E '^[^ ]*: (error|warning|note): |^[^ ]+:[0-9]+(:[0-9]+)?: (error|warning|note): ' "$1"; }

good=$TMP/good.pdf
if ! "$FOLIO" build -l "$PRINT_CMYK" -o "$good" tests/samples/features/book.xml 2>/dev/null; then
    notok "a good PDF to protect (features sample) builds"
    finish
    exit
fi

# run_bad NAME EXIT-WANTED ARGS...: folio ARGS with a good PDF at $TMP/out/out.pdf
run_bad() {
    local name=$1 want=$2
    shift 2
    rm -rf "$TMP/out"
    mkdir -p "$TMP/out"
    cp "$good" "$TMP/out/out.pdf"
    "$FOLIO" "$@" 2>"$TMP/err" >"$TMP/stdout"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$name: exit $want"; else notok "$name: exit $want (got $rc)"; fi
    if cmp -s "$good" "$TMP/out/out.pdf"; then ok "$name: the earlier PDF is untouched"; else notok "$name: the earlier PDF is untouched"; fi
    local left
    left=$(ls -A "$TMP/out" | grep -v '^out\.pdf$')
    if [ -z "$left" ]; then ok "$name: no other file written (.tmp)"; else notok "$name: no other file written: $left"; fi
}

for dir in "$B"/*/; do
    name=$(basename "$dir")
    if [ -z "${EXPECT[$name]+set}" ]; then
        notok "$name: no expected diagnostics written into bad_inputs.sh"
        continue
    fi
    run_bad "$name" 1 build -o "$TMP/out/out.pdf" "$B/$name/book.xml"
    got=$(diag_lines "$TMP/err")
    if [ "$got" = "${EXPECT[$name]}" ]; then
        ok "$name: exact diagnostics"
    elif [ -n "${KNOWN[$name]+set}" ] && [ "$got" = "${KNOWN[$name]}" ]; then
        echo "KNOWN $name: prints the old place; wanted:"
        echo "${EXPECT[$name]}" | sed 's/^/        /'
    else
        notok "$name: exact diagnostics"
        echo "      expected:"
        echo "${EXPECT[$name]}" | sed 's/^/        /'
        echo "      got:"
        sed 's/^/        /' "$TMP/err"
    fi
    check "$name: says no PDF was written" grep -q "no PDF written" "$TMP/err"
done

# `folio check` reports the same problems and writes nothing
mkdir -p "$TMP/cwd"
root=$PWD
(cd "$TMP/cwd" && "$FOLIO" check -l "$root/layout/print.xml" "$root/$B/several-errors/book.xml" 2>"$TMP/err")
rc=$?
check "check several-errors: exit 1" test "$rc" -eq 1
check "check several-errors: three errors" test "$(grep -c ': error: ' "$TMP/err")" -eq 3
(cd "$TMP/cwd" && "$FOLIO" check -l "$root/$PRINT_CMYK" "$root/tests/samples/features/book.xml" 2>"$TMP/err" >"$TMP/stdout")
rc=$?
check "check on a good book: exit 0" test "$rc" -eq 0
check "check on a good book: no error printed" test "$(grep -c ': error: ' "$TMP/err")" -eq 0
check "check on a good book: writes nothing" test -z "$(ls -A "$TMP/cwd")"

# a layout whose font file is missing: the error is at the attribute
mkdir -p "$TMP/lay"
ln -s "$root/fonts" "$TMP/fonts"
cp layout/print.xml layout/hyphenation-es.txt "$TMP/lay/"
"$FOLIO" build -l "$TMP/lay/print.xml" -o "$TMP/lay-ok.pdf" tests/samples/ensayo/book.xml 2>/dev/null
check "layout copy (unchanged) builds" test $? -eq 0
# the line and column of the attribute italic="../fonts/NotoSans-Italic.ttf"
read -r fline fcol < <(awk '{ i = index($0, " italic=\"../fonts/NotoSans-Italic.ttf\""); if (i) { print NR, i + 1; exit } }' "$TMP/lay/print.xml")
sed -i "${fline}s|\.\./fonts/NotoSans-Italic\.ttf|../fonts/NoSuch-Italic.ttf|" "$TMP/lay/print.xml"
check "layout copy now names NoSuch-Italic.ttf (line $fline, column $fcol)" grep -q 'italic="../fonts/NoSuch-Italic.ttf"' "$TMP/lay/print.xml"
run_bad "missing font" 1 build -l "$TMP/lay/print.xml" -o "$TMP/out/out.pdf" tests/samples/ensayo/book.xml
got=$(diag_lines "$TMP/err" | grep ': error: ')
case $got in
"$TMP/lay/print.xml:$fline:$fcol: error: "*NoSuch-Italic.ttf*) ok "missing font: error at print.xml:$fline:$fcol naming the file" ;;
*) notok "missing font: error at print.xml:$fline:$fcol naming the file; got: $got" ;;
esac
check "missing font: one error" test "$(grep -c ': error: ' "$TMP/err")" -eq 1

# a layout value that would divide by zero: a baseline grid of 0 pt
cp layout/print.xml "$TMP/lay/grid.xml"
read -r gline gcol < <(awk '{ i = index($0, " grid=\"14pt\""); if (i) { print NR, i + 1; exit } }' "$TMP/lay/grid.xml")
sed -i "${gline}s| grid=\"14pt\"| grid=\"0pt\"|" "$TMP/lay/grid.xml"
run_bad "zero grid" 1 build -l "$TMP/lay/grid.xml" -o "$TMP/out/out.pdf" tests/samples/ensayo/book.xml
got=$(diag_lines "$TMP/err" | grep ': error: ')
expect="$TMP/lay/grid.xml:$gline:$gcol: error: grid=\"0pt\" is out of range: it must be between 2 and 200pt"
if [ "$got" = "$expect" ]; then ok "zero grid: $expect"; else notok "zero grid: wanted $expect; got: $got"; fi

# --strict refuses notes whose text is missing, at the note's place
run_bad "strict build with a pending note" 1 build --strict -l "$PRINT_CMYK" -o "$TMP/out/out.pdf" tests/samples/features/book.xml
got=$(diag_lines "$TMP/err" | grep ': error: ')
expect="tests/samples/features/chapters/01.xml:11:33: error: note 4 has no text (the strict build refuses pending notes)"
if [ "$got" = "$expect" ]; then ok "strict: $expect"; else notok "strict: wanted $expect; got: $got"; fi

# an output path that cannot be written: exit 3, the path named
"$FOLIO" build -l "$PRINT_CMYK" -o /nonexistent-dir/x.pdf tests/samples/features/book.xml 2>"$TMP/err"
rc=$?
check "unwritable output: exit 3" test "$rc" -eq 3
check "unwritable output: the message names the path" grep -q '/nonexistent-dir/x\.pdf' "$TMP/err"
if grep -qi 'no such file or directory\|cannot \(write\|create\)' "$TMP/err"; then
    ok "unwritable output: the message says why"
else
    echo "KNOWN unwritable output: the message does not say why: $(grep -v ': note: ' "$TMP/err")"
fi

# a manuscript that does not exist
"$FOLIO" build -o "$TMP/x.pdf" tests/bad/no-such-book.xml 2>"$TMP/err"
rc=$?
check "missing manuscript: exit 1" test "$rc" -eq 1
check "missing manuscript: message" \
    grep -qx 'tests/bad/no-such-book.xml: error: cannot read the file: No such file or directory' "$TMP/err"
check "missing manuscript: no PDF" test ! -e "$TMP/x.pdf"

# usage errors: exit 2, the usage on stderr, nothing written
usage_case() {
    local desc=$1
    shift
    (cd "$TMP/cwd" && "$FOLIO" "$@" >"$TMP/stdout" 2>"$TMP/err")
    local rc=$?
    check "usage: $desc: exit 2" test "$rc" -eq 2
    check "usage: $desc: says so on stderr" test -s "$TMP/err"
    check "usage: $desc: writes nothing" test -z "$(ls -A "$TMP/cwd")"
}
usage_case "no command"
usage_case "unknown command" frobnicate
usage_case "unknown option" build --frobnicate "$root/tests/samples/features/book.xml"
usage_case "-o without a file" build -o
usage_case "two manuscripts" build "$root/tests/samples/features/book.xml" "$root/tests/samples/ensayo/book.xml"
"$FOLIO" --help >"$TMP/stdout" 2>/dev/null
rc=$?
check "--help: exit 0, usage on stdout" test "$rc" -eq 0 -a -s "$TMP/stdout"
finish
