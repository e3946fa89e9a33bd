#!/usr/bin/env python3
"""check_cover.py COVER.pdf PAGES [options] - a cover as a printer measures
it, read back with PyMuPDF (not with folio):

  - one page; its TrimBox is 2 x the trim width + the spine wide and the
    trim height tall, the spine being ceil(PAGES / 2) x caliper + allowance
    (PAGES is the interior's page count, read from the interior PDF by the
    caller); the BleedBox is the TrimBox grown by the bleed;
  - fold marks: vertical strokes at both folds of the spine, above and below
    the trim, outside the bleed (beside the crop marks);
  - safe zones: every character and every filled shape that is not a
    background (a fill from the top of the bleed to its foot) keeps `safe` from the trim
    and, on the front and back, from the spine's folds; text on the spine
    keeps spine-margin from the folds;
  - --spine TEXT: a line of turned text on the spine begins with TEXT, reads
    top to bottom (--up: bottom to top) and lies within the spine;
    --no-spine: no turned text at all.

Lengths in mm. Prints one line per failure; exit 1 on any."""
import argparse
import math
import sys

import fitz

MM = 72 / 25.4
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def spine_ink(page, fold1, fold2, trim, margin_mm):
    """The spine rendered at 600 dpi: ink (pixels unlike the spine's
    background, its most common colour) exists, and none of it stands
    within margin_mm of a fold (one pixel of anti-aliasing allowed)."""
    dpi = 600
    pix = page.get_pixmap(dpi=dpi, clip=fitz.Rect(fold1, trim.y0, fold2, trim.y1), colorspace=fitz.csRGB, alpha=False)
    w, h, n, data = pix.width, pix.height, pix.n, pix.samples
    counts = {}
    for y in range(0, h, 7):
        for x in range(0, w, 3):
            px = data[(y * w + x) * n:(y * w + x) * n + 3]
            counts[px] = counts.get(px, 0) + 1
    bg = max(counts, key=counts.get)
    ink_cols = []
    for x in range(2, w - 2):  # the two edge columns: the folds' own anti-aliasing
        col = [data[(y * w + x) * n:(y * w + x) * n + 3] for y in range(0, h, 2)]
        if any(sum(abs(p[i] - bg[i]) for i in range(3)) > 60 for p in col):
            ink_cols.append(x)
    if not ink_cols:
        fail("the spine shows no ink")
        return
    px_mm = 25.4 / dpi
    left, right = ink_cols[0] * px_mm, (w - 1 - ink_cols[-1]) * px_mm
    print("spine ink: %.2f mm from the back's fold, %.2f mm from the front's (spine-margin %.2f)" % (left, right, margin_mm))
    if left < margin_mm - px_mm or right < margin_mm - px_mm:
        fail("the spine's ink comes within %.2f mm of a fold (spine-margin %.2f)" % (min(left, right), margin_mm))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("pages", type=int)
    ap.add_argument("--trim-width", type=float, default=170)
    ap.add_argument("--trim-height", type=float, default=240)
    ap.add_argument("--caliper", type=float, default=0.1)
    ap.add_argument("--allowance", type=float, default=1)
    ap.add_argument("--bleed", type=float, default=5)
    ap.add_argument("--safe", type=float, default=5)
    ap.add_argument("--spine-margin", type=float, default=1.6)
    ap.add_argument("--spine")
    ap.add_argument("--up", action="store_true")
    ap.add_argument("--no-spine", action="store_true")
    a = ap.parse_args()

    doc = fitz.open(a.pdf)
    if len(doc) != 1:
        fail("the cover has %d pages" % len(doc))
    page = doc[0]
    spine = math.ceil(a.pages / 2) * a.caliper + a.allowance
    want_w = 2 * a.trim_width + spine
    trim, bleed = page.trimbox, page.bleedbox
    got_w, got_h = trim.width / MM, trim.height / MM
    print("cover %.2f x %.2f mm (spine %.2f mm for %d pages)" % (got_w, got_h, (got_w - 2 * a.trim_width), a.pages))
    if abs(got_w - want_w) > 0.01:
        fail("TrimBox is %.3f mm wide; 2 x %.1f + ceil(%d / 2) x %.2f + %.2f = %.3f" %
             (got_w, a.trim_width, a.pages, a.caliper, a.allowance, want_w))
    if abs(got_h - a.trim_height) > 0.01:
        fail("TrimBox is %.3f mm tall, not %.1f" % (got_h, a.trim_height))
    for side, d in (("left", trim.x0 - bleed.x0), ("top", trim.y0 - bleed.y0), ("right", bleed.x1 - trim.x1),
                    ("bottom", bleed.y1 - trim.y1)):
        if abs(d / MM - a.bleed) > 0.01:
            fail("the bleed at the %s is %.2f mm, not %.2f" % (side, d / MM, a.bleed))

    # in PyMuPDF's page space (y down, the MediaBox's origin)
    fold1 = trim.x0 + a.trim_width * MM
    fold2 = fold1 + spine * MM
    safe, eps = a.safe * MM, 0.05

    # fold marks: strokes on x = fold, wholly above or below the bleed
    marks = {(f, s): 0 for f in (1, 2) for s in ("above", "below")}
    for dr in page.get_drawings():
        for it in dr["items"]:
            if it[0] != "l":
                continue
            p, q = it[1], it[2]
            if abs(p.x - q.x) > eps:
                continue
            for f, fx in ((1, fold1), (2, fold2)):
                if abs(p.x - fx) < eps:
                    if max(p.y, q.y) < bleed.y0:
                        marks[(f, "above")] += 1
                    elif min(p.y, q.y) > bleed.y1:
                        marks[(f, "below")] += 1
    for k, n in marks.items():
        if n != 1:
            fail("fold %d: %d marks %s the bleed, expected 1" % (k[0], n, k[1]))

    def keep_out(what, r, on_spine=False):
        """r must keep safe from the trim, and from the folds unless on the spine."""
        if r.x0 < trim.x0 + safe - eps or r.x1 > trim.x1 - safe + eps or r.y0 < trim.y0 + safe - eps or \
                r.y1 > trim.y1 - safe + eps:
            fail("%s at %s is within %.1f mm of the trim" % (what, r, a.safe))
        if on_spine:
            if r.x0 < fold1 - eps or r.x1 > fold2 + eps:
                fail("%s at %s is not within the spine (%.2f..%.2f)" % (what, r, fold1, fold2))
        elif r.x1 > fold1 - safe + eps and r.x0 < fold2 + safe - eps:
            fail("%s at %s is within %.1f mm of a spine fold" % (what, r, a.safe))

    turned = []
    for b in page.get_text("rawdict")["blocks"]:
        for line in b.get("lines", []):
            text = "".join(c["c"] for s in line["spans"] for c in s["chars"])
            turned_line = abs(line["dir"][0]) < 1e-3
            if turned_line:
                turned.append((text, line["dir"], fitz.Rect(line["bbox"])))
            for s in line["spans"]:
                for ch in s["chars"]:
                    if ch["c"].strip():
                        keep_out("%r of %r" % (ch["c"], text), fitz.Rect(ch["bbox"]), turned_line)
    for dr in page.get_drawings():
        if dr.get("fill") is None:
            continue
        r = dr["rect"]
        if r.y0 <= bleed.y0 + eps and r.y1 >= bleed.y1 - eps:
            continue  # a background: from bleed to bleed by design
        keep_out("a filled shape", r)

    if a.no_spine and turned:
        fail("the spine has text: %r" % [t for t, _, _ in turned])
    if a.spine:
        mine = [t for t in turned if t[0].startswith(a.spine)]
        if not mine:
            fail("no turned line on the spine begins %r (turned: %r)" % (a.spine, [t for t, _, _ in turned]))
        want_dir = (0.0, -1.0) if a.up else (0.0, 1.0)
        for text, d, r in mine:
            if abs(d[0] - want_dir[0]) > 1e-3 or abs(d[1] - want_dir[1]) > 1e-3:
                fail("%r reads along %r, not %r" % (text, d, want_dir))
            print("spine: %r at x %.2f..%.2f mm of the spine's %.2f, y %.1f..%.1f mm" %
                  (text, (r.x0 - fold1) / MM, (r.x1 - fold1) / MM, spine, (r.y0 - trim.y0) / MM, (r.y1 - trim.y0) / MM))
        spine_ink(page, fold1, fold2, trim, a.spine_margin)
    print("%d failure%s" % (len(failures), "" if len(failures) == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
