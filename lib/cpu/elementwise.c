/* CPU reference kernels: elementwise binary, unary, select (Where).
 * Float32 has its own loops; other types go through double, with integer
 * semantics applied where they differ (division truncates toward zero,
 * division or modulo by zero gives 0). */
#include <math.h>
#include <string.h>

#include "broadcast.h"

static bool is_float(TrtDataType t) {
  return t == TRT_DATA_TYPE_FLOAT || t == TRT_DATA_TYPE_HALF;
}

static double python_mod(double a, double b, bool integer) {
  if (b == 0) return integer ? 0 : NAN;
  double r = fmod(a, b);
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

static double binary(int op, double a, double b, bool integer) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: return a + b;
  case TRT_ELEMENTWISE_SUB: return a - b;
  case TRT_ELEMENTWISE_MUL: return a * b;
  case TRT_ELEMENTWISE_DIV:
    if (integer) return b == 0 ? 0 : trunc(a / b);
    return a / b;
  case TRT_ELEMENTWISE_POW: return pow(a, b);
  case TRT_ELEMENTWISE_MAX: return a != a || a > b ? a : b;
  case TRT_ELEMENTWISE_MIN: return a != a || a < b ? a : b;
  case TRT_ELEMENTWISE_MOD: return python_mod(a, b, integer);
  case TRT_ELEMENTWISE_FMOD: return b == 0 && integer ? 0 : fmod(a, b);
  case TRT_ELEMENTWISE_EQUAL: return a == b;
  case TRT_ELEMENTWISE_LESS: return a < b;
  case TRT_ELEMENTWISE_LESS_EQUAL: return a <= b;
  case TRT_ELEMENTWISE_GREATER: return a > b;
  case TRT_ELEMENTWISE_GREATER_EQUAL: return a >= b;
  case TRT_ELEMENTWISE_AND: return (a != 0) && (b != 0);
  case TRT_ELEMENTWISE_OR: return (a != 0) || (b != 0);
  case TRT_ELEMENTWISE_XOR: return (a != 0) != (b != 0);
  case TRT_ELEMENTWISE_PRELU: return a < 0 ? a * b : a;
  default: return 0;
  }
}

/* One run of float32 with strides 0/1 on each side. */
static void float_run(int op, const float *a, int64_t sa, const float *b, int64_t sb,
                      float *y, int64_t n) {
#define LOOP(expr)                                        \
  for (int64_t i = 0; i < n; i++) {                       \
    float x0 = a[i * sa], x1 = b[i * sb];                 \
    y[i] = (expr);                                        \
  }                                                       \
  return
  switch (op) {
  case TRT_ELEMENTWISE_ADD: LOOP(x0 + x1);
  case TRT_ELEMENTWISE_SUB: LOOP(x0 - x1);
  case TRT_ELEMENTWISE_MUL: LOOP(x0 * x1);
  case TRT_ELEMENTWISE_DIV: LOOP(x0 / x1);
  case TRT_ELEMENTWISE_MAX: LOOP(x0 != x0 || x0 > x1 ? x0 : x1);
  case TRT_ELEMENTWISE_MIN: LOOP(x0 != x0 || x0 < x1 ? x0 : x1);
  case TRT_ELEMENTWISE_PRELU: LOOP(x0 < 0 ? x0 * x1 : x0);
  case TRT_ELEMENTWISE_POW: LOOP(powf(x0, x1));
  default: LOOP((float)binary(op, x0, x1, false));
  }
#undef LOOP
}

static TrtStatus run_elementwise(TrtKernelArgs *args) {
  const TrtElementwiseParams *p = args->params;
  const TrtTensorView *a = &args->inputs[0], *b = &args->inputs[1];
  TrtTensorView *out = &args->outputs[0];
  const TrtDims *in_dims[2] = {&a->dims, &b->dims};
  TrtBroadcast bc;
  trt_broadcast_init(&bc, &out->dims, in_dims, 2);
  bool fast = a->type == TRT_DATA_TYPE_FLOAT && b->type == TRT_DATA_TYPE_FLOAT &&
              out->type == TRT_DATA_TYPE_FLOAT;
  bool integer = !is_float(a->type) && a->type != TRT_DATA_TYPE_BOOL;
  for (int64_t r = 0; r < bc.runs; r++) {
    int64_t off[2];
    trt_broadcast_offsets(&bc, r, off);
    int64_t base = r * bc.inner;
    if (fast) {
      float *y = (float *)out->data + base;
      float_run(p->op, (const float *)a->data + off[0], bc.inner_stride[0],
                (const float *)b->data + off[1], bc.inner_stride[1], y, bc.inner);
      trt_cpu_activate_array(y, bc.inner, &p->activation);
      continue;
    }
    for (int64_t i = 0; i < bc.inner; i++) {
      double x0 = trt_cpu_load(a->data, a->type, off[0] + i * bc.inner_stride[0]);
      double x1 = trt_cpu_load(b->data, b->type, off[1] + i * bc.inner_stride[1]);
      double v;
      /* int64 add/sub/mul exactly, beyond double's 53 bits. */
      if (a->type == TRT_DATA_TYPE_INT64 && b->type == TRT_DATA_TYPE_INT64 &&
          p->op <= TRT_ELEMENTWISE_MUL) {
        int64_t u = ((const int64_t *)a->data)[off[0] + i * bc.inner_stride[0]];
        int64_t w = ((const int64_t *)b->data)[off[1] + i * bc.inner_stride[1]];
        uint64_t res = p->op == TRT_ELEMENTWISE_ADD   ? (uint64_t)u + (uint64_t)w
                       : p->op == TRT_ELEMENTWISE_SUB ? (uint64_t)u - (uint64_t)w
                                                      : (uint64_t)u * (uint64_t)w;
        ((int64_t *)out->data)[base + i] = (int64_t)res;
        continue;
      }
      v = binary(p->op, x0, x1, integer);
      trt_cpu_store(out->data, out->type, base + i, v);
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_elementwise = {.run = run_elementwise};

static double round_half_even(double x) {
  double r = round(x);
  if (fabs(x - trunc(x)) == 0.5) r = 2.0 * round(x / 2.0);
  return r;
}

static double unary(int op, double x) {
  switch (op) {
  case TRT_UNARY_ABS: return fabs(x);
  case TRT_UNARY_NEG: return -x;
  case TRT_UNARY_EXP: return exp(x);
  case TRT_UNARY_LOG: return log(x);
  case TRT_UNARY_SQRT: return sqrt(x);
  case TRT_UNARY_RECIPROCAL: return 1.0 / x;
  case TRT_UNARY_FLOOR: return floor(x);
  case TRT_UNARY_CEIL: return ceil(x);
  case TRT_UNARY_ROUND: return round_half_even(x);
  case TRT_UNARY_SIN: return sin(x);
  case TRT_UNARY_COS: return cos(x);
  case TRT_UNARY_TAN: return tan(x);
  case TRT_UNARY_ASIN: return asin(x);
  case TRT_UNARY_ACOS: return acos(x);
  case TRT_UNARY_ATAN: return atan(x);
  case TRT_UNARY_SINH: return sinh(x);
  case TRT_UNARY_COSH: return cosh(x);
  case TRT_UNARY_ASINH: return asinh(x);
  case TRT_UNARY_ACOSH: return acosh(x);
  case TRT_UNARY_ATANH: return atanh(x);
  case TRT_UNARY_ERF: return erf(x);
  case TRT_UNARY_SIGN: return x > 0 ? 1 : (x < 0 ? -1 : x);
  case TRT_UNARY_NOT: return x == 0;
  case TRT_UNARY_ISNAN: return isnan(x);
  case TRT_UNARY_ISINF: return isinf(x);
  default: return x;
  }
}

static TrtStatus run_unary(TrtKernelArgs *args) {
  const TrtUnaryParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_dims_volume(&in->dims);
  if (in->type == TRT_DATA_TYPE_FLOAT && out->type == TRT_DATA_TYPE_FLOAT) {
    const float *x = in->data;
    float *y = out->data;
    switch (p->op) {
    case TRT_UNARY_EXP: for (int64_t i = 0; i < n; i++) y[i] = expf(x[i]); return TRT_STATUS_OK;
    case TRT_UNARY_SQRT: for (int64_t i = 0; i < n; i++) y[i] = sqrtf(x[i]); return TRT_STATUS_OK;
    case TRT_UNARY_NEG: for (int64_t i = 0; i < n; i++) y[i] = -x[i]; return TRT_STATUS_OK;
    case TRT_UNARY_ABS: for (int64_t i = 0; i < n; i++) y[i] = fabsf(x[i]); return TRT_STATUS_OK;
    default: break;
    }
  }
  for (int64_t i = 0; i < n; i++)
    trt_cpu_store(out->data, out->type, i, unary(p->op, trt_cpu_load(in->data, in->type, i)));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_unary = {.run = run_unary};

static TrtStatus run_select(TrtKernelArgs *args) {
  const TrtTensorView *c = &args->inputs[0], *x = &args->inputs[1], *y = &args->inputs[2];
  TrtTensorView *out = &args->outputs[0];
  const TrtDims *in_dims[3] = {&c->dims, &x->dims, &y->dims};
  TrtBroadcast bc;
  trt_broadcast_init(&bc, &out->dims, in_dims, 3);
  size_t es = trt_data_type_size(out->type);
  const uint8_t *cond = c->data;
  for (int64_t r = 0; r < bc.runs; r++) {
    int64_t off[3];
    trt_broadcast_offsets(&bc, r, off);
    uint8_t *dst = (uint8_t *)out->data + (size_t)(r * bc.inner) * es;
    for (int64_t i = 0; i < bc.inner; i++) {
      bool pick_x = cond[off[0] + i * bc.inner_stride[0]] != 0;
      const uint8_t *src =
          pick_x ? (const uint8_t *)x->data + (size_t)(off[1] + i * bc.inner_stride[1]) * es
                 : (const uint8_t *)y->data + (size_t)(off[2] + i * bc.inner_stride[2]) * es;
      memcpy(dst + (size_t)i * es, src, es);
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_select = {.run = run_select};
