/* hindex.h - an open-addressing hash index over the caller's own array.
 *
 * The caller keeps its entries in an array of its own (a VEC) and the index
 * maps a key's 64-bit hash to the entry's position; equality is the
 * caller's (a callback), so any key works: a word's bytes, a pointer, a
 * struct. Linear probing, at most half full, grown by doubling (the hashes
 * are kept, so growing needs no callback). */
#ifndef FOLIO_HINDEX_H
#define FOLIO_HINDEX_H

#include <stddef.h>
#include <stdint.h>

typedef struct hindex_slot {
    uint64_t hash;
    int pos;             /* the entry's position + 1; 0 empty */
} hindex_slot;

typedef struct hindex {
    hindex_slot *slot;
    size_t nslot, count; /* nslot a power of 2 (0 before the first add) */
} hindex;

/* The position of the entry whose hash is `hash` and for which same(user,
 * pos) holds, or -1. */
int hindex_find(const hindex *ix, uint64_t hash, int (*same)(const void *user, int pos), const void *user);
/* Index the entry at pos (not indexed yet) under hash. */
void hindex_add(hindex *ix, uint64_t hash, int pos);
void hindex_free(hindex *ix);

/* FNV-1a over n bytes; a pointer's bits mixed (Fibonacci hashing). */
uint64_t hash_bytes(const void *s, size_t n);
uint64_t hash_pointer(const void *p);

#endif
