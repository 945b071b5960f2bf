/* Op cases: convolution and deconvolution. Small cases carry values worked
 * out by hand (several are the ONNX operator examples); the random ones are
 * checked against direct loops written here, independent of the library's
 * im2col/col2im. */
#include <math.h>
#include <stdlib.h>

#include "op-test.h"

static uint32_t seed;
static void random_floats(float *out, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    out[i] = (float)((seed >> 8) % 2001) / 1000.0f - 1.0f;
  }
}

static TrtConvolutionParams conv2d(void) { return trt_convolution_params_default(2); }

static void conv(const char *name, TrtConvolutionParams p, OpTensor x, OpTensor w, OpTensor b,
                 OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_CONVOLUTION, .params = &p,
                     .nb_inputs = 3, .inputs = {x, OP_CONST(w), b}, .nb_outputs = 1,
                     .expected = {want}});
}

static void deconv(const char *name, TrtConvolutionParams p, OpTensor x, OpTensor w,
                   OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_DECONVOLUTION, .params = &p,
                     .nb_inputs = 2, .inputs = {x, OP_CONST(w)}, .nb_outputs = 1,
                     .expected = {want}});
}

static void bad(const char *name, TrtLayerType type, TrtConvolutionParams p, OpTensor x,
                OpTensor w, OpTensor b) {
  op_check(&(OpCase){.name = name, .type = type, .params = &p, .nb_inputs = 3,
                     .inputs = {x, w, b}, .nb_outputs = 1, .expect_build_error = true});
}

/* 0, 1, 2, ... n-1 as floats. */
static float *iota(int64_t n, float start) {
  float *v = malloc((size_t)n * sizeof *v);
  for (int64_t i = 0; i < n; i++) v[i] = start + (float)i;
  return v;
}

static OpTensor f32(TrtDims d, const float *v) {
  return (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d, .data = v};
}

/* ---- direct loops for the random cases -------------------------------- */

/* Geometry widened to 3 spatial dims (size-1 dims in front). */
typedef struct {
  int64_t n, c, m, groups, in[3], out[3], k[3], s[3], d[3], pb[3];
} Shape3;

static Shape3 shape3(const TrtDims *x, const TrtDims *w, const TrtDims *y,
                     const TrtConvolutionParams *p) {
  Shape3 s = {.n = x->d[0], .c = x->d[1], .m = y->d[1], .groups = p->groups};
  int ns = p->nb_spatial;
  for (int i = 0; i < 3; i++) {
    int src = i - (3 - ns);
    s.in[i] = src >= 0 ? x->d[2 + src] : 1;
    s.out[i] = src >= 0 ? y->d[2 + src] : 1;
    s.k[i] = src >= 0 ? w->d[2 + src] : 1;
    s.s[i] = src >= 0 ? p->stride[src] : 1;
    s.d[i] = src >= 0 ? p->dilation[src] : 1;
    s.pb[i] = src >= 0 ? p->pad_begin[src] : 0;
  }
  return s;
}

static int64_t vol3(const int64_t *v) { return v[0] * v[1] * v[2]; }

/* y[n, m, o] = b[m] + sum over the group's channels and taps of x * w. */
static void direct_conv(const Shape3 *s, const float *x, const float *w, const float *b,
                        float *y) {
  int64_t cg = s->c / s->groups, mg = s->m / s->groups;
  for (int64_t n = 0; n < s->n; n++)
    for (int64_t m = 0; m < s->m; m++)
      for (int64_t oz = 0; oz < s->out[0]; oz++)
        for (int64_t oy = 0; oy < s->out[1]; oy++)
          for (int64_t ox = 0; ox < s->out[2]; ox++) {
            double acc = b ? b[m] : 0;
            int64_t g = m / mg;
            for (int64_t c = 0; c < cg; c++)
              for (int64_t kz = 0; kz < s->k[0]; kz++)
                for (int64_t ky = 0; ky < s->k[1]; ky++)
                  for (int64_t kx = 0; kx < s->k[2]; kx++) {
                    int64_t iz = oz * s->s[0] - s->pb[0] + kz * s->d[0];
                    int64_t iy = oy * s->s[1] - s->pb[1] + ky * s->d[1];
                    int64_t ix = ox * s->s[2] - s->pb[2] + kx * s->d[2];
                    if (iz < 0 || iy < 0 || ix < 0 || iz >= s->in[0] || iy >= s->in[1] ||
                        ix >= s->in[2])
                      continue;
                    double xv = x[(((n * s->c + g * cg + c) * s->in[0] + iz) * s->in[1] + iy) *
                                      s->in[2] + ix];
                    double wv = w[(((m * cg + c) * s->k[0] + kz) * s->k[1] + ky) * s->k[2] + kx];
                    acc += xv * wv;
                  }
            y[(((n * s->m + m) * s->out[0] + oz) * s->out[1] + oy) * s->out[2] + ox] = (float)acc;
          }
}

/* Deconvolution as a scatter: every input value adds w * x to the outputs
 * its taps reach. */
static void direct_deconv(const Shape3 *s, const float *x, const float *w, const float *b,
                          float *y) {
  int64_t cg = s->c / s->groups, mg = s->m / s->groups, out_vol = vol3(s->out);
  for (int64_t i = 0; i < s->n * s->m; i++)
    for (int64_t o = 0; o < out_vol; o++) y[i * out_vol + o] = b ? b[i % s->m] : 0;
  for (int64_t n = 0; n < s->n; n++)
    for (int64_t c = 0; c < s->c; c++)
      for (int64_t iz = 0; iz < s->in[0]; iz++)
        for (int64_t iy = 0; iy < s->in[1]; iy++)
          for (int64_t ix = 0; ix < s->in[2]; ix++) {
            float xv = x[(((n * s->c + c) * s->in[0] + iz) * s->in[1] + iy) * s->in[2] + ix];
            int64_t g = c / cg;
            for (int64_t j = 0; j < mg; j++)
              for (int64_t kz = 0; kz < s->k[0]; kz++)
                for (int64_t ky = 0; ky < s->k[1]; ky++)
                  for (int64_t kx = 0; kx < s->k[2]; kx++) {
                    int64_t oz = iz * s->s[0] - s->pb[0] + kz * s->d[0];
                    int64_t oy = iy * s->s[1] - s->pb[1] + ky * s->d[1];
                    int64_t ox = ix * s->s[2] - s->pb[2] + kx * s->d[2];
                    if (oz < 0 || oy < 0 || ox < 0 || oz >= s->out[0] || oy >= s->out[1] ||
                        ox >= s->out[2])
                      continue;
                    float wv = w[(((c * mg + j) * s->k[0] + kz) * s->k[1] + ky) * s->k[2] + kx];
                    int64_t m = g * mg + j;
                    y[(((n * s->m + m) * s->out[0] + oz) * s->out[1] + oy) * s->out[2] + ox] +=
                        xv * wv;
                  }
          }
}

/* A random case: the layer gets `p`, the direct loops get `explicit_pads`
 * (the same with padding resolved by hand) and `y_dims` is the expected
 * output shape. Weights are constants or, with weights_as_input, a second
 * network input. */
/* The epilogues the random cases use. */
static void activate(float *y, int64_t n, const TrtActivationParams *a) {
  for (int64_t i = 0; i < n; i++) {
    float v = y[i];
    if (a->type == TRT_ACTIVATION_RELU) y[i] = v < 0 ? 0 : v;
    if (a->type == TRT_ACTIVATION_LEAKY_RELU) y[i] = v < 0 ? a->alpha * v : v;
    if (a->type == TRT_ACTIVATION_CLIP) y[i] = v < a->alpha ? a->alpha : v > a->beta ? a->beta : v;
  }
}

/* y = act(conv(x) + b + r): a convolution with a residual input (input 3),
 * which CPU engines make of a residual add. */
static void residual_case(const char *name, TrtDims x_dims, TrtDims w_dims, bool with_bias,
                          TrtConvolutionParams p, TrtDims y_dims) {
  int64_t nx = trt_dims_volume(&x_dims), nw = trt_dims_volume(&w_dims);
  int64_t ny = trt_dims_volume(&y_dims), m = y_dims.d[1];
  float *x = malloc((size_t)nx * sizeof *x), *w = malloc((size_t)nw * sizeof *w);
  float *b = malloc((size_t)m * sizeof *b), *r = malloc((size_t)ny * sizeof *r);
  float *y = malloc((size_t)ny * sizeof *y);
  random_floats(x, nx);
  random_floats(w, nw);
  random_floats(b, m);
  random_floats(r, ny);
  Shape3 s = shape3(&x_dims, &w_dims, &y_dims, &p);
  direct_conv(&s, x, w, with_bias ? b : NULL, y);
  for (int64_t i = 0; i < ny; i++) y[i] += r[i];
  activate(y, ny, &p.activation);
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_CONVOLUTION, .params = &p, .nb_inputs = 4,
                     .inputs = {f32(x_dims, x), OP_CONST(f32(w_dims, w)),
                                with_bias ? OP_CONST(f32(OP_DIMS(m), b)) : OP_ABSENT,
                                f32(y_dims, r)},
                     .nb_outputs = 1, .expected = {f32(y_dims, y)}, .atol = 1e-4,
                     .rtol = 1e-4});
  free(x);
  free(w);
  free(b);
  free(r);
  free(y);
}

static void random_case(const char *name, TrtLayerType type, TrtDims x_dims, TrtDims w_dims,
                        bool with_bias, TrtConvolutionParams p,
                        const TrtConvolutionParams *explicit_pads, TrtDims y_dims,
                        bool weights_as_input) {
  int64_t nx = trt_dims_volume(&x_dims), nw = trt_dims_volume(&w_dims);
  int64_t ny = trt_dims_volume(&y_dims), m = y_dims.d[1];
  float *x = malloc((size_t)(nx + 1) * sizeof *x), *w = malloc((size_t)(nw + 1) * sizeof *w);
  float *b = malloc((size_t)(m + 1) * sizeof *b), *y = malloc((size_t)(ny + 1) * sizeof *y);
  random_floats(x, nx);
  random_floats(w, nw);
  random_floats(b, m);
  Shape3 s = shape3(&x_dims, &w_dims, &y_dims, explicit_pads ? explicit_pads : &p);
  if (type == TRT_LAYER_CONVOLUTION)
    direct_conv(&s, x, w, with_bias ? b : NULL, y);
  else
    direct_deconv(&s, x, w, with_bias ? b : NULL, y);
  activate(y, ny, &p.activation);
  OpTensor wt = f32(w_dims, w);
  op_check(&(OpCase){.name = name, .type = type, .params = &p, .nb_inputs = 3,
                     .inputs = {f32(x_dims, x), weights_as_input ? wt : OP_CONST(wt),
                                with_bias ? OP_CONST(f32(OP_DIMS(m), b)) : OP_ABSENT},
                     .nb_outputs = 1, .expected = {f32(y_dims, y)}, .atol = 1e-4,
                     .rtol = 1e-4});
  free(x);
  free(w);
  free(b);
  free(y);
}

static void hand_cases(void) {
  float *x25 = iota(25, 0), *x16 = iota(16, 0), *x35 = iota(35, 0), *ones9 = iota(9, 1);
  for (int i = 0; i < 9; i++) ones9[i] = 1;
  OpTensor w_ones = f32(OP_DIMS(1, 1, 3, 3), ones9);
  TrtConvolutionParams p = conv2d();
  conv("conv2d_no_padding", p, f32(OP_DIMS(1, 1, 5, 5), x25), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 3, 3), 54, 63, 72, 99, 108, 117, 144, 153, 162));
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  conv("conv2d_padding", p, f32(OP_DIMS(1, 1, 5, 5), x25), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 5, 5), 12, 21, 27, 33, 24, 33, 54, 63, 72, 51, 63, 99, 108, 117, 81,
              93, 144, 153, 162, 111, 72, 111, 117, 123, 84));
  p.stride[0] = p.stride[1] = 2;
  conv("conv2d_strides_padding", p, f32(OP_DIMS(1, 1, 7, 5), x35), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 4, 3), 12, 27, 24, 63, 108, 81, 123, 198, 141, 112, 177, 124));
  p.pad_begin[1] = p.pad_end[1] = 0;
  conv("conv2d_strides_asymmetric_padding", p, f32(OP_DIMS(1, 1, 7, 5), x35), w_ones,
       OP_ABSENT, OP_F32(OP_DIMS(1, 1, 4, 2), 21, 33, 99, 117, 189, 207, 171, 183));

  /* SAME on a 4x4 input, stride 2, 3x3 kernel: one pixel of padding in
   * total, at the end (UPPER) or at the start (LOWER). */
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  p.padding_mode = TRT_PADDING_SAME_UPPER;
  conv("conv2d_same_upper", p, f32(OP_DIMS(1, 1, 4, 4), x16), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 2, 2), 45, 39, 66, 50));
  p.padding_mode = TRT_PADDING_SAME_LOWER;
  conv("conv2d_same_lower", p, f32(OP_DIMS(1, 1, 4, 4), x16), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 2, 2), 10, 24, 51, 90));
  p.padding_mode = TRT_PADDING_SAME_LOWER;
  conv("conv2d_same_lower_odd_input", p, f32(OP_DIMS(1, 1, 5, 5), x25), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 3, 3), 12, 27, 24, 63, 108, 81, 72, 117, 84));
  p.padding_mode = TRT_PADDING_VALID;
  p.pad_begin[0] = 5; /* ignored with VALID */
  conv("conv2d_valid_ignores_pads", p, f32(OP_DIMS(1, 1, 5, 5), x25), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 2, 2), 54, 72, 144, 162));

  p = conv2d();
  p.dilation[0] = p.dilation[1] = 2;
  conv("conv2d_dilation", p, f32(OP_DIMS(1, 1, 4, 4), x16),
       OP_F32(OP_DIMS(1, 1, 2, 2), 1, 1, 1, 1), OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 2, 2), 20, 24, 36, 40));

  TrtConvolutionParams p1 = trt_convolution_params_default(1);
  conv("conv1d", p1, OP_F32(OP_DIMS(1, 1, 5), 1, 2, 3, 4, 5), OP_F32(OP_DIMS(1, 1, 2), 1, -1),
       OP_ABSENT, OP_F32(OP_DIMS(1, 1, 4), -1, -1, -1, -1));
  p1.dilation[0] = 2;
  conv("conv1d_dilation", p1, OP_F32(OP_DIMS(1, 1, 5), 1, 2, 4, 8, 16),
       OP_F32(OP_DIMS(1, 1, 2), 1, -1), OP_ABSENT, OP_F32(OP_DIMS(1, 1, 3), -3, -6, -12));

  TrtConvolutionParams p3 = trt_convolution_params_default(3);
  conv("conv3d_bias", p3, OP_F32(OP_DIMS(1, 1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8),
       OP_F32(OP_DIMS(1, 1, 2, 2, 2), 1, 1, 1, 1, 1, 1, 1, 1), OP_CONST(OP_F32(OP_DIMS(1), 1)),
       OP_F32(OP_DIMS(1, 1, 1, 1, 1), 37));

  p = conv2d();
  p.groups = 2;
  conv("conv2d_depthwise", p, OP_F32(OP_DIMS(1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8),
       OP_F32(OP_DIMS(2, 1, 1, 1), 2, 3), OP_ABSENT,
       OP_F32(OP_DIMS(1, 2, 2, 2), 2, 4, 6, 8, 15, 18, 21, 24));

  p = conv2d();
  p.activation.type = TRT_ACTIVATION_RELU;
  conv("conv2d_bias_fused_relu", p, OP_F32(OP_DIMS(1, 2, 1, 2), 1, 2, 3, 4),
       OP_F32(OP_DIMS(2, 2, 1, 1), 1, 1, 1, -1), OP_CONST(OP_F32(OP_DIMS(2), 0.5f, -10)),
       OP_F32(OP_DIMS(1, 2, 1, 2), 4.5f, 6.5f, 0, 0));
  p.activation = (TrtActivationParams){.type = TRT_ACTIVATION_SIGMOID};
  conv("conv2d_fused_sigmoid", p, OP_F32(OP_DIMS(1, 1, 1, 2), 0, 1000),
       OP_F32(OP_DIMS(1, 1, 1, 1), 1), OP_ABSENT, OP_F32(OP_DIMS(1, 1, 1, 2), 0.5f, 1));

  /* A 1x1 kernel with trailing padding is not a plain matrix product. */
  p = conv2d();
  p.pad_end[0] = p.pad_end[1] = 1;
  conv("conv2d_1x1_trailing_pad", p, OP_F32(OP_DIMS(1, 1, 2, 2), 1, 2, 3, 4),
       OP_F32(OP_DIMS(1, 1, 1, 1), 2), OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 3, 3), 2, 4, 0, 6, 8, 0, 0, 0, 0));
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  conv("conv2d_1x1_stride2", p, f32(OP_DIMS(1, 1, 4, 4), x16), OP_F32(OP_DIMS(1, 1, 1, 1), 1),
       OP_ABSENT, OP_F32(OP_DIMS(1, 1, 2, 2), 0, 2, 8, 10));

  conv("conv2d_nan_inf_propagate", conv2d(), OP_F32(OP_DIMS(1, 1, 1, 3), NAN, INFINITY, 0),
       OP_F32(OP_DIMS(1, 1, 1, 1), 0), OP_ABSENT,
       OP_F32(OP_DIMS(1, 1, 1, 3), NAN, NAN, 0));
  conv("conv2d_empty_batch", conv2d(), OP_F32(OP_DIMS(0, 1, 3, 3), 0), w_ones, OP_ABSENT,
       OP_F32(OP_DIMS(0, 1, 1, 1), 0));
  conv("conv2d_no_input_channels_gives_bias", conv2d(), OP_F32(OP_DIMS(1, 0, 2, 2), 0),
       OP_F32(OP_DIMS(2, 0, 1, 1), 0), OP_CONST(OP_F32(OP_DIMS(2), 3, -1)),
       OP_F32(OP_DIMS(1, 2, 2, 2), 3, 3, 3, 3, -1, -1, -1, -1));

  /* Deconvolution: the ONNX ConvTranspose examples. */
  float *x9 = iota(9, 0), ones18[18];
  for (int i = 0; i < 18; i++) ones18[i] = 1;
  static const float onnx_ct[25] = {0,  1,  3,  3,  2,  3,  8,  15, 12, 7,  9,  21, 36,
                                    27, 15, 9,  20, 33, 24, 13, 6,  13, 21, 15, 8};
  float want_ct[50];
  for (int i = 0; i < 50; i++) want_ct[i] = onnx_ct[i % 25];
  deconv("deconv2d_two_outputs", conv2d(), f32(OP_DIMS(1, 1, 3, 3), x9),
         f32(OP_DIMS(1, 2, 3, 3), ones18), f32(OP_DIMS(1, 2, 5, 5), want_ct));
  deconv("deconv1d", trt_convolution_params_default(1), OP_F32(OP_DIMS(1, 1, 3), 0, 1, 2),
         f32(OP_DIMS(1, 2, 3), ones18),
         OP_F32(OP_DIMS(1, 2, 5), 0, 1, 3, 3, 2, 0, 1, 3, 3, 2));
  p = conv2d();
  p.stride[0] = 3;
  p.stride[1] = 2;
  p.pad_begin[0] = p.pad_end[0] = 1;
  p.pad_begin[1] = p.pad_end[1] = 2;
  static const float onnx_pads[21] = {1, 1, 3, 1, 1, 3, 7, 4, 9, 7, 4, 9, 7, 4, 9, 13, 7, 15,
                                      13, 7, 15};
  float want_pads[42];
  for (int i = 0; i < 42; i++) want_pads[i] = onnx_pads[i % 21];
  deconv("deconv2d_strides_pads", p, f32(OP_DIMS(1, 1, 3, 3), x9),
         f32(OP_DIMS(1, 2, 3, 3), ones18), f32(OP_DIMS(1, 2, 7, 3), want_pads));
  p = conv2d();
  p.dilation[0] = p.dilation[1] = 2;
  deconv("deconv2d_dilation", p, OP_F32(OP_DIMS(1, 1, 3, 3), 3, 8, 1, 9, 5, 7, 3, 2, 6),
         OP_F32(OP_DIMS(1, 1, 2, 2), 7, 2, 1, 9),
         OP_F32(OP_DIMS(1, 1, 5, 5), 21, 56, 13, 16, 2, 63, 35, 67, 10, 14, 24, 22, 76, 76, 21,
                9, 5, 88, 45, 63, 3, 2, 33, 18, 54));
  free(x9);
  free(x25);
  free(x16);
  free(x35);
  free(ones9);
}

static void random_cases(void) {
  seed = 12345;
  TrtConvolutionParams p = conv2d();
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  random_case("conv2d_random_3x3_pad1", TRT_LAYER_CONVOLUTION, OP_DIMS(2, 3, 7, 6),
              OP_DIMS(4, 3, 3, 3), true, p, NULL, OP_DIMS(2, 4, 7, 6), false);
  p = conv2d();
  p.groups = 2;
  p.stride[0] = 2;
  p.dilation[1] = 2;
  p.pad_begin[0] = 2;
  p.pad_end[1] = 1;
  random_case("conv2d_random_groups_stride_dilation_asym_pads", TRT_LAYER_CONVOLUTION,
              OP_DIMS(1, 4, 9, 8), OP_DIMS(6, 2, 3, 2), true, p, NULL, OP_DIMS(1, 6, 5, 7),
              false);
  p = conv2d();
  p.groups = 8;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  p.activation = (TrtActivationParams){.type = TRT_ACTIVATION_CLIP, .alpha = 0, .beta = 0.5f};
  random_case("conv2d_random_depthwise_relu6_like", TRT_LAYER_CONVOLUTION, OP_DIMS(1, 8, 6, 6),
              OP_DIMS(8, 1, 3, 3), true, p, NULL, OP_DIMS(1, 8, 6, 6), false);
  p = conv2d();
  p.activation = (TrtActivationParams){.type = TRT_ACTIVATION_LEAKY_RELU, .alpha = 0.1f};
  random_case("conv2d_random_1x1_weights_as_input", TRT_LAYER_CONVOLUTION, OP_DIMS(2, 16, 5, 5),
              OP_DIMS(8, 16, 1, 1), true, p, NULL, OP_DIMS(2, 8, 5, 5), true);
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 3;
  random_case("conv2d_random_7x7_stride2_first_layer", TRT_LAYER_CONVOLUTION,
              OP_DIMS(1, 3, 20, 20), OP_DIMS(16, 3, 7, 7), true, p, NULL, OP_DIMS(1, 16, 10, 10),
              false);
  p = trt_convolution_params_default(1);
  p.stride[0] = 3;
  p.pad_end[0] = 2;
  random_case("conv1d_random_stride3", TRT_LAYER_CONVOLUTION, OP_DIMS(2, 3, 11),
              OP_DIMS(5, 3, 4), false, p, NULL, OP_DIMS(2, 5, 4), false);
  p = trt_convolution_params_default(3);
  p.pad_begin[0] = p.pad_begin[1] = p.pad_begin[2] = 1;
  p.stride[2] = 2;
  random_case("conv3d_random", TRT_LAYER_CONVOLUTION, OP_DIMS(1, 2, 4, 5, 6),
              OP_DIMS(3, 2, 3, 3, 3), true, p, NULL, OP_DIMS(1, 3, 3, 4, 3), false);

  /* SAME_UPPER on 6x5 input, stride 2, kernel 4: out 3x3, total pads
   * 2 and 3, i.e. (1, 1) and (1, 2). */
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  p.padding_mode = TRT_PADDING_SAME_UPPER;
  TrtConvolutionParams e = conv2d();
  e.stride[0] = e.stride[1] = 2;
  e.pad_begin[0] = e.pad_end[0] = e.pad_begin[1] = 1;
  e.pad_end[1] = 2;
  random_case("conv2d_random_same_upper", TRT_LAYER_CONVOLUTION, OP_DIMS(1, 2, 6, 5),
              OP_DIMS(3, 2, 4, 4), true, p, &e, OP_DIMS(1, 3, 3, 3), false);

  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  p.pad_begin[0] = p.pad_end[0] = 1;
  p.output_padding[0] = p.output_padding[1] = 1;
  random_case("deconv2d_random_stride2_output_padding", TRT_LAYER_DECONVOLUTION,
              OP_DIMS(2, 3, 4, 3), OP_DIMS(3, 2, 3, 3), true, p, NULL, OP_DIMS(2, 2, 8, 8),
              false);
  p = conv2d();
  p.groups = 2;
  p.dilation[0] = 2;
  p.stride[1] = 3;
  p.activation.type = TRT_ACTIVATION_RELU;
  random_case("deconv2d_random_groups_dilation_relu", TRT_LAYER_DECONVOLUTION,
              OP_DIMS(1, 4, 3, 4), OP_DIMS(4, 3, 2, 3), true, p, NULL, OP_DIMS(1, 6, 5, 12),
              true);
  /* SAME_UPPER, stride 2, kernel 3, input 3: output 6, total pads 1 at
   * the end. */
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  p.padding_mode = TRT_PADDING_SAME_UPPER;
  e = conv2d();
  e.stride[0] = e.stride[1] = 2;
  e.pad_end[0] = e.pad_end[1] = 1;
  random_case("deconv2d_random_same_upper", TRT_LAYER_DECONVOLUTION, OP_DIMS(1, 2, 3, 3),
              OP_DIMS(2, 2, 3, 3), false, p, &e, OP_DIMS(1, 2, 6, 6), false);
  p.padding_mode = TRT_PADDING_SAME_LOWER;
  e.pad_end[0] = e.pad_end[1] = 0;
  e.pad_begin[0] = e.pad_begin[1] = 1;
  random_case("deconv2d_random_same_lower", TRT_LAYER_DECONVOLUTION, OP_DIMS(1, 2, 3, 3),
              OP_DIMS(2, 2, 3, 3), false, p, &e, OP_DIMS(1, 2, 6, 6), false);
  p = trt_convolution_params_default(3);
  p.stride[0] = 2;
  random_case("deconv3d_random", TRT_LAYER_DECONVOLUTION, OP_DIMS(1, 2, 2, 3, 2),
              OP_DIMS(2, 2, 2, 2, 2), true, p, NULL, OP_DIMS(1, 2, 4, 4, 3), false);
  p = trt_convolution_params_default(1);
  p.stride[0] = 2;
  random_case("deconv1d_random", TRT_LAYER_DECONVOLUTION, OP_DIMS(2, 3, 5), OP_DIMS(3, 4, 3),
              true, p, NULL, OP_DIMS(2, 4, 11), false);
}

/* Sizes where oneDNN picks its blocked, vectorized implementations. */
static void large_cases(void) {
  TrtConvolutionParams p = conv2d();
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  p.activation.type = TRT_ACTIVATION_RELU;
  random_case("conv2d_large_3x3_32_to_64", TRT_LAYER_CONVOLUTION, OP_DIMS(2, 32, 10, 9),
              OP_DIMS(64, 32, 3, 3), true, p, NULL, OP_DIMS(2, 64, 10, 9), false);
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  random_case("conv2d_large_1x1_stride2", TRT_LAYER_CONVOLUTION, OP_DIMS(1, 64, 12, 12),
              OP_DIMS(48, 64, 1, 1), true, p, NULL, OP_DIMS(1, 48, 6, 6), false);
  p.groups = 32;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  p.activation = (TrtActivationParams){.type = TRT_ACTIVATION_CLIP, .alpha = 0, .beta = 6};
  random_case("conv2d_large_depthwise_stride2_relu6", TRT_LAYER_CONVOLUTION,
              OP_DIMS(1, 32, 11, 11), OP_DIMS(32, 1, 3, 3), true, p, NULL, OP_DIMS(1, 32, 6, 6),
              false);
  p = conv2d();
  p.stride[0] = p.stride[1] = 2;
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  random_case("deconv2d_large_4x4_stride2_upsample", TRT_LAYER_DECONVOLUTION,
              OP_DIMS(1, 32, 6, 5), OP_DIMS(32, 16, 4, 4), true, p, NULL,
              OP_DIMS(1, 16, 12, 10), false);
  p = trt_convolution_params_default(3);
  p.pad_begin[0] = p.pad_begin[1] = p.pad_begin[2] = 1;
  p.pad_end[0] = p.pad_end[1] = p.pad_end[2] = 1;
  random_case("conv3d_large_16_to_32", TRT_LAYER_CONVOLUTION, OP_DIMS(1, 16, 4, 5, 6),
              OP_DIMS(32, 16, 3, 3, 3), true, p, NULL, OP_DIMS(1, 32, 4, 5, 6), true);
}

static void bad_cases(void) {
  OpTensor x = OP_RAND(OP_DIMS(1, 2, 4, 4)), w = OP_RAND(OP_DIMS(3, 2, 3, 3));
  TrtConvolutionParams p = conv2d();
  bad("conv_rank_mismatch", TRT_LAYER_CONVOLUTION, p, OP_RAND(OP_DIMS(1, 2, 4)), w, OP_ABSENT);
  bad("conv_channels_mismatch", TRT_LAYER_CONVOLUTION, p, OP_RAND(OP_DIMS(1, 3, 4, 4)), w,
      OP_ABSENT);
  bad("conv_bias_wrong_size", TRT_LAYER_CONVOLUTION, p, x, w, OP_RAND(OP_DIMS(2)));
  bad("conv_kernel_larger_than_input", TRT_LAYER_CONVOLUTION, p, OP_RAND(OP_DIMS(1, 2, 2, 2)),
      w, OP_ABSENT);
  bad("conv_int_input", TRT_LAYER_CONVOLUTION, p, OP_I32(OP_DIMS(1, 2, 1, 1), 1, 2), w,
      OP_ABSENT);
  p.groups = 2;
  bad("conv_groups_do_not_divide_outputs", TRT_LAYER_CONVOLUTION, p,
      OP_RAND(OP_DIMS(1, 2, 4, 4)), OP_RAND(OP_DIMS(3, 1, 3, 3)), OP_ABSENT);
  p = conv2d();
  p.stride[0] = -1;
  bad("conv_negative_stride", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);
  p = conv2d();
  p.pad_begin[1] = -1;
  bad("conv_negative_pad", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);
  p = conv2d();
  p.kernel[0] = 2;
  bad("conv_kernel_param_differs_from_weights", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);
  p = conv2d();
  p.dilation[0] = (int64_t)1 << 40;
  bad("conv_huge_dilation", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);
  p = conv2d();
  p.nb_spatial = 4;
  bad("conv_four_spatial_dims", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);
  p = conv2d();
  p.activation.type = 99;
  bad("conv_unknown_activation", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);
  p = conv2d();
  p.padding_mode = 7;
  bad("conv_unknown_padding_mode", TRT_LAYER_CONVOLUTION, p, x, w, OP_ABSENT);

  p = conv2d();
  p.stride[0] = 2;
  p.output_padding[0] = 2;
  bad("deconv_output_padding_too_large", TRT_LAYER_DECONVOLUTION, p, x,
      OP_RAND(OP_DIMS(2, 3, 3, 3)), OP_ABSENT);
  bad("deconv_channels_mismatch", TRT_LAYER_DECONVOLUTION, conv2d(), x,
      OP_RAND(OP_DIMS(3, 3, 3, 3)), OP_ABSENT);
  p = conv2d();
  p.pad_begin[0] = p.pad_end[0] = 4;
  bad("deconv_pads_larger_than_output", TRT_LAYER_DECONVOLUTION, p, x,
      OP_RAND(OP_DIMS(2, 3, 3, 3)), OP_ABSENT);
  p = conv2d();
  p.stride[0] = p.stride[1] = 4;
  p.padding_mode = TRT_PADDING_SAME_UPPER;
  bad("deconv_same_needs_negative_pads", TRT_LAYER_DECONVOLUTION, p, x,
      OP_RAND(OP_DIMS(2, 3, 2, 2)), OP_ABSENT);
}

static void residual_cases(void) {
  seed = 777;
  TrtConvolutionParams p = conv2d();
  p.activation.type = TRT_ACTIVATION_RELU;
  residual_case("conv2d_residual_1x1_bias_relu", OP_DIMS(2, 16, 5, 5), OP_DIMS(8, 16, 1, 1),
                true, p, OP_DIMS(2, 8, 5, 5));
  p = conv2d();
  p.pad_begin[0] = p.pad_begin[1] = p.pad_end[0] = p.pad_end[1] = 1;
  residual_case("conv2d_residual_3x3_no_bias_no_activation", OP_DIMS(1, 4, 6, 6),
                OP_DIMS(4, 4, 3, 3), false, p, OP_DIMS(1, 4, 6, 6));
  p.stride[0] = p.stride[1] = 2;
  p.groups = 2;
  p.activation = (TrtActivationParams){.type = TRT_ACTIVATION_LEAKY_RELU, .alpha = 0.1f};
  residual_case("conv2d_residual_stride2_groups_leaky", OP_DIMS(1, 4, 7, 7),
                OP_DIMS(6, 2, 3, 3), true, p, OP_DIMS(1, 6, 4, 4));
  /* Not a residual: other dims than the output's, or a deconvolution's. */
  OpTensor x = OP_RAND(OP_DIMS(1, 2, 4, 4)), w = OP_CONST(OP_RAND(OP_DIMS(2, 2, 1, 1)));
  p = conv2d();
  op_check(&(OpCase){.name = "conv_residual_wrong_dims", .type = TRT_LAYER_CONVOLUTION,
                     .params = &p, .nb_inputs = 4,
                     .inputs = {x, w, OP_ABSENT, OP_RAND(OP_DIMS(1, 2, 4, 3))}, .nb_outputs = 1,
                     .expect_build_error = true});
  op_check(&(OpCase){.name = "deconv_residual", .type = TRT_LAYER_DECONVOLUTION,
                     .params = &p, .nb_inputs = 4,
                     .inputs = {x, w, OP_ABSENT, OP_RAND(OP_DIMS(1, 2, 4, 4))}, .nb_outputs = 1,
                     .expect_build_error = true});
}

void cases_convolution(void) {
  hand_cases();
  random_cases();
  residual_cases();
  large_cases();
  bad_cases();
}
