#!/usr/bin/env bash
# Issue 15, typography a proofreader signs, read back from real PDFs:
#   - long tokens: the atlas (tests/samples/atlas) has no overfull line, its
#     URLs, e-mail and path break at their own punctuation without a hyphen,
#     and no paragraph of the atlas, the book or the English sample ends on
#     a fragment of a hyphenated word (the typometer's counts);
#   - tables (tests/pdf/check_tables_typography.py): rows kept two by two at
#     a page break, heads on every piece, numbers with their words, group rows
#     in bold, heads aligned like their columns, list labels hanging in cells,
#     a floated figure never between two pieces of a table
#     (tests/samples/float-table), tabular figures (a family whose figures are
#     proportional by default, made from Noto Sans with fontTools);
#   - contents, bookmarks, openers and the index (tests/pdf/check_divisions.py),
#     on the atlas (two parts, an appendix) and the book.
set -u
source "$(dirname "$0")/lib.bash"
METER=../shared/tools/typometer.py

if ! "$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/atlas.pdf" tests/samples/atlas/book.xml 2>"$TMP/atlas.log"; then
  notok "build the atlas"; cat "$TMP/atlas.log"
else
  ok "build the atlas"
  if grep -q "overfull" "$TMP/atlas.log"; then notok "atlas: an overfull line: $(grep overfull "$TMP/atlas.log" | head -2)"
  else ok "atlas: no overfull line reported"; fi
  "$FITZ_PYTHON" tests/pdf/check_tables_typography.py atlas "$TMP/atlas.pdf" >"$TMP/out" && ok "atlas: tables" ||
    { notok "atlas: tables"; grep FAIL "$TMP/out"; }
  "$FITZ_PYTHON" tests/pdf/check_divisions.py "$TMP/atlas.pdf" --parts >"$TMP/out" &&
    ok "atlas: contents, bookmarks, openers and index" ||
    { notok "atlas: contents, bookmarks, openers and index"; grep FAIL "$TMP/out"; }
  # the URLs break where they may: each line that ends inside one ends after / . - _ ? & =, no hyphen added
  pdf_text "$TMP/atlas.pdf" | "$FITZ_PYTHON" -c '
import re, sys
lines = sys.stdin.read().splitlines()
bad = [l for l, n in zip(lines, lines[1:])
       if re.search(r"(https?://|/srv/|@)\S*$", l) and not re.search(r"[/.\-_?&=]$", l) and not re.search(r"[,;)]$", l)]
for b in bad: print("      an address broken after:", b[-40:])
hyph = [l for l in lines if re.search(r"(https?://|/srv/)\S*\u00ad$", l)]
for h in hyph: print("      a hyphen added inside an address:", h[-40:])
sys.exit(1 if bad or hyph else 0)' && ok "atlas: addresses break after their punctuation, without a hyphen" ||
    notok "atlas: addresses break after their punctuation, without a hyphen"
  if [ -f "$METER" ]; then
    "$FITZ_PYTHON" "$METER" "$TMP/atlas.pdf" --json >"$TMP/atlas.json" 2>/dev/null
    "$FITZ_PYTHON" -c '
import json, sys
r = json.load(open(sys.argv[1]))
o, h = r["overfull"]["count"], r["hyphenation"]["fragment_last_lines"]
print(f"      overfull {o}, fragment last lines {h}")
sys.exit(0 if o == 0 and h == 0 else 1)' "$TMP/atlas.json" && ok "atlas: typometer: 0 overfull, 0 fragment last lines" ||
      notok "atlas: typometer: 0 overfull, 0 fragment last lines"
  fi
fi

# the book and the English sample: no fragment last line, few capitalised words broken
if [ -f "$METER" ]; then
  for ms in book/book.xml tests/samples/english/book.xml; do
    lay=layout/print.xml
    [ "$ms" = book/book.xml ] || lay=$PRINT_CMYK
    if "$FOLIO" build -l "$lay" -o "$TMP/m.pdf" "$ms" 2>/dev/null; then
      if [ "$ms" = book/book.xml ]; then
        "$FITZ_PYTHON" tests/pdf/check_divisions.py "$TMP/m.pdf" >"$TMP/out" &&
          ok "the book: contents, bookmarks, openers and index" ||
          { notok "the book: contents, bookmarks, openers and index"; grep FAIL "$TMP/out"; }
      fi
      "$FITZ_PYTHON" "$METER" "$TMP/m.pdf" --json >"$TMP/m.json" 2>/dev/null
      "$FITZ_PYTHON" -c '
import json, sys
r = json.load(open(sys.argv[1]))["hyphenation"]
print("      fragment last lines %d, capitalised words hyphenated %d" % (r["fragment_last_lines"], r["capitalized"]))
sys.exit(0 if r["fragment_last_lines"] == 0 and r["capitalized"] <= 10 else 1)' "$TMP/m.json" &&
        ok "$ms: no fragment last line, at most 10 capitalised words hyphenated" ||
        notok "$ms: no fragment last line, at most 10 capitalised words hyphenated"
    else notok "build $ms"; fi
  done
fi

# a floated figure and a table across pages
if "$FOLIO" build -l "$PRINT_CMYK" -o "$TMP/ft.pdf" tests/samples/float-table/book.xml 2>"$TMP/log"; then
  "$FITZ_PYTHON" tests/pdf/check_tables_typography.py float "$TMP/ft.pdf" >"$TMP/out" && ok "float-table: the figure waits for the table's end" ||
    { notok "float-table: the figure waits for the table's end"; grep FAIL "$TMP/out"; }
else notok "build float-table"; cat "$TMP/log"; fi

# tabular figures: a sans whose default figures are proportional (Noto Sans's .lf figures)
if "$FITZ_PYTHON" -c 'import fontTools' 2>/dev/null; then
  "$FITZ_PYTHON" - "$TMP/prop.ttf" <<'EOF'
import sys
from fontTools.ttLib import TTFont
f = TTFont("fonts/NotoSans-Regular.ttf")
names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
for t in f["cmap"].tables:
    if t.isUnicode():
        for i, n in enumerate(names):
            if 0x30 + i in t.cmap:
                t.cmap[0x30 + i] = n + ".lf"
f.save(sys.argv[1])
EOF
  mkdir -p "$TMP/tnum"
  "$FITZ_PYTHON" - "$TMP" <<'EOF'
import os, re, sys
tmp, here = sys.argv[1], os.getcwd()
s = open("layout/screen.xml", encoding="utf-8").read()
font = tmp + "/prop.ttf"
s = re.sub(r'<family name="sans".*?/>', f'<family name="sans" regular="{font}" bold="{font}" italic="{font}" bold-italic="{font}"/>',
           s, flags=re.S)
s = s.replace('"../fonts/', f'"{here}/fonts/').replace('exceptions="', f'exceptions="{here}/layout/')
open(tmp + "/tnum/layout.xml", "w", encoding="utf-8").write(s)
EOF
  cat >"$TMP/tnum/book.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<book xml:lang="es">
  <meta><title>Cifras</title><publisher>folio</publisher><edition number="1" date="2025-01-01"/></meta>
  <body><chapter id="c" title="Cifras">
    <p>Una tabla de cifras.</p>
    <table id="t" title="Cifras"><col width="1*"/><col width="1*" align="right"/>
      <thead><row><cell>Uno</cell><cell>Ocho</cell></row></thead>
      <tbody><row><cell>1111</cell><cell>8888</cell></row></tbody></table>
  </chapter></body>
</book>
EOF
  if "$FOLIO" build -l "$TMP/tnum/layout.xml" -o "$TMP/tnum.pdf" "$TMP/tnum/book.xml" 2>"$TMP/log"; then
    "$FITZ_PYTHON" tests/pdf/check_tables_typography.py tnum "$TMP/tnum.pdf" >"$TMP/out" && ok "tables: tabular figures" ||
      { notok "tables: tabular figures"; grep FAIL "$TMP/out"; }
  else notok "build the tabular figures' book"; cat "$TMP/log"; fi
else
  notok "python3-fonttools is missing (scripts/install-deps.sh installs it)"
fi
finish
