/* fuzz_manuscript.c - libFuzzer harness: manuscript bytes through the whole
 * build (see fuzzhelp.h), in the print edition (PDF/X with an output
 * profile: tests/layouts/print-cmyk.xml) or the screen one.
 *
 * The bytes become the features sample's book.xml in the private folder,
 * beside copies of its first chapters (so that XInclude has something to
 * include) and its index terms, and a link to its images (so that figures
 * reach the image checks and the PDF writer). */
#include "fuzzhelp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char book[4200], print[4200], screen[4200];
    if (!book[0]) {
        fuzz_copy("tests/samples/features/chapters/01.xml");
        fuzz_copy("tests/samples/features/chapters/02.xml");
        fuzz_copy("tests/samples/features/chapters/03.xml");
        fuzz_copy("tests/samples/features/index.xml");
        fuzz_link("tests/samples/features/img", "tests/samples/features/img");
        fuzz_path(book, sizeof book, fuzz_tmp(), "tests/samples/features/book.xml");
        fuzz_path(print, sizeof print, fuzz_root(), "tests/layouts/print-cmyk.xml");
        fuzz_path(screen, sizeof screen, fuzz_root(), "layout/screen.xml");
    }
    fuzz_write(book, data, size);
    /* both editions, chosen by the input itself (so that a reproducer replays
     * the same way): the print one PDF/X-1a with its colour conversions, the
     * screen one RGB with links */
    build_opts o = {.manuscript = book, .layout = size % 2 ? print : screen};
    fuzz_build(&o, data, size);
    return 0;
}
