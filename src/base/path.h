/* path.h - file paths as folio resolves them: relative to a folder, written
 * back plainly ("a/./b/../c" → "a/c") for messages. */
#ifndef FOLIO_PATH_H
#define FOLIO_PATH_H

#include <stddef.h>

/* dir/rel, or rel itself when it is absolute; normalised lexically. */
void path_join(const char *dir, const char *rel, char *out, size_t cap);
/* Lexical normalisation in place: "." dropped, "x/.." folded, "//" once. */
void path_normalize(char *p);
/* The folder of path ("a/b.xml" → "a", "b.xml" → "."). */
void path_dir(const char *path, char *out, size_t cap);
/* Whether path is an existing folder, an existing readable file. */
int path_is_dir(const char *path);
int path_is_file(const char *path);

#endif
