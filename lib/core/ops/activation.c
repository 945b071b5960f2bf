/* Shape inference: activation. */
#include "../ops.h"

TrtStatus trt_infer_activation(TrtInferArgs *args) {
  const TrtActivationParams *p = args->params;
  if ((unsigned)p->type >= TRT_ACTIVATION_COUNT)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "unknown activation %d", p->type);
  if (args->inputs[0].type != TRT_DATA_TYPE_FLOAT)
    return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "activations need float32 input, not %s",
                          trt_data_type_name(args->inputs[0].type));
  if (p->type == TRT_ACTIVATION_CELU && p->alpha == 0)
    return trt_infer_fail(args, TRT_STATUS_INVALID_ARGUMENT, "Celu alpha must not be 0");
  args->outputs[0].type = args->inputs[0].type;
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
