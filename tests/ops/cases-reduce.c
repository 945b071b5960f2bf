/* Op cases: reduce, arg_reduce (ArgMax/ArgMin), cumsum. */
#include <math.h>

#include "op-test.h"

static const TrtDims d23 = {.nb_dims = 2, .d = {2, 3}};
#define X23 OP_F32(d23, 1, 2, 3, 4, 5, 6)

static void reduce(const char *name, TrtReduceParams p, OpTensor x, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_REDUCE, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}});
}

static void reduce_bad(const char *name, TrtReduceParams p, OpTensor x, OpTensor axes) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_REDUCE, .params = &p,
                     .nb_inputs = axes.absent ? 1 : 2, .inputs = {x, axes}, .nb_outputs = 1,
                     .expect_build_error = true});
}

static TrtReduceParams on_axis(TrtReduceOp op, int axis, int keep) {
  return (TrtReduceParams){.op = op, .keep_dims = keep, .nb_axes = 1, .axes = {axis}};
}

static void arg(const char *name, TrtArgReduceParams p, OpTensor x, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_ARG_REDUCE, .params = &p,
                     .nb_inputs = 1, .inputs = {x}, .nb_outputs = 1, .expected = {want},
                     .expect_build_error = want.absent});
}

static void cumsum(const char *name, TrtCumSumParams p, OpTensor x, OpTensor axis,
                   OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_CUMSUM, .params = &p, .nb_inputs = 2,
                     .inputs = {x, axis}, .nb_outputs = 1, .expected = {want},
                     .expect_build_error = want.absent});
}

/* Values in [-2, 2) from a fixed linear congruential sequence. */
static void fill(float *x, int n, uint32_t seed) {
  for (int i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(seed >> 8) / (float)(1u << 24) * 4.0f - 2.0f;
  }
}

/* x[3,4,5]: sum over the middle axis, max over axes {0, 2}, mean over the
 * last axis, argmin over the middle axis, cumsum over the middle axis;
 * expected values by plain loops. */
static void random_cases(void) {
  static float x[60], sum1[15], max02[4], mean2[12], csum1[60];
  static int64_t argmin1[15];
  fill(x, 60, 11);
  for (int i = 0; i < 3; i++)
    for (int k = 0; k < 5; k++) {
      float s = 0;
      int64_t best = 0;
      for (int j = 0; j < 4; j++) {
        s += x[(i * 4 + j) * 5 + k];
        csum1[(i * 4 + j) * 5 + k] = s;
        if (x[(i * 4 + j) * 5 + k] < x[(i * 4 + best) * 5 + k]) best = j;
      }
      sum1[i * 5 + k] = s;
      argmin1[i * 5 + k] = best;
    }
  for (int j = 0; j < 4; j++) {
    max02[j] = -INFINITY;
    for (int i = 0; i < 3; i++)
      for (int k = 0; k < 5; k++)
        if (x[(i * 4 + j) * 5 + k] > max02[j]) max02[j] = x[(i * 4 + j) * 5 + k];
  }
  for (int r = 0; r < 12; r++) {
    float s = 0;
    for (int k = 0; k < 5; k++) s += x[r * 5 + k];
    mean2[r] = s / 5;
  }
  OpTensor in = {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 4, 5), .data = x};
  reduce("reduce_sum_middle_axis_random", on_axis(TRT_REDUCE_SUM, 1, 0), in,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 5), .data = sum1});
  reduce("reduce_max_outer_axes_random",
         (TrtReduceParams){.op = TRT_REDUCE_MAX, .keep_dims = 1, .nb_axes = 2, .axes = {0, -1}},
         in, (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1, 4, 1), .data = max02});
  reduce("reduce_mean_last_axis_random", on_axis(TRT_REDUCE_MEAN, 2, 0), in,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 4), .data = mean2});
  arg("argmin_middle_axis_random", (TrtArgReduceParams){.op = TRT_REDUCE_MIN, .axis = 1}, in,
      (OpTensor){.type = TRT_DATA_TYPE_INT64, .dims = OP_DIMS(3, 5), .data = argmin1});
  cumsum("cumsum_middle_axis_random", (TrtCumSumParams){0}, in,
         OP_CONST(OP_I64(OP_SCALAR, 1)),
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 4, 5), .data = csum1});
  reduce("reduce_log_sum_exp_random_vs_backends", on_axis(TRT_REDUCE_LOG_SUM_EXP, 0, 1),
         OP_RAND(OP_DIMS(6, 7, 8)), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 7, 8)));
}

static void reduce_cases(void) {
  reduce("reduce_sum_axis1", on_axis(TRT_REDUCE_SUM, 1, 0), X23, OP_F32(OP_DIMS(2), 6, 15));
  reduce("reduce_sum_axis0_keep_dims", on_axis(TRT_REDUCE_SUM, 0, 1), X23,
         OP_F32(OP_DIMS(1, 3), 5, 7, 9));
  reduce("reduce_mean_all", (TrtReduceParams){.op = TRT_REDUCE_MEAN}, X23,
         OP_F32(OP_SCALAR, 3.5f));
  reduce("reduce_mean_all_keep_dims", (TrtReduceParams){.op = TRT_REDUCE_MEAN, .keep_dims = 1},
         X23, OP_F32(OP_DIMS(1, 1), 3.5f));
  reduce("reduce_noop_with_empty_axes",
         (TrtReduceParams){.op = TRT_REDUCE_L2, .noop_with_empty_axes = 1}, X23, X23);
  reduce("reduce_max_negative_axis", on_axis(TRT_REDUCE_MAX, -1, 0),
         OP_F32(d23, 1, 9, 3, -4, -5, -6), OP_F32(OP_DIMS(2), 9, -4));
  reduce("reduce_max_nan_propagates", on_axis(TRT_REDUCE_MAX, 1, 0),
         OP_F32(d23, 1, NAN, 3, 4, 5, 6), OP_F32(OP_DIMS(2), NAN, 6));
  reduce("reduce_min_nan_propagates", on_axis(TRT_REDUCE_MIN, 1, 0),
         OP_F32(d23, NAN, 0, -3, 4, 5, 6), OP_F32(OP_DIMS(2), NAN, 4));
  reduce("reduce_prod", on_axis(TRT_REDUCE_PROD, 1, 0), X23, OP_F32(OP_DIMS(2), 6, 120));
  reduce("reduce_l1", on_axis(TRT_REDUCE_L1, 1, 0), OP_F32(d23, -1, 2, -3, 4, -5, 6),
         OP_F32(OP_DIMS(2), 6, 15));
  reduce("reduce_l2", on_axis(TRT_REDUCE_L2, 1, 0), OP_F32(d23, 3, -4, 0, 1, 2, 2),
         OP_F32(OP_DIMS(2), 5, 3));
  reduce("reduce_sum_square", on_axis(TRT_REDUCE_SUM_SQUARE, 1, 0), X23,
         OP_F32(OP_DIMS(2), 14, 77));
  reduce("reduce_log_sum", on_axis(TRT_REDUCE_LOG_SUM, 1, 0), X23,
         OP_F32(OP_DIMS(2), 1.7917595f, 2.7080502f));
  reduce("reduce_log_sum_exp_large_values", on_axis(TRT_REDUCE_LOG_SUM_EXP, 0, 0),
         OP_F32(OP_DIMS(2), 1000, 1000), OP_F32(OP_SCALAR, 1000.6931472f));
  reduce("reduce_log_sum_exp_all_minus_inf", on_axis(TRT_REDUCE_LOG_SUM_EXP, 0, 0),
         OP_F32(OP_DIMS(2), -INFINITY, -INFINITY), OP_F32(OP_SCALAR, -INFINITY));
  reduce("reduce_l2_over_size_one_axis", on_axis(TRT_REDUCE_L2, 1, 0),
         OP_F32(OP_DIMS(2, 1), -3, 4), OP_F32(OP_DIMS(2), 3, 4));
  reduce("reduce_l2_of_scalar", (TrtReduceParams){.op = TRT_REDUCE_L2}, OP_F32(OP_SCALAR, -3),
         OP_F32(OP_SCALAR, 3));
  reduce("reduce_sum_int64_exact", on_axis(TRT_REDUCE_SUM, 0, 0),
         OP_I64(OP_DIMS(2), 9007199254740993LL, 2), OP_I64(OP_SCALAR, 9007199254740995LL));
  reduce("reduce_mean_int32_truncates", on_axis(TRT_REDUCE_MEAN, 1, 0),
         OP_I32(OP_DIMS(2, 2), 1, 2, -1, -2), OP_I32(OP_DIMS(2), 1, -1));
  reduce("reduce_max_int32", on_axis(TRT_REDUCE_MAX, 0, 0), OP_I32(OP_DIMS(3), -5, 7, 2),
         OP_I32(OP_SCALAR, 7));
  reduce("reduce_l2_int32", on_axis(TRT_REDUCE_L2, 0, 0), OP_I32(OP_DIMS(2), 3, 4),
         OP_I32(OP_SCALAR, 5));
  reduce("reduce_max_bool_is_any", on_axis(TRT_REDUCE_MAX, 1, 0),
         OP_BOOL(OP_DIMS(2, 2), 0, 1, 0, 0), OP_BOOL(OP_DIMS(2), 1, 0));
  reduce("reduce_min_bool_is_all", on_axis(TRT_REDUCE_MIN, 1, 0),
         OP_BOOL(OP_DIMS(2, 2), 1, 1, 0, 1), OP_BOOL(OP_DIMS(2), 1, 0));
  /* Reducing an empty axis gives the op's identity. */
  OpTensor empty = OP_F32(OP_DIMS(2, 0), 0);
  reduce("reduce_sum_empty", on_axis(TRT_REDUCE_SUM, 1, 0), empty, OP_F32(OP_DIMS(2), 0, 0));
  reduce("reduce_prod_empty", on_axis(TRT_REDUCE_PROD, 1, 0), empty, OP_F32(OP_DIMS(2), 1, 1));
  reduce("reduce_max_empty", on_axis(TRT_REDUCE_MAX, 1, 0), empty,
         OP_F32(OP_DIMS(2), -INFINITY, -INFINITY));
  reduce("reduce_mean_empty", on_axis(TRT_REDUCE_MEAN, 1, 0), empty,
         OP_F32(OP_DIMS(2), NAN, NAN));
  reduce("reduce_max_empty_int32", on_axis(TRT_REDUCE_MAX, 0, 0), OP_I32(OP_DIMS(0), 0),
         OP_I32(OP_SCALAR, INT32_MIN));
  reduce("reduce_sum_keeps_empty_output", on_axis(TRT_REDUCE_SUM, 1, 0),
         OP_F32(OP_DIMS(0, 3), 0), OP_F32(OP_DIMS(0), 0));

  TrtReduceParams from_input = {.op = TRT_REDUCE_SUM};
  op_check(&(OpCase){.name = "reduce_axes_from_input", .type = TRT_LAYER_REDUCE,
                     .params = &from_input, .nb_inputs = 2,
                     .inputs = {X23, OP_CONST(OP_I64(OP_DIMS(1), -1))}, .nb_outputs = 1,
                     .expected = {OP_F32(OP_DIMS(2), 6, 15)}});
  op_check(&(OpCase){.name = "reduce_empty_axes_input_reduces_all", .type = TRT_LAYER_REDUCE,
                     .params = &from_input, .nb_inputs = 2,
                     .inputs = {X23, OP_CONST(OP_I64(OP_DIMS(0), 0))}, .nb_outputs = 1,
                     .expected = {OP_F32(OP_SCALAR, 21)}});
  TrtReduceParams noop_input = {.op = TRT_REDUCE_SUM, .noop_with_empty_axes = 1};
  op_check(&(OpCase){.name = "reduce_empty_axes_input_noop", .type = TRT_LAYER_REDUCE,
                     .params = &noop_input, .nb_inputs = 2,
                     .inputs = {X23, OP_CONST(OP_I64(OP_DIMS(0), 0))}, .nb_outputs = 1,
                     .expected = {X23}});

  reduce_bad("reduce_axis_out_of_range", on_axis(TRT_REDUCE_SUM, 2, 0), X23, OP_ABSENT);
  reduce_bad("reduce_axis_twice",
             (TrtReduceParams){.op = TRT_REDUCE_SUM, .nb_axes = 2, .axes = {1, -1}}, X23,
             OP_ABSENT);
  reduce_bad("reduce_axes_at_runtime", (TrtReduceParams){.op = TRT_REDUCE_SUM}, X23,
             OP_I64(OP_DIMS(1), 0));
  reduce_bad("reduce_sum_bool_rejected", on_axis(TRT_REDUCE_SUM, 0, 0),
             OP_BOOL(OP_DIMS(2), 1, 0), OP_ABSENT);
  reduce_bad("reduce_unknown_op", (TrtReduceParams){.op = 99}, X23, OP_ABSENT);
  reduce_bad("reduce_bad_nb_axes", (TrtReduceParams){.op = TRT_REDUCE_SUM, .nb_axes = 9}, X23,
             OP_ABSENT);
}

static void arg_cases(void) {
  OpTensor x = OP_F32(d23, 1, 3, 2, 5, 5, 4);
  arg("argmax_axis1", (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 1}, x,
      OP_I64(OP_DIMS(2), 1, 0));
  arg("argmax_select_last_index",
      (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 1, .select_last_index = 1}, x,
      OP_I64(OP_DIMS(2), 1, 1));
  arg("argmax_keep_dims", (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 1, .keep_dims = 1},
      x, OP_I64(OP_DIMS(2, 1), 1, 0));
  arg("argmin_negative_axis", (TrtArgReduceParams){.op = TRT_REDUCE_MIN, .axis = -2}, x,
      OP_I64(OP_DIMS(3), 0, 0, 0));
  arg("argmax_nan_wins", (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 0},
      OP_F32(OP_DIMS(4), 1, NAN, 3, NAN), OP_I64(OP_SCALAR, 1));
  arg("argmin_nan_wins_last", (TrtArgReduceParams){.op = TRT_REDUCE_MIN, .select_last_index = 1},
      OP_F32(OP_DIMS(4), 1, NAN, 0, NAN), OP_I64(OP_SCALAR, 3));
  arg("argmax_int64_exact",
      (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .select_last_index = 1},
      OP_I64(OP_DIMS(2), 9007199254740993LL, 9007199254740992LL), OP_I64(OP_SCALAR, 0));
  arg("argmin_int32", (TrtArgReduceParams){.op = TRT_REDUCE_MIN},
      OP_I32(OP_DIMS(3), 4, -2, -2), OP_I64(OP_SCALAR, 1));
  arg("argmax_empty_output", (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 1},
      OP_F32(OP_DIMS(0, 3), 0), OP_I64(OP_DIMS(0), 0));
  arg("argmax_axis_out_of_range", (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 2}, x,
      OP_ABSENT);
  arg("argmax_empty_axis", (TrtArgReduceParams){.op = TRT_REDUCE_MAX, .axis = 1},
      OP_F32(OP_DIMS(3, 0), 0), OP_ABSENT);
  arg("argmax_of_scalar", (TrtArgReduceParams){.op = TRT_REDUCE_MAX}, OP_F32(OP_SCALAR, 1),
      OP_ABSENT);
  arg("arg_reduce_bad_op", (TrtArgReduceParams){.op = TRT_REDUCE_SUM}, x, OP_ABSENT);
}

static void cumsum_cases(void) {
  OpTensor x = OP_F32(OP_DIMS(4), 1, 2, 3, 4), axis0 = OP_CONST(OP_I64(OP_SCALAR, 0));
  cumsum("cumsum", (TrtCumSumParams){0}, x, axis0, OP_F32(OP_DIMS(4), 1, 3, 6, 10));
  cumsum("cumsum_exclusive", (TrtCumSumParams){.exclusive = 1}, x, axis0,
         OP_F32(OP_DIMS(4), 0, 1, 3, 6));
  cumsum("cumsum_reverse", (TrtCumSumParams){.reverse = 1}, x, axis0,
         OP_F32(OP_DIMS(4), 10, 9, 7, 4));
  cumsum("cumsum_exclusive_reverse", (TrtCumSumParams){.exclusive = 1, .reverse = 1}, x,
         axis0, OP_F32(OP_DIMS(4), 9, 7, 4, 0));
  cumsum("cumsum_2d_axis1_int32_axis", (TrtCumSumParams){0}, X23,
         OP_CONST(OP_I32(OP_SCALAR, 1)), OP_F32(d23, 1, 3, 6, 4, 9, 15));
  cumsum("cumsum_2d_negative_axis", (TrtCumSumParams){0}, X23,
         OP_CONST(OP_I64(OP_DIMS(1), -2)), OP_F32(d23, 1, 2, 3, 5, 7, 9));
  cumsum("cumsum_int64_exact", (TrtCumSumParams){0},
         OP_I64(OP_DIMS(2), 9007199254740993LL, 2), axis0,
         OP_I64(OP_DIMS(2), 9007199254740993LL, 9007199254740995LL));
  cumsum("cumsum_runtime_axis", (TrtCumSumParams){0}, X23, OP_I64(OP_SCALAR, 1),
         OP_F32(d23, 1, 3, 6, 4, 9, 15));
  cumsum("cumsum_empty", (TrtCumSumParams){0}, OP_F32(OP_DIMS(0, 2), 0), axis0,
         OP_F32(OP_DIMS(0, 2), 0));
  cumsum("cumsum_axis_out_of_range", (TrtCumSumParams){0}, X23,
         OP_CONST(OP_I64(OP_SCALAR, 2)), OP_ABSENT);
  cumsum("cumsum_float_axis", (TrtCumSumParams){0}, X23, OP_CONST(OP_F32(OP_SCALAR, 0)),
         OP_ABSENT);
  cumsum("cumsum_of_scalar", (TrtCumSumParams){0}, OP_F32(OP_SCALAR, 1), axis0, OP_ABSENT);
}

void cases_reduce(void) {
  reduce_cases();
  arg_cases();
  cumsum_cases();
  random_cases();
}
