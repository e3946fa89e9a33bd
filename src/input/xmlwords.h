/* xmlwords.h - libxml2's well-formedness errors in the editor's words.
 *
 * libxml2 says "xmlParseEntityRef: no name", "Premature end of data in tag
 * chapter line 2" or "AttValue: \" or ' expected": the words of its source
 * code, at the place where it gave up. Each parser and namespace error is
 * said again here in the words of someone who writes a book in XML, at the
 * place where the problem starts where that differs (an element never
 * closed: its start tag, not the end of the file; a comment never closed:
 * its "<!--"). An error this table does not know keeps libxml2's message,
 * cleaned of function names and option names. */
#ifndef FOLIO_XMLWORDS_H
#define FOLIO_XMLWORDS_H

#include <stddef.h>

#include <libxml/xmlerror.h>

/* Say err (a libxml2 error from the parser or namespace domain) into msg.
 * text (len bytes, or NULL) is the file's text, to find where the problem
 * starts; *line and *col hold libxml2's place and may be moved. */
void xml_parser_words(const xmlError *err, const char *text, size_t len, char *msg, size_t cap, int *line, int *col);

#endif
