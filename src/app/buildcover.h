/* buildcover.h - the build's cover step (folio cover, folio build --cover).
 *
 * Private to src/app: build.c calls it once the interior is composed, with
 * the interior's page model (its page count, fonts and PDF settings) and
 * the path the interior is (or would be) written to. */
#ifndef FOLIO_BUILDCOVER_H
#define FOLIO_BUILDCOVER_H

#include "../compose/pagemodel.h"
#include "../input/doc.h"
#include "../input/layout.h"
#include "../text/font.h"
#include "../text/hyphenate.h"
#include "../text/shape.h"
#include "build.h"

/* Lay out the cover for the interior and write it to o->cover_out, or
 * beside interior_out as NAME-cover.pdf. Returns a BUILD_ code; nothing is
 * written after an error. */
int build_cover(const build_opts *o, const doc_book *book, const layout *lay, const fontset *fs, shaper *sh,
                const hyphenator *hy, const pm_doc *interior, const char *interior_out, diag_sink *d);

#endif
