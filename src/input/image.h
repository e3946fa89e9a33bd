/* image.h - checking a figure's image before anything trusts it.
 *
 * libharu hands PNG files to libpng without an error handler of its own, so
 * a damaged PNG aborts the whole process. Every image is therefore read
 * here first: PNG chunk by chunk (lengths, CRCs, IHDR values, a palette
 * where one is needed, the IDAT stream inflated to its exact size), JPEG
 * marker by marker to its end-of-image marker. The file's size and the
 * image's dimensions are limited (base/bounds.h). Only images that pass
 * reach the PDF writer; the others are errors with the figure's place. */
#ifndef FOLIO_IMAGE_H
#define FOLIO_IMAGE_H

#include <stddef.h>

typedef struct image_info {
    long width, height;
    int is_png;
    int color;           /* RGB, palette or CMYK pixels (a PDF/X edition converts them to CMYK) */
} image_info;

/* Returns 0 and fills info when the file is a PNG or JPEG folio can embed;
 * otherwise -1 with the reason in why. */
int image_check(const char *path, image_info *info, char *why, size_t cap);

#endif
