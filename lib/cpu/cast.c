/* CPU reference kernels: cast, identity.
 *
 * Cast semantics: integer to integer keeps the low bits (like C and NumPy);
 * float to integer truncates toward zero and saturates at the type's range,
 * with NaN giving 0 (C leaves both undefined); anything to bool is x != 0,
 * so NaN gives true; integers to float round to nearest. */
#include <string.h>

#include "../core/util.h"
#include "int-access.h"

static TrtStatus run_cast(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_dims_volume(&in->dims);
  if (in->type == out->type) {
    if (n > 0 && out->data != in->data)
      memcpy(out->data, in->data, (size_t)n * trt_data_type_size(in->type));
    return TRT_STATUS_OK;
  }
  if (in->type == TRT_DATA_TYPE_FLOAT && out->type == TRT_DATA_TYPE_HALF) {
    const float *x = in->data;
    uint16_t *y = out->data;
    for (int64_t i = 0; i < n; i++) y[i] = trt_float_to_half(x[i]);
    return TRT_STATUS_OK;
  }
  if (in->type == TRT_DATA_TYPE_HALF && out->type == TRT_DATA_TYPE_FLOAT) {
    const uint16_t *x = in->data;
    float *y = out->data;
    for (int64_t i = 0; i < n; i++) y[i] = trt_half_to_float(x[i]);
    return TRT_STATUS_OK;
  }
  if (!trt_cpu_is_float(in->type) && !trt_cpu_is_float(out->type)) {
    for (int64_t i = 0; i < n; i++)
      trt_cpu_store_int(out->data, out->type, i, trt_cpu_load_int(in->data, in->type, i));
    return TRT_STATUS_OK;
  }
  /* A float on one side: through double, which holds every float and half
   * exactly; trt_cpu_store truncates toward zero and saturates. */
  for (int64_t i = 0; i < n; i++)
    trt_cpu_store(out->data, out->type, i, trt_cpu_load(in->data, in->type, i));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_cast = {.run = run_cast};

static TrtStatus run_identity(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  int64_t n = trt_dims_volume(&in->dims);
  if (n > 0 && args->outputs[0].data != in->data)
    memcpy(args->outputs[0].data, in->data, (size_t)n * trt_data_type_size(in->type));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_identity = {.run = run_identity};
