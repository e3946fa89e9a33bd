#!/usr/bin/env bash
# install-deps.sh - install every Debian 12 package folio's build, tests and
# book need. Idempotent (skips apt entirely when everything is installed) and
# quiet unless something fails, in which case apt's output is shown.
#
#   scripts/install-deps.sh        # as root, or as a user with sudo
#
# Fonts come from the repository's fonts/ folder (a layout may also name an
# installed family, found with fontconfig); hyphenation patterns come from
# Debian's hyphen-* packages (/usr/share/hyphen), one per language: Spanish
# for the book, English and German for the language tests.
set -euo pipefail

PACKAGES=(
    build-essential cmake pkg-config            # the toolchain
    libxml2-dev libxml2-utils                   # manuscript/layout loading, xmllint
    zlib1g-dev                                  # checking PNG images before libharu sees them
    libfreetype-dev libharfbuzz-dev             # fonts, shaping and font subsetting (hb-subset)
    libfontconfig-dev                           # fonts given by family name in a layout
    libhyphen-dev hyphen-es hyphen-en-us hyphen-de # hyphenation and its patterns per language
    libhpdf-dev                                 # the PDF document writer (libharu 2.3.0)
    libdeflate-dev                              # compressing the content streams and fonts
    liblcms2-dev libpng-dev libjpeg-dev         # figures converted to CMYK for PDF/X (Little CMS)
    ghostscript                                 # tests: separations (tiffsep); its default CMYK profile
    libicu-dev                                  # the index's collation and letter headings (ICU 72)
    libzint-dev                                 # the cover's ISBN barcode (EAN-13, drawn as vectors)
    zbar-tools                                  # tests: the cover's barcode read back (zbarimg)
    qpdf poppler-utils python3 python3-fitz     # tests: PDF checks and text extraction
    python3-fonttools                           # tests: a font with proportional figures (tabular figures test)
    valgrind                                    # memory checks
    clang-14 libclang-rt-14-dev                 # scripts/fuzz.sh: libFuzzer with ASan + UBSan
    fonts-dejavu-core                           # tests: a family with arrows, for the font fallback test,
                                                # and DejaVu Serif/Sans found by name (fontconfig)
    trang jing                                  # tests: the .rnc schemas are the .rng ones
    man-db                                      # tests: the manual page renders
)

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-deps.sh: must run as root (or with sudo available)" >&2
    exit 1
fi

# Already there? Then touch nothing (no network, no lock).
missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
    if ! "$@" >>"$log" 2>&1; then
        cat "$log" >&2
        echo "install-deps.sh: failed: $*" >&2
        exit 1
    fi
}
export DEBIAN_FRONTEND=noninteractive
run "${SUDO[@]}" apt-get update -q
run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
