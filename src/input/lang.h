/* lang.h - the words of a language: what folio writes itself in the book's
 * language (contents, tables, figures, index, "see", source, edition, the
 * note placeholder), its quotation marks and how it writes a date.
 *
 * Languages are BCP 47 tags as xml:lang gives them ("es", "en-GB", "es-CL").
 * Spanish and English are built in; for any other language, and for any
 * word, a layout may give its own (<labels xml:lang="…">, <quotes>, layout.c).
 * A tag finds the built-in words of its primary subtag: "es-CL" those of es. */
#ifndef FOLIO_LANG_H
#define FOLIO_LANG_H

#include <stddef.h>

typedef enum {
    LW_TABLE,        /* "Tabla" 3. */
    LW_FIGURE,       /* "Figura" 2 */
    LW_CHAPTER,      /* "capítulo" 2 (a reference to a chapter without label) */
    LW_PAGE,         /* "p." 34 */
    LW_SEE,          /* index: "véase" */
    LW_SEE_ALSO,     /* index: "véase también" */
    LW_CONTENTS,     /* the table of contents' title */
    LW_TABLES,       /* the list of tables' title */
    LW_INDEX,        /* the index's title */
    LW_NOTE_PENDING, /* "[nota %n: texto pendiente]": %n is the note's number */
    LW_EDITION,      /* imprint: "Edición" 2 */
    LW_SOURCE,       /* under a table: "Fuente:" … */
    LW_COUNT
} lang_word;

typedef struct lang_words {
    const char *word[LW_COUNT];
    const char *month[12];        /* "enero" … "diciembre" */
    const char *date_format;      /* a full date: "{d} de {month} de {y}" */
    const char *month_format;     /* a month of a year: "{month} de {y}" */
    const char *quote_open[3], *quote_close[3]; /* <q> at depth 1, 2, 3 and deeper */
} lang_words;

/* The attribute of <labels> that gives each word, in lang_word order
 * ("table", "figure", …, "source"). */
extern const char *const lang_word_attr[LW_COUNT];

/* The built-in words of tag's language (es, en), or NULL. */
const lang_words *lang_builtin(const char *tag);

/* tag's primary subtag, lower-cased: "es-CL" → "es". */
void lang_primary(const char *tag, char *out, size_t cap);
/* Whether two tags are the same language and variant (case-insensitive). */
int lang_same(const char *a, const char *b);

/* Lay words over base: every field of over that is set replaces base's. */
void lang_words_overlay(lang_words *base, const lang_words *over);

/* An ISO date of the manuscript ("2026-03-15", "2026-03", "2026") in the
 * language's words: "15 de marzo de 2026", "15 March 2026". A value that is
 * no such date is copied as it is. */
void lang_format_date(const lang_words *w, const char *iso, char *out, size_t cap);

#endif
