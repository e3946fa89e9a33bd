/* bookindex.c - the back-of-book index: terms, concordance, order.
 *
 * Three independent parts (see bookindex.h for the contracts and the rules):
 *  - the term table: an array of ix_term with a hash on (parent, name), filled
 *    from book/index.xml and from the manuscript's <ix> marks;
 *  - the concordance: every listed pattern is indexed by its first word in a
 *    hash table, so that the running text is read once, word by word, and
 *    each word costs one hash look-up (no rescans per term). Candidate
 *    matches of a run of text are resolved longest-first, then marks are
 *    inserted from the end of the run backwards so that offsets stay valid
 *    while IN_TEXT nodes are split;
 *  - the order: entries sorted by ICU sort keys and grouped under letter
 *    headings (indexorder.c), and page lists merged into ranges. */
#include "bookindex.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"
#include "../input/schemas.h"
#include "../input/xmlload.h"
#include "indexorder.h"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

static uint32_t fnv(const void *p, size_t n, uint32_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 16777619u;
    }
    return h;
}

/* s with runs of XML whitespace collapsed to one space and trimmed, in a. */
static char *collapse(arena *a, const char *s)
{
    size_t n = strlen(s), o = 0;
    char *out = arena_alloc(a, n + 1);
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && o > 0) out[o++] = ' ';
        space = 0;
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}

/* A letter or digit for word boundaries: ASCII letters and digits, the
 * letters of Latin-1 and Latin Extended-A/B and IPA (áéíóúüñ among them),
 * ª º µ, combining diacritics (decomposed accents stay inside the word),
 * Greek and Cyrillic. Everything else (spaces, punctuation, dashes, symbols)
 * separates words. */
static int is_word_cp(uint32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (c == 0xAA || c == 0xB5 || c == 0xBA) return 1;
    if (c >= 0xC0 && c <= 0x2AF) return c != 0xD7 && c != 0xF7;
    if (c >= 0x300 && c <= 0x36F) return 1;
    if (c >= 0x370 && c <= 0x52F) return c != 0x37E && c != 0x387;
    if (c >= 0x1E00 && c <= 0x1EFF) return 1; /* Latin Extended Additional */
    return 0;
}

static uint32_t cp_at(const char *s, size_t n, size_t i, int *len)
{
    return utf8_decode(s + i, n - i, len);
}

/* ------------------------------------------------------------------------ */
/* The term table                                                            */

void ix_init(ix_index *ix)
{
    memset(ix, 0, sizeof *ix);
    arena_init(&ix->mem, 16 * 1024);
}

void ix_free(ix_index *ix)
{
    if (!ix) return;
    for (int i = 0; i < ix->nterms; i++) free(ix->terms[i].pages);
    ix_order_close(ix->order);
    free(ix->terms);
    free(ix->slots);
    arena_free(&ix->mem);
    memset(ix, 0, sizeof *ix);
}

static uint32_t term_hash(const char *parent, const char *name)
{
    uint32_t h = 2166136261u;
    if (parent) {
        h = fnv(parent, strlen(parent), h);
        h = fnv("\x1f", 1, h);
    } else {
        h = fnv("\x1e", 1, h);
    }
    return fnv(name, strlen(name), h);
}

static int term_is(const ix_term *t, const char *parent, const char *name)
{
    if (strcmp(t->name, name) != 0) return 0;
    if (!parent || !t->parent) return !parent && !t->parent;
    return strcmp(t->parent, parent) == 0;
}

static int find_term(const ix_index *ix, const char *parent, const char *name)
{
    if (!ix->nslots) return -1;
    uint32_t mask = (uint32_t)ix->nslots - 1, i = term_hash(parent, name) & mask;
    while (ix->slots[i]) {
        int t = ix->slots[i] - 1;
        if (term_is(&ix->terms[t], parent, name)) return t;
        i = (i + 1) & mask;
    }
    return -1;
}

static void slot_insert(ix_index *ix, int t)
{
    uint32_t mask = (uint32_t)ix->nslots - 1;
    uint32_t i = term_hash(ix->terms[t].parent, ix->terms[t].name) & mask;
    while (ix->slots[i]) i = (i + 1) & mask;
    ix->slots[i] = t + 1;
}

/* Append a new term (strings already in ix->mem) and hash it. */
static int add_term(ix_index *ix, const char *parent, const char *name)
{
    ix_term t;
    memset(&t, 0, sizeof t);
    t.name = name;
    t.parent = parent;
    VEC_PUSH(ix->terms, ix->nterms, ix->cap, t);
    int idx = ix->nterms - 1;
    if ((size_t)ix->nterms * 2 > (size_t)ix->nslots) {
        int n = ix->nslots ? ix->nslots * 2 : 64;
        while (n < ix->nterms * 2) n *= 2;
        free(ix->slots);
        ix->slots = xcalloc((size_t)n, sizeof *ix->slots);
        ix->nslots = n;
        for (int i = 0; i < ix->nterms; i++) slot_insert(ix, i);
    } else {
        slot_insert(ix, idx);
    }
    return idx;
}

int ix_term_find(const ix_index *ix, const char *term, const char *sub)
{
    if (!term) return -1;
    if (sub && *sub) return find_term(ix, term, sub);
    return find_term(ix, NULL, term);
}

int ix_term_get(ix_index *ix, const char *term, const char *sub, const char *see)
{
    int idx;
    if (!term) return -1;
    if (sub && *sub) {
        int m = ix_term_get(ix, term, NULL, NULL);
        idx = find_term(ix, term, sub);
        if (idx < 0) idx = add_term(ix, ix->terms[m].name, arena_strdup(&ix->mem, sub));
    } else {
        idx = find_term(ix, NULL, term);
        if (idx < 0) idx = add_term(ix, NULL, arena_strdup(&ix->mem, term));
    }
    if (see && *see && !ix->terms[idx].see) ix->terms[idx].see = arena_strdup(&ix->mem, see);
    return idx;
}

void ix_add_page(ix_index *ix, int t, int page)
{
    if (t < 0 || t >= ix->nterms || page < 0) return;
    ix_term *term = &ix->terms[t];
    int lo = 0, hi = term->npages;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (term->pages[mid] < page) lo = mid + 1;
        else hi = mid;
    }
    if (lo < term->npages && term->pages[lo] == page) return;
    VEC_GROW(term->pages, term->npages, term->pages_cap);
    memmove(term->pages + lo + 1, term->pages + lo, sizeof *term->pages * (size_t)(term->npages - lo));
    term->pages[lo] = page;
    term->npages++;
}

void ix_add_page_range(ix_index *ix, int t, int from, int to)
{
    if (from > to) {
        int x = from;
        from = to;
        to = x;
    }
    for (int p = from; p <= to; p++) ix_add_page(ix, t, p);
}

void ix_clear_pages(ix_index *ix)
{
    for (int i = 0; i < ix->nterms; i++) ix->terms[i].npages = 0;
}

int ix_check(const ix_index *ix, diag_sink *d)
{
    int n = 0;
    for (int i = 0; i < ix->nterms; i++) {
        const ix_term *t = &ix->terms[i];
        if (t->see && find_term(ix, NULL, t->see) < 0) {
            diag_warning(d, t->loc, "index: \"%s\" refers to \"%s\" (véase), which is not an index term",
                         t->name, t->see);
            n++;
        }
    }
    return n;
}

/* ------------------------------------------------------------------------ */
/* Loading book/index.xml                                                    */

static const char *get_attr(ix_index *ix, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    const char *s = collapse(&ix->mem, (const char *)v);
    xmlFree(v);
    return s;
}

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Add the <match> children of el to term t. */
static void read_matches(ix_index *ix, int t, xmlNodePtr el, xml_loaded *x, diag_sink *d)
{
    int n = 0;
    for (xmlNodePtr c = el->children; c; c = c->next)
        if (is_el(c, "match")) n++;
    if (!n) return;
    ix_term *term = &ix->terms[t];
    const char **m = ARENA_ARRAY(&ix->mem, const char *, term->nmatches + n);
    if (term->nmatches) memcpy(m, term->matches, sizeof *m * (size_t)term->nmatches);
    int k = term->nmatches;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (!is_el(c, "match")) continue;
        xmlChar *v = xmlNodeGetContent(c);
        const char *s = collapse(&ix->mem, v ? (const char *)v : "");
        if (v) xmlFree(v);
        if (!*s) {
            diag_warning(d, xml_node_loc(x, c, d), "empty <match> ignored");
            continue;
        }
        int dup = 0;
        for (int i = 0; i < k; i++)
            if (strcmp(m[i], s) == 0) dup = 1;
        if (!dup) m[k++] = s;
    }
    term->matches = m;
    term->nmatches = k;
}

/* Give term t the sort key key (in ix->mem, or NULL: nothing to do); a second,
 * different key is warned about at loc and ignored. */
static void set_sort(ix_index *ix, int t, const char *key, diag_loc loc, diag_sink *d)
{
    ix_term *term = &ix->terms[t];
    if (!key || !*key) return;
    if (!term->sort) term->sort = key;
    else if (strcmp(term->sort, key) != 0)
        diag_warning(d, loc, "index: \"%s\" already sorts as \"%s\"; sort=\"%s\" ignored", term->name, term->sort,
                     key);
}

/* The term for (parent, name) from the list: new, or merged with a warning
 * when listed before. */
static int listed_term(ix_index *ix, const char *parent, const char *name, diag_loc loc, diag_sink *d)
{
    int t = parent ? ix_term_get(ix, parent, name, NULL) : ix_term_get(ix, name, NULL, NULL);
    ix_term *term = &ix->terms[t];
    if (term->listed) {
        if (parent)
            diag_warning(d, loc, "sub-entry \"%s\" of \"%s\" is listed twice (first at line %d); merged",
                         name, parent, term->loc.line);
        else
            diag_warning(d, loc, "index term \"%s\" is listed twice (first at line %d); merged", name,
                         term->loc.line);
    } else {
        term->listed = 1;
        term->loc = loc;
    }
    return t;
}

int ix_load_terms(ix_index *ix, const char *path, diag_sink *d)
{
    xml_loaded x;
    int errors = d->errors;
    xml_load(&x, path, schema_index_terms_rng, "index terms", 0, d);
    if (!x.valid) {
        xml_loaded_free(&x);
        return -1;
    }
    xmlNodePtr root = xmlDocGetRootElement(x.doc);
    for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
        if (!is_el(n, "term")) continue;
        diag_loc loc = xml_node_loc(&x, n, d);
        const char *name = get_attr(ix, n, "name");
        const char *see = get_attr(ix, n, "see");
        if (!name || !*name) {
            diag_error(d, loc, "index term with an empty name");
            continue;
        }
        int t = listed_term(ix, NULL, name, loc, d);
        set_sort(ix, t, get_attr(ix, n, "sort"), loc, d);
        if (see && *see) {
            if (!ix->terms[t].see) ix->terms[t].see = see;
            else if (strcmp(ix->terms[t].see, see) != 0)
                diag_warning(d, loc, "index term \"%s\" already refers to \"%s\"; \"%s\" ignored", name,
                             ix->terms[t].see, see);
        }
        read_matches(ix, t, n, &x, d);
        const char *main_name = ix->terms[t].name;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (!is_el(c, "sub")) continue;
            diag_loc sloc = xml_node_loc(&x, c, d);
            const char *sname = get_attr(ix, c, "name");
            if (!sname || !*sname) {
                diag_error(d, sloc, "index sub-entry with an empty name");
                continue;
            }
            int s = listed_term(ix, main_name, sname, sloc, d);
            set_sort(ix, s, get_attr(ix, c, "sort"), sloc, d);
            read_matches(ix, s, c, &x, d);
        }
    }
    xml_loaded_free(&x);
    return d->errors > errors ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* The concordance                                                           */

typedef struct pat {
    const char *s;      /* the words, whitespace collapsed */
    size_t len;
    size_t keylen;      /* bytes of the first word (or first code point when not a word) */
    int edge_l, edge_r; /* starts / ends with a letter or digit */
    int *terms;         /* the terms it marks (scratch arena) */
    int nterms;
    int next;           /* next pattern in its hash bucket (longest first): index + 1, 0 ends */
} pat;

typedef struct pair {
    const char *s;
    int term;
} pair;

typedef struct cand {
    size_t start, end;
    int pat;
} cand;

typedef struct conc {
    ix_index *ix;
    doc_book *book;
    arena scratch;
    pat *pats;
    int npats;
    int *buckets; /* pattern index + 1 of the bucket's first pattern; 0 empty */
    uint32_t mask;
    int nonword_keys;
    const char **tname, **sname; /* per term: its strings copied into book->mem */
    /* per-run scratch */
    doc_inline **run;
    int nrun, run_cap;
    size_t *offs;
    int offs_cap;
    char *buf;
    size_t buf_cap;
    cand *cands;
    int ncands, cands_cap;
    int marks;
} conc;

static int pair_cmp(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->term > y->term) - (x->term < y->term);
}

static size_t key_len(const char *s, size_t n)
{
    int l;
    uint32_t c = cp_at(s, n, 0, &l);
    if (!is_word_cp(c)) return (size_t)l;
    size_t i = 0;
    while (i < n) {
        c = cp_at(s, n, i, &l);
        if (!is_word_cp(c)) break;
        i += (size_t)l;
    }
    return i;
}

static int last_is_word(const char *s, size_t n)
{
    size_t i = n;
    int l;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i > 0) i--;
    return is_word_cp(cp_at(s, n, i, &l));
}

/* Build the patterns of the listed terms and their first-word hash. */
static void build_patterns(conc *C)
{
    ix_index *ix = C->ix;
    pair *pairs = NULL;
    int npairs = 0, pcap = 0;
    for (int t = 0; t < ix->nterms; t++) {
        const ix_term *term = &ix->terms[t];
        if (!term->listed) continue;
        if (term->nmatches) {
            for (int m = 0; m < term->nmatches; m++) {
                const char *s = collapse(&C->scratch, term->matches[m]);
                if (*s) VEC_PUSH(pairs, npairs, pcap, ((pair){s, t}));
            }
        } else if (!term->see) {
            const char *s = collapse(&C->scratch, term->name);
            if (*s) VEC_PUSH(pairs, npairs, pcap, ((pair){s, t}));
        }
    }
    if (npairs) qsort(pairs, (size_t)npairs, sizeof *pairs, pair_cmp);
    C->pats = ARENA_ARRAY(&C->scratch, pat, npairs ? npairs : 1);
    for (int i = 0; i < npairs;) {
        int j = i;
        while (j < npairs && strcmp(pairs[j].s, pairs[i].s) == 0) j++;
        pat *p = &C->pats[C->npats++];
        p->s = pairs[i].s;
        p->len = strlen(p->s);
        p->keylen = key_len(p->s, p->len);
        int l;
        p->edge_l = is_word_cp(cp_at(p->s, p->len, 0, &l));
        p->edge_r = last_is_word(p->s, p->len);
        if (!p->edge_l) C->nonword_keys = 1;
        p->terms = ARENA_ARRAY(&C->scratch, int, j - i);
        for (int k = i; k < j; k++)
            if (p->nterms == 0 || p->terms[p->nterms - 1] != pairs[k].term) p->terms[p->nterms++] = pairs[k].term;
        i = j;
    }
    free(pairs);

    uint32_t n = 16;
    while (n < (uint32_t)C->npats * 2) n *= 2;
    C->mask = n - 1;
    C->buckets = ARENA_ARRAY(&C->scratch, int, n);
    for (int i = 0; i < C->npats; i++) {
        pat *p = &C->pats[i];
        uint32_t b = fnv(p->s, p->keylen, 2166136261u) & C->mask;
        /* keep each bucket's chain longest first */
        int *link = &C->buckets[b];
        while (*link && C->pats[*link - 1].len >= p->len) link = &C->pats[*link - 1].next;
        /* buckets hold index + 1, chains hold index + 1 too (0 ends) */
        p->next = *link;
        *link = i + 1;
    }
}

/* Bytes of a space-like character at s (space, U+00A0, U+202F), else 0. */
static size_t space_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && u[0] == ' ') return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF) return 3;
    return 0;
}

/* The end of pattern p matched at b[i..], or 0 when it does not match. */
static size_t match_at(const char *b, size_t n, size_t i, const pat *p)
{
    size_t t = i;
    for (size_t k = 0; k < p->len; k++) {
        if (p->s[k] == ' ') {
            size_t sl = space_len(b + t, n - t);
            if (!sl) return 0;
            t += sl;
        } else {
            if (t >= n || b[t] != p->s[k]) return 0;
            t++;
        }
    }
    if (p->edge_r && t < n) {
        int l;
        if (is_word_cp(cp_at(b, n, t, &l))) return 0;
    }
    return t;
}

/* Look the key b[i..i+klen) up; record the longest pattern matching at i. */
static void try_at(conc *C, const char *b, size_t n, size_t i, size_t klen)
{
    uint32_t h = fnv(b + i, klen, 2166136261u) & C->mask;
    for (int k = C->buckets[h]; k; k = C->pats[k - 1].next) {
        const pat *p = &C->pats[k - 1];
        if (p->keylen != klen || memcmp(p->s, b + i, klen) != 0) continue;
        size_t e = match_at(b, n, i, p);
        if (!e) continue;
        VEC_PUSH(C->cands, C->ncands, C->cands_cap, ((cand){i, e, k - 1}));
        return;
    }
}

static void scan(conc *C, const char *b, size_t n)
{
    int prev_word = 0;
    size_t i = 0;
    while (i < n) {
        int l;
        uint32_t c = cp_at(b, n, i, &l);
        int w = is_word_cp(c);
        if (w && !prev_word) {
            size_t j = i;
            while (j < n) {
                int l2;
                if (!is_word_cp(cp_at(b, n, j, &l2))) break;
                j += (size_t)l2;
            }
            try_at(C, b, n, i, j - i);
        } else if (!w && C->nonword_keys && !space_len(b + i, n - i)) {
            try_at(C, b, n, i, (size_t)l);
        }
        prev_word = w;
        i += (size_t)l;
    }
}

static int cand_by_length(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly) return lx > ly ? -1 : 1;
    return (x->start > y->start) - (x->start < y->start);
}

static int cand_by_end_desc(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return (x->end < y->end) - (x->end > y->end);
}

static const char *book_str(conc *C, const char **cache, const char *s)
{
    if (!*cache) *cache = arena_strdup(&C->book->mem, s);
    return *cache;
}

/* Put the marks of pattern p right after byte local of node (splitting it). */
static void insert_marks(conc *C, doc_inline *node, size_t local, const pat *p)
{
    size_t len = strlen(node->text);
    if (local < len) {
        doc_inline *rest = ARENA_NEW(&C->book->mem, doc_inline);
        rest->kind = IN_TEXT;
        rest->loc = node->loc;
        rest->text = node->text + local; /* the tail of the same immutable string */
        rest->next = node->next;
        node->next = rest;
        node->text = arena_strndup(&C->book->mem, node->text, local);
    }
    for (int k = p->nterms - 1; k >= 0; k--) {
        int t = p->terms[k];
        const ix_term *term = &C->ix->terms[t];
        doc_inline *m = ARENA_NEW(&C->book->mem, doc_inline);
        m->kind = IN_IX;
        m->loc = node->loc;
        if (term->parent) {
            int main = find_term(C->ix, NULL, term->parent);
            m->term = main >= 0 ? book_str(C, &C->tname[main], term->parent)
                                : arena_strdup(&C->book->mem, term->parent);
            m->sub = book_str(C, &C->sname[t], term->name);
        } else {
            m->term = book_str(C, &C->tname[t], term->name);
        }
        m->next = node->next;
        node->next = m;
        C->marks++;
    }
}

/* Find and mark the matches in the run C->run[0..nrun) of IN_TEXT siblings. */
static void process_run(conc *C)
{
    const char *b;
    size_t n;
    if (C->nrun == 1) {
        b = C->run[0]->text;
        n = strlen(b);
        if (C->offs_cap < 1) {
            C->offs = xrealloc(C->offs, sizeof *C->offs * 8);
            C->offs_cap = 8;
        }
        C->offs[0] = 0;
    } else {
        if (C->offs_cap < C->nrun) {
            C->offs_cap = C->nrun * 2;
            C->offs = xrealloc(C->offs, sizeof *C->offs * (size_t)C->offs_cap);
        }
        n = 0;
        for (int k = 0; k < C->nrun; k++) n += strlen(C->run[k]->text);
        if (C->buf_cap < n + 1) {
            C->buf_cap = (n + 1) * 2;
            C->buf = xrealloc(C->buf, C->buf_cap);
        }
        n = 0;
        for (int k = 0; k < C->nrun; k++) {
            size_t l = strlen(C->run[k]->text);
            C->offs[k] = n;
            memcpy(C->buf + n, C->run[k]->text, l);
            n += l;
        }
        C->buf[n] = '\0';
        b = C->buf;
    }
    C->ncands = 0;
    scan(C, b, n);
    if (!C->ncands) return;

    /* longest first; drop what overlaps an accepted match */
    qsort(C->cands, (size_t)C->ncands, sizeof *C->cands, cand_by_length);
    int kept = 0;
    for (int i = 0; i < C->ncands; i++) {
        int clash = 0;
        for (int j = 0; j < kept && !clash; j++)
            clash = C->cands[i].start < C->cands[j].end && C->cands[j].start < C->cands[i].end;
        if (!clash) C->cands[kept++] = C->cands[i];
    }
    /* from the end backwards: splitting a node keeps the earlier offsets valid */
    qsort(C->cands, (size_t)kept, sizeof *C->cands, cand_by_end_desc);
    for (int i = 0; i < kept; i++) {
        size_t e = C->cands[i].end;
        int k = C->nrun - 1;
        while (k > 0 && C->offs[k] >= e) k--;
        insert_marks(C, C->run[k], e - C->offs[k], &C->pats[C->cands[i].pat]);
    }
}

static void walk_inlines(conc *C, doc_inline *in)
{
    while (in) {
        if (in->kind == IN_TEXT) {
            C->nrun = 0;
            doc_inline *last = in;
            for (doc_inline *t = in; t && t->kind == IN_TEXT; t = t->next) {
                if (t->text) VEC_PUSH(C->run, C->nrun, C->run_cap, t);
                last = t;
            }
            doc_inline *after = last->next;
            if (C->nrun) process_run(C);
            in = after;
            continue;
        }
        if (in->kind != IN_IX) walk_inlines(C, in->children); /* hand-marked words stay as they are */
        in = in->next;
    }
}

static void walk_blocks(conc *C, doc_block *b)
{
    for (; b; b = b->next) {
        switch (b->kind) {
        case BL_FIGURE:
        case BL_PAGEBREAK: break; /* a figure's source is a caption, not running text */
        case BL_TABLE:
            if (!b->table) break;
            for (doc_row *r = b->table->rows; r; r = r->next)
                for (doc_cell *c = r->cells; c; c = c->next) {
                    walk_inlines(C, c->content);
                    walk_blocks(C, c->blocks);
                }
            break;
        default:
            walk_inlines(C, b->content);
            walk_blocks(C, b->children);
            break;
        }
    }
}

static void walk_divs(conc *C, doc_div *v)
{
    for (; v; v = v->next) {
        walk_blocks(C, v->blocks);
        walk_inlines(C, v->sig_name); /* a preface's signature is text of its page, not a heading */
        walk_inlines(C, v->sig_role);
        walk_inlines(C, v->sig_org);
        for (doc_event *e = v->events; e; e = e->next) {
            walk_inlines(C, e->content);
            walk_blocks(C, e->blocks);
        }
        walk_divs(C, v->children);
    }
}

int ix_apply_concordance(ix_index *ix, doc_book *book)
{
    conc C;
    memset(&C, 0, sizeof C);
    C.ix = ix;
    C.book = book;
    arena_init(&C.scratch, 32 * 1024);
    build_patterns(&C);
    if (C.npats) {
        C.tname = xcalloc((size_t)ix->nterms, sizeof *C.tname);
        C.sname = xcalloc((size_t)ix->nterms, sizeof *C.sname);
        walk_divs(&C, book->front);
        walk_divs(&C, book->body);
        walk_divs(&C, book->back);
    }
    free(C.tname);
    free(C.sname);
    free(C.run);
    free(C.offs);
    free(C.buf);
    free(C.cands);
    arena_free(&C.scratch);
    return C.marks;
}

/* ------------------------------------------------------------------------ */
/* The order                                                                 */

void ix_set_order(ix_index *ix, const char *lang, const char *symbols, diag_loc where, diag_sink *d)
{
    ix_order_close(ix->order);
    ix->order = ix_order_open(lang, symbols, where, d);
}

static const doc_div *find_index(const doc_div *v)
{
    for (; v; v = v->next) {
        if (v->kind == DIV_INDEX) return v;
        const doc_div *in = find_index(v->children);
        if (in) return in;
    }
    return NULL;
}

/* Walking the book for <ix sort="…"> marks (anywhere: a mark's key does not
 * depend on where the mark is). */
typedef struct sort_marks {
    ix_index *ix;
    diag_sink *d;
} sort_marks;

static void sort_inlines(sort_marks *S, const doc_inline *in)
{
    for (; in; in = in->next) {
        if (in->kind == IN_IX && in->sort && in->term) {
            int t = ix_term_get(S->ix, in->term, in->sub, NULL);
            set_sort(S->ix, t, collapse(&S->ix->mem, in->sort), in->loc, S->d);
        }
        sort_inlines(S, in->children);
    }
}

static void sort_blocks(sort_marks *S, const doc_block *b)
{
    for (; b; b = b->next) {
        sort_inlines(S, b->content);
        sort_blocks(S, b->children);
        if (b->table)
            for (const doc_row *r = b->table->rows; r; r = r->next)
                for (const doc_cell *c = r->cells; c; c = c->next) {
                    sort_inlines(S, c->content);
                    sort_blocks(S, c->blocks);
                }
    }
}

static void sort_divs(sort_marks *S, const doc_div *v)
{
    for (; v; v = v->next) {
        sort_inlines(S, v->title);
        sort_blocks(S, v->blocks);
        sort_inlines(S, v->sig_name);
        sort_inlines(S, v->sig_role);
        sort_inlines(S, v->sig_org);
        for (const doc_event *e = v->events; e; e = e->next) {
            sort_inlines(S, e->content);
            sort_blocks(S, e->blocks);
        }
        for (const doc_entry *e = v->entries; e; e = e->next) sort_inlines(S, e->content);
        sort_divs(S, v->children);
    }
}

void ix_prepare(ix_index *ix, const doc_book *book, const char *collation, diag_loc collation_loc,
                const char *symbols, diag_sink *d)
{
    const doc_div *index = find_index(book->front);
    if (!index) index = find_index(book->body);
    if (!index) index = find_index(book->back);
    if (!index) return; /* nothing to sort, nothing to warn about */
    if (collation) ix_set_order(ix, collation, symbols, collation_loc, d);
    else ix_set_order(ix, book->lang, symbols, index->loc, d);
    sort_marks S = {ix, d};
    sort_divs(&S, book->front);
    sort_divs(&S, book->body);
    sort_divs(&S, book->back);
}

/* ------------------------------------------------------------------------ */
/* Entries and page lists                                                    */

typedef struct sorted {
    const ix_term *t;
    int rank;                /* subs: position of their main term */
    ix_key key;              /* of its sort key or name */
} sorted;

static int by_rank_key(const void *a, const void *b)
{
    const sorted *x = a, *y = b;
    if (x->rank != y->rank) return (x->rank > y->rank) - (x->rank < y->rank);
    if (x->key.symbol != y->key.symbol) return x->key.symbol ? -1 : 1; /* digits and symbols first */
    size_t nx = x->key.len, ny = y->key.len;
    int c = memcmp(x->key.bytes, y->key.bytes, nx < ny ? nx : ny);
    if (!c) c = (nx > ny) - (nx < ny);
    if (!c) c = strcmp(x->t->name, y->t->name); /* equal keys: the bytes decide, never the input's order */
    return c;
}

static sorted keyed(ix_order *o, const ix_term *t, int rank)
{
    sorted s = {t, rank, {0}};
    ix_order_key(o, t->sort ? t->sort : t->name, &s.key);
    return s;
}

int ix_entries(ix_index *ix, ix_entry **out)
{
    int n = ix->nterms;
    *out = NULL;
    if (!n) return 0;
    if (!ix->order) ix->order = ix_order_open(NULL, NULL, (diag_loc){0}, NULL);
    int *parent = xmalloc(sizeof(int) * (size_t)n);
    char *shown = xcalloc((size_t)n, 1);
    for (int i = 0; i < n; i++) {
        const ix_term *t = &ix->terms[i];
        parent[i] = t->parent ? find_term(ix, NULL, t->parent) : -1;
        if (t->npages > 0 || t->see) shown[i] = 1;
    }
    for (int i = 0; i < n; i++) {
        if (ix->terms[i].parent && (parent[i] < 0 || !shown[i])) shown[i] = 0;
    }
    for (int i = 0; i < n; i++)
        if (ix->terms[i].parent && shown[i]) shown[parent[i]] = 1;

    sorted *mains = xmalloc(sizeof *mains * (size_t)n), *subs = xmalloc(sizeof *subs * (size_t)n);
    int nm = 0, ns = 0;
    for (int i = 0; i < n; i++)
        if (shown[i] && !ix->terms[i].parent) mains[nm++] = keyed(ix->order, &ix->terms[i], 0);
    qsort(mains, (size_t)nm, sizeof *mains, by_rank_key);
    int *rank = xmalloc(sizeof(int) * (size_t)n);
    for (int r = 0; r < nm; r++) rank[mains[r].t - ix->terms] = r;
    for (int i = 0; i < n; i++)
        if (shown[i] && ix->terms[i].parent) subs[ns++] = keyed(ix->order, &ix->terms[i], rank[parent[i]]);
    qsort(subs, (size_t)ns, sizeof *subs, by_rank_key);

    ix_entry *e = nm + ns ? xmalloc(sizeof *e * (size_t)(nm + ns)) : NULL;
    int k = 0, s = 0;
    const char *heading = NULL;
    for (int r = 0; r < nm; r++) {
        ix_entry *m = &e[k++];
        m->term = mains[r].t;
        m->level = 0;
        m->letter = heading = ix_order_heading(ix->order, &mains[r].key, heading);
        for (; s < ns && subs[s].rank == r; s++) {
            e[k].term = subs[s].t;
            e[k].level = 1;
            e[k].letter = m->letter;
            k++;
        }
    }
    for (int i = 0; i < nm; i++) ix_key_free(&mains[i].key);
    for (int i = 0; i < ns; i++) ix_key_free(&subs[i].key);
    free(parent);
    free(shown);
    free(mains);
    free(subs);
    free(rank);
    *out = e;
    return k;
}

static int all_digits(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static void page_label(const char *(*label)(void *, int), void *user, int page, char *buf, size_t cap)
{
    const char *l = label ? label(user, page) : NULL;
    if (l) snprintf(buf, cap, "%s", l);
    else snprintf(buf, cap, "%d", page + 1);
}

int ix_page_runs(const ix_term *t, int *from, int *to, int max, const char *(*label)(void *user, int page), void *user)
{
    int n = 0;
    for (int i = 0; i < t->npages && n < max;) {
        char first[48], last[48];
        page_label(label, user, t->pages[i], first, sizeof first);
        int kind = all_digits(first), j = i;
        while (j + 1 < t->npages && t->pages[j + 1] == t->pages[j] + 1) {
            page_label(label, user, t->pages[j + 1], last, sizeof last);
            if (all_digits(last) != kind) break;
            j++;
        }
        from[n] = t->pages[i];
        to[n++] = t->pages[j];
        i = j + 1;
    }
    return n;
}

void ix_format_pages(const ix_term *t, char *buf, size_t cap, const char *(*label)(void *user, int page), void *user)
{
    size_t len = 0;
    if (!cap) return;
    buf[0] = '\0';
    int nr = t->npages;
    int *from = xcalloc((size_t)nr + 1, sizeof *from), *to = xcalloc((size_t)nr + 1, sizeof *to);
    nr = ix_page_runs(t, from, to, nr, label, user);
    for (int r = 0; r < nr; r++) {
        char first[48], last[48], item[112];
        page_label(label, user, from[r], first, sizeof first);
        if (to[r] > from[r]) {
            page_label(label, user, to[r], last, sizeof last);
            snprintf(item, sizeof item, "%s%s-%s", len ? ", " : "", first, last);
        } else {
            snprintf(item, sizeof item, "%s%s", len ? ", " : "", first);
        }
        size_t il = strlen(item);
        if (len + il + 1 > cap) {
            if (len + 4 <= cap) memcpy(buf + len, "\xE2\x80\xA6", 4); /* "…" and its NUL */
            break;
        }
        memcpy(buf + len, item, il + 1);
        len += il;
    }
    free(from);
    free(to);
}
