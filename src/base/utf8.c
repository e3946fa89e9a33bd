/* utf8.c - see utf8.h. */
#include "utf8.h"

uint32_t utf8_decode(const char *str, size_t n, int *len)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t cp;
    int need;
    if (n == 0) { *len = 0; return 0; }
    if (s[0] < 0x80) { *len = 1; return s[0]; }
    if ((s[0] & 0xE0) == 0xC0) { cp = s[0] & 0x1F; need = 1; }
    else if ((s[0] & 0xF0) == 0xE0) { cp = s[0] & 0x0F; need = 2; }
    else if ((s[0] & 0xF8) == 0xF0) { cp = s[0] & 0x07; need = 3; }
    else { *len = 1; return 0xFFFD; }
    if ((size_t)need >= n + 0 && (size_t)need + 1 > n) { *len = 1; return 0xFFFD; }
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) { *len = 1; return 0xFFFD; }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = need + 1;
    return cp;
}

int utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
    return count;
}
