/* Shape inference: slice. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_slice(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

