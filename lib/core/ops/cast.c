/* Shape inference: cast, identity. */
#include "../ops.h"

TrtStatus trt_infer_cast(TrtInferArgs *args) {
  const TrtCastParams *p = args->params;
  if ((unsigned)p->to >= TRT_DATA_TYPE_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown target type %d", p->to);
  args->outputs[0].type = (TrtDataType)p->to;
  args->outputs[0].dims = args->inputs[0].dims;
  return TRT_STATUS_OK;
}

TrtStatus trt_infer_identity(TrtInferArgs *args) {
  args->outputs[0].type = args->inputs[0].type;
  args->outputs[0].dims = args->inputs[0].dims;
  return TRT_STATUS_OK;
}
