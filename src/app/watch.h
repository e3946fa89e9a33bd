/* watch.h - folio watch: build, then build again after every save.
 *
 * The files followed are those the last build read (session.h: the
 * manuscript and its XIncluded files, figures, the index's term list, the
 * layout and the fonts, hyphenation files and profile it names), recomputed
 * after every build, so that a new xi:include is followed from the build
 * that first reads it. Their folders are watched with inotify and events
 * filtered by file name: an editor that saves by writing a temporary file
 * and renaming it over the old one is seen like one that writes in place. A
 * burst of events (one save is often several) gives one rebuild, once no
 * event has come for a short while (WATCH_QUIET_MS).
 *
 * Every rebuild prints one line: the time, how long it took, the file that
 * changed, and the pages that changed (by printed folio). A build with
 * errors prints them (file:line:col) and leaves the last PDF as it was; the
 * watch goes on, and the repair rebuilds. Warnings are printed the first
 * time they are seen, notes only by the first build. SIGINT and SIGTERM end
 * the watch with status 0 (after the build under way, if any; a second one
 * ends it at once). */
#ifndef FOLIO_WATCH_H
#define FOLIO_WATCH_H

#include "build.h"

/* How long no event must come before a burst is taken as one save. */
#define WATCH_QUIET_MS 25

/* Run the watch until a signal ends it. Returns the exit status: 0 after
 * SIGINT or SIGTERM, BUILD_IO_ERROR when inotify cannot be had. */
int watch_run(const build_opts *o);

#endif
