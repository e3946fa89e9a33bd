/* trace.h - the trace backend: the page model as plain text, for golden tests
 * (as SILE's debug outputter). One line per item, lengths in points with two
 * decimals, so layout can be compared without parsing PDFs. */
#ifndef FOLIO_TRACE_H
#define FOLIO_TRACE_H

#include <stdio.h>

#include "../compose/pagemodel.h"

void trace_write(const pm_doc *doc, FILE *out);

#endif
