/* shape.c - see shape.h. */
#include "shape.h"

#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "../base/arena.h"
#include "../base/utf8.h"
#include "../base/xalloc.h"

typedef struct entry {
    const char *key; /* word bytes */
    uint32_t len;
    int font;
    const void *lang;  /* hb_language_t: interned by HarfBuzz, equal tags give equal pointers */
    uint64_t hash;
    shaped_word *word; /* in the arena: stays put when the table grows */
} entry;

struct shaper {
    const fontset *fs;
    arena mem;
    entry *table;    /* open addressing, power-of-two size */
    size_t size, used;
    long lookups;
    hb_buffer_t *buf;
    int space[FONTSET_MAX];
};

static uint64_t hash_key(int font, const char *lang, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)font; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    /* the tag's bytes, not the interned pointer: the table's order stays the same from run to run */
    for (; *lang; lang++) {
        h ^= (unsigned char)*lang;
        h *= 1099511628211ULL;
    }
    return h;
}

shaper *shaper_new(const fontset *fs)
{
    shaper *s = xcalloc(1, sizeof *s);
    s->fs = fs;
    arena_init(&s->mem, 256 * 1024);
    s->size = 4096;
    s->table = xcalloc(s->size, sizeof *s->table);
    s->buf = hb_buffer_create();
    for (int i = 0; i < FONTSET_MAX; i++) s->space[i] = -1;
    return s;
}

void shaper_free(shaper *s)
{
    if (!s) return;
    hb_buffer_destroy(s->buf);
    arena_free(&s->mem);
    free(s->table);
    free(s);
}

static void grow(shaper *s)
{
    size_t nsize = s->size * 2;
    entry *nt = xcalloc(nsize, sizeof *nt);
    for (size_t i = 0; i < s->size; i++) {
        if (!s->table[i].key) continue;
        size_t j = s->table[i].hash & (nsize - 1);
        while (nt[j].key) j = (j + 1) & (nsize - 1);
        nt[j] = s->table[i];
    }
    free(s->table);
    s->table = nt;
    s->size = nsize;
}

/* The presentation form that prints a ligature of these characters, or 0. */
static uint32_t ligature_form(const char *t, size_t n)
{
    static const struct { const char *seq; uint32_t cp; } forms[] = {
        {"ffi", 0xFB03}, {"ffl", 0xFB04}, {"ff", 0xFB00}, {"fi", 0xFB01}, {"fl", 0xFB02},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (strlen(forms[i].seq) == n && memcmp(forms[i].seq, t, n) == 0) return forms[i].cp;
    return 0;
}

/* Shape into w; returns 0 if every glyph is printable through the cmap. */
static int shape_once(shaper *s, int font, hb_language_t lang, const char *text, size_t len, int ligatures,
                      shaped_word *w)
{
    const fo_font *f = &s->fs->fonts[font];
    hb_font_t *hb = f->hb_font;
    hb_feature_t features[4];
    int nf = 0;
    hb_feature_from_string(ligatures ? "liga=1" : "liga=0", -1, &features[nf++]);
    hb_feature_from_string("kern=1", -1, &features[nf++]);
    hb_feature_from_string("calt=0", -1, &features[nf++]); /* contextual forms cannot be printed via cmap */
    hb_feature_from_string("clig=0", -1, &features[nf++]);
    hb_buffer_clear_contents(s->buf);
    hb_buffer_add_utf8(s->buf, text, (int)len, 0, (int)len);
    hb_buffer_set_direction(s->buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(s->buf, HB_SCRIPT_LATIN);
    hb_buffer_set_language(s->buf, lang);
    hb_buffer_set_cluster_level(s->buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_shape(hb, s->buf, features, (unsigned)nf);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, &n);
    w->font = font;
    w->nglyphs = (int)n;
    w->glyphs = arena_alloc(&s->mem, sizeof *w->glyphs * (n ? n : 1));
    w->width = 0;
    int ok = 0;
    for (unsigned i = 0; i < n; i++) {
        shaped_glyph *g = &w->glyphs[i];
        uint32_t start = info[i].cluster;
        uint32_t end = (uint32_t)len;
        /* the cluster runs to the next glyph's cluster that differs */
        for (unsigned k = i + 1; k < n; k++)
            if (info[k].cluster != start) { end = info[k].cluster; break; }
        int first_of_cluster = i == 0 || info[i - 1].cluster != start;
        g->gid = info[i].codepoint;
        g->advance = pos[i].x_advance;
        g->nominal = font_advance(s->fs, font, g->gid);
        g->y_offset = pos[i].y_offset;
        g->cluster = start;
        g->cluster_len = first_of_cluster ? end - start : 0;
        g->text_len = 0;
        w->width += g->advance;
        if (!first_of_cluster) {
            ok = -1; /* one character drawn with several glyphs: not printable by cmap */
            continue;
        }
        int cl;
        uint32_t cp = utf8_decode(text + start, end - start, &cl);
        if ((uint32_t)cl == end - start) {
            if (font_glyph(s->fs, font, cp) != g->gid) ok = -1;
            if (end - start < sizeof g->text) {
                memcpy(g->text, text + start, end - start);
                g->text_len = (uint8_t)(end - start);
            }
        } else {
            uint32_t lig = ligature_form(text + start, end - start);
            if (lig && font_glyph(s->fs, font, lig) == g->gid) g->text_len = (uint8_t)utf8_encode(lig, g->text);
            else ok = -1;
        }
    }
    return ok;
}

/* Last resort: one cmap glyph per character, nominal advances. */
static void shape_plain(shaper *s, int font, const char *text, size_t len, shaped_word *w)
{
    size_t count = utf8_count(text, len);
    w->font = font;
    w->nglyphs = 0;
    w->width = 0;
    w->glyphs = arena_alloc(&s->mem, sizeof *w->glyphs * (count ? count : 1));
    for (size_t i = 0; i < len;) {
        int cl;
        uint32_t cp = utf8_decode(text + i, len - i, &cl);
        shaped_glyph *g = &w->glyphs[w->nglyphs++];
        g->gid = font_glyph(s->fs, font, cp);
        g->nominal = g->advance = font_advance(s->fs, font, g->gid);
        g->cluster = (uint32_t)i;
        g->cluster_len = (uint32_t)cl;
        memcpy(g->text, text + i, (size_t)cl);
        g->text_len = (uint8_t)cl;
        w->width += g->advance;
        i += (size_t)cl;
    }
}

const shaped_word *shaper_word(shaper *s, int font, const char *text, size_t len)
{
    return shaper_word_lang(s, font, "es", text, len);
}

const shaped_word *shaper_word_lang(shaper *s, int font, const char *lang_tag, const char *text, size_t len)
{
    if (!lang_tag) lang_tag = "es";
    hb_language_t lang = hb_language_from_string(lang_tag, -1);
    uint64_t h = hash_key(font, hb_language_to_string(lang), text, len);
    size_t i = h & (s->size - 1);
    s->lookups++;
    while (s->table[i].key) {
        entry *e = &s->table[i];
        if (e->hash == h && e->font == font && e->lang == lang && e->len == len && memcmp(e->key, text, len) == 0)
            return e->word;
        i = (i + 1) & (s->size - 1);
    }
    entry *e = &s->table[i];
    e->key = arena_strndup(&s->mem, text, len);
    e->len = (uint32_t)len;
    e->font = font;
    e->lang = lang;
    e->hash = h;
    shaped_word *w = arena_alloc(&s->mem, sizeof *w);
    e->word = w;
    if (shape_once(s, font, lang, text, len, 1, w) != 0 && shape_once(s, font, lang, text, len, 0, w) != 0)
        shape_plain(s, font, text, len, w);
    if (++s->used * 2 > s->size) grow(s);
    return w;
}

int shaper_space(shaper *s, int font)
{
    if (s->space[font] < 0) {
        uint32_t gid = font_glyph(s->fs, font, ' ');
        s->space[font] = font_advance(s->fs, font, gid);
    }
    return s->space[font];
}

void shaper_stats(const shaper *s, long *distinct, long *lookups)
{
    *distinct = (long)s->used;
    *lookups = s->lookups;
}
