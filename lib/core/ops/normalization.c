/* Shape inference: normalization (batch, instance, layer, group), LRN and
 * Scale. All take float32.
 *
 * BATCH     x [N, C, ...], scale, bias, mean, var: each [C].
 * INSTANCE  x [N, C, ...], scale, bias: each [C]; statistics per (n, c).
 * LAYER     x, scale, bias?: statistics over the dims from `axis` on; scale
 *           and bias broadcast to those dims. Optional outputs 1 and 2 are
 *           the mean and 1 / sqrt(var + epsilon), shaped like x with the
 *           normalized dims set to 1 (ONNX LayerNormalization).
 * GROUP     x [N, C, ...], scale, bias: statistics per (n, group) over the
 *           group's C / num_groups channels; scale and bias are per channel
 *           [C] or, as in ONNX opset 18, per group [num_groups].
 * SCALE     each operand's volume picks how it applies: 1 (uniform), the
 *           channel count (per channel) or x's volume (elementwise). */
#include <math.h>

#include "../ops.h"

static bool present(const TrtInferArgs *args, int i) {
  return i < args->nb_inputs && args->inputs[i].present;
}

/* Input i must be present (or may be absent when optional), float32, and
 * of volume `count` (a vector of that length or any shape of that volume). */
static TrtStatus check_vector(TrtInferArgs *args, int i, const char *what, int64_t count,
                              bool optional) {
  if (!present(args, i)) {
    if (optional) return TRT_STATUS_OK;
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "input %d (%s) is required", i, what);
  }
  const TrtShapeView *v = &args->inputs[i];
  if (v->type != TRT_DATA_TYPE_FLOAT || trt_dims_volume(&v->dims) != count)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input %d (%s) must be float32 with %lld values (got %s with %lld)",
                          i, what, (long long)count, trt_data_type_name(v->type),
                          (long long)trt_dims_volume(&v->dims));
  return TRT_STATUS_OK;
}

/* Scale or bias of layer normalization: unidirectional broadcast to the
 * normalized dims x.dims[axis:]. */
static TrtStatus check_layer_operand(TrtInferArgs *args, int i, const char *what, int axis) {
  if (!present(args, i)) return TRT_STATUS_OK;
  const TrtDims *x = &args->inputs[0].dims, *v = &args->inputs[i].dims;
  TrtDims normalized = {.nb_dims = x->nb_dims - axis}, bc;
  for (int k = axis; k < x->nb_dims; k++) normalized.d[k - axis] = x->d[k];
  if (args->inputs[i].type != TRT_DATA_TYPE_FLOAT || !trt_broadcast_dims(&normalized, v, &bc) ||
      !trt_dims_equal(&bc, &normalized))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input %d (%s) must be float32 and broadcast to the normalized "
                          "dims (from axis %d on)", i, what, axis);
  return TRT_STATUS_OK;
}

static TrtStatus infer_layer(TrtInferArgs *args, TrtNormalizationParams *p) {
  const TrtDims *x = &args->inputs[0].dims;
  int axis;
  if (x->nb_dims < 1 || !trt_normalize_axis(p->axis, x->nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, x->nb_dims);
  if (args->nb_inputs > 3)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "layer normalization takes x, scale and bias (got %d inputs)",
                          args->nb_inputs);
  if (!present(args, 1))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "input 1 (scale) is required");
  TrtStatus s = check_layer_operand(args, 1, "scale", axis);
  if (s == TRT_STATUS_OK) s = check_layer_operand(args, 2, "bias", axis);
  if (s != TRT_STATUS_OK) return s;
  p->axis = axis;
  TrtDims stats = *x;
  for (int k = axis; k < x->nb_dims; k++) stats.d[k] = 1;
  for (int o = 1; o < args->nb_outputs; o++) {
    args->outputs[o].type = TRT_DATA_TYPE_FLOAT;
    args->outputs[o].dims = stats;
  }
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_normalization(TrtInferArgs *args) {
  TrtNormalizationParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  if (x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "normalization needs float32 input, not %s",
                          trt_data_type_name(x->type));
  if (!(p->epsilon >= 0 && isfinite(p->epsilon)))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "epsilon must be >= 0 (got %g)",
                          (double)p->epsilon);
  int max_outputs = p->type == TRT_NORMALIZATION_LAYER ? 3 : 1;
  if (args->nb_outputs > max_outputs)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%d outputs (at most %d)",
                          args->nb_outputs, max_outputs);
  TrtStatus s = TRT_STATUS_OK;
  if (p->type == TRT_NORMALIZATION_LAYER) {
    s = infer_layer(args, p);
  } else if (p->type == TRT_NORMALIZATION_BATCH || p->type == TRT_NORMALIZATION_INSTANCE ||
             p->type == TRT_NORMALIZATION_GROUP) {
    if (x->dims.nb_dims < 2)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "input must have rank >= 2 ([N, C, ...]), got %d", x->dims.nb_dims);
    int64_t c = x->dims.d[1], count = c;
    int nb_params = p->type == TRT_NORMALIZATION_BATCH ? 5 : 3;
    if (args->nb_inputs != nb_params)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%d inputs, %d expected",
                            args->nb_inputs, nb_params);
    if (p->type == TRT_NORMALIZATION_GROUP) {
      if (p->num_groups < 1 || c % p->num_groups != 0)
        return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                              "%lld channels are not divisible into %d groups", (long long)c,
                              p->num_groups);
      /* Per group (opset 18) when the scale says so. */
      if (present(args, 1) && trt_dims_volume(&args->inputs[1].dims) == p->num_groups)
        count = p->num_groups;
    }
    static const char *const names[] = {"x", "scale", "bias", "mean", "variance"};
    for (int i = 1; i < nb_params && s == TRT_STATUS_OK; i++)
      s = check_vector(args, i, names[i], count, false);
  } else {
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown normalization type %d",
                          p->type);
  }
  if (s != TRT_STATUS_OK) return s;
  args->outputs[0].type = TRT_DATA_TYPE_FLOAT;
  args->outputs[0].dims = x->dims;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_lrn(TrtInferArgs *args) {
  const TrtLrnParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  if (x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "LRN needs float32 input, not %s",
                          trt_data_type_name(x->type));
  if (x->dims.nb_dims < 2)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "input must have rank >= 2 ([N, C, ...]), got %d", x->dims.nb_dims);
  if (p->size < 1 || p->size > TRT_INFER_MAX_EXTENT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "size must be >= 1 (got %lld)",
                          (long long)p->size);
  args->outputs[0].type = x->type;
  args->outputs[0].dims = x->dims;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_scale(TrtInferArgs *args) {
  const TrtScaleParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  if (x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "Scale needs float32 input, not %s",
                          trt_data_type_name(x->type));
  int64_t volume = trt_dims_volume(&x->dims);
  static const char *const names[] = {"x", "scale", "shift", "power"};
  for (int i = 1; i < args->nb_inputs; i++) {
    if (!present(args, i)) continue;
    const TrtShapeView *v = &args->inputs[i];
    int64_t n = trt_dims_volume(&v->dims);
    if (v->type != TRT_DATA_TYPE_FLOAT)
      return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%s must be float32, not %s", names[i],
                            trt_data_type_name(v->type));
    if (n == 1 || n == volume) continue;
    int axis;
    if (x->dims.nb_dims == 0 || !trt_normalize_axis(p->channel_axis, x->dims.nb_dims, &axis))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "%s has %lld values (per channel), but channel axis %d is out of "
                            "range for rank %d", names[i], (long long)n, p->channel_axis,
                            x->dims.nb_dims);
    if (n != x->dims.d[axis])
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "%s has %lld values: neither 1, %lld (channels on axis %d) nor "
                            "%lld (elementwise)", names[i], (long long)n,
                            (long long)x->dims.d[axis], axis, (long long)volume);
  }
  args->outputs[0].type = x->type;
  args->outputs[0].dims = x->dims;
  return TRT_STATUS_OK;
}
