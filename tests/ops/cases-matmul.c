/* Op cases: MatMul and Gemm. Small cases carry hand-computed values; the
 * random ones are checked against plain triple loops written here. */
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

static void matmul(const char *name, TrtMatMulParams p, OpTensor a, OpTensor b, OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_MATMUL, .params = &p, .nb_inputs = 2,
                     .inputs = {a, b}, .nb_outputs = 1, .expected = {want}, .atol = 1e-4});
}

static void gemm(const char *name, TrtGemmParams p, OpTensor a, OpTensor b, OpTensor c,
                 OpTensor want) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_GEMM, .params = &p, .nb_inputs = 3,
                     .inputs = {a, b, c}, .nb_outputs = 1, .expected = {want}, .atol = 1e-4});
}

static void bad(const char *name, TrtLayerType type, const void *params, OpTensor a, OpTensor b,
                OpTensor c) {
  op_check(&(OpCase){.name = name, .type = type, .params = params,
                     .nb_inputs = type == TRT_LAYER_MATMUL ? 2 : 3,
                     .inputs = {a, b, c}, .nb_outputs = 1, .expect_build_error = true});
}

/* Element (i, j) of a rows x cols operand stored row-major, or stored
 * transposed (as cols x rows). */
static float at(const float *m, int64_t rows, int64_t cols, bool t, int64_t i, int64_t j) {
  return t ? m[j * rows + i] : m[i * cols + j];
}

/* Random batched MatMul: a is [batch_a..., M, K] (or transposed) or a
 * vector [K], b is [batch_b..., K, N]; the batch dims (rank 2 at most
 * here) broadcast. */
static void random_matmul(const char *name, TrtDims ad, TrtDims bd, TrtMatMulParams p,
                          TrtDims yd, bool b_constant) {
  int64_t na = trt_dims_volume(&ad), nb = trt_dims_volume(&bd), ny = trt_dims_volume(&yd);
  float *a = malloc((size_t)na * sizeof *a), *b = malloc((size_t)nb * sizeof *b);
  float *y = malloc((size_t)ny * sizeof *y);
  random_floats(a, na);
  random_floats(b, nb);
  /* A vector on the left is one row (its removed dim leaves y's layout
   * the same). */
  TrtDims a_dims = ad;
  if (ad.nb_dims == 1) ad = OP_DIMS(1, ad.d[0]);
  int ra = ad.nb_dims, rb = bd.nb_dims;
  int64_t m = ad.d[ra - (p.transpose_a ? 1 : 2)], k = ad.d[ra - (p.transpose_a ? 2 : 1)];
  int64_t n = bd.d[rb - (p.transpose_b ? 2 : 1)];
  /* Batch dims right-aligned into two slots. */
  int64_t ba[2] = {1, 1}, bb[2] = {1, 1}, by[2];
  for (int i = 0; i < ra - 2; i++) ba[2 - (ra - 2) + i] = ad.d[i];
  for (int i = 0; i < rb - 2; i++) bb[2 - (rb - 2) + i] = bd.d[i];
  for (int i = 0; i < 2; i++) by[i] = ba[i] > bb[i] ? ba[i] : bb[i];
  for (int64_t u = 0; u < by[0]; u++)
    for (int64_t v = 0; v < by[1]; v++) {
      const float *am = a + ((u % ba[0]) * ba[1] + v % ba[1]) * m * k;
      const float *bm = b + ((u % bb[0]) * bb[1] + v % bb[1]) * k * n;
      float *ym = y + (u * by[1] + v) * m * n;
      for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
          double acc = 0;
          for (int64_t q = 0; q < k; q++)
            acc += (double)at(am, m, k, p.transpose_a, i, q) * at(bm, k, n, p.transpose_b, q, j);
          if (p.activation.type == TRT_ACTIVATION_RELU && acc < 0) acc = 0;
          ym[i * n + j] = (float)acc;
        }
    }
  OpTensor bt = f32(bd, b);
  matmul(name, p, f32(a_dims, a), b_constant ? OP_CONST(bt) : bt, f32(yd, y));
  free(a);
  free(b);
  free(y);
}

/* Random Gemm on 2-D A [M, K] (or [K, M]); C is [cm, cn] broadcast, or
 * absent when cm == 0. */
static void random_gemm(const char *name, TrtGemmParams p, int64_t m, int64_t k, int64_t n,
                        int64_t cm, int64_t cn, bool b_constant) {
  float *a = malloc((size_t)(m * k) * sizeof *a), *b = malloc((size_t)(k * n) * sizeof *b);
  float *c = malloc((size_t)(m * n + 1) * sizeof *c), *y = malloc((size_t)(m * n) * sizeof *y);
  random_floats(a, m * k);
  random_floats(b, k * n);
  random_floats(c, cm * cn);
  for (int64_t i = 0; i < m; i++)
    for (int64_t j = 0; j < n; j++) {
      double acc = 0;
      for (int64_t q = 0; q < k; q++)
        acc += (double)(p.transpose_a ? a[q * m + i] : a[i * k + q]) *
               (p.transpose_b ? b[j * k + q] : b[q * n + j]);
      acc *= p.alpha;
      if (cm) acc += (double)p.beta * c[(cm == 1 ? 0 : i) * cn + (cn == 1 ? 0 : j)];
      if (p.activation.type == TRT_ACTIVATION_RELU && acc < 0) acc = 0;
      y[i * n + j] = (float)acc;
    }
  TrtDims ad = p.transpose_a ? OP_DIMS(k, m) : OP_DIMS(m, k);
  TrtDims bd = p.transpose_b ? OP_DIMS(n, k) : OP_DIMS(k, n);
  OpTensor bt = f32(bd, b);
  gemm(name, p, f32(ad, a), b_constant ? OP_CONST(bt) : bt,
       cm ? OP_CONST(f32(OP_DIMS(cm, cn), c)) : OP_ABSENT, f32(OP_DIMS(m, n), y));
  free(a);
  free(b);
  free(c);
  free(y);
}

static void matmul_cases(void) {
  TrtMatMulParams p = {0};
  matmul("matmul_2x3_3x2", p, OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6),
         OP_F32(OP_DIMS(3, 2), 7, 8, 9, 10, 11, 12), OP_F32(OP_DIMS(2, 2), 58, 64, 139, 154));
  matmul("matmul_vector_vector", p, OP_F32(OP_DIMS(3), 1, 2, 3), OP_F32(OP_DIMS(3), 4, 5, 6),
         OP_F32(OP_SCALAR, 32));
  matmul("matmul_vector_matrix", p, OP_F32(OP_DIMS(3), 1, 2, 3),
         OP_F32(OP_DIMS(3, 2), 7, 8, 9, 10, 11, 12), OP_F32(OP_DIMS(2), 58, 64));
  matmul("matmul_matrix_vector", p, OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6),
         OP_F32(OP_DIMS(3), 1, 0, -1), OP_F32(OP_DIMS(2), -2, -2));
  matmul("matmul_batched_vector", p, OP_F32(OP_DIMS(2, 1, 2), 1, 2, 3, 4),
         OP_F32(OP_DIMS(2), 1, 1), OP_F32(OP_DIMS(2, 1), 3, 7));
  p.transpose_a = 1;
  matmul("matmul_transpose_a", p, OP_F32(OP_DIMS(3, 2), 1, 4, 2, 5, 3, 6),
         OP_F32(OP_DIMS(3, 2), 7, 8, 9, 10, 11, 12), OP_F32(OP_DIMS(2, 2), 58, 64, 139, 154));
  matmul("matmul_transpose_ignored_for_vector", p, OP_F32(OP_DIMS(3), 1, 2, 3),
         OP_F32(OP_DIMS(3), 4, 5, 6), OP_F32(OP_SCALAR, 32));
  p = (TrtMatMulParams){.transpose_b = 1};
  matmul("matmul_transpose_b", p, OP_F32(OP_DIMS(2, 3), 1, 2, 3, 4, 5, 6),
         OP_F32(OP_DIMS(2, 3), 7, 9, 11, 8, 10, 12), OP_F32(OP_DIMS(2, 2), 58, 64, 139, 154));
  p = (TrtMatMulParams){.activation = {.type = TRT_ACTIVATION_RELU}};
  matmul("matmul_fused_relu", p, OP_F32(OP_DIMS(1, 2), 1, -1), OP_F32(OP_DIMS(2, 2), 1, 2, 3, 1),
         OP_F32(OP_DIMS(1, 2), 0, 1));
  p = (TrtMatMulParams){0};
  matmul("matmul_int32", p, OP_I32(OP_DIMS(2, 2), 1, 2, 3, 4), OP_I32(OP_DIMS(2, 2), 5, 6, 7, 8),
         OP_I32(OP_DIMS(2, 2), 19, 22, 43, 50));
  matmul("matmul_int64_exact", p, OP_I64(OP_DIMS(1, 2), 4503599627370497LL, 1),
         OP_I64(OP_DIMS(2, 1), 2, 1), OP_I64(OP_DIMS(1, 1), 9007199254740995LL));
  matmul("matmul_empty_inner_gives_zeros", p, OP_F32(OP_DIMS(2, 0), 0), OP_F32(OP_DIMS(0, 3), 0),
         OP_F32(OP_DIMS(2, 3), 0, 0, 0, 0, 0, 0));
  matmul("matmul_empty_batch", p, OP_F32(OP_DIMS(0, 2, 3), 0), OP_RAND(OP_DIMS(3, 4)),
         OP_F32(OP_DIMS(0, 2, 4), 0));
  matmul("matmul_inf_times_zero_is_nan", p, OP_F32(OP_DIMS(1, 2), INFINITY, 1),
         OP_F32(OP_DIMS(2, 1), 0, 1), OP_F32(OP_DIMS(1, 1), NAN));

  seed = 777;
  random_matmul("matmul_random_2d", OP_DIMS(5, 7), OP_DIMS(7, 6), p, OP_DIMS(5, 6), true);
  random_matmul("matmul_random_batch", OP_DIMS(3, 4, 5), OP_DIMS(3, 5, 2), p, OP_DIMS(3, 4, 2),
                false);
  random_matmul("matmul_random_broadcast_b", OP_DIMS(2, 3, 4, 5), OP_DIMS(5, 6), p,
                OP_DIMS(2, 3, 4, 6), true);
  random_matmul("matmul_random_broadcast_both", OP_DIMS(2, 1, 3, 4), OP_DIMS(5, 4, 2), p,
                OP_DIMS(2, 5, 3, 2), false);
  p.transpose_a = p.transpose_b = 1;
  random_matmul("matmul_random_transposes", OP_DIMS(2, 6, 3), OP_DIMS(2, 4, 6), p,
                OP_DIMS(2, 3, 4), false);
  p = (TrtMatMulParams){.transpose_b = 1, .activation = {.type = TRT_ACTIVATION_RELU}};
  random_matmul("matmul_random_bt_relu_large", OP_DIMS(17, 64), OP_DIMS(33, 64), p,
                OP_DIMS(17, 33), true);
  p = (TrtMatMulParams){0};
  random_matmul("matmul_large_batched_constant_b", OP_DIMS(3, 20, 48), OP_DIMS(3, 48, 40), p,
                OP_DIMS(3, 20, 40), true);
  random_matmul("matmul_large_vector_times_matrix", OP_DIMS(256), OP_DIMS(256, 70), p,
                OP_DIMS(70), true);
}

static void gemm_cases(void) {
  TrtGemmParams p = {.alpha = 1, .beta = 1};
  gemm("gemm_no_c", p, OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4), OP_F32(OP_DIMS(2, 2), 5, 6, 7, 8),
       OP_ABSENT, OP_F32(OP_DIMS(2, 2), 19, 22, 43, 50));
  p = (TrtGemmParams){.alpha = 2, .beta = 0.5f};
  gemm("gemm_alpha_beta_row_c", p, OP_F32(OP_DIMS(2, 2), 1, 2, 3, 4),
       OP_F32(OP_DIMS(2, 2), 5, 6, 7, 8), OP_F32(OP_DIMS(1, 2), 10, 20),
       OP_F32(OP_DIMS(2, 2), 43, 54, 91, 110));
  p = (TrtGemmParams){.alpha = 1, .beta = 1};
  gemm("gemm_scalar_c", p, OP_F32(OP_DIMS(1, 2), 1, 2), OP_F32(OP_DIMS(2, 1), 3, 4),
       OP_F32(OP_SCALAR, -1), OP_F32(OP_DIMS(1, 1), 10));
  gemm("gemm_column_c", p, OP_F32(OP_DIMS(2, 1), 1, 2), OP_F32(OP_DIMS(1, 2), 1, 1),
       OP_F32(OP_DIMS(2, 1), 10, 20), OP_F32(OP_DIMS(2, 2), 11, 11, 22, 22));
  gemm("gemm_vector_c", p, OP_F32(OP_DIMS(2, 1), 1, 2), OP_F32(OP_DIMS(1, 2), 1, 1),
       OP_F32(OP_DIMS(2), 10, 20), OP_F32(OP_DIMS(2, 2), 11, 21, 12, 22));
  p = (TrtGemmParams){.alpha = 1, .beta = 0};
  gemm("gemm_beta_zero_nan_c", p, OP_F32(OP_DIMS(1, 1), 2), OP_F32(OP_DIMS(1, 1), 3),
       OP_F32(OP_DIMS(1, 1), NAN), OP_F32(OP_DIMS(1, 1), NAN));
  p = (TrtGemmParams){.alpha = 1, .beta = 1, .transpose_a = 1, .transpose_b = 1};
  gemm("gemm_transposes", p, OP_F32(OP_DIMS(2, 2), 1, 3, 2, 4),
       OP_F32(OP_DIMS(2, 2), 5, 7, 6, 8), OP_ABSENT, OP_F32(OP_DIMS(2, 2), 19, 22, 43, 50));
  /* A of rank 3 folds its leading dims into M: a fully connected layer
   * over the last dim, W [out, in] transposed, bias [out]. */
  p = (TrtGemmParams){.alpha = 1, .beta = 1, .transpose_b = 1};
  gemm("gemm_fully_connected_rank3", p, OP_F32(OP_DIMS(2, 1, 2), 1, 2, 3, 4),
       OP_CONST(OP_F32(OP_DIMS(3, 2), 1, 0, 0, 1, 1, 1)), OP_CONST(OP_F32(OP_DIMS(3), 0, 0, 10)),
       OP_F32(OP_DIMS(2, 1, 3), 1, 2, 13, 3, 4, 17));
  p = (TrtGemmParams){.alpha = 3, .beta = -1};
  gemm("gemm_int64", p, OP_I64(OP_DIMS(1, 2), 1, 2), OP_I64(OP_DIMS(2, 1), 3, 4),
       OP_I64(OP_DIMS(1), 5), OP_I64(OP_DIMS(1, 1), 28));
  p = (TrtGemmParams){.alpha = 1, .beta = 1};
  gemm("gemm_int32_no_c", p, OP_I32(OP_DIMS(1, 2), -1, 2), OP_I32(OP_DIMS(2, 2), 3, 4, 5, 6),
       OP_ABSENT, OP_I32(OP_DIMS(1, 2), 7, 8));
  gemm("gemm_empty_m", p, OP_F32(OP_DIMS(0, 2), 0), OP_RAND(OP_DIMS(2, 3)), OP_RAND(OP_DIMS(3)),
       OP_F32(OP_DIMS(0, 3), 0));

  seed = 4242;
  p = (TrtGemmParams){.alpha = 0.5f, .beta = 2};
  random_gemm("gemm_random_full_c", p, 6, 9, 5, 6, 5, true);
  p.transpose_a = 1;
  random_gemm("gemm_random_transpose_a_row_c", p, 4, 7, 8, 1, 8, false);
  p = (TrtGemmParams){.alpha = 1, .beta = 1, .transpose_b = 1,
                      .activation = {.type = TRT_ACTIVATION_RELU}};
  random_gemm("gemm_random_fc_relu", p, 3, 100, 40, 1, 40, true);
  p = (TrtGemmParams){.alpha = 1, .beta = 1, .transpose_a = 1, .transpose_b = 1};
  random_gemm("gemm_random_both_transposed_col_c", p, 5, 3, 4, 5, 1, false);
  p = (TrtGemmParams){.alpha = 1, .beta = 0};
  random_gemm("gemm_random_no_c", p, 8, 16, 8, 0, 0, true);
  /* Fully connected sizes: C as a bias, and with alpha 2 as a sum. */
  p = (TrtGemmParams){.alpha = 1, .beta = 1, .transpose_b = 1};
  random_gemm("gemm_large_fc_bias", p, 4, 512, 100, 1, 100, true);
  p.alpha = 2;
  random_gemm("gemm_large_fc_alpha2", p, 4, 512, 100, 1, 100, true);
  p = (TrtGemmParams){.alpha = 1, .beta = 0.5f};
  random_gemm("gemm_large_matrix_c", p, 33, 70, 65, 33, 65, false);
}

static void bad_cases(void) {
  TrtMatMulParams mp = {0};
  bad("matmul_inner_mismatch", TRT_LAYER_MATMUL, &mp, OP_RAND(OP_DIMS(2, 3)),
      OP_RAND(OP_DIMS(4, 2)), OP_ABSENT);
  bad("matmul_batch_mismatch", TRT_LAYER_MATMUL, &mp, OP_RAND(OP_DIMS(2, 2, 3)),
      OP_RAND(OP_DIMS(3, 3, 2)), OP_ABSENT);
  bad("matmul_types_differ", TRT_LAYER_MATMUL, &mp, OP_RAND(OP_DIMS(2, 2)),
      OP_I32(OP_DIMS(2, 2), 1, 2, 3, 4), OP_ABSENT);
  bad("matmul_scalar_input", TRT_LAYER_MATMUL, &mp, OP_F32(OP_SCALAR, 1), OP_RAND(OP_DIMS(2)),
      OP_ABSENT);
  bad("matmul_bool", TRT_LAYER_MATMUL, &mp, OP_BOOL(OP_DIMS(1, 1), 1), OP_BOOL(OP_DIMS(1, 1), 1),
      OP_ABSENT);
  mp.activation.type = TRT_ACTIVATION_RELU;
  bad("matmul_int_fused_activation", TRT_LAYER_MATMUL, &mp, OP_I32(OP_DIMS(1, 1), 1),
      OP_I32(OP_DIMS(1, 1), 1), OP_ABSENT);
  TrtGemmParams gp = {.alpha = 1, .beta = 1};
  bad("gemm_inner_mismatch", TRT_LAYER_GEMM, &gp, OP_RAND(OP_DIMS(2, 3)), OP_RAND(OP_DIMS(2, 2)),
      OP_ABSENT);
  bad("gemm_c_does_not_broadcast", TRT_LAYER_GEMM, &gp, OP_RAND(OP_DIMS(2, 3)),
      OP_RAND(OP_DIMS(3, 4)), OP_RAND(OP_DIMS(3)));
  bad("gemm_c_rank_too_high", TRT_LAYER_GEMM, &gp, OP_RAND(OP_DIMS(2, 3)),
      OP_RAND(OP_DIMS(3, 4)), OP_RAND(OP_DIMS(1, 2, 4)));
  bad("gemm_b_rank3", TRT_LAYER_GEMM, &gp, OP_RAND(OP_DIMS(2, 3)), OP_RAND(OP_DIMS(1, 3, 4)),
      OP_ABSENT);
  gp.transpose_a = 1;
  bad("gemm_transposed_a_rank3", TRT_LAYER_GEMM, &gp, OP_RAND(OP_DIMS(1, 3, 2)),
      OP_RAND(OP_DIMS(3, 4)), OP_ABSENT);
  gp = (TrtGemmParams){.alpha = 0.5f, .beta = 1};
  bad("gemm_int_fractional_alpha", TRT_LAYER_GEMM, &gp, OP_I32(OP_DIMS(1, 1), 1),
      OP_I32(OP_DIMS(1, 1), 1), OP_ABSENT);
}

void cases_matmul(void) {
  matmul_cases();
  gemm_cases();
  bad_cases();
}
