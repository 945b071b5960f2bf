/* CUDA kernels: Gather, GatherElements and OneHot. Negative indices count
 * from the end; an index out of range makes the layer's run fail (reported
 * from the device through the context's error word, see backend.c) and its
 * output element 0, never a read out of bounds. ScatterElements has no
 * kernel here: its ordered writes run on the CPU. */
#include "common.cuh"

__device__ __forceinline__ int64_t load_index(const void *indices, bool wide, int64_t i) {
  return wide ? ((const int64_t *)indices)[i] : ((const int32_t *)indices)[i];
}

/* Resolves a possibly negative index into 0..n-1, or -1 (and reports). */
__device__ __forceinline__ int64_t resolve(int64_t k, int64_t n, unsigned *error_word,
                                           unsigned code) {
  if (k < 0) k += n;
  if (k >= 0 && k < n) return k;
  atomicCAS(error_word, 0u, code);
  return -1;
}

/* Gather: out[outer, j, inner] = data[outer, indices[j], inner]. */
template <typename T>
__global__ void gather_kernel(const T *data, const void *indices, bool wide, T *out,
                              int64_t axis_len, int64_t nb_indices, int64_t inner, int64_t total,
                              unsigned *error_word, unsigned code) {
  TRT_CUDA_FOR(i, total) {
    int64_t in_pos = i % inner, rest = i / inner;
    int64_t j = rest % nb_indices, o = rest / nb_indices;
    int64_t k = resolve(load_index(indices, wide, j), axis_len, error_word, code);
    out[i] = k < 0 ? T(0) : data[(o * axis_len + k) * inner + in_pos];
  }
}

/* GatherElements: out[i...] = data[i... with indices[i...] on the axis];
 * indices and out share a shape, data may be larger on every dim. */
struct ElementsGeometry {
  int rank, axis;
  int64_t out_dims[TRT_MAX_DIMS], data_strides[TRT_MAX_DIMS], axis_len;
};

template <typename T>
__global__ void gather_elements_kernel(const T *data, const void *indices, bool wide, T *out,
                                       ElementsGeometry g, int64_t total, unsigned *error_word,
                                       unsigned code) {
  TRT_CUDA_FOR(i, total) {
    int64_t rem = i, off = 0;
    bool ok = true;
    for (int d = g.rank - 1; d >= 0; d--) {
      int64_t c = rem % g.out_dims[d];
      rem /= g.out_dims[d];
      if (d == g.axis) {
        c = resolve(load_index(indices, wide, i), g.axis_len, error_word, code);
        ok = c >= 0;
      }
      off += c * g.data_strides[d];
    }
    out[i] = ok ? data[off] : T(0);
  }
}

template <typename T>
static void launch_gather(const TrtKernelArgs *args, bool elements, const ElementsGeometry &g,
                          int64_t axis_len, int64_t nb_indices, int64_t inner, int64_t total,
                          unsigned code) {
  const TrtTensorView *ind = &args->inputs[1];
  bool wide = ind->type == TRT_DATA_TYPE_INT64;
  unsigned *word = trt_cuda_context(args)->error_word;
  unsigned grid = trt_cuda_grid(total);
  cudaStream_t s = trt_cuda_stream(args);
  if (elements)
    gather_elements_kernel<T><<<grid, TRT_CUDA_BLOCK, 0, s>>>(
        (const T *)args->inputs[0].data, ind->data, wide, (T *)args->outputs[0].data, g, total,
        word, code);
  else
    gather_kernel<T><<<grid, TRT_CUDA_BLOCK, 0, s>>>(
        (const T *)args->inputs[0].data, ind->data, wide, (T *)args->outputs[0].data, axis_len,
        nb_indices, inner, total, word, code);
}

static TrtStatus prepare_indexed(TrtKernelArgs *args) {
  /* The error code is the layer's: registered once, kept as the state. */
  args->state = (void *)(uintptr_t)trt_cuda_error_code(args);
  return TRT_STATUS_OK;
}

static TrtStatus run_indexed(TrtKernelArgs *args, bool elements) {
  const TrtAxisParams *p = (const TrtAxisParams *)args->params;
  const TrtTensorView *data = &args->inputs[0], *ind = &args->inputs[1];
  TrtTensorView *out = &args->outputs[0];
  int64_t total = trt_cuda_volume(out->dims);
  if (total == 0) return TRT_STATUS_OK;
  int rank = data->dims.nb_dims;
  int axis = trt_cuda_axis(p->axis, rank);
  if (axis < 0 || axis >= rank)
    return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range", p->axis);
  int64_t axis_len = data->dims.d[axis], inner = 1;
  for (int d = axis + 1; d < rank; d++) inner *= data->dims.d[d];
  ElementsGeometry g = {};
  if (elements) {
    g.rank = out->dims.nb_dims;
    g.axis = axis;
    g.axis_len = axis_len;
    trt_cuda_strides(data->dims, g.data_strides);
    for (int d = 0; d < g.rank; d++) g.out_dims[d] = out->dims.d[d];
  }
  int64_t nb_indices = trt_cuda_volume(ind->dims);
  unsigned code = (unsigned)(uintptr_t)args->state;
  switch (trt_data_type_size(data->type)) {
  case 1: launch_gather<uint8_t>(args, elements, g, axis_len, nb_indices, inner, total, code); break;
  case 2: launch_gather<uint16_t>(args, elements, g, axis_len, nb_indices, inner, total, code); break;
  case 4: launch_gather<uint32_t>(args, elements, g, axis_len, nb_indices, inner, total, code); break;
  default: launch_gather<uint64_t>(args, elements, g, axis_len, nb_indices, inner, total, code); break;
  }
  return trt_cuda_launched(args);
}

static TrtStatus run_gather(TrtKernelArgs *args) { return run_indexed(args, false); }
static TrtStatus run_gather_elements(TrtKernelArgs *args) { return run_indexed(args, true); }

extern "C" const TrtKernel trt_cuda_gather = {prepare_indexed, run_gather, NULL};
extern "C" const TrtKernel trt_cuda_gather_elements = {prepare_indexed, run_gather_elements, NULL};

/* OneHot: out[outer, k, inner] = indices[outer, inner] == k ? on : off,
 * with negative indices counted from depth; others give off everywhere. */
template <typename T>
__global__ void one_hot_kernel(const void *indices, int index_type, const T *values, T *out,
                               int64_t depth, int64_t inner, int64_t total) {
  TRT_CUDA_FOR(i, total) {
    int64_t in_pos = i % inner, rest = i / inner;
    int64_t k = rest % depth, o = rest / depth;
    double v = trt_cuda_load(indices, index_type, o * inner + in_pos);
    int64_t idx = (int64_t)v;
    if (idx < 0) idx += depth;
    out[i] = values[idx == k ? 1 : 0];
  }
}

static TrtStatus run_one_hot(TrtKernelArgs *args) {
  const TrtOneHotParams *p = (const TrtOneHotParams *)args->params;
  const TrtTensorView *ind = &args->inputs[0], *values = &args->inputs[2];
  TrtTensorView *out = &args->outputs[0];
  int64_t total = trt_cuda_volume(out->dims);
  if (total == 0) return TRT_STATUS_OK;
  int rank = out->dims.nb_dims;
  int axis = trt_cuda_axis(p->axis, rank);
  if (axis < 0 || axis >= rank)
    return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range", p->axis);
  int64_t depth = out->dims.d[axis], inner = 1;
  for (int d = axis + 1; d < rank; d++) inner *= out->dims.d[d];
  unsigned grid = trt_cuda_grid(total);
  cudaStream_t s = trt_cuda_stream(args);
  switch (trt_data_type_size(values->type)) {
  case 1: one_hot_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>(ind->data, ind->type, (const uint8_t *)values->data, (uint8_t *)out->data, depth, inner, total); break;
  case 2: one_hot_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>(ind->data, ind->type, (const uint16_t *)values->data, (uint16_t *)out->data, depth, inner, total); break;
  case 4: one_hot_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>(ind->data, ind->type, (const uint32_t *)values->data, (uint32_t *)out->data, depth, inner, total); break;
  default: one_hot_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>(ind->data, ind->type, (const uint64_t *)values->data, (uint64_t *)out->data, depth, inner, total); break;
  }
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_one_hot = {NULL, run_one_hot, NULL};
