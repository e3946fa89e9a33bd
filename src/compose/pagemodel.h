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

typedef struct pm_item {
    uint8_t kind;         /* pm_kind */
    fo_sp x, y;           /* text: baseline origin; others: top-left corner */
    fo_sp w, h;           /* rule: w x h box stroked as a line of thickness h; rect/image/link: size */
    int font;             /* text: font id (fontset) */
    fo_sp size;           /* text: font size */
    float hscale;         /* text: horizontal scale, 1.0 = none (font expansion) */
    layout_color color;   /* text, rule, rect */
    const char *text;     /* text: UTF-8; image: path; link: URI or NULL */
    int len;              /* text: bytes */
    int dest_page;        /* link: 0-based page index when internal, -1 for a URI */
    fo_sp dest_y;         /* link: target position on dest_page */
} pm_item;

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
    const char *title, *subtitle, *author, *subject, *keywords, *creator, *lang;
    const char *date;     /* "YYYY-MM-DD", or NULL */
    const char *font_paths[64]; /* by font id */
    int nfonts;
} pm_doc;

void pm_doc_init(pm_doc *d);
void pm_doc_free(pm_doc *d);
pm_page *pm_new_page(pm_doc *d);
pm_item *pm_add(pm_page *p, pm_kind kind);
/* Add a text run, copying the text into the document's arena. */
pm_item *pm_add_text(pm_doc *d, pm_page *p, int font, fo_sp size, fo_sp x, fo_sp y, const char *text, int len,
                     float hscale, layout_color color);
void pm_add_outline(pm_doc *d, const char *title, int level, int page, fo_sp y);
/* A fingerprint of everything drawn on a page (FNV-1a over its items), to
 * tell which pages an edit changed. */
uint64_t pm_page_hash(const pm_page *p);

#endif
