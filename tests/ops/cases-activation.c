/* Op cases: activation. Every type runs over the same points, including
 * large magnitudes, infinities and NaN; the expected values come from the
 * formulas below, written in double here, apart from the library. */
#include <math.h>
#include <stdio.h>

#include "op-test.h"

#define NB_POINTS 11
static const float points[NB_POINTS] = {-100, -3,  -0.5f, -0.0f, 0,    0.5f,
                                        1,    3,   100,   NAN,   -INFINITY};

static double relu(double x, double a, double b) { return x < 0 ? 0 : x; }
static double leaky(double x, double a, double b) { return x < 0 ? a * x : x; }
static double sigmoid(double x, double a, double b) { return 1 / (1 + exp(-x)); }
static double tanh_(double x, double a, double b) { return tanh(x); }
static double clip(double x, double a, double b) {
  double y = x < a ? a : x;
  return y > b ? b : y;
}
static double elu(double x, double a, double b) { return x < 0 ? a * (exp(x) - 1) : x; }
static double selu(double x, double a, double b) {
  return x <= 0 ? b * (a * exp(x) - a) : b * x;
}
static double softplus(double x, double a, double b) { return log(1 + exp(x)); }
static double softsign(double x, double a, double b) { return x / (1 + fabs(x)); }
static double hard_sigmoid(double x, double a, double b) {
  return clip(a * x + b, 0, 1);
}
static double hard_swish(double x, double a, double b) {
  return x * clip(x / 6 + 0.5, 0, 1);
}
static double gelu(double x, double a, double b) {
  if (b != 0) return 0.5 * x * (1 + tanh(sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
  return 0.5 * x * (1 + erf(x / sqrt(2)));
}
static double mish(double x, double a, double b) { return x * tanh(log(1 + exp(x))); }
static double thresholded(double x, double a, double b) { return x > a ? x : 0; }
static double celu(double x, double a, double b) {
  double neg = a * (exp(x / a) - 1);
  return (x > 0 ? x : 0) + (neg < 0 ? neg : 0) + (isnan(x) ? x : 0);
}

typedef struct {
  TrtActivationType type;
  float alpha, beta;
  double (*formula)(double, double, double);
  const char *name;
} Formula;

static const Formula formulas[] = {
    {TRT_ACTIVATION_RELU, 0, 0, relu, "relu"},
    {TRT_ACTIVATION_LEAKY_RELU, 0.1f, 0, leaky, "leaky_relu"},
    {TRT_ACTIVATION_SIGMOID, 0, 0, sigmoid, "sigmoid"},
    {TRT_ACTIVATION_TANH, 0, 0, tanh_, "tanh"},
    {TRT_ACTIVATION_CLIP, -1, 2, clip, "clip"},
    {TRT_ACTIVATION_CLIP, 2, -1, clip, "clip_min_above_max_gives_max"},
    {TRT_ACTIVATION_CLIP, -INFINITY, 0.5f, clip, "clip_unbounded_below"},
    {TRT_ACTIVATION_ELU, 0.5f, 0, elu, "elu"},
    {TRT_ACTIVATION_SELU, 1.67326319f, 1.05070102f, selu, "selu"},
    {TRT_ACTIVATION_SOFTPLUS, 0, 0, softplus, "softplus"},
    {TRT_ACTIVATION_SOFTSIGN, 0, 0, softsign, "softsign"},
    {TRT_ACTIVATION_HARD_SIGMOID, 0.2f, 0.5f, hard_sigmoid, "hard_sigmoid"},
    {TRT_ACTIVATION_HARD_SWISH, 0, 0, hard_swish, "hard_swish"},
    {TRT_ACTIVATION_GELU, 0, 0, gelu, "gelu_erf"},
    {TRT_ACTIVATION_GELU, 0, 1, gelu, "gelu_tanh"},
    {TRT_ACTIVATION_MISH, 0, 0, mish, "mish"},
    {TRT_ACTIVATION_THRESHOLDED_RELU, 1, 0, thresholded, "thresholded_relu"},
    {TRT_ACTIVATION_CELU, 2, 0, celu, "celu"},
    {TRT_ACTIVATION_NONE, 0, 0, relu, NULL},
};

static void act(const char *name, TrtActivationParams p, OpTensor x, OpTensor want, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_ACTIVATION, .params = &p,
                     .nb_inputs = 1, .inputs = {x}, .nb_outputs = 1, .expected = {want},
                     .atol = 1e-6, .rtol = 1e-5, .expect_build_error = bad});
}

static void formula_cases(void) {
  for (const Formula *f = formulas; f->name; f++) {
    float want[NB_POINTS];
    for (int i = 0; i < NB_POINTS; i++)
      want[i] = (float)f->formula(points[i], f->alpha, f->beta);
    char name[64];
    snprintf(name, sizeof name, "activation_%s", f->name);
    OpTensor x = {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(NB_POINTS), .data = points};
    OpTensor y = {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(NB_POINTS), .data = want};
    act(name, (TrtActivationParams){.type = f->type, .alpha = f->alpha, .beta = f->beta}, x, y,
        false);
  }
}

void cases_activation(void) {
  formula_cases();
  TrtActivationParams relu_p = {.type = TRT_ACTIVATION_RELU};
  act("activation_none_copies", (TrtActivationParams){.type = TRT_ACTIVATION_NONE},
      OP_F32(OP_DIMS(2), -1, NAN), OP_F32(OP_DIMS(2), -1, NAN), false);
  act("activation_relu_scalar", relu_p, OP_F32(OP_SCALAR, -2), OP_F32(OP_SCALAR, 0), false);
  act("activation_relu_empty", relu_p, OP_F32(OP_DIMS(3, 0), 0), OP_F32(OP_DIMS(3, 0), 0),
      false);
  act("activation_relu_random", relu_p, OP_RAND(OP_DIMS(4, 5, 6)),
      OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(4, 5, 6)), false);
  act("activation_relu_int32", relu_p, OP_I32(OP_DIMS(3), -5, 0, 7), OP_I32(OP_DIMS(3), 0, 0, 7),
      false);
  act("activation_relu_int64_exact", relu_p, OP_I64(OP_DIMS(2), 9007199254740993LL, -1),
      OP_I64(OP_DIMS(2), 9007199254740993LL, 0), false);
  act("activation_clip_int8_rounds_bounds_inward",
      (TrtActivationParams){.type = TRT_ACTIVATION_CLIP, .alpha = -3.5f, .beta = 4.2f},
      (OpTensor){.type = TRT_DATA_TYPE_INT8, .dims = OP_DIMS(3),
                 .data = (const int8_t[]){-128, 3, 127}},
      (OpTensor){.type = TRT_DATA_TYPE_INT8, .dims = OP_DIMS(3),
                 .data = (const int8_t[]){-3, 3, 4}},
      false);
  act("activation_clip_uint8_unbounded",
      (TrtActivationParams){.type = TRT_ACTIVATION_CLIP, .alpha = -INFINITY, .beta = INFINITY},
      (OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = OP_DIMS(2),
                 .data = (const uint8_t[]){0, 255}},
      (OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = OP_DIMS(2),
                 .data = (const uint8_t[]){0, 255}},
      false);

  OpTensor any = OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2));
  act("activation_sigmoid_int_rejected", (TrtActivationParams){.type = TRT_ACTIVATION_SIGMOID},
      OP_I32(OP_DIMS(2), 1, 2), any, true);
  act("activation_unknown_type", (TrtActivationParams){.type = TRT_ACTIVATION_COUNT},
      OP_RAND(OP_DIMS(2)), any, true);
  act("activation_celu_alpha_zero", (TrtActivationParams){.type = TRT_ACTIVATION_CELU},
      OP_RAND(OP_DIMS(2)), any, true);
  act("activation_clip_nan_bound",
      (TrtActivationParams){.type = TRT_ACTIVATION_CLIP, .alpha = NAN, .beta = 1},
      OP_RAND(OP_DIMS(2)), any, true);
  act("activation_relu_bool_rejected", relu_p, OP_BOOL(OP_DIMS(2), 0, 1), any, true);
}
