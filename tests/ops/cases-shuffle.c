/* Op cases: reshape, transpose, flatten, squeeze, unsqueeze, expand, tile,
 * depth-to-space / space-to-depth. */
#include "op-test.h"

#define I64(...) OP_I64(OP_DIMS(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), __VA_ARGS__)
#define X23 OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6)

static void one(const char *name, TrtLayerType type, const void *params, int nb_inputs,
                OpTensor a, OpTensor b, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = type, .params = params, .nb_inputs = nb_inputs,
                     .inputs = {a, b}, .nb_outputs = 1, .expected = {want}});
}

static void fails(const char *name, TrtLayerType type, const void *params, int nb_inputs,
                  OpTensor a, OpTensor b) {
  op_check(&(OpCase){.name = name, .type = type, .params = params, .nb_inputs = nb_inputs,
                     .inputs = {a, b}, .nb_outputs = 1, .expect_build_error = true});
}

static uint32_t next(uint32_t *seed) {
  *seed = *seed * 1664525u + 1013904223u;
  return *seed >> 8;
}

static void reshape_cases(void) {
  TrtReshapeParams p = {0}, zero = {.allow_zero = 1};
  TrtLayerType R = TRT_LAYER_RESHAPE;
  one("reshape_basic", R, &p, 2, X23, OP_CONST(I64(3, 2)), OP_F32(OP_DIMS(3, 2), 1, 2, 3, 4, 5, 6));
  one("reshape_infers_minus_one", R, &p, 2, X23, OP_CONST(I64(-1)),
      OP_F32(OP_DIMS(6), 1, 2, 3, 4, 5, 6));
  one("reshape_zero_copies_dim", R, &p, 2, OP_RAND(OP_DIMS(2, 3, 4)), OP_CONST(I64(0, -1)),
      OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 12)));
  one("reshape_allow_zero_empty", R, &zero, 2, OP_F32(OP_DIMS(0, 3), 0), OP_CONST(I64(3, 0)),
      OP_F32(OP_DIMS(3, 0), 0));
  one("reshape_to_scalar", R, &p, 2, OP_I64(OP_DIMS(1, 1), -5), OP_CONST(OP_I64(OP_DIMS(0), 0)),
      OP_I64(OP_SCALAR, -5));
  one("reshape_bool", R, &p, 2, OP_BOOL(OP_DIMS(4), 1, 0, 0, 1), OP_CONST(I64(2, 2)),
      OP_BOOL(OP_DIMS(2, 2), 1, 0, 0, 1));
  fails("reshape_two_minus_ones", R, &p, 2, X23, OP_CONST(I64(-1, -1)));
  fails("reshape_volume_differs", R, &p, 2, X23, OP_CONST(I64(4, 2)));
  fails("reshape_minus_one_does_not_divide", R, &p, 2, X23, OP_CONST(I64(4, -1)));
  fails("reshape_zero_beyond_input_rank", R, &p, 2, X23, OP_CONST(I64(6, 1, 0)));
  fails("reshape_allow_zero_with_minus_one", R, &zero, 2, OP_F32(OP_DIMS(0, 3), 0),
        OP_CONST(I64(0, -1)));
  fails("reshape_negative_dim", R, &p, 2, X23, OP_CONST(I64(-2, -3)));
  fails("reshape_volume_overflows", R, &p, 2, X23,
        OP_CONST(I64(1LL << 40, 1LL << 40, 1LL << 40)));
  fails("reshape_shape_known_only_at_run_time", R, &p, 2, X23, I64(3, 2));
  fails("reshape_float_shape", R, &p, 2, X23, OP_CONST(OP_F32(OP_DIMS(2), 3, 2)));
}

/* x[2,3,4,5] to NHWC, against a loop over the output. */
static void transpose_nchw_to_nhwc(void) {
  static float x[120], want[120];
  uint32_t seed = 3;
  for (int i = 0; i < 120; i++) x[i] = (float)next(&seed) / (1 << 24);
  for (int n = 0; n < 2; n++)
    for (int h = 0; h < 4; h++)
      for (int w = 0; w < 5; w++)
        for (int c = 0; c < 3; c++)
          want[((n * 4 + h) * 5 + w) * 3 + c] = x[((n * 3 + c) * 4 + h) * 5 + w];
  TrtTransposeParams p = {.nb_perm = 4, .perm = {0, 2, 3, 1}};
  one("transpose_nchw_to_nhwc", TRT_LAYER_TRANSPOSE, &p, 1,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 3, 4, 5), .data = x}, OP_ABSENT,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 4, 5, 3), .data = want});
}

/* Batched 2-D transposes larger than one tile, for every element size. */
static void transpose_tiled(void) {
  enum { B = 3, R = 37, C = 41, N = B * R * C };
  static uint8_t x8[N], y8[N];
  static uint16_t x16[N], y16[N];
  static int32_t x32[N], y32[N];
  static int64_t x64[N], y64[N];
  uint32_t seed = 9;
  for (int i = 0; i < N; i++) {
    uint32_t r = next(&seed);
    x8[i] = (uint8_t)r;
    x16[i] = (uint16_t)(0x3c00 + (r & 0x3ff)); /* half values in [1, 2) */
    x32[i] = (int32_t)r - (1 << 23);
    x64[i] = ((int64_t)r << 30) + i;
  }
  for (int b = 0; b < B; b++)
    for (int c = 0; c < C; c++)
      for (int r = 0; r < R; r++) {
        int o = (b * C + c) * R + r, in = (b * R + r) * C + c;
        y8[o] = x8[in];
        y16[o] = x16[in];
        y32[o] = x32[in];
        y64[o] = x64[in];
      }
  TrtTransposeParams p = {.nb_perm = 3, .perm = {0, 2, 1}};
  const struct {
    const char *name;
    TrtDataType type;
    const void *x, *y;
  } cases[] = {{"transpose_tiled_uint8", TRT_DATA_TYPE_UINT8, x8, y8},
               {"transpose_tiled_half", TRT_DATA_TYPE_HALF, x16, y16},
               {"transpose_tiled_int32", TRT_DATA_TYPE_INT32, x32, y32},
               {"transpose_tiled_int64", TRT_DATA_TYPE_INT64, x64, y64}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    one(cases[i].name, TRT_LAYER_TRANSPOSE, &p, 1,
        (OpTensor){.type = cases[i].type, .dims = OP_DIMS(B, R, C), .data = cases[i].x},
        OP_ABSENT, (OpTensor){.type = cases[i].type, .dims = OP_DIMS(B, C, R), .data = cases[i].y});
}

static void transpose_cases(void) {
  TrtTransposeParams rev = {0}, keep_inner = {.nb_perm = 3, .perm = {1, 0, 2}},
                     bad = {.nb_perm = 2, .perm = {0, 0}}, short_perm = {.nb_perm = 1};
  TrtLayerType T = TRT_LAYER_TRANSPOSE;
  one("transpose_default_reverses", T, &rev, 1, X23, OP_ABSENT,
      OP_F32(OP_DIMS(3, 2), 1, 4, 2, 5, 3, 6));
  one("transpose_keeps_inner_rows", T, &keep_inner, 1,
      OP_F32(OP_DIMS(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8), OP_ABSENT,
      OP_F32(OP_DIMS(2, 2, 2), 1, 2, 5, 6, 3, 4, 7, 8));
  one("transpose_scalar", T, &rev, 1, OP_F32(OP_SCALAR, 3), OP_ABSENT, OP_F32(OP_SCALAR, 3));
  one("transpose_empty", T, &rev, 1, OP_F32(OP_DIMS(0, 3), 0), OP_ABSENT,
      OP_F32(OP_DIMS(3, 0), 0));
  one("transpose_unit_dims", T, &rev, 1, OP_F32(OP_DIMS(1, 3, 1), 1, 2, 3), OP_ABSENT,
      OP_F32(OP_DIMS(1, 3, 1), 1, 2, 3));
  transpose_nchw_to_nhwc();
  transpose_tiled();
  fails("transpose_not_a_permutation", T, &bad, 1, X23, OP_ABSENT);
  fails("transpose_perm_too_short", T, &short_perm, 1, X23, OP_ABSENT);
}

static void flatten_squeeze_cases(void) {
  TrtAxisParams a0 = {0}, a1 = {1}, am1 = {-1}, a3 = {3}, a4 = {4};
  TrtLayerType F = TRT_LAYER_FLATTEN, S = TRT_LAYER_SQUEEZE, U = TRT_LAYER_UNSQUEEZE;
  OpTensor x = OP_RAND(OP_DIMS(2, 3, 4));
  one("flatten_axis_1", F, &a1, 1, x, OP_ABSENT, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 12)));
  one("flatten_axis_0", F, &a0, 1, X23, OP_ABSENT, OP_F32(OP_DIMS(1, 6), 1, 2, 3, 4, 5, 6));
  one("flatten_axis_minus_1", F, &am1, 1, x, OP_ABSENT, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(6, 4)));
  one("flatten_axis_rank", F, &a3, 1, x, OP_ABSENT, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(24, 1)));
  fails("flatten_axis_out_of_range", F, &a4, 1, x, OP_ABSENT);

  TrtAxesParams all = {0}, last2 = {.nb_axes = 1, .axes = {-2}}, bad_axes = {.nb_axes = 9},
                 two = {.nb_axes = 2, .axes = {0, -1}}, rep = {.nb_axes = 2, .axes = {0, 0}};
  OpTensor y = OP_F32(OP_DIMS(1, 3, 1, 2), 1, 2, 3, 4, 5, 6);
  one("squeeze_all_unit_dims", S, &all, 1, y, OP_ABSENT, OP_F32(OP_DIMS(3, 2), 1, 2, 3, 4, 5, 6));
  one("squeeze_negative_axis_param", S, &last2, 1, y, OP_ABSENT,
      OP_F32(OP_DIMS(1, 3, 2), 1, 2, 3, 4, 5, 6));
  one("squeeze_axes_input", S, &all, 2, y, OP_CONST(I64(0)),
      OP_F32(OP_DIMS(3, 1, 2), 1, 2, 3, 4, 5, 6));
  one("squeeze_to_scalar", S, &all, 1, OP_I32(OP_DIMS(1, 1), 7), OP_ABSENT, OP_I32(OP_SCALAR, 7));
  fails("squeeze_dim_not_one", S, &all, 2, y, OP_CONST(I64(1)));
  fails("squeeze_axis_out_of_range", S, &all, 2, y, OP_CONST(I64(4)));
  fails("squeeze_bad_nb_axes", S, &bad_axes, 1, y, OP_ABSENT);

  one("unsqueeze_both_ends", U, &two, 1, X23, OP_ABSENT,
      OP_F32(OP_DIMS(1, 2, 3, 1), 1, 2, 3, 4, 5, 6));
  one("unsqueeze_axes_input_middle", U, &all, 2, X23, OP_CONST(I64(1)),
      OP_F32(OP_DIMS(2, 1, 3), 1, 2, 3, 4, 5, 6));
  one("unsqueeze_scalar", U, &all, 2, OP_F32(OP_SCALAR, 2), OP_CONST(I64(0)),
      OP_F32(OP_DIMS(1), 2));
  fails("unsqueeze_repeated_axis", U, &rep, 1, X23, OP_ABSENT);
  fails("unsqueeze_rank_above_max", U, &all, 2, OP_RAND(OP_DIMS(1, 1, 1, 1, 1, 1, 1)),
        OP_CONST(I64(0, 1)));
  fails("unsqueeze_axes_known_only_at_run_time", U, &all, 2, X23, I64(0));
}

static void expand_tile_cases(void) {
  TrtLayerType E = TRT_LAYER_EXPAND, T = TRT_LAYER_TILE;
  one("expand_column_to_3d", E, NULL, 2, OP_F32(OP_DIMS(3, 1), 1, 2, 3), OP_CONST(I64(2, 3, 2)),
      OP_F32(OP_DIMS(2, 3, 2), 1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3));
  one("expand_bidirectional", E, NULL, 2, OP_F32(OP_DIMS(1, 2), 1, 2), OP_CONST(I64(3, 1)),
      OP_F32(OP_DIMS(3, 2), 1, 2, 1, 2, 1, 2));
  one("expand_shorter_shape", E, NULL, 2, X23, OP_CONST(I64(3)), X23);
  one("expand_scalar_int64", E, NULL, 2, OP_I64(OP_SCALAR, 9007199254740993LL),
      OP_CONST(I64(2)), OP_I64(OP_DIMS(2), 9007199254740993LL, 9007199254740993LL));
  one("expand_to_empty", E, NULL, 2, OP_F32(OP_DIMS(1), 1), OP_CONST(I64(0)),
      OP_F32(OP_DIMS(0), 0));
  fails("expand_incompatible", E, NULL, 2, X23, OP_CONST(I64(4)));
  fails("expand_negative", E, NULL, 2, X23, OP_CONST(I64(-1, 3)));

  one("tile_both_dims", T, NULL, 2, OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4), OP_CONST(I64(2, 3)),
      OP_F32(OP_DIMS(4, 6), 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4));
  one("tile_outer_only_bool", T, NULL, 2, OP_BOOL(OP_DIMS(1, 3), 1, 0, 1), OP_CONST(I64(2, 1)),
      OP_BOOL(OP_DIMS(2, 3), 1, 0, 1, 1, 0, 1));
  one("tile_zero_repeats", T, NULL, 2, X23, OP_CONST(I64(1, 0)), OP_F32(OP_DIMS(2, 0), 0));
  one("tile_scalar", T, NULL, 2, OP_F32(OP_SCALAR, 5), OP_CONST(OP_I64(OP_DIMS(0), 0)),
      OP_F32(OP_SCALAR, 5));
  fails("tile_repeats_count_differs", T, NULL, 2, X23, OP_CONST(I64(2)));
  fails("tile_negative_repeat", T, NULL, 2, X23, OP_CONST(I64(1, -1)));
  fails("tile_overflows", T, NULL, 2, X23, OP_CONST(I64(INT64_MAX, 2)));
}

/* DCR, CRD and SpaceToDepth on x[2,8,3,2] / x[2,2,4,6], against the ONNX
 * definitions written as index formulas. */
static void depth_to_space_cases(void) {
  enum { N = 2, C = 8, H = 3, W = 2, B = 2, CO = C / (B * B) };
  static float x[N * C * H * W], dcr[N * C * H * W], crd[N * C * H * W], s2d[N * C * H * W];
  for (int i = 0; i < N * C * H * W; i++) x[i] = (float)i;
  for (int n = 0; n < N; n++)
    for (int c = 0; c < CO; c++)
      for (int h = 0; h < H; h++)
        for (int w = 0; w < W; w++)
          for (int i = 0; i < B; i++)
            for (int j = 0; j < B; j++) {
              int o = ((n * CO + c) * H * B + h * B + i) * W * B + w * B + j;
              dcr[o] = x[((n * C + (i * B + j) * CO + c) * H + h) * W + w];
              crd[o] = x[((n * C + c * B * B + i * B + j) * H + h) * W + w];
            }
  /* SpaceToDepth of x seen as [2,2,6,4]. */
  enum { C2 = 2, H2 = 6, W2 = 4 };
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C2; c++)
      for (int h = 0; h < H2 / B; h++)
        for (int w = 0; w < W2 / B; w++)
          for (int i = 0; i < B; i++)
            for (int j = 0; j < B; j++)
              s2d[((n * C2 * B * B + (i * B + j) * C2 + c) * (H2 / B) + h) * (W2 / B) + w] =
                  x[((n * C2 + c) * H2 + h * B + i) * W2 + w * B + j];
  TrtDepthToSpaceParams p_dcr = {.block_size = B, .mode = TRT_DEPTH_TO_SPACE_DCR},
                        p_crd = {.block_size = B, .mode = TRT_DEPTH_TO_SPACE_CRD},
                        p_s2d = {.block_size = B, .mode = TRT_SPACE_TO_DEPTH},
                        p_bad = {.block_size = 3, .mode = TRT_DEPTH_TO_SPACE_DCR},
                        p_mode = {.block_size = 2, .mode = 7};
  TrtLayerType D = TRT_LAYER_DEPTH_TO_SPACE;
  OpTensor in = {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N, C, H, W), .data = x};
  one("depth_to_space_dcr", D, &p_dcr, 1, in, OP_ABSENT,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N, CO, H * B, W * B), .data = dcr});
  one("depth_to_space_crd", D, &p_crd, 1, in, OP_ABSENT,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N, CO, H * B, W * B), .data = crd});
  one("space_to_depth", D, &p_s2d, 1,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N, C2, H2, W2), .data = x},
      OP_ABSENT,
      (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N, C2 * B * B, H2 / B, W2 / B),
                 .data = s2d});
  fails("depth_to_space_channels_not_divisible", D, &p_bad, 1, in, OP_ABSENT);
  fails("space_to_depth_not_divisible", D, &p_s2d, 1, OP_RAND(OP_DIMS(1, 1, 3, 4)), OP_ABSENT);
  fails("depth_to_space_needs_4d", D, &p_dcr, 1, OP_RAND(OP_DIMS(4, 2, 2)), OP_ABSENT);
  fails("depth_to_space_unknown_mode", D, &p_mode, 1, in, OP_ABSENT);
}

void cases_shuffle(void) {
  reshape_cases();
  transpose_cases();
  flatten_squeeze_cases();
  expand_tile_cases();
  depth_to_space_cases();
}
