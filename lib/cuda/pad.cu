/* CUDA kernels: pad (constant, reflect, edge, wrap; negative pads crop). */
#include "pad.cuh"

struct PadGeometry {
  int rank;
  int mode;
  int64_t out_dims[TRT_MAX_DIMS], in_dims[TRT_MAX_DIMS], in_strides[TRT_MAX_DIMS];
  int64_t begin[TRT_MAX_DIMS];
};

/* Where coordinate x (possibly outside 0..n-1) reads from; -1: the value. */
__device__ __forceinline__ int64_t source_coord(int64_t x, int64_t n, int mode) {
  if (x >= 0 && x < n) return x;
  if (mode == TRT_PAD_CONSTANT || n == 0) return -1;
  if (mode == TRT_PAD_EDGE) return x < 0 ? 0 : n - 1;
  if (mode == TRT_PAD_WRAP) return ((x % n) + n) % n;
  if (n == 1) return 0; /* reflect: the period is 2(n-1) */
  int64_t period = 2 * (n - 1);
  x = x < 0 ? -x : x;
  x %= period;
  return x < n ? x : period - x;
}

template <typename T>
__global__ void pad_kernel(T *out, const T *in, PadGeometry g, const T *value, int64_t total) {
  TRT_CUDA_FOR(i, total) {
    int64_t rem = i, off = 0;
    bool inside = true;
    for (int d = g.rank - 1; d >= 0; d--) {
      int64_t c = rem % g.out_dims[d];
      rem /= g.out_dims[d];
      int64_t x = source_coord(c - g.begin[d], g.in_dims[d], g.mode);
      if (x < 0) inside = false;
      off += x * g.in_strides[d];
    }
    out[i] = inside ? in[off] : (value ? *value : T(0));
  }
}

TrtStatus trt_cuda_pad_tensor(const TrtKernelArgs *args, void *out, const TrtDims &out_dims,
                       const void *in, const TrtDims &in_dims, const int64_t *begin,
                       int mode, const void *value, size_t elem_size) {
  int64_t total = trt_cuda_volume(out_dims);
  if (total == 0) return TRT_STATUS_OK;
  PadGeometry g;
  g.rank = out_dims.nb_dims;
  g.mode = mode;
  trt_cuda_strides(in_dims, g.in_strides);
  for (int d = 0; d < g.rank; d++) {
    g.out_dims[d] = out_dims.d[d];
    g.in_dims[d] = in_dims.d[d];
    g.begin[d] = begin[d];
  }
  unsigned grid = trt_cuda_grid(total);
  cudaStream_t s = trt_cuda_stream(args);
  switch (elem_size) {
  case 1: pad_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint8_t *)out, (const uint8_t *)in, g, (const uint8_t *)value, total); break;
  case 2: pad_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint16_t *)out, (const uint16_t *)in, g, (const uint16_t *)value, total); break;
  case 4: pad_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint32_t *)out, (const uint32_t *)in, g, (const uint32_t *)value, total); break;
  default: pad_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint64_t *)out, (const uint64_t *)in, g, (const uint64_t *)value, total); break;
  }
  return trt_cuda_launched(args);
}

/* Inputs: x, pads (int64 [2 * nb_axes], begins then ends), value?, axes?. */
static TrtStatus run_pad(TrtKernelArgs *args) {
  const TrtPadParams *p = (const TrtPadParams *)args->params;
  const TrtTensorView *x = &args->inputs[0], *pads = &args->inputs[1];
  TrtTensorView *out = &args->outputs[0];
  int rank = x->dims.nb_dims;
  if (!pads->host_value)
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "the pads are not known before running");
  const TrtTensorView *axes_in = args->nb_inputs > 3 && args->inputs[3].present ? &args->inputs[3] : NULL;
  int axes[TRT_MAX_DIMS];
  int nb_axes = rank;
  for (int i = 0; i < rank; i++) axes[i] = i;
  if (axes_in) {
    if (!axes_in->host_value)
      return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "the axes are not known before running");
    nb_axes = (int)trt_cuda_volume(axes_in->dims);
    if (nb_axes > rank) return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "too many axes");
    for (int i = 0; i < nb_axes; i++) {
      int64_t a = axes_in->type == TRT_DATA_TYPE_INT32 ? ((const int32_t *)axes_in->host_value)[i]
                                                      : ((const int64_t *)axes_in->host_value)[i];
      axes[i] = (int)(a < 0 ? a + rank : a);
    }
  }
  if (trt_cuda_volume(pads->dims) != 2 * nb_axes)
    return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "pads has %lld values, want %d",
                         (long long)trt_cuda_volume(pads->dims), 2 * nb_axes);
  int64_t begin[TRT_MAX_DIMS] = {0};
  for (int i = 0; i < nb_axes; i++) {
    if (axes[i] < 0 || axes[i] >= rank)
      return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis out of range");
    begin[axes[i]] = pads->type == TRT_DATA_TYPE_INT32 ? ((const int32_t *)pads->host_value)[i]
                                                      : ((const int64_t *)pads->host_value)[i];
  }
  const void *value = args->nb_inputs > 2 && args->inputs[2].present &&
                              trt_cuda_volume(args->inputs[2].dims) > 0
                          ? args->inputs[2].data
                          : NULL;
  return trt_cuda_pad_tensor(args, out->data, out->dims, x->data, x->dims, begin, p->mode, value,
                      trt_data_type_size(x->type));
}

extern "C" const TrtKernel trt_cuda_pad = {NULL, run_pad, NULL};
