/* oneDNN MatMul and Gemm (float32) through the matmul primitive. Transposes
 * and broadcast batch dims are expressed as strides over the operands as
 * they are; a constant B without batch dims (the weights of a fully
 * connected layer) is reordered once into the layout oneDNN prefers.
 * Gemm's alpha is an output scale; C is the bias when it is one row and
 * beta is 1, else the output is prefilled with beta * C and summed into. */
#include <string.h>

#include "dnnl-op.h"

/* One product in oneDNN's terms: every operand has rank nd (batch dims
 * padded with leading 1s), with element strides. */
typedef struct {
  int nd;
  int64_t a[TRT_MAX_DIMS], sa[TRT_MAX_DIMS];
  int64_t b[TRT_MAX_DIMS], sb[TRT_MAX_DIMS];
  int64_t y[TRT_MAX_DIMS];
  bool b_batched;
} Shapes;

/* Fills rank-nd dims and strides of a [batch..., rows, cols] operand kept
 * row-major as given (transposed: stored as [batch..., cols, rows]). */
static void operand(int nd, const TrtDims *batch_and_matrix, int batch_rank, int64_t rows,
                    int64_t cols, bool transposed, int64_t *dims, int64_t *strides) {
  int64_t s = rows * cols;
  dims[nd - 2] = rows;
  dims[nd - 1] = cols;
  strides[nd - 2] = transposed ? 1 : cols;
  strides[nd - 1] = transposed ? rows : 1;
  for (int i = nd - 3; i >= 0; i--) {
    int src = i - (nd - 2 - batch_rank);
    dims[i] = src >= 0 ? batch_and_matrix->d[src] : 1;
    strides[i] = s;
    s *= dims[i];
  }
}

static void matmul_shapes(const TrtMatMulParams *p, const TrtDims *ad, const TrtDims *bd,
                          Shapes *sh) {
  bool a_vec = ad->nb_dims == 1, b_vec = bd->nb_dims == 1;
  bool ta = p->transpose_a && !a_vec, tb = p->transpose_b && !b_vec;
  int ra = a_vec ? 0 : ad->nb_dims - 2, rb = b_vec ? 0 : bd->nb_dims - 2;
  int64_t k = a_vec ? ad->d[0] : ad->d[ad->nb_dims - (ta ? 2 : 1)];
  int64_t m = a_vec ? 1 : ad->d[ad->nb_dims - (ta ? 1 : 2)];
  int64_t n = b_vec ? 1 : bd->d[bd->nb_dims - (tb ? 2 : 1)];
  sh->nd = 2 + (ra > rb ? ra : rb);
  operand(sh->nd, ad, ra, m, k, ta, sh->a, sh->sa);
  operand(sh->nd, bd, rb, k, n, tb, sh->b, sh->sb);
  sh->b_batched = false;
  for (int i = 0; i < sh->nd - 2; i++) {
    sh->y[i] = sh->a[i] == 1 ? sh->b[i] : sh->a[i];
    if (sh->b[i] != 1) sh->b_batched = true;
  }
  sh->y[sh->nd - 2] = m;
  sh->y[sh->nd - 1] = n;
}

static double volume(int nd, const int64_t *dims) {
  double v = 1;
  for (int i = 0; i < nd; i++) v *= (double)dims[i];
  return v;
}

/* Builds the op for y = alpha * A B (+ bias) (+ y when sum), then act. */
static TrtStatus build(TrtKernelArgs *args, const Shapes *sh, float alpha, bool with_bias,
                       const int64_t *bias_dims, bool sum, const TrtActivationParams *act,
                       TrtDnnlOp **out) {
  dnnl_memory_desc_t a_md, b_user, b_any, y_md, bias_md;
  const void *bconst = args->inputs[1].host_value;
  bool reorder_b = bconst && !sh->b_batched;
  if (trt_dnnl_plain_md(&a_md, sh->nd, sh->a, sh->sa) ||
      trt_dnnl_plain_md(&b_user, sh->nd, sh->b, sh->sb) ||
      trt_dnnl_plain_md(&y_md, sh->nd, sh->y, NULL) ||
      trt_dnnl_any_md(&b_any, sh->nd, sh->b) ||
      (with_bias && trt_dnnl_plain_md(&bias_md, sh->nd, bias_dims, NULL)))
    return TRT_STATUS_OK;
  TrtDnnlWork work = {
      .macs = volume(sh->nd, sh->y) * (double)sh->a[sh->nd - 1], /* y's values times k */
      .values = volume(sh->nd, sh->a) + volume(sh->nd, sh->b) + volume(sh->nd, sh->y)};
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_post_ops_t post_ops = NULL;
  dnnl_primitive_desc_t pd = NULL;
  TrtDnnlOp *op = trt_dnnl_op_new(work);
  bool ok = attr && op && dnnl_post_ops_create(&post_ops) == dnnl_success;
  if (ok && alpha != 1.0f) ok = dnnl_primitive_attr_set_output_scales(attr, 1, 0, &alpha) == dnnl_success;
  if (ok && sum) ok = dnnl_post_ops_append_sum(post_ops, 1.0f) == dnnl_success;
  bool fused = ok && trt_dnnl_append_activation(post_ops, act);
  if (ok && !fused) trt_dnnl_op_activate_after(op, act);
  if (ok) ok = dnnl_primitive_attr_set_post_ops(attr, post_ops) == dnnl_success;
  if (ok) {
    dnnl_matmul_desc_t d;
    ok = dnnl_matmul_desc_init(&d, &a_md, reorder_b ? &b_any : &b_user,
                               with_bias ? &bias_md : NULL, &y_md) == dnnl_success &&
         (pd = trt_dnnl_pd_create(&d, attr)) != NULL;
  }
  if (ok) {
    const dnnl_memory_desc_t *b_md = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    int a = trt_dnnl_op_memory(op, &a_md, TRT_DNNL_INPUT, 0);
    int b = reorder_b ? trt_dnnl_op_constant(op, &b_user, bconst, b_md)
                      : trt_dnnl_op_memory(op, &b_user, TRT_DNNL_INPUT, 1);
    int y = trt_dnnl_op_memory(op, &y_md, TRT_DNNL_OUTPUT, 0);
    int bias = with_bias ? trt_dnnl_op_memory(op, &bias_md, TRT_DNNL_INPUT, 2) : 0;
    int kinds[4] = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_BIAS};
    int mems[4] = {a, b, y, bias};
    ok = trt_dnnl_op_step(op, pd, with_bias ? 4 : 3, kinds, mems);
  }
  TrtStatus s = trt_dnnl_op_done(op, ok, pd, args, out);
  dnnl_primitive_desc_destroy(pd);
  dnnl_post_ops_destroy(post_ops);
  dnnl_primitive_attr_destroy(attr);
  return s;
}

static bool usable(const TrtKernelArgs *args) {
  if (!trt_dnnl_allowed() || !trt_dnnl_engine()) return false;
  if (args->outputs[0].type != TRT_DATA_TYPE_FLOAT) return false;
  for (int i = 0; i < args->nb_inputs; i++)
    if (args->inputs[i].present && trt_dims_volume(&args->inputs[i].dims) <= 0) return false;
  return trt_dims_volume(&args->outputs[0].dims) > 0;
}

TrtStatus trt_dnnl_matmul_prepare(TrtKernelArgs *args, TrtDnnlOp **out) {
  const TrtMatMulParams *p = args->params;
  Shapes sh;
  *out = NULL;
  if (!usable(args)) return TRT_STATUS_OK;
  matmul_shapes(p, &args->inputs[0].dims, &args->inputs[1].dims, &sh);
  return build(args, &sh, 1.0f, false, NULL, false, &p->activation, out);
}

TrtStatus trt_dnnl_gemm_prepare(TrtKernelArgs *args, TrtDnnlOp **out, bool *c_is_bias) {
  const TrtGemmParams *p = args->params;
  const TrtDims *a = &args->inputs[0].dims, *b = &args->inputs[1].dims;
  *out = NULL;
  *c_is_bias = false;
  if (!usable(args)) return TRT_STATUS_OK;
  /* A's leading dims fold into M: a 2-D product. */
  int64_t k = p->transpose_a ? a->d[0] : a->d[a->nb_dims - 1];
  int64_t m = p->transpose_a ? a->d[1] : trt_dims_volume(a) / k;
  TrtDims a2 = {.nb_dims = 2, .d = {p->transpose_a ? k : m, p->transpose_a ? m : k}};
  TrtMatMulParams mp = {.transpose_a = p->transpose_a, .transpose_b = p->transpose_b};
  Shapes sh;
  matmul_shapes(&mp, &a2, b, &sh);
  bool has_c = args->nb_inputs > 2 && args->inputs[2].present;
  int64_t n = sh.y[1], bias_dims[2] = {1, n};
  if (has_c) {
    /* C as a bias: one row of N values ([N] or [1, N]) and beta 1. */
    const TrtDims *c = &args->inputs[2].dims;
    *c_is_bias = p->beta == 1.0f && p->alpha == 1.0f && trt_dims_volume(c) == n &&
                 (c->nb_dims == 1 || (c->nb_dims == 2 && c->d[0] == 1));
  }
  return build(args, &sh, p->alpha, *c_is_bias, bias_dims, has_c && !*c_is_bias,
               &p->activation, out);
}
