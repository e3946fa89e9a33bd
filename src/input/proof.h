/* proof.h - the proofreading report (folio check --proof).
 *
 * The manuscript's typographic inconsistencies, for the editors to decide:
 * folio never changes the text silently. Each is reported as a note at its
 * file:line:col ("note: proof: …"), and the report's counts are returned:
 *   - hyphens used as rayas ("antigua -el centro…estación- cambió") or as
 *     minus signs ("-3,5"), against the rayas the book writes;
 *   - number ranges with a hyphen against ranges with an en dash: the rarer
 *     form is listed;
 *   - "%" and "$" with a space before the number and without one: the rarer;
 *   - "N°" (a degree sign or º without its period) against "N.º": the rarer;
 *   - spaced hyphens in titles ("1947 - 1962");
 *   - note calls before the punctuation and after it: the rarer;
 *   - four-digit numbers with a thousands point ("1.177") and without one
 *     ("1640 mm"; only before a unit or after a currency sign, so that years
 *     do not count): the rarer.
 * Where both forms are equally common, both are listed. Places are found in
 * the source files from the element's own place (the n-th occurrence of the
 * matched text after its start tag, spaces matching any white space); an
 * occurrence written with an entity is reported at its element. */
#ifndef FOLIO_PROOF_H
#define FOLIO_PROOF_H

#include "../base/diag.h"
#include "doc.h"

typedef enum {
    PROOF_RAYA,        /* hyphens as rayas | rayas (—) */
    PROOF_MINUS,       /* hyphens as minus signs | minus signs (−) */
    PROOF_RANGE,       /* ranges with a hyphen | with an en dash */
    PROOF_PERCENT,     /* "35 %" | "4%" */
    PROOF_DOLLAR,      /* "$ 3,65" | "$0,42" */
    PROOF_NUMERO,      /* "N.º" | "N°" */
    PROOF_TITLE,       /* titles with a spaced hyphen | (none) */
    PROOF_NOTE_CALL,   /* calls after the punctuation | before it */
    PROOF_THOUSANDS,   /* "1.177" | "1640" */
    PROOF_KINDS
} proof_kind;

typedef struct proof_summary {
    int form[PROOF_KINDS][2]; /* occurrences of each kind's two forms (see proof_kind) */
    int listed[PROOF_KINDS];  /* of them, reported as inconsistencies */
    int total;                /* all reported */
} proof_summary;

/* Report the book's inconsistencies to d (notes) and count them in *s. */
void proof_book(const doc_book *book, diag_sink *d, proof_summary *s);

/* One line that sums the report up, e.g. "12 inconsistencies listed:
 * hyphens as rayas 1 (rayas 2); …; ranges 1 (with a hyphen 7, with an en
 * dash 1); …", into buf: for each kind, how many are listed and how often
 * each form is written. */
void proof_summary_line(const proof_summary *s, char *buf, size_t cap);

#endif
