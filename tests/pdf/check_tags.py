#!/usr/bin/env python3
"""check_tags.py PDF MANUSCRIPT [options] - a tagged PDF read back by
poppler's structure reader (pdfinfo -struct, -struct-text) and PyMuPDF:

  --roles R,R,...     every one of these structure types is in the tree
  --min-words F       the structure's text, joined in order (a string that
                      ends with U+00AD joins the next without a space),
                      holds at least F of the manuscript's words in their
                      order (tests/manuscript/extract_text.py); default 0.99
  --artifact TEXT     TEXT (a running head) is in the structure at most
                      twice (its own heading, the contents), not on every page
  --lang TAG          the catalog's /Lang is TAG
  --links             every internal link lands where its text says: a page
                      number on the page with that label, a note call on its
                      note, "Tabla 3"/"capítulo 2" on the page that shows it,
                      a title on the page that shows its first words

Also, always: the catalog says /MarkInfo /Marked true, /Lang, an XMP
/Metadata stream, /ViewerPreferences /DisplayDocTitle; every Figure has
/Alt; every Note an /ID; every Link element holds an annotation (OBJR);
every TH a /Scope. Prints counts (roles, words, links); exit 1 on failure."""
import argparse
import collections
import difflib
import os
import re
import subprocess
import sys

import fitz

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "manuscript"))
import extract_text  # noqa: E402

fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL", msg)


def words(text):
    return [w.casefold() for w in re.findall(r"\w+", text)]


def struct_tree(pdf):
    out = subprocess.run(["pdfinfo", "-struct", pdf], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    roles = collections.Counter()
    nodes = []  # (depth, role, attribute lines)
    for line in out.split("\n"):
        if not line.strip() or line.startswith("Document") and not nodes and False:
            continue
        depth = len(line) - len(line.lstrip(" "))
        body = line.strip()
        if body.startswith("/"):  # an attribute of the last node
            if nodes:
                nodes[-1][2].append(body)
            continue
        m = re.match(r"(Object \d+ \d+|[A-Za-z0-9]+)", body)
        if not m:
            continue
        role = "OBJR" if m.group(1).startswith("Object") else m.group(1)
        roles[role] += 1
        nodes.append((depth, role, []))
    return roles, nodes


def struct_text(pdf):
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, check=True).stdout.decode("utf-8", "replace")
    parts = re.findall(r'^\s*"(.*)"\s*$', out, re.M)
    text = ""
    for p in parts:
        if text.endswith("\u00ad"):
            text = text[:-1] + p  # a word broken at a line's end reads whole
        else:
            text += (" " if text else "") + p
    return text


def in_order(want, have):
    """How many of want's words appear in have, in order: the matching
    blocks of difflib's sequence matcher (a longest-common-subsequence
    approximation that generated text in between - contents, note numbers,
    the index - does not throw off)."""
    sm = difflib.SequenceMatcher(None, want, have, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks())


def children_ok(nodes):
    """Link elements hold an OBJR; THs have /Scope; Notes an ID."""
    links = objr = th = scoped = notes = ids = 0
    for i, (depth, role, attrs) in enumerate(nodes):
        if role == "Link":
            links += 1
            j = i + 1
            while j < len(nodes) and nodes[j][0] > depth:
                if nodes[j][1] == "OBJR":
                    objr += 1
                    break
                j += 1
        if role == "TH":
            th += 1
            scoped += any(a.startswith("/Scope") for a in attrs)
    return links, objr, th, scoped


def dest_of(doc, link):
    """(page index, y from the top) of an internal link, or None."""
    if link.get("kind") == fitz.LINK_GOTO:
        return link["page"], link["to"].y if link.get("to") else 0
    name = link.get("name") or ""
    m = re.match(r"page=(\d+)(?:&zoom=[^,]*,[^,]*,([0-9.]+))?", name)
    if m:
        return int(m.group(1)) - 1, float(m.group(2) or 0)
    return None


def norm(t):
    return re.sub(r"\s+", " ", t.replace("\u00ad", "")).strip()


def check_links(doc):
    checked = 0
    for page in doc:
        pwords = page.get_text("words")
        for link in page.get_links():
            d = dest_of(doc, link)
            if d is None:
                continue
            target, y = d
            r = fitz.Rect(link["from"])
            text = norm(" ".join(w[4] for w in pwords if fitz.Rect(w[:4]).intersects(r) and
                                 fitz.Rect(w[:4]).y0 >= r.y0 - 2 and fitz.Rect(w[:4]).y1 <= r.y1 + 2))
            if not text or not (0 <= target < len(doc)):
                continue
            checked += 1
            tpage = doc[target]
            label = tpage.get_label()
            ttext = norm(tpage.get_text())
            last = text.split(" ")[-1].strip(".,;:)")
            ok = False
            if re.fullmatch(r"[0-9]+|[ivxlc]+", last) and last == label:
                ok = True  # a page number: the contents, the index, "p. 12"
            if not ok and re.fullmatch(r"([0-9]+|[ivxlc]+)-([0-9]+|[ivxlc]+)", last):
                ok = last.split("-")[0] == label  # a range goes to its first page
            if not ok:
                # a note call: the line at the destination begins with the number
                line = [w for w in tpage.get_text("words") if abs(w[1] - y) < 14 or abs(w[3] - y) < 14]
                ok = bool(line) and line[0][4] == text
            if not ok and re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{3}", text):
                # a label ("Tabla 3", "capítulo 2") or a title: the page shows it
                key = text.strip("“”«»‘’\"'.,;:() ")[:30].casefold()
                ok = key in ttext.casefold()
            if not ok:
                fail("page %d: link \"%s\" goes to page %s (p. %d) which does not show it" %
                     (page.number + 1, text[:60], label, target + 1))
    return checked


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("manuscript")
    ap.add_argument("--roles", default="")
    ap.add_argument("--min-words", type=float, default=0.99)
    ap.add_argument("--artifact", action="append", default=[])
    ap.add_argument("--links", action="store_true")
    ap.add_argument("--lang", default="")
    a = ap.parse_args()

    doc = fitz.open(a.pdf)
    cat = doc.pdf_catalog()
    if doc.xref_get_key(cat, "MarkInfo")[1].replace(" ", "") != "<</Markedtrue>>":
        fail("no /MarkInfo <</Marked true>> (%s)" % doc.xref_get_key(cat, "MarkInfo")[1])
    lang = doc.xref_get_key(cat, "Lang")
    if lang[0] == "null":
        fail("no /Lang")
    elif a.lang and lang[1] != a.lang:
        fail("/Lang is %s, expected %s" % (lang[1], a.lang))
    if doc.xref_get_key(cat, "Metadata")[0] != "xref":
        fail("no XMP /Metadata stream")
    if "DisplayDocTitle" not in doc.xref_get_key(cat, "ViewerPreferences")[1]:
        fail("no /ViewerPreferences /DisplayDocTitle")
    # every Figure has /Alt, every Note an /ID (the object layer: pdfinfo does not print them)
    figures = alts = notes = ids = 0
    for x in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(x, compressed=True)
        except Exception:
            continue
        if "/StructElem" not in obj:
            continue
        if re.search(r"/S/Figure\b", obj):
            figures += 1
            alts += "/Alt" in obj
        if re.search(r"/S/Note\b", obj):
            notes += 1
            ids += "/ID" in obj
    if figures != alts:
        fail("%d of %d Figure elements lack /Alt" % (figures - alts, figures))
    if notes != ids:
        fail("%d of %d Note elements lack /ID" % (notes - ids, notes))

    roles, nodes = struct_tree(a.pdf)
    for r in [r for r in a.roles.split(",") if r]:
        if not roles[r]:
            fail("no %s in the structure" % r)
    links, objr, th, scoped = children_ok(nodes)
    if links != objr:
        fail("%d of %d Link elements hold no annotation (OBJR)" % (links - objr, links))
    if th != scoped:
        fail("%d of %d TH lack /Scope" % (th - scoped, th))

    text = struct_text(a.pdf)
    have = words(text)
    want = words(" ".join(s.text for s in extract_text.segments(extract_text.load(a.manuscript))))
    got = in_order(want, have)
    share = got / len(want) if want else 1.0
    if share < a.min_words:
        fail("the structure's text holds %.2f%% of the manuscript's %d words in order (wanted %.0f%%)" %
             (100 * share, len(want), 100 * a.min_words))
    for art in a.artifact:
        n = norm(text).count(norm(art))
        if n > 2:
            fail("\"%s\" is %d times in the structure: page furniture is not an artifact" % (art, n))
    checked = check_links(doc) if a.links else 0
    print("roles: " + ", ".join("%s %d" % kv for kv in sorted(roles.items())))
    print("words in order: %d of %d (%.2f%%); figures with /Alt %d, notes with /ID %d, links with OBJR %d of %d; "
          "links checked %d; %d failure%s" % (got, len(want), 100 * share, alts, ids, objr, links, checked, len(fails),
                                               "" if len(fails) == 1 else "s"))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
