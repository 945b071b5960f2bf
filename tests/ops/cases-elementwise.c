/* Op cases: elementwise binary, unary and select. */
#include <math.h>

#include "op-test.h"

static void binary(const char *name, TrtElementwiseOp op, OpTensor a, OpTensor b,
                   OpTensor want) {
  TrtElementwiseParams p = {.op = op};
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_ELEMENTWISE, .params = &p,
                     .nb_inputs = 2, .inputs = {a, b}, .nb_outputs = 1,
                     .expected = {want}});
}

static void unary(const char *name, TrtUnaryOp op, OpTensor x, OpTensor want) {
  TrtUnaryParams p = {.op = op};
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_UNARY, .params = &p,
                     .nb_inputs = 1, .inputs = {x}, .nb_outputs = 1,
                     .expected = {want}});
}

#define OP_I8(d_, ...) \
  ((OpTensor){.type = TRT_DATA_TYPE_INT8, .dims = d_, .data = (const int8_t[]){__VA_ARGS__}})

/* Values in [-2, 2) from a fixed linear congruential sequence. */
static void fill(float *x, int n, uint32_t seed) {
  for (int i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(seed >> 8) / (float)(1u << 24) * 4.0f - 2.0f;
  }
}

/* a[2,3,4,5] op b[3,1,1] (per channel) and c[4,1,5] op d[3,1] (each side
 * broadcast along a different dim), expected values by index arithmetic. */
static void random_broadcasts(void) {
  static float a[120], b[3], y[120], c[20], d[3], z[60], e[1031], f[1031], w[1031];
  fill(a, 120, 1);
  fill(b, 3, 2);
  fill(c, 20, 3);
  fill(d, 3, 4);
  fill(e, 1031, 5);
  fill(f, 1031, 6);
  for (int i = 0; i < 120; i++) y[i] = a[i] * b[(i / 20) % 3];
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 3; j++)
      for (int k = 0; k < 5; k++) z[(i * 3 + j) * 5 + k] = c[i * 5 + k] - d[j];
  for (int i = 0; i < 1031; i++) w[i] = e[i] > f[i] ? e[i] : f[i];
  TrtElementwiseParams mul = {.op = TRT_ELEMENTWISE_MUL}, sub = {.op = TRT_ELEMENTWISE_SUB},
                       max = {.op = TRT_ELEMENTWISE_MAX};
  op_check(&(OpCase){
      .name = "mul_per_channel_random", .type = TRT_LAYER_ELEMENTWISE, .params = &mul,
      .nb_inputs = 2,
      .inputs = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 4, 5), .data = a},
                 {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 1, 1), .data = b}},
      .nb_outputs = 1,
      .expected = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 4, 5), .data = y}}});
  op_check(&(OpCase){
      .name = "sub_crossed_broadcast_random", .type = TRT_LAYER_ELEMENTWISE, .params = &sub,
      .nb_inputs = 2,
      .inputs = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(4, 1, 5), .data = c},
                 {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 1), .data = d}},
      .nb_outputs = 1,
      .expected = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(4, 3, 5), .data = z}}});
  op_check(&(OpCase){
      .name = "max_same_shape_odd_length", .type = TRT_LAYER_ELEMENTWISE, .params = &max,
      .nb_inputs = 2,
      .inputs = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1031), .data = e},
                 {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1031), .data = f}},
      .nb_outputs = 1,
      .expected = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1031), .data = w}}});
}

/* Where with all three inputs broadcast: cond[3,1], x[1,4], y[3,4]. */
static void random_select(void) {
  static uint8_t cond[3] = {1, 0, 1};
  static float x[4], y[12], want[12];
  fill(x, 4, 7);
  fill(y, 12, 8);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) want[i * 4 + j] = cond[i] ? x[j] : y[i * 4 + j];
  op_check(&(OpCase){
      .name = "select_three_way_broadcast", .type = TRT_LAYER_SELECT, .nb_inputs = 3,
      .inputs = {{.type = TRT_DATA_TYPE_BOOL, .dims = OP_DIMS(3, 1), .data = cond},
                 {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1, 4), .data = x},
                 {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 4), .data = y}},
      .nb_outputs = 1,
      .expected = {{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 4), .data = want}}});
}

void cases_elementwise(void) {
  binary("add_same_shape", TRT_ELEMENTWISE_ADD, OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4),
         OP_F32(OP_DIMS(2, 2), 10, 20, 30, 40), OP_F32(OP_DIMS(2, 2), 11, 22, 33, 44));
  binary("add_broadcast_row", TRT_ELEMENTWISE_ADD, OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6),
         OP_F32(OP_DIMS(3), 10, 20, 30), OP_F32(OP_DIMS(2, 3), 11, 22, 33, 14, 25, 36));
  binary("mul_broadcast_col_both", TRT_ELEMENTWISE_MUL, OP_F32(OP_DIMS(2, 1), 2, 3),
         OP_F32(OP_DIMS(1, 3), 1, 2, 3), OP_F32(OP_DIMS(2, 3), 2, 4, 6, 3, 6, 9));
  binary("sub_scalar", TRT_ELEMENTWISE_SUB, OP_F32(OP_DIMS(3), 1, 2, 3),
         OP_F32(OP_SCALAR, 1), OP_F32(OP_DIMS(3), 0, 1, 2));
  binary("div_float_by_zero", TRT_ELEMENTWISE_DIV, OP_F32(OP_DIMS(3), 1, -1, 0),
         OP_F32(OP_DIMS(3), 0, 0, 2), OP_F32(OP_DIMS(3), INFINITY, -INFINITY, 0));
  binary("div_int_truncates", TRT_ELEMENTWISE_DIV, OP_I32(OP_DIMS(3), 7, -7, 5),
         OP_I32(OP_DIMS(3), 2, 2, 0), OP_I32(OP_DIMS(3), 3, -3, 0));
  binary("mod_int_sign_of_divisor", TRT_ELEMENTWISE_MOD, OP_I64(OP_DIMS(4), 5, -5, 5, -5),
         OP_I64(OP_DIMS(4), 3, 3, -3, -3), OP_I64(OP_DIMS(4), 2, 1, -1, -2));
  binary("fmod_sign_of_dividend", TRT_ELEMENTWISE_FMOD, OP_F32(OP_DIMS(2), -5, 5),
         OP_F32(OP_DIMS(2), 3, -3), OP_F32(OP_DIMS(2), -2, 2));
  binary("pow_float", TRT_ELEMENTWISE_POW, OP_F32(OP_DIMS(3), 2, 3, 4),
         OP_F32(OP_DIMS(1), 2), OP_F32(OP_DIMS(3), 4, 9, 16));
  binary("max_nan_propagates", TRT_ELEMENTWISE_MAX, OP_F32(OP_DIMS(2), NAN, 1),
         OP_F32(OP_DIMS(2), 1, 2), OP_F32(OP_DIMS(2), NAN, 2));
  binary("min_int64", TRT_ELEMENTWISE_MIN, OP_I64(OP_DIMS(2), 5, -9),
         OP_I64(OP_DIMS(2), 3, 4), OP_I64(OP_DIMS(2), 3, -9));
  binary("less_gives_bool", TRT_ELEMENTWISE_LESS, OP_F32(OP_DIMS(3), 1, 2, 3),
         OP_F32(OP_DIMS(1), 2), OP_BOOL(OP_DIMS(3), 1, 0, 0));
  binary("equal_int", TRT_ELEMENTWISE_EQUAL, OP_I32(OP_DIMS(2), 1, 2),
         OP_I32(OP_DIMS(2), 1, 3), OP_BOOL(OP_DIMS(2), 1, 0));
  binary("xor_bool", TRT_ELEMENTWISE_XOR, OP_BOOL(OP_DIMS(4), 0, 0, 1, 1),
         OP_BOOL(OP_DIMS(4), 0, 1, 0, 1), OP_BOOL(OP_DIMS(4), 0, 1, 1, 0));
  binary("prelu_per_channel", TRT_ELEMENTWISE_PRELU,
         OP_F32(OP_DIMS(1, 2, 2), -1, 2, -3, 4), OP_F32(OP_DIMS(2, 1), 0.5f, 0.25f),
         OP_F32(OP_DIMS(1, 2, 2), -0.5f, 2, -0.75f, 4));
  binary("add_int64_exact", TRT_ELEMENTWISE_ADD, OP_I64(OP_DIMS(1), 9007199254740993LL),
         OP_I64(OP_DIMS(1), 1), OP_I64(OP_DIMS(1), 9007199254740994LL));
  binary("add_empty", TRT_ELEMENTWISE_ADD, OP_F32(OP_DIMS(0, 3), 0),
         OP_F32(OP_DIMS(3), 1, 2, 3), OP_F32(OP_DIMS(0, 3), 0));
  binary("add_random_broadcast", TRT_ELEMENTWISE_ADD, OP_RAND(OP_DIMS(2, 3, 4, 5)),
         OP_RAND(OP_DIMS(3, 1, 1)), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 3, 4, 5)));
  binary("div_int64_by_zero_and_min_by_minus_one", TRT_ELEMENTWISE_DIV,
         OP_I64(OP_DIMS(4), 7, INT64_MIN, -7, 9007199254740993LL),
         OP_I64(OP_DIMS(4), 0, -1, 2, 1),
         OP_I64(OP_DIMS(4), 0, INT64_MIN, -3, 9007199254740993LL));
  binary("mod_int_by_zero", TRT_ELEMENTWISE_MOD, OP_I32(OP_DIMS(2), 5, -5),
         OP_I32(OP_DIMS(2), 0, -1), OP_I32(OP_DIMS(2), 0, 0));
  binary("fmod_int_sign_of_dividend", TRT_ELEMENTWISE_FMOD, OP_I32(OP_DIMS(3), -7, 7, 7),
         OP_I32(OP_DIMS(3), 3, -3, 0), OP_I32(OP_DIMS(3), -1, 1, 0));
  binary("mod_float_sign_of_divisor", TRT_ELEMENTWISE_MOD, OP_F32(OP_DIMS(3), -5.5f, 5.5f, 4),
         OP_F32(OP_DIMS(3), 2, -2, 2), OP_F32(OP_DIMS(3), 0.5f, -0.5f, 0));
  binary("pow_int_base_float_exponent", TRT_ELEMENTWISE_POW, OP_I32(OP_DIMS(3), 4, 9, 2),
         OP_F32(OP_DIMS(3), 0.5f, 0.5f, -1), OP_I32(OP_DIMS(3), 2, 3, 0));
  binary("pow_float_base_int_exponent", TRT_ELEMENTWISE_POW, OP_F32(OP_DIMS(2), 1.5f, -2),
         OP_I64(OP_DIMS(2), 2, 3), OP_F32(OP_DIMS(2), 2.25f, -8));
  binary("pow_int_int", TRT_ELEMENTWISE_POW, OP_I64(OP_DIMS(4), 2, 3, -2, 3),
         OP_I64(OP_DIMS(4), 10, 0, 3, 39),
         OP_I64(OP_DIMS(4), 1024, 1, -8, 4052555153018976267LL));
  binary("pow_float_negative_base_fraction_is_nan", TRT_ELEMENTWISE_POW,
         OP_F32(OP_DIMS(1), -8), OP_F32(OP_DIMS(1), 0.5f), OP_F32(OP_DIMS(1), NAN));
  binary("add_int8_wraps", TRT_ELEMENTWISE_ADD, OP_I8(OP_DIMS(2), 127, -128),
         OP_I8(OP_DIMS(2), 1, -1), OP_I8(OP_DIMS(2), -128, 127));
  binary("mul_int32_scalar_broadcast", TRT_ELEMENTWISE_MUL, OP_I32(OP_SCALAR, -3),
         OP_I32(OP_DIMS(2, 2), 1, 2, 3, 4), OP_I32(OP_DIMS(2, 2), -3, -6, -9, -12));
  binary("greater_equal_nan_is_false", TRT_ELEMENTWISE_GREATER_EQUAL,
         OP_F32(OP_DIMS(3), NAN, 1, 2), OP_F32(OP_DIMS(3), 1, 1, NAN),
         OP_BOOL(OP_DIMS(3), 0, 1, 0));
  binary("equal_bool", TRT_ELEMENTWISE_EQUAL, OP_BOOL(OP_DIMS(2), 1, 0),
         OP_BOOL(OP_DIMS(1), 1), OP_BOOL(OP_DIMS(2), 1, 0));
  binary("greater_int64_exact", TRT_ELEMENTWISE_GREATER, OP_I64(OP_DIMS(1), 9007199254740993LL),
         OP_I64(OP_DIMS(1), 9007199254740992LL), OP_BOOL(OP_DIMS(1), 1));
  binary("and_bool_broadcast", TRT_ELEMENTWISE_AND, OP_BOOL(OP_DIMS(2, 1), 1, 0),
         OP_BOOL(OP_DIMS(2), 1, 0), OP_BOOL(OP_DIMS(2, 2), 1, 0, 0, 0));
  binary("or_bool", TRT_ELEMENTWISE_OR, OP_BOOL(OP_DIMS(4), 0, 0, 1, 1),
         OP_BOOL(OP_DIMS(4), 0, 1, 0, 1), OP_BOOL(OP_DIMS(4), 0, 1, 1, 1));
  binary("prelu_int", TRT_ELEMENTWISE_PRELU, OP_I32(OP_DIMS(2), -4, 4),
         OP_I32(OP_DIMS(1), 2), OP_I32(OP_DIMS(2), -8, 4));
  binary("min_nan_propagates_from_either_side", TRT_ELEMENTWISE_MIN,
         OP_F32(OP_DIMS(2), 1, NAN), OP_F32(OP_DIMS(2), NAN, 1), OP_F32(OP_DIMS(2), NAN, NAN));
  binary("add_scalars", TRT_ELEMENTWISE_ADD, OP_F32(OP_SCALAR, 1.5f), OP_F32(OP_SCALAR, 2),
         OP_F32(OP_SCALAR, 3.5f));
  binary("add_empty_broadcast_to_empty", TRT_ELEMENTWISE_ADD, OP_F32(OP_DIMS(2, 1), 1, 2),
         OP_F32(OP_DIMS(0), 0), OP_F32(OP_DIMS(2, 0), 0));
  random_broadcasts();
  random_select();
  {
    TrtElementwiseParams p = {.op = TRT_ELEMENTWISE_SUB,
                              .activation = {.type = TRT_ACTIVATION_CLIP, .alpha = -1,
                                             .beta = 1}};
    op_check(&(OpCase){.name = "sub_broadcast_fused_clip", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &p, .nb_inputs = 2,
                       .inputs = {OP_F32(OP_DIMS(2, 2), 5, 0.5f, -5, 0),
                                  OP_F32(OP_DIMS(2, 1), 0, 1)},
                       .nb_outputs = 1, .expected = {OP_F32(OP_DIMS(2, 2), 1, 0.5f, -1, -1)}});
  }
  {
    TrtElementwiseParams add = {.op = TRT_ELEMENTWISE_ADD},
                         and = {.op = TRT_ELEMENTWISE_AND},
                         relu_int = {.op = TRT_ELEMENTWISE_ADD,
                                     .activation = {.type = TRT_ACTIVATION_RELU}},
                         bad = {.op = TRT_ELEMENTWISE_COUNT};
    op_check(&(OpCase){.name = "add_bool_rejected", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &add, .nb_inputs = 2,
                       .inputs = {OP_BOOL(OP_DIMS(1), 1), OP_BOOL(OP_DIMS(1), 1)},
                       .nb_outputs = 1, .expect_build_error = true});
    op_check(&(OpCase){.name = "and_needs_bool", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &and, .nb_inputs = 2,
                       .inputs = {OP_I32(OP_DIMS(1), 1), OP_I32(OP_DIMS(1), 1)},
                       .nb_outputs = 1, .expect_build_error = true});
    op_check(&(OpCase){.name = "fused_activation_needs_float", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &relu_int, .nb_inputs = 2,
                       .inputs = {OP_I32(OP_DIMS(1), 1), OP_I32(OP_DIMS(1), 1)},
                       .nb_outputs = 1, .expect_build_error = true});
    op_check(&(OpCase){.name = "elementwise_unknown_op", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &bad, .nb_inputs = 2,
                       .inputs = {OP_RAND(OP_DIMS(1)), OP_RAND(OP_DIMS(1))},
                       .nb_outputs = 1, .expect_build_error = true});
  }
  {
    TrtElementwiseParams p = {.op = TRT_ELEMENTWISE_ADD,
                              .activation = {.type = TRT_ACTIVATION_RELU}};
    op_check(&(OpCase){.name = "add_fused_relu", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &p, .nb_inputs = 2,
                       .inputs = {OP_F32(OP_DIMS(3), -1, 0.5f, 2),
                                  OP_F32(OP_DIMS(3), -1, -1, 1)},
                       .nb_outputs = 1, .expected = {OP_F32(OP_DIMS(3), 0, 0, 3)}});
  }
  {
    TrtElementwiseParams p = {.op = TRT_ELEMENTWISE_ADD};
    op_check(&(OpCase){.name = "add_shapes_do_not_broadcast", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &p, .nb_inputs = 2,
                       .inputs = {OP_RAND(OP_DIMS(2, 3)), OP_RAND(OP_DIMS(4))},
                       .nb_outputs = 1, .expect_build_error = true});
    op_check(&(OpCase){.name = "add_types_differ", .type = TRT_LAYER_ELEMENTWISE,
                       .params = &p, .nb_inputs = 2,
                       .inputs = {OP_RAND(OP_DIMS(2)), OP_I64(OP_DIMS(2), 1, 2)},
                       .nb_outputs = 1, .expect_build_error = true});
  }

  unary("abs", TRT_UNARY_ABS, OP_F32(OP_DIMS(3), -1, 0, 2), OP_F32(OP_DIMS(3), 1, 0, 2));
  unary("abs_int", TRT_UNARY_ABS, OP_I32(OP_DIMS(2), -4, 3), OP_I32(OP_DIMS(2), 4, 3));
  unary("neg", TRT_UNARY_NEG, OP_F32(OP_DIMS(2), -1, 2), OP_F32(OP_DIMS(2), 1, -2));
  unary("exp", TRT_UNARY_EXP, OP_F32(OP_DIMS(2), 0, 1), OP_F32(OP_DIMS(2), 1, 2.7182817f));
  unary("log_zero_negative", TRT_UNARY_LOG, OP_F32(OP_DIMS(3), 1, 0, -1),
        OP_F32(OP_DIMS(3), 0, -INFINITY, NAN));
  unary("sqrt", TRT_UNARY_SQRT, OP_F32(OP_DIMS(2), 4, 9), OP_F32(OP_DIMS(2), 2, 3));
  unary("reciprocal", TRT_UNARY_RECIPROCAL, OP_F32(OP_DIMS(2), 4, 0),
        OP_F32(OP_DIMS(2), 0.25f, INFINITY));
  unary("floor", TRT_UNARY_FLOOR, OP_F32(OP_DIMS(2), -1.5f, 1.5f), OP_F32(OP_DIMS(2), -2, 1));
  unary("ceil", TRT_UNARY_CEIL, OP_F32(OP_DIMS(2), -1.5f, 1.5f), OP_F32(OP_DIMS(2), -1, 2));
  unary("round_half_even", TRT_UNARY_ROUND, OP_F32(OP_DIMS(5), 0.5f, 1.5f, 2.5f, -0.5f, 2.6f),
        OP_F32(OP_DIMS(5), 0, 2, 2, 0, 3));
  unary("sin", TRT_UNARY_SIN, OP_F32(OP_DIMS(2), 0, 1.5707964f), OP_F32(OP_DIMS(2), 0, 1));
  unary("cos", TRT_UNARY_COS, OP_F32(OP_DIMS(1), 0), OP_F32(OP_DIMS(1), 1));
  unary("tan", TRT_UNARY_TAN, OP_F32(OP_DIMS(1), 0), OP_F32(OP_DIMS(1), 0));
  unary("atan", TRT_UNARY_ATAN, OP_F32(OP_DIMS(1), 1), OP_F32(OP_DIMS(1), 0.78539819f));
  unary("erf", TRT_UNARY_ERF, OP_F32(OP_DIMS(2), 0, 1), OP_F32(OP_DIMS(2), 0, 0.84270079f));
  unary("sign", TRT_UNARY_SIGN, OP_F32(OP_DIMS(3), -2, 0, 3), OP_F32(OP_DIMS(3), -1, 0, 1));
  unary("not", TRT_UNARY_NOT, OP_BOOL(OP_DIMS(2), 0, 1), OP_BOOL(OP_DIMS(2), 1, 0));
  unary("isnan", TRT_UNARY_ISNAN, OP_F32(OP_DIMS(3), NAN, 1, INFINITY), OP_BOOL(OP_DIMS(3), 1, 0, 0));
  unary("isinf", TRT_UNARY_ISINF, OP_F32(OP_DIMS(3), NAN, 1, -INFINITY), OP_BOOL(OP_DIMS(3), 0, 0, 1));
  unary("sinh_cosh_random", TRT_UNARY_SINH, OP_RAND(OP_DIMS(4, 4)),
        OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(4, 4)));
  unary("neg_int64_exact", TRT_UNARY_NEG, OP_I64(OP_DIMS(2), 9007199254740993LL, INT64_MIN),
        OP_I64(OP_DIMS(2), -9007199254740993LL, INT64_MIN));
  unary("abs_int64_exact", TRT_UNARY_ABS, OP_I64(OP_DIMS(2), -9007199254740993LL, 3),
        OP_I64(OP_DIMS(2), 9007199254740993LL, 3));
  unary("sign_int", TRT_UNARY_SIGN, OP_I32(OP_DIMS(3), -7, 0, 9), OP_I32(OP_DIMS(3), -1, 0, 1));
  unary("sign_nan", TRT_UNARY_SIGN, OP_F32(OP_DIMS(1), NAN), OP_F32(OP_DIMS(1), NAN));
  unary("sqrt_negative_is_nan", TRT_UNARY_SQRT, OP_F32(OP_DIMS(2), -1, INFINITY),
        OP_F32(OP_DIMS(2), NAN, INFINITY));
  unary("exp_overflow_and_underflow", TRT_UNARY_EXP, OP_F32(OP_DIMS(3), 100, -200, -INFINITY),
        OP_F32(OP_DIMS(3), INFINITY, 0, 0));
  unary("round_large_and_negative", TRT_UNARY_ROUND,
        OP_F32(OP_DIMS(4), -1.5f, -2.5f, 16777215, -0.4f), OP_F32(OP_DIMS(4), -2, -2, 16777215, -0.0f));
  unary("asin_acos", TRT_UNARY_ASIN, OP_F32(OP_DIMS(3), 0, 1, 2),
        OP_F32(OP_DIMS(3), 0, 1.5707964f, NAN));
  unary("acos", TRT_UNARY_ACOS, OP_F32(OP_DIMS(2), 1, -1), OP_F32(OP_DIMS(2), 0, 3.1415927f));
  unary("asinh_acosh_atanh", TRT_UNARY_ATANH, OP_F32(OP_DIMS(3), 0, 0.5f, 1),
        OP_F32(OP_DIMS(3), 0, 0.54930615f, INFINITY));
  unary("acosh", TRT_UNARY_ACOSH, OP_F32(OP_DIMS(2), 1, 0.5f), OP_F32(OP_DIMS(2), 0, NAN));
  unary("asinh", TRT_UNARY_ASINH, OP_F32(OP_DIMS(1), 1), OP_F32(OP_DIMS(1), 0.88137359f));
  unary("cosh", TRT_UNARY_COSH, OP_F32(OP_DIMS(1), 1), OP_F32(OP_DIMS(1), 1.5430806f));
  unary("isnan_int_is_false", TRT_UNARY_ISNAN, OP_I32(OP_DIMS(2), 0, 1), OP_BOOL(OP_DIMS(2), 0, 0));
  unary("not_scalar", TRT_UNARY_NOT, OP_BOOL(OP_SCALAR, 1), OP_BOOL(OP_SCALAR, 0));
  unary("neg_empty", TRT_UNARY_NEG, OP_F32(OP_DIMS(0, 2), 0), OP_F32(OP_DIMS(0, 2), 0));
  {
    TrtUnaryParams floor = {.op = TRT_UNARY_FLOOR}, bad = {.op = TRT_UNARY_COUNT};
    op_check(&(OpCase){.name = "floor_bool_rejected", .type = TRT_LAYER_UNARY,
                       .params = &floor, .nb_inputs = 1, .inputs = {OP_BOOL(OP_DIMS(1), 1)},
                       .nb_outputs = 1, .expect_build_error = true});
    op_check(&(OpCase){.name = "unary_unknown_op", .type = TRT_LAYER_UNARY, .params = &bad,
                       .nb_inputs = 1, .inputs = {OP_RAND(OP_DIMS(1))}, .nb_outputs = 1,
                       .expect_build_error = true});
  }
  {
    TrtUnaryParams p = {.op = TRT_UNARY_NOT};
    op_check(&(OpCase){.name = "not_needs_bool", .type = TRT_LAYER_UNARY, .params = &p,
                       .nb_inputs = 1, .inputs = {OP_RAND(OP_DIMS(2))}, .nb_outputs = 1,
                       .expect_build_error = true});
  }

  op_check(&(OpCase){.name = "select_broadcast", .type = TRT_LAYER_SELECT, .nb_inputs = 3,
                     .inputs = {OP_BOOL(OP_DIMS(2, 1), 1, 0), OP_F32(OP_DIMS(2), 1, 2),
                                OP_F32(OP_SCALAR, 9)},
                     .nb_outputs = 1, .expected = {OP_F32(OP_DIMS(2, 2), 1, 2, 9, 9)}});
  op_check(&(OpCase){.name = "select_int64", .type = TRT_LAYER_SELECT, .nb_inputs = 3,
                     .inputs = {OP_BOOL(OP_DIMS(3), 1, 0, 1), OP_I64(OP_DIMS(3), 1, 2, 3),
                                OP_I64(OP_DIMS(3), 7, 8, 9)},
                     .nb_outputs = 1, .expected = {OP_I64(OP_DIMS(3), 1, 8, 3)}});
  op_check(&(OpCase){.name = "select_empty", .type = TRT_LAYER_SELECT, .nb_inputs = 3,
                     .inputs = {OP_BOOL(OP_DIMS(0), 0), OP_F32(OP_DIMS(2, 1), 1, 2),
                                OP_F32(OP_SCALAR, 9)},
                     .nb_outputs = 1, .expected = {OP_F32(OP_DIMS(2, 0), 0)}});
  op_check(&(OpCase){.name = "select_needs_bool_condition", .type = TRT_LAYER_SELECT,
                     .nb_inputs = 3,
                     .inputs = {OP_I32(OP_DIMS(1), 1), OP_F32(OP_DIMS(1), 1), OP_F32(OP_DIMS(1), 2)},
                     .nb_outputs = 1, .expect_build_error = true});
  op_check(&(OpCase){.name = "select_types_differ", .type = TRT_LAYER_SELECT, .nb_inputs = 3,
                     .inputs = {OP_BOOL(OP_DIMS(1), 1), OP_F32(OP_DIMS(1), 1), OP_I32(OP_DIMS(1), 2)},
                     .nb_outputs = 1, .expect_build_error = true});
  op_check(&(OpCase){.name = "select_shapes_do_not_broadcast", .type = TRT_LAYER_SELECT,
                     .nb_inputs = 3,
                     .inputs = {OP_BOOL(OP_DIMS(2), 1, 0), OP_F32(OP_DIMS(3), 1, 2, 3),
                                OP_F32(OP_DIMS(1), 2)},
                     .nb_outputs = 1, .expect_build_error = true});
}
