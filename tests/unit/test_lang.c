/* test_lang.c - languages: built-in words and dates (input/lang), a layout's
 * words over them (input/layout), hyphenation per language (text/hyphenate:
 * English, German's ISO 8859-1 patterns, the dictionary lookup, compounds),
 * the shaper keyed by language, and "did you mean" (base/suggest). Run from
 * the repository root (layout/print.xml). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/path.h"
#include "base/suggest.h"
#include "engine.h"
#include "input/lang.h"
#include "testhelp.h"

static const char *marked(const hyphenator *h, const char *w)
{
    static char out[256];
    hyph_point p[32];
    size_t len = strlen(w), o = 0;
    int n = hyphenator_points(h, w, len, p, 32), j = 0;
    for (size_t i = 0; i < len && o + 3 < sizeof out; i++) {
        if (j < n && p[j].offset == i) out[o++] = p[j++].kind == HYPH_EXPLICIT ? '|' : '-';
        out[o++] = w[i];
    }
    out[o] = 0;
    return out;
}

static hyphenator *load(const char *lang, diag_sink *d)
{
    char path[4096];
    diag_loc none = {0};
    if (hyphenator_find_patterns(lang, FOLIO_HYPHEN_DIR, path, sizeof path) != 0) return NULL;
    return hyphenator_new_lang(lang, path, none, NULL, none, d);
}

TEST(test_dates)
{
    char buf[128];
    lang_format_date(lang_builtin("es"), "2026-03-15", buf, sizeof buf);
    CHECK_EQ_STR(buf, "15 de marzo de 2026");
    lang_format_date(lang_builtin("en-GB"), "2026-03-15", buf, sizeof buf);
    CHECK_EQ_STR(buf, "15 March 2026");
    lang_format_date(lang_builtin("es-CL"), "2025-12-01", buf, sizeof buf);
    CHECK_EQ_STR(buf, "1 de diciembre de 2025");
    lang_format_date(lang_builtin("es"), "2025-12", buf, sizeof buf);
    CHECK_EQ_STR(buf, "diciembre de 2025");
    lang_format_date(lang_builtin("en"), "2025", buf, sizeof buf);
    CHECK_EQ_STR(buf, "2025");
    lang_format_date(lang_builtin("en"), "2025-13-01", buf, sizeof buf); /* not a date: as it is */
    CHECK_EQ_STR(buf, "2025-13-01");
    CHECK(lang_builtin("de") == NULL);
    CHECK_EQ_STR(lang_builtin("EN-us")->word[LW_CONTENTS], "Contents");
    CHECK_EQ_STR(lang_builtin("es")->word[LW_SOURCE], "Fuente:");
}

TEST(test_layout_words)
{
    /* print.xml gives no words: the built-in ones */
    lang_words w;
    int own = -1;
    layout_words_for(lay, "en", "en", &w, &own);
    CHECK_EQ_STR(w.word[LW_INDEX], "Index");
    CHECK_EQ_INT(own, 1);
    layout_words_for(lay, "de", "en", &w, &own); /* a language without words: the book's */
    CHECK_EQ_STR(w.word[LW_INDEX], "Index");
    CHECK_EQ_INT(own, 0);
    layout_words_for(lay, "de", "es", &w, &own);
    CHECK_EQ_STR(w.word[LW_INDEX], "Índice analítico");
    /* a layout's words: for every language, for en, for en-US alone */
    char path[] = "/tmp/folio-lang-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "<layout name=\"t\"><page width=\"170mm\" height=\"240mm\" inner=\"20mm\" outer=\"20mm\" top=\"20mm\" bottom=\"20mm\"/>"
               "<family name=\"serif\" regular=\"%s/fonts/NotoSerif-Regular.ttf\"/>"
               "<style name=\"body\" family=\"serif\" size=\"10pt\" leading=\"12pt\"/>"
               "<labels page=\"pág.\"/><labels xml:lang=\"en\" index=\"Index of Names\"/>"
               "<labels xml:lang=\"en-US\" date=\"{month} {d}, {y}\"/>"
               "<labels xml:lang=\"de\" index=\"Register\" months=\"Januar Februar März April Mai Juni Juli August September Oktober November Dezember\" date=\"{d}. {month} {y}\"/>"
               "<quotes xml:lang=\"de\" open1=\"„\" close1=\"“\"/></layout>",
            FOLIO_SOURCE_DIR);
    fclose(f);
    diag_sink d;
    diag_init(&d);
    layout *l = layout_load(path, &d);
    diag_print(&d, stderr);
    CHECK(l != NULL);
    if (l) {
        char buf[64];
        layout_words_for(l, "en-US", "en-US", &w, &own);
        CHECK_EQ_STR(w.word[LW_PAGE], "pág.");
        CHECK_EQ_STR(w.word[LW_INDEX], "Index of Names");
        CHECK_EQ_STR(w.word[LW_CONTENTS], "Contents");
        lang_format_date(&w, "2026-03-15", buf, sizeof buf);
        CHECK_EQ_STR(buf, "March 15, 2026");
        layout_words_for(l, "en-GB", "en-GB", &w, &own); /* en-US's date is en-US's alone */
        lang_format_date(&w, "2026-03-15", buf, sizeof buf);
        CHECK_EQ_STR(buf, "15 March 2026");
        layout_words_for(l, "de", "de", &w, &own);
        CHECK_EQ_INT(own, 1);
        CHECK_EQ_STR(w.word[LW_INDEX], "Register");
        CHECK_EQ_STR(w.quote_open[0], "„");
        lang_format_date(&w, "2026-03-15", buf, sizeof buf);
        CHECK_EQ_STR(buf, "15. März 2026");
        layout_free(l);
    }
    unlink(path);
    diag_free(&d);
}

TEST(test_hyphenation_per_language)
{
    diag_sink d;
    diag_init(&d);
    char path[4096];
    CHECK_EQ_INT(hyphenator_find_patterns("es-CL", FOLIO_HYPHEN_DIR, path, sizeof path), 0);
    CHECK_EQ_STR(path, FOLIO_HYPHEN_DIR "/hyph_es_CL.dic");
    CHECK_EQ_INT(hyphenator_find_patterns("es", FOLIO_HYPHEN_DIR, path, sizeof path), 0);
    CHECK_EQ_STR(path, FOLIO_HYPHEN_DIR "/hyph_es_ES.dic");
    CHECK_EQ_INT(hyphenator_find_patterns("la", FOLIO_HYPHEN_DIR, path, sizeof path), -1);
    hyphenator *en = load("en", &d), *es = load("es", &d), *de = load("de", &d);
    CHECK(en && es && de);
    CHECK_EQ_INT(d.count, 0);
    if (en && es && de) {
        /* the words: English patterns, not the Spanish ones */
        CHECK_EQ_STR(marked(en, "appropriate"), "ap-pro-pri-ate");
        CHECK_EQ_STR(marked(es, "appropriate"), "appro-pria-te");
        CHECK_EQ_STR(marked(en, "English"), "Eng-lish");
        CHECK_EQ_STR(marked(en, "superscripts"), "su-per-scripts");
        /* English keeps 3 letters after a break (RIGHTHYPHENMIN 3) and has no Spanish digraph rule */
        CHECK_EQ_STR(marked(en, "photography"), "pho-tog-ra-phy");
        /* German's patterns are ISO 8859-1: words with ä ö ü ß still break */
        CHECK_EQ_STR(marked(de, "Silbentrennung"), "Sil-ben-tren-nung");
        CHECK_EQ_STR(marked(de, "größer"), "grö-ßer");
        /* compounds: a repeated hyphen in Spanish, not in English */
        CHECK_EQ_STR(marked(en, "forty-five"), "forty-|five");
        CHECK(hyphenator_repeats_hyphen(es));
        CHECK(!hyphenator_repeats_hyphen(en));
        CHECK(!hyphenator_repeats_hyphen(de));
    }
    hyphenator_free(en);
    hyphenator_free(es);
    hyphenator_free(de);
    diag_free(&d);
}

TEST(test_shaper_by_language)
{
    /* the same word in two languages is shaped twice (HarfBuzz's language
     * chooses localised forms: Romanian ş is ș in Noto); in one, once */
    int serif = fontset_pick(&fs, 0, 0, 0);
    long distinct0, distinct1, lookups;
    shaper_stats(sh, &distinct0, &lookups);
    const shaped_word *ro = shaper_word_lang(sh, serif, "ro", "şase", strlen("şase"));
    const shaped_word *es = shaper_word_lang(sh, serif, "es", "şase", strlen("şase"));
    const shaped_word *ro2 = shaper_word_lang(sh, serif, "ro", "şase", strlen("şase"));
    shaper_stats(sh, &distinct1, &lookups);
    CHECK(ro != es);
    CHECK(ro == ro2);
    CHECK_EQ_INT(distinct1 - distinct0, 2);
    CHECK(shaper_word(sh, serif, "şase", strlen("şase")) == es); /* the default language is es */
}

TEST(test_suggest_and_paths)
{
    CHECK_EQ_INT(suggest_distance("chaptr", "chapter", 3), 1);
    CHECK_EQ_INT(suggest_distance("bulet", "bullet", 3), 1);
    CHECK_EQ_INT(suggest_distance("lead", "laed", 3), 1); /* a swap is one edit */
    suggest s;
    suggest_init(&s, "leed");
    suggest_add(&s, "body");
    suggest_add(&s, "lead");
    suggest_add(&s, "quote");
    CHECK_EQ_STR(suggest_best(&s), "lead");
    suggest_init(&s, "paragraph");
    suggest_add(&s, "p");
    CHECK(suggest_best(&s) == NULL); /* too far to be a slip */
    char p[256];
    path_join("/a/b/layout", "../fonts/X.ttf", p, sizeof p);
    CHECK_EQ_STR(p, "/a/b/fonts/X.ttf");
    path_join("book", "./chapters/../img/a.png", p, sizeof p);
    CHECK_EQ_STR(p, "book/img/a.png");
    path_join(".", "../x", p, sizeof p);
    CHECK_EQ_STR(p, "../x");
    path_dir("book.xml", p, sizeof p);
    CHECK_EQ_STR(p, ".");
}

int main(void)
{
    diag_sink d;
    diag_init(&d);
    if (engine_open(&d) != 0) return 1;
    RUN(test_dates);
    RUN(test_layout_words);
    RUN(test_hyphenation_per_language);
    RUN(test_shaper_by_language);
    RUN(test_suggest_and_paths);
    engine_close();
    diag_free(&d);
    return TEST_REPORT();
}
