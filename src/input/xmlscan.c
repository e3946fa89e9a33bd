/* xmlscan.c - see xmlscan.h. */
#include "xmlscan.h"

#include <stdint.h>
#include <string.h>

#include "../base/bounds.h"

typedef struct {
    const char *path, *kind;
    const unsigned char *t;
    size_t n;
    diag_sink *d;
} scan;

/* The place of byte offset off: line, and column in characters (as the
 * loader counts them: every byte that does not continue a UTF-8 sequence). */
static diag_loc place(const scan *s, size_t off)
{
    int line = 1, col = 1;
    for (size_t i = 0; i < off && i < s->n; i++) {
        if (s->t[i] == '\n') {
            line++;
            col = 1;
        } else if ((s->t[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    return diag_at(s->d, s->path, line, col);
}

static void where(const scan *s, size_t off, char *buf, size_t cap)
{
    diag_loc l = place(s, off);
    snprintf(buf, cap, "%d:%d", l.line, l.col);
}

/* "folio manuscripts are UTF-8", in the words of the file's kind. */
static const char *utf8_rule(const char *kind)
{
    if (kind && !strcmp(kind, "manuscript")) return "folio manuscripts are UTF-8";
    if (kind && !strcmp(kind, "layout")) return "folio layouts are UTF-8";
    return "folio reads UTF-8 only";
}

/* ---- the encoding ---- */

/* What a byte that is not UTF-8 would be in Windows-1252 (Latin-1 with
 * printable 0x80-0x9F), for the message; "" when nothing printable. */
static const char *latin1_char(unsigned char b, char *buf)
{
    static const char *const w1252[32] = {
        "\xE2\x82\xAC", "", "\xE2\x80\x9A", "\xC6\x92", "\xE2\x80\x9E", "\xE2\x80\xA6", "\xE2\x80\xA0",
        "\xE2\x80\xA1", "\xCB\x86", "\xE2\x80\xB0", "\xC5\xA0", "\xE2\x80\xB9", "\xC5\x92", "", "\xC5\xBD", "",
        "", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xA2", "\xE2\x80\x93",
        "\xE2\x80\x94", "\xCB\x9C", "\xE2\x84\xA2", "\xC5\xA1", "\xE2\x80\xBA", "\xC5\x93", "", "\xC5\xBE",
        "\xC5\xB8"};
    if (b >= 0x80 && b < 0xA0) return w1252[b - 0x80];
    if (b == 0xA0 || b == 0xAD) return ""; /* a space and a soft hyphen: nothing to show */
    buf[0] = (char)(0xC0 | (b >> 6));
    buf[1] = (char)(0x80 | (b & 0x3F));
    buf[2] = 0;
    return buf;
}

/* The length of the valid UTF-8 sequence at t[i] and its code point, or 0. */
static int utf8_at(const unsigned char *t, size_t n, size_t i, uint32_t *cp)
{
    unsigned char c = t[i];
    int len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (i + (size_t)len > n) return 0;
    for (int k = 1; k < len; k++) {
        if ((t[i + k] & 0xC0) != 0x80) return 0;
        v = v << 6 | (t[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* UTF-16 or UTF-32, told by the byte order mark or by the zeros around the
 * first characters ("<?" is 3C 00 3F 00 in UTF-16LE); 0 when neither. */
static int wide_encoding(const unsigned char *t, size_t n, int *bom)
{
    *bom = 0;
    if (n >= 4 && !memcmp(t, "\xFF\xFE\0\0", 4)) return *bom = 1, 32;
    if (n >= 4 && !memcmp(t, "\0\0\xFE\xFF", 4)) return *bom = 1, 32;
    if (n >= 2 && (!memcmp(t, "\xFF\xFE", 2) || !memcmp(t, "\xFE\xFF", 2))) return *bom = 1, 16;
    if (n < 4) return 0;
    if (t[0] && !t[1] && !t[2] && !t[3]) return 32;
    if (!t[0] && !t[1] && !t[2] && t[3]) return 32;
    if ((t[0] && !t[1] && t[2] && !t[3]) || (!t[0] && t[1] && !t[2] && t[3])) return 16;
    return 0;
}

/* Does the XML declaration among the first bytes (zeros dropped) say UTF-8? */
static int declares_utf8(const unsigned char *t, size_t n)
{
    char head[256];
    size_t o = 0;
    for (size_t i = 0; i < n && i < 1024 && o + 1 < sizeof head; i++)
        if (t[i] && t[i] < 0x80) head[o++] = (char)t[i];
    head[o] = 0;
    const char *e = strstr(head, "encoding");
    if (!strstr(head, "<?xml") || !e) return 0;
    e += 8;
    while (*e == ' ' || *e == '=' || *e == '"' || *e == '\'') e++;
    return !strncmp(e, "UTF-8", 5) || !strncmp(e, "utf-8", 5);
}

static int is_name_end(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/' || c == '='; }
static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The encoding and the characters of the whole file; start gets the offset
 * after a UTF-8 byte order mark. Returns the errors (0 or 1). */
static int check_encoding(scan *s, size_t *start)
{
    const unsigned char *t = s->t;
    size_t n = s->n;
    int bom;
    *start = 0;
    int wide = wide_encoding(t, n, &bom);
    if (wide) {
        diag_loc at = diag_at(s->d, s->path, 1, 1);
        const char *rule = utf8_rule(s->kind);
        if (bom)
            diag_error(s->d, at, "this file is UTF-%d (it starts with a UTF-%d byte order mark), but %s: save it as UTF-8",
                       wide, wide, rule);
        else if (declares_utf8(t, n))
            diag_error(s->d, at,
                       "this file is UTF-%d without a byte order mark, though its XML declaration says UTF-8; %s: save it as UTF-8",
                       wide, rule);
        else
            diag_error(s->d, at, "this file is UTF-%d without a byte order mark, but %s: save it as UTF-8", wide, rule);
        return 1;
    }
    if (n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) *start = 3;
    /* <?xml ... encoding="X"?>: only UTF-8 (or its subset ASCII) */
    size_t i = *start;
    if (n - i >= 6 && !memcmp(t + i, "<?xml", 5) && is_ws(t[i + 5])) {
        size_t end = i;
        while (end + 1 < n && end < i + 1024 && !(t[end] == '?' && t[end + 1] == '>')) end++;
        for (size_t k = i; k + 8 < end; k++) {
            if (memcmp(t + k, "encoding", 8) != 0) continue;
            size_t v = k + 8;
            while (v < end && (is_ws(t[v]) || t[v] == '=')) v++;
            if (v >= end || (t[v] != '"' && t[v] != '\'')) break;
            unsigned char q = t[v++];
            size_t ve = v;
            while (ve < end && t[ve] != q) ve++;
            char enc[64];
            size_t el = ve - v < sizeof enc - 1 ? ve - v : sizeof enc - 1;
            memcpy(enc, t + v, el);
            enc[el] = 0;
            for (char *c = enc; *c; c++)
                if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 32);
            if (strcmp(enc, "UTF-8") && strcmp(enc, "UTF8") && strcmp(enc, "US-ASCII") && strcmp(enc, "ASCII")) {
                diag_error(s->d, place(s, k),
                           "the XML declaration says encoding=\"%.*s\", but %s: save the file as UTF-8 and declare "
                           "encoding=\"UTF-8\" (or no encoding)",
                           (int)(ve - v > 40 ? 40 : ve - v), (const char *)t + v, utf8_rule(s->kind));
                return 1;
            }
            break;
        }
    }
    for (i = *start; i < n;) {
        uint32_t cp;
        int len = utf8_at(t, n, i, &cp);
        if (!len) {
            char buf[4];
            const char *as = latin1_char(t[i], buf);
            if (*as)
                diag_error(s->d, place(s, i),
                           "byte 0x%02X is not UTF-8 (in Latin-1 or Windows-1252 it is \"%s\"): %s; save the file as UTF-8",
                           t[i], as, utf8_rule(s->kind));
            else
                diag_error(s->d, place(s, i), "byte 0x%02X is not UTF-8: %s; save the file as UTF-8", t[i],
                           utf8_rule(s->kind));
            return 1;
        }
        /* XML 1.0 Char: no control characters but tab and the line ends, no U+FFFE, U+FFFF */
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
            diag_error(s->d, place(s, i), "character U+%04X (a control character) is not allowed in XML", (unsigned)cp);
            return 1;
        }
        i += (size_t)len;
    }
    return 0;
}

/* ---- structure and sizes ---- */

typedef struct {
    size_t off;      /* of the '<' */
    size_t name_off;
    int name_len;
    int kind;        /* index in the limits, or -1 */
    int children;    /* elements directly inside it so far */
    int of_kind[XML_SCAN_MAX_KINDS]; /* of them, of each limited kind */
} open_el;

static int kind_of(const xml_nest_limit *limits, const unsigned char *name, int len)
{
    for (int k = 0; limits && limits[k].name && k < XML_SCAN_MAX_KINDS; k++)
        if ((int)strlen(limits[k].name) == len && !memcmp(limits[k].name, name, (size_t)len)) return k;
    return -1;
}

/* "50.0 MB" for sizes from a megabyte up, else "" */
static void megabytes(size_t bytes, char *buf, size_t cap)
{
    if (bytes >= 1000000) snprintf(buf, cap, " (%.1f MB)", (double)bytes / 1048576.0);
    else buf[0] = 0;
}

/* "the <p> at 10:7" (the innermost open element) or "the file" */
static void container(const scan *s, const open_el *st, int nst, char *buf, size_t cap)
{
    if (nst <= 0) {
        snprintf(buf, cap, "the file");
        return;
    }
    char at[32];
    where(s, st[nst - 1].off, at, sizeof at);
    snprintf(buf, cap, "the <%.*s> at %s", st[nst - 1].name_len > 64 ? 64 : st[nst - 1].name_len,
             (const char *)s->t + st[nst - 1].name_off, at);
}

/* A word that began at off with more characters than allowed: report it
 * with its whole length (counted to its end). in: what holds it. */
static void long_word(const scan *s, size_t off, const char *in, int in_attr)
{
    size_t chars = 0, e = off;
    while (e < s->n && !is_ws(s->t[e]) && s->t[e] != '<' && !(in_attr && (s->t[e] == '"' || s->t[e] == '\''))) {
        if ((s->t[e] & 0xC0) != 0x80) chars++;
        e++;
    }
    char mb[32];
    megabytes(e - off, mb, sizeof mb);
    diag_error(s->d, place(s, off), "%s has a word of %zu characters%s; the limit is %d characters (is a space missing?)",
               in, chars, mb, FOLIO_MAX_WORD_CHARS);
}

/* The attributes of the start tag whose name ends at i; returns the offset
 * of its '>' (or of the end of the text), *self_closing when "/>". */
static size_t scan_attrs(scan *s, size_t i, const open_el *el, int *self_closing, int *errors)
{
    const unsigned char *t = s->t;
    size_t n = s->n;
    *self_closing = 0;
    while (i < n && t[i] != '>') {
        if (t[i] == '/' && i + 1 < n && t[i + 1] == '>') {
            *self_closing = 1;
            return i + 1;
        }
        if (is_ws(t[i]) || t[i] == '/') {
            i++;
            continue;
        }
        size_t an = i;
        while (i < n && !is_name_end(t[i])) i++;
        int alen = (int)(i - an);
        while (i < n && is_ws(t[i])) i++;
        if (i >= n || t[i] != '=') {
            if (alen == 0) i++; /* not well-formed: libxml2 will say so */
            continue;
        }
        i++;
        while (i < n && is_ws(t[i])) i++;
        if (i >= n || (t[i] != '"' && t[i] != '\'')) continue;
        unsigned char q = t[i++];
        size_t v = i, word = i, wchars = 0;
        for (; i < n && t[i] != q && t[i] != '<'; i++) {
            if (is_ws(t[i])) {
                wchars = 0;
                word = i + 1;
            } else if ((t[i] & 0xC0) != 0x80 && ++wchars > FOLIO_MAX_WORD_CHARS) {
                char in[200];
                snprintf(in, sizeof in, "attribute %.*s of <%.*s>", alen > 64 ? 64 : alen, (const char *)t + an,
                         el->name_len > 64 ? 64 : el->name_len, (const char *)t + el->name_off);
                long_word(s, word, in, 1);
                (*errors)++;
                return n;
            }
            if (i - v >= (size_t)FOLIO_MAX_ATTR_BYTES) {
                size_t e = i;
                while (e < n && t[e] != q) e++;
                char mb[32];
                megabytes(e - v, mb, sizeof mb);
                diag_error(s->d, place(s, an), "attribute %.*s of <%.*s> is %zu bytes long%s; the limit is %ld KB",
                           alen > 64 ? 64 : alen, (const char *)t + an, el->name_len > 64 ? 64 : el->name_len,
                           (const char *)t + el->name_off, e - v, mb, FOLIO_MAX_ATTR_BYTES / 1024);
                (*errors)++;
                return n;
            }
        }
        if (i < n && t[i] == q) i++;
    }
    return i;
}

/* Text (or a CDATA section's content) from i to the next '<' (or, for
 * CDATA, to "]]>"): its size and its words. Returns where it ends. */
static size_t scan_text(scan *s, size_t i, int cdata, const open_el *st, int nst, int *errors)
{
    const unsigned char *t = s->t;
    size_t n = s->n, start = i, word = i, wchars = 0;
    for (; i < n; i++) {
        if (cdata ? (t[i] == ']' && i + 2 < n && t[i + 1] == ']' && t[i + 2] == '>') : t[i] == '<') break;
        if (is_ws(t[i])) {
            wchars = 0;
            word = i + 1;
            continue;
        }
        if ((t[i] & 0xC0) != 0x80 && ++wchars > FOLIO_MAX_WORD_CHARS) {
            char in[200];
            container(s, st, nst, in, sizeof in);
            long_word(s, word, in, 0);
            (*errors)++;
            return n;
        }
        if (i - start >= (size_t)FOLIO_MAX_TEXT_BYTES) {
            size_t e = i;
            while (e < n && t[e] != '<') e++;
            while (start < e && is_ws(t[start])) start++;
            char in[200], mb[32];
            container(s, st, nst, in, sizeof in);
            megabytes(e - start, mb, sizeof mb);
            diag_error(s->d, place(s, start),
                       "%s holds %zu bytes of text%s without any markup; the limit is %ld MB between two tags", in,
                       e - start, mb, FOLIO_MAX_TEXT_BYTES >> 20);
            (*errors)++;
            return n;
        }
    }
    return i;
}

static size_t skip_to(const unsigned char *t, size_t n, size_t i, const char *end)
{
    size_t el = strlen(end);
    for (; i + el <= n; i++)
        if (!memcmp(t + i, end, el)) return i + el;
    return n;
}

static int scan_structure(scan *s, size_t i, const xml_nest_limit *limits, xml_scan_outer *outer)
{
    const unsigned char *t = s->t;
    size_t n = s->n;
    open_el st[FOLIO_MAX_DEPTH + 1];
    int nst = 0, errors = 0;
    int open[XML_SCAN_MAX_KINDS];
    memcpy(open, outer->open, sizeof open);
    while (i < n && !errors) {
        if (t[i] != '<') {
            i = scan_text(s, i, 0, st, nst, &errors);
            continue;
        }
        if (n - i >= 4 && !memcmp(t + i, "<!--", 4)) {
            i = skip_to(t, n, i + 4, "-->");
        } else if (n - i >= 9 && !memcmp(t + i, "<![CDATA[", 9)) {
            i = scan_text(s, i + 9, 1, st, nst, &errors);
            i = skip_to(t, n, i, "]]>");
        } else if (n - i >= 2 && t[i + 1] == '?') {
            i = skip_to(t, n, i + 2, "?>");
        } else if (n - i >= 2 && t[i + 1] == '!') { /* DOCTYPE and its internal subset */
            int depth = 0;
            unsigned char q = 0;
            for (i += 2; i < n; i++) {
                if (q) {
                    if (t[i] == q) q = 0;
                } else if (t[i] == '"' || t[i] == '\'') q = t[i];
                else if (t[i] == '[') depth++;
                else if (t[i] == ']') depth--;
                else if (t[i] == '>' && depth <= 0) break;
            }
            i++;
        } else if (n - i >= 2 && t[i + 1] == '/') {
            size_t nm = i + 2, e = nm;
            while (e < n && !is_name_end(t[e])) e++;
            /* close the innermost element of that name (and any left open inside it) */
            for (int k = nst - 1; k >= 0; k--) {
                if (st[k].name_len != (int)(e - nm) || memcmp(t + st[k].name_off, t + nm, e - nm)) continue;
                while (nst > k) {
                    nst--;
                    if (st[nst].kind >= 0) open[st[nst].kind]--;
                }
                break;
            }
            i = skip_to(t, n, e, ">");
        } else {
            open_el el;
            memset(&el, 0, sizeof el);
            el.off = i;
            el.name_off = i + 1;
            el.kind = -1;
            size_t e = i + 1;
            while (e < n && !is_name_end(t[e])) e++;
            el.name_len = (int)(e - el.name_off);
            el.kind = kind_of(limits, t + el.name_off, el.name_len);
            int nl = el.name_len > 64 ? 64 : el.name_len;
            const char *name = (const char *)t + el.name_off;
            if (++outer->elements > FOLIO_MAX_ELEMENTS) {
                diag_error(s->d, place(s, i), "this <%.*s> is element number %ld; the limit is %d elements in all", nl, name,
                           outer->elements, FOLIO_MAX_ELEMENTS);
                return 1;
            }
            if (nst > 0 && el.kind >= 0 && limits[el.kind].max_in_parent &&
                ++st[nst - 1].of_kind[el.kind] > limits[el.kind].max_in_parent) {
                char in[200];
                container(s, st, nst, in, sizeof in);
                diag_error(s->d, place(s, i), "this is %s %d of %s; the limit is %d %s", limits[el.kind].singular,
                           st[nst - 1].of_kind[el.kind], in, limits[el.kind].max_in_parent, limits[el.kind].plural);
                return 1;
            }
            if (nst > 0 && ++st[nst - 1].children > FOLIO_MAX_CHILDREN) {
                char in[200];
                container(s, st, nst, in, sizeof in);
                diag_error(s->d, place(s, i), "this <%.*s> is element number %d directly inside %s; the limit is %d", nl,
                           name, st[nst - 1].children, in, FOLIO_MAX_CHILDREN);
                return 1;
            }
            int level = outer->depth + nst + 1;
            if (level > FOLIO_MAX_DEPTH) {
                diag_error(s->d, place(s, i),
                           "this <%.*s> is nested %d elements deep; the limit is %d elements inside one another", nl, name,
                           level, FOLIO_MAX_DEPTH);
                return 1;
            }
            if (el.kind >= 0 && limits[el.kind].max && open[el.kind] + 1 > limits[el.kind].max) {
                char outermost[64] = "";
                for (int k = 0; k < nst; k++)
                    if (st[k].kind == el.kind) {
                        char at[32];
                        where(s, st[k].off, at, sizeof at);
                        snprintf(outermost, sizeof outermost, " (the outermost opens at %s)", at);
                        break;
                    }
                diag_error(s->d, place(s, i), "%s nest %d deep here%s; the limit is %d", limits[el.kind].plural,
                           open[el.kind] + 1, outermost, limits[el.kind].max);
                return 1;
            }
            int self_closing;
            i = scan_attrs(s, e, &el, &self_closing, &errors) + 1;
            if (errors) return errors;
            if (!self_closing) {
                st[nst++] = el;
                if (el.kind >= 0) open[el.kind]++;
            }
        }
    }
    return errors;
}

int xml_scan(const char *path, const char *kind, const unsigned char *text, size_t len,
             const xml_nest_limit *limits, xml_scan_outer *outer, diag_sink *d)
{
    scan s = {path, kind, text, len, d};
    size_t start;
    if (check_encoding(&s, &start)) return 1;
    return scan_structure(&s, start, limits, outer);
}

int xml_scan_text(const char *path, const char *kind, const unsigned char *text, size_t len, diag_sink *d)
{
    scan s = {path, kind, text, len, d};
    size_t start;
    return check_encoding(&s, &start);
}
