/* Shape inference: softmax. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_softmax(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

