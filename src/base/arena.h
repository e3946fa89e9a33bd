/* arena.h - region allocation for objects that die together.
 *
 * The document tree, a layout pass and one paragraph's breaker scratch each
 * live in an arena and are freed in one call. Built with FOLIO_ARENA_MALLOC
 * (the sanitizer build), every allocation is a separate malloc so that
 * AddressSanitizer sees overflows between objects. */
#ifndef FOLIO_ARENA_H
#define FOLIO_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    arena_block *spare;   /* blocks kept by arena_reset, reused before new ones are made */
    size_t block_size;
} arena;

void arena_init(arena *a, size_t block_size);
void arena_free(arena *a);
/* Forget every allocation but keep the memory for the next ones: a layout
 * pass reuses the pages the pass before touched (a fresh block costs a page
 * fault per 4 KiB the first time it is written). */
void arena_reset(arena *a);
/* Zeroed, aligned to max_align_t. Never returns NULL. */
void *arena_alloc(arena *a, size_t n);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_alloc((a), sizeof(type) * (size_t)(n)))

#endif
