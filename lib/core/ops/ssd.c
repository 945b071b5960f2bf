/* Shape inference: the SSD detection layers (Normalize, PriorBox,
 * DetectionOutput). All take float32. PriorBox expands its aspect ratios
 * (1 first, duplicates dropped, flips added) into its params, so kernels
 * read the final list. */
#include <math.h>

#include "../ops.h"

/* Largest count of priors, boxes or rows these layers make: keeps every
 * product of them and small factors inside int64 and size_t. */
#define SSD_MAX_ELEMENTS ((int64_t)1 << 40)

static TrtStatus need_float(TrtInferArgs *args, int i, const char *what) {
  if (args->inputs[i].type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%s (input %d) must be float32, not %s",
                          what, i, trt_data_type_name(args->inputs[i].type));
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_normalize(TrtInferArgs *args) {
  const TrtNormalizeParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0], *scale = &args->inputs[1];
  TrtStatus s = need_float(args, 0, "x");
  if (s == TRT_STATUS_OK && scale->present) s = need_float(args, 1, "scale");
  if (s != TRT_STATUS_OK) return s;
  if (x->dims.nb_dims < 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input must have rank >= 2 ([N, C, ...]), got %d", x->dims.nb_dims);
  if (!(p->eps >= 0 && isfinite(p->eps)))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "eps must be >= 0 (got %g)",
                          (double)p->eps);
  int64_t want = p->channel_shared ? 1 : x->dims.d[1];
  if (!scale->present || trt_dims_volume(&scale->dims) != want)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "scale must have %lld value%s (%s), got %lld", (long long)want,
                          want == 1 ? "" : "s", p->channel_shared ? "shared" : "one per channel",
                          scale->present ? (long long)trt_dims_volume(&scale->dims) : 0LL);
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = x->dims;
  return TRT_STATUS_OK;
}

static bool positive(float v) { return v > 0 && isfinite(v); }

/* Writes the expanded aspect ratios back into the params (idempotent: the
 * expanded list expands to itself). */
static TrtStatus expand_aspect_ratios(TrtInferArgs *args, TrtPriorBoxParams *p) {
  if (p->nb_aspect_ratios < 0 || p->nb_aspect_ratios > TRT_PRIOR_BOX_MAX_RATIOS)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%d aspect ratios (at most %d)",
                          p->nb_aspect_ratios, TRT_PRIOR_BOX_MAX_RATIOS);
  float list[TRT_PRIOR_BOX_MAX_RATIOS] = {1.0f};
  int n = 1;
  for (int i = 0; i < p->nb_aspect_ratios; i++) {
    float r = p->aspect_ratio[i];
    if (!positive(r))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "aspect ratio %d must be > 0 (got %g)", i, (double)r);
    for (int flipped = 0; flipped <= (p->flip ? 1 : 0); flipped++) {
      float v = flipped ? 1.0f / r : r;
      bool known = false;
      for (int k = 0; k < n; k++) known |= fabsf(v - list[k]) < 1e-6f;
      if (known) continue;
      if (n == TRT_PRIOR_BOX_MAX_RATIOS)
        return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                              "more than %d distinct aspect ratios after flipping",
                              TRT_PRIOR_BOX_MAX_RATIOS);
      list[n++] = v;
    }
  }
  for (int i = 0; i < n; i++) p->aspect_ratio[i] = list[i];
  p->nb_aspect_ratios = n;
  p->flip = 0;
  return TRT_STATUS_OK;
}

static TrtStatus check_prior_sizes(TrtInferArgs *args, const TrtPriorBoxParams *p) {
  if (p->nb_min_sizes < 1 || p->nb_min_sizes > TRT_PRIOR_BOX_MAX_SIZES)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%d min sizes (1 to %d allowed)",
                          p->nb_min_sizes, TRT_PRIOR_BOX_MAX_SIZES);
  if (p->nb_max_sizes != 0 && p->nb_max_sizes != p->nb_min_sizes)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "%d max sizes for %d min sizes (give none or one each)",
                          p->nb_max_sizes, p->nb_min_sizes);
  for (int i = 0; i < p->nb_min_sizes; i++) {
    if (!positive(p->min_size[i]))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "min size %d must be > 0 (got %g)",
                            i, (double)p->min_size[i]);
    if (i < p->nb_max_sizes && !(p->max_size[i] > p->min_size[i] && isfinite(p->max_size[i])))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "max size %d (%g) must be above its min size (%g)", i,
                            (double)p->max_size[i], (double)p->min_size[i]);
  }
  if (p->nb_variances != 1 && p->nb_variances != 4)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%d variances (1 or 4 allowed)",
                          p->nb_variances);
  for (int i = 0; i < p->nb_variances; i++)
    if (!positive(p->variance[i]))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "variance %d must be > 0 (got %g)",
                            i, (double)p->variance[i]);
  if (p->img_h < 0 || p->img_w < 0 || !(p->step_h >= 0 && isfinite(p->step_h)) ||
      !(p->step_w >= 0 && isfinite(p->step_w)) || !isfinite(p->offset))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "image size and steps must be >= 0 and the offset finite");
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_prior_box(TrtInferArgs *args) {
  TrtPriorBoxParams *p = args->params;
  TrtStatus s = check_prior_sizes(args, p);
  if (s == TRT_STATUS_OK) s = expand_aspect_ratios(args, p);
  if (s != TRT_STATUS_OK) return s;
  const TrtShapeView *feature = &args->inputs[0];
  bool has_image = args->nb_inputs > 1 && args->inputs[1].present;
  if (feature->dims.nb_dims != 4 || (has_image && args->inputs[1].dims.nb_dims != 4))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "the feature map and the image must be [N, C, H, W]");
  bool needs_image = !p->img_h || !p->img_w || !p->step_h || !p->step_w;
  if (needs_image && !has_image)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "without the image input, give the image size and the steps");
  int64_t h = feature->dims.d[2], w = feature->dims.d[3];
  int64_t per_cell = (int64_t)p->nb_aspect_ratios * p->nb_min_sizes + p->nb_max_sizes;
  if (h < 0 || w < 0 || (w && h > SSD_MAX_ELEMENTS / w) || h * w > SSD_MAX_ELEMENTS / per_cell / 4)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "a %lldx%lld feature map makes too many "
                          "priors", (long long)h, (long long)w);
  if (has_image && (!h || !w) && needs_image)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "an empty feature map gives no step; give the steps");
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = (TrtDims){3, {1, 2, h * w * per_cell * 4}};
  return TRT_STATUS_OK;
}

static TrtStatus check_detection_params(TrtInferArgs *args, const TrtDetectionOutputParams *p) {
  if (p->num_classes < 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "num_classes must be >= 1 (got %d)",
                          p->num_classes);
  if (p->background_label_id < -1 || p->background_label_id >= p->num_classes)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "background label %d is not -1 or a class below %d",
                          p->background_label_id, p->num_classes);
  if (p->code_type < TRT_BOX_CODE_CORNER || p->code_type > TRT_BOX_CODE_CORNER_SIZE)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown box code type %d",
                          p->code_type);
  if (p->top_k < -1 || p->keep_top_k < -1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "top_k (%d) and keep_top_k (%d) must be >= 0, or -1 for all",
                          p->top_k, p->keep_top_k);
  if (!(p->nms_threshold >= 0 && p->nms_threshold <= 1) || !(p->eta > 0 && p->eta <= 1) ||
      isnan(p->confidence_threshold))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "nms_threshold must be in [0, 1] (got %g), eta in (0, 1] (got %g) "
                          "and the confidence threshold a number",
                          (double)p->nms_threshold, (double)p->eta);
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_detection_output(TrtInferArgs *args) {
  const TrtDetectionOutputParams *p = args->params;
  TrtStatus s = check_detection_params(args, p);
  static const char *const names[] = {"loc", "conf", "priors"};
  for (int i = 0; i < 3 && s == TRT_STATUS_OK; i++) s = need_float(args, i, names[i]);
  if (s != TRT_STATUS_OK) return s;
  if (args->nb_outputs > 2)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%d outputs (detections and counts)",
                          args->nb_outputs);
  const TrtDims *loc = &args->inputs[0].dims, *conf = &args->inputs[1].dims,
               *prior = &args->inputs[2].dims;
  if (prior->nb_dims != 3 || prior->d[0] < 1 || prior->d[1] != 2 || prior->d[2] % 4 != 0)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "priors must be [1, 2, P * 4] (boxes and variances)");
  if (loc->nb_dims < 1 || conf->nb_dims < 1 || loc->d[0] != conf->d[0])
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "loc and conf must have the same batch (first) dimension");
  int64_t n = loc->d[0], priors = prior->d[2] / 4;
  int64_t loc_classes = p->share_location ? 1 : p->num_classes;
  if (priors > SSD_MAX_ELEMENTS / 4 / p->num_classes)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "too many priors (%lld)",
                          (long long)priors);
  int64_t loc_volume = trt_dims_volume(loc), conf_volume = trt_dims_volume(conf);
  int64_t loc_per_item = priors * loc_classes * 4, conf_per_item = priors * p->num_classes;
  bool fits = n == 0 ? loc_volume == 0 && conf_volume == 0
                     : n > 0 && loc_volume >= 0 && conf_volume >= 0 && loc_volume % n == 0 &&
                           loc_volume / n == loc_per_item && conf_volume % n == 0 &&
                           conf_volume / n == conf_per_item;
  if (!fits)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "for %lld priors and %d classes, loc needs %lld values and conf %lld "
                          "per item (got %lld and %lld in all for %lld items)",
                          (long long)priors, p->num_classes, (long long)loc_per_item,
                          (long long)conf_per_item, (long long)loc_volume,
                          (long long)conf_volume, (long long)n);
  int64_t classes = p->num_classes - (p->background_label_id >= 0 ? 1 : 0);
  int64_t per_class = p->top_k >= 0 && p->top_k < priors ? p->top_k : priors;
  int64_t rows = classes * per_class;
  if (p->keep_top_k >= 0 && p->keep_top_k < rows) rows = p->keep_top_k;
  if (n > SSD_MAX_ELEMENTS / 7 / (rows ? rows : 1))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the output would be too large");
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = (TrtDims){4, {n, 1, rows, 7}};
  if (args->nb_outputs == 2) {
    args->outputs[1].type = TRT_DATA_TYPE_INT32;
    args->outputs[1].dims = (TrtDims){1, {n}};
  }
  return TRT_STATUS_OK;
}
