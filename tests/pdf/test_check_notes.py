#!/usr/bin/env python3
"""test_check_notes.py - check_notes.py must fail on misplaced notes.

Builds tiny PDFs with PyMuPDF: a body line with a raised small call "1" and
the note "1 …" at the foot, on the same page (passes) or on the next page
(fails), and a note without a call (fails)."""
import os
import subprocess
import sys
import tempfile

import fitz

HERE = os.path.dirname(os.path.abspath(__file__))
SERIF = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
REPO_SERIF = os.path.join(HERE, "..", "..", "fonts", "NotoSerif-Regular.ttf")


def make(path, call_page, note_page, with_call=True):
    doc = fitz.open()
    for _ in range(2):
        doc.new_page(width=480, height=680)
    font = REPO_SERIF if os.path.exists(REPO_SERIF) else SERIF
    for p in range(2):
        page = doc[p]
        page.insert_font(fontname="serif", fontfile=font)
        page.insert_text((60, 100), "Texto del cuerpo con una llamada", fontname="serif", fontsize=10.5)
        if with_call and p == call_page:
            page.insert_text((230, 96), "1", fontname="serif", fontsize=6.5)
        if p == note_page:
            page.insert_text((60, 600), "1 El texto de la nota al pie.", fontname="serif", fontsize=8.5)
    doc.save(path)


def run(path):
    return subprocess.run([sys.executable, os.path.join(HERE, "check_notes.py"), path],
                          capture_output=True, text=True).returncode


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("same page", 0, 0, True, 0), ("note on the next page", 0, 1, True, 1),
                 ("note without its call", 0, 0, False, 1)]
        for name, cp, np_, wc, want in cases:
            pdf = os.path.join(tmp, "t.pdf")
            make(pdf, cp, np_, wc)
            got = run(pdf)
            if (got == 0) == (want == 0):
                passed += 1
            else:
                failed += 1
                print(f"FAIL: {name}: exit {got}, wanted {'0' if want == 0 else 'non-zero'}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
