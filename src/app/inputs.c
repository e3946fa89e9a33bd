/* inputs.c - see inputs.h. */
#include "inputs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/path.h"
#include "../base/xalloc.h"

void inputs_init(build_inputs *in) { memset(in, 0, sizeof *in); }

void inputs_free(build_inputs *in)
{
    for (int i = 0; i < in->n; i++) free(in->paths[i]);
    free(in->paths);
    memset(in, 0, sizeof *in);
}

/* Where path is, or where it would go (binary search over the sorted set). */
static int find(const build_inputs *in, const char *path, int *found)
{
    int lo = 0, hi = in->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(in->paths[mid], path);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    *found = 0;
    return lo;
}

void inputs_add(build_inputs *in, const char *path)
{
    if (!path || !*path) return;
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    path_normalize(p);
    int found, at = find(in, p, &found);
    if (found) return;
    VEC_GROW(in->paths, in->n, in->cap);
    memmove(in->paths + at + 1, in->paths + at, sizeof *in->paths * (size_t)(in->n - at));
    in->paths[at] = xstrdup(p);
    in->n++;
}

int inputs_has(const build_inputs *in, const char *path)
{
    int found;
    find(in, path, &found);
    return found;
}

void inputs_merge(build_inputs *in, build_inputs *from)
{
    for (int i = 0; i < from->n; i++) inputs_add(in, from->paths[i]);
    inputs_free(from);
}

/* ---- the book's files: every node carries the file it comes from ----
 * Places are interned, so consecutive nodes of one file share a pointer and
 * the set is asked only when the file changes. */

typedef struct walk {
    build_inputs *in;
    const char *last;
} walk;

static void note_file(walk *w, diag_loc loc)
{
    if (!loc.file || loc.file == w->last) return;
    w->last = loc.file;
    inputs_add(w->in, loc.file);
}

static void walk_blocks(walk *w, const doc_block *b);

static void walk_inlines(walk *w, const doc_inline *in)
{
    for (; in; in = in->next) {
        note_file(w, in->loc);
        walk_inlines(w, in->children);
    }
}

static void walk_blocks(walk *w, const doc_block *b)
{
    for (; b; b = b->next) {
        note_file(w, b->loc);
        if (b->kind == BL_FIGURE) inputs_add(w->in, b->src);
        walk_inlines(w, b->content);
        walk_blocks(w, b->children);
        if (b->table)
            for (const doc_row *r = b->table->rows; r; r = r->next)
                for (const doc_cell *c = r->cells; c; c = c->next) {
                    note_file(w, c->loc);
                    walk_inlines(w, c->content);
                    walk_blocks(w, c->blocks);
                }
    }
}

static void walk_divs(walk *w, const doc_div *v)
{
    for (; v; v = v->next) {
        note_file(w, v->loc);
        walk_inlines(w, v->title);
        walk_blocks(w, v->blocks);
        walk_inlines(w, v->sig_name);
        walk_inlines(w, v->sig_role);
        walk_inlines(w, v->sig_org);
        for (const doc_event *e = v->events; e; e = e->next) {
            note_file(w, e->loc);
            walk_inlines(w, e->content);
            walk_blocks(w, e->blocks);
        }
        for (const doc_entry *e = v->entries; e; e = e->next) {
            note_file(w, e->loc);
            walk_inlines(w, e->content);
        }
        walk_divs(w, v->children);
    }
}

void inputs_add_book(build_inputs *in, const doc_book *book)
{
    if (!book) return;
    inputs_add(in, book->path);
    walk w = {in, NULL};
    walk_divs(&w, book->front);
    walk_divs(&w, book->body);
    walk_divs(&w, book->back);
    walk_blocks(&w, book->blurb);
}

void inputs_add_layout(build_inputs *in, const layout *lay)
{
    if (!lay) return;
    inputs_add(in, lay->path);
    for (int f = 0; f < lay->nfamilies; f++)
        for (int k = 0; k < FACE_COUNT; k++) inputs_add(in, lay->families[f].path[k]);
    for (int h = 0; h < lay->nhyph; h++) {
        if (lay->hyph[h].patterns && strcmp(lay->hyph[h].patterns, "none") != 0) inputs_add(in, lay->hyph[h].patterns);
        inputs_add(in, lay->hyph[h].exceptions);
    }
    inputs_add(in, lay->output_profile);
    inputs_add(in, lay->cover.front_image);
    inputs_add(in, lay->cover.back_image);
}

void inputs_add_diags(build_inputs *in, const diag_sink *d)
{
    for (int i = 0; i < d->count; i++)
        if (d->entries[i].severity != DIAG_NOTE) inputs_add(in, d->entries[i].loc.file);
}
