/* CPU reference kernels: cast, identity. */
#include <string.h>

#include "../core/util.h"
#include "cpu-impl.h"

static TrtStatus run_cast(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_dims_volume(&in->dims);
  if (in->type == out->type) {
    memcpy(out->data, in->data, (size_t)n * trt_data_type_size(in->type));
    return TRT_STATUS_OK;
  }
  if (in->type == TRT_DATA_TYPE_FLOAT && out->type == TRT_DATA_TYPE_HALF) {
    const float *x = in->data;
    uint16_t *y = out->data;
    for (int64_t i = 0; i < n; i++) y[i] = trt_float_to_half(x[i]);
    return TRT_STATUS_OK;
  }
  /* Through double: exact for every type here except int64 beyond 2^53,
   * which no model casts. Float to integer truncates toward zero. */
  for (int64_t i = 0; i < n; i++) {
    double v = trt_cpu_load(in->data, in->type, i);
    if (out->type != TRT_DATA_TYPE_FLOAT && out->type != TRT_DATA_TYPE_HALF &&
        out->type != TRT_DATA_TYPE_BOOL)
      v = trunc(v);
    trt_cpu_store(out->data, out->type, i, v);
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_cast = {.run = run_cast};

static TrtStatus run_identity(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  size_t bytes = (size_t)trt_dims_volume(&in->dims) * trt_data_type_size(in->type);
  if (bytes && args->outputs[0].data != in->data)
    memcpy(args->outputs[0].data, in->data, bytes);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_identity = {.run = run_identity};
