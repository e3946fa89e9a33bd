#!/usr/bin/env python3
"""check_tables.py - read back PDFs of tests/samples/tables and tests/samples/float.

usage: check_tables.py TABLES.pdf FLOAT.pdf

TABLES.pdf (tests/samples/tables/book.xml):
  - the 150-row table runs over at least 3 pages, and every page it is on
    starts its block with the head ("N.º", "Programa", "Monto");
  - rows 1..150 appear exactly once each, in order;
  - the tall row's 60 list items appear exactly once each, in order, over
    more than one page, and no text stands outside the page's text block
    (nothing clipped or pushed off the page);
FLOAT.pdf (tests/samples/float/book.xml):
  - the figure's image is at the top of the page after its place, and the
    paragraph that follows it in the manuscript is on the page before it.
Prints "N passed, M failed"; exit 1 on failure."""
import re
import sys

import fitz

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok: " if ok else "FAIL: ") + name + ("" if ok else f" ({detail})"))


def lines(page):
    out = []
    for b in page.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            t = "".join(s["text"] for s in l["spans"]).strip()
            for lig, plain in (("\ufb00", "ff"), ("\ufb01", "fi"), ("\ufb02", "fl"), ("\ufb03", "ffi"), ("\ufb04", "ffl")):
                t = t.replace(lig, plain)
            if t:
                out.append((l["spans"][0]["origin"][1], l["bbox"][0], t))
    return sorted(out)


def tables(path):
    doc = fitz.open(path)
    rows, items, table_pages, tall_pages = [], [], [], set()
    trim_top = trim_bottom = None
    for pno, page in enumerate(doc):
        ls = lines(page)
        texts = [t for _, _, t in ls]
        for y, x, t in ls:
            m = re.match(r"^Programa\s*regional\s*número\s*(\d+)$", t)
            if m:
                rows.append(int(m.group(1)))
                if pno not in table_pages:
                    table_pages.append(pno)
            m = re.search(r"Especialidad\s*de\s*formación\s*número\s*(\d+)", t)
            if m:
                items.append(int(m.group(1)))
                tall_pages.add(pno)
        # the page's body must stay inside the trim box's text block
        box = page.trimbox if hasattr(page, "trimbox") else page.rect
        for y, x, t in ls:
            if y < box.y0 or y > box.y1:
                check(f"page {pno + 1}: text inside the page", False, t)
    check("the long table runs over 3 or more pages", len(table_pages) >= 3, f"{len(table_pages)} pages")
    for pno in table_pages:
        ls = lines(doc[pno])
        body = [t for y, x, t in ls if not re.fullmatch(r"\d+|Tablas largas|Una tabla.*", t)]
        head = " ".join(body[:4])
        ok = ("N.º" in head and "Programa" in head and "Monto" in head) or (pno == table_pages[0])
        check(f"page {pno + 1}: the table's head is repeated at the top", ok, head[:80])
    check("rows 1..150 each once, in order", rows == list(range(1, 151)), f"{len(rows)} rows")
    check("the 60-line cell: items 1..60 each once, in order", items == list(range(1, 61)), f"{len(items)} items")
    check("the 60-line cell breaks across pages", len(tall_pages) >= 2, f"{sorted(tall_pages)}")


def float_(path):
    doc = fitz.open(path)
    img_page = text_page = None
    img_top = None
    for pno, page in enumerate(doc):
        for info in page.get_image_info():
            img_page, img_top = pno, info["bbox"][1]
        for y, x, t in lines(page):
            if re.sub(r"\s", "", t).startswith("Estepárrafosiguealafigura"):
                text_page = pno
    check("the figure is printed", img_page is not None)
    check("the paragraph after the figure flows on before it", text_page is not None and img_page is not None
          and text_page == img_page - 1, f"text p.{text_page}, figure p.{img_page}")
    if img_page is not None:
        ls = lines(doc[img_page])
        first_text_y = min((y for y, x, t in ls if not re.fullmatch(r"\d+|Figura flotante", t)), default=1e9)
        check("the figure opens its page", img_top is not None and img_top < 130, f"image top {img_top}")
        check("the caption is above the image", first_text_y < (img_top or 0) + 5)


def main():
    tables(sys.argv[1])
    float_(sys.argv[2])
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
