/* Data movement and shape ops (Reshape and the Keras Flatten pattern,
 * Squeeze, ExpandDims, Transpose, Concat, Pack, Pad, MirrorPad, Shape,
 * StridedSlice, Fill, Cast, Identity), MatMul, FusedBatchNorm, BiasAdd in
 * NCHW and resizing, on small graphs against plain loops. Most read "pre",
 * a conv output held channels first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

enum { N = 2, H = 3, W = 4, C = 3, K = 5, NPRE = N * H * W * K };
static const int64_t pre_dims[4] = {N, H, W, K};

typedef struct {
  Tfg g;
  float x[N * H * W * C];
  float pre[NPRE];
  float want[NPRE * 4];
} Case;

static void case_init(Case *t, uint32_t seed) {
  tfg_init(&t->g);
  pre_conv(&t->g, N, H, W, C, K, t->x, t->pre, seed);
}

static void case_run(Case *t, const char *what, const char *output, const int64_t *dims, int rank,
                     double tol) {
  Feed f = {"x", 4, {N, H, W, C}, t->x};
  expect(what, &t->g, &f, 1, output, dims, rank, t->want, tol);
  tfg_free(&t->g);
}

/* pre[n][h][w][k] */
static float at(const Case *t, int64_t n, int64_t h, int64_t w, int64_t k) {
  return t->pre[((n * H + h) * W + w) * K + k];
}

/* ---- reshaping ------------------------------------------------------------------------ */

static void test_reshape(void) {
  Case t;
  case_init(&t, 1);
  tfg_vec_i32(&t.g, "shape", (int32_t[]){-1, H * W * K}, 2);
  tfg_node(&t.g, "y", "Reshape", "pre", "shape", NULL);
  memcpy(t.want, t.pre, sizeof t.pre);
  case_run(&t, "Reshape to [-1, H*W*C]: TF's order", "y", (int64_t[]){N, H * W * K}, 2, 1e-5);

  /* Keras' Flatten: the batch comes from the value's shape at run time. */
  case_init(&t, 2);
  Tensorflow__NodeDef *shape = tfg_node(&t.g, "flatten/Shape", "Shape", "pre", NULL);
  tfg_type(&t.g, shape, "out_type", TENSORFLOW__DATA_TYPE__DT_INT32);
  tfg_vec_i32(&t.g, "begin", (int32_t[]){0}, 1);
  tfg_vec_i32(&t.g, "end", (int32_t[]){1}, 1);
  tfg_vec_i32(&t.g, "strides", (int32_t[]){1}, 1);
  Tensorflow__NodeDef *ss =
      tfg_node(&t.g, "flatten/strided_slice", "StridedSlice", "flatten/Shape", "begin", "end",
               "strides", NULL);
  tfg_int(&t.g, ss, "shrink_axis_mask", 1);
  tfg_const_i32(&t.g, "minus_one", NULL, 0, (int32_t[]){-1}, 1);
  Tensorflow__NodeDef *pack =
      tfg_node(&t.g, "flatten/Reshape/shape", "Pack", "flatten/strided_slice", "minus_one", NULL);
  tfg_int(&t.g, pack, "axis", 0);
  tfg_node(&t.g, "y", "Reshape", "pre", "flatten/Reshape/shape", NULL);
  memcpy(t.want, t.pre, sizeof t.pre);
  case_run(&t, "Keras Flatten (Shape, StridedSlice, Pack, Reshape)", "y",
           (int64_t[]){N, H * W * K}, 2, 1e-5);

  /* Mean with keep_dims, then Squeeze of the two unit dims. */
  for (int all = 0; all < 2; all++) {
    case_init(&t, 3);
    tfg_vec_i32(&t.g, "axes", (int32_t[]){1, 2}, 2);
    Tensorflow__NodeDef *mean = tfg_node(&t.g, "mean", "Mean", "pre", "axes", NULL);
    tfg_bool(&t.g, mean, "keep_dims", 1);
    Tensorflow__NodeDef *sq = tfg_node(&t.g, "y", "Squeeze", "mean", NULL);
    if (!all) tfg_ints(&t.g, sq, "squeeze_dims", (int64_t[]){2, -3}, 2);
    for (int n = 0; n < N; n++)
      for (int k = 0; k < K; k++) {
        double s = 0;
        for (int h = 0; h < H; h++)
          for (int w = 0; w < W; w++) s += at(&t, n, h, w, k);
        t.want[n * K + k] = (float)(s / (H * W));
      }
    case_run(&t, all ? "Squeeze of every unit dim" : "Squeeze of dims 2 and -3", "y",
             (int64_t[]){N, K}, 2, 1e-5);
  }

  /* ExpandDims in the middle (axis -2 of rank 5 = 3). */
  case_init(&t, 4);
  tfg_const_i32(&t.g, "axis", NULL, 0, (int32_t[]){-2}, 1);
  tfg_node(&t.g, "y", "ExpandDims", "pre", "axis", NULL);
  memcpy(t.want, t.pre, sizeof t.pre);
  case_run(&t, "ExpandDims", "y", (int64_t[]){N, H, W, 1, K}, 5, 1e-5);
}

/* pre transposed by perm, then Relu (which keeps the order) as output. */
static void transpose_case(const int32_t *perm, const char *what) {
  Case t;
  case_init(&t, 5);
  tfg_vec_i32(&t.g, "perm", perm, 4);
  tfg_node(&t.g, "t", "Transpose", "pre", "perm", NULL);
  tfg_node(&t.g, "y", "Relu", "t", NULL);
  int64_t od[4];
  for (int i = 0; i < 4; i++) od[i] = pre_dims[perm[i]];
  for (int64_t o = 0; o < NPRE; o++) {
    int64_t oi[4] = {o / (od[1] * od[2] * od[3]), o / (od[2] * od[3]) % od[1], o / od[3] % od[2],
                     o % od[3]},
            ii[4];
    for (int i = 0; i < 4; i++) ii[perm[i]] = oi[i];
    t.want[o] = fmaxf(at(&t, ii[0], ii[1], ii[2], ii[3]), 0);
  }
  case_run(&t, what, "y", od, 4, 1e-5);
}

static void test_transpose(void) {
  transpose_case((int32_t[]){0, 3, 1, 2}, "Transpose to NCHW (the network's own order)");
  transpose_case((int32_t[]){0, 2, 1, 3}, "Transpose of H and W");
  transpose_case((int32_t[]){3, 1, 2, 0}, "Transpose of N and C");
}

/* ---- joining --------------------------------------------------------------------------- */

static void test_concat(void) {
  /* pre (permuted) with an input in TF's order, along channels (-1). */
  Case t;
  case_init(&t, 6);
  float v[N * H * W * 2];
  fill(v, sizeof v / sizeof *v, 60);
  tfg_placeholder(&t.g, "v", (int64_t[]){-1, H, W, 2}, 4);
  tfg_const_i32(&t.g, "axis", NULL, 0, (int32_t[]){-1}, 1);
  tfg_node(&t.g, "y", "ConcatV2", "pre", "v", "axis", NULL);
  for (int p = 0; p < N * H * W; p++) {
    for (int k = 0; k < K; k++) t.want[p * (K + 2) + k] = t.pre[p * K + k];
    for (int k = 0; k < 2; k++) t.want[p * (K + 2) + K + k] = v[p * 2 + k];
  }
  Feed f[2] = {{"x", 4, {N, H, W, C}, t.x}, {"v", 4, {N, H, W, 2}, v}};
  expect("ConcatV2 of a conv output and an input on channels", &t.g, f, 2, "y",
         (int64_t[]){N, H, W, K + 2}, 4, t.want, 1e-5);
  tfg_free(&t.g);

  /* The old Concat (axis first), on H, of pre with itself. */
  case_init(&t, 7);
  tfg_const_i32(&t.g, "axis", NULL, 0, (int32_t[]){1}, 1);
  tfg_node(&t.g, "y", "Concat", "axis", "pre", "pre", NULL);
  for (int n = 0; n < N; n++)
    for (int r = 0; r < 2; r++)
      memcpy(t.want + (n * 2 + r) * H * W * K, t.pre + n * H * W * K, H * W * K * sizeof(float));
  case_run(&t, "Concat on H", "y", (int64_t[]){N, 2 * H, W, K}, 4, 1e-5);

  /* Pack of two [N, 3] values on axis 1. */
  Tfg g;
  tfg_init(&g);
  float a[N * 3], want[N * 2 * 3];
  fill(a, N * 3, 70);
  tfg_placeholder(&g, "a", (int64_t[]){-1, 3}, 2);
  tfg_node(&g, "b", "Neg", "a", NULL);
  Tensorflow__NodeDef *pack = tfg_node(&g, "y", "Pack", "a", "b", NULL);
  tfg_int(&g, pack, "axis", 1);
  for (int n = 0; n < N; n++)
    for (int k = 0; k < 3; k++) {
      want[(n * 2 + 0) * 3 + k] = a[n * 3 + k];
      want[(n * 2 + 1) * 3 + k] = -a[n * 3 + k];
    }
  Feed fa = {"a", 2, {N, 3}, a};
  expect("Pack on axis 1", &g, &fa, 1, "y", (int64_t[]){N, 2, 3}, 3, want, 1e-6);
  tfg_free(&g);
}

/* ---- padding ----------------------------------------------------------------------------- */

/* Source index of padded index i in a dim of n with `before` padding. */
static int64_t mirror(int64_t i, int64_t n, int64_t before, int mode) {
  int64_t j = i - before;
  if (mode == 0) return j < 0 || j >= n ? -1 : j; /* constant */
  if (j < 0) return mode == 1 ? -j : -j - 1;        /* reflect, symmetric */
  if (j >= n) return mode == 1 ? 2 * n - 2 - j : 2 * n - 1 - j;
  return j;
}

static void pad_case(const char *what, const char *op, const char *mode_attr, int mode,
                     const int32_t *pads, const float *value) {
  Case t;
  case_init(&t, 8);
  int64_t pd[2] = {4, 2};
  tfg_const_i32(&t.g, "pads", pd, 2, pads, 8);
  Tensorflow__NodeDef *n;
  if (value) {
    tfg_const_f32(&t.g, "value", NULL, 0, value);
    n = tfg_node(&t.g, "y", op, "pre", "pads", "value", NULL);
  } else {
    n = tfg_node(&t.g, "y", op, "pre", "pads", NULL);
  }
  if (mode_attr) tfg_string(&t.g, n, "mode", mode_attr);
  int64_t od[4];
  for (int d = 0; d < 4; d++) od[d] = pre_dims[d] + pads[2 * d] + pads[2 * d + 1];
  size_t no = volume(od, 4);
  for (size_t o = 0; o < no; o++) {
    int64_t oi[4] = {(int64_t)o / (od[1] * od[2] * od[3]), (int64_t)o / (od[2] * od[3]) % od[1],
                     (int64_t)o / od[3] % od[2], (int64_t)o % od[3]},
            ii[4];
    bool inside = true;
    for (int d = 0; d < 4; d++) {
      ii[d] = mirror(oi[d], pre_dims[d], pads[2 * d], mode);
      inside = inside && ii[d] >= 0;
    }
    t.want[o] = inside ? at(&t, ii[0], ii[1], ii[2], ii[3]) : (value ? *value : 0);
  }
  case_run(&t, what, "y", od, 4, 1e-6);
}

static void test_pad(void) {
  pad_case("Pad of H and W", "Pad", NULL, 0, (int32_t[]){0, 0, 1, 2, 0, 1, 0, 0}, NULL);
  pad_case("Pad of C", "Pad", NULL, 0, (int32_t[]){0, 0, 0, 0, 0, 0, 2, 1}, NULL);
  pad_case("PadV2 with 0.75", "PadV2", NULL, 0, (int32_t[]){0, 1, 1, 0, 2, 2, 0, 0},
           (float[]){0.75f});
  pad_case("MirrorPad REFLECT", "MirrorPad", "REFLECT", 1, (int32_t[]){0, 0, 2, 1, 1, 3, 0, 0},
           NULL);
  pad_case("MirrorPad SYMMETRIC by 1", "MirrorPad", "SYMMETRIC", 2,
           (int32_t[]){0, 0, 1, 1, 0, 1, 1, 0}, NULL);
}

/* ---- shapes and slices ------------------------------------------------------------------------- */

static void test_shape(void) {
  Case t;
  case_init(&t, 9);
  tfg_node(&t.g, "shape", "Shape", "pre", NULL);
  Tensorflow__NodeDef *cast = tfg_node(&t.g, "y", "Cast", "shape", NULL);
  tfg_type(&t.g, cast, "DstT", TENSORFLOW__DATA_TYPE__DT_FLOAT);
  for (int i = 0; i < 4; i++) t.want[i] = (float)pre_dims[i];
  case_run(&t, "Shape of a conv output (TF's order), cast to float", "y", (int64_t[]){4}, 1, 0);
}

typedef struct {
  int32_t begin[6], end[6], strides[6];
  int n;
  int64_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask;
} SliceSpec;

/* Expected values for a slice of pre given per pre dim as start, stop,
 * step (after masks), which dims shrink and where new axes go. */
static void slice_case(const char *what, const SliceSpec *s, const int64_t (*ranges)[3],
                       const bool *shrink, const int64_t *out_dims, int out_rank) {
  Case t;
  case_init(&t, 10);
  tfg_vec_i32(&t.g, "begin", s->begin, (size_t)s->n);
  tfg_vec_i32(&t.g, "end", s->end, (size_t)s->n);
  tfg_vec_i32(&t.g, "strides", s->strides, (size_t)s->n);
  Tensorflow__NodeDef *n = tfg_node(&t.g, "y", "StridedSlice", "pre", "begin", "end", "strides", NULL);
  tfg_int(&t.g, n, "begin_mask", s->begin_mask);
  tfg_int(&t.g, n, "end_mask", s->end_mask);
  tfg_int(&t.g, n, "ellipsis_mask", s->ellipsis_mask);
  tfg_int(&t.g, n, "new_axis_mask", s->new_axis_mask);
  tfg_int(&t.g, n, "shrink_axis_mask", s->shrink_axis_mask);
  /* Walk the kept ranges in order; shrunk and new axes do not change the
   * flat order of the values. */
  int64_t count[4], o = 0;
  for (int d = 0; d < 4; d++) {
    int64_t len = (ranges[d][1] - ranges[d][0]) / ranges[d][2];
    if ((ranges[d][1] - ranges[d][0]) % ranges[d][2]) len++;
    count[d] = shrink[d] ? 1 : len;
  }
  for (int64_t a = 0; a < count[0]; a++)
    for (int64_t b = 0; b < count[1]; b++)
      for (int64_t c = 0; c < count[2]; c++)
        for (int64_t d = 0; d < count[3]; d++)
          t.want[o++] = at(&t, ranges[0][0] + a * ranges[0][2], ranges[1][0] + b * ranges[1][2],
                           ranges[2][0] + c * ranges[2][2], ranges[3][0] + d * ranges[3][2]);
  CHECK_INT(o, (int64_t)volume(out_dims, out_rank));
  case_run(&t, what, "y", out_dims, out_rank, 1e-5);
}

static void test_strided_slice(void) {
  /* x[:, 1:3, ::2, :] */
  SliceSpec a = {{0, 1, 0, 0}, {0, 3, 0, 0}, {1, 1, 2, 1}, 4, 0b1101, 0b1101, 0, 0, 0};
  slice_case("StridedSlice [:, 1:3, ::2, :]", &a,
             (const int64_t[][3]){{0, N, 1}, {1, 3, 1}, {0, W, 2}, {0, K, 1}},
             (bool[]){0, 0, 0, 0}, (int64_t[]){N, 2, 2, K}, 4);
  /* x[..., 2]: ellipsis, then a shrunk channel. */
  SliceSpec b = {{0, 2}, {0, 3}, {1, 1}, 2, 0, 0, 0b01, 0, 0b10};
  slice_case("StridedSlice [..., 2]", &b,
             (const int64_t[][3]){{0, N, 1}, {0, H, 1}, {0, W, 1}, {2, 3, 1}},
             (bool[]){0, 0, 0, 1}, (int64_t[]){N, H, W}, 3);
  /* x[:, -1, ::-1, tf.newaxis, 1:4]: negative index shrunk, reversed W,
   * a new axis. */
  SliceSpec c = {{0, -1, 0, 0, 1}, {0, 0, 0, 0, 4}, {1, 1, -1, 1, 1}, 5, 0b00101, 0b00101, 0,
                 0b01000, 0b00010};
  slice_case("StridedSlice [:, -1, ::-1, newaxis, 1:4]", &c,
             (const int64_t[][3]){{0, N, 1}, {H - 1, H, 1}, {W - 1, -1, -1}, {1, 4, 1}},
             (bool[]){0, 1, 0, 0}, (int64_t[]){N, W, 1, 3}, 4);
  /* x[:, :2]: the dims after the spec are whole. */
  SliceSpec d = {{0, 0}, {0, 2}, {1, 1}, 2, 0b01, 0b01, 0, 0, 0};
  slice_case("StridedSlice [:, :2] (implicit whole dims)", &d,
             (const int64_t[][3]){{0, N, 1}, {0, 2, 1}, {0, W, 1}, {0, K, 1}},
             (bool[]){0, 0, 0, 0}, (int64_t[]){N, 2, W, K}, 4);
}

static void test_fill_cast_identity(void) {
  Tfg g;
  tfg_init(&g);
  float a[N * 3], want[N * 3];
  fill(a, N * 3, 80);
  tfg_placeholder(&g, "a", (int64_t[]){-1, 3}, 2);
  tfg_vec_i32(&g, "dims", (int32_t[]){N, 3}, 2);
  tfg_const_f32(&g, "value", NULL, 0, (float[]){1.5f});
  tfg_node(&g, "filled", "Fill", "dims", "value", NULL);
  /* int32 values through Cast; one value given for three (TF repeats it). */
  tfg_const_i32(&g, "ints", (int64_t[]){3}, 1, (int32_t[]){-2}, 1);
  Tensorflow__NodeDef *cast = tfg_node(&g, "floats", "Cast", "ints", NULL);
  tfg_type(&g, cast, "DstT", TENSORFLOW__DATA_TYPE__DT_FLOAT);
  tfg_node(&g, "sum", "AddV2", "a", "filled", NULL);
  tfg_node(&g, "sum2", "Mul", "sum", "floats", NULL);
  tfg_node(&g, "id", "Identity", "sum2", NULL);
  tfg_node(&g, "y", "Snapshot", "id", NULL);
  for (int i = 0; i < N * 3; i++) want[i] = (a[i] + 1.5f) * -2.0f;
  Feed f = {"a", 2, {N, 3}, a};
  expect("Fill, Cast of a repeated int32, Identity, Snapshot", &g, &f, 1, "y", (int64_t[]){N, 3},
         2, want, 1e-6);
  tfg_free(&g);
}

/* ---- products, batch norm, biases ------------------------------------------------------------- */

static void test_matmul(void) {
  for (int tb = 0; tb < 2; tb++) {
    Tfg g;
    tfg_init(&g);
    float a[N * 4], w[4 * 3], bias[3], want[N * 3];
    fill(a, N * 4, 90);
    fill(w, 12, 91);
    fill(bias, 3, 92);
    tfg_placeholder(&g, "a", (int64_t[]){-1, 4}, 2);
    tfg_const_f32(&g, "w", tb ? (int64_t[]){3, 4} : (int64_t[]){4, 3}, 2, w);
    tfg_const_f32(&g, "b", (int64_t[]){3}, 1, bias);
    Tensorflow__NodeDef *mm = tfg_node(&g, "mm", "MatMul", "a", "w", NULL);
    tfg_bool(&g, mm, "transpose_b", tb);
    tfg_node(&g, "y", "BiasAdd", "mm", "b", NULL);
    for (int n = 0; n < N; n++)
      for (int j = 0; j < 3; j++) {
        double s = bias[j];
        for (int k = 0; k < 4; k++) s += a[n * 4 + k] * (tb ? w[j * 4 + k] : w[k * 3 + j]);
        want[n * 3 + j] = (float)s;
      }
    Feed f = {"a", 2, {N, 4}, a};
    expect(tb ? "MatMul transpose_b + BiasAdd" : "MatMul + BiasAdd", &g, &f, 1, "y",
           (int64_t[]){N, 3}, 2, want, 1e-5);
    tfg_free(&g);
  }
  /* BatchMatMulV2 with adj_y: [N, 2, 4] x [3, 4]^T. */
  Tfg g;
  tfg_init(&g);
  float a[N * 8], w[12], want[N * 6];
  fill(a, N * 8, 93);
  fill(w, 12, 94);
  tfg_placeholder(&g, "a", (int64_t[]){-1, 2, 4}, 3);
  tfg_const_f32(&g, "w", (int64_t[]){3, 4}, 2, w);
  Tensorflow__NodeDef *bmm = tfg_node(&g, "y", "BatchMatMulV2", "a", "w", NULL);
  tfg_bool(&g, bmm, "adj_y", 1);
  for (int r = 0; r < N * 2; r++)
    for (int j = 0; j < 3; j++) {
      double s = 0;
      for (int k = 0; k < 4; k++) s += a[r * 4 + k] * w[j * 4 + k];
      want[r * 3 + j] = (float)s;
    }
  /* A rank-3 input counts as an image for the harness; its registered
   * dims are (4, 2) channels first. */
  Feed f = {"a", 3, {N, 2, 4}, a};
  expect("BatchMatMulV2 adj_y", &g, &f, 1, "y", (int64_t[]){N, 2, 3}, 3, want, 1e-5);
  tfg_free(&g);
}

static void test_batch_norm(void) {
  Case t;
  case_init(&t, 11);
  float scale[K], offset[K], mean[K], var[K];
  fill(scale, K, 110);
  fill(offset, K, 111);
  fill(mean, K, 112);
  fill(var, K, 113);
  for (int k = 0; k < K; k++) var[k] = fabsf(var[k]) + 0.1f;
  const char *names[4] = {"scale", "offset", "mean", "var"};
  float *values[4] = {scale, offset, mean, var};
  for (int i = 0; i < 4; i++) tfg_const_f32(&t.g, names[i], (int64_t[]){K}, 1, values[i]);
  Tensorflow__NodeDef *bn = tfg_node(&t.g, "y", "FusedBatchNormV3", "pre", "scale", "offset",
                                     "mean", "var", NULL);
  tfg_float(&t.g, bn, "epsilon", 0.01f);
  tfg_bool(&t.g, bn, "is_training", 0);
  for (int i = 0; i < NPRE; i++) {
    int k = i % K;
    t.want[i] = (float)((t.pre[i] - mean[k]) / sqrt(var[k] + 0.01) * scale[k] + offset[k]);
  }
  case_run(&t, "FusedBatchNormV3", "y", pre_dims, 4, 1e-5);
}

/* A graph in NCHW: placeholder [N, C, H, W], Conv2D and BiasAdd with
 * data_format NCHW. Registered as C x H x W, fed NCHW or NHWC. */
static void test_nchw_graph(void) {
  Tfg g;
  tfg_init(&g);
  enum { CI = 2, CO = 3, S = 4 };
  float x[N * CI * S * S], w[3 * 3 * CI * CO], b[CO], xt[N * S * S * CI], want[N * CO * S * S];
  fill(x, sizeof x / sizeof *x, 120);
  fill(w, sizeof w / sizeof *w, 121);
  fill(b, CO, 122);
  tfg_placeholder(&g, "x", (int64_t[]){-1, CI, S, S}, 4);
  tfg_const_f32(&g, "w", (int64_t[]){3, 3, CI, CO}, 4, w);
  tfg_const_f32(&g, "b", (int64_t[]){CO}, 1, b);
  Tensorflow__NodeDef *conv = tfg_node(&g, "conv", "Conv2D", "x", "w", NULL);
  tfg_ints(&g, conv, "strides", (int64_t[]){1, 1, 1, 1}, 4);
  tfg_string(&g, conv, "padding", "SAME");
  tfg_string(&g, conv, "data_format", "NCHW");
  Tensorflow__NodeDef *bias = tfg_node(&g, "y", "BiasAdd", "conv", "b", NULL);
  tfg_string(&g, bias, "data_format", "NCHW");
  for (int n = 0; n < N; n++)
    for (int co = 0; co < CO; co++)
      for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
          double s = b[co];
          for (int ki = 0; ki < 3; ki++)
            for (int kj = 0; kj < 3; kj++)
              for (int ci = 0; ci < CI; ci++) {
                int yi = i + ki - 1, xj = j + kj - 1;
                if (yi >= 0 && yi < S && xj >= 0 && xj < S)
                  s += x[((n * CI + ci) * S + yi) * S + xj] * w[((ki * 3 + kj) * CI + ci) * CO + co];
              }
          want[((n * CO + co) * S + i) * S + j] = (float)s;
        }
  /* The harness registers channels first and transposes for NCHW from
   * NHWC data: give it the NHWC view of x. */
  for (int n = 0; n < N; n++)
    for (int ci = 0; ci < CI; ci++)
      for (int p = 0; p < S * S; p++) xt[(n * S * S + p) * CI + ci] = x[(n * CI + ci) * S * S + p];
  size_t size;
  uint8_t *pb = tfg_pack(&g, &size);
  Feed f = {"x", 4, {N, S, S, CI}, xt};
  expect_bytes("Conv2D and BiasAdd in NCHW", pb, size, &f, 1, "y", (int64_t[]){N, CO, S, S}, 4,
               want, 1e-5);
  free(pb);
  tfg_free(&g);
}

/* ---- resizing ------------------------------------------------------------------------------ */

/* TensorFlow's source coordinate of output index o. */
static double source(int64_t o, int64_t in, int64_t out, bool align, bool half) {
  if (align) return out > 1 ? o * (double)(in - 1) / (double)(out - 1) : 0;
  double scale = (double)in / (double)out;
  return half ? (o + 0.5) * scale - 0.5 : o * scale;
}

static void resize_case(bool bilinear, bool align, bool half, int64_t oh, int64_t ow) {
  Case t;
  case_init(&t, 12);
  tfg_vec_i32(&t.g, "size", (int32_t[]){(int32_t)oh, (int32_t)ow}, 2);
  Tensorflow__NodeDef *n = tfg_node(&t.g, "y", bilinear ? "ResizeBilinear" : "ResizeNearestNeighbor",
                                    "pre", "size", NULL);
  tfg_bool(&t.g, n, "align_corners", align);
  tfg_bool(&t.g, n, "half_pixel_centers", half);
  for (int b = 0; b < N; b++)
    for (int64_t i = 0; i < oh; i++)
      for (int64_t j = 0; j < ow; j++)
        for (int k = 0; k < K; k++) {
          double sy = source(i, H, oh, align, half), sx = source(j, W, ow, align, half), v;
          if (bilinear) {
            double y0 = floor(sy), x0 = floor(sx), ly = sy - y0, lx = sx - x0;
            int64_t t0 = (int64_t)fmax(y0, 0), t1 = (int64_t)fmin(ceil(sy), H - 1);
            int64_t l0 = (int64_t)fmax(x0, 0), l1 = (int64_t)fmin(ceil(sx), W - 1);
            if (t0 > H - 1) t0 = H - 1;
            if (l0 > W - 1) l0 = W - 1;
            if (t1 < 0) t1 = 0;
            if (l1 < 0) l1 = 0;
            double top = at(&t, b, t0, l0, k) + (at(&t, b, t0, l1, k) - at(&t, b, t0, l0, k)) * lx;
            double bot = at(&t, b, t1, l0, k) + (at(&t, b, t1, l1, k) - at(&t, b, t1, l0, k)) * lx;
            v = top + (bot - top) * ly;
          } else {
            /* Half-pixel nearest adds the 0.5 back before flooring. */
            double fy = align ? round(sy) : floor(half ? sy + 0.5 : sy);
            double fx = align ? round(sx) : floor(half ? sx + 0.5 : sx);
            v = at(&t, b, (int64_t)fmin(fy, H - 1), (int64_t)fmin(fx, W - 1), k);
          }
          t.want[((b * oh + i) * ow + j) * K + k] = (float)v;
        }
  char what[96];
  snprintf(what, sizeof what, "%s %s to %lldx%lld", bilinear ? "ResizeBilinear" : "ResizeNearest",
           align ? "align_corners" : half ? "half_pixel_centers" : "(legacy)", (long long)oh,
           (long long)ow);
  case_run(&t, what, "y", (int64_t[]){N, oh, ow, K}, 4, 1e-5);
}

static void test_resize(void) {
  for (int bilinear = 0; bilinear < 2; bilinear++) {
    resize_case(bilinear, false, false, 6, 7);
    resize_case(bilinear, true, false, 6, 7);
    resize_case(bilinear, false, true, 6, 7);
    resize_case(bilinear, false, true, 2, 3);
  }
}

/* pre flattened into MatMuls: the weights are reordered instead of the
 * features (no transpose), or, with another reader, the features. */
static void flatten_matmul_case(const char *what, bool transpose_b, bool relu_reader) {
  enum { F = H * W * K, O = 3 };
  Case t;
  case_init(&t, 13);
  float w[F * O], bias[O];
  fill(w, F * O, 130);
  fill(bias, O, 131);
  tfg_vec_i32(&t.g, "shape", (int32_t[]){-1, F}, 2);
  tfg_node(&t.g, "flat", "Reshape", "pre", "shape", NULL);
  tfg_const_f32(&t.g, "w", transpose_b ? (int64_t[]){O, F} : (int64_t[]){F, O}, 2, w);
  tfg_node(&t.g, "w/read", "Identity", "w", NULL);
  tfg_const_f32(&t.g, "b", (int64_t[]){O}, 1, bias);
  Tensorflow__NodeDef *mm = tfg_node(&t.g, "mm", "MatMul", "flat", "w/read", NULL);
  tfg_bool(&t.g, mm, "transpose_b", transpose_b);
  tfg_node(&t.g, "logits", "Add", "mm", "b", NULL);
  const char *out = "logits";
  if (relu_reader) { /* a second reader of the flat value */
    tfg_node(&t.g, "r", "Relu", "flat", NULL);
    tfg_vec_i32(&t.g, "axes", (int32_t[]){1}, 1);
    Tensorflow__NodeDef *sum = tfg_node(&t.g, "rs", "Sum", "r", "axes", NULL);
    tfg_bool(&t.g, sum, "keep_dims", 1);
    tfg_node(&t.g, "y", "Add", "logits", "rs", NULL);
    out = "y";
  }
  for (int n = 0; n < N; n++)
    for (int o = 0; o < O; o++) {
      double s = bias[o], extra = 0;
      for (int f = 0; f < F; f++) {
        s += t.pre[n * F + f] * (transpose_b ? w[o * F + f] : w[f * O + o]);
        extra += fmax(t.pre[n * F + f], 0);
      }
      t.want[n * O + o] = (float)(relu_reader ? s + extra : s);
    }
  case_run(&t, what, out, (int64_t[]){N, O}, 2, 1e-5);
}

static void test_flatten_into_matmul(void) {
  flatten_matmul_case("Reshape [-1, H*W*C] into MatMul: weights reordered", false, false);
  flatten_matmul_case("Reshape into MatMul transpose_b: weights reordered", true, false);
  flatten_matmul_case("Reshape read by MatMul and Relu: features reordered", false, true);

  /* UFF: Flatten then FullyConnected, weights [out, in]. */
  enum { F = H * W * K, O = 2 };
  float x[N * H * W * C], k[C * K], w[O * F], want[N * O], pre[NPRE];
  fill(x, sizeof x / sizeof *x, 140);
  fill(k, C * K, 141);
  fill(w, O * F, 142);
  Uffb b;
  uffb_init(&b);
  uffb_input(&b, "x", (int64_t[]){-1, H, W, C}, 4);
  uffb_const_f32(&b, "k", (int64_t[]){1, 1, C, K}, 4, k);
  Uff__Node *n = uffb_node(&b, "conv", "Conv", "x", "k", NULL);
  uffb_orders(&b, n, "orders_N+C_+CK",
              (const int64_t *[]){(int64_t[]){0, 2, 2147483647, 1}, (int64_t[]){2, 2147483647, 1, 0}},
              (size_t[]){4, 4}, 2);
  uffb_node(&b, "flat", "Flatten", "conv", NULL);
  uffb_const_f32(&b, "w", (int64_t[]){O, F}, 2, w);
  n = uffb_node(&b, "fc", "FullyConnected", "flat", "w", NULL);
  uffb_orders(&b, n, "orders_NC_KC", (const int64_t *[]){(int64_t[]){0, 1}, (int64_t[]){0, 1}},
              (size_t[]){2, 2}, 2);
  uffb_node(&b, "MarkOutput_0", "MarkOutput", "fc", NULL);
  for (int p = 0; p < N * H * W; p++)
    for (int o = 0; o < K; o++) {
      double s = 0;
      for (int i = 0; i < C; i++) s += x[p * C + i] * k[i * K + o];
      pre[p * K + o] = (float)s;
    }
  for (int i = 0; i < N; i++)
    for (int o = 0; o < O; o++) {
      double s = 0;
      for (int f = 0; f < F; f++) s += pre[i * F + f] * w[o * F + f];
      want[i * O + o] = (float)s;
    }
  size_t size;
  uint8_t *bytes = uffb_pack(&b, &size);
  Feed f = {"x", 4, {N, H, W, C}, x};
  expect_bytes("UFF Flatten into FullyConnected", bytes, size, &f, 1, "fc", (int64_t[]){N, O}, 2,
               want, 1e-5);
  free(bytes);
  uffb_free(&b);
}

/* Registering an inner node as an input cuts the graph there; without
 * registered outputs, every node nothing reads is one. */
static void test_cut_and_sinks(void) {
  Case t;
  case_init(&t, 14);
  tfg_node(&t.g, "y", "Relu", "pre", NULL);
  for (int i = 0; i < NPRE; i++) t.want[i] = fmaxf(t.pre[i], 0);
  size_t size;
  uint8_t *pb = tfg_pack(&t.g, &size);
  Feed f = {"pre", 4, {N, H, W, K}, t.pre};
  expect_bytes("an inner node registered as the input", pb, size, &f, 1, "y", pre_dims, 4, t.want,
               1e-6);
  free(pb);
  tfg_node(&t.g, "z", "Neg", "pre", NULL);
  tfg_node(&t.g, "unused", "Const", NULL);
  pb = tfg_pack(&t.g, &size);
  TrtNetwork *net = trt_network_new();
  trt_network_set_logger(net, logger);
  TrtUffInput in = {"x", {3, {C, H, W}}, TRT_UFF_INPUT_ORDER_NHWC};
  TrtUffParser *parser = trt_uff_parser_new();
  trt_uff_parser_register_input(parser, in.name, &in.dims, in.order);
  CHECK_INT(trt_uff_parser_parse_buffer(parser, pb, size, net, TRT_DATA_TYPE_FLOAT), TRT_STATUS_OK);
  CHECK_INT(trt_network_get_nb_outputs(net), 2);
  if (trt_network_get_nb_outputs(net) == 2) {
    CHECK(!strcmp(trt_tensor_get_name(trt_network_get_output(net, 0)), "y"));
    CHECK(!strcmp(trt_tensor_get_name(trt_network_get_output(net, 1)), "z"));
  }
  trt_uff_parser_free(parser);
  trt_network_free(net);
  free(pb);
  tfg_free(&t.g);
}

CHECK_MAIN(test_reshape, test_cut_and_sinks, test_flatten_into_matmul, test_transpose, test_concat, test_pad, test_shape, test_strided_slice,
           test_fill_cast_identity, test_matmul, test_batch_norm, test_nchw_graph, test_resize)
