/* UFF operations on small files made here (builder.h), against plain loops
 * in TensorFlow's terms: what convert-to-uff writes for a CNN (Input, Const,
 * Conv with dimension orders, Binary, Activation, Pool, Reduce,
 * FullyConnected, Softmax, MarkOutput), kernels in other orders, explicit
 * padding, depthwise and transposed convolutions, the shape operations, and
 * files the parser must refuse with a message naming the node. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define INC 2147483647
static const int64_t nhwc[] = {0, 2, INC, 1}, nchw[] = {0, 1, 2, INC}, hwio[] = {2, INC, 1, 0},
                     oihw[] = {0, 1, 2, INC}, nc[] = {0, 1}, kc[] = {0, 1};

static void orders1(Uffb *b, Uff__Node *n, const char *ref, const int64_t *data, size_t len) {
  uffb_orders(b, n, ref, (const int64_t *[]){data}, (size_t[]){len}, 1);
}

static void orders2(Uffb *b, Uff__Node *n, const char *ref, const int64_t *data, size_t ldata,
                    const int64_t *kernel, size_t lkernel) {
  uffb_orders(b, n, ref, (const int64_t *[]){data, kernel}, (size_t[]){ldata, lkernel}, 2);
}

static void expect_uff(const char *what, const Uffb *b, const Feed *f, const char *output,
                       const int64_t *dims, int rank, const float *want, double tol) {
  size_t size;
  uint8_t *bytes = uffb_pack(b, &size);
  expect_bytes(what, bytes, size, f, 1, output, dims, rank, want, tol);
  free(bytes);
}

/* What convert-to-uff makes of a small Keras CNN:
 * conv(same) + bias -> relu6 -> avg pool -> mean(H, W) -> dense -> softmax. */
static void test_cnn(void) {
  enum { N = 2, S = 6, C = 3, M = 4, O = 3 };
  float x[N * S * S * C], w[3 * 3 * C * M], bias[M], fc[O * M], conv[N * S * S * M],
      pooled[N * 3 * 3 * M], want[N * O];
  fill(x, sizeof x / sizeof *x, 1);
  fill(w, sizeof w / sizeof *w, 2);
  fill(bias, M, 3);
  fill(fc, O * M, 4);
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, S, S, C}, 4);
  uffb_const_f32(&b, "kernel", (int64_t[]){3, 3, C, M}, 4, w);
  Uff__Node *n = uffb_node(&b, "conv", "Conv", "x", "kernel", NULL);
  uffb_ints(&b, n, "strides", (int64_t[]){1, 1}, 2);
  uffb_s(&b, n, "implicit_padding", "same");
  orders2(&b, n, "orders_N+C_+CK", nhwc, 4, hwio, 4);
  uffb_const_f32(&b, "bias", (int64_t[]){M}, 1, bias);
  n = uffb_node(&b, "biased", "Binary", "conv", "bias", NULL);
  uffb_s(&b, n, "func", "add");
  n = uffb_node(&b, "relu6", "Activation", "biased", NULL);
  uffb_s(&b, n, "func", "relu6");
  n = uffb_node(&b, "pool", "Pool", "relu6", NULL);
  uffb_s(&b, n, "func", "avg");
  uffb_ints(&b, n, "kernel", (int64_t[]){2, 2}, 2);
  uffb_ints(&b, n, "strides", (int64_t[]){2, 2}, 2);
  orders1(&b, n, "orders_N+C", nhwc, 4);
  n = uffb_node(&b, "mean", "Reduce", "pool", NULL);
  uffb_s(&b, n, "func", "mean");
  uffb_ints(&b, n, "axes", (int64_t[]){1, 2}, 2);
  uffb_i(&b, n, "keepdims", 0);
  uffb_const_f32(&b, "fc_w", (int64_t[]){O, M}, 2, fc);
  n = uffb_node(&b, "dense", "FullyConnected", "mean", "fc_w", NULL);
  orders2(&b, n, "orders_NC_KC", nc, 2, kc, 2);
  n = uffb_node(&b, "prob", "Softmax", "dense", NULL);
  uffb_i(&b, n, "axis", 0);
  orders1(&b, n, "orders_N+C", nhwc, 4);
  uffb_node(&b, "MarkOutput_0", "MarkOutput", "prob", NULL);

  Shape4 s = ref_conv(x, (Shape4){N, S, S, C}, w, (int64_t[]){3, 3, C, M}, 1, 1, 1, 1, true,
                      false, conv);
  for (int i = 0; i < N * S * S * M; i++) conv[i] = fminf(fmaxf(conv[i] + bias[i % M], 0), 6);
  s = ref_pool(conv, s, 2, 2, false, true, pooled);
  for (int b0 = 0; b0 < N; b0++) {
    double logits[O], m = -INFINITY, sum = 0;
    for (int o = 0; o < O; o++) {
      double acc = 0;
      for (int k = 0; k < M; k++) {
        double mean = 0;
        for (int p = 0; p < s.h * s.w; p++) mean += pooled[(b0 * s.h * s.w + p) * M + k];
        acc += mean / (double)(s.h * s.w) * fc[o * M + k];
      }
      logits[o] = acc;
      m = fmax(m, acc);
    }
    for (int o = 0; o < O; o++) sum += exp(logits[o] - m);
    for (int o = 0; o < O; o++) want[b0 * O + o] = (float)(exp(logits[o] - m) / sum);
  }
  Feed f = {"x", 4, {N, S, S, C}, x};
  expect_uff("UFF CNN (Conv, Binary, Activation, Pool, Reduce, FullyConnected, Softmax)", &b, &f,
             "prob", (int64_t[]){N, O}, 2, want, 1e-5);
  uffb_free(&b);
}

/* Kernels stored OIHW, explicit symmetric padding, dilation, groups. */
static void test_conv_variants(void) {
  enum { N = 1, S = 5, C = 4 };
  float x[N * S * S * C], hwio_w[3 * 3 * 2 * 6], oihw_w[6 * 2 * 3 * 3], y[N * S * S * 6 * 2];
  fill(x, sizeof x / sizeof *x, 11);
  fill(hwio_w, sizeof hwio_w / sizeof *hwio_w, 12);
  /* The same filter stored O, I, H, W. */
  for (int kh = 0; kh < 3; kh++)
    for (int kw = 0; kw < 3; kw++)
      for (int i = 0; i < 2; i++)
        for (int o = 0; o < 6; o++)
          oihw_w[((o * 2 + i) * 3 + kh) * 3 + kw] = hwio_w[((kh * 3 + kw) * 2 + i) * 6 + o];
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, S, S, C}, 4);
  uffb_const_f32(&b, "kernel", (int64_t[]){6, 2, 3, 3}, 4, oihw_w);
  Uff__Node *n = uffb_node(&b, "conv", "Conv", "x", "kernel", NULL);
  uffb_ints(&b, n, "strides", (int64_t[]){1, 1}, 2);
  uffb_ints(&b, n, "padding", (int64_t[]){2, 2}, 2);
  uffb_ints(&b, n, "dilation", (int64_t[]){2, 2}, 2);
  uffb_i(&b, n, "number_groups", 2);
  orders2(&b, n, "orders_N+C_KC+", nhwc, 4, oihw, 4);
  /* SAME with dilation 2 and a 3x3 kernel pads 2 each side: the same. */
  Shape4 s = ref_conv(x, (Shape4){N, S, S, C}, hwio_w, (int64_t[]){3, 3, 2, 6}, 1, 1, 2, 2, true,
                      false, y);
  Feed f = {"x", 4, {N, S, S, C}, x};
  expect_uff("UFF Conv: OIHW kernel, padding [2, 2], dilation 2, 2 groups", &b, &f, "conv",
             (int64_t[]){s.n, s.h, s.w, s.c}, 4, y, 1e-5);
  uffb_free(&b);

  /* Depthwise: number_groups = the channels, kernel [3, 3, C, 2] (read
   * through an Identity). */
  float dw[3 * 3 * C * 2];
  fill(dw, sizeof dw / sizeof *dw, 13);
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, S, S, C}, 4);
  n = uffb_node(&b, "conv", "Conv", "x", "kernel/read", NULL);
  uffb_node(&b, "kernel/read", "Identity", "kernel", NULL);
  uffb_const_f32(&b, "kernel", (int64_t[]){3, 3, C, 2}, 4, dw);
  uffb_ints(&b, n, "strides", (int64_t[]){2, 2}, 2);
  uffb_s(&b, n, "implicit_padding", "same");
  uffb_i(&b, n, "number_groups", C);
  orders2(&b, n, "orders_N+C_+CK", nhwc, 4, hwio, 4);
  s = ref_conv(x, (Shape4){N, S, S, C}, dw, (int64_t[]){3, 3, C, 2}, 2, 2, 1, 1, true, true, y);
  expect_uff("UFF Conv depthwise (number_groups = channels)", &b, &f, "conv",
             (int64_t[]){s.n, s.h, s.w, s.c}, 4, y, 1e-5);
  uffb_free(&b);

  /* A channels-first graph: input NCHW, Pool max with orders NC+. */
  float xc[N * C * S * S], want[N * C * 2 * 2], xt[N * S * S * C];
  fill(xc, sizeof xc / sizeof *xc, 14);
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, C, S, S}, 4);
  n = uffb_node(&b, "pool", "Pool", "x", NULL);
  uffb_s(&b, n, "func", "max");
  uffb_ints(&b, n, "kernel", (int64_t[]){3, 3}, 2);
  uffb_ints(&b, n, "strides", (int64_t[]){2, 2}, 2);
  orders1(&b, n, "orders_NC+", nchw, 4);
  for (int c = 0; c < C; c++)
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) {
        float m = -INFINITY;
        for (int ki = 0; ki < 3; ki++)
          for (int kj = 0; kj < 3; kj++) m = fmaxf(m, xc[(c * S + 2 * i + ki) * S + 2 * j + kj]);
        want[(c * 2 + i) * 2 + j] = m;
      }
  for (int c = 0; c < C; c++)
    for (int p = 0; p < S * S; p++) xt[p * C + c] = xc[c * S * S + p];
  Feed fc = {"x", 4, {N, S, S, C}, xt};
  expect_uff("UFF Pool with orders NC+ (a channels-first graph)", &b, &fc, "pool",
             (int64_t[]){N, C, 2, 2}, 4, want, 1e-6);
  uffb_free(&b);
}

/* ConvTranspose(x, kernel, [h, w]) as TensorFlow's conv2d_transpose. */
static void test_conv_transpose(void) {
  enum { N = 1, S = 3, CI = 2, CO = 3, OS = 6 };
  float x[N * S * S * CI], w[3 * 3 * CO * CI], want[N * OS * OS * CO];
  fill(x, sizeof x / sizeof *x, 21);
  fill(w, sizeof w / sizeof *w, 22);
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, S, S, CI}, 4);
  uffb_const_f32(&b, "kernel", (int64_t[]){3, 3, CO, CI}, 4, w);
  uffb_const_i32(&b, "out_hw", (int64_t[]){2}, 1, (int32_t[]){OS, OS});
  Uff__Node *n = uffb_node(&b, "deconv", "ConvTranspose", "x", "kernel", "out_hw", NULL);
  uffb_ints(&b, n, "strides", (int64_t[]){2, 2}, 2);
  uffb_s(&b, n, "implicit_padding", "same");
  orders2(&b, n, "orders_N+C_+CK", nhwc, 4, hwio, 4);
  /* TensorFlow: out[i*2 + k - pad] += x[i] * w[k]; SAME pads (2*2+3-6)/2. */
  memset(want, 0, sizeof want);
  int pad = ((S - 1) * 2 + 3 - OS) / 2;
  for (int i = 0; i < S; i++)
    for (int j = 0; j < S; j++)
      for (int ki = 0; ki < 3; ki++)
        for (int kj = 0; kj < 3; kj++) {
          int oi = i * 2 + ki - pad, oj = j * 2 + kj - pad;
          if (oi < 0 || oi >= OS || oj < 0 || oj >= OS) continue;
          for (int co = 0; co < CO; co++)
            for (int ci = 0; ci < CI; ci++)
              want[(oi * OS + oj) * CO + co] +=
                  x[(i * S + j) * CI + ci] * w[((ki * 3 + kj) * CO + co) * CI + ci];
        }
  Feed f = {"x", 4, {N, S, S, CI}, x};
  expect_uff("UFF ConvTranspose to 6x6", &b, &f, "deconv", (int64_t[]){N, OS, OS, CO}, 4, want,
             1e-5);
  uffb_free(&b);
}

/* Binary, Unary and Activation funcs, Concat, Flatten, Stack, Transpose,
 * Squeeze, ExpandDims, BatchNorm and a TF op kept as "_Op". */
static void test_shape_ops(void) {
  enum { N = 2, H = 2, W = 3, C = 2, V = N * H * W * C };
  float x[V], y[V * 4], scale[C] = {1.5f, -0.5f}, offset[C] = {0.25f, 1};
  float mean[C] = {0.1f, -0.2f}, var[C] = {0.5f, 2};
  fill(x, V, 31);
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, H, W, C}, 4);
  uffb_const_f32(&b, "scale", (int64_t[]){C}, 1, scale);
  uffb_const_f32(&b, "offset", (int64_t[]){C}, 1, offset);
  uffb_const_f32(&b, "mean", (int64_t[]){C}, 1, mean);
  uffb_const_f32(&b, "var", (int64_t[]){C}, 1, var);
  Uff__Node *n = uffb_node(&b, "bn", "BatchNorm", "x", "scale", "offset", "mean", "var", NULL);
  uffb_d(&b, n, "epsilon", 0.001);
  orders1(&b, n, "orders_N+C", nhwc, 4);
  n = uffb_node(&b, "sq", "Unary", "bn", NULL);
  uffb_s(&b, n, "func", "square");
  n = uffb_node(&b, "neg", "_Neg", "sq", NULL); /* kept as the TF op */
  n = uffb_node(&b, "both", "Concat", "bn", "neg", NULL);
  uffb_i(&b, n, "axis", -1);
  n = uffb_node(&b, "perm", "Transpose", "both", NULL);
  uffb_ints(&b, n, "permutation", (int64_t[]){0, 3, 1, 2}, 4);
  n = uffb_node(&b, "flat", "Flatten", "perm", NULL);
  n = uffb_node(&b, "halves", "Binary", "flat", "flat", NULL);
  uffb_s(&b, n, "func", "max");
  n = uffb_node(&b, "stacked", "Stack", "halves", "flat", NULL);
  uffb_i(&b, n, "axis", 1);
  n = uffb_node(&b, "expanded", "ExpandDims", "stacked", NULL);
  uffb_i(&b, n, "axis", 0);
  n = uffb_node(&b, "out", "Squeeze", "expanded", NULL);
  uffb_i(&b, n, "axis", 0);
  uffb_node(&b, "MarkOutput_0", "MarkOutput", "out", NULL);
  /* bn -> [N,H,W,C]; both = concat(bn, -bn^2) [N,H,W,2C]; perm to
   * [N,2C,H,W]; flat [N, 2C*H*W]; stacked [N, 2, 2C*H*W]. */
  float bn[V];
  for (int i = 0; i < V; i++) {
    int c = i % C;
    bn[i] = (float)((x[i] - mean[c]) / sqrt(var[c] + 0.001) * scale[c] + offset[c]);
  }
  int F = 2 * C * H * W;
  for (int b0 = 0; b0 < N; b0++)
    for (int c2 = 0; c2 < 2 * C; c2++)
      for (int h = 0; h < H; h++)
        for (int w = 0; w < W; w++) {
          float v = bn[((b0 * H + h) * W + w) * C + c2 % C];
          if (c2 >= C) v = -v * v;
          int f = (c2 * H + h) * W + w;
          y[(b0 * 2 + 0) * F + f] = v;
          y[(b0 * 2 + 1) * F + f] = v;
        }
  Feed f = {"x", 4, {N, H, W, C}, x};
  expect_uff("UFF BatchNorm, Unary, _Neg, Concat, Transpose, Flatten, Binary, Stack, ExpandDims, "
             "Squeeze",
             &b, &f, "out", (int64_t[]){N, 2, F}, 3, y, 1e-5);
  uffb_free(&b);
}

/* Files the parser must refuse, with the node and the problem named. */
static void expect_refused(const char *what, const Uffb *b, const char *input_name,
                           bool register_input) {
  size_t size;
  uint8_t *bytes = uffb_pack(b, &size);
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, logger);
  TrtUffParser *parser = trt_uff_parser_new();
  TrtDims chw = {3, {1, 4, 4}};
  if (register_input) trt_uff_parser_register_input(parser, input_name, &chw, TRT_UFF_INPUT_ORDER_NCHW);
  TrtStatus s = trt_uff_parser_parse_buffer(parser, bytes, size, net, TRT_DATA_TYPE_FLOAT);
  CHECK(s != TRT_STATUS_OK);
  if (s == TRT_STATUS_OK) printf("FAIL %s: accepted\n", what);
  trt_uff_parser_free(parser);
  trt_network_free(net);
  free(bytes);
}

static void test_refused(void) {
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 1}, 4);
  Uff__Node *n = uffb_node(&b, "act", "Activation", "x", NULL);
  uffb_s(&b, n, "func", "swish");
  expect_refused("an Activation func not known", &b, "x", true);
  uffb_free(&b);

  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 1}, 4);
  uffb_node(&b, "odd", "Frobnicate", "x", NULL);
  expect_refused("an unknown operation", &b, "x", true);
  uffb_free(&b);

  uffb_init(&b);
  uffb_input(&b, "x", NULL, 0);
  uffb_node(&b, "id", "Identity", "x", NULL);
  expect_refused("an Input without a shape, not registered", &b, "x", false);
  uffb_free(&b);

  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 1}, 4);
  n = uffb_node(&b, "k", "Const", NULL);
  uffb_dtype(&b, n, "dtype", UFF__DATA_TYPE__DT_FLOAT32);
  uffb_ints(&b, n, "shape", (int64_t[]){2}, 1);
  n = uffb_node(&b, "sum", "Binary", "x", "k", NULL);
  uffb_s(&b, n, "func", "add");
  expect_refused("a Const without values", &b, "x", true);
  uffb_free(&b);

  /* Operations missing their data input. */
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 1}, 4);
  n = uffb_node(&b, "r", "Reduce", NULL);
  uffb_s(&b, n, "func", "sum");
  uffb_ints(&b, n, "axes", (int64_t[]){1}, 1);
  expect_refused("a Reduce without input", &b, "x", true);
  uffb_free(&b);
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 1}, 4);
  n = uffb_node(&b, "e", "ExpandDims", NULL);
  uffb_i(&b, n, "axis", 0);
  expect_refused("an ExpandDims without input", &b, "x", true);
  uffb_free(&b);

  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, 4, 4, 1}, 4);
  uffb_node(&b, "id", "Identity", "nowhere", NULL);
  expect_refused("a node reading a node that is not there", &b, "x", true);
  uffb_free(&b);
}

CHECK_MAIN(test_cnn, test_conv_variants, test_conv_transpose, test_shape_ops, test_refused)
