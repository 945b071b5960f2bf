/* Which layers the CUDA kernels take: the float32-only families need
 * float32 operands, and shape-like operands that a kernel reads on the host
 * (pads, slice bounds, the cumsum axis) must be known before running. The
 * builder runs any other layer on the CPU. */
#include "cuda-impl.h"

static bool all_float(const TrtTensorView *inputs, int nb_inputs) {
  for (int i = 0; i < nb_inputs; i++)
    if (inputs[i].present && inputs[i].type != TRT_DATA_TYPE_FLOAT) return false;
  return true;
}

/* Float32 operands, or (FP16 engines) float16 data operands first and
 * float32 ones after: the convolution's bias. */
static bool float_or_half(const TrtTensorView *inputs, int nb_inputs, int nb_data) {
  if (all_float(inputs, nb_inputs)) return true;
  for (int i = 0; i < nb_inputs; i++)
    if (inputs[i].present &&
        inputs[i].type != (i < nb_data ? TRT_DATA_TYPE_HALF : TRT_DATA_TYPE_FLOAT))
      return false;
  return true;
}

static bool known_from(const TrtTensorView *inputs, int nb_inputs, int first) {
  for (int i = first; i < nb_inputs; i++)
    if (inputs[i].present && !inputs[i].host_value) return false;
  return true;
}

static bool is_index(TrtDataType t) {
  return t == TRT_DATA_TYPE_INT32 || t == TRT_DATA_TYPE_INT64;
}

bool trt_cuda_supports(TrtLayerType type, const void *params, const TrtTensorView *inputs,
                       int nb_inputs) {
  switch (type) {
  case TRT_LAYER_CONVOLUTION:
  case TRT_LAYER_DECONVOLUTION: {
    const TrtConvolutionParams *p = params;
    /* A residual input: CPU engines fuse those (TrtConvolutionParams). */
    bool residual = nb_inputs > 3 && inputs[3].present;
    return !residual && p->nb_spatial >= 1 && p->nb_spatial <= TRT_MAX_SPATIAL && p->groups >= 1 &&
           (type == TRT_LAYER_CONVOLUTION ? float_or_half(inputs, nb_inputs, 2)
                                          : all_float(inputs, nb_inputs));
  }
  case TRT_LAYER_POOLING:
  case TRT_LAYER_ACTIVATION:
    return float_or_half(inputs, nb_inputs, 1);
  case TRT_LAYER_MATMUL:
  case TRT_LAYER_GEMM:
  case TRT_LAYER_SOFTMAX:
  case TRT_LAYER_NORMALIZATION:
  case TRT_LAYER_LRN:
  case TRT_LAYER_SCALE:
    return all_float(inputs, nb_inputs);
  case TRT_LAYER_PAD:
    /* pads and axes are read here; the fill value is read on the device */
    return nb_inputs > 1 && inputs[1].host_value && (nb_inputs < 4 || known_from(inputs, 4, 3));
  case TRT_LAYER_SLICE:
    return known_from(inputs, nb_inputs, 1);
  case TRT_LAYER_CUMSUM:
    return nb_inputs > 1 && inputs[1].host_value;
  case TRT_LAYER_GATHER:
  case TRT_LAYER_GATHER_ELEMENTS:
    return nb_inputs > 1 && is_index(inputs[1].type);
  default:
    return true;
  }
}

bool trt_cuda_supports_half(TrtLayerType type, const void *params, const TrtTensorView *inputs,
                            int nb_inputs) {
  (void)inputs;
  (void)nb_inputs;
  switch (type) {
  case TRT_LAYER_CONVOLUTION:
  case TRT_LAYER_ACTIVATION:
  case TRT_LAYER_ELEMENTWISE:
  case TRT_LAYER_CONCAT:
  case TRT_LAYER_FLATTEN: return true;
  case TRT_LAYER_POOLING: {
    const TrtPoolingParams *p = params;
    return p->type == TRT_POOLING_MAX || p->type == TRT_POOLING_AVERAGE;
  }
  default: return false;
  }
}
