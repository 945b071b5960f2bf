/* CPU kernels: MatMul (batched, broadcast) and Gemm. The reference does
 * float32 through trt_cpu_sgemm and int32/int64 exactly in int64 (wrapping
 * on overflow, as C unsigned arithmetic does); oneDNN takes float32 when it
 * can (see dnnl/dnnl-kernels.h). See core/ops/matmul.c for the shape
 * rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu-impl.h"
#include "dnnl/dnnl-kernels.h"
#include "int-access.h"

/* One matrix product C[m, n] = op(A)[m, k] op(B)[k, n] per batch entry. */
typedef struct {
  int64_t m, n, k;
  bool ta, tb;
  TrtDims batch;                   /* broadcast batch dims of the output */
  int64_t sa[TRT_MAX_DIMS], sb[TRT_MAX_DIMS]; /* batch strides, in matrices */
  int64_t batches;
} Product;

static void product_init(Product *pr, const TrtMatMulParams *p, TrtDims a, TrtDims b) {
  bool a_vec = a.nb_dims == 1, b_vec = b.nb_dims == 1;
  pr->ta = p->transpose_a && !a_vec;
  pr->tb = p->transpose_b && !b_vec;
  if (a_vec) a = (TrtDims){.nb_dims = 2, .d = {1, a.d[0]}};
  if (b_vec) b = (TrtDims){.nb_dims = 2, .d = {b.d[0], 1}};
  int ra = a.nb_dims, rb = b.nb_dims;
  pr->m = a.d[ra - (pr->ta ? 1 : 2)];
  pr->k = a.d[ra - (pr->ta ? 2 : 1)];
  pr->n = b.d[rb - (pr->tb ? 2 : 1)];
  TrtDims ba = {.nb_dims = ra - 2}, bb = {.nb_dims = rb - 2};
  for (int i = 0; i < ba.nb_dims; i++) ba.d[i] = a.d[i];
  for (int i = 0; i < bb.nb_dims; i++) bb.d[i] = b.d[i];
  pr->batch.nb_dims = ba.nb_dims > bb.nb_dims ? ba.nb_dims : bb.nb_dims;
  for (int i = 0; i < pr->batch.nb_dims; i++) {
    int ia = i - (pr->batch.nb_dims - ba.nb_dims), ib = i - (pr->batch.nb_dims - bb.nb_dims);
    int64_t da = ia >= 0 ? ba.d[ia] : 1, db = ib >= 0 ? bb.d[ib] : 1;
    pr->batch.d[i] = da == 1 ? db : da;
  }
  trt_cpu_broadcast_strides(&ba, &pr->batch, pr->sa);
  trt_cpu_broadcast_strides(&bb, &pr->batch, pr->sb);
  pr->batches = trt_dims_volume(&pr->batch);
}

/* Matrix offsets of batch entry i in A and B. */
static void batch_offsets(const Product *pr, int64_t i, int64_t *oa, int64_t *ob) {
  *oa = *ob = 0;
  for (int d = pr->batch.nb_dims - 1; d >= 0; d--) {
    int64_t idx = i % pr->batch.d[d];
    i /= pr->batch.d[d];
    *oa += idx * pr->sa[d];
    *ob += idx * pr->sb[d];
  }
}

/* c = alpha * op(a) op(b) (+ c when accumulating) on int32/int64 data,
 * computed in uint64 so overflow wraps instead of being undefined. */
static void int_product(const Product *pr, TrtDataType type, const void *a, int64_t a0,
                        const void *b, int64_t b0, void *c, int64_t c0, int64_t alpha,
                        bool accumulate) {
  for (int64_t i = 0; i < pr->m; i++)
    for (int64_t j = 0; j < pr->n; j++) {
      uint64_t acc = 0;
      for (int64_t p = 0; p < pr->k; p++) {
        int64_t av = trt_cpu_load_int(a, type, a0 + (pr->ta ? p * pr->m + i : i * pr->k + p));
        int64_t bv = trt_cpu_load_int(b, type, b0 + (pr->tb ? j * pr->k + p : p * pr->n + j));
        acc += (uint64_t)av * (uint64_t)bv;
      }
      int64_t e = c0 + i * pr->n + j;
      uint64_t prev = accumulate ? (uint64_t)trt_cpu_load_int(c, type, e) : 0;
      trt_cpu_store_int(c, type, e, (int64_t)((uint64_t)alpha * acc + prev));
    }
}

static TrtStatus prepare_matmul(TrtKernelArgs *args) {
  TrtDnnlOp *op;
  TrtStatus s = trt_dnnl_matmul_prepare(args, &op);
  args->state = op;
  if (s != TRT_STATUS_OK || op) return s;
  snprintf(args->tactic, sizeof args->tactic, "reference");
  Product pr;
  product_init(&pr, args->params, args->inputs[0].dims, args->inputs[1].dims);
  /* sgemm packs a transposed A into the workspace. */
  args->workspace_size = pr.ta ? (size_t)(pr.m * pr.k) * sizeof(float) : 0;
  return TRT_STATUS_OK;
}

static void release_matmul(TrtKernelArgs *args) {
  trt_dnnl_op_free(args->state);
  args->state = NULL;
}

static TrtStatus run_matmul(TrtKernelArgs *args) {
  const TrtMatMulParams *p = args->params;
  if (args->state) return trt_dnnl_op_run(args->state, args);
  Product pr;
  product_init(&pr, p, args->inputs[0].dims, args->inputs[1].dims);
  const void *A = args->inputs[0].data, *B = args->inputs[1].data;
  void *C = args->outputs[0].data;
  TrtDataType type = args->inputs[0].type;
  int64_t mk = pr.m * pr.k, kn = pr.k * pr.n, mn = pr.m * pr.n;
  for (int64_t i = 0; i < pr.batches; i++) {
    int64_t oa, ob;
    batch_offsets(&pr, i, &oa, &ob);
    if (type == TRT_DATA_TYPE_FLOAT)
      trt_cpu_sgemm(pr.ta, pr.tb, pr.m, pr.n, pr.k, 1.0f, (const float *)A + oa * mk,
                    pr.ta ? pr.m : pr.k, (const float *)B + ob * kn, pr.tb ? pr.k : pr.n, 0.0f,
                    (float *)C + i * mn, pr.n, args->workspace);
    else
      int_product(&pr, type, A, oa * mk, B, ob * kn, C, i * mn, 1, false);
  }
  if (type == TRT_DATA_TYPE_FLOAT) trt_cpu_activate_array(C, pr.batches * mn, &p->activation);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_matmul = {.prepare = prepare_matmul, .run = run_matmul,
                                  .release = release_matmul};

/* Gemm as one product: A's leading dims fold into M. */
static void gemm_product(Product *pr, const TrtGemmParams *p, const TrtDims *a, const TrtDims *b) {
  memset(pr, 0, sizeof *pr);
  int r = a->nb_dims;
  pr->ta = p->transpose_a;
  pr->tb = p->transpose_b;
  pr->k = pr->ta ? a->d[0] : a->d[r - 1];
  pr->m = pr->ta ? a->d[1] : 1;
  for (int i = 0; i < r - 1 && !pr->ta; i++) pr->m *= a->d[i];
  pr->n = pr->tb ? b->d[0] : b->d[1];
  pr->batches = 1;
}

/* y = beta * C broadcast to the output (row-major walk with a counter). */
static void fill_scaled_c(const TrtTensorView *c, const TrtDims *out, double beta, void *y,
                          TrtDataType type) {
  int64_t strides[TRT_MAX_DIMS], idx[TRT_MAX_DIMS] = {0}, off = 0;
  trt_cpu_broadcast_strides(&c->dims, out, strides);
  int64_t total = trt_dims_volume(out);
  for (int64_t e = 0; e < total; e++) {
    if (type == TRT_DATA_TYPE_FLOAT)
      ((float *)y)[e] = (float)(beta * ((const float *)c->data)[off]);
    else
      trt_cpu_store_int(y, type, e,
                        (int64_t)((uint64_t)(int64_t)beta *
                                  (uint64_t)trt_cpu_load_int(c->data, type, off)));
    for (int d = out->nb_dims - 1; d >= 0; d--) {
      off += strides[d];
      if (++idx[d] < out->d[d]) break;
      off -= strides[d] * idx[d];
      idx[d] = 0;
    }
  }
}

/* The oneDNN path of a Gemm (the state stays NULL for the reference). */
typedef struct {
  TrtDnnlOp *dnnl;
  bool c_is_bias; /* else run prefills the output with beta * C */
} GemmState;

static TrtStatus prepare_gemm(TrtKernelArgs *args) {
  TrtDnnlOp *op;
  bool c_is_bias;
  TrtStatus s = trt_dnnl_gemm_prepare(args, &op, &c_is_bias);
  if (s != TRT_STATUS_OK) return s;
  if (op) {
    GemmState *st = malloc(sizeof *st);
    if (!st) {
      trt_dnnl_op_free(op);
      return TRT_STATUS_OUT_OF_MEMORY;
    }
    *st = (GemmState){.dnnl = op, .c_is_bias = c_is_bias};
    args->state = st;
    return TRT_STATUS_OK;
  }
  snprintf(args->tactic, sizeof args->tactic, "reference");
  Product pr;
  gemm_product(&pr, args->params, &args->inputs[0].dims, &args->inputs[1].dims);
  args->workspace_size = pr.ta ? (size_t)(pr.m * pr.k) * sizeof(float) : 0;
  return TRT_STATUS_OK;
}

static void release_gemm(TrtKernelArgs *args) {
  GemmState *st = args->state;
  if (st) trt_dnnl_op_free(st->dnnl);
  free(st);
  args->state = NULL;
}

static TrtStatus run_gemm(TrtKernelArgs *args) {
  const TrtGemmParams *p = args->params;
  const GemmState *st = args->state;
  const TrtTensorView *out = &args->outputs[0];
  TrtDataType type = out->type;
  bool has_c = args->nb_inputs > 2 && args->inputs[2].present;
  if (has_c && !(st && st->c_is_bias))
    fill_scaled_c(&args->inputs[2], &out->dims, p->beta, out->data, type);
  if (st) return trt_dnnl_op_run(st->dnnl, args);
  Product pr;
  gemm_product(&pr, p, &args->inputs[0].dims, &args->inputs[1].dims);
  if (type == TRT_DATA_TYPE_FLOAT) {
    trt_cpu_sgemm(pr.ta, pr.tb, pr.m, pr.n, pr.k, p->alpha, args->inputs[0].data,
                  pr.ta ? pr.m : pr.k, args->inputs[1].data, pr.tb ? pr.k : pr.n,
                  has_c ? 1.0f : 0.0f, out->data, pr.n, args->workspace);
    trt_cpu_activate_array(out->data, pr.m * pr.n, &p->activation);
    return TRT_STATUS_OK;
  }
  /* Integers: alpha and beta are whole numbers (checked by inference). */
  int_product(&pr, type, args->inputs[0].data, 0, args->inputs[1].data, 0, out->data, 0,
              (int64_t)p->alpha, has_c);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_gemm = {.prepare = prepare_gemm, .run = run_gemm,
                                .release = release_gemm};
