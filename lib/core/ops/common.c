/* Helpers shared by the shape inference of every layer kind. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../ops.h"

TrtStatus trt_infer_fail(const TrtInferArgs *args, TrtStatus status,
                         const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const TrtOpInfo *info = trt_op_info(args->type);
  trt_log(args->logger, TRT_SEVERITY_ERROR, "layer '%s' (%s): %s",
          args->layer_name ? args->layer_name : "?", info ? info->name : "?", msg);
  return status;
}

int trt_infer_read_i64(const TrtInferArgs *args, int i, int64_t *out, int max) {
  if (i >= args->nb_inputs || !args->inputs[i].present) return -1;
  const TrtShapeView *v = &args->inputs[i];
  int64_t n = trt_dims_volume(&v->dims);
  if (!v->value) {
    trt_infer_fail(args, TRT_STATUS_UNSUPPORTED,
                   "input %d must be known when the engine is built (a constant "
                   "or computed from shapes), but it depends on runtime data", i);
    return -1;
  }
  if (n < 0 || n > max) {
    trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                   "input %d has %lld values, at most %d are allowed", i,
                   (long long)n, max);
    return -1;
  }
  for (int64_t k = 0; k < n; k++) {
    switch (v->type) {
    case TRT_DATA_TYPE_INT64: out[k] = ((const int64_t *)v->value)[k]; break;
    case TRT_DATA_TYPE_INT32: out[k] = ((const int32_t *)v->value)[k]; break;
    case TRT_DATA_TYPE_INT8: out[k] = ((const int8_t *)v->value)[k]; break;
    case TRT_DATA_TYPE_UINT8: out[k] = ((const uint8_t *)v->value)[k]; break;
    case TRT_DATA_TYPE_BOOL: out[k] = ((const uint8_t *)v->value)[k] != 0; break;
    case TRT_DATA_TYPE_FLOAT: out[k] = (int64_t)((const float *)v->value)[k]; break;
    default:
      trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "input %d: type %s cannot be read as integers",
                     i, trt_data_type_name(v->type));
      return -1;
    }
  }
  return (int)n;
}

bool trt_normalize_axis(int64_t axis, int rank, int *out) {
  if (axis < -rank || axis >= rank) {
    /* A scalar has no axes, but many ops allow axis 0 / -1 on rank 0. */
    return false;
  }
  *out = (int)(axis < 0 ? axis + rank : axis);
  return true;
}

bool trt_broadcast_dims(const TrtDims *a, const TrtDims *b, TrtDims *out) {
  int rank = a->nb_dims > b->nb_dims ? a->nb_dims : b->nb_dims;
  TrtDims r = {.nb_dims = rank};
  for (int i = 0; i < rank; i++) {
    int ia = i - (rank - a->nb_dims), ib = i - (rank - b->nb_dims);
    int64_t da = ia >= 0 ? a->d[ia] : 1, db = ib >= 0 ? b->d[ib] : 1;
    if (da == db || db == 1)
      r.d[i] = da;
    else if (da == 1)
      r.d[i] = db;
    else
      return false;
  }
  *out = r;
  return true;
}
