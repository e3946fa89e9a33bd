/* buildcover.c - see buildcover.h. */
#include "buildcover.h"

#include <stdio.h>
#include <string.h>

#include "../compose/cover.h"
#include "../output/pdf.h"

/* "out/book.pdf" -> "out/book-cover.pdf" (a name without .pdf gains -cover.pdf). */
static void cover_path(const char *interior, char *out, size_t cap)
{
    size_t n = strlen(interior);
    if (n >= 4 && strcmp(interior + n - 4, ".pdf") == 0) n -= 4;
    snprintf(out, cap, "%.*s-cover.pdf", (int)n, interior);
}

int build_cover(const build_opts *o, const doc_book *book, const layout *lay, const fontset *fs, shaper *sh,
                const hyphenator *hy, const pm_doc *interior, const char *interior_out, diag_sink *d)
{
    pm_doc cover;
    pm_doc_init(&cover);
    int rc = BUILD_OK;
    if (cover_compose(book, lay, fs, sh, hy, interior->npages, d, &cover) != 0 || d->errors) {
        pm_doc_free(&cover);
        return BUILD_INPUT_ERRORS;
    }
    /* the interior's document settings: title, dates, fonts, PDF/X */
    cover.title = interior->title;
    cover.subtitle = interior->subtitle;
    cover.author = interior->author;
    cover.subject = interior->subject;
    cover.keywords = interior->keywords;
    cover.creator = interior->creator;
    cover.lang = interior->lang;
    cover.date = interior->date;
    cover.rights = interior->rights;
    cover.nfonts = interior->nfonts;
    memcpy(cover.font_paths, interior->font_paths, sizeof cover.font_paths);
    cover.pdfx = interior->pdfx;
    cover.output_condition = interior->output_condition;
    cover.output_registry = interior->output_registry;
    cover.output_info = interior->output_info;
    cover.output_profile = interior->output_profile;
    cover.tagged = 0; /* a cover is a picture with words, not a text to be read in order */
    char def[4200];
    const char *out = o->cover_out;
    if (!out) {
        cover_path(interior_out, def, sizeof def);
        out = def;
    }
    if (pdf_write(&cover, out, d) != 0) rc = BUILD_IO_ERROR;
    else if (o->verbose)
        fprintf(stderr, "folio: wrote %s (cover %.1f x %.1f mm, spine %.2f mm for %d pages)\n", out,
                FO_TO_PT(cover.page_w) * 25.4 / 72, FO_TO_PT(cover.page_h) * 25.4 / 72,
                FO_TO_PT(cover_spine_width(&lay->cover, interior->npages)) * 25.4 / 72, interior->npages);
    pm_doc_free(&cover);
    return rc;
}
