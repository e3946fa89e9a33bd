/* isbn.c - see isbn.h. */
#include "isbn.h"

#include <stdio.h>
#include <string.h>

char isbn13_check_digit(const char *twelve)
{
    int sum = 0;
    for (int i = 0; i < 12; i++) sum += (twelve[i] - '0') * (i % 2 ? 3 : 1);
    return (char)('0' + (10 - sum % 10) % 10);
}

int isbn_parse(const char *text, char digits[14], char *why, size_t cap)
{
    char d[32];
    int n = 0, x = 0;
    digits[0] = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '-' || *p == ' ') continue;
        if ((*p < '0' || *p > '9') && !(*p == 'X' || *p == 'x')) {
            snprintf(why, cap, "an ISBN holds digits, grouped by hyphens or spaces, and \"%s\" has \"%c\"", text, *p);
            return -1;
        }
        if (*p == 'X' || *p == 'x') x = 1;
        if (n < (int)sizeof d - 1) d[n] = *p;
        n++;
    }
    d[n < (int)sizeof d ? n : (int)sizeof d - 1] = 0;
    if (n == 10) {
        /* an ISBN-10 (weights 10 to 1, a multiple of 11; X is 10): say what
         * its ISBN-13 is (978, its first nine digits, a new check digit) */
        int sum = 0, bad_x = 0;
        for (int i = 0; i < 10; i++) {
            int v = d[i] == 'X' || d[i] == 'x' ? 10 : d[i] - '0';
            if (v == 10 && i < 9) bad_x = 1;
            sum += v * (10 - i);
        }
        if (bad_x || sum % 11 != 0) {
            snprintf(why, cap, "\"%s\" has ten characters, like an ISBN-10, and is not one either (its check digit is "
                     "wrong): give the ISBN-13", text);
            return -1;
        }
        char t[14] = "978";
        memcpy(t + 3, d, 9);
        t[12] = isbn13_check_digit(t);
        t[13] = 0;
        snprintf(why, cap, "\"%s\" is an ISBN-10: give the ISBN-13, %s, which the barcode needs", text, t);
        return -1;
    }
    if (x) {
        snprintf(why, cap, "an ISBN-13 has no X: \"%s\" (an X ends only ISBN-10s)", text);
        return -1;
    }
    if (n != 13) {
        snprintf(why, cap, "\"%s\" has %d digit%s: an ISBN-13 has 13", text, n, n == 1 ? "" : "s");
        return -1;
    }
    if (strncmp(d, "978", 3) != 0 && strncmp(d, "979", 3) != 0) {
        snprintf(why, cap, "\"%s\" begins %.3s: an ISBN-13 begins 978 or 979", text, d);
        return -1;
    }
    char check = isbn13_check_digit(d);
    if (d[12] != check) {
        snprintf(why, cap, "the check digit of \"%s\" is %c; with these first twelve digits it must be %c", text, d[12],
                 check);
        return -1;
    }
    memcpy(digits, d, 14);
    return 0;
}
