/* suggest.c - see suggest.h. */
#include "suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int limit_for(size_t len) { return len <= 4 ? 1 : len <= 8 ? 2 : (int)(len / 3); }

int suggest_distance(const char *a, const char *b, int limit)
{
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > (size_t)limit) return limit + 1;
    if (n > 200 || m > 200) return limit + 1;
    /* three rows of the Damerau-Levenshtein table (optimal string alignment) */
    int rows[3][201];
    int *pp = rows[0], *p = rows[1], *c = rows[2];
    for (size_t j = 0; j <= m; j++) p[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        c[0] = (int)i;
        int rowmin = c[0];
        for (size_t j = 1; j <= m; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int cost = ca != cb;
            int v = p[j] + 1;
            if (c[j - 1] + 1 < v) v = c[j - 1] + 1;
            if (p[j - 1] + cost < v) v = p[j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) && tolower((unsigned char)a[i - 2]) == cb &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > limit) return limit + 1;
        int *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[m] > limit ? limit + 1 : p[m];
}

void suggest_init(suggest *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->best_dist = 0;
}

void suggest_add(suggest *s, const char *candidate)
{
    if (!candidate || !s->word || !strcmp(candidate, s->word)) return;
    int limit = limit_for(strlen(s->word));
    if (s->best && s->best_dist - 1 < limit) limit = s->best_dist - 1;
    if (limit < 0) return;
    int d = suggest_distance(s->word, candidate, limit);
    if (d <= limit) {
        s->best = candidate;
        s->best_dist = d;
    }
}

const char *suggest_best(const suggest *s) { return s->best; }

const char *suggest_hint(const suggest *s, char *buf, size_t cap)
{
    if (!s->best) snprintf(buf, cap, "%s", "");
    else snprintf(buf, cap, " (did you mean \"%s\"?)", s->best);
    return buf;
}
