/* CPU reference kernels: activation. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_activation(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_activation = {.run = run_activation};

