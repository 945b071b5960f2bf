/* Shape inference: MatMul (NumPy semantics) and Gemm.
 *
 * MatMul: a 1-D operand is promoted to a matrix ([k] -> [1, k] on the left,
 * [k, 1] on the right) and the added dim is removed from the result; the
 * other leading dims are batch dims that broadcast. The transpose flags
 * apply to the last two dims of operands of rank >= 2 and are ignored for a
 * 1-D operand (a vector is the same either way).
 *
 * Gemm: Y = alpha * A' B' + beta * C with A' = A or A^T, B' likewise. B is
 * 2-D. A is 2-D, or, without transpose_a, of higher rank: its leading dims
 * then fold into M and stay in the output ([..., K] -> [..., N]), which is
 * how a fully connected layer applies to the last dim of its input. C
 * broadcasts to the output.
 *
 * Both take float32, int32 or int64 (the same type for every operand); a
 * fused activation needs float32. */
#include <math.h>

#include "../ops.h"

static bool supported_type(TrtDataType t) {
  return t == TRT_DATA_TYPE_FLOAT || t == TRT_DATA_TYPE_INT32 || t == TRT_DATA_TYPE_INT64;
}

static bool whole_number(float v) {
  return v == floorf(v) && fabsf(v) < 9.2e18f;
}

static TrtStatus check_types(TrtInferArgs *args, const TrtActivationParams *act) {
  TrtDataType t = args->inputs[0].type;
  if (!supported_type(t))
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                          "%s inputs are not supported (float32, int32 or int64 are)",
                          trt_data_type_name(t));
  for (int i = 1; i < args->nb_inputs; i++)
    if (args->inputs[i].present && args->inputs[i].type != t)
      return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                            "inputs must have one type (input %d is %s, input 0 is %s)", i,
                            trt_data_type_name(args->inputs[i].type), trt_data_type_name(t));
  TrtStatus s = trt_infer_check_activation(args, act);
  if (s != TRT_STATUS_OK) return s;
  if (t != TRT_DATA_TYPE_FLOAT && act->type != TRT_ACTIVATION_NONE)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "a fused activation needs float32");
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_matmul(TrtInferArgs *args) {
  const TrtMatMulParams *p = args->params;
  TrtDims a = args->inputs[0].dims, b = args->inputs[1].dims;
  TrtStatus s = check_types(args, &p->activation);
  if (s != TRT_STATUS_OK) return s;
  if (a.nb_dims < 1 || b.nb_dims < 1)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "inputs must have rank >= 1 (got %d and %d)", a.nb_dims, b.nb_dims);
  bool a_vec = a.nb_dims == 1, b_vec = b.nb_dims == 1;
  bool ta = p->transpose_a && !a_vec, tb = p->transpose_b && !b_vec;
  if (a_vec) a = (TrtDims){.nb_dims = 2, .d = {1, a.d[0]}};
  if (b_vec) b = (TrtDims){.nb_dims = 2, .d = {b.d[0], 1}};
  int64_t m = a.d[a.nb_dims - (ta ? 1 : 2)], ka = a.d[a.nb_dims - (ta ? 2 : 1)];
  int64_t kb = b.d[b.nb_dims - (tb ? 1 : 2)], n = b.d[b.nb_dims - (tb ? 2 : 1)];
  if (ka != kb)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "inner dimensions differ (%lld and %lld)", (long long)ka,
                          (long long)kb);
  TrtDims ba = {.nb_dims = a.nb_dims - 2}, bb = {.nb_dims = b.nb_dims - 2}, out;
  for (int i = 0; i < ba.nb_dims; i++) ba.d[i] = a.d[i];
  for (int i = 0; i < bb.nb_dims; i++) bb.d[i] = b.d[i];
  if (!trt_broadcast_dims(&ba, &bb, &out))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "batch dimensions do not broadcast");
  if (!a_vec) out.d[out.nb_dims++] = m;
  if (!b_vec) out.d[out.nb_dims++] = n;
  args->outputs[0].type = args->inputs[0].type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_gemm(TrtInferArgs *args) {
  const TrtGemmParams *p = args->params;
  const TrtDims *a = &args->inputs[0].dims, *b = &args->inputs[1].dims;
  TrtStatus s = check_types(args, &p->activation);
  if (s != TRT_STATUS_OK) return s;
  if (a->nb_dims < 2 || (p->transpose_a && a->nb_dims != 2) || b->nb_dims != 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "B must be 2-D and A 2-D (or of higher rank without transpose_a); "
                          "got rank %d and %d", a->nb_dims, b->nb_dims);
  int r = a->nb_dims;
  int64_t ka = p->transpose_a ? a->d[0] : a->d[r - 1];
  int64_t kb = p->transpose_b ? b->d[1] : b->d[0], n = p->transpose_b ? b->d[0] : b->d[1];
  if (ka != kb)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "inner dimensions differ (%lld and %lld)",
                          (long long)ka, (long long)kb);
  if (args->inputs[0].type != TRT_DATA_TYPE_FLOAT &&
      (!whole_number(p->alpha) || !whole_number(p->beta)))
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                          "integer Gemm needs whole-number alpha and beta (got %g and %g)",
                          (double)p->alpha, (double)p->beta);
  TrtDims out = *a;
  if (p->transpose_a) out.d[0] = a->d[1];
  out.d[r - 1] = n;
  if (args->nb_inputs > 2 && args->inputs[2].present) {
    TrtDims bc;
    if (!trt_broadcast_dims(&out, &args->inputs[2].dims, &bc) || !trt_dims_equal(&bc, &out))
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "C does not broadcast to the output (M x N)");
  }
  args->outputs[0].type = args->inputs[0].type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}
