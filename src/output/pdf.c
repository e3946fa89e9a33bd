/* pdf.c - the document: libharu's object layer around folio's content
 * (see pdf.h and pdfparts.h). */
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "pdfparts.h"

#include <libdeflate.h>

static double pt(fo_sp v) { return FO_TO_PT(v); }

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    pdf_ctx *x = user;
    if (!x->failed)
        diag_error(x->d, diag_at(x->d, x->path, 0, 0), "libharu error 0x%04X (detail %u) while %s", (unsigned)error_no,
                   (unsigned)detail_no,
                   error_no == HPDF_INVALID_IMAGE || error_no == HPDF_INVALID_JPEG_DATA ||
                           error_no == HPDF_INVALID_PNG_IMAGE || error_no == HPDF_UNSUPPORTED_JPEG_FORMAT ||
                           error_no == HPDF_LIBPNG_ERROR
                       ? "reading this image (is it a PNG or a baseline JPEG?)"
                       : "writing the PDF");
    x->failed = 1;
}

/* ---------- helpers shared by the parts ---------- */

/* libharu writes /Filter only for the filters it applies itself: a stream
 * we deflated says so through the dictionary's write hook. */
static HPDF_STATUS flate_key(HPDF_Dict obj, HPDF_Stream stream)
{
    (void)obj;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

int pdf_stream_fill(pdf_ctx *x, HPDF_Dict s, const unsigned char *data, size_t n, int compress)
{
    int rc = 0;
    s->filter = HPDF_STREAM_FILTER_NONE;
    if (compress) {
        unsigned char *z = NULL;
        size_t zn = 0;
        if (pdf_deflate(x, data ? data : (const unsigned char *)"", n, &z, &zn) != 0 ||
            HPDF_Stream_Write(s->stream, z, (HPDF_UINT)zn) != HPDF_OK)
            rc = -1;
        else {
            s->write_fn = flate_key;
            pdf_fingerprint(x, z, zn);
        }
        free(z);
    } else if (n && HPDF_Stream_Write(s->stream, data, (HPDF_UINT)n) != HPDF_OK) rc = -1;
    else pdf_fingerprint(x, data, n);
    if (rc) x->failed = 1;
    return rc;
}

HPDF_Dict pdf_stream_object(pdf_ctx *x, const unsigned char *data, size_t n, int compress)
{
    HPDF_Dict s = HPDF_DictStream_New(x->pdf->mmgr, x->pdf->xref);
    if (!s || pdf_stream_fill(x, s, data, n, compress) != 0) return NULL;
    return s;
}

/* Two 64-bit lanes of a multiply-xorshift over whole words: the /ID needs
 * to follow the content, not to resist an attacker (MD5 cost a twentieth
 * of the writer's time). */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

void pdf_fingerprint(pdf_ctx *x, const void *data, size_t n)
{
    const unsigned char *b = data;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        x->id[0] = mix(x->id[0], w);
        x->id[1] = mix(x->id[1], w ^ 0x94D049BB133111EBULL);
    }
    uint64_t tail = n;
    for (; i < n; i++) tail = tail << 8 | b[i];
    x->id[0] = mix(x->id[0], tail);
    x->id[1] = mix(x->id[1], ~tail);
}

HPDF_Binary pdf_text_string(pdf_ctx *x, const char *utf8)
{
    size_t n = strlen(utf8);
    unsigned char *b = xmalloc(n * 4 + 2);
    size_t o = 0;
    b[o++] = 0xFE;
    b[o++] = 0xFF;
    for (size_t i = 0; i < n;) {
        int cl;
        uint32_t cp = utf8_decode(utf8 + i, n - i, &cl);
        i += (size_t)cl;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            uint32_t hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            b[o++] = (unsigned char)(hi >> 8);
            b[o++] = (unsigned char)hi;
            b[o++] = (unsigned char)(lo >> 8);
            b[o++] = (unsigned char)lo;
        } else {
            b[o++] = (unsigned char)(cp >> 8);
            b[o++] = (unsigned char)cp;
        }
    }
    HPDF_Binary s = HPDF_Binary_New(x->pdf->mmgr, b, (HPDF_UINT)o);
    free(b);
    return s;
}

/* ---------- the document ---------- */

static void set_box(pdf_ctx *x, HPDF_Page page, const char *name, double x0, double y0, double x1, double y1)
{
    HPDF_Box box = {(HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1, (HPDF_REAL)y1};
    HPDF_Dict_Add(page, name, HPDF_Box_Array_New(x->pdf->mmgr, box));
}

/* The registration colour for crop marks: every plate (PDF 1.7, 8.6.6.4). */
static HPDF_Dict registration_colour(pdf_ctx *x)
{
    HPDF_MMgr mm = x->pdf->mmgr;
    HPDF_Dict fn = HPDF_Dict_New(mm);
    HPDF_Dict_AddNumber(fn, "FunctionType", 2);
    HPDF_Array dom = HPDF_Array_New(mm), c0 = HPDF_Array_New(mm), c1 = HPDF_Array_New(mm);
    HPDF_Array_AddNumber(dom, 0);
    HPDF_Array_AddNumber(dom, 1);
    for (int i = 0; i < 4; i++) {
        HPDF_Array_AddNumber(c0, 0);
        HPDF_Array_AddNumber(c1, 1);
    }
    HPDF_Dict_Add(fn, "Domain", dom);
    HPDF_Dict_Add(fn, "C0", c0);
    HPDF_Dict_Add(fn, "C1", c1);
    HPDF_Dict_AddNumber(fn, "N", 1);
    HPDF_Array cs = HPDF_Array_New(mm);
    HPDF_Array_AddName(cs, "Separation");
    HPDF_Array_AddName(cs, "All");
    HPDF_Array_AddName(cs, "DeviceCMYK");
    HPDF_Array_Add(cs, fn);
    HPDF_Dict res = HPDF_Dict_New(mm);
    HPDF_Xref_Add(x->pdf->xref, res);
    HPDF_Dict_Add(res, "CSAll", cs);
    return res;
}

/* "D:YYYYMMDDHHmmSSZ" dates: SOURCE_DATE_EPOCH when set (reproducible
 * builds), else the edition's date; none without either (same input, same
 * bytes: never the clock). */
static int doc_date(const pm_doc *doc, HPDF_Date *dt)
{
    memset(dt, 0, sizeof *dt);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        time_t t = (time_t)strtoll(sde, NULL, 10);
        struct tm tm;
        gmtime_r(&t, &tm);
        *dt = (HPDF_Date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
        return 1;
    }
    int y, m, d;
    if (doc->date && sscanf(doc->date, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        *dt = (HPDF_Date){y, m, d, 0, 0, 0, 'Z', 0, 0};
        return 1;
    }
    return 0;
}

static void info(pdf_ctx *x)
{
    const pm_doc *doc = x->doc;
    HPDF_Doc pdf = x->pdf;
    if (doc->title) HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, doc->title);
    if (doc->author) HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, doc->author);
    if (doc->subject) HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, doc->subject);
    if (doc->keywords) HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, doc->keywords);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, doc->creator ? doc->creator : "folio");
    HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, doc->creator ? doc->creator : "folio");
    HPDF_Date dt;
    if (doc_date(doc, &dt)) {
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, dt);
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, dt);
    }
    HPDF_Dict_AddName(pdf->info, "Trapped", "False");
    if (x->pdfx) {
        HPDF_Dict_Add(pdf->info, "GTS_PDFXVersion", HPDF_String_New(pdf->mmgr, "PDF/X-1:2001", NULL));
        HPDF_Dict_Add(pdf->info, "GTS_PDFXConformance", HPDF_String_New(pdf->mmgr, "PDF/X-1a:2001", NULL));
    }
    if (doc->title) pdf_fingerprint(x, doc->title, strlen(doc->title));
}

/* The print condition the file is made for (ISO 15930-1: /S /GTS_PDFX). */
static void output_intent(pdf_ctx *x)
{
    const pm_doc *doc = x->doc;
    HPDF_MMgr mm = x->pdf->mmgr;
    HPDF_Dict oi = HPDF_Dict_New(mm);
    HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    HPDF_Dict_AddName(oi, "S", "GTS_PDFX");
    const char *id = doc->output_condition ? doc->output_condition : "Custom";
    HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, id, NULL));
    HPDF_Dict_Add(oi, "OutputCondition", HPDF_String_New(mm, doc->output_info ? doc->output_info : id, NULL));
    HPDF_Dict_Add(oi, "RegistryName",
                  HPDF_String_New(mm, doc->output_registry ? doc->output_registry : "http://www.color.org", NULL));
    HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, doc->output_info ? doc->output_info : id, NULL));
    if (doc->output_profile) {
        FILE *f = fopen(doc->output_profile, "rb");
        if (f) {
            pdfbuf b = {0};
            char chunk[65536];
            size_t got;
            while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) pdfbuf_put(&b, chunk, got);
            fclose(f);
            HPDF_Dict icc = pdf_stream_object(x, b.data, b.len, 1);
            if (icc) {
                HPDF_Dict_AddNumber(icc, "N", 4);
                HPDF_Dict_Add(oi, "DestOutputProfile", icc);
            }
            pdfbuf_free(&b);
        }
    }
    HPDF_Array arr = HPDF_Array_New(mm);
    HPDF_Array_Add(arr, oi);
    HPDF_Dict_Add(x->pdf->catalog, "OutputIntents", arr);
}

/* [page /XYZ null top null]: the target's place, zoom and left edge as the
 * reader has them (libharu 2.3's SetXYZ refuses a zoom of "unchanged"). */
static HPDF_Destination dest(pdf_ctx *x, HPDF_Page *pages, int page, fo_sp y, double off)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(pages[page]);
    if (dst && y > 0) {
        HPDF_MMgr mm = x->pdf->mmgr;
        HPDF_Array_Clear(dst);
        HPDF_Array_Add(dst, pages[page]);
        HPDF_Array_AddName(dst, "XYZ");
        HPDF_Array_Add(dst, HPDF_Null_New(mm));
        HPDF_Array_AddReal(dst, (HPDF_REAL)(off + pt(x->doc->page_h) - pt(y)));
        HPDF_Array_Add(dst, HPDF_Null_New(mm));
    }
    return dst;
}

static void links(pdf_ctx *x, HPDF_Page *pages, double off)
{
    const pm_doc *doc = x->doc;
    for (int p = 0; p < doc->npages && !x->failed; p++) {
        double top = off + pt(doc->page_h);
        for (int i = 0; i < x->nlinks[p]; i++) {
            const pm_item *it = &x->links[p][i];
            HPDF_Rect r = {(HPDF_REAL)(off + pt(it->x)), (HPDF_REAL)(top - pt(it->y) - pt(it->h)),
                           (HPDF_REAL)(off + pt(it->x + it->w)), (HPDF_REAL)(top - pt(it->y))};
            HPDF_Annotation a;
            if (it->dest_page >= 0 && it->dest_page < doc->npages)
                a = HPDF_Page_CreateLinkAnnot(pages[p], r, dest(x, pages, it->dest_page, it->dest_y, off));
            else if (it->ref && !(it->flags & PM_TO_ID)) a = HPDF_Page_CreateURILinkAnnot(pages[p], r, it->ref);
            else continue;
            if (!a) continue;
            HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
            /* tagged: the annotation belongs to its Link element (an OBJR kid),
             * and the page's tab order follows the structure */
            if (x->tags && pdf_tags_known(x->tags, it->sid)) {
                HPDF_Dict_AddNumber(a, "StructParent", pdf_tags_annot(x->tags, p, it->sid, it->seq, a));
                if (!HPDF_Dict_GetItem(pages[p], "Tabs", HPDF_OCLASS_NAME)) HPDF_Dict_AddName(pages[p], "Tabs", "S");
            }
        }
    }
}

/* Text for XML: & < > " escaped. */
static void xml_text(pdfbuf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '&') pdfbuf_str(b, "&amp;");
        else if (*s == '<') pdfbuf_str(b, "&lt;");
        else if (*s == '>') pdfbuf_str(b, "&gt;");
        else if (*s == '"') pdfbuf_str(b, "&quot;");
        else pdfbuf_char(b, *s);
    }
}

/* The XMP metadata stream (ISO 16684-1), saying what Info says: title,
 * author, subject, language, rights, producer, dates. Left uncompressed so
 * that any tool can find it. */
static void xmp(pdf_ctx *x)
{
    const pm_doc *doc = x->doc;
    pdfbuf b = {0};
    pdfbuf_str(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    pdfbuf_str(&b, "   <dc:format>application/pdf</dc:format>\n");
    if (doc->title) {
        pdfbuf_str(&b, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(&b, doc->title);
        pdfbuf_str(&b, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (doc->author) {
        pdfbuf_str(&b, "   <dc:creator><rdf:Seq><rdf:li>");
        xml_text(&b, doc->author);
        pdfbuf_str(&b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (doc->subject) {
        pdfbuf_str(&b, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(&b, doc->subject);
        pdfbuf_str(&b, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    if (doc->lang) {
        pdfbuf_str(&b, "   <dc:language><rdf:Bag><rdf:li>");
        xml_text(&b, doc->lang);
        pdfbuf_str(&b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    if (doc->rights) {
        pdfbuf_str(&b, "   <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(&b, doc->rights);
        pdfbuf_str(&b, "</rdf:li></rdf:Alt></dc:rights>\n");
    }
    const char *producer = doc->creator ? doc->creator : "folio";
    pdfbuf_str(&b, "   <pdf:Producer>");
    xml_text(&b, producer);
    pdfbuf_str(&b, "</pdf:Producer>\n   <xmp:CreatorTool>");
    xml_text(&b, producer);
    pdfbuf_str(&b, "</xmp:CreatorTool>\n");
    HPDF_Date dt;
    if (doc_date(doc, &dt)) {
        char when[40];
        snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", dt.year, dt.month, dt.day, dt.hour, dt.minutes,
                 dt.seconds);
        pdfbuf_str(&b, "   <xmp:CreateDate>");
        pdfbuf_str(&b, when);
        pdfbuf_str(&b, "</xmp:CreateDate>\n   <xmp:ModifyDate>");
        pdfbuf_str(&b, when);
        pdfbuf_str(&b, "</xmp:ModifyDate>\n   <xmp:MetadataDate>");
        pdfbuf_str(&b, when);
        pdfbuf_str(&b, "</xmp:MetadataDate>\n");
    }
    pdfbuf_str(&b, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    HPDF_Dict s = pdf_stream_object(x, b.data, b.len, 0);
    if (s) {
        HPDF_Dict_AddName(s, "Type", "Metadata");
        HPDF_Dict_AddName(s, "Subtype", "XML");
        HPDF_Dict_Add(x->pdf->catalog, "Metadata", s);
    }
    pdfbuf_free(&b);
}

static void labels_and_outline(pdf_ctx *x, HPDF_Page *pages, double off)
{
    const pm_doc *doc = x->doc;
    HPDF_Doc pdf = x->pdf;
    /* page labels: lower-case roman for the front matter, arabic from the first body page */
    if (doc->npages > 0) {
        int first_arabic = -1;
        for (int p = 0; p < doc->npages; p++)
            if (!doc->pages[p].roman) { first_arabic = p; break; }
        if (first_arabic != 0) HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
        if (first_arabic >= 0) HPDF_AddPageLabel(pdf, (HPDF_UINT)first_arabic, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    }
    if (doc->noutlines <= 0) return;
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    HPDF_Outline parents[8] = {0}; /* the last entry of each level */
    for (int i = 0; i < doc->noutlines && !x->failed; i++) {
        const pm_outline *o = &doc->outlines[i];
        int level = o->level < 0 ? 0 : o->level > 7 ? 7 : o->level;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 0 && !parent; l--) parent = parents[l];
        HPDF_Outline node = HPDF_CreateOutline(pdf, parent, o->title, enc);
        if (!node) continue;
        if (o->page >= 0 && o->page < doc->npages) HPDF_Outline_SetDestination(node, dest(x, pages, o->page, o->y, off));
        HPDF_Outline_SetOpened(node, HPDF_FALSE);
        parents[level] = node;
        for (int l = level + 1; l < 8; l++) parents[l] = NULL;
    }
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* Build the whole document in libharu; 0 when it is ready to save. */
static int render(pdf_ctx *x)
{
    const pm_doc *doc = x->doc;
    HPDF_Doc pdf = x->pdf;
    /* libharu compresses only the raw images it builds; everything else we deflate */
    HPDF_SetCompressionMode(pdf, HPDF_COMP_IMAGE);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    x->id[0] = 0x243F6A8885A308D3ULL; /* any two distinct seeds */
    x->id[1] = 0x13198A2E03707344ULL;
    x->font_res = HPDF_Dict_New(pdf->mmgr);
    HPDF_Xref_Add(pdf->xref, x->font_res);
    x->fonts = pdf_fonts_new(x);
    x->images = pdf_images_new();
    /* tagged PDF for screen editions (PDF/X-1a is PDF 1.3, before tags) */
    if (doc->tagged && !x->pdfx && doc->nstructs > 0) x->tags = pdf_tags_new(doc);
    if (doc->crop_marks) x->cs_res = registration_colour(x);

    double off = pt(doc->bleed) + (doc->crop_marks ? 10.0 * 72 / 25.4 : 0.0);
    double W = pt(doc->page_w), H = pt(doc->page_h), B = pt(doc->bleed);
    HPDF_Page *pages = xcalloc((size_t)doc->npages + 1, sizeof *pages);
    x->links = xcalloc((size_t)doc->npages + 1, sizeof *x->links);
    x->nlinks = xcalloc((size_t)doc->npages + 1, sizeof *x->nlinks);
    for (int p = 0; p < doc->npages && !x->failed; p++) {
        HPDF_Page page = HPDF_AddPage(pdf);
        if (!page) break;
        pages[p] = page;
        HPDF_Page_SetWidth(page, (HPDF_REAL)(W + 2 * off));
        HPDF_Page_SetHeight(page, (HPDF_REAL)(H + 2 * off));
        set_box(x, page, "TrimBox", off, off, off + W, off + H);
        if (doc->bleed > 0) set_box(x, page, "BleedBox", off - B, off - B, off + W + B, off + H + B);
        HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
        if (res) {
            HPDF_Dict_Add(res, "Font", x->font_res);
            if (x->cs_res) HPDF_Dict_Add(res, "ColorSpace", x->cs_res);
        }
        pdf_content_page(x, p, page, off);
    }
    if (!x->pdfx && !x->failed) links(x, pages, off);
    if (!x->failed) labels_and_outline(x, pages, off);
    if (x->tags && !x->failed && pdf_tags_finish(x, pages) != 0) x->failed = 1;
    free(pages);
    if (!x->failed) pdf_fonts_finish(x);
    if (x->failed) return -1;
    info(x);
    if (x->pdfx) output_intent(x);
    if (doc->lang && *doc->lang) HPDF_Dict_Add(pdf->catalog, "Lang", pdf_text_string(x, doc->lang));
    if (!x->pdfx) {
        /* readers show the title, not the file name (PDF/UA asks for it) */
        HPDF_Dict vp = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
        HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
        xmp(x);
    }
    /* the file's identity, from its content: builds stay byte-identical */
    HPDF_BYTE digest[16];
    for (int i = 0; i < 16; i++) digest[i] = (HPDF_BYTE)(x->id[i / 8] >> (8 * (i % 8)));
    HPDF_Array id = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, digest, 16));
    HPDF_Dict_Add(pdf->trailer, "ID", id);
    /* PDF/X-1a:2001 is PDF 1.3 (ISO 15930-1); the screen edition PDF 1.7 */
    pdf->pdf_version = x->pdfx ? HPDF_VER_13 : HPDF_VER_17;
    return x->failed ? -1 : 0;
}

static int start(pdf_ctx *x, const pm_doc *doc, diag_sink *d, const char *path)
{
    memset(x, 0, sizeof *x);
    x->doc = doc;
    x->d = d;
    x->path = path;
    x->pdfx = doc->pdfx != NULL;
    x->rgb_only = !x->pdfx;
    x->pdf = HPDF_New(on_error, x);
    if (!x->pdf) {
        diag_error(d, diag_at(d, path, 0, 0), "libharu could not start");
        return -1;
    }
    return render(x);
}

static void finish(pdf_ctx *x)
{
    for (int p = 0; x->links && x->doc && p < x->doc->npages; p++) free(x->links[p]);
    free(x->links);
    free(x->nlinks);
    pdf_tags_free(x->tags);
    if (x->deflater) libdeflate_free_compressor(x->deflater);
    pdf_fonts_free(x->fonts);
    pdf_images_free(x->images);
    if (x->pdf) HPDF_Free(x->pdf);
}

int pdf_write(const pm_doc *doc, const char *out_path, diag_sink *d)
{
    pdf_ctx x;
    int rc = start(&x, doc, d, out_path);
    if (rc == 0) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
        x.path = tmp;
        /* say why a file cannot be written, which libharu's error code does not */
        FILE *probe = fopen(tmp, "wb");
        if (!probe) {
            diag_error(d, diag_at(d, out_path, 0, 0), "cannot write the PDF: %s", strerror(errno));
            rc = -1;
        } else {
            fclose(probe);
            if (HPDF_SaveToFile(x.pdf, tmp) != HPDF_OK || x.failed) {
                if (!x.failed) diag_error(d, diag_at(d, out_path, 0, 0), "cannot write the PDF");
                unlink(tmp);
                rc = -1;
            } else if (rename(tmp, out_path) != 0) {
                diag_error(d, diag_at(d, out_path, 0, 0), "cannot replace the PDF: %s", strerror(errno));
                unlink(tmp);
                rc = -1;
            }
        }
    }
    finish(&x);
    return rc;
}

int pdf_write_mem(const pm_doc *doc, unsigned char **data, size_t *len, diag_sink *d)
{
    pdf_ctx x;
    *data = NULL;
    *len = 0;
    int rc = start(&x, doc, d, "(memory)");
    if (rc == 0 && HPDF_SaveToStream(x.pdf) == HPDF_OK && !x.failed) {
        HPDF_UINT32 n = HPDF_GetStreamSize(x.pdf);
        unsigned char *buf = xmalloc(n ? n : 1);
        HPDF_UINT32 got = n;
        HPDF_ResetStream(x.pdf);
        if (HPDF_ReadFromStream(x.pdf, buf, &got) != HPDF_OK && got != n) {
            free(buf);
            rc = -1;
        } else {
            *data = buf;
            *len = got;
        }
    } else rc = -1;
    finish(&x);
    return rc;
}
