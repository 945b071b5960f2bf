/* CPU reference kernels: reshape transpose flatten squeeze unsqueeze expand tile depth_to_space. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_reshape(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_reshape = {.run = run_reshape};

static TrtStatus run_transpose(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_transpose = {.run = run_transpose};

static TrtStatus run_flatten(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_flatten = {.run = run_flatten};

static TrtStatus run_squeeze(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_squeeze = {.run = run_squeeze};

static TrtStatus run_unsqueeze(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_unsqueeze = {.run = run_unsqueeze};

static TrtStatus run_expand(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_expand = {.run = run_expand};

static TrtStatus run_tile(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_tile = {.run = run_tile};

static TrtStatus run_depth_to_space(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_depth_to_space = {.run = run_depth_to_space};

