/* Shape inference: resize. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_resize(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

