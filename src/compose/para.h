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
    int value;            /* note: index in the composer's note table; index: term index;
                             anchor: 0 the place of id, -1 a link from this line to id */
    const char *id;       /* anchor id; for an index range's start and end, its rid */
    int sid;              /* a line's link: its Link element (tagged PDF), else -1 */
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

/* A language of the book as composition uses it (the driver builds them,
 * one per doc_book.langs entry): its tag (HarfBuzz's language), its
 * hyphenator (NULL: the language is not hyphenated) and its words (the
 * generated text, quotation marks, dates). */
typedef struct book_lang {
    const char *tag;
    const hyphenator *hy;
    lang_words words;
} book_lang;

/* The breaks chosen for paragraphs, kept across layout passes: a paragraph
 * set again with the same items and parameters (nothing in it changed: no
 * page number, no setting) is not broken again. */
typedef struct para_cache para_cache;
para_cache *para_cache_new(void);
void para_cache_free(para_cache *c);

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
    const char *(*ref_text)(void *user, const char *id, const char *show, int lang, diag_loc loc);
    int (*index_term)(void *user, const char *term, const char *sub, const char *see);
    void *user;
    /* the book's languages, indexed by doc_inline.lang / para_opts.lang; NULL: one
     * language, Spanish, hyphenated by hy */
    const book_lang *langs;
    int nlangs;
    /* tagged PDF (may be NULL: untagged, or only trying a setting): inline
     * elements (links, note calls and notes, language spans) are created in
     * tags->structs under the paragraph's element (para_opts.sid) */
    pm_doc *tags;
    void (*note_tagged)(void *user, int note_index, int note_sid); /* the Note element of a call */
    para_cache *breaks;   /* may be NULL: every paragraph broken afresh */
} para_env;

/* The words of language lang (an index into env->langs; Spanish's built-in
 * ones when env has no languages). */
const lang_words *para_words(const para_env *env, int lang);

typedef struct para_opts {
    const layout_style *style;
    fo_sp measure;        /* line width */
    fo_sp indent;         /* first line indent (overrides the style's when >= 0) */
    fo_sp first_width;    /* width of the first line when > 0 (hanging labels) */
    doc_align align;      /* ALIGN_DEFAULT: the style's */
    int hyphenate;        /* -1: the style's */
    int no_expansion;     /* turn font expansion off (tables, headings) */
    int balance;          /* an opener's title: broken at sense boundaries (never after an article,
                             a preposition or a conjunction, gladly after a colon or a comma), the
                             lines balanced (the narrowest measure that keeps their count), never
                             a lone word on the last line */
    int tabular_figures;  /* figures shaped tabular and lining (tnum, lnum): tables */
    int keep_numbers;     /* a number stays on one line with the word it qualifies ("56 barrios",
                             "Zona 0"): tables, whose narrow columns would split them */
    int no_emergency;     /* no emergency breaks inside words wider than the measure (measuring a
                             table cell's narrowest width: its longest unbreakable piece) */
    int looseness;        /* TeX's \looseness: lines more (+) or fewer (-) than the optimum, if feasible */
    int no_hyphen_line;   /* > 0: this line (1-based) may not end on a hyphen: a page turns after it */
    int *looseness_met;   /* if not NULL: set to 1 when the looseness (and no_hyphen_line) was
                             applied, 0 when refused */
    const char *prefix;   /* text set before the content (list labels…), may be NULL */
    int lang;             /* the language of text and prefix (content carries its own): index in env->langs */
    int quote_depth;
    int sid;              /* the structure element the text belongs to (tagged PDF); 0 is the
                             document root, so set it (-1: none) whenever env->tags is set */
} para_opts;

/* Set content into lines; appends the vlines to *out (grows with xrealloc).
 * Returns the number of lines added. */
int para_set(const para_env *env, const doc_inline *content, const para_opts *o, vline **out, int *nout, int *cap);
/* Only break content with o (o->looseness): the number of lines it would
 * take, and in *nhyphens how many end on a hyphen; -1 when that looseness
 * would be refused (para_set would fall back to the optimum). */
int para_try(const para_env *env, const doc_inline *content, const para_opts *o, int *nhyphens);
/* para_try for each of k loosenesses (none 0) with the rest of o: nlines[i]
 * and nhyphens[i] as para_try with o->looseness = looseness[i] gives them;
 * the paragraph's items are made once and its line breaking run once for
 * all (linebreak_each). Returns 0, or -1 on bad input. */
int para_try_each(const para_env *env, const doc_inline *content, const para_opts *o, const int *looseness, int k,
                  int *nlines, int *nhyphens);
/* Set plain text (running heads, labels, generated pages) the same way. */
int para_set_text(const para_env *env, const char *text, const para_opts *o, vline **out, int *nout, int *cap);

/* One word of text in a font as a text run at x 0 on the baseline (dot
 * leaders), its glyphs in env->mem. */
pm_item para_run(const para_env *env, int font, fo_sp size, const layout_color *color, const char *text);

/* The link target of note index i's text ("\x01note:12"): not an id of the
 * manuscript (no XML id begins with a control character). */
#define PM_NOTE_DEST "\x01note:"
/* The link target of page index p ("\x01page:17"), as an inline link's
 * href: the index's page numbers. */
#define PM_PAGE_DEST "\x01page:"
const char *compose_note_dest(arena *mem, int note_index);

/* Natural width of text in a style (one line, no breaking). */
fo_sp para_text_width(const para_env *env, const layout_style *st, const char *text);

#endif
