#!/usr/bin/env python3
"""test_tools.py - the manuscript checks can fail.

Runs fidelity.py and notes.py on tiny synthetic books (written to a temporary
folder) and asserts their exit status: a faithful book passes; a book with a
missing word, a changed word, a missing part, a swapped note, a duplicate note
or a missing note fails, and a note in the wrong place fails fidelity.py.  Also checks extract_text.py's reading order and the
source normalisation (glued and superscript footnote calls, running heads, page
numbers, line-end hyphens, a heading in mid-paragraph).

    python3 tests/manuscript/test_tools.py        (or: python3 -m unittest ...)
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import extract_text  # noqa: E402

SOURCE = """\
 Servicio de Cooperación Técnica 1952 - 2025

Este libro recorre la historia del servicio y de su aporte al
desarrollo.¹ Su lectura invita a pensar el futuro.

PRÓLOGO
La CORFO nació en 1939 como una herramienta del
desarrollo.2Este primer paso fue clave para la industria y para la
organización del Estado, según el boletín de post-
guerra. “Una escuela de técnicos”, decía la revista.3

Servicio de Cooperación Técnica 1952 - 2025 73 años aportando al desarrollo económico de Chile

30 31

Primeros pasos (1939-1960)

El servicio apoyó a las empresas medianas y pequeñas del país. 4
Sus funciones eran:
•	 Capacitar a operarios.
•	 Mostrar nuevas técnicas.
Tal como se mencinó antes, la Ley N° 20.416).2010 llegó después.5
"""

PROLOGO = """\
<preface id="prologo" title="Prólogo">
  <p>Este libro recorre la historia del servicio y de su aporte al
    desarrollo.<note n="1"/> Su lectura invita a pensar el futuro.</p>
</preface>
"""

CHAPTER = """\
<chapter id="cap1" label="Capítulo 1" title="Primeros pasos" period="1939-1960">
  <p>La CORFO nació en 1939 como una herramienta del
    desarrollo.<note n="2"/> Este primer paso fue clave para la industria y para la
    organización del Estado, según el boletín de postguerra.
    <q>Una escuela de técnicos</q>, decía la revista.<note n="3"/></p>
  <p>El servicio apoyó a las empresas medianas y pequeñas del país.<note n="4"/>
    Sus funciones eran:</p>
  <list type="bullet"><item>Capacitar a operarios.</item><item>Mostrar nuevas técnicas.</item></list>
  <p>Tal como se mencionó antes, la Ley N° 20.416). 2010 llegó después.<note n="5"/></p>
</chapter>
"""

BOOK = """\
<book xml:lang="es" xmlns:xi="http://www.w3.org/2001/XInclude">
  <meta><title>Servicio de Cooperación Técnica 1952 - 2025</title>
    <subtitle>73 años aportando al desarrollo económico de Chile</subtitle>
    <publisher>SERCOTEC</publisher></meta>
  <front><titlepage/><toc/><xi:include href="front/prologo.xml"/></front>
  <body><xi:include href="chapters/01.xml"/></body>
  <back><index/></back>
</book>
"""

ERRATA = """\
| location | before | after | reason |
|---|---|---|---|
| chapters/01.xml, cap1 | "Tal como se mencinó antes" | "Tal como se mencionó antes" | typo |
"""


class Book:
    """A synthetic book in a temporary folder, with parts that can be altered."""

    def __init__(self, chapter=CHAPTER, prologo=PROLOGO, errata=ERRATA, source=SOURCE,
                 with_chapter=True):
        self.dir = tempfile.TemporaryDirectory()
        d = self.dir.name
        os.makedirs(os.path.join(d, "front"))
        os.makedirs(os.path.join(d, "chapters"))
        self.write("book.xml", BOOK)
        self.write("front/prologo.xml", prologo)
        if with_chapter:
            self.write("chapters/01.xml", chapter)
        self.write("ERRATA.md", errata)
        self.write("source.txt", source)
        self.book = os.path.join(d, "book.xml")

    def write(self, name, text):
        with open(os.path.join(self.dir.name, name), "w", encoding="utf-8") as f:
            f.write(text)

    def run(self, tool, *args):
        p = subprocess.run([sys.executable, os.path.join(HERE, tool)] + list(args),
                           capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr

    def fidelity(self):
        d = self.dir.name
        return self.run("fidelity.py", self.book, os.path.join(d, "source.txt"),
                        os.path.join(d, "ERRATA.md"), "--verbose")

    def notes(self, first="1", last="5"):
        return self.run("notes.py", self.book, first, last)

    def close(self):
        self.dir.cleanup()


class ToolsTest(unittest.TestCase):
    def check(self, book, fid_rc, notes_rc, fid_text=None, notes_text=None):
        try:
            rc, out = book.fidelity()
            self.assertEqual(rc, fid_rc, out)
            if fid_text:
                self.assertIn(fid_text, out)
            rc, out = book.notes()
            self.assertEqual(rc, notes_rc, out)
            if notes_text:
                self.assertIn(notes_text, out)
        finally:
            book.close()

    def test_faithful_book_passes(self):
        b = Book()
        rc, out = b.fidelity()
        self.assertIn("footnote calls found in the source: 5 (1-5)", out)
        self.assertIn("0 unexplained differences", out)
        self.assertIn("furniture", out)
        self.check(b, 0, 0)

    def test_missing_word_fails(self):
        b = Book(chapter=CHAPTER.replace("medianas y pequeñas", "medianas pequeñas"))
        self.check(b, 1, 0, fid_text="source:     «y»")

    def test_changed_word_fails(self):
        b = Book(chapter=CHAPTER.replace("nuevas técnicas", "nuevas tecnicas"))
        self.check(b, 1, 0, fid_text="UNEXPLAINED DIFFERENCES: 1")

    def test_correction_without_errata_fails(self):
        b = Book(errata="| location | before | after | reason |\n|---|---|---|---|\n")
        self.check(b, 1, 0, fid_text="«mencinó»")

    def test_glued_note_not_separated_fails(self):
        b = Book(chapter=CHAPTER.replace('desarrollo.<note n="2"/> Este', 'desarrollo.<note n="2"/>Este'))
        self.check(b, 1, 0)

    def test_missing_part_fails(self):
        b = Book(with_chapter=False)
        self.check(b, 1, 1, fid_text="INCOMPLETE", notes_text="missing")

    def test_swapped_notes_fail(self):
        c = CHAPTER.replace('<note n="2"/>', '<note n="X"/>').replace('<note n="3"/>', '<note n="2"/>') \
                   .replace('<note n="X"/>', '<note n="3"/>')
        # notes.py: numbers out of order; fidelity.py: calls not at their source place
        self.check(Book(chapter=c), 1, 1, fid_text="note 3 follows «desarrollo.»",
                   notes_text="01.xml:3:")

    def test_duplicate_note_fails(self):
        c = CHAPTER.replace('<note n="3"/>', '<note n="2"/>')
        self.check(Book(chapter=c), 1, 1, notes_text="appears twice")

    def test_misplaced_note_fails(self):
        c = CHAPTER.replace('país.<note n="4"/>', 'país.').replace('Sus funciones', 'Sus<note n="4"/> funciones')
        self.check(Book(chapter=c), 1, 0, fid_text="note 4 follows «Sus»")

    def test_missing_note_fails(self):
        c = CHAPTER.replace('<note n="4"/>', '')
        self.check(Book(chapter=c), 0, 1, notes_text="note 5 where 4 was expected")

    def test_extract_reading_order(self):
        b = Book()
        try:
            segs = extract_text.segments(extract_text.load(b.book))
            text = [s.text for s in segs]
            self.assertEqual(text[0], "Servicio de Cooperación Técnica 1952 - 2025")
            self.assertEqual(text[1], "Prólogo")
            self.assertIn("Primeros pasos", text)
            self.assertIn("(1939-1960)", text)
            self.assertNotIn("Capítulo 1", " ".join(text))
            self.assertIn("\u201cUna escuela de técnicos\u201d, decía la revista.", " ".join(text))
            self.assertIn("Capacitar a operarios.", text)
            self.assertTrue(all(s.file.endswith(".xml") and s.line > 0 for s in segs))
        finally:
            b.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
