/* pdfparts.h - the PDF writer's parts, shared by the files of src/output/.
 *
 * Not a public header: build.c sees only pdf.h. The writer is split the way
 * a PDF is: a byte buffer with number formatting and deflate (pdfbuf.c),
 * fonts embedded as subset CID fonts (pdffont.c), images with their colour
 * converted for print (pdfimage.c), one content stream per page
 * (pdfcontent.c), the logical structure of a tagged PDF (pdftags.c), and
 * the document around them, written with libharu's object layer (pdf.c).
 * Every part reports into the same writer context. */
#ifndef FOLIO_PDFPARTS_H
#define FOLIO_PDFPARTS_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "../base/diag.h"
#include "../compose/pagemodel.h"

/* ---------- bytes ---------- */

typedef struct pdfbuf {
    unsigned char *data;
    size_t len, cap;
} pdfbuf;

void pdfbuf_put(pdfbuf *b, const void *data, size_t n);
void pdfbuf_str(pdfbuf *b, const char *s);
void pdfbuf_char(pdfbuf *b, char c);
/* A number with at most `decimals` places, no trailing zeros ("12.5", "-3"). */
void pdfbuf_num(pdfbuf *b, double v, int decimals);
/* Four hex digits of a 16-bit code ("00A3"). */
void pdfbuf_hex4(pdfbuf *b, unsigned v);
void pdfbuf_free(pdfbuf *b);


/* ---------- the writer's context ---------- */

typedef struct pdf_fonts pdf_fonts;
typedef struct pdf_images pdf_images;
typedef struct pdf_tags pdf_tags;

typedef struct pdf_ctx {
    HPDF_Doc pdf;
    const pm_doc *doc;
    diag_sink *d;
    const char *path;     /* for messages */
    int failed;
    int pdfx;             /* PDF/X-1a: gray and CMYK only, no annotations */
    int rgb_only;         /* screen: every colour written as RGB */
    pdf_fonts *fonts;
    pdf_images *images;
    pdf_tags *tags;       /* NULL: not tagged */
    HPDF_Dict font_res;   /* /Font resources, shared by every page */
    HPDF_Dict cs_res;     /* /ColorSpace resources (the registration colour), shared */
    struct libdeflate_compressor *deflater;
    uint64_t id[2];       /* running fingerprint of what is written, for the trailer's /ID */
    /* the links of each page, kept as its content is written (pages are
     * drawn once, one at a time: pm_doc_page), annotated once all pages exist */
    pm_item **links;
    int *nlinks;
} pdf_ctx;

/* Deflate (zlib format) at a speed-first level (pdfbuf.c says which); out is malloc'ed. */
int pdf_deflate(pdf_ctx *x, const unsigned char *in, size_t n, unsigned char **out, size_t *outlen);

/* A stream object holding data (deflated by us when compress is set: the
 * level is ours, not libharu's). Returns NULL after an error. */
HPDF_Dict pdf_stream_object(pdf_ctx *x, const unsigned char *data, size_t n, int compress);
/* Fill an existing stream object (a page's /Contents) the same way. */
int pdf_stream_fill(pdf_ctx *x, HPDF_Dict s, const unsigned char *data, size_t n, int compress);
/* Fold bytes into the document's fingerprint (its /ID). */
void pdf_fingerprint(pdf_ctx *x, const void *data, size_t n);
/* A text string (UTF-8 in) written as UTF-16BE with a byte order mark. */
HPDF_Binary pdf_text_string(pdf_ctx *x, const char *utf8);

/* ---------- fonts (pdffont.c) ---------- */

pdf_fonts *pdf_fonts_new(pdf_ctx *x);
/* The resource name of font id (/F3) and the font's data for writing runs;
 * NULL when the font cannot be used (reported). */
typedef struct pdf_font_use pdf_font_use;
pdf_font_use *pdf_font_get(pdf_ctx *x, int font);
const char *pdf_font_resname(const pdf_font_use *f);
/* The width a viewer advances after gid (/W, in 1/1000 em). */
int pdf_font_width(pdf_font_use *f, unsigned gid);
/* The text gid maps to in the font's ToUnicode, assigned when the glyph is
 * first printed (standing for text[0..n)); marks the glyph used. */
const char *pdf_font_glyph_text(pdf_font_use *f, unsigned gid, const char *text, size_t n);
/* Record that gid is printed standing for text[0..n). Returns 1 when the
 * font's ToUnicode maps gid to exactly that text, 0 when the glyph must be
 * wrapped in an ActualText span to read back right. */
int pdf_font_use_glyph(pdf_font_use *f, unsigned gid, const char *text, size_t n);
/* The glyph of U+0020 (0 when the font has none): word spaces are printed. */
unsigned pdf_font_space(pdf_font_use *f);
/* Subset and embed every font used, with /W and ToUnicode. */
int pdf_fonts_finish(pdf_ctx *x);
void pdf_fonts_free(pdf_fonts *fs);

/* ---------- images (pdfimage.c) ---------- */

pdf_images *pdf_images_new(void);
/* The image XObject for the file at path (loaded once, colour converted for
 * PDF/X), or NULL after an error (reported). */
HPDF_Image pdf_image_get(pdf_ctx *x, const char *path);
void pdf_images_free(pdf_images *im);

/* ---------- tagged PDF (pdftags.c) ---------- */

pdf_tags *pdf_tags_new(const pm_doc *doc);
void pdf_tags_free(pdf_tags *t);
/* Whether sid names an element of the tree. */
int pdf_tags_known(const pdf_tags *t, int sid);
/* The structure type's name of sid ("P"): the tag of its marked content. */
const char *pdf_tags_role(const pdf_tags *t, int sid);
/* The next MCID of page for content of element sid, produced at seq. */
int pdf_tags_mcid(pdf_tags *t, int page, int sid, int seq);
/* An annotation (a link) of element sid on page; returns its /StructParent. */
int pdf_tags_annot(pdf_tags *t, int page, int sid, int seq, HPDF_Dict annot);
/* Write the structure tree, the ParentTree and the catalog's keys. */
int pdf_tags_finish(pdf_ctx *x, HPDF_Page *pages);

/* ---------- content (pdfcontent.c) ---------- */

/* Write page p of the document into page's content stream. */
int pdf_content_page(pdf_ctx *x, int p, HPDF_Page page, double off);

/* ---------- colour ---------- */

/* The fill or stroke operator for c in this edition ("0 0 0 1 k", "0 g", "0.1 0.3 0.5 rg"). */
void pdf_color_op(const pdf_ctx *x, pdfbuf *b, layout_color c, int stroke);

#endif
