/* Broadcast iteration; see broadcast.h. */
#include "broadcast.h"

void trt_broadcast_init(TrtBroadcast *b, const TrtDims *out,
                        const TrtDims *const *inputs, int nb_inputs) {
  int64_t full[TRT_BROADCAST_MAX_INPUTS][TRT_MAX_DIMS];
  b->nb_inputs = nb_inputs;
  b->rank = 0;
  for (int k = 0; k < nb_inputs; k++) trt_cpu_broadcast_strides(inputs[k], out, full[k]);
  /* Walk from the innermost dim outwards, merging into the current group
   * when every input's stride continues it (both broadcast, or contiguous). */
  for (int i = out->nb_dims - 1; i >= 0; i--) {
    int64_t d = out->d[i];
    if (d == 1) continue;
    bool merge = b->rank > 0;
    int g = b->rank - 1;
    for (int k = 0; k < nb_inputs && merge; k++)
      merge = full[k][i] == b->strides[k][g] * b->dims[g];
    if (merge) {
      b->dims[g] *= d;
      continue;
    }
    b->dims[b->rank] = d;
    for (int k = 0; k < nb_inputs; k++) b->strides[k][b->rank] = full[k][i];
    b->rank++;
  }
  /* Groups were collected innermost first: put them in row-major order. */
  for (int lo = 0, hi = b->rank - 1; lo < hi; lo++, hi--) {
    int64_t t = b->dims[lo];
    b->dims[lo] = b->dims[hi];
    b->dims[hi] = t;
    for (int k = 0; k < nb_inputs; k++) {
      t = b->strides[k][lo];
      b->strides[k][lo] = b->strides[k][hi];
      b->strides[k][hi] = t;
    }
  }
  if (b->rank == 0) {
    b->inner = 1;
    b->runs = 1;
    for (int k = 0; k < nb_inputs; k++) b->inner_stride[k] = 0;
    return;
  }
  b->inner = b->dims[b->rank - 1];
  b->runs = 1;
  for (int i = 0; i < b->rank - 1; i++) b->runs *= b->dims[i];
  if (b->inner == 0) b->runs = 0;
  for (int k = 0; k < nb_inputs; k++) b->inner_stride[k] = b->strides[k][b->rank - 1];
}

void trt_broadcast_offsets(const TrtBroadcast *b, int64_t run, int64_t *offsets) {
  for (int k = 0; k < b->nb_inputs; k++) offsets[k] = 0;
  for (int i = b->rank - 2; i >= 0; i--) {
    int64_t idx = run % b->dims[i];
    run /= b->dims[i];
    for (int k = 0; k < b->nb_inputs; k++) offsets[k] += idx * b->strides[k][i];
  }
}
