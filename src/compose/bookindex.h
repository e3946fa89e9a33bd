/* bookindex.h - the back-of-book index: terms, concordance, order.
 *
 * Terms come from two places: <ix> marks in the manuscript and the term list
 * book/index.xml (a concordance: each <match> is looked for, as whole words,
 * case- and accent-sensitive, in running text). The concordance is applied
 * to the document tree once, before layout, by inserting IN_IX marks after
 * the matched words, so that marks flow with the text into lines and pages
 * like any hand-made mark. After layout, each mark knows its page; the index
 * is then the terms sorted by ICU's collation for the book's language and
 * grouped under that language's index letters (indexorder.h: the rules),
 * with their pages merged into ranges. An entry is sorted by its sort key
 * (<term sort="…">, <sub sort="…">, <ix sort="…">) when it has one, else by
 * its name; entries that tie are ordered by their names' bytes, so the order
 * never depends on the order terms were added in. Sub-entries are sorted
 * among themselves and take their main entry's heading.
 *
 * Concordance details (ix_apply_concordance): a pattern matches whole words:
 * when it starts (ends) with a letter or digit, the character before (after)
 * it must not be one (letters are Unicode letters incl. áéíóúüñ, ª º, and
 * combining marks). Bytes must be equal (case- and accent-sensitive; text is
 * expected in NFC) except that a space in a pattern matches a space, a
 * no-break space (U+00A0) or a narrow no-break space (U+202F). A match lies
 * inside one run of adjacent IN_TEXT siblings (the ends of the run count as
 * word boundaries); where matches overlap the longest wins (then the
 * leftmost), also between different terms: "La Ligua" inside "terremoto de
 * La Ligua" marks only the longer term. Walked: paragraphs, list items, dl
 * (dt and dd), quotes and their source, boxes, table cells, chronology
 * events, a preface's signature, and the text of notes, <q>, <em>, <strong>,
 * <sc>, <link>, <nobr>… inside them; not titles, figure sources,
 * bibliography entries, nor the words inside <ix>. */
#ifndef FOLIO_BOOKINDEX_H
#define FOLIO_BOOKINDEX_H

#include "../base/arena.h"
#include "../base/diag.h"
#include "../input/doc.h"

typedef struct ix_match { const char *text; } ix_match;

typedef struct ix_term {
    const char *name;        /* as printed: "Frei Montalva, Eduardo" */
    const char *see;         /* cross-reference target term name, or NULL */
    const char *parent;      /* for a sub-entry: the main term's name; NULL for main terms */
    const char *sort;        /* what it is sorted as ("Mercurio" for "«El Mercurio»"), or NULL: its name */
    const char **matches;    /* concordance strings (a term with none matches its own name) */
    int nmatches;
    diag_loc loc;
    /* filled after layout */
    int *pages;              /* 0-based page indexes where it occurs, sorted, unique */
    int npages, pages_cap;
    int listed;              /* from the term list (takes part in the concordance) */
} ix_term;

typedef struct ix_index {
    arena mem;
    ix_term *terms;
    int nterms, cap;
    int *slots;              /* private: hash of (parent, name) -> term index + 1 */
    int nslots;
    struct ix_order *order;  /* private: the collator and headings (ix_set_order) */
} ix_index;

void ix_init(ix_index *ix);
void ix_free(ix_index *ix);

/* Load book/index.xml (validated against book/schema/index-terms.rng,
 * compiled in as schema_index_terms_rng). Main terms and their <sub> entries
 * all become ix_terms (subs with parent set), with their sort keys. Returns
 * 0, or -1 with errors. */
int ix_load_terms(ix_index *ix, const char *path, diag_sink *d);

/* The term index for (term, sub), adding it when new (for <ix> marks). see may be NULL.
 * Adding a sub also adds its main term (with no pages) when missing; a see
 * given for a term that has none is recorded. Strings are copied. */
int ix_term_get(ix_index *ix, const char *term, const char *sub, const char *see);

/* The term index for (term, sub) (sub may be NULL), or -1 when absent. */
int ix_term_find(const ix_index *ix, const char *term, const char *sub);

/* Warn (to d) about every see that names no main term of the index. Call
 * after the <ix> marks have been gathered. Returns the number of warnings. */
int ix_check(const ix_index *ix, diag_sink *d);

/* Insert IN_IX marks into the running text of the book (paragraphs, lists,
 * quotes, boxes, table cells, chronology events, notes; not titles) for every
 * concordance match of the listed terms, whole words only (see the top of
 * this file). Each mark is an empty IN_IX (term = the main term's name, sub =
 * the sub-entry's name or NULL) put right after the matched words, splitting
 * the IN_TEXT node there; its strings live in book->mem. A listed term with
 * no <match> matches its own name, except a see-only term (see set, no
 * <match>): "CORFO" véase … collects no pages. Call once, before layout.
 * Returns the number of marks added. */
int ix_apply_concordance(ix_index *ix, doc_book *book);

/* Record that term t occurs on page (0-based). */
void ix_add_page(ix_index *ix, int t, int page);
/* Record pages from..to inclusive (an <ix range="start"/"end"> pair). */
void ix_add_page_range(ix_index *ix, int t, int from, int to);
/* Forget every page (before a new layout pass). */
void ix_clear_pages(ix_index *ix);

/* The index's order: ICU's collation for the BCP 47 language tag lang ("es",
 * "en", "de-u-co-phonebk"), its index letters, and symbols, the heading of
 * the group of entries that begin with a digit or a symbol (NULL: "0-9").
 * A tag ICU cannot read or has no collation for is warned about at where
 * and sorted in CLDR's root order. Replaces an earlier order. Without a call,
 * ix_entries uses the root order. */
void ix_set_order(ix_index *ix, const char *lang, const char *symbols, diag_loc where, diag_sink *d);

/* Before layout, when the book prints an index: the order (ix_set_order
 * with collation, the layout's locale, or else the book's xml:lang, warned
 * about at collation_loc or at the book's <index/>) and the sort keys of the
 * book's <ix sort="…"> marks (each for the entry its mark names; a second,
 * different key for one entry is warned about and ignored). */
void ix_prepare(ix_index *ix, const doc_book *book, const char *collation, diag_loc collation_loc,
                const char *symbols, diag_sink *d);

/* Sorted entries for printing: main terms (with their subs after them). */
typedef struct ix_entry {
    const ix_term *term;
    int level;               /* 0 main, 1 sub */
    const char *letter;      /* the heading this entry falls under ("A", "Ñ", "0-9"), owned by
                                the index's order (valid until ix_set_order or ix_free) */
} ix_entry;

/* Entries in print order (see the top of this file): the digits-and-symbols
 * group first, then the letters; terms with no page and no see are left out,
 * except a main term some of whose subs are printed. Returns the count; *out
 * is malloc'd (free() it; NULL when the count is 0). */
int ix_entries(ix_index *ix, ix_entry **out);

/* "34-36, 40" for a term's pages, with page labels given by label(page)
 * (label may be NULL: page + 1 in arabic figures). Consecutive page indexes
 * make a range (with a plain hyphen) when their labels are of the same kind
 * (both arabic figures or both not), so "xii" and "1" never join. Ranges
 * and pages are separated by ", ". Output that does not fit ends at the last
 * whole item that does, followed by "…" when room allows; buf always ends with NUL. */
void ix_format_pages(const ix_term *t, char *buf, size_t cap, const char *(*label)(void *user, int page), void *user);

/* The same pages as runs: run k is pages from[k]..to[k] (0-based indexes,
 * equal for a single page), consecutive pages of one numbering (roman or
 * arabic) joined as ix_format_pages joins them. Returns the number of runs
 * (at most max). */
int ix_page_runs(const ix_term *t, int *from, int *to, int max, const char *(*label)(void *user, int page), void *user);

#endif
