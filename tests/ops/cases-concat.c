/* Op cases: concat and split (negative axes, any type, empty inputs and
 * outputs, split sizes given or the ONNX Split-18 equal parts). */
#include "op-test.h"

#define I64(...) OP_I64(OP_DIMS(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), __VA_ARGS__)

static void concat(const char *name, int axis, int n, const OpTensor *inputs, OpTensor want,
                   bool bad) {
  TrtAxisParams p = {.axis = axis};
  OpCase c = {.name = name, .type = TRT_LAYER_CONCAT, .params = &p, .nb_inputs = n,
              .nb_outputs = 1, .expected = {want}, .expect_build_error = bad};
  for (int i = 0; i < n; i++) c.inputs[i] = inputs[i];
  op_check(&c);
}

static void split(const char *name, int axis, OpTensor x, OpTensor sizes, int n,
                  const OpTensor *want, bool bad) {
  TrtAxisParams p = {.axis = axis};
  OpCase c = {.name = name, .type = TRT_LAYER_SPLIT, .params = &p, .nb_inputs = 2,
              .inputs = {x, sizes}, .nb_outputs = n, .expect_build_error = bad};
  for (int i = 0; i < n && want; i++) c.expected[i] = want[i];
  op_check(&c);
}

/* a[2,3,4,5], b[2,3,1,5], c[2,3,2,5] along axis 2, against a loop. */
static void concat_random(void) {
  static float a[120], b[30], c[60], want[210];
  uint32_t seed = 41;
  float *parts[3] = {a, b, c};
  const int lens[3] = {4, 1, 2};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 30 * lens[k]; i++) {
      seed = seed * 1664525u + 1013904223u;
      parts[k][i] = (float)(seed >> 8) / (float)(1u << 24);
    }
  for (int o = 0; o < 6; o++)
    for (int j = 0, at = 0; j < 3; j++)
      for (int r = 0; r < lens[j]; r++, at++)
        for (int i = 0; i < 5; i++) want[(o * 7 + at) * 5 + i] = parts[j][(o * lens[j] + r) * 5 + i];
  concat("concat_axis2_random", 2, 3,
         (OpTensor[]){{.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 4, 5), .data = a},
                      OP_CONST(((OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 1, 5),
                                           .data = b})),
                      {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 2, 5), .data = c}},
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 7, 5), .data = want}, false);
}

static void concat_cases(void) {
  OpTensor a = OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4);
  concat("concat_axis0", 0, 2, (OpTensor[]){a, OP_F32(OP_DIMS(1, 2), 5, 6)},
         OP_F32(OP_DIMS(3, 2), 1, 2, 3, 4, 5, 6), false);
  concat("concat_negative_axis", -1, 2, (OpTensor[]){OP_F32(OP_DIMS(2, 1), 0, 9), a},
         OP_F32(OP_DIMS(2, 3), 0, 1, 2, 9, 3, 4), false);
  concat("concat_three_int64", 1, 3,
         (OpTensor[]){OP_I64(OP_DIMS(1, 1), 9007199254740993LL), OP_I64(OP_DIMS(1, 2), -1, -2),
                      OP_I64(OP_DIMS(1, 1), 7)},
         OP_I64(OP_DIMS(1, 4), 9007199254740993LL, -1, -2, 7), false);
  concat("concat_with_empty_input", 1, 2, (OpTensor[]){OP_F32(OP_DIMS(2, 0), 0), a}, a, false);
  concat("concat_all_empty", 0, 2, (OpTensor[]){OP_F32(OP_DIMS(0, 3), 0), OP_F32(OP_DIMS(0, 3), 0)},
         OP_F32(OP_DIMS(0, 3), 0), false);
  concat("concat_bool", 0, 2, (OpTensor[]){OP_BOOL(OP_DIMS(1), 1), OP_BOOL(OP_DIMS(2), 0, 1)},
         OP_BOOL(OP_DIMS(3), 1, 0, 1), false);
  concat("concat_single_input", 0, 1, (OpTensor[]){a}, a, false);
  concat_random();
  concat("concat_type_differs", 0, 2, (OpTensor[]){a, OP_I64(OP_DIMS(1, 2), 1, 2)}, OP_ABSENT,
         true);
  concat("concat_rank_differs", 0, 2, (OpTensor[]){a, OP_F32(OP_DIMS(2), 1, 2)}, OP_ABSENT, true);
  concat("concat_dim_differs", 0, 2, (OpTensor[]){a, OP_F32(OP_DIMS(1, 3), 1, 2, 3)}, OP_ABSENT,
         true);
  concat("concat_axis_out_of_range", 2, 2, (OpTensor[]){a, a}, OP_ABSENT, true);
  concat("concat_scalars", 0, 2, (OpTensor[]){OP_F32(OP_SCALAR, 1), OP_F32(OP_SCALAR, 2)},
         OP_ABSENT, true);
}

static void split_cases(void) {
  OpTensor x6 = OP_F32(OP_DIMS(6), 1, 2, 3, 4, 5, 6);
  split("split_equal", 0, x6, OP_ABSENT, 3,
        (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), OP_F32(OP_DIMS(2), 3, 4), OP_F32(OP_DIMS(2), 5, 6)},
        false);
  split("split_given_sizes", 0, x6, OP_CONST(I64(1, 2, 3)), 3,
        (OpTensor[]){OP_F32(OP_DIMS(1), 1), OP_F32(OP_DIMS(2), 2, 3), OP_F32(OP_DIMS(3), 4, 5, 6)},
        false);
  split("split_uneven_last_smaller", 0, OP_F32(OP_DIMS(5), 1, 2, 3, 4, 5), OP_ABSENT, 3,
        (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), OP_F32(OP_DIMS(2), 3, 4), OP_F32(OP_DIMS(1), 5)},
        false);
  split("split_uneven_last_empty", 0, OP_F32(OP_DIMS(4), 1, 2, 3, 4), OP_ABSENT, 3,
        (OpTensor[]){OP_F32(OP_DIMS(2), 1, 2), OP_F32(OP_DIMS(2), 3, 4), OP_F32(OP_DIMS(0), 0)},
        false);
  split("split_negative_axis_int32", -1, OP_I32(OP_DIMS(2, 4), 1, 2, 3, 4, 5, 6, 7, 8),
        OP_CONST(I64(3, 1)), 2,
        (OpTensor[]){OP_I32(OP_DIMS(2, 3), 1, 2, 3, 5, 6, 7), OP_I32(OP_DIMS(2, 1), 4, 8)}, false);
  split("split_zero_size_part", 0, OP_F32(OP_DIMS(2), 1, 2), OP_CONST(I64(0, 2)), 2,
        (OpTensor[]){OP_F32(OP_DIMS(0), 0), OP_F32(OP_DIMS(2), 1, 2)}, false);
  split("split_empty_sizes_means_equal", 0, OP_F32(OP_DIMS(2, 1), 1, 2),
        OP_CONST(OP_I64(OP_DIMS(0), 0)), 2,
        (OpTensor[]){OP_F32(OP_DIMS(1, 1), 1), OP_F32(OP_DIMS(1, 1), 2)}, false);
  split("split_sizes_do_not_add_up", 0, x6, OP_CONST(I64(1, 2)), 2, NULL, true);
  split("split_negative_size", 0, x6, OP_CONST(I64(7, -1)), 2, NULL, true);
  split("split_count_differs", 0, x6, OP_CONST(I64(6)), 2, NULL, true);
  split("split_five_into_four", 0, OP_F32(OP_DIMS(5), 1, 2, 3, 4, 5), OP_ABSENT, 4, NULL, true);
  split("split_sizes_known_only_at_run_time", 0, x6, I64(3, 3), 2, NULL, true);
  split("split_axis_out_of_range", 1, x6, OP_ABSENT, 2, NULL, true);
}

void cases_concat(void) {
  concat_cases();
  split_cases();
}
