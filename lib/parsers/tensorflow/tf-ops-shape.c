/* Converters of inputs, constants and data movement: Placeholder, Const,
 * Identity, Cast, Reshape, Flatten, Squeeze, ExpandDims, Transpose, Concat,
 * Pack, Pad, MirrorPad, Shape, StridedSlice and Fill. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tf-import.h"

/* ---- inputs and constants ---------------------------------------------------- */

static const TrtUffInput *registration(const TfImporter *imp, const char *name) {
  for (int i = 0; i < imp->nb_inputs; i++)
    if (strcmp(imp->inputs[i].name, name) == 0) return &imp->inputs[i];
  return NULL;
}

static TrtDataType input_type(const TfNode *node) {
  TrtDataType type = TRT_DATA_TYPE_FLOAT;
  int64_t dtype = tf_attr_int(node, "dtype", tf_attr_int(node, "T", TENSORFLOW__DATA_TYPE__DT_FLOAT));
  return tf_type_to_trt((int)dtype, &type) ? type : TRT_DATA_TYPE_FLOAT;
}

/* The shape a placeholder declares, or NULL when it leaves it open. Old
 * graphs write an open shape as one of no dims. */
static const TfAttr *placeholder_shape(const TfNode *node) {
  const TfAttr *shape = tf_attr(node, "shape");
  if (!shape || shape->kind != TF_ATTR_SHAPE || shape->shape.nb_dims <= 0) return NULL;
  return shape;
}

/* Whether the non-batch dims of `shape` (-1 matches anything) are `want`. */
static bool dims_match(const TrtDims *shape, const int64_t *want, int n) {
  for (int i = 0; i < n; i++)
    if (shape->d[1 + i] >= 0 && shape->d[1 + i] != want[i]) return false;
  return true;
}

/* A registered input: dims C x S... fed as `order`; the graph's value is
 * channels last unless the placeholder's shape says otherwise. */
static TrtStatus registered_input(TfImporter *imp, const TfNode *node, const TrtUffInput *reg) {
  const TrtDims *d = &reg->dims;
  char buf[128], buf2[128];
  bool ok = d->nb_dims >= 0 && d->nb_dims < TRT_MAX_DIMS;
  for (int i = 0; ok && i < d->nb_dims; i++) ok = d->d[i] >= 1;
  if (!ok)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                   "registered dims %s: up to %d dims, each >= 1, without the batch",
                   d->nb_dims >= 0 ? trt_dims_format(d, buf, sizeof buf) : "(negative rank)",
                   TRT_MAX_DIMS - 1);
  int k = d->nb_dims, rank = k + 1;
  int64_t cl[TRT_MAX_DIMS]; /* the dims channels last */
  for (int i = 0; i + 1 < k; i++) cl[i] = d->d[i + 1];
  if (k) cl[k - 1] = d->d[0];
  bool graph_channels_last = true;
  const TfAttr *shape = placeholder_shape(node);
  if (k >= 2 && shape) {
    bool fits_cl = shape->shape.nb_dims == rank && dims_match(&shape->shape, cl, k);
    bool fits_cf = shape->shape.nb_dims == rank && dims_match(&shape->shape, d->d, k);
    if (!fits_cl && !fits_cf)
      return tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                     "the registered dims %s (C x H x W, without the batch) do not fit the "
                     "placeholder's shape %s",
                     trt_dims_format(d, buf, sizeof buf),
                     trt_dims_format(&shape->shape, buf2, sizeof buf2));
    graph_channels_last = fits_cl;
  }
  bool fed_channels_last = reg->order == TRT_UFF_INPUT_ORDER_NHWC;
  if (reg->order == TRT_UFF_INPUT_ORDER_NC || k < 2) fed_channels_last = graph_channels_last;
  TrtDims dims = {rank, {-1}};
  for (int i = 0; i < k; i++) dims.d[1 + i] = fed_channels_last ? cl[i] : d->d[i];
  TrtTensor *t = trt_network_add_input(imp->net, node->name, input_type(node), &dims);
  if (!t) return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "cannot add the input");
  int8_t axes[TRT_MAX_DIMS];
  for (int i = 0; i < rank; i++) axes[i] = (int8_t)i;
  if (graph_channels_last && !fed_channels_last) {
    tf_channels_first_axes(rank, axes);
  } else if (!graph_channels_last && fed_channels_last) {
    for (int i = 1; i + 1 < rank; i++) axes[i] = (int8_t)(i + 1);
    axes[rank - 1] = 1;
  }
  return tf_set_ordered(imp, node, 0, t, axes, rank);
}

TF_CONVERTER(tf_convert_placeholder) {
  const TrtUffInput *reg = registration(imp, node->name);
  if (reg) return registered_input(imp, node, reg);
  const TfAttr *shape = placeholder_shape(node);
  if (!shape)
    return tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                   "the input's shape is not in the file: register the input with its dims");
  TrtDims dims = shape->shape;
  for (int i = 1; i < dims.nb_dims; i++)
    if (dims.d[i] < 0)
      return tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR,
                     "dim %d of the input is unknown: register the input with its dims", i);
  TrtTensor *t = trt_network_add_input(imp->net, node->name, input_type(node), &dims);
  if (!t) return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "cannot add the input");
  return tf_set(imp, node, 0, t);
}

TF_CONVERTER(tf_convert_const) {
  const TfAttr *value = tf_attr(node, "value");
  if (!value || value->kind != TF_ATTR_TENSOR)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the constant has no value");
  char what[1200];
  snprintf(what, sizeof what, "%s: node '%s' (Const)", imp->file, node->name);
  TrtDataType type;
  int64_t count;
  void *data = tf_tensor_decode(&value->tensor, &type, &count, what, imp->logger);
  if (!data) /* a type without a counterpart, or a damaged value */
    return tf_type_to_trt(value->tensor.dtype, &type) ? TRT_STATUS_PARSE_ERROR
                                                      : TRT_STATUS_UNSUPPORTED;
  TrtTensor *t = tf_constant(imp, node, NULL, type, &value->tensor.dims, data);
  free(data);
  return t ? tf_set(imp, node, 0, t) : TRT_STATUS_OUT_OF_MEMORY;
}

TF_CONVERTER(tf_convert_identity) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  return s == TRT_STATUS_OK ? tf_set_same(imp, node, 0, tf_in(imp, node, 0)) : s;
}

TF_CONVERTER(tf_convert_cast) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  int64_t to = tf_attr_int(node, "DstT", TENSORFLOW__DATA_TYPE__DT_INVALID);
  TrtDataType type;
  if (!tf_type_to_trt((int)to, &type))
    return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "casts to %s are not supported",
                   tf_type_name((int)to));
  TfValue *x = tf_in(imp, node, 0);
  if (tf_type(imp, x->tensor) == type) return tf_set_same(imp, node, 0, x);
  /* Elementwise: the input's order carries over. */
  if (tf_rank(imp, node, x) < 0) return TRT_STATUS_SHAPE_ERROR;
  return tf_set_ordered(imp, node, 0, tf_cast(imp, node, NULL, x->tensor, type),
                        x->permuted ? x->axes : NULL, x->rank);
}

/* ---- reshaping ---------------------------------------------------------------------- */

TF_CONVERTER(tf_convert_reshape) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK || tf_try_flatten(imp, node, &s)) return s;
  TrtTensor *in[2] = {tf_plain_in(imp, node, 0), tf_plain_in(imp, node, 1)};
  /* TensorFlow reads 0 in a shape as a dim of size 0. */
  TrtReshapeParams p = {.allow_zero = 1};
  return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_RESHAPE, in, 2, &p));
}

/* UFF's Flatten: [N, everything else]. */
TF_CONVERTER(tf_convert_flatten) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK || tf_try_flatten(imp, node, &s)) return s;
  TrtTensor *x = tf_plain_in(imp, node, 0);
  TrtAxisParams p = {.axis = 1};
  return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_FLATTEN, &x, 1, &p));
}

/* Removes TF axes `remove` (marked per axis) of a value of `rank`, in its
 * own order. */
static TrtStatus drop_axes(TfImporter *imp, const TfNode *node, TfValue *x, const bool *remove,
                           int rank) {
  TrtAxesParams p = {0};
  int8_t kept[TRT_MAX_DIMS];
  int nk = 0;
  for (int i = 0; i < rank; i++) {
    int a = x->permuted ? x->axes[i] : i;
    if (remove[a]) {
      p.axes[p.nb_axes++] = i;
    } else {
      /* The TF axis a becomes a minus the removed axes before it. */
      int renumbered = a;
      for (int j = 0; j < a; j++) renumbered -= remove[j];
      kept[nk++] = (int8_t)renumbered;
    }
  }
  if (!p.nb_axes) return tf_set_same(imp, node, 0, x);
  TrtTensor *t = tf_layer(imp, node, NULL, TRT_LAYER_SQUEEZE, &x->tensor, 1, &p);
  return tf_set_ordered(imp, node, 0, t, kept, nk);
}

TF_CONVERTER(tf_convert_squeeze) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  int64_t axes[TRT_MAX_DIMS];
  int n = 0;
  const char *name = tf_attr(node, "squeeze_dims") ? "squeeze_dims" : "axis";
  if (!tf_attr_ints(imp, node, name, axes, -1, TRT_MAX_DIMS, &n)) return TRT_STATUS_INVALID_ARGUMENT;
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  if (!n) { /* every dim of size 1, known only at build time */
    TrtTensor *t = tf_plain(imp, node, x);
    TrtAxesParams p = {0};
    return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_SQUEEZE, &t, 1, &p));
  }
  bool remove[TRT_MAX_DIMS] = {0};
  for (int i = 0; i < n; i++) {
    int a;
    if (!trt_normalize_axis(axes[i], rank, &a))
      return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range",
                     (long long)axes[i]);
    remove[a] = true;
  }
  return drop_axes(imp, node, x, remove, rank);
}

TF_CONVERTER(tf_convert_expand_dims) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  int64_t axis;
  if (tf_const_ints_in(imp, node, 1, &axis, 1, "axis") != 1)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "needs one axis");
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x), a;
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  if (rank + 1 > TRT_MAX_DIMS || !trt_normalize_axis(axis, rank + 1, &a))
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range",
                   (long long)axis);
  TrtTensor *t = tf_plain(imp, node, x);
  TrtAxesParams p = {.nb_axes = 1, .axes = {a}};
  return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_UNSQUEEZE, &t, 1, &p));
}

/* A transpose only renames the axes: no data moves until an op needs TF's
 * order. */
TF_CONVERTER(tf_convert_transpose) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  int64_t perm[TRT_MAX_DIMS];
  int n = tf_const_ints_in(imp, node, 1, perm, TRT_MAX_DIMS, "permutation");
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  int8_t inverse[TRT_MAX_DIMS];
  bool seen[TRT_MAX_DIMS] = {0};
  if (n != rank)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                   "the permutation has %d entries for an input of rank %d", n, rank);
  for (int j = 0; j < n; j++) {
    if (perm[j] < 0 || perm[j] >= rank || seen[perm[j]])
      return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "the permutation is not valid");
    seen[perm[j]] = true;
    inverse[perm[j]] = (int8_t)j; /* output axis j is input axis perm[j] */
  }
  TfValue y = {.tensor = x->tensor, .rank = rank, .permuted = true};
  for (int i = 0; i < rank; i++) y.axes[i] = inverse[x->permuted ? x->axes[i] : i];
  bool identity = true;
  for (int i = 0; i < rank; i++) identity = identity && y.axes[i] == i;
  y.permuted = !identity;
  return tf_set_same(imp, node, 0, &y);
}

/* ---- joining ------------------------------------------------------------------------ */

/* Concatenates input values [first, first + n) along TF `axis`. */
static TrtStatus concat(TfImporter *imp, const TfNode *node, int first, int n, int64_t axis) {
  if (n < 1) return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "has nothing to join");
  TfValue **in = calloc((size_t)n, sizeof *in);
  TrtTensor **t = calloc((size_t)n, sizeof *t);
  if (!in || !t) {
    free(in);
    free(t);
    return tf_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  }
  TrtStatus s = TRT_STATUS_OK;
  int rank = -1;
  const int8_t *order = NULL;
  for (int i = 0; s == TRT_STATUS_OK && i < n; i++) {
    in[i] = tf_in(imp, node, first + i);
    int r = tf_rank(imp, node, in[i]);
    if (r < 0) s = TRT_STATUS_SHAPE_ERROR;
    else if (rank >= 0 && r != rank)
      s = tf_fail(imp, node, TRT_STATUS_SHAPE_ERROR, "its inputs have ranks %d and %d", rank, r);
    rank = r;
    if (!order && in[i]->permuted) order = in[i]->axes;
  }
  int a = 0;
  if (s == TRT_STATUS_OK && !trt_normalize_axis(axis, rank, &a))
    s = tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range for rank %d",
                (long long)axis, rank);
  int8_t axes[TRT_MAX_DIMS];
  for (int i = 0; i < rank; i++) axes[i] = order ? order[i] : (int8_t)i;
  for (int i = 0; s == TRT_STATUS_OK && i < n; i++) {
    t[i] = tf_ordered(imp, node, in[i], axes, rank);
    if (!t[i]) s = TRT_STATUS_INVALID_ARGUMENT;
    else if (tf_type(imp, t[i]) != tf_type(imp, t[0]))
      s = tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "its inputs are of %s and %s",
                  trt_data_type_name(tf_type(imp, t[0])), trt_data_type_name(tf_type(imp, t[i])));
  }
  if (s == TRT_STATUS_OK) {
    TrtAxisParams p = {.axis = a};
    for (int i = 0; i < rank; i++)
      if (axes[i] == a) p.axis = i;
    s = tf_set_ordered(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_CONCAT, t, n, &p),
                       axes, rank);
  }
  free(in);
  free(t);
  return s;
}

TF_CONVERTER(tf_convert_concat_v2) {
  TrtStatus s = tf_need_inputs(imp, node, 2, -1);
  int64_t axis;
  if (s == TRT_STATUS_OK && tf_const_ints_in(imp, node, node->nb_inputs - 1, &axis, 1, "axis") != 1)
    s = TRT_STATUS_INVALID_ARGUMENT;
  return s == TRT_STATUS_OK ? concat(imp, node, 0, node->nb_inputs - 1, axis) : s;
}

/* The old Concat: the axis comes first. */
TF_CONVERTER(tf_convert_concat) {
  TrtStatus s = tf_need_inputs(imp, node, 2, -1);
  int64_t axis;
  if (s == TRT_STATUS_OK && tf_const_ints_in(imp, node, 0, &axis, 1, "axis") != 1)
    s = TRT_STATUS_INVALID_ARGUMENT;
  return s == TRT_STATUS_OK ? concat(imp, node, 1, node->nb_inputs - 1, axis) : s;
}

/* Stacks the inputs along a new axis. */
TF_CONVERTER(tf_convert_pack) {
  TrtStatus s = tf_need_inputs(imp, node, 1, -1);
  if (s != TRT_STATUS_OK) return s;
  int n = node->nb_inputs;
  TfValue *first = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, first), a;
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  int64_t axis = tf_attr_int(node, "axis", 0);
  if (rank + 1 > TRT_MAX_DIMS || !trt_normalize_axis(axis, rank + 1, &a))
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "axis %lld is out of range",
                   (long long)axis);
  TrtTensor **t = calloc((size_t)n, sizeof *t);
  if (!t) return tf_fail(imp, node, TRT_STATUS_OUT_OF_MEMORY, "out of memory");
  for (int i = 0; s == TRT_STATUS_OK && i < n; i++) {
    TfValue *v = tf_in(imp, node, i);
    TrtTensor *x = tf_plain(imp, node, v);
    char suffix[32];
    snprintf(suffix, sizeof suffix, "in%d", i);
    if (!x) {
      s = TRT_STATUS_INVALID_ARGUMENT;
    } else if (x->role == TRT_TENSOR_CONSTANT && x->dims.nb_dims == rank) {
      TrtDims dims = {rank + 1, {0}};
      for (int k = 0, j = 0; k <= rank; k++) dims.d[k] = k == a ? 1 : x->dims.d[j++];
      t[i] = tf_constant(imp, node, suffix, x->type, &dims, x->data);
    } else {
      TrtAxesParams p = {.nb_axes = 1, .axes = {a}};
      t[i] = tf_layer(imp, node, suffix, TRT_LAYER_UNSQUEEZE, &x, 1, &p);
    }
    if (s == TRT_STATUS_OK && !t[i]) s = TRT_STATUS_INVALID_ARGUMENT;
    if (s == TRT_STATUS_OK && tf_type(imp, t[i]) != tf_type(imp, t[0]))
      s = tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "its inputs are of %s and %s",
                  trt_data_type_name(tf_type(imp, t[0])), trt_data_type_name(tf_type(imp, t[i])));
  }
  if (s == TRT_STATUS_OK) {
    TrtAxisParams p = {.axis = a};
    s = tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_CONCAT, t, n, &p));
  }
  free(t);
  return s;
}

/* ---- padding -------------------------------------------------------------------------- */

/* Pads input 0 by the [rank, 2] paddings of input 1, in the input's order. */
static TrtStatus pad(TfImporter *imp, const TfNode *node, TrtPadMode mode, TrtTensor *value,
                     int max_pad) {
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  int64_t pads[2 * TRT_MAX_DIMS];
  int n = tf_const_ints_in(imp, node, 1, pads, 2 * TRT_MAX_DIMS, "paddings");
  if (n < 0) return TRT_STATUS_UNSUPPORTED;
  if (n != 2 * rank)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                   "the paddings have %d values for an input of rank %d", n, rank);
  int64_t ordered[2 * TRT_MAX_DIMS];
  for (int i = 0; i < rank; i++) {
    int a = x->permuted ? x->axes[i] : i;
    ordered[i] = pads[2 * a];
    ordered[rank + i] = pads[2 * a + 1];
  }
  for (int i = 0; i < 2 * rank; i++)
    if (ordered[i] < 0 || ordered[i] > max_pad)
      return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "a padding of %lld is not supported here",
                     (long long)ordered[i]);
  TrtTensor *in[3] = {x->tensor, tf_const_i64(imp, node, "pads", ordered, 2 * rank), value};
  TrtPadParams p = {.mode = mode};
  TrtTensor *t = tf_layer(imp, node, NULL, TRT_LAYER_PAD, in, value ? 3 : 2, &p);
  return tf_set_ordered(imp, node, 0, t, x->permuted ? x->axes : NULL, rank);
}

TF_CONVERTER(tf_convert_pad) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 3);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *value = NULL;
  if (node->nb_inputs == 3) { /* PadV2 */
    value = tf_plain_in(imp, node, 2);
    if (!value) return TRT_STATUS_INVALID_ARGUMENT;
  }
  return pad(imp, node, TRT_PAD_CONSTANT, value, INT32_MAX);
}

TF_CONVERTER(tf_convert_mirror_pad) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  if (tf_attr_is(node, "mode", "REFLECT", false)) return pad(imp, node, TRT_PAD_REFLECT, NULL, INT32_MAX);
  /* SYMMETRIC repeats the edge too; by one that is the edge itself. */
  if (tf_attr_is(node, "mode", "SYMMETRIC", false)) return pad(imp, node, TRT_PAD_EDGE, NULL, 1);
  return tf_fail(imp, node, TRT_STATUS_UNSUPPORTED, "the mode must be REFLECT or SYMMETRIC");
}

/* ---- shapes ------------------------------------------------------------------------------ */

TF_CONVERTER(tf_convert_shape) {
  TrtStatus s = tf_need_inputs(imp, node, 1, 1);
  if (s != TRT_STATUS_OK) return s;
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  TrtShapeParams p = {0};
  TrtTensor *t = tf_layer(imp, node, "dims", TRT_LAYER_SHAPE, &x->tensor, 1, &p);
  if (t && x->permuted) { /* TF axis j is tensor dim i where axes[i] == j */
    int64_t where[TRT_MAX_DIMS];
    for (int i = 0; i < rank; i++) where[x->axes[i]] = i;
    TrtTensor *in[2] = {t, tf_const_i64(imp, node, "tf_order", where, rank)};
    TrtAxisParams g = {.axis = 0};
    t = tf_layer(imp, node, "gather", TRT_LAYER_GATHER, in, 2, &g);
  }
  int64_t out_type = tf_attr_int(node, "out_type", TENSORFLOW__DATA_TYPE__DT_INT32);
  if (out_type == TENSORFLOW__DATA_TYPE__DT_INT32) t = tf_cast(imp, node, NULL, t, TRT_DATA_TYPE_INT32);
  return tf_set(imp, node, 0, t);
}

/* One dim of a StridedSlice after its masks: a range, or one index. */
typedef struct {
  int64_t start, end, step;
  bool shrink;
} SliceDim;

TF_CONVERTER(tf_convert_strided_slice) {
  TrtStatus s = tf_need_inputs(imp, node, 4, 4);
  if (s != TRT_STATUS_OK) return s;
  TfValue *x = tf_in(imp, node, 0);
  int rank = tf_rank(imp, node, x);
  if (rank < 0) return TRT_STATUS_SHAPE_ERROR;
  int64_t begin[TRT_MAX_DIMS * 2], end[TRT_MAX_DIMS * 2], stride[TRT_MAX_DIMS * 2];
  int n = tf_const_ints_in(imp, node, 1, begin, 2 * TRT_MAX_DIMS, "begin");
  int ne = n < 0 ? -1 : tf_const_ints_in(imp, node, 2, end, 2 * TRT_MAX_DIMS, "end");
  int ns = ne < 0 ? -1 : tf_const_ints_in(imp, node, 3, stride, 2 * TRT_MAX_DIMS, "strides");
  if (ns < 0) return TRT_STATUS_UNSUPPORTED;
  if (ne != n || ns != n)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                   "begin, end and strides have %d, %d and %d values", n, ne, ns);
  int64_t begin_mask = tf_attr_int(node, "begin_mask", 0), end_mask = tf_attr_int(node, "end_mask", 0);
  int64_t ellipsis = tf_attr_int(node, "ellipsis_mask", 0);
  int64_t new_axis = tf_attr_int(node, "new_axis_mask", 0);
  int64_t shrink = tf_attr_int(node, "shrink_axis_mask", 0);
  /* Input dims the spec names after an ellipsis (new axes consume none). */
  int after_ellipsis = 0;
  bool seen_ellipsis = false;
  for (int i = 0; i < n; i++) {
    if (ellipsis >> i & 1) {
      if (seen_ellipsis)
        return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "has two ellipses");
      seen_ellipsis = true;
    } else if (seen_ellipsis && !(new_axis >> i & 1)) {
      after_ellipsis++;
    }
  }
  SliceDim dims[TRT_MAX_DIMS];
  bool new_at[2 * TRT_MAX_DIMS] = {0}; /* output positions of new axes */
  int d = 0, out_pos = 0;
  for (int i = 0; i <= n; i++) {
    bool implicit_end = i == n; /* dims the spec leaves out are whole */
    if (implicit_end || (ellipsis >> i & 1)) {
      int whole = implicit_end ? rank - d : rank - d - after_ellipsis;
      if (whole < 0) break;
      for (int k = 0; k < whole && d < rank; k++, d++, out_pos++)
        dims[d] = (SliceDim){0, INT64_MAX, 1, false};
      if (implicit_end) break;
      continue;
    }
    if (new_axis >> i & 1) {
      if (out_pos >= 2 * TRT_MAX_DIMS) break;
      new_at[out_pos++] = true;
      continue;
    }
    if (d >= rank)
      return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                     "the slice names more dims than the input's %d", rank);
    if (stride[i] == 0) return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT, "a stride is 0");
    SliceDim sd = {begin[i], end[i], stride[i], false};
    if (shrink >> i & 1) {
      /* One index: [b, b + 1), where b + 1 == 0 means "to the end". */
      sd = (SliceDim){begin[i], begin[i] == -1 ? INT64_MAX : begin[i] + 1, 1, true};
    } else {
      if (begin_mask >> i & 1) sd.start = sd.step > 0 ? 0 : INT64_MAX;
      if (end_mask >> i & 1) sd.end = sd.step > 0 ? INT64_MAX : INT64_MIN;
      out_pos++;
    }
    dims[d++] = sd;
  }
  if (d != rank || out_pos > TRT_MAX_DIMS)
    return tf_fail(imp, node, TRT_STATUS_INVALID_ARGUMENT,
                   "the slice does not fit an input of rank %d", rank);
  TrtTensor *t = tf_plain(imp, node, x);
  int64_t starts[TRT_MAX_DIMS], ends[TRT_MAX_DIMS], axes[TRT_MAX_DIMS], steps[TRT_MAX_DIMS];
  int m = 0;
  for (int i = 0; i < rank; i++) {
    const SliceDim *sd = &dims[i];
    if (sd->start == 0 && sd->end == INT64_MAX && sd->step == 1) continue; /* whole */
    starts[m] = sd->start;
    ends[m] = sd->end;
    axes[m] = i;
    steps[m++] = sd->step;
  }
  if (m && t) {
    TrtTensor *in[5] = {t, tf_const_i64(imp, node, "starts", starts, m),
                        tf_const_i64(imp, node, "ends", ends, m),
                        tf_const_i64(imp, node, "axes", axes, m),
                        tf_const_i64(imp, node, "steps", steps, m)};
    t = tf_layer(imp, node, "slice", TRT_LAYER_SLICE, in, 5, NULL);
  }
  TrtAxesParams sq = {0};
  for (int i = 0; i < rank; i++)
    if (dims[i].shrink) sq.axes[sq.nb_axes++] = i;
  if (sq.nb_axes && t) t = tf_layer(imp, node, "shrink", TRT_LAYER_SQUEEZE, &t, 1, &sq);
  TrtAxesParams un = {0};
  for (int i = 0; i < out_pos; i++)
    if (new_at[i]) un.axes[un.nb_axes++] = i;
  if (un.nb_axes && t) t = tf_layer(imp, node, "new_axes", TRT_LAYER_UNSQUEEZE, &t, 1, &un);
  if (!m && !sq.nb_axes && !un.nb_axes) return tf_set_same(imp, node, 0, x); /* x[...] */
  return tf_set(imp, node, 0, t);
}

/* Fill(dims, value): the scalar broadcast to dims. */
TF_CONVERTER(tf_convert_fill) {
  TrtStatus s = tf_need_inputs(imp, node, 2, 2);
  if (s != TRT_STATUS_OK) return s;
  TrtTensor *in[2] = {tf_plain_in(imp, node, 1), tf_plain_in(imp, node, 0)};
  return tf_set(imp, node, 0, tf_layer(imp, node, NULL, TRT_LAYER_EXPAND, in, 2, NULL));
}
