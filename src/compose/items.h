/* items.h - the item lists of Knuth & Plass: boxes, glue and penalties.
 *
 * A paragraph (or a table cell, a note, a heading) becomes a flat array of
 * items before it is broken into lines ("Breaking Paragraphs into Lines",
 * Knuth & Plass 1981, section 2; tex.web part 38). Items know only widths;
 * what a box prints is found through its opaque `ref`, so the line breaker
 * is independent of fonts and text.
 *
 * Discretionary hyphens are penalties with a width (the hyphen printed at the
 * end of the line when the break is taken) and a post-width (material that
 * starts the next line, used to repeat the hyphen of a compound such as
 * chileno-estadounidense, RAE 2010). A penalty that breaks inside a word
 * without a hyphen (an URL after a '/') is marked inword: the line breaker
 * treats every break inside a word alike at a paragraph's end (its last
 * line is never only the rest of a word broken on the line before). */
#ifndef FOLIO_ITEMS_H
#define FOLIO_ITEMS_H

#include <stdint.h>

#include "../base/units.h"

typedef enum { ITEM_BOX, ITEM_GLUE, ITEM_PENALTY } item_type;

/* Penalty values, as in TeX: >= INF forbids a break, <= -INF forces one. */
#define PENALTY_INF 10000
#define PENALTY_FORCE (-10000)

typedef struct item {
    uint8_t type;     /* item_type */
    uint8_t flagged;  /* penalty: a hyphenation break (for double-hyphen demerits) */
    uint8_t fil;      /* glue: infinite stretch (TeX's "fil"), e.g. \parfillskip */
    uint8_t inword;   /* penalty: a break inside a word that adds no hyphen (an address at its
                         '/' or '.', an emergency break): like a flagged one, the next line
                         starts with the rest of the word, but no hyphen is printed */
    int32_t penalty;  /* penalty: its cost */
    fo_sp width;      /* box, glue: natural width; penalty: width added at the line's end if broken here */
    fo_sp stretch;    /* glue: stretchability (ignored when fil: then infinite) */
    fo_sp shrink;     /* glue: shrinkability */
    fo_sp expand;     /* box: part of the width made of glyphs, which font expansion may scale */
    fo_sp post_width; /* penalty: width that starts the next line if broken here */
    int32_t ref;      /* opaque link back to the content (the caller's index), -1 if none */
} item;

static inline item item_box(fo_sp width, fo_sp expand, int32_t ref)
{
    item it = {ITEM_BOX, 0, 0, 0, 0, width, 0, 0, expand, 0, ref};
    return it;
}

static inline item item_glue(fo_sp width, fo_sp stretch, fo_sp shrink, int32_t ref)
{
    item it = {ITEM_GLUE, 0, 0, 0, 0, width, stretch, shrink, 0, 0, ref};
    return it;
}

static inline item item_fil_glue(int32_t ref)
{
    item it = {ITEM_GLUE, 0, 1, 0, 0, 0, 0, 0, 0, 0, ref};
    return it;
}

static inline item item_penalty(fo_sp width, int32_t penalty, int flagged, int32_t ref)
{
    item it = {ITEM_PENALTY, (uint8_t)(flagged != 0), 0, 0, penalty, width, 0, 0, 0, 0, ref};
    return it;
}

#endif
