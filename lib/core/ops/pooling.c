/* Shape inference: pooling (max, average, LP; global; floor or ceil).
 * SAME/VALID padding is resolved into explicit pads; global pooling into a
 * window over the whole spatial extent. A stride or dilation of 0 means 1.
 * Max pooling takes any numeric type; average and LP take float32. Max
 * pooling may have a second output, int64 like the first: the index of
 * each maximum in the whole input seen as one row-major array (ONNX
 * MaxPool's Indices with storage_order 0). */
#include <math.h>

#include "../ops.h"

static bool in_extent(int64_t v, int64_t lo) {
  return v >= lo && v <= TRT_INFER_MAX_EXTENT;
}

static TrtStatus check_params(TrtInferArgs *args, const TrtPoolingParams *p) {
  const TrtShapeView *x = &args->inputs[0];
  if ((unsigned)p->type > TRT_POOLING_LP)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown pooling type %d", p->type);
  if ((unsigned)p->padding_mode > TRT_PADDING_VALID)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown padding mode %d",
                          p->padding_mode);
  if (p->type == TRT_POOLING_MAX ? x->type == TRT_DATA_TYPE_BOOL
      : p->type == TRT_POOLING_AVERAGE ? x->type != TRT_DATA_TYPE_FLOAT && x->type != TRT_DATA_TYPE_HALF
                                     : x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%s pooling does not take %s input",
                          p->type == TRT_POOLING_MAX ? "max"
                          : p->type == TRT_POOLING_AVERAGE ? "average" : "LP",
                          trt_data_type_name(x->type));
  if (p->type == TRT_POOLING_LP && !(p->p > 0 && isfinite(p->p)))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "LP pooling needs p > 0 (got %g)",
                          (double)p->p);
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_pooling(TrtInferArgs *args) {
  TrtPoolingParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  TrtStatus s = check_params(args, p);
  if (s != TRT_STATUS_OK) return s;
  if (p->global) p->nb_spatial = x->dims.nb_dims - 2;
  int ns = p->nb_spatial;
  if (ns < 1 || ns > TRT_MAX_SPATIAL || x->dims.nb_dims != ns + 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input of rank %d for %d spatial dims (rank 3 to 5 supported)",
                          x->dims.nb_dims, ns);
  TrtDims out = x->dims;
  for (int i = 0; i < ns; i++) {
    int64_t n = x->dims.d[2 + i];
    if (p->global) {
      p->kernel[i] = n;
      p->stride[i] = p->dilation[i] = 1;
      p->pad_begin[i] = p->pad_end[i] = 0;
      p->padding_mode = TRT_PADDING_EXPLICIT;
      if (n == 0)
        return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                              "global pooling over an empty spatial dim %d", i);
    }
    if (p->stride[i] == 0) p->stride[i] = 1;
    if (p->dilation[i] == 0) p->dilation[i] = 1;
    if (!in_extent(p->kernel[i], 1) || !in_extent(p->stride[i], 1) ||
        !in_extent(p->dilation[i], 1))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "kernel sizes, strides and dilations must be in 1..2^31 (spatial dim %d)",
                            i);
    if (p->padding_mode == TRT_PADDING_EXPLICIT &&
        (!in_extent(p->pad_begin[i], 0) || !in_extent(p->pad_end[i], 0)))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "pads must be in 0..2^31 (spatial dim %d: %lld, %lld)", i,
                            (long long)p->pad_begin[i], (long long)p->pad_end[i]);
    int64_t window = (p->kernel[i] - 1) * p->dilation[i] + 1;
    trt_infer_resolve_pads(p->padding_mode, n, p->stride[i], window, &p->pad_begin[i],
                           &p->pad_end[i]);
    int64_t span = n + p->pad_begin[i] + p->pad_end[i] - window;
    if (span < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "the window (extent %lld) is larger than the padded input (%lld) "
                            "in spatial dim %d", (long long)window,
                            (long long)(n + p->pad_begin[i] + p->pad_end[i]), i);
    int64_t o = (p->ceil_mode ? span + p->stride[i] - 1 : span) / p->stride[i] + 1;
    /* With ceil, the last window must start inside the input or the
     * leading padding; one that would start in the trailing padding is
     * dropped. */
    if (p->ceil_mode && (o - 1) * p->stride[i] >= n + p->pad_begin[i]) o--;
    out.d[2 + i] = o;
  }
  p->padding_mode = TRT_PADDING_EXPLICIT;
  args->outputs[0].type = x->type;
  args->outputs[0].dims = out;
  if (args->nb_outputs > 2 || (args->nb_outputs == 2 && p->type != TRT_POOLING_MAX))
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                          "%d outputs: only max pooling has a second one (the indices)",
                          args->nb_outputs);
  if (args->nb_outputs == 2) {
    args->outputs[1].type = TRT_DATA_TYPE_INT64;
    args->outputs[1].dims = out;
  }
  return TRT_STATUS_OK;
}

TrtPoolingParams trt_pooling_params_default(TrtPoolingType type, int nb_spatial) {
  TrtPoolingParams p = {.type = type, .nb_spatial = nb_spatial, .p = 2.0f};
  for (int i = 0; i < TRT_MAX_SPATIAL; i++) p.stride[i] = p.dilation[i] = p.kernel[i] = 1;
  return p;
}
