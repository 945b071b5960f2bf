/* CPU reference kernels: elementwise binary, unary, select (Where).
 *
 * Float32 has its own loops, specialized for the stride patterns that
 * broadcasting leaves (both contiguous, or one side repeated). Integer and
 * bool tensors are computed exactly in int64 and wrap like C on overflow.
 * Integer division and modulo by zero give 0 (ONNX leaves it undefined; we
 * must not trap). HALF and mixed-type POW go through double. */
#include <math.h>
#include <string.h>

#include "broadcast.h"
#include "int-access.h"

static int64_t int_pow(int64_t base, int64_t exp) {
  if (exp < 0) return base == 1 ? 1 : base == -1 ? (exp % 2 ? -1 : 1) : 0;
  uint64_t result = 1, b = (uint64_t)base;
  for (; exp; exp >>= 1) {
    if (exp & 1) result *= b;
    b *= b;
  }
  return (int64_t)result;
}

static int64_t int_binary(int op, int64_t a, int64_t b) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: return (int64_t)((uint64_t)a + (uint64_t)b);
  case TRT_ELEMENTWISE_SUB: return (int64_t)((uint64_t)a - (uint64_t)b);
  case TRT_ELEMENTWISE_MUL: return (int64_t)((uint64_t)a * (uint64_t)b);
  /* b == -1 is apart: INT64_MIN / -1 traps on x86. */
  case TRT_ELEMENTWISE_DIV:
    return b == 0 ? 0 : b == -1 ? (int64_t)(0 - (uint64_t)a) : a / b;
  case TRT_ELEMENTWISE_MOD: {
    if (b == 0 || b == -1) return 0;
    int64_t r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
  }
  case TRT_ELEMENTWISE_FMOD: return b == 0 || b == -1 ? 0 : a % b;
  case TRT_ELEMENTWISE_POW: return int_pow(a, b);
  case TRT_ELEMENTWISE_MAX: return a > b ? a : b;
  case TRT_ELEMENTWISE_MIN: return a < b ? a : b;
  case TRT_ELEMENTWISE_EQUAL: return a == b;
  case TRT_ELEMENTWISE_LESS: return a < b;
  case TRT_ELEMENTWISE_LESS_EQUAL: return a <= b;
  case TRT_ELEMENTWISE_GREATER: return a > b;
  case TRT_ELEMENTWISE_GREATER_EQUAL: return a >= b;
  case TRT_ELEMENTWISE_AND: return a && b;
  case TRT_ELEMENTWISE_OR: return a || b;
  case TRT_ELEMENTWISE_XOR: return !a != !b;
  case TRT_ELEMENTWISE_PRELU: return a < 0 ? (int64_t)((uint64_t)a * (uint64_t)b) : a;
  default: return 0;
  }
}

static double float_binary(int op, double a, double b) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: return a + b;
  case TRT_ELEMENTWISE_SUB: return a - b;
  case TRT_ELEMENTWISE_MUL: return a * b;
  case TRT_ELEMENTWISE_DIV: return a / b;
  case TRT_ELEMENTWISE_POW: return pow(a, b);
  /* NaN propagates from either side. */
  case TRT_ELEMENTWISE_MAX: return a != a || a > b ? a : b;
  case TRT_ELEMENTWISE_MIN: return a != a || a < b ? a : b;
  case TRT_ELEMENTWISE_MOD: {
    double r = fmod(a, b);
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
  }
  case TRT_ELEMENTWISE_FMOD: return fmod(a, b);
  case TRT_ELEMENTWISE_EQUAL: return a == b;
  case TRT_ELEMENTWISE_LESS: return a < b;
  case TRT_ELEMENTWISE_LESS_EQUAL: return a <= b;
  case TRT_ELEMENTWISE_GREATER: return a > b;
  case TRT_ELEMENTWISE_GREATER_EQUAL: return a >= b;
  case TRT_ELEMENTWISE_PRELU: return a < 0 ? a * b : a;
  default: return 0;
  }
}

/* One run of n float32 values; sa and sb are 0 (repeat) or 1. The run goes
 * in blocks copied through local arrays: a fixed trip count over data that
 * cannot alias is what lets the compiler vectorize at -O2, while y may be
 * the same buffer as a or b (in place). A fused ReLU is applied per block;
 * other activations per run by the caller. */
#define BLOCK 8
#define FLOAT_BLOCKS(LOAD_A, LOAD_B, expr)                                   \
  do {                                                                       \
    int64_t i = 0;                                                           \
    for (; i + BLOCK <= n; i += BLOCK) {                                     \
      float ta[BLOCK], tb[BLOCK], ty[BLOCK];                                 \
      for (int j = 0; j < BLOCK; j++) ta[j] = LOAD_A(i + j);                 \
      for (int j = 0; j < BLOCK; j++) tb[j] = LOAD_B(i + j);                 \
      for (int j = 0; j < BLOCK; j++) {                                      \
        float x0 = ta[j], x1 = tb[j];                                        \
        ty[j] = (expr);                                                      \
      }                                                                      \
      if (relu)                                                              \
        for (int j = 0; j < BLOCK; j++) ty[j] = ty[j] > 0 ? ty[j] : 0;       \
      for (int j = 0; j < BLOCK; j++) y[i + j] = ty[j];                      \
    }                                                                        \
    for (; i < n; i++) {                                                     \
      float x0 = LOAD_A(i), x1 = LOAD_B(i), v = (expr);                      \
      y[i] = relu && !(v > 0) ? 0 : v;                                       \
    }                                                                        \
  } while (0)
#define AT_A(k) a[k]
#define AT_B(k) b[k]
#define FIRST_A(k) a[0]
#define FIRST_B(k) b[0]
#define FLOAT_RUN(expr)                                                      \
  do {                                                                       \
    if (sa && sb) FLOAT_BLOCKS(AT_A, AT_B, expr);                            \
    else if (sb) FLOAT_BLOCKS(FIRST_A, AT_B, expr);                          \
    else if (sa) FLOAT_BLOCKS(AT_A, FIRST_B, expr);                          \
    else FLOAT_BLOCKS(FIRST_A, FIRST_B, expr);                               \
  } while (0)

static void float_run(int op, const float *a, int64_t sa, const float *b, int64_t sb,
                      float *y, int64_t n, bool relu) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: FLOAT_RUN(x0 + x1); break;
  case TRT_ELEMENTWISE_SUB: FLOAT_RUN(x0 - x1); break;
  case TRT_ELEMENTWISE_MUL: FLOAT_RUN(x0 * x1); break;
  case TRT_ELEMENTWISE_DIV: FLOAT_RUN(x0 / x1); break;
  case TRT_ELEMENTWISE_MAX: FLOAT_RUN(x0 != x0 || x0 > x1 ? x0 : x1); break;
  case TRT_ELEMENTWISE_MIN: FLOAT_RUN(x0 != x0 || x0 < x1 ? x0 : x1); break;
  case TRT_ELEMENTWISE_PRELU: FLOAT_RUN(x0 < 0 ? x0 * x1 : x0); break;
  case TRT_ELEMENTWISE_POW: FLOAT_RUN(powf(x0, x1)); break;
  default: FLOAT_RUN((float)float_binary(op, x0, x1)); break;
  }
}
#undef FLOAT_RUN
#undef FLOAT_BLOCKS

/* Float32 runs are cut into chunks this long so that a fused activation
 * other than ReLU reads them back from L1. */
#define CHUNK 1024

static TrtStatus run_elementwise(TrtKernelArgs *args) {
  const TrtElementwiseParams *p = args->params;
  const TrtTensorView *a = &args->inputs[0], *b = &args->inputs[1];
  TrtTensorView *out = &args->outputs[0];
  const TrtDims *in_dims[2] = {&a->dims, &b->dims};
  TrtBroadcast bc;
  trt_broadcast_init(&bc, &out->dims, in_dims, 2);
  bool fast = a->type == TRT_DATA_TYPE_FLOAT && b->type == TRT_DATA_TYPE_FLOAT &&
              out->type == TRT_DATA_TYPE_FLOAT;
  bool integer = !trt_cpu_is_float(a->type) && !trt_cpu_is_float(b->type);
  for (int64_t r = 0; r < bc.runs; r++) {
    int64_t off[2];
    trt_broadcast_offsets(&bc, r, off);
    int64_t base = r * bc.inner, sa = bc.inner_stride[0], sb = bc.inner_stride[1];
    if (fast) {
      bool relu = p->activation.type == TRT_ACTIVATION_RELU;
      for (int64_t c = 0; c < bc.inner; c += CHUNK) {
        int64_t len = bc.inner - c < CHUNK ? bc.inner - c : CHUNK;
        float *y = (float *)out->data + base + c;
        float_run(p->op, (const float *)a->data + off[0] + c * sa, sa,
                  (const float *)b->data + off[1] + c * sb, sb, y, len, relu);
        if (!relu) trt_cpu_activate_array(y, len, &p->activation);
      }
    } else if (integer) {
      for (int64_t i = 0; i < bc.inner; i++)
        trt_cpu_store_int(out->data, out->type, base + i,
                  int_binary(p->op, trt_cpu_load_int(a->data, a->type, off[0] + i * sa),
                             trt_cpu_load_int(b->data, b->type, off[1] + i * sb)));
    } else {
      for (int64_t i = 0; i < bc.inner; i++) {
        double v = float_binary(p->op, trt_cpu_load(a->data, a->type, off[0] + i * sa),
                                trt_cpu_load(b->data, b->type, off[1] + i * sb));
        trt_cpu_store(out->data, out->type, base + i, v);
      }
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

static double float_unary(int op, double x) {
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
  /* Sign keeps NaN and the sign of zero. */
  case TRT_UNARY_SIGN: return x > 0 ? 1 : (x < 0 ? -1 : x);
  case TRT_UNARY_NOT: return x == 0;
  case TRT_UNARY_ISNAN: return isnan(x);
  case TRT_UNARY_ISINF: return isinf(x);
  default: return x;
  }
}

/* ABS, NEG and SIGN stay exact on integers (wrapping for the minimum). */
static bool int_unary(int op, int64_t x, int64_t *y) {
  switch (op) {
  case TRT_UNARY_ABS: *y = x < 0 ? (int64_t)(0 - (uint64_t)x) : x; return true;
  case TRT_UNARY_NEG: *y = (int64_t)(0 - (uint64_t)x); return true;
  case TRT_UNARY_SIGN: *y = (x > 0) - (x < 0); return true;
  case TRT_UNARY_NOT: *y = x == 0; return true;
  case TRT_UNARY_ISNAN:
  case TRT_UNARY_ISINF: *y = 0; return true;
  default: return false;
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
    case TRT_UNARY_RECIPROCAL:
      for (int64_t i = 0; i < n; i++) y[i] = 1.0f / x[i];
      return TRT_STATUS_OK;
    case TRT_UNARY_LOG: for (int64_t i = 0; i < n; i++) y[i] = logf(x[i]); return TRT_STATUS_OK;
    default: break;
    }
  }
  int64_t iy;
  if (!trt_cpu_is_float(in->type) && int_unary(p->op, 0, &iy)) {
    for (int64_t i = 0; i < n; i++) {
      int_unary(p->op, trt_cpu_load_int(in->data, in->type, i), &iy);
      trt_cpu_store_int(out->data, out->type, i, iy);
    }
    return TRT_STATUS_OK;
  }
  for (int64_t i = 0; i < n; i++)
    trt_cpu_store(out->data, out->type, i,
                  float_unary(p->op, trt_cpu_load(in->data, in->type, i)));
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_unary = {.run = run_unary};

/* Copies one element of x or y per condition; typed by element size. */
#define SELECT_RUN(T)                                                        \
  do {                                                                       \
    const T *xs = (const T *)x->data + off[1], *ys = (const T *)y->data + off[2]; \
    T *dst = (T *)out->data + r * bc.inner;                                  \
    for (int64_t i = 0; i < bc.inner; i++)                                   \
      dst[i] = cond[i * sc] ? xs[i * sx] : ys[i * sy];                       \
  } while (0)

static TrtStatus run_select(TrtKernelArgs *args) {
  const TrtTensorView *c = &args->inputs[0], *x = &args->inputs[1], *y = &args->inputs[2];
  TrtTensorView *out = &args->outputs[0];
  const TrtDims *in_dims[3] = {&c->dims, &x->dims, &y->dims};
  TrtBroadcast bc;
  trt_broadcast_init(&bc, &out->dims, in_dims, 3);
  size_t es = trt_data_type_size(out->type);
  int64_t sc = bc.inner_stride[0], sx = bc.inner_stride[1], sy = bc.inner_stride[2];
  for (int64_t r = 0; r < bc.runs; r++) {
    int64_t off[3];
    trt_broadcast_offsets(&bc, r, off);
    const uint8_t *cond = (const uint8_t *)c->data + off[0];
    switch (es) {
    case 1: SELECT_RUN(uint8_t); break;
    case 2: SELECT_RUN(uint16_t); break;
    case 4: SELECT_RUN(uint32_t); break;
    default: SELECT_RUN(uint64_t); break;
    }
  }
  return TRT_STATUS_OK;
}
#undef SELECT_RUN
const TrtKernel trt_cpu_select = {.run = run_select};
