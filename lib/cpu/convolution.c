/* CPU kernels: convolution (im2col + sgemm per group) and deconvolution
 * (sgemm + col2im per group) as the reference, oneDNN when it can (see
 * dnnl/dnnl-kernels.h). Spatial dims are widened to 3 with size-1 dims so
 * one code path serves 1-D, 2-D and 3-D. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-impl.h"
#include "dnnl/dnnl-kernels.h"

typedef struct {
  int64_t batch, c, m, groups;
  int64_t in[3], out[3], k[3], s[3], d[3], pb[3];
  int64_t kvol;     /* kernel volume */
  int64_t in_vol;   /* input spatial volume */
  int64_t out_vol;  /* output spatial volume */
  bool pointwise;   /* no im2col needed */
  size_t own_workspace; /* the reference's, before planar copies */
  TrtDnnlOp *dnnl;  /* the oneDNN path, or NULL for the reference */
} Geometry;

static TrtStatus prepare(TrtKernelArgs *args, bool deconv) {
  const TrtConvolutionParams *p = args->params;
  const TrtDims *x = &args->inputs[0].dims, *y = &args->outputs[0].dims;
  Geometry *g = calloc(1, sizeof *g);
  if (!g) return TRT_STATUS_OUT_OF_MEMORY;
  int ns = p->nb_spatial;
  g->batch = x->d[0];
  g->c = x->d[1];
  g->m = y->d[1];
  g->groups = p->groups;
  g->kvol = g->in_vol = g->out_vol = 1;
  for (int i = 0; i < 3; i++) {
    int src = i - (3 - ns); /* widen at the front */
    bool real = src >= 0;
    g->in[i] = real ? x->d[2 + src] : 1;
    g->out[i] = real ? y->d[2 + src] : 1;
    g->k[i] = real ? p->kernel[src] : 1;
    g->s[i] = real ? p->stride[src] : 1;
    g->d[i] = real ? p->dilation[src] : 1;
    g->pb[i] = real ? p->pad_begin[src] : 0;
    g->kvol *= g->k[i];
    g->in_vol *= g->in[i];
    g->out_vol *= g->out[i];
  }
  /* 1x1, stride 1, no padding: the input already is the column matrix. */
  g->pointwise = !deconv && g->kvol == 1;
  for (int i = 0; i < 3; i++)
    if (g->s[i] != 1 || g->pb[i] != 0 || g->out[i] != g->in[i]) g->pointwise = false;
  TrtStatus s = trt_dnnl_convolution_prepare(args, deconv, &g->dnnl);
  if (s != TRT_STATUS_OK) {
    free(g);
    return s;
  }
  args->state = g;
  if (g->dnnl) return TRT_STATUS_OK;
  int64_t cg = g->c / g->groups, mg = g->m / g->groups, cols;
  /* Deconvolution also packs the group's transposed weights after col. */
  bool overflow = deconv ? __builtin_mul_overflow(mg * g->kvol, g->in_vol + cg, &cols)
                         : __builtin_mul_overflow(cg * g->kvol, g->out_vol, &cols);
  if (overflow || (uint64_t)cols > SIZE_MAX / sizeof(float))
    return trt_cpu_fail(args, TRT_STATUS_OUT_OF_MEMORY,
                        "the column buffer of this convolution would not fit in memory");
  g->own_workspace = g->pointwise ? 0 : (size_t)cols * sizeof(float);
  args->workspace_size = trt_cpu_any_channels_last(args)
                             ? trt_cpu_planar_workspace(args, g->own_workspace)
                             : g->own_workspace;
  snprintf(args->tactic, sizeof args->tactic, "reference-im2col");
  return TRT_STATUS_OK;
}

static TrtStatus prepare_conv(TrtKernelArgs *args) { return prepare(args, false); }
static TrtStatus prepare_deconv(TrtKernelArgs *args) { return prepare(args, true); }

static void release(TrtKernelArgs *args) {
  Geometry *g = args->state;
  if (g) trt_dnnl_op_free(g->dnnl);
  free(g);
  args->state = NULL;
}

/* col[(c*kvol + kidx) * out_vol + o] = x at the tap, or 0 in the padding. */
static void im2col(const Geometry *g, const float *x, int64_t channels, float *col) {
  for (int64_t c = 0; c < channels; c++)
    for (int64_t kz = 0; kz < g->k[0]; kz++)
      for (int64_t ky = 0; ky < g->k[1]; ky++)
        for (int64_t kx = 0; kx < g->k[2]; kx++) {
          float *dst = col;
          col += g->out_vol;
          for (int64_t oz = 0; oz < g->out[0]; oz++) {
            int64_t iz = oz * g->s[0] - g->pb[0] + kz * g->d[0];
            for (int64_t oy = 0; oy < g->out[1]; oy++) {
              int64_t iy = oy * g->s[1] - g->pb[1] + ky * g->d[1];
              float *row = dst + (oz * g->out[1] + oy) * g->out[2];
              if (iz < 0 || iz >= g->in[0] || iy < 0 || iy >= g->in[1]) {
                memset(row, 0, (size_t)g->out[2] * sizeof(float));
                continue;
              }
              const float *src = x + ((c * g->in[0] + iz) * g->in[1] + iy) * g->in[2];
              for (int64_t ox = 0; ox < g->out[2]; ox++) {
                int64_t ix = ox * g->s[2] - g->pb[2] + kx * g->d[2];
                row[ox] = ix >= 0 && ix < g->in[2] ? src[ix] : 0.0f;
              }
            }
          }
        }
}

/* The transpose of im2col: adds col back into y (deconvolution). */
static void col2im(const Geometry *g, const float *col, int64_t channels, float *y) {
  /* For deconvolution the roles swap: "in" is the output grid. */
  for (int64_t c = 0; c < channels; c++)
    for (int64_t kz = 0; kz < g->k[0]; kz++)
      for (int64_t ky = 0; ky < g->k[1]; ky++)
        for (int64_t kx = 0; kx < g->k[2]; kx++) {
          const float *src = col;
          col += g->in_vol;
          for (int64_t iz = 0; iz < g->in[0]; iz++) {
            int64_t oz = iz * g->s[0] - g->pb[0] + kz * g->d[0];
            if (oz < 0 || oz >= g->out[0]) continue;
            for (int64_t iy = 0; iy < g->in[1]; iy++) {
              int64_t oy = iy * g->s[1] - g->pb[1] + ky * g->d[1];
              if (oy < 0 || oy >= g->out[1]) continue;
              float *row = y + ((c * g->out[0] + oz) * g->out[1] + oy) * g->out[2];
              const float *srow = src + (iz * g->in[1] + iy) * g->in[2];
              for (int64_t ix = 0; ix < g->in[2]; ix++) {
                int64_t ox = ix * g->s[2] - g->pb[2] + kx * g->d[2];
                if (ox >= 0 && ox < g->out[2]) row[ox] += srow[ix];
              }
            }
          }
        }
}

static void bias_and_activation(const TrtKernelArgs *args, const Geometry *g, float *y) {
  const TrtConvolutionParams *p = args->params;
  const float *bias = args->nb_inputs > 2 && args->inputs[2].present ? args->inputs[2].data : NULL;
  for (int64_t b = 0; b < g->batch; b++)
    for (int64_t m = 0; m < g->m; m++) {
      float *plane = y + (b * g->m + m) * g->out_vol;
      if (bias)
        for (int64_t i = 0; i < g->out_vol; i++) plane[i] += bias[m];
      trt_cpu_activate_array(plane, g->out_vol, &p->activation);
    }
}

/* A residual is copied into the output, in the output's order (unless it
 * is stored there already, see trt_cpu_conv_residual), and the
 * convolution added to it. */
static bool start_from_residual(const TrtKernelArgs *args) {
  const TrtTensorView *r = trt_cpu_conv_residual(args);
  if (!r) return false;
  if (r->data != args->outputs[0].data) trt_cpu_copy_view(r, &args->outputs[0]);
  return true;
}

static TrtStatus reference_conv(TrtKernelArgs *args) {
  const Geometry *g = args->state;
  const float *x = args->inputs[0].data, *w = args->inputs[1].data;
  float *y = args->outputs[0].data, *col = args->workspace;
  int64_t cg = g->c / g->groups, mg = g->m / g->groups, kk = cg * g->kvol;
  float beta = start_from_residual(args) ? 1.0f : 0.0f;
  for (int64_t b = 0; b < g->batch; b++)
    for (int64_t gi = 0; gi < g->groups; gi++) {
      const float *xg = x + (b * g->c + gi * cg) * g->in_vol;
      const float *cols = xg;
      if (!g->pointwise) {
        im2col(g, xg, cg, col);
        cols = col;
      }
      trt_cpu_sgemm(false, false, mg, g->out_vol, kk, 1.0f, w + gi * mg * kk, kk, cols,
                    g->out_vol, beta, y + (b * g->m + gi * mg) * g->out_vol, g->out_vol, NULL);
    }
  bias_and_activation(args, g, y);
  return TRT_STATUS_OK;
}

static TrtStatus run_conv(TrtKernelArgs *args) {
  const Geometry *g = args->state;
  if (g->dnnl) {
    /* oneDNN sums into the output what it holds: the residual. */
    start_from_residual(args);
    return trt_dnnl_op_run(g->dnnl, args);
  }
  if (trt_cpu_any_channels_last(args))
    return trt_cpu_run_planar(args, g->own_workspace, reference_conv);
  return reference_conv(args);
}
const TrtKernel trt_cpu_convolution = {.prepare = prepare_conv, .run = run_conv,
                                       .release = release};

static TrtStatus run_deconv(TrtKernelArgs *args) {
  const Geometry *g = args->state;
  if (g->dnnl) return trt_dnnl_op_run(g->dnnl, args);
  const float *x = args->inputs[0].data, *w = args->inputs[1].data;
  float *y = args->outputs[0].data, *col = args->workspace;
  int64_t cg = g->c / g->groups, mg = g->m / g->groups;
  memset(y, 0, (size_t)(g->batch * g->m * g->out_vol) * sizeof(float));
  for (int64_t b = 0; b < g->batch; b++)
    for (int64_t gi = 0; gi < g->groups; gi++) {
      /* col[mg*kvol, in_vol] = W_g^T [mg*kvol, cg] x X_g [cg, in_vol] */
      const float *wg = w + gi * cg * mg * g->kvol;
      trt_cpu_sgemm(true, false, mg * g->kvol, g->in_vol, cg, 1.0f, wg, mg * g->kvol,
                    x + (b * g->c + gi * cg) * g->in_vol, g->in_vol, 0.0f, col, g->in_vol,
                    col + mg * g->kvol * g->in_vol);
      col2im(g, col, mg, y + (b * g->m + gi * mg) * g->out_vol);
    }
  bias_and_activation(args, g, y);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_deconvolution = {.prepare = prepare_deconv, .run = run_deconv,
                                         .release = release};
