/* build.c - see build.h. */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "../compose/bookindex.h"
#include "../compose/compose.h"
#include "../input/layout.h"
#include "../input/manuscript.h"
#include "../output/pdf.h"
#include "../output/trace.h"
#include "../text/font.h"
#include "../text/hyphenate.h"
#include "../text/shape.h"
#include "buildcover.h"

void build_slug(const char *title, char *out, size_t cap)
{
    size_t o = 0;
    int dash = 0;
    for (size_t i = 0; title[i] && o + 2 < cap;) {
        int cl;
        uint32_t cp = utf8_decode(title + i, strlen(title + i), &cl);
        i += (size_t)cl;
        char c = 0;
        if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) c = (char)cp;
        else if (cp >= 'A' && cp <= 'Z') c = (char)(cp + 32);
        else if (cp >= 0xC0 && cp <= 0xFF) {
            static const char fold[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyts" "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
            c = fold[cp - 0xC0];
            if (c == '/') c = 0;
        }
        if (c) {
            if (dash && o > 0) out[o++] = '-';
            out[o++] = c;
            dash = 0;
        } else dash = 1;
    }
    out[o] = 0;
    if (o == 0) snprintf(out, cap, "book");
}

/* Every character of the running text must be in some font of the layout:
 * report the ones that are not, with their place, before layout starts. */
/* What the pre-layout checks need: the fonts, the sink, and for --strict the
 * running count of notes (to name pending ones by their number). */
typedef struct check_ctx {
    const fontset *fs;
    diag_sink *d;
    int strict;
    int notes;
    const layout *lay;   /* a PDF/X layout without an output profile cannot print colour figures */
} check_ctx;

static void check_inlines(const doc_inline *in, check_ctx *cx)
{
    const fontset *fs = cx->fs;
    diag_sink *d = cx->d;
    for (; in; in = in->next) {
        if (in->kind == IN_TEXT) {
            const char *s = in->text;
            size_t n = strlen(s);
            for (size_t i = 0; i < n;) {
                int cl;
                uint32_t cp = utf8_decode(s + i, n - i, &cl);
                i += (size_t)cl;
                if (cp == ' ') continue;
                int found = 0;
                for (int f = 0; f < fs->nfonts && !found; f++) found = font_glyph(fs, f, cp) != 0;
                if (!found)
                    diag_error(d, manuscript_char_loc(d, in->loc, cp, 0), "character U+%04X is in none of the layout's fonts (%s…)", cp,
                               fs->nfonts ? fs->fonts[0].name : "no fonts");
            }
        }
        if (in->kind == IN_NOTE) {
            cx->notes++;
            /* typography.md: the strict build refuses notes whose text is missing */
            if (cx->strict && in->note_empty)
                diag_error(d, in->loc, "note %d has no text (the strict build refuses pending notes)", cx->notes);
        }
        check_inlines(in->children, cx);
    }
}

static void check_blocks(const doc_block *b, check_ctx *cx)
{
    for (; b; b = b->next) {
        check_inlines(b->content, cx);
        check_blocks(b->children, cx);
        if (b->kind == BL_FIGURE && b->image_color && cx->lay->pdfx && !cx->lay->output_profile)
            diag_error(cx->d, b->loc,
                       "this figure is in colour and the layout is %s: name the output-profile (a CMYK ICC profile "
                       "of the printing condition) in the layout's <pdf> so that it can be converted",
                       cx->lay->pdfx);
        if (b->table)
            for (const doc_row *r = b->table->rows; r; r = r->next)
                for (const doc_cell *c = r->cells; c; c = c->next) {
                    check_inlines(c->content, cx);
                    check_blocks(c->blocks, cx);
                }
    }
}

static void check_divs(const doc_div *v, check_ctx *cx)
{
    for (; v; v = v->next) {
        check_inlines(v->title, cx);
        check_blocks(v->blocks, cx);
        check_inlines(v->sig_name, cx);
        check_inlines(v->sig_role, cx);
        check_inlines(v->sig_org, cx);
        for (const doc_event *e = v->events; e; e = e->next) {
            check_inlines(e->content, cx);
            check_blocks(e->blocks, cx);
        }
        for (const doc_entry *e = v->entries; e; e = e->next) check_inlines(e->content, cx);
        check_divs(v->children, cx);
    }
}

/* Which pages differ from the previous build of the same PDF: each build
 * keeps one fingerprint per page in OUT.pdf.pages; the next build compares
 * and prints "folio: pages changed: 3, 17-19" (or that none did). */
static void report_changes(const pm_doc *doc, const char *out, int verbose)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.pages", out);
    uint64_t *old = NULL;
    int nold = 0, cap = 0;
    FILE *f = fopen(path, "r");
    if (f) {
        unsigned long long h;
        int page;
        while (fscanf(f, "%d %llx", &page, &h) == 2) VEC_PUSH(old, nold, cap, (uint64_t)h);
        fclose(f);
    }
    char list[2048] = "";
    size_t len = 0;
    int changed = 0, run_start = -1;
    int n = doc->npages > nold ? doc->npages : nold;
    uint64_t *now = xcalloc((size_t)doc->npages + 1, sizeof *now);
    for (int p = 0; p < doc->npages; p++) now[p] = pm_page_hash(&doc->pages[p]);
    for (int p = 0; p <= n; p++) {
        int diff = p < n && (p >= doc->npages || p >= nold || now[p] != old[p]);
        if (diff) {
            changed++;
            if (run_start < 0) run_start = p;
        } else if (run_start >= 0) {
            if (len + 32 < sizeof list) {
                if (run_start == p - 1) len += (size_t)snprintf(list + len, sizeof list - len, "%s%d", len ? ", " : "", p);
                else len += (size_t)snprintf(list + len, sizeof list - len, "%s%d-%d", len ? ", " : "", run_start + 1, p);
            }
            run_start = -1;
        }
    }
    if (f && changed) fprintf(stderr, "folio: pages changed: %s (of %d)\n", list, doc->npages);
    else if (f && verbose) fprintf(stderr, "folio: no page changed (%d pages)\n", doc->npages);
    free(old);
    FILE *w = fopen(path, "w");
    if (w) {
        for (int p = 0; p < doc->npages; p++) fprintf(w, "%d %016llx\n", p + 1, (unsigned long long)now[p]);
        fclose(w);
    }
    free(now);
}

/* FOLIO_DEBUG_TIMES=1: how long each stage took (milliseconds, wall clock). */
static double stage_ms(struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - since->tv_sec) * 1e3 + (double)(now.tv_nsec - since->tv_nsec) / 1e6;
    *since = now;
    return ms;
}

static int ensure_dir_of(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    *slash = 0;
    struct stat st;
    if (stat(dir, &st) == 0) return 0;
    return mkdir(dir, 0777);
}

int build_run(const build_opts *o, diag_sink *d, int *pages)
{
    int rc = BUILD_OK;
    layout *lay = NULL;
    doc_book *book = NULL;
    fontset fs;
    memset(&fs, 0, sizeof fs);
    int fonts_loaded = 0;
    hyphenator *hy = NULL;
    shaper *sh = NULL;
    ix_index ix;
    ix_init(&ix);
    pm_doc doc;
    pm_doc_init(&doc);
    *pages = 0;
    const int dbg_times = getenv("FOLIO_DEBUG_TIMES") != NULL;
    build_times bt = {0};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    lay = layout_load(o->layout, d);
    book = manuscript_load(o->manuscript, d);
    bt.load = stage_ms(&t0);
    if (!lay || !book) {
        rc = BUILD_INPUT_ERRORS;
        goto done;
    }
    if (fontset_load(&fs, lay, d) != 0) {
        rc = BUILD_INPUT_ERRORS;
        goto done;
    }
    fonts_loaded = 1;
    check_ctx cx = {&fs, d, o->strict, 0, lay};
    check_divs(book->front, &cx);
    check_divs(book->body, &cx);
    check_divs(book->back, &cx);
    check_blocks(book->blurb, &cx);
    if (lay->hyph_patterns) {
        hy = hyphenator_new(lay->hyph_patterns, lay->hyph_exceptions, d);
        if (!hy) rc = BUILD_INPUT_ERRORS;
    }
    {
        /* the concordance: book/index.xml beside the manuscript, when there is one */
        char ipath[4096];
        snprintf(ipath, sizeof ipath, "%s/index.xml", book->dir);
        if (access(ipath, R_OK) == 0) {
            if (ix_load_terms(&ix, ipath, d) != 0) rc = BUILD_INPUT_ERRORS;
            else ix_apply_concordance(&ix, book);
        }
    }
    if (d->errors) {
        rc = BUILD_INPUT_ERRORS;
        goto done;
    }
    sh = shaper_new(&fs);
    bt.prepare = stage_ms(&t0);
    int composed = compose_book(book, lay, &fs, sh, hy, &ix, d, &doc);
    bt.compose = stage_ms(&t0);
    if (composed != 0 || d->errors) {
        rc = BUILD_INPUT_ERRORS;
        goto done;
    }
    *pages = doc.npages;
    doc.title = book->title;
    doc.subject = book->subtitle;
    doc.author = book->nauthors ? book->authors[0] : book->publisher;
    doc.date = book->edition_date;
    doc.rights = book->rights;
    doc.creator = "folio " FOLIO_VERSION_STRING;
    doc.lang = book->lang;
    doc.pdfx = lay->pdfx;
    doc.output_condition = lay->output_condition;
    doc.output_registry = lay->output_registry;
    doc.output_info = lay->output_info;
    doc.output_profile = lay->output_profile;
    doc.tagged = lay->pdf_tagged;
    doc.nfonts = fs.nfonts;
    for (int i = 0; i < fs.nfonts && i < 64; i++) doc.font_paths[i] = fs.fonts[i].path;
    if (o->trace) {
        FILE *t = fopen(o->trace, "w");
        if (!t) {
            diag_error(d, diag_at(d, o->trace, 0, 0), "cannot write the trace: %s", strerror(errno));
            rc = BUILD_IO_ERROR;
            goto done;
        }
        trace_write(&doc, t);
        fclose(t);
    }
    if (!o->check_only) {
        char def[4096];
        const char *out = o->out;
        if (!out) {
            char slug[512];
            build_slug(book->title ? book->title : "book", slug, sizeof slug);
            snprintf(def, sizeof def, "out/%s.pdf", slug);
            out = def;
            ensure_dir_of(out);
        }
        if (o->cover) {
            rc = build_cover(o, book, lay, &fs, sh, hy, &doc, out, d);
            if (rc != BUILD_OK || o->cover == 2) goto done;
        }
        stage_ms(&t0); /* the trace and the output's folder are no stage of their own */
        if (pdf_write(&doc, out, d) != 0) rc = BUILD_IO_ERROR;
        else {
            if (o->verbose) {
                long distinct, lookups;
                shaper_stats(sh, &distinct, &lookups);
                fprintf(stderr, "folio: wrote %s (%d pages; %ld distinct words shaped for %ld lookups)\n", out,
                        doc.npages, distinct, lookups);
            }
            bt.write = stage_ms(&t0);
            report_changes(&doc, out, o->verbose);
            bt.report = stage_ms(&t0);
        }
    }
done:
    if (dbg_times)
        fprintf(stderr, "time: load %.1f ms, prepare %.1f ms, compose %.1f ms, write the PDF %.1f ms, changed pages %.1f ms\n",
                bt.load, bt.prepare, bt.compose, bt.write, bt.report);
    if (o->times) *o->times = bt;
    pm_doc_free(&doc);
    shaper_free(sh);
    ix_free(&ix);
    if (hy) hyphenator_free(hy);
    if (fonts_loaded) fontset_free(&fs);
    else if (fs.ft_library) fontset_free(&fs);
    doc_free(book);
    layout_free(lay);
    return rc;
}
