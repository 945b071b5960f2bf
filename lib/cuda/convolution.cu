/* CUDA kernels: convolution (cuDNN forward) and deconvolution (cuDNN
 * backward data), 1-D to 3-D, grouped and dilated, with the bias and the
 * fused activation applied by one epilogue kernel.
 *
 * The algorithm is chosen in prepare by timing cuDNN's candidates (FFT ones
 * left out: they need much memory and lose accuracy) in float32 FMA math, so
 * results stay float32-exact up to summation order (no TF32). The choice is
 * the layer's tactic ("cudnn-fwd-algo<N>"); a loaded engine's tactic is
 * reused as long as cuDNN still accepts it, and a timing cache file given
 * to the builder keeps choices between builds.
 *
 * In an FP16 engine a convolution whose tensors the builder made float16
 * (passes/half-storage.c) runs cuDNN on float16 input, weights and output
 * with float32 accumulation on tensor cores, channels-last (input, output
 * and weights, as the pass stores them); one left in float32 may let
 * cuDNN convert to half (CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION). The bias
 * stays float32. A 1x1 float16 convolution may instead run as one cuBLAS
 * product when that times faster (conv-gemm.cuh; tactic "cublas-gemm").
 *
 * cuDNN pads both ends of a dimension alike. When an engine's pads differ,
 * a convolution pads its input into the workspace first, and a
 * deconvolution computes the uncropped output there and crops it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activation.cuh"
#include "conv-gemm.cuh"
#include "pad.cuh"
#include "shuffle.cuh"

/* cuDNN's fastest algorithms for large batches may want much scratch:
 * up to 1 GiB, and a quarter of the device memory free when building. */
#define WORKSPACE_CAP ((size_t)1 << 30)
#define STAGING_ALIGN 256
#define GEMM_TACTIC "cublas-gemm"

typedef struct {
  bool deconv;
  cudnnTensorDescriptor_t x_desc, y_desc; /* what cuDNN reads and writes */
  cudnnFilterDescriptor_t w_desc;
  cudnnConvolutionDescriptor_t conv_desc;
  int algo;
  size_t cudnn_workspace;
  size_t staging; /* bytes at the start of the workspace, aligned */
  /* Convolution: input padded to staged_dims at pad_begin. Deconvolution:
   * output computed as staged_dims, cropped from crop_begin. */
  bool no_products; /* no input channels: the output is the bias alone */
  bool staged;
  TrtDims staged_dims;
  int64_t offset[TRT_MAX_DIMS];
  int64_t channels, inner, total; /* of the layer's output */
  bool half;                      /* float16 tensors */
  bool channels_last;             /* stored N,H,W,C (2-D, float16) */
  float cudnn_ms;                 /* the chosen algorithm's time when timed now, else -1 */
  bool gemm;                      /* a 1x1 convolution run by cuBLAS */
  size_t element;                 /* their size in bytes */
} ConvState;

static void release(TrtKernelArgs *args) {
  ConvState *s = (ConvState *)args->state;
  if (!s) return;
  if (s->x_desc) cudnnDestroyTensorDescriptor(s->x_desc);
  if (s->y_desc) cudnnDestroyTensorDescriptor(s->y_desc);
  if (s->w_desc) cudnnDestroyFilterDescriptor(s->w_desc);
  if (s->conv_desc) cudnnDestroyConvolutionDescriptor(s->conv_desc);
  free(s);
  args->state = NULL;
}

/* cuDNN wants at least 2 spatial dims: 1-D becomes 1 x W. */
static int widen(const TrtDims &d, int ns, int *out) {
  int n = 0;
  out[n++] = (int)d.d[0];
  out[n++] = (int)d.d[1];
  if (ns == 1) out[n++] = 1;
  for (int i = 0; i < ns; i++) out[n++] = (int)d.d[2 + i];
  return n;
}

static cudnnStatus_t set_tensor(cudnnTensorDescriptor_t desc, const TrtDims &d, int ns,
                                cudnnDataType_t type, bool channels_last) {
  int dims[TRT_MAX_DIMS], strides[TRT_MAX_DIMS];
  int n = widen(d, ns, dims);
  if (channels_last) return cudnnSetTensorNdDescriptorEx(desc, CUDNN_TENSOR_NHWC, type, n, dims);
  strides[n - 1] = 1;
  for (int i = n - 2; i >= 0; i--) strides[i] = strides[i + 1] * dims[i + 1];
  return cudnnSetTensorNdDescriptor(desc, type, n, dims, strides);
}

static bool dims_fit_int(const TrtDims &d) {
  for (int i = 0; i < d.nb_dims; i++)
    if (d.d[i] > INT32_MAX) return false;
  return trt_cuda_volume(d) <= INT32_MAX;
}

static bool math_allowed(const TrtKernelArgs *args, const ConvState *s, cudnnMathType_t math) {
  if (s->half) return true; /* float16 data: tensor cores or not, float32 accumulation */
  return math == CUDNN_FMA_MATH || (args->precision == TRT_PRECISION_FP16 &&
                                    math == CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION);
}

/* Picks the fastest algorithm cuDNN offers in the engine's math, or honors
 * the stored tactic, or the timing cache's entry for `key`. */
static size_t workspace_cap(void) {
  size_t free_bytes = 0, total = 0;
  if (cudaMemGetInfo(&free_bytes, &total) != cudaSuccess) return (size_t)256 << 20;
  return free_bytes / 4 < WORKSPACE_CAP ? free_bytes / 4 : WORKSPACE_CAP;
}

static TrtStatus choose_algorithm(TrtKernelArgs *args, ConvState *s, const char *key) {
  TrtCudaContext *c = trt_cuda_context(args);
  size_t cap = workspace_cap();
  const char *prefix = s->deconv ? "cudnn-bwd-data-algo" : "cudnn-fwd-algo";
  int stored = -1;
  size_t len = strlen(prefix);
  if (strncmp(args->tactic, prefix, len) == 0) stored = atoi(args->tactic + len);
  bool timed = false;
  if (stored < 0 && args->timing_cache)
    stored = trt_cuda_timing_cache_lookup(args->timing_cache, key);
  int candidates[16], nb = 0;
  float times[16];
  s->cudnn_ms = -1;
  if (stored >= 0) {
    candidates[nb++] = stored;
  } else if (s->deconv) {
    cudnnConvolutionBwdDataAlgoPerf_t perf[CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT];
    int count = 0;
    TrtStatus st = trt_cuda_check_cudnn(
        args,
        cudnnFindConvolutionBackwardDataAlgorithm(c->cudnn, s->w_desc, s->x_desc, s->conv_desc,
                                                  s->y_desc, CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT,
                                                  &count, perf),
        "timing the deconvolution algorithms");
    if (st != TRT_STATUS_OK) return st;
    timed = true;
    for (int i = 0; i < count; i++)
      if (perf[i].status == CUDNN_STATUS_SUCCESS && math_allowed(args, s, perf[i].mathType) &&
          perf[i].memory <= cap && perf[i].algo != CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT &&
          perf[i].algo != CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING) {
        times[nb] = perf[i].time;
        candidates[nb++] = perf[i].algo;
      }
  } else {
    cudnnConvolutionFwdAlgoPerf_t perf[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
    int count = 0;
    TrtStatus st = trt_cuda_check_cudnn(
        args,
        cudnnFindConvolutionForwardAlgorithm(c->cudnn, s->x_desc, s->w_desc, s->conv_desc,
                                             s->y_desc, CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &count,
                                             perf),
        "timing the convolution algorithms");
    if (st != TRT_STATUS_OK) return st;
    timed = true;
    for (int i = 0; i < count; i++)
      if (perf[i].status == CUDNN_STATUS_SUCCESS && math_allowed(args, s, perf[i].mathType) &&
          perf[i].memory <= cap && perf[i].algo != CUDNN_CONVOLUTION_FWD_ALGO_FFT &&
          perf[i].algo != CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING) {
        times[nb] = perf[i].time;
        candidates[nb++] = perf[i].algo;
      }
  }
  /* Implicit GEMM (algo 0, resp. 1 for backward data) always works. */
  times[nb] = -1;
  candidates[nb++] = s->deconv ? (int)CUDNN_CONVOLUTION_BWD_DATA_ALGO_1
                               : (int)CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  for (int i = 0; i < nb; i++) {
    size_t bytes = 0;
    cudnnStatus_t ds =
        s->deconv ? cudnnGetConvolutionBackwardDataWorkspaceSize(
                        c->cudnn, s->w_desc, s->x_desc, s->conv_desc, s->y_desc,
                        (cudnnConvolutionBwdDataAlgo_t)candidates[i], &bytes)
                  : cudnnGetConvolutionForwardWorkspaceSize(
                        c->cudnn, s->x_desc, s->w_desc, s->conv_desc, s->y_desc,
                        (cudnnConvolutionFwdAlgo_t)candidates[i], &bytes);
    if (ds != CUDNN_STATUS_SUCCESS) {
      if (i == 0 && stored >= 0)
        trt_log(args->logger, TRT_SEVERITY_WARNING,
                "layer '%s': the stored algorithm %d is not available here; choosing again",
                args->layer_name, stored);
      continue;
    }
    s->algo = candidates[i];
    s->cudnn_workspace = bytes;
    if (timed) s->cudnn_ms = times[i];
    snprintf(args->tactic, sizeof args->tactic, "%s%d", prefix, s->algo);
    if (timed && args->timing_cache)
      trt_cuda_timing_cache_store(args->timing_cache, key, s->algo, args->logger);
    return TRT_STATUS_OK;
  }
  return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "cuDNN has no algorithm for this layer");
}

/* A 1x1 float16 convolution: cuBLAS when its product times faster than
 * cuDNN's chosen algorithm (the decision kept in the timing cache). */
static void consider_gemm(TrtKernelArgs *args, ConvState *s, const char *key) {
  char gemm_key[600] = "";
  if (*key) snprintf(gemm_key, sizeof gemm_key, "%s|1x1-as-gemm", key);
  int cached = *gemm_key ? trt_cuda_timing_cache_lookup(args->timing_cache, gemm_key) : -1;
  bool use;
  if (cached >= 0) {
    use = cached == 1;
  } else {
    if (s->cudnn_ms < 0) return; /* cuDNN's time unknown: keep its algorithm */
    float gemm_ms = trt_cuda_conv_gemm_time(args);
    use = gemm_ms >= 0 && gemm_ms < s->cudnn_ms;
    trt_log(args->logger, TRT_SEVERITY_VERBOSE,
            "layer '%s': 1x1 convolution: cuBLAS %.4f ms, cuDNN algorithm %d %.4f ms", args->layer_name,
            gemm_ms, s->algo, s->cudnn_ms);
    if (*gemm_key) trt_cuda_timing_cache_store(args->timing_cache, gemm_key, use, args->logger);
  }
  if (!use) return;
  s->gemm = true;
  s->cudnn_workspace = 0;
  snprintf(args->tactic, sizeof args->tactic, "%s", GEMM_TACTIC);
}

static TrtStatus prepare(TrtKernelArgs *args, bool deconv) {
  const TrtConvolutionParams *p = (const TrtConvolutionParams *)args->params;
  const TrtDims &x = args->inputs[0].dims, &w = args->inputs[1].dims, &y = args->outputs[0].dims;
  int ns = p->nb_spatial;
  if (ns < 1 || ns > TRT_MAX_SPATIAL || x.nb_dims != ns + 2 || w.nb_dims != ns + 2)
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "unexpected ranks");
  if (!dims_fit_int(x) || !dims_fit_int(y))
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "tensors too large for cuDNN");
  if (args->nb_inputs > 3 && args->inputs[3].present)
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "a residual input (CPU engines only)");
  ConvState *s = (ConvState *)calloc(1, sizeof *s);
  if (!s) return TRT_STATUS_OUT_OF_MEMORY;
  args->state = s;
  s->deconv = deconv;
  s->channels = y.d[1];
  s->total = trt_cuda_volume(y);
  s->inner = 1;
  for (int i = 2; i < y.nb_dims; i++) s->inner *= y.d[i];
  s->no_products = x.d[1] == 0;
  s->half = args->inputs[0].type == TRT_DATA_TYPE_HALF;
  s->element = s->half ? 2 : sizeof(float);
  s->channels_last = args->inputs[0].channels_last;
  if (s->channels_last != args->outputs[0].channels_last ||
      s->channels_last != args->inputs[1].channels_last || (s->channels_last && ns != 2))
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "mixed or unexpected tensor layouts");
  cudnnDataType_t dtype = s->half ? CUDNN_DATA_HALF : CUDNN_DATA_FLOAT;
  if (s->total == 0 || s->no_products) return TRT_STATUS_OK;

  /* Symmetric pads for cuDNN, the difference staged. */
  int pads[TRT_MAX_DIMS] = {0}, strides[TRT_MAX_DIMS], dilations[TRT_MAX_DIMS];
  int nconv = ns == 1 ? 2 : ns, first = ns == 1 ? 1 : 0;
  for (int i = 0; i < nconv; i++) strides[i] = dilations[i] = 1;
  TrtDims staged = deconv ? y : x;
  for (int i = 0; i < ns; i++) {
    int64_t b = p->pad_begin[i], e = p->pad_end[i], sym = b < e ? b : e;
    if (sym < 0) return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "negative pads");
    pads[first + i] = (int)sym;
    strides[first + i] = (int)p->stride[i];
    dilations[first + i] = (int)p->dilation[i];
    staged.d[2 + i] += (b - sym) + (e - sym);
    s->offset[2 + i] = b - sym;
    if (b != e) s->staged = true;
  }
  s->staged_dims = staged;
  if (s->staged)
    s->staging = ((size_t)trt_cuda_volume(staged) * s->element + STAGING_ALIGN - 1) /
                 STAGING_ALIGN * STAGING_ALIGN;

  int wdims[TRT_MAX_DIMS];
  int nw = widen(w, ns, wdims);
  TrtStatus st = trt_cuda_check_cudnn(args, cudnnCreateTensorDescriptor(&s->x_desc), "descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(args, cudnnCreateTensorDescriptor(&s->y_desc), "descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(args, cudnnCreateFilterDescriptor(&s->w_desc), "descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(args, cudnnCreateConvolutionDescriptor(&s->conv_desc), "descriptor");
  /* Deconvolution is the backward data pass of the convolution that maps
   * its output (x_desc: what cuDNN writes here is y) to its input. */
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(args, set_tensor(s->x_desc, deconv ? x : staged, ns, dtype, s->channels_last),
                              "input descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(args, set_tensor(s->y_desc, deconv ? staged : y, ns, dtype, s->channels_last),
                              "output descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(
        args, cudnnSetFilterNdDescriptor(s->w_desc, dtype,
                                   s->channels_last ? CUDNN_TENSOR_NHWC : CUDNN_TENSOR_NCHW,
                                   nw, wdims),
        "filter descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(
        args,
        cudnnSetConvolutionNdDescriptor(s->conv_desc, nconv, pads, strides, dilations,
                                        CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
        "convolution descriptor");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(args, cudnnSetConvolutionGroupCount(s->conv_desc, (int)p->groups),
                              "group count");
  if (st == TRT_STATUS_OK)
    st = trt_cuda_check_cudnn(
        args,
        cudnnSetConvolutionMathType(s->conv_desc,
                                    s->half ? CUDNN_TENSOR_OP_MATH
                                    : args->precision == TRT_PRECISION_FP16
                                        ? CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION
                                        : CUDNN_FMA_MATH),
        "math type");
  char key[512] = "";
  if (st == TRT_STATUS_OK && args->timing_cache) {
    char xt[96], wt[96], yt[96], what[400];
    int n = snprintf(what, sizeof what, "%s%s x=%s w=%s y=%s g=%lld",
                     deconv ? "bwd-data" : "fwd", s->channels_last ? "-fp16-nhwc" : s->half ? "-fp16" : "",
                     trt_dims_format(deconv ? &x : &staged, xt, sizeof xt),
                     trt_dims_format(&w, wt, sizeof wt),
                     trt_dims_format(deconv ? &staged : &y, yt, sizeof yt), (long long)p->groups);
    for (int i = 0; i < nconv && n > 0 && (size_t)n < sizeof what; i++)
      n += snprintf(what + n, sizeof what - (size_t)n, " p%d s%d d%d", pads[i], strides[i],
                    dilations[i]);
    trt_cuda_timing_key(args, what, key, sizeof key);
  }
  bool gemm_fits = !deconv && trt_cuda_conv_gemm_fits(args);
  if (st == TRT_STATUS_OK && gemm_fits && strcmp(args->tactic, GEMM_TACTIC) == 0) {
    s->gemm = true; /* the engine's stored tactic */
    args->workspace_size = 0;
    return TRT_STATUS_OK;
  }
  if (st == TRT_STATUS_OK) st = choose_algorithm(args, s, key);
  if (st != TRT_STATUS_OK) return st;
  if (gemm_fits) consider_gemm(args, s, key);
  args->workspace_size = s->staging + s->cudnn_workspace;
  return TRT_STATUS_OK;
}

static TrtStatus prepare_conv(TrtKernelArgs *args) { return prepare(args, false); }
static TrtStatus prepare_deconv(TrtKernelArgs *args) { return prepare(args, true); }

static TrtStatus epilogue(TrtKernelArgs *args, const ConvState *s) {
  const TrtConvolutionParams *p = (const TrtConvolutionParams *)args->params;
  if (s->no_products) {
    TrtStatus st = trt_cuda_check(args,
                                  cudaMemsetAsync(args->outputs[0].data, 0,
                                                  (size_t)s->total * s->element,
                                                  trt_cuda_stream(args)),
                                  "clearing the output");
    if (st != TRT_STATUS_OK) return st;
  }
  const float *bias = args->nb_inputs > 2 && args->inputs[2].present
                          ? (const float *)args->inputs[2].data
                          : NULL;
  /* Channels-last: the channel is the fastest-varying index. */
  return trt_cuda_bias_activation(args, args->outputs[0].data, args->outputs[0].type, bias,
                                  s->channels, s->channels_last ? 1 : s->inner, s->total,
                                  p->activation);
}

static TrtStatus run_conv(TrtKernelArgs *args) {
  const ConvState *s = (const ConvState *)args->state;
  if (s->total == 0) return TRT_STATUS_OK;
  if (s->no_products) return epilogue(args, s);
  const TrtTensorView *x = &args->inputs[0];
  const void *input = x->data;
  TrtStatus st;
  if (s->staged) {
    if (s->channels_last) { /* pad the stored N,H,W,C order */
      const TrtDims &sd = s->staged_dims;
      TrtDims to = {4, {sd.d[0], sd.d[2], sd.d[3], sd.d[1]}};
      TrtDims from = {4, {x->dims.d[0], x->dims.d[2], x->dims.d[3], x->dims.d[1]}};
      int64_t offset[TRT_MAX_DIMS] = {0, s->offset[2], s->offset[3], 0};
      st = trt_cuda_pad_tensor(args, args->workspace, to, x->data, from, offset,
                               TRT_PAD_CONSTANT, NULL, s->element);
    } else {
      st = trt_cuda_pad_tensor(args, args->workspace, s->staged_dims, x->data, x->dims,
                               s->offset, TRT_PAD_CONSTANT, NULL, s->element);
    }
    if (st != TRT_STATUS_OK) return st;
    input = args->workspace;
  }
  if (s->gemm) {
    st = trt_cuda_conv_gemm(args, input, args->inputs[1].data, args->outputs[0].data);
    return st != TRT_STATUS_OK ? st : epilogue(args, s);
  }
  const float one = 1.0f, zero = 0.0f;
  st = trt_cuda_check_cudnn(
      args,
      cudnnConvolutionForward(trt_cuda_context(args)->cudnn, &one, s->x_desc, input, s->w_desc,
                              args->inputs[1].data, s->conv_desc,
                              (cudnnConvolutionFwdAlgo_t)s->algo,
                              (uint8_t *)args->workspace + s->staging, s->cudnn_workspace, &zero,
                              s->y_desc, args->outputs[0].data),
      "convolution");
  return st != TRT_STATUS_OK ? st : epilogue(args, s);
}

static TrtStatus run_deconv(TrtKernelArgs *args) {
  const ConvState *s = (const ConvState *)args->state;
  if (s->total == 0) return TRT_STATUS_OK;
  if (s->no_products) return epilogue(args, s);
  TrtTensorView *y = &args->outputs[0];
  void *output = s->staged ? args->workspace : y->data;
  const float one = 1.0f, zero = 0.0f;
  TrtStatus st = trt_cuda_check_cudnn(
      args,
      cudnnConvolutionBackwardData(trt_cuda_context(args)->cudnn, &one, s->w_desc,
                                   args->inputs[1].data, s->x_desc, args->inputs[0].data,
                                   s->conv_desc, (cudnnConvolutionBwdDataAlgo_t)s->algo,
                                   (uint8_t *)args->workspace + s->staging, s->cudnn_workspace,
                                   &zero, s->y_desc, output),
      "deconvolution");
  if (st == TRT_STATUS_OK && s->staged) {
    int64_t strides[TRT_MAX_DIMS], offset = 0;
    trt_cuda_strides(s->staged_dims, strides);
    for (int i = 0; i < y->dims.nb_dims; i++) offset += s->offset[i] * strides[i];
    st = trt_cuda_strided_copy(args, y->data, (const float *)args->workspace + offset, y->dims,
                               strides, sizeof(float));
  }
  return st != TRT_STATUS_OK ? st : epilogue(args, s);
}

extern "C" const TrtKernel trt_cuda_convolution = {prepare_conv, run_conv, release};
extern "C" const TrtKernel trt_cuda_deconvolution = {prepare_deconv, run_deconv, release};
