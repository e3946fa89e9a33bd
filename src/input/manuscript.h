/* manuscript.h - the manuscript (book/NAME.xml) read into the document tree.
 *
 * Loads the root file with XInclude, validates it against the manuscript
 * schema (book/schema/manuscript.rng, compiled into folio), then builds the
 * doc tree and checks what a schema cannot: unique ids, references to ids
 * that exist, table spans inside the table, figures that can be read. */
#ifndef FOLIO_MANUSCRIPT_H
#define FOLIO_MANUSCRIPT_H

#include <stdint.h>

#include "doc.h"

/* Returns the book, or NULL when there were errors (all reported to d). */
doc_book *manuscript_load(const char *path, diag_sink *d);

/* The place of a single character in the manuscript's files: the nth
 * (0-based) occurrence of cp, written literally or as &#N;/&#xH;, at or after
 * elem (the place of the element whose text holds it, e.g. a text inline's
 * loc). Returns elem when it cannot be found. For messages such as "character
 * U+4E2D is in none of the layout's fonts", which should name the character's
 * own line and column. */
diag_loc manuscript_char_loc(diag_sink *d, diag_loc elem, uint32_t cp, int nth);

#endif
