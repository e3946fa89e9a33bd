/* font.h - the typefaces of an edition, loaded with FreeType.
 *
 * Every face named by the layout's families is opened once; later stages
 * refer to a face by its index (font id), which is also how the page model
 * and the PDF writer name it. Metrics are kept in font units; callers scale
 * by size / units_per_em. */
#ifndef FOLIO_FONT_H
#define FOLIO_FONT_H

#include <stdint.h>

#include "../base/diag.h"
#include "../base/units.h"
#include "../input/layout.h"

#define FONTSET_MAX (LAYOUT_MAX_FAMILIES * FACE_COUNT)

typedef struct fo_font {
    const char *path;
    const char *name;       /* file name without folder, for messages */
    void *ft_face;          /* FT_Face */
    void *hb_font;          /* hb_font_t*, scaled to font units */
    int units_per_em;
    int max_advance;        /* the widest glyph's advance (hhea), font units */
    int ascender, descender, x_height, cap_height; /* font units */
    int has_smcp;           /* GSUB has real small capitals (else sc is synthesised) */
    int family;             /* index of the layout family */
    layout_face face;
} fo_font;

typedef struct fontset {
    void *ft_library;       /* FT_Library */
    fo_font fonts[FONTSET_MAX];
    int nfonts;
    int by_family[LAYOUT_MAX_FAMILIES][FACE_COUNT]; /* font id, faces missing map to regular */
    char *owned[FONTSET_MAX]; /* the paths fontconfig found (fonts[].path points into them) */
    int nowned;
} fontset;

/* Load every face of the layout, from its file or, for a face given by a
 * family's name, from the file fontconfig finds installed; a missing or
 * unreadable file, or a family that is not installed (with the nearest
 * installed name), is an error at the place the layout names it. Returns 0
 * when all loaded. */
int fontset_load(fontset *fs, const layout *l, diag_sink *d);
void fontset_free(fontset *fs);

int fontset_pick(const fontset *fs, int family, int bold, int italic);
/* The glyph of cp in font id, 0 when the font lacks it. */
uint32_t font_glyph(const fontset *fs, int id, uint32_t cp);
/* Nominal advance (hmtx) of a glyph, font units. */
int font_advance(const fontset *fs, int id, uint32_t gid);
/* How far a glyph's ink reaches above (*top) and below (*bottom, negative
 * under the baseline) its baseline, font units; 0 when it has no ink. */
void font_ink(const fontset *fs, int id, uint32_t gid, int *top, int *bottom);

static inline fo_sp font_units_to_sp(const fo_font *f, fo_sp size, int64_t units)
{
    return (fo_sp)((units * size + (units >= 0 ? f->units_per_em / 2 : -f->units_per_em / 2)) / f->units_per_em);
}

#endif
