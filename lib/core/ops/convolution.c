/* Shape inference: convolution and deconvolution (1-D to 3-D, groups,
 * dilation, asymmetric pads). SAME/VALID padding is resolved here into
 * explicit pads and padding_mode becomes EXPLICIT, so kernels and engine
 * files only ever see explicit pads. A kernel size of 0 means "from the
 * weights", a stride or dilation of 0 means 1. */
#include "../ops.h"

void trt_infer_resolve_pads(int32_t mode, int64_t in, int64_t stride,
                            int64_t window, int64_t *begin, int64_t *end) {
  if (mode == TRT_PADDING_VALID) {
    *begin = *end = 0;
  } else if (mode == TRT_PADDING_SAME_UPPER || mode == TRT_PADDING_SAME_LOWER) {
    int64_t out = (in + stride - 1) / stride;
    int64_t total = (out - 1) * stride + window - in;
    if (total < 0) total = 0;
    /* The odd pixel goes to the end (UPPER) or to the start (LOWER). */
    *begin = mode == TRT_PADDING_SAME_UPPER ? total / 2 : total - total / 2;
    *end = total - *begin;
  }
}

static bool in_extent(int64_t v, int64_t lo) {
  return v >= lo && v <= TRT_INFER_MAX_EXTENT;
}

/* Checks what convolution and deconvolution share and sets the output's
 * type, rank, batch and channels. */
static TrtStatus check_common(TrtInferArgs *args, TrtConvolutionParams *p, bool deconv) {
  const TrtShapeView *x = &args->inputs[0], *w = &args->inputs[1];
  int ns = p->nb_spatial;
  if (ns < 1 || ns > TRT_MAX_SPATIAL)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%d spatial dims (1 to 3 supported)", ns);
  if (x->dims.nb_dims != ns + 2 || w->dims.nb_dims != ns + 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input and weights must have rank %d for %d spatial dims "
                          "(got %d and %d)", ns + 2, ns, x->dims.nb_dims, w->dims.nb_dims);
  /* Half tensors come from the builder's half-storage pass (CUDA FP16
   * engines); deconvolutions stay float32. */
  bool half_ok = !deconv && x->type == TRT_DATA_TYPE_HALF && w->type == TRT_DATA_TYPE_HALF;
  if (!half_ok && (x->type != TRT_DATA_TYPE_FLOAT || w->type != TRT_DATA_TYPE_FLOAT))
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                          "input and weights must be float32 (got %s and %s)",
                          trt_data_type_name(x->type), trt_data_type_name(w->type));
  if (!in_extent(p->groups, 1))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "groups %lld must be >= 1",
                          (long long)p->groups);
  if ((unsigned)p->padding_mode > TRT_PADDING_VALID)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown padding mode %d",
                          p->padding_mode);
  TrtStatus s = trt_infer_check_activation(args, &p->activation);
  if (s != TRT_STATUS_OK) return s;
  for (int i = 0; i < ns; i++) {
    if (p->kernel[i] == 0) p->kernel[i] = w->dims.d[2 + i];
    if (p->stride[i] == 0) p->stride[i] = 1;
    if (p->dilation[i] == 0) p->dilation[i] = 1;
    if (p->kernel[i] != w->dims.d[2 + i])
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "kernel size %lld in spatial dim %d does not match the "
                            "weights (%lld)", (long long)p->kernel[i], i,
                            (long long)w->dims.d[2 + i]);
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
  }
  int64_t c = x->dims.d[1], m;
  if (!deconv) {
    m = w->dims.d[0];
    if (w->dims.d[1] * p->groups != c)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "%lld input channels do not match weights of %lld channels "
                            "x %lld groups", (long long)c, (long long)w->dims.d[1],
                            (long long)p->groups);
    if (m % p->groups != 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "%lld output channels are not divisible by %lld groups",
                            (long long)m, (long long)p->groups);
  } else {
    if (w->dims.d[0] != c || c % p->groups != 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "%lld input channels must equal the weights' first dim "
                            "(%lld) and be divisible by %lld groups", (long long)c,
                            (long long)w->dims.d[0], (long long)p->groups);
    if (w->dims.d[1] > INT64_MAX / p->groups)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "too many output channels");
    m = w->dims.d[1] * p->groups;
  }
  if (args->nb_inputs > 2 && args->inputs[2].present) {
    const TrtShapeView *b = &args->inputs[2];
    if (b->dims.nb_dims != 1 || b->dims.d[0] != m || b->type != TRT_DATA_TYPE_FLOAT)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "bias must be float32 [%lld] (one per output channel)",
                            (long long)m);
  }
  args->outputs[0].type = x->type;
  args->outputs[0].dims = (TrtDims){.nb_dims = ns + 2, .d = {x->dims.d[0], m}};
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_convolution(TrtInferArgs *args) {
  TrtConvolutionParams *p = args->params;
  TrtStatus s = check_common(args, p, false);
  if (s != TRT_STATUS_OK) return s;
  const TrtDims *in = &args->inputs[0].dims;
  for (int i = 0; i < p->nb_spatial; i++) {
    int64_t n = in->d[2 + i], window = (p->kernel[i] - 1) * p->dilation[i] + 1;
    trt_infer_resolve_pads(p->padding_mode, n, p->stride[i], window, &p->pad_begin[i],
                           &p->pad_end[i]);
    int64_t span = n + p->pad_begin[i] + p->pad_end[i] - window;
    if (span < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "the kernel (extent %lld with dilation) is larger than the "
                            "padded input (%lld) in spatial dim %d", (long long)window,
                            (long long)(n + p->pad_begin[i] + p->pad_end[i]), i);
    args->outputs[0].dims.d[2 + i] = span / p->stride[i] + 1;
  }
  p->padding_mode = TRT_PADDING_EXPLICIT;
  if (args->nb_inputs > 3 && args->inputs[3].present) {
    const TrtShapeView *r = &args->inputs[3];
    if (r->type != TRT_DATA_TYPE_FLOAT || args->outputs[0].type != TRT_DATA_TYPE_FLOAT ||
        !trt_dims_equal(&r->dims, &args->outputs[0].dims))
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "the residual input must be float32 with the output's dims");
  }
  return TRT_STATUS_OK;
}

/* Output size: stride * (in - 1) + output_padding + window - pads. SAME
 * padding aims at in * stride. */
TrtStatus trt_infer_deconvolution(TrtInferArgs *args) {
  TrtConvolutionParams *p = args->params;
  TrtStatus s = check_common(args, p, true);
  if (s != TRT_STATUS_OK) return s;
  const TrtDims *in = &args->inputs[0].dims;
  for (int i = 0; i < p->nb_spatial; i++) {
    int64_t n = in->d[2 + i], window = (p->kernel[i] - 1) * p->dilation[i] + 1;
    if (p->output_padding[i] < 0 ||
        p->output_padding[i] >= (p->stride[i] > p->dilation[i] ? p->stride[i] : p->dilation[i]))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "output padding %lld in spatial dim %d must be >= 0 and smaller "
                            "than the stride or the dilation",
                            (long long)p->output_padding[i], i);
    int64_t full = n > 0 ? p->stride[i] * (n - 1) + p->output_padding[i] + window : 0;
    if (p->padding_mode == TRT_PADDING_VALID) {
      p->pad_begin[i] = p->pad_end[i] = 0;
    } else if (p->padding_mode != TRT_PADDING_EXPLICIT) {
      int64_t total = full - n * p->stride[i];
      if (total < 0)
        return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                              "SAME padding would need negative pads in spatial dim %d "
                              "(stride %lld is larger than the kernel extent %lld plus "
                              "output padding)", i, (long long)p->stride[i],
                              (long long)window);
      p->pad_begin[i] = p->padding_mode == TRT_PADDING_SAME_UPPER ? total / 2 : total - total / 2;
      p->pad_end[i] = total - p->pad_begin[i];
    }
    int64_t out = full - p->pad_begin[i] - p->pad_end[i];
    if (out < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "pads %lld + %lld are larger than the output (%lld) in spatial dim %d",
                            (long long)p->pad_begin[i], (long long)p->pad_end[i],
                            (long long)full, i);
    args->outputs[0].dims.d[2 + i] = out;
  }
  p->padding_mode = TRT_PADDING_EXPLICIT;
  return TRT_STATUS_OK;
}

TrtConvolutionParams trt_convolution_params_default(int nb_spatial) {
  TrtConvolutionParams p = {.nb_spatial = nb_spatial, .groups = 1};
  for (int i = 0; i < TRT_MAX_SPATIAL; i++) p.stride[i] = p.dilation[i] = 1;
  return p;
}
