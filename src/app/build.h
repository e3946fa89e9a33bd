/* build.h - the build driver: runs the pipeline's stages in order.
 *
 * layout spec → manuscript → fonts → hyphenation → index terms → composition
 * (re-laid out until references settle) → PDF. Every stage reports into one
 * diagnostics sink; the driver stops before writing anything if any stage
 * reported an error, so a bad manuscript never replaces a good PDF. */
#ifndef FOLIO_BUILD_H
#define FOLIO_BUILD_H

#include "../base/diag.h"
#include "../input/proof.h"
#include "inputs.h"
#include "keep.h"

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
    const char *manuscript;  /* the book's root file */
    const char *layout;      /* a layout file, or the name of one ("screen"); NULL: "print",
                                looked up as build_find_layout says */
    const char *out;         /* NULL: out/<slug of the title>.pdf beside the manuscript;
                                "-": standard output */
    const char *trace;       /* write the page model as text here, or NULL */
    int check_only;          /* validate and lay out, write nothing */
    int strict;              /* refuse notes whose text is still missing (typography.md) */
    int verbose;
    int cover;               /* 1: the cover too (build --cover); 2: only the cover (folio cover) */
    const char *cover_out;   /* the cover's path; NULL: the interior's, ending -cover.pdf */
    build_times *times;      /* filled when not NULL */
    proof_summary *proof;    /* not NULL: the proofreading report too (proof.h), its counts here */
    unsigned char **pdf_mem; /* when set: the PDF is returned here (malloc'd), no file written */
    size_t *pdf_mem_len;
} build_opts;

enum { BUILD_OK = 0, BUILD_INPUT_ERRORS = 1, BUILD_USAGE = 2, BUILD_IO_ERROR = 3 };

/* What a build made, for its caller to tell. */
typedef struct build_result {
    int pages;
    int compared;        /* the PDF had a changed-pages report from an earlier build */
    int changed;         /* pages that differ from that report (pages fewer count too) */
    char changes[2048];  /* which, by printed folio: "vii, 3-5" ("…; 2 pages fewer") */
    char out[4800];      /* the PDF written; "" when none was (errors, check, -o -) */
    build_times times;
} build_result;

/* Run a build; returns one of the BUILD_ codes. *pages gets the page count.
 * Prints the changed pages ("folio: pages changed: 3-5 (of 86)"). */
int build_run(const build_opts *o, diag_sink *d, int *pages);

/* The same build, taking the layout, fonts, shaper and hyphenators from k
 * (and leaving them there for the next build: keep.h), saying in r what it
 * made, and adding to in (when not NULL) the files it read. Prints nothing
 * of its own but the verbose "wrote" line. */
int build_run_kept(const build_opts *o, build_keep *k, diag_sink *d, build_result *r, build_inputs *in);

/* The layout to use for manuscript: name is a file (used as it is) or a
 * layout's name ("print", "screen.xml"), looked for in this order:
 *   1. a layout/ folder beside the manuscript;
 *   2. the installed share/folio/layout/ (beside the folio executable's bin/);
 *   3. the source tree's layout/ (folio run from its build tree).
 * Returns 0 and the path in out; -1 when none is found, with the places
 * looked at in looked ("a, b, c"). */
int build_find_layout(const char *manuscript, const char *name, char *out, size_t cap, char *looked, size_t lcap);

/* The folder folio's data is installed in (<prefix>/share/folio), found
 * from the executable's own place; "" when folio is not installed. */
const char *build_data_dir(void);

/* "servicio-de-cooperacion-tecnica-1952-2025" from a title. */
void build_slug(const char *title, char *out, size_t cap);

#endif
