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
    int max_hyphen_run;     /* most consecutive hyphenated lines (0 = no limit); not enforced in pass 3 */
    double expand_max;      /* font expansion limit, e.g. 0.02 (+-2 %); 0 = off */
    fo_sp min_last_line;    /* least natural width of the last line's content; 0 = none */
} lb_params;

/* TeX's defaults (plain.tex), expansion off. */
void lb_params_default(lb_params *p);

typedef struct lb_line {
    int start;       /* index of the first item of the line (after discarded glue/penalties) */
    int end;         /* index of the break item (glue or penalty); the line holds items [start, end) */
    double ratio;    /* adjustment ratio r: > 0 stretch, < 0 shrink (-1 = full shrink) */
    int fitness;     /* 0 very loose, 1 loose, 2 decent, 3 tight (tex.web section 817 order is inverted; this one reads naturally) */
    int hyphenated;  /* ends at a flagged penalty */
    int overfull;    /* could not shrink enough (only in the emergency pass or with an unbreakable box) */
    fo_sp natural;   /* natural width of [start, end) plus the break's width and the previous break's post_width */
    fo_sp width;     /* target width of this line */
} lb_line;

typedef struct lb_result {
    lb_line *lines;  /* malloc'd */
    int nlines;
    int64_t demerits;
    int pass;        /* 1, 2 or 3 */
} lb_result;

/* Break items[0..n) into lines. The list must end with a forced break
 * (normally fil glue + PENALTY_FORCE). Returns 0 on success, -1 on bad input
 * (no final forced break). Never fails to find breaks otherwise: the
 * emergency pass accepts overfull lines and marks them. */
int linebreak(const item *items, int n, const lb_params *p, lb_result *out);
void lb_result_free(lb_result *r);

/* How to set a broken line: glue_ratio applies to glue (width + ratio*stretch
 * or + ratio*shrink), font_scale to the glyph boxes (1.0 = none). Splits the
 * line's adjustment between expansion and glue as the breaker assumed. */
void lb_line_setting(const item *items, const lb_line *line, const lb_params *p,
                     double *glue_ratio, double *font_scale);

#endif
