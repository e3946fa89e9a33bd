/* layout.c - reading layout/NAME.xml into a layout (see layout.h). */
#include "layout.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "../base/path.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "image.h"
#include "schemas.h"
#include "xmlload.h"

/* A file the layout names, checked once everything is read (see check_files). */
typedef struct named_file {
    const char *path;    /* resolved */
    const char *given;   /* as written */
    const char *what;    /* "font file", "hyphenation exceptions"… */
    diag_loc loc;
} named_file;

typedef struct {
    layout *l;
    xml_loaded *x;
    diag_sink *d;
    named_file *files;
    int nfiles, files_cap;
    diag_loc rgb[64];    /* where RGB colours were given (a PDF/X layout refuses them) */
    int nrgb;
} reader;

static const char *get(reader *R, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    const char *s = arena_strdup(&R->l->mem, (const char *)v);
    xmlFree(v);
    return s;
}

static int yes(reader *R, xmlNodePtr n, const char *name, int dflt)
{
    const char *v = get(R, n, name);
    return v ? strcmp(v, "yes") == 0 : dflt;
}

static fo_sp len(reader *R, xmlNodePtr n, const char *name, fo_sp dflt)
{
    const char *v = get(R, n, name);
    fo_sp out;
    if (!v) return dflt;
    if (units_parse_length(v, &out) != 0) {
        diag_error(R->d, xml_attr_loc(R->x, n, name, R->d), "\"%s\" is not a length", v);
        return dflt;
    }
    return out;
}

/* A length that may be given in em of size. */
static fo_sp em_len(reader *R, xmlNodePtr n, const char *name, fo_sp size, fo_sp dflt)
{
    const char *v = get(R, n, name);
    if (v) {
        size_t k = strlen(v);
        if (k > 2 && strcmp(v + k - 2, "em") == 0) {
            double sp = atof(v) * (double)size, max = (double)units_pt_clamped(1e300);
            return sp != sp ? 0 : sp > max ? (fo_sp)max : sp < -max ? (fo_sp)-max : (fo_sp)sp; /* clamped: no overflow */
        }
    }
    return len(R, n, name, dflt);
}

static int num(reader *R, xmlNodePtr n, const char *name, int dflt)
{
    const char *v = get(R, n, name);
    if (!v) return dflt;
    long long x = strtoll(v, NULL, 10); /* clamped: the range checks see an absurd value, not a wrapped one */
    return x > 1000000000 ? 1000000000 : x < -1000000000 ? -1000000000 : (int)x;
}

static double real(reader *R, xmlNodePtr n, const char *name, double dflt)
{
    const char *v = get(R, n, name);
    return v ? atof(v) : dflt;
}

/* One component of cmyk()/gray(): "88%" or a share "0.88"; -1 when neither. */
static double color_part(const char **p)
{
    char *end;
    while (**p == ' ' || **p == ',') (*p)++;
    double v = strtod(*p, &end);
    if (end == *p) return -1;
    *p = end;
    if (**p == '%') {
        (*p)++;
        v /= 100.0;
    }
    return v >= 0 && v <= 1 ? v : -1;
}

/* "#1F4E79", "cmyk(88% 52% 5% 30%)" or "gray(67%)" (see layout_color). An
 * RGB colour is remembered by its place: a PDF/X layout refuses it once the
 * <pdf> element has been read (layout_load). */
static layout_color color(reader *R, xmlNodePtr n, const char *name, layout_color dflt)
{
    const char *v = get(R, n, name);
    if (!v) return dflt;
    layout_color c = dflt;
    const char *p = v;
    int ok = 0;
    if (v[0] == '#' && strlen(v) == 7) {
        unsigned long rgb = strtoul(v + 1, NULL, 16);
        c = (layout_color){COLOR_RGB, {(float)((rgb >> 16) & 0xFF) / 255.0f, (float)((rgb >> 8) & 0xFF) / 255.0f,
                                       (float)(rgb & 0xFF) / 255.0f, 0}};
        ok = 1;
        if (R->nrgb < (int)(sizeof R->rgb / sizeof R->rgb[0])) R->rgb[R->nrgb++] = xml_attr_loc(R->x, n, name, R->d);
    } else if (!strncmp(v, "cmyk(", 5) || !strncmp(v, "gray(", 5) || !strncmp(v, "grey(", 5)) {
        int k = v[0] == 'c' ? 4 : 1;
        p = v + 5;
        c.space = k == 4 ? COLOR_CMYK : COLOR_GRAY;
        ok = 1;
        for (int i = 0; i < 4; i++) c.v[i] = 0;
        for (int i = 0; i < k && ok; i++) {
            double part = color_part(&p);
            if (part < 0) ok = 0;
            else c.v[i] = (float)part;
        }
        while (*p == ' ') p++;
        if (ok && strcmp(p, ")") != 0) ok = 0;
        if (c.space == COLOR_GRAY) c.v[0] = 1.0f - c.v[0]; /* "gray(67%)" is 67 % black: level 0.33 */
    }
    if (!ok) {
        diag_error(R->d, xml_attr_loc(R->x, n, name, R->d),
                   "%s=\"%s\" is not a colour: write \"#1F4E79\", \"cmyk(88%% 52%% 5%% 30%%)\" or \"gray(60%%)\"", name,
                   v);
        return dflt;
    }
    return c;
}

/* rel against the layout's folder (every path of a layout is), normalised. */
static const char *resolve(reader *R, const char *rel)
{
    char p[PATH_MAX];
    if (!rel) return NULL;
    path_join(R->l->dir, rel, p, sizeof p);
    return arena_strdup(&R->l->mem, p);
}

/* Resolve the file named by attribute name of n and remember it for check_files. */
static const char *named(reader *R, xmlNodePtr n, const char *name, const char *what)
{
    const char *given = get(R, n, name);
    if (!given) return NULL;
    named_file f = {resolve(R, given), given, what, xml_attr_loc(R->x, n, name, R->d)};
    VEC_PUSH(R->files, R->nfiles, R->files_cap, f);
    return f.path;
}

/* Every file the layout names must be there. One error per missing file,
 * but one per missing folder however many files it should hold (a layout
 * copied away from its fonts/ names all of them in one folder). */
static void check_files(reader *R)
{
    char dir[PATH_MAX], other[PATH_MAX];
    for (int i = 0; i < R->nfiles; i++) {
        named_file *f = &R->files[i];
        if (path_is_file(f->path)) continue;
        path_dir(f->path, dir, sizeof dir);
        if (path_is_dir(dir)) {
            diag_error(R->d, f->loc, "cannot read the %s \"%s\" (looked for %s)", f->what, f->given, f->path);
            continue;
        }
        int first = 1, count = 0;
        for (int k = 0; k < R->nfiles; k++) {
            path_dir(R->files[k].path, other, sizeof other);
            if (strcmp(other, dir) != 0) continue;
            if (k < i) first = 0;
            count++;
        }
        if (!first) continue;
        char given_dir[PATH_MAX];
        path_dir(f->given, given_dir, sizeof given_dir);
        if (count > 1)
            diag_error(R->d, f->loc,
                       "the folder \"%s\" does not exist (looked for %s); the layout names %d files in it. Paths in a "
                       "layout are relative to the layout file: copy the folder beside it, or give fonts by family "
                       "name (font=\"Noto Serif\")",
                       given_dir, dir, count);
        else
            diag_error(R->d, f->loc, "cannot read the %s \"%s\": the folder %s does not exist", f->what, f->given, dir);
    }
}

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Values a layout may not hold, however valid their syntax: each is an error
 * at its attribute (a zero grid or font size would divide by zero or make
 * libharu refuse the page). */
static void check_range(reader *R, xmlNodePtr n, const char *name, double v, double lo, double hi, const char *unit)
{
    if (!xmlHasProp(n, (const xmlChar *)name)) return;
    if (v < lo || v > hi)
        diag_error(R->d, xml_attr_loc(R->x, n, name, R->d), "%s=\"%s\" is out of range: it must be between %g and %g%s",
                   name, get(R, n, name), lo, hi, unit);
}

/* A face given as a file rather than by an installed family's name: a path
 * ("../fonts/X.ttf", "/usr/share/…") or a font file's name ("X.ttf"). */
static int is_font_file(const char *v)
{
    static const char *ext[] = {".ttf", ".otf", ".ttc", ".otc", NULL};
    size_t n = strlen(v);
    if (strchr(v, '/')) return 1;
    for (int i = 0; ext[i]; i++)
        if (n > 4 && strcasecmp(v + n - 4, ext[i]) == 0) return 1;
    return 0;
}

static void read_family(reader *R, xmlNodePtr n)
{
    static const char *faces[FACE_COUNT] = {"regular", "bold", "italic", "bold-italic"};
    layout *l = R->l;
    if (l->nfamilies == LAYOUT_MAX_FAMILIES) {
        diag_error(R->d, xml_node_loc(R->x, n, R->d), "too many font families (at most %d)", LAYOUT_MAX_FAMILIES);
        return;
    }
    layout_family *f = &l->families[l->nfamilies++];
    f->name = get(R, n, "name");
    const char *all = get(R, n, "font");
    if (all && is_font_file(all))
        diag_error(R->d, xml_attr_loc(R->x, n, "font", R->d),
                   "font=\"%s\" names a file: font= takes an installed family's name (font=\"Noto Serif\"); give "
                   "files with regular=, bold=, italic= and bold-italic=", all);
    for (int i = 0; i < FACE_COUNT; i++) {
        const char *v = get(R, n, faces[i]);
        if (v && is_font_file(v)) f->path[i] = named(R, n, faces[i], "font file");
        else if (v) f->query[i] = v;
        else if (all && !is_font_file(all)) f->query[i] = all, f->implied[i] = 1;
        f->loc[i] = xml_attr_loc(R->x, n, v ? faces[i] : all ? "font" : faces[i], R->d);
    }
    if (!f->path[FACE_REGULAR] && !f->query[FACE_REGULAR] && !(all && is_font_file(all)))
        diag_error(R->d, xml_node_loc(R->x, n, R->d),
                   "font family \"%s\" has no regular face: give regular=\"file.ttf\" or font=\"Family Name\"",
                   f->name);
}

static int family_index(reader *R, xmlNodePtr n, const char *name)
{
    suggest sg;
    suggest_init(&sg, name);
    for (int i = 0; i < R->l->nfamilies; i++) {
        if (strcmp(R->l->families[i].name, name) == 0) return i;
        suggest_add(&sg, R->l->families[i].name);
    }
    char hint[300];
    diag_error(R->d, xml_attr_loc(R->x, n, "family", R->d), "unknown font family \"%s\"%s", name,
               suggest_hint(&sg, hint, sizeof hint));
    return 0;
}

/* The language an element of the layout is for: its xml:lang, or the
 * layout's (xml:lang is inherited); NULL for every language. */
static const char *lang_of(reader *R, xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetLang(n);
    if (!v) return NULL;
    const char *s = arena_strdup(&R->l->mem, (const char *)v);
    xmlFree(v);
    return s;
}

/* The words entry for language tag (NULL: every language), added when new. */
static struct layout_words *words_entry(reader *R, xmlNodePtr n, const char *tag)
{
    layout *l = R->l;
    for (int i = 0; i < l->nwords; i++)
        if ((!tag && !l->words[i].lang) || (tag && l->words[i].lang && lang_same(tag, l->words[i].lang)))
            return &l->words[i];
    if (l->nwords == LAYOUT_MAX_LANGS) {
        diag_error(R->d, xml_node_loc(R->x, n, R->d), "words for too many languages (at most %d)", LAYOUT_MAX_LANGS);
        return NULL;
    }
    struct layout_words *w = &l->words[l->nwords++];
    memset(w, 0, sizeof *w);
    w->lang = tag;
    return w;
}

static void read_labels(reader *R, xmlNodePtr n)
{
    struct layout_words *e = words_entry(R, n, lang_of(R, n));
    if (!e) return;
    e->labels = 1;
    for (int i = 0; i < LW_COUNT; i++) {
        const char *v = get(R, n, lang_word_attr[i]);
        if (v) e->words.word[i] = v;
    }
    const char *months = get(R, n, "months");
    if (months) {
        /* twelve names, separated by spaces */
        char *copy = arena_strdup(&R->l->mem, months);
        int k = 0;
        for (char *tok = strtok(copy, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
            if (k < 12) e->words.month[k] = tok;
            k++;
        }
        if (k != 12) {
            diag_error(R->d, xml_attr_loc(R->x, n, "months", R->d),
                       "months=\"…\" must name the twelve months, separated by spaces (it names %d)", k);
            for (int i = 0; i < 12; i++) e->words.month[i] = NULL;
        }
    }
    const char *fmt[2] = {get(R, n, "date"), get(R, n, "month-year")};
    const char *fmt_attr[2] = {"date", "month-year"};
    for (int i = 0; i < 2; i++) {
        if (!fmt[i]) continue;
        if (!strstr(fmt[i], "{y}") || !strstr(fmt[i], "{month}") || (i == 0 && !strstr(fmt[i], "{d}")))
            diag_error(R->d, xml_attr_loc(R->x, n, fmt_attr[i], R->d),
                       "%s=\"%s\" must hold %s{month} and {y}, where the day, the month's name and the year go",
                       fmt_attr[i], fmt[i], i == 0 ? "{d}, " : "");
        else if (i == 0) e->words.date_format = fmt[i];
        else e->words.month_format = fmt[i];
    }
}

static void read_quotes(reader *R, xmlNodePtr n)
{
    static const char *open_names[3] = {"open1", "open2", "open3"}, *close_names[3] = {"close1", "close2", "close3"};
    struct layout_words *e = words_entry(R, n, lang_of(R, n));
    if (!e) return;
    for (int i = 0; i < 3; i++) {
        const char *o = get(R, n, open_names[i]), *c = get(R, n, close_names[i]);
        if (o && c) {
            e->words.quote_open[i] = o;
            e->words.quote_close[i] = c;
        }
    }
}

static void read_hyphenation(reader *R, xmlNodePtr n)
{
    layout *l = R->l;
    const char *tag = lang_of(R, n);
    int has_files = xmlHasProp(n, (const xmlChar *)"patterns") || xmlHasProp(n, (const xmlChar *)"exceptions");
    if (!tag) {
        /* patterns and exceptions are a language's: never applied to another */
        if (has_files)
            diag_error(R->d, xml_node_loc(R->x, n, R->d),
                       "<hyphenation> names patterns or exceptions but not their language: add xml:lang=\"es\" (or "
                       "the language they are for)");
        l->hyph_min_word = num(R, n, "min-word", l->hyph_min_word);
        check_range(R, n, "min-word", l->hyph_min_word, 2, 64, " letters");
        return;
    }
    for (int i = 0; i < l->nhyph; i++)
        if (lang_same(l->hyph[i].lang, tag)) {
            diag_error(R->d, xml_node_loc(R->x, n, R->d), "hyphenation for xml:lang=\"%s\" is given twice (first at line %d)",
                       tag, l->hyph[i].loc.line);
            return;
        }
    if (l->nhyph == LAYOUT_MAX_LANGS) {
        diag_error(R->d, xml_node_loc(R->x, n, R->d), "hyphenation for too many languages (at most %d)", LAYOUT_MAX_LANGS);
        return;
    }
    struct layout_hyph *h = &l->hyph[l->nhyph++];
    memset(h, 0, sizeof *h);
    h->lang = tag;
    h->loc = xml_node_loc(R->x, n, R->d);
    const char *pat = get(R, n, "patterns");
    if (pat && !strcmp(pat, "none")) h->patterns = "none";
    else if (pat) h->patterns = named(R, n, "patterns", "hyphenation patterns");
    h->patterns_loc = xml_attr_loc(R->x, n, "patterns", R->d);
    h->exceptions = named(R, n, "exceptions", "hyphenation exceptions");
    h->exceptions_loc = xml_attr_loc(R->x, n, "exceptions", R->d);
    h->min_word = num(R, n, "min-word", 0);
    check_range(R, n, "min-word", h->min_word, 2, 64, " letters");
}

static doc_align align_of(const char *v)
{
    if (!v || !strcmp(v, "justify")) return ALIGN_JUSTIFY;
    if (!strcmp(v, "left")) return ALIGN_LEFT;
    if (!strcmp(v, "right")) return ALIGN_RIGHT;
    return ALIGN_CENTER;
}

static void read_style(reader *R, xmlNodePtr n)
{
    layout *l = R->l;
    if (l->nstyles == LAYOUT_MAX_STYLES) {
        diag_error(R->d, xml_node_loc(R->x, n, R->d), "too many styles (at most %d)", LAYOUT_MAX_STYLES);
        return;
    }
    layout_style *s = &l->styles[l->nstyles++];
    layout_color black = COLOR_BLACK;
    s->name = get(R, n, "name");
    s->loc = xml_node_loc(R->x, n, R->d);
    s->family = family_index(R, n, get(R, n, "family"));
    s->bold = yes(R, n, "bold", 0);
    s->italic = yes(R, n, "italic", 0);
    s->size = len(R, n, "size", FO_PT(10));
    s->leading = len(R, n, "leading", s->size * 6 / 5);
    s->align = align_of(get(R, n, "align"));
    s->indent = em_len(R, n, "indent", s->size, 0);
    s->margin_left = em_len(R, n, "margin-left", s->size, 0);
    s->margin_right = em_len(R, n, "margin-right", s->size, 0);
    s->space_before = len(R, n, "space-before", 0);
    s->space_after = len(R, n, "space-after", 0);
    s->hyphenate = yes(R, n, "hyphenate", 0);
    s->uppercase = yes(R, n, "uppercase", 0);
    s->letter_spacing = len(R, n, "letter-spacing", 0);
    s->color = color(R, n, "color", black);
    check_range(R, n, "size", FO_TO_PT(s->size), 1, 300, "pt");
    check_range(R, n, "leading", FO_TO_PT(s->leading), 1, 500, "pt");
    check_range(R, n, "space-before", FO_TO_PT(s->space_before), 0, 500, "pt");
    check_range(R, n, "space-after", FO_TO_PT(s->space_after), 0, 500, "pt");
    check_range(R, n, "letter-spacing", FO_TO_PT(s->letter_spacing), -0.2 * FO_TO_PT(s->size), 50, "pt");
    check_range(R, n, "indent", FO_TO_PT(s->indent), 0, 300, "pt");
    check_range(R, n, "margin-left", FO_TO_PT(s->margin_left), 0, 300, "pt");
    check_range(R, n, "margin-right", FO_TO_PT(s->margin_right), 0, 300, "pt");
    for (int i = 0; i < l->nstyles - 1; i++)
        if (strcmp(l->styles[i].name, s->name) == 0)
            diag_error(R->d, s->loc, "style \"%s\" is defined twice", s->name);
}

/* A style named by an attribute of <cover> (default dflt): a name the
 * layout does not define is an error there. */
static const char *cover_style(reader *R, xmlNodePtr n, const char *attr_name, const char *dflt)
{
    const char *v = get(R, n, attr_name);
    if (v && !layout_style_get(R->l, v))
        diag_error(R->d, xml_attr_loc(R->x, n, attr_name, R->d), "%s=\"%s\": the layout has no style of that name",
                   attr_name, v);
    return v ? v : dflt;
}

/* A background image of the cover: checked as a figure's image is. */
static const char *cover_image(reader *R, xmlNodePtr n, const char *attr_name, diag_loc *loc)
{
    const char *path = resolve(R, get(R, n, attr_name));
    if (!path) return NULL;
    *loc = xml_attr_loc(R->x, n, attr_name, R->d);
    image_info info;
    char why[256];
    if (image_check(path, &info, why, sizeof why) != 0) {
        diag_error(R->d, *loc, "the image \"%s\" cannot be used: %s", path, why);
        return NULL;
    }
    if (info.color && R->l->pdfx && !R->l->output_profile)
        diag_error(R->d, *loc,
                   "this image is in colour and the layout is %s: name the output-profile (a CMYK ICC profile of the "
                   "printing condition) in the layout's <pdf> so that it can be converted",
                   R->l->pdfx);
    return path;
}

static void read_cover(reader *R, xmlNodePtr n)
{
    layout_cover *c = &R->l->cover;
    c->present = 1;
    c->loc = xml_node_loc(R->x, n, R->d);
    c->caliper = len(R, n, "caliper", 0);
    c->allowance = len(R, n, "allowance", 0);
    c->bleed = len(R, n, "bleed", R->l->bleed > 0 ? R->l->bleed : FO_MM(3));
    c->safe = len(R, n, "safe", FO_MM(5));
    c->margin = len(R, n, "margin", FO_MM(15));
    c->spine_margin = len(R, n, "spine-margin", FO_MM(1.6));
    const char *dir = get(R, n, "spine-direction");
    c->spine_up = dir && !strcmp(dir, "bottom-to-top");
    const char *scale = get(R, n, "barcode-scale");
    c->barcode_scale = scale ? atof(scale) / 100.0 : 1.0;
    c->has_background = xmlHasProp(n, (const xmlChar *)"background") != NULL;
    c->background = color(R, n, "background", (layout_color){COLOR_GRAY, {1, 0, 0, 0}}); /* paper */
    c->has_spine_background = xmlHasProp(n, (const xmlChar *)"spine-background") != NULL;
    c->spine_background = color(R, n, "spine-background", c->background);
    c->style_title = cover_style(R, n, "title-style", "cover-title");
    c->style_subtitle = cover_style(R, n, "subtitle-style", "cover-subtitle");
    c->style_author = cover_style(R, n, "author-style", "cover-author");
    c->style_publisher = cover_style(R, n, "publisher-style", "cover-publisher");
    c->style_spine = cover_style(R, n, "spine-style", "cover-spine");
    c->style_back = cover_style(R, n, "back-style", "cover-back");
    c->style_isbn = cover_style(R, n, "isbn-style", "cover-isbn");
    check_range(R, n, "caliper", FO_TO_PT(c->caliper) * 25.4 / 72, 0.02, 2, "mm");
    check_range(R, n, "allowance", FO_TO_PT(c->allowance) * 25.4 / 72, 0, 50, "mm");
    check_range(R, n, "bleed", FO_TO_PT(c->bleed) * 25.4 / 72, 0, 30, "mm");
    check_range(R, n, "safe", FO_TO_PT(c->safe) * 25.4 / 72, 0, 50, "mm");
    check_range(R, n, "margin", FO_TO_PT(c->margin) * 25.4 / 72, FO_TO_PT(c->safe) * 25.4 / 72, 100,
                "mm (no less than safe)");
    check_range(R, n, "spine-margin", FO_TO_PT(c->spine_margin) * 25.4 / 72, 0, 50, "mm");
    check_range(R, n, "barcode-scale", c->barcode_scale * 100, 80, 200, "% (GS1: 80 % to 200 %)");
}

/* The cover's images, once <pdf> has said whether colour must be converted. */
static void read_cover_images(reader *R, xmlNodePtr n)
{
    layout_cover *c = &R->l->cover;
    c->front_image = cover_image(R, n, "front-image", &c->front_image_loc);
    c->back_image = cover_image(R, n, "back-image", &c->back_image_loc);
}

layout *layout_load(const char *path, diag_sink *d)
{
    xml_loaded x;
    int errors0 = d->errors;
    xml_load(&x, path, schema_layout_rng, "layout", 0, d);
    if (!x.valid) {
        xml_loaded_free(&x);
        return NULL;
    }
    layout *l = xcalloc(1, sizeof *l);
    arena_init(&l->mem, 16 * 1024);
    reader R = {.l = l, .x = &x, .d = d};
    char resolved[PATH_MAX];
    const char *p = realpath(path, resolved) ? resolved : path;
    const char *slash = strrchr(p, '/');
    l->path = arena_strdup(&l->mem, path);
    l->dir = slash ? arena_strndup(&l->mem, p, (size_t)(slash - p)) : ".";

    /* defaults: typography.md */
    l->lb = (layout_linebreak){100, 200, FO_PT(14), 10, 50, 50, 10000, 10000, 5000, 2, 0.0, 0, 0.5, 1.0 / 3.0, 0};
    l->hyph_min_word = 5;
    l->running_heads = 1;
    l->folio_outside = 1;
    l->notes_show_pending = 1;
    l->note_rule_width = FO_MM(30);
    l->label_index_symbols = "0-9";
    l->pdf_bookmarks = l->pdf_links = 1;
    l->accent = (layout_color){COLOR_RGB, {0.12f, 0.31f, 0.47f, 0}};
    l->rule = (layout_color){COLOR_GRAY, {0.55f, 0, 0, 0}}; /* 45 % black */
    l->pdf_tagged = 1;
    int tint_given = 0;
    xmlNodePtr cover_node = NULL;

    xmlNodePtr root = xmlDocGetRootElement(x.doc);
    l->name = get(&R, root, "name");
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (is_el(n, "page")) {
            l->page_w = len(&R, n, "width", 0);
            l->page_h = len(&R, n, "height", 0);
            l->bleed = len(&R, n, "bleed", 0);
            l->crop_marks = yes(&R, n, "crop-marks", 0);
            l->m_inner = len(&R, n, "inner", 0);
            l->m_outer = len(&R, n, "outer", 0);
            l->m_top = len(&R, n, "top", 0);
            l->m_bottom = len(&R, n, "bottom", 0);
            l->grid = len(&R, n, "grid", FO_PT(14));
            const char *cs = get(&R, n, "chapter-start");
            l->chapter_recto = cs && !strcmp(cs, "recto");
            l->opener_text = num(&R, n, "opener-text", 0);
            check_range(&R, n, "width", FO_TO_PT(l->page_w) * 25.4 / 72, 50, 1200, "mm");
            check_range(&R, n, "height", FO_TO_PT(l->page_h) * 25.4 / 72, 50, 1200, "mm");
            check_range(&R, n, "bleed", FO_TO_PT(l->bleed) * 25.4 / 72, 0, 20, "mm");
            check_range(&R, n, "inner", FO_TO_PT(l->m_inner) * 25.4 / 72, 0, 500, "mm");
            check_range(&R, n, "outer", FO_TO_PT(l->m_outer) * 25.4 / 72, 0, 500, "mm");
            check_range(&R, n, "top", FO_TO_PT(l->m_top) * 25.4 / 72, 0, 500, "mm");
            check_range(&R, n, "bottom", FO_TO_PT(l->m_bottom) * 25.4 / 72, 0, 500, "mm");
            check_range(&R, n, "grid", FO_TO_PT(l->grid), 2, 200, "pt");
            check_range(&R, n, "opener-text", l->opener_text, 0, 200, "grid lines");
            if (l->m_inner + l->m_outer + FO_MM(20) > l->page_w || l->m_top + l->m_bottom + FO_MM(20) > l->page_h)
                diag_error(d, xml_node_loc(&x, n, d), "the margins leave less than 20 mm of text area");
        } else if (is_el(n, "family")) read_family(&R, n);
        else if (is_el(n, "style")) read_style(&R, n);
        else if (is_el(n, "linebreak")) {
            layout_linebreak *lb = &l->lb;
            lb->pretolerance = num(&R, n, "pretolerance", lb->pretolerance);
            lb->tolerance = num(&R, n, "tolerance", lb->tolerance);
            lb->emergency_stretch = len(&R, n, "emergency-stretch", lb->emergency_stretch);
            lb->line_penalty = num(&R, n, "line-penalty", lb->line_penalty);
            lb->hyphen_penalty = num(&R, n, "hyphen-penalty", lb->hyphen_penalty);
            lb->explicit_hyphen_penalty = num(&R, n, "explicit-hyphen-penalty", lb->explicit_hyphen_penalty);
            lb->adj_demerits = num(&R, n, "adj-demerits", lb->adj_demerits);
            lb->double_hyphen_demerits = num(&R, n, "double-hyphen-demerits", lb->double_hyphen_demerits);
            lb->final_hyphen_demerits = num(&R, n, "final-hyphen-demerits", lb->final_hyphen_demerits);
            lb->max_hyphen_run = num(&R, n, "max-hyphen-run", lb->max_hyphen_run);
            lb->expansion = real(&R, n, "expansion", lb->expansion);
            lb->protrusion = yes(&R, n, "protrusion", lb->protrusion);
            lb->space_stretch = real(&R, n, "space-stretch", lb->space_stretch);
            lb->space_shrink = real(&R, n, "space-shrink", lb->space_shrink);
            lb->min_last_line = em_len(&R, n, "min-last-line", FO_PT(10), lb->min_last_line);
            check_range(&R, n, "pretolerance", lb->pretolerance, -1, 10000, "");
            check_range(&R, n, "tolerance", lb->tolerance, 0, 10000, "");
            check_range(&R, n, "emergency-stretch", FO_TO_PT(lb->emergency_stretch), 0, 100, "pt");
            check_range(&R, n, "line-penalty", lb->line_penalty, 0, 10000, "");
            check_range(&R, n, "hyphen-penalty", lb->hyphen_penalty, -10000, 10000, "");
            check_range(&R, n, "explicit-hyphen-penalty", lb->explicit_hyphen_penalty, -10000, 10000, "");
            check_range(&R, n, "adj-demerits", lb->adj_demerits, 0, 1000000, "");
            check_range(&R, n, "double-hyphen-demerits", lb->double_hyphen_demerits, 0, 1000000, "");
            check_range(&R, n, "final-hyphen-demerits", lb->final_hyphen_demerits, 0, 1000000, "");
            check_range(&R, n, "max-hyphen-run", lb->max_hyphen_run, 0, 64, "");
            check_range(&R, n, "expansion", lb->expansion, 0, 0.05, " (a share: 0.02 is 2 %)");
            check_range(&R, n, "space-stretch", lb->space_stretch, 0, 4, " (a share of the space)");
            check_range(&R, n, "space-shrink", lb->space_shrink, 0, 0.9, " (a share of the space)");
            check_range(&R, n, "min-last-line", FO_TO_PT(lb->min_last_line), 0, 500, "pt");
        } else if (is_el(n, "hyphenation")) read_hyphenation(&R, n);
        else if (is_el(n, "running-heads")) l->running_heads = yes(&R, n, "show", 1);
        else if (is_el(n, "folios")) {
            const char *pos = get(&R, n, "position");
            l->folio_outside = !pos || !strcmp(pos, "outside");
        } else if (is_el(n, "notes")) {
            const char *num_mode = get(&R, n, "numbering");
            const char *pending = get(&R, n, "pending");
            l->notes_per_chapter = num_mode && !strcmp(num_mode, "chapter");
            l->notes_show_pending = !pending || !strcmp(pending, "show");
            l->note_rule_width = len(&R, n, "rule-width", l->note_rule_width);
            check_range(&R, n, "rule-width", FO_TO_PT(l->note_rule_width), 0, 1000, "pt");
        } else if (is_el(n, "labels")) read_labels(&R, n);
        else if (is_el(n, "quotes")) read_quotes(&R, n);
        else if (is_el(n, "index")) {
            const char *v = get(&R, n, "symbols");
            if (v) l->label_index_symbols = v;
            if ((l->index_collation = get(&R, n, "collation")))
                l->index_collation_loc = xml_attr_loc(&x, n, "collation", d);
        } else if (is_el(n, "cover")) {
            read_cover(&R, n);
            cover_node = n;
        } else if (is_el(n, "pdf")) {
            l->pdf_bookmarks = yes(&R, n, "bookmarks", 1);
            l->pdf_links = yes(&R, n, "links", 1);
            l->pdf_tagged = yes(&R, n, "tagged", 1);
            l->pdf_lang = get(&R, n, "lang");
            l->accent = color(&R, n, "accent", l->accent);
            l->rule = color(&R, n, "rule", l->rule);
            tint_given = xmlHasProp(n, (const xmlChar *)"tint") != NULL;
            l->tint = color(&R, n, "tint", l->tint);
            l->pdfx = get(&R, n, "standard");
            l->output_condition = get(&R, n, "output-condition");
            l->output_registry = get(&R, n, "output-registry");
            l->output_info = get(&R, n, "output-info");
            l->output_profile = resolve(&R, get(&R, n, "output-profile"));
            l->pdf_loc = xml_node_loc(&x, n, d);
            if (l->pdfx && !l->output_condition)
                diag_error(d, l->pdf_loc, "a %s layout must name its output-condition (for example \"FOGRA39\")", l->pdfx);
            if (l->output_profile && access(l->output_profile, R_OK) != 0)
                diag_error(d, xml_attr_loc(&x, n, "output-profile", d), "cannot read the output profile %s",
                           l->output_profile);
        }
    }
    if (cover_node) read_cover_images(&R, cover_node);
    if (!tint_given) l->tint = layout_color_tint(l->accent, 0.1f);
    if (l->pdfx) {
        /* PDF/X-1a: every colour in process inks or black; a PDF/X file has
         * no annotations and no tags (PDF 1.3) */
        for (int i = 0; i < R.nrgb; i++)
            diag_error(d, R.rgb[i], "an RGB colour in a %s layout: give it as cmyk(…) or gray(…)", l->pdfx);
        if (R.nrgb == (int)(sizeof R.rgb / sizeof R.rgb[0]))
            diag_error(d, l->pdf_loc, "(and perhaps more RGB colours: only the first %d are listed)", R.nrgb);
        l->pdf_links = 0;
        l->pdf_tagged = 0;
    }
    if (!layout_style_get(l, "body"))
        diag_error(d, xml_node_loc(&x, root, d), "the layout has no \"body\" style");
    check_files(&R);
    free(R.files);
    xml_loaded_free(&x);
    if (d->errors > errors0) {
        layout_free(l);
        return NULL;
    }
    return l;
}

void layout_free(layout *l)
{
    if (!l) return;
    arena_free(&l->mem);
    free(l);
}

const char *layout_pdf_lang(const layout *l, const char *lang)
{
    if (!l->pdf_lang || !lang) return lang;
    size_t n = strcspn(lang, "-_");
    if (strncasecmp(l->pdf_lang, lang, n) == 0 && (l->pdf_lang[n] == '-' || l->pdf_lang[n] == 0)) return l->pdf_lang;
    return lang;
}

const layout_style *layout_style_get(const layout *l, const char *name)
{
    for (int i = 0; i < l->nstyles; i++)
        if (strcmp(l->styles[i].name, name) == 0) return &l->styles[i];
    return NULL;
}

const layout_style *layout_style_or(const layout *l, const char *name, const char *fallback)
{
    const layout_style *s = name ? layout_style_get(l, name) : NULL;
    if (!s && fallback) s = layout_style_get(l, fallback);
    if (!s) s = layout_style_get(l, "body");
    return s ? s : &l->styles[0];
}

void layout_words_for(const layout *l, const char *tag, const char *book_tag, lang_words *out, int *own)
{
    char primary[16];
    const lang_words *builtin = lang_builtin(tag);
    int mine = builtin != NULL;
    lang_primary(tag, primary, sizeof primary);
    if (builtin) *out = *builtin;
    else if (book_tag && !lang_same(tag, book_tag)) layout_words_for(l, book_tag, NULL, out, &(int){0});
    else *out = *lang_builtin("en");
    /* the layout's: for every language, for the primary language, for the tag itself */
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < l->nwords; i++) {
            const struct layout_words *w = &l->words[i];
            char wp[16];
            lang_primary(w->lang, wp, sizeof wp);
            int take = pass == 0 ? !w->lang
                     : pass == 1 ? w->lang && !strcmp(wp, primary) && !strchr(w->lang, '-')
                                 : w->lang && strchr(w->lang, '-') && lang_same(w->lang, tag);
            if (!take) continue;
            lang_words_overlay(out, &w->words);
            if (pass > 0 && w->labels) mine = 1;
        }
    if (own) *own = mine;
}

const struct layout_hyph *layout_hyph_for(const layout *l, const char *tag)
{
    char primary[16], hp[16];
    lang_primary(tag, primary, sizeof primary);
    for (int i = 0; i < l->nhyph; i++)
        if (lang_same(l->hyph[i].lang, tag)) return &l->hyph[i];
    for (int i = 0; i < l->nhyph; i++) {
        lang_primary(l->hyph[i].lang, hp, sizeof hp);
        if (!strcmp(hp, primary) && !strchr(l->hyph[i].lang, '-')) return &l->hyph[i];
    }
    return NULL;
}
