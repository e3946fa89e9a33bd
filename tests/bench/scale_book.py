#!/usr/bin/env python3
"""scale_book.py - a book whose body is repeated N times, for the benchmark.

    scale_book.py BOOKDIR N OUTDIR

Copies BOOKDIR (a folio manuscript's folder: book.xml, its XIncluded files,
index.xml) to OUTDIR and rewrites OUTDIR/book.xml with the chapters of its
<body> written in it N times over (each copy inline, so the one file grows
past libxml2's 16-bit line numbers for large N). The front and back matter
stay XIncluded, once. In copies after the first, every id the body defines
gets a suffix (-x2, -x3, …) and so do the references to them (ref to=,
event ref=, ix rid/range) made inside that copy; references from outside the
body keep pointing at the first copy. Prints the file's line count.
"""
import re
import shutil
import sys
from pathlib import Path

DECL = re.compile(r"<\?xml[^>]*\?>\s*|<\?xml-model[^>]*\?>\s*")
INCLUDE = re.compile(r'<xi:include\s+href="([^"]+)"\s*/>')


def scale(bookdir, n, outdir):
    bookdir, outdir = Path(bookdir), Path(outdir)
    if outdir.exists():
        shutil.rmtree(outdir)
    shutil.copytree(bookdir, outdir, ignore=shutil.ignore_patterns("out"))
    root = (bookdir / "book.xml").read_text(encoding="utf-8")
    m = re.search(r"<body>(.*?)</body>", root, re.S)
    if not m:
        sys.exit("scale_book.py: no <body> in %s" % (bookdir / "book.xml"))
    chapters = []
    for href in INCLUDE.findall(m.group(1)):
        chapters.append(DECL.sub("", (bookdir / href).read_text(encoding="utf-8"), count=2).strip())
    body = "\n".join(chapters)
    ids = set(re.findall(r'\sid="([^"]+)"', body))
    copies = [body]
    for k in range(2, n + 1):
        def rename(mm, k=k):
            attr, value = mm.group(1), mm.group(2)
            return ' %s="%s"' % (attr, value + "-x%d" % k if value in ids else value)
        copies.append(re.sub(r'\s(id|to|ref|rid|range)="([^"]+)"', rename, body))
    text = root[:m.start(1)] + "\n" + "\n".join(copies) + "\n  " + root[m.end(1):]
    (outdir / "book.xml").write_text(text, encoding="utf-8")
    return text.count("\n") + 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: scale_book.py BOOKDIR N OUTDIR")
    print(scale(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
