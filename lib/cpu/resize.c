/* CPU reference kernels: resize. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_resize(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_resize = {.run = run_resize};

