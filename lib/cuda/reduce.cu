/* CUDA kernels: reduce, ArgMax/ArgMin and CumSum, with the CPU
 * reference's semantics: floats accumulate in double, integers exactly in
 * int64 with wrap-around (which makes the parallel order irrelevant), NaN
 * wins max and min, and an empty reduction gives the op's identity.
 *
 * Reduce and ArgMax/ArgMin give each output element a block that splits
 * the reduced elements between its threads; CumSum gives each line a
 * thread. */
#include "reduce.cuh"

/* The input's dims split into kept and reduced groups (size-1 dims dropped,
 * same-kind neighbours merged). */
struct ReduceGeometry {
  int nb_kept, nb_red;
  int64_t kept_dims[TRT_MAX_DIMS], kept_strides[TRT_MAX_DIMS];
  int64_t red_dims[TRT_MAX_DIMS], red_strides[TRT_MAX_DIMS];
  int64_t count;
};

static void geometry_init(ReduceGeometry *g, const TrtDims &dims, const bool *reduced) {
  int64_t strides[TRT_MAX_DIMS];
  trt_cuda_strides(dims, strides);
  g->nb_kept = g->nb_red = 0;
  g->count = 1;
  int last = -1;
  for (int d = 0; d < dims.nb_dims; d++) {
    if (dims.d[d] == 1) continue;
    int kind = reduced[d] ? 1 : 0;
    int64_t *gd = kind ? g->red_dims : g->kept_dims, *gs = kind ? g->red_strides : g->kept_strides;
    int *n = kind ? &g->nb_red : &g->nb_kept;
    if (kind == last) {
      gd[*n - 1] *= dims.d[d];
      gs[*n - 1] = strides[d];
    } else {
      gd[*n] = dims.d[d];
      gs[(*n)++] = strides[d];
    }
    last = kind;
    if (kind) g->count *= dims.d[d];
  }
  for (int d = 0; d < dims.nb_dims; d++)
    if (reduced[d] && dims.d[d] == 0) g->count = 0;
}

__device__ __forceinline__ int64_t group_offset(const int64_t *dims, const int64_t *strides,
                                                int n, int64_t i) {
  int64_t off = 0;
  for (int d = n - 1; d >= 0; d--) {
    off += (i % dims[d]) * strides[d];
    i /= dims[d];
  }
  return off;
}

/* Runs `body` with `off` bound to the input offset of each reduced element
 * this thread takes, for the output element at `base`. */
#define FOR_EACH_REDUCED(g, base, off, body)                                  \
  for (int64_t r_ = threadIdx.x; r_ < (g).count; r_ += blockDim.x) {          \
    int64_t off = (base) + group_offset((g).red_dims, (g).red_strides, (g).nb_red, r_); \
    body;                                                                     \
  }

__device__ double reduce_float(int op, const void *x, int type, const ReduceGeometry &g,
                               int64_t base, double *scratch) {
  double acc;
  switch (op) {
  case TRT_REDUCE_MAX:
    acc = -INFINITY;
    FOR_EACH_REDUCED(g, base, off, acc = TrtCudaNanMax()(acc, trt_cuda_load(x, type, off)));
    return trt_cuda_block_reduce(acc, TrtCudaNanMax(), scratch);
  case TRT_REDUCE_MIN:
    acc = INFINITY;
    FOR_EACH_REDUCED(g, base, off, acc = TrtCudaNanMin()(acc, trt_cuda_load(x, type, off)));
    return trt_cuda_block_reduce(acc, TrtCudaNanMin(), scratch);
  case TRT_REDUCE_PROD:
    acc = 1;
    FOR_EACH_REDUCED(g, base, off, acc *= trt_cuda_load(x, type, off));
    return trt_cuda_block_reduce(acc, TrtCudaProd(), scratch);
  case TRT_REDUCE_LOG_SUM_EXP: {
    double m = -INFINITY;
    FOR_EACH_REDUCED(g, base, off, m = TrtCudaNanMax()(m, trt_cuda_load(x, type, off)));
    m = trt_cuda_block_reduce(m, TrtCudaNanMax(), scratch);
    if (!isfinite(m)) return m;
    acc = 0;
    FOR_EACH_REDUCED(g, base, off, acc += exp(trt_cuda_load(x, type, off) - m));
    return m + log(trt_cuda_block_reduce(acc, TrtCudaSum(), scratch));
  }
  default: /* the sums */
    acc = 0;
    bool square = op == TRT_REDUCE_L2 || op == TRT_REDUCE_SUM_SQUARE;
    FOR_EACH_REDUCED(g, base, off, {
      double v = trt_cuda_load(x, type, off);
      acc += op == TRT_REDUCE_L1 ? fabs(v) : square ? v * v : v;
    });
    acc = trt_cuda_block_reduce(acc, TrtCudaSum(), scratch);
    if (op == TRT_REDUCE_MEAN) return acc / (double)g.count;
    if (op == TRT_REDUCE_L2) return sqrt(acc);
    if (op == TRT_REDUCE_LOG_SUM) return log(acc);
    return acc;
  }
}

__device__ int64_t reduce_int(int op, const void *x, int type, const ReduceGeometry &g,
                              int64_t base, int64_t *scratch) {
  if (op == TRT_REDUCE_MAX || op == TRT_REDUCE_MIN) {
    int64_t best = trt_cuda_load_int(x, type, base + group_offset(g.red_dims, g.red_strides, g.nb_red, 0));
    FOR_EACH_REDUCED(g, base, off, {
      int64_t v = trt_cuda_load_int(x, type, off);
      best = op == TRT_REDUCE_MAX ? (v > best ? v : best) : (v < best ? v : best);
    });
    return op == TRT_REDUCE_MAX ? trt_cuda_block_reduce(best, TrtCudaMax(), scratch)
                                : trt_cuda_block_reduce(best, TrtCudaMin(), scratch);
  }
  uint64_t acc = op == TRT_REDUCE_PROD ? 1 : 0;
  FOR_EACH_REDUCED(g, base, off, {
    int64_t v = trt_cuda_load_int(x, type, off);
    switch (op) {
    case TRT_REDUCE_PROD: acc *= (uint64_t)v; break;
    case TRT_REDUCE_L1: acc += v < 0 ? 0 - (uint64_t)v : (uint64_t)v; break;
    case TRT_REDUCE_SUM_SQUARE: acc += (uint64_t)v * (uint64_t)v; break;
    default: acc += (uint64_t)v; break;
    }
  });
  acc = op == TRT_REDUCE_PROD
            ? (uint64_t)trt_cuda_block_reduce((unsigned long long)acc, TrtCudaProd(), (unsigned long long *)scratch)
            : (uint64_t)trt_cuda_block_reduce((unsigned long long)acc, TrtCudaSum(), (unsigned long long *)scratch);
  return op == TRT_REDUCE_MEAN ? (int64_t)acc / g.count : (int64_t)acc;
}

__global__ void reduce_kernel(const void *x, int type, void *y, int out_type, ReduceGeometry g,
                              int op, bool integer) {
  __shared__ double scratch[32];
  int64_t o = blockIdx.x;
  int64_t base = group_offset(g.kept_dims, g.kept_strides, g.nb_kept, o);
  if (integer) {
    int64_t v = reduce_int(op, x, type, g, base, (int64_t *)scratch);
    if (threadIdx.x == 0) trt_cuda_store_int(y, out_type, o, v);
  } else {
    double v = reduce_float(op, x, type, g, base, scratch);
    if (threadIdx.x == 0) trt_cuda_store(y, out_type, o, v);
  }
}

static bool int_reduce_op(int op) {
  return op != TRT_REDUCE_L2 && op != TRT_REDUCE_LOG_SUM && op != TRT_REDUCE_LOG_SUM_EXP;
}

/* Threads per block: enough for the reduced elements, a multiple of 32. */
static unsigned block_for(int64_t count) {
  int64_t t = (count + 31) / 32 * 32;
  return (unsigned)(t < 32 ? 32 : (t > TRT_CUDA_BLOCK ? TRT_CUDA_BLOCK : t));
}

static TrtStatus run_reduce(TrtKernelArgs *args) {
  const TrtReduceParams *p = (const TrtReduceParams *)args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n_out = trt_cuda_volume(out->dims);
  if (n_out == 0) return TRT_STATUS_OK;
  if (p->nb_axes == 0 && p->noop_with_empty_axes)
    return trt_cuda_check(args,
                          cudaMemcpyAsync(out->data, in->data,
                                          (size_t)n_out * trt_data_type_size(in->type),
                                          cudaMemcpyDeviceToDevice, trt_cuda_stream(args)),
                          "copy");
  bool reduced[TRT_MAX_DIMS] = {false};
  for (int i = 0; i < p->nb_axes; i++) {
    if (p->axes[i] < 0 || p->axes[i] >= in->dims.nb_dims)
      return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range",
                           p->axes[i]);
    reduced[p->axes[i]] = true;
  }
  ReduceGeometry g;
  geometry_init(&g, in->dims, reduced);
  if (n_out > INT32_MAX) return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "too many outputs");
  bool integer = !trt_cuda_is_float(in->type) && int_reduce_op(p->op) && g.count > 0;
  reduce_kernel<<<(unsigned)n_out, block_for(g.count), 0, trt_cuda_stream(args)>>>(
      in->data, in->type, out->data, out->type, g, p->op, integer);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_reduce = {NULL, run_reduce, NULL};

/* ---- ArgMax / ArgMin ------------------------------------------------------ */

struct ArgCandidate {
  double value;   /* floats */
  int64_t ivalue; /* integers, compared exactly */
  int64_t index;  /* -1: none yet */
};

/* Whether c beats b: NaN beats every number; equal values go to the lower
 * index, or the higher with select_last_index. A total order, so threads
 * may combine in any grouping. */
__device__ __forceinline__ bool arg_better(const ArgCandidate &c, const ArgCandidate &b,
                                           bool integer, bool max, bool last) {
  if (b.index < 0) return true;
  if (c.index < 0) return false;
  bool later = last ? c.index > b.index : c.index < b.index;
  if (integer) return c.ivalue == b.ivalue ? later : (max ? c.ivalue > b.ivalue : c.ivalue < b.ivalue);
  bool cn = c.value != c.value, bn = b.value != b.value;
  if (cn || bn) return cn == bn ? later : cn;
  if (c.value == b.value) return later;
  return max ? c.value > b.value : c.value < b.value;
}

__global__ void arg_reduce_kernel(const void *x, int type, int64_t *y, int64_t n, int64_t inner,
                                  bool max, bool last) {
  __shared__ ArgCandidate scratch[TRT_CUDA_BLOCK];
  int64_t o = blockIdx.x, base = (o / inner) * n * inner + o % inner;
  bool integer = type != TRT_DATA_TYPE_FLOAT && type != TRT_DATA_TYPE_HALF;
  ArgCandidate best = {0, 0, -1};
  for (int64_t j = threadIdx.x; j < n; j += blockDim.x) {
    int64_t at = base + j * inner;
    ArgCandidate c = {integer ? 0 : trt_cuda_load(x, type, at),
                      integer ? trt_cuda_load_int(x, type, at) : 0, j};
    if (arg_better(c, best, integer, max, last)) best = c;
  }
  scratch[threadIdx.x] = best;
  __syncthreads();
  for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half &&
        arg_better(scratch[threadIdx.x + half], scratch[threadIdx.x], integer, max, last))
      scratch[threadIdx.x] = scratch[threadIdx.x + half];
    __syncthreads();
  }
  if (threadIdx.x == 0) y[o] = scratch[0].index < 0 ? 0 : scratch[0].index;
}

static TrtStatus run_arg_reduce(TrtKernelArgs *args) {
  const TrtArgReduceParams *p = (const TrtArgReduceParams *)args->params;
  const TrtTensorView *in = &args->inputs[0];
  int rank = in->dims.nb_dims;
  if (p->axis < 0 || p->axis >= rank)
    return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range", p->axis);
  int64_t outer = 1, inner = 1, n = in->dims.d[p->axis];
  for (int d = 0; d < p->axis; d++) outer *= in->dims.d[d];
  for (int d = p->axis + 1; d < rank; d++) inner *= in->dims.d[d];
  int64_t n_out = outer * inner;
  if (n == 0 || n_out == 0) return TRT_STATUS_OK;
  if (n_out > INT32_MAX) return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "too many outputs");
  /* The pairwise combine needs a power-of-two block. */
  unsigned block = 32;
  while (block < TRT_CUDA_BLOCK && block < n) block *= 2;
  arg_reduce_kernel<<<(unsigned)n_out, block, 0, trt_cuda_stream(args)>>>(
      in->data, in->type, (int64_t *)args->outputs[0].data, n, inner, p->op == TRT_REDUCE_MAX,
      p->select_last_index != 0);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_arg_reduce = {NULL, run_arg_reduce, NULL};

/* ---- CumSum ---------------------------------------------------------------- */

__global__ void cumsum_kernel(const void *x, int type, void *y, int64_t n, int64_t inner,
                              int64_t lines, bool exclusive, bool reverse) {
  bool integer = type != TRT_DATA_TYPE_FLOAT && type != TRT_DATA_TYPE_HALF;
  TRT_CUDA_FOR(t, lines) {
    int64_t base = (t / inner) * n * inner + t % inner;
    uint64_t isum = 0;
    double fsum = 0;
    for (int64_t k = 0; k < n; k++) {
      int64_t at = base + (reverse ? n - 1 - k : k) * inner;
      if (integer) {
        uint64_t v = (uint64_t)trt_cuda_load_int(x, type, at);
        if (!exclusive) isum += v;
        trt_cuda_store_int(y, type, at, (int64_t)isum);
        if (exclusive) isum += v;
      } else {
        double v = trt_cuda_load(x, type, at);
        if (!exclusive) fsum += v;
        trt_cuda_store(y, type, at, fsum);
        if (exclusive) fsum += v;
      }
    }
  }
}

static TrtStatus run_cumsum(TrtKernelArgs *args) {
  const TrtCumSumParams *p = (const TrtCumSumParams *)args->params;
  const TrtTensorView *in = &args->inputs[0], *axis_in = &args->inputs[1];
  int rank = in->dims.nb_dims;
  if (!axis_in->host_value)
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "the axis is not known before running");
  int64_t a = axis_in->type == TRT_DATA_TYPE_INT32 ? *(const int32_t *)axis_in->host_value
                                                   : *(const int64_t *)axis_in->host_value;
  if (a < -rank || a >= rank)
    return trt_cuda_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range for rank %d",
                         (long long)a, rank);
  int axis = (int)(a < 0 ? a + rank : a);
  int64_t outer = 1, inner = 1, n = in->dims.d[axis];
  for (int d = 0; d < axis; d++) outer *= in->dims.d[d];
  for (int d = axis + 1; d < rank; d++) inner *= in->dims.d[d];
  int64_t lines = outer * inner;
  if (lines == 0 || n == 0) return TRT_STATUS_OK;
  cumsum_kernel<<<trt_cuda_grid(lines), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
      in->data, in->type, args->outputs[0].data, n, inner, lines, p->exclusive, p->reverse);
  return trt_cuda_launched(args);
}

extern "C" const TrtKernel trt_cuda_cumsum = {NULL, run_cumsum, NULL};
