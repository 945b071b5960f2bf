/* Shape inference: topk. */
#include "../ops.h"

TrtStatus trt_infer_topk(TrtInferArgs *args) {
  TrtTopKParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int64_t k;
  int axis;
  if (args->nb_outputs != 2)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "TopK has two outputs (values, indices), not %d", args->nb_outputs);
  if (x->type == TRT_DATA_TYPE_BOOL)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "bool input is not supported");
  if (!trt_normalize_axis(p->axis, x->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "axis %d is out of range for rank %d", p->axis, x->dims.nb_dims);
  if (trt_dims_volume(&args->inputs[1].dims) != 1)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "k must be a single value");
  if (trt_infer_read_i64(args, 1, &k, 1) != 1) return TRT_STATUS_UNSUPPORTED;
  if (k < 0 || k > x->dims.d[axis])
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT,
                          "k = %lld is outside [0, %lld] (the size of axis %d)", (long long)k,
                          (long long)x->dims.d[axis], axis);
  p->axis = axis;
  args->outputs[0].type = x->type;
  args->outputs[0].dims = x->dims;
  args->outputs[0].dims.d[axis] = k;
  args->outputs[1].type = TRT_DATA_TYPE_INT64;
  args->outputs[1].dims = args->outputs[0].dims;
  return TRT_STATUS_OK;
}
