/* Shape inference: slice; also the value readers and the slice resolver
 * shared with the kernels (see movement.h). */
#include <stdio.h>

#include "movement.h"
#include "../util.h"

int trt_values_read_i64(TrtDataType type, const TrtDims *dims, const void *values,
                        int64_t *out, int max) {
  int64_t n = trt_dims_volume(dims);
  if (!values || n < 0 || n > max) return -1;
  for (int64_t k = 0; k < n; k++) {
    switch (type) {
    case TRT_DATA_TYPE_INT64: out[k] = ((const int64_t *)values)[k]; break;
    case TRT_DATA_TYPE_INT32: out[k] = ((const int32_t *)values)[k]; break;
    case TRT_DATA_TYPE_INT8: out[k] = ((const int8_t *)values)[k]; break;
    case TRT_DATA_TYPE_UINT8: out[k] = ((const uint8_t *)values)[k]; break;
    default: return -1;
    }
  }
  return (int)n;
}

int trt_values_read_f64(TrtDataType type, const TrtDims *dims, const void *values,
                        double *out, int max) {
  int64_t n = trt_dims_volume(dims);
  if (!values || n < 0 || n > max) return -1;
  for (int64_t k = 0; k < n; k++) {
    switch (type) {
    case TRT_DATA_TYPE_FLOAT: out[k] = ((const float *)values)[k]; break;
    case TRT_DATA_TYPE_HALF: out[k] = trt_half_to_float(((const uint16_t *)values)[k]); break;
    default: return -1;
    }
  }
  return (int)n;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

bool trt_slice_resolve(const TrtDims *in, int n, const int64_t *starts,
                       const int64_t *ends, const int64_t *axes,
                       const int64_t *steps, TrtSliceRegion *r, char *why,
                       size_t why_size) {
  int rank = in->nb_dims;
  bool seen[TRT_MAX_DIMS] = {0};
  r->out = *in;
  for (int d = 0; d < rank; d++) {
    r->start[d] = 0;
    r->step[d] = 1;
  }
  if (n > rank) {
    snprintf(why, why_size, "%d starts for an input of rank %d", n, rank);
    return false;
  }
  for (int i = 0; i < n; i++) {
    int64_t a = axes ? axes[i] : i, step = steps ? steps[i] : 1;
    int d;
    if (!trt_normalize_axis(a, rank, &d) || seen[d]) {
      snprintf(why, why_size, "axis %lld is out of range for rank %d or repeated",
               (long long)a, rank);
      return false;
    }
    seen[d] = true;
    if (step == 0) {
      snprintf(why, why_size, "step of axis %d is 0", d);
      return false;
    }
    int64_t len = in->d[d], start = starts[i], end = ends[i];
    /* Adding len to a negative value cannot overflow: len >= 0. */
    if (start < 0) start += len;
    if (end < 0) end += len;
    /* Forwards, start and end clamp into [0, len]; backwards, start into
     * [0, len - 1] and end into [-1, len - 1], -1 being "before the first". */
    if (step > 0) {
      start = clamp64(start, 0, len);
      end = clamp64(end, 0, len);
    } else {
      start = clamp64(start, len ? 0 : -1, len - 1);
      end = clamp64(end, -1, len - 1);
    }
    /* Both are now within [-1, len], so the distance cannot overflow; the
     * step's magnitude is taken in unsigned arithmetic for INT64_MIN. */
    int64_t distance = step > 0 ? end - start : start - end;
    uint64_t magnitude = step > 0 ? (uint64_t)step : 0 - (uint64_t)step;
    r->out.d[d] = distance > 0 ? (int64_t)(((uint64_t)distance - 1) / magnitude + 1) : 0;
    r->start[d] = start;
    r->step[d] = step;
  }
  return true;
}

/* Reads input i (1-D INT32/INT64) whose values must be known at build. */
static int read_indices(TrtInferArgs *args, int i, int64_t *out) {
  const TrtShapeView *v = &args->inputs[i];
  if ((v->type != TRT_DATA_TYPE_INT32 && v->type != TRT_DATA_TYPE_INT64) ||
      v->dims.nb_dims != 1) {
    trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                   "input %d must be a 1-D int32 or int64 tensor", i);
    return -1;
  }
  return trt_infer_read_i64(args, i, out, TRT_MAX_DIMS);
}

static bool has_input(const TrtInferArgs *args, int i) {
  return i < args->nb_inputs && args->inputs[i].present;
}

TrtStatus trt_infer_slice(TrtInferArgs *args) {
  const TrtShapeView *x = &args->inputs[0];
  int64_t starts[TRT_MAX_DIMS], ends[TRT_MAX_DIMS], axes[TRT_MAX_DIMS], steps[TRT_MAX_DIMS];
  int n = read_indices(args, 1, starts);
  if (n < 0) return TRT_STATUS_INVALID_ARGUMENT;
  int counts[3] = {read_indices(args, 2, ends), n, n};
  if (counts[0] < 0) return TRT_STATUS_INVALID_ARGUMENT;
  if (has_input(args, 3) && (counts[1] = read_indices(args, 3, axes)) < 0)
    return TRT_STATUS_INVALID_ARGUMENT;
  if (has_input(args, 4) && (counts[2] = read_indices(args, 4, steps)) < 0)
    return TRT_STATUS_INVALID_ARGUMENT;
  if (counts[0] != n || counts[1] != n || counts[2] != n)
    return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                          "starts, ends, axes and steps have %d, %d, %d and %d values: "
                          "they must have as many", n, counts[0], counts[1], counts[2]);
  TrtSliceRegion region;
  char why[160];
  if (!trt_slice_resolve(&x->dims, n, starts, ends, has_input(args, 3) ? axes : NULL,
                         has_input(args, 4) ? steps : NULL, &region, why, sizeof why))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "%s", why);
  args->outputs[0].type = x->type;
  args->outputs[0].dims = region.out;
  return TRT_STATUS_OK;
}
