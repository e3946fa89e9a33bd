#!/usr/bin/env python3
"""check_notes.py - read a PDF built by folio and check its footnotes.

usage: check_notes.py BOOK.pdf [--body-size 10.5] [--note-size 8.5]

Finds every note call (a superscript number: small digits raised above the
body baseline) and every note start (a line at the note size at the page's
foot whose first word is its number), and checks that:
  - every note number called is started on the page of its call;
  - note numbers are called in increasing order through the book;
  - every started note was called.
Prints one line per problem and "N passed, M failed" at the end; exit 1 on failure.
"""
import re
import sys

import fitz  # Debian python3-fitz


def main():
    path = sys.argv[1]
    body = 10.5
    note = 8.5
    if "--body-size" in sys.argv:
        body = float(sys.argv[sys.argv.index("--body-size") + 1])
    if "--note-size" in sys.argv:
        note = float(sys.argv[sys.argv.index("--note-size") + 1])
    doc = fitz.open(path)
    calls = {}   # number -> page
    starts = {}  # number -> page
    order = []
    for pno, page in enumerate(doc, 1):
        d = page.get_text("dict")
        for b in d["blocks"]:
            for line in b.get("lines", []):
                spans = line["spans"]
                if not spans:
                    continue
                first = spans[0]
                # a note start: a line in the note size whose text begins with its number
                if abs(first["size"] - note) < 0.3 and "Serif" in first["font"]:
                    m = re.match(r"\s*(\d+)\s+\S", "".join(s["text"] for s in spans))
                    if m:
                        n = int(m.group(1))
                        starts.setdefault(n, pno)
                        continue
                # calls: small digit spans raised above the line's body spans
                # the line's text size: its largest span (body, quote, list or table text)
                size = max(s["size"] for s in spans)
                base = max(s["origin"][1] for s in spans if s["size"] == size)
                for s in spans:
                    t = s["text"].strip()
                    # adjacent calls are printed "25,26"
                    if re.fullmatch(r"\d+(,\d+)*", t) and s["size"] < size * 0.8 and s["origin"][1] < base - 1:
                        for part in t.split(","):
                            n = int(part)
                            if n not in calls:
                                calls[n] = pno
                                order.append(n)
    passed = failed = 0
    for n in sorted(calls):
        if starts.get(n) == calls[n]:
            passed += 1
        else:
            failed += 1
            print(f"note {n}: called on page {calls[n]}, starts on page {starts.get(n)}")
    if order != sorted(order):
        failed += 1
        print("note calls are not in increasing order")
    for n in starts:
        if n not in calls:
            failed += 1
            print(f"note {n} starts on page {starts[n]} but its call was not found")
    if not calls:
        failed += 1
        print("no note calls found")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
