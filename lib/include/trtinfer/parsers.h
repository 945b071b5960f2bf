/* trtinfer — model parsers: ONNX (and later Caffe, TensorFlow/UFF).
 *
 * ONNX
 * ----
 * Two ways in. The one-call functions parse a file or a buffer into a
 * network the caller made:
 *
 *   TrtNetwork *net = trt_builder_create_network(builder);
 *   if (trt_onnx_parse_file(net, "mnist.onnx", logger) != TRT_STATUS_OK) ...
 *
 * and the TensorRT-style objects (IOnnxConfig / IONNXParser):
 *
 *   TrtOnnxConfig *cfg = trt_onnx_config_new();
 *   trt_onnx_config_set_model_file_name(cfg, "mnist.onnx");
 *   trt_onnx_config_set_print_layer_info(cfg, true);
 *   TrtOnnxParser *p = trt_onnx_parser_new(cfg);
 *   trt_onnx_parser_parse(p, trt_onnx_config_get_model_file_name(cfg),
 *                         trt_onnx_config_get_model_dtype(cfg));
 *   trt_onnx_parser_convert_to_network(p);
 *   TrtNetwork *net = trt_onnx_parser_get_network(p);  (owned by p)
 *
 * What the parser does with a model:
 * - Opsets 7 to 17 of the default domain (newer ones where the operator kept
 *   its meaning); IR version 3 and up. Other domains are refused.
 * - Graph inputs that are also initializers are weights, not inputs.
 * - Initializers may keep their bytes in external files next to the model
 *   (`location`, `offset`, `length`).
 * - A symbolic or missing dimension becomes -1. A -1 first dimension is the
 *   batch (the builder's max batch); any other -1 must be given before
 *   building (trt_network_set_input_dims, or `--input-shape` in the CLI).
 * - DOUBLE tensors are computed in float32: initializers, constants, inputs,
 *   outputs and casts to double all become float32.
 * - Unsupported operators, attributes or types fail with a message naming
 *   the file, the node (name or index), its op type and the opset. Bad bytes
 *   fail with a message naming the file; nothing crashes.
 */
#ifndef TRTINFER_PARSERS_H
#define TRTINFER_PARSERS_H

#include <trtinfer/logger.h>
#include <trtinfer/network.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- one call ------------------------------------------------------------ */

/* Parses an ONNX model file into `network` (inputs, layers and outputs are
 * added). External data files are looked up next to the model. */
TRT_API TrtStatus trt_onnx_parse_file(TrtNetwork *network, const char *path,
                                      TrtLogger *logger);
/* The same from a buffer. `base_dir` is where external data files are
 * (NULL: external data is refused). */
TRT_API TrtStatus trt_onnx_parse_memory(TrtNetwork *network, const void *data,
                                        size_t size, const char *base_dir,
                                        TrtLogger *logger);

/* ---- TensorRT-style configuration and parser ---------------------------- */

typedef struct TrtOnnxConfig TrtOnnxConfig;
typedef struct TrtOnnxParser TrtOnnxParser;

/* Defaults: no file, dtype FLOAT, no layer info, verbosity WARNING, messages
 * printed to stderr. */
TRT_API TrtOnnxConfig *trt_onnx_config_new(void);
TRT_API void trt_onnx_config_free(TrtOnnxConfig *config);
TRT_API void trt_onnx_config_set_model_file_name(TrtOnnxConfig *config,
                                                 const char *path);
TRT_API const char *trt_onnx_config_get_model_file_name(
    const TrtOnnxConfig *config);
/* The precision the model is meant to run in: FLOAT or HALF. The network is
 * always made in float32; HALF is a hint for the builder's precision. */
TRT_API void trt_onnx_config_set_model_dtype(TrtOnnxConfig *config,
                                             TrtDataType dtype);
TRT_API TrtDataType trt_onnx_config_get_model_dtype(
    const TrtOnnxConfig *config);
/* Log each layer made (name, kind, inputs, outputs) at INFO. */
TRT_API void trt_onnx_config_set_print_layer_info(TrtOnnxConfig *config,
                                                  bool print);
TRT_API bool trt_onnx_config_get_print_layer_info(const TrtOnnxConfig *config);
/* After converting, log a summary of the model (IR, opset, producer, node
 * counts per op type, inputs and outputs) at INFO. */
TRT_API void trt_onnx_config_report_parsing_info(TrtOnnxConfig *config);
/* Verbosity is the least severe message shown: add_verbosity shows one
 * level more (towards VERBOSE), reduce_verbosity one less. */
TRT_API void trt_onnx_config_add_verbosity(TrtOnnxConfig *config);
TRT_API void trt_onnx_config_reduce_verbosity(TrtOnnxConfig *config);
TRT_API void trt_onnx_config_set_verbosity_level(TrtOnnxConfig *config,
                                                 TrtSeverity level);
TRT_API TrtSeverity trt_onnx_config_get_verbosity_level(
    const TrtOnnxConfig *config);
/* Send messages to `logger` (not owned) instead of stderr; the verbosity
 * level still filters them. NULL returns to stderr. */
TRT_API void trt_onnx_config_set_logger(TrtOnnxConfig *config,
                                        TrtLogger *logger);

/* The parser keeps a copy of the config's settings. */
TRT_API TrtOnnxParser *trt_onnx_parser_new(const TrtOnnxConfig *config);
TRT_API void trt_onnx_parser_free(TrtOnnxParser *parser);
/* Reads and decodes the model file (dtype as in set_model_dtype). */
TRT_API TrtStatus trt_onnx_parser_parse(TrtOnnxParser *parser,
                                        const char *path, TrtDataType dtype);
/* Makes the network from the parsed model. */
TRT_API TrtStatus trt_onnx_parser_convert_to_network(TrtOnnxParser *parser);
/* The network made by convert_to_network (NULL before); it belongs to the
 * parser and lives until trt_onnx_parser_free. */
TRT_API TrtNetwork *trt_onnx_parser_get_network(TrtOnnxParser *parser);

/* ---- tensors on the host and TensorProto files --------------------------- */

/* A tensor in host memory: `size` bytes of `type` laid out row-major as
 * `dims`. `name` may be empty. */
typedef struct {
  char *name;
  TrtDataType type;
  TrtDims dims;
  void *data;
  size_t size;
} TrtHostTensor;

/* Reads a serialized onnx.TensorProto (.pb, as in ONNX test data sets).
 * DOUBLE data is converted to float32. Errors name the file. */
TRT_API TrtStatus trt_onnx_read_tensor_file(const char *path,
                                            TrtHostTensor *out,
                                            TrtLogger *logger);
/* Decodes a TensorProto from a buffer. */
TRT_API TrtStatus trt_onnx_read_tensor(const void *data, size_t size,
                                       TrtHostTensor *out, TrtLogger *logger);
/* Writes a TensorProto with its bytes in raw_data. */
TRT_API TrtStatus trt_onnx_write_tensor_file(const char *path,
                                             const TrtHostTensor *tensor,
                                             TrtLogger *logger);
/* Frees name and data and zeroes the struct (the struct itself is the
 * caller's). NULL-safe. */
TRT_API void trt_host_tensor_free(TrtHostTensor *tensor);

#ifdef __cplusplus
}
#endif
#endif
