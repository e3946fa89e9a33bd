/* refs.h - the references across layout passes.
 *
 * Every id a pass lays out (a chapter, a section, a table, a figure, a
 * box…) is recorded with its label, its title and where it fell (page and
 * place). A pass sets the page numbers it prints ("p. 34", the contents,
 * the chronology's "→ p. 17") from the pass before's table, and the book
 * is laid out again until two passes agree (compose.c). Tables are found
 * by id through a hash index: a book of many references looks each up
 * once, never scanning them all. */
#ifndef FOLIO_REFS_H
#define FOLIO_REFS_H

#include "../base/arena.h"
#include "../base/hindex.h"
#include "../base/units.h"

typedef struct ref_entry {
    const char *id;
    int page;            /* 0-based page index, -1 unknown */
    fo_sp y;             /* its place on the page (from the trim's top), for links */
    const char *label;   /* "Tabla 3", "capítulo 2"… */
    const char *title;
    int outline;         /* outline level (0 chapter, 1 section), -1 not in the outline */
} ref_entry;

/* A pass's references, in the order the flow met them, with an index by
 * id (the first entry of an id is the one found). */
typedef struct ref_table {
    ref_entry *v;
    int n, cap;
    hindex ix;
    arena mem;           /* the strings of a kept copy (refs_keep) */
} ref_table;

void refs_init(ref_table *t);
void refs_free(ref_table *t);
/* Forget the entries, keep the memory. */
void refs_clear(ref_table *t);
/* Append e (its strings are the caller's, as long as t is used). */
void refs_add(ref_table *t, const ref_entry *e);
/* The entry of id, or NULL. */
const ref_entry *refs_find(const ref_table *t, const char *id);
/* Its position in t->v, or -1. */
int refs_find_pos(const ref_table *t, const char *id);
/* dst becomes a copy of src that owns its strings (the next pass reads
 * the one before's after that one's memory is gone). */
void refs_keep(ref_table *dst, const ref_table *src);
/* Whether a and b hold the same ids on the same pages. */
int refs_same_pages(const ref_table *a, const ref_table *b);

#endif
