# lib.bash - shared by the end-to-end tests (sourced, not run: ctest only
# runs tests/e2e/*.sh). Each script is run from the repo root as
#   bash tests/e2e/NAME.sh /path/to/folio
# and prints one line per check, then "N passed, M failed".

FOLIO=${1:?usage: bash $0 /path/to/folio}
case $FOLIO in /*) ;; *) FOLIO=$PWD/$FOLIO ;; esac
if [ ! -x "$FOLIO" ]; then
    echo "not an executable: $FOLIO" >&2
    exit 2
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1764547200}
# The print edition with a CMYK output profile: samples with colour figures
# (features, float) need it, as a PDF/X edition refuses colour it cannot convert.
PRINT_CMYK=tests/layouts/print-cmyk.xml

TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-e2e.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# the Python that has PyMuPDF (Debian python3-fitz), for tests/pdf/*.py
FITZ_PYTHON=/usr/bin/python3
[ -x "$FITZ_PYTHON" ] || FITZ_PYTHON=python3

PASSED=0
FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok    $*"; }
notok() { FAILED=$((FAILED + 1)); echo "FAIL  $*"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds
check() {
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else notok "$desc"; fi
}
finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

# pdf_text PDF: the text of a PDF, as pdftotext gives it (UTF-8)
pdf_text() { pdftotext -enc UTF-8 "$1" - 2>/dev/null; }

# pdf_fonts_ok PDF: every font is embedded and subset (pdffonts' emb, sub)
pdf_fonts_ok() {
    pdffonts "$1" 2>/dev/null | python3 -c '
import sys
lines = sys.stdin.read().splitlines()
if len(lines) < 3:
    print("      no fonts listed"); sys.exit(1)
head = lines[0]
emb, sub = head.index(" emb ") + 1, head.index(" sub ") + 1
bad = [l for l in lines[2:] if l[emb:emb+3] != "yes" or l[sub:sub+3] != "yes"]
for l in bad: print("      not embedded or not subset:", l)
sys.exit(1 if bad else 0)'
}

# pdf_contains PDF WORD...: the text (ligatures U+FB00-FB04 expanded,
# whitespace collapsed, words joined across hyphenated line ends) contains
# every WORD (a word or phrase)
pdf_contains() {
    local pdf=$1
    shift
    pdf_text "$pdf" | python3 -c '
import sys, re
lig = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
t = sys.stdin.read()
for k, v in lig.items(): t = t.replace(k, v)
t = re.sub(r"(\w)[-\u2010\u00ad]\n(\w)", r"\1\2", t)
t = re.sub(r"\s+", " ", t)
missing = [w for w in sys.argv[1:] if w not in t]
for w in missing: print("      missing:", w)
sys.exit(1 if missing else 0)' "$@"
}
