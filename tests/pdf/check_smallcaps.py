#!/usr/bin/env python3
"""check_smallcaps.py PDF TEXT - small capitals keep their capitals:

TEXT (e.g. "Yo, el Rey", set in <sc>) reads back exactly as written, and on
the page its capitals stand taller than its small capitals: the first
capital's ink reaches at least 8 % of the size higher than the ink of the
next lower-case letter (set as a small capital). Exit 1 on a failure."""
import sys

import fitz


def ink_top(page, rect):
    pix = page.get_pixmap(dpi=600, clip=rect, colorspace=fitz.csGRAY)
    for row in range(pix.height):
        line = pix.samples[row * pix.stride:row * pix.stride + pix.width]
        if min(line) < 128:
            return rect.y0 + row * 72.0 / 600
    return None


def main(path, want):
    doc = fitz.open(path)
    for page in doc:
        chars = []
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for ch in span["chars"]:
                        # from a size above the baseline down to it: the glyph's
                        # own ink, not a descender of the line above
                        # (its middle half across: kerned neighbours overlap the edges)
                        b = fitz.Rect(ch["bbox"])
                        base = ch["origin"][1]
                        q = b.width / 4
                        chars.append((ch["c"], fitz.Rect(b.x0 + q, base - span["size"], b.x1 - q, base), span["size"]))
        text = "".join(c for c, _, _ in chars)
        at = text.find(want)
        if at < 0:
            continue
        cap = next(i for i in range(at, at + len(want)) if chars[i][0].isupper())
        low = next(i for i in range(cap, at + len(want)) if chars[i][0].islower())
        tc, tl = ink_top(page, chars[cap][1]), ink_top(page, chars[low][1])
        size = chars[cap][2]
        print("page %d: \"%s\" found; '%s' ink top %.2f, '%s' ink top %.2f (size %.1f)" %
              (page.number + 1, want, chars[cap][0], tc, chars[low][0], tl, size))
        if tc is None or tl is None or tl - tc < 0.08 * size:
            print("FAIL the capital is not taller than the small capital")
            return 1
        return 0
    print("FAIL \"%s\" is not in the PDF's text as written" % want)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
