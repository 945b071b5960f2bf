/* CPU reference kernels: reduce, arg_reduce (ArgMax/ArgMin), cumsum.
 *
 * Reductions accumulate in double (float, half) or exactly in int64 with
 * wrap-around (integers: sum, mean, prod, max, min, L1, sum of squares).
 * An empty reduction gives the op's identity: 0 for sums, 1 for prod,
 * -inf/+inf for max/min (the type's lowest/highest value for integers),
 * NaN for mean (0 for integers), -inf for the log reductions. */
#include <math.h>
#include <string.h>

#include "int-access.h"

/* The input's dims, with size-1 dims dropped and neighbours of the same
 * kind merged, split into kept groups (walked once per output element,
 * in output order) and reduced groups (walked for each output element). */
typedef struct {
  int nb_kept, nb_red;
  int64_t kept_dims[TRT_MAX_DIMS], kept_strides[TRT_MAX_DIMS];
  int64_t red_dims[TRT_MAX_DIMS], red_strides[TRT_MAX_DIMS];
  int64_t count;        /* elements reduced into each output */
  int64_t inner;        /* innermost reduced group: length and stride */
  int64_t inner_stride;
  int64_t rows;         /* count / inner */
} ReducePlan;

static void plan_init(ReducePlan *pl, const TrtDims *dims, const bool *reduced) {
  int64_t strides[TRT_MAX_DIMS];
  int64_t kd[TRT_MAX_DIMS], ks[TRT_MAX_DIMS], rd[TRT_MAX_DIMS], rs[TRT_MAX_DIMS];
  int nk = 0, nr = 0, last = -1; /* kind of the group last added: 0 kept, 1 reduced */
  trt_cpu_strides(dims, strides);
  /* Innermost first; row-major strides make same-kind neighbours contiguous. */
  for (int d = dims->nb_dims - 1; d >= 0; d--) {
    if (dims->d[d] == 1) continue;
    int kind = reduced[d] ? 1 : 0;
    if (kind == last) {
      if (kind) rd[nr - 1] *= dims->d[d];
      else kd[nk - 1] *= dims->d[d];
      continue;
    }
    if (kind) {
      rd[nr] = dims->d[d];
      rs[nr++] = strides[d];
    } else {
      kd[nk] = dims->d[d];
      ks[nk++] = strides[d];
    }
    last = kind;
  }
  pl->nb_kept = nk;
  pl->nb_red = nr;
  for (int i = 0; i < nk; i++) {
    pl->kept_dims[i] = kd[nk - 1 - i];
    pl->kept_strides[i] = ks[nk - 1 - i];
  }
  pl->count = 1;
  for (int i = 0; i < nr; i++) {
    pl->red_dims[i] = rd[nr - 1 - i];
    pl->red_strides[i] = rs[nr - 1 - i];
    pl->count *= pl->red_dims[i];
  }
  pl->inner = nr ? pl->red_dims[nr - 1] : 1;
  pl->inner_stride = nr ? pl->red_strides[nr - 1] : 0;
  pl->rows = pl->inner ? pl->count / pl->inner : 0;
}

/* Input offset of output element o. */
static int64_t kept_offset(const ReducePlan *pl, int64_t o) {
  int64_t off = 0;
  for (int i = pl->nb_kept - 1; i >= 0; i--) {
    off += (o % pl->kept_dims[i]) * pl->kept_strides[i];
    o /= pl->kept_dims[i];
  }
  return off;
}

/* Offset of row r of the reduced elements (all reduced groups but the
 * innermost), relative to the output element's base. */
static int64_t row_offset(const ReducePlan *pl, int64_t r) {
  int64_t off = 0;
  for (int i = pl->nb_red - 2; i >= 0; i--) {
    off += (r % pl->red_dims[i]) * pl->red_strides[i];
    r /= pl->red_dims[i];
  }
  return off;
}

static inline double get(const void *data, TrtDataType type, int64_t i) {
  return type == TRT_DATA_TYPE_FLOAT ? ((const float *)data)[i] : trt_cpu_load(data, type, i);
}

/* Runs `body` with `x` bound to each reduced element of the output element
 * whose input offset is `base`. */
#define FOR_EACH_REDUCED(x, body)                                           \
  for (int64_t r_ = 0; r_ < pl->rows; r_++) {                                \
    int64_t off_ = base + row_offset(pl, r_);                                \
    for (int64_t k_ = 0; k_ < pl->inner; k_++) {                             \
      double x = get(data, type, off_ + k_ * pl->inner_stride);              \
      body;                                                                  \
    }                                                                        \
  }

static double reduce_float(int op, const ReducePlan *pl, const void *data,
                           TrtDataType type, int64_t base) {
  double acc;
  switch (op) {
  case TRT_REDUCE_MAX:
    acc = -INFINITY;
    FOR_EACH_REDUCED(x, if (x > acc || x != x) acc = x; if (acc != acc) return acc);
    return acc;
  case TRT_REDUCE_MIN:
    acc = INFINITY;
    FOR_EACH_REDUCED(x, if (x < acc || x != x) acc = x; if (acc != acc) return acc);
    return acc;
  case TRT_REDUCE_PROD:
    acc = 1;
    FOR_EACH_REDUCED(x, acc *= x);
    return acc;
  case TRT_REDUCE_L1:
    acc = 0;
    FOR_EACH_REDUCED(x, acc += fabs(x));
    return acc;
  case TRT_REDUCE_L2:
  case TRT_REDUCE_SUM_SQUARE:
    acc = 0;
    FOR_EACH_REDUCED(x, acc += x * x);
    return op == TRT_REDUCE_L2 ? sqrt(acc) : acc;
  case TRT_REDUCE_LOG_SUM_EXP: {
    /* Shifted by the maximum so that large inputs do not overflow. */
    double m = -INFINITY;
    FOR_EACH_REDUCED(x, if (x > m || x != x) m = x);
    if (!isfinite(m)) return m;
    acc = 0;
    FOR_EACH_REDUCED(x, acc += exp(x - m));
    return m + log(acc);
  }
  default: /* SUM, MEAN, LOG_SUM */
    acc = 0;
    FOR_EACH_REDUCED(x, acc += x);
    if (op == TRT_REDUCE_MEAN) return acc / (double)pl->count;
    return op == TRT_REDUCE_LOG_SUM ? log(acc) : acc;
  }
}

static bool int_reduce_op(int op) {
  return op != TRT_REDUCE_L2 && op != TRT_REDUCE_LOG_SUM && op != TRT_REDUCE_LOG_SUM_EXP;
}

static int64_t reduce_int(int op, const ReducePlan *pl, const void *data,
                          TrtDataType type, int64_t base) {
  uint64_t acc = op == TRT_REDUCE_PROD ? 1 : 0;
  int64_t best = trt_cpu_load_int(data, type, base + row_offset(pl, 0));
  for (int64_t r = 0; r < pl->rows; r++) {
    int64_t off = base + row_offset(pl, r);
    for (int64_t k = 0; k < pl->inner; k++) {
      int64_t x = trt_cpu_load_int(data, type, off + k * pl->inner_stride);
      switch (op) {
      case TRT_REDUCE_MAX: best = x > best ? x : best; break;
      case TRT_REDUCE_MIN: best = x < best ? x : best; break;
      case TRT_REDUCE_PROD: acc *= (uint64_t)x; break;
      case TRT_REDUCE_L1: acc += x < 0 ? 0 - (uint64_t)x : (uint64_t)x; break;
      case TRT_REDUCE_SUM_SQUARE: acc += (uint64_t)x * (uint64_t)x; break;
      default: acc += (uint64_t)x; break; /* SUM, MEAN */
      }
    }
  }
  if (op == TRT_REDUCE_MAX || op == TRT_REDUCE_MIN) return best;
  if (op == TRT_REDUCE_MEAN) return (int64_t)acc / pl->count;
  return (int64_t)acc;
}

/* Sum (or sum of squares) of n contiguous floats in 8 double lanes: a fixed
 * trip count that gcc vectorizes at -O2, with double's accuracy. */
static double sum_contiguous(const float *x, int64_t n, bool square) {
  double lanes[8] = {0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    double v[8];
    for (int j = 0; j < 8; j++) v[j] = x[i + j];
    if (square)
      for (int j = 0; j < 8; j++) v[j] *= v[j];
    for (int j = 0; j < 8; j++) lanes[j] += v[j];
  }
  double acc = 0;
  for (; i < n; i++) acc += square ? (double)x[i] * x[i] : x[i];
  for (int j = 0; j < 8; j++) acc += lanes[j];
  return acc;
}

/* Float32 over one contiguous reduced group: the common last-axis case. */
static bool reduce_contiguous_float(int op, const float *x, int64_t n, float *y) {
  switch (op) {
  case TRT_REDUCE_SUM: *y = (float)sum_contiguous(x, n, false); return true;
  case TRT_REDUCE_MEAN: *y = (float)(sum_contiguous(x, n, false) / (double)n); return true;
  case TRT_REDUCE_SUM_SQUARE: *y = (float)sum_contiguous(x, n, true); return true;
  case TRT_REDUCE_L2: *y = (float)sqrt(sum_contiguous(x, n, true)); return true;
  default: return false;
  }
}

static TrtStatus run_reduce(TrtKernelArgs *args) {
  const TrtReduceParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  int64_t n_out = trt_dims_volume(&out->dims);
  if (p->nb_axes == 0 && p->noop_with_empty_axes) {
    if (n_out > 0 && out->data != in->data)
      memcpy(out->data, in->data, (size_t)n_out * trt_data_type_size(in->type));
    return TRT_STATUS_OK;
  }
  bool reduced[TRT_MAX_DIMS] = {false};
  for (int i = 0; i < p->nb_axes; i++) {
    if (p->axes[i] < 0 || p->axes[i] >= in->dims.nb_dims)
      return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range",
                          p->axes[i]);
    reduced[p->axes[i]] = true;
  }
  ReducePlan plan, *pl = &plan;
  plan_init(pl, &in->dims, reduced);
  const void *data = in->data;
  TrtDataType type = in->type;
  bool integer = !trt_cpu_is_float(type) && int_reduce_op(p->op) && pl->count > 0;
  bool contiguous = type == TRT_DATA_TYPE_FLOAT && pl->rows == 1 && pl->inner_stride == 1;
  for (int64_t o = 0; o < n_out; o++) {
    int64_t base = kept_offset(pl, o);
    if (contiguous &&
        reduce_contiguous_float(p->op, (const float *)data + base, pl->inner,
                                (float *)out->data + o))
      continue;
    if (integer)
      trt_cpu_store_int(out->data, out->type, o, reduce_int(p->op, pl, data, type, base));
    else
      trt_cpu_store(out->data, out->type, o, reduce_float(p->op, pl, data, type, base));
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_reduce = {.run = run_reduce};

/* Whether candidate c beats the best so far b. NaN beats every number (as
 * in NumPy), so the first NaN, or the last with select_last_index, wins. */
static bool arg_better(double c, double b, bool max, bool last) {
  if (b != b) return last && c != c;
  if (c != c) return true;
  if (c == b) return last;
  return max ? c > b : c < b;
}

static TrtStatus run_arg_reduce(TrtKernelArgs *args) {
  const TrtArgReduceParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  int64_t *y = args->outputs[0].data;
  if (p->axis < 0 || p->axis >= in->dims.nb_dims)
    return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range", p->axis);
  int64_t outer = 1, inner = 1, n = in->dims.d[p->axis];
  for (int d = 0; d < p->axis; d++) outer *= in->dims.d[d];
  for (int d = p->axis + 1; d < in->dims.nb_dims; d++) inner *= in->dims.d[d];
  if (n == 0) return TRT_STATUS_OK; /* only reached when the output is empty */
  bool max = p->op == TRT_REDUCE_MAX, last = p->select_last_index != 0;
  bool integer = !trt_cpu_is_float(in->type);
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      int64_t base = o * n * inner + i, best = 0;
      if (integer) {
        int64_t b = trt_cpu_load_int(in->data, in->type, base);
        for (int64_t j = 1; j < n; j++) {
          int64_t c = trt_cpu_load_int(in->data, in->type, base + j * inner);
          if (c == b ? last : (max ? c > b : c < b)) {
            b = c;
            best = j;
          }
        }
      } else {
        double b = get(in->data, in->type, base);
        for (int64_t j = 1; j < n; j++) {
          double c = get(in->data, in->type, base + j * inner);
          if (arg_better(c, b, max, last)) {
            b = c;
            best = j;
          }
        }
      }
      y[o * inner + i] = best;
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_arg_reduce = {.run = run_arg_reduce};

static TrtStatus run_cumsum(TrtKernelArgs *args) {
  const TrtCumSumParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0], *axis_in = &args->inputs[1];
  TrtTensorView *out = &args->outputs[0];
  int rank = in->dims.nb_dims, axis;
  int64_t a = trt_cpu_load_int(axis_in->data, axis_in->type, 0);
  if (a < -rank || a >= rank)
    return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                        "axis %lld is out of range for rank %d", (long long)a, rank);
  axis = (int)(a < 0 ? a + rank : a);
  int64_t outer = 1, inner = 1, n = in->dims.d[axis];
  for (int d = 0; d < axis; d++) outer *= in->dims.d[d];
  for (int d = axis + 1; d < rank; d++) inner *= in->dims.d[d];
  bool integer = !trt_cpu_is_float(in->type);
  /* Walk the axis forwards or backwards; exclusive stores before adding. */
  int64_t first = p->reverse ? n - 1 : 0, step = p->reverse ? -1 : 1;
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      int64_t base = o * n * inner + i;
      uint64_t isum = 0;
      double fsum = 0;
      for (int64_t k = 0, j = first; k < n; k++, j += step) {
        int64_t at = base + j * inner;
        if (integer) {
          uint64_t x = (uint64_t)trt_cpu_load_int(in->data, in->type, at);
          if (!p->exclusive) isum += x;
          trt_cpu_store_int(out->data, out->type, at, (int64_t)isum);
          if (p->exclusive) isum += x;
        } else {
          double x = get(in->data, in->type, at);
          if (!p->exclusive) fsum += x;
          trt_cpu_store(out->data, out->type, at, fsum);
          if (p->exclusive) fsum += x;
        }
      }
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_cumsum = {.run = run_cumsum};
