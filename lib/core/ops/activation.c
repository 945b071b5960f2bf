/* Shape inference: activation. Every type takes float32; Relu and Clip also
 * take the integer types (int8, uint8, int32, int64), as ONNX allows. */
#include <math.h>

#include "../ops.h"

TrtStatus trt_infer_check_activation(const TrtInferArgs *args,
                                     const TrtActivationParams *act) {
  if ((unsigned)act->type >= TRT_ACTIVATION_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown activation %d",
                          act->type);
  if (act->type == TRT_ACTIVATION_CELU && act->alpha == 0)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "Celu alpha must not be 0");
  if (act->type == TRT_ACTIVATION_CLIP && (isnan(act->alpha) || isnan(act->beta)))
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "Clip bounds must not be NaN");
  return TRT_STATUS_OK;
}

static bool integer_type(TrtDataType t) {
  return t == TRT_DATA_TYPE_INT8 || t == TRT_DATA_TYPE_UINT8 || t == TRT_DATA_TYPE_INT32 ||
         t == TRT_DATA_TYPE_INT64;
}

TrtStatus trt_infer_activation(TrtInferArgs *args) {
  const TrtActivationParams *p = args->params;
  TrtDataType t = args->inputs[0].type;
  TrtStatus s = trt_infer_check_activation(args, p);
  if (s != TRT_STATUS_OK) return s;
  bool int_ok = p->type == TRT_ACTIVATION_RELU || p->type == TRT_ACTIVATION_CLIP ||
                p->type == TRT_ACTIVATION_NONE;
  if (t != TRT_DATA_TYPE_FLOAT && t != TRT_DATA_TYPE_HALF && !(int_ok && integer_type(t)))
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "%s does not take %s input",
                          trt_activation_type_name(p->type), trt_data_type_name(t));
  args->outputs[0].type = t;
  args->outputs[0].dims = args->inputs[0].dims;
  return TRT_STATUS_OK;
}

const char *trt_activation_type_name(TrtActivationType type) {
  static const char *const names[TRT_ACTIVATION_COUNT] = {
      "None", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "Elu", "Selu",
      "Softplus", "Softsign", "HardSigmoid", "HardSwish", "Gelu", "Mish",
      "ThresholdedRelu", "Celu"};
  return (unsigned)type < TRT_ACTIVATION_COUNT ? names[type] : "Invalid";
}
