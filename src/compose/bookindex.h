/* bookindex.h - the back-of-book index: terms, concordance, Spanish collation.
 *
 * Terms come from two places: <ix> marks in the manuscript and the term list
 * book/index.xml (a concordance: each <match> is looked for, as whole words,
 * case- and accent-sensitive, in running text). The concordance is applied
 * to the document tree once, before layout, by inserting IN_IX marks after
 * the matched words, so that marks flow with the text into lines and pages
 * like any hand-made mark. After layout, each mark knows its page; the index
 * is then the terms sorted by Spanish collation (RAE 2010: accents and case
 * ignored at the first level, ñ a letter after n, ch and ll not separate
 * letters, numbers before letters) with their pages merged into ranges.
 *
 * Collation details (ix_collate), chosen for a book index (ISO 999 / UNE,
 * "word by word"):
 *  - level 1: letters without accents or case (á = a, ü = u, ç = c), ñ a
 *    letter between n and o (also n + combining tilde); ch, ll, rr are plain
 *    letter pairs; digits 0-9 before every letter, compared character by
 *    character (so "1990" < "2000" but "10" < "9"); a word separator (space,
 *    no-break space, hyphen, en/em dash, slash; a run counts once, and none
 *    at the ends) is lower than any digit or letter, so "San Martín" comes
 *    before "Sanhueza"; other punctuation (, . ( ) « » " ' …) is ignored;
 *    letters of other scripts sort after z by code point;
 *  - level 2: unaccented before accented (acute, grave, circumflex, diaeresis,
 *    tilde, ring, cedilla, stroke, in that order), left to right;
 *  - level 3: lower case before upper case, left to right;
 *  - last: bytewise (strcmp), so only identical strings compare equal.
 * Letter headings: the first letter of the key, upper case without accent
 * ("Á" -> "A", "ñ" -> "Ñ"); entries starting with a digit go under "0-9";
 * entries with no letter or digit at all under "#". Sub-entries take their
 * main entry's heading.
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
} ix_index;

void ix_init(ix_index *ix);
void ix_free(ix_index *ix);

/* Load book/index.xml (validated against book/schema/index-terms.rng,
 * compiled in as schema_index_terms_rng). Main terms and their <sub> entries
 * all become ix_terms (subs with parent set). Returns 0, or -1 with errors. */
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

/* Spanish collation (RAE 2010), for sorting: < 0, 0, > 0 like strcmp. */
int ix_collate(const char *a, const char *b);

/* Sorted entries for printing: main terms (with their subs after them). */
typedef struct ix_entry {
    const ix_term *term;
    int level;               /* 0 main, 1 sub */
    char letter[8];          /* the letter heading this entry falls under (UTF-8, upper-case) */
} ix_entry;

/* Entries in print order; terms with no page and no see are left out, except
 * a main term some of whose subs are printed. Returns the count; *out is
 * malloc'd (free() it; NULL when the count is 0). */
int ix_entries(const ix_index *ix, ix_entry **out);

/* "34-36, 40" for a term's pages, with page labels given by label(page)
 * (label may be NULL: page + 1 in arabic figures). Consecutive page indexes
 * make a range (with a plain hyphen) when their labels are of the same kind
 * (both arabic figures or both not), so "xii" and "1" never join. Ranges
 * and pages are separated by ", ". Output that does not fit ends at the last
 * whole item that does, followed by "…" when room allows; buf always ends with NUL. */
void ix_format_pages(const ix_term *t, char *buf, size_t cap, const char *(*label)(void *user, int page), void *user);

#endif
