/* Shape inference: matmul gemm. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_matmul(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_gemm(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

