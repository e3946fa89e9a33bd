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
    arena_free(&d->mem);
    memset(d, 0, sizeof *d);
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
    return it;
}

pm_item *pm_add_text(pm_doc *d, pm_page *p, int font, fo_sp size, fo_sp x, fo_sp y, const char *text, int len,
                     float hscale, layout_color color)
{
    pm_item *it = pm_add(p, PM_TEXT);
    it->font = font;
    it->size = size;
    it->x = x;
    it->y = y;
    it->text = arena_strndup(&d->mem, text, (size_t)len);
    it->len = len;
    it->hscale = hscale;
    it->color = color;
    return it;
}

void pm_add_outline(pm_doc *d, const char *title, int level, int page, fo_sp y)
{
    pm_outline o = {arena_strdup(&d->mem, title), level, page, y};
    VEC_PUSH(d->outlines, d->noutlines, d->outlines_cap, o);
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t pm_page_hash(const pm_page *p)
{
    uint64_t h = 1469598103934665603ULL;
    h = fnv(h, &p->folio, sizeof p->folio);
    for (int i = 0; i < p->nitems; i++) {
        const pm_item *it = &p->items[i];
        /* field by field: the struct's padding is not part of the page */
        int64_t v[8] = {it->kind, it->x, it->y, it->w, it->h, it->font, it->size, it->dest_page};
        h = fnv(h, v, sizeof v);
        int32_t scale = (int32_t)(it->hscale * 100000.0f);
        h = fnv(h, &scale, sizeof scale);
        if (it->text) h = fnv(h, it->text, it->kind == PM_TEXT ? (size_t)it->len : strlen(it->text));
    }
    return h;
}
