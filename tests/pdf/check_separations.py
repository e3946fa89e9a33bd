#!/usr/bin/env python3
"""check_separations.py PDF [DPI] - the inks a press would lay down,
rendered by Ghostscript's separation device (tiffsep) inside the TrimBox,
figures' images left out (a photograph's shadows are rich black by design):

  - no pixel carries rich black: where the black plate has 50 % or more,
    cyan + magenta + yellow together stay at or under 10 %;
  - the text is on the black plate: the black plate has ink (pixels of
    50 % black or more) on every page that shows text.

Prints the counts per book (black pixels, rich-black pixels) and exits 1 on
a failure. Needs gs (Debian ghostscript) and PyMuPDF to read the TIFFs."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import fitz


def plates(tmp, page):
    base = os.path.join(tmp, "p%04d" % page)
    out = {}
    for ink in ("Cyan", "Magenta", "Yellow", "Black"):
        px = fitz.Pixmap("%s(%s).tif" % (base, ink))
        out[ink] = px.samples  # one byte a pixel: 255 no ink, 0 full ink
    return out


def image_mask(page, dpi, width):
    """The pixels (row * width + col) covered by the page's images, in the
    trim box's pixel grid (one pixel of margin)."""
    trim = page.trimbox
    k = dpi / 72.0
    masked = set()
    for info in page.get_image_info():
        r = fitz.Rect(info["bbox"])
        x0, y0 = int((r.x0 - trim.x0) * k) - 1, int((r.y0 - trim.y0) * k) - 1
        x1, y1 = int((r.x1 - trim.x0) * k) + 2, int((r.y1 - trim.y0) * k) + 2
        for row in range(max(y0, 0), y1):
            for col in range(max(x0, 0), min(x1, width)):
                masked.add(row * width + col)
    return masked


def main(path, dpi=50):
    doc = fitz.open(path)
    text_pages = [p.number + 1 for p in doc if p.get_text("text").strip()]
    tmp = tempfile.mkdtemp(prefix="folio-sep.")
    try:
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r%d" % dpi,
                        "-dUseTrimBox", "-o", os.path.join(tmp, "p%04d.tif"), path], check=True)
        npages = len(glob.glob(os.path.join(tmp, "p*(Black).tif")))
        black = rich = 0
        failures = []
        for page in range(1, npages + 1):
            pl = plates(tmp, page)
            c, m, y, k = pl["Cyan"], pl["Magenta"], pl["Yellow"], pl["Black"]
            width = fitz.Pixmap(os.path.join(tmp, "p%04d(Black).tif" % page)).width
            masked = image_mask(doc[page - 1], dpi, width)
            page_black = page_rich = 0
            for i in range(len(k)):
                if k[i] <= 127 and i not in masked:  # 50 % black or more
                    page_black += 1
                    cmy = (765 - c[i] - m[i] - y[i]) / 255.0
                    if cmy > 0.10:
                        page_rich += 1
            black += page_black
            rich += page_rich
            if page_rich:
                failures.append("page %d: %d pixels of rich black (K >= 50 %% with C+M+Y > 10 %%)" % (page, page_rich))
            if page in text_pages and page_black == 0:
                failures.append("page %d shows text but its black plate is empty" % page)
        for f in failures[:20]:
            print("FAIL", f)
        print("%d pages: %d pixels with K >= 50 %%, %d of them rich black (C+M+Y > 10 %%); %d failure%s" %
              (npages, black, rich, len(failures), "" if len(failures) == 1 else "s"))
        return 1 if failures or npages == 0 else 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50))
