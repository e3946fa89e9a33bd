/* proof.c - the proofreading report (see proof.h).
 *
 * Each run of running text (a paragraph, a list item, a cell, a note, a
 * title…) is flattened into one buffer: the text of its IN_TEXT nodes in
 * order (inside em, strong, q, link, span…), a marker byte where a note is
 * called (the note's own text is a run of its own), nothing for what folio
 * generates (references, quotation marks). Scanners walk the buffer and
 * record occurrences of each kind's two forms with the text node they start
 * in; the report then lists the inconsistent ones (proof.h) at their place
 * in the source file. */
#include "proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/xalloc.h"

#define NOTE_MARK '\x01'

typedef struct piece {
    const doc_inline *node; /* the IN_TEXT node, or the IN_NOTE node of a marker */
    int start, len;         /* bytes of the buffer it fills */
} piece;

typedef struct run {
    char *t;
    int n, cap;
    piece *p;
    int np, pcap;
} run;

typedef struct occ {
    proof_kind kind;
    int form;
    diag_loc at;            /* the element's place (or the note's) */
    char needle[64];        /* the source text to find after it ("" : report at the element) */
    int nth;                /* earlier occurrences of the same needle at the same element */
    char excerpt[96];
} occ;

typedef struct seen {
    diag_loc at;
    char needle[64];
    int count;
} seen;

typedef struct file_text {
    const char *path;
    char *text;
    size_t len;
} file_text;

typedef struct proof_ctx {
    diag_sink *d;
    occ *v;
    int n, cap;
    seen *s;
    int ns, scap;
    file_text *files;
    int nfiles, fcap;
} proof_ctx;

/* ---- flattening ---- */

static void put(run *r, const char *s, int len, const doc_inline *node)
{
    if (len <= 0) return;
    while (r->n + len + 1 > r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->t = xrealloc(r->t, (size_t)r->cap);
    }
    memcpy(r->t + r->n, s, (size_t)len);
    piece pc = {node, r->n, len};
    VEC_PUSH(r->p, r->np, r->pcap, pc);
    r->n += len;
    r->t[r->n] = 0;
}

static void scan_run(proof_ctx *c, run *r);
static void proof_inlines(proof_ctx *c, const doc_inline *in);

static void flatten(proof_ctx *c, run *r, const doc_inline *in)
{
    for (; in; in = in->next) {
        switch (in->kind) {
        case IN_TEXT: put(r, in->text, (int)strlen(in->text), in); break;
        case IN_NOTE: {
            char m = NOTE_MARK;
            put(r, &m, 1, in);
            break;
        }
        case IN_REF: break; /* folio's own text */
        case IN_BR: put(r, " ", 1, NULL); break;
        default: flatten(c, r, in->children); break;
        }
    }
}

/* The notes' own text: runs of their own. */
static void notes_of(proof_ctx *c, const doc_inline *in)
{
    for (; in; in = in->next) {
        if (in->kind == IN_NOTE) proof_inlines(c, in->children);
        else if (in->kind != IN_TEXT) notes_of(c, in->children);
    }
}

static void proof_inlines(proof_ctx *c, const doc_inline *in)
{
    if (!in) return;
    run r = {0};
    flatten(c, &r, in);
    if (r.n) scan_run(c, &r);
    free(r.t);
    free(r.p);
    notes_of(c, in);
}

/* ---- occurrences ---- */

static const piece *piece_at(const run *r, int pos)
{
    for (int i = 0; i < r->np; i++)
        if (pos >= r->p[i].start && pos < r->p[i].start + r->p[i].len) return &r->p[i];
    return NULL;
}

static int same_loc(diag_loc a, diag_loc b) { return a.file == b.file && a.line == b.line && a.col == b.col; }

/* Record an occurrence of kind/form that starts at byte pos of the run and
 * spans len bytes (the needle looked for in the source is its part inside
 * the node it starts in). */
static void record(proof_ctx *c, const run *r, int pos, int len, proof_kind kind, int form)
{
    const piece *pc = piece_at(r, pos);
    if (!pc || !pc->node) return;
    occ o;
    memset(&o, 0, sizeof o);
    o.kind = kind;
    o.form = form;
    o.at = pc->node->loc;
    if (pc->node->kind == IN_TEXT) {
        int end = pos + len < pc->start + pc->len ? pos + len : pc->start + pc->len;
        int nl = end - pos < (int)sizeof o.needle - 1 ? end - pos : (int)sizeof o.needle - 1;
        memcpy(o.needle, r->t + pos, (size_t)nl);
        o.needle[nl] = 0;
        /* how many of the same text this element held before */
        int k;
        for (k = 0; k < c->ns; k++)
            if (same_loc(c->s[k].at, o.at) && !strcmp(c->s[k].needle, o.needle)) break;
        if (k == c->ns) {
            seen s;
            memset(&s, 0, sizeof s);
            s.at = o.at;
            memcpy(s.needle, o.needle, sizeof s.needle);
            VEC_PUSH(c->s, c->ns, c->scap, s);
        }
        o.nth = c->s[k].count++;
    }
    /* a little context, the note calls shown as "[n]" */
    int a = pos - 18 > 0 ? pos - 18 : 0, b = pos + len + 18 < r->n ? pos + len + 18 : r->n;
    while (a > 0 && (r->t[a] & 0xC0) == 0x80) a--;
    while (b < r->n && (r->t[b] & 0xC0) == 0x80) b++;
    int q = 0;
    for (int i = a; i < b && q < (int)sizeof o.excerpt - 4; i++) {
        if (r->t[i] == NOTE_MARK) {
            memcpy(o.excerpt + q, "[n]", 3);
            q += 3;
        } else o.excerpt[q++] = r->t[i];
    }
    o.excerpt[q] = 0;
    VEC_PUSH(c->v, c->n, c->cap, o);
}

/* ---- scanners ---- */

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* A letter of a word (ASCII letters and the Latin letters of UTF-8). */
static int letter_at(const char *t, int n, int i)
{
    if (i < 0 || i >= n) return 0;
    unsigned char ch = (unsigned char)t[i];
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) return 1;
    if (ch >= 0xC3 && ch <= 0xC5) return 1; /* á é ñ ü… and Latin Extended-A */
    return 0;
}

/* The first byte of the character that ends before byte i. */
static int prev_char(const char *t, int i)
{
    i--;
    while (i > 0 && (t[i] & 0xC0) == 0x80) i--;
    return i;
}

static int is_space_at(const char *t, int n, int i)
{
    if (i < 0 || i >= n) return 0;
    if (t[i] == ' ') return 1;
    if ((unsigned char)t[i] == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0xA0) return 1; /* no-break space */
    return 0;
}

/* Within a token that is an address (URL, e-mail, path): not text to proofread. */
static int in_address(const char *t, int n, int i)
{
    int a = i, b = i;
    while (a > 0 && t[a - 1] != ' ') a--;
    while (b < n && t[b] != ' ') b++;
    for (int k = a; k < b; k++)
        if (t[k] == '/' || t[k] == '@' || t[k] == '_' || t[k] == '=') return 1;
    return 0;
}

static int starts(const char *t, int n, int i, const char *s)
{
    int l = (int)strlen(s);
    return i + l <= n && !memcmp(t + i, s, (size_t)l);
}

#define EN_DASH "\xE2\x80\x93"
#define RAYA "\xE2\x80\x94"
#define MINUS "\xE2\x88\x92"

/* A number's digits and points and commas, from i: its end. */
static int number_end(const char *t, int n, int i)
{
    while (i < n && (is_digit(t[i]) || ((t[i] == '.' || t[i] == ',') && i + 1 < n && is_digit(t[i + 1])))) i++;
    return i;
}

/* Units and nouns after which a four-digit number is a quantity, not a year. */
static int unit_follows(const char *t, int n, int i)
{
    static const char *units[] = {"mm", "km", "m ", "m,", "m.", "kg", "ha", "hectáreas", "habitantes", "personas",
                                  "empresas", "socios", "trabajadores", "alumnos", "metros", "kilómetros", "litros",
                                  "toneladas", "millones", "pesos", "dólares", "familias", "viviendas", "predios", NULL};
    if (!is_space_at(t, n, i)) return 0;
    i += t[i] == ' ' ? 1 : 2;
    for (int k = 0; units[k]; k++) {
        int l = (int)strlen(units[k]);
        if (starts(t, n, i, units[k]) && (units[k][l - 1] == ' ' || units[k][l - 1] == ',' || units[k][l - 1] == '.' ||
                                          i + l >= n || !letter_at(t, n, i + l)))
            return 1;
    }
    return 0;
}

static void scan_run(proof_ctx *c, run *r)
{
    const char *t = r->t;
    int n = r->n;
    int open_raya = -1; /* a hyphen that opened an inciso ("antigua -el"), waiting for its closing one */
    for (int i = 0; i < n; i++) {
        /* rayas, and hyphens that stand for them or for minus signs */
        if (starts(t, n, i, RAYA)) record(c, r, i, 3, PROOF_RAYA, 1);
        if (starts(t, n, i, MINUS)) record(c, r, i, 3, PROOF_MINUS, 1);
        if (t[i] == '-' && !in_address(t, n, i)) {
            int before_space = i == 0 || is_space_at(t, n, prev_char(t, i)) || t[i - 1] == '(';
            if (before_space && i + 1 < n && is_digit(t[i + 1])) record(c, r, i, 2, PROOF_MINUS, 0);
            else if (before_space && letter_at(t, n, i + 1)) open_raya = i;
            else if (open_raya >= 0 && letter_at(t, n, prev_char(t, i)) &&
                     (i + 1 >= n || is_space_at(t, n, i + 1) || strchr(",.;:)", t[i + 1]))) {
                /* the pair: reported once, at the opening hyphen */
                record(c, r, open_raya, 2, PROOF_RAYA, 0);
                open_raya = -1;
            }
        }
        /* number ranges: 1789-2024 against 1929–1961 */
        if (is_digit(t[i]) && (i == 0 || (!is_digit(t[i - 1]) && t[i - 1] != '.' && t[i - 1] != ',' && t[i - 1] != '-' &&
                                          !letter_at(t, n, prev_char(t, i))))) {
            int e = number_end(t, n, i);
            int dash = t[e] == '-' ? 1 : starts(t, n, e, EN_DASH) ? 3 : 0;
            if (dash && e + dash < n && is_digit(t[e + dash]) && !in_address(t, n, i)) {
                int e2 = number_end(t, n, e + dash);
                int third = e2 < n && (t[e2] == '-' || starts(t, n, e2, EN_DASH)) && e2 + 1 < n && is_digit(t[e2 + 1]);
                if (!third && (e2 >= n || !letter_at(t, n, e2))) record(c, r, i, e2 - i, PROOF_RANGE, dash == 3);
            }
            /* four-digit numbers: "1.177" against "1640" (before a unit, or after $) */
            if (!letter_at(t, n, e)) {
                int len = e - i;
                int pointed = len == 5 && t[i + 1] == '.';
                int bare = len == 4 && is_digit(t[i + 1]) && is_digit(t[i + 2]) && is_digit(t[i + 3]);
                int money = i > 0 && (t[i - 1] == '$' || (i > 1 && t[i - 2] == '$' && is_space_at(t, n, i - 1)));
                if (pointed) record(c, r, i, len, PROOF_THOUSANDS, 0);
                else if (bare && (unit_follows(t, n, e) || money)) record(c, r, i, len, PROOF_THOUSANDS, 1);
            }
            /* "35 %" against "4%" */
            if (t[e] == '%') record(c, r, i, e + 1 - i, PROOF_PERCENT, 1);
            else if (is_space_at(t, n, e) && e + (t[e] == ' ' ? 1 : 2) < n && t[e + (t[e] == ' ' ? 1 : 2)] == '%')
                record(c, r, i, e + (t[e] == ' ' ? 2 : 3) - i, PROOF_PERCENT, 0);
        }
        /* "$ 3,65" against "$0,42" */
        if (t[i] == '$') {
            if (i + 1 < n && is_digit(t[i + 1])) record(c, r, i, 2, PROOF_DOLLAR, 1);
            else if (is_space_at(t, n, i + 1)) {
                int k = i + 1 + (t[i + 1] == ' ' ? 1 : 2);
                if (k < n && is_digit(t[k])) record(c, r, i, k + 1 - i, PROOF_DOLLAR, 0);
            }
        }
        /* "N.º" against "N°", "Nº" */
        if ((t[i] == 'N' || t[i] == 'n') && !letter_at(t, n, prev_char(t, i)) && (i == 0 || !letter_at(t, n, i - 1))) {
            if (starts(t, n, i + 1, ".\xC2\xBA")) record(c, r, i, 4, PROOF_NUMERO, 0);
            else if (starts(t, n, i + 1, "\xC2\xB0") || starts(t, n, i + 1, "\xC2\xBA")) record(c, r, i, 3, PROOF_NUMERO, 1);
        }
        /* note calls after the punctuation ("año.¹") or before it ("año¹.") */
        if (t[i] == NOTE_MARK) {
            int a = i;
            while (a > 0 && t[a - 1] == NOTE_MARK) a--;
            int b = i;
            while (b < n && t[b] == NOTE_MARK) b++;
            if (a == i) { /* the first call of a group */
                char before = a > 0 ? t[a - 1] : 0, after = b < n ? t[b] : 0;
                const piece *pc = piece_at(r, i);
                int form = strchr(".,;:", before) && before ? 0 : after && strchr(".,;:", after) ? 1 : -1;
                if (form >= 0 && pc) {
                    occ o;
                    memset(&o, 0, sizeof o);
                    o.kind = PROOF_NOTE_CALL;
                    o.form = form;
                    o.at = pc->node->loc; /* the note's own element: its place is exact */
                    int x = a - 20 > 0 ? a - 20 : 0;
                    while (x > 0 && (t[x] & 0xC0) == 0x80) x--;
                    snprintf(o.excerpt, sizeof o.excerpt, "%.*s[n]%.*s", a - x, t + x, b < n ? 1 : 0, t + b);
                    VEC_PUSH(c->v, c->n, c->cap, o);
                }
            }
        }
    }
}

/* A title: only the spaced hyphen ("1947 - 1962") is looked for. */
static void proof_title(proof_ctx *c, const doc_inline *title, const char *text, diag_loc at)
{
    run r = {0};
    doc_inline plain;
    memset(&plain, 0, sizeof plain);
    if (title) flatten(c, &r, title);
    else if (text) {
        plain.kind = IN_TEXT;
        plain.text = text;
        plain.loc = at;
        put(&r, text, (int)strlen(text), &plain);
    }
    for (int i = 1; i + 1 < r.n; i++)
        if (r.t[i] == '-' && r.t[i - 1] == ' ' && r.t[i + 1] == ' ') record(c, &r, i - 1, 3, PROOF_TITLE, 0);
    free(r.t);
    free(r.p);
}

/* ---- walking the book ---- */

static void proof_blocks(proof_ctx *c, const doc_block *b)
{
    for (; b; b = b->next) {
        proof_inlines(c, b->content);
        if (b->title) proof_title(c, NULL, b->title, b->loc);
        if (b->table) {
            for (const doc_row *row = b->table->rows; row; row = row->next)
                for (const doc_cell *ce = row->cells; ce; ce = ce->next) {
                    proof_inlines(c, ce->content);
                    proof_blocks(c, ce->blocks);
                }
        }
        proof_blocks(c, b->children);
    }
}

static void proof_divs(proof_ctx *c, const doc_div *v)
{
    for (; v; v = v->next) {
        if (v->title || v->title_text) proof_title(c, v->title, v->title_text, v->loc);
        proof_blocks(c, v->blocks);
        for (const doc_event *e = v->events; e; e = e->next) {
            proof_inlines(c, e->content);
            proof_blocks(c, e->blocks);
        }
        for (const doc_entry *e = v->entries; e; e = e->next) proof_inlines(c, e->content);
        proof_inlines(c, v->sig_name);
        proof_inlines(c, v->sig_role);
        proof_inlines(c, v->sig_org);
        proof_divs(c, v->children);
    }
}

/* ---- places in the source ---- */

static const file_text *source(proof_ctx *c, const char *path)
{
    for (int i = 0; i < c->nfiles; i++)
        if (c->files[i].path == path) return &c->files[i];
    file_text f = {path, NULL, 0};
    FILE *fp = fopen(path, "rb");
    if (fp) {
        size_t cap = 0;
        char buf[8192];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
            if (f.len + got + 1 > cap) {
                cap = (f.len + got + 1) * 2;
                f.text = xrealloc(f.text, cap);
            }
            memcpy(f.text + f.len, buf, got);
            f.len += got;
        }
        if (f.text) f.text[f.len] = 0;
        fclose(fp);
    }
    VEC_PUSH(c->files, c->nfiles, c->fcap, f);
    return &c->files[c->nfiles - 1];
}

/* Whether needle matches the source at s (a space matching any run of white space); its length there. */
static size_t match_at(const char *s, size_t avail, const char *needle)
{
    size_t i = 0;
    for (const char *q = needle; *q; q++) {
        if (*q == ' ') {
            if (i >= avail || !strchr(" \t\r\n", s[i])) return 0;
            while (i < avail && strchr(" \t\r\n", s[i])) i++;
        } else {
            if (i >= avail || s[i] != *q) return 0;
            i++;
        }
    }
    return i ? i : 0;
}

/* The place of the nth occurrence of needle after the element at `at`, or `at`. */
static diag_loc locate(proof_ctx *c, diag_loc at, const char *needle, int nth)
{
    if (!at.file || at.line < 1 || !needle[0]) return at;
    const file_text *f = source(c, at.file);
    if (!f->text) return at;
    size_t off = 0;
    int line = 1;
    while (off < f->len && line < at.line)
        if (f->text[off++] == '\n') line++;
    for (int col = 1; off < f->len && col < at.col; off++)
        if (((unsigned char)f->text[off] & 0xC0) != 0x80) col++;
    for (size_t i = off; i < f->len; i++) {
        if (!match_at(f->text + i, f->len - i, needle)) continue;
        if (nth-- > 0) continue;
        diag_loc l = at;
        l.line = 1;
        l.col = 1;
        for (size_t k = 0; k < i; k++) {
            if (f->text[k] == '\n') {
                l.line++;
                l.col = 1;
            } else if (((unsigned char)f->text[k] & 0xC0) != 0x80) l.col++;
        }
        return l;
    }
    return at;
}

/* ---- the report ---- */

static const char *const form_name[PROOF_KINDS][2] = {
    [PROOF_RAYA] = {"a hyphen used as a raya", "a raya (\xE2\x80\x94)"},
    [PROOF_MINUS] = {"a hyphen used as a minus sign", "a minus sign (\xE2\x88\x92)"},
    [PROOF_RANGE] = {"a range with a hyphen", "a range with an en dash"},
    [PROOF_PERCENT] = {"a % after a space", "a % without a space"},
    [PROOF_DOLLAR] = {"a $ before a space", "a $ without a space"},
    [PROOF_NUMERO] = {"N.\xC2\xBA", "N\xC2\xB0 (not N.\xC2\xBA)"},
    [PROOF_TITLE] = {"a spaced hyphen in a title", ""},
    [PROOF_NOTE_CALL] = {"a note call after the punctuation", "a note call before the punctuation"},
    [PROOF_THOUSANDS] = {"a four-digit number with a thousands point", "a four-digit number without a thousands point"},
};

void proof_book(const doc_book *book, diag_sink *d, proof_summary *s)
{
    proof_ctx c;
    memset(&c, 0, sizeof c);
    c.d = d;
    memset(s, 0, sizeof *s);
    /* the book's own title and subtitle, in the root file's <meta> */
    diag_loc root = diag_at(d, book->path, 1, 1);
    if (book->title) proof_title(&c, NULL, book->title, root);
    if (book->subtitle) proof_title(&c, NULL, book->subtitle, root);
    proof_divs(&c, book->front);
    proof_divs(&c, book->body);
    proof_divs(&c, book->back);
    for (int i = 0; i < c.n; i++) s->form[c.v[i].kind][c.v[i].form]++;
    /* which forms are listed: the misused hyphens and the titles' always, of
     * the others the rarer form when both are written (both when as common) */
    int list[PROOF_KINDS][2];
    memset(list, 0, sizeof list);
    for (int k = 0; k < PROOF_KINDS; k++) {
        if (k == PROOF_RAYA || k == PROOF_MINUS || k == PROOF_TITLE) list[k][0] = 1;
        else if (s->form[k][0] && s->form[k][1]) {
            list[k][0] = s->form[k][0] <= s->form[k][1];
            list[k][1] = s->form[k][1] <= s->form[k][0];
        }
    }
    for (int i = 0; i < c.n; i++) {
        const occ *o = &c.v[i];
        if (!list[o->kind][o->form]) continue;
        diag_loc at = locate(&c, o->at, o->needle, o->nth);
        int other = 1 - o->form, count = s->form[o->kind][other];
        const char *example = "";
        for (int j = 0; j < c.n && !*example; j++)
            if (c.v[j].kind == o->kind && c.v[j].form == other) example = c.v[j].excerpt;
        if (o->kind == PROOF_TITLE)
            diag_note(d, at, "proof: %s (\"%s\"): a range takes a hyphen or an en dash, without spaces",
                      form_name[o->kind][0], o->excerpt);
        else if (o->kind == PROOF_RAYA || o->kind == PROOF_MINUS)
            diag_note(d, at, "proof: %s (\"%s\"); the book has %s %d time%s", form_name[o->kind][0], o->excerpt,
                      form_name[o->kind][1], count, count == 1 ? "" : "s");
        else
            diag_note(d, at, "proof: %s (\"%s\"), where the book has %s %d time%s (\"%s\")", form_name[o->kind][o->form],
                      o->excerpt, form_name[o->kind][other], count, count == 1 ? "" : "s", example);
        s->listed[o->kind]++;
        s->total++;
    }
    for (int i = 0; i < c.nfiles; i++) free(c.files[i].text);
    free(c.files);
    free(c.v);
    free(c.s);
}

void proof_summary_line(const proof_summary *s, char *buf, size_t cap)
{
    static const char *const what[PROOF_KINDS] = {
        [PROOF_RAYA] = "hyphens as rayas %d (rayas %d)",
        [PROOF_MINUS] = "hyphens as minus signs %d (minus signs %d)",
        [PROOF_RANGE] = "ranges %d (with a hyphen %d, with an en dash %d)",
        [PROOF_PERCENT] = "%% %d (spaced %d, unspaced %d)",
        [PROOF_DOLLAR] = "$ %d (spaced %d, unspaced %d)",
        [PROOF_NUMERO] = "N\xC2\xB0 and N.\xC2\xBA %d (N.\xC2\xBA %d, N\xC2\xB0 %d)",
        [PROOF_TITLE] = "spaced hyphens in titles %d",
        [PROOF_NOTE_CALL] = "note calls %d (after the punctuation %d, before it %d)",
        [PROOF_THOUSANDS] = "four-digit numbers %d (with a point %d, without %d)",
    };
    size_t n = (size_t)snprintf(buf, cap, "%d inconsistenc%s listed:", s->total, s->total == 1 ? "y" : "ies");
    for (int k = 0; k < PROOF_KINDS && n < cap; k++) {
        char detail[160];
        if (k == PROOF_RAYA || k == PROOF_MINUS) snprintf(detail, sizeof detail, what[k], s->listed[k], s->form[k][1]);
        else if (k == PROOF_TITLE) snprintf(detail, sizeof detail, what[k], s->listed[k]);
        else snprintf(detail, sizeof detail, what[k], s->listed[k], s->form[k][0], s->form[k][1]);
        n += (size_t)snprintf(buf + n, cap - n, "%s %s", k ? ";" : "", detail);
    }
}
