/* pagemodel.c - see pagemodel.h. */
#include "pagemodel.h"

#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

void pm_doc_init(pm_doc *d)
{
    memset(d, 0, sizeof *d);
    arena_init(&d->mem, 512 * 1024);
}

const layout_color pm_black = {COLOR_GRAY, {0, 0, 0, 0}};

void pm_doc_free(pm_doc *d)
{
    if (d->draw_free) d->draw_free(d->draw_user);
    if (d->scratch) free(d->scratch->items);
    free(d->scratch);
    for (int i = 0; i < d->npages; i++) free(d->pages[i].items);
    free(d->pages);
    free(d->outlines);
    free(d->structs);
    arena_free(&d->mem);
    memset(d, 0, sizeof *d);
}

void pm_doc_reset(pm_doc *d)
{
    if (d->draw_free) d->draw_free(d->draw_user);
    if (d->scratch) free(d->scratch->items);
    free(d->scratch);
    for (int i = 0; i < d->npages; i++) free(d->pages[i].items);
    free(d->pages);
    free(d->outlines);
    arena kept = d->mem;
    pm_struct *structs = d->structs;
    int structs_cap = d->structs_cap;
    memset(d, 0, sizeof *d);
    if (!kept.block_size) arena_init(&kept, 512 * 1024); /* never initialised */
    arena_reset(&kept);
    d->mem = kept;
    d->structs = structs;
    d->structs_cap = structs_cap;
}

pm_page *pm_new_page(pm_doc *d)
{
    VEC_GROW(d->pages, d->npages, d->cap);
    pm_page *p = &d->pages[d->npages++];
    memset(p, 0, sizeof *p);
    return p;
}

pm_item *pm_add(pm_page *p, pm_kind kind)
{
    VEC_GROW(p->items, p->nitems, p->cap);
    pm_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = (uint8_t)kind;
    it->hscale = 1.0f;
    if (kind == PM_LINK) it->dest_page = -1;
    it->sid = -1;
    it->seq = -1;
    return it;
}

void pm_run_glyphs(const pm_item *it, pm_glyph *out)
{
    const shaped_word *w = it->word;
    int silent = (it->flags & PM_SILENT) != 0;
    fo_sp x = 0;
    for (int k = 0; k < it->nglyphs; k++) {
        const shaped_glyph *g = &w->glyphs[it->g0 + k];
        out[k].gid = (uint16_t)g->gid;
        out[k].nbytes = silent ? 0 : (uint8_t)(g->cluster_len > 255 ? 255 : g->cluster_len);
        out[k].silent = (uint8_t)silent;
        out[k].x = pm_sp_of(x);
        /* as para.c's render_pbox places them: font_units_to_sp, scaled, plus the spacing */
        int64_t units = g->advance;
        fo_sp adv = (fo_sp)((units * it->size + (units >= 0 ? w->upem / 2 : -w->upem / 2)) / w->upem);
        x += (fo_sp)((double)adv * (double)it->hscale) + it->letter_spacing;
    }
}

const char *pm_run_text(const pm_item *it, int *len)
{
    *len = 0;
    if (it->kind != PM_TEXT || !it->word || (it->flags & PM_SILENT)) return "";
    const shaped_word *w = it->word;
    const char *start = NULL;
    int n = 0;
    for (int k = 0; k < it->nglyphs; k++) {
        const shaped_glyph *g = &w->glyphs[it->g0 + k];
        if (!g->cluster_len) continue;
        if (!start) start = w->text + g->cluster; /* clusters run in order (LTR, monotone) */
        n += g->cluster_len > 255 ? 255 : (int)g->cluster_len;
    }
    *len = n;
    return start ? start : "";
}

void pm_doc_set_drawer(pm_doc *d, void (*draw)(void *user, int page, pm_page *into), void (*draw_free)(void *user),
                       void *user)
{
    d->draw = draw;
    d->draw_free = draw_free;
    d->draw_user = user;
    if (!d->scratch) d->scratch = xcalloc(1, sizeof *d->scratch);
}

const pm_page *pm_doc_page(const pm_doc *d, int p)
{
    pm_page *pg = &d->pages[p];
    if (!d->draw) {
        if (!pg->hashed) {
            pg->hash = pm_page_hash(pg);
            pg->hashed = 1;
        }
        return pg;
    }
    pm_page *s = d->scratch;
    s->nitems = 0;
    d->draw(d->draw_user, p, s);
    s->folio = pg->folio;
    s->roman = pg->roman;
    s->short_lines = pg->short_lines;
    if (!pg->hashed) {
        pg->hash = pm_page_hash(s);
        pg->hashed = 1;
    }
    return s;
}

uint64_t pm_doc_page_hash(const pm_doc *d, int p)
{
    if (!d->pages[p].hashed) pm_doc_page(d, p);
    return d->pages[p].hash;
}

const layout_color *pm_keep_color(pm_doc *d, layout_color c)
{
    layout_color *k = ARENA_NEW(&d->mem, layout_color);
    *k = c;
    return k;
}

void pm_add_outline(pm_doc *d, const char *title, int level, int page, fo_sp y)
{
    pm_outline o = {arena_strdup(&d->mem, title), level, page, y};
    VEC_PUSH(d->outlines, d->noutlines, d->outlines_cap, o);
}

/* A 64-bit mix over whole words (a multiply-xorshift, as in splitmix64):
 * eight times fewer steps than a byte-wise FNV over the glyph arrays. */
const char *pm_role_name(pm_role r)
{
    static const char *names[PS_COUNT] = {
        "Document", "Part", "Sect", "Div", "H1", "H2", "H3", "H4", "P", "BlockQuote", "Caption",
        "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TFoot", "TR", "TH", "TD",
        "Note", "Reference", "Figure", "TOC", "TOCI", "Link", "Span", "BibEntry", "Quote"};
    return r < PS_COUNT ? names[r] : "Span";
}

int pm_struct_new(pm_doc *d, int parent, pm_role role)
{
    VEC_GROW(d->structs, d->nstructs, d->structs_cap);
    pm_struct *s = &d->structs[d->nstructs];
    memset(s, 0, sizeof *s);
    s->role = (uint8_t)role;
    s->parent = parent;
    return d->nstructs++;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

static uint64_t mix_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = mix(h, w);
    }
    uint64_t tail = n;
    for (; i < n; i++) tail = tail << 8 | b[i];
    return mix(h, tail);
}

uint64_t pm_page_hash(const pm_page *p)
{
    uint64_t h = mix(1469598103934665603ULL, (uint64_t)(int64_t)p->folio);
    pm_glyph gl[64];
    for (int i = 0; i < p->nitems; i++) {
        const pm_item *it = &p->items[i];
        const layout_color *col = pm_color(it);
        /* field by field: the struct's padding is not part of the page */
        h = mix(h, (uint64_t)it->kind | (uint64_t)it->artifact << 8 | (uint64_t)it->flags << 16 |
                       (uint64_t)col->space << 24 | (uint64_t)it->font << 32);
        h = mix(h, (uint64_t)(uint32_t)it->x | (uint64_t)(uint32_t)it->y << 32);
        h = mix(h, (uint64_t)(uint32_t)it->w | (uint64_t)(uint32_t)it->h << 32);
        h = mix(h, (uint64_t)(uint32_t)it->size | (uint64_t)(uint32_t)(int32_t)(it->hscale * 100000.0f) << 32);
        h = mix_bytes(h, col->v, sizeof col->v);
        if (it->kind == PM_LINK) h = mix(h, (uint64_t)(uint32_t)it->dest_page);
        if (it->kind == PM_TEXT) {
            int len;
            const char *t = pm_run_text(it, &len);
            h = mix_bytes(h, t, (size_t)len);
            /* the glyphs as placed, a few dozen at a time */
            for (int g0 = 0; g0 < it->nglyphs; g0 += 64) {
                pm_item part = *it;
                part.g0 = (uint16_t)(it->g0 + g0);
                part.nglyphs = (uint16_t)(it->nglyphs - g0 < 64 ? it->nglyphs - g0 : 64);
                pm_run_glyphs(&part, gl);
                for (int k = 0; k < part.nglyphs; k++)
                    h = mix(h, (uint64_t)gl[k].gid | (uint64_t)gl[k].nbytes << 16 | (uint64_t)(uint32_t)gl[k].x << 32);
            }
        } else if (it->ref) h = mix_bytes(h, it->ref, strlen(it->ref));
    }
    return h;
}
