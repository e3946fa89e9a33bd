/* test_para.c - paragraphs: inline content → set lines (src/compose/para.c).
 *
 * Inline content is built by hand (doc_inline nodes), set with the print
 * layout's styles at a measure, and read back from the vlines: each line's
 * text runs (pm_items) are joined into words by their x positions (a gap
 * wider than 1 pt is a space). Checked:
 *   - the Spanish no-break rules of typography.md ("30 %", "US$ 45.000",
 *     "N.º 6.334", "Ley N.º 20.416", initials, a raya and its inciso): over a
 *     sweep of measures the pair is never split across two lines, while the
 *     same paragraph with a look-alike pair the rules do not cover is split
 *     at some measure of the same sweep (so the sweep does reach the place);
 *   - nobr content stays on one line;
 *   - a compound (chileno-estadounidense) breaks only at its hyphen, which is
 *     repeated at the start of the next line (a glyph standing for no text);
 *     soft hyphens end a line with "-" (the font's U+00AD glyph);
 *   - the words of every setting rejoin to the paragraph's text;
 *   - the first-line indent is the style's, and none with o.indent = 0;
 *   - justified lines end at the measure (within 0.5 pt, plus the protrusion
 *     of a final punctuation mark or hyphen); no line is wider;
 *   - em/strong select the italic/bold faces; sup and note calls are raised
 *     and smaller; q adds the layout's quotation marks (nested: the second level);
 *   - an unbreakable word too long for the measure gives an overfull line and
 *     a warning at the paragraph's place;
 *   - a character missing from the style's face is taken from another family's
 *     face and reported once per (face, character), at the text's place (with
 *     DejaVu Sans as the sans family: Noto Serif and Noto Sans cover the same
 *     characters, so the book's own fonts never fall back).
 * Run from the repository root (reads layout/print.xml, fonts/ and the
 * hyphenation patterns the layout names). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "compose/para.h"
#include "input/layout.h"
#include "engine.h"
#include "testhelp.h"

static hyphenator *hy;
static diag_sink d;
static arena mem;          /* inline nodes and vlines */
static const layout_style *body;
static diag_loc place;     /* the paragraph's place in the (imaginary) manuscript */

static int hook_note_call(void *user, const doc_inline *note)
{
    (void)user;
    (void)note;
    return 0;
}
static int hook_note_number(void *user, int idx)
{
    (void)user;
    return 17 + idx;
}

static para_env make_env(const fontset *f, shaper *s, diag_sink *sink)
{
    para_env env;
    memset(&env, 0, sizeof env);
    env.lay = lay;
    env.fs = f;
    env.sh = s;
    env.hy = hy;
    env.d = sink ? sink : &d;
    env.mem = &mem;
    env.note_call = hook_note_call;
    env.note_number = hook_note_number;
    return env;
}

/* ---------- inline content by hand ---------- */

static doc_inline *T(const char *text)
{
    doc_inline *in = ARENA_NEW(&mem, doc_inline);
    in->kind = IN_TEXT;
    in->text = arena_strdup(&mem, text);
    in->loc = place;
    return in;
}

/* An element with children (a NULL-terminated list). */
static doc_inline *E(doc_inline_kind kind, ...)
{
    doc_inline *in = ARENA_NEW(&mem, doc_inline);
    in->kind = kind;
    in->loc = place;
    va_list ap;
    va_start(ap, kind);
    doc_inline **tail = &in->children;
    for (doc_inline *c; (c = va_arg(ap, doc_inline *));) {
        *tail = c;
        tail = &c->next;
    }
    va_end(ap);
    return in;
}

/* A sibling list (NULL-terminated). */
static doc_inline *L(doc_inline *first, ...)
{
    va_list ap;
    va_start(ap, first);
    doc_inline *tail = first;
    for (doc_inline *c; (c = va_arg(ap, doc_inline *));) {
        tail->next = c;
        tail = c;
    }
    va_end(ap);
    return first;
}

/* ---------- setting and reading back ---------- */

typedef struct setting {
    vline *lines;
    int n, cap;
} setting;

static para_opts opts(fo_sp measure)
{
    para_opts o;
    memset(&o, 0, sizeof o);
    o.style = body;
    o.measure = measure;
    o.indent = -1;
    o.hyphenate = -1;
    return o;
}

static setting set_o(const para_env *env, const doc_inline *content, const para_opts *o)
{
    setting s = {NULL, 0, 0};
    para_set(env, content, o, &s.lines, &s.n, &s.cap);
    return s;
}

static setting set_at(const doc_inline *content, fo_sp measure)
{
    para_env env = make_env(&fs, sh, NULL);
    para_opts o = opts(measure);
    return set_o(&env, content, &o);
}

static void setting_free(setting *s)
{
    free(s->lines);
    s->lines = NULL;
    s->n = s->cap = 0;
}

/* Width of a text run as drawn: to the end of its last glyph. */
static fo_sp item_width(const fontset *f, shaper *s, const pm_item *it)
{
    (void)s;
    if (it->nglyphs == 0) return 0;
    pm_glyph *gl = xmalloc(sizeof *gl * it->nglyphs);
    pm_run_glyphs(it, gl);
    const pm_glyph *g = &gl[it->nglyphs - 1];
    fo_sp w = g->x + (fo_sp)((double)font_units_to_sp(&f->fonts[it->font], it->size, font_advance(f, it->font, g->gid)) *
                             it->hscale);
    free(gl);
    return w;
}

/* A run's text and its length in bytes. */
static const char *run_text(const pm_item *it, int *len) { return pm_run_text(it, len); }

/* What a run shows: its text, with the line-end hyphen (U+00AD, so that
 * the PDF reads back the whole word) as "-", and a run standing for no
 * text (a compound's repeated hyphen) as "-". */
static int shown_text(const pm_item *it, char *out, size_t cap)
{
    size_t n = 0;
    int len;
    const char *text = run_text(it, &len);
    if (len == 0 && it->nglyphs > 0) {
        if (cap > 1) out[n++] = '-';
    }
    for (int k = 0; k < len && n + 1 < cap; k++) {
        if (k + 1 < len && (unsigned char)text[k] == 0xC2 && (unsigned char)text[k + 1] == 0xAD) {
            out[n++] = '-';
            k++;
        } else out[n++] = text[k];
    }
    out[n] = 0;
    return (int)n;
}

/* The line's text: runs joined, a space where the gap is wider than 1 pt. */
static void line_text_fs(const fontset *f, shaper *s, const vline *vl, char *out, size_t cap)
{
    size_t n = 0;
    int have = 0;
    fo_sp prev_end = 0;
    out[0] = 0;
    for (int i = 0; i < vl->nitems; i++) {
        const pm_item *it = &vl->items[i];
        if (it->kind != PM_TEXT) continue;
        if (have && it->x - prev_end > FO_PT(1) && n + 1 < cap) out[n++] = ' ';
        char shown[512];
        int sl = shown_text(it, shown, sizeof shown);
        if (n + (size_t)sl + 1 >= cap) break;
        memcpy(out + n, shown, (size_t)sl);
        n += (size_t)sl;
        out[n] = 0;
        prev_end = it->x + item_width(f, s, it);
        have = 1;
    }
    out[n] = 0;
}
static void line_text(const vline *vl, char *out, size_t cap) { line_text_fs(&fs, sh, vl, out, cap); }

/* Right end of the line's ink, and the last character drawn. */
static fo_sp line_end(const vline *vl, uint32_t *last_cp, const pm_item **last_item)
{
    fo_sp end = 0;
    *last_cp = 0;
    *last_item = NULL;
    for (int i = 0; i < vl->nitems; i++) {
        const pm_item *it = &vl->items[i];
        if (it->kind != PM_TEXT || it->nglyphs == 0) continue;
        fo_sp e = it->x + item_width(&fs, sh, it);
        if (e >= end) {
            end = e;
            *last_item = it;
            /* the last character the run shows */
            char shown[512];
            int sl = shown_text(it, shown, sizeof shown);
            int k = sl - 1;
            while (k > 0 && (shown[k] & 0xC0) == 0x80) k--;
            int cl;
            *last_cp = k >= 0 ? utf8_decode(shown + k, (size_t)(sl - k), &cl) : 0;
        }
    }
    return end;
}

static void last_token(const char *line, char *out, size_t cap)
{
    const char *sp = strrchr(line, ' ');
    const char *t = sp ? sp + 1 : line;
    size_t k = strlen(t);
    if (k >= cap) k = cap - 1;
    memcpy(out, t, k);
    out[k] = 0;
}

static void first_token(const char *line, char *out, size_t cap)
{
    size_t k = strcspn(line, " ");
    if (k >= cap) k = cap - 1;
    memcpy(out, line, k);
    out[k] = 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

/* The paragraph's text again from its lines: a line ending in "-" followed by
 * one starting with "-" is a compound broken at its hyphen (the repeated
 * hyphen goes); a line ending in "-" otherwise is a soft hyphen (it goes). */
static void rejoin(const setting *s, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    char prev[4096] = "";
    for (int i = 0; i < s->n; i++) {
        char t[4096];
        line_text(&s->lines[i], t, sizeof t);
        const char *add = t;
        if (i > 0) {
            size_t pl = strlen(prev);
            int hyphen_end = pl > 0 && prev[pl - 1] == '-';
            if (hyphen_end && t[0] == '-') add = t + 1;
            else if (hyphen_end && s->lines[i - 1].hyphenated) n--; /* drop the soft hyphen */
            else if (n + 1 < cap) out[n++] = ' ';
        }
        size_t al = strlen(add);
        if (n + al + 1 >= cap) break;
        memcpy(out + n, add, al);
        n += al;
        out[n] = 0;
        snprintf(prev, sizeof prev, "%s", t);
    }
    out[n] = 0;
}

static int64_t shaped_units(int font, const char *text)
{
    return shaper_word(sh, font, text, strlen(text))->width;
}

/* ---------- the sweep ---------- */

static const char *filler_a =
    "En los primeros años la institución trabajó con pequeños talleres de provincia, y sus técnicos recorrieron el país "
    "enseñando contabilidad, diseño y comercialización a quienes nunca habían tenido acceso al crédito; ";
static const char *filler_b =
    " y desde entonces el programa se extendió a otras regiones, con resultados que los informes de la época describen "
    "como notables, aunque desiguales entre las zonas urbanas y las rurales del territorio nacional.";

/* Over a sweep of measures, the settings in which some line ends with one of
 * the tokens in ends[] (NULL-terminated); also checks that every setting
 * rejoins to the text and has no overfull line. */
static int sweep_line_ends(const char *pair, const char **ends, int *settings)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s%s", filler_a, pair, filler_b);
    doc_inline *p = T(text);
    int count = 0;
    *settings = 0;
    for (double m = 110; m <= 330; m += 1.25) {
        setting s = set_at(p, FO_PT(m));
        (*settings)++;
        char joined[4096];
        rejoin(&s, joined, sizeof joined);
        if (strcmp(joined, text) != 0) {
            fprintf(stderr, "measure %.2fpt: the lines do not rejoin to the text:\n  %s\n", m, joined);
            CHECK(strcmp(joined, text) == 0);
        }
        int hit = 0;
        for (int i = 0; i + 1 < s.n; i++) {
            char t[4096], last[256];
            line_text(&s.lines[i], t, sizeof t);
            last_token(t, last, sizeof last);
            for (int k = 0; ends[k]; k++)
                if (!strcmp(last, ends[k])) hit = 1;
            CHECK(!s.lines[i].overfull);
        }
        count += hit;
        setting_free(&s);
    }
    return count;
}

/* The pair never splits; its look-alike (no rule applies) does somewhere in the sweep. */
static void check_no_break(const char *pair, const char **ends, const char *control, const char **control_ends)
{
    int n1, n2;
    int split = sweep_line_ends(pair, ends, &n1);
    int control_split = sweep_line_ends(control, control_ends, &n2);
    if (getenv("VERBOSE")) fprintf(stderr, "\"%s\": split in %d of %d settings; \"%s\": in %d of %d\n", pair, split, n1, control, control_split, n2);
    if (split) fprintf(stderr, "\"%s\" split across lines in %d of %d settings\n", pair, split, n1);
    if (!control_split) fprintf(stderr, "the sweep never breaks at \"%s\" (the test does not reach the place)\n", control);
    CHECK_EQ_INT(split, 0);
    CHECK(control_split > 0);
}

TEST(test_no_break_percent)
{
    check_no_break("un alza del 30 % en las ventas", (const char *[]){"30", NULL},
                   "un alza del 30 x en las ventas", (const char *[]){"30", NULL});
    check_no_break("un alza del 26,1 % en las ventas", (const char *[]){"26,1", NULL},
                   "un alza del 26,1 x en las ventas", (const char *[]){"26,1", NULL});
}

TEST(test_no_break_currency)
{
    check_no_break("un aporte de US$ 45.000 por empresa", (const char *[]){"US$", NULL},
                   "un aporte de USD 45.000 por empresa", (const char *[]){"USD", NULL});
    check_no_break("un aporte de $ 2.437.584 por empresa", (const char *[]){"$", NULL},
                   "un aporte de Z 2.437.584 por empresa", (const char *[]){"Z", NULL});
}

TEST(test_no_break_numero)
{
    check_no_break("según el decreto N.º 6.334 de ese año", (const char *[]){"N.º", NULL},
                   "según el decreto Nro 6.334 de ese año", (const char *[]){"Nro", NULL});
    check_no_break("según la Ley N.º 20.416 de ese año", (const char *[]){"Ley", "N.º", NULL},
                   "según la Lex Nro 20.416 de ese año", (const char *[]){"Lex", "Nro", NULL});
}

TEST(test_no_break_initials)
{
    check_no_break("como escribió J. Martínez en su ortografía", (const char *[]){"J.", NULL},
                   "como escribió Jo Martínez en su ortografía", (const char *[]){"Jo", NULL});
    check_no_break("como escribió J. M. Martínez en su ortografía", (const char *[]){"J.", "M.", NULL},
                   "como escribió Jo Ma Martínez en su ortografía", (const char *[]){"Jo", "Ma", NULL});
}

TEST(test_no_break_raya)
{
    /* the raya written apart from its inciso: still kept with it */
    check_no_break("las instituciones — a través de ellas — llegaron", (const char *[]){"—", "ellas", NULL},
                   "las instituciones x a través de ellas x llegaron", (const char *[]){"x", "ellas", NULL});
    /* glued, as it should be written: never broken at the rayas either */
    int n;
    int split = sweep_line_ends("las instituciones —a través de ellas— llegaron", (const char *[]){"—", NULL}, &n);
    CHECK_EQ_INT(split, 0);
}

/* ---------- nobr, hyphens ---------- */

TEST(test_nobr)
{
    doc_inline *p = L(T(filler_a), E(IN_NOBR, T("Servicio de Cooperación Técnica"), NULL), T(filler_b), NULL);
    para_env env = make_env(&fs, sh, NULL);
    fo_sp group = para_text_width(&env, body, "Servicio de Cooperación Técnica");
    int bad = 0, settings = 0, narrower = 0;
    for (double m = 110; m <= 330; m += 1.25) {
        int w0 = d.warnings;
        setting s = set_at(p, FO_PT(m));
        settings++;
        int found = 0;
        for (int i = 0; i < s.n; i++) {
            char t[4096];
            line_text(&s.lines[i], t, sizeof t);
            CHECK(!s.lines[i].overfull);
            if (strstr(t, "Servicio de Cooperación Técnica")) found = 1;
            else if (FO_PT(m) > group && (strstr(t, "Servicio") || strstr(t, "Técnica") || strstr(t, "Cooperaci") || strstr(t, "Téc")))
            {
                bad++;
                fprintf(stderr, "measure %.2f: nobr split: %s\n", m, t);
            }
        }
        if (FO_PT(m) > group) CHECK(found);
        else if (FO_PT(m) < group - group / 20) { /* not even with its spaces shrunk */
            /* wider than the line: broken after all (never overfull), with a warning */
            narrower++;
            CHECK(!found);
            CHECK(d.warnings > w0);
        }
        setting_free(&s);
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(settings > 100);
    CHECK(narrower > 5);
}

TEST(test_compound_hyphen)
{
    const char *pair = "un acuerdo chileno-estadounidense de cooperación";
    char text[2048];
    snprintf(text, sizeof text, "%s%s%s", filler_a, pair, filler_b);
    doc_inline *p = T(text);
    int at_hyphen = 0, elsewhere = 0;
    for (double m = 110; m <= 330; m += 1.25) {
        setting s = set_at(p, FO_PT(m));
        for (int i = 0; i + 1 < s.n; i++) {
            char t[4096], u[4096], last[256], first[256];
            line_text(&s.lines[i], t, sizeof t);
            line_text(&s.lines[i + 1], u, sizeof u);
            last_token(t, last, sizeof last);
            first_token(u, first, sizeof first);
            if (!strcmp(last, "chileno-")) {
                at_hyphen++;
                /* the hyphen is repeated at the start of the next line */
                CHECK(first[0] == '-');
                CHECK(!strcmp(first, "-estadounidense"));
                /* the repeated hyphen begins the line, at x = 0 */
                CHECK(s.lines[i + 1].nitems > 0 && s.lines[i + 1].items[0].x == 0);
            } else if ((!strncmp(last, "chi", 3) && strcmp(last, "chileno-estadounidense") != 0) || first[0] == '-') {
                elsewhere++;
                fprintf(stderr, "measure %.2f: compound broken elsewhere: \"%s\" | \"%s\"\n", m, last, first);
            }
        }
        char joined[4096];
        rejoin(&s, joined, sizeof joined);
        CHECK_EQ_STR(joined, text);
        setting_free(&s);
    }
    CHECK(at_hyphen > 0);
    CHECK_EQ_INT(elsewhere, 0);
}

TEST(test_soft_hyphen)
{
    doc_inline *p = T("La descentralización administrativa, la industrialización regional y la internacionalización "
                      "de las microempresas transformaron profundamente las instituciones latinoamericanas.");
    int hyphenated = 0;
    for (double m = 110; m <= 260; m += 1.25) {
        setting s = set_at(p, FO_PT(m));
        for (int i = 0; i < s.n; i++) {
            char t[4096];
            line_text(&s.lines[i], t, sizeof t);
            if (s.lines[i].hyphenated) {
                hyphenated++;
                CHECK(ends_with(t, "-"));
                CHECK(i + 1 < s.n); /* never the last line */
                /* the hyphen is the line's last run, at the line's end: the
                 * font's soft-hyphen glyph, standing for U+00AD (the word
                 * reads back whole from the PDF) */
                const pm_item *it = &s.lines[i].items[s.lines[i].nitems - 1];
                int len;
                const char *text = run_text(it, &len);
                CHECK(len == 2 && !memcmp(text, "\xC2\xAD", 2));
                CHECK(it->nglyphs == 1 && it->word->glyphs[it->g0].gid == font_glyph(&fs, it->font, 0xAD));
            } else if (i + 1 < s.n) {
                CHECK(!ends_with(t, "-"));
            }
        }
        char joined[4096];
        rejoin(&s, joined, sizeof joined);
        CHECK_EQ_STR(joined, p->text);
        setting_free(&s);
    }
    CHECK(hyphenated > 0);
    /* with hyphenation off, no line is hyphenated */
    para_env env = make_env(&fs, sh, NULL);
    for (double m = 110; m <= 260; m += 5) {
        para_opts o = opts(FO_PT(m));
        o.hyphenate = 0;
        setting s = set_o(&env, p, &o);
        for (int i = 0; i < s.n; i++) CHECK(!s.lines[i].hyphenated);
        setting_free(&s);
    }
}

/* ---------- indent and justification ---------- */

static const pm_item *first_text(const vline *vl)
{
    for (int i = 0; i < vl->nitems; i++)
        if (vl->items[i].kind == PM_TEXT) return &vl->items[i];
    return NULL;
}

TEST(test_indent)
{
    doc_inline *p = T(filler_a);
    CHECK(body->indent > 0);
    setting s = set_at(p, FO_PT(200));
    CHECK(s.n > 1);
    if (s.n > 1) {
        CHECK_EQ_INT(first_text(&s.lines[0])->x, body->indent);
        CHECK_EQ_INT(first_text(&s.lines[1])->x, 0);
    }
    setting_free(&s);
    para_env env = make_env(&fs, sh, NULL);
    para_opts o = opts(FO_PT(200));
    o.indent = 0;
    s = set_o(&env, p, &o);
    CHECK(s.n > 1);
    if (s.n > 0) CHECK_EQ_INT(first_text(&s.lines[0])->x, 0);
    setting_free(&s);
    o.indent = FO_PT(30);
    s = set_o(&env, p, &o);
    if (s.n > 0) CHECK_EQ_INT(first_text(&s.lines[0])->x, FO_PT(30));
    setting_free(&s);
}

/* The protrusion a final character may hang into the margin (para.c's shares). */
static fo_sp hang_allowance(uint32_t cp, const pm_item *it)
{
    double share = 0;
    switch (cp) {
    case '.': case ',': case '-': case 0x2010: share = 0.7; break;
    case 0x2013: case 0x2014: share = 0.3; break;
    case ':': case ';': case 0x201D: case 0x2019: case 0xBB: case '"': case '\'': share = 0.5; break;
    case '!': case '?': share = 0.2; break;
    case ')': share = 0.1; break;
    default: return 0;
    }
    char buf[8];
    int n = utf8_encode(cp, buf);
    fo_sp w = font_units_to_sp(&fs.fonts[it->font], it->size, shaped_units(it->font, (buf[n] = 0, buf)));
    return (fo_sp)(share * (double)w * it->hscale) + FO_PT(0.05);
}

TEST(test_justified)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s%s", filler_a, "un acuerdo chileno-estadounidense de cooperación", filler_b);
    doc_inline *p = T(text);
    int lines = 0, hanging = 0;
    for (double m = 110; m <= 330; m += 2.5) {
        fo_sp measure = FO_PT(m);
        setting s = set_at(p, measure);
        for (int i = 0; i < s.n; i++) {
            uint32_t cp;
            const pm_item *last;
            fo_sp end = line_end(&s.lines[i], &cp, &last);
            fo_sp allow = last ? hang_allowance(cp, last) : 0;
            CHECK(!s.lines[i].overfull);
            CHECK_EQ_INT(s.lines[i].width, measure);
            /* no line is wider than the measure, beyond what its final mark may hang */
            if (end > measure + allow + FO_PT(0.5)) {
                char t[4096];
                line_text(&s.lines[i], t, sizeof t);
                fprintf(stderr, "measure %.2f line %d ends at %.2f (allowance %.2f): %s\n", m, i, FO_TO_PT(end),
                        FO_TO_PT(allow), t);
                CHECK(end <= measure + allow + FO_PT(0.5));
            }
            CHECK(s.lines[i].natural <= measure + allow + FO_PT(0.5));
            char t[4096];
            line_text(&s.lines[i], t, sizeof t);
            if (i + 1 == s.n) continue; /* the last line is set loose (its fil glue) */
            if (!strchr(t, ' ')) continue; /* one word: no glue to justify with (underfull, as TeX's emergency pass may leave) */
            lines++;
            /* justified: ends at the measure, or beyond it by the hanging mark */
            if (end < measure - FO_PT(0.5) || end > measure + allow + FO_PT(0.5)) {
                fprintf(stderr, "measure %.2f line %d ends at %.2f: %s\n", m, i, FO_TO_PT(end), t);
                CHECK(0);
            }
            if (allow > FO_PT(0.1) && end > measure + FO_PT(0.5)) hanging++;
        }
        setting_free(&s);
    }
    CHECK(lines > 200);
    CHECK(hanging > 0); /* protrusion does hang final marks */
}

/* ---------- styles ---------- */

/* The first run of the word text (a word may be drawn as several runs: at its
 * hyphenation points and after kerned glyphs); the runs that follow it on the
 * line must spell the rest of the word and end there. */
static const pm_item *find_item(const setting *s, const char *text, const pm_item **last_run)
{
    size_t tl = strlen(text);
    for (int i = 0; i < s->n; i++)
        for (int k = 0; k < s->lines[i].nitems; k++) {
            size_t got = 0;
            int j = k;
            for (; j < s->lines[i].nitems && got < tl; j++) {
                const pm_item *it = &s->lines[i].items[j];
                int len;
                const char *t = run_text(it, &len);
                if (it->kind != PM_TEXT || got + (size_t)len > tl || memcmp(t, text + got, (size_t)len)) break;
                got += (size_t)len;
            }
            if (got == tl) {
                if (last_run) *last_run = &s->lines[i].items[j - 1];
                return &s->lines[i].items[k];
            }
        }
    return NULL;
}

TEST(test_em_strong)
{
    doc_inline *p = L(T("Una palabra "), E(IN_EM, T("cursiva"), NULL), T(" y otra "), E(IN_STRONG, T("negrita"), NULL),
                      T(" y "), E(IN_STRONG, E(IN_EM, T("ambas"), NULL), NULL), T(" juntas."), NULL);
    setting s = set_at(p, FO_PT(300));
    CHECK_EQ_INT(s.n, 1);
    const pm_item *r = find_item(&s, "Una", NULL), *i = find_item(&s, "cursiva", NULL), *b = find_item(&s, "negrita", NULL),
                  *bi = find_item(&s, "ambas", NULL);
    CHECK(r && i && b && bi);
    if (r && i && b && bi) {
        int fam = body->family;
        CHECK_EQ_INT(r->font, fontset_pick(&fs, fam, 0, 0));
        CHECK_EQ_INT(i->font, fontset_pick(&fs, fam, 0, 1));
        CHECK_EQ_INT(b->font, fontset_pick(&fs, fam, 1, 0));
        CHECK_EQ_INT(bi->font, fontset_pick(&fs, fam, 1, 1));
        CHECK(r->font != i->font && r->font != b->font && i->font != b->font && bi->font != b->font);
        CHECK(r->size == i->size && r->size == b->size);
        CHECK(r->y == 0 && i->y == 0 && b->y == 0);
    }
    setting_free(&s);
    /* em inside an italic style sets upright */
    para_env env = make_env(&fs, sh, NULL);
    para_opts o = opts(FO_PT(300));
    const layout_style *lead = layout_style_get(lay, "lead");
    CHECK(lead && lead->italic);
    if (lead) {
        o.style = lead;
        s = set_o(&env, L(T("Todo en cursiva salvo "), E(IN_EM, T("esto"), NULL), NULL), &o);
        const pm_item *a = find_item(&s, "Todo", NULL), *e = find_item(&s, "esto", NULL);
        CHECK(a && e);
        if (a && e) {
            CHECK_EQ_INT(a->font, fontset_pick(&fs, lead->family, 0, 1));
            CHECK_EQ_INT(e->font, fontset_pick(&fs, lead->family, 0, 0));
        }
        setting_free(&s);
    }
}

TEST(test_sup_and_note)
{
    doc_inline *note = E(IN_NOTE, T("El texto de la nota."), NULL);
    doc_inline *p = L(T("Una superficie de 40 m"), E(IN_SUP, T("2"), NULL), T(" y una llamada"), note, T(" en el texto."), NULL);
    setting s = set_at(p, FO_PT(300));
    CHECK_EQ_INT(s.n, 1);
    const pm_item *word_end = NULL;
    const pm_item *m = find_item(&s, "m", NULL), *two = find_item(&s, "2", NULL), *call = find_item(&s, "17", NULL),
                  *word = find_item(&s, "llamada", &word_end);
    CHECK(m && two && call && word);
    if (m && two && call && word) {
        CHECK(two->y < 0);            /* raised */
        CHECK(two->size < m->size);   /* and smaller */
        CHECK(two->x >= m->x);        /* right after its base, no space */
        CHECK(two->x - (m->x + item_width(&fs, sh, m)) < FO_PT(0.5));
        CHECK(call->y < 0);
        CHECK(call->size < word->size);
        CHECK(call->x - (word_end->x + item_width(&fs, sh, word_end)) < FO_PT(0.5));
        CHECK_EQ_INT(call->font, fontset_pick(&fs, body->family, 0, 0));
    }
    /* the note call is a mark of its line */
    int marks = 0;
    for (int i = 0; i < s.n; i++)
        for (int k = 0; k < s.lines[i].nmarks; k++)
            if (s.lines[i].marks[k].kind == MARK_NOTE) {
                marks++;
                CHECK_EQ_INT(s.lines[i].marks[k].value, 0);
            }
    CHECK_EQ_INT(marks, 1);
    /* the line is as high as its raised call needs */
    if (s.n) CHECK(s.lines[0].ascent > 0);
    setting_free(&s);

    /* two calls in a row are separated by a comma */
    p = L(T("Dos llamadas"), E(IN_NOTE, T("a"), NULL), E(IN_NOTE, T("b"), NULL), T(" seguidas."), NULL);
    s = set_at(p, FO_PT(300));
    char t[512];
    if (s.n) line_text(&s.lines[0], t, sizeof t);
    CHECK(s.n == 1 && strstr(t, "llamadas17,17") != NULL);
    setting_free(&s);
}

TEST(test_quotes)
{
    doc_inline *p = L(T("Dijo "), E(IN_Q, T("no es "), E(IN_Q, T("así"), NULL), T(" del todo"), NULL), T(" y se fue."), NULL);
    setting s = set_at(p, FO_PT(300));
    CHECK_EQ_INT(s.n, 1);
    char t[512] = "", want[512];
    if (s.n) line_text(&s.lines[0], t, sizeof t);
    const lang_words *es = lang_builtin("es");
    snprintf(want, sizeof want, "Dijo %sno es %sasí%s del todo%s y se fue.", es->quote_open[0], es->quote_open[1],
             es->quote_close[1], es->quote_close[0]);
    CHECK_EQ_STR(t + (t[0] == ' '), want);
    CHECK(strcmp(es->quote_open[0], es->quote_open[1]) != 0);
    setting_free(&s);
    /* inside a quotation (quote_depth 1) the marks start at the second level */
    para_env env = make_env(&fs, sh, NULL);
    para_opts o = opts(FO_PT(300));
    o.quote_depth = 1;
    s = set_o(&env, L(T("Dijo "), E(IN_Q, T("basta"), NULL), NULL), &o);
    if (s.n) line_text(&s.lines[0], t, sizeof t);
    snprintf(want, sizeof want, "Dijo %sbasta%s", es->quote_open[1], es->quote_close[1]);
    CHECK_EQ_STR(t, want);
    setting_free(&s);
}

/* ---------- overfull, fallback ---------- */

/* The paragraph's text again from its lines, spaces left out: what a line
 * ends with (a hyphen added at a soft break) aside, every character is there
 * once, in order. */
static void rejoin_nospace(const setting *s, char *out, size_t cap)
{
    size_t n = 0;
    for (int i = 0; i < s->n; i++) {
        char t[4096];
        line_text(&s->lines[i], t, sizeof t);
        size_t tl = strlen(t);
        if (s->lines[i].hyphenated && tl > 0 && t[tl - 1] == '-') t[--tl] = 0;
        for (size_t k = 0; k < tl && n + 1 < cap; k++)
            if (t[k] != ' ') out[n++] = t[k];
    }
    out[n] = 0;
}

static void strip_spaces(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; *in && n + 1 < cap; in++)
        if (*in != ' ') out[n++] = *in;
    out[n] = 0;
}

/* A word wider than the measure breaks where it has no break point (an
 * emergency break), never overflows; a warning names the paragraph's place. */
TEST(test_long_word)
{
    diag_loc saved = place;
    place = diag_at(&d, "capitulos/03.xml", 41, 7);
    const char *text = "El número 123456789012345678901234567890123456789012345678901234567890 no cabe en la línea.";
    doc_inline *p = T(text);
    int c0 = d.count;
    setting s = set_at(p, FO_PT(120));
    for (int i = 0; i < s.n; i++) CHECK(!s.lines[i].overfull);
    int named = 0;
    for (int k = c0; k < d.count; k++) {
        const diag_entry *e = &d.entries[k];
        if (e->severity == DIAG_WARNING && strstr(e->message, "no break point") && e->loc.file &&
            !strcmp(e->loc.file, "capitulos/03.xml") && e->loc.line == 41)
            named++;
    }
    CHECK(named >= 1);
    /* every line fits; the number's pieces carry no hyphen */
    for (int i = 0; i < s.n; i++) {
        uint32_t cp;
        const pm_item *last;
        fo_sp end = line_end(&s.lines[i], &cp, &last);
        CHECK(end <= FO_PT(120) + (last ? hang_allowance(cp, last) : 0) + FO_PT(0.5));
        CHECK(!s.lines[i].hyphenated);
    }
    char joined[4096], want[4096];
    rejoin_nospace(&s, joined, sizeof joined);
    strip_spaces(text, want, sizeof want);
    CHECK_EQ_STR(joined, want);
    setting_free(&s);
    /* a long word of letters gets a hyphen where it breaks */
    p = T("Pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopicsilicovolcanoconiosis.");
    s = set_at(p, FO_PT(120));
    CHECK(s.n >= 3);
    for (int i = 0; i < s.n; i++) CHECK(!s.lines[i].overfull);
    for (int i = 0; i + 1 < s.n; i++) CHECK(s.lines[i].hyphenated);
    setting_free(&s);
    place = saved;
}

static int ends_with_any(const char *s, const char *set)
{
    size_t n = strlen(s);
    return n > 0 && strchr(set, s[n - 1]) != NULL;
}

/* Addresses (URLs, e-mail, paths, a link's text) break after / . - _ ? & =
 * without a hyphen, and only there (issue 15). */
TEST(test_address_breaks)
{
    const char *url = "https://datos.archivo-nahuelco.example.org/fondos/corporacion-de-desarrollo/series_estadisticas/"
                      "riego?formato=csv&separador=punto-y-coma";
    const char *mail = "sala.de.lectura@archivo-nahuelco.example.org";
    const char *path = "/srv/archivo/fondos/CODENA/series_estadisticas/1965-1986/predios_regados_por_sector.ods";
    char text[2048];
    snprintf(text, sizeof text, "Las series están en %s, y quien quiera escribir puede hacerlo a %s; el archivo "
                                "interno es %s y el portal es ", url, mail, path);
    /* the portal's address is the text of a <link> */
    const char *link = "https://www.archivo-nahuelco.example.org/catalogo/series-estadisticas?orden=fecha";
    doc_inline *p = L(T(text), E(IN_LINK, T(link), NULL), T(", abierto a todos."), NULL);
    char all[4096], want[4096];
    snprintf(all, sizeof all, "%s%s, abierto a todos.", text, link);
    strip_spaces(all, want, sizeof want);
    /* where each address lies in the text without spaces */
    const char *addr[] = {url, mail, path, link};
    int from[4], to[4];
    for (int k = 0; k < 4; k++) {
        char a[512];
        strip_spaces(addr[k], a, sizeof a);
        const char *at = strstr(want, a);
        from[k] = at ? (int)(at - want) : -1;
        to[k] = from[k] + (int)strlen(a);
    }
    int inside = 0, w0 = d.warnings;
    for (double m = 140; m <= 330; m += 2.5) {
        setting s = set_at(p, FO_PT(m));
        char joined[4096];
        rejoin_nospace(&s, joined, sizeof joined);
        CHECK_EQ_STR(joined, want);
        int pos = 0; /* where the line ends in the text without spaces */
        for (int i = 0; i < s.n; i++) {
            CHECK(!s.lines[i].overfull);
            char t[4096], st[4096];
            line_text(&s.lines[i], t, sizeof t);
            size_t tl = strlen(t);
            if (s.lines[i].hyphenated && tl > 0 && t[tl - 1] == '-') t[tl - 1] = 0;
            strip_spaces(t, st, sizeof st);
            pos += (int)strlen(st);
            if (i + 1 == s.n) continue;
            for (int k = 0; k < 4; k++)
                if (pos > from[k] && pos < to[k]) {
                    /* a line that ends inside an address ends after its punctuation, with no hyphen added */
                    inside++;
                    CHECK(!s.lines[i].hyphenated);
                    if (!ends_with_any(t, "/.-_?&=")) fprintf(stderr, "measure %.1f: address broken after \"%s\"\n", m, t);
                    CHECK(ends_with_any(t, "/.-_?&="));
                }
        }
        setting_free(&s);
    }
    CHECK(inside > 50);
    CHECK_EQ_INT(d.warnings, w0); /* broken at their own points: nothing to warn about */
}

/* ---------- last lines, capitalised words ---------- */

static const char *filler_c =
    "Los técnicos de la institución recorrieron las provincias enseñando contabilidad, diseño industrial y "
    "comercialización a quienes nunca habían tenido acceso al crédito bancario, y los informes de la época describen "
    "resultados desiguales entre las zonas urbanas y las rurales, aunque en general positivos para las cooperativas "
    "agrícolas y los talleres metalmecánicos.";

/* A paragraph's last line is never only the rest of a hyphenated word
 * ("...económi-" / "cos."): over a sweep of measures, wherever the line
 * before the last ends on a hyphen, the last line holds a word space. */
TEST(test_no_fragment_last_line)
{
    doc_inline *p = T(filler_c);
    int settings = 0, hyphen_before_last = 0;
    for (double m = 110; m <= 330; m += 0.5) {
        setting s = set_at(p, FO_PT(m));
        settings++;
        if (s.n >= 2 && s.lines[s.n - 2].hyphenated) {
            hyphen_before_last++;
            char t[4096];
            line_text(&s.lines[s.n - 1], t, sizeof t);
            if (!strchr(t, ' ')) fprintf(stderr, "measure %.1f: the last line is a fragment: \"%s\"\n", m, t);
            CHECK(strchr(t, ' ') != NULL);
        }
        setting_free(&s);
    }
    CHECK(settings > 400);
    CHECK(hyphen_before_last > 0); /* the sweep does hyphenate the line before the last */
}

/* The number of settings in the sweep in which a line ends on a hyphen
 * inside a word starting with `stem` (case-sensitive). */
static int sweep_hyphenated(const char *text, const char *stem, int *settings)
{
    doc_inline *p = T(text);
    int count = 0;
    *settings = 0;
    for (double m = 160; m <= 330; m += 0.5) { /* from half the book's measure: narrower, names may have to break */
        setting s = set_at(p, FO_PT(m));
        (*settings)++;
        for (int i = 0; i + 1 < s.n; i++) {
            char t[4096], last[256];
            line_text(&s.lines[i], t, sizeof t);
            last_token(t, last, sizeof last);
            if (s.lines[i].hyphenated && !strncmp(last, stem, strlen(stem))) count++;
        }
        setting_free(&s);
    }
    return count;
}

/* Capitalised words (names) are hyphenated only where nothing else fits
 * within the tolerance (TeX's \uchyph as a price): the same paragraph with
 * the names in lower case hyphenates them in many settings of the sweep,
 * with capitals in few. Acronyms in capitals never. */
TEST(test_capitalised_words)
{
    const char *names = "Los técnicos de la Corporación recorrieron las provincias de Antofagasta y Concepción "
                        "enseñando contabilidad, diseño industrial y comercialización a quienes nunca habían tenido "
                        "acceso al crédito bancario, y los informes de Villarroel describen resultados desiguales "
                        "entre las zonas urbanas y las rurales de Quillenmapu, aunque positivos para las cooperativas "
                        "agrícolas que el CODENA financiaba.";
    char lower[1024];
    snprintf(lower, sizeof lower, "%s", names);
    /* the names in lower case (ASCII capitals only: the test text has no accented capital) */
    for (char *q = lower; *q; q++)
        if (*q >= 'A' && *q <= 'Z' && !(q[1] >= 'A' && q[1] <= 'Z') && !(q > lower && q[-1] >= 'A' && q[-1] <= 'Z'))
            *q = (char)(*q + 32);
    const char *stems[] = {"Corpo", "Antofa", "Concep", "Villa", "Quillen", NULL};
    int n1, n2, caps = 0, low = 0;
    for (int k = 0; stems[k]; k++) {
        char ls[32];
        snprintf(ls, sizeof ls, "%s", stems[k]);
        ls[0] = (char)(ls[0] + 32);
        caps += sweep_hyphenated(names, stems[k], &n1);
        low += sweep_hyphenated(lower, ls, &n2);
    }
    if (getenv("VERBOSE")) fprintf(stderr, "capitalised words hyphenated in %d line ends, in lower case in %d\n", caps, low);
    CHECK(low > 20);
    CHECK(caps * 10 <= low);
    int settings;
    CHECK_EQ_INT(sweep_hyphenated(names, "CODENA", &settings), 0);
    CHECK_EQ_INT(sweep_hyphenated(names, "COD", &settings), 0);
}

/* The last line holds at least a quarter of the measure where the paragraph
 * allows it: over the sweep, few settings end on a shorter line. */
TEST(test_last_line_quarter)
{
    doc_inline *p = T(filler_c);
    int settings = 0, short_last = 0;
    for (double m = 110; m <= 330; m += 0.5) {
        setting s = set_at(p, FO_PT(m));
        settings++;
        if (s.n >= 2 && s.lines[s.n - 1].natural < FO_PT(m) / 4) short_last++;
        setting_free(&s);
    }
    if (getenv("VERBOSE")) fprintf(stderr, "%d of %d settings end on a line shorter than a quarter\n", short_last, settings);
    CHECK(short_last * 20 <= settings);
}

/* A layout whose sans family is DejaVu Sans (which has arrows Noto lacks). */
static const char *dejavu[FACE_COUNT] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf",
};

static int count_messages(int from, const char *needle, const char *file, int line)
{
    int n = 0;
    for (int k = from; k < d.count; k++) {
        const diag_entry *e = &d.entries[k];
        if (!strstr(e->message, needle)) continue;
        if (file && (!e->loc.file || strcmp(e->loc.file, file) != 0 || e->loc.line != line)) continue;
        n++;
    }
    return n;
}

TEST(test_font_fallback)
{
    for (int f = 0; f < FACE_COUNT; f++)
        if (access(dejavu[f], R_OK) != 0) {
            printf("test_font_fallback: skipped (no %s)\n", dejavu[f]);
            return;
        }
    diag_sink d2;
    diag_init(&d2);
    layout *lay2 = layout_load("layout/print.xml", &d2);
    CHECK(lay2 != NULL);
    if (!lay2) return;
    int sans = -1;
    for (int i = 0; i < lay2->nfamilies; i++)
        if (!strcmp(lay2->families[i].name, "sans")) sans = i;
    CHECK(sans >= 0 && sans != body->family);
    for (int f = 0; f < FACE_COUNT; f++) lay2->families[sans].path[f] = dejavu[f];
    fontset fs2;
    int loaded = fontset_load(&fs2, lay2, &d2) == 0;
    CHECK(loaded);
    if (!loaded) {
        diag_print(&d2, stderr);
        layout_free(lay2);
        diag_free(&d2);
        return;
    }
    /* the character: in DejaVu Sans, not in Noto Serif (either face) */
    const uint32_t arrow = 0x2192;
    int serif_r = fontset_pick(&fs2, body->family, 0, 0), serif_i = fontset_pick(&fs2, body->family, 0, 1);
    int sans_r = fontset_pick(&fs2, sans, 0, 0), sans_i = fontset_pick(&fs2, sans, 0, 1);
    CHECK(font_glyph(&fs2, serif_r, arrow) == 0 && font_glyph(&fs2, serif_i, arrow) == 0);
    CHECK(font_glyph(&fs2, sans_r, arrow) != 0 && font_glyph(&fs2, sans_i, arrow) != 0);
    shaper *sh2 = shaper_new(&fs2);
    para_env env = make_env(&fs2, sh2, NULL);
    para_opts o = opts(FO_PT(300));

    diag_loc saved = place;
    place = diag_at(&d, "capitulos/07.xml", 12, 9);
    doc_inline *p = T("De 1952 → 1960 y de 1970→1980,");
    place = diag_at(&d, "capitulos/07.xml", 13, 4);
    doc_inline *p_em = T(" luego → después");
    p = L(p, E(IN_EM, p_em, NULL), NULL);
    place = diag_at(&d, "capitulos/07.xml", 30, 3);
    doc_inline *p2 = L(T("Más tarde → al fin, "), E(IN_EM, T("y → también"), NULL), NULL);
    place = saved;
    int c0 = d.count, e0 = d.errors;
    setting s = set_o(&env, p, &o);
    CHECK_EQ_INT(s.n, 1);
    /* the arrow is drawn from DejaVu Sans, the words around it from Noto Serif */
    const pm_item *a = NULL, *w = NULL;
    for (int k = 0; s.n && k < s.lines[0].nitems; k++) {
        const pm_item *it = &s.lines[0].items[k];
        int len;
        const char *t = run_text(it, &len);
        if (len == 3 && !memcmp(t, "→", 3) && !a) a = it;
        if (len == 4 && !memcmp(t, "1952", 4)) w = it;
    }
    CHECK(a && w);
    if (a && w) {
        CHECK_EQ_INT(a->font, sans_r);
        CHECK_EQ_INT(w->font, serif_r);
    }
    char t[512] = "";
    if (s.n) line_text_fs(&fs2, sh2, &s.lines[0], t, sizeof t);
    CHECK_EQ_STR(t, "De 1952 → 1960 y de 1970→1980, luego → después");
    setting_free(&s);
    /* reported once per (face, character): upright and italic, at the text's place */
    char msg_r[256], msg_i[256];
    snprintf(msg_r, sizeof msg_r, "U+2192 is not in %s; taken from %s", fs2.fonts[serif_r].name, fs2.fonts[sans_r].name);
    snprintf(msg_i, sizeof msg_i, "U+2192 is not in %s; taken from %s", fs2.fonts[serif_i].name, fs2.fonts[sans_i].name);
    CHECK_EQ_STR(fs2.fonts[serif_r].name, "NotoSerif-Regular.ttf");
    CHECK_EQ_STR(fs2.fonts[sans_i].name, "DejaVuSans-Oblique.ttf");
    CHECK_EQ_INT(count_messages(c0, "U+2192", NULL, 0), 2);
    CHECK_EQ_INT(count_messages(c0, msg_r, "capitulos/07.xml", 12), 1);
    CHECK_EQ_INT(count_messages(c0, msg_i, "capitulos/07.xml", 13), 1);
    for (int k = c0; k < d.count; k++)
        if (strstr(d.entries[k].message, "U+2192")) CHECK_EQ_INT(d.entries[k].severity, DIAG_WARNING);
    CHECK_EQ_INT(d.errors, e0);
    /* a second paragraph with the same pairs: nothing new */
    int c1 = d.count;
    s = set_o(&env, p2, &o);
    CHECK_EQ_INT(count_messages(c1, "U+2192", NULL, 0), 0);
    setting_free(&s);
    /* the same paragraph in another build (a fresh sink, or the sink after the
     * build dropped a layout pass's diagnostics): reported again, at its place */
    for (int k = c0; k < d.count; k++) free(d.entries[k].message);
    d.warnings -= d.count - c0;
    d.count = c0;
    int c2 = d.count;
    s = set_o(&env, p2, &o);
    CHECK_EQ_INT(count_messages(c2, msg_r, "capitulos/07.xml", 30), 1);
    CHECK_EQ_INT(count_messages(c2, msg_i, "capitulos/07.xml", 30), 1);
    CHECK_EQ_INT(count_messages(c2, "U+2192", NULL, 0), 2);
    setting_free(&s);
    diag_sink other;
    diag_init(&other);
    para_env env2 = make_env(&fs2, sh2, &other);
    s = set_o(&env2, p, &o);
    CHECK_EQ_INT(other.count, 2);
    CHECK_EQ_INT(other.warnings, 2);
    setting_free(&s);
    diag_free(&other);

    /* a word made of two text nodes in the same style (one segment): the
     * place is the node the character came from */
    place = diag_at(&d, "capitulos/07.xml", 40, 1);
    doc_inline *p4 = T("hacia");
    place = diag_at(&d, "capitulos/07.xml", 41, 8);
    p4 = L(p4, E(IN_IX, T("←abajo y ←"), NULL), NULL);
    place = saved;
    int c4 = d.count;
    s = set_o(&env, p4, &o);
    if (s.n) line_text_fs(&fs2, sh2, &s.lines[0], t, sizeof t);
    CHECK_EQ_STR(t, "hacia←abajo y ←");
    CHECK_EQ_INT(count_messages(c4, "U+2190 is not in NotoSerif-Regular.ttf; taken from DejaVuSans.ttf", "capitulos/07.xml", 41), 1);
    CHECK_EQ_INT(count_messages(c4, "U+2190", NULL, 0), 1);
    setting_free(&s);

    /* a character in no font of the layout: an error at the text's place */
    place = diag_at(&d, "capitulos/08.xml", 5, 64);
    doc_inline *p3 = T("Un ideograma 中 en el texto.");
    place = saved;
    int c3 = d.count;
    s = set_o(&env, p3, &o);
    CHECK_EQ_INT(count_messages(c3, "U+4E2D is in no font of the layout", "capitulos/08.xml", 5), 1);
    CHECK_EQ_INT(d.errors, e0 + 1);
    setting_free(&s);
    /* the next occurrence is not reported again */
    s = set_o(&env, p3, &o);
    CHECK_EQ_INT(count_messages(c3, "U+4E2D", NULL, 0), 1);
    CHECK_EQ_INT(d.errors, e0 + 1);
    setting_free(&s);
    /* leave the shared sink without this test's error */
    for (int k = c3; k < d.count; k++) free(d.entries[k].message);
    d.count = c3;
    d.errors = e0;

    shaper_free(sh2);
    fontset_free(&fs2);
    layout_free(lay2);
    diag_free(&d2);
}

/* With the book's own fonts no character of Spanish text falls back. */
TEST(test_no_fallback_in_spanish)
{
    para_env env = make_env(&fs, sh, NULL);
    para_opts o = opts(FO_PT(300));
    int c0 = d.count;
    setting s = set_o(&env,
                      L(T("¿Qué año? ¡Éste! «Ñuñoa», “acción” — pingüino… 1º, N.º 5, 30 %, US$ 4,5; ‘sí’ – § 3."),
                        E(IN_EM, T(" Él, ésa, ü ñ —dijo— ¿y?"), NULL), NULL),
                      &o);
    CHECK(s.n >= 1);
    CHECK_EQ_INT(count_messages(c0, "is not in", NULL, 0), 0);
    CHECK_EQ_INT(count_messages(c0, "no font", NULL, 0), 0);
    setting_free(&s);
}

int main(void)
{
    diag_init(&d);
    arena_init(&mem, 256 * 1024);
    if (engine_open(&d) != 0) return 1;
    body = layout_style_get(lay, "body");
    hy = engine_spanish(&d);
    if (!body || !hy) {
        diag_print(&d, stderr);
        fprintf(stderr, "the print layout needs a body style and hyphenation patterns\n");
        return 1;
    }
    RUN(test_no_break_percent);
    RUN(test_no_break_currency);
    RUN(test_no_break_numero);
    RUN(test_no_break_initials);
    RUN(test_no_break_raya);
    RUN(test_nobr);
    RUN(test_compound_hyphen);
    RUN(test_soft_hyphen);
    RUN(test_indent);
    RUN(test_justified);
    RUN(test_em_strong);
    RUN(test_sup_and_note);
    RUN(test_quotes);
    RUN(test_long_word);
    RUN(test_no_fragment_last_line);
    RUN(test_capitalised_words);
    RUN(test_last_line_quarter);
    RUN(test_address_breaks);
    RUN(test_font_fallback);
    RUN(test_no_fallback_in_spanish);
    if (getenv("SHOW_DIAGS")) diag_print(&d, stderr);
    hyphenator_free(hy);
    engine_close();
    arena_free(&mem);
    diag_free(&d);
    return TEST_REPORT();
}
