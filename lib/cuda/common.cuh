/* Device-side helpers shared by the kernel families: launch geometry, and
 * the strided indexing that broadcasting and data movement reduce to. */
#ifndef TRT_CUDA_COMMON_CUH
#define TRT_CUDA_COMMON_CUH

#include <cuda_fp16.h>
#include <stdint.h>

#include "cuda-impl.h"

#define TRT_CUDA_BLOCK 256

/* Blocks for n elements; kernels loop with a grid stride past the cap. */
static inline unsigned trt_cuda_grid(int64_t n) {
  int64_t blocks = (n + TRT_CUDA_BLOCK - 1) / TRT_CUDA_BLOCK;
  const int64_t cap = (int64_t)1 << 20;
  return (unsigned)(blocks < 1 ? 1 : (blocks > cap ? cap : blocks));
}

#define TRT_CUDA_FOR(i, n)                                                   \
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
       i += (int64_t)gridDim.x * blockDim.x)

/* Element offsets of N operands for each index of a contiguous output of
 * `dims`. Dims of size 1 are dropped and neighbours that every operand walks
 * in step are merged, so a plain copy or same-shape operation is rank 1.
 * `narrow` selects 32-bit arithmetic when every offset fits. */
template <int N> struct TrtCudaIndex {
  int rank;
  bool narrow;
  int64_t total;
  int64_t dims[TRT_MAX_DIMS];
  int64_t strides[N][TRT_MAX_DIMS];

  /* strides_in[k] are operand k's element strides over `out` (0 where it
   * is broadcast; negative for a reversed walk). */
  void init(const TrtDims &out, const int64_t (*strides_in)[TRT_MAX_DIMS]) {
    rank = 0;
    total = 1;
    for (int d = 0; d < out.nb_dims; d++) {
      total *= out.d[d];
      if (out.d[d] == 1) continue;
      bool merge = rank > 0;
      for (int k = 0; k < N && merge; k++)
        merge = strides[k][rank - 1] == strides_in[k][d] * out.d[d];
      if (merge) {
        dims[rank - 1] *= out.d[d];
        for (int k = 0; k < N; k++) strides[k][rank - 1] = strides_in[k][d];
        continue;
      }
      dims[rank] = out.d[d];
      for (int k = 0; k < N; k++) strides[k][rank] = strides_in[k][d];
      rank++;
    }
    narrow = total < ((int64_t)1 << 31);
    for (int k = 0; k < N; k++) {
      int64_t reach = 0; /* largest |offset| of operand k */
      for (int d = 0; d < rank; d++)
        reach += (strides[k][d] < 0 ? -strides[k][d] : strides[k][d]) * (dims[d] - 1);
      if (reach >= ((int64_t)1 << 31)) narrow = false;
    }
  }

  __device__ __forceinline__ void offsets(int64_t i, int64_t *off) const {
    for (int k = 0; k < N; k++) off[k] = 0;
    if (narrow) {
      int32_t rem = (int32_t)i;
      for (int d = rank - 1; d >= 0; d--) {
        int32_t dim = (int32_t)dims[d];
        int32_t c = rem % dim;
        rem /= dim;
        for (int k = 0; k < N; k++) off[k] += (int64_t)(c * (int32_t)strides[k][d]);
      }
      return;
    }
    int64_t rem = i;
    for (int d = rank - 1; d >= 0; d--) {
      int64_t c = rem % dims[d];
      rem /= dims[d];
      for (int k = 0; k < N; k++) off[k] += c * strides[k][d];
    }
  }
};

/* Row-major strides of dims (in elements). */
static inline void trt_cuda_strides(const TrtDims &dims, int64_t *strides) {
  int64_t s = 1;
  for (int i = dims.nb_dims - 1; i >= 0; i--) {
    strides[i] = s;
    s *= dims.d[i];
  }
}

/* Strides of `in` broadcast (NumPy rules) over `out`: 0 where repeated. */
static inline void trt_cuda_broadcast_strides(const TrtDims &in, const TrtDims &out,
                                              int64_t *strides) {
  int64_t own[TRT_MAX_DIMS];
  trt_cuda_strides(in, own);
  int off = out.nb_dims - in.nb_dims;
  for (int i = 0; i < out.nb_dims; i++) {
    int j = i - off;
    strides[i] = (j >= 0 && in.d[j] != 1) ? own[j] : 0;
  }
}

static inline int64_t trt_cuda_volume(const TrtDims &d) {
  int64_t v = trt_dims_volume(&d);
  return v > 0 ? v : 0;
}

static inline int trt_cuda_axis(int axis, int rank) {
  return axis < 0 ? axis + rank : axis;
}

/* Element access for kernels that take every type (as the CPU's
 * trt_cpu_load/trt_cpu_store: float to integer truncates and saturates,
 * NaN gives 0). */
__device__ __forceinline__ double trt_cuda_load(const void *data, int type, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return ((const float *)data)[i];
  case TRT_DATA_TYPE_HALF: return __half2float(((const __half *)data)[i]);
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8: return ((const uint8_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  case TRT_DATA_TYPE_INT64: return (double)((const int64_t *)data)[i];
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i] != 0;
  default: return 0;
  }
}

__device__ __forceinline__ int64_t trt_cuda_saturate(double v, double lo, double hi) {
  if (v != v) return 0;
  if (v <= lo) return (int64_t)lo;
  if (v >= hi) return (int64_t)hi;
  return (int64_t)v;
}

__device__ __forceinline__ void trt_cuda_store(void *data, int type, int64_t i, double v) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: ((float *)data)[i] = (float)v; break;
  case TRT_DATA_TYPE_HALF: ((__half *)data)[i] = __float2half((float)v); break;
  case TRT_DATA_TYPE_INT8: ((int8_t *)data)[i] = (int8_t)trt_cuda_saturate(v, -128, 127); break;
  case TRT_DATA_TYPE_UINT8: ((uint8_t *)data)[i] = (uint8_t)trt_cuda_saturate(v, 0, 255); break;
  case TRT_DATA_TYPE_INT32:
    ((int32_t *)data)[i] = (int32_t)trt_cuda_saturate(v, -2147483648.0, 2147483647.0);
    break;
  case TRT_DATA_TYPE_INT64:
    ((int64_t *)data)[i] =
        trt_cuda_saturate(v, -9223372036854775808.0, 9223372036854774784.0);
    break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)data)[i] = v != 0; break;
  default: break;
  }
}

/* Exact integer access; stores keep the low bits, as a C conversion. */
__device__ __forceinline__ int64_t trt_cuda_load_int(const void *data, int type, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8: return ((const uint8_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  case TRT_DATA_TYPE_INT64: return ((const int64_t *)data)[i];
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i] != 0;
  default: return 0;
  }
}

__device__ __forceinline__ void trt_cuda_store_int(void *data, int type, int64_t i, int64_t v) {
  switch (type) {
  case TRT_DATA_TYPE_INT8: ((int8_t *)data)[i] = (int8_t)(uint8_t)v; break;
  case TRT_DATA_TYPE_UINT8: ((uint8_t *)data)[i] = (uint8_t)v; break;
  case TRT_DATA_TYPE_INT32: ((int32_t *)data)[i] = (int32_t)(uint32_t)v; break;
  case TRT_DATA_TYPE_INT64: ((int64_t *)data)[i] = v; break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)data)[i] = v != 0; break;
  default: break;
  }
}

static inline bool trt_cuda_is_float(TrtDataType t) {
  return t == TRT_DATA_TYPE_FLOAT || t == TRT_DATA_TYPE_HALF;
}

#endif
