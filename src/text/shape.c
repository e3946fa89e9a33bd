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
    unsigned features;
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
    shaped_word *soft_hyphen[FONTSET_MAX];
};

static uint64_t hash_key(int font, unsigned features, const char *lang, const char *s, size_t n)
{
    uint64_t h = (1469598103934665603ULL ^ (uint64_t)font ^ ((uint64_t)features << 16)) * 1099511628211ULL; /* FNV-1a */
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

/* Shape into w with HarfBuzz's default features (kerning, standard and
 * contextual ligatures) plus those asked for. Clusters are kept per
 * character (MONOTONE_CHARACTERS) so that a hyphenation point between two
 * characters can be found in the glyphs unless a ligature joins them. */
static void shape_once(shaper *s, int font, unsigned features, hb_language_t lang, const char *text, size_t len,
                       shaped_word *w)
{
    const fo_font *f = &s->fs->fonts[font];
    hb_font_t *hb = f->hb_font;
    hb_feature_t feats[3];
    unsigned nf = 0;
    if (features & SHAPE_SMCP) hb_feature_from_string("smcp=1", -1, &feats[nf++]);
    if (features & SHAPE_TNUM) {
        hb_feature_from_string("tnum=1", -1, &feats[nf++]);
        hb_feature_from_string("lnum=1", -1, &feats[nf++]);
    }
    hb_buffer_clear_contents(s->buf);
    hb_buffer_add_utf8(s->buf, text, (int)len, 0, (int)len);
    hb_buffer_set_direction(s->buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(s->buf, HB_SCRIPT_LATIN);
    hb_buffer_set_language(s->buf, lang);
    hb_buffer_set_cluster_level(s->buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_shape(hb, s->buf, feats, nf);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, &n);
    w->font = font;
    w->upem = f->units_per_em;
    w->nglyphs = (int)n;
    w->glyphs = arena_alloc(&s->mem, sizeof *w->glyphs * (n ? n : 1));
    w->width = 0;
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
        w->width += g->advance;
    }
}

const shaped_word *shaper_word_lang_with(shaper *s, int font, const char *lang_tag, unsigned features, const char *text,
                                         size_t len)
{
    hb_language_t lang = hb_language_from_string(lang_tag ? lang_tag : "es", -1);
    uint64_t h = hash_key(font, features, hb_language_to_string(lang), text, len);
    size_t i = h & (s->size - 1);
    s->lookups++;
    while (s->table[i].key) {
        entry *e = &s->table[i];
        if (e->hash == h && e->font == font && e->features == features && e->lang == lang && e->len == len &&
            memcmp(e->key, text, len) == 0)
            return e->word;
        i = (i + 1) & (s->size - 1);
    }
    entry *e = &s->table[i];
    e->key = arena_strndup(&s->mem, text, len);
    e->len = (uint32_t)len;
    e->font = font;
    e->features = features;
    e->lang = lang;
    e->hash = h;
    shaped_word *w = arena_alloc(&s->mem, sizeof *w);
    e->word = w;
    shape_once(s, font, features, lang, text, len, w);
    w->text = e->key;
    w->len = (uint32_t)len;
    if (++s->used * 2 > s->size) grow(s);
    return w;
}

const shaped_word *shaper_word_with(shaper *s, int font, unsigned features, const char *text, size_t len)
{
    return shaper_word_lang_with(s, font, "es", features, text, len);
}

const shaped_word *shaper_word_lang(shaper *s, int font, const char *lang, const char *text, size_t len)
{
    return shaper_word_lang_with(s, font, lang, 0, text, len);
}

const shaped_word *shaper_word(shaper *s, int font, const char *text, size_t len)
{
    return shaper_word_with(s, font, 0, text, len);
}

const shaped_word *shaper_soft_hyphen(shaper *s, int font)
{
    if (s->soft_hyphen[font]) return s->soft_hyphen[font];
    /* not shaped: HarfBuzz treats U+00AD as default-ignorable and draws nothing */
    uint32_t gid = font_glyph(s->fs, font, 0xAD);
    if (!gid) gid = font_glyph(s->fs, font, '-');
    shaped_word *w = arena_alloc(&s->mem, sizeof *w);
    w->glyphs = arena_alloc(&s->mem, sizeof *w->glyphs);
    w->glyphs[0] = (shaped_glyph){gid, font_advance(s->fs, font, gid), font_advance(s->fs, font, gid), 0, 0, 2};
    w->nglyphs = 1;
    w->font = font;
    w->upem = s->fs->fonts[font].units_per_em;
    w->width = w->glyphs[0].advance;
    w->text = "\xC2\xAD";
    w->len = 2;
    s->soft_hyphen[font] = w;
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
