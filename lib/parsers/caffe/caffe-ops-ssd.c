/* Converters: the SSD fork's Normalize, PriorBox and DetectionOutput, onto
 * the layer kinds of the same names (see layers.h). */
#include <float.h>
#include <string.h>

#include "caffe-importer.h"

CAFFE_CONVERTER(caffe_convert_normalize) {
  static const Caffe__NormalizeParameter defaults = CAFFE__NORMALIZE_PARAMETER__INIT;
  TrtStatus s = caffe_need_io(imp, layer, 1, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__NormalizeParameter *np = layer->param->norm_param ? layer->param->norm_param : &defaults;
  TrtDims x;
  if ((s = caffe_need_dims(imp, layer, 0, &x)) != TRT_STATUS_OK) return s;
  if (x.nb_dims < 2)
    return caffe_layer_fail(imp, layer, TRT_STATUS_SHAPE_ERROR, "the bottom must be [N, C, ...]");
  if ((s = caffe_need_weights(imp, layer, 1, "scale")) != TRT_STATUS_OK) return s;
  TrtDims sd = {1, {np->channel_shared ? 1 : x.d[1]}};
  TrtTensor *in[2] = {layer->bottoms[0], caffe_weight(imp, layer, 0, &sd, "scale")};
  if (!in[1]) return TRT_STATUS_SHAPE_ERROR;
  TrtNormalizeParams p = {.across_spatial = np->across_spatial,
                          .channel_shared = np->channel_shared,
                          .eps = np->eps};
  return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_NORMALIZE, in, 2, &p));
}

static bool copy_floats(const CaffeImporter *imp, const CaffeLayer *layer, const char *what,
                        const float *values, size_t n, size_t max, float *out, int32_t *count) {
  if (n > max) {
    caffe_layer_fail(imp, layer, TRT_STATUS_UNSUPPORTED, "%zu %s values (at most %zu)", n, what,
                     max);
    return false;
  }
  if (n) memcpy(out, values, n * sizeof *out);
  *count = (int32_t)n;
  return true;
}

/* Two values given as a pair (_h and _w) or one for both; 0 when absent. */
static bool pair(const CaffeImporter *imp, const CaffeLayer *layer, const char *what, bool has_h,
                 float h, bool has_w, float w, bool has_both, float both, float *out_h,
                 float *out_w) {
  if (has_h || has_w) {
    if (!has_h || !has_w || has_both) {
      caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                       "give %s_h and %s_w together, or %s alone", what, what, what);
      return false;
    }
    *out_h = h;
    *out_w = w;
  } else {
    *out_h = *out_w = has_both ? both : 0.0f;
  }
  return true;
}

CAFFE_CONVERTER(caffe_convert_prior_box) {
  TrtStatus s = caffe_need_io(imp, layer, 1, 2, 1);
  if (s != TRT_STATUS_OK) return s;
  const Caffe__PriorBoxParameter *pp = layer->param->prior_box_param;
  if (!pp || !pp->n_min_size)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "needs prior_box_param with min_size");
  TrtPriorBoxParams p = {.flip = pp->flip, .clip = pp->clip, .offset = pp->offset};
  float img_h, img_w;
  if (!copy_floats(imp, layer, "min_size", pp->min_size, pp->n_min_size, TRT_PRIOR_BOX_MAX_SIZES,
                   p.min_size, &p.nb_min_sizes) ||
      !copy_floats(imp, layer, "max_size", pp->max_size, pp->n_max_size, TRT_PRIOR_BOX_MAX_SIZES,
                   p.max_size, &p.nb_max_sizes) ||
      !copy_floats(imp, layer, "aspect_ratio", pp->aspect_ratio, pp->n_aspect_ratio,
                   TRT_PRIOR_BOX_MAX_RATIOS, p.aspect_ratio, &p.nb_aspect_ratios) ||
      !pair(imp, layer, "img", pp->has_img_h, (float)pp->img_h, pp->has_img_w, (float)pp->img_w,
            pp->has_img_size, (float)pp->img_size, &img_h, &img_w) ||
      !pair(imp, layer, "step", pp->has_step_h, pp->step_h, pp->has_step_w, pp->step_w,
            pp->has_step, pp->step, &p.step_h, &p.step_w))
    return TRT_STATUS_INVALID_ARGUMENT;
  p.img_h = (int32_t)img_h;
  p.img_w = (int32_t)img_w;
  if (pp->n_variance == 0) {
    p.nb_variances = 1; /* Caffe SSD's default */
    p.variance[0] = 0.1f;
  } else if (pp->n_variance == 1 || pp->n_variance == 4) {
    p.nb_variances = (int32_t)pp->n_variance;
    memcpy(p.variance, pp->variance, pp->n_variance * sizeof *p.variance);
  } else {
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "%zu variances (give 1 or 4)", pp->n_variance);
  }
  return caffe_output(imp, layer, caffe_add1(imp, layer, NULL, TRT_LAYER_PRIOR_BOX,
                                             layer->bottoms, layer->nb_bottoms, &p));
}

/* Bottoms loc, conf, priors; tops the detections and, when a second top is
 * named, the count per item. */
CAFFE_CONVERTER(caffe_convert_detection_output) {
  TrtStatus s = caffe_need_io(imp, layer, 3, 3, -1);
  if (s != TRT_STATUS_OK) return s;
  if (layer->nb_tops < 1 || layer->nb_tops > 2)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "makes 1 or 2 tops (detections, count), got %d", layer->nb_tops);
  const Caffe__DetectionOutputParameter *dp = layer->param->detection_output_param;
  if (!dp || !dp->has_num_classes)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT,
                            "needs detection_output_param with num_classes");
  const Caffe__NonMaximumSuppressionParameter *nms = dp->nms_param;
  TrtDetectionOutputParams p = {
      .num_classes = (int32_t)dp->num_classes,
      .share_location = dp->share_location,
      .background_label_id = dp->background_label_id,
      .code_type = dp->code_type,
      .variance_encoded_in_target = dp->variance_encoded_in_target,
      .top_k = nms && nms->has_top_k ? nms->top_k : -1,
      .keep_top_k = dp->keep_top_k,
      .confidence_threshold = dp->has_confidence_threshold ? dp->confidence_threshold : -FLT_MAX,
      .nms_threshold = nms ? nms->nms_threshold : 0.3f,
      .eta = nms ? nms->eta : 1.0f,
  };
  if (dp->num_classes > INT32_MAX)
    return caffe_layer_fail(imp, layer, TRT_STATUS_INVALID_ARGUMENT, "too many classes");
  TrtLayer *l = caffe_add_layer(imp, layer, NULL, TRT_LAYER_DETECTION_OUTPUT, layer->bottoms, 3, &p,
                                layer->nb_tops);
  if (!l) return TRT_STATUS_INVALID_ARGUMENT;
  for (int i = 0; i < layer->nb_tops && s == TRT_STATUS_OK; i++)
    s = caffe_set_top(imp, layer, i, trt_layer_get_output(l, i));
  return s;
}
