/* doc.h - the document tree: the manuscript as the engine sees it.
 *
 * Built from the validated XML (manuscript.c) and read by every later stage;
 * nothing after this stage touches libxml2. All strings are UTF-8 with
 * whitespace already collapsed as in HTML. Everything lives in the tree's
 * arena and is freed by doc_free(). Every node carries its place in the
 * manuscript (the XInclude'd file, not the root) for diagnostics. */
#ifndef FOLIO_DOC_H
#define FOLIO_DOC_H

#include "../base/arena.h"
#include "../base/diag.h"

/* ---- inline content ---- */
typedef enum {
    IN_TEXT, IN_EM, IN_STRONG, IN_SC, IN_SUP, IN_SUB, IN_Q, IN_NOTE,
    IN_IX, IN_REF, IN_LINK, IN_NOBR, IN_BR,
    IN_SPAN            /* no style of its own: a foreign word or phrase (its xml:lang) */
} doc_inline_kind;

/* Every node carries its language: an index into doc_book.langs (0 is the
 * book's own), xml:lang inherited from the nearest element that has one. */
typedef struct doc_inline {
    doc_inline_kind kind;
    diag_loc loc;
    int lang;
    const char *text;              /* IN_TEXT */
    struct doc_inline *children;   /* first child (styled spans, q, note text, ix words, link…) */
    struct doc_inline *next;
    int note_n;                    /* IN_NOTE: @n, or 0 when numbered automatically */
    int note_empty;                /* IN_NOTE: no text yet (pending) */
    const char *term, *sub, *see, *range, *rid; /* IN_IX */
    const char *sort;              /* IN_IX: what its entry is sorted as, or NULL */
    const char *to, *show;         /* IN_REF */
    const char *href;              /* IN_LINK */
} doc_inline;

/* ---- blocks ---- */
typedef enum {
    BL_P, BL_QUOTE, BL_LIST, BL_ITEM, BL_DL, BL_DT, BL_DD, BL_BOX, BL_TABLE,
    BL_FIGURE, BL_PAGEBREAK
} doc_block_kind;

typedef enum { ALIGN_DEFAULT, ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER, ALIGN_DECIMAL, ALIGN_JUSTIFY } doc_align;
typedef enum { LIST_BULLET, LIST_NUMBER, LIST_ALPHA } doc_list_type;

typedef struct doc_block doc_block;

typedef struct doc_col {
    double star;      /* proportional width ("3*"), 0 when absolute or automatic */
    long long abs_sp; /* absolute width in sp, 0 when not absolute */
    doc_align align;
    diag_loc loc;
} doc_col;

typedef struct doc_cell {
    diag_loc loc;
    int colspan, rowspan;
    doc_align align;
    doc_inline *content;  /* inline content, or NULL when blocks */
    doc_block *blocks;    /* p / list blocks */
    struct doc_cell *next;
} doc_cell;

typedef enum { ROW_HEAD, ROW_BODY, ROW_GROUP, ROW_FOOT } doc_row_kind;

typedef struct doc_row {
    diag_loc loc;
    doc_row_kind kind;
    doc_cell *cells;
    int ncells;
    struct doc_row *next;
} doc_row;

typedef struct doc_table {
    doc_col *cols;
    int ncols;
    doc_row *rows;   /* head rows, then body (and group) rows, then foot rows */
    int nrows;
    const char *source;
} doc_table;

struct doc_block {
    doc_block_kind kind;
    diag_loc loc;
    int lang;                /* index in doc_book.langs */
    const char *id, *cls, *title, *box_kind;
    doc_inline *content;     /* p, item/dt/dd with inline content, quote's source, figure's source */
    doc_block *children;     /* quote: p+; list: items; item/dd: blocks; dl: dt/dd; box: blocks */
    doc_block *next;
    doc_list_type list_type;
    int list_start;
    doc_table *table;
    const char *src;         /* figure: path resolved against the folder of the file that names it */
    long long width_sp;      /* figure: requested width, 0 = natural / measure */
    int image_color;         /* figure: its image has colour (not grey) pixels */
    const char *alt;         /* figure: its text alternative (tagged PDF), or NULL */
    int number;              /* tables: "Tabla N" (set by the loader, in document order) */
};

/* ---- divisions ---- */
typedef enum {
    DIV_PART, DIV_CHAPTER, DIV_SECTION, DIV_PREFACE, DIV_CHRONOLOGY, DIV_BIBLIOGRAPHY,
    DIV_TITLEPAGE, DIV_TOC, DIV_LOT, DIV_INDEX
} doc_div_kind;

typedef enum { MATTER_FRONT, MATTER_BODY, MATTER_BACK } doc_matter;

typedef struct doc_event {
    diag_loc loc;
    const char *year, *ref;
    doc_inline *content;     /* inline, or NULL when blocks */
    doc_block *blocks;
    struct doc_event *next;
} doc_event;

typedef struct doc_entry {   /* bibliography entry */
    diag_loc loc;
    const char *id;
    doc_inline *content;
    struct doc_entry *next;
} doc_entry;

typedef struct doc_div {
    doc_div_kind kind;
    doc_matter matter;
    diag_loc loc;
    int lang;                /* index in doc_book.langs */
    int level;               /* part 0, chapter 1, section 2..4 */
    const char *id, *label, *period, *subtitle;
    doc_inline *title;       /* NULL for generated pages */
    const char *title_text;  /* plain text of the title (bookmarks, running heads) */
    doc_block *blocks;
    struct doc_div *children;
    struct doc_div *next;
    doc_inline *sig_name, *sig_role, *sig_org;  /* preface signature */
    doc_event *events;       /* chronology */
    doc_entry *entries;      /* bibliography */
} doc_div;

/* A language the book uses: its tag as written and the first place that names it. */
typedef struct doc_lang {
    const char *tag;         /* "es", "en-GB" */
    diag_loc loc;            /* the first xml:lang="…" that gives it (the book's may have none) */
} doc_lang;

typedef struct doc_book {
    arena mem;
    const char *path;        /* the root manuscript file */
    const char *dir;         /* its folder */
    const char *lang;        /* the book's language (xml:lang of <book>, default es) = langs[0].tag */
    doc_lang *langs;         /* every language of the book, the book's first */
    int nlangs;
    const char *title, *subtitle, *publisher, *isbn, *rights;
    diag_loc isbn_loc;       /* the <isbn> element (its check digit is verified on loading) */
    doc_block *blurb;        /* the back cover's text: paragraphs (BL_P), or NULL */
    diag_loc blurb_loc;
    const char **authors;
    int nauthors;
    const char *edition_number, *edition_date;
    doc_div *front, *body, *back;
    int ntables;
} doc_book;

void doc_free(doc_book *b);

/* Plain text of inline content (no notes, q with the given marks), arena-allocated. */
const char *doc_inline_text(arena *a, const doc_inline *in);

#endif
