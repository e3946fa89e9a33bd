/* pdfcontent.c - a page's content stream, written by folio (see pdfparts.h).
 *
 * Drawing order: crop marks, then backgrounds, rules and images, then the
 * text over them. Text is written a line at a time: one text matrix where a
 * line starts and one TJ array for its glyphs, each placed where the page
 * model put it by the adjustment between where the viewer's pen stands
 * (the /W widths) and where the glyph belongs; a word space is printed as
 * the font's space glyph so that the text reads back with its spaces. A
 * font, size, scale, colour or rise change closes the array and opens
 * another on the same line. Glyphs that stand for other text than their
 * font's ToUnicode says (a compound's repeated hyphen) are wrapped in an
 * ActualText span. With tags, each run of content of one structure element
 * is a marked-content sequence with its MCID, and page furniture is marked
 * /Artifact (PDF 1.7, 14.6 and 14.8.2.2). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "pdfparts.h"

static double pt(fo_sp v) { return FO_TO_PT(v); }

/* ---------- colour ---------- */

void pdf_color_op(const pdf_ctx *x, pdfbuf *b, layout_color c, int stroke)
{
    float v[4] = {c.v[0], c.v[1], c.v[2], c.v[3]};
    int space = c.space;
    if (space == COLOR_CMYK && x->rgb_only) {
        /* a screen edition is RGB: naive conversion, as no profile describes the screen */
        for (int i = 0; i < 3; i++) v[i] = (1 - c.v[i]) * (1 - c.v[3]);
        space = COLOR_RGB;
    } else if (space == COLOR_RGB && x->pdfx) {
        /* never reached from a valid layout (RGB is refused there); kept CMYK for safety */
        float k = 1 - fmaxf(c.v[0], fmaxf(c.v[1], c.v[2]));
        for (int i = 0; i < 3; i++) v[i] = k < 1 ? (1 - c.v[i] - k) / (1 - k) : 0;
        v[3] = k;
        space = COLOR_CMYK;
    }
    if (space == COLOR_GRAY) {
        pdfbuf_num(b, v[0], 3);
        pdfbuf_str(b, stroke ? " G\n" : " g\n");
    } else if (space == COLOR_RGB) {
        for (int i = 0; i < 3; i++) {
            pdfbuf_num(b, v[i], 3);
            pdfbuf_char(b, ' ');
        }
        pdfbuf_str(b, stroke ? "RG\n" : "rg\n");
    } else {
        for (int i = 0; i < 4; i++) {
            pdfbuf_num(b, v[i], 3);
            pdfbuf_char(b, ' ');
        }
        pdfbuf_str(b, stroke ? "K\n" : "k\n");
    }
}

/* ---------- the writer's state for one page ---------- */

typedef struct content {
    pdf_ctx *x;
    pdfbuf b;
    double off, top;
    HPDF_Dict xobjects;   /* the page's /XObject resources, made on first use */
    /* text state (kept across BT/ET: it belongs to the graphics state) */
    int in_bt, in_tj, in_hex;
    pdf_font_use *font;
    double size, hscale, rise;
    int have_fill;
    layout_color fill;
    int in_line;
    double pen_x, line_y; /* where the viewer's pen stands, and the line's baseline */
    /* tagged PDF: the open marked-content sequence (never across BT/ET) */
    int page;
    int mark_open, mark_key;
    int joins;            /* the last run ended its line inside a word */
} content;

/* Marked-content keys: an element's id, or one of these artifacts. */
enum { KEY_ITEM = -1 /* the item's own */, KEY_PAGINATION = -2, KEY_LAYOUT = -3, KEY_PAGE = -4 };

static void tj_close(content *c)
{
    if (c->in_hex) pdfbuf_char(&c->b, '>');
    if (c->in_tj) pdfbuf_str(&c->b, "]TJ\n");
    c->in_hex = c->in_tj = 0;
}

static void mark_close(content *c)
{
    if (!c->mark_open) return;
    tj_close(c);
    pdfbuf_str(&c->b, "EMC\n");
    c->mark_open = 0;
}

static void utf16_hex(pdfbuf *b, const char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
        int cl;
        uint32_t cp = utf8_decode(text + i, n - i, &cl);
        i += (size_t)cl;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            pdfbuf_hex4(b, 0xD800 + (cp >> 10));
            pdfbuf_hex4(b, 0xDC00 + (cp & 0x3FF));
        } else pdfbuf_hex4(b, cp);
    }
}

/* Open the marked-content sequence an item belongs to (tagged PDF): its
 * element's, with the next MCID, or an artifact's (running heads and
 * folios: Pagination; rules, tints, leaders: Layout; crop marks: Page).
 * Content the composer gave no element is marked an artifact rather than
 * left untagged. */
static void mark(content *c, const pm_item *it, int key)
{
    pdf_ctx *x = c->x;
    if (!x->tags) return;
    if (key == KEY_ITEM && it) {
        if (it->artifact == PM_ART_PAGINATION) key = KEY_PAGINATION;
        else if (it->artifact || it->kind == PM_RULE || it->kind == PM_RECT || !pdf_tags_known(x->tags, it->sid))
            key = KEY_LAYOUT;
        else key = it->sid;
    }
    if (c->mark_open && key == c->mark_key) return;
    mark_close(c);
    if (key >= 0) {
        int mcid = pdf_tags_mcid(x->tags, c->page, key, it ? it->seq : key);
        pdfbuf_char(&c->b, '/');
        pdfbuf_str(&c->b, pdf_tags_role(x->tags, key));
        pdfbuf_str(&c->b, " <</MCID ");
        pdfbuf_num(&c->b, mcid, 0);
        pdfbuf_str(&c->b, ">> BDC\n");
    } else
        pdfbuf_str(&c->b, key == KEY_PAGINATION ? "/Artifact <</Type /Pagination>> BDC\n"
                          : key == KEY_PAGE    ? "/Artifact <</Type /Page>> BDC\n"
                                               : "/Artifact <</Type /Layout>> BDC\n");
    c->mark_open = 1;
    c->mark_key = key;
}

static void bt_close(content *c)
{
    tj_close(c);
    mark_close(c);
    if (c->in_bt) pdfbuf_str(&c->b, "ET\n");
    c->in_bt = 0;
    c->in_line = 0;
}

static void tj_open(content *c)
{
    if (!c->in_tj) pdfbuf_char(&c->b, '[');
    c->in_tj = 1;
}

/* A displacement of d points along the line, as a TJ number (thousandths
 * of the text space unit, subtracted: PDF 1.7, 9.4.3); the pen moves by
 * exactly what the rounded number says. */
static void tj_move(content *c, double d)
{
    double unit = c->size * c->hscale / 1000.0;
    long q = lround(-d / unit);
    if (q == 0) return;
    tj_open(c);
    if (c->in_hex) pdfbuf_char(&c->b, '>');
    c->in_hex = 0;
    pdfbuf_num(&c->b, (double)q, 0);
    c->pen_x -= (double)q * unit;
}

static void tj_glyph(content *c, unsigned gid)
{
    tj_open(c);
    if (!c->in_hex) pdfbuf_char(&c->b, '<');
    c->in_hex = 1;
    pdfbuf_hex4(&c->b, gid);
    c->pen_x += (double)pdf_font_width(c->font, gid) * c->size * c->hscale / 1000.0;
}

/* ActualText for a glyph cluster that must read as other text than its glyphs map to. */
/* A glyph cluster that must read as other text than its glyphs map to. In
 * a tagged page it gets a marked-content sequence of its own, the element's
 * next MCID with the ActualText in its properties (or, standing for no text
 * at all - a compound's repeated hyphen - an artifact): readers of the
 * structure follow one level of marked content, not a Span nested in it.
 * Untagged, a Span with ActualText around it. Returns the key to reopen
 * after it (or KEY_ITEM when nothing was open). */
static int actual_text_open(content *c, const pm_item *it, const char *text, size_t n)
{
    pdf_ctx *x = c->x;
    tj_close(c);
    if (x->tags && c->mark_open) {
        int key = c->mark_key;
        mark_close(c);
        if (n == 0 || key < 0) mark(c, it, n == 0 ? KEY_LAYOUT : key);
        else {
            int mcid = pdf_tags_mcid(x->tags, c->page, key, it->seq);
            pdfbuf_char(&c->b, '/');
            pdfbuf_str(&c->b, pdf_tags_role(x->tags, key));
            pdfbuf_str(&c->b, " <</MCID ");
            pdfbuf_num(&c->b, mcid, 0);
            pdfbuf_str(&c->b, " /ActualText <FEFF");
            utf16_hex(&c->b, text, n);
            pdfbuf_str(&c->b, ">>> BDC\n");
            c->mark_open = 1;
            c->mark_key = key;
        }
        return key;
    }
    pdfbuf_str(&c->b, "/Span <</ActualText <FEFF");
    utf16_hex(&c->b, text, n);
    pdfbuf_str(&c->b, ">>> BDC\n");
    return KEY_ITEM;
}

static void actual_text_close(content *c, const pm_item *it, int key)
{
    tj_close(c);
    if (key == KEY_ITEM) {
        pdfbuf_str(&c->b, "EMC\n");
        return;
    }
    mark_close(c);
    mark(c, it, key); /* the run's own sequence goes on, with a new MCID */
}

/* One text run: font, colour and position, then its glyphs cluster by cluster. */
static void text_run(content *c, const pm_item *it)
{
    pdf_ctx *x = c->x;
    pdf_font_use *f = pdf_font_get(x, it->font);
    if (!f || it->nglyphs <= 0) return;
    pm_glyph stack[64];
    pm_glyph *gl = it->nglyphs <= 64 ? stack : xmalloc(sizeof *gl * it->nglyphs);
    pm_run_glyphs(it, gl);
    int text_len;
    const char *text = pm_run_text(it, &text_len);
    double size = pt(it->size), hscale = it->hscale > 0 ? it->hscale : 1.0;
    double baseline = c->top - pt(it->y + it->rise), rise = pt(it->rise);
    double x0 = c->off + pt(it->x);
    int turn = pm_rotate(it);
    if (turn) x0 = 0; /* a turned run's pen is measured along its own baseline */
    if (!c->in_bt) {
        mark_close(c); /* a sequence never straddles BT */
        pdfbuf_str(&c->b, "BT\n");
        c->in_bt = 1;
        c->in_line = 0;
    }
    /* a new line where the baseline changes or the text goes back */
    int new_line = turn || !c->in_line || fabs(baseline - c->line_y) > 0.001 || x0 < c->pen_x - 1.0;
    /* each line of an element's text its own marked sequence: the structure's
     * text then keeps the break between lines (a word space, or a soft
     * hyphen to drop) instead of gluing the line's last word to the next */
    if (new_line && c->mark_open && c->mark_key >= 0 && !c->joins) mark_close(c);
    c->joins = (it->flags & PM_JOINS_NEXT) != 0; /* but a word broken at a hyphen stays in one sequence, read whole */
    mark(c, it, KEY_ITEM);
    if (f != c->font || fabs(size - c->size) > 1e-9) {
        tj_close(c);
        pdfbuf_char(&c->b, '/');
        pdfbuf_str(&c->b, pdf_font_resname(f));
        pdfbuf_char(&c->b, ' ');
        pdfbuf_num(&c->b, size, 3);
        pdfbuf_str(&c->b, " Tf\n");
        c->font = f;
        c->size = size;
    }
    if (fabs(hscale - c->hscale) > 1e-9) {
        tj_close(c);
        pdfbuf_num(&c->b, hscale * 100.0, 3);
        pdfbuf_str(&c->b, " Tz\n");
        c->hscale = hscale;
    }
    if (!c->have_fill || !layout_color_eq(c->fill, *pm_color(it))) {
        tj_close(c);
        pdf_color_op(x, &c->b, *pm_color(it), 0);
        c->fill = *pm_color(it);
        c->have_fill = 1;
    }
    if (new_line) {
        tj_close(c);
        if (turn) {
            /* one text matrix turned about the run's origin (PDF 1.7, 9.4.2): a spine */
            static const char *const m[4] = {"", "0 -1 1 0 ", "-1 0 0 -1 ", "0 1 -1 0 "};
            pdfbuf_str(&c->b, m[turn]);
            pdfbuf_num(&c->b, c->off + pt(it->x), 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, c->top - pt(it->y), 3);
        } else {
            pdfbuf_str(&c->b, "1 0 0 1 ");
            pdfbuf_num(&c->b, x0, 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, baseline, 3);
        }
        pdfbuf_str(&c->b, " Tm\n");
        c->in_line = !turn; /* the run after a turned one sets its own matrix */
        c->line_y = baseline;
        c->pen_x = x0;
    }
    if (fabs(rise - c->rise) > 1e-6) {
        tj_close(c);
        pdfbuf_num(&c->b, rise, 3);
        pdfbuf_str(&c->b, " Ts\n");
        c->rise = rise;
    }
    unsigned space = pdf_font_space(f);
    if ((it->flags & PM_SPACE_BEFORE) && space && x0 > c->pen_x) {
        pdf_font_glyph_text(f, space, " ", 1);
        tj_glyph(c, space);
    }
    int off = 0;
    for (int g = 0; g < it->nglyphs;) {
        /* a cluster: a glyph that starts one, and those that continue it */
        int end = g + 1;
        while (end < it->nglyphs && gl[end].nbytes == 0 && !gl[end].silent) end++;
        int nb = 0;
        for (int k = g; k < end; k++) nb += gl[k].nbytes;
        if (off + nb > text_len) nb = text_len - off;
        /* what the glyphs read as, against what they stand for */
        char natural[64];
        size_t nl = 0;
        int fits = 1;
        for (int k = g; k < end; k++) {
            const char *t = pdf_font_glyph_text(f, gl[k].gid, k == g ? text + off : "", k == g ? (size_t)nb : 0);
            size_t tl = strlen(t);
            if (nl + tl >= sizeof natural) fits = 0;
            else {
                memcpy(natural + nl, t, tl);
                nl += tl;
            }
        }
        int actual = !fits || nl != (size_t)nb || memcmp(natural, text + off, nl) != 0;
        int reopen = actual ? actual_text_open(c, it, text + off, (size_t)nb) : KEY_ITEM;
        for (int k = g; k < end; k++) {
            tj_move(c, x0 + pt(gl[k].x) - c->pen_x);
            tj_glyph(c, gl[k].gid);
        }
        if (actual) actual_text_close(c, it, reopen);
        off += nb;
        g = end;
    }
    if (gl != stack) free(gl);
}

/* ---------- graphics ---------- */

static void crop_marks(content *c, double w, double h, double bleed)
{
    pdf_ctx *x = c->x;
    /* marks at the trim corners, starting beyond the bleed, in the
     * registration colour (every plate) where a PDF/X printer expects it */
    double len = 6.0 * 72 / 25.4, gap = bleed + 2.0, off = c->off;
    double xs[2] = {off, off + w}, ys[2] = {off, off + h};
    pdfbuf_str(&c->b, "q\n0.25 w\n");
    if (x->cs_res) pdfbuf_str(&c->b, "/CSAll CS 1 SCN\n");
    else pdfbuf_str(&c->b, "0 G\n");
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double dx = i == 0 ? -1 : 1, dy = j == 0 ? -1 : 1;
            double px = xs[i], py = ys[j];
            pdfbuf_num(&c->b, px + dx * gap, 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, py, 3);
            pdfbuf_str(&c->b, " m ");
            pdfbuf_num(&c->b, px + dx * (gap + len), 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, py, 3);
            pdfbuf_str(&c->b, " l ");
            pdfbuf_num(&c->b, px, 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, py + dy * gap, 3);
            pdfbuf_str(&c->b, " m ");
            pdfbuf_num(&c->b, px, 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, py + dy * (gap + len), 3);
            pdfbuf_str(&c->b, " l\n");
        }
    /* fold marks (a cover's spine): the same strokes above and below the trim */
    for (int i = 0; i < x->doc->nfolds; i++)
        for (int j = 0; j < 2; j++) {
            double fx = off + pt(x->doc->folds[i]), dy = j == 0 ? -1 : 1;
            pdfbuf_num(&c->b, fx, 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, ys[j] + dy * gap, 3);
            pdfbuf_str(&c->b, " m ");
            pdfbuf_num(&c->b, fx, 3);
            pdfbuf_char(&c->b, ' ');
            pdfbuf_num(&c->b, ys[j] + dy * (gap + len), 3);
            pdfbuf_str(&c->b, " l\n");
        }
    pdfbuf_str(&c->b, "S\nQ\n");
}

static void rect(content *c, const pm_item *it)
{
    mark(c, it, KEY_ITEM);
    pdfbuf_str(&c->b, "q\n");
    pdf_color_op(c->x, &c->b, *pm_color(it), 0);
    pdfbuf_num(&c->b, c->off + pt(it->x), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, c->top - pt(it->y) - pt(it->h), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, pt(it->w), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, pt(it->h), 3);
    pdfbuf_str(&c->b, " re f\nQ\n");
}

static void rule(content *c, const pm_item *it)
{
    mark(c, it, KEY_ITEM);
    pdfbuf_str(&c->b, "q\n");
    pdfbuf_num(&c->b, pt(it->size > 0 ? it->size : FO_PT(0.4)), 3);
    pdfbuf_str(&c->b, " w\n");
    pdf_color_op(c->x, &c->b, *pm_color(it), 1);
    pdfbuf_num(&c->b, c->off + pt(it->x), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, c->top - pt(it->y), 3);
    pdfbuf_str(&c->b, " m ");
    pdfbuf_num(&c->b, c->off + pt(it->x + it->w), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, c->top - pt(it->y + it->h), 3);
    pdfbuf_str(&c->b, " l S\nQ\n");
}

static void image(content *c, HPDF_Page page, const pm_item *it, int *nimages)
{
    pdf_ctx *x = c->x;
    HPDF_Image img = pdf_image_get(x, it->ref);
    if (!img) return;
    if (!c->xobjects) {
        HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
        c->xobjects = HPDF_Dict_New(x->pdf->mmgr);
        if (!res || HPDF_Dict_Add(res, "XObject", c->xobjects) != HPDF_OK) {
            x->failed = 1;
            return;
        }
    }
    char name[16];
    snprintf(name, sizeof name, "Im%d", (*nimages)++);
    HPDF_Dict_Add(c->xobjects, name, img);
    mark(c, it, KEY_ITEM);
    pdfbuf_str(&c->b, "q\n");
    pdfbuf_num(&c->b, pt(it->w), 3);
    pdfbuf_str(&c->b, " 0 0 ");
    pdfbuf_num(&c->b, pt(it->h), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, c->off + pt(it->x), 3);
    pdfbuf_char(&c->b, ' ');
    pdfbuf_num(&c->b, c->top - pt(it->y) - pt(it->h), 3);
    pdfbuf_str(&c->b, " cm\n/");
    pdfbuf_str(&c->b, name);
    pdfbuf_str(&c->b, " Do\nQ\n");
}

int pdf_content_page(pdf_ctx *x, int p, HPDF_Page page, double off)
{
    const pm_doc *doc = x->doc;
    const pm_page *pg = pm_doc_page(doc, p);
    /* the page's links, for the annotations made once every page exists */
    for (int i = 0; i < pg->nitems; i++)
        if (pg->items[i].kind == PM_LINK) {
            x->links[p] = xrealloc(x->links[p], sizeof *x->links[p] * (size_t)(x->nlinks[p] + 1));
            x->links[p][x->nlinks[p]++] = pg->items[i];
        }
    content c;
    memset(&c, 0, sizeof c);
    c.x = x;
    c.off = off;
    c.top = off + pt(doc->page_h);
    c.hscale = 1.0;
    c.size = -1;
    c.page = p;
    if (doc->crop_marks) {
        mark(&c, NULL, KEY_PAGE);
        crop_marks(&c, pt(doc->page_w), pt(doc->page_h), pt(doc->bleed));
    }
    int nimages = 0;
    /* background pictures, then backgrounds and rules, then images, then the text over them */
    for (int i = 0; i < pg->nitems; i++)
        if (pg->items[i].kind == PM_IMAGE && pg->items[i].ref && pg->items[i].artifact == PM_ART_BACKGROUND)
            image(&c, page, &pg->items[i], &nimages);
    for (int i = 0; i < pg->nitems; i++) {
        const pm_item *it = &pg->items[i];
        if (it->kind == PM_RECT) rect(&c, it);
        else if (it->kind == PM_RULE) rule(&c, it);
    }
    for (int i = 0; i < pg->nitems; i++)
        if (pg->items[i].kind == PM_IMAGE && pg->items[i].ref && pg->items[i].artifact != PM_ART_BACKGROUND)
            image(&c, page, &pg->items[i], &nimages);
    for (int i = 0; i < pg->nitems; i++)
        if (pg->items[i].kind == PM_TEXT) text_run(&c, &pg->items[i]);
    bt_close(&c);

    /* the page's own content stream, deflated at our level */
    HPDF_Dict contents = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_DICT);
    int rc = contents ? pdf_stream_fill(x, contents, c.b.data, c.b.len, 1) : -1;
    pdfbuf_free(&c.b);
    if (rc) x->failed = 1;
    return rc;
}
