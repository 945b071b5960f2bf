/* The CPU backend: host memory and the reference kernels. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "../core/ops.h"
#include "cpu-impl.h"
#ifdef TRT_HAVE_DNNL
#include "dnnl/dnnl-op.h"
#endif

static const TrtKernel *const kernels[TRT_LAYER_COUNT] = {
    [TRT_LAYER_CONVOLUTION] = &trt_cpu_convolution,
    [TRT_LAYER_DECONVOLUTION] = &trt_cpu_deconvolution,
    [TRT_LAYER_POOLING] = &trt_cpu_pooling,
    [TRT_LAYER_MATMUL] = &trt_cpu_matmul,
    [TRT_LAYER_GEMM] = &trt_cpu_gemm,
    [TRT_LAYER_ACTIVATION] = &trt_cpu_activation,
    [TRT_LAYER_SOFTMAX] = &trt_cpu_softmax,
    [TRT_LAYER_ELEMENTWISE] = &trt_cpu_elementwise,
    [TRT_LAYER_UNARY] = &trt_cpu_unary,
    [TRT_LAYER_SELECT] = &trt_cpu_select,
    [TRT_LAYER_NORMALIZATION] = &trt_cpu_normalization,
    [TRT_LAYER_LRN] = &trt_cpu_lrn,
    [TRT_LAYER_SCALE] = &trt_cpu_scale,
    [TRT_LAYER_CONCAT] = &trt_cpu_concat,
    [TRT_LAYER_SPLIT] = &trt_cpu_split,
    [TRT_LAYER_SLICE] = &trt_cpu_slice,
    [TRT_LAYER_PAD] = &trt_cpu_pad,
    [TRT_LAYER_RESHAPE] = &trt_cpu_reshape,
    [TRT_LAYER_TRANSPOSE] = &trt_cpu_transpose,
    [TRT_LAYER_FLATTEN] = &trt_cpu_flatten,
    [TRT_LAYER_SQUEEZE] = &trt_cpu_squeeze,
    [TRT_LAYER_UNSQUEEZE] = &trt_cpu_unsqueeze,
    [TRT_LAYER_EXPAND] = &trt_cpu_expand,
    [TRT_LAYER_TILE] = &trt_cpu_tile,
    [TRT_LAYER_RESIZE] = &trt_cpu_resize,
    [TRT_LAYER_REDUCE] = &trt_cpu_reduce,
    [TRT_LAYER_ARG_REDUCE] = &trt_cpu_arg_reduce,
    [TRT_LAYER_GATHER] = &trt_cpu_gather,
    [TRT_LAYER_GATHER_ELEMENTS] = &trt_cpu_gather_elements,
    [TRT_LAYER_SCATTER_ELEMENTS] = &trt_cpu_scatter_elements,
    [TRT_LAYER_TOPK] = &trt_cpu_topk,
    [TRT_LAYER_CAST] = &trt_cpu_cast,
    [TRT_LAYER_SHAPE] = &trt_cpu_shape,
    [TRT_LAYER_IDENTITY] = &trt_cpu_identity,
    [TRT_LAYER_CONSTANT_OF_SHAPE] = &trt_cpu_constant_of_shape,
    [TRT_LAYER_RANGE] = &trt_cpu_range,
    [TRT_LAYER_ONE_HOT] = &trt_cpu_one_hot,
    [TRT_LAYER_CUMSUM] = &trt_cpu_cumsum,
    [TRT_LAYER_DEPTH_TO_SPACE] = &trt_cpu_depth_to_space,
    [TRT_LAYER_NORMALIZE] = &trt_cpu_normalize,
    [TRT_LAYER_PRIOR_BOX] = &trt_cpu_prior_box,
    [TRT_LAYER_DETECTION_OUTPUT] = &trt_cpu_detection_output,
};

static bool cpu_is_available(int device_id, char *name, size_t size) {
  (void)device_id;
  if (name && size) snprintf(name, size, "cpu");
  return true;
}

static const TrtKernel *cpu_get_kernel(TrtLayerType type) {
  return (unsigned)type < TRT_LAYER_COUNT ? kernels[type] : NULL;
}

static void *cpu_alloc(size_t size) {
  /* 64-byte alignment suits AVX-512 loads and oneDNN. */
  void *p = NULL;
  size_t rounded = (size + 63) & ~(size_t)63;
  if (posix_memalign(&p, 64, rounded ? rounded : 64) != 0) return NULL;
  return p;
}

static TrtStatus cpu_copy(void *dst, const void *src, size_t size, void *ctx) {
  (void)ctx;
  if (size) memmove(dst, src, size);
  return TRT_STATUS_OK;
}

static TrtStatus cpu_synchronize(void *ctx) {
  (void)ctx;
  return TRT_STATUS_OK;
}

static const TrtBackend cpu_backend = {
    .name = "cpu",
    .kind = TRT_BACKEND_CPU,
    .is_available = cpu_is_available,
    .get_kernel = cpu_get_kernel,
    .supports = NULL,
    .context_new = NULL,
    .context_free = NULL,
    .alloc = cpu_alloc,
    .free = free,
    .copy_to_device = cpu_copy,
    .copy_to_host = cpu_copy,
    .synchronize = cpu_synchronize,
};

const TrtBackend *trt_backend_cpu(void) { return &cpu_backend; }

bool trt_cpu_prefers_channels_last(void) {
#ifdef TRT_HAVE_DNNL
  return trt_dnnl_allowed() && trt_dnnl_engine() != NULL;
#else
  return false;
#endif
}

TrtStatus trt_cpu_evaluate(TrtLayerType type, const char *layer_name,
                           const void *params, TrtTensorView *inputs,
                           int nb_inputs, TrtTensorView *outputs,
                           int nb_outputs, TrtLogger *logger) {
  const TrtKernel *k = cpu_get_kernel(type);
  if (!k) return TRT_STATUS_UNSUPPORTED;
  TrtKernelArgs args = {
      .type = type,
      .layer_name = layer_name,
      .params = params,
      .nb_inputs = nb_inputs,
      .inputs = inputs,
      .nb_outputs = nb_outputs,
      .outputs = outputs,
      .logger = logger,
  };
  TrtStatus st = k->prepare ? k->prepare(&args) : TRT_STATUS_OK;
  if (st == TRT_STATUS_OK) { /* never NULL: kernels offset into it */
    args.workspace = cpu_alloc(args.workspace_size);
    if (!args.workspace) st = TRT_STATUS_OUT_OF_MEMORY;
  }
  if (st == TRT_STATUS_OK) st = k->run(&args);
  if (k->release) k->release(&args);
  free(args.workspace);
  return st;
}
