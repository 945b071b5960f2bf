/* Op cases: pad (constant, edge, reflect, wrap; negative pads crop first;
 * the axes input; the constant value input; empty and scalar inputs). */
#include <math.h>

#include "op-test.h"

#define I64(...) OP_I64(OP_DIMS(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), __VA_ARGS__)

static void pad(const char *name, TrtPadMode mode, OpTensor x, OpTensor pads, OpTensor value,
                OpTensor axes, OpTensor want) {
  TrtPadParams p = {.mode = mode};
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_PAD, .params = &p, .nb_inputs = 4,
                     .inputs = {x, OP_CONST(pads), value, axes.absent ? axes : OP_CONST(axes)},
                     .nb_outputs = 1, .expected = {want}});
}

static void pad_error(const char *name, TrtPadMode mode, OpTensor x, OpTensor pads,
                      OpTensor value, OpTensor axes) {
  TrtPadParams p = {.mode = mode};
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_PAD, .params = &p, .nb_inputs = 4,
                     .inputs = {x, pads, value, axes}, .nb_outputs = 1,
                     .expect_build_error = true});
}

/* Index into [0, n) by repeated mirroring, written apart from the library's
 * modular form. */
static int reflect(int i, int n) {
  while (i < 0 || i >= n) {
    if (i < 0) i = -i;
    if (i >= n) i = 2 * (n - 1) - i;
  }
  return i;
}

static int clampi(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }

/* x[2,3,4] padded by (1, 2, 3) before and (2, 1, 4) after, edge and
 * reflect (reflect pads longer than the dims), against loops over the
 * output. */
static void random_3d(void) {
  enum { N0 = 2, N1 = 3, N2 = 4, O0 = 5, O1 = 6, O2 = 11 };
  static float x[N0 * N1 * N2], edge[O0 * O1 * O2], refl[O0 * O1 * O2];
  uint32_t seed = 5;
  for (int i = 0; i < N0 * N1 * N2; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(seed >> 8) / (float)(1u << 24);
  }
  for (int a = 0; a < O0; a++)
    for (int b = 0; b < O1; b++)
      for (int c = 0; c < O2; c++) {
        int o = (a * O1 + b) * O2 + c;
        edge[o] = x[(clampi(a - 1, N0) * N1 + clampi(b - 2, N1)) * N2 + clampi(c - 3, N2)];
        refl[o] = x[(reflect(a - 1, N0) * N1 + reflect(b - 2, N1)) * N2 + reflect(c - 3, N2)];
      }
  OpTensor in = {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N0, N1, N2), .data = x};
  pad("pad_edge_3d_random", TRT_PAD_EDGE, in, I64(1, 2, 3, 2, 1, 4), OP_ABSENT, OP_ABSENT,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(O0, O1, O2), .data = edge});
  pad("pad_reflect_3d_random_longer_than_dims", TRT_PAD_REFLECT, in, I64(1, 2, 3, 2, 1, 4),
      OP_ABSENT, OP_ABSENT,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(O0, O1, O2), .data = refl});
}

void cases_pad(void) {
  OpTensor x22 = OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4), x23 = OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6);
  pad("pad_constant_zero", TRT_PAD_CONSTANT, x22, I64(1, 0, 0, 1), OP_ABSENT, OP_ABSENT,
      OP_F32(OP_DIMS(3, 3), 0, 0, 0, 1, 2, 0, 3, 4, 0));
  pad("pad_constant_value", TRT_PAD_CONSTANT, x22, I64(0, 1, 1, 0), OP_F32(OP_SCALAR, 2.5f),
      OP_ABSENT, OP_F32(OP_DIMS(3, 3), 2.5f, 1, 2, 2.5f, 3, 4, 2.5f, 2.5f, 2.5f));
  pad("pad_constant_value_computed_at_run_time", TRT_PAD_CONSTANT, OP_F32(OP_DIMS(2), 1, 2),
      I64(1, 1), OP_F32(OP_DIMS(1), -7), OP_ABSENT, OP_F32(OP_DIMS(4), -7, 1, 2, -7));
  pad("pad_edge_1d", TRT_PAD_EDGE, OP_F32(OP_DIMS(3), 1, 2, 3), I64(2, 1), OP_ABSENT,
      OP_ABSENT, OP_F32(OP_DIMS(6), 1, 1, 1, 2, 3, 3));
  pad("pad_reflect_1d", TRT_PAD_REFLECT, OP_F32(OP_DIMS(4), 1, 2, 3, 4), I64(2, 3), OP_ABSENT,
      OP_ABSENT, OP_F32(OP_DIMS(9), 3, 2, 1, 2, 3, 4, 3, 2, 1));
  pad("pad_reflect_longer_than_dim", TRT_PAD_REFLECT, OP_F32(OP_DIMS(3), 1, 2, 3), I64(0, 5),
      OP_ABSENT, OP_ABSENT, OP_F32(OP_DIMS(8), 1, 2, 3, 2, 1, 2, 3, 2));
  pad("pad_reflect_single_element", TRT_PAD_REFLECT, OP_F32(OP_DIMS(1), 7), I64(2, 1),
      OP_ABSENT, OP_ABSENT, OP_F32(OP_DIMS(4), 7, 7, 7, 7));
  pad("pad_wrap_1d", TRT_PAD_WRAP, OP_F32(OP_DIMS(3), 1, 2, 3), I64(2, 4), OP_ABSENT,
      OP_ABSENT, OP_F32(OP_DIMS(9), 2, 3, 1, 2, 3, 1, 2, 3, 1));
  pad("pad_wrap_2d_rows", TRT_PAD_WRAP, x23, I64(1, 0, 0, 0), OP_ABSENT, OP_ABSENT,
      OP_F32(OP_DIMS(3, 3), 4, 5, 6, 1, 2, 3, 4, 5, 6));
  pad("pad_negative_crops", TRT_PAD_CONSTANT, x23, I64(0, -1, 0, 1), OP_ABSENT, OP_ABSENT,
      OP_F32(OP_DIMS(2, 3), 2, 3, 0, 5, 6, 0));
  pad("pad_negative_crops_then_edge", TRT_PAD_EDGE, OP_F32(OP_DIMS(4), 1, 2, 3, 4), I64(-2, 2),
      OP_ABSENT, OP_ABSENT, OP_F32(OP_DIMS(4), 3, 4, 4, 4));
  pad("pad_negative_crops_then_reflect", TRT_PAD_REFLECT, OP_F32(OP_DIMS(5), 1, 2, 3, 4, 5),
      I64(2, -2), OP_ABSENT, OP_ABSENT, OP_F32(OP_DIMS(5), 3, 2, 1, 2, 3));
  pad("pad_crop_everything", TRT_PAD_CONSTANT, x23, I64(0, -2, 0, -1), OP_ABSENT, OP_ABSENT,
      OP_F32(OP_DIMS(2, 0), 0));
  pad("pad_axes_input_negative", TRT_PAD_CONSTANT, x23, I64(1, 1), OP_F32(OP_SCALAR, 9),
      I64(-1), OP_F32(OP_DIMS(2, 5), 9, 1, 2, 3, 9, 9, 4, 5, 6, 9));
  pad("pad_axes_input_reordered", TRT_PAD_EDGE, x23, I64(1, 0, 0, 1), OP_ABSENT, I64(1, 0),
      OP_F32(OP_DIMS(3, 4), 1, 1, 2, 3, 4, 4, 5, 6, 4, 4, 5, 6));
  pad("pad_int64_value", TRT_PAD_CONSTANT, OP_I64(OP_DIMS(1), 9007199254740993LL), I64(1, 0),
      OP_I64(OP_SCALAR, -9007199254740993LL), OP_ABSENT,
      OP_I64(OP_DIMS(2), -9007199254740993LL, 9007199254740993LL));
  pad("pad_int32_wrap", TRT_PAD_WRAP, OP_I32(OP_DIMS(2), 5, 6), I64(1, 2), OP_ABSENT,
      OP_ABSENT, OP_I32(OP_DIMS(5), 6, 5, 6, 5, 6));
  pad("pad_bool_constant_true", TRT_PAD_CONSTANT, OP_BOOL(OP_DIMS(2), 0, 0), I64(1, 1),
      OP_BOOL(OP_SCALAR, 1), OP_ABSENT, OP_BOOL(OP_DIMS(4), 1, 0, 0, 1));
  pad("pad_empty_input_constant", TRT_PAD_CONSTANT, OP_F32(OP_DIMS(0, 2), 0),
      I64(1, 0, 1, 0), OP_F32(OP_SCALAR, 3), OP_ABSENT,
      OP_F32(OP_DIMS(2, 2), 3, 3, 3, 3));
  pad("pad_scalar_no_pads", TRT_PAD_CONSTANT, OP_F32(OP_SCALAR, 4), OP_I64(OP_DIMS(0), 0),
      OP_ABSENT, OP_ABSENT, OP_F32(OP_SCALAR, 4));
  pad("pad_nan_value_kept", TRT_PAD_CONSTANT, OP_F32(OP_DIMS(1), 1), I64(0, 1),
      OP_F32(OP_SCALAR, NAN), OP_ABSENT, OP_F32(OP_DIMS(2), 1, NAN));
  random_3d();

  OpTensor pads1 = OP_CONST(I64(1, 1));
  pad_error("pad_odd_count", TRT_PAD_CONSTANT, x22, OP_CONST(I64(1, 1, 1)), OP_ABSENT, OP_ABSENT);
  pad_error("pad_crops_more_than_dim", TRT_PAD_CONSTANT, OP_F32(OP_DIMS(2), 1, 2),
            OP_CONST(I64(-2, -1)), OP_ABSENT, OP_ABSENT);
  pad_error("pad_edge_of_empty_dim", TRT_PAD_EDGE, OP_F32(OP_DIMS(0), 0), pads1, OP_ABSENT,
            OP_ABSENT);
  pad_error("pad_wrap_of_fully_cropped_dim", TRT_PAD_WRAP, OP_F32(OP_DIMS(2), 1, 2),
            OP_CONST(I64(-2, 1)), OP_ABSENT, OP_ABSENT);
  pad_error("pad_unknown_mode", (TrtPadMode)9, OP_F32(OP_DIMS(2), 1, 2), pads1, OP_ABSENT,
            OP_ABSENT);
  pad_error("pad_value_of_other_type", TRT_PAD_CONSTANT, OP_F32(OP_DIMS(2), 1, 2), pads1,
            OP_I64(OP_SCALAR, 1), OP_ABSENT);
  pad_error("pad_pads_known_only_at_run_time", TRT_PAD_CONSTANT, OP_F32(OP_DIMS(2), 1, 2),
            I64(1, 1), OP_ABSENT, OP_ABSENT);
  pad_error("pad_axes_repeated", TRT_PAD_CONSTANT, x22, OP_CONST(I64(1, 1, 1, 1)), OP_ABSENT,
            OP_CONST(I64(0, -2)));
  pad_error("pad_float_pads", TRT_PAD_CONSTANT, x22, OP_CONST(OP_F32(OP_DIMS(4), 1, 1, 1, 1)),
            OP_ABSENT, OP_ABSENT);
}
