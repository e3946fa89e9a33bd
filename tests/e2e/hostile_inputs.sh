#!/usr/bin/env bash
# hostile_inputs.sh - inputs too large or too odd to keep in tests/bad, made
# here: each must be refused with exactly the diagnostic below, exit 1, leave
# the PDF already at the output path byte-identical and no other file. The
# limits are those of src/base/bounds.h (README.md, "Limits").
#
#   - a 50 MB word, 15 MB of text without markup;
#   - a 10,000-column table, a table of 5,001 rows, 5,001 paragraphs in one chapter;
#   - a 1 x 100,000-pixel PNG, a 30,000 x 30,000 one;
#   - 10,001 pages; includes nested 9 deep, a file that includes itself;
#   - layouts with negative or absurd sizes, a font file that is not a font,
#     a hyphenation file that is not a dictionary.
#
#   bash tests/e2e/hostile_inputs.sh /path/to/folio     (from the repo root)
source "$(dirname "$0")/lib.bash"
root=$PWD
good=$TMP/good.pdf
"$FOLIO" build -l "$PRINT_CMYK" -o "$good" tests/samples/features/book.xml 2>/dev/null || {
    notok "a good PDF to protect (features sample) builds"
    finish
    exit
}

# hostile NAME EXPECTED FOLIO-ARGS...: run in $TMP/case (paths in messages are
# relative to it), with a good PDF at out.pdf
hostile() {
    local name=$1 expected=$2
    shift 2
    rm -f "$TMP/case/out.pdf.tmp" "$TMP/case/out.pdf.pages"
    cp "$good" "$TMP/case/out.pdf"
    (cd "$TMP/case" && "$FOLIO" "$@" -o out.pdf >/dev/null 2>"$TMP/err")
    local rc=$?
    local got
    got=$(grep -E ': (error|warning): ' "$TMP/err")
    if [ "$rc" -eq 1 ]; then ok "$name: exit 1"; else notok "$name: exit 1 (got $rc)"; fi
    if [ "$got" = "$expected" ]; then
        ok "$name: exact diagnostic"
    else
        notok "$name: exact diagnostic"
        echo "      expected: $expected"
        echo "      got:"
        sed 's/^/        /' "$TMP/err" | cut -c1-400
    fi
    if cmp -s "$good" "$TMP/case/out.pdf"; then ok "$name: the earlier PDF is untouched"; else notok "$name: the earlier PDF is untouched"; fi
    check "$name: no temporary file left" test ! -e "$TMP/case/out.pdf.tmp"
}

mkdir -p "$TMP/case"
cp -r layout "$TMP/case/layout"
ln -s "$root/fonts" "$TMP/case/fonts"
L="-l layout/print.xml"

# book FILE BODY: a manuscript with one chapter holding BODY (line 9: the chapter)
book() {
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<book xml:lang="es">\n  <meta>\n    <title>Prueba</title>\n'
        printf '    <publisher>Ediciones de Prueba</publisher>\n    <edition number="1"/>\n  </meta>\n  <body>\n'
        printf '    <chapter id="c1" title="Uno">\n'
        cat
        printf '    </chapter>\n  </body>\n</book>\n'
    } >"$TMP/case/$1"
}

# ---- sizes of text ----
python3 -c 'import sys; sys.stdout.write("      <p>Una palabra: " + "a" * (50 << 20) + " y nada más.</p>\n")' | book word.xml
hostile "a 50 MB word" \
    "word.xml:10:23: error: the <p> at 10:7 has a word of 52428800 characters (50.0 MB); the limit is 1000 characters (is a space missing?)" \
    build $L word.xml
python3 -c 'import sys; sys.stdout.write("      <p>" + "ab " * (5 << 20) + "</p>\n")' | book text.xml
hostile "15 MB of text without markup" \
    "text.xml:10:10: error: the <p> at 10:7 holds 15728640 bytes of text (15.0 MB) without any markup; the limit is 1 MB between two tags" \
    build $L text.xml

# ---- tables, children ----
python3 -c '
import sys
sys.stdout.write("      <table id=\"t\" title=\"Ancha\">\n" + "<col/>" * 10000 + "\n<tbody><row>" + "<cell>x</cell>" * 10000 + "</row></tbody></table>\n")' | book cols.xml
hostile "a 10,000-column table" \
    "cols.xml:11:601: error: this is column 101 of the <table> at 10:7; the limit is 100 columns" \
    build $L cols.xml
python3 -c '
import sys
sys.stdout.write("      <table id=\"t\" title=\"Larga\"><col/>\n<tbody>\n" + "<row><cell>x</cell></row>\n" * 5001 + "</tbody></table>\n")' | book rows.xml
hostile "a table of 5,001 rows" \
    "rows.xml:5012:1: error: this is row 5001 of the <tbody> at 11:1; the limit is 5000 rows" \
    build $L rows.xml
python3 -c 'import sys; sys.stdout.write("      <p>x</p>\n" * 5001)' | book paras.xml
hostile "5,001 paragraphs in one chapter" \
    "paras.xml:5010:7: error: this <p> is element number 5001 directly inside the <chapter> at 9:5; the limit is 5000" \
    build $L paras.xml

# ---- images ----
python3 - "$TMP/case" <<'PY'
import struct, sys, zlib
def png(w, h):
    row = b"\0" + b"\xff" * ((w + 7) // 8)
    z = zlib.compressobj(9)
    data = b"".join(z.compress(row) for _ in range(h)) + z.flush()
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))
open(sys.argv[1] + "/tall.png", "wb").write(png(1, 100000))
open(sys.argv[1] + "/huge.png", "wb").write(png(30000, 30000))
PY
echo '      <figure id="f1" src="tall.png" title="Alta"/>' | book tall.xml
hostile "a 1 x 100,000-pixel PNG" \
    "tall.xml:10:23: error: the image \"tall.png\" cannot be used: it is 1 × 100000 pixels; the limit is 20000 pixels a side" \
    build $L tall.xml
echo '      <figure id="f1" src="huge.png" title="Enorme"/>' | book huge.xml
hostile "a 30,000 x 30,000-pixel PNG" \
    "huge.xml:10:23: error: the image \"huge.png\" cannot be used: it is 30000 × 30000 pixels; the limit is 20000 pixels a side" \
    build $L huge.xml

# ---- pages ----
python3 - "$TMP/case/pages.xml" <<'PY'
import sys
chapters = "".join('    <chapter title="C%d">\n' % k + "      <p>x</p><pagebreak/>\n" * 2000 + "    </chapter>\n" for k in range(6))
open(sys.argv[1], "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<book xml:lang="es">\n  <meta><title>P</title>'
                             '<publisher>E</publisher><edition number="1"/></meta>\n  <body>\n' + chapters + "  </body>\n</book>\n")
PY
hostile "10,001 pages" \
    "pages.xml:10016:7: error: the book runs past 10000 pages here; the limit is 10000 pages" \
    build $L pages.xml

# ---- includes ----
mkdir -p "$TMP/case/inc"
# each file is one xi:include of the next: 1.xml includes 2.xml … 9.xml includes 10.xml
for i in 1 2 3 4 5 6 7 8 9; do
    printf '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="%d.xml"/>\n' $((i + 1)) >"$TMP/case/inc/$i.xml"
done
printf '<p>fondo</p>\n' >"$TMP/case/inc/10.xml"
printf '      <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="inc/1.xml"/>\n' | book deepinc.xml
hostile "includes nested 9 deep" \
    "inc/8.xml:1:1: error: includes nest 9 files deep here; the limit is 8 (a file included by an included file…)" \
    build $L deepinc.xml
printf '<p xmlns:xi="http://www.w3.org/2001/XInclude">uno <xi:include href="loop.xml"/></p>\n' >"$TMP/case/inc/loop.xml"
printf '      <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="inc/loop.xml"/>\n' | book loop.xml
hostile "a file that includes itself" \
    "inc/loop.xml:1:51: error: \"loop.xml\" includes itself (through the files that include this one)" \
    build $L loop.xml

# ---- layouts ----
# (an indent of 1em of an absurd size is out of range too: both are said)
M="$root/tests/samples/ensayo/book.xml"
# layout NAME SED: a copy of layout/print.xml edited by SED; prints the line
# and column of the first match of WHAT in it (for the expected message)
layout() {
    sed "$2" layout/print.xml >"$TMP/case/layout/$1.xml"
    cmp -s layout/print.xml "$TMP/case/layout/$1.xml" && notok "layout $1: the edit ($2) changed nothing in layout/print.xml"
}
at() { awk -v w="$2" '{ i = index($0, w); if (i) { print NR ":" i + 1; exit } }' "$TMP/case/layout/$1.xml"; }
layout negative 's| width="170mm"| width="-170mm"|'
hostile "a layout with a negative page width" \
    "layout/negative.xml:$(at negative ' width="-170mm"'): error: width=\"-170mm\" is out of range: it must be between 50 and 1200mm
layout/negative.xml:5:3: error: the margins leave less than 20 mm of text area" \
    build -l layout/negative.xml "$M"
layout absurd-size 's|<style name="body" family="serif" size="10.5pt"|<style name="body" family="serif" size="99999999999999999999pt"|'
hostile "a layout with an absurd font size" \
    "layout/absurd-size.xml:$(at absurd-size ' size="99999999999999999999pt"'): error: size=\"99999999999999999999pt\" is out of range: it must be between 1 and 300pt
layout/absurd-size.xml:$(at absurd-size ' indent="1em"'): error: indent=\"1em\" is out of range: it must be between 0 and 300pt" \
    build -l layout/absurd-size.xml "$M"
layout absurd-indent 's|<style name="body" \(.*\) indent="1em"|<style name="body" \1 indent="-99999999999999999999999999999999999999999999em"|'
hostile "a layout with an absurd negative indent" \
    "layout/absurd-indent.xml:$(at absurd-indent ' indent="-9999'): error: indent=\"-99999999999999999999999999999999999999999999em\" is out of range: it must be between 0 and 300pt" \
    build -l layout/absurd-indent.xml "$M"
layout absurd-grid 's| grid="14pt"| grid="1000000000000mm"|'
hostile "a layout with an absurd grid" \
    "layout/absurd-grid.xml:$(at absurd-grid ' grid="1000000000000mm"'): error: grid=\"1000000000000mm\" is out of range: it must be between 2 and 200pt" \
    build -l layout/absurd-grid.xml "$M"
layout min-word 's| min-word="5"| min-word="99999999999"|'
hostile "a layout with an absurd hyphenation minimum" \
    "layout/min-word.xml:$(at min-word ' min-word="99999999999"'): error: min-word=\"99999999999\" is out of range: it must be between 2 and 64 letters" \
    build -l layout/min-word.xml "$M"

# a font file that is not a font: the error is at the attribute naming it
printf 'Esto no es una fuente.\n' >"$TMP/case/layout/falsa.ttf"
layout notafont 's|regular="../fonts/NotoSerif-Regular.ttf"|regular="falsa.ttf"|'
hostile "a font file that is not a font" \
    "layout/notafont.xml:$(at notafont ' regular="falsa.ttf"'): error: \"$TMP/case/layout/falsa.ttf\" is not a font file: the layout needs TrueType fonts (.ttf)" \
    build -l layout/notafont.xml "$M"

# a hyphenation file that is not a dictionary: a PNG, then text without patterns
cp tests/samples/features/img/grafico.png "$TMP/case/layout/grafico.dic"
layout notadic 's|<hyphenation xml:lang="es" |<hyphenation xml:lang="es" patterns="grafico.dic" |'
hostile "a hyphenation file that is not a dictionary (binary)" \
    "$TMP/case/layout/grafico.dic:1: error: not a hyphenation dictionary: a libhyphen .dic file is text that names its encoding (UTF-8) on its first line, then lists patterns such as a1b" \
    build -l layout/notadic.xml "$M"
printf 'UTF-8\nhola mundo\n' >"$TMP/case/layout/palabras.dic"
layout nopatterns 's|<hyphenation xml:lang="es" |<hyphenation xml:lang="es" patterns="palabras.dic" |'
hostile "a hyphenation file that is not a dictionary (no patterns)" \
    "$TMP/case/layout/palabras.dic:1: error: not a hyphenation dictionary: it has no patterns (lines such as a1b)" \
    build -l layout/nopatterns.xml "$M"
finish
