/* CUDA kernels: Shape, ConstantOfShape and Range. Their outputs are
 * usually known when the engine is built (and then not computed at all);
 * these run when they are not. */
#include <string.h>

#include "common.cuh"

struct ShapeValues {
  int n;
  int64_t v[TRT_MAX_DIMS];
};

__global__ void shape_kernel(int64_t *y, ShapeValues s) {
  if (threadIdx.x < s.n) y[threadIdx.x] = s.v[threadIdx.x];
}

static TrtStatus run_shape(TrtKernelArgs *args) {
  const TrtShapeParams *p = (const TrtShapeParams *)args->params;
  int rank = args->inputs[0].dims.nb_dims;
  int s = p->start, e = p->has_end ? p->end : rank;
  if (s < 0) s += rank;
  if (e < 0) e += rank;
  s = s < 0 ? 0 : (s > rank ? rank : s);
  e = e < 0 ? 0 : (e > rank ? rank : e);
  ShapeValues v = {e > s ? e - s : 0, {0}};
  if (v.n == 0) return TRT_STATUS_OK;
  for (int i = 0; i < v.n; i++) v.v[i] = args->inputs[0].dims.d[s + i];
  shape_kernel<<<1, 32, 0, trt_cuda_stream(args)>>>((int64_t *)args->outputs[0].data, v);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_shape = {NULL, run_shape, NULL};

template <typename T> __global__ void fill_kernel(T *y, T value, int64_t n) {
  TRT_CUDA_FOR(i, n) y[i] = value;
}

static TrtStatus run_constant_of_shape(TrtKernelArgs *args) {
  const TrtConstantOfShapeParams *p = (const TrtConstantOfShapeParams *)args->params;
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_cuda_volume(out->dims);
  if (n == 0) return TRT_STATUS_OK;
  unsigned grid = trt_cuda_grid(n);
  cudaStream_t s = trt_cuda_stream(args);
  switch (trt_data_type_size(out->type)) {
  case 1: fill_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint8_t *)out->data, *(const uint8_t *)p->value, n); break;
  case 2: {
    uint16_t v;
    memcpy(&v, p->value, sizeof v);
    fill_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint16_t *)out->data, v, n);
    break;
  }
  case 4: {
    uint32_t v;
    memcpy(&v, p->value, sizeof v);
    fill_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint32_t *)out->data, v, n);
    break;
  }
  default: {
    uint64_t v;
    memcpy(&v, p->value, sizeof v);
    fill_kernel<<<grid, TRT_CUDA_BLOCK, 0, s>>>((uint64_t *)out->data, v, n);
    break;
  }
  }
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_constant_of_shape = {NULL, run_constant_of_shape, NULL};

/* y[i] = start + i * delta: exact with wrap-around for int32 and int64,
 * through double for the other types, as the CPU does. */
__global__ void range_kernel(const void *start, int ts, const void *delta, int td, void *y, int ty,
                             int64_t n) {
  double s = trt_cuda_load(start, ts, 0), d = trt_cuda_load(delta, td, 0);
  bool integer = ty == TRT_DATA_TYPE_INT32 || ty == TRT_DATA_TYPE_INT64;
  TRT_CUDA_FOR(i, n) {
    if (integer)
      trt_cuda_store_int(y, ty, i,
                         (int64_t)((uint64_t)trt_cuda_load_int(start, ts, 0) +
                                   (uint64_t)i * (uint64_t)trt_cuda_load_int(delta, td, 0)));
    else
      trt_cuda_store(y, ty, i, s + (double)i * d);
  }
}

static TrtStatus run_range(TrtKernelArgs *args) {
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_cuda_volume(out->dims);
  if (n == 0) return TRT_STATUS_OK;
  range_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      args->inputs[0].data, args->inputs[0].type, args->inputs[2].data, args->inputs[2].type,
      out->data, out->type, n);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_range = {NULL, run_range, NULL};
