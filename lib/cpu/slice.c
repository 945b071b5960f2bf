/* CPU reference kernels: slice. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_slice(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_slice = {.run = run_slice};

