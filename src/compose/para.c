/* para.c - inline content → items → lines (see para.h). */
#include "para.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/hindex.h"
#include "../base/utf8.h"
#include "../base/xalloc.h"

/* ---------- styled text ---------- */

/* What folio adds inside words besides the hyphenation points. A break in
 * an address costs what a compound's own hyphen does (the character is
 * already there). An emergency break, where a word has none, is the last
 * resort (TeX would leave the line overfull): squared, it outweighs any
 * line within the tolerance. */
#define EMERGENCY_PENALTY 5000

typedef struct span_style {
    int family, bold, italic, sc, nobr;
    int lang;          /* index in env->langs: hyphenation patterns and HarfBuzz's language */
    int sc_synth;      /* small capitals synthesised (the font has no smcp) */
    fo_sp size, rise;
    const layout_color *color; /* the layout's (or the pass's): runs point at it */
    fo_sp letter_spacing;
    int uppercase;
    const char *href;  /* inside <link>: the outside address */
    const char *dest;  /* inside a <ref>: the id it points at (an internal link) */
    int sid;           /* the structure element the text belongs to (tagged PDF) */
} span_style;

/* One piece of a word in one style. */
typedef struct seg {
    char *text;
    int len;
    span_style st;
    int note;          /* >= 0: this segment is a note call (its mark) */
    diag_loc loc;      /* the place of the text it came from (its first piece) */
    int seq;           /* reading-order key: the last structure element created before it */
} seg;

/* Where a later piece of a merged segment came from (another text node). */
typedef struct seg_place {
    int seg, off;      /* segment index and byte offset where the piece starts */
    diag_loc loc;
} seg_place;

/* What a box draws: glyphs [g0, g1) of a shaped word. */
typedef struct pbox {
    const shaped_word *w;
    int g0, g1;
    int font;
    fo_sp size, rise, letter_spacing;
    const layout_color *color;
    int note;          /* mark: note index, or -1 */
    const char *href;  /* a link's address, or NULL */
    const char *dest;  /* an internal link's target id, or NULL */
    int sid, seq;      /* structure element and reading-order key (tagged PDF) */
} pbox;

typedef struct disc {
    int pre, post;     /* pbox indexes drawn when the break is taken, or -1 */
    int emergency;     /* a break where the word (or no-break group) has none: only to fit the measure */
    int relaxable;     /* a no-break place (penalty INF): it may break at EMERGENCY_PENALTY when
                          nothing else keeps a line within the measure (relax_no_breaks) */
} disc;

typedef struct builder {
    const para_env *env;
    const para_opts *o;
    item *items;
    int n, cap;
    pbox *boxes;
    int nboxes, boxes_cap;
    disc *discs;
    int ndiscs, discs_cap;
    seg *word;         /* current word's segments */
    int nword, word_cap;
    seg_place *places; /* pieces of the current word's segments from other places */
    int nplaces, places_cap;
    diag_loc loc;      /* the place of the text being walked (for messages) */
    vmark *marks;      /* index/anchor marks waiting for the next box */
    int nmarks, marks_cap;
    struct { int item; vmark m; } *placed;  /* marks attached to items */
    int nplaced, placed_cap;
    fo_sp pending_protrusion;
    int glue_pending;  /* a space was seen since the last word */
    span_style space_style;
    int space_nobr;
    int hyphenate;
    int32_t space_penalty; /* the break at the next space (o->balance: a title's sense boundaries) */
} builder;

static int is_digit_start(const char *s) { return *s >= '0' && *s <= '9'; }

static int is_word_char(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp >= 0xC0;
}

/* Upper-case UTF-8 for the Latin letters of Spanish (running heads, labels, sc). */
static char *upper_utf8(const char *s, int len, int *outlen)
{
    char *out = xmalloc((size_t)len * 2 + 1);
    int o = 0;
    for (int i = 0; i < len;) {
        int cl;
        uint32_t cp = utf8_decode(s + i, (size_t)(len - i), &cl);
        if (cp >= 'a' && cp <= 'z') cp -= 32;
        else if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) cp -= 32;
        o += utf8_encode(cp, out + o);
        i += cl;
    }
    out[o] = 0;
    *outlen = o;
    return out;
}

static void push_item(builder *b, item it) { VEC_PUSH(b->items, b->n, b->cap, it); }

/* ---------- languages ---------- */

const lang_words *para_words(const para_env *env, int lang)
{
    if (env->langs && lang >= 0 && lang < env->nlangs) return &env->langs[lang].words;
    if (env->langs && env->nlangs > 0) return &env->langs[0].words;
    return lang_builtin("es");
}

static const hyphenator *lang_hyphenator(const para_env *env, int lang)
{
    if (!env->langs) return env->hy;
    return lang >= 0 && lang < env->nlangs ? env->langs[lang].hy : NULL;
}

static const char *lang_tag(const para_env *env, int lang)
{
    if (env->langs && lang >= 0 && lang < env->nlangs) return env->langs[lang].tag;
    return env->langs && env->nlangs ? env->langs[0].tag : "es";
}

static void attach_marks(builder *b)
{
    for (int i = 0; i < b->nmarks; i++) {
        VEC_GROW(b->placed, b->nplaced, b->placed_cap);
        b->placed[b->nplaced].item = b->n;
        b->placed[b->nplaced].m = b->marks[i];
        b->nplaced++;
    }
    b->nmarks = 0;
}

/* The font that has every character of s, preferring the style's own. */
static int font_for_char(const para_env *env, const span_style *st, uint32_t cp)
{
    int primary = fontset_pick(env->fs, st->family, st->bold, st->italic);
    if (cp < 0x80 || font_glyph(env->fs, primary, cp)) return primary;
    for (int fam = 0; fam < env->lay->nfamilies; fam++) {
        int id = fontset_pick(env->fs, fam, st->bold, st->italic);
        if (font_glyph(env->fs, id, cp)) return id;
    }
    for (int id = 0; id < env->fs->nfonts; id++)
        if (font_glyph(env->fs, id, cp)) return id;
    return -1;
}

static int same_loc(diag_loc a, diag_loc b)
{
    return a.file == b.file && a.line == b.line && a.col == b.col;
}

/* The place of byte off of segment s of the current word. */
static diag_loc seg_loc(const builder *b, int s, int off)
{
    diag_loc loc = b->word[s].loc;
    for (int i = 0; i < b->nplaces; i++)
        if (b->places[i].seg == s && b->places[i].off <= off) loc = b->places[i].loc;
    return loc;
}

/* Report a font problem unless the same message is already in the sink: each
 * (face, character) pair once. The sink is the set: the build drops a layout
 * pass's diagnostics before the next pass, so a pair is reported once in the
 * build's output, deterministically, and nothing is kept outside the sink. */
static void report_once(diag_sink *d, diag_severity sev, diag_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report_once(diag_sink *d, diag_severity sev, diag_loc loc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (int i = d->count - 1; i >= 0; i--)
        if (d->entries[i].severity == sev && !strcmp(d->entries[i].message, msg)) return;
    diag_report(d, sev, loc, "%s", msg);
}

/* The font that draws byte off of segment s: the style's face, or the face of
 * another family that has the character (reported, once per face and
 * character, at the text's place); a character in no font at all is an error
 * and drawn (as .notdef) with the style's face. */
static int seg_char_font(builder *b, int s, int off, uint32_t cp)
{
    const para_env *env = b->env;
    const span_style *st = &b->word[s].st;
    int font = font_for_char(env, st, cp);
    int primary = fontset_pick(env->fs, st->family, st->bold, st->italic);
    if (font < 0) {
        report_once(env->d, DIAG_ERROR, seg_loc(b, s, off), "U+%04X is in no font of the layout", cp);
        return primary;
    }
    /* text of the manuscript falls back with a warning; text the layout or
     * folio supplies (no place: "→ p. 17") falls back silently, by design */
    if (font != primary && seg_loc(b, s, off).file)
        report_once(env->d, DIAG_WARNING, seg_loc(b, s, off), "U+%04X is not in %s; taken from %s", cp,
                    env->fs->fonts[primary].name, env->fs->fonts[font].name);
    return font;
}

static int add_pbox(builder *b, const shaped_word *w, int g0, int g1, int font, const span_style *st, int note, int seq)
{
    pbox pb = {w, g0, g1, font, st->size, st->rise, st->letter_spacing, st->color, note, st->href, st->dest, st->sid, seq};
    VEC_PUSH(b->boxes, b->nboxes, b->boxes_cap, pb);
    return b->nboxes - 1;
}

static fo_sp pbox_width(const builder *b, int i)
{
    const pbox *pb = &b->boxes[i];
    const fo_font *f = &b->env->fs->fonts[pb->font];
    int64_t units = 0;
    for (int g = pb->g0; g < pb->g1; g++) units += pb->w->glyphs[g].advance;
    return font_units_to_sp(f, pb->size, units) + pb->letter_spacing * (pb->g1 - pb->g0);
}

/* Right protrusion (hanging punctuation), as a share of the glyph's width,
 * after pdfTeX/microtype's defaults for the final character of a line. */
static double protrusion_share(uint32_t cp)
{
    switch (cp) {
    case '.': case ',': return 0.7;
    case '-': case 0x2010: return 0.7;
    case 0x2013: case 0x2014: return 0.3;
    case ':': case ';': return 0.5;
    case 0x201D: case 0x2019: case 0xBB: case '"': case '\'': return 0.5;
    case '!': case '?': return 0.2;
    case ')': return 0.1;
    default: return 0.0;
    }
}

static fo_sp last_glyph_protrusion(const builder *b, int box)
{
    const pbox *pb = &b->boxes[box];
    if (pb->g1 <= pb->g0 || !b->env->lay->lb.protrusion) return 0;
    const shaped_glyph *g = &pb->w->glyphs[pb->g1 - 1];
    if (g->cluster_len == 0) return 0;
    int cl;
    uint32_t cp = utf8_decode(pb->w->text + g->cluster, g->cluster_len, &cl);
    double share = protrusion_share(cp);
    if (share <= 0) return 0;
    const fo_font *f = &b->env->fs->fonts[pb->font];
    return (fo_sp)(share * (double)font_units_to_sp(f, pb->size, g->advance));
}

static const shaped_word *shape(builder *b, int font, const span_style *st, const char *t, int len)
{
    /* the span's language (HarfBuzz's localised forms); NULL st: the book's */
    unsigned features = (st && st->sc ? SHAPE_SMCP : 0) | (b->o->tabular_figures ? SHAPE_TNUM : 0);
    return shaper_word_lang_with(b->env->sh, font, lang_tag(b->env, st ? st->lang : 0), features, t, (size_t)len);
}

/* Emit the glue between two words. */
static void emit_glue(builder *b)
{
    const para_env *env = b->env;
    const span_style *st = &b->space_style;
    int font = fontset_pick(env->fs, st->family, st->bold, st->italic);
    const fo_font *f = &env->fs->fonts[font];
    fo_sp space = font_units_to_sp(f, st->size, shaper_space(env->sh, font));
    fo_sp stretch = (fo_sp)(space * env->lay->lb.space_stretch);
    fo_sp shrink = (fo_sp)(space * env->lay->lb.space_shrink);
    doc_align align = b->o->align;
    if (b->space_nobr) {
        /* no break here, unless the no-break group is wider than the measure (relax_no_breaks) */
        disc dc = {-1, -1, 1, 1};
        VEC_PUSH(b->discs, b->ndiscs, b->discs_cap, dc);
        push_item(b, item_penalty(0, PENALTY_INF, 0, b->ndiscs - 1));
    }
    if (align == ALIGN_JUSTIFY) {
        if ((b->pending_protrusion || b->space_penalty) && !b->space_nobr)
            push_item(b, item_penalty(0, b->space_penalty, 0, -1));
        push_item(b, item_glue(space + b->pending_protrusion, stretch, shrink, -1));
    } else {
        /* ragged: Knuth & Plass 1981, section "Ragged right": glue(0, R) penalty(0) glue(space, -R);
         * a title to balance takes any rag (R the measure): its sense boundaries
         * choose the breaks, balance_lines() evens the lines */
        fo_sp R = b->o->balance ? b->o->measure : 3 * st->size;
        if (b->space_nobr) push_item(b, item_glue(space + b->pending_protrusion, 0, 0, -1));
        else {
            push_item(b, item_glue(0, R, 0, -1));
            push_item(b, item_penalty(0, b->space_penalty, 0, -1));
            push_item(b, item_glue(space + b->pending_protrusion, -R, 0, -1));
        }
    }
    b->space_penalty = 0;
    b->pending_protrusion = 0;
}

/* Spanish no-break rules between the previous word and the next one. */
static int keep_together(const char *prev, int prev_len, const char *next)
{
    static const char *before_number[] = {"US$", "$", "N.º", "N°", "Nº", "n.º", "Nos.", "N.os", "§", "art.", "Art.", NULL};
    static const char *units[] = {"%", "‰", "km", "kg", "m", "mm", "cm", "ha", "millones", "mil", "°C", "UF", NULL};
    char word[64];
    if (prev_len <= 0 || prev_len >= (int)sizeof word) return 0;
    memcpy(word, prev, (size_t)prev_len);
    word[prev_len] = 0;
    for (int i = 0; before_number[i]; i++)
        if (!strcmp(word, before_number[i])) return 1;
    /* "Ley N.º", "Decreto N.º": the label keeps with its sign */
    if (!strncmp(next, "N.º", 4) || !strncmp(next, "N°", 3) || !strncmp(next, "Nº", 3)) return 1;
    if (is_digit_start(word)) {
        for (int i = 0; units[i]; i++) {
            size_t ul = strlen(units[i]);
            if (!strncmp(next, units[i], ul) &&
                (next[ul] == 0 || next[ul] == ' ' || next[ul] == ',' || next[ul] == '.' || next[ul] == ')' || next[ul] == ';'))
                return 1;
        }
    }
    /* initials: "J. Martínez", "E. E. U. U." */
    {
        int cl;
        uint32_t c0 = utf8_decode(word, (size_t)prev_len, &cl);
        if (cl + 1 == prev_len && word[cl] == '.' && ((c0 >= 'A' && c0 <= 'Z') || (c0 >= 0xC0 && c0 <= 0xDE))) return 1;
    }
    /* a sign alone keeps with the word before it: "en miles de $", never "$"
     * alone at a line's head */
    {
        size_t n = next[0] == '$' || next[0] == '%' ? 1 : !strncmp(next, "‰", 3) ? 3 : 0;
        if (n && (next[n] == 0 || strchr(" ),;.:", next[n]))) return 1;
    }
    /* a raya alone: keep it with its neighbour */
    if (!strcmp(word, "—") || !strncmp(next, "— ", 4) || !strcmp(next, "—")) return 1;
    return 0;
}

/* A title breaks at its sense boundaries: the penalty of a break after
 * word w (o->balance). Never after an article, a preposition or a
 * conjunction ("modelo de / fomento" reads as two titles): the word keeps
 * with what it introduces; gladly after a colon, a semicolon or a comma
 * (a negative penalty, worth a somewhat looser line). */
#define SENSE_KEEP_PENALTY 3000
#define SENSE_COLON_BONUS (-300) /* after a colon or a raya: the title's strongest boundary */
#define SENSE_BREAK_BONUS (-100) /* after a comma or a semicolon */
#define SENSE_PHRASE_BONUS (-50) /* before an article or a preposition: a phrase begins */
#define TITLE_LINE_PENALTY 1000

static const char *const function_words[] = {
        "a", "al", "ante", "bajo", "con", "contra", "de", "del", "desde", "e", "el", "en", "entre", "hacia",
        "hasta", "la", "las", "lo", "los", "ni", "o", "para", "por", "que", "según", "sin", "sobre", "su",
        "sus", "tras", "u", "un", "una", "unas", "unos", "y", /* and English */ "an", "and", "as", "at",
        "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with", NULL};

static int is_function_word(const char *w, int len)
{
    for (int i = 0; function_words[i]; i++)
        if ((int)strlen(function_words[i]) == len && !memcmp(function_words[i], w, (size_t)len)) return 1;
    return 0;
}

static int32_t sense_penalty(const char *w, int len)
{
    if (len <= 0) return 0;
    char c = w[len - 1];
    if (c == ':' || (len >= 3 && !memcmp(w + len - 3, "\xE2\x80\x94", 3))) return SENSE_COLON_BONUS;
    if (c == ';' || c == ',') return SENSE_BREAK_BONUS;
    return is_function_word(w, len) ? SENSE_KEEP_PENALTY : 0;
}

/* A number and the word it qualifies, in either order: "56 barrios",
 * "Zona 0" (tables keep them on one line: para_opts.keep_numbers). */
static int number_with_word(const char *prev, int prev_len, const char *next, int next_len)
{
    int cl;
    if (prev_len <= 0 || next_len <= 0) return 0;
    uint32_t a = utf8_decode(prev, (size_t)prev_len, &cl), z = utf8_decode(next, (size_t)next_len, &cl);
    int prev_num = a >= '0' && a <= '9', next_num = z >= '0' && z <= '9';
    if (prev_num) {
        for (int i = 0; i < prev_len; i++)
            if (!strchr("0123456789.,", prev[i])) return 0;
        return !next_num && is_word_char(z);
    }
    if (!next_num || !is_word_char(a)) return 0;
    for (int i = 0; i < next_len; i++)
        if (!strchr("0123456789.,;:)", next[i])) return 0;
    return prev[prev_len - 1] != ',' && prev[prev_len - 1] != ';' && prev[prev_len - 1] != ':';
}

/* The text of the current word (all segments), for hyphenation and no-break tests. */
static int word_text(const builder *b, char *buf, int cap)
{
    int n = 0;
    for (int i = 0; i < b->nword; i++) {
        if (b->word[i].note >= 0) continue;
        if (n + b->word[i].len >= cap) return -1;
        memcpy(buf + n, b->word[i].text, (size_t)b->word[i].len);
        n += b->word[i].len;
    }
    buf[n] = 0;
    return n;
}

/* ---------- breaks inside a word ---------- */

/* A capitalised word (a name: Chile, Allende, Antofagasta; or a sentence's
 * first word) is hyphenated only where no setting within the tolerance
 * avoids it, even with a little emergency stretch: its hyphens are reluctant
 * (LB_RELUCTANT, see linebreak.h), TeX's \uchyph as a price rather than a
 * ban (Martínez de Sousa advises against dividing proper names). Where they
 * are legal, this is added to the hyphen penalty: squared, about 10^6
 * demerits, more than any line the tolerance admits costs. */
#define UC_HYPHEN_PENALTY 900

typedef enum { BRK_SOFT, BRK_EXPLICIT, BRK_PLAIN } brk_kind;

/* A place where the current word may break. */
typedef struct wbreak {
    int off;           /* byte offset in the word's text (its segments joined, note calls left out) */
    uint8_t kind;      /* brk_kind: a hyphen is added, the word's own hyphen repeats, nothing is added */
    uint8_t emergency; /* only because a piece of the word is wider than the measure */
    uint8_t reluctant; /* a hyphen in a capitalised word: only when nothing else fits (LB_RELUCTANT) */
    int32_t penalty;
} wbreak;

typedef struct wbreaks {
    wbreak *v;
    int n, cap;
} wbreaks;

static void add_break(wbreaks *w, int off, brk_kind kind, int32_t penalty, int emergency, int reluctant)
{
    for (int i = 0; i < w->n; i++)
        if (w->v[i].off == off) return; /* the first reason given stands */
    wbreak k = {off, (uint8_t)kind, (uint8_t)emergency, (uint8_t)reluctant, penalty};
    VEC_PUSH(w->v, w->n, w->cap, k);
    for (int i = w->n - 1; i > 0 && w->v[i - 1].off > w->v[i].off; i--) { /* kept in order */
        wbreak t = w->v[i];
        w->v[i] = w->v[i - 1];
        w->v[i - 1] = t;
    }
}

/* The current word's text, its segments joined (note calls left out); malloc'd. */
static char *word_whole(const builder *b, int *len)
{
    int n = 0;
    for (int i = 0; i < b->nword; i++)
        if (b->word[i].note < 0) n += b->word[i].len;
    char *w = xmalloc((size_t)n + 1);
    n = 0;
    for (int i = 0; i < b->nword; i++)
        if (b->word[i].note < 0) {
            memcpy(w + n, b->word[i].text, (size_t)b->word[i].len);
            n += b->word[i].len;
        }
    w[n] = 0;
    *len = n;
    return w;
}

/* Whether the word's first letter (after opening marks: «¿( …) is a capital. */
static int capitalised(const char *w, int len)
{
    for (int i = 0; i < len;) {
        int cl;
        uint32_t cp = utf8_decode(w + i, (size_t)(len - i), &cl);
        if (is_word_char(cp)) return utf8_to_lower(cp) != cp;
        i += cl;
    }
    return 0;
}

/* An address, which breaks at its own punctuation rather than by syllables:
 * an URL (scheme://, www.), an e-mail address (a '@' with a '.' after it)
 * or a path (starting with '/' or '~/' and holding another '/'). */
static int is_address(const char *w, int len)
{
    int a = 0;
    while (a < len && strchr("(\"'[<", w[a])) a++;
    if ((unsigned char)w[a] == 0xC2 && a + 1 < len && (unsigned char)w[a + 1] == 0xAB) a += 2; /* « */
    if ((unsigned char)w[a] == 0xE2 && a + 2 < len) a += 3;                                 /* “ ‘ */
    const char *core = w + a;
    int n = len - a;
    if (n < 6) return 0;
    const char *at = memchr(core, '@', (size_t)n);
    if (at && at > core && memchr(at, '.', (size_t)(n - (at - core)))) return 1;
    for (int i = 0; i + 2 < n; i++)
        if (core[i] == ':' && core[i + 1] == '/' && core[i + 2] == '/') return 1;
    if (n > 4 && !strncmp(core, "www.", 4)) return 1;
    if (core[0] == '/' || (core[0] == '~' && core[1] == '/'))
        return memchr(core + 2, '/', (size_t)(n - 2)) != NULL;
    return 0;
}

static int address_break_char(char c) { return c && strchr("/.-_?&=", c) != NULL; }

/* An address breaks after / . - _ ? & = (no hyphen is added: one would read
 * as part of the address), not inside a run of them ("//" stays whole), and
 * never within two characters of its ends (nor before closing punctuation). */
static void address_breaks(const char *w, int len, int32_t penalty, wbreaks *out)
{
    int end = len;
    while (end > 0 && strchr(".,;:!?)]\"'>", w[end - 1])) end--;
    if (end >= 2 && (unsigned char)w[end - 2] == 0xC2 && (unsigned char)w[end - 1] == 0xBB) end -= 2; /* » */
    for (int i = 2; i + 2 < end; i++)
        if (address_break_char(w[i - 1]) && !address_break_char(w[i])) add_break(out, i, BRK_PLAIN, penalty, 0, 0);
}

/* The natural width of bytes [from, to) of the current word (each segment in
 * its style's face; fallback faces are not looked for: an estimate). */
static fo_sp word_range_width(builder *b, int from, int to)
{
    const para_env *env = b->env;
    fo_sp w = 0;
    int base = 0;
    for (int s = 0; s < b->nword; s++) {
        const seg *sg = &b->word[s];
        if (sg->note >= 0) continue;
        int a = from > base ? from : base, e = to < base + sg->len ? to : base + sg->len;
        if (a < e) {
            int font = fontset_pick(env->fs, sg->st.family, sg->st.bold, sg->st.italic);
            const shaped_word *sw = shaper_word(env->sh, font, sg->text + (a - base), (size_t)(e - a));
            w += font_units_to_sp(&env->fs->fonts[font], sg->st.size, sw->width) + sg->st.letter_spacing * sw->nglyphs;
        }
        base += sg->len;
    }
    return w;
}

/* Emergency breaks inside every piece of the word (between two of its
 * breaks) that is wider than the narrowest line: at any character boundary
 * but within two characters of the word's ends or before a combining mark.
 * A break between two letters of a word adds a hyphen; in an address or
 * between other characters it adds nothing. */
static void emergency_breaks(builder *b, const char *w, int len, int address, int nobr, wbreaks *out)
{
    fo_sp avail = b->o->measure;
    if (b->o->first_width > 0 && b->o->first_width < avail) avail = b->o->first_width;
    /* a word too short to reach across the line whatever its glyphs (each
     * at most the widest glyph, a quarter more for kerning): the usual case,
     * decided without shaping */
    fo_sp bound = 0;
    int chars = (int)utf8_count(w, (size_t)len);
    for (int s = 0; s < b->nword; s++) {
        const span_style *st = &b->word[s].st;
        const fo_font *f = &b->env->fs->fonts[fontset_pick(b->env->fs, st->family, st->bold, st->italic)];
        fo_sp glyph = font_units_to_sp(f, st->size, f->max_advance) * 5 / 4 + st->letter_spacing;
        if (glyph > bound) bound = glyph;
    }
    if (bound * chars <= avail) return;
    if (word_range_width(b, 0, len) <= avail) return; /* the whole word fits: one lookup */
    int nb = out->n;
    int *cuts = xmalloc(sizeof *cuts * (size_t)(nb + 2));
    cuts[0] = 0;
    for (int i = 0; i < nb; i++) cuts[i + 1] = out->v[i].off;
    cuts[nb + 1] = len;
    int ncp = (int)utf8_count(w, (size_t)len);
    for (int k = 0; k <= nb; k++) {
        if (word_range_width(b, cuts[k], cuts[k + 1]) <= avail) continue;
        int cpi = (int)utf8_count(w, (size_t)cuts[k]), cl;
        uint32_t prev = 0;
        for (int i = cuts[k]; i < cuts[k + 1]; i += cl, cpi++) {
            uint32_t cp = utf8_decode(w + i, (size_t)(len - i), &cl);
            if (i > cuts[k] && cpi >= 2 && ncp - cpi >= 2 && !(cp >= 0x300 && cp <= 0x36F)) {
                int letters = !address && is_word_char(prev) && is_word_char(cp) && !(prev >= '0' && prev <= '9') &&
                              !(cp >= '0' && cp <= '9');
                add_break(out, i, letters ? BRK_SOFT : BRK_PLAIN, nobr ? PENALTY_INF : EMERGENCY_PENALTY, 1, 0);
            }
            prev = cp;
        }
    }
    free(cuts);
}

/* Where the current word may break: its hyphenation points (when it is one
 * plain segment, plus note calls after it, and not nobr: nobr content stays
 * on one line), the punctuation of an address, and emergency breaks where a
 * piece of it is wider than the line. */
static void word_breaks(builder *b, wbreaks *out)
{
    const para_env *env = b->env;
    const layout_linebreak *L = &env->lay->lb;
    int len;
    char *whole = word_whole(b, &len);
    int nobr = b->word[0].st.nobr;
    const hyphenator *hy = lang_hyphenator(env, b->word[0].st.lang); /* the word's language's, or none */
    int address = len > 0 && is_address(whole, len);
    if (address && !nobr) address_breaks(whole, len, L->explicit_hyphen_penalty, out);
    else if (b->hyphenate && hy && b->word[0].note < 0 && !b->word[0].st.nobr && len > 0 &&
             (b->nword == 1 || (b->nword >= 2 && b->word[1].note >= 0))) {
        hyph_point pts[32];
        int npts = hyphenator_points(hy, b->word[0].text, (size_t)b->word[0].len, pts, 32);
        int caps = capitalised(whole, len);
        for (int p = 0; p < npts; p++) {
            int soft = pts[p].kind == HYPH_SOFT;
            add_break(out, (int)pts[p].offset, soft ? BRK_SOFT : BRK_EXPLICIT,
                      soft ? L->hyphen_penalty + (caps ? UC_HYPHEN_PENALTY : 0) : L->explicit_hyphen_penalty, 0,
                      soft && caps);
        }
    }
    /* in a nobr word too, but those break only to keep a line within the measure (relax_no_breaks) */
    if (!b->o->no_emergency && len > 0) emergency_breaks(b, whole, len, address, nobr, out);
    free(whole);
}

/* The break k at the end of the box just pushed (last_box, in font and st). */
static void emit_break(builder *b, const wbreak *k, int last_box, int font, const span_style *st, int seq)
{
    const para_env *env = b->env;
    const fo_font *f = &env->fs->fonts[font];
    disc dc = {-1, -1, k->emergency, k->penalty >= PENALTY_INF};
    fo_sp pw = 0, post = 0;
    if (k->kind == BRK_PLAIN) {
        /* nothing is added; the character before the break may hang as at a line's end */
        if (last_box >= 0) pw = -last_glyph_protrusion(b, last_box);
    } else {
        const shaped_word *hyw = shape(b, font, NULL, "-", 1);
        fo_sp hw = font_units_to_sp(f, st->size, hyw->width);
        if (k->kind == BRK_SOFT) {
            /* printed as the soft hyphen's glyph: the word reads back whole */
            const shaped_word *soft = shaper_soft_hyphen(env->sh, font);
            hw = font_units_to_sp(f, st->size, soft->width);
            dc.pre = add_pbox(b, soft, 0, soft->nglyphs, font, st, -1, seq);
            pw = hw;
            if (env->lay->lb.protrusion) pw -= (fo_sp)(0.7 * (double)hw);
        } else {
            /* RAE 2010: the compound's hyphen is repeated at the start of the
             * next line, in the languages that do so (hyphenate.h); in the
             * others it only ends the line */
            if (hyphenator_repeats_hyphen(lang_hyphenator(env, st->lang))) {
                dc.post = add_pbox(b, hyw, 0, hyw->nglyphs, font, st, -1, seq);
                post = hw;
            }
            if (env->lay->lb.protrusion) pw = -(fo_sp)(0.7 * (double)hw);
        }
    }
    VEC_PUSH(b->discs, b->ndiscs, b->discs_cap, dc);
    item pen = item_penalty(pw, k->penalty, k->kind != BRK_PLAIN, b->ndiscs - 1);
    pen.inword = k->kind == BRK_PLAIN;
    if (k->reluctant) pen.flagged = LB_RELUCTANT;
    pen.post_width = post;
    push_item(b, pen);
}

static void flush_word(builder *b)
{
    if (b->nword == 0) return;

    if (b->glue_pending) {
        if (b->o->balance && b->space_penalty == 0) {
            /* a title: gladly before a phrase that an article or a preposition opens */
            int len;
            char *w = word_whole(b, &len);
            if (is_function_word(w, len)) b->space_penalty = SENSE_PHRASE_BONUS;
            free(w);
        }
        emit_glue(b);
        b->glue_pending = 0;
    }

    wbreaks brk = {NULL, 0, 0};
    word_breaks(b, &brk);

    int last_box = -1;
    int base = 0; /* offset of the segment in the word's text */
    for (int s = 0; s < b->nword; s++) {
        seg *sg = &b->word[s];
        int seg_base = base;
        if (sg->note < 0) base += sg->len;
        /* split the segment where the font changes (fallback for missing
         * characters); each character's font is found (and reported) once */
        int start = 0;
        int font = -1;
        while (start < sg->len) {
            int cl;
            uint32_t cp = utf8_decode(sg->text + start, (size_t)(sg->len - start), &cl);
            if (font < 0) font = seg_char_font(b, s, start, cp);
            int end = start + cl, next_font = -1;
            while (end < sg->len) {
                uint32_t c2 = utf8_decode(sg->text + end, (size_t)(sg->len - end), &cl);
                int f2 = seg_char_font(b, s, end, c2);
                if (f2 != font) {
                    next_font = f2;
                    break;
                }
                end += cl;
            }
            const shaped_word *w = shape(b, font, &sg->st, sg->text + start, end - start);
            /* a break where a segment or a face ends (an address half in <em>) */
            for (int p = 0; p < brk.n && sg->note < 0 && last_box >= 0; p++)
                if (brk.v[p].off == seg_base + start) emit_break(b, &brk.v[p], last_box, font, &sg->st, sg->seq);
            /* boxes between the breaks that fall inside [start, end) */
            int g = 0;
            for (int p = 0; p <= brk.n; p++) {
                int cut_glyph = w->nglyphs;
                if (p < brk.n) {
                    int off = brk.v[p].off - seg_base - start;
                    if (sg->note >= 0 || off <= 0 || off >= end - start) continue;
                    cut_glyph = -1;
                    for (int k = g; k < w->nglyphs; k++)
                        if ((int)w->glyphs[k].cluster == off && w->glyphs[k].cluster_len > 0) { cut_glyph = k; break; }
                        else if ((int)w->glyphs[k].cluster > off) break;
                    if (cut_glyph < 0) continue; /* inside a ligature: no break here */
                }
                int bi = add_pbox(b, w, g, cut_glyph, font, &sg->st, -1, sg->seq);
                fo_sp wd = pbox_width(b, bi);
                attach_marks(b);
                push_item(b, item_box(wd, wd, bi));
                last_box = bi;
                g = cut_glyph;
                if (g >= w->nglyphs) break;
                emit_break(b, &brk.v[p], last_box, font, &sg->st, sg->seq);
            }
            start = end;
            font = next_font;
        }
        if (sg->note >= 0 && last_box >= 0) b->boxes[last_box].note = sg->note;
    }
    free(brk.v);
    if (last_box >= 0) {
        fo_sp p = last_glyph_protrusion(b, last_box);
        if (p > 0) {
            b->items[b->n - 1].width -= p;
            b->pending_protrusion = p;
        }
    }
    for (int i = 0; i < b->nword; i++) free(b->word[i].text);
    b->nword = 0;
    b->nplaces = 0;
    b->space_nobr = 0;
}

/* ---------- walking the inline tree ---------- */

typedef struct walker {
    builder *b;
    char prev_word[128];
    int prev_len;
    int after_space;
} walker;

/* Field by field: memcmp would compare padding bytes, which struct copies
 * leave undefined (and builds would stop being byte-identical). */
static int same_style(const span_style *a, const span_style *b)
{
    return a->family == b->family && a->bold == b->bold && a->italic == b->italic && a->sc == b->sc && a->sc_synth == b->sc_synth &&
           a->nobr == b->nobr && a->size == b->size && a->rise == b->rise && layout_color_eq(*a->color, *b->color) && a->letter_spacing == b->letter_spacing &&
           a->uppercase == b->uppercase && a->href == b->href && a->dest == b->dest && a->sid == b->sid &&
           a->lang == b->lang;
}

static void add_char_seg(builder *b, const char *t, int len, const span_style *st, int note)
{
    /* merge with the previous segment when the style is the same */
    if (b->nword > 0 && note < 0 && b->word[b->nword - 1].note < 0 &&
        same_style(&b->word[b->nword - 1].st, st)) {
        seg *sg = &b->word[b->nword - 1];
        if (!same_loc(seg_loc(b, b->nword - 1, sg->len), b->loc)) {
            seg_place pl = {b->nword - 1, sg->len, b->loc};
            VEC_PUSH(b->places, b->nplaces, b->places_cap, pl);
        }
        sg->text = xrealloc(sg->text, (size_t)(sg->len + len + 1));
        memcpy(sg->text + sg->len, t, (size_t)len);
        sg->len += len;
        sg->text[sg->len] = 0;
        return;
    }
    seg sg = {xstrndup(t, (size_t)len), len, *st, note, b->loc, b->env->tags ? b->env->tags->nstructs - 1 : -1};
    VEC_PUSH(b->word, b->nword, b->word_cap, sg);
}

static void walk_text(walker *wk, const char *text, const span_style *st);

static int is_lower_latin(uint32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7); }

/* Synthesised small capitals: runs of lower-case letters as capitals at 80 %,
 * everything else as it is. */
static void walk_text_sc_synth(walker *wk, const char *text, const span_style *st)
{
    span_style plain = *st, small = *st;
    plain.sc_synth = small.sc_synth = 0;
    small.uppercase = 1;
    small.size = st->size * 4 / 5;
    size_t n = strlen(text);
    char *buf = xmalloc(n + 1);
    for (size_t i = 0; i < n;) {
        int cl;
        int lower = is_lower_latin(utf8_decode(text + i, n - i, &cl));
        size_t j = i;
        while (j < n) {
            uint32_t cp = utf8_decode(text + j, n - j, &cl);
            if (is_lower_latin(cp) != lower) break;
            j += (size_t)cl;
        }
        memcpy(buf, text + i, j - i);
        buf[j - i] = 0;
        walk_text(wk, buf, lower ? &small : &plain);
        i = j;
    }
    free(buf);
}

static void walk_text(walker *wk, const char *text, const span_style *st)
{
    builder *b = wk->b;
    if (st->sc_synth) {
        walk_text_sc_synth(wk, text, st);
        return;
    }
    int len = (int)strlen(text);
    char *up = NULL;
    if (st->uppercase) {
        up = upper_utf8(text, len, &len);
        text = up;
    }
    int i = 0;
    while (i < len) {
        if (text[i] == ' ') {
            if (b->nword > 0) {
                char whole[512];
                int wl = word_text(b, whole, sizeof whole);
                if (wl > 0 && wl < (int)sizeof wk->prev_word) {
                    memcpy(wk->prev_word, whole, (size_t)wl);
                    wk->prev_len = wl;
                } else {
                    wk->prev_len = 0; /* too long for any rule: not the word before it */
                }
                flush_word(b);
                if (b->o->balance && wl > 0) b->space_penalty = sense_penalty(whole, wl);
                b->space_style = *st;
                b->glue_pending = 1;
                b->space_nobr = st->nobr;
                wk->after_space = 1;
            } else if (b->n > 0 || b->glue_pending) {
                b->glue_pending = b->n > 0;
                b->space_style = *st;
                b->space_nobr = b->space_nobr || st->nobr;
            }
            i++;
            continue;
        }
        int j = i;
        while (j < len && text[j] != ' ') j++;
        if (wk->after_space && b->glue_pending &&
            (keep_together(wk->prev_word, wk->prev_len, text + i) ||
             (b->o->keep_numbers && number_with_word(wk->prev_word, wk->prev_len, text + i, j - i))))
            b->space_nobr = 1;
        wk->after_space = 0;
        add_char_seg(b, text + i, j - i, st, -1);
        i = j;
    }
    free(up);
}

static void walk(walker *wk, const doc_inline *in, span_style st, int qdepth);

static void walk_list(walker *wk, const doc_inline *in, span_style st, int qdepth)
{
    for (; in; in = in->next) walk(wk, in, st, qdepth);
}

static void walk(walker *wk, const doc_inline *in, span_style st, int qdepth)
{
    builder *b = wk->b;
    const para_env *env = b->env;
    /* tagged: where the language changes, a Span says so (/Lang) */
    if (env->tags && env->langs && in->lang != st.lang && in->lang >= 0 && in->lang < env->nlangs && in->kind != IN_NOTE) {
        st.sid = pm_struct_new(env->tags, st.sid, PS_SPAN);
        env->tags->structs[st.sid].lang = env->langs[in->lang].tag;
    }
    st.lang = in->lang; /* every node knows its language (xml:lang, inherited) */
    switch (in->kind) {
    case IN_TEXT:
        b->loc = in->loc;
        walk_text(wk, in->text, &st);
        break;
    case IN_EM: st.italic = !st.italic; walk_list(wk, in->children, st, qdepth); break;
    case IN_STRONG: st.bold = 1; walk_list(wk, in->children, st, qdepth); break;
    case IN_SC:
        /* small capitals: the font's own (OpenType smcp: lower-case letters
         * become small capitals, capitals stay capitals); a font without them
         * gets capitals at 80 % for its lower-case letters only */
        if (env->fs->fonts[fontset_pick(env->fs, st.family, st.bold, st.italic)].has_smcp) st.sc = 1;
        else st.sc_synth = 1;
        walk_list(wk, in->children, st, qdepth);
        break;
    case IN_SUP: st.rise = st.size * 35 / 100; st.size = st.size * 65 / 100; walk_list(wk, in->children, st, qdepth); break;
    case IN_SUB: st.rise = -st.size * 15 / 100; st.size = st.size * 65 / 100; walk_list(wk, in->children, st, qdepth); break;
    case IN_NOBR: st.nobr = 1; walk_list(wk, in->children, st, qdepth); break;
    case IN_SPAN: walk_list(wk, in->children, st, qdepth); break;
    case IN_Q: {
        /* the marks of the quotation's own language */
        int lvl = qdepth < 2 ? qdepth : 2;
        const lang_words *w = para_words(env, in->lang);
        b->loc = in->loc;
        walk_text(wk, w->quote_open[lvl], &st);
        walk_list(wk, in->children, st, qdepth + 1);
        b->loc = in->loc;
        walk_text(wk, w->quote_close[lvl], &st);
        break;
    }
    case IN_NOTE: {
        if (!env->note_call) break;
        /* tagged: the call is a Link to its note (a Reference without
         * links), and the Note follows it in the paragraph's structure,
         * where the manuscript has it (PDF 1.7, 14.8.4.4: Note) */
        int call_sid = st.sid;
        if (env->tags) call_sid = pm_struct_new(env->tags, st.sid, env->lay->pdf_links ? PS_LINK : PS_REFERENCE);
        int idx = env->note_call(env->user, in);
        if (env->tags) {
            int note_sid = pm_struct_new(env->tags, st.sid, PS_NOTE);
            char id[32];
            snprintf(id, sizeof id, "fn%d", env->note_number(env->user, idx));
            env->tags->structs[note_sid].id = arena_strdup(&env->tags->mem, id);
            if (env->note_tagged) env->note_tagged(env->user, idx, note_sid);
        }
        char num[20];
        /* adjacent calls are separated by a comma ("25,26"), or they would read as one number */
        int after_call = b->nword > 0 && b->word[b->nword - 1].note >= 0;
        snprintf(num, sizeof num, "%s%d", after_call ? "," : "", env->note_number(env->user, idx));
        span_style ns = st;
        ns.sid = call_sid;
        ns.dest = compose_note_dest(env->mem, idx); /* the call links to its note (screen) */
        ns.italic = 0;
        ns.bold = 0;
        ns.rise = st.size * 35 / 100;
        ns.size = st.size * 62 / 100;
        b->loc = in->loc;
        add_char_seg(b, num, (int)strlen(num), &ns, idx);
        break;
    }
    case IN_IX:
        if (env->index_term && in->range && !strcmp(in->range, "end")) {
            /* the end of a page range: its term is the start's (same rid) */
            vmark m = {MARK_INDEX_END, -1, in->rid, -1};
            VEC_PUSH(b->marks, b->nmarks, b->marks_cap, m);
        } else if (env->index_term) {
            int t = env->index_term(env->user, in->term, in->sub, in->see);
            if (t >= 0) {
                int start = in->range && !strcmp(in->range, "start");
                vmark m = {start ? MARK_INDEX_START : MARK_INDEX, t, start ? in->rid : NULL, -1};
                VEC_PUSH(b->marks, b->nmarks, b->marks_cap, m);
            }
        }
        walk_list(wk, in->children, st, qdepth);
        break;
    case IN_REF: {
        const char *t = env->ref_text ? env->ref_text(env->user, in->to, in->show, in->lang, in->loc) : "??";
        span_style rs = st;
        rs.dest = in->to; /* a link to what it names (screen edition) */
        if (env->tags) rs.sid = pm_struct_new(env->tags, st.sid, env->lay->pdf_links ? PS_LINK : PS_REFERENCE);
        /* "Tabla 3", "p. 34" stay on one line; a title may break like any text */
        rs.nobr = !(in->show && !strcmp(in->show, "title"));
        b->loc = in->loc;
        walk_text(wk, t, &rs);
        break;
    }
    case IN_LINK:
        /* an href that starts with a control character is folio's own
         * internal destination (PM_PAGE_DEST), never a manuscript's address */
        if (in->href && in->href[0] == '\x01') st.dest = in->href;
        else st.href = in->href;
        if (env->tags) st.sid = pm_struct_new(env->tags, st.sid, PS_LINK);
        walk_list(wk, in->children, st, qdepth);
        break;
    case IN_BR:
        flush_word(b);
        b->glue_pending = 0;
        push_item(b, item_penalty(0, PENALTY_INF, 0, -1));
        push_item(b, item_fil_glue(-1));
        push_item(b, item_penalty(0, PENALTY_FORCE, 0, -1));
        break;
    }
}

/* ---------- setting lines ---------- */

/* Draw a box's glyphs at x as one text run (a new run only where a glyph is
 * raised or lowered by the font: marks); spaced says that a word space
 * precedes it on the line, which the PDF writer prints as a real space so
 * that the text reads back with its spaces. A glyph that stands for no text
 * (the repeated hyphen of a compound) starts a cluster of its own. */
static void render_pbox(const builder *b, const pbox *pb, fo_sp x, double scale, int spaced, int silent, vline *vl,
                        pm_item **items, int *n, int *cap)
{
    const fo_font *f = &b->env->fs->fonts[pb->font];
    const shaped_word *w = pb->w;
    const shaped_glyph *gl = w->glyphs;
    int g = pb->g0;
    fo_sp start_x = x;
    while (g < pb->g1) {
        int start = g;
        fo_sp run_x = x;
        int32_t y_off = gl[g].y_offset;
        int end = g;
        while (end < pb->g1 && gl[end].y_offset == y_off) end++;
        for (int k = start; k < end; k++)
            /* the scale as the page model keeps it (a float), so that the writer
             * places the glyphs where this says (pm_run_glyphs) */
            x += (fo_sp)((double)font_units_to_sp(f, pb->size, gl[k].advance) * (double)(float)scale) + pb->letter_spacing;
        /* the next syllable of the word just drawn (a hyphenation point not
         * taken): the same run goes on, one item per word rather than per
         * syllable (its glyphs were shaped together, kerning included) */
        pm_item *last = *n > 0 ? &(*items)[*n - 1] : NULL;
        if (last && !spaced && !silent && start == pb->g0 && last->kind == PM_TEXT && last->word == w &&
            last->g0 + last->nglyphs == start && !(last->flags & (PM_SILENT | PM_JOINS_NEXT)) && last->font == pb->font &&
            last->size == pm_sp_of(pb->size) && last->rise == pm_sp_of(pb->rise + font_units_to_sp(f, pb->size, y_off)) &&
            last->letter_spacing == pm_sp_of(pb->letter_spacing) && last->hscale == (float)scale &&
            last->color == pb->color && last->sid == pb->sid && last->seq == pb->seq && last->nglyphs + (end - start) <= UINT16_MAX) {
            last->nglyphs = (uint16_t)(last->nglyphs + (end - start));
            g = end;
            continue;
        }
        VEC_GROW(*items, *n, *cap);
        pm_item *it = &(*items)[(*n)++];
        memset(it, 0, sizeof *it);
        it->kind = PM_TEXT;
        it->x = pm_sp_of(run_x);
        it->rise = pm_sp_of(pb->rise + font_units_to_sp(f, pb->size, y_off));
        it->y = -it->rise;
        it->font = (uint8_t)pb->font;
        it->size = pm_sp_of(pb->size);
        it->letter_spacing = pm_sp_of(pb->letter_spacing);
        it->hscale = (float)scale;
        it->color = pb->color;
        it->word = w;
        it->g0 = (uint16_t)start;
        it->nglyphs = (uint16_t)(end - start);
        it->flags = (uint8_t)((spaced && start == pb->g0 ? PM_SPACE_BEFORE : 0) | (silent ? PM_SILENT : 0));
        it->sid = pb->sid;
        it->seq = pb->seq;
        g = end;
    }
    fo_sp asc = font_units_to_sp(f, pb->size, f->ascender) + pb->rise;
    fo_sp desc = -font_units_to_sp(f, pb->size, f->descender) - pb->rise;
    if (asc > vl->ascent) vl->ascent = asc;
    if (desc > vl->descent) vl->descent = desc;
    if ((pb->href || pb->dest) && b->env->lay->pdf_links && x > start_x) {
        /* the words of a <link> are a link to its address, those of a <ref>
         * a link to what it names (screen edition); a word that continues
         * the line's last link widens it */
        const char *ref = pb->dest ? pb->dest : pb->href;
        uint8_t to_id = pb->dest ? PM_TO_ID : 0;
        pm_item *prev = *n > 0 ? &(*items)[*n - 1] : NULL;
        for (int k = *n - 1; k >= 0 && prev && prev->kind != PM_LINK; k--) prev = k > 0 ? &(*items)[k - 1] : NULL;
        if (prev && prev->kind == PM_LINK && prev->ref == ref && (prev->flags & PM_TO_ID) == to_id && prev->sid == pb->sid &&
            start_x - (prev->x + prev->w) < 3 * pb->size) {
            prev->w = pm_sp_of(x - prev->x);
            return;
        }
        VEC_GROW(*items, *n, *cap);
        pm_item *it = &(*items)[(*n)++];
        memset(it, 0, sizeof *it);
        it->kind = PM_LINK;
        it->x = pm_sp_of(start_x);
        it->y = pm_sp_of(-asc);
        it->w = pm_sp_of(x - start_x);
        it->h = pm_sp_of(asc + desc);
        it->hscale = 1.0f;
        it->dest_page = -1;
        it->sid = pb->sid;
        it->seq = pb->seq;
        it->ref = ref;
        it->flags = to_id;
    }
}

/* Whether a broken line ends on a hyphen: a discretionary's, or an explicit one. */
static int ends_on_hyphen(const builder *b, const lb_line *ln)
{
    const item *end = &b->items[ln->end];
    return end->type == ITEM_PENALTY && (end->flagged || (end->ref >= 0 && b->discs[end->ref].pre >= 0));
}

static void set_line(const builder *b, const lb_result *res, int li, const lb_params *lp, vline *vl)
{
    const lb_line *ln = &res->lines[li];
    const para_env *env = b->env;
    double glue_ratio = 0, scale = 1.0;
    doc_align align = b->o->align;
    if (align == ALIGN_JUSTIFY) lb_line_setting(b->items, ln, lp, &glue_ratio, &scale);
    else lb_line_setting(b->items, ln, lp, &glue_ratio, &scale), scale = 1.0;
    pm_item *items = NULL;
    int n = 0, cap = 0;
    int mcap = 0;
    fo_sp x = 0, fil_added = 0, ink = 0; /* ink: where the line's last glyph ends */
    /* the repeated hyphen of a compound broken at the previous line's end */
    if (li > 0) {
        const item *prev = &b->items[res->lines[li - 1].end];
        if (prev->type == ITEM_PENALTY && prev->ref >= 0 && b->discs[prev->ref].post >= 0) {
            const pbox *pb = &b->boxes[b->discs[prev->ref].post];
            render_pbox(b, pb, x, scale, 0, 1, vl, &items, &n, &cap);
            x += (fo_sp)((double)pbox_width(b, b->discs[prev->ref].post) * scale);
        }
    }
    int pi = 0, spaced = 0;
    while (pi < b->nplaced && b->placed[pi].item < ln->start) pi++;
    for (int i = ln->start; i < ln->end; i++) {
        const item *it = &b->items[i];
        for (; pi < b->nplaced && b->placed[pi].item == i; pi++) VEC_PUSH(vl->marks, vl->nmarks, mcap, b->placed[pi].m);
        if (it->type == ITEM_BOX) {
            if (it->ref >= 0) {
                const pbox *pb = &b->boxes[it->ref];
                render_pbox(b, pb, x, scale, spaced, 0, vl, &items, &n, &cap);
                spaced = 0;
                if (pb->note >= 0) {
                    vmark m = {MARK_NOTE, pb->note, NULL, -1};
                    VEC_PUSH(vl->marks, vl->nmarks, mcap, m);
                }
            }
            fo_sp w = it->width;
            if (scale != 1.0) w = it->width + (fo_sp)((double)it->expand * (scale - 1.0));
            x += w;
            ink = x;
        } else if (it->type == ITEM_GLUE) {
            fo_sp w = it->width;
            if (it->fil) {
                w += ln->fil_fill;
                fil_added += ln->fil_fill;
            }
            else if (glue_ratio > 0) w += (fo_sp)(glue_ratio * (double)it->stretch);
            else if (glue_ratio < 0) w += (fo_sp)(glue_ratio * (double)it->shrink);
            if (w > 0 && !it->fil) spaced = 1;
            x += w;
        }
    }
    /* the hyphen of a discretionary taken at the line's end */
    const item *end = &b->items[ln->end];
    if (end->type == ITEM_PENALTY && end->ref >= 0 && b->discs[end->ref].pre >= 0) {
        render_pbox(b, &b->boxes[b->discs[end->ref].pre], x, scale, 0, 0, vl, &items, &n, &cap);
        ink = x + pbox_width(b, b->discs[end->ref].pre);
    }
    vl->hyphenated = ends_on_hyphen(b, ln);
    if (vl->hyphenated)
        for (int k = n - 1; k >= 0; k--)
            if (items[k].kind == PM_TEXT) {
                items[k].flags |= PM_JOINS_NEXT;
                break;
            }
    /* ragged alignments: shift the whole line by what its ink leaves (not
     * counting the ragged-right glue stretched at its end, which would align
     * only the last line of a cell set right) */
    fo_sp natural = align == ALIGN_JUSTIFY ? x - fil_added : ink;
    fo_sp shift = 0;
    if (align == ALIGN_RIGHT) shift = ln->width - natural;
    else if (align == ALIGN_CENTER) shift = (ln->width - natural) / 2;
    if (shift > 0)
        for (int k = 0; k < n; k++) items[k].x += pm_sp_of(shift);
    /* copy into the pass arena */
    vl->items = ARENA_ARRAY(env->mem, pm_item, n ? n : 1);
    if (n) memcpy(vl->items, items, sizeof *items * (size_t)n);
    vl->nitems = n;
    free(items);
    if (vl->nmarks) {
        vmark *m = ARENA_ARRAY(env->mem, vmark, vl->nmarks);
        memcpy(m, vl->marks, sizeof *m * (size_t)vl->nmarks);
        free(vl->marks);
        vl->marks = m;
    }
    vl->overfull = ln->overfull;
    vl->natural = natural;
    vl->width = ln->width;
}

static void builder_free(builder *b)
{
    for (int i = 0; i < b->nword; i++) free(b->word[i].text);
    free(b->word);
    free(b->places);
    free(b->items);
    free(b->boxes);
    free(b->discs);
    free(b->marks);
    free(b->placed);
}

static span_style base_style(const para_env *env, const layout_style *ls)
{
    span_style st;
    memset(&st, 0, sizeof st);
    st.family = ls->family;
    st.bold = ls->bold;
    st.italic = ls->italic;
    st.size = ls->size;
    st.color = &ls->color;
    st.letter_spacing = ls->letter_spacing;
    st.uppercase = ls->uppercase;
    (void)env;
    return st;
}

/* The items of content or text set with o (its alignment resolved) into a
 * new builder *b, with the paragraph's end (\parfillskip, the forced
 * break). Returns the number of items, 0 when there is nothing to set. The
 * builder is the caller's to free either way. */
static int build_items(const para_env *env, const doc_inline *content, const char *text, const para_opts *o,
                       fo_sp indent, builder *b)
{
    memset(b, 0, sizeof *b);
    b->env = env;
    b->o = o;
    b->hyphenate = o->hyphenate >= 0 ? o->hyphenate : o->style->hyphenate;
    walker wk;
    memset(&wk, 0, sizeof wk);
    wk.b = b;
    span_style st = base_style(env, o->style);
    st.sid = o->sid;
    st.lang = o->lang;
    /* a paragraph in another language than the book's says so on its element */
    if (env->tags && env->langs && o->sid >= 0 && o->lang > 0 && o->lang < env->nlangs && o->sid < env->tags->nstructs &&
        !env->tags->structs[o->sid].lang)
        env->tags->structs[o->sid].lang = env->langs[o->lang].tag;
    if (indent > 0) push_item(b, item_box(indent, 0, -1));
    /* a prefix (list label) or plain text has no place of its own: the paragraph's */
    if (content) b->loc = content->loc;
    if (o->prefix) walk_text(&wk, o->prefix, &st);
    if (content) walk_list(&wk, content, st, o->quote_depth);
    if (text) walk_text(&wk, text, &st);
    flush_word(b);
    attach_marks(b);
    if (b->n == 0) return 0;
    push_item(b, item_penalty(0, PENALTY_INF, 0, -1));
    push_item(b, item_fil_glue(-1));
    push_item(b, item_penalty(0, PENALTY_FORCE, 0, -1));
    return b->n;
}

/* Let the no-break places (no-break spaces, emergency breaks inside nobr
 * words) break, at EMERGENCY_PENALTY; returns how many there are. */
static int relax_no_breaks(builder *b)
{
    int n = 0;
    for (int i = 0; i < b->n; i++) {
        item *it = &b->items[i];
        if (it->type == ITEM_PENALTY && it->ref >= 0 && b->discs[it->ref].relaxable) {
            it->penalty = EMERGENCY_PENALTY;
            n++;
        }
    }
    return n;
}

static int any_overfull(const lb_result *r)
{
    for (int i = 0; i < r->nlines; i++)
        if (r->lines[i].overfull) return 1;
    return 0;
}

/* A title's lines balanced (o->balance): the narrowest measure, down to
 * half the given one, at which the title still takes as many lines with
 * breaks at sense boundaries as good (their penalties no higher), found by
 * bisection to a quarter point; its breaks replace res's (the lines keep
 * the given measure, so that alignment is unchanged). */
/* What a setting's breaks cost in penalties (a title's sense boundaries). */
static int64_t break_penalties(const builder *b, const lb_result *r)
{
    int64_t sum = 0;
    for (int i = 0; i + 1 < r->nlines; i++) {
        const item *e = &b->items[r->lines[i].end];
        if (e->type == ITEM_PENALTY) sum += e->penalty;
    }
    return sum;
}

static void balance_lines(const builder *b, lb_params *lp, lb_result *res)
{
    int64_t sense = break_penalties(b, res); /* balanced, but never at the price of sense */
    fo_sp widths[2] = {lp->widths[0], lp->widths[lp->nwidths > 1 ? 1 : 0]};
    fo_sp full = widths[1], lo = full / 2, hi = full;
    lb_result best;
    int have = 0;
    lb_params p = *lp;
    p.nwidths = 2;
    p.widths = widths;
    while (hi - lo > FO_PT(0.25)) {
        fo_sp mid = lo + (hi - lo) / 2;
        widths[0] = widths[1] = mid;
        lb_result r;
        if (linebreak(b->items, b->n, &p, &r) != 0) break;
        int fits = r.nlines == res->nlines && r.pass <= 2 && !any_overfull(&r) && break_penalties(b, &r) <= sense;
        if (fits) {
            if (have) lb_result_free(&best);
            best = r;
            have = 1;
            hi = mid;
        } else {
            lb_result_free(&r);
            lo = mid;
        }
    }
    if (!have) return;
    for (int i = 0; i < best.nlines; i++) best.lines[i].width = res->lines[i].width;
    lb_result_free(res);
    *res = best;
}

/* Whether a setting asked for (a looseness, a whole word before a page
 * turn) may stand: reached without the emergency pass, and every line but
 * the last spaced within [lo, hi] of its stretch or shrink. */
static int within_quality(const lb_result *r, double hi, double lo)
{
    if (!r->looseness_met || r->pass > 2) return 0;
    for (int i = 0; i + 1 < r->nlines; i++)
        if (r->lines[i].ratio > hi || r->lines[i].ratio < lo) return 0;
    return 1;
}

/* The line breaker's parameters for a paragraph set with o (oo: o with its
 * alignment resolved); widths is lp's storage (two entries). */
static void para_lb_params(const para_env *env, const para_opts *o, const para_opts *oo, fo_sp indent, lb_params *lpp,
                           fo_sp *widths)
{
    const layout_style *ls = o->style;
    lb_params lp;
    lb_params_default(&lp);
    lp.looseness = o->looseness;
    lp.no_lone_last_word = o->balance;
    lp.no_hyphen_line = o->no_hyphen_line;
    const layout_linebreak *L = &env->lay->lb;
    widths[0] = o->first_width > 0 ? o->first_width : o->measure;
    widths[1] = o->measure;
    lp.widths = widths;
    lp.nwidths = 2;
    lp.pretolerance = L->pretolerance;
    lp.tolerance = L->tolerance;
    lp.emergency_stretch = L->emergency_stretch;
    lp.line_penalty = L->line_penalty;
    /* a title's sense boundaries choose among its settings of fewest lines:
     * a line costs more than any boundary gains (TeX's \linepenalty) */
    if (o->balance) lp.line_penalty = TITLE_LINE_PENALTY;
    lp.adj_demerits = L->adj_demerits;
    lp.double_hyphen_demerits = L->double_hyphen_demerits;
    lp.final_hyphen_demerits = L->final_hyphen_demerits;
    lp.max_hyphen_run = L->max_hyphen_run;
    lp.expand_max = (oo->align == ALIGN_JUSTIFY && !o->no_expansion) ? L->expansion : 0.0;
    /* the last line: at least a quarter of the measure (and 1.5 em beyond
     * the indent) where the paragraph allows it; the layout may say otherwise */
    fo_sp quarter = o->measure / 4, beyond = indent + ls->size * 3 / 2;
    lp.min_last_line = oo->align == ALIGN_JUSTIFY ? (L->min_last_line ? L->min_last_line : beyond) : 0;
    lp.fair_last_line = oo->align == ALIGN_JUSTIFY && !L->min_last_line ? quarter : 0;
    if (oo->align != ALIGN_JUSTIFY) lp.adj_demerits = 0;
    *lpp = lp;
}

/* ---------- the breaks of earlier passes (para_cache) ---------- */

/* A paragraph's identity for its breaks: two independent 64-bit mixes of
 * everything the line breaker reads (its items, their widths, stretch,
 * shrink, penalties, and the parameters) - a collision of both is not a
 * concern at a few thousand paragraphs a book. */
typedef struct breaks_key {
    uint64_t h[2];
    int n;
} breaks_key;

struct para_cache {
    struct breaks_entry { breaks_key k; lb_result res; int met; } *v;
    int n, cap;
    hindex ix;
};

static uint64_t mix64(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 31);
}

static void breaks_key_of(const builder *b, const lb_params *lp, const para_opts *o, breaks_key *k)
{
    uint64_t h0 = 0x243F6A8885A308D3ULL, h1 = 0x13198A2E03707344ULL;
#define MIX(v) (h0 = mix64(h0, (uint64_t)(v)), h1 = mix64(h1, ~(uint64_t)(v)))
    for (int i = 0; i < b->n; i++) {
        const item *it = &b->items[i];
        MIX((uint64_t)it->type | (uint64_t)it->flagged << 8 | (uint64_t)it->fil << 16 | (uint64_t)it->inword << 24 |
            (uint64_t)(uint32_t)it->penalty << 32);
        MIX((uint64_t)(uint32_t)it->width | (uint64_t)(uint32_t)it->stretch << 32);
        MIX((uint64_t)(uint32_t)it->shrink | (uint64_t)(uint32_t)it->expand << 32);
        MIX((uint64_t)(uint32_t)it->post_width | (uint64_t)(uint32_t)it->ref << 32);
        /* a penalty's disc: whether it may be relaxed (emergency breaks) */
        if (it->type == ITEM_PENALTY && it->ref >= 0) MIX(b->discs[it->ref].relaxable);
    }
    for (int w = 0; w < lp->nwidths; w++) MIX((uint32_t)lp->widths[w]);
    MIX((uint64_t)(uint32_t)lp->pretolerance | (uint64_t)(uint32_t)lp->tolerance << 32);
    MIX((uint64_t)(uint32_t)lp->emergency_stretch | (uint64_t)(uint32_t)lp->line_penalty << 32);
    MIX((uint64_t)(uint32_t)lp->adj_demerits | (uint64_t)(uint32_t)lp->double_hyphen_demerits << 32);
    MIX((uint64_t)(uint32_t)lp->final_hyphen_demerits | (uint64_t)(uint32_t)lp->max_hyphen_run << 32);
    MIX((uint64_t)(uint32_t)lp->min_last_line | (uint64_t)(uint32_t)lp->fair_last_line << 32);
    MIX((uint64_t)(uint32_t)lp->looseness | (uint64_t)(uint32_t)lp->no_hyphen_line << 32);
    MIX((uint64_t)(uint32_t)lp->no_lone_last_word | (uint64_t)(uint32_t)o->no_emergency << 32);
    MIX((uint64_t)(uint32_t)o->balance | (uint64_t)(uint32_t)o->align << 32);
    uint64_t ex;
    memcpy(&ex, &lp->expand_max, sizeof ex);
    MIX(ex);
#undef MIX
    k->h[0] = h0;
    k->h[1] = h1;
    k->n = b->n;
}

typedef struct { const para_cache *c; const breaks_key *k; } breaks_lookup;

static int breaks_same(const void *user, int pos)
{
    const breaks_lookup *l = user;
    const breaks_key *a = &l->c->v[pos].k;
    return a->h[0] == l->k->h[0] && a->h[1] == l->k->h[1] && a->n == l->k->n;
}

static lb_result result_copy(const lb_result *r)
{
    lb_result c = *r;
    c.lines = xmalloc(sizeof *c.lines * (size_t)(r->nlines ? r->nlines : 1));
    if (r->nlines) memcpy(c.lines, r->lines, sizeof *c.lines * (size_t)r->nlines);
    return c;
}

/* 1 + the entry's position when found (*res a copy of its breaks), else 0. */
static int breaks_find(para_cache *c, const breaks_key *k, lb_result *res)
{
    breaks_lookup l = {c, k};
    int pos = hindex_find(&c->ix, k->h[0], breaks_same, &l);
    if (pos < 0) return 0;
    *res = result_copy(&c->v[pos].res);
    return pos + 1;
}

static void breaks_add(para_cache *c, const breaks_key *k, const lb_result *res, int met)
{
    breaks_lookup l = {c, k};
    if (hindex_find(&c->ix, k->h[0], breaks_same, &l) >= 0) return;
    VEC_GROW(c->v, c->n, c->cap);
    c->v[c->n].k = *k;
    c->v[c->n].res = result_copy(res);
    c->v[c->n].met = met;
    hindex_add(&c->ix, k->h[0], c->n++);
}

para_cache *para_cache_new(void) { return xcalloc(1, sizeof(para_cache)); }

void para_cache_free(para_cache *c)
{
    if (!c) return;
    for (int i = 0; i < c->n; i++) lb_result_free(&c->v[i].res);
    free(c->v);
    hindex_free(&c->ix);
    free(c);
}

/* Set content or text with o, appending the lines to *out; or, with
 * try_hyphens (para_try), only break it: return its line count and its
 * hyphenated lines, or -1 when the looseness asked for would be refused. */
static int run(const para_env *env, const doc_inline *content, const char *text, const para_opts *o, vline **out,
               int *nout, int *cap, int *try_hyphens)
{
    const layout_style *ls = o->style;
    builder b;
    para_opts oo = *o;
    if (oo.align == ALIGN_DEFAULT) oo.align = ls->align;
    fo_sp indent = o->indent >= 0 ? o->indent : ls->indent;
    if (build_items(env, content, text, &oo, indent, &b) == 0) {
        builder_free(&b);
        return 0;
    }

    lb_params lp;
    fo_sp widths[2];
    para_lb_params(env, o, &oo, indent, &lp, widths);
    lb_result res;
    /* the same items broken with the same parameters break the same way:
     * a later layout pass takes the breaks an earlier one chose */
    breaks_key key;
    int cached = 0;
    if (env->breaks && !try_hyphens) {
        breaks_key_of(&b, &lp, o, &key);
        cached = breaks_find(env->breaks, &key, &res);
        if (cached) {
            if (o->looseness_met) *o->looseness_met = env->breaks->v[cached - 1].met;
            goto set_lines;
        }
    }
    if (linebreak(b.items, b.n, &lp, &res) != 0) {
        builder_free(&b);
        return 0;
    }
    if (any_overfull(&res) && !o->no_emergency && relax_no_breaks(&b)) {
        /* no line may be wider than the measure: a no-break group (or a nobr
         * word) that cannot fit breaks after all, at emergency breaks */
        lb_result res2;
        if (linebreak(b.items, b.n, &lp, &res2) == 0) {
            lb_result_free(&res);
            res = res2;
        }
    }
    /* a looser or tighter setting stands only if every line would have
     * passed TeX's first pass: badness <= 100, i.e. stretch ratio <= 1 (TeX
     * §863, pretolerance); reached without the emergency pass, hyphen runs
     * kept. One that only keeps a line from ending on a hyphen before a page
     * turn may not space any line worse than the paragraph's own optimum
     * does (or than half its stretch or shrink): the page turn is not paid
     * for with a looser or tighter paragraph. */
    int constrained = lp.looseness != 0 || lp.no_hyphen_line > 0;
    double hi = 1.0, lo = -1.0;
    lb_result opt;       /* the unconstrained optimum, when it had to be found */
    int have_opt = 0;
    if (res.looseness_met && res.pass <= 2 && lp.looseness == 0 && lp.no_hyphen_line > 0) {
        lb_params free_lp = lp;
        free_lp.no_hyphen_line = 0;
        hi = 0.5;
        lo = -0.5;
        if (linebreak(b.items, b.n, &free_lp, &opt) == 0) {
            have_opt = 1;
            for (int i = 0; i + 1 < opt.nlines; i++) {
                if (opt.lines[i].ratio > hi) hi = opt.lines[i].ratio;
                if (opt.lines[i].ratio < lo) lo = opt.lines[i].ratio;
            }
        }
        if (hi > 1.0) hi = 1.0;
    }
    int loose_ok = within_quality(&res, hi, lo);
    if (constrained && !loose_ok && lp.fair_last_line > 0) {
        /* the quarter-measure last line is the first thing a paragraph set
         * a line longer or shorter gives up (the looseness has its price in
         * the last line rather than in its spacing) */
        lb_params lp2 = lp;
        lp2.fair_last_line = 0;
        lb_result r2;
        if (linebreak(b.items, b.n, &lp2, &r2) == 0) {
            if (within_quality(&r2, hi, lo)) {
                lb_result_free(&res);
                res = r2;
                lp = lp2;
                loose_ok = 1;
            } else lb_result_free(&r2);
        }
    }
    if (o->looseness_met) *o->looseness_met = !constrained || loose_ok;
    if (try_hyphens) {
        int lines = !constrained || loose_ok ? res.nlines : -1;
        *try_hyphens = 0;
        for (int i = 0; lines > 0 && i < res.nlines; i++) *try_hyphens += ends_on_hyphen(&b, &res.lines[i]);
        lb_result_free(&res);
        if (have_opt) lb_result_free(&opt);
        builder_free(&b);
        return lines;
    }
    if (constrained && !loose_ok) {
        /* a looser setting only if it is as good as an ordinary one (within
         * tolerance, hyphen runs kept): otherwise the optimum stands (found
         * already when only a whole word at a page turn was asked) */
        lb_result_free(&res);
        lp.looseness = 0;
        lp.no_hyphen_line = 0;
        if (have_opt) {
            res = opt;
            have_opt = 0;
        } else if (linebreak(b.items, b.n, &lp, &res) != 0) {
            builder_free(&b);
            return 0;
        }
    }
    if (have_opt) lb_result_free(&opt);
    if (o->balance && res.nlines >= 2 && oo.align != ALIGN_JUSTIFY) balance_lines(&b, &lp, &res);
    if (env->breaks && !try_hyphens) breaks_add(env->breaks, &key, &res, !constrained || loose_ok);
set_lines:
    for (int i = 0; i < res.nlines; i++) {
        VEC_GROW(*out, *nout, *cap);
        vline *vl = &(*out)[(*nout)++];
        memset(vl, 0, sizeof *vl);
        vl->leading = ls->leading;
        set_line(&b, &res, i, &lp, vl);
    }
    /* never an overfull line, nor a word broken where it has no break
     * point, without a warning that names the paragraph's place */
    for (int i = 0; i < res.nlines; i++) {
        const lb_line *ln = &res.lines[i];
        diag_loc loc = content ? content->loc : (diag_loc){0};
        const item *end = &b.items[ln->end];
        if (ln->overfull)
            diag_warning(env->d, loc, "overfull line by %.1fpt (line %d of the paragraph): no break fits the measure",
                         FO_TO_PT(ln->natural - ln->width), i + 1);
        else if (end->type == ITEM_PENALTY && end->ref >= 0 && b.discs[end->ref].emergency)
            diag_warning(env->d, loc,
                         "line %d of the paragraph breaks a word or a no-break group where it has no break point: "
                         "it is wider than the measure (%.1fpt)",
                         i + 1, FO_TO_PT(ln->width));
    }
    int added = res.nlines;
    lb_result_free(&res);
    builder_free(&b);
    return added;
}

int para_set(const para_env *env, const doc_inline *content, const para_opts *o, vline **out, int *nout, int *cap)
{
    return run(env, content, NULL, o, out, nout, cap, NULL);
}

int para_try(const para_env *env, const doc_inline *content, const para_opts *o, int *nhyphens)
{
    return run(env, content, NULL, o, NULL, NULL, NULL, nhyphens);
}

int para_try_each(const para_env *env, const doc_inline *content, const para_opts *o, const int *looseness, int k,
                  int *nlines, int *nhyphens)
{
    const layout_style *ls = o->style;
    builder b;
    para_opts oo = *o;
    if (oo.align == ALIGN_DEFAULT) oo.align = ls->align;
    fo_sp indent = o->indent >= 0 ? o->indent : ls->indent;
    for (int i = 0; i < k; i++) nlines[i] = nhyphens[i] = 0;
    if (build_items(env, content, NULL, &oo, indent, &b) == 0) {
        builder_free(&b);
        return 0;
    }
    lb_params lp;
    fo_sp widths[2];
    para_lb_params(env, o, &oo, indent, &lp, widths);
    /* what pass 3 would give is refused anyway (within_quality): passes 1
     * and 2 only */
    lb_result *res = xcalloc((size_t)k, sizeof *res);
    int *again = xcalloc((size_t)k, sizeof *again), nagain = 0;
    int found = linebreak_each(b.items, b.n, &lp, looseness, k, 2, res);
    if (found < 0) {
        free(res);
        free(again);
        builder_free(&b);
        return -1;
    }
    /* Where no pass within the tolerance found any setting, run() may end in
     * an overfull line and set the paragraph again with its no-break groups
     * relaxed (emergency breaks): then each looseness the way run() tries
     * it. (When a pass found one, run()'s bounded pass 3 finds one too and
     * no line is overfull.) */
    int relaxable = 0;
    for (int i = 0; i < b.n && !found && !relaxable; i++)
        relaxable = b.items[i].type == ITEM_PENALTY && b.items[i].ref >= 0 && b.discs[b.items[i].ref].relaxable;
    if (!found && relaxable && !o->no_emergency) {
        for (int i = 0; i < k; i++) lb_result_free(&res[i]);
        free(res);
        free(again);
        builder_free(&b);
        for (int i = 0; i < k; i++) {
            para_opts one = *o;
            one.looseness = looseness[i];
            nlines[i] = para_try(env, content, &one, &nhyphens[i]);
        }
        return 0;
    }
    for (int i = 0; i < k; i++) {
        if (res[i].lines && within_quality(&res[i], 1.0, -1.0)) nlines[i] = res[i].nlines;
        else if (lp.fair_last_line > 0) again[nagain++] = i;
        else nlines[i] = -1;
    }
    if (nagain) {
        lb_params lp2 = lp;
        lp2.fair_last_line = 0;
        int *ls2 = xcalloc((size_t)nagain, sizeof *ls2);
        lb_result *r2 = xcalloc((size_t)nagain, sizeof *r2);
        for (int j = 0; j < nagain; j++) ls2[j] = looseness[again[j]];
        linebreak_each(b.items, b.n, &lp2, ls2, nagain, 2, r2);
        for (int j = 0; j < nagain; j++) {
            int i = again[j];
            if (r2[j].lines && within_quality(&r2[j], 1.0, -1.0)) {
                lb_result_free(&res[i]);
                res[i] = r2[j];
                nlines[i] = res[i].nlines;
            } else {
                nlines[i] = -1;
                lb_result_free(&r2[j]);
            }
        }
        free(ls2);
        free(r2);
    }
    for (int i = 0; i < k; i++) {
        for (int l = 0; nlines[i] > 0 && l < res[i].nlines; l++) nhyphens[i] += ends_on_hyphen(&b, &res[i].lines[l]);
        lb_result_free(&res[i]);
    }
    free(res);
    free(again);
    builder_free(&b);
    return 0;
}

int para_set_text(const para_env *env, const char *text, const para_opts *o, vline **out, int *nout, int *cap)
{
    return run(env, NULL, text, o, out, nout, cap, NULL);
}

fo_sp para_text_width(const para_env *env, const layout_style *st, const char *text)
{
    int font = fontset_pick(env->fs, st->family, st->bold, st->italic);
    const fo_font *f = &env->fs->fonts[font];
    char *up = NULL;
    int len = (int)strlen(text);
    if (st->uppercase) text = up = upper_utf8(text, len, &len);
    fo_sp w = 0;
    int i = 0;
    while (i < len) {
        int j = i;
        while (j < len && text[j] != ' ') j++;
        if (j > i) {
            const shaped_word *sw = shaper_word(env->sh, font, text + i, (size_t)(j - i));
            w += font_units_to_sp(f, st->size, sw->width) + st->letter_spacing * sw->nglyphs;
        }
        if (j < len) w += font_units_to_sp(f, st->size, shaper_space(env->sh, font));
        i = j + 1;
    }
    free(up);
    return w;
}

pm_item para_run(const para_env *env, int font, fo_sp size, const layout_color *color, const char *text)
{
    pm_item it;
    memset(&it, 0, sizeof it);
    it.kind = PM_TEXT;
    it.font = (uint8_t)font;
    it.size = pm_sp_of(size);
    it.hscale = 1.0f;
    it.color = color;
    it.sid = -1;
    it.word = shaper_word(env->sh, font, text, strlen(text));
    it.nglyphs = (uint16_t)it.word->nglyphs;
    return it;
}

const char *compose_note_dest(arena *mem, int note_index)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s%d", PM_NOTE_DEST, note_index);
    return arena_strdup(mem, buf);
}
