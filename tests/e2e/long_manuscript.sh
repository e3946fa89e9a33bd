#!/usr/bin/env bash
# A manuscript past line 65,535 (where libxml2 2.9's line numbers stop
# counting: it keeps them in 16 bits): problems there are reported at their
# own line and column, not at 65535 (elements are paired with their start
# tags by name, in document order, past that line).
set -u
source "$(dirname "$0")/lib.bash"
python3 - "$TMP/book.xml" <<'PY'
import sys
lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<book xml:lang="es">',
         '  <meta><title>Largo</title><publisher>P</publisher><edition number="1" date="2025-01-01"/></meta>',
         '  <body>', '    <chapter id="c1" title="Uno">']
n = 0
while len(lines) < 69990:  # sections of 50 paragraphs: no element with thousands of children
    n += 1
    lines.append('      <section id="s%d" title="Sección %d">' % (n, n))
    lines += ['        <p>Una línea más.</p>'] * 50
    lines.append('      </section>')
lines += ['      <section id="s1" title="Otra">', '        <p clase="x">Un atributo mal escrito.</p>',
          '      </section>', '    </chapter>', '  </body>', '</book>']
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
at=$(grep -n 'title="Otra"' "$TMP/book.xml" | cut -d: -f1)
"$FOLIO" build -o "$TMP/out.pdf" "$TMP/book.xml" 2>"$TMP/log"
check "a manuscript with errors: status 1" test $? = 1
check "the file is past line 65535 (the error at $at)" test "$at" -gt 65535
check "a duplicate id at its own line and column" \
    grep -qxF "$TMP/book.xml:$at:16: error: duplicate id \"s1\" (first used at $TMP/book.xml:6:16)" "$TMP/log"
check "an attribute at its own line and column" \
    grep -qxF "$TMP/book.xml:$((at + 1)):12: error: attribute \"clase\" is not allowed on <p> (did you mean \"class\"?)" "$TMP/log"
grep -q ":65535" "$TMP/log" && { notok "no place at libxml2's last line"; cat "$TMP/log"; } || ok "no place at libxml2's last line"
finish
