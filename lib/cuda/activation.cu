/* CUDA kernels: activation layers and the bias + activation epilogue. */
#include "activation.cuh"

__global__ void activation_kernel(const float *x, float *y, int64_t n, TrtActivationParams act) {
  TRT_CUDA_FOR(i, n) y[i] = trt_cuda_activate(x[i], act);
}

__global__ void bias_activation_kernel(float *y, const float *bias, int64_t channels,
                                       int64_t inner, int64_t n, TrtActivationParams act) {
  TRT_CUDA_FOR(i, n) {
    float v = y[i];
    if (bias) v += bias[(i / inner) % channels];
    y[i] = trt_cuda_activate(v, act);
  }
}

TrtStatus trt_cuda_bias_activation(const TrtKernelArgs *args, float *y, const float *bias,
                                   int64_t channels, int64_t inner, int64_t n,
                                   const TrtActivationParams &act) {
  if ((!bias && act.type == TRT_ACTIVATION_NONE) || n == 0) return TRT_STATUS_OK;
  bias_activation_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      y, bias, channels, inner > 0 ? inner : 1, n, act);
  return trt_cuda_launched(args);
}

static TrtStatus run_activation(TrtKernelArgs *args) {
  int64_t n = trt_cuda_volume(args->inputs[0].dims);
  if (n == 0) return TRT_STATUS_OK;
  activation_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      (const float *)args->inputs[0].data, (float *)args->outputs[0].data, n,
      *(const TrtActivationParams *)args->params);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_activation = {NULL, run_activation, NULL};
