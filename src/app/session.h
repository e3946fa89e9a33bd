/* session.h - a build that is run again and again (folio watch).
 *
 *   build_session *s = build_session_new(&opts);
 *   build_session_rebuild(s, &d, &r);   // after every save
 *   build_session_inputs(s, &n);        // the files to watch
 *   build_session_free(s);
 *
 * A session keeps between rebuilds what is cheap and safe to keep today
 * (keep.h: the layout while its file is unchanged, its fonts, the shaper's
 * word cache, the hyphenators with their memo of words) and the set of files
 * the last build read. Each rebuild gives the same bytes as a cold build of
 * the same input.
 *
 * Meant to grow: composition state that outlives a build (the previous
 * layout of each chapter, the reference table between passes) belongs here
 * too, handed to the composer by build_session_rebuild so that only the
 * chapters whose inputs changed are laid out again. The caller's side
 * (new, rebuild, inputs, free) need not change for that. */
#ifndef FOLIO_SESSION_H
#define FOLIO_SESSION_H

#include "build.h"

typedef struct build_session build_session;

/* A session for builds with these options (copied: o's strings need not
 * outlive the call). Builds nothing yet. */
build_session *build_session_new(const build_opts *o);

/* Build again; returns one of the BUILD_ codes, says what was made in r,
 * reports into d. A build with errors writes nothing: the last PDF stays. */
int build_session_rebuild(build_session *s, diag_sink *d, build_result *r);

/* The files the builds read, as the build named them (sorted): after a good
 * build, exactly its own; after one with errors, the last good one's too, and
 * the files its diagnostics name (a broken file newly included). Never the
 * PDF or its changed-pages report. Valid until the next rebuild. */
const char *const *build_session_inputs(const build_session *s, int *n);

void build_session_free(build_session *s);

#endif
