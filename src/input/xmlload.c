/* xmlload.c - see xmlload.h.
 *
 * Places. libxml2 2.9 keeps in each element the line where its start tag
 * ends, but no column. Each file's text is therefore scanned once by a small
 * tokenizer (comments, CDATA, processing instructions and the DTD skipped)
 * that lists every start tag with the line and column of its '<' and of each
 * attribute name. After loading (and XInclude), one walk over the tree pairs
 * every element with its start tag: the file is the node's base (XInclude
 * gives the root of each included file an xml:base), the tag is the next one
 * in that file with the same name whose '>' is on the node's line. The pairing
 * is stored as an index in node->_private.
 *
 * XInclude. Before libxml2 resolves anything, every xi:include is checked
 * here: its href must stay inside the manuscript's folder and name a file
 * that exists; each problem is reported at the xi:include with the href as
 * written. libxml2's entity loader is also restricted (for nested includes
 * and entities), and the internal DTD subset may declare no external entity.
 *
 * Schema errors. libxml2's RELAX NG messages are terse and cascade (one
 * missing title gives "Expecting element title, got p" and "Element chapter
 * failed to validate content"). They are only used to know that the document
 * is invalid; then a second, simpler check reads the same schema and walks
 * the document: unknown elements and attributes, attribute values, required
 * attributes and children, text where none may be. Its conditions are all
 * necessary ones, so it never blames valid input; when it finds nothing
 * (an ordering problem, say) libxml2's own messages are reported instead,
 * minus the cascades. */
#include "xmlload.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/uri.h>
#include <libxml/xinclude.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlschemastypes.h>

#include "../base/bounds.h"
#include "../base/fileio.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "xmlscan.h"
#include "xmlwords.h"

typedef struct {
    int line, col;
    size_t name_off, name_len;
} src_attr;

typedef struct {
    size_t start, name_off, name_len;
    int line, col; /* of the '<' */
    int end_line;  /* of the '>' (what libxml2 records) */
    int attr0, nattrs;
    size_t content; /* offset just after the '>' */
    size_t end;     /* offset just after the element's end tag ("/>" or "</name>"); 0 unknown */
} src_tag;

struct xml_source {
    char *path;
    char *text;
    size_t len;
    size_t *line_start; /* offset of each line's first byte; line 1 at [0] */
    int nlines;
    src_tag *tags;
    int ntags, tags_cap;
    src_attr *attrs;
    int nattrs, attrs_cap;
    int cursor; /* next tag to pair with an element */
    xml_source *next;
};

struct xml_nodepos {
    xml_source *src;
    int tag;
};

/* ---- file texts ---- */

static int source_line_of(const xml_source *s, size_t off)
{
    int lo = 0, hi = s->nlines - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (s->line_start[mid] <= off) lo = mid;
        else hi = mid - 1;
    }
    return lo + 1;
}

/* Column (1-based, in characters) of byte offset off on its line. */
static int source_col_of(const xml_source *s, int line, size_t off)
{
    int col = 1;
    for (size_t j = s->line_start[line - 1]; j < off && j < s->len; j++)
        if (((unsigned char)s->text[j] & 0xC0) != 0x80) col++;
    return col;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static size_t skip_past(const char *t, size_t n, size_t i, const char *end)
{
    size_t el = strlen(end);
    for (; i + el <= n; i++)
        if (memcmp(t + i, end, el) == 0) return i + el;
    return n;
}

/* A place moving forward through s: line and column of byte off, counted
 * from the last place asked (the tokenizer asks in increasing order, so a
 * file is counted once, however long its lines). */
typedef struct {
    const xml_source *s;
    size_t off;
    int line, col;
} src_cursor;

static void cursor_to(src_cursor *c, size_t off, int *line, int *col)
{
    if (off < c->off) { /* never, but stay correct */
        c->off = 0;
        c->line = c->col = 1;
    }
    for (; c->off < off && c->off < c->s->len; c->off++) {
        if (c->s->text[c->off] == '\n') {
            c->line++;
            c->col = 1;
        } else if (((unsigned char)c->s->text[c->off] & 0xC0) != 0x80) {
            c->col++;
        }
    }
    *line = c->line;
    *col = c->col;
}

/* List the start tags of s, in document order. */
static void source_tokenize(xml_source *s)
{
    const char *t = s->text;
    size_t n = s->len, i = 0;
    src_cursor cur = {s, 0, 1, 1};
    int ignored;
    int *open = NULL, nopen = 0, open_cap = 0; /* tags not yet closed, innermost last */
    while (i < n) {
        if (t[i] != '<') {
            i++;
            continue;
        }
        if (n - i >= 4 && memcmp(t + i, "<!--", 4) == 0) {
            i = skip_past(t, n, i + 4, "-->");
        } else if (n - i >= 9 && memcmp(t + i, "<![CDATA[", 9) == 0) {
            i = skip_past(t, n, i + 9, "]]>");
        } else if (n - i >= 2 && t[i + 1] == '?') {
            i = skip_past(t, n, i + 2, "?>");
        } else if (n - i >= 2 && t[i + 1] == '!') { /* DOCTYPE and its internal subset */
            int depth = 0;
            char q = 0;
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
            size_t nm = i + 2, ne = nm;
            while (ne < n && !is_space(t[ne]) && t[ne] != '>') ne++;
            i = skip_past(t, n, i + 2, ">");
            /* the innermost open tag of that name ends here (those inside it too) */
            for (int k = nopen - 1; k >= 0; k--) {
                src_tag *o = &s->tags[open[k]];
                if (o->name_len != ne - nm || memcmp(t + o->name_off, t + nm, ne - nm) != 0) continue;
                o->end = i;
                nopen = k;
                break;
            }
        } else {
            src_tag tag = {0};
            tag.start = i;
            cursor_to(&cur, i, &tag.line, &tag.col);
            tag.attr0 = s->nattrs;
            i++;
            tag.name_off = i;
            while (i < n && !is_space(t[i]) && t[i] != '>' && t[i] != '/') i++;
            tag.name_len = i - tag.name_off;
            for (;;) {
                while (i < n && is_space(t[i])) i++;
                if (i >= n) break;
                if (t[i] == '>') break;
                if (t[i] == '/') {
                    i++;
                    continue;
                }
                src_attr a = {0};
                a.name_off = i;
                while (i < n && !is_space(t[i]) && t[i] != '=' && t[i] != '>' && t[i] != '/') i++;
                a.name_len = i - a.name_off;
                cursor_to(&cur, a.name_off, &a.line, &a.col);
                VEC_PUSH(s->attrs, s->nattrs, s->attrs_cap, a);
                while (i < n && is_space(t[i])) i++;
                if (i < n && t[i] == '=') {
                    i++;
                    while (i < n && is_space(t[i])) i++;
                    if (i < n && (t[i] == '"' || t[i] == '\'')) {
                        char q = t[i++];
                        while (i < n && t[i] != q) i++;
                        i++;
                    }
                }
                if (a.name_len == 0) i++; /* malformed: do not loop */
            }
            tag.nattrs = s->nattrs - tag.attr0;
            cursor_to(&cur, i < n ? i : n ? n - 1 : 0, &tag.end_line, &ignored);
            tag.content = i + 1;
            int self_closing = i < n && i > tag.name_off && t[i - 1] == '/';
            if (self_closing) tag.end = i + 1;
            VEC_PUSH(s->tags, s->ntags, s->tags_cap, tag);
            if (!self_closing) VEC_PUSH(open, nopen, open_cap, s->ntags - 1);
            i++;
        }
    }
    free(open);
}

/* Make text (len bytes, NUL-terminated, malloc'd: taken over) the source of path. */
static xml_source *source_add(xml_loaded *x, const char *path, char *text, size_t len)
{
    xml_source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->text = text;
    s->len = len;
    int lines_cap = 0;
    VEC_PUSH(s->line_start, s->nlines, lines_cap, 0);
    for (size_t i = 0; i < len; i++)
        if (s->text[i] == '\n') VEC_PUSH(s->line_start, s->nlines, lines_cap, i + 1);
    source_tokenize(s);
    s->next = x->sources;
    x->sources = s;
    return s;
}

static xml_source *source_get(xml_loaded *x, const char *path)
{
    if (!path) return NULL;
    for (xml_source *s = x->sources; s; s = s->next)
        if (strcmp(s->path, path) == 0) return s;
    size_t len;
    int err;
    char *text = (char *)file_read_all(path, FOLIO_MAX_FILE_BYTES, &len, &err);
    return text ? source_add(x, path, text, len) : NULL;
}

/* The first tag of s named name (qualified) whose '>' is on line, starting
 * the search at from and wrapping around; -1 if none. */
static int source_find_tag(xml_source *s, const char *name, int line, int from)
{
    size_t nl = strlen(name);
    for (int pass = 0; pass < 2; pass++) {
        int a = pass ? 0 : from, b = pass ? from : s->ntags;
        for (int i = a; i < b; i++) {
            src_tag *t = &s->tags[i];
            if (t->name_len == nl && memcmp(s->text + t->name_off, name, nl) == 0 &&
                (line <= 0 || t->end_line == line))
                return i;
        }
    }
    return -1;
}

/* ---- which file a node came from ---- */

/* A URI as a path: "file://" dropped, %XX decoded. malloc'd. */
static char *uri_to_path(const char *uri)
{
    if (!uri) return NULL;
    if (strncmp(uri, "file://", 7) == 0) uri += 7;
    char *p = xmlURIUnescapeString(uri, 0, NULL);
    char *out = xstrdup(p ? p : uri);
    if (p) xmlFree(p);
    return out;
}

static char *node_file(xmlNodePtr node)
{
    xmlChar *base = xmlNodeGetBase(node->doc, node);
    if (!base) return node->doc && node->doc->URL ? uri_to_path((const char *)node->doc->URL) : NULL;
    char *out = uri_to_path((const char *)base);
    xmlFree(base);
    return out;
}

static void qname(xmlNodePtr n, char *buf, size_t cap)
{
    if (n->ns && n->ns->prefix) snprintf(buf, cap, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
    else snprintf(buf, cap, "%s", (const char *)n->name);
}

/* Pair every element under node with its start tag (see the top). */
static void map_tree(xml_loaded *x, xmlNodePtr node, xml_source *src)
{
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        xml_source *s = src;
        if (!s || xmlHasNsProp(node, (const xmlChar *)"base", XML_XML_NAMESPACE)) {
            char *file = node_file(node);
            s = source_get(x, file);
            free(file);
        }
        node->_private = NULL;
        if (s) {
            char name[256];
            qname(node, name, sizeof name);
            /* libxml2 keeps lines up to 65535: past that, the name alone (in document order) */
            long line = xmlGetLineNo(node);
            int k = source_find_tag(s, name, line >= 65535 ? 0 : (int)line, s->cursor);
            if (k >= 0) {
                xml_nodepos p = {s, k};
                VEC_PUSH(x->pos, x->npos, x->pos_cap, p);
                node->_private = (void *)(intptr_t)x->npos;
                s->cursor = k + 1;
            }
        }
        map_tree(x, node->children, s);
    }
}

static void map_doc(xml_loaded *x)
{
    for (xml_source *s = x->sources; s; s = s->next) s->cursor = 0;
    x->npos = 0;
    if (x->doc) map_tree(x, xmlDocGetRootElement(x->doc), NULL);
}

static xml_nodepos *node_pos(xml_loaded *x, xmlNodePtr node)
{
    if (!node || node->type != XML_ELEMENT_NODE || !node->_private) return NULL;
    intptr_t i = (intptr_t)node->_private;
    if (i < 1 || i > x->npos) return NULL;
    return &x->pos[i - 1];
}

diag_loc xml_node_loc(xml_loaded *x, xmlNodePtr node, diag_sink *d)
{
    diag_loc loc = {0};
    if (!node) return loc;
    while (node && node->type != XML_ELEMENT_NODE && node->parent &&
           node->type != XML_DOCUMENT_NODE && node->parent->type == XML_ELEMENT_NODE && !node_pos(x, node))
        node = node->parent;
    xml_nodepos *p = node_pos(x, node);
    if (p) {
        src_tag *t = &p->src->tags[p->tag];
        return diag_at(d, p->src->path, t->line, t->col);
    }
    /* not paired (should not happen): the file and libxml2's line */
    char *file = node_file(node);
    int line = (int)xmlGetLineNo(node);
    int col = 0;
    xml_source *s = source_get(x, file);
    if (s && line > 0 && node->type == XML_ELEMENT_NODE) {
        char name[256];
        qname(node, name, sizeof name);
        int k = source_find_tag(s, name, line, 0);
        if (k >= 0) {
            line = s->tags[k].line;
            col = s->tags[k].col;
        }
    }
    loc = diag_at(d, file, line > 0 ? line : 0, col);
    free(file);
    return loc;
}

diag_loc xml_text_loc(xml_loaded *x, xmlNodePtr text, diag_sink *d)
{
    xmlNodePtr parent = text->parent;
    xml_nodepos *pp = node_pos(x, parent);
    if (!pp) return xml_node_loc(x, parent, d);
    xml_source *s = pp->src;
    /* the text starts after the element before it, or after its parent's start tag */
    size_t from = s->tags[pp->tag].content;
    for (xmlNodePtr prev = text->prev; prev; prev = prev->prev) {
        xml_nodepos *q = node_pos(x, prev);
        if (prev->type != XML_ELEMENT_NODE) continue;
        if (!q || q->src != s || !s->tags[q->tag].end) return xml_node_loc(x, parent, d);
        from = s->tags[q->tag].end;
        break;
    }
    /* its first character that is not a space, outside comments and processing instructions */
    size_t i = from;
    while (i < s->len) {
        if (is_space(s->text[i])) i++;
        else if (s->len - i >= 4 && !memcmp(s->text + i, "<!--", 4)) i = skip_past(s->text, s->len, i + 4, "-->");
        else if (s->len - i >= 2 && s->text[i] == '<' && s->text[i + 1] == '?') i = skip_past(s->text, s->len, i + 2, "?>");
        else if (s->len - i >= 9 && !memcmp(s->text + i, "<![CDATA[", 9)) {
            i += 9;
            break;
        } else break;
    }
    if (i >= s->len || (s->text[i] == '<' && i != from)) return xml_node_loc(x, parent, d);
    int line = source_line_of(s, i);
    return diag_at(d, s->path, line, source_col_of(s, line, i));
}

diag_loc xml_attr_loc(xml_loaded *x, xmlNodePtr node, const char *attr, diag_sink *d)
{
    diag_loc loc = xml_node_loc(x, node, d);
    xml_nodepos *p = node_pos(x, node);
    if (!p) return loc;
    xml_source *s = p->src;
    src_tag *t = &s->tags[p->tag];
    size_t al = strlen(attr);
    for (int i = 0; i < t->nattrs; i++) {
        src_attr *a = &s->attrs[t->attr0 + i];
        if (a->name_len == al && memcmp(s->text + a->name_off, attr, al) == 0) {
            loc.line = a->line;
            loc.col = a->col;
            break;
        }
    }
    return loc;
}

/* ---- loading with restrictions ---- */

/* The folder the current load may read from (libxml2's entity loader is a
 * process-wide hook, so the restriction is set around each load). */
static char g_allowed_dir[PATH_MAX];
static xmlExternalEntityLoader g_default_loader;
static char g_refused[PATH_MAX + 64];

static int inside_allowed(const char *resolved)
{
    size_t n = strlen(g_allowed_dir);
    return strncmp(resolved, g_allowed_dir, n) == 0 && (resolved[n] == '/' || resolved[n] == 0);
}

static xmlParserInputPtr restricted_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    char resolved[PATH_MAX];
    (void)id;
    if (!url) return NULL;
    char *path = uri_to_path(url);
    int refuse = strstr(url, "://") && strncmp(url, "file://", 7) != 0;
    if (!refuse && realpath(path, resolved)) refuse = !inside_allowed(resolved);
    free(path);
    if (refuse) {
        snprintf(g_refused, sizeof g_refused, "%s", url);
        return NULL;
    }
    return g_default_loader(url, id, ctxt); /* reports "failed to load" when missing */
}

/* libxml2 errors of one phase, kept until it is known which to report. */
typedef struct {
    diag_loc loc;
    int warning;
    int code, domain;
    char *msg;
    const void *node;  /* the element a RELAX NG error is about, or NULL */
} held_error;

typedef struct {
    xml_loaded *x;
    diag_sink *d;
    const char *root;
    held_error *held;
    int nheld, held_cap;
    int parse_errors; /* well-formedness errors seen */
    int drop_cascade; /* after a tag mismatch, drop the mismatches it causes */
    int parse_fatal;  /* the file being parsed had a fatal error: what follows is its echo */
} error_ctx;

static void clean_message(char *msg)
{
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
}

static void hold(error_ctx *ec, diag_loc loc, int warning, int code, int domain, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void hold(error_ctx *ec, diag_loc loc, int warning, int code, int domain, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    held_error h = {loc, warning, code, domain, xstrdup(buf), NULL};
    VEC_PUSH(ec->held, ec->nheld, ec->held_cap, h);
}

/* Report what was held (all of it) and forget it; returns the errors. */
static int flush_held(error_ctx *ec)
{
    int errors = 0;
    for (int i = 0; i < ec->nheld; i++) {
        held_error *h = &ec->held[i];
        if (h->warning) diag_warning(ec->d, h->loc, "%s", h->msg);
        else {
            diag_error(ec->d, h->loc, "%s", h->msg);
            errors++;
        }
    }
    for (int i = 0; i < ec->nheld; i++) free(ec->held[i].msg);
    ec->nheld = 0;
    return errors;
}

static void drop_held(error_ctx *ec)
{
    for (int i = 0; i < ec->nheld; i++) free(ec->held[i].msg);
    ec->nheld = 0;
}

/* "Opening and ending tag mismatch: em line 10 and p": point at the "</p>"
 * and name the place of the unclosed "<em>". */
static void tag_mismatch(error_ctx *ec, xmlErrorPtr err, const char *file)
{
    xml_source *s = source_get(ec->x, file);
    const char *open = err->str1 ? err->str1 : "?";
    const char *close = err->str2 ? err->str2 : "?";
    int line = err->line, col = err->int2 > 0 ? err->int2 : 0;
    int open_line = err->int1, open_col = 0;
    size_t err_off = s && line >= 1 && line <= s->nlines ? s->line_start[line - 1] : 0;
    if (s && line >= 1 && line <= s->nlines) {
        /* the last "</close" on the line before the column libxml2 gives */
        char needle[256];
        snprintf(needle, sizeof needle, "</%s", close);
        size_t nl = strlen(needle), ls = s->line_start[line - 1];
        size_t le = line < s->nlines ? s->line_start[line] : s->len;
        size_t best = (size_t)-1;
        int best_col = 0, c = 1; /* c: the column of byte i, counted as i moves */
        for (size_t i = ls; i + nl <= le; i++) {
            if (i > ls && ((unsigned char)s->text[i - 1] & 0xC0) != 0x80) c++;
            if (memcmp(s->text + i, needle, nl) != 0) continue;
            if (col && c > col) break;
            best = i;
            best_col = c;
        }
        if (best != (size_t)-1) {
            col = best_col;
            err_off = best;
        }
        /* the last <open> started on open_line before the error */
        for (int k = 0; k < s->ntags; k++) {
            src_tag *t = &s->tags[k];
            if (t->start >= err_off) break;
            if (t->line == open_line && t->name_len == strlen(open) && memcmp(s->text + t->name_off, open, t->name_len) == 0)
                open_col = t->col;
        }
    }
    diag_loc loc = diag_at(ec->d, file, line, col);
    if (open_col)
        hold(ec, loc, 0, err->code, err->domain, "</%s> does not close <%s>, opened at %d:%d and never closed", close,
             open, open_line, open_col);
    else
        hold(ec, loc, 0, err->code, err->domain, "</%s> does not close <%s>, opened at line %d and never closed", close,
             open, open_line);
}

/* "<p> is not in its place in <chapter>: it may not come after <section>". */
static void out_of_place(xmlNodePtr n, char *out, size_t cap)
{
    const char *parent = n->parent && n->parent->type == XML_ELEMENT_NODE ? (const char *)n->parent->name : NULL;
    xmlNodePtr prev = n->prev;
    while (prev && prev->type != XML_ELEMENT_NODE) prev = prev->prev;
    if (!parent) snprintf(out, cap, "<%s> is not in its place", (const char *)n->name);
    else if (prev)
        snprintf(out, cap, "<%s> is not in its place in <%s>: it may not come after <%s> (see the order in docs/manuscript.md)",
                 (const char *)n->name, parent, (const char *)prev->name);
    else
        snprintf(out, cap, "<%s> is not in its place in <%s>: it may not come first (see the order in docs/manuscript.md)",
                 (const char *)n->name, parent);
}

/* A RELAX NG validity error of libxml2 in plain words, never its own
 * ("Element chapter has extra content: section"). The schema check that
 * runs first (rng_friendly_check) has already found the unknown names and
 * bad values; what libxml2 alone sees is mostly order: an element allowed
 * in its parent, but not where it stands. */
static void rng_plain_message(xmlErrorPtr err, char *out, size_t cap)
{
    xmlNodePtr n = err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE ? (xmlNodePtr)err->node : NULL;
    const char *name = n ? (const char *)n->name : "?";
    const char *s1 = err->str1 ? err->str1 : name, *s2 = err->str2 ? err->str2 : "";
    switch (err->code) {
    case XML_RELAXNG_ERR_ELEMNAME:
    case XML_RELAXNG_ERR_ELEMWRONG:
    case XML_RELAXNG_ERR_INTERSEQ:
        if (n) out_of_place(n, out, cap);
        else snprintf(out, cap, "an element is not in its place");
        break;
    case XML_RELAXNG_ERR_INTEREXTRA:
        snprintf(out, cap, "<%s> is given twice, or is not in its place", s1);
        break;
    case XML_RELAXNG_ERR_EXTRACONTENT:
        snprintf(out, cap, "<%s> is not in its place in <%s>", s2, s1);
        break;
    case XML_RELAXNG_ERR_NOELEM:
        snprintf(out, cap, "<%s> is missing a <%s> it needs", name, s1);
        break;
    case XML_RELAXNG_ERR_TEXTWRONG:
    case XML_RELAXNG_ERR_NOTELEM:
        snprintf(out, cap, "text is not allowed here (in <%s>)", name);
        break;
    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
        snprintf(out, cap, "<%s> must be empty", s1);
        break;
    case XML_RELAXNG_ERR_INVALIDATTR:
        snprintf(out, cap, "attribute \"%s\" is not allowed on <%s>", s1, s2[0] ? s2 : name);
        break;
    case XML_RELAXNG_ERR_DUPID:
        snprintf(out, cap, "duplicate id \"%s\"", s1);
        break;
    case XML_RELAXNG_ERR_ATTRVALID:
        snprintf(out, cap, "an attribute of <%s> has a value it may not have", name);
        break;
    case XML_RELAXNG_ERR_CONTENTVALID:
        snprintf(out, cap, "the content of <%s> is not what it may hold", name);
        break;
    default:
        snprintf(out, cap, "<%s> is not what the schema allows here (see docs/manuscript.md)", name);
        break;
    }
}

static void structured_error(void *userdata, xmlErrorPtr err)
{
    error_ctx *ec = userdata;
    char *msg = xstrdup(err->message ? err->message : "unknown XML error");
    clean_message(msg);
    /* "failed to load external entity": the XInclude or entity error that
     * follows says it better */
    if (err->domain == XML_FROM_IO && err->level == XML_ERR_WARNING) goto out;
    if (err->domain == XML_FROM_PARSER || err->domain == XML_FROM_NAMESPACE || err->domain == XML_FROM_IO) {
        int cascade = err->code == XML_ERR_TAG_NAME_MISMATCH || err->code == XML_ERR_TAG_NOT_FINISHED ||
                      err->code == XML_ERR_LTSLASH_REQUIRED || err->code == XML_ERR_GT_REQUIRED ||
                      err->code == XML_ERR_DOCUMENT_END || err->code == XML_ERR_EXTRA_CONTENT;
        if ((ec->drop_cascade && cascade) || ec->parse_fatal) goto out;
        char *file = uri_to_path(err->file ? err->file : ec->root);
        if (err->code == XML_ERR_TAG_NAME_MISMATCH) {
            tag_mismatch(ec, err, file);
            ec->drop_cascade = 1;
        } else {
            /* in the editor's words, where the problem starts (xmlwords.h) */
            int line = err->line, col = err->int2 > 0 ? err->int2 : 0;
            char words[1200];
            if (err->domain == XML_FROM_IO) {
                snprintf(words, sizeof words, "cannot read \"%s\"", err->str1 ? err->str1 : file ? file : "?");
            } else {
                xml_source *src = source_get(ec->x, file);
                xml_parser_words(err, src ? src->text : NULL, src ? src->len : 0, words, sizeof words, &line, &col);
            }
            hold(ec, diag_at(ec->d, file, line, col), err->level == XML_ERR_WARNING, err->code, err->domain, "%s", words);
        }
        if (err->level == XML_ERR_FATAL) ec->parse_fatal = 1;
        if (err->level != XML_ERR_WARNING) ec->parse_errors++;
        free(file);
        goto out;
    }
    /* XInclude's "could not load X" after the included file's own parse error */
    if (err->domain == XML_FROM_XINCLUDE && ec->parse_errors) goto out;
    diag_loc loc;
    if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE) {
        loc = xml_node_loc(ec->x, (xmlNodePtr)err->node, ec->d);
    } else {
        char *file = uri_to_path(err->file ? err->file : ec->root);
        loc = diag_at(ec->d, file, err->line, err->int2 > 0 ? err->int2 : 0);
        free(file);
    }
    if (err->domain == XML_FROM_RELAXNGV) {
        /* libxml2's words ("Expecting element section, got p") said plainly */
        char plain[1024];
        rng_plain_message(err, plain, sizeof plain);
        hold(ec, loc, 0, err->code, err->domain, "%s", plain);
        ec->held[ec->nheld - 1].node = err->node;
        goto out;
    }
    hold(ec, loc, err->level == XML_ERR_WARNING, err->code, err->domain, "%s", msg);
out:
    free(msg);
}

static void check_no_external_entities(xml_loaded *x, xmlDocPtr doc, diag_sink *d, int *errors)
{
    xmlDtdPtr dtd = doc->intSubset;
    if (!dtd) return;
    char *file = uri_to_path(doc->URL ? (const char *)doc->URL : "");
    xml_source *s = source_get(x, file);
    if (dtd->SystemID || dtd->ExternalID) {
        size_t off = s ? skip_past(s->text, s->len, 0, "<!DOCTYPE") : 0;
        int line = s && off < s->len ? source_line_of(s, off - 9) : 0;
        diag_error(d, diag_at(d, file, line, line ? source_col_of(s, line, off - 9) : 0),
                   "external DTD \"%s\" is not allowed (the manuscript is validated by folio's own schema)",
                   dtd->SystemID ? (const char *)dtd->SystemID : (const char *)dtd->ExternalID);
        (*errors)++;
    }
    for (xmlNodePtr n = dtd->children; n; n = n->next) {
        if (n->type != XML_ENTITY_DECL) continue;
        xmlEntityPtr e = (xmlEntityPtr)n;
        if (e->etype != XML_EXTERNAL_GENERAL_PARSED_ENTITY && e->etype != XML_EXTERNAL_GENERAL_UNPARSED_ENTITY &&
            e->etype != XML_EXTERNAL_PARAMETER_ENTITY)
            continue;
        char needle[256];
        int line = 0, col = 0;
        snprintf(needle, sizeof needle, "<!ENTITY %s", (const char *)e->name);
        if (s) {
            size_t off = skip_past(s->text, s->len, 0, needle);
            if (off < s->len) {
                line = source_line_of(s, off - strlen(needle));
                col = source_col_of(s, line, off - strlen(needle));
            }
        }
        diag_error(d, diag_at(d, file, line, col), "external entity \"%s\" is not allowed (it would read \"%s\")",
                   (const char *)e->name, e->SystemID ? (const char *)e->SystemID : "?");
        (*errors)++;
        /* and where it is used, after the DTD */
        snprintf(needle, sizeof needle, "&%s;", (const char *)e->name);
        if (s && s->ntags) {
            size_t off = skip_past(s->text, s->len, s->tags[0].start, needle);
            if (off < s->len || (off == s->len && off >= strlen(needle) &&
                                 memcmp(s->text + off - strlen(needle), needle, strlen(needle)) == 0)) {
                size_t at = off - strlen(needle);
                int ul = source_line_of(s, at);
                diag_note(d, diag_at(d, file, ul, source_col_of(s, ul, at)), "\"%s\" is used here",
                          (const char *)e->name);
            }
        }
    }
    free(file);
}

/* ---- XInclude, checked before libxml2 reads anything ---- */

static int is_xinclude(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && strcmp((const char *)n->name, "include") == 0 &&
           (strcmp((const char *)n->ns->href, "http://www.w3.org/2001/XInclude") == 0 ||
            strcmp((const char *)n->ns->href, "http://www.w3.org/2003/XInclude") == 0);
}

/* Lexically normalise an absolute path ("a/./b/../c" → "a/c"). */
static void normalize_path(char *p)
{
    char out[PATH_MAX];
    size_t o = 0;
    const char *s = p;
    while (*s) {
        while (*s == '/') s++;
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0) break;
        if (n == 1 && s[0] == '.') {
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else if (o + n + 2 < sizeof out) {
            out[o++] = '/';
            memcpy(out + o, s, n);
            o += n;
        }
        s += n;
    }
    if (o == 0) out[o++] = '/';
    out[o] = 0;
    strcpy(p, out);
}

/* The element after n in document order within root's subtree (n's
 * children skipped unless descend), or NULL: a walk without recursion. */
static xmlNodePtr walk_next(xmlNodePtr n, xmlNodePtr root, int descend)
{
    if (descend)
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE) return c;
    for (; n && n != root; n = n->parent)
        for (xmlNodePtr sib = n->next; sib; sib = sib->next)
            if (sib->type == XML_ELEMENT_NODE) return sib;
    return NULL;
}

/* The included files are read, checked and parsed here before libxml2's
 * XInclude reads them again: each is scanned (xmlscan.h) as the part of
 * the document it becomes (the elements around its xi:include counted),
 * its own includes checked in turn; how deep includes go, how many there
 * are and how many bytes they bring in are limited (base/bounds.h). */
typedef struct {
    xml_loaded *x;
    error_ctx *ec;
    diag_sink *d;
    const char *kind;
    const xml_nest_limit *limits;
    long elements;                             /* in the whole document so far */
    long bytes;                                /* read so far, a file counted each time it is included */
    int includes;
    const char *chain[FOLIO_MAX_INCLUDE_DEPTH + 2]; /* resolved paths of the files including, outermost first */
    int nchain;
} include_walk;

/* What surrounds the element n of a file that file_outer surrounds. */
static xml_scan_outer outer_at(const include_walk *w, const xml_scan_outer *file_outer, xmlNodePtr n)
{
    xml_scan_outer o = *file_outer;
    for (xmlNodePtr a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        o.depth++;
        for (int k = 0; w->limits && w->limits[k].name && k < XML_SCAN_MAX_KINDS; k++)
            if (!a->ns && !strcmp((const char *)a->name, w->limits[k].name)) o.open[k]++;
    }
    return o;
}

/* "12.3 MB" */
static void size_words(double bytes, char *buf, size_t cap) { snprintf(buf, cap, "%.1f MB", bytes / 1048576.0); }

/* Why a file could not be read, in words (err from file_read_all). */
static void read_failure(diag_sink *d, diag_loc loc, const char *what, const char *path, int err, long limit)
{
    if (err == EFBIG) {
        struct stat st;
        char size[32], lim[32];
        size_words(stat(path, &st) == 0 ? (double)st.st_size : (double)limit, size, sizeof size);
        size_words((double)limit, lim, sizeof lim);
        diag_error(d, loc, "%s is %s; the limit is %s", what, size, lim);
    } else if (err == EINVAL) {
        diag_error(d, loc, "cannot read %s: it is not a regular file", what);
    } else {
        diag_error(d, loc, "cannot read %s: %s", what, strerror(err));
    }
}

static xmlDocPtr parse_buffer(error_ctx *ec, const char *url, const char *text, size_t len)
{
    ec->parse_fatal = 0;
    ec->drop_cascade = 0;
    return xmlReadMemory(text, (int)len, url, NULL, XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
}

static int check_includes(include_walk *w, xmlNodePtr root, const xml_scan_outer *file_outer)
{
    xml_loaded *x = w->x;
    diag_sink *d = w->d;
    int errors = 0;
    for (xmlNodePtr n = root; n; n = walk_next(n, root, !is_xinclude(n))) {
        if (!is_xinclude(n)) continue;
        diag_loc loc = xml_node_loc(x, n, d);
        xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
        if (!href || !*href) {
            diag_error(d, loc, "<xi:include> needs an href naming a file in the manuscript's folder");
            errors++;
            xmlFree(href);
            continue;
        }
        xmlChar *parse = xmlGetProp(n, (const xmlChar *)"parse");
        int as_text = parse && !strcmp((const char *)parse, "text");
        if (parse && !as_text && strcmp((const char *)parse, "xml") != 0) {
            diag_error(d, xml_attr_loc(x, n, "parse", d), "parse=\"%s\" of <xi:include> is not one of: xml, text",
                       (const char *)parse);
            errors++;
            xmlFree(parse);
            xmlFree(href);
            continue;
        }
        xmlFree(parse);
        char *rel = uri_to_path((const char *)href);
        char *file = node_file(n);
        char dir[PATH_MAX], target[PATH_MAX * 2], resolved[PATH_MAX];
        if (!file || !realpath(file, dir)) snprintf(dir, sizeof dir, "%s", g_allowed_dir);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) *slash = 0;
        snprintf(target, sizeof target, "%s/%s", dir, rel);
        normalize_path(target);
        int outside = strstr((const char *)href, "://") != NULL || rel[0] == '/' || !inside_allowed(target);
        if (!outside && realpath(target, resolved)) outside = !inside_allowed(resolved);
        int readable = !outside && access(target, R_OK) == 0 && realpath(target, resolved);
        if (outside) {
            diag_error(d, loc, "XInclude of \"%s\" refused: only files inside the manuscript's folder may be included",
                       (const char *)href);
            errors++;
        } else if (!readable) {
            diag_error(d, loc, "cannot include \"%s\": %s", (const char *)href, strerror(errno));
            errors++;
        }
        free(rel);
        free(file);
        if (!readable) {
            xmlFree(href);
            continue;
        }
        /* the file as libxml2 will name it: href against the node's base */
        xmlChar *base = xmlNodeGetBase(n->doc, n);
        xmlChar *uri = xmlBuildURI(href, base);
        char *url = uri_to_path(uri ? (const char *)uri : (const char *)href);
        xmlFree(uri);
        xmlFree(base);
        char what[PATH_MAX + 32];
        snprintf(what, sizeof what, "the included file \"%s\"", (const char *)href);
        int cycle = 0;
        for (int k = 0; k < w->nchain; k++) cycle |= !strcmp(w->chain[k], resolved);
        size_t len = 0;
        int err = 0;
        char *text = NULL;
        if (++w->includes > FOLIO_MAX_INCLUDES) {
            diag_error(d, loc, "this is include number %d; the limit is %d includes in a manuscript", w->includes,
                       FOLIO_MAX_INCLUDES);
            errors++;
        } else if (cycle) {
            diag_error(d, loc, "\"%s\" includes itself (through the files that include this one)", (const char *)href);
            errors++;
        } else if (!as_text && w->nchain > FOLIO_MAX_INCLUDE_DEPTH) {
            diag_error(d, loc, "includes nest %d files deep here; the limit is %d (a file included by an included file…)",
                       w->nchain, FOLIO_MAX_INCLUDE_DEPTH);
            errors++;
        } else if (!(text = (char *)file_read_all(target, FOLIO_MAX_FILE_BYTES, &len, &err))) {
            read_failure(d, loc, what, target, err, FOLIO_MAX_FILE_BYTES);
            errors++;
        } else if ((w->bytes += (long)len) > FOLIO_MAX_BOOK_BYTES) {
            char lim[32];
            size_words((double)FOLIO_MAX_BOOK_BYTES, lim, sizeof lim);
            diag_error(d, loc, "with \"%s\", the manuscript's files come to more than %s, the limit", (const char *)href, lim);
            errors++;
        } else if (as_text) {
            if (xml_scan_text(url, w->kind, (const unsigned char *)text, len, d)) errors++;
            else if (len > (size_t)FOLIO_MAX_TEXT_BYTES) {
                char size[32];
                size_words((double)len, size, sizeof size);
                diag_error(d, loc, "the text included from \"%s\" is %s; the limit is %ld MB between two tags",
                           (const char *)href, size, FOLIO_MAX_TEXT_BYTES >> 20);
                errors++;
            }
        } else {
            xml_scan_outer o = outer_at(w, file_outer, n);
            o.elements = w->elements;
            int scan_errors = xml_scan(url, w->kind, (const unsigned char *)text, len, w->limits, &o, d);
            w->elements = o.elements;
            if (scan_errors) {
                errors += scan_errors;
            } else {
                xml_source *src = source_add(x, url, text, len);
                text = NULL; /* the source's now */
                xmlDocPtr sub = parse_buffer(w->ec, url, src->text, src->len);
                int e = flush_held(w->ec);
                if (!sub && !e) {
                    diag_error(d, loc, "cannot include \"%s\"", (const char *)href);
                    e = 1;
                }
                if (sub && !e) check_no_external_entities(x, sub, d, &e);
                if (sub && !e) {
                    w->chain[w->nchain++] = resolved;
                    e += check_includes(w, xmlDocGetRootElement(sub), &o);
                    w->nchain--;
                }
                if (sub) xmlFreeDoc(sub);
                errors += e;
            }
        }
        free(text);
        free(url);
        xmlFree(href);
    }
    return errors;
}

/* ---- the friendlier schema check (see the top) ---- */

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define RNG_ANNOTATIONS_NS "http://relaxng.org/ns/compatibility/annotations/1.0"

typedef struct {
    xmlDocPtr doc;
    xmlHashTablePtr defines;
    xml_loaded *x;
    diag_sink *d;
    int errors;
    xmlHashTablePtr ids; /* id → "file:line:col" of its first use */
    xmlNodePtr *troubled; /* elements with an error reported in them or below */
    int ntroubled, troubled_cap;
} rng_walk;

static int rng_is(xmlNodePtr p, const char *name)
{
    return p && p->type == XML_ELEMENT_NODE && p->ns && strcmp((const char *)p->ns->href, RNG_NS) == 0 &&
           strcmp((const char *)p->name, name) == 0;
}

static int rng_el(xmlNodePtr p)
{
    return p && p->type == XML_ELEMENT_NODE && p->ns && strcmp((const char *)p->ns->href, RNG_NS) == 0;
}

static const char *rng_name(xmlNodePtr p)
{
    xmlAttrPtr a = xmlHasProp(p, (const xmlChar *)"name");
    return a && a->children ? (const char *)a->children->content : NULL;
}

static xmlNodePtr rng_define(rng_walk *w, xmlNodePtr ref)
{
    const char *name = rng_name(ref);
    return name ? xmlHashLookup(w->defines, (const xmlChar *)name) : NULL;
}

typedef enum { COLLECT_ATTRS, COLLECT_ELEMS } collect_kind;

typedef struct {
    xmlNodePtr *v;
    int n, cap;
    int any; /* anyName/nsName seen: anything goes */
    int text;
} collected;

/* Attributes or child elements a content pattern allows (not descending into
 * elements), and whether it allows text. */
static void rng_collect(rng_walk *w, xmlNodePtr p, collect_kind k, collected *out, int depth)
{
    for (; p; p = p->next) {
        if (!rng_el(p) || depth > 64) continue;
        const char *name = (const char *)p->name;
        if (!strcmp(name, "element")) {
            if (k == COLLECT_ELEMS) {
                if (rng_name(p)) VEC_PUSH(out->v, out->n, out->cap, p);
                else out->any = 1;
            }
        } else if (!strcmp(name, "attribute")) {
            if (k == COLLECT_ATTRS) {
                if (rng_name(p)) VEC_PUSH(out->v, out->n, out->cap, p);
                else out->any = 1;
            }
        } else if (!strcmp(name, "ref") || !strcmp(name, "parentRef")) {
            xmlNodePtr def = rng_define(w, p);
            if (def) rng_collect(w, def->children, k, out, depth + 1);
            else out->any = 1;
        } else if (!strcmp(name, "text") || !strcmp(name, "mixed") || !strcmp(name, "data") ||
                   !strcmp(name, "value") || !strcmp(name, "list")) {
            out->text = 1;
            if (!strcmp(name, "mixed")) rng_collect(w, p->children, k, out, depth + 1);
        } else if (!strcmp(name, "externalRef") || !strcmp(name, "anyName") || !strcmp(name, "nsName")) {
            out->any = 1;
        } else if (strcmp(name, "name") != 0 && strcmp(name, "param") != 0 && strcmp(name, "except") != 0) {
            rng_collect(w, p->children, k, out, depth + 1);
        }
    }
}

/* Requirements, as clauses: each clause is satisfied when one of its atoms
 * (an attribute or a child element, by name) is present. */
#define CLAUSE_MAX 12
typedef struct {
    const char *atom[CLAUSE_MAX];
    int is_attr[CLAUSE_MAX];
    int n;
} clause;
typedef struct {
    clause c[32];
    int n;
} cnf;

static void rng_require(rng_walk *w, xmlNodePtr p, cnf *out, int depth)
{
    for (; p; p = p->next) {
        if (!rng_el(p) || depth > 64 || out->n >= 32) continue;
        const char *name = (const char *)p->name;
        if (!strcmp(name, "element") || !strcmp(name, "attribute")) {
            if (!rng_name(p)) continue;
            clause c = {{rng_name(p)}, {name[0] == 'a'}, 1};
            out->c[out->n++] = c;
        } else if (!strcmp(name, "ref")) {
            xmlNodePtr def = rng_define(w, p);
            if (def) rng_require(w, def->children, out, depth + 1);
        } else if (!strcmp(name, "group") || !strcmp(name, "interleave") || !strcmp(name, "oneOrMore") ||
                   !strcmp(name, "mixed")) {
            rng_require(w, p->children, out, depth + 1);
        } else if (!strcmp(name, "choice")) {
            clause merged = {{0}, {0}, 0};
            int ok = 1, branches = 0;
            for (xmlNodePtr b = p->children; b && ok; b = b->next) {
                if (!rng_el(b)) continue;
                cnf sub = {0};
                xmlNodePtr next = b->next;
                b->next = NULL; /* one branch at a time */
                rng_require(w, b, &sub, depth + 1);
                b->next = next;
                branches++;
                if (sub.n == 0) ok = 0;
                for (int i = 0; ok && i < sub.c[0].n; i++) {
                    if (merged.n >= CLAUSE_MAX) {
                        ok = 0;
                        break;
                    }
                    merged.atom[merged.n] = sub.c[0].atom[i];
                    merged.is_attr[merged.n++] = sub.c[0].is_attr[i];
                }
            }
            if (ok && branches && merged.n) out->c[out->n++] = merged;
        }
        /* optional, zeroOrMore, text, empty, data, value...: nothing required */
    }
}

static void normalize_space(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    int sp = 0;
    for (; *in && o + 1 < cap; in++) {
        if (is_space(*in)) sp = o > 0;
        else {
            if (sp && o + 2 < cap) out[o++] = ' ';
            sp = 0;
            out[o++] = *in;
        }
    }
    out[o] = 0;
}

/* Does value match the attribute value pattern p (and its siblings, as a
 * group)? Unknown constructs match (no false alarms). */
static int rng_value_ok(rng_walk *w, xmlNodePtr p, const char *value, int depth)
{
    int seen = 0;
    for (; p; p = p->next) {
        if (!rng_el(p) || depth > 32) continue;
        const char *name = (const char *)p->name;
        seen++;
        if (!strcmp(name, "choice")) {
            int any = 0;
            for (xmlNodePtr b = p->children; b && !any; b = b->next) {
                if (!rng_el(b)) continue;
                xmlNodePtr next = b->next;
                b->next = NULL;
                any = rng_value_ok(w, b, value, depth + 1);
                b->next = next;
            }
            if (!any) return 0;
        } else if (!strcmp(name, "value")) {
            xmlChar *want = xmlNodeGetContent(p);
            xmlChar *type = xmlGetProp(p, (const xmlChar *)"type");
            int ok;
            if (type && !strcmp((const char *)type, "string")) ok = strcmp((const char *)want, value) == 0;
            else {
                char a[1024], b[1024];
                normalize_space((const char *)want, a, sizeof a);
                normalize_space(value, b, sizeof b);
                ok = strcmp(a, b) == 0;
            }
            xmlFree(want);
            xmlFree(type);
            if (!ok) return 0;
        } else if (!strcmp(name, "data")) {
            xmlChar *type = xmlGetProp(p, (const xmlChar *)"type");
            xmlSchemaTypePtr t =
                type ? xmlSchemaGetPredefinedType(type, (const xmlChar *)"http://www.w3.org/2001/XMLSchema") : NULL;
            xmlFree(type);
            if (t) {
                xmlSchemaValPtr v = NULL;
                int r = xmlSchemaValPredefTypeNode(t, (const xmlChar *)value, &v, NULL);
                if (v) xmlSchemaFreeValue(v);
                if (r != 0) return 0;
            }
            for (xmlNodePtr q = p->children; q; q = q->next) {
                if (!rng_is(q, "param")) continue;
                xmlChar *pn = xmlGetProp(q, (const xmlChar *)"name");
                if (pn && !strcmp((const char *)pn, "pattern")) {
                    xmlChar *re_text = xmlNodeGetContent(q);
                    xmlRegexpPtr re = xmlRegexpCompile(re_text);
                    char norm[1024];
                    normalize_space(value, norm, sizeof norm);
                    int ok = !re || xmlRegexpExec(re, (const xmlChar *)norm) == 1;
                    if (re) xmlRegFreeRegexp(re);
                    xmlFree(re_text);
                    if (!ok) {
                        xmlFree(pn);
                        return 0;
                    }
                }
                xmlFree(pn);
            }
        } else if (!strcmp(name, "ref")) {
            xmlNodePtr def = rng_define(w, p);
            if (def && !rng_value_ok(w, def->children, value, depth + 1)) return 0;
        } else if (!strcmp(name, "empty")) {
            if (*value) return 0;
        }
        /* text, list, anything else: accepted */
    }
    (void)seen;
    return 1;
}

static void append(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(buf);
    snprintf(buf + n, cap > n ? cap - n : 0, "%s", s);
}

/* What an attribute pattern accepts, in words: "one of: a, b" or "a positive
 * whole number". */
static void rng_describe(rng_walk *w, xmlNodePtr p, char *values, char *kinds, size_t cap, int depth)
{
    for (; p; p = p->next) {
        if (!rng_el(p) || depth > 32) continue;
        const char *name = (const char *)p->name;
        if (!strcmp(name, "choice") || !strcmp(name, "group")) rng_describe(w, p->children, values, kinds, cap, depth + 1);
        else if (!strcmp(name, "ref")) {
            xmlNodePtr def = rng_define(w, p);
            if (def) rng_describe(w, def->children, values, kinds, cap, depth + 1);
        } else if (!strcmp(name, "value")) {
            xmlChar *v = xmlNodeGetContent(p);
            if (*values) append(values, cap, ", ");
            append(values, cap, (const char *)v);
            xmlFree(v);
        } else if (!strcmp(name, "data")) {
            static const struct { const char *type, *words; } words[] = {
                {"positiveInteger", "a whole number from 1 up"},
                {"nonNegativeInteger", "a whole number from 0 up"},
                {"integer", "a whole number"},
                {"decimal", "a number"},
                {"ID", "a name without spaces that starts with a letter or '_'"},
                {"NCName", "a name without spaces that starts with a letter or '_'"},
                {"anyURI", "an address (URI)"},
                {"language", "a language tag such as es or en-US"},
                {"date", "a date such as 2025-12-01"},
                {"gYearMonth", "a year and month such as 2025-12"},
                {"gYear", "a year such as 2025"},
                {"boolean", "true or false"},
            };
            xmlChar *type = xmlGetProp(p, (const xmlChar *)"type");
            const char *desc = NULL;
            char pat[600] = "";
            /* a pattern is described by the schema's own words (an
             * a:documentation inside the <data>), never by the regex */
            for (xmlNodePtr q = p->children; q; q = q->next) {
                if (rng_is(q, "param")) {
                    xmlChar *pn = xmlGetProp(q, (const xmlChar *)"name");
                    if (pn && !strcmp((const char *)pn, "pattern") && !*pat)
                        snprintf(pat, sizeof pat, "a value of the form the schema asks for");
                    xmlFree(pn);
                } else if (q->type == XML_ELEMENT_NODE && q->ns && !strcmp((const char *)q->ns->href, RNG_ANNOTATIONS_NS) &&
                           !strcmp((const char *)q->name, "documentation")) {
                    xmlChar *doc = xmlNodeGetContent(q);
                    char words[500];
                    normalize_space((const char *)doc, words, sizeof words);
                    snprintf(pat, sizeof pat, "%s", words);
                    xmlFree(doc);
                    break;
                }
            }
            if (*pat) desc = pat;
            for (size_t i = 0; !desc && type && i < sizeof words / sizeof words[0]; i++)
                if (!strcmp((const char *)type, words[i].type)) desc = words[i].words;
            if (!desc) desc = "a valid value";
            if (*kinds) append(kinds, cap, ", or ");
            append(kinds, cap, desc);
            xmlFree(type);
        } else if (!strcmp(name, "empty")) {
            if (*kinds) append(kinds, cap, ", or ");
            append(kinds, cap, "empty");
        }
    }
}

static int rng_has_id_type(xmlNodePtr attr_pattern)
{
    for (xmlNodePtr p = attr_pattern->children; p; p = p->next)
        if (rng_is(p, "data")) {
            xmlChar *t = xmlGetProp(p, (const xmlChar *)"type");
            int id = t && !strcmp((const char *)t, "ID");
            xmlFree(t);
            if (id) return 1;
        }
    return 0;
}

static void attr_qname(xmlAttrPtr a, char *buf, size_t cap)
{
    if (a->ns && a->ns->prefix) snprintf(buf, cap, "%s:%s", (const char *)a->ns->prefix, (const char *)a->name);
    else snprintf(buf, cap, "%s", (const char *)a->name);
}

static void rng_walk_element(rng_walk *w, xmlNodePtr n, xmlNodePtr def);

static int has_attr_q(xmlNodePtr n, const char *name);

static void rng_check_attrs(rng_walk *w, xmlNodePtr n, xmlNodePtr def, const char *ename)
{
    collected attrs = {0};
    rng_collect(w, def->children, COLLECT_ATTRS, &attrs, 0);
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        char an[256];
        attr_qname(a, an, sizeof an);
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        const char *value = v ? (const char *)v : "";
        int declared = 0, ok = 0, is_id = 0;
        for (int i = 0; i < attrs.n; i++) {
            if (strcmp(rng_name(attrs.v[i]), an) != 0) continue;
            declared = 1;
            if (rng_value_ok(w, attrs.v[i]->children, value, 0)) ok = 1;
            if (rng_has_id_type(attrs.v[i])) is_id = 1;
        }
        diag_loc loc = xml_attr_loc(w->x, n, an, w->d);
        char hint[300] = "";
        if (!declared && !attrs.any) {
            suggest sg;
            suggest_init(&sg, an);
            for (int i = 0; i < attrs.n; i++)
                if (!has_attr_q(n, rng_name(attrs.v[i]))) suggest_add(&sg, rng_name(attrs.v[i]));
            diag_error(w->d, loc, "attribute \"%s\" is not allowed on <%s>%s", an, ename, suggest_hint(&sg, hint, sizeof hint));
            w->errors++;
        } else if (declared && !ok) {
            char values[1024] = "", kinds[1024] = "";
            for (int i = 0; i < attrs.n; i++)
                if (!strcmp(rng_name(attrs.v[i]), an)) rng_describe(w, attrs.v[i]->children, values, kinds, sizeof values, 0);
            /* the listed value nearest to the one written */
            suggest sg;
            suggest_init(&sg, value);
            char list[1024];
            snprintf(list, sizeof list, "%s", values);
            for (char *tok = strtok(list, ", "); tok; tok = strtok(NULL, ", ")) suggest_add(&sg, tok);
            suggest_hint(&sg, hint, sizeof hint);
            if (*values && !*kinds)
                diag_error(w->d, loc, "attribute %s=\"%s\" of <%s> is not one of: %s%s", an, value, ename, values, hint);
            else if (*values)
                diag_error(w->d, loc, "attribute %s=\"%s\" of <%s> is not one of: %s (nor %s)%s", an, value, ename, values,
                           kinds, hint);
            else
                diag_error(w->d, loc, "attribute %s=\"%s\" of <%s> is not %s", an, value, ename,
                           *kinds ? kinds : "valid");
            w->errors++;
        } else if (declared && is_id) {
            char where[1200];
            snprintf(where, sizeof where, "%s:%d:%d", loc.file ? loc.file : "?", loc.line, loc.col);
            const char *first = xmlHashLookup(w->ids, (const xmlChar *)value);
            if (first) {
                diag_error(w->d, loc, "duplicate id \"%s\" (first used at %s)", value, first);
                w->errors++;
            } else {
                xmlHashAddEntry(w->ids, (const xmlChar *)value, xstrdup(where));
            }
        }
        xmlFree(v);
    }
    free(attrs.v);
}

static int has_attr_q(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        char an[256];
        attr_qname(a, an, sizeof an);
        if (!strcmp(an, name)) return 1;
    }
    return 0;
}

static int has_child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        char cn[256];
        qname(c, cn, sizeof cn);
        if (!strcmp(cn, name)) return 1;
    }
    return 0;
}

static void rng_check_required(rng_walk *w, xmlNodePtr n, xmlNodePtr def, const char *ename)
{
    cnf req = {0};
    rng_require(w, def->children, &req, 0);
    for (int i = 0; i < req.n; i++) {
        clause *c = &req.c[i];
        int sat = 0;
        for (int k = 0; k < c->n && !sat; k++) sat = c->is_attr[k] ? has_attr_q(n, c->atom[k]) : has_child(n, c->atom[k]);
        if (sat) continue;
        diag_loc loc = xml_node_loc(w->x, n, w->d);
        int title_attr = 0, title_el = 0;
        for (int k = 0; k < c->n; k++) {
            if (strcmp(c->atom[k], "title") != 0) continue;
            if (c->is_attr[k]) title_attr = 1;
            else title_el = 1;
        }
        if (c->n == 2 && title_attr && title_el)
            diag_error(w->d, loc, "<%s> has no title: give it a title=\"…\" attribute or a <title> child", ename);
        else if (c->n == 1 && c->is_attr[0])
            diag_error(w->d, loc, "<%s> needs a %s=\"…\" attribute", ename, c->atom[0]);
        else if (c->n == 1)
            diag_error(w->d, loc, "<%s> needs a <%s> inside it", ename, c->atom[0]);
        else {
            char alts[1024] = "";
            for (int k = 0; k < c->n; k++) {
                char one[300];
                snprintf(one, sizeof one, c->is_attr[k] ? "a %s=\"…\" attribute" : "a <%s> child", c->atom[k]);
                if (k) append(alts, sizeof alts, k == c->n - 1 ? " or " : ", ");
                append(alts, sizeof alts, one);
            }
            diag_error(w->d, loc, "<%s> needs %s", ename, alts);
        }
        w->errors++;
    }
}

static void rng_walk_element(rng_walk *w, xmlNodePtr n, xmlNodePtr def)
{
    char ename[256];
    int errors_before = w->errors;
    qname(n, ename, sizeof ename);
    rng_check_attrs(w, n, def, ename);
    rng_check_required(w, n, def, ename);
    collected kids = {0};
    rng_collect(w, def->children, COLLECT_ELEMS, &kids, 0);
    int text_reported = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !kids.text && !text_reported) {
            int blank = 1;
            for (const xmlChar *t = c->content; t && *t && blank; t++) blank = is_space((char)*t);
            if (!blank) {
                diag_error(w->d, xml_text_loc(w->x, c, w->d), "text is not allowed directly inside <%s>", ename);
                w->errors++;
                text_reported = 1;
            }
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        char cn[256];
        qname(c, cn, sizeof cn);
        xmlNodePtr cdef = NULL;
        for (int i = 0; i < kids.n && !cdef; i++)
            if (!strcmp(rng_name(kids.v[i]), cn)) cdef = kids.v[i];
        if (cdef) rng_walk_element(w, c, cdef);
        else if (!kids.any) {
            suggest sg;
            suggest_init(&sg, cn);
            for (int i = 0; i < kids.n; i++) suggest_add(&sg, rng_name(kids.v[i]));
            char hint[300];
            diag_error(w->d, xml_node_loc(w->x, c, w->d), "element <%s> is not allowed here (in <%s>)%s", cn, ename,
                       suggest_hint(&sg, hint, sizeof hint));
            w->errors++;
            VEC_PUSH(w->troubled, w->ntroubled, w->troubled_cap, c);
        }
    }
    free(kids.v);
    if (w->errors > errors_before) VEC_PUSH(w->troubled, w->ntroubled, w->troubled_cap, n);
}

static void free_id(void *payload, const xmlChar *name)
{
    (void)name;
    free(payload);
}

/* Returns the number of errors reported; *troubled (malloc'd) gets the
 * elements with an error in them or below. */
static int rng_friendly_check(xml_loaded *x, const char *schema_text, diag_sink *d, xmlNodePtr **troubled, int *ntroubled)
{
    rng_walk w = {0};
    w.x = x;
    w.d = d;
    w.doc = xmlReadMemory(schema_text, (int)strlen(schema_text), "schema.rng", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    *troubled = NULL;
    *ntroubled = 0;
    if (!w.doc) return 0;
    w.defines = xmlHashCreate(64);
    w.ids = xmlHashCreate(256);
    xmlNodePtr grammar = xmlDocGetRootElement(w.doc);
    xmlNodePtr start = NULL;
    if (rng_is(grammar, "grammar")) {
        for (xmlNodePtr p = grammar->children; p; p = p->next) {
            if (rng_is(p, "define") && rng_name(p)) xmlHashAddEntry(w.defines, (const xmlChar *)rng_name(p), p);
            else if (rng_is(p, "start")) start = p;
        }
    } else {
        start = grammar; /* a bare <element> */
    }
    xmlNodePtr root = xmlDocGetRootElement(x->doc);
    if (start && root) {
        collected tops = {0};
        if (start == grammar && rng_is(grammar, "element")) VEC_PUSH(tops.v, tops.n, tops.cap, grammar);
        else rng_collect(&w, start->children, COLLECT_ELEMS, &tops, 0);
        xmlNodePtr def = NULL;
        for (int i = 0; i < tops.n && !def; i++)
            if (!strcmp(rng_name(tops.v[i]), (const char *)root->name)) def = tops.v[i];
        if (def) rng_walk_element(&w, root, def);
        else if (tops.n && !tops.any) {
            diag_error(d, xml_node_loc(x, root, d), "the document's root is <%s>, but it must be <%s>",
                       (const char *)root->name, rng_name(tops.v[0]));
            w.errors++;
        }
        free(tops.v);
    }
    xmlHashFree(w.defines, NULL);
    xmlHashFree(w.ids, free_id);
    xmlFreeDoc(w.doc);
    *troubled = w.troubled;
    *ntroubled = w.ntroubled;
    return w.errors;
}

/* ---- the load ---- */

void xml_load(xml_loaded *out, const char *path, const char *schema_text, const char *schema_name,
              int xinclude, diag_sink *d)
{
    xml_load_nested(out, path, schema_text, schema_name, xinclude, NULL, d);
}

void xml_load_nested(xml_loaded *out, const char *path, const char *schema_text, const char *schema_name,
                     int xinclude, const xml_nest_limit *limits, diag_sink *d)
{
    error_ctx ec = {0};
    int errors = 0;
    memset(out, 0, sizeof *out);
    ec.x = out;
    ec.d = d;
    ec.root = path;

    char resolved[PATH_MAX];
    if (!realpath(path, resolved)) {
        diag_error(d, diag_at(d, path, 0, 0), "cannot read the file: %s", strerror(errno));
        return;
    }
    /* read once, within the size limit, and scanned before libxml2 sees it (xmlscan.h) */
    size_t len = 0;
    int read_err = 0;
    char *text = (char *)file_read_all(path, FOLIO_MAX_FILE_BYTES, &len, &read_err);
    if (!text) {
        read_failure(d, diag_at(d, path, 0, 0), "the file", path, read_err, FOLIO_MAX_FILE_BYTES);
        return;
    }
    xml_scan_outer outer;
    memset(&outer, 0, sizeof outer);
    if (xml_scan(path, schema_name, (const unsigned char *)text, len, limits, &outer, d)) {
        free(text);
        return;
    }
    xml_source *root_src = source_add(out, path, text, len);

    snprintf(g_allowed_dir, sizeof g_allowed_dir, "%s", resolved);
    char *slash = strrchr(g_allowed_dir, '/');
    if (slash && slash != g_allowed_dir) *slash = 0;
    g_refused[0] = 0;
    if (!g_default_loader) g_default_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(restricted_loader);
    xmlSetStructuredErrorFunc(&ec, structured_error);

    xmlDocPtr doc = parse_buffer(&ec, path, root_src->text, root_src->len);
    errors += flush_held(&ec);
    if (!doc) {
        if (!errors) {
            diag_error(d, diag_at(d, path, 0, 0), "cannot read the file");
            errors++;
        }
        goto done;
    }
    out->doc = doc;
    if (errors) goto done;
    map_doc(out);

    check_no_external_entities(out, doc, d, &errors);
    if (errors) goto done;

    if (xinclude) {
        include_walk w;
        memset(&w, 0, sizeof w);
        w.x = out;
        w.ec = &ec;
        w.d = d;
        w.kind = schema_name;
        w.limits = limits;
        w.elements = outer.elements;
        w.bytes = (long)len;
        w.chain[w.nchain++] = resolved;
        xml_scan_outer none;
        memset(&none, 0, sizeof none);
        errors += check_includes(&w, xmlDocGetRootElement(doc), &none);
        if (errors) goto done;
        int r = xmlXIncludeProcessFlags(doc, XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
        errors += flush_held(&ec);
        if (g_refused[0]) {
            /* a nested include (or an entity) reached outside the folder */
            diag_error(d, diag_at(d, path, 0, 0),
                       "XInclude of \"%s\" refused: only files inside the manuscript's folder may be included",
                       g_refused);
            errors++;
        }
        if (r < 0 && errors == 0) {
            diag_error(d, diag_at(d, path, 0, 0), "XInclude processing failed");
            errors++;
        }
        map_doc(out);
    }
    if (errors) goto done;
    out->complete = 1;

    if (schema_text) {
        xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(schema_text, (int)strlen(schema_text));
        xmlRelaxNGPtr schema = pc ? xmlRelaxNGParse(pc) : NULL;
        drop_held(&ec);
        if (!schema) {
            diag_error(d, diag_at(d, schema_name, 0, 0), "internal error: the schema does not load");
            errors++;
        } else {
            xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
            xmlRelaxNGSetValidStructuredErrors(vc, structured_error, &ec);
            int r = xmlRelaxNGValidateDoc(vc, doc);
            if (r != 0) {
                xmlSetStructuredErrorFunc(NULL, NULL);
                xmlNodePtr *troubled;
                int ntroubled;
                int friendly = rng_friendly_check(out, schema_text, d, &troubled, &ntroubled);
                xmlSetStructuredErrorFunc(&ec, structured_error);
                if (friendly) {
                    /* the friendly check sees names and values, not order: an element
                     * out of its place that libxml2 found is reported too, unless it
                     * holds an error already reported (libxml2 then rejects it in its
                     * parent as a whole: a cascade, not a misplacement) */
                    for (int i = 0; i < ec.nheld; i++) {
                        held_error *h = &ec.held[i];
                        if ((h->code != XML_RELAXNG_ERR_ELEMNAME && h->code != XML_RELAXNG_ERR_ELEMWRONG) || !h->node)
                            continue;
                        int cascade = 0;
                        for (int k = 0; k < ntroubled && !cascade; k++) cascade = troubled[k] == h->node;
                        if (cascade) continue;
                        diag_error(d, h->loc, "%s", h->msg);
                        errors++;
                    }
                    drop_held(&ec);
                    errors += friendly;
                } else {
                    /* libxml2's findings (in plain words), without the ones an
                     * element out of place causes: "Expecting an element p, got
                     * nothing", "has extra content", "failed to validate content" */
                    int out_of_order = 0, precise = 0;
                    for (int i = 0; i < ec.nheld; i++) {
                        int c = ec.held[i].code;
                        if (c == XML_RELAXNG_ERR_ELEMNAME || c == XML_RELAXNG_ERR_ELEMWRONG) out_of_order++;
                        if (c != XML_RELAXNG_ERR_CONTENTVALID && c != XML_RELAXNG_ERR_ATTRVALID) precise++;
                    }
                    int k = 0;
                    for (int i = 0; i < ec.nheld; i++) {
                        int c = ec.held[i].code;
                        int cascade = (precise && (c == XML_RELAXNG_ERR_CONTENTVALID || c == XML_RELAXNG_ERR_ATTRVALID)) ||
                                      (out_of_order && (c == XML_RELAXNG_ERR_NOELEM || c == XML_RELAXNG_ERR_EXTRACONTENT));
                        if (cascade) free(ec.held[i].msg);
                        else ec.held[k++] = ec.held[i];
                    }
                    ec.nheld = k;
                    errors += flush_held(&ec);
                    if (!errors) {
                        diag_error(d, diag_at(d, path, 0, 0), "the document does not match the %s schema", schema_name);
                        errors++;
                    }
                }
                free(troubled);
            }
            drop_held(&ec);
            xmlRelaxNGFreeValidCtxt(vc);
            xmlRelaxNGFree(schema);
        }
        if (pc) xmlRelaxNGFreeParserCtxt(pc);
    }
    out->valid = errors == 0;

done:
    drop_held(&ec);
    free(ec.held);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetExternalEntityLoader(g_default_loader);
}

void xml_loaded_free(xml_loaded *x)
{
    if (x->doc) xmlFreeDoc(x->doc);
    xml_source *s = x->sources;
    while (s) {
        xml_source *next = s->next;
        free(s->path);
        free(s->text);
        free(s->line_start);
        free(s->tags);
        free(s->attrs);
        free(s);
        s = next;
    }
    free(x->pos);
    memset(x, 0, sizeof *x);
}
