/* fuzzhelp.h - what both fuzz harnesses share (fuzz_manuscript.c, fuzz_layout.c).
 *
 * A harness runs the whole build (build_run: load, validate, compose, the
 * PDF written to memory) on bytes the fuzzer makes. folio reads files, so
 * the bytes are written into a private temporary folder first (mkdtemp
 * under $TMPDIR), removed at exit. The repository is found at
 * $FOLIO_FUZZ_ROOT, else at the source folder the harness was built from
 * (FOLIO_SOURCE_DIR, set by CMake): nothing depends on where the clone is.
 *
 * Beyond crashes, leaks and hangs (the sanitizers and libFuzzer), a harness
 * checks what every build promises, and aborts (a finding) when it does not
 * hold: a build that succeeds returns a PDF, one that fails says why with at
 * least one error, and no message is written in a library's words (a
 * libxml2 function name, XML_PARSE_HUGE, libharu's error numbers). */
#ifndef FOLIO_FUZZHELP_H
#define FOLIO_FUZZHELP_H

#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/build.h"
#include "base/diag.h"

static char fuzz_dir[4096];

static const char *fuzz_root(void)
{
    const char *r = getenv("FOLIO_FUZZ_ROOT");
#ifdef FOLIO_SOURCE_DIR
    if (!r || !*r) r = FOLIO_SOURCE_DIR;
#endif
    if (!r || !*r) {
        fprintf(stderr, "fuzz: set FOLIO_FUZZ_ROOT to the repository\n");
        abort();
    }
    return r;
}

static void fuzz_cleanup(void)
{
    if (!fuzz_dir[0]) return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
    if (system(cmd) != 0) fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
}

/* The private folder (made on the first call). */
static const char *fuzz_tmp(void)
{
    if (fuzz_dir[0]) return fuzz_dir;
    const char *t = getenv("TMPDIR");
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/folio-fuzz-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(fuzz_cleanup);
    return fuzz_dir;
}

static void fuzz_path(char *out, size_t cap, const char *base, const char *rel)
{
    if ((size_t)snprintf(out, cap, "%s/%s", base, rel) >= cap) abort();
}

static void fuzz_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* Copy the repository file rel to the private folder's rel (folders made). */
static void fuzz_copy(const char *rel)
{
    char from[4200], to[4200];
    fuzz_path(from, sizeof from, fuzz_root(), rel);
    fuzz_path(to, sizeof to, fuzz_tmp(), rel);
    for (char *s = strchr(to + strlen(fuzz_tmp()) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = 0;
        mkdir(to, 0777);
        *s = '/';
    }
    FILE *f = fopen(from, "rb");
    if (!f) {
        perror(from);
        abort();
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n + got > cap) buf = realloc(buf, cap = (n + got) * 2);
        memcpy(buf + n, chunk, got);
        n += got;
    }
    fclose(f);
    fuzz_write(to, buf, n);
    free(buf);
}

/* The private folder's rel as a link to the repository's rel. */
static void fuzz_link(const char *rel, const char *repo_rel)
{
    char from[4200], to[4200];
    fuzz_path(from, sizeof from, fuzz_root(), repo_rel);
    fuzz_path(to, sizeof to, fuzz_tmp(), rel);
    if (symlink(from, to) != 0 && errno != EEXIST) {
        perror(to);
        abort();
    }
}

/* A message in a library's words, not the editor's: a libxml2 function name
 * ("xmlParseEntityRef: no name"), an option or error name, libharu's error
 * numbers. What the message quotes from the input ("…", <…>) is left out,
 * and so is a word the input itself holds (input, size): the input may say
 * anything, and the fuzzer learns these very words from this check. */
static int fuzz_said(const char *m, const char *word, const uint8_t *input, size_t size)
{
    return strstr(m, word) && !memmem(input, size, word, strlen(word));
}

static int fuzz_internal_words(const char *msg, const uint8_t *input, size_t size)
{
    char m[4096];
    size_t o = 0;
    char in = 0;
    for (const char *c = msg; *c && o + 1 < sizeof m; c++) {
        if (in) {
            if (*c == in) in = 0;
        } else if (*c == '"') in = '"';
        else if (*c == '<') in = '>';
        else m[o++] = *c;
    }
    m[o] = 0;
    if (!strncmp(m, "xml", 3) && m[3] >= 'A' && m[3] <= 'Z') { /* "xmlParseEntityRef: no name" */
        char first[128];
        size_t k = 0;
        while (m[k] && m[k] != ':' && m[k] != ' ' && k + 1 < sizeof first) first[k] = m[k], k++;
        first[k] = 0;
        if (!memmem(input, size, first, k)) return 1;
    }
    return fuzz_said(m, "XML_PARSE_", input, size) || fuzz_said(m, "XML_ERR", input, size) ||
           fuzz_said(m, "libharu error", input, size) || fuzz_said(m, "HPDF_", input, size);
}

/* Build with o from input (size bytes), check what a build promises (see
 * the top), free everything. */
static void fuzz_build(build_opts *o, const uint8_t *input, size_t size)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    o->pdf_mem = &pdf;
    o->pdf_mem_len = &len;
    diag_sink d;
    diag_init(&d);
    int pages = 0;
    int rc = build_run(o, &d, &pages);
    for (int i = 0; i < d.count; i++) {
        char *s = diag_format(&d.entries[i]);
        if (fuzz_internal_words(d.entries[i].message, input, size)) {
            fprintf(stderr, "fuzz: a message in a library's words: %s\n", s);
            abort();
        }
        free(s);
    }
    if (rc == BUILD_OK && (!pdf || len < 8 || memcmp(pdf, "%PDF-", 5) != 0)) {
        fprintf(stderr, "fuzz: the build succeeded without a PDF\n");
        abort();
    }
    if (rc != BUILD_OK && d.errors == 0) {
        diag_print(&d, stderr);
        fprintf(stderr, "fuzz: the build failed (%d) without an error\n", rc);
        abort();
    }
    free(pdf);
    diag_free(&d);
}

#endif
