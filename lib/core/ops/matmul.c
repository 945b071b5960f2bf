/* Shape inference: MatMul (NumPy semantics) and Gemm. */
#include "../ops.h"

TrtStatus trt_infer_matmul(TrtInferArgs *args) {
  const TrtMatMulParams *p = args->params;
  TrtDims a = args->inputs[0].dims, b = args->inputs[1].dims;
  if (args->inputs[0].type != TRT_DATA_TYPE_FLOAT || args->inputs[1].type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "MatMul needs float32 inputs");
  if (a.nb_dims < 1 || b.nb_dims < 1)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "MatMul inputs must have rank >= 1");
  bool a_vec = a.nb_dims == 1, b_vec = b.nb_dims == 1;
  if (a_vec) a = (TrtDims){.nb_dims = 2, .d = {1, a.d[0]}};
  if (b_vec) b = (TrtDims){.nb_dims = 2, .d = {b.d[0], 1}};
  int64_t m = a.d[a.nb_dims - (p->transpose_a ? 1 : 2)];
  int64_t ka = a.d[a.nb_dims - (p->transpose_a ? 2 : 1)];
  int64_t kb = b.d[b.nb_dims - (p->transpose_b ? 1 : 2)];
  int64_t n = b.d[b.nb_dims - (p->transpose_b ? 2 : 1)];
  if (ka != kb)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "inner dimensions differ (%lld and %lld)", (long long)ka, (long long)kb);
  TrtDims ba = {.nb_dims = a.nb_dims - 2}, bb = {.nb_dims = b.nb_dims - 2}, batch;
  for (int i = 0; i < ba.nb_dims; i++) ba.d[i] = a.d[i];
  for (int i = 0; i < bb.nb_dims; i++) bb.d[i] = b.d[i];
  if (!trt_broadcast_dims(&ba, &bb, &batch))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "batch dimensions do not broadcast");
  TrtDims out = batch;
  if (out.nb_dims + 2 > TRT_MAX_DIMS)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "rank too large");
  if (!a_vec) out.d[out.nb_dims++] = m;
  if (!b_vec) out.d[out.nb_dims++] = n;
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_gemm(TrtInferArgs *args) {
  const TrtGemmParams *p = args->params;
  const TrtDims *a = &args->inputs[0].dims, *b = &args->inputs[1].dims;
  if (args->inputs[0].type != TRT_DATA_TYPE_FLOAT || args->inputs[1].type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "Gemm needs float32 inputs");
  if (a->nb_dims != 2 || b->nb_dims != 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "Gemm inputs must be 2-D (got rank %d and %d)",
                          a->nb_dims, b->nb_dims);
  int64_t m = p->transpose_a ? a->d[1] : a->d[0], ka = p->transpose_a ? a->d[0] : a->d[1];
  int64_t kb = p->transpose_b ? b->d[1] : b->d[0], n = p->transpose_b ? b->d[0] : b->d[1];
  if (ka != kb)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "inner dimensions differ (%lld and %lld)",
                          (long long)ka, (long long)kb);
  TrtDims out = {.nb_dims = 2, .d = {m, n}}, bc;
  if (args->nb_inputs > 2 && args->inputs[2].present) {
    if (args->inputs[2].type != TRT_DATA_TYPE_FLOAT)
      return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "C must be float32");
    if (!trt_broadcast_dims(&out, &args->inputs[2].dims, &bc) || !trt_dims_equal(&bc, &out))
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "C does not broadcast to [M, N]");
  }
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}
