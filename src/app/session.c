/* session.c - see session.h. */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"

struct build_session {
    build_opts o;
    char *manuscript, *layout, *out, *trace, *cover_out; /* o's strings, owned */
    build_keep *keep;
    build_inputs inputs; /* of the last build (and the last good one's, after errors) */
};

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

build_session *build_session_new(const build_opts *o)
{
    build_session *s = xcalloc(1, sizeof *s);
    s->o = *o;
    s->o.manuscript = s->manuscript = dup_or_null(o->manuscript);
    s->o.layout = s->layout = dup_or_null(o->layout);
    s->o.out = s->out = dup_or_null(o->out);
    s->o.trace = s->trace = dup_or_null(o->trace);
    s->o.cover_out = s->cover_out = dup_or_null(o->cover_out);
    s->o.times = NULL;
    s->keep = keep_new();
    inputs_init(&s->inputs);
    return s;
}

/* Take the PDF and its report out of the set: a build writes them, and a
 * watcher that followed them would rebuild for ever. */
static void drop_outputs(build_inputs *in, const char *out)
{
    char name[4900];
    const char *suffix[] = {"", ".tmp", ".pages"};
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s%s", out, suffix[i]);
        for (int k = 0; k < in->n; k++)
            if (!strcmp(in->paths[k], name)) {
                free(in->paths[k]);
                memmove(in->paths + k, in->paths + k + 1, sizeof *in->paths * (size_t)(in->n - k - 1));
                in->n--;
                break;
            }
    }
}

int build_session_rebuild(build_session *s, diag_sink *d, build_result *r)
{
    build_inputs now;
    inputs_init(&now);
    int rc = build_run_kept(&s->o, s->keep, d, r, &now);
    if (rc == BUILD_OK) {
        inputs_free(&s->inputs);
        s->inputs = now;
    } else {
        inputs_merge(&s->inputs, &now);
    }
    if (r->out[0]) drop_outputs(&s->inputs, r->out);
    if (s->o.out) drop_outputs(&s->inputs, s->o.out);
    return rc;
}

const char *const *build_session_inputs(const build_session *s, int *n)
{
    *n = s->inputs.n;
    return (const char *const *)s->inputs.paths;
}

void build_session_free(build_session *s)
{
    if (!s) return;
    keep_free(s->keep);
    inputs_free(&s->inputs);
    free(s->manuscript);
    free(s->layout);
    free(s->out);
    free(s->trace);
    free(s->cover_out);
    free(s);
}
