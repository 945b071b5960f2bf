/* Op cases: normalization (batch, instance, layer, group), LRN and Scale.
 * Small cases are worked out by hand; the random layer-normalization case
 * follows the definition in a loop here. */
#include <math.h>
#include <stdlib.h>

#include "op-test.h"

static uint32_t seed;
static void random_floats(float *out, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    out[i] = (float)((seed >> 8) % 2001) / 1000.0f - 1.0f;
  }
}

static OpTensor f32(TrtDims d, const float *v) {
  return (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = d, .data = v};
}

static void norm(const char *name, TrtNormalizationParams p, int nb_inputs, const OpTensor *in,
                 int nb_outputs, const OpTensor *want, bool bad) {
  OpCase c = {.name = name, .type = TRT_LAYER_NORMALIZATION, .params = &p,
              .nb_inputs = nb_inputs, .nb_outputs = nb_outputs, .atol = 1e-5, .rtol = 1e-4,
              .expect_build_error = bad};
  /* Parameters are constants, as in real models. */
  for (int i = 0; i < nb_inputs; i++)
    c.inputs[i] = i == 0 || in[i].absent ? in[i] : OP_CONST(in[i]);
  for (int i = 0; i < nb_outputs; i++) c.expected[i] = want[i];
  op_check(&c);
}

static void lrn(const char *name, TrtLrnParams p, OpTensor x, OpTensor want, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_LRN, .params = &p, .nb_inputs = 1,
                     .inputs = {x}, .nb_outputs = 1, .expected = {want}, .atol = 1e-6,
                     .rtol = 1e-5, .expect_build_error = bad});
}

static void scale(const char *name, int channel_axis, OpTensor x, OpTensor s, OpTensor t,
                  OpTensor pw, OpTensor want, bool bad) {
  TrtScaleParams p = {.channel_axis = channel_axis};
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_SCALE, .params = &p, .nb_inputs = 4,
                     .inputs = {x, s, t, pw}, .nb_outputs = 1, .expected = {want},
                     .expect_build_error = bad});
}

static void batch_cases(void) {
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_BATCH};
  /* ch0: (x - 1.5) / 0.5; ch1: 2 (x - 3.5) / 0.5 + 1. */
  OpTensor in[5] = {OP_F32(OP_DIMS(1, 2, 1, 2), 1, 2, 3, 4), OP_F32(OP_DIMS(2), 1, 2),
                    OP_F32(OP_DIMS(2), 0, 1), OP_F32(OP_DIMS(2), 1.5f, 3.5f),
                    OP_F32(OP_DIMS(2), 0.25f, 0.25f)};
  OpTensor want = OP_F32(OP_DIMS(1, 2, 1, 2), -1, 1, -1, 3);
  norm("batchnorm", p, 5, in, 1, &want, false);
  /* var 0 + epsilon 0.25 gives the same. */
  p.epsilon = 0.25f;
  in[4] = OP_F32(OP_DIMS(2), 0, 0);
  norm("batchnorm_epsilon", p, 5, in, 1, &want, false);
  in[0] = OP_F32(OP_DIMS(2, 2), 1.5f, 3.5f, 2, 4);
  want = OP_F32(OP_DIMS(2, 2), 0, 1, 1, 3);
  norm("batchnorm_rank2", p, 5, in, 1, &want, false);
  in[0] = OP_F32(OP_DIMS(0, 2, 3), 0);
  want = OP_F32(OP_DIMS(0, 2, 3), 0);
  norm("batchnorm_empty_batch", p, 5, in, 1, &want, false);
  in[0] = OP_RAND(OP_DIMS(1, 2, 2));
  in[3] = OP_F32(OP_DIMS(3), 0, 0, 0);
  norm("batchnorm_mean_wrong_size", p, 5, in, 1, &want, true);
  norm("batchnorm_missing_variance", p, 4, in, 1, &want, true);
  in[3] = OP_F32(OP_DIMS(2), 0, 0);
  in[0] = OP_RAND(OP_DIMS(2));
  norm("batchnorm_rank1", p, 5, in, 1, &want, true);
}

static void instance_and_group_cases(void) {
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_INSTANCE};
  /* ch0 [1, 3]: mean 2, var 1; ch1 [2, 6]: mean 4, var 4. */
  OpTensor in[3] = {OP_F32(OP_DIMS(1, 2, 2), 1, 3, 2, 6), OP_F32(OP_DIMS(2), 1, 2),
                    OP_F32(OP_DIMS(2), 0, 1)};
  OpTensor want = OP_F32(OP_DIMS(1, 2, 2), -1, 1, -1, 3);
  norm("instancenorm", p, 3, in, 1, &want, false);
  p.epsilon = 3;
  want = OP_F32(OP_DIMS(1, 2, 2), -0.5f, 0.5f, -0.5118579f, 2.5118579f);
  norm("instancenorm_epsilon", p, 3, in, 1, &want, false);

  p = (TrtNormalizationParams){.type = TRT_NORMALIZATION_GROUP, .num_groups = 2};
  /* groups {1, 2} and {3, 6}: both normalize to [-1, 1]. */
  OpTensor g[3] = {OP_F32(OP_DIMS(1, 4, 1), 1, 2, 3, 6), OP_F32(OP_DIMS(4), 1, 1, 2, 2),
                   OP_F32(OP_DIMS(4), 0, 0, 0, 1)};
  want = OP_F32(OP_DIMS(1, 4, 1), -1, 1, -2, 3);
  norm("groupnorm_per_channel_scale", p, 3, g, 1, &want, false);
  g[1] = OP_F32(OP_DIMS(2), 1, 2);
  g[2] = OP_F32(OP_DIMS(2), 0, 1);
  want = OP_F32(OP_DIMS(1, 4, 1), -1, 1, -1, 3);
  norm("groupnorm_per_group_scale", p, 3, g, 1, &want, false);
  /* One group over [1, 2, 3, 6]: mean 3, var 3.5. */
  p.num_groups = 1;
  g[1] = OP_F32(OP_DIMS(4), 1, 1, 1, 1);
  g[2] = OP_F32(OP_DIMS(4), 0, 0, 0, 0);
  want = OP_F32(OP_DIMS(1, 4, 1), -1.0690450f, -0.5345225f, 0, 1.6035675f);
  norm("groupnorm_one_group", p, 3, g, 1, &want, false);
  p.num_groups = 3;
  norm("groupnorm_groups_do_not_divide_channels", p, 3, g, 1, &want, true);
  p.num_groups = 0;
  norm("groupnorm_zero_groups", p, 3, g, 1, &want, true);
}

static void layer_cases(void) {
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_LAYER, .axis = -1};
  /* Rows [1, 2, 3] and [2, 4, 6]: both normalize to [-a, 0, a] with
   * a = sqrt(3/2); scale [1, 1, 2]. */
  const float a = 1.2247449f;
  OpTensor in[3] = {OP_F32(OP_DIMS(2, 3), 1, 2, 3, 2, 4, 6), OP_F32(OP_DIMS(3), 1, 1, 2),
                    OP_ABSENT};
  OpTensor want[3] = {OP_F32(OP_DIMS(2, 3), -a, 0, 2 * a, -a, 0, 2 * a),
                      OP_F32(OP_DIMS(2, 1), 2, 4), OP_F32(OP_DIMS(2, 1), a, a / 2)};
  norm("layernorm_no_bias_with_stats", p, 3, in, 3, want, false);
  in[2] = OP_F32(OP_SCALAR, 1);
  want[0] = OP_F32(OP_DIMS(2, 3), 1 - a, 1, 1 + 2 * a, 1 - a, 1, 1 + 2 * a);
  norm("layernorm_scalar_bias", p, 3, in, 1, want, false);
  norm("layernorm_two_inputs", p, 2, in, 1,
       (OpTensor[]){OP_F32(OP_DIMS(2, 3), -a, 0, 2 * a, -a, 0, 2 * a)}, false);
  /* axis 0 over the whole [2, 2]: mean 2.5, var 1.25. */
  p.axis = 0;
  OpTensor in0[2] = {OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4), OP_F32(OP_SCALAR, 1)};
  OpTensor want0[2] = {OP_F32(OP_DIMS(2, 2), -1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f),
                       OP_F32(OP_DIMS(1, 1), 2.5f)};
  norm("layernorm_axis0_mean_output", p, 2, in0, 2, want0, false);

  /* Random: x [2, 3, 4, 5] over the last two dims, scale [4, 1] and bias
   * [5] broadcast to [4, 5]. */
  seed = 31;
  float x[120], s[4], b[5], y[120];
  random_floats(x, 120);
  random_floats(s, 4);
  random_floats(b, 5);
  for (int o = 0; o < 6; o++) {
    double mean = 0, var = 0;
    for (int i = 0; i < 20; i++) mean += x[o * 20 + i] / 20.0;
    for (int i = 0; i < 20; i++) var += (x[o * 20 + i] - mean) * (x[o * 20 + i] - mean) / 20.0;
    for (int i = 0; i < 20; i++)
      y[o * 20 + i] =
          (float)((x[o * 20 + i] - mean) / sqrt(var + 1e-5) * s[i / 5] + b[i % 5]);
  }
  p = (TrtNormalizationParams){.type = TRT_NORMALIZATION_LAYER, .axis = 2, .epsilon = 1e-5f};
  OpTensor rin[3] = {f32(OP_DIMS(2, 3, 4, 5), x), f32(OP_DIMS(4, 1), s), f32(OP_DIMS(5), b)};
  OpTensor rwant = f32(OP_DIMS(2, 3, 4, 5), y);
  norm("layernorm_random_broadcast_scale_bias", p, 3, rin, 1, &rwant, false);

  p.axis = 4;
  norm("layernorm_axis_out_of_range", p, 3, rin, 1, &rwant, true);
  p.axis = -1;
  rin[1] = OP_F32(OP_DIMS(4), 1, 1, 1, 1);
  norm("layernorm_scale_does_not_broadcast", p, 3, rin, 1, &rwant, true);
  p.epsilon = -1;
  norm("layernorm_negative_epsilon", p, 2, rin, 1, &rwant, true);
  p = (TrtNormalizationParams){.type = TRT_NORMALIZATION_BATCH};
  norm("batchnorm_two_outputs_rejected", p, 5,
       (OpTensor[]){OP_RAND(OP_DIMS(1, 1)), OP_RAND(OP_DIMS(1)), OP_RAND(OP_DIMS(1)),
                    OP_RAND(OP_DIMS(1)), OP_RAND(OP_DIMS(1))},
       2, (OpTensor[]){OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 1)),
                       OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 1))},
       true);
  p.type = 9;
  norm("normalization_unknown_type", p, 2, rin, 1, &rwant, true);
}

static void lrn_cases(void) {
  /* alpha / size = 1, beta 1, bias 1: y = x / (1 + sum of squares). */
  TrtLrnParams p = {.size = 3, .alpha = 3, .beta = 1, .bias = 1};
  lrn("lrn_size3", p, OP_F32(OP_DIMS(1, 3, 1, 1), 1, 2, 3),
      OP_F32(OP_DIMS(1, 3, 1, 1), 1.0f / 6, 2.0f / 15, 3.0f / 14), false);
  /* Even size: the window reaches one channel further up than down. */
  p = (TrtLrnParams){.size = 2, .alpha = 2, .beta = 1, .bias = 1};
  lrn("lrn_size2", p, OP_F32(OP_DIMS(1, 3, 1), 1, 2, 3),
      OP_F32(OP_DIMS(1, 3, 1), 1.0f / 6, 2.0f / 14, 3.0f / 10), false);
  /* beta 0.75, bias 2, alpha 1e-4, size 5 (AlexNet): close to x / 2^0.75. */
  p = (TrtLrnParams){.size = 5, .alpha = 1e-4f, .beta = 0.75f, .bias = 2};
  lrn("lrn_alexnet_like", p, OP_F32(OP_DIMS(1, 2, 1, 1), 10, 0),
      OP_F32(OP_DIMS(1, 2, 1, 1), (float)(10 / pow(2 + 1e-4 / 5 * 100, 0.75)), 0), false);
  lrn("lrn_random", p, OP_RAND(OP_DIMS(2, 7, 3, 3)),
      OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 7, 3, 3)), false);
  p = (TrtLrnParams){.size = 5, .alpha = 0.5f, .beta = 0.75f, .bias = 1};
  lrn("lrn_random_large_64_channels", p, OP_RAND(OP_DIMS(1, 64, 9, 9)),
      OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 64, 9, 9)), false);
  p.size = 4;
  lrn("lrn_random_even_size", p, OP_RAND(OP_DIMS(1, 16, 3, 3)),
      OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 16, 3, 3)), false);
  p.size = 0;
  lrn("lrn_size_zero", p, OP_RAND(OP_DIMS(1, 2, 2)), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(1, 2, 2)),
      true);
  p.size = 3;
  lrn("lrn_rank1", p, OP_RAND(OP_DIMS(3)), OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(3)), true);
}

static void scale_cases(void) {
  OpTensor x = OP_F32(OP_DIMS(1, 2, 2), 1, 2, 3, 4);
  scale("scale_uniform", 1, x, OP_CONST(OP_F32(OP_SCALAR, 2)), OP_ABSENT, OP_ABSENT,
        OP_F32(OP_DIMS(1, 2, 2), 2, 4, 6, 8), false);
  scale("scale_per_channel_shift_power", 1, x, OP_CONST(OP_F32(OP_DIMS(2), 1, -1)),
        OP_CONST(OP_F32(OP_DIMS(2), 1, 5)), OP_CONST(OP_F32(OP_DIMS(1), 2)),
        OP_F32(OP_DIMS(1, 2, 2), 4, 9, 4, 1), false);
  scale("scale_channel_axis_last", -1, x, OP_CONST(OP_F32(OP_DIMS(2), 10, 100)), OP_ABSENT,
        OP_ABSENT, OP_F32(OP_DIMS(1, 2, 2), 10, 200, 30, 400), false);
  scale("scale_elementwise_shift_only", 1, x, OP_ABSENT,
        OP_F32(OP_DIMS(4), 0.5f, 0.5f, -1, -1), OP_ABSENT,
        OP_F32(OP_DIMS(1, 2, 2), 1.5f, 2.5f, 2, 3), false);
  scale("scale_power_half", 1, OP_F32(OP_DIMS(1, 1, 2), 4, -4), OP_ABSENT, OP_ABSENT,
        OP_CONST(OP_F32(OP_SCALAR, 0.5f)), OP_F32(OP_DIMS(1, 1, 2), 2, NAN), false);
  scale("scale_no_operands_copies", 1, x, OP_ABSENT, OP_ABSENT, OP_ABSENT, x, false);
  scale("scale_random_per_channel", 1, OP_RAND(OP_DIMS(2, 3, 4, 4)), OP_RAND(OP_DIMS(3)),
        OP_RAND(OP_DIMS(3)), OP_ABSENT, OP_ANY(TRT_DATA_TYPE_FLOAT, OP_DIMS(2, 3, 4, 4)), false);
  scale("scale_wrong_count", 1, x, OP_CONST(OP_F32(OP_DIMS(3), 1, 2, 3)), OP_ABSENT, OP_ABSENT,
        x, true);
  scale("scale_channel_axis_out_of_range", 5, x, OP_CONST(OP_F32(OP_DIMS(2), 1, 2)), OP_ABSENT,
        OP_ABSENT, x, true);
  scale("scale_int_operand", 1, x, OP_I32(OP_DIMS(1), 2), OP_ABSENT, OP_ABSENT, x, true);
}

void cases_normalization(void) {
  batch_cases();
  instance_and_group_cases();
  layer_cases();
  lrn_cases();
  scale_cases();
}
