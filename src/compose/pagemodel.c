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

void pm_doc_free(pm_doc *d)
{
    for (int i = 0; i < d->npages; i++) free(d->pages[i].items);
    free(d->pages);
    free(d->outlines);
    free(d->structs);
    arena_free(&d->mem);
    memset(d, 0, sizeof *d);
}

void pm_doc_reset(pm_doc *d)
{
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
    it->dest_page = -1;
    it->sid = -1;
    it->seq = -1;
    it->color = COLOR_BLACK;
    return it;
}

void pm_own_text(pm_doc *d, pm_item *it)
{
    if (it->kind != PM_TEXT) return;
    it->text = arena_strndup(&d->mem, it->text ? it->text : "", (size_t)it->len);
    if (it->nglyphs > 0) {
        pm_glyph *g = ARENA_ARRAY(&d->mem, pm_glyph, it->nglyphs);
        memcpy(g, it->glyphs, sizeof *g * (size_t)it->nglyphs);
        it->glyphs = g;
    }
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
    for (int i = 0; i < p->nitems; i++) {
        const pm_item *it = &p->items[i];
        /* field by field: the struct's padding is not part of the page */
        h = mix(h, (uint64_t)it->kind | (uint64_t)it->artifact << 8 | (uint64_t)it->space_before << 16 |
                       (uint64_t)it->color.space << 24 | (uint64_t)(uint32_t)it->font << 32);
        h = mix(h, (uint64_t)(uint32_t)it->x | (uint64_t)(uint32_t)it->y << 32);
        h = mix(h, (uint64_t)(uint32_t)it->w | (uint64_t)(uint32_t)it->h << 32);
        h = mix(h, (uint64_t)(uint32_t)it->size | (uint64_t)(uint32_t)it->rise << 32);
        h = mix(h, (uint64_t)(uint32_t)it->dest_page | (uint64_t)(uint32_t)(int32_t)(it->hscale * 100000.0f) << 32);
        h = mix_bytes(h, it->color.v, sizeof it->color.v);
        if (it->rotate) h = mix(h, it->rotate); /* only where set: unturned pages keep their fingerprints */
        if (it->text) h = mix_bytes(h, it->text, it->kind == PM_TEXT ? (size_t)it->len : strlen(it->text));
        if (it->kind == PM_TEXT && it->nglyphs > 0) h = mix_bytes(h, it->glyphs, sizeof *it->glyphs * (size_t)it->nglyphs);
    }
    return h;
}
