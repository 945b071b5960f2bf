/* CUDA kernels: activation layers and the bias + activation epilogue, on
 * float32 or float16 tensors (computed in float32). */
#include "activation.cuh"

template <typename T>
__global__ void activation_kernel(const T *x, T *y, int64_t n, TrtActivationParams act) {
  TRT_CUDA_FOR(i, n) y[i] = (T)trt_cuda_activate((float)x[i], act);
}

/* Index is uint32_t when n fits: 64-bit division costs much more. */
template <typename T, typename Index>
__global__ void bias_activation_kernel(T *y, const float *bias, Index channels, Index inner,
                                       Index n, TrtActivationParams act) {
  for (Index i = (Index)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (Index)blockDim.x * gridDim.x) {
    float v = (float)y[i];
    if (bias) v += bias[(i / inner) % channels];
    y[i] = (T)trt_cuda_activate(v, act);
  }
}

/* Channels-last float16 with an even channel count: pairs of channels. */
__global__ void bias_activation_half2_kernel(__half2 *y, const float *bias, uint32_t channels,
                                             uint32_t n2, TrtActivationParams act) {
  for (uint32_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n2; i += blockDim.x * gridDim.x) {
    float2 v = __half22float2(y[i]);
    if (bias) {
      uint32_t c = (2 * i) % channels;
      v.x += bias[c];
      v.y += bias[c + 1];
    }
    y[i] = __floats2half2_rn(trt_cuda_activate(v.x, act), trt_cuda_activate(v.y, act));
  }
}

template <typename T>
static void launch_bias_activation(cudaStream_t stream, void *y, const float *bias,
                                   int64_t channels, int64_t inner, int64_t n,
                                   const TrtActivationParams &act) {
  if (n <= (int64_t)UINT32_MAX)
    bias_activation_kernel<T, uint32_t><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (T *)y, bias, (uint32_t)channels, (uint32_t)inner, (uint32_t)n, act);
  else
    bias_activation_kernel<T, int64_t><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (T *)y, bias, channels, inner, n, act);
}

TrtStatus trt_cuda_bias_activation(const TrtKernelArgs *args, void *y, TrtDataType type,
                                   const float *bias, int64_t channels, int64_t inner, int64_t n,
                                   const TrtActivationParams &act) {
  if ((!bias && act.type == TRT_ACTIVATION_NONE) || n == 0) return TRT_STATUS_OK;
  if (inner <= 0) inner = 1;
  if (type == TRT_DATA_TYPE_HALF && inner == 1 && channels % 2 == 0 && n / 2 <= UINT32_MAX &&
      ((uintptr_t)y & 3) == 0) {
    bias_activation_half2_kernel<<<trt_cuda_grid(n / 2), TRT_CUDA_BLOCK, 0,
                                   trt_cuda_stream(args)>>>((__half2 *)y, bias,
                                                            (uint32_t)channels,
                                                            (uint32_t)(n / 2), act);
  } else if (type == TRT_DATA_TYPE_HALF)
    launch_bias_activation<__half>(trt_cuda_stream(args), y, bias, channels, inner, n, act);
  else
    launch_bias_activation<float>(trt_cuda_stream(args), y, bias, channels, inner, n, act);
  return trt_cuda_launched(args);
}

static TrtStatus run_activation(TrtKernelArgs *args) {
  int64_t n = trt_cuda_volume(args->inputs[0].dims);
  if (n == 0) return TRT_STATUS_OK;
  const TrtActivationParams act = *(const TrtActivationParams *)args->params;
  cudaStream_t stream = trt_cuda_stream(args);
  if (args->inputs[0].type == TRT_DATA_TYPE_HALF)
    activation_kernel<__half><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (const __half *)args->inputs[0].data, (__half *)args->outputs[0].data, n, act);
  else
    activation_kernel<float><<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (const float *)args->inputs[0].data, (float *)args->outputs[0].data, n, act);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_activation = {NULL, run_activation, NULL};
