/* lang.c - the built-in words of Spanish and English (see lang.h). */
#include "lang.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const lang_word_attr[LW_COUNT] = {
    "table", "figure", "chapter", "page", "see", "see-also", "contents",
    "tables", "index", "note-pending", "edition", "source",
};

/* Spanish: the RAE's words; quotation marks as the printed edition uses them
 * (typography.md: “ ” outside, ‘ ’ inside; a layout may choose « »). */
static const lang_words spanish = {
    .word = {"Tabla", "Figura", "capítulo", "p.", "véase", "véase también", "Índice",
             "Índice de tablas", "Índice analítico", "[nota %n: texto pendiente]", "Edición", "Fuente:"},
    .month = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
              "octubre", "noviembre", "diciembre"},
    .date_format = "{d} de {month} de {y}",
    .month_format = "{month} de {y}",
    .quote_open = {"\xE2\x80\x9C", "\xE2\x80\x98", "\xC2\xAB"},
    .quote_close = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"},
};

/* English: the Chicago Manual's words and day-month-year dates, as British
 * and international books print them ("15 March 2026"). */
static const lang_words english = {
    .word = {"Table", "Figure", "chapter", "p.", "see", "see also", "Contents", "List of Tables", "Index",
             "[note %n: text to come]", "Edition", "Source:"},
    .month = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"},
    .date_format = "{d} {month} {y}",
    .month_format = "{month} {y}",
    .quote_open = {"\xE2\x80\x9C", "\xE2\x80\x98", "\xE2\x80\x9C"},
    .quote_close = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\x9D"},
};

void lang_primary(const char *tag, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0) return;
    for (; tag && tag[o] && tag[o] != '-' && tag[o] != '_' && o + 1 < cap; o++)
        out[o] = (char)tolower((unsigned char)tag[o]);
    out[o] = 0;
}

int lang_same(const char *a, const char *b) { return a && b && strcasecmp(a, b) == 0; }

const lang_words *lang_builtin(const char *tag)
{
    char p[16];
    lang_primary(tag, p, sizeof p);
    if (!strcmp(p, "es")) return &spanish;
    if (!strcmp(p, "en")) return &english;
    return NULL;
}

void lang_words_overlay(lang_words *base, const lang_words *over)
{
    for (int i = 0; i < LW_COUNT; i++)
        if (over->word[i]) base->word[i] = over->word[i];
    for (int i = 0; i < 12; i++)
        if (over->month[i]) base->month[i] = over->month[i];
    if (over->date_format) base->date_format = over->date_format;
    if (over->month_format) base->month_format = over->month_format;
    for (int i = 0; i < 3; i++)
        if (over->quote_open[i] && over->quote_close[i]) {
            base->quote_open[i] = over->quote_open[i];
            base->quote_close[i] = over->quote_close[i];
        }
}

/* The number in s[0..n) when it is all digits, else -1. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    if (n == 0) return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

void lang_format_date(const lang_words *w, const char *iso, char *out, size_t cap)
{
    size_t n = strlen(iso);
    int y = -1, m = -1, d = -1;
    if (n == 4) y = digits(iso, 4);
    else if (n == 7 && iso[4] == '-') y = digits(iso, 4), m = digits(iso + 5, 2);
    else if (n == 10 && iso[4] == '-' && iso[7] == '-') y = digits(iso, 4), m = digits(iso + 5, 2), d = digits(iso + 8, 2);
    int ok = y >= 0 && (n == 4 || (m >= 1 && m <= 12)) && (n != 10 || (d >= 1 && d <= 31));
    const char *fmt = n == 10 ? w->date_format : n == 7 ? w->month_format : "{y}";
    if (!ok || !fmt || (n > 4 && !w->month[m - 1])) {
        snprintf(out, cap, "%s", iso);
        return;
    }
    size_t o = 0;
    out[0] = 0;
    for (const char *f = fmt; *f && o + 1 < cap;) {
        char piece[64];
        const char *put = NULL;
        size_t skip = 1;
        if (!strncmp(f, "{d}", 3)) snprintf(piece, sizeof piece, "%d", d), put = piece, skip = 3;
        else if (!strncmp(f, "{month}", 7)) put = w->month[m - 1], skip = 7;
        else if (!strncmp(f, "{y}", 3)) snprintf(piece, sizeof piece, "%d", y), put = piece, skip = 3;
        if (put) {
            o += (size_t)snprintf(out + o, cap - o, "%s", put);
            if (o >= cap) o = cap - 1;
        } else {
            out[o++] = *f;
            out[o] = 0;
        }
        f += skip;
    }
}
