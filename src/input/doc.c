/* doc.c - the document tree's lifetime and plain-text helpers. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

void doc_free(doc_book *b)
{
    if (!b) return;
    arena_free(&b->mem);
    free(b);
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

static void collect(const doc_inline *in, char **buf, size_t *len, size_t *cap)
{
    for (; in; in = in->next) {
        switch (in->kind) {
        case IN_TEXT: append(buf, len, cap, in->text); break;
        case IN_NOTE: break;
        case IN_BR: append(buf, len, cap, " "); break;
        case IN_Q:
            append(buf, len, cap, "\xE2\x80\x9C");
            collect(in->children, buf, len, cap);
            append(buf, len, cap, "\xE2\x80\x9D");
            break;
        default: collect(in->children, buf, len, cap); break;
        }
    }
}

const char *doc_inline_text(arena *a, const doc_inline *in)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "");
    collect(in, &buf, &len, &cap);
    /* trim */
    size_t s = 0;
    while (buf[s] == ' ') s++;
    while (len > s && buf[len - 1] == ' ') len--;
    const char *out = arena_strndup(a, buf + s, len - s);
    free(buf);
    return out;
}
