#!/usr/bin/env python3
"""check_search.py PDF MANUSCRIPT_DIR - the PDF's text searches as written:

  - every word of the manuscript that a font sets with a ligature (ff, fi,
    fl, ffi, ffl) is found in pdftotext's text, with its letters;
  - no presentation-form ligature (U+FB00-FB06) is extracted;
  - a word broken at a line's end reads back whole: the line ends with
    U+00AD (soft hyphen), which is dropped when the lines are joined.

Prints the counts; exit 1 on a failure."""
import glob
import html
import re
import subprocess
import sys


def manuscript_words(folder):
    words = set()
    for path in glob.glob(folder + "/**/*.xml", recursive=True):
        text = open(path, encoding="utf-8").read()
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        text = re.sub(r"<note\b[^>]*/>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        for w in re.findall(r"\w+", text):
            if re.search(r"ff|fi|fl", w) and not w.isdigit():
                words.add(w)
    return words


def main(pdf, folder):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True).stdout.decode("utf-8")
    bad = []
    ligs = re.findall("[\ufb00-\ufb06]", out)
    if ligs:
        bad.append("%d presentation-form ligatures extracted" % len(ligs))
    soft_ends = len(re.findall("\u00ad\n", out))
    joined = out.replace("\u00ad\n", "")
    words = manuscript_words(folder)
    missing = sorted(w for w in words if w not in joined)
    if missing:
        bad.append("%d of %d ligature words not found: %s" % (len(missing), len(words), ", ".join(missing[:15])))
    if soft_ends == 0:
        bad.append("no line ends with U+00AD (a soft hyphen)")
    for b in bad:
        print("FAIL", b)
    print("%d words with ff/fi/fl found of %d; %d lines end with U+00AD; %d ligature code points" %
          (len(words) - len(missing), len(words), soft_ends, len(ligs)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
