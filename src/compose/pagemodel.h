/* pagemodel.h - finished pages: what the backends draw.
 *
 * The page builder's output and the PDF and trace writers' input: positioned
 * glyph runs, rules, filled rectangles, images, links and outline entries.
 * Nothing here knows paragraphs or styles. Coordinates are sp from the top-left
 * corner of the trimmed page, y downwards; a text run's y is its baseline. */
#ifndef FOLIO_PAGEMODEL_H
#define FOLIO_PAGEMODEL_H

#include <stdint.h>

#include "../base/arena.h"
#include "../base/units.h"
#include "../input/layout.h"
#include "../text/shape.h"

typedef enum { PM_TEXT, PM_RULE, PM_RECT, PM_IMAGE, PM_LINK } pm_kind;

/* What page furniture an item is, for tagged PDF (PDF 1.7, 14.8.2.2):
 * content is read; artifacts are not. */
typedef enum { PM_CONTENT = 0, PM_ART_PAGINATION, PM_ART_LAYOUT, PM_ART_BACKGROUND } pm_artifact;
/* A background image (PM_ART_BACKGROUND, a cover's picture to the bleed) is
 * drawn first, under every rectangle and rule. */

/* A length on a page, sp (1/65536 pt), in 32 bits: a page is at most
 * 1.2 m (layout.c), a cover three of them and a spine, far within the
 * 32,767 pt that fit. The engine's own lengths are 64-bit (units.h). */
typedef int32_t pm_sp;

static inline pm_sp pm_sp_of(fo_sp v) { return v > INT32_MAX ? INT32_MAX : v < -INT32_MAX ? -INT32_MAX : (pm_sp)v; }

/* pm_item.flags */
enum {
    PM_SPACE_BEFORE = 1, /* text: a word space precedes this run on its line (written as a space glyph) */
    PM_JOINS_NEXT = 2,   /* text: its line ends here inside a word (a hyphen): the word goes on at the
                            next line's start, and reads as one word */
    PM_SILENT = 4,       /* text: the glyphs stand for no text (a compound's hyphen repeated) */
    PM_TO_ID = 8,        /* link: ref is an id of the book (its place resolved when the page is
                            drawn), not a URI */
    PM_ROTATE_SHIFT = 4  /* bits 4-5, text: quarter turns clockwise (1: reads top to bottom, a spine;
                            3: bottom to top); (x, y) is then the origin on the line's baseline,
                            glyph x and rise along the turned text */
};

/* One item of a page, 56 bytes: a page holds some 700 of them. A text run
 * is glyphs [g0, g0 + nglyphs) of a shaped word (shape.h), which stays in
 * the shaper's cache for the build: the glyphs, their clusters and the
 * text they stand for are read from there, not copied (pm_run_text,
 * pm_run_glyphs). */
typedef struct pm_item {
    uint8_t kind;         /* pm_kind */
    uint8_t artifact;     /* pm_artifact */
    uint8_t flags;        /* PM_SPACE_BEFORE… and the rotation */
    uint8_t font;         /* text: font id (fontset) */
    union {
        struct { uint16_t g0, nglyphs; }; /* text: its glyphs in word */
        int32_t dest_page;                /* link: 0-based page index when internal, -1 for a URI */
    };
    pm_sp x, y;           /* text: origin on the (raised) baseline; others: top-left corner */
    union {
        struct { pm_sp w, h; };           /* rule: w x h box stroked as a line of thickness size;
                                             rect/image/link: size */
        struct { pm_sp rise, letter_spacing; }; /* text: how far it is raised above its line's
                                             baseline (y + rise); space added after each glyph */
    };
    union {
        pm_sp size;                       /* text: font size; rule: thickness */
        pm_sp dest_y;                     /* link: target position on dest_page */
    };
    float hscale;         /* text: horizontal scale, 1.0 = none (font expansion) */
    const layout_color *color; /* text, rule, rect (NULL: black); the layout's, or kept by the page */
    union {
        const shaped_word *word; /* text */
        const char *ref;  /* image: path; link: URI, or an id (PM_TO_ID) */
    };
    int32_t sid;          /* structure element it belongs to (tagged PDF), -1 none */
    int32_t seq;          /* where it stands in reading order: the last structure element
                             created before it (pm_struct_new), so that an element's own text
                             and its child elements (a link, a note) interleave as written */
} pm_item;

static inline int pm_rotate(const pm_item *it) { return (it->flags >> PM_ROTATE_SHIFT) & 3; }

/* One glyph of a text run as drawn: its id in the font (printed as a CID),
 * where it stands from the run's origin, and how many bytes of the run's
 * text it stands for (a ligature "fi" 2, a glyph continuing a cluster 0;
 * silent: none, and it is no continuation either). */
typedef struct pm_glyph {
    uint16_t gid;
    uint8_t nbytes;
    uint8_t silent;
    pm_sp x;
} pm_glyph;

/* The glyphs of a text run, placed (out has it->nglyphs entries), as the
 * paragraph setter placed them: each advance at the run's size, scaled by
 * hscale, plus the letter spacing. */
void pm_run_glyphs(const pm_item *it, pm_glyph *out);
/* The text a run stands for (a piece of its word; *len 0 for a silent run). */
const char *pm_run_text(const pm_item *it, int *len);
/* Black, for items that have no colour of their own. */
extern const layout_color pm_black;
static inline const layout_color *pm_color(const pm_item *it) { return it->color ? it->color : &pm_black; }

/* The logical structure of a tagged PDF (PDF 1.7, 14.7-14.8), built by the
 * composer in reading order: standard structure types only. */
typedef enum {
    PS_DOCUMENT, PS_PART, PS_SECT, PS_DIV, PS_H1, PS_H2, PS_H3, PS_H4, PS_P, PS_BLOCKQUOTE, PS_CAPTION,
    PS_L, PS_LI, PS_LBL, PS_LBODY, PS_TABLE, PS_THEAD, PS_TBODY, PS_TFOOT, PS_TR, PS_TH, PS_TD,
    PS_NOTE, PS_REFERENCE, PS_FIGURE, PS_TOC, PS_TOCI, PS_LINK, PS_SPAN, PS_BIBENTRY, PS_QUOTE,
    PS_COUNT
} pm_role;

/* The structure type's name in the PDF ("P", "TOCI"…). */
const char *pm_role_name(pm_role r);

typedef struct pm_struct {
    uint8_t role;         /* pm_role */
    uint8_t scope;        /* TH: 1 column, 2 row, 3 both */
    uint16_t rowspan, colspan; /* TD/TH, when more than 1 */
    int parent;           /* -1 for the root */
    const char *lang;     /* /Lang, where the language changes */
    const char *alt;      /* /Alt (figures) */
    const char *id;       /* /ID (notes) */
} pm_struct;


typedef struct pm_page {
    pm_item *items;       /* when drawn (pm_doc_page) */
    int nitems, cap;
    int folio;            /* printed page number */
    int roman;            /* front matter: folio printed in lower-case roman */
    int short_lines;      /* whole grid lines left empty at the foot of a page that does not end a chapter */
    int hashed;           /* hash holds the page's fingerprint (pm_page_hash) */
    uint64_t hash;
} pm_page;

typedef struct pm_outline {
    const char *title;
    int level;            /* 0 = chapter (or part), 1 = section… */
    int page;             /* 0-based page index */
    fo_sp y;
} pm_outline;

typedef struct pm_doc {
    arena mem;            /* strings and item arrays live here or in the pages' own arrays */
    pm_page *pages;
    int npages, cap;
    pm_outline *outlines;
    int noutlines, outlines_cap;
    fo_sp page_w, page_h, bleed;
    int crop_marks;
    fo_sp folds[4];       /* where the paper folds (a cover's spine), from the trim's left edge: */
    int nfolds;           /* marked beside the crop marks */
    const char *title, *subtitle, *author, *subject, *keywords, *creator, *lang;
    const char *date;     /* "YYYY-MM-DD", or NULL */
    const char *rights;   /* copyright notice, or NULL */
    const char *font_paths[64]; /* by font id */
    int nfonts;
    /* the edition: PDF/X for print (NULL: a screen PDF, RGB), tagged or not */
    const char *pdfx;     /* "PDF/X-1a:2001" */
    const char *output_condition, *output_registry, *output_info, *output_profile;
    int tagged;
    /* the structure tree: element i was created i-th (its reading-order key) */
    pm_struct *structs;
    int nstructs, structs_cap;
    /* Pages drawn when they are asked for (a composed book): pages[p] holds
     * page p's numbers only, and pm_doc_page() has draw() put its items in a
     * page of scratch, so that a book's pages are never all in memory at
     * once (the writer takes them one at a time). draw_free(draw_user) runs
     * in pm_doc_free. NULL draw: the pages hold their items (a cover). */
    void (*draw)(void *user, int page, pm_page *into);
    void (*draw_free)(void *user);
    void *draw_user;
    pm_page *scratch;
} pm_doc;

void pm_doc_init(pm_doc *d);
void pm_doc_free(pm_doc *d);
/* Empty d as pm_doc_init leaves it, keeping its memory for what comes next
 * (a layout pass's structure tree after the pass before's). */
void pm_doc_reset(pm_doc *d);
pm_page *pm_new_page(pm_doc *d);
pm_item *pm_add(pm_page *p, pm_kind kind);
/* Pages drawn when asked for (see pm_doc.draw); d owns user from now on. */
void pm_doc_set_drawer(pm_doc *d, void (*draw)(void *user, int page, pm_page *into), void (*draw_free)(void *user),
                       void *user);
/* Page p with its items: its own, or drawn into a page of scratch that the
 * next call reuses. Its fingerprint is kept in d->pages[p] the first time. */
const pm_page *pm_doc_page(const pm_doc *d, int p);
/* Page p's fingerprint (pm_page_hash), drawing the page if it was not yet. */
uint64_t pm_doc_page_hash(const pm_doc *d, int p);
/* A colour kept as long as d (items point at their colour). */
const layout_color *pm_keep_color(pm_doc *d, layout_color c);
void pm_add_outline(pm_doc *d, const char *title, int level, int page, fo_sp y);
/* A new structure element under parent (-1: the root); returns its id. */
int pm_struct_new(pm_doc *d, int parent, pm_role role);
/* A fingerprint of everything drawn on a page (a 64-bit mix over its
 * items, glyphs as placed), to tell which pages an edit changed. */
uint64_t pm_page_hash(const pm_page *p);

#endif
