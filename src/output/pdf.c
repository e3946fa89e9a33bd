/* pdf.c - see pdf.h. */
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

typedef struct {
    diag_sink *d;
    const char *path;
    int failed;
} pdf_ctx;

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    pdf_ctx *ctx = user;
    if (!ctx->failed)
        diag_error(ctx->d, diag_at(ctx->d, ctx->path, 0, 0), "libharu error 0x%04X (detail %u) while %s",
                   (unsigned)error_no, (unsigned)detail_no,
                   error_no == HPDF_INVALID_IMAGE || error_no == HPDF_INVALID_JPEG_DATA ||
                           error_no == HPDF_INVALID_PNG_IMAGE || error_no == HPDF_UNSUPPORTED_JPEG_FORMAT ||
                           error_no == HPDF_LIBPNG_ERROR
                       ? "reading this image (is it a PNG or a baseline JPEG?)"
                       : "writing the PDF");
    ctx->failed = 1;
}

static double pt(fo_sp v) { return FO_TO_PT(v); }

static void set_box(HPDF_Doc pdf, HPDF_Page page, const char *name, double x0, double y0, double x1, double y1)
{
    HPDF_Box box = {(HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1};
    HPDF_Array arr = HPDF_Box_Array_New(pdf->mmgr, box);
    HPDF_Dict_Add(page, name, arr);
}

static void crop_marks(HPDF_Page page, double off, double w, double h, double bleed)
{
    /* marks at the trim corners, starting beyond the bleed */
    double len = 6.0 * 72 / 25.4, gap = bleed + 2.0;
    double xs[2] = {off, off + w}, ys[2] = {off, off + h};
    HPDF_Page_SetLineWidth(page, 0.25);
    HPDF_Page_SetRGBStroke(page, 0, 0, 0);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j];
            double dx = i == 0 ? -1 : 1, dy = j == 0 ? -1 : 1;
            HPDF_Page_MoveTo(page, (HPDF_REAL)(x + dx * gap), (HPDF_REAL)y);
            HPDF_Page_LineTo(page, (HPDF_REAL)(x + dx * (gap + len)), (HPDF_REAL)y);
            HPDF_Page_MoveTo(page, (HPDF_REAL)x, (HPDF_REAL)(y + dy * gap));
            HPDF_Page_LineTo(page, (HPDF_REAL)x, (HPDF_REAL)(y + dy * (gap + len)));
        }
    HPDF_Page_Stroke(page);
}

/* libharu 2.3.0 gives a UTF-8 font, as its /ToUnicode, the CID CMap that
 * maps codes to CIDs ("begincidrange"), which is not a ToUnicode CMap: tools
 * that read it strictly cannot map the text back. With the UTF-8 encoder the
 * codes written are the characters' own UTF-16 values, so the right
 * ToUnicode is the identity: rewrite the stream as bfranges (one per high
 * byte, as a range may not cross one; surrogates left out). */
static void fix_to_unicode(HPDF_Font font)
{
    HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream) return;
    HPDF_MemStream_FreeData(tu->stream);
    HPDF_Stream s = tu->stream;
    HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    char line[64];
    int blocks[256], n = 0;
    for (int hi = 0; hi < 256; hi++)
        if (hi < 0xD8 || hi > 0xDF) blocks[n++] = hi;
    for (int k = 0; k < n; k += 100) {
        int m = n - k < 100 ? n - k : 100; /* at most 100 entries a section */
        snprintf(line, sizeof line, "%d beginbfrange\n", m);
        HPDF_Stream_WriteStr(s, line);
        for (int q = k; q < k + m; q++) {
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", blocks[q], blocks[q], blocks[q]);
            HPDF_Stream_WriteStr(s, line);
        }
        HPDF_Stream_WriteStr(s, "endbfrange\n");
    }
    HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_Dict_RemoveElement(tu, "CMapName");
    HPDF_Dict_RemoveElement(tu, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(tu, "WMode");
    HPDF_Dict_RemoveElement(tu, "Type");
}

/* The whole writer; the file is written (out_path) or the bytes returned
 * (mem, mem_len) - pdf_write and pdf_write_mem below. */
static int pdf_emit(const pm_doc *doc, const char *out_path, unsigned char **mem, size_t *mem_len, diag_sink *d)
{
    pdf_ctx ctx = {d, out_path, 0};
    HPDF_Doc pdf = HPDF_New(on_error, &ctx);
    if (!pdf) {
        diag_error(d, diag_at(d, out_path, 0, 0), "libharu could not start");
        return -1;
    }
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");

    HPDF_Font fonts[64] = {0};
    for (int i = 0; i < doc->nfonts && i < 64; i++) {
        const char *name = HPDF_LoadTTFontFromFile(pdf, doc->font_paths[i], HPDF_TRUE);
        if (name) fonts[i] = HPDF_GetFont(pdf, name, "UTF-8");
        if (fonts[i]) fix_to_unicode(fonts[i]);
    }
    if (ctx.failed) goto fail;

    /* document info (UTF-8) */
    if (doc->title) HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, doc->title);
    if (doc->author) HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, doc->author);
    if (doc->subject) HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, doc->subject);
    if (doc->keywords) HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, doc->keywords);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, doc->creator ? doc->creator : "folio");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "folio (libharu)");
    {
        /* dates only when asked for: same input, same bytes (SOURCE_DATE_EPOCH) */
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        if (sde && *sde) {
            time_t t = (time_t)strtoll(sde, NULL, 10);
            struct tm tm;
            gmtime_r(&t, &tm);
            HPDF_Date dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
            HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
            HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
        }
    }

    double off = pt(doc->bleed) + (doc->crop_marks ? 10.0 * 72 / 25.4 : 0.0);
    double W = pt(doc->page_w), H = pt(doc->page_h);
    HPDF_Page *pages = calloc((size_t)doc->npages + 1, sizeof *pages);
    for (int p = 0; p < doc->npages && !ctx.failed; p++) {
        const pm_page *pg = &doc->pages[p];
        HPDF_Page page = HPDF_AddPage(pdf);
        pages[p] = page;
        HPDF_Page_SetWidth(page, (HPDF_REAL)(W + 2 * off));
        HPDF_Page_SetHeight(page, (HPDF_REAL)(H + 2 * off));
        set_box(pdf, page, "TrimBox", off, off, off + W, off + H);
        if (doc->bleed > 0)
            set_box(pdf, page, "BleedBox", off - pt(doc->bleed), off - pt(doc->bleed), off + W + pt(doc->bleed),
                    off + H + pt(doc->bleed));
        if (doc->crop_marks) crop_marks(page, off, W, H, pt(doc->bleed));
        double top = off + H; /* y in the model grows down from the trim's top */
        /* fills and rules first (backgrounds), then images, then text */
        for (int i = 0; i < pg->nitems; i++) {
            const pm_item *it = &pg->items[i];
            if (it->kind == PM_RECT) {
                HPDF_Page_SetRGBFill(page, (HPDF_REAL)it->color.r, (HPDF_REAL)it->color.g, (HPDF_REAL)it->color.b);
                HPDF_Page_Rectangle(page, (HPDF_REAL)(off + pt(it->x)), (HPDF_REAL)(top - pt(it->y) - pt(it->h)),
                                    (HPDF_REAL)pt(it->w), (HPDF_REAL)pt(it->h));
                HPDF_Page_Fill(page);
            } else if (it->kind == PM_RULE) {
                HPDF_Page_SetLineWidth(page, (HPDF_REAL)pt(it->size > 0 ? it->size : FO_PT(0.4)));
                HPDF_Page_SetRGBStroke(page, (HPDF_REAL)it->color.r, (HPDF_REAL)it->color.g, (HPDF_REAL)it->color.b);
                HPDF_Page_MoveTo(page, (HPDF_REAL)(off + pt(it->x)), (HPDF_REAL)(top - pt(it->y)));
                HPDF_Page_LineTo(page, (HPDF_REAL)(off + pt(it->x + it->w)), (HPDF_REAL)(top - pt(it->y + it->h)));
                HPDF_Page_Stroke(page);
            } else if (it->kind == PM_IMAGE && it->text) {
                size_t n = strlen(it->text);
                HPDF_Image img = NULL;
                /* a libharu error while reading the image names the image */
                const char *saved = ctx.path;
                ctx.path = it->text;
                if (n > 4 && (!strcmp(it->text + n - 4, ".png") || !strcmp(it->text + n - 4, ".PNG")))
                    img = HPDF_LoadPngImageFromFile(pdf, it->text);
                else img = HPDF_LoadJpegImageFromFile(pdf, it->text);
                ctx.path = saved;
                if (img)
                    HPDF_Page_DrawImage(page, img, (HPDF_REAL)(off + pt(it->x)), (HPDF_REAL)(top - pt(it->y) - pt(it->h)),
                                        (HPDF_REAL)pt(it->w), (HPDF_REAL)pt(it->h));
            }
        }
        int in_text = 0;
        HPDF_Font cur_font = NULL;
        double cur_size = -1, cur_scale = -1, cur_r = -1, cur_g = -1, cur_b = -1;
        for (int i = 0; i < pg->nitems; i++) {
            const pm_item *it = &pg->items[i];
            if (it->kind != PM_TEXT || it->font < 0 || it->font >= 64 || !fonts[it->font]) continue;
            if (!in_text) {
                HPDF_Page_BeginText(page);
                in_text = 1;
            }
            double size = pt(it->size);
            if (fonts[it->font] != cur_font || size != cur_size) {
                HPDF_Page_SetFontAndSize(page, fonts[it->font], (HPDF_REAL)size);
                cur_font = fonts[it->font];
                cur_size = size;
            }
            if (it->hscale != cur_scale) {
                HPDF_Page_SetHorizontalScalling(page, (HPDF_REAL)(it->hscale * 100.0));
                cur_scale = it->hscale;
            }
            if (it->color.r != cur_r || it->color.g != cur_g || it->color.b != cur_b) {
                HPDF_Page_SetRGBFill(page, (HPDF_REAL)it->color.r, (HPDF_REAL)it->color.g, (HPDF_REAL)it->color.b);
                cur_r = it->color.r;
                cur_g = it->color.g;
                cur_b = it->color.b;
            }
            HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, (HPDF_REAL)(off + pt(it->x)), (HPDF_REAL)(top - pt(it->y)));
            HPDF_Page_ShowText(page, it->text);
        }
        if (in_text) HPDF_Page_EndText(page);
    }
    /* links (they need every page to exist) */
    for (int p = 0; p < doc->npages && !ctx.failed; p++) {
        const pm_page *pg = &doc->pages[p];
        double top = off + H;
        for (int i = 0; i < pg->nitems; i++) {
            const pm_item *it = &pg->items[i];
            if (it->kind != PM_LINK) continue;
            HPDF_Rect r = {(HPDF_REAL)(off + pt(it->x)), (HPDF_REAL)(top - pt(it->y) - pt(it->h)),
                           (HPDF_REAL)(off + pt(it->x + it->w)), (HPDF_REAL)(top - pt(it->y))};
            HPDF_Annotation a;
            if (it->dest_page >= 0 && it->dest_page < doc->npages) {
                HPDF_Destination dst = HPDF_Page_CreateDestination(pages[it->dest_page]);
                a = HPDF_Page_CreateLinkAnnot(pages[p], r, dst);
            } else if (it->text) a = HPDF_Page_CreateURILinkAnnot(pages[p], r, it->text);
            else continue;
            if (a) HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        }
    }
    /* page labels: lower-case roman for the front matter, arabic from the first body page */
    if (doc->npages > 0) {
        int first_arabic = -1;
        for (int p = 0; p < doc->npages; p++)
            if (!doc->pages[p].roman) { first_arabic = p; break; }
        if (first_arabic != 0) HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
        if (first_arabic >= 0) HPDF_AddPageLabel(pdf, (HPDF_UINT)first_arabic, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    }
    /* the outline */
    if (doc->noutlines > 0) {
        HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
        HPDF_Outline parents[8] = {0}; /* the last entry of each level */
        for (int i = 0; i < doc->noutlines && !ctx.failed; i++) {
            const pm_outline *o = &doc->outlines[i];
            int level = o->level < 0 ? 0 : o->level > 7 ? 7 : o->level;
            HPDF_Outline parent = NULL;
            for (int l = level - 1; l >= 0 && !parent; l--) parent = parents[l];
            HPDF_Outline node = HPDF_CreateOutline(pdf, parent, o->title, enc);
            if (!node) continue;
            if (o->page >= 0 && o->page < doc->npages) {
                HPDF_Destination dst = HPDF_Page_CreateDestination(pages[o->page]);
                HPDF_Outline_SetDestination(node, dst);
            }
            HPDF_Outline_SetOpened(node, HPDF_FALSE);
            parents[level] = node;
            for (int l = level + 1; l < 8; l++) parents[l] = NULL;
        }
        HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    }
    free(pages);
    if (ctx.failed) goto fail;

    if (mem) {
        /* libharu's own memory stream, copied out to a buffer the caller frees */
        if (HPDF_SaveToStream(pdf) != HPDF_OK || ctx.failed) goto mem_fail;
        HPDF_ResetStream(pdf);
        HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
        unsigned char *buf = malloc(size ? size : 1);
        HPDF_UINT32 got = 0;
        while (buf && got < size) {
            HPDF_UINT32 n = size - got;
            HPDF_STATUS st = HPDF_ReadFromStream(pdf, buf + got, &n);
            got += n;
            if (n == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF)) break;
        }
        if (!buf || got != size || ctx.failed) {
            free(buf);
            goto mem_fail;
        }
        *mem = buf;
        *mem_len = size;
    } else {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
        ctx.path = tmp;
        /* say why a file cannot be written, which libharu's error code does not */
        FILE *probe = fopen(tmp, "wb");
        if (!probe) {
            diag_error(d, diag_at(d, out_path, 0, 0), "cannot write the PDF: %s", strerror(errno));
            goto fail;
        }
        fclose(probe);
        if (HPDF_SaveToFile(pdf, tmp) != HPDF_OK || ctx.failed) {
            if (!ctx.failed) diag_error(d, diag_at(d, out_path, 0, 0), "cannot write the PDF");
            unlink(tmp);
            goto fail;
        }
        if (rename(tmp, out_path) != 0) {
            diag_error(d, diag_at(d, out_path, 0, 0), "cannot replace the PDF: %s", strerror(errno));
            unlink(tmp);
            goto fail;
        }
    }
    HPDF_Free(pdf);
    return 0;
mem_fail:
    if (!ctx.failed) diag_error(d, diag_at(d, NULL, 0, 0), "cannot write the PDF to memory");
fail:
    HPDF_Free(pdf);
    return -1;
}

int pdf_write(const pm_doc *doc, const char *out_path, diag_sink *d)
{
    return pdf_emit(doc, out_path, NULL, NULL, d);
}

int pdf_write_mem(const pm_doc *doc, unsigned char **data, size_t *len, diag_sink *d)
{
    *data = NULL;
    *len = 0;
    return pdf_emit(doc, NULL, data, len, d);
}
