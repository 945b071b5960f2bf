/* The TensorFlow-style graph that GraphDef and UFF files are read into (see
 * tf-graph.h): memory, the node-name index, attributes and tensor values. */
#include <stdlib.h>
#include <string.h>

#include "../../core/tensor-limits.h"
#include "../../core/util.h"
#include "tf-graph.h"

/* ---- memory ------------------------------------------------------------------ */

/* Blocks of memory freed together with the graph. */
struct TfArena {
  struct TfArena *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
};

void *tf_graph_alloc(TfGraph *graph, size_t size) {
  size = (size + 15) & ~(size_t)15;
  TfArena *a = graph->arena;
  if (!a || a->size - a->used < size) {
    size_t block = size > 60000 ? size : 60000;
    TfArena *fresh = malloc(sizeof *fresh + block);
    if (!fresh) return NULL;
    fresh->next = a;
    fresh->used = 0;
    fresh->size = block;
    graph->arena = a = fresh;
  }
  void *p = a->data + a->used;
  a->used += size;
  memset(p, 0, size);
  return p;
}

char *tf_graph_strdup(TfGraph *graph, const char *s) {
  size_t n = strlen(s) + 1;
  char *copy = tf_graph_alloc(graph, n);
  if (copy) memcpy(copy, s, n);
  return copy;
}

void tf_graph_init(TfGraph *graph) { memset(graph, 0, sizeof *graph); }

void tf_graph_free(TfGraph *graph) {
  while (graph->arena) {
    TfArena *next = graph->arena->next;
    free(graph->arena);
    graph->arena = next;
  }
  free(graph->nodes);
  free(graph->marked_outputs);
  free(graph->index);
  memset(graph, 0, sizeof *graph);
}

TfNode *tf_graph_add_node(TfGraph *graph, const char *name, const char *op) {
  if (graph->nb_nodes == graph->cap_nodes) {
    int cap = graph->cap_nodes ? graph->cap_nodes * 2 : 64;
    TfNode *grown = realloc(graph->nodes, (size_t)cap * sizeof *grown);
    if (!grown) return NULL;
    graph->nodes = grown;
    graph->cap_nodes = cap;
  }
  TfNode *node = &graph->nodes[graph->nb_nodes];
  memset(node, 0, sizeof *node);
  node->name = name;
  node->op = op;
  node->file_op = op;
  graph->nb_nodes++;
  return node;
}

bool tf_node_reserve(TfGraph *graph, TfNode *node, int nb_inputs, int nb_attrs) {
  node->inputs = tf_graph_alloc(graph, (size_t)(nb_inputs ? nb_inputs : 1) * sizeof *node->inputs);
  node->attrs = tf_graph_alloc(graph, (size_t)(nb_attrs ? nb_attrs : 1) * sizeof *node->attrs);
  return node->inputs && node->attrs;
}

bool tf_graph_mark_output(TfGraph *graph, const char *text) {
  if (graph->nb_marked_outputs == graph->cap_marked_outputs) {
    int cap = graph->cap_marked_outputs ? graph->cap_marked_outputs * 2 : 4;
    const char **grown = realloc(graph->marked_outputs, (size_t)cap * sizeof *grown);
    if (!grown) return false;
    graph->marked_outputs = grown;
    graph->cap_marked_outputs = cap;
  }
  graph->marked_outputs[graph->nb_marked_outputs++] = text;
  return true;
}

/* ---- the name index ------------------------------------------------------------ */

static size_t name_hash(const char *s) {
  return (size_t)trt_fnv1a64(s, strlen(s), TRT_FNV1A64_SEED);
}

int tf_graph_find(const TfGraph *graph, const char *name) {
  if (!graph->index) return -1;
  size_t mask = (size_t)graph->index_cap - 1;
  for (size_t h = name_hash(name) & mask;; h = (h + 1) & mask) {
    int slot = graph->index[h];
    if (!slot) return -1;
    if (strcmp(graph->nodes[slot - 1].name, name) == 0) return slot - 1;
  }
}

bool tf_split_input(const char *text, char *name, size_t size, int *output) {
  size_t n = strlen(text);
  *output = 0;
  const char *colon = strrchr(text, ':');
  if (colon && colon[1]) {
    const char *p = colon + 1;
    long k = 0;
    while (*p >= '0' && *p <= '9' && k < 1000000) k = k * 10 + (*p++ - '0');
    if (!*p) {
      *output = (int)k;
      n = (size_t)(colon - text);
    }
  }
  if (n == 0 || n >= size) return false;
  memcpy(name, text, n);
  name[n] = '\0';
  return true;
}

TrtStatus tf_graph_link(TfGraph *graph, const char *file, TrtLogger *logger) {
  int cap = 16;
  while (cap < 2 * graph->nb_nodes) cap *= 2;
  free(graph->index);
  graph->index = calloc((size_t)cap, sizeof *graph->index);
  graph->index_cap = cap;
  if (!graph->index) return TRT_STATUS_OUT_OF_MEMORY;
  size_t mask = (size_t)cap - 1;
  for (int i = 0; i < graph->nb_nodes; i++) {
    const char *name = graph->nodes[i].name;
    if (!*name) {
      trt_log(logger, TRT_SEVERITY_ERROR, "%s: node %d (%s) has no name", file, i,
              graph->nodes[i].file_op);
      return TRT_STATUS_PARSE_ERROR;
    }
    size_t h = name_hash(name) & mask;
    while (graph->index[h]) {
      if (strcmp(graph->nodes[graph->index[h] - 1].name, name) == 0) {
        trt_log(logger, TRT_SEVERITY_ERROR, "%s: two nodes are called '%s'", file, name);
        return TRT_STATUS_PARSE_ERROR;
      }
      h = (h + 1) & mask;
    }
    graph->index[h] = i + 1;
    graph->nodes[i].nb_outputs = 1;
  }
  for (int i = 0; i < graph->nb_nodes; i++) {
    TfNode *node = &graph->nodes[i];
    for (int k = 0; k < node->nb_inputs; k++) {
      TfInput *in = &node->inputs[k];
      char name[1024];
      int target = -1;
      if (tf_split_input(in->text, name, sizeof name, &in->output))
        target = tf_graph_find(graph, name);
      if (target < 0) {
        trt_log(logger, TRT_SEVERITY_ERROR,
                "%s: node '%s' (%s) reads '%s', which is not a node of the graph", file,
                node->name, node->file_op, in->text);
        return TRT_STATUS_PARSE_ERROR;
      }
      in->node = target;
      TfNode *producer = &graph->nodes[target];
      if (in->output >= producer->nb_outputs) producer->nb_outputs = in->output + 1;
      producer->nb_uses++;
    }
  }
  return TRT_STATUS_OK;
}

const TfAttr *tf_attr(const TfNode *node, const char *name) {
  for (int i = 0; i < node->nb_attrs; i++)
    if (strcmp(node->attrs[i].name, name) == 0) return &node->attrs[i];
  return NULL;
}

/* ---- types ------------------------------------------------------------------------ */

static const char *const type_names[] = {
    [TENSORFLOW__DATA_TYPE__DT_INVALID] = "DT_INVALID",
    [TENSORFLOW__DATA_TYPE__DT_FLOAT] = "DT_FLOAT",
    [TENSORFLOW__DATA_TYPE__DT_DOUBLE] = "DT_DOUBLE",
    [TENSORFLOW__DATA_TYPE__DT_INT32] = "DT_INT32",
    [TENSORFLOW__DATA_TYPE__DT_UINT8] = "DT_UINT8",
    [TENSORFLOW__DATA_TYPE__DT_INT16] = "DT_INT16",
    [TENSORFLOW__DATA_TYPE__DT_INT8] = "DT_INT8",
    [TENSORFLOW__DATA_TYPE__DT_STRING] = "DT_STRING",
    [TENSORFLOW__DATA_TYPE__DT_COMPLEX64] = "DT_COMPLEX64",
    [TENSORFLOW__DATA_TYPE__DT_INT64] = "DT_INT64",
    [TENSORFLOW__DATA_TYPE__DT_BOOL] = "DT_BOOL",
    [TENSORFLOW__DATA_TYPE__DT_QINT8] = "DT_QINT8",
    [TENSORFLOW__DATA_TYPE__DT_QUINT8] = "DT_QUINT8",
    [TENSORFLOW__DATA_TYPE__DT_QINT32] = "DT_QINT32",
    [TENSORFLOW__DATA_TYPE__DT_BFLOAT16] = "DT_BFLOAT16",
    [TENSORFLOW__DATA_TYPE__DT_QINT16] = "DT_QINT16",
    [TENSORFLOW__DATA_TYPE__DT_QUINT16] = "DT_QUINT16",
    [TENSORFLOW__DATA_TYPE__DT_UINT16] = "DT_UINT16",
    [TENSORFLOW__DATA_TYPE__DT_COMPLEX128] = "DT_COMPLEX128",
    [TENSORFLOW__DATA_TYPE__DT_HALF] = "DT_HALF",
    [TENSORFLOW__DATA_TYPE__DT_RESOURCE] = "DT_RESOURCE",
    [TENSORFLOW__DATA_TYPE__DT_VARIANT] = "DT_VARIANT",
    [TENSORFLOW__DATA_TYPE__DT_UINT32] = "DT_UINT32",
    [TENSORFLOW__DATA_TYPE__DT_UINT64] = "DT_UINT64",
};

const char *tf_type_name(int dtype) {
  if (dtype >= 0 && (size_t)dtype < sizeof type_names / sizeof *type_names && type_names[dtype])
    return type_names[dtype];
  return dtype > 100 ? "a reference type" : "an unknown type";
}

bool tf_type_to_trt(int dtype, TrtDataType *out) {
  switch (dtype) {
  case TENSORFLOW__DATA_TYPE__DT_FLOAT:
  case TENSORFLOW__DATA_TYPE__DT_DOUBLE:
  case TENSORFLOW__DATA_TYPE__DT_HALF:
  case TENSORFLOW__DATA_TYPE__DT_BFLOAT16: *out = TRT_DATA_TYPE_FLOAT; return true;
  case TENSORFLOW__DATA_TYPE__DT_INT32:
  case TENSORFLOW__DATA_TYPE__DT_INT16:
  case TENSORFLOW__DATA_TYPE__DT_UINT16: *out = TRT_DATA_TYPE_INT32; return true;
  case TENSORFLOW__DATA_TYPE__DT_INT64:
  case TENSORFLOW__DATA_TYPE__DT_UINT32:
  case TENSORFLOW__DATA_TYPE__DT_UINT64: *out = TRT_DATA_TYPE_INT64; return true;
  case TENSORFLOW__DATA_TYPE__DT_INT8: *out = TRT_DATA_TYPE_INT8; return true;
  case TENSORFLOW__DATA_TYPE__DT_UINT8: *out = TRT_DATA_TYPE_UINT8; return true;
  case TENSORFLOW__DATA_TYPE__DT_BOOL: *out = TRT_DATA_TYPE_BOOL; return true;
  default: return false;
  }
}

/* Bytes per element as TensorFlow stores the type. */
static size_t tf_type_size(int dtype) {
  switch (dtype) {
  case TENSORFLOW__DATA_TYPE__DT_DOUBLE:
  case TENSORFLOW__DATA_TYPE__DT_INT64:
  case TENSORFLOW__DATA_TYPE__DT_UINT64: return 8;
  case TENSORFLOW__DATA_TYPE__DT_FLOAT:
  case TENSORFLOW__DATA_TYPE__DT_INT32:
  case TENSORFLOW__DATA_TYPE__DT_UINT32: return 4;
  case TENSORFLOW__DATA_TYPE__DT_INT16:
  case TENSORFLOW__DATA_TYPE__DT_UINT16:
  case TENSORFLOW__DATA_TYPE__DT_HALF:
  case TENSORFLOW__DATA_TYPE__DT_BFLOAT16: return 2;
  default: return 1;
  }
}

/* ---- tensor values ------------------------------------------------------------------ */

/* Element i of `src` (stored as TensorFlow stores `dtype`) as a double or
 * an integer, whichever the type holds. */
static double raw_as_double(int dtype, const uint8_t *src, int64_t i) {
  switch (dtype) {
  case TENSORFLOW__DATA_TYPE__DT_FLOAT: { float v; memcpy(&v, src + 4 * i, 4); return v; }
  case TENSORFLOW__DATA_TYPE__DT_DOUBLE: { double v; memcpy(&v, src + 8 * i, 8); return v; }
  case TENSORFLOW__DATA_TYPE__DT_HALF: {
    uint16_t h;
    memcpy(&h, src + 2 * i, 2);
    return trt_half_to_float(h);
  }
  default: { /* DT_BFLOAT16: the high half of a float */
    uint16_t h;
    memcpy(&h, src + 2 * i, 2);
    uint32_t bits = (uint32_t)h << 16;
    float v;
    memcpy(&v, &bits, 4);
    return v;
  }
  }
}

static int64_t raw_as_int(int dtype, const uint8_t *src, int64_t i) {
  switch (dtype) {
  case TENSORFLOW__DATA_TYPE__DT_INT32: { int32_t v; memcpy(&v, src + 4 * i, 4); return v; }
  case TENSORFLOW__DATA_TYPE__DT_UINT32: { uint32_t v; memcpy(&v, src + 4 * i, 4); return v; }
  case TENSORFLOW__DATA_TYPE__DT_INT64:
  case TENSORFLOW__DATA_TYPE__DT_UINT64: { int64_t v; memcpy(&v, src + 8 * i, 8); return v; }
  case TENSORFLOW__DATA_TYPE__DT_INT16: { int16_t v; memcpy(&v, src + 2 * i, 2); return v; }
  case TENSORFLOW__DATA_TYPE__DT_UINT16: { uint16_t v; memcpy(&v, src + 2 * i, 2); return v; }
  case TENSORFLOW__DATA_TYPE__DT_INT8: return (int8_t)src[i];
  default: return src[i]; /* UINT8, BOOL */
  }
}

static bool is_float_type(int dtype) {
  return dtype == TENSORFLOW__DATA_TYPE__DT_FLOAT || dtype == TENSORFLOW__DATA_TYPE__DT_DOUBLE ||
         dtype == TENSORFLOW__DATA_TYPE__DT_HALF || dtype == TENSORFLOW__DATA_TYPE__DT_BFLOAT16;
}

/* Writes element i of the output buffer from a double or an integer. */
static void store(TrtDataType type, void *dst, int64_t i, double f, int64_t v, bool from_float) {
  switch (type) {
  case TRT_DATA_TYPE_FLOAT: ((float *)dst)[i] = from_float ? (float)f : (float)v; break;
  case TRT_DATA_TYPE_INT32: ((int32_t *)dst)[i] = (int32_t)v; break;
  case TRT_DATA_TYPE_INT64: ((int64_t *)dst)[i] = v; break;
  case TRT_DATA_TYPE_INT8: ((int8_t *)dst)[i] = (int8_t)v; break;
  case TRT_DATA_TYPE_BOOL: ((uint8_t *)dst)[i] = v != 0; break;
  default: ((uint8_t *)dst)[i] = (uint8_t)v; break;
  }
}

/* The values a TensorProto lists in its typed fields (not tensor_content):
 * how many, and element i of them. */
static size_t proto_count(const Tensorflow__TensorProto *p, int dtype) {
  switch (dtype) {
  case TENSORFLOW__DATA_TYPE__DT_FLOAT: return p->n_float_val;
  case TENSORFLOW__DATA_TYPE__DT_DOUBLE: return p->n_double_val;
  case TENSORFLOW__DATA_TYPE__DT_INT64: return p->n_int64_val;
  case TENSORFLOW__DATA_TYPE__DT_BOOL: return p->n_bool_val;
  case TENSORFLOW__DATA_TYPE__DT_HALF:
  case TENSORFLOW__DATA_TYPE__DT_BFLOAT16: return p->n_half_val;
  case TENSORFLOW__DATA_TYPE__DT_UINT32: return p->n_uint32_val;
  case TENSORFLOW__DATA_TYPE__DT_UINT64: return p->n_uint64_val;
  default: return p->n_int_val;
  }
}

static void proto_value(const Tensorflow__TensorProto *p, int dtype, size_t i, double *f,
                        int64_t *v) {
  *f = 0;
  *v = 0;
  switch (dtype) {
  case TENSORFLOW__DATA_TYPE__DT_FLOAT: *f = p->float_val[i]; break;
  case TENSORFLOW__DATA_TYPE__DT_DOUBLE: *f = p->double_val[i]; break;
  case TENSORFLOW__DATA_TYPE__DT_INT64: *v = p->int64_val[i]; break;
  case TENSORFLOW__DATA_TYPE__DT_BOOL: *v = p->bool_val[i]; break;
  case TENSORFLOW__DATA_TYPE__DT_HALF:
  case TENSORFLOW__DATA_TYPE__DT_BFLOAT16: {
    uint16_t h = (uint16_t)p->half_val[i];
    *f = raw_as_double(dtype, (const uint8_t *)&h, 0);
    break;
  }
  case TENSORFLOW__DATA_TYPE__DT_UINT32: *v = p->uint32_val[i]; break;
  case TENSORFLOW__DATA_TYPE__DT_UINT64: *v = (int64_t)p->uint64_val[i]; break;
  default: *v = p->int_val[i]; break;
  }
}

void *tf_tensor_decode(const TfTensor *tensor, TrtDataType *type, int64_t *count,
                       const char *what, TrtLogger *logger) {
  int dtype = tensor->dtype;
  if (!tf_type_to_trt(dtype, type)) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: tensors of %s are not supported", what,
            tf_type_name(dtype));
    return NULL;
  }
  int64_t n = tensor->dims_ok ? trt_dims_volume(&tensor->dims) : -1;
  if (n < 0 || n > ((int64_t)1 << 31)) { /* a short list can claim a huge shape */
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: the tensor's shape is invalid or too large", what);
    return NULL;
  }
  uint64_t bytes;
  if (!trt_tensor_within_budget(&tensor->dims, *type, &bytes)) {
    trt_log(logger, TRT_SEVERITY_ERROR,
            "%s: the tensor would take %llu bytes, more than the %llu one tensor may take "
            "(raise the budget with %s=<bytes> if this is meant)",
            what, (unsigned long long)bytes, (unsigned long long)trt_max_tensor_bytes(),
            TRT_MAX_TENSOR_BYTES_ENV);
    return NULL;
  }
  const uint8_t *raw = tensor->raw;
  size_t raw_size = tensor->raw_size;
  if (tensor->proto && tensor->proto->tensor_content.len) {
    raw = tensor->proto->tensor_content.data;
    raw_size = tensor->proto->tensor_content.len;
  }
  size_t listed = 0;
  if (raw || !tensor->proto) {
    size_t elem = tf_type_size(dtype);
    if (raw_size != (size_t)n * elem) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              "%s: the tensor holds %zu bytes, but its shape needs %lld values of %zu bytes",
              what, raw_size, (long long)n, elem);
      return NULL;
    }
  } else {
    listed = proto_count(tensor->proto, dtype);
    if (listed > (size_t)n) {
      trt_log(logger, TRT_SEVERITY_ERROR,
              "%s: the tensor lists %zu values for a shape of %lld elements", what, listed,
              (long long)n);
      return NULL;
    }
  }
  void *out = calloc((size_t)(n ? n : 1), trt_data_type_size(*type));
  if (!out) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: out of memory for a tensor of %lld values", what,
            (long long)n);
    return NULL;
  }
  bool from_float = is_float_type(dtype);
  for (int64_t i = 0; i < n; i++) {
    double f = 0;
    int64_t v = 0;
    if (raw || !tensor->proto) {
      if (from_float)
        f = raw_as_double(dtype, raw, i);
      else
        v = raw_as_int(dtype, raw, i);
    } else if (listed) {
      /* Fewer values than elements: the last one is repeated. */
      proto_value(tensor->proto, dtype, (size_t)i < listed ? (size_t)i : listed - 1, &f, &v);
    }
    store(*type, out, i, f, v, from_float);
  }
  *count = n;
  return out;
}
