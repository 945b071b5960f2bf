/* Shape inference: convolution and deconvolution (N-d, groups, dilation,
 * explicit or SAME/VALID padding, which is resolved here into pads). */
#include "../ops.h"
#include "../util.h"

static TrtStatus check_common(TrtInferArgs *args, TrtConvolutionParams *p, bool deconv) {
  const TrtShapeView *x = &args->inputs[0], *w = &args->inputs[1];
  int ns = p->nb_spatial;
  if (ns < 1 || ns > TRT_MAX_SPATIAL)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%d spatial dims (1 to 3 supported)", ns);
  if (x->dims.nb_dims != ns + 2 || w->dims.nb_dims != ns + 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input and weights must have rank %d (got %d and %d)", ns + 2,
                          x->dims.nb_dims, w->dims.nb_dims);
  if (x->type != TRT_DATA_TYPE_FLOAT || w->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "input and weights must be float32");
  if (p->groups < 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "groups must be >= 1");
  for (int i = 0; i < ns; i++) {
    if (p->kernel[i] == 0) p->kernel[i] = w->dims.d[2 + i];
    if (p->stride[i] == 0) p->stride[i] = 1;
    if (p->dilation[i] == 0) p->dilation[i] = 1;
    if (p->kernel[i] != w->dims.d[2 + i])
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "kernel size %lld does not match the weights (%lld)",
                            (long long)p->kernel[i], (long long)w->dims.d[2 + i]);
    if (p->stride[i] < 1 || p->dilation[i] < 1 || p->pad_begin[i] < 0 || p->pad_end[i] < 0)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "strides and dilations must be >= 1 and pads >= 0");
  }
  int64_t c = x->dims.d[1];
  int64_t in_per_group = deconv ? 0 : w->dims.d[1];
  if (!deconv && (c % p->groups != 0 || in_per_group * p->groups != c))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "%lld input channels do not match weights with %lld channels x %lld groups",
                          (long long)c, (long long)in_per_group, (long long)p->groups);
  if (deconv && (w->dims.d[0] != c || c % p->groups != 0))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "%lld input channels do not match the weights' first dim %lld",
                          (long long)c, (long long)w->dims.d[0]);
  int64_t m = deconv ? w->dims.d[1] * p->groups : w->dims.d[0];
  if (!deconv && m % p->groups != 0)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "output channels not divisible by groups");
  if (args->nb_inputs > 2 && args->inputs[2].present) {
    const TrtShapeView *b = &args->inputs[2];
    if (b->dims.nb_dims != 1 || b->dims.d[0] != m || b->type != TRT_DATA_TYPE_FLOAT)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "bias must be float32 [%lld]",
                            (long long)m);
  }
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = (TrtDims){.nb_dims = ns + 2, .d = {x->dims.d[0], m}};
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_convolution(TrtInferArgs *args) {
  TrtConvolutionParams *p = args->params;
  TrtStatus s = check_common(args, p, false);
  if (s != TRT_STATUS_OK) return s;
  const TrtDims *in = &args->inputs[0].dims;
  for (int i = 0; i < p->nb_spatial; i++) {
    int64_t n = in->d[2 + i], k = (p->kernel[i] - 1) * p->dilation[i] + 1;
    if (p->padding_mode == TRT_PADDING_VALID) {
      p->pad_begin[i] = p->pad_end[i] = 0;
    } else if (p->padding_mode != TRT_PADDING_EXPLICIT) {
      int64_t out = (n + p->stride[i] - 1) / p->stride[i];
      int64_t total = (out - 1) * p->stride[i] + k - n;
      if (total < 0) total = 0;
      int64_t small = total / 2;
      p->pad_begin[i] = p->padding_mode == TRT_PADDING_SAME_UPPER ? small : total - small;
      p->pad_end[i] = total - p->pad_begin[i];
    }
    int64_t span = n + p->pad_begin[i] + p->pad_end[i] - k;
    if (span < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "the kernel (%lld with dilation) is larger than the padded input (%lld)",
                            (long long)k, (long long)(n + p->pad_begin[i] + p->pad_end[i]));
    args->outputs[0].dims.d[2 + i] = span / p->stride[i] + 1;
  }
  p->padding_mode = TRT_PADDING_EXPLICIT;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_deconvolution(TrtInferArgs *args) {
  TrtConvolutionParams *p = args->params;
  TrtStatus s = check_common(args, p, true);
  if (s != TRT_STATUS_OK) return s;
  const TrtDims *in = &args->inputs[0].dims;
  for (int i = 0; i < p->nb_spatial; i++) {
    int64_t n = in->d[2 + i], k = (p->kernel[i] - 1) * p->dilation[i] + 1;
    if (p->output_padding[i] < 0 || p->output_padding[i] >= TRT_MAX(p->stride[i], p->dilation[i]))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "output padding must be smaller than the stride or dilation");
    if (p->padding_mode == TRT_PADDING_VALID) {
      p->pad_begin[i] = p->pad_end[i] = 0;
    } else if (p->padding_mode != TRT_PADDING_EXPLICIT) {
      int64_t full = p->stride[i] * (n - 1) + p->output_padding[i] + k;
      int64_t total = full - n * p->stride[i];
      if (total < 0) total = 0;
      int64_t small = total / 2;
      p->pad_begin[i] = p->padding_mode == TRT_PADDING_SAME_UPPER ? small : total - small;
      p->pad_end[i] = total - p->pad_begin[i];
    }
    int64_t out = p->stride[i] * (n - 1) + p->output_padding[i] + k - p->pad_begin[i] - p->pad_end[i];
    if (out < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "pads larger than the output");
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
