/* The CUDA backend: device discovery, memory, per-context streams and
 * library handles, graph capture, and the table of kernels.
 *
 * Every call into the runtime checks its result, so a machine without a
 * driver or GPU (cudaGetDeviceCount fails) makes the backend unavailable
 * instead of failing the program. Copies are queued on the context's stream
 * and ordered with the kernels; `synchronize` waits for them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda-impl.h"

/* cuBLAS gets its own workspace so that graph capture never makes it
 * allocate (32 MiB is NVIDIA's advice for Hopper). */
#define CUBLAS_WORKSPACE_SIZE ((size_t)32 << 20)

static const TrtKernel *const kernels[TRT_LAYER_COUNT] = {
    [TRT_LAYER_CONVOLUTION] = &trt_cuda_convolution,
    [TRT_LAYER_DECONVOLUTION] = &trt_cuda_deconvolution,
    [TRT_LAYER_POOLING] = &trt_cuda_pooling,
    [TRT_LAYER_MATMUL] = &trt_cuda_matmul,
    [TRT_LAYER_GEMM] = &trt_cuda_gemm,
    [TRT_LAYER_ACTIVATION] = &trt_cuda_activation,
    [TRT_LAYER_SOFTMAX] = &trt_cuda_softmax,
    [TRT_LAYER_ELEMENTWISE] = &trt_cuda_elementwise,
    [TRT_LAYER_UNARY] = &trt_cuda_unary,
    [TRT_LAYER_SELECT] = &trt_cuda_select,
    [TRT_LAYER_NORMALIZATION] = &trt_cuda_normalization,
    [TRT_LAYER_LRN] = &trt_cuda_lrn,
    [TRT_LAYER_SCALE] = &trt_cuda_scale,
    [TRT_LAYER_CONCAT] = &trt_cuda_concat,
    [TRT_LAYER_SPLIT] = &trt_cuda_split,
    [TRT_LAYER_SLICE] = &trt_cuda_slice,
    [TRT_LAYER_PAD] = &trt_cuda_pad,
    [TRT_LAYER_RESHAPE] = &trt_cuda_reshape,
    [TRT_LAYER_TRANSPOSE] = &trt_cuda_transpose,
    [TRT_LAYER_FLATTEN] = &trt_cuda_reshape,
    [TRT_LAYER_SQUEEZE] = &trt_cuda_reshape,
    [TRT_LAYER_UNSQUEEZE] = &trt_cuda_reshape,
    [TRT_LAYER_EXPAND] = &trt_cuda_expand,
    [TRT_LAYER_TILE] = &trt_cuda_tile,
    [TRT_LAYER_REDUCE] = &trt_cuda_reduce,
    [TRT_LAYER_ARG_REDUCE] = &trt_cuda_arg_reduce,
    [TRT_LAYER_GATHER] = &trt_cuda_gather,
    [TRT_LAYER_GATHER_ELEMENTS] = &trt_cuda_gather_elements,
    [TRT_LAYER_CAST] = &trt_cuda_cast,
    [TRT_LAYER_SHAPE] = &trt_cuda_shape,
    [TRT_LAYER_IDENTITY] = &trt_cuda_reshape,
    [TRT_LAYER_CONSTANT_OF_SHAPE] = &trt_cuda_constant_of_shape,
    [TRT_LAYER_RANGE] = &trt_cuda_range,
    [TRT_LAYER_ONE_HOT] = &trt_cuda_one_hot,
    [TRT_LAYER_CUMSUM] = &trt_cuda_cumsum,
    [TRT_LAYER_DEPTH_TO_SPACE] = &trt_cuda_depth_to_space,
};

static bool cuda_is_available(int device_id, char *name, size_t size) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError(); /* clear the sticky "no driver" error */
    return false;
  }
  if (device_id < 0 || device_id >= count) return false;
  struct cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, device_id) != cudaSuccess) return false;
  if (name && size)
    snprintf(name, size, "%s (sm_%d%d, %d MiB)", prop.name, prop.major, prop.minor,
             (int)(prop.totalGlobalMem >> 20));
  return true;
}

static const TrtKernel *cuda_get_kernel(TrtLayerType type) {
  return (unsigned)type < TRT_LAYER_COUNT ? kernels[type] : NULL;
}

void *trt_cuda_alloc(size_t size) {
  void *p = NULL;
  if (cudaMalloc(&p, size ? size : 256) != cudaSuccess) {
    cudaGetLastError();
    return NULL;
  }
  return p;
}

void trt_cuda_free(void *ptr) {
  if (ptr) cudaFree(ptr);
}

static void *cuda_alloc_host(size_t size) {
  void *p = NULL;
  if (cudaMallocHost(&p, size ? size : 64) != cudaSuccess) {
    cudaGetLastError();
    return NULL;
  }
  return p;
}

static void cuda_free_host(void *ptr) {
  if (ptr) cudaFreeHost(ptr);
}

static void context_free(void *backend_context) {
  TrtCudaContext *c = backend_context;
  if (!c) return;
  cudaSetDevice(c->device);
  if (c->own_stream) cudaStreamSynchronize(c->own_stream);
  if (c->cudnn) cudnnDestroy(c->cudnn);
  if (c->cublas) cublasDestroy(c->cublas);
  trt_cuda_free(c->cublas_workspace);
  trt_cuda_free(c->error_word);
  trt_cuda_free(c->frames_device);
  if (c->frames_host) cudaFreeHost(c->frames_host);
  if (c->own_stream) cudaStreamDestroy(c->own_stream);
  free(c);
}

static void *context_new(int device_id, TrtLogger *logger) {
  TrtCudaContext *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->device = device_id;
  c->logger = logger;
  const char *step = "select the device";
  cudaError_t err = cudaSetDevice(device_id);
  if (err == cudaSuccess) {
    step = "create a stream";
    err = cudaStreamCreateWithFlags(&c->own_stream, cudaStreamNonBlocking);
  }
  if (err == cudaSuccess) {
    step = "allocate the error word";
    err = cudaMalloc((void **)&c->error_word, sizeof(unsigned));
  }
  if (err == cudaSuccess) err = cudaMemset(c->error_word, 0, sizeof(unsigned));
  if (err == cudaSuccess) {
    step = "allocate the cuBLAS workspace";
    err = cudaMalloc(&c->cublas_workspace, CUBLAS_WORKSPACE_SIZE);
  }
  if (err != cudaSuccess) {
    trt_log(logger, TRT_SEVERITY_ERROR, "cuda device %d: cannot %s: %s", device_id, step,
            cudaGetErrorString(err));
    cudaGetLastError();
    context_free(c);
    return NULL;
  }
  c->stream = c->own_stream;
  cublasStatus_t bs = cublasCreate(&c->cublas);
  if (bs == CUBLAS_STATUS_SUCCESS) bs = cublasSetStream(c->cublas, c->stream);
  if (bs == CUBLAS_STATUS_SUCCESS)
    bs = cublasSetWorkspace(c->cublas, c->cublas_workspace, CUBLAS_WORKSPACE_SIZE);
  /* Float32 stays float32: no TF32 rounding unless the engine asks. */
  if (bs == CUBLAS_STATUS_SUCCESS) bs = cublasSetMathMode(c->cublas, CUBLAS_DEFAULT_MATH);
  if (bs != CUBLAS_STATUS_SUCCESS) {
    trt_log(logger, TRT_SEVERITY_ERROR, "cuda device %d: cuBLAS setup failed: %s", device_id,
            cublasGetStatusString(bs));
    context_free(c);
    return NULL;
  }
  cudnnStatus_t ds = cudnnCreate(&c->cudnn);
  if (ds == CUDNN_STATUS_SUCCESS) ds = cudnnSetStream(c->cudnn, c->stream);
  if (ds != CUDNN_STATUS_SUCCESS) {
    trt_log(logger, TRT_SEVERITY_ERROR, "cuda device %d: cuDNN setup failed: %s", device_id,
            cudnnGetErrorString(ds));
    context_free(c);
    return NULL;
  }
  return c;
}

static TrtStatus report(TrtCudaContext *c, cudaError_t err, const char *what) {
  if (err == cudaSuccess) return TRT_STATUS_OK;
  cudaGetLastError();
  trt_log(c ? c->logger : NULL, TRT_SEVERITY_ERROR, "cuda: %s failed: %s", what,
          cudaGetErrorString(err));
  return TRT_STATUS_BACKEND_ERROR;
}

/* cudaMemcpyDefault lets unified addressing tell host from device. */
static TrtStatus cuda_copy(void *dst, const void *src, size_t size, void *ctx) {
  TrtCudaContext *c = ctx;
  if (!size || dst == src) return TRT_STATUS_OK;
  cudaError_t err = c ? cudaMemcpyAsync(dst, src, size, cudaMemcpyDefault, c->stream)
                      : cudaMemcpy(dst, src, size, cudaMemcpyDefault);
  return report(c, err, "copy");
}

static TrtStatus cuda_synchronize(void *ctx) {
  TrtCudaContext *c = ctx;
  TrtStatus s = report(c, cudaStreamSynchronize(c->stream), "running the queued work");
  if (s != TRT_STATUS_OK) return s;
  unsigned word = 0;
  s = report(c, cudaMemcpy(&word, c->error_word, sizeof word, cudaMemcpyDeviceToHost),
             "reading the error word");
  if (s != TRT_STATUS_OK || word == 0) return s;
  cudaMemsetAsync(c->error_word, 0, sizeof word, c->stream);
  const char *layer = word <= (unsigned)c->nb_error_sources ? c->error_sources[word - 1] : "?";
  trt_log(c->logger, TRT_SEVERITY_ERROR,
          "layer '%s' on cuda: an index was out of range; the output is not valid", layer);
  return TRT_STATUS_INVALID_ARGUMENT;
}

static TrtStatus cuda_set_stream(void *ctx, void *stream) {
  TrtCudaContext *c = ctx;
  cudaStream_t s = stream ? (cudaStream_t)stream : c->own_stream;
  /* Each run starts here: make this context's device the thread's. */
  TrtStatus st = report(c, cudaSetDevice(c->device), "selecting the device");
  if (st != TRT_STATUS_OK || s == c->stream) return st;
  if (cublasSetStream(c->cublas, s) != CUBLAS_STATUS_SUCCESS ||
      cudnnSetStream(c->cudnn, s) != CUDNN_STATUS_SUCCESS) {
    trt_log(c->logger, TRT_SEVERITY_ERROR, "cuda: cannot switch cuBLAS/cuDNN to the stream");
    return TRT_STATUS_BACKEND_ERROR;
  }
  c->stream = s;
  return TRT_STATUS_OK;
}

static TrtStatus cuda_launch_host(void *ctx, void (*fn)(void *), void *data) {
  TrtCudaContext *c = ctx;
  return report(c, cudaLaunchHostFunc(c->stream, fn, data), "queueing a CPU layer");
}

static TrtStatus cuda_graph_begin(void *ctx) {
  TrtCudaContext *c = ctx;
  /* Thread-local: other threads may keep using CUDA while we capture. */
  return report(c, cudaStreamBeginCapture(c->stream, cudaStreamCaptureModeThreadLocal),
                "starting a graph capture");
}

static TrtStatus cuda_graph_end(void *ctx, void **graph_out) {
  TrtCudaContext *c = ctx;
  cudaGraph_t graph = NULL;
  cudaGraphExec_t exec = NULL;
  *graph_out = NULL;
  TrtStatus s = report(c, cudaStreamEndCapture(c->stream, &graph), "ending a graph capture");
  if (s == TRT_STATUS_OK)
    s = report(c, cudaGraphInstantiateWithFlags(&exec, graph, 0), "instantiating a graph");
  if (graph) cudaGraphDestroy(graph);
  if (s == TRT_STATUS_OK) *graph_out = exec;
  return s;
}

static TrtStatus cuda_graph_launch(void *ctx, void *graph) {
  TrtCudaContext *c = ctx;
  return report(c, cudaGraphLaunch((cudaGraphExec_t)graph, c->stream), "launching a graph");
}

static void cuda_graph_free(void *graph) {
  if (graph) cudaGraphExecDestroy((cudaGraphExec_t)graph);
}

static const TrtBackend cuda_backend = {
    .name = "cuda",
    .kind = TRT_BACKEND_CUDA,
    .is_available = cuda_is_available,
    .get_kernel = cuda_get_kernel,
    .supports = trt_cuda_supports,
    .supports_half = trt_cuda_supports_half,
    .context_new = context_new,
    .context_free = context_free,
    .alloc = trt_cuda_alloc,
    .free = trt_cuda_free,
    .copy_to_device = cuda_copy,
    .copy_to_host = cuda_copy,
    .synchronize = cuda_synchronize,
    .alloc_host = cuda_alloc_host,
    .free_host = cuda_free_host,
    .set_stream = cuda_set_stream,
    .launch_host = cuda_launch_host,
    .graph_begin = cuda_graph_begin,
    .graph_end = cuda_graph_end,
    .graph_launch = cuda_graph_launch,
    .graph_free = cuda_graph_free,
    .preprocess = trt_cuda_preprocess,
};

const TrtBackend *trt_backend_cuda(void) { return &cuda_backend; }
