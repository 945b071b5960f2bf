/* Helpers shared by the unit tests: checks that count and report their
 * failures, a logger that keeps messages for tests to search, and small
 * build-and-run shorthands. */
#ifndef TRT_UNIT_H
#define TRT_UNIT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

extern int check_failures;
extern int check_count;

#define CHECK(cond)                                                           \
  do {                                                                        \
    check_count++;                                                            \
    if (!(cond)) {                                                            \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    }                                                                         \
  } while (0)

#define CHECK_INT(got, want)                                                  \
  do {                                                                        \
    long long g_ = (long long)(got), w_ = (long long)(want);                  \
    check_count++;                                                            \
    if (g_ != w_) {                                                           \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", __FILE__, __LINE__,   \
              #got, g_, w_);                                                  \
    }                                                                         \
  } while (0)

#define CHECK_STATUS(got, want)                                               \
  do {                                                                        \
    TrtStatus g_ = (got), w_ = (want);                                        \
    check_count++;                                                            \
    if (g_ != w_) {                                                           \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: %s is %s, want %s\n", __FILE__, __LINE__, #got, \
              trt_status_to_string(g_), trt_status_to_string(w_));            \
    }                                                                         \
  } while (0)

#define CHECK_NEAR(got, want, tol)                                            \
  do {                                                                        \
    double g_ = (double)(got), w_ = (double)(want);                           \
    check_count++;                                                            \
    if (!(fabs(g_ - w_) <= (tol))) {                                          \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: %s is %.7g, want %.7g (tolerance %g)\n",        \
              __FILE__, __LINE__, #got, g_, w_, (double)(tol));               \
    }                                                                         \
  } while (0)

/* The log has a message containing `needle` (prints the log if not). */
#define CHECK_LOG(needle)                                                     \
  do {                                                                        \
    check_count++;                                                            \
    if (!unit_log_contains(needle)) {                                         \
      check_failures++;                                                       \
      fprintf(stderr, "%s:%d: no message contains \"%s\"; the log:\n%s",      \
              __FILE__, __LINE__, (needle), unit_log_text());                 \
    }                                                                         \
  } while (0)

/* Defines the counters and main(), which runs each test function given and
 * prints "<n> checks, <m> failed". */
#define UNIT_MAIN(...)                                                        \
  int check_failures, check_count;                                            \
  int main(void) {                                                            \
    void (*tests[])(void) = {__VA_ARGS__};                                    \
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {             \
      unit_log_clear();                                                       \
      tests[i]();                                                             \
    }                                                                         \
    printf("%d checks, %d failed\n", check_count, check_failures);            \
    return check_failures ? 1 : 0;                                            \
  }

/* A logger (VERBOSE and up) whose messages the tests search. */
TrtLogger *unit_logger(void);
void unit_log_clear(void);
bool unit_log_contains(const char *needle);
const char *unit_log_text(void);

/* Deterministic pseudo-random floats in [-1, 1). */
void unit_fill(float *x, size_t n, uint32_t seed);
TrtTensor *unit_constant(TrtNetwork *net, const char *name, TrtDims dims,
                         uint32_t seed);
#define DIMS(...)                                                              \
  ((TrtDims){.nb_dims = sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t),   \
             .d = {__VA_ARGS__}})

/* Builds on the CPU; NULL on failure. */
TrtEngine *unit_build(const TrtNetwork *net, int max_batch, int opt_level);
/* Runs float bindings (inputs then outputs) on a fresh context. */
TrtStatus unit_run(TrtEngine *engine, int batch, float *const *bindings);

#endif
