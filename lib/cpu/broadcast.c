/* Broadcast iteration; see broadcast.h. */
#include "broadcast.h"

void trt_broadcast_init(TrtBroadcast *b, const TrtDims *out,
                        const TrtDims *const *inputs, int nb_inputs) {
  b->rank = out->nb_dims;
  b->nb_inputs = nb_inputs;
  for (int i = 0; i < out->nb_dims; i++) b->dims[i] = out->d[i];
  for (int k = 0; k < nb_inputs; k++)
    trt_cpu_broadcast_strides(inputs[k], out, b->strides[k]);
  if (b->rank == 0) {
    b->inner = 1;
    b->runs = 1;
    for (int k = 0; k < nb_inputs; k++) b->inner_stride[k] = 0;
    return;
  }
  b->inner = b->dims[b->rank - 1];
  int64_t total = trt_dims_volume(out);
  b->runs = b->inner ? total / b->inner : 0;
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
