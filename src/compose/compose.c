/* compose.c - the passes: lay the book out until its references settle.
 *
 * Page numbers feed back into the text (tables of contents, "p. 34" refs,
 * the chronology's "→ p. 17", the index), and changing them can move pages.
 * So the book is laid out, the page of every id recorded, and laid out again
 * with those numbers, until two passes agree (a book that does not settle
 * within 12 passes is reported, never silently wrong). The same passes apply
 * the paragraph settings the page builder asked for (a line longer or
 * shorter, a whole word before a page turn: pagebuild.c) and keep, chapter
 * by chapter, the settings that fill the pages best. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/bounds.h"
#include "../base/xalloc.h"
#include "compose.h"

static int cb_note_call(void *user, const doc_inline *note)
{
    composer *c = user;
    note_entry ne;
    memset(&ne, 0, sizeof ne);
    ne.note = note;
    ne.loc = note->loc;
    /* numbering runs through the book, or restarts with each chapter (layout option) */
    if (c->lay->notes_per_chapter && c->cur_chapter != c->note_chapter) {
        c->note_counter = 0;
        c->note_chapter = c->cur_chapter;
    }
    ne.number = ++c->note_counter;
    ne.page = -1;
    ne.sid = -1;
    ne.drawn_page = -1;
    VEC_PUSH(c->notes, c->nnotes, c->notes_cap, ne);
    return c->nnotes - 1;
}

static int cb_note_number(void *user, int idx) { return ((composer *)user)->notes[idx].number; }

static void cb_note_tagged(void *user, int idx, int sid) { ((composer *)user)->notes[idx].sid = sid; }

static const ref_entry *lookup(const composer *c, const char *id)
{
    return c->prev_refs ? refs_find(c->prev_refs, id) : NULL;
}

static const char *cb_ref_text(void *user, const char *id, const char *show, int lang, diag_loc loc)
{
    composer *c = user;
    const ref_entry *r = lookup(c, id);
    const char *p = compose_words(c, lang)->word[LW_PAGE]; /* "p.", in the language of the text around the ref */
    char buf[512];
    (void)loc;
    if (show && !strcmp(show, "page")) {
        char label[32];
        if (r && r->page >= 0) snprintf(buf, sizeof buf, "%s %s", p, compose_page_label(c, r->page, label, sizeof label));
        else {
            snprintf(buf, sizeof buf, "%s 00", p);
            c->pending_refs = 1;
        }
    } else if (show && !strcmp(show, "title")) {
        snprintf(buf, sizeof buf, "%s", r && r->title ? r->title : "??");
        if (!r) c->pending_refs = 1;
    } else {
        snprintf(buf, sizeof buf, "%s", r && r->label ? r->label : r && r->title ? r->title : "??");
        if (!r) c->pending_refs = 1;
    }
    return arena_strdup(&c->pass, buf);
}

static int cb_index_term(void *user, const char *term, const char *sub, const char *see)
{
    composer *c = user;
    if (!c->ix || !term) return -1;
    return ix_term_get(c->ix, term, sub, see);
}

typedef struct { const loose_table *t; const void *para; } loose_key;

static int loose_same(const void *user, int pos)
{
    const loose_key *k = user;
    return k->t->v[pos].para == k->para;
}

loose_entry *loose_find(const loose_table *t, const void *para)
{
    if (!t) return NULL;
    loose_key k = {t, para};
    int pos = hindex_find(&t->ix, hash_pointer(para), loose_same, &k);
    return pos < 0 ? NULL : &t->v[pos];
}

loose_entry *loose_add(loose_table *t, const loose_entry *e)
{
    VEC_PUSH(t->v, t->n, t->cap, *e);
    hindex_add(&t->ix, hash_pointer(e->para), t->n - 1);
    return &t->v[t->n - 1];
}

void loose_free(loose_table *t)
{
    free(t->v);
    hindex_free(&t->ix);
    memset(t, 0, sizeof *t);
}

/* A note call met again while a paragraph is only tried (compose_probe_para):
 * the note already has its index and number; nothing is registered. The
 * paragraph's calls were registered in order from its first_note on. */
static int cb_probe_note_call(void *user, const doc_inline *note)
{
    composer *c = user;
    for (int i = c->probe_first_note; i < c->nnotes; i++)
        if (c->notes[i].note == note) return i;
    for (int i = 0; i < c->probe_first_note && i < c->nnotes; i++)
        if (c->notes[i].note == note) return i;
    return 0;
}

/* The trials of the page builder, kept across passes: every pass asks for
 * much the same paragraphs at the same looseness, and a trial's answer
 * depends only on the paragraph and its settings. (A paragraph whose text
 * holds a page reference may set differently once the number changes; the
 * answer is only a forecast: the next pass sets the paragraph for real and
 * checks the looseness again.) */
static int probe_para(composer *c, const para_src *src, int looseness, int no_hyphen_line, int *nhyphens);
static void probe_each(composer *c, const para_src *src, const int *ls, int k, int no_hyphen_line, int *nlines,
                       int *nhyphens);
#define PROBE_SPAN 4 /* loosenesses -2, -1, +1, +2: what the page builder asks of a paragraph */

typedef struct probe_key {
    const doc_inline *content;
    const layout_style *style;
    fo_sp measure, indent, first_width;
    int looseness, no_hyphen_line;
} probe_key;

typedef struct probe_memo {
    struct probe_answer { probe_key k; int nlines, nhyphens; } *v;
    int n, cap;
    hindex ix;           /* key -> position in v */
} probe_memo;

typedef struct { const probe_memo *m; const probe_key *k; } probe_lookup;

static int probe_same(const void *user, int pos)
{
    const probe_lookup *l = user;
    return !memcmp(&l->m->v[pos].k, l->k, sizeof *l->k);
}

int compose_probe_para(composer *c, const para_src *src, int looseness, int no_hyphen_line, int *nlines,
                       int *nhyphens)
{
    probe_key k;
    memset(&k, 0, sizeof k); /* the padding too: keys are compared as bytes */
    k.content = src->content;
    k.style = src->o.style;
    k.measure = src->o.measure;
    k.indent = src->o.indent;
    k.first_width = src->o.first_width;
    k.looseness = looseness;
    k.no_hyphen_line = no_hyphen_line;
    probe_memo *m = c->probes;
    if (!m) {
        int nh = 0, n = probe_para(c, src, looseness, no_hyphen_line, &nh);
        *nlines = n;
        *nhyphens = nh;
        return n >= 0;
    }
    uint64_t hash = hash_bytes(&k, sizeof k);
    probe_lookup l = {m, &k};
    int pos = hindex_find(&m->ix, hash, probe_same, &l);
    if (pos < 0 && looseness != 0) {
        /* a line or two longer or shorter: the page builder asks for each
         * in turn, so all four are found by one trial (para_try_each) */
        static const int ls[PROBE_SPAN] = {-2, -1, 1, 2};
        int nl[PROBE_SPAN], nh[PROBE_SPAN];
        probe_each(c, src, ls, PROBE_SPAN, no_hyphen_line, nl, nh);
        for (int i = 0; i < PROBE_SPAN; i++) {
            probe_key ki = k;
            ki.looseness = ls[i];
            uint64_t hi = hash_bytes(&ki, sizeof ki);
            probe_lookup li = {m, &ki};
            if (hindex_find(&m->ix, hi, probe_same, &li) >= 0) continue;
            struct probe_answer a;
            memset(&a, 0, sizeof a);
            memcpy(&a.k, &ki, sizeof ki); /* the padding too: keys are compared as bytes */
            a.nlines = nl[i];
            a.nhyphens = nh[i];
            VEC_PUSH(m->v, m->n, m->cap, a);
            hindex_add(&m->ix, hi, m->n - 1);
        }
        pos = hindex_find(&m->ix, hash, probe_same, &l);
    }
    if (pos < 0) {
        struct probe_answer a;
        memset(&a, 0, sizeof a);
        memcpy(&a.k, &k, sizeof k); /* the padding too: keys are compared as bytes */
        a.nlines = probe_para(c, src, looseness, no_hyphen_line, &a.nhyphens);
        VEC_PUSH(m->v, m->n, m->cap, a);
        pos = m->n - 1;
        hindex_add(&m->ix, hash, pos);
    }
    *nlines = m->v[pos].nlines;
    *nhyphens = m->v[pos].nhyphens;
    return *nlines >= 0;
}

static int probe_para(composer *c, const para_src *src, int looseness, int no_hyphen_line, int *nhyphens)
{
    /* side-effect free: notes are looked up, not numbered anew, and the
     * diagnostics of the trial (fallback glyphs…) go to a scratch sink */
    diag_sink scratch;
    diag_init(&scratch);
    para_env env = c->env;
    env.d = &scratch;
    env.tags = NULL; /* a trial creates no structure */
    env.note_call = c->nnotes > 0 ? cb_probe_note_call : NULL;
    c->probe_first_note = src->first_note;
    para_opts o = src->o;
    o.looseness = looseness;
    o.no_hyphen_line = no_hyphen_line;
    int nlines = para_try(&env, src->content, &o, nhyphens);
    diag_free(&scratch);
    return nlines;
}

/* probe_para for several loosenesses at once. */
static void probe_each(composer *c, const para_src *src, const int *ls, int k, int no_hyphen_line, int *nlines,
                       int *nhyphens)
{
    diag_sink scratch;
    diag_init(&scratch);
    para_env env = c->env;
    env.d = &scratch;
    env.tags = NULL;
    env.note_call = c->nnotes > 0 ? cb_probe_note_call : NULL;
    c->probe_first_note = src->first_note;
    para_opts o = src->o;
    o.no_hyphen_line = no_hyphen_line;
    if (para_try_each(&env, src->content, &o, ls, k, nlines, nhyphens) != 0)
        for (int i = 0; i < k; i++) nlines[i] = -1;
    diag_free(&scratch);
}

/* Set every note's text now that it has a number. */
static void set_notes(composer *c)
{
    const layout *lay = c->lay;
    const layout_style *st = layout_style_or(lay, "note", "body");
    for (int i = 0; i < c->nnotes; i++) {
        note_entry *ne = &c->notes[i];
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%d ", ne->number);
        para_opts o;
        memset(&o, 0, sizeof o);
        o.style = st;
        o.measure = c->measure;
        o.indent = 0;
        o.hyphenate = -1;
        o.prefix = prefix;
        o.sid = ne->sid;
        o.lang = ne->note->lang;
        int cap = 0;
        if (ne->note->note_empty) {
            /* typography.md: a missing note prints as "[nota 12: texto pendiente]", in grey */
            char text[256];
            const char *tpl = compose_words(c, ne->note->lang)->word[LW_NOTE_PENDING];
            const char *at = strstr(tpl, "%n");
            if (at) snprintf(text, sizeof text, "%.*s%d%s", (int)(at - tpl), tpl, ne->number, at + 2);
            else snprintf(text, sizeof text, "%s", tpl);
            if (!lay->notes_show_pending) continue;
            layout_style *grey = ARENA_NEW(&c->pass, layout_style); /* its runs point at its colour */
            *grey = *st;
            grey->color = (layout_color){COLOR_GRAY, {0.45f, 0, 0, 0}}; /* 55 % black: pending, not final */
            o.style = grey;
            para_set_text(&c->env, text, &o, &ne->lines, &ne->nlines, &cap);
        } else {
            para_set(&c->env, ne->note->children, &o, &ne->lines, &ne->nlines, &cap);
        }
        /* move the lines into the pass arena so the page builder can keep pointers */
        vline *l = ARENA_ARRAY(&c->pass, vline, ne->nlines ? ne->nlines : 1);
        if (ne->nlines) memcpy(l, ne->lines, sizeof *l * (size_t)ne->nlines);
        free(ne->lines);
        ne->lines = l;
    }
}

/* The book runs past FOLIO_MAX_PAGES (base/bounds.h): say so at the first
 * paragraph of the page past the limit (or at the book, if none follows). */
static void page_limit_error(const composer *c, const doc_book *book, diag_sink *d)
{
    diag_loc loc = diag_at(d, book->path, 0, 0);
    for (int i = c->over_page_limit - 1; i >= 0 && i < c->nv; i++)
        if (c->v[i].para) {
            loc = ((const doc_block *)c->v[i].para)->loc;
            break;
        }
    diag_error(d, loc, "the book runs past %d pages here; the limit is %d pages", FOLIO_MAX_PAGES, FOLIO_MAX_PAGES);
}

const lang_words *compose_words(const composer *c, int lang) { return para_words(&c->env, lang); }

void compose_free_pass(composer *c)
{
    arena_free(&c->pass);
    free(c->v);
    free(c->notes);
    refs_free(&c->refs);
    free(c->chapters);
}

int compose_book(const doc_book *book, const layout *lay, const fontset *fs, shaper *sh, const book_lang *langs,
                 int nlangs, ix_index *ix, diag_sink *d, pm_doc *out)
{
    ref_table prev; /* the pass before's references (none before the first pass) */
    refs_init(&prev);
    int have_prev = 0;
    int settled = 0;
    int errors0 = d->errors;
    loose_table loose;
    memset(&loose, 0, sizeof loose);
    int prev_first_arabic = 0; /* the previous pass's first arabic page: labels of page references */
    const int max_passes = 12;
    probe_memo probes;
    memset(&probes, 0, sizeof probes);
    para_cache *breaks = para_cache_new(); /* the breaks of earlier passes, by items and parameters */
    int finalize = 0;      /* the next pass is the final one: no new settings */
    const int dbg_fill = getenv("FOLIO_DEBUG_FILL") != NULL;
    int *best_fill = NULL; /* per chapter: the fewest empty lines a pass has left */
    int nbest_fill = 0;
    /* the index's order (ICU, the book's language) and its marks' sort keys, once */
    if (ix) ix_prepare(ix, book, lay->index_collation, lay->index_collation_loc, lay->label_index_symbols, d);
    /* memory kept from pass to pass (reset, not freed): the pass arena, the
     * vertical list, the notes and refs tables */
    composer kept;
    memset(&kept, 0, sizeof kept);
    arena_init(&kept.pass, 1024 * 1024);
    for (int passno = 1; passno <= max_passes; passno++) {
        composer c;
        memset(&c, 0, sizeof c);
        c.pass = kept.pass;
        c.v = kept.v;
        c.vcap = kept.vcap;
        c.notes = kept.notes;
        c.notes_cap = kept.notes_cap;
        c.refs = kept.refs;
        if (!c.refs.mem.block_size) refs_init(&c.refs);
        refs_clear(&c.refs);
        c.chapters = kept.chapters;
        c.chapters_cap = kept.chapters_cap;
        c.book = book;
        c.lay = lay;
        c.fs = fs;
        c.sh = sh;
        c.d = d;
        c.ix = ix;
        c.measure = lay->page_w - lay->m_inner - lay->m_outer;
        c.block_h = lay->page_h - lay->m_top - lay->m_bottom;
        /* the text block holds a whole number of grid lines */
        c.block_h = c.block_h / lay->grid * lay->grid;
        c.note_chapter = -1;
        /* page numbers printed during the flow (contents, "p. 34", the index)
         * use the previous pass's numbering, like its page references */
        c.first_arabic_page = prev_first_arabic;
        c.loose = &loose;
        c.probes = &probes;
        c.settings_final = finalize || passno > max_passes - 3; /* no new settings: plan with these */
        c.prev_refs = have_prev ? &prev : NULL;
        /* the page model is made anew each pass: its structure tree (tagged
         * PDF) grows as the flow meets the manuscript's elements */
        pm_doc_reset(out);
        out->page_w = lay->page_w;
        out->page_h = lay->page_h;
        out->bleed = lay->bleed;
        out->crop_marks = lay->crop_marks;
        c.out = out;
        c.tag = lay->pdf_tagged ? pm_struct_new(out, -1, PS_DOCUMENT) : -1;
        const char *lang = layout_pdf_lang(lay, book->lang);
        if (c.tag >= 0 && lang) out->structs[c.tag].lang = arena_strdup(&out->mem, lang);
        c.env = (para_env){.lay = lay, .fs = fs, .sh = sh, .hy = nlangs ? langs[0].hy : NULL, .d = d, .mem = &c.pass,
                           .note_call = cb_note_call, .note_number = cb_note_number, .ref_text = cb_ref_text,
                           .index_term = cb_index_term, .user = &c, .langs = langs, .nlangs = nlangs,
                           .tags = lay->pdf_tagged ? out : NULL, .note_tagged = cb_note_tagged, .breaks = breaks};
        /* diagnostics from layout are only kept from the last pass */
        int dcount = d->count;
        flow_book(&c);
        set_notes(&c);
        /* the index was set from the previous pass's pages; collect this pass's */
        if (ix) ix_clear_pages(ix);
        c.chapter_fill = xcalloc((size_t)c.nchapters + 1, sizeof *c.chapter_fill);
        pagebuild(&c);
        if (c.over_page_limit) page_limit_error(&c, book, d);
        /* outlines from the refs of chapters and sections: in document order */
        int settled_now = have_prev && refs_same_pages(&prev, &c.refs) && !c.pending_refs &&
                          c.first_arabic_page == prev_first_arabic;
        prev_first_arabic = c.first_arabic_page;
        /* Looseness as a search, chapter by chapter (a chapter's pages fill
         * independently of the others'): where a pass fills a chapter no
         * worse than its best so far, that chapter's setting is kept and the
         * page builder's requests for it are applied; where it fills worse,
         * the chapter's best setting comes back (and the requests that led
         * away from it are not asked again: they stay marked tried; those
         * of a chapter not kept are marked tried too). The page builder
         * plans pages counting on the settings it asks for; a final pass
         * (settings_final) plans with the settings as they are and asks for
         * none, so the book ends on the best setting of every chapter laid
         * out for what it is, with its references settled. */
        int nch = c.nchapters;
        char *keep = xcalloc((size_t)nch + 1, 1);
        if (nch > nbest_fill) {
            best_fill = xrealloc(best_fill, sizeof *best_fill * (size_t)nch);
            for (int ch = nbest_fill; ch < nch; ch++) best_fill[ch] = -1;
            nbest_fill = nch;
        }
        int undone = 0;
        for (int ch = 0; ch < nch; ch++) {
            keep[ch] = best_fill[ch] < 0 || c.chapter_fill[ch] <= best_fill[ch];
            if (keep[ch]) best_fill[ch] = c.chapter_fill[ch];
        }
        for (int q = 0; q < loose.n; q++) {
            loose_entry *e = &loose.v[q];
            int ch = e->chapter >= 0 && e->chapter < nch ? e->chapter : 0;
            if (keep[ch]) {
                e->best_looseness = e->looseness;
                e->best_no_hyphen_line = e->no_hyphen_line;
            } else if (e->looseness != e->best_looseness || e->no_hyphen_line != e->best_no_hyphen_line) {
                e->looseness = e->best_looseness;
                e->no_hyphen_line = e->best_no_hyphen_line;
                undone++;
            }
        }
        if (undone) settled_now = 0;
        int applied = 0;
        if (!c.settings_final)
            for (int w = 0; w < c.nwanted; w++) {
                const loose_entry *want = &c.loose_wanted[w];
                int take = want->chapter >= 0 && want->chapter < nch && keep[want->chapter];
                loose_entry *e = loose_find(&loose, want->para);
                if (e) {
                    /* asked again: the other way, or for a whole word at a page turn */
                    if (take) {
                        e->looseness = want->looseness;
                        e->no_hyphen_line = want->no_hyphen_line;
                    }
                    e->tried |= want->tried;
                } else {
                    loose_entry ne = *want;
                    if (!take) ne.looseness = ne.no_hyphen_line = 0; /* asked (tried), not applied */
                    loose_add(&loose, &ne);
                }
                if (!take) continue;
                applied++;
                if (dbg_fill)
                    fprintf(stderr, "  request: paragraph at %s:%d looseness %+d%s\n",
                            ((const doc_block *)want->para)->loc.file ? ((const doc_block *)want->para)->loc.file : "?",
                            ((const doc_block *)want->para)->loc.line, want->looseness, want->no_hyphen_line ? " (whole word at a turn)" : "");
            }
        if (applied > 0) settled_now = 0;
        /* settled, but laid out counting on settings it asked for and will
         * not get: one more pass, final, plans with the settings as they are */
        if (settled_now && !c.settings_final && c.nwanted > 0) {
            finalize = 1;
            settled_now = 0;
        }
        if (dbg_fill) {
            int best_total = 0;
            for (int ch = 0; ch < nch; ch++) best_total += best_fill[ch];
            fprintf(stderr, "pass %d: fill %d (best of each chapter %d), %d settings undone, %d of %d requests applied\n",
                    passno, c.fill_score, best_total, undone, applied, c.nwanted);
        }
        free(keep);
        free(c.chapter_fill);
        c.chapter_fill = NULL;
        free(c.loose_wanted);
        c.loose_wanted = NULL;
        hindex_free(&c.wanted_ix);
        if (getenv("FOLIO_DEBUG_REFS")) {
            fprintf(stderr, "pass %d: %d refs, pending %d\n", passno, c.refs.n, c.pending_refs);
            for (int i = 0; have_prev && i < c.refs.n && i < prev.n; i++)
                if (prev.v[i].page != c.refs.v[i].page)
                    fprintf(stderr, "  %s: %d -> %d\n", c.refs.v[i].id, prev.v[i].page, c.refs.v[i].page);
        }
        /* keep this pass's refs for the next one */
        refs_keep(&prev, &c.refs);
        have_prev = 1;
        if (settled_now || passno == max_passes || c.over_page_limit) {
            /* the last pass: the page model has it now, to draw its pages
             * from; report its problems, build the outline */
            pagebuild_draw(&c, out);
            for (int i = 0; i < c.nnotes; i++)
                if (c.notes[i].note->note_empty)
                    diag_note(d, c.notes[i].loc, "note %d has no text yet (printed as pending)", c.notes[i].number);
            for (int i = 0; i < c.refs.n; i++) {
                const ref_entry *r = &c.refs.v[i];
                if (r->page < 0 || !r->title || r->outline < 0) continue;
                pm_add_outline(out, r->title, r->outline, r->page, 0);
            }
            settled = settled_now;
            if (!settled && !c.over_page_limit)
                diag_warning(d, diag_at(d, book->path, 0, 0), "page references did not settle after %d layout passes", max_passes);
            memset(&kept, 0, sizeof kept);
            break;
        }
        /* drop this pass's layout diagnostics: the next pass reports again */
        for (int k = dcount; k < d->count; k++) free(d->entries[k].message);
        for (int k = dcount; k < d->count; k++) {
            if (d->entries[k].severity == DIAG_ERROR) d->errors--;
            else if (d->entries[k].severity == DIAG_WARNING) d->warnings--;
        }
        d->count = dcount;
        pagebuild_discard(&c);
        arena_reset(&c.pass);
        kept = c;
    }
    arena_free(&kept.pass);
    free(kept.v);
    free(kept.notes);
    refs_free(&kept.refs);
    free(kept.chapters);
    refs_free(&prev);
    loose_free(&loose);
    free(best_fill);
    free(probes.v);
    hindex_free(&probes.ix);
    para_cache_free(breaks);
    return d->errors > errors0 ? -1 : 0;
}
