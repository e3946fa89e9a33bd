/* fileio.h - reading a whole file within a limit, and replacing a file so
 * that it is always either the old one or the new one, whole.
 *
 * Reading: file_read_all refuses a file larger than the caller's limit
 * before allocating for it (an input's size is one of folio's limits), and
 * anything that is not a regular file (a FIFO would block, a device never
 * end).
 *
 * Replacing:
 * The new content goes to PATH.tmp, which is flushed to disk (fsync) and
 * then renamed over PATH; the folder is synced too, so that the rename
 * itself survives a power cut. A process killed at any moment (SIGKILL)
 * therefore leaves PATH as it was or as it is meant to be, never truncated;
 * at worst a stale PATH.tmp stays behind, which afile_clean() removes (the
 * next build calls it first). Two processes writing the same PATH at once
 * are not supported: they share PATH.tmp. */
#ifndef FOLIO_FILEIO_H
#define FOLIO_FILEIO_H

#include <stddef.h>
#include <stdio.h>

/* The bytes of path (NUL-terminated, not counted in *len; malloc'd), or NULL
 * with *err = an errno value, EFBIG when the file is larger than max bytes,
 * or EINVAL when it is not a regular file. */
unsigned char *file_read_all(const char *path, size_t max, size_t *len, int *err);

/* Open PATH.tmp for writing (its name is put in tmp); NULL and errno set on failure. */
FILE *afile_open(const char *path, char *tmp, size_t cap);
/* Flush, sync and close f (from afile_open), then rename it over path.
 * Returns 0, or an errno value after removing the temporary file. */
int afile_commit(FILE *f, const char *tmp, const char *path);
/* Close f and remove its temporary file (the new content is abandoned). */
void afile_abort(FILE *f, const char *tmp);
/* afile_open + fwrite + afile_commit. Returns 0 or an errno value. */
int afile_write(const char *path, const void *data, size_t len);
/* Remove PATH.tmp if a killed run left it. */
void afile_clean(const char *path);

#endif
