/* pdf.h - the PDF backend: the page model written with libharu.
 *
 * The only file that includes hpdf.h. Fonts are embedded and subset (TrueType,
 * UTF-8 encoder, so text extracts with its accents), every glyph run placed
 * at its exact position with the text matrix, font expansion written as
 * horizontal scaling (Tz). Pages get a TrimBox and, with bleed, a BleedBox
 * and crop marks outside it; page labels follow the printed folios; outline
 * and links come from the model. The file is written to OUT.tmp and renamed
 * over OUT only when complete, so a failed build never harms a good PDF. */
#ifndef FOLIO_PDF_H
#define FOLIO_PDF_H

#include "../base/diag.h"
#include "../compose/pagemodel.h"

/* Returns 0 on success; on failure reports to d and leaves out_path untouched. */
int pdf_write(const pm_doc *doc, const char *out_path, diag_sink *d);
/* The same PDF in memory: *data (malloc'd, the caller frees it) and *len.
 * Returns 0 on success; on failure reports to d and leaves *data NULL. */
int pdf_write_mem(const pm_doc *doc, unsigned char **data, size_t *len, diag_sink *d);

#endif
