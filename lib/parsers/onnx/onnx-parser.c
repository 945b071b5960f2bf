/* ONNX parser. (stub: to be written) */
#include <trtinfer/parsers.h>
#include "onnx.pb-c.h"

TrtStatus trt_onnx_parse_file(TrtNetwork *network, const char *path, TrtLogger *logger) {
  trt_log(logger, TRT_SEVERITY_ERROR, "%s: the ONNX parser is not written yet", path);
  (void)network;
  return TRT_STATUS_UNSUPPORTED;
}
