/* CPU reference kernels: gather, gather_elements, scatter_elements, one_hot.
 *
 * Indices are int32 or int64; negative ones count from the end of the axis.
 * An index out of range is an error of the run (reported, never read), as
 * is checked before anything is written. Data of any type moves by element
 * size; scatter's reductions compute in the data's type (integers wrap). */
#include <string.h>

#include "int-access.h"

static int64_t index_at(const TrtTensorView *indices, int64_t k) {
  return indices->type == TRT_DATA_TYPE_INT64 ? ((const int64_t *)indices->data)[k]
                                              : ((const int32_t *)indices->data)[k];
}

/* Checks every index against the axis length `len`. */
static TrtStatus check_indices(const TrtKernelArgs *args, const TrtTensorView *indices,
                               int64_t len) {
  int64_t n = trt_dims_volume(&indices->dims);
  for (int64_t k = 0; k < n; k++) {
    int64_t idx = index_at(indices, k);
    if (idx < -len || idx >= len)
      return trt_cpu_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "index %lld (element %lld of the indices) is out of range for an "
                          "axis of %lld",
                          (long long)idx, (long long)k, (long long)len);
  }
  return TRT_STATUS_OK;
}

static int64_t wrap(int64_t idx, int64_t len) { return idx < 0 ? idx + len : idx; }

static TrtStatus run_gather(TrtKernelArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtTensorView *data = &args->inputs[0], *indices = &args->inputs[1];
  int rank = data->dims.nb_dims, axis = p->axis < 0 ? p->axis + rank : p->axis;
  int64_t outer = 1, inner = 1, len = data->dims.d[axis], n = trt_dims_volume(&indices->dims);
  for (int d = 0; d < axis; d++) outer *= data->dims.d[d];
  for (int d = axis + 1; d < rank; d++) inner *= data->dims.d[d];
  TrtStatus s = check_indices(args, indices, len);
  if (s != TRT_STATUS_OK) return s;
  size_t row = (size_t)inner * trt_data_type_size(data->type);
  if (row == 0) return TRT_STATUS_OK;
  const uint8_t *src = data->data;
  uint8_t *dst = args->outputs[0].data;
  for (int64_t o = 0; o < outer; o++)
    for (int64_t k = 0; k < n; k++, dst += row)
      memcpy(dst, src + (size_t)(o * len + wrap(index_at(indices, k), len)) * row, row);
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_gather = {.run = run_gather};

/* Visits every element of `indices` in order, giving the element offset in
 * a tensor of strides `strides` at the same position, the axis excepted. */
typedef struct {
  int rank, axis;
  int64_t idx[TRT_MAX_DIMS];
  const int64_t *dims, *strides;
} ElementWalk;

static int64_t walk_offset(const ElementWalk *w) {
  int64_t off = 0;
  for (int d = 0; d < w->rank; d++)
    if (d != w->axis) off += w->idx[d] * w->strides[d];
  return off;
}

static void walk_next(ElementWalk *w) {
  for (int d = w->rank - 1; d >= 0; d--) {
    if (++w->idx[d] < w->dims[d]) return;
    w->idx[d] = 0;
  }
}

static TrtStatus run_gather_elements(TrtKernelArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtTensorView *data = &args->inputs[0], *indices = &args->inputs[1];
  int rank = data->dims.nb_dims, axis = p->axis < 0 ? p->axis + rank : p->axis;
  int64_t strides[TRT_MAX_DIMS], n = trt_dims_volume(&indices->dims), len = data->dims.d[axis];
  size_t es = trt_data_type_size(data->type);
  TrtStatus s = check_indices(args, indices, len);
  if (s != TRT_STATUS_OK) return s;
  trt_cpu_strides(&data->dims, strides);
  ElementWalk w = {.rank = rank, .axis = axis, .dims = indices->dims.d, .strides = strides};
  const uint8_t *src = data->data;
  uint8_t *dst = args->outputs[0].data;
  for (int64_t k = 0; k < n; k++, walk_next(&w)) {
    int64_t off = walk_offset(&w) + wrap(index_at(indices, k), len) * strides[axis];
    memcpy(dst + (size_t)k * es, src + (size_t)off * es, es);
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_gather_elements = {.run = run_gather_elements};

/* The propagating max/min of floats: NaN wins, as in Max and Min. */
static double reduce_double(int reduction, double a, double b) {
  switch (reduction) {
  case TRT_SCATTER_ADD: return a + b;
  case TRT_SCATTER_MUL: return a * b;
  case TRT_SCATTER_MAX: return a != a || b != b ? a + b : (a > b ? a : b);
  case TRT_SCATTER_MIN: return a != a || b != b ? a + b : (a < b ? a : b);
  default: return b;
  }
}

/* Integers wrap around like C unsigned arithmetic. */
static int64_t reduce_int(int reduction, int64_t a, int64_t b) {
  switch (reduction) {
  case TRT_SCATTER_ADD: return (int64_t)((uint64_t)a + (uint64_t)b);
  case TRT_SCATTER_MUL: return (int64_t)((uint64_t)a * (uint64_t)b);
  case TRT_SCATTER_MAX: return a > b ? a : b;
  case TRT_SCATTER_MIN: return a < b ? a : b;
  default: return b;
  }
}

static TrtStatus run_scatter_elements(TrtKernelArgs *args) {
  const TrtScatterParams *p = args->params;
  const TrtTensorView *data = &args->inputs[0], *indices = &args->inputs[1],
                      *updates = &args->inputs[2];
  TrtTensorView *out = &args->outputs[0];
  int rank = data->dims.nb_dims, axis = p->axis < 0 ? p->axis + rank : p->axis;
  int64_t strides[TRT_MAX_DIMS], n = trt_dims_volume(&indices->dims), len = data->dims.d[axis];
  TrtDataType type = data->type;
  size_t es = trt_data_type_size(type);
  TrtStatus s = check_indices(args, indices, len);
  if (s != TRT_STATUS_OK) return s;
  size_t bytes = (size_t)trt_dims_volume(&data->dims) * es;
  if (bytes && out->data != data->data) memcpy(out->data, data->data, bytes);
  trt_cpu_strides(&data->dims, strides);
  ElementWalk w = {.rank = rank, .axis = axis, .dims = indices->dims.d, .strides = strides};
  for (int64_t k = 0; k < n; k++, walk_next(&w)) {
    int64_t off = walk_offset(&w) + wrap(index_at(indices, k), len) * strides[axis];
    if (p->reduction == TRT_SCATTER_NONE) {
      memcpy((uint8_t *)out->data + (size_t)off * es, (const uint8_t *)updates->data + k * es, es);
    } else if (type == TRT_DATA_TYPE_FLOAT) {
      float *o = (float *)out->data + off;
      *o = (float)reduce_double(p->reduction, *o, ((const float *)updates->data)[k]);
    } else if (trt_cpu_is_float(type)) {
      trt_cpu_store(out->data, type, off,
                    reduce_double(p->reduction, trt_cpu_load(out->data, type, off),
                                  trt_cpu_load(updates->data, type, k)));
    } else {
      trt_cpu_store_int(out->data, type, off,
                        reduce_int(p->reduction, trt_cpu_load_int(out->data, type, off),
                                   trt_cpu_load_int(updates->data, type, k)));
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_scatter_elements = {.run = run_scatter_elements};

/* The index as int64, or false when it is no number (NaN). */
static bool one_hot_index(const TrtTensorView *indices, int64_t k, int64_t *out) {
  if (!trt_cpu_is_float(indices->type)) {
    *out = trt_cpu_load_int(indices->data, indices->type, k);
    return true;
  }
  double v = trt_cpu_load(indices->data, indices->type, k);
  if (!(v > -9.2e18 && v < 9.2e18)) return false;
  *out = (int64_t)v;
  return true;
}

/* Indices outside [-depth, depth) give a row of `off` values (ONNX). */
static TrtStatus run_one_hot(TrtKernelArgs *args) {
  const TrtOneHotParams *p = args->params;
  const TrtTensorView *indices = &args->inputs[0], *values = &args->inputs[2];
  TrtTensorView *out = &args->outputs[0];
  int axis = p->axis < 0 ? p->axis + out->dims.nb_dims : p->axis;
  int64_t depth = out->dims.d[axis], outer = 1, inner = 1, total = trt_dims_volume(&out->dims);
  for (int d = 0; d < axis; d++) outer *= out->dims.d[d];
  for (int d = axis + 1; d < out->dims.nb_dims; d++) inner *= out->dims.d[d];
  size_t es = trt_data_type_size(out->type);
  const uint8_t *off = values->data, *on = off + es;
  uint8_t *dst = out->data;
  for (int64_t i = 0; i < total; i++) memcpy(dst + (size_t)i * es, off, es);
  for (int64_t o = 0; o < outer; o++)
    for (int64_t i = 0; i < inner; i++) {
      int64_t idx;
      if (!one_hot_index(indices, o * inner + i, &idx) || idx < -depth || idx >= depth) continue;
      idx = wrap(idx, depth);
      memcpy(dst + (size_t)((o * depth + idx) * inner + i) * es, on, es);
    }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_one_hot = {.run = run_one_hot};
