/* keep.c - see keep.h. */
#include "keep.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/xalloc.h"

/* A file as it was when something was made from it. */
typedef struct stamp {
    char *path;
    int exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
} stamp;

/* Diagnostics [from, to) of the keep's own sink, told again on every use. */
typedef struct said {
    int from, to;
} said;

typedef struct kept_hyph {
    char *lang, *patterns, *exceptions;
    hyphenator *hy;
    said said;
} kept_hyph;

struct build_keep {
    diag_sink sink;      /* what loading said; the places of the layout point into it */
    char *layout_path;
    layout *lay;
    said lay_said;
    int fonts_tried;
    int fonts_ok;
    fontset fs;
    shaper *sh;
    said fonts_said;
    kept_hyph *hyph;
    int nhyph, hyph_cap;
    stamp *stamps;
    int nstamps, stamps_cap;
};

build_keep *keep_new(void)
{
    build_keep *k = xcalloc(1, sizeof *k);
    diag_init(&k->sink);
    return k;
}

static void let_go(build_keep *k)
{
    for (int i = 0; i < k->nhyph; i++) {
        hyphenator_free(k->hyph[i].hy);
        free(k->hyph[i].lang);
        free(k->hyph[i].patterns);
        free(k->hyph[i].exceptions);
    }
    free(k->hyph);
    shaper_free(k->sh);
    if (k->fonts_tried && (k->fonts_ok || k->fs.ft_library)) fontset_free(&k->fs);
    layout_free(k->lay);
    free(k->layout_path);
    for (int i = 0; i < k->nstamps; i++) free(k->stamps[i].path);
    free(k->stamps);
    diag_free(&k->sink);
    memset(k, 0, sizeof *k);
    diag_init(&k->sink);
}

void keep_free(build_keep *k)
{
    if (!k) return;
    let_go(k);
    diag_free(&k->sink);
    free(k);
}

static void stamp_take(stamp *s, const char *path)
{
    struct stat st;
    memset(s, 0, sizeof *s);
    s->path = xstrdup(path);
    if (stat(path, &st) != 0) return;
    s->exists = 1;
    s->dev = st.st_dev;
    s->ino = st.st_ino;
    s->size = st.st_size;
    s->mtime = st.st_mtim;
    s->ctime = st.st_ctim;
}

static int stamp_same(const stamp *s)
{
    stamp now;
    stamp_take(&now, s->path);
    free(now.path);
    if (now.exists != s->exists) return 0;
    if (!s->exists) return 1;
    return now.dev == s->dev && now.ino == s->ino && now.size == s->size && now.mtime.tv_sec == s->mtime.tv_sec &&
           now.mtime.tv_nsec == s->mtime.tv_nsec && now.ctime.tv_sec == s->ctime.tv_sec &&
           now.ctime.tv_nsec == s->ctime.tv_nsec;
}

static void add_stamp(build_keep *k, const char *path)
{
    if (!path || !*path || !strcmp(path, "none")) return;
    for (int i = 0; i < k->nstamps; i++)
        if (!strcmp(k->stamps[i].path, path)) return;
    stamp s;
    stamp_take(&s, path);
    VEC_PUSH(k->stamps, k->nstamps, k->stamps_cap, s);
}

/* Tell the diagnostics of r again, into d. */
static void tell(const build_keep *k, said r, diag_sink *d)
{
    for (int i = r.from; i < r.to; i++) {
        const diag_entry *e = &k->sink.entries[i];
        diag_report(d, e->severity, e->loc, "%s", e->message);
    }
}

/* Whether what is kept may serve a build of the layout at path. */
static int still_good(const build_keep *k, const char *path)
{
    if (!k->lay || k->sink.errors || strcmp(k->layout_path, path) != 0) return 0;
    for (int i = 0; i < k->nstamps; i++)
        if (!stamp_same(&k->stamps[i])) return 0;
    return 1;
}

const layout *keep_layout(build_keep *k, const char *path, diag_sink *d)
{
    if (!still_good(k, path)) {
        let_go(k);
        k->layout_path = xstrdup(path);
        /* stamped before reading: an edit while it loads is seen next time */
        add_stamp(k, path);
        k->lay_said.from = k->sink.count;
        k->lay = layout_load(path, &k->sink);
        k->lay_said.to = k->sink.count;
    }
    tell(k, k->lay_said, d);
    return k->lay;
}

int keep_fonts(build_keep *k, diag_sink *d, const fontset **fs, shaper **sh)
{
    *fs = NULL;
    *sh = NULL;
    if (!k->lay) return -1;
    if (!k->fonts_tried) {
        k->fonts_tried = 1;
        k->fonts_said.from = k->sink.count;
        k->fonts_ok = fontset_load(&k->fs, k->lay, &k->sink) == 0;
        k->fonts_said.to = k->sink.count;
        for (int i = 0; i < k->fs.nfonts; i++) add_stamp(k, k->fs.fonts[i].path);
        if (k->fonts_ok) k->sh = shaper_new(&k->fs);
    }
    tell(k, k->fonts_said, d);
    if (!k->fonts_ok) return -1;
    *fs = &k->fs;
    *sh = k->sh;
    return 0;
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

const hyphenator *keep_hyphenator(build_keep *k, const char *lang, const char *patterns, diag_loc patterns_at,
                                  const char *exceptions, diag_loc exceptions_at, diag_sink *d)
{
    for (int i = 0; i < k->nhyph; i++) {
        kept_hyph *h = &k->hyph[i];
        if (same_str(h->lang, lang) && same_str(h->patterns, patterns) && same_str(h->exceptions, exceptions)) {
            tell(k, h->said, d);
            return h->hy;
        }
    }
    kept_hyph h = {0};
    h.lang = lang ? xstrdup(lang) : NULL;
    h.patterns = patterns ? xstrdup(patterns) : NULL;
    h.exceptions = exceptions ? xstrdup(exceptions) : NULL;
    add_stamp(k, patterns);
    add_stamp(k, exceptions);
    h.said.from = k->sink.count;
    h.hy = hyphenator_new_lang(lang, patterns, patterns_at, exceptions, exceptions_at, &k->sink);
    h.said.to = k->sink.count;
    VEC_PUSH(k->hyph, k->nhyph, k->hyph_cap, h);
    tell(k, h.said, d);
    return h.hy;
}

void keep_add_inputs(const build_keep *k, build_inputs *in)
{
    for (int i = 0; i < k->nstamps; i++) inputs_add(in, k->stamps[i].path);
}
