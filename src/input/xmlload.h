/* xmlload.h - reading XML files safely and reporting their problems with places.
 *
 * One function loads a manuscript, a layout spec or an index term list:
 * libxml2 parses it with no network and no external entities, resolves
 * XInclude only inside the root file's own folder, then validates it with a
 * RELAX NG schema. Every problem goes to the diagnostics sink as
 * "file:line:col: error: …", naming the XInclude'd file where the problem is,
 * not the root, with the path as the user would write it (relative to the
 * current directory when the manuscript was given that way). */
#ifndef FOLIO_XMLLOAD_H
#define FOLIO_XMLLOAD_H

#include <libxml/tree.h>

#include "../base/diag.h"
#include "xmlscan.h"

typedef struct xml_source xml_source;   /* file texts, for columns */
typedef struct xml_nodepos xml_nodepos; /* where each element's start tag is */

typedef struct xml_loaded {
    xmlDocPtr doc;       /* NULL when the file could not be read or parsed */
    xml_source *sources; /* owned; locates nodes */
    xml_nodepos *pos;    /* owned; element node->_private indexes it (1-based) */
    int npos, pos_cap;
    int complete;        /* parsed and included: the tree is whole, whatever the schema says */
    int valid;           /* complete and schema-valid */
} xml_loaded;

/* Load path. schema_text is a RELAX NG schema (the text; NULL skips
 * validation), schema_name names it in messages. xinclude: resolve
 * xi:include elements (only to files inside path's folder). */
void xml_load(xml_loaded *out, const char *path, const char *schema_text, const char *schema_name,
              int xinclude, diag_sink *d);
/* The same, with limits on how deep elements of some names nest (lists in
 * lists…: xmlscan.h), counted across included files. Before libxml2 reads
 * a file, its encoding and folio's limits are checked (xmlscan.h); its
 * well-formedness errors are said in the editor's words (xmlwords.h). */
void xml_load_nested(xml_loaded *out, const char *path, const char *schema_text, const char *schema_name,
                     int xinclude, const xml_nest_limit *limits, diag_sink *d);
void xml_loaded_free(xml_loaded *x);

/* The place of an element in the files it came from: the XInclude'd file,
 * the line and column of the '<' of its start tag. */
diag_loc xml_node_loc(xml_loaded *x, xmlNodePtr node, diag_sink *d);
/* The place of a text node: its first character that is not a space (the
 * place of its parent element when that cannot be found). */
diag_loc xml_text_loc(xml_loaded *x, xmlNodePtr text, diag_sink *d);
/* The place of an attribute of node (line and column of the attribute's
 * name); the element's place when it has no such attribute. */
diag_loc xml_attr_loc(xml_loaded *x, xmlNodePtr node, const char *attr, diag_sink *d);

#endif
