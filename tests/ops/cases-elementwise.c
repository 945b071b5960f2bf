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
}
