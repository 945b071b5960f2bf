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
    if (v->dims.d[axis] > INT64_MAX - out.d[axis])
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "the concatenated axis overflows");
    out.d[axis] += v->dims.d[axis];
  }
  args->outputs[0].type = first->type;
  args->outputs[0].dims = out;
  return TRT_STATUS_OK;
}

/* Split sizes from input 1 (an empty tensor counts as absent), else equal
 * parts of ceil(len / n) with a smaller (possibly empty) last one, as ONNX
 * Split-18 defines them. */
TrtStatus trt_infer_split(TrtInferArgs *args) {
  const TrtAxisParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int axis, n = args->nb_outputs;
  if (!trt_normalize_axis(p->axis, x->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d out of range for rank %d",
                          p->axis, x->dims.nb_dims);
  int64_t len = x->dims.d[axis];
  int64_t sizes[16];
  if (n > 16) return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%d outputs, at most 16", n);
  const TrtShapeView *given = args->nb_inputs > 1 && args->inputs[1].present ? &args->inputs[1] : NULL;
  if (given && trt_dims_volume(&given->dims) == 0) given = NULL;
  if (given) {
    if ((given->type != TRT_DATA_TYPE_INT64 && given->type != TRT_DATA_TYPE_INT32) ||
        given->dims.nb_dims != 1)
      return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                            "split sizes must be a 1-D int64 tensor");
    int got = trt_infer_read_i64(args, 1, sizes, 16);
    if (got < 0) return TRT_STATUS_INVALID_ARGUMENT;
    if (got != n)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "%d split sizes for %d outputs", got, n);
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
      if (sizes[i] < 0 || sizes[i] > len - sum)
        return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                              "split sizes must be >= 0 and add up to the axis's %lld",
                              (long long)len);
      sum += sizes[i];
    }
    if (sum != len)
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR, "split sizes add up to %lld, the axis has %lld",
                            (long long)sum, (long long)len);
  } else {
    int64_t part = len / n + (len % n != 0);
    if (part > 0 && n - 1 > len / part) /* part * (n - 1) > len, without overflow */
      return trt_infer_fail(args, TRT_STATUS_SHAPE_ERROR,
                            "an axis of %lld does not split into %d parts of %lld", (long long)len,
                            n, (long long)part);
    for (int i = 0; i < n; i++) sizes[i] = i < n - 1 ? part : len - part * (n - 1);
  }
  for (int i = 0; i < n; i++) {
    args->outputs[i].type = x->type;
    args->outputs[i].dims = x->dims;
    args->outputs[i].dims.d[axis] = sizes[i];
  }
  return TRT_STATUS_OK;
}
