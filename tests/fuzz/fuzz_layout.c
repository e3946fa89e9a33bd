/* fuzz_layout.c - libFuzzer harness: layout bytes through the whole build
 * (see fuzzhelp.h), with the features sample as the manuscript.
 *
 * The bytes become layout/fuzz.xml in the private folder, beside a copy of
 * the hyphenation exceptions and with ../fonts a link to the repository's
 * fonts: the paths layout/print.xml uses. */
#include "fuzzhelp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char layout[4200], book[4200];
    if (!layout[0]) {
        fuzz_copy("layout/hyphenation-es.txt");
        fuzz_link("fonts", "fonts");
        fuzz_path(layout, sizeof layout, fuzz_tmp(), "layout/fuzz.xml");
        fuzz_path(book, sizeof book, fuzz_root(), "tests/samples/features/book.xml");
    }
    fuzz_write(layout, data, size);
    build_opts o = {.manuscript = book, .layout = layout};
    fuzz_build(&o, data, size);
    return 0;
}
