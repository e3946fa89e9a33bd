/* hyphenate.c - hyphenation: libhyphen patterns, folio's rules, exceptions.
 *
 * Any language with a libhyphen dictionary (Debian's hyphen-* packages, in
 * UTF-8 or ISO 8859-1) is hyphenated by its patterns, with the dictionary's
 * LEFTHYPHENMIN/RIGHTHYPHENMIN (at least 2) and the rules below that hold in
 * every language (no break in short words, acronyms, numbers; compounds at
 * their hyphen). Spanish ("es", any region) also gets the RAE's rules.
 *
 * A word is looked at in three parts: leading punctuation, the core (first
 * letter to last letter) and trailing punctuation; only the core is ever
 * broken. The core is lower-cased and either found in the exceptions table
 * (an open-addressing hash keyed by the lower-cased word) or given to
 * hnj_hyphen_hyphenate2, whose result for a UTF-8 dictionary is indexed by
 * code point. Every proposed point then passes the rules of typography.md
 * (RAE, Ortografía 2010, 4.1.1.2):
 *
 *   hard rules (patterns and exceptions alike)
 *     - 2 letters at least on each side (so never a lone first/last vowel);
 *     - never inside ch, ll, qu, gu+e/i;
 *   pattern rules (an exception may override them: it is how the RAE's
 *   morphological division of prefixed words is written, contra-ataque,
 *   re-hu-ir, ciber-rebelde)
 *     - never inside rr;
 *     - never between two vowels, diphthong, triptongo or hiatus alike, and
 *       an intercalated h does not separate them (cohe-cho, prohi-bir);
 *     - each side keeps a vowel, and the right side opens with a Spanish
 *       onset (the patterns' su-bcon-, su-bge-, re-dser-, re-ttig).
 *
 * Positions below are code point indices into the core ("letter indices"):
 * point p means "break before letter p". */
#include "hyphenate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../base/bounds.h"
#include "../base/fileio.h"
#include "../base/hindex.h"
#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "../input/lang.h"

typedef struct {
    char *key;   /* lower-cased word, UTF-8, no '-' (NULL: empty slot) */
    int *pts;    /* letter indices of the break points, increasing */
    int npts;
    int line;    /* line in the exceptions file */
} hyph_exception;

/* The points of every word already asked for: a book asks for the same
 * words again and again (and every layout pass asks again), so each
 * distinct word is hyphenated once. */
typedef struct {
    char *word;          /* the word as asked (NULL: empty slot) */
    size_t len;
    hyph_point *pts;
    int npts;
} hyph_memo_entry;

typedef struct hyph_memo {
    hyph_memo_entry *v;  /* the words, in the order first asked */
    int n, cap;
    hindex ix;           /* word -> position in v */
} hyph_memo;

struct hyphenator {
    HyphenDict *dict;
    int spanish;         /* the RAE's rules (ch ll qu gu rr, vowels, onsets) apply */
    int repeat_hyphen;   /* a compound's hyphen is repeated on the next line */
    int latin1;          /* the dictionary is ISO 8859-1: words are given to it in Latin-1 */
    int lhmin, rhmin;    /* letters kept before and after a break: the dictionary's, at least 2 */
    hyph_exception *tab; /* open addressing, linear probing, cap a power of 2 */
    size_t cap, count;
    hyph_memo *memo;     /* memoisation: hyphenator_points stays logically const */
};

/* ---- characters ---------------------------------------------------------- */

static uint32_t to_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  /* Greek capitals */
    if (c >= 0x410 && c <= 0x42F) return c + 32;                 /* Cyrillic А..Я */
    if (c >= 0x400 && c <= 0x40F) return c + 80;                 /* Ѐ..Џ */
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32; /* À..Þ: Á É Í Ó Ú Ü Ñ */
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return (c & 1) ? c : c + 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    return c;
}

static int is_letter(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
    if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return 1;
    if (c >= 0x386 && c <= 0x3FF && c != 0x387) return 1;       /* Greek */
    if (c >= 0x400 && c <= 0x52F && !(c >= 0x482 && c <= 0x489)) return 1; /* Cyrillic */
    return 0;
}

static int is_upper(uint32_t c) { return is_letter(c) && to_lower(c) != c; }
static int is_lower(uint32_t c) { return is_letter(c) && to_lower(c) == c; }

static int is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || c == 0xB2 || c == 0xB3 || c == 0xB9 ||
           (c >= 0x2070 && c <= 0x2079) || (c >= 0x2080 && c <= 0x2089);
}

static int is_hyphen(uint32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

/* c is lower-case. */
static int is_vowel(uint32_t c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 0xE1: case 0xE9: case 0xED: case 0xF3: case 0xFA: /* á é í ó ú */
    case 0xFC: case 0xE0: case 0xE8: case 0xEC: case 0xF2: /* ü à è ì ò */
    case 0xF9: case 0xEF: case 0xE4: case 0xEB: case 0xF6: /* ù ï ä ë ö */
    case 0xE2: case 0xEA: case 0xEE: case 0xF4: case 0xFB: /* â ê î ô û */
        return 1;
    default:
        return 0;
    }
}

/* ---- the rules ------------------------------------------------------------ */

/* A side [from, to) of the word keeps a vowel (y counts: hay, rey). */
static int has_vowel(const uint32_t *w, int from, int to)
{
    for (int i = from; i < to; i++)
        if (is_vowel(w[i]) || w[i] == 'y') return 1;
    return 0;
}

/* Rules no exception may break: 2 letters a side; in Spanish, ch ll qu
 * gu(e/i). w is lower-case, n letters; p is a break before letter p. */
static int allowed_hard(int spanish, const uint32_t *w, int n, int p)
{
    uint32_t l, r;
    if (p < 2 || n - p < 2) return 0;
    if (!spanish) return 1;
    l = w[p - 1];
    r = w[p];
    if (l == 'c' && r == 'h') return 0;
    if (l == 'l' && r == 'l') return 0;
    if (l == 'q' && r == 'u') return 0;
    if (l == 'g' && r == 'u' && p + 1 < n &&
        (w[p + 1] == 'e' || w[p + 1] == 'i' || w[p + 1] == 0xE9 || w[p + 1] == 0xED))
        return 0;
    return 1;
}

/* The consonants opening the right side, up to its first vowel, form a
 * Spanish onset: one consonant, ch ll rr, or p b f c k g t d + l r (not dl).
 * Catches the patterns' su-bcon, su-bge, re-dser, re-ttig. */
static int valid_onset(const uint32_t *w, int n, int p)
{
    int k = 0;
    uint32_t c1, c2;
    while (p + k < n && !is_vowel(w[p + k])) k++;
    if (k <= 1) return 1;
    if (k > 2 || p + k == n) return 0; /* no Spanish onset of 3; y at the end is a vowel */
    c1 = w[p];
    c2 = w[p + 1];
    if ((c1 == 'c' && c2 == 'h') || (c1 == 'l' && c2 == 'l') || (c1 == 'r' && c2 == 'r')) return 1;
    if (c2 == 'l' || c2 == 'r')
        return c1 == 'p' || c1 == 'b' || c1 == 'f' || c1 == 'c' || c1 == 'k' || c1 == 'g' ||
               c1 == 't' || (c1 == 'd' && c2 == 'r');
    return 0;
}

/* The rules an exception may override (morphological division). */
static int allowed_syllabic(const uint32_t *w, int n, int p)
{
    uint32_t l = w[p - 1], r = w[p];
    if (l == 'r' && r == 'r') return 0;
    /* vowel sequences, an intercalated h ignored */
    if (is_vowel(l) && (is_vowel(r) || (r == 'h' && p + 1 < n && is_vowel(w[p + 1])))) return 0;
    if (l == 'h' && p >= 2 && is_vowel(w[p - 2]) && is_vowel(r)) return 0;
    /* a lone vowel, or a fragment without one */
    if (!has_vowel(w, 0, p) || !has_vowel(w, p, n)) return 0;
    return valid_onset(w, n, p);
}

/* ---- the exceptions table ------------------------------------------------- */

static hyph_exception *table_slot(hyph_exception *tab, size_t cap, const char *key, size_t n)
{
    size_t i = (size_t)hash_bytes(key, n) & (cap - 1);
    while (tab[i].key && !(strlen(tab[i].key) == n && memcmp(tab[i].key, key, n) == 0))
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static void table_grow(hyphenator *h)
{
    size_t ncap = h->cap ? h->cap * 2 : 64;
    hyph_exception *ntab = xcalloc(ncap, sizeof *ntab);
    for (size_t i = 0; i < h->cap; i++)
        if (h->tab[i].key) *table_slot(ntab, ncap, h->tab[i].key, strlen(h->tab[i].key)) = h->tab[i];
    free(h->tab);
    h->tab = ntab;
    h->cap = ncap;
}

static const hyph_exception *table_find(const hyphenator *h, const char *key, size_t n)
{
    hyph_exception *e;
    if (!h->cap) return NULL;
    e = table_slot(h->tab, h->cap, key, n);
    return e->key ? e : NULL;
}

/* Add key (taken) with pts (taken); a repeated word replaces the earlier entry. */
static void table_put(hyphenator *h, char *key, int *pts, int npts, int line, diag_sink *d,
                      const char *file)
{
    hyph_exception *e;
    if ((h->count + 1) * 2 > h->cap) table_grow(h);
    e = table_slot(h->tab, h->cap, key, strlen(key));
    if (e->key) {
        if (d)
            diag_warning(d, diag_at(d, file, line, 1),
                         "hyphenation exception '%s' already listed at line %d; this one replaces it",
                         key, e->line);
        free(e->key);
        free(e->pts);
    } else {
        h->count++;
    }
    e->key = key;
    e->pts = pts;
    e->npts = npts;
    e->line = line;
}

/* One line of the exceptions file (comment and blanks already stripped). */
static void parse_exception(hyphenator *h, const char *s, size_t n, int line, int col0,
                            diag_sink *d, const char *file)
{
    uint32_t *w = xmalloc(sizeof *w * (n + 1));
    int *pts = xmalloc(sizeof *pts * (n + 1));
    char *key = xmalloc(n * 2 + 1); /* lower-casing within Latin-1/A keeps lengths, but be safe */
    int nw = 0, npts = 0, nkey = 0, bad = 0;
    for (size_t i = 0; i < n && !bad;) {
        int len;
        uint32_t c = utf8_decode(s + i, n - i, &len);
        int col = col0 + (int)i;
        if (c == '-') {
            if (nw == 0 || i + 1 >= n || s[i + 1] == '-') {
                if (d) diag_error(d, diag_at(d, file, line, col),
                                  "misplaced '-' in hyphenation exception");
                bad = 1;
            } else {
                pts[npts++] = nw;
            }
        } else if (is_letter(c)) {
            w[nw++] = to_lower(c);
            nkey += utf8_encode(to_lower(c), key + nkey);
        } else {
            if (d) {
                if (c == ' ' || c == '\t')
                    diag_error(d, diag_at(d, file, line, col),
                               "one word per line in the hyphenation exceptions");
                else
                    diag_error(d, diag_at(d, file, line, col),
                               "hyphenation exception: '%.*s' is not a letter or '-'", len, s + i);
            }
            bad = 1;
        }
        i += (size_t)len;
    }
    key[nkey] = '\0';
    if (!bad) {
        /* drop the points no exception may have, and say so */
        int k = 0;
        for (int j = 0; j < npts; j++) {
            if (allowed_hard(h->spanish, w, nw, pts[j])) pts[k++] = pts[j];
            else if (d)
                diag_warning(d, diag_at(d, file, line, col0),
                             h->spanish ? "hyphenation exception '%.*s': the break before letter %d leaves "
                                          "fewer than 2 letters or splits ch/ll/qu/gu; ignored"
                                        : "hyphenation exception '%.*s': the break before letter %d leaves "
                                          "fewer than 2 letters; ignored",
                             (int)n, s, pts[j] + 1);
        }
        npts = k;
        table_put(h, key, pts, npts, line, d, file);
    } else {
        free(key);
        free(pts);
    }
    free(w);
}

static void load_exceptions(hyphenator *h, const char *path, diag_loc where, diag_sink *d)
{
    /* a regular file within FOLIO_MAX_AUX_BYTES (base/bounds.h): a FIFO would block, a huge file never end */
    struct stat st;
    if (stat(path, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_size > FOLIO_MAX_AUX_BYTES)) {
        if (d) diag_error(d, diag_at(d, path, 0, 0), "the hyphenation exceptions must be a regular file of at most %ld MB",
                          FOLIO_MAX_AUX_BYTES >> 20);
        return;
    }
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t got;
    int line = 0;
    if (!f) {
        /* at the place that names the file (the layout's exceptions="…"), when known */
        if (d) diag_error(d, where.file ? where : diag_at(d, path, 0, 0),
                          "cannot open the hyphenation exceptions %s: %s", path, strerror(errno));
        return;
    }

    while ((got = getline(&buf, &bufcap, f)) != -1) {
        size_t a = 0, b = (size_t)got;
        char *hash;
        line++;
        if ((hash = memchr(buf, '#', b))) b = (size_t)(hash - buf);
        while (a < b && (buf[a] == ' ' || buf[a] == '\t')) a++;
        while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t' || buf[b - 1] == '\n' ||
                         buf[b - 1] == '\r'))
            b--;
        if (a == b) continue;
        parse_exception(h, buf + a, b - a, line, (int)a + 1, d, path);
    }
    free(buf);
    fclose(f);
}

/* ---- public --------------------------------------------------------------- */

/* Is the file a libhyphen dictionary at all? Its first line names its
 * encoding ("UTF-8"), the rest are patterns (letters and digits, "a1b"),
 * comments and keywords; libhyphen itself reads any bytes as patterns. The
 * file is read within FOLIO_MAX_AUX_BYTES (base/bounds.h). */
static int dictionary_file_ok(const char *path, diag_sink *d)
{
    size_t len;
    int err;
    unsigned char *t = file_read_all(path, FOLIO_MAX_AUX_BYTES, &len, &err);
    if (!t) {
        if (d) {
            if (err == EFBIG)
                diag_error(d, diag_at(d, path, 0, 0), "the hyphenation dictionary is larger than %ld MB, the limit",
                           FOLIO_MAX_AUX_BYTES >> 20);
            else
                diag_error(d, diag_at(d, path, 0, 0), "cannot read the hyphenation dictionary: %s",
                           err == EINVAL ? "not a regular file" : strerror(err));
        }
        return 0;
    }
    size_t i = 0;
    while (i < len && (isalnum(t[i]) || t[i] == '-' || t[i] == '_')) i++;
    int named = i > 0 && i < 40 && (i == len || t[i] == '\n' || t[i] == '\r' || t[i] == ' ');
    int text = memchr(t, 0, len) == NULL, patterns = 0;
    for (size_t k = i; k < len && !patterns; k++) patterns = t[k] >= '0' && t[k] <= '9';
    free(t);
    if (named && text && patterns) return 1;
    if (d)
        diag_error(d, diag_at(d, path, 1, 0),
                   !named || !text ? "not a hyphenation dictionary: a libhyphen .dic file is text that names its encoding "
                                     "(UTF-8) on its first line, then lists patterns such as a1b"
                                   : "not a hyphenation dictionary: it has no patterns (lines such as a1b)");
    return 0;
}

hyphenator *hyphenator_new_lang(const char *lang, const char *patterns_path, diag_loc patterns_at,
                                const char *exceptions_path, diag_loc exceptions_at, diag_sink *d)
{
    hyphenator *h;
    HyphenDict *dict;
    char primary[16];
    diag_loc at = patterns_at.file ? patterns_at : diag_at(d, patterns_path, 0, 0);
    FILE *f = fopen(patterns_path, "r");
    if (!f) {
        if (d) diag_error(d, at, "cannot open the hyphenation patterns %s: %s", patterns_path, strerror(errno));
        return NULL;
    }
    fclose(f);
    if (!dictionary_file_ok(patterns_path, d)) return NULL;
    dict = hnj_hyphen_load(patterns_path);
    if (!dict) {
        if (d) diag_error(d, at, "cannot load the hyphenation patterns %s", patterns_path);
        return NULL;
    }
    /* the first line names the encoding: UTF-8, or ISO8859-1 (German, Portuguese) */
    int latin1 = !dict->utf8 && strncasecmp(dict->cset, "ISO8859-1", 9) == 0;
    if (!dict->utf8 && !latin1) {
        if (d) diag_error(d, at, "hyphenation patterns %s are in %s: folio reads UTF-8 and ISO8859-1 ones",
                          patterns_path, dict->cset);
        hnj_hyphen_free(dict);
        return NULL;
    }
    h = xcalloc(1, sizeof *h);
    h->dict = dict;
    h->latin1 = latin1;
    lang_primary(lang, primary, sizeof primary);
    h->spanish = strcmp(primary, "es") == 0;
    static const char *repeating[] = {"es", "pt", "pl", "cs", "sk", "hr", "sr", "sl", NULL};
    for (int i = 0; repeating[i]; i++)
        if (!strcmp(primary, repeating[i])) h->repeat_hyphen = 1;
    h->lhmin = dict->lhmin > 2 ? dict->lhmin : 2;
    h->rhmin = dict->rhmin > 2 ? dict->rhmin : 2;
    h->memo = xcalloc(1, sizeof *h->memo);
    if (exceptions_path) load_exceptions(h, exceptions_path, exceptions_at, d);
    return h;
}

hyphenator *hyphenator_new(const char *patterns_path, const char *exceptions_path, diag_sink *d)
{
    diag_loc nowhere = {0};
    return hyphenator_new_lang("es", patterns_path, nowhere, exceptions_path, nowhere, d);
}

int hyphenator_find_patterns(const char *lang, const char *dir, char *out, size_t cap)
{
    char primary[16], region[16] = "", path[4096];
    lang_primary(lang, primary, sizeof primary);
    if (!primary[0]) return -1;
    /* the region: a subtag of two letters ("es-CL" → CL, "sr-Latn-RS" → RS) */
    for (const char *p = lang; (p = strpbrk(p, "-_")); p++) {
        size_t n = strcspn(p + 1, "-_");
        if (n == 2 && isalpha((unsigned char)p[1]) && isalpha((unsigned char)p[2]))
            snprintf(region, sizeof region, "%c%c", toupper((unsigned char)p[1]), toupper((unsigned char)p[2]));
    }
    /* hyph_es_CL.dic, hyph_es.dic, hyph_es_ES.dic, then the first hyph_es_*.dic */
    if (region[0]) {
        snprintf(path, sizeof path, "%s/hyph_%s_%s.dic", dir, primary, region);
        if (access(path, R_OK) == 0) return snprintf(out, cap, "%s", path), 0;
    }
    snprintf(path, sizeof path, "%s/hyph_%s.dic", dir, primary);
    if (access(path, R_OK) == 0) return snprintf(out, cap, "%s", path), 0;
    char upper[16];
    size_t k = 0;
    for (; primary[k] && k + 1 < sizeof upper; k++) upper[k] = (char)toupper((unsigned char)primary[k]);
    upper[k] = 0;
    snprintf(path, sizeof path, "%s/hyph_%s_%s.dic", dir, primary, upper);
    if (access(path, R_OK) == 0) return snprintf(out, cap, "%s", path), 0;
    DIR *dd = opendir(dir);
    if (!dd) return -1;
    char best[256] = "", prefix[32];
    snprintf(prefix, sizeof prefix, "hyph_%s_", primary);
    struct dirent *e;
    while ((e = readdir(dd))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || n < 4 || strcmp(e->d_name + n - 4, ".dic") != 0) continue;
        if (!best[0] || strcmp(e->d_name, best) < 0) snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(dd);
    if (!best[0]) return -1;
    snprintf(out, cap, "%s/%s", dir, best);
    return 0;
}

void hyphenator_free(hyphenator *h)
{
    if (!h) return;
    for (size_t i = 0; i < h->cap; i++) {
        free(h->tab[i].key);
        free(h->tab[i].pts);
    }
    free(h->tab);
    for (int i = 0; i < h->memo->n; i++) {
        free(h->memo->v[i].word);
        free(h->memo->v[i].pts);
    }
    free(h->memo->v);
    hindex_free(&h->memo->ix);
    free(h->memo);
    hnj_hyphen_free(h->dict);
    free(h);
}

int hyphenator_exception_count(const hyphenator *h) { return h ? (int)h->count : 0; }

int hyphenator_repeats_hyphen(const hyphenator *h) { return h && h->repeat_hyphen; }

/* Letter-index points of the lower-cased core lw (n letters, nb bytes) from the patterns. */
static int pattern_points(const hyphenator *h, const char *lw, size_t nb, const uint32_t *lc, int n, int *pts)
{
    char *latin = NULL;
    if (h->latin1) {
        /* one byte a letter; a word with a letter beyond Latin-1 is not in the patterns' alphabet */
        latin = xmalloc((size_t)n + 1);
        for (int i = 0; i < n; i++) {
            if (lc[i] > 0xFF) {
                free(latin);
                return 0;
            }
            latin[i] = (char)lc[i];
        }
        latin[n] = 0;
        lw = latin;
        nb = (size_t)n;
    }
    char *hy = xcalloc(nb + 5, 1);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int npts = 0;
    if (hnj_hyphen_hyphenate2(h->dict, lw, (int)nb, hy, NULL, &rep, &pos, &cut) == 0) {
        /* for a UTF-8 dictionary hy[i] is after code point i (after byte i,
         * that is letter i, for a Latin-1 one); the dictionary's minimums hold */
        for (int i = 0; i + 1 < n; i++)
            if ((hy[i] & 1) && !(rep && rep[i]) && i + 1 >= h->lhmin && n - (i + 1) >= h->rhmin) pts[npts++] = i + 1;
    }
    if (rep) {
        for (size_t i = 0; i < nb; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hy);
    free(latin);
    return npts;
}

#define MEMO_MAX_POINTS 64

static int compute_points(const hyphenator *h, const char *word, size_t len, hyph_point *out, int max);

typedef struct { const hyph_memo *m; const char *word; size_t len; } memo_key;

static int memo_same(const void *user, int pos)
{
    const memo_key *k = user;
    const hyph_memo_entry *e = &k->m->v[pos];
    return e->len == k->len && !memcmp(e->word, k->word, k->len);
}

int hyphenator_points(const hyphenator *h, const char *word, size_t len, hyph_point *out, int max)
{
    if (!h || !word || len == 0 || max <= 0) return 0;
    hyph_memo *m = h->memo;
    uint64_t hash = hash_bytes(word, len);
    memo_key k = {m, word, len};
    int pos = hindex_find(&m->ix, hash, memo_same, &k);
    if (pos < 0) {
        hyph_point pts[MEMO_MAX_POINTS];
        hyph_memo_entry e;
        e.npts = compute_points(h, word, len, pts, MEMO_MAX_POINTS);
        e.pts = xmalloc(sizeof *pts * (size_t)(e.npts ? e.npts : 1));
        if (e.npts) memcpy(e.pts, pts, sizeof *pts * (size_t)e.npts);
        e.word = xmalloc(len);
        memcpy(e.word, word, len);
        e.len = len;
        VEC_PUSH(m->v, m->n, m->cap, e);
        pos = m->n - 1;
        hindex_add(&m->ix, hash, pos);
    }
    const hyph_memo_entry *e = &m->v[pos];
    int n = e->npts < max ? e->npts : max;
    if (n) memcpy(out, e->pts, sizeof *out * (size_t)n);
    return n;
}

static int compute_points(const hyphenator *h, const char *word, size_t len, hyph_point *out, int max)
{
    uint32_t cpbuf[64], lbuf[64];
    size_t offbuf[65];
    uint32_t *cp = cpbuf, *lc = lbuf;
    size_t *off = offbuf;
    int n = 0, a, b, result = 0;
    int nhyphens = 0, nupper = 0, nlower = 0, naccent = 0;

    if (!h || !word || len == 0 || max <= 0) return 0;
    if (len > 64) {
        cp = xmalloc(sizeof *cp * len);
        lc = xmalloc(sizeof *lc * len);
        off = xmalloc(sizeof *off * (len + 1));
    }
    for (size_t i = 0; i < len;) {
        int l;
        uint32_t c = utf8_decode(word + i, len - i, &l);
        if (is_digit(c)) goto done; /* numbers, 2.854.027,65, Sub-20: never */
        off[n] = i;
        cp[n++] = c;
        i += (size_t)l;
    }
    off[n] = len;

    /* the core: first letter to last letter; the rest is punctuation */
    for (a = 0; a < n && !is_letter(cp[a]); a++) {}
    for (b = n - 1; b >= a && !is_letter(cp[b]); b--) {}
    if (a > b) goto done;
    for (int i = a; i <= b; i++) {
        if (is_hyphen(cp[i])) nhyphens++;
        else if (!is_letter(cp[i])) goto done; /* O'Higgins, N.º, y/o, sercotec.cl */
        else if (is_upper(cp[i])) {
            nupper++;
            if (is_vowel(to_lower(cp[i])) && to_lower(cp[i]) > 0x7F) naccent++;
        }
        else if (is_lower(cp[i])) nlower++;
    }

    if (nhyphens) {
        /* a compound breaks only after its own hyphen(s), 2 letters a side */
        int before = 0, total = b - a + 1 - nhyphens;
        for (int i = a; i <= b && result < max; i++) {
            if (!is_hyphen(cp[i])) { before++; continue; }
            if (before >= 2 && total - before >= 2 && !is_hyphen(cp[i + 1])) {
                out[result].offset = off[i + 1];
                out[result].kind = HYPH_EXPLICIT;
                result++;
            }
        }
        goto done;
    }

    {
        int nl = b - a + 1, npts;
        int *pts;
        const hyph_exception *e;
        char *lw;
        size_t nb = 0;
        if (nl <= 4) goto done;                     /* casa, cosa */
        /* SERCOTEC, CORFO, PYMES; but the RAE writes acronyms without
         * accents, so ÉXITO, ECONÓMICO are words set in capitals */
        if (nupper >= 2 && nlower == 0 && naccent == 0) goto done;
        lw = xmalloc((size_t)nl * 4 + 1);
        for (int i = 0; i < nl; i++) {
            lc[i] = to_lower(cp[a + i]);
            nb += (size_t)utf8_encode(lc[i], lw + nb);
        }
        lw[nb] = '\0';
        pts = xmalloc(sizeof *pts * (size_t)nl);
        e = table_find(h, lw, nb);
        if (e) {
            npts = 0;
            for (int j = 0; j < e->npts; j++)
                if (e->pts[j] < nl && allowed_hard(h->spanish, lc, nl, e->pts[j])) pts[npts++] = e->pts[j];
        } else {
            int k = 0;
            npts = pattern_points(h, lw, nb, lc, nl, pts);
            for (int j = 0; j < npts; j++)
                if (allowed_hard(h->spanish, lc, nl, pts[j]) && (!h->spanish || allowed_syllabic(lc, nl, pts[j])))
                    pts[k++] = pts[j];
            npts = k;
        }
        for (int j = 0; j < npts && result < max; j++) {
            out[result].offset = off[a + pts[j]];
            out[result].kind = HYPH_SOFT;
            result++;
        }
        free(pts);
        free(lw);
    }

done:
    if (cp != cpbuf) {
        free(cp);
        free(lc);
        free(off);
    }
    return result;
}
