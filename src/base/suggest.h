/* suggest.h - "did you mean …?": the known name nearest to a mistyped one.
 *
 * Distance is Damerau-Levenshtein (an adjacent swap counts one), on bytes,
 * case-insensitive for ASCII. A name is suggested only when it is near enough
 * to be a slip rather than another word: at most 1 edit for names of up to 4
 * characters, 2 up to 8, and a third of the length beyond; a candidate equal
 * to the word is never suggested. Ties go to the first candidate given. */
#ifndef FOLIO_SUGGEST_H
#define FOLIO_SUGGEST_H

#include <stddef.h>

typedef struct suggest {
    const char *word;
    const char *best; /* NULL while nothing is near enough */
    int best_dist;
} suggest;

void suggest_init(suggest *s, const char *word);
/* Consider one candidate. */
void suggest_add(suggest *s, const char *candidate);
/* The nearest candidate near enough, or NULL. */
const char *suggest_best(const suggest *s);

/* The edit distance of a and b (as above), capped at limit + 1. */
int suggest_distance(const char *a, const char *b, int limit);

/* " (did you mean \"best\"?)" or "", for the end of a message. */
const char *suggest_hint(const suggest *s, char *buf, size_t cap);

#endif
