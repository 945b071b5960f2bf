/* CPU reference kernels: shape constant_of_shape range. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_shape(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_shape = {.run = run_shape};

static TrtStatus run_constant_of_shape(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_constant_of_shape = {.run = run_constant_of_shape};

static TrtStatus run_range(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_range = {.run = run_range};

