/* bounds.h - folio's limits on its input, in one place.
 *
 * Every input folio reads is bounded, so that no manuscript or layout, however
 * broken or hostile, can make it recurse without end, allocate without end or
 * run for ever. Each limit is checked where the input is read, and going past
 * it is an error at the place where the problem starts, in the editor's words
 * (README.md, "Limits", lists them). The values are far beyond any real book:
 * the book this project was made for has 948 elements, nested 11 deep, at
 * most 25 inside one, a longest word of 24 characters and a widest table of
 * 5 columns. Recursion over the document (the loader, the checks, the
 * composer) is bounded by FOLIO_MAX_DEPTH. Children per element are bounded
 * because libxml2's RELAX NG validation takes time quadratic in them (40,000
 * paragraphs in one chapter: 11 s), and elements in all so that the sum
 * stays within seconds. */
#ifndef FOLIO_BOUNDS_H
#define FOLIO_BOUNDS_H

/* XML files (manuscript, its included files, layout, index terms) */
#define FOLIO_MAX_FILE_BYTES (64L << 20)       /* one file: 64 MB */
#define FOLIO_MAX_BOOK_BYTES (256L << 20)      /* a manuscript with all it includes: 256 MB */
#define FOLIO_MAX_DEPTH 100                    /* elements inside one another */
#define FOLIO_MAX_ELEMENTS 200000              /* elements in a manuscript, its included files counted */
#define FOLIO_MAX_CHILDREN 5000                /* elements directly inside one element */
#define FOLIO_MAX_TEXT_BYTES (1L << 20)        /* text between two tags: 1 MB */
#define FOLIO_MAX_WORD_CHARS 1000              /* characters between two spaces of a text or attribute */
#define FOLIO_MAX_ATTR_BYTES (64L << 10)       /* one attribute's value: 64 KB */
#define FOLIO_MAX_INCLUDE_DEPTH 8              /* files included by included files */
#define FOLIO_MAX_INCLUDES 1000                /* xi:include elements in a manuscript */

/* the manuscript's structure */
#define FOLIO_MAX_LIST_DEPTH 8                 /* lists inside lists */
#define FOLIO_MAX_BOX_DEPTH 4                  /* boxes inside boxes */
#define FOLIO_MAX_SECTION_DEPTH 3              /* section levels (also the schema's) */
#define FOLIO_MAX_TABLE_COLUMNS 100
#define FOLIO_MAX_TABLE_ROWS 5000              /* in one table, head and foot counted */

/* what the engine makes and reads beside the manuscript */
#define FOLIO_MAX_PAGES 10000
#define FOLIO_MAX_IMAGE_SIDE 20000             /* pixels, either side */
#define FOLIO_MAX_IMAGE_PIXELS 50000000L       /* width x height: 50 megapixels */
#define FOLIO_MAX_IMAGE_BYTES (256L << 20)     /* an image file: 256 MB */
#define FOLIO_MAX_AUX_BYTES (64L << 20)        /* a font, hyphenation or exceptions file: 64 MB */

#endif
