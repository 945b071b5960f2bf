/* trtinfer — model parsers: ONNX, Caffe, TensorFlow frozen graphs and UFF.
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
#include <trtinfer/runtime.h>

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

/* ---- TensorFlow frozen graphs and UFF -------------------------------------
 *
 * TensorRT's uffparser, reading both a .uff file and the frozen TensorFlow
 * GraphDef (.pb) it was converted from; the two are told apart by content.
 *
 *   TrtUffParser *p = trt_uff_parser_new();
 *   TrtDims chw = {3, {1, 28, 28}};
 *   trt_uff_parser_register_input(p, "in", &chw, TRT_UFF_INPUT_ORDER_NCHW);
 *   trt_uff_parser_register_output(p, "out");
 *   if (trt_uff_parser_parse(p, "lenet5.pb", net, TRT_DATA_TYPE_FLOAT) != TRT_STATUS_OK) ...
 *
 * or in one call: trt_uff_parse_file(), or trt_uff_to_engine() for an
 * engine (as trt.utils.uff_to_trt_engine did).
 *
 * Inputs. TensorFlow computes images as NHWC, the network as NCHW. An input
 * is registered with its dims without the batch, channels first as in
 * TensorRT (C x H x W, or just C), and the order of the data the caller will
 * feed: NCHW (C x H x W per item) or NHWC (H x W x C per item, as
 * TensorFlow takes it). The network input is [-1, C, H, W] or [-1, H, W, C]
 * (-1: the builder's max batch) and is named after the node. The graph's
 * placeholder is taken as channels last (TensorFlow's default) unless its
 * shape says channels first. Any node may be registered as an input: the
 * graph is then cut there. Placeholders that are not registered become
 * inputs of the shape they declare (an unknown first dim is the batch; any
 * other unknown dim must be registered).
 *
 * Outputs. Registered outputs name nodes ("node" or "node:1" for a second
 * output); without any, a UFF file's MarkOutput nodes, else every node that
 * no other node reads (Const, NoOp and Placeholder aside). Outputs have the
 * shape TensorFlow gives them, in its order, and the node's name. Only the
 * nodes the outputs need are converted.
 *
 * Weights and layouts. Convolutions, pooling, batch norm and resizing run
 * as NCHW: filters are rearranged when the file is read, and values are
 * transposed only where an op needs TensorFlow's order (a reshape, a slice,
 * an output), once per value. A feature map flattened for MatMuls by
 * constant weights (the classifier's Flatten -> Dense) is not transposed:
 * the weights' rows take the network's order instead. A bias added to a
 * convolution or a MatMul becomes the layer's bias.
 *
 * Ops (TensorFlow names; UFF operations map onto the same): Placeholder,
 * Const, Identity (also StopGradient, Snapshot), NoOp, Conv2D,
 * DepthwiseConv2dNative, Conv2DBackpropInput, BiasAdd, MatMul,
 * BatchMatMul(V2), Add, AddV2, Sub, Mul, RealDiv, Div, Maximum, Minimum,
 * Pow, SquaredDifference, Relu, Relu6, Elu, Selu, LeakyRelu, Sigmoid, Tanh,
 * Softplus, Softsign, Softmax, LogSoftmax, MaxPool, AvgPool, Mean, Sum, Max,
 * Min, Prod, Reshape, Squeeze, ExpandDims, Transpose, ConcatV2, Concat,
 * Pack, Pad, PadV2, MirrorPad (REFLECT; SYMMETRIC only by 1), FusedBatchNorm
 * (V2, V3; inference only), Rsqrt, Sqrt, Square, Exp, Log, Neg, Abs,
 * Reciprocal, Floor, Ceil, Cast, ResizeBilinear, ResizeNearestNeighbor,
 * Shape, StridedSlice (all masks), Fill. Shape-computing chains (the Keras
 * Flatten pattern Shape -> StridedSlice -> Pack -> Reshape) are computed
 * by the builder, per batch size when they depend on it.
 * UFF: Input, Const, Identity, Conv, ConvTranspose, Pool (max, avg),
 * FullyConnected, Binary, Unary, Activation, Softmax, Flatten, Reshape,
 * Squeeze, ExpandDims, Transpose, Concat, Pad, BatchNorm, Reduce, Shape,
 * StridedSlice, Stack, Cast, MarkOutput, and TensorFlow ops the converter
 * kept under their own names ("_Op").
 *
 * Errors name the file; an unsupported op names the node and its op, a
 * node reading a node the graph lacks names both. Bad bytes (truncated,
 * random, another format) fail with a message; nothing crashes.
 */

typedef enum {
  TRT_UFF_INPUT_ORDER_NCHW = 0, /* fed channels first: C x H x W per item */
  TRT_UFF_INPUT_ORDER_NHWC = 1, /* fed channels last: H x W x C per item */
  TRT_UFF_INPUT_ORDER_NC = 2    /* no spatial dims: fed as given */
} TrtUffInputOrder;

/* One input for the one-call forms. */
typedef struct {
  const char *name;
  TrtDims dims; /* without the batch, channels first: C x H x W, or C */
  TrtUffInputOrder order;
} TrtUffInput;

typedef struct TrtUffParser TrtUffParser;

TRT_API TrtUffParser *trt_uff_parser_new(void);
TRT_API void trt_uff_parser_free(TrtUffParser *parser);
/* Where messages go (not owned); NULL, the default: the network's logger. */
TRT_API void trt_uff_parser_set_logger(TrtUffParser *parser, TrtLogger *logger);
/* Registers an input (see above). Registering a name again replaces it. */
TRT_API TrtStatus trt_uff_parser_register_input(TrtUffParser *parser, const char *name,
                                                const TrtDims *dims, TrtUffInputOrder order);
TRT_API TrtStatus trt_uff_parser_register_output(TrtUffParser *parser, const char *name);
/* Forgets the registered inputs and outputs. */
TRT_API void trt_uff_parser_clear(TrtUffParser *parser);
/* Adds the graph of `file` (.uff or frozen .pb) to `network`. `dtype` is
 * the precision the model is meant to run in, FLOAT or HALF: the network is
 * float32 either way and HALF is a hint for the builder. On failure the
 * network holds what was made before the error. */
TRT_API TrtStatus trt_uff_parser_parse(TrtUffParser *parser, const char *file,
                                       TrtNetwork *network, TrtDataType dtype);
TRT_API TrtStatus trt_uff_parser_parse_buffer(TrtUffParser *parser, const void *data,
                                              size_t size, TrtNetwork *network,
                                              TrtDataType dtype);
/* One call: parses `path` into `network` with these inputs and outputs
 * (NULL / 0: none registered, see above). Errors go to `logger`. */
TRT_API TrtStatus trt_uff_parse_file(TrtNetwork *network, const char *path,
                                     const TrtUffInput *inputs, int nb_inputs,
                                     const char *const *outputs, int nb_outputs,
                                     TrtLogger *logger);
/* An engine in one call, as trt.utils.uff_to_trt_engine: parses
 * `model_file` with the parser's registered inputs and outputs and builds
 * for the best backend present (CUDA, else the CPU) with `max_batch` and
 * `max_workspace` bytes, in FLOAT or HALF precision. NULL (reason logged)
 * on failure. */
TRT_API TrtEngine *trt_uff_to_engine(TrtLogger *logger, const char *model_file,
                                     TrtUffParser *parser, int max_batch,
                                     size_t max_workspace, TrtDataType dtype);

#ifdef __cplusplus
}
#endif
#endif
