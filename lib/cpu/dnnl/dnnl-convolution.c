/* oneDNN convolution and deconvolution. The input is reordered into the
 * layout the chosen implementation prefers, and the result back, unless
 * they are stored that way already (the channels-last tensors between
 * convolutions, see core/passes/cpu-channels-last.c). Constant weights are
 * reordered once here. Bias and activation are fused as post-ops when
 * oneDNN has the activation, else the activation runs after. A residual
 * is a sum post-op: oneDNN adds what the output holds, where the kernel
 * has put the residual (or the memory plan stored it), so the output is
 * written in the caller's layout, never reordered. */
#include "dnnl-op.h"

/* Weights as oneDNN sees them: [G, O/G, I/G, k...] (or [O, I, k...] with one
 * group), with strides describing where our layout keeps each element:
 * convolution [M, C/G, k...], deconvolution [C, M/G, k...]. */
static int weights_dims(const TrtConvolutionParams *p, const TrtDims *w, bool deconv,
                        int64_t *dims, int64_t *strides) {
  int ns = p->nb_spatial, g = p->groups > 1, n = 0;
  int64_t kvol = 1;
  for (int i = 0; i < ns; i++) kvol *= w->d[2 + i];
  /* Per group: outputs o and inputs i of the group. */
  int64_t o = deconv ? w->d[1] : w->d[0] / p->groups;
  int64_t in = deconv ? w->d[0] / p->groups : w->d[1];
  if (g) {
    dims[n] = p->groups;
    strides[n++] = o * in * kvol;
  }
  dims[n] = g ? o : o * p->groups;
  strides[n++] = deconv ? kvol : in * kvol;
  dims[n] = in;
  strides[n++] = deconv ? o * kvol : kvol;
  int64_t s = kvol;
  for (int i = 0; i < ns; i++) {
    s /= w->d[2 + i];
    dims[n] = w->d[2 + i];
    strides[n++] = s;
  }
  return n;
}

TrtStatus trt_dnnl_convolution_prepare(TrtKernelArgs *args, bool deconv, TrtDnnlOp **out) {
  const TrtConvolutionParams *p = args->params;
  const TrtDims *x = &args->inputs[0].dims, *w = &args->inputs[1].dims;
  const TrtDims *y = &args->outputs[0].dims;
  bool has_bias = args->nb_inputs > 2 && args->inputs[2].present;
  const TrtTensorView *residual = deconv ? NULL : trt_cpu_conv_residual(args);
  *out = NULL;
  if (!trt_dnnl_allowed() || !trt_dnnl_engine()) return TRT_STATUS_OK;
  /* Empty tensors are the reference's. */
  if (trt_dims_volume(x) <= 0 || trt_dims_volume(w) <= 0 || trt_dims_volume(y) <= 0)
    return TRT_STATUS_OK;
  int ns = p->nb_spatial, nd = ns + 2;
  dnnl_dims_t strides, dilates, pad_l, pad_r;
  for (int i = 0; i < ns; i++) {
    strides[i] = p->stride[i];
    dilates[i] = p->dilation[i] - 1;
    pad_l[i] = p->pad_begin[i];
    /* oneDNN has no output padding: it is padding taken off the end. */
    pad_r[i] = p->pad_end[i] - (deconv ? p->output_padding[i] : 0);
    if (pad_r[i] < 0) return TRT_STATUS_OK;
    /* Padding wider than the kernel only adds outputs that see nothing but
     * zeros, which no real model asks for; oneDNN spends time and memory in
     * proportion to it (a fuzzed engine padding by 16 million took 18 s to
     * load), the reference in proportion to the output. */
    int64_t extent = p->dilation[i] * (p->kernel[i] - 1) + 1;
    if (pad_l[i] > extent || pad_r[i] > extent) return TRT_STATUS_OK;
  }
  int64_t wdims[TRT_MAX_SPATIAL + 3], wstrides[TRT_MAX_SPATIAL + 3];
  int wnd = weights_dims(p, w, deconv, wdims, wstrides);
  dnnl_memory_desc_t src_user, dst_user, wei_user, bias_md, src_any, dst_any, wei_any;
  int64_t m = y->d[1];
  if (trt_dnnl_view_md(&src_user, &args->inputs[0]) || trt_dnnl_view_md(&dst_user, &args->outputs[0]) ||
      trt_dnnl_plain_md(&wei_user, wnd, wdims, wstrides) ||
      trt_dnnl_plain_md(&bias_md, 1, &m, NULL) || trt_dnnl_any_md(&src_any, nd, x->d) ||
      trt_dnnl_any_md(&dst_any, nd, y->d) || trt_dnnl_any_md(&wei_any, wnd, wdims))
    return TRT_STATUS_OK;

  /* Each output value of a convolution, and each input value of a
   * deconvolution, meets volume(w) / w[0] weights. */
  double per_value = (double)trt_dims_volume(w) / (double)w->d[0];
  TrtDnnlWork work = {.macs = (double)trt_dims_volume(deconv ? x : y) * per_value,
                      .values = (double)trt_dims_volume(x) + (double)trt_dims_volume(y) +
                                (double)trt_dims_volume(w) +
                                (residual ? (double)trt_dims_volume(y) : 0.0)};
  dnnl_primitive_attr_t attr = trt_dnnl_attr_new();
  dnnl_post_ops_t post_ops = NULL;
  dnnl_primitive_desc_t pd = NULL;
  TrtDnnlOp *op = trt_dnnl_op_new(work);
  bool ok = attr && op && dnnl_post_ops_create(&post_ops) == dnnl_success;
  if (ok && residual) ok = dnnl_post_ops_append_sum(post_ops, 1.0f) == dnnl_success;
  bool fused = ok && trt_dnnl_append_activation(post_ops, &p->activation);
  if (ok && (fused || residual))
    ok = dnnl_primitive_attr_set_post_ops(attr, post_ops) == dnnl_success;
  if (ok && !fused) trt_dnnl_op_activate_after(op, &p->activation);
  if (ok) {
    const dnnl_memory_desc_t *bias = has_bias ? &bias_md : NULL;
    if (deconv) {
      dnnl_deconvolution_desc_t d;
      ok = dnnl_dilated_deconvolution_forward_desc_init(
               &d, dnnl_forward_inference, dnnl_deconvolution_direct, &src_any, &wei_any, bias,
               &dst_any, strides, dilates, pad_l, pad_r) == dnnl_success &&
           (pd = trt_dnnl_pd_create(&d, attr)) != NULL;
    } else {
      dnnl_convolution_desc_t d;
      ok = dnnl_dilated_convolution_forward_desc_init(
               &d, dnnl_forward_inference, dnnl_convolution_direct, &src_any, &wei_any, bias,
               residual ? &dst_user : &dst_any, strides, dilates, pad_l, pad_r) ==
               dnnl_success &&
           (pd = trt_dnnl_pd_create(&d, attr)) != NULL;
    }
  }
  if (ok) {
    const dnnl_memory_desc_t *src_md = dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0);
    const dnnl_memory_desc_t *wei_md = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *dst_md = dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0);
    const void *wconst = args->inputs[1].host_value;
    int src = trt_dnnl_op_input(op, &src_user, src_md, 0);
    int wei = wconst ? trt_dnnl_op_constant(op, &wei_user, wconst, wei_md)
                     : trt_dnnl_op_input(op, &wei_user, wei_md, 1);
    int bias = has_bias ? trt_dnnl_op_memory(op, &bias_md, TRT_DNNL_INPUT, 2) : 0;
    int dst = trt_dnnl_op_output(op, &dst_user, dst_md, 0);
    int kinds[4] = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST, DNNL_ARG_BIAS};
    int mems[4] = {src, wei, dst, bias};
    ok = dst >= 0 && trt_dnnl_op_step(op, pd, has_bias ? 4 : 3, kinds, mems) &&
         trt_dnnl_op_finish_output(op, dst, &dst_user, 0);
  }
  TrtStatus s = trt_dnnl_op_done(op, ok, pd, args, out);
  dnnl_primitive_desc_destroy(pd);
  dnnl_post_ops_destroy(post_ops);
  dnnl_primitive_attr_destroy(attr);
  return s;
}
