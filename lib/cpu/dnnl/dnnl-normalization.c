/* oneDNN batch normalization (inference, float32) with the given mean,
 * variance, scale and shift, and LRN across channels (odd sizes, where its
 * window is the ONNX one), on the NCHW tensor as it is. */
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
  TrtDnnlOp *op = trt_dnnl_op_new((TrtDnnlWork){.values = 2.0 * (double)trt_dims_volume(x)});
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

TrtStatus trt_dnnl_lrn_prepare(TrtKernelArgs *args, TrtDnnlOp **out) {
  const TrtLrnParams *p = args->params;
  const TrtDims *x = &args->inputs[0].dims;
  *out = NULL;
  if (!trt_dnnl_allowed() || !trt_dnnl_engine() || p->size % 2 == 0 || x->nb_dims < 3 ||
      x->nb_dims > 5 || trt_dims_volume(x) <= 0)
    return TRT_STATUS_OK;
  /* oneDNN's vectorized LRN wants channels innermost (NHWC): reorder. */
  dnnl_memory_desc_t user, nhwc;
  int nd = x->nb_dims;
  int64_t strides[5], stride = x->d[1];
  for (int i = nd - 1; i >= 2; i--) {
    strides[i] = stride;
    stride *= x->d[i];
  }
  strides[1] = 1;
  strides[0] = stride;
  if (trt_dnnl_plain_md(&user, nd, x->d, NULL) || trt_dnnl_plain_md(&nhwc, nd, x->d, strides))
    return TRT_STATUS_OK;
  /* Each output reads `size` inputs and is written; the reorders to and
   * from NHWC read and write every value twice more. */
  TrtDnnlWork work = {.values = (double)trt_dims_volume(x) * (p->size + 5.0)};
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_primitive_desc_t pd = NULL;
  TrtDnnlOp *op = trt_dnnl_op_new(work);
  dnnl_lrn_desc_t d;
  bool ok = attr && op &&
            dnnl_lrn_forward_desc_init(&d, dnnl_forward_inference, dnnl_lrn_across_channels, &nhwc,
                                       p->size, p->alpha, p->beta, p->bias) == dnnl_success &&
            (pd = trt_dnnl_pd_create(&d, attr)) != NULL;
  if (ok) {
    int src = trt_dnnl_op_input(op, &user, &nhwc, 0);
    int dst = trt_dnnl_op_output(op, &user, &nhwc, 0);
    ok = src >= 0 && dst >= 0 &&
         trt_dnnl_op_step(op, pd, 2, (const int[]){DNNL_ARG_SRC, DNNL_ARG_DST},
                          (const int[]){src, dst}) &&
         trt_dnnl_op_finish_output(op, dst, &user, 0);
  }
  TrtStatus s = trt_dnnl_op_done(op, ok, pd, args, out);
  dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_attr_destroy(attr);
  return s;
}
