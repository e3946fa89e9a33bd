/* manuscript.c - XML → document tree (see manuscript.h). */
#include "manuscript.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../base/bounds.h"
#include "../base/hindex.h"
#include "../base/path.h"
#include "../base/suggest.h"
#include "../base/units.h"
#include "../base/xalloc.h"
#include "image.h"
#include "lang.h"
#include "isbn.h"
#include "schemas.h"
#include "xmlload.h"

typedef struct {
    doc_book *book;
    xml_loaded *x;
    diag_sink *d;
    int errors_before;
    /* ids, for uniqueness and for checking references */
    const char **ids;
    int nids, ids_cap;
    hindex id_ix;          /* id -> position in ids (a book may have many: no scans) */
    diag_loc *id_locs;
    struct pending_ref { const char *to; diag_loc loc; } *refs;
    int nrefs, refs_cap;
    struct range_mark { const char *rid; int start; diag_loc loc; } *ranges; /* ix page ranges */
    int nranges, ranges_cap;
} loader;

static int is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *attr(loader *L, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    const char *s = arena_strdup(&L->book->mem, (const char *)v);
    xmlFree(v);
    return s;
}

static diag_loc loc_of(loader *L, xmlNodePtr n) { return xml_node_loc(L->x, n, L->d); }

/* Collapse runs of XML whitespace to one space, as HTML does. */
static const char *collapse(loader *L, const char *s, int *all_space)
{
    size_t n = strlen(s);
    char *out = arena_alloc(&L->book->mem, n + 1);
    size_t o = 0;
    int space = 0;
    *all_space = 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
        } else {
            if (space) out[o++] = ' ';
            space = 0;
            out[o++] = c;
            *all_space = 0;
        }
    }
    if (space) out[o++] = ' ';
    out[o] = 0;
    return out;
}

typedef struct {
    const char *const *names;
    const char *key;
} name_probe;

static int same_name(const void *user, int pos)
{
    const name_probe *p = user;
    return strcmp(p->names[pos], p->key) == 0;
}

static int find_id(const loader *L, const char *id)
{
    name_probe p = {L->ids, id};
    return hindex_find(&L->id_ix, hash_bytes(id, strlen(id)), same_name, &p);
}

/* ---- languages ---- */

/* The language of node: the xml:lang of the nearest element that has one (an
 * included file's root may give its own), interned in book->langs. */
static int lang_of(loader *L, xmlNodePtr n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
        if (!v) continue;
        doc_book *b = L->book;
        for (int i = 0; i < b->nlangs; i++)
            if (lang_same(b->langs[i].tag, (const char *)v)) {
                xmlFree(v);
                return i;
            }
        doc_lang dl = {arena_strdup(&b->mem, (const char *)v), xml_attr_loc(L->x, n, "xml:lang", L->d)};
        xmlFree(v);
        if (b->nlangs >= 64) return 0; /* a book of more languages than that: the rest as the book's */
        b->langs[b->nlangs++] = dl;
        return b->nlangs - 1;
    }
    return 0;
}

/* ---- ids, references, index ranges and images: checked on the XML ---- */

/* The path of a figure's image: src is relative to the file that names it
 * (a chapter's images sit beside the chapter, as XInclude resolves hrefs). */
static const char *image_path(loader *L, xmlNodePtr n, const char *src)
{
    diag_loc at = xml_node_loc(L->x, n, L->d);
    char dir[PATH_MAX], p[PATH_MAX];
    if (at.file) path_dir(at.file, dir, sizeof dir);
    else snprintf(dir, sizeof dir, "%s", L->book->dir);
    path_join(dir, src, p, sizeof p);
    return arena_strdup(&L->book->mem, p);
}

static void check_image(loader *L, xmlNodePtr n)
{
    const char *src = attr(L, n, "src");
    if (!src) return;
    const char *p = image_path(L, n, src);
    diag_loc at = xml_attr_loc(L->x, n, "src", L->d);
    FILE *f = fopen(p, "rb");
    if (!f) {
        diag_error(L->d, at, "cannot read the image \"%s\" (looked for %s, beside the file that names it)", src, p);
        return;
    }
    fclose(f);
    image_info info;
    char why[160];
    if (image_check(p, &info, why, sizeof why) != 0)
        diag_error(L->d, at, "the image \"%s\" cannot be used: %s", src, why);
}

/* Walk the whole XML tree, valid or not (so that a schema error does not hide
 * these): ids (duplicates reported when report_duplicates: the schema check
 * names them otherwise), the references to them, index ranges and images. */
static void check_xml(loader *L, xmlNodePtr n, int report_duplicates)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)n->name;
        const char *id = attr(L, n, "id");
        if (id) {
            diag_loc loc = xml_node_loc(L->x, n, L->d);
            int dup = find_id(L, id); /* hash index: a book may have many ids */
            if (dup >= 0 && report_duplicates)
                diag_error(L->d, loc, "duplicate id \"%s\" (first used at %s:%d:%d)", id,
                           L->id_locs[dup].file ? L->id_locs[dup].file : "?", L->id_locs[dup].line, L->id_locs[dup].col);
            if (dup < 0) {
                int cap = L->ids_cap;
                VEC_PUSH(L->ids, L->nids, L->ids_cap, id);
                if (L->ids_cap != cap || !L->id_locs) L->id_locs = xrealloc(L->id_locs, sizeof *L->id_locs * (size_t)L->ids_cap);
                L->id_locs[L->nids - 1] = loc;
                hindex_add(&L->id_ix, hash_bytes(id, strlen(id)), L->nids - 1);
            }
        }
        const char *to = !strcmp(name, "ref") ? attr(L, n, "to") : !strcmp(name, "event") ? attr(L, n, "ref") : NULL;
        if (to) {
            struct pending_ref r = {to, xml_attr_loc(L->x, n, !strcmp(name, "ref") ? "to" : "ref", L->d)};
            VEC_PUSH(L->refs, L->nrefs, L->refs_cap, r);
        }
        if (!strcmp(name, "ix")) {
            const char *range = attr(L, n, "range"), *rid = attr(L, n, "rid");
            if (range && rid) {
                struct range_mark rm = {rid, !strcmp(range, "start"), xml_node_loc(L->x, n, L->d)};
                VEC_PUSH(L->ranges, L->nranges, L->ranges_cap, rm);
            }
        }
        if (!strcmp(name, "figure")) check_image(L, n);
        check_xml(L, n->children, report_duplicates);
    }
}

static void check_refs_and_ranges(loader *L)
{
    diag_sink *d = L->d;
    /* every index range that starts ends, once, after it (same rid): the
     * starts and the last end of each rid, counted in one pass (a hash index
     * of the rids: the ranges of a long book are not compared pairwise) */
    struct rid_count { int starts, last_end; } *rc = NULL;
    const char **rids = NULL;
    int nrc = 0, rc_cap = 0, nrids = 0, rids_cap = 0;
    hindex rix = {0};
    int *which = xcalloc((size_t)L->nranges + 1, sizeof *which);
    for (int i = 0; i < L->nranges; i++) {
        name_probe p = {rids, L->ranges[i].rid};
        uint64_t h = hash_bytes(L->ranges[i].rid, strlen(L->ranges[i].rid));
        int k = hindex_find(&rix, h, same_name, &p);
        if (k < 0) {
            struct rid_count c = {0, -1};
            VEC_PUSH(rc, nrc, rc_cap, c);
            VEC_PUSH(rids, nrids, rids_cap, L->ranges[i].rid); /* the names, for same_name */
            k = nrc - 1;
            hindex_add(&rix, h, k);
        }
        which[i] = k;
        if (L->ranges[i].start) rc[k].starts++;
        else rc[k].last_end = i;
    }
    for (int i = 0; i < L->nranges; i++) {
        const struct rid_count *c = &rc[which[i]];
        if (L->ranges[i].start && c->last_end < i)
            diag_error(d, L->ranges[i].loc, "index range rid=\"%s\" starts here but never ends (add <ix range=\"end\" rid=\"%s\"/>)",
                       L->ranges[i].rid, L->ranges[i].rid);
        else if (!L->ranges[i].start && c->starts == 0)
            diag_error(d, L->ranges[i].loc, "index range rid=\"%s\" ends here but never starts", L->ranges[i].rid);
        else if (L->ranges[i].start && c->starts > 1)
            diag_error(d, L->ranges[i].loc, "index range rid=\"%s\" starts %d times", L->ranges[i].rid, c->starts);
    }
    free(which);
    free(rc);
    free(rids);
    hindex_free(&rix);
    int missing = 0;
    for (int i = 0; i < L->nrefs; i++) {
        if (find_id(L, L->refs[i].to) >= 0) continue; /* found through the hash index */
        /* the suggestion scans every id: for the first 100 missing ones only
         * (a manuscript of thousands of broken references stays quick) */
        suggest sg;
        suggest_init(&sg, L->refs[i].to);
        for (int k = 0; k < L->nids && missing < 100; k++) suggest_add(&sg, L->ids[k]);
        missing++;
        char hint[300];
        diag_error(d, L->refs[i].loc, "reference to \"%s\", which no element has as id%s", L->refs[i].to,
                   suggest_hint(&sg, hint, sizeof hint));
    }
}

/* ---- inline ---- */

static doc_inline *new_inline(loader *L, doc_inline_kind k, xmlNodePtr n)
{
    doc_inline *in = ARENA_NEW(&L->book->mem, doc_inline);
    in->kind = k;
    in->loc = loc_of(L, n);
    in->lang = lang_of(L, n);
    return in;
}

static doc_inline *read_inlines(loader *L, xmlNodePtr first);
static int int_attr(loader *L, xmlNodePtr n, const char *name, int dflt);

static doc_inline *read_inline_el(loader *L, xmlNodePtr n)
{
    static const struct { const char *name; doc_inline_kind kind; } map[] = {
        {"em", IN_EM}, {"strong", IN_STRONG}, {"sc", IN_SC}, {"sup", IN_SUP}, {"sub", IN_SUB},
        {"q", IN_Q}, {"note", IN_NOTE}, {"ix", IN_IX}, {"ref", IN_REF}, {"link", IN_LINK},
        {"nobr", IN_NOBR}, {"br", IN_BR}, {"span", IN_SPAN},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (strcmp((const char *)n->name, map[i].name) != 0) continue;
        doc_inline *in = new_inline(L, map[i].kind, n);
        in->children = read_inlines(L, n->children);
        switch (in->kind) {
        case IN_NOTE: {
            in->note_n = int_attr(L, n, "n", 0);
            in->note_empty = 1;
            for (doc_inline *c = in->children; c; c = c->next)
                if (c->kind != IN_TEXT || strcmp(c->text, " ") != 0) in->note_empty = 0;
            break;
        }
        case IN_IX:
            in->term = attr(L, n, "term");
            in->sub = attr(L, n, "sub");
            in->see = attr(L, n, "see");
            in->sort = attr(L, n, "sort");
            in->range = attr(L, n, "range");
            in->rid = attr(L, n, "rid");
            break;
        case IN_REF:
            in->to = attr(L, n, "to");
            in->show = attr(L, n, "show");
            break;
        case IN_LINK: in->href = attr(L, n, "href"); break;
        default: break;
        }
        return in;
    }
    diag_error(L->d, loc_of(L, n), "unexpected element <%s> in text", (const char *)n->name);
    return NULL;
}

static doc_inline *read_inlines(loader *L, xmlNodePtr first)
{
    doc_inline *head = NULL, **tail = &head;
    for (xmlNodePtr n = first; n; n = n->next) {
        doc_inline *in = NULL;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            int blank;
            const char *t = collapse(L, (const char *)n->content, &blank);
            if (!*t) continue;
            in = new_inline(L, IN_TEXT, n->parent);
            in->text = t;
        } else if (n->type == XML_ELEMENT_NODE) {
            in = read_inline_el(L, n);
        }
        if (in) {
            *tail = in;
            tail = &in->next;
        }
    }
    return head;
}

/* ---- blocks ---- */

static int is_block_name(const char *name)
{
    static const char *blocks[] = {"p", "quote", "list", "dl", "box", "table", "figure", "pagebreak", NULL};
    for (int i = 0; blocks[i]; i++)
        if (strcmp(name, blocks[i]) == 0) return 1;
    return 0;
}

/* An element holds blocks if any element child is a block. */
static int holds_blocks(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && is_block_name((const char *)c->name)) return 1;
    return 0;
}

static doc_block *read_block(loader *L, xmlNodePtr n);

static doc_block *read_blocks(loader *L, xmlNodePtr first)
{
    doc_block *head = NULL, **tail = &head;
    for (xmlNodePtr n = first; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || !is_block_name((const char *)n->name)) continue;
        doc_block *b = read_block(L, n);
        if (b) {
            *tail = b;
            tail = &b->next;
        }
    }
    return head;
}

static doc_block *new_block(loader *L, doc_block_kind k, xmlNodePtr n)
{
    doc_block *b = ARENA_NEW(&L->book->mem, doc_block);
    b->kind = k;
    b->loc = loc_of(L, n);
    b->lang = lang_of(L, n);
    return b;
}

static doc_align parse_align(const char *s)
{
    if (!s) return ALIGN_DEFAULT;
    if (!strcmp(s, "left")) return ALIGN_LEFT;
    if (!strcmp(s, "right")) return ALIGN_RIGHT;
    if (!strcmp(s, "center")) return ALIGN_CENTER;
    if (!strcmp(s, "decimal")) return ALIGN_DECIMAL;
    return ALIGN_DEFAULT;
}

/* A whole number attribute (the schema checked its form), clamped to
 * +-1,000,000,000 so that no arithmetic on it can overflow. */
static int int_attr(loader *L, xmlNodePtr n, const char *name, int dflt)
{
    const char *v = attr(L, n, name);
    if (!v) return dflt;
    long long x = strtoll(v, NULL, 10);
    return x > 1000000000 ? 1000000000 : x < -1000000000 ? -1000000000 : (int)x;
}

static doc_table *read_table(loader *L, xmlNodePtr tn, doc_block *tb)
{
    doc_table *t = ARENA_NEW(&L->book->mem, doc_table);
    int ncols = 0, ncols_over = 0;
    for (xmlNodePtr c = tn->children; c; c = c->next)
        if (is_el(c, "col") && ++ncols > FOLIO_MAX_TABLE_COLUMNS) {
            /* base/bounds.h; the columns past the limit are not read */
            diag_error(L->d, loc_of(L, c), "this is column %d of the table; the limit is %d columns", ncols,
                       FOLIO_MAX_TABLE_COLUMNS);
            ncols = FOLIO_MAX_TABLE_COLUMNS;
            ncols_over = 1;
            break;
        }
    t->cols = ARENA_ARRAY(&L->book->mem, doc_col, ncols ? ncols : 1);
    doc_row **tail = &t->rows;
    int too_many_rows = 0;
    t->source = attr(L, tn, "source");
    for (xmlNodePtr c = tn->children; c; c = c->next) {
        if (is_el(c, "col")) {
            if (t->ncols == ncols) continue; /* past the limit, reported above */
            doc_col *col = &t->cols[t->ncols++];
            const char *w = attr(L, c, "width");
            col->loc = loc_of(L, c);
            col->align = parse_align(attr(L, c, "align"));
            if (w) {
                size_t wl = strlen(w);
                fo_sp len;
                if (wl && w[wl - 1] == '*') {
                    col->star = wl > 1 ? atof(w) : 1.0;
                    if (!(col->star <= 1000)) { /* proportions beyond 1:1000 are a typo (and overflow) */
                        diag_error(L->d, xml_attr_loc(L->x, c, "width", L->d),
                                   "column width \"%s\" is out of range: a share from 0* to 1000*", w);
                        col->star = 1;
                    }
                }
                else if (units_parse_length(w, &len) == 0) col->abs_sp = len;
                else diag_error(L->d, xml_attr_loc(L->x, c, "width", L->d), "column width \"%s\" is neither N* nor a length", w);
            }
        } else if (is_el(c, "thead") || is_el(c, "tbody") || is_el(c, "tfoot")) {
            doc_row_kind kind = is_el(c, "thead") ? ROW_HEAD : is_el(c, "tfoot") ? ROW_FOOT : ROW_BODY;
            for (xmlNodePtr r = c->children; r; r = r->next) {
                if (!is_el(r, "row")) continue;
                if (t->nrows == FOLIO_MAX_TABLE_ROWS) {
                    /* base/bounds.h; the rows past the limit are not read */
                    if (!too_many_rows++)
                        diag_error(L->d, loc_of(L, r), "this is row %d of the table; the limit is %d rows",
                                   FOLIO_MAX_TABLE_ROWS + 1, FOLIO_MAX_TABLE_ROWS);
                    break;
                }
                doc_row *row = ARENA_NEW(&L->book->mem, doc_row);
                const char *type = attr(L, r, "type");
                row->loc = loc_of(L, r);
                row->kind = (kind == ROW_BODY && type && !strcmp(type, "group")) ? ROW_GROUP : kind;
                doc_cell **ctail = &row->cells;
                for (xmlNodePtr ce = r->children; ce; ce = ce->next) {
                    if (!is_el(ce, "cell")) continue;
                    doc_cell *cell = ARENA_NEW(&L->book->mem, doc_cell);
                    cell->loc = loc_of(L, ce);
                    cell->colspan = int_attr(L, ce, "colspan", 1);
                    cell->rowspan = int_attr(L, ce, "rowspan", 1);
                    cell->align = parse_align(attr(L, ce, "align"));
                    if (holds_blocks(ce)) cell->blocks = read_blocks(L, ce->children);
                    else cell->content = read_inlines(L, ce->children);
                    *ctail = cell;
                    ctail = &cell->next;
                    row->ncells++;
                }
                *tail = row;
                tail = &row->next;
                t->nrows++;
            }
        }
    }
    /* Check the grid: spans inside the table, no more cells than columns
     * (unless the columns are already wrong: too many). */
    int n = t->ncols;
    if (n == FOLIO_MAX_TABLE_COLUMNS && ncols_over) return t;
    if (n == 0) {
        diag_error(L->d, tb->loc, "table \"%s\" has no <col> elements: declare its columns", tb->title ? tb->title : "");
        return t;
    }
    int *busy = xcalloc((size_t)n, sizeof *busy); /* rows still covered by a rowspan above */
    for (doc_row *row = t->rows; row; row = row->next) {
        int col = 0;
        for (doc_cell *cell = row->cells; cell; cell = cell->next) {
            while (col < n && busy[col] > 0) col++;
            if (col >= n) {
                diag_error(L->d, cell->loc, "more cells than columns: the table has %d column%s", n, n == 1 ? "" : "s");
                break;
            }
            if (cell->colspan < 1 || col + cell->colspan > n) {
                diag_error(L->d, cell->loc, "colspan=\"%d\" goes past the table's edge (column %d of %d)",
                           cell->colspan, col + 1, n);
                cell->colspan = n - col;
            }
            for (int k = 0; k < cell->colspan; k++)
                if (col + k < n) busy[col + k] = cell->rowspan > 1 ? cell->rowspan : 1;
            /* a rowspan must end inside its row group */
            if (cell->rowspan > 1) {
                int left = 0;
                for (doc_row *r2 = row->next; r2 && r2->kind == row->kind; r2 = r2->next) left++;
                if (row->kind == ROW_BODY || row->kind == ROW_GROUP) {
                    left = 0;
                    for (doc_row *r2 = row->next; r2 && (r2->kind == ROW_BODY || r2->kind == ROW_GROUP); r2 = r2->next) left++;
                }
                if (cell->rowspan - 1 > left)
                    diag_error(L->d, cell->loc, "rowspan=\"%d\" goes past the table's last row (%d row%s below)",
                               cell->rowspan, left, left == 1 ? "" : "s");
            }
            col += cell->colspan;
        }
        for (int k = 0; k < n; k++)
            if (busy[k] > 0) busy[k]--;
    }
    free(busy);
    /* absolute widths wider than any measure are checked at layout time */
    return t;
}

static doc_block *read_block(loader *L, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    doc_block *b;
    if (!strcmp(name, "p")) {
        b = new_block(L, BL_P, n);
        b->cls = attr(L, n, "class");
        b->content = read_inlines(L, n->children);
    } else if (!strcmp(name, "quote")) {
        b = new_block(L, BL_QUOTE, n);
        b->children = read_blocks(L, n->children);
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (is_el(c, "source")) b->content = read_inlines(L, c->children);
    } else if (!strcmp(name, "list")) {
        const char *type = attr(L, n, "type");
        b = new_block(L, BL_LIST, n);
        b->list_type = !type || !strcmp(type, "bullet") ? LIST_BULLET : !strcmp(type, "number") ? LIST_NUMBER : LIST_ALPHA;
        b->list_start = int_attr(L, n, "start", 1);
        if (b->list_start > 999999) {
            diag_error(L->d, xml_attr_loc(L->x, n, "start", L->d), "start=\"%s\" of <list> is out of range: at most 999999",
                       attr(L, n, "start"));
            b->list_start = 1;
        }
        doc_block **tail = &b->children;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (!is_el(c, "item")) continue;
            doc_block *it = new_block(L, BL_ITEM, c);
            if (holds_blocks(c)) it->children = read_blocks(L, c->children);
            else it->content = read_inlines(L, c->children);
            *tail = it;
            tail = &it->next;
        }
    } else if (!strcmp(name, "dl")) {
        b = new_block(L, BL_DL, n);
        doc_block **tail = &b->children;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (!is_el(c, "dt") && !is_el(c, "dd")) continue;
            doc_block *it = new_block(L, is_el(c, "dt") ? BL_DT : BL_DD, c);
            if (holds_blocks(c)) it->children = read_blocks(L, c->children);
            else it->content = read_inlines(L, c->children);
            *tail = it;
            tail = &it->next;
        }
    } else if (!strcmp(name, "box")) {
        b = new_block(L, BL_BOX, n);
        b->id = attr(L, n, "id");
        b->title = attr(L, n, "title");
        b->box_kind = attr(L, n, "kind");
        b->children = read_blocks(L, n->children);
    } else if (!strcmp(name, "table")) {
        b = new_block(L, BL_TABLE, n);
        b->id = attr(L, n, "id");
        b->title = attr(L, n, "title");
        b->number = ++L->book->ntables;
        b->table = read_table(L, n, b);
    } else if (!strcmp(name, "figure")) {
        b = new_block(L, BL_FIGURE, n);
        b->id = attr(L, n, "id");
        b->title = attr(L, n, "title");
        const char *src = attr(L, n, "src");
        b->alt = attr(L, n, "alt");
        if (!b->alt || !*b->alt)
            diag_warning(L->d, b->loc, "this figure has no alt text: a screen reader will say its %s instead; "
                         "describe the image in alt=\"…\"", b->title ? "caption" : "label");
        const char *w = attr(L, n, "width");
        fo_sp len;
        if (w && units_parse_length(w, &len) == 0) b->width_sp = len;
        if (src) {
            /* found and checked by check_xml; here only whether it is in colour (PDF/X) */
            b->src = image_path(L, n, src);
            image_info info;
            char why[160];
            if (image_check(b->src, &info, why, sizeof why) == 0) b->image_color = info.color;
        }
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (is_el(c, "source")) b->content = read_inlines(L, c->children);
    } else {
        b = new_block(L, BL_PAGEBREAK, n);
    }
    return b;
}

/* ---- divisions ---- */

static doc_div *read_div(loader *L, xmlNodePtr n, doc_matter matter, int level);

static doc_inline *title_of(loader *L, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_el(c, "title")) return read_inlines(L, c->children);
    const char *t = attr(L, n, "title");
    if (!t) return NULL;
    doc_inline *in = new_inline(L, IN_TEXT, n);
    int blank;
    in->text = collapse(L, t, &blank);
    return in;
}

static doc_div *new_div(loader *L, doc_div_kind k, xmlNodePtr n, doc_matter matter, int level)
{
    doc_div *v = ARENA_NEW(&L->book->mem, doc_div);
    v->kind = k;
    v->matter = matter;
    v->level = level;
    v->loc = loc_of(L, n);
    v->lang = lang_of(L, n);
    v->id = attr(L, n, "id");
    v->title = title_of(L, n);
    if (v->title) v->title_text = doc_inline_text(&L->book->mem, v->title);
    return v;
}

static doc_div *read_div(loader *L, xmlNodePtr n, doc_matter matter, int level)
{
    const char *name = (const char *)n->name;
    doc_div *v;
    if (!strcmp(name, "titlepage")) return new_div(L, DIV_TITLEPAGE, n, matter, level);
    if (!strcmp(name, "toc")) return new_div(L, DIV_TOC, n, matter, level);
    if (!strcmp(name, "listoftables")) return new_div(L, DIV_LOT, n, matter, level);
    if (!strcmp(name, "index")) return new_div(L, DIV_INDEX, n, matter, level);
    if (!strcmp(name, "part")) {
        v = new_div(L, DIV_PART, n, matter, 0);
        doc_div **tail = &v->children;
        for (xmlNodePtr c = n->children; c; c = c->next)
            if (is_el(c, "chapter")) {
                *tail = read_div(L, c, matter, 1);
                tail = &(*tail)->next;
            }
        return v;
    }
    if (!strcmp(name, "chronology")) {
        v = new_div(L, DIV_CHRONOLOGY, n, matter, level);
        doc_event **tail = &v->events;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (!is_el(c, "event")) continue;
            doc_event *e = ARENA_NEW(&L->book->mem, doc_event);
            e->loc = loc_of(L, c);
            e->year = attr(L, c, "year");
            e->ref = attr(L, c, "ref");
            if (holds_blocks(c)) e->blocks = read_blocks(L, c->children);
            else e->content = read_inlines(L, c->children);
            *tail = e;
            tail = &e->next;
        }
        return v;
    }
    if (!strcmp(name, "bibliography")) {
        v = new_div(L, DIV_BIBLIOGRAPHY, n, matter, level);
        doc_entry **tail = &v->entries;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            if (!is_el(c, "entry")) continue;
            doc_entry *e = ARENA_NEW(&L->book->mem, doc_entry);
            e->loc = loc_of(L, c);
            e->id = attr(L, c, "id");
            e->content = read_inlines(L, c->children);
            *tail = e;
            tail = &e->next;
        }
        return v;
    }
    /* chapter, section, preface */
    doc_div_kind kind = !strcmp(name, "chapter") ? DIV_CHAPTER : !strcmp(name, "section") ? DIV_SECTION : DIV_PREFACE;
    v = new_div(L, kind, n, matter, level);
    v->label = attr(L, n, "label");
    v->period = attr(L, n, "period");
    v->subtitle = attr(L, n, "subtitle");
    if (!v->title && kind != DIV_PREFACE)
        diag_error(L->d, v->loc, "<%s> has no title: give it a title=\"…\" attribute or a <title> child", name);
    v->blocks = read_blocks(L, n->children);
    doc_div **tail = &v->children;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (is_el(c, "section")) {
            *tail = read_div(L, c, matter, level + 1);
            tail = &(*tail)->next;
        } else if (is_el(c, "signature")) {
            for (xmlNodePtr s = c->children; s; s = s->next) {
                if (is_el(s, "name")) v->sig_name = read_inlines(L, s->children);
                else if (is_el(s, "role")) v->sig_role = read_inlines(L, s->children);
                else if (is_el(s, "org")) v->sig_org = read_inlines(L, s->children);
            }
        }
    }
    return v;
}

static doc_div *read_matter(loader *L, xmlNodePtr m, doc_matter matter)
{
    doc_div *head = NULL, **tail = &head;
    if (!m) return NULL;
    for (xmlNodePtr c = m->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        *tail = read_div(L, c, matter, 1);
        tail = &(*tail)->next;
    }
    return head;
}

static const char *text_of(loader *L, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    int blank;
    const char *s = collapse(L, t ? (const char *)t : "", &blank);
    xmlFree(t);
    /* trim the single spaces collapse() may leave at the ends */
    while (*s == ' ') s++;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ') len--;
    return arena_strndup(&L->book->mem, s, len);
}

doc_book *manuscript_load(const char *path, diag_sink *d)
{
    xml_loaded x;
    int errors0 = d->errors;
    /* base/bounds.h: how deep lists, boxes and sections may nest, how many
     * columns a table and rows a table part may have (checked on the text,
     * before the parser builds them; read_table checks the table's rows) */
    static const xml_nest_limit nesting[] = {
        {"list", FOLIO_MAX_LIST_DEPTH, "lists", 0, NULL},
        {"box", FOLIO_MAX_BOX_DEPTH, "boxes", 0, NULL},
        {"section", FOLIO_MAX_SECTION_DEPTH, "sections", 0, NULL},
        {"col", 0, "columns", FOLIO_MAX_TABLE_COLUMNS, "column"},
        {"row", 0, "rows", FOLIO_MAX_TABLE_ROWS, "row"},
        {NULL, 0, NULL, 0, NULL},
    };
    xml_load_nested(&x, path, schema_manuscript_rng, "manuscript", 1, nesting, d);
    if (!x.complete) {
        xml_loaded_free(&x);
        return NULL;
    }
    doc_book *book = xcalloc(1, sizeof *book);
    arena_init(&book->mem, 256 * 1024);
    loader L = {.book = book, .x = &x, .d = d};
    book->path = arena_strdup(&book->mem, path);
    {
        char resolved[PATH_MAX];
        const char *p = realpath(path, resolved) ? resolved : path;
        const char *slash = strrchr(p, '/');
        book->dir = slash ? arena_strndup(&book->mem, p, (size_t)(slash - p)) : ".";
    }
    xmlNodePtr root = xmlDocGetRootElement(x.doc);
    /* the book's language is langs[0]: es unless <book xml:lang="…"> says otherwise */
    book->langs = ARENA_ARRAY(&book->mem, doc_lang, 64);
    book->langs[0] = (doc_lang){"es", {0}};
    book->nlangs = 1;
    {
        xmlChar *lang = xmlGetNsProp(root, (const xmlChar *)"lang", XML_XML_NAMESPACE);
        if (lang) book->langs[0] = (doc_lang){arena_strdup(&book->mem, (const char *)lang), xml_attr_loc(&x, root, "xml:lang", d)};
        xmlFree(lang);
    }
    book->lang = book->langs[0].tag;
    /* ids, references and images are checked even when the schema check failed */
    check_xml(&L, root, x.valid);
    check_refs_and_ranges(&L);
    if (x.valid && strcmp((const char *)root->name, "book") != 0)
        diag_error(d, xml_node_loc(&x, root, d),
                   "this file is a <%s>, not a book: folio typesets a <book>, which includes chapter files with "
                   "<xi:include href=\"…\"/>", (const char *)root->name);
    if (d->errors > errors0) {
        free(L.ids);
        free(L.id_locs);
        hindex_free(&L.id_ix);
        free(L.refs);
        free(L.ranges);
        xml_loaded_free(&x);
        doc_free(book);
        return NULL;
    }
    int authors_cap = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (is_el(c, "meta")) {
            for (xmlNodePtr m = c->children; m; m = m->next) {
                if (is_el(m, "title")) book->title = text_of(&L, m);
                else if (is_el(m, "subtitle")) book->subtitle = text_of(&L, m);
                else if (is_el(m, "publisher")) book->publisher = text_of(&L, m);
                else if (is_el(m, "isbn")) {
                    book->isbn = text_of(&L, m);
                    book->isbn_loc = loc_of(&L, m);
                    /* the cover prints it as a barcode: a wrong digit is caught here */
                    char digits[14], why[256];
                    if (isbn_parse(book->isbn, digits, why, sizeof why) != 0)
                        diag_error(d, book->isbn_loc, "wrong ISBN: %s", why);
                } else if (is_el(m, "blurb")) {
                    book->blurb = read_blocks(&L, m->children);
                    book->blurb_loc = loc_of(&L, m);
                }
                else if (is_el(m, "rights")) book->rights = text_of(&L, m);
                else if (is_el(m, "author")) {
                    const char *a = text_of(&L, m);
                    VEC_PUSH(book->authors, book->nauthors, authors_cap, a);
                } else if (is_el(m, "edition")) {
                    book->edition_number = attr(&L, m, "number");
                    book->edition_date = attr(&L, m, "date");
                }
            }
        } else if (is_el(c, "front")) book->front = read_matter(&L, c, MATTER_FRONT);
        else if (is_el(c, "body")) book->body = read_matter(&L, c, MATTER_BODY);
        else if (is_el(c, "back")) book->back = read_matter(&L, c, MATTER_BACK);
    }
    free(L.ranges);
    free(L.ids);
    free(L.id_locs);
    hindex_free(&L.id_ix);
    free(L.refs);
    /* the authors array must outlive the loader: copy it into the arena */
    if (book->nauthors) {
        const char **a = ARENA_ARRAY(&book->mem, const char *, book->nauthors);
        memcpy(a, book->authors, sizeof *a * (size_t)book->nauthors);
        free(book->authors);
        book->authors = a;
    }
    xml_loaded_free(&x);
    if (d->errors > errors0) {
        doc_free(book);
        return NULL;
    }
    return book;
}

/* ---- places of single characters ---- */

diag_loc manuscript_char_loc(diag_sink *d, diag_loc elem, uint32_t cp, int nth)
{
    if (!elem.file || elem.line < 1) return elem;
    FILE *f = fopen(elem.file, "rb");
    if (!f) return elem;
    char enc[5] = {0};
    if (cp < 0x80) enc[0] = (char)cp;
    else if (cp < 0x800) { enc[0] = (char)(0xC0 | (cp >> 6)); enc[1] = (char)(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
        enc[0] = (char)(0xE0 | (cp >> 12)); enc[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); enc[2] = (char)(0x80 | (cp & 0x3F));
    } else {
        enc[0] = (char)(0xF0 | (cp >> 18)); enc[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        enc[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); enc[3] = (char)(0x80 | (cp & 0x3F));
    }
    size_t el = strlen(enc);
    int line = 1, col = 1, c;
    /* a small window of the file is enough: read it as it comes */
    char buf[16];
    int nbuf = 0;
    diag_loc out = elem;
    while ((c = fgetc(f)) != EOF) {
        int at_or_after = line > elem.line || (line == elem.line && col >= (elem.col > 0 ? elem.col : 1));
        if (at_or_after && el > 0) {
            /* literal character, or a character reference &#N; / &#xH; */
            long pos = ftell(f);
            int match = 0;
            if ((char)c == enc[0]) {
                match = 1;
                for (size_t k = 1; k < el && match; k++) {
                    int n = fgetc(f);
                    if (n == EOF || (char)n != enc[k]) match = 0;
                }
            } else if (c == '&') {
                nbuf = 0;
                int n;
                while (nbuf < 12 && (n = fgetc(f)) != EOF && n != ';') buf[nbuf++] = (char)n;
                buf[nbuf] = 0;
                if (nbuf > 1 && buf[0] == '#')
                    match = (uint32_t)(buf[1] == 'x' ? strtoul(buf + 2, NULL, 16) : strtoul(buf + 1, NULL, 10)) == cp;
            }
            fseek(f, pos, SEEK_SET);
            if (match && nth-- == 0) {
                out = diag_at(d, elem.file, line, col);
                break;
            }
        }
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) col++;
    }
    fclose(f);
    return out;
}
