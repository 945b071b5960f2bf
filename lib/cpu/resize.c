/* CPU reference kernel: resize (nearest, n-linear, n-cubic; every ONNX
 * coordinate transform; extrapolation for tf_crop_and_resize).
 *
 * prepare turns the geometry (movement.h) into one table per dim: for each
 * output index, the input indices it reads and their weights (1 for
 * nearest, 2 for linear, 4 for cubic) or "outside" (tf_crop_and_resize's
 * extrapolation value). Nearest, for any type, is then one gather over the
 * output. Linear and cubic, for float32 and float16, are separable: one
 * 1-D pass per resized dim, each pass weighting whole rows of the inner
 * dims (contiguous loops), through the workspace. This is how the ONNX
 * reference defines n-linear and n-cubic (1-D interpolation of 1-D
 * interpolations), extrapolation included; dims whose table is the
 * identity are skipped, and dims that shrink go first so that the data in
 * between stays small. */
#include <stdlib.h>
#include <string.h>

#include "../core/ops/movement.h"
#include "../core/util.h"
#include "cpu-impl.h"

typedef struct {
  int64_t in_len, out_len;
  int taps;
  bool identity;
  int64_t *index;   /* [out_len * taps] */
  float *weight;    /* [out_len * taps] */
  uint8_t *outside; /* [out_len]: the extrapolation value */
} AxisTable;

typedef struct {
  int rank;
  AxisTable axes[TRT_MAX_DIMS];
  int nb_passes;
  int order[TRT_MAX_DIMS]; /* the dims interpolated, in pass order */
  int64_t buffer_elems;    /* floats in each of the two workspace buffers */
} ResizePlan;

static void plan_free(ResizePlan *plan) {
  if (!plan) return;
  for (int d = 0; d < plan->rank; d++) {
    free(plan->axes[d].index);
    free(plan->axes[d].weight);
    free(plan->axes[d].outside);
  }
  free(plan);
}

/* Keys' cubic convolution kernel with coefficient a. */
static double cubic(double x, double a) {
  x = x < 0 ? -x : x;
  if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

static int64_t clamp_index(int64_t i, int64_t len) { return i < 0 ? 0 : (i >= len ? len - 1 : i); }

/* Fills the table of output index j of one dim. */
static void table_entry(const TrtResizeParams *p, const TrtResizeGeometry *g, int dim,
                        AxisTable *t, int64_t j) {
  int64_t *index = t->index + j * t->taps;
  float *weight = t->weight + j * t->taps;
  double c = trt_resize_source_coord(p, g, dim, t->in_len, j);
  t->outside[j] = p->coord_transform == TRT_RESIZE_COORD_TF_CROP_AND_RESIZE &&
                  !(c >= 0 && c <= (double)(t->in_len - 1));
  if (t->outside[j]) {
    for (int k = 0; k < t->taps; k++) {
      index[k] = 0;
      weight[k] = 0;
    }
    return;
  }
  if (p->mode == TRT_RESIZE_NEAREST) {
    index[0] = trt_resize_nearest_index(p, c, t->in_len);
    weight[0] = 1;
    return;
  }
  /* The transforms keep c within about the input's length; the bound only
   * keeps the conversion below defined whatever happens. */
  if (!(c >= -1e15)) c = -1e15;
  if (!(c <= 1e15)) c = 1e15;
  double f = floor(c), r = c - f, w[4];
  int64_t first = (int64_t)f - (t->taps == 4 ? 1 : 0);
  if (t->taps == 2) {
    w[0] = 1 - r;
    w[1] = r;
  } else {
    w[0] = cubic(r + 1, p->cubic_coeff_a);
    w[1] = cubic(r, p->cubic_coeff_a);
    w[2] = cubic(1 - r, p->cubic_coeff_a);
    w[3] = cubic(2 - r, p->cubic_coeff_a);
  }
  double sum = 0;
  for (int k = 0; k < t->taps; k++) {
    int64_t i = first + k;
    if (p->exclude_outside && (i < 0 || i >= t->in_len)) w[k] = 0;
    sum += w[k];
  }
  for (int k = 0; k < t->taps; k++) {
    /* Out-of-range neighbours repeat the edge, as the ONNX reference's
     * edge padding does. */
    index[k] = clamp_index(first + k, t->in_len);
    weight[k] = (float)(p->exclude_outside && sum != 0 ? w[k] / sum : w[k]);
  }
}

/* Whether output j is input j exactly, for every j. */
static bool table_is_identity(const AxisTable *t) {
  if (t->in_len != t->out_len) return false;
  for (int64_t j = 0; j < t->out_len; j++) {
    if (t->outside[j]) return false;
    float own = 0;
    for (int k = 0; k < t->taps; k++) {
      float w = t->weight[j * t->taps + k];
      if (t->index[j * t->taps + k] == j)
        own += w;
      else if (w != 0)
        return false;
    }
    if (own != 1) return false;
  }
  return true;
}

/* Values of input i known at build: absent or empty gives 0 values. */
static int read_input(const TrtKernelArgs *args, int i, double *f, int64_t *n) {
  if (i >= args->nb_inputs || !args->inputs[i].present) return 0;
  const TrtTensorView *v = &args->inputs[i];
  if (trt_dims_volume(&v->dims) == 0) return 0;
  return f ? trt_values_read_f64(v->type, &v->dims, v->host_value, f, 2 * TRT_MAX_DIMS)
           : trt_values_read_i64(v->type, &v->dims, v->host_value, n, 2 * TRT_MAX_DIMS);
}

static TrtStatus prepare_resize(TrtKernelArgs *args) {
  const TrtResizeParams *p = args->params;
  const TrtTensorView *x = &args->inputs[0];
  double roi[2 * TRT_MAX_DIMS], scales[2 * TRT_MAX_DIMS];
  int64_t sizes[2 * TRT_MAX_DIMS];
  bool crop = p->coord_transform == TRT_RESIZE_COORD_TF_CROP_AND_RESIZE;
  int nb_roi = crop ? read_input(args, 1, roi, NULL) : 0;
  int nb_scales = read_input(args, 2, scales, NULL), nb_sizes = read_input(args, 3, NULL, sizes);
  if (nb_roi < 0 || nb_scales < 0 || nb_sizes < 0)
    return trt_cpu_fail(args, TRT_STATUS_UNSUPPORTED, "roi, scales and sizes must be known at build");
  TrtResizeGeometry g;
  char why[160];
  if (!trt_resize_resolve(&x->dims, p, nb_roi, roi, nb_scales, scales, nb_sizes, sizes, &g, why,
                          sizeof why))
    return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%s", why);
  ResizePlan *plan = calloc(1, sizeof *plan);
  if (!plan) return TRT_STATUS_OUT_OF_MEMORY;
  plan->rank = x->dims.nb_dims;
  int taps = p->mode == TRT_RESIZE_NEAREST ? 1 : (p->mode == TRT_RESIZE_LINEAR ? 2 : 4);
  TrtDims shape = x->dims;
  int64_t largest = trt_dims_volume(&shape);
  for (int d = 0; d < plan->rank; d++) {
    AxisTable *t = &plan->axes[d];
    t->in_len = x->dims.d[d];
    t->out_len = g.out.d[d];
    t->taps = taps;
    size_t n = (size_t)(t->out_len ? t->out_len : 1);
    t->index = malloc(n * (size_t)taps * sizeof *t->index);
    t->weight = malloc(n * (size_t)taps * sizeof *t->weight);
    t->outside = malloc(n);
    if (!t->index || !t->weight || !t->outside) {
      plan_free(plan);
      return TRT_STATUS_OUT_OF_MEMORY;
    }
    for (int64_t j = 0; j < t->out_len; j++) table_entry(p, &g, d, t, j);
    t->identity = table_is_identity(t);
  }
  /* Shrinking dims first, then growing ones (innermost first in each
   * group); the largest shape between sizes the workspace. */
  for (int grow = 0; grow < 2; grow++)
    for (int d = plan->rank - 1; d >= 0; d--) {
      const AxisTable *t = &plan->axes[d];
      if (t->identity || (t->out_len > t->in_len) != grow) continue;
      plan->order[plan->nb_passes++] = d;
      shape.d[d] = t->out_len;
      int64_t v = trt_dims_volume(&shape);
      if (v > largest) largest = v;
    }
  if (p->mode != TRT_RESIZE_NEAREST) {
    plan->buffer_elems = largest;
    args->workspace_size = 2 * (size_t)largest * sizeof(float);
  }
  args->state = plan;
  return TRT_STATUS_OK;
}

static void release_resize(TrtKernelArgs *args) {
  plan_free(args->state);
  args->state = NULL;
}

/* dst[j] = src[index[j]] (or the extrapolation bytes), by element size. */
#define DEFINE_PICK(T)                                                                    \
  static void pick_##T(void *dst, const void *src, const AxisTable *t, const void *extra) { \
    T *d = dst, e;                                                                        \
    const T *s = src;                                                                     \
    memcpy(&e, extra, sizeof e);                                                          \
    for (int64_t j = 0; j < t->out_len; j++) d[j] = t->outside[j] ? e : s[t->index[j]];   \
  }
DEFINE_PICK(uint8_t)
DEFINE_PICK(uint16_t)
DEFINE_PICK(uint32_t)
DEFINE_PICK(uint64_t)

static void pick(void *dst, const void *src, const AxisTable *t, const void *extra, size_t es) {
  switch (es) {
  case 1: pick_uint8_t(dst, src, t, extra); break;
  case 2: pick_uint16_t(dst, src, t, extra); break;
  case 4: pick_uint32_t(dst, src, t, extra); break;
  default: pick_uint64_t(dst, src, t, extra); break;
  }
}

/* Nearest for any type: each output row (all dims but the last) picks from
 * one input row. */
static void run_nearest(const ResizePlan *plan, const TrtTensorView *x, TrtTensorView *out,
                        const void *extra) {
  int rank = plan->rank, last = rank - 1;
  size_t es = trt_data_type_size(x->type);
  int64_t strides[TRT_MAX_DIMS], idx[TRT_MAX_DIMS] = {0};
  int64_t total = trt_dims_volume(&out->dims), width = out->dims.d[last];
  trt_cpu_strides(&x->dims, strides);
  uint8_t *dst = out->data;
  for (int64_t r = 0; r < total / width; r++, dst += width * (int64_t)es) {
    int64_t off = 0;
    bool outside = false;
    for (int d = 0; d < last; d++) {
      const AxisTable *t = &plan->axes[d];
      outside = outside || t->outside[idx[d]];
      off += t->index[idx[d]] * strides[d];
    }
    if (outside)
      for (int64_t j = 0; j < width; j++) memcpy(dst + j * (int64_t)es, extra, es);
    else
      pick(dst, (const uint8_t *)x->data + off * (int64_t)es, &plan->axes[last], extra, es);
    for (int d = last - 1; d >= 0; d--) {
      if (++idx[d] < out->dims.d[d]) break;
      idx[d] = 0;
    }
  }
}

/* One 1-D pass: src [outer, in_len, inner] -> dst [outer, out_len, inner]. */
static void resize_axis(float *dst, const float *src, const AxisTable *t, int64_t outer,
                        int64_t inner, float extrapolation) {
  for (int64_t o = 0; o < outer; o++) {
    const float *s = src + o * t->in_len * inner;
    for (int64_t j = 0; j < t->out_len; j++, dst += inner) {
      const int64_t *index = t->index + j * t->taps;
      const float *weight = t->weight + j * t->taps;
      if (t->outside[j]) {
        for (int64_t i = 0; i < inner; i++) dst[i] = extrapolation;
      } else if (inner == 1) {
        float v = 0;
        for (int k = 0; k < t->taps; k++) v += weight[k] * s[index[k]];
        dst[0] = v;
      } else {
        const float *row = s + index[0] * inner;
        for (int64_t i = 0; i < inner; i++) dst[i] = weight[0] * row[i];
        for (int k = 1; k < t->taps; k++) {
          row = s + index[k] * inner;
          for (int64_t i = 0; i < inner; i++) dst[i] += weight[k] * row[i];
        }
      }
    }
  }
}

static void half_to_float(float *dst, const uint16_t *src, int64_t n) {
  for (int64_t i = 0; i < n; i++) dst[i] = trt_half_to_float(src[i]);
}

static void interpolate(const ResizePlan *plan, const TrtResizeParams *p, const TrtTensorView *x,
                        TrtTensorView *out, float *workspace) {
  bool half = x->type == TRT_DATA_TYPE_HALF;
  float *buffers[2] = {workspace, workspace + plan->buffer_elems};
  int64_t in_total = trt_dims_volume(&x->dims), out_total = trt_dims_volume(&out->dims);
  int current = 0;
  const float *src = x->data;
  if (half) {
    half_to_float(buffers[0], x->data, in_total);
    src = buffers[0];
    current = 1;
  }
  TrtDims shape = x->dims;
  for (int pass = 0; pass < plan->nb_passes; pass++) {
    int d = plan->order[pass];
    const AxisTable *t = &plan->axes[d];
    int64_t outer = 1, inner = 1;
    for (int k = 0; k < d; k++) outer *= shape.d[k];
    for (int k = d + 1; k < plan->rank; k++) inner *= shape.d[k];
    bool final = pass == plan->nb_passes - 1;
    float *dst = final && !half ? (float *)out->data : buffers[current];
    resize_axis(dst, src, t, outer, inner, p->extrapolation_value);
    shape.d[d] = t->out_len;
    src = dst;
    current ^= 1;
  }
  if (half) {
    uint16_t *o = out->data;
    for (int64_t i = 0; i < out_total; i++) o[i] = trt_float_to_half(src[i]);
  } else if (plan->nb_passes == 0) {
    memcpy(out->data, x->data, (size_t)out_total * sizeof(float));
  }
}

static TrtStatus run_resize(TrtKernelArgs *args) {
  const TrtResizeParams *p = args->params;
  const ResizePlan *plan = args->state;
  const TrtTensorView *x = &args->inputs[0];
  TrtTensorView *out = &args->outputs[0];
  if (trt_dims_volume(&out->dims) == 0) return TRT_STATUS_OK;
  if (p->mode != TRT_RESIZE_NEAREST) {
    interpolate(plan, p, x, out, args->workspace);
    return TRT_STATUS_OK;
  }
  /* The extrapolation value in the tensor's own type. */
  uint8_t extra[8] = {0};
  trt_cpu_store(extra, x->type, 0, p->extrapolation_value);
  if (plan->rank == 0)
    memcpy(out->data, x->data, trt_data_type_size(x->type));
  else
    run_nearest(plan, x, out, extra);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_resize = {.prepare = prepare_resize, .run = run_resize,
                                  .release = release_resize};
