/* Helpers shared by the CPU kernels. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/ops.h"
#include "../core/util.h"
#include "cpu-impl.h"

double trt_cpu_load(const void *data, TrtDataType type, int64_t i) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: return ((const float *)data)[i];
  case TRT_DATA_TYPE_HALF: return trt_half_to_float(((const uint16_t *)data)[i]);
  case TRT_DATA_TYPE_INT8: return ((const int8_t *)data)[i];
  case TRT_DATA_TYPE_UINT8: return ((const uint8_t *)data)[i];
  case TRT_DATA_TYPE_INT32: return ((const int32_t *)data)[i];
  case TRT_DATA_TYPE_INT64: return (double)((const int64_t *)data)[i];
  case TRT_DATA_TYPE_BOOL: return ((const uint8_t *)data)[i] != 0;
  default: return 0;
  }
}

/* Float -> integer conversion saturates instead of invoking UB. */
static int64_t to_i64(double v, double lo, double hi) {
  if (v != v) return 0;
  if (v <= lo) return (int64_t)lo;
  if (v >= hi) return (int64_t)hi;
  return (int64_t)v;
}

void trt_cpu_store(void *data, TrtDataType type, int64_t i, double v) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: ((float *)data)[i] = (float)v; break;
  case TRT_DATA_TYPE_HALF: ((uint16_t *)data)[i] = trt_float_to_half((float)v); break;
  case TRT_DATA_TYPE_INT8: ((int8_t *)data)[i] = (int8_t)to_i64(v, -128, 127); break;
  case TRT_DATA_TYPE_UINT8: ((uint8_t *)data)[i] = (uint8_t)to_i64(v, 0, 255); break;
  case TRT_DATA_TYPE_INT32:
    ((int32_t *)data)[i] = (int32_t)to_i64(v, -2147483648.0, 2147483647.0);
    break;
  case TRT_DATA_TYPE_INT64:
    ((int64_t *)data)[i] = to_i64(v, -9223372036854775808.0, 9223372036854774784.0);
    break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)data)[i] = v != 0; break;
  default: break;
  }
}

void trt_cpu_strides(const TrtDims *dims, int64_t *strides) {
  int64_t s = 1;
  for (int i = dims->nb_dims - 1; i >= 0; i--) {
    strides[i] = s;
    s *= dims->d[i];
  }
}

void trt_cpu_broadcast_strides(const TrtDims *dims, const TrtDims *out,
                               int64_t *strides) {
  int64_t own[TRT_MAX_DIMS];
  trt_cpu_strides(dims, own);
  int off = out->nb_dims - dims->nb_dims;
  for (int i = 0; i < out->nb_dims; i++) {
    int j = i - off;
    strides[i] = (j >= 0 && dims->d[j] != 1) ? own[j] : 0;
  }
}

/* min(max(x, lo), hi): with lo > hi everything becomes hi; NaN stays. */
static inline float clip(float x, float lo, float hi) {
  float y = x < lo ? lo : x;
  return y > hi ? hi : y;
}

float trt_cpu_activate(float x, const TrtActivationParams *act) {
  float a = act->alpha, b = act->beta;
  switch ((TrtActivationType)act->type) {
  case TRT_ACTIVATION_NONE: return x;
  case TRT_ACTIVATION_RELU: return x < 0 ? 0 : x; /* NaN stays NaN */
  case TRT_ACTIVATION_LEAKY_RELU: return x >= 0 ? x : a * x;
  case TRT_ACTIVATION_SIGMOID:
    return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
  case TRT_ACTIVATION_TANH: return tanhf(x);
  case TRT_ACTIVATION_CLIP: return clip(x, a, b);
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
      return 0.5f * x *
             (1.0f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x)));
    return 0.5f * x * (1.0f + erff(x * 0.7071067811865476f));
  case TRT_ACTIVATION_MISH: {
    float sp = x > 20 ? x : log1pf(expf(x));
    return x * tanhf(sp);
  }
  case TRT_ACTIVATION_THRESHOLDED_RELU: return x > a ? x : 0;
  case TRT_ACTIVATION_CELU: {
    /* max(0, x) + min(0, alpha * (exp(x / alpha) - 1)) */
    if (x != x) return x;
    float neg = a * expm1f(x / a);
    return (x > 0 ? x : 0) + (neg < 0 ? neg : 0);
  }
  default: return x;
  }
}

/* Relu, LeakyRelu and Clip, the common epilogues, in blocks of 16: loops
 * of a fixed count compilers vectorize even at -O2. */
#define BLOCK 16
#define FOR_BLOCKS(x, n, EXPR)                                            \
  do {                                                                    \
    int64_t i_ = 0;                                                       \
    for (; i_ + BLOCK <= (n); i_ += BLOCK)                                \
      for (int j_ = 0; j_ < BLOCK; j_++) {                                \
        float v = (x)[i_ + j_];                                           \
        (x)[i_ + j_] = (EXPR);                                            \
      }                                                                   \
    for (; i_ < (n); i_++) {                                              \
      float v = (x)[i_];                                                  \
      (x)[i_] = (EXPR);                                                   \
    }                                                                     \
  } while (0)

void trt_cpu_activate_array(float *x, int64_t n, const TrtActivationParams *act) {
  float a = act->alpha, b = act->beta;
  switch ((TrtActivationType)act->type) {
  case TRT_ACTIVATION_NONE: return;
  case TRT_ACTIVATION_RELU: FOR_BLOCKS(x, n, v < 0 ? 0 : v); return;
  case TRT_ACTIVATION_LEAKY_RELU: FOR_BLOCKS(x, n, v >= 0 ? v : a * v); return;
  case TRT_ACTIVATION_CLIP: FOR_BLOCKS(x, n, clip(v, a, b)); return;
  default:
    for (int64_t i = 0; i < n; i++) x[i] = trt_cpu_activate(x[i], act);
  }
}

TrtStatus trt_cpu_fail(const TrtKernelArgs *args, TrtStatus status,
                       const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  trt_log(args->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s) on cpu: %s",
          args->layer_name ? args->layer_name : "?",
          trt_layer_type_name(args->type), msg);
  return status;
}
