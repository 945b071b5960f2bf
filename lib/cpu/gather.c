/* CPU reference kernels: gather gather_elements scatter_elements one_hot. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_gather(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_gather = {.run = run_gather};

static TrtStatus run_gather_elements(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_gather_elements = {.run = run_gather_elements};

static TrtStatus run_scatter_elements(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_scatter_elements = {.run = run_scatter_elements};

static TrtStatus run_one_hot(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_one_hot = {.run = run_one_hot};

