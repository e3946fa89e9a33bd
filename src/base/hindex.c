/* hindex.c - see hindex.h. */
#include "hindex.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

int hindex_find(const hindex *ix, uint64_t hash, int (*same)(const void *user, int pos), const void *user)
{
    if (ix->nslot == 0) return -1;
    size_t mask = ix->nslot - 1;
    for (size_t i = (size_t)hash & mask; ix->slot[i].pos; i = (i + 1) & mask)
        if (ix->slot[i].hash == hash && same(user, ix->slot[i].pos - 1)) return ix->slot[i].pos - 1;
    return -1;
}

static void put(hindex_slot *slot, size_t nslot, uint64_t hash, int pos1)
{
    size_t mask = nslot - 1, i = (size_t)hash & mask;
    while (slot[i].pos) i = (i + 1) & mask;
    slot[i].hash = hash;
    slot[i].pos = pos1;
}

void hindex_add(hindex *ix, uint64_t hash, int pos)
{
    if ((ix->count + 1) * 2 > ix->nslot) {
        size_t n = ix->nslot ? ix->nslot * 2 : 64;
        hindex_slot *s = xcalloc(n, sizeof *s);
        for (size_t i = 0; i < ix->nslot; i++)
            if (ix->slot[i].pos) put(s, n, ix->slot[i].hash, ix->slot[i].pos);
        free(ix->slot);
        ix->slot = s;
        ix->nslot = n;
    }
    put(ix->slot, ix->nslot, hash, pos + 1);
    ix->count++;
}

void hindex_free(hindex *ix)
{
    free(ix->slot);
    memset(ix, 0, sizeof *ix);
}

uint64_t hash_bytes(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t hash_pointer(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 31);
}
