/* CPU reference kernels: cast identity. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_cast(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_cast = {.run = run_cast};

static TrtStatus run_identity(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_identity = {.run = run_identity};

