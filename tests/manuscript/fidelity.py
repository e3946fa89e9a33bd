#!/usr/bin/env python3
"""fidelity.py - does the manuscript say, word for word, what the source says?

Usage:
    python3 tests/manuscript/fidelity.py BOOK.xml SOURCE.txt ERRATA.md [--verbose]

BOOK.xml is the manuscript (book/book.xml, or one part of it such as
book/chapters/03.xml: a part is compared with the stretch of the source it
matches).  SOURCE.txt is the text extracted from the printed book's PDF.
ERRATA.md lists the editors' corrections as a Markdown table
| location | before | after | reason |.

Both texts are normalised the same way: NFC; quotation marks folded (“ ” « » "
-> ", ‘ ’ -> '); "…" -> "..."; whitespace collapsed; an en or em dash between
two numbers written "1974-1975" whatever its spaces.  The manuscript's text
comes from extract_text.py (titles, blocks, cells, events; notes as nothing;
<q> as “…”).  In the source:
  - footnote calls are dropped: superscript digits, and digits glued to words,
    years or punctuation ("desarrollo.53Este" -> "desarrollo. Este") or standing
    alone after punctuation ("Unidos. 25").  The calls are numbered 1, 2, 3...
    in order, so a number is taken as a call only if it is the next one expected;
    any other number glued after punctuation is split off and kept
    ("(Ley N° 20.416).2010" -> "(Ley N° 20.416). 2010");
  - a word broken at a line end ("post-" / "graduados") is rejoined, with or
    without its hyphen, where the manuscript has the joined word.

The word sequences are aligned (difflib, in chunks between words that occur
once in each text, so that it runs in about a second).  Source words the
manuscript does not have in the same place are then explained, in this order:
  furniture   page furniture: the running heads ("Servicio de Cooperación
              Técnica 1952 - 2025", "73 años aportando al desarrollo económico
              de Chile") and page numbers next to them ("30 31", "6564");
  label       numbering the layout generates: list markers (•, -, 1., 1), a))
              at a line start, "Tabla N." and "Fuente:" before a table's title
              and source;
  moved       words the manuscript has elsewhere: headings the extraction put in
              mid-paragraph, years of the chronology printed after their event,
              a table printed in the middle of a sentence (runs of 4 words or
              more, or any run that is a heading or a year in the manuscript).
              A moved stretch of running text (not a heading or a year) must
              be documented: an ERRATA.md row quotes 3 or more of its words
              in a row, or its 'before' covers it; otherwise it is reported;
  case        a heading the source prints in capitals (PRÓLOGO) and the
              manuscript writes as a title (Prólogo);
  errata      a difference inside the source stretch that an ERRATA.md row's
              'before' quotes, whose manuscript words are in its 'after'.
              'before'/'after' are the quoted parts of the cells ("…"), or the
              whole cell; "…" inside them stands for the words left out.
Anything else is an unexplained difference, printed with the manuscript's
file:line and the source's line.

Numbers printed:
  source words      words of the source, without footnote calls, page furniture
                    and layout labels;
  manuscript words  words of the manuscript's text;
  matched           source words the manuscript has in the same order;
  moved             source words the manuscript has elsewhere (see above);
  corrected         source words removed or replaced by an ERRATA.md row;
  fidelity          (matched + moved) / (source words - corrected);
  strict fidelity   matched / source words.

Footnote calls are checked too: each <note n="N"/> must follow the word the
source's call N follows (the manuscript word aligned with it).

Exit status 1 if fidelity < 99.5 %, if an unexplained difference, an
undocumented move or a misplaced footnote call exists, or if
the manuscript is incomplete (a part missing or not well-formed: each is
reported).  --verbose also lists the explained differences and the footnote
calls found in the source.
"""

import argparse
import difflib
import os
import re
import sys
import unicodedata
from bisect import bisect_left
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_text  # noqa: E402

THRESHOLD = 99.5
RUNNING_HEADS = {
    "Servicio de Cooperación Técnica 1952 - 2025",
    "73 años aportando al desarrollo económico de Chile",
    "Servicio de Cooperación Técnica 1952 - 2025 73 años aportando al desarrollo económico de Chile",
}
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
                "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9"}
QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
          "\u2018": "'", "\u2019": "'", "\u2039": "'", "\u203a": "'"}
CLOSERS = '.,;:)"\'%'
LABEL_RE = re.compile(r"^(?:[•●▪◦·-]|\d{1,2}[.)]|[a-z]\))$")
MIN_MOVE = 4


class Tok:
    __slots__ = ("text", "key", "line", "flag", "kind", "file", "glued")

    def __init__(self, text, line=0, flag="", kind="text", file="", glued=False):
        self.text = text
        self.key = text.casefold()
        self.line = line
        self.flag = flag          # source: furniture | label | caps ; "" otherwise
        self.kind = kind          # manuscript: title | year | text
        self.file = file
        self.glued = glued        # a number split off the word it was glued to

    def __repr__(self):
        return self.text


# --------------------------------------------------------------- normalising
def fold(s):
    s = unicodedata.normalize("NFC", s)
    s = "".join(QUOTES.get(c, c) for c in s)
    return s.replace("\u2026", "...").replace("\u00a0", " ").replace("\u202f", " ")


def join_dashes(toks):
    """'1960', '–', '1973)' -> '1960-1973)'; '1974–' '1975' -> '1974-1975'."""
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        t.text = re.sub(r"(\d)[\u2013\u2014](\d)", r"\1-\2", t.text)
        if (t.text in ("-", "\u2013", "\u2014") and out and i + 1 < len(toks)
                and re.search(r"\d$", out[-1].text) and re.match(r"\d", toks[i + 1].text)):
            prev = out[-1]
            prev.text = prev.text + "-" + re.sub(r"(\d)[\u2013\u2014](\d)", r"\1-\2", toks[i + 1].text)
            prev.key = prev.text.casefold()
            i += 2
            continue
        if (re.search(r"\d[-\u2013\u2014]$", t.text) and i + 1 < len(toks)
                and re.match(r"\d", toks[i + 1].text)):
            t.text = t.text[:-1] + "-" + toks[i + 1].text
            t.key = t.text.casefold()
            out.append(t)
            i += 2
            continue
        t.key = t.text.casefold()
        out.append(t)
        i += 1
    return out


def split_glued(text, expected):
    """Split footnote calls off a token.

    Returns (parts, calls): parts is a list of (text, glued) to keep, calls the
    call numbers dropped.  `expected` is the next call number (or None when the
    numbering is unknown, as in ERRATA cells: then every glued number is split
    off and marked glued)."""
    calls = []
    # superscripts
    if any(c in SUPERSCRIPTS for c in text):
        num = "".join(SUPERSCRIPTS[c] for c in text if c in SUPERSCRIPTS)
        text = "".join(c for c in text if c not in SUPERSCRIPTS)
        if num:
            calls.append(int(num))
    m = re.match(r"^(.*?)(\d+)(\D.*)?$", text)
    best = None
    for m in re.finditer(r"\d+", text):
        s, e = m.span()
        if s == 0:
            continue
        before = text[s - 1]
        num = int(m.group())
        after = text[e:e + 1]
        if after and after.isdigit():
            continue
        is_next = expected is None or num == expected
        if before.isalpha():
            ok = is_next and not re.match(r"\(?[xX]$", text[:s][-2:])
        elif before in ".,":
            # after punctuation that follows a letter/closer: always glued;
            # after a digit ("1966.50"): only if it is the expected call
            prev2 = text[s - 2] if s >= 2 else ""
            if prev2.isdigit():
                ok = is_next and (expected is not None) and (after == "" or after.isalpha())
            else:
                ok = True
        elif before in ";:)\"'%":
            ok = True
        else:
            ok = False
        if ok:
            best = (s, e, num)
            break
    if best is None:
        return [(text, False)] if text else [], calls
    s, e, num = best
    head, tail = text[:s], text[e:]
    parts = [(head, False)] if head else []
    if expected is not None and num == expected:
        calls.append(num)
    else:
        parts.append((text[s:e], True))
    if tail:
        more, c2 = split_glued(tail, None if expected is None else expected + len(calls))
        parts += more
        calls += c2
    return parts, calls


def source_tokens(path, ms_vocab):
    """Tokens of the source text, with flags, and the footnote calls found."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    folded = [fold(l).strip() for l in lines]
    heads = {fold(h) for h in RUNNING_HEADS}
    head_lines = {i for i, l in enumerate(folded) if l in heads}
    toks, calls = [], []
    expected = 1
    for i, l in enumerate(folded):
        if not l:
            continue
        flag = ""
        if i in head_lines:
            flag = "furniture"
        elif re.fullmatch(r"[0-9 ]+", l) and any(abs(i - h) <= 3 for h in head_lines):
            flag = "furniture"          # page numbers beside a running head
        words = l.split()
        caps = any(c.isalpha() for c in l) and l == l.upper()
        for w_i, w in enumerate(words):
            f = flag
            if not f:
                if w_i == 0 and LABEL_RE.match(w):
                    f = "label"
                elif w in ("•", "●"):
                    f = "label"
                elif w_i < 2 and re.match(r"Tabla \d+\.", l) and (w == "Tabla" or re.fullmatch(r"\d+\.", w)):
                    f = "label"
                elif w_i == 0 and w == "Fuente:":
                    f = "label"
                elif caps:
                    f = "caps"
            # a footnote call standing alone after punctuation ("Unidos. 25")
            if (w == str(expected) and toks and toks[-1].text[-1:] in CLOSERS
                    and f not in ("furniture",)):
                calls.append((expected, i + 1, toks[-1].text + " " + w, toks[-1]))
                expected += 1
                continue
            parts, cs = split_glued(w, expected)
            # the call follows the part before it (the head of the token)
            if parts and cs:
                head = parts[0]
                toks.append(Tok(head[0], i + 1, f, glued=head[1]))
                parts = parts[1:]
            for c in cs:
                calls.append((c, i + 1, w, toks[-1] if toks else None))
                if c == expected:
                    expected += 1
            for text, glued in parts:
                toks.append(Tok(text, i + 1, f, glued=glued))
        if toks:
            toks[-1].kind = "eol"   # marks the last word of a line (for rejoining)
    toks = join_dashes(toks)
    # rejoin words broken at a line end, where the manuscript has the joined word
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (t.kind == "eol" and len(t.text) > 1 and t.text[-1] in "-/" and i + 1 < len(toks)
                and not t.text[-2].isdigit()):
            n = toks[i + 1]
            joined = None
            if t.text[-1] == "-" and (t.text[:-1] + n.text) in ms_vocab:
                joined = t.text[:-1] + n.text
            elif (t.text + n.text) in ms_vocab:
                joined = t.text + n.text
            if joined:
                t.text = joined
                t.key = joined.casefold()
                t.kind = n.kind
                out.append(t)
                i += 2
                continue
        out.append(t)
        i += 1
    for t in out:
        t.kind = "text"
    return out, calls


NOTE_RE = re.compile(extract_text.NOTE_OPEN + "([^" + extract_text.NOTE_CLOSE + "]*)" + extract_text.NOTE_CLOSE)


def manuscript_tokens(m, notes=None):
    """Tokens of the manuscript's text.  If notes is a list, (n, token) pairs are
    appended to it: the token a <note n> follows (the token object itself, so
    that it survives join_dashes)."""
    toks = []
    for seg in extract_text.segments(m, notes=True):
        for w in fold(seg.text).split():
            lead = []
            while True:                      # calls before the word follow the previous one
                mm = NOTE_RE.match(w)
                if not mm:
                    break
                lead.append(mm.group(1))
                w = w[mm.end():]
            ns = NOTE_RE.findall(w)
            w = NOTE_RE.sub("", w)
            if notes is not None and toks:
                for n in lead:
                    notes.append((n, toks[-1], False))
            if w:
                toks.append(Tok(w, seg.line, kind=seg.kind, file=seg.file))
            if notes is not None and toks:
                for n in ns:
                    notes.append((n, toks[-1], bool(w)))
    return join_dashes(toks)


# ------------------------------------------------------------------ aligning
def _lis(pairs):
    """Longest increasing subsequence on the second coordinate (pairs sorted by first)."""
    tails, tails_i, prev = [], [], [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        p = bisect_left(tails, j)
        if p == len(tails):
            tails.append(j)
            tails_i.append(k)
        else:
            tails[p] = j
            tails_i[p] = k
        prev[k] = tails_i[p - 1] if p > 0 else -1
    out = []
    k = tails_i[-1] if tails_i else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def align(a, b):
    """Opcodes (tag, i1, i2, j1, j2) aligning key lists a and b.

    Words that occur exactly once in each list anchor the alignment (patience
    diff); difflib aligns the stretches between anchors."""
    ca, cb = Counter(a), Counter(b)
    pos_b = {k: j for j, k in enumerate(b) if cb[k] == 1}
    pairs = [(i, pos_b[k]) for i, k in enumerate(a) if ca[k] == 1 and k in pos_b]
    anchors = _lis(pairs) + [(len(a), len(b))]
    ops = []
    i0 = j0 = 0
    for (i, j) in anchors:
        if i > i0 or j > j0:
            sm = difflib.SequenceMatcher(None, a[i0:i], b[j0:j], autojunk=False)
            for tag, x1, x2, y1, y2 in sm.get_opcodes():
                ops.append((tag, i0 + x1, i0 + x2, j0 + y1, j0 + y2))
        if i < len(a):
            ops.append(("equal", i, i + 1, j, j + 1))
        i0, j0 = i + 1, j + 1
    merged = []
    for op in ops:
        if merged and merged[-1][0] == op[0] and merged[-1][2] == op[1] and merged[-1][4] == op[3]:
            t, x1, _, y1, _ = merged[-1]
            merged[-1] = (t, x1, op[2], y1, op[4])
        else:
            merged.append(op)
    return merged


def cleanup(ops):
    """Drop chance matches: an equal run of one or two words between two changes
    that are much larger (a heading's "el fomento" matched inside a deleted
    passage) becomes part of the change, so that the words can be paired as a
    move or explained by an erratum."""
    def size(op):
        return (op[2] - op[1]) + (op[4] - op[3])
    out = list(ops)
    for k in range(1, len(out) - 1):
        tag, i1, i2, j1, j2 = out[k]
        if (tag == "equal" and i2 - i1 <= 2 and out[k - 1][0] != "equal"
                and out[k + 1][0] != "equal" and size(out[k - 1]) + size(out[k + 1]) >= 6):
            out[k] = ("replace", i1, i2, j1, j2)
    merged = []
    for op in out:
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            t, x1, _, y1, _ = merged[-1]
            merged[-1] = ("replace", x1, op[2], y1, op[4])
        else:
            merged.append(op)
    return merged


# -------------------------------------------------------------------- errata
def loose(key):
    return key.strip("()[]\"'.,;:")


class Erratum:
    def __init__(self, row, location, before, after, reason):
        self.row, self.location, self.reason = row, location, reason
        self.before_raw, self.after_raw = before, after
        self.before = _cell_pieces(before)      # list of alternatives, each a list of pieces
        self.after = _cell_pieces(after)
        self.vocab = {t.key for alt in self.after for piece in alt for t in piece}
        self.vocab |= {loose(k) for k in self.vocab}
        self.spans = []                          # (start, end) source token ranges
        self.used = False
        self.unlocated = False


def _cell_text_alternatives(cell):
    cell = cell.replace("`", "").replace("\u23ce", " ")
    cell = re.sub(r"<[^>]*>", "", cell)
    quoted = re.findall(r'"([^"]+)"', cell)
    if not quoted:
        quoted = re.findall(r"\u201c([^\u201d]+)\u201d", cell) if cell.count("\u201c") else []
    if quoted:
        return quoted
    c = cell.strip()
    if c.lower() in ("", "-", "—", "–", "(empty)", "(nothing)", "(vacío)", "(nada)",
                     "(deleted)", "(eliminado)", "∅"):
        return []
    return [c]


def _cell_pieces(cell):
    alts = []
    for text in _cell_text_alternatives(cell):
        pieces = []
        for piece in re.split(r"\[?(?:…|\.\.\.)\]?", text):
            toks = []
            for w in fold(piece).split():
                parts, _ = split_glued(w, None)
                toks += [Tok(p, glued=g) for p, g in parts]
            toks = join_dashes(toks)
            if toks:
                pieces.append(toks)
        if pieces:
            alts.append(pieces)
    return alts


def parse_errata(path):
    out = []
    if not path or not os.path.exists(path):
        return out, ["errata file not found: %s" % path]
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if not s.startswith("|"):
                continue
            cells = [c.strip() for c in s.strip("|").split("|")]
            if len(cells) < 4 or re.fullmatch(r"[-: ]*", cells[0] + cells[1]):
                continue
            if cells[1].lower() in ("before", "antes"):
                continue
            location, before, after = cells[0], cells[1], cells[2]
            reason = "|".join(cells[3:])
            out.append(Erratum(n, location, before, after, reason))
    return out, []


def _find_piece(keys, piece, start, stop):
    """All positions p in [start, stop) where piece matches keys (first word may be a
    word's end, last word a word's beginning; glued numbers optional)."""
    variants = [[t.key for t in piece]]
    if any(t.glued for t in piece):
        variants.append([t.key for t in piece if not t.glued])
    found = []
    for v in variants:
        n = len(v)
        if n == 0:
            continue
        for p in range(start, min(stop, len(keys)) - n + 1):
            if n == 1:
                ok = v[0] in keys[p]
            else:
                ok = (keys[p].endswith(v[0]) and keys[p + n - 1].startswith(v[-1])
                      and keys[p + 1:p + n - 1] == v[1:-1])
            if ok:
                found.append((p, p + n))
        if found:
            break
    return found


def locate_errata(errata, src):
    keys = [t.key for t in src]
    warnings = []
    for e in errata:
        for alt in e.before:
            starts = _find_piece(keys, alt[0], 0, len(keys))
            for (s, x) in starts:
                end = x
                ok = True
                for piece in alt[1:]:
                    nxt = _find_piece(keys, piece, end, end + 3000)
                    if not nxt:
                        ok = False
                        break
                    end = nxt[0][1]
                if ok:
                    e.spans.append((s, end))
        if e.before and not e.spans:
            e.unlocated = True
            warnings.append("ERRATA line %d (%s): 'before' not found in the source: %s"
                            % (e.row, e.location, e.before_raw[:100]))
    return warnings


# ------------------------------------------------------------------ checking
def main(argv):
    ap = argparse.ArgumentParser(description="Compare the manuscript with the source, word by word.")
    ap.add_argument("book")
    ap.add_argument("source")
    ap.add_argument("errata")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    a = ap.parse_args(argv)

    m = extract_text.load(a.book)
    problems = m.problems()
    ms_notes = []
    ms = manuscript_tokens(m, ms_notes)
    ms_vocab = {t.text for t in ms}
    src, calls = source_tokens(a.source, ms_vocab)
    errata, ew = parse_errata(a.errata)
    ew += locate_errata(errata, src)

    A = [t.key for t in src]
    B = [t.key for t in ms]
    ops = cleanup(align(A, B))

    n, nm = len(src), len(ms)
    sstate = [""] * n      # match | furniture | label | moved | case | errata | outside | ""
    mstate = [""] * nm
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for k in range(i2 - i1):
                sstate[i1 + k] = "match"
                mstate[j1 + k] = "match"

    # a part given alone: compare it with the stretch of the source it matches
    fragment = m.root is not None and extract_text._local(m.root.tag) != "book"
    if fragment:
        big = [(i1, i2) for tag, i1, i2, j1, j2 in ops if tag == "equal" and i2 - i1 >= 5]
        lo = big[0][0] if big else 0
        hi = big[-1][1] if big else 0
        # extend to the nearest unmatched stretch that the manuscript's ends can explain
        for i in range(n):
            if i < lo or i >= hi:
                if sstate[i] != "match":
                    sstate[i] = "outside"

    # case: capitals of a heading line are the layout's
    case_diffs = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for k in range(i2 - i1):
                s, t = src[i1 + k], ms[j1 + k]
                if s.text != t.text and s.flag != "caps":
                    case_diffs.append((i1 + k, j1 + k))

    for i, t in enumerate(src):
        if sstate[i] == "" and t.flag in ("furniture", "label"):
            sstate[i] = t.flag

    # moved words
    moves = []

    def runs(state, seq_len):
        out, cur = [], []
        for i in range(seq_len):
            if state[i] == "":
                cur.append(i)
            elif state[i] in ("furniture", "label") and cur:
                continue
            else:
                if cur:
                    out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        return out

    while True:
        sruns, mruns = runs(sstate, n), runs(mstate, nm)
        best = None
        for mr in mruns:
            mk = [B[j] for j in mr]
            for sr in sruns:
                sk = [A[i] for i in sr]
                sm = difflib.SequenceMatcher(None, sk, mk, autojunk=False)
                x, y, size = sm.find_longest_match(0, len(sk), 0, len(mk))
                if size == 0:
                    continue
                if size < MIN_MOVE and not all(ms[mr[y + k]].kind in ("title", "year") for k in range(size)):
                    continue
                if best is None or size > best[0]:
                    best = (size, sr[x:x + size], mr[y:y + size])
        if best is None:
            break
        size, si, mj = best
        for i in si:
            sstate[i] = "moved"
        for j in mj:
            mstate[j] = "moved"
        moves.append((si, mj))

    # remaining differences, chunked along the alignment
    chunks = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        si = [i for i in range(i1, i2) if sstate[i] == ""]
        mj = [j for j in range(j1, j2) if mstate[j] == ""]
        if si or mj:
            chunks.append((si, mj, i1))
    for i, j in case_diffs:
        if sstate[i] != "outside":
            chunks.append(([i], [j], i))

    def explained_by(si, mj, at):
        # words a row adds to a heading (a chapter's period) are checked against
        # the row's 'after' wherever the heading is
        if not si and mj and all(ms[j].kind == "title" for j in mj):
            for e in errata:
                if all(ms[j].key in e.vocab or loose(ms[j].key) in e.vocab for j in mj):
                    return e
        for e in errata:
            for (s, x) in e.spans:
                if si and not all(s <= i < x for i in si):
                    continue
                if not si and not (s <= at <= x):
                    continue
                if all(ms[j].key in e.vocab for j in mj):
                    return e
        return None

    # a moved stretch of running text (not a heading or a year) must be documented:
    # an ERRATA.md row quotes some of its words or covers it
    def documented(si):
        lo_i, hi_i = si[0], si[-1] + 1
        keys = [A[i] for i in si]
        for e in errata:
            if any(s < hi_i and lo_i < x for (s, x) in e.spans):
                return True
            for alt in e.before + e.after:
                for piece in alt:
                    pk = [t.key for t in piece if not t.glued]
                    if len(pk) >= 3 and _find_piece(keys, piece, 0, len(keys)):
                        return True
        return False

    undocumented_moves = []
    for si, mj in moves:
        if any(ms[j].kind == "text" for j in mj) and not documented(si):
            undocumented_moves.append((si, mj))

    unexplained, by_errata = [], []
    for si, mj, at in chunks:
        e = explained_by(si, mj, at)
        if e:
            e.used = True
            by_errata.append((si, mj, e, at))
            for i in si:
                if sstate[i] == "":
                    sstate[i] = "errata"
            for j in mj:
                if mstate[j] == "":
                    mstate[j] = "errata"
        else:
            unexplained.append((si, mj, at))

    # ------------------------------------------------------------- numbers
    counted = [i for i in range(n) if sstate[i] not in ("furniture", "label", "outside")]
    src_words = len(counted)
    matched = sum(1 for i in counted if sstate[i] == "match")
    moved = sum(1 for i in counted if sstate[i] == "moved")
    corrected = sum(1 for i in counted if sstate[i] == "errata")
    furniture = sstate.count("furniture")
    labels = sstate.count("label")
    denom = src_words - corrected
    fid = 100.0 * (matched + moved) / denom if denom else 0.0
    strict = 100.0 * matched / src_words if src_words else 0.0

    print("manuscript: %s (%d parts: %s)" % (a.book, len(m.parts), ", ".join(m.parts)))
    for p in problems:
        print("INCOMPLETE: " + p)
    if fragment:
        print("part alone: compared with source lines %d-%d"
              % (src[lo].line if lo < n else 0, src[hi - 1].line if 0 < hi <= n else 0))
    got = [c[0] for c in calls]
    print("footnote calls found in the source: %d (%s)" % (len(got), _ranges(got)))
    print("source words:      %6d   (without %d footnote calls, %d words of page furniture, %d layout labels)"
          % (src_words, len(got), furniture, labels))
    print("manuscript words:  %6d" % nm)
    print("matched:           %6d   (in order)" % matched)
    print("moved:             %6d   (headings, years, tables the manuscript has elsewhere; %d runs)"
          % (moved, len(moves)))
    print("corrected:         %6d   (source words changed by ERRATA.md rows; %d of %d rows used)"
          % (corrected, sum(e.used for e in errata), len(errata)))
    print("fidelity:          %6.2f %%  ((matched + moved) / (source words - corrected))" % fid)
    print("strict fidelity:   %6.2f %%  (matched / source words)" % strict)
    nul = sum(e.unlocated for e in errata)
    if nul:
        print("errata rows whose 'before' is a description, not source text: %d%s"
              % (nul, "" if a.verbose else " (--verbose lists them)"))
    for w in ew:
        if a.verbose or "not found in the source" not in w:
            print("warning: " + w)

    def show(idx, seq, limit=14):
        ws = [seq[k].text for k in idx]
        if len(ws) > 2 * limit:
            return " ".join(ws[:limit]) + " […%d words…] " % (len(ws) - 2 * limit) + " ".join(ws[-limit:])
        return " ".join(ws)

    def where(si, mj, at):
        if mj:
            t = ms[mj[0]]
            loc = "%s:%d" % (t.file, t.line)
        else:
            # the manuscript word before the gap
            j = _ms_index_before(ops, at)
            loc = "%s:%d" % (ms[j].file, ms[j].line) if 0 <= j < nm else a.book
        sl = src[si[0]].line if si else (src[at].line if at < n else (src[-1].line if src else 0))
        return loc, sl

    if a.verbose:
        print("\nfootnote calls (number, source line, as written):")
        for c, l, w, _t in calls:
            print("  %3d  %s:%d  %s" % (c, a.source, l, w))
        print("\nexplained differences:")
        for i in range(n):
            pass
        fur = [i for i in range(n) if sstate[i] == "furniture"]
        for r in _group(fur):
            print("  furniture  source:%d  %s" % (src[r[0]].line, show(r, src)))
        lab = [i for i in range(n) if sstate[i] == "label"]
        print("  label      %d words: %s" % (len(lab), " ".join(sorted(set(src[i].text for i in lab)))))
        for si, mj in moves:
            print("  moved      source:%d -> %s:%d  %s" % (src[si[0]].line, ms[mj[0]].file, ms[mj[0]].line, show(si, src)))
        for si, mj, e, at in by_errata:
            sl = src[si[0]].line if si else (src[min(at, n - 1)].line if n else 0)
            print("  errata     source:%d  (ERRATA line %d)  - %s  + %s"
                  % (sl, e.row, show(si, src), show(mj, ms)))
        caps = sum(1 for tag, i1, i2, j1, j2 in ops if tag == "equal"
                   for k in range(i2 - i1) if src[i1 + k].text != ms[j1 + k].text)
        print("  case       %d words printed in capitals in the source" % caps)

    unused = [e for e in errata if not e.used and e.spans]
    if unused and a.verbose:
        print("\nERRATA rows with no difference to explain (the text may already agree):")
        for e in unused:
            print("  line %d: %s" % (e.row, e.location))

    for si, mj in undocumented_moves:
        print("\nMOVED TEXT NOT IN ERRATA.md: %s:%d: %d words the source has at line %d: «%s»"
              % (ms[mj[0]].file, ms[mj[0]].line, len(si), src[si[0]].line, show(si, src)))
    if unexplained:
        print("\nUNEXPLAINED DIFFERENCES: %d" % len(unexplained))
        for si, mj, at in unexplained:
            loc, sl = where(si, mj, at)
            ctx = " ".join(t.text for t in src[max(0, (si[0] if si else at) - 5):(si[0] if si else at)])
            print("%s: source line %d: after «%s»\n    source:     «%s»\n    manuscript: «%s»"
                  % (loc, sl, ctx, show(si, src), show(mj, ms)))
    # footnote calls: each <note n> after the same word as the source's call n
    sidx = {id(t): i for i, t in enumerate(src)}
    midx = {id(t): j for j, t in enumerate(ms)}
    s2m = {}
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            for k in range(i2 - i1):
                s2m[i1 + k] = j1 + k
    src_at = {c[0]: c[3] for c in calls if c[3] is not None}
    misplaced = []
    for n_text, tok, glued in ms_notes:
        try:
            n = int(n_text)
        except ValueError:
            continue
        st = src_at.get(n)
        if st is None or id(st) not in sidx or id(tok) not in midx:
            continue
        i, j = sidx[id(st)], midx[id(tok)]
        if s2m.get(i) == j or (i not in s2m and loose(st.key) == loose(tok.key)):
            continue
        misplaced.append((n, st, tok))
    if misplaced:
        print("\nFOOTNOTE CALLS NOT AT THEIR SOURCE PLACE: %d" % len(misplaced))
        for n, st, tok in misplaced:
            print("%s:%d: note %d follows «%s»; the source (line %d) has it after «%s»"
                  % (tok.file, tok.line, n, tok.text, st.line, st.text))

    ok = (not unexplained and not misplaced and not undocumented_moves and fid >= a.threshold
          and not problems and m.root is not None)
    print("\n%s: fidelity %.2f %% (threshold %.1f %%), %d unexplained differences, "
          "%d undocumented moves, %d misplaced footnote calls%s"
          % ("PASS" if ok else "FAIL", fid, a.threshold, len(unexplained),
             len(undocumented_moves), len(misplaced),
             ", manuscript incomplete" if problems else ""))
    return 0 if ok else 1


def _ms_index_before(ops, at):
    for tag, i1, i2, j1, j2 in ops:
        if i1 <= at < i2 or (i1 == i2 == at):
            return j1 - 1 if tag != "equal" else j1 + (at - i1)
    return -1


def _group(idx):
    out, cur = [], []
    for i in idx:
        if cur and i != cur[-1] + 1:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return out


def _ranges(nums):
    if not nums:
        return "none"
    out = []
    start = prev = nums[0]
    for x in nums[1:] + [None]:
        if x is not None and x == prev + 1:
            prev = x
            continue
        out.append("%d" % start if start == prev else "%d-%d" % (start, prev))
        if x is not None:
            start = prev = x
    return ", ".join(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
