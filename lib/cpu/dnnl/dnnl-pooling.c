/* oneDNN max and average pooling (float32) on the tensors in the order they
 * are stored, NCHW or channels-last (pooling is memory bound: a reorder
 * would cost more than it saves). Ceil
 * mode becomes extra trailing padding. LP pooling, integer types, windows
 * that can lie wholly in the padding, and average pooling that counts pads
 * where ceil mode reaches past them stay with the reference. */
#include "dnnl-op.h"

TrtStatus trt_dnnl_pooling_prepare(TrtKernelArgs *args, TrtDnnlOp **out) {
  const TrtPoolingParams *p = args->params;
  const TrtDims *x = &args->inputs[0].dims, *y = &args->outputs[0].dims;
  *out = NULL;
  if (!trt_dnnl_allowed() || !trt_dnnl_engine() || p->type == TRT_POOLING_LP ||
      args->inputs[0].type != TRT_DATA_TYPE_FLOAT || trt_dims_volume(x) <= 0 ||
      trt_dims_volume(y) <= 0)
    return TRT_STATUS_OK;
  int ns = p->nb_spatial;
  dnnl_dims_t kernel, strides, dilation, pad_l, pad_r;
  for (int i = 0; i < ns; i++) {
    int64_t extent = (p->kernel[i] - 1) * p->dilation[i] + 1;
    kernel[i] = p->kernel[i];
    strides[i] = p->stride[i];
    dilation[i] = p->dilation[i] - 1;
    pad_l[i] = p->pad_begin[i];
    /* oneDNN wants (in + pads - extent) / stride + 1 == out: the given pads
     * do in floor mode; in ceil mode, the trailing padding that reaches the
     * last window. */
    pad_r[i] = p->pad_end[i];
    if ((x->d[2 + i] + pad_l[i] + pad_r[i] - extent) / p->stride[i] + 1 != y->d[2 + i])
      pad_r[i] = (y->d[2 + i] - 1) * p->stride[i] + extent - x->d[2 + i] - pad_l[i];
    if (pad_l[i] >= extent || pad_r[i] >= extent || pad_r[i] < 0) return TRT_STATUS_OK;
    if (p->type == TRT_POOLING_AVERAGE && p->count_include_pad && pad_r[i] > p->pad_end[i])
      return TRT_STATUS_OK;
  }
  dnnl_alg_kind_t alg = p->type == TRT_POOLING_MAX ? dnnl_pooling_max
                        : p->count_include_pad     ? dnnl_pooling_avg_include_padding
                                                   : dnnl_pooling_avg_exclude_padding;
  /* The result takes the input's order; a reorder follows when the output
   * is stored the other way. */
  TrtTensorView like_input = args->outputs[0];
  like_input.channels_last = args->inputs[0].channels_last;
  dnnl_memory_desc_t src_md, dst_md, dst_user;
  if (trt_dnnl_view_md(&src_md, &args->inputs[0]) || trt_dnnl_view_md(&dst_md, &like_input) ||
      trt_dnnl_view_md(&dst_user, &args->outputs[0]))
    return TRT_STATUS_OK;
  double window = 1;
  for (int i = 0; i < ns; i++) window *= (double)p->kernel[i];
  TrtDnnlWork work = {.values = (double)trt_dims_volume(x) + (double)trt_dims_volume(y) * window};
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_primitive_desc_t pd = NULL;
  TrtDnnlOp *op = trt_dnnl_op_new(work);
  dnnl_pooling_v2_desc_t d;
  bool ok = attr && op &&
            dnnl_pooling_v2_forward_desc_init(&d, dnnl_forward_inference, alg, &src_md, &dst_md,
                                              strides, kernel, dilation, pad_l,
                                              pad_r) == dnnl_success &&
            (pd = trt_dnnl_pd_create(&d, attr)) != NULL;
  if (ok) {
    int src = trt_dnnl_op_memory(op, &src_md, TRT_DNNL_INPUT, 0);
    int dst = trt_dnnl_op_output(op, &dst_user, &dst_md, 0);
    ok = dst >= 0 &&
         trt_dnnl_op_step(op, pd, 2, (const int[]){DNNL_ARG_SRC, DNNL_ARG_DST},
                          (const int[]){src, dst}) &&
         trt_dnnl_op_finish_output(op, dst, &dst_user, 0);
  }
  TrtStatus s = trt_dnnl_op_done(op, ok, pd, args, out);
  dnnl_primitive_desc_destroy(pd);
  dnnl_primitive_attr_destroy(attr);
  return s;
}
