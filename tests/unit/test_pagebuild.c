/* test_pagebuild.c - properties of the page builder (src/compose/pagebuild.c).
 *
 * Builds random vertical lists by hand - paragraphs with their widow/orphan
 * keeps, headings that keep with what follows, spaces, note calls whose
 * notes run from one line to several pages - runs the real page builder on
 * them with the print layout, and reads the pages back. Every body line
 * carries the text "L<n>" and every note line "N<k>.<l>", so the output
 * tells where each went. Checked on every list:
 *   - every body line is placed exactly once, and in order;
 *   - every note line is placed exactly once, in order, each note's first
 *     line on the page of its call, its continuation on the pages right after;
 *   - no page ends after a heading, and no paragraph leaves a single line at
 *     the foot (orphan) or the head (widow) of a page, unless the page
 *     builder reported that no break satisfied the keeps.
 * Run from the repository root (reads layout/print.xml and fonts/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "compose/compose.h"
#include "input/layout.h"
#include "engine.h"
#include "testhelp.h"


static unsigned long long rng_state = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

typedef struct {
    composer c;
    doc_book book;
    doc_inline note_inline;
    int nlines;          /* body lines made */
    int *line_para_pos;  /* per body line: 0 first, 1 middle, 2 last, 3 only line; 4 heading */
    int *call_of_line;   /* note index called on the line, or -1 */
    int cap;
    int drawn;           /* pagebuild_draw gave the pass to a page model */
} fixture;

/* A text run standing for text: a word of invisible glyphs, one a byte
 * (the page builder reads no glyph; the checks read the text back). */
static pm_item *text_item(arena *a, const char *text)
{
    int n = (int)strlen(text);
    shaped_word *w = ARENA_NEW(a, shaped_word);
    w->glyphs = ARENA_ARRAY(a, shaped_glyph, n ? n : 1);
    for (int i = 0; i < n; i++) w->glyphs[i] = (shaped_glyph){0, 0, 0, 0, (uint32_t)i, 1};
    w->nglyphs = n;
    w->upem = 1000;
    w->text = arena_strdup(a, text);
    w->len = (uint32_t)n;
    pm_item *it = ARENA_NEW(a, pm_item);
    it->kind = PM_TEXT;
    it->font = 0;
    it->size = FO_PT(10);
    it->hscale = 1;
    it->word = w;
    it->nglyphs = (uint16_t)n;
    return it;
}

/* The text of a run made by text_item (all of its word: a C string). */
static const char *item_text(const pm_item *it)
{
    int len;
    return pm_run_text(it, &len);
}

static vitem *push(fixture *f, vkind kind)
{
    composer *c = &f->c;
    VEC_GROW(c->v, c->nv, c->vcap);
    vitem *it = &c->v[c->nv++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->box = -1;
    it->head_item = -1;
    return it;
}

static void add_line(fixture *f, int pos, int keep, int note)
{
    composer *c = &f->c;
    char buf[32];
    snprintf(buf, sizeof buf, "L%d", f->nlines);
    vitem *it = push(f, V_LINE);
    it->line.items = text_item(&c->pass, buf);
    it->line.nitems = 1;
    it->line.leading = lay->grid;
    it->keep_with_next = keep;
    if (note >= 0) {
        it->line.marks = ARENA_NEW(&c->pass, vmark);
        it->line.marks[0] = (vmark){MARK_NOTE, note, NULL, -1};
        it->line.nmarks = 1;
    }
    if (f->nlines >= f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->line_para_pos = xrealloc(f->line_para_pos, sizeof(int) * (size_t)f->cap);
        f->call_of_line = xrealloc(f->call_of_line, sizeof(int) * (size_t)f->cap);
    }
    f->line_para_pos[f->nlines] = pos;
    f->call_of_line[f->nlines] = note;
    f->nlines++;
}

static int add_note(fixture *f, int nlines)
{
    composer *c = &f->c;
    note_entry ne;
    memset(&ne, 0, sizeof ne);
    ne.note = &f->note_inline;
    ne.number = c->nnotes + 1;
    ne.lines = ARENA_ARRAY(&c->pass, vline, nlines);
    ne.nlines = nlines;
    for (int l = 0; l < nlines; l++) {
        char buf[32];
        snprintf(buf, sizeof buf, "N%d.%d", c->nnotes, l);
        ne.lines[l].items = text_item(&c->pass, buf);
        ne.lines[l].nitems = 1;
        ne.lines[l].leading = FO_PT(11);
    }
    VEC_PUSH(c->notes, c->nnotes, c->notes_cap, ne);
    return c->nnotes - 1;
}

static void fixture_init(fixture *f, diag_sink *d)
{
    memset(f, 0, sizeof *f);
    composer *c = &f->c;
    f->book.title = "Libro de prueba";
    f->note_inline.kind = IN_NOTE;
    c->book = &f->book;
    c->lay = lay;
    c->fs = &fs;
    c->sh = sh;
    c->d = d;
    arena_init(&c->pass, 64 * 1024);
    c->measure = lay->page_w - lay->m_inner - lay->m_outer;
    c->block_h = (lay->page_h - lay->m_top - lay->m_bottom) / lay->grid * lay->grid;
    c->env = (para_env){.lay = lay, .fs = &fs, .sh = sh, .d = d, .mem = &c->pass, .user = c};
    chapter_info ci = {"Capítulo de prueba", MATTER_BODY};
    VEC_PUSH(c->chapters, c->nchapters, c->chapters_cap, ci);
}

static void fixture_free(fixture *f)
{
    composer *c = &f->c;
    /* after pagebuild_draw the pass is the page model's (freed with it) */
    if (!f->drawn) compose_free_pass(c);
    free(c->loose_wanted);
    hindex_free(&c->wanted_ix);
    free(f->line_para_pos);
    free(f->call_of_line);
}

/* A random list: paragraphs of 1-12 lines (keeps as flow.c sets them),
 * headings before some, note calls on some lines with notes of 1-70 lines. */
static void random_list(fixture *f, int paragraphs)
{
    for (int p = 0; p < paragraphs; p++) {
        if (rnd(6) == 0) {
            vitem *sp = push(f, V_SPACE);
            sp->height = lay->grid;
            add_line(f, 4, 1, -1); /* heading */
            sp = push(f, V_SPACE);
            sp->height = lay->grid;
            sp->keep_with_next = 1;
        }
        int n = 1 + (int)rnd(12);
        int after_heading = f->nlines > 0 && f->line_para_pos[f->nlines - 1] == 4;
        for (int i = 0; i < n; i++) {
            int keep = (i == 0 && n >= 2) || (i == n - 2) || (i == 0 && after_heading);
            int note = -1;
            if (rnd(5) == 0) note = add_note(f, rnd(8) == 0 ? 20 + (int)rnd(50) : 1 + (int)rnd(4));
            add_line(f, n == 1 ? 3 : i == 0 ? 0 : i == n - 1 ? 2 : 1, keep, note);
        }
    }
}

typedef struct { int page; int index; } where;

static void check_list(fixture *f, diag_sink *d)
{
    composer *c = &f->c;
    pm_doc out;
    pm_doc_init(&out);
    out.page_w = lay->page_w;
    out.page_h = lay->page_h;
    int warnings0 = d->warnings;
    pagebuild(c);
    pagebuild_draw(c, &out);
    f->drawn = 1;
    int forced = d->warnings > warnings0;

    where *line_at = xcalloc((size_t)f->nlines + 1, sizeof *line_at);
    int *line_seen = xcalloc((size_t)f->nlines + 1, sizeof *line_seen);
    int nnotes = c->nnotes;
    int *note_first_page = xcalloc((size_t)nnotes + 1, sizeof *note_first_page);
    int *note_next_line = xcalloc((size_t)nnotes + 1, sizeof *note_next_line);
    int *note_last_page = xcalloc((size_t)nnotes + 1, sizeof *note_last_page);
    for (int k = 0; k < nnotes; k++) note_first_page[k] = -1;
    int order = 0, last_line = -1, ok_order = 1, ok_notes = 1;
    for (int p = 0; p < out.npages; p++) {
        const pm_page *pg = pm_doc_page(&out, p);
        for (int i = 0; i < pg->nitems; i++) {
            const pm_item *it = &pg->items[i];
            if (it->kind != PM_TEXT) continue;
            int a, b;
            const char *text = item_text(it);
            if (sscanf(text, "L%d", &a) == 1 && text[0] == 'L') {
                line_seen[a]++;
                line_at[a] = (where){p, order++};
                if (a != last_line + 1) ok_order = 0;
                last_line = a;
            } else if (sscanf(text, "N%d.%d", &a, &b) == 2) {
                if (b != note_next_line[a]) ok_notes = 0; /* lines of a note in order, once each */
                note_next_line[a]++;
                if (b == 0) note_first_page[a] = p;
                else if (p != note_last_page[a] && p != note_last_page[a] + 1) ok_notes = 0;
                note_last_page[a] = p;
            }
        }
    }
    for (int l = 0; l < f->nlines; l++) CHECK_EQ_INT(line_seen[l], 1);
    CHECK(ok_order);
    CHECK(ok_notes);
    for (int k = 0; k < nnotes; k++) CHECK_EQ_INT(note_next_line[k], c->notes[k].nlines);
    /* each note starts on the page of its call */
    for (int l = 0; l < f->nlines; l++) {
        int k = f->call_of_line[l];
        if (k >= 0 && note_first_page[k] != line_at[l].page) {
            fprintf(stderr, "note %d called on page %d starts on page %d\n", k, line_at[l].page + 1, note_first_page[k] + 1);
            if (getenv("DUMP")) {
                int p = line_at[l].page;
                const pm_page *pg = pm_doc_page(&out, p);
                for (int i = 0; i < pg->nitems; i++)
                    if (pg->items[i].kind == PM_TEXT) fprintf(stderr, "  %.1f %s\n", FO_TO_PT(pg->items[i].y), item_text(&pg->items[i]));
                for (int q = 0; q < nnotes; q++) fprintf(stderr, "  note %d: %d lines\n", q, c->notes[q].nlines);
                exit(2);
            }
            CHECK(note_first_page[k] == line_at[l].page);
        }
    }
    /* keeps: no heading at a page's foot, no widow or orphan */
    if (!forced) {
        for (int l = 0; l + 1 < f->nlines; l++) {
            if (line_at[l].page == line_at[l + 1].page) continue;
            int pos = f->line_para_pos[l], next = f->line_para_pos[l + 1];
            if (pos == 4) {
                fprintf(stderr, "heading L%d ends page %d\n", l, line_at[l].page + 1);
                if (getenv("DUMP"))
                    for (int q = 0; q < out.npages && q <= line_at[l].page + 1; q++) {
                        if (q < line_at[l].page - 1) continue;
                        const pm_page *pg = pm_doc_page(&out, q);
                        fprintf(stderr, " page %d\n", q + 1);
                        for (int i = 0; i < pg->nitems; i++)
                            if (pg->items[i].kind == PM_TEXT) fprintf(stderr, "  %.1f %s\n", FO_TO_PT(pg->items[i].y), item_text(&pg->items[i]));
                    }
            }
            CHECK(pos != 4);
            CHECK(pos != 0); /* orphan: a paragraph's first line alone at the foot */
            CHECK(next != 2); /* widow: its last line alone at the head */
        }
    }
    free(line_at);
    free(line_seen);
    free(note_first_page);
    free(note_next_line);
    free(note_last_page);
    pm_doc_free(&out);
}

TEST(test_plain_paragraphs)
{
    diag_sink d;
    diag_init(&d);
    for (int round = 0; round < 40; round++) {
        fixture f;
        fixture_init(&f, &d);
        int keep_notes = 0;
        (void)keep_notes;
        /* no notes: lines only */
        for (int p = 0; p < 30; p++) {
            int n = 1 + (int)rnd(12);
            for (int i = 0; i < n; i++) add_line(&f, n == 1 ? 3 : i == 0 ? 0 : i == n - 1 ? 2 : 1, (i == 0 && n >= 2) || i == n - 2, -1);
        }
        check_list(&f, &d);
        fixture_free(&f);
    }
    diag_free(&d);
}

TEST(test_random_lists_with_notes)
{
    diag_sink d;
    diag_init(&d);
    for (int round = 0; round < 150; round++) {
        fixture f;
        fixture_init(&f, &d);
        random_list(&f, 10 + (int)rnd(40));
        check_list(&f, &d);
        fixture_free(&f);
    }
    diag_free(&d);
}

TEST(test_note_longer_than_a_page)
{
    diag_sink d;
    diag_init(&d);
    fixture f;
    fixture_init(&f, &d);
    for (int i = 0; i < 10; i++) add_line(&f, i == 0 ? 0 : 1, i == 0, -1);
    int big = add_note(&f, 120); /* about two pages of notes */
    add_line(&f, 1, 0, big);
    for (int i = 0; i < 80; i++) add_line(&f, i == 79 ? 2 : 1, i == 78, i == 40 ? add_note(&f, 2) : -1);
    check_list(&f, &d);
    fixture_free(&f);
    diag_free(&d);
}

/* A page that ends with a table, lines to spare, before a heading that does
 * not fit: the table moves to the page's foot (its last row on the last
 * grid line) - unless the page carries notes, which keep the foot. */
static double table_row_y(int with_note, double *last_line_y)
{
    diag_sink d;
    diag_init(&d);
    fixture f;
    fixture_init(&f, &d);
    /* 31 lines: two paragraphs */
    for (int i = 0; i < 31; i++) {
        int first = i == 0 || i == 16, last = i == 15 || i == 30;
        int note = with_note && i == 20 ? add_note(&f, 1) : -1;
        add_line(&f, first ? 0 : last ? 2 : 1, first || i == 14 || i == 29, note);
    }
    /* a table of three 14 pt rows, the first keeping with the next */
    for (int r = 0; r < 3; r++) {
        vitem *row = push(&f, V_BLOCK);
        row->height = lay->grid;
        row->table = 1;
        row->keep_with_next = r == 0;
        pm_item *t = text_item(&f.c.pass, r == 2 ? "T2" : "T");
        t->y = FO_PT(10);
        row->line.items = t;
        row->line.nitems = 1;
    }
    vitem *sp = push(&f, V_SPACE);
    sp->height = lay->grid;
    /* a heading keeping with its space and two lines: 5 grid lines, 4 are left */
    add_line(&f, 4, 1, -1);
    sp = push(&f, V_SPACE);
    sp->height = lay->grid;
    sp->keep_with_next = 1;
    for (int i = 0; i < 6; i++) add_line(&f, i == 0 ? 0 : i == 5 ? 2 : 1, i == 0 || i == 4, -1);
    composer *c = &f.c;
    pm_doc out;
    pm_doc_init(&out);
    out.page_w = lay->page_w;
    out.page_h = lay->page_h;
    pagebuild(c);
    pagebuild_draw(c, &out);
    f.drawn = 1;
    double y = -1;
    *last_line_y = -1;
    const pm_page *pg = pm_doc_page(&out, 0);
    for (int i = 0; i < pg->nitems; i++) {
        if (pg->items[i].kind != PM_TEXT) continue;
        if (!strcmp(item_text(&pg->items[i]), "T2")) y = FO_TO_PT(pg->items[i].y);
        if (!strcmp(item_text(&pg->items[i]), "L30")) *last_line_y = FO_TO_PT(pg->items[i].y);
    }
    CHECK(out.npages >= 2);
    pm_doc_free(&out);
    fixture_free(&f);
    diag_free(&d);
    return y;
}

TEST(test_table_to_foot)
{
    double line_y, y = table_row_y(0, &line_y);
    double top = FO_TO_PT(lay->m_top), block = FO_TO_PT((lay->page_h - lay->m_top - lay->m_bottom) / lay->grid * lay->grid);
    double g = FO_TO_PT(lay->grid);
    /* the last row's text on the last grid line; the text above unmoved */
    CHECK(y > 0 && y - (top + block - g + 10) < 0.01 && y - (top + block - g + 10) > -0.01);
    CHECK(line_y > 0 && line_y < top + 31 * g);
    /* with a note on the page, the table stays under the text */
    y = table_row_y(1, &line_y);
    CHECK(y > 0 && y - (top + 33 * g + 10) < 0.01 && y - (top + 33 * g + 10) > -0.01);
}

int main(void)
{
    diag_sink d;
    diag_init(&d);
    if (engine_open(&d) != 0) return 1;
    RUN(test_plain_paragraphs);
    RUN(test_random_lists_with_notes);
    RUN(test_table_to_foot);
    RUN(test_note_longer_than_a_page);
    engine_close();
    diag_free(&d);
    return TEST_REPORT();
}
