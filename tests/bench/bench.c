/* bench.c - how fast folio sets a book's paragraphs (a benchmark, not a test).
 *
 *   folio-bench [-n N] [-l LAYOUT] [MANUSCRIPT]
 *
 * Loads the layout (default layout/print.xml) and the manuscript (default
 * book/book.xml) as the build driver does (src/app/build.c), then sets every
 * paragraph (every BL_P block, wherever it stands: chapters, quotes, lists,
 * boxes, table cells, chronology events) N times (default 20) at the text
 * block's measure, page_w - inner - outer, in its style (its class, else
 * "body"), through para_set: items, shaping through the word cache,
 * hyphenation, Knuth-Plass, set lines. Reports the cold first round (the
 * shaping cache empty) apart from the warm ones, microseconds per paragraph,
 * lines per second, the cache's distinct words against its lookups, and the
 * time of whole build_runs (all passes and the PDF, written to a temporary
 * file that is removed): the median of 7, with the share of writing the PDF.
 *
 * Run from the repository root (fonts and patterns are found from the
 * layout). Exit status: 0, or 1 if the inputs did not load. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/build.h"
#include "base/arena.h"
#include "base/diag.h"
#include "compose/para.h"
#include "input/doc.h"
#include "input/layout.h"
#include "input/manuscript.h"
#include "text/font.h"
#include "text/hyphenate.h"
#include "text/shape.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* ---- the paragraphs of the book, in document order ---- */

typedef struct bench_para {
    const doc_block *b;
} bench_para;

typedef struct para_list {
    bench_para *v;
    int n, cap;
} para_list;

static void add_para(para_list *l, const doc_block *b)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = realloc(l->v, sizeof *l->v * (size_t)l->cap);
        if (!l->v) {
            fprintf(stderr, "folio-bench: out of memory\n");
            exit(1);
        }
    }
    l->v[l->n++].b = b;
}

static void collect_blocks(para_list *l, const doc_block *b)
{
    for (; b; b = b->next) {
        if (b->kind == BL_P && b->content) add_para(l, b);
        collect_blocks(l, b->children);
        if (b->table)
            for (const doc_row *r = b->table->rows; r; r = r->next)
                for (const doc_cell *c = r->cells; c; c = c->next) collect_blocks(l, c->blocks);
    }
}

static void collect_divs(para_list *l, const doc_div *v)
{
    for (; v; v = v->next) {
        collect_blocks(l, v->blocks);
        for (const doc_event *e = v->events; e; e = e->next) collect_blocks(l, e->blocks);
        collect_divs(l, v->children);
    }
}

/* ---- hooks: notes numbered in order, references printed as a page ---- */

typedef struct bench_user {
    int notes;
} bench_user;

static int hook_note_call(void *user, const doc_inline *note)
{
    (void)note;
    return ((bench_user *)user)->notes++;
}

static int hook_note_number(void *user, int idx)
{
    (void)user;
    return idx + 1;
}

static const char *hook_ref_text(void *user, const char *id, const char *show, int lang, diag_loc loc)
{
    (void)user, (void)id, (void)loc, (void)lang;
    return show && !strcmp(show, "page") ? "p. 00" : "Capítulo 0";
}

static void usage(FILE *out)
{
    fprintf(out, "usage: folio-bench [-n N] [-l LAYOUT] [MANUSCRIPT]\n"
                 "  sets every paragraph of MANUSCRIPT (default book/book.xml) N times\n"
                 "  (default 20) with LAYOUT (default layout/print.xml), then times one full build\n");
}

int main(int argc, char **argv)
{
    const char *layout_path = "layout/print.xml";
    const char *manuscript = "book/book.xml";
    int rounds = 20;
    int have_manuscript = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-n") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
            if (rounds < 1) {
                fprintf(stderr, "folio-bench: -n wants a positive number\n");
                return 2;
            }
        } else if ((!strcmp(a, "-l") || !strcmp(a, "--layout")) && i + 1 < argc) layout_path = argv[++i];
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' || have_manuscript) {
            usage(stderr);
            return 2;
        } else {
            manuscript = a;
            have_manuscript = 1;
        }
    }

    diag_sink d;
    diag_init(&d);
    fontset fs;
    memset(&fs, 0, sizeof fs);
    int fonts_loaded = 0;
    hyphenator *hy = NULL;
    shaper *sh = NULL;
    para_list paras = {0};
    int rc = 0;

    double t0 = now_s();
    layout *lay = layout_load(layout_path, &d);
    doc_book *book = manuscript_load(manuscript, &d);
    if (!lay || !book || fontset_load(&fs, lay, &d) != 0) {
        rc = 1;
        goto done;
    }
    fonts_loaded = 1;
    {
        /* the book's language: the layout's patterns, else those installed for it */
        const struct layout_hyph *h = layout_hyph_for(lay, book->lang);
        char found[4096];
        diag_loc none = {0};
        const char *pat = h && h->patterns ? h->patterns : NULL;
        if (!pat && hyphenator_find_patterns(book->lang, FOLIO_HYPHEN_DIR, found, sizeof found) == 0) pat = found;
        if (pat && strcmp(pat, "none") != 0) {
            hy = hyphenator_new_lang(book->lang, pat, none, h ? h->exceptions : NULL, none, &d);
            if (!hy) {
                rc = 1;
                goto done;
            }
        }
    }
    if (d.errors) {
        rc = 1;
        goto done;
    }
    sh = shaper_new(&fs);
    double t_load = now_s() - t0;

    collect_divs(&paras, book->front);
    collect_divs(&paras, book->body);
    collect_divs(&paras, book->back);
    fo_sp measure = lay->page_w - lay->m_inner - lay->m_outer;
    long bytes = 0;
    for (int i = 0; i < paras.n; i++) {
        arena a;
        arena_init(&a, 4096);
        bytes += (long)strlen(doc_inline_text(&a, paras.v[i].b->content));
        arena_free(&a);
    }
    printf("folio-bench: %s with %s: %d paragraphs (%ld bytes of text), measure %.1fpt, %d rounds\n", manuscript,
           layout_path, paras.n, bytes, (double)measure / 65536.0, rounds);
    printf("  load (layout, manuscript, fonts, patterns): %.1f ms\n", t_load * 1e3);

    vline *lines = NULL;
    int cap = 0;
    long lines_first = 0, lines_warm = 0;
    double t_first = 0, t_warm = 0;
    int warnings_first = 0;
    for (int r = 0; r < rounds; r++) {
        /* layout diagnostics (overfull lines…) go to a sink of their own, per
         * round, so that N rounds do not pile up N copies */
        diag_sink pd;
        diag_init(&pd);
        arena mem;
        arena_init(&mem, 1024 * 1024);
        bench_user user = {0};
        para_env env = {.lay = lay, .fs = &fs, .sh = sh, .hy = hy, .d = &pd, .mem = &mem, .note_call = hook_note_call,
                        .note_number = hook_note_number, .ref_text = hook_ref_text, .user = &user};
        long nlines = 0;
        double ts = now_s();
        for (int i = 0; i < paras.n; i++) {
            const doc_block *b = paras.v[i].b;
            para_opts o;
            memset(&o, 0, sizeof o);
            o.style = layout_style_or(lay, b->cls ? b->cls : "body", "body");
            o.measure = measure;
            o.indent = -1;
            o.hyphenate = -1;
            int n = 0;
            para_set(&env, b->content, &o, &lines, &n, &cap);
            nlines += n;
        }
        double dt = now_s() - ts;
        if (r == 0) {
            t_first = dt;
            lines_first = nlines;
            warnings_first = pd.warnings;
        } else {
            t_warm += dt;
            lines_warm += nlines;
        }
        arena_free(&mem);
        diag_free(&pd);
    }
    free(lines);

    long distinct = 0, lookups = 0;
    shaper_stats(sh, &distinct, &lookups);
    printf("  round 1 (cold cache):  %8.1f us/paragraph  %9.0f lines/s  (%ld lines, %.1f ms, %d warnings)\n",
           t_first * 1e6 / paras.n, lines_first / t_first, lines_first, t_first * 1e3, warnings_first);
    if (rounds > 1) {
        int warm = rounds - 1;
        printf("  rounds 2-%d (warm):    %8.1f us/paragraph  %9.0f lines/s  (%ld lines a round, %.1f ms a round)\n",
               rounds, t_warm * 1e6 / ((double)paras.n * warm), lines_warm / t_warm, lines_warm / warm,
               t_warm * 1e3 / warm);
    }
    printf("  shaping cache: %ld distinct words for %ld lookups (%.2f%% hits)\n", distinct, lookups,
           lookups ? 100.0 * (double)(lookups - distinct) / (double)lookups : 0.0);

    /* whole builds: every pass, the page builder and the PDF; the median of
     * each stage over a few builds (issue 11: the libharu writer took about
     * 140 ms of a 445 ms build) */
    {
        char dir[] = "/tmp/folio-bench-XXXXXX";
        if (!mkdtemp(dir)) {
            perror("folio-bench: mkdtemp");
            rc = 1;
            goto done;
        }
        char out[sizeof dir + 16];
        snprintf(out, sizeof out, "%s/book.pdf", dir);
        enum { BUILDS = 7 };
        double total[BUILDS], write[BUILDS], compose[BUILDS];
        int pages = 0, warnings = 0, ok = 1;
        for (int r = 0; r < BUILDS && ok; r++) {
            build_times bt;
            build_opts bo = {.manuscript = manuscript, .layout = layout_path, .out = out, .times = &bt};
            diag_sink bd;
            diag_init(&bd);
            double ts = now_s();
            int brc = build_run(&bo, &bd, &pages);
            total[r] = (now_s() - ts) * 1e3;
            write[r] = bt.write;
            compose[r] = bt.compose;
            warnings = bd.warnings;
            if (brc != BUILD_OK) {
                diag_print(&bd, stderr);
                fprintf(stderr, "folio-bench: the full build failed (status %d)\n", brc);
                rc = 1;
                ok = 0;
            }
            diag_free(&bd);
        }
        if (ok) {
            double t = median(total, BUILDS), w = median(write, BUILDS), c = median(compose, BUILDS);
            printf("  full build_run (median of %d): %.1f ms (%d pages, %.2f ms a page, %d warnings)\n", BUILDS, t, pages,
                   pages ? t / pages : 0.0, warnings);
            printf("    layout passes and pages: %.1f ms; writing the PDF: %.1f ms (%.0f%% of the build)\n", c, w,
                   t > 0 ? 100.0 * w / t : 0.0);
        }
        unlink(out);
        char tmp[sizeof out + 8];
        snprintf(tmp, sizeof tmp, "%s.tmp", out);
        unlink(tmp);
        snprintf(tmp, sizeof tmp, "%s.pages", out);
        unlink(tmp);
        rmdir(dir);
    }

done:
    if (rc && d.count) diag_print(&d, stderr);
    free(paras.v);
    shaper_free(sh);
    if (hy) hyphenator_free(hy);
    if (fonts_loaded || fs.ft_library) fontset_free(&fs);
    doc_free(book);
    layout_free(lay);
    diag_free(&d);
    return rc;
}
