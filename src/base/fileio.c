/* fileio.c - see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

unsigned char *file_read_all(const char *path, size_t max, size_t *len, int *err)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        *err = errno;
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *err = fstat(fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        close(fd);
        return NULL;
    }
    if ((unsigned long long)st.st_size > max) {
        *err = EFBIG;
        close(fd);
        return NULL;
    }
    /* the size read, not the size stat'ed: the file may change meanwhile */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    unsigned char *buf = xmalloc(cap + 1);
    for (;;) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            free(buf);
            close(fd);
            return NULL;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n == cap) {
            if (cap > max) {
                *err = EFBIG;
                free(buf);
                close(fd);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
    }
    close(fd);
    buf[n] = 0;
    *len = n;
    *err = 0;
    return buf;
}

static int tmp_name(const char *path, char *tmp, size_t cap)
{
    int n = snprintf(tmp, cap, "%s.tmp", path);
    return n > 0 && (size_t)n < cap ? 0 : ENAMETOOLONG;
}

FILE *afile_open(const char *path, char *tmp, size_t cap)
{
    int e = tmp_name(path, tmp, cap);
    if (e) {
        errno = e;
        return NULL;
    }
    return fopen(tmp, "wb");
}

/* Sync the folder that holds path, so that a rename in it is durable.
 * Best effort: some file systems refuse to sync a folder. */
static void sync_dir_of(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    (void)fsync(fd);
    close(fd);
}

int afile_commit(FILE *f, const char *tmp, const char *path)
{
    int e = 0;
    if (fflush(f) != 0 || ferror(f)) e = errno ? errno : EIO;
    if (!e && fsync(fileno(f)) != 0 && errno != EINVAL && errno != EROFS) e = errno;
    if (fclose(f) != 0 && !e) e = errno ? errno : EIO;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) {
        unlink(tmp);
        return e;
    }
    sync_dir_of(path);
    return 0;
}

void afile_abort(FILE *f, const char *tmp)
{
    if (f) fclose(f);
    unlink(tmp);
}

int afile_write(const char *path, const void *data, size_t len)
{
    char tmp[4200];
    errno = 0;
    FILE *f = afile_open(path, tmp, sizeof tmp);
    if (!f) return errno ? errno : EIO;
    if (len && fwrite(data, 1, len, f) != len) {
        int e = errno ? errno : EIO;
        afile_abort(f, tmp);
        return e;
    }
    return afile_commit(f, tmp, path);
}

void afile_clean(const char *path)
{
    char tmp[4200];
    if (tmp_name(path, tmp, sizeof tmp) == 0) unlink(tmp);
}
