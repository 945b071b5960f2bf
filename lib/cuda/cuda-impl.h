/* Internals of the CUDA backend shared by backend.c, helpers.c and the
 * kernel families (*.cu). C and C++ both read this header. */
#ifndef TRT_CUDA_IMPL_H
#define TRT_CUDA_IMPL_H

#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <cudnn.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "../core/backend-impl.h"

/* Layers that can report a run-time error from the device (index out of
 * range); the device word holds 1 + the index of the first that did. */
#define TRT_CUDA_MAX_ERROR_SOURCES 256

/* Per-execution-context state. */
typedef struct {
  int device;
  cudaStream_t own_stream;
  cudaStream_t stream; /* where work goes now: own_stream or the user's */
  cublasHandle_t cublas;
  cudnnHandle_t cudnn;
  void *cublas_workspace; /* given to cuBLAS so graph capture never allocates */
  unsigned *error_word;   /* device memory, see TRT_CUDA_MAX_ERROR_SOURCES */
  const char *error_sources[TRT_CUDA_MAX_ERROR_SOURCES];
  int nb_error_sources;
  TrtLogger *logger;
  /* Frames of the last preprocessed batch: page-locked and device copies
   * (preprocess.cu), grown when a batch needs more. */
  uint8_t *frames_host, *frames_device;
  size_t frames_capacity;
} TrtCudaContext;

/* One kernel per layer kind, defined in the family's .cu file. Resize,
 * ScatterElements and TopK have none: they run on the CPU. */
extern const TrtKernel trt_cuda_convolution, trt_cuda_deconvolution,
    trt_cuda_pooling, trt_cuda_matmul, trt_cuda_gemm, trt_cuda_activation,
    trt_cuda_softmax, trt_cuda_elementwise, trt_cuda_unary, trt_cuda_select,
    trt_cuda_normalization, trt_cuda_lrn, trt_cuda_scale, trt_cuda_concat,
    trt_cuda_split, trt_cuda_slice, trt_cuda_pad, trt_cuda_reshape,
    trt_cuda_transpose, trt_cuda_expand, trt_cuda_tile, trt_cuda_reduce,
    trt_cuda_arg_reduce, trt_cuda_gather, trt_cuda_gather_elements,
    trt_cuda_one_hot, trt_cuda_cast, trt_cuda_shape, trt_cuda_constant_of_shape,
    trt_cuda_range, trt_cuda_cumsum, trt_cuda_depth_to_space;

/* Whether the CUDA kernel of a layer handles these params and input types;
 * the builder runs the layer on the CPU otherwise. */
bool trt_cuda_supports(TrtLayerType type, const void *params,
                       const TrtTensorView *inputs, int nb_inputs);
/* Which of them also run on float16 data (TrtBackend.supports_half). */
bool trt_cuda_supports_half(TrtLayerType type, const void *params,
                            const TrtTensorView *inputs, int nb_inputs);

static inline TrtCudaContext *trt_cuda_context(const TrtKernelArgs *args) {
  return (TrtCudaContext *)args->backend_context;
}
static inline cudaStream_t trt_cuda_stream(const TrtKernelArgs *args) {
  return trt_cuda_context(args)->stream;
}

/* Logs "layer '<name>' (<Kind>) on cuda: <message>" at ERROR; returns
 * status. */
TrtStatus trt_cuda_fail(const TrtKernelArgs *args, TrtStatus status,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* OK for cudaSuccess; else logs what failed with the CUDA error text. */
TrtStatus trt_cuda_check(const TrtKernelArgs *args, cudaError_t err,
                         const char *what);
/* After kernel launches: reports a launch failure. */
TrtStatus trt_cuda_launched(const TrtKernelArgs *args);
TrtStatus trt_cuda_check_cublas(const TrtKernelArgs *args,
                                cublasStatus_t status, const char *what);
TrtStatus trt_cuda_check_cudnn(const TrtKernelArgs *args, cudnnStatus_t status,
                               const char *what);
/* The code a kernel stores in the error word when this layer meets a bad
 * index at run time (call in prepare). */
unsigned trt_cuda_error_code(const TrtKernelArgs *args);

/* TrtBackend.preprocess (preprocess.cu). */
TrtStatus trt_cuda_preprocess(void *backend_context, const TrtImageView *images,
                              int count, const TrtPreprocessParams *params,
                              void *dst, TrtImageMapping *mappings);

/* The timing cache file (timing-cache.c): the algorithm stored for a key,
 * or -1; appending one; the key of a layer's geometry `what` on this
 * context's GPU, cuDNN and precision. */
int trt_cuda_timing_cache_lookup(const char *path, const char *key);
void trt_cuda_timing_cache_store(const char *path, const char *key, int algo,
                                 TrtLogger *logger);
void trt_cuda_timing_key(const TrtKernelArgs *args, const char *what, char *key,
                         size_t size);

/* Device memory for kernel state (prepare/release). */
void *trt_cuda_alloc(size_t size);
void trt_cuda_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
