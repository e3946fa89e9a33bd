/* layout.c - reading layout/NAME.xml into a layout (see layout.h). */
#include "layout.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "../base/xalloc.h"
#include "schemas.h"
#include "xmlload.h"

typedef struct {
    layout *l;
    xml_loaded *x;
    diag_sink *d;
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

static const char *resolve(reader *R, const char *rel)
{
    if (!rel) return NULL;
    if (rel[0] == '/') return rel;
    size_t n = strlen(R->l->dir) + strlen(rel) + 2;
    char *p = arena_alloc(&R->l->mem, n);
    snprintf(p, n, "%s/%s", R->l->dir, rel);
    return p;
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
    for (int i = 0; i < FACE_COUNT; i++) {
        f->path[i] = resolve(R, get(R, n, faces[i]));
        f->loc[i] = xml_attr_loc(R->x, n, faces[i], R->d);
    }
}

static int family_index(reader *R, xmlNodePtr n, const char *name)
{
    for (int i = 0; i < R->l->nfamilies; i++)
        if (strcmp(R->l->families[i].name, name) == 0) return i;
    diag_error(R->d, xml_attr_loc(R->x, n, "family", R->d), "unknown font family \"%s\"", name);
    return 0;
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
    reader R = {l, &x, d, {{0}}, 0};
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
    l->label_table = "Tabla";
    l->label_figure = "Figura";
    l->label_chapter = "capítulo";
    l->label_page = "p.";
    l->label_see = "véase";
    l->label_see_also = "véase también";
    l->label_contents = "Índice";
    l->label_tables = "Índice de tablas";
    l->label_index = "Índice analítico";
    l->label_note_pending = "[nota %n: texto pendiente]";
    l->label_edition = "Edición";
    l->label_index_symbols = "0-9";
    l->quote_open[0] = "\xE2\x80\x9C"; l->quote_close[0] = "\xE2\x80\x9D";
    l->quote_open[1] = "\xE2\x80\x98"; l->quote_close[1] = "\xE2\x80\x99";
    l->quote_open[2] = "\xC2\xAB"; l->quote_close[2] = "\xC2\xBB";
    l->pdf_bookmarks = l->pdf_links = 1;
    l->accent = (layout_color){COLOR_RGB, {0.12f, 0.31f, 0.47f, 0}};
    l->rule = (layout_color){COLOR_GRAY, {0.55f, 0, 0, 0}}; /* 45 % black */
    l->pdf_tagged = 1;
    int tint_given = 0;

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
        } else if (is_el(n, "hyphenation")) {
            l->hyph_patterns = resolve(&R, get(&R, n, "patterns"));
            l->hyph_exceptions = resolve(&R, get(&R, n, "exceptions"));
            l->hyph_min_word = num(&R, n, "min-word", l->hyph_min_word);
            check_range(&R, n, "min-word", l->hyph_min_word, 2, 64, " letters");
        } else if (is_el(n, "running-heads")) l->running_heads = yes(&R, n, "show", 1);
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
        } else if (is_el(n, "labels")) {
            const char *v;
#define LABEL(attr_name, field) if ((v = get(&R, n, attr_name))) l->field = v
            LABEL("table", label_table);
            LABEL("figure", label_figure);
            LABEL("chapter", label_chapter);
            LABEL("page", label_page);
            LABEL("see", label_see);
            LABEL("see-also", label_see_also);
            LABEL("contents", label_contents);
            LABEL("tables", label_tables);
            LABEL("index", label_index);
            LABEL("note-pending", label_note_pending);
            LABEL("edition", label_edition);
#undef LABEL
        } else if (is_el(n, "index")) {
            const char *v = get(&R, n, "symbols");
            if (v) l->label_index_symbols = v;
            if ((l->index_collation = get(&R, n, "collation")))
                l->index_collation_loc = xml_attr_loc(&x, n, "collation", d);
        } else if (is_el(n, "quotes")) {
            static const char *open_names[3] = {"open1", "open2", "open3"}, *close_names[3] = {"close1", "close2", "close3"};
            for (int i = 0; i < 3; i++) {
                const char *o = get(&R, n, open_names[i]), *c = get(&R, n, close_names[i]);
                if (o && c) { l->quote_open[i] = o; l->quote_close[i] = c; }
            }
        } else if (is_el(n, "pdf")) {
            l->pdf_bookmarks = yes(&R, n, "bookmarks", 1);
            l->pdf_links = yes(&R, n, "links", 1);
            l->pdf_tagged = yes(&R, n, "tagged", 1);
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
        diag_error(d, diag_at(d, path, 0, 0), "the layout has no \"body\" style");
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
