/*
 * test_errors.c — the error codes and their texts (SPEC.md "Errors").
 * Invariants: these tests need no running runtime beyond gr_strerror.
 */
#include "ct.h"

#include <errno.h>
#include <string.h>

GR_TEST(ERR_CODES_1, "error constants are the negated errno values")
{
    ASSERT_EQ(GR_OK, 0);
    ASSERT_EQ(GR_EAGAIN, -EAGAIN);
    ASSERT_EQ(GR_ECLOSED, -EPIPE);
    ASSERT_EQ(GR_EINVAL, -EINVAL);
    ASSERT_EQ(GR_EPERM, -EPERM);
    ASSERT_EQ(GR_ENOMEM, -ENOMEM);
    ASSERT_EQ(GR_ECANCELED, -ECANCELED);
    ASSERT_EQ(GR_ETIMEDOUT, -ETIMEDOUT);
    ASSERT_EQ(GR_EDEADLK, -EDEADLK);
    ASSERT_EQ(GR_ENOTSUP, -ENOTSUP);
    static const int all[] = {GR_EAGAIN, GR_ECLOSED, GR_EINVAL, GR_EPERM, GR_ENOMEM,
                              GR_ECANCELED, GR_ETIMEDOUT, GR_EDEADLK, GR_ENOTSUP};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        for (size_t j = i + 1; j < sizeof all / sizeof all[0]; j++)
            ASSERT_NE(all[i], all[j]);
}

static const int codes[] = {GR_OK, GR_EAGAIN, GR_ECLOSED, GR_EINVAL, GR_EPERM, GR_ENOMEM,
                            GR_ECANCELED, GR_ETIMEDOUT, GR_EDEADLK, GR_ENOTSUP};
#define NCODES (sizeof codes / sizeof codes[0])

static void check_texts(void)
{
    for (size_t i = 0; i < NCODES; i++) {
        const char *s = gr_strerror(codes[i]);
        ASSERT_NOT_NULL(s);
        ASSERT_GT(strlen(s), 0);
        for (size_t j = 0; j < i; j++)
            ASSERT_MSG(strcmp(s, gr_strerror(codes[j])) != 0,
                       "gr_strerror(%d) and gr_strerror(%d) are both \"%s\"", codes[i], codes[j], s);
    }
    ASSERT_NOT_NULL(gr_strerror(-123456));
    ASSERT_NOT_NULL(gr_strerror(42));
    ASSERT_MSG(strstr(gr_strerror(GR_EDEADLK), "all goroutines are asleep - deadlock!"),
               "gr_strerror(GR_EDEADLK) = \"%s\"", gr_strerror(GR_EDEADLK));
}

static void strerror_main(void *arg)
{
    (void)arg;
    check_texts();
}

GR_TEST(ERR_STRERROR_1, "gr_strerror names every code, inside and outside gr_run", .raw = true)
{
    check_texts();
    ASSERT_OK(gr_run(NULL, strerror_main, NULL));
}
