/* test_keep.c - what a build keeps for the next (app/keep: the layout, its
 * fonts and shaper, the hyphenators) and the set of files a build read
 * (app/inputs). A kept layout serves again while its file is unchanged and
 * is loaded anew after an edit; the diagnostics made while loading are told
 * into every build's sink. Run from the repository root (layout/, fonts/). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/inputs.h"
#include "app/keep.h"
#include "testhelp.h"

static char dir[PATH_MAX];  /* a scratch book folder: layout/print.xml, fonts -> the repository's */
static char layout_path[PATH_MAX + 32];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    s[fread(s, 1, (size_t)n, f)] = 0;
    fclose(f);
    return s;
}

/* The scratch copy of layout/print.xml, its body size replaced by size. */
static void write_layout(const char *size)
{
    char *s = read_file("layout/print.xml");
    const char *key = "<style name=\"body\" family=\"serif\" size=\"10.5pt\"";
    char *at = strstr(s, key);
    CHECK(at != NULL);
    if (!at) return;
    FILE *f = fopen(layout_path, "w");
    fwrite(s, 1, (size_t)(at - s), f);
    fprintf(f, "<style name=\"body\" family=\"serif\" size=\"%s\"", size);
    fputs(at + strlen(key), f);
    fclose(f);
    free(s);
}

static void setup(void)
{
    char cwd[PATH_MAX], p[PATH_MAX + 64];
    snprintf(dir, sizeof dir, "/tmp/folio-test-keep.XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    snprintf(p, sizeof p, "%s/layout", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/fonts", dir);
    char fonts[PATH_MAX + 16];
    snprintf(fonts, sizeof fonts, "%s/fonts", cwd);
    CHECK(symlink(fonts, p) == 0);
    snprintf(p, sizeof p, "%s/layout/hyphenation-es.txt", dir);
    char *ex = read_file("layout/hyphenation-es.txt");
    write_file(p, ex);
    free(ex);
    snprintf(layout_path, sizeof layout_path, "%s/layout/print.xml", dir);
    write_layout("10.5pt");
}

static void teardown(void)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

TEST(test_layout_kept_while_unchanged)
{
    build_keep *k = keep_new();
    diag_sink d1, d2;
    diag_init(&d1);
    diag_init(&d2);
    const layout *a = keep_layout(k, layout_path, &d1);
    const fontset *fs1, *fs2;
    shaper *sh1, *sh2;
    CHECK(a != NULL);
    CHECK_EQ_INT(keep_fonts(k, &d1, &fs1, &sh1), 0);
    shaper_word(sh1, 0, "palabra", 7);
    const layout *b = keep_layout(k, layout_path, &d2);
    CHECK(a == b);
    CHECK_EQ_INT(keep_fonts(k, &d2, &fs2, &sh2), 0);
    CHECK(fs1 == fs2 && sh1 == sh2);
    long distinct, lookups;
    shaper_stats(sh2, &distinct, &lookups);
    CHECK_EQ_INT(distinct, 1); /* the word cache lives on */
    CHECK_EQ_INT(d1.count, d2.count);
    diag_free(&d1);
    diag_free(&d2);
    keep_free(k);
}

TEST(test_layout_loaded_again_after_an_edit)
{
    build_keep *k = keep_new();
    diag_sink d;
    diag_init(&d);
    const layout *a = keep_layout(k, layout_path, &d);
    CHECK(a && layout_style_get(a, "body")->size == FO_PT(10.5));
    const fontset *fs;
    shaper *sh;
    CHECK_EQ_INT(keep_fonts(k, &d, &fs, &sh), 0);
    shaper_word(sh, 0, "palabra", 7);
    write_layout("12pt");
    const layout *b = keep_layout(k, layout_path, &d);
    CHECK(b && layout_style_get(b, "body")->size == FO_PT(12));
    CHECK_EQ_INT(keep_fonts(k, &d, &fs, &sh), 0);
    long distinct, lookups;
    shaper_stats(sh, &distinct, &lookups);
    CHECK_EQ_INT(distinct, 0); /* fonts and shaper made again with the layout */
    write_layout("10.5pt");
    CHECK_EQ_INT(d.errors, 0);
    diag_free(&d);
    keep_free(k);
}

TEST(test_hyphenator_diagnostics_told_every_time)
{
    char ex[PATH_MAX + 64], pat[PATH_MAX];
    snprintf(ex, sizeof ex, "%s/exceptions.txt", dir);
    write_file(ex, "ca-sa\nx-yz\n"); /* the second: a break leaving one letter, a warning */
    CHECK(hyphenator_find_patterns("es", FOLIO_HYPHEN_DIR, pat, sizeof pat) == 0);
    build_keep *k = keep_new();
    diag_sink d1, d2;
    diag_init(&d1);
    diag_init(&d2);
    diag_loc none = {0};
    CHECK(keep_layout(k, layout_path, &d1) != NULL);
    int before1 = d1.warnings;
    const hyphenator *h1 = keep_hyphenator(k, "es", pat, none, ex, none, &d1);
    CHECK(keep_layout(k, layout_path, &d2) != NULL);
    int before2 = d2.warnings;
    const hyphenator *h2 = keep_hyphenator(k, "es", pat, none, ex, none, &d2);
    CHECK(h1 != NULL && h1 == h2);
    CHECK_EQ_INT(d1.warnings - before1, 1);
    CHECK_EQ_INT(d2.warnings - before2, 1);
    CHECK_EQ_STR(d2.entries[d2.count - 1].loc.file, ex);
    CHECK(d2.entries[d2.count - 1].loc.file != d1.entries[d1.count - 1].loc.file); /* each sink's own copy */
    /* another language, or other exceptions: another hyphenator */
    CHECK(keep_hyphenator(k, "es", pat, none, NULL, none, &d2) != h1);
    build_inputs in;
    inputs_init(&in);
    keep_add_inputs(k, &in);
    CHECK(inputs_has(&in, layout_path));
    CHECK(inputs_has(&in, ex));
    CHECK(inputs_has(&in, pat));
    inputs_free(&in);
    diag_free(&d1);
    diag_free(&d2);
    keep_free(k);
}

TEST(test_inputs_set)
{
    build_inputs in;
    inputs_init(&in);
    inputs_add(&in, "b/./c.xml");
    inputs_add(&in, "a.xml");
    inputs_add(&in, "b/c.xml");
    inputs_add(&in, "b/d/../c.xml");
    inputs_add(&in, NULL);
    inputs_add(&in, "");
    CHECK_EQ_INT(in.n, 2);
    CHECK_EQ_STR(in.paths[0], "a.xml");
    CHECK_EQ_STR(in.paths[1], "b/c.xml");
    build_inputs more;
    inputs_init(&more);
    inputs_add(&more, "0.xml");
    inputs_add(&more, "a.xml");
    inputs_merge(&in, &more);
    CHECK_EQ_INT(in.n, 3);
    CHECK_EQ_INT(more.n, 0);
    CHECK_EQ_STR(in.paths[0], "0.xml");
    inputs_free(&in);
}

int main(void)
{
    setup();
    RUN(test_layout_kept_while_unchanged);
    RUN(test_layout_loaded_again_after_an_edit);
    RUN(test_hyphenator_diagnostics_told_every_time);
    RUN(test_inputs_set);
    teardown();
    return TEST_REPORT();
}
