/* diag.h - diagnostics: problems in the input are values with a place.
 *
 * Every stage reports into one sink; nothing below main() exits. A message is
 * printed as "file:line:col: severity: text" (line/col omitted when unknown),
 * the form editors' tools and compilers use. The sink keeps everything so that
 * a run lists all its problems at once and the driver decides, at the end,
 * whether a PDF may be written (no errors) or not. */
#ifndef FOLIO_DIAG_H
#define FOLIO_DIAG_H

#include <stdarg.h>
#include <stdio.h>

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_severity;

typedef struct {
    const char *file; /* interned; NULL when the problem has no file */
    int line, col;    /* 0 when unknown */
} diag_loc;

typedef struct {
    diag_severity severity;
    diag_loc loc;
    char *message;
} diag_entry;

typedef struct diag_sink {
    diag_entry *entries;
    int count, cap;
    int errors, warnings;
    char **files; /* interned file names, owned */
    int nfiles;
    int suppressed_warnings; /* warnings of a kind past the per-kind cap */
} diag_sink;

void diag_init(diag_sink *d);
void diag_free(diag_sink *d);

/* Intern a file name so locations can point at it for the sink's lifetime. */
const char *diag_intern_file(diag_sink *d, const char *file);
diag_loc diag_at(diag_sink *d, const char *file, int line, int col);

void diag_report(diag_sink *d, diag_severity s, diag_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_vreport(diag_sink *d, diag_severity s, diag_loc loc, const char *fmt, va_list ap);

#define diag_error(d, loc, ...) diag_report((d), DIAG_ERROR, (loc), __VA_ARGS__)
#define diag_warning(d, loc, ...) diag_report((d), DIAG_WARNING, (loc), __VA_ARGS__)
#define diag_note(d, loc, ...) diag_report((d), DIAG_NOTE, (loc), __VA_ARGS__)

/* Print every entry in the order reported. */
void diag_print(const diag_sink *d, FILE *out);
/* Print every entry as one JSON array, an object per entry:
 * {"file": "book/chapters/02.xml", "line": 41, "column": 7, "severity": "error",
 *  "message": "…"}; file, line and column are null when unknown. */
void diag_print_json(const diag_sink *d, FILE *out);
/* Format one entry as "file:line:col: error: message" into a malloc'd string. */
char *diag_format(const diag_entry *e);

#endif
