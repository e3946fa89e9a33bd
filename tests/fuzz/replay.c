/* replay.c - a main() for a fuzz harness built without libFuzzer: runs each
 * file named on the command line (or each file of a folder named) through
 * LLVMFuzzerTestOneInput once. The regression tests run the inputs that once
 * crashed (tests/fuzz/regressions/) this way, in the plain and the sanitized
 * builds alike. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0, got;
    unsigned char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got > cap) buf = realloc(buf, cap = (n + got) * 2);
        memcpy(buf + n, chunk, got);
        n += got;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf ? buf : (unsigned char *)"", n);
    free(buf);
    printf("ok    %s\n", path);
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    int failed = 0, runs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            char **names = NULL;
            int n = 0;
            struct dirent *e;
            while (d && (e = readdir(d)))
                if (e->d_name[0] != '.') {
                    names = realloc(names, sizeof *names * (size_t)(n + 1));
                    size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
                    names[n] = malloc(len);
                    snprintf(names[n++], len, "%s/%s", argv[i], e->d_name);
                }
            if (d) closedir(d);
            qsort(names, (size_t)n, sizeof *names, cmp);
            for (int k = 0; k < n; k++) {
                failed += run_file(names[k]);
                runs++;
                free(names[k]);
            }
            free(names);
        } else {
            failed += run_file(argv[i]);
            runs++;
        }
    }
    printf("%d inputs replayed, %d unreadable\n", runs, failed);
    return failed ? 1 : 0;
}
