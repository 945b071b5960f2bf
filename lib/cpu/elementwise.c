/* CPU reference kernels: elementwise unary select. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_elementwise(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_elementwise = {.run = run_elementwise};

static TrtStatus run_unary(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_unary = {.run = run_unary};

static TrtStatus run_select(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_select = {.run = run_select};

