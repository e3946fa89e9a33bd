/* test_linebreak.c - tests of the Knuth-Plass line breaker (compose/linebreak.c).
 *
 * The breaker is checked against oracles written here independently of it:
 * ref_eval() measures a given set of breaks by direct summation over the
 * items (no prefix sums) and prices it with the same rules (tex.web §108
 * badness, §859 demerits, the hyphen-run limit, min_last_line); bf_best()
 * tries every subset of breakpoints of a small list; dp_best() is a plain
 * quadratic dynamic programme over all breakpoints without an active list or
 * pruning; ff_eval() is first-fit. Random lists come from a seeded xorshift
 * and keep to the breaker's documented assumptions (box widths >= 0, glue
 * shrink <= width, penalty widths no larger than the box that follows). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "compose/linebreak.h"
#include "testhelp.h"

#define U ((fo_sp)65536) /* one point */

/* ------------------------------------------------------------------------ */
/* item lists */

typedef struct ilist {
    item *v;
    int n, cap;
} ilist;

static void il_push(ilist *l, item it)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->v = realloc(l->v, sizeof *l->v * (size_t)l->cap);
        if (!l->v) abort();
    }
    l->v[l->n++] = it;
}

static item pen_post(fo_sp w, int32_t pi, int flagged, fo_sp post)
{
    item it = item_penalty(w, pi, flagged, -1);
    it.post_width = post;
    return it;
}

static void il_end_paragraph(ilist *l)
{
    il_push(l, item_penalty(0, PENALTY_INF, 0, -1));
    il_push(l, item_fil_glue(-1));
    il_push(l, item_penalty(0, PENALTY_FORCE, 0, -1));
}

static int is_forced(const item *it, int i)
{
    return it[i].type == ITEM_PENALTY && it[i].penalty <= PENALTY_FORCE;
}

/* ------------------------------------------------------------------------ */
/* the reference model */

static int ref_legal(const item *it, int i, int pass)
{
    if (it[i].type == ITEM_GLUE) return i > 0 && it[i - 1].type == ITEM_BOX;
    if (it[i].type != ITEM_PENALTY || it[i].penalty >= PENALTY_INF) return 0;
    if (it[i].penalty <= PENALTY_FORCE) return 1;
    return !(pass == 1 && it[i].flagged);
}

static int ref_after(const item *it, int n, int prev)
{
    if (prev < 0) return 0;
    int j = prev + 1;
    while (j < n && it[j].type != ITEM_BOX && !is_forced(it, j)) j++;
    return j;
}

static int32_t ref_badness(fo_sp t, fo_sp s)
{
    if (t == 0) return 0;
    if (s <= 0 || t >= 5 * s) return 10000;
    int64_t r = t * 297 / s;
    if (r > 1290) return 10000;
    return (int32_t)((r * r * r + 131072) / 262144);
}

typedef struct ref_meas {
    fo_sp natural, stretch, shrink, filw, expand;
    int nfil;
    int32_t bad;
    int fit;
    int overfull;
} ref_meas;

static void ref_measure(const item *it, int n, const lb_params *p, int prev, int e, int line,
                        fo_sp emerg, ref_meas *m)
{
    memset(m, 0, sizeof *m);
    int s = ref_after(it, n, prev);
    if (prev >= 0 && it[prev].type == ITEM_PENALTY) m->natural += it[prev].post_width;
    for (int i = s; i < e; i++) {
        if (it[i].type == ITEM_BOX) {
            m->natural += it[i].width;
            m->expand += it[i].expand;
        } else if (it[i].type == ITEM_GLUE) {
            m->natural += it[i].width;
            m->shrink += it[i].shrink;
            if (it[i].fil) {
                m->nfil++;
                m->filw += it[i].width;
            } else {
                m->stretch += it[i].stretch;
            }
        }
    }
    if (it[e].type == ITEM_PENALTY) m->natural += it[e].width;
    if (p->expand_max > 0 && m->expand > 0) {
        fo_sp x = (fo_sp)llround(p->expand_max * (double)m->expand);
        m->stretch += x;
        m->shrink += x;
    }
    m->stretch += emerg;
    fo_sp L = p->widths[line < p->nwidths ? line : p->nwidths - 1];
    fo_sp t = L - m->natural;
    m->fit = 2;
    if (t > 0) {
        m->bad = m->nfil ? 0 : ref_badness(t, m->stretch);
        if (!m->nfil) m->fit = m->bad > 99 ? 0 : m->bad > 12 ? 1 : 2;
    } else if (t < 0) {
        if (-t > m->shrink) {
            m->overfull = 1;
            m->bad = 10000;
            m->fit = 3;
        } else {
            m->bad = ref_badness(-t, m->shrink);
            m->fit = m->bad > 12 ? 3 : 2;
        }
    }
}

static int64_t ref_demerits(const lb_params *p, int32_t b, const item *x, int final, int prev_flagged,
                            int prev_fit, int fit)
{
    int64_t d = p->line_penalty + b;
    d = (d >= 10000 || d <= -10000) ? 100000000 : d * d;
    int32_t pi = x->type == ITEM_PENALTY ? x->penalty : 0;
    if (pi > 0) d += (int64_t)pi * pi;
    if (pi < 0 && pi > PENALTY_FORCE) d -= (int64_t)pi * pi;
    int flagged = x->type == ITEM_PENALTY && x->flagged;
    if (final && prev_flagged) d += p->final_hyphen_demerits;
    if (!final && flagged && prev_flagged) d += p->double_hyphen_demerits;
    if (abs(fit - prev_fit) > 1) d += p->adj_demerits;
    return d;
}

/* A last line [after prev, e) that is only the rest of a word broken at
 * prev: prev is a flagged or inword penalty and no finite glue follows it. */
static int ref_fragment(const item *it, int n, int prev, int e)
{
    if (prev < 0 || it[prev].type != ITEM_PENALTY || !(it[prev].flagged || it[prev].inword)) return 0;
    for (int i = ref_after(it, n, prev); i < e; i++)
        if (it[i].type == ITEM_GLUE && !it[i].fil) return 0;
    return 1;
}

/* Set while modelling the bounded pass 3 that looseness runs first (TeX's
 * final pass: the tolerance as the limit, no overfull last resort). */
static int ref_bounded3;

static int64_t pass_threshold(const lb_params *p, int pass)
{
    return pass == 1 ? p->pretolerance : pass == 2 || ref_bounded3 ? p->tolerance : INT64_MAX;
}

static int pass_runlimit(const lb_params *p, int pass)
{
    return pass < 3 && p->max_hyphen_run > 0 && p->max_hyphen_run <= 64 ? p->max_hyphen_run : 0;
}

/* State carried from one break to the next. */
typedef struct ref_state {
    int prev, fit, flagged, run, lines;
    int64_t total;
} ref_state;

static void ref_init(ref_state *st)
{
    st->prev = -1;
    st->fit = 2;
    st->flagged = 0;
    st->run = 0;
    st->lines = 0;
    st->total = 0;
}

/* Price one more line from st to e. Returns 0 if not allowed in the pass
 * (overfull lines count as badness 10000, tight, only if allow_overfull). */
static int ref_step(const item *it, int n, const lb_params *p, int pass, ref_state *st, int e,
                    int allow_overfull)
{
    if (!ref_legal(it, e, pass)) return 0;
    if (e < ref_after(it, n, st->prev)) return 0;
    for (int i = st->prev + 1; i < e; i++)
        if (is_forced(it, i)) return 0;
    ref_meas m;
    ref_measure(it, n, p, st->prev, e, st->lines, pass == 3 ? p->emergency_stretch : 0, &m);
    if (m.overfull && !allow_overfull) return 0;
    if (!m.overfull && m.bad > pass_threshold(p, pass)) return 0;
    int flagged = it[e].type == ITEM_PENALTY && it[e].flagged;
    int run = flagged ? st->run + 1 : 0;
    int K = pass_runlimit(p, pass);
    if (K && run > K) return 0;
    if (flagged && p->no_hyphen_line > 0 && st->lines + 1 == p->no_hyphen_line) return 0;
    int final = e == n - 1;
    int64_t d = ref_demerits(p, m.bad, &it[e], final, st->flagged, st->fit, m.fit);
    if (final && p->min_last_line > 0 && st->prev >= 0 && m.natural - m.filw < p->min_last_line)
        d += LB_SHORT_LAST_LINE_DEMERITS;
    if (final && ref_fragment(it, n, st->prev, e)) {
        if (pass < 3) return 0;
        d += LB_FRAGMENT_DEMERITS;
    }
    st->total += d;
    st->prev = e;
    st->fit = m.fit;
    st->flagged = flagged;
    st->run = run;
    st->lines++;
    return 1;
}

static int ref_eval(const item *it, int n, const lb_params *p, int pass, const int *br, int nb,
                    int allow_overfull, int64_t *total)
{
    ref_state st;
    ref_init(&st);
    if (nb < 1 || br[nb - 1] != n - 1) return 0;
    for (int k = 0; k < nb; k++)
        if (!ref_step(it, n, p, pass, &st, br[k], allow_overfull)) return 0;
    *total = st.total;
    return 1;
}

/* Brute force over all subsets of the non-forced breakpoints (at most 12).
 * Returns 1 and the least total if some subset is allowed, 0 if none, -1 if
 * there are too many breakpoints. */
static int bf_best(const item *it, int n, const lb_params *p, int pass, int64_t *best)
{
    int cand[64], nc = 0;
    for (int i = 0; i < n; i++)
        if (ref_legal(it, i, pass) && !is_forced(it, i)) {
            if (nc == 12) return -1;
            cand[nc++] = i;
        }
    int *br = malloc(sizeof(int) * (size_t)n);
    char *mark = malloc((size_t)n);
    int found = 0;
    for (unsigned mask = 0; mask < (1u << nc); mask++) {
        memset(mark, 0, (size_t)n);
        for (int k = 0; k < nc; k++)
            if (mask & (1u << k)) mark[cand[k]] = 1;
        int nb = 0;
        for (int i = 0; i < n; i++)
            if (mark[i] || is_forced(it, i)) br[nb++] = i;
        int64_t t;
        if (ref_eval(it, n, p, pass, br, nb, 0, &t) && (!found || t < *best)) {
            *best = t;
            found = 1;
        }
    }
    free(br);
    free(mark);
    return found;
}

/* Quadratic DP over (breakpoint, line class, hyphen run, fitness), without
 * overfull lines. Returns 1 with the optimum total (and its breaks if br is
 * not NULL), 0 if the pass has no solution. */
static int dp_best(const item *it, int n, const lb_params *p, int pass, int64_t *best, int *br, int *nb)
{
    int *B = malloc(sizeof(int) * ((size_t)n + 1));
    int nB = 0;
    B[nB++] = -1;
    for (int i = 0; i < n; i++)
        if (ref_legal(it, i, pass)) B[nB++] = i;
    int K = pass_runlimit(p, pass), R = K + 1, nw = p->nwidths;
    /* line numbers apart up to the one that may not end on a hyphen */
    if (p->no_hyphen_line > 0 && p->no_hyphen_line + 1 > nw) nw = p->no_hyphen_line + 1;
    int ns = nw * R * 4;
    size_t cells = (size_t)nB * (size_t)ns;
    int64_t *dp = malloc(sizeof(int64_t) * cells);
    int *par = malloc(sizeof(int) * cells);
    for (size_t c = 0; c < cells; c++) dp[c] = INT64_MAX;
    dp[0 * ns + (0 * R + 0) * 4 + 2] = 0;
    int lastforced = 0; /* index in B of the last forced break before i */
    for (int i = 1; i < nB; i++) {
        for (int j = lastforced; j < i; j++) {
            for (int s = 0; s < ns; s++) {
                if (dp[(size_t)j * ns + s] == INT64_MAX) continue;
                int lc = s / (R * 4), run = (s / 4) % R, fit = s % 4;
                ref_state st = {B[j], fit, B[j] >= 0 && it[B[j]].type == ITEM_PENALTY && it[B[j]].flagged,
                                run, lc, dp[(size_t)j * ns + s]};
                if (!ref_step(it, n, p, pass, &st, B[i], 0)) continue;
                int nlc = lc + 1 < nw ? lc + 1 : nw - 1;
                int ns2 = (nlc * R + (K ? st.run : 0)) * 4 + st.fit;
                size_t c = (size_t)i * ns + ns2;
                if (st.total < dp[c]) {
                    dp[c] = st.total;
                    par[c] = j * ns + s;
                }
            }
        }
        if (is_forced(it, B[i])) lastforced = i;
    }
    int found = 0, bs = -1;
    for (int s = 0; s < ns; s++) {
        size_t c = (size_t)(nB - 1) * ns + s;
        if (dp[c] != INT64_MAX && (!found || dp[c] < *best)) {
            *best = dp[c];
            bs = (int)c;
            found = 1;
        }
    }
    if (found && br) {
        int tmp[4096], k = 0;
        for (int c = bs; c / ns > 0; c = par[c]) tmp[k++] = B[c / ns];
        *nb = k;
        for (int q = 0; q < k; q++) br[q] = tmp[k - 1 - q];
    }
    free(B);
    free(dp);
    free(par);
    return found;
}

/* Looseness oracles: the least total for every line count. by[l] (l in
 * [0, n]) is the least total of the pass's solutions with exactly l lines,
 * INT64_MAX where there is none; returns 1 if there is any solution. */
static void by_lines_clear(int64_t *by, int n)
{
    for (int l = 0; l <= n; l++) by[l] = INT64_MAX;
}

/* Brute force over subsets, as bf_best; -1 if too many breakpoints. */
static int bf_by_lines(const item *it, int n, const lb_params *p, int pass, int64_t *by)
{
    int cand[64], nc = 0;
    for (int i = 0; i < n; i++)
        if (ref_legal(it, i, pass) && !is_forced(it, i)) {
            if (nc == 12) return -1;
            cand[nc++] = i;
        }
    by_lines_clear(by, n);
    int *br = malloc(sizeof(int) * (size_t)n);
    char *mark = malloc((size_t)n);
    int found = 0;
    for (unsigned mask = 0; mask < (1u << nc); mask++) {
        memset(mark, 0, (size_t)n);
        for (int k = 0; k < nc; k++)
            if (mask & (1u << k)) mark[cand[k]] = 1;
        int nb = 0;
        for (int i = 0; i < n; i++)
            if (mark[i] || is_forced(it, i)) br[nb++] = i;
        int64_t t;
        if (ref_eval(it, n, p, pass, br, nb, 0, &t) && t < by[nb]) {
            by[nb] = t;
            found = 1;
        }
    }
    free(br);
    free(mark);
    return found;
}

/* Quadratic DP over (breakpoint, exact line count, hyphen run, fitness),
 * without overfull lines: dp_best with the line count kept exactly. */
static int dp_by_lines(const item *it, int n, const lb_params *p, int pass, int64_t *by)
{
    int *B = malloc(sizeof(int) * ((size_t)n + 1));
    int nB = 0;
    B[nB++] = -1;
    for (int i = 0; i < n; i++)
        if (ref_legal(it, i, pass)) B[nB++] = i;
    int K = pass_runlimit(p, pass), R = K + 1;
    int ns = nB * R * 4; /* lines < nB */
    size_t cells = (size_t)nB * (size_t)ns;
    int64_t *dp = malloc(sizeof(int64_t) * cells);
    for (size_t c = 0; c < cells; c++) dp[c] = INT64_MAX;
    dp[(0 * R + 0) * 4 + 2] = 0;
    int lastforced = 0;
    for (int i = 1; i < nB; i++) {
        for (int j = lastforced; j < i; j++) {
            for (int s = 0; s < (j + 1) * R * 4; s++) { /* at most j lines before B[j] */
                if (dp[(size_t)j * ns + s] == INT64_MAX) continue;
                int lines = s / (R * 4), run = (s / 4) % R, fit = s % 4;
                ref_state st = {B[j], fit, B[j] >= 0 && it[B[j]].type == ITEM_PENALTY && it[B[j]].flagged,
                                run, lines, dp[(size_t)j * ns + s]};
                if (!ref_step(it, n, p, pass, &st, B[i], 0)) continue;
                int s2 = (st.lines * R + (K ? st.run : 0)) * 4 + st.fit;
                size_t c = (size_t)i * ns + s2;
                if (st.total < dp[c]) dp[c] = st.total;
            }
        }
        if (is_forced(it, B[i])) lastforced = i;
    }
    by_lines_clear(by, n);
    int found = 0;
    for (int s = 0; s < ns; s++) {
        int64_t t = dp[(size_t)(nB - 1) * ns + s];
        int lines = s / (R * 4);
        if (t != INT64_MAX && t < by[lines]) {
            by[lines] = t;
            found = 1;
        }
    }
    free(B);
    free(dp);
    return found;
}

/* tex.web §875 on the oracle's table: from a fewest-demerits count b, the
 * change d towards L (0 <= d <= L or L <= d <= 0) of largest |d| that has a
 * solution. */
static int closest_looseness(const int64_t *by, int n, int b, int L)
{
    int best = 0;
    for (int d = L > 0 ? 1 : -1; L > 0 ? d <= L : d >= L; d += L > 0 ? 1 : -1)
        if (b + d >= 0 && b + d <= n && by[b + d] != INT64_MAX) best = d;
    return best;
}

static int64_t by_lines_min(const int64_t *by, int n)
{
    int64_t m = INT64_MAX;
    for (int l = 0; l <= n; l++)
        if (by[l] < m) m = by[l];
    return m;
}

/* First-fit: each line as long as the pass allows. Returns 1 and its total
 * demerits, 0 if it gets stuck. */
static int ff_eval(const item *it, int n, const lb_params *p, int pass, int64_t *total)
{
    ref_state st;
    ref_init(&st);
    while (st.prev != n - 1) {
        ref_state best = st, cur;
        int have = 0;
        for (int e = ref_after(it, n, st.prev); e < n; e++) {
            if (!ref_legal(it, e, pass)) continue;
            ref_meas m;
            ref_measure(it, n, p, st.prev, e, st.lines, pass == 3 ? p->emergency_stretch : 0, &m);
            if (m.overfull) break;
            cur = st;
            if (ref_step(it, n, p, pass, &cur, e, 0)) {
                best = cur;
                have = 1;
            }
            if (is_forced(it, e)) break;
        }
        if (!have) return 0;
        st = best;
    }
    *total = st.total;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* checks of a result */

static int max_run_of(const lb_result *r)
{
    int run = 0, best = 0;
    for (int i = 0; i < r->nlines; i++) {
        run = r->lines[i].hyphenated ? run + 1 : 0;
        if (run > best) best = run;
    }
    return best;
}

/* Structure and pricing of a result; returns the number of failed checks. */
static int check_result(const item *it, int n, const lb_params *p, const lb_result *r)
{
    int before = th_failed_checks;
    CHECK(r->nlines >= 1);
    CHECK(r->pass >= 1 && r->pass <= 3);
    if (r->nlines < 1) return 1;
    CHECK_EQ_INT(r->lines[0].start, 0);
    CHECK_EQ_INT(r->lines[r->nlines - 1].end, n - 1);
    int64_t sum = 0;
    int *br = malloc(sizeof(int) * (size_t)r->nlines);
    for (int k = 0; k < r->nlines; k++) {
        const lb_line *ln = &r->lines[k];
        br[k] = ln->end;
        sum += ln->demerits;
        if (k > 0) {
            CHECK(ln->end > r->lines[k - 1].end);
            CHECK_EQ_INT(ln->start, ref_after(it, n, r->lines[k - 1].end));
        }
        CHECK(ln->start <= ln->end);
        CHECK(ref_legal(it, ln->end, r->pass));
        ref_meas m;
        ref_measure(it, n, p, k ? r->lines[k - 1].end : -1, ln->end, k,
                    r->pass == 3 ? p->emergency_stretch : 0, &m);
        CHECK_EQ_INT(ln->natural, m.natural);
        CHECK_EQ_INT(ln->overfull, m.overfull);
        CHECK_EQ_INT(ln->width, p->widths[k < p->nwidths ? k : p->nwidths - 1]);
        CHECK_EQ_INT(ln->hyphenated, it[ln->end].type == ITEM_PENALTY && it[ln->end].flagged);
        if (ln->overfull) {
            CHECK_EQ_INT(r->pass, 3);
        } else {
            CHECK(ln->badness <= pass_threshold(p, r->pass));
            CHECK_EQ_INT(ln->badness, m.bad);
            CHECK_EQ_INT(ln->fitness, m.fit);
            CHECK(ln->ratio >= -1.0);
        }
    }
    /* every forced break is a line end; every box is in exactly one line */
    for (int i = 0; i < n; i++) {
        int ends = 0, in = 0;
        for (int k = 0; k < r->nlines; k++) {
            if (r->lines[k].end == i) ends++;
            if (r->lines[k].start <= i && i < r->lines[k].end) in++;
        }
        if (is_forced(it, i)) CHECK_EQ_INT(ends, 1);
        if (it[i].type == ITEM_BOX) CHECK_EQ_INT(in, 1);
    }
    CHECK_EQ_INT(sum, r->demerits);
    int64_t t = 0;
    CHECK(ref_eval(it, n, p, r->pass, br, r->nlines, 1, &t));
    CHECK_EQ_INT(t, r->demerits);
    if (r->pass < 3 && pass_runlimit(p, r->pass)) CHECK(max_run_of(r) <= p->max_hyphen_run);
    free(br);
    return th_failed_checks - before;
}

/* ------------------------------------------------------------------------ */
/* (a) the frog king, Knuth & Plass 1981, with fixed-width metrics */

static const char *frog =
    "In olden times when wishing still helped one, there lived a king whose daughters "
    "were all beautiful; and the youngest was so beautiful that the sun itself, which "
    "has seen so much, was astonished whenever it shone in her face. Close by the "
    "king's castle lay a great dark forest, and under an old lime-tree in the forest "
    "was a well, and when the day was very warm, the king's child went out into the "
    "forest and sat down by the side of the cool fountain; and when she was bored she "
    "took a golden ball, and threw it up on high and caught it; and this ball was her "
    "favorite plaything.";

#define CH (6 * U) /* every character, the space too, is 6 pt wide */

/* Words become boxes (ref = index of the word's first character); an
 * explicit hyphen ("lime-tree") is a flagged penalty of width 0 after it, as
 * in the paper; spaces are glue 6 pt, stretch 3, shrink 2. */
static void build_frog(ilist *l)
{
    il_push(l, item_box(3 * CH, 0, -1)); /* the indent */
    const char *s = frog;
    while (*s) {
        const char *w = s;
        while (*s && *s != ' ' && *s != '-') s++;
        if (*s == '-') s++;
        il_push(l, item_box((fo_sp)(s - w) * CH, (fo_sp)(s - w) * CH, (int32_t)(w - frog)));
        if (s[-1] == '-') {
            il_push(l, item_penalty(0, 50, 1, -1));
        } else if (*s == ' ') {
            il_push(l, item_glue(CH, CH / 2, CH / 3, -1));
            s++;
        }
    }
    il_end_paragraph(l);
}

/* The text of line k, for messages. */
static void frog_line(const item *it, const lb_line *ln, char *buf, size_t cap)
{
    size_t k = 0;
    for (int i = ln->start; i < ln->end && k + 1 < cap; i++) {
        if (it[i].type == ITEM_BOX && it[i].ref >= 0) {
            const char *w = frog + it[i].ref;
            size_t len = (size_t)(it[i].width / CH);
            for (size_t j = 0; j < len && k + 1 < cap; j++) buf[k++] = w[j];
        } else if (it[i].type == ITEM_GLUE && !it[i].fil && k + 1 < cap) {
            buf[k++] = ' ';
        }
    }
    buf[k] = 0;
}

/* The breaks derived by the quadratic DP oracle (dp_best) and checked
 * against it below: the last word of each line. Line width 60 characters. */
static const char *frog_expected_60[] = {
    "a", "was", "was", "king's", "lime-tree", "warm,", "the", "a", "this", NULL};

TEST(test_frog_king)
{
    ilist l = {0};
    build_frog(&l);
    fo_sp widths[1] = {60 * CH};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;

    lb_result r, r2;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    int64_t best = 0;
    int br[256], nb = 0;
    CHECK(dp_best(l.v, l.n, &p, r.pass, &best, br, &nb));
    CHECK_EQ_INT(r.demerits, best);
    CHECK_EQ_INT(r.pass, 1);
    CHECK_EQ_INT(nb, r.nlines); /* the optimum is unique: same breaks */
    for (int k = 0; k < nb && k < r.nlines; k++) CHECK_EQ_INT(br[k], r.lines[k].end);

    int nexp = 0;
    while (frog_expected_60[nexp]) nexp++;
    CHECK_EQ_INT(r.nlines, nexp + 1);
    char buf[512];
    for (int k = 0; k < r.nlines; k++) {
        frog_line(l.v, &r.lines[k], buf, sizeof buf);
        if (getenv("LB_VERBOSE"))
            printf("%2d %-62s| r=%6.3f b=%3d fit=%d\n", k, buf, r.lines[k].ratio,
                   (int)r.lines[k].badness, r.lines[k].fitness);
        if (k < nexp) {
            const char *last = strrchr(buf, ' ');
            last = last ? last + 1 : buf;
            CHECK_EQ_STR(last, frog_expected_60[k]);
        }
    }
    /* stable: the same answer every time */
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r2), 0);
    CHECK_EQ_INT(r2.nlines, r.nlines);
    CHECK_EQ_INT(r2.demerits, r.demerits);
    for (int k = 0; k < r.nlines && k < r2.nlines; k++) CHECK_EQ_INT(r2.lines[k].end, r.lines[k].end);
    lb_result_free(&r2);

    /* narrower lines and pass 2 only: still the optimum */
    widths[0] = 42 * CH;
    p.pretolerance = -1;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r2), 0);
    check_result(l.v, l.n, &p, &r2);
    CHECK_EQ_INT(r2.pass, 2);
    CHECK(dp_best(l.v, l.n, &p, 2, &best, NULL, NULL));
    CHECK_EQ_INT(r2.demerits, best);
    lb_result_free(&r2);

    lb_result_free(&r);
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (b) forced breaks */

static void words(ilist *l, int count, fo_sp w)
{
    for (int i = 0; i < count; i++) {
        il_push(l, item_box(w, w, i));
        if (i + 1 < count) il_push(l, item_glue(10 * U, 5 * U, 3 * U, -1));
    }
}

TEST(test_forced_breaks)
{
    ilist l = {0};
    words(&l, 3, 20 * U);
    il_push(&l, item_penalty(0, PENALTY_INF, 0, -1));
    il_push(&l, item_fil_glue(-1));
    int f1 = l.n;
    il_push(&l, item_penalty(0, PENALTY_FORCE, 0, -1));
    il_push(&l, item_glue(10 * U, 5 * U, 3 * U, -1)); /* discarded after the break */
    words(&l, 12, 20 * U);
    int f2 = l.n;
    il_push(&l, item_penalty(0, -20000, 0, -1)); /* below -10000: forced too */
    words(&l, 2, 20 * U);
    il_end_paragraph(&l);

    fo_sp widths[1] = {200 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    int saw1 = 0, saw2 = 0;
    for (int k = 0; k < r.nlines; k++) {
        if (r.lines[k].end == f1) saw1 = 1;
        if (r.lines[k].end == f2) saw2 = 1;
    }
    CHECK(saw1 && saw2);
    CHECK_EQ_INT(r.lines[0].end, f1);
    CHECK_EQ_INT(r.lines[1].start, f1 + 2); /* the glue after the forced break is gone */
    lb_result_free(&r);

    /* two forced breaks in a row make an empty line (pass 3, as in TeX) */
    ilist m = {0};
    words(&m, 2, 20 * U);
    il_push(&m, item_penalty(0, PENALTY_FORCE, 0, -1));
    il_push(&m, item_penalty(0, PENALTY_FORCE, 0, -1));
    words(&m, 2, 20 * U);
    il_end_paragraph(&m);
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r), 0);
    check_result(m.v, m.n, &p, &r);
    CHECK_EQ_INT(r.nlines, 3);
    CHECK_EQ_INT(r.lines[1].start, r.lines[1].end);
    lb_result_free(&r);

    /* bad input: no final forced break */
    lb_result z;
    CHECK_EQ_INT(linebreak(m.v, m.n - 1, &p, &z), -1);
    CHECK(z.lines == NULL);
    lb_result_free(&z);
    p.nwidths = 0;
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &z), -1);
    free(l.v);
    free(m.v);
}

/* ------------------------------------------------------------------------ */
/* (c) property tests on random lists */

static uint64_t rng = 88172645463325252ull;

static uint64_t xorshift64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int rnd(int lo, int hi) { return lo + (int)(xorshift64() % (uint64_t)(hi - lo + 1)); }

static fo_sp rnd_sp(int lo_pt, int hi_pt) { return rnd(lo_pt, hi_pt - 1) * U + rnd(0, (int)U - 1); }

/* hyph: percent chance of a hyphenation point between word parts */
static void gen_list(ilist *l, int maxwords, int hyph)
{
    l->n = 0;
    if (rnd(0, 3) == 0) il_push(l, item_box(rnd_sp(0, 20), 0, -1));
    int nwords = rnd(1, maxwords);
    for (int w = 0; w < nwords; w++) {
        int parts = rnd(1, 3);
        for (int k = 0; k < parts; k++) {
            fo_sp bw = rnd_sp(10, 60);
            il_push(l, item_box(bw, rnd(0, 1) ? bw : (fo_sp)rnd(0, (int)(bw / 2)), l->n));
            if (k + 1 == parts) break;
            int c = rnd(0, 99);
            if (c < hyph)
                il_push(l, pen_post((fo_sp)rnd(0, 5) * U, rnd(0, 1) ? 50 : rnd(0, 500), 1,
                                    rnd(0, 3) == 0 ? (fo_sp)rnd(1, 5) * U : 0));
            else if (c < hyph + (100 - hyph) / 2)
                il_push(l, item_penalty(0, rnd(-300, 300), 0, -1));
            else
                il_push(l, item_penalty((fo_sp)rnd(0, 5) * U, PENALTY_INF, 0, -1));
        }
        if (w + 1 == nwords) break;
        item g = item_glue(rnd_sp(8, 14), (fo_sp)rnd(0, 8) * U, (fo_sp)rnd(0, 4) * U, -1);
        switch (rnd(0, 19)) {
        case 14: il_push(l, item_penalty(0, rnd(-200, 200), 0, -1)); il_push(l, g); break;
        case 15: il_push(l, g); il_push(l, g); break;
        case 16:
            il_push(l, item_penalty(0, PENALTY_INF, 0, -1));
            il_push(l, item_fil_glue(-1));
            il_push(l, item_penalty(0, PENALTY_FORCE, 0, -1));
            if (rnd(0, 1)) il_push(l, g);
            break;
        case 17: il_push(l, item_fil_glue(-1)); il_push(l, item_penalty(0, PENALTY_FORCE, 0, -1)); break;
        case 18: il_push(l, g); il_push(l, item_penalty(0, PENALTY_INF, 0, -1)); il_push(l, g); break;
        case 19: il_push(l, g); il_push(l, item_penalty(0, rnd(0, 1) ? rnd(-100, 100) : -9999, 0, -1)); break;
        default: il_push(l, g); break;
        }
    }
    il_end_paragraph(l);
}

static void gen_params(lb_params *p, fo_sp *widths)
{
    lb_params_default(p);
    p->nwidths = rnd(1, 3);
    for (int i = 0; i < p->nwidths; i++) widths[i] = rnd_sp(100, 400);
    p->widths = widths;
    int c = rnd(0, 3);
    p->pretolerance = c == 0 ? -1 : c == 1 ? 100 : rnd(0, 300);
    c = rnd(0, 3);
    p->tolerance = c == 0 ? 200 : c == 1 ? 10000 : rnd(0, 2000);
    p->line_penalty = rnd(0, 3) ? 10 : rnd(0, 50);
    c = rnd(0, 3);
    p->adj_demerits = c == 0 ? 0 : c == 1 ? rnd(-3000, 20000) : 10000;
    p->double_hyphen_demerits = rnd(0, 2) ? 10000 : rnd(0, 20000);
    p->final_hyphen_demerits = rnd(0, 2) ? 5000 : rnd(0, 20000);
    p->max_hyphen_run = rnd(0, 3);
    p->expand_max = rnd(0, 2) ? 0.0 : 0.02;
    p->emergency_stretch = rnd(0, 1) ? 0 : rnd_sp(0, 50);
    p->min_last_line = rnd(0, 2) ? 0 : rnd_sp(0, 150);
}

TEST(test_random_properties)
{
    ilist l = {0};
    fo_sp widths[3];
    lb_params p;
    int bf_compared = 0, dp_compared = 0, ff_compared = 0, passes[4] = {0};
    for (int iter = 0; iter < 2000; iter++) {
        int small = iter % 2 == 0;
        gen_list(&l, small ? 5 : 35, rnd(0, 1) ? 30 : 70);
        gen_params(&p, widths);
        lb_result r;
        if (linebreak(l.v, l.n, &p, &r) != 0) {
            CHECK(0);
            continue;
        }
        passes[r.pass]++;
        if (check_result(l.v, l.n, &p, &r)) {
            fprintf(stderr, "  (random list %d, n=%d, pass %d)\n", iter, l.n, r.pass);
            lb_result_free(&r);
            continue;
        }
        /* the pass is the first one with a solution; its optimum is found */
        int64_t best = 0, bfb = 0;
        int first = p.pretolerance >= 0 ? 1 : 2;
        for (int pass = first; pass <= 3; pass++) {
            int has = dp_best(l.v, l.n, &p, pass, &best, NULL, NULL);
            if (pass < r.pass) {
                CHECK(!has);
                continue;
            }
            if (pass == r.pass && (has || pass < 3)) {
                CHECK(has);
                CHECK_EQ_INT(r.demerits, best);
                if (pass == 3) {
                    for (int k = 0; k < r.nlines; k++) CHECK(!r.lines[k].overfull);
                }
                dp_compared++;
                int bf = bf_best(l.v, l.n, &p, pass, &bfb);
                if (bf >= 0) {
                    CHECK_EQ_INT(bf, has);
                    if (bf > 0) CHECK_EQ_INT(bfb, best);
                    bf_compared++;
                }
            }
            if (pass == r.pass && pass == 3 && !has) {
                int over = 0;
                for (int k = 0; k < r.nlines; k++) over += r.lines[k].overfull;
                CHECK(over > 0);
            }
            break;
        }
        int64_t ff = 0;
        if (ff_eval(l.v, l.n, &p, r.pass, &ff)) {
            CHECK(r.demerits <= ff);
            ff_compared++;
        }
        /* lb_line_setting puts the line back to its width */
        for (int k = 0; k < r.nlines; k++) {
            const lb_line *ln = &r.lines[k];
            double g, f;
            lb_line_setting(l.v, ln, &p, &g, &f);
            CHECK(f >= 1.0 - p.expand_max - 1e-12 && f <= 1.0 + p.expand_max + 1e-12);
            if (ln->overfull || ln->fil_fill || ln->badness >= 10000 || r.pass == 3) continue;
            double w = (double)ln->natural;
            fo_sp glue_stretch = 0;
            for (int i = ln->start; i < ln->end; i++) {
                const item *x = &l.v[i];
                if (x->type == ITEM_BOX) w += (f - 1.0) * (double)x->expand;
                if (x->type == ITEM_GLUE) w += g * (double)(g > 0 ? x->stretch : x->shrink);
                if (x->type == ITEM_GLUE) glue_stretch += x->stretch;
            }
            /* underfull with glyphs at +expand_max and no glue to stretch */
            if (glue_stretch == 0 && ln->ratio > 1.0) continue;
            CHECK(fabs(w - (double)ln->width) < 4.0);
        }
        lb_result_free(&r);
    }
    if (getenv("LB_VERBOSE"))
        printf("random: dp %d, brute force %d, first-fit %d; passes 1:%d 2:%d 3:%d\n", dp_compared,
               bf_compared, ff_compared, passes[1], passes[2], passes[3]);
    CHECK(bf_compared > 300);
    CHECK(dp_compared > 1500);
    CHECK(passes[1] > 100 && passes[2] > 100 && passes[3] > 100);
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (d) max_hyphen_run is a hard limit in passes 1-2 */

TEST(test_max_hyphen_run)
{
    ilist l = {0};
    fo_sp widths[1];
    lb_params p;
    int changed = 0;
    rng = 0x9E3779B97F4A7C15ull;
    for (int iter = 0; iter < 3000 && changed < 20; iter++) {
        gen_list(&l, 40, 95);
        lb_params_default(&p);
        widths[0] = rnd_sp(200, 400);
        p.widths = widths;
        p.nwidths = 1;
        p.pretolerance = -1;
        p.tolerance = 9999;
        p.double_hyphen_demerits = 0; /* let runs of hyphens happen */
        lb_result free_r, lim_r;
        CHECK_EQ_INT(linebreak(l.v, l.n, &p, &free_r), 0);
        int longest = max_run_of(&free_r);
        if (free_r.pass == 2 && longest >= 2) {
            p.max_hyphen_run = longest - 1;
            CHECK_EQ_INT(linebreak(l.v, l.n, &p, &lim_r), 0);
            check_result(l.v, l.n, &p, &lim_r);
            int64_t best;
            int has = dp_best(l.v, l.n, &p, 2, &best, NULL, NULL);
            if (lim_r.pass == 2) {
                CHECK(max_run_of(&lim_r) <= p.max_hyphen_run);
                CHECK(has);
                CHECK_EQ_INT(lim_r.demerits, best);
                CHECK(lim_r.demerits >= free_r.demerits);
                changed++;
            } else {
                CHECK(!has);
            }
            lb_result_free(&lim_r);
        }
        lb_result_free(&free_r);
    }
    CHECK(changed >= 20);

    /* a constructed case: every line must end at a hyphen */
    ilist m = {0};
    for (int i = 0; i < 8; i++) {
        il_push(&m, item_box(45 * U, 0, -1));
        il_push(&m, item_glue(10 * U, 5 * U, 3 * U, -1));
        il_push(&m, item_box(40 * U, 0, -1));
        il_push(&m, item_penalty(5 * U, 50, 1, -1));
    }
    il_push(&m, item_box(40 * U, 0, -1));
    il_push(&m, item_glue(10 * U, 5 * U, 3 * U, -1)); /* two words: the last line is no fragment */
    il_push(&m, item_box(10 * U, 0, -1));
    il_end_paragraph(&m);
    widths[0] = 100 * U;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    lb_result r;
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r), 0);
    CHECK_EQ_INT(r.pass, 2);
    CHECK(max_run_of(&r) >= 7);
    lb_result_free(&r);
    p.max_hyphen_run = 2;
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r), 0);
    check_result(m.v, m.n, &p, &r);
    CHECK_EQ_INT(r.pass, 3); /* no solution within the limit: pass 3 ignores it */
    lb_result_free(&r);
    free(l.v);
    free(m.v);
}

/* ------------------------------------------------------------------------ */
/* (d') no_hyphen_line: the line before a page turn ends on a whole word */

TEST(test_no_hyphen_line)
{
    ilist l = {0};
    fo_sp widths[2];
    lb_params p;
    int changed = 0, kept_count = 0;
    rng = 0x2545F4914F6CDD1Dull;
    for (int iter = 0; iter < 4000 && changed < 30; iter++) {
        gen_list(&l, 40, 95);
        lb_params_default(&p);
        widths[0] = rnd_sp(200, 400);
        widths[1] = rnd_sp(200, 400);
        p.widths = widths;
        p.nwidths = 2;
        p.pretolerance = -1;
        p.tolerance = 2000;
        lb_result free_r, r;
        CHECK_EQ_INT(linebreak(l.v, l.n, &p, &free_r), 0);
        int k = -1; /* a hyphenated line of the free optimum, not the last */
        for (int i = free_r.nlines - 2; i >= 0 && k < 0; i--)
            if (free_r.lines[i].hyphenated && (iter % 3 || i > 1)) k = i;
        if (free_r.pass == 2 && k >= 0) {
            p.no_hyphen_line = k + 1;
            CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
            check_result(l.v, l.n, &p, &r);
            int64_t best;
            int has = dp_best(l.v, l.n, &p, 2, &best, NULL, NULL);
            if (r.pass == 2) {
                /* the optimum among the settings whose line k+1 ends on a word */
                CHECK(has);
                CHECK_EQ_INT(r.demerits, best);
                CHECK(r.demerits >= free_r.demerits);
                CHECK(k >= r.nlines || !r.lines[k].hyphenated);
                changed++;
            } else {
                CHECK(!has);
            }
            lb_result_free(&r);
            /* a constraint on a line the optimum already ends on a word changes nothing */
            for (int i = 0; i + 1 < free_r.nlines; i++)
                if (!free_r.lines[i].hyphenated) {
                    p.no_hyphen_line = i + 1;
                    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
                    CHECK_EQ_INT(r.demerits, free_r.demerits);
                    CHECK_EQ_INT(r.nlines, free_r.nlines);
                    kept_count++;
                    lb_result_free(&r);
                    break;
                }
        }
        lb_result_free(&free_r);
    }
    CHECK(changed >= 30);
    CHECK(kept_count >= 30);
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (e) double- and final-hyphen demerits */

/* Line 1 must end at the hyphen after "A2". Line 2 either ends at the
 * hyphen after B3a (perfect: 2600 demerits + the hyphen terms) or at the
 * glue before B3a (badness 61: 5041 demerits). */
static void build_hyphen_case(ilist *l)
{
    item g = item_glue(10 * U, 20 * U, 0, -1);
    il_push(l, item_box(38 * U, 0, -1));
    il_push(l, g);
    il_push(l, item_box(50 * U, 0, -1));
    il_push(l, item_penalty(2 * U, 50, 1, -1)); /* 3: line 1 ends here, 100 wide */
    il_push(l, item_box(20 * U, 0, -1));
    il_push(l, g);
    il_push(l, item_box(53 * U, 0, -1));
    il_push(l, g);                              /* 7: loose choice */
    il_push(l, item_box(5 * U, 0, -1));
    il_push(l, item_penalty(2 * U, 50, 1, -1)); /* 9: perfect choice, hyphenated */
    il_push(l, item_box(30 * U, 0, -1));
    il_push(l, item_glue(10 * U, 20 * U, 0, -1)); /* two words: the last line is no fragment */
    il_push(l, item_box(10 * U, 0, -1));
    il_end_paragraph(l);
}

TEST(test_hyphen_demerits)
{
    ilist l = {0};
    build_hyphen_case(&l);
    fo_sp widths[1] = {100 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    p.pretolerance = -1;
    p.tolerance = 1000;
    struct { int32_t dbl, fin; int end2; int64_t dem; } cases[] = {
        {0, 0, 9, 2600 + 2600 + 100},
        {10000, 0, 7, 2600 + 5041 + 100},     /* double-hyphen demerits change it */
        {0, 5000, 7, 2600 + 5041 + 100},      /* final-hyphen demerits change it */
        {2000, 0, 9, 2600 + 4600 + 100},
        {0, 2000, 9, 2600 + 2600 + 2100},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        p.double_hyphen_demerits = cases[c].dbl;
        p.final_hyphen_demerits = cases[c].fin;
        lb_result r;
        CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
        check_result(l.v, l.n, &p, &r);
        CHECK_EQ_INT(r.nlines, 3);
        CHECK_EQ_INT(r.lines[0].end, 3);
        if (r.nlines == 3) CHECK_EQ_INT(r.lines[1].end, cases[c].end2);
        CHECK_EQ_INT(r.demerits, cases[c].dem);
        lb_result_free(&r);
    }
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (f) post_width starts the next line */

TEST(test_post_width)
{
    ilist l = {0};
    il_push(&l, item_box(60 * U, 0, -1));
    il_push(&l, item_glue(10 * U, 5 * U, 3 * U, -1));
    il_push(&l, item_box(26 * U, 0, -1));
    int hy = l.n;
    il_push(&l, pen_post(4 * U, 50, 1, 4 * U)); /* compound hyphen, repeated */
    il_push(&l, item_box(30 * U, 0, -1));
    il_push(&l, item_glue(10 * U, 5 * U, 3 * U, -1));
    il_push(&l, item_box(50 * U, 0, -1));
    il_end_paragraph(&l);
    fo_sp widths[1] = {100 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.nlines, 2);
    CHECK_EQ_INT(r.lines[0].end, hy);
    CHECK_EQ_INT(r.lines[0].natural, 100 * U);                /* 60 + 10 + 26 + 4 */
    CHECK_EQ_INT(r.lines[1].natural, (4 + 30 + 10 + 50) * U); /* post_width first */
    lb_result_free(&r);

    /* a post_width that makes the rest too long for one line: a third line */
    l.v[hy].post_width = 30 * U;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.nlines, 3);
    CHECK_EQ_INT(r.lines[0].end, hy);
    CHECK_EQ_INT(r.lines[1].natural, (30 + 30) * U);
    int64_t best;
    CHECK(dp_best(l.v, l.n, &p, r.pass, &best, NULL, NULL));
    CHECK_EQ_INT(r.demerits, best);
    lb_result_free(&r);
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (g) font expansion */

TEST(test_expansion)
{
    /* five words of 50 pt glyphs and rigid-ish spaces; the line needs 6 pt */
    ilist l = {0};
    for (int i = 0; i < 5; i++) {
        il_push(&l, item_box(50 * U, 50 * U, i));
        il_push(&l, item_glue(10 * U, U / 2, 1 * U, -1));
    }
    il_push(&l, item_box(50 * U, 50 * U, 5));
    int brk = l.n;
    il_push(&l, item_glue(10 * U, U / 2, 1 * U, -1));
    il_push(&l, item_box(50 * U, 50 * U, 6));
    il_end_paragraph(&l);
    fo_sp widths[1] = {356 * U}; /* 6 * 50 + 5 * 10 = 350 natural */
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;

    /* without expansion 2.5 pt of stretch cannot do it within tolerance */
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    CHECK_EQ_INT(r.pass, 3);
    lb_result_free(&r);

    p.expand_max = 0.02; /* 300 pt of glyphs: +-6 pt more */
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.pass, 1);
    CHECK_EQ_INT(r.lines[0].end, brk);
    double g, f;
    lb_line_setting(l.v, &r.lines[0], &p, &g, &f);
    CHECK(f > 1.0 && f <= 1.02);
    CHECK(g > 0.0 && g <= 1.0);
    double set = 350.0 + 300.0 * (f - 1.0) + 2.5 * g;
    CHECK(fabs(set - 356.0) < 1e-3);
    /* ratio 6/8.5: the glyphs take 6/8.5 of 2 % and the glue the same ratio */
    CHECK(fabs(r.lines[0].ratio - 6.0 / 8.5) < 1e-6);
    CHECK(fabs(g - r.lines[0].ratio) < 1e-3);
    CHECK(fabs(f - (1.0 + 0.02 * 6.0 / 8.5)) < 1e-6);
    /* the last line (fil) is set at natural size */
    lb_line_setting(l.v, &r.lines[1], &p, &g, &f);
    CHECK(f == 1.0 && g == 0.0);
    CHECK_EQ_INT(r.lines[1].fil_fill, 356 * U - 50 * U);
    lb_result_free(&r);

    /* shrinking: the line is 4 pt too wide */
    widths[0] = 346 * U;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    lb_line_setting(l.v, &r.lines[0], &p, &g, &f);
    CHECK(f < 1.0 && f >= 0.98);
    CHECK(g < 0.0 && g >= -1.0);
    CHECK(fabs(350.0 + 300.0 * (f - 1.0) + 5.0 * g - 346.0) < 1e-3);
    lb_result_free(&r);

    /* more stretch than expansion allows (emergency pass): glyphs stop at 2 % */
    widths[0] = 400 * U;
    p.emergency_stretch = 100 * U;
    p.tolerance = 100;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    for (int k = 0; k < r.nlines; k++) {
        lb_line_setting(l.v, &r.lines[k], &p, &g, &f);
        CHECK(f >= 0.98 && f <= 1.02);
    }
    lb_result_free(&r);
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (h) an unbreakable box wider than the line */

TEST(test_overlong_box)
{
    ilist l = {0};
    words(&l, 3, 20 * U);
    il_push(&l, item_glue(10 * U, 5 * U, 3 * U, -1));
    int big = l.n;
    il_push(&l, item_box(300 * U, 0, -1));
    il_push(&l, item_glue(10 * U, 5 * U, 3 * U, -1));
    words(&l, 6, 20 * U);
    il_end_paragraph(&l);
    fo_sp widths[1] = {100 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.pass, 3);
    int over = 0;
    for (int k = 0; k < r.nlines; k++) {
        if (r.lines[k].overfull) {
            over++;
            CHECK_EQ_INT(r.lines[k].start, big); /* the box alone, no more */
            CHECK_EQ_INT(r.lines[k].end, big + 1);
            CHECK(r.lines[k].ratio == -1.0);
        }
    }
    CHECK_EQ_INT(over, 1);
    lb_result_free(&r);

    /* a paragraph that is one huge box */
    ilist m = {0};
    il_push(&m, item_box(500 * U, 0, -1));
    il_end_paragraph(&m);
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r), 0);
    check_result(m.v, m.n, &p, &r);
    CHECK_EQ_INT(r.nlines, 1);
    CHECK_EQ_INT(r.lines[0].overfull, 1);
    lb_result_free(&r);

    /* a narrow measure where every word is too wide */
    widths[0] = 15 * U;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.nlines, 10);
    lb_result_free(&r);
    free(l.v);
    free(m.v);
}

/* min_last_line: a short last line is avoided when it can be */
TEST(test_min_last_line)
{
    ilist l = {0};
    for (int i = 0; i < 9; i++) { /* 9 * 20 + 8 * 10 = 260 */
        il_push(&l, item_box(20 * U, 0, i));
        if (i < 8) il_push(&l, item_glue(10 * U, 10 * U, 3 * U, -1));
    }
    il_end_paragraph(&l);
    fo_sp widths[1] = {140 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    p.tolerance = 10000;
    p.pretolerance = -1;
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    int nat_lines = r.nlines;
    fo_sp last = r.lines[r.nlines - 1].natural;
    lb_result_free(&r);
    p.min_last_line = last + 1;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.nlines, nat_lines);
    CHECK(r.lines[r.nlines - 1].natural >= p.min_last_line);
    int64_t best;
    CHECK(dp_best(l.v, l.n, &p, 2, &best, NULL, NULL));
    CHECK_EQ_INT(r.demerits, best);
    CHECK(r.demerits < LB_SHORT_LAST_LINE_DEMERITS);
    lb_result_free(&r);

    /* unavoidable: every solution pays, the breaks stay the best ones */
    p.min_last_line = 1000 * U;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK(dp_best(l.v, l.n, &p, 2, &best, NULL, NULL));
    CHECK_EQ_INT(r.demerits, best);
    CHECK(r.demerits >= LB_SHORT_LAST_LINE_DEMERITS);
    lb_result_free(&r);
    free(l.v);
}

/* The last line is never only the rest of a word broken on the line before
 * (issue 15): three words of 21 pt and a last word A|B (14 + 8 pt) with a
 * hyphenation point. At 100 pt, "w w w A-" is a perfect line and leaves "B"
 * alone on the last line; the other setting, "w w w" / "AB", is looser but
 * within the tolerance. Passes 1-2 must not set the fragment. A word too
 * wide for the line leaves no choice: the emergency pass sets its rest
 * alone. An inword break (an address after its '/', no hyphen) counts
 * alike. */
static void build_fragment_case(ilist *l, int inword)
{
    for (int i = 0; i < 3; i++) {
        il_push(l, item_box(21 * U, 0, -1));
        il_push(l, item_glue(7 * U, 12 * U, 2 * U, -1));
    }
    il_push(l, item_box(14 * U, 0, -1)); /* 6: the last word, A|B */
    item pen = item_penalty(inword ? 0 : 2 * U, 50, !inword, -1);
    pen.inword = (uint8_t)inword;
    il_push(l, pen);                     /* 7 */
    il_push(l, item_box(8 * U, 0, -1));
    il_end_paragraph(l);
}

TEST(test_fragment_last_line)
{
    for (int inword = 0; inword <= 1; inword++) {
        ilist l = {0};
        build_fragment_case(&l, inword);
        fo_sp widths[1] = {100 * U};
        lb_params p;
        lb_params_default(&p);
        p.widths = widths;
        p.nwidths = 1;
        p.pretolerance = -1;
        p.tolerance = 1000;
        p.final_hyphen_demerits = 0;
        lb_result r;
        CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
        check_result(l.v, l.n, &p, &r);
        CHECK_EQ_INT(r.pass, 2);
        CHECK_EQ_INT(r.nlines, 2);
        if (r.nlines == 2) CHECK_EQ_INT(r.lines[0].end, 5); /* "w w w" / "AB" */
        int64_t best;
        CHECK(dp_best(l.v, l.n, &p, 2, &best, NULL, NULL));
        CHECK_EQ_INT(r.demerits, best);
        /* without the rule the fragment would win: its first line is the better one */
        ref_meas frag, other;
        ref_measure(l.v, l.n, &p, -1, 7, 0, 0, &frag);
        ref_measure(l.v, l.n, &p, -1, 5, 0, 0, &other);
        CHECK(frag.bad < other.bad);
        lb_result_free(&r);
        free(l.v);

        /* one word wider than the line: its rest stands alone, in pass 3 */
        ilist w = {0};
        il_push(&w, item_box(30 * U, 0, -1));
        item pw = item_penalty(inword ? 0 : 2 * U, 50, !inword, -1);
        pw.inword = (uint8_t)inword;
        il_push(&w, pw);
        il_push(&w, item_box(30 * U, 0, -1));
        il_end_paragraph(&w);
        widths[0] = 40 * U;
        CHECK_EQ_INT(linebreak(w.v, w.n, &p, &r), 0);
        CHECK_EQ_INT(r.pass, 3);
        CHECK_EQ_INT(r.nlines, 2);
        for (int i = 0; i < r.nlines; i++) CHECK(!r.lines[i].overfull);
        CHECK(r.demerits >= LB_FRAGMENT_DEMERITS);
        lb_result_free(&r);
        free(w.v);
    }
}

/* A reluctant hyphen (a capitalised word: LB_RELUCTANT) is the best break
 * but another setting is within the tolerance: it is not taken. When no
 * other setting is within the tolerance, even with a part of the emergency
 * stretch, it is - in pass 2, before the emergency pass. */
TEST(test_reluctant_hyphen)
{
    ilist l = {0};
    build_hyphen_case(&l); /* line 2 ends at 9 (hyphen, perfect) or at 7 (badness 61) */
    l.v[9].flagged = LB_RELUCTANT;
    fo_sp widths[1] = {100 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    p.pretolerance = -1;
    p.tolerance = 1000;
    p.double_hyphen_demerits = 0;
    p.final_hyphen_demerits = 0;
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    CHECK_EQ_INT(r.pass, 2);
    CHECK_EQ_INT(r.nlines, 3);
    if (r.nlines == 3) CHECK_EQ_INT(r.lines[1].end, 7);
    lb_result_free(&r);
    /* the same list with an ordinary hyphen takes it */
    l.v[9].flagged = 1;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    if (r.nlines == 3) CHECK_EQ_INT(r.lines[1].end, 9);
    lb_result_free(&r);
    /* a tolerance that refuses the loose line: the reluctant hyphen after all */
    l.v[9].flagged = LB_RELUCTANT;
    p.tolerance = 50;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    CHECK_EQ_INT(r.pass, 2);
    if (r.nlines == 3) CHECK_EQ_INT(r.lines[1].end, 9);
    lb_result_free(&r);
    /* unless the emergency stretch's share makes the loose line acceptable */
    p.emergency_stretch = 60 * U;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    CHECK_EQ_INT(r.pass, 2);
    if (r.nlines == 3) CHECK_EQ_INT(r.lines[1].end, 7);
    lb_result_free(&r);
    free(l.v);
}

/* varying line widths (TeX's \parshape / hanging indentation) */
TEST(test_line_widths)
{
    ilist l = {0};
    words(&l, 30, 20 * U);
    il_end_paragraph(&l);
    fo_sp widths[3] = {90 * U, 120 * U, 200 * U};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 3;
    lb_result r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
    check_result(l.v, l.n, &p, &r);
    int64_t best;
    CHECK(dp_best(l.v, l.n, &p, r.pass, &best, NULL, NULL));
    CHECK_EQ_INT(r.demerits, best);
    CHECK_EQ_INT(r.lines[0].width, 90 * U);
    CHECK_EQ_INT(r.lines[1].width, 120 * U);
    CHECK_EQ_INT(r.lines[2].width, 200 * U);
    lb_result_free(&r);
    free(l.v);
}

/* ------------------------------------------------------------------------ */
/* (i) looseness (tex.web §875) */

/* Checks a result broken with p->looseness != 0 against the oracles: each
 * pass before r->pass has no solution or misses the looseness (from some
 * fewest-demerits count, in case of ties); in r->pass the line count, the
 * actual looseness and the demerits are those of §875. Returns 1 when
 * checked, 0 when skipped (pass 3 with no solution free of overfull lines);
 * *bf counts the passes also checked by brute force. */
static int check_looseness(const item *it, int n, const lb_params *p, const lb_result *r, int *bf)
{
    int64_t *by = malloc(sizeof(int64_t) * ((size_t)n + 1));
    int64_t *by2 = malloc(sizeof(int64_t) * ((size_t)n + 1));
    int L = p->looseness, checked = 0;
    for (int pass = p->pretolerance >= 0 ? 1 : 2; pass <= r->pass; pass++) {
        /* pass 3 is the bounded one if that has a solution; else the
         * unbounded one, which ignores the looseness */
        ref_bounded3 = pass == 3;
        int has = dp_by_lines(it, n, p, pass, by), unbounded = 0;
        if (pass == 3 && !has) {
            ref_bounded3 = 0;
            has = dp_by_lines(it, n, p, pass, by);
            unbounded = 1;
        }
        int hb = bf_by_lines(it, n, p, pass, by2);
        ref_bounded3 = 0;
        if (hb >= 0) {
            CHECK_EQ_INT(hb, has);
            for (int l = 0; l <= n; l++) CHECK_EQ_INT(by2[l], by[l]);
            (*bf)++;
        }
        if (!has) {
            if (pass < 3) CHECK(pass < r->pass);
            continue;
        }
        int64_t dmin = by_lines_min(by, n);
        if (pass < r->pass) {
            int misses = 0;
            for (int b = 0; b <= n; b++)
                if (by[b] == dmin && closest_looseness(by, n, b, L) != L) misses = 1;
            CHECK(misses);
            continue;
        }
        int b = r->nlines - r->looseness_actual; /* the pass's fewest-demerits count */
        CHECK(b >= 1 && b <= n);
        if (b < 1 || b > n) break;
        CHECK_EQ_INT(by[b], dmin);
        if (unbounded) {
            CHECK_EQ_INT(r->looseness_actual, 0);
            CHECK_EQ_INT(r->looseness_met, 0);
            CHECK_EQ_INT(r->demerits, dmin);
            checked = 1;
            continue;
        }
        CHECK_EQ_INT(r->looseness_actual, closest_looseness(by, n, b, L));
        CHECK_EQ_INT(r->demerits, by[r->nlines]);
        CHECK_EQ_INT(r->looseness_met, r->looseness_actual == L);
        if (pass < 3) CHECK(r->looseness_met);
        if (L == 1) { /* the brief's property, spelled out */
            CHECK(r->nlines >= b && r->nlines <= b + 1);
            if (r->nlines == b + 1) CHECK_EQ_INT(r->demerits, by[b + 1]);
            if (hb > 0 && r->nlines == b + 1) CHECK_EQ_INT(r->demerits, by2[b + 1]);
        }
        checked = 1;
    }
    free(by);
    free(by2);
    return checked;
}

/* The text of the whole frog paragraph read back from a result. */
static void frog_text(const item *it, const lb_result *r, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < r->nlines; i++) {
        frog_line(it, &r->lines[i], buf + k, cap - k);
        k += strlen(buf + k);
        if (i + 1 < r->nlines && !r->lines[i].hyphenated && k + 1 < cap) buf[k++] = ' ';
        buf[k] = 0;
    }
}

/* Breaks the frog king at `chars` characters with looseness L and checks
 * the §875 result: `lines` lines in pass `pass`, the same text, the least
 * demerits of that line count. */
static void frog_loose(const ilist *l, int chars, int L, int lines, int pass, int *bf)
{
    fo_sp widths[1] = {chars * CH};
    lb_params p;
    lb_params_default(&p);
    p.widths = widths;
    p.nwidths = 1;
    p.looseness = L;
    static char text[2048];
    int64_t *by = malloc(sizeof(int64_t) * ((size_t)l->n + 1));
    lb_result r;
    CHECK_EQ_INT(linebreak(l->v, l->n, &p, &r), 0);
    check_result(l->v, l->n, &p, &r);
    CHECK_EQ_INT(r.nlines, lines);
    CHECK_EQ_INT(r.looseness_actual, L);
    CHECK_EQ_INT(r.looseness_met, 1);
    CHECK_EQ_INT(r.pass, pass);
    CHECK(dp_by_lines(l->v, l->n, &p, r.pass, by));
    CHECK_EQ_INT(r.demerits, by[lines]);
    frog_text(l->v, &r, text, sizeof text);
    CHECK_EQ_STR(text, frog);
    CHECK(check_looseness(l->v, l->n, &p, &r, bf));
    lb_result_free(&r);
    free(by);
}

TEST(test_looseness)
{
    ilist l = {0};
    build_frog(&l);
    fo_sp widths[1] = {60 * CH};
    lb_params p;
    lb_params_default(&p);
    CHECK_EQ_INT(p.looseness, 0);
    p.widths = widths;
    p.nwidths = 1;
    static char text[2048];
    int bf = 0;

    /* looseness 0: as before, and always met */
    lb_result r0, r;
    CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r0), 0);
    CHECK_EQ_INT(r0.nlines, 10);
    CHECK_EQ_INT(r0.looseness_actual, 0);
    CHECK_EQ_INT(r0.looseness_met, 1);
    frog_text(l.v, &r0, text, sizeof text);
    CHECK_EQ_STR(text, frog);

    /* the measures (found by the oracle) where the frog king can gain or
     * lose a line within tolerance: 58 and 59 have 10 lines, 65 has 10 */
    frog_loose(&l, 58, 1, 11, 1, &bf);  /* +1 within the pretolerance */
    frog_loose(&l, 59, 1, 11, 2, &bf);  /* pass 1 misses it, pass 2 does not */
    frog_loose(&l, 65, -1, 9, 1, &bf);  /* one line fewer */

    /* at 60 the frog king can neither gain nor lose a line within the
     * tolerance: passes 1-2 miss it, pass 3 (bounded by the tolerance, as
     * TeX's final pass) keeps its fewest-demerits 10 lines */
    for (int L = -2; L <= 2; L++) {
        if (L == 0) continue;
        p.looseness = L;
        CHECK_EQ_INT(linebreak(l.v, l.n, &p, &r), 0);
        check_result(l.v, l.n, &p, &r);
        CHECK_EQ_INT(r.pass, 3);
        CHECK_EQ_INT(r.nlines, 10);
        CHECK_EQ_INT(r.looseness_actual, 0);
        CHECK_EQ_INT(r.looseness_met, 0);
        for (int k = 0; k < r.nlines; k++) CHECK(r.lines[k].badness <= p.tolerance);
        CHECK(check_looseness(l.v, l.n, &p, &r, &bf));
        lb_result_free(&r);
    }
    lb_result_free(&r0);

    /* a one-line paragraph cannot lose a line: it is left as it is */
    ilist m = {0};
    words(&m, 3, 20 * U);
    il_end_paragraph(&m);
    widths[0] = 200 * U;
    p.looseness = 0;
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r0), 0);
    CHECK_EQ_INT(r0.nlines, 1);
    for (int L = -1; L <= 1; L += 2) {
        /* nor gain one: its words cannot fill a line within the tolerance */
        p.looseness = L;
        CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r), 0);
        check_result(m.v, m.n, &p, &r);
        CHECK_EQ_INT(r.nlines, 1);
        CHECK_EQ_INT(r.lines[0].end, r0.lines[0].end);
        CHECK_EQ_INT(r.demerits, r0.demerits);
        CHECK_EQ_INT(r.looseness_actual, 0);
        CHECK_EQ_INT(r.looseness_met, 0);
        CHECK_EQ_INT(r.pass, 3); /* passes 1 and 2 missed it, as in TeX */
        CHECK(check_looseness(m.v, m.n, &p, &r, &bf));
        lb_result_free(&r);
    }
    /* with emergency stretch, TeX's third pass can make the second line */
    p.emergency_stretch = 200 * U;
    p.looseness = 1;
    CHECK_EQ_INT(linebreak(m.v, m.n, &p, &r), 0);
    check_result(m.v, m.n, &p, &r);
    CHECK_EQ_INT(r.pass, 3);
    CHECK_EQ_INT(r.nlines, 2);
    CHECK_EQ_INT(r.looseness_met, 1);
    CHECK(r.lines[0].badness <= p.tolerance);
    CHECK(check_looseness(m.v, m.n, &p, &r, &bf));
    lb_result_free(&r);
    lb_result_free(&r0);

    /* no solution within the tolerance even in pass 3: the unbounded
     * emergency pass runs, and the looseness applies to what it finds */
    ilist o = {0};
    words(&o, 3, 20 * U);
    il_push(&o, item_glue(10 * U, 5 * U, 3 * U, -1));
    il_push(&o, item_box(300 * U, 0, -1)); /* wider than the line */
    il_end_paragraph(&o);
    p.emergency_stretch = 0;
    for (int L = -1; L <= 1; L++) {
        p.looseness = L;
        CHECK_EQ_INT(linebreak(o.v, o.n, &p, &r), 0);
        check_result(o.v, o.n, &p, &r);
        CHECK_EQ_INT(r.pass, 3);
        CHECK_EQ_INT(r.nlines, 2);
        CHECK_EQ_INT(r.lines[1].overfull, 1);
        CHECK_EQ_INT(r.looseness_actual, 0);
        CHECK_EQ_INT(r.looseness_met, L == 0);
        lb_result_free(&r);
    }
    CHECK(bf > 0);
    free(l.v);
    free(m.v);
    free(o.v);
}

/* Random lists: looseness +1 mostly, also -1, +2, -2, against the oracles. */
TEST(test_looseness_random)
{
    ilist l = {0};
    fo_sp widths[3];
    lb_params p;
    int checked = 0, bf = 0, met = 0, plus_one = 0, passes[4] = {0};
    rng = 0x2545F4914F6CDD1Dull;
    for (int iter = 0; iter < 3000; iter++) {
        int small = iter % 2 == 0;
        gen_list(&l, small ? 5 : 14, rnd(0, 1) ? 30 : 70);
        gen_params(&p, widths);
        if (rnd(0, 1)) { /* room to gain a line in passes 1 and 2 too */
            for (int i = 0; i < l.n; i++)
                if (l.v[i].type == ITEM_GLUE && !l.v[i].fil) l.v[i].stretch += rnd(5, 40) * U;
            if (rnd(0, 1)) {
                p.pretolerance = rnd(0, 3) ? rnd(200, 5000) : -1;
                p.tolerance = rnd(1000, 10000);
            }
        }
        if (rnd(0, 2) == 0) { /* a last line without fil glue: its fitness varies */
            l.v[l.n - 2].fil = 0;
            l.v[l.n - 2].stretch = rnd(0, 60) * U;
        }
        int c = rnd(0, 9);
        p.looseness = c < 6 ? 1 : c < 8 ? -1 : c < 9 ? 2 : -2;
        lb_result r;
        if (linebreak(l.v, l.n, &p, &r) != 0) {
            CHECK(0);
            continue;
        }
        passes[r.pass]++;
        int before = th_failed_checks;
        check_result(l.v, l.n, &p, &r);
        if (check_looseness(l.v, l.n, &p, &r, &bf)) {
            checked++;
            met += r.looseness_met;
            plus_one += p.looseness == 1 && r.looseness_met;
        }
        if (th_failed_checks != before)
            fprintf(stderr, "  (looseness list %d, n=%d, looseness %d, pass %d)\n", iter, l.n,
                    p.looseness, r.pass);
        lb_result_free(&r);
    }
    if (getenv("LB_VERBOSE"))
        printf("looseness: checked %d (brute force %d passes), met %d (+1: %d); passes 1:%d 2:%d 3:%d\n",
               checked, bf, met, plus_one, passes[1], passes[2], passes[3]);
    CHECK(checked > 2400);
    CHECK(bf > 1000);
    CHECK(plus_one > 500 && met < checked);
    CHECK(passes[1] > 30 && passes[2] > 300 && passes[3] > 300);
    free(l.v);
}

int main(void)
{
    RUN(test_frog_king);
    RUN(test_forced_breaks);
    RUN(test_random_properties);
    RUN(test_max_hyphen_run);
    RUN(test_no_hyphen_line);
    RUN(test_hyphen_demerits);
    RUN(test_post_width);
    RUN(test_expansion);
    RUN(test_overlong_box);
    RUN(test_min_last_line);
    RUN(test_fragment_last_line);
    RUN(test_reluctant_hyphen);
    RUN(test_line_widths);
    RUN(test_looseness);
    RUN(test_looseness_random);
    return TEST_REPORT();
}
