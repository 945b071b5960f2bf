/* The clock and the sort order of the element benchmarks' measurements. */
#ifndef BENCH_ELEMENT_TIMING_H
#define BENCH_ELEMENT_TIMING_H

#include <time.h>

static inline double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* qsort order of doubles, for medians and percentiles. */
static inline int compare_ms(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

#endif
