/* Single-precision matrix product used by the reference convolution, Gemm
 * and MatMul kernels: C = alpha * op(A) op(B) + beta * C, row-major.
 * Loop orders keep the innermost loop contiguous so compilers vectorize it;
 * op(A) = A^T is packed first. */
#include <stdlib.h>
#include <string.h>

#include "cpu-impl.h"

static void scale_c(int64_t m, int64_t n, float beta, float *c, int64_t ldc) {
  if (beta == 1.0f) return;
  for (int64_t i = 0; i < m; i++) {
    float *row = c + i * ldc;
    if (beta == 0.0f)
      memset(row, 0, (size_t)n * sizeof(float));
    else
      for (int64_t j = 0; j < n; j++) row[j] *= beta;
  }
}

void trt_cpu_sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k,
                   float alpha, const float *a, int64_t lda, const float *b,
                   int64_t ldb, float beta, float *c, int64_t ldc, float *scratch) {
  scale_c(m, n, beta, c, ldc);
  if (m == 0 || n == 0 || k == 0) return;
  if (trans_a) {
    /* Pack A^T (k x m, stride lda) into scratch as m x k. */
    for (int64_t i = 0; i < m; i++)
      for (int64_t p = 0; p < k; p++) scratch[i * k + p] = a[p * lda + i];
    a = scratch;
    lda = k;
  }
  if (!trans_b) {
    /* Blocks of B rows keep a panel of B in cache across rows of A. */
    const int64_t kb = 256;
    for (int64_t p0 = 0; p0 < k; p0 += kb) {
      int64_t p1 = p0 + kb < k ? p0 + kb : k;
      for (int64_t i = 0; i < m; i++) {
        float *crow = c + i * ldc;
        const float *arow = a + i * lda;
        for (int64_t p = p0; p < p1; p++) {
          float av = alpha * arow[p];
          const float *brow = b + p * ldb;
          for (int64_t j = 0; j < n; j++) crow[j] += av * brow[j];
        }
      }
    }
  } else {
    for (int64_t i = 0; i < m; i++) {
      const float *arow = a + i * lda;
      for (int64_t j = 0; j < n; j++) {
        const float *brow = b + j * ldb;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int64_t p = 0;
        for (; p + 4 <= k; p += 4) {
          s0 += arow[p] * brow[p];
          s1 += arow[p + 1] * brow[p + 1];
          s2 += arow[p + 2] * brow[p + 2];
          s3 += arow[p + 3] * brow[p + 3];
        }
        for (; p < k; p++) s0 += arow[p] * brow[p];
        c[i * ldc + j] += alpha * ((s0 + s1) + (s2 + s3));
      }
    }
  }
}
