#!/usr/bin/env python3
"""check_tables_typography.py - issue 15's table rules, read back from PDFs.

usage: check_tables_typography.py atlas ATLAS.pdf
       check_tables_typography.py float FLOAT_TABLE.pdf
       check_tables_typography.py tnum TNUM.pdf

atlas (tests/samples/atlas in the print layout):
  - Tabla 3 (t-predios) and Tabla 4 (t-barrios) run over several pages; each
    page holds at least two of their body rows, and each page they continue
    on opens with their head;
  - in Tabla 4 a number stays with the word it qualifies: every "barrio(s)"
    has its number before it on the same line, every "Zona" its number after it;
  - group rows ("Sector Norte", "Área urbana consolidada") are set in bold;
  - a head cell aligns all of its lines like its column: the lines of
    "Inversión ejecutada en miles de $" (right) end at one x, those of
    "Superficie regada en hectáreas" (decimal) too, where a whole number of
    the column ends; "$" never stands alone on a line;
  - list labels stay in their cells: a bullet starts the first line of each
    item, and an item's second line starts where its text does, not under
    the bullet.
float (tests/samples/float-table): the table that runs onto the next page
  opens that page with its head, and the figure that did not fit before it
  stands after the table's last row, never between two of its pieces.
tnum (a table whose family's figures are proportional by default): the
  figures of a table are tabular: "1111" and "8888" are as wide.
Prints one line per check and "N passed, M failed"; exit 1 on failure."""
import re
import sys

import fitz

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok    " if ok else "FAIL  ") + name + ("" if ok else f" ({detail})"))


def page_lines(page):
    """Lines as (baseline y, [words]) with words (x0, x1, text, bold), sorted."""
    rows = {}
    for b in page.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                bold = "Bold" in s["font"]
                word, x0, x1 = "", None, None
                chars = s["chars"] + [None]
                for ch in chars:
                    if ch is None or ch["c"].isspace():
                        if word:
                            y = round(s["origin"][1], 1)
                            rows.setdefault(y, []).append((x0, x1, word, bold))
                        word, x0 = "", None
                        continue
                    if x0 is None:
                        x0 = ch["bbox"][0]
                    x1 = ch["bbox"][2]
                    word += ch["c"]
    # spans of one line can differ by a rounding in y
    merged = []
    for y in sorted(rows):
        if merged and abs(merged[-1][0] - y) < 1.0:
            merged[-1][1].extend(rows[y])
        else:
            merged.append([y, list(rows[y])])
    return [(y, sorted(ws)) for y, ws in merged]


NUM = re.compile(r"^\d[\d.]*(,\d+)?$")


def table_pages(doc, caption, head_word):
    """The pages a table stands on: from its caption's page, then each page
    whose first table line holds the head word, with their lines."""
    start = None
    for i, page in enumerate(doc):
        ls = page_lines(page)
        for k, (_, ws) in enumerate(ls):
            # the caption itself (not its line in the list of tables): the head follows it
            if " ".join(w[2] for w in ws).startswith(caption) and \
                    any(w[2] == head_word for _, v in ls[k + 1:k + 4] for w in v):
                start = i
        if start is not None:
            break
    if start is None:
        return []
    pages = [start]
    for i in range(start + 1, len(doc)):
        ls = page_lines(doc[i])
        body = [ws for _, ws in ls if len(ws) > 1]
        if not body or not any(w[2] == head_word for ws in body[:3] for w in ws):
            break
        pages.append(i)
    return pages


def body_rows(lines, caption=None):
    """Lines that are body rows of a table: three numbers or more, not the total."""
    out = []
    for y, ws in lines:
        texts = [w[2] for w in ws]
        if sum(bool(NUM.match(t)) for t in texts) >= 3 and not any(t.startswith("Total") for t in texts):
            out.append((y, ws))
    return out


def atlas(path):
    doc = fitz.open(path)
    for caption, head in (("Tabla 3.", "Comuna"), ("Tabla 4.", "Zona")):
        pages = table_pages(doc, caption, head)
        check(f"{caption} runs over several pages", len(pages) >= 2, f"pages {[p + 1 for p in pages]}")
        counts = []
        for k, p in enumerate(pages):
            ls = page_lines(doc[p])
            rows = body_rows(ls)
            counts.append(len(rows))
            if k > 0 and rows:
                first = [ws for y, ws in ls if y < rows[0][0] and len(ws) > 1]
                check(f"{caption} p. {p + 1} opens with the head", any(w[2] == head for ws in first for w in ws),
                      "no head above the first row")
        check(f"{caption} at least two body rows on each of its pages", counts and min(counts) >= 2,
              f"rows per page {counts}")

    # Tabla 4: numbers with their words
    pages = table_pages(doc, "Tabla 4.", "Zona")
    split = []
    for p in pages:
        ls = page_lines(doc[p])
        rows = body_rows(ls)
        heads = [y for y, ws in ls if any(w[2] == "Habitantes" for w in ws)]
        if not rows or not heads:
            continue
        for y, ws in ls:
            if y <= heads[0] + 12 or y > rows[-1][0]:
                continue # the caption, the head, what follows the table
            texts = [w[2] for w in ws]
            for i, t in enumerate(texts):
                if re.match(r"^barrios?$", t) and (i == 0 or not NUM.match(texts[i - 1])):
                    split.append(f"p. {p + 1}: {' '.join(texts)}")
                if t == "Zona" and (i + 1 >= len(texts) or not re.match(r"^\d+$", texts[i + 1])):
                    split.append(f"p. {p + 1}: {' '.join(texts)}")
    check("Tabla 4: numbers stay with their words (\"9 barrios\", \"Zona 0\")", pages and not split, "; ".join(split[:4]))

    # group rows in bold
    for label, caption, head in (("Sector Norte", "Tabla 3.", "Comuna"), ("Área urbana consolidada", "Tabla 4.", "Zona")):
        found = []
        for p in table_pages(doc, caption, head):
            for y, ws in page_lines(doc[p]):
                if " ".join(w[2] for w in ws) == label:
                    found.append(all(w[3] for w in ws))
        check(f"group row \"{label}\" set in bold", found and all(found), f"found {found}")

    # head cells: every line aligned like the column
    pages = table_pages(doc, "Tabla 3.", "Comuna")
    if pages:
        ls = page_lines(doc[pages[0]])
        cap = next(i for i, (_, ws) in enumerate(ls) if " ".join(w[2] for w in ws).startswith("Tabla 3.") and
                   any(w[2] == "Comuna" for _, v in ls[i + 1:i + 4] for w in v))
        while not any(w[2] == "Comuna" for w in ls[cap + 1][1]):
            cap += 1 # the caption's second line
        head = []
        for y, ws in ls[cap + 1:]:
            if " ".join(w[2] for w in ws) == "Sector Norte":
                break
            head.append((y, ws))
        def cell_lines(words, x_from, x_to):
            out = []
            for y, ws in head:
                sel = [w for w in ws if w[0] >= x_from - 0.5 and w[1] <= x_to + 0.5]
                if sel:
                    out.append((y, sel))
            return out
        first = head[0][1]
        xs = {w[2]: (w[0], w[1]) for w in first}
        def col_range(word):
            # from the word's own start to the next head word's start on the first head line
            x0 = xs[word][0]
            later = sorted(w[0] for w in first if w[0] > x0 + 1)
            return x0 - 40, (later[0] - 1 if later else 1e9)
        if "Inversión" in xs and "Superficie" in xs:
            lo, hi = col_range("Inversión")
            lo = max(lo, xs["Superficie"][1] + 1)
            inv = cell_lines(first, lo, hi)
            ends = [max(w[1] for w in ws) for _, ws in inv]
            texts = [" ".join(w[2] for w in ws) for _, ws in inv]
            check("a right column's head: every line ends at one x", len(ends) >= 3 and max(ends) - min(ends) < 0.6,
                  f"lines {texts} end at {[round(e, 1) for e in ends]}")
            check("\"$\" never alone on a line", "$" not in texts, f"lines {texts}")
            lo, hi = col_range("Superficie")
            lo = max(lo, xs["Predios"][1] + 1) if "Predios" in xs else lo
            sup = cell_lines(first, lo, hi)
            ends = [max(w[1] for w in ws) for _, ws in sup]
            texts = [" ".join(w[2] for w in ws) for _, ws in sup]
            check("a decimal column's head: every line ends at one x", len(ends) >= 2 and max(ends) - min(ends) < 0.6,
                  f"lines {texts} end at {[round(e, 1) for e in ends]}")
            whole = [w[1] for _, ws in body_rows(ls) for w in ws
                     if re.match(r"^\d+$", w[2]) and lo <= w[0] and w[1] <= hi + 0.5]
            check("a decimal column's head ends where its whole numbers end",
                  whole and ends and all(abs(e - whole[0]) < 0.6 for e in ends) and max(whole) - min(whole) < 0.6,
                  f"head ends {[round(e, 1) for e in ends]}, whole numbers end {sorted(set(round(w, 1) for w in whole))}")
        else:
            check("Tabla 3's head found", False, f"first head line {list(xs)}")

    # list labels in cells: the bullet starts the item, its wrapped lines align with its text
    pages = table_pages(doc, "Tabla 4.", "Zona")
    bullets, hang = 0, []
    for p in pages:
        ls = page_lines(doc[p])
        for i, (y, ws) in enumerate(ls):
            for k, w in enumerate(ws):
                if w[2] == "•" and k + 1 < len(ws):
                    bullets += 1
                    text_x = ws[k + 1][0]
                    # the item "centro de salud familiar" wraps: its next line starts at text_x
                    if ws[k + 1][2] == "centro" and i + 1 < len(ls):
                        nxt = [v for v in ls[i + 1][1] if abs(v[0] - w[0]) < 30]
                        if nxt:
                            hang.append(abs(nxt[0][0] - text_x) < 0.6)
    check("list labels in Tabla 4's cells", bullets >= 10, f"{bullets} bullets")
    check("a list item's wrapped line hangs after its bullet", hang and all(hang), f"{hang}")


def float_table(path):
    doc = fitz.open(path)
    rows = {}
    images = {}
    for i, page in enumerate(doc):
        for y, ws in page_lines(page):
            t = " ".join(w[2] for w in ws)
            m = re.match(r"^Programa regional (\d+)", t)
            if m:
                rows.setdefault(i, []).append((y, int(m.group(1))))
        for info in page.get_image_info():
            images[i] = info["bbox"][1]
    pages = sorted(rows)
    check("the table runs over several pages", len(pages) >= 2, f"pages {[p + 1 for p in pages]}")
    for p in pages[1:]:
        first_row = min(y for y, _ in rows[p])
        heads = [y for y, ws in page_lines(doc[p]) if ws and ws[0][2] == "Programa" and len(ws) < 6 and y < first_row]
        check(f"p. {p + 1}: the table's piece opens with its head", heads, "no head above its rows")
    allrows = [n for p in pages for _, n in sorted(rows[p])]
    check("every row once, in order", allrows == list(range(1, 41)), f"{allrows[:5]}…")
    if images:
        ip = min(images)
        last = pages[-1] if pages else -1
        ok = ip > last or (ip == last and images[ip] > max(y for y, _ in rows[last]))
        check("the figure stands after the table, not between its pieces", ok,
              f"figure on p. {ip + 1} at y {images[ip]:.0f}; table on pp. {[p + 1 for p in pages]}")
    else:
        check("the figure is printed", False, "no image")


def tnum(path):
    doc = fitz.open(path)
    widths = {}
    for page in doc:
        for y, ws in page_lines(page):
            for w in ws:
                if w[2] in ("1111", "8888"):
                    widths.setdefault(w[2], []).append(w[1] - w[0])
    check("both figures found", "1111" in widths and "8888" in widths, f"{widths}")
    if "1111" in widths and "8888" in widths:
        a, b = widths["1111"][0], widths["8888"][0]
        check("table figures are tabular: 1111 as wide as 8888", abs(a - b) < 0.2, f"{a:.2f} against {b:.2f} pt")


if __name__ == "__main__":
    kind, pdf = sys.argv[1], sys.argv[2]
    {"atlas": atlas, "float": float_table, "tnum": tnum}[kind](pdf)
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    sys.exit(0 if all(results) else 1)
