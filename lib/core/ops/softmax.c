/* Shape inference: softmax and log-softmax (float32). A scalar is
 * normalized over itself with axis 0 or -1. */
#include "../ops.h"

TrtStatus trt_infer_softmax(TrtInferArgs *args) {
  const TrtSoftmaxParams *p = args->params;
  const TrtShapeView *x = &args->inputs[0];
  int axis;
  if (x->type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "softmax needs float32 input, not %s",
                          trt_data_type_name(x->type));
  if (x->dims.nb_dims == 0 ? (p->axis != 0 && p->axis != -1)
                           : !trt_normalize_axis(p->axis, x->dims.nb_dims, &axis))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "axis %d is out of range for rank %d",
                          p->axis, x->dims.nb_dims);
  args->outputs[0].type = x->type;
  args->outputs[0].dims = x->dims;
  return TRT_STATUS_OK;
}
