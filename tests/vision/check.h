/* A few assertion macros for the vision tests: each failure prints where
 * and what, and the test's exit status reports them all. */
#ifndef TRT_VISION_CHECK_H
#define TRT_VISION_CHECK_H

#include <math.h>
#include <stdio.h>

extern int check_failures;
extern int check_count;

#define CHECK(cond)                                                          \
  do {                                                                       \
    check_count++;                                                           \
    if (!(cond)) {                                                           \
      check_failures++;                                                      \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

#define CHECK_INT(got, want)                                                 \
  do {                                                                       \
    long long g_ = (long long)(got), w_ = (long long)(want);                 \
    check_count++;                                                           \
    if (g_ != w_) {                                                          \
      check_failures++;                                                      \
      fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__,  \
              #got, g_, w_);                                                 \
    }                                                                        \
  } while (0)

#define CHECK_NEAR(got, want, tol)                                           \
  do {                                                                       \
    double g_ = (double)(got), w_ = (double)(want);                          \
    check_count++;                                                           \
    if (!(fabs(g_ - w_) <= (tol))) {                                         \
      check_failures++;                                                      \
      fprintf(stderr, "%s:%d: %s is %.7g, want %.7g (tolerance %g)\n",       \
              __FILE__, __LINE__, #got, g_, w_, (double)(tol));              \
    }                                                                        \
  } while (0)

/* Defines the counters and main(), which runs each test function given. */
#define CHECK_MAIN(...)                                                      \
  int check_failures, check_count;                                           \
  int main(void) {                                                           \
    void (*tests[])(void) = {__VA_ARGS__};                                   \
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) tests[i]();  \
    printf("%d checks, %d failed\n", check_count, check_failures);           \
    return check_failures ? 1 : 0;                                           \
  }

#endif
