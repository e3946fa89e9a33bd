/* main.c - the folio command line.
 *
 *   folio build [-l LAYOUT] [-o OUT.pdf|-] [--trace FILE] [--strict] [-v] [MANUSCRIPT]
 *   folio check [-l LAYOUT] [--strict] [MANUSCRIPT]
 *   folio cover [-l LAYOUT] [-o OUT.pdf] [-v] [MANUSCRIPT]
 *   folio watch [-l LAYOUT] [-o OUT.pdf] [--strict] [-v] [MANUSCRIPT]
 *   folio help [COMMAND] | --help | --version
 *
 * -h/--help and --version work anywhere, after a command too. Exit status:
 * 0 ok, 1 manuscript or layout errors, 2 usage, 3 I/O or internal error.
 * Diagnostics go to stderr as "file:line:col: error: …", or to stdout as a
 * JSON array with --diagnostic-format=json. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../base/suggest.h"
#include "build.h"
#include "watch.h"

static const char *const options[] = {"--layout", "--output", "--trace", "--strict", "--verbose", "--help",
                                      "--version", "--diagnostic-format", "--proof", "--cover", NULL};

static void usage_build(FILE *out)
{
    fprintf(out,
            "usage: folio build [-l LAYOUT] [-o OUT.pdf | -o -] [--trace FILE] [--strict] [--cover] [-v]\n"
            "                   [--diagnostic-format=text|json] [MANUSCRIPT]\n"
            "\n"
            "Typeset MANUSCRIPT into a PDF.\n"
            "\n"
            "  MANUSCRIPT          the book's root file (default: book.xml here, else book/book.xml)\n"
            "  -l, --layout FILE   a layout file, or a layout's name (print, screen) looked for in a\n"
            "                      layout/ folder beside the manuscript, then in folio's installed\n"
            "                      layouts (default: print)\n"
            "  -o, --output FILE   where to write the PDF (written to FILE.tmp, then renamed);\n"
            "                      - writes it to standard output (default: out/<slug of the\n"
            "                      title>.pdf in the manuscript's folder)\n"
            "      --trace FILE    also write the page model as text (for golden tests)\n"
            "      --strict        refuse notes whose text is still missing (<note n=\"12\"/>)\n"
            "      --cover         also write the cover, beside OUT.pdf as OUT-cover.pdf\n"
            "  -v, --verbose       say what was written\n"
            "      --diagnostic-format=json   problems as a JSON array on standard output\n");
}

static void usage_cover(FILE *out)
{
    fprintf(out,
            "usage: folio cover [-l LAYOUT] [-o OUT.pdf] [-v] [--diagnostic-format=text|json] [MANUSCRIPT]\n"
            "\n"
            "Lay out the book to count its pages, then write its cover: back, spine and front\n"
            "side by side, sized from the page count and the layout's <cover>.\n"
            "\n"
            "  MANUSCRIPT          the book's root file (default: book.xml here, else book/book.xml)\n"
            "  -l, --layout FILE   a layout file, or a layout's name (print, screen)\n"
            "  -o, --output FILE   where to write the cover (default: out/<slug>-cover.pdf)\n"
            "  -v, --verbose       say what was written\n");
}

static void usage_watch(FILE *out)
{
    fprintf(out,
            "usage: folio watch [-l LAYOUT] [-o OUT.pdf] [--strict] [-v] [MANUSCRIPT]\n"
            "\n"
            "Build the PDF, then build it again whenever the manuscript, a file it includes,\n"
            "a figure, the index's term list, the layout or a file the layout names is saved.\n"
            "Each build prints one line: the time, how long it took and the pages that\n"
            "changed. A build with errors prints them and keeps the last PDF; the watch goes\n"
            "on until Ctrl-C (exit status 0).\n"
            "\n"
            "  MANUSCRIPT          the book's root file (default: book.xml here, else book/book.xml)\n"
            "  -l, --layout FILE   a layout file, or a layout's name (print, screen)\n"
            "  -o, --output FILE   where to write the PDF (default: out/<slug of the title>.pdf\n"
            "                      in the manuscript's folder)\n"
            "      --strict        refuse notes whose text is still missing\n"
            "  -v, --verbose       say what was written\n");
}

static void usage_check(FILE *out)
{
    fprintf(out,
            "usage: folio check [-l LAYOUT] [--strict] [--proof] [--diagnostic-format=text|json] [MANUSCRIPT]\n"
            "\n"
            "Validate and lay out the book, report every problem, write nothing; the last line\n"
            "sums up (pages, errors, warnings).\n"
            "\n"
            "  MANUSCRIPT          the book's root file (default: book.xml here, else book/book.xml)\n"
            "  -l, --layout FILE   a layout file, or a layout's name (print, screen)\n"
            "      --strict        refuse notes whose text is still missing\n"
            "      --proof         the proofreading report too: the manuscript's typographic\n"
            "                      inconsistencies (hyphens as rayas or minus signs, ranges with a\n"
            "                      hyphen and with an en dash, %% and $ spaced both ways, N° and N.º,\n"
            "                      spaced hyphens in titles, note calls before and after the\n"
            "                      punctuation, four-digit numbers with and without a point), each\n"
            "                      at its file:line:col, and their counts; nothing is changed\n"
            "      --diagnostic-format=json   problems as a JSON array on standard output\n");
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: folio build [-l LAYOUT] [-o OUT.pdf | -o -] [--trace FILE] [--strict] [-v] [MANUSCRIPT]\n"
            "       folio check [-l LAYOUT] [--strict] [--proof] [MANUSCRIPT]\n"
            "       folio cover [-l LAYOUT] [-o OUT.pdf] [-v] [MANUSCRIPT]\n"
            "       folio watch [-l LAYOUT] [-o OUT.pdf] [--strict] [-v] [MANUSCRIPT]\n"
            "       folio help [build | check | cover | watch]\n"
            "       folio --help | --version\n"
            "\n"
            "  build   typeset MANUSCRIPT (default book.xml, else book/book.xml) with LAYOUT\n"
            "          (default print) into OUT.pdf (default out/<slug of the title>.pdf beside\n"
            "          the manuscript)\n"
            "  check   validate and lay out the book, report every problem, write nothing\n"
            "  cover   lay out the book to count its pages and write its cover: back, spine\n"
            "          and front (default out/<slug of the title>-cover.pdf)\n"
            "  watch   build, then build again after every save of the book's files (Ctrl-C stops)\n"
            "\n"
            "  -l, --layout FILE   the page and style specification, a file or a name (print, screen)\n"
            "  -o, --output FILE   where to write the PDF (- for standard output)\n"
            "      --trace FILE    also write the page model as text (for golden tests)\n"
            "      --strict        refuse notes whose text is still missing (<note n=\"12\"/>)\n"
            "      --cover         also write the cover (build)\n"
            "  -v, --verbose       say what was written\n"
            "      --diagnostic-format=text|json   how problems are reported (json: an array on stdout)\n"
            "  -h, --help          this help (after a command: that command's)\n"
            "      --version       folio's version\n"
            "\n"
            "exit status: 0 ok, 1 manuscript or layout errors, 2 usage, 3 I/O or internal error\n"
            "See folio(1), and docs/manuscript.md and docs/layout.md.\n");
}

static void usage_of(const char *cmd, FILE *out)
{
    if (cmd && !strcmp(cmd, "build")) usage_build(out);
    else if (cmd && !strcmp(cmd, "check")) usage_check(out);
    else if (cmd && !strcmp(cmd, "cover")) usage_cover(out);
    else if (cmd && !strcmp(cmd, "watch")) usage_watch(out);
    else usage(out);
}

/* An unknown option, with the nearest known one. */
static int bad_option(const char *cmd, const char *a)
{
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a);
    suggest sg;
    suggest_init(&sg, name);
    for (int i = 0; options[i]; i++) suggest_add(&sg, options[i]);
    char hint[128];
    fprintf(stderr, "folio: unknown or incomplete option \"%s\"%s\n", a, suggest_hint(&sg, hint, sizeof hint));
    usage_of(cmd, stderr);
    return BUILD_USAGE;
}

int main(int argc, char **argv)
{
    build_opts o = {0};
    proof_summary proof = {{{0}}, {0}, 0};
    int json = 0;
    if (argc < 2) {
        usage(stderr);
        return BUILD_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("folio %s\n", FOLIO_VERSION_STRING);
        return 0;
    }
    if (!strcmp(cmd, "help")) {
        usage_of(argc > 2 ? argv[2] : NULL, stdout);
        return 0;
    }
    int watch = 0;
    if (!strcmp(cmd, "check")) o.check_only = 1;
    else if (!strcmp(cmd, "cover")) o.cover = 2;
    else if (!strcmp(cmd, "watch")) watch = 1;
    else if (strcmp(cmd, "build") != 0) {
        suggest sg;
        suggest_init(&sg, cmd);
        suggest_add(&sg, "build");
        suggest_add(&sg, "check");
        suggest_add(&sg, "cover");
        suggest_add(&sg, "watch");
        suggest_add(&sg, "help");
        char hint[128];
        fprintf(stderr, "folio: unknown command \"%s\"%s\n", cmd, suggest_hint(&sg, hint, sizeof hint));
        usage(stderr);
        return BUILD_USAGE;
    }
    /* help and version first, wherever they are: "folio check -h" never runs a check */
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage_of(cmd, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("folio %s\n", FOLIO_VERSION_STRING);
            return 0;
        }
    }
    int have_manuscript = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int has_next = i + 1 < argc;
        if ((!strcmp(a, "-l") || !strcmp(a, "--layout")) && has_next) o.layout = argv[++i];
        else if (!strncmp(a, "--layout=", 9)) o.layout = a + 9;
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_next && o.cover == 2) o.cover_out = argv[++i];
        else if (!strncmp(a, "--output=", 9) && o.cover == 2) o.cover_out = a + 9;
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && has_next && !o.check_only) o.out = argv[++i];
        else if (!strncmp(a, "--output=", 9) && !o.check_only) o.out = a + 9;
        else if (!strcmp(a, "--trace") && has_next && !watch) o.trace = argv[++i];
        else if (!strcmp(a, "--cover") && !o.check_only && !o.cover && !watch) o.cover = 1;
        else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) o.verbose = 1;
        else if (!strcmp(a, "--strict")) o.strict = 1;
        else if (!strcmp(a, "--proof") && o.check_only) o.proof = &proof;
        else if (!strncmp(a, "--diagnostic-format", 19) && (a[19] == '=' || (a[19] == 0 && has_next)) && !watch) {
            const char *f = a[19] == '=' ? a + 20 : argv[++i];
            if (!strcmp(f, "json")) json = 1;
            else if (!strcmp(f, "text")) json = 0;
            else {
                fprintf(stderr, "folio: --diagnostic-format is text or json, not \"%s\"\n", f);
                return BUILD_USAGE;
            }
        } else if (a[0] == '-' && a[1]) {
            return bad_option(cmd, a);
        } else if (!have_manuscript) {
            o.manuscript = a;
            have_manuscript = 1;
        } else {
            fprintf(stderr, "folio: one manuscript at a time (\"%s\" is extra)\n", a);
            return BUILD_USAGE;
        }
    }
    if (json && o.out && !strcmp(o.out, "-")) {
        fprintf(stderr, "folio: -o - and --diagnostic-format=json would both write to standard output\n");
        return BUILD_USAGE;
    }
    if (watch && o.out && !strcmp(o.out, "-")) {
        fprintf(stderr, "folio: watch writes a file, not standard output (-o -)\n");
        return BUILD_USAGE;
    }
    if (!have_manuscript) {
        /* run from a book's own folder: its book.xml; from a repository like folio's: book/book.xml */
        o.manuscript = access("book.xml", F_OK) == 0 ? "book.xml" : "book/book.xml";
        if (access(o.manuscript, F_OK) != 0) {
            fprintf(stderr, "folio: no manuscript given, and neither book.xml nor book/book.xml is here\n");
            usage_of(cmd, stderr);
            return BUILD_USAGE;
        }
    }
    if (watch) return watch_run(&o);
    diag_sink d;
    diag_init(&d);
    int pages = 0;
    int rc = build_run(&o, &d, &pages);
    if (json) diag_print_json(&d, stdout);
    else diag_print(&d, stderr);
    if (o.proof) {
        char line[1024];
        proof_summary_line(o.proof, line, sizeof line);
        fprintf(stderr, "folio: proofreading report: %s\n", line);
    }
    if (o.check_only) {
        /* check always ends with one line that sums up */
        if (rc == BUILD_OK)
            fprintf(stderr, "folio: check %s: %d page%s, no errors, %d warning%s\n", o.manuscript, pages,
                    pages == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
        else
            fprintf(stderr, "folio: check %s: %d error%s, %d warning%s\n", o.manuscript, d.errors, d.errors == 1 ? "" : "s",
                    d.warnings, d.warnings == 1 ? "" : "s");
    } else if (rc == BUILD_INPUT_ERRORS)
        fprintf(stderr, "folio: %d error%s; no PDF written\n", d.errors, d.errors == 1 ? "" : "s");
    diag_free(&d);
    return rc;
}
