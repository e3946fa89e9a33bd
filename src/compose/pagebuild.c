/* pagebuild.c - the vertical list cut into pages (see compose.h).
 *
 * The algorithm, in two phases per layout pass:
 *
 * Plan (total fit, per chapter). Before laying anything, plan_pages()
 * chooses every page break of a chapter together, as Knuth-Plass chooses
 * a paragraph's line breaks (Plass 1981): best[s] is the least cost of the
 * pages from item s to the chapter's end over all sequences of legal breaks,
 * computed backwards; a page costs its empty grid lines, a hyphen at its
 * foot, and - for the chapter's last page - a club page (fewer than
 * MIN_LAST_PAGE_LINES lines). The paragraphs are elastic: a trial setting
 * (compose_probe_para) tells which may be set a line or two longer or
 * shorter within quality (every line within TeX's first-pass badness,
 * ratio <= 1, no emergency pass, at most one more hyphen), and the plan may
 * count on them to fill a page, or to hold a line more than it has room for.
 * See plan_chapter() for the costs.
 *
 * Phase 1 (lay out) walks the vertical list, adding each item's height and
 * the height of the notes it calls (all of each note, or for the page's last
 * note at least its first two lines - the rest continues overleaf). A page
 * ends where the plan says, and asks the next pass for the paragraph
 * settings the plan counted on (request_planned). Where the plan does not
 * apply (a page that starts with notes continued, a chapter with floating
 * figures or the index's columns, or an item that overflows before the
 * planned end because a setting is not yet in place) the page ends at best
 * fit: among the page's legal breaks - not after an item marked
 * keep_with_next (a heading keeps with its space, anchor and two lines of
 * what follows; a paragraph's first line keeps with its second and its
 * penultimate with its last, so no orphan and no widow), the latest four, at
 * most three lines apart, and always one that does not end on a hyphen - the
 * cheapest, looking ahead one page: 1000 x (empty grid lines) for this page,
 * half that for the next as it would then fill, +50000 for a word split
 * across the turn, +100000 for a next page with no legal break; ties to the
 * latest. Such a page, if short, asks for looseness itself (request_looser):
 * its paragraphs or those of up to three full pages before it set a line
 * longer, or a line or two shorter to pull the next heading up. With no
 * legal break at all, the page breaks where it overflows and a warning says
 * so. Notes are laid exactly as phase 2 will draw them (settle_notes), so a
 * note's call and its first line always share a page; notes still running
 * before a new chapter get pages of their own. A page that must end on a
 * hyphen asks for its paragraph broken so that the line ends on a whole
 * word (request_whole_word; the breaker's no_hyphen_line).
 *
 * Across passes (compose.c): the settings asked for are applied by the next
 * pass; a chapter that then fills worse (fill_score per chapter: empty grid
 * lines on pages that do not end it, and what a club page lacks) gets its
 * best setting back, and nothing is asked twice, so the search ends. The
 * last pass plans with the settings as they are (settings_final: no flex),
 * so no page is left waiting for a setting it will not get.
 *
 * Phase 2 (draw) puts each page's items at their planned positions (a table
 * that ends a page with whole lines to spare moves down to its foot,
 * table_to_foot): a repeated table head and a floated figure first, tinted box backgrounds
 * (closed at the foot, reopened at the head), notes at the foot under a
 * short rule, running heads (none on openers) and folios (none on the title
 * page and blank versos), links, and the marks that record where ids, notes
 * and index terms fell.
 *
 * Body lines sit on the baseline grid: every block's height is a multiple of
 * the grid (flow.c), so the k-th line of any page has the same baseline. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../base/bounds.h"
#include "../base/xalloc.h"
#include "compose.h"

typedef struct place {
    int page;            /* -1: discarded (space at a page top) */
    fo_sp y;             /* top of the item from the top of the text block */
    fo_sp dx;            /* column offset */
} place;

typedef struct nslice {
    int note;            /* index in the composer's notes */
    int from;            /* first line still to place */
} nslice;

typedef struct pagespec {
    int first, end;      /* items [first, end) */
    int blank;           /* an empty verso before a recto opener */
    int opener;
    int chapter;
    int matter;
    int head_item;       /* a table head repeated at the top, or -1 */
    int float_item;      /* a figure moved to this page's top, or -1 */
    int free_lines;      /* grid lines left empty at the foot (running text) */
} pagespec;


static fo_sp note_height(const composer *c, int note)
{
    fo_sp h = 0;
    const note_entry *n = &c->notes[note];
    for (int i = 0; i < n->nlines; i++) h += n->lines[i].leading;
    return h;
}

/* The notes an item calls: their full height, and the least of it that must
 * stand on the call's page (all but the last note whole, and two lines of the
 * last, which may continue on the next page). */
static fo_sp notes_of(const composer *c, const vitem *it, int *count, fo_sp *least)
{
    fo_sp h = 0, last = 0;
    for (int m = 0; m < it->line.nmarks; m++)
        if (it->line.marks[m].kind == MARK_NOTE) {
            const note_entry *n = &c->notes[it->line.marks[m].value];
            last = note_height(c, it->line.marks[m].value);
            h += last;
            (*count)++;
            fo_sp two = 0;
            for (int l = 0; l < n->nlines && l < 2; l++) two += n->lines[l].leading;
            *least = h - last + two;
        }
    if (!*count) *least = 0;
    return h;
}

#define NOTE_SEP FO_PT(10)

const char *compose_page_label(const composer *c, int page, char *buf, size_t cap)
{
    if (page >= c->first_arabic_page) {
        snprintf(buf, cap, "%d", page - c->first_arabic_page + 1);
        return buf;
    }
    static const char *ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
    static const char *tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
    int n = page + 1;
    snprintf(buf, cap, "%s%s%s", n >= 100 ? "c" : "", tens[(n / 10) % 10], ones[n % 10]);
    return buf;
}

/* This pass's requests, found by paragraph (a hash index: the page builder
 * asks about every paragraph it plans with). A request dropped again (the
 * list cut back, request_looser) leaves a stale slot that finds nothing. */
typedef struct { const composer *c; const void *para; } wanted_key;

static int wanted_same(const void *user, int pos)
{
    const wanted_key *k = user;
    return pos < k->c->nwanted && k->c->loose_wanted[pos].para == k->para;
}

static int wanted(const composer *c, const void *para)
{
    wanted_key k = {c, para};
    return hindex_find(&c->wanted_ix, hash_pointer(para), wanted_same, &k) >= 0;
}

static void want(composer *c, const loose_entry *le)
{
    VEC_PUSH(c->loose_wanted, c->nwanted, c->wanted_cap, *le);
    hindex_add(&c->wanted_ix, hash_pointer(le->para), c->nwanted - 1);
}

/* What a request asks of a paragraph (loose_entry.tried): a line more
 * (dir +1), a line less (-1), a whole word before a page turn (0). */
static int ask_bit(int dir) { return dir > 0 ? 1 : dir < 0 ? 2 : 4; }

/* Whether the paragraph may be asked for dir: not yet asked in this pass,
 * and never before for the same (each once per build, so that the passes
 * cannot oscillate). */
static int may_ask(const composer *c, const void *para, int dir)
{
    if (wanted(c, para)) return 0;
    const loose_entry *e = loose_find(c->loose, para);
    return !e || !(e->tried & ask_bit(dir));
}

/* Whether the paragraph whose first line is item f, set again with this
 * looseness and this line kept from ending on a hyphen, would be accepted
 * by the next pass (compose_probe_para: every line within quality), with
 * `lines` lines and at most one more hyphenated line than now - a page
 * filled at the price of many more hyphens is no gain. */
static int trial_ok(composer *c, int f, int looseness, int no_hyphen_line, int lines)
{
    const vitem *it = &c->v[f];
    int got = 0, hyph = 0, hyph_now = 0;
    if (!compose_probe_para(c, it->src, looseness, no_hyphen_line, &got, &hyph) || got != lines) return 0;
    for (int l = 0; l < it->para_lines; l++) hyph_now += c->v[f + l].line.hyphenated;
    return hyph <= hyph_now + 1;
}

/* Whether line k, which ends on a hyphen, could end on a whole word in the
 * next pass: its paragraph broken again with that constraint keeps its line
 * count (trial_ok). */
static int may_end_on_word(composer *c, int k)
{
    const vitem *it = &c->v[k];
    if (it->kind != V_LINE || !it->para || !it->line.hyphenated) return 0;
    int f = k - it->para_line;
    if (f < 0 || c->v[f].para != it->para || !c->v[f].src) return 0;
    if (!may_ask(c, it->para, 0)) return 0;
    return trial_ok(c, f, c->v[f].src->o.looseness, it->para_line + 1, c->v[f].para_lines);
}

/* Ask for up to k paragraphs to be set one line longer (dir +1) or shorter
 * (dir -1) in the next pass - TeX's \looseness. The candidates are the
 * paragraphs starting in [a, j] (this page), then, when loosening, those
 * starting in [p0, a) (the page before, which then pushes a line over);
 * preferred: wholly on this page, then for +1 the fullest last line (which
 * spreads the least), for -1 the shortest. Each is tried first
 * (compose_probe_para): only a setting the next pass will accept is asked
 * for. Returns how many were asked (for -1: k or none). */
static int request_looser(composer *c, const place *pl, int p0, int a, int j, int k, int dir)
{
    typedef struct { int item; double pref; } cand;
    cand *cs = NULL;
    int n = 0, cap = 0;
    for (int i = p0; i <= j; i++) {
        const vitem *it = &c->v[i];
        if (pl[i].page < 0 || it->kind != V_LINE || !it->src || it->para_line != 0 || it->para_lines < 2) continue;
        int last = i + it->para_lines - 1;
        if (last >= c->nv || c->v[last].para != it->para) continue;
        if (!may_ask(c, it->para, dir)) continue;
        int nl = it->src->o.looseness + dir;
        if (nl < -1 || nl > 1) continue;
        int here = i >= a && last <= j && pl[last].page == pl[i].page;
        const vline *ll = &c->v[last].line;
        double fill = ll->width > 0 ? (double)ll->natural / (double)ll->width : 0;
        cand cd = {i, (dir > 0 ? fill : 1.0 - fill) + (here ? 1.0 : 0.0) + (i >= a ? 2.0 : 0.0)};
        VEC_PUSH(cs, n, cap, cd);
    }
    int picked = 0;
    while (picked < k && n > 0) {
        int best = 0;
        for (int q = 1; q < n; q++)
            if (cs[q].pref > cs[best].pref) best = q;
        int cs_item = cs[best].item;
        const vitem *it = &c->v[cs_item];
        cs[best] = cs[--n];
        int nl = it->src->o.looseness + dir;
        if (!trial_ok(c, cs_item, nl, it->src->o.no_hyphen_line, it->para_lines + dir)) continue;
        loose_entry le = {it->para, nl, it->src->o.no_hyphen_line, ask_bit(dir), it->chapter, 0, 0};
        want(c, &le);
        picked++;
    }
    free(cs);
    /* fewer lines than asked pull nothing up (the run still does not fit):
     * tightening is all or nothing; each line more still fills one line */
    if (dir < 0 && picked < k) {
        c->nwanted -= picked;
        picked = 0;
    }
    return picked;
}

/* The page would rather end after line k, which ends on a hyphen: ask for
 * its paragraph broken so that this line ends on a whole word, with as many
 * lines as now (the page plan stands) - typography.md, no hyphen across a
 * page turn where avoidable. Tried first, like a looseness (at most one
 * more hyphenated line in the paragraph). Returns 1 if asked. */
static int request_whole_word(composer *c, int k)
{
    if (!may_end_on_word(c, k)) return 0;
    const vitem *it = &c->v[k];
    const vitem *f = &c->v[k - it->para_line];
    loose_entry le = {it->para, f->src->o.looseness, it->para_line + 1, ask_bit(0), it->chapter, 0, 0};
    want(c, &le);
    return 1;
}

/* Lay the notes waiting in q (the continuation first), then the notes called
 * by the page's items [a, end), under a body of height body, exactly as
 * phase 2 will: whole lines in order until one does not fit. What is left
 * stays in q for the next page; returns its height. */
static fo_sp settle_notes(const composer *c, nslice **q, int *nq, int *cap, const place *pl, int a, int end,
                          fo_sp body)
{
    for (int i = a; i < end; i++) {
        if (pl[i].page < 0) continue;
        const vitem *it = &c->v[i];
        for (int m = 0; m < it->line.nmarks; m++)
            if (it->line.marks[m].kind == MARK_NOTE) {
                nslice ns = {it->line.marks[m].value, 0};
                VEC_PUSH(*q, *nq, *cap, ns);
            }
    }
    if (*nq == 0) return 0;
    fo_sp avail = c->block_h - body - NOTE_SEP, total = 0;
    int done = 0;
    for (; done < *nq; done++) {
        const note_entry *ne = &c->notes[(*q)[done].note];
        int l = (*q)[done].from;
        while (l < ne->nlines && total + ne->lines[l].leading <= avail + 1) total += ne->lines[l++].leading;
        if (l < ne->nlines) {
            (*q)[done].from = l;
            break;
        }
    }
    if (*nq > done) memmove(*q, *q + done, sizeof **q * (size_t)(*nq - done));
    *nq -= done;
    fo_sp left = 0;
    for (int k = 0; k < *nq; k++) {
        const note_entry *ne = &c->notes[(*q)[k].note];
        for (int l = (*q)[k].from; l < ne->nlines; l++) left += ne->lines[l].leading;
    }
    return left;
}

/* The foot of what the items [a, end) put on their page: spaces do not count
 * (a space that ends a page is discarded, like TeX's glue at a break). */
static fo_sp body_height(const composer *c, const place *pl, int a, int end)
{
    fo_sp body = 0;
    for (int k = a; k < end; k++)
        if (pl[k].page >= 0 && c->v[k].kind != V_SPACE && pl[k].y + vitem_height(&c->v[k]) > body)
            body = pl[k].y + vitem_height(&c->v[k]);
    return body;
}

static int legal_break_after(const composer *c, int k)
{
    return !c->v[k].keep_with_next && !(k + 1 < c->nv && c->v[k + 1].no_break_before);
}

/* What the page starting at item s would look like, filled greedily (the
 * lookahead's estimate; floats, table heads and index columns are left out):
 * the grid lines it leaves empty, whether it ends a chapter, whether no
 * legal break was found, whether it ends on a hyphen. */
typedef struct page_guess {
    int free_lines, chapter_end, forced, hyphen;
    int lines;           /* at a chapter end: the grid lines the chapter's last page holds */
} page_guess;

/* A chapter's last page should not hold a mere line or three: a club page
 * (fewer lines than this) counts as a short page, each line it lacks twice
 * (a nearly empty page is seen from across the spread). */
#define MIN_LAST_PAGE_LINES 5
#define CLUB_WEIGHT 2

/* The empty lines a chapter's last page holding `held` grid lines counts for. */
static int club_lines(int held) { return held < MIN_LAST_PAGE_LINES ? CLUB_WEIGHT * (MIN_LAST_PAGE_LINES - held) : 0; }

/* What page breaks cost, in thousandths of an empty grid line (the plan's
 * terms are explained at plan_chapter; best fit uses the first two). */
#define PLAN_LINE 1000L      /* a grid line left empty */
#define PLAN_HYPHEN 50000L   /* a word split across a page turn: only when nothing else works */
#define PLAN_FORCED 100000L  /* a page with no legal break */

static page_guess guess_page(const composer *c, int s, fo_sp carry)
{
    page_guess g = {0, 0, 0, 0, 0};
    fo_sp y = 0, notes = carry > 0 ? carry + NOTE_SEP : 0;
    fo_sp y_legal = -1, notes_legal = 0, y_plain = -1, notes_plain = 0;
    int legal = -1, plain = -1, placed = 0; /* plain: the latest legal break not on a hyphen */
    for (int i = s; i < c->nv; i++) {
        const vitem *it = &c->v[i];
        if (it->kind == V_PAGEBREAK) {
            g.chapter_end = 1;
            g.lines = placed ? (int)(y / c->lay->grid) : MIN_LAST_PAGE_LINES; /* none: no page at all */
            return g;
        }
        if (!placed && it->kind == V_SPACE && it->sink != 1) continue;
        fo_sp h = vitem_height(it);
        int cnt = 0;
        fo_sp least = 0, nh = notes_of(c, it, &cnt, &least);
        if (cnt && notes == 0) {
            nh += NOTE_SEP;
            least += NOTE_SEP;
        }
        if (y + h + notes + nh <= c->block_h + 1 || !placed) {
            y += h;
            notes += nh;
            placed = 1;
            if (legal_break_after(c, i)) {
                legal = i;
                y_legal = y;
                notes_legal = notes;
                if (!(it->kind == V_LINE && it->line.hyphenated)) {
                    plain = i;
                    y_plain = y;
                    notes_plain = notes;
                }
            }
            continue;
        }
        if (legal < 0) {
            g.forced = 1;
            return g;
        }
        /* as the page itself will choose: not on a hyphen if it can help it */
        g.hyphen = plain < 0;
        fo_sp used = plain >= 0 ? y_plain + notes_plain : y_legal + notes_legal;
        g.free_lines = used < c->block_h ? (int)((c->block_h - used) / c->lay->grid) : 0;
        return g;
    }
    g.chapter_end = 1;
    g.lines = (int)(y / c->lay->grid);
    return g;
}

/* Cost of a page ending k grid lines short, on a hyphen, or by force (for
 * a chapter's last page, k is what a club page lacks of MIN_LAST_PAGE_LINES). */
static long page_cost(int free_lines, int hyphen, int forced)
{
    return PLAN_LINE * free_lines + (hyphen ? PLAN_HYPHEN : 0) + (forced ? PLAN_FORCED : 0);
}

/* FOLIO_DEBUG_ITEMS=N: the items of page N, where phase 1 put them. */
static void debug_items(const composer *c, const place *pl, int a, int end)
{
    for (int k = a; k < end; k++) {
        const vline *vl = &c->v[k].line;
        const char *t = "";
        int tl = 0;
        for (int q = 0; q < vl->nitems && !tl; q++)
            if (vl->items[q].kind == PM_TEXT) t = pm_run_text(&vl->items[q], &tl);
        fprintf(stderr, "item %d kind %d page %d y %.2f h %.2f snap %d keep %d %.*s\n", k, c->v[k].kind, pl[k].page,
                FO_TO_PT(pl[k].y), FO_TO_PT(vitem_height(&c->v[k])), c->v[k].snap, c->v[k].keep_with_next, tl > 24 ? 24 : tl, t);
    }
}

/* The room at a page's foot for the notes called by its items [a, end), all
 * of each, with the lines continued from the page before (carry) and the
 * rule above them. */
static fo_sp page_notes_need(const composer *c, const place *pl, int a, int end, fo_sp carry)
{
    fo_sp need = carry;
    int any_note = carry > 0;
    for (int q = a; q < end; q++) {
        if (pl[q].page < 0) continue;
        int cn = 0;
        fo_sp lst = 0;
        need += notes_of(c, &c->v[q], &cn, &lst);
        any_note |= cn > 0;
    }
    return any_note ? need + NOTE_SEP : need;
}

/* ---- total fit: the page breaks of a chapter planned together ----------
 *
 * As Knuth-Plass breaks a paragraph into lines, the planner breaks each
 * chapter into pages (Plass 1981, "Optimal pagination techniques"): for
 * every page start s, best[s] is the least cost of laying the items from s
 * to the chapter's end, over every sequence of legal page breaks. A page is
 * measured as phase 1 lays it: spaces dropped at its top, a repeated table
 * head, items that snap to the grid, each item's notes whole (or, for the
 * last, split: the page then ends there).
 *
 * The paragraphs are elastic, as TeX's \looseness makes them: each one
 * whose last line falls on a page may be set a line longer (filling a line
 * the page would leave empty) or a line shorter (letting a page hold a line
 * more than it has room for), if a trial setting shows it can within
 * quality (plan_flex). A page [s, e] costs
 *   PLAN_LINE per grid line it still leaves empty (and PLAN_BIG_GAP times
 *   the square of those beyond PLAN_GAP_OK), + PLAN_SHORT_PAGE if any
 *   (+ PLAN_SHORT_RUN_ON if the text runs on overleaf, the next page
 *   starting with a paragraph's line, PLAN_SHORT_MID_PARA if it stops in
 *   the middle of a paragraph: a short page reads as deliberate before a
 *   heading or a block, as a mistake in running text),
 *   PLAN_LOOSER per paragraph set a line longer to fill it,
 *   PLAN_TIGHTER per paragraph set a line shorter to make room (at most 2),
 *   PLAN_HYPHEN if it ends on a hyphen (PLAN_WHOLE_WORD if its paragraph
 *   may be broken again so that the line ends on a whole word);
 * the chapter's last page costs CLUB_WEIGHT lines for each line it holds
 * below MIN_LAST_PAGE_LINES. Computed backwards, so plan[s] holds the best
 * end of a page starting at any s (and adj[s] the lines its paragraphs gain,
 * or lose when negative): phase 1 follows the plan from wherever it stands
 * and asks the next pass for the settings it counted on. Chapters with
 * floating figures or the index's columns are left to best fit (plan -1). */
#define PLAN_SHORT_PAGE 300L
#define PLAN_SHORT_MID_PARA 1500L
#define PLAN_SHORT_RUN_ON 1500L
#define PLAN_GAP_OK 3 /* beyond this many empty lines a gap grows with its square: */
#define PLAN_BIG_GAP 200L /* two pages 4 lines short beat one 8 lines short */
#define PLAN_LOOSER 150L
#define PLAN_TIGHTER 250L
#define PLAN_WHOLE_WORD 200L /* a hyphen at the foot that a new break of its paragraph avoids */
#define PLAN_INF (LONG_MAX / 4)
/* flex: the lines a paragraph may gain (low nibble) or lose (high nibble) */
#define FLEX_GROW(f) ((f) & 15)
#define FLEX_SHRINK(f) ((f) >> 4)
#define FLEX_MAX 2           /* lines a paragraph may gain or lose, */
#define FLEX_LONG 10         /* two only from this many lines: the change spreads thin */

static long club_cost(int lines) { return PLAN_LINE * club_lines(lines); }

/* Whether the paragraph whose first line is item f may be set d lines
 * longer (d > 0) or shorter (d < 0) in the next pass: never asked that way
 * before, and a trial setting keeps every line within quality, with one more
 * hyphenated line at most (compose_probe_para, remembered across passes). */
static int may_change(composer *c, int f, int d)
{
    const vitem *it = &c->v[f];
    int nl = it->src->o.looseness + d;
    if (nl < -FLEX_MAX || nl > FLEX_MAX || !may_ask(c, it->para, d)) return 0;
    return trial_ok(c, f, nl, it->src->o.no_hyphen_line, it->para_lines + d);
}

/* flex[i] for the last line i of each body paragraph: the lines it may gain
 * and lose (FLEX_GROW, FLEX_SHRINK); word[i] for each hyphenated line that
 * is a legal page break: whether it could end on a whole word. */
static void plan_flex(composer *c, int cs, int ce, unsigned char *flex, unsigned char *word)
{
    for (int k = cs; k < ce; k++)
        if (c->v[k].kind == V_LINE && c->v[k].line.hyphenated && legal_break_after(c, k)) word[k] = (unsigned char)may_end_on_word(c, k);
    for (int f = cs; f < ce; f++) {
        const vitem *it = &c->v[f];
        if (it->kind != V_LINE || !it->src || it->para_line != 0 || it->para_lines < 2) continue;
        int last = f + it->para_lines - 1;
        if (last >= ce || c->v[last].para != it->para) continue;
        int grow = 0, shrink = 0;
        while (grow < FLEX_MAX && (grow == 0 || it->para_lines >= FLEX_LONG) && may_change(c, f, grow + 1)) grow++;
        while (shrink < FLEX_MAX && (shrink == 0 || it->para_lines >= FLEX_LONG) && may_change(c, f, -(shrink + 1))) shrink++;
        flex[last] = (unsigned char)(grow | shrink << 4);
    }
}

/* best[], plan[] and adj[] for the chapter [cs, ce) (ce: its V_PAGEBREAK or nv). */
static void plan_chapter(const composer *c, int cs, int ce, const unsigned char *flex, const unsigned char *word, long *best,
                         int *plan, int *adj)
{
    const fo_sp grid = c->lay->grid, block = c->block_h;
    best[ce] = 0;
    for (int s = ce - 1; s >= cs; s--) {
        best[s] = PLAN_INF;
        plan[s] = -1;
        adj[s] = 0;
        if (s > cs && !legal_break_after(c, s - 1)) continue; /* not a page start */
        fo_sp y = 0, notes = 0, body = 0;
        int at_top = 1, looser = 0, tighter = 0;
        const vitem *first = &c->v[s];
        if (first->kind == V_BLOCK && first->head_item >= 0 && !first->table_head) y = vitem_height(&c->v[first->head_item]);
        for (int i = s; i <= ce; i++) {
            if (i == ce) {
                /* the chapter's last page (a page of its own if it ran over) */
                fo_sp used = body + notes;
                int over = used > block + 1 ? (int)((used - block - 1 + grid - 1) / grid) : 0;
                if (over <= tighter) {
                    long cost = (s == cs ? 0 : club_cost((int)(body / grid) - over)) + PLAN_TIGHTER * over;
                    if (cost < best[s]) { best[s] = cost; plan[s] = ce - 1; adj[s] = -over; }
                }
                break;
            }
            const vitem *it = &c->v[i];
            if (at_top && it->kind == V_SPACE && it->sink != 1) continue;
            fo_sp h = vitem_height(it);
            if (it->snap && y % grid && (y / grid + 1) * grid + h <= block) y = (y / grid + 1) * grid;
            int cnt = 0;
            fo_sp least = 0, nh = notes_of(c, it, &cnt, &least);
            if (cnt && notes == 0) { nh += NOTE_SEP; least += NOTE_SEP; }
            int split = 0;
            if (!at_top && y + h + notes + nh > block + 1) {
                if (cnt && y + h + notes + least <= block + 1) split = 1; /* its last note runs over */
                /* beyond the page only as far as tighter paragraphs could make room */
                else if (y + h + notes + nh > block + 1 + 2 * grid) break;
            }
            y += h;
            notes += nh;
            if (it->kind != V_SPACE) body = y;
            if (!(it->kind == V_BLOCK && it->height == 0 && it->line.nitems == 0)) at_top = 0;
            if (flex) {
                looser += FLEX_GROW(flex[i]);
                tighter += FLEX_SHRINK(flex[i]);
            }
            if (i + 1 < ce && legal_break_after(c, i) && best[i + 1] < PLAN_INF) {
                fo_sp used = body + notes;
                int hyph = it->kind == V_LINE && it->line.hyphenated;
                long cost;
                int a;
                if (used <= block + 1) {
                    int free_lines = used < block ? (int)((block - used) / grid) : 0;
                    a = free_lines < looser ? free_lines : looser;
                    int gap = free_lines - a;
                    cost = PLAN_LINE * gap + (gap > 0 ? PLAN_SHORT_PAGE : 0) + PLAN_LOOSER * a;
                    if (gap > PLAN_GAP_OK) cost += PLAN_BIG_GAP * (gap - PLAN_GAP_OK) * (gap - PLAN_GAP_OK);
                    /* a short page reads as a mistake when the text runs on
                     * overleaf (the next page starts with a paragraph's line),
                     * the more so in the middle of a paragraph */
                    if (gap > 0) {
                        int k = i + 1;
                        while (k < ce && c->v[k].kind == V_SPACE) k++;
                        if (it->kind == V_LINE && it->para && it->para_line + 1 < it->para_lines) cost += PLAN_SHORT_MID_PARA;
                        else if (k < ce && c->v[k].kind == V_LINE && c->v[k].para) cost += PLAN_SHORT_RUN_ON;
                    }
                } else {
                    int over = (int)((used - block - 1 + grid - 1) / grid);
                    if (over > tighter || split) continue;
                    a = -over;
                    cost = PLAN_TIGHTER * over;
                }
                cost += (hyph ? (word[i] ? PLAN_WHOLE_WORD : PLAN_HYPHEN) : 0) + best[i + 1];
                if (cost <= best[s]) /* ties to the latest break, the fuller page */ { best[s] = cost; plan[s] = i; adj[s] = a; }
            }
            if (split) break;
        }
    }
}

typedef struct page_plan {
    int *end;            /* end[s]: the planned last item of a page starting at s, or -1 */
    int *adj;            /* adj[s]: lines its paragraphs gain (> 0) or lose (< 0) in the next pass */
    unsigned char *flex; /* per paragraph's last line: FLEX_GROW, FLEX_SHRINK */
    unsigned char *word; /* per hyphenated line: may end on a whole word instead */
} page_plan;

/* FOLIO_DEBUG_FLEX: what the chapter's paragraphs may give or take, and its plan. */
static void debug_plan(const composer *c, const page_plan *pp, const long *best, int cs, int ce)
{
    int grow = 0, shrink = 0, paras = 0;
    for (int q = cs; q < ce; q++) {
        const vitem *it = &c->v[q];
        if (it->kind != V_LINE || !it->para || it->para_lines < 2 || it->para_line != it->para_lines - 1) continue;
        paras++;
        grow += FLEX_GROW(pp->flex[q]);
        shrink += FLEX_SHRINK(pp->flex[q]);
    }
    fprintf(stderr, "chapter items %d-%d: %d paragraphs, grow %d, shrink %d\n", cs, ce, paras, grow, shrink);
    for (int s = cs; s < ce && pp->end[s] >= s; s = pp->end[s] + 1)
        fprintf(stderr, "  plan: page [%d, %d] adjust %+d, cost to the end %ld\n", s, pp->end[s], pp->adj[s], best[s]);
}

static void plan_pages(composer *c, page_plan *pp)
{
    const int dbg = getenv("FOLIO_DEBUG_FLEX") != NULL;
    pp->end = xmalloc(sizeof *pp->end * ((size_t)c->nv + 1));
    pp->adj = xcalloc((size_t)c->nv + 1, sizeof *pp->adj);
    pp->flex = xcalloc((size_t)c->nv + 1, 1);
    pp->word = xcalloc((size_t)c->nv + 1, 1);
    long *best = xmalloc(sizeof *best * ((size_t)c->nv + 1));
    for (int i = 0; i <= c->nv; i++) pp->end[i] = -1;
    int cs = 0;
    while (cs < c->nv) {
        int ce = cs, plain = 1;
        while (ce < c->nv && c->v[ce].kind != V_PAGEBREAK) {
            if (c->v[ce].is_float || c->v[ce].sink == 2) plain = 0;
            ce++;
        }
        if (plain && ce > cs) {
            if (!c->settings_final) plan_flex(c, cs, ce, pp->flex, pp->word);
            plan_chapter(c, cs, ce, pp->flex, pp->word, best, pp->end, pp->adj);
            if (dbg) debug_plan(c, pp, best, cs, ce);
        }
        cs = ce + 1;
    }
    free(best);
}

static void plan_free(page_plan *pp)
{
    free(pp->end);
    free(pp->adj);
    free(pp->flex);
    free(pp->word);
}

/* Ask for the settings the plan counted on for the page [a, e]: n lines
 * more (dir +1) or fewer (-1) from its paragraphs (those whose last line is
 * on it and that may), a line each first - for +1 the fullest last lines
 * first (they spread the least), for -1 the shortest - then a second line
 * from the long ones. Returns the lines asked for. */
static int request_planned(composer *c, const page_plan *pp, int a, int e, int n, int dir)
{
    int asked = 0;
    int *given = xcalloc((size_t)(e - a + 2), sizeof *given); /* lines asked of the paragraph ending at a + k */
    for (int round = 1; round <= FLEX_MAX && n > 0; round++)
        while (n > 0) {
            int pick = -1;
            double pick_pref = -1;
            for (int i = a; i <= e && i < c->nv; i++) {
                int can = dir > 0 ? FLEX_GROW(pp->flex[i]) : FLEX_SHRINK(pp->flex[i]);
                if (can < round || given[i - a] >= round) continue;
                const vitem *l = &c->v[i];
                double fill = l->line.width > 0 ? (double)l->line.natural / (double)l->line.width : 0;
                double pref = dir > 0 ? fill : 1.0 - fill;
                if (pref > pick_pref) { pick = i; pick_pref = pref; }
            }
            if (pick < 0) break;
            given[pick - a]++;
            n--;
        }
    for (int i = a; i <= e && i < c->nv; i++) {
        if (!given[i - a]) continue;
        const vitem *it = &c->v[i - c->v[i].para_line];
        if (!may_ask(c, it->para, dir)) continue;
        loose_entry le = {it->para, it->src->o.looseness + dir * given[i - a], it->src->o.no_hyphen_line, ask_bit(dir),
                          it->chapter, 0, 0};
        want(c, &le);
        asked += given[i - a];
    }
    free(given);
    return asked;
}

/* The planned end of the page starting at a, or -1 where the plan does not
 * apply: it does not model notes continued from the page before, nor a
 * figure floated to the page's top. */
static int plan_end(const int *plan, int a, fo_sp carry, int page_float)
{
    if (!plan || carry != 0 || page_float >= 0 || plan[a] < a) return -1;
    return plan[a];
}

/* The first item of the full pages (up to 3) before the page just closed,
 * in the same chapter and running into it: a paragraph set a line longer
 * there pushes one line onto that page (the slack of a chapter spreads over
 * several pages, as in a total-fit page builder). a: the closed page's first item. */
static int full_pages_before(const pagespec *pages, int npages, int a)
{
    int p0 = a;
    for (int pp = npages - 2, back = 0; pp >= 0 && back < 3; pp--, back++) {
        const pagespec *ps = &pages[pp];
        if (ps->blank || ps->free_lines != 0 || ps->chapter != pages[npages - 1].chapter || ps->end != p0) break;
        p0 = ps->first;
    }
    return p0;
}

/* ---- the index's two columns ----
 * The index's items (sink 2) flow down the left column, then the right one.
 * A column ends where the keeps allow (flow_index: a letter heading keeps
 * with two entries, an entry's lines stay together), like a page; the last
 * page's columns are balanced. */
#define COLUMN_GAP FO_MM(6)

static fo_sp column_dx(const composer *c) { return (c->measure + COLUMN_GAP) / 2; }

/* The latest item in [from, to) on page p after which a column may end, or -1. */
static int column_break(const composer *c, const place *pl, int p, int from, int to)
{
    for (int k = to - 1; k >= from; k--)
        if (pl[k].page == p && legal_break_after(c, k)) return k;
    return -1;
}

/* The split of the index's items [from, to) of page p into two columns as
 * even as the keeps allow: the last item of the left column, or -1 when no
 * break is allowed; *left and *right get the columns' heights (the spaces
 * that would open the right column do not count: they are dropped). */
static int column_split(const composer *c, const place *pl, int p, int from, int to, fo_sp *left, fo_sp *right)
{
    fo_sp total = 0;
    int best = -1;
    fo_sp best_max = 0, best_l = 0, best_r = 0;
    for (int k = from; k < to; k++)
        if (pl[k].page == p) total += vitem_height(&c->v[k]);
    fo_sp l = 0;
    for (int k = from; k < to; k++) {
        if (pl[k].page != p) continue;
        l += vitem_height(&c->v[k]);
        if (!legal_break_after(c, k) || k + 1 >= to) continue;
        fo_sp r = total - l;
        for (int q = k + 1; q < to && c->v[q].kind == V_SPACE; q++)
            if (pl[q].page == p) r -= vitem_height(&c->v[q]);
        fo_sp m = l > r ? l : r;
        if (best < 0 || m < best_max || (m == best_max && l >= r)) {
            best = k;
            best_max = m;
            best_l = l;
            best_r = r;
        }
    }
    *left = best < 0 ? total : best_l;
    *right = best < 0 ? 0 : best_r;
    return best;
}

/* Lay the index's items [from, to) of page p in the columns split after
 * item split, from col_top; returns the columns' foot. */
static fo_sp place_columns(const composer *c, place *pl, int p, int from, int to, int split, fo_sp col_top)
{
    fo_sp y = col_top, foot = col_top;
    int opening = 0; /* at the right column's top: its spaces are dropped */
    for (int k = from; k < to; k++) {
        if (pl[k].page != p) continue;
        if (k == split + 1) {
            y = col_top;
            opening = 1;
        }
        pl[k].y = y;
        pl[k].dx = split >= 0 && k > split ? column_dx(c) : 0;
        if (opening && c->v[k].kind == V_SPACE) continue;
        opening = 0;
        y += vitem_height(&c->v[k]);
        if (y > foot) foot = y;
    }
    return foot;
}

/* The index ends on page p (items [from, to) in columns from col_top): its
 * two columns balanced within one line (the index's leading). Where the
 * keeps do not allow it, the page before (if the index's too, ending at
 * item *a - 1) gives up the last entries of its right column, up to six
 * lines' worth, as few as balance the last page. Returns the columns' foot. */
static fo_sp balance_last_page(const composer *c, place *pl, pagespec *pages, int npages, int p, int *a, int from,
                               int to, fo_sp col_top)
{
    fo_sp l, r, line = 0;
    for (int k = from; k < to && !line; k++)
        if (c->v[k].kind == V_LINE) line = c->v[k].line.leading;
    int split = column_split(c, pl, p, from, to, &l, &r);
    pagespec *prev = npages > 0 ? &pages[npages - 1] : NULL;
    if ((l - r > line || r - l > line) && prev && prev->end == *a && from == *a && line > 0) {
        fo_sp moved = 0;
        for (int k = *a - 1; k > prev->first && moved <= 6 * line; k--) {
            if (pl[k].page != p - 1 || c->v[k].sink != 2 || pl[k].dx == 0) break; /* its right column only */
            moved += vitem_height(&c->v[k]);
            if (!legal_break_after(c, k - 1)) continue;
            for (int q = k; q < *a; q++) pl[q].page = p;
            fo_sp l2, r2;
            int s2 = column_split(c, pl, p, k, to, &l2, &r2);
            if (s2 >= 0 && l2 - r2 <= line && r2 - l2 <= line) {
                prev->end = k;
                *a = k;
                return place_columns(c, pl, p, k, to, s2, 0);
            }
            for (int q = k; q < *a; q++) pl[q].page = p - 1;
        }
    }
    return place_columns(c, pl, p, from, to, split, col_top);
}

static void phase1(composer *c, place *pl, pagespec **pages, int *npages)
{
    const int dbg_fill = getenv("FOLIO_DEBUG_FILL") != NULL;
    const int dbg_items = getenv("FOLIO_DEBUG_ITEMS") ? atoi(getenv("FOLIO_DEBUG_ITEMS")) : 0;
    page_plan pp = {NULL, NULL, NULL, NULL};
    if (!getenv("FOLIO_NO_PLAN")) plan_pages(c, &pp); /* total fit per chapter */
    const int *plan = pp.end;
    nslice *cq = NULL;   /* notes continuing onto the next page, as phase 2 will lay them */
    int ncq = 0, cqcap = 0;
    int cap = 0;
    int a = 0;           /* first item of the current page */
    fo_sp y = 0, notes = 0;
    int nnotes = 0;
    fo_sp carry = 0;     /* note lines continued from the page before */
    int full = 0;        /* the last note was split here: nothing more fits */
    int col = 0;
    fo_sp col_top = -1;  /* the index's columns: where they start on this page, */
    int col_first = -1, col2_first = -1; /* their first items (left column, right column) */
    int page = 0;
    int i = 0;
    int pending_recto = 0;
    int pending_opener = 0;
    int page_head = -1;  /* the table head repeated atop the current page */
    int page_float = -1; /* the figure placed atop the current page */
    int deferred = -1;   /* a figure waiting for the next page's top */
    int after_table_of = 0; /* a figure waits for the end of this table (vitem.table) */
#define CLOSE_PAGE(endi)                                                                                   \
    do {                                                                                                   \
        if (pending_recto && (*npages % 2) == 1) {                                                         \
            pagespec bl = {a, a, 1, 1, c->v[a < c->nv ? a : c->nv - 1].chapter, c->v[a < c->nv ? a : c->nv - 1].matter, -1, -1, 0}; \
            VEC_PUSH(*pages, *npages, cap, bl);                                                            \
            for (int k = a; k < (endi); k++) if (pl[k].page >= 0) pl[k].page = *npages;                     \
        }                                                                                                  \
        if (dbg_items == *npages + 1) debug_items(c, pl, a, (endi));                                     \
        pagespec ps = {a, (endi), 0, pending_opener, c->v[a < c->nv ? a : c->nv - 1].chapter,             \
                       c->v[a < c->nv ? a : c->nv - 1].matter, page_head, page_float, 0};                    \
        VEC_PUSH(*pages, *npages, cap, ps);                                                                \
        pending_recto = 0;                                                                                 \
        pending_opener = 0;                                                                                \
        page_head = -1;                                                                                    \
        page_float = -1;                                                                                   \
    } while (0)

    page = 0;
    int content = 0, content_a = -1; /* items of [a, i) placed on the page, anchors aside */
    while (i < c->nv) {
        vitem *it = &c->v[i];
        /* at the top: nothing placed yet but anchors (empty blocks that only
         * mark a place), so that a space after an anchor is dropped too */
        if (content_a != a) {
            content_a = a; /* a new page: nothing of it placed yet */
            content = 0;
        }
        if (col_top >= 0 && it->sink != 2) {
            /* the index ended on this page: its columns balanced */
            y = balance_last_page(c, pl, *pages, *npages, page, &a, col_first, i, col_top);
            col_top = -1;
            col = 0;
        }
        int at_top = content == 0;
        /* the first item of the flow on this page (a repeated table head or a
         * floated figure may stand above it): it is placed even if it overflows,
         * or filling would never move on */
        int first = at_top;
        if (it->kind == V_PAGEBREAK) {
            pl[i].page = -1;
            if (!at_top) {
                CLOSE_PAGE(i);
                page = *npages;
                /* a club page (the chapter's last, with a line or three): ask
                 * for the lines it lacks from the full pages before it */
                int held = (int)(body_height(c, pl, a, i) / c->lay->grid);
                if (held < MIN_LAST_PAGE_LINES && !(*pages)[*npages - 1].opener && !(plan && plan[a] >= a)) {
                    if (dbg_fill) fprintf(stderr, "page %d: a club page of %d lines\n", *npages, held);
                    request_looser(c, pl, full_pages_before(*pages, *npages, a), a, i - 1, MIN_LAST_PAGE_LINES - held, +1);
                }
                carry = settle_notes(c, &cq, &ncq, &cqcap, pl, a, i, body_height(c, pl, a, i));
            }
            /* notes still running end before the next chapter: pages of notes alone */
            while (ncq > 0) {
                a = i;
                CLOSE_PAGE(i);
                page = *npages;
                carry = settle_notes(c, &cq, &ncq, &cqcap, pl, i, i, 0);
            }
            if (deferred >= 0) {
                /* a figure still waiting stays in its chapter: a page of its own */
                a = deferred;
                pl[deferred].page = *npages;
                pl[deferred].y = 0;
                page_float = deferred;
                deferred = -1;
                CLOSE_PAGE(a);
                page = *npages;
            }
            /* arabic numbering starts on a recto too (pagebuild() finds that page) */
            if (it->recto || it->opener == 2) pending_recto = 1;
            pending_opener = 0;
            a = i + 1;
            y = 0; nnotes = 0; col = 0; col_top = -1; col_first = col2_first = -1; full = 0;
            notes = carry > 0 ? carry + NOTE_SEP : 0;
            i++;
            continue;
        }
        if (at_top && it->kind == V_SPACE && it->sink != 1) {
            pl[i].page = -1;
            i++;
            continue;
        }
        /* a page that continues a table opens with the table's head, not with
         * a figure: a figure never splits a table; it stands right after the
         * table's end instead (if it fits there), or atop the next page */
        int continues_table = it->kind == V_BLOCK && it->head_item >= 0 && !it->table_head;
        int after_table = !at_top && it->kind != V_SPACE && after_table_of > 0 && it->table != after_table_of &&
                          y + vitem_height(&c->v[deferred >= 0 ? deferred : i]) <= c->block_h - notes + 1;
        if (deferred >= 0 && deferred < i && page_float < 0 && ((at_top && !continues_table) || after_table)) {
            /* the figure deferred from the page before opens this one */
            page_float = deferred;
            pl[deferred].page = page;
            pl[deferred].y = at_top ? 0 : y;
            pl[deferred].dx = 0;
            if (deferred >= a) content++;
            y += vitem_height(&c->v[deferred]);
            deferred = -1;
            at_top = 0;
        }
        if (at_top && deferred >= 0 && continues_table) after_table_of = it->table;
        else if (it->kind != V_SPACE && it->table != after_table_of) after_table_of = 0;
        if (at_top && it->opener) pending_opener = 1;
        if (at_top && it->kind == V_BLOCK && it->head_item >= 0 && !it->table_head && page_head < 0) {
            /* a table continues here: its head is repeated first */
            page_head = it->head_item;
            y += vitem_height(&c->v[page_head]);
            at_top = 0;
        }
        fo_sp h = vitem_height(it);
        int cnt = 0;
        fo_sp least = 0;
        fo_sp nh = notes_of(c, it, &cnt, &least);
        if (nh > 0 && notes == 0) {
            nh += NOTE_SEP;
            least += NOTE_SEP;
        }
        fo_sp limit = c->block_h - notes - nh;
        int split = 0;
        if (cnt > 0 && y + h > limit + 1 && y + h <= c->block_h - notes - least + 1) split = 1;
        if (full) limit = -1;
        if (it->sink == 2) {
            if (col_top < 0) {
                col_top = y;
                col_first = i;
            }
            if (y + h > c->block_h && col == 0) {
                /* the left column ends where the keeps allow; the right one starts there */
                int k = column_break(c, pl, page, col_first, i);
                col = 1;
                y = col_top;
                if (k >= 0 && k + 1 < i) {
                    for (int q = k + 1; q < i; q++) pl[q].page = -1;
                    i = k + 1;
                    col2_first = i;
                    continue;
                }
                col2_first = i;
            }
        }
        /* at the top of a page that the continued notes mostly fill: does the
         * first unbreakable run (a heading and its two lines…) fit above them? */
        fo_sp run = h;
        if (at_top && carry > 0 && it->keep_with_next)
            for (int q = i + 1; q < c->nv && c->v[q].kind != V_PAGEBREAK; q++) {
                run += vitem_height(&c->v[q]);
                if (!c->v[q].keep_with_next) break;
            }
        if (at_top && carry > 0 && y == 0 && ((y + h > limit + 1 && !split) || y + run > c->block_h - notes + 1)) {
            /* the notes continued from the page before fill this page: it holds
             * only them (a note's call and its start stay on one page) */
            CLOSE_PAGE(i);
            page = *npages;
            carry = settle_notes(c, &cq, &ncq, &cqcap, pl, i, i, 0);
            a = i;
            nnotes = 0; col = 0; col_top = -1; col_first = col2_first = -1; full = 0;
            notes = carry > 0 ? carry + NOTE_SEP : 0;
            continue;
        }
        if (it->snap && y % c->lay->grid) {
            /* to the next grid line, if that still fits; otherwise as the item overflows */
            fo_sp snapped = (y / c->lay->grid + 1) * c->lay->grid;
            if (snapped + h <= limit + 1) y = snapped;
        }
        if (first && y + h > c->block_h + 1 && !at_top)
            diag_warning(c->d, (diag_loc){0}, "page %d: a block taller than the space left overflows the page", *npages + 1);
        /* the plan ends the page here (after the item before), even if more
         * would fit: the chapter's pages fill better so. Not on a page that
         * starts with notes continued (the plan does not model them). */
        int planned = !at_top && plan_end(plan, a, carry, page_float) == i - 1;
        if (!planned && (y + h <= limit + 1 || split || at_top || first)) {
            if (split) full = 1;
            pl[i].page = page;
            if (!(it->kind == V_BLOCK && it->height == 0 && it->line.nitems == 0)) content++;
            pl[i].y = y;
            pl[i].dx = (it->sink == 2 && col == 1) ? column_dx(c) : 0;
            y += h;
            notes += nh;
            nnotes += cnt;
            i++;
            continue;
        }
        if (!planned && it->is_float && deferred < 0 && !at_top) {
            /* a figure that does not fit waits for the next page's top; the text flows on */
            deferred = i;
            pl[i].page = -1;
            i++;
            continue;
        }
        /* overflow: end the page after the last item that allows a break */
        /* first choice: a break that keeps every rule and does not end the page
         * with a hyphen (no word split across a page turn); then one that
         * keeps the rules only */
        /* Best fit over this page and the next: the legal breaks of this page,
         * latest first (at most 4, at most 3 lines apart), each costed by the
         * lines it leaves empty here, a hyphen at the turn, and how well the
         * next page would then fill; the cheapest wins, ties to the latest. */
        int j = -1;
        long best_cost = 0;
        int j_hyph = -1;       /* the cheapest break that costs more only for its hyphen */
        long hyph_cost = 0;
        int tried = 0, plain = 0; /* candidates costed; of them, not ending on a hyphen */
        fo_sp body_latest = -1;
        if (planned) {
            j = i - 1;
            if (dbg_fill) fprintf(stderr, "page %d: planned end after %d\n", *npages + 1, j);
            if (c->v[j].kind == V_LINE && c->v[j].line.hyphenated) request_whole_word(c, j);
        }
        for (int k = i - 1; !planned && k >= a && (tried < 4 || !plain); k--) {
            if (pl[k].page < 0 || !legal_break_after(c, k)) continue;
            fo_sp body_k = body_height(c, pl, a, k + 1);
            if (body_latest < 0) body_latest = body_k;
            /* further back than 3 lines only to find a break that is not on a hyphen */
            int hyph_k = c->v[k].kind == V_LINE && c->v[k].line.hyphenated;
            if (body_latest - body_k > 3 * c->lay->grid && (plain || hyph_k)) {
                if (plain) break;
                continue;
            }
            tried++;
            plain += !hyph_k;
            fo_sp used = body_k + page_notes_need(c, pl, a, k + 1, carry);
            int free_here = used < c->block_h ? (int)((c->block_h - used) / c->lay->grid) : 0;
            fo_sp next_carry = used > c->block_h ? used - c->block_h : 0;
            int hyph = c->v[k].kind == V_LINE && c->v[k].line.hyphenated;
            page_guess next = guess_page(c, k + 1, next_carry);
            /* the next page weighs half: it is a guess, and the next pass may
             * still fill it by looseness; this page is final */
            int next_short = next.chapter_end ? club_lines(next.lines)
                                              : next.free_lines + (int)(PLAN_HYPHEN / PLAN_LINE) * next.hyphen;
            long cost = page_cost(free_here, hyph, 0) + page_cost(next_short, 0, next.forced) / 2;
            if (dbg_fill)
                fprintf(stderr, "page %d: candidate after %d (kind %d, hyph %d): here %d short, next %d short%s, cost %ld\n",
                        *npages + 1, k, c->v[k].kind, hyph, free_here, next.free_lines, next.chapter_end ? " (chapter end)" : "",
                        cost);
            if (j < 0 || cost < best_cost) {
                j = k;
                best_cost = cost;
            }
            if (hyph && (j_hyph < 0 || cost < hyph_cost)) {
                j_hyph = k;
                hyph_cost = cost;
            }
        }
        /* a break that only its hyphen made dearer: the next pass may break
         * its paragraph so that the line ends on a whole word (the page then
         * ends there, on its last baseline). A break on a hyphen taken for
         * want of another is asked the same way. */
        if (j_hyph >= 0 && (j_hyph == j || hyph_cost - PLAN_HYPHEN < best_cost)) request_whole_word(c, j_hyph);
        if (j >= 0 && c->v[j].kind == V_LINE && c->v[j].line.hyphenated)
            diag_warning(c->d, (diag_loc){0}, "page %d ends with a hyphenated word: no other break was possible", *npages + 1);
        if (it->sink == 2) {
            /* the index's right column ends where the keeps allow */
            int k = column_break(c, pl, page, col2_first >= 0 ? col2_first : a, i);
            j = k >= 0 ? k : i - 1;
        } else if (j < 0) {
            j = i - 1;
            diag_warning(c->d, (diag_loc){0}, "page %d: no break point satisfies the keeps (widow, orphan or heading); breaking anyway",
                         *npages + 1);
        }
        /* the plan for a page starting at a, if this page follows it */
        int plan_e = plan_end(plan, a, carry, page_float);
        int plan_adj = plan_e >= a ? pp.adj[a] : 0;
        CLOSE_PAGE(j + 1);
        if (plan_e >= a && plan_adj > 0 && j == plan_e) request_planned(c, &pp, a, j, plan_adj, +1);
        if (plan_e >= a && plan_adj < 0 && j < plan_e) request_planned(c, &pp, a, plan_e, -plan_adj, -1);
        int plan_followed = plan_e >= a && (j == plan_e || plan_adj < 0);
        /* what of the page's notes does not fit under its body continues on the next page */
        {
            fo_sp body = body_height(c, pl, a, j + 1), need = page_notes_need(c, pl, a, j + 1, carry);
            carry = settle_notes(c, &cq, &ncq, &cqcap, pl, a, j + 1, body);
            /* a page of running text should end on its last baseline: when it
             * ends k grid lines short (the next block did not fit, or a keep
             * moved lines on), ask for paragraphs set a line longer or shorter
             * in the next pass (request_looser) */
            fo_sp free_h = c->block_h - body - need;
            int k = free_h > 0 ? (int)(free_h / c->lay->grid) : 0;
            if (k >= 1 && c->v[i].sink != 2) {
                /* or pull the next unbreakable run (a heading and its two lines)
                 * up by setting a paragraph or two a line tighter */
                fo_sp next = 0;
                for (int q = j + 1; q < c->nv; q++) {
                    if (c->v[q].kind == V_PAGEBREAK) { next = -1; break; }
                    next += vitem_height(&c->v[q]); /* its space above counts: the page is not at its top */
                    if (!c->v[q].keep_with_next) break;
                }
                int tighter = next > 0 ? (int)((next - free_h + c->lay->grid - 1) / c->lay->grid) : 99;
                if (dbg_fill)
                    fprintf(stderr, "page %d: %d lines short, next run %.1fpt, tighter %d\n", *npages, k, FO_TO_PT(next), tighter);
                (*pages)[*npages - 1].free_lines = k;
                /* the full pages before it pass a line on (one set a line
                 * shorter there pulls one back); a page that follows the plan
                 * asked for what the plan counted on, no more */
                int p0 = full_pages_before(*pages, *npages, a);
                if (plan_followed) {
                } else if (tighter >= 1 && tighter <= 2 && tighter < k) {
                    if (request_looser(c, pl, p0, a, j, tighter, -1) < tighter)
                        request_looser(c, pl, p0, a, j, k, +1); /* too little left to tighten: loosen */
                } else if (request_looser(c, pl, p0, a, j, k, +1) < k && tighter >= 1 && tighter <= 2)
                    request_looser(c, pl, p0, a, j, tighter, -1); /* too little left to loosen: tighten */
            }
        }
        page = *npages;
        a = j + 1;
        if (deferred >= a) deferred = -1;
        for (int k = a; k <= i && k < c->nv; k++) pl[k].page = -1;
        i = a;
        y = 0; nnotes = 0; col = 0; col_top = -1; col_first = col2_first = -1; full = 0;
        notes = carry > 0 ? carry + NOTE_SEP : 0;
    }
    if (col_top >= 0) balance_last_page(c, pl, *pages, *npages, page, &a, col_first, c->nv, col_top);
    int any = 0;
    for (int k = a; k < c->nv; k++)
        if (pl[k].page >= 0) any = 1;
    if (any) {
        CLOSE_PAGE(c->nv);
        carry = settle_notes(c, &cq, &ncq, &cqcap, pl, a, c->nv, body_height(c, pl, a, c->nv));
    }
    while (ncq > 0) {
        a = c->nv;
        CLOSE_PAGE(c->nv);
        carry = settle_notes(c, &cq, &ncq, &cqcap, pl, c->nv, c->nv, 0);
    }
    free(cq);
    plan_free(&pp);
    if (deferred >= 0) {
        /* a figure deferred past the last page gets a page of its own */
        page = *npages;
        pl[deferred].page = page;
        pl[deferred].y = 0;
        page_float = deferred;
        a = c->nv;
        CLOSE_PAGE(c->nv);
    }
#undef CLOSE_PAGE
}

/* Place a set line's items on page p at (x, baseline); artifact marks page
 * furniture (running heads, folios) that a screen reader skips. */
static void draw_line_items(pm_page *p, const vline *vl, fo_sp x, fo_sp baseline, pm_artifact artifact)
{
    pm_sp dx = pm_sp_of(x), dy = pm_sp_of(baseline);
    for (int k = 0; k < vl->nitems; k++) {
        pm_item *dst = pm_add(p, (pm_kind)vl->items[k].kind);
        *dst = vl->items[k];
        dst->x += dx;
        dst->y += dy;
        if (artifact != PM_CONTENT) dst->artifact = (uint8_t)artifact;
    }
}

/* A table that ends a page (not a chapter's last, with no notes) and leaves
 * whole grid lines empty under it stands at the page's foot instead: the
 * spare lines go above its caption, so the page ends on its last baseline
 * and the table reads as set at the foot (LaTeX's [b]). Moved by whole grid
 * lines, it keeps its alignment; not a table that starts the page, nor one
 * in a box. */
static void table_to_foot(const composer *c, place *pl, const pagespec *ps, int p, int notes_waiting)
{
    if (notes_waiting || ps->opener || ps->end >= c->nv || c->v[ps->end].kind == V_PAGEBREAK) return;
    int last = -1, top = -1;
    fo_sp used = 0;
    for (int i = ps->first; i < ps->end; i++) {
        if (pl[i].page != p || c->v[i].kind == V_SPACE) continue;
        for (int m = 0; m < c->v[i].line.nmarks; m++)
            if (c->v[i].line.marks[m].kind == MARK_NOTE) return;
        if (top < 0 && !(c->v[i].kind == V_BLOCK && c->v[i].height == 0 && c->v[i].line.nitems == 0)) top = i;
        fo_sp e = pl[i].y + vitem_height(&c->v[i]);
        if (e >= used) {
            used = e;
            last = i;
        }
    }
    if (last < 0 || top < 0) return;
    int t = c->v[last].table;
    if (!t || c->v[last].box >= 0 || c->v[top].table == t) return;
    for (int k = last + 1; k < c->nv && k < ps->end + 1; k++)
        if (c->v[k].table == t) return; /* the table goes on overleaf */
    fo_sp shift = (c->block_h - used) / c->lay->grid * c->lay->grid;
    if (shift <= 0) return;
    for (int i = ps->first; i < ps->end; i++)
        if (pl[i].page == p && c->v[i].table == t) pl[i].y += shift;
}

/* The notes' lines at a page's foot: lines [from, to) of note `note`. */
typedef struct foot_slice {
    int note, from, to;
} foot_slice;

/* The pages of this pass, as phase 1 cut them and place_pages() settled
 * them: kept from pagebuild() to pagebuild_draw(), and for the last pass
 * until its pages are drawn (draw_page). */
struct page_cut {
    place *pl;
    pagespec *pages;
    int npages;
    int *short_lines;    /* per page: grid lines left empty (pm_page.short_lines) */
    foot_slice *foot;    /* the notes at the pages' feet, page by page: */
    int *foot_first;     /* page p's are foot[foot_first[p] .. foot_first[p + 1]) */
    fo_sp *foot_top;     /* and the first of them stands at foot_top[p] */
    int nfoot, foot_cap;
    /* the last pass, drawn: its page furniture set, its references by id */
    vline *folio_line, *head_line; /* per page (nitems 0: none) */
    unsigned char *has_head;       /* per page: a running head (and its rule) is drawn */
    fo_sp *folio_x;
};

/* Where a link goes, now that the pass has placed every anchor: an id's
 * place, a note's first line, or a page (the index). A link whose target is
 * nowhere gets none (its words stay). */
static void resolve_link(const composer *c, pm_item *it)
{
    if (it->kind != PM_LINK || !(it->flags & PM_TO_ID)) return;
    size_t nl = strlen(PM_NOTE_DEST), pl = strlen(PM_PAGE_DEST);
    int page = -1;
    fo_sp y = 0;
    const char *id = it->ref;
    if (!strncmp(id, PM_NOTE_DEST, nl)) {
        int n = atoi(id + nl);
        if (n >= 0 && n < c->nnotes) {
            page = c->notes[n].drawn_page;
            y = c->notes[n].drawn_y;
        }
    } else if (!strncmp(id, PM_PAGE_DEST, pl)) {
        page = atoi(id + pl);
    } else {
        const ref_entry *r = refs_find(&c->refs, id);
        if (r) {
            page = r->page;
            y = r->y;
        }
    }
    it->dest_page = page >= 0 && page < c->cut->npages ? page : -1; /* -1: the writer makes no link */
    it->dest_y = pm_sp_of(y);
}

/* Set page p's furniture: its folio (none on the title page, whose
 * "chapter" has no title) and its running head (none on openers). */
static void set_furniture(composer *c, struct page_cut *cut, int p)
{
    const layout *lay = c->lay;
    const pagespec *ps = &cut->pages[p];
    int recto = p % 2 == 0;
    fo_sp left = recto ? lay->m_inner : lay->m_outer;
    char label[32];
    compose_page_label(c, p, label, sizeof label);
    const layout_style *fst = layout_style_or(lay, "folio", "body");
    const layout_style *rst = layout_style_or(lay, "running-head", "body");
    /* folio at the foot, outside corner */
    fo_sp fw = para_text_width(&c->env, fst, label);
    cut->folio_x[p] = lay->folio_outside ? (recto ? left + c->measure - fw : left) : left + (c->measure - fw) / 2;
    vline *lines = NULL;
    int n = 0, cap = 0;
    para_opts o;
    memset(&o, 0, sizeof o);
    o.style = fst;
    o.measure = c->measure;
    o.indent = 0;
    o.hyphenate = 0;
    o.no_expansion = 1;
    o.align = ALIGN_LEFT;
    para_set_text(&c->env, label, &o, &lines, &n, &cap);
    int title_page = ps->opener && !c->chapters[ps->chapter].title;
    if (n > 0 && !title_page) cut->folio_line[p] = lines[0];
    n = 0;
    if (lay->running_heads && !ps->opener) {
        const char *text = recto ? c->chapters[ps->chapter].title : c->book->title;
        if (!text) text = c->book->title;
        if (text) {
            o.style = rst;
            o.align = recto ? ALIGN_RIGHT : ALIGN_LEFT;
            para_set_text(&c->env, text, &o, &lines, &n, &cap);
            if (n > 0) cut->head_line[p] = lines[0];
            cut->has_head[p] = 1;
        }
    }
    free(lines);
}

/* Phase 2 over the pages cut by phase 1: where every id, note and index
 * mark fell, which notes' lines stand at each page's foot, and how well the
 * pages fill (the looseness search's measure). Nothing is drawn: the last
 * pass's pages are drawn when the writer asks for them (draw_page). */
static void place_pages(composer *c, struct page_cut *cut)
{
    const layout *lay = c->lay;
    place *pl = cut->pl;
    pagespec *pages = cut->pages;
    int npages = cut->npages;
    const int dbg_pages = getenv("FOLIO_DEBUG_PAGES") != NULL;
    for (int r = 0; r < c->refs.n; r++) c->refs.v[r].page = -1;
    int *note_queue = NULL, nq = 0, qcap = 0;   /* notes called on this page */
    typedef struct { const char *rid; int term, page; } range_open;
    range_open *ranges = NULL;                  /* index page ranges started, not yet ended */
    int nranges = 0, ranges_cap = 0;
    nslice *carry_q = NULL;                     /* notes (or their rest) waiting for a foot */
    int ncarry = 0, carry_cap = 0;
    ix_index *ix = c->ix;
    fo_sp top = lay->m_top;
    cut->short_lines = xcalloc((size_t)npages + 1, sizeof *cut->short_lines);
    cut->foot_first = xcalloc((size_t)npages + 1, sizeof *cut->foot_first);
    cut->foot_top = xcalloc((size_t)npages + 1, sizeof *cut->foot_top);
    for (int p = 0; p < npages; p++) {
        pagespec *ps = &pages[p];
        cut->foot_first[p] = cut->nfoot;
        if (ps->blank) continue; /* an empty verso: no head, no folio */
        table_to_foot(c, pl, ps, p, ncarry);
        nq = 0;
        /* the page's items: a floated figure first, then the flow */
        for (int i = ps->float_item >= 0 ? -1 : ps->first; i < ps->end; i++) {
            int idx = i < 0 ? ps->float_item : i;
            if (i >= 0 && pl[i].page != p) continue;
            if (i >= 0 && i == ps->float_item) continue;
            const vitem *it = &c->v[idx];
            fo_sp y = top + pl[idx].y; /* a floated figure atop the page, or after a table */
            for (int m = 0; m < it->line.nmarks; m++) {
                const vmark *mk = &it->line.marks[m];
                if (mk->kind == MARK_NOTE) {
                    VEC_PUSH(note_queue, nq, qcap, mk->value);
                    c->notes[mk->value].page = p;
                } else if (mk->kind == MARK_INDEX && ix) ix_add_page(ix, mk->value, p);
                else if (mk->kind == MARK_INDEX_START && ix) {
                    range_open ro = {mk->id, mk->value, p};
                    VEC_PUSH(ranges, nranges, ranges_cap, ro);
                } else if (mk->kind == MARK_INDEX_END && ix) {
                    for (int r = nranges - 1; r >= 0; r--)
                        if (ranges[r].rid && mk->id && !strcmp(ranges[r].rid, mk->id)) {
                            ix_add_page_range(ix, ranges[r].term, ranges[r].page, p);
                            ranges[r] = ranges[--nranges];
                            break;
                        }
                }
                else if (mk->kind == MARK_ANCHOR && mk->value == 0) {
                    int r = refs_find_pos(&c->refs, mk->id);
                    if (r >= 0 && c->refs.v[r].page < 0) {
                        c->refs.v[r].page = p;
                        c->refs.v[r].y = y;
                    }
                }
            }
        }
        /* notes at the foot: the continuation first, then this page's notes, in
         * order; the first line that does not fit and everything after it
         * continue on the next page */
        fo_sp used = 0;
        for (int i = ps->first; i < ps->end; i++)
            if (pl[i].page == p && c->v[i].kind != V_SPACE) {
                fo_sp e = pl[i].y + vitem_height(&c->v[i]);
                if (e > used) used = e;
            }
        for (int q = 0; q < nq; q++) {
            nslice ns = {note_queue[q], 0};
            VEC_PUSH(carry_q, ncarry, carry_cap, ns);
        }
        fo_sp avail = c->block_h - used - NOTE_SEP;
        fo_sp total = 0;
        int done = 0;          /* slices wholly placed */
        int part_to = -1;      /* lines placed of the first slice not wholly placed */
        for (; done < ncarry; done++) {
            const note_entry *ne = &c->notes[carry_q[done].note];
            int l = carry_q[done].from;
            while (l < ne->nlines && total + ne->lines[l].leading <= avail + 1) total += ne->lines[l++].leading; /* phase 1 allows 1 sp */
            if (l < ne->nlines) {
                part_to = l;
                break;
            }
        }
        {
            /* how well the pages fill: the passes keep the looseness that leaves fewest empty lines */
            int end_ch = ps->end >= c->nv || c->v[ps->end].kind == V_PAGEBREAK;
            fo_sp free_h = c->block_h - used - (total > 0 ? total + NOTE_SEP : 0);
            if (!end_ch && free_h >= c->lay->grid) {
                c->fill_score += (int)(free_h / c->lay->grid);
                if (c->chapter_fill) c->chapter_fill[ps->chapter] += (int)(free_h / c->lay->grid);
                cut->short_lines[p] = (int)(free_h / c->lay->grid);
            }
            /* a club page (a chapter's last page with a line or three, the
             * chapter having begun before it) counts what it lacks */
            if (end_ch && !ps->opener && used > 0) {
                int club = club_lines((int)(used / c->lay->grid));
                c->fill_score += club;
                if (c->chapter_fill) c->chapter_fill[ps->chapter] += club;
            }
            if (dbg_pages)
                fprintf(stderr, "page %d: %s%.2f lines free%s\n", p + 1, ps->opener ? "opener, " : "",
                        (double)free_h / (double)c->lay->grid, end_ch ? " (end)" : "");
        }
        if (total > 0) {
            fo_sp ny = top + c->block_h - total;
            cut->foot_top[p] = ny;
            int upto = part_to >= 0 ? done + 1 : done;
            for (int s2 = 0; s2 < upto; s2++) {
                note_entry *ne = &c->notes[carry_q[s2].note];
                int to = (s2 == done && part_to >= 0) ? part_to : ne->nlines;
                if (carry_q[s2].from == 0 && to > 0) {
                    ne->drawn_page = p; /* where its calls link to */
                    ne->drawn_y = ny;
                }
                for (int l = carry_q[s2].from; l < to; l++) ny += ne->lines[l].leading;
                foot_slice fsl = {carry_q[s2].note, carry_q[s2].from, to};
                VEC_PUSH(cut->foot, cut->nfoot, cut->foot_cap, fsl);
            }
        }
        /* keep what is left */
        if (part_to >= 0) carry_q[done].from = part_to;
        if (ncarry > done) memmove(carry_q, carry_q + done, sizeof *carry_q * (size_t)(ncarry - done));
        ncarry -= done;
    }
    cut->foot_first[npages] = cut->nfoot;
    if (ncarry > 0)
        diag_warning(c->d, (diag_loc){0}, "%d note%s did not fit before the end of the book", ncarry, ncarry == 1 ? "" : "s");
    /* a range never ended counts its start page (the manuscript check reports it) */
    for (int r = 0; ix && r < nranges; r++) ix_add_page(ix, ranges[r].term, ranges[r].page);
    free(ranges);
    free(carry_q);
    free(note_queue);
}

void pagebuild(composer *c)
{
    place *pl = xcalloc((size_t)c->nv + 1, sizeof *pl);
    pagespec *pages = NULL;
    int npages = 0;
    c->first_arabic_page = -1;
    phase1(c, pl, &pages, &npages);
    if (npages > FOLIO_MAX_PAGES) { /* base/bounds.h: compose_book reports it; pages past it are not made */
        c->over_page_limit = 1 + pages[FOLIO_MAX_PAGES].first;
        npages = FOLIO_MAX_PAGES;
    }
    /* the first arabic page: the first page whose items come after the marker */
    int marker = -1;
    for (int i = 0; i < c->nv; i++)
        if (c->v[i].kind == V_PAGEBREAK && c->v[i].opener == 2) { marker = i; break; }
    c->first_arabic_page = npages;
    for (int p = 0; p < npages; p++)
        if (!pages[p].blank && pages[p].first > marker && marker >= 0) { c->first_arabic_page = p; break; }
    if (marker < 0) c->first_arabic_page = 0;
    /* a blank verso before the first arabic page belongs to the front matter: fine */
    pagebuild_discard(c);
    c->cut = xcalloc(1, sizeof *c->cut);
    c->cut->pl = pl;
    c->cut->pages = pages;
    c->cut->npages = npages;
    place_pages(c, c->cut);
}

/* Draw page p of the last pass (pm_doc.draw): its tinted boxes, a table's
 * repeated head, its items (a floated figure first) and their links, the
 * notes at its foot under a short rule, its folio and running head. */
static void draw_page(void *user, int p, pm_page *pg)
{
    composer *c = user;
    const struct page_cut *cut = c->cut;
    const layout *lay = c->lay;
    const place *pl = cut->pl;
    const pagespec *ps = &cut->pages[p];
    int recto = p % 2 == 0;
    fo_sp left = recto ? lay->m_inner : lay->m_outer;
    fo_sp top = lay->m_top;
    if (ps->blank) return; /* an empty verso: no head, no folio */
    /* box backgrounds first, so that text is drawn over them */
    for (int i = ps->first; i < ps->end; i++) {
        if (pl[i].page != p || c->v[i].box < 0) continue;
        int b = c->v[i].box;
        fo_sp y0 = pl[i].y, y1 = pl[i].y + vitem_height(&c->v[i]);
        int k = i + 1;
        for (; k < ps->end && (c->v[k].box == b || pl[k].page != p); k++)
            if (pl[k].page == p) y1 = pl[k].y + vitem_height(&c->v[k]);
        pm_item *rect = pm_add(pg, PM_RECT);
        rect->x = pm_sp_of(left);
        rect->y = pm_sp_of(top + y0);
        rect->w = pm_sp_of(c->measure);
        rect->h = pm_sp_of(y1 - y0);
        rect->color = &lay->tint;
        rect->artifact = PM_ART_LAYOUT;
        i = k - 1;
    }
    if (ps->head_item >= 0)
        draw_line_items(pg, &c->v[ps->head_item].line, left + c->v[ps->head_item].x, top,
                        PM_ART_LAYOUT); /* a repeated head: read once, where the table starts */
    /* the page's items: a floated figure first, then the flow */
    for (int i = ps->float_item >= 0 ? -1 : ps->first; i < ps->end; i++) {
        int idx = i < 0 ? ps->float_item : i;
        if (i >= 0 && pl[i].page != p) continue;
        if (i >= 0 && i == ps->float_item) continue;
        const vitem *it = &c->v[idx];
        fo_sp x = left + it->x + pl[idx].dx;
        fo_sp y = top + pl[idx].y; /* a floated figure atop the page, or after a table */
        if (it->kind == V_LINE) draw_line_items(pg, &it->line, x, y + it->line.leading * 3 / 4, PM_CONTENT);
        else if (it->kind == V_BLOCK) draw_line_items(pg, &it->line, x, y, PM_CONTENT);
        if (!lay->pdf_links) continue;
        for (int m = 0; m < it->line.nmarks; m++) {
            const vmark *mk = &it->line.marks[m];
            if (mk->kind == MARK_ANCHOR && mk->value == -1) {
                /* a contents line, a chronology's "→ p. 17": the whole line links */
                pm_item *lk = pm_add(pg, PM_LINK);
                lk->x = pm_sp_of(x);
                lk->y = pm_sp_of(y);
                lk->w = pm_sp_of(c->measure - it->x);
                lk->h = pm_sp_of(vitem_height(it));
                lk->ref = mk->id;
                lk->flags = PM_TO_ID;
                lk->sid = mk->sid;
                lk->seq = mk->sid;
            }
        }
    }
    /* the notes at the foot, under a short rule */
    if (cut->foot_first[p] < cut->foot_first[p + 1]) {
        fo_sp ny = cut->foot_top[p];
        pm_item *rule = pm_add(pg, PM_RULE);
        rule->x = pm_sp_of(left);
        rule->y = pm_sp_of(ny - NOTE_SEP / 2);
        rule->w = pm_sp_of(lay->note_rule_width);
        rule->h = 0;
        rule->size = pm_sp_of(FO_PT(0.4));
        rule->artifact = PM_ART_LAYOUT;
        for (int f = cut->foot_first[p]; f < cut->foot_first[p + 1]; f++) {
            const note_entry *ne = &c->notes[cut->foot[f].note];
            for (int l = cut->foot[f].from; l < cut->foot[f].to; l++) {
                draw_line_items(pg, &ne->lines[l], left, ny + ne->lines[l].leading * 3 / 4, PM_CONTENT);
                ny += ne->lines[l].leading;
            }
        }
    }
    /* the folio, the running head and a hairline under it */
    if (cut->folio_line[p].nitems > 0)
        draw_line_items(pg, &cut->folio_line[p], cut->folio_x[p], lay->page_h - lay->m_bottom + FO_MM(12), PM_ART_PAGINATION);
    if (cut->has_head[p]) {
        draw_line_items(pg, &cut->head_line[p], left, lay->m_top - FO_MM(9), PM_ART_PAGINATION);
        pm_item *r = pm_add(pg, PM_RULE);
        r->x = pm_sp_of(left);
        r->y = pm_sp_of(lay->m_top - FO_MM(7));
        r->w = pm_sp_of(c->measure);
        r->h = 0;
        r->size = pm_sp_of(FO_PT(0.3));
        r->color = &lay->rule;
        r->artifact = PM_ART_LAYOUT;
    }
    for (int i = 0; i < pg->nitems; i++) resolve_link(c, &pg->items[i]);
}

/* The last pass, kept for its pages to be drawn (draw_page); freed with the page model. */
static void kept_pass_free(void *user)
{
    composer *c = user;
    pagebuild_discard(c);
    compose_free_pass(c);
    free(c);
}

void pagebuild_draw(composer *c, pm_doc *out)
{
    struct page_cut *cut = c->cut;
    if (!cut) return;
    cut->folio_line = xcalloc((size_t)cut->npages + 1, sizeof *cut->folio_line);
    cut->head_line = xcalloc((size_t)cut->npages + 1, sizeof *cut->head_line);
    cut->folio_x = xcalloc((size_t)cut->npages + 1, sizeof *cut->folio_x);
    cut->has_head = xcalloc((size_t)cut->npages + 1, 1);
    for (int p = 0; p < cut->npages; p++) {
        pm_page *pg = pm_new_page(out);
        pg->folio = p >= c->first_arabic_page ? p - c->first_arabic_page + 1 : p + 1;
        pg->roman = p < c->first_arabic_page;
        pg->short_lines = cut->short_lines[p];
        if (!cut->pages[p].blank) set_furniture(c, cut, p);
    }
    /* the pass is the page model's now: drawn page by page when asked */
    composer *kept = xmalloc(sizeof *kept);
    *kept = *c;
    c->cut = NULL;
    pm_doc_set_drawer(out, draw_page, kept_pass_free, kept);
}

void pagebuild_discard(composer *c)
{
    struct page_cut *cut = c->cut;
    if (!cut) return;
    free(cut->pl);
    free(cut->pages);
    free(cut->short_lines);
    free(cut->foot);
    free(cut->foot_first);
    free(cut->foot_top);
    free(cut->folio_line);
    free(cut->head_line);
    free(cut->folio_x);
    free(cut->has_head);
    free(cut);
    c->cut = NULL;
}
