#!/usr/bin/env bash
# layouts_travel.sh - a layout copied to another folder.
#
# Every path in a layout is relative to the layout file. A copy of
# layout/print.xml alone in another folder names ../fonts/ (missing: one
# error for the folder, not one per font) and hyphenation-es.txt (missing: an
# error at the attribute, with its line and column), both in one run. With
# the exceptions copied beside it and its fonts named by family (fontconfig),
# the copy builds. A copy carrying fonts/ one folder up, as the repository
# does, gives the same pages as the original. A family that is not installed
# is an error with the nearest installed name; every error of a broken
# layout comes in one run, each with line and column.
source "$(dirname "$0")/lib.bash"
BOOK=tests/samples/ensayo/book.xml
mkdir -p "$TMP/elsewhere"
L=$TMP/elsewhere/print.xml
cp layout/print.xml "$L"
at() { # at FILE TEXT: "line:col" of the first occurrence of TEXT in FILE
    awk -v t="$2" '{ i = index($0, t); if (i) { print NR ":" i; exit } }' "$1"
}
fonts_at=$(at "$L" 'regular="../fonts/')
exc_at=$(at "$L" 'exceptions="hyphenation-es.txt"')
"$FOLIO" build -l "$L" -o "$TMP/x.pdf" "$BOOK" 2>"$TMP/err"
check "a lone copy: exit 1" test $? -eq 1
want="$L:$fonts_at: error: the folder \"../fonts\" does not exist (looked for $TMP/fonts); the layout names 9 files in it. Paths in a layout are relative to the layout file: copy the folder beside it, or give fonts by family name (font=\"Noto Serif\")
$L:$exc_at: error: cannot read the hyphenation exceptions \"hyphenation-es.txt\" (looked for $TMP/elsewhere/hyphenation-es.txt)"
got=$(grep ': error: ' "$TMP/err")
if [ "$got" = "$want" ]; then ok "a lone copy: one error for the fonts folder, one for the exceptions, with line and column"
else notok "a lone copy: exact errors"; echo "      wanted:"; echo "$want" | sed 's/^/        /'; echo "      got:"; sed 's/^/        /' "$TMP/err"; fi

# fonts by family name, the exceptions beside the copy: it builds
cp layout/hyphenation-es.txt "$TMP/elsewhere/"
python3 - "$L" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p, encoding="utf-8").read()
s = re.sub(r'<family name="serif".*?/>', '<family name="serif" font="DejaVu Serif"/>', s, flags=re.S)
s = re.sub(r'<family name="sans".*?/>', '<family name="sans" font="DejaVu Sans"/>', s, flags=re.S)
s = re.sub(r'<family name="symbols".*?/>', '<family name="symbols" regular="DejaVu Sans"/>', s, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
PY
"$FOLIO" build -l "$L" -o "$TMP/byname.pdf" "$BOOK" 2>"$TMP/err"
rc=$?
check "fonts by family name: the copy builds" test "$rc" -eq 0
[ "$rc" -eq 0 ] || sed 's/^/      /' "$TMP/err"
check "fonts by family name: DejaVu Serif and Sans are embedded" \
    sh -c "pdffonts '$TMP/byname.pdf' | grep -q DejaVuSerif && pdffonts '$TMP/byname.pdf' | grep -q DejaVuSans"

# a family that is not installed: did you mean
sed 's|font="DejaVu Serif"|font="DejaVu Serf"|' "$L" >"$TMP/elsewhere/typo.xml"
typo_at=$(at "$TMP/elsewhere/typo.xml" 'font="DejaVu Serf"')
"$FOLIO" build -l "$TMP/elsewhere/typo.xml" -o "$TMP/x.pdf" "$BOOK" 2>"$TMP/err"
want="$TMP/elsewhere/typo.xml:$typo_at: error: no font family \"DejaVu Serf\" is installed (did you mean \"DejaVu Serif\"?)"
check "a family not installed: $want" test "$(grep ': error: ' "$TMP/err")" = "$want"

# a copy with fonts/ one folder up, as in the repository: the same pages
mkdir -p "$TMP/kit/layout"
cp -r fonts "$TMP/kit/fonts"
cp layout/print.xml layout/hyphenation-es.txt "$TMP/kit/layout/"
"$FOLIO" build -l layout/print.xml -o "$TMP/a.pdf" --trace "$TMP/a.trace" "$BOOK" 2>/dev/null
"$FOLIO" build -l "$TMP/kit/layout/print.xml" -o "$TMP/b.pdf" --trace "$TMP/b.trace" "$BOOK" 2>/dev/null
check "a copy with its fonts: the same pages as the original" cmp -s "$TMP/a.trace" "$TMP/b.trace"

# many mistakes: all of them in one run, each with line and column
cp layout/print.xml "$TMP/kit/layout/bad.xml"
f=$TMP/kit/layout/bad.xml
sed -i 's| grid="14pt"| grid="0pt"|; s|<style name="lead" family="serif"|<style name="lead" family="serf"|; s|exceptions="hyphenation-es.txt"|exceptions="no-such-list.txt"|' "$f"
"$FOLIO" check -l "$f" "$BOOK" 2>"$TMP/err"
check "a broken layout: exit 1" test $? -eq 1
want="$f:$(at "$f" 'grid="0pt"'): error: grid=\"0pt\" is out of range: it must be between 2 and 200pt
$f:$(at "$f" 'family="serf"'): error: unknown font family \"serf\" (did you mean \"serif\"?)
$f:$(at "$f" 'exceptions="no-such'): error: cannot read the hyphenation exceptions \"no-such-list.txt\" (looked for $TMP/kit/layout/no-such-list.txt)"
got=$(grep ': error: ' "$TMP/err")
if [ "$got" = "$want" ]; then ok "a broken layout: its three errors in one run, each with line and column"
else notok "a broken layout: exact errors"; echo "      wanted:"; echo "$want" | sed 's/^/        /'; echo "      got:"; sed 's/^/        /' "$TMP/err"; fi

# a bad line in the exceptions: the error has its line
printf 'sub-con-tra-ta-ción\nbad word\n' >"$TMP/kit/layout/hyphenation-es.txt"
"$FOLIO" check -l "$TMP/kit/layout/print.xml" "$BOOK" 2>"$TMP/err"
check "an exceptions list's mistake has its line and column" \
    grep -qx "$TMP/kit/layout/hyphenation-es.txt:2:4: error: one word per line in the hyphenation exceptions" "$TMP/err"
finish
