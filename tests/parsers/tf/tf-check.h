/* Checks for the TensorFlow / UFF parser tests: each failure prints where
 * and what; the run ends with "N passed, N failed, N skipped" and exits 1
 * on any failure, 77 when nothing ran. */
#ifndef TRT_TF_CHECK_H
#define TRT_TF_CHECK_H

#include <math.h>
#include <stdio.h>

extern int check_passed, check_failed, check_skipped;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      check_passed++;                                                          \
    } else {                                                                   \
      check_failed++;                                                          \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

#define CHECK_INT(got, want)                                                   \
  do {                                                                         \
    long long g_ = (long long)(got), w_ = (long long)(want);                   \
    if (g_ == w_) {                                                            \
      check_passed++;                                                          \
    } else {                                                                   \
      check_failed++;                                                          \
      fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__,    \
              #got, g_, w_);                                                   \
    }                                                                          \
  } while (0)

#define CHECK_NEAR(got, want, tol)                                             \
  do {                                                                         \
    double g_ = (double)(got), w_ = (double)(want);                            \
    if (fabs(g_ - w_) <= (tol)) {                                              \
      check_passed++;                                                          \
    } else {                                                                   \
      check_failed++;                                                          \
      fprintf(stderr, "%s:%d: %s is %.7g, want %.7g (tolerance %g)\n",         \
              __FILE__, __LINE__, #got, g_, w_, (double)(tol));                \
    }                                                                          \
  } while (0)

/* Defines the counters and main(), which calls check_init(argc, argv) and
 * then each test function given. */
#define CHECK_MAIN(...)                                                        \
  int check_passed, check_failed, check_skipped;                               \
  int main(int argc, char **argv) {                                            \
    check_init(argc, argv);                                                    \
    void (*tests[])(void) = {__VA_ARGS__};                                     \
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) tests[i]();    \
    printf("%d passed, %d failed, %d skipped\n", check_passed, check_failed,   \
           check_skipped);                                                     \
    if (check_failed) return 1;                                                \
    return check_passed ? 0 : 77;                                              \
  }

#endif
