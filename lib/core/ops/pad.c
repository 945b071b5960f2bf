/* Shape inference: pad. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_pad(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

