/* Op cases: resize (nearest with every rounding mode, linear, cubic with
 * exclude_outside and cubic_coeff_a, every coordinate transform,
 * tf_crop_and_resize with extrapolation, scales or sizes, any type for
 * nearest). Random cases are checked against a direct n-dimensional
 * implementation written here, which sums over every combination of
 * neighbours instead of going one dim at a time as the library does. */
#include <math.h>

#include "op-test.h"

#define I64(...) OP_I64(OP_DIMS(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)), __VA_ARGS__)
#define F32(...) OP_F32(OP_DIMS(sizeof((float[]){__VA_ARGS__}) / sizeof(float)), __VA_ARGS__)
#define NONE OP_ABSENT

static TrtResizeParams params(TrtResizeMode mode, TrtResizeCoordTransform coord) {
  return (TrtResizeParams){.mode = mode, .coord_transform = coord, .cubic_coeff_a = -0.75f};
}

static void resize(const char *name, TrtResizeParams p, OpTensor x, OpTensor roi,
                   OpTensor scales, OpTensor sizes, OpTensor want) {
  OpTensor in[4] = {x, roi, scales, sizes};
  for (int i = 1; i < 4; i++)
    if (!in[i].absent) in[i] = OP_CONST(in[i]);
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_RESIZE, .params = &p, .nb_inputs = 4,
                     .inputs = {in[0], in[1], in[2], in[3]}, .nb_outputs = 1,
                     .expected = {want}});
}

static void resize_error(const char *name, TrtResizeParams p, OpTensor x, OpTensor roi,
                         OpTensor scales, OpTensor sizes) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_RESIZE, .params = &p, .nb_inputs = 4,
                     .inputs = {x, roi, scales, sizes}, .nb_outputs = 1,
                     .expect_build_error = true});
}

/* ---- the direct implementation ------------------------------------------ */

/* Input coordinate of output index x, straight from the operator text. */
static double source(const TrtResizeParams *p, double x, double in, double out, double scale,
                     double roi_start, double roi_end) {
  switch (p->coord_transform) {
  case TRT_RESIZE_COORD_HALF_PIXEL: return (x + 0.5) / scale - 0.5;
  case TRT_RESIZE_COORD_ASYMMETRIC: return x / scale;
  case TRT_RESIZE_COORD_PYTORCH_HALF_PIXEL: return out > 1 ? (x + 0.5) / scale - 0.5 : 0;
  case TRT_RESIZE_COORD_ALIGN_CORNERS: return out > 1 ? x * (in - 1) / (scale * in - 1) : 0;
  case TRT_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN: return (x + 0.5) / scale;
  case TRT_RESIZE_COORD_TF_CROP_AND_RESIZE:
    return out > 1 ? roi_start * (in - 1) + x * (roi_end - roi_start) * (in - 1) / (out - 1)
                   : 0.5 * (roi_start + roi_end) * (in - 1);
  default: {
    double output_width = scale * in;
    return in / 2 * (1 - out / output_width) + (x + 0.5) / scale - 0.5;
  }
  }
}

static double keys(double s, double a) {
  s = fabs(s);
  if (s <= 1) return (a + 2) * s * s * s - (a + 3) * s * s + 1;
  if (s < 2) return a * s * s * s - 5 * a * s * s + 8 * a * s - 4 * a;
  return 0;
}

/* Neighbours of coordinate c along one dim (indices possibly outside
 * [0, n), weights); the count, or 0 when c is outside the crop. */
static int neighbours(const TrtResizeParams *p, double c, int n, int *idx, double *w) {
  if (p->coord_transform == TRT_RESIZE_COORD_TF_CROP_AND_RESIZE && (c < 0 || c > n - 1))
    return 0;
  double f = floor(c);
  if (p->mode == TRT_RESIZE_NEAREST) {
    double frac = c - f;
    switch (p->nearest_mode) {
    case TRT_RESIZE_NEAREST_FLOOR: idx[0] = (int)f; break;
    case TRT_RESIZE_NEAREST_CEIL: idx[0] = (int)ceil(c); break;
    case TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL: idx[0] = (int)f + (frac >= 0.5); break;
    default: idx[0] = (int)f + (frac > 0.5); break;
    }
    w[0] = 1;
    return 1;
  }
  int taps = p->mode == TRT_RESIZE_LINEAR ? 2 : 4, first = (int)f - (taps == 4);
  double sum = 0;
  for (int k = 0; k < taps; k++) {
    idx[k] = first + k;
    w[k] = taps == 2 ? 1 - fabs(c - idx[k]) : keys(c - idx[k], p->cubic_coeff_a);
    if (p->exclude_outside && (idx[k] < 0 || idx[k] >= n)) w[k] = 0;
    sum += w[k];
  }
  if (p->exclude_outside)
    for (int k = 0; k < taps; k++) w[k] /= sum;
  return taps;
}

/* out = resize(x) for any rank (<= 4 here), summing over every
 * combination of the neighbours of each dim. scale[d] is given or
 * out[d] / in[d]. */
static void direct(const TrtResizeParams *p, const float *x, const int *in, const int *out,
                   const double *scale, const double *roi, int rank, float *y) {
  int total = 1, pos[4] = {0};
  for (int d = 0; d < rank; d++) total *= out[d];
  for (int o = 0; o < total; o++) {
    int idx[4][4], count[4], combo[4] = {0}, combos = 1;
    double w[4][4];
    bool outside = false;
    for (int d = 0, r = o; d < rank; d++) {
      int stride = 1;
      for (int e = d + 1; e < rank; e++) stride *= out[e];
      pos[d] = r / stride;
      r %= stride;
      double c = source(p, pos[d], in[d], out[d], scale[d], roi ? roi[d] : 0,
                        roi ? roi[rank + d] : 1);
      count[d] = neighbours(p, c, in[d], idx[d], w[d]);
      outside = outside || count[d] == 0;
      combos *= count[d] ? count[d] : 1;
    }
    double v = 0;
    for (int k = 0; k < combos && !outside; k++) {
      double weight = 1;
      int off = 0;
      for (int d = 0; d < rank; d++) {
        int i = idx[d][combo[d]];
        i = i < 0 ? 0 : (i >= in[d] ? in[d] - 1 : i); /* edge values */
        off = off * in[d] + i;
        weight *= w[d][combo[d]];
      }
      v += weight * x[off];
      for (int d = rank - 1; d >= 0; d--) {
        if (++combo[d] < count[d]) break;
        combo[d] = 0;
      }
    }
    y[o] = outside ? p->extrapolation_value : (float)v;
  }
}

static void fill(float *x, int n, uint32_t seed) {
  for (int i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    x[i] = (float)(seed >> 8) / (float)(1u << 24) * 2 - 1;
  }
}

/* One random case of rank 4: scales (when given) or sizes. */
static void random_case(const char *name, TrtResizeParams p, const int *in, const double *scales,
                        const int *sizes) {
  static float x[4096], y[16384];
  float scale_values[4];
  int64_t size_values[4];
  int out[4], n = 1, m = 1;
  double scale[4];
  for (int d = 0; d < 4; d++) {
    /* The product in float32, as the library documents. */
    out[d] = scales ? (int)floorf((float)in[d] * (float)scales[d]) : sizes[d];
    scale_values[d] = scales ? (float)scales[d] : 0;
    size_values[d] = out[d];
    scale[d] = scales ? (double)(float)scales[d] : (double)out[d] / in[d];
    n *= in[d];
    m *= out[d];
  }
  fill(x, n, (uint32_t)m);
  direct(&p, x, in, out, scale, NULL, 4, y);
  OpTensor scales_t = {.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(4), .data = scale_values};
  OpTensor sizes_t = {.type = TRT_DATA_TYPE_INT64, .dims = OP_DIMS(4), .data = size_values};
  resize(name, p,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(in[0], in[1], in[2], in[3]),
                    .data = x},
         NONE, scales ? scales_t : NONE, scales ? NONE : sizes_t,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT,
                    .dims = OP_DIMS(out[0], out[1], out[2], out[3]), .data = y});
}

static void random_cases(void) {
  TrtResizeParams lin = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_HALF_PIXEL),
                  cub = params(TRT_RESIZE_CUBIC, TRT_RESIZE_COORD_HALF_PIXEL),
                  cub_ac = params(TRT_RESIZE_CUBIC, TRT_RESIZE_COORD_ALIGN_CORNERS),
                  lin_sym = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_HALF_PIXEL_SYMMETRIC),
                  lin_asym = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_ASYMMETRIC),
                  cub_pt = params(TRT_RESIZE_CUBIC, TRT_RESIZE_COORD_PYTORCH_HALF_PIXEL),
                  near_sym = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_HALF_PIXEL_SYMMETRIC);
  cub_ac.exclude_outside = 1;
  cub_ac.cubic_coeff_a = -0.5f;
  near_sym.nearest_mode = TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL;
  random_case("resize_linear_up_fractional_scales_random", lin, (int[]){1, 2, 5, 7},
              (double[]){1, 1, 1.7, 2.3}, NULL);
  random_case("resize_cubic_down_sizes_random", cub, (int[]){1, 2, 9, 11}, NULL,
              (int[]){1, 2, 4, 5});
  random_case("resize_cubic_align_corners_exclude_outside_a_half_random", cub_ac,
              (int[]){2, 1, 4, 5}, (double[]){1, 1, 2, 2}, NULL);
  random_case("resize_linear_half_pixel_symmetric_random", lin_sym, (int[]){1, 3, 5, 7},
              (double[]){1, 1, 1.7, 0.8}, NULL);
  random_case("resize_linear_every_axis_asymmetric_random", lin_asym, (int[]){2, 3, 4, 5},
              (double[]){1.5, 2, 0.5, 1.4}, NULL);
  random_case("resize_cubic_pytorch_half_pixel_to_one_random", cub_pt, (int[]){1, 1, 6, 5},
              NULL, (int[]){1, 1, 1, 3});
  random_case("resize_nearest_half_pixel_symmetric_random", near_sym, (int[]){1, 2, 5, 6},
              (double[]){1, 1, 1.5, 0.7}, NULL);
}

/* tf_crop_and_resize with a 3-D roi: linear, the extrapolation value where
 * the crop leaves the input. */
static void crop_random(void) {
  static float x[3 * 6 * 5], y[2 * 4 * 7];
  static const float roi[6] = {0, 0.3f, -0.2f, 1, 0.9f, 1.1f};
  const int in[3] = {3, 6, 5}, out[3] = {2, 4, 7};
  const double scale[3] = {2.0 / 3, 4.0 / 6, 7.0 / 5};
  double roi_d[6];
  for (int i = 0; i < 6; i++) roi_d[i] = roi[i];
  TrtResizeParams p = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_TF_CROP_AND_RESIZE);
  p.extrapolation_value = -3;
  fill(x, 90, 77);
  direct(&p, x, in, out, scale, roi_d, 3, y);
  resize("resize_tf_crop_3d_extrapolation_random", p,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(3, 6, 5), .data = x},
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(6), .data = roi}, NONE,
         I64(2, 4, 7), (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(2, 4, 7), .data = y});
}

static void nearest_cases(void) {
  TrtResizeParams p = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_HALF_PIXEL);
  OpTensor x22 = OP_F32(OP_DIMS(1, 1, 2, 2), 1, 2, 3, 4),
           x4 = OP_F32(OP_DIMS(4), 10, 20, 30, 40);
  resize("resize_nearest_up_scales", p, x22, NONE, F32(1, 1, 2, 3), NONE,
         OP_F32(OP_DIMS(1, 1, 4, 6), 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3,
                3, 4, 4, 4));
  resize("resize_nearest_down_scales", p, OP_F32(OP_DIMS(1, 1, 2, 4), 1, 2, 3, 4, 5, 6, 7, 8),
         NONE, F32(1, 1, 0.6f, 0.6f), NONE, OP_F32(OP_DIMS(1, 1, 1, 2), 1, 3));
  p.nearest_mode = TRT_RESIZE_NEAREST_FLOOR;
  resize("resize_nearest_floor", p, x4, NONE, NONE, I64(8),
         OP_F32(OP_DIMS(8), 10, 10, 10, 20, 20, 30, 30, 40));
  p.nearest_mode = TRT_RESIZE_NEAREST_CEIL;
  resize("resize_nearest_ceil_clamps", p, x4, NONE, NONE, I64(8),
         OP_F32(OP_DIMS(8), 10, 20, 20, 30, 30, 40, 40, 40));
  p.nearest_mode = TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL;
  resize("resize_nearest_round_prefer_ceil", p, x4, NONE, NONE, I64(8),
         OP_F32(OP_DIMS(8), 10, 10, 20, 20, 30, 30, 40, 40));
  TrtResizeParams asym = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_ASYMMETRIC);
  asym.nearest_mode = TRT_RESIZE_NEAREST_ROUND_PREFER_CEIL;
  resize("resize_nearest_asymmetric_prefer_ceil_ties", asym, x4, NONE, NONE, I64(8),
         OP_F32(OP_DIMS(8), 10, 20, 20, 30, 30, 40, 40, 40));
  asym.nearest_mode = TRT_RESIZE_NEAREST_ROUND_PREFER_FLOOR;
  resize("resize_nearest_asymmetric_prefer_floor_ties", asym, x4, NONE, NONE, I64(8),
         OP_F32(OP_DIMS(8), 10, 10, 20, 20, 30, 30, 40, 40));
  TrtResizeParams tf = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_TF_HALF_PIXEL_FOR_NN);
  resize("resize_nearest_tf_half_pixel_for_nn", tf, x4, NONE, NONE, I64(8),
         OP_F32(OP_DIMS(8), 10, 20, 20, 30, 30, 40, 40, 40));
  TrtResizeParams ac = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_ALIGN_CORNERS);
  resize("resize_nearest_int32_align_corners", ac, OP_I32(OP_DIMS(2, 2), 1, -2, 3, 2000000000),
         NONE, NONE, I64(3, 3), /* coordinates 0, 0.5, 1: ties round down */
         OP_I32(OP_DIMS(3, 3), 1, 1, -2, 1, 1, -2, 3, 3, 2000000000));
  resize("resize_nearest_int64_scales", params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_ASYMMETRIC),
         OP_I64(OP_DIMS(2), 9007199254740993LL, -1), NONE, F32(2), NONE,
         OP_I64(OP_DIMS(4), 9007199254740993LL, 9007199254740993LL, -1, -1));
  resize("resize_nearest_bool", params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_ASYMMETRIC),
         OP_BOOL(OP_DIMS(1, 2), 1, 0), NONE, F32(2, 1.5f), NONE, /* columns 0, 0.67, 1.33 */
         OP_BOOL(OP_DIMS(2, 3), 1, 0, 0, 1, 0, 0));
  TrtResizeParams crop = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_TF_CROP_AND_RESIZE);
  crop.extrapolation_value = 7;
  resize("resize_nearest_tf_crop_uint8_extrapolation", crop,
         (OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = OP_DIMS(4),
                    .data = (const uint8_t[]){1, 2, 3, 4}},
         F32(0.5f, 1.5f), NONE, I64(3), /* coordinates 1.5, 3, 4.5 (outside) */
         (OpTensor){.type = TRT_DATA_TYPE_UINT8, .dims = OP_DIMS(3),
                    .data = (const uint8_t[]){2, 4, 7}});
}

static void linear_cubic_cases(void) {
  TrtResizeParams lin = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_HALF_PIXEL);
  OpTensor x22 = OP_F32(OP_DIMS(1, 1, 2, 2), 1, 2, 3, 4);
  resize("resize_linear_up_scales", lin, x22, NONE, F32(1, 1, 2, 2), NONE,
         OP_F32(OP_DIMS(1, 1, 4, 4), 1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f,
                3.25f, 3.5f, 3, 3.25f, 3.75f, 4));
  resize("resize_linear_down_scales_use_given_scale", lin,
         OP_F32(OP_DIMS(1, 1, 2, 4), 1, 2, 3, 4, 5, 6, 7, 8), NONE, F32(1, 1, 0.6f, 0.6f), NONE,
         OP_F32(OP_DIMS(1, 1, 1, 2), 2.6666667f, 4.3333333f));
  resize("resize_linear_sizes_with_empty_scales", lin, x22, NONE, OP_F32(OP_DIMS(0), 0),
         I64(1, 1, 1, 1), OP_F32(OP_DIMS(1, 1, 1, 1), 2.5f));
  TrtResizeParams ac = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_ALIGN_CORNERS);
  resize("resize_linear_align_corners", ac, x22, NONE, F32(1, 1, 2, 2), NONE,
         OP_F32(OP_DIMS(1, 1, 4, 4), 1, 4.0f / 3, 5.0f / 3, 2, 5.0f / 3, 2, 7.0f / 3, 8.0f / 3,
                7.0f / 3, 8.0f / 3, 3, 10.0f / 3, 3, 10.0f / 3, 11.0f / 3, 4));
  /* Width 4 * 0.6 = 2.4 before flooring: x = 1 reads 1 * 3 / 1.4. */
  resize("resize_linear_align_corners_down_fractional", ac,
         OP_F32(OP_DIMS(1, 1, 2, 4), 1, 2, 3, 4, 5, 6, 7, 8), NONE, F32(1, 1, 0.6f, 0.6f), NONE,
         OP_F32(OP_DIMS(1, 1, 1, 2), 1, 3.1428571f));
  TrtResizeParams pt = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_PYTORCH_HALF_PIXEL);
  resize("resize_linear_pytorch_half_pixel_down", pt,
         OP_F32(OP_DIMS(1, 1, 4, 4), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), NONE,
         NONE, I64(1, 1, 3, 1), OP_F32(OP_DIMS(1, 1, 3, 1), 1.6666666f, 7, 12.333333f));
  TrtResizeParams sym = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_HALF_PIXEL_SYMMETRIC);
  resize("resize_linear_half_pixel_symmetric_down", sym, OP_F32(OP_DIMS(1, 1, 1, 4), 1, 2, 3, 4),
         NONE, F32(1, 1, 1, 0.6f), NONE, OP_F32(OP_DIMS(1, 1, 1, 2), 1.6666666f, 3.3333333f));
  TrtResizeParams crop = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_TF_CROP_AND_RESIZE);
  OpTensor x44 = OP_F32(OP_DIMS(1, 1, 4, 4), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  resize("resize_linear_tf_crop_and_resize", crop, x44, F32(0, 0, 0.4f, 0.6f, 1, 1, 0.6f, 0.8f),
         NONE, I64(1, 1, 3, 3),
         OP_F32(OP_DIMS(1, 1, 3, 3), 7.6f, 7.9f, 8.2f, 8.8f, 9.1f, 9.4f, 10, 10.3f, 10.6f));
  crop.extrapolation_value = 10;
  resize("resize_linear_tf_crop_extrapolation", crop, x44,
         F32(0, 0, 0.4f, 0.6f, 1, 1, 1.2f, 1.7f), NONE, I64(1, 1, 3, 3),
         OP_F32(OP_DIMS(1, 1, 3, 3), 7.6f, 10, 10, 12.4f, 10, 10, 10, 10, 10));
  TrtResizeParams half = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_ASYMMETRIC);
  resize("resize_linear_half_type", half,
         (OpTensor){.type = TRT_DATA_TYPE_HALF, .dims = OP_DIMS(2),
                    .data = (const uint16_t[]){0x3c00, 0x4000}}, /* 1, 2 */
         NONE, F32(2), NONE,
         (OpTensor){.type = TRT_DATA_TYPE_HALF, .dims = OP_DIMS(4),
                    .data = (const uint16_t[]){0x3c00, 0x3e00, 0x4000, 0x4000}}); /* 1 1.5 2 2 */
  resize("resize_linear_identity_scales", lin, OP_RAND(OP_DIMS(2, 3, 4)), NONE, F32(1, 1, 1),
         NONE, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 3, 4)));
  resize("resize_linear_to_empty", lin, x22, NONE, NONE, I64(1, 1, 0, 2),
         OP_F32(OP_DIMS(1, 1, 0, 2), 0));

  TrtResizeParams cub = params(TRT_RESIZE_CUBIC, TRT_RESIZE_COORD_HALF_PIXEL);
  resize("resize_cubic_scalar_width", cub, OP_F32(OP_DIMS(1, 1), 5), NONE, F32(3, 2), NONE,
         OP_F32(OP_DIMS(3, 2), 5, 5, 5, 5, 5, 5));
}

/* Cubic upsampling by 2 of 1..4 (1-D) and of 1..16 (4x4), against the
 * direct implementation, which is itself checked on the first values, known
 * by hand and from the ONNX backend tests: output 0 reads coordinate -0.25,
 * weights W(1.75), W(0.75), W(0.25), W(1.25) on indices -2..1, the first
 * three clamped to index 0: 1.10546875 * 1 - 0.10546875 * 2 = 0.89453125
 * (1-D), and the same along both dims gives 0.47265625 (4x4). */
static void cubic_anchors(void) {
  TrtResizeParams cub = params(TRT_RESIZE_CUBIC, TRT_RESIZE_COORD_HALF_PIXEL);
  static float y1[8], y2[64];
  const int in1[1] = {4}, out1[1] = {8}, in2[4] = {1, 1, 4, 4}, out2[4] = {1, 1, 8, 8};
  const float x1[4] = {1, 2, 3, 4}, x2[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  direct(&cub, x1, in1, out1, (double[]){2}, NULL, 1, y1);
  direct(&cub, x2, in2, out2, (double[]){1, 1, 2, 2}, NULL, 4, y2);
  op_report("resize_direct_implementation_matches_onnx_anchors",
            fabsf(y1[0] - 0.89453125f) < 1e-6f && fabsf(y2[0] - 0.47265625f) < 1e-6f,
            "the test's own cubic disagrees with the ONNX values");
  resize("resize_cubic_1d_against_direct", cub, F32(1, 2, 3, 4), NONE, F32(2), NONE,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(8), .data = y1});
  resize("resize_cubic_4x4_against_direct", cub, OP_F32(OP_DIMS(1, 1, 4, 4), 1, 2, 3, 4, 5, 6, 7,
                                                        8, 9, 10, 11, 12, 13, 14, 15, 16),
         NONE, F32(1, 1, 2, 2), NONE,
         (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(1, 1, 8, 8), .data = y2});
}

static void error_cases(void) {
  TrtResizeParams lin = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_HALF_PIXEL),
                  near = params(TRT_RESIZE_NEAREST, TRT_RESIZE_COORD_HALF_PIXEL),
                  crop = params(TRT_RESIZE_LINEAR, TRT_RESIZE_COORD_TF_CROP_AND_RESIZE),
                  bad = params((TrtResizeMode)5, TRT_RESIZE_COORD_HALF_PIXEL),
                  bad_coord = params(TRT_RESIZE_NEAREST, (TrtResizeCoordTransform)9);
  OpTensor x = OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4), s = OP_CONST(F32(2, 2)),
           z = OP_CONST(I64(4, 4));
  resize_error("resize_scales_and_sizes", lin, x, NONE, s, z);
  resize_error("resize_neither_scales_nor_sizes", lin, x, NONE, NONE, NONE);
  resize_error("resize_scales_count_differs", lin, x, NONE, OP_CONST(F32(2)), NONE);
  resize_error("resize_scale_zero", lin, x, NONE, OP_CONST(F32(1, 0)), NONE);
  resize_error("resize_scale_nan", lin, x, NONE, OP_CONST(F32(1, NAN)), NONE);
  resize_error("resize_scale_huge", lin, x, NONE, OP_CONST(F32(1, 1e30f)), NONE);
  resize_error("resize_negative_size", lin, x, NONE, NONE, OP_CONST(I64(2, -1)));
  resize_error("resize_empty_dim_to_nonempty", near, OP_F32(OP_DIMS(0, 2), 0), NONE, NONE,
               OP_CONST(I64(2, 2)));
  resize_error("resize_linear_int32", lin, OP_I32(OP_DIMS(2), 1, 2), NONE, OP_CONST(F32(2)),
               NONE);
  resize_error("resize_tf_crop_without_roi", crop, x, NONE, NONE, z);
  resize_error("resize_scales_known_only_at_run_time", lin, x, NONE, F32(2, 2), NONE);
  resize_error("resize_unknown_mode", bad, x, NONE, s, NONE);
  resize_error("resize_unknown_coordinate_transform", bad_coord, x, NONE, s, NONE);
  resize_error("resize_float_sizes", near, x, NONE, NONE, OP_CONST(F32(4, 4)));
}

void cases_resize(void) {
  nearest_cases();
  linear_cubic_cases();
  cubic_anchors();
  random_cases();
  crop_random();
  error_cases();
}
