/* Iteration over an output shape with broadcast inputs, one contiguous run
 * of the innermost dimension at a time. Dimensions of size 1 are dropped and
 * neighbours that every input walks contiguously are merged, so a same-shape
 * operation is a single run and a per-channel one is one run per channel. */
#ifndef TRT_CPU_BROADCAST_H
#define TRT_CPU_BROADCAST_H

#include "cpu-impl.h"

#define TRT_BROADCAST_MAX_INPUTS 3

typedef struct {
  int rank; /* of the merged shape */
  int64_t dims[TRT_MAX_DIMS];
  int64_t strides[TRT_BROADCAST_MAX_INPUTS][TRT_MAX_DIMS];
  int nb_inputs;
  int64_t inner;        /* length of each run (innermost merged dim) */
  int64_t runs;         /* number of runs (0 for an empty output) */
  int64_t inner_stride[TRT_BROADCAST_MAX_INPUTS]; /* 0 or 1 */
} TrtBroadcast;

void trt_broadcast_init(TrtBroadcast *b, const TrtDims *out,
                        const TrtDims *const *inputs, int nb_inputs);
/* Element offsets of each input at the start of run r. */
void trt_broadcast_offsets(const TrtBroadcast *b, int64_t run, int64_t *offsets);

#endif
