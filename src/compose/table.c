/* table.c - tables and the chronology as blocks of the vertical list.
 *
 * A table is a caption, a head, row groups and a source. Cells are set
 * ragged right by the same line breaker at the cell's width (hyphenated, no
 * expansion); "decimal" cells are aligned on the decimal comma. Rows bound
 * together by a rowspan form one unbreakable block, so a page may break
 * between any two such groups and never inside one; the head is repeated on
 * each page (the page builder copies the block marked repeat_head).
 *
 * Column widths (table_column_widths), after HTML's automatic table layout
 * (CSS 2.1 §17.5.2.2) and LaTeX's tabularx:
 *   - every column that is not absolute is measured: its minimum is its
 *     widest unbreakable piece (a word, a no-break group such as "30 %", a
 *     number), its natural width its widest cell set on one line (each
 *     paragraph or list item of a cell on one line), cell padding included;
 *     a decimal column needs at least its widest integer part plus its widest
 *     fraction, so aligned numbers never break; no column is narrower than
 *     12pt. A cell spanning columns widens the non-absolute columns it spans
 *     by what they lack, in proportion to their natural widths.
 *   - absolute columns (40mm) keep their width.
 *   - automatic columns (no width) are tabularx's l/c/r columns: they take
 *     their natural width when that fits; when it does not, each gets its
 *     minimum and the room left is shared in proportion to natural - minimum.
 *     Without star columns the table still spans the measure: slack is given
 *     to the automatic columns in proportion to their natural widths.
 *   - proportional columns (3*) are tabularx's X columns: they share what the
 *     others leave by their stars, but none below its minimum (a column whose
 *     share is too small gets its minimum and the others share the rest). The
 *     automatic columns give way (shrink towards their minimums) before a
 *     star column goes below its minimum.
 *   - the table spans the measure, unless all its columns are absolute. If
 *     absolute widths exceed the measure, that is an error; if the minimums
 *     of the other columns do not fit in what is left, they are narrowed in
 *     proportion to their minimums and a warning names the table (some lines
 *     will then overflow their cells). An absolute decimal column narrower
 *     than its widest number is warned about too.
 * FOLIO_DEBUG_TABLES=1 prints every column's minimum, natural and final width.
 *
 * The chronology is a timeline: each event is one block holding the year in
 * a bold column, a thin vertical rule and the event's text beside it, so an
 * entry never splits from its year. */
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "compose.h"

#define CELL_PAD_X FO_PT(3)
#define CELL_PAD_Y FO_PT(2.5)
#define MEASURE_SLACK FO_PT(0.25)

typedef struct cell_set {
    const doc_cell *cell;
    int row, col, colspan, rowspan;
    vline *lines;
    int nlines;
    fo_sp height;
} cell_set;

static vitem *push_block(composer *c, fo_sp x, fo_sp h, int box)
{
    vitem *it = compose_push(c, V_BLOCK);
    it->x = x;
    it->height = h;
    it->box = box;
    return it;
}

/* Collects pm_items for a block under construction. */
typedef struct ink {
    pm_item *items;
    int n, cap;
    vmark *marks;        /* the set lines' marks (note calls, index marks, links)… */
    fo_sp *mark_y;       /* …and the baseline each stands on, to slice tall rows */
    int nmarks, mcap, ycap;
} ink;

static void ink_line(ink *k, const vline *vl, fo_sp dx, fo_sp baseline)
{
    for (int m = 0; m < vl->nmarks; m++) {
        VEC_PUSH(k->marks, k->nmarks, k->mcap, vl->marks[m]);
        k->nmarks--;
        VEC_PUSH(k->mark_y, k->nmarks, k->ycap, baseline);
    }
    for (int i = 0; i < vl->nitems; i++) {
        VEC_GROW(k->items, k->n, k->cap);
        pm_item it = vl->items[i];
        it.x += pm_sp_of(dx);
        it.y += pm_sp_of(baseline);
        k->items[k->n++] = it;
    }
}

static void ink_rule(ink *k, fo_sp x, fo_sp y, fo_sp w, fo_sp h, fo_sp thick)
{
    VEC_GROW(k->items, k->n, k->cap);
    pm_item *it = &k->items[k->n++];
    memset(it, 0, sizeof *it);
    it->kind = PM_RULE;
    it->x = pm_sp_of(x);
    it->y = pm_sp_of(y);
    it->w = pm_sp_of(w);
    it->h = pm_sp_of(h);
    it->hscale = 1;
    it->size = pm_sp_of(thick);
}

/* The block takes the ink and the marks: a note called in a cell, an index
 * mark in a table or the chronology reach the block's page like a line's. */
static void finish_block(composer *c, vitem *it, ink *k)
{
    it->line.items = ARENA_ARRAY(&c->pass, pm_item, k->n ? k->n : 1);
    if (k->n) memcpy(it->line.items, k->items, sizeof *k->items * (size_t)k->n);
    it->line.nitems = k->n;
    if (k->nmarks) {
        it->line.marks = ARENA_ARRAY(&c->pass, vmark, k->nmarks);
        memcpy(it->line.marks, k->marks, sizeof *k->marks * (size_t)k->nmarks);
        it->line.nmarks = k->nmarks;
    }
    free(k->items);
    free(k->marks);
    free(k->mark_y);
    memset(k, 0, sizeof *k);
}

/* How a cell's text is set (flags): CELL_TABLE for a table's cells - figures
 * tabular and lining, a number kept with the word it qualifies ("56
 * barrios", "Zona 0") - as opposed to captions, sources and the chronology;
 * CELL_MEASURE when measuring a column (see measure_cell): never hyphenated
 * and no emergency breaks, so that the narrowest setting shows the widest
 * piece that has no break point. env is the composer's, or the quiet one
 * used to measure. */
enum { CELL_TABLE = 1, CELL_MEASURE = 2 };

/* A cell's paragraph options: ragged (left, right or centred), no indent,
 * no font expansion. */
static para_opts cell_opts(const layout_style *st, fo_sp width, doc_align align, int flags)
{
    para_opts o;
    memset(&o, 0, sizeof o);
    o.style = st;
    o.measure = width;
    o.indent = 0;
    o.hyphenate = flags & CELL_MEASURE ? 0 : -1;
    o.no_emergency = (flags & CELL_MEASURE) != 0;
    o.tabular_figures = o.keep_numbers = (flags & CELL_TABLE) != 0;
    o.no_expansion = 1;
    o.align = align == ALIGN_RIGHT ? ALIGN_RIGHT : align == ALIGN_CENTER ? ALIGN_CENTER : ALIGN_LEFT;
    return o;
}

/* tags: the composer when the cell's structure is to be made (tagged
 * PDF), NULL while measuring; sid the element its text belongs to. */
static void set_cell_text_env(const para_env *env, const doc_inline *content, const char *text,
                              const layout_style *st, fo_sp width, doc_align align, int flags, vline **lines,
                              int *n, int *cap, int sid)
{
    para_opts o = cell_opts(st, width, align, flags);
    o.sid = sid;
    if (content) para_set(env, content, &o, lines, n, cap);
    else para_set_text(env, text, &o, lines, n, cap);
}

static void set_cell_text(composer *c, const doc_inline *content, const char *text, const layout_style *st,
                          fo_sp width, doc_align align, int flags, vline **lines, int *n, int *cap, int sid)
{
    set_cell_text_env(&c->env, content, text, st, width, align, flags, lines, n, cap, sid);
}

static void set_cell_blocks_env(composer *c, const para_env *env, const doc_block *b, const layout_style *st,
                                fo_sp width, int flags, vline **lines, int *n, int *cap);

/* A list in a cell: each item's label hangs in an indent as wide as the
 * list's widest label and a space, its lines beside it (as in the text);
 * tagged (when c is given) L > LI > LBody, the label set with its item's text. */
static void set_cell_list(composer *c, const para_env *env, const doc_block *list, const layout_style *st, fo_sp width,
                          int flags, vline **lines, int *n, int *cap)
{
    char label[16];
    fo_sp indent = 0;
    int i = 0;
    for (const doc_block *it = list->children; it; it = it->next, i++) {
        compose_list_label(list, i, label, sizeof label);
        fo_sp w = para_text_width(env, st, label);
        if (w > indent) indent = w;
    }
    indent += st->size * 2 / 5;
    if (indent > width / 2) indent = width / 2;
    int l = c ? compose_tag_open(c, PS_L) : -1;
    i = 0;
    for (const doc_block *it = list->children; it; it = it->next, i++) {
        int li = c ? compose_tag_open(c, PS_LI) : -1;
        int body = c ? compose_tag_open(c, PS_LBODY) : -1;
        int first = *n;
        if (it->content) set_cell_text_env(env, it->content, NULL, st, width - indent, ALIGN_LEFT, flags, lines, n, cap, body);
        else set_cell_blocks_env(c, env, it->children, st, width - indent, flags, lines, n, cap);
        if (*n > first) {
            for (int q = first; q < *n; q++)
                for (int k = 0; k < (*lines)[q].nitems; k++) (*lines)[q].items[k].x += indent;
            compose_list_label(list, i, label, sizeof label);
            vline *lab = NULL;
            int ln = 0, lcap = 0;
            para_opts lo = cell_opts(st, indent, ALIGN_LEFT, flags);
            lo.hyphenate = 0;
            lo.sid = body;
            para_set_text(env, label, &lo, &lab, &ln, &lcap);
            if (ln > 0) {
                /* the label first on the line, as it is read */
                vline *vl = &(*lines)[first];
                pm_item *items = ARENA_ARRAY(env->mem, pm_item, vl->nitems + lab[0].nitems);
                memcpy(items, lab[0].items, sizeof *items * (size_t)lab[0].nitems);
                memcpy(items + lab[0].nitems, vl->items, sizeof *items * (size_t)vl->nitems);
                vl->items = items;
                vl->nitems += lab[0].nitems;
            }
            free(lab);
            for (int q = first; q < *n; q++) (*lines)[q].natural += indent;
        }
        if (c) {
            compose_tag_close(c, body);
            compose_tag_close(c, li);
        }
    }
    if (c) compose_tag_close(c, l);
}

/* A cell's blocks: paragraphs (P) and lists under the cell's element, when c is given. */
static void set_cell_blocks_env(composer *c, const para_env *env, const doc_block *b, const layout_style *st,
                                fo_sp width, int flags, vline **lines, int *n, int *cap)
{
    for (; b; b = b->next) {
        if (b->kind == BL_P)
            set_cell_text_env(env, b->content, NULL, st, width, ALIGN_LEFT, flags, lines, n, cap,
                              c ? compose_tag(c, PS_P) : -1);
        else if (b->kind == BL_LIST) set_cell_list(c, env, b, st, width, flags, lines, n, cap);
    }
}

static void set_cell_blocks(composer *c, const doc_block *b, const layout_style *st, fo_sp width, int flags,
                            vline **lines, int *n, int *cap)
{
    set_cell_blocks_env(c, &c->env, b, st, width, flags, lines, n, cap);
}

/* ---------- column widths ---------- */

/* What a column's content asks for, padding included: the narrowest it can
 * be without breaking a word (min) and the width that sets every cell on one
 * line (nat). */
typedef struct col_need {
    fo_sp min, nat;
} col_need;

typedef struct span_need {
    int col, span;
    fo_sp min, nat;
} span_need;

/* Measuring sets cells that are set again for real: it must not number notes,
 * collect index marks or report overfull lines. */
static int quiet_note_call(void *user, const doc_inline *note)
{
    (void)user;
    (void)note;
    return -1;
}

static int quiet_note_number(void *user, int idx)
{
    (void)idx;
    const composer *c = user;
    return c->note_counter + 1; /* about as many digits as the real call will print */
}

/* The widest of lines' natural widths. */
static fo_sp widest_line(const vline *lines, int n)
{
    fo_sp w = 0;
    for (int i = 0; i < n; i++)
        if (lines[i].natural > w) w = lines[i].natural;
    return w;
}

/* A cell's content widths (no padding): min at a tiny measure without
 * hyphenation (one unbreakable word or no-break group a line), nat at a
 * measure no cell reaches (each paragraph or list item on one line). */
static void measure_cell(const para_env *me, const doc_cell *ce, const layout_style *st, fo_sp *min, fo_sp *nat,
                         int *one_line)
{
    vline *lines = NULL;
    int n = 0, cap = 0;
    *min = *nat = 0;
    *one_line = 0;
    if (!ce->blocks && !ce->content) return;
    const fo_sp tiny = 1, wide = FO_MM(10000);
    const int flags = CELL_TABLE | CELL_MEASURE;
    if (ce->blocks) set_cell_blocks_env(NULL, me, ce->blocks, st, tiny, flags, &lines, &n, &cap);
    else set_cell_text_env(me, ce->content, NULL, st, tiny, ALIGN_LEFT, flags, &lines, &n, &cap, -1);
    *min = widest_line(lines, n);
    n = 0;
    if (ce->blocks) set_cell_blocks_env(NULL, me, ce->blocks, st, wide, flags, &lines, &n, &cap);
    else set_cell_text_env(me, ce->content, NULL, st, wide, ALIGN_LEFT, flags, &lines, &n, &cap, -1);
    *nat = widest_line(lines, n);
    *one_line = n == 1;
    if (*nat < *min) *nat = *min;
    /* a word set whole and the same word in syllables (as the cell is set,
     * hyphenation allowed) may differ by a rounding: a little slack keeps a
     * word measured to fit from being hyphenated after all */
    *min += MEASURE_SLACK;
    *nat += MEASURE_SLACK;
    free(lines);
}

/* Share total among n slots in proportion to weight[] (all 0: equally); the
 * shares are whole sp and add up to total exactly. */
static void share(fo_sp total, const double *weight, int n, fo_sp *out)
{
    double sum = 0;
    for (int i = 0; i < n; i++) sum += weight[i];
    double cum = 0;
    fo_sp given = 0;
    for (int i = 0; i < n; i++) {
        cum += sum > 0 ? weight[i] : 1.0;
        fo_sp upto = (fo_sp)((double)total * cum / (sum > 0 ? sum : (double)n) + 0.5);
        if (i == n - 1) upto = total;
        out[i] = upto - given;
        given = upto;
    }
}

static double to_mm(fo_sp s) { return FO_TO_PT(s) * 25.4 / 72; }

void table_column_widths(composer *c, const doc_table *t, diag_loc loc, fo_sp measure, fo_sp *cw)
{
    int ncols = t->ncols;
    if (ncols <= 0) return;
    const layout_style *st = layout_style_or(c->lay, "table", "body");
    const layout_style *hst = layout_style_or(c->lay, "table-head", "table");
    const layout_style *gst = layout_style_or(c->lay, "table-group", "table-head");
    const fo_sp floor_w = FO_PT(12); /* no column narrower, whatever its content */

    col_need *need = xcalloc((size_t)ncols, sizeof *need);
    fo_sp *dec_int = xcalloc((size_t)ncols, sizeof *dec_int);  /* decimal columns: widest part before the comma */
    fo_sp *dec_frac = xcalloc((size_t)ncols, sizeof *dec_frac); /* and from the comma on */
    col_need *head = xcalloc((size_t)ncols, sizeof *head);      /* decimal columns: their head cells */
    span_need *spans = NULL;
    int nspans = 0, spans_cap = 0;
    double *wt = xcalloc((size_t)ncols, sizeof *wt); /* scratch for share() */
    fo_sp *part = xcalloc((size_t)ncols, sizeof *part);
    int *idx = xcalloc((size_t)ncols, sizeof *idx);

    /* measure every cell, placed on the grid as flow_table_block places it */
    arena tmp;
    arena_init(&tmp, 64 * 1024);
    diag_sink quiet;
    diag_init(&quiet);
    para_env me = c->env;
    me.mem = &tmp;
    me.d = &quiet;
    me.note_call = quiet_note_call;
    me.note_number = quiet_note_number;
    me.index_term = NULL;
    me.tags = NULL; /* measuring creates no structure */
    me.note_tagged = NULL;
    me.user = c;
    int *busy = xcalloc((size_t)ncols, sizeof *busy);
    int r = 0;
    for (const doc_row *row = t->rows; row; row = row->next, r++) {
        int col = 0;
        const layout_style *cst = row->kind == ROW_BODY ? st : row->kind == ROW_GROUP ? gst : hst;
        for (const doc_cell *ce = row->cells; ce; ce = ce->next) {
            while (col < ncols && busy[col] > 0) col++;
            if (col >= ncols) break;
            int span = ce->colspan < 1 ? 1 : ce->colspan;
            if (col + span > ncols) span = ncols - col;
            int rspan = ce->rowspan < 1 ? 1 : ce->rowspan;
            fo_sp mn, nt;
            int one;
            measure_cell(&me, ce, cst, &mn, &nt, &one);
            mn += 2 * CELL_PAD_X;
            nt += 2 * CELL_PAD_X;
            if (span == 1) {
                if (mn > need[col].min) need[col].min = mn;
                if (nt > need[col].nat) need[col].nat = nt;
                if (t->cols[col].align == ALIGN_DECIMAL && row->kind == ROW_HEAD) {
                    if (mn > head[col].min) head[col].min = mn;
                    if (nt > head[col].nat) head[col].nat = nt;
                }
                /* numbers aligned on the comma: the widest integer part plus the widest fraction */
                if (t->cols[col].align == ALIGN_DECIMAL && row->kind != ROW_HEAD && one && ce->content) {
                    const char *txt = doc_inline_text(&tmp, ce->content);
                    const char *comma = strrchr(txt, ',');
                    fo_sp frac = comma ? para_text_width(&me, st, comma) : 0;
                    fo_sp whole = nt - 2 * CELL_PAD_X;
                    if (whole - frac > dec_int[col]) dec_int[col] = whole - frac;
                    if (frac > dec_frac[col]) dec_frac[col] = frac;
                }
            } else {
                span_need sn = {col, span, mn, nt};
                VEC_PUSH(spans, nspans, spans_cap, sn);
            }
            for (int k = 0; k < span; k++) busy[col + k] = rspan;
            col += span;
        }
        for (int k = 0; k < ncols; k++)
            if (busy[k] > 0) busy[k]--;
    }
    free(busy);
    diag_free(&quiet);
    arena_free(&tmp);

    for (int i = 0; i < ncols; i++) {
        if (t->cols[i].align == ALIGN_DECIMAL) {
            fo_sp w = dec_int[i] + dec_frac[i] + 2 * CELL_PAD_X;
            if (w > need[i].min) need[i].min = w; /* a number never breaks */
            if (w > need[i].nat) need[i].nat = w;
            /* the head stands on the decimal axis: it needs the widest fraction beside it */
            if (head[i].min + dec_frac[i] > need[i].min) need[i].min = head[i].min + dec_frac[i];
            if (head[i].nat + dec_frac[i] > need[i].nat) need[i].nat = head[i].nat + dec_frac[i];
            if (t->cols[i].abs_sp > 0 && t->cols[i].abs_sp < w)
                diag_warning(c->d, t->cols[i].loc,
                             "the decimal column %d (%.1fmm) is narrower than its widest number (%.1fmm)", i + 1,
                             to_mm(t->cols[i].abs_sp), to_mm(w));
        }
        if (t->cols[i].abs_sp <= 0 && need[i].min < floor_w) need[i].min = floor_w;
        if (need[i].nat < need[i].min) need[i].nat = need[i].min;
    }

    /* a cell spanning columns: what its columns lack is shared among the
     * spanned columns that are not absolute, in proportion to their natural
     * widths; narrower spans first, so wider ones see their effect */
    for (int s = 2; s <= ncols; s++) {
        for (int q = 0; q < nspans; q++) {
            const span_need *sn = &spans[q];
            if (sn->span != s) continue;
            fo_sp have_min = 0, have_nat = 0;
            int nfree = 0;
            for (int k = sn->col; k < sn->col + s; k++) {
                if (t->cols[k].abs_sp > 0) {
                    have_min += t->cols[k].abs_sp;
                    have_nat += t->cols[k].abs_sp;
                } else {
                    have_min += need[k].min;
                    have_nat += need[k].nat;
                    idx[nfree] = k;
                    wt[nfree++] = (double)need[k].nat;
                }
            }
            if (nfree == 0) continue;
            if (sn->min > have_min) {
                share(sn->min - have_min, wt, nfree, part);
                for (int j = 0; j < nfree; j++) need[idx[j]].min += part[j];
            }
            if (sn->nat > have_nat) {
                share(sn->nat - have_nat, wt, nfree, part);
                for (int j = 0; j < nfree; j++) need[idx[j]].nat += part[j];
            }
            for (int j = 0; j < nfree; j++)
                if (need[idx[j]].nat < need[idx[j]].min) need[idx[j]].nat = need[idx[j]].min;
        }
    }

    /* the widths */
    fo_sp fixed = 0, min_auto = 0, nat_auto = 0, min_star = 0;
    int nauto = 0, nstar = 0;
    for (int i = 0; i < ncols; i++) {
        if (t->cols[i].abs_sp > 0) fixed += t->cols[i].abs_sp;
        else if (t->cols[i].star > 0) {
            nstar++;
            min_star += need[i].min;
        } else {
            nauto++;
            min_auto += need[i].min;
            nat_auto += need[i].nat;
        }
    }
    if (fixed > measure)
        diag_error(c->d, loc, "the table's absolute column widths (%.1fmm) are wider than the measure (%.1fmm)",
                   to_mm(fixed), to_mm(measure));
    fo_sp avail = measure - fixed; /* for the columns that are not absolute */
    for (int i = 0; i < ncols; i++) cw[i] = t->cols[i].abs_sp > 0 ? t->cols[i].abs_sp : 0;
    if (nauto + nstar == 0) {
        /* all absolute: the table is as wide as its columns */
    } else if (min_auto + min_star > avail) {
        /* not even the longest words fit: narrow every column in proportion */
        if (fixed <= measure)
            diag_warning(c->d, loc,
                         "the table's columns need at least %.1fmm for their longest words and numbers, but the "
                         "measure leaves %.1fmm: they are narrowed and some lines will overflow",
                         to_mm(min_auto + min_star), to_mm(avail > 0 ? avail : 0));
        int n = 0;
        for (int i = 0; i < ncols; i++)
            if (t->cols[i].abs_sp <= 0) {
                idx[n] = i;
                wt[n++] = (double)need[i].min;
            }
        share(avail > 0 ? avail : 0, wt, n, part);
        for (int j = 0; j < n; j++) cw[idx[j]] = part[j] > floor_w ? part[j] : floor_w;
    } else {
        /* automatic columns: their natural widths if they fit in what the star
         * columns' minimums leave; else each its minimum and the rest in
         * proportion to natural - minimum (CSS 2.1 auto layout) */
        fo_sp room = avail - min_star;
        int n = 0;
        for (int i = 0; i < ncols; i++)
            if (t->cols[i].abs_sp <= 0 && t->cols[i].star <= 0) idx[n++] = i;
        if (nauto > 0) {
            if (nat_auto <= room && nstar == 0) {
                /* the table still spans the measure: the slack goes in proportion to natural widths */
                for (int j = 0; j < n; j++) wt[j] = (double)need[idx[j]].nat;
                share(room, wt, n, part);
                for (int j = 0; j < n; j++) cw[idx[j]] = part[j];
            } else if (nat_auto <= room) {
                for (int j = 0; j < n; j++) cw[idx[j]] = need[idx[j]].nat;
            } else {
                for (int j = 0; j < n; j++) wt[j] = (double)(need[idx[j]].nat - need[idx[j]].min);
                share(room - min_auto, wt, n, part);
                for (int j = 0; j < n; j++) cw[idx[j]] = need[idx[j]].min + part[j];
            }
        }
        if (nstar > 0) {
            /* star columns share the rest by their stars, none below its minimum:
             * a column whose share is too small gets its minimum and the others
             * share again what is left */
            fo_sp left = avail;
            for (int j = 0; j < n; j++) left -= cw[idx[j]];
            int ns = 0;
            int *pinned = xcalloc((size_t)ncols, sizeof *pinned);
            for (int changed = 1; changed;) {
                changed = 0;
                double stars = 0;
                for (int i = 0; i < ncols; i++)
                    if (t->cols[i].abs_sp <= 0 && t->cols[i].star > 0 && !pinned[i]) stars += t->cols[i].star;
                for (int i = 0; i < ncols && stars > 0; i++) {
                    if (t->cols[i].abs_sp > 0 || t->cols[i].star <= 0 || pinned[i]) continue;
                    if ((double)left * t->cols[i].star / stars < (double)need[i].min) {
                        pinned[i] = 1;
                        cw[i] = need[i].min;
                        left -= need[i].min;
                        changed = 1;
                        break;
                    }
                }
            }
            for (int i = 0; i < ncols; i++)
                if (t->cols[i].abs_sp <= 0 && t->cols[i].star > 0 && !pinned[i]) {
                    idx[ns] = i;
                    wt[ns++] = t->cols[i].star;
                }
            if (ns > 0) {
                share(left, wt, ns, part);
                for (int j = 0; j < ns; j++) cw[idx[j]] = part[j];
            }
            free(pinned);
        }
    }
    if (getenv("FOLIO_DEBUG_TABLES"))
        for (int i = 0; i < ncols; i++)
            fprintf(stderr, "col %d: min %.2fpt nat %.2fpt -> %.2fpt\n", i + 1, FO_TO_PT(need[i].min),
                    FO_TO_PT(need[i].nat), FO_TO_PT(cw[i]));
    free(need);
    free(dec_int);
    free(dec_frac);
    free(head);
    free(spans);
    free(wt);
    free(part);
    free(idx);
}

/* Where a table may break between its body's blocks (rows joined by
 * rowspans; group rows are blocks of their own): with at least two body
 * rows before the break and two after it (the whole table together when it
 * has fewer than four), never right after a group row, and with two body
 * rows under the group row the break follows. Elsewhere a block keeps with
 * the next. (The head keeps with the first block already, the source with
 * the last.) */
static void keep_rows(composer *c, const int *item, const int *body, const char *group, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += body[i];
    int before = 0, since_group = -1; /* -1: no group row yet */
    for (int i = 0; i + 1 < n; i++) {
        before += body[i];
        if (group[i]) since_group = 0;
        else if (since_group >= 0) since_group += body[i];
        int ok = before >= 2 && total - before >= 2 && !group[i] && (since_group < 0 || since_group >= 2);
        if (!ok) c->v[item[i]].keep_with_next = 1;
    }
}

void flow_table_block(composer *c, const doc_block *b, fo_sp x, fo_sp measure, int box)
{
    const doc_table *t = b->table;
    const layout *lay = c->lay;
    const layout_style *st = layout_style_or(lay, "table", "body");
    const layout_style *hst = layout_style_or(lay, "table-head", "table");
    const layout_style *gst = layout_style_or(lay, "table-group", "table-head"); /* group rows: a heading */
    const layout_style *cap_st = layout_style_or(lay, "caption", "body");
    const layout_style *src_st = layout_style_or(lay, "table-source", "table");
    const int t_first = c->nv;
    int ncols = t->ncols;
    if (ncols == 0) return;
    fo_sp g = lay->grid;

    /* column widths */
    fo_sp *cw = xcalloc((size_t)ncols, sizeof *cw);
    table_column_widths(c, t, b->loc, measure, cw);
    fo_sp *cx = xcalloc((size_t)ncols + 1, sizeof *cx);
    for (int i = 0; i < ncols; i++) cx[i + 1] = cx[i] + cw[i];

    /* tagged: Table > Caption, THead/TBody/TFoot > TR > TH/TD (PDF 1.7,
     * 14.8.4.3.4); the head repeated on later pages is an artifact there
     * (pagebuild.c); the source follows the table as a paragraph */
    int table_sid = compose_tag_open(c, PS_TABLE);
    /* caption */
    {
        char label[64];
        snprintf(label, sizeof label, "%s %d", compose_words(c, b->lang)->word[LW_TABLE], b->number);
        if (b->id) compose_add_ref(c, b->id, arena_strdup(&c->pass, label), b->title, -1);
        vitem *sp = compose_push(c, V_SPACE);
        sp->height = g;
        sp->box = box;
        vitem *an = push_block(c, x, 0, box);
        an->keep_with_next = 1;
        if (b->id) {
            an->line.marks = ARENA_NEW(&c->pass, vmark);
            an->line.marks[0] = (vmark){MARK_ANCHOR, 0, b->id, -1};
            an->line.nmarks = 1;
        }
        /* "Tabla 3." in bold, the title in the caption's own weight */
        char lab[80];
        snprintf(lab, sizeof lab, "%s %d. ", compose_words(c, b->lang)->word[LW_TABLE], b->number);
        doc_inline *title = ARENA_NEW(&c->pass, doc_inline);
        title->kind = IN_TEXT;
        title->lang = b->lang;
        title->text = b->title ? b->title : "";
        doc_inline *labtext = ARENA_NEW(&c->pass, doc_inline);
        labtext->kind = IN_TEXT;
        labtext->lang = b->lang;
        labtext->text = arena_strdup(&c->pass, lab);
        doc_inline *strong = ARENA_NEW(&c->pass, doc_inline);
        strong->kind = IN_STRONG;
        strong->lang = b->lang;
        strong->children = labtext;
        strong->next = title;
        vline *lines = NULL;
        int n = 0, lcap = 0;
        set_cell_text(c, strong, NULL, cap_st, measure, ALIGN_LEFT, 0, &lines, &n, &lcap, compose_tag(c, PS_CAPTION));
        for (int i = 0; i < n; i++) {
            vitem *it = push_block(c, x, 0, box);
            it->kind = V_LINE;
            it->line = lines[i];
            it->keep_with_next = 1;
        }
        free(lines);
    }

    /* set every cell */
    cell_set *cells = NULL;
    int ncells = 0, cells_cap = 0;
    int *busy = xcalloc((size_t)ncols, sizeof *busy);
    int nrows = t->nrows;
    doc_row **rows = xcalloc((size_t)nrows + 1, sizeof *rows);
    {
        int r = 0;
        for (doc_row *row = t->rows; row; row = row->next) rows[r++] = row;
    }
    int section = -1, section_kind = -1;
    for (int r = 0; r < nrows; r++) {
        const doc_row *row = rows[r];
        int kind = row->kind == ROW_HEAD ? 0 : row->kind == ROW_FOOT ? 2 : 1;
        if (kind != section_kind) {
            compose_tag_close(c, section);
            section = compose_tag_open(c, kind == 0 ? PS_THEAD : kind == 2 ? PS_TFOOT : PS_TBODY);
            section_kind = kind;
        }
        int tr = compose_tag_open(c, PS_TR);
        int col = 0;
        for (const doc_cell *ce = row->cells; ce; ce = ce->next) {
            while (col < ncols && busy[col] > 0) col++;
            if (col >= ncols) break;
            int span = ce->colspan < 1 ? 1 : ce->colspan;
            if (col + span > ncols) span = ncols - col;
            int rspan = ce->rowspan < 1 ? 1 : ce->rowspan;
            if (r + rspan > nrows) rspan = nrows - r;
            cell_set cs = {ce, r, col, span, rspan, NULL, 0, 0};
            fo_sp w = cx[col + span] - cx[col] - 2 * CELL_PAD_X;
            doc_align al = ce->align != ALIGN_DEFAULT ? ce->align : t->cols[col].align;
            const layout_style *cst = row->kind == ROW_GROUP ? gst : row->kind == ROW_HEAD || row->kind == ROW_FOOT ? hst : st;
            int cap2 = 0;
            /* head cells head their column; a group row's cell the rows below it */
            int th = row->kind == ROW_HEAD || row->kind == ROW_GROUP;
            int cell = compose_tag_open(c, th ? PS_TH : PS_TD);
            if (cell >= 0) {
                pm_struct *ps = &c->out->structs[cell];
                ps->scope = row->kind == ROW_HEAD ? 1 : row->kind == ROW_GROUP ? 2 : 0;
                ps->colspan = (uint16_t)span;
                ps->rowspan = (uint16_t)rspan;
            }
            if (ce->blocks) set_cell_blocks(c, ce->blocks, cst, w, CELL_TABLE, &cs.lines, &cs.nlines, &cap2);
            else if (ce->content)
                set_cell_text(c, ce->content, NULL, cst, w, al == ALIGN_DECIMAL ? ALIGN_RIGHT : al, CELL_TABLE, &cs.lines, &cs.nlines,
                              &cap2, cell);
            compose_tag_close(c, cell);
            fo_sp h = 0;
            for (int i = 0; i < cs.nlines; i++) h += cs.lines[i].leading;
            cs.height = h + 2 * CELL_PAD_Y;
            VEC_PUSH(cells, ncells, cells_cap, cs);
            for (int k = 0; k < span; k++) busy[col + k] = rspan;
            col += span;
        }
        for (int k = 0; k < ncols; k++)
            if (busy[k] > 0) busy[k]--;
        compose_tag_close(c, tr);
    }
    compose_tag_close(c, section);
    compose_tag_close(c, table_sid);
    /* decimal alignment: in each decimal column, pad one-line cells so their
     * commas line up; the head's lines stand on the same axis (right-aligned
     * where a whole number ends), so that "1990" ends where 179 and 7,3's
     * comma do */
    for (int col = 0; col < ncols; col++) {
        if (t->cols[col].align != ALIGN_DECIMAL) continue;
        fo_sp max_frac = 0;
        fo_sp *frac = xcalloc((size_t)ncells + 1, sizeof *frac);
        for (int i = 0; i < ncells; i++) {
            cell_set *cs = &cells[i];
            if (cs->col != col || cs->colspan != 1 || cs->nlines != 1 || !cs->cell->content || rows[cs->row]->kind == ROW_HEAD) continue;
            const char *txt = doc_inline_text(&c->pass, cs->cell->content);
            const char *comma = strrchr(txt, ',');
            frac[i] = comma ? para_text_width(&c->env, st, comma) : 0;
            if (frac[i] > max_frac) max_frac = frac[i];
        }
        for (int i = 0; i < ncells; i++) {
            cell_set *cs = &cells[i];
            if (cs->col != col || cs->colspan != 1) continue;
            if (rows[cs->row]->kind == ROW_HEAD) {
                if (cs->cell->align != ALIGN_DEFAULT && cs->cell->align != ALIGN_DECIMAL) continue;
                for (int l = 0; l < cs->nlines; l++)
                    for (int k = 0; k < cs->lines[l].nitems; k++) cs->lines[l].items[k].x -= max_frac;
                continue;
            }
            if (cs->nlines != 1 || !cs->cell->content) continue;
            fo_sp shift = max_frac - frac[i];
            for (int k = 0; k < cs->lines[0].nitems; k++) cs->lines[0].items[k].x -= shift;
        }
        free(frac);
    }

    /* row heights: every row as tall as its tallest one-row cell; a rowspan cell
     * taller than its rows stretches the last of them */
    fo_sp *rh = xcalloc((size_t)nrows + 1, sizeof *rh);
    for (int i = 0; i < ncells; i++)
        if (cells[i].rowspan == 1 && cells[i].height > rh[cells[i].row]) rh[cells[i].row] = cells[i].height;
    for (int r = 0; r < nrows; r++)
        if (rh[r] == 0) rh[r] = st->leading + 2 * CELL_PAD_Y;
    for (int i = 0; i < ncells; i++) {
        if (cells[i].rowspan <= 1) continue;
        fo_sp h = 0;
        for (int r = cells[i].row; r < cells[i].row + cells[i].rowspan; r++) h += rh[r];
        if (cells[i].height > h) rh[cells[i].row + cells[i].rowspan - 1] += cells[i].height - h;
    }

    /* blocks: groups of rows joined by rowspans */
    fo_sp table_h = 0;
    int head_index = -1; /* the head block, repeated atop every page the table runs onto */
    fo_sp head_h = 0;
    /* the body's blocks, for the keeps: item (its last slice), body rows, whether a group row */
    int *blk_item = xcalloc((size_t)nrows + 1, sizeof *blk_item), *blk_body = xcalloc((size_t)nrows + 1, sizeof *blk_body);
    char *blk_group = xcalloc((size_t)nrows + 1, 1);
    int nblk = 0;
    int r = 0;
    while (r < nrows) {
        int end = r + 1;
        for (int i = 0; i < ncells; i++)
            if (cells[i].row >= r && cells[i].row < end && cells[i].row + cells[i].rowspan > end) end = cells[i].row + cells[i].rowspan;
        /* extend while new spans reach further */
        for (int changed = 1; changed;) {
            changed = 0;
            for (int i = 0; i < ncells; i++)
                if (cells[i].row >= r && cells[i].row < end && cells[i].row + cells[i].rowspan > end) {
                    end = cells[i].row + cells[i].rowspan;
                    changed = 1;
                }
        }
        fo_sp h = 0;
        for (int k = r; k < end; k++) h += rh[k];
        ink k = {0};
        fo_sp y = 0;
        for (int row = r; row < end; row++) {
            const doc_row *dr = rows[row];
            if (dr->kind == ROW_FOOT && (row == 0 || rows[row - 1]->kind != ROW_FOOT))
                ink_rule(&k, 0, y, cx[ncols], 0, FO_PT(0.4));
            for (int i = 0; i < ncells; i++) {
                if (cells[i].row != row) continue;
                fo_sp by = y + CELL_PAD_Y;
                for (int l = 0; l < cells[i].nlines; l++) {
                    fo_sp asc = cells[i].lines[l].leading * 3 / 4;
                    ink_line(&k, &cells[i].lines[l], cx[cells[i].col] + CELL_PAD_X, by + asc);
                    by += cells[i].lines[l].leading;
                }
            }
            y += rh[row];
            if (dr->kind == ROW_HEAD && (row + 1 >= nrows || rows[row + 1]->kind != ROW_HEAD))
                ink_rule(&k, 0, y, cx[ncols], 0, FO_PT(0.6));
            else if (dr->kind == ROW_GROUP) ink_rule(&k, 0, y, cx[ncols], 0, FO_PT(0.25));
        }
        if (r == 0) ink_rule(&k, 0, 0, cx[ncols], 0, FO_PT(0.8));
        if (end == nrows) ink_rule(&k, 0, h, cx[ncols], 0, FO_PT(0.8));
        int is_head = rows[r]->kind == ROW_HEAD;
        if (!is_head) {
            for (int row = r; row < end; row++) blk_body[nblk] += rows[row]->kind == ROW_BODY;
            blk_group[nblk] = rows[r]->kind == ROW_GROUP;
        }
        fo_sp max_h = c->block_h - head_h - FO_PT(14);
        if (!is_head && h > max_h && max_h > FO_PT(30)) {
            /* a row group taller than a page breaks inside its cells: cut the ink
             * into slices; a line goes with the slice its baseline falls in, so
             * nothing is clipped or overprinted, and a spanned cell continues */
            fo_sp start = 0;
            while (start < h) {
                fo_sp cut = start + max_h < h ? start + max_h : h;
                ink part = {0};
                for (int q = 0; q < k.n; q++) {
                    pm_item item = k.items[q];
                    fo_sp yy = item.y;
                    int last = cut == h;
                    if (yy > start && (yy <= cut || last)) {
                        item.y -= pm_sp_of(start);
                        VEC_GROW(part.items, part.n, part.cap);
                        part.items[part.n++] = item;
                    } else if (yy == 0 && start == 0) {
                        VEC_GROW(part.items, part.n, part.cap);
                        part.items[part.n++] = item;
                    }
                }
                for (int q = 0; q < k.nmarks; q++) {
                    fo_sp yy = k.mark_y[q];
                    if ((yy > start && (yy <= cut || cut == h)) || (yy <= 0 && start == 0)) {
                        VEC_PUSH(part.marks, part.nmarks, part.mcap, k.marks[q]);
                        part.nmarks--;
                        VEC_PUSH(part.mark_y, part.nmarks, part.ycap, yy - start);
                    }
                }
                vitem *pi = push_block(c, x, cut - start, box);
                finish_block(c, pi, &part);
                pi->head_item = head_index;
                start = cut;
            }
            blk_item[nblk++] = c->nv - 1;
            free(k.items);
            free(k.marks);
            free(k.mark_y);
            table_h += h;
            r = end;
            continue;
        }
        vitem *it = push_block(c, x, h, box);
        finish_block(c, it, &k);
        if (is_head) {
            it->keep_with_next = 1;
            it->table_head = 1;
            head_index = c->nv - 1;
            head_h = h;
        } else {
            it->head_item = head_index;
            blk_item[nblk++] = c->nv - 1;
        }
        table_h += h;
        r = end;
    }
    keep_rows(c, blk_item, blk_body, blk_group, nblk);
    free(blk_item);
    free(blk_body);
    free(blk_group);
    /* the first body block keeps with the head; the source keeps with the last row */
    if (t->source) {
        vline *lines = NULL;
        int n = 0, lcap = 0;
        char src[1024];
        /* "Fuente: …", "Source: …": the word of the table's language */
        snprintf(src, sizeof src, "%s %s", compose_words(c, b->lang)->word[LW_SOURCE], t->source);
        set_cell_text(c, NULL, src, src_st, measure, ALIGN_LEFT, 0, &lines, &n, &lcap, compose_tag(c, PS_P));
        c->v[c->nv - 1].keep_with_next = 1;
        fo_sp sh = FO_PT(4);
        vitem *gap = push_block(c, x, sh, box);
        gap->keep_with_next = 1;
        for (int i = 0; i < n; i++) {
            vitem *it = push_block(c, x, 0, box);
            it->kind = V_LINE;
            it->line = lines[i];
            /* back on the baseline grid: the source's lines snap to it and step
             * by it, so the text after the table (or the page's foot) lines up */
            it->snap = 1;
            it->line.leading = g;
            table_h += g;
        }
        table_h += sh;
        free(lines);
    }
    /* the table's items, caption to source, bear its number (pagebuild.c may
     * move a table that ends a page to the page's foot) */
    int seq = ++c->ntables_laid;
    for (int k = t_first; k < c->nv; k++)
        if (c->v[k].kind != V_SPACE) c->v[k].table = seq;
    /* back on the grid (a table without a source snaps here) */
    fo_sp rem = t->source ? 0 : table_h % g;
    fo_sp after = g + (rem ? g - rem : 0);
    vitem *sp = compose_push(c, V_SPACE);
    sp->height = after;
    sp->box = box;

    for (int i = 0; i < ncells; i++) free(cells[i].lines);
    free(cells);
    free(busy);
    free(rows);
    free(rh);
    free(cw);
    free(cx);
}

/* ---------- the chronology ---------- */

void flow_chronology(composer *c, const doc_div *v)
{
    const layout *lay = c->lay;
    const layout_style *yst = layout_style_or(lay, "chrono-year", "body");
    const layout_style *est = layout_style_or(lay, "chrono-event", "body");
    fo_sp year_w = FO_MM(22), gap = FO_MM(4);
    fo_sp text_x = year_w + 2 * gap;
    fo_sp text_w = c->measure - text_x;
    fo_sp g = lay->grid;
    /* tagged: L > LI > Lbl (the year), LBody (the event, its "→ p. 17" a Link) */
    int list = compose_tag_open(c, PS_L);
    for (const doc_event *e = v->events; e; e = e->next) {
        vline *yl = NULL, *tl = NULL;
        int yn = 0, ycap = 0, tn = 0, tcap = 0;
        int li = compose_tag_open(c, PS_LI);
        set_cell_text(c, NULL, e->year ? e->year : "", yst, year_w, ALIGN_RIGHT, 0, &yl, &yn, &ycap, compose_tag(c, PS_LBL));
        int body = compose_tag_open(c, PS_LBODY);
        if (e->content) set_cell_text(c, e->content, NULL, est, text_w, ALIGN_LEFT, 0, &tl, &tn, &tcap, body);
        else {
            set_cell_blocks(c, e->blocks, est, text_w, 0, &tl, &tn, &tcap);
        }
        if (e->ref) {
            /* "→ p. 17": the page that tells the story */
            const char *pt = c->env.ref_text(c->env.user, e->ref, "page", v->lang, e->loc);
            char buf[64];
            /* → when some font of the layout has it (print.xml's fallback family
             * does), else ›, else the page number alone */
            const char *arrow = "";
            for (int f = 0; f < c->fs->nfonts && !*arrow; f++)
                if (font_glyph(c->fs, f, 0x2192)) arrow = "\xE2\x86\x92 ";
            for (int f = 0; f < c->fs->nfonts && !*arrow; f++)
                if (font_glyph(c->fs, f, 0x203A)) arrow = "\xE2\x80\xBA ";
            snprintf(buf, sizeof buf, "%s%s", arrow, pt);
            int link = compose_tag(c, lay->pdf_links ? PS_LINK : PS_REFERENCE);
            set_cell_text(c, NULL, buf, est, text_w, ALIGN_LEFT, 0, &tl, &tn, &tcap, link);
            /* a link to that page in the screen edition */
            vline *last = &tl[tn - 1];
            vmark *m = ARENA_ARRAY(&c->pass, vmark, last->nmarks + 1);
            if (last->nmarks) memcpy(m, last->marks, sizeof *m * (size_t)last->nmarks);
            m[last->nmarks] = (vmark){MARK_ANCHOR, -1, e->ref, link}; /* value -1: a link to the id */
            last->marks = m;
            last->nmarks++;
        }
        fo_sp h = 0;
        for (int i = 0; i < tn; i++) h += tl[i].leading;
        if (h < g) h = g;
        h = (h + g - 1) / g * g;
        ink k = {0};
        fo_sp first_base = g * 3 / 4;
        if (yn > 0) ink_line(&k, &yl[0], 0, first_base);
        fo_sp by = first_base;
        for (int i = 0; i < tn; i++) {
            ink_line(&k, &tl[i], text_x, by);
            by += tl[i].leading;
        }
        /* the timeline's rule, drawn through the whole entry so entries join up */
        ink_rule(&k, year_w + gap, 0, 0, h + g / 2, FO_PT(0.6));
        vitem *it = push_block(c, 0, h + g / 2, -1);
        if (e->next == NULL) it->height = h;
        finish_block(c, it, &k);
        free(yl);
        free(tl);
        compose_tag_close(c, body);
        compose_tag_close(c, li);
    }
    compose_tag_close(c, list);
}
