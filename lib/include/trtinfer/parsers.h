/* trtinfer — model parsers: ONNX, Caffe (and later TensorFlow/UFF).
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
 * - Opsets 7 to 18 of the default domain (older ones are read with their
 *   opset-7 meaning, newer ones as opset 18); IR version 3 and up. Other
 *   domains (ai.onnx.ml, training, custom) are refused.
 * - Graph inputs that are also initializers are weights, not inputs.
 * - Initializers may keep their bytes in external files next to the model
 *   (`location`, `offset`, `length`; locations outside the model's folder
 *   are refused).
 * - A symbolic or missing dimension becomes -1. A -1 first dimension is the
 *   batch (the builder's max batch); any other -1 must be given before
 *   building (trt_network_set_input_dims, or `--input-shape` in the CLI).
 * - Arguments that ONNX passes as tensors (Reshape's shape, Resize's scales,
 *   TopK's k, ...) stay layer inputs; the builder needs their values, so
 *   they must be constants or computed from shapes.
 * - Floating point is computed in float32: DOUBLE, FLOAT16 and BFLOAT16
 *   initializers, constants, inputs, outputs and casts become float32 (a
 *   Cast to FLOAT16 still rounds to half precision). Integer types without
 *   a counterpart are widened: INT16 and UINT16 to int32, UINT32 and UINT64
 *   to int64. STRING and complex types are refused.
 * - Operators without a layer of their own are made of several layers
 *   (Sum/Mean, Hardmax, Trilu, EyeLike, Einsum without diagonals, the loss
 *   operators, Quantize/DequantizeLinear and the integer products, ...).
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
 * Types are mapped as the parser maps them (DOUBLE, FLOAT16 and BFLOAT16
 * become float32, INT16/UINT16 int32, UINT32/UINT64 int64). External data
 * is looked up next to the file. Errors name the file. */
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

/* ---- Caffe ----------------------------------------------------------------
 *
 * TensorRT's caffeparser: a deploy .prototxt (text) and the weights of a
 * .caffemodel (binary) into a network the caller made:
 *
 *   TrtCaffeParser *p = trt_caffe_parser_new();
 *   const TrtBlobNameToTensor *blobs = trt_caffe_parser_parse(
 *       p, "deploy.prototxt", "model.caffemodel", net, TRT_DATA_TYPE_FLOAT);
 *   if (!blobs) ...  (the reason is in the log)
 *   trt_network_mark_output(net, trt_blob_name_to_tensor_find(blobs, "prob"));
 *   ... build ...
 *   trt_caffe_parser_free(p);  (the map goes with the parser; net stays)
 *
 * or in one call, outputs included: trt_caffe_parse_files().
 *
 * What the parser does with a model:
 * - New nets (`layer { type: "Convolution" }`) and old ones (`layers {
 *   type: CONVOLUTION }`). Inputs come from Input layers or from the net
 *   header: `input` names with one `input_shape` or four `input_dim` each.
 *   Input dims are taken as written (the batch too).
 * - Weights are matched to layers by name. Layers of the .caffemodel that
 *   the deploy file does not have (data, loss, accuracy: a caffemodel holds
 *   the training net) are ignored, and so are layers that include/exclude
 *   rules keep out of the TEST phase.
 * - Every blob becomes a tensor of its name. When a layer writes a blob in
 *   place (top == bottom), the newest value carries the name and the value
 *   before it is renamed "<blob>_before_<layer>" (a network input keeps its
 *   name: the new value is "<blob>/<layer>").
 * - Layers: Input, Convolution and Deconvolution (groups, dilation, separate
 *   h/w), Pooling (MAX, AVE; global; Caffe's ceil rounding, where the last
 *   window must start inside the input or its leading pad), InnerProduct
 *   (axis, transpose), ReLU (negative_slope), PReLU, Sigmoid, TanH, ELU,
 *   AbsVal, BNLL, Power, Exp, Log, Softmax (axis), LRN (across channels),
 *   BatchNorm (its stored statistics and scale factor), Scale, Bias (learned
 *   or from a second bottom), Eltwise (SUM with coefficients, PROD, MAX),
 *   Concat, Slice, Split, Flatten, Reshape (axis, num_axes), Permute, Crop,
 *   Dropout and Silence, and the SSD fork's Normalize, PriorBox and
 *   DetectionOutput (see TRT_LAYER_DETECTION_OUTPUT for its output rows).
 * - Fields of the .prototxt that the parser's schema does not know (other
 *   forks' parameters) are skipped with a warning.
 * - Errors name the file; syntax errors in the .prototxt give line and
 *   column, problems of a layer give its name and type, missing weights
 *   name the layer. Nothing in a file can crash the parser.
 */

typedef struct TrtCaffeParser TrtCaffeParser;
typedef struct TrtBlobNameToTensor TrtBlobNameToTensor;

TRT_API TrtCaffeParser *trt_caffe_parser_new(void);
TRT_API void trt_caffe_parser_free(TrtCaffeParser *parser);
/* Where messages go (not owned); NULL, the default: the network's logger. */
TRT_API void trt_caffe_parser_set_logger(TrtCaffeParser *parser,
                                         TrtLogger *logger);
/* Adds the net of `deploy_file` to `network`, with weights from
 * `model_file` (NULL: only weights written in the deploy file itself).
 * `dtype` is the precision the model is meant to run in, FLOAT or HALF: the
 * network is float32 either way and HALF is a hint for the builder. Returns
 * the blob-name map (owned by the parser, valid until the next parse or
 * trt_caffe_parser_free), or NULL on failure; the network then holds what
 * was made before the error. */
TRT_API const TrtBlobNameToTensor *trt_caffe_parser_parse(
    TrtCaffeParser *parser, const char *deploy_file, const char *model_file,
    TrtNetwork *network, TrtDataType dtype);
/* The tensor holding the newest value of blob `name`, or NULL. */
TRT_API TrtTensor *trt_blob_name_to_tensor_find(const TrtBlobNameToTensor *map,
                                                const char *name);
/* Reads a mean image (.binaryproto, a Caffe BlobProto) into `out` as
 * float32 of the blob's shape (N x C x H x W for old files). Free it with
 * trt_host_tensor_free. */
TRT_API TrtStatus trt_caffe_parser_parse_binary_proto(TrtCaffeParser *parser,
                                                      const char *mean_file,
                                                      TrtHostTensor *out);
/* One call: parses the deploy and model files into `network` and marks as
 * outputs the blobs named in `outputs_csv` ("prob" or "loc,conf"); NULL or
 * "" marks every blob that no layer reads. Errors go to `logger`. */
TRT_API TrtStatus trt_caffe_parse_files(TrtNetwork *network,
                                        const char *deploy_file,
                                        const char *model_file,
                                        const char *outputs_csv,
                                        TrtLogger *logger);

#ifdef __cplusplus
}
#endif
#endif
