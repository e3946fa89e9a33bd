/* xalloc.h - allocation that cannot return NULL.
 *
 * Running out of memory is the one failure folio does not try to survive:
 * these wrappers abort with a message instead of threading an "out of memory"
 * status through every function. (This is the only place that stops the
 * process below main; input problems always go to the diagnostics sink.) */
#ifndef FOLIO_XALLOC_H
#define FOLIO_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Growable array helpers: VEC_PUSH(ptr, count, cap, value). */
#define VEC_GROW(ptr, count, cap)                                              \
    do {                                                                       \
        if ((count) >= (cap)) {                                                \
            (cap) = (cap) ? (cap) * 2 : 8;                                     \
            (ptr) = xrealloc((ptr), sizeof *(ptr) * (size_t)(cap));            \
        }                                                                      \
    } while (0)
#define VEC_PUSH(ptr, count, cap, value)                                       \
    do {                                                                       \
        VEC_GROW(ptr, count, cap);                                             \
        (ptr)[(count)++] = (value);                                            \
    } while (0)

#endif
