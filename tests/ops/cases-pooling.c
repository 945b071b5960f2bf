/* Op cases: pooling. Values worked out by hand (several are the ONNX
 * operator examples); random cases compare the backends with each other. */
#include <math.h>
#include <stdlib.h>

#include "op-test.h"

static void pool(const char *name, TrtPoolingParams p, OpTensor x, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_POOLING, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}});
}

static void bad(const char *name, TrtPoolingParams p, OpTensor x) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_POOLING, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expect_build_error = true});
}

static TrtPoolingParams window(TrtPoolingType type, int ns, int64_t k, int64_t s) {
  TrtPoolingParams p = trt_pooling_params_default(type, ns);
  for (int i = 0; i < ns; i++) {
    p.kernel[i] = k;
    p.stride[i] = s;
  }
  return p;
}

static void pads(TrtPoolingParams *p, int64_t begin, int64_t end) {
  for (int i = 0; i < p->nb_spatial; i++) {
    p->pad_begin[i] = begin;
    p->pad_end[i] = end;
  }
}

static OpTensor iota(TrtDims d, float start, float *buf) {
  int64_t n = trt_dims_volume(&d);
  for (int64_t i = 0; i < n; i++) buf[i] = start + (float)i;
  return (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d, .data = buf};
}

static void hand_cases(void) {
  float b16[16], b25[25], b9[9];
  OpTensor x16 = iota(OP_DIMS(1, 1, 4, 4), 0, b16);
  pool("maxpool2d_2x2", window(TRT_POOLING_MAX, 2, 2, 2), x16,
       OP_F32(OP_DIMS(1, 1, 2, 2), 5, 7, 13, 15));
  pool("avgpool2d_2x2", window(TRT_POOLING_AVERAGE, 2, 2, 2), x16,
       OP_F32(OP_DIMS(1, 1, 2, 2), 2.5f, 4.5f, 10.5f, 12.5f));

  /* ceil mode: 4x4 input (1..16), 3x3 window, stride 2 -> 2x2. */
  float c16[16];
  OpTensor x16b = iota(OP_DIMS(1, 1, 4, 4), 1, c16);
  TrtPoolingParams p = window(TRT_POOLING_MAX, 2, 3, 2);
  p.ceil_mode = 1;
  pool("maxpool2d_ceil", p, x16b, OP_F32(OP_DIMS(1, 1, 2, 2), 11, 12, 15, 16));
  p.type = TRT_POOLING_AVERAGE;
  pool("avgpool2d_ceil", p, x16b, OP_F32(OP_DIMS(1, 1, 2, 2), 6, 7.5f, 12, 13.5f));
  p.ceil_mode = 0;
  pool("avgpool2d_floor", p, x16b, OP_F32(OP_DIMS(1, 1, 1, 1), 6));

  /* 5x5 input (1..25), 5x5 window, pads 2: every output sees part of the
   * input. */
  OpTensor x25 = iota(OP_DIMS(1, 1, 5, 5), 1, b25);
  p = window(TRT_POOLING_MAX, 2, 5, 1);
  pads(&p, 2, 2);
  pool("maxpool2d_pads", p, x25,
       OP_F32(OP_DIMS(1, 1, 5, 5), 13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24, 25, 25, 25,
              23, 24, 25, 25, 25, 23, 24, 25, 25, 25));
  p.type = TRT_POOLING_AVERAGE;
  pool("avgpool2d_pads_exclude", p, x25,
       OP_F32(OP_DIMS(1, 1, 5, 5), 7, 7.5f, 8, 8.5f, 9, 9.5f, 10, 10.5f, 11, 11.5f, 12, 12.5f,
              13, 13.5f, 14, 14.5f, 15, 15.5f, 16, 16.5f, 17, 17.5f, 18, 18.5f, 19));
  p.count_include_pad = 1;
  pool("avgpool2d_pads_include", p, x25,
       OP_F32(OP_DIMS(1, 1, 5, 5), 2.52f, 3.6f, 4.8f, 4.08f, 3.24f, 4.56f, 6.4f, 8.4f, 7.04f,
              5.52f, 7.2f, 10, 13, 10.8f, 8.4f, 6.96f, 9.6f, 12.4f, 10.24f, 7.92f, 6.12f, 8.4f,
              10.8f, 8.88f, 6.84f));

  p = window(TRT_POOLING_AVERAGE, 2, 3, 2);
  p.padding_mode = TRT_PADDING_SAME_UPPER;
  pool("avgpool2d_same_upper", p, x25,
       OP_F32(OP_DIMS(1, 1, 3, 3), 4, 5.5f, 7, 11.5f, 13, 14.5f, 19, 20.5f, 22));
  p.type = TRT_POOLING_MAX;
  pool("maxpool2d_same_upper", p, x25, OP_F32(OP_DIMS(1, 1, 3, 3), 7, 9, 10, 17, 19, 20, 22, 24, 25));
  /* 2x2 window, stride 1 on 3x3 (1..9): SAME pads one pixel, at the end
   * (UPPER) or the start (LOWER). */
  OpTensor x9 = iota(OP_DIMS(1, 1, 3, 3), 1, b9);
  p = window(TRT_POOLING_MAX, 2, 2, 1);
  p.padding_mode = TRT_PADDING_SAME_UPPER;
  pool("maxpool2d_same_upper_even_window", p, x9,
       OP_F32(OP_DIMS(1, 1, 3, 3), 5, 6, 6, 8, 9, 9, 8, 9, 9));
  p.padding_mode = TRT_PADDING_SAME_LOWER;
  pool("maxpool2d_same_lower_even_window", p, x9,
       OP_F32(OP_DIMS(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9));

  p = window(TRT_POOLING_MAX, 2, 2, 1);
  p.dilation[0] = p.dilation[1] = 2;
  pool("maxpool2d_dilation", p, x16b, OP_F32(OP_DIMS(1, 1, 2, 2), 11, 12, 15, 16));
  p.type = TRT_POOLING_AVERAGE;
  pool("avgpool2d_dilation", p, x16b, OP_F32(OP_DIMS(1, 1, 2, 2), 6, 7, 10, 11));

  /* 1-D, [1, 2, 3, 4], window 2, stride 2, one pad in front, ceil: the
   * windows are {pad, 1}, {2, 3}, {4, beyond the input}; the tap beyond
   * the input never counts, the front pad only with count_include_pad. */
  OpTensor x4 = OP_F32(OP_DIMS(1, 1, 4), 1, 2, 3, 4);
  p = window(TRT_POOLING_AVERAGE, 1, 2, 2);
  p.pad_begin[0] = 1;
  p.ceil_mode = 1;
  pool("avgpool1d_ceil_exclude_pad", p, x4, OP_F32(OP_DIMS(1, 1, 3), 1, 2.5f, 4));
  p.count_include_pad = 1;
  pool("avgpool1d_ceil_include_pad", p, x4, OP_F32(OP_DIMS(1, 1, 3), 0.5f, 2.5f, 4));
  p.type = TRT_POOLING_MAX;
  pool("maxpool1d_ceil", p, OP_F32(OP_DIMS(1, 1, 4), -1, -2, -3, -4),
       OP_F32(OP_DIMS(1, 1, 3), -1, -2, -4));
  /* [1, 2], window 2, stride 2, one pad at the end, ceil: a second
   * window would start in the trailing pad, so there is only one. */
  p = window(TRT_POOLING_MAX, 1, 2, 2);
  p.pad_end[0] = 1;
  p.ceil_mode = 1;
  pool("maxpool1d_ceil_last_window_in_pad_dropped", p, OP_F32(OP_DIMS(1, 1, 2), 1, 2),
       OP_F32(OP_DIMS(1, 1, 1), 2));

  TrtPoolingParams g = trt_pooling_params_default(TRT_POOLING_AVERAGE, 0);
  g.global = 1;
  pool("global_avgpool", g, x9, OP_F32(OP_DIMS(1, 1, 1, 1), 5));
  g.type = TRT_POOLING_MAX;
  pool("global_maxpool", g, OP_F32(OP_DIMS(1, 2, 2), 1, 7, 3, -1),
       OP_F32(OP_DIMS(1, 2, 1), 7, 3));
  g.type = TRT_POOLING_LP;
  g.p = 2;
  pool("global_lppool_p2", g, OP_F32(OP_DIMS(1, 1, 2, 2), 3, -4, 0, 0),
       OP_F32(OP_DIMS(1, 1, 1, 1), 5));
  g.p = 1;
  pool("global_lppool_p1", g, OP_F32(OP_DIMS(1, 1, 2, 2), 3, -4, 1, 0),
       OP_F32(OP_DIMS(1, 1, 1, 1), 8));
  p = window(TRT_POOLING_LP, 2, 2, 2);
  p.p = 3;
  pool("lppool2d_p3", p, OP_F32(OP_DIMS(1, 1, 2, 4), 1, 2, 0, 0, 2, 1, 3, 3),
       OP_F32(OP_DIMS(1, 1, 1, 2), 2.6207414f, 3.7797632f));

  TrtPoolingParams p3 = window(TRT_POOLING_MAX, 3, 2, 2);
  float b8[8];
  pool("maxpool3d", p3, iota(OP_DIMS(1, 1, 2, 2, 2), 1, b8), OP_F32(OP_DIMS(1, 1, 1, 1, 1), 8));
  p3.type = TRT_POOLING_AVERAGE;
  pool("avgpool3d", p3, iota(OP_DIMS(1, 1, 2, 2, 2), 1, b8),
       OP_F32(OP_DIMS(1, 1, 1, 1, 1), 4.5f));

  /* Indices: into the whole input, batch and channels included; the
   * first of equal maxima wins. */
  p = window(TRT_POOLING_MAX, 2, 5, 1);
  pads(&p, 2, 2);
  op_check(&(OpCase){
      .name = "maxpool2d_pads_with_indices", .type = TRT_LAYER_POOLING, .params = &p,
      .nb_inputs = 1, .inputs = {x25}, .nb_outputs = 2,
      .expected = {OP_F32(OP_DIMS(1, 1, 5, 5), 13, 14, 15, 15, 15, 18, 19, 20, 20, 20, 23, 24,
                          25, 25, 25, 23, 24, 25, 25, 25, 23, 24, 25, 25, 25),
                   OP_I64(OP_DIMS(1, 1, 5, 5), 12, 13, 14, 14, 14, 17, 18, 19, 19, 19, 22, 23,
                          24, 24, 24, 22, 23, 24, 24, 24, 22, 23, 24, 24, 24)}});
  p = window(TRT_POOLING_MAX, 2, 2, 2);
  op_check(&(OpCase){.name = "maxpool_indices_span_channels", .type = TRT_LAYER_POOLING,
                     .params = &p, .nb_inputs = 1,
                     .inputs = {OP_F32(OP_DIMS(1, 2, 2, 2), 1, 5, 3, 2, 0, -1, 9, 9)},
                     .nb_outputs = 2,
                     .expected = {OP_F32(OP_DIMS(1, 2, 1, 1), 5, 9),
                                  OP_I64(OP_DIMS(1, 2, 1, 1), 1, 6)}});
  op_check(&(OpCase){.name = "maxpool_indices_int32", .type = TRT_LAYER_POOLING,
                     .params = &p, .nb_inputs = 1,
                     .inputs = {OP_I32(OP_DIMS(1, 1, 2, 2), -7, -7, -9, -8)}, .nb_outputs = 2,
                     .expected = {OP_I32(OP_DIMS(1, 1, 1, 1), -7),
                                  OP_I64(OP_DIMS(1, 1, 1, 1), 0)}});
  TrtPoolingParams avg = window(TRT_POOLING_AVERAGE, 2, 2, 2);
  op_check(&(OpCase){.name = "avgpool_indices_rejected", .type = TRT_LAYER_POOLING,
                     .params = &avg, .nb_inputs = 1, .inputs = {OP_RAND(OP_DIMS(1, 1, 2, 2))},
                     .nb_outputs = 2, .expect_build_error = true});
  pool("maxpool_nan_propagates", p, OP_F32(OP_DIMS(1, 1, 2, 2), 1, NAN, 3, 2),
       OP_F32(OP_DIMS(1, 1, 1, 1), NAN));
  /* A NaN far into a larger input, where the scan that sends NaN inputs
   * away from oneDNN reads it in its vector loop; expected values worked
   * out here (2x2 windows of increasing values: the bottom-right one). */
  {
    static float x[3 * 17 * 17], y[3 * 8 * 8];
    iota(OP_DIMS(1, 3, 17, 17), 0, x);
    for (int c = 0; c < 3; c++)
      for (int oy = 0; oy < 8; oy++)
        for (int ox = 0; ox < 8; ox++)
          y[(c * 8 + oy) * 8 + ox] = (float)(c * 289 + (2 * oy + 1) * 17 + 2 * ox + 1);
    x[2 * 289 + 15 * 17 + 15] = NAN; /* channel 2, row 15, column 15 */
    y[(2 * 8 + 7) * 8 + 7] = NAN;
    pool("maxpool_nan_deep_in_large_input", p,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1, 3, 17, 17), .data = x},
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1, 3, 8, 8), .data = y});
  }
  pool("maxpool_inf", p, OP_F32(OP_DIMS(1, 1, 2, 2), -INFINITY, -INFINITY, -INFINITY, 1),
       OP_F32(OP_DIMS(1, 1, 1, 1), 1));
  pool("maxpool_uint8", p,
       (OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = OP_DIMS(1, 1, 2, 2),
                  .data = (const uint8_t[]){1, 200, 3, 4}},
       (OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = OP_DIMS(1, 1, 1, 1),
                  .data = (const uint8_t[]){200}});
  pool("maxpool_int8", p,
       (OpTensor){.type = TRT_DATA_TYPE_INT8, .dims = OP_DIMS(1, 1, 2, 2),
                  .data = (const int8_t[]){-100, -128, -3, -4}},
       (OpTensor){.type = TRT_DATA_TYPE_INT8, .dims = OP_DIMS(1, 1, 1, 1),
                  .data = (const int8_t[]){-3}});
  pool("maxpool_int64_exact", p,
       OP_I64(OP_DIMS(1, 1, 2, 2), 9007199254740993LL, 9007199254740992LL, 0, -1),
       OP_I64(OP_DIMS(1, 1, 1, 1), 9007199254740993LL));
  pool("maxpool_empty_batch", p, OP_F32(OP_DIMS(0, 3, 2, 2), 0),
       OP_F32(OP_DIMS(0, 3, 1, 1), 0));
}

static void random_cases(void) {
  TrtPoolingParams p = window(TRT_POOLING_MAX, 2, 3, 2);
  pads(&p, 1, 1);
  pool("maxpool2d_random_resnet_stem", p, OP_RAND(OP_DIMS(2, 8, 16, 16)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 8, 8, 8)));
  p.type = TRT_POOLING_AVERAGE;
  pool("avgpool2d_random_pad_exclude", p, OP_RAND(OP_DIMS(1, 5, 9, 7)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 5, 5, 4)));
  p.count_include_pad = 1;
  pool("avgpool2d_random_pad_include", p, OP_RAND(OP_DIMS(1, 5, 9, 7)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 5, 5, 4)));
  p.ceil_mode = 1;
  p.pad_end[1] = 0;
  pool("avgpool2d_random_ceil_include", p, OP_RAND(OP_DIMS(1, 3, 10, 10)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 3, 6, 5)));
  p.type = TRT_POOLING_MAX;
  pool("maxpool2d_random_ceil", p, OP_RAND(OP_DIMS(1, 3, 10, 10)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 3, 6, 5)));
  TrtPoolingParams g = trt_pooling_params_default(TRT_POOLING_AVERAGE, 0);
  g.global = 1;
  pool("global_avgpool_random", g, OP_RAND(OP_DIMS(2, 16, 7, 7)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 16, 1, 1)));
  g.type = TRT_POOLING_MAX;
  pool("global_maxpool_random_3d", g, OP_RAND(OP_DIMS(1, 4, 3, 5, 6)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 4, 1, 1, 1)));
  TrtPoolingParams p3 = window(TRT_POOLING_AVERAGE, 3, 3, 2);
  pads(&p3, 1, 0);
  pool("avgpool3d_random", p3, OP_RAND(OP_DIMS(1, 2, 5, 6, 7)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 2, 3, 3)));
  p = window(TRT_POOLING_MAX, 2, 3, 1);
  p.dilation[0] = 2;
  pool("maxpool2d_random_dilation", p, OP_RAND(OP_DIMS(1, 2, 9, 6)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 5, 4)));
  p = window(TRT_POOLING_MAX, 1, 3, 2);
  pool("maxpool1d_random", p, OP_RAND(OP_DIMS(3, 2, 11)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(3, 2, 5)));
  p = window(TRT_POOLING_MAX, 2, 3, 2);
  pads(&p, 1, 1);
  pool("maxpool2d_large_32_channels", p, OP_RAND(OP_DIMS(2, 32, 15, 15)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 32, 8, 8)));
  /* Floor mode drops the last partial window (112 -> 55 in GoogLeNet). */
  p = window(TRT_POOLING_MAX, 2, 3, 2);
  pool("maxpool2d_large_floor_drops_partial_window", p, OP_RAND(OP_DIMS(1, 32, 16, 16)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 32, 7, 7)));
  g = trt_pooling_params_default(TRT_POOLING_AVERAGE, 0);
  g.global = 1;
  pool("global_avgpool_large_64_channels", g, OP_RAND(OP_DIMS(1, 64, 7, 7)),
       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 64, 1, 1)));
}

static void bad_cases(void) {
  TrtPoolingParams p = window(TRT_POOLING_MAX, 2, 5, 1);
  bad("pool_window_larger_than_input", p, OP_RAND(OP_DIMS(1, 1, 4, 4)));
  p = window(TRT_POOLING_MAX, 2, 2, 1);
  bad("pool_rank_mismatch", p, OP_RAND(OP_DIMS(1, 1, 4)));
  p.pad_begin[0] = -1;
  bad("pool_negative_pad", p, OP_RAND(OP_DIMS(1, 1, 4, 4)));
  p = window(TRT_POOLING_MAX, 2, 0, 1);
  bad("pool_zero_kernel", p, OP_RAND(OP_DIMS(1, 1, 4, 4)));
  p = window(TRT_POOLING_AVERAGE, 2, 2, 1);
  bad("avgpool_int_input", p, OP_I32(OP_DIMS(1, 1, 2, 2), 1, 2, 3, 4));
  p = window(TRT_POOLING_LP, 2, 2, 1);
  p.p = 0;
  bad("lppool_p_zero", p, OP_RAND(OP_DIMS(1, 1, 2, 2)));
  p = window(TRT_POOLING_MAX, 2, 2, 1);
  p.type = 9;
  bad("pool_unknown_type", p, OP_RAND(OP_DIMS(1, 1, 2, 2)));
  TrtPoolingParams g = trt_pooling_params_default(TRT_POOLING_MAX, 0);
  g.global = 1;
  bad("global_pool_rank2", g, OP_RAND(OP_DIMS(2, 3)));
  bad("maxpool_bool_input", window(TRT_POOLING_MAX, 1, 1, 1),
      OP_BOOL(OP_DIMS(1, 1, 2), 0, 1));
}

void cases_pooling(void) {
  hand_cases();
  random_cases();
  bad_cases();
}
