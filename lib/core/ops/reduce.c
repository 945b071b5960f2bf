/* Shape inference: reduce arg_reduce cumsum. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_reduce(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_arg_reduce(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_cumsum(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

