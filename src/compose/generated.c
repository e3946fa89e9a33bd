/* generated.c - the pages folio writes itself: title page, table of contents,
 * list of tables and the index. Page numbers come from the previous layout
 * pass (compose.c re-lays out until they settle). */
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "compose.h"

static vitem *push(composer *c, vkind kind) { return compose_push(c, kind); }

/* Set text in a style; sid is the structure element it belongs to (tagged PDF). */
static int set(composer *c, const char *text, const char *stname, fo_sp x, fo_sp measure, doc_align align, vline **lines,
               int *n, int *cap, int sid)
{
    para_opts o;
    memset(&o, 0, sizeof o);
    o.lang = c->gen_lang;
    o.style = layout_style_or(c->lay, stname, "body");
    o.measure = measure;
    o.indent = 0;
    o.hyphenate = 0;
    o.no_expansion = 1;
    o.align = align;
    o.sid = sid;
    (void)x;
    return para_set_text(&c->env, text, &o, lines, n, cap);
}

static void lines_out(composer *c, vline *lines, int n, fo_sp x, int keep)
{
    for (int i = 0; i < n; i++) {
        vitem *it = push(c, V_LINE);
        it->line = lines[i];
        it->x = x;
        it->keep_with_next = keep || i + 1 < n;
    }
}

static void space(composer *c, fo_sp h)
{
    /* none first under an opener: every opener's text starts on one line */
    if (c->nv > 0 && c->nv - 1 == c->opener_end) return;
    vitem *it = push(c, V_SPACE);
    it->height = h;
}

void flow_titlepage(composer *c, const doc_div *v)
{
    const doc_book *b = c->book;
    c->gen_lang = v->lang;
    const lang_words *w = compose_words(c, v->lang);
    /* the edition's date in words: "15 de marzo de 2026", "15 March 2026" */
    char date[256] = "";
    if (b->edition_date) lang_format_date(w, b->edition_date, date, sizeof date);
    chapter_info ci = {NULL, c->cur_matter};
    VEC_PUSH(c->chapters, c->nchapters, c->chapters_cap, ci);
    c->cur_chapter = c->nchapters - 1;
    vitem *pb = push(c, V_PAGEBREAK);
    pb->recto = 1;
    vitem *sink = push(c, V_SPACE);
    sink->height = c->lay->grid * 8;
    sink->sink = 1;
    sink->opener = 1;
    vline *lines = NULL;
    int n = 0, cap = 0;
    set(c, b->title ? b->title : "", "title", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap, compose_tag(c, PS_H1));
    lines_out(c, lines, n, 0, 1);
    n = 0;
    if (b->subtitle) {
        space(c, c->lay->grid);
        set(c, b->subtitle, "subtitle", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap, compose_tag(c, PS_P));
        lines_out(c, lines, n, 0, 1);
        n = 0;
    }
    for (int i = 0; i < b->nauthors; i++) {
        set(c, b->authors[i], "publisher", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap, compose_tag(c, PS_P));
        lines_out(c, lines, n, 0, 1);
        n = 0;
    }
    space(c, c->lay->grid * 12);
    if (b->publisher) {
        set(c, b->publisher, "publisher", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap, compose_tag(c, PS_P));
        lines_out(c, lines, n, 0, 1);
        n = 0;
    }
    if (b->edition_date) {
        set(c, date, "running-head", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap, compose_tag(c, PS_P));
        lines_out(c, lines, n, 0, 0);
        n = 0;
    }
    /* the imprint, at the foot of the title page's verso: edition, ISBN, rights */
    char imprint[4][1024];
    int ni = 0;
    if (b->edition_number || b->edition_date)
        snprintf(imprint[ni++], sizeof imprint[0], "%s%s%s%s%s", w->word[LW_EDITION], b->edition_number ? " " : "",
                 b->edition_number ? b->edition_number : "", b->edition_date ? ", " : "", date);
    if (b->publisher) snprintf(imprint[ni++], sizeof imprint[0], "%s", b->publisher);
    if (b->isbn) snprintf(imprint[ni++], sizeof imprint[0], "ISBN %s", b->isbn);
    if (b->rights) snprintf(imprint[ni++], sizeof imprint[0], "%s", b->rights);
    if (ni > 0) {
        vitem *pb2 = push(c, V_PAGEBREAK);
        pb2->recto = 0;
        const layout_style *st = layout_style_or(c->lay, "imprint", "running-head");
        fo_sp h = 0;
        vline *il = NULL;
        int inn = 0, icap = 0;
        for (int k = 0; k < ni; k++) {
            para_opts o;
            memset(&o, 0, sizeof o);
            o.style = st;
            o.measure = c->measure * 2 / 3;
            o.indent = 0;
            o.hyphenate = 0;
            o.no_expansion = 1;
            o.align = ALIGN_LEFT;
            o.sid = compose_tag(c, PS_P);
            o.lang = v->lang;
            para_set_text(&c->env, imprint[k], &o, &il, &inn, &icap);
        }
        for (int k = 0; k < inn; k++) h += il[k].leading;
        vitem *sp = push(c, V_SPACE);
        sp->height = c->block_h > h ? (c->block_h - h) / c->lay->grid * c->lay->grid : 0;
        sp->sink = 1;
        sp->opener = 1; /* no running head, no folio: the title page's verso */
        lines_out(c, il, inn, 0, 0);
        free(il);
    }
    free(lines);
}

static const ref_entry *prev_ref(const composer *c, const char *id)
{
    return c->prev_refs ? refs_find(c->prev_refs, id) : NULL;
}

/* One entry: the title set in measure - 12 mm, the page number flush right on its last line. */
static void toc_entry(composer *c, const char *title, const char *target_id, const char *stname, fo_sp indent)
{
    fo_sp num_w = FO_MM(12);
    vline *lines = NULL;
    int n = 0, cap = 0;
    /* tagged: TOCI > Link > the entry's text and its page number (one annotation) */
    int toci = compose_tag_open(c, PS_TOCI);
    int link = compose_tag(c, c->lay->pdf_links ? PS_LINK : PS_REFERENCE);
    set(c, title, stname, indent, c->measure - indent - num_w, ALIGN_LEFT, &lines, &n, &cap, link);
    const ref_entry *r = prev_ref(c, target_id);
    char num[32] = "";
    if (r && r->page >= 0) compose_page_label(c, r->page, num, sizeof num);
    else {
        c->pending_refs = 1;
        if (getenv("FOLIO_DEBUG_REFS")) fprintf(stderr, "  toc: no page for %s\n", target_id);
    }
    if (n > 0 && num[0]) {
        vline *nl = NULL;
        int nn = 0, ncap = 0;
        set(c, num, stname, 0, num_w, ALIGN_RIGHT, &nl, &nn, &ncap, link);
        if (nn > 0 && nl[0].nitems > 0 && lines[n - 1].nitems > 0) {
            vline *last = &lines[n - 1];
            fo_sp num_x = c->measure - indent - num_w + nl[0].items[0].x;
            /* dot leaders from the title to the number, on a fixed pitch from
             * the text block's edge so that they line up from entry to entry */
            const pm_item *ref = &last->items[0];
            fo_sp pitch = FO_PT(4.5), from = last->natural + FO_PT(4), to = num_x - FO_PT(4);
            fo_sp first = ((indent + from + pitch - 1) / pitch) * pitch - indent;
            int ndots = first < to ? (int)((to - first) / pitch) + 1 : 0;
            pm_item *items = ARENA_ARRAY(&c->pass, pm_item, last->nitems + nl[0].nitems + ndots + 1);
            memcpy(items, last->items, sizeof *items * (size_t)last->nitems);
            int k = last->nitems;
            for (fo_sp x = first; x <= to && ndots > 0; x += pitch, ndots--) {
                /* leaders are drawn, not read: page furniture */
                pm_item dot = para_run(&c->env, ref->font, ref->size, ref->color, ".");
                dot.x = x;
                dot.artifact = PM_ART_LAYOUT;
                items[k++] = dot;
            }
            for (int q = 0; q < nl[0].nitems; q++) {
                items[k] = nl[0].items[q];
                items[k++].x += c->measure - indent - num_w;
            }
            last->items = items;
            last->nitems = k;
        }
        free(nl);
    }
    if (n > 0) {
        /* the whole entry links to its target (screen edition) */
        vmark *m = ARENA_ARRAY(&c->pass, vmark, lines[0].nmarks + 1);
        if (lines[0].nmarks) memcpy(m, lines[0].marks, sizeof *m * (size_t)lines[0].nmarks);
        m[lines[0].nmarks] = (vmark){MARK_ANCHOR, -1, target_id, link};
        lines[0].marks = m;
        lines[0].nmarks++;
    }
    lines_out(c, lines, n, indent, 0);
    free(lines);
    compose_tag_close(c, toci);
}

/* An entry keeps with its first sub-entry: nothing may end a page between
 * the entry's last line (item last) and the first line after it. */
static void keep_with_first_sub(composer *c, int last)
{
    for (int k = last; k < c->nv; k++) {
        if (k > last && c->v[k].kind == V_LINE) break;
        c->v[k].keep_with_next = 1;
    }
}

/* The contents' entries of v and its followers (of v alone when single). */
static void toc_divs(composer *c, const doc_div *v, int depth, int single)
{
    for (; v; v = single ? NULL : v->next) {
        const char *id = compose_div_id(c, v);
        const lang_words *w = compose_words(c, v->lang);
        switch (v->kind) {
        case DIV_CHAPTER:
        case DIV_PREFACE:
        case DIV_CHRONOLOGY:
        case DIV_BIBLIOGRAPHY:
        case DIV_PART: {
            char title[1024];
            const char *t = v->title_text ? v->title_text : "";
            if (v->label && !compose_title_has_label(v->label, t)) snprintf(title, sizeof title, "%s. %s", v->label, t);
            else snprintf(title, sizeof title, "%s", t);
            if (depth == 0) space(c, c->lay->grid / 2);
            toc_entry(c, title, id, depth == 0 ? "toc-chapter" : "toc-section", 0);
            int last = c->nv - 1;
            if (v->kind == DIV_PART) toc_divs(c, v->children, depth, 0);
            else toc_divs(c, v->children, depth + 1, 0);
            if (c->nv > last + 1) keep_with_first_sub(c, last);
            break;
        }
        case DIV_SECTION:
            if (depth <= 1) toc_entry(c, v->title_text ? v->title_text : "", id, "toc-section", FO_MM(6) * depth);
            break;
        case DIV_INDEX:
        case DIV_LOT:
        case DIV_TOC:
            /* the generated divisions are in the contents too */
            if (depth == 0) space(c, c->lay->grid / 2);
            toc_entry(c, w->word[v->kind == DIV_INDEX ? LW_INDEX : v->kind == DIV_LOT ? LW_TABLES : LW_CONTENTS], id,
                      "toc-chapter", 0);
            break;
        default: break;
        }
    }
}

static void toc_tables_in_blocks(composer *c, const doc_block *b)
{
    for (; b; b = b->next) {
        if (b->kind == BL_TABLE && b->id) {
            char title[1024];
            snprintf(title, sizeof title, "%s %d. %s", compose_words(c, b->lang)->word[LW_TABLE], b->number,
                     b->title ? b->title : "");
            toc_entry(c, title, b->id, "toc-section", 0);
        }
        if (b->children) toc_tables_in_blocks(c, b->children);
    }
}

static void toc_tables(composer *c, const doc_div *v)
{
    for (; v; v = v->next) {
        toc_tables_in_blocks(c, v->blocks);
        toc_tables(c, v->children);
    }
}

void flow_toc(composer *c, const doc_div *v, int tables)
{
    c->gen_lang = v->lang;
    const lang_words *w = compose_words(c, v->lang);
    const char *title = tables ? w->word[LW_TABLES] : w->word[LW_CONTENTS];
    compose_open(c, title, NULL, NULL, title, NULL, NULL, compose_div_id(c, v));
    const doc_book *b = c->book;
    int toc = compose_tag_open(c, PS_TOC);
    if (tables) {
        toc_tables(c, b->front);
        toc_tables(c, b->body);
        toc_tables(c, b->back);
    } else {
        /* the front matter after the contents, then body and back */
        int after = 0;
        for (const doc_div *f = b->front; f; f = f->next) {
            if (f == v) { after = 1; continue; }
            if (after) toc_divs(c, f, 0, 1);
        }
        toc_divs(c, b->body, 0, 0);
        toc_divs(c, b->back, 0, 0);
    }
    compose_tag_close(c, toc);
}

/* ---------- the index ---------- */

static doc_inline *text_inline(composer *c, const char *text)
{
    doc_inline *in = ARENA_NEW(&c->pass, doc_inline);
    in->kind = IN_TEXT;
    in->lang = c->gen_lang;
    in->text = arena_strdup(&c->pass, text);
    return in;
}

static const char *label_cb(void *user, int page)
{
    static char buf[32];
    return compose_page_label((const composer *)user, page, buf, sizeof buf);
}

/* "12", "34-36": a page number of the index as an inline link to its page
 * (an internal destination, PM_PAGE_DEST). */
static doc_inline *page_link(composer *c, int from, int to)
{
    char a[32], b[32], text[80], dest[32];
    compose_page_label(c, from, a, sizeof a);
    if (to > from) {
        compose_page_label(c, to, b, sizeof b);
        snprintf(text, sizeof text, "%s-%s", a, b);
    } else snprintf(text, sizeof text, "%s", a);
    snprintf(dest, sizeof dest, "%s%d", PM_PAGE_DEST, from);
    doc_inline *ln = ARENA_NEW(&c->pass, doc_inline);
    ln->kind = IN_LINK;
    ln->lang = c->gen_lang;
    ln->href = arena_strdup(&c->pass, dest);
    ln->children = text_inline(c, text);
    return ln;
}

/* Tagged: the index's entries are lists, one per letter (L > LI > LBody),
 * sub-entries a list inside their entry; each page number a Link. */
typedef struct ix_tags {
    int letter_list, entry, sub_list;
} ix_tags;

/* Close the open entry (and its sub-entries' list). */
static void ix_tags_close(composer *c, ix_tags *t)
{
    if (t->sub_list >= 0) compose_tag_close(c, t->sub_list);
    t->sub_list = -1;
    if (t->entry >= 0) compose_tag_close(c, t->entry);
    t->entry = -1;
}

/* text with its first letter a capital, in the pass arena. */
static const char *capitalise_first(composer *c, const char *text)
{
    int cl;
    size_t n = strlen(text);
    uint32_t cp = utf8_decode(text, n, &cl);
    char *s = arena_alloc(&c->pass, n + 4);
    int k = utf8_encode(utf8_to_upper(cp), s);
    memcpy(s + k, text + cl, n - (size_t)cl + 1);
    return s;
}

void flow_index(composer *c, const doc_div *v)
{
    c->gen_lang = v->lang;
    const lang_words *w = compose_words(c, v->lang);
    compose_open(c, w->word[LW_INDEX], NULL, NULL, w->word[LW_INDEX], NULL, NULL, compose_div_id(c, v));
    if (!c->ix) return;
    vline *lines = NULL;
    int n = 0, cap = 0;
    ix_entry *entries = NULL;
    int ne = ix_entries(c->ix, &entries);
    ix_tags tags = {-1, -1, -1};
    /* two columns: each entry is set at the column width; the page builder
     * fills the left column, then the right one (vitems marked column) */
    fo_sp col_w = (c->measure - FO_MM(6)) / 2;
    const char *letter = "";
    int after_letter = 0; /* entries set under the current letter heading */
    for (int i = 0; i < ne; i++) {
        const ix_term *t = entries[i].term;
        if (entries[i].level == 0 && strcmp(letter, entries[i].letter) != 0) {
            letter = entries[i].letter;
            int from = c->nv;
            ix_tags_close(c, &tags);
            if (tags.letter_list >= 0) compose_tag_close(c, tags.letter_list);
            int h = compose_tag(c, PS_H2);
            tags.letter_list = compose_tag_open(c, PS_L);
            space(c, c->lay->grid / 2);
            set(c, letter, "index-letter", 0, col_w, ALIGN_LEFT, &lines, &n, &cap, h);
            lines_out(c, lines, n, 0, 1);
            for (int k = from; k < c->nv; k++) c->v[k].sink = 2; /* they flow in the columns too */
            n = 0;
            after_letter = 0;
        }
        /* "Término, véase Otro"; "Término, 12, 34-36. Véase también Otro": the
         * cross-reference after the page numbers, after a period (and so with
         * a capital); véase in italic (typography.md); each page number a
         * link to its page */
        int *pf = xcalloc((size_t)t->npages + 1, sizeof *pf), *pt = xcalloc((size_t)t->npages + 1, sizeof *pt);
        int nruns = ix_page_runs(t, pf, pt, t->npages, label_cb, c);
        char head[1100];
        snprintf(head, sizeof head, "%s%s", t->name, nruns || t->see ? ", " : "");
        doc_inline *first = text_inline(c, head), *last = first;
        for (int r = 0; r < nruns; r++) {
            if (r > 0) last = last->next = text_inline(c, ", ");
            last = last->next = page_link(c, pf[r], pt[r]);
        }
        free(pf);
        free(pt);
        if (t->see) {
            if (nruns) last = last->next = text_inline(c, ". ");
            doc_inline *em = ARENA_NEW(&c->pass, doc_inline);
            em->kind = IN_EM;
            em->lang = c->gen_lang;
            em->children = text_inline(c, nruns ? capitalise_first(c, w->word[LW_SEE_ALSO]) : w->word[LW_SEE]);
            char tail[1024];
            snprintf(tail, sizeof tail, " %s", t->see);
            last = last->next = em;
            last = last->next = text_inline(c, tail);
        }
        /* the entry's element: a main entry's LI, a sub-entry's LI in its own list */
        int sub_li = -1;
        if (entries[i].level == 0) {
            ix_tags_close(c, &tags);
            tags.entry = compose_tag_open(c, PS_LI);
        } else {
            if (tags.entry < 0) tags.entry = compose_tag_open(c, PS_LI);
            if (tags.sub_list < 0) tags.sub_list = compose_tag_open(c, PS_L);
            sub_li = compose_tag_open(c, PS_LI);
        }
        int body = compose_tag(c, PS_LBODY);
        /* wrapped lines hang 3 mm further in, inside the column */
        fo_sp ind = entries[i].level ? FO_MM(4) : 0, hang = FO_MM(3);
        para_opts o;
        memset(&o, 0, sizeof o);
        o.style = layout_style_or(c->lay, "index", "body");
        o.first_width = col_w - ind;
        o.measure = col_w - ind - hang;
        o.indent = 0;
        o.hyphenate = 0;
        o.no_expansion = 1;
        o.align = ALIGN_LEFT;
        o.sid = body;
        o.lang = c->gen_lang;
        para_set(&c->env, first, &o, &lines, &n, &cap);
        compose_tag_close(c, sub_li); /* back to the sub-entries' list */
        for (int k = 0; k < n; k++) {
            vitem *it = push(c, V_LINE);
            it->line = lines[k];
            it->x = ind + (k > 0 ? hang : 0);
            /* an entry's lines stay together; one longer than 3 lines may
             * break, two lines at least on either side */
            it->keep_with_next = n <= 3 ? k + 1 < n : k == 0 || k >= n - 2;
            it->sink = 2; /* index column line */
        }
        if (n > 0) {
            /* the entry's last line keeps with the next entry when this is the
             * first entry under a letter heading (which keeps with two entries)
             * or a heading for sub-entries that follow */
            int next_under = i + 1 < ne && (entries[i + 1].level > 0 || !strcmp(entries[i + 1].letter, letter));
            int subs_follow = entries[i].level == 0 && i + 1 < ne && entries[i + 1].level > 0;
            if ((after_letter == 0 && next_under) || subs_follow) c->v[c->nv - 1].keep_with_next = 1;
            after_letter++;
        }
        n = 0;
    }
    ix_tags_close(c, &tags);
    if (tags.letter_list >= 0) compose_tag_close(c, tags.letter_list);
    free(entries);
    free(lines);
}
