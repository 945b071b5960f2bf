/* The thread count of a oneDNN op. See dnnl-threads.h. */
#include <dnnl_config.h>

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

/* The work each thread of an op must get. Waking a sleeping OpenMP thread
 * costs about 10 us at the median here (a region of 2 threads under
 * OMP_WAIT_POLICY=passive, which the benchmarks use on this shared
 * machine; over 100 us at the 90th percentile while another job holds the
 * other core), and an op may open a region per step (reorder in, compute,
 * reorder out). From 100 us of work, a second thread saves 50 us against
 * 10 to 30 us of wakes. So MNIST's layers (at most 0.6 M multiply-adds,
 * about 15 us) and SqueezeNet's 1x1 squeeze convolutions (3 M) run on one
 * thread; its 3x3 expand convolutions (28 M, about 450 us) on two. */
#define US_PER_THREAD 50.0

int trt_dnnl_threads_for(TrtDnnlWork work) {
#ifdef THREADS_BY_OPENMP
  int max = omp_get_max_threads();
  double us = work.macs / MACS_PER_US + work.values / VALUES_PER_US;
  double threads = us / US_PER_THREAD;
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
