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

static TrtStatus run_range(TrtKernelArgs *args) {
  TrtTensorView *out = &args->outputs[0];
  double start = trt_cpu_load(args->inputs[0].data, args->inputs[0].type, 0);
  double delta = trt_cpu_load(args->inputs[2].data, args->inputs[2].type, 0);
  int64_t n = trt_dims_volume(&out->dims);
  for (int64_t i = 0; i < n; i++)
    trt_cpu_store(out->data, out->type, i, start + (double)i * delta);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_range = {.run = run_range};
