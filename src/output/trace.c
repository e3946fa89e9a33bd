/* trace.c - see trace.h. */
#include "trace.h"

void trace_write(const pm_doc *doc, FILE *out)
{
    fprintf(out, "document %d pages %.2fx%.2fpt bleed %.2f\n", doc->npages, FO_TO_PT(doc->page_w), FO_TO_PT(doc->page_h),
            FO_TO_PT(doc->bleed));
    for (int p = 0; p < doc->npages; p++) {
        const pm_page *pg = pm_doc_page(doc, p);
        fprintf(out, "page %d folio %d%s", p + 1, pg->folio, pg->roman ? " roman" : "");
        if (pg->short_lines > 0) fprintf(out, " short %d", pg->short_lines); /* the page ends above its last baseline */
        fprintf(out, "\n");
        for (int i = 0; i < pg->nitems; i++) {
            const pm_item *it = &pg->items[i];
            switch (it->kind) {
            case PM_TEXT:
                fprintf(out, "  text %.2f %.2f f%d %.2f", FO_TO_PT(it->x), FO_TO_PT(it->y), it->font, FO_TO_PT(it->size));
                if (it->hscale != 1.0f) fprintf(out, " tz%.3f", it->hscale);
                if (pm_rotate(it)) fprintf(out, " rot%d", pm_rotate(it) * 90);
                /* a line-end hyphen is U+00AD in the model (it reads back as the
                 * whole word); the trace shows what is printed: "-" */
                fputs(" \"", out);
                int len;
                const char *text = pm_run_text(it, &len);
                for (int k = 0; k < len; k++) {
                    if (k + 1 < len && (unsigned char)text[k] == 0xC2 && (unsigned char)text[k + 1] == 0xAD) {
                        fputc('-', out);
                        k++;
                    } else fputc(text[k], out);
                }
                fputs("\"\n", out);
                break;
            case PM_RULE:
                fprintf(out, "  rule %.2f %.2f %.2f %.2f w%.2f\n", FO_TO_PT(it->x), FO_TO_PT(it->y), FO_TO_PT(it->w),
                        FO_TO_PT(it->h), FO_TO_PT(it->size));
                break;
            case PM_RECT:
                fprintf(out, "  rect %.2f %.2f %.2f %.2f\n", FO_TO_PT(it->x), FO_TO_PT(it->y), FO_TO_PT(it->w), FO_TO_PT(it->h));
                break;
            case PM_IMAGE:
                fprintf(out, "  image %.2f %.2f %.2f %.2f %s\n", FO_TO_PT(it->x), FO_TO_PT(it->y), FO_TO_PT(it->w),
                        FO_TO_PT(it->h), it->ref ? it->ref : "");
                break;
            case PM_LINK:
                fprintf(out, "  link %.2f %.2f %.2f %.2f -> %s%d\n", FO_TO_PT(it->x), FO_TO_PT(it->y), FO_TO_PT(it->w),
                        FO_TO_PT(it->h), it->dest_page >= 0 ? "page " : "uri ", it->dest_page + 1);
                break;
            }
        }
    }
    for (int i = 0; i < doc->noutlines; i++)
        fprintf(out, "outline %d \"%s\" page %d\n", doc->outlines[i].level, doc->outlines[i].title, doc->outlines[i].page + 1);
}
