/* Shape inference: shape, constant-of-shape, range. */
#include <math.h>
#include <string.h>

#include "../ops.h"

/* [start, end) of Shape per ONNX opset 15: negative from the end, clamped. */
static void shape_range(const TrtShapeParams *p, int rank, int *start, int *end) {
  int s = p->start, e = p->has_end ? p->end : rank;
  if (s < 0) s += rank;
  if (e < 0) e += rank;
  *start = s < 0 ? 0 : (s > rank ? rank : s);
  *end = e < 0 ? 0 : (e > rank ? rank : e);
  if (*end < *start) *end = *start;
}

TrtStatus trt_infer_shape(TrtInferArgs *args) {
  int start, end;
  shape_range(args->params, args->inputs[0].dims.nb_dims, &start, &end);
  args->outputs[0].type = TRT_DATA_TYPE_INT64;
  args->outputs[0].dims = (TrtDims){.nb_dims = 1, .d = {end - start}};
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_constant_of_shape(TrtInferArgs *args) {
  const TrtConstantOfShapeParams *p = args->params;
  int64_t shape[TRT_MAX_DIMS];
  if (args->inputs[0].dims.nb_dims != 1)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the shape input must be 1-D");
  int n = trt_infer_read_i64(args, 0, shape, TRT_MAX_DIMS);
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  if ((unsigned)p->type >= TRT_DATA_TYPE_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown value type");
  TrtDims d = {.nb_dims = n};
  for (int i = 0; i < n; i++) {
    if (shape[i] < 0)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "negative dimension %lld",
                            (long long)shape[i]);
    d.d[i] = shape[i];
  }
  args->outputs[0].type = (TrtDataType)p->type;
  args->outputs[0].dims = d;
  return TRT_STATUS_OK;
}

static bool scalar_value(const TrtShapeView *v, double *out) {
  if (!v->value || trt_dims_volume(&v->dims) != 1) return false;
  switch (v->type) {
  case TRT_DATA_TYPE_FLOAT: *out = *(const float *)v->value; return true;
  case TRT_DATA_TYPE_INT32: *out = *(const int32_t *)v->value; return true;
  case TRT_DATA_TYPE_INT64: *out = (double)*(const int64_t *)v->value; return true;
  case TRT_DATA_TYPE_INT8: *out = *(const int8_t *)v->value; return true;
  case TRT_DATA_TYPE_UINT8: *out = *(const uint8_t *)v->value; return true;
  default: return false;
  }
}

TrtStatus trt_infer_range(TrtInferArgs *args) {
  double v[3];
  for (int i = 0; i < 3; i++) {
    if (args->inputs[i].type != args->inputs[0].type)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "start, limit and delta must have one type");
    if (!scalar_value(&args->inputs[i], &v[i]))
      return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                            "start, limit and delta must be scalars known when the "
                            "engine is built");
  }
  if (v[2] == 0)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "delta is zero");
  double count = ceil((v[1] - v[0]) / v[2]);
  if (!(count < 1e9))
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "range too long");
  args->outputs[0].type = args->inputs[0].type;
  args->outputs[0].dims = (TrtDims){.nb_dims = 1, .d = {count > 0 ? (int64_t)count : 0}};
  return TRT_STATUS_OK;
}
