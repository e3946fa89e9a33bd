#!/usr/bin/env python3
"""check_divisions.py - issue 15's contents, bookmarks, openers and index, read back from a PDF.

usage: check_divisions.py BOOK.pdf [--parts]

Contents and bookmarks:
  - the contents, the list of tables and the index are bookmarked and are
    entries of the contents ("Índice analítico … 43");
  - with --parts: the chapters nest under their part in the bookmarks, and a
    part's page carries no running head;
  - a label is not printed again when the title begins with it (no
    "Apéndice. Apéndice:");
  - a contents entry keeps with its first sub-entry: no contents page ends on
    an entry whose sub-entries start the next page.
Openers (the pages whose title is set at the opener title's size):
  - every opener's text starts on the same line (one drop for all openers);
  - an opener's title never breaks after an article, a preposition or a
    conjunction, and its last line is never a lone word.
Index (two columns after "Índice analítico"):
  - a letter heading keeps with two entries (or all of its letter's);
  - an entry's lines stay in one column (no column opens with the wrapped
    line of an entry of three lines or fewer);
  - the last page's columns are balanced within one line;
  - "véase también" follows the page numbers after a period.
Prints one line per check and "N passed, M failed"; exit 1 on failure."""
import re
import sys

import fitz

results = []
FUNCTION_WORDS = set("a al ante bajo con contra de del desde e el en entre hacia hasta la las lo los ni o para por "
                     "que según sin sobre su sus tras u un una unas unos y an and as at by for from in into of on or "
                     "the to with".split())


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok    " if ok else "FAIL  ") + name + ("" if ok else f" ({detail})"))


def lines(page):
    """(baseline, x0, x1, size, bold, text) of each line, top to bottom."""
    out = []
    for b in page.get_text("dict")["blocks"]:
        for l in b.get("lines", []):
            spans = [s for s in l["spans"] if s["text"].strip()]
            if not spans:
                continue
            t = "".join(s["text"] for s in l["spans"]).strip()
            size = max(s["size"] for s in spans)
            bold = all("Bold" in s["font"] for s in spans)
            out.append((round(spans[0]["origin"][1], 1), l["bbox"][0], l["bbox"][2], round(size, 1), bold, t))
    out.sort()
    # spans of one line that came as lines of their own (leaders, page numbers): joined
    merged = []
    for ln in out:
        if merged and abs(merged[-1][0] - ln[0]) < 1 and merged[-1][1] < ln[1] < merged[-1][2] + 12:
            m = merged[-1]
            merged[-1] = (m[0], m[1], max(m[2], ln[2]), max(m[3], ln[3]), m[4] and ln[4], m[5] + " " + ln[5])
        else:
            merged.append(ln)
    return merged


def main(path, parts):
    doc = fitz.open(path)
    toc = doc.get_toc()
    titles = [t for _, t, _ in toc]
    pages = [[l for l in lines(p)] for p in doc]
    contents, lot, index = "Índice", "Índice de tablas", "Índice analítico"

    for name in (contents, lot, index):
        ent = [(lv, pg) for lv, t, pg in toc if t == name]
        check(f"bookmark \"{name}\"", ent and any(l[5] == name for l in pages[ent[0][1] - 1]),
              f"bookmarks {titles[:6]}…")

    # the contents: its pages are those after its title up to the list of tables
    start = next((i for i, ls in enumerate(pages) if any(l[5] == contents and l[3] > 15 for l in ls)), None)
    if start is None:
        check("the contents found", False, "no contents")
        return
    end = next((i for i, ls in enumerate(pages) if any(l[5] == lot and l[3] > 15 for l in ls)), None)
    if start is None or end is None:
        check("the contents found", False, "no contents or list of tables")
        return
    toc_lines = [(i, l) for i in range(start, end) for l in pages[i] if re.search(r"\s(\d+|[ivxlc]+)$", l[5])]
    text = "\n".join(l[5] for _, l in toc_lines)
    for name in (lot, index):
        check(f"contents entry \"{name}\"", re.search(r"^" + re.escape(name) + r"[ .]*\s(\d+|[ivxlc]+)$", text, re.M),
              "not in the contents")
    check("no label printed twice (\"Apéndice. Apéndice:\")", "Apéndice. Apéndice" not in text and
          not re.search(r"^(\w+)\. \1:", text, re.M), "found")
    # an entry (bold) never ends a page when its first sub-entry (not bold, further in) starts the next
    lonely = []
    for i in range(start, end - 1):
        mine = [l for l in pages[i] if re.search(r"\s(\d+|[ivxlc]+)$", l[5])]
        nxt = [l for l in pages[i + 1] if re.search(r"\s(\d+|[ivxlc]+)$", l[5])]
        if mine and nxt and mine[-1][4] and not nxt[0][4] and nxt[0][1] > mine[-1][1] + 3:
            lonely.append(f"p. {i + 1}: {mine[-1][5][:40]}")
    check("a contents entry keeps with its first sub-entry", not lonely, "; ".join(lonely))

    # openers: pages with a line at the opener title's size (the contents' title's)
    title_size = next(l[3] for l in pages[start] if l[5] == contents)
    openers = [i for i, ls in enumerate(pages) if any(l[3] == title_size and l[4] for l in ls)]
    starts, bad_titles = {}, []
    for i in openers:
        ls = pages[i]
        tl = [l for l in ls if l[3] == title_size and l[4]]
        last_title = tl[-1][0]
        below = [l for l in ls if l[0] > last_title + 1 and l[3] <= 10.6 and l[0] < 600]
        if below:
            starts[i + 1] = below[0][0]
        words = " ".join(l[5] for l in tl).split()
        for l in tl[:-1]:
            w = l[5].split()[-1].lower()
            if w in FUNCTION_WORDS:
                bad_titles.append(f"p. {i + 1}: a title line ends on \"{w}\"")
        if len(tl) > 1 and len(words) >= 3 and len(tl[-1][5].split()) == 1:
            bad_titles.append(f"p. {i + 1}: a lone last word \"{tl[-1][5]}\"")
    check(f"openers found ({len(openers)})", len(openers) >= 5, f"{len(openers)}")
    ys = sorted(starts.values())
    # the same grid line (a list set at another leading, the index's, stands up to 3 pt higher)
    check("one drop: every opener's text starts on the same line", ys and ys[-1] - ys[0] < 3,
          f"text starts at {sorted((y, p) for p, y in starts.items())}")
    check("opener titles break at sense boundaries, no lone last word", not bad_titles, "; ".join(bad_titles))

    if parts:
        lv = {t: l for l, t, _ in toc}
        parts_ = [(k, t) for k, (l, t, _) in enumerate(toc) if t.lower().startswith(("primera parte", "segunda parte"))]
        nested = True
        for k, t in parts_:
            nxt = toc[k + 1] if k + 1 < len(toc) else None
            nested = nested and nxt is not None and nxt[0] == toc[k][0] + 1
        check("chapters nest under their part in the bookmarks", parts_ and nested,
              f"{[(l, t) for l, t, _ in toc[:8]]}")
        heads = []
        for k, t in parts_:
            pg = toc[k][2] - 1
            top = [l for l in pages[pg] if l[0] < 90 and l[5]]
            if top:
                heads.append(f"p. {pg + 1}: {top[0][5]}")
        check("a part's page carries no running head", parts_ and not heads, "; ".join(heads))

    # the index
    ix = next((i for i, ls in enumerate(pages) if any(l[5] == index and l[3] == title_size for l in ls)), None)
    if ix is None:
        check("the index found", False, "")
    else:
        ipages = list(range(ix, len(doc)))
        seq = []  # (column id, kind, line): kind "letter", "entry" (first line) or "more" (a wrapped line)
        hangs = []
        last_cols = None
        for i in ipages:
            ls = [l for l in pages[i] if l[3] < 11 and not re.match(r"^(\d+|[ivxlc]+)$", l[5]) and 80 < l[0] < 620]
            if not ls:
                continue
            xs = sorted(set(round(l[1]) for l in ls))
            mid = (min(xs) + max(xs)) / 2
            cols = [[l for l in ls if l[1] < mid], [l for l in ls if l[1] >= mid]]
            last_cols = cols
            for ci, col in enumerate(cols):
                if not col:
                    continue
                x0 = min(l[1] for l in col)
                for k, l in enumerate(col):
                    d = l[1] - x0
                    kind = "letter" if l[4] and len(l[5]) <= 3 else "entry" if d < 1 or 9 < d < 13 else "more"
                    seq.append(((i, ci), kind, l))
                # a column never opens with the wrapped line of an entry
                if seq and [s for s in seq if s[0] == (i, ci)][0][1] == "more":
                    hangs.append(f"p. {i + 1}: \"{col[0][5][:30]}\"")
        problems = []
        for k, (cid, kind, l) in enumerate(seq):
            if kind != "letter":
                continue
            under = []
            for cid2, kind2, l2 in seq[k + 1:]:
                if kind2 == "letter":
                    break
                if kind2 == "entry":
                    under.append(cid2)
            if any(c != cid for c in under[:2]):
                problems.append(f"\"{l[5]}\" (p. {cid[0] + 1}) apart from its first entries")
        check("a letter heading keeps with two entries", not problems, "; ".join(problems))
        check("an entry's lines stay in one column", not hangs, "; ".join(hangs))
        if last_cols and last_cols[0] and last_cols[1]:
            lead = 11.0
            h = [c[-1][0] - c[0][0] for c in last_cols]
            check("the last page's columns balanced within one line", abs(h[0] - h[1]) <= lead + 0.5,
                  f"columns {h[0]:.0f} and {h[1]:.0f} pt")
        else:
            check("the last page's columns balanced within one line", False, "one column")
        itext = " ".join(l[5] for i in ipages for l in pages[i])
        itext = re.sub(r"\s+", " ", itext)
        if re.search(r"[Vv]éase también", itext):  # (a book without one has nothing to check)
            has = re.search(r"\d\. Véase también ", itext)
            check("\"Véase también\" after the page numbers and a period", has and "; véase también" not in itext,
                  "not found" if not has else "found \"; véase también\"")


if __name__ == "__main__":
    main(sys.argv[1], "--parts" in sys.argv[2:])
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    sys.exit(0 if all(results) else 1)
