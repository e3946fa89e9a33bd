/* keep.h - what one build may keep for the next: the layout, its fonts, the
 * shaper's word cache and the hyphenators (with their memo of words).
 *
 * `folio build` makes them once and lets them go; `folio watch` keeps them
 * between rebuilds (src/app/session.h), where most edits touch only the
 * manuscript. Each is kept only while it is safe to: it loaded without an
 * error, and none of the files it was made from has changed since (the same
 * device, inode, size, modification and change times; a file that was
 * missing is still missing). When one has, everything kept is let go and
 * made again, so a layout and the fonts and hyphenators it names never
 * disagree.
 *
 * A build that reuses what was kept reports what a cold build reports: the
 * diagnostics made while loading (a layout's warnings, say) are kept in a
 * sink of their own and told again into each build's sink, at the moment a
 * cold build would have reported them. */
#ifndef FOLIO_KEEP_H
#define FOLIO_KEEP_H

#include "../base/diag.h"
#include "../input/layout.h"
#include "../text/font.h"
#include "../text/hyphenate.h"
#include "../text/shape.h"
#include "inputs.h"

typedef struct build_keep build_keep;

build_keep *keep_new(void);
void keep_free(build_keep *k);

/* The layout at path: the kept one when it is still good, else loaded anew
 * (what was kept before is let go). Its diagnostics are reported into d.
 * NULL when it has errors. */
const layout *keep_layout(build_keep *k, const char *path, diag_sink *d);

/* The fonts of the layout keep_layout gave, and a shaper over them whose
 * word cache lives as long as they do. Their diagnostics go to d. Returns 0,
 * or -1 when the fonts did not load (*fs and *sh are then NULL). */
int keep_fonts(build_keep *k, diag_sink *d, const fontset **fs, shaper **sh);

/* The hyphenator for language lang with these patterns and exceptions (as
 * hyphenator_new_lang takes them): made once for each such combination and
 * kept; its diagnostics go to d every time it is asked for. */
const hyphenator *keep_hyphenator(build_keep *k, const char *lang, const char *patterns, diag_loc patterns_at,
                                  const char *exceptions, diag_loc exceptions_at, diag_sink *d);

/* The files what is kept was made from. */
void keep_add_inputs(const build_keep *k, build_inputs *in);

#endif
