/* shape.h - HarfBuzz shaping through a word cache.
 *
 * Text is shaped a word at a time (kerning and standard ligatures on), and
 * each distinct (font, word) pair is shaped once per build: a book repeats
 * its words, so the cache turns most shaping into one hash lookup.
 *
 * The PDF writer (libharu) can only print a glyph through a Unicode
 * character its cmap maps to that glyph. So every glyph carries the text
 * that prints it: the character itself, or for a ligature the presentation
 * form U+FB00-FB04 when the font maps it to the same glyph. A word whose
 * glyphs cannot all be printed that way is reshaped without ligatures
 * (architecture.md, libharu's limits). */
#ifndef FOLIO_SHAPE_H
#define FOLIO_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include "font.h"

typedef struct shaped_glyph {
    uint32_t gid;
    int32_t advance;  /* font units, kerning included */
    int32_t nominal;  /* hmtx advance: how far a PDF viewer moves after this glyph */
    int32_t y_offset; /* font units */
    uint32_t cluster; /* byte offset in the word of the glyph's first character */
    uint32_t cluster_len; /* bytes of the word this glyph stands for (0 for a glyph continuing a cluster) */
    uint8_t text_len; /* bytes in text: 0 for a glyph that continues a cluster */
    char text[7];     /* UTF-8 that prints this glyph */
} shaped_glyph;

typedef struct shaped_word {
    int font;
    int nglyphs;
    shaped_glyph *glyphs;
    int64_t width;    /* font units */
} shaped_word;

typedef struct shaper shaper;

shaper *shaper_new(const fontset *fs);
void shaper_free(shaper *s);

/* The shaped form of text[0..len) in font, for HarfBuzz's language lang (a
 * BCP 47 tag, which chooses the font's localised forms: Romanian ș, Dutch
 * ij…); cached per (font, language, text); valid until shaper_free. */
const shaped_word *shaper_word_lang(shaper *s, int font, const char *lang, const char *text, size_t len);
/* The same in the default language (Spanish, the manuscript's default). */
const shaped_word *shaper_word(shaper *s, int font, const char *text, size_t len);
/* Width of the font's space, font units. */
int shaper_space(shaper *s, int font);

/* Cache statistics: distinct words shaped and lookups made. */
void shaper_stats(const shaper *s, long *distinct, long *lookups);

#endif
