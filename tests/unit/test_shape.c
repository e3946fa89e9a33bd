/* test_shape.c - the word cache and shaping (src/text/shape.c).
 *
 * With the print layout's fonts (Noto Serif and Noto Sans):
 *   - a (font, word) pair is shaped once: the second lookup returns the same
 *     shaped word, and the statistics count one distinct word, two lookups;
 *   - the same word in another font is another entry;
 *   - kerning is applied ("AV", "Te": shaped advances differ from nominal);
 *   - the "fi" of "oficina" is one glyph (the font's ligature) standing for
 *     the two letters "fi", and the glyphs' clusters rejoin to the word;
 *   - accented letters and ñ are one glyph per character, with their text;
 *     a decomposed accent (o + U+0301) still prints and rejoins;
 *   - small capitals (SHAPE_SMCP) turn lower-case letters into other glyphs
 *     and leave capitals as they are, each standing for its own letter;
 *   - the line-end hyphen is the font's U+00AD glyph, standing for U+00AD;
 *   - the table grows (20000 words) and earlier entries stay where they were.
 * Run from the repository root (reads layout/print.xml and fonts/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "input/layout.h"
#include "text/font.h"
#include "text/shape.h"
#include "engine.h"
#include "testhelp.h"

static int serif, serif_italic, sans;

static const shaped_word *word(int font, const char *w) { return shaper_word(sh, font, w, strlen(w)); }

/* The text a shaped word's glyphs stand for: every cluster, in order. */
static void printed(const shaped_word *w, char *out, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < w->nglyphs; i++) {
        const shaped_glyph *g = &w->glyphs[i];
        if (n + g->cluster_len + 1 > cap) break;
        memcpy(out + n, w->text + g->cluster, g->cluster_len);
        n += g->cluster_len;
    }
    out[n] = 0;
}

/* The word again from the glyphs' clusters (cluster, cluster_len). */
static void rejoined(const shaped_word *w, const char *text, char *out, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < w->nglyphs; i++) {
        const shaped_glyph *g = &w->glyphs[i];
        if (g->cluster_len == 0) continue;
        if (n + g->cluster_len + 1 > cap) break;
        memcpy(out + n, text + g->cluster, g->cluster_len);
        n += g->cluster_len;
    }
    out[n] = 0;
}

TEST(test_cache_same_word)
{
    long d0, l0, d1, l1, d2, l2;
    shaper_stats(sh, &d0, &l0);
    const shaped_word *a = word(serif, "cooperación");
    shaper_stats(sh, &d1, &l1);
    /* the text is the key, not the pointer */
    char copy[] = "cooperación y más";
    const shaped_word *b = shaper_word(sh, serif, copy, strlen("cooperación"));
    shaper_stats(sh, &d2, &l2);
    CHECK(a == b);
    CHECK_EQ_INT(d1 - d0, 1);
    CHECK_EQ_INT(d2 - d1, 0);
    CHECK_EQ_INT(l1 - l0, 1);
    CHECK_EQ_INT(l2 - l1, 1);
    CHECK_EQ_INT(a->font, serif);
    CHECK(a->nglyphs == 11);
    CHECK(a->width > 0);
    /* a prefix of a cached word is a word of its own */
    const shaped_word *c = word(serif, "cooperaci");
    CHECK(c != a);
    CHECK_EQ_INT(c->nglyphs, 9);
}

TEST(test_cache_fonts_apart)
{
    long d0, l0, d1, l1;
    shaper_stats(sh, &d0, &l0);
    const shaped_word *a = word(serif, "técnica");
    const shaped_word *b = word(sans, "técnica");
    const shaped_word *c = word(serif_italic, "técnica");
    shaper_stats(sh, &d1, &l1);
    CHECK(a != b && a != c && b != c);
    CHECK_EQ_INT(a->font, serif);
    CHECK_EQ_INT(b->font, sans);
    CHECK_EQ_INT(c->font, serif_italic);
    CHECK_EQ_INT(d1 - d0, 3);
    CHECK(a->width != b->width); /* different faces, different metrics */
    CHECK(word(sans, "técnica") == b);
}

static int64_t nominal_width(const shaped_word *w)
{
    int64_t n = 0;
    for (int i = 0; i < w->nglyphs; i++) n += w->glyphs[i].nominal;
    return n;
}

TEST(test_kerning)
{
    const char *pairs[] = {"AV", "Te", "To", "Va"};
    for (int f = 0; f < 2; f++) {
        int font = f ? sans : serif;
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            const shaped_word *w = word(font, pairs[i]);
            CHECK_EQ_INT(w->nglyphs, 2);
            if (w->nglyphs != 2) continue;
            /* kerned together: narrower than the two glyphs' own advances */
            if (!(w->width < nominal_width(w)))
                fprintf(stderr, "no kerning in \"%s\" (font %d): %lld vs %lld\n", pairs[i], font, (long long)w->width,
                        (long long)nominal_width(w));
            CHECK(w->width < nominal_width(w));
            CHECK(w->glyphs[0].advance != w->glyphs[0].nominal);
            /* the width is the sum of the shaped advances */
            CHECK_EQ_INT(w->width, (int64_t)w->glyphs[0].advance + w->glyphs[1].advance);
            /* and each glyph is the cmap's glyph of its character */
            CHECK_EQ_INT(w->glyphs[0].gid, font_glyph(&fs, font, (unsigned char)pairs[i][0]));
            CHECK_EQ_INT(w->glyphs[1].gid, font_glyph(&fs, font, (unsigned char)pairs[i][1]));
        }
    }
    /* "ii" has no kerning: shaped = nominal */
    const shaped_word *w = word(serif, "ii");
    CHECK_EQ_INT(w->width, nominal_width(w));
}

TEST(test_ligatures)
{
    const char *text = "oficina";
    const shaped_word *w = word(serif, text);
    uint32_t fi = font_glyph(&fs, serif, 0xFB01);
    CHECK(fi != 0); /* Noto Serif's fi ligature (its cmap also reaches it from U+FB01) */
    CHECK_EQ_INT(w->nglyphs, 6); /* o fi c i n a */
    if (w->nglyphs == 6) {
        const shaped_glyph *g = &w->glyphs[1];
        CHECK_EQ_INT(g->gid, fi);
        CHECK_EQ_INT(g->cluster, 1);
        CHECK_EQ_INT(g->cluster_len, 2); /* it stands for "fi": the PDF's ToUnicode says so */
        CHECK_EQ_INT(w->glyphs[2].cluster, 3);
    }
    char buf[64];
    printed(w, buf, sizeof buf);
    CHECK_EQ_STR(buf, text);
    rejoined(w, text, buf, sizeof buf);
    CHECK_EQ_STR(buf, text);

    /* the other standard ligatures: one glyph for several letters */
    static const struct { const char *word; int lig_len; } more[] = {
        {"flor", 2},      /* fl */
        {"efecto", 0},    /* no ligature */
        {"definir", 2},   /* fi */
        {"fíjate", 0},    /* f + í: no ligature */
        {"offline", 3},   /* ffl */
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        for (int f = 0; f < 2; f++) {
            const shaped_word *m = word(f ? sans : serif, more[i].word);
            rejoined(m, more[i].word, buf, sizeof buf);
            CHECK_EQ_STR(buf, more[i].word);
            printed(m, buf, sizeof buf);
            CHECK_EQ_STR(buf, more[i].word);
            int longest = 0;
            for (int k = 0; k < m->nglyphs; k++) {
                CHECK(m->glyphs[k].gid != 0);
                int chars = (int)utf8_count(m->text + m->glyphs[k].cluster, m->glyphs[k].cluster_len);
                if (chars > longest) longest = chars;
            }
            /* a one-letter cluster for each letter, but for the ligature's letters */
            int expect = more[i].lig_len ? more[i].lig_len : 1;
            CHECK_EQ_INT(longest, expect);
        }
    }
}

TEST(test_accents)
{
    static const char *words[][8] = {
        {"Ñuñoa", "Ñ", "u", "ñ", "o", "a", NULL},
        {"acción", "a", "c", "c", "i", "ó", "n", NULL},
        {"pingüino", "p", "i", "n", "g", "ü", "i", "n"},
        {"ÉXITO", "É", "X", "I", "T", "O", NULL},
        {"¿Qué?", "¿", "Q", "u", "é", "?", NULL},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        for (int f = 0; f < 3; f++) {
            int font = f == 0 ? serif : f == 1 ? sans : serif_italic;
            const char *text = words[i][0];
            const shaped_word *w = word(font, text);
            CHECK_EQ_INT(w->nglyphs, (int)utf8_count(text, strlen(text)));
            for (int k = 0; k < w->nglyphs && k < 7 && words[i][k + 1]; k++) {
                const shaped_glyph *g = &w->glyphs[k];
                char t[8];
                memcpy(t, w->text + g->cluster, g->cluster_len);
                t[g->cluster_len] = 0;
                CHECK_EQ_STR(t, words[i][k + 1]);
                CHECK(g->gid != 0);
                /* the cmap's own glyph: the PDF maps it back to its letter */
                int cl;
                CHECK_EQ_INT(g->gid, font_glyph(&fs, font, utf8_decode(t, strlen(t), &cl)));
            }
            char buf[64];
            printed(w, buf, sizeof buf);
            CHECK_EQ_STR(buf, text);
            rejoined(w, text, buf, sizeof buf);
            CHECK_EQ_STR(buf, text);
        }
    }
}

/* A decomposed accent (o + U+0301): HarfBuzz composes it where the font has
 * the precomposed letter; either way every glyph prints and the clusters
 * rejoin to the text as written. */
TEST(test_decomposed_accent)
{
    const char *text = "accio\xCC\x81n";
    const shaped_word *w = word(serif, text);
    char buf[64];
    printed(w, buf, sizeof buf);
    CHECK_EQ_STR(buf, text);
    rejoined(w, text, buf, sizeof buf);
    CHECK_EQ_STR(buf, text);
    for (int k = 0; k < w->nglyphs; k++) CHECK(w->glyphs[k].gid != 0);
    CHECK(w->width > 0);
}

/* Real small capitals: "Rey" keeps its R, and its e and y become the font's
 * small-capital glyphs, each standing for its lower-case letter. */
TEST(test_small_caps)
{
    CHECK(fs.fonts[serif].has_smcp);
    CHECK(fs.fonts[sans].has_smcp);
    const char *text = "Rey";
    const shaped_word *plain = word(serif, text);
    const shaped_word *sc = shaper_word_with(sh, serif, SHAPE_SMCP, text, strlen(text));
    CHECK(sc != plain); /* cached apart */
    CHECK_EQ_INT(sc->nglyphs, 3);
    if (sc->nglyphs == 3) {
        CHECK_EQ_INT(sc->glyphs[0].gid, font_glyph(&fs, serif, 'R'));
        CHECK(sc->glyphs[1].gid != font_glyph(&fs, serif, 'e'));
        CHECK(sc->glyphs[2].gid != font_glyph(&fs, serif, 'y'));
        CHECK(sc->glyphs[1].gid != font_glyph(&fs, serif, 'E')); /* not the capital either */
        for (int k = 0; k < 3; k++) CHECK_EQ_INT(sc->glyphs[k].cluster_len, 1);
    }
    char buf[16];
    printed(sc, buf, sizeof buf);
    CHECK_EQ_STR(buf, text);
    CHECK(shaper_word_with(sh, serif, SHAPE_SMCP, text, strlen(text)) == sc);
}

/* The hyphen at a line's end stands for U+00AD: "planifica-" reads back as
 * part of "planificación". */
TEST(test_soft_hyphen)
{
    const shaped_word *h = shaper_soft_hyphen(sh, serif);
    CHECK_EQ_INT(h->nglyphs, 1);
    CHECK_EQ_INT(h->glyphs[0].gid, font_glyph(&fs, serif, 0xAD));
    CHECK(h->glyphs[0].gid != font_glyph(&fs, serif, '-')); /* Noto has a glyph of its own for it */
    CHECK_EQ_INT(h->glyphs[0].cluster_len, 2);
    CHECK_EQ_STR(h->text, "\xC2\xAD");
    CHECK_EQ_INT(h->width, word(serif, "-")->width); /* as wide as the hyphen: the line is unchanged */
    CHECK(shaper_soft_hyphen(sh, serif) == h);
}

TEST(test_space_and_empty)
{
    CHECK(shaper_space(sh, serif) > 0);
    CHECK_EQ_INT(shaper_space(sh, serif), font_advance(&fs, serif, font_glyph(&fs, serif, ' ')));
    const shaped_word *e = shaper_word(sh, serif, "", 0);
    CHECK_EQ_INT(e->nglyphs, 0);
    CHECK_EQ_INT(e->width, 0);
    CHECK(shaper_word(sh, serif, "", 0) == e);
}

TEST(test_growth)
{
    enum { N = 20000 };
    const shaped_word **ptrs = malloc(sizeof *ptrs * N);
    int64_t *widths = malloc(sizeof *widths * N);
    long d0, l0, d1, l1;
    shaper_stats(sh, &d0, &l0);
    char buf[32];
    for (int i = 0; i < N; i++) {
        /* letters only, all distinct: "pal" + i in base 26 */
        int n = 0, v = i;
        buf[n++] = 'p';
        buf[n++] = 'a';
        buf[n++] = 'l';
        do {
            buf[n++] = (char)('a' + v % 26);
            v /= 26;
        } while (v);
        buf[n] = 0;
        ptrs[i] = shaper_word(sh, i % 2 ? sans : serif, buf, (size_t)n);
        widths[i] = ptrs[i]->width;
    }
    shaper_stats(sh, &d1, &l1);
    CHECK_EQ_INT(d1 - d0, N);
    CHECK_EQ_INT(l1 - l0, N);
    int same = 1, intact = 1;
    for (int i = 0; i < N; i++) {
        int n = 0, v = i;
        buf[n++] = 'p';
        buf[n++] = 'a';
        buf[n++] = 'l';
        do {
            buf[n++] = (char)('a' + v % 26);
            v /= 26;
        } while (v);
        buf[n] = 0;
        const shaped_word *w = shaper_word(sh, i % 2 ? sans : serif, buf, (size_t)n);
        if (w != ptrs[i]) same = 0;
        if (ptrs[i]->width != widths[i] || ptrs[i]->nglyphs > n || ptrs[i]->font != (i % 2 ? sans : serif)) intact = 0;
        char p[32];
        rejoined(ptrs[i], buf, p, sizeof p);
        if (strcmp(p, buf) != 0) intact = 0;
    }
    CHECK(same);
    CHECK(intact);
    long d2, l2;
    shaper_stats(sh, &d2, &l2);
    CHECK_EQ_INT(d2, d1); /* the second round found every word */
    CHECK_EQ_INT(l2 - l1, N);
    free(ptrs);
    free(widths);
}

int main(void)
{
    diag_sink d;
    diag_init(&d);
    if (engine_open(&d) != 0) return 1;
    serif = fontset_pick(&fs, 0, 0, 0);
    serif_italic = fontset_pick(&fs, 0, 0, 1);
    sans = fontset_pick(&fs, 1, 0, 0);
    RUN(test_cache_same_word);
    RUN(test_cache_fonts_apart);
    RUN(test_kerning);
    RUN(test_ligatures);
    RUN(test_accents);
    RUN(test_decomposed_accent);
    RUN(test_small_caps);
    RUN(test_soft_hyphen);
    RUN(test_space_and_empty);
    RUN(test_growth);
    engine_close();
    diag_free(&d);
    return TEST_REPORT();
}
