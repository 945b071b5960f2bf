/* CPU reference kernels: normalization lrn scale. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_normalization(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_normalization = {.run = run_normalization};

static TrtStatus run_lrn(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_lrn = {.run = run_lrn};

static TrtStatus run_scale(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_scale = {.run = run_scale};

