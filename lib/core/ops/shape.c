/* Shape inference: shape, constant-of-shape, range. */
#include <math.h>
#include <string.h>

#include "../ops.h"
#include "../util.h"

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
  TrtConstantOfShapeParams *p = args->params;
  int64_t shape[TRT_MAX_DIMS];
  if ((unsigned)p->type >= TRT_DATA_TYPE_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown value type %d", p->type);
  if (args->inputs[0].dims.nb_dims != 1)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the shape input must be 1-D");
  int n = trt_infer_read_i64(args, 0, shape, TRT_MAX_DIMS);
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  /* A bool fill must be stored as 0 or 1, whatever byte was given. */
  if (p->type == TRT_DATA_TYPE_BOOL) p->value[0] = p->value[0] != 0;
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

static bool is_integer(TrtDataType t) {
  return t == TRT_DATA_TYPE_INT8 || t == TRT_DATA_TYPE_UINT8 || t == TRT_DATA_TYPE_INT32 ||
         t == TRT_DATA_TYPE_INT64;
}

static int64_t int_value(const TrtShapeView *v) {
  switch (v->type) {
  case TRT_DATA_TYPE_INT8: return *(const int8_t *)v->value;
  case TRT_DATA_TYPE_UINT8: return *(const uint8_t *)v->value;
  case TRT_DATA_TYPE_INT32: return *(const int32_t *)v->value;
  default: return *(const int64_t *)v->value;
  }
}

static double float_value(const TrtShapeView *v) {
  if (v->type == TRT_DATA_TYPE_HALF) return trt_half_to_float(*(const uint16_t *)v->value);
  return *(const float *)v->value;
}

/* ceil(span / step) for a span of either sign, exactly, in uint64. */
static uint64_t int_range_length(int64_t start, int64_t limit, int64_t delta) {
  bool up = delta > 0;
  if (up ? limit <= start : limit >= start) return 0;
  uint64_t span = up ? (uint64_t)limit - (uint64_t)start : (uint64_t)start - (uint64_t)limit;
  uint64_t step = up ? (uint64_t)delta : 0 - (uint64_t)delta;
  return span / step + (span % step != 0);
}

/* Length max(ceil((limit - start) / delta), 0) as ONNX defines it, exact
 * for integers; the float span is taken in the input's precision. */
TrtStatus trt_infer_range(TrtInferArgs *args) {
  TrtDataType type = args->inputs[0].type;
  for (int i = 0; i < 3; i++) {
    const TrtShapeView *v = &args->inputs[i];
    if (v->type != type)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "start, limit and delta must have one type");
    if (trt_dims_volume(&v->dims) != 1)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "start, limit and delta must be scalars");
    if (!v->value)
      return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                            "start, limit and delta must be known when the engine is "
                            "built (constants or computed from shapes)");
  }
  uint64_t length;
  if (is_integer(type)) {
    int64_t start = int_value(&args->inputs[0]), limit = int_value(&args->inputs[1]);
    int64_t delta = int_value(&args->inputs[2]);
    if (delta == 0)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "delta is zero");
    length = int_range_length(start, limit, delta);
  } else if (type == TRT_DATA_TYPE_FLOAT || type == TRT_DATA_TYPE_HALF) {
    double start = float_value(&args->inputs[0]), limit = float_value(&args->inputs[1]);
    double delta = float_value(&args->inputs[2]);
    if (delta == 0 || !isfinite(start) || !isfinite(limit) || !isfinite(delta))
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "delta must be non-zero and all three finite");
    double span = type == TRT_DATA_TYPE_FLOAT ? (float)(limit - start) : limit - start;
    double count = ceil(span / delta);
    length = count > 0 ? (count < 1e18 ? (uint64_t)count : UINT64_MAX) : 0;
  } else {
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "Range does not take %s",
                          trt_data_type_name(type));
  }
  if (length > (uint64_t)INT32_MAX)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "range of %llu elements is too long",
                          (unsigned long long)length);
  args->outputs[0].type = type;
  args->outputs[0].dims = (TrtDims){.nb_dims = 1, .d = {(int64_t)length}};
  return TRT_STATUS_OK;
}
