#!/usr/bin/env bash
# Regenerates the golden traces after a deliberate layout change:
#   tests/golden/update.sh [path/to/folio]
# Look at the diff (git diff tests/golden) and at the pages before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
folio=${1:-build/folio}
python3 tests/golden/make_cases.py
for d in tests/golden/*/; do
  "$folio" build -o /tmp/folio-golden.pdf --trace "$d/expected.trace" "$d/book.xml" 2>/dev/null
done
rm -f /tmp/folio-golden.pdf
echo "updated $(ls -d tests/golden/*/ | wc -l) golden traces"
