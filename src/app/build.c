/* build.c - see build.h. */
#include "build.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/fileio.h"
#include "../base/hindex.h"
#include "../base/path.h"
#include "../base/suggest.h"
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
#include "../input/lang.h"
#include "../text/shape.h"
#include "buildcover.h"
#include "keep.h"

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
    const fontset *fs;       /* NULL: the fonts did not load; characters are not checked */
    const layout *lay;       /* style names; a PDF/X layout without an output profile cannot print colour figures */
    diag_sink *d;
    int strict;
    int notes;
} check_ctx;

/* A style name the manuscript asks for (p class, box kind) that the layout
 * does not have: a warning, with the nearest style's name. */
static void check_style_name(check_ctx *cx, const char *what, const char *name, diag_loc loc, const char *used)
{
    if (!name || layout_style_get(cx->lay, name)) return;
    suggest sg;
    suggest_init(&sg, name);
    for (int i = 0; i < cx->lay->nstyles; i++) suggest_add(&sg, cx->lay->styles[i].name);
    char hint[300];
    diag_warning(cx->d, loc, "%s \"%s\" is not a style of the layout (%s): %s%s", what, name,
                 cx->lay->name ? cx->lay->name : cx->lay->path, used, suggest_hint(&sg, hint, sizeof hint));
}

static void check_inlines(const doc_inline *in, check_ctx *cx)
{
    const fontset *fs = cx->fs;
    diag_sink *d = cx->d;
    for (; in; in = in->next) {
        if (in->kind == IN_TEXT && fs) {
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
        if (b->kind == BL_P) check_style_name(cx, "paragraph class", b->cls, b->loc, "the paragraph is set in the text's style");
        if (b->kind == BL_BOX) check_style_name(cx, "box kind", b->box_kind, b->loc, "the box is set in the \"box\" style");
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

/* A page's printed number: "vii" in the front matter, "12" after. */
static void folio_label(const pm_page *pg, char *buf, size_t cap)
{
    static const char *ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    static const char *tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
    int n = pg->folio;
    if (!pg->roman || n <= 0 || n >= 400) snprintf(buf, cap, "%d", n);
    else snprintf(buf, cap, "%.*s%s%s", n / 100 * 1, "ccc", tens[(n / 10) % 10], ones[n % 10]);
}

/* Which pages differ from the previous build of the same PDF: each build
 * keeps one fingerprint per page in OUT.pdf.pages; the next build compares
 * and prints the changed pages by their printed folios, as an editor finds
 * them in the book ("folio: pages changed: vii, 3-5 (of 86)"). Runs join
 * pages whose folios follow each other in the same numbering.
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
    char path[PATH_MAX + 700];
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

/* now: this build's fingerprints; old: the report found (read_report). */
static void report_changes(const pm_doc *doc, const uint64_t *now, const page_report *old, build_result *r)
{
    const uint64_t *prev = old->hash;
    int nold = old->n, f = old->found;
    char list[2048] = "";
    size_t len = 0;
    int changed = 0, run_start = -1;
    for (int p = 0; p <= doc->npages; p++) {
        int diff = p < doc->npages && (p >= nold || now[p] != prev[p]);
        /* a run goes on while the folios follow in the same numbering */
        if (diff && run_start >= 0 &&
            (doc->pages[p].roman != doc->pages[p - 1].roman || doc->pages[p].folio != doc->pages[p - 1].folio + 1))
            diff = 2;
        if (diff == 1) changed++;
        if (diff == 2) changed++;
        if ((diff == 0 || diff == 2) && run_start >= 0) {
            char a[32], b[32];
            folio_label(&doc->pages[run_start], a, sizeof a);
            folio_label(&doc->pages[p - 1], b, sizeof b);
            if (len + 80 < sizeof list) {
                if (run_start == p - 1) len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", a);
                else len += (size_t)snprintf(list + len, sizeof list - len, "%s%s-%s", len ? ", " : "", a, b);
            }
            run_start = -1;
        }
        if (diff && run_start < 0) run_start = p;
    }
    if (f && nold > doc->npages && len + 80 < sizeof list)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%d page%s fewer", len ? "; " : "", nold - doc->npages,
                                nold - doc->npages == 1 ? "" : "s");
    r->compared = f;
    r->changed = changed + (f && nold > doc->npages ? nold - doc->npages : 0);
    snprintf(r->changes, sizeof r->changes, "%s", list);
}

/* Write OUT.pdf.pages for the PDF just written (data, len), atomically. */
static int write_report(const pm_doc *doc, const uint64_t *now, const char *out, const unsigned char *data, size_t len)
{
    char path[PATH_MAX + 700], tmp[PATH_MAX + 800];
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
    char path[PATH_MAX + 700];
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
    char dir[PATH_MAX + 700];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    *slash = 0;
    struct stat st;
    if (stat(dir, &st) == 0) return 0;
    return mkdir(dir, 0777);
}

const char *build_data_dir(void)
{
    /* <prefix>/bin/folio → <prefix>/share/folio; computed once */
    static char dir[PATH_MAX];
    static int done;
    if (done) return dir;
    done = 1;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return dir;
    exe[n] = 0;
    char bin[PATH_MAX], candidate[PATH_MAX];
    path_dir(exe, bin, sizeof bin);
    path_join(bin, "../share/folio", candidate, sizeof candidate);
    if (path_is_dir(candidate)) snprintf(dir, sizeof dir, "%s", candidate);
    return dir;
}

int build_find_layout(const char *manuscript, const char *name, char *out, size_t cap, char *looked, size_t lcap)
{
    char file[256], mdir[PATH_MAX], try[PATH_MAX];
    size_t n = strlen(name);
    snprintf(file, sizeof file, "%s%s", name, n > 4 && !strcmp(name + n - 4, ".xml") ? "" : ".xml");
    path_dir(manuscript, mdir, sizeof mdir);
    const char *dirs[3] = {mdir, build_data_dir(), FOLIO_SOURCE_DIR};
    const char *sub[3] = {"layout", "layout", "layout"};
    looked[0] = 0;
    for (int i = 0; i < 3; i++) {
        if (!dirs[i][0] || (i == 2 && !path_is_dir(dirs[i]))) continue;
        char d[PATH_MAX];
        path_join(dirs[i], sub[i], d, sizeof d);
        path_join(d, file, try, sizeof try);
        if (path_is_file(try)) {
            snprintf(out, cap, "%s", try);
            return 0;
        }
        size_t l = strlen(looked);
        snprintf(looked + l, lcap - l, "%s%s", l ? ", " : "", try);
    }
    return -1;
}

/* The languages of the book, ready for composition: words (built in or the
 * layout's), and the hyphenator of each (the layout's patterns, else those
 * Debian installs for the language; without any, a warning and no
 * hyphenation: never another language's patterns). The layout's hyphenation
 * for languages the book does not use is loaded too, so that its mistakes
 * show in any run. */
static book_lang *setup_languages(const doc_book *book, const layout *lay, build_keep *k, diag_sink *d, int *nout)
{
    book_lang *bl = xcalloc((size_t)book->nlangs, sizeof *bl);
    for (int i = 0; i < book->nlangs; i++) {
        const doc_lang *dl = &book->langs[i];
        diag_loc where = dl->loc.file ? dl->loc : diag_at(d, book->path, 0, 0);
        int own = 0;
        bl[i].tag = dl->tag;
        layout_words_for(lay, dl->tag, book->lang, &bl[i].words, &own);
        if (i == 0 && !own)
            diag_warning(d, where,
                         "folio has no words of its own for xml:lang=\"%s\" (contents, tables, index, dates): they are "
                         "in English; give them in the layout with <labels xml:lang=\"%s\" …/> (docs/layout.md)",
                         dl->tag, dl->tag);
        const struct layout_hyph *h = layout_hyph_for(lay, dl->tag);
        diag_loc none = {0};
        char found[PATH_MAX];
        if (h && h->patterns && !strcmp(h->patterns, "none")) continue;
        if (h && h->patterns)
            bl[i].hy = keep_hyphenator(k, dl->tag, h->patterns, h->patterns_loc, h->exceptions, h->exceptions_loc, d);
        else if (hyphenator_find_patterns(dl->tag, FOLIO_HYPHEN_DIR, found, sizeof found) == 0)
            bl[i].hy = keep_hyphenator(k, dl->tag, found, none, h ? h->exceptions : NULL, h ? h->exceptions_loc : none, d);
        else {
            char primary[16];
            lang_primary(dl->tag, primary, sizeof primary);
            diag_warning(d, where,
                         "no hyphenation patterns for xml:lang=\"%s\" are installed (looked for %s/hyph_%s*.dic; "
                         "Debian packages them as hyphen-%s): its words are not hyphenated",
                         dl->tag, FOLIO_HYPHEN_DIR, primary, primary);
        }
    }
    for (int j = 0; j < lay->nhyph; j++) {
        const struct layout_hyph *h = &lay->hyph[j];
        int used = 0;
        for (int i = 0; i < book->nlangs && !used; i++) used = layout_hyph_for(lay, book->langs[i].tag) == h;
        if (used || (h->patterns && !strcmp(h->patterns, "none"))) continue;
        diag_loc none = {0};
        char found[PATH_MAX];
        const char *pat = h->patterns;
        if (!pat && hyphenator_find_patterns(h->lang, FOLIO_HYPHEN_DIR, found, sizeof found) == 0) pat = found;
        if (pat) keep_hyphenator(k, h->lang, pat, h->patterns ? h->patterns_loc : none, h->exceptions, h->exceptions_loc, d);
    }
    *nout = book->nlangs;
    return bl;
}


/* Index terms of the term list that matched nothing in the running text
 * (and are no cross-reference): the index will not have them. */
static void warn_unmatched_terms(const ix_index *ix, diag_sink *d)
{
    for (int i = 0; i < ix->nterms; i++) {
        const ix_term *t = &ix->terms[i];
        if (!t->listed || t->see || t->npages > 0) continue;
        /* a main term listed only for its sub-entries is not a term of its own */
        int has_subs = 0;
        for (int k = 0; k < ix->nterms && !has_subs; k++)
            has_subs = ix->terms[k].parent && !strcmp(ix->terms[k].parent, t->name);
        if (has_subs && t->nmatches == 0) continue;
        diag_warning(d, t->loc, "index term \"%s\" matches nothing in the running text: it will not be in the index",
                     t->name);
    }
}

/* Write the PDF to standard output: through a temporary file (the writer
 * writes FILE.tmp, then renames), copied out and removed. */
static int pdf_to_stdout(pm_doc *doc, diag_sink *d)
{
    char tmp[] = "/tmp/folio-stdout-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        diag_error(d, diag_at(d, NULL, 0, 0), "cannot make a temporary file for standard output: %s", strerror(errno));
        return -1;
    }
    close(fd);
    int rc = pdf_write(doc, tmp, d);
    FILE *f = rc == 0 ? fopen(tmp, "rb") : NULL;
    if (rc == 0 && !f) rc = -1;
    if (f) {
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            if (fwrite(buf, 1, n, stdout) != n) {
                diag_error(d, diag_at(d, NULL, 0, 0), "cannot write the PDF to standard output: %s", strerror(errno));
                rc = -1;
                break;
            }
        fclose(f);
        if (fflush(stdout) != 0) rc = -1;
    }
    unlink(tmp);
    return rc;
}

int build_run(const build_opts *o, diag_sink *d, int *pages)
{
    build_keep *k = keep_new();
    build_result r;
    int rc = build_run_kept(o, k, d, &r, NULL);
    keep_free(k);
    *pages = r.pages;
    if (r.compared && r.changed) fprintf(stderr, "folio: pages changed: %s (of %d)\n", r.changes, r.pages);
    else if (r.compared && o->verbose) fprintf(stderr, "folio: no page changed (%d pages)\n", r.pages);
    return rc;
}

int build_run_kept(const build_opts *o, build_keep *k, diag_sink *d, build_result *r, build_inputs *in)
{
    int rc = BUILD_OK;
    const layout *lay = NULL;
    doc_book *book = NULL;
    const fontset *fs = NULL;
    int fonts_loaded = 0;
    book_lang *langs = NULL;
    int nlangs = 0;
    shaper *sh = NULL;
    ix_index ix;
    ix_init(&ix);
    pm_doc doc;
    pm_doc_init(&doc);
    memset(r, 0, sizeof *r);
    char ipath[PATH_MAX + 16] = "";
    const int dbg_times = getenv("FOLIO_DEBUG_TIMES") != NULL;
    build_times bt = {0};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (o->out && strcmp(o->out, "-") != 0 && !o->check_only && !o->pdf_mem)
        clean_stale(o->out); /* what a killed build left */

    /* the layout: a file, or a name looked up beside the manuscript, in the installed data, in the source tree */
    char layout_path[PATH_MAX];
    const char *lname = o->layout ? o->layout : "print";
    if (o->layout && (path_is_file(o->layout) || strchr(o->layout, '/'))) {
        snprintf(layout_path, sizeof layout_path, "%s", o->layout);
    } else {
        char looked[4 * PATH_MAX];
        if (build_find_layout(o->manuscript, lname, layout_path, sizeof layout_path, looked, sizeof looked) != 0) {
            diag_error(d, diag_at(d, NULL, 0, 0), "no layout \"%s\" found: looked for %s; name a layout file with -l FILE",
                       lname, looked);
            layout_path[0] = 0;
        }
    }

    /* every stage that can run reports: layout, manuscript, fonts, hyphenation, index terms */
    if (layout_path[0]) lay = keep_layout(k, layout_path, d);
    book = manuscript_load(o->manuscript, d);
    /* the proofreading report reads the text as written, before the index's marks split it */
    if (book && o->proof) proof_book(book, d, o->proof);
    bt.load = stage_ms(&t0);
    if (lay && keep_fonts(k, d, &fs, &sh) == 0) fonts_loaded = 1;
    if (book && lay) {
        check_ctx cx = {fonts_loaded ? fs : NULL, lay, d, o->strict, 0};
        check_divs(book->front, &cx);
        check_divs(book->body, &cx);
        check_divs(book->back, &cx);
        check_blocks(book->blurb, &cx);
        langs = setup_languages(book, lay, k, d, &nlangs);
    }
    if (book) {
        /* the concordance: index.xml beside the manuscript, when there is one (named as the manuscript is) */
        char mdir[PATH_MAX];
        path_dir(o->manuscript, mdir, sizeof mdir);
        snprintf(ipath, sizeof ipath, "%s/index.xml", mdir);
        path_normalize(ipath);
        if (access(ipath, R_OK) == 0) {
            if (ix_load_terms(&ix, ipath, d) != 0) rc = BUILD_INPUT_ERRORS;
            else ix_apply_concordance(&ix, book);
        }
    }
    if (d->errors || !lay || !book || !fonts_loaded) {
        rc = BUILD_INPUT_ERRORS;
        goto done;
    }
    bt.prepare = stage_ms(&t0);
    int composed = compose_book(book, lay, fs, sh, langs, nlangs, &ix, d, &doc);
    bt.compose = stage_ms(&t0);
    if (composed != 0 || d->errors) {
        rc = BUILD_INPUT_ERRORS;
        goto done;
    }
    warn_unmatched_terms(&ix, d);
    r->pages = doc.npages;
    doc.title = book->title;
    doc.subject = book->subtitle;
    doc.author = book->nauthors ? book->authors[0] : book->publisher;
    doc.date = book->edition_date;
    doc.rights = book->rights;
    doc.creator = "folio " FOLIO_VERSION_STRING;
    doc.lang = layout_pdf_lang(lay, book->lang);
    doc.pdfx = lay->pdfx;
    doc.output_condition = lay->output_condition;
    doc.output_registry = lay->output_registry;
    doc.output_info = lay->output_info;
    doc.output_profile = lay->output_profile;
    doc.tagged = lay->pdf_tagged;
    doc.nfonts = fs->nfonts;
    for (int i = 0; i < fs->nfonts && i < 64; i++) doc.font_paths[i] = fs->fonts[i].path;
    if (o->trace) {
        char tmp[PATH_MAX + 100];
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
        char def[PATH_MAX + 600];
        const char *out = o->out;
        if (out && !strcmp(out, "-")) {
            if (pdf_to_stdout(&doc, d) != 0) rc = BUILD_IO_ERROR;
            goto done;
        }
        if (!out && !o->pdf_mem) {
            /* out/<slug>.pdf in the manuscript's own folder */
            char slug[512], mdir[PATH_MAX];
            build_slug(book->title ? book->title : "book", slug, sizeof slug);
            path_dir(o->manuscript, mdir, sizeof mdir);
            snprintf(def, sizeof def, "%s/out/%s.pdf", mdir, slug);
            path_normalize(def);
            out = def;
            ensure_dir_of(out);
            clean_stale(out);
        }
        if (o->cover && out) {
            rc = build_cover(o, book, lay, fs, sh, nlangs ? langs[0].hy : NULL, &doc, out, d);
            if (rc != BUILD_OK || o->cover == 2) goto done;
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
                for (int p = 0; p < doc.npages; p++) now[p] = pm_doc_page_hash(&doc, p); /* kept as the writer drew them */
                snprintf(r->out, sizeof r->out, "%s", out);
                report_changes(&doc, now, &old, r);
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
    r->times = bt;
    if (in) {
        /* what this build read: the files a rebuild follows (folio watch) */
        inputs_add(in, o->manuscript);
        inputs_add_book(in, book);
        inputs_add(in, ipath);
        inputs_add(in, layout_path);
        inputs_add_layout(in, lay);
        keep_add_inputs(k, in);
        if (d->errors) inputs_add_diags(in, d);
    }
    pm_doc_free(&doc);
    ix_free(&ix);
    free(langs); /* the layout, fonts, shaper and hyphenators are the keep's (keep.h) */
    doc_free(book);
    return rc;
}
