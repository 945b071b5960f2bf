/* Shape inference: concat split. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_concat(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_split(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

