#!/usr/bin/env python3
"""check_refs.py - page numbers in a folio PDF point where they say.

usage: check_refs.py BOOK.pdf

  - every page's label (the PDF /PageLabels) equals the folio printed on it
    (lower-case roman in the front matter, arabic from the first chapter);
  - every entry of the table of contents ("Title … N") is on the page labelled
    N: that page shows the title's first words;
  - every "→ p. N" of the chronology names a page that exists.
Prints "N passed, M failed"; exit 1 on failure."""
import re
import sys

import fitz

LIGS = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def norm(t):
    for a, b in LIGS.items():
        t = t.replace(a, b)
    return re.sub(r"\s+", "", t)


def main():
    doc = fitz.open(sys.argv[1])
    passed = failed = 0

    def check(ok, msg):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL:", msg)

    label_of = {i: doc[i].get_label() for i in range(len(doc))}
    page_of = {}
    for i, l in label_of.items():
        page_of.setdefault(l, i)
    texts = [norm(doc[i].get_text()) for i in range(len(doc))]
    # folios: the last text line at the foot of a page with a folio
    folios = 0
    for i, page in enumerate(doc):
        lines = []
        for b in page.get_text("dict")["blocks"]:
            for l in b.get("lines", []):
                t = "".join(s["text"] for s in l["spans"]).strip()
                if t:
                    lines.append((l["spans"][0]["origin"][1], t))
        if not lines:
            continue
        y, t = max(lines)
        if y > page.rect.height * 0.85 and re.fullmatch(r"[0-9]+|[ivxlc]+", t):
            folios += 1
            check(t == label_of[i], f"page {i + 1}: folio {t} but label {label_of[i]}")
    check(folios > 0, "no folios found")
    # the table of contents: the first page titled "Índice"
    toc = [i for i in range(len(doc)) if doc[i].get_text().lstrip().startswith("Índice\n")]
    entries = 0
    for i in toc[:1]:
        cur = []
        for raw in doc[i].get_text().split("\n")[1:]:
            raw = raw.strip()
            # "Title . . . . 17" (dot leaders) or the number on a line of its own
            m = re.fullmatch(r"(.*?)[\s.]*\.\s*([0-9]+|[ivxlc]+)", raw)
            if m:
                if m.group(1).strip():
                    cur.append(m.group(1).strip())
                raw = m.group(2)
            if re.fullmatch(r"[0-9]+|[ivxlc]+", raw):
                title = " ".join(cur)
                cur = []
                if not title:
                    continue
                entries += 1
                # "Capítulo 2. Título": the label is printed apart (and in capitals) on the opener
                keys = [norm(title)[:18]]
                if ". " in title:
                    keys.append(norm(title.split(". ", 1)[1])[:18])
                p = page_of.get(raw)
                check(p is not None and any(k in texts[p] for k in keys), f"contents: \"{title}\" said to be on {raw}")
            elif raw:
                cur.append(raw)
    check(entries > 0 or not toc, "no entries read from the contents")
    for i in range(len(doc)):
        for line in doc[i].get_text().split("\n"):
            m = re.fullmatch(r"\s*[›→]\s*p\.\s*([0-9]+|[ivxlc]+)\s*", line)
            if m:
                check(m.group(1) in page_of, f"page {i + 1}: → p. {m.group(1)} does not exist")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
