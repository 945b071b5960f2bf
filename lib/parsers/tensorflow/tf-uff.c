/* UFF files read into a TfGraph. The UFF converter wrote TensorFlow graphs
 * in its own operations (Conv, Pool, Binary, ...) with dimension orders
 * instead of data formats; each is restated here as the TensorFlow op it
 * came from, so the TensorFlow converters make the network. Fields keep
 * their names as attributes; values that TensorFlow passes as inputs
 * (axes, permutations, sizes) become Const nodes "<node>/uff_<what>".
 *
 * Fields read: Input (shape, dtype), Const (shape, dtype, values), Conv and
 * ConvTranspose (strides, dilation, number_groups, implicit_padding "same"
 * / "valid" or symmetric padding [h, w], inputs_orders), Pool (func
 * max / avg, kernel, strides, padding), FullyConnected (inputs_orders
 * NC_CK or NC_KC), Binary / Unary / Activation (func, alpha), Softmax (axis
 * over the dims without the batch, channel first), Reduce (func, axes,
 * keepdims), Concat / Stack / ExpandDims (axis), Squeeze (axis), Transpose
 * (permutation or a second input), BatchNorm (epsilon), Cast (dtype). */
#include <stdio.h>
#include <string.h>

#include "tf-import.h"

typedef struct {
  TfGraph *graph;
  const Uff__MetaGraph *meta;
  const char *file;
  TrtLogger *logger;
} UffReader;

/* Codes of the dimension orders (see uff.proto). */
#define UFF_INCREMENT 2147483647

static TrtStatus uff_fail(const UffReader *r, const Uff__Node *n, TrtStatus status,
                          const char *msg) {
  trt_log(r->logger, TRT_SEVERITY_ERROR, "%s: node '%s' (%s): %s", r->file, n->id, n->operation,
          msg);
  return status;
}

static const Uff__Data *resolve(const UffReader *r, const Uff__Data *d) {
  if (!d || d->data_oneof_case != UFF__DATA__DATA_ONEOF_REF) return d;
  for (size_t k = 0; k < r->meta->n_referenced_data; k++)
    if (strcmp(r->meta->referenced_data[k]->key, d->ref) == 0)
      return r->meta->referenced_data[k]->value;
  return NULL;
}

/* A field's data, following a reference into the file's referenced data. */
static const Uff__Data *field(const UffReader *r, const Uff__Node *n, const char *name) {
  for (size_t i = 0; i < n->n_fields; i++)
    if (strcmp(n->fields[i]->key, name) == 0) return resolve(r, n->fields[i]->value);
  return NULL;
}

static const char *field_string(const UffReader *r, const Uff__Node *n, const char *name) {
  const Uff__Data *d = field(r, n, name);
  return d && d->data_oneof_case == UFF__DATA__DATA_ONEOF_S ? d->s : "";
}

static int tf_dtype(int uff) {
  switch (uff) {
  case UFF__DATA_TYPE__DT_FLOAT32: return TENSORFLOW__DATA_TYPE__DT_FLOAT;
  case UFF__DATA_TYPE__DT_FLOAT16: return TENSORFLOW__DATA_TYPE__DT_HALF;
  case UFF__DATA_TYPE__DT_INT8: return TENSORFLOW__DATA_TYPE__DT_INT8;
  case UFF__DATA_TYPE__DT_INT16: return TENSORFLOW__DATA_TYPE__DT_INT16;
  case UFF__DATA_TYPE__DT_INT32: return TENSORFLOW__DATA_TYPE__DT_INT32;
  case UFF__DATA_TYPE__DT_INT64: return TENSORFLOW__DATA_TYPE__DT_INT64;
  default: return TENSORFLOW__DATA_TYPE__DT_INVALID;
  }
}

/* ---- dimension orders ------------------------------------------------------------ */

typedef enum {
  ORDER_UNKNOWN,
  ORDER_CHANNELS_LAST,  /* N+C; kernels +CK (TensorFlow's HWIO) */
  ORDER_CHANNELS_FIRST, /* NC+; kernels KC+ (OIHW) */
  ORDER_KERNEL_HWOI,    /* +KC */
  ORDER_NC_CK,          /* fully connected weights [in, out] */
  ORDER_NC_KC           /* [out, in] */
} UffOrder;

static bool codes_are(const Uff__ListInt64 *l, const int64_t *codes, size_t n) {
  if (l->n_val != n) return false;
  for (size_t i = 0; i < n; i++)
    if (l->val[i] != codes[i]) return false;
  return true;
}

/* The order of input k as the node's inputs_orders give it. */
static UffOrder input_order(const UffReader *r, const Uff__Node *n, size_t k) {
  const Uff__Data *d = field(r, n, "inputs_orders");
  if (!d || d->data_oneof_case != UFF__DATA__DATA_ONEOF_DIM_ORDERS_LIST ||
      k >= d->dim_orders_list->n_val)
    return ORDER_UNKNOWN;
  const Uff__DimensionOrders *o = d->dim_orders_list->val[k];
  static const int64_t nhwc[] = {0, 2, UFF_INCREMENT, 1}, nchw[] = {0, 1, 2, UFF_INCREMENT},
                       hwck[] = {2, UFF_INCREMENT, 1, 0}, hwkc[] = {2, UFF_INCREMENT, 0, 1},
                       ck[] = {1, 0}, kc[] = {0, 1};
  for (size_t i = 0; i < o->n_orders; i++) {
    const Uff__ListInt64 *l = o->orders[i]->value;
    if (o->orders[i]->key != -1 || !l) continue;
    if (codes_are(l, nhwc, 4) || codes_are(l, hwck, 4)) return ORDER_CHANNELS_LAST;
    if (codes_are(l, nchw, 4)) return ORDER_CHANNELS_FIRST;
    if (codes_are(l, hwkc, 4)) return ORDER_KERNEL_HWOI;
    if (codes_are(l, ck, 2)) return ORDER_NC_CK;
    if (codes_are(l, kc, 2)) return ORDER_NC_KC;
  }
  return ORDER_UNKNOWN;
}

/* Whether the data (input 0) is channels first; UFF's default is TF's. */
static bool data_channels_first(const UffReader *r, const Uff__Node *n) {
  return input_order(r, n, 0) == ORDER_CHANNELS_FIRST;
}

/* ---- nodes being made --------------------------------------------------------------- */

typedef struct {
  const Uff__Node *src;
  const char *op;
  TfInput *inputs;
  int nb_inputs;
  TfAttr *attrs;
  int nb_attrs, cap_attrs;
} Draft;

static TfAttr *draft_attr(Draft *d, const char *name) {
  for (int i = 0; i < d->nb_attrs; i++)
    if (strcmp(d->attrs[i].name, name) == 0) {
      memset(&d->attrs[i], 0, sizeof d->attrs[i]);
      d->attrs[i].name = name;
      return &d->attrs[i];
    }
  TfAttr *a = &d->attrs[d->nb_attrs++]; /* room was made for the additions */
  a->name = name;
  return a;
}

static void set_int(Draft *d, const char *name, TfAttrKind kind, int64_t v) {
  TfAttr *a = draft_attr(d, name);
  a->kind = kind;
  a->i = v;
  a->b = v != 0;
}

static void set_string(Draft *d, const char *name, const char *s) {
  TfAttr *a = draft_attr(d, name);
  a->kind = TF_ATTR_STRING;
  a->s = s;
  a->s_len = strlen(s);
}

static bool set_ints(const UffReader *r, Draft *d, const char *name, const int64_t *v, int n) {
  int64_t *copy = tf_graph_alloc(r->graph, (size_t)(n ? n : 1) * sizeof *copy);
  if (!copy) return false;
  memcpy(copy, v, (size_t)n * sizeof *copy);
  TfAttr *a = draft_attr(d, name);
  a->kind = TF_ATTR_INTS;
  a->n = (size_t)n;
  a->ints = copy;
  return true;
}

/* Fields as attributes of the same names. */
static bool convert_field(const UffReader *r, const char *name, const Uff__Data *v, TfAttr *a) {
  a->name = name;
  a->kind = TF_ATTR_OTHER;
  v = resolve(r, v);
  if (!v) return true;
  switch (v->data_oneof_case) {
  case UFF__DATA__DATA_ONEOF_S:
    a->kind = TF_ATTR_STRING;
    a->s = v->s;
    a->s_len = strlen(v->s);
    break;
  case UFF__DATA__DATA_ONEOF_I: a->kind = TF_ATTR_INT; a->i = v->i; break;
  case UFF__DATA__DATA_ONEOF_D: a->kind = TF_ATTR_FLOAT; a->f = (float)v->d; break;
  case UFF__DATA__DATA_ONEOF_B: a->kind = TF_ATTR_BOOL; a->b = v->b; break;
  case UFF__DATA__DATA_ONEOF_DTYPE: a->kind = TF_ATTR_TYPE; a->i = tf_dtype(v->dtype); break;
  case UFF__DATA__DATA_ONEOF_I_LIST:
    a->kind = TF_ATTR_INTS;
    a->n = v->i_list->n_val;
    a->ints = v->i_list->val;
    break;
  case UFF__DATA__DATA_ONEOF_D_LIST: {
    float *f = tf_graph_alloc(r->graph, (v->d_list->n_val + 1) * sizeof *f);
    if (!f) return false;
    for (size_t i = 0; i < v->d_list->n_val; i++) f[i] = (float)v->d_list->val[i];
    a->kind = TF_ATTR_FLOATS;
    a->n = v->d_list->n_val;
    a->floats = f;
    break;
  }
  default: break;
  }
  return true;
}

/* Room for the node's inputs and fields, and a few more of each. */
static bool draft_init(const UffReader *r, const Uff__Node *n, Draft *d) {
  memset(d, 0, sizeof *d);
  d->src = n;
  d->op = n->operation;
  d->inputs = tf_graph_alloc(r->graph, (n->n_inputs + 4) * sizeof *d->inputs);
  d->cap_attrs = (int)n->n_fields + 12;
  d->attrs = tf_graph_alloc(r->graph, (size_t)d->cap_attrs * sizeof *d->attrs);
  if (!d->inputs || !d->attrs) return false;
  for (size_t i = 0; i < n->n_inputs; i++) d->inputs[d->nb_inputs++].text = n->inputs[i];
  for (size_t i = 0; i < n->n_fields; i++)
    if (!convert_field(r, n->fields[i]->key, n->fields[i]->value, &d->attrs[d->nb_attrs++]))
      return false;
  return true;
}

static bool draft_finish(const UffReader *r, const Draft *d) {
  TfNode *node = tf_graph_add_node(r->graph, d->src->id, d->op);
  if (!node) return false;
  node->file_op = d->src->operation;
  node->inputs = d->inputs;
  node->nb_inputs = d->nb_inputs;
  node->attrs = d->attrs;
  node->nb_attrs = d->nb_attrs;
  return true;
}

/* A Const node "<node>/uff_<what>" of int64 values, read as input `at` of
 * the draft (the inputs after it move along; past the last, it is the
 * last). */
static bool const_input(const UffReader *r, Draft *d, const char *what, const int64_t *values,
                        int n, int rank, int at) {
  char name[1024];
  snprintf(name, sizeof name, "%s/uff_%s", d->src->id, what);
  char *copy = tf_graph_strdup(r->graph, name);
  int64_t *data = tf_graph_alloc(r->graph, (size_t)(n ? n : 1) * sizeof *data);
  TfAttr *value = tf_graph_alloc(r->graph, sizeof *value);
  if (!copy || !data || !value) return false;
  if (at > d->nb_inputs) at = d->nb_inputs; /* a node missing inputs: its converter says so */
  memcpy(data, values, (size_t)n * sizeof *data);
  value->name = "value";
  value->kind = TF_ATTR_TENSOR;
  value->tensor = (TfTensor){.dtype = TENSORFLOW__DATA_TYPE__DT_INT64,
                             .dims = {rank, {n}},
                             .dims_ok = true,
                             .raw = (const uint8_t *)data,
                             .raw_size = (size_t)n * sizeof *data};
  TfNode *node = tf_graph_add_node(r->graph, copy, "Const");
  if (!node) return false;
  node->attrs = value;
  node->nb_attrs = 1;
  memmove(&d->inputs[at + 1], &d->inputs[at], (size_t)(d->nb_inputs - at) * sizeof *d->inputs);
  d->inputs[at] = (TfInput){.text = copy};
  d->nb_inputs++;
  return true;
}

/* TensorFlow's 4-entry per-dim list from UFF's [h, w] (default 1). */
static bool per_dim(const UffReader *r, Draft *d, const char *uff_name, const char *tf_name,
                    bool channels_first) {
  const Uff__Data *v = field(r, d->src, uff_name);
  int64_t hw[2] = {1, 1};
  if (v && v->data_oneof_case == UFF__DATA__DATA_ONEOF_I_LIST && v->i_list->n_val == 2) {
    hw[0] = v->i_list->val[0];
    hw[1] = v->i_list->val[1];
  } else if (v) {
    uff_fail(r, d->src, TRT_STATUS_UNSUPPORTED, "a 2-D list of ints is needed");
    return false;
  }
  int64_t l[4] = {1, 1, 1, 1};
  int h = channels_first ? 2 : 1;
  l[h] = hw[0];
  l[h + 1] = hw[1];
  return set_ints(r, d, tf_name, l, 4);
}

/* Padding: implicit "same" / "valid", or symmetric explicit [h, w]. */
static bool padding(const UffReader *r, Draft *d, bool channels_first) {
  const Uff__Data *v = field(r, d->src, "padding");
  if (v && v->data_oneof_case == UFF__DATA__DATA_ONEOF_I_LIST && v->i_list->n_val == 2) {
    int64_t pads[8] = {0};
    int h = channels_first ? 2 : 1;
    for (int i = 0; i < 2; i++) pads[2 * (h + i)] = pads[2 * (h + i) + 1] = v->i_list->val[i];
    set_string(d, "padding", "EXPLICIT");
    return set_ints(r, d, "explicit_paddings", pads, 8);
  }
  if (v) {
    uff_fail(r, d->src, TRT_STATUS_UNSUPPORTED, "padding must be [h, w] (symmetric)");
    return false;
  }
  set_string(d, "padding",
             strcmp(field_string(r, d->src, "implicit_padding"), "same") == 0 ? "SAME" : "VALID");
  return true;
}

/* ---- operations ---------------------------------------------------------------------------- */

static const struct {
  const char *uff, *tf;
} funcs[] = {
    /* Binary */
    {"Binary.add", "Add"}, {"Binary.sub", "Sub"}, {"Binary.mul", "Mul"},
    {"Binary.div", "RealDiv"}, {"Binary.max", "Maximum"}, {"Binary.min", "Minimum"},
    {"Binary.pow", "Pow"},
    /* Unary */
    {"Unary.sqrt", "Sqrt"}, {"Unary.rsqrt", "Rsqrt"}, {"Unary.square", "Square"},
    {"Unary.exp", "Exp"}, {"Unary.log", "Log"}, {"Unary.neg", "Neg"}, {"Unary.abs", "Abs"},
    {"Unary.recip", "Reciprocal"}, {"Unary.reciprocal", "Reciprocal"},
    {"Unary.floor", "Floor"}, {"Unary.ceil", "Ceil"},
    /* Activation */
    {"Activation.relu", "Relu"}, {"Activation.relu6", "Relu6"},
    {"Activation.sigmoid", "Sigmoid"}, {"Activation.tanh", "Tanh"}, {"Activation.elu", "Elu"},
    {"Activation.selu", "Selu"}, {"Activation.softplus", "Softplus"},
    {"Activation.softsign", "Softsign"}, {"Activation.leaky_relu", "LeakyRelu"},
    /* Pool, Reduce */
    {"Pool.max", "MaxPool"}, {"Pool.avg", "AvgPool"}, {"Reduce.mean", "Mean"},
    {"Reduce.sum", "Sum"}, {"Reduce.max", "Max"}, {"Reduce.min", "Min"}, {"Reduce.prod", "Prod"},
};

/* The TensorFlow op for an operation with a "func" field. */
static const char *func_op(const UffReader *r, const Uff__Node *n) {
  char key[256];
  snprintf(key, sizeof key, "%s.%s", n->operation, field_string(r, n, "func"));
  for (size_t i = 0; i < sizeof funcs / sizeof *funcs; i++)
    if (strcmp(funcs[i].uff, key) == 0) return funcs[i].tf;
  return NULL;
}

static int64_t field_int(const UffReader *r, const Uff__Node *n, const char *name,
                         int64_t fallback) {
  const Uff__Data *d = field(r, n, name);
  return d && d->data_oneof_case == UFF__DATA__DATA_ONEOF_I ? d->i : fallback;
}

static bool convert_input(const UffReader *r, Draft *d) {
  const Uff__Data *shape = field(r, d->src, "shape");
  TfAttr *a = draft_attr(d, "shape");
  a->kind = TF_ATTR_SHAPE;
  a->shape.nb_dims = -1; /* empty: given by register_input */
  if (shape && shape->data_oneof_case == UFF__DATA__DATA_ONEOF_I_LIST &&
      shape->i_list->n_val && shape->i_list->n_val <= TRT_MAX_DIMS) {
    a->shape.nb_dims = (int32_t)shape->i_list->n_val;
    for (size_t i = 0; i < shape->i_list->n_val; i++) a->shape.d[i] = shape->i_list->val[i];
  }
  d->op = "Placeholder";
  return true;
}

static bool convert_const(const UffReader *r, Draft *d) {
  const Uff__Data *shape = field(r, d->src, "shape"), *values = field(r, d->src, "values");
  const Uff__Data *dtype = field(r, d->src, "dtype");
  if (!values || values->data_oneof_case != UFF__DATA__DATA_ONEOF_BLOB || !dtype ||
      dtype->data_oneof_case != UFF__DATA__DATA_ONEOF_DTYPE) {
    uff_fail(r, d->src, TRT_STATUS_PARSE_ERROR, "the constant's values or dtype are missing");
    return false;
  }
  TfAttr *a = draft_attr(d, "value");
  a->kind = TF_ATTR_TENSOR;
  a->tensor.dtype = tf_dtype(dtype->dtype);
  a->tensor.raw = values->blob.data ? values->blob.data : (const uint8_t *)"";
  a->tensor.raw_size = values->blob.len;
  a->tensor.dims_ok = true;
  if (shape && shape->data_oneof_case == UFF__DATA__DATA_ONEOF_I_LIST) {
    a->tensor.dims_ok = shape->i_list->n_val <= TRT_MAX_DIMS;
    a->tensor.dims.nb_dims = a->tensor.dims_ok ? (int32_t)shape->i_list->n_val : 0;
    for (int i = 0; i < a->tensor.dims.nb_dims; i++) {
      a->tensor.dims.d[i] = shape->i_list->val[i];
      if (a->tensor.dims.d[i] < 0) a->tensor.dims_ok = false;
    }
  }
  d->op = "Const";
  return true;
}

/* A node read so far (Consts come first), before the graph is indexed. */
static const TfNode *find_node(const TfGraph *g, const char *name) {
  for (int i = 0; i < g->nb_nodes; i++)
    if (!strcmp(g->nodes[i].name, name)) return &g->nodes[i];
  return NULL;
}

/* Conv and ConvTranspose: the filter as TensorFlow's [kh, kw, a, b]. */
static bool convert_conv(const UffReader *r, Draft *d, bool transposed) {
  bool cf = data_channels_first(r, d->src);
  set_string(d, "data_format", cf ? "NCHW" : "NHWC");
  if (d->nb_inputs < 2 || !per_dim(r, d, "strides", "strides", cf) ||
      !per_dim(r, d, "dilation", "dilations", cf) || !padding(r, d, cf)) {
    if (d->nb_inputs < 2) uff_fail(r, d->src, TRT_STATUS_INVALID_ARGUMENT, "needs a kernel");
    return false;
  }
  UffOrder k = input_order(r, d->src, 1);
  if (k == ORDER_CHANNELS_FIRST || (!transposed && k == ORDER_KERNEL_HWOI)) {
    /* To HWIO: from OIHW, or from HWOI. */
    static const int64_t from_oihw[4] = {2, 3, 1, 0}, from_hwoi[4] = {0, 1, 3, 2};
    Draft t = {.src = d->src};
    char name[1024];
    snprintf(name, sizeof name, "%s/uff_kernel_hwio", d->src->id);
    t.inputs = tf_graph_alloc(r->graph, 2 * sizeof *t.inputs);
    t.cap_attrs = 1;
    t.attrs = tf_graph_alloc(r->graph, sizeof *t.attrs);
    if (!t.inputs || !t.attrs) return false;
    t.inputs[t.nb_inputs++] = d->inputs[1];
    t.op = "Transpose";
    if (!const_input(r, &t, "kernel_perm", k == ORDER_CHANNELS_FIRST ? from_oihw : from_hwoi, 4,
                     1, 1))
      return false;
    TfNode *node = tf_graph_add_node(r->graph, tf_graph_strdup(r->graph, name), "Transpose");
    if (!node || !node->name) return false;
    node->inputs = t.inputs;
    node->nb_inputs = t.nb_inputs;
    d->inputs[1] = (TfInput){.text = node->name};
  }
  if (transposed) {
    /* ConvTranspose(x, kernel, [h, w]) is Conv2DBackpropInput(sizes, kernel,
     * x); only the H and W entries of the sizes are read. */
    if (d->nb_inputs < 3) {
      uff_fail(r, d->src, TRT_STATUS_INVALID_ARGUMENT, "needs the output's H and W");
      return false;
    }
    TfInput x = d->inputs[0];
    d->inputs[0] = d->inputs[2];
    d->inputs[2] = x;
    d->op = "Conv2DBackpropInput";
    return true;
  }
  int64_t groups = field_int(r, d->src, "number_groups", 1);
  d->op = "Conv2D";
  if (groups > 1) {
    /* Depthwise: the kernel's channels are the groups (else a grouped
     * convolution, which Conv2D's shapes express). */
    const TfNode *kernel = find_node(r->graph, d->inputs[1].text);
    while (kernel && !strcmp(kernel->op, "Identity") && kernel->nb_inputs == 1)
      kernel = find_node(r->graph, kernel->inputs[0].text);
    const TfAttr *v = kernel ? tf_attr(kernel, "value") : NULL;
    if (v && v->kind == TF_ATTR_TENSOR && v->tensor.dims.nb_dims == 4 &&
        v->tensor.dims.d[2] == groups)
      d->op = "DepthwiseConv2dNative";
  }
  return true;
}

static bool convert_fully_connected(const UffReader *r, Draft *d) {
  UffOrder w = input_order(r, d->src, 1);
  set_int(d, "transpose_b", TF_ATTR_BOOL, w == ORDER_NC_KC);
  d->op = "MatMul";
  return true;
}

/* UFF's axis counts the dims without the batch, channels first; TF's
 * counts all of them in the data's order. */
static bool convert_softmax(const UffReader *r, Draft *d) {
  int64_t axis = field_int(r, d->src, "axis", 0);
  if (data_channels_first(r, d->src))
    axis += 1;
  else if (axis == 0)
    axis = -1;
  set_int(d, "axis", TF_ATTR_INT, axis);
  d->op = "Softmax";
  return true;
}

static bool convert_pool(const UffReader *r, Draft *d, const char *op) {
  bool cf = data_channels_first(r, d->src);
  set_string(d, "data_format", cf ? "NCHW" : "NHWC");
  d->op = op;
  return per_dim(r, d, "kernel", "ksize", cf) && per_dim(r, d, "strides", "strides", cf) &&
         padding(r, d, cf);
}

/* An int (or list of ints) field passed as a Const input at `at`. */
static bool field_as_input(const UffReader *r, Draft *d, const char *name, int at) {
  const Uff__Data *v = field(r, d->src, name);
  if (v && v->data_oneof_case == UFF__DATA__DATA_ONEOF_I)
    return const_input(r, d, name, &v->i, 1, 0, at);
  if (v && v->data_oneof_case == UFF__DATA__DATA_ONEOF_I_LIST)
    return const_input(r, d, name, v->i_list->val, (int)v->i_list->n_val, 1, at);
  uff_fail(r, d->src, TRT_STATUS_INVALID_ARGUMENT, "a field of ints is missing");
  return false;
}

static bool needs_func(const char *op) {
  return strcmp(op, "Binary") == 0 || strcmp(op, "Unary") == 0 || strcmp(op, "Activation") == 0 ||
         strcmp(op, "Pool") == 0 || strcmp(op, "Reduce") == 0;
}

static bool convert_node(const UffReader *r, const Uff__Node *n) {
  const char *op = n->operation;
  if (strcmp(op, "MarkOutput") == 0) {
    for (size_t i = 0; i < n->n_inputs; i++)
      if (!tf_graph_mark_output(r->graph, n->inputs[i])) return false;
    return true;
  }
  const char *by_func = func_op(r, n);
  if (needs_func(op) && !by_func) {
    char msg[300];
    snprintf(msg, sizeof msg, "func '%s' is not supported", field_string(r, n, "func"));
    uff_fail(r, n, TRT_STATUS_UNSUPPORTED, msg);
    return false;
  }
  Draft d;
  if (!draft_init(r, n, &d)) return false;
  if (by_func) d.op = by_func;
  bool ok = true;
  if (strcmp(op, "Input") == 0) {
    ok = convert_input(r, &d);
  } else if (strcmp(op, "Const") == 0) {
    ok = convert_const(r, &d);
  } else if (strcmp(op, "Conv") == 0 || strcmp(op, "ConvTranspose") == 0) {
    ok = convert_conv(r, &d, strcmp(op, "ConvTranspose") == 0);
  } else if (strcmp(op, "FullyConnected") == 0) {
    ok = convert_fully_connected(r, &d);
  } else if (strcmp(op, "Softmax") == 0) {
    ok = convert_softmax(r, &d);
  } else if (strcmp(op, "Pool") == 0) {
    ok = convert_pool(r, &d, by_func);
  } else if (strcmp(op, "Reduce") == 0) {
    set_int(&d, "keep_dims", TF_ATTR_BOOL, field_int(r, n, "keepdims", 0));
    ok = field_as_input(r, &d, "axes", 1);
  } else if (strcmp(op, "Concat") == 0) {
    d.op = "ConcatV2";
    ok = field_as_input(r, &d, "axis", d.nb_inputs);
  } else if (strcmp(op, "ExpandDims") == 0) {
    ok = d.nb_inputs >= 2 || field_as_input(r, &d, "axis", 1);
  } else if (strcmp(op, "Squeeze") == 0) {
    const Uff__Data *axis = field(r, n, "axis");
    if (axis && axis->data_oneof_case == UFF__DATA__DATA_ONEOF_I)
      ok = set_ints(r, &d, "squeeze_dims", &axis->i, 1);
  } else if (strcmp(op, "Transpose") == 0) {
    ok = d.nb_inputs >= 2 || field_as_input(r, &d, "permutation", 1);
  } else if (strcmp(op, "Stack") == 0) {
    d.op = "Pack";
  } else if (strcmp(op, "BatchNorm") == 0) {
    set_string(&d, "data_format", data_channels_first(r, n) ? "NCHW" : "NHWC");
    set_int(&d, "is_training", TF_ATTR_BOOL, 0);
    d.op = "FusedBatchNorm";
  } else if (strcmp(op, "Cast") == 0) {
    const Uff__Data *to = field(r, n, "dtype");
    set_int(&d, "DstT", TF_ATTR_TYPE,
            to && to->data_oneof_case == UFF__DATA__DATA_ONEOF_DTYPE ? tf_dtype(to->dtype) : 0);
  } else if (op[0] == '_') {
    d.op = op + 1; /* a TensorFlow op the converter kept as it was */
  }
  /* Identity, Flatten, Reshape, Pad, Shape, StridedSlice keep their names. */
  return ok && draft_finish(r, &d);
}

TrtStatus tf_read_uff(const Uff__MetaGraph *meta, const char *file, TfGraph *graph,
                      TrtLogger *logger) {
  const Uff__Graph *main = NULL;
  for (size_t i = 0; i < meta->n_graphs && !main; i++)
    if (strcmp(meta->graphs[i]->id, "main") == 0) main = meta->graphs[i];
  if (!main && meta->n_graphs) main = meta->graphs[0];
  if (!main || !main->n_nodes) {
    trt_log(logger, TRT_SEVERITY_ERROR, "%s: the UFF file has no graph with nodes", file);
    return TRT_STATUS_PARSE_ERROR;
  }
  UffReader r = {graph, meta, file, logger};
  /* Consts and Identities first: Conv looks at its kernel's shape. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < main->n_nodes; i++) {
      const Uff__Node *n = main->nodes[i];
      bool first = !strcmp(n->operation, "Const") || !strcmp(n->operation, "Identity");
      if (first != (pass == 0)) continue;
      if (!convert_node(&r, n)) {
        trt_log(logger, TRT_SEVERITY_ERROR, "%s: node '%s' (%s) of the UFF file cannot be read",
                file, n->id, n->operation);
        return TRT_STATUS_PARSE_ERROR;
      }
    }
  return tf_graph_link(graph, file, logger);
}
