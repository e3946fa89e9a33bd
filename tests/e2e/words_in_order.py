"""words_in_order.py PDFTEXT XMLFILE N - do the words of the manuscript's
paragraphs appear, in order, in the PDF's text?

Takes the first N <p> of XMLFILE that hold no <note>, <ref> or <br> (a note's
words move to the foot of the page, a ref's are generated) and checks that
their words, all paragraphs one after the other, are a subsequence of the
words of PDFTEXT (pdftotext's output). Case is ignored (small capitals print
in capitals); ligatures U+FB00-FB04 are expanded; a word split by hyphenation
at a line end ("intro-" "ducción") matches the whole word. Used by the e2e
tests; prints the first word not found."""
import re
import sys
import xml.etree.ElementTree as ET

LIG = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def words(text):
    for k, v in LIG.items():
        text = text.replace(k, v)
    return [w.casefold() for w in re.findall(r"\w+", text)]


def main():
    pdftext, xmlfile, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(pdftext, encoding="utf-8") as f:
        pdf = words(f.read())
    root = ET.parse(xmlfile).getroot()
    paras = []
    for p in root.iter("p"):
        if any(e.tag in ("note", "ref", "br") for e in p.iter()):
            continue
        paras.append(" ".join(p.itertext()))
        if len(paras) == n:
            break
    if len(paras) < n:
        print(f"      only {len(paras)} usable paragraphs in {xmlfile}")
        return 1
    want = [w for p in paras for w in words(p)]
    i = 0
    for k, w in enumerate(want):
        while i < len(pdf):
            if pdf[i] == w:
                i += 1
                break
            if i + 1 < len(pdf) and pdf[i] + pdf[i + 1] == w:
                i += 2
                break
            i += 1
        else:
            ctx = " ".join(want[max(0, k - 5):k + 1])
            print(f"      word {k + 1} of {len(want)} not found in order: \"{w}\" (after: {ctx})")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
