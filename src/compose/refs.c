/* refs.c - see refs.h. */
#include "refs.h"

#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

void refs_init(ref_table *t)
{
    memset(t, 0, sizeof *t);
    arena_init(&t->mem, 16 * 1024);
}

void refs_free(ref_table *t)
{
    free(t->v);
    hindex_free(&t->ix);
    arena_free(&t->mem);
    memset(t, 0, sizeof *t);
}

void refs_clear(ref_table *t)
{
    t->n = 0;
    hindex_free(&t->ix);
    arena_reset(&t->mem);
}

typedef struct { const ref_table *t; const char *id; } ref_key;

static int same_id(const void *user, int pos)
{
    const ref_key *k = user;
    return k->t->v[pos].id && !strcmp(k->t->v[pos].id, k->id);
}

int refs_find_pos(const ref_table *t, const char *id)
{
    if (!id) return -1;
    ref_key k = {t, id};
    return hindex_find(&t->ix, hash_bytes(id, strlen(id)), same_id, &k);
}

const ref_entry *refs_find(const ref_table *t, const char *id)
{
    int pos = refs_find_pos(t, id);
    return pos < 0 ? NULL : &t->v[pos];
}

void refs_add(ref_table *t, const ref_entry *e)
{
    VEC_PUSH(t->v, t->n, t->cap, *e);
    /* the first entry of an id is the one found (an id twice is reported by the manuscript's check) */
    if (e->id && refs_find_pos(t, e->id) < 0) hindex_add(&t->ix, hash_bytes(e->id, strlen(e->id)), t->n - 1);
}

static const char *keep_str(arena *a, const char *s) { return s ? arena_strdup(a, s) : NULL; }

void refs_keep(ref_table *dst, const ref_table *src)
{
    refs_clear(dst);
    for (int i = 0; i < src->n; i++) {
        ref_entry e = src->v[i];
        e.id = keep_str(&dst->mem, e.id);
        e.label = keep_str(&dst->mem, e.label);
        e.title = keep_str(&dst->mem, e.title);
        refs_add(dst, &e);
    }
}

int refs_same_pages(const ref_table *a, const ref_table *b)
{
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (a->v[i].page != b->v[i].page) return 0;
    return 1;
}
