/* Shape inference: gather, gather_elements, scatter_elements, one_hot. */
#include "../ops.h"

static bool is_index_type(TrtDataType t) {
  return t == TRT_DATA_TYPE_INT32 || t == TRT_DATA_TYPE_INT64;
}

/* When the indices are known at build (constants, shape values), checks
 * them against the axis length now, so a bad model fails to build instead
 * of failing at run time. */
static TrtStatus check_known_indices(TrtInferArgs *args, int i, int64_t len) {
  const TrtShapeView *v = &args->inputs[i];
  if (!v->value) return TRT_STATUS_OK;
  int64_t n = trt_dims_volume(&v->dims);
  for (int64_t k = 0; k < n; k++) {
    int64_t idx = v->type == TRT_DATA_TYPE_INT64 ? ((const int64_t *)v->value)[k]
                                                 : ((const int32_t *)v->value)[k];
    if (idx < -len || idx >= len)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "index %lld is out of range for an axis of %lld", (long long)idx,
                            (long long)len);
  }
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_gather(TrtInferArgs *args) {
  TrtAxisParams *p = args->params;
  const TrtShapeView *data = &args->inputs[0], *indices = &args->inputs[1];
  int axis, rank = data->dims.nb_dims;
  if (!trt_normalize_axis(p->axis, rank, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, rank);
  if (!is_index_type(indices->type))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "indices must be int32 or int64");
  int out_rank = rank - 1 + indices->dims.nb_dims;
  if (out_rank > TRT_MAX_DIMS)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "the output would have rank %d > %d",
                          out_rank, TRT_MAX_DIMS);
  TrtStatus s = check_known_indices(args, 1, data->dims.d[axis]);
  if (s != TRT_STATUS_OK) return s;
  TrtDims out = {.nb_dims = out_rank};
  int k = 0;
  for (int d = 0; d < axis; d++) out.d[k++] = data->dims.d[d];
  for (int d = 0; d < indices->dims.nb_dims; d++) out.d[k++] = indices->dims.d[d];
  for (int d = axis + 1; d < rank; d++) out.d[k++] = data->dims.d[d];
  p->axis = axis;
  args->outputs[0].type = data->type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

/* Indices of the same rank as data, no larger than data off the axis. */
static TrtStatus check_elements_shapes(TrtInferArgs *args, int axis, const TrtShapeView *indices) {
  const TrtShapeView *data = &args->inputs[0];
  if (!is_index_type(indices->type))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "indices must be int32 or int64");
  if (indices->dims.nb_dims != data->dims.nb_dims)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "indices have rank %d, data rank %d",
                          indices->dims.nb_dims, data->dims.nb_dims);
  for (int d = 0; d < data->dims.nb_dims; d++)
    if (d != axis && indices->dims.d[d] > data->dims.d[d])
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "indices dim %d (%lld) exceeds the data's (%lld)", d,
                            (long long)indices->dims.d[d], (long long)data->dims.d[d]);
  return check_known_indices(args, 1, data->dims.d[axis]);
}

TrtStatus trt_infer_gather_elements(TrtInferArgs *args) {
  TrtAxisParams *p = args->params;
  const TrtShapeView *data = &args->inputs[0], *indices = &args->inputs[1];
  int axis;
  if (!trt_normalize_axis(p->axis, data->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, data->dims.nb_dims);
  TrtStatus s = check_elements_shapes(args, axis, indices);
  if (s != TRT_STATUS_OK) return s;
  p->axis = axis;
  args->outputs[0].type = data->type;
  args->outputs[0].dims = indices->dims;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_scatter_elements(TrtInferArgs *args) {
  TrtScatterParams *p = args->params;
  const TrtShapeView *data = &args->inputs[0], *indices = &args->inputs[1],
                     *updates = &args->inputs[2];
  int axis;
  if (!trt_normalize_axis(p->axis, data->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, data->dims.nb_dims);
  if (p->reduction < TRT_SCATTER_NONE || p->reduction > TRT_SCATTER_MIN)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown reduction %d",
                          p->reduction);
  if (p->reduction != TRT_SCATTER_NONE && data->type == TRT_DATA_TYPE_BOOL &&
      (p->reduction == TRT_SCATTER_ADD || p->reduction == TRT_SCATTER_MUL))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "bool data reduces by max (or) and min (and) only");
  if (updates->type != data->type || !trt_dims_equal(&updates->dims, &indices->dims))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "updates must have the data's type and the indices' shape");
  TrtStatus s = check_elements_shapes(args, axis, indices);
  if (s != TRT_STATUS_OK) return s;
  p->axis = axis;
  args->outputs[0].type = data->type;
  args->outputs[0].dims = data->dims;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_one_hot(TrtInferArgs *args) {
  TrtOneHotParams *p = args->params;
  const TrtShapeView *indices = &args->inputs[0], *depth_in = &args->inputs[1],
                     *values = &args->inputs[2];
  int rank = indices->dims.nb_dims + 1, axis;
  if (rank > TRT_MAX_DIMS)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "the output would have rank %d > %d",
                          rank, TRT_MAX_DIMS);
  if (!trt_normalize_axis(p->axis, rank, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, rank);
  if (indices->type == TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "indices must be numbers");
  if (trt_dims_volume(&values->dims) != 2 || values->dims.nb_dims != 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "values must be a 1-D tensor [off, on]");
  if (trt_dims_volume(&depth_in->dims) != 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "depth must be a single value");
  int64_t depth;
  if (trt_infer_read_i64(args, 1, &depth, 1) != 1) return TRT_STATUS_INVALID_ARGUMENT;
  if (depth < 0)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "depth %lld is negative",
                          (long long)depth);
  TrtDims out = {.nb_dims = rank};
  for (int d = 0, k = 0; d < rank; d++)
    out.d[d] = d == axis ? depth : indices->dims.d[k++];
  p->axis = axis;
  args->outputs[0].type = values->type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}
