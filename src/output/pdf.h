/* pdf.h - the PDF backend: the page model written as a PDF file.
 *
 * The only module that includes hpdf.h. libharu writes the document
 * (objects, pages, outlines, page labels, streams, xref); folio writes each
 * page's content stream (one text matrix and TJ array per line, glyph ids
 * as CIDs) and embeds the fonts as HarfBuzz subsets with widths and a
 * ToUnicode map, so that text searches and copies as written. A PDF/X-1a
 * edition (doc->pdfx) holds only grey and CMYK colour, an output intent,
 * trim and bleed boxes and no annotations; a screen edition is RGB with
 * links. The same page model gives the same bytes (the /ID is a digest of
 * the content; dates come from the edition or SOURCE_DATE_EPOCH).
 *
 * The file is written to OUT.tmp and renamed over OUT only when complete,
 * so a failed build never harms a good PDF. */
#ifndef FOLIO_PDF_H
#define FOLIO_PDF_H

#include <stddef.h>

#include "../base/diag.h"
#include "../compose/pagemodel.h"

/* Returns 0 on success; on failure reports to d and leaves out_path untouched. */
int pdf_write(const pm_doc *doc, const char *out_path, diag_sink *d);

/* The same PDF in memory (*data malloc'ed, the caller frees it). */
int pdf_write_mem(const pm_doc *doc, unsigned char **data, size_t *len, diag_sink *d);

#endif
