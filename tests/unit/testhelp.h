/* testhelp.h - the whole test harness (after Redis's testhelp.h).
 *
 * TEST(name) { ... } defines a test; CHECK(cond) records a failure and goes
 * on; CHECK_EQ_INT / CHECK_EQ_STR print both sides. TEST_MAIN(...) runs the
 * listed tests, prints "N passed, N failed" and returns non-zero on failure. */
#ifndef FOLIO_TESTHELP_H
#define FOLIO_TESTHELP_H

#include <stdio.h>
#include <string.h>

static int th_failed_checks;
static int th_passed, th_failed;

#define TEST(name) static void name(void)
#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            th_failed_checks++;                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                               \
    } while (0)
#define CHECK_EQ_INT(a, b)                                                              \
    do {                                                                                \
        long long th_a = (long long)(a), th_b = (long long)(b);                         \
        if (th_a != th_b) {                                                             \
            th_failed_checks++;                                                         \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, \
                    #a, #b, th_a, th_b);                                                \
        }                                                                               \
    } while (0)
#define CHECK_EQ_STR(a, b)                                                              \
    do {                                                                                \
        const char *th_a = (a), *th_b = (b);                                            \
        if (!th_a || !th_b || strcmp(th_a, th_b) != 0) {                                \
            th_failed_checks++;                                                         \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__,      \
                    __LINE__, #a, #b, th_a ? th_a : "(null)", th_b ? th_b : "(null)");  \
        }                                                                               \
    } while (0)

#define RUN(test)                                                                       \
    do {                                                                                \
        int th_before = th_failed_checks;                                               \
        test();                                                                         \
        if (th_failed_checks == th_before) th_passed++;                                 \
        else { th_failed++; fprintf(stderr, "FAILED: %s\n", #test); }                   \
    } while (0)

#define TEST_REPORT()                                                                   \
    (printf("%d passed, %d failed\n", th_passed, th_failed), th_failed ? 1 : 0)

#endif
