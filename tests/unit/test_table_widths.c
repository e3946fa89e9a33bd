/* test_table_widths.c - column widths of tables (src/compose/table.c).
 *
 * Builds small tables by hand and asks table_column_widths() for their
 * column widths at a given measure, with the print layout's table styles and
 * fonts: absolute columns keep their width, automatic ones get their natural
 * width when it fits and shrink towards their longest word when it does not,
 * star columns share the rest by their stars but never below their longest
 * word, a spanning cell widens the columns it spans, decimal columns hold
 * their widest number, and the table spans the measure unless every column is
 * absolute. Run from the repository root (reads layout/print.xml and fonts/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "compose/compose.h"
#include "input/layout.h"
#include "engine.h"
#include "testhelp.h"


#define PAD_X FO_PT(3) /* a cell's padding on each side (CELL_PAD_X in table.c) */
/* what a column adds to its text: the padding and a hair of slack (MEASURE_SLACK) */
#define EXTRA (2 * PAD_X + FO_PT(0.25))

typedef struct {
    composer c;
    diag_sink d;
    arena mem;
    doc_table t;
    fo_sp w[16];
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    diag_init(&f->d);
    arena_init(&f->mem, 16 * 1024);
    composer *c = &f->c;
    c->lay = lay;
    c->fs = &fs;
    c->sh = sh;
    c->d = &f->d;
    arena_init(&c->pass, 64 * 1024);
    c->measure = lay->page_w - lay->m_inner - lay->m_outer;
    c->env = (para_env){.lay = lay, .fs = &fs, .sh = sh, .d = &f->d, .mem = &c->pass, .user = c};
}

static void fixture_free(fixture *f)
{
    arena_free(&f->c.pass);
    arena_free(&f->mem);
    diag_free(&f->d);
}

/* Columns from specs: "30mm" absolute, "2*" proportional, "" automatic; a
 * leading "." makes the column decimal (".", ".2*"). */
static void cols(fixture *f, int n, const char *const *spec)
{
    f->t.cols = ARENA_ARRAY(&f->mem, doc_col, n);
    f->t.ncols = n;
    for (int i = 0; i < n; i++) {
        const char *s = spec[i];
        doc_col *col = &f->t.cols[i];
        memset(col, 0, sizeof *col);
        if (*s == '.') {
            col->align = ALIGN_DECIMAL;
            s++;
        }
        size_t l = strlen(s);
        if (l && s[l - 1] == '*') col->star = l > 1 ? atof(s) : 1.0;
        else if (l && s[l - 1] == 'm') col->abs_sp = FO_MM(atof(s));
    }
}

/* A row of cells; "2|text" spans two columns. Rows are appended in order. */
static void row(fixture *f, doc_row_kind kind, int n, const char *const *cells)
{
    doc_row *r = ARENA_NEW(&f->mem, doc_row);
    memset(r, 0, sizeof *r);
    r->kind = kind;
    doc_cell **tail = &r->cells;
    for (int i = 0; i < n; i++) {
        doc_cell *ce = ARENA_NEW(&f->mem, doc_cell);
        memset(ce, 0, sizeof *ce);
        const char *s = cells[i];
        ce->colspan = 1;
        ce->rowspan = 1;
        if (s[0] >= '1' && s[0] <= '9' && s[1] == '|') {
            ce->colspan = s[0] - '0';
            s += 2;
        }
        if (*s) {
            doc_inline *in = ARENA_NEW(&f->mem, doc_inline);
            memset(in, 0, sizeof *in);
            in->kind = IN_TEXT;
            in->text = s;
            ce->content = in;
        }
        *tail = ce;
        tail = &ce->next;
        r->ncells++;
    }
    doc_row **rt = &f->t.rows;
    while (*rt) rt = &(*rt)->next;
    *rt = r;
    f->t.nrows++;
}

static void widths(fixture *f, fo_sp measure) { table_column_widths(&f->c, &f->t, (diag_loc){0}, measure, f->w); }

static fo_sp sum(const fixture *f)
{
    fo_sp s = 0;
    for (int i = 0; i < f->t.ncols; i++) s += f->w[i];
    return s;
}

/* A text's width in the body style of tables, and in the head's. */
static fo_sp tw(const fixture *f, const char *text)
{
    return para_text_width(&f->c.env, layout_style_or(lay, "table", "body"), text);
}
static fo_sp hw(const fixture *f, const char *text)
{
    return para_text_width(&f->c.env, layout_style_or(lay, "table-head", "table"), text);
}

static fo_sp max2(fo_sp a, fo_sp b) { return a > b ? a : b; }

/* The widest word of a text (split at spaces) in the tables' body style. */
static fo_sp widest_word(const fixture *f, const char *text)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", text);
    fo_sp w = 0;
    for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
        w = max2(w, tw(f, tok));
    return w;
}

#define NEAR(a, b, tol) ((a) - (b) <= (tol) && (b) - (a) <= (tol))
#define CHECK_NEAR(a, b, tol)                                                                  \
    do {                                                                                       \
        fo_sp th_x = (a), th_y = (b);                                                          \
        if (!NEAR(th_x, th_y, (fo_sp)(tol))) {                                                 \
            th_failed_checks++;                                                                \
            fprintf(stderr, "%s:%d: %s ~ %s failed: %.3fpt vs %.3fpt\n", __FILE__, __LINE__, #a, \
                    #b, FO_TO_PT(th_x), FO_TO_PT(th_y));                                       \
        }                                                                                      \
    } while (0)

static const fo_sp M = FO_MM(110); /* a measure like the book's */

TEST(test_all_absolute)
{
    fixture f;
    fixture_init(&f);
    cols(&f, 3, (const char *[]){"30mm", "25mm", "20mm"});
    row(&f, ROW_BODY, 3, (const char *[]){"Valdivia", "Construcción", "1962"});
    widths(&f, M);
    CHECK_EQ_INT(f.w[0], FO_MM(30));
    CHECK_EQ_INT(f.w[1], FO_MM(25));
    CHECK_EQ_INT(f.w[2], FO_MM(20));
    CHECK_EQ_INT(sum(&f), FO_MM(30) + FO_MM(25) + FO_MM(20)); /* not stretched to the measure */
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    /* wider than the measure: an error */
    widths(&f, FO_MM(60));
    CHECK_EQ_INT(f.d.errors, 1);
    fixture_free(&f);
}

TEST(test_all_stars)
{
    fixture f;
    fixture_init(&f);
    cols(&f, 3, (const char *[]){"2*", "3*", "4*"});
    row(&f, ROW_HEAD, 3, (const char *[]){"Ubicación", "Centro", "Especialidades"});
    row(&f, ROW_BODY, 3, (const char *[]){"Valdivia", "Construcción", "Revestimientos y albañilería"});
    widths(&f, M);
    CHECK_EQ_INT(sum(&f), M);
    CHECK_NEAR(f.w[0], M * 2 / 9, 2);
    CHECK_NEAR(f.w[1], M * 3 / 9, 2);
    CHECK_NEAR(f.w[2], M * 4 / 9, 2);
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    fixture_free(&f);
}

TEST(test_autos_fit_naturally)
{
    fixture f;
    fixture_init(&f);
    cols(&f, 3, (const char *[]){"", "", ""});
    row(&f, ROW_HEAD, 3, (const char *[]){"Año", "Centro", "Alumnos"});
    row(&f, ROW_BODY, 3, (const char *[]){"1962", "Metalúrgico de Santiago", "240"});
    row(&f, ROW_BODY, 3, (const char *[]){"1963", "Costura", "1.215"});
    widths(&f, M);
    fo_sp nat[3] = {max2(hw(&f, "Año"), tw(&f, "1963")) + EXTRA,
                    max2(hw(&f, "Centro"), tw(&f, "Metalúrgico de Santiago")) + EXTRA,
                    max2(hw(&f, "Alumnos"), tw(&f, "1.215")) + EXTRA};
    CHECK_EQ_INT(sum(&f), M);
    for (int i = 0; i < 3; i++) CHECK(f.w[i] >= nat[i]);
    /* the slack is shared in proportion to the natural widths */
    CHECK_NEAR(f.w[1], M * nat[1] / (nat[0] + nat[1] + nat[2]), FO_PT(0.01));
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    fixture_free(&f);
}

TEST(test_autos_must_shrink)
{
    fixture f;
    fixture_init(&f);
    const char *a = "Programa de apoyo a la pequeña industria y al artesanado en las regiones del sur del país";
    const char *b = "Créditos";
    const char *c = "Asistencia técnica, capacitación de trabajadores y gestión de la comercialización de productos";
    cols(&f, 3, (const char *[]){"", "", ""});
    row(&f, ROW_BODY, 3, (const char *[]){a, b, c});
    widths(&f, M);
    fo_sp nat[3] = {tw(&f, a) + EXTRA, tw(&f, b) + EXTRA, tw(&f, c) + EXTRA};
    fo_sp min[3] = {widest_word(&f, a) + EXTRA, nat[1], widest_word(&f, c) + EXTRA};
    CHECK(nat[0] + nat[1] + nat[2] > M);
    CHECK_EQ_INT(sum(&f), M);
    /* each at least its minimum; the one-word column keeps its word; the rest in
     * proportion to natural - minimum */
    for (int i = 0; i < 3; i++) CHECK(f.w[i] >= min[i] - FO_PT(0.01));
    CHECK_NEAR(f.w[1], nat[1], FO_PT(0.01));
    double r0 = (double)(f.w[0] - min[0]) / (double)(nat[0] - min[0]);
    double r2 = (double)(f.w[2] - min[2]) / (double)(nat[2] - min[2]);
    CHECK(r0 > 0 && r0 < 1 && r0 - r2 < 0.01 && r2 - r0 < 0.01);
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    fixture_free(&f);
}

TEST(test_colspan)
{
    fixture f;
    fixture_init(&f);
    const char *wide = "Centro Franco-Chileno de Electricidad";
    cols(&f, 3, (const char *[]){"", "", "1*"});
    row(&f, ROW_BODY, 3, (const char *[]){"Zona", "N.º", "Observaciones varias"});
    row(&f, ROW_BODY, 2, (const char *[]){"2|Centro Franco-Chileno de Electricidad", "en proyecto"});
    widths(&f, M);
    fo_sp nat0 = tw(&f, "Zona") + EXTRA, nat1 = tw(&f, "N.º") + EXTRA;
    fo_sp span = tw(&f, wide) + EXTRA;
    CHECK(span > nat0 + nat1);
    CHECK_EQ_INT(sum(&f), M);
    /* the two automatic columns hold the spanning cell on one line, the excess
     * shared in proportion to their natural widths; the star column takes the rest */
    CHECK_NEAR(f.w[0] + f.w[1], span, FO_PT(0.01));
    CHECK_NEAR(f.w[0], nat0 + (span - nat0 - nat1) * nat0 / (nat0 + nat1), FO_PT(0.01));
    CHECK_EQ_INT(f.w[2], M - f.w[0] - f.w[1]);
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    fixture_free(&f);
}

TEST(test_long_word_forces_minimum)
{
    fixture f;
    fixture_init(&f);
    const char *word = "electroencefalografistas";
    fo_sp min0 = tw(&f, word) + EXTRA;
    /* star columns: the first one's share (1/4) is narrower than its word */
    cols(&f, 2, (const char *[]){"1*", "3*"});
    row(&f, ROW_BODY, 2, (const char *[]){"Los electroencefalografistas de la región", "Texto"});
    widths(&f, FO_MM(70));
    CHECK(FO_MM(70) / 4 < min0);
    CHECK_NEAR(f.w[0], min0, FO_PT(0.01));
    CHECK_EQ_INT(f.w[1], FO_MM(70) - f.w[0]);
    /* an automatic column beside a long text: it shrinks to its word, no further */
    fixture_free(&f);
    fixture_init(&f);
    const char *text = "Un texto bastante largo que ocupa por sí solo más que toda la medida de la tabla, "
                       "y que por lo tanto se parte en varias líneas dentro de su columna.";
    cols(&f, 2, (const char *[]){"", ""});
    row(&f, ROW_BODY, 2, (const char *[]){"Los electroencefalografistas", text});
    widths(&f, FO_MM(70));
    CHECK(f.w[0] >= min0 - FO_PT(0.01));
    CHECK_EQ_INT(sum(&f), FO_MM(70));
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    /* narrower than the word itself: narrowed in proportion, with a warning */
    widths(&f, min0 / 2);
    CHECK_EQ_INT(f.d.warnings, 1);
    CHECK_EQ_INT(f.d.errors, 0);
    CHECK_EQ_INT(sum(&f), min0 / 2);
    fixture_free(&f);
}

TEST(test_mixed_abs_star_auto)
{
    fixture f;
    fixture_init(&f);
    cols(&f, 4, (const char *[]){"20mm", "", "2*", "1*"});
    row(&f, ROW_HEAD, 4, (const char *[]){"Código", "Total", "Descripción", "Notas"});
    row(&f, ROW_BODY, 4, (const char *[]){"A-12", "1.215", "Talleres de carpintería", "Ninguna"});
    widths(&f, M);
    fo_sp nat1 = max2(hw(&f, "Total"), tw(&f, "1.215")) + EXTRA;
    CHECK_EQ_INT(f.w[0], FO_MM(20));
    CHECK_NEAR(f.w[1], nat1, FO_PT(0.01));
    fo_sp rest = M - FO_MM(20) - f.w[1];
    CHECK_NEAR(f.w[2], rest * 2 / 3, 2);
    CHECK_NEAR(f.w[3], rest / 3, 2);
    CHECK_EQ_INT(sum(&f), M);
    CHECK_EQ_INT(f.d.errors + f.d.warnings, 0);
    fixture_free(&f);
}

TEST(test_decimal_numbers)
{
    fixture f;
    fixture_init(&f);
    /* a narrow star share must still hold the numbers aligned on the comma */
    cols(&f, 2, (const char *[]){"10*", ".1*"});
    row(&f, ROW_HEAD, 2, (const char *[]){"Concepto", "$"});
    row(&f, ROW_BODY, 2, (const char *[]){"Bienes muebles", "2.854.027"});
    row(&f, ROW_BODY, 2, (const char *[]){"Mejoras", "0,65"});
    widths(&f, M);
    fo_sp need = tw(&f, "2.854.027") + tw(&f, ",65") + EXTRA;
    CHECK(M / 11 < need);
    CHECK_NEAR(f.w[1], need, FO_PT(0.01));
    CHECK_EQ_INT(sum(&f), M);
    /* an absolute decimal column too narrow for its numbers: a warning */
    fixture_free(&f);
    fixture_init(&f);
    cols(&f, 2, (const char *[]){"", ".8mm"});
    row(&f, ROW_BODY, 2, (const char *[]){"Bienes muebles", "2.854.027,65"});
    widths(&f, M);
    CHECK_EQ_INT(f.w[1], FO_MM(8));
    CHECK_EQ_INT(f.d.warnings, 1);
    fixture_free(&f);
}

int main(void)
{
    diag_sink d;
    diag_init(&d);
    if (engine_open(&d) != 0) return 1;
    RUN(test_all_absolute);
    RUN(test_all_stars);
    RUN(test_autos_fit_naturally);
    RUN(test_autos_must_shrink);
    RUN(test_colspan);
    RUN(test_long_word_forces_minimum);
    RUN(test_mixed_abs_star_auto);
    RUN(test_decimal_numbers);
    engine_close();
    diag_free(&d);
    return TEST_REPORT();
}
