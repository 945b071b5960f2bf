/* Block-wide reductions, shared by reduce, softmax and normalization. */
#ifndef TRT_CUDA_REDUCE_CUH
#define TRT_CUDA_REDUCE_CUH

#include "common.cuh"

/* Reduces one value per thread of the block; every thread gets the result.
 * `scratch` holds 32 values in shared memory. Blocks are multiples of 32
 * threads, all of which call this. */
template <typename T, typename Op>
__device__ __forceinline__ T trt_cuda_block_reduce(T v, Op op, T *scratch) {
  for (int o = 16; o > 0; o >>= 1) v = op(v, __shfl_xor_sync(0xffffffffu, v, o));
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  __syncthreads(); /* scratch may still be read from a previous call */
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  if (warp == 0) {
    v = scratch[lane < warps ? lane : 0];
    for (int o = 16; o > 0; o >>= 1) {
      T other = __shfl_down_sync(0xffffffffu, v, o);
      if (lane + o < warps) v = op(v, other);
    }
    if (lane == 0) scratch[0] = v;
  }
  __syncthreads();
  return scratch[0];
}

struct TrtCudaSum {
  template <typename T> __device__ T operator()(T a, T b) const { return a + b; }
};
struct TrtCudaMax {
  template <typename T> __device__ T operator()(T a, T b) const { return a > b ? a : b; }
};
struct TrtCudaProd {
  template <typename T> __device__ T operator()(T a, T b) const { return a * b; }
};
struct TrtCudaMin {
  template <typename T> __device__ T operator()(T a, T b) const { return a < b ? a : b; }
};
/* Max and min where NaN wins, as in the CPU reference. */
struct TrtCudaNanMax {
  __device__ double operator()(double a, double b) const {
    return a != a ? a : (b != b ? b : (a > b ? a : b));
  }
};
struct TrtCudaNanMin {
  __device__ double operator()(double a, double b) const {
    return a != a ? a : (b != b ? b : (a < b ? a : b));
  }
};

#endif
