/* The thread count of a oneDNN op. See dnnl-threads.h. */
#include <dnnl_config.h>
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

#include "dnnl-threads.h"

#if defined(_OPENMP) && DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
#include <omp.h>
#define THREADS_BY_OPENMP 1
#endif

/* Single-thread speeds of oneDNN's AVX-512 kernels, fitted to per-layer
 * profiles at 1 thread on this machine (AMD EPYC; SqueezeNet, ShuffleNet):
 * convolutions reach about 60 multiply-adds a nanosecond (small and grouped
 * ones less), pooling about 15 values a nanosecond. The estimate only has
 * to tell small layers from large ones. */
#define MACS_PER_US 60000.0
#define VALUES_PER_US 15000.0

/* The work each thread of an op must get: what starting it costs, times
 * a margin. Under OpenMP's default wait policy, a thread that finished a
 * region spins a while before it sleeps (libgomp: GOMP_SPINCOUNT), so the
 * next region starts it in a microsecond or two, and a second thread pays
 * from about 10 us of work (at 2 threads here, SqueezeNet, ShuffleNet and
 * UltraFace ran alike at 5 and 10 us and slower at 20 and 50; at 5 us
 * MNIST's largest layer took two threads and ran slower). Under OMP_WAIT_POLICY=passive
 * it sleeps at once, and waking it costs about 10 us at the median (over
 * 100 us at the 90th percentile while another job holds the other core),
 * and an op may open a region per step (reorder in, compute, reorder
 * out): there a second thread pays from 100 us of work, 50 us each. So
 * MNIST's layers (at most 0.6 M multiply-adds, about 11 us) run on one
 * thread either way, SqueezeNet's 3x3 expand convolutions (28 M, about
 * 450 us) on two, and its 1x1 squeeze convolutions (3 M, 50 us) on two
 * unless the threads sleep. */
double trt_dnnl_us_per_thread(const char *wait_policy) {
  return wait_policy && strcasecmp(wait_policy, "passive") == 0 ? 50.0 : 10.0;
}

#ifdef THREADS_BY_OPENMP
static double us_per_thread;
static pthread_once_t us_per_thread_once = PTHREAD_ONCE_INIT;

static void read_wait_policy(void) {
  us_per_thread = trt_dnnl_us_per_thread(getenv("OMP_WAIT_POLICY"));
}
#endif

int trt_dnnl_threads_for(TrtDnnlWork work) {
#ifdef THREADS_BY_OPENMP
  int max = omp_get_max_threads();
  double us = work.macs / MACS_PER_US + work.values / VALUES_PER_US;
  pthread_once(&us_per_thread_once, read_wait_policy);
  double threads = us / us_per_thread;
  if (threads < 1) return 1;
  return threads < max ? (int)threads : max;
#else
  (void)work;
  return 0;
#endif
}

int trt_dnnl_threads_set(int threads) {
#ifdef THREADS_BY_OPENMP
  int current = omp_get_max_threads();
  if (threads == 0 || threads == current) return 0;
  omp_set_num_threads(threads);
  return current;
#else
  (void)threads;
  return 0;
#endif
}

void trt_dnnl_threads_restore(int saved) {
#ifdef THREADS_BY_OPENMP
  if (saved) omp_set_num_threads(saved);
#else
  (void)saved;
#endif
}
