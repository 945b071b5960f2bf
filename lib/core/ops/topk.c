/* Shape inference: topk. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_topk(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

