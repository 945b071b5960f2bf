/* Internals of the TensorFlow / UFF parser: the state of one import, the
 * values of node outputs and their layouts, and the helpers converters
 * share. tf-import.c walks the nodes the outputs need and dispatches on
 * their op; one file per family of ops (tf-ops-*.c) holds the converters.
 *
 * Layouts. TensorFlow computes images as NHWC; the network computes them as
 * NCHW. A node output's value is a network tensor whose dims may be the TF
 * value's axes in another order: `axes[i]` is the TF axis that tensor dim i
 * holds. Convolutions, pooling, batch norm and resizing ask for their input
 * as NCHW and give NCHW; elementwise ops, activations, reductions, softmax,
 * concat, pad and transposes work in whatever order their input has, so a
 * chain of them adds no transposes; the rest (reshape, slicing, ...) ask for
 * TF's order, and a transpose is made once per value and order. Network
 * outputs are always in TF's order. */
#ifndef TRT_TF_IMPORT_H
#define TRT_TF_IMPORT_H

#include <trtinfer/parsers.h>

#include "../../core/network-impl.h"
#include "../../core/shape-inference.h"
#include "tf-graph.h"
#include "uff.pb-c.h"

typedef struct {
  TrtTensor *tensor; /* NULL until the node is converted */
  int rank;          /* -1 until known */
  bool permuted;
  int8_t axes[TRT_MAX_DIMS]; /* when permuted: tensor dim i holds TF axis axes[i] */
  /* Transposed copies made for consumers, to make each only once. */
  TrtTensor *copies[2];
  int8_t copy_axes[2][TRT_MAX_DIMS];
  /* A flattened value [batch, features] whose features are not in TF's
   * order (see tf-flatten.c): flat_rank > 0 TF dims flat_dims, the tensor
   * holding TF axis flat_axes[i] as its i-th. */
  int flat_rank;
  int8_t flat_axes[TRT_MAX_DIMS];
  int64_t flat_dims[TRT_MAX_DIMS];
} TfValue;

typedef struct {
  TrtNetwork *net;
  TrtLogger *logger;
  const char *file;
  TfGraph *graph;
  TfValue **values; /* per node: nb_outputs values */
  bool *is_output;  /* per node: one of its outputs is a network output */
  const TrtUffInput *inputs; /* registered */
  int nb_inputs;
  /* Shapes of the network made so far, inferred with batch 1 (see tf_dims);
   * valid while the network's layer and tensor counts are unchanged. */
  TrtShapeState shapes;
  int shapes_layers, shapes_tensors;
  bool shapes_ok;
} TfImporter;

typedef TrtStatus (*TfConvertFn)(TfImporter *imp, const TfNode *node);

/* The converter of an op, or NULL (tf-import.c). */
TfConvertFn tf_find_converter(const char *op);

/* Makes the network: registered inputs, every node that `outputs` need,
 * and the outputs marked (tf-import.c). `outputs` NULL: the file's own
 * (UFF MarkOutput), else the nodes nothing reads. */
TrtStatus tf_import(TfImporter *imp, const char *const *outputs, int nb_outputs);
/* Frees what tf_import allocated (not the network, graph or logger). */
void tf_importer_free(TfImporter *imp);

/* ---- reading files ------------------------------------------------------------ */
/* A decoded GraphDef (tf-graphdef.c) or UFF MetaGraph (tf-uff.c) into
 * `graph`, which points into it: it must outlive the graph. */
TrtStatus tf_read_graphdef(const Tensorflow__GraphDef *def, const char *file, TfGraph *graph,
                           TrtLogger *logger);
TrtStatus tf_read_uff(const Uff__MetaGraph *meta, const char *file, TfGraph *graph,
                      TrtLogger *logger);

/* ---- messages ------------------------------------------------------------------- */
/* Logs "<file>: node '<name>' (<op>): <message>"; returns status. */
TrtStatus tf_fail(const TfImporter *imp, const TfNode *node, TrtStatus status, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
/* Checks the number of data inputs (max -1: any number from min). */
TrtStatus tf_need_inputs(const TfImporter *imp, const TfNode *node, int min, int max);

/* ---- attributes ------------------------------------------------------------------- */
int64_t tf_attr_int(const TfNode *node, const char *name, int64_t fallback);
float tf_attr_float(const TfNode *node, const char *name, float fallback);
bool tf_attr_bool(const TfNode *node, const char *name, bool fallback);
/* A string attribute equal to `text`; absent: `fallback`. */
bool tf_attr_is(const TfNode *node, const char *name, const char *text, bool fallback);
/* Copies a string attribute into buf ("" when absent). */
void tf_attr_string(const TfNode *node, const char *name, char *buf, size_t size);
/* A list of ints; false (and logged) unless it has `count` entries (count
 * -1: any number up to max), or absent when `required`. */
bool tf_attr_ints(const TfImporter *imp, const TfNode *node, const char *name, int64_t *out,
                  int count, int max, int *got);

/* ---- values ----------------------------------------------------------------------- */
/* Input i of the node (its producer was converted before it). */
TfValue *tf_in(TfImporter *imp, const TfNode *node, int i);
/* The node that input i reads. */
const TfNode *tf_in_node(const TfImporter *imp, const TfNode *node, int i);
/* Type of a tensor (a layer's output is typed once its shape is inferred). */
TrtDataType tf_type(TfImporter *imp, const TrtTensor *t);
/* Rank of a value; -1 (logged for the node) when its shape is not known. */
int tf_rank(TfImporter *imp, const TfNode *node, TfValue *v);
/* Dims of a network tensor, inferred with a batch of 1 (so dim 0 of a
 * batched value means nothing); false when not known. */
bool tf_dims(TfImporter *imp, const TrtTensor *t, TrtDims *dims);
/* Dims of a value in TF's axis order; logged when not known. */
bool tf_value_dims(TfImporter *imp, const TfNode *node, TfValue *v, TrtDims *dims);
/* The value as a tensor whose dim i is TF axis want[i] (of `rank`). */
TrtTensor *tf_ordered(TfImporter *imp, const TfNode *node, TfValue *v, const int8_t *want,
                      int rank);
/* The value in TF's own order. */
TrtTensor *tf_plain(TfImporter *imp, const TfNode *node, TfValue *v);
/* Input i in TF's order. */
TrtTensor *tf_plain_in(TfImporter *imp, const TfNode *node, int i);
/* The order that puts a channels-last value of `rank` as channels-first:
 * [0, rank-1, 1, ..., rank-2]. */
void tf_channels_first_axes(int rank, int8_t *axes);
/* Input i as a constant: its values (in TF order, converted to `type`) in a
 * malloc'ed buffer and its dims; NULL (logged: `what` must be a constant)
 * otherwise. */
void *tf_const_in(TfImporter *imp, const TfNode *node, int i, TrtDataType type, TrtDims *dims,
                  const char *what);
/* Input i as constant integers, at most `max` of them; -1 (logged) when it
 * is not a constant or has more. */
int tf_const_ints_in(TfImporter *imp, const TfNode *node, int i, int64_t *out, int max,
                     const char *what);
/* As tf_const_ints_in, also taking values computed from shapes (inferred
 * with a batch of 1: only entries that do not depend on it are meaningful). */
int tf_known_ints_in(TfImporter *imp, const TfNode *node, int i, int64_t *out, int max,
                     const char *what);

/* ---- outputs of a node ---------------------------------------------------------- */
/* Output k of the node is `t` in TF's order; the tensor takes the output's
 * name ("node", or "node:k"). */
TrtStatus tf_set(TfImporter *imp, const TfNode *node, int k, TrtTensor *t);
/* Output k is `t`, whose dim i holds TF axis axes[i]. */
TrtStatus tf_set_ordered(TfImporter *imp, const TfNode *node, int k, TrtTensor *t,
                         const int8_t *axes, int rank);
/* Output k is the same value as `v` (Identity and friends). */
TrtStatus tf_set_same(TfImporter *imp, const TfNode *node, int k, const TfValue *v);
/* Gives a network output its TF order and the name of the node output. */
TrtStatus tf_finish_output(TfImporter *imp, const TfNode *node, int k, const char *name);

/* ---- making layers -------------------------------------------------------------------- */
/* A layer named after the node ("<node>" or "<node>/<suffix>"). */
TrtLayer *tf_add_layer(TfImporter *imp, const TfNode *node, const char *suffix, TrtLayerType type,
                       TrtTensor *const *inputs, int nb_inputs, const void *params,
                       int nb_outputs);
/* One-output shorthand: the output, or NULL (logged). */
TrtTensor *tf_layer(TfImporter *imp, const TfNode *node, const char *suffix, TrtLayerType type,
                    TrtTensor *const *inputs, int nb_inputs, const void *params);
TrtTensor *tf_constant(TfImporter *imp, const TfNode *node, const char *suffix, TrtDataType type,
                       const TrtDims *dims, const void *data);
TrtTensor *tf_const_i64(TfImporter *imp, const TfNode *node, const char *suffix,
                        const int64_t *values, int count);
/* Transposes `t` of `rank` (result dim i = dim perm[i]): constants are
 * permuted here, other tensors get a transpose layer. */
TrtTensor *tf_transpose(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *t,
                        const int8_t *perm, int rank);
TrtTensor *tf_cast(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *t,
                   TrtDataType to);
TrtTensor *tf_elementwise(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *a,
                          TrtTensor *b, TrtElementwiseOp op);
TrtTensor *tf_unary(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *x,
                    TrtUnaryOp op);
/* Brings the values to one order for an elementwise op (NumPy broadcasting
 * of their TF shapes): out[i] are the tensors to combine, and the result
 * has TF axes `axes` of `rank`. */
TrtStatus tf_broadcast(TfImporter *imp, const TfNode *node, TfValue *const *in, int n,
                       TrtTensor **out, int8_t *axes, int *rank);
/* Output 0 of the node: an elementwise op of its first two inputs. */
TrtStatus tf_binary(TfImporter *imp, const TfNode *node, TrtElementwiseOp op);
/* Reads TF's "padding" (SAME, VALID, EXPLICIT with explicit_paddings) for
 * the spatial dims of a 4-D op into conv/pool-style pads. */
TrtStatus tf_padding(TfImporter *imp, const TfNode *node, bool channels_last, int32_t *mode,
                     int64_t *pad_begin, int64_t *pad_end);

/* Add, as a layer's bias when it can be (tf-ops-nn.c). */
TrtStatus tf_add_maybe_bias(TfImporter *imp, const TfNode *node);

/* ---- flattening into a MatMul (tf-flatten.c) ---------------------------------------- */
/* For a Reshape to [-1, features] or a Flatten of a channels-first value
 * that only MatMuls by constants read: flattens it in its own order and
 * returns true (*status says how that went); else false. */
bool tf_try_flatten(TfImporter *imp, const TfNode *node, TrtStatus *status);
/* MatMul weights b (rows by TF feature) reordered for a flat value `a`;
 * NULL when b is not a constant 2-D float matrix of the right size. */
TrtTensor *tf_flat_weights(TfImporter *imp, const TfNode *node, const TfValue *a, TrtTensor *b,
                           bool transpose_b);
/* A flat value put back in TF's order (made once). */
TrtTensor *tf_unflatten(TfImporter *imp, const TfNode *node, TfValue *v);

/* ---- converters, by family ------------------------------------------------------------- */
#define TF_CONVERTER(fn) TrtStatus fn(TfImporter *imp, const TfNode *node)
/* tf-ops-nn.c */
TF_CONVERTER(tf_convert_conv2d);
TF_CONVERTER(tf_convert_depthwise_conv2d);
TF_CONVERTER(tf_convert_conv2d_backprop_input);
TF_CONVERTER(tf_convert_max_pool);
TF_CONVERTER(tf_convert_avg_pool);
TF_CONVERTER(tf_convert_bias_add);
TF_CONVERTER(tf_convert_matmul);
TF_CONVERTER(tf_convert_batch_matmul);
TF_CONVERTER(tf_convert_fused_batch_norm);
TF_CONVERTER(tf_convert_softmax);
TF_CONVERTER(tf_convert_log_softmax);
TF_CONVERTER(tf_convert_resize_bilinear);
TF_CONVERTER(tf_convert_resize_nearest);
/* tf-ops-math.c */
TF_CONVERTER(tf_convert_add);
TF_CONVERTER(tf_convert_sub);
TF_CONVERTER(tf_convert_mul);
TF_CONVERTER(tf_convert_div);
TF_CONVERTER(tf_convert_maximum);
TF_CONVERTER(tf_convert_minimum);
TF_CONVERTER(tf_convert_pow);
TF_CONVERTER(tf_convert_squared_difference);
TF_CONVERTER(tf_convert_relu);
TF_CONVERTER(tf_convert_relu6);
TF_CONVERTER(tf_convert_elu);
TF_CONVERTER(tf_convert_selu);
TF_CONVERTER(tf_convert_leaky_relu);
TF_CONVERTER(tf_convert_sigmoid);
TF_CONVERTER(tf_convert_tanh);
TF_CONVERTER(tf_convert_softplus);
TF_CONVERTER(tf_convert_softsign);
TF_CONVERTER(tf_convert_rsqrt);
TF_CONVERTER(tf_convert_sqrt);
TF_CONVERTER(tf_convert_square);
TF_CONVERTER(tf_convert_exp);
TF_CONVERTER(tf_convert_log);
TF_CONVERTER(tf_convert_neg);
TF_CONVERTER(tf_convert_abs);
TF_CONVERTER(tf_convert_reciprocal);
TF_CONVERTER(tf_convert_floor);
TF_CONVERTER(tf_convert_ceil);
TF_CONVERTER(tf_convert_mean);
TF_CONVERTER(tf_convert_sum);
TF_CONVERTER(tf_convert_max);
TF_CONVERTER(tf_convert_min);
TF_CONVERTER(tf_convert_prod);
/* tf-ops-shape.c */
TF_CONVERTER(tf_convert_placeholder);
TF_CONVERTER(tf_convert_const);
TF_CONVERTER(tf_convert_identity);
TF_CONVERTER(tf_convert_cast);
TF_CONVERTER(tf_convert_reshape);
TF_CONVERTER(tf_convert_flatten);
TF_CONVERTER(tf_convert_squeeze);
TF_CONVERTER(tf_convert_expand_dims);
TF_CONVERTER(tf_convert_transpose);
TF_CONVERTER(tf_convert_concat_v2);
TF_CONVERTER(tf_convert_concat);
TF_CONVERTER(tf_convert_pack);
TF_CONVERTER(tf_convert_pad);
TF_CONVERTER(tf_convert_mirror_pad);
TF_CONVERTER(tf_convert_shape);
TF_CONVERTER(tf_convert_strided_slice);
TF_CONVERTER(tf_convert_fill);

#endif
