/* Shape inference: convolution deconvolution. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_convolution(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_deconvolution(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

