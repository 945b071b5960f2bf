/* Shape inference: pooling (max, average, LP; global; floor or ceil). */
#include "../ops.h"

TrtStatus trt_infer_pooling(TrtInferArgs *args) {
  TrtPoolingParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int ns = p->nb_spatial;
  if (p->global) ns = p->nb_spatial = x->dims.nb_dims - 2;
  if (ns < 1 || ns > TRT_MAX_SPATIAL || x->dims.nb_dims != ns + 2)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                          "input of rank %d for %d spatial dims (1 to 3 supported)",
                          x->dims.nb_dims, ns);
  if (x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "pooling needs float32 input");
  if ((unsigned)p->type > TRT_POOLING_LP)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown pooling type");
  TrtDims out = x->dims;
  for (int i = 0; i < ns; i++) {
    int64_t n = x->dims.d[2 + i];
    if (p->global) {
      p->kernel[i] = n;
      p->stride[i] = p->dilation[i] = 1;
      p->pad_begin[i] = p->pad_end[i] = 0;
    }
    if (p->stride[i] == 0) p->stride[i] = 1;
    if (p->dilation[i] == 0) p->dilation[i] = 1;
    if (p->kernel[i] < 1 || p->stride[i] < 1 || p->dilation[i] < 1 || p->pad_begin[i] < 0 ||
        p->pad_end[i] < 0)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "kernel, strides and dilations must be >= 1 and pads >= 0");
    int64_t k = (p->kernel[i] - 1) * p->dilation[i] + 1;
    if (p->padding_mode == TRT_PADDING_VALID) {
      p->pad_begin[i] = p->pad_end[i] = 0;
    } else if (p->padding_mode != TRT_PADDING_EXPLICIT) {
      int64_t o = (n + p->stride[i] - 1) / p->stride[i];
      int64_t total = (o - 1) * p->stride[i] + k - n;
      if (total < 0) total = 0;
      int64_t small = total / 2;
      p->pad_begin[i] = p->padding_mode == TRT_PADDING_SAME_UPPER ? small : total - small;
      p->pad_end[i] = total - p->pad_begin[i];
    }
    int64_t span = n + p->pad_begin[i] + p->pad_end[i] - k;
    if (span < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the window is larger than the padded input");
    int64_t o = (p->ceil_mode ? span + p->stride[i] - 1 : span) / p->stride[i] + 1;
    /* With ceil, the last window must start inside the input or the
     * leading padding. */
    if (p->ceil_mode && (o - 1) * p->stride[i] >= n + p->pad_begin[i]) o--;
    out.d[2 + i] = o;
  }
  p->padding_mode = TRT_PADDING_EXPLICIT;
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

TrtPoolingParams trt_pooling_params_default(TrtPoolingType type, int nb_spatial) {
  TrtPoolingParams p = {.type = type, .nb_spatial = nb_spatial, .p = 2.0f};
  for (int i = 0; i < TRT_MAX_SPATIAL; i++) p.stride[i] = p.dilation[i] = p.kernel[i] = 1;
  return p;
}
