#!/usr/bin/env python3
"""check_ink.py PDF MIN - every line and fill the PDF draws shows on paper:
no stroke or fill in white (a colour left at its zero value once printed
table rules invisibly), and at least MIN strokes drawn at all. Exit 1 on a
failure."""
import sys

import fitz


def main(path, want):
    doc = fitz.open(path)
    strokes = 0
    bad = []
    for page in doc:
        for d in page.get_drawings():
            for key in ("color", "fill"):
                col = d.get(key)
                if col is None:
                    continue
                if key == "color":
                    strokes += 1
                if all(v > 0.999 for v in col):
                    bad.append("page %d: a %s in white at %s" % (page.number + 1, "stroke" if key == "color" else "fill",
                                                                 fitz.Rect(d["rect"])))
    for b in bad[:10]:
        print("FAIL", b)
    print("%d strokes drawn, %d in white" % (strokes, len(bad)))
    return 1 if bad or strokes < want else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
