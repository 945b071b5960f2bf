/* Shape inference: concat, split. */
#include "../ops.h"

TrtStatus trt_infer_concat(TrtInferArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtShapeView *first = &args->inputs[0];
  int rank = first->dims.nb_dims, axis;
  if (!trt_normalize_axis(p->axis, rank, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d out of range for rank %d",
                          p->axis, rank);
  TrtDims out = first->dims;
  out.d[axis] = 0;
  for (int i = 0; i < args->nb_inputs; i++) {
    const TrtShapeView *v = &args->inputs[i];
    if (!v->present || v->type != first->type || v->dims.nb_dims != rank)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "input %d differs from input 0 in type or rank", i);
    for (int k = 0; k < rank; k++)
      if (k != axis && v->dims.d[k] != first->dims.d[k])
        return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                              "input %d has dim %d = %lld, input 0 has %lld", i, k,
                              (long long)v->dims.d[k], (long long)first->dims.d[k]);
    out.d[axis] += v->dims.d[axis];
  }
  args->outputs[0].type = first->type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_split(TrtInferArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int axis, n = args->nb_outputs;
  if (!trt_normalize_axis(p->axis, x->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d out of range", p->axis);
  int64_t len = x->dims.d[axis];
  int64_t sizes[64];
  if (n > 64) return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "too many outputs");
  if (args->nb_inputs > 1 && args->inputs[1].present) {
    int got = trt_infer_read_i64(args, 1, sizes, 64);
    if (got < 0) return TRT_STATUS_UNSUPPORTED;
    if (got != n)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "%d split sizes for %d outputs", got, n);
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
      if (sizes[i] < 0) return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "negative split size");
      sum += sizes[i];
    }
    if (sum != len)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "split sizes add up to %lld, the axis has %lld",
                            (long long)sum, (long long)len);
  } else {
    /* Equal parts; when uneven the last one is smaller (ONNX opset 18). */
    int64_t part = (len + n - 1) / n;
    for (int i = 0; i < n; i++) {
      int64_t left = len - part * i;
      sizes[i] = left < 0 ? 0 : (left < part ? left : part);
    }
  }
  for (int i = 0; i < n; i++) {
    args->outputs[i].type = x->type;
    args->outputs[i].dims = x->dims;
    args->outputs[i].dims.d[axis] = sizes[i];
  }
  return TRT_STATUS_OK;
}
