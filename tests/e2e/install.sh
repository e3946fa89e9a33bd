#!/usr/bin/env bash
# install.sh - an installed folio works on its own.
#
# The source tree is copied away, built (the folio target) and installed with
# `cmake --install` into a temporary prefix; then the copy and its build tree
# are deleted. The installed folio, run from a book's own folder with no -l
# and no -o, typesets an English book (tests/lang/english copied there) with
# the installed print layout, English hyphenation and English generated
# text, into out/<slug>.pdf beside the manuscript. Run from /, it typesets a
# copy of book/ into book's out/. The man page, the completion, the docs, the
# schemas and the fonts' licences are installed; a book carrying its own
# layout/ uses it before the installed one; a layout name that exists nowhere
# says where folio looked.
source "$(dirname "$0")/lib.bash"
SRC=$TMP/src BUILD=$TMP/build PREFIX=$TMP/prefix
mkdir -p "$SRC"
tar --exclude='./build*' --exclude='./out' --exclude='./.git' --exclude='./book/out' -cf - . | tar -xf - -C "$SRC"
if ! cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >"$TMP/cmake.log" 2>&1 ||
   ! cmake --build "$BUILD" --target folio -j 2 >>"$TMP/cmake.log" 2>&1; then
    notok "a copy of the source tree builds"; tail -20 "$TMP/cmake.log"; finish; exit
fi
cmake --install "$BUILD" --prefix "$PREFIX" >"$TMP/install.log" 2>&1
check "cmake --install: exit 0" test $? -eq 0
for f in bin/folio share/man/man1/folio.1 share/folio/layout/print.xml share/folio/layout/screen.xml \
         share/folio/layout/hyphenation-es.txt share/folio/fonts/NotoSerif-Regular.ttf share/folio/fonts/OFL.txt \
         share/folio/fonts/DejaVu-LICENSE.txt share/folio/schema/manuscript.rng share/folio/schema/manuscript.rnc \
         share/folio/schema/index-terms.rng share/folio/layout/schema/layout.rng share/doc/folio/manuscript.md \
         share/doc/folio/layout.md share/bash-completion/completions/folio; do
    check "installed: $f" test -s "$PREFIX/$f"
done
check "the installed man page renders" sh -c "MANPATH='$PREFIX/share/man' man folio 2>/dev/null | grep -q 'folio - typeset a book'"
# the source and build trees go away
cp -r tests/lang/english "$TMP/mybook"
cp -r book "$TMP/book"
rm -rf "$TMP/book/out"
rm -rf "$SRC" "$BUILD"
F=$PREFIX/bin/folio

(cd "$TMP/mybook" && "$F" build >"$TMP/log" 2>&1)
check "from the book's folder, no -l, no -o: exit 0" test $? -eq 0
PDF=$TMP/mybook/out/the-appropriate-measure.pdf
check "the PDF is out/<slug>.pdf beside the manuscript" test -s "$PDF"
check "English generated text" pdf_contains "$PDF" "Contents" "List of Tables" "Table 1." "Source:" "15 March 2026" "Index"
check "the installed print layout and fonts: Noto Serif embedded" sh -c "pdffonts '$PDF' | grep -q NotoSerif"
"$F" build -l "$PREFIX/share/folio/layout/print.xml" -o "$TMP/narrow-src.pdf" "$TMP/mybook/book.xml" 2>/dev/null
mkdir -p "$TMP/mybook/layout"
sed 's|width="170mm"|width="105mm"|; s|pretolerance="100"|pretolerance="-1"|; s|inner="20mm" outer="22mm"|inner="12mm" outer="12mm"|; s|"../fonts/|"'"$PREFIX"'/share/folio/fonts/|g' \
    "$PREFIX/share/folio/layout/print.xml" >"$TMP/mybook/layout/print.xml"
cp "$PREFIX/share/folio/layout/hyphenation-es.txt" "$TMP/mybook/layout/"
(cd "$TMP/mybook" && "$F" build -o narrow.pdf >/dev/null 2>&1)
check "a layout/ beside the manuscript comes before the installed one (narrow page)" \
    sh -c "pdfinfo '$TMP/mybook/narrow.pdf' | grep -q 'Page size: *371.3'"
check "English hyphenation" "$FITZ_PYTHON" tests/lang/hyphen_splits.py "$TMP/mybook/narrow.pdf" /usr/share/hyphen/hyph_en_US.dic \
    tests/lang/english/chapters/*.xml --skip cooperación técnica internacional --never consuetudinem tenacissimam --min 10

(cd / && "$F" build "$TMP/book/book.xml" >"$TMP/log" 2>&1)
check "from /: the book builds" test $? -eq 0
check "from /: into book's own out/" test -s "$TMP/book/out/servicio-de-cooperacion-tecnica-1952-2025.pdf"
(cd / && "$F" build -l screen -o "$TMP/screen.pdf" "$TMP/book/book.xml" >/dev/null 2>&1)
check "-l screen: the installed screen layout (no bleed: 170 x 240 mm)" \
    sh -c "pdfinfo '$TMP/screen.pdf' | grep -q 'Page size: *481.89 x 680.31'"
(cd / && "$F" check -l nosuch "$TMP/book/book.xml" 2>"$TMP/err" >/dev/null)
check "an unknown layout name: exit 1" test $? -eq 1
check "an unknown layout name: says where folio looked and suggests -l" \
    grep -q "error: no layout \"nosuch\" found: looked for $TMP/book/layout/nosuch.xml, $PREFIX/share/folio/layout/nosuch.xml; name a layout file with -l FILE" "$TMP/err"
finish
