/* CPU reference kernels: pad. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_pad(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_pad = {.run = run_pad};

