/* schemas.h - the RELAX NG schemas, compiled into folio.
 *
 * The schemas are files in the repo (book/schema/NAME.rng, layout/schema/NAME.rng)
 * so that editors' XML tools can use them; CMake embeds their text here so
 * that folio validates any manuscript, wherever it lives. */
#ifndef FOLIO_SCHEMAS_H
#define FOLIO_SCHEMAS_H

extern const char schema_manuscript_rng[];
extern const char schema_index_terms_rng[];
extern const char schema_layout_rng[];

#endif
