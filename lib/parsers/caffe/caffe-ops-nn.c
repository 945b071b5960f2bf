/* Converters: Convolution, Deconvolution, Pooling, InnerProduct, Softmax,
 * LRN and BatchNorm. */
#include <math.h>
#include <stdlib.h>

#include "caffe-importer.h"

/* One spatial parameter (kernel, stride, pad, dilation): one value for
 * every spatial dim, one per dim, or the 2-D _h/_w pair. A missing value
 * takes `def`; a `def` below 0 means it must be given. */
typedef struct {
  const char *what;
  size_t n;
  const uint32_t *values;
  bool has_h, has_w;
  uint32_t h, w;
  int64_t def;
} SpatialParam;

static bool spatial_values(const CaffeImporter *imp, const CaffeLayer *layer,
                           const SpatialParam *sp, int nb_spatial, int64_t *out) {
  if (sp->has_h || sp->has_w) {
    if (nb_spatial != 2 || sp->n) {
      caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                       "%s_h/%s_w are for 2-D inputs, without %s", sp->what, sp->what, sp->what);
      return false;
    }
    out[0] = sp->has_h ? sp->h : sp->def;
    out[1] = sp->has_w ? sp->w : sp->def;
  } else if (sp->n == 0) {
    for (int i = 0; i < nb_spatial; i++) out[i] = sp->def;
  } else if (sp->n == 1 || sp->n == (size_t)nb_spatial) {
    for (int i = 0; i < nb_spatial; i++) out[i] = sp->values[sp->n == 1 ? 0 : i];
  } else {
    caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                     "%zu %s values for %d spatial dims", sp->n, sp->what, nb_spatial);
    return false;
  }
  for (int i = 0; i < nb_spatial; i++)
    if (out[i] < 0 || (out[i] == 0 && sp->def != 0)) {
      caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "%s %s",
                       sp->def < 0 && out[i] < 0 ? "needs" : "has a zero", sp->what);
      return false;
    }
  return true;
}

static TrtStatus convert_conv(CaffeImporter *imp, const CaffeLayer *layer, bool deconv) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__ConvolutionParameter *cp = layer->param->convolution_param;
  if (!cp || !cp->has_num_output || !cp->num_output)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "needs convolution_param with num_output > 0");
  if (cp->axis != 1)
    return caffe_layer_fail(imp, layer, TRT_STATUS_UNSUPPORTED,
                            "axis %d: only channels at axis 1 are supported", cp->axis);
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  int ns = x.nb_dims - 2;
  if (ns < 1 || ns > TRT_MAX_SPATIAL)
    return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                            "the bottom must be [N, C, ...] with 1 to 3 spatial dims (rank %d)",
                            x.nb_dims);
  TrtConvolutionParams p = trt_convolution_params_default(ns);
  int64_t pads[TRT_MAX_SPATIAL];
  SpatialParam kernel = {"kernel", cp->n_kernel_size, cp->kernel_size, cp->has_kernel_h,
                         cp->has_kernel_w, cp->kernel_h, cp->kernel_w, -1};
  SpatialParam stride = {"stride", cp->n_stride, cp->stride, cp->has_stride_h, cp->has_stride_w,
                         cp->stride_h, cp->stride_w, 1};
  SpatialParam pad = {"pad", cp->n_pad, cp->pad, cp->has_pad_h, cp->has_pad_w, cp->pad_h,
                      cp->pad_w, 0};
  SpatialParam dilation = {"dilation", cp->n_dilation, cp->dilation, false, false, 0, 0, 1};
  if (!spatial_values(imp, layer, &kernel, ns, p.kernel) ||
      !spatial_values(imp, layer, &stride, ns, p.stride) ||
      !spatial_values(imp, layer, &pad, ns, pads) ||
      !spatial_values(imp, layer, &dilation, ns, p.dilation))
    return TRT_STATUS_INVALID_ARGUMENT;
  for (int i = 0; i < ns; i++) p.pad_begin[i] = p.pad_end[i] = pads[i];
  int64_t c = x.d[1], m = cp->num_output, g = cp->group;
  if (g < 1 || c % g || m % g)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "group %lld must divide the %lld input and %lld output channels",
                            (long long)g, (long long)c, (long long)m);
  p.groups = g;
  TrtDims wd = {ns + 2, {deconv ? c : m, deconv ? m / g : c / g}};
  for (int i = 0; i < ns; i++) wd.d[2 + i] = p.kernel[i];
  s = caffe_need_weights(imp, layer, cp->bias_term ? 2 : 1,
                         cp->bias_term ? "weights, bias" : "weights");
  if (s != TRT_STATUS_OK) return s;
  TrtDims bd = {1, {m}};
  TrtTensor *in[3] = {layer->bottoms[0], caffe_weight(imp, layer, 0, &wd, "weights"),
                      cp->bias_term ? caffe_weight(imp, layer, 1, &bd, "bias") : NULL};
  if (!in[1] || (cp->bias_term && !in[2])) return TRT_STATUS_SHAPE_ERROR;
  return caffe_output(imp, layer,
                      caffe_add1(imp, layer, NULL,
                                 deconv ? TRT_LAYER_DECONVOLUTION : TRT_LAYER_CONVOLUTION, in,
                                 in[2] ? 3 : 2, &p));
}

CAFFE_CONVERTER(caffe_convert_convolution) { return convert_conv(imp, layer, false); }
CAFFE_CONVERTER(caffe_convert_deconvolution) { return convert_conv(imp, layer, true); }

CAFFE_CONVERTER(caffe_convert_pooling) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__PoolingParameter *pp = layer->param->pooling_param;
  if (!pp) return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "needs pooling_param");
  if (pp->pool == CAFFE__POOLING_PARAMETER__POOL_METHOD__STOCHASTIC)
    return caffe_layer_fail(imp, layer, TRT_STATUS_UNSUPPORTED, "STOCHASTIC pooling is not supported");
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (x.nb_dims != 4)
    return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR,
                            "the bottom must be [N, C, H, W] (rank %d)", x.nb_dims);
  TrtPoolingParams p = trt_pooling_params_default(
      pp->pool == CAFFE__POOLING_PARAMETER__POOL_METHOD__MAX ? TRT_POOLING_MAX
                                                             : TRT_POOLING_AVERAGE, 2);
  /* Caffe rounds the output size up and, with padding, drops a last window
   * that would start in the trailing pad. The builder drops such a window
   * without padding too; there it can only arise with a stride above the
   * kernel, where Caffe would output windows of nothing. */
  p.ceil_mode = 1;
  p.count_include_pad = 1; /* averages divide by the window clipped to input + pad */
  bool has_kernel = pp->has_kernel_size || pp->has_kernel_h || pp->has_kernel_w;
  if (pp->global_pooling) {
    if (has_kernel || pp->pad || pp->pad_h || pp->pad_w || pp->stride != 1 || pp->has_stride_h ||
        pp->has_stride_w)
      return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                              "global pooling takes no kernel size, pad or stride");
    p.global = 1;
  } else {
    uint32_t one[1];
    SpatialParam kernel = {"kernel", pp->has_kernel_size, one, pp->has_kernel_h,
                           pp->has_kernel_w, pp->kernel_h, pp->kernel_w, -1};
    one[0] = pp->kernel_size;
    uint32_t stride_one[1] = {pp->stride}, pad_one[1] = {pp->pad};
    SpatialParam stride = {"stride", 1, stride_one, pp->has_stride_h, pp->has_stride_w,
                           pp->stride_h, pp->stride_w, 1};
    SpatialParam pad = {"pad", 1, pad_one, pp->has_pad_h, pp->has_pad_w, pp->pad_h, pp->pad_w, 0};
    if (pp->has_stride_h || pp->has_stride_w) stride.n = 0;
    if (pp->has_pad_h || pp->has_pad_w) pad.n = 0;
    if (!spatial_values(imp, layer, &kernel, 2, p.kernel) ||
        !spatial_values(imp, layer, &stride, 2, p.stride) ||
        !spatial_values(imp, layer, &pad, 2, p.pad_begin))
      return TRT_STATUS_INVALID_ARGUMENT;
    for (int i = 0; i < 2; i++) {
      if (p.pad_begin[i] >= p.kernel[i])
        return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                                "pad %lld must be below the kernel size %lld",
                                (long long)p.pad_begin[i], (long long)p.kernel[i]);
      p.pad_end[i] = p.pad_begin[i];
    }
  }
  return caffe_output(imp, layer,
                      caffe_add1(imp, layer, NULL, TRT_LAYER_POOLING, layer->bottoms, 1, &p));
}

/* y = x W^T + b over the dims from `axis` on, flattened; W is [N, K] (or
 * [K, N] with transpose). */
CAFFE_CONVERTER(caffe_convert_inner_product) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__InnerProductParameter *ip = layer->param->inner_product_param;
  if (!ip || !ip->has_num_output || !ip->num_output)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "needs inner_product_param with num_output > 0");
  TrtDims x;
  int axis;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (!caffe_axis(imp, layer, ip->axis, x.nb_dims, "axis", &axis)) return TRT_STATUS_INVALID_ARGUMENT;
  int64_t k = 1, n = ip->num_output;
  for (int i = axis; i < x.nb_dims; i++) k *= x.d[i];
  s = caffe_need_weights(imp, layer, ip->bias_term ? 2 : 1,
                         ip->bias_term ? "weights, bias" : "weights");
  if (s != TRT_STATUS_OK) return s;
  TrtDims wd = ip->transpose ? (TrtDims){2, {k, n}} : (TrtDims){2, {n, k}}, bd = {1, {n}};
  TrtTensor *in[3] = {layer->bottoms[0], caffe_weight(imp, layer, 0, &wd, "weights"),
                      ip->bias_term ? caffe_weight(imp, layer, 1, &bd, "bias") : NULL};
  if (!in[1] || (ip->bias_term && !in[2])) return TRT_STATUS_SHAPE_ERROR;
  /* [outer, K]: 0 keeps the batch free when the product starts at axis 1. */
  if (!(x.nb_dims == 2 && axis == 1)) {
    int64_t flat[2] = {axis == 1 ? 0 : -1, k};
    in[0] = axis == 0 ? caffe_reshape(imp, layer, "flatten", in[0], (int64_t[]){1, k}, 2)
                      : caffe_reshape(imp, layer, "flatten", in[0], flat, 2);
    if (!in[0]) return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtGemmParams p = {.alpha = 1.0f, .beta = 1.0f, .transpose_b = !ip->transpose};
  bool reshape_back = axis != 1;
  TrtTensor *y = caffe_add1(imp, layer, reshape_back ? "gemm" : NULL, TRT_LAYER_GEMM, in,
                            in[2] ? 3 : 2, &p);
  if (y && reshape_back) {
    int64_t shape[TRT_MAX_DIMS];
    for (int i = 0; i < axis; i++) shape[i] = x.d[i];
    shape[axis] = n;
    y = caffe_reshape(imp, layer, NULL, y, shape, axis + 1);
  }
  return caffe_output(imp, layer, y);
}

CAFFE_CONVERTER(caffe_convert_softmax) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__SoftmaxParameter *sp = layer->param->softmax_param;
  TrtDims x;
  int axis;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (!caffe_axis(imp, layer, sp ? sp->axis : 1, x.nb_dims, "axis", &axis))
    return TRT_STATUS_INVALID_ARGUMENT;
  TrtSoftmaxParams p = {.axis = axis};
  return caffe_output(imp, layer,
                      caffe_add1(imp, layer, NULL, TRT_LAYER_SOFTMAX, layer->bottoms, 1, &p));
}

CAFFE_CONVERTER(caffe_convert_lrn) {
  static const Caffe__LRNParameter defaults = CAFFE__LRNPARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__LRNParameter *lp = layer->param->lrn_param ? layer->param->lrn_param : &defaults;
  if (lp->norm_region != CAFFE__LRNPARAMETER__NORM_REGION__ACROSS_CHANNELS)
    return caffe_layer_fail(imp, layer, TRT_STATUS_UNSUPPORTED,
                            "only norm_region ACROSS_CHANNELS is supported");
  if (lp->local_size < 1 || lp->local_size % 2 == 0)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "local_size must be odd (got %u)", lp->local_size);
  /* Caffe: x / (k + alpha / n * sum(x^2))^beta, as ONNX LRN. */
  TrtLrnParams p = {.size = lp->local_size, .alpha = lp->alpha, .beta = lp->beta, .bias = lp->k};
  return caffe_output(imp, layer,
                      caffe_add1(imp, layer, NULL, TRT_LAYER_LRN, layer->bottoms, 1, &p));
}

/* Caffe keeps running sums: mean and variance are blobs 0 and 1 divided by
 * the scale factor of blob 2 (0 means all zero). Scale and shift are a
 * separate Scale layer. */
CAFFE_CONVERTER(caffe_convert_batch_norm) {
  static const Caffe__BatchNormParameter defaults = CAFFE__BATCH_NORM_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__BatchNormParameter *bp =
      layer->param->batch_norm_param ? layer->param->batch_norm_param : &defaults;
  if (bp->has_use_global_stats && !bp->use_global_stats)
    return caffe_layer_fail(imp, layer, TRT_STATUS_UNSUPPORTED,
                            "use_global_stats: false normalizes with each batch's own "
                            "statistics, which inference does not do");
  if (!(bp->eps >= 0))
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "eps must be >= 0");
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (x.nb_dims < 2)
    return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR, "the bottom must be [N, C, ...]");
  if ((s = caffe_need_weights(imp, layer, 3, "mean, variance, scale factor")) != TRT_STATUS_OK)
    return s;
  int64_t c = x.d[1];
  float *values = malloc((size_t)(4 * c + 1) * sizeof *values);
  if (!values) return caffe_layer_fail(imp, layer, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  float *mean = values, *var = values + c, *ones = values + 2 * c, *zeros = values + 3 * c;
  float *factor = values + 4 * c;
  TrtTensor *in[5] = {layer->bottoms[0]};
  if (caffe_weight_values(imp, layer, 0, c, "mean", mean) &&
      caffe_weight_values(imp, layer, 1, c, "variance", var) &&
      caffe_weight_values(imp, layer, 2, 1, "scale factor", factor)) {
    float scale = *factor == 0 ? 0.0f : 1.0f / *factor;
    for (int64_t i = 0; i < c; i++) {
      mean[i] *= scale;
      var[i] *= scale;
      ones[i] = 1.0f;
      zeros[i] = 0.0f;
    }
    TrtDims cd = {1, {c}};
    in[1] = caffe_constant(imp, layer, "scale", TRT_DATA_TYPE_FLOAT, &cd, ones);
    in[2] = caffe_constant(imp, layer, "bias", TRT_DATA_TYPE_FLOAT, &cd, zeros);
    in[3] = caffe_constant(imp, layer, "mean", TRT_DATA_TYPE_FLOAT, &cd, mean);
    in[4] = caffe_constant(imp, layer, "variance", TRT_DATA_TYPE_FLOAT, &cd, var);
  }
  free(values);
  if (!in[1] || !in[2] || !in[3] || !in[4]) return TRT_STATUS_SHAPE_ERROR;
  TrtNormalizationParams p = {.type = TRT_NORMALIZATION_BATCH, .epsilon = bp->eps};
  return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_NORMALIZATION, in, 5, &p));
}
