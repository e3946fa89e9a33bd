/* units.c - parsing lengths written in the layout spec and the manuscript. */
#include "units.h"

#include <stdlib.h>
#include <string.h>

int units_parse_length(const char *text, fo_sp *out)
{
    char *end = NULL;
    double v;
    if (!text || !*text) return -1;
    v = strtod(text, &end);
    if (end == text) return -1;
    if (strcmp(end, "pt") == 0) *out = FO_PT(v);
    else if (strcmp(end, "mm") == 0) *out = FO_MM(v);
    else if (strcmp(end, "cm") == 0) *out = FO_MM(v * 10.0);
    else if (strcmp(end, "in") == 0) *out = FO_PT(v * 72.0);
    else return -1;
    return 0;
}
