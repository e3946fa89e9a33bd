/* xmlscan.h - an XML file's text checked before libxml2 reads it.
 *
 * libxml2 answers a file in the wrong encoding, a 600-level nesting or a
 * 50 MB word in its own words ("Input is not proper UTF-8, indicate
 * encoding !", "Excessive depth in document: 256 use XML_PARSE_HUGE option",
 * "xmlSAX2Characters: huge text node"), at the place where it gave up, or
 * not at all (UTF-16 without a byte order mark is read silently). So every
 * file is first read here, once, as bytes:
 *
 *   - the encoding: UTF-8, with or without a byte order mark; UTF-16 (with
 *     a mark or without) and an XML declaration naming another encoding are
 *     errors at 1:1 or at the declaration; the first byte that is not UTF-8
 *     is an error at its place (naming the Latin-1 character it would be),
 *     and so is a character XML does not allow (a control character);
 *   - folio's limits (base/bounds.h): elements inside one another, elements
 *     of a kind inside one another (lists, boxes, sections: the caller's
 *     table), elements directly inside one, of a kind inside one (a table's
 *     columns and rows), elements in all, text between two tags, a word, an
 *     attribute.
 *
 * The scan follows tags, comments, CDATA sections, processing instructions
 * and the DOCTYPE (skipped) the way the XML grammar does, but it is not a
 * parser: well-formedness is libxml2's to judge, after. It stops at the first
 * problem (what follows one is seldom worth reading). */
#ifndef FOLIO_XMLSCAN_H
#define FOLIO_XMLSCAN_H

#include <stddef.h>

#include "../base/diag.h"

/* Elements of one name that may be nested only so deep ("list", 8,
 * "lists"), or of which one element may hold only so many ("col", 0,
 * "columns", 100, "column"). 0: no such limit. */
typedef struct xml_nest_limit {
    const char *name;
    int max;              /* how deep they may nest */
    const char *plural;
    int max_in_parent;    /* how many one element may hold directly */
    const char *singular;
} xml_nest_limit;

#define XML_SCAN_MAX_KINDS 8

/* What surrounds the file: for an included file, the elements around its
 * xi:include; zero for a file read on its own. Updated by the scan with the
 * file's own elements (the count). */
typedef struct xml_scan_outer {
    int depth;                          /* elements open around the file */
    int open[XML_SCAN_MAX_KINDS];       /* of them, of each limited kind (index in the table) */
    long elements;                      /* elements counted so far in the whole document */
} xml_scan_outer;

/* Check text (len bytes, of the file path) as described above. kind names
 * the file in messages ("manuscript", "layout", …); limits ends with a NULL
 * name (or is NULL). Returns the number of errors reported to d (0 or 1). */
int xml_scan(const char *path, const char *kind, const unsigned char *text, size_t len,
             const xml_nest_limit *limits, xml_scan_outer *outer, diag_sink *d);

/* Check text that is included as text (xi:include parse="text"): the
 * encoding and the characters only. */
int xml_scan_text(const char *path, const char *kind, const unsigned char *text, size_t len, diag_sink *d);

#endif
