/* The copy behind every CPU data-movement kernel that reads a strided view
 * of its input (transpose, expand, depth/space moves, slice). Defined in
 * shuffle.c. */
#ifndef TRT_CPU_STRIDED_COPY_H
#define TRT_CPU_STRIDED_COPY_H

#include "cpu-impl.h"

/* Writes the dense row-major `out` of shape dims[rank] with
 * out[i0, i1, ...] = in[i0 * strides[0] + i1 * strides[1] + ...], es bytes
 * per element. Strides are in elements and may be negative (reversed
 * slices) or 0 (broadcast). Dims of size 1 are dropped and neighbours that
 * the input walks as one are merged first, so that the inner loop is a
 * memcpy whenever the input allows, and a transpose of the innermost dim
 * goes through cache-sized tiles. */
void trt_cpu_copy_strided(void *out, const void *in, const int64_t *dims,
                          const int64_t *strides, int rank, size_t es);

#endif
