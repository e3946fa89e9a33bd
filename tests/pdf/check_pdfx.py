#!/usr/bin/env python3
"""check_pdfx.py PDF - the PDF/X-1a:2001 rules a printer's preflight applies,
read back with PyMuPDF's object layer (not with folio):

  - PDF 1.3; Info with Title, CreationDate, ModDate, /Trapped /False,
    GTS_PDFXVersion (PDF/X-1:2001) and GTS_PDFXConformance (PDF/X-1a:2001);
  - the trailer's /ID (two strings);
  - one /OutputIntent /S /GTS_PDFX with OutputConditionIdentifier,
    RegistryName and Info;
  - on every page a TrimBox and a BleedBox, TrimBox inside BleedBox inside
    MediaBox; no annotations;
  - no RGB anywhere: no rg/RG operators in any content stream, no DeviceRGB
    or ICCBased colour space, images only DeviceGray or DeviceCMYK;
  - no transparency (no SMask, no soft masks or groups, no /CA or /ca < 1);
  - every font embedded (FontFile2/FontFile3/FontFile).

Prints one line per failure and a summary; exit 1 on any failure."""
import re
import sys

import fitz

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def key(doc, xref, k):
    t, v = doc.xref_get_key(xref, k)
    return t, v


def box(v):
    return [float(x) for x in v.strip("[]").split()]


def main(path):
    doc = fitz.open(path)
    with open(path, "rb") as f:
        head = f.read(16)
    if not head.startswith(b"%PDF-1.3"):
        fail("header is %r, PDF/X-1a:2001 wants %%PDF-1.3" % head[:8])
    # Info
    t, info = doc.xref_get_key(-1, "Info")
    ixref = int(info.split()[0]) if t == "xref" else 0
    if not ixref:
        fail("no Info dictionary")
    else:
        for k in ("Title", "CreationDate", "ModDate"):
            if key(doc, ixref, k)[0] == "null":
                fail("Info has no /%s" % k)
        if key(doc, ixref, "Trapped") != ("name", "/False"):
            fail("Info /Trapped is %r, expected /False" % (key(doc, ixref, "Trapped"),))
        if key(doc, ixref, "GTS_PDFXVersion")[1] != "PDF/X-1:2001":
            fail("GTS_PDFXVersion is %r" % (key(doc, ixref, "GTS_PDFXVersion")[1],))
        if key(doc, ixref, "GTS_PDFXConformance")[1] != "PDF/X-1a:2001":
            fail("GTS_PDFXConformance is %r" % (key(doc, ixref, "GTS_PDFXConformance")[1],))
    t, ident = doc.xref_get_key(-1, "ID")
    if t != "array" or ident.count("<") != 2:
        fail("the trailer has no /ID of two strings (%r)" % ident)
    # output intent
    cat = doc.pdf_catalog()
    t, oi = doc.xref_get_key(cat, "OutputIntents")
    text = oi
    m = re.fullmatch(r"\[?\s*(\d+) 0 R\s*\]?", oi.strip())
    if m:  # an array of one reference: the intent is an object of its own
        text = doc.xref_object(int(m.group(1)))
    if "/GTS_PDFX" not in text:
        fail("no /OutputIntent with /S /GTS_PDFX (got %r)" % oi[:80])
    for k in ("OutputConditionIdentifier", "RegistryName", "Info"):
        if "/" + k not in text:
            fail("the output intent has no /%s" % k)
    # pages
    for page in doc:
        x = page.xref
        mb = box(key(doc, x, "MediaBox")[1])
        tt, tb = key(doc, x, "TrimBox")
        bt, bb = key(doc, x, "BleedBox")
        if tt == "null" or bt == "null":
            fail("page %d lacks a TrimBox or BleedBox" % (page.number + 1))
            continue
        tb, bb = box(tb), box(bb)
        inside = lambda a, b: a[0] >= b[0] - 1e-3 and a[1] >= b[1] - 1e-3 and a[2] <= b[2] + 1e-3 and a[3] <= b[3] + 1e-3
        if not (inside(tb, bb) and inside(bb, mb)):
            fail("page %d: TrimBox %s, BleedBox %s, MediaBox %s not nested" % (page.number + 1, tb, bb, mb))
        if key(doc, x, "Annots")[0] != "null" or page.first_annot or page.get_links():
            fail("page %d has annotations" % (page.number + 1))
        content = page.read_contents().decode("latin-1")
        # operators, outside strings: strip (...) and <...> text first
        ops = re.sub(r"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>", " ", content)
        if re.search(r"(?<![A-Za-z/])(rg|RG)(?![A-Za-z])", ops):
            fail("page %d: an RGB colour operator (rg/RG) in its content" % (page.number + 1))
    # every object: colour spaces, images, transparency, fonts
    for xref in range(1, doc.xref_length()):
        try:
            obj = doc.xref_object(xref, compressed=True)
        except Exception:
            continue
        if "/DeviceRGB" in obj or "/CalRGB" in obj:
            fail("object %d uses an RGB colour space" % xref)
        if "/ICCBased" in obj:
            fail("object %d uses an ICCBased colour space (PDF/X-1a: device colour only)" % xref)
        if "/SMask" in obj or re.search(r"/S\s*/Transparency", obj):
            fail("object %d has transparency" % xref)
        for m in re.finditer(r"/(CA|ca)\s+([0-9.]+)", obj):
            if float(m.group(2)) < 1:
                fail("object %d has /%s %s" % (xref, m.group(1), m.group(2)))
        if "/Subtype/Image" in obj.replace(" ", ""):
            cs = re.search(r"/ColorSpace\s*/(\w+)", obj)
            if not cs or cs.group(1) not in ("DeviceGray", "DeviceCMYK"):
                fail("image %d has colour space %s" % (xref, cs.group(1) if cs else "?"))
        if "/Type/FontDescriptor" in obj.replace(" ", "") and not re.search(r"/FontFile[23]?\s", obj + " "):
            fail("font descriptor %d: the font is not embedded" % xref)
    pages = len(doc)
    print("%d pages checked: %d failure%s" % (pages, len(failures), "" if len(failures) == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
