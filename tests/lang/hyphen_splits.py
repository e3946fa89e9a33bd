#!/usr/bin/python3
"""hyphen_splits.py - are a PDF's line-end hyphenations those of a language?

    hyphen_splits.py PDF PATTERNS.dic SOURCE.xml... [--skip WORD...] [--never WORD...] [--min N]

Reads the PDF's text (PyMuPDF, which keeps the line ends; pdftotext joins
hyphenated words back), finds every word broken across a line end
("appro-" / "priate"), and checks each break against the points Liang's
algorithm gives with the libhyphen patterns PATTERNS.dic (its LEFTHYPHENMIN
and RIGHTHYPHENMIN kept). Words written with a hyphen in the sources
(forty-five) break at it and are not checked; --skip names words of other
languages; --never names words that must never be broken. Fails when a break
is not a point of the patterns, when a --never word is broken, or when fewer
than N (default 1) breaks were found (so the check cannot pass vacuously).
"""
import re
import sys

import fitz  # PyMuPDF (Debian python3-fitz, for /usr/bin/python3)


def load_patterns(path):
    raw = open(path, "rb").read()
    enc = raw.split(b"\n", 1)[0].strip().decode("ascii")
    enc = {"ISO8859-1": "latin-1"}.get(enc, enc)
    pats, lmin, rmin = {}, 2, 2
    for line in raw.decode(enc).splitlines()[1:]:
        line = line.strip()
        if not line or line[0] in "%#":
            continue
        if line.startswith("LEFTHYPHENMIN"):
            lmin = int(line.split()[1]); continue
        if line.startswith("RIGHTHYPHENMIN"):
            rmin = int(line.split()[1]); continue
        if line.startswith(("COMPOUND", "NOHYPHEN", "NEXTLEVEL")) or "/" in line:
            continue
        letters = re.sub(r"\d", "", line)
        nums = [0] * (len(letters) + 1)
        i = 0
        for ch in line:
            if ch.isdigit():
                nums[i] = int(ch)
            else:
                i += 1
        pats[letters] = nums
    return pats, max(lmin, 2), max(rmin, 2)


def points(word, pats, lmin, rmin):
    w = "." + word.lower() + "."
    vals = [0] * (len(w) + 1)
    for i in range(len(w)):
        for j in range(i + 1, len(w) + 1):
            p = pats.get(w[i:j])
            if p:
                for k, v in enumerate(p):
                    vals[i + k] = max(vals[i + k], v)
    # vals[i] is before w[i]; the word's letter k is w[k + 1]
    return {k for k in range(lmin, len(word) - rmin + 1) if vals[k + 1] % 2 == 1}


def main():
    args = sys.argv[1:]
    skip, never, minimum, files = set(), set(), 1, []
    mode = None
    for a in args:
        if a in ("--skip", "--never", "--min"):
            mode = a
        elif mode == "--skip":
            skip.add(a.lower())
        elif mode == "--never":
            never.add(a.lower())
        elif mode == "--min":
            minimum = int(a); mode = None
        else:
            files.append(a)
    pdf, dic, sources = files[0], files[1], files[2:]
    pats, lmin, rmin = load_patterns(dic)
    compounds = set()
    for s in sources:
        for m in re.finditer(r"\w+(?:-\w+)+", open(s, encoding="utf-8").read()):
            parts = m.group(0).lower().split("-")
            for i in range(1, len(parts)):
                compounds.add(("-".join(parts[:i]) + "-", "-".join(parts[i:])))
    text = "".join(page.get_text() for page in fitz.open(pdf))
    bad, found = [], 0
    for m in re.finditer(r"(\w+)[-\u00ad\u2010]\n(\w+)", text):
        left, right = m.group(1), m.group(2)
        word = (left + right).lower()
        if (left.lower() + "-", right.lower()) in compounds or any(
                c[0].endswith(left.lower() + "-") for c in compounds if c[1].startswith(right.lower())):
            continue
        if word in never:
            bad.append(f"{left}-{right}: must never be broken")
            continue
        if word in skip:
            continue
        found += 1
        if len(left) not in points(word, pats, lmin, rmin):
            bad.append(f"{left}-{right}: not a break of {dic} (it has "
                       + ", ".join(word[:k] + "-" + word[k:] for k in sorted(points(word, pats, lmin, rmin))) + ")")
    for b in bad:
        print("      " + b)
    print(f"      {found} line-end breaks checked")
    if found < minimum:
        print(f"      fewer than {minimum} breaks: the check would prove nothing")
        return 1
    return 1 if bad else 0


sys.exit(main())
