/* main.c - the folio command line.
 *
 *   folio build [-l LAYOUT] [-o OUT.pdf] [--trace FILE] [MANUSCRIPT]
 *   folio check [-l LAYOUT] [MANUSCRIPT]
 *   folio cover [-l LAYOUT] [-o OUT.pdf] [MANUSCRIPT]
 *
 * Exit status: 0 ok, 1 manuscript or layout errors, 2 usage, 3 I/O or
 * internal error. Diagnostics go to stderr as "file:line:col: error: …". */
#include <stdio.h>
#include <string.h>

#include "build.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: folio build [-l LAYOUT] [-o OUT.pdf] [--trace FILE] [--strict] [--cover] [-v] [MANUSCRIPT]\n"
            "       folio check [-l LAYOUT] [--strict] [MANUSCRIPT]\n"
            "       folio cover [-l LAYOUT] [-o OUT.pdf] [-v] [MANUSCRIPT]\n"
            "       folio --help | --version\n"
            "\n"
            "  build   typeset MANUSCRIPT (default book/book.xml) with LAYOUT (default\n"
            "          layout/print.xml) into OUT.pdf (default out/<slug of the title>.pdf)\n"
            "  check   validate and lay out the book, report every problem, write nothing\n"
            "  cover   lay out the book to count its pages and write its cover: back, spine\n"
            "          and front (default out/<slug of the title>-cover.pdf)\n"
            "\n"
            "  -l, --layout FILE   the page and style specification\n"
            "  -o, --output FILE   where to write the PDF (written to FILE.tmp, then renamed)\n"
            "      --trace FILE    also write the page model as text (for golden tests)\n"
            "      --strict        refuse notes whose text is still missing (<note n=\"12\"/>)\n"
            "      --cover         also write the cover, beside OUT.pdf as OUT-cover.pdf\n"
            "  -v, --verbose       say what was written\n"
            "\n"
            "exit status: 0 ok, 1 manuscript or layout errors, 2 usage, 3 I/O or internal error\n");
}

int main(int argc, char **argv)
{
    build_opts o = {.manuscript = "book/book.xml", .layout = "layout/print.xml"};
    if (argc < 2) {
        usage(stderr);
        return BUILD_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("folio %s\n", FOLIO_VERSION_STRING);
        return 0;
    }
    if (!strcmp(argv[1], "check")) o.check_only = 1;
    else if (!strcmp(argv[1], "cover")) o.cover = 2;
    else if (strcmp(argv[1], "build") != 0) {
        fprintf(stderr, "folio: unknown command \"%s\"\n", argv[1]);
        usage(stderr);
        return BUILD_USAGE;
    }
    int have_manuscript = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "-l") || !strcmp(a, "--layout")) && i + 1 < argc) o.layout = argv[++i];
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc && o.cover == 2) o.cover_out = argv[++i];
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc && !o.check_only) o.out = argv[++i];
        else if (!strcmp(a, "--cover") && !o.check_only && !o.cover) o.cover = 1;
        else if (!strcmp(a, "--trace") && i + 1 < argc) o.trace = argv[++i];
        else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) o.verbose = 1;
        else if (!strcmp(a, "--strict")) o.strict = 1;
        else if (!strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "folio: unknown or incomplete option \"%s\"\n", a);
            usage(stderr);
            return BUILD_USAGE;
        } else if (!have_manuscript) {
            o.manuscript = a;
            have_manuscript = 1;
        } else {
            fprintf(stderr, "folio: one manuscript at a time (\"%s\" is extra)\n", a);
            return BUILD_USAGE;
        }
    }
    diag_sink d;
    diag_init(&d);
    int pages = 0;
    int rc = build_run(&o, &d, &pages);
    diag_print(&d, stderr);
    if (rc == BUILD_INPUT_ERRORS)
        fprintf(stderr, "folio: %d error%s; no PDF written\n", d.errors, d.errors == 1 ? "" : "s");
    diag_free(&d);
    return rc;
}
