/* flow.c - the document tree as a vertical list (see compose.h).
 *
 * Decisions that belong to the flow and not to the page builder:
 * - widows and orphans: the first line of a paragraph keeps with the next and
 *   the last keeps with the one before, so at least two lines stand at the
 *   foot and at the head of a page (typography.md);
 * - a heading keeps with what follows, so with two lines of the next paragraph;
 * - vertical spaces around headings, quotes, lists, boxes and tables are
 *   rounded so that every block takes a whole number of grid lines, and body
 *   lines stay on the baseline grid (facing pages line up). */
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "compose.h"

int compose_tag(composer *c, pm_role role)
{
    if (!c->out || !c->lay->pdf_tagged) return -1;
    return pm_struct_new(c->out, c->tag, role);
}

int compose_tag_open(composer *c, pm_role role)
{
    int sid = compose_tag(c, role);
    if (sid >= 0) c->tag = sid;
    return sid;
}

void compose_tag_close(composer *c, int sid)
{
    if (sid >= 0 && c->out) c->tag = c->out->structs[sid].parent;
}

vitem *compose_push(composer *c, vkind kind)
{
    VEC_GROW(c->v, c->nv, c->vcap);
    vitem *it = &c->v[c->nv++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->box = -1;
    it->head_item = -1;
    it->chapter = c->cur_chapter;
    it->matter = c->cur_matter;
    return it;
}

static vitem *push(composer *c, vkind kind) { return compose_push(c, kind); }

static fo_sp round_to_grid(const composer *c, fo_sp h)
{
    fo_sp g = c->lay->grid;
    return (h + g - 1) / g * g;
}

static void space(composer *c, fo_sp h, int box)
{
    if (h <= 0) return;
    vitem *it = push(c, V_SPACE);
    it->height = h;
    it->box = box;
}

static void anchor(composer *c, const char *id)
{
    /* an anchor rides on an empty zero-height block */
    if (!id) return;
    vitem *it = push(c, V_BLOCK);
    it->height = 0;
    it->keep_with_next = 1;
    it->line.marks = ARENA_NEW(&c->pass, vmark);
    it->line.marks[0] = (vmark){MARK_ANCHOR, 0, id, -1};
    it->line.nmarks = 1;
}

/* Append n set lines as V_LINE items with the widow/orphan keeps. */
static void add_lines(composer *c, vline *lines, int n, fo_sp x, int box, int heading)
{
    for (int i = 0; i < n; i++) {
        vitem *it = push(c, V_LINE);
        it->line = lines[i];
        it->x = x;
        it->box = box;
        if (c->cur_para) {
            it->para = c->cur_para;
            it->para_line = i;
            it->para_lines = n;
        }
        if (heading) it->keep_with_next = 1;
        else {
            if (i == 0 && n >= 2) it->keep_with_next = 1;      /* no orphan */
            if (i == n - 2) it->keep_with_next = 1;            /* no widow */
            if (i == 0 && c->after_heading) it->keep_with_next = 1; /* a heading keeps with two lines */
        }
    }
    if (n > 0) c->after_heading = heading;
}

static para_opts opts(const composer *c, const layout_style *st, fo_sp measure)
{
    para_opts o;
    memset(&o, 0, sizeof o);
    o.style = st;
    o.measure = measure;
    o.indent = -1;
    o.hyphenate = -1;
    o.sid = c->tag; /* the text goes to the current element unless the caller names another */
    return o;
}

static void set_inline(composer *c, const doc_inline *content, para_opts *o, fo_sp x, int box, int heading)
{
    vline *lines = NULL;
    int n = 0, cap = 0;
    para_set(&c->env, content, o, &lines, &n, &cap);
    add_lines(c, lines, n, x, box, heading);
    free(lines);
}

static void set_text(composer *c, const char *text, para_opts *o, fo_sp x, int box, int heading)
{
    vline *lines = NULL;
    int n = 0, cap = 0;
    para_set_text(&c->env, text, o, &lines, &n, &cap);
    add_lines(c, lines, n, x, box, heading);
    free(lines);
}

static const layout_style *style(const composer *c, const char *name, const char *fallback)
{
    return layout_style_or(c->lay, name, fallback);
}

/* ---------- blocks ---------- */

typedef struct flow_ctx {
    fo_sp x, measure;
    int box;
    int quote_depth;
    int no_indent;       /* the next paragraph follows a heading or a block */
    const char *pstyle;  /* paragraph style name ("body", "box", "note", "table") */
} flow_ctx;

static void flow_blocks(composer *c, const doc_block *b, flow_ctx *fc);


static void flow_p(composer *c, const doc_block *b, flow_ctx *fc)
{
    const layout_style *st = style(c, b->cls ? b->cls : fc->pstyle, fc->pstyle);
    para_opts o = opts(c, st, fc->measure);
    o.sid = compose_tag(c, PS_P);
    if (fc->no_indent) o.indent = 0;
    o.quote_depth = fc->quote_depth;
    /* paragraphs of the text and of boxes may be set a line looser to fill a page (pagebuild.c) */
    int met = 1, first = c->nv, first_note = c->nnotes;
    if (!strcmp(fc->pstyle, "body") || fc->box >= 0) {
        c->cur_para = b;
        const loose_entry *e = loose_find(c->loose, b);
        if (e) {
            o.looseness = e->looseness;
            o.no_hyphen_line = e->no_hyphen_line;
        }
        o.looseness_met = &met;
    }
    set_inline(c, b->content, &o, fc->x, fc->box, 0);
    if (c->cur_para && c->nv > first && c->v[first].para == b) {
        para_src *ps = ARENA_NEW(&c->pass, para_src);
        ps->content = b->content;
        ps->first_note = first_note;
        ps->o = o;
        ps->o.looseness_met = NULL;
        if (!met) ps->o.looseness = ps->o.no_hyphen_line = 0;
        c->v[first].src = ps;
    }
    c->cur_para = NULL;
    fc->no_indent = 0;
}

/* "a)" … "z)", then "aa)", "ab)"… (bijective base 26, as spreadsheets count). */
static void alpha_label(int n, char *buf, size_t cap)
{
    char tmp[16];
    int k = 0;
    if (n < 1) n = 1;
    while (n > 0 && k < 15) {
        n--;
        tmp[k++] = (char)('a' + n % 26);
        n /= 26;
    }
    size_t o = 0;
    while (k > 0 && o + 3 < cap) buf[o++] = tmp[--k];
    buf[o++] = ')';
    buf[o] = 0;
}

void compose_list_label(const doc_block *list, int i, char *buf, size_t cap)
{
    int n = list->list_start + i;
    if (list->list_type == LIST_BULLET) snprintf(buf, cap, "•");
    else if (list->list_type == LIST_NUMBER) snprintf(buf, cap, "%d.", n);
    else alpha_label(n, buf, cap);
}

static void flow_list(composer *c, const doc_block *b, flow_ctx *fc)
{
    const layout_style *st = style(c, fc->box >= 0 || strcmp(fc->pstyle, "body") ? fc->pstyle : "list", "body");
    fo_sp indent = st->margin_left > 0 ? st->margin_left : st->size * 3 / 2;
    int i = 0;
    int list_sid = compose_tag_open(c, PS_L);
    for (const doc_block *it = b->children; it; it = it->next, i++) {
        char label[16];
        compose_list_label(b, i, label, sizeof label);
        /* L > LI > Lbl, LBody (PDF 1.7, 14.8.4.3): the label first, as it is read */
        int li = compose_tag_open(c, PS_LI);
        int lbl = compose_tag(c, PS_LBL);
        int body = compose_tag_open(c, PS_LBODY);
        flow_ctx inner = *fc;
        inner.x = fc->x + indent;
        inner.measure = fc->measure - indent;
        inner.no_indent = 1;
        int first = c->nv;
        if (it->content) {
            para_opts o = opts(c, st, inner.measure);
            o.indent = 0;
            o.quote_depth = fc->quote_depth;
            set_inline(c, it->content, &o, inner.x, fc->box, 0);
        } else flow_blocks(c, it->children, &inner);
        compose_tag_close(c, body);
        /* hang the label in the indent, on the item's first line */
        if (first < c->nv && c->v[first].kind == V_LINE) {
            vline *vl = &c->v[first].line;
            vline *lab = NULL;
            int n = 0, cap = 0;
            para_opts lo = opts(c, st, indent);
            lo.indent = 0;
            lo.align = ALIGN_LEFT;
            lo.hyphenate = 0;
            lo.sid = lbl;
            para_set_text(&c->env, label, &lo, &lab, &n, &cap);
            if (n > 0) {
                /* the label first: it is read before the item's text */
                pm_item *items = ARENA_ARRAY(&c->pass, pm_item, vl->nitems + lab[0].nitems);
                for (int k = 0; k < lab[0].nitems; k++) {
                    items[k] = lab[0].items[k];
                    items[k].x -= pm_sp_of(indent);
                }
                memcpy(items + lab[0].nitems, vl->items, sizeof *items * (size_t)vl->nitems);
                vl->items = items;
                vl->nitems += lab[0].nitems;
            }
            free(lab);
        }
        compose_tag_close(c, li);
    }
    compose_tag_close(c, list_sid);
    fc->no_indent = 1;
}

static void flow_quote(composer *c, const doc_block *b, flow_ctx *fc)
{
    const layout_style *st = style(c, "quote", "body");
    const layout_style *src = style(c, "quote-source", "quote");
    space(c, st->space_before, fc->box);
    flow_ctx inner = *fc;
    inner.x = fc->x + st->margin_left;
    inner.measure = fc->measure - st->margin_left - st->margin_right;
    inner.quote_depth = fc->quote_depth + 1;
    inner.pstyle = "quote";
    inner.no_indent = 1;
    int bq = compose_tag_open(c, PS_BLOCKQUOTE);
    for (const doc_block *p = b->children; p; p = p->next) {
        if (p->kind == BL_P) {
            para_opts o = opts(c, st, inner.measure);
            o.indent = p == b->children ? 0 : st->size;
            o.quote_depth = inner.quote_depth;
            o.sid = compose_tag(c, PS_P);
            set_inline(c, p->content, &o, inner.x, fc->box, 0);
        } else flow_blocks(c, p, &inner);
    }
    if (b->content) {
        para_opts o = opts(c, src, inner.measure);
        o.indent = 0;
        o.sid = compose_tag(c, PS_P);
        set_inline(c, b->content, &o, inner.x, fc->box, 0);
    }
    compose_tag_close(c, bq);
    space(c, st->space_after, fc->box);
    fc->no_indent = 1;
}

static void flow_dl(composer *c, const doc_block *b, flow_ctx *fc)
{
    const layout_style *st = style(c, fc->pstyle, "body");
    /* L > LI > Lbl (the term), LBody (its description) */
    int list_sid = compose_tag_open(c, PS_L);
    int li = -1;
    for (const doc_block *it = b->children; it; it = it->next) {
        flow_ctx inner = *fc;
        inner.no_indent = 1;
        int part;
        if (it->kind == BL_DT) {
            if (li >= 0) compose_tag_close(c, li);
            li = compose_tag_open(c, PS_LI);
            part = compose_tag_open(c, PS_LBL);
        } else {
            if (li < 0) li = compose_tag_open(c, PS_LI);
            part = compose_tag_open(c, PS_LBODY);
        }
        if (it->kind == BL_DT) {
            doc_inline strong = {.kind = IN_STRONG, .children = it->content};
            para_opts o = opts(c, st, fc->measure);
            o.indent = 0;
            if (it->content) {
                vline *lines = NULL;
                int n = 0, cap = 0;
                para_set(&c->env, &strong, &o, &lines, &n, &cap);
                add_lines(c, lines, n, fc->x, fc->box, 1);
                /* a term keeps with the first line of its description, not
                 * two as a heading does: after a one-line description the
                 * keep would run on into the next term, and a list of short
                 * entries would never break */
                c->after_heading = 0;
                free(lines);
            } else flow_blocks(c, it->children, &inner);
        } else {
            fo_sp ind = st->size;
            inner.x = fc->x + ind;
            inner.measure = fc->measure - ind;
            if (it->content) {
                para_opts o = opts(c, st, inner.measure);
                o.indent = 0;
                set_inline(c, it->content, &o, inner.x, fc->box, 0);
            } else flow_blocks(c, it->children, &inner);
        }
        compose_tag_close(c, part);
        if (it->kind != BL_DT) {
            compose_tag_close(c, li);
            li = -1;
        }
    }
    if (li >= 0) compose_tag_close(c, li);
    compose_tag_close(c, list_sid);
    fc->no_indent = 1;
}

static void flow_box(composer *c, const doc_block *b, flow_ctx *fc)
{
    const layout_style *tst = style(c, "box-title", "box");
    int box = c->nboxes++;
    if (b->id) compose_add_ref(c, b->id, NULL, b->title, -1);
    fo_sp pad = FO_MM(4);
    fo_sp g = c->lay->grid;
    space(c, g / 2, -1);
    anchor(c, b->id);
    space(c, g / 2, box);
    /* the frame's top padding never ends a page: it keeps with the title (or
     * the first two lines), or a page would end on an empty tinted sliver */
    c->v[c->nv - 1].keep_with_next = 1;
    flow_ctx inner = *fc;
    inner.x = fc->x + pad;
    inner.measure = fc->measure - 2 * pad;
    inner.box = box;
    /* box kind="…": the layout's style of that name for its text, if it has one */
    inner.pstyle = b->box_kind && layout_style_get(c->lay, b->box_kind) ? b->box_kind : "box";
    inner.no_indent = 1;
    int div = compose_tag_open(c, PS_DIV); /* a sidebar: its title a paragraph of its own */
    if (b->title) {
        para_opts o = opts(c, tst, inner.measure);
        o.indent = 0;
        o.sid = compose_tag(c, PS_P);
        set_text(c, b->title, &o, inner.x, box, 1);
    }
    flow_blocks(c, b->children, &inner);
    compose_tag_close(c, div);
    space(c, g / 2, box);
    space(c, g / 2, -1);
    fc->no_indent = 1;
}

static void flow_figure(composer *c, const doc_block *b, flow_ctx *fc);
void flow_table_block(composer *c, const doc_block *b, fo_sp x, fo_sp measure, int box);

static void flow_block(composer *c, const doc_block *b, flow_ctx *fc)
{
    switch (b->kind) {
    case BL_P: flow_p(c, b, fc); break;
    case BL_LIST: flow_list(c, b, fc); break;
    case BL_QUOTE: flow_quote(c, b, fc); break;
    case BL_DL: flow_dl(c, b, fc); break;
    case BL_BOX: flow_box(c, b, fc); break;
    case BL_TABLE: flow_table_block(c, b, fc->x, fc->measure, fc->box); fc->no_indent = 1; break;
    case BL_FIGURE: flow_figure(c, b, fc); break;
    case BL_PAGEBREAK: push(c, V_PAGEBREAK); break;
    default: break;
    }
}

static void flow_blocks(composer *c, const doc_block *b, flow_ctx *fc)
{
    for (; b; b = b->next) flow_block(c, b, fc);
}

/* Append a set line's ink to a block's item array at baseline y, and its
 * marks (note calls, index marks) to the block's marks: a block carries them
 * to its page like a line. */
static void ink_lines(composer *c, pm_item **items, int *n, int *cap, vline *lines, int nl, fo_sp *y,
                      vmark **marks, int *nmarks, int *mcap)
{
    for (int l = 0; l < nl; l++) {
        for (int m = 0; m < lines[l].nmarks; m++) VEC_PUSH(*marks, *nmarks, *mcap, lines[l].marks[m]);
        fo_sp base = *y + lines[l].leading * 3 / 4;
        for (int k = 0; k < lines[l].nitems; k++) {
            VEC_GROW(*items, *n, *cap);
            pm_item it = lines[l].items[k];
            it.y += pm_sp_of(base);
            (*items)[(*n)++] = it;
        }
        *y += lines[l].leading;
    }
    (void)c;
}

static void flow_figure(composer *c, const doc_block *b, flow_ctx *fc)
{
    /* A figure is one floating block: its title above, the image scaled to
     * the requested width (or the measure), its source below. If it does not
     * fit where it stands, the page builder moves it to the top of the next
     * page and lets the text flow on (never further than one page). */
    const layout_style *cap_st = style(c, "caption", "body");
    const layout_style *src_st = style(c, "table-source", "body");
    char label[64];
    snprintf(label, sizeof label, "%s %d", compose_words(c, b->lang)->word[LW_FIGURE], ++c->nfigures);
    if (b->id) compose_add_ref(c, b->id, arena_strdup(&c->pass, label), b->title, -1);
    pm_item *items = NULL;
    int n = 0, cap = 0;
    vmark *marks = NULL;
    int nmarks = 0, mcap = 0;
    /* the figure's place rides on the figure itself: where it floats to,
     * its page references follow (not the page it was expected on) */
    if (b->id) {
        vmark m = {MARK_ANCHOR, 0, b->id, -1};
        VEC_PUSH(marks, nmarks, mcap, m);
    }
    /* tagged: Caption, then the Figure with its text alternative, then the
     * source; the alternative is the manuscript's alt, else the caption */
    int cap_sid = b->title ? compose_tag(c, PS_CAPTION) : -1;
    int fig_sid = compose_tag(c, PS_FIGURE);
    if (fig_sid >= 0) {
        char alt[1200];
        if (b->alt) snprintf(alt, sizeof alt, "%s", b->alt);
        else snprintf(alt, sizeof alt, "%s%s%s", label, b->title ? ". " : "", b->title ? b->title : "");
        c->out->structs[fig_sid].alt = arena_strdup(&c->out->mem, alt);
    }
    fo_sp y = 0;
    if (b->title) {
        vline *lines = NULL;
        int nl = 0, lcap = 0;
        para_opts o = opts(c, cap_st, fc->measure);
        o.indent = 0;
        o.sid = cap_sid;
        o.lang = b->lang;
        char text[1200];
        snprintf(text, sizeof text, "%s. %s", label, b->title);
        para_set_text(&c->env, text, &o, &lines, &nl, &lcap);
        ink_lines(c, &items, &n, &cap, lines, nl, &y, &marks, &nmarks, &mcap);
        free(lines);
    }
    fo_sp w = b->width_sp > 0 && b->width_sp < fc->measure ? b->width_sp : fc->measure;
    fo_sp h = w * 2 / 3;
    /* the aspect ratio comes from the image header (PNG IHDR / JPEG SOF) */
    FILE *f = b->src ? fopen(b->src, "rb") : NULL;
    if (f) {
        static unsigned char hdr[64 * 1024];
        size_t nr = fread(hdr, 1, sizeof hdr, f);
        fclose(f);
        long iw = 0, ih = 0;
        if (nr > 24 && hdr[0] == 0x89 && hdr[1] == 'P') {
            iw = (long)hdr[16] << 24 | hdr[17] << 16 | hdr[18] << 8 | hdr[19];
            ih = (long)hdr[20] << 24 | hdr[21] << 16 | hdr[22] << 8 | hdr[23];
        } else if (nr > 4 && hdr[0] == 0xFF && hdr[1] == 0xD8) {
            for (size_t i = 2; i + 9 < nr;) {
                if (hdr[i] != 0xFF) break;
                int m = hdr[i + 1];
                size_t len = (size_t)(hdr[i + 2] << 8 | hdr[i + 3]);
                if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                    ih = hdr[i + 5] << 8 | hdr[i + 6];
                    iw = hdr[i + 7] << 8 | hdr[i + 8];
                    break;
                }
                i += 2 + len;
            }
        }
        if (iw > 0 && ih > 0) h = (fo_sp)((double)w * (double)ih / (double)iw);
    }
    if (h > c->block_h / 2) {
        w = (fo_sp)((double)w * (double)(c->block_h / 2) / (double)h);
        h = c->block_h / 2;
    }
    VEC_GROW(items, n, cap);
    pm_item *im = &items[n++];
    memset(im, 0, sizeof *im);
    im->kind = PM_IMAGE;
    im->x = pm_sp_of((fc->measure - w) / 2);
    im->y = pm_sp_of(y + c->lay->grid / 4);
    im->w = pm_sp_of(w);
    im->h = pm_sp_of(h);
    im->ref = b->src;
    im->hscale = 1;
    im->sid = fig_sid;
    im->seq = fig_sid;
    y += h + c->lay->grid / 2;
    if (b->content) {
        vline *lines = NULL;
        int nl = 0, lcap = 0;
        para_opts o = opts(c, src_st, fc->measure);
        o.indent = 0;
        o.sid = compose_tag(c, PS_P);
        para_set(&c->env, b->content, &o, &lines, &nl, &lcap);
        ink_lines(c, &items, &n, &cap, lines, nl, &y, &marks, &nmarks, &mcap);
        free(lines);
    }
    vitem *it = push(c, V_BLOCK);
    it->x = fc->x;
    it->height = round_to_grid(c, y + c->lay->grid / 2);
    it->box = fc->box;
    it->is_float = 1;
    it->line.items = ARENA_ARRAY(&c->pass, pm_item, n ? n : 1);
    if (n) memcpy(it->line.items, items, sizeof *items * (size_t)n);
    it->line.nitems = n;
    free(items);
    if (nmarks) {
        it->line.marks = ARENA_ARRAY(&c->pass, vmark, nmarks);
        memcpy(it->line.marks, marks, sizeof *marks * (size_t)nmarks);
        it->line.nmarks = nmarks;
    }
    free(marks);
    fc->no_indent = 1;
}

/* ---------- headings and divisions ---------- */

/* A heading's lines, its block rounded to the grid, tagged sid. opener_title:
 * an opener's title, broken at sense boundaries and balanced (para_opts.balance). */
static void heading(composer *c, const char *stname, const doc_inline *title, const char *text, fo_sp x, fo_sp measure,
                    int sid, int opener_title)
{
    const layout_style *st = style(c, stname, "body");
    int first = c->nv;
    para_opts o = opts(c, st, measure);
    o.indent = 0;
    o.no_expansion = 1;
    o.sid = sid;
    o.balance = opener_title;
    if (title) set_inline(c, title, &o, x, -1, 1);
    else if (text) set_text(c, text, &o, x, -1, 1);
    /* round the heading's whole block to the grid: space before + lines + space after */
    fo_sp lines_h = 0;
    for (int i = first; i < c->nv; i++) lines_h += c->v[i].line.leading;
    fo_sp total = st->space_before + lines_h + st->space_after;
    fo_sp after = round_to_grid(c, total) - st->space_before - lines_h;
    if (st->space_before > 0) {
        /* insert the space before the lines */
        vitem sp;
        memset(&sp, 0, sizeof sp);
        sp.head_item = -1;
        sp.kind = V_SPACE;
        sp.height = st->space_before;
        sp.keep_with_next = 1; /* never a page break between a heading's anchor, its space and itself */
        sp.box = -1;
        sp.chapter = c->cur_chapter;
        sp.matter = c->cur_matter;
        VEC_GROW(c->v, c->nv, c->vcap);
        memmove(&c->v[first + 1], &c->v[first], sizeof *c->v * (size_t)(c->nv - first));
        c->v[first] = sp;
        c->nv++;
    }
    if (after > 0) {
        vitem *s = push(c, V_SPACE);
        s->height = after;
        s->keep_with_next = 1;
    }
}

const char *compose_div_id(composer *c, const doc_div *v)
{
    if (v->id) return v->id;
    if (v->kind == DIV_TOC) return "_contents";
    if (v->kind == DIV_LOT) return "_tables";
    if (v->kind == DIV_INDEX) return "_index";
    char buf[32];
    snprintf(buf, sizeof buf, "_div%p", (const void *)v);
    return arena_strdup(&c->pass, buf);
}

int compose_title_has_label(const char *label, const char *title)
{
    if (!label || !title || !*label) return 0;
    size_t ln = strlen(label), tn = strlen(title), i = 0, j = 0;
    while (i < ln && j < tn) {
        int a, b;
        uint32_t x = utf8_decode(label + i, ln - i, &a), y = utf8_decode(title + j, tn - j, &b);
        if (utf8_to_lower(x) != utf8_to_lower(y)) return 0;
        i += (size_t)a;
        j += (size_t)b;
    }
    if (i < ln) return 0;
    /* the label is a whole word of the title: "Apéndice:", not "Apéndices" */
    return j == tn || strchr(" .:,;-", title[j]) != NULL || (unsigned char)title[j] == 0xE2; /* – — */
}

void compose_add_ref(composer *c, const char *id, const char *label, const char *title, int outline)
{
    ref_entry r = {id, -1, 0, label, title, outline >= 0 ? outline + c->outline_base : -1};
    refs_add(&c->refs, &r);
}

static void new_chapter(composer *c, const char *running_title, int recto)
{
    chapter_info ci = {running_title, c->cur_matter};
    VEC_PUSH(c->chapters, c->nchapters, c->chapters_cap, ci);
    c->cur_chapter = c->nchapters - 1;
    vitem *pb = push(c, V_PAGEBREAK);
    pb->recto = recto;
}

void compose_open(composer *c, const char *running, const char *label, const doc_inline *title, const char *title_text,
                  const char *subtitle, const char *period, const char *id)
{
    const layout *lay = c->lay;
    new_chapter(c, running, lay->chapter_recto);
    int sink_at = c->nv;
    vitem *sink = push(c, V_SPACE);
    sink->height = lay->grid * 6; /* a sunk start: the opener's title a third down the page */
    sink->sink = 1;
    sink->opener = 1;
    anchor(c, id);
    /* tagged: the label and the title are one H1 ("Capítulo 1 La creación…"), period and subtitle a P */
    int h1 = compose_tag(c, PS_H1);
    if (label && !compose_title_has_label(label, title_text)) heading(c, "chapter-label", NULL, label, 0, c->measure, h1, 0);
    heading(c, "chapter-title", title, title_text, 0, c->measure, h1, 1);
    int sub = subtitle || period ? compose_tag(c, PS_P) : -1;
    if (subtitle) heading(c, "chapter-period", NULL, subtitle, 0, c->measure, sub, 0);
    if (period) heading(c, "chapter-period", NULL, period, 0, c->measure, sub, 0);
    space(c, lay->grid * 2, -1);
    c->v[c->nv - 1].keep_with_next = 1;
    c->opener_end = c->nv - 1;
    if (lay->opener_text > 0) {
        /* the text of every opener starts on the same grid line, whatever the
         * title's length: the title block stands on it, flush bottom (a page
         * opener's depth is the one thing a reader leafing through compares) */
        fo_sp block = 0;
        for (int i = sink_at + 1; i < c->nv; i++)
            block += vitem_height(&c->v[i]);
        fo_sp drop = lay->grid * lay->opener_text - block;
        c->v[sink_at].height = drop > 0 ? drop : 0;
    }
}

static void opener(composer *c, const doc_div *v, const char *id)
{
    compose_open(c, v->title_text, v->label, v->title, v->title_text, v->subtitle, v->period, id);
}

static void flow_div(composer *c, const doc_div *v);

static void flow_sections(composer *c, const doc_div *v)
{
    flow_ctx fc = {0, c->measure, -1, 0, 1, "body"};
    flow_blocks(c, v->blocks, &fc);
    for (const doc_div *s = v->children; s; s = s->next) flow_div(c, s);
}

void flow_chronology(composer *c, const doc_div *v);
void flow_toc(composer *c, const doc_div *v, int tables);
void flow_index(composer *c, const doc_div *v);
void flow_titlepage(composer *c, const doc_div *v);

static void flow_div(composer *c, const doc_div *v)
{
    const char *id = compose_div_id(c, v);
    /* tagged: every division a Sect (a part a Part), in manuscript order */
    int div = compose_tag_open(c, v->kind == DIV_PART ? PS_PART : v->kind == DIV_TITLEPAGE ? PS_DIV : PS_SECT);
    switch (v->kind) {
    case DIV_TITLEPAGE: flow_titlepage(c, v); break;
    case DIV_TOC:
        compose_add_ref(c, id, NULL, compose_words(c, v->lang)->word[LW_CONTENTS], 0);
        flow_toc(c, v, 0);
        break;
    case DIV_LOT:
        compose_add_ref(c, id, NULL, compose_words(c, v->lang)->word[LW_TABLES], 0);
        flow_toc(c, v, 1);
        break;
    case DIV_INDEX:
        compose_add_ref(c, id, NULL, compose_words(c, v->lang)->word[LW_INDEX], 0);
        flow_index(c, v);
        break;
    case DIV_PART:
        /* a part's page is an opener (no running head, the openers' drop);
         * its chapters nest under it in the bookmarks */
        compose_add_ref(c, id, v->label, v->title_text, 0);
        opener(c, v, id);
        c->outline_base = 1;
        for (const doc_div *ch = v->children; ch; ch = ch->next) flow_div(c, ch);
        c->outline_base = 0;
        break;
    case DIV_CHAPTER:
    case DIV_PREFACE:
    case DIV_BIBLIOGRAPHY: {
        /* a reference's label: "capítulo 2" for the body's chapters, else the division's own label */
        const char *label = v->label;
        if (v->kind == DIV_CHAPTER && v->matter == MATTER_BODY) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s %d", compose_words(c, v->lang)->word[LW_CHAPTER], ++c->nbody_chapters);
            label = arena_strdup(&c->pass, buf);
        }
        compose_add_ref(c, id, label, v->title_text, 0);
        opener(c, v, id);
        if (v->kind == DIV_BIBLIOGRAPHY) {
            for (const doc_entry *e = v->entries; e; e = e->next) {
                anchor(c, e->id);
                para_opts o = opts(c, style(c, "body", NULL), c->measure);
                o.indent = 0;
                o.sid = compose_tag(c, PS_BIBENTRY);
                set_inline(c, e->content, &o, 0, -1, 0);
            }
        } else flow_sections(c, v);
        if (v->sig_name) {
            const layout_style *st = style(c, "signature", "body");
            space(c, st->space_before, -1);
            para_opts o = opts(c, st, c->measure);
            o.indent = 0;
            o.sid = compose_tag(c, PS_P);
            doc_inline strong = {.kind = IN_STRONG, .children = v->sig_name};
            set_inline(c, &strong, &o, 0, -1, 0);
            if (v->sig_role) set_inline(c, v->sig_role, &o, 0, -1, 0);
            if (v->sig_org) set_inline(c, v->sig_org, &o, 0, -1, 0);
        }
        break;
    }
    case DIV_SECTION: {
        static const char *names[] = {"section", "subsection", "subsubsection"};
        int lvl = v->level - 2;
        if (lvl < 0) lvl = 0;
        if (lvl > 2) lvl = 2;
        compose_add_ref(c, id, NULL, v->title_text, v->level - 1);
        anchor(c, id);
        /* H2 for a chapter's sections, H3 and H4 below (the chapter's title is H1) */
        heading(c, names[lvl], v->title, v->title_text, 0, c->measure, compose_tag(c, lvl == 0 ? PS_H2 : lvl == 1 ? PS_H3 : PS_H4), 0);
        flow_sections(c, v);
        break;
    }
    case DIV_CHRONOLOGY:
        compose_add_ref(c, id, NULL, v->title_text, 0);
        opener(c, v, id);
        flow_chronology(c, v);
        break;
    }
    compose_tag_close(c, div);
}

void flow_book(composer *c)
{
    const doc_book *b = c->book;
    c->cur_matter = MATTER_FRONT;
    for (const doc_div *v = b->front; v; v = v->next) flow_div(c, v);
    c->cur_matter = MATTER_BODY;
    vitem *start = push(c, V_PAGEBREAK); /* arabic numbering starts on a new recto */
    start->recto = 1;
    start->opener = 2; /* marks the switch to arabic folios */
    for (const doc_div *v = b->body; v; v = v->next) flow_div(c, v);
    c->cur_matter = MATTER_BACK;
    for (const doc_div *v = b->back; v; v = v->next) flow_div(c, v);
}
