/* CPU reference kernels: matmul gemm. (stub: to be written) */
#include "cpu-impl.h"

static TrtStatus run_matmul(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_matmul = {.run = run_matmul};

static TrtStatus run_gemm(TrtKernelArgs *args) {
  return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}
const TrtKernel trt_cpu_gemm = {.run = run_gemm};

