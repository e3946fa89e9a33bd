/* pagemodel.h - finished pages: what the backends draw.
 *
 * The page builder's output and the PDF and trace writers' input: positioned
 * glyph runs, rules, filled rectangles, images, links and outline entries.
 * Nothing here knows paragraphs or styles. Coordinates are sp from the top-left
 * corner of the trimmed page, y downwards; a text run's y is its baseline. */
#ifndef FOLIO_PAGEMODEL_H
#define FOLIO_PAGEMODEL_H

#include "../base/arena.h"
#include "../base/units.h"
#include "../input/layout.h"

typedef enum { PM_TEXT, PM_RULE, PM_RECT, PM_IMAGE, PM_LINK } pm_kind;

/* What page furniture an item is, for tagged PDF (PDF 1.7, 14.8.2.2):
 * content is read; artifacts are not. */
typedef enum { PM_CONTENT = 0, PM_ART_PAGINATION, PM_ART_LAYOUT, PM_ART_BACKGROUND } pm_artifact;
/* A background image (PM_ART_BACKGROUND, a cover's picture to the bleed) is
 * drawn first, under every rectangle and rule. */

/* One glyph of a text run: its id in the font (printed as a CID), where it
 * stands, and how many bytes of the run's text it stands for (a ligature
 * "fi" 2, a glyph continuing a cluster 0). */
typedef struct pm_glyph {
    uint16_t gid;
    uint8_t nbytes;
    uint8_t spare;
    fo_sp x;              /* from the run's origin, sp */
} pm_glyph;

typedef struct pm_item {
    uint8_t kind;         /* pm_kind */
    uint8_t artifact;     /* pm_artifact */
    uint8_t space_before; /* text: a word space precedes this run on its line (written as a space glyph) */
    uint8_t joins_next;   /* text: its line ends here inside a word (a hyphen): the word goes on
                             at the next line's start, and reads as one word */
    uint8_t rotate;       /* text: quarter turns clockwise (1: reads top to bottom, a spine; 3: bottom to
                             top); (x, y) is then the origin on the line's baseline, glyph x and rise
                             along the turned text */
    fo_sp x, y;           /* text: origin on the (raised) baseline; others: top-left corner */
    fo_sp w, h;           /* rule: w x h box stroked as a line of thickness size; rect/image/link: size */
    int font;             /* text: font id (fontset) */
    fo_sp size;           /* text: font size; rule: thickness */
    fo_sp rise;           /* text: how far it is raised above its line's baseline (y + rise) */
    float hscale;         /* text: horizontal scale, 1.0 = none (font expansion) */
    layout_color color;   /* text, rule, rect */
    const char *text;     /* text: UTF-8 the glyphs stand for; image: path; link: URI or NULL */
    int len;              /* text: bytes */
    const pm_glyph *glyphs; /* text: the glyphs (their nbytes add up to len) */
    int nglyphs;
    int dest_page;        /* link: 0-based page index when internal, -1 for a URI */
    fo_sp dest_y;         /* link: target position on dest_page */
    int sid;              /* structure element it belongs to (tagged PDF), -1 none */
    int seq;              /* where it stands in reading order: the last structure element
                             created before it (pm_struct_new), so that an element's own text
                             and its child elements (a link, a note) interleave as written */
    const char *dest_id;  /* link: an id whose place (this pass's) the link goes to */
} pm_item;

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
    pm_item *items;
    int nitems, cap;
    int folio;            /* printed page number */
    int roman;            /* front matter: folio printed in lower-case roman */
    int short_lines;      /* whole grid lines left empty at the foot of a page that does not end a chapter */
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
} pm_doc;

void pm_doc_init(pm_doc *d);
void pm_doc_free(pm_doc *d);
/* Empty d as pm_doc_init leaves it, keeping its memory for what comes next
 * (a layout pass's structure tree after the pass before's). */
void pm_doc_reset(pm_doc *d);
pm_page *pm_new_page(pm_doc *d);
pm_item *pm_add(pm_page *p, pm_kind kind);
/* Copy a text run's text and glyphs into the document's arena (items set
 * in a layout pass's arena outlive it on a page). */
void pm_own_text(pm_doc *d, pm_item *it);
void pm_add_outline(pm_doc *d, const char *title, int level, int page, fo_sp y);
/* A new structure element under parent (-1: the root); returns its id. */
int pm_struct_new(pm_doc *d, int parent, pm_role role);
/* A fingerprint of everything drawn on a page (FNV-1a over its items), to
 * tell which pages an edit changed. */
uint64_t pm_page_hash(const pm_page *p);

#endif
