/* Op cases: softmax and log-softmax. Expected values are worked out by hand
 * or, for the random cases, by a loop here that follows the definition in
 * double. */
#include <math.h>
#include <stdlib.h>

#include "op-test.h"

static uint32_t seed;
static void random_floats(float *out, int64_t n, float scale) {
  for (int64_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    out[i] = scale * ((float)((seed >> 8) % 2001) / 1000.0f - 1.0f);
  }
}

static void softmax(const char *name, TrtSoftmaxParams p, OpTensor x, OpTensor want, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_SOFTMAX, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}, .atol = 1e-6,
                     .rtol = 1e-5, .expect_build_error = bad});
}

/* Softmax of x over `len` values `stride` apart, following the definition
 * exp(x_i) / sum exp(x_j) (after subtracting the max, which cancels). */
static void reference(const float *x, float *y, int64_t len, int64_t stride, bool log_softmax) {
  double max = -INFINITY, sum = 0;
  for (int64_t i = 0; i < len; i++) max = fmax(max, x[i * stride]);
  for (int64_t i = 0; i < len; i++) sum += exp(x[i * stride] - max);
  for (int64_t i = 0; i < len; i++)
    y[i * stride] = (float)(log_softmax ? x[i * stride] - max - log(sum)
                                        : exp(x[i * stride] - max) / sum);
}

/* Random x of dims d; normalized over `axis` (or over all dims from axis
 * on with coerce_2d). */
static void random_case(const char *name, TrtDims d, TrtSoftmaxParams p, float scale) {
  int64_t n = trt_dims_volume(&d);
  float *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
  random_floats(x, n, scale);
  int axis = p.axis < 0 ? p.axis + d.nb_dims : p.axis;
  int64_t outer = 1, len = 1, inner = 1;
  for (int i = 0; i < axis; i++) outer *= d.d[i];
  for (int i = axis; i < d.nb_dims; i++) {
    if (i == axis || p.coerce_2d)
      len *= d.d[i];
    else
      inner *= d.d[i];
  }
  for (int64_t o = 0; o < outer; o++)
    for (int64_t k = 0; k < inner; k++)
      reference(x + o * len * inner + k, y + o * len * inner + k, len, inner, p.log);
  softmax(name, p, (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d, .data = x},
          (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d, .data = y}, false);
  free(x);
  free(y);
}

void cases_softmax(void) {
  TrtSoftmaxParams last = {.axis = -1}, log_last = {.axis = -1, .log = 1};
  softmax("softmax_1d", last, OP_F32(OP_DIMS(3), 1, 2, 3),
          OP_F32(OP_DIMS(3), 0.09003057f, 0.24472847f, 0.66524096f), false);
  softmax("log_softmax_1d", log_last, OP_F32(OP_DIMS(3), 1, 2, 3),
          OP_F32(OP_DIMS(3), -2.40760596f, -1.40760596f, -0.40760596f), false);
  softmax("softmax_large_values_stable", last, OP_F32(OP_DIMS(3), 1000, 1001, 1002),
          OP_F32(OP_DIMS(3), 0.09003057f, 0.24472847f, 0.66524096f), false);
  softmax("log_softmax_large_values_stable", log_last, OP_F32(OP_DIMS(2), -1000, 1000),
          OP_F32(OP_DIMS(2), -2000, 0), false);
  softmax("softmax_axis0", (TrtSoftmaxParams){.axis = 0}, OP_F32(OP_DIMS(2, 2), 0, 1, 0, 2),
          OP_F32(OP_DIMS(2, 2), 0.5f, 0.26894142f, 0.5f, 0.73105858f), false);
  softmax("softmax_negative_infinity_gets_zero", last, OP_F32(OP_DIMS(2), -INFINITY, 0),
          OP_F32(OP_DIMS(2), 0, 1), false);
  softmax("softmax_nan_spreads_over_its_row", last, OP_F32(OP_DIMS(2, 2), NAN, 0, 0, 0),
          OP_F32(OP_DIMS(2, 2), NAN, NAN, 0.5f, 0.5f), false);
  softmax("softmax_scalar", last, OP_F32(OP_SCALAR, 7), OP_F32(OP_SCALAR, 1), false);
  softmax("softmax_empty", last, OP_F32(OP_DIMS(0, 3), 0), OP_F32(OP_DIMS(0, 3), 0), false);
  /* coerce_2d over [2, 2] from axis 0: one row of four values. */
  softmax("softmax_coerce_2d", (TrtSoftmaxParams){.axis = 0, .coerce_2d = 1},
          OP_F32(OP_DIMS(2, 2), 0, 0, 0, 0), OP_F32(OP_DIMS(2, 2), 0.25f, 0.25f, 0.25f, 0.25f),
          false);

  seed = 99;
  random_case("softmax_random_last_axis", OP_DIMS(4, 10), last, 5);
  random_case("softmax_random_middle_axis", OP_DIMS(2, 5, 3, 4), (TrtSoftmaxParams){.axis = 1},
              5);
  random_case("log_softmax_random_axis_minus2", OP_DIMS(3, 6, 7),
              (TrtSoftmaxParams){.axis = -2, .log = 1}, 30);
  random_case("softmax_random_coerce_2d_axis1", OP_DIMS(2, 3, 4),
              (TrtSoftmaxParams){.axis = 1, .coerce_2d = 1}, 3);
  random_case("log_softmax_random_coerce_2d_axis2", OP_DIMS(2, 3, 4, 5),
              (TrtSoftmaxParams){.axis = 2, .log = 1, .coerce_2d = 1}, 3);
  random_case("softmax_random_classifier_1000", OP_DIMS(1, 1000), last, 20);

  OpTensor any = OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 2));
  softmax("softmax_axis_out_of_range", (TrtSoftmaxParams){.axis = 2}, OP_RAND(OP_DIMS(2, 2)),
          any, true);
  softmax("softmax_axis_below_range", (TrtSoftmaxParams){.axis = -3}, OP_RAND(OP_DIMS(2, 2)),
          any, true);
  softmax("softmax_int_rejected", last, OP_I32(OP_DIMS(2, 2), 1, 2, 3, 4), any, true);
}
