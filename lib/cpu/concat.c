/* CPU reference kernels: concat split. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_concat(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_concat = {.run = run_concat};

static TrtStatus run_split(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_split = {.run = run_split};

