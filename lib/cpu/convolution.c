/* CPU reference kernels: convolution deconvolution. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_convolution(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_convolution = {.run = run_convolution};

static TrtStatus run_deconvolution(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_deconvolution = {.run = run_deconvolution};

