/* compose.h - the book composed: document tree → vertical list → pages.
 *
 * flow.c walks the document tree and turns every division and block into a
 * vertical list of items: set lines (para.h), spaces, unbreakable blocks
 * (table rows, chronology entries, figures) and page breaks, with what the
 * page builder needs to decide where pages may end (keeps, widow/orphan
 * positions, note calls). pagebuild.c cuts that list into pages, places the
 * notes at their feet, adds running heads and folios, and produces the page
 * model. References (page numbers of ids, the table of contents, the list of
 * tables, the index) are resolved by laying the book out again until the
 * page numbers no longer change (at most 5 passes, as Typst does). */
#ifndef FOLIO_COMPOSE_H
#define FOLIO_COMPOSE_H

#include "../base/hindex.h"
#include "../input/doc.h"
#include "../input/layout.h"
#include "../text/font.h"
#include "../text/hyphenate.h"
#include "../text/shape.h"
#include "bookindex.h"
#include "pagemodel.h"
#include "para.h"
#include "refs.h"

typedef enum { V_LINE, V_SPACE, V_BLOCK, V_PAGEBREAK } vkind;

typedef struct vitem {
    vkind kind;
    vline line;          /* V_LINE: one line; V_BLOCK: all its ink, relative to the block's top-left
                            (baseline 0 = top), height in `height` */
    fo_sp x;             /* left offset in the text block */
    fo_sp height;        /* V_SPACE, V_BLOCK: height; V_LINE: uses line.leading */
    int keep_with_next;  /* no page break right after this item */
    int no_break_before; /* no page break right before it (widow/orphan rules) */
    int box;             /* >= 0: inside box number box (tinted background) */
    int recto;           /* V_PAGEBREAK: start on a recto */
    int opener;          /* first item of a chapter opener page: no running head */
    int chapter;         /* index of the chapter this belongs to (running heads) */
    int matter;          /* doc_matter */
    int head_item;       /* table rows: index of their table's head block, repeated atop each page; -1 none */
    int table_head;      /* this block is a table's head */
    int is_float;        /* a figure: moves to the next page's top rather than break the page */
    int snap;            /* V_LINE: starts on the next baseline of the grid (after a table's rows) */
    const void *para;    /* V_LINE of a body paragraph: the paragraph (its doc_block), for looseness */
    const struct para_src *src; /* on a paragraph's first line: how to set it again (looseness probes) */
    int para_line, para_lines; /* this line's index in it, and its count */
    int sink;            /* 1: a V_SPACE at an opener, kept at the page top; 2: flows in the index's two columns */
    int table;           /* the items of a table, caption to source: its sequence number in the pass; 0 none */
} vitem;

/* The height an item takes in the flow: a line its leading, a break none. */
static inline fo_sp vitem_height(const vitem *it)
{
    return it->kind == V_LINE ? it->line.leading : it->kind == V_PAGEBREAK ? 0 : it->height;
}

typedef struct note_entry {
    const doc_inline *note;
    int number;          /* printed number */
    diag_loc loc;
    int page;            /* page of its call (filled by the page builder) */
    vline *lines;        /* the note's text set at the measure in the note style */
    int nlines;
    int sid;             /* its Note element (tagged PDF), -1 none */
    int drawn_page;      /* where its first line was drawn (its calls link there), -1 not yet */
    fo_sp drawn_y;
} note_entry;


/* Paragraphs set a line longer or shorter so that a page ends on its last
 * baseline, or broken so that the line before a page turn ends on a whole
 * word: asked for by the page builder, applied by the next layout pass. */
typedef struct loose_entry {
    const void *para;
    int looseness;       /* lines more (+) or fewer (-) than the optimum, at most 2 either way */
    int no_hyphen_line;  /* > 0: that line (1-based) may not end on a hyphen */
    int tried;           /* what was already asked for (each once per build): 1 looser, 2 tighter,
                            4 a whole word before the page turn */
    int chapter;         /* the paragraph's chapter: the search keeps the best of each chapter */
    int best_looseness, best_no_hyphen_line; /* as in the pass that filled the chapter best */
} loose_entry;

/* The settings asked for so far, found by paragraph: flow.c and pagebuild.c
 * look up every paragraph of every pass, so a hash index rather than a scan
 * of them all. */
typedef struct loose_table {
    loose_entry *v;
    int n, cap;
    hindex ix;           /* paragraph -> position in v */
} loose_table;

loose_entry *loose_find(const loose_table *t, const void *para);
/* Adds e (whose paragraph is not in t yet); returns the entry in t. */
loose_entry *loose_add(loose_table *t, const loose_entry *e);
void loose_free(loose_table *t);

/* What a paragraph was set from, so that the page builder can try it a line
 * longer or shorter before asking for it (pagebuild.c). */
typedef struct para_src {
    const doc_inline *content;
    para_opts o;         /* as set; o.looseness is the looseness applied */
    int first_note;      /* index of its first note call in the composer's notes (all are after it) */
} para_src;

typedef struct chapter_info {
    const char *title;   /* running head text */
    int matter;
} chapter_info;

typedef struct composer {
    const doc_book *book;
    const layout *lay;
    const fontset *fs;
    shaper *sh;
    diag_sink *d;
    ix_index *ix;
    arena pass;          /* this layout pass's memory */
    para_env env;
    fo_sp measure, block_h;
    /* the vertical list */
    vitem *v;
    int nv, vcap;
    int nboxes;
    /* notes */
    note_entry *notes;
    int nnotes, notes_cap;
    int note_counter;
    int note_chapter;    /* chapter of the last note call (numbering per chapter restarts) */
    /* references: from the previous pass (page numbers) and this one */
    ref_table refs;      /* this pass's (refs.h) */
    const ref_table *prev_refs; /* the pass before's, or NULL in the first */
    chapter_info *chapters;
    int nchapters, chapters_cap;
    int cur_chapter, cur_matter;
    int pending_refs;    /* a reference had no page yet in this pass */
    /* page labels */
    int first_arabic_page; /* 0-based index of the first page numbered 1 (arabic) */
    int after_heading;   /* the next line keeps with the one after it (a heading keeps with 2 lines) */
    const void *cur_para;/* the body paragraph being set (flow.c) */
    const loose_table *loose; /* settings per paragraph, from earlier passes (may be NULL) */
    loose_entry *loose_wanted; /* paragraphs this pass's page builder wants a line longer or shorter */
    int nwanted, wanted_cap;
    hindex wanted_ix;    /* paragraph -> its request in loose_wanted (entries past nwanted are dropped ones) */
    int fill_score;      /* grid lines left empty at the foot of pages that do not end a chapter (pagebuild.c) */
    int *chapter_fill;   /* the same per chapter, if not NULL (nchapters entries, zeroed by the caller) */
    struct probe_memo *probes; /* paragraph trials already made, kept across passes (compose.c) */
    int settings_final;  /* the next pass will not apply new paragraph settings: plan with these */
    int probe_first_note;/* while a paragraph is tried: where its note calls start (compose.c) */
    int nfigures;        /* figures numbered in document order */
    int ntables_laid;    /* tables flowed so far (vitem.table) */
    int nbody_chapters;  /* chapters of the body numbered in order ("capítulo 2") */
    int outline_base;    /* bookmark level of the divisions being flowed: 1 inside a part, else 0 */
    int opener_end;      /* the last item of the latest opener's title block (compose_open) */
    int over_page_limit; /* pagebuild.c: 1 + the first item of the page past FOLIO_MAX_PAGES; 0 within it */
    int gen_lang;        /* the language of the generated division being set (contents, index…:
                            its xml:lang), an index into the book's languages (generated.c) */
    /* tagged PDF: the structure tree is built in out->structs as the flow
     * meets the manuscript's elements (reading order); tag is the element
     * new ones go under */
    pm_doc *out;
    int tag;
    struct page_cut *cut; /* pagebuild(): this pass's pages, for pagebuild_draw() */
} composer;

/* Tagged PDF (no-ops returning -1 when the layout is not tagged). A new
 * element under the current one; compose_tag_open also makes it current
 * until compose_tag_close(c, it). */
int compose_tag(composer *c, pm_role role);
int compose_tag_open(composer *c, pm_role role);
void compose_tag_close(composer *c, int sid);

/* Lay out the whole book into out. langs: the book's languages, in the
 * order of doc_book.langs (nlangs of them). Returns 0, or -1 after errors. */
int compose_book(const doc_book *book, const layout *lay, const fontset *fs, shaper *sh, const book_lang *langs,
                 int nlangs, ix_index *ix, diag_sink *d, pm_doc *out);
/* The words of the book's language lang (an index into doc_book.langs). */
const lang_words *compose_words(const composer *c, int lang);

/* flow.c */
void flow_book(composer *c);
/* Append a new item to the vertical list (no box, in the current chapter). */
vitem *compose_push(composer *c, vkind kind);
/* The label of a list's item i: "•", "3." or "c)" ("aa)" after "z)"). */
void compose_list_label(const doc_block *list, int i, char *buf, size_t cap);
/* A division's opening page (a part, a chapter, the contents, the index…):
 * a new page (recto when the layout says so) with `running` as its running
 * head's title, no running head of its own, and its title block - the label
 * (unless the title begins with it), the title (broken at sense boundaries,
 * balanced), subtitle and period - set flush bottom above the grid line
 * where every opener's text starts (one drop for all openers: the layout's
 * opener-text), the anchor id on it. title is inline content, or NULL and
 * title_text plain text. */
void compose_open(composer *c, const char *running, const char *label, const doc_inline *title, const char *title_text,
                  const char *subtitle, const char *period, const char *id);
/* The id a division is found by: its own, or one made for it ("_contents",
 * "_tables", "_index" for the generated ones, the same in every pass). */
const char *compose_div_id(composer *c, const doc_div *v);
/* Whether title already begins with label ("Apéndice" and "Apéndice:
 * Series…", letters compared without case): the label is then not printed
 * again before it. */
int compose_title_has_label(const char *label, const char *title);
/* Record id (with its label and title) for references, and for the
 * bookmarks at level outline (-1: none), nested under the part being
 * flowed (outline_base). */
void compose_add_ref(composer *c, const char *id, const char *label, const char *title, int outline);
/* table.c: the widths of t's columns for a table set at measure (see table.c);
 * loc is the table's place, for its diagnostics. out has t->ncols entries. */
void table_column_widths(composer *c, const doc_table *t, diag_loc loc, fo_sp measure, fo_sp *out);
/* Set a paragraph again with the given looseness, without keeping the result:
 * returns 1 when that looseness would be applied (*nlines: its lines,
 * *nhyphens: how many of them end on a hyphen). */
int compose_probe_para(composer *c, const para_src *src, int looseness, int no_hyphen_line, int *nlines,
                       int *nhyphens);
/* pagebuild.c: cut this pass's vertical list into pages, recording where
 * every id, note and index mark fell and how well the pages fill (kept in
 * c->cut); pagebuild_draw() then gives the pass to the page model, whose
 * pages are drawn from it when asked for (the last pass only: what c holds
 * is the page model's afterwards, not to be freed); pagebuild_discard()
 * drops the cut. */
void pagebuild(composer *c);
void pagebuild_draw(composer *c, pm_doc *out);
void pagebuild_discard(composer *c);
/* Free what a pass holds (its arena, vertical list, notes, refs, chapters). */
void compose_free_pass(composer *c);
/* The printed label of page index p ("iv", "17"). */
const char *compose_page_label(const composer *c, int page, char *buf, size_t cap);

#endif
