/* test_bookindex.c - the back-of-book index (src/compose/bookindex.c).
 *
 * Run from the repository root: reads tests/unit/data/index-terms-*.xml,
 * book/index.xml and book/book.xml. Covers Spanish collation (RAE 2010),
 * letter headings, entry order, page ranges, loading term lists, and the
 * concordance on hand-built trees and on the book itself. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "compose/bookindex.h"
#include "input/doc.h"
#include "input/manuscript.h"
#include "testhelp.h"

#define SMALL "tests/unit/data/index-terms-small.xml"
#define CORFO_T "Corporación de Fomento de la Producción (CORFO)"

static int sign(int x) { return (x > 0) - (x < 0); }

/* a < b strictly, and the comparison is antisymmetric. */
static int before(const char *a, const char *b)
{
    int ab = ix_collate(a, b), ba = ix_collate(b, a);
    if (sign(ab) != -sign(ba)) fprintf(stderr, "collation not antisymmetric: %s / %s\n", a, b);
    if (ab >= 0) fprintf(stderr, "expected \"%s\" < \"%s\", got %d\n", a, b, ab);
    return ab < 0 && ba > 0;
}

/* ---- collation ---- */

TEST(test_collate_enye_is_a_letter_after_n)
{
    CHECK(before("nube", "ñandú"));
    CHECK(before("ñandú", "oso"));
    CHECK(before("nz", "ña"));     /* ñ after every n-word, not between n and z */
    CHECK(before("ano", "año"));   /* año is not an accented ano */
    CHECK(before("anzuelo", "año"));
    CHECK(before("Núñez", "Nuño")); /* n u ñ e < n u ñ o */
    CHECK(before("Muñoz", "Muñozo"));
    CHECK(before("Ñuble", "Ocaña"));
    /* n + combining tilde is ñ */
    CHECK(ix_collate("an\xCC\x83o", "año") != 0);
    CHECK(before("anzuelo", "an\xCC\x83o"));
}

TEST(test_collate_ch_ll_not_letters)
{
    CHECK(before("cesta", "chileno"));
    CHECK(before("chileno", "cima"));
    CHECK(before("cuyo", "dado"));
    CHECK(before("chocolate", "ciruela"));
    CHECK(before("lista", "llama"));
    CHECK(before("llama", "lobo"));
    CHECK(before("Lima", "Llanquihue"));
}

TEST(test_collate_accents_second_level)
{
    CHECK(before("árbol", "arce"));     /* first level: a r b < a r c */
    CHECK(before("arbol", "árbol"));    /* tie broken: unaccented first */
    CHECK(before("como ", "cómo"));       /* a trailing space is no letter */
    CHECK(before("papa", "papá"));
    CHECK(before("papá", "papas"));     /* the length decides before accents */
    CHECK(before("pingüino", "pinguinos"));
    CHECK(before("pinguino", "pingüino"));
    CHECK(before("Economía", "economista"));
    CHECK(before("Valparaíso", "Valparaiso Sur"));
    CHECK(before("Bío", "Bio Bio"));
    CHECK(before("Perú", "Peru, República del"));
    CHECK(before("Región", "Regional"));
    CHECK(before("ÁREA", "AREAS"));
}

TEST(test_collate_case_third_level)
{
    CHECK(before("abeja", "Abeja"));
    CHECK(before("Abeja", "abejas"));
    CHECK(before("corfo", "CORFO"));
    CHECK(before("CORFO", "Corporación"));
    CHECK(before("sercotec", "Sercotec"));
    CHECK(before("Sercotec", "SERCOTEC"));
    /* accent (level 2) outranks case (level 3) */
    CHECK(before("Arbol", "árbol"));
    CHECK_EQ_INT(ix_collate("CORFO", "CORFO"), 0);
    CHECK_EQ_INT(ix_collate("", ""), 0);
    CHECK(before("", "a"));
}

TEST(test_collate_numbers_and_separators)
{
    CHECK(before("1990", "abeja"));
    CHECK(before("1952", "1990"));
    CHECK(before("2000", "Ñuñoa"));
    CHECK(before("9", "A"));
    /* word by word: a separator is lower than any letter */
    CHECK(before("San Martín", "Sanhueza"));
    CHECK(before("Frei Montalva, Eduardo", "Freire, Ramón"));
    CHECK(before("Frei, Eduardo", "Frei Montalva, Eduardo"));
    CHECK(before("Banco Central", "BancoEstado"));
    CHECK(before("Banco Central", "Banco Mundial"));
    /* punctuation is ignored at the first levels; hyphens and dashes separate like spaces */
    CHECK(before("«El Mercurio»", "Empresas"));
    CHECK(before("Chile-España", "Chilena"));
    CHECK(ix_collate("Chile-España", "Chile España") != 0);
    CHECK(before("S.A.", "Sab"));
    CHECK(before("(SCTI)", "SCTIS"));
    CHECK(before("  ", "a"));
    /* bytewise last: only identical strings are equal */
    CHECK(ix_collate("O'Higgins", "OHiggins") != 0);
    CHECK(before("Ohiggins", "O'Higgins")); /* then case: h < H */
}

TEST(test_collate_sorts_consistently)
{
    /* a list in the expected order: every pair must compare as listed */
    static const char *order[] = {
        "1952", "1990", "2019-2024", "abeja", "Abeja", "árbol", "arce", "Banco Central", "BancoEstado",
        "cesta", "chileno", "cima", "CORFO", "Corporación de Fomento", "llama", "lobo", "nube", "Núñez",
        "ñandú", "Ñuñoa", "oso", "Pérez", "Perezoso", "programas", "SERCOTEC", "Servicio", "zorro",
    };
    int n = (int)(sizeof order / sizeof order[0]);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int c = ix_collate(order[i], order[j]);
            if (sign(c) != sign(i - j)) {
                fprintf(stderr, "collate(\"%s\", \"%s\") = %d\n", order[i], order[j], c);
                CHECK(sign(c) == sign(i - j));
            }
        }
    /* long strings (heap path) */
    char a[600], b[600];
    memset(a, 'a', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof b);
    b[500] = 'b';
    CHECK(before(a, b));
}

/* ---- page lists ---- */

static ix_term term_with(const int *pages, int n)
{
    ix_term t;
    memset(&t, 0, sizeof t);
    t.name = "x";
    t.pages = (int *)pages;
    t.npages = n;
    return t;
}

/* Front matter: pages 0..3 are i..iv, then 1, 2, 3… */
static const char *roman_then_arabic(void *user, int page)
{
    static const char *roman[] = {"i", "ii", "iii", "iv"};
    static char buf[16];
    (void)user;
    if (page < 4) return roman[page];
    snprintf(buf, sizeof buf, "%d", page - 3);
    return buf;
}

TEST(test_format_pages)
{
    char buf[128];
    static const int p1[] = {0, 1, 2, 5, 7, 8};
    ix_term t = term_with(p1, 6);
    ix_format_pages(&t, buf, sizeof buf, NULL, NULL);
    CHECK_EQ_STR(buf, "1-3, 6, 8-9");

    static const int p2[] = {33, 34, 35, 39};
    t = term_with(p2, 4);
    ix_format_pages(&t, buf, sizeof buf, NULL, NULL);
    CHECK_EQ_STR(buf, "34-36, 40");

    static const int p3[] = {41};
    t = term_with(p3, 1);
    ix_format_pages(&t, buf, sizeof buf, NULL, NULL);
    CHECK_EQ_STR(buf, "42");

    t = term_with(NULL, 0);
    ix_format_pages(&t, buf, sizeof buf, NULL, NULL);
    CHECK_EQ_STR(buf, "");

    /* roman front matter never joins the arabic body in a range */
    static const int p4[] = {1, 2, 3, 4, 5, 9};
    t = term_with(p4, 6);
    ix_format_pages(&t, buf, sizeof buf, roman_then_arabic, NULL);
    CHECK_EQ_STR(buf, "ii-iv, 1-2, 6");

    /* too small a buffer: whole items only, then an ellipsis */
    t = term_with(p1, 6);
    char small[10];
    ix_format_pages(&t, small, sizeof small, NULL, NULL);
    CHECK_EQ_STR(small, "1-3, 6\xE2\x80\xA6");
    char tiny[3];
    ix_format_pages(&t, tiny, sizeof tiny, NULL, NULL);
    CHECK_EQ_STR(tiny, "");
}

TEST(test_add_pages)
{
    ix_index ix;
    ix_init(&ix);
    int t = ix_term_get(&ix, "CORFO", NULL, NULL);
    ix_add_page(&ix, t, 12);
    ix_add_page(&ix, t, 3);
    ix_add_page(&ix, t, 12);
    ix_add_page(&ix, t, 7);
    ix_add_page_range(&ix, t, 9, 8);
    ix_add_page(&ix, t, -1);
    ix_add_page(&ix, 99, 1);
    CHECK_EQ_INT(ix.terms[t].npages, 5);
    char buf[64];
    ix_format_pages(&ix.terms[t], buf, sizeof buf, NULL, NULL);
    CHECK_EQ_STR(buf, "4, 8-10, 13");
    ix_clear_pages(&ix);
    CHECK_EQ_INT(ix.terms[t].npages, 0);
    ix_free(&ix);
}

/* ---- the term table and entries ---- */

TEST(test_term_get_and_find)
{
    ix_index ix;
    ix_init(&ix);
    int a = ix_term_get(&ix, "programas", "Crece", NULL);
    int m = ix_term_find(&ix, "programas", NULL);
    CHECK(a >= 0 && m >= 0 && a != m);
    CHECK_EQ_STR(ix.terms[a].name, "Crece");
    CHECK_EQ_STR(ix.terms[a].parent, "programas");
    CHECK(ix.terms[m].parent == NULL);
    CHECK_EQ_INT(ix_term_get(&ix, "programas", "Crece", NULL), a);
    CHECK_EQ_INT(ix_term_get(&ix, "programas", "", NULL), m);
    CHECK_EQ_INT(ix_term_find(&ix, "Crece", NULL), -1);   /* a sub is not a main term */
    CHECK_EQ_INT(ix_term_find(&ix, "nada", NULL), -1);
    int s = ix_term_get(&ix, "PIA", NULL, "pequeña industria");
    CHECK_EQ_STR(ix.terms[s].see, "pequeña industria");
    ix_term_get(&ix, "PIA", NULL, "otra");
    CHECK_EQ_STR(ix.terms[s].see, "pequeña industria");
    /* many terms: the hash grows and every term is still found */
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "término %d", i);
        ix_term_get(&ix, name, NULL, NULL);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "término %d", i);
        int t = ix_term_find(&ix, name, NULL);
        CHECK(t >= 0 && strcmp(ix.terms[t].name, name) == 0);
    }
    CHECK_EQ_INT(ix_term_find(&ix, "programas", "Crece"), a);
    diag_sink d;
    diag_init(&d);
    CHECK_EQ_INT(ix_check(&ix, &d), 1); /* "pequeña industria" is no term */
    CHECK_EQ_INT(d.warnings, 1);
    diag_free(&d);
    ix_free(&ix);
}

TEST(test_entries_order)
{
    ix_index ix;
    ix_init(&ix);
    /* added in no particular order */
    int zorro = ix_term_get(&ix, "zorro", NULL, NULL);
    int crece = ix_term_get(&ix, "programas", "Crece", NULL);
    int abeja = ix_term_get(&ix, "programas", "Capital Abeja", NULL);
    int unused_sub = ix_term_get(&ix, "programas", "Almacenes", NULL);
    int nandu = ix_term_get(&ix, "ñandú", NULL, NULL);
    int pia = ix_term_get(&ix, "PIA", NULL, "Pequeña Industria y Artesanado");
    int pequena = ix_term_get(&ix, "Pequeña Industria y Artesanado", NULL, NULL);
    int year = ix_term_get(&ix, "1973", NULL, NULL);
    int arbol = ix_term_get(&ix, "árbol", NULL, NULL);
    int nube = ix_term_get(&ix, "nube", NULL, NULL);
    int chile = ix_term_get(&ix, "Chile", NULL, NULL);
    int cima = ix_term_get(&ix, "cima", NULL, NULL);
    int unused = ix_term_get(&ix, "nunca citado", NULL, NULL);
    int sub_only = ix_term_get(&ix, "Ministerio de Economía", "División de Empresas", NULL);
    int quote = ix_term_get(&ix, "«El Mercurio»", NULL, NULL);
    int sym = ix_term_get(&ix, "%", NULL, NULL);
    int pages_for[] = {zorro, crece, abeja, nandu, pequena, year, arbol, nube, chile, cima, sub_only, quote, sym};
    for (size_t i = 0; i < sizeof pages_for / sizeof pages_for[0]; i++) ix_add_page(&ix, pages_for[i], 10);
    (void)unused_sub;
    (void)unused;
    (void)pia;

    ix_entry *e = NULL;
    int n = ix_entries(&ix, &e);
    static const struct { const char *name; int level; const char *letter; } want[] = {
        {"%", 0, "#"},
        {"1973", 0, "0-9"},
        {"árbol", 0, "A"},
        {"Chile", 0, "C"},
        {"cima", 0, "C"},
        {"«El Mercurio»", 0, "E"},
        {"Ministerio de Economía", 0, "M"},   /* no page of its own, but a sub has one */
        {"División de Empresas", 1, "M"},
        {"nube", 0, "N"},
        {"ñandú", 0, "Ñ"},
        {"Pequeña Industria y Artesanado", 0, "P"},
        {"PIA", 0, "P"},                       /* see-entry: printed without pages */
        {"programas", 0, "P"},
        {"Capital Abeja", 1, "P"},
        {"Crece", 1, "P"},
        {"zorro", 0, "Z"},
    };
    int nw = (int)(sizeof want / sizeof want[0]);
    CHECK_EQ_INT(n, nw);
    for (int i = 0; i < n && i < nw; i++) {
        CHECK_EQ_STR(e[i].term->name, want[i].name);
        CHECK_EQ_INT(e[i].level, want[i].level);
        CHECK_EQ_STR(e[i].letter, want[i].letter);
    }
    free(e);
    ix_free(&ix);

    ix_index empty;
    ix_init(&empty);
    e = (ix_entry *)&empty;
    CHECK_EQ_INT(ix_entries(&empty, &e), 0);
    CHECK(e == NULL);
    ix_free(&empty);
}

/* ---- loading term lists ---- */

TEST(test_load_small_list)
{
    ix_index ix;
    diag_sink d;
    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, SMALL, &d), 0);
    CHECK_EQ_INT(d.errors, 0);
    CHECK_EQ_INT(d.warnings, 0);
    int c = ix_term_find(&ix, CORFO_T, NULL);
    CHECK(c >= 0);
    if (c >= 0) {
        CHECK_EQ_INT(ix.terms[c].nmatches, 2);
        CHECK(ix.terms[c].listed);
        if (ix.terms[c].nmatches == 2) {
            CHECK_EQ_STR(ix.terms[c].matches[0], "CORFO");
            CHECK_EQ_STR(ix.terms[c].matches[1], "Corporación de Fomento de la Producción"); /* collapsed */
        }
        CHECK_EQ_INT(ix.terms[c].loc.line, 4);
        CHECK(ix.terms[c].loc.file && strstr(ix.terms[c].loc.file, "index-terms-small.xml"));
    }
    int see = ix_term_find(&ix, "CORFO", NULL);
    CHECK(see >= 0 && ix.terms[see].see && strcmp(ix.terms[see].see, CORFO_T) == 0);
    CHECK(ix_term_find(&ix, "Capital Semilla", NULL) >= 0);
    int crece = ix_term_find(&ix, "programas", "Crece");
    CHECK(crece >= 0 && ix.terms[crece].nmatches == 2);
    int abeja = ix_term_find(&ix, "programas", "Capital Abeja");
    CHECK(abeja >= 0 && ix.terms[abeja].nmatches == 0 && ix.terms[abeja].listed);
    CHECK_EQ_INT(ix.nterms, 10);
    CHECK_EQ_INT(ix_check(&ix, &d), 0);
    diag_free(&d);
    ix_free(&ix);
}

TEST(test_load_bad_lists)
{
    ix_index ix;
    diag_sink d;
    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, "tests/unit/data/index-terms-bad.xml", &d), -1);
    CHECK(d.errors >= 1);
    int located = 0;
    for (int i = 0; i < d.count; i++)
        if (d.entries[i].loc.file && strstr(d.entries[i].loc.file, "index-terms-bad.xml") && d.entries[i].loc.line > 0)
            located = 1;
    CHECK(located);
    diag_free(&d);
    ix_free(&ix);

    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, "tests/unit/data/no-such-file.xml", &d), -1);
    CHECK(d.errors >= 1);
    diag_free(&d);
    ix_free(&ix);

    /* listed twice: merged with a warning; a see to nowhere: ix_check warns */
    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, "tests/unit/data/index-terms-dup.xml", &d), 0);
    CHECK_EQ_INT(d.errors, 0);
    CHECK_EQ_INT(d.warnings, 1);
    int c = ix_term_find(&ix, "CORFO", NULL);
    CHECK(c >= 0 && ix.terms[c].nmatches == 2);
    CHECK_EQ_INT(ix.terms[c].loc.line, 4);
    CHECK_EQ_INT(ix_check(&ix, &d), 1);
    diag_free(&d);
    ix_free(&ix);
}

TEST(test_load_book_list)
{
    ix_index ix;
    diag_sink d;
    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, "book/index.xml", &d), 0);
    diag_print(&d, stderr);
    CHECK_EQ_INT(d.errors, 0);
    CHECK(ix.nterms >= 150);
    int mains = 0, subs = 0, sees = 0;
    for (int i = 0; i < ix.nterms; i++) {
        if (ix.terms[i].parent) subs++;
        else mains++;
        if (ix.terms[i].see) sees++;
        CHECK(ix.terms[i].listed);
    }
    CHECK(mains >= 150);
    CHECK(subs > 0 && sees > 0);
    CHECK_EQ_INT(ix_check(&ix, &d), 0); /* every véase names a term of the list */
    int c = ix_term_find(&ix, CORFO_T, NULL);
    CHECK(c >= 0 && ix.terms[c].nmatches >= 2);
    /* every term is printable in order: the sorted entries are sorted */
    for (int i = 0; i < ix.nterms; i++) ix_add_page(&ix, i, i);
    ix_entry *e = NULL;
    int n = ix_entries(&ix, &e);
    CHECK_EQ_INT(n, ix.nterms);
    const char *prev = NULL;
    for (int i = 0; i < n; i++) {
        if (e[i].level != 0) continue;
        if (prev) CHECK(ix_collate(prev, e[i].term->name) < 0);
        prev = e[i].term->name;
    }
    free(e);
    diag_free(&d);
    ix_free(&ix);
}

/* ---- the concordance on hand-built trees ---- */

static doc_book *new_book(void)
{
    doc_book *b = xcalloc(1, sizeof *b);
    arena_init(&b->mem, 0);
    return b;
}

static doc_inline *txt(doc_book *b, const char *s)
{
    doc_inline *in = ARENA_NEW(&b->mem, doc_inline);
    in->kind = IN_TEXT;
    in->text = arena_strdup(&b->mem, s);
    return in;
}

/* Link the inlines given (NULL-terminated) as siblings; returns the first. */
static doc_inline *seq(doc_inline *first, ...)
{
    va_list ap;
    va_start(ap, first);
    doc_inline *prev = first, *n;
    while ((n = va_arg(ap, doc_inline *)) != NULL) {
        prev->next = n;
        prev = n;
    }
    va_end(ap);
    return first;
}

static doc_inline *span(doc_book *b, doc_inline_kind k, doc_inline *children)
{
    doc_inline *in = ARENA_NEW(&b->mem, doc_inline);
    in->kind = k;
    in->children = children;
    return in;
}

static doc_block *blk(doc_book *b, doc_block_kind k, doc_inline *content, doc_block *children)
{
    doc_block *bl = ARENA_NEW(&b->mem, doc_block);
    bl->kind = k;
    bl->content = content;
    bl->children = children;
    return bl;
}

static doc_block *blocks(doc_block *first, ...)
{
    va_list ap;
    va_start(ap, first);
    doc_block *prev = first, *n;
    while ((n = va_arg(ap, doc_block *)) != NULL) {
        prev->next = n;
        prev = n;
    }
    va_end(ap);
    return first;
}

static void dump_into(const doc_inline *in, char *out, size_t cap)
{
    for (; in; in = in->next) {
        size_t len = strlen(out);
        switch (in->kind) {
        case IN_TEXT: snprintf(out + len, cap - len, "%s", in->text); break;
        case IN_IX:
            if (in->sub) snprintf(out + len, cap - len, "{%s/%s", in->term, in->sub);
            else snprintf(out + len, cap - len, "{%s", in->term);
            if (in->children) {
                strncat(out, ":", cap - strlen(out) - 1);
                dump_into(in->children, out, cap);
            }
            strncat(out, "}", cap - strlen(out) - 1);
            break;
        default: {
            const char *tag = in->kind == IN_EM ? "em" : in->kind == IN_NOTE ? "note" : in->kind == IN_Q ? "q" : "x";
            snprintf(out + len, cap - len, "<%s>", tag);
            dump_into(in->children, out, cap);
            len = strlen(out);
            snprintf(out + len, cap - len, "</%s>", tag);
            break;
        }
        }
    }
}

/* The inline list written out, marks as {term} or {term/sub}. */
static const char *dump(const doc_inline *in)
{
    static char out[2048];
    out[0] = '\0';
    dump_into(in, out, sizeof out);
    return out;
}

/* Apply the small list's concordance to the paragraph content in; returns
 * the number of marks. */
static int concord(doc_book *b, doc_inline *in, int *marks_out)
{
    ix_index ix;
    diag_sink d;
    ix_init(&ix);
    diag_init(&d);
    int rc = ix_load_terms(&ix, SMALL, &d);
    CHECK_EQ_INT(rc, 0);
    doc_div *ch = ARENA_NEW(&b->mem, doc_div);
    ch->kind = DIV_CHAPTER;
    ch->blocks = blk(b, BL_P, in, NULL);
    b->body = ch;
    int n = ix_apply_concordance(&ix, b);
    if (marks_out) *marks_out = n;
    ix_free(&ix); /* the marks' strings live in the book */
    diag_free(&d);
    return n;
}

TEST(test_concordance_whole_words)
{
    doc_book *b = new_book();
    doc_inline *p = txt(b, "Fundada por la CORFO, la CORFOS no existe; xCORFO ni CORFO1, sí CORFO.");
    CHECK_EQ_INT(concord(b, p, NULL), 2);
    CHECK_EQ_STR(dump(p), "Fundada por la CORFO{" CORFO_T "}, la CORFOS no existe; xCORFO ni CORFO1, sí CORFO{" CORFO_T "}.");
    /* the split nodes are separate IN_TEXT nodes around IN_IX marks */
    CHECK_EQ_STR(p->text, "Fundada por la CORFO");
    CHECK(p->next && p->next->kind == IN_IX && p->next->children == NULL && p->next->sub == NULL);
    doc_free(b);

    /* at the very start and end of the text; accented letters are letters */
    b = new_book();
    p = txt(b, "CORFO");
    CHECK_EQ_INT(concord(b, p, NULL), 1);
    CHECK_EQ_STR(dump(p), "CORFO{" CORFO_T "}");
    CHECK(p->next && p->next->next == NULL);
    doc_free(b);

    b = new_book();
    p = txt(b, "ÑCORFO CORFOñ CORFOá áCORFO CORFO\xCC\x81 CORFO-SERCOTEC");
    CHECK_EQ_INT(concord(b, p, NULL), 1);
    CHECK_EQ_STR(dump(p), "ÑCORFO CORFOñ CORFOá áCORFO CORFO\xCC\x81 CORFO{" CORFO_T "}-SERCOTEC");
    doc_free(b);
}

TEST(test_concordance_case_and_accents)
{
    doc_book *b = new_book();
    doc_inline *p = txt(b, "Corfo, corfo, el nandu, el Ñandú y el ñandú.");
    CHECK_EQ_INT(concord(b, p, NULL), 1);
    CHECK_EQ_STR(dump(p), "Corfo, corfo, el nandu, el Ñandú y el ñandú{ñandú}.");
    doc_free(b);
}

TEST(test_concordance_multiword_and_own_name)
{
    doc_book *b = new_book();
    /* Capital Semilla has no <match>: it matches its own name; a no-break space is a space */
    doc_inline *p = txt(b, "El Capital Semilla, el Capital\xC2\xA0Semilla y el Capital  Semillero; Capital Abeja.");
    CHECK_EQ_INT(concord(b, p, NULL), 3);
    CHECK_EQ_STR(dump(p), "El Capital Semilla{Capital Semilla}, el Capital\xC2\xA0Semilla{Capital Semilla} y el "
                          "Capital  Semillero; Capital Abeja{programas/Capital Abeja}.");
    doc_free(b);

    /* the see-only term "CORFO" adds no second mark; "S.A." starts and ends with letters and dots */
    b = new_book();
    p = txt(b, "Industria S.A. y S.A.S.");
    CHECK_EQ_INT(concord(b, p, NULL), 2);
    CHECK_EQ_STR(dump(p), "Industria S.A.{S.A.} y S.A.{S.A.}S.");
    doc_free(b);
}

TEST(test_concordance_two_matches_and_longest)
{
    doc_book *b = new_book();
    /* two matches of one term; the long form contains "Fomento" (another term): longest wins */
    doc_inline *p = txt(b, "La Corporación de Fomento de la Producción (CORFO) y el Fomento.");
    CHECK_EQ_INT(concord(b, p, NULL), 3);
    CHECK_EQ_STR(dump(p), "La Corporación de Fomento de la Producción{" CORFO_T "} (CORFO{" CORFO_T
                          "}) y el Fomento{Fomento}.");
    doc_free(b);

    /* overlapping forms of one term ("Eduardo Frei", "Frei Montalva"): one mark, after the longer */
    b = new_book();
    p = txt(b, "Eduardo Frei Montalva; luego Eduardo Frei; luego Frei Montalva.");
    CHECK_EQ_INT(concord(b, p, NULL), 3);
    CHECK_EQ_STR(dump(p), "Eduardo Frei Montalva{Frei Montalva, Eduardo}; luego Eduardo Frei{Frei Montalva, "
                          "Eduardo}; luego Frei Montalva{Frei Montalva, Eduardo}.");
    doc_free(b);

    /* a sub with two matches; the longer includes the main term's word */
    b = new_book();
    p = txt(b, "El programa Crece y los programas: Crece.");
    CHECK_EQ_INT(concord(b, p, NULL), 3);
    CHECK_EQ_STR(dump(p), "El programa Crece{programas/Crece} y los programas{programas}: Crece{programas/Crece}.");
    doc_free(b);
}

TEST(test_concordance_nodes)
{
    /* a match across adjacent IN_TEXT siblings; inside <em>, <note> and <q>;
     * never inside a hand-made <ix> */
    doc_book *b = new_book();
    doc_inline *hand = span(b, IN_IX, txt(b, "CORFO"));
    hand->term = "mano";
    doc_inline *p = seq(txt(b, "Capital "), txt(b, "Semilla y "), span(b, IN_EM, txt(b, "Eduardo Frei Montalva")),
                        span(b, IN_NOTE, txt(b, "Véase CORFO.")), txt(b, " y "),
                        span(b, IN_Q, txt(b, "la CORFO")), hand, txt(b, "!"), NULL);
    CHECK_EQ_INT(concord(b, p, NULL), 4);
    CHECK_EQ_STR(dump(p), "Capital Semilla{Capital Semilla} y <em>Eduardo Frei Montalva{Frei Montalva, Eduardo}</em>"
                          "<note>Véase CORFO{" CORFO_T "}.</note> y <q>la CORFO{" CORFO_T "}</q>{mano:CORFO}!");
    doc_free(b);
}

TEST(test_concordance_where)
{
    /* running text of every kind is searched; titles and figure sources are not */
    doc_book *b = new_book();
    ix_index ix;
    diag_sink d;
    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, SMALL, &d), 0);

    doc_block *item = blk(b, BL_ITEM, txt(b, "CORFO item"), NULL);
    doc_block *list = blk(b, BL_LIST, NULL, item);
    doc_block *quote = blk(b, BL_QUOTE, txt(b, "fuente CORFO"), blk(b, BL_P, txt(b, "cita CORFO"), NULL));
    doc_block *dl = blk(b, BL_DL, NULL, blocks(blk(b, BL_DT, txt(b, "CORFO"), NULL),
                                              blk(b, BL_DD, txt(b, "la CORFO"), NULL), NULL));
    doc_block *box = blk(b, BL_BOX, NULL, blk(b, BL_P, txt(b, "en caja CORFO"), NULL));
    box->title = "CORFO";
    doc_block *fig = blk(b, BL_FIGURE, txt(b, "Foto CORFO"), NULL);
    doc_block *table = blk(b, BL_TABLE, NULL, NULL);
    table->table = ARENA_NEW(&b->mem, doc_table);
    doc_row *row = ARENA_NEW(&b->mem, doc_row);
    doc_cell *c1 = ARENA_NEW(&b->mem, doc_cell), *c2 = ARENA_NEW(&b->mem, doc_cell);
    c1->content = txt(b, "CORFO");
    c2->blocks = blk(b, BL_P, txt(b, "celda CORFO"), NULL);
    c1->next = c2;
    row->cells = c1;
    table->table->rows = row;

    doc_div *ch = ARENA_NEW(&b->mem, doc_div);
    ch->kind = DIV_CHAPTER;
    ch->title = txt(b, "La CORFO");
    ch->blocks = blocks(list, quote, dl, box, fig, table, NULL);
    doc_div *sec = ARENA_NEW(&b->mem, doc_div);
    sec->kind = DIV_SECTION;
    sec->title = txt(b, "CORFO");
    sec->blocks = blk(b, BL_P, txt(b, "sección CORFO"), NULL);
    ch->children = sec;
    doc_div *chron = ARENA_NEW(&b->mem, doc_div);
    chron->kind = DIV_CHRONOLOGY;
    doc_event *e1 = ARENA_NEW(&b->mem, doc_event), *e2 = ARENA_NEW(&b->mem, doc_event);
    e1->year = "1939";
    e1->content = txt(b, "Nace la CORFO");
    e2->year = "1952";
    e2->blocks = blk(b, BL_P, txt(b, "CORFO y SCTI"), NULL);
    e1->next = e2;
    chron->events = e1;
    doc_div *bib = ARENA_NEW(&b->mem, doc_div);
    bib->kind = DIV_BIBLIOGRAPHY;
    bib->entries = ARENA_NEW(&b->mem, doc_entry);
    bib->entries->content = txt(b, "CORFO (1962). Memoria.");
    doc_div *pre = ARENA_NEW(&b->mem, doc_div);
    pre->kind = DIV_PREFACE;
    pre->sig_name = txt(b, "Gerente de la CORFO");
    pre->next = chron;
    b->front = pre;
    b->body = ch;
    b->back = bib;

    /* item, quote source + p, dt, dd, box p, 2 cells, section p, signature, 2 events */
    CHECK_EQ_INT(ix_apply_concordance(&ix, b), 12);
    CHECK_EQ_STR(dump(ch->title), "La CORFO");
    CHECK_EQ_STR(dump(sec->title), "CORFO");
    CHECK_EQ_STR(dump(fig->content), "Foto CORFO");
    CHECK_EQ_STR(dump(bib->entries->content), "CORFO (1962). Memoria.");
    CHECK_EQ_STR(dump(c1->content), "CORFO{" CORFO_T "}");
    CHECK_EQ_STR(dump(e1->content), "Nace la CORFO{" CORFO_T "}");
    CHECK_EQ_STR(dump(item->content), "CORFO{" CORFO_T "} item");
    CHECK_EQ_STR(dump(pre->sig_name), "Gerente de la CORFO{" CORFO_T "}");
    ix_free(&ix);
    diag_free(&d);
    doc_free(b);
}

/* ---- the concordance on the book itself ---- */

typedef struct marks_seen {
    ix_index *ix;
    int *count;    /* per term */
    int total;
    char *text;    /* plain running text, to compare before and after */
    size_t len, cap;
} marks_seen;

static void add_text(marks_seen *m, const char *s)
{
    size_t n = strlen(s);
    if (m->len + n + 2 > m->cap) {
        m->cap = (m->len + n + 2) * 2;
        m->text = xrealloc(m->text, m->cap);
    }
    memcpy(m->text + m->len, s, n);
    m->len += n;
    m->text[m->len++] = '\n';
    m->text[m->len] = '\0';
}

static void seen_inlines(marks_seen *m, const doc_inline *in)
{
    for (; in; in = in->next) {
        if (in->kind == IN_TEXT) add_text(m, in->text);
        if (in->kind == IN_IX && !in->children && m->count) {
            int t = ix_term_find(m->ix, in->term, in->sub);
            if (t >= 0) m->count[t]++;
            m->total++;
        }
        seen_inlines(m, in->children);
    }
}

static void seen_blocks(marks_seen *m, const doc_block *b)
{
    for (; b; b = b->next) {
        seen_inlines(m, b->content);
        seen_blocks(m, b->children);
        if (b->table)
            for (const doc_row *r = b->table->rows; r; r = r->next)
                for (const doc_cell *c = r->cells; c; c = c->next) {
                    seen_inlines(m, c->content);
                    seen_blocks(m, c->blocks);
                }
    }
}

static void seen_divs(marks_seen *m, const doc_div *v)
{
    for (; v; v = v->next) {
        seen_inlines(m, v->title);
        seen_blocks(m, v->blocks);
        seen_inlines(m, v->sig_name);
        seen_inlines(m, v->sig_role);
        seen_inlines(m, v->sig_org);
        for (const doc_event *e = v->events; e; e = e->next) {
            seen_inlines(m, e->content);
            seen_blocks(m, e->blocks);
        }
        seen_divs(m, v->children);
    }
}

/* Concatenated text of every IN_TEXT node: splitting nodes must keep it. */
static void seen_book(marks_seen *m, const doc_book *b)
{
    seen_divs(m, b->front);
    seen_divs(m, b->body);
    seen_divs(m, b->back);
}

static char *joined(const char *s)
{
    /* the node boundaries differ after splitting: compare without the newlines */
    char *out = xstrdup(s), *o = out;
    for (const char *p = s; *p; p++)
        if (*p != '\n') *o++ = *p;
    *o = '\0';
    return out;
}

TEST(test_concordance_on_the_book)
{
    diag_sink d;
    diag_init(&d);
    doc_book *book = manuscript_load("book/book.xml", &d);
    if (!book) {
        diag_print(&d, stderr);
        fprintf(stderr, "book/book.xml does not load: concordance on the book not tested\n");
        CHECK(book != NULL);
        diag_free(&d);
        return;
    }
    ix_index ix;
    ix_init(&ix);
    CHECK_EQ_INT(ix_load_terms(&ix, "book/index.xml", &d), 0);

    marks_seen before;
    memset(&before, 0, sizeof before);
    before.ix = &ix;
    seen_book(&before, book);

    clock_t t0 = clock();
    int n = ix_apply_concordance(&ix, book);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    fprintf(stderr, "concordance: %d marks for %d terms in %.3f s\n", n, ix.nterms, secs);
    CHECK(n > ix.nterms);
    CHECK(secs < 2.0);

    marks_seen after;
    memset(&after, 0, sizeof after);
    after.ix = &ix;
    after.count = xcalloc((size_t)ix.nterms, sizeof(int));
    seen_book(&after, book);
    CHECK(after.total >= n); /* plus the hand-made empty marks */

    char *a = joined(before.text ? before.text : ""), *z = joined(after.text ? after.text : "");
    CHECK(strcmp(a, z) == 0); /* the text is unchanged, only marks were added */
    free(a);
    free(z);

    /* "Every match below occurs in the manuscript's running text" (book/index.xml):
     * every listed term that is not a bare see-entry gets at least one mark,
     * unless all its forms lie inside a longer form of another term (the
     * longer wins: "La Ligua" in "terremoto de La Ligua") */
    int missing = 0;
    for (int i = 0; i < ix.nterms; i++) {
        const ix_term *t = &ix.terms[i];
        if (!t->listed || (t->see && !t->nmatches)) continue;
        if (after.count[i] == 0) {
            int inside = t->nmatches > 0;
            for (int k = 0; k < t->nmatches; k++) {
                int in_longer = 0;
                for (int j = 0; j < ix.nterms && !in_longer; j++)
                    for (int l = 0; j != i && l < ix.terms[j].nmatches; l++)
                        if (strlen(ix.terms[j].matches[l]) > strlen(t->matches[k]) &&
                            strstr(ix.terms[j].matches[l], t->matches[k]))
                            in_longer = 1;
                if (!in_longer) inside = 0;
            }
            if (inside) {
                fprintf(stderr, "note: \"%s\" is found only inside longer forms of other terms\n", t->name);
                continue;
            }
            /* a main term of which only subs are listed with matches is fine if a sub was found */
            int sub_found = 0;
            for (int j = 0; j < ix.nterms; j++)
                if (ix.terms[j].parent && strcmp(ix.terms[j].parent, t->name) == 0 && after.count[j]) sub_found = 1;
            if (!t->parent && t->nmatches == 0 && sub_found) continue;
            fprintf(stderr, "no mark for %s%s%s\n", t->parent ? t->parent : "", t->parent ? " / " : "", t->name);
            missing++;
        }
    }
    CHECK_EQ_INT(missing, 0);

    free(before.text);
    free(after.text);
    free(after.count);
    ix_free(&ix);
    doc_free(book);
    diag_free(&d);
}

int main(void)
{
    RUN(test_collate_enye_is_a_letter_after_n);
    RUN(test_collate_ch_ll_not_letters);
    RUN(test_collate_accents_second_level);
    RUN(test_collate_case_third_level);
    RUN(test_collate_numbers_and_separators);
    RUN(test_collate_sorts_consistently);
    RUN(test_format_pages);
    RUN(test_add_pages);
    RUN(test_term_get_and_find);
    RUN(test_entries_order);
    RUN(test_load_small_list);
    RUN(test_load_bad_lists);
    RUN(test_load_book_list);
    RUN(test_concordance_whole_words);
    RUN(test_concordance_case_and_accents);
    RUN(test_concordance_multiword_and_own_name);
    RUN(test_concordance_two_matches_and_longest);
    RUN(test_concordance_nodes);
    RUN(test_concordance_where);
    RUN(test_concordance_on_the_book);
    return TEST_REPORT();
}
