/* CUDA kernels: softmax and log-softmax over one axis (or, with coerce_2d,
 * over all dims from the axis on). A row whose elements are contiguous gets
 * a block; strided rows get a thread each. */
#include "reduce.cuh"

__global__ void softmax_rows_kernel(const float *x, float *y, int64_t len, bool log_out) {
  __shared__ float scratch[32];
  const float *xs = x + blockIdx.x * len;
  float *ys = y + blockIdx.x * len;
  float max = -INFINITY;
  for (int64_t i = threadIdx.x; i < len; i += blockDim.x) max = fmaxf(max, xs[i]);
  max = trt_cuda_block_reduce(max, TrtCudaMax(), scratch);
  float sum = 0;
  for (int64_t i = threadIdx.x; i < len; i += blockDim.x) sum += expf(xs[i] - max);
  sum = trt_cuda_block_reduce(sum, TrtCudaSum(), scratch);
  if (log_out) {
    float lse = logf(sum) + max;
    for (int64_t i = threadIdx.x; i < len; i += blockDim.x) ys[i] = xs[i] - lse;
  } else {
    for (int64_t i = threadIdx.x; i < len; i += blockDim.x) ys[i] = expf(xs[i] - max) / sum;
  }
}

__global__ void softmax_strided_kernel(const float *x, float *y, int64_t outer, int64_t len,
                                       int64_t inner, bool log_out) {
  TRT_CUDA_FOR(t, outer * inner) {
    int64_t o = t / inner, k = t % inner;
    const float *xs = x + o * len * inner + k;
    float *ys = y + o * len * inner + k;
    float max = -INFINITY;
    for (int64_t i = 0; i < len; i++) max = fmaxf(max, xs[i * inner]);
    float sum = 0;
    for (int64_t i = 0; i < len; i++) sum += expf(xs[i * inner] - max);
    float lse = logf(sum) + max;
    for (int64_t i = 0; i < len; i++)
      ys[i * inner] = log_out ? xs[i * inner] - lse : expf(xs[i * inner] - max) / sum;
  }
}

static TrtStatus run_softmax(TrtKernelArgs *args) {
  const TrtSoftmaxParams *p = (const TrtSoftmaxParams *)args->params;
  const TrtDims &d = args->inputs[0].dims;
  int rank = d.nb_dims;
  int axis = rank ? trt_cuda_axis(p->axis, rank) : 0;
  int64_t outer = 1, len = 1, inner = 1;
  for (int i = 0; i < axis; i++) outer *= d.d[i];
  if (p->coerce_2d) {
    for (int i = axis; i < rank; i++) len *= d.d[i];
  } else {
    len = rank ? d.d[axis] : 1;
    for (int i = axis + 1; i < rank; i++) inner *= d.d[i];
  }
  if (outer * len * inner == 0) return TRT_STATUS_OK;
  const float *x = (const float *)args->inputs[0].data;
  float *y = (float *)args->outputs[0].data;
  cudaStream_t stream = trt_cuda_stream(args);
  if (inner == 1 && outer <= INT32_MAX)
    softmax_rows_kernel<<<(unsigned)outer, TRT_CUDA_BLOCK, 0, stream>>>(x, y, len, p->log);
  else
    softmax_strided_kernel<<<trt_cuda_grid(outer * inner), TRT_CUDA_BLOCK, 0, stream>>>(
        x, y, outer, len, inner, p->log);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_softmax = {NULL, run_softmax, NULL};
