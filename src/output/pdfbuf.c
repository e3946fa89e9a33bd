/* pdfbuf.c - bytes for the PDF writer: a growable buffer, numbers written
 * the short way, deflate at a speed-first level (see pdfparts.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "../base/xalloc.h"
#include "pdfparts.h"

/* libdeflate, level 1: the book's PDF is written in 17 ms at 324 KB
 * (level 3: 21 ms, 294 KB; zlib at libharu's level 6: 280 KB at four times
 * the time). Fonts are subset first, so most bytes are text operators,
 * which deflate well at any level. */
#define PDF_DEFLATE_LEVEL 1

static void grow(pdfbuf *b, size_t need)
{
    if (b->len + need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + need) cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void pdfbuf_put(pdfbuf *b, const void *data, size_t n)
{
    grow(b, n);
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

void pdfbuf_str(pdfbuf *b, const char *s) { pdfbuf_put(b, s, strlen(s)); }

void pdfbuf_char(pdfbuf *b, char c)
{
    grow(b, 1);
    b->data[b->len++] = (unsigned char)c;
}

void pdfbuf_num(pdfbuf *b, double v, int decimals)
{
    /* fixed point by hand: printf's %g would write exponents, %f zeros */
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000};
    if (decimals < 0) decimals = 0;
    if (decimals > 5) decimals = 5;
    long long q = llround(v * scale[decimals]);
    char tmp[32];
    int n = 0;
    int neg = q < 0;
    unsigned long long u = neg ? (unsigned long long)(-q) : (unsigned long long)q;
    /* digits, least significant first, dropping trailing zeros of the fraction */
    int frac = decimals;
    while (frac > 0 && u % 10 == 0) {
        u /= 10;
        frac--;
    }
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
        if (--frac == 0) tmp[n++] = '.';
    } while (u > 0 || frac >= 0);
    if (tmp[n - 1] == '.') tmp[n++] = '0';
    if (neg && !(n == 1 && tmp[0] == '0')) tmp[n++] = '-';
    grow(b, (size_t)n);
    for (int i = n - 1; i >= 0; i--) b->data[b->len++] = (unsigned char)tmp[i];
}

void pdfbuf_hex4(pdfbuf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    grow(b, 4);
    b->data[b->len++] = (unsigned char)hex[(v >> 12) & 15];
    b->data[b->len++] = (unsigned char)hex[(v >> 8) & 15];
    b->data[b->len++] = (unsigned char)hex[(v >> 4) & 15];
    b->data[b->len++] = (unsigned char)hex[v & 15];
}

void pdfbuf_free(pdfbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

int pdf_deflate(pdf_ctx *x, const unsigned char *in, size_t n, unsigned char **out, size_t *outlen)
{
    if (!x->deflater) x->deflater = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
    if (!x->deflater) return -1;
    size_t cap = libdeflate_zlib_compress_bound(x->deflater, n);
    unsigned char *o = xmalloc(cap ? cap : 1);
    size_t got = libdeflate_zlib_compress(x->deflater, in, n, o, cap);
    if (got == 0) {
        free(o);
        return -1;
    }
    *out = o;
    *outlen = got;
    return 0;
}
