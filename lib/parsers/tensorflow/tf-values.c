/* Values of node outputs and their layouts (see tf-import.h), the layers
 * and constants converters make, and the names the network's tensors get. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/util.h"
#include "tf-import.h"

/* ---- names ------------------------------------------------------------------------ */

/* Gives `t` the name `base`. A tensor that already has it is renamed
 * ("<base>_<n>"), unless it is a network input, which keeps its name: `t`
 * then gets the variant. */
static TrtStatus name_tensor(TfImporter *imp, TrtTensor *t, const char *base) {
  TrtTensor *holder = trt_network_find_tensor(imp->net, base);
  if (holder == t) return TRT_STATUS_OK;
  char *name = NULL;
  if (holder && holder->role == TRT_TENSOR_INPUT) {
    name = trt_network_unique_name(imp->net, base);
  } else {
    if (holder) {
      char *other = trt_network_unique_name(imp->net, base);
      TrtStatus s = other ? trt_tensor_set_name(holder, other) : TRT_STATUS_OUT_OF_MEMORY;
      free(other);
      if (s != TRT_STATUS_OK) return s;
    }
    name = trt_strdup(base);
  }
  TrtStatus s = name ? trt_tensor_set_name(t, name) : TRT_STATUS_OUT_OF_MEMORY;
  free(name);
  return s;
}

static void output_tensor_name(const TfNode *node, int k, char *buf, size_t size) {
  if (k)
    snprintf(buf, size, "%s:%d", node->name, k);
  else
    snprintf(buf, size, "%s", node->name);
}

static TrtTensor *transpose_named(TfImporter *imp, const TfNode *node, const char *name,
                                  TrtTensor *t, const int8_t *perm, int rank);

/* ---- shapes ------------------------------------------------------------------------ */

bool tf_dims(TfImporter *imp, const TrtTensor *t, TrtDims *dims) {
  if (t->role == TRT_TENSOR_CONSTANT) {
    *dims = t->dims;
    return true;
  }
  const TrtNetwork *net = imp->net;
  if (imp->shapes_layers != net->nb_layers || imp->shapes_tensors != net->nb_tensors) {
    /* Inputs with a batch of 1: what is inferred here must not depend on it. */
    TrtDims *in = calloc((size_t)net->nb_inputs + 1, sizeof *in);
    if (!in) return false;
    for (int i = 0; i < net->nb_inputs; i++) {
      in[i] = net->inputs[i]->dims;
      if (in[i].nb_dims > 0 && in[i].d[0] < 0) in[i].d[0] = 1;
    }
    trt_shape_state_free(&imp->shapes);
    imp->shapes_ok =
        trt_infer_network(net, in, false, &imp->shapes, imp->logger) == TRT_STATUS_OK;
    free(in);
    imp->shapes_layers = net->nb_layers;
    imp->shapes_tensors = net->nb_tensors;
  }
  if (!imp->shapes_ok || t->id >= imp->shapes.nb_tensors) return false;
  *dims = imp->shapes.views[t->id].dims;
  return dims->nb_dims >= 0;
}

TrtDataType tf_type(TfImporter *imp, const TrtTensor *t) {
  TrtDims d;
  if (t->role != TRT_TENSOR_ACTIVATION || !tf_dims(imp, t, &d)) return t->type;
  return imp->shapes.views[t->id].type;
}

int tf_rank(TfImporter *imp, const TfNode *node, TfValue *v) {
  if (v->rank >= 0) return v->rank;
  TrtDims d;
  if (!tf_dims(imp, v->tensor, &d)) {
    tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
            "the shape of input '%s' is not known (see the error above)",
            trt_tensor_get_name(v->tensor));
    return -1;
  }
  v->rank = d.nb_dims;
  return v->rank;
}

bool tf_value_dims(TfImporter *imp, const TfNode *node, TfValue *v, TrtDims *dims) {
  TrtDims d;
  if (!tf_dims(imp, v->tensor, &d)) {
    tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
            "the shape of input '%s' is not known (see the error above)",
            trt_tensor_get_name(v->tensor));
    return false;
  }
  *dims = d;
  if (v->permuted)
    for (int i = 0; i < d.nb_dims; i++) dims->d[v->axes[i]] = d.d[i];
  return true;
}

/* ---- values --------------------------------------------------------------------------- */

TfValue *tf_in(TfImporter *imp, const TfNode *node, int i) {
  const TfInput *in = &node->inputs[i];
  return &imp->values[in->node][in->output];
}

const TfNode *tf_in_node(const TfImporter *imp, const TfNode *node, int i) {
  return &imp->graph->nodes[node->inputs[i].node];
}

void tf_channels_first_axes(int rank, int8_t *axes) {
  axes[0] = 0;
  axes[1] = (int8_t)(rank - 1);
  for (int i = 2; i < rank; i++) axes[i] = (int8_t)(i - 1);
}

static bool is_identity(const int8_t *perm, int rank) {
  for (int i = 0; i < rank; i++)
    if (perm[i] != i) return false;
  return true;
}

TrtTensor *tf_ordered(TfImporter *imp, const TfNode *node, TfValue *v, const int8_t *want,
                      int rank) {
  if (v->flat_rank) { /* its features back in TF's order first */
    TfValue plain = {.tensor = tf_unflatten(imp, node, v), .rank = 2};
    return plain.tensor ? tf_ordered(imp, node, &plain, want, rank) : NULL;
  }
  int have_rank = tf_rank(imp, node, v);
  if (have_rank < 0) return NULL;
  if (have_rank != rank) {
    tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "input '%s' has rank %d, %d is needed",
            trt_tensor_get_name(v->tensor), have_rank, rank);
    return NULL;
  }
  /* Transpose perm: result dim i is the tensor dim holding TF axis want[i]. */
  int8_t perm[TRT_MAX_DIMS];
  for (int i = 0; i < rank; i++) {
    perm[i] = want[i];
    for (int j = 0; v->permuted && j < rank; j++)
      if (v->axes[j] == want[i]) perm[i] = (int8_t)j;
  }
  if (is_identity(perm, rank)) return v->tensor;
  for (int c = 0; c < 2; c++)
    if (v->copies[c] && memcmp(v->copy_axes[c], want, (size_t)rank) == 0) return v->copies[c];
  /* Named after the value, so that other readers see what it is. */
  char order[TRT_MAX_DIMS + 1], name[1100];
  for (int i = 0; i < rank; i++) order[i] = (char)('0' + want[i]);
  order[rank] = '\0';
  snprintf(name, sizeof name, "%s/to_%s", trt_tensor_get_name(v->tensor), order);
  TrtTensor *t = transpose_named(imp, node, name, v->tensor, perm, rank);
  if (!t) return NULL;
  int c = v->copies[0] ? 1 : 0;
  v->copies[c] = t;
  memcpy(v->copy_axes[c], want, (size_t)rank);
  return t;
}

TrtTensor *tf_plain(TfImporter *imp, const TfNode *node, TfValue *v) {
  if (v->flat_rank) return tf_unflatten(imp, node, v);
  if (!v->permuted) return v->tensor;
  int8_t identity[TRT_MAX_DIMS];
  for (int i = 0; i < v->rank; i++) identity[i] = (int8_t)i;
  return tf_ordered(imp, node, v, identity, v->rank);
}

TrtTensor *tf_plain_in(TfImporter *imp, const TfNode *node, int i) {
  return tf_plain(imp, node, tf_in(imp, node, i));
}

void *tf_const_in(TfImporter *imp, const TfNode *node, int i, TrtDataType type, TrtDims *dims,
                  const char *what) {
  TrtTensor *t = tf_plain_in(imp, node, i);
  if (!t) return NULL;
  if (t->role != TRT_TENSOR_CONSTANT) {
    tf_fail(imp, node, TRT_STATUS_UNSUPPORTED,
            "the %s ('%s') must be a constant of the graph", what, node->inputs[i].text);
    return NULL;
  }
  int64_t n = trt_dims_volume(&t->dims);
  void *out = malloc((size_t)(n > 0 ? n : 1) * trt_data_type_size(type));
  if (!out) {
    tf_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
    return NULL;
  }
  for (int64_t k = 0; k < n; k++) {
    double f = 0;
    int64_t v = 0;
    bool is_float = t->type == TRT_DATA_TYPE_FLOAT;
    switch (t->type) {
    case TRT_DATA_TYPE_FLOAT: f = ((const float *)t->data)[k]; break;
    case TRT_DATA_TYPE_INT32: v = ((const int32_t *)t->data)[k]; break;
    case TRT_DATA_TYPE_INT64: v = ((const int64_t *)t->data)[k]; break;
    case TRT_DATA_TYPE_INT8: v = ((const int8_t *)t->data)[k]; break;
    default: v = ((const uint8_t *)t->data)[k]; break;
    }
    /* Integers (axes, shapes, counts) read from a float constant must be
     * whole numbers that fit: converting NaN, infinities or 1e30 is undefined. */
    if (is_float && type != TRT_DATA_TYPE_FLOAT &&
        !(f > -9.2e18 && f < 9.2e18 && (double)(int64_t)f == f)) {
      tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
              "the %s ('%s') has the value %g, not a whole number", what,
              node->inputs[i].text, f);
      free(out);
      return NULL;
    }
    if (type == TRT_DATA_TYPE_FLOAT)
      ((float *)out)[k] = is_float ? (float)f : (float)v;
    else
      ((int64_t *)out)[k] = is_float ? (int64_t)f : v;
  }
  *dims = t->dims;
  return out;
}

int tf_const_ints_in(TfImporter *imp, const TfNode *node, int i, int64_t *out, int max,
                     const char *what) {
  TrtDims dims;
  int64_t *values = tf_const_in(imp, node, i, TRT_DATA_TYPE_INT64, &dims, what);
  if (!values) return -1;
  int64_t n = trt_dims_volume(&dims);
  if (n > max) {
    free(values);
    tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the %s must be a list of at most %d values",
            what, max);
    return -1;
  }
  memcpy(out, values, (size_t)n * sizeof *out);
  free(values);
  return (int)n;
}

int tf_known_ints_in(TfImporter *imp, const TfNode *node, int i, int64_t *out, int max,
                     const char *what) {
  TrtTensor *t = tf_plain_in(imp, node, i);
  if (!t) return -1;
  if (t->role == TRT_TENSOR_CONSTANT) return tf_const_ints_in(imp, node, i, out, max, what);
  TrtDims dims;
  const TrtShapeView *view = tf_dims(imp, t, &dims) ? &imp->shapes.views[t->id] : NULL;
  int64_t n = view ? trt_dims_volume(&dims) : -1;
  if (!view || !view->value || dims.nb_dims > 1 || n > max ||
      (view->type != TRT_DATA_TYPE_INT32 && view->type != TRT_DATA_TYPE_INT64)) {
    tf_fail(imp, node, TRT_STATUS_UNSUPPORTED,
            "the %s ('%s') must be at most %d integers known when the file is read", what,
            node->inputs[i].text, max);
    return -1;
  }
  for (int64_t k = 0; k < n; k++)
    out[k] = view->type == TRT_DATA_TYPE_INT32 ? ((const int32_t *)view->value)[k]
                                            : ((const int64_t *)view->value)[k];
  return (int)n;
}

/* ---- outputs --------------------------------------------------------------------------- */

TrtStatus tf_set_ordered(TfImporter *imp, const TfNode *node, int k, TrtTensor *t,
                         const int8_t *axes, int rank) {
  if (!t) return TRT_STATUS_INVALID_ARGUMENT; /* the maker logged why */
  TfValue *v = &imp->values[node - imp->graph->nodes][k];
  memset(v, 0, sizeof *v);
  v->tensor = t;
  v->rank = axes ? rank : -1;
  v->permuted = axes && !is_identity(axes, rank);
  if (v->permuted) memcpy(v->axes, axes, (size_t)rank);
  if (t->role != TRT_TENSOR_ACTIVATION) return TRT_STATUS_OK;
  char name[1100];
  output_tensor_name(node, k, name, sizeof name);
  TrtStatus s = name_tensor(imp, t, name);
  return s == TRT_STATUS_OK ? s : tf_fail(imp, node, s, "cannot name output %d", k);
}

TrtStatus tf_set(TfImporter *imp, const TfNode *node, int k, TrtTensor *t) {
  return tf_set_ordered(imp, node, k, t, NULL, 0);
}

TrtStatus tf_set_same(TfImporter *imp, const TfNode *node, int k, const TfValue *v) {
  TfValue *out = &imp->values[node - imp->graph->nodes][k];
  *out = *v;
  return TRT_STATUS_OK;
}

TrtStatus tf_finish_output(TfImporter *imp, const TfNode *node, int k, const char *name) {
  TfValue *v = &imp->values[node - imp->graph->nodes][k];
  TrtTensor *t = tf_plain(imp, node, v);
  if (!t) return TRT_STATUS_SHAPE_ERROR;
  if (t->role != TRT_TENSOR_ACTIVATION || t->is_output) {
    /* Inputs, constants and tensors that are already an output get their
     * own copy. */
    TrtTensor *in = t;
    t = tf_layer(imp, node, "output", TRT_LAYER_IDENTITY, &in, 1, NULL);
    if (!t) return TRT_STATUS_INVALID_ARGUMENT;
  }
  TrtStatus s = name_tensor(imp, t, name);
  if (s == TRT_STATUS_OK) s = trt_network_mark_output(imp->net, t);
  return s == TRT_STATUS_OK ? s : tf_fail(imp, node, s, "cannot make '%s' an output", name);
}

/* ---- layers and constants ------------------------------------------------------------------ */

TrtLayer *tf_add_layer(TfImporter *imp, const TfNode *node, const char *suffix, TrtLayerType type,
                       TrtTensor *const *inputs, int nb_inputs, const void *params,
                       int nb_outputs) {
  for (int i = 0; i < nb_inputs; i++)
    if (!inputs[i] && i < trt_op_info(type)->min_inputs) return NULL; /* logged by its maker */
  TrtLayer *l = trt_network_add_layer(imp->net, type, inputs, nb_inputs, params, nb_outputs);
  if (!l) {
    tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "cannot add a %s layer",
            trt_layer_type_name(type));
    return NULL;
  }
  char name[1100];
  if (suffix)
    snprintf(name, sizeof name, "%s/%s", node->name, suffix);
  else
    snprintf(name, sizeof name, "%s", node->name);
  trt_layer_set_name(l, name);
  for (int i = 0; i < nb_outputs; i++) {
    char out[1200];
    if (nb_outputs == 1)
      snprintf(out, sizeof out, "%s", name);
    else
      snprintf(out, sizeof out, "%s:%d", name, i);
    if (name_tensor(imp, trt_layer_get_output(l, i), out) != TRT_STATUS_OK) return NULL;
  }
  return l;
}

TrtTensor *tf_layer(TfImporter *imp, const TfNode *node, const char *suffix, TrtLayerType type,
                    TrtTensor *const *inputs, int nb_inputs, const void *params) {
  TrtLayer *l = tf_add_layer(imp, node, suffix, type, inputs, nb_inputs, params, 1);
  return l ? trt_layer_get_output(l, 0) : NULL;
}

TrtTensor *tf_constant(TfImporter *imp, const TfNode *node, const char *suffix, TrtDataType type,
                       const TrtDims *dims, const void *data) {
  char name[1100];
  if (suffix)
    snprintf(name, sizeof name, "%s/%s", node->name, suffix);
  else
    snprintf(name, sizeof name, "%s", node->name);
  TrtTensor *t = trt_network_add_constant(imp->net, name, type, dims, data);
  if (!t) tf_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "cannot add the constant '%s'", name);
  return t;
}

TrtTensor *tf_const_i64(TfImporter *imp, const TfNode *node, const char *suffix,
                        const int64_t *values, int count) {
  TrtDims dims = {1, {count}};
  return tf_constant(imp, node, suffix, TRT_DATA_TYPE_INT64, &dims, values);
}

/* Copies `src` of dims `in` into `dst` transposed by `perm`. */
static void permute_bytes(const uint8_t *src, uint8_t *dst, const TrtDims *in,
                          const int8_t *perm, size_t elem) {
  int rank = in->nb_dims;
  int64_t stride[TRT_MAX_DIMS], out_dims[TRT_MAX_DIMS], idx[TRT_MAX_DIMS] = {0};
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; i--) {
    stride[i] = s;
    s *= in->d[i];
  }
  for (int i = 0; i < rank; i++) out_dims[i] = in->d[perm[i]];
  int64_t n = trt_dims_volume(in);
  for (int64_t o = 0; o < n; o++) {
    int64_t off = 0;
    for (int i = 0; i < rank; i++) off += idx[i] * stride[perm[i]];
    memcpy(dst + (size_t)o * elem, src + (size_t)off * elem, elem);
    for (int i = rank - 1; i >= 0; i--) {
      if (++idx[i] < out_dims[i]) break;
      idx[i] = 0;
    }
  }
}

/* A transpose of `t` whose result is called `name` (constants are
 * permuted here, other tensors get a layer of that name). */
static TrtTensor *transpose_named(TfImporter *imp, const TfNode *node, const char *name,
                                  TrtTensor *t, const int8_t *perm, int rank) {
  if (!t) return NULL;
  if (is_identity(perm, rank)) return t;
  if (t->role == TRT_TENSOR_CONSTANT && t->dims.nb_dims == rank) {
    size_t elem = trt_data_type_size(t->type);
    int64_t n = trt_dims_volume(&t->dims);
    uint8_t *data = malloc((size_t)(n ? n : 1) * elem);
    if (!data) {
      tf_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
      return NULL;
    }
    permute_bytes(t->data, data, &t->dims, perm, elem);
    TrtDims dims = {rank, {0}};
    for (int i = 0; i < rank; i++) dims.d[i] = t->dims.d[perm[i]];
    TrtTensor *out = trt_network_add_constant(imp->net, name, t->type, &dims, data);
    free(data);
    if (!out) tf_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "cannot add the constant '%s'", name);
    return out;
  }
  TrtTransposeParams p = {.nb_perm = rank};
  for (int i = 0; i < rank; i++) p.perm[i] = perm[i];
  TrtLayer *l = trt_network_add_layer(imp->net, TRT_LAYER_TRANSPOSE, &t, 1, &p, 1);
  if (!l) {
    tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "cannot add a Transpose layer");
    return NULL;
  }
  trt_layer_set_name(l, name);
  TrtTensor *out = trt_layer_get_output(l, 0);
  return name_tensor(imp, out, name) == TRT_STATUS_OK ? out : NULL;
}

TrtTensor *tf_transpose(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *t,
                        const int8_t *perm, int rank) {
  char name[1100];
  snprintf(name, sizeof name, "%s/%s", node->name, suffix);
  return transpose_named(imp, node, name, t, perm, rank);
}

TrtTensor *tf_cast(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *t,
                   TrtDataType to) {
  if (!t || tf_type(imp, t) == to) return t;
  TrtCastParams p = {.to = to};
  return tf_layer(imp, node, suffix, TRT_LAYER_CAST, &t, 1, &p);
}

TrtTensor *tf_elementwise(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *a,
                          TrtTensor *b, TrtElementwiseOp op) {
  TrtElementwiseParams p = {.op = op};
  TrtTensor *in[2] = {a, b};
  return a && b ? tf_layer(imp, node, suffix, TRT_LAYER_ELEMENTWISE, in, 2, &p) : NULL;
}

TrtTensor *tf_unary(TfImporter *imp, const TfNode *node, const char *suffix, TrtTensor *x,
                    TrtUnaryOp op) {
  TrtUnaryParams p = {.op = op};
  return x ? tf_layer(imp, node, suffix, TRT_LAYER_UNARY, &x, 1, &p) : NULL;
}

/* `t` (TF order, rank k) with `rank - k` leading dims of 1. */
static TrtTensor *leading_ones(TfImporter *imp, const TfNode *node, const char *suffix,
                               TrtTensor *t, int k, int rank) {
  if (k == rank) return t;
  if (t->role == TRT_TENSOR_CONSTANT) {
    TrtDims dims = {rank, {0}};
    for (int i = 0; i < rank; i++) dims.d[i] = i < rank - k ? 1 : t->dims.d[i - (rank - k)];
    return tf_constant(imp, node, suffix, t->type, &dims, t->data);
  }
  TrtAxesParams p = {.nb_axes = rank - k};
  for (int i = 0; i < rank - k; i++) p.axes[i] = i;
  return tf_layer(imp, node, suffix, TRT_LAYER_UNSQUEEZE, &t, 1, &p);
}

TrtStatus tf_broadcast(TfImporter *imp, const TfNode *node, TfValue *const *in, int n,
                       TrtTensor **out, int8_t *axes, int *rank) {
  int r = 0;
  for (int i = 0; i < n; i++) {
    int k = tf_rank(imp, node, in[i]);
    if (k < 0) return TRT_STATUS_SHAPE_ERROR;
    if (k > r) r = k;
  }
  /* The order of the first full-rank permuted operand, else TF's. */
  for (int i = 0; i < r; i++) axes[i] = (int8_t)i;
  for (int i = 0; i < n; i++)
    if (in[i]->permuted && in[i]->rank == r) {
      memcpy(axes, in[i]->axes, (size_t)r);
      break;
    }
  bool permuted = !is_identity(axes, r);
  for (int i = 0; i < n; i++) {
    int k = in[i]->rank;
    if (k == r) {
      out[i] = tf_ordered(imp, node, in[i], axes, r);
    } else if (k == 0 || !permuted) {
      out[i] = tf_plain(imp, node, in[i]); /* NumPy broadcasting lines it up */
    } else {
      char suffix[32];
      snprintf(suffix, sizeof suffix, "in%d_rank%d", i, r);
      TrtTensor *t = leading_ones(imp, node, suffix, tf_plain(imp, node, in[i]), k, r);
      snprintf(suffix, sizeof suffix, "in%d_ordered", i);
      out[i] = tf_transpose(imp, node, suffix, t, axes, r);
    }
    if (!out[i]) return TRT_STATUS_INVALID_ARGUMENT;
  }
  *rank = r;
  return TRT_STATUS_OK;
}

TrtStatus tf_binary(TfImporter *imp, const TfNode *node, TrtElementwiseOp op) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TfValue *in[2] = {tf_in(imp, node, 0), tf_in(imp, node, 1)};
  TrtTensor *t[2];
  int8_t axes[TRT_MAX_DIMS];
  int rank;
  s = tf_broadcast(imp, node, in, 2, t, axes, &rank);
  if (s != TRT_STATUS_OK) return s;
  TrtDataType a = tf_type(imp, t[0]), b = tf_type(imp, t[1]);
  if (a != b)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "its inputs are of %s and %s",
                   trt_data_type_name(a), trt_data_type_name(b));
  return tf_set_ordered(imp, node, 0, tf_elementwise(imp, node, NULL, t[0], t[1], op), axes,
                        rank);
}

TrtStatus tf_padding(TfImporter *imp, const TfNode *node, bool channels_last, int32_t *mode,
                     int64_t *pad_begin, int64_t *pad_end) {
  char padding[32];
  tf_attr_string(node, "padding", padding, sizeof padding);
  pad_begin[0] = pad_begin[1] = pad_end[0] = pad_end[1] = 0;
  if (strcmp(padding, "SAME") == 0) {
    *mode = TRT_PADDING_SAME_UPPER; /* TensorFlow puts the odd one at the end */
  } else if (strcmp(padding, "VALID") == 0) {
    *mode = TRT_PADDING_VALID;
  } else if (strcmp(padding, "EXPLICIT") == 0) {
    int64_t pads[8];
    if (!tf_attr_ints(imp, node, "explicit_paddings", pads, 8, 8, NULL))
      return TRT_STATUS_INVALID_ARGUMENT;
    int h = channels_last ? 1 : 2;
    for (int i = 0; i < 2; i++) {
      pad_begin[i] = pads[2 * (h + i)];
      pad_end[i] = pads[2 * (h + i) + 1];
      if (pad_begin[i] < 0 || pad_end[i] < 0)
        return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "explicit pads must be >= 0");
    }
    *mode = TRT_PADDING_EXPLICIT;
  } else {
    return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "padding '%s' is not supported", padding);
  }
  return TRT_STATUS_OK;
}
