/* layout.h - the page and style specification (layout/print.xml, layout/screen.xml).
 *
 * A layout says everything about the edition that is not the text: trim,
 * bleed and margins, the font families by role, named paragraph and heading
 * styles, line-breaking parameters, running heads, folios, labels and PDF
 * options. It is validated by layout/schema/layout.rng (compiled in) and
 * reported with places, like the manuscript. Lengths are in sp; paths are
 * resolved against the layout file's folder. */
#ifndef FOLIO_LAYOUT_H
#define FOLIO_LAYOUT_H

#include <stdint.h>

#include "../base/diag.h"
#include "../base/units.h"
#include "doc.h"
#include "lang.h"

#define LAYOUT_MAX_FAMILIES 8
#define LAYOUT_MAX_STYLES 64
#define LAYOUT_MAX_LANGS 16

typedef enum { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC, FACE_COUNT } layout_face;

/* A face is a file (a value with a '/' or a font file's extension, resolved
 * against the layout's folder) or a family name that fontconfig finds
 * installed ("Noto Serif"); font="Noto Serif" names all four faces at once. */
typedef struct layout_family {
    const char *name;
    const char *path[FACE_COUNT];  /* resolved file paths, NULL when not given as a file */
    const char *query[FACE_COUNT]; /* an installed family's name, NULL when not given by name */
    int implied[FACE_COUNT];       /* the query came from font="…": a missing face is no error */
    diag_loc loc[FACE_COUNT];      /* where each face was given, for "missing font" errors */
} layout_family;

/* A colour as the layout gives it: "#1F4E79" (RGB), "cmyk(88% 52% 5% 30%)"
 * (process inks) or "gray(67%)" (a tint of black ink). PDF/X layouts may
 * hold no RGB; the PDF writer converts for the edition it writes. */
typedef enum { COLOR_GRAY, COLOR_RGB, COLOR_CMYK } color_space;
typedef struct layout_color {
    uint8_t space;       /* color_space */
    float v[4];          /* gray: v[0] = the level, 0 black .. 1 white (as PDF's g);
                            rgb: r g b 0..1; cmyk: c m y k 0..1 */
} layout_color;

/* Zero-initialised colours are black (grey level 0). */
#define COLOR_BLACK ((layout_color){COLOR_GRAY, {0, 0, 0, 0}})

static inline int layout_color_eq(layout_color a, layout_color b)
{
    return a.space == b.space && a.v[0] == b.v[0] && a.v[1] == b.v[1] && a.v[2] == b.v[2] && a.v[3] == b.v[3];
}

/* share (0..1) of the colour on white paper: a tint of its inks (a box's
 * background is 10 % of the accent). */
static inline layout_color layout_color_tint(layout_color c, float share)
{
    layout_color t = c;
    if (c.space == COLOR_RGB || c.space == COLOR_GRAY)
        for (int i = 0; i < 3; i++) t.v[i] = 1.0f - share * (1.0f - c.v[i]);
    else
        for (int i = 0; i < 4; i++) t.v[i] = c.v[i] * share;
    return t;
}

typedef struct layout_style {
    const char *name;
    diag_loc loc;
    int family;          /* index in families */
    int bold, italic;
    fo_sp size, leading;
    doc_align align;     /* ALIGN_JUSTIFY, LEFT, RIGHT, CENTER */
    fo_sp indent;        /* first-line indent */
    fo_sp margin_left, margin_right;
    fo_sp space_before, space_after; /* rounded to whole grid lines by the page builder */
    int hyphenate;
    int uppercase;
    fo_sp letter_spacing;
    layout_color color;
} layout_style;

typedef struct layout_linebreak {
    int pretolerance, tolerance;
    fo_sp emergency_stretch;
    int line_penalty, hyphen_penalty, explicit_hyphen_penalty;
    int adj_demerits, double_hyphen_demerits, final_hyphen_demerits;
    int max_hyphen_run;
    double expansion;    /* 0.02 = +-2 %; 0 = off */
    int protrusion;      /* hanging punctuation */
    double space_stretch, space_shrink; /* of the font's space: 1/2 and 1/3 */
    fo_sp min_last_line; /* in sp; default a quarter of the measure, and 1.5 em beyond the indent */
} layout_linebreak;

/* <cover>: the cover's paper, geometry, colours, images and styles (folio
 * cover; see src/compose/cover.h). The spine is ceil(pages / 2) x caliper
 * + allowance. */
typedef struct layout_cover {
    int present;         /* the layout has a <cover> */
    diag_loc loc;
    fo_sp caliper;       /* the thickness of one leaf (two pages) */
    fo_sp allowance;     /* added to the spine for the binding */
    fo_sp bleed;
    fo_sp safe;          /* nothing but background this near the trim or a spine fold */
    fo_sp margin;        /* the front's and back's text and barcode stand this far inside (>= safe) */
    fo_sp spine_margin;  /* the spine's text keeps this far from each fold */
    int spine_up;        /* the spine reads bottom to top (else top to bottom, ISO 6357) */
    double barcode_scale;/* the EAN-13's magnification: 1.0 = 0.33 mm modules */
    int has_background, has_spine_background;
    layout_color background, spine_background;
    const char *front_image, *back_image; /* backgrounds to the bleed (resolved paths), or NULL */
    diag_loc front_image_loc, back_image_loc;
    const char *style_title, *style_subtitle, *style_author, *style_publisher, *style_spine, *style_back,
        *style_isbn;     /* style names (the layout's <style>s) */
} layout_cover;

typedef struct layout {
    arena mem;
    const char *path, *dir, *name;
    /* page */
    fo_sp page_w, page_h, bleed;
    fo_sp m_inner, m_outer, m_top, m_bottom;
    int crop_marks;
    int chapter_recto;   /* chapters open on a recto, with a blank verso before where needed */
    fo_sp grid;          /* baseline grid step (the body leading) */
    int opener_text;     /* > 0: an opener's text starts this many grid lines below the block's
                            top, its title block set flush bottom above it; 0: the title block
                            drops 6 lines and the text follows it */
    layout_family families[LAYOUT_MAX_FAMILIES];
    int nfamilies;
    layout_style styles[LAYOUT_MAX_STYLES];
    int nstyles;
    layout_linebreak lb;
    /* hyphenation, per language (<hyphenation xml:lang="es" …>) */
    struct layout_hyph {
        const char *lang;        /* the language the settings are for */
        const char *patterns;    /* a libhyphen .dic (resolved path); NULL: the installed one for the
                                    language (Debian hyphen-*); "none": no hyphenation */
        const char *exceptions;  /* resolved path, or NULL */
        diag_loc loc, patterns_loc, exceptions_loc;
        int min_word;            /* letters; 0: the layout's hyph_min_word */
    } hyph[LAYOUT_MAX_LANGS];
    int nhyph;
    int hyph_min_word;   /* letters */
    /* running heads and folios */
    int running_heads;
    int folio_outside;   /* folio at the foot's outside corner (else centred) */
    /* notes */
    int notes_per_chapter;
    int notes_show_pending;
    fo_sp note_rule_width;
    /* words and quotation marks given by the layout (<labels>, <quotes>), over the built-in
     * ones (lang.h); lang NULL: for every language */
    struct layout_words {
        const char *lang;
        lang_words words;        /* NULL fields: not given */
        int labels;              /* a <labels> element gave some */
    } words[LAYOUT_MAX_LANGS];
    int nwords;
    /* the index: ICU collation locale (BCP 47; NULL: the book's xml:lang) and
       the heading of the entries that begin with a digit or a symbol */
    const char *index_collation, *label_index_symbols;
    diag_loc index_collation_loc;
    /* pdf */
    int pdf_bookmarks, pdf_links;
    int pdf_tagged;      /* a tagged PDF 1.7 (structure tree, /Lang, XMP); off for PDF/X-1a */
    const char *pdf_lang;/* a finer language tag for the PDF's /Lang ("es-CL"), used when the
                            book's language is its primary subtag ("es") */
    layout_color accent; /* headings' colour where a style names none; boxes' tint derives from it */
    layout_color tint;   /* a box's background (default: 10 % of the accent) */
    layout_color rule;   /* hairlines of the page furniture (running-head rule) */
    /* PDF/X: <pdf standard="PDF/X-1a:2001" output-condition="FOGRA39" …> */
    const char *pdfx;    /* "PDF/X-1a:2001", or NULL for a plain PDF */
    const char *output_condition, *output_registry, *output_info;
    const char *output_profile; /* ICC file figures are converted to, or NULL */
    diag_loc pdf_loc;
    layout_cover cover;
} layout;

/* Returns NULL when there were errors (all reported). */
layout *layout_load(const char *path, diag_sink *d);
void layout_free(layout *l);

/* The PDF's /Lang for a book in lang: the layout's finer tag when it is of
 * the same language ("es-CL" for "es"), else lang itself. */
const char *layout_pdf_lang(const layout *l, const char *lang);
/* The words of language tag as this layout writes them: the built-in words
 * of tag (or, for a language with none, those of the book's language
 * book_tag, else English), then the layout's words for every language, for
 * tag's primary language and for tag itself. *own is set to 1 when tag has
 * words of its own (built in or from a <labels> for it), 0 when borrowed. */
void layout_words_for(const layout *l, const char *tag, const char *book_tag, lang_words *out, int *own);
/* The hyphenation settings for language tag (exact tag first, then its
 * primary language), or NULL when the layout gives none. */
const struct layout_hyph *layout_hyph_for(const layout *l, const char *tag);

/* The style called name, or NULL. */
const layout_style *layout_style_get(const layout *l, const char *name);
/* The style called name, else fallback, else the first style ("body"). */
const layout_style *layout_style_or(const layout *l, const char *name, const char *fallback);

#endif
