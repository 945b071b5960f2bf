/* Elementwise math, activations, reductions and softmax on small graphs,
 * against plain loops. Most read "pre", a convolution's output that the
 * network holds channels first, so the ops work on a permuted value and
 * broadcast against values in TF's order. */
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
  float want[NPRE * 2];
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

/* ---- binary ----------------------------------------------------------------------- */

/* pre (op) a constant of `dims` (TF broadcasting). */
static void binary_const_case(const char *what, const char *op, const int64_t *dims, int rank,
                              double (*f)(double, double)) {
  Case t;
  case_init(&t, 7);
  float c[NPRE];
  size_t nc = volume(dims, rank);
  fill(c, nc, 8);
  for (size_t i = 0; i < nc; i++) c[i] = c[i] * 2 + (c[i] >= 0 ? 0.5f : -0.5f); /* away from 0 */
  tfg_const_f32(&t.g, "c", dims, rank, c);
  tfg_node(&t.g, "y", op, "pre", "c", NULL);
  for (int64_t i = 0; i < NPRE; i++) {
    /* The constant's index: its dims line up with the trailing dims of pre. */
    int64_t idx[4] = {i / (H * W * K), i / (W * K) % H, i / K % W, i % K}, ci = 0;
    for (int d = 0; d < rank; d++) {
      int64_t a = 4 - rank + d;
      ci = ci * dims[d] + (dims[d] == 1 ? 0 : idx[a]);
    }
    t.want[i] = (float)f(t.pre[i], c[ci]);
  }
  case_run(&t, what, "y", pre_dims, 4, 1e-5);
}

static double sub(double a, double b) { return a - b; }
static double mul(double a, double b) { return a * b; }
static double divide(double a, double b) { return a / b; }
static double maxd(double a, double b) { return fmax(a, b); }
static double mind(double a, double b) { return fmin(a, b); }
static double sqdiff(double a, double b) { return (a - b) * (a - b); }
static double add(double a, double b) { return a + b; }

static void test_binary(void) {
  binary_const_case("Sub by a vector over the channels", "Sub", (int64_t[]){K}, 1, sub);
  binary_const_case("Mul by [W, C]", "Mul", (int64_t[]){W, K}, 2, mul);
  binary_const_case("RealDiv by [H, 1, C]", "RealDiv", (int64_t[]){H, 1, K}, 3, divide);
  binary_const_case("Maximum with a scalar", "Maximum", (int64_t[]){1}, 0, maxd);
  binary_const_case("Minimum with [1, H, W, 1]", "Minimum", (int64_t[]){1, H, W, 1}, 4, mind);
  binary_const_case("SquaredDifference with [C]", "SquaredDifference", (int64_t[]){K}, 1, sqdiff);
  binary_const_case("AddV2 of [H, W, C] (not a bias)", "AddV2", (int64_t[]){H, W, K}, 3, add);
  binary_const_case("Add of a vector: the conv's bias", "Add", (int64_t[]){K}, 1, add);

  /* An input in TF's order with the permuted conv output. */
  Case t;
  case_init(&t, 9);
  float flat[NPRE];
  fill(flat, NPRE, 10);
  tfg_placeholder(&t.g, "v", (int64_t[]){-1, H, W, K}, 4);
  tfg_node(&t.g, "y", "Sub", "v", "pre", NULL);
  for (int i = 0; i < NPRE; i++) t.want[i] = flat[i] - t.pre[i];
  Feed f[2] = {{"x", 4, {N, H, W, C}, t.x}, {"v", 4, {N, H, W, K}, flat}};
  expect("Sub of an input and a conv output", &t.g, f, 2, "y", pre_dims, 4, t.want, 1e-5);
  tfg_free(&t.g);

  /* Pow of a positive value by a scalar 2. */
  case_init(&t, 11);
  tfg_node(&t.g, "abs", "Abs", "pre", NULL);
  tfg_const_f32(&t.g, "two", NULL, 0, (float[]){2.0f});
  tfg_node(&t.g, "y", "Pow", "abs", "two", NULL);
  for (int i = 0; i < NPRE; i++) t.want[i] = t.pre[i] * t.pre[i];
  case_run(&t, "Pow by a scalar", "y", pre_dims, 4, 1e-5);
}

/* ---- activations and unary -------------------------------------------------------------- */

static double relu6(double v) { return fmin(fmax(v, 0), 6); }
static double elu(double v) { return v > 0 ? v : exp(v) - 1; }
static double selu(double v) {
  return 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (exp(v) - 1));
}
static double leaky(double v) { return v > 0 ? v : 0.1 * v; }
static double leaky_default(double v) { return v > 0 ? v : 0.2 * v; }
static double sigmoid(double v) { return 1 / (1 + exp(-v)); }
static double softplus(double v) { return log1p(exp(v)); }
static double softsign(double v) { return v / (1 + fabs(v)); }
static double relu(double v) { return fmax(v, 0); }
static double neg(double v) { return -v; }
static double recip(double v) { return 1 / v; }
static double square(double v) { return v * v; }

static void unary_case(const char *op, double (*f)(double), float scale, const char *alpha) {
  Case t;
  case_init(&t, 21);
  /* scale * pre: Relu6 sees values past 6. */
  tfg_const_f32(&t.g, "scale", NULL, 0, &scale);
  tfg_node(&t.g, "scaled", "Mul", "pre", "scale", NULL);
  Tensorflow__NodeDef *n = tfg_node(&t.g, "y", op, "scaled", NULL);
  if (alpha) tfg_float(&t.g, n, "alpha", 0.1f);
  for (int i = 0; i < NPRE; i++) t.want[i] = (float)f((double)(t.pre[i] * scale));
  char what[64];
  snprintf(what, sizeof what, "%s%s", op, alpha ? " (alpha 0.1)" : "");
  case_run(&t, what, "y", pre_dims, 4, 2e-5);
}

/* f of |pre| + 0.25, for the ops that need positive inputs. */
static void positive_case(const char *op, double (*f)(double)) {
  Case t;
  case_init(&t, 31);
  tfg_node(&t.g, "abs", "Abs", "pre", NULL);
  tfg_const_f32(&t.g, "quarter", NULL, 0, (float[]){0.25f});
  tfg_node(&t.g, "positive", "AddV2", "abs", "quarter", NULL);
  tfg_node(&t.g, "y", op, "positive", NULL);
  for (int i = 0; i < NPRE; i++) t.want[i] = (float)f(fabs(t.pre[i]) + 0.25);
  case_run(&t, op, "y", pre_dims, 4, 2e-5);
}

static double rsqrt(double v) { return 1 / sqrt(v); }

static void test_activations(void) {
  unary_case("Relu", relu, 1, NULL);
  unary_case("Relu6", relu6, 8, NULL);
  unary_case("Elu", elu, 2, NULL);
  unary_case("Selu", selu, 2, NULL);
  unary_case("LeakyRelu", leaky, 1, "alpha");
  unary_case("LeakyRelu", leaky_default, 1, NULL);
  unary_case("Sigmoid", sigmoid, 3, NULL);
  unary_case("Tanh", tanh, 3, NULL);
  unary_case("Softplus", softplus, 3, NULL);
  unary_case("Softsign", softsign, 3, NULL);
  unary_case("Exp", exp, 1, NULL);
  unary_case("Neg", neg, 1, NULL);
  unary_case("Abs", fabs, 1, NULL);
  unary_case("Floor", floor, 4, NULL);
  unary_case("Ceil", ceil, 4, NULL);
  unary_case("Square", square, 1, NULL);
  positive_case("Rsqrt", rsqrt);
  positive_case("Sqrt", sqrt);
  positive_case("Log", log);
  positive_case("Reciprocal", recip);
}

/* ---- reductions -------------------------------------------------------------------------- */

static void reduce_case(const char *op, const int32_t *axes, int nb_axes, bool keep) {
  Case t;
  case_init(&t, 41);
  tfg_vec_i32(&t.g, "axes", axes, (size_t)nb_axes);
  Tensorflow__NodeDef *n = tfg_node(&t.g, "y", op, "pre", "axes", NULL);
  tfg_bool(&t.g, n, "keep_dims", keep);
  bool reduced[4] = {0};
  for (int i = 0; i < nb_axes; i++) reduced[(axes[i] + 4) % 4] = true;
  int64_t out[4];
  int rank = 0;
  for (int d = 0; d < 4; d++)
    if (!reduced[d] || keep) out[rank++] = reduced[d] ? 1 : pre_dims[d];
  double acc[NPRE];
  int count[NPRE] = {0};
  for (int i = 0; i < NPRE; i++) {
    int64_t idx[4] = {i / (H * W * K), i / (W * K) % H, i / K % W, i % K}, o = 0;
    for (int d = 0; d < 4; d++)
      if (!reduced[d]) o = o * pre_dims[d] + idx[d];
    double v = t.pre[i];
    if (!count[o])
      acc[o] = v;
    else if (!strcmp(op, "Max"))
      acc[o] = fmax(acc[o], v);
    else if (!strcmp(op, "Min"))
      acc[o] = fmin(acc[o], v);
    else if (!strcmp(op, "Prod"))
      acc[o] *= v;
    else
      acc[o] += v;
    count[o]++;
  }
  size_t n_out = volume(out, rank);
  for (size_t o = 0; o < n_out; o++)
    t.want[o] = (float)(!strcmp(op, "Mean") ? acc[o] / count[o] : acc[o]);
  char what[96];
  snprintf(what, sizeof what, "%s over %d axes from %d%s", op, nb_axes, nb_axes ? axes[0] : 0,
           keep ? ", keep_dims" : "");
  case_run(&t, what, "y", out, rank, 1e-5);
}

static void test_reductions(void) {
  reduce_case("Mean", (int32_t[]){1, 2}, 2, false); /* global average pooling */
  reduce_case("Mean", (int32_t[]){1, 2}, 2, true);
  reduce_case("Sum", (int32_t[]){3}, 1, true);
  reduce_case("Max", (int32_t[]){-1}, 1, false);
  reduce_case("Min", (int32_t[]){0, 2}, 2, false);
  reduce_case("Prod", (int32_t[]){2}, 1, true);
  reduce_case("Sum", (int32_t[]){1, 3}, 2, false);
  reduce_case("Mean", NULL, 0, false); /* no axes: nothing reduced */
}

/* ---- softmax ---------------------------------------------------------------------------- */

static void softmax_case(const char *op, bool log_softmax) {
  Case t;
  case_init(&t, 51);
  tfg_node(&t.g, "y", op, "pre", NULL);
  for (int p = 0; p < NPRE / K; p++) {
    double m = -INFINITY, sum = 0;
    for (int k = 0; k < K; k++) m = fmax(m, t.pre[p * K + k]);
    for (int k = 0; k < K; k++) sum += exp(t.pre[p * K + k] - m);
    for (int k = 0; k < K; k++) {
      double v = t.pre[p * K + k] - m - log(sum);
      t.want[p * K + k] = (float)(log_softmax ? v : exp(v));
    }
  }
  case_run(&t, op, "y", pre_dims, 4, 1e-5);
}

static void test_softmax(void) {
  softmax_case("Softmax", false);
  softmax_case("LogSoftmax", true);
}

CHECK_MAIN(test_binary, test_activations, test_reductions, test_softmax)
