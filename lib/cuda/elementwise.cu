/* CUDA kernels: elementwise binary (with broadcasting and a fused
 * activation), unary, and select (Where). The arithmetic follows the CPU
 * reference exactly: float32 in float32, integers exactly in int64 (wrapping,
 * division and modulo by zero give 0), mixed types through double. Float16
 * operands of one type (FP16 engines) compute in float32. */
#include "activation.cuh"

__device__ double binary_double(int op, double a, double b) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: return a + b;
  case TRT_ELEMENTWISE_SUB: return a - b;
  case TRT_ELEMENTWISE_MUL: return a * b;
  case TRT_ELEMENTWISE_DIV: return a / b;
  case TRT_ELEMENTWISE_POW: return pow(a, b);
  case TRT_ELEMENTWISE_MAX: return a != a || a > b ? a : b; /* NaN wins */
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

__device__ float binary_float(int op, float a, float b) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: return a + b;
  case TRT_ELEMENTWISE_SUB: return a - b;
  case TRT_ELEMENTWISE_MUL: return a * b;
  case TRT_ELEMENTWISE_DIV: return a / b;
  case TRT_ELEMENTWISE_MAX: return a != a || a > b ? a : b;
  case TRT_ELEMENTWISE_MIN: return a != a || a < b ? a : b;
  case TRT_ELEMENTWISE_PRELU: return a < 0 ? a * b : a;
  case TRT_ELEMENTWISE_POW: return powf(a, b);
  default: return (float)binary_double(op, a, b);
  }
}

__device__ int64_t int_pow(int64_t base, int64_t exp) {
  if (exp < 0) return base == 1 ? 1 : base == -1 ? (exp % 2 ? -1 : 1) : 0;
  uint64_t result = 1, b = (uint64_t)base;
  for (; exp; exp >>= 1) {
    if (exp & 1) result *= b;
    b *= b;
  }
  return (int64_t)result;
}

__device__ int64_t binary_int(int op, int64_t a, int64_t b) {
  switch (op) {
  case TRT_ELEMENTWISE_ADD: return (int64_t)((uint64_t)a + (uint64_t)b);
  case TRT_ELEMENTWISE_SUB: return (int64_t)((uint64_t)a - (uint64_t)b);
  case TRT_ELEMENTWISE_MUL: return (int64_t)((uint64_t)a * (uint64_t)b);
  case TRT_ELEMENTWISE_DIV: return b == 0 ? 0 : b == -1 ? (int64_t)(0 - (uint64_t)a) : a / b;
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

template <typename T>
__global__ void binary_float_kernel(const T *a, const T *b, T *y, TrtCudaIndex<2> idx, int op,
                                    TrtActivationParams act) {
  TRT_CUDA_FOR(i, idx.total) {
    int64_t off[2];
    idx.offsets(i, off);
    y[i] = (T)trt_cuda_activate(binary_float(op, (float)a[off[0]], (float)b[off[1]]), act);
  }
}

/* Operands of the output's shape (residual adds): no index arithmetic. */
template <typename T>
__global__ void binary_same_shape_kernel(const T *a, const T *b, T *y, int64_t n, int op,
                                         TrtActivationParams act) {
  TRT_CUDA_FOR(i, n) y[i] = (T)trt_cuda_activate(binary_float(op, (float)a[i], (float)b[i]), act);
}

/* The same on float16 pairs: two values per load and store. */
__global__ void binary_same_shape_half2_kernel(const __half2 *a, const __half2 *b, __half2 *y,
                                               int64_t n2, int op, TrtActivationParams act) {
  TRT_CUDA_FOR(i, n2) {
    float2 fa = __half22float2(a[i]), fb = __half22float2(b[i]);
    y[i] = __floats2half2_rn(trt_cuda_activate(binary_float(op, fa.x, fb.x), act),
                             trt_cuda_activate(binary_float(op, fa.y, fb.y), act));
  }
}

static bool aligned4(const void *p) { return ((uintptr_t)p & 3) == 0; }

template <typename T>
static void launch_binary_float(cudaStream_t stream, const TrtTensorView *a,
                                const TrtTensorView *b, TrtTensorView *out,
                                const TrtCudaIndex<2> &idx, const TrtElementwiseParams *p) {
  bool same = trt_dims_equal(&a->dims, &out->dims) && trt_dims_equal(&b->dims, &out->dims);
  if (same && sizeof(T) == 2 && idx.total % 2 == 0 && aligned4(a->data) && aligned4(b->data) &&
      aligned4(out->data))
    binary_same_shape_half2_kernel<<<trt_cuda_grid(idx.total / 2), TRT_CUDA_BLOCK, 0, stream>>>(
        (const __half2 *)a->data, (const __half2 *)b->data, (__half2 *)out->data, idx.total / 2,
        p->op, p->activation);
  else if (same)
    binary_same_shape_kernel<T><<<trt_cuda_grid(idx.total), TRT_CUDA_BLOCK, 0, stream>>>(
        (const T *)a->data, (const T *)b->data, (T *)out->data, idx.total, p->op, p->activation);
  else
    binary_float_kernel<T><<<trt_cuda_grid(idx.total), TRT_CUDA_BLOCK, 0, stream>>>(
        (const T *)a->data, (const T *)b->data, (T *)out->data, idx, p->op, p->activation);
}

/* Any other type combination; comparisons and logic write bool. */
__global__ void binary_generic_kernel(const void *a, int ta, const void *b, int tb, void *y,
                                      int ty, TrtCudaIndex<2> idx, int op, bool integer,
                                      TrtActivationParams act) {
  bool float_out = ty == TRT_DATA_TYPE_FLOAT || ty == TRT_DATA_TYPE_HALF;
  TRT_CUDA_FOR(i, idx.total) {
    int64_t off[2];
    idx.offsets(i, off);
    if (integer) {
      trt_cuda_store_int(y, ty, i, binary_int(op, trt_cuda_load_int(a, ta, off[0]),
                                              trt_cuda_load_int(b, tb, off[1])));
    } else {
      double v = binary_double(op, trt_cuda_load(a, ta, off[0]), trt_cuda_load(b, tb, off[1]));
      if (ty == TRT_DATA_TYPE_FLOAT) v = trt_cuda_activate((float)v, act);
      /* The device's pow may miss an exact integer by an ulp (9^0.5 =
       * 2.9999999999999996), which an integer output would truncate. */
      if (op == TRT_ELEMENTWISE_POW && !float_out && fabs(v - rint(v)) <= 4e-16 * fabs(v))
        v = rint(v);
      trt_cuda_store(y, ty, i, v);
    }
  }
}

static TrtStatus run_elementwise(TrtKernelArgs *args) {
  const TrtElementwiseParams *p = (const TrtElementwiseParams *)args->params;
  const TrtTensorView *a = &args->inputs[0], *b = &args->inputs[1];
  TrtTensorView *out = &args->outputs[0];
  int64_t strides[2][TRT_MAX_DIMS];
  trt_cuda_broadcast_strides(a->dims, out->dims, strides[0]);
  trt_cuda_broadcast_strides(b->dims, out->dims, strides[1]);
  TrtCudaIndex<2> idx;
  idx.init(out->dims, strides);
  if (idx.total == 0) return TRT_STATUS_OK;
  cudaStream_t stream = trt_cuda_stream(args);
  unsigned grid = trt_cuda_grid(idx.total);
  /* Channels-last operands (FP16 chains) are added in storage order, which
   * needs one shape and one layout throughout. */
  bool stored_alike = a->channels_last == out->channels_last &&
                      b->channels_last == out->channels_last &&
                      (!out->channels_last || (trt_dims_equal(&a->dims, &out->dims) &&
                                               trt_dims_equal(&b->dims, &out->dims)));
  if (!stored_alike)
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "operands of different layouts or shapes");
  bool arithmetic = p->op == TRT_ELEMENTWISE_ADD || p->op == TRT_ELEMENTWISE_SUB ||
                    p->op == TRT_ELEMENTWISE_MUL || p->op == TRT_ELEMENTWISE_DIV ||
                    p->op == TRT_ELEMENTWISE_MAX || p->op == TRT_ELEMENTWISE_MIN ||
                    p->op == TRT_ELEMENTWISE_PRELU || p->op == TRT_ELEMENTWISE_POW;
  if (a->type == TRT_DATA_TYPE_FLOAT && b->type == TRT_DATA_TYPE_FLOAT &&
      out->type == TRT_DATA_TYPE_FLOAT) {
    launch_binary_float<float>(stream, a, b, out, idx, p);
  } else if (arithmetic && a->type == TRT_DATA_TYPE_HALF && b->type == TRT_DATA_TYPE_HALF &&
             out->type == TRT_DATA_TYPE_HALF) {
    launch_binary_float<__half>(stream, a, b, out, idx, p);
  } else {
    bool integer = !trt_cuda_is_float(a->type) && !trt_cuda_is_float(b->type);
    binary_generic_kernel<<<grid, TRT_CUDA_BLOCK, 0, stream>>>(
        a->data, a->type, b->data, b->type, out->data, out->type, idx, p->op, integer,
        p->activation);
  }
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_elementwise = {NULL, run_elementwise, NULL};

/* ---- unary ---------------------------------------------------------------- */

/* In float for float32 tensors, in double for the others (as the CPU);
 * the C++ overloads pick the precision. */
template <typename T> __device__ T unary_op(int op, T x) {
  switch (op) {
  case TRT_UNARY_ABS: return fabs(x);
  case TRT_UNARY_NEG: return -x;
  case TRT_UNARY_EXP: return exp(x);
  case TRT_UNARY_LOG: return log(x);
  case TRT_UNARY_SQRT: return sqrt(x);
  case TRT_UNARY_RECIPROCAL: return T(1) / x;
  case TRT_UNARY_FLOOR: return floor(x);
  case TRT_UNARY_CEIL: return ceil(x);
  case TRT_UNARY_ROUND: return rint(x); /* the default rounding: half to even */
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
  case TRT_UNARY_SIGN: return x > 0 ? T(1) : (x < 0 ? T(-1) : x); /* keeps NaN, -0 */
  case TRT_UNARY_NOT: return x == 0;
  case TRT_UNARY_ISNAN: return isnan(x);
  case TRT_UNARY_ISINF: return isinf(x);
  default: return x;
  }
}

/* ABS, NEG and SIGN stay exact on integers (wrapping for the minimum). */
__device__ bool unary_int(int op, int64_t x, int64_t *y) {
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

__global__ void unary_float_kernel(const float *x, float *y, int64_t n, int op) {
  TRT_CUDA_FOR(i, n) y[i] = unary_op<float>(op, x[i]);
}

__global__ void unary_generic_kernel(const void *x, int tx, void *y, int ty, int64_t n, int op,
                                     bool integer) {
  TRT_CUDA_FOR(i, n) {
    int64_t iy;
    if (integer && unary_int(op, trt_cuda_load_int(x, tx, i), &iy))
      trt_cuda_store_int(y, ty, i, iy);
    else
      trt_cuda_store(y, ty, i, unary_op<double>(op, trt_cuda_load(x, tx, i)));
  }
}

static TrtStatus run_unary(TrtKernelArgs *args) {
  const TrtUnaryParams *p = (const TrtUnaryParams *)args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n = trt_cuda_volume(in->dims);
  if (n == 0) return TRT_STATUS_OK;
  cudaStream_t stream = trt_cuda_stream(args);
  if (in->type == TRT_DATA_TYPE_FLOAT && out->type == TRT_DATA_TYPE_FLOAT)
    unary_float_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        (const float *)in->data, (float *)out->data, n, p->op);
  else
    unary_generic_kernel<<<trt_cuda_grid(n), TRT_CUDA_BLOCK, 0, stream>>>(
        in->data, in->type, out->data, out->type, n, p->op, !trt_cuda_is_float(in->type));
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_unary = {NULL, run_unary, NULL};

/* ---- select ---------------------------------------------------------------- */

template <typename T>
__global__ void select_kernel(const uint8_t *cond, const T *x, const T *y, T *out,
                              TrtCudaIndex<3> idx) {
  TRT_CUDA_FOR(i, idx.total) {
    int64_t off[3];
    idx.offsets(i, off);
    out[i] = cond[off[0]] ? x[off[1]] : y[off[2]];
  }
}

template <typename T>
static void launch_select(const TrtKernelArgs *args, const TrtCudaIndex<3> &idx) {
  select_kernel<T><<<trt_cuda_grid(idx.total), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      (const uint8_t *)args->inputs[0].data, (const T *)args->inputs[1].data,
      (const T *)args->inputs[2].data, (T *)args->outputs[0].data, idx);
}

static TrtStatus run_select(TrtKernelArgs *args) {
  TrtTensorView *out = &args->outputs[0];
  int64_t strides[3][TRT_MAX_DIMS];
  for (int k = 0; k < 3; k++)
    trt_cuda_broadcast_strides(args->inputs[k].dims, out->dims, strides[k]);
  TrtCudaIndex<3> idx;
  idx.init(out->dims, strides);
  if (idx.total == 0) return TRT_STATUS_OK;
  switch (trt_data_type_size(out->type)) {
  case 1: launch_select<uint8_t>(args, idx); break;
  case 2: launch_select<uint16_t>(args, idx); break;
  case 4: launch_select<uint32_t>(args, idx); break;
  default: launch_select<uint64_t>(args, idx); break;
  }
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_select = {NULL, run_select, NULL};
