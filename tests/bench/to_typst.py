#!/usr/bin/env python3
"""to_typst.py - a folio manuscript as Typst markup, for the benchmark
(scripts/bench.sh): the same text set by Typst 0.14 on the same machine.

    to_typst.py MANUSCRIPT OUT.typ

XIncludes are resolved (xml.etree.ElementInclude). What is converted:
chapters, parts, prefaces (with their signature), sections (three levels),
paragraphs, emphasis, strong, small capitals, superscripts, subscripts,
quotation marks (the Spanish «» and “”), footnotes, lists (bullet, number,
alpha), definition lists, quotes, boxes, tables (column shares, head rows
repeated, colspan, rowspan, captions as figures), figures, the chronology
(year, event and its "→ p. N" page reference, resolved by Typst), line
breaks, links, the title page and the contents. The page and type follow
layout/print.xml: 170 x 240 mm, margins 20/22/22/26 mm (inside, outside,
top, bottom), Noto Serif 10.5/14 pt justified and hyphenated (Spanish), 1 em
indent, Noto Sans headings, notes 8.5 pt, tables 8.5 pt sans, running heads
and folios, chapters on a recto, roman folios in the front matter. The fonts
are folio's own (fonts/), given to the compiler. Left out: the back-of-book
index (Typst has none of its own), the list of tables, crop marks and bleed,
folio's optical refinements (expansion, protrusion, the total-fit page
builder). Index marks (<ix>) keep their words.
"""
import re
import sys
import xml.etree.ElementTree as ET
from xml.etree import ElementInclude

XI = "{http://www.w3.org/2001/XInclude}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPECIAL = set('\\#*_`$<>@[]~/"\'=-+')


def esc(text):
    """Text as Typst markup: every markup character escaped, spaces collapsed."""
    text = re.sub(r"\s+", " ", text)
    return "".join("\\" + c if c in SPECIAL else c for c in text)


class Converter:
    def __init__(self, root):
        self.root = root
        # the ids that get a label (divisions): only those can be page-referenced
        self.labels = {e.get("id") for e in root.iter() if e.get("id") and e.tag in
                       ("chapter", "section", "part", "preface", "chronology", "bibliography")}
        self.quote_depth = 0

    # ---- inline content ----
    def inline(self, el):
        """The content of el (its text, children and their tails) as markup."""
        out = [esc(el.text or "")]
        for c in el:
            out.append(self.inline_el(c))
            out.append(esc(c.tail or ""))
        return "".join(out)

    def call(self, fn, body):
        return "#%s[%s];" % (fn, body)

    def inline_el(self, c):
        t = c.tag
        if t == "em":
            return self.call("emph", self.inline(c))
        if t == "strong":
            return self.call("strong", self.inline(c))
        if t == "sc":
            return self.call("smallcaps", self.inline(c))
        if t == "sup":
            return self.call("super", self.inline(c))
        if t == "sub":
            return self.call("sub", self.inline(c))
        if t == "q":
            self.quote_depth += 1
            o, cl = ("«", "»") if self.quote_depth % 2 else ("“", "”")
            s = o + self.inline(c) + cl
            self.quote_depth -= 1
            return s
        if t == "note":
            if len(c) and c[0].tag == "p":
                return self.call("footnote", "\n\n".join(self.inline(p) for p in c))
            body = self.inline(c)
            return self.call("footnote", body if body.strip() else "[nota %s: texto pendiente]" % esc(c.get("n", "")))
        if t == "br":
            return "\\ "
        if t == "nobr":
            return self.call("box", self.inline(c))
        if t == "link":
            return '#link("%s")[%s];' % (c.get("href", "").replace("\\", "\\\\").replace('"', '\\"'), self.inline(c))
        if t == "ref":
            to = c.get("to")
            if to in self.labels:
                return "#context counter(page).at(<%s>).first();" % to
            return self.inline(c)
        return self.inline(c)  # ix, span and anything else: its words

    # ---- blocks ----
    def blocks(self, el):
        return "\n\n".join(filter(None, (self.block(c) for c in el)))

    def block(self, b):
        t = b.tag
        if t == "p":
            return self.inline(b)
        if t == "quote":
            inner = self.blocks(b)
            return "#block(inset: (left: 8mm, right: 8mm), above: 7pt, below: 7pt)[#set text(size: 9.5pt)\n%s];" % inner
        if t == "list":
            items = ", ".join("[%s]" % self.item(i) for i in b if i.tag == "item")
            kind = b.get("type", "bullet")
            if kind == "bullet":
                return "#list(%s);" % items
            start = b.get("start", "1")
            return '#enum(numbering: "%s", start: %s, %s);' % ("a)" if kind == "alpha" else "1.", start, items)
        if t == "dl":
            parts, dt = [], None
            for c in b:
                if c.tag == "dt":
                    dt = self.inline(c)
                elif c.tag == "dd":
                    parts.append("terms.item([%s], [%s])" % (dt or "", self.item(c)))
            return "#terms(%s);" % ", ".join(parts)
        if t == "box":
            title = "#text(font: \"Noto Sans\", size: 9pt, tracking: 0.5pt)[%s];\n\n" % esc(b.get("title", "").upper()) if b.get("title") else ""
            return "#block(fill: luma(235), inset: 8pt, width: 100%%)[#set text(font: \"Noto Sans\", size: 9pt)\n#set par(first-line-indent: 0pt)\n%s%s];" % (title, self.blocks(b))
        if t == "table":
            return self.table(b)
        if t == "figure":
            src = b.get("src", "")
            cap = b.get("title", "")
            return '#figure(image("%s"), caption: [%s]);' % (src, esc(cap))
        if t == "pagebreak":
            return "#pagebreak();"
        if t in ("section",):
            return self.division(b)
        if t == "signature":
            lines = [self.inline(x) for x in b]
            return "#align(right)[%s];" % " \\ ".join(lines)
        return None

    def item(self, el):
        if any(c.tag in ("p", "list", "quote", "dl", "table", "box") for c in el):
            return self.blocks(el)
        return self.inline(el)

    def table(self, b):
        cols, aligns = [], []
        for c in b.findall("col"):
            w = c.get("width", "1*")
            cols.append(w.replace("*", "fr") if w.endswith("*") else (w if w else "auto"))
            aligns.append({"right": "right", "decimal": "right", "center": "center"}.get(c.get("align", "left"), "left"))
        head, body = [], []
        for sect in b:
            if sect.tag not in ("thead", "tbody", "tfoot"):
                continue
            for row in sect:
                cells = []
                for cell in row:
                    content = self.item(cell)
                    if sect.tag == "thead":
                        content = "#strong[%s];" % content
                    args = []
                    if cell.get("colspan"):
                        args.append("colspan: %s" % cell.get("colspan"))
                    if cell.get("rowspan"):
                        args.append("rowspan: %s" % cell.get("rowspan"))
                    cells.append("table.cell(%s)[%s]" % (", ".join(args), content) if args else "[%s]" % content)
                (head if sect.tag == "thead" else body).extend(cells)
        if not cols:
            cols = ["1fr"]
        tab = "table(columns: (%s), align: (%s), stroke: none, inset: 3pt, %s%s)" % (
            ", ".join(cols) + ("," if len(cols) == 1 else ""), ", ".join(aligns or ["left"]) + ("," if len(aligns) <= 1 else ""),
            "table.header(%s), " % ", ".join(head) if head else "", ", ".join(body))
        source = "\n\n#text(size: 8pt, style: \"italic\")[Fuente: %s];" % esc(b.get("source")) if b.get("source") else ""
        return "#figure(kind: table, caption: [%s])[#set text(font: \"Noto Sans\", size: 8.5pt)\n#set par(justify: false, first-line-indent: 0pt)\n#%s];%s" % (
            esc(b.get("title", "")), tab, source)

    # ---- divisions ----
    def heading(self, level, title, ident):
        label = " <%s>" % ident if ident in self.labels else ""
        return "#heading(level: %d)[%s];%s" % (level, title, label)

    def title_of(self, d):
        t = d.find("title")
        return self.inline(t) if t is not None else esc(d.get("title", ""))

    def division(self, d):
        t = d.tag
        out = []
        if t in ("chapter", "preface", "chronology", "bibliography", "part"):
            out.append("#pagebreak(to: \"odd\", weak: true)")
            if d.get("label"):
                out.append("#text(font: \"Noto Sans\", size: 10pt, tracking: 1pt)[%s];" % esc(d.get("label").upper()))
            out.append(self.heading(1, self.title_of(d), d.get("id")))
            if d.get("period"):
                out.append("#text(font: \"Noto Sans\", size: 12pt)[%s];" % esc(d.get("period")))
        elif t == "section":
            level = 2
            p = d
            while True:  # nesting depth among sections
                p = self.parent.get(p)
                if p is None or p.tag != "section":
                    break
                level += 1
            out.append(self.heading(min(level, 4), self.title_of(d), d.get("id")))
        if t == "chronology":
            cells = []
            for e in d.findall("event"):
                ref = e.get("ref")
                pointer = " → p. #context counter(page).at(<%s>).first();" % ref if ref in self.labels else ""
                cells.append("[#text(font: \"Noto Sans\", weight: \"bold\")[%s];], [%s%s]" % (
                    esc(e.get("year", "")), self.item(e), pointer))
            out.append("#grid(columns: (3em, 1fr), column-gutter: 8pt, row-gutter: 6.5pt, %s);" % ", ".join(cells))
        elif t == "bibliography":
            out.extend(self.inline(e) for e in d.findall("entry"))
        for c in d:
            if c.tag in ("title", "event", "entry"):
                continue
            if c.tag in ("chapter", "part", "preface", "chronology", "bibliography"):
                out.append(self.division(c))
            else:
                s = self.block(c)
                if s:
                    out.append(s)
        return "\n\n".join(out)

    def matter(self, m):
        out = []
        for d in m:
            if d.tag == "titlepage":
                out.append(self.titlepage())
            elif d.tag == "toc":
                out.append("#pagebreak(to: \"odd\", weak: true)\n#outline(title: [Índice], depth: 2);")
            elif d.tag in ("listoftables", "index"):
                continue  # see the top
            else:
                out.append(self.division(d))
        return "\n\n".join(out)

    def titlepage(self):
        meta = self.root.find("meta")
        get = lambda n: esc(meta.findtext(n, "")) if meta is not None else ""
        return ("#page(header: none, footer: none)[#set text(font: \"Noto Sans\")\n#v(30mm)\n"
                "#text(size: 26pt, weight: \"bold\")[%s];\n\n#text(size: 14pt)[%s];\n\n#v(1fr)\n"
                "#text(size: 11pt, weight: \"bold\")[%s];]" % (get("title"), get("subtitle"), get("publisher")))

    def convert(self):
        self.parent = {c: p for p in self.root.iter() for c in p}
        lang = self.root.get(XML_LANG, "es")
        pre = """// made by tests/bench/to_typst.py from a folio manuscript
#set document(title: [%s])
#set page(width: 170mm, height: 240mm,
  margin: (inside: 20mm, outside: 22mm, top: 22mm, bottom: 26mm),
  numbering: "i",
  header: context {
    let hs = query(heading.where(level: 1).before(here()))
    if hs.len() > 0 and query(heading.where(level: 1)).filter(h => h.location().page() == here().page()).len() == 0 {
      set text(font: "Noto Sans", size: 8pt, fill: luma(90))
      hs.last().body
    }
  },
  footer: context {
    set text(font: "Noto Sans", size: 8.5pt)
    let n = counter(page).display(page.numbering)
    if calc.odd(here().page()) { align(right, n) } else { align(left, n) }
  })
#set text(font: "Noto Serif", size: 10.5pt, lang: "%s", hyphenate: true)
#set par(justify: true, first-line-indent: 1em, leading: 6.5pt, spacing: 6.5pt)
#show heading: set text(font: "Noto Sans", weight: "bold", hyphenate: false)
#show heading.where(level: 1): it => { v(6 * 14pt); text(size: 20pt, it.body); v(14pt) }
#show heading.where(level: 2): set text(size: 12pt)
#show heading.where(level: 3): set text(size: 10.5pt)
#show footnote.entry: set text(size: 8.5pt)
#show figure.caption: set text(font: "Noto Sans", size: 9pt)
""" % (esc(self.root.findtext("meta/title", "")), lang)
        parts = [pre]
        for m in ("front", "body", "back"):
            el = self.root.find(m)
            if el is None:
                continue
            if m == "body":
                parts.append('#set page(numbering: "1")\n#counter(page).update(1)')
            parts.append(self.matter(el))
        return "\n\n".join(parts) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: to_typst.py MANUSCRIPT OUT.typ")
    tree = ET.parse(sys.argv[1])
    root = tree.getroot()
    ElementInclude.include(root, base_url=sys.argv[1], max_depth=10)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(Converter(root).convert())


if __name__ == "__main__":
    main()
