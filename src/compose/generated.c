/* generated.c - the pages folio writes itself: title page, table of contents,
 * list of tables and the index. Page numbers come from the previous layout
 * pass (compose.c re-lays out until they settle). */
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "compose.h"

static vitem *push(composer *c, vkind kind) { return compose_push(c, kind); }

static int set(composer *c, const char *text, const char *stname, fo_sp x, fo_sp measure, doc_align align, vline **lines,
               int *n, int *cap)
{
    para_opts o;
    memset(&o, 0, sizeof o);
    o.style = layout_style_or(c->lay, stname, "body");
    o.measure = measure;
    o.indent = 0;
    o.hyphenate = 0;
    o.no_expansion = 1;
    o.align = align;
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
    vitem *it = push(c, V_SPACE);
    it->height = h;
}

void flow_titlepage(composer *c)
{
    const doc_book *b = c->book;
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
    set(c, b->title ? b->title : "", "title", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap);
    lines_out(c, lines, n, 0, 1);
    n = 0;
    if (b->subtitle) {
        space(c, c->lay->grid);
        set(c, b->subtitle, "subtitle", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap);
        lines_out(c, lines, n, 0, 1);
        n = 0;
    }
    for (int i = 0; i < b->nauthors; i++) {
        set(c, b->authors[i], "publisher", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap);
        lines_out(c, lines, n, 0, 1);
        n = 0;
    }
    space(c, c->lay->grid * 12);
    if (b->publisher) {
        set(c, b->publisher, "publisher", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap);
        lines_out(c, lines, n, 0, 1);
        n = 0;
    }
    if (b->edition_date) {
        set(c, b->edition_date, "running-head", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap);
        lines_out(c, lines, n, 0, 0);
        n = 0;
    }
    /* the imprint, at the foot of the title page's verso: edition, ISBN, rights */
    char imprint[4][1024];
    int ni = 0;
    if (b->edition_number || b->edition_date)
        snprintf(imprint[ni++], sizeof imprint[0], "%s%s%s%s%s", c->lay->label_edition, b->edition_number ? " " : "",
                 b->edition_number ? b->edition_number : "", b->edition_date ? ", " : "", b->edition_date ? b->edition_date : "");
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
    for (int i = 0; i < c->nprev_refs; i++)
        if (c->prev_refs[i].id && !strcmp(c->prev_refs[i].id, id)) return &c->prev_refs[i];
    return NULL;
}

/* One entry: the title set in measure - 12 mm, the page number flush right on its last line. */
static void toc_entry(composer *c, const char *title, const char *target_id, const char *stname, fo_sp indent)
{
    fo_sp num_w = FO_MM(12);
    vline *lines = NULL;
    int n = 0, cap = 0;
    set(c, title, stname, indent, c->measure - indent - num_w, ALIGN_LEFT, &lines, &n, &cap);
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
        set(c, num, stname, 0, num_w, ALIGN_RIGHT, &nl, &nn, &ncap);
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
        m[lines[0].nmarks] = (vmark){MARK_ANCHOR, -1, target_id};
        lines[0].marks = m;
        lines[0].nmarks++;
    }
    lines_out(c, lines, n, indent, 0);
    free(lines);
}

static void toc_divs(composer *c, const doc_div *v, int depth)
{
    for (; v; v = v->next) {
        if (!v->id) continue;
        switch (v->kind) {
        case DIV_CHAPTER:
        case DIV_PREFACE:
        case DIV_CHRONOLOGY:
        case DIV_BIBLIOGRAPHY:
        case DIV_PART: {
            char title[1024];
            if (v->label) snprintf(title, sizeof title, "%s. %s", v->label, v->title_text ? v->title_text : "");
            else snprintf(title, sizeof title, "%s", v->title_text ? v->title_text : "");
            if (depth == 0) space(c, c->lay->grid / 2);
            toc_entry(c, title, v->id, depth == 0 ? "toc-chapter" : "toc-section", 0);
            if (v->kind == DIV_PART) toc_divs(c, v->children, depth);
            else toc_divs(c, v->children, depth + 1);
            break;
        }
        case DIV_SECTION:
            if (depth <= 1) toc_entry(c, v->title_text ? v->title_text : "", v->id, "toc-section", FO_MM(6) * depth);
            break;
        case DIV_INDEX: toc_entry(c, c->lay->label_index, v->id, "toc-chapter", 0); break;
        default: break;
        }
    }
}

static void toc_tables_in_blocks(composer *c, const doc_block *b)
{
    for (; b; b = b->next) {
        if (b->kind == BL_TABLE && b->id) {
            char title[1024];
            snprintf(title, sizeof title, "%s %d. %s", c->lay->label_table, b->number, b->title ? b->title : "");
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

void compose_opener(composer *c, const char *title, const char *id)
{
    chapter_info ci = {title, c->cur_matter};
    VEC_PUSH(c->chapters, c->nchapters, c->chapters_cap, ci);
    c->cur_chapter = c->nchapters - 1;
    vitem *pb = push(c, V_PAGEBREAK);
    pb->recto = c->lay->chapter_recto;
    vitem *sink = push(c, V_SPACE);
    sink->height = c->lay->grid * 4;
    sink->sink = 1;
    sink->opener = 1;
    if (id) {
        vitem *an = push(c, V_BLOCK);
        an->line.marks = ARENA_NEW(&c->pass, vmark);
        an->line.marks[0] = (vmark){MARK_ANCHOR, 0, id};
        an->line.nmarks = 1;
        an->keep_with_next = 1;
    }
    vline *lines = NULL;
    int n = 0, cap = 0;
    set(c, title, "chapter-title", 0, c->measure, ALIGN_LEFT, &lines, &n, &cap);
    lines_out(c, lines, n, 0, 1);
    free(lines);
    space(c, c->lay->grid * 2);
}

void flow_toc(composer *c, const doc_div *v, int tables)
{
    compose_opener(c, tables ? c->lay->label_tables : c->lay->label_contents, v->id);
    const doc_book *b = c->book;
    if (tables) {
        toc_tables(c, b->front);
        toc_tables(c, b->body);
        toc_tables(c, b->back);
    } else {
        /* the front matter after the contents, then body and back */
        int after = 0;
        for (const doc_div *f = b->front; f; f = f->next) {
            if (f == v) { after = 1; continue; }
            if (after && f->kind != DIV_LOT) {
                doc_div one = *f; /* this division alone, not its followers */
                one.next = NULL;
                toc_divs(c, &one, 0);
            }
            if (after && f->kind == DIV_LOT && f->id) toc_entry(c, c->lay->label_tables, f->id, "toc-chapter", 0);
        }
        toc_divs(c, b->body, 0);
        toc_divs(c, b->back, 0);
    }
}

/* ---------- the index ---------- */

static doc_inline *text_inline(composer *c, const char *text)
{
    doc_inline *in = ARENA_NEW(&c->pass, doc_inline);
    in->kind = IN_TEXT;
    in->text = arena_strdup(&c->pass, text);
    return in;
}

static const char *label_cb(void *user, int page)
{
    static char buf[32];
    return compose_page_label((const composer *)user, page, buf, sizeof buf);
}

void flow_index(composer *c, const doc_div *v)
{
    compose_opener(c, c->lay->label_index, v->id);
    if (!c->ix) return;
    vline *lines = NULL;
    int n = 0, cap = 0;
    ix_entry *entries = NULL;
    int ne = ix_entries(c->ix, &entries);
    /* two columns: each entry is set at the column width; the page builder
     * fills the left column, then the right one (vitems marked column) */
    fo_sp col_w = (c->measure - FO_MM(6)) / 2;
    const char *letter = "";
    for (int i = 0; i < ne; i++) {
        const ix_term *t = entries[i].term;
        if (entries[i].level == 0 && strcmp(letter, entries[i].letter) != 0) {
            letter = entries[i].letter;
            int from = c->nv;
            space(c, c->lay->grid / 2);
            set(c, letter, "index-letter", 0, col_w, ALIGN_LEFT, &lines, &n, &cap);
            lines_out(c, lines, n, 0, 1);
            for (int k = from; k < c->nv; k++) c->v[k].sink = 2; /* they flow in the columns too */
            n = 0;
        }
        char pages[2048] = "";
        ix_format_pages(t, pages, sizeof pages, label_cb, c);
        /* "Término, 12, 34-36; véase también Otro": véase in italic (typography.md) */
        char head[2200];
        if (t->see && !pages[0]) snprintf(head, sizeof head, "%s, ", t->name);
        else if (t->see) snprintf(head, sizeof head, "%s, %s; ", t->name, pages);
        else if (pages[0]) snprintf(head, sizeof head, "%s, %s", t->name, pages);
        else snprintf(head, sizeof head, "%s", t->name); /* a heading for its sub-entries */
        doc_inline *first = text_inline(c, head);
        if (t->see) {
            doc_inline *em = ARENA_NEW(&c->pass, doc_inline);
            em->kind = IN_EM;
            em->children = text_inline(c, pages[0] ? c->lay->label_see_also : c->lay->label_see);
            char tail[1024];
            snprintf(tail, sizeof tail, " %s", t->see);
            first->next = em;
            em->next = text_inline(c, tail);
        }
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
        para_set(&c->env, first, &o, &lines, &n, &cap);
        for (int k = 0; k < n; k++) {
            vitem *it = push(c, V_LINE);
            it->line = lines[k];
            it->x = ind + (k > 0 ? hang : 0);
            it->keep_with_next = k + 1 < n;
            it->sink = 2; /* index column line */
        }
        n = 0;
    }
    free(entries);
    free(lines);
}
