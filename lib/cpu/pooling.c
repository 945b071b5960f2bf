/* CPU kernel: pooling over 1 to 3 spatial dims (widened to 3 with size-1
 * dims at the front); oneDNN runs max and average pooling when it can (see
 * dnnl/dnnl-kernels.h), this reference code everything.
 *
 * Average with count_include_pad divides by the taps inside the input and
 * the explicit pads; taps that ceil mode adds beyond the trailing pad never
 * count. A window with no input tap gives 0 (average, LP) or the lowest
 * value of the type (max; -inf for float). Max propagates NaN. Max on
 * integer types compares exactly in int64. Max pooling's optional second
 * output gets the index of each maximum (see core/ops/pooling.c). */
#include <math.h>
#include <stdio.h>

#include "cpu-impl.h"
#include "dnnl/dnnl-kernels.h"
#include "int-access.h"

typedef struct {
  int64_t in[3], out[3], k[3], s[3], d[3], pb[3], pe[3];
  int64_t planes, in_vol, out_vol;
} Window;

static void window_init(Window *w, const TrtPoolingParams *p, const TrtDims *x, const TrtDims *y) {
  int ns = p->nb_spatial;
  for (int i = 0; i < 3; i++) {
    int src = i - (3 - ns);
    bool real = src >= 0;
    w->in[i] = real ? x->d[2 + src] : 1;
    w->out[i] = real ? y->d[2 + src] : 1;
    w->k[i] = real ? p->kernel[src] : 1;
    w->s[i] = real ? p->stride[src] : 1;
    w->d[i] = real ? p->dilation[src] : 1;
    w->pb[i] = real ? p->pad_begin[src] : 0;
    w->pe[i] = real ? p->pad_end[src] : 0;
  }
  w->planes = x->d[0] * x->d[1];
  w->in_vol = w->in[0] * w->in[1] * w->in[2];
  w->out_vol = w->out[0] * w->out[1] * w->out[2];
}

/* Input coordinate of tap k of output o along dim i (may be in padding). */
static inline int64_t coord(const Window *w, int i, int64_t o, int64_t k) {
  return o * w->s[i] - w->pb[i] + k * w->d[i];
}

/* Taps of output o along dim i inside the input and the explicit pads. */
static int64_t taps_in_padded(const Window *w, int i, int64_t o) {
  int64_t n = 0;
  for (int64_t k = 0; k < w->k[i]; k++) n += coord(w, i, o, k) < w->in[i] + w->pe[i];
  return n;
}

/* `indices` (max only, may be NULL) receives each maximum's index in the
 * whole input; the first of equal maxima (or the first NaN) wins, and a
 * window with no input tap gets -1. */
static void pool_float(const TrtPoolingParams *p, const Window *w, const float *x, float *y,
                       int64_t *indices) {
  for (int64_t pl = 0; pl < w->planes; pl++) {
    const float *xp = x + pl * w->in_vol;
    float *yp = y + pl * w->out_vol;
    for (int64_t oz = 0; oz < w->out[0]; oz++)
      for (int64_t oy = 0; oy < w->out[1]; oy++)
        for (int64_t ox = 0; ox < w->out[2]; ox++) {
          double acc = p->type == TRT_POOLING_MAX ? -INFINITY : 0.0;
          int64_t valid = 0, at = -1;
          for (int64_t kz = 0; kz < w->k[0]; kz++) {
            int64_t iz = coord(w, 0, oz, kz);
            if (iz < 0 || iz >= w->in[0]) continue;
            for (int64_t ky = 0; ky < w->k[1]; ky++) {
              int64_t iy = coord(w, 1, oy, ky);
              if (iy < 0 || iy >= w->in[1]) continue;
              for (int64_t kx = 0; kx < w->k[2]; kx++) {
                int64_t ix = coord(w, 2, ox, kx);
                if (ix < 0 || ix >= w->in[2]) continue;
                int64_t i = (iz * w->in[1] + iy) * w->in[2] + ix;
                double v = xp[i];
                valid++;
                if (p->type == TRT_POOLING_MAX) {
                  if (v > acc || (v != v && acc == acc) || at < 0) { /* a NaN stays */
                    acc = v;
                    at = pl * w->in_vol + i;
                  }
                } else if (p->type == TRT_POOLING_AVERAGE) {
                  acc += v;
                } else {
                  acc += pow(fabs(v), p->p);
                }
              }
            }
          }
          if (p->type == TRT_POOLING_AVERAGE) {
            int64_t count = valid;
            if (p->count_include_pad)
              count = taps_in_padded(w, 0, oz) * taps_in_padded(w, 1, oy) *
                      taps_in_padded(w, 2, ox);
            acc = count ? acc / (double)count : 0.0;
          } else if (p->type == TRT_POOLING_LP) {
            acc = pow(acc, 1.0 / p->p);
          }
          int64_t o = (oz * w->out[1] + oy) * w->out[2] + ox;
          yp[o] = (float)acc;
          if (indices) indices[pl * w->out_vol + o] = at;
        }
  }
}

static int64_t lowest(TrtDataType type) {
  switch (type) {
  case TRT_DATA_TYPE_UINT8: return 0;
  case TRT_DATA_TYPE_INT8: return INT8_MIN;
  case TRT_DATA_TYPE_INT32: return INT32_MIN;
  default: return INT64_MIN;
  }
}

static void max_pool_int(const Window *w, TrtDataType type, const void *x, void *y,
                         int64_t *indices) {
  for (int64_t pl = 0; pl < w->planes; pl++) {
    int64_t xbase = pl * w->in_vol, ybase = pl * w->out_vol;
    for (int64_t oz = 0; oz < w->out[0]; oz++)
      for (int64_t oy = 0; oy < w->out[1]; oy++)
        for (int64_t ox = 0; ox < w->out[2]; ox++) {
          int64_t acc = lowest(type), at = -1;
          for (int64_t kz = 0; kz < w->k[0]; kz++) {
            int64_t iz = coord(w, 0, oz, kz);
            if (iz < 0 || iz >= w->in[0]) continue;
            for (int64_t ky = 0; ky < w->k[1]; ky++) {
              int64_t iy = coord(w, 1, oy, ky);
              if (iy < 0 || iy >= w->in[1]) continue;
              for (int64_t kx = 0; kx < w->k[2]; kx++) {
                int64_t ix = coord(w, 2, ox, kx);
                if (ix < 0 || ix >= w->in[2]) continue;
                int64_t i = xbase + (iz * w->in[1] + iy) * w->in[2] + ix;
                int64_t v = trt_cpu_load_int(x, type, i);
                if (v > acc || at < 0) {
                  acc = v;
                  at = i;
                }
              }
            }
          }
          int64_t o = ybase + (oz * w->out[1] + oy) * w->out[2] + ox;
          trt_cpu_store_int(y, type, o, acc);
          if (indices) indices[o] = at;
        }
  }
}

static TrtStatus prepare_pooling(TrtKernelArgs *args) {
  TrtDnnlOp *op = NULL;
  /* oneDNN does not give ONNX's indices. */
  TrtStatus s = args->nb_outputs == 1 ? trt_dnnl_pooling_prepare(args, &op) : TRT_STATUS_OK;
  args->state = op;
  if (s == TRT_STATUS_OK && !op) snprintf(args->tactic, sizeof args->tactic, "reference");
  /* The reference (also oneDNN's fallback for NaN) runs on planar copies. */
  if (s == TRT_STATUS_OK && trt_cpu_any_channels_last(args)) {
    size_t planar = trt_cpu_planar_workspace(args, 0);
    if (planar > args->workspace_size) args->workspace_size = planar;
  }
  return s;
}

static void release_pooling(TrtKernelArgs *args) {
  trt_dnnl_op_free(args->state);
  args->state = NULL;
}

/* oneDNN's max pooling may drop NaN; one cheap scan keeps its result
 * exact by sending such inputs to the reference. The scan reads as much as
 * the pooling: compiled for AVX-512 too (the library's baseline is SSE2),
 * it costs a quarter as much where the CPU has it. */
#define DEFINE_HAS_NAN(name, attributes)                          \
  attributes static bool name(const float *x, int64_t n) {        \
    int nan = 0;                                                  \
    for (int64_t i = 0; i < n; i++) nan |= x[i] != x[i];          \
    return nan;                                                   \
  }
#if defined(__GNUC__) && defined(__x86_64__)
DEFINE_HAS_NAN(has_nan_avx512, __attribute__((target("avx512f"))))
#endif
DEFINE_HAS_NAN(has_nan_baseline, )

static bool has_nan(const float *x, int64_t n) {
#if defined(__GNUC__) && defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f")) return has_nan_avx512(x, n);
#endif
  return has_nan_baseline(x, n);
}

static TrtStatus reference_pooling(TrtKernelArgs *args) {
  const TrtPoolingParams *p = args->params;
  Window w;
  window_init(&w, p, &args->inputs[0].dims, &args->outputs[0].dims);
  int64_t *indices = args->nb_outputs > 1 ? args->outputs[1].data : NULL;
  if (args->inputs[0].type == TRT_DATA_TYPE_FLOAT)
    pool_float(p, &w, args->inputs[0].data, args->outputs[0].data, indices);
  else
    max_pool_int(&w, args->inputs[0].type, args->inputs[0].data, args->outputs[0].data, indices);
  return TRT_STATUS_OK;
}

static TrtStatus run_pooling(TrtKernelArgs *args) {
  const TrtPoolingParams *p = args->params;
  if (args->state && !(p->type == TRT_POOLING_MAX &&
                       has_nan(args->inputs[0].data, trt_dims_volume(&args->inputs[0].dims))))
    return trt_dnnl_op_run(args->state, args);
  if (trt_cpu_any_channels_last(args)) return trt_cpu_run_planar(args, 0, reference_pooling);
  return reference_pooling(args);
}
const TrtKernel trt_cpu_pooling = {.prepare = prepare_pooling, .run = run_pooling,
                                   .release = release_pooling};
