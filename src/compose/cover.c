/* cover.c - the cover laid out as one page (see cover.h).
 *
 * Coordinates are sp from the top-left corner of the cover's trim, y
 * downwards, as on every page: the back occupies [0, tw), the spine
 * [tw, tw + spine), the front [tw + spine, 2 tw + spine); backgrounds run
 * out into the bleed on every side. Text is set with para_set in the
 * layout's styles and placed line by line, as the page builder places a
 * chapter's lines. */
#include "cover.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <zint.h>

#include "../base/xalloc.h"
#include "../input/image.h"
#include "../input/isbn.h"
#include "para.h"

typedef struct cover_ctx {
    const doc_book *book;
    const layout *lay;
    const layout_cover *cv;
    diag_sink *d;
    para_env env;
    arena mem;            /* the set lines (their items are copied into the page model) */
    pm_doc *out;
    pm_page *page;
    fo_sp tw, th, spine;  /* the page's trim and the spine */
    fo_sp m;              /* the front's and back's margin (never less than the safe distance) */
    vline *lines;         /* scratch for set_text */
    int nlines, cap;
} cover_ctx;

static double mm(fo_sp v) { return FO_TO_PT(v) * 25.4 / 72.0; }

fo_sp cover_spine_width(const layout_cover *c, int pages)
{
    int leaves = (pages + 1) / 2;
    return (fo_sp)((int64_t)leaves * c->caliper + c->allowance);
}

/* ---------- text ---------- */

/* Set text (plain) or content (inline markup) at measure in style st into
 * c->lines (emptied first); the first line indented by indent (-1: the
 * style's), aligned as align says (ALIGN_DEFAULT: the style's). Returns the
 * number of lines. */
static int set_text(cover_ctx *c, const char *text, const doc_inline *content, const layout_style *st, fo_sp measure,
                    fo_sp indent, doc_align align)
{
    para_opts o;
    memset(&o, 0, sizeof o);
    o.style = st;
    o.measure = measure;
    o.indent = indent;
    o.hyphenate = -1;
    o.no_expansion = 1;
    o.align = align;
    c->nlines = 0;
    return content ? para_set(&c->env, content, &o, &c->lines, &c->nlines, &c->cap)
                   : para_set_text(&c->env, text, &o, &c->lines, &c->nlines, &c->cap);
}

/* Put a set line's items on the page at (x, baseline). */
static void put_line(cover_ctx *c, const vline *vl, fo_sp x, fo_sp baseline)
{
    for (int k = 0; k < vl->nitems; k++) {
        pm_item it = vl->items[k];
        it.x += pm_sp_of(x);
        it.y += pm_sp_of(baseline);
        *pm_add(c->page, (pm_kind)it.kind) = it;
    }
}

/* The height of c->lines stacked: the first line's ascent, a leading per
 * further line, the last line's descent. */
static fo_sp lines_height(const cover_ctx *c)
{
    if (c->nlines == 0) return 0;
    fo_sp h = c->lines[0].ascent + c->lines[c->nlines - 1].descent;
    for (int i = 1; i < c->nlines; i++) h += c->lines[i].leading;
    return h;
}

/* Put c->lines with their tops at top; returns where the last one ends. */
static fo_sp put_lines(cover_ctx *c, fo_sp x, fo_sp top)
{
    if (c->nlines == 0) return top;
    fo_sp baseline = top + c->lines[0].ascent;
    for (int i = 0; i < c->nlines; i++) {
        if (i > 0) baseline += c->lines[i].leading;
        put_line(c, &c->lines[i], x, baseline);
    }
    return baseline + c->lines[c->nlines - 1].descent;
}

static const layout_style *style(const cover_ctx *c, const char *name, const char *fallback)
{
    return layout_style_or(c->lay, name, fallback);
}

/* ---------- backgrounds ---------- */

static void rect(cover_ctx *c, fo_sp x, fo_sp y, fo_sp w, fo_sp h, layout_color col, pm_artifact artifact)
{
    pm_item *it = pm_add(c->page, PM_RECT);
    it->x = pm_sp_of(x);
    it->y = pm_sp_of(y);
    it->w = pm_sp_of(w);
    it->h = pm_sp_of(h);
    it->color = pm_keep_color(c->out, col);
    it->artifact = (uint8_t)artifact;
}

/* A background picture filling [x, x + w) x [y, y + h): stretched to it,
 * with a warning when that distorts it by more than 2 % (the picture should
 * be made to the side's size with its bleed). */
static void background_image(cover_ctx *c, const char *path, diag_loc loc, const char *side, fo_sp x, fo_sp y, fo_sp w,
                             fo_sp h)
{
    image_info info;
    char why[256];
    if (image_check(path, &info, why, sizeof why) != 0) return; /* reported when the layout was read */
    double want = (double)w / (double)h, has = (double)info.width / (double)info.height;
    if (fabs(has / want - 1.0) > 0.02)
        diag_warning(c->d, loc,
                     "the %s image is %ld x %ld pixels and fills %.1f x %.1f mm with its bleed: it is stretched by "
                     "%.0f %% (make it %.0f pixels wide for its height)",
                     side, info.width, info.height, mm(w), mm(h), fabs(want / has - 1.0) * 100.0,
                     want * (double)info.height);
    pm_item *it = pm_add(c->page, PM_IMAGE);
    it->x = pm_sp_of(x);
    it->y = pm_sp_of(y);
    it->w = pm_sp_of(w);
    it->h = pm_sp_of(h);
    it->ref = arena_strdup(&c->out->mem, path);
    it->artifact = PM_ART_BACKGROUND;
}

/* The background colour in one piece, to the bleed, except under a side's
 * picture (a picture is drawn before every rectangle, so no colour may lie
 * over it); the spine's own colour over it. One piece, not three: a
 * renderer's anti-aliasing would show the seams between abutting pieces. */
static void backgrounds(cover_ctx *c)
{
    const layout_cover *cv = c->cv;
    fo_sp b = cv->bleed, front_x = c->tw + c->spine, right = 2 * c->tw + c->spine + b;
    if (cv->back_image)
        background_image(c, cv->back_image, cv->back_image_loc, "back", -b, -b, c->tw + b, c->th + 2 * b);
    if (cv->front_image)
        background_image(c, cv->front_image, cv->front_image_loc, "front", front_x, -b, c->tw + b, c->th + 2 * b);
    fo_sp x0 = cv->back_image ? c->tw : -b, x1 = cv->front_image ? front_x : right;
    if (cv->has_background && x1 > x0) rect(c, x0, -b, x1 - x0, c->th + 2 * b, cv->background, PM_ART_BACKGROUND);
    if (cv->has_spine_background && c->spine > 0)
        rect(c, c->tw, -b, c->spine, c->th + 2 * b, cv->spine_background, PM_ART_BACKGROUND);
}

/* ---------- the front ---------- */

static void front(cover_ctx *c)
{
    const doc_book *bk = c->book;
    const layout_cover *cv = c->cv;
    fo_sp x = c->tw + c->spine + c->m, measure = c->tw - 2 * c->m, y = c->m;
    const layout_style *st_title = style(c, cv->style_title, "title");
    const layout_style *st_sub = style(c, cv->style_subtitle, "subtitle");
    const layout_style *st_author = style(c, cv->style_author, "publisher");
    const layout_style *st_pub = style(c, cv->style_publisher, "publisher");
    if (bk->title && set_text(c, bk->title, NULL, st_title, measure, 0, ALIGN_DEFAULT) > 0) y = put_lines(c, x, y);
    if (bk->subtitle && set_text(c, bk->subtitle, NULL, st_sub, measure, 0, ALIGN_DEFAULT) > 0)
        y = put_lines(c, x, y + st_sub->leading / 2 + st_sub->space_before);
    for (int i = 0; i < bk->nauthors; i++)
        if (set_text(c, bk->authors[i], NULL, st_author, measure, 0, ALIGN_DEFAULT) > 0)
            y = put_lines(c, x, y + (i == 0 ? st_author->leading + st_author->space_before : 0));
    if (bk->publisher && set_text(c, bk->publisher, NULL, st_pub, measure, 0, ALIGN_DEFAULT) > 0) {
        fo_sp top = c->th - c->m - lines_height(c);
        if (top < y)
            diag_warning(c->d, cv->loc, "the front cover's title, subtitle and authors run %.1f mm into the publisher",
                         mm(y - top));
        put_lines(c, x, top);
    }
}

/* ---------- the spine ---------- */

/* How far the ink of a set line reaches above (*top) and below (*bottom,
 * negative) its baseline: the glyphs' own outlines, not the font's
 * ascender and descender, so that a spine is judged by what it prints. */
static void line_ink(const cover_ctx *c, const vline *vl, fo_sp *top, fo_sp *bottom)
{
    *top = *bottom = 0;
    for (int k = 0; k < vl->nitems; k++) {
        const pm_item *it = &vl->items[k];
        if (it->kind != PM_TEXT) continue;
        const fo_font *f = &c->env.fs->fonts[it->font];
        for (int g = 0; g < it->nglyphs; g++) {
            int t, b;
            font_ink(c->env.fs, it->font, it->word->glyphs[it->g0 + g].gid, &t, &b);
            fo_sp ts = font_units_to_sp(f, it->size, t) - it->y, bs = font_units_to_sp(f, it->size, b) - it->y;
            if (ts > *top) *top = ts;
            if (bs < *bottom) *bottom = bs;
        }
    }
}

/* Put the line set in c->lines[0] along the spine, its baseline at bx, its
 * start at distance `from` from the spine's starting end (the top when the
 * spine reads top to bottom, else the bottom). */
static void put_turned(cover_ctx *c, fo_sp bx, fo_sp from)
{
    const vline *vl = &c->lines[0];
    int up = c->cv->spine_up;
    for (int k = 0; k < vl->nitems; k++) {
        pm_item it = vl->items[k];
        if (it.kind != PM_TEXT) continue;
        fo_sp along = from + it.x;
        it.flags = (uint8_t)((it.flags & ~(3 << PM_ROTATE_SHIFT)) | (up ? 3 : 1) << PM_ROTATE_SHIFT);
        it.x = pm_sp_of(bx);
        it.y = pm_sp_of(up ? c->th - along : along);
        *pm_add(c->page, PM_TEXT) = it;
    }
}

static void spine(cover_ctx *c, int pages)
{
    const doc_book *bk = c->book;
    const layout_cover *cv = c->cv;
    const layout_style *st = style(c, cv->style_spine, "publisher");
    if (!bk->title) return;
    fo_sp length = c->th - 2 * c->m; /* the spine's text keeps the front's margin from the head and foot */
    fo_sp wide = FO_PT(10000); /* one line, however long: its length is judged below */
    if (set_text(c, bk->title, NULL, st, wide, 0, ALIGN_LEFT) != 1) return;
    fo_sp title_w = c->lines[0].natural, top, bottom;
    line_ink(c, &c->lines[0], &top, &bottom);
    fo_sp pub_w = 0;
    if (bk->publisher && set_text(c, bk->publisher, NULL, st, wide, 0, ALIGN_LEFT) == 1) {
        fo_sp t, b;
        pub_w = c->lines[0].natural;
        line_ink(c, &c->lines[0], &t, &b);
        if (t > top) top = t;
        if (b < bottom) bottom = b;
    }
    fo_sp need = top - bottom + 2 * cv->spine_margin;
    if (c->spine < need) {
        diag_note(c->d, cv->loc,
                  "the spine is %.2f mm wide (%d page%s): too thin for its text, which needs %.2f mm with its "
                  "spine-margin; the spine is left blank",
                  mm(c->spine), pages, pages == 1 ? "" : "s", mm(need));
        return;
    }
    if (title_w > length) {
        diag_note(c->d, cv->loc, "the title is %.1f mm long in the spine's style and the spine has %.1f mm for it: "
                  "the spine is left blank", mm(title_w), mm(length));
        return;
    }
    fo_sp gap = st->size * 2;
    if (pub_w > 0 && title_w + gap + pub_w > length) {
        diag_note(c->d, cv->loc, "the spine has no room for the publisher beside the title: only the title is printed");
        pub_w = 0;
    }
    /* the ink centred across the spine: glyphs stand towards the front
     * (top to bottom) or the back (bottom to top) of their baseline */
    fo_sp centre = c->tw + c->spine / 2, mid = (top + bottom) / 2;
    fo_sp bx = cv->spine_up ? centre + mid : centre - mid;
    set_text(c, bk->title, NULL, st, wide, 0, ALIGN_LEFT);
    put_turned(c, bx, c->m);
    if (pub_w > 0) {
        set_text(c, bk->publisher, NULL, st, wide, 0, ALIGN_LEFT);
        put_turned(c, bx, c->th - c->m - pub_w);
    }
}

/* ---------- the back: blurb and barcode ---------- */

/* The EAN-13 of the ISBN's 13 digits, its right edge at right and its foot
 * at bottom, on a white plate with "ISBN …" above the bars: libzint's
 * vector symbol (one unit a module, with the quiet zones), every bar a
 * filled rectangle in black ink, every group of digits set in the layout's
 * font at the symbol's size. Returns the plate's top, or bottom when the
 * symbol cannot be made (reported). */
static fo_sp barcode(cover_ctx *c, const char *digits, fo_sp right, fo_sp bottom)
{
    const doc_book *bk = c->book;
    struct zint_symbol *s = ZBarcode_Create();
    if (!s) {
        diag_error(c->d, bk->isbn_loc, "libzint could not start");
        return bottom;
    }
    s->symbology = BARCODE_EANX;
    s->scale = 0.5f;       /* vector output: one unit a module */
    s->height = 69.242424f; /* GS1: bars 22.85 mm tall at 0.33 mm modules */
    s->show_hrt = 1;
    int rc = ZBarcode_Encode(s, (const unsigned char *)digits, 13);
    if (rc < ZINT_ERROR) rc = ZBarcode_Buffer_Vector(s, 0);
    if (rc >= ZINT_ERROR || !s->vector) {
        diag_error(c->d, bk->isbn_loc, "libzint cannot draw the ISBN's barcode: %s", s->errtxt);
        ZBarcode_Delete(s);
        return bottom;
    }
    double unit = (double)FO_MM(0.33) * c->cv->barcode_scale; /* sp a module */
    const layout_style *st = style(c, c->cv->style_isbn, c->cv->style_back);
    fo_sp pad = FO_MM(1.5), sym_w = (fo_sp)lround(s->vector->width * unit),
          sym_h = (fo_sp)lround(s->vector->height * unit);
    char label[160];
    snprintf(label, sizeof label, "ISBN %s", bk->isbn);
    fo_sp label_w = para_text_width(&c->env, st, label);
    fo_sp plate_w = (label_w > sym_w ? label_w : sym_w) + 2 * pad;
    set_text(c, label, NULL, st, label_w + FO_PT(1), 0, ALIGN_LEFT);
    fo_sp label_h = lines_height(c);
    fo_sp plate_h = pad + label_h + pad / 2 + sym_h + pad;
    fo_sp px = right - plate_w, py = bottom - plate_h;
    /* the plate is the barcode's (its quiet zones), not the cover's background; grey level 1 is paper */
    rect(c, px, py, plate_w, plate_h, (layout_color){COLOR_GRAY, {1, 0, 0, 0}}, PM_CONTENT);
    put_lines(c, px + (plate_w - label_w) / 2, py + pad);
    fo_sp sx = px + (plate_w - sym_w) / 2, sy = py + pad + label_h + pad / 2;
    for (const struct zint_vector_rect *r = s->vector->rectangles; r; r = r->next) {
        pm_item *it = pm_add(c->page, PM_RECT);
        it->x = pm_sp_of(sx + (fo_sp)lround(r->x * unit));
        it->y = pm_sp_of(sy + (fo_sp)lround(r->y * unit));
        it->w = pm_sp_of((fo_sp)lround(r->width * unit));
        it->h = pm_sp_of((fo_sp)lround(r->height * unit));
        it->color = &pm_black;
    }
    /* the human-readable digits: libzint gives each group's baseline, size and alignment */
    layout_style digit_st = *st;
    digit_st.uppercase = 0;
    digit_st.letter_spacing = 0;
    int font = fontset_pick(c->env.fs, st->family, 0, 0);
    for (const struct zint_vector_string *t = s->vector->strings; t; t = t->next) {
        digit_st.size = (fo_sp)lround(t->fsize * unit);
        const char *text = (const char *)t->text;
        fo_sp w = para_text_width(&c->env, &digit_st, text);
        fo_sp x = sx + (fo_sp)lround(t->x * unit);
        x -= t->halign == 0 ? w / 2 : t->halign == 2 ? w : 0;
        pm_item it = para_run(&c->env, font, digit_st.size, &pm_black, text);
        it.x = pm_sp_of(x);
        it.y = pm_sp_of(sy + (fo_sp)lround(t->y * unit));
        *pm_add(c->page, PM_TEXT) = it;
    }
    ZBarcode_Delete(s);
    return py;
}

static void back(cover_ctx *c)
{
    const doc_book *bk = c->book;
    fo_sp x = c->m, measure = c->tw - 2 * c->m, y = c->m, floor_y = c->th - c->m;
    char digits[14], why[256];
    if (bk->isbn && isbn_parse(bk->isbn, digits, why, sizeof why) == 0)
        floor_y = barcode(c, digits, c->tw - c->m, c->th - c->m) - c->cv->safe;
    if (!bk->blurb) return;
    const layout_style *st = style(c, c->cv->style_back, "body");
    int first = 1;
    for (const doc_block *p = bk->blurb; p; p = p->next, first = 0) {
        if (!first) y += st->space_after + st->space_before;
        if (set_text(c, NULL, p->content, st, measure, first ? 0 : -1, ALIGN_DEFAULT) > 0) y = put_lines(c, x, y);
    }
    if (y > floor_y)
        diag_error(c->d, bk->blurb_loc,
                   "the back-cover text does not fit: it needs %.1f mm and the back has %.1f mm%s; shorten it or "
                   "give the layout's back-style a smaller size",
                   mm(y - c->m), mm(floor_y - c->m), bk->isbn ? " above the barcode" : "");
}

/* ---------- the cover ---------- */

int cover_compose(const doc_book *book, const layout *lay, const fontset *fs, shaper *sh, const hyphenator *hy,
                  int pages, diag_sink *d, pm_doc *out)
{
    int errors0 = d->errors;
    const layout_cover *cv = &lay->cover;
    if (!cv->present) {
        diag_error(d, diag_at(d, lay->path, 0, 0),
                   "the layout has no <cover>: a cover needs at least the paper's caliper (<cover caliper=\"0.1mm\"/>)");
        return -1;
    }
    cover_ctx c;
    memset(&c, 0, sizeof c);
    c.book = book;
    c.lay = lay;
    c.cv = cv;
    c.d = d;
    arena_init(&c.mem, 64 * 1024);
    c.env = (para_env){.lay = lay, .fs = fs, .sh = sh, .hy = hy, .d = d, .mem = &c.mem};
    c.out = out;
    c.tw = lay->page_w;
    c.th = lay->page_h;
    c.spine = cover_spine_width(cv, pages);
    c.m = cv->margin > cv->safe ? cv->margin : cv->safe;
    out->page_w = 2 * c.tw + c.spine;
    out->page_h = c.th;
    out->bleed = cv->bleed;
    out->crop_marks = 1;
    out->folds[0] = c.tw;
    out->folds[1] = c.tw + c.spine;
    out->nfolds = 2;
    c.page = pm_new_page(out);
    c.page->folio = 1;
    backgrounds(&c);
    front(&c);
    spine(&c, pages);
    back(&c);
    free(c.lines);
    arena_free(&c.mem);
    return d->errors > errors0 ? -1 : 0;
}
