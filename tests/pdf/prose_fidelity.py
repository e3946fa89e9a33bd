#!/usr/bin/env python3
"""prose_fidelity.py - the words folio prints extract back as the manuscript's words.

usage: prose_fidelity.py FOLIO MANUSCRIPT METER [--min 0.999]

Collects every paragraph of the manuscript's chapters (text only: notes,
marks and inline styles dropped), typesets them as one plain chapter, and
measures the PDF with the typometer against that text: ligatures (fi as fi or
U+FB01), hyphenated words rejoined, accents, quotes. The similarity must be at
least --min. Exit 77 (skipped) when the typometer is not there."""
import html
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def paragraphs(manuscript):
    root_dir = os.path.dirname(manuscript)
    files = [manuscript]
    text = open(manuscript, encoding="utf-8").read()
    import re
    files += [os.path.join(root_dir, h) for h in re.findall(r'<xi:include\s+href="([^"]+)"', text)]
    out = []
    for f in files:
        root = ET.parse(f).getroot()
        for p in root.iter("p"):
            for note in list(p.iter("note")):
                note.clear()  # the notes' text is not part of the paragraph
            t = " ".join("".join(p.itertext()).split())
            if t:
                out.append(t)
    return out


def main():
    folio, manuscript, meter = sys.argv[1:4]
    minimum = float(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 0.999
    if not os.path.exists(meter):
        print(f"skipped: no typometer at {meter}")
        return 77
    paras = paragraphs(manuscript)
    with tempfile.TemporaryDirectory() as tmp:
        body = "\n".join("    <p>" + html.escape(x) + "</p>" for x in paras)
        with open(os.path.join(tmp, "book.xml"), "w", encoding="utf-8") as f:
            f.write('<book xml:lang="es"><meta><title>Prosa</title><publisher>p</publisher>'
                    '<edition number="1" date="2025"/></meta><body><chapter id="c" title="Prosa">\n'
                    + body + "\n</chapter></body></book>\n")
        with open(os.path.join(tmp, "ref.txt"), "w", encoding="utf-8") as f:
            f.write("Prosa\n" + "\n".join(paras) + "\n")
        pdf = os.path.join(tmp, "out.pdf")
        r = subprocess.run([folio, "build", "-o", pdf, os.path.join(tmp, "book.xml")], capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr[-2000:])
            print("0 passed, 1 failed")
            return 1
        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        m = subprocess.run([python, meter, pdf, "--json", "--reference", os.path.join(tmp, "ref.txt")],
                           capture_output=True, text=True)
        import json
        data = json.loads(m.stdout)
        if isinstance(data, list):
            data = data[0]
        fid = data["fidelity"]
        ok = fid["similarity"] >= minimum
        print(f"{len(paras)} paragraphs, {fid['pdf_words']} words printed, {fid['ref_words']} in the manuscript: "
              f"similarity {fid['similarity']} (at least {minimum})")
        for d in fid.get("diffs", [])[:5]:
            print("  after", repr(d["context"]), "pdf", repr(d["pdf"]), "ref", repr(d["ref"]))
        print(f"{int(ok)} passed, {int(not ok)} failed")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
