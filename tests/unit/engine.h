/* engine.h - the print layout, its fonts and a shaper, for the unit tests
 * that need real metrics (paragraphs, shaping, pages, tables). Run the tests
 * from the repository root: layout/print.xml names fonts/ relative to itself. */
#ifndef FOLIO_TEST_ENGINE_H
#define FOLIO_TEST_ENGINE_H

#include <stdio.h>

#include "base/diag.h"
#include "input/layout.h"
#include "text/font.h"
#include "text/hyphenate.h"
#include "text/shape.h"

static layout *lay;
static fontset fs;
static shaper *sh;

/* Load layout/print.xml and its fonts; on failure print why and return -1. */
static int engine_open(diag_sink *d)
{
    lay = layout_load("layout/print.xml", d);
    if (!lay || fontset_load(&fs, lay, d) != 0) {
        diag_print(d, stderr);
        fprintf(stderr, "run from the repository root\n");
        return -1;
    }
    sh = shaper_new(&fs);
    return 0;
}

/* The print layout's Spanish hyphenator: the patterns Debian installs for es
 * (hyphen-es) and the layout's exceptions list. NULL (reported) on failure. */
static inline hyphenator *engine_spanish(diag_sink *d)
{
    const struct layout_hyph *h = layout_hyph_for(lay, "es");
    char patterns[4096];
    if (hyphenator_find_patterns("es", FOLIO_HYPHEN_DIR, patterns, sizeof patterns) != 0) return NULL;
    diag_loc none = {0};
    return hyphenator_new_lang("es", patterns, none, h ? h->exceptions : NULL, none, d);
}

static void engine_close(void)
{
    shaper_free(sh);
    fontset_free(&fs);
    layout_free(lay);
}

#endif
