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
    if (end == text || v != v) return -1;
    /* a length past a kilometre is absurd; clamped, it stays absurd (the
     * callers' range checks refuse it) without overflowing the conversion */
    if (v > UNITS_MAX_LENGTH) v = UNITS_MAX_LENGTH;
    if (v < -UNITS_MAX_LENGTH) v = -UNITS_MAX_LENGTH;
    if (strcmp(end, "pt") == 0) *out = FO_PT(v);
    else if (strcmp(end, "mm") == 0) *out = FO_MM(v);
    else if (strcmp(end, "cm") == 0) *out = FO_MM(v * 10.0);
    else if (strcmp(end, "in") == 0) *out = FO_PT(v * 72.0);
    else return -1;
    return 0;
}

fo_sp units_pt_clamped(double pt)
{
    if (!(pt == pt)) return 0;
    if (pt > UNITS_MAX_LENGTH * 72.0) pt = UNITS_MAX_LENGTH * 72.0;
    if (pt < -UNITS_MAX_LENGTH * 72.0) pt = -UNITS_MAX_LENGTH * 72.0;
    return FO_PT(pt);
}
