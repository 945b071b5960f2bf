/* oneDNN activation (float32): one or two eltwise primitives over the
 * tensor seen as a flat array, the second in place. Activations oneDNN
 * has no exact match for stay with the reference, and so do Relu, Clip and
 * HardSigmoid: oneDNN computes them with max/min instructions that turn
 * NaN into a number, and they are cheap enough anyway. */
#include "dnnl-op.h"

static bool nan_preserving(const TrtActivationParams *act) {
  return act->type != TRT_ACTIVATION_RELU && act->type != TRT_ACTIVATION_CLIP &&
         act->type != TRT_ACTIVATION_HARD_SIGMOID;
}

TrtStatus trt_dnnl_activation_prepare(TrtKernelArgs *args, TrtDnnlOp **out) {
  TrtDnnlEltwise stages[2];
  int64_t n = trt_dims_volume(&args->inputs[0].dims);
  *out = NULL;
  if (!trt_dnnl_allowed() || !trt_dnnl_engine() || args->inputs[0].type != TRT_DATA_TYPE_FLOAT ||
      n <= 0 || !nan_preserving(args->params))
    return TRT_STATUS_OK;
  int nb_stages = trt_dnnl_activation_stages(args->params, stages);
  dnnl_memory_desc_t md;
  if (nb_stages <= 0 || trt_dnnl_plain_md(&md, 1, &n, NULL)) return TRT_STATUS_OK;
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_primitive_desc_t pd = NULL;
  TrtDnnlOp *op = trt_dnnl_op_new((TrtDnnlWork){.values = 2.0 * (double)n * nb_stages});
  bool ok = attr && op;
  int y = ok ? trt_dnnl_op_memory(op, &md, TRT_DNNL_OUTPUT, 0) : -1;
  int x = ok ? trt_dnnl_op_memory(op, &md, TRT_DNNL_INPUT, 0) : -1;
  for (int i = 0; ok && i < nb_stages; i++) {
    dnnl_eltwise_desc_t d;
    dnnl_primitive_desc_destroy(pd);
    pd = NULL;
    ok = dnnl_eltwise_forward_desc_init(&d, dnnl_forward_inference, stages[i].alg, &md,
                                        stages[i].alpha, stages[i].beta) == dnnl_success &&
         (pd = trt_dnnl_pd_create(&d, attr)) != NULL &&
         trt_dnnl_op_step(op, pd, 2, (const int[]){DNNL_ARG_SRC, DNNL_ARG_DST},
                          (const int[]){i == 0 ? x : y, y});
  }
  TrtStatus s = trt_dnnl_op_done(op, ok, pd, args, out);
  dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_attr_destroy(attr);
  return s;
}
