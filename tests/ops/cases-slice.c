/* Op cases: slice (ONNX Slice-13: negative indices, clamping, negative and
 * huge steps, INT64_MAX / INT64_MIN ends, empty results, any type). */
#include "op-test.h"

#define C(t) OP_CONST(t)

/* starts, ends, axes, steps as constants; absent axes/steps when NULL. */
static void slice(const char *name, OpTensor x, OpTensor starts, OpTensor ends, OpTensor axes,
                  OpTensor steps, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_SLICE, .nb_inputs = 5,
                     .inputs = {x, C(starts), C(ends), axes.absent ? axes : C(axes),
                                steps.absent ? steps : C(steps)},
                     .nb_outputs = 1, .expected = {want}});
}

static void slice_error(const char *name, OpTensor x, OpTensor starts, OpTensor ends,
                        OpTensor axes, OpTensor steps) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_SLICE, .nb_inputs = 5,
                     .inputs = {x, starts, ends, axes, steps}, .nb_outputs = 1,
                     .expect_build_error = true});
}

#define X34 OP_F32(OP_DIMS(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
#define X5 OP_F32(OP_DIMS(5), 0, 1, 2, 3, 4)
#define I64(...) OP_I64(OP_DIMS(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), __VA_ARGS__)

/* x[2,5,6] sliced along axes 2 and 1 (in that order) with steps 2 and -2,
 * expected values picked by explicit index lists. */
static void random_two_axes(void) {
  static float x[60], want[12];
  uint32_t seed = 11;
  for (int i = 0; i < 60; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(seed >> 8) / (float)(1u << 24) - 0.5f;
  }
  const int rows[2] = {4, 2}, cols[3] = {1, 3, 5};
  int k = 0;
  for (int n = 0; n < 2; n++)
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++) want[k++] = x[(n * 5 + rows[i]) * 6 + cols[j]];
  slice("slice_two_axes_reversed_and_strided",
        (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 5, 6), .data = x},
        I64(1, -1), I64(6, 0), I64(2, -2), I64(2, -2),
        (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 2, 3), .data = want});
}

void cases_slice(void) {
  slice("slice_rows_and_cols", X34, I64(1, 0), I64(3, 3), OP_ABSENT, OP_ABSENT,
        OP_F32(OP_DIMS(2, 3), 4, 5, 6, 8, 9, 10));
  slice("slice_negative_start_end_and_axis", X34, I64(-3), I64(-1), I64(-1), OP_ABSENT,
        OP_F32(OP_DIMS(3, 2), 1, 2, 5, 6, 9, 10));
  slice("slice_int64_max_end", X5, I64(1), I64(INT64_MAX), OP_ABSENT, OP_ABSENT,
        OP_F32(OP_DIMS(4), 1, 2, 3, 4));
  slice("slice_clamps_out_of_range", X5, I64(-100), I64(100), OP_ABSENT, OP_ABSENT,
        OP_F32(OP_DIMS(5), 0, 1, 2, 3, 4));
  slice("slice_reverse_to_int64_min", X5, I64(-1), I64(INT64_MIN), I64(0), I64(-1),
        OP_F32(OP_DIMS(5), 4, 3, 2, 1, 0));
  slice("slice_negative_step_2", X5, I64(4), I64(INT64_MIN), I64(0), I64(-2),
        OP_F32(OP_DIMS(3), 4, 2, 0));
  slice("slice_negative_step_clamps_start", X5, I64(10), I64(-10), I64(0), I64(-1),
        OP_F32(OP_DIMS(5), 4, 3, 2, 1, 0));
  slice("slice_negative_step_stops_before_end", X5, I64(3), I64(1), I64(0), I64(-1),
        OP_F32(OP_DIMS(2), 3, 2));
  slice("slice_step_3_uneven", OP_F32(OP_DIMS(7), 0, 1, 2, 3, 4, 5, 6), I64(0), I64(7),
        OP_ABSENT, I64(3), OP_F32(OP_DIMS(3), 0, 3, 6));
  slice("slice_step_int64_max_takes_one", X5, I64(1), I64(INT64_MAX), I64(0),
        I64(INT64_MAX), OP_F32(OP_DIMS(1), 1));
  slice("slice_step_int64_min_takes_one", X5, I64(-1), I64(INT64_MIN), I64(0),
        I64(INT64_MIN), OP_F32(OP_DIMS(1), 4));
  slice("slice_empty_when_start_after_end", X5, I64(3), I64(1), OP_ABSENT, OP_ABSENT,
        OP_F32(OP_DIMS(0), 0));
  slice("slice_of_empty_dim", OP_F32(OP_DIMS(0, 3), 0), I64(1), I64(3), I64(1), OP_ABSENT,
        OP_F32(OP_DIMS(0, 2), 0));
  slice("slice_no_axes_is_copy", X34, OP_I64(OP_DIMS(0), 0), OP_I64(OP_DIMS(0), 0), OP_ABSENT,
        OP_ABSENT, X34);
  slice("slice_int64_data_int32_starts",
        OP_I64(OP_DIMS(2, 3), 9007199254740993LL, 2, 3, 4, 5, -6),
        OP_I32(OP_DIMS(1), 1), OP_I32(OP_DIMS(1), 2), OP_I32(OP_DIMS(1), 1), OP_ABSENT,
        OP_I64(OP_DIMS(2, 1), 2, 5));
  slice("slice_bool_reversed", OP_BOOL(OP_DIMS(4), 1, 0, 0, 0), I64(-1), I64(INT64_MIN),
        OP_ABSENT, I64(-1), OP_BOOL(OP_DIMS(4), 0, 0, 0, 1));
  slice("slice_rows_only_contiguous", OP_RAND(OP_DIMS(4, 3, 8)), I64(1), I64(3), OP_ABSENT,
        OP_ABSENT, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 3, 8)));
  random_two_axes();

  slice_error("slice_step_zero", X5, C(I64(0)), C(I64(5)), OP_ABSENT, C(I64(0)));
  slice_error("slice_axis_out_of_range", X5, C(I64(0)), C(I64(5)), C(I64(1)), OP_ABSENT);
  slice_error("slice_axis_repeated", X34, C(I64(0, 0)), C(I64(1, 1)), C(I64(0, -2)), OP_ABSENT);
  slice_error("slice_ends_count_differs", X34, C(I64(0, 0)), C(I64(1)), OP_ABSENT, OP_ABSENT);
  slice_error("slice_starts_known_only_at_run_time", X5, I64(0), C(I64(5)), OP_ABSENT,
              OP_ABSENT);
  slice_error("slice_float_starts", X5, C(OP_F32(OP_DIMS(1), 0)), C(I64(5)), OP_ABSENT,
              OP_ABSENT);
  slice_error("slice_more_starts_than_dims", X5, C(I64(0, 0)), C(I64(1, 1)), OP_ABSENT,
              OP_ABSENT);
}
