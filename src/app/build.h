/* build.h - the build driver: runs the pipeline's stages in order.
 *
 * layout spec → manuscript → fonts → hyphenation → index terms → composition
 * (re-laid out until references settle) → PDF. Every stage reports into one
 * diagnostics sink; the driver stops before writing anything if any stage
 * reported an error, so a bad manuscript never replaces a good PDF. */
#ifndef FOLIO_BUILD_H
#define FOLIO_BUILD_H

#include "../base/diag.h"

/* How long a build's stages took, milliseconds of wall clock (for the
 * benchmark; FOLIO_DEBUG_TIMES=1 prints them). */
typedef struct build_times {
    double load;         /* layout, manuscript */
    double prepare;      /* fonts, checks, hyphenation, index terms */
    double compose;      /* every layout pass, pages */
    double write;        /* the PDF */
    double report;       /* the changed-pages fingerprints */
} build_times;

typedef struct build_opts {
    const char *manuscript;  /* book/book.xml */
    const char *layout;      /* layout/print.xml */
    const char *out;         /* NULL: out/<slug of the title>.pdf */
    const char *trace;       /* write the page model as text here, or NULL */
    int check_only;          /* validate and lay out, write nothing */
    int strict;              /* refuse notes whose text is still missing (typography.md) */
    int verbose;
    build_times *times;      /* filled when not NULL */
    unsigned char **pdf_mem; /* when set: the PDF is returned here (malloc'd), no file written */
    size_t *pdf_mem_len;
} build_opts;

enum { BUILD_OK = 0, BUILD_INPUT_ERRORS = 1, BUILD_USAGE = 2, BUILD_IO_ERROR = 3 };

/* Run a build; returns one of the BUILD_ codes. *pages gets the page count. */
int build_run(const build_opts *o, diag_sink *d, int *pages);

/* "servicio-de-cooperacion-tecnica-1952-2025" from a title. */
void build_slug(const char *title, char *out, size_t cap);

#endif
