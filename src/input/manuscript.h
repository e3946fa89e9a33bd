/* manuscript.h - the manuscript (book/NAME.xml) read into the document tree.
 *
 * Loads the root file with XInclude, validates it against the manuscript
 * schema (book/schema/manuscript.rng, compiled into folio), then builds the
 * doc tree and checks what a schema cannot: unique ids, references to ids
 * that exist, table spans inside the table, figures that can be read. */
#ifndef FOLIO_MANUSCRIPT_H
#define FOLIO_MANUSCRIPT_H

#include "doc.h"

/* Returns the book, or NULL when there were errors (all reported to d). */
doc_book *manuscript_load(const char *path, diag_sink *d);

#endif
