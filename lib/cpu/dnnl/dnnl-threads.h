/* How many OpenMP threads a oneDNN op runs on.
 *
 * Debian's oneDNN runs its primitives on OpenMP (libgomp). A primitive
 * splits its work over omp_get_max_threads() of the thread that creates
 * it (its per-thread scratchpad is sized for that count too), and every
 * parallel region wakes the other threads. For a small layer the wake
 * costs more than the layer: so each op picks its count at prepare from
 * its work, creates its primitives with that count set, and runs them
 * with the same count set. */
#ifndef TRT_CPU_DNNL_THREADS_H
#define TRT_CPU_DNNL_THREADS_H

/* A layer's work: multiply-adds and values read or written (counted once
 * each; a pooling window reads each of its values). */
typedef struct {
  double macs;
  double values;
} TrtDnnlWork;

/* The threads an op with this work gets: 1 up to the calling thread's
 * OpenMP thread count; 0 when oneDNN does not thread with OpenMP (its
 * runtime then decides). Each thread must get the single-thread work of
 * trt_dnnl_us_per_thread(OMP_WAIT_POLICY as the process started). */
int trt_dnnl_threads_for(TrtDnnlWork work);
/* Microseconds of single-thread work that pay for one more thread under an
 * OMP_WAIT_POLICY value (NULL: unset, OpenMP's default). */
double trt_dnnl_us_per_thread(const char *wait_policy);

/* Sets the calling thread's OpenMP thread count to `threads` (when it is
 * not 0 and differs) and returns what restore needs to undo that. */
int trt_dnnl_threads_set(int threads);
void trt_dnnl_threads_restore(int saved);

#endif
