/* Activations on the device: the function every fused epilogue applies,
 * and the bias + activation epilogue of convolutions and products. */
#ifndef TRT_CUDA_ACTIVATION_CUH
#define TRT_CUDA_ACTIVATION_CUH

#include "common.cuh"

/* Same formulas as the CPU reference (trt_cpu_activate). */
__device__ __forceinline__ float trt_cuda_activate(float x, const TrtActivationParams &act) {
  float a = act.alpha, b = act.beta;
  switch (act.type) {
  case TRT_ACTIVATION_NONE: return x;
  case TRT_ACTIVATION_RELU: return x < 0 ? 0 : x; /* NaN stays NaN */
  case TRT_ACTIVATION_LEAKY_RELU: return x >= 0 ? x : a * x;
  case TRT_ACTIVATION_SIGMOID:
    return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
  case TRT_ACTIVATION_TANH: return tanhf(x);
  case TRT_ACTIVATION_CLIP: { /* min(max(x, lo), hi): lo > hi gives hi */
    float y = x < a ? a : x;
    return y > b ? b : y;
  }
  case TRT_ACTIVATION_ELU: return x >= 0 ? x : a * expm1f(x);
  case TRT_ACTIVATION_SELU: return x > 0 ? b * x : b * a * expm1f(x);
  case TRT_ACTIVATION_SOFTPLUS: return x > 20 ? x : log1pf(expf(x));
  case TRT_ACTIVATION_SOFTSIGN: return x / (1.0f + fabsf(x));
  case TRT_ACTIVATION_HARD_SIGMOID: {
    float y = a * x + b;
    return y < 0 ? 0 : (y > 1 ? 1 : y);
  }
  case TRT_ACTIVATION_HARD_SWISH: {
    float y = x / 6.0f + 0.5f;
    return x * (y < 0 ? 0 : (y > 1 ? 1 : y));
  }
  case TRT_ACTIVATION_GELU:
    if (b != 0)
      return 0.5f * x * (1.0f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x)));
    return 0.5f * x * (1.0f + erff(x * 0.7071067811865476f));
  case TRT_ACTIVATION_MISH: return x * tanhf(x > 20 ? x : log1pf(expf(x)));
  case TRT_ACTIVATION_THRESHOLDED_RELU: return x > a ? x : 0;
  case TRT_ACTIVATION_CELU: { /* max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) */
    if (x != x) return x;
    float neg = a * expm1f(x / a);
    return (x > 0 ? x : 0) + (neg < 0 ? neg : 0);
  }
  default: return x;
  }
}

/* y[i] = act(y[i] + bias[(i / inner) % channels]) over n values of `type`
 * (float32 or float16; computed in float32), in place on the args' stream;
 * bias (float32) may be NULL. Nothing is queued when there is neither bias
 * nor activation. */
TrtStatus trt_cuda_bias_activation(const TrtKernelArgs *args, void *y, TrtDataType type,
                                   const float *bias, int64_t channels, int64_t inner, int64_t n,
                                   const TrtActivationParams &act);

#endif
