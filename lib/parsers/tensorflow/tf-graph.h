/* A graph in TensorFlow's terms: nodes with an op name, inputs and
 * attributes. Frozen GraphDefs (tf-graphdef.c) and UFF files (tf-uff.c) are
 * both read into this form, UFF operations being restated as the TensorFlow
 * ops they were converted from, so that one set of converters
 * (tf-ops-*.c) makes networks out of both. */
#ifndef TRT_TF_GRAPH_H
#define TRT_TF_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <trtinfer/logger.h>
#include <trtinfer/types.h>

#include "tensorflow.pb-c.h"

typedef enum {
  TF_ATTR_INT,
  TF_ATTR_FLOAT,
  TF_ATTR_BOOL,
  TF_ATTR_STRING,
  TF_ATTR_TYPE,   /* a Tensorflow__DataType */
  TF_ATTR_INTS,
  TF_ATTR_FLOATS,
  TF_ATTR_SHAPE,  /* dims (unknown sizes -1), or rank -1 when unknown */
  TF_ATTR_TENSOR,
  TF_ATTR_OTHER   /* a kind the converters do not read */
} TfAttrKind;

/* A tensor value: a TensorProto of a GraphDef, or raw little-endian bytes
 * (UFF) of a TensorFlow type. */
typedef struct {
  const Tensorflow__TensorProto *proto;
  int dtype; /* Tensorflow__DataType */
  TrtDims dims;
  bool dims_ok; /* false: more dims than TRT_MAX_DIMS or negative sizes */
  const uint8_t *raw;
  size_t raw_size;
} TfTensor;

typedef struct {
  const char *name;
  TfAttrKind kind;
  int64_t i;       /* INT, TYPE */
  float f;         /* FLOAT */
  bool b;          /* BOOL */
  const char *s;   /* STRING (not NUL-terminated) */
  size_t s_len;
  size_t n;        /* INTS, FLOATS */
  const int64_t *ints;
  const float *floats;
  TrtDims shape;   /* SHAPE; nb_dims -1: unknown rank */
  TfTensor tensor; /* TENSOR */
} TfAttr;

/* An input of a node: output `output` of node `node` (an index into the
 * graph's nodes, resolved after reading). */
typedef struct {
  const char *text; /* as written: "name" or "name:1" */
  int node;
  int output;
} TfInput;

typedef struct {
  const char *name;
  const char *op;
  const char *file_op; /* the op as the file writes it (UFF's), for messages */
  int nb_inputs; /* data inputs; control dependencies are dropped */
  TfInput *inputs;
  int nb_attrs;
  TfAttr *attrs;
  int nb_outputs; /* outputs read by other nodes or asked for: max index + 1 */
  int nb_uses;    /* how many node inputs read this node */
} TfNode;

typedef struct TfArena TfArena;

typedef struct {
  TfNode *nodes;
  int nb_nodes, cap_nodes;
  /* UFF MarkOutput nodes: the outputs the file names (TfInput texts). */
  const char **marked_outputs;
  int nb_marked_outputs, cap_marked_outputs;
  TfArena *arena;
  int *index; /* open-addressing hash of node names -> node + 1 */
  int index_cap;
} TfGraph;

/* ---- building a graph ------------------------------------------------------ */
void tf_graph_init(TfGraph *graph);
void tf_graph_free(TfGraph *graph);
/* Memory that lives as long as the graph (zeroed); NULL when out of memory. */
void *tf_graph_alloc(TfGraph *graph, size_t size);
char *tf_graph_strdup(TfGraph *graph, const char *s);
/* Appends a node (its fields are the caller's to fill); NULL when out of
 * memory. The pointer is valid until the next tf_graph_add_node. */
TfNode *tf_graph_add_node(TfGraph *graph, const char *name, const char *op);
/* Reserves room for the node's inputs and attributes. */
bool tf_node_reserve(TfGraph *graph, TfNode *node, int nb_inputs, int nb_attrs);
bool tf_graph_mark_output(TfGraph *graph, const char *text);
/* Indexes node names and resolves every input; logs the first name that
 * is missing or given twice ("<file>: ..."). */
TrtStatus tf_graph_link(TfGraph *graph, const char *file, TrtLogger *logger);

/* ---- reading a graph ---------------------------------------------------------- */
/* The node called `name`, or -1. */
int tf_graph_find(const TfGraph *graph, const char *name);
/* Splits "name:k" into the node name (written to `name`, which has room for
 * `size` bytes) and k; false for text that names no output. */
bool tf_split_input(const char *text, char *name, size_t size, int *output);
const TfAttr *tf_attr(const TfNode *node, const char *name);
/* TensorFlow's type name ("DT_FLOAT"), for messages. */
const char *tf_type_name(int dtype);
/* The library's type for a TensorFlow type; false for types it has no
 * counterpart for (strings, complex, quantized, resources). Half, bfloat16
 * and double become float; int16 and uint16 int32; uint32 and uint64 int64. */
bool tf_type_to_trt(int dtype, TrtDataType *out);
/* Decodes a tensor's values into a malloc'ed buffer of `*type` (see
 * tf_type_to_trt), `*count` elements. Values given once for a larger shape
 * are repeated, as TensorFlow does. Logs a message naming `what` on
 * failure and returns NULL (a 0-element tensor gives a non-NULL buffer). */
void *tf_tensor_decode(const TfTensor *tensor, TrtDataType *type, int64_t *count,
                       const char *what, TrtLogger *logger);

#endif
