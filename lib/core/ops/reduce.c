/* Shape inference: reduce, arg_reduce (ArgMax/ArgMin), cumsum. */
#include "../ops.h"

static bool is_float(TrtDataType t) {
  return t == TRT_DATA_TYPE_FLOAT || t == TRT_DATA_TYPE_HALF;
}

/* Resolves the reduced axes into params: normalized, ascending, unique;
 * every axis when none are given (unless noop_with_empty_axes), so that the
 * kernels only ever read p->axes. */
static TrtStatus resolve_axes(TrtInferArgs *args, TrtReduceParams *p, int rank) {
  int64_t axes[TRT_MAX_DIMS];
  int n = p->nb_axes;
  if (n < 0 || n > TRT_MAX_DIMS)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "nb_axes %d is out of range", n);
  for (int i = 0; i < n; i++) axes[i] = p->axes[i];
  if (n == 0 && args->nb_inputs > 1 && args->inputs[1].present) {
    n = trt_infer_read_i64(args, 1, axes, TRT_MAX_DIMS);
    if (n < 0) return TRT_STATUS_UNSUPPORTED;
  }
  bool reduced[TRT_MAX_DIMS] = {false};
  if (n == 0 && !p->noop_with_empty_axes)
    for (int d = 0; d < rank; d++) reduced[d] = true;
  for (int i = 0; i < n; i++) {
    int axis;
    if (!trt_normalize_axis(axes[i], rank, &axis))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "axis %lld is out of range for rank %d", (long long)axes[i], rank);
    if (reduced[axis])
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is given twice",
                            (long long)axes[i]);
    reduced[axis] = true;
  }
  p->nb_axes = 0;
  for (int d = 0; d < rank; d++)
    if (reduced[d]) p->axes[p->nb_axes++] = d;
  /* Noop now means exactly "no axes were given": a rank-0 input with no
   * axes and no noop flag still applies the op to its one element. */
  p->noop_with_empty_axes = p->nb_axes == 0 && n == 0 && p->noop_with_empty_axes;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_reduce(TrtInferArgs *args) {
  TrtReduceParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  if ((unsigned)p->op > TRT_REDUCE_SUM_SQUARE)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown reduce op %d", p->op);
  if (x->type == TRT_DATA_TYPE_BOOL && p->op != TRT_REDUCE_MAX && p->op != TRT_REDUCE_MIN)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "bool tensors only reduce by max (any) or min (all)");
  TrtStatus st = resolve_axes(args, p, x->dims.nb_dims);
  if (st != TRT_STATUS_OK) return st;
  bool reduced[TRT_MAX_DIMS] = {false};
  for (int i = 0; i < p->nb_axes; i++) reduced[p->axes[i]] = true;
  TrtDims out = {.nb_dims = 0};
  for (int d = 0; d < x->dims.nb_dims; d++) {
    if (!reduced[d])
      out.d[out.nb_dims++] = x->dims.d[d];
    else if (p->keep_dims)
      out.d[out.nb_dims++] = 1;
  }
  args->outputs[0].type = x->type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_arg_reduce(TrtInferArgs *args) {
  TrtArgReduceParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int axis;
  if (p->op != TRT_REDUCE_MAX && p->op != TRT_REDUCE_MIN)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "op must be max or min, not %d", p->op);
  if (x->type == TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "bool input is not supported");
  if (!trt_normalize_axis(p->axis, x->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "axis %d is out of range for rank %d", p->axis, x->dims.nb_dims);
  TrtDims rest = x->dims;
  rest.d[axis] = 1;
  if (x->dims.d[axis] == 0 && trt_dims_volume(&rest) > 0)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "axis %d is empty: there is no index to return", p->axis);
  p->axis = axis;
  TrtDims out = {.nb_dims = 0};
  for (int d = 0; d < x->dims.nb_dims; d++) {
    if (d != axis)
      out.d[out.nb_dims++] = x->dims.d[d];
    else if (p->keep_dims)
      out.d[out.nb_dims++] = 1;
  }
  args->outputs[0].type = TRT_DATA_TYPE_INT64;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_cumsum(TrtInferArgs *args) {
  const TrtShapeView *x = &args->inputs[0], *axis_in = &args->inputs[1];
  if (x->dims.nb_dims == 0)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the input must have rank >= 1");
  if (x->type == TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "bool input is not supported");
  if (is_float(axis_in->type) || axis_in->type == TRT_DATA_TYPE_BOOL ||
      trt_dims_volume(&axis_in->dims) != 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "axis must be one int32 or int64 value");
  /* A runtime axis is checked by the kernel; a known one here. */
  if (axis_in->value) {
    int64_t axis;
    int norm;
    if (trt_infer_read_i64(args, 1, &axis, 1) != 1) return TRT_STATUS_UNSUPPORTED;
    if (!trt_normalize_axis(axis, x->dims.nb_dims, &norm))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "axis %lld is out of range for rank %d", (long long)axis,
                            x->dims.nb_dims);
  }
  args->outputs[0].type = x->type;
  args->outputs[0].dims = x->dims;
  return TRT_STATUS_OK;
}
