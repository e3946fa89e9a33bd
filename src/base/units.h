/* units.h - lengths inside the engine.
 *
 * Every length is an integer number of scaled points (1 sp = 1/65536 pt), as in
 * TeX: integer arithmetic keeps layouts identical across machines and runs.
 * 64 bits, because Knuth-Plass sums widths over whole paragraphs. Conversions
 * to and from points, millimetres and the like happen only at the edges
 * (layout parsing and the PDF writer). */
#ifndef FOLIO_UNITS_H
#define FOLIO_UNITS_H

#include <stdint.h>

typedef int64_t fo_sp;

#define FO_SP_PER_PT 65536
#define FO_PT(x) ((fo_sp)((x) * (double)FO_SP_PER_PT + ((x) >= 0 ? 0.5 : -0.5)))
#define FO_MM(x) FO_PT((x) * 72.0 / 25.4)
#define FO_TO_PT(s) ((double)(s) / (double)FO_SP_PER_PT)

/* The largest number a length is read as, in its own unit (1e6 mm is a
 * kilometre): beyond it a value is clamped, so that no conversion overflows. */
#define UNITS_MAX_LENGTH 1e6

/* Parse a length such as "22mm", "10.5pt", "1.5cm", "0.5in" into *out.
 * Returns 0 on success, -1 if the text is not a length. */
int units_parse_length(const char *text, fo_sp *out);
/* pt points in sp, clamped like a parsed length (NaN: 0). */
fo_sp units_pt_clamped(double pt);

#endif
