/* oneDNN batch normalization (inference, float32) on the NCHW tensor as it
 * is, with the given mean, variance, scale and shift. */
#include "dnnl-op.h"

TrtStatus trt_dnnl_normalization_prepare(TrtKernelArgs *args, TrtDnnlOp **out) {
  const TrtNormalizationParams *p = args->params;
  const TrtDims *x = &args->inputs[0].dims;
  *out = NULL;
  if (!trt_dnnl_allowed() || !trt_dnnl_engine() || p->type != TRT_NORMALIZATION_BATCH ||
      x->nb_dims > 5 || trt_dims_volume(x) <= 0)
    return TRT_STATUS_OK;
  dnnl_memory_desc_t data_md, channel_md;
  int64_t c = x->d[1];
  if (trt_dnnl_plain_md(&data_md, x->nb_dims, x->d, NULL) ||
      trt_dnnl_plain_md(&channel_md, 1, &c, NULL))
    return TRT_STATUS_OK;
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_primitive_desc_t pd = NULL;
  TrtDnnlOp *op = trt_dnnl_op_new();
  dnnl_batch_normalization_desc_t d;
  bool ok = attr && op &&
            dnnl_batch_normalization_forward_desc_init(
                &d, dnnl_forward_inference, &data_md, p->epsilon,
                dnnl_use_global_stats | dnnl_use_scale | dnnl_use_shift) == dnnl_success &&
            (pd = trt_dnnl_pd_create(&d, attr)) != NULL;
  if (ok) {
    /* Inputs: x, scale, bias, mean, var. */
    static const int kinds[6] = {DNNL_ARG_SRC,   DNNL_ARG_SCALE,    DNNL_ARG_SHIFT,
                                 DNNL_ARG_MEAN,  DNNL_ARG_VARIANCE, DNNL_ARG_DST};
    int mems[6];
    for (int i = 0; i < 5; i++)
      mems[i] = trt_dnnl_op_memory(op, i == 0 ? &data_md : &channel_md, TRT_DNNL_INPUT, i);
    mems[5] = trt_dnnl_op_memory(op, &data_md, TRT_DNNL_OUTPUT, 0);
    ok = trt_dnnl_op_step(op, pd, 6, kinds, mems);
  }
  TrtStatus s = trt_dnnl_op_done(op, ok, pd, args, out);
  dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_attr_destroy(attr);
  return s;
}
