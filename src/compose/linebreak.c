/* linebreak.c - Knuth-Plass total-fit line breaking.
 *
 * This file chooses where a paragraph's lines end. It follows D. E. Knuth and
 * M. F. Plass, "Breaking Paragraphs into Lines" (Software-Practice and
 * Experience 11, 1981) and its implementation in tex.web, part 38 ("Breaking
 * paragraphs into lines", sections 813-890); the comments cite those sections
 * as "tex.web §N", the way SILE's core/break.lua does.
 *
 * The algorithm in one paragraph: every legal breakpoint is visited in order
 * (§866). A list of *active* nodes holds the earlier breakpoints from which a
 * line could still reach the current one (§819); each is a *passive* node too
 * (§821), kept after it stops being active so that the chosen breaks can be
 * read back through the `prev` links (§877-§878). For every active node the
 * line from it to the current breakpoint is measured in O(1) with prefix sums
 * over the item list (our form of TeX's active_width and background, §823),
 * its badness (§108) and fitness class (§817, §851-§853) are found, and if the
 * line is feasible its demerits (§859) are added to the node's total; the best
 * total for each kind of node becomes a new active node at this breakpoint
 * (§836, §845, §855). A node whose line has become overfull can never reach
 * a later breakpoint and is deactivated (§851, §860), as is every node at a
 * forced break. The work is thus O(n x active nodes).
 *
 * Nodes are kept apart (as TeX keeps them apart by fitness class and line
 * number, §835, §848) whenever their futures differ:
 *   - the fitness class of the line ending there (adj_demerits, §859);
 *   - the line number while line widths still vary (TeX's easy_line, §848),
 *     and always when looseness != 0 (§829: easy_line = max_halfword), so
 *     that the best solution of every line count survives to the end;
 *   - in passes 1 and 2, when max_hyphen_run is set, the number of
 *     consecutive hyphenated lines ending there, so that the limit is a hard
 *     constraint and the result is still the exact optimum.
 * Whether the break is flagged is a property of the position, so it needs no
 * key of its own. Among nodes that share the line number and hyphen run, a
 * fitness class whose total is worse than the best by more than
 * |adj_demerits| can never win and is not created (§836, §855).
 *
 * Looseness (§873, §875): at the end of a pass the final active node with
 * fewest demerits gives the pass's best line count b; the node chosen is the
 * one whose count is nearest b + looseness without going beyond it, fewest
 * demerits first among equals (the first found on a tie). A pass that misses
 * b + looseness does not end the search unless it is pass 3. Our pass 3
 * has no badness limit, unlike TeX's final pass, which keeps the tolerance
 * (adding emergency stretch); with looseness != 0 pass 3 therefore first
 * runs bounded by the tolerance, as TeX's, so that the looseness is not
 * bought with lines TeX would never set. Only when that finds no breaks at
 * all (nothing can be set within the tolerance, or an unbreakable box is
 * wider than the line) does the unbounded pass 3 run, as for looseness 0
 * and ignoring the looseness (then not met). TeX would still apply it after
 * its artificial_demerits breaks.
 *
 * Passes (§863, §873): 1) pretolerance, flagged breaks not feasible (skipped
 * when pretolerance < 0); 2) tolerance, flagged breaks feasible; 3) emergency:
 * emergency_stretch is added to every line's stretch, the tolerance is
 * infinite and max_hyphen_run is ignored. A pass fails when its active list
 * runs empty. Pass 3 never fails: when every remaining active node would be
 * deactivated because its line is overfull, a break is made anyway from the
 * node whose line is overfull by the least amount and that line is marked
 * overfull (our version of TeX's artificial_demerits, §854). Lines never
 * shrink beyond their glue's shrink: a line that would need r < -1 is never
 * feasible, only this last-resort break produces one.
 *
 * Conventions that differ from TeX, all forced by items.h:
 *   - legal breaks (§866, §868): a glue immediately preceded by a box; a
 *     penalty < PENALTY_INF. Flagged penalties are the hyphenation breaks.
 *     A penalty's `width` ends the line broken there; its `post_width`
 *     starts the next line.
 *   - after a break, glue and non-forced penalties are discarded up to the
 *     next box or forced penalty (§879); the first line keeps everything.
 *     A breakpoint inside the discarded stretch after a break cannot end a
 *     line that starts at that break.
 *   - font expansion (pdfTeX's \pdfadjustspacing): with expand_max > 0 each
 *     line's stretch and shrink both grow by expand_max * (sum of its boxes'
 *     `expand`), rounded to the nearest sp.
 *   - min_last_line, fair_last_line: the paragraph's last line (ending at
 *     the final forced break, when it is not the paragraph's only line) whose
 *     natural width, not counting fil glue, is below either costs
 *     LB_SHORT_LAST_LINE_DEMERITS more.
 *   - a last line that is only the rest of a word broken on the line before
 *     (no finite glue in it, after a flagged or inword penalty) is not
 *     feasible in passes 1 and 2 and costs LB_FRAGMENT_DEMERITS in pass 3.
 *
 * Assumptions (as in TeX): box widths are not negative and glue shrink does
 * not exceed its width, so a line that is overfull stays overfull when it is
 * made longer; otherwise deactivating overfull nodes may miss a solution.
 * Penalty widths should be no larger than the box that follows them.
 *
 * Memory: one scratch context per call (prefix sums, node and active arrays,
 * candidate table), all freed before linebreak() returns. No global state. */
#include "linebreak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

#define LB_INF_BAD 10000          /* tex.web §108: "infinitely bad" */
#define LB_NO_TOTAL INT64_MAX     /* an empty candidate slot */
#define LB_MAX_RUN_KEYED 64       /* larger max_hyphen_run values mean "no limit" */

enum { FIT_VERY_LOOSE = 0, FIT_LOOSE = 1, FIT_DECENT = 2, FIT_TIGHT = 3 };

void lb_params_default(lb_params *p)
{
    /* plain.tex: \pretolerance=100 \tolerance=200 \linepenalty=10
     * \adjdemerits=10000 \doublehyphendemerits=10000
     * \finalhyphendemerits=5000 \emergencystretch=0pt */
    memset(p, 0, sizeof *p);
    p->widths = NULL;
    p->nwidths = 0;
    p->pretolerance = 100;
    p->tolerance = 200;
    p->emergency_stretch = 0;
    p->line_penalty = 10;
    p->adj_demerits = 10000;
    p->double_hyphen_demerits = 10000;
    p->final_hyphen_demerits = 5000;
    p->max_hyphen_run = 0;
    p->expand_max = 0.0;
    p->min_last_line = 0;
    p->looseness = 0;
    p->no_hyphen_line = 0;
}

/* A break node, active or passive (tex.web §819, §821). The paragraph's start
 * is node 0, at position -1. */
typedef struct lb_node {
    int64_t total;    /* total demerits of the best way to get here */
    fo_sp post;       /* post_width of the break item: starts the next line */
    int pos;          /* index of the break item */
    int start;        /* first item of the line after this break (§879) */
    int prev;         /* node of the previous break, -1 for the start */
    int lines;        /* lines before this break (the next line's number) */
    int32_t badness;  /* badness of the line ending here, as used for demerits */
    uint8_t fitness;  /* fitness class of the line ending here */
    uint8_t run;      /* consecutive hyphenated lines ending here (capped at 255) */
    uint8_t flagged;  /* break item is a flagged penalty */
    uint8_t overfull; /* line ending here is overfull (last-resort break) */
    uint8_t inword;   /* break item is a break inside a word (flagged or inword): the next
                         line starts with the rest of a word */
} lb_node;

/* The best way found so far to reach the current breakpoint for one key
 * (line class, hyphen run, fitness class): tex.web's minimal_demerits[],
 * best_place[] and best_pl_line[] (§833). */
typedef struct lb_cand {
    int64_t total;
    int from;
    int32_t badness;
    uint8_t run;
} lb_cand;

/* The measured line from one active node to one breakpoint. */
typedef struct lb_measure {
    fo_sp natural;    /* content + break width + previous post_width */
    fo_sp stretch;    /* finite glue stretch + expansion (+ emergency) */
    fo_sp shrink;     /* glue shrink + expansion */
    fo_sp shortfall;  /* line width - natural */
    fo_sp fil_width;  /* natural width of the fil glue in the line */
    int32_t nfil;     /* fil glue items in the line */
    int32_t badness;  /* tex.web §108; LB_INF_BAD + 1 when overfull (§851) */
    int fitness;
    int overfull;
} lb_measure;

typedef struct lb_ctx {
    const item *it;
    int n;
    const lb_params *p;
    /* prefix sums over items [0, i) (tex.web §823 background/active_width) */
    fo_sp *W;        /* box and glue widths */
    fo_sp *Y;        /* finite glue stretch */
    fo_sp *Z;        /* glue shrink */
    fo_sp *X;        /* box expand */
    fo_sp *FW;       /* fil glue widths */
    int32_t *F;      /* fil glue count */
    int32_t *G;      /* finite glue count (word spaces: a line without one is a single word) */
    int *after;      /* after[i]: first item of the line after a break at i */
    /* nodes, active list, candidates */
    lb_node *nodes;
    int nnodes, capnodes;
    int *active, nactive, capactive;
    lb_cand *cand;   /* cls_cap * Rmax * 4 slots, key ((class * R) + run) * 4 + fitness */
    int *touched;    /* as many slots as cand */
    int ntouched;
    int nclass;      /* line classes: min(nwidths, n + 1); n + 1 (every line number) with looseness */
    int cls_cap;     /* line classes the candidate table holds now (grows only with looseness) */
    int Rmax;        /* hyphen-run keys the table is laid out for (>= R of every pass) */
    int max_run;     /* keyed hyphen-run limit of this pass, 0 = none */
    int R;           /* max_run + 1, or 1 */
    int looseness;   /* the looseness the passes now aim at (0 in the unbounded fallback) */
    int reluctant_ok;/* reluctant hyphens (flagged == LB_RELUCTANT) are legal breaks in this pass */
    int stretched;   /* pass 2 with the emergency stretch (the reluctant pass, see linebreak()) */
    int actual;      /* the last pass's actual looseness (§875) */
} lb_ctx;

/* tex.web §108: badness(t, s) ~ 100 (t/s)^3, "infinitely bad" from 10000 on.
 * TeX's form with r = 297 t / s, exact in 64 bits. Lengths stay far below
 * 2^54 sp, so 297 * (t % s) cannot overflow. */
static int32_t lb_badness(fo_sp t, fo_sp s)
{
    if (t == 0) return 0;
    if (s <= 0) return LB_INF_BAD;
    if (t / 5 >= s) return LB_INF_BAD; /* r >= 1485 > 1290 */
    int64_t r = (t / s) * 297 + ((t % s) * 297) / s;
    if (r > 1290) return LB_INF_BAD;
    return (int32_t)((r * r * r + 0x20000) / 0x40000);
}

static fo_sp lb_line_width(const lb_params *p, int line)
{
    return p->widths[line < p->nwidths - 1 ? line : p->nwidths - 1];
}

static fo_sp lb_expansion(const lb_params *p, fo_sp expand)
{
    if (p->expand_max <= 0.0 || expand <= 0) return 0;
    return (fo_sp)llround(p->expand_max * (double)expand);
}

/* Measure the line [s, e) broken at e, after a break whose post_width is
 * `post`, on a line of width L; `emergency` is added to the stretch.
 * Badness and fitness as tex.web §851-§853. */
static void lb_measure_line(const lb_ctx *c, int s, fo_sp post, int e, fo_sp L,
                            fo_sp emergency, lb_measure *m)
{
    const item *b = &c->it[e];
    fo_sp xw = lb_expansion(c->p, c->X[e] - c->X[s]);
    m->natural = c->W[e] - c->W[s] + post + (b->type == ITEM_PENALTY ? b->width : 0);
    m->stretch = c->Y[e] - c->Y[s] + xw + emergency;
    m->shrink = c->Z[e] - c->Z[s] + xw;
    m->nfil = c->F[e] - c->F[s];
    m->fil_width = c->FW[e] - c->FW[s];
    m->shortfall = L - m->natural;
    m->overfull = 0;
    m->fitness = FIT_DECENT;
    if (m->shortfall > 0) {
        /* §852: fil glue makes the line perfect, decent */
        if (m->nfil > 0) {
            m->badness = 0;
        } else {
            m->badness = lb_badness(m->shortfall, m->stretch);
            m->fitness = m->badness > 99 ? FIT_VERY_LOOSE : m->badness > 12 ? FIT_LOOSE : FIT_DECENT;
        }
    } else if (m->shortfall < 0) {
        /* §853: never shrink beyond the shrink available */
        if (-m->shortfall > m->shrink) {
            m->badness = LB_INF_BAD + 1;
            m->fitness = FIT_TIGHT;
            m->overfull = 1;
        } else {
            m->badness = lb_badness(-m->shortfall, m->shrink);
            m->fitness = m->badness > 12 ? FIT_TIGHT : FIT_DECENT;
        }
    } else {
        m->badness = 0;
    }
}

/* tex.web §859: demerits of one line with badness b (at most LB_INF_BAD),
 * ending at a break of penalty pi. (line_penalty + b)^2, or 10^8 once
 * |line_penalty + b| >= 10000; + pi^2 for pi > 0, - pi^2 for a negative but
 * not forced pi; hyphen and fitness terms as in the text. */
static int64_t lb_demerits(const lb_params *p, int32_t b, int32_t pi, int flagged, int final,
                           const lb_node *from, int fitness)
{
    int64_t d = (int64_t)p->line_penalty + b;
    d = llabs(d) >= 10000 ? 100000000 : d * d;
    if (pi > 0)
        d += (int64_t)pi * pi;
    else if (pi < 0 && pi > PENALTY_FORCE)
        d -= (int64_t)pi * pi;
    /* §859, §873: the final break counts as hyphenated, so a hyphen that ends
     * the last full line costs final_hyphen_demerits instead. */
    if (from->flagged) {
        if (final)
            d += p->final_hyphen_demerits;
        else if (flagged)
            d += p->double_hyphen_demerits;
    }
    if (abs(fitness - (int)from->fitness) > 1) d += p->adj_demerits;
    return d;
}

/* Extra demerits for a short last line (see linebreak.h). */
static int64_t lb_last_line_demerits(const lb_params *p, const lb_node *from, const lb_measure *m)
{
    if (from->pos < 0) return 0;
    fo_sp w = m->natural - m->fil_width;
    if (p->min_last_line > 0 && w < p->min_last_line) return LB_SHORT_LAST_LINE_DEMERITS;
    if (p->fair_last_line > 0 && w < p->fair_last_line) return LB_SHORT_LAST_LINE_DEMERITS;
    return 0;
}

/* Whether the last line [from, e) would be only the rest of a word broken
 * at from (see LB_FRAGMENT_DEMERITS): no word space in it. */
static int lb_fragment(const lb_ctx *c, const lb_node *from, int e)
{
    return from->pos >= 0 && (from->inword || c->p->no_lone_last_word) && c->G[e] == c->G[from->start];
}

static int lb_new_node(lb_ctx *c)
{
    VEC_GROW(c->nodes, c->nnodes, c->capnodes);
    memset(&c->nodes[c->nnodes], 0, sizeof c->nodes[0]);
    return c->nnodes++;
}

static void lb_push_active(lb_ctx *c, int k)
{
    VEC_PUSH(c->active, c->nactive, c->capactive, k);
}

/* Make room in the candidate table for line class lc (looseness only: the
 * table starts small, since the paragraph's line count is not known). */
static void lb_grow_cand(lb_ctx *c, int lc)
{
    int cap = c->cls_cap * 2 > lc + 1 ? c->cls_cap * 2 : lc + 1;
    if (cap > c->nclass) cap = c->nclass;
    size_t per = (size_t)c->Rmax * 4, old = (size_t)c->cls_cap * per, now = (size_t)cap * per;
    c->cand = xrealloc(c->cand, now * sizeof *c->cand);
    c->touched = xrealloc(c->touched, now * sizeof *c->touched);
    for (size_t k = old; k < now; k++) c->cand[k].total = LB_NO_TOTAL;
    c->cls_cap = cap;
}

static int lb_is_legal(const lb_ctx *c, int i, int pass)
{
    const item *x = &c->it[i];
    if (x->type == ITEM_GLUE) return i > 0 && c->it[i - 1].type == ITEM_BOX; /* §868 */
    if (x->type != ITEM_PENALTY || x->penalty >= PENALTY_INF) return 0;
    if (x->penalty <= PENALTY_FORCE) return 1; /* a forced break is always taken */
    if (x->flagged == LB_RELUCTANT && !c->reluctant_ok) return 0;
    return !(pass == 1 && x->flagged);
}

/* Make a node at breakpoint e reached from node `from`. */
static int lb_make_node(lb_ctx *c, int e, int from, int64_t total, int32_t badness, int fitness,
                        int run, int overfull)
{
    int k = lb_new_node(c);
    const item *x = &c->it[e];
    lb_node *nd = &c->nodes[k];
    nd->total = total;
    nd->pos = e;
    nd->start = c->after[e];
    nd->post = x->type == ITEM_PENALTY ? x->post_width : 0;
    nd->prev = from;
    nd->lines = c->nodes[from].lines + 1;
    nd->badness = badness;
    nd->fitness = (uint8_t)fitness;
    nd->run = (uint8_t)(run > 255 ? 255 : run);
    nd->flagged = x->type == ITEM_PENALTY && x->flagged;
    nd->overfull = (uint8_t)overfull;
    nd->inword = x->type == ITEM_PENALTY && (x->flagged || x->inword);
    return k;
}

/* tex.web §829 try_break: try every active node against breakpoint e, keep
 * the best candidate per key, deactivate nodes that can reach no further,
 * then create the new active nodes. Returns 0, or -1 when the active list
 * ran empty (the pass fails). */
static int lb_try_break(lb_ctx *c, int e, int pass, int64_t threshold, fo_sp emergency)
{
    const lb_params *p = c->p;
    const item *x = &c->it[e];
    int is_pen = x->type == ITEM_PENALTY;
    int forced = is_pen && x->penalty <= PENALTY_FORCE;
    int final = e == c->n - 1;
    int flagged = is_pen && x->flagged;
    int32_t pi = is_pen ? x->penalty : 0;
    int kept = 0;
    int best_over = -1;        /* last resort of pass 3 (§854) */
    fo_sp best_excess = 0;

    c->ntouched = 0;
    for (int ai = 0; ai < c->nactive; ai++) {
        int a = c->active[ai];
        const lb_node *from = &c->nodes[a];
        if (from->start > e) { /* e lies in the material discarded after `a` */
            c->active[kept++] = a;
            continue;
        }
        int line = from->lines;
        lb_measure m;
        lb_measure_line(c, from->start, from->post, e, lb_line_width(p, line), emergency, &m);
        if (m.overfull) {
            /* §851, §860: lines from `a` only get longer; deactivate. */
            if (pass == 3 && threshold == INT64_MAX) { /* not in the bounded pass 3 */
                fo_sp excess = -m.shortfall - m.shrink;
                if (best_over < 0 || excess < best_excess ||
                    (excess == best_excess && from->total < c->nodes[best_over].total)) {
                    best_over = a;
                    best_excess = excess;
                }
            }
            continue;
        }
        int run = flagged ? from->run + 1 : 0;
        int feasible = m.badness <= threshold;
        if (c->max_run > 0 && run > c->max_run) feasible = 0;
        if (flagged && line + 1 == p->no_hyphen_line) feasible = 0; /* a page turn follows this line */
        int fragment = final && lb_fragment(c, from, e);
        if (fragment && pass < 3) feasible = 0;
        if (feasible) {
            /* §855: record a feasible break */
            int64_t d = lb_demerits(p, m.badness, pi, flagged, final, from, m.fitness);
            if (final) d += lb_last_line_demerits(p, from, &m) + (fragment ? LB_FRAGMENT_DEMERITS : 0);
            int64_t total = from->total + d;
            int lc = line + 1 < c->nclass ? line + 1 : c->nclass - 1;
            if (lc >= c->cls_cap) lb_grow_cand(c, lc);
            int key = ((lc * c->R) + (c->max_run > 0 ? run : 0)) * 4 + m.fitness;
            lb_cand *cd = &c->cand[key];
            if (cd->total == LB_NO_TOTAL) c->touched[c->ntouched++] = key;
            if (total < cd->total) {
                cd->total = total;
                cd->from = a;
                cd->badness = m.badness;
                cd->run = (uint8_t)(run > 255 ? 255 : run);
            }
        }
        if (!forced) c->active[kept++] = a; /* §860: a forced break ends every line */
    }
    c->nactive = kept;

    /* §836, §845: create the new active nodes. Within a group that shares
     * line class and hyphen run, a fitness class worse than the group's best
     * by more than |adj_demerits| can never be part of the optimum. */
    int64_t adj = llabs((int64_t)p->adj_demerits);
    for (int t = 0; t < c->ntouched; t++) {
        int key = c->touched[t];
        int base = key & ~3;
        int64_t best = LB_NO_TOTAL;
        for (int f = 0; f < 4; f++)
            if (c->cand[base + f].total < best) best = c->cand[base + f].total;
        lb_cand *cd = &c->cand[key];
        if (cd->total <= best + adj) {
            int k = lb_make_node(c, e, cd->from, cd->total, cd->badness, key & 3, cd->run, 0);
            lb_push_active(c, k);
        }
    }
    for (int t = 0; t < c->ntouched; t++) c->cand[c->touched[t]].total = LB_NO_TOTAL;

    if (c->nactive == 0) {
        if (best_over < 0) return -1;
        /* §854: the last resort, an overfull line from the least overfull node */
        const lb_node *from = &c->nodes[best_over];
        int run = flagged ? from->run + 1 : 0;
        int64_t d = lb_demerits(p, LB_INF_BAD, pi, flagged, final, from, FIT_TIGHT);
        if (final) {
            lb_measure m;
            lb_measure_line(c, from->start, from->post, e, lb_line_width(p, from->lines),
                            emergency, &m);
            d += lb_last_line_demerits(p, from, &m) + (lb_fragment(c, from, e) ? LB_FRAGMENT_DEMERITS : 0);
        }
        int k = lb_make_node(c, e, best_over, from->total + d, LB_INF_BAD + 1, FIT_TIGHT, run, 1);
        lb_push_active(c, k);
    }
    return 0;
}

/* One pass (tex.web §863). Returns the node chosen at the final break
 * (§874, and §875 with looseness; c->actual is set), or -1. `bounded`:
 * pass 3 with the tolerance as its limit and no last resort, i.e. TeX's
 * own final pass (used for looseness only). */
static int lb_pass(lb_ctx *c, int pass, int bounded)
{
    const lb_params *p = c->p;
    int64_t threshold = pass == 1 ? p->pretolerance : pass == 2 || bounded ? p->tolerance : INT64_MAX;
    fo_sp emergency = (pass == 3 || c->stretched) && p->emergency_stretch > 0 ? p->emergency_stretch : 0;
    if (c->stretched) emergency /= LB_RELUCTANT_STRETCH_DIVISOR;
    c->max_run = 0;
    if (pass < 3 && p->max_hyphen_run > 0 && p->max_hyphen_run <= LB_MAX_RUN_KEYED)
        c->max_run = p->max_hyphen_run;
    c->R = c->max_run + 1;

    /* §864: the initial active node */
    c->nnodes = 0;
    c->nactive = 0;
    int k0 = lb_new_node(c);
    c->nodes[k0].pos = -1;
    c->nodes[k0].start = 0;
    c->nodes[k0].prev = -1;
    c->nodes[k0].fitness = FIT_DECENT;
    lb_push_active(c, k0);

    /* §866: visit the legal breakpoints */
    for (int e = 0; e < c->n; e++) {
        if (!lb_is_legal(c, e, pass)) continue;
        if (lb_try_break(c, e, pass, threshold, emergency) < 0) return -1;
    }
    /* §874: after the final forced break only nodes at it are active */
    int best = -1;
    for (int ai = 0; ai < c->nactive; ai++) {
        int a = c->active[ai];
        if (c->nodes[a].pos != c->n - 1) continue;
        if (best < 0 || c->nodes[a].total < c->nodes[best].total) best = a;
    }
    c->actual = 0;
    if (best < 0 || c->looseness == 0) return best;

    /* §875: the node nearest the desired looseness, not beyond it */
    int best_line = c->nodes[best].lines, bet = best, actual = 0;
    int64_t fewest = c->nodes[best].total;
    for (int ai = 0; ai < c->nactive; ai++) {
        const lb_node *nd = &c->nodes[c->active[ai]];
        if (nd->pos != c->n - 1) continue;
        int diff = nd->lines - best_line;
        if ((diff < actual && c->looseness <= diff) || (diff > actual && c->looseness >= diff)) {
            bet = c->active[ai];
            actual = diff;
            fewest = nd->total;
        } else if (diff == actual && nd->total < fewest) {
            bet = c->active[ai];
            fewest = nd->total;
        }
    }
    c->actual = actual;
    return bet;
}

/* Line classes without looseness: line numbers stay apart while the widths
 * still vary, and up to the line that may not end on a hyphen (its number
 * decides whether a flagged break is feasible); the lines after merge. */
static int lb_base_classes(const lb_params *p, int n)
{
    int k = p->nwidths;
    if (p->no_hyphen_line > 0 && p->no_hyphen_line + 1 > k) k = p->no_hyphen_line + 1;
    return k > n + 1 ? n + 1 : k;
}

int linebreak(const item *items, int n, const lb_params *p, lb_result *out)
{
    memset(out, 0, sizeof *out);
    if (!items || n <= 0 || !p || !p->widths || p->nwidths <= 0) return -1;
    if (items[n - 1].type != ITEM_PENALTY || items[n - 1].penalty > PENALTY_FORCE) return -1;

    lb_ctx c;
    memset(&c, 0, sizeof c);
    c.it = items;
    c.n = n;
    c.p = p;
    /* line classes: widths differ up to line nwidths-1; there are at most n
     * lines. With looseness every line number is a class of its own (§829),
     * and the candidate table grows with the line numbers met. */
    c.nclass = p->looseness != 0 ? n + 1 : lb_base_classes(p, n);
    c.cls_cap = p->looseness != 0 && c.nclass > 64 ? 64 : c.nclass;
    c.looseness = p->looseness;

    /* the scratch area: prefix sums, after[]; the candidate table apart */
    c.Rmax = p->max_hyphen_run > 0 && p->max_hyphen_run <= LB_MAX_RUN_KEYED ? p->max_hyphen_run + 1 : 1;
    size_t ncand = (size_t)c.cls_cap * (size_t)c.Rmax * 4;
    size_t np = (size_t)n + 1;
    size_t bytes = 5 * np * sizeof(fo_sp) + 2 * np * sizeof(int32_t) + np * sizeof(int);
    char *scratch = xmalloc(bytes);
    char *q = scratch;
    c.W = (fo_sp *)q; q += np * sizeof(fo_sp);
    c.Y = (fo_sp *)q; q += np * sizeof(fo_sp);
    c.Z = (fo_sp *)q; q += np * sizeof(fo_sp);
    c.X = (fo_sp *)q; q += np * sizeof(fo_sp);
    c.FW = (fo_sp *)q; q += np * sizeof(fo_sp);
    c.F = (int32_t *)q; q += np * sizeof(int32_t);
    c.G = (int32_t *)q; q += np * sizeof(int32_t);
    c.after = (int *)q;
    c.cand = xmalloc(ncand * sizeof *c.cand);
    c.touched = xmalloc(ncand * sizeof *c.touched);

    c.W[0] = c.Y[0] = c.Z[0] = c.X[0] = c.FW[0] = 0;
    c.F[0] = c.G[0] = 0;
    for (int i = 0; i < n; i++) {
        const item *x = &items[i];
        c.W[i + 1] = c.W[i];
        c.Y[i + 1] = c.Y[i];
        c.Z[i + 1] = c.Z[i];
        c.X[i + 1] = c.X[i];
        c.FW[i + 1] = c.FW[i];
        c.F[i + 1] = c.F[i];
        c.G[i + 1] = c.G[i];
        if (x->type == ITEM_BOX) {
            c.W[i + 1] += x->width;
            c.X[i + 1] += x->expand;
        } else if (x->type == ITEM_GLUE) {
            c.W[i + 1] += x->width;
            c.Z[i + 1] += x->shrink;
            if (x->fil) {
                c.F[i + 1]++;
                c.FW[i + 1] += x->width;
            } else {
                c.Y[i + 1] += x->stretch;
                c.G[i + 1]++;
            }
        }
    }
    /* §879: after a break, discard up to the next box or forced penalty */
    c.after[n] = n;
    c.after[n - 1] = n;
    for (int i = n - 2; i >= 0; i--) {
        const item *x = &items[i + 1];
        int keeps = x->type == ITEM_BOX || (x->type == ITEM_PENALTY && x->penalty <= PENALTY_FORCE);
        c.after[i] = keeps ? i + 1 : c.after[i + 1];
    }
    for (size_t k = 0; k < ncand; k++) c.cand[k].total = LB_NO_TOTAL;

    /* §863, §873: with looseness a pass must also reach it exactly. Pass 3
     * then runs first as TeX's final pass (tolerance, emergency stretch)
     * and takes the closest it gets. Only if that finds no breaks at all
     * does the unbounded pass 3 run, and it ignores the looseness: with no
     * badness limit every line count is in reach, by lines TeX would never
     * set, and the active list grows with them. */
    int best = -1, pass = 0, reluctant = 0;
    for (int i = 0; i < n && !reluctant; i++) reluctant = items[i].type == ITEM_PENALTY && items[i].flagged == LB_RELUCTANT;
    c.reluctant_ok = !reluctant;
    if (p->pretolerance >= 0) best = lb_pass(&c, pass = 1, 0);
    if (best < 0 || c.actual != p->looseness) best = lb_pass(&c, pass = 2, 0);
    if (reluctant && (best < 0 || c.actual != p->looseness)) {
        /* the reluctant hyphens only when nothing else fits within the
         * tolerance, even with the emergency stretch */
        c.stretched = 1;
        best = lb_pass(&c, pass = 2, 0);
        c.stretched = 0;
        c.reluctant_ok = 1;
        if (best < 0 || c.actual != p->looseness) best = lb_pass(&c, pass = 2, 0);
    }
    c.reluctant_ok = 1;
    if (best < 0 || c.actual != p->looseness) {
        pass = 3;
        best = p->looseness != 0 ? lb_pass(&c, 3, 1) : -1;
        if (best < 0) {
            c.looseness = 0; /* merge line numbers again, as with looseness 0 */
            c.nclass = lb_base_classes(p, n);
            best = lb_pass(&c, 3, 0);
        }
    }

    /* §877-§878: read the breaks back */
    int nlines = c.nodes[best].lines;
    out->lines = xcalloc((size_t)nlines, sizeof(lb_line));
    out->nlines = nlines;
    out->demerits = c.nodes[best].total;
    out->pass = pass;
    out->looseness_actual = c.actual;
    out->looseness_met = c.actual == p->looseness;
    for (int k = best, li = nlines - 1; k > 0 && li >= 0; k = c.nodes[k].prev, li--) {
        const lb_node *nd = &c.nodes[k], *from = &c.nodes[nd->prev];
        lb_line *ln = &out->lines[li];
        lb_measure m;
        fo_sp L = lb_line_width(p, li);
        lb_measure_line(&c, from->start, from->post, nd->pos, L, 0, &m);
        ln->start = from->start;
        ln->end = nd->pos;
        ln->fitness = nd->fitness;
        ln->hyphenated = nd->flagged;
        ln->overfull = nd->overfull || m.overfull;
        ln->natural = m.natural;
        ln->width = L;
        ln->badness = nd->badness > LB_INF_BAD ? LB_INF_BAD : nd->badness;
        ln->demerits = nd->total - from->total;
        ln->fil_fill = 0;
        if (m.shortfall > 0 && m.nfil > 0)
            ln->fil_fill = m.shortfall;
        else if (m.shortfall > 0)
            ln->ratio = m.stretch > 0 ? (double)m.shortfall / (double)m.stretch : 0.0;
        else if (m.shortfall < 0)
            ln->ratio = m.overfull || m.shrink <= 0 ? -1.0 : (double)m.shortfall / (double)m.shrink;
    }

    free(c.nodes);
    free(c.active);
    free(c.cand);
    free(c.touched);
    free(scratch);
    return 0;
}

void lb_result_free(lb_result *r)
{
    if (!r) return;
    free(r->lines);
    r->lines = NULL;
    r->nlines = 0;
}

void lb_line_setting(const item *items, const lb_line *line, const lb_params *p,
                     double *glue_ratio, double *font_scale)
{
    fo_sp stretch = 0, shrink = 0, expand = 0;
    int nfil = 0;
    for (int i = line->start; i < line->end; i++) {
        const item *x = &items[i];
        if (x->type == ITEM_BOX) {
            expand += x->expand;
        } else if (x->type == ITEM_GLUE) {
            shrink += x->shrink;
            if (x->fil) nfil++;
            else stretch += x->stretch;
        }
    }
    fo_sp shortfall = line->width - line->natural;
    *glue_ratio = 0.0;
    *font_scale = 1.0;
    if (shortfall == 0 || (shortfall > 0 && nfil > 0)) return; /* fil glue takes fil_fill */

    /* the glyphs take r * expand_max of their width (at most expand_max),
     * the glue the rest, never shrinking beyond its shrink */
    double f = 0.0;
    if (p->expand_max > 0.0 && expand > 0) {
        f = line->ratio * p->expand_max;
        if (f > p->expand_max) f = p->expand_max;
        if (f < -p->expand_max) f = -p->expand_max;
    }
    *font_scale = 1.0 + f;
    double rest = (double)shortfall - f * (double)expand;
    if (rest > 0)
        *glue_ratio = stretch > 0 ? rest / (double)stretch : 0.0;
    else if (rest < 0)
        *glue_ratio = shrink > 0 ? fmax(rest / (double)shrink, -1.0) : 0.0;
}
