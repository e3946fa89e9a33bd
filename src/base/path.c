/* path.c - see path.h. */
#include "path.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void path_normalize(char *p)
{
    int absolute = p[0] == '/';
    char out[4096];
    size_t o = 0;
    int kept = 0; /* components kept that a ".." may remove (not leading ".."s) */
    const char *s = p;
    while (*s) {
        while (*s == '/') s++;
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0) break;
        if (n == 1 && s[0] == '.') {
        } else if (n == 2 && s[0] == '.' && s[1] == '.' && kept > 0) {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
            kept--;
        } else if (n == 2 && s[0] == '.' && s[1] == '.' && absolute) {
            /* "/.." is "/" */
        } else if (o + n + 2 < sizeof out) {
            if (o > 0 || absolute) out[o++] = '/';
            memcpy(out + o, s, n);
            o += n;
            if (!(n == 2 && s[0] == '.' && s[1] == '.')) kept++;
        }
        s += n;
    }
    if (o == 0) out[o++] = absolute ? '/' : '.';
    out[o] = 0;
    strcpy(p, out);
}

void path_join(const char *dir, const char *rel, char *out, size_t cap)
{
    if (rel[0] == '/' || !dir || !*dir) snprintf(out, cap, "%s", rel);
    else snprintf(out, cap, "%s/%s", dir, rel);
    path_normalize(out);
}

void path_dir(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, cap, ".");
    else if (slash == path) snprintf(out, cap, "/");
    else snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

int path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode) && access(path, R_OK) == 0;
}
