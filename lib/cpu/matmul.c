/* CPU reference kernels: MatMul (batched, broadcast) and Gemm. */
#include <string.h>

#include "cpu-impl.h"

static TrtStatus prepare_matmul(TrtKernelArgs *args) {
  const TrtMatMulParams *p = args->params;
  const TrtDims *a = &args->inputs[0].dims;
  int64_t m = a->nb_dims == 1 ? 1 : a->d[a->nb_dims - 2];
  int64_t k = a->d[a->nb_dims - 1];
  args->workspace_size = p->transpose_a ? (size_t)(m * k) * sizeof(float) : 0;
  return TRT_STATUS_OK;
}

static TrtStatus run_matmul(TrtKernelArgs *args) {
  const TrtMatMulParams *p = args->params;
  TrtDims a = args->inputs[0].dims, b = args->inputs[1].dims;
  if (a.nb_dims == 1) a = (TrtDims){.nb_dims = 2, .d = {1, a.d[0]}};
  if (b.nb_dims == 1) b = (TrtDims){.nb_dims = 2, .d = {b.d[0], 1}};
  int ra = a.nb_dims, rb = b.nb_dims;
  int64_t m = a.d[ra - (p->transpose_a ? 1 : 2)], k = a.d[ra - (p->transpose_a ? 2 : 1)];
  int64_t n = b.d[rb - (p->transpose_b ? 2 : 1)];
  /* Batch dims of both, broadcast to the output's. */
  TrtDims ba = {.nb_dims = ra - 2}, bb = {.nb_dims = rb - 2}, batch = {0};
  for (int i = 0; i < ba.nb_dims; i++) ba.d[i] = a.d[i];
  for (int i = 0; i < bb.nb_dims; i++) bb.d[i] = b.d[i];
  batch.nb_dims = ba.nb_dims > bb.nb_dims ? ba.nb_dims : bb.nb_dims;
  for (int i = 0; i < batch.nb_dims; i++) {
    int ia = i - (batch.nb_dims - ba.nb_dims), ib = i - (batch.nb_dims - bb.nb_dims);
    int64_t da = ia >= 0 ? ba.d[ia] : 1, db = ib >= 0 ? bb.d[ib] : 1;
    batch.d[i] = da > db ? da : db;
  }
  int64_t sa[TRT_MAX_DIMS], sb[TRT_MAX_DIMS];
  trt_cpu_broadcast_strides(&ba, &batch, sa);
  trt_cpu_broadcast_strides(&bb, &batch, sb);
  int64_t nb = trt_dims_volume(&batch);
  const float *A = args->inputs[0].data, *B = args->inputs[1].data;
  float *C = args->outputs[0].data;
  for (int64_t i = 0; i < nb; i++) {
    int64_t oa = 0, ob = 0, rem = i;
    for (int d = batch.nb_dims - 1; d >= 0; d--) {
      int64_t idx = rem % batch.d[d];
      rem /= batch.d[d];
      oa += idx * sa[d];
      ob += idx * sb[d];
    }
    trt_cpu_sgemm(p->transpose_a, p->transpose_b, m, n, k, 1.0f, A + oa * m * k,
                  p->transpose_a ? m : k, B + ob * k * n, p->transpose_b ? k : n, 0.0f,
                  C + i * m * n, n, args->workspace);
  }
  trt_cpu_activate_array(C, nb * m * n, &p->activation);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_matmul = {.prepare = prepare_matmul, .run = run_matmul};

static TrtStatus prepare_gemm(TrtKernelArgs *args) {
  const TrtGemmParams *p = args->params;
  const TrtDims *a = &args->inputs[0].dims;
  args->workspace_size = p->transpose_a ? (size_t)(a->d[0] * a->d[1]) * sizeof(float) : 0;
  return TRT_STATUS_OK;
}

static TrtStatus run_gemm(TrtKernelArgs *args) {
  const TrtGemmParams *p = args->params;
  const TrtDims *a = &args->inputs[0].dims, *b = &args->inputs[1].dims;
  int64_t m = args->outputs[0].dims.d[0], n = args->outputs[0].dims.d[1];
  int64_t k = p->transpose_a ? a->d[0] : a->d[1];
  float *y = args->outputs[0].data;
  float beta = 0.0f;
  if (args->nb_inputs > 2 && args->inputs[2].present && p->beta != 0.0f) {
    const TrtTensorView *c = &args->inputs[2];
    int64_t strides[TRT_MAX_DIMS];
    trt_cpu_broadcast_strides(&c->dims, &args->outputs[0].dims, strides);
    const float *cv = c->data;
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < n; j++) y[i * n + j] = cv[i * strides[0] + j * strides[1]];
    beta = p->beta;
  }
  trt_cpu_sgemm(p->transpose_a, p->transpose_b, m, n, k, p->alpha, args->inputs[0].data,
                a->d[1], args->inputs[1].data, b->d[1], beta, y, n, args->workspace);
  trt_cpu_activate_array(y, m * n, &p->activation);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_gemm = {.prepare = prepare_gemm, .run = run_gemm};
