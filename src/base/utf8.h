/* utf8.h - decoding and encoding UTF-8 (the manuscript's and the PDF's encoding). */
#ifndef FOLIO_UTF8_H
#define FOLIO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available). Stores its length in *len
 * (at least 1). Invalid sequences decode as U+FFFD with length 1. */
uint32_t utf8_decode(const char *s, size_t n, int *len);
/* Encode cp into out (4 bytes room); returns the number of bytes. */
int utf8_encode(uint32_t cp, char *out);
/* Number of code points in s[0..n). */
size_t utf8_count(const char *s, size_t n);
/* Case of the Latin letters (ASCII, Latin-1, Latin Extended-A) and of the
 * Greek and Cyrillic capitals; any other code point is returned as it is. */
uint32_t utf8_to_lower(uint32_t cp);
uint32_t utf8_to_upper(uint32_t cp);

#endif
