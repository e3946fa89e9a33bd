/* hyphenate.h - where a word may be broken at a line end.
 *
 * libhyphen with a language's patterns (Debian hyphen-*) proposes points.
 * Every language keeps the dictionary's minimums (2 letters at least) and the
 * general rules below; for Spanish (hyph_es, Debian hyphen-es) folio then
 * applies the Spanish rules of typography.md (RAE 2010,
 * Ortografía 4.1.1.2; Martínez de Sousa) the patterns do not guarantee, and an
 * exceptions list in the repo overrides the patterns for their known errors
 * (sub-con-tra-ta-ción, not su-b-con-). */
#ifndef FOLIO_HYPHENATE_H
#define FOLIO_HYPHENATE_H

#include <stddef.h>

#include "../base/diag.h"

typedef struct hyphenator hyphenator;

typedef enum {
    HYPH_SOFT = 0,     /* a discretionary: a hyphen is added at the line end */
    HYPH_EXPLICIT = 1, /* after a hyphen already in the word (compound): the hyphen
                          stays at the line end and is repeated at the start of the next line */
} hyph_kind;

typedef struct hyph_point {
    size_t offset;  /* byte offset into the word where the break goes (before this byte) */
    hyph_kind kind;
} hyph_point;

/* Load the patterns of language lang (a BCP 47 tag; the Spanish rules below
 * apply when it is es, any region) from a libhyphen .dic in UTF-8 or ISO
 * 8859-1, and the exceptions list (one word a line, break points marked with
 * '-', '#' comments; may be NULL). A file that cannot be read is an error at
 * patterns_at / exceptions_at (where the layout names it; a zero place: the
 * file itself); a bad line of the exceptions, at its line. Returns NULL if the
 * patterns cannot be loaded. */
hyphenator *hyphenator_new_lang(const char *lang, const char *patterns_path, diag_loc patterns_at,
                                const char *exceptions_path, diag_loc exceptions_at, diag_sink *d);
/* The same for Spanish, problems placed in the files themselves. */
hyphenator *hyphenator_new(const char *patterns_path, const char *exceptions_path, diag_sink *d);

/* The libhyphen dictionary installed in dir (Debian: /usr/share/hyphen) for
 * language lang: hyph_es_CL.dic for es-CL, else hyph_es.dic, hyph_es_ES.dic,
 * or the first hyph_es_*.dic. Returns 0 and the path in out, -1 if none. */
int hyphenator_find_patterns(const char *lang, const char *dir, char *out, size_t cap);
void hyphenator_free(hyphenator *h);

/* The break points of one word (UTF-8, len bytes, no spaces; may carry
 * leading/trailing punctuation, which is never split off). Returns how many
 * were written to out (at most max), in increasing offset order. Rules
 * (those marked es: Spanish only):
 * - at least 2 letters before and 2 after a break, or the dictionary's
 *   LEFTHYPHENMIN/RIGHTHYPHENMIN when larger (English: 2 and 3); es: never a
 *   lone vowel;
 * - es: never inside the digraphs ch, ll, rr (nor qu, gu before e/i); rr only
 *   by an exception, for a prefix in -r before r- (inter-regional, RAE);
 * - no break in words of 4 letters or fewer, in acronyms (two or more
 *   capitals and no lowercase: SERCOTEC, CORFO), or in anything containing a
 *   digit (1952, 2.854.027,65); a word in capitals with an accented vowel
 *   is not an acronym (the RAE writes acronyms without accents): ÉXITO breaks
 *   like éxito;
 * - a word with a hyphen breaks only after its hyphen(s) (HYPH_EXPLICIT);
 * - es: never between two vowels (diphthong, triphthong or hiatus: suer-te,
 *   tea-tro), an intercalated h not separating them (cohe-cho, prohi-bir);
 *   each side keeps a vowel and the right side opens with a Spanish onset
 *   (one consonant, ch ll rr, or p b f c k g t d + l/r);
 * - an exception listed for the word (matched case-insensitively) replaces
 *   the patterns' points. It may break the rules of the item above (the
 *   RAE's division by prefix: contra-ataque, inter-regional) but not the 2
 *   letters, ch, ll, qu, gu(e/i) rules. The list is layout/hyphenation-es.txt
 *   (its header documents the format).
 * Leading/trailing punctuation («“(¿¡ .,;:!?»”) etc.) is never counted as
 * letters; any other non-letter inside the word (O'Higgins, N.º, y/o) means
 * no break. The offsets point into word itself, so its case is kept. */
int hyphenator_points(const hyphenator *h, const char *word, size_t len, hyph_point *out, int max);

/* Whether a compound broken at its own hyphen repeats the hyphen at the start
 * of the next line (Spanish, RAE 2010; Portuguese, Polish, Czech, Slovak,
 * Croatian, Serbian, Slovenian): otherwise (English, German…) the hyphen
 * only ends the line. */
int hyphenator_repeats_hyphen(const hyphenator *h);

/* How many words the exceptions list holds (0 if none was loaded). */
int hyphenator_exception_count(const hyphenator *h);

#endif
