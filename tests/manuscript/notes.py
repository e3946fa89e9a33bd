#!/usr/bin/env python3
"""notes.py - the footnote calls of the manuscript are exactly FIRST..LAST, in order.

Usage:
    python3 tests/manuscript/notes.py BOOK.xml [FIRST LAST] [--all]

Loads the manuscript with its XInclude parts (extract_text.load, which keeps the
file and line of every element), takes every <note> in document order, and
asserts that their n attributes are FIRST, FIRST+1, ..., LAST (default 1..173):
each number once, none missing, none out of order.  On the first problem it
prints it as "file:line:col: error: ..." and exits 1 (--all prints every
problem).  A missing or ill-formed part is a problem too.  Exit 0 and a one-line
summary when all is well.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_text  # noqa: E402


def check(path, first=1, last=173):
    """Return (problems, notes): problems as 'file:line:col: error: ...' strings,
    notes as [(n_text, file, line, col)] in document order."""
    m = extract_text.load(path)
    problems = list(m.problems())
    notes = []
    if m.root is not None:
        for e in m.root.iter():
            if isinstance(e.tag, str) and extract_text._local(e.tag) == "note":
                f, l, c = m.where(e)
                notes.append((e.get("n"), f, l, c))
    seen = {}
    everywhere = {}
    for n_text, f, l, c in notes:
        everywhere.setdefault((n_text or "").strip(), "%s:%d:%d" % (f, l, c))
    expected = first
    for n_text, f, l, c in notes:
        here = "%s:%d:%d" % (f, l, c)
        try:
            n = int((n_text or "").strip())
        except ValueError:
            problems.append('%s: error: note has n="%s", not a number' % (here, n_text))
            continue
        if n in seen:
            problems.append("%s: error: note %d appears twice (first at %s)" % (here, n, seen[n]))
            continue
        seen[n] = here
        if n < first or n > last:
            problems.append("%s: error: note %d is outside %d..%d" % (here, n, first, last))
            continue
        if n == expected:
            expected += 1
        elif n > expected:
            gone = [k for k in range(expected, n) if str(k) not in everywhere]
            later = [k for k in range(expected, n) if str(k) in everywhere]
            why = []
            if gone:
                why.append(("note %d is missing" % gone[0]) if len(gone) == 1
                           else "notes %s are missing" % _ranges(gone))
            for k in later[:3]:
                why.append("note %d comes later, at %s" % (k, everywhere[str(k)]))
            problems.append("%s: error: note %d where %d was expected (%s)"
                            % (here, n, expected, "; ".join(why)))
            expected = n + 1
        else:
            problems.append("%s: error: note %d is out of order: it comes after note %d"
                            % (here, n, expected - 1))
    absent = [k for k in range(first, last + 1) if k not in seen]
    if absent and (not problems or expected <= last):
        where = notes[-1][1] if notes else path
        problems.append("%s: error: %d notes missing: %s"
                        % (where, len(absent), _ranges(absent)))
    return problems, notes


def _ranges(nums):
    out, i = [], 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else "%d-%d" % (nums[i], nums[j]))
        i = j + 1
    return ", ".join(out)


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    show_all = "--all" in argv
    if len(args) not in (1, 3):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    first, last = (int(args[1]), int(args[2])) if len(args) == 3 else (1, 173)
    problems, notes = check(args[0], first, last)
    if problems:
        for p in (problems if show_all else problems[:1]):
            print(p)
        print("FAIL: %d notes found, %d problem%s (expected %d..%d, each once, in order)"
              % (len(notes), len(problems), "" if len(problems) == 1 else "s", first, last))
        return 1
    print("PASS: notes %d..%d, %d notes, each once, in order" % (first, last, len(notes)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
