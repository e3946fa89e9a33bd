/* test_hyphenate.c - Spanish hyphenation (src/text/hyphenate.c).
 *
 * Run from the repository root: loads /usr/share/hyphen/hyph_es_CL.dic
 * (Debian hyphen-es) and layout/hyphenation-es.txt. The examples are the
 * RAE's (Ortografía 2010, 4.1.1.2) and words of the book. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "text/hyphenate.h"
#include "testhelp.h"

#define PATTERNS "/usr/share/hyphen/hyph_es_CL.dic"
#define EXCEPTIONS "layout/hyphenation-es.txt"
#define BOOK "../shared/source/sercotec-1952-2025.txt"

static hyphenator *hy;
static diag_sink load_diags;

/* The word with '-' at each HYPH_SOFT point and '|' at each HYPH_EXPLICIT
 * one (the hyphen of a compound stays, so "a-|b"). Also checks that the
 * points are increasing, inside the word and on code point boundaries. */
static const char *marked_with(const hyphenator *h, const char *w)
{
    static char out[1024];
    hyph_point p[64];
    size_t len = strlen(w), o = 0;
    int n = hyphenator_points(h, w, len, p, 64), j = 0;
    for (int i = 0; i < n; i++) {
        CHECK(p[i].offset > 0 && p[i].offset < len);
        CHECK(i == 0 || p[i].offset > p[i - 1].offset);
        CHECK(((unsigned char)w[p[i].offset] & 0xC0) != 0x80);
    }
    for (size_t i = 0; i < len && o + 3 < sizeof out; i++) {
        if (j < n && p[j].offset == i) out[o++] = p[j++].kind == HYPH_EXPLICIT ? '|' : '-';
        out[o++] = w[i];
    }
    out[o] = '\0';
    return out;
}

static const char *marked(const char *w) { return marked_with(hy, w); }

static int npoints(const char *w)
{
    hyph_point p[64];
    return hyphenator_points(hy, w, strlen(w), p, 64);
}

/* Write text to a fresh temporary file; the caller unlinks path. */
static void temp_file(char *path, const char *text)
{
    int fd;
    FILE *f;
    strcpy(path, "/tmp/folio-hyph-XXXXXX");
    fd = mkstemp(path);
    CHECK(fd >= 0);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
}

static int has_message(const diag_sink *d, diag_severity s, int line, const char *needle)
{
    for (int i = 0; i < d->count; i++)
        if (d->entries[i].severity == s && d->entries[i].loc.line == line &&
            strstr(d->entries[i].message, needle))
            return 1;
    return 0;
}

/* ---- loading ------------------------------------------------------------- */

TEST(test_loads_repo_files_cleanly)
{
    CHECK(hy != NULL);
    CHECK_EQ_INT(load_diags.count, 0);
    if (load_diags.count) diag_print(&load_diags, stderr);
    CHECK(hyphenator_exception_count(hy) >= 70);
}

TEST(test_missing_files)
{
    diag_sink d;
    hyphenator *h;
    diag_init(&d);
    h = hyphenator_new("/nonexistent/hyph_xx.dic", NULL, &d);
    CHECK(h == NULL);
    CHECK_EQ_INT(d.errors, 1);
    CHECK(d.count == 1 && d.entries[0].loc.file &&
          strcmp(d.entries[0].loc.file, "/nonexistent/hyph_xx.dic") == 0);
    /* a missing exceptions list is an error, but the patterns still work */
    h = hyphenator_new(PATTERNS, "/nonexistent/exceptions.txt", &d);
    CHECK(h != NULL);
    CHECK_EQ_INT(d.errors, 2);
    CHECK_EQ_INT(hyphenator_exception_count(h), 0);
    CHECK_EQ_STR(marked_with(h, "industrialización"), "in-dus-tria-li-za-ción");
    hyphenator_free(h);
    diag_free(&d);
}

TEST(test_exceptions_file_problems)
{
    char path[64];
    diag_sink d;
    hyphenator *h;
    temp_file(path,
              "# comment\n"
              "\n"
              "sub-ra-yar   # trailing comment\n"       /* 3: fine */
              "palabra2\n"                            /* 4: digit */
              "dos palabras\n"                        /* 5: space */
              "-prefijo\n"                            /* 6: leading '-' */
              "pa--labra\n"                           /* 7: double '-' */
              "mu-c-ha-cho\n"                         /* 8: splits ch: dropped */
              "a-bue-la\n"                            /* 9: 1 letter: dropped */
              "sub-ra-yar\n"                          /* 10: repeated */
              "ca-mión\n");                           /* 11: fine */
    diag_init(&d);
    h = hyphenator_new(PATTERNS, path, &d);
    CHECK(h != NULL);
    CHECK(has_message(&d, DIAG_ERROR, 4, "not a letter"));
    CHECK(has_message(&d, DIAG_ERROR, 5, "one word per line"));
    CHECK(has_message(&d, DIAG_ERROR, 6, "misplaced '-'"));
    CHECK(has_message(&d, DIAG_ERROR, 7, "misplaced '-'"));
    CHECK(has_message(&d, DIAG_WARNING, 8, "ch/ll"));
    CHECK(has_message(&d, DIAG_WARNING, 9, "fewer than 2 letters"));
    CHECK(has_message(&d, DIAG_WARNING, 10, "already listed at line 3"));
    CHECK_EQ_INT(d.errors, 4);
    CHECK_EQ_INT(d.warnings, 3);
    /* the error carries the file and the column of the bad character */
    for (int i = 0; i < d.count; i++)
        if (d.entries[i].loc.line == 4) {
            CHECK_EQ_STR(d.entries[i].loc.file, path);
            CHECK_EQ_INT(d.entries[i].loc.col, 8);
        }
    CHECK_EQ_INT(hyphenator_exception_count(h), 4); /* subrayar muchacho abuela camión */
    CHECK_EQ_STR(marked_with(h, "muchacho"), "mu-cha-cho");
    CHECK_EQ_STR(marked_with(h, "abuela"), "abue-la");
    CHECK_EQ_STR(marked_with(h, "camión"), "ca-mión");
    CHECK_EQ_STR(marked_with(h, "subrayar"), "sub-ra-yar");
    hyphenator_free(h);
    diag_free(&d);
    unlink(path);
}

TEST(test_exceptions_hash_table_grows)
{
    /* 2000 made-up words force the table to grow many times; every one must
     * still be found and one not listed must fall through to the patterns. */
    char path[64];
    size_t cap = 2000 * 24, n = 0;
    char *text = malloc(cap);
    diag_sink d;
    hyphenator *h;
    static const char *syl[] = {"ba", "ce", "di", "fo", "gu", "ja", "le", "mi", "no", "pu"};
    for (int i = 0; i < 2000; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s-%s-%s-%s\n", syl[i / 1000 % 10],
                              syl[i / 100 % 10], syl[i / 10 % 10], syl[i % 10]);
    temp_file(path, text);
    diag_init(&d);
    h = hyphenator_new(PATTERNS, path, &d);
    CHECK_EQ_INT(d.count, 0);
    CHECK_EQ_INT(hyphenator_exception_count(h), 2000);
    for (int i = 0; i < 2000; i += 7) {
        char w[16], want[16];
        snprintf(w, sizeof w, "%s%s%s%s", syl[i / 1000 % 10], syl[i / 100 % 10],
                 syl[i / 10 % 10], syl[i % 10]);
        snprintf(want, sizeof want, "%s-%s-%s-%s", syl[i / 1000 % 10], syl[i / 100 % 10],
                 syl[i / 10 % 10], syl[i % 10]);
        CHECK_EQ_STR(marked_with(h, w), want);
    }
    CHECK_EQ_STR(marked_with(h, "asociatividad"), "aso-cia-ti-vi-dad");
    hyphenator_free(h);
    diag_free(&d);
    unlink(path);
    free(text);
}

/* ---- the RAE's rules ----------------------------------------------------- */

TEST(test_digraphs_never_split)
{
    static const char *words[] = {"carro", "calle", "muchacho", "perro", "guerra", "caballero",
                                  "desarrollo", "cochecito", "arrollar", "llamarlas",
                                  "herramientas", "Bachelet", "quehacer", "guerrilla",
                                  "aquellos", "siguientes", "conseguir"};
    CHECK_EQ_STR(marked("carro"), "ca-rro");
    CHECK_EQ_STR(marked("calle"), "ca-lle");
    CHECK_EQ_STR(marked("muchacho"), "mu-cha-cho");
    CHECK_EQ_STR(marked("desarrollo"), "de-sa-rro-llo");
    CHECK_EQ_STR(marked("herramientas"), "he-rra-mien-tas");
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *m = marked(words[i]);
        CHECK(!strstr(m, "c-h") && !strstr(m, "l-l") && !strstr(m, "r-r"));
        CHECK(!strstr(m, "q-u") && !strstr(m, "g-ue") && !strstr(m, "g-ui"));
    }
}

TEST(test_no_lone_vowel)
{
    /* RAE: abue-lo, not a-buelo; ile-gible, not i-legible */
    CHECK_EQ_STR(marked("abuela"), "abue-la");
    CHECK_EQ_STR(marked("ilegible"), "ile-gi-ble");
    CHECK_EQ_STR(marked("obedecer"), "obe-de-cer");
    /* ate-o would leave o alone (and split a hiatus): no break at all */
    CHECK_EQ_INT(npoints("ateo"), 0);
    CHECK_EQ_INT(npoints("ateos"), 0);
    CHECK_EQ_STR(marked("aéreo"), "aé-reo");
    /* 2 letters a side: a leading h-syllable is fine (hi-dratante) */
    CHECK_EQ_STR(marked("hidratante"), "hi-dra-tan-te");
}

TEST(test_vowel_sequences_never_split)
{
    /* RAE 2010: diphthong, triphthong or hiatus, never at a line end */
    CHECK_EQ_STR(marked("suerte"), "suer-te");
    CHECK_EQ_STR(marked("teatro"), "tea-tro");
    CHECK_EQ_STR(marked("poeta"), "poe-ta");
    CHECK_EQ_STR(marked("países"), "paí-ses");
    CHECK_EQ_STR(marked("cooperativas"), "coope-ra-ti-vas");
    CHECK_EQ_STR(marked("extraordinarias"), "ex-traor-di-na-rias"); /* patterns: ex-tra-or- */
    CHECK_EQ_STR(marked("infraestructura"), "in-fraes-truc-tu-ra");  /* patterns: in-fra-es- */
}

TEST(test_h_intercalated)
{
    /* the h does not separate the vowels: cohe-ren-cia, not co-he-ren-cia */
    CHECK_EQ_STR(marked("coherencia"), "cohe-ren-cia");
    CHECK_EQ_STR(marked("prohibir"), "prohi-bir");
    CHECK_EQ_STR(marked("rehabilitación"), "reha-bi-li-ta-ción");
    CHECK_EQ_STR(marked("zanahoria"), "za-naho-ria");
    /* after a consonant the h opens the syllable (prefix des-) */
    CHECK_EQ_STR(marked("deshacer"), "des-ha-cer");
    CHECK_EQ_STR(marked("exhibición"), "exhi-bi-ción"); /* not ex-hi- */
}

TEST(test_short_words)
{
    CHECK_EQ_INT(npoints("casa"), 0);
    CHECK_EQ_INT(npoints("cosa"), 0);
    CHECK_EQ_INT(npoints("ella"), 0);
    CHECK_EQ_INT(npoints("Chile"), 1); /* 5 letters: Chi-le */
    CHECK_EQ_STR(marked("Chile"), "Chi-le");
    CHECK_EQ_INT(npoints("«casa»,"), 0); /* punctuation is not letters */
}

TEST(test_acronyms)
{
    CHECK_EQ_INT(npoints("SERCOTEC"), 0);
    CHECK_EQ_INT(npoints("CORFO"), 0);
    CHECK_EQ_INT(npoints("PYMES"), 0);
    CHECK_EQ_INT(npoints("(SERCOTEC)."), 0);
    CHECK_EQ_INT(npoints("INDAP,"), 0);
    /* written as a name it is a word */
    CHECK_EQ_STR(marked("Sercotec"), "Ser-co-tec");
}

TEST(test_numbers)
{
    CHECK_EQ_INT(npoints("1952"), 0);
    CHECK_EQ_INT(npoints("2.854.027,65"), 0);
    CHECK_EQ_INT(npoints("26,1"), 0);
    CHECK_EQ_INT(npoints("1952-2025"), 0);
    CHECK_EQ_INT(npoints("Sub-20"), 0);
    CHECK_EQ_INT(npoints("desarrollo2025"), 0);
    CHECK_EQ_INT(npoints("N.º"), 0);
}

TEST(test_compound_breaks_only_at_its_hyphen)
{
    hyph_point p[8];
    const char *w = "chileno-estadounidense";
    int n = hyphenator_points(hy, w, strlen(w), p, 8);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(p[0].offset, 8); /* after the hyphen: "chileno-" / "estadounidense" */
    CHECK_EQ_INT(p[0].kind, HYPH_EXPLICIT);
    CHECK_EQ_STR(marked("teórico-práctico"), "teórico-|práctico");
    CHECK_EQ_STR(marked("económico-social-cultural"), "económico-|social-|cultural");
    CHECK_EQ_STR(marked("«franco-chileno»,"), "«franco-|chileno»,");
    /* 2 letters a side still: e-mail is not broken */
    CHECK_EQ_INT(npoints("e-mail"), 0);
    CHECK_EQ_STR(marked("ex-presidente"), "ex-|presidente");
    /* a hyphen at the edge is punctuation, not a compound */
    CHECK_EQ_INT(npoints("-ción"), 0);
    CHECK_EQ_STR(marked("pre-"), "pre-");
}

TEST(test_exceptions_override_patterns)
{
    /* the patterns' known errors (architecture.md): su-b-con-, su-bra- */
    CHECK_EQ_STR(marked("subcontratación"), "sub-con-tra-ta-ción");
    CHECK_EQ_STR(marked("subrayar"), "sub-ra-yar");
    CHECK_EQ_STR(marked("subrayado"), "sub-ra-ya-do");
    CHECK_EQ_STR(marked("subregional"), "sub-re-gio-nal");
    CHECK_EQ_STR(marked("subgerencias"), "sub-ge-ren-cias");
    CHECK_EQ_STR(marked("agrícola"), "agrí-co-la");     /* patterns: ag-rí- */
    CHECK_EQ_STR(marked("esenciales"), "esen-cia-les"); /* patterns: es-en- */
    CHECK_EQ_STR(marked("femeninos"), "fe-me-ni-nos");  /* patterns: fe-men-i- */
    CHECK_EQ_STR(marked("próximos"), "pró-xi-mos");     /* patterns: pr-óxi- */
    CHECK_EQ_STR(marked("RedSercotec"), "Red-Ser-co-tec");
    CHECK_EQ_STR(marked("mipymes"), "mi-py-mes");
    /* prefix in -r + r-: the RAE's obligatory division splits the rr,
     * which the patterns are never allowed to do */
    CHECK_EQ_STR(marked("interregional"), "in-ter-re-gio-nal");
    CHECK_EQ_STR(marked("carro"), "ca-rro");
    /* case-insensitive lookup, the word's own case kept */
    CHECK_EQ_STR(marked("Subrayar"), "Sub-ra-yar");
    CHECK_EQ_STR(marked("SubRAYAR"), "Sub-RA-YAR");
    CHECK_EQ_STR(marked("¡Subcontratación!"), "¡Sub-con-tra-ta-ción!");
    /* an entry without points: never broken */
    CHECK_EQ_INT(npoints("Williams"), 0);
}

TEST(test_accented_capitals)
{
    CHECK_EQ_STR(marked("éxito"), "éxi-to");
    CHECK_EQ_STR(marked("Éxito"), "Éxi-to");
    /* capitals with an accent are a word, not an acronym (acronyms have no tilde) */
    CHECK_EQ_STR(marked("ÉXITO"), "ÉXI-TO");
    CHECK_EQ_STR(marked("ECONÓMICO"), "ECO-NÓ-MI-CO");
    CHECK_EQ_STR(marked("Ángeles"), "Án-ge-les");
    CHECK_EQ_STR(marked("Últimos"), "Úl-ti-mos");
    CHECK_EQ_STR(marked("Ñuñoa"), "Ñu-ñoa");
    /* the lookup lower-cases Í too */
    CHECK_EQ_STR(marked("AgrÍcola"), "AgrÍ-co-la");
    CHECK_EQ_STR(marked("AGRÍCOLA"), "AGRÍ-CO-LA");
}

TEST(test_punctuation_never_split_off)
{
    CHECK_EQ_STR(marked("«desarrollo»,"), "«de-sa-rro-llo»,");
    CHECK_EQ_STR(marked("(¿Cooperativas?)"), "(¿Coope-ra-ti-vas?)");
    CHECK_EQ_STR(marked("“emprendimientos”."), "“em-pren-di-mien-tos”.");
    CHECK_EQ_STR(marked("¡asociatividad!;"), "¡aso-cia-ti-vi-dad!;");
    CHECK_EQ_STR(marked("industrialización:"), "in-dus-tria-li-za-ción:");
    /* a non-letter inside the word: not broken */
    CHECK_EQ_INT(npoints("O'Higgins"), 0);
    CHECK_EQ_INT(npoints("O’Higgins"), 0);
    CHECK_EQ_INT(npoints("www.sercotec.cl"), 0);
    CHECK_EQ_INT(npoints("«»"), 0);
    CHECK_EQ_INT(npoints("..."), 0);
}

TEST(test_book_words)
{
    CHECK_EQ_STR(marked("industrialización"), "in-dus-tria-li-za-ción");
    CHECK_EQ_STR(marked("asociatividad"), "aso-cia-ti-vi-dad");
    CHECK_EQ_STR(marked("emprendimientos"), "em-pren-di-mien-tos");
    CHECK_EQ_STR(marked("descentralización"), "des-cen-tra-li-za-ción");
    CHECK_EQ_STR(marked("institucionalización"), "ins-ti-tu-cio-na-li-za-ción");
    CHECK_EQ_STR(marked("internacionalización"), "in-ter-na-cio-na-li-za-ción");
    CHECK_EQ_STR(marked("fortalecimiento"), "for-ta-le-ci-mien-to");
    CHECK_EQ_STR(marked("Coyhaique"), "Coy-hai-que");
    /* prefix divisions the RAE allows are kept (des-/aceleración) */
    CHECK_EQ_STR(marked("desaceleración"), "des-ace-le-ra-ción");
}

TEST(test_limits)
{
    hyph_point p[2];
    const char *w = "industrialización";
    CHECK_EQ_INT(hyphenator_points(hy, w, strlen(w), p, 2), 2);
    CHECK_EQ_INT(p[0].offset, 2);
    CHECK_EQ_INT(p[1].offset, 5);
    CHECK_EQ_INT(hyphenator_points(hy, w, strlen(w), p, 0), 0);
    CHECK_EQ_INT(hyphenator_points(NULL, w, strlen(w), p, 2), 0);
    CHECK_EQ_INT(hyphenator_points(hy, "", 0, p, 2), 0);
    /* only len bytes are read: "industrial" of "industrialización" */
    CHECK_EQ_INT(hyphenator_points(hy, w, 10, p, 2), 2);
    CHECK_EQ_INT(p[1].offset, 5);
    /* invalid UTF-8 is not a letter: no break, no crash */
    CHECK_EQ_INT(npoints("desa\xff" "rrollo"), 0);
    /* a long word takes the heap path */
    {
        const char *longw = "internacionalizaciónanticonstitucionalmentedescentralizaciónindustrialización";
        hyph_point q[64];
        int n = hyphenator_points(hy, longw, strlen(longw), q, 64);
        CHECK(n > 20);
        CHECK(strlen(longw) > 64);
    }
}

/* Every word of the book: the points obey the rules whatever the patterns say. */
TEST(test_book_invariants)
{
    FILE *f = fopen(BOOK, "r");
    char word[512];
    int words = 0, broken = 0;
    if (!f) {
        fprintf(stderr, "note: %s not found; book invariants skipped\n", BOOK);
        return;
    }
    while (fscanf(f, "%511s", word) == 1) {
        hyph_point p[64];
        size_t len = strlen(word);
        int n = hyphenator_points(hy, word, len, p, 64), letters = 0;
        int digit = strpbrk(word, "0123456789") != NULL;
        words++;
        if (n) broken++;
        if (digit) CHECK_EQ_INT(n, 0);
        for (size_t i = 0; i < len; i++)
            if (((unsigned char)word[i] & 0xC0) != 0x80 &&
                (((word[i] | 0x20) >= 'a' && (word[i] | 0x20) <= 'z') || (unsigned char)word[i] >= 0xC3))
                letters++;
        if (letters <= 4) CHECK_EQ_INT(n, 0);
        for (int i = 0; i < n; i++) {
            size_t o = p[i].offset;
            char a = (char)(word[o - 1] | 0x20), b = (char)(word[o] | 0x20);
            CHECK(o >= 2 && o + 2 <= len);
            CHECK(((unsigned char)word[o] & 0xC0) != 0x80);
            CHECK(!(a == 'c' && b == 'h') && !(a == 'l' && b == 'l'));
            if (p[i].kind == HYPH_SOFT && a == 'r' && b == 'r') {
                fprintf(stderr, "rr split in '%s'\n", word);
                CHECK(0);
            }
            if (p[i].kind == HYPH_EXPLICIT) CHECK(word[o - 1] == '-');
        }
    }
    fclose(f);
    CHECK(words > 15000);
    CHECK(broken > 5000);
}

int main(void)
{
    diag_init(&load_diags);
    hy = hyphenator_new(PATTERNS, EXCEPTIONS, &load_diags);
    if (!hy) {
        diag_print(&load_diags, stderr);
        fprintf(stderr, "cannot load %s (run from the repository root)\n", PATTERNS);
        diag_free(&load_diags);
        return 1;
    }
    RUN(test_loads_repo_files_cleanly);
    RUN(test_missing_files);
    RUN(test_exceptions_file_problems);
    RUN(test_exceptions_hash_table_grows);
    RUN(test_digraphs_never_split);
    RUN(test_no_lone_vowel);
    RUN(test_vowel_sequences_never_split);
    RUN(test_h_intercalated);
    RUN(test_short_words);
    RUN(test_acronyms);
    RUN(test_numbers);
    RUN(test_compound_breaks_only_at_its_hyphen);
    RUN(test_exceptions_override_patterns);
    RUN(test_accented_capitals);
    RUN(test_punctuation_never_split_off);
    RUN(test_book_words);
    RUN(test_limits);
    RUN(test_book_invariants);
    hyphenator_free(hy);
    diag_free(&load_diags);
    return TEST_REPORT();
}
