/* arena.c - see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct arena_block {
    arena_block *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

void arena_init(arena *a, size_t block_size)
{
    a->head = NULL;
    a->spare = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
}

static void free_blocks(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_free(arena *a)
{
    free_blocks(a->head);
    free_blocks(a->spare);
    a->head = NULL;
    a->spare = NULL;
}

void arena_reset(arena *a)
{
#ifdef FOLIO_ARENA_MALLOC
    arena_free(a); /* the sanitizer build: every allocation its own, freed */
#else
    while (a->head) {
        arena_block *b = a->head;
        a->head = b->next;
        b->used = 0;
        b->next = a->spare;
        a->spare = b;
    }
#endif
}

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    arena_block *b = a->head;
    size_t need = (n + align - 1) & ~(align - 1);
#ifdef FOLIO_ARENA_MALLOC
    b = xcalloc(1, sizeof *b + need);
    b->size = b->used = need;
    b->next = a->head;
    a->head = b;
    return b->data;
#else
    if (!b || b->size - b->used < need) {
        /* a kept block big enough, else a new one */
        arena_block **s = &a->spare;
        while (*s && (*s)->size < need) s = &(*s)->next;
        if (*s) {
            b = *s;
            *s = b->next;
        } else {
            size_t size = need > a->block_size ? need : a->block_size;
            b = xmalloc(sizeof *b + size);
            b->size = size;
            b->used = 0;
        }
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    memset(p, 0, n);
    return p;
#endif
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }
