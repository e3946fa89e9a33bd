/* watch.c - see watch.h. Linux only (inotify, ppoll). */
#define _GNU_SOURCE /* ppoll */
#include "watch.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/path.h"
#include "../base/xalloc.h"
#include "session.h"

/* ---- signals: a flag, seen where the loop waits ----
 * SIGINT and SIGTERM are blocked except while the loop waits in ppoll (which
 * unblocks them atomically, so none is lost between a check and the wait)
 * and while a build runs (so that a second one can end a long build). */

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    if (stop_signal) { /* the second: at once, as if not caught */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
}

/* ---- the folders watched, and the names followed in each ---- */

/* What a folder's events are looked at for: a file written and closed, or
 * renamed into place (an atomic save), moved away or deleted; the folder
 * itself moved or deleted. */
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MOVE_SELF | IN_DELETE_SELF)

typedef struct watched_dir {
    char *dir;
    int wd;          /* -1: not watched now (the folder is missing); tried again after each build */
    char **names;    /* files of the folder that are inputs */
    int nnames, cap;
    int wanted;      /* still holds an input (set while the table is updated) */
} watched_dir;

typedef struct watcher {
    int fd;
    watched_dir *dirs;
    int ndirs, cap;
} watcher;

static watched_dir *dir_entry(watcher *w, const char *dir)
{
    for (int i = 0; i < w->ndirs; i++)
        if (!strcmp(w->dirs[i].dir, dir)) return &w->dirs[i];
    watched_dir e = {0};
    e.dir = xstrdup(dir);
    e.wd = -1;
    VEC_PUSH(w->dirs, w->ndirs, w->cap, e);
    return &w->dirs[w->ndirs - 1];
}

static void dir_clear_names(watched_dir *e)
{
    for (int k = 0; k < e->nnames; k++) free(e->names[k]);
    e->nnames = 0;
}

static void follow(watcher *w, const char *path)
{
    char dir[PATH_MAX];
    path_dir(path, dir, sizeof dir);
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!*name) return;
    watched_dir *e = dir_entry(w, dir);
    e->wanted = 1;
    for (int k = 0; k < e->nnames; k++)
        if (!strcmp(e->names[k], name)) return;
    char *copy = xstrdup(name);
    VEC_PUSH(e->names, e->nnames, e->cap, copy);
}

/* Whether another entry watches the same folder through wd (inotify gives
 * one watch per folder, whatever path reached it). */
static int wd_shared(const watcher *w, const watched_dir *e)
{
    for (int i = 0; i < w->ndirs; i++)
        if (&w->dirs[i] != e && w->dirs[i].wd == e->wd && w->dirs[i].wanted) return 1;
    return 0;
}

/* Follow exactly the files in paths: folders no longer needed are let go,
 * new ones watched (a file reached through a symbolic link is followed at
 * its target's place too). Returns how many files are followed. */
static int watcher_update(watcher *w, const char *const *paths, int n)
{
    for (int i = 0; i < w->ndirs; i++) {
        w->dirs[i].wanted = 0;
        dir_clear_names(&w->dirs[i]);
    }
    for (int i = 0; i < n; i++) {
        follow(w, paths[i]);
        /* a symbolic link: its target's saves are what matter */
        struct stat st;
        char real[PATH_MAX];
        if (lstat(paths[i], &st) == 0 && S_ISLNK(st.st_mode) && realpath(paths[i], real)) follow(w, real);
    }
    for (int i = 0; i < w->ndirs; i++) {
        watched_dir *e = &w->dirs[i];
        if (e->wanted && e->wd < 0) e->wd = inotify_add_watch(w->fd, e->dir, WATCH_MASK | IN_ONLYDIR);
        if (!e->wanted) {
            if (e->wd >= 0 && !wd_shared(w, e)) inotify_rm_watch(w->fd, e->wd);
            dir_clear_names(e);
            free(e->names);
            free(e->dir);
            w->dirs[i--] = w->dirs[--w->ndirs];
        }
    }
    return n;
}

static void watcher_free(watcher *w)
{
    for (int i = 0; i < w->ndirs; i++) {
        dir_clear_names(&w->dirs[i]);
        free(w->dirs[i].names);
        free(w->dirs[i].dir);
    }
    free(w->dirs);
    if (w->fd >= 0) close(w->fd);
}

/* Read the events waiting; returns how many concern an input, and adds the
 * inputs they are about to changed. */
static int watcher_read(watcher *w, build_inputs *changed)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int relevant = 0;
    for (;;) {
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len <= 0) break; /* EAGAIN: no more for now */
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) { /* events were lost: rebuild to be sure */
                relevant++;
                continue;
            }
            /* entries that share the folder's watch name the same files: the first that knows the name says it */
            int named = 0;
            for (int i = 0; i < w->ndirs && !named; i++) {
                watched_dir *e = &w->dirs[i];
                if (e->wd != ev->wd) continue;
                if (ev->mask & (IN_IGNORED | IN_MOVE_SELF | IN_DELETE_SELF)) {
                    /* the folder went away or moved: watched again by its path after the build */
                    if (ev->mask & IN_MOVE_SELF) inotify_rm_watch(w->fd, e->wd);
                    e->wd = -1;
                    relevant++;
                    continue;
                }
                for (int k = 0; ev->len && k < e->nnames; k++)
                    if (!strcmp(e->names[k], ev->name)) {
                        relevant++;
                        char path[PATH_MAX];
                        path_join(e->dir, ev->name, path, sizeof path);
                        inputs_add(changed, path);
                        named = 1;
                        break;
                    }
            }
        }
    }
    return relevant;
}

/* Wait up to timeout_ms (-1: for ever) for events, with the stop signals
 * let in while waiting. Returns > 0 when there are events to read, 0 on
 * timeout, -1 when a signal came. */
static int wait_events(watcher *w, int timeout_ms, const sigset_t *waiting_mask)
{
    struct pollfd pfd = {w->fd, POLLIN, 0};
    struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
    int r = ppoll(&pfd, 1, timeout_ms < 0 ? NULL : &ts, waiting_mask);
    if (r < 0) return errno == EINTR ? -1 : 0;
    return r;
}

/* ---- what a build prints ---- */

typedef struct seen {
    char **keys; /* "file\tmessage" of the warnings already printed */
    int n, cap;
} seen;

static int seen_add(seen *s, const diag_entry *e)
{
    size_t len = (e->loc.file ? strlen(e->loc.file) : 0) + strlen(e->message) + 2;
    char *key = xmalloc(len);
    snprintf(key, len, "%s\t%s", e->loc.file ? e->loc.file : "", e->message);
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->keys[i], key)) {
            free(key);
            return 0;
        }
    VEC_PUSH(s->keys, s->n, s->cap, key);
    return 1;
}

static void seen_free(seen *s)
{
    for (int i = 0; i < s->n; i++) free(s->keys[i]);
    free(s->keys);
}

/* The first build says everything a build says; later ones their errors and
 * the warnings not seen before (a place that moved with an edit is not a new
 * warning: warnings are told apart by file and message). */
static void print_diags(const diag_sink *d, seen *warned, int first)
{
    for (int i = 0; i < d->count; i++) {
        const diag_entry *e = &d->entries[i];
        int is_new = e->severity == DIAG_WARNING ? seen_add(warned, e) : 1;
        if (!first && (e->severity == DIAG_NOTE || !is_new)) continue;
        char *s = diag_format(e);
        fprintf(stderr, "%s\n", s);
        free(s);
    }
}

static void clock_now(char *buf, size_t cap)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, cap, "%H:%M:%S", &tm);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One build and its line. changed: the files whose saves started it (none
 * for the first build). */
static void build_once(build_session *s, watcher *w, seen *warned, int first, const build_inputs *changed,
                       const sigset_t *running_mask, const sigset_t *blocked)
{
    diag_sink d;
    diag_init(&d);
    build_result r;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sigprocmask(SIG_SETMASK, running_mask, NULL);
    int rc = build_session_rebuild(s, &d, &r);
    sigprocmask(SIG_SETMASK, blocked, NULL);
    double ms = ms_since(&t0);
    print_diags(&d, warned, first);
    char when[16], why[PATH_MAX + 64] = "";
    clock_now(when, sizeof when);
    if (changed->n > 1) snprintf(why, sizeof why, " after changes to %s and %d more", changed->paths[0], changed->n - 1);
    else if (changed->n == 1) snprintf(why, sizeof why, " after a change to %s", changed->paths[0]);
    if (rc == BUILD_OK) {
        char what[2200];
        if (r.compared && r.changed) snprintf(what, sizeof what, "pages changed: %s (of %d)", r.changes, r.pages);
        else if (r.compared) snprintf(what, sizeof what, "no page changed (%d pages)", r.pages);
        else snprintf(what, sizeof what, "%d pages", r.pages);
        fprintf(stderr, "folio: %s %s in %.0f ms%s: %s\n", when, first ? "built" : "rebuilt", ms, why, what);
    } else {
        fprintf(stderr, "folio: %s %d error%s%s: the last PDF is kept\n", when, d.errors, d.errors == 1 ? "" : "s", why);
    }
    int n;
    const char *const *paths = build_session_inputs(s, &n);
    watcher_update(w, paths, n);
    if (first)
        fprintf(stderr, "folio: watching %d file%s%s%s (Ctrl-C stops)\n", n, n == 1 ? "" : "s",
                r.out[0] ? " for " : "", r.out);
    diag_free(&d);
}

int watch_run(const build_opts *o)
{
    watcher w = {0};
    w.fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w.fd < 0) {
        fprintf(stderr, "folio: cannot watch files (inotify): %s\n", strerror(errno));
        return BUILD_IO_ERROR;
    }
    sigset_t stops, blocked, waiting;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigprocmask(SIG_BLOCK, &stops, &waiting); /* waiting: the mask as it was, stops let in */
    sigdelset(&waiting, SIGINT);
    sigdelset(&waiting, SIGTERM);
    sigprocmask(SIG_SETMASK, NULL, &blocked);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    build_session *s = build_session_new(o);
    seen warned = {0};
    build_inputs changed;
    inputs_init(&changed);
    build_once(s, &w, &warned, 1, &changed, &waiting, &blocked);
    while (!stop_signal) {
        int r = wait_events(&w, -1, &waiting);
        if (r < 0) continue; /* a signal: the loop's test ends it */
        if (!watcher_read(&w, &changed)) continue;
        /* the rest of the burst: until WATCH_QUIET_MS pass without an event of an
         * input (at most two seconds, for a file written without pause) */
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        while (!stop_signal && ms_since(&t0) < 2000) {
            r = wait_events(&w, WATCH_QUIET_MS, &waiting);
            if (r == 0) break;
            if (r > 0) watcher_read(&w, &changed); /* any event starts the quiet time again */
        }
        if (stop_signal) break;
        build_once(s, &w, &warned, 0, &changed, &waiting, &blocked);
        inputs_free(&changed);
    }
    inputs_free(&changed);
    build_session_free(s);
    seen_free(&warned);
    watcher_free(&w);
    return 0;
}
