/* build.c - see build.h. */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/fileio.h"
#include "../base/hindex.h"
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
 * and prints "folio: pages changed: 3, 17-19" (or that none did).
 *
 * The report's first line ("pdf SIZE HASH") names the PDF it describes: the
 * PDF and its report are replaced one after the other (each atomically,
 * base/fileio.h), so a build killed between the two renames leaves a new
 * PDF beside the old report; the next build sees that they do not match and
 * compares nothing rather than something wrong. */

/* The PDF is read back only to check its report's tag: one larger than
 * this is not one folio wrote. */
#define PDF_TAG_MAX ((size_t)4 << 30)

typedef struct page_report {
    uint64_t *hash;
    int n, cap;
    int found;  /* a report was there and it describes the PDF at out */
} page_report;

static uint64_t pdf_tag(const void *data, size_t len) { return hash_bytes(data, len); }

/* The current report of out, if it describes the PDF now at out. */
static void read_report(const char *out, page_report *r)
{
    char path[4200];
    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s.pages", out);
    FILE *f = fopen(path, "r");
    if (!f) return;
    unsigned long long size, tag, h;
    int page;
    if (fscanf(f, "pdf %llu %llx", &size, &tag) == 2) {
        size_t len = 0;
        int err;
        unsigned char *pdf = file_read_all(out, PDF_TAG_MAX, &len, &err);
        r->found = pdf && len == size && pdf_tag(pdf, len) == tag;
        free(pdf);
        while (r->found && fscanf(f, "%d %llx", &page, &h) == 2) VEC_PUSH(r->hash, r->n, r->cap, (uint64_t)h);
    }
    fclose(f);
}

static void report_changes(const pm_doc *doc, const uint64_t *now, const page_report *old, int verbose)
{
    char list[2048] = "";
    size_t len = 0;
    int changed = 0, run_start = -1;
    int nold = old->n;
    int n = doc->npages > nold ? doc->npages : nold;
    for (int p = 0; p <= n; p++) {
        int diff = p < n && (p >= doc->npages || p >= nold || now[p] != old->hash[p]);
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
    if (old->found && changed) fprintf(stderr, "folio: pages changed: %s (of %d)\n", list, doc->npages);
    else if (old->found && verbose) fprintf(stderr, "folio: no page changed (%d pages)\n", doc->npages);
}

/* Write OUT.pdf.pages for the PDF just written (data, len), atomically. */
static int write_report(const pm_doc *doc, const uint64_t *now, const char *out, const unsigned char *data, size_t len)
{
    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s.pages", out);
    FILE *w = afile_open(path, tmp, sizeof tmp);
    if (!w) return errno ? errno : EIO;
    fprintf(w, "pdf %zu %016llx\n", len, (unsigned long long)pdf_tag(data, len));
    for (int p = 0; p < doc->npages; p++) fprintf(w, "%d %016llx\n", p + 1, (unsigned long long)now[p]);
    return afile_commit(w, tmp, path);
}

/* Remove what a killed build of out may have left: OUT.tmp, OUT.pages.tmp. */
static void clean_stale(const char *out)
{
    char path[4200];
    afile_clean(out);
    snprintf(path, sizeof path, "%s.pages", out);
    afile_clean(path);
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
    if (o->out && !o->check_only && !o->pdf_mem) clean_stale(o->out); /* what a killed build left */

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
        char tmp[4200];
        FILE *t = afile_open(o->trace, tmp, sizeof tmp);
        if (!t) {
            diag_error(d, diag_at(d, o->trace, 0, 0), "cannot write the trace: %s", strerror(errno));
            rc = BUILD_IO_ERROR;
            goto done;
        }
        trace_write(&doc, t);
        int e = afile_commit(t, tmp, o->trace);
        if (e) {
            diag_error(d, diag_at(d, o->trace, 0, 0), "cannot write the trace: %s", strerror(e));
            rc = BUILD_IO_ERROR;
            goto done;
        }
    }
    if (!o->check_only) {
        char def[4096];
        const char *out = o->out;
        if (!out && !o->pdf_mem) {
            char slug[512];
            build_slug(book->title ? book->title : "book", slug, sizeof slug);
            snprintf(def, sizeof def, "out/%s.pdf", slug);
            out = def;
            ensure_dir_of(out);
            clean_stale(out);
        }
        stage_ms(&t0); /* the trace and the output's folder are no stage of their own */
        /* the PDF is made in memory, then written atomically (base/fileio.h):
         * the same path for the build and the fuzzers (o->pdf_mem) */
        unsigned char *pdf = NULL;
        size_t pdf_len = 0;
        if (pdf_write_mem(&doc, &pdf, &pdf_len, d) != 0) {
            rc = BUILD_IO_ERROR;
        } else if (o->pdf_mem) {
            *o->pdf_mem = pdf; /* the caller's now */
            *o->pdf_mem_len = pdf_len;
            pdf = NULL;
            bt.write = stage_ms(&t0);
        } else {
            /* the PDF first, then its report (see read_report) */
            page_report old;
            read_report(out, &old);
            int e = afile_write(out, pdf, pdf_len);
            if (e) {
                diag_error(d, diag_at(d, out, 0, 0), "cannot write the PDF: %s", strerror(e));
                rc = BUILD_IO_ERROR;
            } else {
                if (o->verbose) {
                    long distinct, lookups;
                    shaper_stats(sh, &distinct, &lookups);
                    fprintf(stderr, "folio: wrote %s (%d pages; %ld distinct words shaped for %ld lookups)\n", out,
                            doc.npages, distinct, lookups);
                }
                bt.write = stage_ms(&t0);
                uint64_t *now = xcalloc((size_t)doc.npages + 1, sizeof *now);
                for (int p = 0; p < doc.npages; p++) now[p] = pm_page_hash(&doc.pages[p]);
                report_changes(&doc, now, &old, o->verbose);
                e = write_report(&doc, now, out, pdf, pdf_len);
                if (e) diag_warning(d, diag_at(d, out, 0, 0), "cannot write the changed-pages report %s.pages: %s", out, strerror(e));
                free(now);
                bt.report = stage_ms(&t0);
            }
            free(old.hash);
        }
        free(pdf);
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
