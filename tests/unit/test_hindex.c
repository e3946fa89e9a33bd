/* test_hindex.c - the hash index (src/base/hindex.c) against a plain scan:
 * random string keys with many repeats and colliding hashes, added and
 * looked up across several growths; every found position holds the key,
 * every key added is found at its position, and absent keys are not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/hindex.h"
#include "testhelp.h"

typedef struct {
    char (*keys)[16];
    int n;
    const char *probe;   /* the key being looked up */
} store;

static int same_key(const void *user, int pos)
{
    const store *s = user;
    return strcmp(s->keys[pos], s->probe) == 0;
}

static int scan(const store *s, const char *k)
{
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->keys[i], k)) return i;
    return -1;
}

TEST(test_against_scan)
{
    hindex ix = {0};
    store s = {calloc(5000, 16), 0, NULL};
    unsigned long long r = 88172645463325252ULL;
    int found = 0, absent = 0;
    for (int step = 0; step < 20000; step++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        char k[16];
        snprintf(k, sizeof k, "w%llu", r % 3000);
        /* every fourth key's hash is forced to collide: equality must decide */
        uint64_t h = (r % 4 == 0) ? 42 : hash_bytes(k, strlen(k));
        if (r % 4 == 0) snprintf(k, sizeof k, "c%llu", (r >> 8) % 200);
        s.probe = k;
        int want = scan(&s, k), got = hindex_find(&ix, h, same_key, &s);
        CHECK_EQ_INT(got, want);
        if (got >= 0) found++;
        else if (s.n < 5000) {
            absent++;
            memcpy(s.keys[s.n], k, sizeof k);
            hindex_add(&ix, h, s.n++);
            CHECK_EQ_INT(hindex_find(&ix, h, same_key, &s), s.n - 1);
        }
    }
    CHECK(found > 1000 && absent > 1000);
    CHECK(ix.nslot >= 2 * ix.count);
    hindex_free(&ix);
    CHECK(ix.nslot == 0 && hindex_find(&ix, 1, same_key, &s) == -1);
    free(s.keys);
}

TEST(test_pointer_hash)
{
    static int a[4];
    CHECK(hash_pointer(&a[0]) != hash_pointer(&a[1]));
    CHECK_EQ_INT(hash_bytes("", 0), 0xcbf29ce484222325ULL);
}

int main(void)
{
    RUN(test_against_scan);
    RUN(test_pointer_hash);
    return TEST_REPORT();
}
