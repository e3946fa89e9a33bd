/* indexorder.c - the order of the back-of-book index, from ICU (see indexorder.h).
 *
 * One collator per book, opened once and closed by its owner; every key is a
 * sort key (ucol_getSortKey), so sorting is a memcmp per comparison and the
 * same entries always come out in the same order. Letter headings compare
 * the primary level of the keys (the bytes before the first level
 * separator, 01): letters alike but for accents or case share a heading. */
#include "indexorder.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>

#include "../base/xalloc.h"

typedef struct ix_label {
    char *text;              /* UTF-8, as CLDR gives it ("A", "Ñ", "CH") */
    unsigned char *primary;  /* its primary weights */
    size_t plen;
    UScriptCode script;
} ix_label;

struct ix_order {
    UCollator *coll;
    char locale[ULOC_FULLNAME_CAPACITY];
    char *symbols;
    ix_label *labels;        /* sorted by primary weight, no two alike */
    int nlabels, labels_cap;
    ix_label *own;           /* headings made from an entry's own first letter */
    int nown, own_cap;
};

/* ------------------------------------------------------------------------ */
/* Text and keys                                                             */

/* text as UTF-16 (invalid bytes as U+FFFD), malloc'd; its length in *n. */
static UChar *to_utf16(const char *text, int32_t *n)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t need = 0;
    u_strFromUTF8WithSub(NULL, 0, &need, text, -1, 0xFFFD, NULL, &e);
    UChar *u = xmalloc(sizeof(UChar) * (size_t)(need + 1));
    e = U_ZERO_ERROR;
    u_strFromUTF8WithSub(u, need + 1, n, text, -1, 0xFFFD, NULL, &e);
    if (U_FAILURE(e)) *n = 0;
    return u;
}

/* The sort key of u[0..n), malloc'd, its length (with the final 0) in *len. */
static uint8_t *sort_key(const UCollator *c, const UChar *u, int32_t n, int32_t *len)
{
    uint8_t stack[256];
    int32_t k = c ? ucol_getSortKey(c, u, n, stack, (int32_t)sizeof stack) : 0;
    uint8_t *key = xmalloc((size_t)(k > 0 ? k : 1));
    if (k > (int32_t)sizeof stack) ucol_getSortKey(c, u, n, key, k);
    else if (k > 0) memcpy(key, stack, (size_t)k);
    else key[0] = 0; /* ICU failed: an empty key */
    *len = k > 0 ? k : 1;
    return key;
}

/* Bytes of the primary level of a key: those before the first separator. */
static size_t primary_len(const unsigned char *key, size_t len)
{
    const unsigned char *sep = memchr(key, 0x01, len);
    return sep ? (size_t)(sep - key) : len;
}

static int bytes_cmp(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    if (c) return c;
    return (na > nb) - (na < nb);
}

/* What is not filed on before an entry's first word: spaces, brackets and
 * quotation marks (categories Ps Pe Pi Pf), ¿ ¡ and the ASCII quotes. Other
 * punctuation (% # & @ *) is the entry's first sign: the symbols group. */
static int is_skipped_lead(UChar32 c)
{
    int8_t t = u_charType(c);
    return u_isUWhiteSpace(c) || u_iscntrl(c) || t == U_START_PUNCTUATION || t == U_END_PUNCTUATION ||
           t == U_INITIAL_PUNCTUATION || t == U_FINAL_PUNCTUATION || c == 0xBF || c == 0xA1 || c == '"' ||
           c == '\'';
}

/* ucol_getSortKey's key of text as a label: its primary weights; 0 when it has none. */
static int make_label(const UCollator *c, const UChar *s, int32_t n, ix_label *l)
{
    int32_t klen;
    uint8_t *key = sort_key(c, s, n, &klen);
    l->plen = primary_len(key, (size_t)(klen - 1));
    l->primary = key;
    UChar32 first;
    U16_GET(s, 0, 0, n, first);
    l->script = uscript_getScript(first, &(UErrorCode){U_ZERO_ERROR});
    char buf[64];
    int32_t bl = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strToUTF8(buf, (int32_t)sizeof buf - 1, &bl, s, n, &e);
    if (U_FAILURE(e) || l->plen == 0) {
        free(key);
        return 0;
    }
    buf[bl] = '\0';
    l->text = xstrdup(buf);
    return 1;
}

/* The index of the heading made from letter c: c upper case, without its
 * accent ("á" -> "A", "ω" -> "Ω"), added to o->own when new. */
static int own_heading(ix_order *o, UChar32 c)
{
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&e);
    UChar dec[16];
    int32_t dn = U_SUCCESS(e) ? unorm2_getDecomposition(nfd, c, dec, 16, &e) : -1;
    if (dn > 0 && U_SUCCESS(e)) U16_GET(dec, 0, 0, dn, c);
    c = u_toupper(c);
    UChar one[2];
    int32_t ol = 0;
    U16_APPEND_UNSAFE(one, ol, c);
    ix_label l;
    if (!make_label(o->coll, one, ol, &l)) {
        l.text = xstrdup("?"); /* a letter without weight: cannot happen with ICU's data */
        l.primary = NULL;
        l.plen = 0;
    }
    for (int k = 0; k < o->nown; k++)
        if (strcmp(o->own[k].text, l.text) == 0) {
            free(l.text);
            free(l.primary);
            return k;
        }
    VEC_PUSH(o->own, o->nown, o->own_cap, l);
    return o->nown - 1;
}

void ix_order_key(ix_order *o, const char *text, ix_key *k)
{
    memset(k, 0, sizeof *k);
    k->own = -1;
    int32_t n;
    UChar *u = to_utf16(text, &n);
    /* leading quotation marks, brackets and spaces are not filed on:
     * «El Mercurio» is an E (a text of nothing else keeps them, so that it
     * has a key at all) */
    int32_t start = 0;
    UChar32 first = 0; /* the first letter, digit or symbol filed on; 0 none */
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(u, i, n, c);
        if (!is_skipped_lead(c)) {
            start = at;
            first = c;
            break;
        }
    }

    /* each ", "-separated part keyed on its own, the keys merged level by
     * level (ucol_mergeSortkeys puts a 02 between parts, below any weight):
     * an inverted heading sorts by the words before its comma first */
    uint8_t *key = NULL;
    int32_t klen = 0;
    int32_t p = start;
    while (p <= n) {
        int32_t q = p;
        while (q < n && !(u[q] == ',' && q + 1 < n && u_isUWhiteSpace(u[q + 1]))) q++;
        int32_t plen;
        uint8_t *part = sort_key(o->coll, u + p, q - p, &plen);
        if (!key) {
            key = part;
            klen = plen;
        } else {
            uint8_t *merged = xmalloc((size_t)(klen + plen));
            int32_t m = ucol_mergeSortkeys(key, klen, part, plen, merged, klen + plen);
            free(key);
            free(part);
            key = merged;
            klen = m > 0 ? m : 1;
            if (m <= 0) key[0] = 0;
        }
        if (q >= n) break;
        p = q + 1;
        while (p < n && u_isUWhiteSpace(u[p])) p++;
    }
    free(u);
    k->bytes = key;
    k->len = (size_t)(klen > 0 ? klen - 1 : 0); /* without the final 0 */

    /* the group */
    k->symbol = !u_isalpha(first);
    if (k->symbol) return;
    size_t pl = primary_len(key, k->len);
    int lo = 0, hi = o->nlabels; /* the last label at or before the key */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (bytes_cmp(o->labels[mid].primary, o->labels[mid].plen, key, pl) <= 0) lo = mid + 1;
        else hi = mid;
    }
    UScriptCode sc = uscript_getScript(first, &(UErrorCode){U_ZERO_ERROR});
    if (lo > 0) {
        UScriptCode ls = o->labels[lo - 1].script;
        /* hiragana index letters also head katakana words (Japanese) */
        int kana = (ls == USCRIPT_HIRAGANA || ls == USCRIPT_KATAKANA) &&
                   (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA);
        if (ls == sc || kana) {
            k->label = o->labels[lo - 1].text;
            return;
        }
    }
    k->own = own_heading(o, first);
}

void ix_key_free(ix_key *k)
{
    free(k->bytes);
    k->bytes = NULL;
}

const char *ix_order_heading(const ix_order *o, const ix_key *k, const char *prev)
{
    if (k->symbol) return o->symbols;
    if (k->label) return k->label;
    if (k->own < 0) return o->symbols;
    /* a run of headings of their own: an entry stays under the heading
     * before it while that heading's letter begins its key (first level),
     * so that "Æthelred" (a + e) after "Adams" stays under A, and no
     * heading comes twice */
    for (int i = 0; prev && i < o->nown; i++)
        if (o->own[i].text == prev) {
            size_t pl = primary_len(k->bytes, k->len);
            if (o->own[i].plen <= pl && memcmp(o->own[i].primary, k->bytes, o->own[i].plen) == 0) return prev;
            break;
        }
    return o->own[k->own].text;
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */

static int label_cmp(const void *a, const void *b)
{
    const ix_label *x = a, *y = b;
    int c = bytes_cmp(x->primary, x->plen, y->primary, y->plen);
    return c ? c : strcmp(x->text, y->text);
}

static void add_label(ix_order *o, const UChar *s, int32_t n)
{
    ix_label l;
    if (n > 0 && make_label(o->coll, s, n, &l)) VEC_PUSH(o->labels, o->nlabels, o->labels_cap, l);
}

/* The index letters CLDR lists for the collator's locale. The locale is the
 * one the collator found data for (never the process's default locale,
 * which ICU would fall back to for an unknown language: the same book must
 * give the same headings on every machine); root has none. */
static void load_labels(ix_order *o)
{
    if (!strcmp(o->locale, "root") || !o->locale[0]) return;
    UErrorCode e = U_ZERO_ERROR;
    ULocaleData *ld = ulocdata_open(o->locale, &e);
    USet *set = U_SUCCESS(e) ? ulocdata_getExemplarSet(ld, NULL, 0, ULOCDATA_ES_INDEX, &e) : NULL;
    if (set && U_SUCCESS(e)) {
        int32_t items = uset_getItemCount(set);
        for (int32_t i = 0; i < items; i++) {
            UChar32 from, to;
            UChar str[32];
            UErrorCode ie = U_ZERO_ERROR;
            int32_t sl = uset_getItem(set, i, &from, &to, str, 32, &ie);
            if (U_FAILURE(ie)) continue;
            if (sl > 0) {
                add_label(o, str, sl); /* a string: "CH" */
                continue;
            }
            for (UChar32 c = from; c <= to; c++) {
                UChar one[2];
                int32_t ol = 0;
                U16_APPEND_UNSAFE(one, ol, c);
                add_label(o, one, ol);
            }
        }
    }
    if (set) uset_close(set);
    if (ld) ulocdata_close(ld);
    if (o->nlabels > 1) qsort(o->labels, (size_t)o->nlabels, sizeof *o->labels, label_cmp);
    int kept = 0; /* letters alike at the first level head one group */
    for (int i = 0; i < o->nlabels; i++) {
        if (kept && bytes_cmp(o->labels[kept - 1].primary, o->labels[kept - 1].plen, o->labels[i].primary,
                              o->labels[i].plen) == 0) {
            free(o->labels[i].text);
            free(o->labels[i].primary);
            continue;
        }
        o->labels[kept++] = o->labels[i];
    }
    o->nlabels = kept;
}

/* The collator's settings, chosen for a book index:
 *  - strength tertiary: letters first, then accents, then case (the three
 *    levels of an index; "papa" < "papá", "abeja" < "Abeja" as the locale
 *    orders case); what still ties is ordered by the text's bytes by the
 *    caller, so no fourth level is needed;
 *  - numeric: digits compare by the number they spell, "9" < "10",
 *    "Ley 6.334" < "Ley 20.416";
 *  - alternate non-ignorable: spaces and punctuation are not skipped but
 *    sort below digits and letters, which files word by word ("San Martín"
 *    before "Sanhueza") as ISO 999 and the RAE advise;
 *  - normalization on: decomposed accents (n + U+0303) collate as composed;
 *  - case first and the rest as the locale's CLDR tailoring sets them. */
static void configure(UCollator *c)
{
    UErrorCode e = U_ZERO_ERROR;
    ucol_setStrength(c, UCOL_TERTIARY);
    ucol_setAttribute(c, UCOL_NUMERIC_COLLATION, UCOL_ON, &e);
    ucol_setAttribute(c, UCOL_ALTERNATE_HANDLING, UCOL_NON_IGNORABLE, &e);
    ucol_setAttribute(c, UCOL_NORMALIZATION_MODE, UCOL_ON, &e);
}

ix_order *ix_order_open(const char *lang, const char *symbols, diag_loc where, diag_sink *d)
{
    ix_order *o = xcalloc(1, sizeof *o);
    o->symbols = xstrdup(symbols && *symbols ? symbols : "0-9");
    char id[ULOC_FULLNAME_CAPACITY] = "";
    if (lang && *lang && strcmp(lang, "und") != 0 && strcmp(lang, "root") != 0) {
        UErrorCode e = U_ZERO_ERROR;
        int32_t parsed = 0;
        uloc_forLanguageTag(lang, id, (int32_t)sizeof id, &parsed, &e);
        if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING || parsed != (int32_t)strlen(lang)) {
            if (d) diag_warning(d, where, "index: \"%s\" is not a language tag ICU can read; the index is sorted "
                                "in Unicode's default order (CLDR root)", lang);
            id[0] = '\0';
        }
    }
    UErrorCode e = U_ZERO_ERROR;
    o->coll = ucol_open(id, &e);
    if (U_FAILURE(e) || !o->coll) {
        if (o->coll) ucol_close(o->coll);
        if (d) diag_warning(d, where, "index: ICU cannot open a collator for \"%s\" (%s); the index is sorted in "
                            "Unicode's default order (CLDR root)", lang, u_errorName(e));
        e = U_ZERO_ERROR;
        o->coll = ucol_open("", &e);
    }
    const char *valid = o->coll ? ucol_getLocaleByType(o->coll, ULOC_VALID_LOCALE, &(UErrorCode){U_ZERO_ERROR}) : NULL;
    snprintf(o->locale, sizeof o->locale, "%s", valid ? valid : "root");
    /* a language ICU knows nothing of falls back to root ("xx"), as does
     * English, whose order is root's but whose data is "en": only the
     * former is a problem worth telling */
    if (id[0] && !strcmp(o->locale, "root") && d)
        diag_warning(d, where, "index: ICU has no collation for the language \"%s\"; the index is sorted in "
                     "Unicode's default order (CLDR root), with headings from each entry's first letter", lang);
    if (o->coll) {
        configure(o->coll);
        load_labels(o);
    }
    return o;
}

void ix_order_close(ix_order *o)
{
    if (!o) return;
    if (o->coll) ucol_close(o->coll);
    for (int i = 0; i < o->nlabels; i++) {
        free(o->labels[i].text);
        free(o->labels[i].primary);
    }
    free(o->labels);
    for (int i = 0; i < o->nown; i++) {
        free(o->own[i].text);
        free(o->own[i].primary);
    }
    free(o->own);
    free(o->symbols);
    free(o);
}

const char *ix_order_locale(const ix_order *o)
{
    return o->locale;
}
