/* The network ops (convolutions, pooling) on small graphs made here, against values
 * computed here with plain loops in TensorFlow's own terms (NHWC, its
 * padding and rounding rules). Each graph runs with its input registered
 * NHWC and, for images, NCHW (the data fed transposed), so both the
 * channels-first network and the layout bookkeeping are checked. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trtinfer/trtinfer.h>

#include "harness.h"

/* ---- references (TensorFlow's definitions, NHWC) ---------------------------------------- */

/* Conv2DBackpropInput: filter [kh,kw,out_c,in_c], x [n,ih,iw,in_c]. */
static void ref_conv_transpose(const float *x, Shape4 in, const float *w, const int64_t *wd,
                               int64_t s, bool same, Shape4 o, float *y) {
  int64_t pt = 0, pl = 0;
  if (same) {
    int64_t th = (in.h - 1) * s + wd[0] - o.h, tw = (in.w - 1) * s + wd[1] - o.w;
    pt = th > 0 ? th / 2 : 0;
    pl = tw > 0 ? tw / 2 : 0;
  }
  memset(y, 0, volume((int64_t[]){o.n, o.h, o.w, o.c}, 4) * sizeof *y);
  for (int64_t b = 0; b < in.n; b++)
    for (int64_t i = 0; i < in.h; i++)
      for (int64_t j = 0; j < in.w; j++)
        for (int64_t ki = 0; ki < wd[0]; ki++)
          for (int64_t kj = 0; kj < wd[1]; kj++) {
            int64_t oi = i * s + ki - pt, oj = j * s + kj - pl;
            if (oi < 0 || oi >= o.h || oj < 0 || oj >= o.w) continue;
            for (int64_t co = 0; co < o.c; co++)
              for (int64_t ci = 0; ci < in.c; ci++)
                y[((b * o.h + oi) * o.w + oj) * o.c + co] +=
                    x[((b * in.h + i) * in.w + j) * in.c + ci] *
                    w[((ki * wd[1] + kj) * wd[2] + co) * wd[3] + ci];
          }
}

/* ---- graphs --------------------------------------------------------------------------- */

/* A conv graph: x -> Conv2D(filter) [-> BiasAdd -> Relu]. */
static void conv_case(const char *what, Shape4 in, const int64_t *wd, int64_t sh, int64_t sw,
                      int64_t dh, int64_t dw, bool same, bool bias_relu, uint32_t seed) {
  size_t nx = (size_t)(in.n * in.h * in.w * in.c), nw = volume(wd, 4);
  float *x = malloc(nx * sizeof *x), *w = malloc(nw * sizeof *w), bias[64];
  fill(x, nx, seed);
  fill(w, nw, seed + 1);
  fill(bias, 64, seed + 2);
  Tfg g;
  tfg_init(&g);
  int64_t xd[4] = {-1, in.h, in.w, in.c};
  tfg_placeholder(&g, "x", xd, 4);
  tfg_const_f32(&g, "w", wd, 4, w);
  Tensorflow__NodeDef *conv = tfg_node(&g, "conv", "Conv2D", "x", "w", NULL);
  tfg_ints(&g, conv, "strides", (int64_t[]){1, sh, sw, 1}, 4);
  tfg_ints(&g, conv, "dilations", (int64_t[]){1, dh, dw, 1}, 4);
  tfg_string(&g, conv, "padding", same ? "SAME" : "VALID");
  tfg_string(&g, conv, "data_format", "NHWC");
  const char *out = "conv";
  if (bias_relu) {
    int64_t bd[1] = {wd[3]};
    tfg_const_f32(&g, "b", bd, 1, bias);
    tfg_node(&g, "bias", "BiasAdd", "conv", "b", NULL);
    tfg_node(&g, "relu", "Relu", "bias", NULL);
    out = "relu";
  }
  float *y = malloc(nx * 16 * sizeof *y);
  Shape4 o = ref_conv(x, in, w, wd, sh, sw, dh, dw, same, false, y);
  size_t ny = (size_t)(o.n * o.h * o.w * o.c);
  for (size_t i = 0; bias_relu && i < ny; i++) y[i] = fmaxf(y[i] + bias[i % o.c], 0);
  Feed f = {"x", 4, {in.n, in.h, in.w, in.c}, x};
  expect(what, &g, &f, 1, out, (int64_t[]){o.n, o.h, o.w, o.c}, 4, y, 1e-4);
  tfg_free(&g);
  free(x);
  free(w);
  free(y);
}

static void test_conv2d(void) {
  conv_case("Conv2D SAME 3x3", (Shape4){2, 5, 6, 3}, (int64_t[]){3, 3, 3, 4}, 1, 1, 1, 1, true,
            false, 1);
  conv_case("Conv2D SAME stride 2 (odd size: extra pad at the end)", (Shape4){1, 7, 6, 2},
            (int64_t[]){4, 3, 2, 3}, 2, 2, 1, 1, true, true, 2);
  conv_case("Conv2D VALID strides 2x1 + BiasAdd + Relu", (Shape4){2, 6, 5, 3},
            (int64_t[]){3, 2, 3, 5}, 2, 1, 1, 1, false, true, 3);
  conv_case("Conv2D SAME dilation 2", (Shape4){1, 7, 7, 2}, (int64_t[]){3, 3, 2, 2}, 1, 1, 2, 2,
            true, false, 4);
  conv_case("Conv2D grouped (4 channels, filter of 2)", (Shape4){1, 4, 4, 4},
            (int64_t[]){3, 3, 2, 6}, 1, 1, 1, 1, true, true, 5);
}

static void test_depthwise(void) {
  Shape4 in = {2, 5, 5, 3};
  int64_t wd[4] = {3, 3, 3, 2};
  float x[150], w[54], y[150 * 2];
  fill(x, 150, 11);
  fill(w, 54, 12);
  Tfg g;
  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){-1, 5, 5, 3}, 4);
  tfg_const_f32(&g, "w", wd, 4, w);
  Tensorflow__NodeDef *n = tfg_node(&g, "dw", "DepthwiseConv2dNative", "x", "w", NULL);
  tfg_ints(&g, n, "strides", (int64_t[]){1, 2, 2, 1}, 4);
  tfg_string(&g, n, "padding", "SAME");
  Shape4 o = ref_conv(x, in, w, wd, 2, 2, 1, 1, true, true, y);
  Feed f = {"x", 4, {2, 5, 5, 3}, x};
  expect("DepthwiseConv2dNative SAME stride 2", &g, &f, 1, "dw", (int64_t[]){o.n, o.h, o.w, o.c},
         4, y, 1e-4);
  tfg_free(&g);
}

static void transpose_case(const char *what, Shape4 in, int64_t k, int64_t s, bool same,
                           Shape4 o, uint32_t seed) {
  int64_t wd[4] = {k, k, o.c, in.c};
  size_t nx = (size_t)(in.n * in.h * in.w * in.c), nw = volume(wd, 4),
         ny = (size_t)(o.n * o.h * o.w * o.c);
  float *x = malloc(nx * sizeof *x), *w = malloc(nw * sizeof *w), *y = malloc(ny * sizeof *y);
  fill(x, nx, seed);
  fill(w, nw, seed + 1);
  Tfg g;
  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){-1, in.h, in.w, in.c}, 4);
  tfg_const_f32(&g, "w", wd, 4, w);
  int32_t sizes[4] = {(int32_t)o.n, (int32_t)o.h, (int32_t)o.w, (int32_t)o.c};
  tfg_vec_i32(&g, "sizes", sizes, 4);
  Tensorflow__NodeDef *n = tfg_node(&g, "deconv", "Conv2DBackpropInput", "sizes", "w", "x", NULL);
  tfg_ints(&g, n, "strides", (int64_t[]){1, s, s, 1}, 4);
  tfg_string(&g, n, "padding", same ? "SAME" : "VALID");
  ref_conv_transpose(x, in, w, wd, s, same, o, y);
  Feed f = {"x", 4, {in.n, in.h, in.w, in.c}, x};
  expect(what, &g, &f, 1, "deconv", (int64_t[]){o.n, o.h, o.w, o.c}, 4, y, 1e-4);
  tfg_free(&g);
  free(x);
  free(w);
  free(y);
}

static void test_conv2d_transpose(void) {
  transpose_case("Conv2DBackpropInput SAME stride 2 (6x6 from 3x3)", (Shape4){1, 3, 3, 2}, 3, 2,
                 true, (Shape4){1, 6, 6, 4}, 21);
  transpose_case("Conv2DBackpropInput SAME stride 2 (5x5 from 3x3)", (Shape4){1, 3, 3, 2}, 3, 2,
                 true, (Shape4){1, 5, 5, 3}, 22);
  transpose_case("Conv2DBackpropInput VALID stride 2 (8x8 from 3x3)", (Shape4){1, 3, 3, 3}, 3, 2,
                 false, (Shape4){1, 8, 8, 2}, 23);
}

static void pool_case(const char *what, bool avg, Shape4 in, int64_t k, int64_t s, bool same) {
  size_t nx = (size_t)(in.n * in.h * in.w * in.c);
  float *x = malloc(nx * sizeof *x), *y = malloc(nx * sizeof *y);
  fill(x, nx, (uint32_t)(k * 7 + s));
  Tfg g;
  tfg_init(&g);
  tfg_placeholder(&g, "x", (int64_t[]){-1, in.h, in.w, in.c}, 4);
  Tensorflow__NodeDef *n = tfg_node(&g, "pool", avg ? "AvgPool" : "MaxPool", "x", NULL);
  tfg_ints(&g, n, "ksize", (int64_t[]){1, k, k, 1}, 4);
  tfg_ints(&g, n, "strides", (int64_t[]){1, s, s, 1}, 4);
  tfg_string(&g, n, "padding", same ? "SAME" : "VALID");
  Shape4 o = ref_pool(x, in, k, s, same, avg, y);
  Feed f = {"x", 4, {in.n, in.h, in.w, in.c}, x};
  expect(what, &g, &f, 1, "pool", (int64_t[]){o.n, o.h, o.w, o.c}, 4, y, 1e-5);
  tfg_free(&g);
  free(x);
  free(y);
}

static void test_pooling(void) {
  pool_case("MaxPool 2x2/2 VALID", false, (Shape4){2, 6, 4, 3}, 2, 2, false);
  pool_case("MaxPool 3x3/2 SAME (odd)", false, (Shape4){1, 5, 6, 2}, 3, 2, true);
  pool_case("AvgPool 3x3/2 SAME: pads not counted", true, (Shape4){1, 5, 6, 2}, 3, 2, true);
  pool_case("AvgPool 2x2/1 VALID", true, (Shape4){2, 4, 4, 3}, 2, 1, false);
}

CHECK_MAIN(test_conv2d, test_depthwise, test_conv2d_transpose, test_pooling)
