/* xmlload.c - see xmlload.h.
 *
 * libxml2 2.9 keeps line numbers in nodes but no columns; the column of an
 * element is found by looking for its start tag on its line in the file's
 * text (kept in xml_source). After XInclude, copied nodes keep their lines,
 * and the included subtree's root gets an xml:base, so xmlNodeGetBase()
 * names the chapter file a node came from. */
#include "xmlload.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xinclude.h>
#include <libxml/xmlerror.h>

#include "../base/xalloc.h"

struct xml_source {
    char *path;
    char *text;
    size_t len;
    size_t *line_start; /* offset of each line's first byte; line 1 at [0] */
    int nlines;
    xml_source *next;
};

/* ---- file texts, for columns ---- */

static xml_source *source_get(xml_loaded *x, const char *path)
{
    for (xml_source *s = x->sources; s; s = s->next)
        if (strcmp(s->path, path) == 0) return s;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    xml_source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    size_t cap = 0;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        s->text = xrealloc(s->text, cap + n + 1);
        memcpy(s->text + cap, buf, n);
        cap += n;
    }
    fclose(f);
    if (!s->text) s->text = xcalloc(1, 1);
    s->text[cap] = 0;
    s->len = cap;
    int lines_cap = 0;
    VEC_PUSH(s->line_start, s->nlines, lines_cap, 0);
    for (size_t i = 0; i < cap; i++)
        if (s->text[i] == '\n') VEC_PUSH(s->line_start, s->nlines, lines_cap, i + 1);
    s->next = x->sources;
    x->sources = s;
    return s;
}

/* Column (1-based, in characters) of needle on the given line, or 0. */
static int source_find_col(xml_source *s, int line, const char *needle)
{
    if (!s || line < 1 || line > s->nlines) return 0;
    size_t start = s->line_start[line - 1];
    size_t end = line < s->nlines ? s->line_start[line] : s->len;
    size_t nl = strlen(needle);
    for (size_t i = start; i + nl <= end; i++) {
        if (memcmp(s->text + i, needle, nl) == 0) {
            char after = s->text[i + nl];
            /* "<p" must not match "<pagebreak": the next byte ends the name */
            if (needle[0] == '<' && !(after == ' ' || after == '>' || after == '/' || after == '\t' ||
                                      after == '\n' || after == '\r'))
                continue;
            int col = 1;
            for (size_t j = start; j < i; j++)
                if (((unsigned char)s->text[j] & 0xC0) != 0x80) col++;
            return col;
        }
    }
    return 0;
}

/* Start tags may span lines; libxml2 records the line where the tag ends. */
static int source_find_tag(xml_source *s, int *line, const char *needle)
{
    for (int l = *line; l >= 1 && l > *line - 8; l--) {
        int c = source_find_col(s, l, needle);
        if (c) { *line = l; return c; }
    }
    return 0;
}

static char *node_file(xmlNodePtr node)
{
    xmlChar *base = xmlNodeGetBase(node->doc, node);
    char *out;
    if (!base) return node->doc && node->doc->URL ? xstrdup((const char *)node->doc->URL) : NULL;
    out = xstrdup((const char *)base);
    xmlFree(base);
    if (strncmp(out, "file://", 7) == 0) memmove(out, out + 7, strlen(out + 7) + 1);
    return out;
}

diag_loc xml_node_loc(xml_loaded *x, xmlNodePtr node, diag_sink *d)
{
    diag_loc loc = {0};
    if (!node) return loc;
    char *file = node_file(node);
    int line = (int)xmlGetLineNo(node);
    int col = 0;
    if (file && line > 0 && node->type == XML_ELEMENT_NODE) {
        char needle[256];
        snprintf(needle, sizeof needle, "<%s", (const char *)node->name);
        col = source_find_tag(source_get(x, file), &line, needle);
    }
    loc = diag_at(d, file, line > 0 ? line : 0, col);
    free(file);
    return loc;
}

diag_loc xml_attr_loc(xml_loaded *x, xmlNodePtr node, const char *attr, diag_sink *d)
{
    diag_loc loc = xml_node_loc(x, node, d);
    if (loc.file && loc.line > 0) {
        xml_source *s = source_get(x, loc.file);
        char needle[256];
        snprintf(needle, sizeof needle, " %s=", attr);
        for (int l = loc.line; s && l <= loc.line + 8 && l <= s->nlines; l++) {
            int c = source_find_col(s, l, needle);
            if (c) { loc.line = l; loc.col = c + 1; break; }
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

static xmlParserInputPtr restricted_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    char resolved[PATH_MAX];
    const char *path = url;
    (void)id;
    if (!url) return NULL;
    if (strncmp(url, "file://", 7) == 0) path = url + 7;
    else if (strstr(url, "://")) {
        snprintf(g_refused, sizeof g_refused, "%s", url);
        return NULL;
    }
    if (!realpath(path, resolved)) return g_default_loader(url, id, ctxt); /* reports "failed to load" */
    size_t n = strlen(g_allowed_dir);
    if (strncmp(resolved, g_allowed_dir, n) != 0 || (resolved[n] != '/' && resolved[n] != 0)) {
        snprintf(g_refused, sizeof g_refused, "%s", url);
        return NULL;
    }
    return g_default_loader(url, id, ctxt);
}

typedef struct {
    xml_loaded *x;
    diag_sink *d;
    const char *root;
    int count;
} error_ctx;

static void clean_message(char *msg)
{
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
}

static void structured_error(void *userdata, xmlErrorPtr err)
{
    error_ctx *ec = userdata;
    char *msg = xstrdup(err->message ? err->message : "unknown XML error");
    diag_loc loc;
    clean_message(msg);
    if (err->node && (err->domain == XML_FROM_RELAXNGV || err->domain == XML_FROM_XINCLUDE ||
                      err->domain == XML_FROM_VALID)) {
        loc = xml_node_loc(ec->x, (xmlNodePtr)err->node, ec->d);
    } else {
        const char *file = err->file ? err->file : ec->root;
        loc = diag_at(ec->d, file, err->line, err->int2 > 0 ? err->int2 : 0);
    }
    if (err->level == XML_ERR_WARNING) diag_warning(ec->d, loc, "%s", msg);
    else {
        diag_error(ec->d, loc, "%s", msg);
        ec->count++;
    }
    free(msg);
}

static void check_no_external_entities(xml_loaded *x, xmlDocPtr doc, diag_sink *d, int *errors)
{
    xmlDtdPtr dtd = doc->intSubset;
    if (!dtd) return;
    const char *file = doc->URL ? (const char *)doc->URL : "";
    xml_source *s = source_get(x, file);
    if (dtd->SystemID || dtd->ExternalID) {
        int line = 1, col = 0;
        for (; s && line <= s->nlines && !(col = source_find_col(s, line, "<!DOCTYPE")); line++) {}
        diag_error(d, diag_at(d, file, col ? line : 0, col),
                   "external DTD \"%s\" is not allowed (the manuscript is validated by folio's own schema)",
                   dtd->SystemID ? (const char *)dtd->SystemID : (const char *)dtd->ExternalID);
        (*errors)++;
    }
    for (xmlNodePtr n = dtd->children; n; n = n->next) {
        if (n->type != XML_ENTITY_DECL) continue;
        xmlEntityPtr e = (xmlEntityPtr)n;
        if (e->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY || e->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
            e->etype == XML_EXTERNAL_PARAMETER_ENTITY) {
            char needle[256];
            int line = 1, col = 0;
            snprintf(needle, sizeof needle, "<!ENTITY %s", (const char *)e->name);
            for (; s && line <= s->nlines && !(col = source_find_col(s, line, needle)); line++) {}
            diag_error(d, diag_at(d, file, col ? line : 0, col),
                       "external entity \"%s\" is not allowed (it would read \"%s\")", (const char *)e->name,
                       e->SystemID ? (const char *)e->SystemID : "?");
            (*errors)++;
        }
    }
}

void xml_load(xml_loaded *out, const char *path, const char *schema_text, const char *schema_name,
              int xinclude, diag_sink *d)
{
    error_ctx ec = {out, d, path, 0};
    char dir[PATH_MAX];
    memset(out, 0, sizeof *out);

    char resolved[PATH_MAX];
    if (!realpath(path, resolved)) {
        diag_error(d, diag_at(d, path, 0, 0), "cannot read the file: %s", "no such file");
        return;
    }
    snprintf(dir, sizeof dir, "%s", resolved);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) *slash = 0;
    snprintf(g_allowed_dir, sizeof g_allowed_dir, "%s", dir);
    g_refused[0] = 0;
    if (!g_default_loader) g_default_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(restricted_loader);
    xmlSetStructuredErrorFunc(&ec, structured_error);

    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
    if (!doc) goto done;
    out->doc = doc;
    if (ec.count) goto done;

    int errors = 0;
    check_no_external_entities(out, doc, d, &errors);
    ec.count += errors;

    if (xinclude && ec.count == 0) {
        int r = xmlXIncludeProcessFlags(doc, XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
        if (g_refused[0]) {
            /* libxml2 reports only "could not load"; say why */
            diag_error(d, diag_at(d, path, 0, 0),
                       "XInclude of \"%s\" refused: only files inside the manuscript's folder (%s) may be included",
                       g_refused, dir);
            ec.count++;
        }
        if (r < 0 && ec.count == 0) {
            diag_error(d, diag_at(d, path, 0, 0), "XInclude processing failed");
            ec.count++;
        }
    }
    if (ec.count) goto done;

    if (schema_text) {
        xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(schema_text, (int)strlen(schema_text));
        xmlRelaxNGPtr schema = pc ? xmlRelaxNGParse(pc) : NULL;
        if (!schema) {
            diag_error(d, diag_at(d, schema_name, 0, 0), "internal error: the schema does not load");
            ec.count++;
        } else {
            xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
            xmlRelaxNGSetValidStructuredErrors(vc, structured_error, &ec);
            int r = xmlRelaxNGValidateDoc(vc, doc);
            if (r != 0 && ec.count == 0) {
                diag_error(d, diag_at(d, path, 0, 0), "the document does not match the %s schema", schema_name);
                ec.count++;
            }
            xmlRelaxNGFreeValidCtxt(vc);
            xmlRelaxNGFree(schema);
        }
        if (pc) xmlRelaxNGFreeParserCtxt(pc);
    }
    out->valid = ec.count == 0;

done:
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
        free(s);
        s = next;
    }
    memset(x, 0, sizeof *x);
}
