/* Helpers shared by the CUDA kernels: error reporting in the library's
 * words, and the registry of layers that report errors from the device. */
#include <stdarg.h>
#include <stdio.h>

#include "cuda-impl.h"

static TrtStatus vfail(const TrtKernelArgs *args, TrtStatus status, const char *fmt,
                       va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  trt_log(args->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) on cuda: %s",
          args->layer_name ? args->layer_name : "?", trt_layer_type_name(args->type), msg);
  return status;
}

TrtStatus trt_cuda_fail(const TrtKernelArgs *args, TrtStatus status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(args, status, fmt, ap);
  va_end(ap);
  return status;
}

TrtStatus trt_cuda_check(const TrtKernelArgs *args, cudaError_t err, const char *what) {
  if (err == cudaSuccess) return TRT_STATUS_OK;
  cudaGetLastError();
  return trt_cuda_fail(args, err == cudaErrorMemoryAllocation ? TRT_STATUS_OUT_OF_MEMORY
                                                              : TRT_STATUS_BACKEND_ERROR,
                       "%s: %s", what, cudaGetErrorString(err));
}

TrtStatus trt_cuda_launched(const TrtKernelArgs *args) {
  return trt_cuda_check(args, cudaGetLastError(), "kernel launch");
}

TrtStatus trt_cuda_check_cublas(const TrtKernelArgs *args, cublasStatus_t status,
                                const char *what) {
  if (status == CUBLAS_STATUS_SUCCESS) return TRT_STATUS_OK;
  return trt_cuda_fail(args, TRT_STATUS_BACKEND_ERROR, "%s: %s", what,
                       cublasGetStatusString(status));
}

TrtStatus trt_cuda_check_cudnn(const TrtKernelArgs *args, cudnnStatus_t status,
                               const char *what) {
  if (status == CUDNN_STATUS_SUCCESS) return TRT_STATUS_OK;
  return trt_cuda_fail(args, status == CUDNN_STATUS_NOT_SUPPORTED ? TRT_STATUS_UNSUPPORTED
                                                                  : TRT_STATUS_BACKEND_ERROR,
                       "%s: %s", what, cudnnGetErrorString(status));
}

unsigned trt_cuda_error_code(const TrtKernelArgs *args) {
  TrtCudaContext *c = trt_cuda_context(args);
  for (int i = 0; i < c->nb_error_sources; i++)
    if (c->error_sources[i] == args->layer_name) return (unsigned)i + 1;
  if (c->nb_error_sources == TRT_CUDA_MAX_ERROR_SOURCES)
    return TRT_CUDA_MAX_ERROR_SOURCES + 1; /* reported as an unnamed layer */
  c->error_sources[c->nb_error_sources++] = args->layer_name;
  return (unsigned)c->nb_error_sources;
}
