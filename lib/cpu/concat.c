/* CPU reference kernels: concat and split, as row copies around the axis.
 * Concat splits its rows over OpenMP threads when it has enough of them:
 * between convolutions the maps are channels-last and a row is a pixel,
 * and the threads take contiguous pixel ranges, as the convolutions that
 * wrote them split their work, so each mostly copies what its core wrote
 * (SqueezeNet at 2 threads: 3.3 -> 3.15 ms a run; one thread copying read
 * half of it from the other core's cache). */
#include <string.h>

#include "cpu-impl.h"
#ifdef _OPENMP
#include "dnnl/dnnl-threads.h"
#endif

/* Elements before the axis (outer) and from the axis on, per unit of axis. */
static void around_axis(const TrtDims *d, int axis, int64_t *outer, int64_t *inner) {
  *outer = 1;
  *inner = 1;
  for (int i = 0; i < axis; i++) *outer *= d->d[i];
  for (int i = axis + 1; i < d->nb_dims; i++) *inner *= d->d[i];
}

/* Dims in the order the elements are stored, and where the axis went: a
 * channels-last N,C,H,W is stored N,H,W,C. The pass stores all of a
 * concat's operands one way (core/passes/cpu-channels-last.c). */
static TrtDims stored_dims(const TrtTensorView *v, int *axis) {
  if (!v->channels_last || v->dims.nb_dims != 4) return v->dims;
  static const int position[4] = {0, 3, 1, 2};
  *axis = position[*axis];
  return (TrtDims){.nb_dims = 4, .d = {v->dims.d[0], v->dims.d[2], v->dims.d[3], v->dims.d[1]}};
}

static TrtStatus run_concat(TrtKernelArgs *args) {
  const TrtAxisParams *p = args->params;
  TrtTensorView *out = &args->outputs[0];
  int rank = out->dims.nb_dims;
  int axis = p->axis < 0 ? p->axis + rank : p->axis;
  for (int i = 0; i < args->nb_inputs; i++)
    if (args->inputs[i].channels_last != out->channels_last)
      return trt_cpu_fail(args, TRT_STATUS_INTERNAL_ERROR,
                          "concat operands are stored in different orders");
  size_t es = trt_data_type_size(out->type);
  TrtDims out_dims = stored_dims(out, &axis);
  int64_t outer, inner;
  around_axis(&out_dims, axis, &outer, &inner);
  size_t out_row = (size_t)(out_dims.d[axis] * inner) * es;
#ifdef _OPENMP
  /* Each value is read once and written once. */
  double values = 2.0 * (double)outer * (double)(out_dims.d[axis] * inner);
  int threads = trt_dnnl_threads_for((TrtDnnlWork){.values = values});
#pragma omp parallel num_threads(threads > 1 ? threads : 1) if (threads > 1)
#endif
  {
    size_t offset = 0;
    for (int i = 0; i < args->nb_inputs; i++) {
      const TrtTensorView *in = &args->inputs[i];
      int in_axis = p->axis < 0 ? p->axis + rank : p->axis;
      TrtDims in_dims = stored_dims(in, &in_axis);
      size_t row = (size_t)(in_dims.d[in_axis] * inner) * es;
#ifdef _OPENMP
#pragma omp for schedule(static) nowait
#endif
      for (int64_t o = 0; o < outer; o++)
        if (row)
          memcpy((uint8_t *)out->data + o * out_row + offset,
                 (const uint8_t *)in->data + o * row, row);
      offset += row;
    }
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_concat = {.run = run_concat};

static TrtStatus run_split(TrtKernelArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtTensorView *in = &args->inputs[0];
  int rank = in->dims.nb_dims;
  int axis = p->axis < 0 ? p->axis + rank : p->axis;
  size_t es = trt_data_type_size(in->type);
  int64_t outer, inner;
  around_axis(&in->dims, axis, &outer, &inner);
  size_t in_row = (size_t)(in->dims.d[axis] * inner) * es, offset = 0;
  for (int i = 0; i < args->nb_outputs; i++) {
    TrtTensorView *out = &args->outputs[i];
    size_t row = (size_t)(out->dims.d[axis] * inner) * es;
    for (int64_t o = 0; o < outer && row; o++)
      memcpy((uint8_t *)out->data + o * row, (const uint8_t *)in->data + o * in_row + offset, row);
    offset += row;
  }
  return TRT_STATUS_OK;
}
const TrtKernel trt_cpu_split = {.run = run_split};
