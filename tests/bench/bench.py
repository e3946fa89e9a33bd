#!/usr/bin/env python3
"""bench.py - how fast folio makes a book, against Typst and against itself
(run by scripts/bench.sh; a benchmark, not a test: it asserts nothing).

    bench.py FOLIO [--runs N] [--big-runs N] [--only book,scaled,watch] [--typst-dir DIR]

Every figure is the median of paired runs, each pair run back to back on the
same machine (in alternating order), so that a slow moment of a shared
machine hits both sides of a pair:
  book     folio's cold build of book/ (print layout) against Typst 0.14
           setting the same text (tests/bench/to_typst.py), each a fresh
           process; wall time and peak RSS of the process (getrusage of the
           child: node's own memory counts for Typst).
  scaled   the book's body repeated 12 and 60 times in one file
           (tests/bench/scale_book.py), x12 and x60 paired: time, peak RSS,
           the load stage (layout and manuscript, FOLIO_DEBUG_TIMES) and
           time(x60)/time(x12).
  watch    folio watch on a copy of the book: a one-word edit in a chapter,
           saved as editors do (a temporary file renamed over it), timed until
           the watch's line for it, against a cold build of the same input.
Typst comes from npm (@myriaddreamin/typst-ts-node-compiler 0.7 = Typst 0.14),
installed into --typst-dir on first use; without npm or the network, that
column is skipped with a message.
"""
import argparse
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import scale_book  # noqa: E402

TYPST_PACKAGE = "@myriaddreamin/typst-ts-node-compiler@0.7"


class RusagePopen(subprocess.Popen):
    """Popen that keeps its child's peak RSS (its rusage, from the kernel)
    when wait() reaps it."""

    maxrss = 0.0

    def _try_wait(self, wait_flags):
        try:
            pid, sts, ru = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.maxrss = ru.ru_maxrss / 1024.0  # KiB -> MiB
        return (pid, sts)


def run(cmd, env=None):
    """Run cmd; returns (seconds, peak RSS in MiB, its output). Fails loudly."""
    t0 = time.perf_counter()
    p = RusagePopen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(err.decode("utf-8", "replace")[-3000:])
        sys.exit("bench: %s failed (%d)" % (" ".join(map(str, cmd)), p.returncode))
    return wall, p.maxrss, err.decode("utf-8", "replace") + out.decode("utf-8", "replace")


def med(v):
    return statistics.median(v) if v else float("nan")


def ms(s):
    return "%.0f ms" % (s * 1000) if s < 10 else "%.1f s" % s


def folio_build(folio, manuscript, out, extra_env=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764547200", **(extra_env or {}))
    return run([folio, "build", "-l", str(ROOT / "layout/print.xml"), "-o", out, manuscript], env)


# ---- Typst ----

def typst_setup(cache):
    """The node module's folder, or None (with the reason printed)."""
    mod = cache / "node_modules" / "@myriaddreamin" / "typst-ts-node-compiler"
    if not mod.exists():
        if not shutil.which("npm") or not shutil.which("node"):
            print("bench: no npm/node here: the Typst comparison is skipped")
            return None
        print("bench: installing %s into %s (once)" % (TYPST_PACKAGE, cache), flush=True)
        cache.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--no-save",
                            TYPST_PACKAGE], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode != 0 or not mod.exists():
            print("bench: npm could not install %s (no network?): the Typst comparison is skipped" % TYPST_PACKAGE)
            print(r.stdout.decode("utf-8", "replace")[-800:])
            return None
    return cache / "node_modules"


def bench_book(folio, runs, tmp, typst_cache, rows):
    manuscript = str(ROOT / "book/book.xml")
    modules = typst_setup(typst_cache) if typst_cache else None
    typst_env = None
    if modules:
        typst_env = dict(os.environ, NODE_PATH=str(modules))
        v = subprocess.run(["node", str(HERE / "typst_compile.js"), "--version", str(ROOT / "fonts")],
                           env=typst_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        version = v.stdout.decode().strip()
        if v.returncode != 0 or not version.startswith("0.14"):
            print("bench: the npm package gives Typst %r, not 0.14: the Typst comparison is skipped" % version)
            modules = None
        else:
            typ = tmp / "book.typ"
            subprocess.run([sys.executable, str(HERE / "to_typst.py"), manuscript, str(typ)], check=True)
            # Typst's fixed cost in this harness: node, the addon, the fonts, for one line
            tiny = tmp / "tiny.typ"
            tiny.write_text('#set text(font: "Noto Serif", lang: "es")\nHola.\n', encoding="utf-8")
            fixed = med([run(["node", str(HERE / "typst_compile.js"), str(tiny), str(tmp / "tiny.pdf"),
                              str(ROOT / "fonts")], typst_env)[0] for _ in range(3)])
    f_t, f_m, t_t, t_m, t_in, ratio = [], [], [], [], [], []
    folio_build(folio, manuscript, str(tmp / "warm.pdf"))  # files in the page cache for both
    for i in range(runs):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        pair = {}
        for side in order:
            if side == 0:
                pair[0] = folio_build(folio, manuscript, str(tmp / "book.pdf"))
            elif modules:
                w, m, said = run(["node", str(HERE / "typst_compile.js"), str(typ), str(tmp / "book-typst.pdf"),
                                  str(ROOT / "fonts")], typst_env)
                pair[1] = (w, m, float(re.search(r"compile ([0-9.]+)", said).group(1)) / 1000)
        f_t.append(pair[0][0])
        f_m.append(pair[0][1])
        if modules:
            t_t.append(pair[1][0])
            t_m.append(pair[1][1])
            t_in.append(pair[1][2])
            ratio.append(pair[0][0] / pair[1][0])
    pages = pdf_pages(tmp / "book.pdf")
    rows.append(("book, folio (%d pages)" % pages, ms(med(f_t)), "%.0f MiB" % med(f_m), ""))
    if modules:
        tp = pdf_pages(tmp / "book-typst.pdf")
        rows.append(("book, Typst %s (%d pages)" % (version, tp), ms(med(t_t)), "%.0f MiB" % med(t_m),
                     "in node: %s; a one-line document: %s" % (ms(med(t_in)), ms(fixed))))
        rows.append(("folio / Typst, paired", "%.2f x" % med(ratio), "%.2f x" % (med(f_m) / med(t_m)),
                     "target: time 0.2 x, RSS 40 MiB"))


def pdf_pages(pdf):
    try:
        out = subprocess.run(["pdfinfo", str(pdf)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
        return int(re.search(r"Pages:\s+(\d+)", out).group(1))
    except Exception:
        return 0


def bench_scaled(folio, runs, tmp, rows):
    books = {}
    for n in (12, 60):
        lines = scale_book.scale(ROOT / "book", n, tmp / ("x%d" % n))
        books[n] = (str(tmp / ("x%d" % n) / "book.xml"), lines)
    res = {12: [], 60: []}
    for i in range(runs):
        for n in ((12, 60) if i % 2 == 0 else (60, 12)):
            w, m, err = folio_build(folio, books[n][0], str(tmp / ("x%d.pdf" % n)), {"FOLIO_DEBUG_TIMES": "1"})
            load = float(re.search(r"time: load ([0-9.]+) ms", err).group(1)) / 1000
            res[n].append((w, m, load))
    for n in (12, 60):
        pages = pdf_pages(tmp / ("x%d.pdf" % n))
        t = med([r[0] for r in res[n]])
        mem = med([r[1] for r in res[n]])
        rows.append(("x%d (%d pages, %d lines)" % (n, pages, books[n][1]), ms(t), "%.0f MiB" % mem,
                     "load %s, %.0f KiB a page" % (ms(med([r[2] for r in res[n]])), mem * 1024 / max(pages, 1))))
    growth = med([a[0] and b[0] / a[0] for a, b in zip(res[12], res[60])])
    rows.append(("x60 / x12, paired", "%.2f x" % growth, "", "target: time 5.5 x, RSS 250 MiB at x60"))


def bench_watch(folio, runs, tmp, rows):
    book = tmp / "watchbook"
    if book.exists():
        shutil.rmtree(book)
    shutil.copytree(ROOT / "book", book, ignore=shutil.ignore_patterns("out"))
    chapter = book / "chapters" / "03.xml"
    text = chapter.read_text(encoding="utf-8")
    word = re.search(r"<p>\s*(\w{6,})\s", text).group(1)  # the first word of a paragraph
    other = word[:-1] + ("x" if word[-1] != "x" else "y")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764547200")
    out = tmp / "watch.pdf"
    p = subprocess.Popen([folio, "watch", "-l", str(ROOT / "layout/print.xml"), "-o", str(out),
                          str(book / "book.xml")], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    line_re = re.compile(r"^folio: \d\d:\d\d:\d\d (re)?built in (\d+) ms")

    def next_line(timeout=600):
        buf = b""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            r, _, _ = select.select([p.stderr], [], [], 1)
            if not r:
                continue
            c = os.read(p.stderr.fileno(), 1)
            if not c:
                sys.exit("bench: the watch ended")
            if c == b"\n":
                s = buf.decode("utf-8", "replace")
                buf = b""
                if line_re.match(s):
                    return time.perf_counter(), s
                if re.match(r"^folio: \d\d:\d\d:\d\d \d+ errors?", s):
                    sys.exit("bench: the watch's build failed: " + s)
            else:
                buf += c
        sys.exit("bench: no line from the watch")

    try:
        next_line()
        lat, cold, ratio, inner = [], [], [], []
        current = word
        for i in range(runs):
            new = other if current == word else word
            t = chapter.read_text(encoding="utf-8").replace("<p>" + current, "<p>" + new, 1)
            current = new
            tmpf = chapter.with_suffix(".xml.swp")
            tmpf.write_text(t, encoding="utf-8")
            t0 = time.perf_counter()
            os.rename(tmpf, chapter)
            t1, s = next_line()
            inner.append(int(line_re.match(s).group(2)) / 1000)
            lat.append(t1 - t0)
            c, _, _ = folio_build(folio, str(book / "book.xml"), str(tmp / "cold.pdf"))
            cold.append(c)
            ratio.append(lat[-1] / c)
    finally:
        p.send_signal(2)
        p.wait(timeout=600)
    rows.append(("watch: a word edited -> PDF", ms(med(lat)), "",
                 "its own rebuild %s; cold build %s" % (ms(med(inner)), ms(med(cold)))))
    rows.append(("watch / cold build, paired", "%.2f x" % med(ratio), "", "target: 100 ms and 0.3 x"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folio")
    ap.add_argument("--runs", type=int, default=10, help="pairs for the book and the watch")
    ap.add_argument("--big-runs", type=int, default=3, help="pairs for x12/x60")
    ap.add_argument("--only", default="book,scaled,watch")
    ap.add_argument("--typst-dir", default=str(ROOT / "build" / "bench-cache" / "typst"))
    ap.add_argument("--no-typst", action="store_true")
    a = ap.parse_args()
    folio = str(Path(a.folio).resolve())
    only = set(a.only.split(","))
    rows = []
    with tempfile.TemporaryDirectory(prefix="folio-bench.") as d:
        tmp = Path(d)
        if "book" in only:
            bench_book(folio, a.runs, tmp, None if a.no_typst else Path(a.typst_dir), rows)
        if "scaled" in only:
            bench_scaled(folio, a.big_runs, tmp, rows)
        if "watch" in only:
            bench_watch(folio, a.runs, tmp, rows)
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    print("\nfolio benchmark: medians of paired runs (%d cores, load average %.1f)\n" % (os.cpu_count(), load))
    w = [max(len(r[i]) for r in rows + [("what", "time", "peak RSS", "")]) for i in range(4)]
    head = ("what", "time", "peak RSS", "")
    for r in [head] + rows:
        print("  %-*s  %*s  %*s  %s" % (w[0], r[0], w[1], r[1], w[2], r[2], r[3]))


if __name__ == "__main__":
    main()
