/* cover.h - the cover: back, spine and front side by side on one page.
 *
 * A printer wants the cover as one flat sheet: the back cover on the left,
 * the spine, the front cover on the right, with bleed all round. Its size
 * follows from the interior: the spine is ceil(pages / 2) leaves of the
 * layout's <cover caliper> plus the binding's allowance; the sheet's trim is
 * 2 x the page's trim width + the spine wide and the page's trim height tall.
 *
 * The cover is laid out here, as the book's pages are, into a page model of
 * one page that the PDF writer prints like any other: the front's title,
 * subtitle, authors and publisher, the spine's title and publisher turned to
 * read along it (top to bottom, ISO 6357, or bottom to top), the back's
 * blurb and the ISBN as an EAN-13 barcode drawn by libzint as filled
 * rectangles with its digits in the layout's font. Nothing but background
 * stands within the layout's safe distance of the trim or of a spine fold
 * on the front and back; the spine's text keeps its spine-margin from each
 * fold, and is left out, with a note, when the spine is too thin for it. */
#ifndef FOLIO_COVER_H
#define FOLIO_COVER_H

#include "../input/doc.h"
#include "../input/layout.h"
#include "../text/font.h"
#include "../text/hyphenate.h"
#include "../text/shape.h"
#include "pagemodel.h"

/* The spine of a book of pages pages: ceil(pages / 2) x caliper + allowance. */
fo_sp cover_spine_width(const layout_cover *c, int pages);

/* Lay out the cover of book (whose interior has pages pages) with the
 * layout's <cover> into out: one page, its size, bleed and fold marks.
 * Returns 0, or -1 after errors (reported to d with their places). */
int cover_compose(const doc_book *book, const layout *lay, const fontset *fs, shaper *sh, const hyphenator *hy,
                  int pages, diag_sink *d, pm_doc *out);

#endif
