/* para.h - a paragraph of inline content → items → broken, set lines.
 *
 * The middle of the pipeline for running text: inline markup (em, strong,
 * sc, sup, sub, q, note calls, links, nobr, br) is flattened into styled
 * text; each word is shaped once (shape.h) and hyphenated (hyphenate.h) into
 * Knuth-Plass boxes, glue and penalties (items.h); linebreak.c chooses the
 * breaks; each line is then set into a vline, glyph runs positioned relative
 * to the line's baseline, ready for the page builder.
 *
 * Spanish no-break rules live here (typography.md): a number with its unit
 * or sign ("30 %", "US$ 45.000"), "N.º" with its number, initials, and a
 * word with a raya glued to it never break apart. */
#ifndef FOLIO_PARA_H
#define FOLIO_PARA_H

#include "../input/doc.h"
#include "../input/layout.h"
#include "../text/font.h"
#include "../text/hyphenate.h"
#include "../text/shape.h"
#include "items.h"
#include "linebreak.h"
#include "pagemodel.h"

/* What a line carries besides ink: note calls, index marks, anchors. */
typedef struct vmark {
    enum { MARK_NOTE, MARK_INDEX, MARK_ANCHOR, MARK_INDEX_START, MARK_INDEX_END } kind;
    int value;            /* note: index in the composer's note table; index: term index */
    const char *id;       /* anchor id; for an index range's start and end, its rid */
} vmark;

/* One set line: glyph runs and rules relative to (line start, baseline). */
typedef struct vline {
    pm_item *items;
    int nitems;
    vmark *marks;
    int nmarks;
    fo_sp ascent, descent, leading; /* leading = baseline-to-baseline step for this line */
    int hyphenated;       /* ends with a hyphen (a page turn should not follow) */
    fo_sp natural;        /* natural width of the line's content */
    fo_sp width;          /* the measure it was set to */
    int overfull;
} vline;

typedef struct composer composer; /* the page builder's context (pagebuild.h) */

/* Everything a paragraph needs from the build. */
typedef struct para_env {
    const layout *lay;
    const fontset *fs;
    shaper *sh;
    const hyphenator *hy;
    diag_sink *d;
    arena *mem;           /* vline arrays live here (the layout pass's arena) */
    /* hooks into the build (may be NULL) */
    int (*note_call)(void *user, const doc_inline *note);      /* → note index; prints its number */
    int (*note_number)(void *user, int note_index);
    const char *(*ref_text)(void *user, const char *id, const char *show, diag_loc loc);
    int (*index_term)(void *user, const char *term, const char *sub, const char *see);
    void *user;
} para_env;

typedef struct para_opts {
    const layout_style *style;
    fo_sp measure;        /* line width */
    fo_sp indent;         /* first line indent (overrides the style's when >= 0) */
    fo_sp first_width;    /* width of the first line when > 0 (hanging labels) */
    doc_align align;      /* ALIGN_DEFAULT: the style's */
    int hyphenate;        /* -1: the style's */
    int no_expansion;     /* turn font expansion off (tables, headings) */
    int looseness;        /* TeX's \looseness: lines more (+) or fewer (-) than the optimum, if feasible */
    int no_hyphen_line;   /* > 0: this line (1-based) may not end on a hyphen: a page turns after it */
    int *looseness_met;   /* if not NULL: set to 1 when the looseness (and no_hyphen_line) was
                             applied, 0 when refused */
    const char *prefix;   /* text set before the content (list labels…), may be NULL */
    int quote_depth;
} para_opts;

/* Set content into lines; appends the vlines to *out (grows with xrealloc).
 * Returns the number of lines added. */
int para_set(const para_env *env, const doc_inline *content, const para_opts *o, vline **out, int *nout, int *cap);
/* Only break content with o (o->looseness): the number of lines it would
 * take, and in *nhyphens how many end on a hyphen; -1 when that looseness
 * would be refused (para_set would fall back to the optimum). */
int para_try(const para_env *env, const doc_inline *content, const para_opts *o, int *nhyphens);
/* Set plain text (running heads, labels, generated pages) the same way. */
int para_set_text(const para_env *env, const char *text, const para_opts *o, vline **out, int *nout, int *cap);

/* One word of text in a font as a text run at x 0 on the baseline (dot
 * leaders), its glyphs in env->mem. */
pm_item para_run(const para_env *env, int font, fo_sp size, layout_color color, const char *text);

/* Natural width of text in a style (one line, no breaking). */
fo_sp para_text_width(const para_env *env, const layout_style *st, const char *text);

#endif
