/* CPU reference kernel: activation. */
#include <string.h>

#include "cpu-impl.h"

static TrtStatus run_activation(TrtKernelArgs *args) {
  const TrtTensorView *in = &args->inputs[0];
  int64_t n = trt_dims_volume(&in->dims);
  float *y = args->outputs[0].data;
  if (y != in->data) memcpy(y, in->data, (size_t)n * sizeof(float));
  trt_cpu_activate_array(y, n, args->params);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_activation = {.run = run_activation};
