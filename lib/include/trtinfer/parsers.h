/* trtinfer — model parsers: ONNX (and later Caffe, TensorFlow/UFF). */
#ifndef TRTINFER_PARSERS_H
#define TRTINFER_PARSERS_H

#include <trtinfer/logger.h>
#include <trtinfer/network.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One call: parse an ONNX model file into `network` (inputs, layers and
 * outputs are added). Errors name the file, the node, its op and opset. */
TRT_API TrtStatus trt_onnx_parse_file(TrtNetwork *network, const char *path,
                                      TrtLogger *logger);

#ifdef __cplusplus
}
#endif
#endif
