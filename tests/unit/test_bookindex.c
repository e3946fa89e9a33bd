/* test_bookindex.c - the back-of-book index (src/compose/bookindex.c).
 *
 * Run from the repository root: reads tests/unit/data/index-terms-*.xml,
 * book/index.xml and book/book.xml. Covers the order from ICU (Spanish,
 * English, German, numbers and symbols, other scripts and languages, the
 * warnings for unknown ones), sort keys, letter headings, the same order
 * whatever the input's order, page ranges, loading term lists, and the
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

/* ---- the order (ICU) ---- */

typedef struct want {
    const char *name;
    const char *heading;
} want;

/* An index of the names of w (main terms, one page each) added in the order
 * given by perm, in lang's order with symbols as the symbols heading: does
 * it print w, in w's order, under w's headings? Mismatches are printed. */
static int order_is_perm(const char *lang, const char *symbols, const want *w, int n, const int *perm)
{
    ix_index ix;
    ix_init(&ix);
    ix_set_order(&ix, lang, symbols, (diag_loc){0}, NULL);
    for (int i = 0; i < n; i++) ix_add_page(&ix, ix_term_get(&ix, w[perm[i]].name, NULL, NULL), 3);
    ix_entry *e = NULL;
    int got = ix_entries(&ix, &e), ok = got == n;
    for (int i = 0; i < n && i < got; i++)
        if (strcmp(e[i].term->name, w[i].name) != 0 || strcmp(e[i].letter, w[i].heading) != 0) ok = 0;
    if (!ok) {
        fprintf(stderr, "%s: expected / got\n", lang ? lang : "(root)");
        for (int i = 0; i < n || i < got; i++)
            fprintf(stderr, "  %-3s %-24s | %-3s %s\n", i < n ? w[i].heading : "", i < n ? w[i].name : "",
                    i < got ? e[i].letter : "", i < got ? e[i].term->name : "");
    }
    free(e);
    ix_free(&ix);
    return ok;
}

/* order_is_perm with the names added backwards, and in a shuffled order. */
static int order_is(const char *lang, const char *symbols, const want *w, int n)
{
    int perm[64], ok = 1;
    if (n > 64) return 0;
    for (int i = 0; i < n; i++) perm[i] = n - 1 - i;
    ok &= order_is_perm(lang, symbols, w, n, perm);
    unsigned seed = 12345;
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates with a fixed LCG */
        seed = seed * 1103515245u + 12345u;
        int j = (int)((seed >> 16) % (unsigned)(i + 1)), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    ok &= order_is_perm(lang, symbols, w, n, perm);
    return ok;
}

#define ORDER_IS(lang, symbols, w) order_is((lang), (symbols), (w), (int)(sizeof(w) / sizeof(w)[0]))

TEST(test_order_spanish)
{
    /* ñ a letter after n (with its own heading), accents and case only break
     * ties, ch and ll no letters, word by word */
    static const want es[] = {
        {"abeja", "A"}, {"Abeja", "A"}, {"ano", "A"}, {"anzuelo", "A"},
        {"an\xCC\x83o", "A"}, /* n + combining tilde is ñ: año, decomposed */
        {"año", "A"}, {"árbol", "A"}, {"arce", "A"},
        {"cesta", "C"}, {"chileno", "C"}, {"cima", "C"}, {"cuyo", "C"},
        {"Lima", "L"}, {"lista", "L"}, {"llama", "L"}, {"lobo", "L"},
        {"nube", "N"}, {"Núñez", "N"}, {"Nuño", "N"}, {"nz", "N"},
        {"ñandú", "Ñ"}, {"Ñuble", "Ñ"}, {"Ñuñoa", "Ñ"},
        {"Ocaña", "O"}, {"oso", "O"},
        {"papa", "P"}, {"papá", "P"}, {"papas", "P"}, {"Pérez", "P"}, {"Perezoso", "P"},
        {"pinguino", "P"}, {"pingüino", "P"}, {"pinguinos", "P"},
        {"San Martín", "S"}, {"Sanhueza", "S"}, /* word by word: a space before any letter */
        {"zorro", "Z"},
    };
    CHECK(ORDER_IS("es", NULL, es));
    /* a region or a script does not change Spanish */
    CHECK(ORDER_IS("es-CL", NULL, es));
}

TEST(test_order_english)
{
    /* no Ñ heading: ñ is n with an accent; Æ sorts as AE, É as E */
    static const want en[] = {
        {"Adams", "A"}, {"Æsop", "A"}, {"Afghanistan", "A"},
        {"chapter", "C"}, {"Cuba", "C"},
        {"Edison", "E"}, {"Emerson", "E"}, {"Émile", "E"}, {"Ezra", "E"},
        {"Nadal", "N"}, {"Ñandú", "N"}, {"Nash", "N"}, {"Nuñez", "N"}, {"Nuno", "N"},
        {"Zola", "Z"},
    };
    CHECK(ORDER_IS("en", NULL, en));
    CHECK(ORDER_IS("en-GB", NULL, en));
}

TEST(test_order_german)
{
    /* DIN 5007-1 (the dictionary order): ä ö ü are a o u with an accent,
     * ß is ss; no heading of their own */
    static const want de[] = {
        {"Adler", "A"}, {"Affe", "A"}, {"Apfel", "A"}, {"Ärger", "A"}, {"Arzt", "A"},
        {"Masse", "M"}, {"Maße", "M"}, {"Massen", "M"},
        {"Ofen", "O"}, {"Öl", "O"}, {"Orange", "O"},
        {"Strasse", "S"}, {"Straße", "S"}, {"Strassen", "S"},
        {"Tür", "T"}, {"Turm", "T"},
        {"Über", "U"}, {"Ufer", "U"},
    };
    CHECK(ORDER_IS("de", NULL, de));
    /* a locale named by the layout: the phone-book order files ä as ae */
    static const want phonebook[] = {
        {"Adler", "A"}, {"Ärger", "A"}, {"Affe", "A"}, {"Apfel", "A"}, {"Arzt", "A"},
        {"Öl", "O"}, {"Ofen", "O"}, {"Orange", "O"}, /* oel < ofen */
    };
    CHECK(ORDER_IS("de-u-co-phonebk", NULL, phonebook));
}

TEST(test_order_numbers_and_symbols)
{
    /* one group before A, under the heading given; symbols before digits,
     * numbers by their value (2 < 3 < 20 < 100) */
    static const want es[] = {
        {"%", "Números y símbolos"},
        {"2.ª", "Números y símbolos"},
        {"3", "Números y símbolos"},
        {"20 años", "Números y símbolos"},
        {"100", "Números y símbolos"},
        {"1952", "Números y símbolos"},
        {"A", "A"}, {"abeja", "A"},
        {"Ley N.º 6.334", "L"}, {"Ley N.º 20.416", "L"},
        {"«El Mercurio»", "E"}, /* leading punctuation is not filed on */
    };
    static want sorted_es[sizeof es / sizeof es[0]];
    /* «El Mercurio» files under E, before L */
    memcpy(sorted_es, es, sizeof es);
    sorted_es[8] = es[10];
    sorted_es[9] = es[8];
    sorted_es[10] = es[9];
    CHECK(ORDER_IS("es", "Números y símbolos", sorted_es));
    /* the default heading, and the same group in English */
    static const want en[] = {
        {"#1", "0-9"}, {"% change", "0-9"}, {"2nd", "0-9"}, {"10th", "0-9"}, {"a", "A"},
        {"(brackets)", "B"}, {"¿qué?", "Q"}, {"\"quoted\"", "Q"}, {"‘single’", "S"},
    };
    CHECK(ORDER_IS("en", NULL, en));
}

TEST(test_order_other_scripts_and_languages)
{
    /* Greek in a Spanish index: headings of its own (one per letter, accents
     * and case aside), after Z */
    static const want es[] = {{"zorro", "Z"}, {"Αθήνα", "Α"}, {"άλφα", "Α"}, {"Ωmega", "Ω"}};
    CHECK(ORDER_IS("es", NULL, es));
    /* Swedish: å ä ö are letters after z, with headings */
    static const want sv[] = {{"Ola", "O"}, {"Zorn", "Z"}, {"Åsa", "Å"}, {"Ärla", "Ä"}, {"Örn", "Ö"}};
    CHECK(ORDER_IS("sv", NULL, sv));
    /* Czech: ch is a letter after h */
    static const want cs[] = {{"hrad", "H"}, {"chata", "CH"}, {"i", "I"}};
    CHECK(ORDER_IS("cs", NULL, cs));
    /* a language ICU does not know: root order, first letters as headings */
    static const want xx[] = {{"ábaco", "A"}, {"Adams", "A"}, {"Æthelred", "A"}, {"Alcuin", "A"},
                              {"ñu", "N"}, {"zeta", "Z"}};
    CHECK(ORDER_IS("xx", NULL, xx));
    CHECK(ORDER_IS(NULL, NULL, xx));
    /* a heading of its own holds while its letter begins the keys: never twice */
    static const want ae[] = {{"Æsop", "Æ"}, {"Æthelred", "Æ"}, {"Alcuin", "A"}};
    CHECK(ORDER_IS("und", NULL, ae));
}

TEST(test_order_language_warnings)
{
    diag_sink d;
    diag_init(&d);
    ix_index ix;
    ix_init(&ix);
    diag_loc at = diag_at(&d, "layout/x.xml", 3, 10);
    ix_set_order(&ix, "es", NULL, at, &d);
    ix_set_order(&ix, "en", NULL, at, &d);
    ix_set_order(&ix, "de-u-co-phonebk", NULL, at, &d);
    ix_set_order(&ix, "und", NULL, at, &d);
    CHECK_EQ_INT(d.count, 0);
    ix_set_order(&ix, "xx", NULL, at, &d);
    ix_set_order(&ix, "not a tag", NULL, at, &d);
    CHECK_EQ_INT(d.warnings, 2);
    if (d.count == 2) {
        char *m0 = diag_format(&d.entries[0]), *m1 = diag_format(&d.entries[1]);
        CHECK_EQ_STR(m0, "layout/x.xml:3:10: warning: index: ICU has no collation for the language \"xx\"; the "
                         "index is sorted in Unicode's default order (CLDR root), with headings from each "
                         "entry's first letter");
        CHECK_EQ_STR(m1, "layout/x.xml:3:10: warning: index: \"not a tag\" is not a language tag ICU can read; "
                         "the index is sorted in Unicode's default order (CLDR root)");
        free(m0);
        free(m1);
    }
    ix_free(&ix);
    diag_free(&d);
}

/* ---- sort keys ---- */

TEST(test_sort_keys)
{
    /* a sort key files an entry as another spelling; ties between equal keys
     * go by the names' bytes */
    ix_index ix;
    ix_init(&ix);
    ix_set_order(&ix, "es", NULL, (diag_loc){0}, NULL);
    const char *names[] = {"Mistral, Gabriela", "«El Mercurio»", "Matta, Roberto", "«La Nación»", "El Siglo",
                           "Frei Montalva, Eduardo", "Freire, Ramón", "Frei, Eduardo", "b", "a"};
    for (int i = 0; i < 10; i++) ix_add_page(&ix, ix_term_get(&ix, names[i], NULL, NULL), 1);
    ix.terms[ix_term_find(&ix, "«El Mercurio»", NULL)].sort = "Mercurio";
    ix.terms[ix_term_find(&ix, "b", NULL)].sort = "same";
    ix.terms[ix_term_find(&ix, "a", NULL)].sort = "same";
    int sub = ix_term_get(&ix, "Frei, Eduardo", "El Crecimiento", NULL), sub2 = ix_term_get(&ix, "Frei, Eduardo", "Dos", NULL);
    ix.terms[sub].sort = "Crecimiento";
    ix_add_page(&ix, sub, 2);
    ix_add_page(&ix, sub2, 2);
    ix_entry *e = NULL;
    int n = ix_entries(&ix, &e);
    static const want w[] = {
        {"El Siglo", "E"},
        {"Frei, Eduardo", "F"}, /* the words before the comma first */
        {"El Crecimiento", "F"}, /* a sub-entry's sort key: C < D */
        {"Dos", "F"},
        {"Frei Montalva, Eduardo", "F"},
        {"Freire, Ramón", "F"},
        {"«La Nación»", "L"},
        {"Matta, Roberto", "M"},
        {"«El Mercurio»", "M"},
        {"Mistral, Gabriela", "M"},
        {"a", "S"}, {"b", "S"},
    };
    CHECK_EQ_INT(n, 12);
    for (int i = 0; i < n && i < 12; i++) {
        CHECK_EQ_STR(e[i].term->name, w[i].name);
        CHECK_EQ_STR(e[i].letter, w[i].heading);
    }
    free(e);
    ix_free(&ix);
}

TEST(test_sort_keys_from_the_list)
{
    ix_index ix;
    diag_sink d;
    ix_init(&ix);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ix, "tests/unit/data/index-terms-sort.xml", &d), 0);
    CHECK_EQ_INT(d.count, 0);
    int m = ix_term_find(&ix, "«El Mercurio»", NULL), s = ix_term_find(&ix, "diarios", "La Tercera");
    CHECK(m >= 0 && ix.terms[m].sort && !strcmp(ix.terms[m].sort, "Mercurio"));
    CHECK(s >= 0 && ix.terms[s].sort && !strcmp(ix.terms[s].sort, "Tercera"));
    diag_free(&d);
    ix_free(&ix);
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

    ix_set_order(&ix, "es", NULL, (diag_loc){0}, NULL);
    ix_entry *e = NULL;
    int n = ix_entries(&ix, &e);
    static const struct { const char *name; int level; const char *letter; } want[] = {
        {"%", 0, "0-9"},
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
    /* every term is printable: each heading is one run of entries, in the
     * order of the Spanish alphabet */
    for (int i = 0; i < ix.nterms; i++) ix_add_page(&ix, i, i);
    ix_set_order(&ix, "es", NULL, (diag_loc){0}, NULL);
    ix_entry *e = NULL;
    int n = ix_entries(&ix, &e);
    CHECK_EQ_INT(n, ix.nterms);
    static const char *alphabet[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N",
                                     "Ñ", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};
    int at = 0;
    for (int i = 0; i < n; i++) {
        while (at < 27 && strcmp(alphabet[at], e[i].letter) != 0) at++;
        if (at == 27) {
            fprintf(stderr, "heading %s of %s out of order\n", e[i].letter, e[i].term->name);
            CHECK(at < 27);
            break;
        }
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

/* ---- the order before layout, and its reproducibility ---- */

TEST(test_prepare)
{
    /* <ix sort> marks give their entry's key; the layout's locale wins over
     * xml:lang; a second key is warned about; a book with no <index/> is left
     * alone */
    doc_book *b = new_book();
    b->path = "m/book.xml";
    b->lang = "es";
    doc_inline *m1 = span(b, IN_IX, NULL), *m2 = span(b, IN_IX, NULL), *m3 = span(b, IN_IX, NULL);
    m1->term = "«El Mercurio»";
    m1->sort = "Mercurio";
    m2->term = "diarios";
    m2->sub = "La Tercera";
    m2->sort = "  Tercera ";
    m3->term = "«El Mercurio»";
    m3->sort = "El Mercurio";
    diag_sink d;
    diag_init(&d);
    m3->loc = diag_at(&d, "m/ch1.xml", 7, 12);
    doc_div *ch = ARENA_NEW(&b->mem, doc_div);
    ch->kind = DIV_CHAPTER;
    ch->blocks = blk(b, BL_P, seq(txt(b, "Diarios"), m1, m2, m3, NULL), NULL);
    b->body = ch;
    ix_index ix;
    ix_init(&ix);
    ix_prepare(&ix, b, NULL, (diag_loc){0}, NULL, &d);
    CHECK_EQ_INT(ix.nterms, 0); /* no <index/>: nothing read */
    doc_div *index = ARENA_NEW(&b->mem, doc_div);
    index->kind = DIV_INDEX;
    b->back = index;
    ix_prepare(&ix, b, "en", (diag_loc){0}, "Symbols", &d);
    int m = ix_term_find(&ix, "«El Mercurio»", NULL), s = ix_term_find(&ix, "diarios", "La Tercera");
    CHECK(m >= 0 && ix.terms[m].sort && !strcmp(ix.terms[m].sort, "Mercurio"));
    CHECK(s >= 0 && ix.terms[s].sort && !strcmp(ix.terms[s].sort, "Tercera"));
    CHECK_EQ_INT(d.warnings, 1);
    if (d.count == 1) {
        char *msg = diag_format(&d.entries[0]);
        CHECK_EQ_STR(msg, "m/ch1.xml:7:12: warning: index: \"«El Mercurio»\" already sorts as \"Mercurio\"; "
                          "sort=\"El Mercurio\" ignored");
        free(msg);
    }
    /* English (the layout's), not Spanish: "ñu" under N; digits under the given heading */
    ix_add_page(&ix, ix_term_get(&ix, "ñu", NULL, NULL), 1);
    ix_add_page(&ix, ix_term_get(&ix, "1", NULL, NULL), 1);
    ix_add_page(&ix, m, 1);
    ix_entry *e = NULL;
    int n = ix_entries(&ix, &e);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        CHECK_EQ_STR(e[0].letter, "Symbols");
        CHECK_EQ_STR(e[1].term->name, "«El Mercurio»");
        CHECK_EQ_STR(e[1].letter, "M");
        CHECK_EQ_STR(e[2].letter, "N");
    }
    free(e);
    ix_free(&ix);
    diag_free(&d);
    doc_free(b);
}

TEST(test_order_is_reproducible)
{
    /* the book's terms and ten terms with one sort key (ties), added
     * forwards, backwards and shuffled, each into a new index, and listed
     * twice: one order every time */
    ix_index ref;
    diag_sink d;
    ix_init(&ref);
    diag_init(&d);
    CHECK_EQ_INT(ix_load_terms(&ref, "book/index.xml", &d), 0);
    int nref = ref.nterms, nfirst = -1;
    char **first = NULL;
    for (int run = 0; run < 4 && nref > 0; run++) {
        int *perm = xmalloc(sizeof(int) * (size_t)nref);
        for (int i = 0; i < nref; i++) perm[i] = run == 1 ? nref - 1 - i : i;
        unsigned seed = 777u * (unsigned)run;
        for (int i = nref - 1; run >= 2 && i > 0; i--) {
            seed = seed * 1103515245u + 12345u;
            int j = (int)((seed >> 16) % (unsigned)(i + 1)), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        ix_index ix;
        ix_init(&ix);
        ix_set_order(&ix, "es", NULL, (diag_loc){0}, NULL);
        for (int k = 0; k < nref; k++) {
            const ix_term *t = &ref.terms[perm[k]];
            int i = t->parent ? ix_term_get(&ix, t->parent, t->name, NULL) : ix_term_get(&ix, t->name, NULL, NULL);
            ix_add_page(&ix, i, 1);
            for (int j = 0; j < 10; j++) /* tie j goes in at a place that depends on the run */
                if ((j * 37 + run * 13) % nref == k) {
                    char tie[32];
                    snprintf(tie, sizeof tie, "empate %d", (j * 7) % 10);
                    int t2 = ix_term_get(&ix, tie, NULL, NULL);
                    ix.terms[t2].sort = "empate";
                    ix_add_page(&ix, t2, 1);
                }
        }
        for (int again = 0; again < 2; again++) {
            ix_entry *e = NULL;
            int ne = ix_entries(&ix, &e);
            if (!first) {
                nfirst = ne;
                first = xcalloc((size_t)ne, sizeof *first);
                for (int i = 0; i < ne; i++) first[i] = xstrdup(e[i].term->name);
            } else {
                int same = ne == nfirst;
                for (int i = 0; i < ne && same; i++) same = strcmp(first[i], e[i].term->name) == 0;
                if (!same) fprintf(stderr, "run %d: a different order\n", run);
                CHECK(same);
            }
            free(e);
        }
        ix_free(&ix);
        free(perm);
    }
    CHECK_EQ_INT(nfirst, nref + 10);
    for (int i = 0; i < nfirst; i++) free(first[i]);
    free(first);
    ix_free(&ref);
    diag_free(&d);
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
    RUN(test_order_spanish);
    RUN(test_order_english);
    RUN(test_order_german);
    RUN(test_order_numbers_and_symbols);
    RUN(test_order_other_scripts_and_languages);
    RUN(test_order_language_warnings);
    RUN(test_order_is_reproducible);
    RUN(test_sort_keys);
    RUN(test_sort_keys_from_the_list);
    RUN(test_prepare);
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
