/* indexorder.h - the order of the back-of-book index, from ICU.
 *
 * folio writes no collation of its own: entries are sorted by ICU's collator
 * for a language (CLDR's rules for it: Spanish puts ñ after n and does not
 * treat ch and ll as letters, German sorts ä with a, Swedish puts å ä ö
 * after z…) and grouped under the letters CLDR lists for the language's
 * index (ulocdata's "index" exemplar set: Spanish A…N Ñ O…Z, English and
 * German A…Z, Czech with CH). See indexorder.c for the collator's settings.
 *
 * What an entry is sorted by (ix_order_key):
 *  - its text without the quotation marks, brackets and spaces before its
 *    first word (« “ ( [ ¿ ¡ ' "), so that «El Mercurio» files under E (a
 *    sort key "Mercurio" files it under M); other signs (% # & @) stay;
 *  - an inverted heading is sorted by the part before the comma first:
 *    "Frei, Eduardo" comes before "Frei Montalva, Eduardo" (each ", " part
 *    is sorted on its own and the keys merged, ucol_mergeSortkeys);
 *  - spaces and punctuation sort before digits and letters (word by word):
 *    "San Martín" before "Sanhueza", "Banco Mundial" before "BancoEstado",
 *    "Servicio de Cooperación Técnica (SERCOTEC)" before "Servicio de
 *    Cooperación Técnica Industrial";
 *  - numbers by their value: "Ley N.º 6.334" before "Ley N.º 20.416".
 * Headings (ix_order_heading): an entry that begins with a digit or a symbol
 * (or has no letter at all) goes in one group before the letters, under the
 * heading the layout names; an entry that begins with a letter goes under the
 * last of the language's index letters that sorts at or before it (primary
 * strength: "Ärger" under A in German, "Ñandú" under Ñ in Spanish and under
 * N in English); a letter of another script than that letter's (Greek in a
 * Spanish book), or a language with no index letters, gives a heading of its
 * own: the entry's first letter in upper case without its accent, which the
 * entries after it keep while it begins their keys (Æthelred after Adams
 * stays under A: a heading never comes twice). */
#ifndef FOLIO_INDEXORDER_H
#define FOLIO_INDEXORDER_H

#include <stddef.h>

#include "../base/diag.h"

typedef struct ix_order ix_order;

/* The order for the BCP 47 language tag lang ("es", "en-GB",
 * "de-u-co-phonebk"; NULL or "" or "und": CLDR's root order, with no index
 * letters). symbols is the heading of the digits-and-symbols group (NULL:
 * "0-9"). A tag ICU cannot read, or a language ICU has no collation for, is
 * warned about at where (d may be NULL) and sorted by the root order. Never
 * NULL; close with ix_order_close. */
ix_order *ix_order_open(const char *lang, const char *symbols, diag_loc where, diag_sink *d);
void ix_order_close(ix_order *o);

/* An entry's sort key and group. */
typedef struct ix_key {
    unsigned char *bytes;    /* the sort key: keys compare with memcmp, shorter first when
                                one is a prefix of the other, in the index's order */
    size_t len;
    int symbol;              /* in the digits-and-symbols group (which precedes every letter) */
    const char *label;       /* else its index letter (owned by the order), or NULL: */
    int own;                 /* a heading made from its first letter (private), -1 none */
} ix_key;

/* The key of text (UTF-8); free it with ix_key_free. */
void ix_order_key(ix_order *o, const char *text, ix_key *k);
void ix_key_free(ix_key *k);

/* The heading of the entry whose key is k, given the heading of the entry
 * before it in the index's order (prev; NULL for the first). Owned by o,
 * valid until ix_order_close: headings are compared by their text. */
const char *ix_order_heading(const ix_order *o, const ix_key *k, const char *prev);

/* The locale ICU collates with ("es", "de@collation=phonebook", "root"). */
const char *ix_order_locale(const ix_order *o);

#endif
