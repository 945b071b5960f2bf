/* CUDA kernels: MatMul (NumPy batching and broadcasting) and Gemm, through
 * cuBLAS in float32 (no TF32; in FP16 engines on tensor cores in half precision
 * with float32 accumulation), with the fused activation as an epilogue.
 *
 * Row-major C = A B is column-major C' = B' A', so every call passes B
 * first. Batches: one strided-batched call when each operand is either
 * whole or shared by every batch (a shared B with a plain A folds the batch
 * into the rows instead); otherwise a pointer per matrix, made on the device
 * into the workspace at run time. */
#include "activation.cuh"

typedef struct {
  int64_t m, n, k, batch;
  bool trans_a, trans_b;
  int mode; /* see Mode */
  int64_t stride_a, stride_b; /* strided-batched: 0 for a shared operand */
  TrtCudaIndex<2> batch_index; /* pointer mode: matrix offsets of A and B */
} MatMulState;

enum Mode { SINGLE, FOLDED, STRIDED, POINTERS };

static bool fits_int(int64_t v) { return v >= 0 && v <= INT32_MAX; }

static TrtStatus prepare_matmul(TrtKernelArgs *args) {
  const TrtMatMulParams *p = (const TrtMatMulParams *)args->params;
  TrtDims a = args->inputs[0].dims, b = args->inputs[1].dims;
  MatMulState *s = (MatMulState *)calloc(1, sizeof *s);
  if (!s) return TRT_STATUS_OUT_OF_MEMORY;
  args->state = s;
  /* A vector operand is never transposed. */
  s->trans_a = p->transpose_a && a.nb_dims > 1;
  s->trans_b = p->transpose_b && b.nb_dims > 1;
  if (a.nb_dims == 1) a = (TrtDims){2, {1, a.d[0]}};
  if (b.nb_dims == 1) b = (TrtDims){2, {b.d[0], 1}};
  int ra = a.nb_dims, rb = b.nb_dims;
  s->m = a.d[ra - (s->trans_a ? 1 : 2)];
  s->k = a.d[ra - (s->trans_a ? 2 : 1)];
  s->n = b.d[rb - (s->trans_b ? 2 : 1)];
  if (!fits_int(s->m) || !fits_int(s->n) || !fits_int(s->k))
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "matrix dims exceed cuBLAS's int range");
  /* Batch dims of both operands, broadcast to the output's. */
  TrtDims ba = {ra - 2, {0}}, bb = {rb - 2, {0}}, batch = {0, {0}};
  for (int i = 0; i < ba.nb_dims; i++) ba.d[i] = a.d[i];
  for (int i = 0; i < bb.nb_dims; i++) bb.d[i] = b.d[i];
  batch.nb_dims = ba.nb_dims > bb.nb_dims ? ba.nb_dims : bb.nb_dims;
  for (int i = 0; i < batch.nb_dims; i++) {
    int ia = i - (batch.nb_dims - ba.nb_dims), ib = i - (batch.nb_dims - bb.nb_dims);
    int64_t da = ia >= 0 ? ba.d[ia] : 1, db = ib >= 0 ? bb.d[ib] : 1;
    batch.d[i] = da == 1 ? db : da;
  }
  s->batch = trt_cuda_volume(batch);
  int64_t va = trt_cuda_volume(ba), vb = trt_cuda_volume(bb);
  bool a_whole = va == s->batch, b_whole = vb == s->batch;
  if (s->batch <= 1) {
    s->mode = SINGLE;
  } else if (vb == 1 && a_whole && !s->trans_a) {
    s->mode = FOLDED;
  } else if ((a_whole || va == 1) && (b_whole || vb == 1)) {
    s->mode = STRIDED;
    s->stride_a = va == 1 ? 0 : s->m * s->k;
    s->stride_b = vb == 1 ? 0 : s->k * s->n;
  } else {
    s->mode = POINTERS;
    int64_t strides[2][TRT_MAX_DIMS];
    trt_cuda_broadcast_strides(ba, batch, strides[0]);
    trt_cuda_broadcast_strides(bb, batch, strides[1]);
    s->batch_index.init(batch, strides);
    args->workspace_size = 3 * (size_t)s->batch * sizeof(void *);
  }
  if (s->batch > INT32_MAX)
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "too many matrices for cuBLAS");
  return TRT_STATUS_OK;
}

static void release(TrtKernelArgs *args) {
  free(args->state);
  args->state = NULL;
}

__global__ void pointers_kernel(const float **pa, const float **pb, float **pc, const float *a,
                                const float *b, float *c, TrtCudaIndex<2> idx, int64_t size_a,
                                int64_t size_b, int64_t size_c) {
  TRT_CUDA_FOR(i, idx.total) {
    int64_t off[2];
    idx.offsets(i, off);
    pa[i] = a + off[0] * size_a;
    pb[i] = b + off[1] * size_b;
    pc[i] = c + i * size_c;
  }
}

/* FP16 engines: float32 matrices, products on tensor cores in half
 * precision with float32 accumulation (cuBLAS converts the inputs). */
static TrtStatus gemm_fp16(TrtKernelArgs *args, const MatMulState *s, float alpha,
                           const float *a, const float *b, float beta, float *c) {
  cublasHandle_t h = trt_cuda_context(args)->cublas;
  cublasOperation_t op_a = s->trans_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  cublasOperation_t op_b = s->trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  int m = (int)s->m, n = (int)s->n, k = (int)s->k;
  int lda = s->trans_a ? m : k, ldb = s->trans_b ? k : n;
  const cublasComputeType_t compute = CUBLAS_COMPUTE_32F_FAST_16F;
  const cudaDataType_t f32 = CUDA_R_32F;
  switch (s->mode) {
  case SINGLE:
  case FOLDED:
    return trt_cuda_check_cublas(
        args,
        cublasGemmEx(h, op_b, op_a, n, s->mode == FOLDED ? (int)(m * s->batch) : m, k, &alpha,
                     b, f32, ldb, a, f32, lda, &beta, c, f32, n, compute, CUBLAS_GEMM_DEFAULT),
        "gemm (fp16)");
  case STRIDED:
    return trt_cuda_check_cublas(
        args,
        cublasGemmStridedBatchedEx(h, op_b, op_a, n, m, k, &alpha, b, f32, ldb, s->stride_b, a,
                                   f32, lda, s->stride_a, &beta, c, f32, n, s->m * s->n,
                                   (int)s->batch, compute, CUBLAS_GEMM_DEFAULT),
        "batched gemm (fp16)");
  default: {
    const float **pa = (const float **)args->workspace, **pb = pa + s->batch;
    float **pc = (float **)(pb + s->batch);
    pointers_kernel<<<trt_cuda_grid(s->batch), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
        pa, pb, pc, a, b, c, s->batch_index, s->m * s->k, s->k * s->n, s->m * s->n);
    TrtStatus st = trt_cuda_launched(args);
    if (st != TRT_STATUS_OK) return st;
    return trt_cuda_check_cublas(
        args,
        cublasGemmBatchedEx(h, op_b, op_a, n, m, k, &alpha, (const void *const *)pb, f32, ldb,
                            (const void *const *)pa, f32, lda, &beta, (void *const *)pc, f32, n,
                            (int)s->batch, compute, CUBLAS_GEMM_DEFAULT),
        "batched gemm (fp16)");
  }
  }
}

/* C = alpha op(A) op(B) + beta C for the state's geometry (row-major). */
static TrtStatus gemm(TrtKernelArgs *args, const MatMulState *s, float alpha, const float *a,
                      const float *b, float beta, float *c) {
  if (args->precision == TRT_PRECISION_FP16) return gemm_fp16(args, s, alpha, a, b, beta, c);
  cublasHandle_t h = trt_cuda_context(args)->cublas;
  cublasOperation_t op_a = s->trans_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  cublasOperation_t op_b = s->trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  int m = (int)s->m, n = (int)s->n, k = (int)s->k;
  int lda = s->trans_a ? m : k, ldb = s->trans_b ? k : n;
  switch (s->mode) {
  case SINGLE:
    return trt_cuda_check_cublas(
        args, cublasSgemm(h, op_b, op_a, n, m, k, &alpha, b, ldb, a, lda, &beta, c, n), "sgemm");
  case FOLDED:
    return trt_cuda_check_cublas(args,
                                 cublasSgemm(h, op_b, op_a, n, (int)(m * s->batch), k, &alpha, b,
                                             ldb, a, lda, &beta, c, n),
                                 "sgemm");
  case STRIDED:
    return trt_cuda_check_cublas(
        args,
        cublasSgemmStridedBatched(h, op_b, op_a, n, m, k, &alpha, b, ldb, s->stride_b, a, lda,
                                  s->stride_a, &beta, c, n, s->m * s->n, (int)s->batch),
        "batched sgemm");
  default: {
    const float **pa = (const float **)args->workspace, **pb = pa + s->batch;
    float **pc = (float **)(pb + s->batch);
    pointers_kernel<<<trt_cuda_grid(s->batch), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
        pa, pb, pc, a, b, c, s->batch_index, s->m * s->k, s->k * s->n, s->m * s->n);
    TrtStatus st = trt_cuda_launched(args);
    if (st != TRT_STATUS_OK) return st;
    return trt_cuda_check_cublas(args,
                                 cublasSgemmBatched(h, op_b, op_a, n, m, k, &alpha, pb, ldb, pa,
                                                    lda, &beta, pc, n, (int)s->batch),
                                 "batched sgemm");
  }
  }
}

static TrtStatus run_matmul(TrtKernelArgs *args) {
  const TrtMatMulParams *p = (const TrtMatMulParams *)args->params;
  const MatMulState *s = (const MatMulState *)args->state;
  float *c = (float *)args->outputs[0].data;
  int64_t total = s->batch * s->m * s->n;
  if (total == 0) return TRT_STATUS_OK;
  TrtStatus st;
  if (s->k == 0)
    st = trt_cuda_check(args, cudaMemsetAsync(c, 0, (size_t)total * sizeof(float),
                                              trt_cuda_stream(args)),
                        "clearing the output");
  else
    st = gemm(args, s, 1.0f, (const float *)args->inputs[0].data,
              (const float *)args->inputs[1].data, 0.0f, c);
  if (st != TRT_STATUS_OK) return st;
  return trt_cuda_bias_activation(args, c, TRT_DATA_TYPE_FLOAT, NULL, 1, 1, total,
                                  p->activation);
}

extern "C" const TrtKernel trt_cuda_matmul = {prepare_matmul, run_matmul, release};

/* Gemm: A's leading dims fold into M ([..., K] x [K, N] -> [..., N]) unless
 * A is transposed (then 2-D). */
static TrtStatus prepare_gemm(TrtKernelArgs *args) {
  const TrtGemmParams *p = (const TrtGemmParams *)args->params;
  const TrtDims &a = args->inputs[0].dims, &b = args->inputs[1].dims;
  MatMulState *s = (MatMulState *)calloc(1, sizeof *s);
  if (!s) return TRT_STATUS_OUT_OF_MEMORY;
  args->state = s;
  int r = a.nb_dims;
  s->trans_a = p->transpose_a;
  s->trans_b = p->transpose_b;
  s->k = s->trans_a ? a.d[0] : a.d[r - 1];
  s->m = s->trans_a ? a.d[1] : 1;
  for (int i = 0; i < r - 1 && !s->trans_a; i++) s->m *= a.d[i];
  s->n = s->trans_b ? b.d[0] : b.d[1];
  s->batch = 1;
  s->mode = SINGLE;
  if (!fits_int(s->m) || !fits_int(s->n) || !fits_int(s->k))
    return trt_cuda_fail(args, TRT_STATUS_UNSUPPORTED, "matrix dims exceed cuBLAS's int range");
  return TRT_STATUS_OK;
}

/* y = beta * C broadcast over y's dims. */
__global__ void scaled_copy_kernel(float *y, const float *c, float beta, TrtCudaIndex<1> idx) {
  TRT_CUDA_FOR(i, idx.total) {
    int64_t off;
    idx.offsets(i, &off);
    y[i] = beta * c[off];
  }
}

static TrtStatus run_gemm(TrtKernelArgs *args) {
  const TrtGemmParams *p = (const TrtGemmParams *)args->params;
  const MatMulState *s = (const MatMulState *)args->state;
  TrtTensorView *y = &args->outputs[0];
  int64_t total = s->m * s->n;
  if (total == 0) return TRT_STATUS_OK;
  bool has_c = args->nb_inputs > 2 && args->inputs[2].present;
  TrtStatus st;
  if (has_c) {
    /* Y starts as beta * C (even for beta 0, so NaN in C shows, as on the
     * CPU); the product is then added to it. */
    const TrtTensorView *c = &args->inputs[2];
    int64_t strides[1][TRT_MAX_DIMS];
    trt_cuda_broadcast_strides(c->dims, y->dims, strides[0]);
    TrtCudaIndex<1> idx;
    idx.init(y->dims, strides);
    scaled_copy_kernel<<<trt_cuda_grid(total), TRT_CUDA_BLOCK, 0, trt_cuda_stream(args)>>>(
        (float *)y->data, (const float *)c->data, p->beta, idx);
    st = trt_cuda_launched(args);
  } else if (s->k == 0) {
    st = trt_cuda_check(args, cudaMemsetAsync(y->data, 0, (size_t)total * sizeof(float),
                                              trt_cuda_stream(args)),
                        "clearing the output");
  } else {
    st = TRT_STATUS_OK;
  }
  if (st == TRT_STATUS_OK && s->k > 0)
    st = gemm(args, s, p->alpha, (const float *)args->inputs[0].data,
              (const float *)args->inputs[1].data, has_c ? 1.0f : 0.0f, (float *)y->data);
  if (st != TRT_STATUS_OK) return st;
  return trt_cuda_bias_activation(args, y->data, TRT_DATA_TYPE_FLOAT, NULL, 1, 1, total,
                                  p->activation);
}

extern "C" const TrtKernel trt_cuda_gemm = {prepare_gemm, run_gemm, release};
