/* diag.c - the diagnostics sink (see diag.h). */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void diag_init(diag_sink *d) { memset(d, 0, sizeof *d); }

void diag_free(diag_sink *d)
{
    for (int i = 0; i < d->count; i++) free(d->entries[i].message);
    for (int i = 0; i < d->nfiles; i++) free(d->files[i]);
    free(d->entries);
    free(d->files);
    memset(d, 0, sizeof *d);
}

const char *diag_intern_file(diag_sink *d, const char *file)
{
    if (!file) return NULL;
    for (int i = 0; i < d->nfiles; i++)
        if (strcmp(d->files[i], file) == 0) return d->files[i];
    d->files = xrealloc(d->files, sizeof *d->files * (size_t)(d->nfiles + 1));
    d->files[d->nfiles] = xstrdup(file);
    return d->files[d->nfiles++];
}

diag_loc diag_at(diag_sink *d, const char *file, int line, int col)
{
    diag_loc l = {diag_intern_file(d, file), line, col};
    return l;
}

void diag_vreport(diag_sink *d, diag_severity s, diag_loc loc, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *msg;
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    msg = xmalloc((size_t)n + 1);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->entries = xrealloc(d->entries, sizeof *d->entries * (size_t)d->cap);
    }
    /* a place may come from another sink (state a build keeps for the next
     * one, src/app/keep.c, is reported with places interned there): this
     * sink's own copy of the file name outlives that one */
    loc.file = diag_intern_file(d, loc.file);
    d->entries[d->count].severity = s;
    d->entries[d->count].loc = loc;
    d->entries[d->count].message = msg;
    d->count++;
    if (s == DIAG_ERROR) d->errors++;
    else if (s == DIAG_WARNING) d->warnings++;
}

void diag_report(diag_sink *d, diag_severity s, diag_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vreport(d, s, loc, fmt, ap);
    va_end(ap);
}

static const char *severity_name(diag_severity s)
{
    switch (s) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    default: return "note";
    }
}

char *diag_format(const diag_entry *e)
{
    char place[1200] = "";
    char *out;
    size_t n;
    if (e->loc.file && e->loc.line > 0 && e->loc.col > 0)
        snprintf(place, sizeof place, "%s:%d:%d: ", e->loc.file, e->loc.line, e->loc.col);
    else if (e->loc.file && e->loc.line > 0)
        snprintf(place, sizeof place, "%s:%d: ", e->loc.file, e->loc.line);
    else if (e->loc.file)
        snprintf(place, sizeof place, "%s: ", e->loc.file);
    n = strlen(place) + strlen(e->message) + 32;
    out = xmalloc(n);
    snprintf(out, n, "%s%s: %s", place, severity_name(e->severity), e->message);
    return out;
}

void diag_print(const diag_sink *d, FILE *out)
{
    for (int i = 0; i < d->count; i++) {
        char *s = diag_format(&d->entries[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}

/* s as a JSON string (UTF-8 passes through; quotes, backslashes and control
 * characters escaped). */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(out, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", out);
        else if (*p == '\t') fputs("\\t", out);
        else if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else fputc(*p, out);
    }
    fputc('"', out);
}

void diag_print_json(const diag_sink *d, FILE *out)
{
    fputs("[", out);
    for (int i = 0; i < d->count; i++) {
        const diag_entry *e = &d->entries[i];
        fputs(i ? ",\n  {" : "\n  {", out);
        fputs("\"file\": ", out);
        if (e->loc.file) json_string(out, e->loc.file);
        else fputs("null", out);
        if (e->loc.line > 0) fprintf(out, ", \"line\": %d", e->loc.line);
        else fputs(", \"line\": null", out);
        if (e->loc.col > 0) fprintf(out, ", \"column\": %d", e->loc.col);
        else fputs(", \"column\": null", out);
        fprintf(out, ", \"severity\": \"%s\", \"message\": ", severity_name(e->severity));
        json_string(out, e->message);
        fputs("}", out);
    }
    fputs(d->count ? "\n]\n" : "]\n", out);
}
