/* Op cases: topk. */
#include <math.h>

#include "op-test.h"

static void topk(const char *name, TrtTopKParams p, OpTensor x, int64_t k, OpTensor values,
                 OpTensor indices, bool bad) {
  op_check(&(OpCase){.name = name, .type = TRT_LAYER_TOPK, .params = &p, .nb_inputs = 2,
                     .inputs = {x, OP_CONST(OP_I64(OP_DIMS(1), k))}, .nb_outputs = 2,
                     .expected = {values, indices}, .expect_build_error = bad});
}

/* Values with many ties: v[i] = (i * 7) % 5 over 40 elements, topk along
 * the middle axis of [2, 40, 3]; expected by a plain selection that takes
 * the best remaining element (largest, lowest index first) k times. */
static void random_ties(void) {
  enum { A = 2, N = 40, B = 3, K = 9 };
  static float x[A * N * B], want_v[A * K * B];
  static int64_t want_i[A * K * B];
  for (int a = 0; a < A; a++)
    for (int n = 0; n < N; n++)
      for (int b = 0; b < B; b++) x[(a * N + n) * B + b] = (float)((n * 7 + a + b) % 5);
  for (int a = 0; a < A; a++)
    for (int b = 0; b < B; b++) {
      bool taken[N] = {false};
      for (int r = 0; r < K; r++) {
        int best = -1;
        for (int n = 0; n < N; n++)
          if (!taken[n] && (best < 0 || x[(a * N + n) * B + b] > x[(a * N + best) * B + b]))
            best = n;
        taken[best] = true;
        want_v[(a * K + r) * B + b] = x[(a * N + best) * B + b];
        want_i[(a * K + r) * B + b] = best;
      }
    }
  topk("topk_middle_axis_with_ties", (TrtTopKParams){.axis = 1, .largest = 1, .sorted = 1},
       (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(A, N, B), .data = x}, K,
       (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(A, K, B), .data = want_v},
       (OpTensor){.type = TRT_DATA_TYPE_INT64, .dims = OP_DIMS(A, K, B), .data = want_i}, false);
}

/* Distinct values 0..999 in a scrambled order; smallest 100 are 0..99. */
static void large_smallest(void) {
  enum { N = 1000, K = 100 };
  static float x[N], want_v[K];
  static int64_t want_i[K];
  for (int i = 0; i < N; i++) x[i] = (float)((i * 379) % N);
  for (int r = 0; r < K; r++) {
    want_v[r] = (float)r;
    for (int i = 0; i < N; i++)
      if (x[i] == (float)r) want_i[r] = i;
  }
  topk("topk_smallest_100_of_1000", (TrtTopKParams){.axis = -1, .sorted = 1},
       (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(N), .data = x}, K,
       (OpTensor){.type = TRT_DATA_TYPE_FLOAT, .dims = OP_DIMS(K), .data = want_v},
       (OpTensor){.type = TRT_DATA_TYPE_INT64, .dims = OP_DIMS(K), .data = want_i}, false);
}

void cases_topk(void) {
  TrtTopKParams largest = {.axis = -1, .largest = 1, .sorted = 1};
  TrtTopKParams smallest = {.axis = -1, .largest = 0, .sorted = 1};
  OpTensor x = OP_F32(OP_DIMS(2, 4), 1, 4, 2, 3, 8, 5, 7, 6);
  topk("topk_largest", largest, x, 2, OP_F32(OP_DIMS(2, 2), 4, 3, 8, 7),
       OP_I64(OP_DIMS(2, 2), 1, 3, 0, 2), false);
  topk("topk_smallest", smallest, x, 3, OP_F32(OP_DIMS(2, 3), 1, 2, 3, 5, 6, 7),
       OP_I64(OP_DIMS(2, 3), 0, 2, 3, 1, 3, 2), false);
  topk("topk_axis0", (TrtTopKParams){.axis = 0, .largest = 1}, x, 1,
       OP_F32(OP_DIMS(1, 4), 8, 5, 7, 6), OP_I64(OP_DIMS(1, 4), 1, 1, 1, 1), false);
  topk("topk_ties_lower_index_first", largest, OP_F32(OP_DIMS(5), 2, 3, 3, 1, 3), 3,
       OP_F32(OP_DIMS(3), 3, 3, 3), OP_I64(OP_DIMS(3), 1, 2, 4), false);
  topk("topk_smallest_ties_lower_index_first", smallest, OP_F32(OP_DIMS(4), 1, 0, 1, 0), 4,
       OP_F32(OP_DIMS(4), 0, 0, 1, 1), OP_I64(OP_DIMS(4), 1, 3, 0, 2), false);
  topk("topk_nan_is_largest", largest, OP_F32(OP_DIMS(4), 1, NAN, 5, -INFINITY), 2,
       OP_F32(OP_DIMS(2), NAN, 5), OP_I64(OP_DIMS(2), 1, 2), false);
  topk("topk_nan_is_last_for_smallest", smallest, OP_F32(OP_DIMS(3), NAN, 2, 1), 3,
       OP_F32(OP_DIMS(3), 1, 2, NAN), OP_I64(OP_DIMS(3), 2, 1, 0), false);
  topk("topk_k_equals_n", largest, OP_F32(OP_DIMS(3), 1, 3, 2), 3, OP_F32(OP_DIMS(3), 3, 2, 1),
       OP_I64(OP_DIMS(3), 1, 2, 0), false);
  topk("topk_k_zero", largest, OP_F32(OP_DIMS(3), 1, 3, 2), 0, OP_F32(OP_DIMS(0), 0),
       OP_I64(OP_DIMS(0), 0), false);
  topk("topk_int64_exact", largest,
       OP_I64(OP_DIMS(3), 9007199254740992LL, 9007199254740993LL, -1), 2,
       OP_I64(OP_DIMS(2), 9007199254740993LL, 9007199254740992LL), OP_I64(OP_DIMS(2), 1, 0),
       false);
  topk("topk_int32_smallest", smallest, OP_I32(OP_DIMS(4), 5, -3, 5, 0), 2,
       OP_I32(OP_DIMS(2), -3, 0), OP_I64(OP_DIMS(2), 1, 3), false);
  topk("topk_empty_outer", largest, OP_F32(OP_DIMS(0, 4), 0), 2, OP_F32(OP_DIMS(0, 2), 0),
       OP_I64(OP_DIMS(0, 2), 0), false);
  random_ties();
  large_smallest();

  topk("topk_k_too_large", largest, x, 5, OP_ABSENT, OP_ABSENT, true);
  topk("topk_k_negative", largest, x, -1, OP_ABSENT, OP_ABSENT, true);
  topk("topk_axis_out_of_range", (TrtTopKParams){.axis = 2, .largest = 1}, x, 1, OP_ABSENT,
       OP_ABSENT, true);
  topk("topk_of_scalar", largest, OP_F32(OP_SCALAR, 1), 1, OP_ABSENT, OP_ABSENT, true);
  op_check(&(OpCase){.name = "topk_k_at_runtime", .type = TRT_LAYER_TOPK, .params = &largest,
                     .nb_inputs = 2, .inputs = {x, OP_I64(OP_DIMS(1), 1)}, .nb_outputs = 2,
                     .expect_build_error = true});
}
