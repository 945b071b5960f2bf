/* Shape inference: softmax. */
#include "../ops.h"

TrtStatus trt_infer_softmax(TrtInferArgs *args) {
  const TrtSoftmaxParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int axis;
  if (x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "softmax needs float32 input");
  if (x->dims.nb_dims == 0 ? (p->axis != 0 && p->axis != -1)
                           : !trt_normalize_axis(p->axis, x->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, x->dims.nb_dims);
  args->outputs[0] = *x;
  args->outputs[0].value = NULL;
  return TRT_STATUS_OK;
}
