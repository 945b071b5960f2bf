/* Shape inference: reshape transpose flatten squeeze unsqueeze expand tile depth_to_space. (stub: to be written) */
#include "../ops.h"

TrtStatus trt_infer_reshape(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_transpose(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_flatten(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_squeeze(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_unsqueeze(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_expand(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_tile(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

TrtStatus trt_infer_depth_to_space(TrtInferArgs *args) {
  return trt_infer_fail(args, TRT_STATUS_UNSUPPORTED, "not implemented yet");
}

