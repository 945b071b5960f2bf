/* CPU reference kernels: pooling. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_pooling(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_pooling = {.run = run_pooling};

