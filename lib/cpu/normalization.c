/* CPU kernels: normalization (batch, instance, layer, group), LRN and
 * Scale. Means and variances are accumulated in double over the population
 * (divided by the count, not count - 1). oneDNN runs batch normalization
 * and LRN when it can (see dnnl/dnnl-kernels.h). See core/ops/normalization.c for
 * the operand shapes. */
#include <stdio.h>
#include <string.h>

#include "cpu-impl.h"
#include "dnnl/dnnl-kernels.h"

/* Mean and 1 / sqrt(var + epsilon) of n values; NaN for n == 0. */
static void moments(const float *x, int64_t n, float epsilon, double *mean, double *inv_std) {
  double sum = 0, sq = 0;
  for (int64_t i = 0; i < n; i++) sum += x[i];
  double m = sum / (double)n;
  for (int64_t i = 0; i < n; i++) sq += ((double)x[i] - m) * ((double)x[i] - m);
  *mean = m;
  *inv_std = 1.0 / sqrt(sq / (double)n + epsilon);
}

/* y = (x - mean) * inv_std * scale + bias over n values. */
static void normalize(const float *x, float *y, int64_t n, double mean, double inv_std,
                      double scale, double bias) {
  for (int64_t i = 0; i < n; i++) y[i] = (float)(((double)x[i] - mean) * inv_std * scale + bias);
}

static const float *input(const TrtKernelArgs *args, int i) {
  return i < args->nb_inputs && args->inputs[i].present ? args->inputs[i].data : NULL;
}

static void batch_norm(const TrtKernelArgs *args, const TrtNormalizationParams *p) {
  const TrtDims *d = &args->inputs[0].dims;
  const float *x = input(args, 0), *scale = input(args, 1), *bias = input(args, 2);
  const float *mean = input(args, 3), *var = input(args, 4);
  float *y = args->outputs[0].data;
  int64_t c = d->d[1], inner = 1;
  for (int i = 2; i < d->nb_dims; i++) inner *= d->d[i];
  /* Per channel y = x * a + b, with a and b worked out in double: one
   * multiply-add per element, which compilers vectorize. */
  for (int64_t ch = 0; ch < c; ch++) {
    double a = scale[ch] / sqrt((double)var[ch] + p->epsilon);
    float fa = (float)a, fb = (float)(bias[ch] - mean[ch] * a);
    for (int64_t n = 0; n < d->d[0]; n++) {
      const float *xs = x + (n * c + ch) * inner;
      float *ys = y + (n * c + ch) * inner;
      for (int64_t i = 0; i < inner; i++) ys[i] = xs[i] * fa + fb;
    }
  }
}

/* Instance and group normalization: statistics per (n, group) over
 * channels_per_group consecutive channels; scale and bias per channel, or
 * per group when they have num_groups values. */
static void group_norm(const TrtKernelArgs *args, const TrtNormalizationParams *p,
                       int64_t groups) {
  const TrtDims *d = &args->inputs[0].dims;
  const float *x = input(args, 0), *scale = input(args, 1), *bias = input(args, 2);
  float *y = args->outputs[0].data;
  int64_t c = d->d[1], inner = 1, cpg = groups ? c / groups : 0;
  bool per_group = trt_dims_volume(&args->inputs[1].dims) != c;
  for (int i = 2; i < d->nb_dims; i++) inner *= d->d[i];
  for (int64_t n = 0; n < d->d[0]; n++)
    for (int64_t g = 0; g < groups; g++) {
      int64_t off = (n * c + g * cpg) * inner;
      double mean, inv_std;
      moments(x + off, cpg * inner, p->epsilon, &mean, &inv_std);
      for (int64_t ch = g * cpg; ch < (g + 1) * cpg; ch++) {
        int64_t k = per_group ? g : ch, coff = (n * c + ch) * inner;
        normalize(x + coff, y + coff, inner, mean, inv_std, scale[k], bias[k]);
      }
    }
}

/* Expands a scale or bias that broadcasts to the normalized dims into
 * `out` (one value per normalized element); absent gives `fill`. */
static void expand(const TrtTensorView *v, const TrtDims *normalized, float fill, float *out) {
  int64_t total = trt_dims_volume(normalized);
  if (!v || !v->present) {
    for (int64_t i = 0; i < total; i++) out[i] = fill;
    return;
  }
  int64_t strides[TRT_MAX_DIMS];
  trt_cpu_broadcast_strides(&v->dims, normalized, strides);
  for (int64_t i = 0; i < total; i++) {
    int64_t rem = i, off = 0;
    for (int k = normalized->nb_dims - 1; k >= 0; k--) {
      off += (rem % normalized->d[k]) * strides[k];
      rem /= normalized->d[k];
    }
    out[i] = ((const float *)v->data)[off];
  }
}

static TrtStatus prepare_normalization(TrtKernelArgs *args) {
  const TrtNormalizationParams *p = args->params;
  TrtDnnlOp *op;
  TrtStatus s = trt_dnnl_normalization_prepare(args, &op);
  args->state = op;
  if (s != TRT_STATUS_OK || op) return s;
  snprintf(args->tactic, sizeof args->tactic, "reference");
  if (p->type != TRT_NORMALIZATION_LAYER) return TRT_STATUS_OK;
  const TrtDims *d = &args->inputs[0].dims;
  int64_t inner = 1;
  for (int i = p->axis; i < d->nb_dims; i++) inner *= d->d[i];
  args->workspace_size = 2 * (size_t)inner * sizeof(float);
  return TRT_STATUS_OK;
}

static void layer_norm(const TrtKernelArgs *args, const TrtNormalizationParams *p) {
  const TrtDims *d = &args->inputs[0].dims;
  TrtDims normalized = {.nb_dims = d->nb_dims - p->axis};
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < p->axis; i++) outer *= d->d[i];
  for (int i = p->axis; i < d->nb_dims; i++) inner *= normalized.d[i - p->axis] = d->d[i];
  float *scale = args->workspace, *bias = scale + inner;
  expand(&args->inputs[1], &normalized, 1.0f, scale);
  expand(args->nb_inputs > 2 ? &args->inputs[2] : NULL, &normalized, 0.0f, bias);
  const float *x = args->inputs[0].data;
  float *y = args->outputs[0].data;
  float *mean_out = args->nb_outputs > 1 ? args->outputs[1].data : NULL;
  float *inv_std_out = args->nb_outputs > 2 ? args->outputs[2].data : NULL;
  for (int64_t o = 0; o < outer; o++) {
    const float *xr = x + o * inner;
    float *yr = y + o * inner;
    double mean, inv_std;
    moments(xr, inner, p->epsilon, &mean, &inv_std);
    for (int64_t i = 0; i < inner; i++)
      yr[i] = (float)(((double)xr[i] - mean) * inv_std * scale[i] + bias[i]);
    if (mean_out) mean_out[o] = (float)mean;
    if (inv_std_out) inv_std_out[o] = (float)inv_std;
  }
}

static void release_normalization(TrtKernelArgs *args) {
  trt_dnnl_op_free(args->state);
  args->state = NULL;
}

static TrtStatus run_normalization(TrtKernelArgs *args) {
  const TrtNormalizationParams *p = args->params;
  if (args->state) return trt_dnnl_op_run(args->state, args);
  switch ((TrtNormalizationType)p->type) {
  case TRT_NORMALIZATION_BATCH: batch_norm(args, p); break;
  case TRT_NORMALIZATION_INSTANCE: group_norm(args, p, args->inputs[0].dims.d[1]); break;
  case TRT_NORMALIZATION_GROUP: group_norm(args, p, p->num_groups); break;
  case TRT_NORMALIZATION_LAYER: layer_norm(args, p); break;
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_normalization = {.prepare = prepare_normalization,
                                         .run = run_normalization,
                                         .release = release_normalization};

static TrtStatus prepare_lrn(TrtKernelArgs *args) {
  TrtDnnlOp *op;
  TrtStatus s = trt_dnnl_lrn_prepare(args, &op);
  args->state = op;
  if (s == TRT_STATUS_OK && !op) snprintf(args->tactic, sizeof args->tactic, "reference");
  return s;
}

/* y = x / (bias + alpha / size * sum of x^2 over the channel window)^beta,
 * the window being [c - floor((size-1)/2), c + ceil((size-1)/2)]. */
static TrtStatus run_lrn(TrtKernelArgs *args) {
  const TrtLrnParams *p = args->params;
  if (args->state) return trt_dnnl_op_run(args->state, args);
  const TrtDims *d = &args->inputs[0].dims;
  const float *x = args->inputs[0].data;
  float *y = args->outputs[0].data;
  int64_t c = d->d[1], inner = 1;
  for (int i = 2; i < d->nb_dims; i++) inner *= d->d[i];
  int64_t before = (p->size - 1) / 2, after = p->size - 1 - before;
  for (int64_t n = 0; n < d->d[0]; n++)
    for (int64_t ch = 0; ch < c; ch++) {
      int64_t lo = ch - before < 0 ? 0 : ch - before;
      int64_t hi = ch + after > c - 1 ? c - 1 : ch + after;
      for (int64_t i = 0; i < inner; i++) {
        double sum = 0;
        for (int64_t k = lo; k <= hi; k++) {
          double v = x[(n * c + k) * inner + i];
          sum += v * v;
        }
        int64_t at = (n * c + ch) * inner + i;
        y[at] = (float)(x[at] / pow(p->bias + p->alpha / (double)p->size * sum, p->beta));
      }
    }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_lrn = {.prepare = prepare_lrn, .run = run_lrn,
                               .release = release_normalization};

/* Index into a Scale operand of n values for element i of x: uniform,
 * elementwise or per channel (channel = i / inner % channels). */
static int64_t operand_index(int64_t n, int64_t volume, int64_t i, int64_t inner,
                             int64_t channels) {
  if (n == 1) return 0;
  if (n == volume) return i;
  return i / inner % channels;
}

static TrtStatus run_scale(TrtKernelArgs *args) {
  const TrtScaleParams *p = args->params;
  const TrtDims *d = &args->inputs[0].dims;
  const float *x = args->inputs[0].data;
  float *y = args->outputs[0].data;
  int64_t volume = trt_dims_volume(d), inner = 1, channels = 1;
  if (d->nb_dims > 0) {
    int axis = p->channel_axis < 0 ? p->channel_axis + d->nb_dims : p->channel_axis;
    if (axis >= 0 && axis < d->nb_dims) {
      channels = d->d[axis];
      for (int i = axis + 1; i < d->nb_dims; i++) inner *= d->d[i];
    }
  }
  const float *op[3];
  int64_t count[3];
  for (int k = 0; k < 3; k++) {
    op[k] = input(args, k + 1);
    count[k] = op[k] ? trt_dims_volume(&args->inputs[k + 1].dims) : 0;
  }
  for (int64_t i = 0; i < volume; i++) {
    double v = x[i];
    if (op[0]) v *= op[0][operand_index(count[0], volume, i, inner, channels)];
    if (op[1]) v += op[1][operand_index(count[1], volume, i, inner, channels)];
    if (op[2]) v = pow(v, op[2][operand_index(count[2], volume, i, inner, channels)]);
    y[i] = (float)v;
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_scale = {.run = run_scale};
