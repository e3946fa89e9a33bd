/* shape.h - HarfBuzz shaping through a word cache.
 *
 * Text is shaped a word at a time (HarfBuzz's default features: kerning,
 * standard ligatures; small capitals on request), and each distinct
 * (font, features, word) is shaped once per build: a book repeats its words,
 * so the cache turns most shaping into one hash lookup.
 *
 * Glyphs are printed by glyph id (the PDF writer embeds CID fonts), so
 * every glyph HarfBuzz chooses can be printed: ligatures, small capitals,
 * contextual forms. Each glyph records the characters it stands for (its
 * cluster), from which the writer maps glyphs back to text (ToUnicode):
 * the fi ligature stands for "f" "i". */
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
} shaped_glyph;

typedef struct shaped_word {
    int font;
    int upem;         /* the font's units per em (lengths: font_units_to_sp) */
    int nglyphs;
    shaped_glyph *glyphs;
    int64_t width;    /* font units */
    const char *text; /* the word (glyph g stands for text + cluster, cluster_len bytes) */
    uint32_t len;
} shaped_word;

/* Features asked for beyond the defaults. */
enum {
    SHAPE_SMCP = 1, /* lower-case letters as small capitals (OpenType smcp) */
    SHAPE_TNUM = 2, /* tabular lining figures (tnum, lnum): figures that line up in columns */
};

typedef struct shaper shaper;

shaper *shaper_new(const fontset *fs);
void shaper_free(shaper *s);

/* The shaped form of text[0..len) in font, for HarfBuzz's language lang (a
 * BCP 47 tag, which chooses the font's localised forms: Romanian ș, Dutch
 * ij…); cached per (font, language, text); valid until shaper_free. */
const shaped_word *shaper_word_lang(shaper *s, int font, const char *lang, const char *text, size_t len);
/* The same in the default language (Spanish, the manuscript's default). */
const shaped_word *shaper_word(shaper *s, int font, const char *text, size_t len);
/* The same with features (SHAPE_ flags). */
const shaped_word *shaper_word_with(shaper *s, int font, unsigned features, const char *text, size_t len);
/* With both: language and features (the cache's key is font, features, language and text). */
const shaped_word *shaper_word_lang_with(shaper *s, int font, const char *lang, unsigned features, const char *text,
                                         size_t len);
/* The hyphen printed where a line breaks inside a word: the font's glyph for
 * U+00AD (SOFT HYPHEN) when it has its own, so that the text reads back as
 * the whole word; else the hyphen's. One glyph standing for U+00AD. */
const shaped_word *shaper_soft_hyphen(shaper *s, int font);
/* Width of the font's space, font units. */
int shaper_space(shaper *s, int font);

/* Cache statistics: distinct words shaped and lookups made. */
void shaper_stats(const shaper *s, long *distinct, long *lookups);

#endif
