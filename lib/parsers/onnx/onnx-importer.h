/* Internals of the ONNX parser: the state of one import, what a converter
 * sees of a node, and the helpers converters share. One file per family of
 * operators (onnx-ops-*.c) holds the converters; onnx-op-table.c maps op
 * types onto them. */
#ifndef TRT_ONNX_IMPORTER_H
#define TRT_ONNX_IMPORTER_H

#include <trtinfer/parsers.h>

#include "../../core/shape-inference.h"
#include "onnx.pb-c.h"

/* ONNX value name -> network tensor (open addressing, names borrowed from
 * the model, which outlives the import). */
typedef struct {
  const char **keys;
  TrtTensor **values;
  size_t cap, count;
} OnnxNameMap;

typedef struct {
  TrtNetwork *net;
  TrtLogger *logger;
  const char *file;     /* for messages: the path, or "<memory>" */
  const char *base_dir; /* where external data lives; NULL: refuse it */
  int64_t opset;        /* of the default domain */
  bool print_layer_info;
  OnnxNameMap names;
  bool *bound;          /* per tensor id: already carries an ONNX name */
  int cap_bound;
  /* Shapes of the network made so far, for converters that need a rank or
   * a type (see onnx_tensor_info); valid while nb_layers is unchanged. */
  TrtShapeState shapes;
  int shapes_layers;
  bool shapes_ok;
} OnnxImporter;

/* What a converter sees of one node. */
typedef struct {
  const Onnx__NodeProto *proto;
  int index;            /* position in the graph */
  const char *name;     /* the node's name, or "<op_type>_<index>" */
  const char *op;
  int nb_inputs;        /* trailing empty names are dropped */
  TrtTensor **inputs;   /* NULL for an absent optional input */
  int nb_outputs;
  int nb_layers;        /* layers made so far for this node */
} OnnxNode;

typedef TrtStatus (*OnnxConvertFn)(OnnxImporter *imp, OnnxNode *node);

/* The converter of an op type of the default domain, or NULL. */
OnnxConvertFn onnx_find_converter(const char *op_type);

/* ---- names ---------------------------------------------------------------- */
bool onnx_names_put(OnnxNameMap *map, const char *name, TrtTensor *tensor);
TrtTensor *onnx_names_get(const OnnxNameMap *map, const char *name);
void onnx_names_free(OnnxNameMap *map);

/* ---- wire format (onnx-wire.c) ---------------------------------------------- */
/* Deepest message nesting accepted (a model nests about 5 levels, plus 3 per
 * level of subgraphs). */
#define ONNX_MAX_NESTING 64
/* False when the serialized message `desc` in data nests sub-messages
 * deeper than max_depth; malformed bytes are left to the decoder. */
bool onnx_nesting_within(const void *data, size_t size, const ProtobufCMessageDescriptor *desc,
                         int max_depth);

/* ---- graph import (onnx-graph.c) ------------------------------------------ */
TrtStatus onnx_import_graph(OnnxImporter *imp, const Onnx__GraphProto *graph);

/* ---- tensors (onnx-tensor.c) ---------------------------------------------- */
/* Maps an ONNX element type onto ours (floats to FLOAT, narrow or unsigned
 * integers to a wider signed one; see onnx-tensor.c); false when there is
 * no counterpart. */
bool onnx_map_type(int32_t onnx_type, TrtDataType *out);
const char *onnx_type_name(int32_t onnx_type);
/* Decodes the values of a TensorProto into host memory (typed fields,
 * raw_data or external data under base_dir). `what` names the tensor in
 * messages ("initializer 'w'"). */
TrtStatus onnx_decode_tensor(const Onnx__TensorProto *proto,
                             const char *base_dir, const char *file,
                             const char *what, TrtLogger *logger,
                             TrtHostTensor *out);

/* ---- messages --------------------------------------------------------------- */
/* Logs "<file>: node <index> '<name>' (<op>, opset <n>): <message>" and
 * returns status. */
TrtStatus onnx_node_fail(const OnnxImporter *imp, const OnnxNode *node,
                         TrtStatus status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- attributes (onnx-helpers.c, as everything below) ---------------------- */
const Onnx__AttributeProto *onnx_attr(const OnnxNode *node, const char *name);
int64_t onnx_attr_int(const OnnxNode *node, const char *name, int64_t def);
float onnx_attr_float(const OnnxNode *node, const char *name, float def);
/* The string, NUL-terminated into buf; `def` when absent. */
const char *onnx_attr_string(const OnnxNode *node, const char *name,
                             const char *def, char *buf, size_t size);
/* Copies an INTS attribute; returns the count, 0 when absent, -1 (logged)
 * when it has more than `max` values. */
int onnx_attr_ints(OnnxImporter *imp, const OnnxNode *node, const char *name,
                   int64_t *out, int max);
int onnx_attr_floats(OnnxImporter *imp, const OnnxNode *node, const char *name,
                     float *out, int max);

/* ---- building layers -------------------------------------------------------- */
/* Adds a layer for `node` (named after it) or logs why it cannot. */
TrtLayer *onnx_add_layer(OnnxImporter *imp, OnnxNode *node, TrtLayerType type,
                         TrtTensor *const *inputs, int nb_inputs,
                         const void *params, int nb_outputs);
/* One-output shorthands; NULL on failure (logged). A NULL input of
 * onnx_add1 counts as absent: callers check results they pass on. */
TrtTensor *onnx_add1(OnnxImporter *imp, OnnxNode *node, TrtLayerType type,
                     TrtTensor *const *inputs, int nb_inputs, const void *params);
TrtTensor *onnx_elementwise(OnnxImporter *imp, OnnxNode *node, TrtTensor *a,
                            TrtTensor *b, TrtElementwiseOp op);
TrtTensor *onnx_unary(OnnxImporter *imp, OnnxNode *node, TrtTensor *x,
                      TrtUnaryOp op);
TrtTensor *onnx_activation(OnnxImporter *imp, OnnxNode *node, TrtTensor *x,
                           TrtActivationType type, float alpha, float beta);
/* A constant named after the node. */
TrtTensor *onnx_constant(OnnxImporter *imp, OnnxNode *node, TrtDataType type,
                         const TrtDims *dims, const void *data);
TrtTensor *onnx_const_i64(OnnxImporter *imp, OnnxNode *node,
                          const int64_t *values, int count);
TrtTensor *onnx_scalar(OnnxImporter *imp, OnnxNode *node, TrtDataType type,
                       double value);
/* Gives the ONNX name `name` to `t` and records it. */
TrtStatus onnx_bind(OnnxImporter *imp, const char *name, TrtTensor *t);
bool onnx_is_bound(const OnnxImporter *imp, const TrtTensor *t);
/* Gives output `i` of the node the tensor `t` (it takes the ONNX name; a
 * tensor that already has one is copied through an Identity). Nothing
 * happens for an output the model leaves unnamed. */
TrtStatus onnx_set_output(OnnxImporter *imp, OnnxNode *node, int i,
                          TrtTensor *t);
/* Sets output 0 from a one-output result; a NULL `t` (whose failure was
 * already logged) gives an error status. */
TrtStatus onnx_output(OnnxImporter *imp, OnnxNode *node, TrtTensor *t);
/* Whether the model names output i of the node. */
bool onnx_output_used(const OnnxNode *node, int i);

/* Input i, or NULL and a logged error when it is absent. */
TrtTensor *onnx_input(OnnxImporter *imp, OnnxNode *node, int i);
/* Input i or NULL when absent (nothing logged). */
TrtTensor *onnx_optional_input(OnnxNode *node, int i);
/* The values of a constant tensor; -1 when `t` is not a constant (nothing
 * logged) or has more than `max` values. */
int onnx_const_values_i64(const TrtTensor *t, int64_t *out, int max);
int onnx_const_values_f64(const TrtTensor *t, double *out, int max);
/* Type and dims of any tensor, inferring the network made so far when `t`
 * is made by a layer (unknown dims count as 1). false when inference
 * fails. onnx_need_info logs that failure for the node. */
bool onnx_tensor_info(OnnxImporter *imp, const TrtTensor *t, TrtDataType *type,
                      TrtDims *dims);
TrtStatus onnx_need_info(OnnxImporter *imp, OnnxNode *node, const TrtTensor *t,
                         TrtDataType *type, TrtDims *dims);
/* As onnx_need_info, but dims that depend on unknown input dims (symbolic
 * batch, ...) come back as -1. */
TrtStatus onnx_need_static_dims(OnnxImporter *imp, OnnxNode *node, const TrtTensor *t,
                                TrtDataType *type, TrtDims *dims);
/* Reads the axes of reductions, squeezes, ...: from the `axes` attribute
 * when the opset has it there (< attr_until), else from input `input`;
 * returns a tensor for the layer's axes input (NULL when absent). */
TrtStatus onnx_axes_input(OnnxImporter *imp, OnnxNode *node, int64_t attr_until,
                          int input, TrtTensor **axes);

/* A Conv (or ConvTranspose) layer with the node's window attributes. */
TrtTensor *onnx_conv_layer(OnnxImporter *imp, OnnxNode *node, TrtTensor *x, TrtTensor *w,
                           TrtTensor *b, bool transposed);

/* ---- converters, by family -------------------------------------------------- */
#define ONNX_CONVERTER(fn) TrtStatus fn(OnnxImporter *imp, OnnxNode *node)
/* onnx-ops-activation.c */
ONNX_CONVERTER(onnx_activation_op);
ONNX_CONVERTER(onnx_gelu);
ONNX_CONVERTER(onnx_clip);
ONNX_CONVERTER(onnx_prelu);
ONNX_CONVERTER(onnx_shrink);
/* onnx-ops-conv.c */
ONNX_CONVERTER(onnx_conv);
ONNX_CONVERTER(onnx_conv_transpose);
ONNX_CONVERTER(onnx_max_pool);
ONNX_CONVERTER(onnx_average_pool);
ONNX_CONVERTER(onnx_lp_pool);
ONNX_CONVERTER(onnx_global_max_pool);
ONNX_CONVERTER(onnx_global_average_pool);
ONNX_CONVERTER(onnx_global_lp_pool);
/* onnx-ops-loss.c */
ONNX_CONVERTER(onnx_nll_loss);
ONNX_CONVERTER(onnx_softmax_cross_entropy);
/* onnx-ops-math.c */
ONNX_CONVERTER(onnx_binary);
ONNX_CONVERTER(onnx_mod);
ONNX_CONVERTER(onnx_variadic);
ONNX_CONVERTER(onnx_unary_op);
ONNX_CONVERTER(onnx_is_inf);
ONNX_CONVERTER(onnx_where);
ONNX_CONVERTER(onnx_bit_shift);
/* onnx-ops-nn.c */
ONNX_CONVERTER(onnx_gemm);
ONNX_CONVERTER(onnx_matmul);
ONNX_CONVERTER(onnx_batch_norm);
ONNX_CONVERTER(onnx_instance_norm);
ONNX_CONVERTER(onnx_layer_norm);
ONNX_CONVERTER(onnx_lrn);
ONNX_CONVERTER(onnx_softmax);
ONNX_CONVERTER(onnx_log_softmax);
ONNX_CONVERTER(onnx_hardmax);
ONNX_CONVERTER(onnx_dropout);
ONNX_CONVERTER(onnx_mean_variance_norm);
/* onnx-ops-quant.c */
ONNX_CONVERTER(onnx_quantize_linear);
ONNX_CONVERTER(onnx_dequantize_linear);
ONNX_CONVERTER(onnx_dynamic_quantize_linear);
ONNX_CONVERTER(onnx_conv_integer);
ONNX_CONVERTER(onnx_matmul_integer);
ONNX_CONVERTER(onnx_qlinear_matmul);
ONNX_CONVERTER(onnx_qlinear_conv);
/* onnx-ops-reduce.c */
ONNX_CONVERTER(onnx_reduce);
ONNX_CONVERTER(onnx_arg_reduce);
ONNX_CONVERTER(onnx_topk);
ONNX_CONVERTER(onnx_cumsum);
ONNX_CONVERTER(onnx_einsum);
/* onnx-ops-rnn.c */
ONNX_CONVERTER(onnx_rnn);
ONNX_CONVERTER(onnx_gru);
ONNX_CONVERTER(onnx_lstm);
/* onnx-ops-shuffle.c */
ONNX_CONVERTER(onnx_reshape);
ONNX_CONVERTER(onnx_flatten);
ONNX_CONVERTER(onnx_squeeze);
ONNX_CONVERTER(onnx_unsqueeze);
ONNX_CONVERTER(onnx_transpose);
ONNX_CONVERTER(onnx_expand);
ONNX_CONVERTER(onnx_tile);
ONNX_CONVERTER(onnx_depth_to_space);
ONNX_CONVERTER(onnx_space_to_depth);
/* onnx-ops-slice.c */
ONNX_CONVERTER(onnx_concat);
ONNX_CONVERTER(onnx_split);
ONNX_CONVERTER(onnx_slice);
ONNX_CONVERTER(onnx_pad);
ONNX_CONVERTER(onnx_gather);
ONNX_CONVERTER(onnx_gather_elements);
ONNX_CONVERTER(onnx_scatter_elements);
ONNX_CONVERTER(onnx_resize);
ONNX_CONVERTER(onnx_upsample);
ONNX_CONVERTER(onnx_gather_nd);
ONNX_CONVERTER(onnx_scatter_nd);
/* onnx-ops-tensor.c */
ONNX_CONVERTER(onnx_identity);
ONNX_CONVERTER(onnx_constant_op);
ONNX_CONVERTER(onnx_constant_of_shape);
ONNX_CONVERTER(onnx_shape);
ONNX_CONVERTER(onnx_size);
ONNX_CONVERTER(onnx_range);
ONNX_CONVERTER(onnx_one_hot);
ONNX_CONVERTER(onnx_cast);
ONNX_CONVERTER(onnx_cast_like);
ONNX_CONVERTER(onnx_eye_like);
ONNX_CONVERTER(onnx_trilu);
ONNX_CONVERTER(onnx_window);
ONNX_CONVERTER(onnx_reverse_sequence);

#endif
