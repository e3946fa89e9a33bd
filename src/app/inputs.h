/* inputs.h - the files a build read: what `folio watch` watches.
 *
 * A set of paths (as the build named them, lexically normalised, no
 * duplicates, in sorted order so that a listing is the same from run to run):
 * the manuscript and every file XInclude brought in, the figures' images, the
 * index's term list, the layout and every file it names (fonts, hyphenation
 * patterns and exceptions, the output profile, the cover's pictures). A build
 * with errors adds the files its diagnostics name, so that a broken file
 * newly included is watched until it is repaired. */
#ifndef FOLIO_INPUTS_H
#define FOLIO_INPUTS_H

#include "../base/diag.h"
#include "../input/doc.h"
#include "../input/layout.h"

typedef struct build_inputs {
    char **paths; /* owned */
    int n, cap;
} build_inputs;

void inputs_init(build_inputs *in);
void inputs_free(build_inputs *in);
/* Add path (NULL and "" are ignored; a path already there is not added twice). */
void inputs_add(build_inputs *in, const char *path);
/* Every file of the book: the files its elements come from, and its figures. */
void inputs_add_book(build_inputs *in, const doc_book *book);
/* The layout's file and every file it names. */
void inputs_add_layout(build_inputs *in, const layout *lay);
/* The files the diagnostics of d are about. */
void inputs_add_diags(build_inputs *in, const diag_sink *d);
/* Whether path is in the set. */
int inputs_has(const build_inputs *in, const char *path);
/* Take every path of from (which is emptied). */
void inputs_merge(build_inputs *in, build_inputs *from);

#endif
