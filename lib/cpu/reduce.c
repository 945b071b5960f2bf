/* CPU reference kernels: reduce arg_reduce cumsum. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_reduce(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_reduce = {.run = run_reduce};

static TrtStatus run_arg_reduce(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_arg_reduce = {.run = run_arg_reduce};

static TrtStatus run_cumsum(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_cumsum = {.run = run_cumsum};

