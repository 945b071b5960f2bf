/* CPU reference kernels: shape, constant-of-shape, range. */
#include <string.h>

#include "cpu-impl.h"

static TrtStatus run_shape(TrtKernelArgs *args) {
  const TrtShapeParams *p = args->params;
  int rank = args->inputs[0].dims.nb_dims;
  int s = p->start, e = p->has_end ? p->end : rank;
  if (s < 0) s += rank;
  if (e < 0) e += rank;
  s = s < 0 ? 0 : (s > rank ? rank : s);
  e = e < 0 ? 0 : (e > rank ? rank : e);
  int64_t *y = args->outputs[0].data;
  for (int i = s; i < e; i++) y[i - s] = args->inputs[0].dims.d[i];
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_shape = {.run = run_shape};

static TrtStatus run_constant_of_shape(TrtKernelArgs *args) {
  const TrtConstantOfShapeParams *p = args->params;
  TrtTensorView *out = &args->outputs[0];
  size_t size = trt_data_type_size(out->type);
  int64_t n = trt_dims_volume(&out->dims);
  uint8_t *y = out->data;
  bool zero = true;
  for (size_t k = 0; k < size; k++) zero &= p->value[k] == 0;
  if (zero) {
    memset(y, 0, (size_t)n * size);
    return TRT_STATUS_OK;
  }
  for (int64_t i = 0; i < n; i++) memcpy(y + (size_t)i * size, p->value, size);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_constant_of_shape = {.run = run_constant_of_shape};

/* output[i] = start + i * delta; exact (wrapping) for integers. */
static TrtStatus run_range(TrtKernelArgs *args) {
  const TrtTensorView *start = &args->inputs[0], *delta = &args->inputs[2];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_dims_volume(&out->dims);
  switch (out->type) {
  case TRT_DATA_TYPE_INT64: {
    uint64_t s0 = (uint64_t)*(const int64_t *)start->data;
    uint64_t d = (uint64_t)*(const int64_t *)delta->data;
    int64_t *y = out->data;
    for (int64_t i = 0; i < n; i++) y[i] = (int64_t)(s0 + (uint64_t)i * d);
    return TRT_STATUS_OK;
  }
  case TRT_DATA_TYPE_INT32: {
    int64_t s0 = *(const int32_t *)start->data, d = *(const int32_t *)delta->data;
    int32_t *y = out->data;
    for (int64_t i = 0; i < n; i++) y[i] = (int32_t)(s0 + i * d);
    return TRT_STATUS_OK;
  }
  default: {
    double s0 = trt_cpu_load(start->data, start->type, 0);
    double d = trt_cpu_load(delta->data, delta->type, 0);
    for (int64_t i = 0; i < n; i++) trt_cpu_store(out->data, out->type, i, s0 + (double)i * d);
    return TRT_STATUS_OK;
  }
  }
}
const TrtKernel trt_cpu_range = {.run = run_range};
