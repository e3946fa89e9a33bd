/* linebreak.h - Knuth-Plass total-fit line breaking.
 *
 * Chooses the breaks of a whole paragraph at once, minimising the sum of
 * demerits over its lines (Knuth & Plass 1981; tex.web part 38, sections
 * 813-890). Passes as in TeX: first without hyphenation (penalties flagged
 * as hyphens are not feasible breaks), then with it, then an emergency pass
 * with extra stretch that always finds breaks. Font expansion (as in pdfTeX)
 * adds stretch and shrink in proportion to the glyph width of the line's
 * boxes (item.expand), so the breaker trades word spacing against a
 * glyph-width change of at most +-expand_max. */
#ifndef FOLIO_LINEBREAK_H
#define FOLIO_LINEBREAK_H

#include "items.h"

typedef struct lb_params {
    /* line widths: line i (0-based) has widths[min(i, nwidths-1)] */
    const fo_sp *widths;
    int nwidths;
    int32_t pretolerance;   /* badness limit of pass 1 (no hyphenation); < 0 skips pass 1 */
    int32_t tolerance;      /* badness limit of pass 2 (hyphenation) */
    fo_sp emergency_stretch;/* pass 3: extra stretch per line, as TeX's \emergencystretch */
    int32_t line_penalty;   /* TeX \linepenalty, 10 */
    int32_t adj_demerits;   /* fitness classes more than one apart, TeX \adjdemerits, 10000 */
    int32_t double_hyphen_demerits; /* two hyphenated lines in a row, 10000 */
    int32_t final_hyphen_demerits;  /* hyphen on the paragraph's last full line, 5000 */
    int max_hyphen_run;     /* most consecutive hyphenated lines (0 = no limit, as are values > 64);
                               a hard limit in passes 1-2, not enforced in pass 3 */
    double expand_max;      /* font expansion limit, e.g. 0.02 (+-2 %); 0 = off */
    fo_sp min_last_line;    /* least natural width of the last line's content; 0 = none (a soft rule:
                               LB_SHORT_LAST_LINE_DEMERITS); the last line is never a fragment of
                               a word either (LB_FRAGMENT_DEMERITS), whatever this is */
    fo_sp fair_last_line;   /* the same for a second, longer width (a quarter of the measure): the
                               first thing a paragraph gives up for a looseness (para.c) */
    int no_lone_last_word;  /* the last line is never a single word (a title's): treated as a fragment */
    int looseness;          /* TeX \looseness: lines more (> 0) or fewer (< 0) than the optimum; 0 = off */
    int no_hyphen_line;     /* > 0: line number (1-based) that may not end at a flagged break, because
                               a page turn follows it (typography.md: no hyphen across a page turn
                               where avoidable); 0 = none */
} lb_params;

/* Looseness (tex.web §875): each pass first finds its fewest-demerits
 * solution, of `best` lines; among its solutions it then takes the one whose
 * line count is closest to best + looseness without going past it (fewest
 * demerits among those of that count). A pass that misses best + looseness
 * is not accepted and the next one runs, as in TeX; the emergency pass (3)
 * keeps the closest it gets. As in TeX's final pass, that pass 3 keeps the
 * tolerance as its badness limit (adding emergency_stretch, ignoring
 * max_hyphen_run), so looseness never buys lines looser than the tolerance;
 * only when it finds no breaks at all (e.g. a box wider than the line) does
 * the unbounded emergency pass run, as with looseness 0: the looseness is
 * then ignored (looseness_actual 0, not met). With looseness != 0 the
 * breaker keeps active nodes apart by exact line number (TeX's easy_line,
 * §848), so it is slower and uses more memory than with 0. */

/* Extra demerits of a last line (the one ending at the final forced break,
 * when it is not the paragraph's only line) whose natural width without its
 * fil glue is below min_last_line. Ten times adj_demerits: it outweighs any
 * single line within a tolerance of 200 ((10 + 200)^2 = 44100) and the
 * hyphen demerits, but not a paragraph made much worse to avoid it. */
#define LB_SHORT_LAST_LINE_DEMERITS 100000

/* A paragraph's last line that is only the rest of a word broken at the end
 * of the line before (a hyphenated "...econó- / micos.", an address broken
 * after a '/'): no glue between its boxes, after a flagged or inword break.
 * Passes 1 and 2 never set one (the line is not feasible: the pass fails
 * rather than end on a fragment, and the next pass, with emergency stretch,
 * finds another way); pass 3 sets one only for these extra demerits, i.e.
 * when nothing else can be done. TeX has \finalhyphendemerits for the
 * hyphen on the last full line; this is the stronger rule Bringhurst and
 * the Spanish manuals give for the last line itself. */
#define LB_FRAGMENT_DEMERITS 1000000000LL

/* A flagged penalty whose flagged value is LB_RELUCTANT is a reluctant
 * hyphen (in a capitalised word: a name). It is not a legal break in passes
 * 1 and 2; when pass 2 fails, it runs again with a part of the emergency
 * stretch added (emergency_stretch / LB_RELUCTANT_STRETCH_DIVISOR: a little
 * looser lines are better than a broken name, much looser ones are not),
 * the tolerance still the limit, then once more with the reluctant hyphens
 * legal (at their penalty), before pass 3 - TeX's \uchyph as a last resort
 * rather than a ban. */
#define LB_RELUCTANT 2
#define LB_RELUCTANT_STRETCH_DIVISOR 4

/* TeX's defaults (plain.tex): pretolerance 100, tolerance 200, linepenalty
 * 10, adjdemerits 10000, doublehyphendemerits 10000, finalhyphendemerits
 * 5000, emergency stretch 0, no hyphen-run limit, expansion off,
 * min_last_line 0, looseness 0. widths/nwidths are left NULL/0: the caller sets them. */
void lb_params_default(lb_params *p);

typedef struct lb_line {
    int start;       /* index of the first item of the line (after discarded glue/penalties) */
    int end;         /* index of the break item (glue or penalty); the line holds items [start, end) */
    double ratio;    /* adjustment ratio r: > 0 stretch, < 0 shrink (-1 = full shrink, also when overfull);
                        counts expansion but not emergency stretch, so it can exceed 1; 0 when there is nothing to stretch */
    int fitness;     /* 0 very loose, 1 loose, 2 decent, 3 tight (the order of tex.web section 817; the 1981 paper numbers them the other way round) */
    int hyphenated;  /* ends at a flagged penalty */
    int overfull;    /* could not shrink enough (only in the emergency pass or with an unbreakable box) */
    fo_sp natural;   /* natural width of [start, end) plus the break's width and the previous break's post_width */
    fo_sp width;     /* target width of this line */
    /* added by the breaker's author (compatible additions): */
    int32_t badness;  /* badness used for the demerits (tex.web section 108; with emergency stretch in pass 3); 10000 if underfull beyond hope or overfull */
    int64_t demerits; /* this line's demerits (the result's demerits are their sum) */
    fo_sp fil_fill;   /* when the line has fil glue and is short: the total width its fil glue adds (share it equally); then ratio is 0 */
} lb_line;

typedef struct lb_result {
    lb_line *lines;  /* malloc'd */
    int nlines;
    int64_t demerits;
    int pass;        /* 1, 2 or 3 */
    /* looseness (see lb_params): nlines is the line count achieved */
    int looseness_actual; /* nlines minus the line count of the pass's fewest-demerits solution */
    int looseness_met;    /* looseness_actual == the requested looseness (always 1 for looseness 0) */
} lb_result;

/* Break items[0..n) into lines. The list must end with a forced break
 * (normally penalty INF + fil glue + PENALTY_FORCE). Returns 0 on success,
 * -1 on bad input (no final forced break, n <= 0, no widths); then *out is
 * zeroed and need not be freed. Never fails to find breaks otherwise: the
 * emergency pass accepts underfull lines, and overfull ones only when nothing
 * else fits (an unbreakable box wider than the line), and marks them.
 * Legal breaks: a glue right after a box, a penalty < PENALTY_INF. After a
 * break, glue and non-forced penalties are discarded up to the next box or
 * forced penalty. Out of memory aborts (xalloc). Reentrant, no global state;
 * time O(n x active nodes). */
int linebreak(const item *items, int n, const lb_params *p, lb_result *out);
void lb_result_free(lb_result *r);

/* How to set a broken line: glue_ratio applies to glue (width + ratio*stretch
 * or + ratio*shrink), font_scale to the glyph boxes (1.0 = none). Splits the
 * line's adjustment between expansion and glue as the breaker assumed: the
 * glyphs scale by 1 + ratio*expand_max (clamped to +-expand_max), the glue
 * takes the rest (never below -1). A line short with fil glue gets glue_ratio
 * 0 and font_scale 1: its fil glue takes line->fil_fill. */
void lb_line_setting(const item *items, const lb_line *line, const lb_params *p,
                     double *glue_ratio, double *font_scale);

#endif
